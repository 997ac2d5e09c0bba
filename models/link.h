/*
 * link.h: the link state machine of one lane.
 *
 *   down ──(repair / insert)──► training ──(done, BER ok)──► up
 *   training ──(done, BER too high)──► training (again)
 *   up ──(>= degrade_ucw uncorrectable codewords within window)──► degraded
 *   degraded ──(hold over, window now clear)──► up
 *   degraded ──(hold over, still failing)──► retraining (a flap) ──► up / retraining
 *
 * Up and degraded carry traffic; the others do not. Pure: the caller keeps
 * time, draws the errors and logs the transitions.
 */
#ifndef XPOSIM_LINK_H
#define XPOSIM_LINK_H

#include <stdint.h>

#include "kernel/sim.h"

#ifdef __cplusplus
extern "C" {
#endif

#include "xpo_limits.h"

typedef enum { LINK_DOWN = 0, LINK_TRAINING, LINK_UP, LINK_DEGRADED, LINK_RETRAINING } link_state_t;

typedef struct link_cfg {
  sim_time_t training;     /* PAM-4 training: seconds */
  sim_time_t retraining;   /* re-equalisation after a flap */
  sim_time_t window;       /* uncorrectable-codeword counting window */
  sim_time_t degrade_hold; /* time in degraded before deciding */
  int degrade_ucw;         /* uncorrectable codewords in a window that degrade the link */
  double train_ber_max;    /* training succeeds only below this pre-FEC BER */
} link_cfg_t;

typedef struct link {
  link_state_t st;
  sim_time_t timer; /* absolute time of the pending decision, UINT64_MAX if none */
  /* the times of its last uncorrectable codewords: LINK_MAX_UCW entries its
   * owner provides before link_init_up (a switch's lanes share one block,
   * whose pages are touched only by the lanes that see errors); an entry is
   * read only after it is written */
  sim_time_t *ring;
  int nring, iring;
  uint64_t flaps;
} link_t;

const char *link_state_name(link_state_t s);
static inline int link_carries(const link_t *l) { return l->st == LINK_UP || l->st == LINK_DEGRADED; }

void link_init_up(link_t *l);
void link_set_down(link_t *l);
void link_start_training(link_t *l, const link_cfg_t *c, sim_time_t now);
/* Uncorrectable codewords in (now - window, now]. */
int link_recent_ucw(const link_t *l, const link_cfg_t *c, sim_time_t now);
/* An uncorrectable codeword at now. Returns 1 if the state changed. */
int link_on_ucw(link_t *l, const link_cfg_t *c, sim_time_t now);
/* The timer came due; ber is the lane's current pre-FEC BER. Returns 1 if
 * the state changed (training repeated counts as no change). */
int link_on_timer(link_t *l, const link_cfg_t *c, sim_time_t now, double ber);

#ifdef __cplusplus
}
#endif
#endif
