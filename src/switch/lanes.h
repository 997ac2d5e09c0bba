/*
 * lanes.h: the lanes and links part: every lane's SNR, FEC statistics and
 * link state machine, driven by the junction temperature of its module.
 *
 * Owns: the lanes (link state, error streams, skew), the codeword clock
 * domains, the frames lost to uncorrectable codewords per port.
 * Processes: one per lane (uncorrectable codewords and link timers), one
 * per module re-evaluating SNR when its junction signal moves, and in
 * reference-step mode one per module stepping every codeword.
 * Signals: reads each module's junction signal; bumps the lanes generation
 * signal on every link state change.
 * Told by other parts: whether a module is present and powered (feed), what
 * each port carries (fabric; frames lost scale with it).
 * Columns: slots.csv corrected_symbols; ports.csv pre_fec_ber and snr_db (the
 * port's worst lane).
 */
#ifndef XPOSIM_LANES_H
#define XPOSIM_LANES_H

#include "link.h"
#include "switch/columns.h"

typedef struct lanes lanes_t;

lanes_t *lanes_new(switch_env_t *env, sim_signal_t *sig_lanes);
void lanes_free(lanes_t *L);
/* Draw every lane's offset, skew and error streams from the seed. */
void lanes_seed(lanes_t *L);
/* Module s's junction signal; its lanes' SNR follows it from now on. */
void lanes_attach_junction(lanes_t *L, size_t s, sim_signal_t *sig_tj);
/* Processes and first wake-ups (after every part is built). */
void lanes_start(lanes_t *L);
void lanes_vcd_declare(lanes_t *L, size_t s);
void lanes_vcd_initial(lanes_t *L, size_t s);

int lanes_carrying(const lanes_t *L, size_t s, int lane);
double lanes_skew_s(const lanes_t *L, size_t s, int lane);
int lanes_dead(const lanes_t *L, size_t s, int lane);
link_state_t lanes_state(const lanes_t *L, size_t s, int lane);
uint64_t lanes_flaps(const lanes_t *L);
uint64_t lanes_uncorrectable(const lanes_t *L);
uint64_t lanes_corrected(const lanes_t *L);
/* Frames lost on port p of module s so far, in bits. */
double lanes_port_lost_bits(const lanes_t *L, size_t s, int p);

/* Take the lane down, or (train) start it training, now. */
void lanes_set(lanes_t *L, size_t s, int lane, sim_time_t now, int train);
void lanes_set_dead(lanes_t *L, size_t s, int lane, int dead);
/* A fault takes db off the lane's SNR. */
void lanes_snr_drop(lanes_t *L, size_t s, int lane, sim_time_t now, double db);
/* Module s present (not pulled) and powered: its lanes can carry. */
void lanes_module_up(lanes_t *L, size_t s, int present, int powered);
/* What port p of module s carries now, b/s. */
void lanes_port_carried(lanes_t *L, size_t s, int p, double bps);
/* Port p of module s runs at half rate (1) or full rate (0) from now: its
 * lanes at half the baud (the host channel's loss at half the Nyquist
 * frequency, its noise in half the bandwidth) and half the codeword rate. */
void lanes_set_half_rate(lanes_t *L, size_t s, int p, int half, sim_time_t now);
/* Bring every lane's statistics up to now. */
void lanes_integrate(lanes_t *L, size_t s, sim_time_t now);
void lanes_integrate_all(lanes_t *L, sim_time_t now);

/* Interval values for the traces, at a sample. */
void lanes_sample(lanes_t *L, sim_time_t now);
/* part: the index the sampler will know this part by. */
void lanes_columns(const topo_t *t, columns_t *c, int part);

#endif
