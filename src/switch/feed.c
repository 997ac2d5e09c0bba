/*
 * feed.c: the feed in time. The PSUs carry the bus; after one fails its
 * share is held for the hold-up time, then the others must carry the load. A
 * load beyond what the working PSUs deliver collapses the bus: every module
 * browns out (input below min_voltage) and restarts, training its lanes,
 * once the bus is back restart_hysteresis above min_voltage, after
 * restart_delay. The arithmetic (efficiency curves, the bus root) is in
 * models/power.c.
 */
#include "switch/feed.h"

#include <math.h>
#include <stdlib.h>

#include "power.h"

typedef struct feed_slot {
  const topo_module_type_t *mt;
  int present, powered;
  int held;                /* shut down by the firmware: no power until released */
  sim_time_t restart_at;   /* after a brownout, no retry before this */
  sim_time_t inrush_until; /* hot-plug soft start in progress until here */
  double input_v;          /* at the module's connector */
} feed_slot_t;

struct feed {
  switch_env_t *env;
  lanes_t *lanes;
  sim_signal_t *sig_lanes;
  feed_slot_t *slots;
  int psu_alive[TOPO_MAX_PSUS];
  int n_alive;           /* carrying the bus now */
  sim_time_t holdup_end; /* after a PSU fails, the bus holds until here */
  int holdup_psus;       /* PSUs counted while the hold-up lasts */
  double bus_v, bus_i, psu_in_w, psu_loss_w, busbar_w, cable_w, vr_w, out_w, budget_w;
  double fans_w;          /* the fan tray, straight off the bus */
  double fans_before_w;   /* ... before its last change */
  sim_time_t fans_change; /* when it changed (0: not since the last booking) */
  feed_energy_t e;
  double v_min;
  int brownouts;
};

feed_t *feed_new(switch_env_t *env, lanes_t *lanes, sim_signal_t *sig_lanes) {
  const topo_t *t = env->t;
  feed_t *F = calloc(1, sizeof *F);
  if (!F) abort();
  F->env = env;
  F->lanes = lanes;
  F->sig_lanes = sig_lanes;
  F->slots = calloc(env->ns ? env->ns : 1, sizeof *F->slots);
  if (!F->slots) abort();
  for (size_t s = 0; s < env->ns; s++) {
    F->slots[s].mt = &t->types[t->slots[s].type];
    F->slots[s].present = F->slots[s].powered = 1;
  }
  for (int i = 0; i < t->psu.count && i < TOPO_MAX_PSUS; i++) F->psu_alive[i] = 1;
  F->n_alive = t->psu.count;
  F->v_min = t->feed_v;
  return F;
}

void feed_free(feed_t *F) {
  if (!F) return;
  free(F->slots);
  free(F);
}

/* Cable drop per module at the bus voltage, then the bus through the
 * busbar: two passes. */
static double bus_and_cables(feed_t *F, const feed_loads_t *ld, double asic_in, double fans_w, double *cable_w) {
  const topo_t *t = F->env->t;
  double v_bus = t->feed_v, cable = 0;
  for (int pass = 0; pass < 2; pass++) {
    cable = 0;
    for (size_t s = 0; s < F->env->ns; s++) {
      feed_slot_t *sl = &F->slots[s];
      double p = ld->slot_w[s], v = bus_voltage(v_bus, t->cable_ohm, p);
      sl->input_v = isfinite(v) ? v : 0;
      if (sl->input_v > 0) cable += p * t->cable_ohm / sl->input_v * p / sl->input_v;
    }
    double load = ld->modules_w + cable + asic_in + fans_w;
    double v = bus_voltage(t->feed_v, t->busbar_ohm, load);
    v_bus = isfinite(v) ? v : 0;
  }
  *cable_w = cable;
  return v_bus;
}

void feed_set_fans_w(feed_t *F, double w) {
  if (!F->fans_change) F->fans_before_w = F->fans_w;
  F->fans_w = w;
  F->fans_change = sim_now(F->env->sim);
}

/* The fans' mean power over the interval (now - dt_s, now]: a change inside
 * it is booked at its time, so the fans' energy is exact. */
static double fans_mean_w(feed_t *F, sim_time_t now, double dt_s) {
  if (!(dt_s > 0) || !F->fans_change) return F->fans_w;
  double after_s = sim_to_s(now - F->fans_change);
  if (after_s > dt_s) after_s = dt_s;
  F->fans_change = 0;
  return (F->fans_before_w * (dt_s - after_s) + F->fans_w * after_s) / dt_s;
}

void feed_update(feed_t *F, const feed_loads_t *ld, double dt_s) {
  const topo_t *t = F->env->t;
  sim_time_t now = sim_now(F->env->sim);
  if (F->holdup_end && now >= F->holdup_end) F->holdup_end = 0;
  int n = F->n_alive + (F->holdup_end ? F->holdup_psus : 0);
  double asic_in = ld->asic_core_w / t->asic_vr_efficiency, cable, fans_w = fans_mean_w(F, now, dt_s);
  double v_bus = bus_and_cables(F, ld, asic_in, fans_w, &cable);
  double load = ld->modules_w + cable + asic_in + fans_w;
  F->bus_v = v_bus;
  F->bus_i = v_bus > 0 ? load / v_bus : 0;
  F->busbar_w = F->bus_i * F->bus_i * t->busbar_ohm;
  F->cable_w = cable;
  F->vr_w = asic_in - ld->asic_core_w;
  F->out_w = load + F->busbar_w;
  F->budget_w = n * t->psu.capacity_w;
  F->psu_in_w = psu_input_w(&t->psu, n, F->out_w);
  F->psu_loss_w = F->psu_in_w - F->out_w;
  if (dt_s > 0) {
    F->e.feed += F->psu_in_w * dt_s;
    F->e.psu += F->psu_loss_w * dt_s;
    F->e.busbar += F->busbar_w * dt_s;
    F->e.cable += cable * dt_s;
    F->e.vr += F->vr_w * dt_s;
    F->e.dcdc += ld->dcdc_w * dt_s;
    F->e.components += ld->components_w * dt_s;
    F->e.asic_core += ld->asic_core_w * dt_s;
    F->e.fans += fans_w * dt_s;
  }
}

/* Bring a module's lanes down (brownout) or up into training (power back). */
static void module_power_state(feed_t *F, size_t s, sim_time_t now, int powered) {
  feed_slot_t *sl = &F->slots[s];
  sl->powered = powered;
  lanes_module_up(F->lanes, s, sl->present, powered);
  for (int l = 0; l < sl->mt->lanes; l++)
    if (!lanes_dead(F->lanes, s, l)) lanes_set(F->lanes, s, l, now, powered);
}

void feed_check(feed_t *F, sim_time_t now) {
  const topo_t *t = F->env->t;
  int overload = F->out_w > F->budget_w * (1 + 1e-9);
  for (size_t s = 0; s < F->env->ns; s++) {
    feed_slot_t *sl = &F->slots[s];
    if (!sl->present) continue;
    if (sl->powered && (overload || sl->input_v < t->feed_min_v)) {
      F->brownouts++;
      sl->restart_at = now + (t->feed_min_v >= 0 ? sim_from_s(t->restart_delay_s) : 0);
      trace_log(F->env->log, now, "brownout", "slot[%zu] input %.2f V%s: the module shuts down", s,
                overload ? 0.0 : sl->input_v, overload ? " (the PSUs cannot carry the load)" : "");
      module_power_state(F, s, now, 0);
      signal_bump(F->sig_lanes);
    } else if (!sl->powered && !sl->held && !overload && now >= sl->restart_at &&
               F->bus_v >= t->feed_min_v + t->restart_hysteresis_v) {
      trace_log(F->env->log, now, "power-up", "slot[%zu] input back at %.2f V: lanes train", s, F->bus_v);
      module_power_state(F, s, now, 1);
      feed_inrush(F, s, now);
      signal_bump(F->sig_lanes);
    }
  }
}

int feed_psu(feed_t *F, int psu, int fail, sim_time_t now) {
  const topo_t *t = F->env->t;
  if (F->psu_alive[psu] == !fail) return 0;
  F->psu_alive[psu] = !fail;
  F->n_alive += fail ? -1 : 1;
  if (fail) {
    F->holdup_psus = F->holdup_end ? F->holdup_psus + 1 : 1;
    F->holdup_end = now + sim_from_s(t->psu.holdup_s);
  }
  trace_log(F->env->log, now, fail ? "psu-fail" : "psu-restore", "PSU %d: %d of %d working%s", psu, F->n_alive,
            t->psu.count, fail ? ", the bus holds for the hold-up time" : "");
  return 1;
}

void feed_module_hold(feed_t *F, size_t s, sim_time_t now, int off) {
  feed_slot_t *sl = &F->slots[s];
  sl->held = off;
  if (!off && !sl->present) sl->powered = 1; /* pulled: its insertion powers it up, as any insertion */
  if (off && sl->powered) {
    module_power_state(F, s, now, 0);
    signal_bump(F->sig_lanes);
  }
}

void feed_module_low_power(feed_t *F, size_t s, sim_time_t now, int on) {
  feed_slot_t *sl = &F->slots[s];
  if (!sl->present || !sl->powered) return;
  lanes_module_up(F->lanes, s, 1, !on);
  for (int l = 0; l < sl->mt->lanes; l++)
    if (!lanes_dead(F->lanes, s, l)) lanes_set(F->lanes, s, l, now, !on);
  signal_bump(F->sig_lanes);
}

double feed_module_input_v(const feed_t *F, size_t s) { return F->slots[s].input_v; }

void feed_module_present_set(feed_t *F, size_t s, int present) {
  F->slots[s].present = present;
  lanes_module_up(F->lanes, s, present, F->slots[s].powered);
}

void feed_inrush(feed_t *F, size_t s, sim_time_t now) {
  const module_power_cfg_t *mc = &F->slots[s].mt->power;
  if (!(mc->inrush_a > 0 && mc->inrush_s > 0)) return;
  F->slots[s].inrush_until = now + sim_from_s(mc->inrush_s);
  trace_log(F->env->log, now, "inrush", "slot[%zu] %.3g A for %.3g ms", s, mc->inrush_a, mc->inrush_s * 1e3);
}

int feed_module_present(const feed_t *F, size_t s) { return F->slots[s].present; }
int feed_module_powered(const feed_t *F, size_t s) { return F->slots[s].powered; }
int feed_inrush_active(const feed_t *F, size_t s, sim_time_t now) { return now < F->slots[s].inrush_until; }
double feed_out_w(const feed_t *F) { return F->out_w; }
int feed_psus_alive(const feed_t *F) { return F->n_alive; }
double feed_min_bus_v(const feed_t *F) { return F->v_min; }
int feed_brownouts(const feed_t *F) { return F->brownouts; }
feed_energy_t feed_energy(const feed_t *F) { return F->e; }

/* The KPI is the lowest bus voltage power.csv shows while the bus stood. */
void feed_sample(feed_t *F) {
  if (F->bus_v > 0 && F->bus_v < F->v_min) F->v_min = F->bus_v;
}

static double col_bus(const void *p, size_t i) {
  const feed_t *F = p;
  switch (i) {
    case 0:
      return F->bus_v;
    case 1:
      return F->bus_i;
    case 2:
      return F->psu_in_w;
    case 3:
      return F->psu_loss_w;
    case 4:
      return F->busbar_w;
    case 5:
      return F->cable_w;
    case 6:
      return F->vr_w;
    case 7:
      return (double)(F->n_alive + (F->holdup_end ? F->holdup_psus : 0));
    default:
      return F->budget_w;
  }
}
static double col_input_v(const void *p, size_t s) { return ((const feed_t *)p)->slots[s].input_v; }

void feed_columns(const topo_t *t, columns_t *c, int part) {
  static const struct {
    const char *name, *unit;
  } bus[] = {{"bus_v", "V"},      {"bus_current_a", "A"}, {"psu_input_w", "W"},
             {"psu_loss_w", "W"}, {"busbar_loss_w", "W"}, {"cable_loss_w", "W"},
             {"vr_loss_w", "W"},  {"psus_working", ""},   {"budget_w", "W"}};
  for (size_t i = 0; i < sizeof bus / sizeof bus[0]; i++)
    columns_add(c, TRACE_POWER, column_order(0, 0, (unsigned)i), bus[i].unit, part, col_bus, i, "%s", bus[i].name);
  for (size_t s = 0; s < t->nslots; s++)
    columns_add(c, TRACE_POWER, column_order(1, s, 1), "V", part, col_input_v, s, "slot%zu_input_v", s);
}
