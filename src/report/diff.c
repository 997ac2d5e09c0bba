/* diff.c: summaries and traces compared within tolerances. */
#include "diff.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rundir.h"
#include "util/exit.h"

static int close_enough(double a, double b, double rtol, double atol) {
  if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
  return fabs(a - b) <= atol + rtol * fmax(fabs(a), fabs(b));
}

/* Lines of a summary that are not about the physics. */
static int diff__skipped(const char *key) {
  static const char *const skip[] = {"wall_time_s", "events", "deltas", "thermal_steps"};
  for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++)
    if (!strcmp(key, skip[i])) return 1;
  return 0;
}

typedef struct {
  double rtol, atol;
  FILE *out;
  int shown, bad;
} diff_ctx;

static void diff__value(diff_ctx *c, const char *path, const json_t *a, const json_t *b);

static void diff__object(diff_ctx *c, const char *path, const json_t *a, const json_t *b) {
  const char *k;
  const json_t *va;
  char sub[512];
  json_object_foreach((json_t *)a, k, va) {
    if (diff__skipped(k)) continue;
    snprintf(sub, sizeof sub, "%s%s%s", path, path[0] ? "." : "", k);
    const json_t *vb = json_object_get(b, k);
    if (!vb && json_is_string(va)) continue; /* texts are not compared, nor their absence (an older summary) */
    if (!vb) {
      if (c->shown++ < 50) fprintf(c->out, "summary.json %s: only in the first run\n", sub);
      c->bad = 1;
    } else
      diff__value(c, sub, va, vb);
  }
  json_object_foreach((json_t *)b, k, va) {
    if (!diff__skipped(k) && !json_is_string(va) && !json_object_get(a, k)) {
      if (c->shown++ < 50)
        fprintf(c->out, "summary.json %s%s%s: only in the second run\n", path, path[0] ? "." : "", k);
      c->bad = 1;
    }
  }
}

static double diff__number(const json_t *v) {
  if (json_is_boolean(v)) return json_is_true(v) ? 1 : 0;
  return json_is_number(v) ? json_number_value(v) : NAN;
}

static void diff__value(diff_ctx *c, const char *path, const json_t *a, const json_t *b) {
  char sub[512];
  if (json_is_object(a) && json_is_object(b)) {
    diff__object(c, path, a, b);
  } else if (json_is_array(a) && json_is_array(b)) {
    if (json_array_size(a) != json_array_size(b)) {
      if (c->shown++ < 50)
        fprintf(c->out, "summary.json %s: %zu entries against %zu\n", path, json_array_size(a), json_array_size(b));
      c->bad = 1;
    }
    for (size_t i = 0; i < json_array_size(a) && i < json_array_size(b); i++) {
      snprintf(sub, sizeof sub, "%s[%zu]", path, i);
      diff__value(c, sub, json_array_get(a, i), json_array_get(b, i));
    }
  } else if (json_is_string(a) || json_is_string(b)) {
    if (json_is_string(a) != json_is_string(b)) c->bad = 1; /* names, kernels, files: not compared as text */
  } else if (json_is_object(a) || json_is_object(b) || json_is_array(a) || json_is_array(b)) {
    if (c->shown++ < 50) fprintf(c->out, "summary.json %s: of different kinds\n", path);
    c->bad = 1;
  } else {
    double x = diff__number(a), y = diff__number(b);
    if (!close_enough(x, y, c->rtol, c->atol)) {
      if (c->shown++ < 50)
        fprintf(c->out, "summary.json %s: %.12g against %.12g (%.3g relative)\n", path, x, y,
                fabs(x - y) / fmax(fabs(x), fabs(y)));
      c->bad = 1;
    }
  }
}

int diff_summaries(const char *pa, const char *pb, double rtol, double atol, FILE *out) {
  char why[600];
  json_t *a = rundir_read_summary(pa, why, sizeof why), *b = a ? rundir_read_summary(pb, why, sizeof why) : NULL;
  if (!a || !b) {
    fprintf(stderr, "xposim: %s\n", why);
    json_decref(a);
    return XPO_BAD_INPUT;
  }
  diff_ctx c = {rtol, atol, out, 0, 0};
  diff__value(&c, "", a, b);
  json_decref(a);
  json_decref(b);
  return c.bad;
}

/* The next data line (not a '#' comment) of a CSV: 1, 0 at the end, -1 bad. */
static int diff__data_line(rundir_csv_t *c, char *why, size_t n) {
  int r;
  while ((r = rundir_csv_next(c, why, n)) == 1)
    if (c->line[0] != '#') return 1;
  return r;
}

/* A cell as a number; -1 with why filled where it is not one. */
static int diff__cell(const rundir_csv_t *c, const char *cell, size_t col, double *v, char *why, size_t n) {
  char *end;
  *v = strtod(cell, &end);
  if (end == cell || *end) {
    snprintf(why, n, "%s:%ld: column %zu: '%.40s' is not a number", c->path, c->lineno, col + 1, cell);
    return -1;
  }
  return 0;
}

/* A data row as numbers (time first): 0, or XPO_BAD_INPUT with why. */
static int diff__parse(rundir_csv_t *c, size_t ncols, double *v, char *why, size_t n) {
  char *save, *tok, *line = c->line;
  size_t col = 0;
  for (; (tok = strtok_r(line, ",", &save)); line = NULL, col++) {
    if (col >= ncols) break;
    if (diff__cell(c, tok, col, &v[col], why, n)) return XPO_BAD_INPUT;
  }
  if (col != ncols || tok) {
    snprintf(why, n, "%s:%ld: %zu columns where the header has %zu", c->path, c->lineno, col + (tok ? 1 : 0), ncols);
    return XPO_BAD_INPUT;
  }
  return 0;
}

/* The held rows of both runs at time t, cell by cell: 0 same, 1 different. */
static int diff__at(const char *name, double t, const double *va, const double *vb, char *const *cols, size_t ncols,
                    diff_ctx *c) {
  int bad = 0;
  for (size_t col = 1; col < ncols; col++)
    if (!close_enough(va[col], vb[col], c->rtol, c->atol)) {
      if (c->shown++ < 20)
        fprintf(c->out, "%s at time_s %.12g, %s: %.9g against %.9g\n", name, t, cols[col], va[col], vb[col]);
      bad = 1;
    }
  return bad;
}

/* One side's next row into next (its time in next[0]); 1, 0 at the end, 2 corrupt. */
static int diff__next(rundir_csv_t *c, size_t ncols, double *next, char *why, size_t n) {
  int r = diff__data_line(c, why, n);
  if (r <= 0) return r < 0 ? 2 : 0;
  return diff__parse(c, ncols, next, why, n) ? 2 : 1;
}

/* Both runs' rows merged by time: a trace written on change holds each
 * row's values until its next row, so the two are compared at every time
 * either has a row, whichever way each was written. 0 same, 1 different,
 * 2 corrupt. */
static int diff__rows(const char *name, rundir_csv_t *ca, rundir_csv_t *cb, char *const *cols, size_t ncols,
                      diff_ctx *c, char *why, size_t n) {
  double *va = calloc(4 * ncols, sizeof *va), *vb = va + ncols, *na = vb + ncols, *nb = na + ncols;
  if (!va) abort();
  int ha = diff__next(ca, ncols, na, why, n), hb = ha == 2 ? 0 : diff__next(cb, ncols, nb, why, n), rc = 0;
  if (ha == 2 || hb == 2)
    rc = 2;
  else if (ha && hb && na[0] != nb[0]) {
    fprintf(c->out, "%s: the runs start at different times\n", name);
    rc = 1;
  }
  while (rc != 2 && ha && hb && !(rc && c->shown >= 20)) {
    double t = fmin(na[0], nb[0]);
    if (na[0] == t) memcpy(va, na, ncols * sizeof *va);
    if (nb[0] == t) memcpy(vb, nb, ncols * sizeof *vb);
    rc |= diff__at(name, t, va, vb, cols, ncols, c);
    int ra = na[0] == t ? diff__next(ca, ncols, na, why, n) : 1,
        rb = nb[0] == t ? diff__next(cb, ncols, nb, why, n) : 1;
    if (ra == 2 || rb == 2) rc = 2;
    ha = ra;
    hb = rb;
  }
  if (rc != 2 && ha != hb) {
    fprintf(c->out, "%s: the runs end at different times\n", name);
    rc = 1;
  }
  free(va);
  return rc;
}

/* The header's column names (pointers into line, which the caller keeps). */
static char **diff__columns(char *line, size_t *ncols) {
  size_t cap = 16;
  char **cols = malloc(cap * sizeof *cols), *save, *tok;
  if (!cols) abort();
  *ncols = 0;
  for (char *h = line; (tok = strtok_r(h, ",", &save)); h = NULL) {
    if (*ncols == cap) {
      cap *= 2;
      cols = realloc(cols, cap * sizeof *cols);
      if (!cols) abort();
    }
    cols[(*ncols)++] = tok;
  }
  return cols;
}

/* Two trace files row by row, whatever their size, in the memory of two
 * rows each.
 * 0 same, 1 different, 2 unreadable or corrupt (said on stderr). */
static int diff_csv(const char *name, const char *pa, const char *pb, double rtol, double atol, FILE *out) {
  rundir_csv_t ca, cb;
  int oa = rundir_csv_open(&ca, pa), ob = rundir_csv_open(&cb, pb);
  if (oa || ob) {
    if (!(oa && ob)) fprintf(out, "%s: only in %s\n", name, !oa ? "the first run" : "the second run");
    rundir_csv_close(&ca);
    rundir_csv_close(&cb);
    return oa && ob ? 0 : 1;
  }
  char why[600] = "", *header = NULL, **cols = NULL;
  size_t ncols = 0;
  int rc = 0;
  diff_ctx dc = {rtol, atol, out, 0, 0};
  int ra = diff__data_line(&ca, why, sizeof why), rb = ra < 0 ? 0 : diff__data_line(&cb, why, sizeof why);
  if (ra < 0 || rb < 0)
    rc = 2;
  else if (ra != rb) {
    fprintf(out, "%s: only one run has columns\n", name);
    rc = 1;
  } else if (ra && strcmp(ca.line, cb.line)) {
    fprintf(out, "%s: the columns differ\n", name);
    rc = 1;
  } else if (ra) {
    header = strdup(ca.line);
    if (!header) abort();
    cols = diff__columns(header, &ncols);
    rc = diff__rows(name, &ca, &cb, cols, ncols, &dc, why, sizeof why);
  }
  if (rc == 2) fprintf(stderr, "xposim: %s\n", why);
  free(cols);
  free(header);
  rundir_csv_close(&ca);
  rundir_csv_close(&cb);
  return rc;
}

int diff_runs(const char *a, const char *b, double rtol, double atol, FILE *out) {
  char pa[4096], pb[4096];
  snprintf(pa, sizeof pa, "%s/summary.json", a);
  snprintf(pb, sizeof pb, "%s/summary.json", b);
  FILE *fa = fopen(pa, "r"), *fb = fopen(pb, "r");
  if (fa) fclose(fa);
  if (fb) fclose(fb);
  if (!fa || !fb) {
    fprintf(stderr, "xposim: %s is not a complete run directory\n", !fa ? a : b);
    return XPO_BAD_INPUT;
  }
  int bad = diff_summaries(pa, pb, rtol, atol, out);
  if (bad == XPO_BAD_INPUT) return XPO_BAD_INPUT;
  static const char *const traces[] = {"switch.csv",  "slots.csv",   "asics.csv", "ports.csv",
                                       "coolant.csv", "thermal.csv", "power.csv"};
  for (int i = 0; i < 7; i++) {
    snprintf(pa, sizeof pa, "%s/traces/%s", a, traces[i]);
    snprintf(pb, sizeof pb, "%s/traces/%s", b, traces[i]);
    int r = diff_csv(traces[i], pa, pb, rtol, atol, out);
    if (r == XPO_BAD_INPUT) return XPO_BAD_INPUT;
    bad |= r;
  }
  return bad ? XPO_EXPECT_FAILED : XPO_OK;
}
