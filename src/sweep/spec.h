/*
 * spec.h: a sweep file as structs (sweep.h describes sweeps). Kept apart
 * from running them, so the parser can be fuzzed without the kernel.
 * Names are sweep__: shared inside src/sweep and with the fuzz target.
 */
#ifndef XPOSIM_SWEEP_SPEC_H
#define XPOSIM_SWEEP_SPEC_H

#include <stddef.h>

#include "topo/topo.h"
#include "topo/ynode.h"
#include "xpo_limits.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct axis {
  char key[128];
  char **values;
  size_t n;
  int line, col;
} axis_t;

#define SWEEP_SOLVE_UNTIL 16 /* as solve's --until */

typedef struct sweep {
  char name[128];
  char base[1024];
  int base_line, base_col, axes_line, axes_col;
  ynode *set; /* mapping: key path -> value */
  axis_t axes[SWEEP_MAX_AXES];
  size_t naxes;
  struct {
    int axis;
    int op; /* 0 <, 1 <=, 2 >, 3 >=, 4 ==, 5 != */
    double value;
    char unit[32];
  } cons[SWEEP_MAX_CONSTRAINTS];
  size_t ncons;
  struct {
    int maximize;
    char kpi[64];
  } pareto[SWEEP_MAX_PARETO];
  size_t npareto;
  struct {
    size_t samples; /* 0: not a Monte Carlo sweep; else its one axis is SWEEP_MC_AXIS over 0 .. samples - 1 */
    unsigned long long seed;
  } mc;
  struct {
    int present; /* solve: { vary, range, until, tol }: `xposim solve` from the file; no axes */
    char key[128], range[96];
    char until[SWEEP_SOLVE_UNTIL][256];
    size_t nuntil;
    double tol; /* 0: the solve's default */
  } solve;
} sweep_t;
/* The axis a Monte Carlo sweep's samples make: a column of results.csv,
 * not a key of the topology. */
#define SWEEP_MC_AXIS "monte_carlo.sample"

/* Load and check a sweep file: 0, or -1 with the problems in e. */
int sweep__load(const char *path, sweep_t *s, topo_errs_t *e);
int sweep__load_text(const char *path, const char *text, size_t len, sweep_t *s, topo_errs_t *e);
void sweep__free(sweep_t *s);
int sweep__split_qty(const char *s, double *v, char *unit, size_t n);
int sweep__key_path_ok(const char *p); /* 1 for letters, digits and _ . + - [ ], 1-127 characters */

#ifdef __cplusplus
}
#endif
#endif
