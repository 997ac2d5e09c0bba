/* link.c: lane link state machine. */
#include "link.h"

const char *link_state_name(link_state_t s) {
  static const char *const n[] = {"down", "training", "up", "degraded", "retraining"};
  return (unsigned)s < 5 ? n[s] : "?";
}

void link_init_up(link_t *l) {
  l->st = LINK_UP;
  l->timer = UINT64_MAX;
  l->nring = l->iring = 0;
  l->flaps = 0;
}

void link_set_down(link_t *l) {
  l->st = LINK_DOWN;
  l->timer = UINT64_MAX;
  l->nring = l->iring = 0;
}

void link_start_training(link_t *l, const link_cfg_t *c, sim_time_t now) {
  l->st = LINK_TRAINING;
  l->timer = now + c->training;
  l->nring = l->iring = 0;
}

int link_recent_ucw(const link_t *l, const link_cfg_t *c, sim_time_t now) {
  int n = 0;
  for (int i = 0; i < l->nring; i++)
    if (l->ring[i] + c->window > now) n++;
  return n;
}

int link_on_ucw(link_t *l, const link_cfg_t *c, sim_time_t now) {
  if (!link_carries(l)) return 0;
  int cap = c->degrade_ucw < LINK_MAX_UCW ? c->degrade_ucw : LINK_MAX_UCW;
  if (cap < 1) cap = 1;
  l->ring[l->iring] = now;
  l->iring = (l->iring + 1) % cap;
  if (l->nring < cap) l->nring++;
  if (l->st == LINK_UP && link_recent_ucw(l, c, now) >= c->degrade_ucw) {
    l->st = LINK_DEGRADED;
    l->timer = now + c->degrade_hold;
    return 1;
  }
  return 0;
}

int link_on_timer(link_t *l, const link_cfg_t *c, sim_time_t now, double ber) {
  if (now < l->timer) return 0;
  switch (l->st) {
    case LINK_TRAINING:
    case LINK_RETRAINING:
      if (ber <= c->train_ber_max) {
        l->st = LINK_UP;
        l->timer = UINT64_MAX;
        l->nring = l->iring = 0;
        return 1;
      }
      l->timer = now + (l->st == LINK_TRAINING ? c->training : c->retraining);
      return 0;
    case LINK_DEGRADED:
      if (link_recent_ucw(l, c, now) >= c->degrade_ucw) {
        l->st = LINK_RETRAINING;
        l->timer = now + c->retraining;
        l->flaps++;
      } else {
        l->st = LINK_UP;
        l->timer = UINT64_MAX;
      }
      return 1;
    default:
      l->timer = UINT64_MAX;
      return 0;
  }
}
