/*
 * fabric.c: traffic, ports and the ASICs' shares. The rules are in models/
 * (traffic.c: profiles; lane.h: a port carries min(offered, rate); asic.c:
 * proportional share); this part applies them whenever an input changes.
 */
#include "switch/fabric.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asic.h"
#include "lane.h"

typedef struct fabric_slot {
  const topo_module_type_t *mt;
  traffic_profile_t prof[LANE_MAX_PER_MODULE]; /* per port */
  double offered_bps[LANE_MAX_PER_MODULE];     /* per port, held until the next change */
  double want_bps[LANE_MAX_PER_MODULE];        /* per port, after port state */
  double port_bps[LANE_MAX_PER_MODULE];        /* per port, carried (after the ASIC share) */
  double port_bits[LANE_MAX_PER_MODULE], port_bits_sample[LANE_MAX_PER_MODULE];
  double port_lost_sample[LANE_MAX_PER_MODULE];
  uint8_t port_up[LANE_MAX_PER_MODULE];
  unsigned vcd_port[LANE_MAX_PER_MODULE];
  int ports_down;
  int shed, slow; /* by the firmware: ports shed from the last down; ports at half rate */
  double active_lanes;
  double bits, bits_sample, carried_bps;
  /* the last sample */
  double throughput_gbps, port_gbps[LANE_MAX_PER_MODULE];
} fabric_slot_t;

struct fabric {
  switch_env_t *env;
  lanes_t *lanes;
  const feed_t *feed;
  sim_signal_t *sig_offered;
  sim_proc_t *p_traffic, *p_fabric;
  fabric_slot_t *slots;
  double *asic_bits, *asic_bps;
  double *asic_cap; /* each ASIC's capacity now: its firmware throttles it or shuts it down */
  sim_time_t t_fabric;
  double total_bits, bits_sample;
  double carried_bps, offered_bps;
  double port_down_ps;          /* port·ps */
  double *want, *got, *wv, *gv; /* scratch, per slot */
  size_t *idx;
  double throughput_tbps; /* the last sample */
};

static int port_selected(const topo_traffic_t *g, int port) {
  return port < TOPO_MAX_PORTS_SELECTABLE && (g->ports[port / 64] >> (port % 64)) & 1;
}

static int port_slow(const fabric_slot_t *sl, int p) { return p >= sl->mt->ports.nports - sl->slow; }

static int ports_shed(const fabric_slot_t *sl) {
  return sl->shed < sl->mt->ports.nports ? sl->shed : sl->mt->ports.nports;
}

fabric_t *fabric_new(switch_env_t *env, lanes_t *lanes, const feed_t *feed, sim_signal_t *sig_offered) {
  const topo_t *t = env->t;
  fabric_t *F = calloc(1, sizeof *F);
  if (!F) abort();
  size_t n = env->ns ? env->ns : 1;
  F->env = env;
  F->lanes = lanes;
  F->feed = feed;
  F->sig_offered = sig_offered;
  F->slots = calloc(n, sizeof *F->slots);
  F->asic_bits = calloc(env->na + 1, sizeof(double));
  F->asic_bps = calloc(env->na + 1, sizeof(double));
  F->asic_cap = calloc(env->na + 1, sizeof(double));
  if (!F->asic_cap) abort();
  for (size_t a = 0; a < env->na; a++) F->asic_cap[a] = env->t->asic_capacity_bps;
  F->want = malloc(n * sizeof(double));
  F->got = malloc(n * sizeof(double));
  F->wv = malloc(n * sizeof(double));
  F->gv = malloc(n * sizeof(double));
  F->idx = malloc(n * sizeof(size_t));
  if (!F->slots || !F->asic_bits || !F->asic_bps || !F->want || !F->got || !F->wv || !F->gv || !F->idx) abort();
  for (size_t s = 0; s < env->ns; s++) {
    fabric_slot_t *sl = &F->slots[s];
    sl->mt = &t->types[t->slots[s].type];
    /* Later traffic entries override earlier ones on the same ports. */
    for (size_t k = 0; k < t->ntraffic; k++)
      if (t->traffic[k].slots[s])
        for (int p = 0; p < sl->mt->ports.nports; p++)
          if (port_selected(&t->traffic[k], p)) sl->prof[p] = t->traffic[k].profile;
    memset(sl->port_up, 1, sizeof sl->port_up); /* links start up (trained) */
  }
  return F;
}

void fabric_free(fabric_t *F) {
  if (!F) return;
  free(F->slots);
  free(F->asic_bits);
  free(F->asic_bps);
  free(F->asic_cap);
  free(F->want);
  free(F->got);
  free(F->wv);
  free(F->gv);
  free(F->idx);
  free(F);
}

void fabric_traffic_update(fabric_t *F, sim_time_t now) {
  const topo_t *t = F->env->t;
  sim_time_t next = UINT64_MAX;
  double offered = 0;
  for (size_t s = 0; s < F->env->ns; s++) {
    fabric_slot_t *sl = &F->slots[s];
    for (int p = 0; p < sl->mt->ports.nports; p++) {
      sim_time_t nc = traffic_next_change(&sl->prof[p], now, t->ramp_step);
      sim_time_t end = nc == UINT64_MAX ? now + SIM_MS : nc;
      double load = traffic_mean(&sl->prof[p], now, end);
      sl->offered_bps[p] = load * sl->mt->ports.rate_bps;
      offered += sl->offered_bps[p];
      if (nc < next) next = nc;
    }
  }
  F->offered_bps = offered;
  if (F->p_traffic && next != UINT64_MAX && next <= t->duration) sim_wake_at(F->p_traffic, next);
}

void fabric_integrate(fabric_t *F, sim_time_t now) {
  if (now <= F->t_fabric) return;
  double dt_s = sim_to_s(now - F->t_fabric);
  double down = 0;
  for (size_t s = 0; s < F->env->ns; s++) {
    fabric_slot_t *sl = &F->slots[s];
    sl->bits += sl->carried_bps * dt_s;
    for (int p = 0; p < sl->mt->ports.nports; p++) sl->port_bits[p] += sl->port_bps[p] * dt_s;
    down += sl->ports_down;
  }
  for (size_t a = 0; a < F->env->na; a++) F->asic_bits[a] += F->asic_bps[a] * dt_s;
  F->total_bits += F->carried_bps * dt_s;
  F->port_down_ps += down * (double)(now - F->t_fabric);
  F->t_fabric = now;
}

/* A port is up when every lane carries and the lanes' skew spread fits the
 * deskew budget; it carries min(offered, rate) when up. Returns what the
 * module's ports want in all. */
static double slot_ports(fabric_t *F, size_t s, sim_time_t now) {
  fabric_slot_t *sl = &F->slots[s];
  const port_cfg_t *pc = &sl->mt->ports;
  double w = 0, active = 0;
  int down = 0;
  for (int l = 0; l < sl->mt->lanes; l++)
    if (lanes_carrying(F->lanes, s, l))
      active += port_slow(sl, l / pc->lanes_per_port) ? F->env->t->half_rate_lane_power : 1;
  sl->active_lanes = active;
  int shed = ports_shed(sl); /* the firmware sheds from the last port down */
  int module_up = feed_module_present(F->feed, s) && feed_module_powered(F->feed, s);
  for (int p = 0; p < pc->nports; p++) {
    int up = module_up && p < pc->nports - shed;
    double lo = INFINITY, hi = -INFINITY;
    for (int l = p * pc->lanes_per_port; up && l < (p + 1) * pc->lanes_per_port; l++) {
      double skew = lanes_skew_s(F->lanes, s, l);
      if (!lanes_carrying(F->lanes, s, l)) up = 0;
      if (skew < lo) lo = skew;
      if (skew > hi) hi = skew;
    }
    if (up && hi - lo > sl->mt->lane.deskew_budget_s) up = 0;
    if (up != sl->port_up[p]) {
      sl->port_up[p] = (uint8_t)up;
      trace_log(F->env->log, now, up ? "port-up" : "port-down", "slot[%zu].port[%d]", s, p);
      trace_vcd_change(F->env->vcd, now, sl->vcd_port[p], 1, (unsigned)up);
    }
    down += !up;
    double rate = port_slow(sl, p) ? pc->rate_bps / 2 : pc->rate_bps;
    sl->want_bps[p] = port_carried_bps(sl->offered_bps[p], up ? rate : 0);
    w += sl->want_bps[p];
  }
  sl->ports_down = down;
  return w;
}

/* Each ASIC scales its ports down to its capacity in proportion to what
 * they want. */
void fabric_recompute(fabric_t *F, sim_time_t now) {
  const topo_t *t = F->env->t;
  size_t ns = F->env->ns;
  for (size_t s = 0; s < ns; s++) F->want[s] = slot_ports(F, s, now);
  double total = 0;
  for (size_t a = 0; a < F->env->na; a++) {
    size_t k = 0;
    for (size_t s = 0; s < ns; s++)
      if ((size_t)t->slots[s].asic == a) F->idx[k] = s, F->wv[k++] = F->want[s];
    F->asic_bps[a] = asic_share(F->asic_cap[a], F->wv, k, F->gv);
    for (size_t i = 0; i < k; i++) F->got[F->idx[i]] = F->gv[i];
    total += F->asic_bps[a];
  }
  for (size_t s = 0; s < ns; s++) {
    fabric_slot_t *sl = &F->slots[s];
    sl->carried_bps = F->env->na ? F->got[s] : 0;
    double f = F->want[s] > 0 ? sl->carried_bps / F->want[s] : 0;
    for (int p = 0; p < sl->mt->ports.nports; p++) {
      sl->port_bps[p] = sl->want_bps[p] * f;
      lanes_port_carried(F->lanes, s, p, sl->port_bps[p]);
    }
  }
  F->carried_bps = total;
}

static void on_traffic(sim_t *sim, void *ctx) {
  fabric_t *F = ctx;
  fabric_traffic_update(F, sim_now(sim));
  signal_bump(F->sig_offered);
}

static void on_fabric(sim_t *sim, void *ctx) {
  fabric_t *F = ctx;
  fabric_integrate(F, sim_now(sim));
  fabric_recompute(F, sim_now(sim));
}

void fabric_start_traffic(fabric_t *F) {
  F->p_traffic = sim_process(F->env->sim, "traffic", PRIO_TRAFFIC, on_traffic, F);
}

void fabric_start(fabric_t *F, sim_signal_t *sig_lanes, sim_signal_t *sig_admin) {
  F->p_fabric = sim_process(F->env->sim, "fabric", PRIO_FABRIC, on_fabric, F);
  sim_subscribe(F->sig_offered, F->p_fabric);
  sim_subscribe(sig_lanes, F->p_fabric);
  sim_subscribe(sig_admin, F->p_fabric);
}

void fabric_arm_traffic(fabric_t *F) {
  const topo_t *t = F->env->t;
  sim_time_t nc = UINT64_MAX;
  for (size_t s = 0; s < F->env->ns; s++)
    for (int p = 0; p < F->slots[s].mt->ports.nports; p++) {
      sim_time_t c = traffic_next_change(&F->slots[s].prof[p], 0, t->ramp_step);
      if (c < nc) nc = c;
    }
  if (nc != UINT64_MAX && nc <= t->duration) sim_wake_at(F->p_traffic, nc);
}

void fabric_vcd_declare(fabric_t *F, size_t s) {
  fabric_slot_t *sl = &F->slots[s];
  for (int p = 0; p < sl->mt->ports.nports; p++) {
    char name[48];
    snprintf(name, sizeof name, "port%d_up", p);
    sl->vcd_port[p] = trace_vcd_var(F->env->vcd, 1, name);
  }
}

void fabric_vcd_initial(fabric_t *F, size_t s) {
  fabric_slot_t *sl = &F->slots[s];
  for (int p = 0; p < sl->mt->ports.nports; p++) trace_vcd_change(F->env->vcd, 0, sl->vcd_port[p], 1, sl->port_up[p]);
}

void fabric_set_load(fabric_t *F, const uint8_t *slots, double load, size_t *nslots) {
  size_t n = 0;
  for (size_t s = 0; s < F->env->ns; s++) {
    if (!slots[s]) continue;
    n++;
    for (int p = 0; p < F->slots[s].mt->ports.nports; p++)
      F->slots[s].prof[p] = (traffic_profile_t){.kind = TRAFFIC_CONSTANT, .load = load};
  }
  *nslots = n;
}

void fabric_wake_traffic(fabric_t *F, sim_time_t now) { sim_wake_at(F->p_traffic, now); }

void fabric_set_admin(fabric_t *F, size_t s, int shed, int slow) {
  F->slots[s].shed = shed;
  F->slots[s].slow = slow;
}

double fabric_device_bps(const fabric_t *F, size_t i) {
  return i < F->env->ns ? F->slots[i].carried_bps : F->asic_bps[i - F->env->ns];
}

double fabric_device_bits_at(const fabric_t *F, size_t i, sim_time_t now) {
  double bits = i < F->env->ns ? F->slots[i].bits : F->asic_bits[i - F->env->ns];
  return bits + fabric_device_bps(F, i) * (double)(now - F->t_fabric) * SIM_S_PER_PS;
}

double fabric_active_lanes(const fabric_t *F, size_t s) { return F->slots[s].active_lanes; }
void fabric_set_asic_capacity(fabric_t *F, size_t a, double bps) { F->asic_cap[a] = bps; }
double fabric_port_down_s(const fabric_t *F) { return F->port_down_ps * SIM_S_PER_PS; }

/* Means over the interval: carried bits less the frames lost to
 * uncorrectable codewords (no more than a port carried); the t = 0 row
 * shows the rates at t = 0. */
/* libm's fmin and fmax, inline: a call per port per sample was 2 % of a
 * run. The same results for every input that reaches them, signed zeros
 * and NaNs included (a NaN argument gives the other; equal arguments give
 * the second, as the x86-64 min/max instructions do). */
static inline double max_of_x_0(double x) { return x > 0 ? x : 0; }           /* fmax(x, 0) */
static inline double max_of_0_x(double x) { return x >= 0 ? x : 0; }          /* fmax(0, x) */
static inline double min_of_x_y(double x, double y) { return x < y ? x : y; } /* fmin(x, y), y not NaN */

void fabric_sample(fabric_t *F, sim_time_t now, double dt_s, int first) {
  double dtf = sim_to_s(now - F->t_fabric), lost_switch = 0;
  double bits_now = F->total_bits + F->carried_bps * (double)(now - F->t_fabric) * SIM_S_PER_PS;
  for (size_t s = 0; s < F->env->ns; s++) {
    fabric_slot_t *sl = &F->slots[s];
    double b = sl->bits + sl->carried_bps * dtf;
    double b_delta = b - sl->bits_sample, lost_slot = 0;
    sl->bits_sample = b;
    for (int q = 0; q < sl->mt->ports.nports; q++) {
      double pb = sl->port_bits[q] + sl->port_bps[q] * dtf, carried = pb - sl->port_bits_sample[q];
      double lost_now = lanes_port_lost_bits(F->lanes, s, q);
      /* An uncorrectable codeword loses the frames it touches; once every
       * codeword fails, the port has lost all it carried, never more. */
      double lost = min_of_x_y(lost_now - sl->port_lost_sample[q], max_of_x_0(carried));
      double pr = first ? sl->port_bps[q] : (carried - lost) / dt_s;
      lost_slot += first ? 0 : lost;
      sl->port_bits_sample[q] = pb;
      sl->port_lost_sample[q] = lost_now;
      sl->port_gbps[q] = pr / 1e9;
    }
    double r = first ? sl->carried_bps : max_of_0_x((b_delta - lost_slot) / dt_s);
    lost_switch += lost_slot;
    sl->throughput_gbps = r / 1e9;
  }
  double thr = first ? F->carried_bps : max_of_0_x((bits_now - F->bits_sample - lost_switch) / dt_s);
  F->bits_sample = bits_now;
  F->throughput_tbps = thr / 1e12;
}

static const double *ref_throughput(const void *p, size_t i) {
  (void)i;
  return &((const fabric_t *)p)->throughput_tbps;
}
static double col_offered(const void *p, size_t i) {
  (void)i;
  return ((const fabric_t *)p)->offered_bps / 1e12;
}
static const double *ref_slot_gbps(const void *p, size_t s) { return &((const fabric_t *)p)->slots[s].throughput_gbps; }
static const double *ref_port_gbps(const void *p, size_t i) {
  return &((const fabric_t *)p)->slots[i / LANE_MAX_PER_MODULE].port_gbps[i % LANE_MAX_PER_MODULE];
}
static double col_port_up(const void *p, size_t i) {
  return ((const fabric_t *)p)->slots[i / LANE_MAX_PER_MODULE].port_up[i % LANE_MAX_PER_MODULE];
}

void fabric_columns(const topo_t *t, columns_t *c, int part) {
  columns_add_ref(c, TRACE_SWITCH, column_order(0, 0, 0), "Tb/s", part, ref_throughput, 0, "throughput_tbps");
  columns_add(c, TRACE_SWITCH, column_order(0, 0, 1), "Tb/s", part, col_offered, 0, "offered_tbps");
  size_t port = 0;
  for (size_t s = 0; s < t->nslots; s++) {
    columns_add_ref(c, TRACE_SLOTS, column_order(0, s, 3), "Gb/s", part, ref_slot_gbps, s, "slot%zu_throughput_gbps",
                    s);
    for (int p = 0; p < t->types[t->slots[s].type].ports.nports; p++, port++) {
      size_t i = s * LANE_MAX_PER_MODULE + (size_t)p;
      columns_add_ref(c, TRACE_PORTS, column_order(0, port, 0), "Gb/s", part, ref_port_gbps, i,
                      "slot%zu_port%d_throughput_gbps", s, p);
      columns_add(c, TRACE_PORTS, column_order(0, port, 1), "", part, col_port_up, i, "slot%zu_port%d_up", s, p);
    }
  }
}
