// Each model against a closed form or an independent computation.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "asic.h"
#include "cage.h"
#include "coolant.h"
#include "fan.h"
#include "lane.h"
#include "laser.h"
#include "power.h"
#include "rng.h"
#include "scenario.h"
#include "thermal.h"
#include "traffic.h"
#include "util/numeric.h"

namespace {

// ---- thermal -------------------------------------------------------------

// One node, capacity C, conductance G to the coolant, constant power P:
// T(t) = T_inf + (T0 - T_inf) exp(-t G / C), T_inf = T_cool + P / G.
TEST(Thermal, RcStepResponseMatchesClosedForm) {
  const double C = 120, G = 8, P = 200, Tc = 35, T0 = 35;
  const double tau = C / G, Tinf = Tc + P / G;
  thermal_net_t net{};
  net.n = 1;
  net.c_j_per_k[0] = C;
  net.g_cool_w_per_k[0] = G;
  net.t_c[0] = T0;
  const double dt = tau / 1000;
  double p0[1] = {P};
  double worst = 0;
  for (int k = 1; k <= 5000; k++) {
    ASSERT_EQ(thermal_step(&net, dt, p0, nullptr, Tc, 0, nullptr), 0);
    double exact = Tinf + (T0 - Tinf) * std::exp(-k * dt / tau);
    worst = std::max(worst, std::fabs(net.t_c[0] - exact));
  }
  // Backward Euler's global error is about (dt / 2 tau) * |T0 - Tinf| / e;
  // a wrong C, G or sign misses by kelvins.
  EXPECT_LT(worst, 0.5 * (dt / tau) * std::fabs(T0 - Tinf) / std::exp(1.0) * 1.1);
  EXPECT_GT(worst, 0.0);  // it is an approximation, not a copy of the answer
}

// Backward Euler, step by step, computed independently.
TEST(Thermal, BackwardEulerRecurrenceIsExact) {
  const double C = 50, G = 2, P = 30, Tc = 20, dt = 3.7;
  thermal_net_t net{};
  net.n = 1;
  net.c_j_per_k[0] = C;
  net.g_cool_w_per_k[0] = G;
  net.t_c[0] = 80;
  double p0[1] = {P}, T = 80;
  for (int k = 0; k < 50; k++) {
    thermal_step(&net, dt, p0, nullptr, Tc, 0, nullptr);
    T = (C / dt * T + P + G * Tc) / (C / dt + G);
    ASSERT_NEAR(net.t_c[0], T, 1e-12);
  }
}

thermal_plate_cfg_t one_die(double cj, double cp, double rjp, double rpa) {
  thermal_plate_cfg_t c{};
  c.nsources = 1;
  c.src[0] = thermal_source_cfg_t{"die", 1.0, cj, rjp, 0, 0};
  c.c_plate_j_per_k = cp;
  c.r_plate_coolant_k_per_w = 0.03;
  c.r_plate_air_k_per_w = rpa;
  c.flow_exponent = 0.8;
  return c;
}

// Junction -> plate -> coolant, plate -> air, solved by hand.
TEST(Thermal, TwoNodeSteadyStateMatchesHandSolution) {
  thermal_plate_cfg_t c = one_die(30, 120, 0.05, 5.0);
  thermal_net_t net;
  int j[THERMAL_MAX_SOURCES];
  thermal_plate_init(&net, &c, 35, j);
  ASSERT_EQ(net.n, 2);
  const double Gc = 25, Ga = 1.0 / 5.0, Gjp = 1.0 / 0.05, P = 300, Tin = 35, Tair = 40;
  net.g_cool_w_per_k[THERMAL_PLATE] = Gc;
  double p0[THERMAL_MAX_NODES] = {0};
  p0[j[0]] = P;
  thermal_flux_t fx;
  ASSERT_EQ(thermal_step(&net, 0, p0, nullptr, Tin, Tair, &fx), 0);
  // Plate: P = Gc (Tp - Tin) + Ga (Tp - Tair)  =>  Tp = (P + Gc Tin + Ga Tair) / (Gc + Ga)
  double Tp = (P + Gc * Tin + Ga * Tair) / (Gc + Ga);
  double Tj = Tp + P / Gjp;
  EXPECT_NEAR(net.t_c[THERMAL_PLATE], Tp, 1e-9);
  EXPECT_NEAR(net.t_c[j[0]], Tj, 1e-9);
  EXPECT_NEAR(fx.q_cool_w + fx.q_air_w, P, 1e-9);
}

// Two nodes, no air: C1 T1' = P - G12 (T1 - T2), C2 T2' = G12 (T1 - T2) - G2 (T2 - Tc).
// The closed form is a sum of two exponentials with the eigenvalues of the
// system; backward Euler with a small step must follow it.
TEST(Thermal, TwoNodeTransientMatchesTheClosedForm) {
  const double C1 = 30, C2 = 120, G12 = 20, G2 = 25, P = 200, Tc = 35;
  thermal_plate_cfg_t c = one_die(C1, C2, 1 / G12, 0);
  thermal_net_t net;
  int j[THERMAL_MAX_SOURCES];
  thermal_plate_init(&net, &c, Tc, j);
  net.g_cool_w_per_k[THERMAL_PLATE] = G2;
  // x = T - T_inf; x' = A x with A = [[-G12/C1, G12/C1], [G12/C2, -(G12+G2)/C2]], x(0) = -(T_inf - Tc).
  const double a11 = -G12 / C1, a12 = G12 / C1, a21 = G12 / C2, a22 = -(G12 + G2) / C2;
  const double tr = a11 + a22, det = a11 * a22 - a12 * a21, disc = std::sqrt(tr * tr / 4 - det);
  const double l1 = tr / 2 + disc, l2 = tr / 2 - disc;
  const double T2inf = Tc + P / G2, T1inf = T2inf + P / G12;
  const double x10 = Tc - T1inf, x20 = Tc - T2inf;
  // Eigenvectors (a12, l - a11); coefficients from x(0).
  const double v1a = a12, v1b = l1 - a11, v2a = a12, v2b = l2 - a11;
  const double dd = v1a * v2b - v2a * v1b, c1 = (x10 * v2b - v2a * x20) / dd, c2 = (v1a * x20 - x10 * v1b) / dd;
  const double dt = 1e-3;
  double p0[THERMAL_MAX_NODES] = {0};
  p0[j[0]] = P;
  double worst = 0;
  for (int k = 1; k <= 20000; k++) {
    thermal_step(&net, dt, p0, nullptr, Tc, 0, nullptr);
    double t = k * dt;
    double T1 = T1inf + c1 * v1a * std::exp(l1 * t) + c2 * v2a * std::exp(l2 * t);
    worst = std::max(worst, std::fabs(net.t_c[j[0]] - T1));
  }
  // Backward Euler's error is O(dt |lambda|) of the amplitude: about 1e-3 x 18 K here.
  EXPECT_LT(worst, 0.03);
}

TEST(Thermal, EnergyBalanceOfEveryStepCloses) {
  thermal_plate_cfg_t c{};
  c.nsources = 2;
  c.src[0] = thermal_source_cfg_t{"dsp", 0.6, 10, 0.08, 15, 0.04};
  c.src[1] = thermal_source_cfg_t{"tia", 0.4, 2, 0.3, 0, 0};
  c.c_plate_j_per_k = 120;
  c.r_plate_air_k_per_w = 5;
  thermal_net_t net;
  int j[THERMAL_MAX_SOURCES];
  thermal_plate_init(&net, &c, 35, j);
  ASSERT_EQ(net.n, 4);  // plate, dsp junction + case, tia junction
  net.g_cool_w_per_k[THERMAL_PLATE] = 20;
  double t0[THERMAL_MAX_NODES];
  for (int i = 0; i < net.n; i++) t0[i] = 35;
  double in = 0, out = 0;
  for (int k = 0; k < 2000; k++) {
    double slope[THERMAL_MAX_NODES] = {0}, p0[THERMAL_MAX_NODES] = {0};
    p0[j[0]] = 0.6 * (150.0 + 50 * (k % 7));
    p0[j[1]] = 0.4 * (150.0 + 50 * (k % 7));
    slope[j[0]] = 0.4;
    thermal_flux_t fx;
    thermal_step(&net, 0.01, p0, slope, 35, 30, &fx);
    for (int i = 0; i < net.n; i++) in += fx.p_applied_w[i] * 0.01;
    out += (fx.q_cool_w + fx.q_air_w) * 0.01;
  }
  double stored = thermal_stored_j(&net, t0);
  EXPECT_NEAR(in, out + stored, 1e-9 * in);
}

// A plate with its chains (the shape every device has) is solved along the
// chains; any other shape by the general elimination; both against a dense
// solve of the backward-Euler system written out here.
TEST(Thermal, EveryShapeSolvesAsTheDenseSystem) {
  rng_t r;
  rng_init(&r, 11, "test.thermal.shapes");
  for (int trial = 0; trial < 400; trial++) {
    thermal_plate_cfg_t c{};
    c.nsources = 1 + trial % THERMAL_MAX_SOURCES;
    for (int i = 0; i < c.nsources; i++) {
      int cased = rng_uniform(&r) < 0.6;
      c.src[i] = thermal_source_cfg_t{"s",
                                      1.0 / c.nsources,
                                      0.5 + 20 * rng_uniform(&r),
                                      0.02 + rng_uniform(&r),
                                      cased ? 1 + 30 * rng_uniform(&r) : 0,
                                      cased ? 0.01 + 0.2 * rng_uniform(&r) : 0};
    }
    c.c_plate_j_per_k = 50 + 200 * rng_uniform(&r);
    c.r_plate_air_k_per_w = trial % 3 ? 2 + 10 * rng_uniform(&r) : 0;
    thermal_net_t net;
    int j[THERMAL_MAX_SOURCES];
    thermal_plate_init(&net, &c, 35 + 10 * rng_uniform(&r), j);
    int other = trial % 4 == 3 && c.nsources >= 2;
    if (other) thermal_link(&net, j[0], j[1], 0.5);  // a junction to junction path: not a plate with chains
    net.g_cool_w_per_k[THERMAL_PLATE] = 5 + 30 * rng_uniform(&r);
    for (int step = 0; step < 3; step++) {
      int n = net.n;
      double dt = step == 2 ? 0 : 0.001 + 0.1 * rng_uniform(&r), p0[THERMAL_MAX_NODES] = {0},
             slope[THERMAL_MAX_NODES] = {0};
      // a strong slope now and then: the pivoted fallback
      for (int i = 0; i < c.nsources; i++) {
        p0[j[i]] = 300 * rng_uniform(&r);
        slope[j[i]] = trial % 5 == 4 ? 40 * rng_uniform(&r) : rng_uniform(&r);
      }
      std::vector<double> a((size_t)n * (n + 1), 0.0), want(n);
      for (int i = 0; i < n; i++) {
        double cdt = dt > 0 ? net.c_j_per_k[i] / dt : 0, diag = cdt + net.g_cool_w_per_k[i] + net.g_air_w_per_k[i];
        for (int k = 0; k < n; k++)
          if (k != i) {
            diag += net.g_w_per_k[i][k];
            a[(size_t)i * (n + 1) + k] = -net.g_w_per_k[i][k];
          }
        a[(size_t)i * (n + 1) + i] = diag - slope[i];
        want[i] =
            cdt * net.t_c[i] + p0[i] - slope[i] * net.t_c[i] + net.g_cool_w_per_k[i] * 35 + net.g_air_w_per_k[i] * 30;
      }
      int singular = dense_solve(a.data(), n + 1, n, want.data());
      int rc = thermal_step(&net, dt, p0, slope, 35, 30, nullptr);
      ASSERT_EQ(rc != 0, singular != 0) << "trial " << trial;
      if (rc) break;
      for (int i = 0; i < n; i++)
        ASSERT_NEAR(net.t_c[i], want[i], 1e-9 * (1 + std::fabs(want[i]))) << "trial " << trial << " node " << i;
    }
  }
}

TEST(Thermal, NoPathToABoundaryIsReported) {
  thermal_net_t net{};
  net.n = 1;
  double p0[1] = {10};
  EXPECT_NE(thermal_step(&net, 0, p0, nullptr, 35, 35, nullptr), 0);
}

// ---- coolant -------------------------------------------------------------

TEST(Coolant, HeatPickupIsMdotCpDeltaT) {
  // 400 W into 0.5 L/min of PG25 at 40 C: dT = P / (rho Q cp).
  fluid_props_t fp;
  fluid_props(FLUID_PG25, 40, &fp);
  double q = 0.5e-3 / 60, c = q * fp.rho_kg_per_m3 * fp.cp_j_per_kg_k;
  double out = coolant_outlet_c(40, 400, c);
  EXPECT_NEAR(out - 40, 400 / (fp.rho_kg_per_m3 * q * fp.cp_j_per_kg_k), 1e-12);
  EXPECT_NEAR(out - 40, 400 / (1010 * q * 3969), 0.02);  // with FACTS.md's table values
  EXPECT_NEAR(out - 40, 11.97, 0.02);                    // FACTS.md: 400 W at 0.35-0.7 L/min -> 17-8.5 K
}

TEST(Coolant, EffectivenessNtuLimits) {
  // Large capacity rate: the plate sees the inlet through r alone.
  EXPECT_NEAR(coolant_g_eff(0.03, 1e9), 1 / 0.03, 1e-4);
  // Small capacity rate: the fluid leaves at the plate temperature, g -> mdot cp.
  EXPECT_NEAR(coolant_g_eff(0.03, 0.5), 0.5, 1e-9);
  // In between: below both, and the closed form.
  double c = 33.0, r = 0.03, g = coolant_g_eff(r, c);
  EXPECT_LT(g, 1 / r);
  EXPECT_LT(g, c);
  EXPECT_NEAR(g, c * (1 - std::exp(-1 / (r * c))), 1e-12);
}

TEST(Coolant, ParallelBranchFlowSplit) {
  // dP = k Q^2 on each branch and one dP across all: Q_i ~ k_i^-1/2.
  std::vector<double> k{4e11, 1e11, 4e11, 16e11}, q(4);
  coolant_split(k.data(), 4, 10e-3 / 60, q.data());
  double sum = 0;
  for (double x : q) sum += x;
  EXPECT_NEAR(sum, 10e-3 / 60, 1e-15);
  EXPECT_NEAR(q[1] / q[0], 2.0, 1e-12);
  EXPECT_NEAR(q[0] / q[3], 2.0, 1e-12);
  double dp0 = k[0] * q[0] * q[0];
  for (int i = 1; i < 4; i++) EXPECT_NEAR(k[i] * q[i] * q[i], dp0, 1e-9 * dp0);
  // The equivalent k gives the same pressure drop for the total flow.
  EXPECT_NEAR(coolant_parallel_k(k.data(), 4) * sum * sum, dp0, 1e-9 * dp0);
}

TEST(Coolant, EqualBranchesSplitEqually) {
  std::vector<double> k(16, coolant_branch_k(15e3, 0.5e-3 / 60)), q(16);
  coolant_split(k.data(), 16, 8e-3 / 60, q.data());
  for (double x : q) EXPECT_NEAR(x * 60e3, 0.5, 1e-12);
  EXPECT_NEAR(k[0] * q[0] * q[0], 15e3, 1e-6);  // rated point recovered
}

TEST(Coolant, PumpOperatingPointIsTheCurvesIntersection) {
  double a = 150e3, qmax = 40e-3 / 60, b = a / (qmax * qmax), ksys = coolant_branch_k(60e3, 20e-3 / 60);
  double q = std::sqrt(a / (b + ksys));  // a - b q^2 = k q^2
  EXPECT_NEAR(a - b * q * q, ksys * q * q, 1e-6);
  EXPECT_GT(q, 0);
  EXPECT_LT(q, qmax);
}

// Melinder's PG25 correlation against the published values (FACTS.md), and
// the water table (IAPWS-95, NIST) at and between its points; within 0.5 %.
TEST(Coolant, FluidPropertiesMatchPublishedValues) {
  struct Row {
    fluid_t f;
    double t, rho, cp, mu, k;
  } rows[] = {
      {FLUID_PG25, 25, 1017, 3933, 2.07e-3, 0.472},         {FLUID_PG25, 40, 1010, 3969, 1.35e-3, 0.486},
      {FLUID_PG25, 45, 1007, 3981, 1.20e-3, 0.490},         {FLUID_WATER, 20, 998.21, 4182, 1.0016e-3, 0.5984},
      {FLUID_WATER, 40, 992.22, 4179, 0.6527e-3, 0.6305},   {FLUID_WATER, 25, 997.05, 4181.3, 0.8900e-3, 0.6071},
      {FLUID_WATER, 35, 994.03, 4178.3, 0.7191e-3, 0.6233},
  };
  for (const Row &r : rows) {
    fluid_props_t p;
    fluid_props(r.f, r.t, &p);
    const double tol = 0.005;
    EXPECT_NEAR(p.rho_kg_per_m3 / r.rho, 1, tol) << fluid_name(r.f) << " " << r.t;
    EXPECT_NEAR(p.cp_j_per_kg_k / r.cp, 1, tol) << fluid_name(r.f) << " " << r.t;
    EXPECT_NEAR(p.mu_pa_s / r.mu, 1, r.f == FLUID_WATER && (r.t == 25 || r.t == 35) ? 0.03 : tol)
        << fluid_name(r.f) << " " << r.t;  // linear interpolation of viscosity between 10 C points
    EXPECT_NEAR(p.k_w_per_m_k / r.k, 1, tol) << fluid_name(r.f) << " " << r.t;
  }
  EXPECT_DOUBLE_EQ(fluid_freeze_c(FLUID_PG25), -9.8);
}

// Plate-to-fluid resistance: h ~ Re^0.8 at fixed properties; the table form
// interpolates linearly.
TEST(Coolant, ConvectionScalesWithFlow) {
  double q = 0.5e-3 / 60;
  EXPECT_NEAR(coolant_r_conv(0.03, q, 0.8, nullptr, nullptr, 0, nullptr, nullptr, q), 0.03, 1e-15);
  EXPECT_NEAR(coolant_r_conv(0.03, q, 0.8, nullptr, nullptr, 0, nullptr, nullptr, 2 * q), 0.03 / std::pow(2, 0.8),
              1e-15);
  fluid_props_t a, b;
  fluid_props(FLUID_PG25, 35, &a);
  fluid_props(FLUID_PG25, 45, &b);  // warmer: thinner, so h rises
  EXPECT_LT(coolant_r_conv(0.03, q, 0.8, &a, &b, 0, nullptr, nullptr, q), 0.03);
  // the property exponents follow the flow exponent n: h ~ (rho v D / mu)^n (cp mu / k)^0.4 k
  for (double n : {0.8, 0.5}) {
    double h = std::pow(b.k_w_per_m_k / a.k_w_per_m_k, 0.6) * std::pow(b.rho_kg_per_m3 / a.rho_kg_per_m3, n) *
               std::pow(b.cp_j_per_kg_k / a.cp_j_per_kg_k, 0.4) * std::pow(b.mu_pa_s / a.mu_pa_s, 0.4 - n);
    EXPECT_NEAR(coolant_r_conv(0.03, q, n, &a, &b, 0, nullptr, nullptr, 2 * q), 0.03 / std::pow(2, n) / h, 1e-15) << n;
  }
  double tq[2] = {0.25e-3 / 60, 0.75e-3 / 60}, tr[2] = {0.05, 0.02};
  EXPECT_NEAR(coolant_r_conv(0.03, q, 0.8, nullptr, nullptr, 2, tq, tr, q), 0.035, 1e-12);
  EXPECT_TRUE(std::isinf(coolant_r_conv(0.03, q, 0.8, nullptr, nullptr, 0, nullptr, nullptr, 0)));
}

// ---- lanes, ports, ASIC, traffic, module ----------------------------------

TEST(Lanes, PortCarriesTheMinimumOfOfferedAndItsRate) {
  EXPECT_DOUBLE_EQ(port_carried_bps(1.5e12, 1.4e12), 1.4e12);
  EXPECT_DOUBLE_EQ(port_carried_bps(0.8e12, 1.4e12), 0.8e12);
  EXPECT_DOUBLE_EQ(lane_default_payload_bps(LANE_224G), 200e9);
  EXPECT_DOUBLE_EQ(lane_default_payload_bps(LANE_448G), 400e9);
}

TEST(Asic, CapacityIsSharedInProportion) {
  double want[3] = {60e12, 30e12, 30e12}, got[3];
  double total = asic_share(102.4e12, want, 3, got);
  EXPECT_NEAR(total, 102.4e12, 1);
  EXPECT_NEAR(got[0] / got[1], 2.0, 1e-12);
  double low[2] = {10e12, 20e12}, g2[2];
  EXPECT_DOUBLE_EQ(asic_share(102.4e12, low, 2, g2), 30e12);  // under capacity: untouched
  asic_power_cfg_t pc{550, 3e-12};
  EXPECT_NEAR(asic_power_w(&pc, 102.4e12), 550 + 307.2, 1e-9);
}

TEST(Traffic, MeansAreExactIntegrals) {
  traffic_profile_t r{};
  r.kind = TRAFFIC_RAMP;
  r.from = 0.2;
  r.to = 0.8;
  r.start = 10 * SIM_S;
  r.end = 20 * SIM_S;
  // Mean over [5, 15) s: 5 s at 0.2, then a ramp from 0.2 to 0.5.
  EXPECT_NEAR(traffic_mean(&r, 5 * SIM_S, 15 * SIM_S), (5 * 0.2 + 5 * 0.35) / 10, 1e-12);
  // Independent midpoint sum over [12, 25) s.
  double sum = 0;
  const int N = 130000;
  for (int i = 0; i < N; i++) {
    sim_time_t t = 12 * SIM_S + (sim_time_t)((i + 0.5) * (13.0 * SIM_S / N));
    sum += traffic_load_at(&r, t);
  }
  EXPECT_NEAR(traffic_mean(&r, 12 * SIM_S, 25 * SIM_S), sum / N, 1e-6);
  EXPECT_EQ(traffic_next_change(&r, 0, SIM_MS), 10 * SIM_S);
  EXPECT_EQ(traffic_next_change(&r, 10 * SIM_S, SIM_MS), 10 * SIM_S + SIM_MS);
  EXPECT_EQ(traffic_next_change(&r, 20 * SIM_S, SIM_MS), UINT64_MAX);
  traffic_profile_t s{};
  s.kind = TRAFFIC_STEP;
  s.from = 0.5;
  s.to = 0.9;
  s.at = 30 * SIM_S;
  EXPECT_NEAR(traffic_mean(&s, 29 * SIM_S, 31 * SIM_S), 0.7, 1e-12);
  EXPECT_EQ(traffic_next_change(&s, 0, SIM_MS), 30 * SIM_S);
}

// The daily profile: low 12 h from the peak, high at it; its mean over a
// day is (low + high) / 2, over the six hours after the peak the closed
// form (low + high) / 2 + (high - low) / 2 x sin(pi / 2) / (pi / 2), and
// over any stretch a midpoint sum of its values.
TEST(Traffic, DailyProfileIsACosineWithExactMeans) {
  traffic_profile_t d{};
  d.kind = TRAFFIC_DAILY;
  d.low = 0.3;
  d.high = 0.9;
  d.peak = 15 * 3600 * SIM_S;
  EXPECT_NEAR(traffic_load_at(&d, 15 * 3600 * SIM_S), 0.9, 1e-12);
  EXPECT_NEAR(traffic_load_at(&d, 3 * 3600 * SIM_S), 0.3, 1e-12);
  EXPECT_NEAR(traffic_load_at(&d, 9 * 3600 * SIM_S), 0.6, 1e-12);
  EXPECT_NEAR(traffic_load_at(&d, (24 + 15) * 3600 * SIM_S), 0.9, 1e-12);  // a day later
  EXPECT_NEAR(traffic_mean(&d, 0, TRAFFIC_DAY_PS), 0.6, 1e-12);
  EXPECT_NEAR(traffic_mean(&d, 15 * 3600 * SIM_S, 21 * 3600 * SIM_S), 0.6 + 0.3 * 2 / M_PI, 1e-12);
  double sum = 0;
  const int N = 100000;
  sim_time_t a = 7 * 3600 * SIM_S + 123 * SIM_S, span = 5 * 3600 * SIM_S;
  for (int i = 0; i < N; i++) sum += traffic_load_at(&d, a + (sim_time_t)((i + 0.5) * ((double)span / N)));
  EXPECT_NEAR(traffic_mean(&d, a, a + span), sum / N, 1e-9);
  // held over the traffic clock's ticks, all day and the next
  EXPECT_EQ(traffic_next_change(&d, 0, 10 * SIM_S), 10 * SIM_S);
  EXPECT_EQ(traffic_next_change(&d, 25 * 3600 * SIM_S + 1, 10 * SIM_S), 25 * 3600 * SIM_S + 10 * SIM_S);
}

// One law for a module's power: the lumped shorthand (static, energy_per_bit,
// leakage) is one component through a converter of efficiency 1.
TEST(Module, PowerIsStaticPlusTrafficPlusLeakage) {
  module_power_cfg_t m{};
  m.n = 1;
  m.dcdc_efficiency = 1;
  m.c[0].static_w = 60;
  m.c[0].energy_per_bit_j = 12e-12;
  m.c[0].leak_ref_w = 15;
  m.c[0].leak_ref_c = 60;
  m.c[0].leak_doubling_k = 20;
  double slope;
  double p = power_component_w(&m.c[0], 64, 12.8e12, 60, &slope);
  EXPECT_NEAR(p, 60 + 153.6 + 15, 1e-9);
  EXPECT_NEAR(module_input_w(&m, 64, 12.8e12, 60), p, 1e-12);
  // Leakage doubles every 20 K.
  EXPECT_NEAR(module_input_w(&m, 0, 0, 80) - 60, 30, 1e-9);
  EXPECT_NEAR(module_input_w(&m, 0, 0, 40) - 60, 7.5, 1e-9);
  // The slope is the derivative (central difference).
  double h = 1e-4;
  double num = (module_input_w(&m, 64, 12.8e12, 60 + h) - module_input_w(&m, 64, 12.8e12, 60 - h)) / (2 * h);
  EXPECT_NEAR(slope, num, 1e-6);
  // A converter of efficiency 0.8 draws a quarter more than its components.
  m.dcdc_efficiency = 0.8;
  EXPECT_NEAR(module_input_w(&m, 64, 12.8e12, 60), (60 + 153.6 + 15) / 0.8, 1e-9);
}

// ---- cage, scenario --------------------------------------------------------

cage_cfg_t xpo_cage(int rows, int cols, double panel_m) {
  cage_cfg_t c{};
  c.rows = rows;
  c.cols = cols;
  c.module_width_m = 60.8e-3;
  c.module_height_m = 21.3e-3;
  c.module_length_m = 111.8e-3;
  c.col_pitch_m = 60.8e-3;
  c.row_pitch_m = 21.3e-3;
  c.panel_width_m = panel_m;
  c.unit_height_m = 44.45e-3;
  c.max_rows = 2;
  return c;
}

TEST(Cage, EightAcrossFitsTwentyOneInchesNotNineteen) {
  char msg[256];
  cage_cfg_t ocp = xpo_cage(2, 8, 533.4e-3), eia = xpo_cage(2, 8, 450e-3), three = xpo_cage(3, 8, 533.4e-3);
  EXPECT_EQ(cage_check(&ocp, msg, sizeof msg), 0);
  EXPECT_NEAR(cage_used_width_m(&ocp), 486.4e-3, 1e-12);
  EXPECT_NE(cage_check(&eia, msg, sizeof msg), 0);
  EXPECT_NE(cage_check(&three, msg, sizeof msg), 0);
  double x, y;
  cage_slot_xy(&ocp, 1, 3, &x, &y);
  EXPECT_NEAR(x, 3 * 60.8e-3, 1e-12);
  EXPECT_NEAR(y, 21.3e-3, 1e-12);
}

TEST(Scenario, SortIsByTimeAndKeepsFileOrderForTies) {
  scn_event_t ev[4] = {};
  const sim_time_t at[4] = {30, 10, 30, 10};
  for (int i = 0; i < 4; i++) ev[i].at = at[i], ev[i].value = i + 1;
  scenario_sort(ev, 4);
  EXPECT_EQ(ev[0].value, 2);
  EXPECT_EQ(ev[1].value, 4);
  EXPECT_EQ(ev[2].value, 1);
  EXPECT_EQ(ev[3].value, 3);
}

}  // namespace

#include "trace/trace.h"

namespace {
// CSV cells: quoted only when they must be, and read back whole.
TEST(Trace, CsvCellsRoundTrip) {
  const char *cells[] = {"30 C", "{ kind: constant, load: 0.3 }", "say \"hi\"", "", "a\nb", "plain"};
  char *buf = nullptr;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  ASSERT_NE(f, nullptr);
  for (size_t i = 0; i < 6; i++) {
    if (i) fputc(',', f);
    trace_csv_cell(f, cells[i]);
  }
  fputc('\n', f);
  fclose(f);
  EXPECT_EQ(std::string(buf).substr(0, 37), "30 C,\"{ kind: constant, load: 0.3 }\",");
  const char *p = buf, *end = buf + len - 1;  // the last newline ends the row
  for (size_t i = 0; i < 6; i++) {
    char out[64];
    ASSERT_NE(p, nullptr) << i;
    p = trace_csv_next(p, end, out, sizeof out);
    EXPECT_STREQ(out, cells[i]) << i;
  }
  EXPECT_EQ(p, nullptr);
  free(buf);
}

// A trace written on change, row by row: a row that prints as the one before
// is left out; the last one left out comes back before the next change and
// at close; a cell whose bits move below its printed digits is no change.
TEST(Trace, OnChangeWritesTheRowBeforeEachChange) {
  char path[] = "/tmp/xposim-trace-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  trace_csv_t t;
  const char *cols[] = {"a_w", "b_c"};
  ASSERT_EQ(trace_csv_open(&t, path, nullptr, 0, cols, 2), 0);
  t.on_change = 1;
  const double rows[][2] = {{1, 5}, {1, 5}, {1, 5 + 1e-12}, {2, 5}, {2, 5}, {2, 6}, {2, 6}, {2, 6}};
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) trace_csv_row(&t, i * SIM_MS, rows[i]);
  ASSERT_EQ(trace_csv_close(&t), 0);
  FILE *f = fopen(path, "r");
  ASSERT_NE(f, nullptr);
  char buf[512] = "";
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  unlink(path);
  buf[n] = 0;
  // t = 0; 2 ms (the last of three alike, 5 + 1e-12 prints as 5) before the
  // change at 3 ms; 4 ms before 5 ms; 7 ms at close
  EXPECT_STREQ(buf, "time_s,a_w,b_c\n0,1,5\n0.002,1,5\n0.003,2,5\n0.004,2,5\n0.005,2,6\n0.007,2,6\n");
  EXPECT_EQ(t.rows_in, 8u);
  EXPECT_EQ(t.rows_out, 6u);
}

// Cells are the formatter's text of their value whether it was formatted
// for that cell or remembered from another (a value repeated across
// columns, one of many sharing the memo's slots, a sign or a last bit apart).
TEST(Trace, EveryCellIsItsValuesText) {
  char path[] = "/tmp/xposim-trace-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  const size_t nc = 48, nr = 400;
  std::vector<std::string> names;
  for (size_t i = 0; i < nc; i++) names.push_back("c" + std::to_string(i));
  std::vector<const char *> cols;
  for (auto &n : names) cols.push_back(n.c_str());
  trace_csv_t t;
  ASSERT_EQ(trace_csv_open(&t, path, nullptr, 0, cols.data(), nc), 0);
  rng_t r;
  rng_init(&r, 3, "test.trace.memo");
  std::vector<double> few = {41.8313173, -41.8313173, 0.5, 1e-7, 480}, many;
  for (int i = 0; i < 5000; i++) many.push_back((rng_uniform(&r) - 0.3) * std::pow(10, 12 * rng_uniform(&r) - 4));
  double x = 52.7787057;
  few.push_back(x);
  few.push_back(std::nextafter(x, 100));
  std::vector<std::vector<double>> rows(nr, std::vector<double>(nc));
  for (size_t k = 0; k < nr; k++) {
    for (size_t i = 0; i < nc; i++) {
      double u = rng_uniform(&r);
      rows[k][i] = u < 0.5 ? few[(size_t)(u * 2 * few.size()) % few.size()] : many[(size_t)(u * 1e6) % many.size()];
    }
    trace_csv_row(&t, k * SIM_MS, rows[k].data());
  }
  ASSERT_EQ(trace_csv_close(&t), 0);
  FILE *f = fopen(path, "r");
  ASSERT_NE(f, nullptr);
  char line[8192];
  ASSERT_NE(fgets(line, sizeof line, f), nullptr);  // the header
  for (size_t k = 0; k < nr; k++) {
    ASSERT_NE(fgets(line, sizeof line, f), nullptr) << k;
    std::string want;
    char tb[40], cell[TRACE_CELL_MAX];
    trace_time_s(k * SIM_MS, tb, sizeof tb);
    want = tb;
    for (size_t i = 0; i < nc; i++) {
      trace_fmt_g9(cell, rows[k][i]);
      want += ",";
      want += cell;
    }
    EXPECT_EQ(std::string(line), want + "\n") << "row " << k;
  }
  fclose(f);
  unlink(path);
}

// Row times: exact seconds from picoseconds, no trailing zeros, against
// printf's digits; a short buffer is cut, never overrun.
TEST(Trace, TimeIsExactSecondsWithoutTrailingZeros) {
  const std::pair<sim_time_t, const char *> cases[] = {{0, "0"},
                                                       {1, "0.000000000001"},
                                                       {SIM_S, "1"},
                                                       {12 * SIM_S + SIM_S / 2, "12.5"},
                                                       {SIM_S / 100, "0.01"},
                                                       {86400 * SIM_S + 7, "86400.000000000007"},
                                                       {9000000 * SIM_S + 999999999999ull, "9000000.999999999999"}};
  for (const auto &c : cases) {
    char b[40];
    trace_time_s(c.first, b, sizeof b);
    EXPECT_STREQ(b, c.second);
  }
  rng_t r;
  rng_init(&r, 3, "test.time");
  for (int i = 0; i < 100000; i++) {
    sim_time_t t = rng_u64(&r) % (1000000ull * SIM_S);
    if (i % 3 == 0) t -= t % 1000000000ull; /* whole milliseconds, as samples mostly are */
    char a[40], b[48];
    trace_time_s(t, a, sizeof a);
    snprintf(b, sizeof b, "%llu.%012llu", (unsigned long long)(t / SIM_S), (unsigned long long)(t % SIM_S));
    size_t n = strlen(b);
    while (b[n - 1] == '0') b[--n] = 0;
    if (b[n - 1] == '.') b[--n] = 0;
    ASSERT_STREQ(a, b) << t;
  }
  char small[4];
  trace_time_s(12 * SIM_S + SIM_S / 2, small, sizeof small);
  EXPECT_STREQ(small, "12.");
}

// The trace number formatter against printf's %.9g over many magnitudes.
TEST(Trace, NumberFormatMatchesPrintfG9) {
  rng_t r;
  rng_init(&r, 1, "test.fmt");
  int same = 0, n = 0;
  for (int i = 0; i < 200000; i++) {
    double v = std::ldexp(rng_uniform(&r) - 0.5, (int)(rng_u64(&r) % 120) - 60);
    char a[64], b[64];
    trace_fmt_g9(a, v);
    snprintf(b, sizeof b, "%.9g", v);
    n++;
    if (!strcmp(a, b))
      same++;
    else  // at most a half-way rounding difference in the ninth digit
      ASSERT_NEAR(std::strtod(a, nullptr), v, std::fabs(v) * 1.01e-8) << a << " vs " << b;
  }
  EXPECT_GT(same, n * 0.999);
  {  // a negative zero is written "0": traces show no sign on nothing
    char a[8];
    EXPECT_EQ(trace_fmt_g9(a, -0.0), 1);
    EXPECT_STREQ(a, "0");
  }
  for (double v : {0.0, 1.0, 10.0, 100000000.0, 1e9, 0.0001, 0.00001, 123.456, -2.5, 1e-300, 35.0, 0.1, 1e100, -3e-150,
                   2.5e200, 7e-10, 1e99}) {
    char a[64], b[64];
    trace_fmt_g9(a, v);
    snprintf(b, sizeof b, "%.9g", v);
    EXPECT_STREQ(a, b);
  }
}
}  // namespace

// ---- numeric -----------------------------------------------------------------

// Whole numbers are written as printf's %.12g and %.15g write them; anything
// else is left to printf.
TEST(Numeric, WholeNumbersAreWrittenAsPrintfWould) {
  rng_t r;
  rng_init(&r, 5, "test.whole");
  std::vector<double> vals = {
      1,    -1,       7,    10,        99,       100,  1e11,   1e12 - 1, 1e12, 1e12 + 1,
      1e14, 1e15 - 1, 1e15, -1e15 + 1, 0.5,      -0.5, 1e-300, 2.5,      3e20, 9007199254740993.0,
      0.0,  -0.0,     NAN,  INFINITY,  -INFINITY};
  for (int i = 0; i < 20000; i++) {
    double mag = std::pow(10, 16 * rng_uniform(&r));
    vals.push_back(std::round(mag) * (i % 2 ? -1 : 1));
    vals.push_back(mag);
  }
  for (double v : vals)
    for (int digits : {12, 15}) {
      char mine[24], want[64];
      size_t n = whole_number_text(mine, v, std::pow(10, digits));
      snprintf(want, sizeof want, "%.*g", digits, v);
      bool whole = v != 0 && std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < std::pow(10, digits);
      ASSERT_EQ(n > 0, whole) << v;
      if (n) {
        EXPECT_STREQ(mine, want) << v;
        EXPECT_EQ(n, strlen(want));
      }
    }
}

TEST(Numeric, InterpolationIsLinearBetweenPointsAndHeldOutside) {
  const double x[] = {0, 1, 3}, y[] = {10, 20, 0};
  EXPECT_DOUBLE_EQ(interp_linear(x, y, 1, 3, -5), 10);
  EXPECT_DOUBLE_EQ(interp_linear(x, y, 1, 3, 0.25), 12.5);
  EXPECT_DOUBLE_EQ(interp_linear(x, y, 1, 3, 1), 20);
  EXPECT_DOUBLE_EQ(interp_linear(x, y, 1, 3, 2), 10);
  EXPECT_DOUBLE_EQ(interp_linear(x, y, 1, 3, 9), 0);
  EXPECT_DOUBLE_EQ(interp_linear(x, y, 1, 1, 7), 10);  // one point: constant
  // rows of (x, y) read in place with a stride of 2
  const double rows[] = {0, 5, 2, 9};
  EXPECT_DOUBLE_EQ(interp_linear(&rows[0], &rows[1], 2, 2, 1), 7);
}

static int by_key(const void *a, const void *b) {
  int x = *(const int *)a / 10, y = *(const int *)b / 10;  // the tens are the key, the units the order
  return (x > y) - (x < y);
}

TEST(Numeric, SortKeepsTheOrderOfEqualKeys) {
  int v[] = {31, 10, 32, 11, 20, 33, 12};
  sort_stable(v, 7, sizeof v[0], by_key);
  const int want[] = {10, 11, 12, 20, 31, 32, 33};
  for (int i = 0; i < 7; i++) EXPECT_EQ(v[i], want[i]) << i;
  sort_stable(v, 0, sizeof v[0], by_key);  // nothing to do
}

TEST(Numeric, DenseSolvePivotsAndRefusesASingularSystem) {
  // a zero first pivot needs a row swap; x = (1, 2, 3)
  double a[3][4] = {{0, 2, 1, 0}, {1, 1, 1, 0}, {2, 0, 3, 0}}, b[3] = {7, 6, 11};
  ASSERT_EQ(dense_solve(&a[0][0], 4, 3, b), 0);
  EXPECT_NEAR(b[0], 1, 1e-12);
  EXPECT_NEAR(b[1], 2, 1e-12);
  EXPECT_NEAR(b[2], 3, 1e-12);
  double s[2][2] = {{1, 2}, {2, 4}}, r[2] = {1, 2};
  EXPECT_EQ(dense_solve(&s[0][0], 2, 2, r), -1);
}

// The fan tray against its curves, solved here by bisection rather than the
// closed form: where n fans' combined curve meets the chassis' k Q^2, the
// affinity laws at half speed, a failed fan, and a heat sink's resistance
// at another velocity.
TEST(Fans, OperatingPointWhereTheFanCurveMeetsTheSystemCurve) {
  fan_cfg_t c = {8, 1000, 0.012, 25, 1, 400, 0.06, 0.6};
  for (int n : {8, 7, 1}) {
    for (double s : {1.0, 0.5}) {
      // n fans at speed s: dp_fan(Q) = s^2 p0 (1 - (Q / (n s q0))^2); the chassis: 400 (Q / 0.06)^2
      double lo = 0, hi = n * s * 0.012;
      for (int i = 0; i < 200; i++) {
        double q = (lo + hi) / 2, fan = s * s * 1000 * (1 - std::pow(q / (n * s * 0.012), 2));
        (fan > 400 * std::pow(q / 0.06, 2) ? lo : hi) = q;
      }
      double q = fan_flow_m3_per_s(&c, n, s);
      EXPECT_NEAR(q, lo, 1e-12) << n << " fans at " << s;
      EXPECT_NEAR(fan_pressure_pa(&c, q), 400 * std::pow(lo / 0.06, 2), 1e-6);
      EXPECT_NEAR(fan_power_w(&c, n, s), n * 25 * s * s * s, 1e-12);  // power ~ speed^3
    }
    EXPECT_NEAR(fan_flow_m3_per_s(&c, n, 0.5), 0.5 * fan_flow_m3_per_s(&c, n, 1), 1e-15);  // flow ~ speed
  }
  EXPECT_EQ(fan_flow_m3_per_s(&c, 0, 1), 0);  // every fan failed: still air
  EXPECT_EQ(fan_power_w(&c, 0, 1), 0);
  sink_cfg_t k = {0.25, 3, 0.6, 0};
  EXPECT_NEAR(sink_r_k_per_w(&k, 3), 0.25, 1e-15);
  EXPECT_NEAR(sink_r_k_per_w(&k, 12), 0.25 * std::pow(0.25, 0.6), 1e-15);  // 4x the air: 4^-0.6
  EXPECT_TRUE(std::isinf(sink_r_k_per_w(&k, 0)));
  // dry air at 35 C: 101325 / (287.05 x 308.15) = 1.1455 kg/m3
  EXPECT_NEAR(air_density_kg_per_m3(35), 1.1455, 1e-4);
}

// Laser bias at constant output: the datasheet's bias at temp_ref; the
// threshold alone grows e-fold per T0 (no slope loss); the slope term alone
// doubles where half the slope efficiency is gone; capped at the driver's
// largest current, also past the temperature where the slope is gone.
TEST(Laser, BiasAgainstTemperatureByHand) {
  laser_cfg_t c = {0.010, 0.040, 25, 60, 0.0075, 0.15, "laser_driver"};
  EXPECT_DOUBLE_EQ(laser_bias_a(&c, 25), 0.040);
  laser_cfg_t th = c;
  th.slope_loss_per_k = 0;
  EXPECT_NEAR(laser_bias_a(&th, 85), 0.010 * std::exp(1.0) + 0.030, 1e-12);
  laser_cfg_t sl = c;
  sl.threshold_a = 0;
  EXPECT_NEAR(laser_bias_a(&sl, 25 + 0.5 / 0.0075), 0.080, 1e-12);
  EXPECT_NEAR(laser_bias_a(&c, 70), 0.010 * std::exp(45.0 / 60) + 0.030 / (1 - 0.0075 * 45), 1e-12);
  EXPECT_DOUBLE_EQ(laser_bias_a(&c, 125), 0.15);  // 0.25 of the slope left: over the cap
  EXPECT_DOUBLE_EQ(laser_bias_a(&c, 25 + 1 / 0.0075 + 1), 0.15);
  double prev = 0;
  for (double t = -20; t < 160; t += 0.5) {  // never falls as the laser warms
    EXPECT_GE(laser_bias_a(&c, t), prev) << t;
    prev = laser_bias_a(&c, t);
  }
}
