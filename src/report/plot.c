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
  free(cols);
  return rc;
}
