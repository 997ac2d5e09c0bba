/* plot_sensitivity.c: the tornado figure of a sensitivity study (plot.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "plot_gp.h"
#include "rundir.h"
#include "table.h"
#include "trace/trace.h"
#include "util/exit.h"

#define TORNADO_BARS 15

/* plots/tornado.dat: rank, key (as data: a quoted label, never script
 * text), the first KPI's move at the low and at the high end. */
static int tornado_data(const table_t *t, const char *plots, double base, size_t *rows) {
  char p[4400];
  snprintf(p, sizeof p, "%s/tornado.dat", plots);
  FILE *f = fopen(p, "w");
  if (!f) return -1;
  fputs("# rank key move_at_low move_at_high\n", f);
  *rows = 0;
  for (size_t r = 1; r < t->rows && *rows < TORNADO_BARS; r++) {
    double lo = strtod(table_cell(t, r, 6), NULL), hi = strtod(table_cell(t, r, 7), NULL);
    if (!*table_cell(t, r, 6) || !*table_cell(t, r, 7)) lo = hi = NAN; /* an end that cannot run */
    if (lo == base && hi == base) break;                               /* ranked: no effect from here on */
    long what = table_col(t, "what"); /* the key with its list items' names; older studies: the key */
    const char *key = table_cell(t, r, what > 0 ? (size_t)what : 1);
    fprintf(f, "%zu \"", r);
    for (const char *c = key; *c; c++) fputc(*c == '"' || *c == '\\' || (unsigned char)*c < ' ' ? '?' : *c, f);
    fprintf(f, "\" %.9g %.9g\n", lo - base, hi - base);
    (*rows)++;
  }
  return fclose(f) ? -1 : 0;
}

int plot_tornado(const char *dir, FILE *err) {
  char path[4400], plots[4300], why[600];
  snprintf(path, sizeof path, "%s/sensitivity.csv", dir);
  table_t t;
  if (table_read(path, RUNDIR_MAX_SUMMARY, &t, why, sizeof why)) {
    fprintf(err, "xposim: %s\n", why);
    return XPO_BAD_INPUT;
  }
  /* the first KPI's columns and the design's own value, from the header and the comment line */
  const char *kcol = table_cell(&t, 0, 6);
  size_t klen = strlen(kcol) > 7 ? strlen(kcol) - 7 : 0; /* "<kpi>_at_low" */
  char kpi[96];
  snprintf(kpi, sizeof kpi, "%.*s", (int)klen, kcol);
  double base = NAN;
  FILE *in = fopen(path, "r");
  char line[4096], key[120];
  snprintf(key, sizeof key, " %s = ", kpi);
  while (in && fgets(line, sizeof line, in) && line[0] == '#') {
    char *at = strstr(line, key);
    if (at) base = strtod(at + strlen(key), NULL);
  }
  if (in) fclose(in);
  snprintf(plots, sizeof plots, "%s/plots", dir);
  size_t rows = 0;
  if (!klen || trace_mkdir_p(plots) || tornado_data(&t, plots, base, &rows)) {
    fprintf(err, "xposim: cannot draw the tornado of %s\n", path);
    table_free(&t);
    return XPO_INTERNAL;
  }
  table_free(&t);
  if (rows == 0) { /* nothing to draw: the table says so */
    fprintf(err, "xposim: no estimate moves %s: no tornado drawn\n", kpi);
    return 0;
  }
  snprintf(path, sizeof path, "%s/tornado.gp", plots);
  FILE *f = fopen(path, "w");
  if (!f) return XPO_INTERNAL;
  fputs("# xposim tornado: edit and run again with gnuplot tornado.gp (inside plots/)\n", f);
  fprintf(f, "set terminal pngcairo size 1100,%zu font ',11'\nset output 'tornado.png'\nset termoption noenhanced\n",
          200 + 36 * rows);
  gp_set(f, "title", "What moves %s most", kpi);
  gp_set(f, "xlabel", "change of %s from the design as it is (%.6g), each estimate at the ends of its range", kpi,
         base);
  /* the largest effect on top: rank 1 at the top of a reversed axis */
  fprintf(f, "set grid x\nset key bottom right\nset yrange [%zu.7:0.3]\nset xzeroaxis lw 2\nset lmargin 60\n", rows);
  fputs(
      "set style fill solid 0.8\n"
      "plot 'tornado.dat' using ($3/2):1:(abs($3)/2):(0.35):ytic(2) with boxxyerror lc rgb '#2166ac' "
      "title 'at the low end', \\\n     '' using ($4/2):1:(abs($4)/2):(0.35) with boxxyerror lc rgb '#b2182b' "
      "title 'at the high end'\n",
      f);
  gp_outputs(f, "tornado", 1100, (int)(200 + 36 * rows));
  if (fclose(f)) return XPO_INTERNAL;
  return run_gnuplot(plots, "tornado.gp", err) ? XPO_INTERNAL : 0;
}
