/* traffic.c: load profiles and their exact integrals. */
#include "traffic.h"

#include <math.h>

#define TWO_PI 6.283185307179586476925286766559

/* The daily profile's phase at t: 0 at the peak, 2 pi a day. */
static double day_phase(const traffic_profile_t *p, sim_time_t t) {
  return TWO_PI * ((double)t - (double)p->peak) / (double)TRAFFIC_DAY_PS;
}

double traffic_load_at(const traffic_profile_t *p, sim_time_t t) {
  switch (p->kind) {
    case TRAFFIC_STEP:
      return t < p->at ? p->from : p->to;
    case TRAFFIC_DAILY:
      return p->low + (p->high - p->low) * 0.5 * (1 + cos(day_phase(p, t)));
    case TRAFFIC_RAMP:
      if (t <= p->start) return p->from;
      if (t >= p->end) return p->to;
      return p->from + (p->to - p->from) * (double)(t - p->start) / (double)(p->end - p->start);
    default:
      return p->load;
  }
}

/* Integral of the load over [t0, t1), in load·ps. */
static double traffic__integral(const traffic_profile_t *p, sim_time_t t0, sim_time_t t1) {
  if (t1 <= t0) return 0;
  if (p->kind == TRAFFIC_STEP) {
    if (t1 <= p->at) return p->from * (double)(t1 - t0);
    if (t0 >= p->at) return p->to * (double)(t1 - t0);
    return p->from * (double)(p->at - t0) + p->to * (double)(t1 - p->at);
  }
  if (p->kind == TRAFFIC_DAILY) { /* the mean, and the cosine's integral: D / 2 pi x (sin b - sin a) */
    double amp = 0.5 * (p->high - p->low), day = (double)TRAFFIC_DAY_PS;
    return (p->low + amp) * (double)(t1 - t0) + amp * day / (TWO_PI) * (sin(day_phase(p, t1)) - sin(day_phase(p, t0)));
  }
  if (p->kind == TRAFFIC_RAMP) {
    double sum = 0;
    sim_time_t a = t0, b;
    if (a < p->start) { /* flat before the ramp */
      b = t1 < p->start ? t1 : p->start;
      sum += p->from * (double)(b - a);
      a = b;
    }
    if (a < t1 && a < p->end) { /* on the ramp: trapezoid */
      b = t1 < p->end ? t1 : p->end;
      sum += 0.5 * (traffic_load_at(p, a) + traffic_load_at(p, b)) * (double)(b - a);
      a = b;
    }
    if (a < t1) sum += p->to * (double)(t1 - a);
    return sum;
  }
  return p->load * (double)(t1 - t0);
}

double traffic_mean(const traffic_profile_t *p, sim_time_t t0, sim_time_t t1) {
  if (t1 <= t0) return traffic_load_at(p, t0);
  return traffic__integral(p, t0, t1) / (double)(t1 - t0);
}

sim_time_t traffic_next_change(const traffic_profile_t *p, sim_time_t t, sim_time_t tick) {
  if (p->kind == TRAFFIC_STEP) return t < p->at ? p->at : UINT64_MAX;
  if (p->kind == TRAFFIC_DAILY) return (t / tick + 1) * tick;
  if (p->kind == TRAFFIC_RAMP) {
    if (t < p->start) return p->start;
    if (t >= p->end) return UINT64_MAX;
    sim_time_t edge = (t / tick + 1) * tick;
    return edge < p->end ? edge : p->end;
  }
  return UINT64_MAX;
}
