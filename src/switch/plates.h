/*
 * plates.h: the cold plates part: every device (module or ASIC) as a small
 * RC network on its cold plate, its power from the traffic it carries and
 * its junction temperatures, stepped on the thermal clock (fixed steps, or
 * adaptive ones under solver.thermal_tolerance).
 *
 * Owns: each device's thermal network, its power (by component for
 * modules, with the DC-DC loss and the cap), the thermal clock (which stops
 * when every device is steady and the inputs are quiet) and the heat books
 * (energy in, to coolant, to air).
 * Processes: thermal.
 * Signals: owns each module's junction signal (quantised); the thermal
 * process wakes on the offered-load, lanes, hydraulic, firmware and supply
 * signals.
 * Reads: fabric (bits carried, active lanes), loops (branch flow and
 * conductance, supply temperature), feed (module present, powered,
 * soft-starting), air (the air around each device).
 * Tells: feed (the devices' loads, energy booked, brownout check after each
 * step), loops (each loop's return temperature), air (each device's heat to
 * air).
 * Columns: switch.csv powers, feed current and hottest junction; slots.csv
 * and asics.csv power, junction and outlet; coolant.csv inlets and
 * outlets; thermal.csv every node; power.csv each module's input, DC-DC
 * loss and components.
 */
#ifndef XPOSIM_PLATES_H
#define XPOSIM_PLATES_H

#include "switch/air.h"
#include "switch/columns.h"
#include "switch/fabric.h"
#include "switch/feed.h"
#include "switch/loops.h"

typedef struct plates plates_t;

plates_t *plates_new(switch_env_t *env, const fabric_t *fabric, feed_t *feed, loops_t *loops, air_t *air);
void plates_free(plates_t *P);
/* The state at t = 0: steady (solver.initial: steady; -1 if there is none:
 * the design runs away or has no path to the coolant) or every device at
 * its loop's supply temperature. */
int plates_initial(plates_t *P);
/* Module s's junction signal (created here, once). */
sim_signal_t *plates_junction_signal(plates_t *P, size_t s);
/* The thermal process, woken by every input change. */
void plates_start(plates_t *P, sim_signal_t *const *wake_on, size_t n);
void plates_arm(plates_t *P);
/* Book energy up to now while the thermal clock is stopped. */
void plates_sync(plates_t *P, sim_time_t now);
/* A part above is about to change an input at now: with adaptive steps,
 * the step in progress ends here first, with the inputs it had (fixed
 * steps: nothing; the step in progress takes the change, as it always
 * has). P NULL: no plates (a timeline tested alone). */
void plates_catch_up(plates_t *P, sim_time_t now);

void plates_loads(plates_t *P, feed_loads_t *out);
double plates_device_power_w(const plates_t *P, size_t device); /* over the last thermal step */
double plates_junction_c(const plates_t *P, size_t device);     /* the hottest junction now */
/* Heat source source's junction now; source < 0: the hottest. */
double plates_source_c(const plates_t *P, size_t device, int source);
/* ASIC a is shut down (off 1: it draws nothing from the next step on) or
 * back. */
void plates_set_asic_off(plates_t *P, size_t a, int off);

/* Heat books for the summary, J, and the stored heat since t = 0. */
typedef struct plates_books {
  double in_j, to_coolant_j, to_air_j, stored_j;
  uint64_t steps;
  int runaway;
} plates_books_t;
plates_books_t plates_books(const plates_t *P);

void plates_sample(plates_t *P, double dt_s, int first);
/* part: the index the sampler will know this part by. */
void plates_columns(const topo_t *t, columns_t *c, int part);

#endif
