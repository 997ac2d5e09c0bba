/*
 * sim_internal.h: what the kernel core shares with its backends (sim__ names).
 * The core (sim.c) owns processes, signals, ready lists and ordering; a
 * backend owns only the advance of time: it keeps the timed wake-ups and, when
 * time t comes, hands the due processes to the core and lets it settle.
 */
#ifndef XPOSIM_SIM_INTERNAL_H
#define XPOSIM_SIM_INTERNAL_H

#include "sim.h"

#ifdef __cplusplus
extern "C" {
#endif

struct sim_proc {
  sim_t *sim;
  char *name;
  int priority;
  sim_fn fn;
  void *ctx;
  uint32_t index;     /* creation order */
  int armed;          /* a timed wake-up is held by the backend */
  sim_time_t when;    /* its time, when armed */
  uint64_t seq;       /* order of the request that made the current wake-up */
  int queued;         /* in the core's current or next ready list */
  sim_proc_t *wnext;  /* native backend: the next process in its wheel slot */
  sim_proc_t **wprev; /* native backend: the link that points here; NULL when not in the wheel */
  unsigned wslot;     /* native backend: level * 256 + slot */
  void *backend;      /* SystemC backend: its event */
};

struct sim_signal {
  sim_t *sim;
  char *name;
  double cur, next;
  int written;
  sim_proc_t **subs;
  size_t nsubs, capsubs;
};

struct sim_domain {
  char *name;
  sim_time_t period;
};

typedef struct sim_backend_ops {
  int (*init)(sim_t *sim, const char **why);
  void (*free)(sim_t *sim);
  void (*proc_added)(sim_t *sim, sim_proc_t *p);
  void (*arm)(sim_t *sim, sim_proc_t *p); /* p->when, p->seq set; may replace */
  void (*disarm)(sim_t *sim, sim_proc_t *p);
  int (*run_until)(sim_t *sim, sim_time_t t_end);
} sim_backend_ops;

struct sim {
  sim_kernel_t kernel;
  const sim_backend_ops *ops;
  void *backend;
  sim_time_t now;
  uint64_t seq;
  uint64_t activations, deltas;
  int stopped;
  sim_proc_t **procs;
  size_t nprocs, capprocs;
  sim_signal_t **sigs;
  size_t nsigs, capsigs;
  sim_domain_t **doms;
  size_t ndoms, capdoms;
  sim_signal_t **written; /* signals written in this delta, in write order */
  size_t nwritten, capwritten;
  sim_proc_t **ready, **next; /* this delta's batch, the next delta's */
  size_t nready, nnext, capready;
  int next_unordered; /* next[] is not known to be in (priority, seq) order */
};

extern const sim_backend_ops sim__native_ops;

/* The SystemC backend lives in a module of its own (xposim-systemc.so,
 * loaded on first use: the common path never loads SystemC). The core
 * hands it the two functions a backend calls back. */
typedef struct sim_core_fns {
  void (*due)(sim_t *sim, sim_proc_t *p);
  int (*delta)(sim_t *sim);
} sim_core_fns;
#define SIM_SYSTEMC_MODULE "xposim-systemc.so"
#define SIM_SYSTEMC_ENTRY "xposim_systemc_backend"
typedef const sim_backend_ops *(*sim_systemc_entry_fn)(const sim_core_fns *core);

/* Backend → core: p's timed wake-up has come (now == p->when). */
void sim__due(sim_t *sim, sim_proc_t *p);
/* Backend → core: run one delta (the batch gathered so far, then the update
 * phase). Returns 1 if another delta is pending at the current time. */
int sim__delta(sim_t *sim);
/* Backend -> core: only the update phase (after a callback the backend ran
 * itself). Returns 1 if a delta is pending. */
int sim__delta_update(sim_t *s);

#ifdef __cplusplus
}
#endif
#endif
