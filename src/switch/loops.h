/*
 * loops.h: the coolant part: each loop's CDU supply, its transport delay to
 * the manifold, its pumps, headers and branches, and the flow through each
 * device's cold plate.
 *
 * Owns: the loops (hydraulic networks, pumps, the supply temperatures in
 * flight), each device's branch (resistance, flow, pressure drop, the
 * plate-to-coolant conductance at that flow).
 * Processes: hydraulics (solves every loop when anything hydraulic
 * changes), one transport per loop (the supply reaching the manifold).
 * Signals: owns each loop's supply signal (the temperature at its manifold)
 * and bumps the hydraulic generation signal after every solve.
 * Reads: feed (a pulled module closes its branch's blind-mate plug).
 * Told by other parts: each loop's return temperature (plates), pump speed
 * (firmware).
 * Columns: coolant.csv loops and branch flows; switch.csv supply, return
 * and flow.
 */
#ifndef XPOSIM_LOOPS_H
#define XPOSIM_LOOPS_H

#include "switch/columns.h"
#include "switch/feed.h"
#include "thermal.h"

typedef struct loops loops_t;

/* A device's branch, as the thermal part reads it. */
typedef struct loop_branch {
  const thermal_plate_cfg_t *tc;
  int loop, column, is_asic, index;
  int prev, next;               /* series chain: the device upstream / downstream, -1: none */
  int link;                     /* its branch in the loop's network, -1: none */
  double k_branch, k_factor;    /* Pa/(m^3/s)^2; a blocked quick-disconnect multiplies it */
  double q_rated;               /* m^3/s, where r_plate_coolant is rated */
  double q_m3s, mdot_cp, dp_pa; /* flow, capacity rate, pressure drop */
  double g_cool;                /* plate to inlet, effectiveness-NTU */
  double bulk_c;                /* the fluid's bulk mean temperature in it, where its properties are taken */
} loop_branch_t;

loops_t *loops_new(switch_env_t *env, const feed_t *feed, sim_signal_t *sig_hydraulic);
void loops_free(loops_t *L);
void loops_create_signals(loops_t *L);
/* The hydraulic networks of pumped loops and loops with manifolds. */
void loops_build(loops_t *L);
/* Solve every loop; bumps the hydraulic generation signal. */
void loops_solve(loops_t *L);
/* Processes: hydraulics, then each loop's transport; then the hydraulics
 * process subscribes to every supply signal. */
void loops_start(loops_t *L);
void loops_subscribe(loops_t *L);
void loops_log(const loops_t *L, sim_time_t now);

const loop_branch_t *loops_branch(const loops_t *L, size_t device);
sim_signal_t *loops_supply_signal(const loops_t *L, size_t l);
double loops_supply_c(const loops_t *L, size_t l); /* at the manifold now */
double loops_return_c(const loops_t *L, size_t l);
double loops_flow_m3s(const loops_t *L, size_t l);
double loops_head_pa(const loops_t *L, size_t l);
const char *loops_name(const loops_t *L, size_t l);

/* The CDU supply of loop `loop` (-1: every loop) becomes supply_c now. */
void loops_supply_change(loops_t *L, sim_time_t now, int loop, double supply_c);
void loops_pump(loops_t *L, size_t l, int pump, int fail);
void loops_block(loops_t *L, size_t device, double factor);
/* N+1 of the pumps, now: for each working pump of each pumped loop, the
 * flow with that pump failed too; the least flow a present, liquid-cooled
 * module would keep (0 if a loop has no working pump left), and where.
 * Returns 0 if no pumped loop cools a module. The run's state is kept. */
int loops_pump_n1(loops_t *L, double *least_m3s, char *where, size_t n);
void loops_leak(loops_t *L, size_t l, int column, double k);
void loops_set_pump_speed(loops_t *L, size_t l, double speed);
void loops_set_return(loops_t *L, size_t l, double return_c);
/* Device i's branch at the bulk mean (inlet + outlet) / 2 of its fluid:
 * c_p and the plate-to-coolant resistance follow it (moves below
 * LOOPS_BULK_QUANTUM_K are ignored). */
void loops_set_bulk_c(loops_t *L, size_t device, double bulk_c);
#define LOOPS_BULK_QUANTUM_K 0.01

void loops_sample(loops_t *L);
/* part: the index the sampler will know this part by. */
void loops_columns(const topo_t *t, columns_t *c, int part);

#endif
