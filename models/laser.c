/* laser.c: laser bias at constant output against temperature (laser.h). */
#include "laser.h"

#include <math.h>

double laser_bias_a(const laser_cfg_t *c, double t_c) {
  double dt = t_c - c->temp_ref_c;
  double efficiency = 1 - c->slope_loss_per_k * dt; /* of the slope efficiency at temp_ref */
  if (efficiency <= 0) return c->max_a;
  double bias = c->threshold_a * exp(dt / c->t0_k) + (c->bias_a - c->threshold_a) / efficiency;
  return fmin(bias, c->max_a);
}
