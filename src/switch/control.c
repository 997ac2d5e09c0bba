/*
 * control.c: the feed and the switch firmware of the model graph.
 *
 * Feed: the PSUs carry the bus; after one fails its share is held for the
 * hold-up time, then the others must carry the load. A load beyond what the
 * working PSUs deliver collapses the bus: every module browns out (input
 * below min_voltage) and restarts, training its lanes, once the bus is back
 * restart_hysteresis above min_voltage, after restart_delay.
 *
 * Firmware: a management process reads each module's sensors over I2C/I3C,
 * one module after another, so a reading reaches the firmware as old as the
 * bus makes it; on arrival the throttle sheds one port of a module at or
 * above the limit, or restores one below limit - hysteresis. Every control
 * period the power cap sheds ports (highest power first) while the demand
 * exceeds the working PSUs' budget, and the pump PID sets the loop's pump
 * speed from its return temperature. Every action is a line of events.log.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"

int graph__ports_shed(const slot_rt *sl) {
  int n = sl->shed_thermal + sl->shed_cap;
  return n < sl->mt->ports.nports ? n : sl->mt->ports.nports;
}

void graph__fault_seen(graph_t *g, sim_time_t now) { g->last_fault = now; }

/* A module powers up (inserted, or back from a brownout): its soft start
 * draws the inrush current for the inrush time, burnt in the module. */
void graph__inrush(graph_t *g, slot_rt *sl, sim_time_t now) {
  const module_power_cfg_t *mc = &sl->mt->power;
  if (!(mc->inrush_a > 0 && mc->inrush_s > 0)) return;
  sl->inrush_until = now + sim_from_s(mc->inrush_s);
  trace_log(g->out.log, now, "inrush", "slot[%zu] %.3g A for %.3g ms", sl->index, mc->inrush_a, mc->inrush_s * 1e3);
}

static void admin_changed(graph_t *g) { sim_write(g->sig_admin, sim_read(g->sig_admin) + 1); }

/* Bring a module's lanes down (brownout) or up into training (power back). */
static void module_power_state(slot_rt *sl, sim_time_t now, int powered) {
  sl->unpowered = !powered;
  for (int l = 0; l < sl->mt->lanes; l++)
    if (!sl->lanes[l].dead) graph__lane_set(&sl->lanes[l], now, powered);
}

/* The electrical state for the present device powers; books dt_s of it. */
void graph__feed_update(graph_t *g, sim_time_t now_unused, double dt_s) {
  (void)now_unused;
  const topo_t *t = g->t;
  feed_rt *f = &g->feed;
  sim_time_t now = sim_now(g->sim);
  if (f->holdup_end && now >= f->holdup_end) f->holdup_end = 0;
  int n = f->n_alive + (f->holdup_end ? f->holdup_psus : 0);
  double p_mod = 0, asic_core = 0, comp = 0, dcdc = 0;
  for (size_t s = 0; s < g->ns; s++) {
    slot_rt *sl = &g->slots[s];
    p_mod += sl->h.power_w;
    for (int c = 0; c < sl->mt->power.n; c++) comp += sl->comp_w[c];
    dcdc += sl->dcdc_w;
  }
  for (size_t a = 0; a < g->na; a++) asic_core += g->asics[a].power_w;
  double asic_in = asic_core / t->asic_vr_efficiency;
  /* Cable drop per module at the bus voltage, then the bus through the busbar. */
  double v_bus = t->feed_v, cable = 0;
  for (int pass = 0; pass < 2; pass++) {
    cable = 0;
    for (size_t s = 0; s < g->ns; s++) {
      slot_rt *sl = &g->slots[s];
      double v = bus_voltage(v_bus, t->cable_ohm, sl->h.power_w);
      sl->input_v = isfinite(v) ? v : 0;
      if (sl->input_v > 0) cable += sl->h.power_w * t->cable_ohm / sl->input_v * sl->h.power_w / sl->input_v;
    }
    double load = p_mod + cable + asic_in;
    double v = bus_voltage(t->feed_v, t->busbar_ohm, load);
    v_bus = isfinite(v) ? v : 0;
  }
  double load = p_mod + cable + asic_in;
  f->bus_v = v_bus;
  f->bus_i = v_bus > 0 ? load / v_bus : 0;
  f->busbar_w = f->bus_i * f->bus_i * t->busbar_ohm;
  f->cable_w = cable;
  f->vr_w = asic_in - asic_core;
  f->out_w = load + f->busbar_w;
  f->budget_w = n * t->psu.capacity_w;
  f->psu_in_w = psu_input_w(&t->psu, n, f->out_w);
  f->psu_loss_w = f->psu_in_w - f->out_w;
  if (dt_s > 0) {
    f->e_feed += f->psu_in_w * dt_s;
    f->e_psu += f->psu_loss_w * dt_s;
    f->e_busbar += f->busbar_w * dt_s;
    f->e_cable += cable * dt_s;
    f->e_vr += f->vr_w * dt_s;
    f->e_dcdc += dcdc * dt_s;
    f->e_comp += comp * dt_s;
    f->e_asic_core += asic_core * dt_s;
  }
}

/* After each thermal step: brownouts and restarts. */
void graph__feed_check(graph_t *g, sim_time_t now) {
  feed_rt *f = &g->feed;
  const topo_t *t = g->t;
  int overload = f->out_w > f->budget_w * (1 + 1e-9);
  for (size_t s = 0; s < g->ns; s++) {
    slot_rt *sl = &g->slots[s];
    if (sl->pulled) continue;
    if (!sl->unpowered && (overload || sl->input_v < t->feed_min_v)) {
      f->brownouts++;
      sl->restart_at = now + (t->feed_min_v >= 0 ? sim_from_s(t->restart_delay_s) : 0);
      trace_log(g->out.log, now, "brownout", "slot[%zu] input %.2f V%s: the module shuts down", s,
                overload ? 0.0 : sl->input_v, overload ? " (the PSUs cannot carry the load)" : "");
      module_power_state(sl, now, 0);
      sim_write(g->sig_lanes, sim_read(g->sig_lanes) + 1);
    } else if (sl->unpowered && !overload && now >= sl->restart_at &&
               f->bus_v >= t->feed_min_v + t->restart_hysteresis_v) {
      trace_log(g->out.log, now, "power-up", "slot[%zu] input back at %.2f V: lanes train", s, f->bus_v);
      module_power_state(sl, now, 1);
      graph__inrush(g, sl, now);
      sim_write(g->sig_lanes, sim_read(g->sig_lanes) + 1);
    }
  }
}

/* ---- the management bus and the throttle ---- */

/* Port p changes rate: its lanes train again (at the new rate). */
static void port_retrain(slot_rt *sl, int p, sim_time_t now) {
  int n = sl->mt->ports.lanes_per_port;
  for (int l = p * n; l < (p + 1) * n; l++) {
    lane_rt *ln = &sl->lanes[l];
    if (!ln->dead && !sl->pulled && !sl->unpowered) graph__lane_set(ln, now, 1);
  }
}

static void throttle_decide(graph_t *g, slot_rt *sl, sim_time_t now, sim_time_t read_at) {
  const topo_t *t = g->t;
  double tj = sl->reported_tj;
  int np = sl->mt->ports.nports;
  /* half-rate: first every port to half rate, one a step from the last, then
   * shedding as below; released in the opposite order. */
  if (t->throttle_half_rate && tj >= t->throttle_c && sl->slow_thermal < np) {
    sl->slow_thermal++;
    g->throttle_actions++;
    if (!g->first_throttle) g->first_throttle = now;
    trace_log(g->out.log, now, "throttle",
              "slot[%zu] runs port %d at half rate (%d at half rate): junction %.2f C read at %.6f s, limit %.1f C",
              sl->index, np - sl->slow_thermal, sl->slow_thermal, tj, sim_to_s(read_at), t->throttle_c);
    port_retrain(sl, np - sl->slow_thermal, now);
    admin_changed(g);
    return;
  }
  if (t->throttle_half_rate && sl->shed_thermal == 0 && sl->slow_thermal > 0 &&
      tj <= t->throttle_c - t->throttle_hysteresis_k) {
    int p = np - sl->slow_thermal;
    sl->slow_thermal--;
    g->throttle_actions++;
    trace_log(g->out.log, now, "unthrottle",
              "slot[%zu] runs port %d at full rate again (%d at half rate): junction %.2f C, release below %.1f C",
              sl->index, p, sl->slow_thermal, tj, t->throttle_c - t->throttle_hysteresis_k);
    port_retrain(sl, p, now);
    admin_changed(g);
    return;
  }
  if (tj >= t->throttle_c && graph__ports_shed(sl) < np) {
    sl->shed_thermal++;
    g->throttle_actions++;
    if (!g->first_throttle) g->first_throttle = now;
    trace_log(g->out.log, now, "throttle",
              "slot[%zu] sheds a port (%d shed): junction %.2f C read at %.6f s, limit %.1f C", sl->index,
              graph__ports_shed(sl), tj, sim_to_s(read_at), t->throttle_c);
    admin_changed(g);
  } else if (sl->shed_thermal > 0 && tj <= t->throttle_c - t->throttle_hysteresis_k) {
    sl->shed_thermal--;
    g->throttle_actions++;
    trace_log(g->out.log, now, "unthrottle",
              "slot[%zu] restores a port (%d shed): junction %.2f C, release below %.1f C", sl->index,
              graph__ports_shed(sl), tj, t->throttle_c - t->throttle_hysteresis_k);
    admin_changed(g);
  }
}

/* One poll cycle reads the modules of a channel in turn; all channels run
 * in parallel, so module k of every channel is read at the same moments. A
 * reading taken when its transaction starts reaches the firmware one module
 * read later. */
void graph__on_mgmt(sim_t *sim, void *ctx) {
  graph_t *g = ctx;
  const topo_t *t = g->t;
  sim_time_t now = sim_now(sim);
  size_t per = (size_t)t->mgmt_per_channel;
  sim_time_t read_ps = sim_from_s(g->mgmt_read_s);
  if (read_ps == 0) read_ps = 1;
  /* Deliver position mgmt_pos of every channel (read during the last read_ps). */
  if (g->mgmt_pos > 0) {
    for (size_t s = g->mgmt_pos - 1; s < g->ns; s += per) {
      slot_rt *sl = &g->slots[s];
      if (sl->pulled || sl->unpowered) continue;
      throttle_decide(g, sl, now, now - read_ps);
    }
  }
  if (g->mgmt_pos < per && g->mgmt_pos < g->ns) { /* start reading the next position */
    for (size_t s = g->mgmt_pos; s < g->ns; s += per) g->slots[s].reported_tj = graph__tj_max(&g->slots[s].h);
    g->mgmt_pos++;
    sim_wake_at(g->p_mgmt, now + read_ps);
    return;
  }
  /* The cycle is over: the next starts a poll period after this one began. */
  g->mgmt_pos = 0;
  sim_time_t cycle = read_ps * per;
  sim_time_t next = g->mgmt_next + (t->mgmt_poll > cycle ? t->mgmt_poll : cycle);
  if (next <= now) next = now + 1;
  g->mgmt_next = next;
  if (next <= t->duration) sim_wake_at(g->p_mgmt, next);
}

/* ---- power cap, pump control, brownouts: every control period ---- */

void graph__on_control(sim_t *sim, void *ctx) {
  graph_t *g = ctx;
  const topo_t *t = g->t;
  sim_time_t now = sim_now(sim);
  feed_rt *f = &g->feed;
  graph__feed_update(g, now, 0);
  graph__feed_check(g, now);
  if (t->power_cap) {
    double budget = f->n_alive * t->psu.capacity_w * (1 - t->cap_margin);
    double excess = f->out_w - budget;
    if (excess > 0) { /* shed ports in rounds, one per module per round, hungriest first */
      uint8_t *took = calloc(g->ns ? g->ns : 1, 1);
      if (!took) abort();
      int any = 1;
      while (excess > 0 && any) {
        any = 0;
        memset(took, 0, g->ns ? g->ns : 1);
        for (;;) {
          slot_rt *best = NULL;
          for (size_t s = 0; s < g->ns; s++) {
            slot_rt *sl = &g->slots[s];
            if (took[s] || sl->pulled || sl->unpowered || graph__ports_shed(sl) >= sl->mt->ports.nports - 1) continue;
            if (!best || sl->h.power_w > best->h.power_w) best = sl;
          }
          if (!best || excess <= 0) break;
          took[best->index] = 1;
          any = 1;
          /* A port's share of what varies with traffic and lanes; the static part stays. */
          double per_port = best->h.power_w / (best->mt->ports.nports - graph__ports_shed(best));
          best->shed_cap++;
          g->cap_actions++;
          excess -= per_port * 0.5;
          trace_log(g->out.log, now, "power-cap",
                    "slot[%zu] sheds a port (%d shed): demand %.0f W over a budget of %.0f W", best->index,
                    graph__ports_shed(best), f->out_w, budget);
        }
      }
      free(took);
      admin_changed(g);
    } else if (f->out_w < budget * (1 - t->cap_margin)) {
      for (size_t s = 0; s < g->ns; s++)
        if (g->slots[s].shed_cap > 0) {
          g->slots[s].shed_cap--;
          g->cap_actions++;
          trace_log(g->out.log, now, "power-uncap", "slot[%zu] restores a port (%d shed): demand %.0f W, budget %.0f W",
                    s, graph__ports_shed(&g->slots[s]), f->out_w, budget);
          admin_changed(g);
          break; /* one per period */
        }
    }
  }
  if (t->pid_loop >= 0) {
    loop_rt *lp = &g->loops[t->pid_loop];
    double err = lp->return_c - t->pid_setpoint_c;
    double speed = pid_step(&g->pid, err, sim_to_s(t->control_period));
    if (fabs(speed - g->pump_speed) > 1e-6) {
      g->pump_speed = speed;
      for (int p = 0; p < lp->cfg->npumps; p++) lp->net.links[lp->pump_link[p]].speed = speed;
      graph__hydraulics(g);
      if (fabs(speed - g->pump_speed_logged) >= 0.01) {
        trace_log(g->out.log, now, "pump-speed", "loop %s: %.3f (return %.3f C, set point %.3f C)", lp->cfg->name,
                  speed, lp->return_c, t->pid_setpoint_c);
        g->pump_speed_logged = speed;
      }
    }
  }
  if (now < t->duration) sim_wake_at(g->p_control, now + t->control_period);
}

void graph__control_init(graph_t *g) {
  const topo_t *t = g->t;
  feed_rt *f = &g->feed;
  for (int i = 0; i < t->psu.count && i < TOPO_MAX_PSUS; i++) f->psu_alive[i] = 1;
  f->n_alive = t->psu.count;
  f->v_min = t->feed_v;
  g->mgmt_read_s = t->mgmt_sensors * mgmt_read_s(t->mgmt_bus, t->mgmt_bytes);
  g->pump_speed = g->pump_speed_logged = 1;
  if (t->pid_loop >= 0) {
    g->pid = (pid_t_){t->pid_kp, t->pid_ki, t->pid_kd, t->pid_min, t->pid_max, 0, 0, 0};
    g->pid.integral = t->pid_ki > 0 ? 1.0 / t->pid_ki : 0; /* start at rated speed */
  }
}
