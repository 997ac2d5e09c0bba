/*
 * fabric.h: the traffic and fabric part: what each port is offered, whether
 * it is up, what it carries, and each ASIC's share of its capacity.
 *
 * Owns: traffic profiles per port, port states and carried rates, the bits
 * carried per module and per ASIC, port-down time.
 * Processes: traffic (holds each port's load until its next change), fabric
 * (recomputes ports and ASIC shares when lanes, offered load or the
 * firmware's shedding change).
 * Signals: bumps the offered-load generation signal; the fabric process
 * wakes on the lanes and firmware generation signals.
 * Reads: lanes (carrying, skew), feed (module present and powered).
 * Told by other parts: ports shed and slowed by the firmware.
 * Columns: switch.csv throughput_tbps, offered_tbps; slots.csv
 * throughput_gbps; ports.csv throughput_gbps, up.
 */
#ifndef XPOSIM_FABRIC_H
#define XPOSIM_FABRIC_H

#include "switch/columns.h"
#include "switch/feed.h"
#include "switch/lanes.h"
#include "traffic.h"

typedef struct fabric fabric_t;

fabric_t *fabric_new(switch_env_t *env, lanes_t *lanes, const feed_t *feed, sim_signal_t *sig_offered);
void fabric_free(fabric_t *F);
/* Hold each port's load at its exact mean until its next change. */
void fabric_traffic_update(fabric_t *F, sim_time_t now);
/* Ports and ASIC shares for the present lanes, load and shedding. */
void fabric_recompute(fabric_t *F, sim_time_t now);
/* Integrate carried bits and port-down time up to now. */
void fabric_integrate(fabric_t *F, sim_time_t now);
/* Processes: traffic, then fabric (subscribed to the offered-load, lanes
 * and firmware generation signals). */
void fabric_start_traffic(fabric_t *F);
void fabric_start(fabric_t *F, sim_signal_t *sig_lanes, sim_signal_t *sig_admin);
/* The traffic process wakes at the earliest load change after t = 0. */
void fabric_arm_traffic(fabric_t *F);
void fabric_vcd_declare(fabric_t *F, size_t s);
void fabric_vcd_initial(fabric_t *F, size_t s);

/* A scenario load event: every port of the marked slots at `load`. */
void fabric_set_load(fabric_t *F, const uint8_t *slots, double load, size_t *nslots);
void fabric_wake_traffic(fabric_t *F, sim_time_t now);
/* The firmware: ports shed from the last down, and ports at half rate. */
void fabric_set_admin(fabric_t *F, size_t s, int shed, int slow);

/* Device i (module, then ASIC): carried rate now, and bits carried up to now. */
double fabric_device_bps(const fabric_t *F, size_t i);
double fabric_device_bits_at(const fabric_t *F, size_t i, sim_time_t now);
/* Carrying lanes of module s (a lane at half rate counts as part of one). */
double fabric_active_lanes(const fabric_t *F, size_t s);
/* ASIC a's capacity from now on (its throttle, 0 when it is shut down);
 * the fabric shares it out when the firmware signal wakes it. */
void fabric_set_asic_capacity(fabric_t *F, size_t a, double bps);
double fabric_port_down_s(const fabric_t *F);

void fabric_sample(fabric_t *F, sim_time_t now, double dt_s, int first);
/* part: the index the sampler will know this part by. */
void fabric_columns(const topo_t *t, columns_t *c, int part);

#endif
