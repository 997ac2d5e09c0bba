/*
 * run.h: one run of a topology: output directory written under a temporary
 * name and renamed into place when complete, traces, events.log,
 * summary.json with KPIs and expects.
 */
#ifndef XPOSIM_RUN_H
#define XPOSIM_RUN_H

#include <stdio.h>

#include "kernel/sim.h"
#include "switch/results.h"
#include "topo/topo.h"
#include "util/exit.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a run concluded, for a caller that runs many (a sweep's worker
 * records it beside the point, so the merge need not parse each
 * summary.json): summary.json's KPIs, each expect's pass in its "expect"
 * array (the first RUN_OUTCOME_EXPECTS) and its "pass". have: filled (a
 * summary was written). */
#define RUN_OUTCOME_EXPECTS 64
typedef struct run_outcome {
  int have, pass;
  double kpi[KPI_COUNT_];
  size_t nexp;
  unsigned char expect_pass[RUN_OUTCOME_EXPECTS];
} run_outcome_t;

typedef struct run_opts {
  const char *out_dir;
  sim_kernel_t kernel;
  int quiet;
  int reference_step;      /* step every codeword (slow; for checking the fast mode) */
  int vcd;                 /* write waves.vcd */
  double max_output_bytes; /* refuse a run whose traces would exceed this; 0: RUN_MAX_OUTPUT_DEFAULT */
  int sample_fixed;        /* a trace row every sample (default: rows where a value changes) */
  run_outcome_t *outcome;  /* NULL, or filled when the summary is written */
} run_opts_t;

/* The traces a run may write unless --max-output says otherwise: 8 GiB. */
#define RUN_MAX_OUTPUT_DEFAULT (8.0 * 1024 * 1024 * 1024)
/* The estimate's bytes per trace cell: at most 9 significant digits, a sign,
 * an exponent and a comma (the reference run averages 8). */
#define RUN_BYTES_PER_CELL 16

/* Run t into opts->out_dir. Messages go to err. Returns an exit code.
 * A run interrupted (run_interrupt) is published with an INCOMPLETE file
 * saying why, its traces flushed up to the interruption, and no
 * summary.json; it returns XPO_INTERNAL. */
int run_topology(const topo_t *t, const run_opts_t *opts, FILE *err);

/* Ask the run in progress to stop (from a signal handler: it only sets a
 * flag). sig names the reason in the INCOMPLETE file. */
void run_interrupt(int sig);

#ifdef __cplusplus
}
#endif
#endif
