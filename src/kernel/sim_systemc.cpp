/*
 * sim_systemc.cpp: the SystemC 2.3.4 backend (IEEE 1666), a thin C++ shim.
 *
 * SystemC owns time here: every armed process has an sc_event and a spawned
 * SC_METHOD statically sensitive to it; a timed wake-up is a timed
 * notification. When the method fires, the process is handed to the core;
 * one "settle" method, woken by a delta notification, runs the core's delta
 * (ordered batch, then update phase) and re-notifies itself while deltas
 * remain. So time advance and delta cycles are SystemC's; the order of
 * callbacks inside a delta is the core's, which is what makes this backend
 * byte-identical to the native one.
 *
 * SystemC cannot be elaborated twice in one process: one sim_t per process.
 * Built as its own module (xposim-systemc.so with libsystemc): sim.c loads
 * it when a run asks for this kernel, so no other run loads SystemC.
 */
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <cstdlib>
#include <string>
#include <systemc>

#include "sim_internal.h"

/* sc_main: see sc_main_stub.cpp, built into this module. */

namespace {

bool g_used = false; /* SystemC was elaborated by an earlier sim_t */
sim_core_fns g_core; /* the core's call-backs, given when the module is loaded */

struct shim {
  sim_t *sim;
  sc_core::sc_event *settle_ev;
};

sc_core::sc_time ps(sim_time_t t) { return sc_core::sc_time::from_value((sc_dt::uint64)t); }

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
  shim *sh = new shim;
  sh->sim = s;
  sh->settle_ev = new sc_core::sc_event("xposim_settle");
  s->backend = sh;
  sc_core::sc_spawn_options o;
  o.spawn_method();
  o.dont_initialize();
  o.set_sensitivity(sh->settle_ev);
  sc_core::sc_spawn([sh]() { settle(sh); }, "xposim_settle_method", &o);
  return 0;
}

static void sc_free_(sim_t *s) {
  shim *sh = static_cast<shim *>(s->backend);
  /* SystemC keeps the spawned methods until exit; no simulation can run in
   * this process after this, so the events go now. */
  for (size_t i = 0; i < s->nprocs; i++) {
    auto *ev = static_cast<sc_core::sc_event *>(s->procs[i]->backend);
    delete ev; /* ~sc_event detaches it from its method's sensitivity */
    s->procs[i]->backend = nullptr;
  }
  delete sh->settle_ev;
  s->backend = nullptr;
  delete sh;
}

static void sc_proc_added(sim_t *s, sim_proc_t *p) {
  shim *sh = static_cast<shim *>(s->backend);
  std::string n = "p" + std::to_string(p->index);
  auto *ev = new sc_core::sc_event((n + "_ev").c_str());
  p->backend = ev;
  sc_core::sc_spawn_options o;
  o.spawn_method();
  o.dont_initialize();
  o.set_sensitivity(ev);
  sc_core::sc_spawn(
      [sh, p]() {
        sim_t *sim = sh->sim;
        sim->now = (sim_time_t)sc_core::sc_time_stamp().value();
        if (!p->armed || p->when != sim->now) return; /* stale notification */
        g_core.due(sim, p);
        sh->settle_ev->notify(sc_core::SC_ZERO_TIME);
      },
      n.c_str(), &o);
}

static void sc_arm(sim_t *s, sim_proc_t *p) {
  auto *ev = static_cast<sc_core::sc_event *>(p->backend);
  ev->cancel();
  ev->notify(ps(p->when - s->now));
}

static void sc_disarm(sim_t *s, sim_proc_t *p) {
  (void)s;
  static_cast<sc_core::sc_event *>(p->backend)->cancel();
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
