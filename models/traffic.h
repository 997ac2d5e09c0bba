/*
 * traffic.h: offered load over time, as a fraction of a port's nominal rate.
 * Profiles are piecewise linear, or a day's cosine (low at night, high at
 * the peak, 24 h apart); the fabric holds the load constant between
 * change points and uses the exact mean of the profile over each such
 * interval, so carried bits are integrated exactly. During a ramp and all
 * through a daily profile the change points are the edges of the traffic
 * clock.
 * Not here: queues, bursts, collectives, trace replay (later issues).
 */
#ifndef XPOSIM_TRAFFIC_H
#define XPOSIM_TRAFFIC_H

#include "kernel/sim.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { TRAFFIC_CONSTANT = 0, TRAFFIC_STEP, TRAFFIC_RAMP, TRAFFIC_DAILY } traffic_kind_t;

/* A day, the period of the daily profile. */
#define TRAFFIC_DAY_PS (86400ull * 1000000000000ull)

typedef struct traffic_profile {
  traffic_kind_t kind;
  double load;           /* constant */
  double from, to;       /* step and ramp */
  sim_time_t at;         /* step time */
  sim_time_t start, end; /* ramp interval */
  double low, high;      /* daily: the night's and the peak's load */
  sim_time_t peak;       /* daily: the time of day of the peak */
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
