/*
 * plates.c: devices on cold plates in time. Every device is a small RC
 * network (models/thermal.c) stepped by backward Euler on the thermal clock;
 * its power (models/power.c, models/asic.c) depends on its junction
 * temperatures through leakage, so each step is linearised and repeated
 * until it settles. When the inputs have not changed for a step and every
 * device is within solver.steady_tolerance of its steady state, the devices
 * are set to that steady state and the clock stops; energy is then booked
 * at the steady fluxes until an input changes (a signal wakes the thermal
 * process), when stepping resumes on the next edge.
 */
#include "switch/plates.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asic.h"
#include "coolant.h"
#include "power.h"

/* A module whose step drew less than its cap by this fraction is not
 * checked against the cap again at the step's end (see note_cap). */
#define NOTE_CAP_MARGIN 1e-3

/* max(a, b) for the running maxima of the stepping loops: an inline
 * compare, not libm's fmax call (a starts at 0 and never becomes NaN; a NaN
 * b leaves a, as fmax does). */
static inline double larger(double a, double b) { return b > a ? b : a; }

typedef struct device {
  const thermal_plate_cfg_t *tc;
  const topo_module_type_t *mt; /* modules; NULL for an ASIC */
  thermal_net_t net;
  int junction[THERMAL_MAX_SOURCES];
  double t0[THERMAL_MAX_NODES]; /* initial temperatures, for stored heat */
  double power_w;               /* applied over the last thermal step */
  double q_cool_w, q_air_w;     /* over the last thermal step */
  double outlet_c, inlet_c, air_c;
  double bits_step;                    /* bits at the last thermal step */
  double skip_rate, skip_bits;         /* carried rate and bits when the thermal clock stopped */
  double energy_j;                     /* applied electrical energy, for trace means */
  double energy_sample;                /* energy at the last sample */
  int comp_node[POWER_MAX_COMPONENTS]; /* the thermal node each component heats; -1: by shares */
  double comp_w[POWER_MAX_COMPONENTS]; /* applied over the last thermal step */
  double dcdc_w;
  int capped;
  int off; /* an ASIC its firmware shut down: it draws nothing */
  sim_signal_t *sig_tj;
  double power_mean_w; /* the last sample */
} device_t;

struct plates {
  switch_env_t *env;
  const fabric_t *fabric;
  feed_t *feed;
  loops_t *loops;
  device_t *dev;
  size_t nd;
  size_t *order; /* devices in thermal order: a chain's plates one after another */
  sim_domain_t *d_thermal;
  sim_proc_t *p_thermal;
  sim_time_t thermal_next; /* the edge it is armed for; UINT64_MAX while skipping */
  sim_time_t t_booked;     /* energies are booked up to here */
  sim_time_t t_skip, last_step;
  sim_time_t t_state; /* the devices' temperatures are those at this time */
  sim_time_t dt_prev; /* length of the last step; 0: no history (an input changed since) */
  double *d_prev;     /* per device and node: the last step's change, for the error estimate */
  double step_err_k;  /* estimated local error of the last step, K */
  uint64_t input_gen, input_gen_step;
  int skipping;
  int settle_wait, settle_backoff;
  uint64_t steps;
  double e_in, e_cool, e_air, e_in_sample;
  double power_w; /* total over the last thermal step */
  int runaway;
  double *load_w;  /* per slot, for the feed */
  device_t *saved; /* scratch: a failed try to settle puts every device back */
  double *t_old;   /* scratch: temperatures before a step */
  air_t *air;
  double *q_air;                                       /* scratch: each device's heat to air, for the air part */
  double switch_w, modules_w, asics_w, max_junction_c; /* the last sample */
};

static device_t *dev(plates_t *P, size_t i) { return &P->dev[i]; }
static const loop_branch_t *branch(const plates_t *P, size_t i) { return loops_branch(P->loops, i); }
static int present(const plates_t *P, size_t i) { return i >= P->env->ns || feed_module_present(P->feed, i); }

static double tj_max(const device_t *h) {
  double m = -INFINITY;
  for (int i = 0; i < h->tc->nsources; i++)
    if (h->net.t_c[h->junction[i]] > m) m = h->net.t_c[h->junction[i]];
  return m;
}

static void device_init(device_t *h, const thermal_plate_cfg_t *tc, double t0) {
  memset(h, 0, sizeof *h);
  h->tc = tc;
  thermal_plate_init(&h->net, tc, t0, h->junction);
  h->inlet_c = h->air_c = h->outlet_c = t0;
}

/* Thermal order: each chain's plates one after another, from its head. */
static void thermal_order(plates_t *P) {
  size_t no = 0;
  for (size_t i = 0; i < P->nd; i++) {
    if (branch(P, i)->prev >= 0) continue;
    P->order[no++] = i;
    for (long k = branch(P, i)->next; k >= 0; k = branch(P, (size_t)k)->next) P->order[no++] = (size_t)k;
  }
}

plates_t *plates_new(switch_env_t *env, const fabric_t *fabric, feed_t *feed, loops_t *loops, air_t *air) {
  const topo_t *t = env->t;
  plates_t *P = calloc(1, sizeof *P);
  if (!P) abort();
  P->env = env;
  P->fabric = fabric;
  P->feed = feed;
  P->loops = loops;
  P->air = air;
  P->nd = env->ns + env->na;
  P->q_air = calloc(P->nd + 1, sizeof *P->q_air);
  P->dev = calloc(P->nd + 1, sizeof *P->dev);
  P->order = calloc(P->nd + 1, sizeof *P->order);
  P->load_w = calloc(env->ns + 1, sizeof *P->load_w);
  P->saved = calloc(P->nd + 1, sizeof *P->saved);
  P->t_old = calloc((P->nd + 1) * THERMAL_MAX_NODES, sizeof *P->t_old);
  P->d_prev = calloc((P->nd + 1) * THERMAL_MAX_NODES, sizeof *P->d_prev);
  if (!P->dev || !P->order || !P->load_w || !P->saved || !P->t_old || !P->q_air || !P->d_prev) abort();
  P->thermal_next = t->thermal_step;
  P->last_step = UINT64_MAX;
  P->step_err_k = -1;
  for (size_t s = 0; s < env->ns; s++) {
    device_t *h = &P->dev[s];
    const topo_module_type_t *mt = &t->types[t->slots[s].type];
    device_init(h, &mt->thermal, t->loops[t->slot_loop[s]].supply_c);
    h->mt = mt;
    for (int c = 0; c < mt->power.n; c++) { /* each component on the junction of its source */
      h->comp_node[c] = -1;
      for (int k = 0; k < mt->thermal.nsources; k++)
        if (!strcmp(mt->power.c[c].source, mt->thermal.src[k].name)) h->comp_node[c] = h->junction[k];
    }
  }
  for (size_t a = 0; a < env->na; a++)
    device_init(&P->dev[env->ns + a], &t->asic_thermal, t->loops[t->asic_loop[a]].supply_c);
  thermal_order(P);
  P->d_thermal = sim_domain(env->sim, "thermal", t->thermal_step);
  return P;
}

void plates_free(plates_t *P) {
  if (!P) return;
  free(P->dev);
  free(P->order);
  free(P->load_w);
  free(P->saved);
  free(P->t_old);
  free(P->d_prev);
  free(P->q_air);
  free(P);
}

/* ---- power ---- */

/* A module's power per node at its present temperatures, linearised: each
 * component on the junction of its source, the DC-DC loss on its plate.
 * comp_p0, comp_slope: each component's part of p0 and, per node, of slope
 * (a component spread over the sources leaks at each source's junction). */
typedef double comp_slope_t[POWER_MAX_COMPONENTS][THERMAL_MAX_NODES];

static void module_power(plates_t *P, size_t i, double bps, double *p0, double *slope, double *comp_p0,
                         comp_slope_t comp_slope) {
  device_t *h = dev(P, i);
  const thermal_plate_cfg_t *tc = h->tc;
  const module_power_cfg_t *mc = &h->mt->power;
  for (int c = 0; c < mc->n; c++) {
    comp_p0[c] = 0;
    memset(comp_slope[c], 0, (size_t)h->net.n * sizeof comp_slope[c][0]); /* the nodes the device has */
  }
  if (!feed_module_present(P->feed, i) || !feed_module_powered(P->feed, i)) return;
  double lanes = fabric_active_lanes(P->fabric, i);
  double sum = 0;
  for (int c = 0; c < mc->n; c++) {
    int node = h->comp_node[c];
    if (node >= 0) {
      double ds, p = power_component_w(&mc->c[c], lanes, bps, h->net.t_c[node], &ds);
      p0[node] += p;
      slope[node] += ds;
      comp_p0[c] = p;
      comp_slope[c][node] = ds;
      sum += p;
    } else { /* no such source: spread by the sources' shares, each at its own junction */
      for (int s = 0; s < tc->nsources; s++) {
        double ds, p = power_component_w(&mc->c[c], lanes, bps, h->net.t_c[h->junction[s]], &ds);
        p0[h->junction[s]] += tc->src[s].share * p;
        slope[h->junction[s]] += tc->src[s].share * ds;
        comp_p0[c] += tc->src[s].share * p;
        comp_slope[c][h->junction[s]] += tc->src[s].share * ds;
      }
      sum += comp_p0[c];
    }
  }
  p0[THERMAL_PLATE] += sum * (1 / mc->dcdc_efficiency - 1); /* the converter's loss, on the plate */
  /* soft start: a constant current I charging the input capacitance C to V
   * for t = C V / I dissipates 1/2 C V^2 = 1/2 V I t in the pass element; the
   * other half stays stored in C while the module runs */
  if (feed_inrush_active(P->feed, i, sim_now(P->env->sim))) p0[THERMAL_PLATE] += 0.5 * P->env->t->feed_v * mc->inrush_a;
}

/* What ASIC a's SerDes draw beyond driving retimed modules: each active
 * lane of a module it serves, at that module's host_serdes_power. */
static double asic_serdes_extra_w(const plates_t *P, size_t a) {
  const topo_t *t = P->env->t;
  double w = 0;
  for (size_t s = 0; s < P->env->ns; s++)
    if ((size_t)t->slots[s].asic == a)
      w += fabric_active_lanes(P->fabric, s) * t->types[t->slots[s].type].line.host_serdes_extra_w;
  return w;
}

/* Power per node of device i at its present temperatures; *cap: its cap. */
static void device_power(plates_t *P, size_t i, double bps, double *p0, double *slope, double *cap, double *comp_p0,
                         comp_slope_t comp_slope) {
  device_t *h = dev(P, i);
  memset(p0, 0, THERMAL_MAX_NODES * sizeof *p0);
  memset(slope, 0, THERMAL_MAX_NODES * sizeof *slope);
  if (h->mt) {
    *cap = h->mt->power.max_w;
    module_power(P, i, bps, p0, slope, comp_p0, comp_slope);
    return;
  }
  *cap = INFINITY;
  double p = h->off ? 0 : asic_power_w(&P->env->t->asic_power, bps) + asic_serdes_extra_w(P, i - P->env->ns);
  for (int s = 0; s < h->tc->nsources; s++) p0[h->junction[s]] = h->tc->src[s].share * p;
}

/* ---- stepping ---- */

/* The step's linearised powers, evaluated at the iterate tk. */
typedef struct step_powers {
  double p0[THERMAL_MAX_NODES], s[THERMAL_MAX_NODES], cap, tk[THERMAL_MAX_NODES];
  double cp0[POWER_MAX_COMPONENTS];
  comp_slope_t cs;
} step_powers_t;

/* Leakage makes the step nonlinear: it is linearised at the latest iterate
 * and solved again until the temperatures move less than 1 uK (a step that
 * moved nothing by 1 mK needs no second pass). Returns the applied power. */
static int step_iterate(plates_t *P, size_t i, double bps, double dt_s, const double *start_t, step_powers_t *w,
                        thermal_flux_t *fx, double *tot) {
  device_t *h = dev(P, i);
  memcpy(w->tk, start_t, sizeof w->tk);
  for (int it = 0; it < 8; it++) {
    memcpy(h->net.t_c, w->tk, sizeof w->tk); /* evaluate the powers at the iterate */
    device_power(P, i, bps, w->p0, w->s, &w->cap, w->cp0, w->cs);
    memcpy(h->net.t_c, start_t, sizeof h->net.t_c); /* only temperatures move in a step */
    for (int k = 0; k < h->net.n; k++) w->p0[k] += w->s[k] * (start_t[k] - w->tk[k]); /* linearised about tk */
    if (thermal_step(&h->net, dt_s, w->p0, w->s, h->inlet_c, h->air_c, fx)) return -1;
    *tot = 0;
    for (int k = 0; k < h->net.n; k++) *tot += fx->p_applied_w[k];
    double moved = 0, from_start = 0;
    for (int k = 0; k < h->net.n; k++) {
      moved = larger(moved, fabs(h->net.t_c[k] - w->tk[k]));
      from_start = larger(from_start, fabs(h->net.t_c[k] - start_t[k]));
    }
    if (dt_s <= 0 || moved < 1e-6 || (it == 0 && from_start < 1e-3)) break;
    memcpy(w->tk, h->net.t_c, sizeof w->tk);
  }
  return 0;
}

/* The module is throttled to its cap, never above it: the step again with
 * every power scaled to the cap. Returns the scale. */
static int step_at_cap(plates_t *P, size_t i, double bps, double dt_s, const double *start_t, step_powers_t *w,
                       thermal_flux_t *fx, double *scale) {
  device_t *h = dev(P, i);
  double p0sum = 0;
  for (int k = 0; k < h->net.n; k++) p0sum += w->p0[k] - w->s[k] * (start_t[k] - w->tk[k]);
  *scale = p0sum > 0 ? w->cap / p0sum : 0;
  memcpy(h->net.t_c, w->tk, sizeof w->tk);
  device_power(P, i, bps, w->p0, w->s, &w->cap, w->cp0, w->cs);
  memcpy(h->net.t_c, start_t, sizeof h->net.t_c);
  for (int k = 0; k < h->net.n; k++) {
    w->p0[k] *= *scale;
    w->s[k] = 0;
  }
  return thermal_step(&h->net, dt_s, w->p0, w->s, h->inlet_c, h->air_c, fx);
}

/* One backward-Euler step (dt_s > 0) or steady solve (dt_s = 0, one Newton
 * iteration) of device i; the total power held at the cap if it would pass. */
static int device_step(plates_t *P, size_t i, double bps, double dt_s, thermal_flux_t *fx) {
  device_t *h = dev(P, i);
  const loop_branch_t *b = branch(P, i);
  step_powers_t w;
  memset(w.cp0, 0, sizeof w.cp0);
  memset(w.cs, 0, sizeof w.cs);
  h->net.g_cool_w_per_k[THERMAL_PLATE] = b->g_cool;
  h->net.g_air_w_per_k[THERMAL_PLATE] = air_conductance_w_per_k(P->air, i);
  double start_t[THERMAL_MAX_NODES]; /* the step starts here; the network's conductances stay */
  memcpy(start_t, h->net.t_c, sizeof start_t);
  double tot = 0, scale = 1;
  if (step_iterate(P, i, bps, dt_s, start_t, &w, fx, &tot)) return -1;
  if (tot > w.cap) {
    if (step_at_cap(P, i, bps, dt_s, start_t, &w, fx, &scale)) return -1;
    tot = w.cap;
  }
  if (h->mt) { /* what each component drew: its part of the applied power */
    double csum = 0;
    for (int c = 0; c < h->mt->power.n; c++) {
      double lin = 0;
      for (int k = 0; k < h->net.n; k++) lin += w.cs[c][k] * (h->net.t_c[k] - w.tk[k]);
      h->comp_w[c] = scale < 1 ? w.cp0[c] * scale : w.cp0[c] + lin;
      csum += h->comp_w[c];
    }
    h->dcdc_w = tot - csum;
  }
  h->power_w = tot;
  h->q_cool_w = fx->q_cool_w;
  h->q_air_w = fx->q_air_w;
  h->outlet_c = coolant_outlet_c(h->inlet_c, fx->q_cool_w, b->mdot_cp);
  return 0;
}

/* Steady state of device i at rate bps: Newton on the leakage. */
static int device_steady(plates_t *P, size_t i, double bps) {
  device_t *h = dev(P, i);
  thermal_flux_t fx;
  for (int it = 0; it < 60; it++) {
    double before[THERMAL_MAX_NODES];
    memcpy(before, h->net.t_c, sizeof before);
    if (device_step(P, i, bps, 0, &fx)) return -1;
    double d = 0;
    for (int k = 0; k < h->net.n; k++) d = fmax(d, fabs(h->net.t_c[k] - before[k]));
    if (d < 1e-10) return 0;
  }
  return -1; /* no fixed point: thermal runaway */
}

/* Inlet and air temperatures of every device: the loop's supply; the air
 * around it as the air part has it from last step's heat to air. */
static void boundaries(plates_t *P) {
  for (size_t i = 0; i < P->nd; i++) P->q_air[i] = dev(P, i)->q_air_w;
  air_update(P->air, P->q_air);
  for (size_t i = 0; i < P->nd; i++) {
    device_t *h = dev(P, i);
    h->inlet_c = loops_supply_c(P->loops, (size_t)branch(P, i)->loop);
    h->air_c = air_around_c(P->air, i);
  }
}

/* In series: a plate is fed by the plate upstream. */
static void chain_inlet(plates_t *P, size_t i) {
  int prev = branch(P, i)->prev;
  if (prev >= 0) dev(P, i)->inlet_c = dev(P, (size_t)prev)->outlet_c;
}

static double step_rate(plates_t *P, device_t *h, size_t i, sim_time_t now, double dt_s) {
  double bits_now = fabric_device_bits_at(P->fabric, i, now);
  double r = (bits_now - h->bits_step) / dt_s;
  h->bits_step = bits_now;
  return r;
}

/* States that cannot happen end the run: liquid coolant beyond its boiling
 * or freezing point, a junction past any package's survival. */
static void impossible_state(plates_t *P, size_t i, double tj) {
  const topo_t *t = P->env->t;
  const device_t *h = dev(P, i);
  const loop_branch_t *b = branch(P, i);
  const char *what = b->is_asic ? "asic" : "slot";
  double boil = t->boiling_c, freeze = fluid_freeze_c(t->fluid);
  if (b->q_m3s > 0 && !(h->outlet_c < boil))
    env_fail(P->env,
             "%s[%d]: coolant outlet at %.1f C reaches the boiling point of %s (%.0f C): the flow cannot carry "
             "the heat",
             what, b->index, h->outlet_c, fluid_name(t->fluid), boil);
  else if (b->q_m3s > 0 && !(h->outlet_c > freeze))
    env_fail(P->env, "%s[%d]: coolant outlet at %.1f C is below the freezing point of %s (%.1f C)", what, b->index,
             h->outlet_c, fluid_name(t->fluid), freeze);
  else if (!(tj < t->max_junction_c))
    env_fail(P->env, "%s[%d]: junction at %.0f C, past solver.max_junction %.0f C: no package survives this", what,
             b->index, tj, t->max_junction_c);
}

/* After a thermal step: the switch's power, runaway, and each loop's
 * return. (The statistics behind the KPIs are taken where the traces are
 * written, so that the two agree.) */
static void record(plates_t *P) {
  double total = 0;
  for (size_t i = 0; i < P->nd; i++) {
    device_t *h = dev(P, i);
    int here = present(P, i);
    double tj = tj_max(h);
    total += h->power_w;
    if (here && tj > P->env->t->runaway_c && !P->runaway) {
      P->runaway = 1;
      trace_log(P->env->log, sim_now(P->env->sim), "runaway", "%s[%d] junction at %.1f C, above %.0f C",
                branch(P, i)->is_asic ? "asic" : "slot", branch(P, i)->index, tj, P->env->t->runaway_c);
    }
    if (here) impossible_state(P, i, tj);
  }
  P->power_w = total;
  for (size_t l = 0; l < P->env->nl; l++) {
    double mix = 0, cap = 0;
    for (size_t i = 0; i < P->nd; i++) {
      const loop_branch_t *b = branch(P, i);
      if (b->loop != (int)l || b->next >= 0) continue; /* a chain returns from its last plate */
      mix += b->mdot_cp * dev(P, i)->outlet_c;
      cap += b->mdot_cp;
    }
    loops_set_return(P->loops, l, cap > 0 ? mix / cap : loops_supply_c(P->loops, l));
  }
}

void plates_loads(plates_t *P, feed_loads_t *ld) {
  double p_mod = 0, asic_core = 0, comp = 0, dcdc = 0;
  for (size_t s = 0; s < P->env->ns; s++) {
    const device_t *h = &P->dev[s];
    p_mod += h->power_w;
    for (int c = 0; c < h->mt->power.n; c++) comp += h->comp_w[c];
    dcdc += h->dcdc_w;
    P->load_w[s] = h->power_w;
  }
  for (size_t a = 0; a < P->env->na; a++) asic_core += P->dev[P->env->ns + a].power_w;
  *ld = (feed_loads_t){
      .slot_w = P->load_w, .modules_w = p_mod, .components_w = comp, .dcdc_w = dcdc, .asic_core_w = asic_core};
}

static void book(plates_t *P, double dt_s) {
  for (size_t i = 0; i < P->nd; i++) {
    device_t *h = dev(P, i);
    P->e_in += h->power_w * dt_s;
    P->e_cool += h->q_cool_w * dt_s;
    P->e_air += h->q_air_w * dt_s;
    h->energy_j += h->power_w * dt_s;
  }
  feed_loads_t ld;
  plates_loads(P, &ld);
  feed_update(P->feed, &ld, dt_s);
}

static void publish_tj(plates_t *P) {
  double qk = P->env->t->temp_quantum_k;
  for (size_t s = 0; s < P->env->ns; s++) {
    double tj = tj_max(&P->dev[s]);
    if (P->dev[s].sig_tj) sim_write(P->dev[s].sig_tj, qk > 0 ? round(tj / qk) * qk : tj);
  }
}

/* A module at its cap, or below it again: an event. */
static void note_cap(plates_t *P, size_t i, double bps, sim_time_t now) {
  device_t *h = dev(P, i);
  /* Well below the cap and not at it before: nothing to find. The power
   * at the step's end differs from the step's linearised power_w by the
   * leakage's curvature over one iterate's move (below 1 mK), far less than
   * this margin. */
  if (!h->capped && h->power_w < h->mt->power.max_w * (1 - NOTE_CAP_MARGIN)) return;
  double full = 0, cap, p0[THERMAL_MAX_NODES], sl0[THERMAL_MAX_NODES];
  double cp0[POWER_MAX_COMPONENTS];
  comp_slope_t cs;
  device_power(P, i, bps, p0, sl0, &cap, cp0, cs);
  for (int k = 0; k < h->net.n; k++) full += p0[k];
  int capped = full >= cap;
  if (capped != h->capped)
    trace_log(P->env->log, now, capped ? "power-cap" : "power-uncap", "slot[%zu] %s at %.1f W", i,
              capped ? "held at its cap" : "below its cap again", cap);
  h->capped = capped;
}

/* Step every device over dt_s (0: steady state at t = 0). rec: add the
 * step to the energy books. */
static int thermal_all(plates_t *P, sim_time_t now, double dt_s, int rec) {
  boundaries(P);
  for (size_t o = 0; o < P->nd; o++) {
    size_t i = P->order[o];
    device_t *h = dev(P, i);
    chain_inlet(P, i);
    double bps = dt_s > 0 ? step_rate(P, h, i, now, dt_s) : fabric_device_bps(P->fabric, i);
    thermal_flux_t fx;
    if (dt_s > 0 ? device_step(P, i, bps, dt_s, &fx) : device_steady(P, i, bps)) return -1;
    if (branch(P, i)->q_m3s > 0) loops_set_bulk_c(P->loops, i, 0.5 * (h->inlet_c + h->outlet_c));
    if (h->mt) note_cap(P, i, bps, now);
  }
  if (rec) {
    if (dt_s > 0) book(P, dt_s);
    record(P);
  }
  publish_tj(P);
  return 0;
}

void plates_sync(plates_t *P, sim_time_t now) {
  if (!P->skipping || now <= P->t_booked) return;
  book(P, sim_to_s(now - P->t_booked));
  record(P);
  P->t_booked = now;
}

/* Are the inputs quiet and every device within tolerance of steady state?
 * If so, set each device to that steady state. */
static int try_settle(plates_t *P, double max_step_change) {
  double tol = P->env->t->steady_tolerance_k;
  if (!(tol > 0) || max_step_change > 10 * tol) return 0;
  memcpy(P->saved, P->dev, P->nd * sizeof *P->dev);
  int ok = 1;
  for (size_t o = 0; o < P->nd && ok; o++) {
    size_t i = P->order[o];
    device_t *h = dev(P, i);
    chain_inlet(P, i);
    if (device_steady(P, i, fabric_device_bps(P->fabric, i))) ok = 0;
    for (int k = 0; ok && k < h->net.n; k++)
      if (fabs(h->net.t_c[k] - P->saved[i].net.t_c[k]) > tol) ok = 0;
  }
  if (ok) return 1;
  /* not yet: every device back as it was after its step (the components'
   * shares stay as the try left them, as they always have: they are set
   * again by the next step) */
  for (size_t i = 0; i < P->nd; i++) {
    device_t *h = dev(P, i);
    double comp_w[POWER_MAX_COMPONENTS], dcdc_w = h->dcdc_w;
    memcpy(comp_w, h->comp_w, sizeof comp_w);
    *h = P->saved[i];
    memcpy(h->comp_w, comp_w, sizeof comp_w);
    h->dcdc_w = dcdc_w;
  }
  return 0;
}

/* Every device now sits at its steady state: the fluxes there, and the
 * clock stops until an input changes. */
static void stop_clock(plates_t *P, sim_time_t now) {
  boundaries(P);
  for (size_t o = 0; o < P->nd; o++) {
    size_t i = P->order[o];
    thermal_flux_t fx;
    chain_inlet(P, i);
    device_step(P, i, fabric_device_bps(P->fabric, i), 0, &fx);
  }
  record(P);
  publish_tj(P);
  P->skipping = 1;
  P->t_booked = now;
  P->t_skip = now;
  for (size_t i = 0; i < P->nd; i++) {
    device_t *h = dev(P, i);
    h->skip_rate = fabric_device_bps(P->fabric, i);
    h->skip_bits = h->bits_step;
  }
  P->thermal_next = UINT64_MAX;
  trace_log(P->env->log, now, "thermal", "steady: the thermal clock stops until an input changes");
}

static int adaptive(const plates_t *P) { return P->env->t->thermal_tolerance_k > 0; }

/* An input changed while the clock was stopped: book the quiet time and
 * resume on the next edge. */
static void resume_clock(plates_t *P, sim_time_t now) {
  sim_time_t step = P->env->t->thermal_step, edge = now / step * step;
  plates_sync(P, edge);
  /* bits at the resume edge: the rate was constant while quiet */
  for (size_t i = 0; i < P->nd; i++) {
    device_t *h = dev(P, i);
    h->bits_step = h->skip_bits + h->skip_rate * (double)(edge - P->t_skip) * SIM_S_PER_PS;
  }
  P->skipping = 0;
  P->input_gen++;
  P->input_gen_step = P->input_gen;
  P->t_state = edge;
  P->dt_prev = 0;
  if (edge < P->env->t->duration) {
    P->thermal_next = edge + step;
    sim_wake_at(P->p_thermal, P->thermal_next);
  }
}

/* One step of every device from the state's time to now; returns the
 * largest temperature change, or NAN if the networks have no solution.
 * With adaptive steps, also the step's local error: backward Euler's
 * dt^2/2 |T''|, with T'' from this step's change and the last one's. */
static double step_all(plates_t *P, sim_time_t now) {
  sim_time_t dt = now - P->t_state;
  for (size_t i = 0; i < P->nd; i++)
    memcpy(&P->t_old[i * THERMAL_MAX_NODES], P->dev[i].net.t_c, sizeof P->dev[i].net.t_c);
  if (thermal_all(P, now, sim_to_s(dt), 1)) return NAN;
  int est = adaptive(P), hist = P->dt_prev > 0;
  double r = hist ? (double)dt / (double)P->dt_prev : 0, w = hist ? (double)dt / (double)(dt + P->dt_prev) : 0;
  double change = 0, err = 0;
  for (size_t i = 0; i < P->nd; i++) {
    device_t *h = dev(P, i);
    double *old = &P->t_old[i * THERMAL_MAX_NODES], *prev = &P->d_prev[i * THERMAL_MAX_NODES];
    for (int k = 0; k < h->net.n; k++) {
      double d = h->net.t_c[k] - old[k];
      change = larger(change, fabs(d));
      if (!est) continue;
      if (hist) err = larger(err, w * fabs(d - r * prev[k]));
      prev[k] = d;
    }
  }
  P->step_err_k = hist ? err : -1;
  P->dt_prev = dt;
  P->t_state = now;
  return change;
}

/* The end of the next adaptive step: the base step while there is no
 * error estimate (after an input change); else the last step scaled so its
 * error meets the tolerance (x0.25 to x2), with no node moving by more than
 * one temperature quantum (what the lanes and the firmware see between
 * steps stays that close), in whole base steps up to thermal_step_max. A
 * step ends at the next sample time at the latest, so every row is a
 * step's state. */
static sim_time_t next_step_end(const plates_t *P, sim_time_t now, double change) {
  const topo_t *t = P->env->t;
  sim_time_t base = t->thermal_step, dt = base;
  if (P->step_err_k >= 0) {
    /* the usual step controller: a 0.9 safety factor on the error's square
     * root (the local error grows as dt^2), growth and shrink bounded */
    double f = P->step_err_k > 0 ? 0.9 * sqrt(t->thermal_tolerance_k / P->step_err_k) : 2;
    if (t->temp_quantum_k > 0 && change > 0) f = fmin(f, t->temp_quantum_k / change);
    f = fmin(2, fmax(0.25, f));
    double want = f * (double)P->dt_prev / (double)base;
    uint64_t n = want < 1 ? 1 : (uint64_t)want, nmax = t->thermal_step_max / base;
    dt = (n < nmax ? n : nmax) * base;
  }
  sim_time_t end = now + dt, sample = (now / t->sample + 1) * t->sample;
  if (end > sample) end = sample;
  return end < t->duration ? end : t->duration;
}

/* One step of every device up to now, counted, and the brownout check
 * after it; the largest change, or NAN (the run fails). */
static double take_step(plates_t *P, sim_time_t now) {
  double change = step_all(P, now);
  if (isnan(change)) {
    env_fail(P->env, "the thermal network has no solution");
    return NAN;
  }
  P->last_step = now;
  P->steps++;
  feed_check(P->feed, now);
  return change;
}

/* After a step at now: the try to settle, the next step. */
static void after_step(plates_t *P, sim_time_t now, double change, sim_time_t dt) {
  const topo_t *t = P->env->t;
  int quiet = P->input_gen == P->input_gen_step;
  P->input_gen_step = P->input_gen;
  /* the settle test is per base step, as the fixed steps have it */
  double per_base = dt == t->thermal_step ? change : change * (double)t->thermal_step / (double)dt;
  /* Trying to settle costs a steady solve per device: after a failed try,
   * wait twice as many steps (up to 1024) before the next; an input change
   * starts over. */
  if (!quiet) P->settle_wait = P->settle_backoff = 0;
  int attempt = quiet && now < t->duration && per_base <= 10 * t->steady_tolerance_k && P->settle_wait-- <= 0;
  if (attempt && !try_settle(P, per_base)) {
    P->settle_backoff = P->settle_backoff ? (P->settle_backoff < 1024 ? 2 * P->settle_backoff : 1024) : 1;
    P->settle_wait = P->settle_backoff;
    attempt = 0;
  }
  if (attempt) {
    stop_clock(P, now);
    return;
  }
  if (now < t->duration) {
    P->thermal_next =
        adaptive(P) ? next_step_end(P, now, change) : sim_cycle_after(P->d_thermal, now) * t->thermal_step;
    sim_wake_at(P->p_thermal, P->thermal_next);
  }
}

static void step_to(plates_t *P, sim_time_t now) {
  sim_time_t dt = now - P->t_state;
  double change = take_step(P, now);
  if (!isnan(change)) after_step(P, now, change, dt);
}

/* Woken by an input change. Fixed steps: the step in progress takes it
 * from its start. Adaptive: the step in progress ends at the next base
 * edge (at once on an edge), and the steps start over from the base step. */
static void input_changed(plates_t *P, sim_time_t now) {
  const topo_t *t = P->env->t;
  P->input_gen++;
  if (!adaptive(P)) return;
  P->dt_prev = 0;
  P->step_err_k = -1;
  sim_time_t base = t->thermal_step, edge = P->t_state >= now ? now + base : (now + base - 1) / base * base;
  if (edge > t->duration) edge = t->duration;
  if (edge <= P->t_state) return;
  if (edge == now) {
    step_to(P, now);
    return;
  }
  if (edge < P->thermal_next) P->thermal_next = edge;
  sim_wake_at(P->p_thermal, P->thermal_next); /* also when this wake-up was the timed one */
}

/* Before a part above changes an input at now: the step in progress ends
 * here with the inputs it had, and the next starts at the base step. */
void plates_catch_up(plates_t *P, sim_time_t now) {
  if (!P) return;
  const topo_t *t = P->env->t;
  if (!adaptive(P) || P->skipping || P->env->stopped || now <= P->t_state || now == P->last_step) return;
  if (isnan(take_step(P, now))) return;
  P->settle_wait = P->settle_backoff = 0;
  P->dt_prev = 0;
  P->step_err_k = -1;
  P->thermal_next = now + t->thermal_step < t->duration ? now + t->thermal_step : t->duration;
  if (P->thermal_next > now) sim_wake_at(P->p_thermal, P->thermal_next);
}

static void on_thermal(sim_t *sim, void *ctx) {
  plates_t *P = ctx;
  sim_time_t now = sim_now(sim);
  if (P->skipping) {
    resume_clock(P, now);
    return;
  }
  if (now != P->thermal_next || P->last_step == now) { /* woken by an input change */
    input_changed(P, now);
    return;
  }
  step_to(P, now);
}

/* ---- construction ---- */

#define AIR_STEADY_MAX_PASSES 200 /* the air coupling contracts by far more than 1e-9 in fewer */

/* Everything at the coolant supply temperature: the powers there. */
static void initial_at_coolant(plates_t *P) {
  const topo_t *t = P->env->t;
  for (size_t i = 0; i < P->nd; i++) {
    device_t *h = dev(P, i);
    double at_c = t->loops[branch(P, i)->loop].supply_c, bps = fabric_device_bps(P->fabric, i);
    double p = h->mt ? (present(P, i) ? module_input_w(&h->mt->power, fabric_active_lanes(P->fabric, i), bps, at_c) : 0)
                     : asic_power_w(&t->asic_power, bps) + asic_serdes_extra_w(P, i - P->env->ns);
    double cap = h->mt ? h->mt->power.max_w : INFINITY;
    h->power_w = p < cap ? p : cap;
    P->power_w += h->power_w;
  }
  for (size_t l = 0; l < P->env->nl; l++) loops_set_return(P->loops, l, t->loops[l].supply_c);
}

/* The steady state with the air in it: each device's heat to air warms
 * the air of the devices downstream, and its heat to the coolant the
 * fluid whose properties its plate sees, which move their steady state;
 * they are solved in turn until the air stops moving (1 nK) and no
 * branch's bulk temperature moves by its quantum. */
static int initial_steady(plates_t *P) {
  for (int it = 0; it < AIR_STEADY_MAX_PASSES; it++) {
    double moved = 0;
    for (size_t i = 0; i < P->nd; i++) { /* try_settle's device copies, as scratch */
      P->saved[i].air_c = dev(P, i)->air_c;
      P->saved[i].inlet_c = branch(P, i)->bulk_c;
    }
    if (thermal_all(P, 0, 0, 0)) return -1;
    for (size_t i = 0; i < P->nd; i++)
      moved = fmax(moved, fmax(fabs(dev(P, i)->air_c - P->saved[i].air_c),
                               branch(P, i)->bulk_c != P->saved[i].inlet_c ? 1.0 : 0.0));
    if (it > 0 && moved < 1e-9) return thermal_all(P, 0, 0, 1);
  }
  env_fail(P->env, "the initial steady state did not converge with the air between the devices (%d passes)",
           AIR_STEADY_MAX_PASSES);
  return -1;
}

int plates_initial(plates_t *P) {
  if (P->env->t->initial_steady) {
    if (initial_steady(P)) return -1;
  } else {
    initial_at_coolant(P);
  }
  for (size_t i = 0; i < P->nd; i++) memcpy(P->dev[i].t0, P->dev[i].net.t_c, sizeof P->dev[i].t0);
  return 0;
}

sim_signal_t *plates_junction_signal(plates_t *P, size_t s) {
  device_t *h = &P->dev[s];
  if (!h->sig_tj) {
    char name[64];
    double qk = P->env->t->temp_quantum_k, tj = tj_max(h);
    snprintf(name, sizeof name, "slot[%zu].junction_c", s);
    h->sig_tj = sim_signal(P->env->sim, name, qk > 0 ? round(tj / qk) * qk : tj);
  }
  return h->sig_tj;
}

void plates_start(plates_t *P, sim_signal_t *const *wake_on, size_t n) {
  P->p_thermal = sim_process(P->env->sim, "thermal", PRIO_THERMAL, on_thermal, P);
  for (size_t i = 0; i < n; i++) sim_subscribe(wake_on[i], P->p_thermal);
}

void plates_arm(plates_t *P) { sim_wake_cycle(P->p_thermal, P->d_thermal, 1); }

/* ---- what other parts ask ---- */

double plates_device_power_w(const plates_t *P, size_t i) { return P->dev[i].power_w; }
/* Between adaptive steps a reading carries the last step's state on at the
 * last step's rate (its error is of the order of the step's own), so that
 * it sees what a fixed step would have shown: the fraction of the last
 * step's change to add (0 on a step, or with fixed steps). */
static double carry_on(const plates_t *P) {
  sim_time_t now = sim_now(P->env->sim);
  if (P->dt_prev == 0 || now <= P->t_state || P->skipping || !adaptive(P)) return 0;
  return (double)(now - P->t_state) / (double)P->dt_prev;
}
static double node_now(const plates_t *P, size_t i, int k, double f) {
  double t = P->dev[i].net.t_c[k];
  return f > 0 ? t + P->d_prev[i * THERMAL_MAX_NODES + (size_t)k] * f : t;
}
double plates_junction_c(const plates_t *P, size_t i) {
  const device_t *h = &P->dev[i];
  double f = carry_on(P), m = -INFINITY;
  for (int s = 0; s < h->tc->nsources; s++) {
    double t = node_now(P, i, h->junction[s], f);
    if (t > m) m = t;
  }
  return m;
}
double plates_source_c(const plates_t *P, size_t i, int source) {
  const device_t *h = &P->dev[i];
  return source >= 0 && source < h->tc->nsources ? node_now(P, i, h->junction[source], carry_on(P))
                                                 : plates_junction_c(P, i);
}
void plates_set_asic_off(plates_t *P, size_t a, int off) { P->dev[P->env->ns + a].off = off; }

plates_books_t plates_books(const plates_t *P) {
  double stored = 0;
  for (size_t i = 0; i < P->nd; i++) stored += thermal_stored_j(&P->dev[i].net, P->dev[i].t0);
  return (plates_books_t){P->e_in, P->e_cool, P->e_air, stored, P->steps, P->runaway};
}

/* ---- traces ---- */

/* Means over the interval from the energy books (the t = 0 row: the powers
 * at t = 0); temperatures at the sample. */
void plates_sample(plates_t *P, double dt_s, int first) {
  P->switch_w = first ? P->power_w : (P->e_in - P->e_in_sample) / dt_s;
  P->e_in_sample = P->e_in;
  double mods = 0, asics = 0, maxj = -INFINITY;
  for (size_t i = 0; i < P->nd; i++) {
    device_t *h = dev(P, i);
    h->power_mean_w = first ? h->power_w : (h->energy_j - h->energy_sample) / dt_s;
    h->energy_sample = h->energy_j;
    if (h->mt)
      mods += h->power_mean_w;
    else
      asics += h->power_mean_w;
    if (present(P, i) && tj_max(h) > maxj) maxj = tj_max(h);
  }
  P->modules_w = mods;
  P->asics_w = asics;
  P->max_junction_c = maxj;
}

static double col_switch(const void *p, size_t i) {
  const plates_t *P = p;
  switch (i) {
    case 0:
      return P->switch_w;
    case 1:
      return P->modules_w;
    case 2:
      return P->asics_w;
    case 3:
      return P->switch_w / P->env->t->feed_v;
    default:
      return P->max_junction_c;
  }
}
/* index: device * 4 + field: the mean power, (1: the junction, computed,
 * col_junction), the coolant inlet, the coolant outlet */
static const double *ref_device(const void *p, size_t i) {
  const device_t *h = &((const plates_t *)p)->dev[i / 4];
  return i % 4 == 0 ? &h->power_mean_w : i % 4 == 2 ? &h->inlet_c : &h->outlet_c;
}
static double col_junction(const void *p, size_t i) { return tj_max(&((const plates_t *)p)->dev[i]); }
/* index: device * THERMAL_MAX_NODES + node */
static const double *ref_node(const void *p, size_t i) {
  return &((const plates_t *)p)->dev[i / THERMAL_MAX_NODES].net.t_c[i % THERMAL_MAX_NODES];
}
/* index: slot * (POWER_MAX_COMPONENTS + 2) + field: input, DC-DC loss, components */
static const double *ref_power(const void *p, size_t i) {
  const device_t *h = &((const plates_t *)p)->dev[i / (POWER_MAX_COMPONENTS + 2)];
  size_t f = i % (POWER_MAX_COMPONENTS + 2);
  return f == 0 ? &h->power_w : f == 1 ? &h->dcdc_w : &h->comp_w[f - 2];
}

static void switch_columns(columns_t *c, int part) {
  static const struct {
    unsigned field;
    const char *name, *unit;
  } sw[] = {{2, "power_w", "W"},
            {3, "modules_power_w", "W"},
            {4, "asics_power_w", "W"},
            {5, "feed_current_a", "A"},
            {8, "max_junction_c", "C"}};
  for (size_t k = 0; k < sizeof sw / sizeof sw[0]; k++)
    columns_add(c, TRACE_SWITCH, column_order(0, 0, sw[k].field), sw[k].unit, part, col_switch, k, "%s", sw[k].name);
}

/* The nodes in the order of thermal_plate_init: the plate, then each
 * source's junction and, with a case resistance, its case. */
static void thermal_columns(columns_t *c, int part, const thermal_plate_cfg_t *tc, size_t i, const char *pre,
                            size_t idx) {
  unsigned k = 0;
  columns_add_ref(c, TRACE_THERMAL, column_order(0, i, k), "C", part, ref_node, i * THERMAL_MAX_NODES + k,
                  "%s%zu_plate_c", pre, idx);
  k++;
  for (int s = 0; s < tc->nsources; s++) {
    columns_add_ref(c, TRACE_THERMAL, column_order(0, i, k), "C", part, ref_node, i * THERMAL_MAX_NODES + k,
                    "%s%zu_%s_junction_c", pre, idx, tc->src[s].name);
    k++;
    if (tc->src[s].r_case_plate_k_per_w > 0) {
      columns_add_ref(c, TRACE_THERMAL, column_order(0, i, k), "C", part, ref_node, i * THERMAL_MAX_NODES + k,
                      "%s%zu_%s_case_c", pre, idx, tc->src[s].name);
      k++;
    }
  }
}

void plates_columns(const topo_t *t, columns_t *c, int part) {
  switch_columns(c, part);
  size_t nd = t->nslots + (size_t)t->n_asics;
  for (size_t i = 0; i < nd; i++) {
    int mod = i < t->nslots;
    const char *pre = mod ? "slot" : "asic";
    size_t idx = mod ? i : i - t->nslots;
    trace_file_t f = mod ? TRACE_SLOTS : TRACE_ASICS;
    const thermal_plate_cfg_t *tc = mod ? &t->types[t->slots[i].type].thermal : &t->asic_thermal;
    columns_add_ref(c, f, column_order(0, idx, 0), "W", part, ref_device, 4 * i + 0, "%s%zu_power_w", pre, idx);
    columns_add(c, f, column_order(0, idx, 1), "C", part, col_junction, i, "%s%zu_junction_c", pre, idx);
    columns_add_ref(c, f, column_order(0, idx, 2), "C", part, ref_device, 4 * i + 3, "%s%zu_outlet_c", pre, idx);
    columns_add_ref(c, TRACE_COOLANT, column_order(1, i, 2), "C", part, ref_device, 4 * i + 2, "%s%zu_inlet_c", pre,
                    idx);
    columns_add_ref(c, TRACE_COOLANT, column_order(1, i, 3), "C", part, ref_device, 4 * i + 3, "%s%zu_outlet_c", pre,
                    idx);
    thermal_columns(c, part, tc, i, pre, idx);
    if (!mod) continue;
    const module_power_cfg_t *mc = &t->types[t->slots[i].type].power;
    size_t base = i * (POWER_MAX_COMPONENTS + 2);
    columns_add_ref(c, TRACE_POWER, column_order(1, i, 0), "W", part, ref_power, base, "slot%zu_input_w", i);
    columns_add_ref(c, TRACE_POWER, column_order(1, i, 2), "W", part, ref_power, base + 1, "slot%zu_dcdc_loss_w", i);
    for (int k = 0; k < mc->n; k++)
      columns_add_ref(c, TRACE_POWER, column_order(1, i, 3 + (unsigned)k), "W", part, ref_power, base + 2 + (size_t)k,
                      "slot%zu_%s_w", i, mc->c[k].name);
  }
}
