/* margins.c: margins to the design's limits and settling (margins.h). */
#include "switch/margins.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "topo/schema.h"

typedef struct {
  const char *name, *label, *unit, *margin_unit;
  int floor;         /* 1: the value must stay above the limit */
  double per_si;     /* display units per SI unit of the trace value's limit (L/min per m^3/s) */
  const char *reach; /* verb for the worst: "reaches", "falls to" */
} limit_def;

static const limit_def LIMITS[LIM_COUNT_] = {
    [LIM_MODULE_JUNCTION] = {"module_junction", "Module junction", "C", "K", 0, 1, "reaches"},
    [LIM_ASIC_JUNCTION] = {"asic_junction", "ASIC junction", "C", "K", 0, 1, "reaches"},
    [LIM_MODULE_POWER] = {"module_power", "Module power", "W", "W", 0, 1, "draws"},
    [LIM_COOLANT] = {"coolant", "Coolant outlet", "C", "K", 0, 1, "reaches"},
    [LIM_BRANCH_FLOW] = {"branch_flow", "Flow per module", "L/min", "L/min", 1, 60e3, "falls to"},
    [LIM_BUS_VOLTAGE] = {"bus_voltage", "Module input voltage", "V", "V", 1, 1, "falls to"},
    [LIM_PSU_BUDGET] = {"psu_budget", "PSU budget", "W", "W", 0, 1, "carry"},
    [LIM_PORT_SNR] = {"port_snr_margin", "Port SNR margin", "dB", "dB", 1, 1, "falls to"},
    [LIM_PSU_N1] = {"psu_n1", "PSU budget with one more PSU failed", "W", "W", 0, 1, "would carry"},
    [LIM_PUMP_N1] = {"pump_n1", "Flow per module with one more pump failed", "L/min", "L/min", 1, 60e3, "falls to"},
};

const char *limit_name(limit_id_t k) { return k < LIM_COUNT_ ? LIMITS[k].name : "?"; }
const char *limit_label(limit_id_t k) { return k < LIM_COUNT_ ? LIMITS[k].label : "?"; }
const char *limit_unit(limit_id_t k) { return k < LIM_COUNT_ ? LIMITS[k].unit : ""; }
const char *limit_margin_unit(limit_id_t k) { return k < LIM_COUNT_ ? LIMITS[k].margin_unit : ""; }

/* A value the limit is measured on: one trace column and what it means. */
typedef struct {
  trace_file_t file;
  long col;
  int slot;       /* the slot whose module must be present, -1: none */
  int device;     /* the device whose branch must flow, -1: none */
  double limit;   /* in the column's unit */
  double zero;    /* where its range starts: the headroom is margin / |limit - zero| */
  char where[48]; /* "slot 3 dsp" */
} cell_t;

#define SETTLE_MAX (TOPO_MAX_EVENTS + 1)

struct margins {
  const topo_t *t;
  cell_t *cells[LIM_COUNT_];
  size_t ncells[LIM_COUNT_];
  long budget_col, psu_in_col, psu_loss_col, working_col, maxj_col;
  limit_result_t res[LIM_COUNT_];
  /* settling: the stretch open now, and its reference */
  settle_result_t settle[SETTLE_MAX];
  size_t nsettle, next_event;
  double ref_c, since_s;
  /* the PSU rows' texts, for the working count they were written for */
  double psu_text_working;
  char psu_budget_where[48], psu_n1_where[48];
};

static void add_cell(margins_t *m, limit_id_t k, cell_t c) {
  cell_t *v = realloc(m->cells[k], (m->ncells[k] + 1) * sizeof *v);
  if (!v) abort();
  v[m->ncells[k]++] = c;
  m->cells[k] = v;
}

/* The device's coolant supply: where its temperature range starts. */
static double device_zero_c(const topo_t *t, size_t i) {
  if (topo_device_air_cooled(t, i)) return t->air_c;
  int l = i < t->nslots ? t->slot_loop[i] : t->asic_loop[i - t->nslots];
  return t->loops[l].supply_c;
}

/* "slot3_dsp_junction_c" -> device 3, "slot 3 dsp"; 0 if not a junction. */
static int junction_cell(const char *name, const char *pre, size_t *idx, char *where, size_t n) {
  size_t lp = strlen(pre), len = strlen(name);
  const char *suffix = "_junction_c";
  if (strncmp(name, pre, lp) || len < lp + 12 || strcmp(name + len - 11, suffix)) return 0;
  char *end;
  unsigned long v = strtoul(name + lp, &end, 10);
  if (end == name + lp || *end != '_') return 0;
  *idx = v;
  snprintf(where, n, "%s %lu %.*s", pre, v, (int)(len - 11 - (size_t)(end + 1 - name)), end + 1);
  return 1;
}

static void find_junctions(margins_t *m, const columns_t *cols) {
  const topo_t *t = m->t;
  const column_t *c = &cols->v[cols->first[TRACE_THERMAL]];
  for (size_t i = 0; i < cols->count[TRACE_THERMAL]; i++) {
    cell_t cl = {.file = TRACE_THERMAL, .col = (long)i, .slot = -1, .device = -1};
    size_t idx;
    if (junction_cell(c[i].name, "slot", &idx, cl.where, sizeof cl.where) && idx < t->nslots) {
      cl.slot = (int)idx;
      cl.limit = t->lim_module_junction_c;
      cl.zero = device_zero_c(t, idx);
      add_cell(m, LIM_MODULE_JUNCTION, cl);
    } else if (junction_cell(c[i].name, "asic", &idx, cl.where, sizeof cl.where) && idx < (size_t)t->n_asics) {
      cl.limit = t->lim_asic_junction_c;
      cl.zero = device_zero_c(t, t->nslots + idx);
      add_cell(m, LIM_ASIC_JUNCTION, cl);
    }
  }
}

/* A per-device column: "slot%zu_<field>" or "asic%zu_<field>". */
static long device_col(const columns_t *cols, trace_file_t f, size_t i, size_t ns, const char *field) {
  char name[64];
  snprintf(name, sizeof name, "%s%zu_%s", i < ns ? "slot" : "asic", i < ns ? i : i - ns, field);
  return columns_find(cols, f, name);
}

static void find_device_cells(margins_t *m, const columns_t *cols) {
  const topo_t *t = m->t;
  size_t ns = t->nslots, nd = ns + (size_t)t->n_asics;
  for (size_t i = 0; i < nd; i++) {
    int slot = i < ns ? (int)i : -1;
    char where[48];
    snprintf(where, sizeof where, "%s %zu", i < ns ? "slot" : "asic", i < ns ? i : i - ns);
    cell_t base = {.slot = slot, .device = -1};
    memcpy(base.where, where, sizeof where);
    if (!topo_device_air_cooled(t, i)) {
      cell_t c = base;
      c.file = i < ns ? TRACE_SLOTS : TRACE_ASICS;
      c.col = device_col(cols, c.file, i, ns, "outlet_c");
      c.device = (int)i;
      c.limit = t->lim_coolant_c;
      c.zero = device_zero_c(t, i);
      if (c.col >= 0) add_cell(m, LIM_COOLANT, c);
    }
    if (i >= ns) continue;
    const topo_module_type_t *mt = &t->types[t->slots[i].type];
    cell_t p = base;
    p.file = TRACE_SLOTS;
    p.col = device_col(cols, TRACE_SLOTS, i, ns, "power_w");
    p.limit = mt->power.max_w;
    if (p.col >= 0 && isfinite(p.limit)) add_cell(m, LIM_MODULE_POWER, p);
    cell_t v = base;
    v.file = TRACE_POWER;
    v.col = device_col(cols, TRACE_POWER, i, ns, "input_v");
    v.limit = t->feed_min_v;
    v.zero = t->feed_v;
    if (v.col >= 0) add_cell(m, LIM_BUS_VOLTAGE, v);
    if (mt->air_cooled) continue;
    cell_t q = base;
    q.file = TRACE_COOLANT;
    q.col = device_col(cols, TRACE_COOLANT, i, ns, "flow_lpm");
    q.limit = t->lim_branch_flow_m3s * 60e3;
    if (q.col >= 0) add_cell(m, LIM_BRANCH_FLOW, q);
  }
}

/* "slot2_port5_margin_db" -> slot 2, "slot 2 port 5". */
static void find_ports(margins_t *m, const columns_t *cols) {
  const column_t *c = &cols->v[cols->first[TRACE_PORTS]];
  for (size_t i = 0; i < cols->count[TRACE_PORTS]; i++) {
    unsigned s, p;
    char tail[16];
    size_t len = strlen(c[i].name);
    if (len < 10 || strcmp(c[i].name + len - 10, "_margin_db")) continue; /* most are not: no sscanf for them */
    if (sscanf(c[i].name, "slot%u_port%u_%15s", &s, &p, tail) != 3 || strcmp(tail, "margin_db")) continue;
    if (s >= m->t->nslots) continue;
    cell_t cl = {.file = TRACE_PORTS, .col = (long)i, .slot = (int)s, .device = -1, .limit = m->t->lim_snr_margin_db};
    snprintf(cl.where, sizeof cl.where, "slot %u port %u", s, p);
    add_cell(m, LIM_PORT_SNR, cl);
  }
}

margins_t *margins_new(const topo_t *t, const columns_t *cols) {
  margins_t *m = calloc(1, sizeof *m);
  if (!m) abort();
  m->t = t;
  m->psu_text_working = NAN; /* no text written yet */
  for (int k = 0; k < LIM_COUNT_; k++) m->res[k].margin = INFINITY;
  find_junctions(m, cols);
  find_device_cells(m, cols);
  find_ports(m, cols);
  m->budget_col = columns_find(cols, TRACE_POWER, "budget_w");
  m->psu_in_col = columns_find(cols, TRACE_POWER, "psu_input_w");
  m->psu_loss_col = columns_find(cols, TRACE_POWER, "psu_loss_w");
  m->working_col = columns_find(cols, TRACE_POWER, "psus_working");
  m->maxj_col = columns_find(cols, TRACE_SWITCH, "max_junction_c");
  m->next_event = 0;
  m->nsettle = 0;
  return m;
}

void margins_free(margins_t *m) {
  if (!m) return;
  for (int k = 0; k < LIM_COUNT_; k++) free(m->cells[k]);
  free(m);
}

/* The headroom of a margin: the fraction of the range from where the
 * quantity starts (the coolant supply for a temperature, zero for a power,
 * the set point for a voltage) that is left; for a flow or an SNR, the
 * fraction by which it may still fall. */
static double headroom(limit_id_t k, double worst, double limit, double zero, double margin) {
  switch (k) {
    case LIM_BRANCH_FLOW:
    case LIM_PUMP_N1:
      return margin / fmax(fmax(worst, limit), 1e-12);
    case LIM_PORT_SNR:
      return 1 - pow(10, -margin / 10);
    case LIM_BUS_VOLTAGE:
      return margin / fmax(zero - limit, 1e-9);
    case LIM_MODULE_POWER:
    case LIM_PSU_BUDGET:
    case LIM_PSU_N1:
      return limit > 0 ? margin / limit : (margin >= 0 ? 0 : -1);
    default:
      return margin / fmax(limit - zero, 1); /* temperatures: a span of at least 1 K */
  }
}

/* Whether v is closer to its limit than any value before. */
static int closer(const margins_t *m, limit_id_t k, double v, double limit) {
  double margin = LIMITS[k].floor ? v - limit : limit - v;
  return isfinite(v) && margin < m->res[k].margin;
}

/* Keep the value if it is closer to its limit than any before (the first
 * time it was reached stays). */
static void offer(margins_t *m, limit_id_t k, double v, double limit, double zero, double t_s, const char *where) {
  limit_result_t *r = &m->res[k];
  double margin = LIMITS[k].floor ? v - limit : limit - v;
  if (!closer(m, k, v, limit)) return;
  r->applies = 1;
  r->worst = v;
  r->limit = limit;
  r->margin = margin;
  r->headroom = headroom(k, v, limit, zero, margin);
  r->at_s = t_s;
  size_t n = strnlen(where, sizeof r->where - 1); /* not snprintf: a new worst can come every sample */
  memcpy(r->where, where, n);
  r->where[n] = 0;
}

static void psu_row(margins_t *m, double *const row[TRACE_FILES], double t_s) {
  if (m->budget_col < 0 || m->psu_in_col < 0 || m->psu_loss_col < 0 || m->working_col < 0) return;
  const double *p = row[TRACE_POWER];
  double out = p[m->psu_in_col] - p[m->psu_loss_col], working = p[m->working_col];
  int keep_budget = closer(m, LIM_PSU_BUDGET, out, p[m->budget_col]);
  int keep_n1 = working >= 1 && closer(m, LIM_PSU_N1, out, (working - 1) * m->t->psu.capacity_w);
  if ((keep_budget || keep_n1) && !(working == m->psu_text_working)) { /* a new worst can come every sample */
    snprintf(m->psu_budget_where, sizeof m->psu_budget_where, "%.0f of %d working PSUs", working, m->t->psu.count);
    snprintf(m->psu_n1_where, sizeof m->psu_n1_where, "the %.0f of %d PSUs left", working - 1, m->t->psu.count);
    m->psu_text_working = working;
  }
  if (keep_budget) offer(m, LIM_PSU_BUDGET, out, p[m->budget_col], 0, t_s, m->psu_budget_where);
  if (keep_n1) offer(m, LIM_PSU_N1, out, (working - 1) * m->t->psu.capacity_w, 0, t_s, m->psu_n1_where);
}

static void settle_row(margins_t *m, double *const row[TRACE_FILES], double t_s);

void margins_row(margins_t *m, double *const row[TRACE_FILES], double t_s, const unsigned char *present,
                 const unsigned char *flowing) {
  for (int k = 0; k < LIM_COUNT_; k++) {
    /* offer's test, with the limit's sense and its worst so far at hand:
     * nearly every sample offers nothing new */
    int floor = LIMITS[k].floor;
    double worst_margin = m->res[k].margin;
    for (size_t j = 0; j < m->ncells[k]; j++) {
      const cell_t *c = &m->cells[k][j];
      double v = row[c->file][c->col], margin = floor ? v - c->limit : c->limit - v;
      if (!(margin < worst_margin) || !isfinite(v)) continue;
      if (c->slot >= 0 && !present[c->slot]) continue;
      if (c->device >= 0 && !flowing[c->device]) continue;
      offer(m, (limit_id_t)k, v, c->limit, c->zero, t_s, c->where);
      worst_margin = m->res[k].margin;
    }
  }
  psu_row(m, row, t_s);
  settle_row(m, row, t_s);
}

void margins_pump_n1(margins_t *m, double min_q_m3s, const char *where, double at_s) {
  offer(m, LIM_PUMP_N1, min_q_m3s * LIMITS[LIM_PUMP_N1].per_si, m->t->lim_branch_flow_m3s * 60e3, 0, at_s, where);
}

/* ---- settling ---- */

static void settle_open(margins_t *m, double from_s, const char *what, double v) {
  if (m->nsettle == SETTLE_MAX) return;
  settle_result_t *s = &m->settle[m->nsettle++];
  s->from_s = from_s;
  snprintf(s->event, sizeof s->event, "%s", what);
  m->ref_c = v;
  m->since_s = from_s;
}

static void settle_close(margins_t *m, double end_s) {
  if (m->nsettle == 0) return;
  settle_result_t *s = &m->settle[m->nsettle - 1];
  s->settle_s = m->since_s - s->from_s;
  s->settled = end_s - m->since_s >= sim_to_s(m->t->settle_hold) - 1e-12;
}

/* A stretch starts at 0 and at each distinct scenario time; within one,
 * the reference moves to the hottest junction whenever it leaves the band
 * around it, and the stretch settled when it last moved. */
static void settle_row(margins_t *m, double *const row[TRACE_FILES], double t_s) {
  if (m->maxj_col < 0) return;
  double v = row[TRACE_SWITCH][m->maxj_col];
  const topo_t *t = m->t;
  if (m->nsettle == 0) settle_open(m, 0, "start", v);
  while (m->next_event < t->nscenario && sim_to_s(t->scenario[m->next_event].at) <= t_s) {
    sim_time_t at = t->scenario[m->next_event].at;
    const char *what = schema_event_name(t->scenario[m->next_event].kind);
    while (m->next_event < t->nscenario && t->scenario[m->next_event].at == at) m->next_event++;
    if (sim_to_s(at) > m->settle[m->nsettle - 1].from_s) {
      settle_close(m, sim_to_s(at));
      settle_open(m, sim_to_s(at), what ? what : "event", v);
    }
  }
  if (fabs(v - m->ref_c) > t->settle_band_k) {
    m->ref_c = v;
    m->since_s = t_s;
  }
}

void margins_end(margins_t *m, double end_s) { settle_close(m, end_s); }

const limit_result_t *margins_limit(const margins_t *m, limit_id_t k) { return &m->res[k]; }

int margins_binding(const margins_t *m) {
  int best = -1;
  for (int k = 0; k < LIM_REDUNDANCY_FIRST; k++)
    if (m->res[k].applies && (best < 0 || m->res[k].headroom < m->res[best].headroom)) best = k;
  return best;
}

size_t margins_settling(const margins_t *m, const settle_result_t **out) {
  *out = m->settle;
  return m->nsettle;
}

int limit_find(const char *name) {
  for (int k = 0; k < LIM_COUNT_; k++)
    if (!strcmp(LIMITS[k].name, name)) return k;
  return -1;
}

int limit_decimals(limit_id_t k) {
  const char *u = LIMITS[k].unit;
  return !strcmp(u, "L/min") ? 3 : !strcmp(u, "W") ? 0 : !strcmp(u, "C") ? 1 : 2;
}

void limit_sentence(limit_id_t k, const limit_result_t *r, char *buf, size_t n) {
  const limit_def *d = &LIMITS[k];
  int dec = limit_decimals(k);
  const char *side = r->margin < 0 ? "past" : d->floor ? "above" : "under";
  if (r->margin < 0) side = d->floor ? "below" : "over";
  if (r->margin >= 0)
    snprintf(buf, n,
             "%s binds first: %s %s %.*f %s at %.2f s, %.*f %s %s its limit of %.*f %s (%.0f %% of its range left).",
             d->label, r->where, d->reach, dec, r->worst, d->unit, r->at_s, dec, fabs(r->margin), d->margin_unit, side,
             dec, r->limit, d->unit, 100 * r->headroom);
  else
    snprintf(buf, n, "%s is exceeded: %s %s %.*f %s at %.2f s, %.*f %s %s its limit of %.*f %s.", d->label, r->where,
             d->reach, dec, r->worst, d->unit, r->at_s, dec, fabs(r->margin), d->margin_unit, side, dec, r->limit,
             d->unit);
}
