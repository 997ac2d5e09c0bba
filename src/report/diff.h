/*
 * diff.h: comparing runs for CI. Two run directories' summaries (every
 * number, by its key path; wall time, kernel, mode and work counts left
 * out) and traces (cell by cell) are equal when
 * |a - b| <= atol + rtol * max(|a|, |b|). Golden checks run topologies and
 * compare their summaries with stored ones.
 */
#ifndef XPOSIM_DIFF_H
#define XPOSIM_DIFF_H

#include <stdio.h>

#include "kernel/sim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* 0 equal within tolerance, 1 different (listed on out), 2 not run dirs. */
int diff_runs(const char *a, const char *b, double rtol, double atol, FILE *out);
/* Compare two summary files only. */
int diff_summaries(const char *a, const char *b, double rtol, double atol, FILE *out);

#ifdef __cplusplus
}
#endif
#endif
