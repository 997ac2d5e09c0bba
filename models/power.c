/* power.c: component power, PSUs, bus voltage, management bus, PID. */
#include "power.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/numeric.h"

const char *module_kind_name(module_kind_t k) { return k == MODULE_LPO ? "lpo" : k == MODULE_LRO ? "lro" : "dsp"; }

static power_component_cfg_t comp(const char *name, const char *src, double st, double lane, double epb_pj,
                                  double leak) {
  power_component_cfg_t c;
  memset(&c, 0, sizeof c);
  snprintf(c.name, sizeof c.name, "%s", name);
  snprintf(c.source, sizeof c.source, "%s", src);
  c.static_w = st;
  c.per_lane_w = lane;
  c.energy_per_bit_j = epb_pj * 1e-12;
  c.leak_ref_w = leak;
  c.leak_ref_c = 60;
  c.leak_doubling_k = 20;
  return c;
}

/* [est] sized so a DSP XPO-224 module at 0.9 load draws about 200 W, close to
 * 1.6T OSFP's 17 pJ/bit scaled to 12.8 Tb/s (docs/sources.md); LRO drops the
 * receive DSP, LPO the DSP and host-side SerDes, with stronger linear drivers. */
void module_components_defaults(module_kind_t k, module_power_cfg_t *c) {
  memset(c, 0, sizeof *c);
  c->kind = k;
  c->dcdc_efficiency = 0.977; /* 54 -> 12 V at full load (docs/sources.md) */
  c->inrush_a = 10;           /* [est] soft-start charging the input capacitors */
  c->inrush_s = 5e-3;         /* [est] */
  c->max_w = 480;             /* XPO MSA: up to 480 W per module */
  switch (k) {
    case MODULE_DSP:
      c->c[c->n++] = comp("dsp", "dsp", 25, 0, 5.0, 12);
      c->c[c->n++] = comp("serdes", "dsp", 0, 0.50, 0, 0);
      c->c[c->n++] = comp("laser_driver", "laser_driver", 0, 0.60, 1.0, 0);
      c->c[c->n++] = comp("tia", "tia", 0, 0.20, 0, 0);
      c->c[c->n++] = comp("controller", "controller", 5, 0, 0, 0);
      break;
    case MODULE_LRO:
      c->c[c->n++] = comp("dsp", "dsp", 12, 0, 2.5, 6);
      c->c[c->n++] = comp("serdes", "dsp", 0, 0.35, 0, 0);
      c->c[c->n++] = comp("laser_driver", "laser_driver", 0, 0.60, 1.0, 0);
      c->c[c->n++] = comp("tia", "tia", 0, 0.22, 0, 0);
      c->c[c->n++] = comp("controller", "controller", 5, 0, 0, 0);
      break;
    default:
      c->c[c->n++] = comp("laser_driver", "laser_driver", 0, 0.75, 1.0, 0);
      c->c[c->n++] = comp("tia", "tia", 0, 0.25, 0, 0);
      c->c[c->n++] = comp("controller", "controller", 5, 0, 0, 0);
      break;
  }
}

double power_component_w(const power_component_cfg_t *c, double lanes, double bps, double tj, double *slope) {
  double leak = 0, ds = 0;
  if (c->leak_ref_w > 0 && c->leak_doubling_k > 0) {
    double x = (tj - c->leak_ref_c) / c->leak_doubling_k;
    if (x > 60) x = 60;
    leak = c->leak_ref_w * exp2(x);
    ds = leak * 0.69314718055994530942 / c->leak_doubling_k;
  }
  if (slope) *slope = ds;
  return c->static_w + c->per_lane_w * lanes + c->energy_per_bit_j * bps + leak;
}

double module_input_w(const module_power_cfg_t *c, double lanes, double bps, double tj_c) {
  double sum = 0;
  for (int i = 0; i < c->n; i++) sum += power_component_w(&c->c[i], lanes, bps, tj_c, NULL);
  return sum / c->dcdc_efficiency;
}

double psu_efficiency(const psu_cfg_t *c, double x) {
  int n = c->npoints;
  if (n <= 0) return 1;
  return interp_linear(c->load, c->eff, 1, (size_t)n, x);
}

double psu_input_w(const psu_cfg_t *c, int n, double p_out) {
  if (n <= 0 || p_out <= 0) return 0;
  double each = p_out / n;
  return n * each / psu_efficiency(c, each / c->capacity_w);
}

double bus_voltage(double v_set, double r, double p) {
  if (r <= 0 || p <= 0) return v_set;
  double disc = v_set * v_set - 4 * p * r;
  if (disc < 0) return NAN;
  return 0.5 * (v_set + sqrt(disc)); /* the stable, high-voltage root */
}

const char *mgmt_bus_name(mgmt_bus_t b) {
  static const char *const n[] = {"i2c-100k", "i2c-400k", "i2c-1m", "i3c"};
  return (unsigned)b < 4 ? n[b] : "?";
}

double mgmt_bus_hz(mgmt_bus_t b) {
  static const double hz[] = {100e3, 400e3, 1e6, 12.5e6}; /* I2C standard, fast, fast-mode plus; I3C SDR */
  return (unsigned)b < 4 ? hz[b] : 100e3;
}

double mgmt_read_s(mgmt_bus_t b, int bytes) { return (9.0 * (3 + bytes) + 3) / mgmt_bus_hz(b); }

double pid_step(pid_t_ *p, double err, double dt) {
  double d = p->started && dt > 0 ? (err - p->prev_err) / dt : 0;
  p->started = 1;
  p->prev_err = err;
  double trial = p->integral + err * dt;
  double out = p->kp * err + p->ki * trial + p->kd * d;
  if (out > p->out_max)
    out = p->out_max;
  else if (out < p->out_min)
    out = p->out_min;
  else
    p->integral = trial; /* anti-windup: integrate only when not saturated */
  return out;
}
