/*
 * air.c: the fan tray and the air around the devices (air.h).
 */
#include "switch/air.h"

#include <math.h>
#include <stdlib.h>

#include "fan.h"

struct air {
  switch_env_t *env;
  feed_t *feed;
  sim_signal_t *sig_air;
  int working[TOPO_MAX_FANS];
  int n_working;
  double flow_m3s, dp_pa, fan_w; /* the tray's operating point */
  double *around_c;              /* per device */
  double *g_w_per_k;             /* per device: plate to the air around it */
};

/* A device's plate config: a module's type's, or the ASICs'. */
static const thermal_plate_cfg_t *plate_cfg(const switch_env_t *env, size_t device) {
  const topo_t *t = env->t;
  return device < env->ns ? &t->types[t->slots[device].type].thermal : &t->asic_thermal;
}

static const sink_cfg_t *sink_cfg(const switch_env_t *env, size_t device) {
  const topo_t *t = env->t;
  return device < env->ns ? &t->types[t->slots[device].type].sink : &t->asic_sink;
}

/* The air through one device's heat sink, m³/s, and the area it passes. */
static double device_flow(const air_t *A, size_t i, double *area_m2) {
  const topo_t *t = A->env->t;
  const sink_cfg_t *sk = sink_cfg(A->env, i);
  if (i < A->env->ns) { /* a column's share, through its open face unless the sink names a duct */
    *area_m2 =
        sk->flow_area_m2 > 0 ? sk->flow_area_m2 : t->cage.module_width_m * t->cage.module_height_m * t->fans.open_area;
    return A->flow_m3s / t->cage.cols;
  }
  *area_m2 = sk->flow_area_m2;
  return A->flow_m3s / (double)A->env->na;
}

/* The operating point of the working fans; every conductance follows it. */
static void solve_fans(air_t *A) {
  const topo_t *t = A->env->t;
  const fan_cfg_t *fc = &t->fans;
  A->flow_m3s = fan_flow_m3_per_s(fc, A->n_working, fc->speed);
  A->dp_pa = fan_pressure_pa(fc, A->flow_m3s);
  A->fan_w = fan_power_w(fc, A->n_working, fc->speed);
  if (A->feed) feed_set_fans_w(A->feed, A->fan_w);
  for (size_t i = 0; i < A->env->ns + A->env->na; i++) {
    double r = plate_cfg(A->env, i)->r_plate_air_k_per_w, g = r > 0 ? 1.0 / r : 0;
    if (fc->count > 0 && topo_device_air_cooled(t, i)) { /* its sink beside the plate's own still-air path */
      double area, q = device_flow(A, i, &area), rs = sink_r_k_per_w(sink_cfg(A->env, i), area > 0 ? q / area : 0);
      g += isfinite(rs) ? 1.0 / rs : 0;
    }
    A->g_w_per_k[i] = g;
  }
}

air_t *air_new(switch_env_t *env, feed_t *feed, sim_signal_t *sig_air) {
  air_t *A = calloc(1, sizeof *A);
  if (!A) abort();
  A->env = env;
  A->feed = feed;
  A->sig_air = sig_air;
  size_t nd = env->ns + env->na;
  A->around_c = calloc(nd + 1, sizeof *A->around_c);
  A->g_w_per_k = calloc(nd + 1, sizeof *A->g_w_per_k);
  if (!A->around_c || !A->g_w_per_k) abort();
  for (int f = 0; f < env->t->fans.count; f++) A->working[f] = 1;
  A->n_working = env->t->fans.count;
  for (size_t i = 0; i < nd; i++) A->around_c[i] = env->t->air_c;
  solve_fans(A);
  return A;
}

void air_free(air_t *A) {
  if (!A) return;
  free(A->around_c);
  free(A->g_w_per_k);
  free(A);
}

/* Still air, or air moved by something outside the switch: the legacy
 * column capacity of coolant.air_capacity; the ASICs see the ambient. */
static void update_without_fans(air_t *A, const double *q_air_w) {
  const topo_t *t = A->env->t;
  if (!(t->air_capacity_w_per_k > 0)) return;
  for (size_t i = 0; i < A->env->ns; i++)
    for (size_t j = 0; j < A->env->ns; j++)
      if (t->slots[j].col == t->slots[i].col && t->slots[j].row < t->slots[i].row)
        A->around_c[i] += q_air_w[j] / t->air_capacity_w_per_k;
}

void air_update(air_t *A, const double *q_air_w) {
  const topo_t *t = A->env->t;
  size_t ns = A->env->ns, na = A->env->na;
  for (size_t i = 0; i < ns + na; i++) A->around_c[i] = t->air_c;
  if (t->fans.count == 0) {
    update_without_fans(A, q_air_w);
    return;
  }
  /* temperature rise = heat / (mass flow x c_p), the air's density at the inlet */
  double cap = air_density_kg_per_m3(t->air_c) * air_cp_j_per_kg_k() * A->flow_m3s, modules_w = 0;
  double col_cap = cap / t->cage.cols;
  for (size_t i = 0; i < ns; i++) {
    modules_w += q_air_w[i];
    for (size_t j = 0; j < ns; j++)
      if (t->slots[j].col == t->slots[i].col && t->slots[j].row < t->slots[i].row)
        A->around_c[i] += col_cap > 0 ? q_air_w[j] / col_cap : 0;
  }
  for (size_t a = 0; a < na; a++) A->around_c[ns + a] += cap > 0 ? modules_w / cap : 0;
}

double air_around_c(const air_t *A, size_t device) { return A->around_c[device]; }
double air_conductance_w_per_k(const air_t *A, size_t device) { return A->g_w_per_k[device]; }
double air_flow_m3_per_s(const air_t *A) { return A->flow_m3s; }

void air_on_fan_event(void *part, const scn_event_t *e, sim_time_t now) {
  air_t *A = part;
  int f = e->unit, fail = (int)e->kind == FAN_EVENT_FAIL;
  if (f < 0 || f >= A->env->t->fans.count || A->working[f] == !fail) return;
  A->working[f] = !fail;
  A->n_working += fail ? -1 : 1;
  solve_fans(A);
  trace_log(A->env->log, now, fail ? "fan-fail" : "fan-restore", "fan %d: %d of %d fans run, %.4g CFM at %.4g Pa", f,
            A->n_working, A->env->t->fans.count, A->flow_m3s / (0.028316846592 / 60), A->dp_pa);
  if (A->sig_air) signal_bump(A->sig_air);
}

/* ---- traces ---- */

static double col_switch(const void *p, size_t k) {
  const air_t *A = p;
  return k == 0 ? A->flow_m3s / (0.028316846592 / 60) : k == 1 ? A->dp_pa : k == 2 ? A->fan_w : A->n_working;
}
static double col_air(const void *p, size_t i) { return ((const air_t *)p)->around_c[i]; }

void air_columns(const topo_t *t, columns_t *c, int part) {
  if (t->fans.count == 0) return; /* no fan tray: nothing of its own to trace */
  static const struct {
    const char *name, *unit;
  } sw[] = {{"air_flow_cfm", "CFM"}, {"chassis_dp_pa", "Pa"}, {"fan_power_w", "W"}, {"fans_working", ""}};
  for (size_t k = 0; k < 4; k++)
    columns_add(c, TRACE_SWITCH, column_order(0, 0, 20 + (unsigned)k), sw[k].unit, part, col_switch, k, "%s",
                sw[k].name);
  for (size_t i = 0; i < t->nslots + (size_t)t->n_asics; i++)
    columns_add(c, TRACE_THERMAL, column_order(0, i, THERMAL_MAX_NODES), "C", part, col_air, i, "%s%zu_air_c",
                i < t->nslots ? "slot" : "asic", i < t->nslots ? i : i - t->nslots);
}
