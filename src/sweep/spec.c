/* spec.c: the sweep file loader (spec.h). */
#include "spec.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/expect.h"
#include "topo/units.h"
#include "util/fileio.h"

void sweep__free(sweep_t *s) {
  for (size_t a = 0; a < s->naxes; a++) {
    for (size_t i = 0; i < s->axes[a].n; i++) free(s->axes[a].values[i]);
    free(s->axes[a].values);
  }
  ynode_free(s->set);
}

/* A key path names keys of a topology: it becomes a CSV column and a
 * figure's axis title, so it holds no quote, comma or control character. */
int sweep__key_path_ok(const char *p) {
  size_t n = strlen(p);
  if (n < 1 || n > 127) return 0;
  for (; *p; p++)
    if (!isalnum((unsigned char)*p) && !strchr("_.+-[]", *p)) return 0;
  return 1;
}

static char *xstrdup(const char *s) {
  char *d = malloc(strlen(s) + 1);
  if (!d) abort();
  strcpy(d, s);
  return d;
}

/* "30 C" -> 30 and "C". */
int sweep__split_qty(const char *s, double *v, char *unit, size_t n) {
  char *end;
  *v = strtod(s, &end);
  if (end == s || !isfinite(*v)) return -1;
  while (*end == ' ') end++;
  snprintf(unit, n, "%s", end);
  return 0;
}

int sweep__load(const char *path, sweep_t *s, topo_errs_t *e) {
  memset(s, 0, sizeof *s);
  char *text;
  size_t len;
  if (file_read_all(path, &text, &len, 8u << 20)) {
    topo_errs_add(e, 1, 1, "cannot open: %s", strerror(errno));
    return -1;
  }
  int rc = sweep__load_text(path, text, len, s, e);
  free(text);
  return rc;
}

/* set: key paths and values applied to every point; the subtree is kept. */
static void load_set(topo_errs_t *e, ynode *root, sweep_t *s) {
  ynode *set = ynode_get(root, "set");
  if (set) {
    if (set->kind != YN_MAP)
      topo_errs_add(e, set->line, set->col, "set must map key paths to values");
    else {
      for (size_t i = 0; i < ynode_pairs(set); i++)
        if (!sweep__key_path_ok(ynode_key(set, i)->str))
          topo_errs_add(e, ynode_key(set, i)->line, ynode_key(set, i)->col,
                        "set: a key path is names and [index] joined by '.' (letters, digits, _ . + - [ ])");
        else if (ynode_val(set, i)->kind != YN_SCALAR)
          topo_errs_add(e, ynode_val(set, i)->line, ynode_val(set, i)->col, "set.%s: values are single scalars",
                        ynode_key(set, i)->str);
      /* keep the subtree: detach it from root */
      for (size_t i = 1; i < root->n; i += 2)
        if (root->items[i] == set) root->items[i] = NULL;
      s->set = set;
    }
  }
}

/* Axis i: its key, then its values (a list, or from/to/steps). 1 if usable. */
static int load_axis_values(topo_errs_t *e, ynode *a, size_t i, axis_t *x) {
  ynode *vals = ynode_get(a, "values");
  ynode *from = ynode_get(a, "from"), *to = ynode_get(a, "to"), *steps = ynode_get(a, "steps"),
        *scale = ynode_get(a, "scale");
  if (vals) {
    if (vals->kind != YN_SEQ || vals->n == 0 || vals->n > SWEEP_MAX_VALUES) {
      topo_errs_add(e, vals->line, vals->col, "axes[%zu].values: a list of 1 to %d values", i, SWEEP_MAX_VALUES);
      return 0;
    }
    x->values = calloc(vals->n, sizeof *x->values);
    if (!x->values) abort();
    for (size_t j = 0; j < vals->n; j++) {
      if (vals->items[j]->kind != YN_SCALAR) {
        topo_errs_add(e, vals->items[j]->line, vals->items[j]->col, "axes[%zu].values: scalars only", i);
        continue; /* the other values are still read; the axis keeps what it has */
      }
      x->values[x->n++] = xstrdup(vals->items[j]->str);
    }
  } else if (from && to && steps) {
    double f, t;
    char uf[32], ut[32];
    long n = 0;
    if (steps->kind != YN_SCALAR || unit_parse_long(steps->str, &n)) n = 0; /* refused below as too few */
    int logs = scale && scale->kind == YN_SCALAR && !strcmp(scale->str, "log");
    if (scale && !(scale->kind == YN_SCALAR && (!strcmp(scale->str, "log") || !strcmp(scale->str, "linear"))))
      topo_errs_add(e, scale->line, scale->col, "axes[%zu].scale must be linear or log", i);
    if (from->kind != YN_SCALAR || to->kind != YN_SCALAR || sweep__split_qty(from->str, &f, uf, sizeof uf) ||
        sweep__split_qty(to->str, &t, ut, sizeof ut) || strcmp(uf, ut)) {
      topo_errs_add(e, a->line, a->col, "axes[%zu]: from and to must be numbers with the same unit", i);
      return 0;
    }
    if (n < 2 || n > SWEEP_MAX_VALUES) {
      topo_errs_add(e, steps->line, steps->col, "axes[%zu].steps: 2 to %d", i, SWEEP_MAX_VALUES);
      return 0;
    }
    if (logs && !(f > 0 && t > 0)) {
      topo_errs_add(e, a->line, a->col, "axes[%zu]: a log range needs positive ends", i);
      return 0;
    }
    x->values = calloc((size_t)n, sizeof *x->values);
    if (!x->values) abort();
    for (long j = 0; j < n; j++) {
      double w = (double)j / (double)(n - 1);
      double val = logs ? f * pow(t / f, w) : f + (t - f) * w;
      char buf[64];
      snprintf(buf, sizeof buf, "%.6g%s%s", val, uf[0] ? " " : "", uf);
      x->values[x->n++] = xstrdup(buf);
    }
  } else {
    topo_errs_add(e, a->line, a->col, "axes[%zu]: give values: [...] or from, to, steps (and scale)", i);
    return 0;
  }
  return 1;
}

static int load_axis(topo_errs_t *e, ynode *a, size_t i, axis_t *x) {
  x->line = a->line;
  x->col = a->col;
  ynode *k = a->kind == YN_MAP ? ynode_get(a, "key") : NULL;
  if (k && k->kind == YN_SCALAR && !sweep__key_path_ok(k->str)) {
    topo_errs_add(e, k->line, k->col,
                  "axes[%zu].key: a key path is names and [index] joined by '.' (letters, digits, _ . + - [ ]), "
                  "at most 127 characters",
                  i);
    return 0;
  }
  if (!k || k->kind != YN_SCALAR || strlen(k->str) >= sizeof x->key) {
    topo_errs_add(e, a->line, a->col, "axes[%zu]: key (a key path such as coolant.supply) is required", i);
    return 0;
  }
  snprintf(x->key, sizeof x->key, "%s", k->str);
  return load_axis_values(e, a, i, x);
}

/* monte_carlo: { samples: N, seed: S }: the sweep's one axis is the
 * sample, each point drawing the design's uncertain parameters. */
static int load_monte_carlo(topo_errs_t *e, ynode *root, sweep_t *s) {
  ynode *mc = ynode_get(root, "monte_carlo");
  if (!mc) return 0;
  ynode *n = mc->kind == YN_MAP ? ynode_get(mc, "samples") : NULL,
        *sd = mc->kind == YN_MAP ? ynode_get(mc, "seed") : NULL;
  char *end = NULL;
  unsigned long long samples = n && n->kind == YN_SCALAR ? strtoull(n->str, &end, 10) : 0;
  int bad = !n || n->kind != YN_SCALAR || !end || *end || samples < 2 || samples > SWEEP_MAX_VALUES * 10ull ||
            n->str[0] == '-';
  for (size_t i = 0; mc->kind == YN_MAP && i < ynode_pairs(mc); i++)
    bad |= strcmp(ynode_key(mc, i)->str, "samples") && strcmp(ynode_key(mc, i)->str, "seed");
  s->mc.seed = 1;
  if (sd) {
    end = NULL;
    s->mc.seed = sd->kind == YN_SCALAR && sd->str[0] != '-' ? strtoull(sd->str, &end, 10) : 0;
    bad |= !end || *end || sd->kind != YN_SCALAR || sd->str[0] == 0;
  }
  if (bad) {
    topo_errs_add(e, mc->line, mc->col, "monte_carlo: { samples: N, seed: S } with 2 <= N <= %d and a whole seed",
                  SWEEP_MAX_VALUES * 10);
    return 1;
  }
  if (ynode_get(root, "axes") || ynode_get(root, "constraints")) {
    topo_errs_add(e, mc->line, mc->col, "monte_carlo: its samples are the sweep's points; give no axes or constraints");
    return 1;
  }
  axis_t *x = &s->axes[0];
  snprintf(x->key, sizeof x->key, "%s", SWEEP_MC_AXIS);
  x->values = calloc((size_t)samples, sizeof *x->values);
  if (!x->values) abort();
  for (size_t i = 0; i < samples; i++) {
    char v[24];
    snprintf(v, sizeof v, "%zu", i);
    x->values[i] = xstrdup(v);
  }
  x->n = (size_t)samples;
  x->line = mc->line;
  x->col = mc->col;
  s->axes_line = mc->line;
  s->axes_col = mc->col;
  s->naxes = 1;
  s->mc.samples = (size_t)samples;
  return 1;
}

/* One scalar of solve:, or an error at the section. */
static const char *solve_scalar(topo_errs_t *e, ynode *sv, const char *key, int required) {
  ynode *v = ynode_get(sv, key);
  if (v && v->kind == YN_SCALAR && v->str[0]) return v->str;
  if (v || required)
    topo_errs_add(e, v ? v->line : sv->line, v ? v->col : sv->col, "solve.%s: %s", key,
                  !strcmp(key, "vary") ? "a key path such as coolant.flow" : "a text \"LO..HI\" in one unit");
  return NULL;
}

static void load_solve_until(topo_errs_t *e, ynode *u, sweep_t *s) {
  if (u->kind != YN_SEQ || u->n < 1 || u->n > SWEEP_SOLVE_UNTIL) {
    topo_errs_add(e, u->line, u->col, "solve.until: a list of 1 to %d expect lines", SWEEP_SOLVE_UNTIL);
    return;
  }
  for (size_t i = 0; i < u->n; i++) {
    ynode *x = u->items[i];
    if (x->kind != YN_SCALAR || strlen(x->str) >= sizeof s->solve.until[0]) {
      topo_errs_add(e, x->line, x->col, "solve.until[%zu]: an expect line of at most %zu characters", i,
                    sizeof s->solve.until[0] - 1);
      continue;
    }
    snprintf(s->solve.until[s->solve.nuntil++], sizeof s->solve.until[0], "%s", x->str);
  }
}

/* solve: { vary: KEY, range: "LO..HI", until: [EXPECT...], tol: X }: the
 * file runs `xposim solve` on its base (with set applied) instead of
 * points; the range and tolerance are checked as the command checks them. */
static int load_solve(topo_errs_t *e, ynode *root, sweep_t *s) {
  ynode *sv = ynode_get(root, "solve");
  if (!sv) return 0;
  s->solve.present = 1;
  if (sv->kind != YN_MAP) {
    topo_errs_add(e, sv->line, sv->col, "solve: a mapping { vary, range, until, tol }");
    return 1;
  }
  static const char *const keys[] = {"vary", "range", "until", "tol"};
  for (size_t i = 0; i < ynode_pairs(sv); i++) {
    int ok = 0;
    for (int k = 0; k < 4; k++) ok |= !strcmp(ynode_key(sv, i)->str, keys[k]);
    if (!ok)
      topo_errs_add(e, ynode_key(sv, i)->line, ynode_key(sv, i)->col,
                    "unknown key '%s' in solve (expected vary, range, until, tol)", ynode_key(sv, i)->str);
  }
  const char *key = solve_scalar(e, sv, "vary", 1), *range = solve_scalar(e, sv, "range", 1);
  if (key && !sweep__key_path_ok(key))
    topo_errs_add(e, sv->line, sv->col, "solve.vary: a key path such as coolant.flow");
  snprintf(s->solve.key, sizeof s->solve.key, "%s", key ? key : "");
  snprintf(s->solve.range, sizeof s->solve.range, "%s", range ? range : "");
  ynode *u = ynode_get(sv, "until"), *tol = ynode_get(sv, "tol");
  if (u) load_solve_until(e, u, s);
  char *end = NULL;
  if (tol && (tol->kind != YN_SCALAR || (s->solve.tol = strtod(tol->str, &end), end == tol->str || *end) ||
              !(s->solve.tol > 0) || !isfinite(s->solve.tol)))
    topo_errs_add(e, tol->line, tol->col, "solve.tol: a positive number in the range's unit");
  static const char *const alone[] = {"axes", "constraints", "pareto", "monte_carlo"};
  for (int k = 0; k < 4; k++)
    if (ynode_get(root, alone[k]))
      topo_errs_add(e, sv->line, sv->col, "solve: a solve makes its own runs; give no %s", alone[k]);
  return 1;
}

static void load_axes(topo_errs_t *e, ynode *root, sweep_t *s) {
  if (load_solve(e, root, s) || load_monte_carlo(e, root, s)) return;
  ynode *ax = ynode_get(root, "axes");
  if (ax) {
    s->axes_line = ax->line;
    s->axes_col = ax->col;
  }
  if (!ax || ax->kind != YN_SEQ || ax->n == 0 || ax->n > SWEEP_MAX_AXES)
    topo_errs_add(e, ax ? ax->line : root->line, ax ? ax->col : root->col, "axes: a list of 1 to %d axes is required",
                  SWEEP_MAX_AXES);
  else
    for (size_t i = 0; i < ax->n; i++)
      if (load_axis(e, ax->items[i], i, &s->axes[s->naxes])) s->naxes++;
}

static void load_constraints(topo_errs_t *e, ynode *root, sweep_t *s) {
  ynode *cs = ynode_get(root, "constraints");
  if (cs && (cs->kind != YN_SEQ || cs->n > SWEEP_MAX_CONSTRAINTS))
    topo_errs_add(e, cs->line, cs->col, "constraints: a list of up to %d texts \"KEY OP VALUE\"",
                  SWEEP_MAX_CONSTRAINTS);
  else if (cs)
    for (size_t i = 0; i < cs->n; i++) {
      ynode *c = cs->items[i];
      char key[128], op[4], val[64];
      int got = c->kind == YN_SCALAR ? sscanf(c->str, "%127s %3s %63[^\n]", key, op, val) : 0;
      static const char *const ops[] = {"<", "<=", ">", ">=", "==", "!="};
      int opi = -1, axi = -1;
      for (int k = 0; got == 3 && k < 6; k++)
        if (!strcmp(op, ops[k])) opi = k;
      for (size_t k = 0; got == 3 && k < s->naxes; k++)
        if (!strcmp(key, s->axes[k].key)) axi = (int)k;
      double v2;
      char unit[32];
      if (got != 3 || opi < 0 || axi < 0 || sweep__split_qty(val, &v2, unit, sizeof unit)) {
        topo_errs_add(
            e, c->line, c->col,
            "constraints[%zu]: expected \"AXIS-KEY OP VALUE\" over an axis key, OP one of < <= > >= == !=", i);
        continue;
      }
      s->cons[s->ncons].axis = axi;
      s->cons[s->ncons].op = opi;
      s->cons[s->ncons].value = v2;
      snprintf(s->cons[s->ncons].unit, sizeof s->cons[0].unit, "%s", unit);
      s->ncons++;
    }
}

static void load_pareto(topo_errs_t *e, ynode *root, sweep_t *s) {
  ynode *pa = ynode_get(root, "pareto");
  if (pa && (pa->kind != YN_SEQ || pa->n > SWEEP_MAX_PARETO))
    topo_errs_add(e, pa->line, pa->col, "pareto: a list of up to %d \"min KPI\" or \"max KPI\"", SWEEP_MAX_PARETO);
  else if (pa)
    for (size_t i = 0; i < pa->n; i++) {
      ynode *c = pa->items[i];
      char dir[8], kpi[64];
      int ok = c->kind == YN_SCALAR && sscanf(c->str, "%7s %63s", dir, kpi) == 2 &&
               (!strcmp(dir, "min") || !strcmp(dir, "max"));
      int found = 0;
      for (int k = 0; ok && k < KPI_COUNT_; k++) found |= !strcmp(kpi, kpi_name((kpi_id_t)k));
      if (!ok || !found) {
        topo_errs_add(e, c->line, c->col, "pareto[%zu]: expected \"min KPI\" or \"max KPI\" with a KPI of summary.json",
                      i);
        continue;
      }
      s->pareto[s->npareto].maximize = !strcmp(dir, "max");
      snprintf(s->pareto[s->npareto].kpi, sizeof s->pareto[0].kpi, "%s", kpi);
      s->npareto++;
    }
}

static void unknown_keys(topo_errs_t *e, ynode *root) {
  for (size_t i = 0; root->kind == YN_MAP && i < ynode_pairs(root); i++) {
    const char *k = ynode_key(root, i)->str;
    static const char *const known[] = {"xposim_sweep", "name",   "base",        "set",  "axes",
                                        "constraints",  "pareto", "monte_carlo", "solve"};
    int ok = 0;
    for (int j = 0; j < 9; j++) ok |= !strcmp(k, known[j]);
    if (!ok)
      topo_errs_add(e, ynode_key(root, i)->line, ynode_key(root, i)->col,
                    "unknown key '%s' in the sweep (expected xposim_sweep, name, base, set, axes, constraints, pareto, "
                    "monte_carlo, solve)",
                    k);
  }
}

int sweep__load_text(const char *path, const char *text, size_t len, sweep_t *s, topo_errs_t *e) {
  memset(s, 0, sizeof *s);
  int line, col;
  char msg[256];
  ynode *root = ynode_parse(text, len, &line, &col, msg, sizeof msg);
  if (!root) {
    topo_errs_add(e, line, col, "%s", msg);
    return -1;
  }
  size_t before = e->n;
  if (root->kind != YN_MAP) topo_errs_add(e, root->line, root->col, "a sweep file must be a mapping");
  ynode *v = ynode_get(root, "xposim_sweep");
  if (!v || v->kind != YN_SCALAR || strcmp(v->str, "1"))
    topo_errs_add(e, v ? v->line : root->line, v ? v->col : root->col,
                  "expected xposim_sweep: 1 (the sweep schema version)");
  ynode *nm = ynode_get(root, "name");
  char why[160];
  if (!nm || nm->kind != YN_SCALAR)
    topo_errs_add(e, nm ? nm->line : root->line, nm ? nm->col : root->col,
                  "name: a name is required (%d characters of [A-Za-z0-9_.+-] at most)", TOPO_NAME_MAX);
  else if (!topo_name_ok(nm->str, why, sizeof why))
    topo_errs_add(e, nm->line, nm->col, "name '%.80s' %s", nm->str, why);
  else
    snprintf(s->name, sizeof s->name, "%s", nm->str);
  ynode *b = ynode_get(root, "base");
  if (!b || b->kind != YN_SCALAR)
    topo_errs_add(e, b ? b->line : root->line, b ? b->col : root->col, "base: the base topology file is required");
  else {
    s->base_line = b->line;
    s->base_col = b->col;
    /* Relative to the sweep file. */
    const char *slash = strrchr(path, '/');
    if (b->str[0] == '/' || !slash)
      snprintf(s->base, sizeof s->base, "%s", b->str);
    else
      snprintf(s->base, sizeof s->base, "%.*s/%s", (int)(slash - path), path, b->str);
  }
  load_set(e, root, s);
  load_axes(e, root, s);
  load_constraints(e, root, s);
  load_pareto(e, root, s);
  unknown_keys(e, root);
  ynode_free(root);
  return e->n > before ? -1 : 0;
}
