/*
 * feed.h: the feed part: the 40-60 V bus from the PSUs through the busbar
 * and each module's cable, and each slot's power state.
 *
 * Owns: the PSUs (working, hold-up after a failure), the bus state and the
 * feed's energy books; per slot whether a module is present (not pulled),
 * powered (not browned out), soft-starting, and the voltage at its
 * connector.
 * Processes: none of its own; the thermal clock books energy through
 * feed_update and checks brownouts after each step, the firmware's control
 * period does the same.
 * Tells: lanes (a module browning out or powering up; its lanes go down or
 * train), and bumps the lanes generation signal when it does.
 * Columns: power.csv bus and PSU columns, each slot's input_v.
 */
#ifndef XPOSIM_FEED_H
#define XPOSIM_FEED_H

#include "switch/columns.h"
#include "switch/lanes.h"

typedef struct feed feed_t;

/* What the devices draw (from the thermal part), summed in device order. */
typedef struct feed_loads {
  const double *slot_w; /* each module's input power */
  double modules_w, components_w, dcdc_w, asic_core_w;
} feed_loads_t;

feed_t *feed_new(switch_env_t *env, lanes_t *lanes, sim_signal_t *sig_lanes);
void feed_free(feed_t *F);
/* The electrical state for these loads; books dt_s of it (0: none). */
void feed_update(feed_t *F, const feed_loads_t *loads, double dt_s);
/* The fan tray's electrical power, W, drawn from the bus from now on. */
void feed_set_fans_w(feed_t *F, double w);
/* Brownouts and restarts for the present bus state. */
void feed_check(feed_t *F, sim_time_t now);

/* PSU `psu` fails or is restored; 0 if it already was in that state. */
int feed_psu(feed_t *F, int psu, int fail, sim_time_t now);
/* The firmware shuts a module down (off 1: no power until released; its
 * lanes go down now) or releases it (it powers up at the next check, as
 * after a brownout). */
void feed_module_hold(feed_t *F, size_t s, sim_time_t now, int off);
/* The host puts a powered module in low-power mode (on 1: its lanes go
 * down, it draws its static power only) or back (its lanes train). */
void feed_module_low_power(feed_t *F, size_t s, sim_time_t now, int on);
/* The voltage at module s's connector, V. */
double feed_module_input_v(const feed_t *F, size_t s);
/* A module is pulled (present 0) or inserted. */
void feed_module_present_set(feed_t *F, size_t s, int present);
/* A module powers up: its soft start draws the inrush current. */
void feed_inrush(feed_t *F, size_t s, sim_time_t now);

int feed_module_present(const feed_t *F, size_t s);
int feed_module_powered(const feed_t *F, size_t s);
int feed_inrush_active(const feed_t *F, size_t s, sim_time_t now);
double feed_out_w(const feed_t *F);     /* what the PSUs deliver */
int feed_psus_alive(const feed_t *F);   /* working, hold-up not counted */
double feed_min_bus_v(const feed_t *F); /* lowest bus voltage traced while the bus stood */
int feed_brownouts(const feed_t *F);
/* Energy books, J: PSU input, PSU loss, busbar, cables, ASIC VRs, DC-DC
 * converters, module components, ASIC cores. */
typedef struct feed_energy {
  double feed, psu, busbar, cable, vr, dcdc, components, asic_core, fans;
} feed_energy_t;
feed_energy_t feed_energy(const feed_t *F);

void feed_sample(feed_t *F);
/* part: the index the sampler will know this part by. */
void feed_columns(const topo_t *t, columns_t *c, int part);

#endif
