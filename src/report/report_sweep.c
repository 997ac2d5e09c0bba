/*
 * report_sweep.c: a sweep's page: how many points passed, the axes and
 * their values, the results as a table that sorts (click a heading) and
 * filters (a text box; passing points only), the axes first and the main
 * KPIs with their units (every KPI one click away), each point linked to
 * its own report, then the sweep's figures (report_internal.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "html.h"
#include "report_internal.h"
#include "rundir.h"
#include "switch/results.h"
#include "table.h"
#include "util/exit.h"
#include "xpo_limits.h"

enum { REPORT_MAX_ROWS = 2000 };

static const char *const SWEEP_ORDER[] = {"sweep_pareto", "sweep_max_junction_c", "sweep_throughput_tbps_mean",
                                          "sweep_power_w_mean"};
static const char *const MAIN_KPIS[] = {"throughput_tbps_mean", "power_w_mean",  "max_module_junction_c",
                                        "max_asic_junction_c",  "max_coolant_c", "snr_margin_db_min",
                                        "link_down_s",          "brownouts",     "throttle_actions",
                                        "binding_headroom"};

static int main_kpi(const char *name) {
  for (size_t i = 0; i < sizeof MAIN_KPIS / sizeof MAIN_KPIS[0]; i++)
    if (!strcmp(MAIN_KPIS[i], name)) return 1;
  return 0;
}

static void point_link(FILE *f, const char *dir, const char *point) {
  size_t w = strspn(point, "0123456789");
  if (!w || w != strlen(point)) { /* not a point number: no link */
    html_esc(f, point);
    return;
  }
  char p[4300];
  long num = w > 9 ? -1 : strtol(point, NULL, 10);
  snprintf(p, sizeof p, "%s/points/%06ld/report.html", dir, num);
  int has_report = !access(p, R_OK);
  fprintf(f, "<a href=\"points/%06ld/%s\" title=\"%s\">%s</a>", num, has_report ? "report.html" : "summary.json",
          has_report ? "its report" : "its summary (xposim report DIR/points/N draws its report)", point);
}

static void header_cell(FILE *f, const char *name, long col) {
  int k = kpi_find(name);
  int extra = k >= 0 && !main_kpi(name);
  fprintf(f, "<th class=\"s%s\" onclick=\"xpoSort(%ld)\"%s title=\"", extra ? " x" : "", col, extra ? " hidden" : "");
  html_esc(f, name);
  fputs("\">", f);
  if (k >= 0) {
    html_esc(f, kpi_label((kpi_id_t)k));
    if (kpi_unit((kpi_id_t)k)[0]) fprintf(f, " (%s)", kpi_unit((kpi_id_t)k));
  } else
    html_esc(f, name); /* an axis: its key path */
  fputs("</th>", f);
}

static void table_rows(FILE *f, const char *dir, const table_t *t, long seed) {
  for (size_t r = 1; r < t->rows && r <= REPORT_MAX_ROWS; r++) {
    fputs("<tr>", f);
    for (size_t c = 0; c < t->cols; c++) {
      const char *v = table_cell(t, r, c), *name = table_cell(t, 0, c);
      int k = kpi_find(name), extra = k >= 0 && !main_kpi(name);
      fprintf(f, "<td%s%s>", k >= 0 || c == 0 || (long)c == seed ? " class=\"n\"" : "",
              extra ? " hidden data-x=\"1\"" : "");
      if (c == 0)
        point_link(f, dir, v);
      else if (k >= 0 && v[0]) {
        char text[64];
        char *end;
        double x = strtod(v, &end);
        kpi_format((kpi_id_t)k, *end ? NAN : x, text, sizeof text);
        html_esc(f, text);
      } else
        html_esc(f, v);
      fputs("</td>", f);
    }
    fputs("</tr>\n", f);
  }
}

/* Sorting and filtering in the page itself, without a library. */
static const char SWEEP_SCRIPT[] =
    "<script>var xpoDir={};function xpoSort(c){var tb=document.getElementById('results').tBodies[0];"
    "var rows=[].slice.call(tb.rows);xpoDir[c]=-(xpoDir[c]||-1);var d=xpoDir[c];rows.sort(function(a,b){"
    "var x=a.cells[c].textContent,y=b.cells[c].textContent,nx=parseFloat(x),ny=parseFloat(y);"
    "if(!isNaN(nx)&&!isNaN(ny))return d*(nx-ny);return d*x.localeCompare(y);});for(var r of rows)tb.appendChild(r);}\n"
    "function xpoFilter(){var q=document.getElementById('filter').value.toLowerCase(),"
    "p=document.getElementById('passing').checked,pc=+document.getElementById('results').dataset.pass;"
    "for(var r of document.getElementById('results').tBodies[0].rows){var ok=r.textContent.toLowerCase()"
    ".indexOf(q)>=0&&(!p||r.cells[pc].textContent=='1');r.style.display=ok?'':'none';}}\n"
    "function xpoAll(on){for(var e of document.querySelectorAll('#results .x,#results [data-x]'))e.hidden=!on;}"
    "</script>\n";

static void summary_line(FILE *f, const table_t *t, long pass_col, long status_col) {
  size_t n = t->rows - 1, passed = 0, ran = 0;
  for (size_t r = 1; r < t->rows; r++) {
    const char *st = table_cell(t, r, (size_t)status_col);
    passed += !strcmp(table_cell(t, r, (size_t)pass_col), "1");
    ran += !strcmp(st, "ok") || !strcmp(st, "expect-failed");
  }
  fprintf(f, "<p class=\"verdict %s\">%zu of %zu points pass", passed == n ? "pass" : "fail", passed, n);
  if (ran > passed) fprintf(f, "; %zu ran but an expect failed", ran - passed);
  if (ran < n) fprintf(f, "; %zu did not run to a result (refused or failed)", n - ran);
  fputs("</p>\n", f);
}

static void axes_list(FILE *f, const table_t *t, long seed) {
  fputs("<h2>Axes</h2>\n<ul>\n", f);
  for (long c = 1; c < seed; c++) {
    fputs("<li><code>", f);
    html_esc(f, table_cell(t, 0, (size_t)c));
    fputs("</code>:", f);
    int shown = 0;
    for (size_t r = 1; r < t->rows && shown < 24; r++) {
      int seen = 0;
      for (size_t q = 1; q < r && !seen; q++) seen = !strcmp(table_cell(t, q, (size_t)c), table_cell(t, r, (size_t)c));
      if (seen) continue;
      fputs(shown++ ? ", " : " ", f);
      html_esc(f, table_cell(t, r, (size_t)c));
    }
    fputs("</li>\n", f);
  }
  fputs("</ul>\n", f);
}

int report_sweep_points(const char *dir, int (*write_one)(const char *point_dir, FILE *err), FILE *err) {
  char path[4200], why[600];
  snprintf(path, sizeof path, "%s/results.csv", dir);
  table_t t;
  if (table_read(path, RUNDIR_MAX_SUMMARY, &t, why, sizeof why)) {
    fprintf(err, "xposim: %s\n", why);
    return XPO_BAD_INPUT;
  }
  int rc = 0;
  for (size_t r = 1; r < t.rows && r <= REPORT_MAX_ROWS && !rc; r++) {
    const char *point = table_cell(&t, r, 0);
    size_t w = strspn(point, "0123456789");
    if (!w || w != strlen(point) || w > 9) continue;
    snprintf(path, sizeof path, "%s/points/%06ld/summary.json", dir, strtol(point, NULL, 10));
    if (access(path, R_OK)) continue; /* a point that never finished: its row says why */
    *strrchr(path, '/') = '\0';
    rc = write_one(path, err);
  }
  table_free(&t);
  return rc;
}

/* A probability with its interval: "0.81 (0.70 to 0.89; 52 of 64)". */
static void probability_cell(FILE *f, const json_t *p) {
  fprintf(f, "<td class=\"n\">%.2f</td><td class=\"n\">%.2f to %.2f</td><td class=\"n\">%.0f of %.0f</td>",
          rundir_num(p, "probability"), rundir_num(p, "low95"), rundir_num(p, "high95"), rundir_num(p, "holds"),
          rundir_num(p, "of"));
}

/* A Monte Carlo sweep's monte_carlo.json: how likely the expects hold, and
 * the main KPIs' spread over the samples. Nothing for another sweep. */
static void monte_carlo(FILE *f, const char *dir) {
  char path[4200], why[4800];
  snprintf(path, sizeof path, "%s/monte_carlo.json", dir);
  if (access(path, R_OK)) return;
  json_error_t je;
  json_t *mc = json_load_file(path, 0, &je);
  if (!json_is_object(mc)) {
    snprintf(why, sizeof why, "%s:%d:%d: %s", path, je.line, je.column, je.text);
    fputs("<p class=\"fail\">", f);
    html_esc(f, why);
    fputs("</p>\n", f);
    json_decref(mc);
    return;
  }
  fputs(
      "<h2>Monte Carlo: how sure the answer is</h2>\n<table><tr><th>expects</th><th>probability</th>"
      "<th>95 % interval</th><th>samples</th></tr>\n<tr><td><b>all of them</b></td>",
      f);
  probability_cell(f, json_object_get(mc, "all_expects"));
  fputs("</tr>\n", f);
  size_t i;
  const json_t *e;
  json_array_foreach(json_object_get(mc, "expects"), i, e) {
    fprintf(f, "<tr><td>expect %zu</td>", i + 1);
    probability_cell(f, e);
    fputs("</tr>\n", f);
  }
  fputs(
      "</table>\n<table><tr><th>KPI</th><th>mean</th><th>5th percentile</th><th>median</th><th>95th "
      "percentile</th><th></th></tr>\n",
      f);
  const json_t *kpi = json_object_get(mc, "kpi");
  for (size_t k = 0; k < sizeof MAIN_KPIS / sizeof MAIN_KPIS[0]; k++) {
    const json_t *q = json_object_get(kpi, MAIN_KPIS[k]);
    int id = kpi_find(MAIN_KPIS[k]);
    if (!q || id < 0) continue;
    char m[64], p5[64], p50[64], p95[64];
    kpi_format((kpi_id_t)id, rundir_num(q, "mean"), m, sizeof m);
    kpi_format((kpi_id_t)id, rundir_num(q, "p5"), p5, sizeof p5);
    kpi_format((kpi_id_t)id, rundir_num(q, "p50"), p50, sizeof p50);
    kpi_format((kpi_id_t)id, rundir_num(q, "p95"), p95, sizeof p95);
    fprintf(f,
            "<tr><td title=\"%s\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
            "<td class=\"n\">%s</td><td>%s</td></tr>\n",
            MAIN_KPIS[k], kpi_label((kpi_id_t)id), m, p5, p50, p95, kpi_unit((kpi_id_t)id));
  }
  fputs("</table>\n", f);
  json_decref(mc);
}

int report_sweep_page(FILE *f, const char *dir, FILE *err) {
  char path[4200], why[600];
  snprintf(path, sizeof path, "%s/results.csv", dir);
  table_t t;
  if (table_read(path, RUNDIR_MAX_SUMMARY, &t, why, sizeof why)) {
    fprintf(err, "xposim: %s\n", why);
    return -1;
  }
  long seed = table_col(&t, "seed"), pass_col = table_col(&t, "pass"), status_col = table_col(&t, "status");
  if (t.rows < 2 || seed < 1 || pass_col < 0 || status_col < 0) {
    fprintf(err, "xposim: %s is not a sweep's results (no point, seed, status or pass column)\n", path);
    table_free(&t);
    return -1;
  }
  fputs("<h1>xposim sweep: ", f);
  html_esc(f, dir);
  fputs("</h1>\n", f);
  summary_line(f, &t, pass_col, status_col);
  monte_carlo(f, dir);
  axes_list(f, &t, seed);
  fputs(
      "<h2>Results</h2>\n<p><input id=\"filter\" placeholder=\"filter rows\" oninput=\"xpoFilter()\"> "
      "<label><input type=\"checkbox\" id=\"passing\" onchange=\"xpoFilter()\"> passing points only</label> "
      "<label><input type=\"checkbox\" onchange=\"xpoAll(this.checked)\"> every KPI</label> "
      "<span class=\"muted\">click a heading to sort</span></p>\n",
      f);
  fprintf(f, "<div class=\"wide\"><table id=\"results\" data-pass=\"%ld\"><thead><tr>", pass_col);
  for (size_t c = 0; c < t.cols; c++) header_cell(f, table_cell(&t, 0, c), (long)c);
  fputs("</tr></thead><tbody>\n", f);
  table_rows(f, dir, &t, seed);
  fputs("</tbody></table></div>\n", f);
  if (t.rows - 1 > REPORT_MAX_ROWS)
    fprintf(f, "<p class=\"muted\">(the first %d points; results.csv has them all)</p>\n", REPORT_MAX_ROWS);
  fputs(SWEEP_SCRIPT, f);
  table_free(&t);
  fputs("<h2>Figures</h2>\n", f);
  snprintf(path, sizeof path, "%s/plots", dir);
  html_figures(f, path, "plots", SWEEP_ORDER, sizeof SWEEP_ORDER / sizeof SWEEP_ORDER[0]);
  return 0;
}
