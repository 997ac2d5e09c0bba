/*
 * report_run.c: the story of one run, in the order an architect reads it:
 * the verdict, the switch in a few lines, the KPIs by group with their
 * units, the events on a timeline, then the figures (report_internal.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "report_internal.h"
#include "rundir.h"
#include "switch/margins.h"
#include "switch/results.h"
#include "topo/topo.h"

/* Figures in the order the story needs them; the rest follow by name. */
static const char *const RUN_ORDER[] = {
    "throughput", "power",    "junction", "asic_junction", "panel",    "slot_power",  "asic_power",   "coolant",
    "flow",       "pressure", "bus",      "psu_load",      "port_snr", "port_margin", "panel_margin", "laser_bias"};

void report_verdict(FILE *f, const json_t *sum) {
  const char *status = json_string_value(json_object_get(sum, "status"));
  const json_t *ex = json_object_get(sum, "expect");
  size_t n = json_array_size(ex), held = 0, i;
  const json_t *e;
  json_array_foreach(ex, i, e) held += json_is_true(json_object_get(e, "pass"));
  int pass = json_is_true(json_object_get(sum, "pass"));
  fprintf(f, "<p class=\"verdict %s\">%s", pass ? "pass" : "fail", pass ? "PASS" : "FAIL");
  if (status && !strcmp(status, "failed"))
    fputs(": the run failed (no result could be trusted)", f);
  else if (n)
    fprintf(f, ": %zu of %zu expects hold", held, n);
  else
    fputs(": the run completed (it states no expects)", f);
  fputs("</p>\n", f);
  const char *why = json_string_value(json_object_get(sum, "failure"));
  if (why) {
    fputs("<p class=\"fail\">", f);
    html_esc(f, why);
    fputs("</p>\n", f);
  }
  const char *binds = rundir_binding(sum);
  if (binds) {
    fputs("<p class=\"binding\">", f);
    html_esc(f, binds);
    fputs("</p>\n", f);
  }
}

/* One limit's row: its worst, where and when, the limit, the margin and
 * the headroom; the binding one in bold, an exceeded one in red. */
static void limit_row(FILE *f, const char *name, const json_t *l) {
  int k = limit_find(name), dec = k >= 0 ? limit_decimals((limit_id_t)k) : 2;
  const char *unit = json_string_value(json_object_get(l, "unit"));
  const char *munit = json_string_value(json_object_get(l, "margin_unit"));
  const char *where = json_string_value(json_object_get(l, "where"));
  double margin = rundir_num(l, "margin");
  int binds = json_is_true(json_object_get(l, "binds"));
  fprintf(f, "<tr%s><td title=\"%s\">%s</td><td class=\"n\">%.*f %s</td><td>", binds ? " class=\"binds\"" : "",
          k >= 0 ? name : "?", k >= 0 ? limit_label((limit_id_t)k) : "?", dec, rundir_num(l, "worst"),
          unit ? unit : "");
  html_esc(f, where ? where : "");
  fprintf(f, "</td><td class=\"n\">%.2f s</td><td class=\"n\">%.*f %s</td>", rundir_num(l, "at_s"), dec,
          rundir_num(l, "limit"), unit ? unit : "");
  fprintf(f, "<td class=\"n%s\">%.*f %s</td><td class=\"n\">%.0f %%</td></tr>\n", margin < 0 ? " fail" : "", dec,
          margin, munit ? munit : "", 100 * rundir_num(l, "headroom"));
}

/* How close the run came to each limit, and how long it took to settle
 * after each scenario event. */
static void limits(FILE *f, const json_t *sum) {
  const json_t *lim = json_object_get(sum, "limits");
  if (!json_object_size(lim)) return;
  fputs(
      "<h2>Limits and margins</h2>\n<table><tr><th>limit</th><th>worst</th><th>where</th><th>when</th>"
      "<th>limit</th><th>margin</th><th>headroom</th></tr>\n",
      f);
  const char *name;
  const json_t *l;
  json_object_foreach((json_t *)lim, name, l) limit_row(f, name, l);
  fputs("</table>\n", f);
  const json_t *st = json_object_get(sum, "settling");
  if (!json_array_size(st)) return;
  const json_t *first = json_array_get(st, 0);
  fprintf(f,
          "<table><tr><th>after</th><th>at</th><th>steady: the hottest junction within %.3g K for %.3g s</th></tr>\n",
          rundir_num(first, "band_k"), rundir_num(first, "hold_s"));
  size_t i;
  const json_t *e;
  json_array_foreach(st, i, e) {
    const char *ev = json_string_value(json_object_get(e, "event"));
    fputs("<tr><td>", f);
    html_esc(f, ev ? ev : "?");
    fprintf(f, "</td><td class=\"n\">%.2f s</td>", rundir_num(e, "from_s"));
    if (json_is_true(json_object_get(e, "settled")))
      fprintf(f, "<td class=\"n\">after %.2f s</td></tr>\n", rundir_num(e, "settle_s"));
    else
      fputs("<td class=\"n fail\">not steady before the next event or the end</td></tr>\n", f);
  }
  fputs("</table>\n", f);
}

/* The switch in a few lines, from the run's resolved.yaml. */
static void topology(FILE *f, const char *dir, const json_t *sum) {
  char path[4200];
  snprintf(path, sizeof path, "%s/resolved.yaml", dir);
  topo_errs_t te;
  topo_errs_init(&te, path);
  topo_t *t = topo_load(path, &te, NULL);
  topo_errs_free(&te);
  fputs("<h2>The switch</h2>\n", f);
  if (!t) {
    fputs("<p class=\"muted\">(its resolved.yaml does not load: no summary of the switch)</p>\n", f);
    return;
  }
  fputs("<ul class=\"topo\">\n", f);
  for (size_t ty = 0; ty < t->ntypes; ty++) {
    const topo_module_type_t *m = &t->types[ty];
    size_t count = 0;
    for (size_t s = 0; s < t->nslots; s++) count += t->slots[s].type == (int)ty;
    if (!count) continue;
    fprintf(f, "<li><b>%zu modules</b> of type <code>", count);
    html_esc(f, m->name);
    fprintf(f, "</code>: %d ports of %.1f Tb/s, %d lanes of the %s class, %s, %s cooled, capped at %.0f W</li>\n",
            m->ports.nports, m->ports.rate_bps / 1e12, m->lanes, lane_class_name(m->lane.cls),
            module_kind_name(m->power.kind), m->air_cooled ? "air" : "liquid", m->power.max_w);
  }
  fprintf(f, "<li>cage: %d rows &times; %d columns</li>\n", t->cage.rows, t->cage.cols);
  fprintf(f, "<li><b>%d ASIC%s</b> of %.1f Tb/s, %s cooled</li>\n", t->n_asics, t->n_asics == 1 ? "" : "s",
          t->asic_capacity_bps / 1e12, t->asic_air_cooled ? "air" : "liquid");
  for (size_t l = 0; l < t->nloops; l++) {
    const topo_loop_t *lp = &t->loops[l];
    size_t ns = 0, na = 0;
    for (size_t s = 0; s < t->nslots; s++) ns += lp->slots[s];
    for (int a = 0; a < t->n_asics; a++) na += lp->asics[a];
    fputs("<li>coolant loop <code>", f);
    html_esc(f, lp->name);
    fprintf(f, "</code> (%s): %zu modules and %zu ASICs, supply %.1f °C, ", fluid_name(t->fluid), ns, na, lp->supply_c);
    if (lp->pumped)
      fprintf(f, "%d pump%s", lp->npumps, lp->npumps == 1 ? "" : "s");
    else if (lp->flow_m3_per_s > 0)
      fprintf(f, "regulated flow %.2f L/min", lp->flow_m3_per_s * 6e4);
    else
      fputs("regulated flow: the branches' ratings", f);
    fprintf(f, ", %s headers</li>\n", lp->has_manifold ? "modelled" : "ideal");
  }
  if (t->fans.count) fprintf(f, "<li>fan tray: %d fans</li>\n", t->fans.count);
  fprintf(f, "<li>feed: %d PSUs of %.0f W, bus %.1f V (modules drop out below %.1f V)</li>\n", t->psu.count,
          t->psu.capacity_w, t->feed_v, t->feed_min_v);
  fprintf(f, "<li class=\"muted\">simulated %.6g s, seed %llu, kernel ", rundir_num(sum, "sim_time_s"),
          (unsigned long long)t->seed);
  const char *kernel = json_string_value(json_object_get(sum, "kernel"));
  html_esc(f, kernel ? kernel : "?");
  fputs(", from <code>", f);
  const char *file = json_string_value(json_object_get(sum, "file"));
  html_esc(f, file ? file : "?");
  fputs("</code></li>\n</ul>\n", f);
  topo_free(t);
}

/* The KPIs in their groups, each with its label, value and unit. */
void report_kpis(FILE *f, const json_t *kpi) {
  static const char *const groups[] = {"Traffic", "Power", "Thermal", "Links", "Feed", "Control", "Energy", "Solver"};
  fputs("<h2>KPIs</h2>\n<div class=\"groups\">\n", f);
  for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
    fprintf(f, "<table><tr><th colspan=\"3\">%s</th></tr>\n", groups[g]);
    for (int k = 0; k < KPI_COUNT_; k++) {
      if (strcmp(kpi_group((kpi_id_t)k), groups[g])) continue;
      const json_t *v = json_object_get(kpi, kpi_name((kpi_id_t)k));
      if (!v) continue;
      char text[64];
      kpi_format((kpi_id_t)k, json_is_number(v) ? json_number_value(v) : NAN, text, sizeof text);
      fprintf(f, "<tr><td title=\"%s\">%s</td><td class=\"n\">%s</td><td>%s</td></tr>\n", kpi_name((kpi_id_t)k),
              kpi_label((kpi_id_t)k), text, strcmp(text, "none") ? kpi_unit((kpi_id_t)k) : "");
    }
    fputs("</table>\n", f);
  }
  fputs("</div>\n", f);
}

static void expects(FILE *f, const json_t *sum) {
  const json_t *ex = json_object_get(sum, "expect");
  if (!json_array_size(ex)) return;
  fputs("<h2>Expects</h2>\n<table><tr><th>expect</th><th>value</th><th>result</th></tr>\n", f);
  size_t i;
  const json_t *e;
  json_array_foreach(ex, i, e) {
    const char *expr = json_string_value(json_object_get(e, "expr"));
    int pass = json_is_true(json_object_get(e, "pass"));
    fputs("<tr><td><code>", f);
    html_esc(f, expr ? expr : "");
    fprintf(f, "</code></td><td class=\"n\">%.6g</td><td class=\"%s\">%s</td></tr>\n", rundir_num(e, "value"),
            pass ? "pass" : "fail", pass ? "pass" : "FAIL");
  }
  fputs("</table>\n", f);
}

int report_run_page(FILE *f, const char *dir, const json_t *sum) {
  const char *name = json_string_value(json_object_get(sum, "name"));
  fputs("<h1>xposim run: ", f);
  html_esc(f, name ? name : dir);
  fputs("</h1>\n", f);
  report_verdict(f, sum);
  topology(f, dir, sum);
  limits(f, sum);
  report_kpis(f, json_object_get(sum, "kpi"));
  expects(f, sum);
  report_events(f, dir, rundir_num(sum, "sim_time_s"));
  fputs("<h2>Figures</h2>\n", f);
  char plots[4200];
  snprintf(plots, sizeof plots, "%s/plots", dir);
  return html_figures(f, plots, "plots", RUN_ORDER, sizeof RUN_ORDER / sizeof RUN_ORDER[0]);
}
