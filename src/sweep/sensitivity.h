/*
 * sensitivity.h: which estimates move the answer. `xposim sensitivity
 * FILE` runs the design as it is, then with each uncertain parameter
 * (uncertain.h) at the low and at the high end of its range, one at a
 * time, and ranks the parameters by how far they move the chosen KPIs: a
 * tornado table (DIR/sensitivity.csv, the first lines on stdout) and its
 * figure (DIR/plots/tornado.png, .svg). Every run is kept under DIR/runs/.
 */
#ifndef XPOSIM_SENSITIVITY_H
#define XPOSIM_SENSITIVITY_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SENS_MAX_KPIS 8
#define SENS_MAX_PARAMS 200 /* runs: 1 + 2 x parameters */

typedef struct sens_opts {
  const char *file;
  const char *kpi[SENS_MAX_KPIS]; /* ranked by the first; none: max_module_junction_c and a few more */
  size_t nkpi;
  const char *set[SENS_MAX_KPIS * 2]; /* "KEY=VALUE": applied to every run (a shorter duration, no scenario) */
  size_t nset;
  const char *out_dir; /* NULL: sensitivity/NAME */
  int top;             /* lines printed (0: 10) */
  int quiet;
} sens_opts_t;

/* Returns an exit code: 0, 2 bad input, 3 a run or a file could not be
 * written, or gnuplot failed. */
int sensitivity_run(const sens_opts_t *o, FILE *out, FILE *err);

#ifdef __cplusplus
}
#endif
#endif
