/*
 * graph.h: the model graph's private structures, shared by the files of
 * src/switch (switch.c: construction, scenario, results; links.c: lanes,
 * traffic, fabric; cooling.c: hydraulics and thermal; sample.c: traces).
 * Names shared between those files carry the graph__ prefix. Nothing
 * outside src/switch includes this.
 */
#ifndef XPOSIM_GRAPH_H
#define XPOSIM_GRAPH_H

#include "asic.h"
#include "coolant.h"
#include "fec.h"
#include "hydraulics.h"
#include "lane.h"
#include "link.h"
#include "power.h"
#include "rng.h"
#include "switch.h"
#include "thermal.h"
#include "traffic.h"

/* Process priorities: order inside one time point (sim.h). A codeword that
 * ends at t was sent before anything that happens at t, so lanes (link
 * timers, then uncorrectable codewords) are judged first, in the same order
 * in fast and reference-step mode. */
enum {
  PRIO_LANE = -2,
  PRIO_CODEWORD = -1,
  PRIO_SCENARIO = 0,
  PRIO_TRAFFIC = 1,
  PRIO_TRANSPORT = 2,
  PRIO_HYDRAULICS = 3,
  PRIO_PHY = 4,
  PRIO_FABRIC = 6,
  PRIO_THERMAL = 7,
  PRIO_CONTROL = 8,
  PRIO_SAMPLE = 9
};

/* The SNR grid on which codeword statistics are cached, per module type. */
#define SNR_LO_DB (-20.0)
#define SNR_HI_DB 80.0

struct graph;
struct slot_rt;

typedef struct type_rt {
  const topo_module_type_t *mt;
  sim_time_t cw_ps; /* the lane's cycle: one RS codeword */
  double cw_s;
  double ucw_lost_bits; /* codeword data bits + one frame */
  fec_dist_t **cache;
  size_t ncache;
  sim_domain_t *d_cw;
} type_rt;

typedef struct lane_rt {
  struct graph *g;
  struct slot_rt *sl;
  int idx, port;
  link_t link;
  rng_t rng;      /* errors: uncorrectable codewords, corrected counts */
  rng_t rng_skew; /* skew at each training */
  double offset_db;
  const fec_dist_t *dist;
  double lambda; /* uncorrectable codewords per second while carrying */
  double hazard, threshold;
  double corr_mean, corr_var; /* expected corrected symbols since the last sample */
  uint64_t corr_exact;        /* reference mode: counted */
  sim_time_t t_int;
  sim_time_t next_ucw;
  sim_time_t bulk_from; /* degraded, fast mode: codewords counted in bulk from here */
  double skew_s;
  int dead;
  sim_proc_t *proc;
  unsigned vcd_id;
} lane_rt;

/* A device on a cold plate (a module or an ASIC) and its coolant branch. */
typedef struct heat_src {
  const thermal_plate_cfg_t *tc;
  thermal_net_t net;
  int junction[THERMAL_MAX_SOURCES];
  double t0[THERMAL_MAX_NODES]; /* initial temperatures, for stored heat */
  int loop, column, is_asic, index;
  int prev, next;               /* series chain: the device upstream / downstream, -1: none */
  int link;                     /* its branch in the loop's network, -1: none */
  double k_branch, k_factor;    /* Pa/(m^3/s)^2; blocked quick-disconnect multiplies it */
  double q_rated;               /* m^3/s, where r_plate_coolant is rated */
  double q_m3s, mdot_cp, dp_pa; /* branch flow, capacity rate, pressure drop */
  double g_cool;                /* plate to inlet, effectiveness-NTU */
  double power_w;               /* applied over the last thermal step */
  double q_cool_w, q_air_w;     /* over the last thermal step */
  double outlet_c, inlet_c, air_c;
  double bits;                 /* carried (or switched) bits up to t_fabric */
  double bits_step;            /* bits at the last thermal step */
  double skip_rate, skip_bits; /* carried rate and bits when the thermal clock stopped */
  double energy_j;             /* applied electrical energy, for trace means */
  double energy_sample;        /* energy at the last sample */
  double carried_bps;          /* current rate */
  stat_acc_t st_power, st_junction, st_outlet;
} heat_src_t;

typedef struct slot_rt {
  struct graph *g;
  size_t index;
  const topo_module_type_t *mt;
  type_rt *ty;
  heat_src_t h;
  lane_rt *lanes;
  traffic_profile_t prof[LANE_MAX_PER_MODULE]; /* per port */
  double offered_bps[LANE_MAX_PER_MODULE];     /* per port, held until the next change */
  double want_bps[LANE_MAX_PER_MODULE];        /* per port, after port state */
  double port_bps[LANE_MAX_PER_MODULE];        /* per port, carried (after the ASIC share) */
  double port_bits[LANE_MAX_PER_MODULE], port_bits_sample[LANE_MAX_PER_MODULE];
  double port_lost[LANE_MAX_PER_MODULE], port_lost_sample[LANE_MAX_PER_MODULE];
  uint8_t port_up[LANE_MAX_PER_MODULE];
  unsigned vcd_port[LANE_MAX_PER_MODULE];
  int ports_down;
  double active_lanes; /* carrying lanes, counted by the fabric on every link change; a lane at
                          half rate counts as control.throttle.half_rate_lane_power of one */
  rng_t rng_corrected; /* corrected-symbol draws, one per sample */
  int capped;
  int pulled;
  double bits_sample, lost_bits, lost_sample;
  sim_signal_t *sig_tj;
  sim_proc_t *p_phy, *p_cw;
  /* power */
  int comp_node[POWER_MAX_COMPONENTS]; /* the thermal node each component heats; -1: by shares */
  double comp_w[POWER_MAX_COMPONENTS]; /* applied over the last thermal step */
  double comp_j[POWER_MAX_COMPONENTS]; /* energy */
  double dcdc_w, dcdc_j;
  double input_v;          /* at the module's connector */
  int unpowered;           /* below min_voltage: shut down */
  sim_time_t restart_at;   /* after a brownout, no retry before this */
  sim_time_t inrush_until; /* hot-plug soft start in progress until here */
  /* control */
  int shed_thermal, shed_cap; /* ports shed by the throttle and by the power cap */
  int slow_thermal;           /* ports the throttle runs at half rate (the last ones) */
  double reported_tj;         /* the last reading that reached the firmware */
} slot_rt;

typedef struct loop_rt {
  const topo_loop_t *cfg;
  hyd_net_t net; /* when the loop is pumped or has a manifold */
  int use_net;
  int pump_link[TOPO_MAX_PUMPS];
  int pump_failed[TOPO_MAX_PUMPS];
  int source_link;  /* regulated flow source, -1: none */
  fluid_props_t fp; /* at the loop's supply temperature */
  double flow_m3s, head_pa, return_c;
  double cdu_c;             /* what the loop's CDU delivers (before the transport delay) */
  sim_signal_t *sig_supply; /* the supply temperature arriving at the manifold */
  sim_proc_t *p_transport;
  sim_time_t fifo_t[TRANSPORT_MAX];
  double fifo_c[TRANSPORT_MAX];
  int fifo_n;
} loop_rt;

typedef struct feed_rt {
  int psu_alive[TOPO_MAX_PSUS];
  int n_alive;           /* carrying the bus now */
  sim_time_t holdup_end; /* after a PSU fails, the bus holds until here */
  int holdup_psus;       /* PSUs counted while the hold-up lasts */
  double bus_v, bus_i, psu_in_w, psu_loss_w, busbar_w, cable_w, vr_w, out_w, budget_w;
  double e_feed, e_psu, e_busbar, e_cable, e_vr, e_dcdc, e_comp, e_asic_core, e_inrush;
  double v_min;
  int brownouts;
} feed_rt;

struct graph {
  const topo_t *t;
  sim_t *sim;
  graph_sinks_t out;
  int reference_step;
  type_rt *types;
  slot_rt *slots;
  heat_src_t *asics;
  loop_rt *loops;
  size_t ns, na, nl;
  size_t *order; /* devices in thermal order: a chain's plates one after another */
  fluid_props_t fp_rated;

  sim_domain_t *d_thermal, *d_sample;
  sim_proc_t *p_scenario, *p_traffic, *p_fabric, *p_thermal, *p_sample, *p_hydraulics;
  sim_signal_t *sig_offered, *sig_lanes, *sig_hydraulic;
  size_t next_event;

  /* links */
  uint64_t ucw_total, corrected_total;
  double ber_max, lost_bits;

  /* fabric */
  sim_time_t t_fabric;
  double total_bits, bits_sample;
  double carried_bps, offered_bps;
  double port_down_ps; /* port·ps */
  stat_acc_t st_throughput;

  /* thermal clock */
  sim_time_t thermal_next; /* the edge it is armed for; UINT64_MAX while skipping */
  sim_time_t t_booked;     /* energies are booked up to here */
  sim_time_t t_skip, last_step;
  uint64_t input_gen, input_gen_step;
  int skipping;
  int settle_wait, settle_backoff;
  uint64_t steps, steps_skipped;

  /* energy */
  double e_in, e_cool, e_air, e_in_sample, lost_sample;
  sim_time_t t_sampled; /* time of the last trace row */
  double lost_counted;  /* frames lost as the traces count them: per port, no more than carried */
  double power_w;       /* total over the last thermal step */
  stat_acc_t st_power;
  stat_acc_t st_return;
  double max_junction_c, max_coolant_c;
  int stopped;
  char failure[320]; /* why a model stopped the run ("" while it runs) */
  stat_acc_t *res_slot_power, *res_slot_junction, *res_slot_outlet, *res_asic_power, *res_asic_junction;

  feed_rt feed;
  /* control */
  sim_proc_t *p_control, *p_mgmt;
  pid_t_ pid;
  double pump_speed, pump_speed_logged;
  sim_time_t last_fault, first_throttle;
  int throttle_actions, cap_actions, runaway;
  double mgmt_read_s;      /* one module's sensors, once */
  sim_time_t mgmt_next;    /* next poll cycle start */
  size_t mgmt_pos;         /* next module to read in this cycle */
  sim_signal_t *sig_admin; /* ports shed by the firmware changed */
};

/* links.c */
void graph__lane_integrate(lane_rt *ln, sim_time_t now);
int graph__lane_refresh(lane_rt *ln, sim_time_t now, int force);
void graph__lane_arm(lane_rt *ln, sim_time_t now);
void graph__lane_state_changed(lane_rt *ln, sim_time_t now, link_state_t old);
/* Take the lane down, or (train) start it training, now. */
void graph__lane_set(lane_rt *ln, sim_time_t now, int train);
/* Whether port p of the slot runs at half rate. */
int graph__port_slow(const slot_rt *sl, int p);
int graph__lane_carrying(const lane_rt *ln);
uint64_t graph__slot_take_corrected(slot_rt *sl, sim_time_t now);
void graph__on_lane(sim_t *sim, void *ctx);
void graph__on_phy(sim_t *sim, void *ctx);
void graph__on_codeword(sim_t *sim, void *ctx);
void graph__traffic_update(graph_t *g, sim_time_t now);
int graph__port_selected(const topo_traffic_t *tr, int port);
void graph__fabric_integrate(graph_t *g, sim_time_t now);
void graph__fabric_recompute(graph_t *g, sim_time_t now);
void graph__on_traffic(sim_t *sim, void *ctx);
void graph__on_fabric(sim_t *sim, void *ctx);

/* cooling.c */
int graph__loops_init(graph_t *g, char *why, size_t whysz);
void graph__hydraulics(graph_t *g);
void graph__on_hydraulics(sim_t *sim, void *ctx);
void graph__on_transport(sim_t *sim, void *ctx);
/* The CDU supply of loop `loop` (-1: every loop) becomes supply_c now. */
void graph__supply_change(graph_t *g, sim_time_t now, int loop, double supply_c);
void graph__log_coolant(graph_t *g, sim_time_t now);
int graph__thermal_all(graph_t *g, sim_time_t now, double dt_s, int record);
void graph__thermal_sync(graph_t *g, sim_time_t now);
void graph__on_thermal(sim_t *sim, void *ctx);
double graph__tj_max(const heat_src_t *h);
double graph__loop_supply(const graph_t *g, int loop);

/* control.c */
void graph__control_init(graph_t *g);
void graph__on_control(sim_t *sim, void *ctx);
void graph__on_mgmt(sim_t *sim, void *ctx);
int graph__ports_shed(const slot_rt *sl);
void graph__feed_update(graph_t *g, sim_time_t now, double dt_s);
void graph__fault_seen(graph_t *g, sim_time_t now);
void graph__feed_check(graph_t *g, sim_time_t now);
void graph__inrush(graph_t *g, slot_rt *sl, sim_time_t now);

/* sample.c */
void graph__on_sample(sim_t *sim, void *ctx);

/* Stop the run as a failure: a solve that did not converge, a state that
 * cannot happen. The first reason is kept, logged as an "error" event and
 * named in summary.json. */
void graph__fail(graph_t *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
