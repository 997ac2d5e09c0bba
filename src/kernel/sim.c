/*
 * sim.c: the kernel core shared by every backend: processes, signals, clock
 * domains, the ready lists and the ordering rule of sim.h. It allocates when
 * a process, signal or subscription is created, never per event.
 * It does not keep timed wake-ups: the backend does (sim_native.c,
 * sim_systemc.cpp).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"
#include "util/module.h"
#include "util/numeric.h"

static void *sim__grow(void *arr, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return arr;
  size_t n = *cap ? *cap * 2 : 16;
  while (n < need) n *= 2;
  void *p = realloc(arr, n * elem);
  if (!p) abort(); /* out of memory while building a model: nothing sane to do */
  *cap = n;
  return p;
}

static char *sim__strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (!d) abort();
  memcpy(d, s, n);
  return d;
}

const char *sim_kernel_name(sim_kernel_t k) { return k == SIM_SYSTEMC ? "systemc" : "native"; }

int sim_kernel_parse(const char *name, sim_kernel_t *out) {
  if (!strcmp(name, "native"))
    *out = SIM_NATIVE;
  else if (!strcmp(name, "systemc"))
    *out = SIM_SYSTEMC;
  else
    return -1;
  return 0;
}

/* The SystemC backend from its module, loaded once. NULL with the reason
 * in why. */
static const sim_backend_ops *sim__systemc(const char **why) {
  static const sim_backend_ops *ops;
  static char reason[700];
  if (ops) return ops;
  sim_systemc_entry_fn entry =
      (sim_systemc_entry_fn)(uintptr_t)module_entry(SIM_SYSTEMC_MODULE, SIM_SYSTEMC_ENTRY, reason, sizeof reason);
  if (!entry) {
    *why = reason;
    return NULL;
  }
  static const sim_core_fns core = {sim__due, sim__delta};
  return ops = entry(&core);
}

sim_t *sim_new(sim_kernel_t kernel, const char **why) {
  const sim_backend_ops *ops = &sim__native_ops;
  const char *w = NULL;
  if (kernel == SIM_SYSTEMC && !(ops = sim__systemc(&w))) {
    if (why) *why = w;
    return NULL;
  }
  sim_t *s = calloc(1, sizeof *s);
  if (!s) abort();
  s->kernel = kernel;
  s->ops = ops;
  if (s->ops->init(s, &w) != 0) {
    if (why) *why = w;
    free(s);
    return NULL;
  }
  return s;
}

void sim_free(sim_t *s) {
  if (!s) return;
  s->ops->free(s);
  for (size_t i = 0; i < s->nprocs; i++) {
    free(s->procs[i]->name);
    free(s->procs[i]);
  }
  for (size_t i = 0; i < s->nsigs; i++) {
    free(s->sigs[i]->name);
    free(s->sigs[i]->subs);
    free(s->sigs[i]);
  }
  for (size_t i = 0; i < s->ndoms; i++) {
    free(s->doms[i]->name);
    free(s->doms[i]);
  }
  free(s->procs);
  free(s->sigs);
  free(s->doms);
  free(s->written);
  free(s->ready);
  free(s->next);
  free(s);
}

sim_proc_t *sim_process(sim_t *s, const char *name, int priority, sim_fn fn, void *ctx) {
  sim_proc_t *p = calloc(1, sizeof *p);
  if (!p) abort();
  p->sim = s;
  p->name = sim__strdup(name);
  p->priority = priority;
  p->fn = fn;
  p->ctx = ctx;
  p->index = (uint32_t)s->nprocs;
  s->procs = sim__grow(s->procs, &s->capprocs, s->nprocs + 1, sizeof *s->procs);
  s->procs[s->nprocs++] = p;
  /* Each process sits at most once in each ready list: size them now. */
  size_t cap = s->capready;
  s->ready = sim__grow(s->ready, &cap, s->nprocs, sizeof *s->ready);
  cap = s->capready;
  s->next = sim__grow(s->next, &cap, s->nprocs, sizeof *s->next);
  s->capready = cap;
  s->ops->proc_added(s, p);
  return p;
}

static int sim__before(const sim_proc_t *x, const sim_proc_t *y) {
  return x->priority != y->priority ? x->priority < y->priority : x->seq < y->seq;
}

/* Append p to the next delta's batch, noting whether the batch stays in
 * (priority, seq) order: most do, and then need no sort. */
static void sim__append(sim_t *s, sim_proc_t *p) {
  if (s->nnext && !sim__before(s->next[s->nnext - 1], p)) s->next_unordered = 1;
  s->next[s->nnext++] = p;
}

/* Put p in the next delta's batch (once). */
static void sim__queue(sim_t *s, sim_proc_t *p) {
  if (p->queued) return;
  p->queued = 1;
  p->seq = ++s->seq;
  sim__append(s, p);
}

/* Inline in both entry points: actors re-arm with sim_wake_after at every
 * event. */
static inline void sim__wake_at(sim_proc_t *p, sim_time_t t) {
  sim_t *s = p->sim;
  if (t < s->now) t = s->now; /* the past is not reachable: treat as now */
  if (p->queued) return;      /* already due in the next delta: earlier wins */
  if (t == s->now) {
    if (p->armed) {
      s->ops->disarm(s, p);
      p->armed = 0;
    }
    sim__queue(s, p);
    return;
  }
  if (p->armed && p->when <= t) return; /* an earlier wake-up stands */
  p->when = t;
  p->seq = ++s->seq;
  p->armed = 1;
  s->ops->arm(s, p);
}

void sim_wake_at(sim_proc_t *p, sim_time_t t) { sim__wake_at(p, t); }
void sim_wake_after(sim_proc_t *p, sim_time_t dt) { sim__wake_at(p, p->sim->now + dt); }

void sim_cancel(sim_proc_t *p) {
  sim_t *s = p->sim;
  if (p->armed) {
    s->ops->disarm(s, p);
    p->armed = 0;
  }
  if (p->queued) {
    for (size_t i = 0; i < s->nnext; i++)
      if (s->next[i] == p) {
        memmove(&s->next[i], &s->next[i + 1], (s->nnext - i - 1) * sizeof *s->next);
        s->nnext--;
        break;
      }
    p->queued = 0;
  }
}

int sim_pending(const sim_proc_t *p, sim_time_t *when) {
  if (p->queued) {
    if (when) *when = p->sim->now;
    return 1;
  }
  if (p->armed) {
    if (when) *when = p->when;
    return 1;
  }
  return 0;
}

sim_domain_t *sim_domain(sim_t *s, const char *name, sim_time_t period) {
  sim_domain_t *d = calloc(1, sizeof *d);
  if (!d) abort();
  d->name = sim__strdup(name);
  d->period = period ? period : 1;
  s->doms = sim__grow(s->doms, &s->capdoms, s->ndoms + 1, sizeof *s->doms);
  s->doms[s->ndoms++] = d;
  return d;
}

uint64_t sim_cycle_after(const sim_domain_t *d, sim_time_t t) { return t / d->period + 1; }

void sim_wake_cycle(sim_proc_t *p, const sim_domain_t *d, uint64_t cycle) { sim_wake_at(p, cycle * d->period); }

sim_signal_t *sim_signal(sim_t *s, const char *name, double init) {
  sim_signal_t *g = calloc(1, sizeof *g);
  if (!g) abort();
  g->sim = s;
  g->name = sim__strdup(name);
  g->cur = g->next = init;
  s->sigs = sim__grow(s->sigs, &s->capsigs, s->nsigs + 1, sizeof *s->sigs);
  s->sigs[s->nsigs++] = g;
  /* Each signal is at most once in the written list: size it now. */
  s->written = sim__grow(s->written, &s->capwritten, s->nsigs, sizeof *s->written);
  return g;
}

double sim_read(const sim_signal_t *g) { return g->cur; }

void sim_write(sim_signal_t *g, double v) {
  g->next = v;
  if (!g->written) {
    g->written = 1;
    g->sim->written[g->sim->nwritten++] = g;
  }
}

void sim_subscribe(sim_signal_t *g, sim_proc_t *p) {
  g->subs = sim__grow(g->subs, &g->capsubs, g->nsubs + 1, sizeof *g->subs);
  g->subs[g->nsubs++] = p;
}

void sim__due(sim_t *s, sim_proc_t *p) {
  p->armed = 0;
  if (p->queued) return;
  /* Keep the seq of the request: the batch is ordered by it, whatever order
   * the backend found the due processes in. */
  p->queued = 1;
  sim__append(s, p);
}

static int sim__order(const void *a, const void *b) {
  const sim_proc_t *x = *(sim_proc_t *const *)a, *y = *(sim_proc_t *const *)b;
  if (x->priority != y->priority) return x->priority < y->priority ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int sim__same(double a, double b) { return a == b || (a != a && b != b); }

/* Update phase: changed signals wake their subscribers in the next delta. */
static void sim__update(sim_t *s) {
  for (size_t i = 0; i < s->nwritten; i++) {
    sim_signal_t *g = s->written[i];
    g->written = 0;
    if (sim__same(g->cur, g->next)) continue;
    g->cur = g->next;
    for (size_t k = 0; k < g->nsubs; k++) sim__queue(s, g->subs[k]);
  }
  s->nwritten = 0;
}

int sim__delta_update(sim_t *s) {
  sim__update(s);
  return s->nnext > 0;
}

/* (priority, seq) orders a batch totally. A batch appended out of order
 * (priorities mixed, a spread wheel slot joining processes armed at other
 * times, signal wakes) is often still in reverse order or in order: a pass
 * finds either and spares the sort; the usual batch is a handful. */
static void sim__sort_batch(sim_proc_t **batch, size_t n) {
  size_t up = 1, down = 1;
  for (size_t i = 1; i < n && (up || down); i++) {
    if (!sim__before(batch[i - 1], batch[i])) up = 0;
    if (!sim__before(batch[i], batch[i - 1])) down = 0;
  }
  if (n < 2 || up) return;
  if (down) {
    for (size_t i = 0, j = n - 1; i < j; i++, j--) {
      sim_proc_t *t = batch[i];
      batch[i] = batch[j];
      batch[j] = t;
    }
  } else if (n > 16)
    qsort(batch, n, sizeof *batch, sim__order);
  else
    sort_stable(batch, n, sizeof *batch, sim__order);
}

int sim__delta(sim_t *s) {
  sim_proc_t **batch = s->next;
  size_t n = s->nnext;
  int unordered = s->next_unordered;
  s->next = s->ready;
  s->ready = batch;
  s->nnext = 0;
  s->next_unordered = 0;
  s->nready = n;
  for (size_t i = 0; i < n; i++) batch[i]->queued = 0;
  if (unordered) sim__sort_batch(batch, n);
  s->deltas++;
  for (size_t i = 0; i < n; i++) {
    s->activations++;
    batch[i]->fn(s, batch[i]->ctx);
  }
  s->nready = 0;
  sim__update(s);
  return s->nnext > 0;
}

int sim_run_until(sim_t *s, sim_time_t t_end) {
  s->stopped = 0;
  if (t_end < s->now) t_end = s->now;
  return s->ops->run_until(s, t_end);
}

void sim_stop(sim_t *s) { s->stopped = 1; }
sim_time_t sim_now(const sim_t *s) { return s->now; }
sim_kernel_t sim_kernel(const sim_t *s) { return s->kernel; }
uint64_t sim_activations(const sim_t *s) { return s->activations; }
uint64_t sim_deltas(const sim_t *s) { return s->deltas; }
