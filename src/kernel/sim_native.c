/*
 * sim_native.c: the native backend: a 4-ary min-heap of armed processes keyed
 * (time, priority, request order). Each process is in the heap at most once
 * and knows its position, so re-arming is a sift, not an allocation.
 */
#include "sim_internal.h"

#include <stdlib.h>

typedef struct {
  sim_proc_t **h;
  size_t n, cap;
} native_t;

static void nat__place(sim_proc_t **h, size_t i, sim_proc_t *p) {
  h[i] = p;
  p->heap_pos = i;
}

static void nat__up(sim_proc_t **h, size_t i) {
  sim_proc_t *p = h[i];
  while (i > 0) {
    size_t parent = (i - 1) / 4;
    if (!sim__before(p, h[parent])) break;
    nat__place(h, i, h[parent]);
    i = parent;
  }
  nat__place(h, i, p);
}

static void nat__down(sim_proc_t **h, size_t n, size_t i) {
  sim_proc_t *p = h[i];
  for (;;) {
    size_t c = 4 * i + 1, best = i;
    sim_proc_t *bp = p;
    for (size_t k = c; k < c + 4 && k < n; k++)
      if (sim__before(h[k], bp)) {
        best = k;
        bp = h[k];
      }
    if (best == i) break;
    nat__place(h, i, bp);
    i = best;
  }
  nat__place(h, i, p);
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
    sim_proc_t **h = realloc(q->h, c * sizeof *h);
    if (!h) abort();
    q->h = h;
    q->cap = c;
  }
}

static void nat_remove(native_t *q, size_t i) {
  sim_proc_t *last = q->h[--q->n];
  if (i == q->n) return;
  nat__place(q->h, i, last);
  nat__up(q->h, i);
  nat__down(q->h, q->n, last->heap_pos);
}

static void nat_arm(sim_t *s, sim_proc_t *p) {
  native_t *q = s->backend;
  if (p->armed && p->heap_pos < q->n && q->h[p->heap_pos] == p) nat_remove(q, p->heap_pos);
  nat__place(q->h, q->n, p);
  q->n++;
  nat__up(q->h, q->n - 1);
}

static void nat_disarm(sim_t *s, sim_proc_t *p) {
  native_t *q = s->backend;
  if (p->heap_pos < q->n && q->h[p->heap_pos] == p) nat_remove(q, p->heap_pos);
}

static int nat_run_until(sim_t *s, sim_time_t t_end) {
  native_t *q = s->backend;
  while (s->nnext && !s->stopped) sim__delta(s); /* wake-ups asked for now */
  while (!s->stopped && q->n && q->h[0]->when <= t_end) {
    s->now = q->h[0]->when;
    while (q->n && q->h[0]->when == s->now) {
      sim_proc_t *p = q->h[0];
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
