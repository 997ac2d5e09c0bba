/*
 * asic.h: the switch ASIC at spine level: a capacity that caps the traffic of
 * the modules it serves (shared out in proportion to what each port offers)
 * and a power of static + energy per switched bit.
 */
#ifndef XPOSIM_ASIC_H
#define XPOSIM_ASIC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct asic_power_cfg {
  double static_w;
  double energy_per_bit_j;
} asic_power_cfg_t;

/* got[i] = want[i] scaled by min(1, capacity / sum(want)). Returns the sum. */
double asic_share(double capacity_bps, const double *want, size_t n, double *got);
double asic_power_w(const asic_power_cfg_t *c, double switched_bps);

#ifdef __cplusplus
}
#endif
#endif
