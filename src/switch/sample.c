/*
 * sample.c: the trace sampler of the model graph: every sample period, means
 * over the interval and values at its end, written through trace.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"

/* ---- sampling ---- */

/* Coolant per loop and per branch; temperatures of every thermal node. */
static void sample_cooling(graph_t *g, sim_time_t now) {
  size_t nd = g->ns + g->na;
  if (g->out.coolant) {
    double *v = malloc((g->nl * 4 + nd * 4 + 1) * sizeof *v);
    if (!v) abort();
    size_t k = 0;
    for (size_t l = 0; l < g->nl; l++) {
      v[k++] = g->loops[l].flow_m3s * 60e3;
      v[k++] = g->loops[l].head_pa * 1e-3;
      v[k++] = graph__loop_supply(g, (int)l);
      v[k++] = g->loops[l].return_c;
    }
    for (size_t i = 0; i < nd; i++) {
      const heat_src_t *h = i < g->ns ? &g->slots[i].h : &g->asics[i - g->ns];
      v[k++] = h->q_m3s * 60e3;
      v[k++] = h->dp_pa * 1e-3;
      v[k++] = h->inlet_c;
      v[k++] = h->outlet_c;
    }
    trace_csv_row(g->out.coolant, now, v);
    free(v);
  }
  if (g->out.thermal) {
    double *v = malloc((nd * THERMAL_MAX_NODES + 1) * sizeof *v);
    if (!v) abort();
    size_t k = 0;
    for (size_t i = 0; i < nd; i++) {
      const heat_src_t *h = i < g->ns ? &g->slots[i].h : &g->asics[i - g->ns];
      for (int n = 0; n < h->net.n; n++) v[k++] = h->net.t_c[n];
    }
    trace_csv_row(g->out.thermal, now, v);
    free(v);
  }
}

/* The switch KPIs are the statistics of the rows written: what
 * summary.json says of throughput, power and junctions, switch.csv shows.
 * w: the row's interval (0 for the t = 0 row, which counts in min and max
 * only). */
static void sample_stats(graph_t *g, const double *row, const double *sv, const double *av, double w) {
  stat_add_w(&g->st_throughput, row[0] * 1e12, w);
  stat_add_w(&g->st_power, row[2], w);
  stat_add_w(&g->st_return, row[7], w);
  if (row[8] > g->max_junction_c) g->max_junction_c = row[8];
  for (size_t i = 0; i < g->ns + g->na; i++) {
    heat_src_t *h = i < g->ns ? &g->slots[i].h : &g->asics[i - g->ns];
    int present = !(i < g->ns && g->slots[i].pulled);
    stat_add_w(&h->st_power, i < g->ns ? sv[5 * i] : av[3 * (i - g->ns)], w);
    stat_add_w(&h->st_junction, i < g->ns ? sv[5 * i + 1] : av[3 * (i - g->ns) + 1], w);
    if (present) stat_add_w(&h->st_outlet, h->outlet_c, w);
    if (present && h->q_m3s > 0 && h->outlet_c > g->max_coolant_c) g->max_coolant_c = h->outlet_c;
  }
}

static void sample_row(graph_t *g, sim_time_t now) {
  /* the interval since the last row: the sample period, or the shorter tail
   * up to the end of a run that is not a whole number of samples */
  double dt_s = sim_to_s(now > g->t_sampled ? now - g->t_sampled : g->t->sample);
  g->t_sampled = now;
  graph__thermal_sync(g, now);       /* while the thermal clock is stopped, book up to now */
  for (size_t s = 0; s < g->ns; s++) /* lanes' bulk-counted losses up to now, before any total */
    for (int l = 0; l < g->slots[s].mt->lanes; l++) graph__lane_integrate(&g->slots[s].lanes[l], now);
  int first = now == 0;
  double bits_now = g->total_bits + g->carried_bps * (double)(now - g->t_fabric) * SIM_S_PER_PS;
  double pw = first ? g->power_w : (g->e_in - g->e_in_sample) / dt_s;
  double lost_switch = 0; /* frames lost in the interval, no more than each port carried */
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
    double dtf = sim_to_s(now - g->t_fabric);
    double b = h->bits + h->carried_bps * dtf;
    double p = first ? h->power_w : (h->energy_j - h->energy_sample) / dt_s;
    double b_delta = b - sl->bits_sample, lost_slot = 0;
    sl->bits_sample = b;
    sl->lost_sample = sl->lost_bits;
    h->energy_sample = h->energy_j;
    uint64_t corr = graph__slot_take_corrected(sl, now);
    g->corrected_total += corr;
    mods += p;
    if (!sl->pulled && graph__tj_max(h) > maxj) maxj = graph__tj_max(h);
    const port_cfg_t *pc = &sl->mt->ports;
    for (int q = 0; q < pc->nports; q++) {
      double pb = sl->port_bits[q] + sl->port_bps[q] * dtf, carried = pb - sl->port_bits_sample[q];
      /* An uncorrectable codeword loses the frames it touches; once every
       * codeword fails, the port has lost all it carried, never more. */
      double lost = fmin(sl->port_lost[q] - sl->port_lost_sample[q], fmax(carried, 0));
      double pr = first ? sl->port_bps[q] : (carried - lost) / dt_s;
      lost_slot += first ? 0 : lost;
      sl->port_bits_sample[q] = pb;
      sl->port_lost_sample[q] = sl->port_lost[q];
      double ber = 0;
      for (int l = q * pc->lanes_per_port; l < (q + 1) * pc->lanes_per_port; l++)
        if (sl->lanes[l].dist->ber > ber) ber = sl->lanes[l].dist->ber;
      pv[pi++] = pr / 1e9;
      pv[pi++] = sl->port_up[q];
      pv[pi++] = ber;
      if (ber > g->ber_max) g->ber_max = ber; /* the KPI is the worst the ports trace shows */
    }
    double r = first ? h->carried_bps : fmax(0, (b_delta - lost_slot) / dt_s);
    lost_switch += lost_slot;
    sv[5 * s + 0] = p;
    sv[5 * s + 1] = graph__tj_max(h);
    sv[5 * s + 2] = h->outlet_c;
    sv[5 * s + 3] = r / 1e9;
    sv[5 * s + 4] = (double)corr;
  }
  double thr = first ? g->carried_bps : fmax(0, (bits_now - g->bits_sample - lost_switch) / dt_s);
  g->bits_sample = bits_now;
  g->lost_counted += lost_switch;
  for (size_t a = 0; a < g->na; a++) {
    heat_src_t *h = &g->asics[a];
    double p = first ? h->power_w : (h->energy_j - h->energy_sample) / dt_s;
    h->energy_sample = h->energy_j;
    asics += p;
    if (graph__tj_max(h) > maxj) maxj = graph__tj_max(h);
    av[3 * a + 0] = p;
    av[3 * a + 1] = graph__tj_max(h);
    av[3 * a + 2] = h->outlet_c;
  }
  /* The switch's supply and return: the loops' CDU supplies and returns
   * mixed by flow x c_p (one supply for all loops is that supply exactly). */
  double flow = 0, mix = 0, cap = 0, mix_sup = 0, sup = g->nl ? g->loops[0].cdu_c : 0;
  int one_supply = 1;
  for (size_t l = 0; l < g->nl; l++) {
    flow += g->loops[l].flow_m3s;
    double c = g->loops[l].flow_m3s * g->loops[l].fp.rho_kg_per_m3 * g->loops[l].fp.cp_j_per_kg_k;
    mix += c * g->loops[l].return_c;
    mix_sup += c * g->loops[l].cdu_c;
    cap += c;
    one_supply &= g->loops[l].cdu_c == sup;
  }
  if (!one_supply && cap > 0) sup = mix_sup / cap;
  double ret = cap > 0 ? mix / cap : sup;
  double row[10] = {thr / 1e12, g->offered_bps / 1e12, pw, mods, asics, pw / g->t->feed_v, sup, ret, maxj, flow * 60e3};
  sample_stats(g, row, sv, av, first ? 0 : dt_s);
  if (g->out.sw) trace_csv_row(g->out.sw, now, row);
  if (g->out.slots) trace_csv_row(g->out.slots, now, sv);
  if (g->out.asics && g->na) trace_csv_row(g->out.asics, now, av);
  if (g->out.ports) trace_csv_row(g->out.ports, now, pv);
  sample_cooling(g, now);
  /* the KPI is the lowest bus voltage power.csv shows while the bus stood */
  if (g->feed.bus_v > 0 && g->feed.bus_v < g->feed.v_min) g->feed.v_min = g->feed.bus_v;
  if (g->out.power) {
    const feed_rt *f = &g->feed;
    size_t n = 9;
    for (size_t s2 = 0; s2 < g->ns; s2++) n += 3 + (size_t)g->slots[s2].mt->power.n;
    double *v = malloc((n + 1) * sizeof *v);
    if (!v) abort();
    size_t k = 0;
    double row0[9] = {f->bus_v,    f->bus_i,   f->psu_in_w, f->psu_loss_w,
                      f->busbar_w, f->cable_w, f->vr_w,     (double)(f->n_alive + (f->holdup_end ? f->holdup_psus : 0)),
                      f->budget_w};
    for (int i = 0; i < 9; i++) v[k++] = row0[i];
    for (size_t s2 = 0; s2 < g->ns; s2++) {
      const slot_rt *sl = &g->slots[s2];
      v[k++] = sl->h.power_w;
      v[k++] = sl->input_v;
      v[k++] = sl->dcdc_w;
      for (int c = 0; c < sl->mt->power.n; c++) v[k++] = sl->comp_w[c];
    }
    trace_csv_row(g->out.power, now, v);
    free(v);
  }
  free(sv);
  free(av);
  free(pv);
}

void graph__on_sample(sim_t *sim, void *ctx) {
  graph_t *g = ctx;
  sim_time_t now = sim_now(sim);
  sample_row(g, now);
  if (now >= g->t->duration) return;
  uint64_t next = sim_cycle_after(g->d_sample, now);
  if (next * g->t->sample <= g->t->duration)
    sim_wake_cycle(g->p_sample, g->d_sample, next);
  else
    sim_wake_at(g->p_sample, g->t->duration); /* the last row closes the run */
}
