/*
 * sim.h: the discrete-event kernel's whole contract.
 *
 * Time is an integer count of picoseconds. Work is done by processes: a
 * process is a callback that the kernel runs when its wake-up time comes or
 * when a signal it subscribes to changes. A process has at most one pending
 * wake-up; asking for an earlier one replaces a later one (SystemC's
 * sc_event::notify rule). Clock domains give periods; waking at a cycle is
 * waking at cycle * period, and cycles nobody asked for cost nothing.
 *
 * Ordering, identical on every backend (this is what makes runs byte-identical):
 *  - at time t, the processes due at t run as one batch ("delta 0"),
 *    ordered by (priority, order of the wake-up request);
 *  - signal writes take effect after the batch (update phase); a signal whose
 *    value changed wakes its subscribers, in subscription order, in the next
 *    delta; so do wake-ups requested for the current time;
 *  - deltas repeat until nothing is pending at t; then time advances.
 *
 * What it does not do: know anything about models, files or units.
 */
#ifndef XPOSIM_SIM_H
#define XPOSIM_SIM_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t sim_time_t; /* picoseconds; 2^64 ps is 213 days */

#define SIM_PS ((sim_time_t)1)
#define SIM_NS ((sim_time_t)1000)
#define SIM_US ((sim_time_t)1000000)
#define SIM_MS ((sim_time_t)1000000000)
#define SIM_S ((sim_time_t)1000000000000)
#define SIM_PS_PER_S 1e12
#define SIM_S_PER_PS 1e-12

/* Seconds (the models' unit) and picoseconds (the kernel's): every
 * conversion goes through these, so that each rounds the same way. */
static inline double sim_to_s(sim_time_t t) { return (double)t * SIM_S_PER_PS; }
/* To the nearest picosecond. */
static inline sim_time_t sim_from_s(double s) { return (sim_time_t)llround(s * SIM_PS_PER_S); }
/* Down to a whole picosecond (s >= 0): never later than s. */
static inline sim_time_t sim_from_s_floor(double s) { return (sim_time_t)(s * SIM_PS_PER_S); }

typedef enum { SIM_NATIVE = 0, SIM_SYSTEMC = 1 } sim_kernel_t;

typedef struct sim sim_t;
typedef struct sim_proc sim_proc_t;
typedef struct sim_signal sim_signal_t;
typedef struct sim_domain sim_domain_t;
typedef void (*sim_fn)(sim_t *sim, void *ctx);

/* A new, empty simulation at time 0 on the given backend. NULL with a reason
 * in *why (static text) when the backend cannot be had (SystemC allows one
 * simulation per process). */
sim_t *sim_new(sim_kernel_t kernel, const char **why);
void sim_free(sim_t *sim); /* accepts NULL */

const char *sim_kernel_name(sim_kernel_t kernel);
int sim_kernel_parse(const char *name, sim_kernel_t *out); /* 0 or -1 */

/* Processes. Lower priority runs first among processes due at the same time. */
sim_proc_t *sim_process(sim_t *sim, const char *name, int priority, sim_fn fn, void *ctx);
void sim_wake_at(sim_proc_t *p, sim_time_t t); /* t >= now; t == now: next delta */
void sim_wake_after(sim_proc_t *p, sim_time_t dt);
void sim_cancel(sim_proc_t *p);
int sim_pending(const sim_proc_t *p, sim_time_t *when); /* 1 if a wake-up is pending */

/* Clock domains. */
sim_domain_t *sim_domain(sim_t *sim, const char *name, sim_time_t period);
/* The first cycle index whose edge is strictly after t. */
uint64_t sim_cycle_after(const sim_domain_t *d, sim_time_t t);
void sim_wake_cycle(sim_proc_t *p, const sim_domain_t *d, uint64_t cycle);

/* Signals carry a double; subscribers wake only when the value changes. */
sim_signal_t *sim_signal(sim_t *sim, const char *name, double init);
double sim_read(const sim_signal_t *s);
void sim_write(sim_signal_t *s, double v);
void sim_subscribe(sim_signal_t *s, sim_proc_t *p);

/* Run every activation due at or before t_end, then leave time at t_end.
 * Returns 0, or -1 if the simulation was stopped by sim_stop. */
int sim_run_until(sim_t *sim, sim_time_t t_end);
void sim_stop(sim_t *sim); /* from a callback: return from sim_run_until after this delta */

sim_time_t sim_now(const sim_t *sim);
sim_kernel_t sim_kernel(const sim_t *sim);
uint64_t sim_activations(const sim_t *sim); /* callbacks run so far */
uint64_t sim_deltas(const sim_t *sim);      /* delta cycles so far */

#ifdef __cplusplus
}
#endif
#endif
