/*
 * part.h: what every part of the switch shares, and nothing of any part's
 * state: the order of processes inside one time point, the run's context
 * (topology, kernel, event log, how a model stops the run), the numbering
 * of devices, and the one way to bump a generation signal.
 *
 * A part (lanes.h, fabric.h, loops.h, plates.h, air.h, feed.h, firmware.h,
 * timeline.h) owns its state struct, its processes and its trace columns.
 * Parts read each other only through the functions their headers declare,
 * and wake each other through kernel signals that switch.c creates and
 * hands to both ends. The calls between parts run one way (a part never
 * calls a part that calls it); docs/design.md draws them.
 */
#ifndef XPOSIM_PART_H
#define XPOSIM_PART_H

#include "kernel/sim.h"
#include "topo/topo.h"
#include "trace/trace.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Process priorities: order inside one time point (sim.h). A codeword that
 * ends at t was sent before anything that happens at t, so lanes (link
 * timers, then uncorrectable codewords) are judged first, in the same order
 * in fast and reference-step mode. */
enum {
  PRIO_LANE = -2,
  PRIO_CODEWORD = -1,
  PRIO_SCENARIO = 0,
  PRIO_TRAFFIC = 1,
  PRIO_TRANSPORT = 2,
  PRIO_HYDRAULICS = 3,
  PRIO_PHY = 4,
  PRIO_FABRIC = 6,
  PRIO_THERMAL = 7,
  PRIO_CONTROL = 8,
  PRIO_SAMPLE = 9
};

/* The run every part belongs to. Devices are numbered modules first (slot
 * s is device s), then ASICs (ASIC a is device ns + a). */
typedef struct switch_env {
  const topo_t *t;
  sim_t *sim;
  trace_log_t *log; /* NULL: no event log */
  trace_vcd_t *vcd; /* NULL: no waves */
  int reference_step;
  size_t ns, na, nl; /* slots, ASICs, coolant loops */
  int stopped;       /* a model stopped the run */
  char failure[320]; /* why ("" while it runs) */
} switch_env_t;

/* Stop the run as a failure: a solve that did not converge, a state that
 * cannot happen. The first reason is kept, logged as an "error" event and
 * named in summary.json. */
void env_fail(switch_env_t *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Generation signals count changes: every write is a new value. */
static inline void signal_bump(sim_signal_t *s) { sim_write(s, sim_read(s) + 1); }

#ifdef __cplusplus
}
#endif
#endif
