/*
 * timeline.h: the scenario part: the topology's timeline of load changes,
 * supply steps and faults, each handed to the part it concerns at its time.
 *
 * Owns: the position in the timeline and who handles each kind of event.
 * Process: scenario.
 * Tells: fabric (load), loops (supply, pumps, blocked branches, leaks),
 * feed (PSUs, modules pulled and inserted), lanes (dead lanes, SNR drops),
 * firmware (a fault was seen; the PSUs changed), plates (catch up before
 * an event).
 */
#ifndef XPOSIM_TIMELINE_H
#define XPOSIM_TIMELINE_H

#include "switch/firmware.h"

typedef struct timeline timeline_t;

typedef struct timeline_wiring {
  lanes_t *lanes;
  fabric_t *fabric;
  feed_t *feed;
  loops_t *loops;
  firmware_t *firmware;
  plates_t *plates; /* caught up before each event */
  sim_signal_t *sig_lanes;
} timeline_wiring_t;

/* What a part does with a scenario event of a kind it owns. */
typedef void (*timeline_handler_fn)(void *part, const scn_event_t *e, sim_time_t now);

timeline_t *timeline_new(switch_env_t *env, const timeline_wiring_t *w);
/* Events of this kind (a part's: SCN_PART_FIRST on, named in the schema
 * table) go to fn with part; one handler a kind. The built-in kinds are the
 * timeline's own. */
void timeline_on(timeline_t *T, int kind, timeline_handler_fn fn, void *part);
void timeline_free(timeline_t *T);
void timeline_start(timeline_t *T);
/* The first event's wake-up. */
void timeline_arm(timeline_t *T);

#endif
