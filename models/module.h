/*
 * module.h: an XPO module's power at spine level:
 *   P = static + energy_per_bit * carried bit rate + leakage(Tj),
 *   leakage(Tj) = leak_ref * 2^((Tj - leak_ref_c) / leak_doubling_k),
 * never above the module's cap (the cap itself is at most 480 W, checked by
 * the loader). Per-component breakdowns come with issue 5.
 */
#ifndef XPOSIM_MODULE_H
#define XPOSIM_MODULE_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct module_power_cfg {
  double static_w;
  double energy_per_bit_j;
  double leak_ref_w; /* leakage at leak_ref_c */
  double leak_ref_c;
  double leak_doubling_k; /* leakage doubles every this many kelvin */
  double max_w;           /* cap */
} module_power_cfg_t;

/* Uncapped power at bit rate bps and junction tj_c; *slope_w_per_k gets dP/dTj. */
double module_power_w(const module_power_cfg_t *c, double bps, double tj_c, double *slope_w_per_k);

#ifdef __cplusplus
}
#endif
#endif
