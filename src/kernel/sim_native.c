/*
 * sim_native.c: the native backend: time advances through the timing wheel
 * (sim_wheel.h) slot by slot, in this loop.
 */
#include <stdlib.h>

#include "sim_wheel.h"

static int nat_init(sim_t *s, const char **why) {
  (void)why;
  s->backend = calloc(1, sizeof(sim_wheel_t));
  if (!s->backend) abort();
  return 0;
}

static void nat_free(sim_t *s) { free(s->backend); }

static void nat_proc_added(sim_t *s, sim_proc_t *p) {
  (void)s;
  p->wprev = NULL;
}

static void nat_arm(sim_t *s, sim_proc_t *p) {
  sim_wheel_t *q = s->backend;
  if (p->wprev) wheel_unlink(q, p); /* an earlier time replaces the pending one */
  wheel_place(q, p);
}

static void nat_disarm(sim_t *s, sim_proc_t *p) {
  if (p->wprev) wheel_unlink(s->backend, p);
}

static int nat_run_until(sim_t *s, sim_time_t t_end) {
  sim_wheel_t *q = s->backend;
  while (s->nnext && !s->stopped) sim__delta(s); /* wake-ups asked for now */
  int slot;
  while (!s->stopped && (slot = wheel_next(q, t_end)) >= 0) {
    s->now = q->cur = (q->cur & ~(sim_time_t)(WHEEL_SLOTS - 1)) | (sim_time_t)slot;
    sim_proc_t *p = q->slot[slot];
    if (!p->wnext && !s->nnext && !s->nwritten) {
      /* One process due and nothing pending: its batch of one, run here
       * without the ready lists (the slot empties with it). */
      q->slot[slot] = NULL;
      p->wprev = NULL;
      wheel_emptied(q, (unsigned)slot);
      p->armed = 0;
      s->deltas++;
      s->activations++;
      p->fn(s, p->ctx);
      if (s->nwritten || s->nnext) /* its writes and zero-delay wakes */
        while (sim__delta_update(s) && !s->stopped)
          while (sim__delta(s) && !s->stopped) {
          }
      continue;
    }
    q->slot[slot] = NULL; /* the whole slot is due: taken as it stands, in arming order */
    wheel_emptied(q, (unsigned)slot);
    while (p) {
      sim_proc_t *nx = p->wnext;
      p->wprev = NULL;
      p->wnext = NULL;
      sim__due(s, p);
      p = nx;
    }
    while (sim__delta(s) && !s->stopped) {
    }
  }
  if (s->stopped) return -1;
  s->now = t_end;
  return 0;
}

const sim_backend_ops sim__native_ops = {nat_init, nat_free, nat_proc_added, nat_arm, nat_disarm, nat_run_until};
