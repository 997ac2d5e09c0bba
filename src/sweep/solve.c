/* solve.c: goal seeking over one key (solve.h). */
#include "sweep/solve.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/rundir.h"
#include "run/expect.h"
#include "run/outdir.h"
#include "run/run.h"
#include "sweep/probe.h"
#include "sweep/spec.h"
#include "sweep/sweep.h"
#include "topo/topo.h"
#include "topo/ynode.h"
#include "trace/trace.h"
#include "util/exit.h"
#include "util/fileio.h"

/* One run at one value of the key. */
typedef struct probe {
  double x;
  int pass;
  int failed; /* the run stopped (a state that cannot happen) or was refused (no steady state at t = 0):
                 counted as not holding */
  double value[SOLVE_MAX_UNTIL];
} probe_t;

typedef struct solver {
  const solve_opts_t *o;
  FILE *err;
  ynode *base;
  char unit[32];
  double lo, hi, tol;
  char *final, tmp[4200];
  probe_t probe[SOLVE_MAX_RUNS];
  size_t n, nexp;
  const char *exp_text[SOLVE_MAX_UNTIL];
  char message[600]; /* why no answer, when there is none */
} solver_t;

/* "LO..HI": numbers, each with a unit or HI's alone. */
static int parse_range(solver_t *S) {
  const char *r = S->o->range, *dots = strstr(r, "..");
  char lo_text[64], lo_unit[32] = "";
  if (!dots || (size_t)(dots - r) >= sizeof lo_text) return -1;
  memcpy(lo_text, r, (size_t)(dots - r));
  lo_text[dots - r] = 0;
  if (sweep__split_qty(lo_text, &S->lo, lo_unit, sizeof lo_unit) ||
      sweep__split_qty(dots + 2, &S->hi, S->unit, sizeof S->unit))
    return -1;
  if (lo_unit[0] && strcmp(lo_unit, S->unit)) return -1;
  if (!isfinite(S->lo) || !isfinite(S->hi) || !(S->lo < S->hi)) return -1;
  S->tol = S->o->tol > 0 ? S->o->tol : (S->hi - S->lo) / 100;
  return S->tol >= (S->hi - S->lo) * 1e-6 ? 0 : -1;
}

/* The expect lines as a YAML flow list, each a double-quoted scalar. */
static char *until_yaml(const solve_opts_t *o) {
  size_t cap = 4;
  for (size_t i = 0; i < o->nuntil; i++) cap += 2 * strlen(o->until[i]) + 4;
  char *y = malloc(cap), *p = y;
  if (!y) abort();
  *p++ = '[';
  for (size_t i = 0; i < o->nuntil; i++) {
    if (i) *p++ = ',';
    *p++ = '"';
    for (const char *c = o->until[i]; *c; c++) {
      if (*c == '"' || *c == '\\') *p++ = '\\';
      *p++ = *c;
    }
    *p++ = '"';
  }
  *p++ = ']';
  *p = 0;
  return y;
}

/* The topology at value x, loaded and checked, written to runs/NN.yaml. */
static topo_t *probe_topology(solver_t *S, double x, const char *yaml_path) {
  char value[96], msg[512], what[320];
  if (S->unit[0])
    snprintf(value, sizeof value, "%.9g %s", x, S->unit);
  else
    snprintf(value, sizeof value, "%.9g", x);
  if (ynode_set(S->base, S->o->key, value, msg, sizeof msg)) {
    fprintf(S->err, "xposim: solve: --vary %s: %s\n", S->o->key, msg);
    return NULL;
  }
  snprintf(what, sizeof what, "solve: %s = %s", S->o->key, value);
  char published[4300];
  snprintf(published, sizeof published, "%s/runs/%02zu.yaml", S->final, S->n);
  return probe_load(S->base, yaml_path, published, what, S->err);
}

/* The run's pass and each expect line's value, from its summary.json. */
static int read_probe(solver_t *S, const char *run_dir, probe_t *p) {
  json_t *sum = probe_summary(run_dir, S->err);
  if (!sum) return XPO_INTERNAL;
  const char *status = json_string_value(json_object_get(sum, "status"));
  p->failed = status && !strcmp(status, "failed");
  p->pass = json_is_true(json_object_get(sum, "pass"));
  const json_t *ex = json_object_get(sum, "expect");
  for (size_t i = 0; i < S->nexp; i++) p->value[i] = rundir_num(json_array_get(ex, i), "value");
  json_decref(sum);
  return 0;
}

/* Run the design at x; the probe joins the list. */
static int run_probe(solver_t *S, double x) {
  if (S->n == SOLVE_MAX_RUNS) return XPO_INTERNAL;
  if (sweep_interrupted()) return XPO_INTERNAL;
  char yaml[4300], dir[4300];
  snprintf(yaml, sizeof yaml, "%s/runs/%02zu.yaml", S->tmp, S->n);
  snprintf(dir, sizeof dir, "%s/runs/%02zu", S->tmp, S->n);
  topo_t *t = probe_topology(S, x, yaml);
  if (!t) return XPO_BAD_INPUT;
  if (S->n == 0) {
    S->nexp = t->nexpects < SOLVE_MAX_UNTIL ? t->nexpects : SOLVE_MAX_UNTIL;
    for (size_t i = 0; i < S->nexp; i++) S->exp_text[i] = S->o->nuntil ? S->o->until[i] : NULL;
  }
  char *said = NULL;
  int rc = probe_run(t, dir, &said);
  topo_free(t);
  probe_t *p = &S->probe[S->n];
  memset(p, 0, sizeof *p);
  p->x = x;
  if (rc == XPO_BAD_INPUT) { /* loaded, but refused at t = 0: the design cannot run there */
    p->failed = 1;
    for (size_t e = 0; e < S->nexp; e++) p->value[e] = NAN;
  } else if (read_probe(S, dir, p)) {
    fputs(said, S->err);
    free(said);
    return XPO_INTERNAL;
  }
  if (!S->o->quiet) {
    char *nl = strchr(said, '\n');
    if (nl) *nl = 0;
    fprintf(S->err, "solve: %s = %.9g %s: %s%s\n", S->o->key, x, S->unit,
            p->failed ? "cannot run there, counted as not holding: "
            : p->pass ? "holds"
                      : "does not hold",
            p->failed ? said : "");
  }
  free(said);
  S->n++;
  return 0;
}

static int by_x(const void *a, const void *b) {
  double d = ((const probe_t *)a)->x - ((const probe_t *)b)->x;
  return (d > 0) - (d < 0);
}

/* Every expect's value moves one way with the key over the probes; else
 * the message names where it turns. */
static int monotone(solver_t *S) {
  probe_t s[SOLVE_MAX_RUNS];
  memcpy(s, S->probe, S->n * sizeof *s);
  qsort(s, S->n, sizeof *s, by_x);
  for (size_t e = 0; e < S->nexp; e++) {
    int dir = 0;
    double prev = NAN, prev_x = NAN;
    for (size_t i = 0; i < S->n; i++) {
      double v = s[i].value[e];
      if (!isfinite(v)) continue;
      if (isfinite(prev) && fabs(v - prev) > 1e-9 * fmax(1, fabs(v))) {
        int d = v > prev ? 1 : -1;
        if (dir && d != dir) {
          snprintf(S->message, sizeof S->message,
                   "expect %zu's value turns at %s = %.6g %s (%.6g after %.6g at %.6g): it does not move one way "
                   "with the key, so bisection cannot be trusted; narrow the range",
                   e + 1, S->o->key, prev_x, S->unit, v, prev, prev_x);
          return 0;
        }
        dir = d;
      }
      prev = v;
      prev_x = s[i].x;
    }
  }
  return 1;
}

/* Where the five first probes change from not holding to holding (or
 * back): 1 with the bracket's failing and holding ends, 0 with the
 * reason in S->message. */
static int first_look(solver_t *S, double *fail_x, double *pass_x, int *largest) {
  size_t switches = 0, at = 0;
  for (size_t i = 0; i + 1 < S->n; i++)
    if (S->probe[i].pass != S->probe[i + 1].pass) {
      switches++;
      at = i;
    }
  if (switches == 0) {
    snprintf(S->message, sizeof S->message,
             "the expects %s at every one of %d values from %.6g to %.6g %s: no boundary in the range; widen it",
             S->probe[0].pass ? "hold" : "fail", SOLVE_PROBES, S->lo, S->hi, S->unit);
    return 0;
  }
  if (switches > 1) {
    char seen[256] = "";
    for (size_t i = 0; i < S->n; i++) {
      size_t l = strlen(seen);
      snprintf(seen + l, sizeof seen - l, "%s%.6g %s", i ? ", " : "", S->probe[i].x,
               S->probe[i].pass ? "holds" : "fails");
    }
    snprintf(S->message, sizeof S->message,
             "the expects hold and fail more than once across the range (%s): not one boundary; narrow the range",
             seen);
    return 0;
  }
  *largest = S->probe[at].pass; /* holding below the change: the largest value that holds */
  *fail_x = S->probe[*largest ? at + 1 : at].x;
  *pass_x = S->probe[*largest ? at : at + 1].x;
  return 1;
}

/* Five probes, then halve the bracket until it is within the tolerance.
 * Returns 0 (answer in the bracket), 1 (none: S->message) or an exit code
 * above 1. */
static int search(solver_t *S, double *fail_x, double *pass_x, int *largest) {
  for (int i = 0; i < SOLVE_PROBES; i++) {
    int rc = run_probe(S, S->lo + (S->hi - S->lo) * i / (SOLVE_PROBES - 1));
    if (rc) return rc;
  }
  if (!monotone(S) || !first_look(S, fail_x, pass_x, largest)) return 1;
  while (fabs(*pass_x - *fail_x) > S->tol) {
    double mid = (*pass_x + *fail_x) / 2;
    int rc = run_probe(S, mid);
    if (rc) return rc;
    if (S->probe[S->n - 1].pass)
      *pass_x = mid;
    else
      *fail_x = mid;
    if (!monotone(S)) return 1;
  }
  return 0;
}

/* DIR/solve.csv: every probe in the order it ran. */
static int write_csv(const solver_t *S) {
  char path[4300];
  snprintf(path, sizeof path, "%s/solve.csv", S->tmp);
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  fprintf(f, "# xposim solve: %s from %.9g to %.9g %s; run N is runs/N/ (its topology runs/N.yaml)\n", S->o->key, S->lo,
          S->hi, S->unit);
  for (size_t e = 0; e < S->nexp; e++)
    fprintf(f, "# expect%zu: %s\n", e + 1, S->exp_text[e] ? S->exp_text[e] : "(the file's expect line)");
  fputs("run,value,unit,status,pass", f);
  for (size_t e = 0; e < S->nexp; e++) fprintf(f, ",expect%zu_value", e + 1);
  fputc('\n', f);
  for (size_t i = 0; i < S->n; i++) {
    const probe_t *p = &S->probe[i];
    fprintf(f, "%02zu,%.9g,%s,%s,%d", i, p->x, S->unit, p->failed ? "failed" : "ok", p->pass);
    for (size_t e = 0; e < S->nexp; e++)
      if (isfinite(p->value[e]))
        fprintf(f, ",%.9g", p->value[e]);
      else
        fputs(",", f);
    fputc('\n', f);
  }
  int bad = ferror(f);
  return fclose(f) || bad ? -1 : 0;
}

/* The probe at x (the bracket's ends are probes). */
static size_t probe_at(const solver_t *S, double x) {
  for (size_t i = 0; i < S->n; i++)
    if (S->probe[i].x == x) return i;
  return 0;
}

/* DIR/solve.json: the answer, or why there is none. */
static int write_json(const solver_t *S, int found, double fail_x, double pass_x, int largest) {
  char path[4300];
  snprintf(path, sizeof path, "%s/solve.json", S->tmp);
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  json_w j;
  json_begin(&j, f);
  json_u64(&j, "schema", 1);
  json_str(&j, "file", S->o->file);
  json_str(&j, "key", S->o->key);
  json_str(&j, "unit", S->unit);
  json_num(&j, "range_low", S->lo);
  json_num(&j, "range_high", S->hi);
  json_num(&j, "tolerance", S->tol);
  json_arr(&j, "until");
  for (size_t e = 0; e < S->nexp; e++) json_str(&j, NULL, S->exp_text[e] ? S->exp_text[e] : "");
  json_end_arr(&j);
  json_u64(&j, "runs", S->n);
  json_str(&j, "status", found ? "found" : "no-answer");
  if (found) {
    char run[16];
    snprintf(run, sizeof run, "runs/%02zu", probe_at(S, pass_x));
    json_str(&j, "find", largest ? "largest" : "smallest");
    json_num(&j, "answer", pass_x);
    json_num(&j, "fails_at", fail_x);
    json_num(&j, "within", fabs(pass_x - fail_x));
    json_str(&j, "answer_run", run);
  } else
    json_str(&j, "message", S->message);
  json_end_obj(&j);
  int bad = ferror(f);
  return fclose(f) || bad ? -1 : 0;
}

/* The working directory DIR.partial-PID, marked, with runs/ in it. */
static int start_dir(solver_t *S) {
  return probe_dir_start(S->o->out_dir, OUTDIR_SOLVE, S->o->file, &S->final, S->tmp, sizeof S->tmp, S->err);
}

static void print_answer(const solver_t *S, FILE *out, int found, double fail_x, double pass_x, int largest) {
  if (!found) {
    fprintf(out, "%s: no answer: %s (%zu runs in %s)\n", S->o->key, S->message, S->n, S->final);
    return;
  }
  fprintf(out,
          "%s: the %s value for which the expects hold is %.6g %s, within %.3g %s (they fail at %.6g %s); %zu "
          "runs in %s, the answer's in %s/runs/%02zu\n",
          S->o->key, largest ? "largest" : "smallest", pass_x, S->unit, fabs(pass_x - fail_x), S->unit, fail_x, S->unit,
          S->n, S->final, S->final, probe_at(S, pass_x));
  const probe_t *p = &S->probe[probe_at(S, pass_x)];
  for (size_t e = 0; e < S->nexp; e++)
    if (S->exp_text[e]) fprintf(out, "  there: %s (value %.6g)\n", S->exp_text[e], p->value[e]);
}

/* The file as a tree, its expect lines replaced by --until's. */
static int load_base(solver_t *S) {
  char *text = NULL, msg[512];
  size_t len = 0;
  if (file_read_all(S->o->file, &text, &len, 16u << 20)) {
    fprintf(S->err, "xposim: solve: cannot read %s: %s\n", S->o->file, strerror(errno));
    return XPO_BAD_INPUT;
  }
  int line = 0, col = 0;
  S->base = ynode_parse(text, len, &line, &col, msg, sizeof msg);
  free(text);
  if (!S->base) {
    fprintf(S->err, "%s:%d:%d: %s\n", S->o->file, line, col, msg);
    return XPO_BAD_INPUT;
  }
  for (size_t i = 0; S->o->set && i < ynode_pairs(S->o->set); i++)
    if (ynode_set(S->base, ynode_key(S->o->set, i)->str, ynode_val(S->o->set, i)->str, msg, sizeof msg)) {
      fprintf(S->err, "xposim: solve: set: %s\n", msg);
      return XPO_BAD_INPUT;
    }
  const ynode *ex = ynode_get(S->base, "expect");
  if (!S->o->nuntil && (!ex || ex->kind != YN_SEQ || ex->n == 0)) {
    fprintf(S->err, "xposim: solve: %s has no expect lines: give the expects to solve for (--until, solve.until)\n",
            S->o->file);
    return XPO_BAD_INPUT;
  }
  if (S->o->nuntil) {
    char *y = until_yaml(S->o);
    int bad = ynode_set(S->base, "expect", y, msg, sizeof msg);
    free(y);
    if (bad) {
      fprintf(S->err, "xposim: solve: --until: %s\n", msg);
      return XPO_BAD_INPUT;
    }
  }
  return 0;
}

int solve_run(const solve_opts_t *o, FILE *out, FILE *err) {
  solver_t *S = calloc(1, sizeof *S);
  if (!S) abort();
  S->o = o;
  S->err = err;
  int rc = 0;
  if (parse_range(S)) {
    fprintf(err,
            "xposim: solve: --range takes LO..HI with LO < HI in one unit (\"0.2..0.7 L/min\"), and --tol at "
            "least 1e-6 of the range, not '%.80s'\n",
            o->range);
    rc = XPO_BAD_INPUT;
  }
  if (!rc) rc = load_base(S);
  if (!rc) rc = start_dir(S);
  double fail_x = 0, pass_x = 0;
  int largest = 0, found = 0;
  if (!rc) {
    rc = search(S, &fail_x, &pass_x, &largest);
    found = rc == 0;
  }
  if (rc <= 1 && S->n) {
    if (write_csv(S) || write_json(S, found, fail_x, pass_x, largest)) {
      fprintf(err, "xposim: cannot write in %s: %s\n", S->tmp, strerror(errno));
      rc = XPO_INTERNAL;
    } else {
      int prc = outdir_publish(S->tmp, S->final, OUTDIR_SOLVE, err);
      if (prc)
        rc = prc;
      else
        print_answer(S, out, found, fail_x, pass_x, largest);
    }
  } else if (S->tmp[0] && rc > 1 && S->n == 0)
    trace_rm_rf(S->tmp); /* only its marker and an empty runs/ */
  else if (S->tmp[0] && rc > 1)
    fprintf(err, "xposim: solve stopped; the runs it made stay in %s\n", S->tmp);
  ynode_free(S->base);
  free(S->final);
  free(S);
  return rc;
}
