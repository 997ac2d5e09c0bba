/*
 * plot_sweep.c: a sweep directory's figures (plot.h). Axes are titled from
 * the schema (what the key means, in the unit its values were written in)
 * and KPIs from the KPI table (label and unit); an axis whose values are
 * names (dsp, lro, lpo) is categorical: one tick per name. Where the
 * sweep's points expect something of a KPI, its figures draw that limit.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "plot_gp.h"
#include "run/expect.h"
#include "rundir.h"
#include "table.h"
#include "topo/schema.h"
#include "trace/trace.h"
#include "util/exit.h"
#include "xpo_limits.h"

/* Bounded work: at most this many distinct values on an axis and lines in
 * a figure (a legend longer than 8 cannot be read). */
enum { SWEEP_FIG_MAX_VALUES = 64, SWEEP_FIG_MAX_SERIES = 8, SWEEP_FIG_MAX_LIMITS = 8 };

typedef struct axis {
  long col;
  const char *key;
  char title[320]; /* "Meaning (unit)  [key]" */
  int categorical;
  int n; /* distinct values, in order of first appearance */
  const char *val[SWEEP_FIG_MAX_VALUES];
  double num[SWEEP_FIG_MAX_VALUES]; /* numeric: in the unit the title states */
} axis_t;

typedef struct sweep_fig_ctx {
  const table_t *t;
  const char *plots;
  axis_t ax[2];
  int naxes;  /* axes drawn: 1 or 2 */
  int nother; /* further axes: their values split series */
  long first_other;
  int nlimits;
  int limit_kpi[SWEEP_FIG_MAX_LIMITS];
  double limit[SWEEP_FIG_MAX_LIMITS];
  char limit_text[SWEEP_FIG_MAX_LIMITS][96];
} sweep_ctx_t;

/* The number and unit text of a quantity as written ("0.8 dB/in"). */
static int split_quantity(const char *s, double *v, char *unit, size_t n) {
  char *end;
  *v = strtod(s, &end);
  if (end == s || !isfinite(*v)) return 0;
  while (*end == ' ') end++;
  snprintf(unit, n, "%s", end);
  return 1;
}

/* The schema's meaning as a title: its first clause, capitalised. */
static void meaning_title(const schema_key_t *k, char *b, size_t n) {
  snprintf(b, n, "%s", k->meaning ? k->meaning : k->key);
  b[strcspn(b, "(:;")] = 0;
  size_t l = strlen(b);
  while (l && b[l - 1] == ' ') b[--l] = 0;
  if (l < 12 || k->type == SK_CHOICE) { /* "liquid: ...; air: ..." says the values, not the key: its name */
    snprintf(b, n, "%s", k->key);
    for (char *p = b; *p; p++)
      if (*p == '_') *p = ' ';
  }
  if (b[0] >= 'a' && b[0] <= 'z') b[0] = (char)(b[0] - 'a' + 'A');
}

/* Distinct values of an axis, then whether they are numbers in one unit. */
static void axis_values(const table_t *t, axis_t *a) {
  a->n = 0;
  for (size_t r = 1; r < t->rows && a->n < SWEEP_FIG_MAX_VALUES; r++) {
    const char *v = table_cell(t, r, (size_t)a->col);
    int seen = 0;
    for (int i = 0; i < a->n && !seen; i++) seen = !strcmp(a->val[i], v);
    if (!seen) a->val[a->n++] = v;
  }
}

static void axis_describe(const table_t *t, long col, axis_t *a) {
  memset(a, 0, sizeof *a);
  a->col = col;
  a->key = table_cell(t, 0, (size_t)col);
  axis_values(t, a);
  const schema_key_t *k = schema_find_path(a->key);
  char unit[32] = "", first_unit[32] = "";
  int same_unit = 1, numeric = a->n > 0;
  for (int i = 0; i < a->n && numeric; i++) {
    numeric = split_quantity(a->val[i], &a->num[i], unit, sizeof unit);
    if (i == 0) snprintf(first_unit, sizeof first_unit, "%s", unit);
    same_unit &= !strcmp(unit, first_unit);
  }
  double si;
  char msg[128];
  if (numeric && !same_unit && k && (k->type == SK_QTY || k->type == SK_TIME)) { /* mixed units: SI */
    for (int i = 0; i < a->n && numeric; i++)
      numeric =
          !unit_parse(a->val[i], k->type == SK_TIME ? DIM_TIME : k->dim, &si, msg, sizeof msg) && (a->num[i] = si, 1);
    snprintf(first_unit, sizeof first_unit, "%s", k->type == SK_TIME ? "s" : k->unit);
  } else if (numeric && !same_unit)
    numeric = 0;
  a->categorical = !numeric;
  char meaning[160];
  if (k)
    meaning_title(k, meaning, sizeof meaning);
  else
    snprintf(meaning, sizeof meaning, "%s", a->key);
  snprintf(a->title, sizeof a->title, "%s%s%s%s  [%s]", meaning, first_unit[0] && numeric ? " (" : "",
           numeric ? first_unit : "", first_unit[0] && numeric ? ")" : "", a->key);
}

/* Where row r sits on the axis: its value, or its place among the names. */
static double axis_pos(const axis_t *a, const table_t *t, size_t r, int as_index) {
  const char *v = table_cell(t, r, (size_t)a->col);
  for (int i = 0; i < a->n; i++)
    if (!strcmp(a->val[i], v)) return a->categorical || as_index ? i : a->num[i];
  return NAN;
}

/* An axis of names (or of cells): a tick per value, labelled with it. */
static void axis_tics(FILE *g, const char *which, const axis_t *a) {
  fprintf(g, "set %stics (", which);
  for (int i = 0; i < a->n; i++) {
    fprintf(g, "%s", i ? ", " : "");
    plot_gp_str(g, a->val[i]);
    fprintf(g, " %d", i);
  }
  fprintf(g, ")\nset %srange [-0.5:%g]\n", which, a->n - 0.5);
}

static const char *kpi_unit_of(int k) { return k >= 0 ? kpi_unit((kpi_id_t)k) : ""; }

static void kpi_title(int k, const char *name, char *b, size_t n) {
  if (k < 0)
    snprintf(b, n, "%s", name);
  else
    snprintf(b, n, "%s%s%s%s", kpi_label((kpi_id_t)k), kpi_unit_of(k)[0] ? " (" : "", kpi_unit_of(k),
             kpi_unit_of(k)[0] ? ")" : "");
}

/* The limits the sweep's points expect of KPIs: from the first point's
 * summary (every point of a sweep carries the same expect lines unless an
 * axis sets them). */
static void read_limits(const char *dir, sweep_ctx_t *c) {
  char path[4200], why[256];
  const char *point = table_cell(c->t, 1, 0);
  size_t w = strspn(point, "0123456789");
  if (w != strlen(point) || !w || w > 9) return; /* a point's number, nothing else, names its directory */
  snprintf(path, sizeof path, "%s/points/%06ld/summary.json", dir, strtol(point, NULL, 10));
  json_t *sum = rundir_read_summary(path, why, sizeof why);
  size_t i;
  const json_t *e;
  json_array_foreach(json_object_get(sum, "expect"), i, e) {
    const char *expr = json_string_value(json_object_get(e, "expr"));
    expect_t x;
    char msg[128];
    int at;
    if (!expr || c->nlimits == SWEEP_FIG_MAX_LIMITS ||
        expect_compile(expr, TOPO_MAX_SLOTS, TOPO_MAX_ASICS, &x, msg, sizeof msg, &at) || x.metric != EXM_KPI)
      continue;
    c->limit_kpi[c->nlimits] = x.kpi;
    c->limit[c->nlimits] = x.rhs;
    snprintf(c->limit_text[c->nlimits], sizeof c->limit_text[0], "expect: %s", expr);
    c->nlimits++;
  }
  json_decref(sum);
}

static void write_limit_lines(FILE *g, const sweep_ctx_t *c, int kpi) {
  for (int i = 0, n = 0; i < c->nlimits; i++) {
    if (c->limit_kpi[i] != kpi) continue;
    fprintf(g,
            "set arrow %d from graph 0, first %.9g to graph 1, first %.9g nohead dt 2 lw 1.5 lc rgb '#b2182b' front\n",
            n + 1, c->limit[i], c->limit[i]);
    fprintf(g, "set label %d ", n + 1);
    plot_gp_str(g, c->limit_text[i]);
    fprintf(g, " at graph 0.01, first %.9g offset 0,0.6 font ',9' tc rgb '#b2182b' front\n", c->limit[i]);
    n++;
  }
}

/* The values of the axes past the first two as one text: a series key. */
static void others_key(const sweep_ctx_t *c, size_t r, long from, char *b, size_t n) {
  b[0] = 0;
  for (long col = from; col < c->first_other + c->nother; col++) {
    size_t l = strlen(b);
    snprintf(b + l, n - l, "%s%s = %s", l ? ", " : "", table_cell(c->t, 0, (size_t)col),
             table_cell(c->t, r, (size_t)col));
  }
}

/* Writes a figure's .dat and .gp and runs gnuplot on it. */
static int sweep_figure(const char *plots, const char *name, const char *dat_text, const char *gp_body, FILE *err) {
  char p[4200];
  snprintf(p, sizeof p, "%s/%s.dat", plots, name);
  FILE *f = fopen(p, "w");
  if (!f) return -1;
  fputs(dat_text, f);
  fclose(f);
  snprintf(p, sizeof p, "%s/%s.gp", plots, name);
  f = fopen(p, "w");
  if (!f) return -1;
  fprintf(f, "# xposim sweep figure '%s': edit and run again with gnuplot %s.gp (inside plots/)\n", name, name);
  fprintf(f, "set terminal pngcairo size 1100,700 font ',11'\nset output '%s.png'\nset termoption noenhanced\n", name);
  fprintf(f, "set grid\nset datafile missing 'NaN'\n");
  fputs(gp_body, f);
  gp_outputs(f, name, 1100, 700);
  fclose(f);
  char gp[160];
  snprintf(gp, sizeof gp, "%s.gp", name);
  return run_gnuplot(plots, gp, err);
}

/* Closes a figure's data and script streams (open_memstream fills *dat
 * and *gpb only then), draws it, frees their text. */
static int finish_figure(const char *plots, const char *name, FILE *d, FILE *g, char **dat, char **gpb, FILE *err) {
  fclose(d);
  fclose(g);
  int rc = sweep_figure(plots, name, *dat, *gpb, err);
  free(*dat);
  free(*gpb);
  return rc;
}

static const char *cell_num(const char *s) {
  char *end;
  double v = strtod(s, &end);
  return end != s && isfinite(v) ? s : "NaN";
}

/* A KPI against the first axis: a line per value of the second axis (and
 * of any further ones), at most SWEEP_FIG_MAX_SERIES. */
static int kpi_lines(const sweep_ctx_t *c, const char *kname, FILE *err) {
  long kc = table_col(c->t, kname);
  int k = kpi_find(kname);
  char kt[160], name[96], sk[512];
  kpi_title(k, kname, kt, sizeof kt);
  char *dat = NULL, *gpb = NULL;
  size_t dl = 0, gl = 0;
  FILE *d = open_memstream(&dat, &dl), *g = open_memstream(&gpb, &gl);
  if (!d || !g) abort();
  const axis_t *x = &c->ax[0];
  gp_set(g, "title", "%s against %s", kt, x->key);
  gp_set(g, "xlabel", "%s", x->title);
  gp_set(g, "ylabel", "%s", kt);
  if (x->categorical) axis_tics(g, "x", x);
  fprintf(g, "set key outside right top font ',10'\n");
  write_limit_lines(g, c, k);
  int series = 0, more = 0;
  char seen[SWEEP_FIG_MAX_SERIES][512];
  fprintf(g, "plot ");
  for (size_t r = 1; r < c->t->rows; r++) {
    others_key(c, r, c->naxes > 1 ? c->ax[1].col : c->first_other, sk, sizeof sk);
    int known = 0;
    for (int q = 0; q < series && !known; q++) known = !strcmp(seen[q], sk);
    if (known) continue;
    if (series == SWEEP_FIG_MAX_SERIES) {
      more = 1;
      continue;
    }
    snprintf(seen[series], sizeof seen[0], "%s", sk);
    for (size_t q = r; q < c->t->rows; q++) {
      char qk[512];
      others_key(c, q, c->naxes > 1 ? c->ax[1].col : c->first_other, qk, sizeof qk);
      if (!strcmp(qk, sk)) fprintf(d, "%.9g %s\n", axis_pos(x, c->t, q, 0), cell_num(table_cell(c->t, q, (size_t)kc)));
    }
    fprintf(d, "\n\n");
    fprintf(g, "%s'%s_%s.dat' index %d using 1:2 with linespoints lw 2 pt 7 title ", series ? ", " : "", "sweep", kname,
            series);
    plot_gp_str(g, sk[0] ? sk : kt);
    series++;
  }
  fprintf(g, "\n");
  if (more) fprintf(g, "# more than %d lines: the first %d drawn\n", SWEEP_FIG_MAX_SERIES, SWEEP_FIG_MAX_SERIES);
  snprintf(name, sizeof name, "sweep_%s", kname);
  return finish_figure(c->plots, name, d, g, &dat, &gpb, err);
}

/* Marching squares over the cell centres: the line where the KPI crosses
 * v, as segments (blank-line separated). */
static void contour(FILE *d, const double *z, int nx, int ny, double v) {
  for (int i = 0; i + 1 < nx; i++)
    for (int j = 0; j + 1 < ny; j++) {
      double c4[4] = {z[i * ny + j], z[(i + 1) * ny + j], z[(i + 1) * ny + j + 1], z[i * ny + j + 1]};
      double px[4] = {i, i + 1, i + 1, i}, py[4] = {j, j, j + 1, j + 1};
      if (!isfinite(c4[0] + c4[1] + c4[2] + c4[3])) continue;
      double cx[4], cy[4];
      int m = 0;
      for (int e = 0; e < 4; e++) {
        double a = c4[e] - v, b = c4[(e + 1) % 4] - v;
        if ((a < 0) == (b < 0)) continue;
        double f = a / (a - b);
        cx[m] = px[e] + f * (px[(e + 1) % 4] - px[e]);
        cy[m] = py[e] + f * (py[(e + 1) % 4] - py[e]);
        m++;
      }
      for (int s = 0; s + 1 < m; s += 2) fprintf(d, "%g %g\n%g %g\n\n", cx[s], cy[s], cx[s + 1], cy[s + 1]);
    }
}

/* A KPI over the first two axes as cells (at the first value of any
 * further axis), each labelled with its value; the expect limit as a
 * contour between the cells. */
static int kpi_heatmap(const sweep_ctx_t *c, const char *kname, FILE *err) {
  long kc = table_col(c->t, kname);
  int k = kpi_find(kname), nx = c->ax[0].n, ny = c->ax[1].n;
  double *z = malloc((size_t)nx * (size_t)ny * sizeof *z);
  const char **st = calloc((size_t)nx * (size_t)ny, sizeof *st); /* a cell's status where it has no value */
  if (!z || !st) abort();
  for (int i = 0; i < nx * ny; i++) z[i] = NAN;
  long sc = table_col(c->t, "status");
  char first[512], key[512], kt[160], name[96];
  others_key(c, 1, c->first_other, first, sizeof first);
  for (size_t r = 1; r < c->t->rows; r++) {
    others_key(c, r, c->first_other, key, sizeof key);
    double xi = axis_pos(&c->ax[0], c->t, r, 1), yi = axis_pos(&c->ax[1], c->t, r, 1);
    if (strcmp(key, first) || !isfinite(xi + yi)) continue;
    z[(int)xi * ny + (int)yi] = strtod(cell_num(table_cell(c->t, r, (size_t)kc)), NULL);
    st[(int)xi * ny + (int)yi] = table_cell(c->t, r, (size_t)sc);
  }
  char *dat = NULL, *gpb = NULL;
  size_t dl = 0, gl = 0;
  FILE *d = open_memstream(&dat, &dl), *g = open_memstream(&gpb, &gl);
  if (!d || !g) abort();
  for (int i = 0; i < nx; i++)
    for (int j = 0; j < ny; j++) fprintf(d, "%d %d %.9g\n", i, j, z[i * ny + j]);
  fprintf(d, "\n\n");
  int nodata = 0; /* block 1: the cells without a value, with why (the sweep's own status words) */
  for (int i = 0; i < nx; i++)
    for (int j = 0; j < ny; j++)
      if (!isfinite(z[i * ny + j]) && st[i * ny + j] &&
          strspn(st[i * ny + j], "abcdefghijklmnopqrstuvwxyz-") == strlen(st[i * ny + j]) && st[i * ny + j][0]) {
        fprintf(d, "%d %d %s\n", i, j, st[i * ny + j]);
        nodata++;
      }
  if (!nodata) fprintf(d, "0 0 -\n"); /* gnuplot needs a block; it has no cell drawn */
  fprintf(d, "\n\n");
  int nlim = 0;
  for (int l = 0; l < c->nlimits; l++)
    if (c->limit_kpi[l] == k) {
      fprintf(d, "# %s\n", c->limit_text[l]);
      contour(d, z, nx, ny, c->limit[l]);
      fprintf(d, "NaN NaN\n\n\n"); /* a block even where nothing crosses */
      nlim++;
    }
  kpi_title(k, kname, kt, sizeof kt);
  gp_set(g, "title", "%s over two axes%s%s%s", kt, first[0] ? " at " : "", first,
         nlim ? "; dashed: where it crosses the expect limit" : "");
  gp_set(g, "xlabel", "%s", c->ax[0].title);
  gp_set(g, "ylabel", "%s", c->ax[1].title);
  gp_set(g, "cblabel", "%s", kt);
  axis_tics(g, "x", &c->ax[0]);
  axis_tics(g, "y", &c->ax[1]);
  fprintf(g,
          "set palette defined (0 '#2c7bb6', 1 '#ffffbf', 2 '#d7191c')\nset bmargin 7\nset key at screen 0.5, screen "
          "0.03 center horizontal\n");
  fprintf(g, "plot '%s_%s.dat' index 0 using 1:2:(0.5):(0.5):3 with boxxyerror fc palette fs solid 1 notitle, \\\n",
          "sweep_heatmap", kname);
  fprintf(g, "     '' index 0 using 1:2:(sprintf('%%.4g', $3)) with labels font ',11' notitle, \\\n");
  fprintf(g, "     '' index 1 using 1:2:(%s ? 0.5 : 0):(0.5) with boxxyerror fc rgb '#d9d9d9' fs solid 1 notitle, \\\n",
          nodata ? "1" : "0");
  fprintf(g, "     '' index 1 using 1:2:(%s ? stringcolumn(3) : '') with labels font ',11' tc rgb '#555555' notitle",
          nodata ? "1" : "0");
  for (int l = 0, b = 2; l < c->nlimits; l++)
    if (c->limit_kpi[l] == k) {
      fprintf(g, ", \\\n     '' index %d using 1:2 with lines lw 3 dt 2 lc rgb 'black' title ", b++);
      plot_gp_str(g, c->limit_text[l]);
    }
  fprintf(g, "\n");
  snprintf(name, sizeof name, "sweep_heatmap_%s", kname);
  int rc = finish_figure(c->plots, name, d, g, &dat, &gpb, err);
  free(z);
  free(st);
  (void)nlim;
  return rc;
}

typedef struct xy {
  double x, y;
} xy_t;

static int by_x(const void *a, const void *b) {
  double p = ((const xy_t *)a)->x, q = ((const xy_t *)b)->x;
  return (p > q) - (p < q);
}

static void pareto_front(FILE *d, const table_t *t, long c1, long c2, long cp) {
  xy_t *v = malloc((t->rows + 1) * sizeof *v);
  if (!v) abort();
  size_t n = 0;
  for (size_t r = 1; r < t->rows; r++) {
    double x = strtod(cell_num(table_cell(t, r, (size_t)c1)), NULL),
           y = strtod(cell_num(table_cell(t, r, (size_t)c2)), NULL);
    if (!strcmp(table_cell(t, r, (size_t)cp), "1") && isfinite(x + y)) v[n++] = (xy_t){x, y};
  }
  qsort(v, n, sizeof *v, by_x);
  for (size_t i = 0; i < n; i++) fprintf(d, "%.9g %.9g\n", v[i].x, v[i].y);
  if (!n) fprintf(d, "NaN NaN\n"); /* gnuplot needs the block */
  free(v);
}

/* The Pareto front over the sweep's two objectives (points/header.csv). */
static int pareto_figure(const sweep_ctx_t *c, const char *dir, FILE *err) {
  char path[4200], hl[512] = "";
  snprintf(path, sizeof path, "%s/points/header.csv", dir);
  FILE *hf = fopen(path, "r");
  if (hf) {
    if (!fgets(hl, sizeof hl, hf)) hl[0] = 0;
    fclose(hf);
  }
  char d1[8], k1[64], d2[8], k2[64], t1[160], t2[160];
  if (sscanf(hl, "# pareto: %7s %63[^,], %7s %63[^,\n]", d1, k1, d2, k2) != 4) return 0;
  long c1 = table_col(c->t, k1), c2 = table_col(c->t, k2), cp = table_col(c->t, "pareto");
  if (c1 < 0 || c2 < 0 || cp < 0) return 0;
  kpi_title(kpi_find(k1), k1, t1, sizeof t1);
  kpi_title(kpi_find(k2), k2, t2, sizeof t2);
  char *dat = NULL, *gpb = NULL;
  size_t dl = 0, gl = 0;
  FILE *d = open_memstream(&dat, &dl), *g = open_memstream(&gpb, &gl);
  if (!d || !g) abort();
  for (size_t r = 1; r < c->t->rows; r++)
    fprintf(d, "%s %s %s\n", cell_num(table_cell(c->t, r, (size_t)c1)), cell_num(table_cell(c->t, r, (size_t)c2)),
            cell_num(table_cell(c->t, r, 0)));
  fprintf(d, "\n\n");
  pareto_front(d, c->t, c1, c2, cp); /* block 1: the front, in order along x, so that its line joins them */
  gp_set(g, "title", "Pareto front: %s %s, %s %s (labels: point numbers)", d1, t1, d2, t2);
  gp_set(g, "xlabel", "%s", t1);
  gp_set(g, "ylabel", "%s", t2);
  fprintf(g,
          "set bmargin 6\nset key at screen 0.5, screen 0.03 center horizontal\n"
          "plot 'sweep_pareto.dat' index 0 using 1:2 with points pt 7 lc rgb 'gray' title 'points', "
          "'' index 1 using 1:2 with linespoints pt 7 ps 1.5 lc rgb '#d7191c' title 'Pareto front', "
          "'' index 0 using 1:2:(sprintf('%%d', $3)) with labels offset 0.8,0.8 font ',9' notitle\n");
  return finish_figure(c->plots, "sweep_pareto", d, g, &dat, &gpb, err);
}

static const char *const SWEEP_KPIS[] = {"throughput_tbps_mean", "power_w_mean", "max_junction_c", "max_coolant_c",
                                         "snr_margin_db_min"};

/* 1 if column col has a number in some row. */
static int has_numbers(const table_t *t, long col) {
  for (size_t r = 1; col >= 0 && r < t->rows; r++)
    if (strcmp(cell_num(table_cell(t, r, (size_t)col)), "NaN")) return 1;
  return 0;
}

static int sweep_figures(sweep_ctx_t *c, const char *dir, FILE *err) {
  int rc = 0;
  for (size_t k = 0; k < sizeof SWEEP_KPIS / sizeof SWEEP_KPIS[0] && rc == 0; k++)
    if (has_numbers(c->t, table_col(c->t, SWEEP_KPIS[k]))) rc = kpi_lines(c, SWEEP_KPIS[k], err);
  if (c->naxes == 2) { /* the hottest junction, and every KPI the points expect something of */
    const char *done[SWEEP_FIG_MAX_LIMITS + 1];
    int nd = 0;
    for (int l = -1; l < c->nlimits && rc == 0; l++) {
      const char *kn = l < 0 ? "max_junction_c" : kpi_name((kpi_id_t)c->limit_kpi[l]);
      int seen = 0;
      for (int i = 0; i < nd; i++) seen |= !strcmp(done[i], kn);
      if (seen || !has_numbers(c->t, table_col(c->t, kn))) continue;
      done[nd++] = kn;
      rc = kpi_heatmap(c, kn, err);
    }
  }
  if (rc == 0) rc = pareto_figure(c, dir, err);
  return rc ? XPO_INTERNAL : 0;
}

int plot_sweep(const char *dir, FILE *err) {
  char path[4096], plots[4096], why[600];
  snprintf(path, sizeof path, "%s/results.csv", dir);
  table_t t;
  if (table_read(path, RUNDIR_MAX_SUMMARY, &t, why, sizeof why)) {
    fprintf(err, "xposim: %s\n", why);
    return XPO_BAD_INPUT;
  }
  long seed = table_col(&t, "seed");
  if (t.rows < 2 || seed < 2) {
    fprintf(err, "xposim: %s has no points over axes to plot\n", path);
    table_free(&t);
    return XPO_BAD_INPUT;
  }
  snprintf(plots, sizeof plots, "%s/plots", dir);
  if (trace_mkdir_p(plots)) {
    fprintf(err, "xposim: cannot create %s\n", plots);
    table_free(&t);
    return XPO_INTERNAL;
  }
  sweep_ctx_t c;
  memset(&c, 0, sizeof c);
  c.t = &t;
  c.plots = plots;
  int naxes = (int)seed - 1;
  c.naxes = naxes >= 2 ? 2 : 1;
  for (int a = 0; a < c.naxes; a++) axis_describe(&t, 1 + a, &c.ax[a]);
  c.first_other = 1 + c.naxes;
  c.nother = naxes - c.naxes;
  read_limits(dir, &c);
  int rc = sweep_figures(&c, dir, err);
  table_free(&t);
  return rc;
}
