/*
 * scenario.h: the run's timeline: load changes, coolant supply temperature
 * steps, lanes going down and up. Events are kept in time order (stable for
 * equal times, so the file's order decides ties).
 */
#ifndef XPOSIM_SCENARIO_H
#define XPOSIM_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/sim.h"

#ifdef __cplusplus
extern "C" {
#endif

#include "xpo_limits.h"

typedef enum {
  SCN_LOAD = 0,
  SCN_SUPPLY,
  SCN_LANE_DOWN,     /* the lane dies: down until repaired */
  SCN_LANE_UP,       /* the lane is repaired: it trains, then comes up */
  SCN_SNR_DROP,      /* the lane's SNR falls by value dB from now on */
  SCN_MODULE_PULL,   /* all lanes down, no power, the coolant plug closes */
  SCN_MODULE_INSERT, /* power and coolant back; every lane trains */
  SCN_PUMP_FAIL,     /* a pump of a loop stops (its check valve closes) */
  SCN_PUMP_RESTORE,  /* it runs again */
  SCN_BLOCKED,       /* a slot's branch resistance is multiplied by value */
  SCN_LEAK,          /* a leak opens at a supply-header position of a loop */
  SCN_PSU_FAIL,      /* a PSU stops: the others carry the bus after the hold-up time */
  SCN_PSU_RESTORE,
  SCN_PART_FIRST = 32, /* kinds from here on belong to a part: named in the schema table, handled by the part */
  SCN_MAX_KINDS = 64
} scn_kind_t;

/* The firmware's event (a part's kind; fan.h has the fan tray's): the host
 * restarts a module its firmware shut down. */
enum { FW_EVENT_MODULE_RESET = SCN_PART_FIRST + 2 };

typedef struct scn_event {
  sim_time_t at;
  scn_kind_t kind;
  double value;                 /* load fraction, supply temperature in C, or SNR drop in dB */
  int slot;                     /* -1: all slots */
  int lane;                     /* -1: all lanes of the slot */
  int loop, column;             /* coolant faults */
  int unit;                     /* the PSU, the loop's pump, or the unit of a part an event names */
  double value2;                /* leak: orifice coefficient k, Pa/(m^3/s)^2 */
  uint8_t slots[SCN_MAX_SLOTS]; /* load events: 1 = applies to that slot */
} scn_event_t;

/* Sort events by time, keeping the file's order for equal times. */
void scenario_sort(scn_event_t *ev, size_t n);

#ifdef __cplusplus
}
#endif
#endif
