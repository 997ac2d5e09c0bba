/*
 * expect.h: the `expect:` lines of a topology: "METRIC OP QUANTITY", checked
 * after a run. METRIC is a KPI name of summary.json (max_junction_c,
 * throughput_tbps_min, ...) or an aggregate over a series:
 *   max|min|mean(switch.throughput | switch.power | coolant.return
 *                | slot[N|*].power | slot[N|*].junction | slot[N|*].outlet
 *                | asic[N|*].power | asic[N|*].junction)
 * OP is one of < <= > >= == !=; QUANTITY carries a unit of the metric's
 * dimension ("95 C", "100 Tb/s"). Compiled when the file is loaded, so a bad
 * line is a load error with its column.
 */
#ifndef XPOSIM_EXPECT_H
#define XPOSIM_EXPECT_H

#include <stddef.h>
#include <stdint.h>

#include "switch/results.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  EXM_KPI = 0,
  EXM_SWITCH_THROUGHPUT, /* b/s */
  EXM_SWITCH_POWER,      /* W */
  EXM_COOLANT_RETURN,    /* C */
  EXM_SLOT_POWER,
  EXM_SLOT_JUNCTION,
  EXM_SLOT_OUTLET,
  EXM_ASIC_POWER,
  EXM_ASIC_JUNCTION,
  EXM_COUNT_
} expect_metric_t;

typedef enum { EXA_NONE, EXA_MAX, EXA_MIN, EXA_MEAN } expect_agg_t;
typedef enum { EXO_LT, EXO_LE, EXO_GT, EXO_GE, EXO_EQ, EXO_NE } expect_op_t;

typedef struct expect {
  expect_metric_t metric;
  expect_agg_t agg;
  int kpi;   /* index into the KPI table, for EXM_KPI */
  int index; /* slot or asic index; -1 for [*] */
  expect_op_t op;
  double rhs; /* in the metric's display unit */
} expect_t;

/* Compile text. On error returns -1, the message in msg and the 0-based
 * offset of the offending part in *at. */
int expect_compile(const char *text, size_t nslots, size_t nasics, expect_t *out, char *msg, size_t msgsz, int *at);
/* The left-hand value in the metric's display unit. */
double expect_value(const expect_t *e, const run_results_t *d);
int expect_holds(const expect_t *e, double value);
/* expect_compile's verdict alone: the loader's check of expect lines
 * (topo_expect_check_fn). */
int expect_check_text(const char *text, size_t nslots, size_t nasics, char *msg, size_t msgsz, int *at);

#ifdef __cplusplus
}
#endif
#endif
