/*
 * switch.h: the model graph: a topology turned into model state, kernel
 * processes, signals and clock domains, wired as DESIGN.md describes:
 *
 *   scenario ──► traffic ──(offered)──► fabric (ports, ASIC share) ──► bits
 *       │                                  ▲ (lanes)
 *       └──(supply)──► hydraulics           │
 *   thermal clock: bits → module/ASIC power → RC network + coolant → temperatures
 *   sample clock:  means over the interval → trace rows
 *
 * The graph writes traces through trace.h; it never opens a file itself.
 */
#ifndef XPOSIM_SWITCH_H
#define XPOSIM_SWITCH_H

#include <signal.h>

#include "kernel/sim.h"
#include "run/expect.h"
#include "topo/topo.h"
#include "trace/trace.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct graph graph_t;

/* Where the graph writes; any pointer may be NULL (no output of that kind). */
typedef struct graph_sinks {
  trace_csv_t *sw, *slots, *asics, *ports, *coolant, *thermal, *power;
  trace_log_t *log;
  trace_vcd_t *vcd;
} graph_sinks_t;

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
void graph_results(graph_t *g, expect_data_t *out);
/* Per-slot and per-ASIC figures for summary.json. */
double graph_slot_flow_lpm(const graph_t *g, size_t slot);
double graph_asic_flow_lpm(const graph_t *g, size_t asic);

/* Column names of the traces, for the caller to open the CSV files:
 * returns a NULL-terminated array owned by the graph. */
const char *const *graph_switch_columns(const topo_t *t, size_t *n);
char **graph_slot_columns(const topo_t *t, size_t *n); /* free with graph_free_columns */
char **graph_asic_columns(const topo_t *t, size_t *n);
char **graph_port_columns(const topo_t *t, size_t *n);
char **graph_coolant_columns(const topo_t *t, size_t *n);
char **graph_thermal_columns(const topo_t *t, size_t *n);
char **graph_power_columns(const topo_t *t, size_t *n);
/* Per-loop results for summary.json. */
size_t graph_loops(const graph_t *g);
void graph_loop_result(const graph_t *g, size_t l, const char **name, double *flow_lpm, double *head_kpa);
void graph_free_columns(char **cols, size_t n);

#ifdef __cplusplus
}
#endif
#endif
