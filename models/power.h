/*
 * power.h: a module's power by component, the 40-60 V feed, and the pieces
 * of switch firmware that are plain arithmetic (management-bus transaction
 * time, a PID controller).
 *
 * Module: components (DSP core, SerDes, laser/driver, TIA, controller), each
 *   P = static + per_lane × active lanes + energy_per_bit × bits/s
 *       + leak_ref × 2^((Tj - leak_ref_c) / doubling)
 * with Tj the junction of the heat source it sits on; the module's input is
 * the sum over its DC-DC converter's efficiency; the difference heats the
 * module's plate. Kinds DSP (fully retimed), LRO (half-retimed, linear
 * receive) and LPO (linear, no DSP) differ in their default components.
 *
 * Feed: N PSUs share the load; each has an efficiency curve over its load
 * fraction (linear between points). The bus at the switch sags with the
 * current through the busbar; each module sees a further drop in its cable.
 */
#ifndef XPOSIM_POWER_H
#define XPOSIM_POWER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#include "xpo_limits.h"

typedef enum { MODULE_DSP = 0, MODULE_LRO, MODULE_LPO } module_kind_t;

typedef struct power_component_cfg {
  char name[64];   /* TOPO_NAME_MAX + 1 */
  char source[64]; /* the thermal source (by name) whose junction it heats */
  double static_w, per_lane_w, energy_per_bit_j;
  double leak_ref_w, leak_ref_c, leak_doubling_k;
} power_component_cfg_t;

typedef struct module_power_cfg {
  module_kind_t kind;
  int n;
  power_component_cfg_t c[POWER_MAX_COMPONENTS];
  double dcdc_efficiency;    /* 54 V -> internal rails */
  double inrush_a, inrush_s; /* hot plug: extra current for a soft-start time, burnt in the module */
  double max_w;              /* cap on the module's input power (the XPO limit is 480 W) */
} module_power_cfg_t;

const char *module_kind_name(module_kind_t k);
/* Defaults for a kind, sized for 64 lanes (docs/models.md gives the basis). */
void module_components_defaults(module_kind_t k, module_power_cfg_t *c);
/* One component's power and its slope dP/dTj. */
/* lanes: active lanes (a fraction for lanes that draw less, such as at half rate). */
double power_component_w(const power_component_cfg_t *c, double lanes, double bps, double tj_c, double *slope);
/* The module's input power, uncapped, with every component at junction
 * temperature tj_c: the components' sum through the DC-DC converter. */
double module_input_w(const module_power_cfg_t *c, double lanes, double bps, double tj_c);

typedef struct psu_cfg {
  int count;         /* installed */
  double capacity_w; /* each, at its output */
  int npoints;       /* efficiency curve: load fraction -> efficiency */
  double load[POWER_MAX_CURVE], eff[POWER_MAX_CURVE];
  double holdup_s; /* output held after a PSU fails before the others must carry it */
} psu_cfg_t;

/* Efficiency at a load fraction (linear between points, clamped). */
double psu_efficiency(const psu_cfg_t *c, double load_fraction);
/* Input power of n working PSUs sharing p_out equally. */
double psu_input_w(const psu_cfg_t *c, int n_working, double p_out_w);

/* Bus voltage at the switch for a load p_w drawn through a busbar of
 * resistance r from a source held at v_set: the lower root of
 * V^2 - v_set V + p r = 0. NaN when the load exceeds what the bus can
 * deliver (v_set^2 / 4r): the bus collapses. */
double bus_voltage(double v_set, double r_ohm, double p_w);

/* Management bus. */
typedef enum { MGMT_I2C_100K = 0, MGMT_I2C_400K, MGMT_I2C_1M, MGMT_I3C } mgmt_bus_t;
const char *mgmt_bus_name(mgmt_bus_t b);
double mgmt_bus_hz(mgmt_bus_t b);
/* Time of one register read of `bytes` data bytes: start, address+W, register,
 * repeated start, address+R, data, stop; 9 bit times per byte (8 bits plus
 * ACK, or T-bit on I3C SDR) plus 3 for start, repeated start and stop. */
double mgmt_read_s(mgmt_bus_t b, int bytes);

/* A PID controller with output limits and anti-windup (the integral stops
 * while the output is saturated). */
typedef struct pid {
  double kp, ki, kd, out_min, out_max;
  double integral, prev_err;
  int started;
} pid_t_;
double pid_step(pid_t_ *p, double err, double dt_s);

#ifdef __cplusplus
}
#endif
#endif
