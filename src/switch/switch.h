/*
 * switch.h: the model graph: a topology turned into the parts of a switch
 * (lanes, fabric, loops, plates, feed, firmware, timeline), their kernel
 * processes and the signals between them, wired as docs/design.md draws:
 *
 *   timeline ──► fabric (traffic, ports, ASIC share) ◄── lanes ◄── feed
 *      │            │ bits                                 ▲        ▲
 *      └──► loops ──┴──► plates (power, thermal clock) ────┴────────┘
 *                          ▲ junctions        firmware (bus, throttle, cap, PID)
 *
 * The graph writes traces through the column registry (columns.h); it never
 * opens a file itself.
 */
#ifndef XPOSIM_SWITCH_H
#define XPOSIM_SWITCH_H

#include <signal.h>

#include "kernel/sim.h"
#include "switch/columns.h"
#include "switch/results.h"
#include "topo/topo.h"
#include "trace/trace.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct graph graph_t;

/* Where the graph writes; any pointer may be NULL (no output of that kind). */
typedef struct graph_sinks {
  trace_csv_t *trace[TRACE_FILES]; /* one per file of the column registry */
  trace_log_t *log;
  trace_vcd_t *vcd;
  /* the registry graph_columns made for this topology, if the caller has
   * one: the graph takes it over (it is left empty) instead of making its
   * own again */
  columns_t *cols;
} graph_sinks_t;

/* Every trace column of a topology, in file order (free with columns_free). */
void graph_columns(const topo_t *t, columns_t *c);

/* Build the graph on sim (the graph does not own sim). Returns NULL with a
 * reason in why if the design cannot be simulated (for example a thermal
 * network with no path to a boundary). */
/* reference_step: step every codeword of every lane with one draw each
 * instead of drawing the gaps between uncorrectable codewords. */
graph_t *graph_new(const topo_t *t, sim_t *sim, const graph_sinks_t *sinks, int reference_step, char *why,
                   size_t whysz);
void graph_free(graph_t *g);

/* Run to the topology's duration, in slices of one sample period; between
 * slices *stop (may be NULL) is read, and a non-zero value ends the run
 * early. 0, or -1 if stopped early (by *stop or a model). */
int graph_run(graph_t *g, volatile sig_atomic_t *stop);

/* Why a model stopped the run (graph_run returned -1 without *stop), or
 * NULL: a solve that did not converge or a state that cannot happen. */
const char *graph_failure(const graph_t *g);

/* Results after graph_run. */
void graph_results(graph_t *g, run_results_t *out);
/* Per-slot and per-ASIC figures for summary.json. */
double graph_slot_flow_lpm(const graph_t *g, size_t slot);
double graph_asic_flow_lpm(const graph_t *g, size_t asic);

/* Per-loop results for summary.json. */
size_t graph_loops(const graph_t *g);
void graph_loop_result(const graph_t *g, size_t l, const char **name, double *flow_lpm, double *head_kpa);

#ifdef __cplusplus
}
#endif
#endif
