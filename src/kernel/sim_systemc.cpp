/*
 * sim_systemc.cpp: the SystemC 2.3.4 backend (IEEE 1666), a thin C++ shim.
 *
 * SystemC owns time here: the armed processes wait in the timing wheel the
 * native backend uses (sim_wheel.h); one "tick" sc_event carries a timed
 * notification for the earliest of them, and its SC_METHOD hands every
 * process due at that time to the core, runs the core's first delta of
 * that time point (ordered batch, then update phase) and notifies the next
 * time. One "settle" method, woken by a delta notification, runs any
 * further delta and re-notifies itself while deltas remain. So time
 * advance and delta cycles are SystemC's; the order of callbacks inside a
 * delta is the core's, which is what makes this backend byte-identical to
 * the native one. (An sc_event per process, as first built, cost SystemC a
 * timed notification and a method activation per wake-up: 4-5x raw SystemC
 * where many processes share a time point; a binary heap of armed
 * processes after that, about 1x: docs/performance.md.)
 *
 * SystemC cannot be elaborated twice in one process: one sim_t per process.
 * Built as its own module (xposim-systemc.so with libsystemc): sim.c loads
 * it when a run asks for this kernel, so no other run loads SystemC.
 */
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <cstdlib>
#include <string>
#include <systemc>

#include "sim_wheel.h"

/* sc_main: see sc_main_stub.cpp, built into this module. */

namespace {

bool g_used = false; /* SystemC was elaborated by an earlier sim_t */
sim_core_fns g_core; /* the core's call-backs, given when the module is loaded */

sc_core::sc_time ps(sim_time_t t) { return sc_core::sc_time::from_value((sc_dt::uint64)t); }

struct shim {
  sim_t *sim;
  sc_core::sc_event *settle_ev, *tick_ev;
  sim_wheel_t armed;  /* `cur` is the last tick's time: nothing armed is earlier */
  sim_time_t tick_at; /* the tick's pending notification; UINT64_MAX: none */
  bool ticking;       /* in the tick's own delta: the tick notifies the next one after it */
};

/* The tick for the earliest armed process, or for the time its wheel
 * slot must be spread (a tick then with nothing due: the next tick is
 * exact). Nothing armed is due at or before now. */
void tick_next(shim *sh) {
  sim_time_t at = wheel_horizon(&sh->armed);
  if (at == UINT64_MAX) return;
  if (at <= sh->sim->now) at = sh->sim->now + 1;
  if (at >= sh->tick_at) return;
  sh->tick_at = at;
  sh->tick_ev->notify(ps(at - sh->sim->now)); /* an earlier notification replaces a later one */
}

/* The tick: every process due now to the core, then its delta. */
void tick(shim *sh) {
  sim_t *s = sh->sim;
  s->now = (sim_time_t)sc_core::sc_time_stamp().value();
  sh->tick_at = UINT64_MAX;
  int slot = wheel_next(&sh->armed, s->now), any = slot >= 0;
  if (any) {
    sh->armed.cur = s->now;
    for (sim_proc_t *p = wheel_take(&sh->armed, slot), *nx; p; p = nx) {
      nx = p->wnext;
      p->wprev = nullptr;
      p->wnext = nullptr;
      g_core.due(s, p);
    }
  }
  /* the time point's first delta runs here, in the tick's own evaluation;
   * any further deltas (signal updates, zero-delay wakes) in SystemC's delta
   * cycles, through settle */
  sh->ticking = true; /* its re-armed processes wait for tick_next below: one notification */
  if (any && !s->stopped && g_core.delta(s)) sh->settle_ev->notify(sc_core::SC_ZERO_TIME);
  sh->ticking = false;
  if (s->stopped) {
    sc_core::sc_pause();
    return;
  }
  tick_next(sh);
}

void settle(shim *sh) {
  sim_t *s = sh->sim;
  s->now = (sim_time_t)sc_core::sc_time_stamp().value();
  if (s->stopped) return;
  if (g_core.delta(s)) sh->settle_ev->notify(sc_core::SC_ZERO_TIME);
  if (s->stopped) sc_core::sc_pause();
}

}  // namespace

extern "C" {

static int sc_init(sim_t *s, const char **why) {
  if (g_used) {
    if (why) *why = "the SystemC kernel can be elaborated once per process";
    return -1;
  }
  g_used = true;
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  /* 1 ps resolution is SystemC's default; say so, since we rely on it. */
  sc_core::sc_set_time_resolution(1, sc_core::SC_PS);
  shim *sh = new shim();
  sh->sim = s;
  sh->settle_ev = new sc_core::sc_event("xposim_settle");
  sh->tick_ev = new sc_core::sc_event("xposim_tick");
  sh->tick_at = UINT64_MAX;
  s->backend = sh;
  sc_core::sc_spawn_options o;
  o.spawn_method();
  o.dont_initialize();
  o.set_sensitivity(sh->settle_ev);
  sc_core::sc_spawn([sh]() { settle(sh); }, "xposim_settle_method", &o);
  sc_core::sc_spawn_options ot;
  ot.spawn_method();
  ot.dont_initialize();
  ot.set_sensitivity(sh->tick_ev);
  sc_core::sc_spawn([sh]() { tick(sh); }, "xposim_tick_method", &ot);
  return 0;
}

static void sc_free_(sim_t *s) {
  shim *sh = static_cast<shim *>(s->backend);
  /* SystemC keeps the spawned methods until exit; no simulation can run in
   * this process after this, so the events go now (~sc_event detaches each
   * from its method's sensitivity). */
  delete sh->settle_ev;
  delete sh->tick_ev;
  s->backend = nullptr;
  delete sh;
}

static void sc_proc_added(sim_t *s, sim_proc_t *p) {
  (void)s;
  p->backend = nullptr;
  p->wprev = nullptr;
}

static void sc_arm(sim_t *s, sim_proc_t *p) {
  shim *sh = static_cast<shim *>(s->backend);
  if (p->wprev) wheel_unlink(&sh->armed, p); /* an earlier time replaces the pending one */
  wheel_place(&sh->armed, p);
  if (p->when < sh->tick_at && !sh->ticking) {
    sh->tick_at = p->when;
    sh->tick_ev->notify(ps(p->when - s->now));
  }
}

/* Out of the wheel; a tick already notified for it finds nothing due, or
 * others due then. */
static void sc_disarm(sim_t *s, sim_proc_t *p) {
  shim *sh = static_cast<shim *>(s->backend);
  if (p->wprev) wheel_unlink(&sh->armed, p);
}

static int sc_run_until(sim_t *s, sim_time_t t_end) {
  shim *sh = static_cast<shim *>(s->backend);
  if (s->nnext) sh->settle_ev->notify(sc_core::SC_ZERO_TIME);
  /* sc_start(d) stops at now + d before the notifications due then; the
   * kernel API includes them, so finish that time point delta by delta. */
  sim_time_t start = s->now;
  if (t_end > start) sc_core::sc_start(ps(t_end - start));
  while (!s->stopped && sc_core::sc_pending_activity_at_current_time()) sc_core::sc_start(sc_core::SC_ZERO_TIME);
  if (s->stopped) return -1;
  s->now = t_end;
  return 0;
}

static const sim_backend_ops systemc_ops = {sc_init, sc_free_, sc_proc_added, sc_arm, sc_disarm, sc_run_until};

/* The module's one entry point (SIM_SYSTEMC_ENTRY): the core's call-backs
 * in, the backend out. */
__attribute__((visibility("default"))) const sim_backend_ops *xposim_systemc_backend(const sim_core_fns *core) {
  g_core = *core;
  return &systemc_ops;
}

}  // extern "C"
