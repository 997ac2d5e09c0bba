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
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "report/junit.h"
#include "run/expect.h"
#include "run/run.h"
#include "spec.h"
#include "topo/topo.h"
#include "topo/units.h"
#include "topo/ynode.h"
#include "trace/trace.h"

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

/* The point's topology text, from the base tree. */
static char *point_text(const sweep_t *s, ynode *base, const size_t *idx, uint64_t seed, size_t *len, char *msg,
                        size_t msgsz, int *bad_axis) {
  *bad_axis = -1;
  char sb[32];
  snprintf(sb, sizeof sb, "%llu", (unsigned long long)seed);
  if (ynode_set(base, "seed", sb, msg, msgsz)) return NULL;
  if (s->set)
    for (size_t i = 0; i < ynode_pairs(s->set); i++)
      if (ynode_set(base, ynode_key(s->set, i)->str, ynode_val(s->set, i)->str, msg, msgsz)) return NULL;
  for (size_t a = 0; a < s->naxes; a++)
    if (ynode_set(base, s->axes[a].key, s->axes[a].values[idx[a]], msg, msgsz)) {
      *bad_axis = (int)a;
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

/* A number after "key": in a summary.json text (our own format). */
static double sweep_json_num(const char *j, const char *key, int *found) {
  char pat[96];
  snprintf(pat, sizeof pat, "\"%s\": ", key);
  const char *p = strstr(j, pat);
  if (found) *found = p != NULL;
  if (!p) return NAN;
  p += strlen(pat);
  if (!strncmp(p, "null", 4)) return NAN;
  if (!strncmp(p, "true", 4)) return 1;
  if (!strncmp(p, "false", 5)) return 0;
  return strtod(p, NULL);
}

typedef struct row {
  size_t point;
  char *prefix; /* point,axis values...,seed (from point.csv) */
  double *kpi;
  double *expect_pass;
  size_t nexp;
  int pass, pareto;
} row_t;

static int read_text(const char *path, char **out) { return topo_read_file(path, out, NULL, 64u << 20); }

typedef struct {
  size_t point;
  int dir;
} found_t;

static int found_cmp(const void *a, const void *b) {
  const found_t *x = a, *y = b;
  if (x->point != y->point) return x->point < y->point ? -1 : 1;
  return (x->dir > y->dir) - (x->dir < y->dir);
}

/* The points present under dir/points: their row prefixes, NNNNNN.csv
 * (written last by a worker). One directory listing, not a probe per
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

static void free_rows(row_t *rows, size_t n);

/* Rows from every complete point under each dir/points. */
static int gather(char **dirs, int ndirs, row_t **rows_out, size_t *nrows, char **header, FILE *err) {
  row_t *rows = NULL;
  size_t n = 0, cap = 0;
  *header = NULL;
  found_t *found = NULL;
  size_t nfound = 0, capfound = 0;
  for (int d = 0; d < ndirs; d++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/points/header.csv", dirs[d]);
    char *h = NULL;
    if (read_text(path, &h)) {
      fprintf(err, "xposim: %s is not a sweep directory (no points/header.csv)\n", dirs[d]);
      free(*header);
      *header = NULL;
      free(found);
      free_rows(rows, n);
      return 2;
    }
    if (!*header)
      *header = h;
    else
      free(h);
    if (list_points(dirs[d], d, &found, &nfound, &capfound)) {
      fprintf(err, "xposim: cannot list %s/points: %s\n", dirs[d], strerror(errno));
      free(*header);
      *header = NULL;
      free(found);
      free_rows(rows, n);
      return 3;
    }
  }
  /* In point order; a point complete in several directories is taken from the first. */
  qsort(found, nfound, sizeof *found, found_cmp);
  for (size_t f = 0; f < nfound; f++) {
    size_t p = found[f].point;
    if (n > 0 && rows[n - 1].point == p) continue;
    {
      char sp[4096], pp[4096];
      snprintf(sp, sizeof sp, "%s/points/%06zu/summary.json", dirs[found[f].dir], p);
      snprintf(pp, sizeof pp, "%s/points/%06zu.csv", dirs[found[f].dir], p);
      char *sum = NULL, *pre = NULL;
      if (read_text(sp, &sum) || read_text(pp, &pre)) {
        free(sum);
        free(pre);
        continue; /* not complete */
      }
      if (n == cap) {
        cap = cap ? 2 * cap : 64;
        rows = realloc(rows, cap * sizeof *rows);
        if (!rows) abort();
      }
      row_t *r = &rows[n++];
      memset(r, 0, sizeof *r);
      r->point = p;
      char *nl = strchr(pre, '\n');
      if (nl) *nl = 0;
      r->prefix = pre;
      r->kpi = calloc(KPI_COUNT_, sizeof *r->kpi);
      if (!r->kpi) abort();
      for (int k = 0; k < KPI_COUNT_; k++) r->kpi[k] = sweep_json_num(sum, kpi_name((kpi_id_t)k), NULL);
      /* expects: every "pass": inside the expect list, then the overall one */
      const char *e = strstr(sum, "\"expect\": [");
      r->expect_pass = calloc(64, sizeof *r->expect_pass);
      if (!r->expect_pass) abort();
      while (e && r->nexp < 64) {
        const char *q = strstr(e, "\"pass\": ");
        const char *end = strstr(e, "\n  ]");
        if (!q || (end && q > end)) break;
        r->expect_pass[r->nexp++] = !strncmp(q + 8, "true", 4);
        e = q + 8;
      }
      r->pass = sweep_json_num(sum, "pass", NULL) == 1;
      free(sum);
    }
  }
  free(found);
  *rows_out = rows;
  *nrows = n;
  return 0;
}

static int kpi_index(const char *name) {
  for (int k = 0; k < KPI_COUNT_; k++)
    if (!strcmp(name, kpi_name((kpi_id_t)k))) return k;
  return -1;
}

/* Write results.csv; the pareto objectives come from the header's comment. */
static int write_results(const char *out_dir, row_t *rows, size_t n, const char *header, FILE *err) {
  /* header: "# pareto: min a, max b\n" then "point,axes...,seed\n" */
  int obj[SWEEP_MAX_PARETO], maxi[SWEEP_MAX_PARETO], nobj = 0;
  const char *line2 = header;
  if (!strncmp(header, "# pareto:", 9)) {
    const char *p = header + 9;
    const char *eol = strchr(p, '\n');
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
    line2 = eol ? eol + 1 : header;
  }
  for (size_t i = 0; i < n; i++) {
    rows[i].pareto = nobj > 0;
    for (size_t j = 0; j < n && rows[i].pareto; j++) {
      if (i == j) continue;
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
  char path[4096], tmp[4200];
  snprintf(path, sizeof path, "%s/results.csv", out_dir);
  snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "w");
  if (!f) {
    fprintf(err, "xposim: cannot write %s: %s\n", tmp, strerror(errno));
    return 3;
  }
  char h2[8192];
  snprintf(h2, sizeof h2, "%s", line2);
  char *nl = strchr(h2, '\n');
  if (nl) *nl = 0;
  fprintf(f, "%s,pass,pareto", h2);
  for (int k = 0; k < KPI_COUNT_; k++) fprintf(f, ",%s", kpi_name((kpi_id_t)k));
  size_t nexp = n ? rows[0].nexp : 0;
  for (size_t e = 0; e < nexp; e++) fprintf(f, ",expect%zu_pass", e);
  fputc('\n', f);
  for (size_t i = 0; i < n; i++) {
    fprintf(f, "%s,%d,%d", rows[i].prefix, rows[i].pass, rows[i].pareto);
    for (int k = 0; k < KPI_COUNT_; k++) {
      char b[40];
      trace_fmt_g9(b, rows[i].kpi[k]);
      fprintf(f, ",%s", b);
    }
    for (size_t e = 0; e < nexp; e++) fprintf(f, ",%d", e < rows[i].nexp ? (int)rows[i].expect_pass[e] : 0);
    fputc('\n', f);
  }
  int bad = ferror(f);
  if (fclose(f) || bad || rename(tmp, path)) {
    fprintf(err, "xposim: writing %s failed\n", path);
    return 3;
  }
  return 0;
}

static void free_rows(row_t *rows, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(rows[i].prefix);
    free(rows[i].kpi);
    free(rows[i].expect_pass);
  }
  free(rows);
}

int sweep_merge(const char *out_dir, char **dirs, int ndirs, FILE *err) {
  row_t *rows;
  size_t n;
  char *header;
  int rc = gather(dirs, ndirs, &rows, &n, &header, err);
  if (rc) return rc;
  if (trace_mkdir_p(out_dir)) {
    fprintf(err, "xposim: cannot create %s: %s\n", out_dir, strerror(errno));
    free_rows(rows, n);
    free(header);
    return 3;
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

static void progress(const sweep_opts_t *o, size_t done, size_t total, double t0, size_t point, int rc) {
  if (o->quiet) return;
  double el = mono_s() - t0, eta = done ? el / (double)done * (double)(total - done) : 0;
  const char *tag = o->tag ? o->tag : "";
  if (isatty(2)) {
    int w = 30, fill = total ? (int)((double)done / (double)total * w) : w;
    fprintf(stderr, "\r%s[%.*s%*s] %zu/%zu points, ETA %.0f s ", tag, fill, "##############################", w - fill, "",
            done, total, eta);
    if (done == total) fputc('\n', stderr);
  } else {
    fprintf(stderr, "%spoint %06zu: %s (%zu/%zu, ETA %.0f s)\n", tag, point,
            rc == 0    ? "ok"
            : rc == 1  ? "expect failed"
            : rc == -1 ? "skipped: done"
                       : "failed",
            done, total, eta);
  }
}

static volatile int sweep__stop;
void sweep_interrupt(void) { sweep__stop = 1; }
int sweep_interrupted(void) { return sweep__stop; }

typedef struct job {
  size_t point;
  pid_t pid;
} job_t;

int sweep_run(const char *spec_path, const sweep_opts_t *o, FILE *err) {
  topo_errs_t e;
  topo_errs_init(&e, spec_path);
  sweep_t s;
  if (sweep__load(spec_path, &s, &e)) {
    topo_errs_print(&e, err);
    topo_errs_free(&e);
    sweep__free(&s);
    return 2;
  }
  size_t total = npoints(&s);
  if (total > SWEEP_MAX_POINTS) {
    fprintf(err, "%s:%d:%d: the axes make %zu points; the limit is %d\n", spec_path, s.axes_line, s.axes_col, total,
            SWEEP_MAX_POINTS);
    sweep__free(&s);
    topo_errs_free(&e);
    return 2;
  }
  char *btext;
  size_t blen;
  if (topo_read_file(s.base, &btext, &blen, 8u << 20)) {
    fprintf(err, "%s:%d:%d: base topology %s: %s\n", spec_path, s.base_line, s.base_col, s.base, strerror(errno));
    sweep__free(&s);
    topo_errs_free(&e);
    return 2;
  }
  /* Every point is built and checked before any runs: a bad point is bad input. */
  size_t *idx = calloc(s.naxes + 1, sizeof *idx);
  char **texts = calloc(total, sizeof *texts);
  size_t *lens = calloc(total, sizeof *lens);
  uint8_t *run_it = calloc(total, 1);
  if (!idx || !texts || !lens || !run_it) abort();
  int bad = 0;
  size_t todo = 0;
  for (size_t p = 0; p < total && !bad; p++) {
    point_index(&s, p, idx);
    if (!point_allowed(&s, idx)) continue;
    if (o->nshards > 1 && (int)(p % (size_t)o->nshards) != o->shard) continue;
    int line, col;
    char msg[256];
    ynode *base = ynode_parse(btext, blen, &line, &col, msg, sizeof msg);
    if (!base) {
      fprintf(err, "%s:%d:%d: %s\n", s.base, line, col, msg);
      bad = 1;
      break;
    }
    int bad_axis;
    texts[p] = point_text(&s, base, idx, point_seed(&s, p), &lens[p], msg, sizeof msg, &bad_axis);
    ynode_free(base);
    if (!texts[p]) {
      fprintf(err, "%s:%d:%d: %s\n", spec_path, bad_axis >= 0 ? s.axes[bad_axis].line : 1,
              bad_axis >= 0 ? s.axes[bad_axis].col : 1, msg);
      bad = 1;
      break;
    }
    char label[64];
    snprintf(label, sizeof label, "%s#point%06zu", spec_path, p);
    topo_errs_t pe;
    topo_errs_init(&pe, label);
    topo_t *t = topo_load_text(label, texts[p], lens[p], &pe);
    if (!t) {
      for (size_t i = 0; i < pe.n; i++) {
        fprintf(err, "%s:%d:%d: point %zu (", spec_path, s.axes_line, s.axes_col, p);
        for (size_t a = 0; a < s.naxes; a++)
          fprintf(err, "%s%s = %s", a ? ", " : "", s.axes[a].key, s.axes[a].values[idx[a]]);
        fprintf(err, "): %s\n", pe.v[i].msg);
      }
      bad = 1;
    }
    topo_free(t);
    topo_errs_free(&pe);
    run_it[p] = 1;
    todo++;
  }
  free(btext);
  int rc = bad ? 2 : 0;
  char points_dir[4096];
  snprintf(points_dir, sizeof points_dir, "%s/points", o->out_dir);
  if (!bad && trace_mkdir_p(points_dir)) {
    fprintf(err, "xposim: cannot create %s: %s\n", points_dir, strerror(errno));
    rc = 3;
  }
  if (rc == 0) { /* the header: pareto objectives, then the row prefix's columns */
    char hp[4200], htmp[4300];
    snprintf(hp, sizeof hp, "%s/header.csv", points_dir);
    /* through a temporary name: shards sharing DIR each write the same bytes */
    snprintf(htmp, sizeof htmp, "%s.tmp-%ld", hp, (long)getpid());
    FILE *f = fopen(htmp, "w");
    if (!f)
      rc = 3;
    else {
      fprintf(f, "# pareto:");
      for (size_t i = 0; i < s.npareto; i++)
        fprintf(f, "%s %s %s", i ? "," : "", s.pareto[i].maximize ? "max" : "min", s.pareto[i].kpi);
      fprintf(f, "\npoint");
      for (size_t a = 0; a < s.naxes; a++) {
        fputc(',', f);
        trace_csv_cell(f, s.axes[a].key);
      }
      fprintf(f, ",seed\n");
      if (fclose(f) || rename(htmp, hp)) rc = 3;
    }
  }
  junit_t ju;
  junit_open(&ju, o->junit, s.name);
  double t0 = mono_s();
  size_t done = 0;
  int any_fail = 0;
  job_t *jobs = calloc((size_t)(o->jobs > 0 ? o->jobs : 1), sizeof *jobs);
  if (!jobs) abort();
  int njobs = 0, maxj = o->jobs > 0 ? o->jobs : 1;
  for (size_t p = 0; rc == 0 && p <= total; p++) {
    if (sweep_interrupted()) { /* stop starting points; the workers were told too */
      for (int j = 0; j < njobs; j++) kill(jobs[j].pid, SIGTERM);
      p = total;
    }
    /* Wait for a worker when all are busy, or at the end for all of them. */
    while (njobs > 0 && (njobs == maxj || p == total)) {
      int st;
      pid_t w = wait(&st);
      if (w < 0) {
        if (errno == EINTR) {
          if (sweep_interrupted())
            for (int j = 0; j < njobs; j++) kill(jobs[j].pid, SIGTERM);
          continue;
        }
        break;
      }
      for (int j = 0; j < njobs; j++)
        if (jobs[j].pid == w) {
          int code = WIFEXITED(st) ? WEXITSTATUS(st) : 3;
          size_t pt = jobs[j].point;
          jobs[j] = jobs[--njobs];
          done++;
          if (code == 1) any_fail = 1;
          if (code > 1) rc = 3;
          char name[64], msg[128];
          snprintf(name, sizeof name, "point %06zu", pt);
          snprintf(msg, sizeof msg, code == 1 ? "an expect failed" : "the run failed (exit %d)", code);
          junit_case(&ju, name, code == 0 ? NULL : msg);
          progress(o, done, todo, t0, pt, code);
          break;
        }
    }
    if (p == total || !run_it[p]) continue;
    char dir[4200], pre[4200];
    snprintf(dir, sizeof dir, "%s/%06zu", points_dir, p);
    snprintf(pre, sizeof pre, "%s/%06zu.csv", points_dir, p);
    /* Done before with the same input? */
    char sum_path[4300];
    snprintf(sum_path, sizeof sum_path, "%s/summary.json", dir);
    char *old = NULL;
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < lens[p]; i++) h = (h ^ (unsigned char)texts[p][i]) * 1099511628211ull;
    char hs[48];
    snprintf(hs, sizeof hs, "fnv1a64:%016llx", (unsigned long long)h);
    struct stat st;
    if (!read_text(sum_path, &old) && strstr(old, hs) && !stat(pre, &st)) {
      free(old);
      done++;
      int pass = 1;
      char *again = NULL;
      if (!read_text(sum_path, &again)) pass = strstr(again, "\"pass\": true\n}") != NULL;
      free(again);
      if (!pass) any_fail = 1;
      char name[64];
      snprintf(name, sizeof name, "point %06zu", p);
      junit_case(&ju, name, pass ? NULL : "an expect failed");
      progress(o, done, todo, t0, p, -1);
      continue;
    }
    free(old);
    /* The point's topology, kept: any point can be run again on its own. */
    char yp[4200];
    snprintf(yp, sizeof yp, "%s/%06zu.yaml", points_dir, p);
    FILE *yf = fopen(yp, "w");
    if (!yf || fwrite(texts[p], 1, lens[p], yf) != lens[p] || fclose(yf)) {
      fprintf(err, "xposim: cannot write %s\n", yp);
      rc = 3;
      break;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
      rc = 3;
      break;
    }
    if (pid == 0) { /* a worker: one point, one process (SystemC elaborates once) */
      topo_errs_t pe;
      topo_errs_init(&pe, yp);
      topo_t *t = topo_load(yp, &pe);
      if (!t) _exit(2);
      run_opts_t ro = {dir, o->kernel, 1, 0, 0};
      int code = run_topology(t, &ro, stderr);
      if (code <= 1) { /* the row prefix, once the run is complete */
        point_index(&s, p, idx);
        FILE *f = fopen(pre, "w");
        if (!f) _exit(3);
        fprintf(f, "%zu", p);
        for (size_t a = 0; a < s.naxes; a++) {
          fputc(',', f);
          trace_csv_cell(f, s.axes[a].values[idx[a]]);
        }
        fprintf(f, ",%llu\n", (unsigned long long)point_seed(&s, p));
        if (fclose(f)) _exit(3);
      }
      _exit(code);
    }
    jobs[njobs++] = (job_t){p, pid};
  }
  free(jobs);
  junit_close(&ju);
  if (sweep_interrupted()) {
    fprintf(err, "xposim: sweep interrupted: %zu of %zu points done; run it again to resume\n", done, todo);
    if (rc == 0) rc = 3;
  }
  if (!o->no_merge && (rc == 0 || sweep_interrupted())) { /* results for what is done, even when interrupted */
    char *dirs[1] = {(char *)o->out_dir};
    int mrc = sweep_merge(o->out_dir, dirs, 1, err);
    if (rc == 0) rc = mrc;
  }
  for (size_t p = 0; p < total; p++) free(texts[p]);
  free(texts);
  free(lens);
  free(run_it);
  free(idx);
  sweep__free(&s);
  topo_errs_free(&e);
  if (rc == 0 && any_fail) rc = 1;
  return rc;
}

int sweep_junit_results(const char *spec_path, const char *out_dir, const char *junit, FILE *err) {
  topo_errs_t e;
  topo_errs_init(&e, spec_path);
  sweep_t s;
  int rc = 0;
  if (sweep__load(spec_path, &s, &e)) {
    topo_errs_print(&e, err);
    rc = 2;
  }
  char path[4200];
  snprintf(path, sizeof path, "%s/results.csv", out_dir);
  char *text = NULL;
  if (rc == 0 && read_text(path, &text)) {
    fprintf(err, "xposim: cannot read %s: %s\n", path, strerror(errno));
    rc = 3;
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
      rc = 3;
    }
    if (junit_close(&ju) && rc == 0) rc = 3;
  }
  free(text);
  sweep__free(&s);
  topo_errs_free(&e);
  return rc;
}
