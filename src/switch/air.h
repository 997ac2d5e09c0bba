/*
 * air.h: the air part: the fan tray and the air around each device.
 *
 * Without fans (switch.fans.count 0) the ambient (coolant.air) is warmed
 * along a column by the heat the modules below give to the air, at
 * coolant.air_capacity (0: it does not warm), and every device's plate
 * gives heat to that air through its r_plate_air.
 *
 * With fans, the tray's operating point (models/fan.c) sets the air: each
 * column of the cage carries an equal share front to back, the second row
 * breathing the first row's exhaust; the ASICs, behind the cage, breathe
 * the modules' mixed exhaust and share the whole flow. An air-cooled
 * device's plate gives heat to its air through its heat sink at the air
 * velocity through it; a liquid-cooled one through r_plate_air. The fans
 * draw their power from the feed; their heat leaves with the exhaust
 * (they pull, at the rear).
 *
 * Owns: the fans (working or failed), the air flow and pressure, the air
 * temperature at each device and the conductance from its plate to it.
 * Processes: none; plates hand it each device's heat to air after a step
 * and read the air back before the next; the timeline hands it fan-fail
 * and fan-restore.
 * Tells: feed (the fans' power); bumps its air signal when the air flow
 * changes (the thermal clock wakes on it).
 * Columns: switch.csv air_flow_cfm, chassis_dp_pa, fan_power_w,
 * fans_working; thermal.csv each device's air_c (with fans only).
 */
#ifndef XPOSIM_AIR_H
#define XPOSIM_AIR_H

#include "switch/columns.h"
#include "switch/feed.h"
#include "switch/part.h"

typedef struct air air_t;

air_t *air_new(switch_env_t *env, feed_t *feed, sim_signal_t *sig_air);
void air_free(air_t *A);
/* The air around every device from each device's heat to air (W, device
 * order, over the last thermal step). */
void air_update(air_t *A, const double *q_air_w);
double air_around_c(const air_t *A, size_t device);
double air_conductance_w_per_k(const air_t *A, size_t device); /* plate to the air around it */
double air_flow_m3_per_s(const air_t *A);
/* A fan-fail or fan-restore event (a timeline handler). */
void air_on_fan_event(void *A, const scn_event_t *e, sim_time_t now);
void air_columns(const topo_t *t, columns_t *c, int part);

#endif
