/* asic.c: capacity sharing and power of the switch ASIC. */
#include "asic.h"

double asic_share(double capacity_bps, const double *want, size_t n, double *got) {
  double sum = 0;
  for (size_t i = 0; i < n; i++) sum += want[i];
  double f = sum > capacity_bps && sum > 0 ? capacity_bps / sum : 1.0;
  double total = 0;
  for (size_t i = 0; i < n; i++) {
    got[i] = want[i] * f;
    total += got[i];
  }
  return total;
}

double asic_power_w(const asic_power_cfg_t *c, double switched_bps) {
  return c->static_w + c->energy_per_bit_j * switched_bps;
}
