/*
 * xpo_limits.h: every fixed bound of xposim in one place, each with its
 * reason. Inputs beyond a bound are refused with a located message (exit 2);
 * docs/reliability.md lists the same figures for users. Arrays sized by
 * these live in the structs of the part that owns them.
 */
#ifndef XPOSIM_XPO_LIMITS_H
#define XPOSIM_XPO_LIMITS_H

/* ---- names ---- */
/* Names become file names, CSV column prefixes and figure titles: short
 * enough for a column name of a few names, never a path. */
#define TOPO_NAME_MAX 63

/* ---- the switch ---- */
/* Slots: a 1RU XPO cage holds two rows of 16; 256 leaves room for multi-RU
 * and scaling studies while a load event's slot set stays a byte array. */
#define SCN_MAX_SLOTS 256
#define TOPO_MAX_SLOTS SCN_MAX_SLOTS
/* Lanes per module: 64 for XPO; 128 allows a 2x breakout study. Ports are
 * selected by a 128-bit set, so ports per module are bound by the same. */
#define LANE_MAX_PER_MODULE 128
#define TOPO_MAX_PORTS_SELECTABLE 128
#define TOPO_MAX_ASICS 16      /* a multi-ASIC 1RU switch has 1 to 4 */
#define TOPO_MAX_TYPES 32      /* module types in one topology */
#define TOPO_MAX_LOOPS 8       /* coolant loops (CDUs) */
#define TOPO_MAX_PUMPS 8       /* pumps per loop */
#define TOPO_MAX_FANS 64       /* fans in the tray; a 1RU switch has 4 to 8 */
#define TOPO_MAX_PSUS 32       /* PSUs on the feed; a 1RU shelf has 2 to 6 */
#define POWER_MAX_COMPONENTS 6 /* per module: DSP, SerDes, laser, TIA, controller + one */
#define POWER_MAX_CURVE 8      /* points of a PSU efficiency curve (80 PLUS gives 4) */
/* A cold plate's RC network: plate + up to 6 sources with a case node each,
 * small enough to solve densely on the stack. */
#define THERMAL_MAX_NODES 16
#define THERMAL_MAX_SOURCES 6
#define LINK_MAX_UCW 64  /* most uncorrectable codewords a link window counts */
#define TRANSPORT_MAX 64 /* supply temperature changes in flight in one loop's pipe */
#define RETURN_POINTS \
  1024 /* return temperatures in flight in one loop's return pipe (its delay / this: the time grid) */

/* ---- a run ---- */
#define TOPO_MAX_EVENTS 10000        /* scenario events */
#define TOPO_MAX_DURATION_S 86400.0  /* one simulated day */
#define TOPO_MAX_SAMPLES 10000000ull /* trace rows per run */
/* events.log lines of one kind per simulated second; the rest are counted */
#define TRACE_LOG_MAX_PER_S 1000

/* ---- inputs ---- */
#define YNODE_MAX_DEPTH 32         /* YAML nesting: no real topology nests deeper than 8 */
#define YNODE_MAX_BYTES (4u << 20) /* a topology larger than 4 MiB is refused */
#define YNODE_MAX_NODES 200000     /* YAML nodes: a large topology has a few thousand */
#define SWEEP_MAX_AXES 8
#define SWEEP_MAX_VALUES 1000   /* values on one axis */
#define SWEEP_MAX_POINTS 100000 /* points in one sweep */
#define SWEEP_MAX_CONSTRAINTS 16
#define SWEEP_MAX_PARETO 4 /* objectives of a Pareto front */
/* Largest summary.json read (a real one is a few kB per slot). */
#define RUNDIR_MAX_SUMMARY (64u << 20)
/* Longest CSV line read: a trace row of the largest switch is far below. */
#define RUNDIR_MAX_LINE (64u << 20)

#endif
