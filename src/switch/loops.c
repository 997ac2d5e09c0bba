/*
 * loops.c: coolant loops in time. Each loop is solved when anything
 * hydraulic changes (a pump fails, a branch is blocked or closed, a leak
 * opens, the supply temperature moves the fluid properties): a regulated
 * loop on ideal headers by the closed-form split, anything else on its
 * network. The physics is in models/coolant.c and models/hydraulics.c.
 */
#include "switch/loops.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coolant.h"
#include "hydraulics.h"

typedef struct loop_state {
  const topo_loop_t *cfg;
  hyd_net_t net; /* when the loop is pumped or has a manifold */
  int use_net;
  int pump_link[TOPO_MAX_PUMPS];
  int pump_failed[TOPO_MAX_PUMPS];
  int source_link;  /* regulated flow source, -1: none */
  fluid_props_t fp; /* at the loop's supply temperature: its density sets the mass flow */
  double flow_m3s, head_pa;
  double manifold_return_c;        /* the branches' outlets mixed, where they leave the manifold */
  double return_c;                 /* what reached the CDU: the manifold's return, return_volume / flow ago */
  sim_time_t ret_t[RETURN_POINTS]; /* the return pipe, oldest first: when each temperature reaches the CDU */
  double ret_c[RETURN_POINTS];
  int ret_first, ret_n;
  double cdu_c;             /* what the loop's CDU delivers (before the transport delay) */
  sim_signal_t *sig_supply; /* the supply temperature arriving at the manifold */
  sim_proc_t *p_transport;
  sim_time_t fifo_t[TRANSPORT_MAX];
  double fifo_c[TRANSPORT_MAX];
  int fifo_n;
} loop_state_t;

struct loops {
  switch_env_t *env;
  const feed_t *feed;
  sim_signal_t *sig_hydraulic;
  sim_proc_t *p_hydraulics;
  loop_state_t *loops;
  loop_branch_t *br; /* per device */
  size_t nd;
  fluid_props_t fp_rated;
  double *k, *q; /* scratch, per device */
  size_t *who;
  double supply_c, return_c, flow_lpm; /* the switch's, at the last sample */
};

static void branch_init(loop_branch_t *b, const thermal_plate_cfg_t *tc, double dp, double q) {
  memset(b, 0, sizeof *b);
  b->tc = tc;
  b->k_branch = coolant_branch_k(dp, q);
  b->k_factor = 1;
  b->q_rated = q;
  b->link = -1;
}

loops_t *loops_new(switch_env_t *env, const feed_t *feed, sim_signal_t *sig_hydraulic) {
  const topo_t *t = env->t;
  loops_t *L = calloc(1, sizeof *L);
  if (!L) abort();
  L->env = env;
  L->feed = feed;
  L->sig_hydraulic = sig_hydraulic;
  L->nd = env->ns + env->na;
  L->loops = calloc(env->nl ? env->nl : 1, sizeof *L->loops);
  L->br = calloc(L->nd + 1, sizeof *L->br);
  L->k = malloc((L->nd + 1) * sizeof *L->k);
  L->q = malloc((L->nd + 1) * sizeof *L->q);
  L->who = malloc((L->nd + 1) * sizeof *L->who);
  if (!L->loops || !L->br || !L->k || !L->q || !L->who) abort();
  for (size_t l = 0; l < env->nl; l++) {
    L->loops[l].cfg = &t->loops[l];
    L->loops[l].cdu_c = t->loops[l].supply_c;
  }
  fluid_props(t->fluid, t->rated_c, &L->fp_rated);
  for (size_t s = 0; s < env->ns; s++) {
    const topo_module_type_t *mt = &t->types[t->slots[s].type];
    loop_branch_t *b = &L->br[s];
    branch_init(b, &mt->thermal, mt->branch_dp_pa, mt->branch_flow_m3_per_s);
    b->loop = t->slot_loop[s];
    b->bulk_c = t->loops[b->loop].supply_c;
    b->column = t->slots[s].col;
    b->index = (int)s;
    b->prev = t->slot_prev[s];
    b->next = t->slot_next[s];
  }
  for (size_t a = 0; a < env->na; a++) {
    loop_branch_t *b = &L->br[env->ns + a];
    branch_init(b, &t->asic_thermal, t->asic_branch_dp_pa, t->asic_branch_flow_m3_per_s);
    b->loop = t->asic_loop[a];
    b->bulk_c = t->loops[b->loop].supply_c;
    b->is_asic = 1;
    b->index = (int)a;
    b->prev = b->next = -1;
  }
  return L;
}

void loops_free(loops_t *L) {
  if (!L) return;
  for (size_t l = 0; l < L->env->nl; l++)
    if (L->loops[l].use_net) hyd_free(&L->loops[l].net);
  free(L->loops);
  free(L->br);
  free(L->k);
  free(L->q);
  free(L->who);
  free(L);
}

void loops_create_signals(loops_t *L) {
  for (size_t l = 0; l < L->env->nl; l++) {
    char name[96];
    snprintf(name, sizeof name, "loop[%s].supply_c", L->loops[l].cfg->name);
    L->loops[l].sig_supply = sim_signal(L->env->sim, name, L->loops[l].cfg->supply_c);
  }
}

/* A pump's link, or the regulated source's, from the suction to the discharge. */
static void add_drive(loop_state_t *lp) {
  const topo_loop_t *c = lp->cfg;
  if (!c->pumped) {
    lp->source_link = hyd_add(&lp->net, (hyd_link_t){.kind = HYD_SOURCE, .from = 0, .to = hyd_discharge()});
    return;
  }
  for (int p = 0; p < c->npumps; p++) {
    double a = c->pumps[p].shutoff_pa, q = c->pumps[p].max_flow_m3_per_s;
    lp->pump_link[p] = hyd_add(
        &lp->net,
        (hyd_link_t){
            .kind = HYD_PUMP, .from = 0, .to = hyd_discharge(), .a = a, .b = a / (q * q), .speed = c->pumps[p].speed});
  }
}

void loops_build(loops_t *L) {
  const topo_t *t = L->env->t;
  for (size_t l = 0; l < L->env->nl; l++) {
    loop_state_t *lp = &L->loops[l];
    const topo_loop_t *c = lp->cfg;
    lp->source_link = -1;
    lp->use_net = c->pumped || c->has_manifold;
    if (!lp->use_net) continue;
    int m = t->cage.cols;
    hyd_init(&lp->net, c->has_manifold ? hyd_manifold_nodes(m) : 2);
    /* A header with no stated resistance is taken as negligible: 1 Pa at 1 m^3/s. */
    double k_feed = c->feed.dp_pa > 0 ? coolant_branch_k(c->feed.dp_pa, c->feed.flow_m3_per_s) : 1.0;
    add_drive(lp);
    if (c->has_manifold)
      hyd_manifold(&lp->net, m, (hyd_layout_t)c->layout, k_feed,
                   coolant_branch_k(c->segment.dp_pa, c->segment.flow_m3_per_s));
    for (size_t i = 0; i < L->nd; i++) {
      loop_branch_t *b = &L->br[i];
      if (b->loop != (int)l || b->prev >= 0) continue; /* a chain is one branch, at its head */
      int from = hyd_discharge(), to = 0;
      if (c->has_manifold && !b->is_asic) { /* modules hang on the headers at their column */
        from = hyd_supply_tap(b->column);
        to = hyd_return_tap(m, b->column);
      }
      b->link = hyd_add(&lp->net, (hyd_link_t){.kind = HYD_RES, .from = from, .to = to, .k = b->k_branch});
    }
  }
}

static int pulled(const loops_t *L, size_t i) { return i < L->env->ns && !feed_module_present(L->feed, i); }
/* No flow: a pulled module's plug closes; an air-cooled device has none. */
static int shut(const loops_t *L, size_t i) { return pulled(L, i) || topo_device_air_cooled(L->env->t, i); }

/* A branch's resistance and state: a chain's plates are in series, their
 * resistances add and the branch is shut when any of its devices is (shut). */
static double branch_k(const loops_t *L, size_t head, int *closed) {
  double k = 0;
  *closed = 0;
  for (long i = (long)head; i >= 0; i = L->br[i].next) {
    k += L->br[i].k_branch * L->br[i].k_factor;
    if (shut(L, (size_t)i)) *closed = 1;
  }
  return k;
}

static void chain_flow(loops_t *L, size_t head) {
  double q = L->br[head].q_m3s;
  for (long i = L->br[head].next; i >= 0; i = L->br[i].next) L->br[i].q_m3s = q;
}

/* The regulated flow a loop holds: as set, or every open branch at its rating. */
static double regulated_flow(const loops_t *L, size_t l) {
  if (L->loops[l].cfg->flow_m3_per_s > 0) return L->loops[l].cfg->flow_m3_per_s;
  double q = 0;
  for (size_t i = 0; i < L->nd; i++)
    if (L->br[i].loop == (int)l && L->br[i].prev < 0 && !shut(L, i)) q += L->br[i].q_rated;
  return q;
}

/* Ideal headers, regulated flow: q_i ~ k_i^-1/2. */
static void solve_split(loops_t *L, size_t l) {
  loop_state_t *lp = &L->loops[l];
  size_t m = 0;
  for (size_t i = 0; i < L->nd; i++) {
    loop_branch_t *b = &L->br[i];
    if (b->loop != (int)l) continue;
    b->q_m3s = 0;
    if (b->prev >= 0) continue;
    int closed;
    double kb = branch_k(L, i, &closed);
    if (closed) continue; /* a blind-mate plug is closed */
    L->k[m] = kb;
    L->who[m++] = i;
  }
  double total = m ? regulated_flow(L, l) : 0;
  if (m) coolant_split(L->k, m, total, L->q);
  for (size_t j = 0; j < m; j++) {
    L->br[L->who[j]].q_m3s = L->q[j];
    chain_flow(L, L->who[j]);
  }
  lp->flow_m3s = total;
  lp->head_pa = m ? coolant_parallel_k(L->k, m) * total * total : 0;
}

static void solve_network(loops_t *L, size_t l) {
  loop_state_t *lp = &L->loops[l];
  for (size_t i = 0; i < L->nd; i++) {
    loop_branch_t *b = &L->br[i];
    if (b->loop != (int)l || b->prev >= 0) continue;
    hyd_link_t *lk = &lp->net.links[b->link];
    lk->k = branch_k(L, i, &lk->closed);
  }
  for (int p = 0; p < lp->cfg->npumps; p++) lp->net.links[lp->pump_link[p]].closed = lp->pump_failed[p];
  if (lp->source_link >= 0) lp->net.links[lp->source_link].q_set = regulated_flow(L, l);
  if (hyd_solve(&lp->net)) env_fail(L->env, "loop %s: the flow solution did not converge", lp->cfg->name);
  double total = 0;
  for (int p = 0; p < lp->cfg->npumps; p++) total += lp->net.links[lp->pump_link[p]].q;
  if (lp->source_link >= 0) total = lp->net.links[lp->source_link].q;
  lp->flow_m3s = total;
  lp->head_pa = lp->net.p[hyd_discharge()];
  for (size_t i = 0; i < L->nd; i++) {
    loop_branch_t *b = &L->br[i];
    if (b->loop == (int)l && b->prev < 0) {
      b->q_m3s = fmax(0, lp->net.links[b->link].q);
      chain_flow(L, i);
    }
  }
}

/* A branch's capacity rate and conductance: the mass flow from the volume
 * flow at the loop's supply, c_p and the convection at the branch's bulk
 * mean temperature. */
static void branch_props(loops_t *L, loop_branch_t *b) {
  const loop_state_t *lp = &L->loops[b->loop];
  const thermal_plate_cfg_t *tc = b->tc;
  fluid_props_t at;
  fluid_props(L->env->t->fluid, b->bulk_c, &at);
  b->mdot_cp = b->q_m3s * lp->fp.rho_kg_per_m3 * at.cp_j_per_kg_k;
  double r = coolant_r_conv(tc->r_plate_coolant_k_per_w, b->q_rated, tc->flow_exponent, &L->fp_rated, &at, tc->ntable,
                            tc->table_flow_m3_per_s, tc->table_r_k_per_w, b->q_m3s);
  b->g_cool = isfinite(r) ? coolant_g_eff(r, b->mdot_cp) : 0;
}

static void solve_loop(loops_t *L, size_t l) {
  loop_state_t *lp = &L->loops[l];
  fluid_props(L->env->t->fluid, loops_supply_c(L, l), &lp->fp);
  if (!lp->use_net)
    solve_split(L, l);
  else
    solve_network(L, l);
  for (size_t i = 0; i < L->nd; i++) {
    loop_branch_t *b = &L->br[i];
    if (b->loop != (int)l) continue;
    b->dp_pa = b->k_branch * b->k_factor * b->q_m3s * b->q_m3s;
    branch_props(L, b);
  }
}

void loops_set_bulk_c(loops_t *L, size_t i, double bulk_c) {
  loop_branch_t *b = &L->br[i];
  if (!(fabs(bulk_c - b->bulk_c) >= LOOPS_BULK_QUANTUM_K)) return;
  b->bulk_c = bulk_c;
  branch_props(L, b);
}

/* The least flow a present, liquid-cooled module's branch of loop l would
 * carry with working pump `pump` failed too, or NaN if that flow does not
 * solve. The loop's network is put back as it was: the run's state does not
 * move. */
static double pump_whatif(loops_t *L, size_t l, int pump, size_t *device) {
  loop_state_t *lp = &L->loops[l];
  hyd_net_t *n = &lp->net;
  double *saved_q = malloc((n->nlinks + 1) * sizeof *saved_q),
         *saved_p = malloc((size_t)(n->nnodes + 1) * sizeof *saved_p);
  if (!saved_q || !saved_p) abort();
  for (size_t k = 0; k < n->nlinks; k++) saved_q[k] = n->links[k].q;
  memcpy(saved_p, n->p, (size_t)n->nnodes * sizeof *saved_p);
  n->links[lp->pump_link[pump]].closed = 1;
  double least = INFINITY;
  if (hyd_solve(n)) least = NAN;
  for (size_t i = 0; i < L->env->ns && !isnan(least); i++) {
    const loop_branch_t *b = &L->br[i];
    if (b->loop != (int)l || shut(L, i)) continue;
    long head = (long)i;
    while (L->br[head].prev >= 0) head = L->br[head].prev;
    double q = fmax(0, n->links[L->br[head].link].q);
    if (q < least) {
      least = q;
      *device = i;
    }
  }
  n->links[lp->pump_link[pump]].closed = lp->pump_failed[pump];
  for (size_t k = 0; k < n->nlinks; k++) n->links[k].q = saved_q[k];
  memcpy(n->p, saved_p, (size_t)n->nnodes * sizeof *saved_p);
  free(saved_q);
  free(saved_p);
  return least;
}

int loops_pump_n1(loops_t *L, double *least_m3s, char *where, size_t n) {
  int any = 0;
  *least_m3s = INFINITY;
  for (size_t l = 0; l < L->env->nl; l++) {
    loop_state_t *lp = &L->loops[l];
    if (!lp->cfg->pumped) continue;
    for (int p = 0; p < lp->cfg->npumps; p++) {
      if (lp->pump_failed[p]) continue;
      size_t dev = 0;
      double q = pump_whatif(L, l, p, &dev);
      if (isnan(q)) q = 0;        /* no solution: count it as no flow */
      if (!isfinite(q)) continue; /* the loop cools no module */
      any = 1;
      if (q < *least_m3s) {
        *least_m3s = q;
        snprintf(where, n, "loop %s, pump %d failed: slot %zu", lp->cfg->name, p, dev);
      }
    }
    int working = 0;
    for (int p = 0; p < lp->cfg->npumps; p++) working += !lp->pump_failed[p];
    if (working == 0 && lp->cfg->npumps > 0) { /* nothing left to fail: the loop carries nothing now */
      any = 1;
      *least_m3s = 0;
      snprintf(where, n, "loop %s: every pump has failed", lp->cfg->name);
    }
  }
  return any;
}

void loops_solve(loops_t *L) {
  for (size_t l = 0; l < L->env->nl; l++) solve_loop(L, l);
  if (L->sig_hydraulic) signal_bump(L->sig_hydraulic);
}

void loops_log(const loops_t *L, sim_time_t now) {
  for (size_t l = 0; l < L->env->nl; l++) {
    const loop_state_t *lp = &L->loops[l];
    trace_log(L->env->log, now, "coolant", "loop %s: supply %.4g C, flow %.4g L/min, head %.4g kPa", lp->cfg->name,
              loops_supply_c(L, l), lp->flow_m3s * 60e3, lp->head_pa * 1e-3);
  }
}

static void on_hydraulics(sim_t *sim, void *ctx) {
  loops_t *L = ctx;
  loops_solve(L);
  loops_log(L, sim_now(sim));
}

static void on_transport(sim_t *sim, void *ctx) {
  loop_state_t *lp = ctx;
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

void loops_start(loops_t *L) {
  L->p_hydraulics = sim_process(L->env->sim, "hydraulics", PRIO_HYDRAULICS, on_hydraulics, L);
  for (size_t l = 0; l < L->env->nl; l++) {
    char name[96];
    snprintf(name, sizeof name, "loop[%s].transport", L->loops[l].cfg->name);
    L->loops[l].p_transport = sim_process(L->env->sim, name, PRIO_TRANSPORT, on_transport, &L->loops[l]);
  }
}

/* Subscriptions come after the fabric's: see switch.c. */
void loops_subscribe(loops_t *L) {
  for (size_t l = 0; l < L->env->nl; l++) sim_subscribe(L->loops[l].sig_supply, L->p_hydraulics);
}

/* ---- what other parts ask and tell ---- */

const loop_branch_t *loops_branch(const loops_t *L, size_t i) { return &L->br[i]; }
sim_signal_t *loops_supply_signal(const loops_t *L, size_t l) { return L->loops[l].sig_supply; }
double loops_supply_c(const loops_t *L, size_t l) { return sim_read(L->loops[l].sig_supply); }
double loops_return_c(const loops_t *L, size_t l) {
  const loop_state_t *lp = &L->loops[l];
  sim_time_t now = L->env->sim ? sim_now(L->env->sim) : 0;
  double c = lp->return_c; /* the latest point that has arrived, without taking it off the pipe */
  for (int k = 0; k < lp->ret_n && lp->ret_t[(lp->ret_first + k) % RETURN_POINTS] <= now; k++)
    c = lp->ret_c[(lp->ret_first + k) % RETURN_POINTS];
  return c;
}
double loops_flow_m3s(const loops_t *L, size_t l) { return L->loops[l].flow_m3s; }
double loops_head_pa(const loops_t *L, size_t l) { return L->loops[l].head_pa; }
const char *loops_name(const loops_t *L, size_t l) { return L->loops[l].cfg->name; }
/* The return pipe, plug flow: the manifold's return reaches the CDU after
 * return_volume / flow (the flow when it left). Points closer than the
 * delay / RETURN_POINTS share one slot (the latest value wins), so the pipe
 * holds at most RETURN_POINTS of them. */
static void return_advance(loop_state_t *lp, sim_time_t now) {
  while (lp->ret_n > 0 && lp->ret_t[lp->ret_first] <= now) {
    lp->return_c = lp->ret_c[lp->ret_first];
    lp->ret_first = (lp->ret_first + 1) % RETURN_POINTS;
    lp->ret_n--;
  }
}

void loops_set_return(loops_t *L, size_t l, double c) {
  loop_state_t *lp = &L->loops[l];
  sim_time_t now = L->env->sim ? sim_now(L->env->sim) : 0;
  lp->manifold_return_c = c;
  double v = lp->cfg->return_volume_m3;
  if (!(v > 0) || !(lp->flow_m3s > 0) || now == 0) { /* no pipe, or the state at t = 0: it has been so all along */
    lp->ret_n = 0;
    lp->return_c = c;
    return;
  }
  return_advance(lp, now);
  double delay_s = v / lp->flow_m3s;
  sim_time_t at = now + sim_from_s(delay_s), grid = sim_from_s(delay_s / RETURN_POINTS);
  int last = (lp->ret_first + lp->ret_n - 1) % RETURN_POINTS;
  if (lp->ret_n > 0 && (at < lp->ret_t[last] + grid || lp->ret_n == RETURN_POINTS)) {
    lp->ret_c[last] = c; /* within one grid step of the last point (or the pipe is full): it moves */
    return;
  }
  lp->ret_t[(last + 1) % RETURN_POINTS] = at;
  lp->ret_c[(last + 1) % RETURN_POINTS] = c;
  lp->ret_n++;
}

/* A CDU's supply temperature changes now; its loop's manifold sees it after
 * the plug flow through the supply pipe, volume / flow. */
void loops_supply_change(loops_t *L, sim_time_t now, int loop, double supply_c) {
  for (size_t l = 0; l < L->env->nl; l++) {
    loop_state_t *lp = &L->loops[l];
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
    trace_log(L->env->log, now, "transport", "loop %s: %.4g C reaches the manifold in %.4g s", lp->cfg->name, supply_c,
              v / lp->flow_m3s);
    sim_wake_at(lp->p_transport, at);
  }
}

void loops_pump(loops_t *L, size_t l, int pump, int fail) { L->loops[l].pump_failed[pump] = fail; }
void loops_block(loops_t *L, size_t i, double factor) { L->br[i].k_factor = factor; }

void loops_leak(loops_t *L, size_t l, int column, double k) {
  hyd_add(&L->loops[l].net, (hyd_link_t){.kind = HYD_RES, .from = hyd_supply_tap(column), .to = 0, .k = k});
}

void loops_set_pump_speed(loops_t *L, size_t l, double speed) {
  loop_state_t *lp = &L->loops[l];
  for (int p = 0; p < lp->cfg->npumps; p++) lp->net.links[lp->pump_link[p]].speed = speed;
}

/* ---- traces ---- */

/* The switch's supply and return: the loops' CDU supplies and returns mixed
 * by flow x c_p (one supply for all loops is that supply exactly). */
void loops_sample(loops_t *L) {
  double flow = 0, mix = 0, cap = 0, mix_sup = 0, sup = L->env->nl ? L->loops[0].cdu_c : 0;
  int one_supply = 1;
  for (size_t l = 0; l < L->env->nl; l++) {
    const loop_state_t *lp = &L->loops[l];
    flow += lp->flow_m3s;
    double c = lp->flow_m3s * lp->fp.rho_kg_per_m3 * lp->fp.cp_j_per_kg_k;
    mix += c * loops_return_c(L, l);
    mix_sup += c * lp->cdu_c;
    cap += c;
    one_supply &= lp->cdu_c == sup;
  }
  if (!one_supply && cap > 0) sup = mix_sup / cap;
  L->supply_c = sup;
  L->return_c = cap > 0 ? mix / cap : sup;
  L->flow_lpm = flow * 60e3;
}

#define LOOP_COLUMNS 5 /* per loop in coolant.csv */

static double col_switch(const void *p, size_t i) {
  const loops_t *L = p;
  return i == 0 ? L->supply_c : i == 1 ? L->return_c : L->flow_lpm;
}
static double col_loop(const void *p, size_t i) {
  const loops_t *L = p;
  size_t l = i / LOOP_COLUMNS;
  switch (i % LOOP_COLUMNS) {
    case 0:
      return L->loops[l].flow_m3s * 60e3;
    case 1:
      return L->loops[l].head_pa * 1e-3;
    case 2:
      return loops_supply_c(L, l);
    case 3:
      return loops_return_c(L, l);
    default:
      return L->loops[l].manifold_return_c;
  }
}
static double col_branch(const void *p, size_t i) {
  const loop_branch_t *b = &((const loops_t *)p)->br[i / 2];
  return i % 2 ? b->dp_pa * 1e-3 : b->q_m3s * 60e3;
}

void loops_columns(const topo_t *t, columns_t *c, int part) {
  columns_add(c, TRACE_SWITCH, column_order(0, 0, 6), "C", part, col_switch, 0, "cdu_supply_c");
  columns_add(c, TRACE_SWITCH, column_order(0, 0, 7), "C", part, col_switch, 1, "return_c");
  columns_add(c, TRACE_SWITCH, column_order(0, 0, 9), "L/min", part, col_switch, 2, "flow_lpm");
  static const char *const lname[] = {"flow_lpm", "head_kpa", "manifold_supply_c", "return_c", "manifold_return_c"};
  static const char *const lunit[] = {"L/min", "kPa", "C", "C", "C"};
  for (size_t l = 0; l < t->nloops; l++)
    for (unsigned k = 0; k < LOOP_COLUMNS; k++) {
      if (k == 4 && !(t->loops[l].return_volume_m3 > 0)) continue; /* the same as return_c without a pipe */
      columns_add(c, TRACE_COOLANT, column_order(0, l, k), lunit[k], part, col_loop, LOOP_COLUMNS * l + k, "loop_%s_%s",
                  t->loops[l].name, lname[k]);
    }
  size_t nd = t->nslots + (size_t)t->n_asics;
  for (size_t i = 0; i < nd; i++) {
    const char *pre = i < t->nslots ? "slot" : "asic";
    size_t idx = i < t->nslots ? i : i - t->nslots;
    columns_add(c, TRACE_COOLANT, column_order(1, i, 0), "L/min", part, col_branch, 2 * i, "%s%zu_flow_lpm", pre, idx);
    columns_add(c, TRACE_COOLANT, column_order(1, i, 1), "kPa", part, col_branch, 2 * i + 1, "%s%zu_dp_kpa", pre, idx);
  }
}
