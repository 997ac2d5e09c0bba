/*
 * switch.c: the composition layer. It builds the parts from the typed
 * topology, creates the signals between them and hands each end its
 * signals, brings the state to t = 0 in the order the parts need, samples
 * the traces and gathers the results. It holds no model state of its own
 * beyond the statistics of the rows it writes.
 */
#include "switch/switch.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "switch/margins.h"
#include "switch/timeline.h"

/* Statistics behind the KPIs, taken from the rows written. */
typedef struct row_stats {
  long thr, power, ret, maxj;                  /* switch.csv columns */
  long *dev_power, *dev_junction, *dev_outlet; /* per device: its file's columns */
  long *ber, *margin;                          /* ports.csv pre-FEC BER and SNR margin columns */
  size_t *margin_slot;                         /* the slot of each margin column */
  double *slot_margin_min;                     /* per slot: its worst port's margin over the rows */
  size_t nber, nmargin;
  long *loss; /* slots.csv host loss columns */
  size_t nloss;
  stat_acc_t throughput, power_w, return_c;
  stat_acc_t *st_power, *st_junction, *st_outlet; /* per device */
  stat_acc_t *res_slot_power, *res_slot_junction, *res_slot_outlet, *res_asic_power, *res_asic_junction;
  double max_junction_c, max_coolant_c, ber_max, margin_min, loss_max;
  double max_module_junction_c, max_asic_junction_c;
  unsigned char *present, *flowing; /* per device, at this row: what the margins count */
} row_stats_t;

struct graph {
  switch_env_t env;
  sim_signal_t *sig_offered, *sig_lanes, *sig_hydraulic, *sig_admin, *sig_air;
  lanes_t *lanes;
  feed_t *feed;
  fabric_t *fabric;
  loops_t *loops;
  air_t *air;
  plates_t *plates;
  firmware_t *firmware;
  timeline_t *timeline;
  columns_t cols;
  sampler_t sampler;
  sim_domain_t *d_sample;
  sim_proc_t *p_sample;
  sim_time_t t_sampled; /* time of the last trace row */
  row_stats_t st;
  margins_t *margins;
};

/* The parts that write trace columns, by the index their columns carry. */
enum { PART_LANES, PART_FABRIC, PART_LOOPS, PART_PLATES, PART_FEED, PART_AIR, PART_FIRMWARE, PART_COUNT };

void graph_columns(const topo_t *t, columns_t *c) {
  memset(c, 0, sizeof *c);
  fabric_columns(t, c, PART_FABRIC);
  lanes_columns(t, c, PART_LANES);
  plates_columns(t, c, PART_PLATES);
  loops_columns(t, c, PART_LOOPS);
  feed_columns(t, c, PART_FEED);
  air_columns(t, c, PART_AIR);
  firmware_columns(t, c, PART_FIRMWARE);
  columns_done(c);
}

/* ---- sampling ---- */

static void stats_init(graph_t *g) {
  row_stats_t *r = &g->st;
  size_t nd = g->env.ns + g->env.na, ns = g->env.ns;
  r->thr = columns_find(&g->cols, TRACE_SWITCH, "throughput_tbps");
  r->power = columns_find(&g->cols, TRACE_SWITCH, "power_w");
  r->ret = columns_find(&g->cols, TRACE_SWITCH, "return_c");
  r->maxj = columns_find(&g->cols, TRACE_SWITCH, "max_junction_c");
  r->dev_power = calloc(nd + 1, sizeof(long));
  r->dev_junction = calloc(nd + 1, sizeof(long));
  r->dev_outlet = calloc(nd + 1, sizeof(long));
  r->ber = calloc(g->cols.count[TRACE_PORTS] + 1, sizeof(long));
  r->margin = calloc(g->cols.count[TRACE_PORTS] + 1, sizeof(long));
  r->margin_slot = calloc(g->cols.count[TRACE_PORTS] + 1, sizeof(size_t));
  r->slot_margin_min = malloc((ns + 1) * sizeof(double));
  r->loss = calloc(g->cols.count[TRACE_SLOTS] + 1, sizeof(long));
  if (!r->margin || !r->loss || !r->margin_slot || !r->slot_margin_min) abort();
  for (size_t s = 0; s < ns; s++) r->slot_margin_min[s] = INFINITY;
  r->st_power = calloc(nd + 1, sizeof(stat_acc_t));
  r->st_junction = calloc(nd + 1, sizeof(stat_acc_t));
  r->st_outlet = calloc(nd + 1, sizeof(stat_acc_t));
  r->res_slot_power = calloc(ns + 1, sizeof(stat_acc_t));
  r->res_slot_junction = calloc(ns + 1, sizeof(stat_acc_t));
  r->res_slot_outlet = calloc(ns + 1, sizeof(stat_acc_t));
  r->res_asic_power = calloc(g->env.na + 1, sizeof(stat_acc_t));
  r->res_asic_junction = calloc(g->env.na + 1, sizeof(stat_acc_t));
  if (!r->dev_power || !r->dev_junction || !r->dev_outlet || !r->ber || !r->st_power || !r->st_junction ||
      !r->st_outlet || !r->res_slot_power || !r->res_slot_junction || !r->res_slot_outlet || !r->res_asic_power ||
      !r->res_asic_junction)
    abort();
  for (size_t i = 0; i < nd; i++) {
    trace_file_t f = i < ns ? TRACE_SLOTS : TRACE_ASICS;
    const char *pre = i < ns ? "slot" : "asic";
    size_t idx = i < ns ? i : i - ns;
    char name[64];
    snprintf(name, sizeof name, "%s%zu_power_w", pre, idx);
    r->dev_power[i] = columns_find(&g->cols, f, name);
    snprintf(name, sizeof name, "%s%zu_junction_c", pre, idx);
    r->dev_junction[i] = columns_find(&g->cols, f, name);
    snprintf(name, sizeof name, "%s%zu_outlet_c", pre, idx);
    r->dev_outlet[i] = columns_find(&g->cols, f, name);
    stat_init(&r->st_power[i]);
    stat_init(&r->st_junction[i]);
    stat_init(&r->st_outlet[i]);
  }
  const column_t *pc = &g->cols.v[g->cols.first[TRACE_PORTS]];
  for (size_t i = 0; i < g->cols.count[TRACE_PORTS]; i++) {
    size_t n = strlen(pc[i].name);
    if (n > 12 && !strcmp(pc[i].name + n - 12, "_pre_fec_ber")) r->ber[r->nber++] = (long)i;
    if (n > 10 && !strcmp(pc[i].name + n - 10, "_margin_db")) {
      r->margin_slot[r->nmargin] = strtoul(pc[i].name + 4, NULL, 10); /* "slotS_portP_margin_db" */
      r->margin[r->nmargin++] = (long)i;
    }
  }
  const column_t *sc = &g->cols.v[g->cols.first[TRACE_SLOTS]];
  for (size_t i = 0; i < g->cols.count[TRACE_SLOTS]; i++) {
    size_t n = strlen(sc[i].name);
    if (n > 13 && !strcmp(sc[i].name + n - 13, "_host_loss_db")) r->loss[r->nloss++] = (long)i;
  }
  r->margin_min = INFINITY;
  r->loss_max = -INFINITY;
  stat_init(&r->throughput);
  stat_init(&r->power_w);
  stat_init(&r->return_c);
  r->max_junction_c = -INFINITY;
  r->max_coolant_c = -INFINITY;
  r->max_module_junction_c = -INFINITY;
  r->max_asic_junction_c = -INFINITY;
  r->present = calloc(nd + 1, 1);
  r->flowing = calloc(nd + 1, 1);
  if (!r->present || !r->flowing) abort();
}

static void stats_free(row_stats_t *r) {
  free(r->dev_power);
  free(r->dev_junction);
  free(r->dev_outlet);
  free(r->ber);
  free(r->margin);
  free(r->margin_slot);
  free(r->slot_margin_min);
  free(r->loss);
  free(r->st_power);
  free(r->st_junction);
  free(r->st_outlet);
  free(r->res_slot_power);
  free(r->res_slot_junction);
  free(r->res_slot_outlet);
  free(r->res_asic_power);
  free(r->res_asic_junction);
  free(r->present);
  free(r->flowing);
}

/* The switch KPIs are the statistics of the rows written: what
 * summary.json says of throughput, power and junctions, the traces show.
 * w: the row's interval (0 for the t = 0 row, which counts in min and max
 * only). */
static void stats_add(graph_t *g, double w) {
  row_stats_t *r = &g->st;
  const double *sw = g->sampler.row[TRACE_SWITCH], *ports = g->sampler.row[TRACE_PORTS];
  stat_add_w(&r->throughput, sw[r->thr] * 1e12, w);
  stat_add_w(&r->power_w, sw[r->power], w);
  stat_add_w(&r->return_c, sw[r->ret], w);
  if (sw[r->maxj] > r->max_junction_c) r->max_junction_c = sw[r->maxj];
  for (size_t i = 0; i < g->env.ns + g->env.na; i++) {
    const double *row = g->sampler.row[i < g->env.ns ? TRACE_SLOTS : TRACE_ASICS];
    int present = i >= g->env.ns || feed_module_present(g->feed, i);
    double outlet = row[r->dev_outlet[i]], junction = row[r->dev_junction[i]];
    double *max_j = i < g->env.ns ? &r->max_module_junction_c : &r->max_asic_junction_c;
    r->present[i] = (unsigned char)present;
    r->flowing[i] = present && loops_branch(g->loops, i)->q_m3s > 0;
    stat_add_w(&r->st_power[i], row[r->dev_power[i]], w);
    stat_add_w(&r->st_junction[i], junction, w);
    if (junction > *max_j) *max_j = junction;
    if (present) stat_add_w(&r->st_outlet[i], outlet, w);
    if (r->flowing[i] && outlet > r->max_coolant_c) r->max_coolant_c = outlet;
  }
  for (size_t k = 0; k < r->nber; k++) /* the KPI is the worst the ports trace shows */
    if (ports[r->ber[k]] > r->ber_max) r->ber_max = ports[r->ber[k]];
  for (size_t k = 0; k < r->nmargin; k++) {
    double m = ports[r->margin[k]];
    if (m < r->margin_min) r->margin_min = m;
    if (m < r->slot_margin_min[r->margin_slot[k]]) r->slot_margin_min[r->margin_slot[k]] = m;
  }
  const double *slots = g->sampler.row[TRACE_SLOTS];
  for (size_t k = 0; k < r->nloss; k++)
    if (slots[r->loss[k]] > r->loss_max) r->loss_max = slots[r->loss[k]];
}

static void sample_row(graph_t *g, sim_time_t now) {
  /* the interval since the last row: the sample period, or the shorter tail
   * up to the end of a run that is not a whole number of samples */
  double dt_s = sim_to_s(now > g->t_sampled ? now - g->t_sampled : g->env.t->sample);
  int first = now == 0;
  g->t_sampled = now;
  plates_sync(g->plates, now);        /* while the thermal clock is stopped, book up to now */
  lanes_integrate_all(g->lanes, now); /* lanes' bulk-counted losses up to now, before any total */
  fabric_sample(g->fabric, now, dt_s, first);
  lanes_sample(g->lanes, now);
  plates_sample(g->plates, dt_s, first);
  loops_sample(g->loops);
  feed_sample(g->feed);
  sampler_fill(&g->sampler);
  stats_add(g, first ? 0 : dt_s);
  margins_row(g->margins, g->sampler.row, sim_to_s(now), g->st.present, g->st.flowing);
  sampler_write(&g->sampler, now);
}

static void on_sample(sim_t *sim, void *ctx) {
  graph_t *g = ctx;
  const topo_t *t = g->env.t;
  sim_time_t now = sim_now(sim);
  sample_row(g, now);
  if (now >= t->duration) return;
  uint64_t next = sim_cycle_after(g->d_sample, now);
  if (next * t->sample <= t->duration)
    sim_wake_cycle(g->p_sample, g->d_sample, next);
  else
    sim_wake_at(g->p_sample, t->duration); /* the last row closes the run */
}

/* ---- construction ---- */

static void build_parts(graph_t *g) {
  switch_env_t *e = &g->env;
  sim_t *sim = e->sim;
  g->sig_offered = sim_signal(sim, "traffic.offered_generation", 0);
  g->sig_lanes = sim_signal(sim, "lanes.generation", 0);
  g->sig_hydraulic = sim_signal(sim, "coolant.hydraulic_generation", 0);
  g->sig_admin = sim_signal(sim, "firmware.ports_shed_generation", 0);
  g->sig_air = sim_signal(sim, "air.flow_generation", 0);
  g->lanes = lanes_new(e, g->sig_lanes);
  g->feed = feed_new(e, g->lanes, g->sig_lanes);
  g->fabric = fabric_new(e, g->lanes, g->feed, g->sig_offered);
  g->loops = loops_new(e, g->feed, g->sig_hydraulic);
  g->air = air_new(e, g->feed, g->sig_air);
  g->plates = plates_new(e, g->fabric, g->feed, g->loops, g->air);
  firmware_wiring_t fw = {g->lanes, g->fabric, g->feed, g->loops, g->plates, g->sig_admin};
  g->firmware = firmware_new(e, &fw);
  timeline_wiring_t tw = {g->lanes, g->fabric, g->feed, g->loops, g->firmware, g->plates, g->sig_lanes};
  g->timeline = timeline_new(e, &tw);
  timeline_on(g->timeline, FAN_EVENT_FAIL, air_on_fan_event, g->air);
  timeline_on(g->timeline, FAN_EVENT_RESTORE, air_on_fan_event, g->air);
  timeline_on(g->timeline, FW_EVENT_MODULE_RESET, firmware_on_reset, g->firmware);
  g->d_sample = sim_domain(sim, "sample", e->t->sample);
  loops_create_signals(g->loops);
}

/* The state at t = 0, computed by the same functions the processes call
 * later. Links start up (trained); a lane whose
 * pre-FEC BER is past the training limit starts training instead (lanes_start). Port states need link states, traffic
 * needs port states, the thermal start needs traffic, and the lanes' error
 * statistics need the junction temperature: in that order. */
static int elaborate(graph_t *g) {
  loops_build(g->loops);
  loops_solve(g->loops);
  fabric_traffic_update(g->fabric, 0);
  lanes_seed(g->lanes);
  fabric_recompute(g->fabric, 0);
  if (plates_initial(g->plates)) return -1;
  for (size_t s = 0; s < g->env.ns; s++) lanes_attach_junction(g->lanes, s, plates_junction_signal(g->plates, s));
  return 0;
}

/* Processes, in the order their wake-ups are asked for. */
static void start_processes(graph_t *g) {
  timeline_start(g->timeline);
  fabric_start_traffic(g->fabric);
  loops_start(g->loops);
  fabric_start(g->fabric, g->sig_lanes, g->sig_admin);
  loops_subscribe(g->loops);
  size_t nl = g->env.nl, n = 0;
  sim_signal_t **wake = malloc((nl + 5) * sizeof *wake);
  if (!wake) abort();
  for (size_t l = 0; l < nl; l++) wake[n++] = loops_supply_signal(g->loops, l);
  /* The thermal clock may stop when steady: every input change wakes it. */
  wake[n++] = g->sig_offered;
  wake[n++] = g->sig_lanes;
  wake[n++] = g->sig_hydraulic;
  wake[n++] = g->sig_admin;
  wake[n++] = g->sig_air;
  plates_start(g->plates, wake, n);
  free(wake);
  g->p_sample = sim_process(g->env.sim, "sample", PRIO_SAMPLE, on_sample, g);
  firmware_start(g->firmware);
  feed_loads_t ld;
  plates_loads(g->plates, &ld);
  feed_update(g->feed, &ld, 0);
  lanes_start(g->lanes);
}

static void vcd_declare(graph_t *g) {
  trace_vcd_t *v = g->env.vcd;
  if (!v) return;
  trace_vcd_scope(v, "switch");
  for (size_t s = 0; s < g->env.ns; s++) {
    char name[48];
    snprintf(name, sizeof name, "slot%zu", s);
    trace_vcd_scope(v, name);
    lanes_vcd_declare(g->lanes, s);
    fabric_vcd_declare(g->fabric, s);
    trace_vcd_upscope(v);
  }
  trace_vcd_upscope(v);
  trace_vcd_enddefs(v);
  for (size_t s = 0; s < g->env.ns; s++) {
    lanes_vcd_initial(g->lanes, s);
    fabric_vcd_initial(g->fabric, s);
  }
}

graph_t *graph_new(const topo_t *t, sim_t *sim, const graph_sinks_t *sinks, int reference_step, char *why,
                   size_t whysz) {
  graph_t *g = calloc(1, sizeof *g);
  if (!g) abort();
  g->env = (switch_env_t){.t = t,
                          .sim = sim,
                          .log = sinks ? sinks->log : NULL,
                          .vcd = sinks ? sinks->vcd : NULL,
                          .reference_step = reference_step,
                          .ns = t->nslots,
                          .na = (size_t)t->n_asics,
                          .nl = t->nloops};
  if (sinks && sinks->cols && sinks->cols->n) { /* taken over, not made again */
    g->cols = *sinks->cols;
    memset(sinks->cols, 0, sizeof *sinks->cols);
  } else {
    graph_columns(t, &g->cols);
  }
  sampler_init(&g->sampler, &g->cols, sinks ? sinks->trace : NULL);
  build_parts(g);
  g->sampler.parts[PART_LANES] = g->lanes;
  g->sampler.parts[PART_FABRIC] = g->fabric;
  g->sampler.parts[PART_LOOPS] = g->loops;
  g->sampler.parts[PART_PLATES] = g->plates;
  g->sampler.parts[PART_FEED] = g->feed;
  g->sampler.parts[PART_AIR] = g->air;
  g->sampler.parts[PART_FIRMWARE] = g->firmware;
  stats_init(g);
  g->margins = margins_new(t, &g->cols);
  if (elaborate(g)) {
    snprintf(why, whysz,
             "no steady state at t = 0: the thermal design runs away (leakage outgrows cooling) "
             "or has no path to the coolant");
    graph_free(g);
    return NULL;
  }
  start_processes(g);
  vcd_declare(g);
  trace_log(g->env.log, 0, "start", "%s: %zu slots, %zu ASICs", t->name, g->env.ns, g->env.na);
  loops_log(g->loops, 0);
  fabric_arm_traffic(g->fabric);
  timeline_arm(g->timeline);
  plates_arm(g->plates);
  sim_wake_at(g->p_sample, 0);
  return g;
}

void graph_free(graph_t *g) {
  if (!g) return;
  timeline_free(g->timeline);
  firmware_free(g->firmware);
  plates_free(g->plates);
  air_free(g->air);
  loops_free(g->loops);
  fabric_free(g->fabric);
  feed_free(g->feed);
  lanes_free(g->lanes);
  sampler_free(&g->sampler);
  columns_free(&g->cols);
  stats_free(&g->st);
  margins_free(g->margins);
  free(g);
}

const char *graph_failure(const graph_t *g) { return g->env.failure[0] ? g->env.failure : NULL; }

/* Energy in against heat out and heat stored: a balance that does not close
 * means the numbers cannot be trusted. */
static double energy_error(const plates_books_t *b) {
  return b->in_j > 0 ? fabs(b->in_j - b->to_coolant_j - b->to_air_j - b->stored_j) / b->in_j : 0;
}

static void check_energy(graph_t *g) {
  plates_books_t b = plates_books(g->plates);
  double err = energy_error(&b);
  if (!(err <= g->env.t->energy_tolerance))
    env_fail(&g->env,
             "the energy balance does not close: error %.3g of the energy in, above solver.energy_tolerance %.3g", err,
             g->env.t->energy_tolerance);
}

/* What the run's rows cannot show: the pumps' N+1 at the end, and the end
 * of the last settling stretch. */
static void finish_margins(graph_t *g, sim_time_t now) {
  double least;
  char where[64];
  if (loops_pump_n1(g->loops, &least, where, sizeof where)) margins_pump_n1(g->margins, least, where, sim_to_s(now));
  margins_end(g->margins, sim_to_s(now));
}

int graph_run(graph_t *g, volatile sig_atomic_t *stop) {
  const topo_t *t = g->env.t;
  int rc = 0;
  for (sim_time_t at = 0; at < t->duration && rc == 0;) {
    if (stop && *stop) {
      rc = -1;
      break;
    }
    at = at + t->sample < t->duration ? at + t->sample : t->duration;
    rc = sim_run_until(g->env.sim, at);
  }
  sim_time_t now = sim_now(g->env.sim);
  lanes_integrate_all(g->lanes, now);
  fabric_integrate(g->fabric, now);
  plates_sync(g->plates, now);
  if (!g->env.stopped && rc == 0) check_energy(g);
  finish_margins(g, now);
  if (g->env.stopped) rc = -1;
  /* No activation count here: it differs between fast and reference-step
   * mode by design, and the log must not (summary.json has it). */
  trace_log(g->env.log, now, rc ? "stopped" : "end", "%s", t->name);
  return rc;
}

/* ---- results ---- */

static void kpis_energy(graph_t *g, run_results_t *d) {
  plates_books_t b = plates_books(g->plates);
  feed_energy_t e = feed_energy(g->feed);
  d->kpi[KPI_ENERGY_IN_J] = b.in_j;
  d->kpi[KPI_HEAT_TO_COOLANT_J] = b.to_coolant_j;
  d->kpi[KPI_HEAT_TO_AIR_J] = b.to_air_j;
  d->kpi[KPI_STORED_HEAT_J] = b.stored_j;
  d->kpi[KPI_ENERGY_BALANCE_ERROR] = energy_error(&b);
  d->kpi[KPI_THERMAL_STEPS] = (double)b.steps;
  d->kpi[KPI_THERMAL_RUNAWAY] = b.runaway;
  d->kpi[KPI_FEED_ENERGY_J] = e.feed;
  d->kpi[KPI_COMPONENTS_ENERGY_J] = e.components;
  d->kpi[KPI_ASIC_ENERGY_J] = e.asic_core;
  d->kpi[KPI_DCDC_LOSS_J] = e.dcdc;
  d->kpi[KPI_VR_LOSS_J] = e.vr;
  d->kpi[KPI_CABLE_LOSS_J] = e.cable;
  d->kpi[KPI_BUSBAR_LOSS_J] = e.busbar;
  d->kpi[KPI_PSU_LOSS_J] = e.psu;
  d->kpi[KPI_FAN_ENERGY_J] = e.fans;
}

static void kpis_design(graph_t *g, run_results_t *d) {
  const topo_t *t = g->env.t;
  double flow = 0;
  for (size_t l = 0; l < g->env.nl; l++) flow += loops_flow_m3s(g->loops, l);
  d->kpi[KPI_COOLANT_FLOW_LPM] = flow * 60e3;
  double tb = 0, lanes = 0;
  for (size_t s = 0; s < g->env.ns; s++) {
    const topo_module_type_t *mt = &t->types[t->slots[s].type];
    tb += mt->ports.nports * mt->ports.rate_bps;
    lanes += mt->lanes;
  }
  d->kpi[KPI_TBPS_PER_RU] = tb / 1e12; /* a cage is one rack unit */
  d->kpi[KPI_LANES_PER_RU] = lanes;
}

/* Each limit's margin as a KPI, so expect lines and sweeps can use it;
 * NaN (null, "none") where no part of the design is measured against it. */
static void kpis_margins(graph_t *g, run_results_t *d) {
  static const struct {
    limit_id_t lim;
    kpi_id_t kpi;
  } map[] = {{LIM_MODULE_JUNCTION, KPI_MODULE_JUNCTION_MARGIN_K},
             {LIM_ASIC_JUNCTION, KPI_ASIC_JUNCTION_MARGIN_K},
             {LIM_MODULE_POWER, KPI_MODULE_POWER_MARGIN_W},
             {LIM_COOLANT, KPI_COOLANT_MARGIN_K},
             {LIM_BRANCH_FLOW, KPI_BRANCH_FLOW_MARGIN_LPM},
             {LIM_BUS_VOLTAGE, KPI_BUS_VOLTAGE_MARGIN_V},
             {LIM_PSU_BUDGET, KPI_PSU_BUDGET_MARGIN_W},
             {LIM_PORT_SNR, KPI_PORT_SNR_MARGIN_DB},
             {LIM_PSU_N1, KPI_PSU_N1_MARGIN_W},
             {LIM_PUMP_N1, KPI_PUMP_N1_MARGIN_LPM}};
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
    const limit_result_t *r = margins_limit(g->margins, map[i].lim);
    d->kpi[map[i].kpi] = r->applies ? r->margin : NAN;
  }
  int b = margins_binding(g->margins);
  d->kpi[KPI_BINDING_HEADROOM] = b >= 0 ? margins_limit(g->margins, (limit_id_t)b)->headroom : NAN;
  d->kpi[KPI_MAX_MODULE_JUNCTION_C] = g->env.ns ? g->st.max_module_junction_c : NAN;
  d->kpi[KPI_MAX_ASIC_JUNCTION_C] = g->env.na ? g->st.max_asic_junction_c : NAN;
  d->margins = g->margins;
}

static void per_device(graph_t *g, run_results_t *d) {
  row_stats_t *r = &g->st;
  size_t ns = g->env.ns;
  /* The per-element arrays live in the graph: valid while it lives. */
  for (size_t s = 0; s < ns; s++) {
    r->res_slot_power[s] = r->st_power[s];
    r->res_slot_junction[s] = r->st_junction[s];
    r->res_slot_outlet[s] = r->st_outlet[s];
  }
  for (size_t a = 0; a < g->env.na; a++) {
    r->res_asic_power[a] = r->st_power[ns + a];
    r->res_asic_junction[a] = r->st_junction[ns + a];
  }
  d->slot_power = r->res_slot_power;
  d->slot_junction = r->res_slot_junction;
  d->slot_outlet = r->res_slot_outlet;
  d->slot_margin_db_min = r->slot_margin_min;
  d->asic_power = r->res_asic_power;
  d->asic_junction = r->res_asic_junction;
  d->nslots = ns;
  d->nasics = g->env.na;
}

void graph_results(graph_t *g, run_results_t *d) {
  const row_stats_t *r = &g->st;
  memset(d, 0, sizeof *d);
  d->kpi[KPI_THROUGHPUT_TBPS_MEAN] = stat_mean(&r->throughput) / 1e12; /* (bits - lost frames) / duration */
  d->kpi[KPI_THROUGHPUT_TBPS_MIN] = r->throughput.n ? r->throughput.min / 1e12 : 0;
  d->kpi[KPI_THROUGHPUT_TBPS_MAX] = r->throughput.n ? r->throughput.max / 1e12 : 0;
  d->kpi[KPI_POWER_W_PEAK] = r->power_w.max;
  d->kpi[KPI_POWER_W_MEAN] = stat_mean(&r->power_w); /* energy in / duration */
  d->kpi[KPI_MAX_JUNCTION_C] = r->max_junction_c;
  d->kpi[KPI_MAX_COOLANT_C] = r->max_coolant_c;
  d->kpi[KPI_FEED_CURRENT_A_PEAK] = r->power_w.max / g->env.t->feed_v;
  d->kpi[KPI_PRE_FEC_BER_MAX] = r->ber_max;
  d->kpi[KPI_SNR_MARGIN_DB_MIN] = r->margin_min;
  d->kpi[KPI_HOST_LOSS_DB_MAX] = r->loss_max;
  kpis_energy(g, d);
  kpis_design(g, d);
  d->kpi[KPI_LINK_DOWN_S] = fabric_port_down_s(g->fabric);
  d->kpi[KPI_BUS_VOLTAGE_MIN_V] = feed_min_bus_v(g->feed);
  d->kpi[KPI_BROWNOUTS] = feed_brownouts(g->feed);
  firmware_counts_t fc = firmware_counts(g->firmware);
  d->kpi[KPI_THROTTLE_ACTIONS] = fc.throttle_actions;
  d->kpi[KPI_POWER_CAP_ACTIONS] = fc.cap_actions;
  d->kpi[KPI_THROTTLE_REACTION_S] = fc.throttle_reaction_s;
  d->kpi[KPI_MODULE_SHUTDOWNS] = fc.module_shutdowns;
  d->kpi[KPI_ASIC_SHUTDOWNS] = fc.asic_shutdowns;
  d->kpi[KPI_ASIC_THROTTLE_ACTIONS] = fc.asic_throttle_actions;
  d->kpi[KPI_UNCORRECTABLE_CODEWORDS] = (double)lanes_uncorrectable(g->lanes);
  d->kpi[KPI_CORRECTED_SYMBOLS] = (double)lanes_corrected(g->lanes);
  d->kpi[KPI_LINK_FLAPS] = (double)lanes_flaps(g->lanes);
  d->throughput = r->throughput;
  d->power = r->power_w;
  d->coolant_return = r->return_c;
  per_device(g, d);
  kpis_margins(g, d);
}

double graph_slot_flow_lpm(const graph_t *g, size_t s) {
  return s < g->env.ns ? loops_branch(g->loops, s)->q_m3s * 60e3 : 0;
}
double graph_asic_flow_lpm(const graph_t *g, size_t a) {
  return a < g->env.na ? loops_branch(g->loops, g->env.ns + a)->q_m3s * 60e3 : 0;
}

size_t graph_loops(const graph_t *g) { return g->env.nl; }

void graph_loop_result(const graph_t *g, size_t l, const char **name, double *flow_lpm, double *head_kpa) {
  *name = loops_name(g->loops, l);
  *flow_lpm = loops_flow_m3s(g->loops, l) * 60e3;
  *head_kpa = loops_head_pa(g->loops, l) * 1e-3;
}
