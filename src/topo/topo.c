/*
 * topo.c: topology loader: YAML tree → typed, validated topo_t.
 * Every key is a row of the schema table (schema.c): its dimension,
 * default, bounds and destination come from there. What is here: the values
 * with a syntax of their own, the variants, references to names, and the
 * checks that span keys. Every problem is collected (not just
 * the first) and reported with its line and column; a problem leaves the
 * caller with NULL, never a half-filled topology.
 */
#include "topo.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hydraulics.h"
#include "topo/schema.h"
#include "units.h"
#include "util/fileio.h"
#include "util/numeric.h"
#include "ynode.h"

/* ---- errors ---------------------------------------------------------- */

void topo_errs_init(topo_errs_t *e, const char *file) {
  memset(e, 0, sizeof *e);
  e->file = file;
}

void topo_errs_free(topo_errs_t *e) {
  free(e->v);
  e->v = NULL;
  e->n = e->cap = 0;
}

void topo_errs_add(topo_errs_t *e, int line, int col, const char *fmt, ...) {
  if (e->n == e->cap) {
    e->cap = e->cap ? e->cap * 2 : 8;
    topo_err_t *v = realloc(e->v, e->cap * sizeof *v);
    if (!v) abort();
    e->v = v;
  }
  topo_err_t *x = &e->v[e->n++];
  x->line = line;
  x->col = col;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(x->msg, sizeof x->msg, fmt, ap);
  va_end(ap);
}

static int topo__errcmp(const void *a, const void *b) {
  const topo_err_t *x = a, *y = b;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  if (x->col != y->col) return x->col < y->col ? -1 : 1;
  return 0;
}

void topo_errs_print(const topo_errs_t *e, void *stream) {
  /* Sort a copy so the original order (stable) breaks ties. */
  topo_err_t *v = malloc((e->n ? e->n : 1) * sizeof *v);
  if (!v) abort();
  if (e->n) memcpy(v, e->v, e->n * sizeof *v);
  sort_stable(v, e->n, sizeof *v, topo__errcmp);
  for (size_t i = 0; i < e->n; i++)
    fprintf((FILE *)stream, "%s:%d:%d: %s\n", e->file ? e->file : "-", v[i].line, v[i].col, v[i].msg);
  free(v);
}

/* ---- loader helpers ------------------------------------------------------ */

typedef struct ld {
  topo_errs_t *e;
  topo_expect_check_fn check_expect; /* NULL: expect lines are kept unchecked */
} ld;

#define ERR(L, node, ...) topo_errs_add((L)->e, (node)->line, (node)->col, __VA_ARGS__)

static size_t lev(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 40 || lb > 40) return 99;
  size_t d[41][41];
  for (size_t i = 0; i <= la; i++) d[i][0] = i;
  for (size_t j = 0; j <= lb; j++) d[0][j] = j;
  for (size_t i = 1; i <= la; i++)
    for (size_t j = 1; j <= lb; j++) {
      size_t c = d[i - 1][j - 1] + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
      size_t x = d[i - 1][j] + 1, y = d[i][j - 1] + 1;
      d[i][j] = c < x ? (c < y ? c : y) : (x < y ? x : y);
    }
  return d[la][lb];
}

/* The closest name within reach, or NULL. */
static const char *closest(const char *w, const char *const *names, size_t n) {
  const char *best = NULL;
  size_t bd = 99;
  for (size_t i = 0; i < n; i++) {
    size_t d = lev(w, names[i]);
    if (d < bd) bd = d, best = names[i];
  }
  size_t lim = strlen(w) / 3 + 1;
  if (lim > 3) lim = 3;
  return bd <= lim ? best : NULL;
}

/* Report keys of map not consumed by the loader, with a suggestion. */
static void unknown_keys(ld *L, ynode *map, const char *where, const char *const *allowed, size_t n) {
  if (!map || map->kind != YN_MAP) return;
  for (size_t i = 0; i < ynode_pairs(map); i++) {
    ynode *k = ynode_key(map, i);
    if (k->used) continue;
    const char *s = closest(k->str, allowed, n);
    if (s)
      ERR(L, k, "unknown key '%s' in %s; did you mean '%s'?", k->str, where, s);
    else
      ERR(L, k, "unknown key '%s' in %s", k->str, where);
  }
}
static const char *kind_name(ynode_kind k) { return k == YN_MAP ? "a mapping" : k == YN_SEQ ? "a list" : "a value"; }

static int want_kind(ld *L, ynode *n, ynode_kind k, const char *what) {
  if (!n) return 0;
  if (n->kind == k) return 1;
  ERR(L, n, "%s must be %s, not %s", what, kind_name(k), kind_name(n->kind));
  return 0;
}

/* Where a missing key would go: the mapping that lacks it. */
static void missing(ld *L, ynode *map, const char *key, const char *where, const char *example) {
  ERR(L, map, "missing key '%s' in %s (for example %s: %s)", key, where, key, example);
}

typedef struct {
  double lo, hi;
  int lo_open;     /* lo is excluded */
  const char *why; /* NULL, or why: the out-of-range message says it */
} bounds;

/* Bounds that other keys narrow (no reason given: the message names them). */
static bounds within(double lo, double hi, int lo_open) { return (bounds){lo, hi, lo_open, NULL}; }

/* Read a quantity. Returns 1 if it was given, 0 if absent (out = def), -1 bad. */
static int qty(ld *L, ynode *map, const char *key, unit_dim dim, double def, bounds b, double *out, const char *where) {
  *out = def;
  ynode *n = ynode_get(map, key);
  if (!n) return 0;
  if (n->kind != YN_SCALAR) {
    ERR(L, n, "%s.%s must be a %s such as '%s', not %s", where, key, unit_dim_name(dim), unit_dim_example(dim),
        kind_name(n->kind));
    return -1;
  }
  char msg[256];
  double v;
  if (unit_parse(n->str, dim, &v, msg, sizeof msg)) {
    ERR(L, n, "%s.%s: %s", where, key, msg);
    return -1;
  }
  if ((b.lo_open ? v <= b.lo : v < b.lo) || v > b.hi) {
    char lo[64], hi[64];
    unit_format(b.lo, dim, lo, sizeof lo);
    unit_format(b.hi, dim, hi, sizeof hi);
    ERR(L, n, "%s.%s = %s is out of range: it must be %s %s and at most %s%s%s%s", where, key, n->str,
        b.lo_open ? "above" : "at least", lo, hi, b.why ? " (" : "", b.why ? b.why : "", b.why ? ")" : "");
    return -1;
  }
  *out = v;
  return 1;
}

static int time_ps(ld *L, ynode *map, const char *key, double def_s, bounds b, sim_time_t *out, const char *where) {
  double s;
  int r = qty(L, map, key, DIM_TIME, def_s, b, &s, where);
  if (r < 0) return -1;
  *out = sim_from_s(s);
  /* The bounds hold for the time as simulated, in whole picoseconds, too:
   * 0.4 ps is not a duration. */
  double ps_lo = b.lo * SIM_PS_PER_S;
  if (r > 0 && (b.lo_open ? (double)*out <= ps_lo : (double)*out < ps_lo)) {
    ynode *n = ynode_get(map, key);
    ERR(L, n, "%s.%s = %s rounds to %llu ps (time is counted in whole picoseconds): it must be %s %.6g s", where, key,
        n->str, (unsigned long long)*out, b.lo_open ? "above" : "at least", b.lo);
    return -1;
  }
  return r;
}

/* A non-negative integer. */
static int integer(ld *L, ynode *map, const char *key, long def, long lo, long hi, long *out, const char *where) {
  *out = def;
  ynode *n = ynode_get(map, key);
  if (!n) return 0;
  long v = 0;
  if (n->kind != YN_SCALAR || unit_parse_long(n->str, &v)) {
    ERR(L, n, "%s.%s must be a whole number", where, key);
    return -1;
  }
  if (v < lo || v > hi) {
    ERR(L, n, "%s.%s = %ld is out of range: it must be from %ld to %ld", where, key, v, lo, hi);
    return -1;
  }
  *out = v;
  return 1;
}

static int choice(ld *L, ynode *map, const char *key, const char *const *names, size_t nn, int def, int *out,
                  const char *where) {
  *out = def;
  ynode *n = ynode_get(map, key);
  if (!n) return 0;
  if (n->kind == YN_SCALAR)
    for (size_t i = 0; i < nn; i++)
      if (!strcmp(n->str, names[i])) {
        *out = (int)i;
        return 1;
      }
  char list[200] = "";
  for (size_t i = 0; i < nn; i++) {
    strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
    strncat(list, names[i], sizeof list - strlen(list) - 1);
  }
  const char *s = n->kind == YN_SCALAR ? closest(n->str, names, nn) : NULL;
  if (s)
    ERR(L, n, "%s.%s: unknown value '%s'; did you mean '%s'? (one of %s)", where, key, n->str, s, list);
  else
    ERR(L, n, "%s.%s must be one of %s", where, key, list);
  return -1;
}

/* ---- names ----------------------------------------------------------- */

int topo_name_ok(const char *s, char *why, size_t n) {
  size_t len = strlen(s);
  if (len < 1 || len > TOPO_NAME_MAX) {
    snprintf(why, n, "must be 1 to %d characters, not %zu", TOPO_NAME_MAX, len);
    return 0;
  }
  if (!strcmp(s, ".") || !strcmp(s, "..")) {
    snprintf(why, n, "may not be '.' or '..'");
    return 0;
  }
  for (const char *c = s; *c; c++)
    if (!isalnum((unsigned char)*c) && !strchr("_.+-", *c)) {
      snprintf(why, n, "may hold only letters, digits, '_', '.', '+' and '-' (it names files and columns)");
      return 0;
    }
  return 1;
}

/* A name from node n into out (TOPO_NAME_MAX + 1 bytes), or an error at n. */
static int name_at(ld *L, ynode *n, const char *what, char *out) {
  char why[160];
  if (n->kind != YN_SCALAR) {
    ERR(L, n, "%s must be a name, not %s", what, kind_name(n->kind));
    return -1;
  }
  if (!topo_name_ok(n->str, why, sizeof why)) {
    char shown[81]; /* control characters shown as '?': a message stays one line */
    size_t i = 0;
    for (; n->str[i] && i < sizeof shown - 1; i++) shown[i] = (unsigned char)n->str[i] < 0x20 ? '?' : n->str[i];
    shown[i] = 0;
    ERR(L, n, "%s '%s' %s", what, shown, why);
    return -1;
  }
  snprintf(out, TOPO_NAME_MAX + 1, "%s", n->str);
  return 0;
}

/* ---- sections -------------------------------------------------------- */

/* One key of the table from map into base: 1 given, 0 absent (the default
 * stays; a required key is reported missing), -1 bad (reported; the default
 * stays). Bounds b: the row's, or narrower ones that depend on other keys. */
static int read_key_within(ld *L, ynode *map, const schema_key_t *k, void *base, const char *where, bounds b) {
  double cur = schema_get(k, base);
  int r;
  switch (k->type) {
    case SK_QTY: {
      double v;
      r = qty(L, map, k->key, k->dim, cur, b, &v, where);
      schema_set(k, base, v);
      break;
    }
    case SK_TIME: {
      sim_time_t ps;
      memcpy(&ps, (char *)base + k->offset, sizeof ps);
      r = time_ps(L, map, k->key, cur, b, &ps, where);
      memcpy((char *)base + k->offset, &ps, sizeof ps);
      break;
    }
    case SK_INT: {
      long v;
      r = integer(L, map, k->key, (long)cur, (long)b.lo, (long)b.hi, &v, where);
      if (r >= 0) schema_set(k, base, (double)v);
      break;
    }
    default: {
      const char *names[SCHEMA_MAX_CHOICES];
      int idx = 0, n = k->nchoices < SCHEMA_MAX_CHOICES ? k->nchoices : SCHEMA_MAX_CHOICES;
      for (int i = 0; i < n; i++) {
        names[i] = k->choices[i].name;
        if (k->choices[i].value == (int)cur) idx = i;
      }
      r = choice(L, map, k->key, names, (size_t)n, idx, &idx, where);
      if (r >= 0) schema_set(k, base, k->choices[idx].value);
    }
  }
  if (r == 0 && k->required) missing(L, map, k->key, where, k->example);
  return r;
}

static int read_key(ld *L, ynode *map, const schema_key_t *k, void *base, const char *where) {
  const bounds b = {k->lo, k->hi, k->lo_open, k->bound_why};
  return read_key_within(L, map, k, base, where, b);
}

/* The row of a section by name: a name missing from the table is a bug here. */
static const schema_key_t *schema_row(int section, const char *key) {
  const schema_key_t *k = schema_key(section, key);
  if (!k) {
    fprintf(stderr, "xposim: internal error: no key %s in %s of the schema table\n", key,
            SCHEMA_SECTIONS[section].path);
    abort();
  }
  return k;
}

/* One row read by hand into its field (a hand row: its bounds are narrowed
 * by other keys, or its value picks a variant). */
static int read_row(ld *L, ynode *map, int section, const char *key, void *base, const char *where) {
  return read_key(L, map, schema_row(section, key), base, where);
}

static int read_row_within(ld *L, ynode *map, int section, const char *key, void *base, const char *where, bounds b) {
  return read_key_within(L, map, schema_row(section, key), base, where, b);
}

/* One row that lands in no field by itself, into *v (its default: *v). */
static int read_row_value(ld *L, ynode *map, int section, const char *key, const char *where, const bounds *b,
                          double *v) {
  schema_key_t k = *schema_row(section, key);
  k.field = SF_DOUBLE;
  k.offset = 0;
  const bounds own = {k.lo, k.hi, k.lo_open, k.bound_why};
  return read_key_within(L, map, &k, v, where, b ? *b : own);
}

static void schema_map(ld *L, ynode *parent, const char *key, int section, void *base, const char *where);

/* Every key of a section the table reads (not by hand) that applies to the
 * variant, from map into base, nested mappings whole; results: each row's
 * result (may be NULL). */
static void schema_read_of(ld *L, ynode *map, int section, const char *variant, const char *where, void *base,
                           int *results) {
  const schema_key_t *k;
  size_t n = schema_keys(section, &k);
  for (size_t i = 0; i < n; i++) {
    int r = 0;
    if (!schema_applies(&k[i], variant)) {
    } else if (schema_is_read(&k[i])) {
      r = read_key(L, map, &k[i], base, where);
    } else if (schema_is_nested(&k[i])) {
      char w[192];
      snprintf(w, sizeof w, "%s.%s", where, k[i].key);
      schema_map(L, map, k[i].key, k[i].sub, (char *)base + k[i].offset, SCHEMA_SECTIONS[k[i].sub].where ? NULL : w);
    }
    if (results) results[i] = r;
  }
}

static void schema_read(ld *L, ynode *map, int section, const char *where, void *base, int *results) {
  schema_read_of(L, map, section, NULL, where, base, results);
}

/* Keys of map nobody read, after everything is read; the keys of the
 * sections' rows that apply to their variants are the ones suggested. */
static void schema_unknown_in(ld *L, ynode *map, const char *where, const int *sections, const char *const *variants,
                              size_t nsections) {
  /* a key of another variant: say which ones take it */
  for (size_t i = 0; map && map->kind == YN_MAP && i < ynode_pairs(map); i++) {
    ynode *key = ynode_key(map, i);
    for (size_t s = 0; s < nsections && !key->used; s++) {
      const schema_key_t *k = schema_key(sections[s], key->str);
      if (k && !schema_applies(k, variants[s])) {
        ERR(L, key, "key '%s' in %s applies only to: %s", key->str, where, k->only);
        key->used = 1;
      }
    }
  }
  const char *known[96];
  size_t nk = 0;
  for (size_t s = 0; s < nsections; s++) {
    const schema_key_t *k;
    size_t n = schema_keys(sections[s], &k);
    for (size_t i = 0; i < n && nk < 96; i++)
      if (schema_applies(&k[i], variants[s])) known[nk++] = k[i].key;
  }
  unknown_keys(L, map, where, known, nk);
}

static void schema_unknown(ld *L, ynode *map, int section, const char *variant, const char *where) {
  schema_unknown_in(L, map, where, &section, &variant, 1);
}

/* A mapping of table keys only, under parent: read it whole, if given.
 * where: as messages name it (NULL: the section's own name). */
static void schema_map(ld *L, ynode *parent, const char *key, int section, void *base, const char *where) {
  if (!where) where = SCHEMA_SECTIONS[section].where;
  ynode *m = ynode_get(parent, key);
  if (!m || !want_kind(L, m, YN_MAP, where)) return;
  schema_read(L, m, section, where, base, NULL);
  schema_unknown(L, m, section, NULL, where);
}

/* Defaults [est]: an XPO module's four heat-source groups between two
 * paddle cards on one internal plate (docs/models.md), and an ASIC die. */
void topo_default_module_thermal(thermal_plate_cfg_t *t) {
  memset(t, 0, sizeof *t);
  t->nsources = 4;
  t->src[0] = (thermal_source_cfg_t){"dsp", 0.50, 10, 0.08, 15, 0.04};
  t->src[1] = (thermal_source_cfg_t){"laser_driver", 0.30, 5, 0.15, 10, 0.06};
  t->src[2] = (thermal_source_cfg_t){"tia", 0.12, 2, 0.30, 5, 0.10};
  t->src[3] = (thermal_source_cfg_t){"controller", 0.08, 2, 0.50, 5, 0.20};
  schema_defaults(SCH_MODULE_THERMAL, t);
}

void topo_default_asic_thermal(thermal_plate_cfg_t *t) {
  memset(t, 0, sizeof *t);
  t->nsources = 1;
  t->src[0] = (thermal_source_cfg_t){"die", 1.0, 60, 0.03, 0, 0};
  schema_defaults(SCH_ASIC_THERMAL, t);
}

/* (thermal).r_table: [flow, resistance] pairs, flows increasing. */
static void load_r_table(ld *L, ynode *m, thermal_plate_cfg_t *t, const char *where) {
  ynode *tb = ynode_get(m, "r_table");
  if (!tb || !want_kind(L, tb, YN_SEQ, "r_table")) return;
  if (tb->n < 2 || tb->n > 8) ERR(L, tb, "%s.r_table needs 2 to 8 [flow, resistance] pairs", where);
  for (size_t i = 0; i < tb->n && i < 8; i++) {
    ynode *pr = tb->items[i];
    char msg[256];
    double q, r;
    if (pr->kind != YN_SEQ || pr->n != 2 || pr->items[0]->kind != YN_SCALAR || pr->items[1]->kind != YN_SCALAR) {
      ERR(L, pr, "%s.r_table[%zu] must be a pair such as [0.5 L/min, 0.03 K/W]", where, i);
      continue;
    }
    if (unit_parse(pr->items[0]->str, DIM_FLOW, &q, msg, sizeof msg) || !(q > 0)) {
      ERR(L, pr->items[0], "%s.r_table[%zu]: %s", where, i, q > 0 ? msg : "the flow must be above 0");
      continue;
    }
    if (unit_parse(pr->items[1]->str, DIM_THERMAL_R, &r, msg, sizeof msg) || !(r > 0)) {
      ERR(L, pr->items[1], "%s.r_table[%zu]: %s", where, i, r > 0 ? msg : "the resistance must be above 0");
      continue;
    }
    if (i > 0 && q <= t->table_flow_m3_per_s[i - 1]) ERR(L, pr, "%s.r_table: flows must increase", where);
    t->table_flow_m3_per_s[i] = q;
    t->table_r_k_per_w[i] = r;
    t->ntable = (int)i + 1;
  }
}

/* (thermal).sources: the heat sources sharing the plate, shares adding to 1. */
static void load_sources(ld *L, ynode *srcs, thermal_plate_cfg_t *t, const char *where) {
  if (srcs->n < 1 || srcs->n > THERMAL_MAX_SOURCES) {
    ERR(L, srcs, "%s.sources: 1 to %d heat sources", where, THERMAL_MAX_SOURCES);
    return;
  }
  t->nsources = 0;
  double sum = 0;
  const int share = schema_index(SCH_THERMAL_SOURCE, "share");
  for (size_t i = 0; i < srcs->n; i++) {
    ynode *x = srcs->items[i];
    char w[160];
    snprintf(w, sizeof w, "%s.sources[%zu]", where, i);
    if (!want_kind(L, x, YN_MAP, w)) continue;
    thermal_source_cfg_t *c = &t->src[t->nsources++];
    memset(c, 0, sizeof *c);
    schema_defaults(SCH_THERMAL_SOURCE, c);
    ynode *nm = ynode_get(x, "name");
    snprintf(c->name, sizeof c->name, "source");
    if (nm) name_at(L, nm, "a thermal source name", c->name);
    int res[8];
    schema_read(L, x, SCH_THERMAL_SOURCE, w, c, res);
    if (res[share] > 0) sum += c->share;
    schema_unknown(L, x, SCH_THERMAL_SOURCE, NULL, w);
  }
  if (t->nsources == (int)srcs->n && fabs(sum - 1) > 1e-6)
    ERR(L, srcs, "%s.sources: the shares add up to %.6g, not 1", where, sum);
}

static void load_thermal(ld *L, ynode *m, int section, thermal_plate_cfg_t *t, const char *where) {
  schema_read(L, m, section, where, t, NULL);
  load_r_table(L, m, t, where);
  ynode *cj = ynode_get(m, "c_junction"), *rj = ynode_get(m, "r_junction_plate"), *srcs = ynode_get(m, "sources");
  if ((cj || rj) && srcs)
    ERR(L, srcs, "%s: give either sources or c_junction/r_junction_plate (one lumped die)", where);
  if (cj || rj) { /* one lumped die on the plate */
    thermal_source_cfg_t d = {
        "die", 1.0, schema_row(section, "c_junction")->def, schema_row(section, "r_junction_plate")->def, 0, 0};
    if (cj) read_row_value(L, m, section, "c_junction", where, NULL, &d.c_junction_j_per_k);
    if (rj) read_row_value(L, m, section, "r_junction_plate", where, NULL, &d.r_junction_case_k_per_w);
    t->nsources = 1;
    t->src[0] = d;
  }
  if (srcs && want_kind(L, srcs, YN_SEQ, "sources")) load_sources(L, srcs, t, where);
  schema_unknown(L, m, section, NULL, where);
}

static void load_lane(ld *L, ynode *m, lane_cfg_t *c, const char *where) {
  schema_read(L, m, SCH_LANE, where, c, NULL);
  schema_unknown(L, m, SCH_LANE, NULL, where);
  if (c->fec.rs_k >= c->fec.rs_n || (c->fec.rs_n - c->fec.rs_k) / 2 > FEC_T_MAX) {
    ERR(L, m, "%s: RS(n, k) needs k < n and (n - k)/2 <= %d", where, FEC_T_MAX);
    c->fec.rs_k = c->fec.rs_n - 2;
  }
}

/* module_types.NAME.line: its kind's defaults, then what the file gives. */
static void load_line(ld *L, ynode *m, topo_module_type_t *t, const char *where) {
  line_defaults(t->power.kind, &t->line);
  char wl[128];
  snprintf(wl, sizeof wl, "%s.line", where);
  ynode *ln = ynode_get(m, "line");
  if (!ln || !want_kind(L, ln, YN_MAP, wl)) return;
  schema_read(L, ln, SCH_LINE, wl, &t->line, NULL);
  schema_unknown(L, ln, SCH_LINE, NULL, wl);
}

/* "8x1.6T", "16x800G": port count and rate. */
static int parse_breakout(const char *s, int *n, double *rate) {
  char *end;
  long c = strtol(s, &end, 10);
  if (end == s || c <= 0 || c > LANE_MAX_PER_MODULE || (*end && *end != 'x' && *end != 'X')) return -1;
  if (!*end) { /* just a count: the rate follows from the lanes */
    *n = (int)c;
    *rate = 0;
    return 0;
  }
  const char *r = end + 1;
  double v = strtod(r, &end);
  if (end == r || !(v > 0) || !isfinite(v)) return -1;
  double scale;
  if (!strcmp(end, "T") || !strcmp(end, "Tb/s"))
    scale = 1e12;
  else if (!strcmp(end, "G") || !strcmp(end, "Gb/s"))
    scale = 1e9;
  else
    return -1;
  *n = (int)c;
  *rate = v * scale;
  return 0;
}

/* module_types.NAME.ports: a breakout the lanes split into. */
static void load_ports(ld *L, ynode *m, topo_module_type_t *t, const char *where) {
  ynode *p = ynode_get(m, "ports");
  if (!p) {
    missing(L, m, "ports", where, t->lane.cls == LANE_448G ? "8x3.2T" : "8x1.6T");
  } else if (p->kind != YN_SCALAR || parse_breakout(p->str, &t->ports.nports, &t->ports.rate_bps)) {
    ERR(L, p, "%s.ports must be a breakout such as 8x1.6T, 4x3.2T or 16x800G, or a port count such as 8", where);
  } else if (t->lanes % t->ports.nports) {
    ERR(L, p, "%s.ports: %d lanes do not split into %d equal ports", where, t->lanes, t->ports.nports);
  } else {
    t->ports.lanes_per_port = t->lanes / t->ports.nports;
    double want = t->ports.lanes_per_port * t->lane.payload_bps;
    if (t->ports.rate_bps == 0) t->ports.rate_bps = want;
    if (fabs(want - t->ports.rate_bps) > 1e-9 * want)
      ERR(L, p, "%s.ports = %s: %d lanes of %s (%g Gb/s payload) make %g Gb/s ports, not %g Gb/s", where, p->str,
          t->ports.lanes_per_port, lane_class_name(t->lane.cls), t->lane.payload_bps / 1e9, want / 1e9,
          t->ports.rate_bps / 1e9);
  }
}

/* module_types.NAME.power.components: a kind's components changed, or new
 * ones added, by name. */
static void load_components(ld *L, ynode *cs, module_power_cfg_t *pw, const char *w2) {
  for (size_t i = 0; i < ynode_pairs(cs); i++) {
    ynode *k = ynode_key(cs, i), *v = ynode_val(cs, i);
    k->used = 1;
    power_component_cfg_t *c = NULL;
    for (int j = 0; j < pw->n; j++)
      if (!strcmp(pw->c[j].name, k->str)) c = &pw->c[j];
    if (!c) {
      if (pw->n == POWER_MAX_COMPONENTS) {
        ERR(L, k, "%s.components: at most %d components", w2, POWER_MAX_COMPONENTS);
        continue;
      }
      c = &pw->c[pw->n++];
      memset(c, 0, sizeof *c);
      if (name_at(L, k, "a power component name", c->name)) continue;
      memcpy(c->source, c->name, sizeof c->source);
      schema_defaults(SCH_POWER_COMPONENT, c);
    }
    char w3[192];
    snprintf(w3, sizeof w3, "%s.components.%.40s", w2, k->str);
    if (!want_kind(L, v, YN_MAP, w3)) continue;
    schema_read(L, v, SCH_POWER_COMPONENT, w3, c, NULL);
    ynode *sr = ynode_get(v, "source");
    if (sr) name_at(L, sr, "a power component's source", c->source);
    schema_unknown(L, v, SCH_POWER_COMPONENT, NULL, w3);
  }
}

/* The cap must hold at full traffic with leakage at its reference. */
static void check_module_cap(ld *L, ynode *at, const topo_module_type_t *t, const char *w2) {
  if (t->ports.nports <= 0) return;
  double full = 0;
  for (int i = 0; i < t->power.n; i++)
    full += power_component_w(&t->power.c[i], t->lanes, t->lanes * t->lane.payload_bps, t->power.c[i].leak_ref_c, NULL);
  full /= t->power.dcdc_efficiency;
  if (full > t->power.max_w + 1e-9)
    ERR(L, at, "%s: the module draws %.1f W at full traffic (leakage at its reference), above its cap of %.1f W", w2,
        full, t->power.max_w);
}

/* module_types.NAME.power: a kind's components (the variant `components`),
 * or one lumped component (`lumped`); the cap, checked at full traffic. */
static void load_module_power(ld *L, ynode *m, topo_module_type_t *t, const char *where) {
  module_power_cfg_t *pw = &t->power;
  module_components_defaults(MODULE_DSP, pw);
  char w2[128];
  snprintf(w2, sizeof w2, "%s.power", where);
  ynode *pm = ynode_get(m, "power");
  if (pm && want_kind(L, pm, YN_MAP, w2)) {
    if (read_row(L, pm, SCH_MODULE_POWER, "kind", pw, w2) > 0) module_components_defaults(pw->kind, pw);
    int lumped = ynode_get(pm, "static") || ynode_get(pm, "energy_per_bit") || ynode_get(pm, "leakage");
    if (lumped && ynode_get(pm, "kind"))
      ERR(L, ynode_get(pm, "kind"),
          "%s: kind picks a module kind's power components; static, energy_per_bit and leakage give one lumped "
          "module power instead: give one or the other",
          w2);
    if (lumped) { /* one component: the module's input power as given */
      module_components_defaults(pw->kind, pw);
      pw->n = 1;
      pw->dcdc_efficiency = 1;
      memset(&pw->c[0], 0, sizeof pw->c[0]);
      snprintf(pw->c[0].name, sizeof pw->c[0].name, "module");
      schema_defaults_of(SCH_MODULE_POWER, "lumped", pw);
      if (ynode_get(pm, "components"))
        ERR(L, ynode_get(pm, "components"), "%s: give either components or static/energy_per_bit/leakage", w2);
    }
    ynode *cs = ynode_get(pm, "components");
    if (cs && !lumped && want_kind(L, cs, YN_MAP, "components")) load_components(L, cs, pw, w2);
    schema_read_of(L, pm, SCH_MODULE_POWER, lumped ? "lumped" : "components", w2, pw, NULL);
    schema_unknown(L, pm, SCH_MODULE_POWER, "*", w2);
  }
  check_module_cap(L, pm ? pm : m, t, w2);
}

/* module_types.NAME.laser, after its plate: source is the heat source the
 * lasers sit at. The default, laser_driver, falls back to the hottest
 * junction on a plate without it; a name the file gives must be one of
 * the plate's sources. */
static void load_laser(ld *L, ynode *m, topo_module_type_t *t, const char *where) {
  schema_defaults(SCH_LASER, &t->laser);
  snprintf(t->laser.source, sizeof t->laser.source, "laser_driver");
  char w[128], what[160];
  snprintf(w, sizeof w, "%s.laser", where);
  snprintf(what, sizeof what, "%s.source", w);
  ynode *lz = ynode_get(m, "laser"), *src = NULL;
  if (lz && want_kind(L, lz, YN_MAP, w)) {
    schema_read(L, lz, SCH_LASER, w, &t->laser, NULL);
    src = ynode_get(lz, "source");
    schema_unknown(L, lz, SCH_LASER, NULL, w);
  }
  if (src && name_at(L, src, what, t->laser.source)) return;
  if (t->laser.bias_a < t->laser.threshold_a)
    ERR(L, lz ? lz : m, "%s.laser: bias_current must be at least threshold_current", where);
  t->laser_node = -1;
  for (int k = 0; k < t->thermal.nsources; k++)
    if (!strcmp(t->thermal.src[k].name, t->laser.source)) t->laser_node = k;
  if (src && t->laser_node < 0) ERR(L, src, "%s: '%s' is not a heat source of its plate", what, t->laser.source);
}

static void load_module_type(ld *L, ynode *key, ynode *m, topo_module_type_t *t) {
  char where[96];
  snprintf(where, sizeof where, "module_types.%.60s", key->str);
  if (name_at(L, key, "module type name", t->name)) return;
  if (!want_kind(L, m, YN_MAP, where)) return;
  schema_defaults(SCH_MODULE_TYPE, t);
  read_row(L, m, SCH_MODULE_TYPE, "lane_rate", t, where);
  lane_class_t cls = t->lane.cls;
  lane_defaults(cls, &t->lane);
  schema_read(L, m, SCH_MODULE_TYPE, where, t, NULL);
  char wl[128];
  snprintf(wl, sizeof wl, "%s.lane", where);
  ynode *ln = ynode_get(m, "lane");
  if (ln && want_kind(L, ln, YN_MAP, wl)) load_lane(L, ln, &t->lane, wl);
  load_ports(L, m, t, where);
  load_module_power(L, m, t, where);
  load_line(L, m, t, where);
  char w2[128];
  topo_default_module_thermal(&t->thermal);
  snprintf(w2, sizeof w2, "%s.thermal", where);
  ynode *tm = ynode_get(m, "thermal");
  if (tm && want_kind(L, tm, YN_MAP, w2)) load_thermal(L, tm, SCH_MODULE_THERMAL, &t->thermal, w2);
  load_laser(L, m, t, where);
  schema_unknown(L, m, SCH_MODULE_TYPE, NULL, where);
}

static int find_type(const topo_t *t, const char *name) {
  for (size_t i = 0; i < t->ntypes; i++)
    if (!strcmp(t->types[i].name, name)) return (int)i;
  return -1;
}

static void unknown_type(ld *L, const topo_t *t, ynode *n) {
  const char *names[TOPO_MAX_TYPES];
  for (size_t i = 0; i < t->ntypes; i++) names[i] = t->types[i].name;
  const char *s = closest(n->str, names, t->ntypes);
  if (s)
    ERR(L, n, "module type '%s' is not defined in module_types; did you mean '%s'?", n->str, s);
  else
    ERR(L, n, "module type '%s' is not defined in module_types", n->str);
}

/* "all" or a list of indices below lim, into mask. Returns 0 or -1. */
static int index_set(ld *L, ynode *n, size_t lim, uint8_t *mask, const char *what) {
  memset(mask, 0, lim);
  if (!n || (n->kind == YN_SCALAR && !strcmp(n->str, "all"))) {
    memset(mask, 1, lim);
    return 0;
  }
  if (n->kind == YN_SCALAR) {
    long v;
    if (!unit_parse_long(n->str, &v) && v >= 0 && (size_t)v < lim) {
      mask[v] = 1;
      return 0;
    }
  }
  if (n->kind != YN_SEQ) {
    ERR(L, n, "%s must be 'all' or a list of numbers from 0 to %zu", what, lim ? lim - 1 : 0);
    return -1;
  }
  int bad = 0;
  for (size_t i = 0; i < n->n; i++) {
    ynode *x = n->items[i];
    long v = -1;
    if (x->kind != YN_SCALAR || unit_parse_long(x->str, &v) || v < 0 || (size_t)v >= lim) {
      ERR(L, x, "%s: '%s' is not a number from 0 to %zu", what, x->kind == YN_SCALAR ? x->str : "?", lim ? lim - 1 : 0);
      bad = 1;
      continue;
    }
    mask[v] = 1;
  }
  return bad ? -1 : 0;
}

static void load_profile(ld *L, ynode *m, traffic_profile_t *p, const char *where) {
  schema_defaults(SCH_PROFILE, p);
  read_row(L, m, SCH_PROFILE, "kind", p, where);
  const char *variant = schema_choice_name(schema_row(SCH_PROFILE, "kind"), p);
  int res[16];
  schema_read_of(L, m, SCH_PROFILE, variant, where, p, res);
  if (p->kind == TRAFFIC_RAMP && res[schema_index(SCH_PROFILE, "start")] > 0 &&
      res[schema_index(SCH_PROFILE, "end")] > 0 && p->end <= p->start)
    ERR(L, m, "%s: the ramp must end after it starts", where);
  if (p->kind == TRAFFIC_DAILY && res[schema_index(SCH_PROFILE, "low")] > 0 &&
      res[schema_index(SCH_PROFILE, "high")] > 0 && p->high < p->low)
    ERR(L, m, "%s: the daily profile's high (%g) is below its low (%g)", where, p->high, p->low);
  schema_unknown(L, m, SCH_PROFILE, variant, where);
}

static void load_traffic(ld *L, ynode *seq, topo_t *t) {
  if (!want_kind(L, seq, YN_SEQ, "traffic")) return;
  t->traffic = calloc(seq->n ? seq->n : 1, sizeof *t->traffic);
  if (!t->traffic) abort();
  for (size_t i = 0; i < seq->n; i++) {
    ynode *m = seq->items[i];
    char where[48];
    snprintf(where, sizeof where, "traffic[%zu]", i);
    if (!want_kind(L, m, YN_MAP, where)) continue;
    topo_traffic_t *g = &t->traffic[t->ntraffic++];
    index_set(L, ynode_get(m, "slots"), t->nslots, g->slots, "traffic slots");
    uint8_t pm[TOPO_MAX_PORTS_SELECTABLE];
    int maxp = 0;
    for (size_t s = 0; s < t->nslots; s++) {
      int np = t->types[t->slots[s].type].ports.nports;
      if (np > maxp) maxp = np;
    }
    index_set(L, ynode_get(m, "ports"), (size_t)(maxp > 0 ? maxp : 1), pm, "traffic ports");
    for (int k = 0; k < TOPO_MAX_PORTS_SELECTABLE && k < maxp; k++)
      if (pm[k]) g->ports[k / 64] |= 1ull << (k % 64);
    ynode *pr = ynode_get(m, "profile");
    char w2[64];
    snprintf(w2, sizeof w2, "%s.profile", where);
    if (!pr)
      missing(L, m, "profile", where, schema_row(SCH_TRAFFIC, "profile")->example);
    else if (want_kind(L, pr, YN_MAP, w2))
      load_profile(L, pr, &g->profile, w2);
    schema_unknown(L, m, SCH_TRAFFIC, NULL, where);
  }
}

/* The index of the loop named by node n (an error and -1 if none is). */
static int loop_named(ld *L, ynode *n, const topo_t *t, const char *where) {
  for (size_t i = 0; i < t->nloops; i++)
    if (n->kind == YN_SCALAR && !strcmp(n->str, t->loops[i].name)) return (int)i;
  ERR(L, n, "%s.loop: no coolant loop is named '%s'", where, n->kind == YN_SCALAR ? n->str : "?");
  return -1;
}

/* A coolant fault's loop: the named one, or the only one. */
static const topo_loop_t *event_loop(ld *L, ynode *m, const topo_t *t, scn_event_t *s, const char *where) {
  ynode *lp = ynode_get(m, "loop");
  s->loop = t->nloops == 1 ? 0 : -1;
  if (lp)
    s->loop = loop_named(L, lp, t, where);
  else if (s->loop < 0)
    missing(L, m, "loop", where, t->nloops ? t->loops[0].name : "main");
  return s->loop >= 0 ? &t->loops[s->loop] : NULL;
}

/* pump-fail, pump-restore and leak: a loop, and its pump or the leak's place and orifice. */
static void load_coolant_fault(ld *L, ynode *m, const topo_t *t, scn_event_t *s, const char *where) {
  const topo_loop_t *lo = event_loop(L, m, t, s, where);
  if (s->kind == SCN_LEAK) {
    if (lo && !lo->has_manifold)
      ERR(L, m, "%s: a leak needs a loop with a manifold (segment resistance) to open on", where);
    read_row_within(L, m, SCH_EVENT, "column", s, where, within(0, t->cage.cols - 1, 0));
    double dp = 0, q = 0;
    int a = read_row_value(L, m, SCH_EVENT, "dp", where, NULL, &dp);
    int b = read_row_value(L, m, SCH_EVENT, "flow", where, NULL, &q);
    if (a > 0 && b > 0) s->value2 = coolant_branch_k(dp, q);
  } else {
    if (lo && !lo->pumped) ERR(L, m, "%s: loop '%s' has a regulated flow, no pumps", where, lo->name);
    read_row_within(L, m, SCH_EVENT, "pump", s, where, within(0, lo && lo->npumps ? lo->npumps - 1 : 0, 0));
  }
}

/* A fault on a slot: the slot, and the lane where the fault takes one. */
static void load_slot_fault(ld *L, ynode *m, const topo_t *t, scn_event_t *s, const char *where) {
  read_row_within(L, m, SCH_EVENT, "slot", s, where, within(0, t->nslots ? (double)t->nslots - 1 : 0, 0));
  if (schema_applies(schema_row(SCH_EVENT, "lane"), schema_event_name(s->kind))) {
    int maxl = s->slot >= 0 && (size_t)s->slot < t->nslots ? t->types[t->slots[s->slot].type].lanes - 1 : 0;
    read_row_within(L, m, SCH_EVENT, "lane", s, where, within(0, maxl, 0));
  }
}

/* scenario[i]: its variant (load, supply, or the fault's name) picks its keys. */
static void load_event(ld *L, ynode *m, const topo_t *t, scn_event_t *s, const char *where) {
  if (read_row(L, m, SCH_EVENT, "at", s, where) > 0 && t->duration && s->at > t->duration)
    ERR(L, ynode_get(m, "at"), "%s.at is after the end of the run (duration)", where);
  ynode *load = ynode_get(m, "load"), *sup = ynode_get(m, "supply"), *fa = ynode_get(m, "fault");
  if ((load != NULL) + (sup != NULL) + (fa != NULL) != 1) {
    ERR(L, m, "%s needs exactly one of load, supply or fault", where);
    schema_unknown(L, m, SCH_EVENT, "*", where);
    return;
  }
  s->slot = s->lane = -1;
  s->kind = load ? SCN_LOAD : sup ? SCN_SUPPLY : SCN_LANE_DOWN;
  if (fa) read_row(L, m, SCH_EVENT, "fault", s, where);
  const char *variant = schema_event_name(s->kind);
  if (s->kind == SCN_LOAD) {
    index_set(L, ynode_get(m, "slots"), t->nslots, s->slots, "scenario slots");
  } else if (s->kind == SCN_SUPPLY) {
    read_row_within(L, m, SCH_EVENT, "supply", s, where, within(fluid_freeze_c(t->fluid), t->boiling_c, 1));
    ynode *lp = ynode_get(m, "loop");
    s->loop = lp ? loop_named(L, lp, t, where) : -1; /* every loop's CDU, unless one is named */
  } else if (s->kind == SCN_PSU_FAIL || s->kind == SCN_PSU_RESTORE) {
    read_row_within(L, m, SCH_EVENT, "psu", s, where, within(0, t->psu.count - 1, 0));
  } else if (s->kind == SCN_PUMP_FAIL || s->kind == SCN_PUMP_RESTORE || s->kind == SCN_LEAK) {
    load_coolant_fault(L, m, t, s, where);
  } else if (s->kind < SCN_PART_FIRST) {
    load_slot_fault(L, m, t, s, where);
  } else if ((int)s->kind == FAN_EVENT_FAIL || (int)s->kind == FAN_EVENT_RESTORE) {
    if (t->fans.count == 0)
      ERR(L, m, "%s: a fan fault, but there is no fan tray (switch.fans.count is 0)", where);
    else
      read_row_within(L, m, SCH_EVENT, "fan", s, where, within(0, t->fans.count - 1, 0));
  } else if ((int)s->kind == FW_EVENT_MODULE_RESET) {
    load_slot_fault(L, m, t, s, where);
  } /* otherwise a part's event: its keys are the table's */
  schema_read_of(L, m, SCH_EVENT, variant, where, s, NULL);
  schema_unknown(L, m, SCH_EVENT, variant, where);
}

static void load_scenario(ld *L, ynode *seq, topo_t *t) {
  if (!want_kind(L, seq, YN_SEQ, "scenario")) return;
  if (seq->n > TOPO_MAX_EVENTS) {
    ERR(L, seq, "scenario has %zu events; the limit is %d", seq->n, TOPO_MAX_EVENTS);
    return;
  }
  t->scenario = calloc(seq->n ? seq->n : 1, sizeof *t->scenario);
  if (!t->scenario) abort();
  for (size_t i = 0; i < seq->n; i++) {
    ynode *m = seq->items[i];
    char where[48];
    snprintf(where, sizeof where, "scenario[%zu]", i);
    if (!want_kind(L, m, YN_MAP, where)) continue;
    load_event(L, m, t, &t->scenario[t->nscenario++], where);
  }
  scenario_sort(t->scenario, t->nscenario);
}

static void load_expects(ld *L, ynode *seq, topo_t *t) {
  if (!want_kind(L, seq, YN_SEQ, "expect")) return;
  t->expects = calloc(seq->n ? seq->n : 1, sizeof *t->expects);
  if (!t->expects) abort();
  for (size_t i = 0; i < seq->n; i++) {
    ynode *x = seq->items[i];
    if (x->kind != YN_SCALAR) {
      ERR(L, x, "expect[%zu] must be a text such as \"max_junction_c < 95 C\"", i);
      continue;
    }
    if (strlen(x->str) >= sizeof t->expects[0].text) {
      ERR(L, x, "expect[%zu] is longer than 255 characters", i);
      continue;
    }
    char msg[256];
    int at = 0;
    if (L->check_expect && L->check_expect(x->str, t->nslots, (size_t)t->n_asics, msg, sizeof msg, &at)) {
      /* Point at the offending part when the scalar is on one line. */
      int col = x->col + at + (x->quoted ? 1 : 0);
      topo_errs_add(L->e, x->line, col, "expect[%zu]: %s", i, msg);
      continue;
    }
    topo_expect_t *o = &t->expects[t->nexpects++];
    snprintf(o->text, sizeof o->text, "%s", x->str);
    o->line = x->line;
    o->col = x->col;
  }
}

static void load_slots(ld *L, ynode *n, topo_t *t) {
  ynode *fill = NULL;
  if (n->kind == YN_MAP) {
    fill = ynode_get(n, "fill");
    schema_unknown(L, n, SCH_SLOT_FILL, NULL, "slots");
    if (!fill) {
      missing(L, n, "fill", "slots", schema_row(SCH_SLOT_FILL, "fill")->example);
      return;
    }
    if (fill->kind != YN_SCALAR) {
      ERR(L, fill, "slots.fill must name a module type");
      return;
    }
    int ty = find_type(t, fill->str);
    if (ty < 0) {
      unknown_type(L, t, fill);
      return;
    }
    size_t total = (size_t)t->cage.rows * (size_t)t->cage.cols;
    if (total > TOPO_MAX_SLOTS) {
      ERR(L, fill, "the cage has %zu positions; the limit is %d", total, TOPO_MAX_SLOTS);
      return;
    }
    for (int r = 0; r < t->cage.rows; r++)
      for (int c = 0; c < t->cage.cols; c++) t->slots[t->nslots++] = (topo_slot_t){r, c, ty, -1};
    return;
  }
  if (!want_kind(L, n, YN_SEQ, "slots")) return;
  if (n->n > TOPO_MAX_SLOTS) {
    ERR(L, n, "%zu slots listed; the limit is %d", n->n, TOPO_MAX_SLOTS);
    return;
  }
  int first_line[TOPO_MAX_SLOTS];
  for (size_t i = 0; i < n->n; i++) {
    ynode *m = n->items[i];
    char where[32];
    snprintf(where, sizeof where, "slots[%zu]", i);
    if (!want_kind(L, m, YN_MAP, where)) continue;
    double row = 0, col = 0, asic = -1;
    int okr = read_row_value(L, m, SCH_SLOT, "row", where, &(bounds){0, t->cage.rows - 1, 0, NULL}, &row);
    int okc = read_row_value(L, m, SCH_SLOT, "col", where, &(bounds){0, t->cage.cols - 1, 0, NULL}, &col);
    read_row_value(L, m, SCH_SLOT, "asic", where, &(bounds){0, t->n_asics - 1, 0, NULL}, &asic);
    ynode *ty = ynode_get(m, "type");
    int tix = -1;
    if (!ty)
      missing(L, m, "type", where, schema_row(SCH_SLOT, "type")->example);
    else if (ty->kind != YN_SCALAR)
      ERR(L, ty, "%s.type must name a module type", where);
    else if ((tix = find_type(t, ty->str)) < 0)
      unknown_type(L, t, ty);
    schema_unknown(L, m, SCH_SLOT, NULL, where);
    if (okr <= 0 || okc <= 0 || tix < 0) continue;
    for (size_t k = 0; k < t->nslots; k++)
      if (t->slots[k].row == (int)row && t->slots[k].col == (int)col) {
        ERR(L, m, "%s: row %d, col %d is already taken by the slot at line %d", where, (int)row, (int)col,
            first_line[k]);
        tix = -1;
        break;
      }
    if (tix < 0) continue;
    first_line[t->nslots] = m->line;
    t->slots[t->nslots++] = (topo_slot_t){(int)row, (int)col, tix, (int)asic};
  }
}

/* A CDU's supply temperature at m: `supply`, or `facility` + `approach`
 * (neither: *out keeps its default). */
static void cdu_supply(ld *L, ynode *m, int section, const char *where, const topo_t *t, double *out) {
  const bounds sb = within(fluid_freeze_c(t->fluid), t->boiling_c, 1);
  int hs = read_row_value(L, m, section, "supply", where, &sb, out);
  double fac = 0, appr = 0;
  int hf = read_row_value(L, m, section, "facility", where, &sb, &fac);
  int ha = read_row_value(L, m, section, "approach", where, NULL, &appr);
  if (hs > 0 && (hf > 0 || ha > 0))
    ERR(L, m, "%s: give either supply, or facility and approach (supply = facility + approach)", where);
  else if (hf > 0) {
    *out = fac + appr;
    if (*out >= t->boiling_c) ERR(L, m, "%s: facility + approach reaches boiling", where);
  } else if (ha > 0)
    missing(L, m, "facility", where, "31 C");
}

/* A header run (manifold.segment, manifold.feed): its rating. */
static void load_run(ld *L, ynode *m, topo_run_t *r, const char *w, const char *key) {
  char w2[96];
  snprintf(w2, sizeof w2, "%s.%s", w, key);
  schema_read(L, m, SCH_MANIFOLD_RUN, w2, r, NULL);
  schema_unknown(L, m, SCH_MANIFOLD_RUN, NULL, w2);
}

/* A coolant loop: flow or pumps, manifold, what it serves. shorthand: the
 * keys sit directly under coolant and the loop serves everything. */
static void load_loop(ld *L, ynode *m, topo_t *t, topo_loop_t *lp, const char *where, int shorthand) {
  memset(lp, 0, sizeof *lp);
  ynode *nm = shorthand ? NULL : ynode_get(m, "name");
  snprintf(lp->name, sizeof lp->name, "%s", shorthand ? "main" : "loop");
  if (nm) name_at(L, nm, "a coolant loop name", lp->name);
  int hf = read_row(L, m, SCH_LOOP, "flow", lp, where);
  if (hf > 0) {
    lp->flow_line = ynode_get(m, "flow")->line;
    lp->flow_col = ynode_get(m, "flow")->col;
  }
  ynode *pu = ynode_get(m, "pump"), *pus = ynode_get(m, "pumps");
  if ((pu || pus) && hf > 0)
    ERR(L, pu ? pu : pus, "%s: give either flow (a regulated loop) or pumps, not both", where);
  else if (pu && pus)
    ERR(L, pus, "%s: give either pump or pumps", where);
  else if (pu || pus) {
    ynode *list[TOPO_MAX_PUMPS];
    size_t n = 0;
    if (pu)
      list[n++] = pu;
    else if (want_kind(L, pus, YN_SEQ, "pumps")) {
      if (pus->n < 1 || pus->n > TOPO_MAX_PUMPS) ERR(L, pus, "%s.pumps: 1 to %d pumps", where, TOPO_MAX_PUMPS);
      for (size_t i = 0; i < pus->n && n < TOPO_MAX_PUMPS; i++) list[n++] = pus->items[i];
    }
    for (size_t i = 0; i < n; i++) {
      char w[80];
      snprintf(w, sizeof w, "%s.pump%s", where, pu ? "" : "s[]");
      if (!want_kind(L, list[i], YN_MAP, w)) continue;
      topo_pump_t *p = &lp->pumps[lp->npumps++];
      lp->pumped = 1;
      schema_defaults(SCH_LOOP_PUMP, p);
      schema_read(L, list[i], SCH_LOOP_PUMP, w, p, NULL);
      schema_unknown(L, list[i], SCH_LOOP_PUMP, NULL, w);
    }
  }
  ynode *mf = ynode_get(m, "manifold");
  lp->layout = HYD_REVERSE_RETURN;
  if (mf && mf->kind == YN_SCALAR && !strcmp(mf->str, "ideal")) {
  } else if (mf && want_kind(L, mf, YN_MAP, "manifold")) {
    char w[80];
    snprintf(w, sizeof w, "%s.manifold", where);
    schema_read(L, mf, SCH_MANIFOLD, w, lp, NULL);
    ynode *sg = ynode_get(mf, "segment"), *fd = ynode_get(mf, "feed");
    if (!sg)
      missing(L, mf, "segment", w, schema_row(SCH_MANIFOLD, "segment")->example);
    else if (want_kind(L, sg, YN_MAP, "segment")) {
      load_run(L, sg, &lp->segment, w, "segment");
      lp->has_manifold = 1;
    }
    memset(&lp->feed, 0, sizeof lp->feed);
    if (fd && want_kind(L, fd, YN_MAP, "feed")) load_run(L, fd, &lp->feed, w, "feed");
    schema_unknown(L, mf, SCH_MANIFOLD, NULL, w);
  } else if (mf && mf->kind == YN_SCALAR) {
    ERR(L, mf, "%s.manifold must be 'ideal' or a mapping { layout, segment, feed }", where);
  }
  read_row(L, m, SCH_LOOP, "supply_volume", lp, where);
  read_row(L, m, SCH_LOOP, "return_volume", lp, where);
  lp->supply_c = t->supply_c; /* the shorthand's supply is coolant's own */
  if (!shorthand) cdu_supply(L, m, SCH_LOOP, where, t, &lp->supply_c);
  ynode *ch = ynode_get(m, "chains");
  if (ch && want_kind(L, ch, YN_SEQ, "chains"))
    for (size_t c = 0; c < ch->n; c++) {
      ynode *one = ch->items[c];
      if (one->kind != YN_SEQ || one->n < 2) {
        ERR(L, one, "%s.chains[%zu] must list two or more slots in series, such as [0, 8]", where, c);
        continue;
      }
      int prev = -1;
      for (size_t k = 0; k < one->n; k++) {
        ynode *x = one->items[k];
        long v = -1;
        if (x->kind != YN_SCALAR || unit_parse_long(x->str, &v) || v < 0 || (size_t)v >= t->nslots) {
          ERR(L, x, "%s.chains[%zu]: '%s' is not a slot number from 0 to %zu", where, c,
              x->kind == YN_SCALAR ? x->str : "?", t->nslots ? t->nslots - 1 : 0);
          prev = -1;
          break;
        }
        if (t->slot_prev[v] >= 0 || t->slot_next[v] >= 0 || (prev >= 0 && v == prev)) {
          ERR(L, x, "%s.chains[%zu]: slot %ld is already in a chain", where, c, v);
          prev = -1;
          break;
        }
        if (prev >= 0) {
          t->slot_next[prev] = (int)v;
          t->slot_prev[v] = prev;
        }
        prev = (int)v;
      }
    }
  if (shorthand) {
    memset(lp->slots, 1, sizeof lp->slots);
    memset(lp->asics, 1, sizeof lp->asics);
    return;
  }
  index_set(L, ynode_get(m, "slots"), t->nslots, lp->slots, "loop slots");
  ynode *as = ynode_get(m, "asics");
  if (as && !(as->kind == YN_SCALAR && !strcmp(as->str, "none")))
    index_set(L, as, (size_t)t->n_asics, lp->asics, "loop asics");
  schema_unknown(L, m, SCH_LOOP, "loops", where);
}

/* What the switch firmware does: throttling, power capping, pump control,
 * and the management bus its readings come over. */
static const char *const THROTTLE_STEP_NAMES[THROTTLE_NSTEPS] = {"half-rate", "shed-port", "low-power"};

const char *topo_throttle_step_name(int step) {
  return step >= 0 && step < THROTTLE_NSTEPS ? THROTTLE_STEP_NAMES[step] : "?";
}

static int throttle_step(ld *L, ynode *n) {
  for (int i = 0; n->kind == YN_SCALAR && i < THROTTLE_NSTEPS; i++)
    if (!strcmp(n->str, THROTTLE_STEP_NAMES[i])) return i;
  ERR(L, n, "control.throttle.action: expected half-rate, shed-port or low-power");
  return -1;
}

/* control.throttle.action: one step (half-rate: then shed-port, as
 * before lists) or a list of distinct steps, in order. */
static void load_throttle_action(ld *L, ynode *a, topo_t *t) {
  if (!a) return;
  t->throttle_nsteps = 0;
  if (a->kind == YN_SCALAR) {
    int s = throttle_step(L, a);
    if (s < 0) return;
    t->throttle_steps[t->throttle_nsteps++] = s;
    if (s == THROTTLE_HALF_RATE) t->throttle_steps[t->throttle_nsteps++] = THROTTLE_SHED_PORT;
    return;
  }
  if (!want_kind(L, a, YN_SEQ, "control.throttle.action")) return;
  if (a->n < 1 || a->n > THROTTLE_NSTEPS) {
    ERR(L, a, "control.throttle.action: 1 to %d steps, not %zu", THROTTLE_NSTEPS, a->n);
    return;
  }
  for (size_t i = 0; i < a->n; i++) {
    int s = throttle_step(L, a->items[i]);
    for (int j = 0; s >= 0 && j < t->throttle_nsteps; j++)
      if (t->throttle_steps[j] == s) {
        ERR(L, a->items[i], "control.throttle.action: %s is listed twice", a->items[i]->str);
        s = -1;
      }
    if (s >= 0) t->throttle_steps[t->throttle_nsteps++] = s;
  }
}

static void load_control(ld *L, ynode *m, topo_t *t) {
  schema_read(L, m, SCH_CONTROL, "control", t, NULL);
  ynode *th = ynode_get(m, "throttle");
  if (th && want_kind(L, th, YN_MAP, "control.throttle")) {
    schema_read(L, th, SCH_THROTTLE, "control.throttle", t, NULL);
    load_throttle_action(L, ynode_get(th, "action"), t);
    schema_unknown(L, th, SCH_THROTTLE, NULL, "control.throttle");
  }
  ynode *pp = ynode_get(m, "pump");
  if (pp && want_kind(L, pp, YN_MAP, "control.pump")) {
    ynode *lp = ynode_get(pp, "loop");
    t->pid_loop = t->nloops == 1 ? 0 : -1;
    if (lp) t->pid_loop = loop_named(L, lp, t, "control.pump");
    if (t->pid_loop >= 0 && !t->loops[t->pid_loop].pumped)
      ERR(L, pp, "control.pump: loop '%s' has a regulated flow, no pumps to control", t->loops[t->pid_loop].name);
    int res[16];
    schema_read(L, pp, SCH_PUMP, "control.pump", t, res);
    if (res[schema_index(SCH_PUMP, "return_setpoint")] == 0) t->pid_loop = -1;
    if (t->pid_min > t->pid_max) ERR(L, pp, "control.pump: min_speed is above max_speed");
    schema_unknown(L, pp, SCH_PUMP, NULL, "control.pump");
  }
  schema_unknown(L, m, SCH_CONTROL, NULL, "control");
}

/* A regulated flow that cannot carry even the idle heat of what it cools
 * would boil the coolant: an impossible design, known before any run. The
 * idle heat (every static power) is a lower bound of the heat. */
static void check_loop_heat(ld *L, const topo_t *t) {
  for (size_t l = 0; l < t->nloops; l++) {
    const topo_loop_t *lp = &t->loops[l];
    if (!(lp->flow_m3_per_s > 0) || !lp->flow_line) continue;
    double idle_w = 0;
    for (size_t s = 0; s < t->nslots; s++) {
      const module_power_cfg_t *c = &t->types[t->slots[s].type].power;
      if (t->slot_loop[s] == (int)l && !topo_device_air_cooled(t, s))
        for (int k = 0; k < c->n; k++) idle_w += c->c[k].static_w;
    }
    for (int a = 0; a < t->n_asics; a++)
      if (t->asic_loop[a] == (int)l && !t->asic_air_cooled) idle_w += t->asic_power.static_w;
    fluid_props_t fp;
    fluid_props(t->fluid, lp->supply_c, &fp);
    double out_c = lp->supply_c + idle_w / (lp->flow_m3_per_s * fp.rho_kg_per_m3 * fp.cp_j_per_kg_k);
    if (out_c >= t->boiling_c)
      topo_errs_add(L->e, lp->flow_line, lp->flow_col,
                    "loop %s: a flow of %.3g L/min cannot carry even the idle heat of what it cools (%.0f W): the "
                    "coolant would leave at %.0f C, past the boiling point of %s (%.0f C)",
                    lp->name, lp->flow_m3_per_s * 60e3, idle_w, out_c, fluid_name(t->fluid), t->boiling_c);
  }
}

/* Air cooling needs fans to move the air, and a device on a heat sink has
 * no coolant branch to chain in series. */
static void check_air(ld *L, ynode *root, const topo_t *t) {
  ynode *mt = ynode_get(root, "module_types"), *sw = ynode_get(root, "switch"), *co = ynode_get(root, "coolant");
  if (t->fans.count == 0) {
    for (size_t i = 0; i < t->ntypes; i++)
      if (t->types[i].air_cooled) {
        ERR(L, mt ? mt : root, "module type '%s' is air cooled, but switch.fans.count is 0: nothing moves the air",
            t->types[i].name);
        return;
      }
    if (t->asic_air_cooled) ERR(L, sw ? sw : root, "the ASICs are air cooled, but switch.fans.count is 0");
  }
  for (size_t s = 0; s < t->nslots; s++)
    if ((t->slot_next[s] >= 0 || t->slot_prev[s] >= 0) && topo_device_air_cooled(t, s)) {
      ERR(L, co ? co : root, "slot %zu is air cooled: it has no coolant branch to chain in series", s);
      return;
    }
}

/* The file's own keys: schema, name, seed, duration and sample. */
static void load_header(ld *L, ynode *root, topo_t *t, int *okd, int *oks) {
  double schema = 0;
  if (read_row_value(L, root, SCH_TOP, "xposim", "topology", NULL, &schema) > 0 && schema != TOPO_SCHEMA)
    ERR(L, ynode_get(root, "xposim"), "schema version %.0f is not supported: this xposim reads version %d", schema,
        TOPO_SCHEMA);
  ynode *nm = ynode_get(root, "name");
  if (!nm)
    missing(L, root, "name", "topology", schema_row(SCH_TOP, "name")->example);
  else
    name_at(L, nm, "name", t->name);
  ynode *sd = ynode_get(root, "seed");
  schema_defaults(SCH_TOP, t);
  if (sd) {
    unsigned long long v = 0;
    if (sd->kind != YN_SCALAR || unit_parse_u64(sd->str, &v))
      ERR(L, sd, "seed must be a whole number from 0 to 18446744073709551615");
    else
      t->seed = v;
  }
  int res[32];
  schema_read(L, root, SCH_TOP, "topology", t, res);
  *okd = res[schema_index(SCH_TOP, "duration")];
  *oks = res[schema_index(SCH_TOP, "sample")];
}

/* solver: the numerical settings; duration and sample in whole thermal steps. */
static void load_solver(ld *L, ynode *root, topo_t *t, int okd, int oks) {
  schema_defaults(SCH_SOLVER, t);
  ynode *sv = ynode_get(root, "solver");
  int okt = 1, res[16];
  if (sv && want_kind(L, sv, YN_MAP, "solver")) {
    schema_read(L, sv, SCH_SOLVER, "solver", t, res);
    schema_unknown(L, sv, SCH_SOLVER, NULL, "solver");
    okt = res[schema_index(SCH_SOLVER, "thermal_step")];
    int okm = res[schema_index(SCH_SOLVER, "thermal_step_max")];
    if (okt >= 0 && okm > 0 && t->thermal_step_max < t->thermal_step)
      ERR(L, ynode_get(sv, "thermal_step_max"), "solver.thermal_step_max is shorter than solver.thermal_step");
  }
  if (okd > 0 && okt >= 0 && t->duration % t->thermal_step)
    ERR(L, ynode_get(root, "duration"), "duration must be a whole number of thermal steps (solver.thermal_step)");
  if (oks >= 0 && okt >= 0 && t->sample % t->thermal_step)
    ERR(L, ynode_get(root, "sample") ? ynode_get(root, "sample") : root,
        "sample must be a whole number of thermal steps (solver.thermal_step)");
  if (okd > 0 && oks >= 0 && t->duration / t->sample > TOPO_MAX_SAMPLES)
    ERR(L, ynode_get(root, "sample") ? ynode_get(root, "sample") : root,
        "duration / sample = %llu trace rows; the limit is %llu", (unsigned long long)(t->duration / t->sample),
        (unsigned long long)TOPO_MAX_SAMPLES);
}

/* limits: what margins are measured to. */
static void load_limits(ld *L, ynode *root, topo_t *t) {
  schema_defaults(SCH_LIMITS, t);
  ynode *m = ynode_get(root, "limits");
  if (m && want_kind(L, m, YN_MAP, "limits")) {
    schema_read(L, m, SCH_LIMITS, "limits", t, NULL);
    schema_unknown(L, m, SCH_LIMITS, NULL, "limits");
  }
}

/* Defaults of the switch, its feed and its firmware (docs/sources.md). */
static void switch_defaults(topo_t *t) {
  schema_defaults(SCH_SWITCH, t);
  schema_defaults(SCH_ASIC, t); /* with its power and branch */
  topo_default_asic_thermal(&t->asic_thermal);
  schema_defaults(SCH_FEED, t);
  t->psu.npoints = 4; /* [est] a titanium-class curve */
  t->psu.load[0] = 0.1, t->psu.eff[0] = 0.90;
  t->psu.load[1] = 0.2, t->psu.eff[1] = 0.94;
  t->psu.load[2] = 0.5, t->psu.eff[2] = 0.96;
  t->psu.load[3] = 1.0, t->psu.eff[3] = 0.94;
  schema_defaults(SCH_CONTROL, t); /* with its management */
  schema_defaults(SCH_THROTTLE, t);
  t->throttle_steps[0] = THROTTLE_SHED_PORT;
  t->throttle_nsteps = 1;
  schema_defaults(SCH_PUMP, t);
  t->pid_loop = -1;
}

/* switch.asic: capacity, power, thermal, branch, VR. */
static void load_asic(ld *L, ynode *sw, topo_t *t) {
  ynode *as = ynode_get(sw, "asic");
  if (!as || !want_kind(L, as, YN_MAP, "switch.asic")) return;
  schema_read(L, as, SCH_ASIC, "switch.asic", t, NULL);
  ynode *th = ynode_get(as, "thermal");
  if (th && want_kind(L, th, YN_MAP, "switch.asic.thermal"))
    load_thermal(L, th, SCH_ASIC_THERMAL, &t->asic_thermal, "switch.asic.thermal");
  schema_unknown(L, as, SCH_ASIC, NULL, "switch.asic");
}

/* switch.feed.psu_efficiency: [load, efficiency] pairs, loads increasing. */
static void load_psu_curve(ld *L, ynode *fd, topo_t *t) {
  ynode *ec = ynode_get(fd, "psu_efficiency");
  if (ec && want_kind(L, ec, YN_SEQ, "psu_efficiency")) {
    if (ec->n < 2 || ec->n > POWER_MAX_CURVE)
      ERR(L, ec, "switch.feed.psu_efficiency: 2 to 8 [load, efficiency] pairs");
    else {
      t->psu.npoints = 0;
      for (size_t i = 0; i < ec->n; i++) {
        ynode *pr = ec->items[i];
        char msg[256];
        double x, e;
        if (pr->kind != YN_SEQ || pr->n != 2 || pr->items[0]->kind != YN_SCALAR || pr->items[1]->kind != YN_SCALAR ||
            unit_parse(pr->items[0]->str, DIM_NONE, &x, msg, sizeof msg) ||
            unit_parse(pr->items[1]->str, DIM_NONE, &e, msg, sizeof msg) || x < 0 || x > 2 || e <= 0 || e > 1 ||
            (i > 0 && x <= t->psu.load[i - 1])) {
          ERR(L, pr,
              "switch.feed.psu_efficiency[%zu] must be [load fraction, efficiency] such as [0.5, 0.96], "
              "loads increasing",
              i);
          continue;
        }
        t->psu.load[t->psu.npoints] = x;
        t->psu.eff[t->psu.npoints++] = e;
      }
    }
  }
}

/* switch.feed: PSUs, conductors, voltages. */
static void load_feed(ld *L, ynode *sw, topo_t *t) {
  ynode *fd = ynode_get(sw, "feed");
  if (fd && want_kind(L, fd, YN_MAP, "switch.feed")) {
    schema_read(L, fd, SCH_FEED, "switch.feed", t, NULL);
    load_psu_curve(L, fd, t);
    schema_unknown(L, fd, SCH_FEED, NULL, "switch.feed");
  }
}

static void load_switch(ld *L, ynode *sw, topo_t *t) {
  schema_read(L, sw, SCH_SWITCH, "switch", t, NULL);
  load_asic(L, sw, t);
  load_feed(L, sw, t);
  schema_unknown(L, sw, SCH_SWITCH, NULL, "switch");
}

/* cage: rows, columns and the panel; 1 if it fits. */
static int load_cage(ld *L, ynode *root, topo_t *t) {
  cage_cfg_t *c = &t->cage;
  schema_defaults(SCH_CAGE, c);
  c->unit_height_m = 44.45e-3; /* 1RU, EIA-310 */
  c->max_rows = 2;
  ynode *cg = ynode_get(root, "cage");
  int cage_ok = 1;
  if (cg && want_kind(L, cg, YN_MAP, "cage")) {
    double panel = schema_row(SCH_CAGE, "panel")->def;
    int res[16];
    schema_read(L, cg, SCH_CAGE, "cage", c, res);
    /* a panel sets the width unless the width is given */
    if (read_row_value(L, cg, SCH_CAGE, "panel", "cage", NULL, &panel) > 0 &&
        res[schema_index(SCH_CAGE, "panel_width")] == 0)
      c->panel_width_m = panel > 0 ? 533.4e-3 : 450e-3;
    if (res[schema_index(SCH_CAGE, "rows")] < 0 || res[schema_index(SCH_CAGE, "columns")] < 0) cage_ok = 0;
    schema_unknown(L, cg, SCH_CAGE, NULL, "cage");
  }
  if (!(c->col_pitch_m > 0)) c->col_pitch_m = c->module_width_m;
  if (!(c->row_pitch_m > 0)) c->row_pitch_m = c->module_height_m;
  if (cage_ok) {
    char msg[256];
    if (cage_check(c, msg, sizeof msg)) {
      ERR(L, cg ? cg : root, "cage: %s", msg);
      cage_ok = 0;
    }
  }
  return cage_ok;
}

static void load_module_types(ld *L, ynode *root, topo_t *t) {
  ynode *mt = ynode_get(root, "module_types");
  if (!mt)
    missing(L, root, "module_types", "topology", "{ xpo-224: { lane_rate: 224G, ports: 8x1.6T } }");
  else if (want_kind(L, mt, YN_MAP, "module_types")) {
    if (ynode_pairs(mt) > TOPO_MAX_TYPES) ERR(L, mt, "more than %d module types", TOPO_MAX_TYPES);
    for (size_t i = 0; i < ynode_pairs(mt) && t->ntypes < TOPO_MAX_TYPES; i++) {
      ynode *k = ynode_key(mt, i);
      k->used = 1;
      load_module_type(L, k, ynode_val(mt, i), &t->types[t->ntypes++]);
    }
  }
}

/* coolant: the fluid, the air, and one loop or several. */
static void load_coolant(ld *L, ynode *root, topo_t *t) {
  for (size_t s2 = 0; s2 < TOPO_MAX_SLOTS; s2++) t->slot_next[s2] = t->slot_prev[s2] = -1;
  schema_defaults(SCH_COOLANT, t);
  t->boiling_c = fluid_boil_c(t->fluid);
  ynode *co = ynode_get(root, "coolant");
  ynode *loops = co && co->kind == YN_MAP ? ynode_get(co, "loops") : NULL;
  if (co && want_kind(L, co, YN_MAP, "coolant")) {
    schema_read(L, co, SCH_COOLANT, "coolant", t, NULL);
    /* boiling at atmospheric pressure (docs/sources.md); a pressurised loop
     * boils later, and says so here */
    const double freeze = fluid_freeze_c(t->fluid);
    t->boiling_c = fluid_boil_c(t->fluid);
    read_row_within(L, co, SCH_COOLANT, "boiling", t, "coolant", within(freeze, 300, 1));
    cdu_supply(L, co, SCH_COOLANT, "coolant", t, &t->supply_c);
    read_row_within(L, co, SCH_COOLANT, "rated_at", t, "coolant", within(freeze, t->boiling_c, 1));
    if (loops) {
      if (want_kind(L, loops, YN_SEQ, "coolant.loops")) {
        if (loops->n < 1 || loops->n > TOPO_MAX_LOOPS) ERR(L, loops, "coolant.loops: 1 to %d loops", TOPO_MAX_LOOPS);
        for (size_t i = 0; i < loops->n && t->nloops < TOPO_MAX_LOOPS; i++) {
          char w[48];
          snprintf(w, sizeof w, "coolant.loops[%zu]", i);
          if (!want_kind(L, loops->items[i], YN_MAP, w)) continue;
          load_loop(L, loops->items[i], t, &t->loops[t->nloops++], w, 0);
        }
      }
      static const char *const inside[] = {"flow", "pump", "pumps", "manifold", "supply_volume", "return_volume"};
      for (size_t k = 0; k < sizeof inside / sizeof inside[0]; k++)
        if (ynode_get(co, inside[k]))
          ERR(L, ynode_get(co, inside[k]), "coolant.%s belongs inside each of coolant.loops", inside[k]);
    } else {
      load_loop(L, co, t, &t->loops[t->nloops++], "coolant", 1);
    }
    /* the shorthand's loop keys sit here too */
    static const int sections[] = {SCH_COOLANT, SCH_LOOP};
    static const char *const variants[] = {NULL, NULL};
    schema_unknown_in(L, co, "coolant", sections, variants, 2);
  } else {
    t->nloops = 1; /* everything on one ideal regulated loop */
    snprintf(t->loops[0].name, sizeof t->loops[0].name, "main");
    t->loops[0].supply_c = t->supply_c;
    memset(t->loops[0].slots, 1, sizeof t->loops[0].slots);
    memset(t->loops[0].asics, 1, sizeof t->loops[0].asics);
  }
}

/* Every slot and ASIC on exactly one loop; a chain on one loop. */
static void check_loop_membership(ld *L, ynode *root, topo_t *t) {
  ynode *co = ynode_get(root, "coolant");
  for (size_t s2 = 0; s2 < t->nslots; s2++) t->slot_loop[s2] = -1;
  for (int a = 0; a < t->n_asics; a++) t->asic_loop[a] = -1;
  for (size_t l = 0; l < t->nloops; l++) {
    for (size_t s2 = 0; s2 < t->nslots; s2++)
      if (t->loops[l].slots[s2]) {
        if (t->slot_loop[s2] >= 0)
          ERR(L, co ? co : root, "slot %zu is on two loops (%s and %s)", s2, t->loops[t->slot_loop[s2]].name,
              t->loops[l].name);
        t->slot_loop[s2] = (int)l;
      }
    for (int a = 0; a < t->n_asics; a++)
      if (t->loops[l].asics[a]) {
        if (t->asic_loop[a] >= 0)
          ERR(L, co ? co : root, "asic %d is on two loops (%s and %s)", a, t->loops[t->asic_loop[a]].name,
              t->loops[l].name);
        t->asic_loop[a] = (int)l;
      }
  }
  for (size_t s2 = 0; s2 < t->nslots; s2++)
    if (t->slot_next[s2] >= 0 && t->slot_loop[s2] >= 0 && t->slot_loop[t->slot_next[s2]] != t->slot_loop[s2]) {
      ERR(L, co ? co : root, "slots %zu and %d are chained in series but on different loops", s2, t->slot_next[s2]);
      break;
    }
  for (size_t s2 = 0; s2 < t->nslots; s2++)
    if (t->slot_loop[s2] < 0) {
      ERR(L, co ? co : root, "slot %zu is on no coolant loop", s2);
      break;
    }
  for (int a = 0; a < t->n_asics; a++)
    if (t->asic_loop[a] < 0) {
      ERR(L, co ? co : root, "asic %d is on no coolant loop", a);
      break;
    }
}

static void load_root(ld *L, ynode *root, topo_t *t) {
  if (!want_kind(L, root, YN_MAP, "a topology file")) return;
  int okd, oks;
  load_header(L, root, t, &okd, &oks);
  load_solver(L, root, t, okd, oks);
  switch_defaults(t);
  ynode *sw = ynode_get(root, "switch");
  if (sw && want_kind(L, sw, YN_MAP, "switch")) load_switch(L, sw, t);
  int cage_ok = load_cage(L, root, t);
  load_module_types(L, root, t);
  /* slots */
  ynode *sl = ynode_get(root, "slots");
  if (!sl)
    missing(L, root, "slots", "topology", "{ fill: xpo-224 }");
  else if (cage_ok)
    load_slots(L, sl, t);
  if (sl && cage_ok && t->nslots == 0 && L->e->n == 0) ERR(L, sl, "no slots are populated");
  /* ASIC assignment: contiguous blocks unless given. */
  if (t->n_asics == 0 && t->nslots > 0)
    ERR(L, sw ? sw : root, "switch.asics = 0, but %zu slots need an ASIC to carry their traffic", t->nslots);
  for (size_t i = 0; i < t->nslots && t->n_asics > 0; i++)
    if (t->slots[i].asic < 0) t->slots[i].asic = (int)(i * (size_t)t->n_asics / t->nslots);
  load_coolant(L, root, t);
  check_loop_membership(L, root, t);
  check_air(L, root, t);
  ynode *tr = ynode_get(root, "traffic");
  if (tr) load_traffic(L, tr, t);
  ynode *sc = ynode_get(root, "scenario");
  if (sc) load_scenario(L, sc, t);
  ynode *ctl = ynode_get(root, "control");
  if (ctl && want_kind(L, ctl, YN_MAP, "control")) load_control(L, ctl, t);
  load_limits(L, root, t);
  ynode *ex = ynode_get(root, "expect");
  if (ex) load_expects(L, ex, t);
  if (L->e->n == 0) check_loop_heat(L, t);
  schema_unknown(L, root, SCH_TOP, NULL, "the topology");
}

static uint64_t fnv1a(const char *p, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)p[i];
    h *= 1099511628211ull;
  }
  return h;
}

topo_t *topo_load_text(const char *path, const char *text, size_t len, topo_errs_t *errs,
                       topo_expect_check_fn check_expect) {
  errs->file = path;
  int line, col;
  char msg[256];
  ynode *root = ynode_parse(text, len, &line, &col, msg, sizeof msg);
  if (!root) {
    topo_errs_add(errs, line, col, "%s", msg);
    return NULL;
  }
  topo_t *t = calloc(1, sizeof *t);
  if (!t) abort();
  snprintf(t->file, sizeof t->file, "%s", path);
  t->input_hash = fnv1a(text, len);
  ld L = {errs, check_expect};
  size_t before = errs->n;
  load_root(&L, root, t);
  ynode_free(root);
  if (errs->n > before) {
    topo_free(t);
    return NULL;
  }
  return t;
}

topo_t *topo_load(const char *path, topo_errs_t *errs, topo_expect_check_fn check_expect) {
  errs->file = path;
  char *buf;
  size_t len;
  if (file_read_all(path, &buf, &len, YNODE_MAX_BYTES)) {
    topo_errs_add(errs, 1, 1, "cannot read: %s", strerror(errno));
    return NULL;
  }
  topo_t *t = topo_load_text(path, buf, len, errs, check_expect);
  free(buf);
  return t;
}

void topo_free(topo_t *t) {
  if (!t) return;
  free(t->traffic);
  free(t->scenario);
  free(t->expects);
  free(t);
}
