/*
 * solve.h: goal seeking. `xposim solve FILE --vary KEY --range LO..HI
 * --until EXPECT...` finds the smallest (or largest) value of one key in
 * [LO, HI] for which the expect lines hold: five probes across the range
 * find the one place they start (or stop) holding, then bisection narrows
 * it to the tolerance, checking along the way that every expect's value
 * moves one way with the key. Every probe is a complete run kept under
 * DIR/runs/; DIR/solve.csv lists them and DIR/solve.json holds the answer
 * (docs/cli.md, "solve").
 */
#ifndef XPOSIM_SOLVE_H
#define XPOSIM_SOLVE_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SOLVE_MAX_UNTIL 16 /* expect lines */
#define SOLVE_PROBES 5     /* the first look across the range */
#define SOLVE_MAX_RUNS 32  /* with the tolerance at least 1e-6 of the range, bisection needs at most 18 more */

typedef struct solve_opts {
  const char *file;  /* the topology */
  const char *key;   /* a key path, as sweeps write them: "coolant.flow", "module_types.m.branch.flow" */
  const char *range; /* "LO..HI", each with the key's unit or one unit after HI */
  const char *until[SOLVE_MAX_UNTIL];
  size_t nuntil;       /* 0: the file's own expect lines */
  double tol;          /* in the range's unit; <= 0: (HI - LO) / 100 */
  const char *out_dir; /* NULL: solves/NAME */
  int quiet;
  const struct ynode *set; /* a sweep file's set: key path -> value, applied to the file first (may be NULL) */
} solve_opts_t;

/* Returns an exit code: 0 found, 1 no boundary in the range or the
 * expects' values do not move one way with the key, 2 bad input, 3 a run
 * could not be written or was interrupted. The answer goes to out. */
int solve_run(const solve_opts_t *o, FILE *out, FILE *err);

#ifdef __cplusplus
}
#endif
#endif
