/*
 * firmware.h: the switch firmware part: the management bus that reads each
 * module's sensors, the thermal throttle, the power cap, the pump PID, and
 * past the throttle each module's and ASIC's shutdown and each ASIC's own
 * throttle.
 *
 * Owns: the readings as they reach the firmware, ports shed and slowed per
 * module, which modules and ASICs are shut down, each ASIC's throttled
 * capacity, the PID state, the counts of actions and when faults were
 * seen.
 * Processes: management (one poll cycle of the bus after another) and
 * control (every control period: power cap, pump speed, brownout check).
 * Signals: bumps the firmware generation signal whenever it sheds or
 * restores a port.
 * Reads: plates (junctions, module powers), feed (what the PSUs deliver),
 * loops (return temperature).
 * Tells: fabric (ports shed and at half rate, ASIC capacity), lanes (a port
 * at a new rate trains again), loops (pump speed), feed (books, brownouts,
 * a module held off), plates (an ASIC off).
 * Handles: module-reset scenario events (the host restarts a module).
 * Columns: slots.csv each module's CMIS-style flags.
 */
#ifndef XPOSIM_FIRMWARE_H
#define XPOSIM_FIRMWARE_H

#include "switch/fabric.h"
#include "switch/feed.h"
#include "switch/lanes.h"
#include "switch/loops.h"
#include "switch/plates.h"

typedef struct firmware firmware_t;

typedef struct firmware_wiring {
  lanes_t *lanes;
  fabric_t *fabric;
  feed_t *feed;
  loops_t *loops;
  plates_t *plates;
  sim_signal_t *sig_admin;
} firmware_wiring_t;

firmware_t *firmware_new(switch_env_t *env, const firmware_wiring_t *w);
void firmware_free(firmware_t *W);
/* Processes: control, then management; both armed. */
void firmware_start(firmware_t *W);
/* A fault happened now (the throttle's reaction time is counted from the last). */
void firmware_fault_seen(firmware_t *W, sim_time_t now);
/* The PSUs changed: the control process looks now. */
void firmware_wake(firmware_t *W, sim_time_t now);

typedef struct firmware_counts {
  int throttle_actions, cap_actions;
  double throttle_reaction_s; /* from the last fault to the first throttle; -1: none */
  int module_shutdowns, asic_shutdowns, asic_throttle_actions;
} firmware_counts_t;
/* slots.csv slotN_cmis_flags: each module's warning and alarm flags. */
void firmware_columns(const topo_t *t, columns_t *c, int part);
/* A module-reset scenario event: the host restarts a module its firmware
 * shut down (a timeline handler). */
void firmware_on_reset(void *part, const scn_event_t *e, sim_time_t now);
firmware_counts_t firmware_counts(const firmware_t *W);

#endif
