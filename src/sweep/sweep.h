/*
 * sweep.h: design-space exploration. A sweep file names a base topology,
 * fixed overrides and axes over any key path; every combination of axis
 * values is a point, run as its own topology into DIR/points/NNNN/, in
 * parallel worker processes, sharded over machines if asked. Points already
 * complete (same input) are skipped on a re-run. DIR/results.csv has a row
 * per point: its axis values, seed, every KPI, every expect and whether it
 * is on the Pareto front of the chosen KPIs. `merge` rebuilds results.csv
 * from any number of (shard) directories: the same bytes as one process.
 */
#ifndef XPOSIM_SWEEP_H
#define XPOSIM_SWEEP_H

#include <stdio.h>

#include "kernel/sim.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sweep_opts {
  const char *out_dir;
  int jobs;           /* worker processes */
  int shard, nshards; /* this process runs points with index % nshards == shard */
  sim_kernel_t kernel;
  const char *junit; /* JUnit XML: one test case per point */
  int quiet;
  int no_merge;            /* leave results.csv to the caller (MPI: rank 0 merges once all are done) */
  const char *tag;         /* prefix of progress lines (MPI: "rank 1/4: "); NULL: none */
  double max_output_bytes; /* each point's output limit (run_opts_t); 0: the default */
} sweep_opts_t;

/* Returns an exit code: 0, 1 (a point's expect failed), 2 (bad input), 3. */
int sweep_run(const char *spec_path, const sweep_opts_t *o, FILE *err);
/* From a signal handler: start no more points, stop the workers (they mark
 * their runs INCOMPLETE), write results.csv for what is done. */
void sweep_interrupt(void);

/* Whether a signal stopped the sweep. */
int sweep_interrupted(void);

/* Rebuild out_dir/results.csv from the points of dirs. */
int sweep_merge(const char *out_dir, char **dirs, int ndirs, FILE *err);

/* JUnit XML from out_dir/results.csv: one test case per point that ran,
 * failed where an expect failed (what `sweep --junit` writes when the
 * points ran in several processes). 0, or an exit code. */
int sweep_junit_results(const char *spec_path, const char *out_dir, const char *junit, FILE *err);

#ifdef __cplusplus
}
#endif
#endif
