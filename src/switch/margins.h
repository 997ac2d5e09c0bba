/*
 * margins.h: how close a run came to each limit of the design, where and
 * when, which limit binds first, and how long the switch took to settle
 * after each scenario event (docs/outputs.md, "Limits and margins").
 *
 * Owns: the worst cell of each limit and the settling segments. It reads
 * the rows the sampler fills, the same values the traces print, so every
 * figure it gives can be found in a trace; it reads no part's state. The
 * switch tells it which slots hold a module and which branches flow, and
 * the pumps' what-if at the end of the run.
 */
#ifndef XPOSIM_MARGINS_H
#define XPOSIM_MARGINS_H

#include <stddef.h>

#include "switch/columns.h"
#include "topo/topo.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The limits, in the order summary.json lists them. Those before
 * LIM_REDUNDANCY_FIRST describe the run and compete to bind; the N+1 ones
 * ask whether one more failure would still be carried. */
typedef enum {
  LIM_MODULE_JUNCTION,
  LIM_ASIC_JUNCTION,
  LIM_MODULE_POWER,
  LIM_COOLANT,
  LIM_BRANCH_FLOW,
  LIM_BUS_VOLTAGE,
  LIM_PSU_BUDGET,
  LIM_PORT_SNR,
  LIM_PSU_N1,
  LIM_PUMP_N1,
  LIM_COUNT_
} limit_id_t;
#define LIM_REDUNDANCY_FIRST LIM_PSU_N1

typedef struct limit_result {
  int applies;     /* 0: nothing in this design or run is measured against it */
  double worst;    /* the value closest to (or furthest past) the limit, in its unit */
  double limit;    /* at the worst cell */
  double margin;   /* limit - worst for a ceiling, worst - limit for a floor; < 0: exceeded */
  double headroom; /* the margin as a fraction of the range it is taken from (docs/outputs.md) */
  double at_s;     /* the first time the worst was reached */
  char where[64];  /* "slot 3 dsp", "asic 0 die", "slot 2 port 5", "loop main, pump 1 failed: slot 4" */
} limit_result_t;

/* One stretch between scenario events (the first starts at 0). */
typedef struct settle_result {
  double from_s;   /* the event's time */
  char event[32];  /* its kind ("start" for the run's start) */
  double settle_s; /* from the event until the hottest junction last left the band */
  int settled;     /* it then stayed in the band for limits.settle_hold before the stretch ended */
} settle_result_t;

typedef struct margins margins_t;

/* The cells of every limit, found by their trace columns. */
margins_t *margins_new(const topo_t *t, const columns_t *cols);
void margins_free(margins_t *m);

/* One row of every trace file at t_s. present[s]: slot s holds a module;
 * flowing[i]: device i's branch carries coolant. */
void margins_row(margins_t *m, double *const row[TRACE_FILES], double t_s, const unsigned char *present,
                 const unsigned char *flowing);
/* The pumps' N+1 what-if: with one more pump failed the least flow a
 * present, liquid-cooled module keeps is min_q_m3s (where: which pump and
 * module). */
void margins_pump_n1(margins_t *m, double min_q_m3s, const char *where, double at_s);
/* The run ended at end_s: close the last settling stretch. */
void margins_end(margins_t *m, double end_s);

const limit_result_t *margins_limit(const margins_t *m, limit_id_t k);
/* The limit with the least headroom among those describing the run, or -1. */
int margins_binding(const margins_t *m);
size_t margins_settling(const margins_t *m, const settle_result_t **out);

/* A limit's name in summary.json ("module_junction"), its label ("Module
 * junction"), the unit of its values ("C") and of its margin ("K"). */
const char *limit_name(limit_id_t k);
const char *limit_label(limit_id_t k);
const char *limit_unit(limit_id_t k);
const char *limit_margin_unit(limit_id_t k);
/* A limit by its summary.json name, or -1; the decimals its values are
 * shown with. */
int limit_find(const char *name);
int limit_decimals(limit_id_t k);
/* One sentence: what binds, where, when and by how much. */
void limit_sentence(limit_id_t k, const limit_result_t *r, char *buf, size_t n);

#ifdef __cplusplus
}
#endif
#endif
