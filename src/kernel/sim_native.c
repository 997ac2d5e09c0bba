/*
 * sim_native.c: the native backend: a hierarchical timing wheel over the
 * 64-bit picosecond time, 8 levels of 256 slots, one level per byte of time.
 *
 * A pending wake-up at time t sits at the level of the highest byte in which
 * t differs from `cur` (a time no later than any pending one), in the slot
 * named by that byte of t. So a level-0 slot holds processes due at exactly
 * one time: it is a batch, handed to the core whole (the core orders it by
 * priority and request order). When level 0 is empty, the first occupied
 * slot of the lowest occupied level is spread over the levels below, with
 * `cur` moved to the start of that slot's span. Each wake-up moves down at
 * most 7 times; insert and cancel are O(1) (each slot is an intrusive FIFO
 * list, so a batch comes out in arming order and seldom needs sorting);
 * finding the next slot is a scan of 4 bitmap words. Nothing grows with the
 * number of pending wake-ups and nothing is allocated per event.
 *
 * Before this, a 4-ary heap: ~20 key comparisons per event with 1000 pending
 * (docs/performance.md).
 */
#include <stdlib.h>

#include "sim_internal.h"

enum { NAT_LEVELS = 8, NAT_SLOTS = 256 };

typedef struct {
  sim_proc_t *slot[NAT_LEVELS * NAT_SLOTS];
  sim_proc_t **tail[NAT_LEVELS * NAT_SLOTS]; /* the link a new arrival goes into: slots are FIFO */
  uint64_t bits[NAT_LEVELS][NAT_SLOTS / 64]; /* occupied slots */
  unsigned levels;                           /* bit l: level l has an occupied slot */
  sim_time_t cur;                            /* no pending wake-up is earlier */
} native_t;

/* p at the end of slot i (level i / NAT_SLOTS). */
static inline void nat__append(native_t *q, sim_proc_t *p, unsigned i) {
  if (!q->slot[i]) { /* the slot's first: it is occupied from now on */
    unsigned l = i / NAT_SLOTS, s = i % NAT_SLOTS;
    q->tail[i] = &q->slot[i];
    q->bits[l][s >> 6] |= 1ull << (s & 63);
    q->levels |= 1u << l;
  }
  p->wslot = i;
  p->wnext = NULL;
  p->wprev = q->tail[i];
  *q->tail[i] = p;
  q->tail[i] = &p->wnext;
}

static void nat__place(native_t *q, sim_proc_t *p) {
  sim_time_t x = p->when ^ q->cur;
  unsigned l = (unsigned)(63 - __builtin_clzll(x | 1)) >> 3; /* x | 1: the same top bit, and 0 gives level 0 */
  unsigned s = (unsigned)(p->when >> (8 * l)) & (NAT_SLOTS - 1);
  nat__append(q, p, l * NAT_SLOTS + s);
}

/* Slot i is empty now: clear its bit, and its level's if that was the last. */
static void nat__emptied(native_t *q, unsigned i) {
  unsigned l = i / NAT_SLOTS, s = i % NAT_SLOTS;
  uint64_t *w = q->bits[l];
  w[s >> 6] &= ~(1ull << (s & 63));
  if (!(w[0] | w[1] | w[2] | w[3])) q->levels &= ~(1u << l);
}

static void nat__unlink(native_t *q, sim_proc_t *p) {
  unsigned i = p->wslot;
  *p->wprev = p->wnext;
  if (p->wnext)
    p->wnext->wprev = p->wprev;
  else
    q->tail[i] = p->wprev;
  p->wprev = NULL;
  p->wnext = NULL;
  if (!q->slot[i]) nat__emptied(q, i);
}

/* The first occupied slot of level l at or after slot `from`; -1 if none. */
static int nat__first(const native_t *q, unsigned l, unsigned from) {
  const uint64_t *w = q->bits[l];
  unsigned k = from >> 6;
  uint64_t m = w[k] & (~0ull << (from & 63));
  for (;;) {
    if (m) return (int)(k * 64 + (unsigned)__builtin_ctzll(m));
    if (++k == NAT_SLOTS / 64) return -1;
    m = w[k];
  }
}

/* The level-0 slot holding the earliest pending wake-ups, if they are due
 * at or before t_end; -1 otherwise. `cur` never passes t_end, so anything
 * armed later (at or after now) is still at or after `cur`. */
static int nat__next(native_t *q, sim_time_t t_end) {
  for (;;) {
    if (!q->levels) return -1;
    if (q->levels & 1) {
      int s = nat__first(q, 0, (unsigned)(q->cur & (NAT_SLOTS - 1)));
      sim_time_t t = (q->cur & ~(sim_time_t)(NAT_SLOTS - 1)) | (sim_time_t)s;
      return t <= t_end ? s : -1;
    }
    unsigned l = (unsigned)__builtin_ctz(q->levels);
    unsigned shift = 8 * l;
    int s = nat__first(q, l, (unsigned)(q->cur >> shift) & (NAT_SLOTS - 1));
    sim_time_t above = l == NAT_LEVELS - 1 ? 0 : q->cur & ~((((sim_time_t)1) << (shift + 8)) - 1);
    sim_time_t start = above | ((sim_time_t)s << shift);
    if (start > t_end) return -1;
    q->cur = start;
    sim_proc_t *p = q->slot[l * NAT_SLOTS + (unsigned)s];
    q->slot[l * NAT_SLOTS + (unsigned)s] = NULL;
    nat__emptied(q, l * NAT_SLOTS + (unsigned)s);
    while (p) {
      sim_proc_t *nx = p->wnext;
      if (l == 1) /* it agrees with `cur` in every byte but the lowest: level 0 */
        nat__append(q, p, (unsigned)(p->when & (NAT_SLOTS - 1)));
      else
        nat__place(q, p); /* to a lower level: it agrees with `cur` from byte l up */
      p = nx;
    }
  }
}

static int nat_init(sim_t *s, const char **why) {
  (void)why;
  s->backend = calloc(1, sizeof(native_t));
  if (!s->backend) abort();
  return 0;
}

static void nat_free(sim_t *s) { free(s->backend); }

static void nat_proc_added(sim_t *s, sim_proc_t *p) {
  (void)s;
  p->wprev = NULL;
}

static void nat_arm(sim_t *s, sim_proc_t *p) {
  native_t *q = s->backend;
  if (p->wprev) nat__unlink(q, p); /* an earlier time replaces the pending one */
  nat__place(q, p);
}

static void nat_disarm(sim_t *s, sim_proc_t *p) {
  if (p->wprev) nat__unlink(s->backend, p);
}

static int nat_run_until(sim_t *s, sim_time_t t_end) {
  native_t *q = s->backend;
  while (s->nnext && !s->stopped) sim__delta(s); /* wake-ups asked for now */
  int slot;
  while (!s->stopped && (slot = nat__next(q, t_end)) >= 0) {
    s->now = q->cur = (q->cur & ~(sim_time_t)(NAT_SLOTS - 1)) | (sim_time_t)slot;
    sim_proc_t *p = q->slot[slot];
    if (!p->wnext && !s->nnext && !s->nwritten) {
      /* One process due and nothing pending: its batch of one, run here
       * without the ready lists (the slot empties with it). */
      q->slot[slot] = NULL;
      p->wprev = NULL;
      nat__emptied(q, (unsigned)slot);
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
    nat__emptied(q, (unsigned)slot);
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
