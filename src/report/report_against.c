/*
 * report_against.c: run A read against run B (the CI view of a topology
 * change): both verdicts, every KPI side by side with the difference, and
 * the switch's series of both runs overlaid, A solid and B dashed. The
 * overlay figures are written into A/plots as against_NAME.* from data
 * extracted out of both runs' switch.csv (report_internal.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "plot.h"
#include "plot_gp.h"
#include "report_internal.h"
#include "rundir.h"
#include "switch/results.h"
#include "trace/trace.h"

enum { AGAINST_MAX_ROWS = 20000 };

typedef struct overlay {
  const char *col, *title, *ylabel;
} overlay_t;

static const overlay_t OVERLAYS[] = {
    {"throughput_tbps", "Throughput: A against B", "Throughput (Tb/s)"},
    {"power_w", "Switch input power: A against B", "Power (W)"},
    {"max_junction_c", "Hottest junction: A against B", "Junction (°C)"},
    {"return_c", "Coolant return: A against B", "Temperature (°C)"},
};

/* time_s and one column of DIR/traces/switch.csv into out as "t,v" lines,
 * every stride-th row so that at most AGAINST_MAX_ROWS are written. Rows
 * of the file: counted first. Returns the rows written, -1 if the column
 * or the file is missing. */
static long extract_column(const char *dir, const char *col, FILE *out) {
  char path[4200], why[256];
  snprintf(path, sizeof path, "%s/traces/switch.csv", dir);
  rundir_csv_t c;
  long rows = 0, idx = -1, written = 0;
  if (rundir_csv_open(&c, path)) return -1;
  while (rundir_csv_next(&c, why, sizeof why) == 1) rows += c.line[0] != '#';
  rundir_csv_close(&c);
  long stride = rows / AGAINST_MAX_ROWS + 1, row = 0;
  if (rundir_csv_open(&c, path)) return -1;
  while (rundir_csv_next(&c, why, sizeof why) == 1) {
    if (c.line[0] == '#') continue;
    char cell[128];
    const char *p = c.line, *end = c.line + strlen(c.line);
    if (idx < 0) { /* the header */
      for (long i = 0; p && idx < 0; i++) {
        p = trace_csv_next(p, end, cell, sizeof cell);
        if (!strcmp(cell, col)) idx = i;
      }
      if (idx < 0) break;
      continue;
    }
    if (row++ % stride) continue;
    double t = strtod(c.line, NULL), v = NAN;
    for (long i = 0; p && i <= idx; i++) {
      p = trace_csv_next(p, end, cell, sizeof cell);
      if (i == idx) v = strtod(cell, NULL);
    }
    fprintf(out, "%.9g,%.9g\n", t, v);
    written++;
  }
  rundir_csv_close(&c);
  return idx < 0 ? -1 : written;
}

static int overlay_figure(const char *a, const char *b, const overlay_t *o, FILE *err) {
  char path[4300], name[96];
  snprintf(name, sizeof name, "against_%s", o->col);
  snprintf(path, sizeof path, "%s/plots/%s.dat", a, name);
  FILE *d = fopen(path, "w");
  if (!d) return -1;
  long na = extract_column(a, o->col, d);
  fputs("\n\n", d);
  long nb = extract_column(b, o->col, d);
  fclose(d);
  if (na <= 0 || nb <= 0) {
    remove(path);
    return 0; /* a column one of the runs does not have: no figure */
  }
  snprintf(path, sizeof path, "%s/plots/%s.gp", a, name);
  FILE *g = fopen(path, "w");
  if (!g) return -1;
  fprintf(g, "# xposim figure '%s': run A (solid) against run B (dashed)\n", name);
  fprintf(g, "set datafile separator ','\nset terminal pngcairo size 1200,600 font ',11'\nset output '%s.png'\n", name);
  fprintf(g, "set termoption noenhanced\nset grid\nset key outside right top\n");
  gp_set(g, "title", "%s", o->title);
  gp_set(g, "xlabel", "Time (s)");
  gp_set(g, "ylabel", "%s", o->ylabel);
  fprintf(g, "plot '%s.dat' index 0 using 1:2 with lines lw 2 lc rgb '#08519c' title ", name);
  plot_gp_str(g, "A (this run)");
  fprintf(g, ", '' index 1 using 1:2 with lines lw 2 dt 2 lc rgb '#d7191c' title ");
  plot_gp_str(g, "B (against)");
  fputc('\n', g);
  gp_outputs(g, name, 1200, 600);
  fclose(g);
  snprintf(path, sizeof path, "%s/plots", a);
  char gp[128];
  snprintf(gp, sizeof gp, "%s.gp", name);
  return run_gnuplot(path, gp, err);
}

static void kpi_compare(FILE *f, const json_t *ka, const json_t *kb) {
  fputs(
      "<h2>KPIs, A against B</h2>\n<table><tr><th>KPI</th><th>A</th><th>B</th><th>A &minus; B</th>"
      "<th>unit</th></tr>\n",
      f);
  for (int k = 0; k < KPI_COUNT_; k++) {
    const char *n = kpi_name((kpi_id_t)k);
    double va = rundir_num(ka, n), vb = rundir_num(kb, n);
    char ta[64], tb[64], td[64];
    kpi_format((kpi_id_t)k, va, ta, sizeof ta);
    kpi_format((kpi_id_t)k, vb, tb, sizeof tb);
    int differ = strcmp(ta, tb) != 0;
    if (!strcmp(ta, "none") || !strcmp(tb, "none"))
      snprintf(td, sizeof td, "%s", differ ? "changed" : "");
    else
      kpi_format((kpi_id_t)k, va - vb, td, sizeof td);
    fprintf(f,
            "<tr%s><td title=\"%s\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
            "<td>%s</td></tr>\n",
            differ ? " style=\"background:#fff3cd\"" : "", n, kpi_label((kpi_id_t)k), ta, tb, differ ? td : "",
            kpi_unit((kpi_id_t)k));
  }
  fputs("</table>\n<p class=\"muted\">highlighted: shown differently at the KPI's precision</p>\n", f);
}

int report_against_page(FILE *f, const char *a, const json_t *sa, const char *b, const json_t *sb, FILE *err) {
  fputs("<h1>xposim: run A against run B</h1>\n<p>A: <code>", f);
  html_esc(f, a);
  fputs("</code> (", f);
  const char *na = json_string_value(json_object_get(sa, "name")), *nb = json_string_value(json_object_get(sb, "name"));
  html_esc(f, na ? na : "?");
  fputs(")<br>B: <code>", f);
  html_esc(f, b);
  fputs("</code> (", f);
  html_esc(f, nb ? nb : "?");
  fputs(")</p>\n<h2>Verdicts</h2>\n<p>A:</p>", f);
  report_verdict(f, sa);
  fputs("<p>B:</p>", f);
  report_verdict(f, sb);
  kpi_compare(f, json_object_get(sa, "kpi"), json_object_get(sb, "kpi"));
  static const char *const order[] = {"against_throughput_tbps", "against_power_w", "against_max_junction_c",
                                      "against_return_c"};
  char plots[4200];
  snprintf(plots, sizeof plots, "%s/plots", a);
  if (trace_mkdir_p(plots)) {
    fprintf(err, "xposim: cannot create %s\n", plots);
    return 3;
  }
  for (size_t i = 0; i < sizeof OVERLAYS / sizeof OVERLAYS[0]; i++)
    if (overlay_figure(a, b, &OVERLAYS[i], err)) return 3;
  fputs("<h2>Figures</h2>\n", f);
  /* only the overlays: A's own figures are in its report */
  for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) html_figure(f, plots, "plots", order[i]);
  return 0;
}
