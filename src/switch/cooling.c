/*
 * cooling.c: coolant loops and thermal networks of the model graph.
 *
 * Hydraulics: each loop is solved when anything hydraulic changes (a pump
 * fails, a branch is blocked or closed, a leak opens, the supply temperature
 * moves the fluid properties): a regulated loop on ideal headers by the
 * closed-form split, anything else on its network (models/hydraulics.c).
 *
 * Thermal: every device (module or ASIC) is a small RC network on its cold
 * plate, stepped by backward Euler on the thermal clock. When the inputs have
 * not changed for a step and every device is within solver.steady_tolerance
 * of its steady state, the devices are set to that steady state and the
 * clock stops; energy is then booked at the steady fluxes until an input
 * changes (a signal wakes the thermal process), when stepping resumes on the
 * next edge.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"

static heat_src_t *device(graph_t *g, size_t i) { return i < g->ns ? &g->slots[i].h : &g->asics[i - g->ns]; }

double graph__loop_supply(const graph_t *g, int loop) { return sim_read(g->loops[loop].sig_supply); }

double graph__tj_max(const heat_src_t *h) {
  double m = -INFINITY;
  for (int i = 0; i < h->tc->nsources; i++)
    if (h->net.t_c[h->junction[i]] > m) m = h->net.t_c[h->junction[i]];
  return m;
}

/* ---- hydraulics ---- */

int graph__loops_init(graph_t *g, char *why, size_t whysz) {
  const topo_t *t = g->t;
  for (size_t l = 0; l < g->nl; l++) {
    loop_rt *lp = &g->loops[l];
    const topo_loop_t *c = lp->cfg;
    lp->source_link = -1;
    lp->use_net = c->pumped || c->has_manifold;
    if (!lp->use_net) continue;
    int m = t->cage.cols;
    hyd_init(&lp->net, c->has_manifold ? hyd_manifold_nodes(m) : 2);
    /* A header with no stated resistance is taken as negligible: 1 Pa at 1 m^3/s. */
    double k_feed = c->feed_dp_pa > 0 ? coolant_branch_k(c->feed_dp_pa, c->feed_flow_m3_per_s) : 1.0;
    if (c->pumped)
      for (int p = 0; p < c->npumps; p++) {
        double a = c->pump_shutoff_pa[p], q = c->pump_max_flow_m3_per_s[p];
        lp->pump_link[p] = hyd_add(&lp->net, (hyd_link_t){.kind = HYD_PUMP,
                                                          .from = 0,
                                                          .to = hyd_discharge(),
                                                          .a = a,
                                                          .b = a / (q * q),
                                                          .speed = c->pump_speed[p]});
      }
    else
      lp->source_link = hyd_add(&lp->net, (hyd_link_t){.kind = HYD_SOURCE, .from = 0, .to = hyd_discharge()});
    if (c->has_manifold)
      hyd_manifold(&lp->net, m, (hyd_layout_t)c->layout, k_feed, coolant_branch_k(c->seg_dp_pa, c->seg_flow_m3_per_s));
    for (size_t i = 0; i < g->ns + g->na; i++) {
      heat_src_t *h = device(g, i);
      if (h->loop != (int)l || h->prev >= 0) continue; /* a chain is one branch, at its head */
      int from = hyd_discharge(), to = 0;
      if (c->has_manifold && !h->is_asic) { /* modules hang on the headers at their column */
        from = hyd_supply_tap(h->column);
        to = hyd_return_tap(m, h->column);
      }
      h->link = hyd_add(&lp->net, (hyd_link_t){.kind = HYD_RES, .from = from, .to = to, .k = h->k_branch});
    }
  }
  (void)why;
  (void)whysz;
  return 0;
}

/* A branch's resistance and state: a chain's plates are in series, their
 * resistances add and the branch is shut when any of its modules is pulled. */
static double branch_k(graph_t *g, size_t head, int *closed) {
  double k = 0;
  *closed = 0;
  for (long i = (long)head; i >= 0; i = device(g, (size_t)i)->next) {
    heat_src_t *h = device(g, (size_t)i);
    k += h->k_branch * h->k_factor;
    if ((size_t)i < g->ns && g->slots[i].pulled) *closed = 1;
  }
  return k;
}

static void chain_flow(graph_t *g, size_t head) {
  double q = device(g, head)->q_m3s;
  for (long i = device(g, head)->next; i >= 0; i = device(g, (size_t)i)->next) device(g, (size_t)i)->q_m3s = q;
}

/* The regulated flow a loop holds: as set, or every open branch at its rating. */
static double loop_regulated_flow(graph_t *g, size_t l) {
  if (g->loops[l].cfg->flow_m3_per_s > 0) return g->loops[l].cfg->flow_m3_per_s;
  double q = 0;
  for (size_t i = 0; i < g->ns + g->na; i++) {
    heat_src_t *h = device(g, i);
    if (h->loop == (int)l && h->prev < 0 && !(i < g->ns && g->slots[i].pulled)) q += h->q_rated;
  }
  return q;
}

static void solve_loop(graph_t *g, size_t l) {
  loop_rt *lp = &g->loops[l];
  fluid_props(g->t->fluid, graph__loop_supply(g, (int)l), &lp->fp);
  size_t n = g->ns + g->na;
  if (!lp->use_net) { /* ideal headers, regulated flow: q_i ~ k_i^-1/2 */
    double *k = malloc((n ? n : 1) * sizeof *k), *q = malloc((n ? n : 1) * sizeof *q);
    size_t *who = malloc((n ? n : 1) * sizeof *who), m = 0;
    if (!k || !q || !who) abort();
    for (size_t i = 0; i < n; i++) {
      heat_src_t *h = device(g, i);
      if (h->loop != (int)l) continue;
      h->q_m3s = 0;
      if (h->prev >= 0) continue;
      int closed;
      double kb = branch_k(g, i, &closed);
      if (closed) continue; /* a blind-mate plug is closed */
      k[m] = kb;
      who[m++] = i;
    }
    double total = m ? loop_regulated_flow(g, l) : 0;
    if (m) coolant_split(k, m, total, q);
    for (size_t j = 0; j < m; j++) {
      device(g, who[j])->q_m3s = q[j];
      chain_flow(g, who[j]);
    }
    lp->flow_m3s = total;
    lp->head_pa = m ? coolant_parallel_k(k, m) * total * total : 0;
    free(k);
    free(q);
    free(who);
  } else {
    for (size_t i = 0; i < n; i++) {
      heat_src_t *h = device(g, i);
      if (h->loop != (int)l || h->prev >= 0) continue;
      hyd_link_t *lk = &lp->net.links[h->link];
      lk->k = branch_k(g, i, &lk->closed);
    }
    for (int p = 0; p < lp->cfg->npumps; p++) lp->net.links[lp->pump_link[p]].closed = lp->pump_failed[p];
    if (lp->source_link >= 0) lp->net.links[lp->source_link].q_set = loop_regulated_flow(g, l);
    if (hyd_solve(&lp->net)) graph__fail(g, "loop %s: the flow solution did not converge", lp->cfg->name);
    double total = 0;
    for (int p = 0; p < lp->cfg->npumps; p++) total += lp->net.links[lp->pump_link[p]].q;
    if (lp->source_link >= 0) total = lp->net.links[lp->source_link].q;
    lp->flow_m3s = total;
    lp->head_pa = lp->net.p[hyd_discharge()];
    for (size_t i = 0; i < n; i++) {
      heat_src_t *h = device(g, i);
      if (h->loop == (int)l && h->prev < 0) {
        h->q_m3s = fmax(0, lp->net.links[h->link].q);
        chain_flow(g, i);
      }
    }
  }
  double c = lp->fp.rho_kg_per_m3 * lp->fp.cp_j_per_kg_k;
  for (size_t i = 0; i < n; i++) {
    heat_src_t *h = device(g, i);
    if (h->loop != (int)l) continue;
    const thermal_plate_cfg_t *tc = h->tc;
    h->mdot_cp = h->q_m3s * c;
    h->dp_pa = h->k_branch * h->k_factor * h->q_m3s * h->q_m3s;
    double r = coolant_r_conv(tc->r_plate_coolant_k_per_w, h->q_rated, tc->flow_exponent, &g->fp_rated, &lp->fp,
                              tc->ntable, tc->table_flow_m3_per_s, tc->table_r_k_per_w, h->q_m3s);
    h->g_cool = isfinite(r) ? coolant_g_eff(r, h->mdot_cp) : 0;
  }
}

void graph__hydraulics(graph_t *g) {
  for (size_t l = 0; l < g->nl; l++) solve_loop(g, l);
  if (g->sig_hydraulic) sim_write(g->sig_hydraulic, sim_read(g->sig_hydraulic) + 1);
}

void graph__log_coolant(graph_t *g, sim_time_t now) {
  for (size_t l = 0; l < g->nl; l++) {
    loop_rt *lp = &g->loops[l];
    trace_log(g->out.log, now, "coolant", "loop %s: supply %.4g C, flow %.4g L/min, head %.4g kPa", lp->cfg->name,
              graph__loop_supply(g, (int)l), lp->flow_m3s * 60e3, lp->head_pa * 1e-3);
  }
}

void graph__on_hydraulics(sim_t *sim, void *ctx) {
  graph_t *g = ctx;
  graph__hydraulics(g);
  graph__log_coolant(g, sim_now(sim));
}

/* A CDU's supply temperature changes now; its loop's manifold sees it after
 * the plug flow through the supply pipe, volume / flow. */
void graph__supply_change(graph_t *g, sim_time_t now, int loop, double supply_c) {
  for (size_t l = 0; l < g->nl; l++) {
    loop_rt *lp = &g->loops[l];
    if (loop >= 0 && (size_t)loop != l) continue;
    lp->cdu_c = supply_c;
    double v = lp->cfg->supply_volume_m3;
    if (!(v > 0) || !(lp->flow_m3s > 0) || lp->fifo_n == TRANSPORT_MAX) {
      sim_write(lp->sig_supply, supply_c);
      continue;
    }
    sim_time_t at = now + sim_from_s(v / lp->flow_m3s);
    lp->fifo_t[lp->fifo_n] = at;
    lp->fifo_c[lp->fifo_n++] = supply_c;
    trace_log(g->out.log, now, "transport", "loop %s: %.4g C reaches the manifold in %.4g s", lp->cfg->name, supply_c,
              v / lp->flow_m3s);
    sim_wake_at(lp->p_transport, at);
  }
}

void graph__on_transport(sim_t *sim, void *ctx) {
  loop_rt *lp = ctx;
  sim_time_t now = sim_now(sim), next = UINT64_MAX;
  int k = 0;
  for (int i = 0; i < lp->fifo_n; i++) {
    if (lp->fifo_t[i] <= now)
      sim_write(lp->sig_supply, lp->fifo_c[i]); /* in order: the latest wins */
    else {
      lp->fifo_t[k] = lp->fifo_t[i];
      lp->fifo_c[k++] = lp->fifo_c[i];
      if (lp->fifo_t[i] < next) next = lp->fifo_t[i];
    }
  }
  lp->fifo_n = k;
  if (next != UINT64_MAX) sim_wake_at(lp->p_transport, next);
}

/* ---- thermal ---- */

/* Power per node of a device at its present temperatures, linearised:
 * each component on the junction of its source, a module's DC-DC loss on its
 * plate. comp (modules): each component's part of p0 and slope. */
static void device_power(graph_t *g, size_t i, double bps, double *p0, double *slope, double *cap, double *comp_p0,
                         double *comp_slope) {
  heat_src_t *h = device(g, i);
  const thermal_plate_cfg_t *tc = h->tc;
  memset(p0, 0, THERMAL_MAX_NODES * sizeof *p0);
  memset(slope, 0, THERMAL_MAX_NODES * sizeof *slope);
  if (i < g->ns) {
    slot_rt *sl = &g->slots[i];
    const module_power_cfg_t *mc = &sl->mt->power;
    *cap = sl->mt->power.max_w;
    for (int c = 0; c < mc->n; c++) comp_p0[c] = comp_slope[c] = 0;
    if (sl->pulled || sl->unpowered) return;
    double lanes = sl->active_lanes;
    double sum = 0;
    for (int c = 0; c < mc->n; c++) {
      int node = sl->comp_node[c];
      if (node >= 0) {
        double ds, p = power_component_w(&mc->c[c], lanes, bps, h->net.t_c[node], &ds);
        p0[node] += p;
        slope[node] += ds;
        comp_p0[c] = p;
        comp_slope[c] = ds;
        sum += p;
      } else { /* no such source: spread by the sources' shares, each at its own junction */
        for (int s = 0; s < tc->nsources; s++) {
          double ds, p = power_component_w(&mc->c[c], lanes, bps, h->net.t_c[h->junction[s]], &ds);
          p0[h->junction[s]] += tc->src[s].share * p;
          slope[h->junction[s]] += tc->src[s].share * ds;
          comp_p0[c] += tc->src[s].share * p;
        }
        sum += comp_p0[c];
      }
    }
    p0[THERMAL_PLATE] += sum * (1 / mc->dcdc_efficiency - 1); /* the converter's loss, on the plate */
    if (sim_now(g->sim) < sl->inrush_until) p0[THERMAL_PLATE] += g->t->feed_v * mc->inrush_a; /* soft start */
  } else {
    *cap = INFINITY;
    double p = asic_power_w(&g->t->asic_power, bps);
    for (int s = 0; s < tc->nsources; s++) p0[h->junction[s]] = tc->src[s].share * p;
  }
}

/* One backward-Euler step (dt_s > 0) or steady solve (dt_s = 0, one Newton
 * iteration) of device i; the total power held at the cap if it would pass.
 * Leakage makes the step nonlinear: it is linearised at the latest iterate
 * and solved again until the temperatures move less than 1 uK (a step that
 * moved nothing by 1 mK needs no second pass). */
static int device_step(graph_t *g, size_t i, double bps, double dt_s, thermal_flux_t *fx) {
  heat_src_t *h = device(g, i);
  double p0[THERMAL_MAX_NODES], s[THERMAL_MAX_NODES], cap, tk[THERMAL_MAX_NODES];
  double cp0[POWER_MAX_COMPONENTS] = {0}, cs[POWER_MAX_COMPONENTS] = {0};
  h->net.g_cool_w_per_k[THERMAL_PLATE] = h->g_cool;
  const thermal_net_t start = h->net;
  memcpy(tk, start.t_c, sizeof tk);
  double tot = 0, scale = 1;
  for (int it = 0; it < 8; it++) {
    memcpy(h->net.t_c, tk, sizeof tk); /* evaluate the powers at the iterate */
    device_power(g, i, bps, p0, s, &cap, cp0, cs);
    h->net = start;
    for (int k = 0; k < h->net.n; k++) p0[k] += s[k] * (start.t_c[k] - tk[k]); /* linearised about tk */
    if (thermal_step(&h->net, dt_s, p0, s, h->inlet_c, h->air_c, fx)) return -1;
    tot = 0;
    for (int k = 0; k < h->net.n; k++) tot += fx->p_applied_w[k];
    double moved = 0, from_start = 0;
    for (int k = 0; k < h->net.n; k++) {
      moved = fmax(moved, fabs(h->net.t_c[k] - tk[k]));
      from_start = fmax(from_start, fabs(h->net.t_c[k] - start.t_c[k]));
    }
    if (dt_s <= 0 || moved < 1e-6 || (it == 0 && from_start < 1e-3)) break;
    memcpy(tk, h->net.t_c, sizeof tk);
  }
  if (tot > cap) { /* the module is throttled to its cap, never above it */
    double p0sum = 0;
    for (int k = 0; k < h->net.n; k++) p0sum += p0[k] - s[k] * (start.t_c[k] - tk[k]);
    scale = p0sum > 0 ? cap / p0sum : 0;
    memcpy(h->net.t_c, tk, sizeof tk);
    device_power(g, i, bps, p0, s, &cap, cp0, cs);
    h->net = start;
    for (int k = 0; k < h->net.n; k++) {
      p0[k] *= scale;
      s[k] = 0;
    }
    if (thermal_step(&h->net, dt_s, p0, s, h->inlet_c, h->air_c, fx)) return -1;
    tot = cap;
  }
  if (i < g->ns) { /* what each component drew: its part of the applied power */
    slot_rt *sl = &g->slots[i];
    const module_power_cfg_t *mc = &sl->mt->power;
    double csum = 0;
    for (int c = 0; c < mc->n; c++) {
      int node = sl->comp_node[c];
      double dT = node >= 0 ? h->net.t_c[node] - tk[node] : 0;
      sl->comp_w[c] = scale < 1 ? cp0[c] * scale : cp0[c] + cs[c] * dT;
      csum += sl->comp_w[c];
    }
    sl->dcdc_w = tot - csum;
  }
  h->power_w = tot;
  h->q_cool_w = fx->q_cool_w;
  h->q_air_w = fx->q_air_w;
  h->outlet_c = coolant_outlet_c(h->inlet_c, fx->q_cool_w, h->mdot_cp);
  return 0;
}

/* Steady state of device i at rate bps: Newton on the leakage. */
static int device_steady(graph_t *g, size_t i, double bps) {
  heat_src_t *h = device(g, i);
  thermal_flux_t fx;
  for (int it = 0; it < 60; it++) {
    double before[THERMAL_MAX_NODES];
    memcpy(before, h->net.t_c, sizeof before);
    if (device_step(g, i, bps, 0, &fx)) return -1;
    double d = 0;
    for (int k = 0; k < h->net.n; k++) d = fmax(d, fabs(h->net.t_c[k] - before[k]));
    if (d < 1e-10) return 0;
  }
  return -1; /* no fixed point: thermal runaway */
}

/* Inlet and air temperatures of every device: the loop's supply; the air
 * around a module is warmed by the modules below it in its column. */
static void boundaries(graph_t *g) {
  const topo_t *t = g->t;
  for (size_t i = 0; i < g->ns + g->na; i++) {
    heat_src_t *h = device(g, i);
    h->inlet_c = graph__loop_supply(g, h->loop);
    h->air_c = t->air_c;
  }
  if (t->air_capacity_w_per_k > 0) /* heat to air from modules below, last step's */
    for (size_t i = 0; i < g->ns; i++)
      for (size_t j = 0; j < g->ns; j++)
        if (t->slots[j].col == t->slots[i].col && t->slots[j].row < t->slots[i].row)
          g->slots[i].h.air_c += g->slots[j].h.q_air_w / t->air_capacity_w_per_k;
}

static double step_rate(graph_t *g, heat_src_t *h, sim_time_t now, double dt_s) {
  double bits_now = h->bits + h->carried_bps * (double)(now - g->t_fabric) * SIM_S_PER_PS;
  double r = (bits_now - h->bits_step) / dt_s;
  h->bits_step = bits_now;
  return r;
}

/* States that cannot happen end the run: liquid coolant beyond its boiling
 * or freezing point, a junction past any package's survival. */
static void impossible_state(graph_t *g, const heat_src_t *h, double tj) {
  const char *what = h->is_asic ? "asic" : "slot";
  double boil = g->t->boiling_c, freeze = fluid_freeze_c(g->t->fluid);
  if (h->q_m3s > 0 && !(h->outlet_c < boil))
    graph__fail(g,
                "%s[%d]: coolant outlet at %.1f C reaches the boiling point of %s (%.0f C): the flow cannot carry "
                "the heat",
                what, h->index, h->outlet_c, fluid_name(g->t->fluid), boil);
  else if (h->q_m3s > 0 && !(h->outlet_c > freeze))
    graph__fail(g, "%s[%d]: coolant outlet at %.1f C is below the freezing point of %s (%.1f C)", what, h->index,
                h->outlet_c, fluid_name(g->t->fluid), freeze);
  else if (!(tj < g->t->max_junction_c))
    graph__fail(g, "%s[%d]: junction at %.0f C, past solver.max_junction %.0f C: no package survives this", what,
                h->index, tj, g->t->max_junction_c);
}

/* After a thermal step: the switch's power, runaway, and each loop's
 * return. (The statistics behind the KPIs are taken where the traces are
 * written, sample.c, so that the two agree.) */
static void record(graph_t *g) {
  double total = 0;
  for (size_t i = 0; i < g->ns + g->na; i++) {
    heat_src_t *h = device(g, i);
    int present = !(i < g->ns && g->slots[i].pulled);
    double tj = graph__tj_max(h);
    total += h->power_w;
    if (present && tj > g->t->runaway_c && !g->runaway) {
      g->runaway = 1;
      trace_log(g->out.log, sim_now(g->sim), "runaway", "%s[%d] junction at %.1f C, above %.0f C",
                h->is_asic ? "asic" : "slot", h->index, tj, g->t->runaway_c);
    }
    if (present) impossible_state(g, h, tj);
  }
  g->power_w = total;
  for (size_t l = 0; l < g->nl; l++) {
    double mix = 0, cap = 0;
    for (size_t i = 0; i < g->ns + g->na; i++) {
      heat_src_t *h = device(g, i);
      if (h->loop != (int)l || h->next >= 0) continue; /* a chain returns from its last plate */
      mix += h->mdot_cp * h->outlet_c;
      cap += h->mdot_cp;
    }
    g->loops[l].return_c = cap > 0 ? mix / cap : graph__loop_supply(g, (int)l);
  }
}

static void book(graph_t *g, double dt_s) {
  for (size_t i = 0; i < g->ns + g->na; i++) {
    heat_src_t *h = device(g, i);
    g->e_in += h->power_w * dt_s;
    g->e_cool += h->q_cool_w * dt_s;
    g->e_air += h->q_air_w * dt_s;
    h->energy_j += h->power_w * dt_s;
    if (i < g->ns) {
      slot_rt *sl = &g->slots[i];
      for (int c = 0; c < sl->mt->power.n; c++) sl->comp_j[c] += sl->comp_w[c] * dt_s;
      sl->dcdc_j += sl->dcdc_w * dt_s;
    }
  }
  graph__feed_update(g, 0, dt_s);
}

static void publish_tj(graph_t *g) {
  double qk = g->t->temp_quantum_k;
  for (size_t s = 0; s < g->ns; s++) {
    double tj = graph__tj_max(&g->slots[s].h);
    if (g->slots[s].sig_tj) sim_write(g->slots[s].sig_tj, qk > 0 ? round(tj / qk) * qk : tj);
  }
}

/* Step every device over dt_s (0: steady state at t = 0). record: add the
 * step to the statistics and the energy books. */
int graph__thermal_all(graph_t *g, sim_time_t now, double dt_s, int rec) {
  boundaries(g);
  for (size_t o = 0; o < g->ns + g->na; o++) {
    size_t i = g->order[o];
    heat_src_t *h = device(g, i);
    if (h->prev >= 0) h->inlet_c = device(g, (size_t)h->prev)->outlet_c; /* in series: fed by the plate upstream */
    double bps = dt_s > 0 ? step_rate(g, h, now, dt_s) : h->carried_bps;
    thermal_flux_t fx;
    if (dt_s > 0 ? device_step(g, i, bps, dt_s, &fx) : device_steady(g, i, bps)) return -1;
    if (i < g->ns) {
      slot_rt *sl = &g->slots[i];
      double full = 0, cap = sl->mt->power.max_w, p0[THERMAL_MAX_NODES], sl0[THERMAL_MAX_NODES];
      double cp0[POWER_MAX_COMPONENTS], cs[POWER_MAX_COMPONENTS];
      device_power(g, i, bps, p0, sl0, &cap, cp0, cs);
      for (int k = 0; k < h->net.n; k++) full += p0[k];
      int capped = full >= cap;
      if (capped != sl->capped)
        trace_log(g->out.log, now, capped ? "power-cap" : "power-uncap", "slot[%zu] %s at %.1f W", i,
                  capped ? "held at its cap" : "below its cap again", cap);
      sl->capped = capped;
    }
  }
  if (rec) {
    if (dt_s > 0) book(g, dt_s);
    record(g);
  }
  publish_tj(g);
  return 0;
}

/* While skipping, energy is booked at the steady fluxes up to now. */
void graph__thermal_sync(graph_t *g, sim_time_t now) {
  if (!g->skipping || now <= g->t_booked) return;
  double dt = sim_to_s(now - g->t_booked);
  book(g, dt);
  record(g);
  g->t_booked = now;
}

/* Are the inputs quiet and every device within tolerance of steady state?
 * If so, set each device to that steady state. */
static int try_settle(graph_t *g, double max_step_change) {
  double tol = g->t->steady_tolerance_k;
  if (!(tol > 0) || max_step_change > 10 * tol) return 0;
  size_t n = g->ns + g->na;
  heat_src_t *saved = malloc(n * sizeof *saved);
  if (!saved) abort();
  for (size_t i = 0; i < n; i++) saved[i] = *device(g, i);
  int ok = 1;
  for (size_t o = 0; o < n && ok; o++) {
    size_t i = g->order[o];
    heat_src_t *h = device(g, i);
    if (h->prev >= 0) h->inlet_c = device(g, (size_t)h->prev)->outlet_c;
    if (device_steady(g, i, h->carried_bps)) ok = 0;
    for (int k = 0; ok && k < h->net.n; k++)
      if (fabs(h->net.t_c[k] - saved[i].net.t_c[k]) > tol) ok = 0;
  }
  if (!ok) { /* not yet: every device back as it was after its step */
    for (size_t i = 0; i < n; i++) *device(g, i) = saved[i];
    free(saved);
    return 0;
  }
  free(saved);
  return 1;
}

void graph__on_thermal(sim_t *sim, void *ctx) {
  graph_t *g = ctx;
  sim_time_t now = sim_now(sim), step = g->t->thermal_step;
  if (g->skipping) { /* an input changed: book the quiet time, resume on the next edge */
    sim_time_t edge = now / step * step;
    graph__thermal_sync(g, edge);
    /* bits at the resume edge: the rate was constant while quiet */
    for (size_t i = 0; i < g->ns + g->na; i++) {
      heat_src_t *h = device(g, i);
      h->bits_step = h->skip_bits + h->skip_rate * (double)(edge - g->t_skip) * SIM_S_PER_PS;
    }
    g->skipping = 0;
    g->input_gen++;
    g->input_gen_step = g->input_gen;
    if (edge < g->t->duration) {
      g->thermal_next = edge + step;
      sim_wake_at(g->p_thermal, g->thermal_next);
    }
    return;
  }
  if (now != g->thermal_next || g->last_step == now) { /* woken by an input change */
    g->input_gen++;
    return;
  }
  double change = 0;
  size_t n = g->ns + g->na;
  double *t_old = malloc(n * THERMAL_MAX_NODES * sizeof *t_old);
  if (!t_old) abort();
  for (size_t i = 0; i < n; i++)
    memcpy(&t_old[i * THERMAL_MAX_NODES], device(g, i)->net.t_c, sizeof device(g, i)->net.t_c);
  if (graph__thermal_all(g, now, sim_to_s(step), 1)) {
    free(t_old);
    graph__fail(g, "the thermal network has no solution");
    return;
  }
  for (size_t i = 0; i < n; i++) {
    heat_src_t *h = device(g, i);
    for (int k = 0; k < h->net.n; k++) change = fmax(change, fabs(h->net.t_c[k] - t_old[i * THERMAL_MAX_NODES + k]));
  }
  free(t_old);
  g->last_step = now;
  g->steps++;
  graph__feed_check(g, now);
  int quiet = g->input_gen == g->input_gen_step;
  g->input_gen_step = g->input_gen;
  /* Trying to settle costs a steady solve per device: after a failed try,
   * wait twice as many steps (up to 1024) before the next; an input change
   * starts over. */
  if (!quiet) g->settle_wait = g->settle_backoff = 0;
  int attempt = quiet && now < g->t->duration && change <= 10 * g->t->steady_tolerance_k && g->settle_wait-- <= 0;
  if (attempt && !try_settle(g, change)) {
    g->settle_backoff = g->settle_backoff ? (g->settle_backoff < 1024 ? 2 * g->settle_backoff : 1024) : 1;
    g->settle_wait = g->settle_backoff;
    attempt = 0;
  }
  if (attempt) {
    /* The devices now sit at their steady states: recompute fluxes there. */
    boundaries(g);
    for (size_t o = 0; o < n; o++) {
      size_t i = g->order[o];
      thermal_flux_t fx;
      if (device(g, i)->prev >= 0) device(g, i)->inlet_c = device(g, (size_t)device(g, i)->prev)->outlet_c;
      device_step(g, i, device(g, i)->carried_bps, 0, &fx);
    }
    record(g);
    publish_tj(g);
    g->skipping = 1;
    g->t_booked = now;
    g->t_skip = now;
    for (size_t i = 0; i < n; i++) {
      heat_src_t *h = device(g, i);
      h->skip_rate = h->carried_bps;
      h->skip_bits = h->bits_step;
    }
    g->thermal_next = UINT64_MAX;
    trace_log(g->out.log, now, "thermal", "steady: the thermal clock stops until an input changes");
    return;
  }
  if (now < g->t->duration) {
    g->thermal_next = sim_cycle_after(g->d_thermal, now) * step;
    sim_wake_at(g->p_thermal, g->thermal_next);
  }
}
