/*
 * links.c: lanes, links, traffic and the fabric of the model graph: the
 * kernel processes that decide what each port carries. Physics of lanes and
 * links is in models/ (fec.c, link.c, lane.c); this file wires it to time.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"

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

int graph__lane_carrying(const lane_rt *ln) { return link_carries(&ln->link) && !ln->sl->pulled && !ln->sl->unpowered; }

/* Bring the lane's hazard and expected corrected symbols up to now. */
/* A draw from Binomial(n, p): exact counting is not needed, its mean and
 * spread are (Poisson or normal approximations on the rarer outcome). */
static uint64_t binomial(rng_t *r, uint64_t n, double p) {
  if (n == 0 || p <= 0) return 0;
  if (p >= 1) return n;
  int flip = p > 0.5;
  double q = flip ? 1 - p : p, m = (double)n * q;
  double k = m < 50 ? (double)rng_poisson(r, m) : floor(m + sqrt(m * (1 - q)) * rng_normal(r) + 0.5);
  if (k < 0) k = 0;
  if (k > (double)n) k = (double)n;
  return flip ? n - (uint64_t)k : (uint64_t)k;
}

/* While degraded, an uncorrectable codeword changes nothing but counters
 * until the hold is over, so fast mode counts them in bulk: the codewords
 * since bulk_from fail as a binomial draw; the window the link decides on
 * holds its share of them. (A lane failing every codeword would otherwise be
 * 40 million events a second.) */
static void lane_bulk(lane_rt *ln, sim_time_t now) {
  graph_t *g = ln->g;
  if (g->reference_step || ln->link.st != LINK_DEGRADED || now <= ln->bulk_from) return;
  slot_rt *sl = ln->sl;
  sim_time_t cw = sl->ty->cw_ps;
  uint64_t n = now / cw - ln->bulk_from / cw;
  ln->bulk_from = now;
  if (!n || !graph__lane_carrying(ln)) return;
  uint64_t k = binomial(&ln->rng, n, ln->dist->p_fail);
  if (!k) return;
  g->ucw_total += k;
  double util = sl->mt->ports.rate_bps > 0 ? sl->port_bps[ln->port] / sl->mt->ports.rate_bps : 0;
  double lost = util * sl->ty->ucw_lost_bits * (double)k;
  sl->port_lost[ln->port] += lost;
  sl->lost_bits += lost;
  g->lost_bits += lost;
  const link_cfg_t *lc = &sl->mt->lane.link;
  uint64_t w = lc->window / cw, in_window = n < w ? k : (uint64_t)llround((double)k * (double)w / (double)n);
  int cap = lc->degrade_ucw < LINK_MAX_UCW ? lc->degrade_ucw : LINK_MAX_UCW;
  ln->link.nring = (int)(in_window < (uint64_t)cap ? in_window : (uint64_t)cap);
  for (int i = 0; i < ln->link.nring; i++) ln->link.ring[i] = now;
  ln->link.iring = ln->link.nring % (cap > 0 ? cap : 1);
}

void graph__lane_integrate(lane_rt *ln, sim_time_t now) {
  lane_bulk(ln, now);
  if (now <= ln->t_int) return;
  if (graph__lane_carrying(ln) && !ln->g->reference_step) {
    double dt = sim_to_s(now - ln->t_int), per_cw = dt / ln->sl->ty->cw_s;
    ln->hazard += ln->lambda * dt;
    ln->corr_mean += ln->dist->mean_corrected * per_cw;
    ln->corr_var += ln->dist->var_corrected * per_cw;
  }
  ln->t_int = now;
}

/* Re-evaluate the lane's SNR; returns 1 if its statistics changed. */
int graph__lane_refresh(lane_rt *ln, sim_time_t now, int force) {
  const lane_cfg_t *c = &ln->sl->mt->lane;
  double snr = lane_snr(c, ln->offset_db, sim_read(ln->sl->sig_tj));
  const fec_dist_t *d = dist_for(ln->sl->ty, snr);
  if (d == ln->dist && !force) return 0;
  graph__lane_integrate(ln, now);
  ln->dist = d;
  double p = d->p_fail < 1 - 1e-12 ? d->p_fail : 1 - 1e-12;
  ln->lambda = -log1p(-p) / ln->sl->ty->cw_s; /* geometric per codeword = this hazard per second */
  return 1;
}

/* Arm the lane's process for its next uncorrectable codeword (fast mode)
 * or link decision, whichever is first. */
void graph__lane_arm(lane_rt *ln, sim_time_t now) {
  graph_t *g = ln->g;
  sim_time_t end = g->t->duration, cw = ln->sl->ty->cw_ps;
  ln->next_ucw = UINT64_MAX;
  if (!g->reference_step && graph__lane_carrying(ln) && ln->lambda > 0 && ln->link.st != LINK_DEGRADED) {
    double dt_s = (ln->threshold - ln->hazard) / ln->lambda;
    if (dt_s < 0) dt_s = 0;
    if (dt_s < sim_to_s(end - now) + ln->sl->ty->cw_s) {
      sim_time_t at = now + sim_from_s_floor(dt_s);
      at = (at / cw + 1) * cw; /* on the next codeword edge */
      if (at <= end) ln->next_ucw = at;
    }
  }
  sim_time_t wake = ln->next_ucw < ln->link.timer ? ln->next_ucw : ln->link.timer;
  sim_cancel(ln->proc);
  if (wake != UINT64_MAX && wake <= end) sim_wake_at(ln->proc, wake);
}

void graph__lane_state_changed(lane_rt *ln, sim_time_t now, link_state_t old) {
  graph_t *g = ln->g;
  if (ln->link.st == LINK_DEGRADED) ln->bulk_from = now; /* counted in bulk from the next codeword */
  if (old == LINK_DEGRADED) {                            /* individual codewords again, from a fresh draw */
    ln->hazard = 0;
    ln->threshold = rng_exp(&ln->rng);
  }
  if (ln->link.st == LINK_UP && (old == LINK_TRAINING || old == LINK_RETRAINING))
    ln->skew_s = rng_uniform(&ln->rng_skew) * ln->sl->mt->lane.skew_max_s;
  trace_log(g->out.log, now, "link", "slot[%zu].lane[%d] %s -> %s", ln->sl->index, ln->idx, link_state_name(old),
            link_state_name(ln->link.st));
  trace_vcd_change(g->out.vcd, now, ln->vcd_id, 3, (unsigned)ln->link.st);
  sim_write(g->sig_lanes, sim_read(g->sig_lanes) + 1);
}

void graph__lane_set(lane_rt *ln, sim_time_t now, int train) {
  link_state_t old = ln->link.st;
  graph__lane_integrate(ln, now);
  if (train)
    link_start_training(&ln->link, &ln->sl->mt->lane.link, now);
  else
    link_set_down(&ln->link);
  if (ln->link.st != old) graph__lane_state_changed(ln, now, old);
  graph__lane_arm(ln, now);
}

int graph__port_slow(const slot_rt *sl, int p) { return p >= sl->mt->ports.nports - sl->slow_thermal; }

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
  if (link_on_ucw(&ln->link, &sl->mt->lane.link, now)) graph__lane_state_changed(ln, now, old);
}

void graph__on_lane(sim_t *sim, void *ctx) {
  lane_rt *ln = ctx;
  sim_time_t now = sim_now(sim);
  graph__lane_integrate(ln, now);
  sim_time_t ucw_at = ln->next_ucw;
  /* The link decision first, then the codeword (as reference stepping does). */
  if (now >= ln->link.timer) {
    link_state_t old = ln->link.st;
    int was = graph__lane_carrying(ln);
    if (link_on_timer(&ln->link, &ln->sl->mt->lane.link, now, ln->dist->ber)) {
      if (!was) ln->hazard = 0;
      graph__lane_state_changed(ln, now, old);
    } else if (old == LINK_TRAINING || old == LINK_RETRAINING) {
      trace_log(ln->g->out.log, now, "link", "slot[%zu].lane[%d] %s failed: pre-FEC BER %.3g above %.3g", ln->sl->index,
                ln->idx, link_state_name(old), ln->dist->ber, ln->sl->mt->lane.link.train_ber_max);
    }
  }
  if (now == ucw_at && graph__lane_carrying(ln)) {
    lane_ucw(ln, now);
    ln->hazard = 0;
    ln->threshold = rng_exp(&ln->rng);
  }
  graph__lane_arm(ln, now);
}

/* The module's junction temperature moved by a quantum: re-evaluate its lanes. */
void graph__on_phy(sim_t *sim, void *ctx) {
  slot_rt *sl = ctx;
  sim_time_t now = sim_now(sim);
  for (int l = 0; l < sl->mt->lanes; l++)
    if (graph__lane_refresh(&sl->lanes[l], now, 0)) graph__lane_arm(&sl->lanes[l], now);
}

/* Reference stepping: every codeword of every lane, one draw each. */
void graph__on_codeword(sim_t *sim, void *ctx) {
  slot_rt *sl = ctx;
  sim_time_t now = sim_now(sim);
  for (int l = 0; l < sl->mt->lanes; l++) {
    lane_rt *ln = &sl->lanes[l];
    if (!graph__lane_carrying(ln)) continue;
    const fec_dist_t *d = ln->dist;
    double u = rng_uniform(&ln->rng), c = d->p[0];
    int k = 0;
    while (u > c && k <= d->t) c += d->p[++k];
    if (k > d->t) {
      lane_ucw(ln, now);
      if (ln->link.timer != UINT64_MAX) graph__lane_arm(ln, now);
    } else {
      ln->corr_exact += (uint64_t)k;
    }
  }
  if (now < sl->g->t->duration) sim_wake_cycle(sl->p_cw, sl->ty->d_cw, sim_cycle_after(sl->ty->d_cw, now));
}

/* Corrected symbols of a module's lanes since the last sample: counted
 * (reference stepping), or drawn in one go from the sum of the lanes' means
 * and variances (the lanes are independent): Poisson below a mean of 50,
 * normal above. One draw per module per sample. */
uint64_t graph__slot_take_corrected(slot_rt *sl, sim_time_t now) {
  double m = 0, v = 0;
  uint64_t exact = 0;
  for (int l = 0; l < sl->mt->lanes; l++) {
    lane_rt *ln = &sl->lanes[l];
    graph__lane_integrate(ln, now);
    m += ln->corr_mean;
    v += ln->corr_var;
    exact += ln->corr_exact;
    ln->corr_mean = ln->corr_var = 0;
    ln->corr_exact = 0;
  }
  if (sl->g->reference_step) return exact;
  if (m < 1e-9) return 0;
  if (m < 50) return rng_poisson(&sl->rng_corrected, m);
  double x = m + sqrt(v) * rng_normal(&sl->rng_corrected);
  return x > 0 ? (uint64_t)llround(x) : 0;
}

/* ---- traffic and fabric ---- */

int graph__port_selected(const topo_traffic_t *g, int port) {
  return port < TOPO_MAX_PORTS_SELECTABLE && (g->ports[port / 64] >> (port % 64)) & 1;
}

/* Hold each port's load at its exact mean until its next change; arm the
 * traffic process for the earliest change. */
void graph__traffic_update(graph_t *g, sim_time_t now) {
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
void graph__fabric_integrate(graph_t *g, sim_time_t now) {
  if (now <= g->t_fabric) return;
  double dt_s = sim_to_s(now - g->t_fabric);
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
  g->t_fabric = now;
}

/* A port is up when every lane carries and the lanes' skew spread fits the
 * deskew budget; it carries min(offered, rate) when up. Each ASIC then
 * scales its ports down to its capacity in proportion to what they want. */
void graph__fabric_recompute(graph_t *g, sim_time_t now) {
  double *want = malloc((g->ns ? g->ns : 1) * sizeof *want), *got = malloc((g->ns ? g->ns : 1) * sizeof *got);
  if (!want || !got) abort();
  for (size_t s = 0; s < g->ns; s++) {
    slot_rt *sl = &g->slots[s];
    const port_cfg_t *pc = &sl->mt->ports;
    double w = 0;
    int down = 0;
    double active = 0;
    for (int l = 0; l < sl->mt->lanes; l++)
      if (graph__lane_carrying(&sl->lanes[l]))
        active += graph__port_slow(sl, sl->lanes[l].port) ? g->t->half_rate_lane_power : 1;
    sl->active_lanes = active;
    int shed = graph__ports_shed(sl); /* the firmware sheds from the last port down */
    for (int p = 0; p < pc->nports; p++) {
      int up = !sl->pulled && !sl->unpowered && p < pc->nports - shed;
      double lo = INFINITY, hi = -INFINITY;
      for (int l = p * pc->lanes_per_port; up && l < (p + 1) * pc->lanes_per_port; l++) {
        lane_rt *ln = &sl->lanes[l];
        if (!graph__lane_carrying(ln)) up = 0;
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
      double rate = graph__port_slow(sl, p) ? pc->rate_bps / 2 : pc->rate_bps;
      sl->want_bps[p] = port_carried_bps(sl->offered_bps[p], up ? rate : 0);
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

void graph__on_traffic(sim_t *sim, void *ctx) {
  graph_t *g = ctx;
  graph__traffic_update(g, sim_now(sim));
  sim_write(g->sig_offered, sim_read(g->sig_offered) + 1);
}

void graph__on_fabric(sim_t *sim, void *ctx) {
  graph_t *g = ctx;
  graph__fabric_integrate(g, sim_now(sim));
  graph__fabric_recompute(g, sim_now(sim));
}
