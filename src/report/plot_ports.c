/*
 * plot_ports.c: every port of a run on one picture (plot_internal.h): a
 * cell per slot (row) and port (column), shaded by the port's worst SNR
 * margin to the FEC limit over the run (fixed scale, -3 to +3 dB, red
 * below 0), and a second by its worst pre-FEC BER (log10, fixed scale
 * -12 to -2). Both from traces/ports.csv.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot.h"
#include "plot_gp.h"
#include "plot_internal.h"
#include "rundir.h"
#include "trace/trace.h"

enum { PORTS_MAX_SLOTS = 64, PORTS_MAX_PORTS = 16 };

typedef struct port_cells {
  double margin[PORTS_MAX_SLOTS][PORTS_MAX_PORTS], ber[PORTS_MAX_SLOTS][PORTS_MAX_PORTS];
  int col_slot[PLOT_PORTS_MAX_COLS], col_port[PLOT_PORTS_MAX_COLS], col_kind[PLOT_PORTS_MAX_COLS]; /* 1 margin, 2 BER */
  int ncols, nslots, nports;
} port_cells_t;

static void header(port_cells_t *pc, const char *line) {
  const char *p = line, *end = line + strlen(line);
  char cell[128];
  for (pc->ncols = 0; p && pc->ncols < PLOT_PORTS_MAX_COLS; pc->ncols++) {
    p = trace_csv_next(p, end, cell, sizeof cell);
    int s, q, at = 0;
    int kind = 0;
    if (sscanf(cell, "slot%d_port%d_%n", &s, &q, &at) == 2 && at && s >= 0 && q >= 0 && s < PORTS_MAX_SLOTS &&
        q < PORTS_MAX_PORTS)
      kind = !strcmp(cell + at, "margin_db") ? 1 : !strcmp(cell + at, "pre_fec_ber") ? 2 : 0;
    pc->col_kind[pc->ncols] = kind;
    pc->col_slot[pc->ncols] = kind ? s : 0;
    pc->col_port[pc->ncols] = kind ? q : 0;
    if (kind && s + 1 > pc->nslots) pc->nslots = s + 1;
    if (kind && q + 1 > pc->nports) pc->nports = q + 1;
  }
}

static void row(port_cells_t *pc, const char *line) {
  const char *p = line, *end = line + strlen(line);
  char cell[64];
  for (int c = 0; p && c < pc->ncols; c++) {
    p = trace_csv_next(p, end, cell, sizeof cell);
    if (!pc->col_kind[c]) continue;
    double v = strtod(cell, NULL);
    if (!isfinite(v)) continue;
    double *m = &pc->margin[pc->col_slot[c]][pc->col_port[c]], *b = &pc->ber[pc->col_slot[c]][pc->col_port[c]];
    if (pc->col_kind[c] == 1 && !(v >= *m)) *m = v;
    if (pc->col_kind[c] == 2 && !(v <= *b)) *b = v;
  }
}

/* The worst of every port over the run; 0 with none found. */
static int read_ports(const char *dir, port_cells_t *pc) {
  char path[4200], why[256];
  snprintf(path, sizeof path, "%s/traces/ports.csv", dir);
  for (int s = 0; s < PORTS_MAX_SLOTS; s++)
    for (int q = 0; q < PORTS_MAX_PORTS; q++) pc->margin[s][q] = pc->ber[s][q] = NAN;
  rundir_csv_t c;
  if (rundir_csv_open(&c, path)) return 0;
  int have_header = 0;
  while (rundir_csv_next(&c, why, sizeof why) == 1) {
    if (c.line[0] == '#') continue;
    if (!have_header) {
      header(pc, c.line);
      have_header = 1;
    } else
      row(pc, c.line);
  }
  rundir_csv_close(&c);
  return pc->nslots > 0 && pc->nports > 0;
}

static int port_figure(const char *plots, const port_cells_t *pc, int ber, FILE *err) {
  const char *name = ber ? "port_ber" : "port_margin";
  char path[4300];
  snprintf(path, sizeof path, "%s/%s.dat", plots, name);
  FILE *d = fopen(path, "w");
  if (!d) return -1;
  for (int s = 0; s < pc->nslots; s++)
    for (int q = 0; q < pc->nports; q++) {
      double v = ber ? (pc->ber[s][q] > 0 ? log10(pc->ber[s][q]) : (pc->ber[s][q] == 0 ? -15 : NAN)) : pc->margin[s][q];
      fprintf(d, "%d %d %.6g\n", q, s, v);
    }
  fclose(d);
  snprintf(path, sizeof path, "%s/%s.gp", plots, name);
  FILE *g = fopen(path, "w");
  if (!g) return -1;
  int h = 200 + 28 * pc->nslots;
  fprintf(g, "# xposim figure '%s': every port, worst over the run; the colour scale is fixed\n", name);
  fprintf(g, "set terminal pngcairo size 1100,%d font ',11'\nset output '%s.png'\nset termoption noenhanced\n", h,
          name);
  if (ber)
    gp_set(g, "title", "Worst pre-FEC BER per port over the run, log10 (colour scale fixed: -12 to -2)");
  else
    gp_set(g, "title", "Worst SNR margin to the FEC limit per port over the run (colour scale fixed: -3 to +3 dB)");
  gp_set(g, "xlabel", "Port");
  gp_set(g, "ylabel", "Slot");
  gp_set(g, "cblabel", "%s", ber ? "log10(pre-FEC BER)" : "SNR margin (dB)");
  fprintf(g, "set xrange [-0.5:%g]\nset yrange [%g:-0.5]\nset xtics 1\nset ytics 1\nset datafile missing 'NaN'\n",
          pc->nports - 0.5, pc->nslots - 0.5);
  fprintf(g, "set cbrange [%s]\nset palette defined %s\n", ber ? "-12:-2" : "-3:3",
          ber ? "(0 '#2c7bb6', 1 '#ffffbf', 2 '#d7191c')" : "(-1 '#d7191c', 0 '#ffffbf', 1 '#2c7bb6')");
  fprintf(g, "plot '%s.dat' using 1:2:(0.5):(0.5):3 with boxxyerror fc palette fs solid 1 notitle, \\\n", name);
  fprintf(g, "     '' using 1:2:(sprintf('%s', $3)) with labels font ',9' notitle\n", ber ? "%.1f" : "%+.1f");
  gp_outputs(g, name, 1100, h);
  fclose(g);
  char gp[64];
  snprintf(gp, sizeof gp, "%s.gp", name);
  return run_gnuplot(plots, gp, err);
}

int plot_ports(const char *dir, const char *plots, FILE *err) {
  port_cells_t *pc = calloc(1, sizeof *pc);
  if (!pc) abort();
  int rc = 0;
  if (read_ports(dir, pc)) rc = port_figure(plots, pc, 0, err) || port_figure(plots, pc, 1, err) ? -1 : 0;
  free(pc);
  return rc;
}
