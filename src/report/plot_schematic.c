/*
 * plot_schematic.c: the coolant network as a schematic (plot_internal.h):
 * per loop, the CDU with its supply and its hottest return, the pumps (or
 * the regulated flow) and the loop's flow and head, the supply header
 * along the top and the return header along the bottom, and between them
 * a line per branch (a module's or an ASIC's plate), coloured by its
 * hottest outlet on a fixed scale from the coldest supply to 20 K above the
 * warmest
 * and labelled with what it cools, its mean flow and that outlet. Flows
 * and temperatures from traces/coolant.csv, the network from resolved.yaml.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "plot_gp.h"
#include "plot_internal.h"
#include "rundir.h"
#include "topo/topo.h"
#include "trace/trace.h"

enum { SCHEM_MAX_COLS = 8192, SCHEM_RISE_K = 20 };

/* Per branch (slots, then ASICs) and per loop: mean flow, hottest outlet. */
typedef struct coolant_stats {
  double flow_sum[TOPO_MAX_SLOTS + TOPO_MAX_ASICS], outlet_max[TOPO_MAX_SLOTS + TOPO_MAX_ASICS];
  double loop_flow_sum[TOPO_MAX_LOOPS], loop_head_max[TOPO_MAX_LOOPS], loop_return_max[TOPO_MAX_LOOPS];
  /* the row before, held until this one: flows are time means (a trace
   * written on change leaves out rows that repeat it) */
  double flow_prev[TOPO_MAX_SLOTS + TOPO_MAX_ASICS], loop_flow_prev[TOPO_MAX_LOOPS], t_prev, t_first;
  long rows;
} coolant_stats_t;

/* What column c of coolant.csv is: kind 1 flow, 2 outlet, 3 loop flow, 4
 * loop head, 5 loop return; who: branch or loop index. */
typedef struct col_role {
  int kind, who;
} col_role_t;

static col_role_t role_of(const topo_t *t, const char *name) {
  col_role_t r = {0, 0};
  int i, at = 0;
  if (sscanf(name, "slot%d_%n", &i, &at) == 1 && at && i >= 0 && (size_t)i < t->nslots)
    r.who = i;
  else if (sscanf(name, "asic%d_%n", &i, &at) == 1 && at && i >= 0 && i < t->n_asics)
    r.who = (int)t->nslots + i;
  else {
    for (size_t l = 0; l < t->nloops; l++) {
      char p[TOPO_NAME_MAX + 8];
      snprintf(p, sizeof p, "loop_%s_", t->loops[l].name);
      if (strncmp(name, p, strlen(p))) continue;
      const char *rest = name + strlen(p);
      r.who = (int)l;
      r.kind = !strcmp(rest, "flow_lpm") ? 3 : !strcmp(rest, "head_kpa") ? 4 : !strcmp(rest, "return_c") ? 5 : 0;
      return r;
    }
    return r;
  }
  r.kind = !strcmp(name + at, "flow_lpm") ? 1 : !strcmp(name + at, "outlet_c") ? 2 : 0;
  return r;
}

/* The flows of the row before, held from its time to t, into the sums. */
static void hold_flows(coolant_stats_t *s, double t) {
  double dt = t - s->t_prev;
  for (size_t w = 0; w < TOPO_MAX_SLOTS + TOPO_MAX_ASICS; w++) s->flow_sum[w] += s->flow_prev[w] * dt;
  for (size_t l = 0; l < TOPO_MAX_LOOPS; l++) s->loop_flow_sum[l] += s->loop_flow_prev[l] * dt;
}

static void add_row(coolant_stats_t *s, const col_role_t *roles, int ncols, const char *line) {
  const char *p = line, *end = line + strlen(line);
  char cell[64];
  double t = strtod(line, NULL);
  if (s->rows)
    hold_flows(s, t);
  else
    s->t_first = t;
  s->t_prev = t;
  for (int c = 0; p && c < ncols; c++) {
    p = trace_csv_next(p, end, cell, sizeof cell);
    double v = strtod(cell, NULL);
    if (!roles[c].kind || !isfinite(v)) continue;
    int w = roles[c].who;
    if (roles[c].kind == 1) s->flow_prev[w] = v;
    if (roles[c].kind == 2) s->outlet_max[w] = fmax(s->outlet_max[w], v);
    if (roles[c].kind == 3) s->loop_flow_prev[w] = v;
    if (roles[c].kind == 4) s->loop_head_max[w] = fmax(s->loop_head_max[w], v);
    if (roles[c].kind == 5) s->loop_return_max[w] = fmax(s->loop_return_max[w], v);
  }
  s->rows++;
}

static int read_coolant(const char *dir, const topo_t *t, coolant_stats_t *s) {
  char path[4200], why[256], cell[128];
  snprintf(path, sizeof path, "%s/traces/coolant.csv", dir);
  for (size_t i = 0; i < TOPO_MAX_SLOTS + TOPO_MAX_ASICS; i++) s->outlet_max[i] = -INFINITY;
  for (size_t l = 0; l < TOPO_MAX_LOOPS; l++) s->loop_head_max[l] = s->loop_return_max[l] = -INFINITY;
  col_role_t *roles = calloc(SCHEM_MAX_COLS, sizeof *roles);
  if (!roles) abort();
  rundir_csv_t c;
  int ncols = -1;
  if (rundir_csv_open(&c, path)) {
    free(roles);
    return 0;
  }
  while (rundir_csv_next(&c, why, sizeof why) == 1) {
    if (c.line[0] == '#') continue;
    if (ncols >= 0) {
      add_row(s, roles, ncols, c.line);
      continue;
    }
    const char *p = c.line, *end = c.line + strlen(c.line);
    for (ncols = 0; p && ncols < SCHEM_MAX_COLS; ncols++) {
      p = trace_csv_next(p, end, cell, sizeof cell);
      roles[ncols] = role_of(t, cell);
    }
  }
  rundir_csv_close(&c);
  free(roles);
  /* time means; a run of one row: that row */
  double span = s->t_prev - s->t_first;
  for (size_t w = 0; w < TOPO_MAX_SLOTS + TOPO_MAX_ASICS; w++)
    s->flow_sum[w] = span > 0 ? s->flow_sum[w] / span : s->flow_prev[w];
  for (size_t l = 0; l < TOPO_MAX_LOOPS; l++)
    s->loop_flow_sum[l] = span > 0 ? s->loop_flow_sum[l] / span : s->loop_flow_prev[l];
  return s->rows > 0;
}

/* Loop l's band of the picture: its branches' data and its labels. */
static void loop_band(FILE *d, FILE *g, const topo_t *t, const coolant_stats_t *s, size_t l, double y0, int *lab) {
  const topo_loop_t *lp = &t->loops[l];
  double top = y0 + 3, bottom = y0 + 0.6, n = 1; /* the sums are time means already */
  int nb = 0;
  for (size_t b = 0; b < t->nslots + (size_t)t->n_asics; b++) {
    int on = b < t->nslots ? t->slot_loop[b] == (int)l : t->asic_loop[b - t->nslots] == (int)l;
    if (!on) continue;
    double x = 3 + nb++;
    fprintf(d, "%g %g 0 %g %.6g\n", x, top, bottom - top, s->outlet_max[b]);
    fprintf(g, "set label %d \"%s%zu\\n%.2g L/min\\n%.1f °C\" at %g,%g center front boxed font ',9'\n", ++*lab,
            b < t->nslots ? "slot " : "ASIC ", b < t->nslots ? b : b - t->nslots, s->flow_sum[b] / n, s->outlet_max[b],
            x, (top + bottom) / 2);
  }
  double right = 3 + (nb ? nb - 1 : 0);
  fprintf(g, "set arrow from 1.9,%g to %g,%g nohead lw 4 lc rgb '#2c7bb6' back\n", top, right + 0.3, top);
  fprintf(g, "set arrow from %g,%g to 1.9,%g nohead lw 4 lc rgb '#d7191c' back\n", right + 0.3, bottom, bottom);
  fprintf(g, "set object %d rect from -0.4,%g to 1.9,%g fc rgb '#eeeeee' fs solid 1 border lc rgb 'black'\n", *lab + 1,
          bottom - 0.2, top + 0.2);
  char lines[5][96]; /* the CDU's text, a label a line (a quoted string holds no line break) */
  snprintf(lines[0], sizeof lines[0], "CDU, loop %s", lp->name);
  snprintf(lines[1], sizeof lines[1], "%s",
           lp->pumped ? (lp->npumps == 1 ? "1 pump" : "pumps in parallel") : "regulated flow");
  snprintf(lines[2], sizeof lines[2], "supply %.1f °C", lp->supply_c);
  snprintf(lines[3], sizeof lines[3], "return up to %.1f °C", s->loop_return_max[l]);
  snprintf(lines[4], sizeof lines[4], "%.2f L/min, head %.3g kPa", s->loop_flow_sum[l] / n, s->loop_head_max[l]);
  for (int i = 0; i < 5; i++) {
    fprintf(g, "set label %d ", ++*lab);
    plot_gp_str(g, lines[i]);
    fprintf(g, " at 0.75,%g center offset 0,%g font ',9'\n", (top + bottom) / 2, 2.0 - i);
  }
  fprintf(g, "set label %d 'supply header' at %g,%g left font ',9' tc rgb '#2c7bb6'\n", ++*lab, 2.0, top + 0.25);
  fprintf(g, "set label %d 'return header' at %g,%g left font ',9' tc rgb '#d7191c'\n", ++*lab, 2.0, bottom - 0.3);
}

int plot_schematic(const char *dir, const char *plots, const topo_t *t, FILE *err) {
  if (!t || !t->nloops) return 0; /* no resolved.yaml to read, or no liquid: no network to draw */
  coolant_stats_t *s = calloc(1, sizeof *s);
  if (!s) abort();
  int rc = 0;
  if (read_coolant(dir, t, s)) {
    char path[4300];
    snprintf(path, sizeof path, "%s/coolant_schematic.dat", plots);
    FILE *d = fopen(path, "w");
    snprintf(path, sizeof path, "%s/coolant_schematic.gp", plots);
    FILE *g = fopen(path, "w");
    if (!d || !g) {
      if (d) fclose(d);
      if (g) fclose(g);
      free(s);
      return -1;
    }
    size_t widest = 1;
    for (size_t l = 0; l < t->nloops; l++) {
      size_t nb = 0;
      for (size_t b = 0; b < t->nslots; b++) nb += t->slot_loop[b] == (int)l;
      for (int a = 0; a < t->n_asics; a++) nb += t->asic_loop[a] == (int)l;
      widest = nb > widest ? nb : widest;
    }
    double lo = INFINITY, hi = -INFINITY; /* the coldest supply to 20 K above the warmest */
    for (size_t l = 0; l < t->nloops; l++) lo = fmin(lo, t->loops[l].supply_c), hi = fmax(hi, t->loops[l].supply_c);
    hi += SCHEM_RISE_K;
    int w = 400 + 90 * (int)widest, h = 120 + 260 * (int)t->nloops, lab = 0;
    fprintf(g, "# xposim figure 'coolant_schematic': each loop's CDU, headers and branches; colour: hottest outlet\n");
    fprintf(g, "set terminal pngcairo size %d,%d font ',10'\nset output 'coolant_schematic.png'\n", w, h);
    fprintf(g, "set style textbox opaque noborder\n");
    fprintf(g, "set termoption noenhanced\nunset border\nunset xtics\nunset ytics\nunset key\n");
    gp_set(g, "title", "The coolant network: branch flow (mean) and hottest outlet (colour scale fixed: %g to %g °C)",
           lo, hi);
    for (size_t l = 0; l < t->nloops; l++) {
      loop_band(d, g, t, s, l, 3.6 * (double)(t->nloops - 1 - l), &lab);
      fprintf(d, "\n\n");
    }
    fprintf(g, "set xrange [-0.6:%g]\nset yrange [0:%g]\nset cbrange [%g:%g]\n", 3.5 + (double)widest,
            3.6 * (double)t->nloops + 0.2, lo, hi);
    fprintf(g, "set palette defined (0 '#2c7bb6', 1 '#ffffbf', 2 '#d7191c')\nset cblabel 'hottest outlet (°C)'\n");
    fprintf(g, "plot 'coolant_schematic.dat' using 1:2:3:4:5 with vectors nohead lw 10 lc palette\n");
    gp_outputs(g, "coolant_schematic", w, h);
    fclose(d);
    fclose(g);
    rc = run_gnuplot(plots, "coolant_schematic.gp", err);
  }
  free(s);
  return rc;
}
