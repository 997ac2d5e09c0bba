/* sensitivity.c: one-at-a-time ranges of the estimates (sensitivity.h). */
#include "sweep/sensitivity.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/plot.h"
#include "report/rundir.h"
#include "run/outdir.h"
#include "sweep/probe.h"
#include "sweep/sweep.h"
#include "sweep/uncertain.h"
#include "switch/results.h"
#include "trace/trace.h"
#include "util/exit.h"

static const char *const DEFAULT_KPIS[] = {"max_module_junction_c", "max_asic_junction_c", "power_w_peak",
                                           "snr_margin_db_min", "throughput_tbps_min"};

/* One run's KPIs (NaN where the run failed or was refused). */
typedef struct {
  double kpi[SENS_MAX_KPIS];
  int ok;
} outcome_t;

typedef struct {
  const sens_opts_t *o;
  FILE *err;
  ynode *tree;
  uncertain_t *u;
  size_t nu, nkpi, runs;
  const char *kpi[SENS_MAX_KPIS];
  char *final, tmp[4200];
  outcome_t base, *lo, *hi;
  size_t *order; /* parameters by their effect on the first KPI, largest first */
} study_t;

/* Run the tree as it stands into runs/NNN. */
static int run_one(study_t *S, const char *what, outcome_t *r) {
  char yaml[4300], dir[4300], published[4300];
  snprintf(yaml, sizeof yaml, "%s/runs/%03zu.yaml", S->tmp, S->runs);
  snprintf(dir, sizeof dir, "%s/runs/%03zu", S->tmp, S->runs);
  snprintf(published, sizeof published, "%s/runs/%03zu.yaml", S->final, S->runs);
  S->runs++;
  if (sweep_interrupted()) return XPO_INTERNAL;
  topo_t *t = probe_load(S->tree, yaml, published, what, S->err);
  if (!t) return XPO_BAD_INPUT;
  char *said = NULL;
  int rc = probe_run(t, dir, &said);
  topo_free(t);
  for (size_t k = 0; k < S->nkpi; k++) r->kpi[k] = NAN;
  r->ok = 0;
  if (rc <= XPO_EXPECT_FAILED || rc == XPO_INTERNAL) { /* complete, or stopped by a model (its summary says) */
    json_t *sum = probe_summary(dir, S->err);
    const char *status = sum ? json_string_value(json_object_get(sum, "status")) : NULL;
    r->ok = status && strcmp(status, "failed");
    for (size_t k = 0; k < S->nkpi && r->ok; k++) r->kpi[k] = rundir_num(json_object_get(sum, "kpi"), S->kpi[k]);
    /* no summary: interrupted, or a write failed; not an outcome of the design */
    rc = sum ? 0 : XPO_INTERNAL;
    json_decref(sum);
  } else
    rc = 0; /* refused at t = 0 (no steady state): an outcome, not an error */
  if (!S->o->quiet) fprintf(S->err, "sensitivity: %s%s\n", what, r->ok ? "" : ": cannot run there (no result)");
  free(said);
  return rc;
}

/* Each parameter at its low and high end, the others at their defaults. */
static int run_all(study_t *S) {
  int rc = run_one(S, "the design as it is", &S->base);
  if (rc) return rc;
  for (size_t i = 0; i < S->nu && !rc; i++) {
    const uncertain_t *u = &S->u[i];
    char def[UNCERTAIN_TEXT], v[UNCERTAIN_TEXT], shown[96], dshown[96], what[400], msg[256];
    uncertain_text(u, u->def, def, sizeof def);
    uncertain_shown(u, u->def, dshown, sizeof dshown);
    for (int end = 0; end < 2 && !rc; end++) {
      uncertain_text(u, end ? u->hi : u->lo, v, sizeof v);
      uncertain_shown(u, end ? u->hi : u->lo, shown, sizeof shown);
      snprintf(what, sizeof what, "%s = %s (default %s)", u->path, shown, dshown);
      if (ynode_set(S->tree, u->path, v, msg, sizeof msg)) return XPO_INTERNAL;
      rc = run_one(S, what, end ? &S->hi[i] : &S->lo[i]);
    }
    if (ynode_set(S->tree, u->path, def, msg, sizeof msg)) return XPO_INTERNAL;
  }
  return rc;
}

/* How far parameter i moves KPI k from the design as it is (infinite when
 * an end cannot run: that moves the answer most of all). */
static double swing(const study_t *S, size_t i, size_t k) {
  double b = S->base.kpi[k], a = S->lo[i].kpi[k], c = S->hi[i].kpi[k];
  if (!S->lo[i].ok || !S->hi[i].ok) return INFINITY;
  double s = 0;
  if (isfinite(a) && isfinite(b)) s = fmax(s, fabs(a - b));
  if (isfinite(c) && isfinite(b)) s = fmax(s, fabs(c - b));
  return s;
}

static const study_t *sort_study;
static int by_swing(const void *a, const void *b) {
  size_t i = *(const size_t *)a, j = *(const size_t *)b;
  double si = swing(sort_study, i, 0), sj = swing(sort_study, j, 0);
  if (si != sj) return si > sj ? -1 : 1;
  return i < j ? -1 : i > j; /* ties in the file's order: the same table every time */
}

static void csv_num(FILE *f, double v) {
  if (isfinite(v))
    fprintf(f, ",%.9g", v);
  else
    fputs(",", f);
}

/* DIR/sensitivity.csv: one row per parameter, largest effect first. */
static int write_csv(const study_t *S) {
  char path[4300];
  snprintf(path, sizeof path, "%s/sensitivity.csv", S->tmp);
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  fprintf(f, "# xposim sensitivity: %s; each estimate at the ends of its range (docs/topology.md), one at a time\n",
          S->o->file);
  fputs("# the design as it is:", f);
  for (size_t k = 0; k < S->nkpi; k++) fprintf(f, " %s = %.9g;", S->kpi[k], S->base.kpi[k]);
  fputs("\nrank,key,unit,default,low,high", f);
  for (size_t k = 0; k < S->nkpi; k++) fprintf(f, ",%s_at_low,%s_at_high,%s_swing", S->kpi[k], S->kpi[k], S->kpi[k]);
  fputs(",what\n", f);
  for (size_t r = 0; r < S->nu; r++) {
    size_t i = S->order[r];
    const uncertain_t *u = &S->u[i];
    fprintf(f, "%zu,%s,%s,%.9g,%.9g,%.9g", r + 1, u->path, u->unit, u->def, u->lo, u->hi);
    for (size_t k = 0; k < S->nkpi; k++) {
      csv_num(f, S->lo[i].kpi[k]);
      csv_num(f, S->hi[i].kpi[k]);
      double s = swing(S, i, k);
      if (isinf(s))
        fputs(",cannot run", f);
      else
        csv_num(f, s);
    }
    fprintf(f, ",%s\n", u->label); /* names are plain words: no quoting needed */
  }
  int bad = ferror(f);
  return fclose(f) || bad ? -1 : 0;
}

static void print_table(const study_t *S, FILE *out) {
  size_t top = S->o->top > 0 ? (size_t)S->o->top : 10;
  fprintf(out, "%s: %zu estimates, ranked by how far each moves %s (%.6g as it is); %zu runs in %s\n", S->o->file,
          S->nu, S->kpi[0], S->base.kpi[0], S->runs, S->final);
  for (size_t r = 0; r < S->nu && r < top; r++) {
    size_t i = S->order[r];
    const uncertain_t *u = &S->u[i];
    char lo[64], hi[64];
    uncertain_shown(u, u->lo, lo, sizeof lo);
    uncertain_shown(u, u->hi, hi, sizeof hi);
    fprintf(out, "%3zu. %-52s %s .. %s: %s %.6g .. %.6g\n", r + 1, u->label, lo, hi, S->kpi[0], S->lo[i].kpi[0],
            S->hi[i].kpi[0]);
  }
}

static int finish(study_t *S, FILE *out) {
  S->order = malloc((S->nu + 1) * sizeof *S->order);
  if (!S->order) abort();
  for (size_t i = 0; i < S->nu; i++) S->order[i] = i;
  sort_study = S;
  qsort(S->order, S->nu, sizeof *S->order, by_swing);
  if (write_csv(S)) {
    fprintf(S->err, "xposim: cannot write in %s: %s\n", S->tmp, strerror(errno));
    return XPO_INTERNAL;
  }
  int rc = outdir_publish(S->tmp, S->final, OUTDIR_SENSITIVITY, S->err);
  if (rc) return rc;
  print_table(S, out);
  return plot_tornado(S->final, S->err);
}

/* --set KEY=VALUE on the design for every run; a key set so is no longer
 * uncertain. */
static int apply_sets(study_t *S) {
  for (size_t i = 0; i < S->o->nset; i++) {
    char key[200], msg[256];
    const char *eq = strchr(S->o->set[i], '=');
    if (!eq || eq == S->o->set[i] || (size_t)(eq - S->o->set[i]) >= sizeof key) return XPO_BAD_INPUT;
    snprintf(key, sizeof key, "%.*s", (int)(eq - S->o->set[i]), S->o->set[i]);
    if (ynode_set(S->tree, key, eq + 1, msg, sizeof msg)) {
      fprintf(S->err, "xposim: sensitivity: --set %s: %s\n", S->o->set[i], msg);
      return XPO_BAD_INPUT;
    }
    size_t k = 0;
    for (size_t j = 0; j < S->nu; j++)
      if (strcmp(S->u[j].path, key)) S->u[k++] = S->u[j];
    S->nu = k;
  }
  return 0;
}

int sensitivity_run(const sens_opts_t *o, FILE *out, FILE *err) {
  study_t S = {.o = o, .err = err};
  S.nkpi = o->nkpi ? o->nkpi : sizeof DEFAULT_KPIS / sizeof DEFAULT_KPIS[0];
  for (size_t k = 0; k < S.nkpi; k++) S.kpi[k] = o->nkpi ? o->kpi[k] : DEFAULT_KPIS[k];
  int rc = uncertain_list(o->file, &S.tree, &S.u, &S.nu, err);
  if (!rc && S.nu > SENS_MAX_PARAMS) {
    fprintf(err, "xposim: sensitivity: %zu uncertain parameters, above the limit of %d\n", S.nu, SENS_MAX_PARAMS);
    rc = XPO_BAD_INPUT;
  }
  if (!rc) rc = apply_sets(&S);
  if (!rc) rc = probe_dir_start(o->out_dir, OUTDIR_SENSITIVITY, o->file, &S.final, S.tmp, sizeof S.tmp, err);
  if (!rc) {
    S.lo = calloc(S.nu + 1, sizeof *S.lo);
    S.hi = calloc(S.nu + 1, sizeof *S.hi);
    if (!S.lo || !S.hi) abort();
    rc = run_all(&S);
    if (!rc)
      rc = finish(&S, out);
    else if (S.tmp[0])
      fprintf(err, "xposim: sensitivity stopped; the runs it made stay in %s\n", S.tmp);
  }
  ynode_free(S.tree);
  free(S.u);
  free(S.lo);
  free(S.hi);
  free(S.order);
  free(S.final);
  return rc;
}
