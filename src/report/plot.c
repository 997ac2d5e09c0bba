/*
 * plot.c: writes gnuplot scripts for a run's traces and runs gnuplot on them.
 * It reads only the traces' column row (to know which slots exist); gnuplot
 * reads the data.
 */
#include "plot.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plot_gp.h"
#include "plot_internal.h"
#include "run/outdir.h"
#include "run/run.h"
#include "rundir.h"
#include "topo/topo.h"
#include "trace/trace.h"

typedef struct {
  const char *name, *title, *ylabel, *file; /* file: trace under traces/ */
  const char *suffix;                       /* plot every column ending in this ... */
  const char *only[4];                      /* ... or just these columns */
  const char *no_flow;                      /* a column's PREFIX + this (a branch's flow): where it is 0 the
                                               column has no value (an outlet without flow) */
} figure;

static const figure FIGS[] = {
    {"throughput",
     "Switch throughput: carried against offered",
     "Throughput (Tb/s)",
     "switch.csv",
     NULL,
     {"throughput_tbps", "offered_tbps"},
     NULL},
    {"power",
     "Switch input power",
     "Power (W)",
     "switch.csv",
     NULL,
     {"power_w", "modules_power_w", "asics_power_w"},
     NULL},
    {"slot_power", "Power per slot", "Module input power (W)", "slots.csv", "_power_w", {0}, NULL},
    {"junction", "Junction temperature per slot", "Module junction (°C)", "slots.csv", "_junction_c", {0}, NULL},
    {"coolant",
     "Coolant supply, return and branch outlets (where they flow)",
     "Coolant temperature (°C)",
     "coolant.csv",
     "_outlet_c",
     {0},
     "_flow_lpm"},
    {"flow", "Coolant flow per branch", "Branch flow (L/min)", "coolant.csv", "_flow_lpm", {0}, NULL},
    {"pressure",
     "Coolant: each loop's head and each branch's pressure drop",
     "Pressure (kPa)",
     "coolant.csv",
     "_kpa",
     {0},
     NULL},
    {"asic_power", "Power per ASIC", "ASIC power (W)", "asics.csv", "_power_w", {0}, NULL},
    {"asic_junction", "Junction temperature per ASIC", "ASIC junction (°C)", "asics.csv", "_junction_c", {0}, NULL},
    {"port_snr", "Lane SNR of each port's worst lane", "SNR (dB)", "ports.csv", "_snr_db", {0}, NULL},
    {"laser_bias",
     "Laser bias per slot, as each module's monitor reads it",
     "Laser bias (mA)",
     "slots.csv",
     "_laser_bias_ma",
     {0},
     NULL},
    {"bus", "The feed: bus voltage", "Bus voltage (V)", "power.csv", NULL, {"bus_v"}, NULL},
    {"psu_load",
     "The feed: PSU input power and the working PSUs' output budget",
     "Power (W)",
     "power.csv",
     NULL,
     {"psu_input_w", "budget_w"},
     NULL},
};
/* The coolant figure's thick lines, from the switch trace. */
static const figure SUPPLY = {"coolant_supply", "", "", "switch.csv", NULL, {"cdu_supply_c", "return_c"}, NULL};

/* Bounded work for any trace: at most this many lines in a figure (more
 * cannot be told apart) and this many points a line; gnuplot reads only
 * the columns drawn, extracted into plots/NAME.dat. */
enum { PLOT_MAX_SERIES = 1024, PLOT_MAX_ROWS = 20000, PLOT_MAX_PANEL_SLOTS = 1024 };

/* The columns a figure draws: their indices in the trace and names. */
typedef struct {
  int idx[PLOT_MAX_SERIES];
  int flow_idx[PLOT_MAX_SERIES]; /* the column of its branch's flow, or -1 */
  char name[PLOT_MAX_SERIES][64];
  int n, total; /* drawn, and matching in all */
  long rows, stride;
} selection_t;

static int wanted(const figure *fg, const char *col) {
  if (fg->suffix) {
    size_t ls = strlen(col), lx = strlen(fg->suffix);
    return ls > lx && !strcmp(col + ls - lx, fg->suffix);
  }
  for (int k = 0; k < 4 && fg->only[k]; k++)
    if (!strcmp(col, fg->only[k])) return 1;
  return 0;
}

/* The next data line (not a '#' comment): 1, 0 at the end, -1 bad. */
static int data_line(rundir_csv_t *c, char *why, size_t n) {
  int r;
  while ((r = rundir_csv_next(c, why, n)) == 1)
    if (c->line[0] != '#') return 1;
  return r;
}

/* The figure's columns from the trace's header, and its number of rows. */
static int select_columns(const char *trace, const figure *fg, selection_t *sel, FILE *err) {
  rundir_csv_t c;
  char why[600];
  memset(sel, 0, sizeof *sel);
  if (rundir_csv_open(&c, trace)) {
    fprintf(err, "xposim: cannot read %s: %s\n", trace, strerror(errno));
    return -1;
  }
  int r = data_line(&c, why, sizeof why);
  char *save, *tok = r == 1 ? strtok_r(c.line, ",", &save) : NULL;
  char prev[160] = ""; /* the branch whose flow column came last */
  int prev_col = -1;
  for (int col = 0; tok; tok = strtok_r(NULL, ",", &save), col++) {
    if (fg->no_flow && strlen(tok) > strlen(fg->no_flow) &&
        !strcmp(tok + strlen(tok) - strlen(fg->no_flow), fg->no_flow)) { /* a branch's flow: before its outlet */
      snprintf(prev, sizeof prev, "%.*s", (int)(strlen(tok) - strlen(fg->no_flow)), tok);
      prev_col = col;
    }
    if (col == 0 || !wanted(fg, tok)) continue;
    if (sel->n < PLOT_MAX_SERIES) {
      sel->idx[sel->n] = col;
      size_t lp = strlen(prev);
      sel->flow_idx[sel->n] = prev_col >= 0 && lp && !strncmp(tok, prev, lp) && tok[lp] == '_' ? prev_col : -1;
      snprintf(sel->name[sel->n++], sizeof sel->name[0], "%s", tok);
    }
    sel->total++;
  }
  while (r == 1 && (r = data_line(&c, why, sizeof why)) == 1) sel->rows++;
  rundir_csv_close(&c);
  if (r < 0) fprintf(err, "xposim: %s\n", why);
  sel->stride = sel->rows > PLOT_MAX_ROWS ? (sel->rows + PLOT_MAX_ROWS - 1) / PLOT_MAX_ROWS : 1;
  return r < 0 ? -1 : 0;
}

/* One row's time and selected cells, as a line of the .dat file. */
static void extract_row(FILE *out, char *line, const selection_t *sel) {
  char *save, *tok = strtok_r(line, ",", &save);
  int k = 0, flow_col = -1;
  double flow = NAN;
  fputs(tok ? tok : "", out);
  for (int col = 1; (tok = strtok_r(NULL, ",", &save)) && k < sel->n; col++) {
    if (col == sel->flow_idx[k]) {
      flow_col = col;
      flow = strtod(tok, NULL);
    }
    if (col == sel->idx[k]) {
      fprintf(out, ",%s", sel->flow_idx[k] >= 0 && flow_col == sel->flow_idx[k] && flow == 0 ? "NaN" : tok);
      k++;
    }
  }
  for (; k < sel->n; k++) fputs(",NaN", out); /* a short row: nothing to draw there */
  fputc('\n', out);
}

/* plots/NAME.dat: the time and the selected columns of every stride-th row
 * (and the last). */
static int extract(const char *trace, const selection_t *sel, const char *dat, FILE *err) {
  rundir_csv_t c;
  char why[600];
  FILE *out = fopen(dat, "w");
  if (!out || rundir_csv_open(&c, trace)) {
    fprintf(err, "xposim: cannot write %s: %s\n", dat, strerror(errno));
    if (out) fclose(out);
    return -1;
  }
  int r = data_line(&c, why, sizeof why); /* the header */
  fputs("# time_s", out); /* what each column is, for whoever edits the script; short enough for one read */
  size_t used = 8;
  for (int k = 0; k < sel->n; k++) {
    used += strlen(sel->name[k]) + 1;
    if (used > 8000) {
      fputs(",...", out);
      break;
    }
    fprintf(out, ",%s", sel->name[k]);
  }
  fputc('\n', out);
  for (long row = 0; r == 1 && (r = data_line(&c, why, sizeof why)) == 1; row++)
    if (row % sel->stride == 0 || row == sel->rows - 1) extract_row(out, c.line, sel);
  rundir_csv_close(&c);
  if (fclose(out) || r < 0) {
    fprintf(err, "xposim: %s\n", r < 0 ? why : "cannot write a figure's data");
    return -1;
  }
  return 0;
}

/* More lines than a legend can tell apart are drawn as their envelope:
 * per row the minimum, median and maximum across them, and by name the
 * lines that reach the highest and the lowest values and the one that
 * strays farthest from the median. */
enum { PLOT_MAX_LEGEND = 8, PLOT_OUTLIERS = 3 };

typedef struct envelope {
  int on, nout;
  int outlier[PLOT_OUTLIERS]; /* indices into the selection */
} envelope_t;

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* One .dat line: its time and up to n values (NAN where missing). */
static int dat_values(char *line, int n, double *t, double *v) {
  char *save, *end, *tok = strtok_r(line, ",", &save);
  if (!tok || tok[0] == '#') return 0; /* the column names */
  *t = strtod(tok, &end);
  if (end == tok) return 0;
  int k = 0;
  for (; k < n && (tok = strtok_r(NULL, ",", &save)); k++) v[k] = strtod(tok, NULL);
  for (int j = k; j < n; j++) v[j] = NAN;
  return 1;
}

/* The row's minimum, median and maximum over its finite values. */
static int row_stats(const double *v, int n, double *lo, double *med, double *hi) {
  double s[PLOT_MAX_SERIES];
  int m = 0;
  for (int k = 0; k < n; k++)
    if (isfinite(v[k])) s[m++] = v[k];
  if (!m) return 0;
  qsort(s, (size_t)m, sizeof s[0], by_value);
  *lo = s[0];
  *hi = s[m - 1];
  *med = m % 2 ? s[m / 2] : (s[m / 2 - 1] + s[m / 2]) / 2;
  return 1;
}

/* The series to name, in e->outlier: the one that reaches the highest
 * value, the one that reaches the lowest, then the one that strays
 * farthest from the median on average (mean |x - median|). */
static void pick_outliers(FILE *in, const selection_t *sel, envelope_t *e) {
  double dev[PLOT_MAX_SERIES] = {0}, peak[PLOT_MAX_SERIES], trough[PLOT_MAX_SERIES], v[PLOT_MAX_SERIES], t, lo, med, hi;
  for (int k = 0; k < sel->n; k++) peak[k] = -INFINITY, trough[k] = INFINITY;
  char line[1 << 14];
  while (fgets(line, sizeof line, in))
    if (dat_values(line, sel->n, &t, v) && row_stats(v, sel->n, &lo, &med, &hi))
      for (int k = 0; k < sel->n; k++)
        if (isfinite(v[k])) {
          dev[k] += fabs(v[k] - med);
          peak[k] = fmax(peak[k], v[k]);
          trough[k] = fmin(trough[k], v[k]);
        }
  int hot = 0, cold = 0, far = -1;
  for (int k = 1; k < sel->n; k++) {
    if (peak[k] > peak[hot]) hot = k;
    if (trough[k] < trough[cold]) cold = k;
  }
  for (int k = 0; k < sel->n; k++)
    if (k != hot && k != cold && dev[k] > 0 && (far < 0 || dev[k] > dev[far])) far = k;
  e->nout = 0;
  if (dev[hot] > 0) e->outlier[e->nout++] = hot;
  if (dev[cold] > 0 && cold != hot) e->outlier[e->nout++] = cold;
  if (far >= 0) e->outlier[e->nout++] = far;
}

/* plots/NAME_env.dat from plots/NAME.dat: time, min, median, max, then the
 * outliers' values. */
static int write_envelope(const char *dat, const char *env_dat, const selection_t *sel, envelope_t *e, FILE *err) {
  memset(e, 0, sizeof *e);
  if (sel->n <= PLOT_MAX_LEGEND) return 0;
  FILE *in = fopen(dat, "r"), *out = in ? fopen(env_dat, "w") : NULL;
  if (!in || !out) {
    fprintf(err, "xposim: cannot write %s: %s\n", env_dat, strerror(errno));
    if (in) fclose(in);
    return -1;
  }
  e->on = 1;
  pick_outliers(in, sel, e);
  rewind(in);
  double v[PLOT_MAX_SERIES], t, lo, med, hi;
  char line[1 << 14];
  while (fgets(line, sizeof line, in)) {
    if (!dat_values(line, sel->n, &t, v) || !row_stats(v, sel->n, &lo, &med, &hi)) continue;
    fprintf(out, "%.9g,%.9g,%.9g,%.9g", t, lo, med, hi);
    for (int j = 0; j < e->nout; j++) fprintf(out, ",%.9g", v[e->outlier[j]]);
    fputc('\n', out);
  }
  fclose(in);
  if (fclose(out)) {
    fprintf(err, "xposim: cannot write %s: %s\n", env_dat, strerror(errno));
    return -1;
  }
  return 0;
}

/* Scenario events, faults and the state changes they cause, as vertical
 * markers on every time figure: read from DIR/events.log, the first of a
 * kind at a time point, at most PLOT_MAX_MARKERS. */
enum { PLOT_MAX_MARKERS = 24 };

enum { PLOT_MAX_SPANS = 32, PLOT_SPAN_MAX_LINES = 1000000 };

typedef struct markers {
  int n;
  double t[PLOT_MAX_MARKERS];
  char label[PLOT_MAX_MARKERS][48];
  int nspans; /* states that last, as shaded spans */
  double from[PLOT_MAX_SPANS], to[PLOT_MAX_SPANS];
  int state[PLOT_MAX_SPANS]; /* index into SPAN_STATES */
} markers_t;

/* A state that begins with one event and ends with another; several at
 * once (16 ports shed) count up and down, and the span lasts while any is
 * on. */
typedef struct span_state {
  const char *begin, *end, *name, *colour;
} span_state_t;

static const span_state_t SPAN_STATES[] = {
    {"power-cap", "power-uncap", "power cap", "#fdae61"},      {"throttle", "unthrottle", "throttled", "#d7191c"},
    {"brownout", "power-up", "browned out", "#9e3d9e"},        {"psu-fail", "psu-restore", "PSU failed", "#7f7f7f"},
    {"pump-fail", "pump-restore", "pump failed", "#4393c3"},   {"fan-fail", "fan-restore", "fan failed", "#5aae61"},
    {"module-pull", "module-insert", "module out", "#8c6d31"}, {"fault", "repair", "fault", "#e6ab02"},
};
enum { SPAN_NSTATES = sizeof SPAN_STATES / sizeof SPAN_STATES[0] };

/* The spans of DIR/events.log; a state still on at the end lasts to end_s. */
static void read_spans(const char *dir, double end_s, markers_t *m) {
  char path[4096], line[512];
  snprintf(path, sizeof path, "%s/events.log", dir);
  long on[SPAN_NSTATES] = {0};
  double since[SPAN_NSTATES] = {0};
  m->nspans = 0;
  FILE *in = fopen(path, "r");
  for (long n = 0; in && n < PLOT_SPAN_MAX_LINES && fgets(line, sizeof line, in); n++) {
    double t;
    char kind[32];
    if (line[0] == '#' || sscanf(line, "%lf %31s", &t, kind) != 2 || !isfinite(t)) continue;
    for (int k = 0; k < SPAN_NSTATES; k++) {
      if (!strcmp(kind, SPAN_STATES[k].begin) && on[k]++ == 0) since[k] = t;
      if (!strcmp(kind, SPAN_STATES[k].end) && on[k] > 0 && --on[k] == 0 && m->nspans < PLOT_MAX_SPANS) {
        m->from[m->nspans] = since[k];
        m->to[m->nspans] = t;
        m->state[m->nspans++] = k;
      }
    }
  }
  if (in) fclose(in);
  for (int k = 0; k < SPAN_NSTATES; k++)
    if (on[k] > 0 && m->nspans < PLOT_MAX_SPANS && isfinite(end_s)) {
      m->from[m->nspans] = since[k];
      m->to[m->nspans] = fmax(end_s, since[k]);
      m->state[m->nspans++] = k;
    }
}

/* Each span shaded behind the curves, its state named at its foot. */
static void write_spans(FILE *f, const markers_t *m) {
  for (int i = 0; i < m->nspans; i++) {
    const span_state_t *s = &SPAN_STATES[m->state[i]];
    fprintf(f,
            "set object %d rect from %.9g, graph 0 to %.9g, graph 1 fc rgb '%s' fs transparent solid 0.15 noborder "
            "behind\n",
            PLOT_MAX_PANEL_SLOTS + 10 + i, m->from[i], m->to[i], s->colour);
    fprintf(f, "set label %d '%s' at %.9g, graph %.2f offset 0.5,0 font ',9' tc rgb '%s' front\n",
            PLOT_MAX_MARKERS + 40 + i, s->name, m->from[i], 0.03 + 0.05 * (i % 6), s->colour);
  }
}

static int marked_kind(const char *kind) {
  static const char *const kinds[] = {"load",          "supply",      "fault",          "repair",      "module-pull",
                                      "module-insert", "blocked",     "leak",           "pump-fail",   "pump-restore",
                                      "psu-fail",      "psu-restore", "fan-fail",       "fan-restore", "brownout",
                                      "throttle",      "power-cap",   "thermal-runaway"};
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (!strcmp(kind, kinds[i])) return 1;
  return 0;
}

static void read_markers(const char *dir, markers_t *m) {
  char path[4096], line[512];
  snprintf(path, sizeof path, "%s/events.log", dir);
  m->n = 0;
  FILE *in = fopen(path, "r");
  while (in && m->n < PLOT_MAX_MARKERS && fgets(line, sizeof line, in)) {
    double t;
    char kind[32];
    if (line[0] == '#' || sscanf(line, "%lf %31s", &t, kind) != 2 || !isfinite(t) || !marked_kind(kind)) continue;
    int seen = 0;
    for (int i = 0; i < m->n; i++) seen |= m->t[i] == t && !strncmp(m->label[i], kind, strlen(kind));
    if (seen) continue;
    const char *rest = strchr(strchr(line, ' ') + 1, ' ');
    snprintf(m->label[m->n], sizeof m->label[0], "%s%s", kind, rest ? rest : "");
    m->label[m->n][strcspn(m->label[m->n], ":\n")] = 0; /* the event and what it names, not its figures */
    m->t[m->n++] = t;
  }
  if (in) fclose(in);
}

/* The markers as dashed vertical lines, each labelled (as gnuplot text). */
static void write_markers(FILE *f, const markers_t *m) {
  for (int i = 0; i < m->n; i++) {
    int same = 0; /* markers at one time: their labels side by side, not on top of each other */
    for (int j = 0; j < i; j++) same += m->t[j] == m->t[i];
    fprintf(f, "set arrow %d from %.9g, graph 0 to %.9g, graph 1 nohead dt 3 lw 1 lc rgb 'gray40' front\n", i + 1,
            m->t[i], m->t[i]);
    fprintf(f, "set label %d ", i + 10);
    plot_gp_str(f, m->label[i]);
    fprintf(f, " at %.9g, graph 0.98 rotate by 90 right offset %.1f,0 font ',8' tc rgb '#303030' front\n", m->t[i],
            -0.6 + 1.1 * same);
  }
}

/* The limits a figure is read against, as dashed horizontal lines with
 * their values, from the run's resolved.yaml: the PSUs' budget on the
 * switch's power, each module type's cap on the slots' power, the throttle
 * limit on the junctions. A run directory whose resolved.yaml does not load
 * draws none. */
enum { PLOT_MAX_LIMITS = 4 };

typedef struct limits {
  int n;
  double v[PLOT_MAX_LIMITS];
  char label[PLOT_MAX_LIMITS][64];
} limits_t;

static void limit_add(limits_t *l, double v, const char *fmt, double shown, const char *unit) {
  for (int i = 0; i < l->n; i++)
    if (l->v[i] == v) return;
  if (l->n == PLOT_MAX_LIMITS || !isfinite(v)) return;
  snprintf(l->label[l->n], sizeof l->label[0], fmt, shown, unit);
  l->v[l->n++] = v;
}

static void figure_limits(const topo_t *t, const char *figure, limits_t *l) {
  l->n = 0;
  if (!t) return;
  if (!strcmp(figure, "power"))
    limit_add(l, t->psu.count * t->psu.capacity_w, "PSU budget %.4g %s", t->psu.count * t->psu.capacity_w, "W");
  if (!strcmp(figure, "slot_power"))
    for (size_t i = 0; i < t->ntypes; i++)
      limit_add(l, t->types[i].power.max_w, "module cap %.4g %s", t->types[i].power.max_w, "W");
  if (!strcmp(figure, "junction")) limit_add(l, t->throttle_c, "throttle limit %.4g %s", t->throttle_c, "C");
  if (!strcmp(figure, "laser_bias")) {
    limit_add(l, 1e3 * t->alarm_bias_warn_a, "bias warning %.4g %s", 1e3 * t->alarm_bias_warn_a, "mA");
    limit_add(l, 1e3 * t->alarm_bias_alarm_a, "bias alarm %.4g %s", 1e3 * t->alarm_bias_alarm_a, "mA");
  }
  if (!strcmp(figure, "bus")) limit_add(l, t->feed_min_v, "module undervoltage lockout %.4g %s", t->feed_min_v, "V");
}

/* The limits as dashed lines with their values; each also an invisible
 * point, so that the axis reaches it. */
static void write_limits(FILE *f, const limits_t *l) {
  for (int i = 0; i < l->n; i++) {
    fprintf(f,
            "set arrow %d from graph 0, first %.9g to graph 1, first %.9g nohead dt 2 lw 1.5 lc rgb '#b2182b' front\n",
            PLOT_MAX_MARKERS + 1 + i, l->v[i], l->v[i]);
    fprintf(f, "set label %d ", PLOT_MAX_MARKERS + 20 + i);
    plot_gp_str(f, l->label[i]);
    fprintf(f, " at graph 0.01, first %.9g offset 0,0.6 font ',8' tc rgb '#b2182b' front\n", l->v[i]);
  }
}

/* The figure's own lines: every series, or their envelope and outliers. */
static void plot_series(FILE *f, const figure *fg, const selection_t *sel, const envelope_t *e) {
  if (!e->on) {
    for (int k = 0; k < sel->n; k++) {
      fprintf(f, "%s'%s.dat' using 1:%d with lines title ", k ? ", \\\n     " : "", fg->name, k + 2);
      plot_gp_str(f, sel->name[k]);
    }
    return;
  }
  fprintf(f, "'%s_env.dat' using 1:2:4 with filledcurves fc rgb '#c6dbef' fs solid 0.6 title 'min to max of %d', \\\n",
          fg->name, sel->n);
  fprintf(f, "     '%s_env.dat' using 1:3 with lines lw 2 lc rgb '#08519c' title 'median'", fg->name);
  for (int j = 0; j < e->nout; j++) {
    fprintf(f, ", \\\n     '%s_env.dat' using 1:%d with lines dt 2 title ", fg->name, 5 + j);
    plot_gp_str(f, sel->name[e->outlier[j]]);
  }
}

static int write_script(const figure *fg, const selection_t *sel, const selection_t *sup, const envelope_t *e,
                        const markers_t *mk, const limits_t *lim, const char *gp, FILE *err) {
  FILE *f = fopen(gp, "w");
  if (!f) {
    fprintf(err, "xposim: cannot write %s: %s\n", gp, strerror(errno));
    return -1;
  }
  fprintf(f, "# xposim figure '%s': edit and run again with: gnuplot %s.gp (inside plots/)\n", fg->name, fg->name);
  fprintf(f, "set datafile separator ','\nset datafile commentschars '#'\n");
  char title[256];
  snprintf(title, sizeof title, "%s", fg->title);
  if (sel->total > sel->n)
    snprintf(title + strlen(title), sizeof title - strlen(title), " (the first %d lines)", PLOT_MAX_SERIES);
  if (e->on && e->nout)
    snprintf(title + strlen(title), sizeof title - strlen(title),
             ": %d lines as their range and median; named: the highest, the lowest, the farthest from the median",
             sel->n);
  else if (e->on)
    snprintf(title + strlen(title), sizeof title - strlen(title), ": %d lines, all alike, as their median", sel->n);
  if (sel->stride > 1)
    snprintf(title + strlen(title), sizeof title - strlen(title), " (every %ld. sample)", sel->stride);
  gp_set(f, "title", "%s", title);
  gp_set(f, "xlabel", "Time (s)");
  gp_set(f, "ylabel", "%s", fg->ylabel);
  fprintf(f, "set grid\n");
  fprintf(f, "set key outside right top horizontal maxcols 2 font ',8'\n");
  write_markers(f, mk);
  write_spans(f, mk);
  write_limits(f, lim);
  for (int pass = 0; pass < 3; pass++) { /* PNG, SVG, the report's canvas */
    if (pass == 2)
      gp_canvas(f, fg->name, 1200, 700);
    else
      fprintf(f,
              pass == 0 ? "set terminal pngcairo size 1200,700 font ',11'\nset output '%s.png'\n"
                        : "set terminal svg size 1200,700 dynamic font ',11'\nset output '%s.svg'\n",
              fg->name);
    int empty = !sel->n && !(sup && sup->n);
    if (empty) fputs("set label 1 'no columns to draw' at graph 0.5,0.5 center\n", f);
    fprintf(f, "set termoption noenhanced\nplot %s", empty ? "[0:1][0:1] 1/0 notitle" : "");
    plot_series(f, fg, sel, e);
    for (int k = 0; sup && k < sup->n; k++) {
      fprintf(f, "%s'%s.dat' using 1:%d with lines lw 2 title ", sel->n + k ? ", \\\n     " : "", SUPPLY.name, k + 2);
      plot_gp_str(f, sup->name[k]);
    }
    for (int i = 0; i < lim->n; i++) fputs(", \\\n     '-' using 1:2 with points ps 0 notitle", f);
    fprintf(f, "\n");
    for (int i = 0; i < lim->n; i++) fprintf(f, "0,%.9g\ne\n", lim->v[i]); /* the figure reads commas */
  }
  fclose(f);
  return 0;
}

/* One figure of a run: its columns extracted, its script written, gnuplot
 * run on it. */
static int run_figure(const char *dir, const char *plots, const figure *fg, const markers_t *mk, const topo_t *t,
                      FILE *err) {
  char trace[4200], dat[4200], gp[4200], name[128];
  selection_t sel, sup;
  int coolant = !strcmp(fg->name, "coolant");
  snprintf(trace, sizeof trace, "%s/traces/%s", dir, fg->file);
  snprintf(dat, sizeof dat, "%s/%s.dat", plots, fg->name);
  envelope_t env;
  char env_dat[4300];
  snprintf(env_dat, sizeof env_dat, "%s/%s_env.dat", plots, fg->name);
  if (select_columns(trace, fg, &sel, err) || extract(trace, &sel, dat, err)) return XPO_BAD_INPUT;
  if (write_envelope(dat, env_dat, &sel, &env, err)) return XPO_INTERNAL;
  if (coolant) {
    snprintf(trace, sizeof trace, "%s/traces/%s", dir, SUPPLY.file);
    snprintf(dat, sizeof dat, "%s/%s.dat", plots, SUPPLY.name);
    if (select_columns(trace, &SUPPLY, &sup, err) || extract(trace, &sup, dat, err)) return XPO_BAD_INPUT;
  }
  snprintf(gp, sizeof gp, "%s/%s.gp", plots, fg->name);
  snprintf(name, sizeof name, "%s.gp", fg->name); /* relative to plots/, where gnuplot runs */
  limits_t lim;
  figure_limits(t, fg->name, &lim);
  if (write_script(fg, &sel, coolant ? &sup : NULL, &env, mk, &lim, gp, err) || run_gnuplot(plots, name, err))
    return XPO_INTERNAL;
  return 0;
}

/* The two front-panel pictures: what shades each slot, on a scale that
 * does not follow the data (a 1 K spread is not blue to red): the
 * junctions from the coolant supply to the throttle limit, the margin
 * from -3 dB to +3 dB with 0 in the middle. */
typedef struct panel_fig {
  const char *name, *title, *cblabel, *palette;
  int field; /* 0: peak junction; 1: worst port's SNR margin */
} panel_fig_t;

static const panel_fig_t PANELS[] = {
    {"panel", "Front panel: peak junction and coolant flow per slot", "Peak junction (°C)",
     "(0 '#2c7bb6', 1 '#ffffbf', 2 '#d7191c')", 0},
    {"panel_margin", "Front panel: SNR margin of the worst port to the FEC limit; below 0 dB it cannot train",
     "SNR margin (dB)", "(-1 '#d7191c', 0 '#ffffbf', 1 '#2c7bb6')", 1},
};
/* The 1RU panel is 12 times wider than tall: drawn to scale across and
 * stretched upward, so that each slot has room for its label. */
enum { PANEL_W = 1800, PANEL_H = 520 };

/* One slot of panel.csv; the margin is NAN in a panel.csv without it. */
typedef struct panel_row {
  int slot;
  double x, y, w, h, tj, flow, margin;
} panel_row_t;

static int panel_row(const char *line, panel_row_t *r) {
  int row, col;
  r->margin = NAN;
  int n = sscanf(line, "%d,%d,%d,%lf,%lf,%lf,%lf,%lf,%lf,%lf", &r->slot, &row, &col, &r->x, &r->y, &r->w, &r->h, &r->tj,
                 &r->flow, &r->margin);
  return n >= 9 && isfinite(r->x + r->y + r->w + r->h + r->tj + r->flow);
}

/* The fixed scale of a panel: the margin's is -3..3 dB; the junction's
 * runs from the coolant supply (or the air) to the throttle limit of the
 * run's resolved.yaml, 25..105 C where it does not load. */
static void panel_scale(const panel_fig_t *pf, const topo_t *t, double *lo, double *hi) {
  if (pf->field) {
    *lo = -3;
    *hi = 3;
    return;
  }
  *lo = 25;
  *hi = 105;
  if (!t) return;
  *lo = t->nloops ? t->supply_c : t->air_c;
  *hi = t->throttle_c > *lo ? t->throttle_c : *lo + 60;
}

static void panel_slot(FILE *f, const panel_fig_t *pf, const panel_row_t *r, double v, int obj) {
  fprintf(f, "set object %d rect from %.4g,%.4g to %.4g,%.4g fc palette cb %.6g fs solid 1.0 border lc rgb 'black'\n",
          obj, r->x, r->y, r->x + r->w, r->y + r->h, v);
  if (pf->field)
    fprintf(f, "set label %d \"%d\\n%+.2f dB\" at %.4g,%.4g center font ',13'\n", obj, r->slot, v, r->x + r->w / 2,
            r->y + r->h / 2);
  else
    fprintf(f, "set label %d \"%d\\n%.0f °C\\n%.2g L/min\" at %.4g,%.4g center font ',13'\n", obj, r->slot, v, r->flow,
            r->x + r->w / 2, r->y + r->h / 2);
}

/* The front panel to scale: every slot a rectangle shaded by the figure's
 * quantity, labelled with its number and value. Reads DIR/panel.csv
 * (written by the run). Returns the slots drawn, 0 if the file has no such
 * column (an older run), -1 on error. */
static int write_panel_script(const char *dir, const char *gp, const panel_fig_t *pf, const topo_t *t, FILE *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/panel.csv", dir);
  FILE *in = fopen(path, "r");
  if (!in) {
    fprintf(err, "xposim: %s is missing\n", path);
    return -1;
  }
  FILE *f = fopen(gp, "w");
  if (!f) {
    fclose(in);
    fprintf(err, "xposim: cannot write %s: %s\n", gp, strerror(errno));
    return -1;
  }
  double panel_w = 533.4, unit_h = 44.45, lo, hi;
  panel_scale(pf, t, &lo, &hi);
  char line[512];
  int nobj = 0;
  fprintf(f, "# xposim figure '%s': the front panel (mm across, stretched upward), shaded by %s\n", pf->name,
          pf->cblabel);
  fprintf(f, "# the colour scale is fixed (set cbrange below), not fitted to the data\n");
  fprintf(f, "set terminal pngcairo size %d,%d font ',12'\nset output '%s.png'\nset termoption noenhanced\n", PANEL_W,
          PANEL_H, pf->name);
  gp_set(f, "title", "%s (colour scale fixed: %g to %g %s)", pf->title, lo, hi, pf->field ? "dB" : "°C");
  fprintf(f, "set lmargin 8\nset rmargin 16\nset tmargin 3\nset bmargin 4\n");
  fprintf(f, "set xlabel 'Across the panel (mm)'\nset ylabel 'Up (mm, stretched)'\nset palette defined %s\n",
          pf->palette);
  while (fgets(line, sizeof line, in)) {
    if (sscanf(line, "# panel_width_mm: %lf", &panel_w) == 1) continue;
    if (sscanf(line, "# unit_height_mm: %lf", &unit_h) == 1) continue;
    panel_row_t r;
    if (!panel_row(line, &r) || nobj == PLOT_MAX_PANEL_SLOTS) continue;
    double v = pf->field ? r.margin : r.tj;
    if (!isfinite(v)) continue;
    panel_slot(f, pf, &r, v, ++nobj);
  }
  fclose(in);
  fprintf(f, "set object %d rect from 0,0 to %.4g,%.4g fs empty border lc rgb 'gray' behind\n", nobj + 1, panel_w,
          unit_h);
  fprintf(f, "set xrange [-5:%.4g]\nset yrange [-3:%.4g]\nset cbrange [%.6g:%.6g]\n", panel_w + 5, unit_h + 3, lo, hi);
  gp_set(f, "cblabel", "%s", pf->cblabel);
  /* An invisible point in palette colour makes gnuplot draw the colour box. */
  fprintf(f, "plot '-' using 1:2:3 with points pt 5 ps 0 palette notitle\n0 0 %.6g\ne\n", lo);
  gp_outputs(f, pf->name, PANEL_W, PANEL_H);
  fclose(f);
  return nobj;
}

/* plot and report add files only to a directory xposim wrote. */
int plot_dir_is_ours(const char *dir, FILE *err) {
  if (outdir_is_ours(dir)) return 1;
  fprintf(err,
          "xposim: %s is not a run or sweep directory xposim wrote (no %s or %s marker); plot and report write "
          "only into those\n",
          dir, OUTDIR_RUN_MARKER, OUTDIR_SWEEP_MARKER);
  return 0;
}

int plot_run(const char *dir, FILE *err) {
  char path[4096];
  if (!plot_dir_is_ours(dir, err)) return XPO_BAD_INPUT;
  snprintf(path, sizeof path, "%s/results.csv", dir);
  if (!access(path, R_OK)) return plot_sweep(dir, err);
  snprintf(path, sizeof path, "%s/sensitivity.csv", dir);
  if (!access(path, R_OK)) return plot_tornado(dir, err);
  snprintf(path, sizeof path, "%s/summary.json", dir);
  if (access(path, R_OK)) {
    fprintf(err, "xposim: %s is not a complete run directory (no summary.json)\n", dir);
    return XPO_BAD_INPUT;
  }
  char why[600];
  json_t *sum = rundir_read_summary(path, why, sizeof why);
  if (!sum) {
    fprintf(err, "xposim: %s\n", why);
    return XPO_BAD_INPUT;
  }
  double sim_end = rundir_num(sum, "sim_time_s");
  json_decref(sum);
  snprintf(path, sizeof path, "%s/plots", dir);
  if (trace_mkdir_p(path)) {
    fprintf(err, "xposim: cannot create %s: %s\n", path, strerror(errno));
    return XPO_INTERNAL;
  }
  int rc = 0;
  markers_t mk;
  read_markers(dir, &mk);
  read_spans(dir, sim_end, &mk);
  char resolved[4200];
  snprintf(resolved, sizeof resolved, "%s/resolved.yaml", dir);
  topo_errs_t te;
  topo_errs_init(&te, resolved);
  topo_t *t = topo_load(resolved, &te, NULL); /* the limits; none if it does not load */
  topo_errs_free(&te);
  for (size_t i = 0; i < sizeof FIGS / sizeof FIGS[0] && rc == 0; i++)
    rc = run_figure(dir, path, &FIGS[i], &mk, t, err);
  if (rc == 0 && plot_ports(dir, path, err)) rc = XPO_INTERNAL;
  if (rc == 0 && plot_schematic(dir, path, t, err)) rc = XPO_INTERNAL;
  for (size_t i = 0; i < sizeof PANELS / sizeof PANELS[0] && rc == 0; i++) {
    char gp[4096], name[64];
    snprintf(name, sizeof name, "%s.gp", PANELS[i].name);
    snprintf(gp, sizeof gp, "%s/plots/%s", dir, name);
    int n = write_panel_script(dir, gp, &PANELS[i], t, err);
    if (n < 0 || (n > 0 && run_gnuplot(path, name, err))) rc = XPO_INTERNAL;
    if (n == 0) remove(gp); /* an older run without the column: no picture */
  }
  topo_free(t);
  return rc;
}
