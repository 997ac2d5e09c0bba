/*
 * lanes.c: lanes and links in time. The physics of a lane (SNR, FEC
 * statistics, the link state machine) is in models/ (lane.c, fec.c,
 * link.c); this part steps it.
 */
#include "switch/lanes.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fec.h"
#include "lane.h"
#include "optics.h"
#include "rng.h"

#define HALF_BW_DB 3.0102999566398120 /* 10 log10(2): noise in half the bandwidth */

/* The SNR grid on which codeword statistics are cached, per module type. */
#define SNR_LO_DB (-20.0)
#define SNR_HI_DB 80.0

typedef struct lane_type {
  const topo_module_type_t *mt;
  sim_time_t cw_ps;    /* the lane's cycle: one RS codeword */
  double snr_limit_db; /* the SNR at the FEC limit: the pre-FEC BER link training accepts */
  double cw_s;
  double ucw_lost_bits; /* codeword data bits + one frame */
  fec_dist_t **cache;
  size_t ncache;
  double line_snr_db; /* the optical line's SNR at its receiver */
  double *retimed;    /* per SNR grid point: a retimed segment's SNR change from the line's errors (NAN: not yet) */
  sim_domain_t *d_cw;
} lane_type_t;

struct lane_slot;

typedef struct lane {
  lanes_t *L;
  struct lane_slot *sl;
  int idx, port;
  link_t link;
  rng_t rng;      /* errors: uncorrectable codewords, corrected counts */
  rng_t rng_skew; /* skew at each training */
  double offset_db;
  double snr_db; /* at the last evaluation (the junction signal or a fault moved it) */
  const fec_dist_t *dist;
  double lambda; /* uncorrectable codewords per second while carrying */
  double hazard, threshold;
  uint64_t corr_exact; /* reference mode: corrected symbols counted since the last sample */
  int dirty;           /* changed since its module's sums were last taken */
  sim_time_t t_int;
  sim_time_t next_ucw;
  sim_time_t bulk_from; /* degraded, fast mode: codewords counted in bulk from here */
  double skew_s;
  int dead;
  int half; /* its port runs at half rate: half the baud, every other codeword slot */
  sim_proc_t *proc;
  unsigned vcd_id;
} lane_t;

typedef struct lane_slot {
  size_t index;
  const topo_module_type_t *mt;
  lane_type_t *ty;
  lane_t *lanes;
  int present, powered;
  double host_loss_db;                   /* its host channel at its lanes' Nyquist frequency */
  double host_loss_half_db;              /* ... at half that frequency (a port at half rate) */
  double port_bps[LANE_MAX_PER_MODULE];  /* carried, as the fabric last said */
  double port_lost[LANE_MAX_PER_MODULE]; /* bits of frames lost so far */
  rng_t rng_corrected;                   /* corrected-symbol draws, one per sample */
  sim_signal_t *sig_tj;
  sim_proc_t *p_phy, *p_cw;
  /* Corrected symbols, fast mode, kept per module: the carrying lanes'
   * expected corrected symbols per second (mean, variance) summed, and
   * their integral since the last sample. A lane about to change marks
   * itself; the sums are taken again from every lane before the next
   * stretch is integrated. */
  double corr_rate_mean, corr_rate_var, corr_mean, corr_var;
  sim_time_t t_corr;
  int ndirty;
  int ndegraded;   /* lanes degraded: counted in bulk at each sample */
  int ports_dirty; /* a lane's SNR moved since the ports' worst were taken */
  /* the last sample */
  double corrected;
  double port_ber[LANE_MAX_PER_MODULE], port_snr_db[LANE_MAX_PER_MODULE];
  double port_margin_db[LANE_MAX_PER_MODULE]; /* worst lane's SNR above the FEC limit's */
} lane_slot_t;

struct lanes {
  switch_env_t *env;
  sim_time_t *rings; /* every lane's link ring, LINK_MAX_UCW entries a lane, slot by slot */
  lane_type_t *types;
  lane_slot_t *slots;
  sim_signal_t *sig_lanes;
  uint64_t ucw_total, corrected_total;
};

static const fec_dist_t *dist_for(lane_type_t *ty, double snr_db) {
  double qd = ty->mt->lane.snr_quantum_db;
  double x = (snr_db - SNR_LO_DB) / qd, top = (double)(ty->ncache - 1);
  /* the nearest grid point, the top one for anything at or beyond it (and
   * for NaN): lround's result, without a libm call, never out of range */
  long q = !(x < top) ? (long)ty->ncache - 1 : x < 0 ? 0 : (long)(x + 0.5);
  if (!ty->cache[q]) {
    ty->cache[q] = malloc(sizeof(fec_dist_t));
    if (!ty->cache[q]) abort();
    fec_dist_from_snr(&ty->mt->lane.fec, SNR_LO_DB + (double)q * qd, ty->cache[q]);
  }
  return ty->cache[q];
}

/* A retimed segment's change of SNR from the line's errors at grid point q
 * (cached: it needs a BER inversion). */
static double retimed_change_db(lane_type_t *ty, size_t q) {
  if (isnan(ty->retimed[q])) {
    double at = SNR_LO_DB + (double)q * ty->mt->lane.snr_quantum_db;
    ty->retimed[q] = snr_retimed_db(&ty->mt->lane.fec, at, ty->line_snr_db) - at;
  }
  return ty->retimed[q];
}

/* A lane's SNR through its module's budget, from its host channel's SNR.
 * The retimed change is interpolated between grid points: where the line
 * dominates it moves dB for dB with the host's SNR. */
static double budget_snr_db(lane_type_t *ty, double host_db) {
  const line_cfg_t *lc = &ty->mt->line;
  double retimed = host_db;
  if (lc->retiming != RETIME_NONE) {
    double x = (host_db - SNR_LO_DB) / ty->mt->lane.snr_quantum_db, top = (double)(ty->ncache - 1);
    x = x < 0 ? 0 : x > top ? top : x;
    size_t q = (size_t)x;
    if (q + 1 >= ty->ncache) q = ty->ncache - 2;
    double f = x - (double)q;
    retimed = host_db + (1 - f) * retimed_change_db(ty, q) + f * retimed_change_db(ty, q + 1);
  }
  return line_lane_snr_db(lc, host_db, ty->mt->lane.snr_per_loss, ty->line_snr_db, retimed);
}

static int lane_carrying(const lane_t *ln) { return link_carries(&ln->link) && ln->sl->present && ln->sl->powered; }

/* A lane's codeword: at half rate each one takes twice as long. */
static sim_time_t lane_cw_ps(const lane_t *ln) { return ln->sl->ty->cw_ps * (ln->half ? 2 : 1); }
static double lane_cw_s(const lane_t *ln) { return ln->sl->ty->cw_s * (ln->half ? 2 : 1); }

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

/* k uncorrectable codewords lose the frames they touch, in proportion to
 * the port's utilisation. */
static void lose_frames(lane_t *ln, uint64_t k) {
  lane_slot_t *sl = ln->sl;
  double rate = sl->mt->ports.rate_bps;
  double util = rate > 0 ? sl->port_bps[ln->port] / rate : 0;
  sl->port_lost[ln->port] += util * sl->ty->ucw_lost_bits * (double)k; /* x 1.0 is exact: one codeword as before */
}

/* While degraded, an uncorrectable codeword changes nothing but counters
 * until the hold is over, so fast mode counts them in bulk: the codewords
 * since bulk_from fail as a binomial draw; the window the link decides on
 * holds its share of them. (A lane failing every codeword would otherwise be
 * 40 million events a second.) */
static void lane_bulk(lane_t *ln, sim_time_t now) {
  lanes_t *L = ln->L;
  if (L->env->reference_step || ln->link.st != LINK_DEGRADED || now <= ln->bulk_from) return;
  lane_slot_t *sl = ln->sl;
  sim_time_t cw = lane_cw_ps(ln);
  uint64_t n = now / cw - ln->bulk_from / cw;
  ln->bulk_from = now;
  if (!n || !lane_carrying(ln)) return;
  uint64_t k = binomial(&ln->rng, n, ln->dist->p_fail);
  if (!k) return;
  L->ucw_total += k;
  lose_frames(ln, k);
  const link_cfg_t *lc = &sl->mt->lane.link;
  uint64_t w = lc->window / cw, in_window = n < w ? k : (uint64_t)llround((double)k * (double)w / (double)n);
  int cap = lc->degrade_ucw < LINK_MAX_UCW ? lc->degrade_ucw : LINK_MAX_UCW;
  ln->link.nring = (int)(in_window < (uint64_t)cap ? in_window : (uint64_t)cap);
  for (int i = 0; i < ln->link.nring; i++) ln->link.ring[i] = now;
  ln->link.iring = ln->link.nring % (cap > 0 ? cap : 1);
}

/* The module's corrected-symbol integral up to now: with the sums taken
 * again from every lane first if one changed since (its change came after
 * the last integration, at or before now). */
static void slot_integrate(lane_slot_t *sl, sim_time_t now) {
  if (now <= sl->t_corr) return;
  if (sl->ndirty) {
    double m = 0, v = 0;
    for (int l = 0; l < sl->mt->lanes; l++) {
      lane_t *ln = &sl->lanes[l];
      ln->dirty = 0;
      if (!lane_carrying(ln)) continue;
      m += ln->dist->mean_corrected / lane_cw_s(ln);
      v += ln->dist->var_corrected / lane_cw_s(ln);
    }
    sl->corr_rate_mean = m;
    sl->corr_rate_var = v;
    sl->ndirty = 0;
  }
  double dt = sim_to_s(now - sl->t_corr);
  sl->corr_mean += sl->corr_rate_mean * dt;
  sl->corr_var += sl->corr_rate_var * dt;
  sl->t_corr = now;
}

/* Before the lane changes: its hazard and its module's integrals up to now
 * at its present state, and the lane marked for the sums to be taken again. */
static void lane_integrate(lane_t *ln, sim_time_t now) {
  lane_bulk(ln, now);
  if (!ln->L->env->reference_step) {
    slot_integrate(ln->sl, now);
    if (!ln->dirty) {
      ln->dirty = 1;
      ln->sl->ndirty++;
    }
  }
  if (now <= ln->t_int) return;
  if (lane_carrying(ln) && !ln->L->env->reference_step) ln->hazard += ln->lambda * sim_to_s(now - ln->t_int);
  ln->t_int = now;
}

/* Re-evaluate the lane's SNR; returns 1 if its statistics changed. */
/* What every lane of a module shares of its host SNR at the junction's
 * temperature, at full rate ([0]) and at half rate ([1]: the host channel's
 * loss at half the Nyquist frequency); a lane adds its offset. */
static void slot_host_shared(const lane_slot_t *sl, double shared[2]) {
  const lane_cfg_t *c = &sl->mt->lane;
  double tj = sim_read(sl->sig_tj);
  shared[0] = lane_snr_shared(c, sl->host_loss_db, tj);
  shared[1] = lane_snr_shared(c, sl->host_loss_half_db, tj);
}

/* A lane's SNR and codeword statistics again, from its module's shared
 * host SNR (slot_host_shared); 1 if its statistics changed (or force). */
static int lane_refresh_from(lane_t *ln, sim_time_t now, int force, const double shared[2]) {
  /* at half rate, also its noise in half the bandwidth */
  double host = ln->half ? shared[1] + ln->offset_db + HALF_BW_DB : shared[0] + ln->offset_db;
  double snr = budget_snr_db(ln->sl->ty, host);
  const fec_dist_t *d = dist_for(ln->sl->ty, snr);
  if (snr != ln->snr_db || d != ln->dist) ln->sl->ports_dirty = 1;
  ln->snr_db = snr;
  if (d == ln->dist && !force) return 0;
  lane_integrate(ln, now);
  ln->dist = d;
  double p = d->p_fail < 1 - 1e-12 ? d->p_fail : 1 - 1e-12;
  ln->lambda = -log1p(-p) / lane_cw_s(ln); /* geometric per codeword = this hazard per second */
  return 1;
}

static int lane_refresh(lane_t *ln, sim_time_t now, int force) {
  double shared[2];
  slot_host_shared(ln->sl, shared);
  return lane_refresh_from(ln, now, force, shared);
}

/* Arm the lane's process for its next uncorrectable codeword (fast mode)
 * or link decision, whichever is first. */
static void lane_arm(lane_t *ln, sim_time_t now) {
  const switch_env_t *env = ln->L->env;
  sim_time_t end = env->t->duration, cw = lane_cw_ps(ln);
  ln->next_ucw = UINT64_MAX;
  if (!env->reference_step && lane_carrying(ln) && ln->lambda > 0 && ln->link.st != LINK_DEGRADED) {
    double dt_s = (ln->threshold - ln->hazard) / ln->lambda;
    if (dt_s < 0) dt_s = 0;
    if (dt_s < sim_to_s(end - now) + lane_cw_s(ln)) {
      sim_time_t at = now + sim_from_s_floor(dt_s);
      at = (at / cw + 1) * cw; /* on the next codeword edge */
      if (at <= end) ln->next_ucw = at;
    }
  }
  sim_time_t wake = ln->next_ucw < ln->link.timer ? ln->next_ucw : ln->link.timer;
  sim_cancel(ln->proc);
  if (wake != UINT64_MAX && wake <= end) sim_wake_at(ln->proc, wake);
}

static void lane_state_changed(lane_t *ln, sim_time_t now, link_state_t old) {
  lanes_t *L = ln->L;
  ln->sl->ndegraded += (ln->link.st == LINK_DEGRADED) - (old == LINK_DEGRADED);
  if (ln->link.st == LINK_DEGRADED) ln->bulk_from = now; /* counted in bulk from the next codeword */
  if (old == LINK_DEGRADED) {                            /* individual codewords again, from a fresh draw */
    ln->hazard = 0;
    ln->threshold = rng_exp(&ln->rng);
  }
  if (ln->link.st == LINK_UP && (old == LINK_TRAINING || old == LINK_RETRAINING))
    ln->skew_s = rng_uniform(&ln->rng_skew) * ln->sl->mt->lane.skew_max_s;
  trace_log(L->env->log, now, "link", "slot[%zu].lane[%d] %s -> %s", ln->sl->index, ln->idx, link_state_name(old),
            link_state_name(ln->link.st));
  trace_vcd_change(L->env->vcd, now, ln->vcd_id, 3, (unsigned)ln->link.st);
  signal_bump(L->sig_lanes);
}

static void lane_set(lane_t *ln, sim_time_t now, int train) {
  link_state_t old = ln->link.st;
  lane_integrate(ln, now);
  if (train)
    link_start_training(&ln->link, &ln->sl->mt->lane.link, now);
  else
    link_set_down(&ln->link);
  if (ln->link.st != old) lane_state_changed(ln, now, old);
  lane_arm(ln, now);
}

/* An uncorrectable codeword on a carrying lane: count it, lose the frames it
 * touches, tell the link. */
static void lane_ucw(lane_t *ln, sim_time_t now) {
  ln->L->ucw_total++;
  lose_frames(ln, 1);
  link_state_t old = ln->link.st;
  if (link_on_ucw(&ln->link, &ln->sl->mt->lane.link, now)) lane_state_changed(ln, now, old);
}

static void on_lane(sim_t *sim, void *ctx) {
  lane_t *ln = ctx;
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
      trace_log(ln->L->env->log, now, "link", "slot[%zu].lane[%d] %s failed: pre-FEC BER %.3g above %.3g",
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
  lane_slot_t *sl = ctx;
  sim_time_t now = sim_now(sim);
  double shared[2];
  slot_host_shared(sl, shared);
  for (int l = 0; l < sl->mt->lanes; l++)
    if (lane_refresh_from(&sl->lanes[l], now, 0, shared)) lane_arm(&sl->lanes[l], now);
}

/* Reference stepping: every codeword of every lane, one draw each. */
static void on_codeword(sim_t *sim, void *ctx) {
  lane_slot_t *sl = ctx;
  sim_time_t now = sim_now(sim);
  /* a pointer walk: the calls below keep the compiler from keeping the
   * count and the index's address in registers otherwise */
  for (lane_t *ln = sl->lanes, *end = sl->lanes + sl->mt->lanes; ln < end; ln++) {
    if (!lane_carrying(ln) || (ln->half && (now / sl->ty->cw_ps) % 2)) continue; /* half rate: every other slot */
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
  if (now < sl->lanes[0].L->env->t->duration)
    sim_wake_cycle(sl->p_cw, sl->ty->d_cw, sim_cycle_after(sl->ty->d_cw, now));
}

/* Corrected symbols of a module's lanes since the last sample: counted
 * (reference stepping), or drawn in one go from the sum of the lanes' means
 * and variances (the lanes are independent): Poisson below a mean of 50,
 * normal above. One draw per module per sample. */
static uint64_t take_corrected(lanes_t *L, lane_slot_t *sl, sim_time_t now) {
  if (L->env->reference_step) {
    uint64_t exact = 0;
    for (int l = 0; l < sl->mt->lanes; l++) {
      exact += sl->lanes[l].corr_exact;
      sl->lanes[l].corr_exact = 0;
    }
    return exact;
  }
  slot_integrate(sl, now);
  double m = sl->corr_mean, v = sl->corr_var;
  sl->corr_mean = sl->corr_var = 0;
  if (m < 1e-9) return 0;
  if (m < 50) return rng_poisson(&sl->rng_corrected, m);
  double x = m + sqrt(v) * rng_normal(&sl->rng_corrected);
  /* rounded to nearest as llround would; from 2^52 on every double is a
   * whole number already, and beyond 2^64 the count saturates */
  if (!(x > 0)) return 0;
  return x < 0x1p52 ? (uint64_t)(x + 0.5) : x < 0x1p64 ? (uint64_t)x : UINT64_MAX;
}

/* ---- construction ---- */

/* Slot s's host channel loss at its lanes' Nyquist frequency times rate
 * (1, or 0.5 at half rate): from the cage's geometry, or the module type's
 * fixed channel_loss scaled as every host loss is, by f^loss_exponent. */
static double slot_host_loss_db(const topo_t *t, size_t s, double rate) {
  const topo_slot_t *sl = &t->slots[s];
  const lane_cfg_t *c = &t->types[sl->type].lane;
  if (t->host.routing == HOST_FIXED) return c->channel_loss_db * pow(rate, t->host.loss_exponent);
  double route = host_route_m(&t->host, &t->cage, t->n_asics, sl->asic, sl->row, sl->col);
  return host_loss_db(&t->host, route, rate * lane_nyquist_hz(c));
}

lanes_t *lanes_new(switch_env_t *env, sim_signal_t *sig_lanes) {
  const topo_t *t = env->t;
  lanes_t *L = calloc(1, sizeof *L);
  if (!L) abort();
  L->env = env;
  L->sig_lanes = sig_lanes;
  L->types = calloc(t->ntypes ? t->ntypes : 1, sizeof *L->types);
  L->slots = calloc(env->ns ? env->ns : 1, sizeof *L->slots);
  if (!L->types || !L->slots) abort();
  for (size_t i = 0; i < t->ntypes; i++) {
    lane_type_t *ty = &L->types[i];
    const lane_cfg_t *c = &t->types[i].lane;
    ty->mt = &t->types[i];
    ty->cw_ps = lane_codeword_ps(c);
    ty->snr_limit_db = fec_snr_for_ber(&c->fec, c->link.train_ber_max);
    ty->cw_s = sim_to_s(ty->cw_ps);
    ty->ucw_lost_bits = (double)c->fec.rs_k * c->fec.rs_m + 8.0 * c->frame_bytes;
    ty->ncache = (size_t)((SNR_HI_DB - SNR_LO_DB) / c->snr_quantum_db) + 1;
    ty->cache = calloc(ty->ncache, sizeof *ty->cache);
    ty->retimed = malloc(ty->ncache * sizeof *ty->retimed);
    if (!ty->cache || !ty->retimed) abort();
    for (size_t q = 0; q < ty->ncache; q++) ty->retimed[q] = NAN;
    ty->line_snr_db = line_snr_db(&ty->mt->line, &c->fec);
    char name[96];
    snprintf(name, sizeof name, "codeword.%s", ty->mt->name);
    ty->d_cw = sim_domain(env->sim, name, ty->cw_ps);
  }
  for (size_t s = 0; s < env->ns; s++) {
    lane_slot_t *sl = &L->slots[s];
    sl->index = s;
    sl->mt = &t->types[t->slots[s].type];
    sl->ty = &L->types[t->slots[s].type];
    sl->present = sl->powered = 1;
    sl->host_loss_db = slot_host_loss_db(t, s, 1);
    sl->host_loss_half_db = slot_host_loss_db(t, s, 0.5);
  }
  return L;
}

void lanes_free(lanes_t *L) {
  if (!L) return;
  for (size_t s = 0; s < L->env->ns; s++) free(L->slots[s].lanes);
  free(L->rings);
  for (size_t i = 0; i < L->env->t->ntypes; i++) {
    for (size_t q = 0; q < L->types[i].ncache; q++) free(L->types[i].cache[q]);
    free(L->types[i].cache);
    free(L->types[i].retimed);
  }
  free(L->types);
  free(L->slots);
  free(L);
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

static void slot_seed(lanes_t *L, lane_slot_t *sl, size_t s, sim_time_t *rings) {
  const topo_t *t = L->env->t;
  const lane_cfg_t *c = &sl->mt->lane;
  sl->lanes = calloc((size_t)sl->mt->lanes, sizeof *sl->lanes);
  if (!sl->lanes) abort();
  for (int l = 0; l < sl->mt->lanes; l++) {
    lane_t *ln = &sl->lanes[l];
    ln->link.ring = &rings[(size_t)l * LINK_MAX_UCW];
    char path[96];
    ln->L = L;
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

void lanes_seed(lanes_t *L) {
  /* not cleared: a ring entry is read only after it is written, so the
   * pages of lanes without errors are never touched */
  size_t lanes = 0;
  for (size_t s = 0; s < L->env->ns; s++) lanes += (size_t)L->slots[s].mt->lanes;
  L->rings = malloc((lanes ? lanes : 1) * LINK_MAX_UCW * sizeof *L->rings);
  if (!L->rings) abort();
  lanes = 0;
  for (size_t s = 0; s < L->env->ns; s++) {
    slot_seed(L, &L->slots[s], s, &L->rings[lanes * LINK_MAX_UCW]);
    lanes += (size_t)L->slots[s].mt->lanes;
  }
}

void lanes_attach_junction(lanes_t *L, size_t s, sim_signal_t *sig_tj) {
  lane_slot_t *sl = &L->slots[s];
  sl->sig_tj = sig_tj;
  double shared[2];
  slot_host_shared(sl, shared);
  for (int l = 0; l < sl->mt->lanes; l++) lane_refresh_from(&sl->lanes[l], 0, 1, shared);
}

void lanes_start(lanes_t *L) {
  sim_t *sim = L->env->sim;
  for (size_t s = 0; s < L->env->ns; s++) {
    lane_slot_t *sl = &L->slots[s];
    char name[64];
    snprintf(name, sizeof name, "slot[%zu].phy", s);
    sl->p_phy = sim_process(sim, name, PRIO_PHY, on_phy, sl);
    sim_subscribe(sl->sig_tj, sl->p_phy);
    for (int l = 0; l < sl->mt->lanes; l++) {
      lane_path(name, s, l, "");
      lane_t *ln = &sl->lanes[l];
      ln->proc = sim_process(sim, name, PRIO_LANE, on_lane, ln);
      if (ln->dist->ber > sl->mt->lane.link.train_ber_max)
        lane_set(ln, 0, 1); /* it could not have trained at power-on: it trains, and fails while it stays */
      else
        lane_arm(ln, 0);
    }
    if (L->env->reference_step) {
      snprintf(name, sizeof name, "slot[%zu].codeword", s);
      sl->p_cw = sim_process(sim, name, PRIO_CODEWORD, on_codeword, sl);
      sim_wake_cycle(sl->p_cw, sl->ty->d_cw, 1);
    }
  }
}

void lanes_vcd_declare(lanes_t *L, size_t s) {
  lane_slot_t *sl = &L->slots[s];
  for (int l = 0; l < sl->mt->lanes; l++) {
    char name[48];
    snprintf(name, sizeof name, "lane%d_state", l);
    sl->lanes[l].vcd_id = trace_vcd_var(L->env->vcd, 3, name);
  }
}

void lanes_vcd_initial(lanes_t *L, size_t s) {
  lane_slot_t *sl = &L->slots[s];
  for (int l = 0; l < sl->mt->lanes; l++)
    trace_vcd_change(L->env->vcd, 0, sl->lanes[l].vcd_id, 3, (unsigned)sl->lanes[l].link.st);
}

/* ---- what other parts ask and tell ---- */

int lanes_carrying(const lanes_t *L, size_t s, int l) { return lane_carrying(&L->slots[s].lanes[l]); }
double lanes_skew_s(const lanes_t *L, size_t s, int l) { return L->slots[s].lanes[l].skew_s; }
int lanes_dead(const lanes_t *L, size_t s, int l) { return L->slots[s].lanes[l].dead; }
link_state_t lanes_state(const lanes_t *L, size_t s, int l) { return L->slots[s].lanes[l].link.st; }
uint64_t lanes_uncorrectable(const lanes_t *L) { return L->ucw_total; }
uint64_t lanes_corrected(const lanes_t *L) { return L->corrected_total; }
double lanes_port_lost_bits(const lanes_t *L, size_t s, int p) { return L->slots[s].port_lost[p]; }

uint64_t lanes_flaps(const lanes_t *L) {
  uint64_t flaps = 0;
  for (size_t s = 0; s < L->env->ns; s++)
    for (int l = 0; l < L->slots[s].mt->lanes; l++) flaps += L->slots[s].lanes[l].link.flaps;
  return flaps;
}

void lanes_set(lanes_t *L, size_t s, int l, sim_time_t now, int train) { lane_set(&L->slots[s].lanes[l], now, train); }
void lanes_set_dead(lanes_t *L, size_t s, int l, int dead) { L->slots[s].lanes[l].dead = dead; }

void lanes_snr_drop(lanes_t *L, size_t s, int l, sim_time_t now, double db) {
  lane_t *ln = &L->slots[s].lanes[l];
  ln->offset_db -= db;
  lane_refresh(ln, now, 1);
  lane_arm(ln, now);
}

void lanes_module_up(lanes_t *L, size_t s, int present, int powered) {
  lane_slot_t *sl = &L->slots[s];
  if (sl->lanes && (sl->present != present || sl->powered != powered)) /* every lane's carrying changes */
    for (int l = 0; l < sl->mt->lanes; l++) lane_integrate(&sl->lanes[l], sim_now(L->env->sim));
  sl->present = present;
  sl->powered = powered;
}

void lanes_port_carried(lanes_t *L, size_t s, int p, double bps) { L->slots[s].port_bps[p] = bps; }

void lanes_set_half_rate(lanes_t *L, size_t s, int p, int half, sim_time_t now) {
  lane_slot_t *sl = &L->slots[s];
  int n = sl->mt->ports.lanes_per_port;
  for (int l = p * n; l < (p + 1) * n; l++) {
    lane_t *ln = &sl->lanes[l];
    if (ln->half == half) continue;
    lane_integrate(ln, now); /* the codewords so far at the old rate */
    ln->half = half;
    lane_refresh(ln, now, 1);
    lane_arm(ln, now);
  }
}

void lanes_integrate(lanes_t *L, size_t s, sim_time_t now) {
  for (int l = 0; l < L->slots[s].mt->lanes; l++) lane_integrate(&L->slots[s].lanes[l], now);
}

/* At a sample: the degraded lanes' codewords counted in bulk (their frames
 * lost go into the port totals) and each module's integrals up to now. */
void lanes_integrate_all(lanes_t *L, sim_time_t now) {
  for (size_t s = 0; s < L->env->ns; s++) {
    lane_slot_t *sl = &L->slots[s];
    for (int l = 0; sl->ndegraded && l < sl->mt->lanes; l++)
      if (sl->lanes[l].link.st == LINK_DEGRADED) lane_bulk(&sl->lanes[l], now);
    slot_integrate(sl, now);
  }
}

/* ---- traces ---- */

void lanes_sample(lanes_t *L, sim_time_t now) {
  for (size_t s = 0; s < L->env->ns; s++) {
    lane_slot_t *sl = &L->slots[s];
    uint64_t corr = take_corrected(L, sl, now);
    L->corrected_total += corr;
    sl->corrected = (double)corr;
    const port_cfg_t *pc = &sl->mt->ports;
    if (!sl->ports_dirty) continue;
    sl->ports_dirty = 0;
    for (int q = 0; q < pc->nports; q++) {
      double ber = 0, snr = INFINITY;
      for (int l = q * pc->lanes_per_port; l < (q + 1) * pc->lanes_per_port; l++) {
        if (sl->lanes[l].dist->ber > ber) ber = sl->lanes[l].dist->ber;
        if (sl->lanes[l].snr_db < snr) snr = sl->lanes[l].snr_db;
      }
      sl->port_ber[q] = ber;
      sl->port_snr_db[q] = snr;
      sl->port_margin_db[q] = snr - sl->ty->snr_limit_db;
    }
  }
}

/* index: slot * LANE_MAX_PER_MODULE + port */
static const double *ref_corrected(const void *p, size_t s) { return &((const lanes_t *)p)->slots[s].corrected; }
static const double *ref_host_loss(const void *p, size_t s) { return &((const lanes_t *)p)->slots[s].host_loss_db; }
static const double *ref_line_snr(const void *p, size_t s) { return &((const lanes_t *)p)->slots[s].ty->line_snr_db; }
static const double *ref_ber(const void *p, size_t i) {
  return &((const lanes_t *)p)->slots[i / LANE_MAX_PER_MODULE].port_ber[i % LANE_MAX_PER_MODULE];
}
static const double *ref_margin(const void *p, size_t i) {
  return &((const lanes_t *)p)->slots[i / LANE_MAX_PER_MODULE].port_margin_db[i % LANE_MAX_PER_MODULE];
}
static const double *ref_snr(const void *p, size_t i) {
  return &((const lanes_t *)p)->slots[i / LANE_MAX_PER_MODULE].port_snr_db[i % LANE_MAX_PER_MODULE];
}

void lanes_columns(const topo_t *t, columns_t *c, int part) {
  size_t port = 0;
  for (size_t s = 0; s < t->nslots; s++) {
    columns_add_ref(c, TRACE_SLOTS, column_order(0, s, 4), "", part, ref_corrected, s, "slot%zu_corrected_symbols", s);
    columns_add_ref(c, TRACE_SLOTS, column_order(0, s, 5), "dB", part, ref_host_loss, s, "slot%zu_host_loss_db", s);
    columns_add_ref(c, TRACE_SLOTS, column_order(0, s, 6), "dB", part, ref_line_snr, s, "slot%zu_line_snr_db", s);
    for (int p = 0; p < t->types[t->slots[s].type].ports.nports; p++, port++) {
      size_t i = s * LANE_MAX_PER_MODULE + (size_t)p;
      columns_add_ref(c, TRACE_PORTS, column_order(0, port, 2), "", part, ref_ber, i, "slot%zu_port%d_pre_fec_ber", s,
                      p);
      columns_add_ref(c, TRACE_PORTS, column_order(0, port, 3), "dB", part, ref_snr, i, "slot%zu_port%d_snr_db", s, p);
      columns_add_ref(c, TRACE_PORTS, column_order(0, port, 4), "dB", part, ref_margin, i, "slot%zu_port%d_margin_db",
                      s, p);
    }
  }
}
