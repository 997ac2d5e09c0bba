/*
 * plot.c: writes gnuplot scripts for a run's traces and runs gnuplot on them.
 * It reads only the traces' column row (to know which slots exist); gnuplot
 * reads the data.
 */
#include "plot.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "trace/trace.h"

/* Columns of a trace file (the first line not starting with '#'). */
static int read_columns(const char *path, char cols[][64], int max) {
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  char *line = NULL;
  size_t cap = 0;
  int n = -1;
  while (getline(&line, &cap, f) > 0) {
    if (line[0] == '#') continue;
    n = 0;
    for (char *tok = strtok(line, ",\n"); tok && n < max; tok = strtok(NULL, ",\n")) {
      snprintf(cols[n], 64, "%s", tok);
      n++;
    }
    break;
  }
  free(line);
  fclose(f);
  return n;
}

/* Run gnuplot on script from inside dir, so the script's relative paths hold. */
static int run_gnuplot(const char *dir, const char *script, FILE *err) {
  char cd[4200];
  snprintf(cd, sizeof cd, "cd '%s'", dir);
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    execlp("gnuplot", "gnuplot", "-e", cd, script, (char *)NULL);
    _exit(127);
  }
  int st;
  if (waitpid(pid, &st, 0) < 0) return -1;
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
    fprintf(err, "xposim: gnuplot failed on %s%s\n", script,
            WIFEXITED(st) && WEXITSTATUS(st) == 127 ? " (is gnuplot installed? scripts/setup installs it)" : "");
    return -1;
  }
  return 0;
}

typedef struct {
  const char *name, *title, *ylabel, *file; /* file: trace under traces/ */
  const char *suffix;                       /* plot every column ending in this ... */
  const char *only[4];                      /* ... or just these columns */
} figure;

static const figure FIGS[] = {
    {"throughput", "Switch throughput", "Tb/s", "switch.csv", NULL, {"throughput_tbps", "offered_tbps"}},
    {"power", "Switch input power", "W", "switch.csv", NULL, {"power_w", "modules_power_w", "asics_power_w"}},
    {"slot_power", "Power per slot", "W", "slots.csv", "_power_w", {0}},
    {"junction", "Junction temperature per slot", "degrees C", "slots.csv", "_junction_c", {0}},
    {"coolant", "Coolant supply, return and slot outlets", "degrees C", "slots.csv", "_outlet_c", {0}},
    {"flow", "Coolant flow per branch", "L/min", "coolant.csv", "_flow_lpm", {0}},
};

static int write_script(const char *dir, const figure *fg, char cols[][64], int nc, const char *gp, FILE *err) {
  FILE *f = fopen(gp, "w");
  if (!f) {
    fprintf(err, "xposim: cannot write %s: %s\n", gp, strerror(errno));
    return -1;
  }
  fprintf(f, "# xposim figure '%s': edit and run again with: gnuplot %s.gp (from %s/plots)\n", fg->name, fg->name, dir);
  fprintf(f, "set datafile separator ','\nset datafile commentschars '#'\n");
  fprintf(f, "set title '%s'\nset xlabel 'time (s)'\nset ylabel '%s'\nset grid\n", fg->title, fg->ylabel);
  fprintf(f, "set key outside right top horizontal maxcols 2 font ',8'\n");
  int count = 0;
  for (int pass = 0; pass < 2; pass++) {
    fprintf(f, pass == 0 ? "set terminal pngcairo size 1200,700\nset output '%s.png'\n"
                         : "set terminal svg size 1200,700 dynamic\nset output '%s.svg'\n",
            fg->name);
    fprintf(f, "set termoption noenhanced\nplot ");
    count = 0;
    for (int c = 1; c < nc; c++) {
      int take = 0;
      if (fg->suffix) {
        size_t ls = strlen(cols[c]), lx = strlen(fg->suffix);
        take = ls > lx && !strcmp(cols[c] + ls - lx, fg->suffix);
      } else {
        for (int k = 0; k < 4 && fg->only[k]; k++) take |= !strcmp(cols[c], fg->only[k]);
      }
      if (!take) continue;
      fprintf(f, "%s'../traces/%s' using 1:%d with lines title '%s'", count ? ", \\\n     " : "", fg->file, c + 1, cols[c]);
      count++;
    }
    if (!strcmp(fg->name, "coolant"))
      fprintf(f, "%s'../traces/switch.csv' using 1:(column('supply_c')) with lines lw 2 title 'supply_c', "
                 "'../traces/switch.csv' using 1:(column('return_c')) with lines lw 2 title 'return_c'",
              count ? ", \\\n     " : "");
    fprintf(f, "\n");
  }
  fclose(f);
  return count;
}

/* The front panel to scale: every slot a rectangle shaded by its peak
 * junction temperature, labelled with its number and coolant flow. Reads
 * DIR/panel.csv (written by the run). */
static int write_panel_script(const char *dir, const char *gp, FILE *err) {
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
  double panel_w = 533.4, unit_h = 44.45, lo = 1e300, hi = -1e300;
  char line[512];
  int nobj = 0;
  fprintf(f, "# xposim figure 'panel': the front panel to scale (mm), shaded by peak junction temperature\n");
  fprintf(f, "set terminal pngcairo size 1600,420\nset output 'panel.png'\nset termoption noenhanced\n");
  fprintf(f, "set size ratio -1\nset title 'Front panel: peak junction temperature (C) and coolant flow per slot'\n");
  fprintf(f, "set xlabel 'mm'\nset ylabel 'mm'\nset palette defined (0 '#2c7bb6', 1 '#ffffbf', 2 '#d7191c')\n");
  while (fgets(line, sizeof line, in)) {
    if (sscanf(line, "# panel_width_mm: %lf", &panel_w) == 1) continue;
    if (sscanf(line, "# unit_height_mm: %lf", &unit_h) == 1) continue;
    int slot, row, col;
    double x, y, w, h, tj, flow;
    if (sscanf(line, "%d,%d,%d,%lf,%lf,%lf,%lf,%lf,%lf", &slot, &row, &col, &x, &y, &w, &h, &tj, &flow) != 9) continue;
    if (tj < lo) lo = tj;
    if (tj > hi) hi = tj;
    nobj++;
    fprintf(f, "set object %d rect from %.4g,%.4g to %.4g,%.4g fc palette cb %.6g fs solid 1.0 border lc rgb 'black'\n",
            nobj, x, y, x + w, y + h, tj);
    fprintf(f, "set label %d \"slot %d\\n%.1f C\\n%.3g L/min\" at %.4g,%.4g center font ',6.5'\n", nobj, slot, tj, flow,
            x + w / 2, y + h / 2);
  }
  fclose(in);
  if (!(hi > lo)) {
    lo -= 0.5;
    hi += 0.5;
  }
  fprintf(f, "set object %d rect from 0,0 to %.4g,%.4g fs empty border lc rgb 'gray' behind\n", nobj + 1, panel_w, unit_h);
  fprintf(f, "set xrange [-5:%.4g]\nset yrange [-3:%.4g]\nset cbrange [%.6g:%.6g]\nset cblabel 'junction (C)'\n",
          panel_w + 5, unit_h + 3, lo, hi);
  /* An invisible point in palette colour makes gnuplot draw the colour box. */
  fprintf(f, "plot '-' using 1:2:3 with points pt 5 ps 0 palette notitle\n0 0 %.6g\ne\n", lo);
  fprintf(f, "set terminal svg size 1600,420 dynamic\nset output 'panel.svg'\nreplot\n");
  fclose(f);
  return nobj;
}

int plot_run(const char *dir, FILE *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/summary.json", dir);
  if (access(path, R_OK)) {
    fprintf(err, "xposim: %s is not a complete run directory (no summary.json)\n", dir);
    return 2;
  }
  snprintf(path, sizeof path, "%s/plots", dir);
  if (trace_mkdir_p(path)) {
    fprintf(err, "xposim: cannot create %s: %s\n", path, strerror(errno));
    return 3;
  }
  char(*cols)[64] = malloc(4096 * sizeof *cols);
  if (!cols) abort();
  int rc = 0;
  for (size_t i = 0; i < sizeof FIGS / sizeof FIGS[0]; i++) {
    char trace[4096], gp[4096];
    snprintf(trace, sizeof trace, "%s/traces/%s", dir, FIGS[i].file);
    int nc = read_columns(trace, cols, 4096);
    if (nc < 2) {
      fprintf(err, "xposim: %s has no columns to plot\n", trace);
      rc = 2;
      break;
    }
    snprintf(gp, sizeof gp, "%s/plots/%s.gp", dir, FIGS[i].name);
    char name[128];
    snprintf(name, sizeof name, "%s.gp", FIGS[i].name); /* relative to plots/, where gnuplot runs */
    if (write_script(dir, &FIGS[i], cols, nc, gp, err) < 0 || run_gnuplot(path, name, err)) {
      rc = 3;
      break;
    }
  }
  if (rc == 0) {
    char gp[4096];
    snprintf(gp, sizeof gp, "%s/plots/panel.gp", dir);
    if (write_panel_script(dir, gp, err) < 0 || run_gnuplot(path, "panel.gp", err)) rc = 3;
  }
  free(cols);
  return rc;
}
