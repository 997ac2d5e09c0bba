/*
 * sim_native.c: the native backend: a 4-ary min-heap of armed processes. Each
 * entry carries its key inline (time, then priority and request order packed
 * in one word), so sifting compares within the array instead of chasing
 * pointers to processes. Each process is in the heap at most once and knows
 * its position, so re-arming is a sift, never an allocation. One process due
 * alone at a time point runs in place at the root (the common case).
 */
#include "sim_internal.h"

#include <stdlib.h>

typedef struct {
  sim_time_t when;
  uint64_t order; /* priority (offset to unsigned) in the top 16 bits, request order below */
  sim_proc_t *p;
} nat_entry;

typedef struct {
  nat_entry *h;
  size_t n, cap;
  sim_proc_t *busy; /* running in place at the root */
} native_t;

static uint64_t nat__order(const sim_proc_t *p) {
  return ((uint64_t)(uint16_t)(p->priority + 32768) << 48) | (p->seq & 0xffffffffffffull);
}

static int nat__less(const nat_entry *a, const nat_entry *b) {
  return a->when < b->when || (a->when == b->when && a->order < b->order);
}

static void nat__place(nat_entry *h, size_t i, nat_entry e) {
  h[i] = e;
  e.p->heap_pos = i;
}

static void nat__up(nat_entry *h, size_t i) {
  nat_entry e = h[i];
  while (i > 0) {
    size_t parent = (i - 1) / 4;
    if (!nat__less(&e, &h[parent])) break;
    nat__place(h, i, h[parent]);
    i = parent;
  }
  nat__place(h, i, e);
}

static void nat__down(nat_entry *h, size_t n, size_t i) {
  nat_entry e = h[i];
  for (;;) {
    size_t c = 4 * i + 1, best = i;
    const nat_entry *bp = &e;
    size_t end = c + 4 < n ? c + 4 : n;
    for (size_t k = c; k < end; k++)
      if (nat__less(&h[k], bp)) {
        best = k;
        bp = &h[k];
      }
    if (best == i) break;
    nat__place(h, i, h[best]);
    i = best;
  }
  nat__place(h, i, e);
}

static int nat_init(sim_t *s, const char **why) {
  (void)why;
  s->backend = calloc(1, sizeof(native_t));
  if (!s->backend) abort();
  return 0;
}

static void nat_free(sim_t *s) {
  native_t *q = s->backend;
  if (q) free(q->h);
  free(q);
}

static void nat_proc_added(sim_t *s, sim_proc_t *p) {
  native_t *q = s->backend;
  (void)p;
  if (s->nprocs > q->cap) {
    size_t c = q->cap ? q->cap * 2 : 16;
    while (c < s->nprocs) c *= 2;
    nat_entry *h = realloc(q->h, c * sizeof *h);
    if (!h) abort();
    q->h = h;
    q->cap = c;
  }
}

static int nat__holds(const native_t *q, const sim_proc_t *p) { return p->heap_pos < q->n && q->h[p->heap_pos].p == p; }

static void nat_remove(native_t *q, size_t i) {
  nat_entry last = q->h[--q->n];
  if (i == q->n) return;
  nat__place(q->h, i, last);
  nat__up(q->h, i);
  nat__down(q->h, q->n, last.p->heap_pos);
}

static void nat_arm(sim_t *s, sim_proc_t *p) {
  native_t *q = s->backend;
  if (p == q->busy) return; /* re-armed from its own callback: sifted when it returns */
  if (nat__holds(q, p)) { /* an earlier time replaces the pending one: sift up */
    q->h[p->heap_pos].when = p->when;
    q->h[p->heap_pos].order = nat__order(p);
    nat__up(q->h, p->heap_pos);
    return;
  }
  nat__place(q->h, q->n, (nat_entry){p->when, nat__order(p), p});
  q->n++;
  nat__up(q->h, q->n - 1);
}

static void nat_disarm(sim_t *s, sim_proc_t *p) {
  native_t *q = s->backend;
  if (p == q->busy) return;
  if (nat__holds(q, p)) nat_remove(q, p->heap_pos);
}

/* Is the root the only process due at its time? Its children hold the next
 * smallest keys. */
static int nat_alone(const native_t *q) {
  sim_time_t t = q->h[0].when;
  size_t end = q->n < 5 ? q->n : 5;
  for (size_t k = 1; k < end; k++)
    if (q->h[k].when == t) return 0;
  return 1;
}

static int nat_run_until(sim_t *s, sim_time_t t_end) {
  native_t *q = s->backend;
  while (s->nnext && !s->stopped) sim__delta(s); /* wake-ups asked for now */
  while (!s->stopped && q->n && q->h[0].when <= t_end) {
    s->now = q->h[0].when;
    if (!s->nnext && !s->nwritten && nat_alone(q)) {
      /* One process due and nothing pending: it runs in place at the root;
       * if it re-arms, one sift-down replaces a pop and a push. The order is
       * the one its batch (of one) would have had. */
      sim_proc_t *p = q->h[0].p;
      p->armed = 0;
      q->busy = p;
      s->deltas++;
      s->activations++;
      p->fn(s, p->ctx);
      q->busy = NULL;
      if (p->armed) { /* its key only grew; an insert may have moved it */
        size_t i = p->heap_pos;
        q->h[i].when = p->when;
        q->h[i].order = nat__order(p);
        nat__down(q->h, q->n, i);
      } else {
        nat_remove(q, p->heap_pos);
      }
      if (s->nwritten || s->nnext) /* its writes and zero-delay wakes */
        while (sim__delta_update(s) && !s->stopped)
          while (sim__delta(s) && !s->stopped) {
          }
      continue;
    }
    while (q->n && q->h[0].when == s->now) {
      sim_proc_t *p = q->h[0].p;
      nat_remove(q, 0);
      sim__due(s, p);
    }
    while (sim__delta(s) && !s->stopped) {
    }
  }
  if (s->stopped) return -1;
  s->now = t_end;
  return 0;
}

const sim_backend_ops sim__native_ops = {nat_init, nat_free, nat_proc_added, nat_arm, nat_disarm, nat_run_until};
