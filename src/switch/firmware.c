/*
 * firmware.c: the switch firmware in time. A management process reads each
 * module's sensors over I2C/I3C, one module after another, so a reading
 * reaches the firmware as old as the bus makes it; on arrival the throttle
 * sheds one port of a module at or above the limit, or restores one below
 * limit - hysteresis, and past control.shutdown.module powers the module
 * down until the host restarts it. Every control period the power cap sheds
 * the ports whose estimated savings cover the excess over the working PSUs'
 * budget, each ASIC throttles or powers down on its own junction, and the
 * pump PID sets the loop's pump speed from its return temperature.
 * Every action is a line of events.log. The arithmetic (bus timing, PID) is
 * in models/power.c.
 */
#include "switch/firmware.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "laser.h"
#include "power.h"

typedef struct fw_slot {
  const topo_module_type_t *mt;
  int shed_thermal, shed_cap;    /* ports shed by the throttle and by the power cap */
  int slow_thermal;              /* ports the throttle runs at half rate (the last ones) */
  int lowp_thermal;              /* the throttle asks for low-power mode */
  double reported_tj;            /* the last reading that reached the firmware */
  int off;                       /* shut down past control.shutdown.module: powered off until the host restarts it */
  double reported_v, reported_w; /* input voltage and power, read with the temperature */
  double reported_bias_ma;       /* its lasers' bias, read with the temperature; 0 while they are off */
  unsigned flags;                /* FW_FLAG_*: what its warnings and alarms say now */
  /* while each reading stays strictly between these, no flag can change
   * (worked out for the flags as they were: band_flags) */
  double band_lo[4], band_hi[4];
  unsigned band_flags;
  int band_ok;
} fw_slot_t;

/* The flags of slots.csv slotN_cmis_flags (docs/outputs.md). */
enum {
  FW_FLAG_TEMP_WARN = 1,
  FW_FLAG_TEMP_ALARM = 2,
  FW_FLAG_VCC_WARN = 4,
  FW_FLAG_VCC_ALARM = 8,
  FW_FLAG_POWER_WARN = 16,
  FW_FLAG_POWER_ALARM = 32,
  FW_FLAG_LOW_POWER = 64,
  FW_FLAG_SHUT_DOWN = 128,
  FW_FLAG_TEMP_LOW_WARN = 256,
  FW_FLAG_TEMP_LOW_ALARM = 512,
  FW_FLAG_VCC_HIGH_WARN = 1024,
  FW_FLAG_VCC_HIGH_ALARM = 2048,
  FW_FLAG_BIAS_WARN = 4096,
  FW_FLAG_BIAS_ALARM = 8192
};
#define FW_FLAG_ALARMS                                                                                              \
  (FW_FLAG_TEMP_ALARM | FW_FLAG_VCC_ALARM | FW_FLAG_POWER_ALARM | FW_FLAG_TEMP_LOW_ALARM | FW_FLAG_VCC_HIGH_ALARM | \
   FW_FLAG_BIAS_ALARM)

/* One CMIS flag: which reading it watches (0 temperature, 1 voltage, 2
 * power, 3 laser bias), high or low, its threshold and hysteresis. */
typedef struct fw_flag {
  unsigned bit;
  int high, reading;
  double thr, hyst;
  const char *what, *unit;
} fw_flag_t;
#define FW_NFLAGS 12

struct firmware {
  switch_env_t *env;
  fw_flag_t flags[FW_NFLAGS]; /* control.alarms as a table */
  firmware_wiring_t w;
  fw_slot_t *slots;
  sim_proc_t *p_control, *p_mgmt;
  pid_t_ pid;
  double pump_speed, pump_speed_logged;
  sim_time_t last_fault, first_throttle;
  sim_time_t cap_acted; /* the last time the cap shed: its savings reach the demand a thermal step later */
  int throttle_actions, cap_actions;
  double mgmt_read_s;    /* one module's sensors, once */
  sim_time_t mgmt_next;  /* next poll cycle start */
  size_t mgmt_pos;       /* next module to read in this cycle */
  uint8_t *took;         /* scratch: modules that shed in this round */
  double *asic_frac;     /* each ASIC's capacity as a fraction of its own: its throttle */
  uint8_t *asic_off;     /* each ASIC shut down */
  sim_time_t *asic_next; /* each ASIC's next throttle step, no sooner */
  int module_shutdowns, asic_shutdowns, asic_throttle_actions;
};

static void flags_table(const topo_t *t, fw_flag_t *f);

firmware_t *firmware_new(switch_env_t *env, const firmware_wiring_t *w) {
  const topo_t *t = env->t;
  firmware_t *W = calloc(1, sizeof *W);
  if (!W) abort();
  W->env = env;
  W->w = *w;
  W->slots = calloc(env->ns + 1, sizeof *W->slots);
  W->took = calloc(env->ns + 1, 1);
  W->asic_frac = calloc(env->na + 1, sizeof *W->asic_frac);
  W->asic_off = calloc(env->na + 1, 1);
  W->asic_next = calloc(env->na + 1, sizeof *W->asic_next);
  if (!W->slots || !W->took || !W->asic_frac || !W->asic_off || !W->asic_next) abort();
  for (size_t a = 0; a < env->na; a++) W->asic_frac[a] = 1;
  for (size_t s = 0; s < env->ns; s++) W->slots[s].mt = &t->types[t->slots[s].type];
  W->mgmt_read_s = t->mgmt_sensors * mgmt_read_s(t->mgmt_bus, t->mgmt_bytes);
  W->pump_speed = W->pump_speed_logged = 1;
  flags_table(t, W->flags);
  if (t->pid_loop >= 0) {
    W->pid = (pid_t_){t->pid_kp, t->pid_ki, t->pid_kd, t->pid_min, t->pid_max, 0, 0, 0};
    W->pid.integral = t->pid_ki > 0 ? 1.0 / t->pid_ki : 0; /* start at rated speed */
  }
  return W;
}

void firmware_free(firmware_t *W) {
  if (!W) return;
  free(W->slots);
  free(W->took);
  free(W->asic_frac);
  free(W->asic_off);
  free(W->asic_next);
  free(W);
}

void firmware_fault_seen(firmware_t *W, sim_time_t now) { W->last_fault = now; }

void firmware_wake(firmware_t *W, sim_time_t now) {
  if (W->p_control) sim_wake_at(W->p_control, now);
}

static int ports_shed(const fw_slot_t *sl) {
  int n = sl->shed_thermal + sl->shed_cap;
  return n < sl->mt->ports.nports ? n : sl->mt->ports.nports;
}

static int module_up(const firmware_t *W, size_t s) {
  return feed_module_present(W->w.feed, s) && feed_module_powered(W->w.feed, s);
}

/* The fabric learns module s's shedding now; it recomputes when the signal
 * wakes it. */
static void tell_fabric(firmware_t *W, size_t s) {
  fw_slot_t *sl = &W->slots[s];
  fabric_set_admin(W->w.fabric, s, sl->shed_thermal + sl->shed_cap, sl->slow_thermal);
}

static void admin_changed(firmware_t *W, size_t s) {
  tell_fabric(W, s);
  signal_bump(W->w.sig_admin);
}

/* Port p changes rate (half: 1 to half rate): its lanes train again at the
 * new rate. */
static void port_retrain(firmware_t *W, size_t s, int p, int half, sim_time_t now) {
  int n = W->slots[s].mt->ports.lanes_per_port;
  lanes_set_half_rate(W->w.lanes, s, p, half, now);
  for (int l = p * n; l < (p + 1) * n; l++)
    if (!lanes_dead(W->w.lanes, s, l) && module_up(W, s)) lanes_set(W->w.lanes, s, l, now, 1);
}

static void apply_low_power(firmware_t *W, size_t s, sim_time_t now);

/* Whether a throttle step has gone as far as it goes for module s. */
static int step_complete(const fw_slot_t *sl, int step) {
  int np = sl->mt->ports.nports;
  if (step == THROTTLE_HALF_RATE) return sl->slow_thermal >= np;
  if (step == THROTTLE_SHED_PORT) return ports_shed(sl) >= np;
  return sl->lowp_thermal;
}

static int step_engaged(const fw_slot_t *sl, int step) {
  if (step == THROTTLE_HALF_RATE) return sl->slow_thermal > 0;
  if (step == THROTTLE_SHED_PORT) return sl->shed_thermal > 0;
  return sl->lowp_thermal;
}

/* One throttle step further (up) or back for module s, logged. */
static void step_take(firmware_t *W, size_t s, int step, int up, sim_time_t now, sim_time_t read_at) {
  const topo_t *t = W->env->t;
  fw_slot_t *sl = &W->slots[s];
  int np = sl->mt->ports.nports;
  double tj = sl->reported_tj, release = t->throttle_c - t->throttle_hysteresis_k;
  plates_catch_up(W->w.plates, now); /* the thermal state up to now, before the change */
  W->throttle_actions++;
  if (up && !W->first_throttle) W->first_throttle = now;
  if (step == THROTTLE_HALF_RATE) {
    int p = up ? np - sl->slow_thermal - 1 : np - sl->slow_thermal;
    sl->slow_thermal += up ? 1 : -1;
    if (up)
      trace_log(W->env->log, now, "throttle",
                "slot[%zu] runs port %d at half rate (%d at half rate): junction %.2f C read at %.6f s, limit %.1f C",
                s, p, sl->slow_thermal, tj, sim_to_s(read_at), t->throttle_c);
    else
      trace_log(W->env->log, now, "unthrottle",
                "slot[%zu] runs port %d at full rate again (%d at half rate): junction %.2f C, release below %.1f C", s,
                p, sl->slow_thermal, tj, release);
    port_retrain(W, s, p, up, now);
  } else if (step == THROTTLE_SHED_PORT) {
    sl->shed_thermal += up ? 1 : -1;
    if (up)
      trace_log(W->env->log, now, "throttle",
                "slot[%zu] sheds a port (%d shed): junction %.2f C read at %.6f s, limit %.1f C", s, ports_shed(sl), tj,
                sim_to_s(read_at), t->throttle_c);
    else
      trace_log(W->env->log, now, "unthrottle",
                "slot[%zu] restores a port (%d shed): junction %.2f C, release below %.1f C", s, ports_shed(sl), tj,
                release);
  } else {
    sl->lowp_thermal = up;
    trace_log(W->env->log, now, up ? "throttle" : "unthrottle", "slot[%zu] %s: junction %.2f C %s %.1f C", s,
              up ? "asks for low-power mode" : "leaves low-power mode", tj,
              up ? "read past its limit" : "release below", up ? t->throttle_c : release);
    apply_low_power(W, s, now);
    return;
  }
  admin_changed(W, s);
}

/* control.throttle.action, per reading: at or past the limit, the first
 * step in its order that is not complete goes one further; at or below
 * limit - hysteresis, the last step engaged goes one back. */
static void throttle_decide(firmware_t *W, size_t s, sim_time_t now, sim_time_t read_at) {
  const topo_t *t = W->env->t;
  fw_slot_t *sl = &W->slots[s];
  double tj = sl->reported_tj;
  if (tj >= t->throttle_c) {
    for (int i = 0; i < t->throttle_nsteps; i++)
      if (!step_complete(sl, t->throttle_steps[i])) {
        step_take(W, s, t->throttle_steps[i], 1, now, read_at);
        return;
      }
  } else if (tj <= t->throttle_c - t->throttle_hysteresis_k) {
    for (int i = t->throttle_nsteps; i-- > 0;)
      if (step_engaged(sl, t->throttle_steps[i])) {
        step_take(W, s, t->throttle_steps[i], 0, now, read_at);
        return;
      }
  }
}

/* One flag of a reading, with hysteresis: a high flag sets at or above
 * its threshold and clears at or below threshold - hysteresis (a low flag
 * the other way round). Logged when it changes. */
static void flag(firmware_t *W, size_t s, sim_time_t now, unsigned bit, int high, double v, double thr, double hyst,
                 const char *what, const char *unit) {
  fw_slot_t *sl = &W->slots[s];
  int set = sl->flags & bit;
  int now_set = high ? (set ? v > thr - hyst : v >= thr) : (set ? v < thr + hyst : v <= thr);
  if (now_set == !!set) return;
  sl->flags ^= bit;
  trace_log(W->env->log, now, bit & FW_FLAG_ALARMS ? "alarm" : "warning",
            "slot[%zu] %s %s: %.2f %s (threshold %.2f %s)", s, what, now_set ? "set" : "cleared", v, unit, thr, unit);
}

/* The flags' table, from control.alarms: once, not per reading. */
static void flags_table(const topo_t *t, fw_flag_t *f) {
  const fw_flag_t all[FW_NFLAGS] = {
      {FW_FLAG_TEMP_WARN, 1, 0, t->alarm_temp_warn_c, t->alarm_temp_hyst_k, "temperature high warning", "C"},
      {FW_FLAG_TEMP_ALARM, 1, 0, t->alarm_temp_alarm_c, t->alarm_temp_hyst_k, "temperature high alarm", "C"},
      {FW_FLAG_VCC_WARN, 0, 1, t->alarm_vcc_warn_v, t->alarm_vcc_hyst_v, "supply voltage low warning", "V"},
      {FW_FLAG_VCC_ALARM, 0, 1, t->alarm_vcc_alarm_v, t->alarm_vcc_hyst_v, "supply voltage low alarm", "V"},
      {FW_FLAG_POWER_WARN, 1, 2, t->alarm_power_warn_w, t->alarm_power_hyst_w, "power high warning", "W"},
      {FW_FLAG_POWER_ALARM, 1, 2, t->alarm_power_alarm_w, t->alarm_power_hyst_w, "power high alarm", "W"},
      {FW_FLAG_TEMP_LOW_WARN, 0, 0, t->alarm_temp_low_warn_c, t->alarm_temp_hyst_k, "temperature low warning", "C"},
      {FW_FLAG_TEMP_LOW_ALARM, 0, 0, t->alarm_temp_low_alarm_c, t->alarm_temp_hyst_k, "temperature low alarm", "C"},
      {FW_FLAG_VCC_HIGH_WARN, 1, 1, t->alarm_vcc_high_warn_v, t->alarm_vcc_hyst_v, "supply voltage high warning", "V"},
      {FW_FLAG_VCC_HIGH_ALARM, 1, 1, t->alarm_vcc_high_alarm_v, t->alarm_vcc_hyst_v, "supply voltage high alarm", "V"},
      {FW_FLAG_BIAS_WARN, 1, 3, 1e3 * t->alarm_bias_warn_a, 1e3 * t->alarm_bias_hyst_a, "laser bias high warning",
       "mA"},
      {FW_FLAG_BIAS_ALARM, 1, 3, 1e3 * t->alarm_bias_alarm_a, 1e3 * t->alarm_bias_hyst_a, "laser bias high alarm",
       "mA"},
  };
  memcpy(f, all, sizeof all);
}

/* The module's CMIS-style flags from its reading; with control.alarms.
 * low_power true, the host holds it in low-power mode while its temperature
 * alarm is set. */
static void module_flags(firmware_t *W, size_t s, sim_time_t now) {
  fw_slot_t *sl = &W->slots[s];
  const double reading[4] = {sl->reported_tj, sl->reported_v, sl->reported_w, sl->reported_bias_ma};
  int quiet = sl->band_ok && sl->band_flags == sl->flags; /* a reading every poll: mostly inside its band */
  for (int r = 0; quiet && r < 4; r++) quiet = reading[r] > sl->band_lo[r] && reading[r] < sl->band_hi[r];
  if (!quiet) {
    for (int i = 0; i < FW_NFLAGS; i++) {
      const fw_flag_t *f = &W->flags[i];
      flag(W, s, now, f->bit, f->high, reading[f->reading], f->thr, f->hyst, f->what, f->unit);
    }
    /* each flag's next edge: a set high flag clears at or below thr - hyst,
     * an unset one sets at or above thr; a low flag the other way round */
    for (int r = 0; r < 4; r++) {
      sl->band_lo[r] = -INFINITY;
      sl->band_hi[r] = INFINITY;
    }
    for (int i = 0; i < FW_NFLAGS; i++) {
      const fw_flag_t *f = &W->flags[i];
      int set = (sl->flags & f->bit) != 0;
      double *lo = &sl->band_lo[f->reading], *hi = &sl->band_hi[f->reading];
      if (f->high)
        set ? (*lo = fmax(*lo, f->thr - f->hyst)) : (*hi = fmin(*hi, f->thr));
      else
        set ? (*hi = fmin(*hi, f->thr + f->hyst)) : (*lo = fmax(*lo, f->thr));
    }
    sl->band_flags = sl->flags;
    sl->band_ok = 1;
  }
  apply_low_power(W, s, now);
}

/* Low-power mode while the host's policy (control.alarms.low_power: the
 * temperature alarm) or the throttle asks for it. */
static void apply_low_power(firmware_t *W, size_t s, sim_time_t now) {
  const topo_t *t = W->env->t;
  fw_slot_t *sl = &W->slots[s];
  int want_low = (t->low_power_on_alarm && (sl->flags & FW_FLAG_TEMP_ALARM)) || sl->lowp_thermal;
  if (want_low == !!(sl->flags & FW_FLAG_LOW_POWER)) return;
  plates_catch_up(W->w.plates, now);
  sl->flags ^= FW_FLAG_LOW_POWER;
  trace_log(W->env->log, now, "low-power", "slot[%zu] %s low-power mode: junction %.2f C", s,
            want_low ? "enters" : "leaves", sl->reported_tj);
  feed_module_low_power(W->w.feed, s, now, want_low);
}

/* Past control.shutdown.module the module powers down (its lanes go down,
 * it draws nothing) until the host restarts it: at once when its reading
 * falls below control.shutdown.restart_below, or on a module-reset event.
 * 1 if it is (now) off: no throttle decision. */
static int module_protect(firmware_t *W, size_t s, sim_time_t now) {
  const topo_t *t = W->env->t;
  fw_slot_t *sl = &W->slots[s];
  double tj = sl->reported_tj;
  if ((sl->off && (!feed_module_present(W->w.feed, s) || tj < t->restart_below_c)) ||
      (!sl->off && tj >= t->shutdown_module_c))
    plates_catch_up(W->w.plates, now);
  if (sl->off && !feed_module_present(W->w.feed, s)) { /* pulled: the module inserted next starts afresh */
    sl->off = 0;
    sl->flags = 0;
    sl->lowp_thermal = 0;
    feed_module_hold(W->w.feed, s, now, 0);
    return 1;
  }
  if (!sl->off && tj >= t->shutdown_module_c) {
    sl->off = 1;
    sl->flags |= FW_FLAG_SHUT_DOWN;
    W->module_shutdowns++;
    trace_log(W->env->log, now, "shutdown", "slot[%zu] powers down: junction %.2f C, at or past %.1f C", s, tj,
              t->shutdown_module_c);
    feed_module_hold(W->w.feed, s, now, 1);
  } else if (sl->off && tj < t->restart_below_c) {
    sl->off = 0;
    sl->lowp_thermal = 0;
    sl->flags &= ~(unsigned)(FW_FLAG_SHUT_DOWN | FW_FLAG_LOW_POWER);
    trace_log(W->env->log, now, "restart", "slot[%zu]: the host restarts it, junction %.2f C below %.1f C", s, tj,
              t->restart_below_c);
    feed_module_hold(W->w.feed, s, now, 0);
    firmware_wake(W, now);
  }
  return sl->off;
}

void firmware_on_reset(void *part, const scn_event_t *e, sim_time_t now) {
  firmware_t *W = part;
  fw_slot_t *sl = &W->slots[e->slot];
  trace_log(W->env->log, now, "module-reset", "slot[%d]: the host restarts it%s", e->slot,
            sl->off ? "" : " (it was not shut down)");
  if (!sl->off) return;
  sl->off = 0;
  sl->lowp_thermal = 0;
  sl->flags &= ~(unsigned)(FW_FLAG_SHUT_DOWN | FW_FLAG_LOW_POWER);
  feed_module_hold(W->w.feed, (size_t)e->slot, now, 0);
  firmware_wake(W, now);
}

/* Module s's laser bias as its monitor reads it, mA: at the junction of
 * the heat source the lasers sit at; 0 while they are off (the module
 * down, shut down or in low-power mode). */
static double laser_reading_ma(const firmware_t *W, size_t s) {
  const fw_slot_t *sl = &W->slots[s];
  if (!sl->mt || !module_up(W, s) || sl->off || (sl->flags & FW_FLAG_LOW_POWER)) return 0;
  return 1e3 * laser_bias_a(&sl->mt->laser, plates_source_c(W->w.plates, s, sl->mt->laser_node));
}

/* One poll cycle reads the modules of a channel in turn; all channels run
 * in parallel, so module k of every channel is read at the same moments. A
 * reading taken when its transaction starts reaches the firmware one module
 * read later. */
static void on_mgmt(sim_t *sim, void *ctx) {
  firmware_t *W = ctx;
  const topo_t *t = W->env->t;
  size_t ns = W->env->ns, per = (size_t)t->mgmt_per_channel;
  sim_time_t now = sim_now(sim), read_ps = sim_from_s(W->mgmt_read_s);
  if (read_ps == 0) read_ps = 1;
  if (W->mgmt_pos > 0) /* deliver position mgmt_pos of every channel (read during the last read_ps) */
    for (size_t s = W->mgmt_pos - 1; s < ns; s += per)
      if ((module_up(W, s) || W->slots[s].off) && !module_protect(W, s, now)) {
        module_flags(W, s, now);
        throttle_decide(W, s, now, now - read_ps);
      }
  if (W->mgmt_pos < per && W->mgmt_pos < ns) { /* start reading the next position */
    for (size_t s = W->mgmt_pos; s < ns; s += per) {
      W->slots[s].reported_tj = plates_junction_c(W->w.plates, s);
      W->slots[s].reported_v = feed_module_input_v(W->w.feed, s);
      W->slots[s].reported_w = plates_device_power_w(W->w.plates, s);
      W->slots[s].reported_bias_ma = laser_reading_ma(W, s);
    }
    W->mgmt_pos++;
    sim_wake_at(W->p_mgmt, now + read_ps);
    return;
  }
  /* The cycle is over: the next starts a poll period after this one began. */
  W->mgmt_pos = 0;
  sim_time_t cycle = read_ps * per;
  sim_time_t next = W->mgmt_next + (t->mgmt_poll > cycle ? t->mgmt_poll : cycle);
  if (next <= now) next = now + 1;
  W->mgmt_next = next;
  if (next <= t->duration) sim_wake_at(W->p_mgmt, next);
}

/* ---- power cap, pump control, brownouts: every control period ---- */

/* What shedding one more port of module s saves at the PSUs' output, W:
 * the module's input power without that port's bits (its static part and
 * its lanes stay), and the ASIC's energy for the bits, through its
 * regulator. Estimated from the module's present traffic, spread evenly
 * over its active ports. */
static double port_saving_w(const firmware_t *W, size_t s) {
  const topo_t *t = W->env->t;
  const fw_slot_t *sl = &W->slots[s];
  int active = sl->mt->ports.nports - ports_shed(sl);
  if (active <= 0) return 0;
  /* a shed port's lanes stay up (they carry no traffic): only its bits go */
  double lanes = fabric_active_lanes(W->w.fabric, s), bps = fabric_device_bps(W->w.fabric, s);
  double tj = plates_junction_c(W->w.plates, s), bpp = bps / active;
  double now_w = module_input_w(&sl->mt->power, lanes, bps, tj);
  double less_w = module_input_w(&sl->mt->power, lanes, bps - bpp, tj);
  return now_w - less_w + t->asic_power.energy_per_bit_j * bpp / t->asic_vr_efficiency;
}

/* Shed ports in rounds, one per module per round, hungriest first, each
 * port's estimated saving taken off the excess, until it is covered: the
 * ports shed are in proportion to the excess, all in this control period
 * (the PSUs' hold-up allows no slower), and no more than it needs. */
static void cap_shed(firmware_t *W, sim_time_t now, double excess, double budget) {
  size_t ns = W->env->ns;
  int any = 1;
  plates_catch_up(W->w.plates, now);
  while (excess > 0 && any) {
    any = 0;
    memset(W->took, 0, ns ? ns : 1);
    for (;;) {
      long best = -1;
      for (size_t s = 0; s < ns; s++) {
        fw_slot_t *sl = &W->slots[s];
        if (W->took[s] || !module_up(W, s) || ports_shed(sl) >= sl->mt->ports.nports - 1) continue;
        if (best < 0 || plates_device_power_w(W->w.plates, s) > plates_device_power_w(W->w.plates, (size_t)best))
          best = (long)s;
      }
      if (best < 0 || excess <= 0) break;
      fw_slot_t *sl = &W->slots[best];
      W->took[best] = 1;
      any = 1;
      double saving = port_saving_w(W, (size_t)best);
      sl->shed_cap++;
      W->cap_actions++;
      excess -= saving;
      tell_fabric(W, (size_t)best);
      trace_log(W->env->log, now, "power-cap",
                "slot[%ld] sheds a port (%d shed), saving about %.0f W: demand %.0f W over a budget of %.0f W, %.0f W "
                "left to cover",
                best, ports_shed(sl), saving, feed_out_w(W->w.feed), budget, excess > 0 ? excess : 0);
    }
  }
  signal_bump(W->w.sig_admin);
}

/* What restoring one shed port of module s would add, W: the saving of
 * its active ports' average port (a module with none active: its type's
 * full rate). */
static double port_cost_w(firmware_t *W, size_t s) {
  fw_slot_t *sl = &W->slots[s];
  if (ports_shed(sl) < sl->mt->ports.nports) return port_saving_w(W, s);
  return W->env->t->asic_power.energy_per_bit_j * sl->mt->ports.rate_bps;
}

static void power_cap(firmware_t *W, sim_time_t now) {
  const topo_t *t = W->env->t;
  double out_w = feed_out_w(W->w.feed);
  double budget = feed_psus_alive(W->w.feed) * t->psu.capacity_w * (1 - t->cap_margin);
  double excess = out_w - budget;
  if (excess > 0) {
    /* woken twice at one time point (a PSU event and the period): the
     * demand does not yet show what was shed a moment ago */
    if (W->cap_acted == now && now > 0) return;
    W->cap_acted = now;
    cap_shed(W, now, excess, budget);
  } else if (out_w < budget * (1 - t->cap_margin)) {
    /* restore one port a period, and only one whose cost fits below the release line: no shed-restore cycle */
    for (size_t s = 0; s < W->env->ns; s++)
      if (W->slots[s].shed_cap > 0 && out_w + port_cost_w(W, s) < budget * (1 - t->cap_margin)) {
        plates_catch_up(W->w.plates, now);
        W->slots[s].shed_cap--;
        W->cap_actions++;
        trace_log(W->env->log, now, "power-uncap", "slot[%zu] restores a port (%d shed): demand %.0f W, budget %.0f W",
                  s, ports_shed(&W->slots[s]), out_w, budget);
        admin_changed(W, s);
        break; /* one per period */
      }
  }
}

static void pump_pid(firmware_t *W, sim_time_t now) {
  const topo_t *t = W->env->t;
  size_t l = (size_t)t->pid_loop;
  double ret = loops_return_c(W->w.loops, l);
  double speed = pid_step(&W->pid, ret - t->pid_setpoint_c, sim_to_s(t->control_period));
  if (!(fabs(speed - W->pump_speed) > 1e-6)) return;
  plates_catch_up(W->w.plates, now);
  W->pump_speed = speed;
  loops_set_pump_speed(W->w.loops, l, speed);
  loops_solve(W->w.loops);
  if (fabs(speed - W->pump_speed_logged) >= 0.01) {
    trace_log(W->env->log, now, "pump-speed", "loop %s: %.3f (return %.3f C, set point %.3f C)",
              loops_name(W->w.loops, l), speed, loops_return_c(W->w.loops, l), t->pid_setpoint_c);
    W->pump_speed_logged = speed;
  }
}

/* ASIC a's capacity to the fabric: its throttle's fraction, or none. */
static void asic_capacity(firmware_t *W, size_t a) {
  double cap = W->asic_off[a] ? 0 : W->asic_frac[a] * W->env->t->asic_capacity_bps;
  fabric_set_asic_capacity(W->w.fabric, a, cap);
  plates_set_asic_off(W->w.plates, a, W->asic_off[a]);
  signal_bump(W->w.sig_admin);
}

/* Each ASIC reads its own junction every control period: past
 * asic_throttle it gives up asic_step of its capacity (down to
 * asic_floor), at or below asic_throttle - asic_hysteresis it takes a step
 * back, at most a step per asic_interval so that each is felt before the
 * next (no overshoot); past control.shutdown.asic it powers down at once
 * until its junction falls below restart_below. */
static void asic_protect(firmware_t *W, sim_time_t now) {
  const topo_t *t = W->env->t;
  for (size_t a = 0; a < W->env->na; a++) {
    double tj = plates_junction_c(W->w.plates, W->env->ns + a), f = W->asic_frac[a];
    int may_step = now >= W->asic_next[a];
    if (!W->asic_off[a] && tj >= t->shutdown_asic_c) {
      W->asic_off[a] = 1;
      W->asic_shutdowns++;
      trace_log(W->env->log, now, "asic-shutdown", "asic[%zu] powers down: junction %.2f C, at or past %.1f C", a, tj,
                t->shutdown_asic_c);
    } else if (W->asic_off[a] && tj < t->restart_below_c) {
      W->asic_off[a] = 0;
      trace_log(W->env->log, now, "asic-restart", "asic[%zu]: junction %.2f C below %.1f C", a, tj, t->restart_below_c);
    } else if (may_step && !W->asic_off[a] && tj >= t->asic_throttle_c && f > t->asic_throttle_floor) {
      /* below what it carries: a step above the demand would cool nothing */
      double carried = fabric_device_bps(W->w.fabric, W->env->ns + a) / t->asic_capacity_bps;
      W->asic_frac[a] = fmax(t->asic_throttle_floor, fmin(f, carried) - t->asic_throttle_step);
      W->asic_throttle_actions++;
      trace_log(W->env->log, now, "asic-throttle", "asic[%zu] runs at %.0f %% of its capacity: junction %.2f C", a,
                100 * W->asic_frac[a], tj);
    } else if (may_step && !W->asic_off[a] && f < 1 && tj <= t->asic_throttle_c - t->asic_throttle_hyst_k) {
      W->asic_frac[a] = fmin(1, f + t->asic_throttle_step);
      W->asic_throttle_actions++;
      trace_log(W->env->log, now, "asic-unthrottle", "asic[%zu] runs at %.0f %% of its capacity: junction %.2f C", a,
                100 * W->asic_frac[a], tj);
    } else
      continue;
    W->asic_next[a] = now + t->asic_throttle_interval;
    plates_catch_up(W->w.plates, now);
    asic_capacity(W, a);
  }
}

static void on_control(sim_t *sim, void *ctx) {
  firmware_t *W = ctx;
  const topo_t *t = W->env->t;
  sim_time_t now = sim_now(sim);
  feed_loads_t ld;
  plates_loads(W->w.plates, &ld);
  feed_update(W->w.feed, &ld, 0);
  feed_check(W->w.feed, now);
  if (t->power_cap) power_cap(W, now);
  if (t->pid_loop >= 0) pump_pid(W, now);
  asic_protect(W, now);
  if (now < t->duration) sim_wake_at(W->p_control, now + t->control_period);
}

void firmware_start(firmware_t *W) {
  const topo_t *t = W->env->t;
  W->p_control = sim_process(W->env->sim, "control", PRIO_CONTROL, on_control, W);
  W->p_mgmt = sim_process(W->env->sim, "management", PRIO_CONTROL, on_mgmt, W);
  sim_wake_at(W->p_control, t->control_period);
  sim_wake_at(W->p_mgmt, 0);
}

firmware_counts_t firmware_counts(const firmware_t *W) {
  firmware_counts_t c = {W->throttle_actions, W->cap_actions,    -1,
                         W->module_shutdowns, W->asic_shutdowns, W->asic_throttle_actions};
  if (W->first_throttle && W->first_throttle >= W->last_fault && W->last_fault)
    c.throttle_reaction_s = sim_to_s(W->first_throttle - W->last_fault);
  return c;
}

static double col_flags(const void *p, size_t s) { return ((const firmware_t *)p)->slots[s].flags; }
static double col_bias(const void *p, size_t s) { return ((const firmware_t *)p)->slots[s].reported_bias_ma; }

void firmware_columns(const topo_t *t, columns_t *c, int part) {
  for (size_t s = 0; s < t->nslots; s++) {
    columns_add(c, TRACE_SLOTS, column_order(0, s, 8), "", part, col_flags, s, "slot%zu_cmis_flags", s);
    columns_add(c, TRACE_SLOTS, column_order(0, s, 9), "mA", part, col_bias, s, "slot%zu_laser_bias_ma", s);
  }
}
