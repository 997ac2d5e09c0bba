/*
 * fan.h: air cooling: a tray of fans against the chassis, heat sinks in
 * the air stream, and air itself (docs/models.md "Air cooling").
 *
 * One fan at speed s (a fraction of rated) follows a parabola from its
 * shut-off pressure to its free delivery, scaled by the affinity laws
 * (flow ∝ s, pressure ∝ s², power ∝ s³):
 *
 *   dp = s² p0 (1 − (q / (s q0))²)
 *
 * n working fans in parallel share the pressure and add their flows; the
 * chassis is a system curve dp = k Q² (k from a pressure drop at a rated
 * flow). Where the two meet:
 *
 *   Q = s sqrt(p0 / (k + p0 / (n q0)²)),   dp = k Q²
 *
 * A failed fan passes no air (a back-draft flap closes it). A heat sink's
 * resistance falls with the air velocity through it:
 *
 *   R(v) = r_sink (velocity / v)^exponent
 */
#ifndef XPOSIM_FAN_H
#define XPOSIM_FAN_H

#ifdef __cplusplus
extern "C" {
#endif

#include "scenario.h"

/* The fan tray's scenario events (kinds a part owns: scenario.h). */
enum { FAN_EVENT_FAIL = SCN_PART_FIRST, FAN_EVENT_RESTORE };

typedef struct fan_cfg {
  int count;                /* fans in the tray, in parallel; 0: no fan tray */
  double shutoff_pa;        /* one fan's pressure at zero flow, rated speed */
  double max_flow_m3_per_s; /* one fan's free delivery, rated speed */
  double power_w;           /* one fan's electrical power at rated speed */
  double speed;             /* fraction of rated speed */
  double chassis_dp_pa;     /* the chassis' pressure drop at chassis_flow */
  double chassis_flow_m3_per_s;
  double open_area; /* fraction of a module column's face that air passes */
} fan_cfg_t;

typedef struct sink_cfg {
  double r_sink_k_per_w; /* heat sink to air at velocity */
  double velocity_m_per_s;
  double exponent;
  double flow_area_m2; /* the duct the sink's air passes through; 0: a module column's open face */
} sink_cfg_t;

/* The operating point of `working` fans at speed: total flow, m³/s. */
double fan_flow_m3_per_s(const fan_cfg_t *c, int working, double speed);
/* The pressure the fans hold at that flow, Pa (the chassis' drop). */
double fan_pressure_pa(const fan_cfg_t *c, double flow_m3_per_s);
/* The electrical power of `working` fans at speed, W. */
double fan_power_w(const fan_cfg_t *c, int working, double speed);
/* A heat sink's resistance at air velocity v (m/s); infinite in still air. */
double sink_r_k_per_w(const sink_cfg_t *c, double v_m_per_s);
/* Dry air at t_c and one standard atmosphere: density (ideal gas) and c_p. */
double air_density_kg_per_m3(double t_c);
double air_cp_j_per_kg_k(void);

#ifdef __cplusplus
}
#endif
#endif
