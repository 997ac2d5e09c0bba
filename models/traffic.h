/*
 * traffic.h: offered load over time, as a fraction of a port's nominal rate.
 * Profiles are piecewise linear; the fabric holds the load constant between
 * change points and uses the exact mean of the profile over each such
 * interval, so carried bits are integrated exactly. During a ramp the change
 * points are the edges of the traffic clock.
 * Not here: queues, bursts, collectives, trace replay (later issues).
 */
#ifndef XPOSIM_TRAFFIC_H
#define XPOSIM_TRAFFIC_H

#include "kernel/sim.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { TRAFFIC_CONSTANT = 0, TRAFFIC_STEP, TRAFFIC_RAMP } traffic_kind_t;

typedef struct traffic_profile {
  traffic_kind_t kind;
  double load;           /* constant */
  double from, to;       /* step and ramp */
  sim_time_t at;         /* step time */
  sim_time_t start, end; /* ramp interval */
} traffic_profile_t;

double traffic_load_at(const traffic_profile_t *p, sim_time_t t);
/* Exact mean load over [t0, t1) (t1 > t0). */
double traffic_mean(const traffic_profile_t *p, sim_time_t t0, sim_time_t t1);
/* The next time after t at which the held load changes, given the traffic
 * clock period tick; UINT64_MAX when it never changes again. */
sim_time_t traffic_next_change(const traffic_profile_t *p, sim_time_t t, sim_time_t tick);

#ifdef __cplusplus
}
#endif
#endif
