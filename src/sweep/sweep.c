/*
 * sweep.c: sweeps and merging (see sweep.h). A point is the base topology's
 * YAML tree with the overrides and axis values set, written back as text and
 * loaded by the ordinary loader, so every point is checked like a file.
 */
#include "sweep.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "report/junit.h"
#include "report/rundir.h"
#include "run/expect.h"
#include "run/outdir.h"
#include "run/run.h"
#include "spec.h"
#include "sweep/solve.h"
#include "sweep/uncertain.h"
#include "topo/topo.h"
#include "topo/units.h"
#include "topo/ynode.h"
#include "trace/trace.h"
#include "util/fileio.h"

static uint64_t fnv_bytes(uint64_t h, const char *p, size_t n) {
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
  return h;
}

static uint64_t fnv_text(uint64_t h, const char *s) { return fnv_bytes(h, s, strlen(s)); }

/* The FNV-1a hash of a file's bytes; 0 if it cannot be read. */
static uint64_t file_hash(const char *path) {
  char *text = NULL;
  size_t len = 0;
  if (file_read_all(path, &text, &len, 64u << 20)) return 0;
  uint64_t h = fnv_bytes(14695981039346656037ull, text, len);
  free(text);
  return h;
}

/* A Monte Carlo sweep's uncertain parameters (uncertain.h). */
typedef struct mc_params {
  uncertain_t *u;
  size_t n;
  struct {
    char path[192]; /* a list the base leaves to its default (an uncertain's list) */
    char *text;     /* the list as resolved: set whole before its items are drawn */
  } fill[16];
  size_t nfill;
} mc_params_t;

static size_t npoints(const sweep_t *s) {
  size_t n = 1;
  for (size_t a = 0; a < s->naxes; a++) n *= s->axes[a].n;
  return n;
}

/* Axis value indices of point p (the last axis varies fastest). */
static void point_index(const sweep_t *s, size_t p, size_t *idx) {
  for (size_t a = s->naxes; a-- > 0;) {
    idx[a] = p % s->axes[a].n;
    p /= s->axes[a].n;
  }
}

static int point_allowed(const sweep_t *s, const size_t *idx) {
  for (size_t c = 0; c < s->ncons; c++) {
    double v;
    char unit[32];
    if (sweep__split_qty(s->axes[s->cons[c].axis].values[idx[s->cons[c].axis]], &v, unit, sizeof unit)) return 0;
    double r = s->cons[c].value;
    int ok;
    switch (s->cons[c].op) {
      case 0:
        ok = v < r;
        break;
      case 1:
        ok = v <= r;
        break;
      case 2:
        ok = v > r;
        break;
      case 3:
        ok = v >= r;
        break;
      case 4:
        ok = v == r;
        break;
      default:
        ok = v != r;
        break;
    }
    if (!ok) return 0;
  }
  return 1;
}

static uint64_t point_seed(const sweep_t *s, size_t p) {
  uint64_t h = 1469598103934665603ull;
  for (const char *c = s->name; *c; c++) h = (h ^ (unsigned char)*c) * 1099511628211ull;
  h ^= (uint64_t)p * 0x9e3779b97f4a7c15ull;
  h ^= h >> 29;
  return h % 4294967291ull; /* a seed that prints short */
}

/* A uniform draw in [0, 1) for parameter i of Monte Carlo sample p: the
 * same for a point whichever process runs it (splitmix64 of the three). */
static double mc_uniform(unsigned long long seed, size_t p, size_t i) {
  uint64_t z = seed * 0x9e3779b97f4a7c15ull ^ ((uint64_t)p << 20) ^ (uint64_t)i;
  for (int r = 0; r < 2; r++) {
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
  }
  return (double)(z >> 11) / 9007199254740992.0;
}

/* Sample p's draw of every uncertain parameter, uniform in its range. */
static int mc_draw(const sweep_t *s, const mc_params_t *mc, ynode *base, size_t p, char *msg, size_t msgsz) {
  for (size_t f = 0; f < mc->nfill; f++)
    if (ynode_set(base, mc->fill[f].path, mc->fill[f].text, msg, msgsz)) return -1;
  for (size_t i = 0; i < mc->n; i++) {
    const uncertain_t *u = &mc->u[i];
    char v[UNCERTAIN_TEXT];
    double x = u->lo + (u->hi - u->lo) * mc_uniform(s->mc.seed, p, i);
    uncertain_text(u, u->whole ? round(x) : x, v, sizeof v);
    if (ynode_set(base, u->path, v, msg, msgsz)) return -1;
  }
  return 0;
}

/* The point's topology text, from the base tree. */
static char *point_text(const sweep_t *s, const mc_params_t *mc, ynode *base, const size_t *idx, uint64_t seed,
                        size_t *len, char *msg, size_t msgsz, int *bad_axis) {
  *bad_axis = -1;
  char sb[32];
  snprintf(sb, sizeof sb, "%llu", (unsigned long long)seed);
  if (ynode_set(base, "seed", sb, msg, msgsz)) return NULL;
  if (s->set)
    for (size_t i = 0; i < ynode_pairs(s->set); i++)
      if (ynode_set(base, ynode_key(s->set, i)->str, ynode_val(s->set, i)->str, msg, msgsz)) return NULL;
  for (size_t a = 0; a < s->naxes && !s->mc.samples; a++)
    if (ynode_set(base, s->axes[a].key, s->axes[a].values[idx[a]], msg, msgsz)) {
      *bad_axis = (int)a;
      return NULL;
    }
  if (s->mc.samples && mc_draw(s, mc, base, idx[0], msg, msgsz)) {
    *bad_axis = 0;
    return NULL;
  }
  char *buf = NULL;
  FILE *m = open_memstream(&buf, len);
  if (!m) abort();
  ynode_emit(base, m);
  fputc('\n', m);
  fclose(m);
  return buf;
}

/* ---- results ---- */

/* What became of a point, as results.csv's status column says it. */
typedef enum { PT_OK, PT_EXPECT_FAILED, PT_REFUSED, PT_FAILED } point_status_t;
static const char *const STATUS_NAMES[] = {"ok", "expect-failed", "refused", "failed"};

typedef struct row {
  size_t point;
  char *prefix; /* point,axis values...,seed (from NNNNNN.csv) */
  char *message;
  point_status_t status;
  double *kpi;
  double *expect_pass;
  size_t nexp;
  int pass, pareto;
} row_t;

static int read_text(const char *path, char **out) { return file_read_all(path, out, NULL, 64u << 20); }

typedef struct {
  size_t point;
  int dir;
} found_t;

static int found_cmp(const void *a, const void *b) {
  const found_t *x = a, *y = b;
  if (x->point != y->point) return x->point < y->point ? -1 : 1;
  return (x->dir > y->dir) - (x->dir < y->dir);
}

/* The points present under dir/points: their row files, NNNNNN.csv
 * (written last for a point). One directory listing, not a probe per
 * possible point. */
static int list_points(const char *dir, int d, found_t **v, size_t *n, size_t *cap) {
  char path[4096];
  snprintf(path, sizeof path, "%s/points", dir);
  DIR *dh = opendir(path);
  if (!dh) return -1;
  struct dirent *de;
  while ((de = readdir(dh))) {
    const char *nm = de->d_name;
    size_t len = strlen(nm), digits = 0;
    while (nm[digits] >= '0' && nm[digits] <= '9') digits++;
    if (digits < 6 || digits > 9 || len != digits + 4 || strcmp(nm + digits, ".csv")) continue;
    size_t p = (size_t)strtoull(nm, NULL, 10);
    if (p >= SWEEP_MAX_POINTS) continue;
    if (*n == *cap) {
      *cap = *cap ? 2 * *cap : 64;
      found_t *g = realloc(*v, *cap * sizeof **v);
      if (!g) abort();
      *v = g;
    }
    (*v)[(*n)++] = (found_t){p, d};
  }
  closedir(dh);
  return 0;
}

static void free_rows_fields(row_t *r) {
  free(r->prefix);
  free(r->message);
  free(r->kpi);
  free(r->expect_pass);
  memset(r, 0, sizeof *r);
}

static void free_rows(row_t *rows, size_t n) {
  for (size_t i = 0; i < n; i++) free_rows_fields(&rows[i]);
  free(rows);
}

/* The row file's second line: "status,message". -1 if it has none. */
static int parse_status(const char *line, row_t *r) {
  if (!line) return -1;
  const char *end = line + strcspn(line, "\n");
  char st[32], *msg = malloc((size_t)(end - line) + 1);
  if (!msg) abort();
  const char *next = trace_csv_next(line, end, st, sizeof st);
  if (next)
    trace_csv_next(next, end, msg, (size_t)(end - line) + 1);
  else
    msg[0] = 0;
  for (int k = 0; k < 4; k++)
    if (!strcmp(st, STATUS_NAMES[k])) {
      r->status = (point_status_t)k;
      r->message = msg;
      return 0;
    }
  free(msg);
  return -1;
}

/* KPIs and expects of a point's summary into r. 0, or 2 with a message. */
static int read_point_summary(const char *sp, row_t *r, FILE *err) {
  char why[700];
  json_t *sum = rundir_read_summary(sp, why, sizeof why);
  if (!sum) {
    fprintf(err, "xposim: point %06zu: %s\n", r->point, why);
    return XPO_BAD_INPUT;
  }
  const json_t *kpi = json_object_get(sum, "kpi");
  for (int k = 0; k < KPI_COUNT_; k++) r->kpi[k] = rundir_num(kpi, kpi_name((kpi_id_t)k));
  const json_t *ex = json_object_get(sum, "expect");
  r->nexp = json_array_size(ex) < 64 ? json_array_size(ex) : 64;
  for (size_t i = 0; i < r->nexp; i++) r->expect_pass[i] = json_is_true(json_object_get(json_array_get(ex, i), "pass"));
  r->pass = json_is_true(json_object_get(sum, "pass"));
  json_decref(sum);
  return 0;
}

/* The row file's results line (see write_outcome) into r: 0, or -1 if it
 * is not one or the summary's bytes changed since (the point's
 * summary.json is read instead). */
static int parse_outcome(const char *line, uint64_t summary_hash, row_t *r) {
  if (!line || strncmp(line, "results,", 8)) return -1;
  char *p = (char *)line + 8, *end;
  unsigned long long h = strtoull(p, &end, 16);
  if (end == p || *end != ',' || h != summary_hash) return -1;
  p = end + 1;
  long pass = strtol(p, &end, 10);
  if (end == p || *end != ',') return -1;
  p = end + 1;
  long nexp = strtol(p, &end, 10);
  if (end == p || nexp < 0 || nexp > 64) return -1;
  for (long e = 0; e < nexp; e++) {
    if (*end != ',') return -1;
    p = end + 1;
    long v = strtol(p, &end, 10);
    if (end == p || (v != 0 && v != 1)) return -1;
    r->expect_pass[e] = (int)v;
  }
  for (int k = 0; k < KPI_COUNT_; k++) {
    if (*end != ',') return -1;
    p = end + 1;
    r->kpi[k] = strtod(p, &end);
    if (end == p) return -1;
  }
  if (*end != '\n' && *end != 0) return -1;
  r->nexp = (size_t)nexp;
  r->pass = pass != 0;
  return 0;
}

/* One point's row from dir: 0, 1 (not complete: skipped) or 2 (garbage). */
static int read_point(const char *dir, size_t p, row_t *r, FILE *err) {
  char sp[4096], pp[4096];
  snprintf(sp, sizeof sp, "%s/points/%06zu/summary.json", dir, p);
  snprintf(pp, sizeof pp, "%s/points/%06zu.csv", dir, p);
  char *pre = NULL;
  if (read_text(pp, &pre)) return 1;
  memset(r, 0, sizeof *r);
  r->point = p;
  r->kpi = malloc(KPI_COUNT_ * sizeof *r->kpi);
  r->expect_pass = calloc(64, sizeof *r->expect_pass);
  if (!r->kpi || !r->expect_pass) abort();
  for (int k = 0; k < KPI_COUNT_; k++) r->kpi[k] = NAN;
  char *nl = strchr(pre, '\n');
  if (nl) *nl = 0;
  r->prefix = pre;
  const char *third = nl ? strchr(nl + 1, '\n') : NULL;
  if (parse_status(nl ? nl + 1 : NULL, r)) {
    fprintf(err, "xposim: point %06zu: %s has no status line: not a point xposim wrote\n", p, pp);
    return XPO_BAD_INPUT;
  }
  if (r->status == PT_OK || r->status == PT_EXPECT_FAILED) {
    struct stat st;
    if (stat(sp, &st)) { /* not complete: no row */
      free_rows_fields(r);
      return 1;
    }
    if (third && !parse_outcome(third + 1, file_hash(sp), r)) return 0;
    return read_point_summary(sp, r, err);
  }
  return 0;
}

/* Rows from every point under each dir/points. */
static int gather(char **dirs, int ndirs, row_t **rows_out, size_t *nrows, char **header, FILE *err) {
  row_t *rows = NULL;
  size_t n = 0, cap = 0, nfound = 0, capfound = 0;
  found_t *found = NULL;
  int rc = 0;
  *header = NULL;
  for (int d = 0; d < ndirs && !rc; d++) {
    char path[4096], *h = NULL;
    snprintf(path, sizeof path, "%s/points/header.csv", dirs[d]);
    if (read_text(path, &h)) {
      fprintf(err, "xposim: %s is not a sweep directory (no points/header.csv)\n", dirs[d]);
      rc = XPO_BAD_INPUT;
    } else if (!*header)
      *header = h;
    else
      free(h);
    if (!rc && list_points(dirs[d], d, &found, &nfound, &capfound)) {
      fprintf(err, "xposim: cannot list %s/points: %s\n", dirs[d], strerror(errno));
      rc = XPO_INTERNAL;
    }
  }
  /* In point order; a point complete in several directories is taken from the first. */
  if (found) qsort(found, nfound, sizeof *found, found_cmp);
  for (size_t f = 0; f < nfound && !rc; f++) {
    if (n > 0 && rows[n - 1].point == found[f].point) continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 64;
      rows = realloc(rows, cap * sizeof *rows);
      if (!rows) abort();
    }
    int r = read_point(dirs[found[f].dir], found[f].point, &rows[n], err);
    if (r == 1) continue;
    n++;
    if (r == XPO_BAD_INPUT) rc = XPO_BAD_INPUT;
  }
  free(found);
  if (rc) {
    free_rows(rows, n);
    free(*header);
    *header = NULL;
    return rc;
  }
  *rows_out = rows;
  *nrows = n;
  return 0;
}

static int kpi_index(const char *name) {
  for (int k = 0; k < KPI_COUNT_; k++)
    if (!strcmp(name, kpi_name((kpi_id_t)k))) return k;
  return -1;
}

/* The pareto objectives of header.csv's first line; returns how many, and
 * where the column line starts. */
static int pareto_objectives(const char *header, int *obj, int *maxi, const char **line2) {
  int nobj = 0;
  *line2 = header;
  if (strncmp(header, "# pareto:", 9)) return 0;
  const char *p = header + 9, *eol = strchr(p, '\n');
  while (p && eol && p < eol && nobj < SWEEP_MAX_PARETO) {
    char dir[8], kpi[64];
    if (sscanf(p, " %7s %63[^,\n]", dir, kpi) != 2) break;
    int k = kpi_index(kpi);
    if (k >= 0) {
      obj[nobj] = k;
      maxi[nobj++] = !strcmp(dir, "max");
    }
    p = strchr(p, ',');
    if (p) p++;
    if (p > eol) break;
  }
  *line2 = eol ? eol + 1 : header;
  return nobj;
}

/* Only points that ran to the end compete for the front. */
static void mark_pareto(row_t *rows, size_t n, const int *obj, const int *maxi, int nobj) {
  for (size_t i = 0; i < n; i++) {
    rows[i].pareto = nobj > 0 && rows[i].status <= PT_EXPECT_FAILED;
    for (size_t j = 0; j < n && rows[i].pareto; j++) {
      if (i == j || rows[j].status > PT_EXPECT_FAILED) continue;
      int all = 1, one = 0;
      for (int o = 0; o < nobj; o++) {
        double a = rows[j].kpi[obj[o]], b = rows[i].kpi[obj[o]];
        int better = maxi[o] ? a > b : a < b, worse = maxi[o] ? a < b : a > b;
        all &= !worse;
        one |= better;
      }
      if (all && one) rows[i].pareto = 0; /* j dominates i */
    }
  }
}

static void write_row(FILE *f, const row_t *r, size_t nexp) {
  int ran = r->status <= PT_EXPECT_FAILED;
  fprintf(f, "%s,%s,%d,%d", r->prefix, STATUS_NAMES[r->status], ran && r->pass, r->pareto);
  for (int k = 0; k < KPI_COUNT_; k++) {
    char b[40] = "";
    if (ran) trace_fmt_g9(b, r->kpi[k]);
    fprintf(f, ",%s", b);
  }
  for (size_t e = 0; e < nexp; e++) fprintf(f, ",%d", e < r->nexp ? (int)r->expect_pass[e] : 0);
  fputc(',', f);
  trace_csv_cell(f, r->message ? r->message : "");
  fputc('\n', f);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The q-quantile of sorted v[0..n) (linear between order statistics). */
static double quantile(const double *v, size_t n, double q) {
  if (!n) return NAN;
  double at = q * (double)(n - 1);
  size_t i = (size_t)at;
  return i + 1 < n ? v[i] + (at - (double)i) * (v[i + 1] - v[i]) : v[n - 1];
}

/* A probability from k of n with its Wilson 95 % interval. */
static void json_probability(json_w *j, const char *key, size_t k, size_t n) {
  double p = n ? (double)k / (double)n : NAN, z = 1.959964, d = 1 + z * z / (double)n;
  double mid = (p + z * z / (2.0 * (double)n)) / d,
         half = z * sqrt(p * (1 - p) / (double)n + z * z / (4.0 * n * n)) / d;
  json_obj(j, key);
  json_u64(j, "holds", k);
  json_u64(j, "of", n);
  json_num(j, "probability", p);
  json_num(j, "low95", n ? mid - half : NAN);
  json_num(j, "high95", n ? mid + half : NAN);
  json_end_obj(j);
}

/* monte_carlo.json: each KPI's distribution over the samples that ran
 * (mean, 5th, 50th and 95th percentile) and the probability that each
 * expect, and all of them, hold (a sample that failed or was refused
 * counts as not holding). */
static int write_mc_summary(const char *out_dir, const row_t *rows, size_t n, size_t nexp, FILE *err) {
  char path[4200];
  snprintf(path, sizeof path, "%s/monte_carlo.json", out_dir);
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  double *v = malloc((n + 1) * sizeof *v);
  if (!v) abort();
  size_t ran = 0, pass = 0;
  for (size_t i = 0; i < n; i++) {
    ran += rows[i].status <= PT_EXPECT_FAILED;
    pass += rows[i].status <= PT_EXPECT_FAILED && rows[i].pass;
  }
  json_w j;
  json_begin(&j, f);
  json_u64(&j, "samples", n);
  json_u64(&j, "ran", ran);
  json_probability(&j, "all_expects", pass, n);
  json_arr(&j, "expects");
  for (size_t e = 0; e < nexp; e++) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
      k += rows[i].status <= PT_EXPECT_FAILED && e < rows[i].nexp && rows[i].expect_pass[e];
    json_probability(&j, NULL, k, n);
  }
  json_end_arr(&j);
  json_obj(&j, "kpi");
  for (int k = 0; k < KPI_COUNT_; k++) {
    size_t m = 0;
    double sum = 0;
    for (size_t i = 0; i < n; i++)
      if (rows[i].status <= PT_EXPECT_FAILED && isfinite(rows[i].kpi[k])) sum += v[m++] = rows[i].kpi[k];
    qsort(v, m, sizeof *v, cmp_double);
    json_obj(&j, kpi_name((kpi_id_t)k));
    json_u64(&j, "n", m);
    json_num(&j, "mean", m ? sum / (double)m : NAN);
    json_num(&j, "p5", quantile(v, m, 0.05));
    json_num(&j, "p50", quantile(v, m, 0.5));
    json_num(&j, "p95", quantile(v, m, 0.95));
    json_end_obj(&j);
  }
  json_end_obj(&j);
  json_end_obj(&j);
  free(v);
  int bad = ferror(f);
  if (fclose(f) || bad) return -1;
  fprintf(err, "monte carlo: every expect holds in %zu of %zu samples (%.0f %%); %s\n", pass, n,
          n ? 100.0 * (double)pass / (double)n : 0, path);
  return 0;
}

/* Write results.csv; the pareto objectives come from the header's comment. */
static int write_results(const char *out_dir, row_t *rows, size_t n, const char *header, FILE *err) {
  int obj[SWEEP_MAX_PARETO], maxi[SWEEP_MAX_PARETO];
  const char *line2;
  int nobj = pareto_objectives(header, obj, maxi, &line2);
  mark_pareto(rows, n, obj, maxi, nobj);
  char path[4096], tmp[4200];
  snprintf(path, sizeof path, "%s/results.csv", out_dir);
  snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "w");
  if (!f) {
    fprintf(err, "xposim: cannot write %s: %s\n", tmp, strerror(errno));
    return XPO_INTERNAL;
  }
  fprintf(f, "%.*s,status,pass,pareto", (int)strcspn(line2, "\n"), line2);
  for (int k = 0; k < KPI_COUNT_; k++) fprintf(f, ",%s", kpi_name((kpi_id_t)k));
  size_t nexp = 0;
  for (size_t i = 0; i < n; i++)
    if (rows[i].nexp > nexp) nexp = rows[i].nexp;
  for (size_t e = 0; e < nexp; e++) fprintf(f, ",expect%zu_pass", e);
  fputs(",message\n", f);
  for (size_t i = 0; i < n; i++) write_row(f, &rows[i], nexp);
  int bad = ferror(f);
  if (fclose(f) || bad || rename(tmp, path)) {
    fprintf(err, "xposim: writing %s failed\n", path);
    unlink(tmp);
    return XPO_INTERNAL;
  }
  size_t first = strcspn(line2, ",\n");
  if (!strncmp(line2 + first, "," SWEEP_MC_AXIS ",", strlen(SWEEP_MC_AXIS) + 2) &&
      write_mc_summary(out_dir, rows, n, nexp, err)) {
    fprintf(err, "xposim: writing %s/monte_carlo.json failed\n", out_dir);
    return XPO_INTERNAL;
  }
  return 0;
}

int sweep_merge(const char *out_dir, char **dirs, int ndirs, FILE *err) {
  row_t *rows;
  size_t n;
  char *header, why[1200];
  if (!outdir_replaceable(out_dir, OUTDIR_SWEEP, why, sizeof why)) {
    fprintf(err, "xposim: merge: %s\n", why);
    return XPO_BAD_INPUT;
  }
  int rc = gather(dirs, ndirs, &rows, &n, &header, err);
  if (rc) return rc;
  if (trace_mkdir_p(out_dir) || outdir_mark(out_dir, OUTDIR_SWEEP, "xposim sweep directory (merged)\n")) {
    fprintf(err, "xposim: cannot create %s: %s\n", out_dir, strerror(errno));
    free_rows(rows, n);
    free(header);
    return XPO_INTERNAL;
  }
  rc = write_results(out_dir, rows, n, header, err);
  free_rows(rows, n);
  free(header);
  return rc;
}

/* ---- running ---- */

static double mono_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void progress(const sweep_opts_t *o, size_t done, size_t total, double t0, size_t point, const char *what) {
  if (o->quiet) return;
  double el = mono_s() - t0, eta = done ? el / (double)done * (double)(total - done) : 0;
  const char *tag = o->tag ? o->tag : "";
  if (isatty(2)) {
    int w = 30, fill = total ? (int)((double)done / (double)total * w) : w;
    fprintf(stderr, "\r%s[%.*s%*s] %zu/%zu points, ETA %.0f s ", tag, fill, "##############################", w - fill,
            "", done, total, eta);
    if (done == total) fputc('\n', stderr);
  } else {
    fprintf(stderr, "%spoint %06zu: %s (%zu/%zu, ETA %.0f s)\n", tag, point, what, done, total, eta);
  }
}

static volatile sig_atomic_t sweep__stop;
void sweep_interrupt(void) { sweep__stop = 1; }
int sweep_interrupted(void) { return sweep__stop; }

typedef struct job {
  size_t point;
  pid_t pid;
} job_t;

/* One sweep in progress: what every step of sweep_run shares. */
typedef struct sweep_ctx {
  const char *spec_path;
  const sweep_opts_t *o;
  sweep_t s;
  char *btext;
  ynode *btree; /* the base, parsed once: every point sets the same keys over it, so what one point set the next
                   replaces */
  size_t blen, total, todo, done;
  char *out_dir, points_dir[4200];
  size_t *idx;
  junit_t ju;
  double t0;
  job_t *jobs;
  int njobs, maxj, any_fail, rc;
  FILE *err;
  mc_params_t mc; /* a Monte Carlo sweep's uncertain parameters */
} sweep_ctx;

/* "key = value, ..." of point p's axes into buf. */
static void axes_text(const sweep_t *s, size_t p, char *buf, size_t n) {
  size_t idx[SWEEP_MAX_AXES + 1];
  point_index(s, p, idx);
  buf[0] = 0;
  for (size_t a = 0; a < s->naxes; a++) {
    size_t l = strlen(buf);
    snprintf(buf + l, n - l, "%s%s = %s", a ? ", " : "", s->axes[a].key, s->axes[a].values[idx[a]]);
  }
}

/* The sweep's identity: what fixes its points and its columns (axes,
 * values, constraints, objectives). Another identity in DIR is another
 * sweep, whose points would mix with these. */
static uint64_t sweep_identity(const sweep_t *s) {
  uint64_t h = 1469598103934665603ull;
  char buf[256];
  snprintf(buf, sizeof buf, "mc %zu %llu;", s->mc.samples, s->mc.seed);
  if (s->mc.samples) h = fnv_text(h, buf);
  for (size_t a = 0; a < s->naxes; a++) {
    h = fnv_text(h, s->axes[a].key);
    for (size_t v = 0; v < s->axes[a].n; v++) h = fnv_text(fnv_text(h, "\x1f"), s->axes[a].values[v]);
    h = fnv_text(h, "\x1e");
  }
  for (size_t c = 0; c < s->ncons; c++) {
    snprintf(buf, sizeof buf, "%d %d %.17g %s;", s->cons[c].axis, s->cons[c].op, s->cons[c].value, s->cons[c].unit);
    h = fnv_text(h, buf);
  }
  for (size_t i = 0; i < s->npareto; i++) {
    snprintf(buf, sizeof buf, "%d %s;", s->pareto[i].maximize, s->pareto[i].kpi);
    h = fnv_text(h, buf);
  }
  return h;
}

/* DIR is new, empty, or this same sweep's: then it is marked as this
 * sweep's. Returns 0 or an exit code. */
static int claim_out_dir(sweep_ctx *c) {
  char why[1200], mark[256];
  const char *inputs[] = {c->spec_path, c->s.base};
  if (outdir_prepare(c->o->out_dir, OUTDIR_SWEEP, inputs, 2, &c->out_dir, why, sizeof why)) {
    fprintf(c->err, "xposim: sweep: %s\n", why);
    return XPO_BAD_INPUT;
  }
  snprintf(mark, sizeof mark, "xposim sweep directory: xposim may replace it\nidentity: fnv1a64:%016llx\n",
           (unsigned long long)sweep_identity(&c->s));
  char *old = outdir_marker_text(c->out_dir, OUTDIR_SWEEP);
  int other = old && strcmp(old, mark);
  free(old);
  if (other) {
    fprintf(c->err,
            "xposim: sweep: %s holds a different sweep (other axes, values, constraints or objectives); "
            "its points would mix with these: choose another -o\n",
            c->out_dir);
    return XPO_BAD_INPUT;
  }
  /* marked before anything else is in it: a process claiming the same
   * directory at the same time (an MPI rank) sees it empty or marked */
  snprintf(c->points_dir, sizeof c->points_dir, "%s/points", c->out_dir);
  if (trace_mkdir_p(c->out_dir) || outdir_mark(c->out_dir, OUTDIR_SWEEP, mark) || trace_mkdir_p(c->points_dir)) {
    fprintf(c->err, "xposim: cannot create %s: %s\n", c->points_dir, strerror(errno));
    return XPO_INTERNAL;
  }
  return 0;
}

/* points/header.csv: the pareto objectives, then the row prefix's columns. */
static int write_header(sweep_ctx *c) {
  char hp[4300], htmp[4400];
  snprintf(hp, sizeof hp, "%s/header.csv", c->points_dir);
  /* through a temporary name: shards sharing DIR each write the same bytes */
  snprintf(htmp, sizeof htmp, "%s.tmp-%ld", hp, (long)getpid());
  FILE *f = fopen(htmp, "w");
  if (!f) return XPO_INTERNAL;
  fprintf(f, "# pareto:");
  for (size_t i = 0; i < c->s.npareto; i++)
    fprintf(f, "%s %s %s", i ? "," : "", c->s.pareto[i].maximize ? "max" : "min", c->s.pareto[i].kpi);
  fprintf(f, "\npoint");
  for (size_t a = 0; a < c->s.naxes; a++) {
    fputc(',', f);
    trace_csv_cell(f, c->s.axes[a].key);
  }
  fprintf(f, ",seed\n");
  if (fclose(f) || rename(htmp, hp)) return XPO_INTERNAL;
  return 0;
}

/* A message as one CSV-safe line: control characters become spaces. */
static void one_line(char *m) {
  for (; *m; m++)
    if ((unsigned char)*m < 0x20) *m = ' ';
}

/* The third line of a point's row file: what its run concluded, as its
 * summary.json has it, and that summary's hash:
 * "results,HASH,PASS,NEXP,E1..ENEXP,KPI1..", each KPI written as the
 * summary writes it (so the same double when read back). The merge takes
 * it only while the summary still hashes the same, so that it reads a
 * line, not a JSON document, per point, and a summary changed since is
 * judged as before. */
static void write_outcome(FILE *f, const run_outcome_t *oc, uint64_t summary_hash) {
  fprintf(f, "results,%016llx,%d,%zu", (unsigned long long)summary_hash, oc->pass, oc->nexp);
  for (size_t e = 0; e < oc->nexp; e++) fprintf(f, ",%d", oc->expect_pass[e]);
  for (int k = 0; k < KPI_COUNT_; k++) { /* as summary.json has it (json_num): read back, the same double */
    double v = oc->kpi[k];
    if (!isfinite(v))
      fputs(",nan", f);
    else if (v == 0)
      fputs(",0", f);
    else
      fprintf(f, ",%.12g", v);
  }
  fputc('\n', f);
}

/* points/NNNNNN.csv: the row prefix, then "status,message", then for a run
 * that wrote its summary the results line. Written last: its presence
 * makes the point part of results.csv. */
static int write_row_file(const sweep_ctx *c, size_t p, point_status_t st, char *msg, const run_outcome_t *oc) {
  char pre[4300], tmp[4400];
  size_t idx[SWEEP_MAX_AXES + 1];
  snprintf(pre, sizeof pre, "%s/%06zu.csv", c->points_dir, p);
  snprintf(tmp, sizeof tmp, "%s.tmp-%ld", pre, (long)getpid());
  point_index(&c->s, p, idx);
  FILE *f = fopen(tmp, "w");
  if (!f) return -1;
  fprintf(f, "%zu", p);
  for (size_t a = 0; a < c->s.naxes; a++) {
    fputc(',', f);
    trace_csv_cell(f, c->s.axes[a].values[idx[a]]);
  }
  fprintf(f, ",%llu\n%s,", (unsigned long long)point_seed(&c->s, p), STATUS_NAMES[st]);
  one_line(msg);
  trace_csv_cell(f, msg);
  fputc('\n', f);
  if (oc && oc->have) {
    char sp[4400];
    snprintf(sp, sizeof sp, "%s/%06zu/summary.json", c->points_dir, p);
    uint64_t h = file_hash(sp);
    if (h) write_outcome(f, oc, h);
  }
  if (fclose(f) || rename(tmp, pre)) return -1;
  return 0;
}

static void point_done(sweep_ctx *c, size_t p, point_status_t st, const char *msg, int skipped) {
  char name[64];
  c->done++;
  if (st != PT_OK) c->any_fail = 1;
  snprintf(name, sizeof name, "point %06zu", p);
  junit_case(&c->ju, name, st == PT_OK ? NULL : msg[0] ? msg : STATUS_NAMES[st]);
  progress(c->o, c->done, c->todo, c->t0, p, skipped ? "skipped: done" : STATUS_NAMES[st]);
}

/* Point p's topology text, or NULL: a refused point (status file written,
 * msg says why) or a bad axis (an error of the sweep file: c->rc = 2). */
static char *build_point(sweep_ctx *c, size_t p, size_t *len, char *msg, size_t msgsz, topo_t **loaded) {
  int line, col, bad_axis;
  char m[512];
  if (!c->btree) c->btree = ynode_parse(c->btext, c->blen, &line, &col, m, sizeof m);
  if (!c->btree) {
    fprintf(c->err, "%s:%d:%d: %s\n", c->s.base, line, col, m);
    c->rc = XPO_BAD_INPUT;
    return NULL;
  }
  point_index(&c->s, p, c->idx);
  char *text = point_text(&c->s, &c->mc, c->btree, c->idx, point_seed(&c->s, p), len, m, sizeof m, &bad_axis);
  if (!text) {
    fprintf(c->err, "%s:%d:%d: %s\n", c->spec_path, bad_axis >= 0 ? c->s.axes[bad_axis].line : 1,
            bad_axis >= 0 ? c->s.axes[bad_axis].col : 1, m);
    c->rc = XPO_BAD_INPUT;
    return NULL;
  }
  char label[64], axes[512];
  snprintf(label, sizeof label, "point%06zu", p);
  topo_errs_t pe;
  topo_errs_init(&pe, label);
  topo_t *t = topo_load_text(label, text, *len, &pe, expect_check_text);
  if (t) {
    *loaded = t;
    topo_errs_free(&pe);
    return text;
  }
  axes_text(&c->s, p, axes, sizeof axes);
  snprintf(msg, msgsz, "%s: %s", axes, pe.n ? pe.v[0].msg : "refused");
  for (size_t i = 0; i < pe.n; i++)
    fprintf(c->err, "%s:%d:%d: point %zu (%s): %s\n", c->spec_path, c->s.axes_line, c->s.axes_col, p, axes,
            pe.v[i].msg);
  topo_errs_free(&pe);
  free(text);
  if (write_row_file(c, p, PT_REFUSED, msg, NULL)) c->rc = XPO_INTERNAL;
  return NULL;
}

/* The status line of point p's row file, or -1 (none: the worker did not
 * finish it). */
static int read_status(const sweep_ctx *c, size_t p, point_status_t *st, char *msg, size_t msgsz) {
  char pre[4300], *text = NULL;
  snprintf(pre, sizeof pre, "%s/%06zu.csv", c->points_dir, p);
  if (read_text(pre, &text)) return -1;
  row_t r = {0};
  char *nl = strchr(text, '\n');
  int rc = parse_status(nl ? nl + 1 : NULL, &r);
  if (!rc) {
    *st = r.status;
    snprintf(msg, msgsz, "%s", r.message);
  }
  free(r.message);
  free(text);
  return rc;
}

/* Done before with the same input? Then its status is known. */
static int already_done(const sweep_ctx *c, size_t p, const char *text, size_t len, point_status_t *st, char *msg,
                        size_t msgsz) {
  char sp[4300], hs[48], why[700];
  snprintf(sp, sizeof sp, "%s/%06zu/summary.json", c->points_dir, p);
  snprintf(hs, sizeof hs, "fnv1a64:%016llx", (unsigned long long)fnv_bytes(1469598103934665603ull, text, len));
  json_t *sum = rundir_read_summary(sp, why, sizeof why);
  const char *h = json_string_value(json_object_get(sum, "input_hash"));
  int same = h && !strcmp(h, hs);
  json_decref(sum);
  return same && !read_status(c, p, st, msg, msgsz) && *st != PT_REFUSED;
}

/* The first line of a run's messages, without the point file's position
 * (the axis values name the point instead). */
static void first_message(const char *log, const char *yp, char *out, size_t n) {
  const char *p = log ? log : "";
  size_t ly = strlen(yp);
  if (!strncmp(p, yp, ly) && p[ly] == ':') { /* "points/NNNNNN.yaml:L:C: " */
    p += ly;
    for (int k = 0; k < 2 && p; k++) p = strchr(p + 1, ':');
    p = p ? p + 1 + (p[1] == ' ') : log;
  } else if (!strncmp(p, "xposim: ", 8))
    p += 8;
  snprintf(out, n, "%.*s", (int)strcspn(p, "\n"), p);
}

/* A worker: one point, one process (SystemC elaborates once). It ends
 * with its parent and writes the point's row file unless interrupted. */
static void run_worker(sweep_ctx *c, size_t p, topo_t *t, const char *yp, const char *dir, pid_t parent) {
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) _exit(3); /* the parent was gone before prctl */
  char *log = NULL, msg[1400] = "", first[700], axes[512];
  size_t loglen = 0;
  FILE *ef = open_memstream(&log, &loglen);
  if (!ef) _exit(3);
  /* The point as the parent loaded it from the text it wrote to yp (no
   * second parse); it names yp as its file, as loading yp would. */
  size_t n = strnlen(yp, sizeof t->file - 1); /* cut as the loader cuts a long path */
  memcpy(t->file, yp, n);
  t->file[n] = 0;
  run_outcome_t oc = {0};
  run_opts_t ro = {dir, c->o->kernel, 1, 0, 0, c->o->max_output_bytes, 0, &oc};
  int code = run_topology(t, &ro, ef);
  fclose(ef);
  axes_text(&c->s, p, axes, sizeof axes);
  for (const char *line = log; line && *line;) { /* each message names the point by its axis values */
    char one[1024];
    first_message(line, yp, one, sizeof one);
    fprintf(stderr, "%s: point %zu (%s): %s\n", c->spec_path, p, axes, one);
    line = strchr(line, '\n');
    if (line) line++;
  }
  topo_free(t);
  if (sweep_interrupted()) _exit(code);
  point_status_t st = code == XPO_OK              ? PT_OK
                      : code == XPO_EXPECT_FAILED ? PT_EXPECT_FAILED
                      : code == XPO_BAD_INPUT     ? PT_REFUSED
                                                  : PT_FAILED;
  first_message(log, yp, first, sizeof first);
  if (st != PT_OK) snprintf(msg, sizeof msg, "%s: %s", axes, first[0] ? first : "the run failed");
  free(log);
  _exit(write_row_file(c, p, st, msg, &oc) ? XPO_INTERNAL : code);
}

/* Wait for one worker and record its point. */
static void reap_one(sweep_ctx *c) {
  int st;
  pid_t w = wait(&st);
  if (w < 0) {
    if (errno == EINTR && sweep_interrupted())
      for (int j = 0; j < c->njobs; j++) kill(c->jobs[j].pid, SIGTERM);
    if (errno != EINTR) c->njobs = 0; /* no children left to wait for */
    return;
  }
  for (int j = 0; j < c->njobs; j++) {
    if (c->jobs[j].pid != w) continue;
    size_t pt = c->jobs[j].point;
    c->jobs[j] = c->jobs[--c->njobs];
    point_status_t ps;
    char msg[1024];
    if (read_status(c, pt, &ps, msg, sizeof msg)) {
      if (sweep_interrupted()) return; /* left to a re-run */
      ps = PT_FAILED;
      snprintf(msg, sizeof msg, "the worker ended without a result (%s %d)", WIFEXITED(st) ? "exit" : "signal",
               WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
    }
    point_done(c, pt, ps, msg, 0);
    return;
  }
}

/* Start point p in a worker, or settle it here (refused, or done before). */
static void start_point(sweep_ctx *c, size_t p) {
  size_t len;
  char msg[1400];
  topo_t *t = NULL;
  char *text = build_point(c, p, &len, msg, sizeof msg, &t);
  if (!text) {
    if (!c->rc) point_done(c, p, PT_REFUSED, msg, 0);
    return;
  }
  point_status_t st;
  if (already_done(c, p, text, len, &st, msg, sizeof msg)) {
    point_done(c, p, st, msg, 1);
    free(text);
    topo_free(t);
    return;
  }
  char yp[4300], dir[4300], row[4300];
  snprintf(yp, sizeof yp, "%s/%06zu.yaml", c->points_dir, p);
  snprintf(dir, sizeof dir, "%s/%06zu", c->points_dir, p);
  snprintf(row, sizeof row, "%s/%06zu.csv", c->points_dir, p);
  unlink(row);               /* an earlier attempt's status must not stand for this one's */
  FILE *yf = fopen(yp, "w"); /* the point's topology, kept: any point can be run again on its own */
  int bad = !yf || fwrite(text, 1, len, yf) != len;
  if ((yf && fclose(yf)) || bad) {
    fprintf(c->err, "xposim: cannot write %s: %s\n", yp, strerror(errno));
    c->rc = XPO_INTERNAL;
  }
  free(text);
  if (c->rc) {
    topo_free(t);
    return;
  }
  fflush(NULL);
  pid_t parent = getpid(), pid = fork();
  if (pid == 0) run_worker(c, p, t, yp, dir, parent);
  topo_free(t); /* the worker has its copy */
  if (pid < 0) {
    fprintf(c->err, "xposim: cannot start a worker: %s\n", strerror(errno));
    c->rc = XPO_INTERNAL;
    return;
  }
  c->jobs[c->njobs++] = (job_t){p, pid};
}

/* Points this process runs: allowed by the constraints, in its shard. */
static int point_mine(const sweep_ctx *c, size_t p, size_t *idx) {
  point_index(&c->s, p, idx);
  return point_allowed(&c->s, idx) && (c->o->nshards <= 1 || (int)(p % (size_t)c->o->nshards) == c->o->shard);
}

/* The lists the base leaves to their defaults that hold uncertain items
 * (a kind's default heat sources): each set whole, as resolved, before
 * its items are drawn. A list the sweep's set replaces is not filled. */
static void mc_fills(mc_params_t *mc, const ynode *tree) {
  size_t k = 0;
  for (size_t i = 0; i < mc->n; i++) {
    const char *list = mc->u[i].list;
    size_t f = 0;
    while (f < mc->nfill && strcmp(mc->fill[f].path, list)) f++;
    char *text = !list[0] || f < mc->nfill || mc->nfill == sizeof mc->fill / sizeof mc->fill[0]
                     ? NULL
                     : uncertain_node_text(tree, list);
    if (text) {
      snprintf(mc->fill[mc->nfill].path, sizeof mc->fill[0].path, "%s", list);
      mc->fill[mc->nfill++].text = text;
    }
    if (!list[0] || f < mc->nfill) mc->u[k++] = mc->u[i]; /* an item of a list past the cap: not drawn */
  }
  mc->n = k;
}

/* A Monte Carlo sweep's parameters: the base's uncertain ones, less what
 * the sweep's set fixes. 0, or -1 with the reason on err. */
static int mc_params(sweep_ctx *c) {
  ynode *tree = NULL;
  if (uncertain_list(c->s.base, &tree, &c->mc.u, &c->mc.n, c->err)) return -1;
  size_t k = 0;
  for (size_t i = 0; i < c->mc.n; i++) {
    int fixed = 0;
    for (size_t j = 0; c->s.set && j < ynode_pairs(c->s.set); j++)
      fixed |= !strcmp(ynode_key(c->s.set, j)->str, c->mc.u[i].path);
    if (!fixed) c->mc.u[k++] = c->mc.u[i];
  }
  c->mc.n = k;
  mc_fills(&c->mc, tree);
  ynode_free(tree);
  if (k == 0) {
    fprintf(c->err, "%s:%d:%d: monte_carlo: the base leaves no estimate at its default: nothing is uncertain\n",
            c->spec_path, c->s.axes_line, c->s.axes_col);
    return -1;
  }
  return 0;
}

enum { SETUP_SOLVE = -1 }; /* the file asks for a solve, not points */

/* A sweep file's solve: `xposim solve` on its base with its set applied.
 * Its probes run one after another in this process (-j has nothing to
 * spread). */
static int run_solve(sweep_ctx *c) {
  const sweep_opts_t *o = c->o;
  if (o->nshards > 1 || o->junit || o->no_merge || o->kernel != SIM_NATIVE) {
    fprintf(c->err,
            "%s: a solve runs its probes one after another on the native kernel: no --shard, --junit, "
            "--kernel or MPI\n",
            c->spec_path);
    return XPO_BAD_INPUT;
  }
  solve_opts_t so = {.file = c->s.base,
                     .key = c->s.solve.key,
                     .range = c->s.solve.range,
                     .nuntil = c->s.solve.nuntil,
                     .tol = c->s.solve.tol,
                     .out_dir = o->out_dir,
                     .quiet = o->quiet,
                     .set = c->s.set};
  for (size_t i = 0; i < so.nuntil; i++) so.until[i] = c->s.solve.until[i];
  return solve_run(&so, stdout, c->err);
}

static int sweep_setup(sweep_ctx *c) {
  topo_errs_t e;
  topo_errs_init(&e, c->spec_path);
  int bad = sweep__load(c->spec_path, &c->s, &e);
  if (bad) topo_errs_print(&e, c->err);
  topo_errs_free(&e);
  if (bad) return XPO_BAD_INPUT;
  if (c->s.solve.present) return SETUP_SOLVE;
  c->total = npoints(&c->s);
  if (c->total > SWEEP_MAX_POINTS) {
    fprintf(c->err, "%s:%d:%d: the axes make %zu points; the limit is %d\n", c->spec_path, c->s.axes_line,
            c->s.axes_col, c->total, SWEEP_MAX_POINTS);
    return XPO_BAD_INPUT;
  }
  if (file_read_all(c->s.base, &c->btext, &c->blen, YNODE_MAX_BYTES)) {
    fprintf(c->err, "%s:%d:%d: base topology %s: %s\n", c->spec_path, c->s.base_line, c->s.base_col, c->s.base,
            errno ? strerror(errno) : "too large");
    c->btext = NULL;
    return XPO_BAD_INPUT;
  }
  if (c->s.mc.samples && mc_params(c)) return XPO_BAD_INPUT;
  int rc = claim_out_dir(c);
  if (!rc && write_header(c)) rc = XPO_INTERNAL;
  c->idx = calloc(c->s.naxes + 1, sizeof *c->idx);
  c->maxj = c->o->jobs > 0 ? c->o->jobs : 1;
  c->jobs = calloc((size_t)c->maxj, sizeof *c->jobs);
  if (!c->idx || !c->jobs) abort();
  for (size_t p = 0; p < c->total; p++) c->todo += point_mine(c, p, c->idx);
  return rc;
}

int sweep_run(const char *spec_path, const sweep_opts_t *o, FILE *err) {
  sweep_ctx c;
  memset(&c, 0, sizeof c);
  c.spec_path = spec_path;
  c.o = o;
  c.err = err;
  c.rc = sweep_setup(&c);
  if (c.rc == SETUP_SOLVE) {
    int rc = run_solve(&c);
    sweep__free(&c.s);
    return rc;
  }
  junit_open(&c.ju, c.rc ? NULL : o->junit, c.s.name);
  c.t0 = mono_s();
  for (size_t p = 0; c.rc == 0 && p < c.total && !sweep_interrupted(); p++) {
    while (c.njobs == c.maxj && !sweep_interrupted()) reap_one(&c);
    if (sweep_interrupted() || !point_mine(&c, p, c.idx)) continue;
    start_point(&c, p);
  }
  if (sweep_interrupted()) /* stop starting points; the workers were told too */
    for (int j = 0; j < c.njobs; j++) kill(c.jobs[j].pid, SIGTERM);
  while (c.njobs > 0) reap_one(&c);
  if (junit_close(&c.ju) && c.rc == 0) c.rc = XPO_INTERNAL;
  if (sweep_interrupted()) {
    fprintf(err, "xposim: sweep interrupted: %zu of %zu points done; run it again to resume\n", c.done, c.todo);
    if (c.rc == 0) c.rc = XPO_INTERNAL;
  }
  if (c.out_dir && !o->no_merge && (c.rc == 0 || sweep_interrupted())) { /* results for what is done */
    char *dirs[1] = {c.out_dir};
    int mrc = sweep_merge(c.out_dir, dirs, 1, err);
    if (c.rc == 0) c.rc = mrc;
  }
  if (c.rc == 0 && c.any_fail) c.rc = 1;
  free(c.btext);
  ynode_free(c.btree);
  free(c.jobs);
  free(c.idx);
  free(c.out_dir);
  for (size_t f = 0; f < c.mc.nfill; f++) free(c.mc.fill[f].text);
  free(c.mc.u);
  sweep__free(&c.s);
  return c.rc;
}

int sweep_junit_results(const char *spec_path, const char *out_dir, const char *junit, FILE *err) {
  topo_errs_t e;
  topo_errs_init(&e, spec_path);
  sweep_t s;
  int rc = 0;
  if (sweep__load(spec_path, &s, &e)) {
    topo_errs_print(&e, err);
    rc = XPO_BAD_INPUT;
  }
  char path[4200];
  snprintf(path, sizeof path, "%s/results.csv", out_dir);
  char *text = NULL;
  if (rc == 0 && read_text(path, &text)) {
    fprintf(err, "xposim: cannot read %s: %s\n", path, strerror(errno));
    rc = XPO_INTERNAL;
  }
  if (rc == 0) {
    /* the pass column's index in the header line */
    int pass_col = -1;
    char cellv[256];
    const char *eol = strchr(text, '\n');
    const char *q = text;
    for (int col = 0; eol && q; col++) {
      q = trace_csv_next(q, eol, cellv, sizeof cellv);
      if (!strcmp(cellv, "pass")) pass_col = col;
    }
    junit_t ju;
    junit_open(&ju, junit, s.name);
    for (const char *line = eol ? eol + 1 : NULL; pass_col >= 0 && line && *line;) {
      const char *end = strchr(line, '\n');
      if (!end) end = line + strlen(line);
      q = line;
      for (int c = 0; c <= pass_col && q; c++) q = trace_csv_next(q, end, cellv, sizeof cellv);
      char name[64];
      snprintf(name, sizeof name, "point %06ld", strtol(line, NULL, 10));
      junit_case(&ju, name, !strcmp(cellv, "1") ? NULL : "an expect failed");
      line = *end ? end + 1 : NULL;
    }
    if (pass_col < 0) {
      fprintf(err, "xposim: %s has no pass column\n", path);
      rc = XPO_INTERNAL;
    }
    if (junit_close(&ju) && rc == 0) rc = XPO_INTERNAL;
  }
  free(text);
  sweep__free(&s);
  topo_errs_free(&e);
  return rc;
}
