/*
 * config.h: the typed topology: a topology file as plain structs, every
 * quantity in SI (temperatures in °C), every default filled in. The schema
 * table (schema.h) says where each key lands in it; the loader (topo.h)
 * fills it.
 */
#ifndef XPOSIM_CONFIG_H
#define XPOSIM_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "asic.h"
#include "cage.h"
#include "coolant.h"
#include "fan.h"
#include "host.h"
#include "kernel/sim.h"
#include "lane.h"
#include "laser.h"
#include "optics.h"
#include "power.h"
#include "scenario.h"
#include "thermal.h"
#include "traffic.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Names (the switch, module types, loops, thermal sources, power
 * components, sweeps) are 1 to TOPO_NAME_MAX characters of [A-Za-z0-9_.+-],
 * never '.' or '..'. Every bound: xpo_limits.h. */

/* What a module's throttle does per reading past its limit, in the order
 * control.throttle.action lists them. */
enum { THROTTLE_HALF_RATE, THROTTLE_SHED_PORT, THROTTLE_LOW_POWER, THROTTLE_NSTEPS };

typedef struct topo_module_type {
  char name[TOPO_NAME_MAX + 1];
  int lanes;
  lane_cfg_t lane;
  line_cfg_t line; /* its optical line and the budget its kind implies */
  port_cfg_t ports;
  module_power_cfg_t power; /* by component, with the module's cap */
  thermal_plate_cfg_t thermal;
  int air_cooled;                            /* 1: a heat sink in the fans' air, no coolant branch */
  sink_cfg_t sink;                           /* its heat sink, when air cooled */
  double branch_dp_pa, branch_flow_m3_per_s; /* hydraulic rating of its branch */
  laser_cfg_t laser;                         /* its lasers' bias against temperature */
  int laser_node;                            /* that source's index; -1: the hottest junction */
} topo_module_type_t;

typedef struct topo_slot {
  int row, col;
  int type; /* index into types */
  int asic;
} topo_slot_t;

typedef struct topo_traffic {
  uint8_t slots[TOPO_MAX_SLOTS]; /* 1 = selected */
  uint64_t ports[2];             /* bit set of port indices (up to 128) */
  traffic_profile_t profile;
} topo_traffic_t;

typedef struct topo_pump {
  double shutoff_pa, max_flow_m3_per_s, speed;
} topo_pump_t;

/* A run of pipe by its rating: pressure drop at a flow. */
typedef struct topo_run {
  double dp_pa, flow_m3_per_s;
} topo_run_t;

typedef struct topo_loop {
  char name[TOPO_NAME_MAX + 1];
  int flow_line, flow_col; /* where its regulated flow was given (for messages) */
  int pumped;              /* 1: pumps; 0: regulated flow */
  double flow_m3_per_s;    /* regulated; 0 = the sum of the branches' ratings */
  int npumps;
  topo_pump_t pumps[TOPO_MAX_PUMPS];
  int has_manifold;         /* 0: ideal headers (closed-form split) */
  int layout;               /* hyd_layout_t */
  topo_run_t segment, feed; /* header pipe between branches; the CDU's feed pipe (dp 0: none) */
  double supply_volume_m3;  /* pipe from the CDU to the manifold: transport delay */
  double return_volume_m3;  /* pipe from the manifold back to the CDU */
  double supply_c;          /* this loop's CDU supply; default coolant.supply */
  uint8_t slots[TOPO_MAX_SLOTS];
  uint8_t asics[TOPO_MAX_ASICS];
} topo_loop_t;

typedef struct topo_expect {
  char text[256];
  int line, col;
} topo_expect_t;

typedef struct topo {
  char file[512];
  char name[TOPO_NAME_MAX + 1];
  uint64_t seed;
  uint64_t input_hash; /* FNV-1a 64 of the file's bytes */
  sim_time_t duration, sample, thermal_step, ramp_step;
  sim_time_t thermal_step_max; /* the longest adaptive thermal step */
  double thermal_tolerance_k;  /* local error per thermal step; 0: fixed steps */
  int initial_steady;
  double temp_quantum_k;     /* junction temperature reaches the lanes in steps of this */
  double steady_tolerance_k; /* the thermal clock stops within this of steady state */
  double max_junction_c;     /* a junction past this ends the run as impossible */
  double boiling_c;          /* the coolant's boiling point: a branch outlet there ends the run */
  double energy_tolerance;   /* relative energy-balance error above which a run fails */

  int n_asics;
  double asic_capacity_bps;
  asic_power_cfg_t asic_power;
  thermal_plate_cfg_t asic_thermal;
  int asic_air_cooled;  /* 1: the ASICs sit on heat sinks in the fans' air */
  sink_cfg_t asic_sink; /* their heat sink, when air cooled */
  fan_cfg_t fans;       /* the fan tray; count 0: none */
  double asic_branch_dp_pa, asic_branch_flow_m3_per_s;

  double feed_v;               /* bus set point */
  double feed_min_v;           /* modules shut down below this */
  double restart_delay_s;      /* a browned-out module retries after this (hot-swap controller) */
  double restart_hysteresis_v; /* ... and only with the bus this far above min_voltage (UVLO) */
  double busbar_ohm, cable_ohm;
  psu_cfg_t psu;
  double asic_vr_efficiency;
  /* control: what the switch firmware does */
  sim_time_t control_period;
  mgmt_bus_t mgmt_bus;
  int mgmt_sensors, mgmt_bytes, mgmt_per_channel;
  sim_time_t mgmt_poll;
  double throttle_c, throttle_hysteresis_k;
  int throttle_steps[THROTTLE_NSTEPS]; /* THROTTLE_*: what the throttle does per reading, in order */
  int throttle_nsteps;                 /* ... undone in the reverse order */
  double half_rate_lane_power;         /* per-lane power of a lane at half its rate, as a fraction of full */
  int power_cap;                       /* cap the modules to the PSUs' budget */
  double cap_margin;                   /* release the cap below budget × (1 - margin) */
  int pid_loop;                        /* -1: no pump control */
  double pid_setpoint_c, pid_kp, pid_ki, pid_kd, pid_min, pid_max;
  double runaway_c;
  /* control.shutdown: past the throttle */
  double shutdown_module_c, asic_throttle_c, asic_throttle_hyst_k, asic_throttle_step, asic_throttle_floor;
  double shutdown_asic_c, restart_below_c;
  sim_time_t asic_throttle_interval;
  /* control.alarms: CMIS-style flags on each module's readings */
  double alarm_temp_warn_c, alarm_temp_alarm_c, alarm_temp_low_warn_c, alarm_temp_low_alarm_c, alarm_temp_hyst_k;
  double alarm_vcc_warn_v, alarm_vcc_alarm_v, alarm_vcc_high_warn_v, alarm_vcc_high_alarm_v, alarm_vcc_hyst_v;
  double alarm_bias_warn_a, alarm_bias_alarm_a, alarm_bias_hyst_a;
  double alarm_power_warn_w, alarm_power_alarm_w, alarm_power_hyst_w;
  int low_power_on_alarm;
  /* limits: what the summary measures margins to (docs/outputs.md) */
  double lim_module_junction_c, lim_asic_junction_c, lim_coolant_c, lim_branch_flow_m3s, lim_snr_margin_db;
  double settle_band_k;   /* steady after an event: the hottest junction within this */
  sim_time_t settle_hold; /* ... for at least this long */
  cage_cfg_t cage;
  host_cfg_t host; /* each slot's host channel */

  topo_module_type_t types[TOPO_MAX_TYPES];
  size_t ntypes;
  topo_slot_t slots[TOPO_MAX_SLOTS];
  size_t nslots;

  fluid_t fluid;
  double supply_c, air_c;      /* supply_c: coolant.supply, each loop's default */
  double rated_c;              /* fluid temperature at which plate resistances are rated */
  double air_capacity_w_per_k; /* air through one column, mass flow × cp (rows in series); 0: no coupling */
  topo_loop_t loops[TOPO_MAX_LOOPS];
  size_t nloops;
  int slot_loop[TOPO_MAX_SLOTS], asic_loop[TOPO_MAX_ASICS];
  int slot_next[TOPO_MAX_SLOTS], slot_prev[TOPO_MAX_SLOTS]; /* series chains of plates; -1: none */

  topo_traffic_t *traffic;
  size_t ntraffic;
  scn_event_t *scenario; /* in time order */
  size_t nscenario;
  topo_expect_t *expects;
  size_t nexpects;
} topo_t;

/* Device i (modules first, then ASICs) sits on a heat sink in the fans'
 * air rather than on a coolant branch. */
static inline int topo_device_air_cooled(const topo_t *t, size_t i) {
  return i < t->nslots ? t->types[t->slots[i].type].air_cooled : t->asic_air_cooled;
}

#ifdef __cplusplus
}
#endif
#endif
