/*
 * columns.c: the trace files, the column registry and the sampler. Nothing
 * here knows a part: parts add their columns, switch.c asks every part.
 */
#include "switch/columns.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const trace_file_desc_t FILES[TRACE_FILES] = {
    [TRACE_SWITCH] = {"switch.csv", "xposim trace: switch totals",
                      "time_s: end of the sample interval; rates and powers are means over the interval "
                      "ending at time_s (the t = 0 row: values at t = 0); temperatures are values at time_s; "
                      "cdu_supply_c is what the CDUs deliver (before any supply pipe delay)",
                      "units: tbps = Tb/s, w = W, a = A, c = degrees Celsius, lpm = L/min"},
    [TRACE_SLOTS] = {"slots.csv", "xposim trace: per slot",
                     "time_s: end of the sample interval; power and throughput are means over the interval; "
                     "junction and coolant outlet temperatures are values at time_s",
                     "units: w = W, c = degrees Celsius, gbps = Gb/s; corrected_symbols: RS symbols corrected in the "
                     "interval"},
    [TRACE_ASICS] = {"asics.csv", "xposim trace: per ASIC",
                     "time_s: end of the sample interval; power is a mean over the interval",
                     "units: w = W, c = degrees Celsius"},
    [TRACE_PORTS] = {"ports.csv", "xposim trace: per port",
                     "time_s: end of the sample interval; throughput is a mean over the interval, less frames lost "
                     "to uncorrectable codewords; up (1), the worst lane's pre-FEC BER and the worst lane's SNR are "
                     "values at time_s",
                     "units: gbps = Gb/s, db = dB"},
    [TRACE_COOLANT] = {"coolant.csv", "xposim trace: coolant loops and branches",
                       "time_s: values at time_s; a branch is a module's or ASIC's quick-disconnect pair and cold "
                       "plate; a loop's manifold_supply_c is its supply where it reaches the manifold (after the "
                       "supply pipe's delay)",
                       "units: lpm = L/min, kpa = kPa, c = degrees Celsius"},
    [TRACE_THERMAL] = {"thermal.csv", "xposim trace: thermal network nodes",
                       "time_s: values at time_s; each device's cold plate, then each heat source's junction and case",
                       "units: c = degrees Celsius"},
    [TRACE_POWER] = {"power.csv", "xposim trace: power delivery",
                     "time_s: values at time_s (the last thermal step's powers); input_w is a module's power at its "
                     "connector, components and its DC-DC loss add up to it",
                     "units: v = V, a = A, w = W; psus_working counts a failed PSU during its hold-up"},
};

const trace_file_desc_t *columns_file(trace_file_t f) { return (unsigned)f < TRACE_FILES ? &FILES[f] : NULL; }

/* Decimal digits of v into the end of buf; returns where they start. */
static char *digits_of(unsigned long long v, char *end) {
  do *--end = (char)('0' + v % 10);
  while (v /= 10);
  return end;
}

/* A column's name from its format: %s, %d, %zu and %% written here (a
 * switch names thousands of columns; vsnprintf was a tenth of a short
 * run's set-up), any other format by vsnprintf. Cut at n - 1 bytes as
 * vsnprintf cuts. */
void columns_format_name(char *out, size_t n, const char *fmt, va_list ap) {
  va_list again;
  va_copy(again, ap);
  size_t k = 0;
  for (const char *f = fmt; *f; f++) {
    char num[24], *end = num + sizeof num;
    const char *piece = f;
    size_t len = 1;
    if (*f == '%') {
      if (f[1] == 's') {
        piece = va_arg(ap, const char *);
        if (!piece) piece = "(null)"; /* as glibc's vsnprintf writes it */
        len = strlen(piece);
        f++;
      } else if (f[1] == 'd') {
        int v = va_arg(ap, int);
        char *d = digits_of(v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v, end);
        if (v < 0) *--d = '-';
        piece = d;
        len = (size_t)(end - d);
        f++;
      } else if (f[1] == 'z' && f[2] == 'u') {
        piece = digits_of(va_arg(ap, size_t), end);
        len = (size_t)(end - piece);
        f += 2;
      } else if (f[1] == '%') {
        f++;
      } else {
        vsnprintf(out, n, fmt, again);
        va_end(again);
        return;
      }
    }
    for (size_t i = 0; i < len && k + 1 < n; i++) out[k++] = piece[i];
  }
  if (n) out[k] = 0;
  va_end(again);
}

static column_t *column_new(columns_t *c, trace_file_t file, uint64_t order, const char *unit, int part, size_t index,
                            const char *fmt, va_list ap) {
  if (c->n == c->cap) {
    c->cap = c->cap ? 2 * c->cap : 256;
    c->v = realloc(c->v, c->cap * sizeof *c->v);
    if (!c->v) abort();
  }
  column_t *k = &c->v[c->n++];
  k->file = file;
  k->order = order;
  k->unit = unit;
  k->part = part;
  k->get = NULL;
  k->ref = NULL;
  k->index = index;
  columns_format_name(k->name, sizeof k->name, fmt, ap);
  return k;
}

void columns_add(columns_t *c, trace_file_t file, uint64_t order, const char *unit, int part, column_get_fn get,
                 size_t index, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  column_new(c, file, order, unit, part, index, fmt, ap)->get = get;
  va_end(ap);
}

void columns_add_ref(columns_t *c, trace_file_t file, uint64_t order, const char *unit, int part, column_ref_fn ref,
                     size_t index, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  column_new(c, file, order, unit, part, index, fmt, ap)->ref = ref;
  va_end(ap);
}

static int by_order(const column_t *x, const column_t *y) { return x->order < y->order ? -1 : x->order > y->order; }

/* Merges the runs of ix[0..n) (each already in order; run r starts at
 * at[r], at[nr] = n) pairwise until one is left. Stable: on a tie the
 * earlier run's column goes first. */
static void merge_runs(const column_t *v, size_t *ix, size_t *tmp, size_t *at, size_t nr) {
  while (nr > 1) {
    size_t w = 0, r = 0;
    for (; r + 1 < nr; r += 2) {
      size_t i = at[r], h = at[r + 1], j = h, end = at[r + 2], k = 0;
      while (i < h && j < end) tmp[k++] = by_order(&v[ix[j]], &v[ix[i]]) < 0 ? ix[j++] : ix[i++];
      while (i < h) tmp[k++] = ix[i++];
      while (j < end) tmp[k++] = ix[j++];
      memcpy(ix + at[r], tmp, k * sizeof *ix);
      at[w++] = at[r];
    }
    if (r < nr) at[w++] = at[r];
    at[w] = at[nr];
    nr = w;
  }
}

/* Into file order, ties in declaration order: a stable sort. A large switch
 * has tens of thousands of columns, declared part by part, so within a file
 * they come as a few runs already in order (one per part): the columns are
 * dealt into their files, then each file's runs are merged. Indices move,
 * not the columns (168 bytes each); each column is placed once. */
void columns_done(columns_t *c) {
  size_t n = c->n ? c->n : 1, *ix = malloc((3 * n + 1) * sizeof *ix);
  if (!ix) abort();
  size_t *tmp = ix + n, *at = ix + 2 * n, next[TRACE_FILES];
  memset(c->count, 0, sizeof c->count);
  for (size_t i = 0; i < c->n; i++) c->count[c->v[i].file]++;
  for (size_t f = 0, sum = 0; f < TRACE_FILES; f++) {
    c->first[f] = next[f] = sum;
    sum += c->count[f];
  }
  for (size_t i = 0; i < c->n; i++) ix[next[c->v[i].file]++] = i;
  for (size_t f = 0; f < TRACE_FILES; f++) {
    size_t *fx = ix + c->first[f], m = c->count[f], nr = 0;
    for (size_t i = 0; i < m; i++)
      if (i == 0 || by_order(&c->v[fx[i]], &c->v[fx[i - 1]]) < 0) at[nr++] = i;
    at[nr] = m;
    merge_runs(c->v, fx, tmp, at, nr);
  }
  /* column p takes the one at ix[p]: along each cycle of that permutation,
   * in place (no second array of columns to fault in) */
  for (size_t start = 0; start < c->n; start++) {
    if (ix[start] == start) continue;
    column_t hold = c->v[start];
    size_t p = start;
    while (ix[p] != start) {
      size_t from = ix[p];
      c->v[p] = c->v[from];
      ix[p] = p;
      p = from;
    }
    c->v[p] = hold;
    ix[p] = p;
  }
  free(ix);
}

void columns_free(columns_t *c) {
  free(c->v);
  memset(c, 0, sizeof *c);
}

const char **columns_names(const columns_t *c, trace_file_t f) {
  const char **n = malloc((c->count[f] + 1) * sizeof *n);
  if (!n) abort();
  for (size_t i = 0; i < c->count[f]; i++) n[i] = c->v[c->first[f] + i].name;
  n[c->count[f]] = NULL;
  return n;
}

long columns_find(const columns_t *c, trace_file_t f, const char *name) {
  for (size_t i = 0; i < c->count[f]; i++)
    if (!strcmp(c->v[c->first[f] + i].name, name)) return (long)i;
  return -1;
}

void sampler_init(sampler_t *s, const columns_t *cols, trace_csv_t *const out[TRACE_FILES]) {
  memset(s, 0, sizeof *s);
  s->cols = cols;
  for (int f = 0; f < TRACE_FILES; f++) {
    s->row[f] = calloc(cols->count[f] + 1, sizeof(double));
    if (!s->row[f]) abort();
    s->out[f] = out ? out[f] : NULL;
  }
}

/* Each cell's source (set after sampler_init): where the values read in
 * place live (the parts exist by now, and keep those places for the run),
 * and the getters with their parts. */
static void sampler_plan(sampler_t *s) {
  s->reads = malloc((s->cols->n + 1) * sizeof *s->reads);
  s->getters = malloc((s->cols->n + 1) * sizeof *s->getters);
  if (!s->reads || !s->getters) abort();
  for (int f = 0; f < TRACE_FILES; f++)
    for (size_t i = 0; i < s->cols->count[f]; i++) {
      const column_t *c = &s->cols->v[s->cols->first[f] + i];
      const void *part = s->parts[c->part];
      double *to = &s->row[f][i];
      if (c->ref)
        s->reads[s->nreads++] = (sampler_read_t){to, c->ref(part, c->index)};
      else
        s->getters[s->ngetters++] = (sampler_getter_t){to, c->get, part, c->index};
    }
}

void sampler_fill(sampler_t *s) {
  if (!s->getters) sampler_plan(s);
  for (size_t i = 0; i < s->nreads; i++) *s->reads[i].to = *s->reads[i].from;
  for (size_t i = 0; i < s->ngetters; i++) {
    const sampler_getter_t *g = &s->getters[i];
    *g->to = g->get(g->part, g->index);
  }
}

/* A file with no columns (asics.csv of a switch without ASICs) gets no rows. */
void sampler_write(sampler_t *s, sim_time_t now) {
  for (int f = 0; f < TRACE_FILES; f++)
    if (s->out[f] && s->cols->count[f]) trace_csv_row(s->out[f], now, s->row[f]);
}

void sampler_free(sampler_t *s) {
  for (int f = 0; f < TRACE_FILES; f++) free(s->row[f]);
  free(s->reads);
  free(s->getters);
  memset(s, 0, sizeof *s);
}
