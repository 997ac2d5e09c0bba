/*
 * sim_wheel.h: the timing wheel both backends keep their armed processes
 * in: a hierarchical wheel over the 64-bit picosecond time, 8 levels of 256
 * slots, one level per byte of time.
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
#ifndef XPOSIM_SIM_WHEEL_H
#define XPOSIM_SIM_WHEEL_H

#include "sim_internal.h"

enum { WHEEL_LEVELS = 8, WHEEL_SLOTS = 256 };

typedef struct {
  sim_proc_t *slot[WHEEL_LEVELS * WHEEL_SLOTS];
  sim_proc_t **tail[WHEEL_LEVELS * WHEEL_SLOTS]; /* the link a new arrival goes into: slots are FIFO */
  uint64_t bits[WHEEL_LEVELS][WHEEL_SLOTS / 64]; /* occupied slots */
  unsigned levels;                               /* bit l: level l has an occupied slot */
  sim_time_t cur;                                /* no pending wake-up is earlier */
} sim_wheel_t;

/* p at the end of slot i (level i / WHEEL_SLOTS). */
static inline void wheel_append(sim_wheel_t *q, sim_proc_t *p, unsigned i) {
  if (!q->slot[i]) { /* the slot's first: it is occupied from now on */
    unsigned l = i / WHEEL_SLOTS, s = i % WHEEL_SLOTS;
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

static inline void wheel_place(sim_wheel_t *q, sim_proc_t *p) {
  sim_time_t x = p->when ^ q->cur;
  unsigned l = (unsigned)(63 - __builtin_clzll(x | 1)) >> 3; /* x | 1: the same top bit, and 0 gives level 0 */
  unsigned s = (unsigned)(p->when >> (8 * l)) & (WHEEL_SLOTS - 1);
  wheel_append(q, p, l * WHEEL_SLOTS + s);
}

/* Slot i is empty now: clear its bit, and its level's if that was the last. */
static inline void wheel_emptied(sim_wheel_t *q, unsigned i) {
  unsigned l = i / WHEEL_SLOTS, s = i % WHEEL_SLOTS;
  uint64_t *w = q->bits[l];
  w[s >> 6] &= ~(1ull << (s & 63));
  if (!(w[0] | w[1] | w[2] | w[3])) q->levels &= ~(1u << l);
}

static inline void wheel_unlink(sim_wheel_t *q, sim_proc_t *p) {
  unsigned i = p->wslot;
  *p->wprev = p->wnext;
  if (p->wnext)
    p->wnext->wprev = p->wprev;
  else
    q->tail[i] = p->wprev;
  p->wprev = NULL;
  p->wnext = NULL;
  if (!q->slot[i]) wheel_emptied(q, i);
}

/* The first occupied slot of level l at or after slot `from`; -1 if none. */
static inline int wheel_first(const sim_wheel_t *q, unsigned l, unsigned from) {
  const uint64_t *w = q->bits[l];
  unsigned k = from >> 6;
  uint64_t m = w[k] & (~0ull << (from & 63));
  for (;;) {
    if (m) return (int)(k * 64 + (unsigned)__builtin_ctzll(m));
    if (++k == WHEEL_SLOTS / 64) return -1;
    m = w[k];
  }
}

/* The level-0 slot holding the earliest pending wake-ups, if they are due
 * at or before t_end; -1 otherwise. `cur` never passes t_end, so anything
 * armed later (at or after now) is still at or after `cur`. */
static inline int wheel_next(sim_wheel_t *q, sim_time_t t_end) {
  for (;;) {
    if (!q->levels) return -1;
    if (q->levels & 1) {
      int s = wheel_first(q, 0, (unsigned)(q->cur & (WHEEL_SLOTS - 1)));
      sim_time_t t = (q->cur & ~(sim_time_t)(WHEEL_SLOTS - 1)) | (sim_time_t)s;
      return t <= t_end ? s : -1;
    }
    unsigned l = (unsigned)__builtin_ctz(q->levels);
    unsigned shift = 8 * l;
    int s = wheel_first(q, l, (unsigned)(q->cur >> shift) & (WHEEL_SLOTS - 1));
    sim_time_t above = l == WHEEL_LEVELS - 1 ? 0 : q->cur & ~((((sim_time_t)1) << (shift + 8)) - 1);
    sim_time_t start = above | ((sim_time_t)s << shift);
    if (start > t_end) return -1;
    q->cur = start;
    sim_proc_t *p = q->slot[l * WHEEL_SLOTS + (unsigned)s];
    q->slot[l * WHEEL_SLOTS + (unsigned)s] = NULL;
    wheel_emptied(q, l * WHEEL_SLOTS + (unsigned)s);
    while (p) {
      sim_proc_t *nx = p->wnext;
      if (l == 1) /* it agrees with `cur` in every byte but the lowest: level 0 */
        wheel_append(q, p, (unsigned)(p->when & (WHEEL_SLOTS - 1)));
      else
        wheel_place(q, p); /* to a lower level: it agrees with `cur` from byte l up */
      p = nx;
    }
  }
}

/* The processes of level-0 slot `slot` (due at one time), taken whole in
 * arming order; the slot is empty after. */
static inline sim_proc_t *wheel_take(sim_wheel_t *q, int slot) {
  sim_proc_t *p = q->slot[slot];
  q->slot[slot] = NULL;
  wheel_emptied(q, (unsigned)slot);
  return p;
}

/* The earliest time at which a process can be due, without moving `cur`;
 * UINT64_MAX if none is armed. Exact when level 0 holds one; otherwise the
 * start of the span of the lowest occupied level's first slot, which
 * holds the earliest (everything below it agrees with `cur` in the byte
 * where that slot's processes differ from it): a bound, reached before any
 * of them is due, where wheel_next spreads the slot. */
static inline sim_time_t wheel_horizon(const sim_wheel_t *q) {
  if (!q->levels) return UINT64_MAX;
  unsigned l = (unsigned)__builtin_ctz(q->levels), shift = 8 * l;
  int s = wheel_first(q, l, (unsigned)(q->cur >> shift) & (WHEEL_SLOTS - 1));
  sim_time_t above = l == WHEEL_LEVELS - 1 ? 0 : q->cur & ~((((sim_time_t)1) << (shift + 8)) - 1);
  return above | ((sim_time_t)s << shift);
}

#endif
