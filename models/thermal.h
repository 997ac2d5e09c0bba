/*
 * thermal.h: a small lumped RC thermal network (a few nodes), solved by
 * backward Euler: stable at any step, and exact steady state when the step is
 * infinite. Heat leaves through two boundaries: the coolant (a conductance to
 * the branch inlet temperature, see coolant_g_eff) and the air.
 *
 * Power may depend on temperature (leakage): it is given per node as
 * p0 + slope * (T_new - T_old), i.e. linearised at the start of the step, and
 * the power actually applied is reported back, so energy balances exactly:
 *   sum(p_applied)*dt = sum(C*dT) + q_coolant*dt + q_air*dt.
 * Not here: what the nodes are (the builder decides), coolant hydraulics.
 */
#ifndef XPOSIM_THERMAL_H
#define XPOSIM_THERMAL_H

#ifdef __cplusplus
extern "C" {
#endif

#define THERMAL_MAX_NODES 8

typedef struct thermal_net {
  int n;
  double c_j_per_k[THERMAL_MAX_NODES];
  double g_w_per_k[THERMAL_MAX_NODES][THERMAL_MAX_NODES]; /* symmetric, node to node */
  double g_cool_w_per_k[THERMAL_MAX_NODES];               /* node to coolant inlet */
  double g_air_w_per_k[THERMAL_MAX_NODES];                /* node to air */
  double t_c[THERMAL_MAX_NODES];                          /* state */
} thermal_net_t;

typedef struct thermal_flux {
  double p_applied_w[THERMAL_MAX_NODES];
  double q_cool_w, q_air_w; /* into coolant / air, over the step */
} thermal_flux_t;

/* Connect nodes a and b with thermal resistance r (K/W). */
void thermal_link(thermal_net_t *net, int a, int b, double r_k_per_w);

/* One backward-Euler step of dt_s seconds (dt_s <= 0: steady state).
 * p0/slope: per-node power and its temperature slope (NULL slope: none).
 * Returns 0, or -1 if the system is singular (no path to a boundary). */
int thermal_step(thermal_net_t *net, double dt_s, const double *p0, const double *slope,
                 double t_cool_c, double t_air_c, thermal_flux_t *out);

/* Heat stored relative to a reference temperature vector. */
double thermal_stored_j(const thermal_net_t *net, const double *t_ref_c);

#ifdef __cplusplus
}
#endif
#endif

#ifndef XPOSIM_THERMAL_PLATE_H
#define XPOSIM_THERMAL_PLATE_H
#ifdef __cplusplus
extern "C" {
#endif
/* A heat source on a liquid cold plate, the spine's network for a module or
 * an ASIC: node 0 = junction (all of the source's dies lumped), node 1 =
 * cold plate; plate to coolant through r_plate_coolant (then to the fluid by
 * coolant_g_eff), plate to air through r_plate_air. */
typedef struct thermal_plate_cfg {
  double c_junction_j_per_k, c_plate_j_per_k;
  double r_junction_plate_k_per_w, r_plate_coolant_k_per_w, r_plate_air_k_per_w;
} thermal_plate_cfg_t;
enum { THERMAL_JUNCTION = 0, THERMAL_PLATE = 1 };
void thermal_plate_init(thermal_net_t *net, const thermal_plate_cfg_t *c, double t0_c);
#ifdef __cplusplus
}
#endif
#endif
