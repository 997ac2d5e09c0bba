/*
 * switch.c: the model graph's construction, its scenario (the timeline of
 * load changes, supply steps and faults) and its results. The graph's
 * processes live in links.c (lanes, traffic, fabric), cooling.c (loops and
 * thermal networks) and sample.c (traces); graph.h holds what they share.
 */
#include "switch.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"

/* ---- scenario ---- */

static void lanes_of(slot_rt *sl, int lane, int *lo, int *hi) {
  *lo = lane < 0 ? 0 : lane;
  *hi = lane < 0 ? sl->mt->lanes : lane + 1;
}

static void on_scenario(sim_t *sim, void *ctx) {
  graph_t *g = ctx;
  const topo_t *t = g->t;
  sim_time_t now = sim_now(sim);
  while (g->next_event < t->nscenario && t->scenario[g->next_event].at <= now) {
    const scn_event_t *e = &t->scenario[g->next_event++];
    slot_rt *sl = e->slot >= 0 ? &g->slots[e->slot] : NULL;
    int lo = 0, hi = 0;
    if (sl) lanes_of(sl, e->lane, &lo, &hi);
    switch (e->kind) {
      case SCN_LOAD: {
        size_t n = 0;
        for (size_t s = 0; s < g->ns; s++) {
          if (!e->slots[s]) continue;
          n++;
          for (int p = 0; p < g->slots[s].mt->ports.nports; p++)
            g->slots[s].prof[p] = (traffic_profile_t){.kind = TRAFFIC_CONSTANT, .load = e->value};
        }
        trace_log(g->out.log, now, "load", "%.4g of port rate on %zu slots", e->value, n);
        sim_wake_at(g->p_traffic, now);
        break;
      }
      case SCN_SUPPLY:
        graph__fault_seen(g, now);
        if (e->loop >= 0)
          trace_log(g->out.log, now, "supply", "loop %s: CDU supply set to %.4g C", t->loops[e->loop].name, e->value);
        else
          trace_log(g->out.log, now, "supply", "CDU supply set to %.4g C", e->value);
        graph__supply_change(g, now, e->loop, e->value);
        break;
      case SCN_PSU_FAIL:
      case SCN_PSU_RESTORE: {
        feed_rt *f = &g->feed;
        int fail = e->kind == SCN_PSU_FAIL;
        if (f->psu_alive[e->pump] == !fail) break;
        f->psu_alive[e->pump] = !fail;
        f->n_alive += fail ? -1 : 1;
        if (fail) {
          graph__fault_seen(g, now);
          f->holdup_psus = f->holdup_end ? f->holdup_psus + 1 : 1;
          f->holdup_end = now + sim_from_s(t->psu.holdup_s);
        }
        trace_log(g->out.log, now, fail ? "psu-fail" : "psu-restore", "PSU %d: %d of %d working%s", e->pump, f->n_alive,
                  t->psu.count, fail ? ", the bus holds for the hold-up time" : "");
        if (g->p_control) sim_wake_at(g->p_control, now);
        break;
      }
      case SCN_PUMP_FAIL:
      case SCN_PUMP_RESTORE: {
        loop_rt *lp = &g->loops[e->loop];
        int fail = e->kind == SCN_PUMP_FAIL;
        if (fail) graph__fault_seen(g, now);
        lp->pump_failed[e->pump] = fail;
        trace_log(g->out.log, now, fail ? "pump-fail" : "pump-restore", "loop %s pump %d", lp->cfg->name, e->pump);
        graph__hydraulics(g);
        graph__log_coolant(g, now);
        break;
      }
      case SCN_BLOCKED:
        graph__fault_seen(g, now);
        sl->h.k_factor = e->value;
        trace_log(g->out.log, now, "blocked", "slot[%d] branch resistance x %.4g", e->slot, e->value);
        graph__hydraulics(g);
        graph__log_coolant(g, now);
        break;
      case SCN_LEAK: {
        graph__fault_seen(g, now);
        loop_rt *lp = &g->loops[e->loop];
        hyd_add(&lp->net, (hyd_link_t){.kind = HYD_RES, .from = hyd_supply_tap(e->column), .to = 0, .k = e->value2});
        trace_log(g->out.log, now, "leak", "loop %s: supply header at column %d", lp->cfg->name, e->column);
        graph__hydraulics(g);
        graph__log_coolant(g, now);
        break;
      }
      case SCN_LANE_DOWN:
        graph__fault_seen(g, now);
        trace_log(g->out.log, now, "fault", "slot[%d] lanes %d..%d dead", e->slot, lo, hi - 1);
        for (int l = lo; l < hi; l++) {
          sl->lanes[l].dead = 1;
          graph__lane_set(&sl->lanes[l], now, 0);
        }
        break;
      case SCN_LANE_UP:
        trace_log(g->out.log, now, "repair", "slot[%d] lanes %d..%d repaired", e->slot, lo, hi - 1);
        for (int l = lo; l < hi; l++) {
          sl->lanes[l].dead = 0;
          if (!sl->pulled && sl->lanes[l].link.st == LINK_DOWN) graph__lane_set(&sl->lanes[l], now, 1);
        }
        break;
      case SCN_SNR_DROP:
        graph__fault_seen(g, now);
        trace_log(g->out.log, now, "fault", "slot[%d] lanes %d..%d SNR down %.3g dB", e->slot, lo, hi - 1, e->value);
        for (int l = lo; l < hi; l++) {
          sl->lanes[l].offset_db -= e->value;
          graph__lane_refresh(&sl->lanes[l], now, 1);
          graph__lane_arm(&sl->lanes[l], now);
        }
        break;
      case SCN_MODULE_PULL:
      case SCN_MODULE_INSERT: {
        int pull = e->kind == SCN_MODULE_PULL;
        if (sl->pulled == pull) break;
        trace_log(g->out.log, now, pull ? "module-pull" : "module-insert", "slot[%d]", e->slot);
        for (int l = 0; l < sl->mt->lanes; l++) graph__lane_integrate(&sl->lanes[l], now);
        sl->pulled = pull;
        for (int l = 0; l < sl->mt->lanes; l++)
          if (pull || !sl->lanes[l].dead) graph__lane_set(&sl->lanes[l], now, !pull);
        if (!pull) graph__inrush(g, sl, now);
        graph__hydraulics(g);
        graph__log_coolant(g, now);
        sim_write(g->sig_lanes, sim_read(g->sig_lanes) + 1);
        break;
      }
    }
  }
  if (g->next_event < t->nscenario) sim_wake_at(g->p_scenario, t->scenario[g->next_event].at);
}

/* ---- construction ---- */

static void heat_init(heat_src_t *h, const thermal_plate_cfg_t *tc, double t0, double dp, double q) {
  memset(h, 0, sizeof *h);
  h->tc = tc;
  thermal_plate_init(&h->net, tc, t0, h->junction);
  h->k_branch = coolant_branch_k(dp, q);
  h->k_factor = 1;
  h->q_rated = q;
  h->link = -1;
  h->inlet_c = h->air_c = h->outlet_c = t0;
  stat_init(&h->st_power);
  stat_init(&h->st_junction);
  stat_init(&h->st_outlet);
}

/* Decimal digits of v at p; returns the end. */
static char *put_uint(char *p, size_t v) {
  char d[24];
  int n = 0;
  do d[n++] = (char)('0' + v % 10);
  while ((v /= 10) > 0);
  while (n > 0) *p++ = d[--n];
  return p;
}

/* "slot[S].lane[L]" then sfx into buf (at least 64 bytes; sfx short). */
static void lane_path(char *buf, size_t s, int l, const char *sfx) {
  char *p = buf;
  memcpy(p, "slot[", 5);
  p = put_uint(p + 5, s);
  memcpy(p, "].lane[", 7);
  p = put_uint(p + 7, (size_t)l);
  *p++ = ']';
  strcpy(p, sfx);
}

static void lanes_init(graph_t *g, slot_rt *sl, size_t s) {
  const topo_t *t = g->t;
  const lane_cfg_t *c = &sl->mt->lane;
  sl->lanes = calloc((size_t)sl->mt->lanes, sizeof *sl->lanes);
  if (!sl->lanes) abort();
  for (int l = 0; l < sl->mt->lanes; l++) {
    lane_rt *ln = &sl->lanes[l];
    char path[96];
    ln->g = g;
    ln->sl = sl;
    ln->idx = l;
    ln->port = l / sl->mt->ports.lanes_per_port;
    link_init_up(&ln->link);
    rng_t setup;
    /* one name per random stream, "slot[S].lane[L].NAME", without printf:
     * a printf per stream was an eighth of a short run's set-up */
    lane_path(path, s, l, ".setup");
    rng_init(&setup, t->seed, path);
    ln->offset_db = c->snr_sigma_db * rng_normal(&setup);
    ln->skew_s = rng_uniform(&setup) * c->skew_max_s;
    lane_path(path, s, l, ".skew");
    rng_init(&ln->rng_skew, t->seed, path);
    if (l == 0) {
      char sp[64];
      snprintf(sp, sizeof sp, "slot[%zu].corrected", s);
      rng_init(&sl->rng_corrected, t->seed, sp);
    }
    lane_path(path, s, l, ".errors");
    rng_init(&ln->rng, t->seed, path);
    ln->threshold = rng_exp(&ln->rng);
  }
}

graph_t *graph_new(const topo_t *t, sim_t *sim, const graph_sinks_t *sinks, int reference_step, char *why,
                   size_t whysz) {
  graph_t *g = calloc(1, sizeof *g);
  if (!g) abort();
  g->t = t;
  g->sim = sim;
  g->reference_step = reference_step;
  if (sinks) g->out = *sinks;
  g->ns = t->nslots;
  g->na = (size_t)t->n_asics;
  g->types = calloc(t->ntypes ? t->ntypes : 1, sizeof *g->types);
  g->slots = calloc(g->ns ? g->ns : 1, sizeof *g->slots);
  g->asics = calloc(g->na ? g->na : 1, sizeof *g->asics);
  g->nl = t->nloops;
  g->loops = calloc(g->nl ? g->nl : 1, sizeof *g->loops);
  if (!g->loops) abort();
  for (size_t l = 0; l < g->nl; l++) {
    g->loops[l].cfg = &t->loops[l];
    g->loops[l].cdu_c = t->loops[l].supply_c;
  }
  g->thermal_next = t->thermal_step;
  g->last_step = UINT64_MAX;
  fluid_props(t->fluid, t->rated_c, &g->fp_rated);
  g->res_slot_power = calloc(g->ns + 1, sizeof(stat_acc_t));
  g->res_slot_junction = calloc(g->ns + 1, sizeof(stat_acc_t));
  g->res_slot_outlet = calloc(g->ns + 1, sizeof(stat_acc_t));
  g->res_asic_power = calloc(g->na + 1, sizeof(stat_acc_t));
  g->res_asic_junction = calloc(g->na + 1, sizeof(stat_acc_t));
  if (!g->types || !g->slots || !g->asics || !g->res_slot_power || !g->res_slot_junction || !g->res_slot_outlet ||
      !g->res_asic_power || !g->res_asic_junction)
    abort();
  stat_init(&g->st_throughput);
  stat_init(&g->st_power);
  stat_init(&g->st_return);
  g->max_junction_c = -INFINITY;
  g->max_coolant_c = -INFINITY;

  for (size_t i = 0; i < t->ntypes; i++) {
    type_rt *ty = &g->types[i];
    const lane_cfg_t *c = &t->types[i].lane;
    ty->mt = &t->types[i];
    ty->cw_ps = lane_codeword_ps(c);
    ty->cw_s = sim_to_s(ty->cw_ps);
    ty->ucw_lost_bits = (double)c->fec.rs_k * c->fec.rs_m + 8.0 * c->frame_bytes;
    ty->ncache = (size_t)((SNR_HI_DB - SNR_LO_DB) / c->snr_quantum_db) + 1;
    ty->cache = calloc(ty->ncache, sizeof *ty->cache);
    if (!ty->cache) abort();
    char name[96];
    snprintf(name, sizeof name, "codeword.%s", ty->mt->name);
    ty->d_cw = sim_domain(sim, name, ty->cw_ps);
  }

  for (size_t s = 0; s < g->ns; s++) {
    slot_rt *sl = &g->slots[s];
    sl->g = g;
    sl->index = s;
    sl->mt = &t->types[t->slots[s].type];
    sl->ty = &g->types[t->slots[s].type];
    heat_init(&sl->h, &sl->mt->thermal, t->loops[t->slot_loop[s]].supply_c, sl->mt->branch_dp_pa,
              sl->mt->branch_flow_m3_per_s);
    sl->h.loop = t->slot_loop[s];
    sl->h.column = t->slots[s].col;
    sl->h.index = (int)s;
    sl->h.prev = t->slot_prev[s];
    sl->h.next = t->slot_next[s];
    for (int c = 0; c < sl->mt->power.n; c++) { /* each component on the junction of its source */
      sl->comp_node[c] = -1;
      for (int k = 0; k < sl->mt->thermal.nsources; k++)
        if (!strcmp(sl->mt->power.c[c].source, sl->mt->thermal.src[k].name)) sl->comp_node[c] = sl->h.junction[k];
    }
    /* Later traffic entries override earlier ones on the same ports. */
    for (size_t k = 0; k < t->ntraffic; k++)
      if (t->traffic[k].slots[s])
        for (int p = 0; p < sl->mt->ports.nports; p++)
          if (graph__port_selected(&t->traffic[k], p)) sl->prof[p] = t->traffic[k].profile;
  }
  for (size_t a = 0; a < g->na; a++) {
    heat_init(&g->asics[a], &t->asic_thermal, t->loops[t->asic_loop[a]].supply_c, t->asic_branch_dp_pa,
              t->asic_branch_flow_m3_per_s);
    g->asics[a].loop = t->asic_loop[a];
    g->asics[a].is_asic = 1;
    g->asics[a].index = (int)a;
    g->asics[a].prev = g->asics[a].next = -1;
  }
  /* Thermal order: each chain's plates one after another, from its head. */
  g->order = calloc(g->ns + g->na + 1, sizeof *g->order);
  if (!g->order) abort();
  size_t no = 0;
  for (size_t i = 0; i < g->ns + g->na; i++) {
    heat_src_t *h = i < g->ns ? &g->slots[i].h : &g->asics[i - g->ns];
    if (h->prev >= 0) continue;
    g->order[no++] = i;
    for (long k = h->next; k >= 0; k = g->slots[k].h.next) g->order[no++] = (size_t)k;
  }

  g->d_thermal = sim_domain(sim, "thermal", t->thermal_step);
  g->d_sample = sim_domain(sim, "sample", t->sample);
  g->sig_offered = sim_signal(sim, "traffic.offered_generation", 0);
  g->sig_lanes = sim_signal(sim, "lanes.generation", 0);
  g->sig_hydraulic = sim_signal(sim, "coolant.hydraulic_generation", 0);
  g->sig_admin = sim_signal(sim, "firmware.ports_shed_generation", 0);
  graph__control_init(g);
  for (size_t l = 0; l < g->nl; l++) {
    char name[64];
    snprintf(name, sizeof name, "loop[%s].supply_c", t->loops[l].name);
    g->loops[l].sig_supply = sim_signal(sim, name, t->loops[l].supply_c);
  }

  /* Elaboration: the state at t = 0, computed by the same functions the
   * processes call later. Links start up (trained). */
  graph__loops_init(g, why, whysz);
  graph__hydraulics(g);
  graph__traffic_update(g, 0);
  for (size_t s = 0; s < g->ns; s++) memset(g->slots[s].port_up, 1, sizeof g->slots[s].port_up);
  /* Port states need link states (all up), traffic needs port states, the
   * thermal start needs traffic, and the lanes' error statistics need the
   * junction temperature: in that order. */
  for (size_t s = 0; s < g->ns; s++) lanes_init(g, &g->slots[s], s);
  graph__fabric_recompute(g, 0);
  if (t->initial_steady) {
    if (graph__thermal_all(g, 0, 0, 1)) {
      snprintf(why, whysz,
               "no steady state at t = 0: the thermal design runs away (leakage outgrows cooling) "
               "or has no path to the coolant");
      graph_free(g);
      return NULL;
    }
  } else { /* everything at the coolant supply temperature: the powers there */
    for (size_t i = 0; i < g->ns + g->na; i++) {
      heat_src_t *h = i < g->ns ? &g->slots[i].h : &g->asics[i - g->ns];
      const slot_rt *sl = i < g->ns ? &g->slots[i] : NULL;
      double at_c = t->loops[h->loop].supply_c;
      double p = sl ? (sl->pulled ? 0 : module_input_w(&sl->mt->power, sl->active_lanes, h->carried_bps, at_c))
                    : asic_power_w(&t->asic_power, h->carried_bps);
      double cap = sl ? sl->mt->power.max_w : INFINITY;
      h->power_w = p < cap ? p : cap;
      g->power_w += h->power_w;
    }
    for (size_t l = 0; l < g->nl; l++) g->loops[l].return_c = t->loops[l].supply_c;
  }
  for (size_t s = 0; s < g->ns + g->na; s++) {
    heat_src_t *h = s < g->ns ? &g->slots[s].h : &g->asics[s - g->ns];
    memcpy(h->t0, h->net.t_c, sizeof h->t0);
  }
  for (size_t s = 0; s < g->ns; s++) {
    slot_rt *sl = &g->slots[s];
    char name[64];
    double qk = t->temp_quantum_k, tj = graph__tj_max(&sl->h);
    snprintf(name, sizeof name, "slot[%zu].junction_c", s);
    sl->sig_tj = sim_signal(sim, name, qk > 0 ? round(tj / qk) * qk : tj);
    for (int l = 0; l < sl->mt->lanes; l++) graph__lane_refresh(&sl->lanes[l], 0, 1);
  }

  g->p_scenario = sim_process(sim, "scenario", PRIO_SCENARIO, on_scenario, g);
  g->p_traffic = sim_process(sim, "traffic", PRIO_TRAFFIC, graph__on_traffic, g);
  g->p_hydraulics = sim_process(sim, "hydraulics", PRIO_HYDRAULICS, graph__on_hydraulics, g);
  for (size_t l = 0; l < g->nl; l++) {
    char name[64];
    snprintf(name, sizeof name, "loop[%s].transport", t->loops[l].name);
    g->loops[l].p_transport = sim_process(sim, name, PRIO_TRANSPORT, graph__on_transport, &g->loops[l]);
  }
  g->p_fabric = sim_process(sim, "fabric", PRIO_FABRIC, graph__on_fabric, g);
  g->p_thermal = sim_process(sim, "thermal", PRIO_THERMAL, graph__on_thermal, g);
  g->p_sample = sim_process(sim, "sample", PRIO_SAMPLE, graph__on_sample, g);
  sim_subscribe(g->sig_offered, g->p_fabric);
  sim_subscribe(g->sig_lanes, g->p_fabric);
  for (size_t l = 0; l < g->nl; l++) {
    sim_subscribe(g->loops[l].sig_supply, g->p_hydraulics);
    sim_subscribe(g->loops[l].sig_supply, g->p_thermal);
  }
  /* The thermal clock may stop when steady: every input change wakes it. */
  sim_subscribe(g->sig_offered, g->p_thermal);
  sim_subscribe(g->sig_lanes, g->p_thermal);
  sim_subscribe(g->sig_hydraulic, g->p_thermal);
  sim_subscribe(g->sig_admin, g->p_fabric);
  sim_subscribe(g->sig_admin, g->p_thermal);
  g->p_control = sim_process(sim, "control", PRIO_CONTROL, graph__on_control, g);
  g->p_mgmt = sim_process(sim, "management", PRIO_CONTROL, graph__on_mgmt, g);
  sim_wake_at(g->p_control, t->control_period);
  sim_wake_at(g->p_mgmt, 0);
  graph__feed_update(g, 0, 0);
  for (size_t s = 0; s < g->ns; s++) {
    slot_rt *sl = &g->slots[s];
    char name[64];
    snprintf(name, sizeof name, "slot[%zu].phy", s);
    sl->p_phy = sim_process(sim, name, PRIO_PHY, graph__on_phy, sl);
    sim_subscribe(sl->sig_tj, sl->p_phy);
    for (int l = 0; l < sl->mt->lanes; l++) {
      lane_path(name, s, l, "");
      sl->lanes[l].proc = sim_process(sim, name, PRIO_LANE, graph__on_lane, &sl->lanes[l]);
      graph__lane_arm(&sl->lanes[l], 0);
    }
    if (reference_step) {
      snprintf(name, sizeof name, "slot[%zu].codeword", s);
      sl->p_cw = sim_process(sim, name, PRIO_CODEWORD, graph__on_codeword, sl);
      sim_wake_cycle(sl->p_cw, sl->ty->d_cw, 1);
    }
  }

  if (g->out.vcd) {
    trace_vcd_t *v = g->out.vcd;
    trace_vcd_scope(v, "switch");
    for (size_t s = 0; s < g->ns; s++) {
      slot_rt *sl = &g->slots[s];
      char name[48];
      snprintf(name, sizeof name, "slot%zu", s);
      trace_vcd_scope(v, name);
      for (int l = 0; l < sl->mt->lanes; l++) {
        snprintf(name, sizeof name, "lane%d_state", l);
        sl->lanes[l].vcd_id = trace_vcd_var(v, 3, name);
      }
      for (int p = 0; p < sl->mt->ports.nports; p++) {
        snprintf(name, sizeof name, "port%d_up", p);
        sl->vcd_port[p] = trace_vcd_var(v, 1, name);
      }
      trace_vcd_upscope(v);
    }
    trace_vcd_upscope(v);
    trace_vcd_enddefs(v);
    for (size_t s = 0; s < g->ns; s++) {
      slot_rt *sl = &g->slots[s];
      for (int l = 0; l < sl->mt->lanes; l++)
        trace_vcd_change(v, 0, sl->lanes[l].vcd_id, 3, (unsigned)sl->lanes[l].link.st);
      for (int p = 0; p < sl->mt->ports.nports; p++) trace_vcd_change(v, 0, sl->vcd_port[p], 1, sl->port_up[p]);
    }
  }

  trace_log(g->out.log, 0, "start", "%s: %zu slots, %zu ASICs", t->name, g->ns, g->na);
  graph__log_coolant(g, 0);
  sim_time_t nc = UINT64_MAX;
  for (size_t s = 0; s < g->ns; s++)
    for (int p = 0; p < g->slots[s].mt->ports.nports; p++) {
      sim_time_t c = traffic_next_change(&g->slots[s].prof[p], 0, t->ramp_step);
      if (c < nc) nc = c;
    }
  if (nc != UINT64_MAX && nc <= t->duration) sim_wake_at(g->p_traffic, nc);
  if (t->nscenario) sim_wake_at(g->p_scenario, t->scenario[0].at);
  sim_wake_cycle(g->p_thermal, g->d_thermal, 1);
  sim_wake_at(g->p_sample, 0);
  return g;
}

void graph_free(graph_t *g) {
  if (!g) return;
  for (size_t s = 0; s < g->ns; s++) free(g->slots[s].lanes);
  for (size_t i = 0; g->types && i < g->t->ntypes; i++) {
    for (size_t q = 0; q < g->types[i].ncache; q++) free(g->types[i].cache[q]);
    free(g->types[i].cache);
  }
  free(g->types);
  for (size_t l = 0; l < g->nl; l++)
    if (g->loops[l].use_net) hyd_free(&g->loops[l].net);
  free(g->loops);
  free(g->order);
  free(g->slots);
  free(g->asics);
  free(g->res_slot_power);
  free(g->res_slot_junction);
  free(g->res_slot_outlet);
  free(g->res_asic_power);
  free(g->res_asic_junction);
  free(g);
}
void graph__fail(graph_t *g, const char *fmt, ...) {
  if (g->failure[0]) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(g->failure, sizeof g->failure, fmt, ap);
  va_end(ap);
  trace_log(g->out.log, sim_now(g->sim), "error", "%s", g->failure);
  g->stopped = 1;
  sim_stop(g->sim);
}

const char *graph_failure(const graph_t *g) { return g->failure[0] ? g->failure : NULL; }

/* Energy in against heat out and heat stored: a balance that does not close
 * means the numbers cannot be trusted. */
static void check_energy(graph_t *g) {
  double stored = 0;
  for (size_t s = 0; s < g->ns + g->na; s++) {
    const heat_src_t *h = s < g->ns ? &g->slots[s].h : &g->asics[s - g->ns];
    stored += thermal_stored_j(&h->net, h->t0);
  }
  double err = g->e_in > 0 ? fabs(g->e_in - g->e_cool - g->e_air - stored) / g->e_in : 0;
  if (!(err <= g->t->energy_tolerance))
    graph__fail(g, "the energy balance does not close: error %.3g of the energy in, above solver.energy_tolerance %.3g",
                err, g->t->energy_tolerance);
}

int graph_run(graph_t *g, volatile sig_atomic_t *stop) {
  int rc = 0;
  for (sim_time_t t = 0; t < g->t->duration && rc == 0;) {
    if (stop && *stop) {
      rc = -1;
      break;
    }
    t = t + g->t->sample < g->t->duration ? t + g->t->sample : g->t->duration;
    rc = sim_run_until(g->sim, t);
  }
  for (size_t s = 0; s < g->ns; s++)
    for (int l = 0; l < g->slots[s].mt->lanes; l++) graph__lane_integrate(&g->slots[s].lanes[l], sim_now(g->sim));
  graph__fabric_integrate(g, sim_now(g->sim));
  graph__thermal_sync(g, sim_now(g->sim));
  if (!g->stopped && rc == 0) check_energy(g);
  if (g->stopped) rc = -1;
  /* No activation count here: it differs between fast and reference-step
   * mode by design, and the log must not (summary.json has it). */
  trace_log(g->out.log, sim_now(g->sim), rc ? "stopped" : "end", "%s", g->t->name);
  return rc;
}

void graph_results(graph_t *g, expect_data_t *d) {
  memset(d, 0, sizeof *d);
  double stored = 0;
  for (size_t s = 0; s < g->ns + g->na; s++) {
    const heat_src_t *h = s < g->ns ? &g->slots[s].h : &g->asics[s - g->ns];
    stored += thermal_stored_j(&h->net, h->t0);
  }
  d->kpi[KPI_THROUGHPUT_TBPS_MEAN] = stat_mean(&g->st_throughput) / 1e12; /* (bits - lost frames) / duration */
  d->kpi[KPI_THROUGHPUT_TBPS_MIN] = g->st_throughput.n ? g->st_throughput.min / 1e12 : 0;
  d->kpi[KPI_THROUGHPUT_TBPS_MAX] = g->st_throughput.n ? g->st_throughput.max / 1e12 : 0;
  d->kpi[KPI_POWER_W_PEAK] = g->st_power.max;
  d->kpi[KPI_POWER_W_MEAN] = stat_mean(&g->st_power); /* energy in / duration */
  d->kpi[KPI_ENERGY_IN_J] = g->e_in;
  d->kpi[KPI_HEAT_TO_COOLANT_J] = g->e_cool;
  d->kpi[KPI_HEAT_TO_AIR_J] = g->e_air;
  d->kpi[KPI_STORED_HEAT_J] = stored;
  d->kpi[KPI_ENERGY_BALANCE_ERROR] = g->e_in > 0 ? fabs(g->e_in - g->e_cool - g->e_air - stored) / g->e_in : 0;
  d->kpi[KPI_MAX_JUNCTION_C] = g->max_junction_c;
  d->kpi[KPI_MAX_COOLANT_C] = g->max_coolant_c;
  d->kpi[KPI_LINK_DOWN_S] = g->port_down_ps * SIM_S_PER_PS;
  d->kpi[KPI_FEED_CURRENT_A_PEAK] = g->st_power.max / g->t->feed_v;
  double flow = 0;
  for (size_t l = 0; l < g->nl; l++) flow += g->loops[l].flow_m3s;
  d->kpi[KPI_COOLANT_FLOW_LPM] = flow * 60e3;
  double tb = 0, lanes = 0;
  for (size_t s = 0; s < g->ns; s++) {
    tb += g->slots[s].mt->ports.nports * g->slots[s].mt->ports.rate_bps;
    lanes += g->slots[s].mt->lanes;
  }
  d->kpi[KPI_TBPS_PER_RU] = tb / 1e12; /* a cage is one rack unit */
  d->kpi[KPI_LANES_PER_RU] = lanes;
  d->kpi[KPI_THERMAL_STEPS] = (double)g->steps;
  const feed_rt *f = &g->feed;
  d->kpi[KPI_FEED_ENERGY_J] = f->e_feed;
  d->kpi[KPI_COMPONENTS_ENERGY_J] = f->e_comp;
  d->kpi[KPI_ASIC_ENERGY_J] = f->e_asic_core;
  d->kpi[KPI_DCDC_LOSS_J] = f->e_dcdc;
  d->kpi[KPI_VR_LOSS_J] = f->e_vr;
  d->kpi[KPI_CABLE_LOSS_J] = f->e_cable;
  d->kpi[KPI_BUSBAR_LOSS_J] = f->e_busbar;
  d->kpi[KPI_PSU_LOSS_J] = f->e_psu;
  d->kpi[KPI_BUS_VOLTAGE_MIN_V] = f->v_min;
  d->kpi[KPI_BROWNOUTS] = f->brownouts;
  d->kpi[KPI_THROTTLE_ACTIONS] = g->throttle_actions;
  d->kpi[KPI_POWER_CAP_ACTIONS] = g->cap_actions;
  d->kpi[KPI_THROTTLE_REACTION_S] = g->first_throttle && g->first_throttle >= g->last_fault && g->last_fault
                                        ? sim_to_s(g->first_throttle - g->last_fault)
                                        : -1;
  d->kpi[KPI_THERMAL_RUNAWAY] = g->runaway;
  d->kpi[KPI_UNCORRECTABLE_CODEWORDS] = (double)g->ucw_total;
  d->kpi[KPI_CORRECTED_SYMBOLS] = (double)g->corrected_total;
  d->kpi[KPI_PRE_FEC_BER_MAX] = g->ber_max;
  uint64_t flaps = 0;
  for (size_t s = 0; s < g->ns; s++)
    for (int l = 0; l < g->slots[s].mt->lanes; l++) flaps += g->slots[s].lanes[l].link.flaps;
  d->kpi[KPI_LINK_FLAPS] = (double)flaps;
  d->throughput = g->st_throughput;
  d->power = g->st_power;
  d->coolant_return = g->st_return;
  /* The per-element arrays live in the graph: valid while it lives. */
  for (size_t s = 0; s < g->ns; s++) {
    g->res_slot_power[s] = g->slots[s].h.st_power;
    g->res_slot_junction[s] = g->slots[s].h.st_junction;
    g->res_slot_outlet[s] = g->slots[s].h.st_outlet;
  }
  for (size_t a = 0; a < g->na; a++) {
    g->res_asic_power[a] = g->asics[a].st_power;
    g->res_asic_junction[a] = g->asics[a].st_junction;
  }
  d->slot_power = g->res_slot_power;
  d->slot_junction = g->res_slot_junction;
  d->slot_outlet = g->res_slot_outlet;
  d->asic_power = g->res_asic_power;
  d->asic_junction = g->res_asic_junction;
  d->nslots = g->ns;
  d->nasics = g->na;
}

double graph_slot_flow_lpm(const graph_t *g, size_t s) { return s < g->ns ? g->slots[s].h.q_m3s * 60e3 : 0; }
double graph_asic_flow_lpm(const graph_t *g, size_t a) { return a < g->na ? g->asics[a].q_m3s * 60e3 : 0; }

static const char *const SWITCH_COLS[] = {"throughput_tbps", "offered_tbps",   "power_w",  "modules_power_w",
                                          "asics_power_w",   "feed_current_a", "supply_c", "return_c",
                                          "max_junction_c",  "flow_lpm"};

const char *const *graph_switch_columns(const topo_t *t, size_t *n) {
  (void)t;
  *n = sizeof SWITCH_COLS / sizeof SWITCH_COLS[0];
  return SWITCH_COLS;
}

static char **columns(size_t count, const char *prefix, const char *const *names, size_t per) {
  char **c = calloc(count * per + 1, sizeof *c);
  if (!c) abort();
  for (size_t i = 0; i < count; i++)
    for (size_t k = 0; k < per; k++) {
      char buf[64];
      snprintf(buf, sizeof buf, "%s%zu_%s", prefix, i, names[k]);
      c[i * per + k] = malloc(strlen(buf) + 1);
      if (!c[i * per + k]) abort();
      strcpy(c[i * per + k], buf);
    }
  return c;
}

char **graph_slot_columns(const topo_t *t, size_t *n) {
  static const char *const names[] = {"power_w", "junction_c", "outlet_c", "throughput_gbps", "corrected_symbols"};
  *n = t->nslots * 5;
  return columns(t->nslots, "slot", names, 5);
}

char **graph_port_columns(const topo_t *t, size_t *n) {
  size_t total = 0;
  for (size_t s = 0; s < t->nslots; s++) total += (size_t)t->types[t->slots[s].type].ports.nports;
  char **c = calloc(total * 3 + 1, sizeof *c);
  if (!c) abort();
  size_t k = 0;
  static const char *const names[] = {"throughput_gbps", "up", "pre_fec_ber"};
  for (size_t s = 0; s < t->nslots; s++)
    for (int p = 0; p < t->types[t->slots[s].type].ports.nports; p++)
      for (int i = 0; i < 3; i++) {
        char buf[64];
        snprintf(buf, sizeof buf, "slot%zu_port%d_%s", s, p, names[i]);
        c[k] = malloc(strlen(buf) + 1);
        if (!c[k]) abort();
        strcpy(c[k++], buf);
      }
  *n = k;
  return c;
}

char **graph_asic_columns(const topo_t *t, size_t *n) {
  static const char *const names[] = {"power_w", "junction_c", "outlet_c"};
  *n = (size_t)t->n_asics * 3;
  return columns((size_t)t->n_asics, "asic", names, 3);
}

static char *dupf(const char *fmt, const char *a, size_t i, const char *b) {
  char buf[128];
  snprintf(buf, sizeof buf, fmt, a, i, b);
  char *d = malloc(strlen(buf) + 1);
  if (!d) abort();
  strcpy(d, buf);
  return d;
}

char **graph_coolant_columns(const topo_t *t, size_t *n) {
  size_t nd = t->nslots + (size_t)t->n_asics, k = 0;
  char **c = calloc(t->nloops * 4 + nd * 4 + 1, sizeof *c);
  if (!c) abort();
  static const char *const lcols[] = {"flow_lpm", "head_kpa", "supply_c", "return_c"};
  static const char *const bcols[] = {"flow_lpm", "dp_kpa", "inlet_c", "outlet_c"};
  for (size_t l = 0; l < t->nloops; l++)
    for (int j = 0; j < 4; j++) {
      char buf[96];
      snprintf(buf, sizeof buf, "loop_%s_%s", t->loops[l].name, lcols[j]);
      c[k] = malloc(strlen(buf) + 1);
      if (!c[k]) abort();
      strcpy(c[k++], buf);
    }
  for (size_t i = 0; i < nd; i++)
    for (int j = 0; j < 4; j++)
      c[k++] = dupf("%s%zu_%s", i < t->nslots ? "slot" : "asic", i < t->nslots ? i : i - t->nslots, bcols[j]);
  *n = k;
  return c;
}

char **graph_thermal_columns(const topo_t *t, size_t *n) {
  size_t nd = t->nslots + (size_t)t->n_asics, k = 0;
  char **c = calloc(nd * THERMAL_MAX_NODES + 1, sizeof *c);
  if (!c) abort();
  for (size_t i = 0; i < nd; i++) {
    const thermal_plate_cfg_t *tc = i < t->nslots ? &t->types[t->slots[i].type].thermal : &t->asic_thermal;
    const char *pre = i < t->nslots ? "slot" : "asic";
    size_t idx = i < t->nslots ? i : i - t->nslots;
    c[k++] = dupf("%s%zu_%s", pre, idx, "plate_c");
    for (int s = 0; s < tc->nsources; s++) { /* the node order of thermal_plate_init */
      char nm[64];
      snprintf(nm, sizeof nm, "%s_junction_c", tc->src[s].name);
      c[k++] = dupf("%s%zu_%s", pre, idx, nm);
      if (tc->src[s].r_case_plate_k_per_w > 0) {
        snprintf(nm, sizeof nm, "%s_case_c", tc->src[s].name);
        c[k++] = dupf("%s%zu_%s", pre, idx, nm);
      }
    }
  }
  *n = k;
  return c;
}

char **graph_power_columns(const topo_t *t, size_t *n) {
  static const char *const sw[] = {"bus_v",        "bus_current_a", "psu_input_w",  "psu_loss_w", "busbar_loss_w",
                                   "cable_loss_w", "vr_loss_w",     "psus_working", "budget_w"};
  size_t total = 9;
  for (size_t s2 = 0; s2 < t->nslots; s2++) total += 3 + (size_t)t->types[t->slots[s2].type].power.n;
  char **c = calloc(total + 1, sizeof *c);
  if (!c) abort();
  size_t k = 0;
  for (int i = 0; i < 9; i++) {
    c[k] = malloc(strlen(sw[i]) + 1);
    if (!c[k]) abort();
    strcpy(c[k++], sw[i]);
  }
  for (size_t s2 = 0; s2 < t->nslots; s2++) {
    const module_power_cfg_t *mc = &t->types[t->slots[s2].type].power;
    c[k++] = dupf("%s%zu_%s", "slot", s2, "input_w");
    c[k++] = dupf("%s%zu_%s", "slot", s2, "input_v");
    c[k++] = dupf("%s%zu_%s", "slot", s2, "dcdc_loss_w");
    for (int j = 0; j < mc->n; j++) {
      char nm[48];
      snprintf(nm, sizeof nm, "%s_w", mc->c[j].name);
      c[k++] = dupf("%s%zu_%s", "slot", s2, nm);
    }
  }
  *n = k;
  return c;
}

size_t graph_loops(const graph_t *g) { return g->nl; }

void graph_loop_result(const graph_t *g, size_t l, const char **name, double *flow_lpm, double *head_kpa) {
  *name = g->loops[l].cfg->name;
  *flow_lpm = g->loops[l].flow_m3s * 60e3;
  *head_kpa = g->loops[l].head_pa * 1e-3;
}

void graph_free_columns(char **cols, size_t n) {
  if (!cols) return;
  for (size_t i = 0; i < n; i++) free(cols[i]);
  free(cols);
}
