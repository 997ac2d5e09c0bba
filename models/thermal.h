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

#include "xpo_limits.h"

typedef struct thermal_net {
  int n;
  double c_j_per_k[THERMAL_MAX_NODES];
  double g_w_per_k[THERMAL_MAX_NODES][THERMAL_MAX_NODES]; /* symmetric, node to node */
  double g_cool_w_per_k[THERMAL_MAX_NODES];               /* node to coolant inlet */
  double g_air_w_per_k[THERMAL_MAX_NODES];                /* node to air */
  double t_c[THERMAL_MAX_NODES];                          /* state */
  /* The elimination's pattern, worked out from g on the first step (and
   * again after thermal_link or a change of n): per node, its neighbours,
   * and the lower nodes it meets when it is eliminated (with fill-in). */
  int plan_n; /* the n it was made for; 0: none */
  unsigned char n_nb[THERMAL_MAX_NODES], nb[THERMAL_MAX_NODES][THERMAL_MAX_NODES];
  unsigned char n_pat[THERMAL_MAX_NODES], pat[THERMAL_MAX_NODES][THERMAL_MAX_NODES];
  unsigned char n_low[THERMAL_MAX_NODES], low[THERMAL_MAX_NODES][THERMAL_MAX_NODES];
  /* A plate (node 0) with chains of one or two nodes on it, numbered as
   * thermal_plate_init numbers them (a junction, then its case): each
   * node's kind, THERMAL_KIND_* (all 0 for any other shape). */
  unsigned char kind[THERMAL_MAX_NODES];
  int plate_chains;
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
int thermal_step(thermal_net_t *net, double dt_s, const double *p0, const double *slope, double t_cool_c,
                 double t_air_c, thermal_flux_t *out);

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
/* Heat sources on one liquid cold plate: a module (DSPs, laser/driver
 * arrays, TIAs, controller between two paddle cards) or an ASIC. Node 0 is
 * the plate; each source adds a junction and, when it has a case
 * (r_case_plate > 0), a case node: junction -> case -> plate. The plate goes
 * to the coolant through r_plate_coolant at the rated flow (scaled with flow
 * by coolant_r_conv) and to the air through r_plate_air. */
#define THERMAL_PLATE 0

typedef struct thermal_source_cfg {
  char name[64]; /* TOPO_NAME_MAX + 1 */
  double share;  /* of the device's power */
  double c_junction_j_per_k, r_junction_case_k_per_w;
  double c_case_j_per_k, r_case_plate_k_per_w; /* r 0: no case node */
} thermal_source_cfg_t;

typedef struct thermal_plate_cfg {
  int nsources;
  thermal_source_cfg_t src[THERMAL_MAX_SOURCES];
  double c_plate_j_per_k;
  double r_plate_coolant_k_per_w; /* at the rated flow */
  double r_plate_air_k_per_w;
  double flow_exponent; /* h ~ Re^exponent: 0.8 (Dittus-Boelter) */
  int ntable;           /* > 0: R versus flow from this table instead */
  double table_flow_m3_per_s[8], table_r_k_per_w[8];
} thermal_plate_cfg_t;

/* Build the network; junction[i] gets the node of source i's junction. */
void thermal_plate_init(thermal_net_t *net, const thermal_plate_cfg_t *c, double t0_c, int *junction);
#ifdef __cplusplus
}
#endif
#endif
