/*
 * coolant.h: coolant fluids and the hydraulics of one loop at spine level.
 *  - fluid properties: PG25 from Melinder's correlation, water from IAPWS-95
 *    values (linear interpolation), both clamped to their range;
 *  - parallel branches, each with dP = k*Q*|Q| (quick-disconnect pair plus
 *    cold plate), at a regulated total flow on ideal headers: the split is a
 *    closed form;
 *  - heat pickup of a branch: Q = mdot*cp*(T_out - T_in), with the plate-to-
 *    fluid exchange in effectiveness-NTU form, and the plate resistance at
 *    other flows and fluid properties.
 * Pumps, manifold segments (Z/U maldistribution), leaks and failed pumps are
 * networks solved in hydraulics.h; the supply pipe's transport delay is the
 * coolant part's (src/switch). Properties are taken at each loop's supply
 * temperature, not along the loop.
 */
#ifndef XPOSIM_COOLANT_H
#define XPOSIM_COOLANT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { FLUID_WATER = 0, FLUID_PG25 = 1 } fluid_t;

typedef struct fluid_props {
  double rho_kg_per_m3, cp_j_per_kg_k, mu_pa_s, k_w_per_m_k;
} fluid_props_t;

const char *fluid_name(fluid_t f);
void fluid_props(fluid_t f, double t_c, fluid_props_t *out);
double fluid_freeze_c(fluid_t f);
double fluid_boil_c(fluid_t f);
/* Melinder's polynomial for propylene glycol-water (coefficients a, mass
 * fraction in %, temperature in C). */
double fluid_melinder(const double *a, double x_pct, double t_c);
/* Temperature range of the property data. */
void fluid_table_range(fluid_t f, double *lo_c, double *hi_c);

/* Branch coefficient k (Pa/(m^3/s)^2) from a pressure drop at a rated flow. */
double coolant_branch_k(double dp_pa, double q_m3_per_s);
/* Equivalent k of parallel branches: (sum k_i^-1/2)^-2. */
double coolant_parallel_k(const double *k, size_t n);
/* Split a total flow over parallel branches: q_i proportional to k_i^-1/2. */
void coolant_split(const double *k, size_t n, double q_total, double *q);
/* Conductance from a plate at uniform temperature to the branch inlet
 * temperature, for plate-to-fluid resistance r and capacity rate mdot*cp:
 * mdot*cp*(1 - exp(-1/(r*mdot*cp))) (effectiveness-NTU, one fluid stream). */
double coolant_g_eff(double r_k_per_w, double mdot_cp_w_per_k);
/* Plate-to-fluid resistance at flow q: r_rated × (q_rated/q)^n × the
 * property ratio of h ~ Re^n Pr^0.4 (k^0.6 ρ^n cp^0.4 μ^(0.4-n)) between
 * the rated and the present fluid; or from a table of R versus flow (linear,
 * clamped). q <= 0: infinite (no convection). */
double coolant_r_conv(double r_rated, double q_rated, double n, const fluid_props_t *rated, const fluid_props_t *now,
                      int ntable, const double *tq, const double *tr, double q);
/* Outlet temperature of a branch that picks up q_w. */
double coolant_outlet_c(double t_in_c, double q_w, double mdot_cp_w_per_k);

#ifdef __cplusplus
}
#endif
#endif
