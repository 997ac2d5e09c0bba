/*
 * coolant.c: fluid tables and loop hydraulics (closed forms).
 * Sources (docs/models.md repeats them):
 *  - PG25 (25 % propylene glycol by mass): Melinder correlations as used by
 *    the Modelica Buildings PropyleneGlycolWater medium; values at 25, 40 and
 *    45 C from ../shared/FACTS.md.
 *  - Water: IAPWS-95 at 0.1 MPa (NIST Chemistry WebBook).
 */
#include "coolant.h"

#include <math.h>

typedef struct {
  double t_c, rho, cp, mu, k;
} fluid_row;

static const fluid_row PG25[] = {
    {25, 1017, 3933, 2.07e-3, 0.472},
    {40, 1010, 3969, 1.35e-3, 0.486},
    {45, 1007, 3981, 1.20e-3, 0.490},
};
static const fluid_row WATER[] = {
    {10, 999.70, 4192, 1.3059e-3, 0.5800}, {20, 998.21, 4182, 1.0016e-3, 0.5984},
    {30, 995.65, 4178, 0.7972e-3, 0.6154}, {40, 992.22, 4179, 0.6527e-3, 0.6305},
    {50, 988.03, 4181, 0.5465e-3, 0.6435}, {60, 983.20, 4185, 0.4660e-3, 0.6543},
    {70, 977.76, 4190, 0.4035e-3, 0.6631}, {80, 971.79, 4197, 0.3540e-3, 0.6700},
};

static const fluid_row *fluid__table(fluid_t f, size_t *n) {
  if (f == FLUID_PG25) {
    *n = sizeof PG25 / sizeof PG25[0];
    return PG25;
  }
  *n = sizeof WATER / sizeof WATER[0];
  return WATER;
}

const char *fluid_name(fluid_t f) { return f == FLUID_PG25 ? "pg25" : "water"; }
double fluid_freeze_c(fluid_t f) { return f == FLUID_PG25 ? -9.8 : 0.0; }
/* At 1 atm; PG25 boils slightly above water (raised boiling point). */
double fluid_boil_c(fluid_t f) { return f == FLUID_PG25 ? 101.0 : 100.0; }

void fluid_table_range(fluid_t f, double *lo, double *hi) {
  size_t n;
  const fluid_row *t = fluid__table(f, &n);
  *lo = t[0].t_c;
  *hi = t[n - 1].t_c;
}

void fluid_props(fluid_t f, double t_c, fluid_props_t *o) {
  size_t n;
  const fluid_row *t = fluid__table(f, &n);
  if (t_c <= t[0].t_c) t_c = t[0].t_c; /* clamped: no extrapolation */
  if (t_c >= t[n - 1].t_c) t_c = t[n - 1].t_c;
  size_t i = 0;
  while (i + 2 < n && t_c > t[i + 1].t_c) i++;
  double w = (t_c - t[i].t_c) / (t[i + 1].t_c - t[i].t_c);
  o->rho_kg_per_m3 = t[i].rho + w * (t[i + 1].rho - t[i].rho);
  o->cp_j_per_kg_k = t[i].cp + w * (t[i + 1].cp - t[i].cp);
  o->mu_pa_s = t[i].mu + w * (t[i + 1].mu - t[i].mu);
  o->k_w_per_m_k = t[i].k + w * (t[i + 1].k - t[i].k);
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

double coolant_pump_flow(double a, double b, double k_sys) { return sqrt(a / (b + k_sys)); }

double coolant_g_eff(double r, double c) {
  if (c <= 0) return 0;
  if (r <= 0) return c;
  return c * -expm1(-1.0 / (r * c));
}

double coolant_outlet_c(double t_in, double q_w, double c) { return c > 0 ? t_in + q_w / c : t_in; }
