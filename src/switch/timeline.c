/*
 * timeline.c: the scenario in time: each event, at its time, becomes a call
 * to the part it concerns and a line of events.log.
 */
#include "switch/timeline.h"

#include <stdio.h>
#include <stdlib.h>

struct timeline {
  switch_env_t *env;
  timeline_wiring_t w;
  sim_proc_t *p_scenario;
  size_t next_event;
  struct {
    timeline_handler_fn fn;
    void *part;
  } on[SCN_MAX_KINDS];
};

static void on_event(void *ctx, const scn_event_t *e, sim_time_t now);

timeline_t *timeline_new(switch_env_t *env, const timeline_wiring_t *w) {
  timeline_t *T = calloc(1, sizeof *T);
  if (!T) abort();
  T->env = env;
  T->w = *w;
  for (int k = 0; k < SCN_PART_FIRST; k++) timeline_on(T, k, on_event, T);
  return T;
}

void timeline_on(timeline_t *T, int kind, timeline_handler_fn fn, void *part) {
  if (kind < 0 || kind >= SCN_MAX_KINDS || T->on[kind].fn) abort(); /* a wiring bug */
  T->on[kind].fn = fn;
  T->on[kind].part = part;
}

void timeline_free(timeline_t *T) { free(T); }

/* The coolant changed: solve again and say so. */
static void coolant_changed(timeline_t *T, sim_time_t now) {
  loops_solve(T->w.loops);
  loops_log(T->w.loops, now);
}

static void lanes_range(const timeline_t *T, const scn_event_t *e, int *lo, int *hi) {
  const topo_t *t = T->env->t;
  *lo = e->lane < 0 ? 0 : e->lane;
  *hi = e->lane < 0 ? t->types[t->slots[e->slot].type].lanes : e->lane + 1;
}

static void on_psu(timeline_t *T, const scn_event_t *e, sim_time_t now) {
  int fail = e->kind == SCN_PSU_FAIL;
  if (!feed_psu(T->w.feed, e->unit, fail, now)) return; /* already so */
  if (fail) firmware_fault_seen(T->w.firmware, now);
  firmware_wake(T->w.firmware, now);
}

static void on_lanes(timeline_t *T, const scn_event_t *e, sim_time_t now) {
  int lo, hi;
  lanes_range(T, e, &lo, &hi);
  size_t s = (size_t)e->slot;
  switch (e->kind) {
    case SCN_LANE_DOWN:
      firmware_fault_seen(T->w.firmware, now);
      trace_log(T->env->log, now, "fault", "slot[%d] lanes %d..%d dead", e->slot, lo, hi - 1);
      for (int l = lo; l < hi; l++) {
        lanes_set_dead(T->w.lanes, s, l, 1);
        lanes_set(T->w.lanes, s, l, now, 0);
      }
      break;
    case SCN_LANE_UP:
      trace_log(T->env->log, now, "repair", "slot[%d] lanes %d..%d repaired", e->slot, lo, hi - 1);
      for (int l = lo; l < hi; l++) {
        lanes_set_dead(T->w.lanes, s, l, 0);
        if (feed_module_present(T->w.feed, s) && lanes_state(T->w.lanes, s, l) == LINK_DOWN)
          lanes_set(T->w.lanes, s, l, now, 1);
      }
      break;
    default: /* SCN_SNR_DROP */
      firmware_fault_seen(T->w.firmware, now);
      trace_log(T->env->log, now, "fault", "slot[%d] lanes %d..%d SNR down %.3g dB", e->slot, lo, hi - 1, e->value);
      for (int l = lo; l < hi; l++) lanes_snr_drop(T->w.lanes, s, l, now, e->value);
      break;
  }
}

static void on_module(timeline_t *T, const scn_event_t *e, sim_time_t now) {
  size_t s = (size_t)e->slot;
  int pull = e->kind == SCN_MODULE_PULL, lanes = T->env->t->types[T->env->t->slots[s].type].lanes;
  if (feed_module_present(T->w.feed, s) == !pull) return; /* already so */
  trace_log(T->env->log, now, pull ? "module-pull" : "module-insert", "slot[%d]", e->slot);
  lanes_integrate(T->w.lanes, s, now);
  feed_module_present_set(T->w.feed, s, !pull);
  for (int l = 0; l < lanes; l++)
    if (pull || !lanes_dead(T->w.lanes, s, l)) lanes_set(T->w.lanes, s, l, now, !pull);
  if (!pull) feed_inrush(T->w.feed, s, now);
  coolant_changed(T, now);
  signal_bump(T->w.sig_lanes);
}

static void on_coolant(timeline_t *T, const scn_event_t *e, sim_time_t now) {
  const topo_t *t = T->env->t;
  firmware_fault_seen(T->w.firmware, now);
  switch (e->kind) {
    case SCN_SUPPLY:
      if (e->loop >= 0)
        trace_log(T->env->log, now, "supply", "loop %s: CDU supply set to %.4g C", t->loops[e->loop].name, e->value);
      else
        trace_log(T->env->log, now, "supply", "CDU supply set to %.4g C", e->value);
      loops_supply_change(T->w.loops, now, e->loop, e->value);
      return;
    case SCN_BLOCKED:
      loops_block(T->w.loops, (size_t)e->slot, e->value);
      trace_log(T->env->log, now, "blocked", "slot[%d] branch resistance x %.4g", e->slot, e->value);
      break;
    default: /* SCN_LEAK */
      loops_leak(T->w.loops, (size_t)e->loop, e->column, e->value2);
      trace_log(T->env->log, now, "leak", "loop %s: supply header at column %d", t->loops[e->loop].name, e->column);
      break;
  }
  coolant_changed(T, now);
}

/* The built-in kinds, each handed to the parts it concerns. */
static void on_event(void *ctx, const scn_event_t *e, sim_time_t now) {
  timeline_t *T = ctx;
  const topo_t *t = T->env->t;
  switch (e->kind) {
    case SCN_LOAD: {
      size_t n;
      fabric_set_load(T->w.fabric, e->slots, e->value, &n);
      trace_log(T->env->log, now, "load", "%.4g of port rate on %zu slots", e->value, n);
      fabric_wake_traffic(T->w.fabric, now);
      break;
    }
    case SCN_PSU_FAIL:
    case SCN_PSU_RESTORE:
      on_psu(T, e, now);
      break;
    case SCN_PUMP_FAIL:
    case SCN_PUMP_RESTORE: {
      int fail = e->kind == SCN_PUMP_FAIL;
      if (fail) firmware_fault_seen(T->w.firmware, now);
      loops_pump(T->w.loops, (size_t)e->loop, e->unit, fail);
      trace_log(T->env->log, now, fail ? "pump-fail" : "pump-restore", "loop %s pump %d", t->loops[e->loop].name,
                e->unit);
      coolant_changed(T, now);
      break;
    }
    case SCN_SUPPLY:
    case SCN_BLOCKED:
    case SCN_LEAK:
      on_coolant(T, e, now);
      break;
    case SCN_LANE_DOWN:
    case SCN_LANE_UP:
    case SCN_SNR_DROP:
      on_lanes(T, e, now);
      break;
    case SCN_MODULE_PULL:
    case SCN_MODULE_INSERT:
      on_module(T, e, now);
      break;
    default: /* a part's: not routed here */
      break;
  }
}

static void on_scenario(sim_t *sim, void *ctx) {
  timeline_t *T = ctx;
  const topo_t *t = T->env->t;
  sim_time_t now = sim_now(sim);
  while (T->next_event < t->nscenario && t->scenario[T->next_event].at <= now) {
    const scn_event_t *e = &t->scenario[T->next_event++];
    /* every kind the loader accepts has its handler: a part's kind without one is a wiring bug */
    if (!T->on[e->kind].fn) {
      fprintf(stderr, "xposim: internal error: no part handles scenario events of kind %d\n", (int)e->kind);
      abort();
    }
    plates_catch_up(T->w.plates, now); /* the thermal state up to now, with the inputs before the event */
    T->on[e->kind].fn(T->on[e->kind].part, e, now);
  }
  if (T->next_event < t->nscenario) sim_wake_at(T->p_scenario, t->scenario[T->next_event].at);
}

void timeline_start(timeline_t *T) {
  T->p_scenario = sim_process(T->env->sim, "scenario", PRIO_SCENARIO, on_scenario, T);
}

void timeline_arm(timeline_t *T) {
  if (T->env->t->nscenario) sim_wake_at(T->p_scenario, T->env->t->scenario[0].at);
}
