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
#include "fec.h"
#include "lane.h"
#include "link.h"
#include "module.h"
#include "rng.h"
#include "thermal.h"
#include "traffic.h"

/* Process priorities: order inside one time point (sim.h). */
/* A codeword that ends at t was sent before anything that happens at t, so
 * lanes (link timers, then uncorrectable codewords) are judged first, in the
 * same order in fast and reference-step mode. */
enum {
  PRIO_LANE = -2,
  PRIO_CODEWORD = -1,
  PRIO_SCENARIO = 0,
  PRIO_TRAFFIC = 1,
  PRIO_HYDRAULICS = 2,
  PRIO_PHY = 3,
  PRIO_FABRIC = 6,
  PRIO_THERMAL = 7,
  PRIO_SAMPLE = 9
};

/* The SNR grid on which codeword statistics are cached, per module type. */
#define SNR_LO_DB (-20.0)
#define SNR_HI_DB 80.0

struct graph;
struct slot_rt;

typedef struct type_rt {
  const topo_module_type_t *mt;
  sim_time_t cw_ps; /* the lane's cycle: one RS codeword */
  double cw_s;
  double ucw_lost_bits; /* codeword data bits + one frame */
  fec_dist_t **cache;
  size_t ncache;
  sim_domain_t *d_cw;
} type_rt;

typedef struct lane_rt {
  struct graph *g;
  struct slot_rt *sl;
  int idx, port;
  link_t link;
  rng_t rng;      /* errors: uncorrectable codewords, corrected counts */
  rng_t rng_skew; /* skew at each training */
  double offset_db;
  int q; /* SNR grid index of dist */
  const fec_dist_t *dist;
  double lambda; /* uncorrectable codewords per second while carrying */
  double hazard, threshold;
  double corr_mean, corr_var; /* expected corrected symbols since the last sample */
  uint64_t corr_exact;        /* reference mode: counted */
  sim_time_t t_int;
  sim_time_t next_ucw;
  double skew_s;
  int dead;
  sim_proc_t *proc;
  unsigned vcd_id;
} lane_rt;

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
  struct graph *g;
  size_t index;
  const topo_module_type_t *mt;
  type_rt *ty;
  heat_src_t h;
  lane_rt *lanes;
  traffic_profile_t prof[LANE_MAX_PER_MODULE]; /* per port */
  double offered_bps[LANE_MAX_PER_MODULE];     /* per port, held until the next change */
  double want_bps[LANE_MAX_PER_MODULE];        /* per port, after port state */
  double port_bps[LANE_MAX_PER_MODULE];        /* per port, carried (after the ASIC share) */
  double port_bits[LANE_MAX_PER_MODULE], port_bits_sample[LANE_MAX_PER_MODULE];
  double port_lost[LANE_MAX_PER_MODULE], port_lost_sample[LANE_MAX_PER_MODULE];
  uint8_t port_up[LANE_MAX_PER_MODULE];
  unsigned vcd_port[LANE_MAX_PER_MODULE];
  int ports_down;
  int capped;
  int pulled;
  double bits_sample, lost_bits, lost_sample;
  sim_signal_t *sig_tj;
  sim_proc_t *p_phy, *p_cw;
} slot_rt;

struct graph {
  const topo_t *t;
  sim_t *sim;
  graph_sinks_t out;
  int reference_step;
  type_rt *types;
  slot_rt *slots;
  heat_src_t *asics;
  size_t ns, na;

  sim_domain_t *d_thermal, *d_sample;
  sim_proc_t *p_scenario, *p_traffic, *p_fabric, *p_thermal, *p_sample, *p_hydraulics;
  sim_signal_t *sig_offered, *sig_lanes, *sig_supply;
  size_t next_event;

  /* links */
  uint64_t ucw_total, corrected_total;
  double ber_max, lost_bits;

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
  double e_in, e_cool, e_air, e_in_sample, lost_sample;
  double power_w; /* total over the last thermal step */
  stat_acc_t st_power;
  double max_junction_c, max_coolant_c;
  int stopped;
  stat_acc_t *res_slot_power, *res_slot_junction, *res_slot_outlet, *res_asic_power, *res_asic_junction;
};

/* ---- lanes and links ---- */

static const fec_dist_t *dist_for(type_rt *ty, double snr_db) {
  double qd = ty->mt->lane.snr_quantum_db;
  double x = (snr_db - SNR_LO_DB) / qd;
  long q = lround(x < 0 ? 0 : x);
  if ((size_t)q >= ty->ncache) q = (long)ty->ncache - 1;
  if (!ty->cache[q]) {
    ty->cache[q] = malloc(sizeof(fec_dist_t));
    if (!ty->cache[q]) abort();
    fec_dist_from_snr(&ty->mt->lane.fec, SNR_LO_DB + (double)q * qd, ty->cache[q]);
  }
  return ty->cache[q];
}

static int lane_carrying(const lane_rt *ln) { return link_carries(&ln->link) && !ln->sl->pulled; }

/* Bring the lane's hazard and expected corrected symbols up to now. */
static void lane_integrate(lane_rt *ln, sim_time_t now) {
  if (now <= ln->t_int) return;
  if (lane_carrying(ln) && !ln->g->reference_step) {
    double dt = (double)(now - ln->t_int) * 1e-12, per_cw = dt / ln->sl->ty->cw_s;
    ln->hazard += ln->lambda * dt;
    ln->corr_mean += ln->dist->mean_corrected * per_cw;
    ln->corr_var += ln->dist->var_corrected * per_cw;
  }
  ln->t_int = now;
}

/* Re-evaluate the lane's SNR; returns 1 if its statistics changed. */
static int lane_refresh(lane_rt *ln, sim_time_t now, int force) {
  const lane_cfg_t *c = &ln->sl->mt->lane;
  double snr = lane_snr(c, ln->offset_db, sim_read(ln->sl->sig_tj));
  const fec_dist_t *d = dist_for(ln->sl->ty, snr);
  if (d == ln->dist && !force) return 0;
  lane_integrate(ln, now);
  ln->dist = d;
  double p = d->p_fail < 1 - 1e-12 ? d->p_fail : 1 - 1e-12;
  ln->lambda = -log1p(-p) / ln->sl->ty->cw_s; /* geometric per codeword = this hazard per second */
  if (lane_carrying(ln) && d->ber > ln->g->ber_max) ln->g->ber_max = d->ber;
  return 1;
}

/* Arm the lane's process for its next uncorrectable codeword (fast mode)
 * or link decision, whichever is first. */
static void lane_arm(lane_rt *ln, sim_time_t now) {
  graph_t *g = ln->g;
  sim_time_t end = g->t->duration, cw = ln->sl->ty->cw_ps;
  ln->next_ucw = UINT64_MAX;
  if (!g->reference_step && lane_carrying(ln) && ln->lambda > 0) {
    double dt_s = (ln->threshold - ln->hazard) / ln->lambda;
    if (dt_s < 0) dt_s = 0;
    if (dt_s < (double)(end - now) * 1e-12 + ln->sl->ty->cw_s) {
      sim_time_t at = now + (sim_time_t)(dt_s * 1e12);
      at = (at / cw + 1) * cw; /* on the next codeword edge */
      if (at <= end) ln->next_ucw = at;
    }
  }
  sim_time_t wake = ln->next_ucw < ln->link.timer ? ln->next_ucw : ln->link.timer;
  sim_cancel(ln->proc);
  if (wake != UINT64_MAX && wake <= end) sim_wake_at(ln->proc, wake);
}

static void lane_state_changed(lane_rt *ln, sim_time_t now, link_state_t old) {
  graph_t *g = ln->g;
  if (ln->link.st == LINK_UP && (old == LINK_TRAINING || old == LINK_RETRAINING))
    ln->skew_s = rng_uniform(&ln->rng_skew) * ln->sl->mt->lane.skew_max_s;
  if (link_carries(&ln->link) && ln->dist->ber > g->ber_max) g->ber_max = ln->dist->ber;
  trace_log(g->out.log, now, "link", "slot[%zu].lane[%d] %s -> %s", ln->sl->index, ln->idx, link_state_name(old),
            link_state_name(ln->link.st));
  trace_vcd_change(g->out.vcd, now, ln->vcd_id, 3, (unsigned)ln->link.st);
  sim_write(g->sig_lanes, sim_read(g->sig_lanes) + 1);
}

/* An uncorrectable codeword on a carrying lane: count it, lose the frames it
 * touches in proportion to the port's utilisation, tell the link. */
static void lane_ucw(lane_rt *ln, sim_time_t now) {
  graph_t *g = ln->g;
  slot_rt *sl = ln->sl;
  g->ucw_total++;
  double util = sl->mt->ports.rate_bps > 0 ? sl->port_bps[ln->port] / sl->mt->ports.rate_bps : 0;
  double lost = util * sl->ty->ucw_lost_bits;
  sl->port_lost[ln->port] += lost;
  sl->lost_bits += lost;
  g->lost_bits += lost;
  link_state_t old = ln->link.st;
  if (link_on_ucw(&ln->link, &sl->mt->lane.link, now)) lane_state_changed(ln, now, old);
}

static void on_lane(sim_t *sim, void *ctx) {
  lane_rt *ln = ctx;
  sim_time_t now = sim_now(sim);
  lane_integrate(ln, now);
  sim_time_t ucw_at = ln->next_ucw;
  /* The link decision first, then the codeword (as reference stepping does). */
  if (now >= ln->link.timer) {
    link_state_t old = ln->link.st;
    int was = lane_carrying(ln);
    if (link_on_timer(&ln->link, &ln->sl->mt->lane.link, now, ln->dist->ber)) {
      if (!was) ln->hazard = 0;
      lane_state_changed(ln, now, old);
    } else if (old == LINK_TRAINING || old == LINK_RETRAINING) {
      trace_log(ln->g->out.log, now, "link", "slot[%zu].lane[%d] %s failed: pre-FEC BER %.3g above %.3g",
                ln->sl->index, ln->idx, link_state_name(old), ln->dist->ber, ln->sl->mt->lane.link.train_ber_max);
    }
  }
  if (now == ucw_at && lane_carrying(ln)) {
    lane_ucw(ln, now);
    ln->hazard = 0;
    ln->threshold = rng_exp(&ln->rng);
  }
  lane_arm(ln, now);
}

/* The module's junction temperature moved by a quantum: re-evaluate its lanes. */
static void on_phy(sim_t *sim, void *ctx) {
  slot_rt *sl = ctx;
  sim_time_t now = sim_now(sim);
  for (int l = 0; l < sl->mt->lanes; l++)
    if (lane_refresh(&sl->lanes[l], now, 0)) lane_arm(&sl->lanes[l], now);
}

/* Reference stepping: every codeword of every lane, one draw each. */
static void on_codeword(sim_t *sim, void *ctx) {
  slot_rt *sl = ctx;
  sim_time_t now = sim_now(sim);
  for (int l = 0; l < sl->mt->lanes; l++) {
    lane_rt *ln = &sl->lanes[l];
    if (!lane_carrying(ln)) continue;
    const fec_dist_t *d = ln->dist;
    double u = rng_uniform(&ln->rng), c = d->p[0];
    int k = 0;
    while (u > c && k <= d->t) c += d->p[++k];
    if (k > d->t) {
      lane_ucw(ln, now);
      if (ln->link.timer != UINT64_MAX) lane_arm(ln, now);
    } else {
      ln->corr_exact += (uint64_t)k;
    }
  }
  if (now < sl->g->t->duration)
    sim_wake_cycle(sl->p_cw, sl->ty->d_cw, sim_cycle_after(sl->ty->d_cw, now));
}

/* Corrected symbols of a lane since the last sample: counted (reference
 * stepping) or drawn in one go from their mean and variance. */
static uint64_t lane_take_corrected(lane_rt *ln, sim_time_t now) {
  lane_integrate(ln, now);
  uint64_t n;
  if (ln->g->reference_step) {
    n = ln->corr_exact;
  } else {
    double m = ln->corr_mean, v = ln->corr_var;
    if (m < 1e-9) n = 0;
    else if (m < 50) n = rng_poisson(&ln->rng, m);
    else {
      double x = m + sqrt(v) * rng_normal(&ln->rng);
      n = x > 0 ? (uint64_t)llround(x) : 0;
    }
  }
  ln->corr_exact = 0;
  ln->corr_mean = ln->corr_var = 0;
  return n;
}

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
  double down = 0;
  for (size_t s = 0; s < g->ns; s++) {
    slot_rt *sl = &g->slots[s];
    sl->h.bits += sl->h.carried_bps * dt_s;
    for (int p = 0; p < sl->mt->ports.nports; p++) sl->port_bits[p] += sl->port_bps[p] * dt_s;
    down += sl->ports_down;
  }
  for (size_t a = 0; a < g->na; a++) g->asics[a].bits += g->asics[a].carried_bps * dt_s;
  g->total_bits += g->carried_bps * dt_s;
  g->port_down_ps += down * (double)(now - g->t_fabric);
  stat_add(&g->st_throughput, g->carried_bps);
  g->t_fabric = now;
}

/* A port is up when every lane carries and the lanes' skew spread fits the
 * deskew budget; it carries min(offered, rate) when up. Each ASIC then
 * scales its ports down to its capacity in proportion to what they want. */
static void fabric_recompute(graph_t *g, sim_time_t now) {
  double *want = malloc((g->ns ? g->ns : 1) * sizeof *want), *got = malloc((g->ns ? g->ns : 1) * sizeof *got);
  if (!want || !got) abort();
  for (size_t s = 0; s < g->ns; s++) {
    slot_rt *sl = &g->slots[s];
    const port_cfg_t *pc = &sl->mt->ports;
    double w = 0;
    int down = 0;
    for (int p = 0; p < pc->nports; p++) {
      int up = !sl->pulled;
      double lo = INFINITY, hi = -INFINITY;
      for (int l = p * pc->lanes_per_port; up && l < (p + 1) * pc->lanes_per_port; l++) {
        lane_rt *ln = &sl->lanes[l];
        if (!lane_carrying(ln)) up = 0;
        if (ln->skew_s < lo) lo = ln->skew_s;
        if (ln->skew_s > hi) hi = ln->skew_s;
      }
      if (up && hi - lo > sl->mt->lane.deskew_budget_s) up = 0;
      if (up != sl->port_up[p]) {
        sl->port_up[p] = (uint8_t)up;
        trace_log(g->out.log, now, up ? "port-up" : "port-down", "slot[%zu].port[%d]", s, p);
        trace_vcd_change(g->out.vcd, now, sl->vcd_port[p], 1, (unsigned)up);
      }
      down += !up;
      sl->want_bps[p] = port_carried_bps(sl->offered_bps[p], up ? pc->rate_bps : 0);
      w += sl->want_bps[p];
    }
    sl->ports_down = down;
    want[s] = w;
  }
  double total = 0;
  double *wv = malloc((g->ns ? g->ns : 1) * sizeof *wv), *gv = malloc((g->ns ? g->ns : 1) * sizeof *gv);
  size_t *idx = malloc((g->ns ? g->ns : 1) * sizeof *idx);
  if (!wv || !gv || !idx) abort();
  for (size_t a = 0; a < g->na; a++) {
    size_t k = 0;
    for (size_t s = 0; s < g->ns; s++)
      if ((size_t)g->t->slots[s].asic == a) idx[k] = s, wv[k++] = want[s];
    g->asics[a].carried_bps = asic_share(g->t->asic_capacity_bps, wv, k, gv);
    for (size_t i = 0; i < k; i++) got[idx[i]] = gv[i];
    total += g->asics[a].carried_bps;
  }
  free(wv);
  free(gv);
  free(idx);
  for (size_t s = 0; s < g->ns; s++) {
    slot_rt *sl = &g->slots[s];
    sl->h.carried_bps = g->na ? got[s] : 0;
    double f = want[s] > 0 ? sl->h.carried_bps / want[s] : 0;
    for (int p = 0; p < sl->mt->ports.nports; p++) sl->port_bps[p] = sl->want_bps[p] * f;
  }
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
  fabric_recompute(g, sim_now(sim));
}

/* ---- coolant ---- */

/* Flow split at the given supply temperature. A pulled module's blind-mate
 * plug is closed: its branch takes no flow. */
static void hydraulics(graph_t *g, double supply_c) {
  fluid_props(g->t->fluid, supply_c, &g->fp);
  size_t n = g->ns + g->na, m = 0;
  double *k = malloc((n ? n : 1) * sizeof *k), *q = malloc((n ? n : 1) * sizeof *q);
  size_t *who = malloc((n ? n : 1) * sizeof *who);
  if (!k || !q || !who) abort();
  double rated = 0;
  for (size_t i = 0; i < n; i++) {
    int is_slot = i < g->ns;
    if (is_slot && g->slots[i].pulled) continue;
    heat_src_t *h = is_slot ? &g->slots[i].h : &g->asics[i - g->ns];
    k[m] = h->k_branch;
    who[m++] = i;
    rated += is_slot ? g->slots[i].mt->branch_flow_m3_per_s : g->t->asic_branch_flow_m3_per_s;
  }
  double total = 0;
  if (m) {
    if (g->t->pumped) {
      double b = g->t->pump_shutoff_pa / (g->t->pump_max_flow_m3_per_s * g->t->pump_max_flow_m3_per_s);
      total = coolant_pump_flow(g->t->pump_shutoff_pa, b, coolant_parallel_k(k, m));
    } else {
      total = g->t->flow_m3_per_s > 0 ? g->t->flow_m3_per_s : rated; /* default: every branch at its rating */
    }
    coolant_split(k, m, total, q);
  }
  g->flow_m3s = total;
  double c = g->fp.rho_kg_per_m3 * g->fp.cp_j_per_kg_k;
  for (size_t i = 0; i < n; i++) {
    heat_src_t *h = i < g->ns ? &g->slots[i].h : &g->asics[i - g->ns];
    h->q_m3s = 0;
    h->mdot_cp = 0;
  }
  for (size_t j = 0; j < m; j++) {
    heat_src_t *h = who[j] < g->ns ? &g->slots[who[j]].h : &g->asics[who[j] - g->ns];
    h->q_m3s = q[j];
    h->mdot_cp = q[j] * c;
  }
  free(k);
  free(q);
  free(who);
}

static void log_coolant(graph_t *g, sim_time_t now, double sup) {
  trace_log(g->out.log, now, "coolant", "supply %.3g C, loop flow %.4g L/min, cp %.5g J/(kg K)", sup,
            g->flow_m3s * 60e3, g->fp.cp_j_per_kg_k);
}

static void on_hydraulics(sim_t *sim, void *ctx) {
  graph_t *g = ctx;
  double sup = sim_read(g->sig_supply);
  hydraulics(g, sup);
  log_coolant(g, sim_now(sim), sup);
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

/* Power of a slot's module: none when pulled. */
static double slot_power(const slot_rt *sl, double bps, double tj, double *slope) {
  if (sl->pulled) {
    *slope = 0;
    return 0;
  }
  return module_power_w(&sl->mt->power, bps, tj, slope);
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
    double p0 = slot_power(sl, bps, h->net.t_c[THERMAL_JUNCTION], &slope);
    thermal_flux_t fx;
    if (dt_s > 0) {
      if (heat_step(h, &sl->mt->thermal, dt_s, p0, slope, sl->mt->power.max_w, t_in, t_air, &fx)) return -1;
    } else { /* steady state: Newton on the leakage */
      int it;
      for (it = 0; it < 50; it++) {
        double tj = h->net.t_c[THERMAL_JUNCTION];
        p0 = slot_power(sl, bps, tj, &slope);
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
    if (!sl->pulled) stat_add(&h->st_outlet, h->outlet_c);
    /* Lanes see the junction temperature in steps of the quantum. */
    double qk = t->temp_quantum_k;
    double tj = h->net.t_c[THERMAL_JUNCTION];
    if (sl->sig_tj) sim_write(sl->sig_tj, qk > 0 ? round(tj / qk) * qk : tj);
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
    if (s < g->ns && g->slots[s].pulled) continue;
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
  double thr = first ? g->carried_bps : (bits_now - g->bits_sample - (g->lost_bits - g->lost_sample)) / dt_s;
  double pw = first ? g->power_w : (g->e_in - g->e_in_sample) / dt_s;
  g->bits_sample = bits_now;
  g->lost_sample = g->lost_bits;
  g->e_in_sample = g->e_in;
  double mods = 0, asics = 0, maxj = -INFINITY;
  size_t nports = 0;
  for (size_t s = 0; s < g->ns; s++) nports += (size_t)g->slots[s].mt->ports.nports;
  double *sv = malloc((g->ns * 5 + 1) * sizeof *sv), *av = malloc((g->na * 3 + 1) * sizeof *av);
  double *pv = malloc((nports * 3 + 1) * sizeof *pv);
  if (!sv || !av || !pv) abort();
  size_t pi = 0;
  for (size_t s = 0; s < g->ns; s++) {
    slot_rt *sl = &g->slots[s];
    heat_src_t *h = &sl->h;
    double dtf = (double)(now - g->t_fabric) * 1e-12;
    double b = h->bits + h->carried_bps * dtf;
    double p = first ? h->power_w : (h->energy_j - h->energy_sample) / dt_s;
    double r = first ? h->carried_bps : (b - sl->bits_sample - (sl->lost_bits - sl->lost_sample)) / dt_s;
    sl->bits_sample = b;
    sl->lost_sample = sl->lost_bits;
    h->energy_sample = h->energy_j;
    uint64_t corr = 0;
    for (int l = 0; l < sl->mt->lanes; l++) corr += lane_take_corrected(&sl->lanes[l], now);
    g->corrected_total += corr;
    mods += p;
    if (!sl->pulled && h->net.t_c[THERMAL_JUNCTION] > maxj) maxj = h->net.t_c[THERMAL_JUNCTION];
    sv[5 * s + 0] = p;
    sv[5 * s + 1] = h->net.t_c[THERMAL_JUNCTION];
    sv[5 * s + 2] = h->outlet_c;
    sv[5 * s + 3] = r / 1e9;
    sv[5 * s + 4] = (double)corr;
    const port_cfg_t *pc = &sl->mt->ports;
    for (int q = 0; q < pc->nports; q++) {
      double pb = sl->port_bits[q] + sl->port_bps[q] * dtf;
      double pr = first ? sl->port_bps[q]
                        : (pb - sl->port_bits_sample[q] - (sl->port_lost[q] - sl->port_lost_sample[q])) / dt_s;
      sl->port_bits_sample[q] = pb;
      sl->port_lost_sample[q] = sl->port_lost[q];
      double ber = 0;
      for (int l = q * pc->lanes_per_port; l < (q + 1) * pc->lanes_per_port; l++)
        if (sl->lanes[l].dist->ber > ber) ber = sl->lanes[l].dist->ber;
      pv[pi++] = pr / 1e9;
      pv[pi++] = sl->port_up[q];
      pv[pi++] = ber;
    }
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
  if (g->out.ports) trace_csv_row(g->out.ports, now, pv);
  free(sv);
  free(av);
  free(pv);
}

static void on_sample(sim_t *sim, void *ctx) {
  graph_t *g = ctx;
  sim_time_t now = sim_now(sim);
  sample_row(g, now);
  if (now < g->t->duration) sim_wake_cycle(g->p_sample, g->d_sample, sim_cycle_after(g->d_sample, now));
}

/* ---- scenario ---- */

static void lanes_of(slot_rt *sl, int lane, int *lo, int *hi) {
  *lo = lane < 0 ? 0 : lane;
  *hi = lane < 0 ? sl->mt->lanes : lane + 1;
}

static void set_link(lane_rt *ln, sim_time_t now, int train) {
  link_state_t old = ln->link.st;
  lane_integrate(ln, now);
  if (train) link_start_training(&ln->link, &ln->sl->mt->lane.link, now);
  else link_set_down(&ln->link);
  if (ln->link.st != old) lane_state_changed(ln, now, old);
  lane_arm(ln, now);
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
      trace_log(g->out.log, now, "supply", "coolant supply set to %.4g C", e->value);
      sim_write(g->sig_supply, e->value);
      break;
    case SCN_LANE_DOWN:
      trace_log(g->out.log, now, "fault", "slot[%d] lanes %d..%d dead", e->slot, lo, hi - 1);
      for (int l = lo; l < hi; l++) {
        sl->lanes[l].dead = 1;
        set_link(&sl->lanes[l], now, 0);
      }
      break;
    case SCN_LANE_UP:
      trace_log(g->out.log, now, "repair", "slot[%d] lanes %d..%d repaired", e->slot, lo, hi - 1);
      for (int l = lo; l < hi; l++) {
        sl->lanes[l].dead = 0;
        if (!sl->pulled && sl->lanes[l].link.st == LINK_DOWN) set_link(&sl->lanes[l], now, 1);
      }
      break;
    case SCN_SNR_DROP:
      trace_log(g->out.log, now, "fault", "slot[%d] lanes %d..%d SNR down %.3g dB", e->slot, lo, hi - 1, e->value);
      for (int l = lo; l < hi; l++) {
        sl->lanes[l].offset_db -= e->value;
        lane_refresh(&sl->lanes[l], now, 1);
        lane_arm(&sl->lanes[l], now);
      }
      break;
    case SCN_MODULE_PULL:
    case SCN_MODULE_INSERT: {
      int pull = e->kind == SCN_MODULE_PULL;
      if (sl->pulled == pull) break;
      trace_log(g->out.log, now, pull ? "module-pull" : "module-insert", "slot[%d]", e->slot);
      for (int l = 0; l < sl->mt->lanes; l++) lane_integrate(&sl->lanes[l], now);
      sl->pulled = pull;
      for (int l = 0; l < sl->mt->lanes; l++)
        if (pull || !sl->lanes[l].dead) set_link(&sl->lanes[l], now, !pull);
      hydraulics(g, sim_read(g->sig_supply));
      log_coolant(g, now, sim_read(g->sig_supply));
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
    snprintf(path, sizeof path, "slot[%zu].lane[%d].setup", s, l);
    rng_init(&setup, t->seed, path);
    ln->offset_db = c->snr_sigma_db * rng_normal(&setup);
    ln->skew_s = rng_uniform(&setup) * c->skew_max_s;
    snprintf(path, sizeof path, "slot[%zu].lane[%d].skew", s, l);
    rng_init(&ln->rng_skew, t->seed, path);
    snprintf(path, sizeof path, "slot[%zu].lane[%d].errors", s, l);
    rng_init(&ln->rng, t->seed, path);
    ln->threshold = rng_exp(&ln->rng);
    ln->q = -1;
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
    ty->cw_s = (double)ty->cw_ps * 1e-12;
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
    heat_init(&sl->h, &sl->mt->thermal, t->supply_c, sl->mt->branch_dp_pa, sl->mt->branch_flow_m3_per_s);
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
   * processes call later. Links start up (trained). */
  hydraulics(g, t->supply_c);
  traffic_update(g, 0);
  for (size_t s = 0; s < g->ns; s++) memset(g->slots[s].port_up, 1, sizeof g->slots[s].port_up);
  /* Port states need link states (all up), traffic needs port states, the
   * thermal start needs traffic, and the lanes' error statistics need the
   * junction temperature: in that order. */
  for (size_t s = 0; s < g->ns; s++) lanes_init(g, &g->slots[s], s);
  fabric_recompute(g, 0);
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
  for (size_t s = 0; s < g->ns; s++) {
    slot_rt *sl = &g->slots[s];
    char name[64];
    double qk = t->temp_quantum_k, tj = sl->h.net.t_c[THERMAL_JUNCTION];
    snprintf(name, sizeof name, "slot[%zu].junction_c", s);
    sl->sig_tj = sim_signal(sim, name, qk > 0 ? round(tj / qk) * qk : tj);
    for (int l = 0; l < sl->mt->lanes; l++) lane_refresh(&sl->lanes[l], 0, 1);
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
  for (size_t s = 0; s < g->ns; s++) {
    slot_rt *sl = &g->slots[s];
    char name[64];
    snprintf(name, sizeof name, "slot[%zu].phy", s);
    sl->p_phy = sim_process(sim, name, PRIO_PHY, on_phy, sl);
    sim_subscribe(sl->sig_tj, sl->p_phy);
    for (int l = 0; l < sl->mt->lanes; l++) {
      snprintf(name, sizeof name, "slot[%zu].lane[%d]", s, l);
      sl->lanes[l].proc = sim_process(sim, name, PRIO_LANE, on_lane, &sl->lanes[l]);
      lane_arm(&sl->lanes[l], 0);
    }
    if (reference_step) {
      snprintf(name, sizeof name, "slot[%zu].codeword", s);
      sl->p_cw = sim_process(sim, name, PRIO_CODEWORD, on_codeword, sl);
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
      for (int l = 0; l < sl->mt->lanes; l++) trace_vcd_change(v, 0, sl->lanes[l].vcd_id, 3, (unsigned)sl->lanes[l].link.st);
      for (int p = 0; p < sl->mt->ports.nports; p++) trace_vcd_change(v, 0, sl->vcd_port[p], 1, sl->port_up[p]);
    }
  }

  trace_log(g->out.log, 0, "start", "%s: %zu slots, %zu ASICs", t->name, g->ns, g->na);
  log_coolant(g, 0, t->supply_c);
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
  /* No activation count here: it differs between fast and reference-step
   * mode by design, and the log must not (summary.json has it). */
  trace_log(g->out.log, sim_now(g->sim), rc ? "stopped" : "end", "%s", g->t->name);
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
  d->kpi[KPI_THROUGHPUT_TBPS_MEAN] = (g->total_bits - g->lost_bits) / dur / 1e12;
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

void graph_free_columns(char **cols, size_t n) {
  if (!cols) return;
  for (size_t i = 0; i < n; i++) free(cols[i]);
  free(cols);
}
