/* module.c: module power from traffic and junction temperature. */
#include "module.h"

#include <math.h>

double module_power_w(const module_power_cfg_t *c, double bps, double tj_c, double *slope) {
  double leak = 0, ds = 0;
  if (c->leak_ref_w > 0 && c->leak_doubling_k > 0) {
    double x = (tj_c - c->leak_ref_c) / c->leak_doubling_k;
    if (x > 60) x = 60; /* 2^60: far beyond any cap; keeps the value finite */
    leak = c->leak_ref_w * exp2(x);
    ds = leak * 0.69314718055994530942 / c->leak_doubling_k;
  }
  if (slope) *slope = ds;
  return c->static_w + c->energy_per_bit_j * bps + leak;
}
