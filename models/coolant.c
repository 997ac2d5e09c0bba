/*
 * coolant.c: fluid tables and loop hydraulics (closed forms).
 * Sources (docs/models.md repeats them):
 *  - PG25 (25 % propylene glycol by mass): Melinder's correlation, as in the
 *    Modelica Buildings / IBPSA PropyleneGlycolWater medium.
 *  - Water: IAPWS-95 at 0.1 MPa (NIST Chemistry WebBook).
 */
#include "coolant.h"

#include <math.h>

#include "util/numeric.h"

/* Water: IAPWS-95 at 0.1 MPa (NIST Chemistry WebBook), every 10 C. */
#define NWATER 8
static const double WATER_T_C[NWATER] = {10, 20, 30, 40, 50, 60, 70, 80};
static const double WATER_RHO[NWATER] = {999.70, 998.21, 995.65, 992.22, 988.03, 983.20, 977.76, 971.79};
static const double WATER_CP[NWATER] = {4192, 4182, 4178, 4179, 4181, 4185, 4190, 4197};
static const double WATER_MU[NWATER] = {1.3059e-3, 1.0016e-3, 0.7972e-3, 0.6527e-3,
                                        0.5465e-3, 0.4660e-3, 0.4035e-3, 0.3540e-3};
static const double WATER_K[NWATER] = {0.5800, 0.5984, 0.6154, 0.6305, 0.6435, 0.6543, 0.6631, 0.6700};

/* Propylene glycol-water: Melinder (2010), Properties of Secondary Working
 * Fluids, IIR; the coefficients as published in the Modelica Buildings /
 * IBPSA PropyleneGlycolWater medium. f = sum_i sum_j a_ij (x - xm)^i (T - Tm)^j
 * with x the mass fraction in %, T in C; viscosity is exp(f) mPa s. */
static const double MEL_XM = 30.7031, MEL_TM = 32.7089;
static const int MEL_NT[6] = {4, 4, 4, 3, 2, 1};
static const double MEL_RHO[18] = {1.018e3,   -5.406e-1, -2.666e-3, 1.347e-5,  7.604e-1,  -9.450e-3,
                                   5.541e-5,  -1.343e-7, -2.498e-3, 2.700e-5,  -4.018e-7, 3.376e-9,
                                   -1.550e-4, 2.829e-6,  -7.175e-9, -1.131e-6, -2.221e-8, 2.342e-8};
static const double MEL_CP[18] = {3.882e3,   2.699e0,  -1.659e-3, -1.032e-5, -1.304e1,  5.070e-2,
                                  -4.752e-5, 1.522e-6, -1.598e-1, 9.534e-5,  1.167e-5,  -4.870e-8,
                                  3.539e-4,  3.102e-5, -2.950e-7, 5.000e-5,  -7.135e-7, -4.959e-7};
static const double MEL_MU[18] = {6.837e-1,  -3.045e-2, 2.525e-4,  -1.399e-6, 3.328e-2,  -3.984e-4,
                                  4.332e-6,  -1.860e-8, 5.453e-5,  -8.600e-8, -1.593e-8, -4.465e-11,
                                  -3.900e-6, 1.054e-7,  -1.589e-9, -1.587e-8, 4.475e-10, 3.564e-9};
static const double MEL_K[18] = {4.513e-1,  7.955e-4,  3.482e-8,  -5.966e-9,  -4.795e-3,  -1.678e-5,
                                 8.941e-8,  1.493e-10, 2.076e-5,  1.563e-7,   -4.615e-9,  9.897e-12,
                                 -9.083e-8, -2.518e-9, 6.543e-11, -5.952e-10, -3.605e-11, 2.104e-11};

double fluid_melinder(const double *a, double x_pct, double t_c) {
  double dx = x_pct - MEL_XM, dy = t_c - MEL_TM, f = 0, xi = 1;
  int n = 0;
  for (int i = 0; i < 6; i++) {
    double yj = 1;
    for (int j = 0; j < MEL_NT[i]; j++) {
      f += a[n++] * xi * yj;
      yj *= dy;
    }
    xi *= dx;
  }
  return f;
}

const char *fluid_name(fluid_t f) { return f == FLUID_PG25 ? "pg25" : "water"; }
/* PG25 freezes at -9.8 C (Melinder, docs/sources.md); it boils slightly above water. */
double fluid_freeze_c(fluid_t f) { return f == FLUID_PG25 ? -9.8 : 0.0; }
double fluid_boil_c(fluid_t f) { return f == FLUID_PG25 ? 101.0 : 100.0; }

void fluid_table_range(fluid_t f, double *lo, double *hi) {
  if (f == FLUID_PG25) { /* the correlation's validated range, above freezing */
    *lo = -9.8;
    *hi = 100;
  } else {
    *lo = WATER_T_C[0];
    *hi = WATER_T_C[NWATER - 1];
  }
}

void fluid_props(fluid_t f, double t_c, fluid_props_t *o) {
  double lo, hi;
  fluid_table_range(f, &lo, &hi);
  if (t_c < lo) t_c = lo; /* clamped: no extrapolation */
  if (t_c > hi) t_c = hi;
  if (f == FLUID_PG25) {
    o->rho_kg_per_m3 = fluid_melinder(MEL_RHO, 25, t_c);
    o->cp_j_per_kg_k = fluid_melinder(MEL_CP, 25, t_c);
    o->mu_pa_s = 1e-3 * exp(fluid_melinder(MEL_MU, 25, t_c));
    o->k_w_per_m_k = fluid_melinder(MEL_K, 25, t_c);
    return;
  }
  o->rho_kg_per_m3 = interp_linear(WATER_T_C, WATER_RHO, 1, NWATER, t_c);
  o->cp_j_per_kg_k = interp_linear(WATER_T_C, WATER_CP, 1, NWATER, t_c);
  o->mu_pa_s = interp_linear(WATER_T_C, WATER_MU, 1, NWATER, t_c);
  o->k_w_per_m_k = interp_linear(WATER_T_C, WATER_K, 1, NWATER, t_c);
}

double coolant_branch_k(double dp, double q) { return dp / (q * q); }

double coolant_parallel_k(const double *k, size_t n) {
  double s = 0;
  for (size_t i = 0; i < n; i++) s += 1.0 / sqrt(k[i]);
  return 1.0 / (s * s);
}

void coolant_split(const double *k, size_t n, double q_total, double *q) {
  double s = 0;
  for (size_t i = 0; i < n; i++) s += 1.0 / sqrt(k[i]);
  for (size_t i = 0; i < n; i++) q[i] = q_total * (1.0 / sqrt(k[i])) / s;
}

double coolant_g_eff(double r, double c) {
  if (c <= 0) return 0;
  if (r <= 0) return c;
  return c * -expm1(-1.0 / (r * c));
}

double coolant_r_conv(double r_rated, double q_rated, double n, const fluid_props_t *rated, const fluid_props_t *now,
                      int ntable, const double *tq, const double *tr, double q) {
  if (!(q > 0)) return INFINITY;
  if (ntable > 0) return interp_linear(tq, tr, 1, (size_t)ntable, q);
  double h_ratio = pow(q / q_rated, n); /* h_now / h_rated at equal properties */
  if (rated && now)                     /* h = (k / D) C Re^n Pr^0.4 = (k / D) C (rho v D / mu)^n (cp mu / k)^0.4 */
    h_ratio *= pow(now->k_w_per_m_k / rated->k_w_per_m_k, 0.6) * pow(now->rho_kg_per_m3 / rated->rho_kg_per_m3, n) *
               pow(now->cp_j_per_kg_k / rated->cp_j_per_kg_k, 0.4) * pow(now->mu_pa_s / rated->mu_pa_s, 0.4 - n);
  return r_rated / h_ratio;
}

double coolant_outlet_c(double t_in, double q_w, double c) { return c > 0 ? t_in + q_w / c : t_in; }
