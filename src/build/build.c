/*
 * build.c: the model graph. Holds the per-slot and per-ASIC state, creates the
 * kernel processes and couples the models. Physics lives in models/; this file
 * decides what runs when and what feeds what.
 */
#include "build.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asic.h"
#include "coolant.h"
#include "lane.h"
#include "module.h"
#include "thermal.h"
#include "traffic.h"

/* Process priorities: order inside one time point (sim.h). */
enum { PRIO_SCENARIO = 0, PRIO_TRAFFIC = 1, PRIO_HYDRAULICS = 2, PRIO_FABRIC = 3, PRIO_THERMAL = 4, PRIO_SAMPLE = 9 };

typedef struct heat_src {
  thermal_net_t net;
  double t0[THERMAL_MAX_NODES]; /* initial temperatures, for stored heat */
  double k_branch;              /* Pa/(m^3/s)^2 */
  double q_m3s, mdot_cp;        /* branch flow and capacity rate */
  double power_w;               /* applied over the last thermal step */
  double outlet_c;
  double bits;                  /* carried (or switched) bits up to t_fabric */
  double bits_step;             /* bits at the last thermal step */
  double energy_j;              /* applied electrical energy, for trace means */
  double energy_sample;         /* energy at the last sample */
  double carried_bps;           /* current rate */
  stat_acc_t st_power, st_junction, st_outlet;
} heat_src_t;

typedef struct slot_rt {
  const topo_module_type_t *mt;
  heat_src_t h;
  uint8_t lane_up[LANE_MAX_PER_MODULE];
  traffic_profile_t prof[LANE_MAX_PER_MODULE]; /* per port */
  double offered_bps[LANE_MAX_PER_MODULE];     /* per port, held until the next change */
  double want_bps[LANE_MAX_PER_MODULE];        /* per port, after lane capacity */
  int ports_down;
  int capped;
  double bits_sample;
} slot_rt;

struct graph {
  const topo_t *t;
  sim_t *sim;
  graph_sinks_t out;
  slot_rt *slots;
  heat_src_t *asics;
  size_t ns, na;

  sim_domain_t *d_thermal, *d_sample;
  sim_proc_t *p_scenario, *p_traffic, *p_fabric, *p_thermal, *p_sample, *p_hydraulics;
  sim_signal_t *sig_offered, *sig_lanes, *sig_supply;
  size_t next_event;

  /* fabric */
  sim_time_t t_fabric;
  double total_bits, bits_sample;
  double carried_bps, offered_bps;
  double port_down_ps; /* port·ps */
  stat_acc_t st_throughput;

  /* coolant */
  fluid_props_t fp;
  double flow_m3s, return_c;
  stat_acc_t st_return;

  /* energy */
  double e_in, e_cool, e_air, e_in_sample;
  double power_w; /* total over the last thermal step */
  stat_acc_t st_power;
  double max_junction_c, max_coolant_c;
  int stopped;
  stat_acc_t *res_slot_power, *res_slot_junction, *res_slot_outlet, *res_asic_power, *res_asic_junction;
};

/* ---- traffic and fabric ---- */

static int port_selected(const topo_traffic_t *g, int port) {
  return port < 128 && (g->ports[port / 64] >> (port % 64)) & 1;
}

/* Hold each port's load at its exact mean until its next change; arm the
 * traffic process for the earliest change. */
static void traffic_update(graph_t *g, sim_time_t now) {
  sim_time_t next = UINT64_MAX;
  double offered = 0;
  for (size_t s = 0; s < g->ns; s++) {
    slot_rt *sl = &g->slots[s];
    for (int p = 0; p < sl->mt->ports.nports; p++) {
      sim_time_t nc = traffic_next_change(&sl->prof[p], now, g->t->ramp_step);
      sim_time_t end = nc == UINT64_MAX ? now + SIM_MS : nc;
      double load = traffic_mean(&sl->prof[p], now, end);
      sl->offered_bps[p] = load * sl->mt->ports.rate_bps;
      offered += sl->offered_bps[p];
      if (nc < next) next = nc;
    }
  }
  g->offered_bps = offered;
  if (g->p_traffic && next != UINT64_MAX && next <= g->t->duration) sim_wake_at(g->p_traffic, next);
}

/* Integrate carried bits and port-down time from t_fabric to now. */
static void fabric_integrate(graph_t *g, sim_time_t now) {
  if (now <= g->t_fabric) return;
  double dt_s = (double)(now - g->t_fabric) * 1e-12;
  for (size_t s = 0; s < g->ns; s++) g->slots[s].h.bits += g->slots[s].h.carried_bps * dt_s;
  for (size_t a = 0; a < g->na; a++) g->asics[a].bits += g->asics[a].carried_bps * dt_s;
  g->total_bits += g->carried_bps * dt_s;
  double down = 0;
  for (size_t s = 0; s < g->ns; s++) down += g->slots[s].ports_down;
  g->port_down_ps += down * (double)(now - g->t_fabric);
  stat_add(&g->st_throughput, g->carried_bps);
  g->t_fabric = now;
}

/* Ports carry min(offered, up-lane capacity); each ASIC scales its ports
 * down to its capacity in proportion to what they want. */
static void fabric_recompute(graph_t *g) {
  double *want = malloc(g->ns * sizeof *want), *got = malloc(g->ns * sizeof *got);
  if (!want || !got) abort();
  for (size_t s = 0; s < g->ns; s++) {
    slot_rt *sl = &g->slots[s];
    const port_cfg_t *pc = &sl->mt->ports;
    double w = 0;
    int down = 0;
    for (int p = 0; p < pc->nports; p++) {
      double cap = port_capacity_bps(sl->lane_up, p * pc->lanes_per_port, pc->lanes_per_port, sl->mt->lane.payload_bps);
      if (cap < pc->rate_bps) down++;
      sl->want_bps[p] = port_carried_bps(sl->offered_bps[p], cap);
      w += sl->want_bps[p];
    }
    sl->ports_down = down;
    want[s] = w;
  }
  double total = 0;
  for (size_t a = 0; a < g->na; a++) {
    /* Gather this ASIC's slots, share, scatter back. */
    size_t k = 0;
    double *wv = malloc((g->ns ? g->ns : 1) * sizeof *wv), *gv = malloc((g->ns ? g->ns : 1) * sizeof *gv);
    size_t *idx = malloc((g->ns ? g->ns : 1) * sizeof *idx);
    if (!wv || !gv || !idx) abort();
    for (size_t s = 0; s < g->ns; s++)
      if ((size_t)g->t->slots[s].asic == a) idx[k] = s, wv[k++] = want[s];
    g->asics[a].carried_bps = asic_share(g->t->asic_capacity_bps, wv, k, gv);
    for (size_t i = 0; i < k; i++) got[idx[i]] = gv[i];
    total += g->asics[a].carried_bps;
    free(wv);
    free(gv);
    free(idx);
  }
  for (size_t s = 0; s < g->ns; s++) g->slots[s].h.carried_bps = g->na ? got[s] : 0;
  g->carried_bps = total;
  free(want);
  free(got);
}

static void on_traffic(sim_t *sim, void *ctx) {
  graph_t *g = ctx;
  traffic_update(g, sim_now(sim));
  sim_write(g->sig_offered, sim_read(g->sig_offered) + 1);
}

static void on_fabric(sim_t *sim, void *ctx) {
  graph_t *g = ctx;
  fabric_integrate(g, sim_now(sim));
  fabric_recompute(g);
}

/* ---- coolant ---- */

static void hydraulics(graph_t *g, double supply_c) {
  fluid_props(g->t->fluid, supply_c, &g->fp);
  size_t n = g->ns + g->na;
  double *k = malloc((n ? n : 1) * sizeof *k), *q = malloc((n ? n : 1) * sizeof *q);
  if (!k || !q) abort();
  double rated = 0;
  for (size_t i = 0; i < g->ns; i++) {
    k[i] = g->slots[i].h.k_branch;
    rated += g->slots[i].mt->branch_flow_m3_per_s;
  }
  for (size_t a = 0; a < g->na; a++) {
    k[g->ns + a] = g->asics[a].k_branch;
    rated += g->t->asic_branch_flow_m3_per_s;
  }
  double total;
  if (g->t->pumped) {
    double b = g->t->pump_shutoff_pa / (g->t->pump_max_flow_m3_per_s * g->t->pump_max_flow_m3_per_s);
    total = coolant_pump_flow(g->t->pump_shutoff_pa, b, coolant_parallel_k(k, n));
  } else {
    total = g->t->flow_m3_per_s > 0 ? g->t->flow_m3_per_s : rated; /* default: every branch at its rating */
  }
  coolant_split(k, n, total, q);
  g->flow_m3s = total;
  double c = g->fp.rho_kg_per_m3 * g->fp.cp_j_per_kg_k;
  for (size_t i = 0; i < g->ns; i++) {
    g->slots[i].h.q_m3s = q[i];
    g->slots[i].h.mdot_cp = q[i] * c;
  }
  for (size_t a = 0; a < g->na; a++) {
    g->asics[a].q_m3s = q[g->ns + a];
    g->asics[a].mdot_cp = q[g->ns + a] * c;
  }
  free(k);
  free(q);
}

static void on_hydraulics(sim_t *sim, void *ctx) {
  graph_t *g = ctx;
  double sup = sim_read(g->sig_supply);
  hydraulics(g, sup);
  trace_log(g->out.log, sim_now(sim), "coolant", "supply %.3g C, loop flow %.4g L/min, cp %.5g J/(kg K)", sup,
            g->flow_m3s * 60e3, g->fp.cp_j_per_kg_k);
}

/* ---- thermal ---- */

/* One step of one heat source; p0/slope at the old temperature, capped. */
static int heat_step(heat_src_t *h, const thermal_plate_cfg_t *tc, double dt_s, double p0, double slope,
                     double max_w, double t_in, double t_air, thermal_flux_t *fx) {
  h->net.g_cool_w_per_k[THERMAL_PLATE] = coolant_g_eff(tc->r_plate_coolant_k_per_w, h->mdot_cp);
  double p[THERMAL_MAX_NODES] = {0}, s[THERMAL_MAX_NODES] = {0};
  p[THERMAL_JUNCTION] = p0 < max_w ? p0 : max_w;
  s[THERMAL_JUNCTION] = p0 < max_w ? slope : 0;
  thermal_net_t saved = h->net;
  if (thermal_step(&h->net, dt_s, p, s, t_in, t_air, fx)) return -1;
  if (fx->p_applied_w[THERMAL_JUNCTION] > max_w) { /* linearisation crossed the cap: hold at it */
    h->net = saved;
    p[THERMAL_JUNCTION] = max_w;
    s[THERMAL_JUNCTION] = 0;
    if (thermal_step(&h->net, dt_s, p, s, t_in, t_air, fx)) return -1;
  }
  h->power_w = fx->p_applied_w[THERMAL_JUNCTION];
  h->outlet_c = coolant_outlet_c(t_in, fx->q_cool_w, h->mdot_cp);
  return 0;
}

/* Bits carried by h over the last thermal step, as a rate. */
static double step_rate(graph_t *g, heat_src_t *h, sim_time_t now, double dt_s) {
  double bits_now = h->bits + h->carried_bps * (double)(now - g->t_fabric) * 1e-12;
  double r = (bits_now - h->bits_step) / dt_s;
  h->bits_step = bits_now;
  return r;
}

static int thermal_all(graph_t *g, sim_time_t now, double dt_s) {
  const topo_t *t = g->t;
  double t_in = sim_read(g->sig_supply), t_air = t->air_c;
  double total_p = 0, mix = 0, cap_rate = 0;
  for (size_t s = 0; s < g->ns; s++) {
    slot_rt *sl = &g->slots[s];
    heat_src_t *h = &sl->h;
    double bps = dt_s > 0 ? step_rate(g, h, now, dt_s) : h->carried_bps;
    double slope;
    double p0 = module_power_w(&sl->mt->power, bps, h->net.t_c[THERMAL_JUNCTION], &slope);
    thermal_flux_t fx;
    if (dt_s > 0) {
      if (heat_step(h, &sl->mt->thermal, dt_s, p0, slope, sl->mt->power.max_w, t_in, t_air, &fx)) return -1;
    } else { /* steady state: Newton on the leakage, a few iterations */
      int it;
      for (it = 0; it < 50; it++) {
        double tj = h->net.t_c[THERMAL_JUNCTION];
        p0 = module_power_w(&sl->mt->power, bps, tj, &slope);
        if (heat_step(h, &sl->mt->thermal, 0, p0, slope, sl->mt->power.max_w, t_in, t_air, &fx)) return -1;
        if (fabs(h->net.t_c[THERMAL_JUNCTION] - tj) < 1e-9) break;
      }
      if (it == 50) return -1;
    }
    int capped = p0 >= sl->mt->power.max_w;
    if (capped != sl->capped)
      trace_log(g->out.log, now, capped ? "power-cap" : "power-uncap", "slot[%zu] %s at %.1f W", s,
                capped ? "held at its cap" : "below its cap again", sl->mt->power.max_w);
    sl->capped = capped;
    if (dt_s > 0) {
      g->e_in += h->power_w * dt_s;
      g->e_cool += fx.q_cool_w * dt_s;
      g->e_air += fx.q_air_w * dt_s;
      h->energy_j += h->power_w * dt_s;
    }
    total_p += h->power_w;
    mix += h->mdot_cp * h->outlet_c;
    cap_rate += h->mdot_cp;
    stat_add(&h->st_power, h->power_w);
    stat_add(&h->st_junction, h->net.t_c[THERMAL_JUNCTION]);
    stat_add(&h->st_outlet, h->outlet_c);
  }
  for (size_t a = 0; a < g->na; a++) {
    heat_src_t *h = &g->asics[a];
    double bps = dt_s > 0 ? step_rate(g, h, now, dt_s) : h->carried_bps;
    double p0 = asic_power_w(&t->asic_power, bps);
    thermal_flux_t fx;
    if (heat_step(h, &t->asic_thermal, dt_s, p0, 0, INFINITY, t_in, t_air, &fx)) return -1;
    if (dt_s > 0) {
      g->e_in += h->power_w * dt_s;
      g->e_cool += fx.q_cool_w * dt_s;
      g->e_air += fx.q_air_w * dt_s;
      h->energy_j += h->power_w * dt_s;
    }
    total_p += h->power_w;
    mix += h->mdot_cp * h->outlet_c;
    cap_rate += h->mdot_cp;
    stat_add(&h->st_power, h->power_w);
    stat_add(&h->st_junction, h->net.t_c[THERMAL_JUNCTION]);
    stat_add(&h->st_outlet, h->outlet_c);
  }
  g->power_w = total_p;
  g->return_c = cap_rate > 0 ? mix / cap_rate : t_in;
  stat_add(&g->st_power, total_p);
  stat_add(&g->st_return, g->return_c);
  for (size_t s = 0; s < g->ns + g->na; s++) {
    heat_src_t *h = s < g->ns ? &g->slots[s].h : &g->asics[s - g->ns];
    if (h->net.t_c[THERMAL_JUNCTION] > g->max_junction_c) g->max_junction_c = h->net.t_c[THERMAL_JUNCTION];
    if (h->outlet_c > g->max_coolant_c) g->max_coolant_c = h->outlet_c;
  }
  return 0;
}

static void on_thermal(sim_t *sim, void *ctx) {
  graph_t *g = ctx;
  sim_time_t now = sim_now(sim);
  if (thermal_all(g, now, (double)g->t->thermal_step * 1e-12)) {
    trace_log(g->out.log, now, "error", "thermal network has no solution");
    g->stopped = 1;
    sim_stop(sim);
    return;
  }
  if (now < g->t->duration) sim_wake_cycle(g->p_thermal, g->d_thermal, sim_cycle_after(g->d_thermal, now));
}

/* ---- sampling ---- */

static void sample_row(graph_t *g, sim_time_t now) {
  double dt_s = (double)g->t->sample * 1e-12;
  int first = now == 0;
  double bits_now = g->total_bits + g->carried_bps * (double)(now - g->t_fabric) * 1e-12;
  double thr = first ? g->carried_bps : (bits_now - g->bits_sample) / dt_s;
  double pw = first ? g->power_w : (g->e_in - g->e_in_sample) / dt_s;
  g->bits_sample = bits_now;
  g->e_in_sample = g->e_in;
  double mods = 0, asics = 0, maxj = -INFINITY;
  double *sv = malloc((g->ns * 4 + 1) * sizeof *sv), *av = malloc((g->na * 3 + 1) * sizeof *av);
  if (!sv || !av) abort();
  for (size_t s = 0; s < g->ns; s++) {
    slot_rt *sl = &g->slots[s];
    heat_src_t *h = &sl->h;
    double b = h->bits + h->carried_bps * (double)(now - g->t_fabric) * 1e-12;
    double p = first ? h->power_w : (h->energy_j - h->energy_sample) / dt_s;
    double r = first ? h->carried_bps : (b - sl->bits_sample) / dt_s;
    sl->bits_sample = b;
    h->energy_sample = h->energy_j;
    mods += p;
    if (h->net.t_c[THERMAL_JUNCTION] > maxj) maxj = h->net.t_c[THERMAL_JUNCTION];
    sv[4 * s + 0] = p;
    sv[4 * s + 1] = h->net.t_c[THERMAL_JUNCTION];
    sv[4 * s + 2] = h->outlet_c;
    sv[4 * s + 3] = r / 1e9;
  }
  for (size_t a = 0; a < g->na; a++) {
    heat_src_t *h = &g->asics[a];
    double p = first ? h->power_w : (h->energy_j - h->energy_sample) / dt_s;
    h->energy_sample = h->energy_j;
    asics += p;
    if (h->net.t_c[THERMAL_JUNCTION] > maxj) maxj = h->net.t_c[THERMAL_JUNCTION];
    av[3 * a + 0] = p;
    av[3 * a + 1] = h->net.t_c[THERMAL_JUNCTION];
    av[3 * a + 2] = h->outlet_c;
  }
  double row[10] = {thr / 1e12, g->offered_bps / 1e12,   pw,          mods, asics, pw / g->t->feed_v,
                    sim_read(g->sig_supply), g->return_c, maxj, g->flow_m3s * 60e3};
  if (g->out.sw) trace_csv_row(g->out.sw, now, row);
  if (g->out.slots) trace_csv_row(g->out.slots, now, sv);
  if (g->out.asics && g->na) trace_csv_row(g->out.asics, now, av);
  free(sv);
  free(av);
}

static void on_sample(sim_t *sim, void *ctx) {
  graph_t *g = ctx;
  sim_time_t now = sim_now(sim);
  sample_row(g, now);
  if (now < g->t->duration) sim_wake_cycle(g->p_sample, g->d_sample, sim_cycle_after(g->d_sample, now));
}

/* ---- scenario ---- */

static void on_scenario(sim_t *sim, void *ctx) {
  graph_t *g = ctx;
  const topo_t *t = g->t;
  sim_time_t now = sim_now(sim);
  while (g->next_event < t->nscenario && t->scenario[g->next_event].at <= now) {
    const scn_event_t *e = &t->scenario[g->next_event++];
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
      trace_log(g->out.log, now, "supply", "coolant supply set to %.4g C", e->value);
      sim_write(g->sig_supply, e->value);
      break;
    case SCN_LANE_DOWN:
    case SCN_LANE_UP: {
      slot_rt *sl = &g->slots[e->slot];
      int up = e->kind == SCN_LANE_UP;
      int lo = e->lane < 0 ? 0 : e->lane, hi = e->lane < 0 ? sl->mt->lanes : e->lane + 1;
      for (int l = lo; l < hi; l++) sl->lane_up[l] = (uint8_t)up;
      if (e->lane < 0) trace_log(g->out.log, now, up ? "lane-up" : "lane-down", "slot[%d] all lanes", e->slot);
      else trace_log(g->out.log, now, up ? "lane-up" : "lane-down", "slot[%d].lane[%d]", e->slot, e->lane);
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
  thermal_plate_init(&h->net, tc, t0);
  h->k_branch = coolant_branch_k(dp, q);
  stat_init(&h->st_power);
  stat_init(&h->st_junction);
  stat_init(&h->st_outlet);
}

graph_t *graph_new(const topo_t *t, sim_t *sim, const graph_sinks_t *sinks, char *why, size_t whysz) {
  graph_t *g = calloc(1, sizeof *g);
  if (!g) abort();
  g->t = t;
  g->sim = sim;
  if (sinks) g->out = *sinks;
  g->ns = t->nslots;
  g->na = (size_t)t->n_asics;
  g->slots = calloc(g->ns ? g->ns : 1, sizeof *g->slots);
  g->asics = calloc(g->na ? g->na : 1, sizeof *g->asics);
  g->res_slot_power = calloc(g->ns + 1, sizeof(stat_acc_t));
  g->res_slot_junction = calloc(g->ns + 1, sizeof(stat_acc_t));
  g->res_slot_outlet = calloc(g->ns + 1, sizeof(stat_acc_t));
  g->res_asic_power = calloc(g->na + 1, sizeof(stat_acc_t));
  g->res_asic_junction = calloc(g->na + 1, sizeof(stat_acc_t));
  if (!g->slots || !g->asics || !g->res_slot_power || !g->res_slot_junction || !g->res_slot_outlet ||
      !g->res_asic_power || !g->res_asic_junction)
    abort();
  stat_init(&g->st_throughput);
  stat_init(&g->st_power);
  stat_init(&g->st_return);
  g->max_junction_c = -INFINITY;
  g->max_coolant_c = -INFINITY;

  for (size_t s = 0; s < g->ns; s++) {
    slot_rt *sl = &g->slots[s];
    sl->mt = &t->types[t->slots[s].type];
    heat_init(&sl->h, &sl->mt->thermal, t->supply_c, sl->mt->branch_dp_pa, sl->mt->branch_flow_m3_per_s);
    memset(sl->lane_up, 1, sizeof sl->lane_up);
    /* Later traffic entries override earlier ones on the same ports. */
    for (size_t k = 0; k < t->ntraffic; k++)
      if (t->traffic[k].slots[s])
        for (int p = 0; p < sl->mt->ports.nports; p++)
          if (port_selected(&t->traffic[k], p)) sl->prof[p] = t->traffic[k].profile;
  }
  for (size_t a = 0; a < g->na; a++)
    heat_init(&g->asics[a], &t->asic_thermal, t->supply_c, t->asic_branch_dp_pa, t->asic_branch_flow_m3_per_s);

  g->d_thermal = sim_domain(sim, "thermal", t->thermal_step);
  g->d_sample = sim_domain(sim, "sample", t->sample);
  g->sig_offered = sim_signal(sim, "traffic.offered_generation", 0);
  g->sig_lanes = sim_signal(sim, "lanes.generation", 0);
  g->sig_supply = sim_signal(sim, "coolant.supply_c", t->supply_c);

  /* Elaboration: the state at t = 0, computed by the same functions the
   * processes call later. */
  hydraulics(g, t->supply_c);
  traffic_update(g, 0);
  fabric_recompute(g);
  if (t->initial_steady) {
    if (thermal_all(g, 0, 0)) {
      snprintf(why, whysz, "no steady state at t = 0: the thermal design runs away (leakage outgrows cooling) "
               "or has no path to the coolant");
      graph_free(g);
      return NULL;
    }
  } else { /* everything starts at the coolant supply temperature */
    for (size_t s = 0; s < g->ns + g->na; s++) {
      heat_src_t *h = s < g->ns ? &g->slots[s].h : &g->asics[s - g->ns];
      double p = s < g->ns ? module_power_w(&g->slots[s].mt->power, h->carried_bps, t->supply_c, NULL)
                           : asic_power_w(&t->asic_power, h->carried_bps);
      double cap = s < g->ns ? g->slots[s].mt->power.max_w : INFINITY;
      h->power_w = p < cap ? p : cap;
      h->outlet_c = t->supply_c;
      g->power_w += h->power_w;
    }
    g->return_c = t->supply_c;
  }
  for (size_t s = 0; s < g->ns + g->na; s++) {
    heat_src_t *h = s < g->ns ? &g->slots[s].h : &g->asics[s - g->ns];
    memcpy(h->t0, h->net.t_c, sizeof h->t0);
  }

  g->p_scenario = sim_process(sim, "scenario", PRIO_SCENARIO, on_scenario, g);
  g->p_traffic = sim_process(sim, "traffic", PRIO_TRAFFIC, on_traffic, g);
  g->p_hydraulics = sim_process(sim, "hydraulics", PRIO_HYDRAULICS, on_hydraulics, g);
  g->p_fabric = sim_process(sim, "fabric", PRIO_FABRIC, on_fabric, g);
  g->p_thermal = sim_process(sim, "thermal", PRIO_THERMAL, on_thermal, g);
  g->p_sample = sim_process(sim, "sample", PRIO_SAMPLE, on_sample, g);
  sim_subscribe(g->sig_offered, g->p_fabric);
  sim_subscribe(g->sig_lanes, g->p_fabric);
  sim_subscribe(g->sig_supply, g->p_hydraulics);

  trace_log(g->out.log, 0, "start", "%s: %zu slots, %zu ASICs", t->name, g->ns, g->na);
  trace_log(g->out.log, 0, "coolant", "supply %.3g C, loop flow %.4g L/min, cp %.5g J/(kg K)", t->supply_c,
            g->flow_m3s * 60e3, g->fp.cp_j_per_kg_k);
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
  free(g->slots);
  free(g->asics);
  free(g->res_slot_power);
  free(g->res_slot_junction);
  free(g->res_slot_outlet);
  free(g->res_asic_power);
  free(g->res_asic_junction);
  free(g);
}

int graph_run(graph_t *g) {
  int rc = sim_run_until(g->sim, g->t->duration);
  fabric_integrate(g, sim_now(g->sim));
  if (g->stopped) rc = -1;
  trace_log(g->out.log, sim_now(g->sim), rc ? "stopped" : "end", "%llu activations",
            (unsigned long long)sim_activations(g->sim));
  return rc;
}

void graph_results(graph_t *g, expect_data_t *d) {
  memset(d, 0, sizeof *d);
  double dur = (double)g->t->duration * 1e-12;
  double stored = 0;
  for (size_t s = 0; s < g->ns + g->na; s++) {
    const heat_src_t *h = s < g->ns ? &g->slots[s].h : &g->asics[s - g->ns];
    stored += thermal_stored_j(&h->net, h->t0);
  }
  d->kpi[KPI_THROUGHPUT_TBPS_MEAN] = g->total_bits / dur / 1e12;
  d->kpi[KPI_THROUGHPUT_TBPS_MIN] = g->st_throughput.n ? g->st_throughput.min / 1e12 : 0;
  d->kpi[KPI_THROUGHPUT_TBPS_MAX] = g->st_throughput.n ? g->st_throughput.max / 1e12 : 0;
  d->kpi[KPI_POWER_W_PEAK] = g->st_power.max;
  d->kpi[KPI_POWER_W_MEAN] = g->e_in / dur;
  d->kpi[KPI_ENERGY_IN_J] = g->e_in;
  d->kpi[KPI_HEAT_TO_COOLANT_J] = g->e_cool;
  d->kpi[KPI_HEAT_TO_AIR_J] = g->e_air;
  d->kpi[KPI_STORED_HEAT_J] = stored;
  d->kpi[KPI_ENERGY_BALANCE_ERROR] = g->e_in > 0 ? fabs(g->e_in - g->e_cool - g->e_air - stored) / g->e_in : 0;
  d->kpi[KPI_MAX_JUNCTION_C] = g->max_junction_c;
  d->kpi[KPI_MAX_COOLANT_C] = g->max_coolant_c;
  d->kpi[KPI_LINK_DOWN_S] = g->port_down_ps * 1e-12;
  d->kpi[KPI_FEED_CURRENT_A_PEAK] = g->st_power.max / g->t->feed_v;
  d->kpi[KPI_COOLANT_FLOW_LPM] = g->flow_m3s * 60e3;
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
  static const char *const names[] = {"power_w", "junction_c", "outlet_c", "throughput_gbps"};
  *n = t->nslots * 4;
  return columns(t->nslots, "slot", names, 4);
}

char **graph_asic_columns(const topo_t *t, size_t *n) {
  static const char *const names[] = {"power_w", "junction_c", "outlet_c"};
  *n = (size_t)t->n_asics * 3;
  return columns((size_t)t->n_asics, "asic", names, 3);
}

void graph_free_columns(char **cols, size_t n) {
  if (!cols) return;
  for (size_t i = 0; i < n; i++) free(cols[i]);
  free(cols);
}
