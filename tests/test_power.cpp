// Power: components, PSUs, the bus, the management bus, the PID, the
// leakage fixed point; and end to end the energy books, PSU failure with and
// without the cap, throttling with hysteresis, I2C against I3C, LPO against DSP.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "power.h"
#include "test_support.h"
#include "thermal.h"

namespace {

const std::string SRC = XPOSIM_SOURCE_DIR;
const std::string BIN = XPOSIM_BINARY;

TEST(Power, PsuEfficiencyInterpolatesLinearly) {
  psu_cfg_t c{};
  c.count = 3;
  c.capacity_w = 3000;
  c.npoints = 3;
  c.load[0] = 0.1, c.eff[0] = 0.90;
  c.load[1] = 0.5, c.eff[1] = 0.96;
  c.load[2] = 1.0, c.eff[2] = 0.94;
  EXPECT_DOUBLE_EQ(psu_efficiency(&c, 0.3), 0.93);
  EXPECT_DOUBLE_EQ(psu_efficiency(&c, 0.75), 0.95);
  EXPECT_DOUBLE_EQ(psu_efficiency(&c, 0.05), 0.90);  // clamped
  EXPECT_DOUBLE_EQ(psu_efficiency(&c, 1.2), 0.94);
  // Two PSUs sharing 3 kW run at 0.5 load each: 3000 / 0.96 in.
  EXPECT_NEAR(psu_input_w(&c, 2, 3000), 3000 / 0.96, 1e-9);
}

TEST(Power, BusVoltageSolvesTheConstantPowerLoad) {
  // V = Vset - I R with I = P / V.
  double v = bus_voltage(54, 0.01, 5000);
  EXPECT_NEAR(v, 54 - 0.01 * 5000 / v, 1e-12);
  EXPECT_GT(v, 50);
  EXPECT_TRUE(std::isnan(bus_voltage(54, 0.01, 54 * 54 / 0.04 * 1.01)));  // beyond Vset^2/4R: collapse
  EXPECT_DOUBLE_EQ(bus_voltage(54, 0, 5000), 54);
}

TEST(Power, ManagementBusReadTimeIsTheClosedForm) {
  // Start, address+W, register, repeated start, address+R, 2 data bytes, stop:
  // 5 bytes x 9 bit times + 3 = 48 bit times.
  EXPECT_DOUBLE_EQ(mgmt_read_s(MGMT_I2C_100K, 2), 48 / 100e3);
  EXPECT_DOUBLE_EQ(mgmt_read_s(MGMT_I2C_400K, 2), 48 / 400e3);
  EXPECT_DOUBLE_EQ(mgmt_read_s(MGMT_I2C_1M, 2), 48 / 1e6);
  EXPECT_DOUBLE_EQ(mgmt_read_s(MGMT_I3C, 2), 48 / 12.5e6);
  EXPECT_NEAR(mgmt_read_s(MGMT_I2C_400K, 2) / mgmt_read_s(MGMT_I3C, 2), 31.25, 1e-12);
}

// A PID on a first-order plant y' = (K u - y) / tau must bring a step of the
// set point to within its band and hold it.
TEST(Power, PidSettlesWithinItsBandOnAStep) {
  pid_t_ p{2.0, 1.0, 0.0, 0.0, 10.0, 0, 0, 0};
  const double K = 3, tau = 2, dt = 0.01, target = 6;
  double y = 0, worst_late = 0;
  for (int k = 0; k < 6000; k++) {
    double u = pid_step(&p, target - y, dt);
    y += dt * (K * u - y) / tau;
    if (k * dt > 30) worst_late = std::max(worst_late, std::fabs(y - target));
  }
  EXPECT_LT(worst_late, 0.01 * target);
  // Saturated output does not wind the integral up.
  pid_t_ q{1.0, 1.0, 0.0, 0.0, 1.0, 0, 0, 0};
  for (int k = 0; k < 1000; k++) pid_step(&q, 100, 0.01);
  EXPECT_LE(q.integral, 1.0 + 1e-12);
}

TEST(Power, ComponentsOfTheKinds) {
  module_power_cfg_t dsp, lpo;
  module_components_defaults(MODULE_DSP, &dsp);
  module_components_defaults(MODULE_LPO, &lpo);
  auto total = [](const module_power_cfg_t &m, double bps) {
    double s = 0;
    for (int i = 0; i < m.n; i++) s += power_component_w(&m.c[i], 64, bps, 60, nullptr);
    return s / m.dcdc_efficiency;
  };
  double d = total(dsp, 0.9 * 12.8e12), l = total(lpo, 0.9 * 12.8e12);
  EXPECT_NEAR(d, 200, 15);  // about 17 pJ/bit at 12.8 Tb/s, as a 1.6T OSFP
  EXPECT_LT(l, 0.5 * d);    // no DSP, no host SerDes
  // One component by hand: static + lanes x per lane + bits x energy + leakage.
  power_component_cfg_t c{"x", "x", 10, 0.5, 2e-12, 4, 60, 20};
  double slope;
  EXPECT_DOUBLE_EQ(power_component_w(&c, 64, 1e12, 80, &slope), 10 + 32 + 2 + 8);
  EXPECT_NEAR(slope, 8 * std::log(2.0) / 20, 1e-12);
}

// Leakage fixed point on one node: T = Tc + P(T)/G with P(T) = P0 + L 2^((T-Tr)/d).
// The backward-Euler steady solve iterated as the graph does (linearised
// power) against bisection here; and no fixed point when leakage outgrows G.
double solve_like_graph(double P0, double L, double G, double Tc, bool *ok) {
  thermal_net_t n{};
  n.n = 1;
  n.g_cool_w_per_k[0] = G;
  n.t_c[0] = Tc;
  power_component_cfg_t c{"x", "x", P0, 0, 0, L, 60, 20};
  for (int it = 0; it < 60; it++) {
    double s, p = power_component_w(&c, 0, 0, n.t_c[0], &s);
    double before = n.t_c[0];
    double p0[THERMAL_MAX_NODES] = {p}, sl[THERMAL_MAX_NODES] = {s};
    if (thermal_step(&n, 0, p0, sl, Tc, 0, nullptr) || !(n.t_c[0] < 1000)) break;
    if (std::fabs(n.t_c[0] - before) < 1e-10) {
      *ok = true;
      return n.t_c[0];
    }
  }
  *ok = false;
  return NAN;
}

TEST(Power, LeakageFixedPointMatchesAHandSolution) {
  const double P0 = 150, L = 20, G = 6, Tc = 35;
  bool ok;
  double t = solve_like_graph(P0, L, G, Tc, &ok);
  ASSERT_TRUE(ok);
  // f(T) = Tc + P(T)/G - T is positive at Tc and falls to its minimum where
  // P'(T) = G; the stable fixed point lies between. Bisection there.
  double lo = Tc, hi = 60 + 20 * std::log2(20 * G / (L * std::log(2.0)));
  auto f = [&](double T) { return Tc + (P0 + L * std::exp2((T - 60) / 20)) / G - T; };
  ASSERT_GT(f(lo), 0);
  ASSERT_LT(f(hi), 0);
  for (int i = 0; i < 200; i++) {
    double mid = 0.5 * (lo + hi);
    (f(mid) > 0 ? lo : hi) = mid;
  }
  EXPECT_NEAR(t, 0.5 * (lo + hi), 1e-8);
}

TEST(Power, ThermalRunawayHasNoFixedPoint) {
  bool ok = true;
  solve_like_graph(150, 400, 1.0, 35, &ok);  // leakage slope beats the conductance at every temperature
  EXPECT_FALSE(ok);
}

// A module whose leakage outgrows its cooling. Past control.runaway (150 C)
// the run reports the runaway and completes; past solver.max_junction
// (250 C) the state cannot happen and the run fails with the reason (exit 3,
// named in summary.json and events.log).
TEST(Power, RunawayIsDetectedAndReported) {
  std::string d = xt::scratch("power_runaway");
  std::string topo =
      "xposim: 1\nname: runaway\nduration: 0.2 s\ncage: { rows: 1, columns: 1 }\n"
      "module_types:\n  m:\n    lane_rate: 224G\n    ports: 8x1.6T\n"
      "    power: { components: { dsp: { leakage: 150 W, leakage_doubling: 5 K } } }\n"
      "    thermal: { r_plate_coolant: 2 K/W }\n"
      "slots: { fill: m }\n";
  std::string mild = topo;  // capped at 480 W, it settles near 234 C: a runaway, yet a state that can happen
  mild.replace(mild.find("leakage: 150 W, leakage_doubling: 5 K"), 37, "leakage: 80 W, leakage_doubling: 20 K");
  mild.replace(mild.find("r_plate_coolant: 2 K/W"), 22, "r_plate_coolant: 0.3 K/W");
  std::ofstream(d + "/t.yaml") << mild;
  EXPECT_EQ(xt::sh(BIN + " run " + d + "/t.yaml -o " + d + "/r --quiet"), 0);
  std::string j = xt::slurp(d + "/r/summary.json");
  EXPECT_EQ(xt::json_number(j, "thermal_runaway"), 1);
  EXPECT_LE(xt::json_number(j, "power_w_peak"), 480 + 1100);  // the module at its cap, plus the ASIC
  EXPECT_GT(xt::json_number(j, "max_junction_c"), 150);
  EXPECT_LT(xt::json_number(j, "max_junction_c"), 250);
  EXPECT_NE(xt::slurp(d + "/r/events.log").find(" runaway slot[0] junction at "), std::string::npos);
  // the hot lanes fail every codeword while degraded: counted in bulk, not one event each
  EXPECT_LT(xt::json_number(j, "events"), 1e6);

  std::ofstream(d + "/f.yaml") << topo;
  EXPECT_EQ(xt::sh(BIN + " run " + d + "/f.yaml -o " + d + "/f --quiet 2>" + d + "/err.txt"), 3);
  std::string f = xt::slurp(d + "/f/summary.json");
  EXPECT_NE(f.find("\"status\": \"failed\""), std::string::npos) << f;
  EXPECT_NE(f.find("past solver.max_junction 250 C"), std::string::npos) << f;
  EXPECT_NE(f.find("\"pass\": false\n}"), std::string::npos) << f;
  EXPECT_TRUE(std::isnan(xt::json_number(f, "max_junction_c")));  // null: a KPI of part of a run is not given
  EXPECT_NE(xt::slurp(d + "/f/events.log").find(" error slot[0]: junction at "), std::string::npos);
  EXPECT_NE(xt::slurp(d + "/err.txt").find("the run failed at t = "), std::string::npos) << xt::slurp(d + "/err.txt");
}

// The feed's books: every joule the PSUs draw is a component's, a converter's,
// a conductor's or the fans', on every config.
TEST(Power, FeedEnergyIsComponentsPlusLosses) {
  for (const auto &cfg : xt::list(SRC + "/configs", ".yaml")) {
    std::string d = xt::scratch("power_books");
    ASSERT_EQ(xt::sh(BIN + " run " + SRC + "/configs/" + cfg + " -o " + d + "/r --quiet"), 0) << cfg;
    std::string j = xt::slurp(d + "/r/summary.json");
    double feed = xt::json_number(j, "feed_energy_j");
    double parts = xt::json_number(j, "components_energy_j") + xt::json_number(j, "asic_energy_j") +
                   xt::json_number(j, "dcdc_loss_j") + xt::json_number(j, "vr_loss_j") +
                   xt::json_number(j, "cable_loss_j") + xt::json_number(j, "busbar_loss_j") +
                   xt::json_number(j, "psu_loss_j") + xt::json_number(j, "fan_energy_j");
    EXPECT_NEAR(parts / feed, 1, 1e-3) << cfg;
    // no loss is negative, not even by a linearisation's rounding while junctions move
    for (const char *k : {"dcdc_loss_j", "vr_loss_j", "cable_loss_j", "busbar_loss_j", "psu_loss_j"})
      EXPECT_GE(xt::json_number(j, k), -1e-12 * feed) << cfg << " " << k;
    // and the heat the thermal networks received is the devices' part of it
    double heat = xt::json_number(j, "energy_in_j");
    EXPECT_NEAR((xt::json_number(j, "components_energy_j") + xt::json_number(j, "asic_energy_j") +
                 xt::json_number(j, "dcdc_loss_j")) /
                    heat,
                1, 1e-6)
        << cfg;
  }
}

TEST(PsuFailure, TheCapKeepsTheBusUpAndWithoutItModulesBrownOut) {
  std::string d = xt::scratch("power_psu");
  ASSERT_EQ(xt::sh(BIN + " run " + SRC + "/configs/psu-failure.yaml -o " + d + "/cap --quiet"), 0);
  std::string j = xt::slurp(d + "/cap/summary.json");
  EXPECT_EQ(xt::json_number(j, "brownouts"), 0);
  EXPECT_LT(xt::json_number(j, "throughput_tbps_min"), 200);  // ports were shed
  std::string text = xt::slurp(SRC + "/configs/psu-failure.yaml");
  text.replace(text.find("power_cap: true"), 15, "power_cap: false");
  text = text.substr(0, text.find("expect:"));
  std::ofstream(d + "/nocap.yaml") << text;
  ASSERT_EQ(xt::sh(BIN + " run " + d + "/nocap.yaml -o " + d + "/nocap --quiet"), 0);
  std::string k = xt::slurp(d + "/nocap/summary.json");
  EXPECT_GT(xt::json_number(k, "brownouts"), 0);
  std::string log = xt::slurp(d + "/nocap/events.log");
  // The bus held for the 20 ms hold-up, then the modules went down.
  EXPECT_NE(log.find("\n10.02 brownout slot[0]"), std::string::npos) << log.substr(0, 2000);
}

// A scripted heat ramp: the supply climbs in steps, then falls. The throttle
// sheds a port at every reading at or above the limit and restores one at
// every reading at or below limit - hysteresis; nothing in between.
// Two DSP modules at full load while the supply climbs 30, 40, 50, 55 C and
// falls back to 30 C at 35 s; throttle limit 72 C, hysteresis 6 K, then
// `extra` inside control.throttle. Runs it into d/r.
int heat_ramp(const std::string &d, const std::string &extra, const std::string &sample = "10 ms") {
  std::ofstream(d + "/t.yaml")
      << "xposim: 1\nname: ramp\nduration: 60 s\nsample: " << sample
      << "\ncage: { rows: 1, columns: 2 }\n"
         "module_types: { m: { lane_rate: 224G, ports: 8x1.6T, power: { kind: dsp } } }\nslots: { fill: m }\n"
         "coolant: { supply: 30 C }\ntraffic: [ { slots: all, profile: { kind: constant, load: 1.0 } } ]\n"
         "scenario:\n  - { at: 5 s, supply: 40 C }\n  - { at: 10 s, supply: 50 C }\n  - { at: 20 s, supply: 55 C }\n"
         "  - { at: 35 s, supply: 30 C }\n"
         "control: { throttle: { limit: 72 C, hysteresis: 6 K"
      << extra << " }, management: { bus: i2c-400k, poll: 10 ms } }\n";
  return xt::sh(BIN + " run " + d + "/t.yaml -o " + d + "/r --quiet");
}

TEST(Throttle, ActsWithHysteresisOnAHeatRamp) {
  std::string d = xt::scratch("power_throttle");
  ASSERT_EQ(heat_ramp(d, ""), 0);
  std::istringstream in(xt::slurp(d + "/r/events.log"));
  std::string line;
  int shed = 0, restored = 0;
  while (std::getline(in, line)) {
    size_t p = line.find("junction ");
    if (p == std::string::npos) continue;
    double tj = std::strtod(line.c_str() + p + 9, nullptr);
    if (line.find(" throttle ") != std::string::npos) {
      shed++;
      EXPECT_GE(tj, 72.0) << line;
    } else if (line.find(" unthrottle ") != std::string::npos) {
      restored++;
      EXPECT_LE(tj, 66.0) << line;
    }
  }
  EXPECT_GT(shed, 0);
  EXPECT_GT(restored, 0);
  std::string j = xt::slurp(d + "/r/summary.json");
  EXPECT_LT(xt::json_number(j, "throughput_tbps_min"), xt::json_number(j, "throughput_tbps_max"));
}

// The same ramp with action: half-rate. A step runs one more port (from the
// last) at half rate: its lanes train again (down for exactly the training
// time), then it carries half the port rate; per-lane power of its lanes is
// half_rate_lane_power of full, computed here from the component table.
TEST(Throttle, HalfRateRetrainsAPortAndHalvesIt) {
  std::string d = xt::scratch("power_half_rate");
  ASSERT_EQ(heat_ramp(d, ", action: half-rate, half_rate_lane_power: 0.6", "1 ms"), 0);
  std::istringstream in(xt::slurp(d + "/r/events.log"));
  std::string line;
  double t0 = -1, t1 = -1;  // slot 0's first step (port 7) and its second (port 6)
  int slowed = 0, sped = 0;
  while (std::getline(in, line)) {
    size_t p = line.find("junction ");
    if (p == std::string::npos) continue;
    double tj = std::strtod(line.c_str() + p + 9, nullptr), at = std::strtod(line.c_str(), nullptr);
    if (line.find(" throttle slot[0] runs port") != std::string::npos) {
      EXPECT_GE(tj, 72.0) << line;
      if (slowed == 0) t0 = at;
      if (slowed == 1) t1 = at;
      slowed++;
    } else if (line.find(" unthrottle slot[0] runs port") != std::string::npos) {
      EXPECT_LE(tj, 66.0) << line;
      sped++;
    }
    EXPECT_EQ(line.find("sheds"), std::string::npos) << line;  // half rate was enough here
  }
  ASSERT_GT(t0, 0);
  ASSERT_GE(t1, t0 + 0.01 - 1e-9);  // one step per control period (10 ms) at most
  ASSERT_LT(t1, t0 + 1.9);          // port 6 slowed while port 7 still trains
  EXPECT_GT(sped, 0);
  // Rows on the 1 ms grid: the first after the step, and the second after
  // the port is back (training: 2 s for the 224G class).
  auto row = [](double t) { return std::ceil(t * 1000 + 1e-6) / 1000; };
  xt::Trace po(d + "/r/traces/ports.csv"), pw(d + "/r/traces/power.csv");
  EXPECT_EQ(po.at("slot0_port7_up", row(t0) - 0.001), 1);
  EXPECT_EQ(po.at("slot0_port7_up", row(t0)), 0);
  EXPECT_EQ(po.at("slot0_port7_up", row(t0 + 2) - 0.001), 0);
  EXPECT_EQ(po.at("slot0_port7_up", row(t0 + 2)), 1);
  double after = row(t0 + 2) + 0.001;  // a whole interval at half rate
  ASSERT_LT(after, t1 + 2);            // port 6 still training then
  EXPECT_DOUBLE_EQ(po.at("slot0_port7_throughput_gbps", after), 800);
  EXPECT_DOUBLE_EQ(po.at("slot0_port0_throughput_gbps", after), 1600);
  EXPECT_EQ(po.at("slot0_port6_up", after), 0);
  // SerDes and TIA are per-lane only (0.50 and 0.20 W a lane for a DSP
  // module): 48 lanes at full rate, 8 at 0.6, 8 training (none).
  EXPECT_NEAR(pw.at("slot0_serdes_w", row(t0) - 0.001), 0.5 * 64, 1e-9);
  EXPECT_NEAR(pw.at("slot0_serdes_w", after), 0.5 * (48 + 8 * 0.6), 1e-9);
  EXPECT_NEAR(pw.at("slot0_tia_w", after), 0.2 * (48 + 8 * 0.6), 1e-9);
  // The laser drivers add 1 pJ per carried bit: 6 x 1.6 T + 0.8 T.
  EXPECT_NEAR(pw.at("slot0_laser_driver_w", after), 0.6 * (48 + 8 * 0.6) + 1e-12 * 10.4e12, 1e-6);
}

// The throttle's order is data: [low-power] alone puts slot 0 in low-power
// mode at the first reading past the limit (its static power only, its
// lanes down, no port shed), and it leaves at the first reading at or
// below limit - hysteresis; [half-rate] alone never sheds. A step listed
// twice or unknown is refused where it stands.
TEST(Throttle, TheOrderOfItsStepsIsData) {
  std::string d = xt::scratch("power_order");
  ASSERT_EQ(heat_ramp(d, ", action: [low-power]"), 0);
  std::string log = xt::slurp(d + "/r/events.log");
  const std::string asks = " throttle slot[0] asks for low-power mode: junction ",
                    leaves = " unthrottle slot[0] leaves low-power mode: junction ";
  size_t ask = log.find(asks);
  ASSERT_NE(ask, std::string::npos) << log.substr(0, 2000);
  double t_ask = std::strtod(log.c_str() + log.rfind('\n', ask) + 1, nullptr);
  EXPECT_GE(std::strtod(log.c_str() + ask + asks.size(), nullptr), 72.0);
  EXPECT_NE(log.find("low-power slot[0] enters low-power mode"), std::string::npos);
  EXPECT_EQ(log.find("sheds a port"), std::string::npos);
  EXPECT_EQ(log.find("half rate"), std::string::npos);
  size_t leave = log.find(leaves);
  ASSERT_NE(leave, std::string::npos);
  EXPECT_LE(std::strtod(log.c_str() + leave + leaves.size(), nullptr), 66.0);
  xt::Trace sl(d + "/r/traces/slots.csv");
  double row = std::ceil(t_ask * 100 + 1) / 100 + 0.01;  // a whole interval in low-power mode
  EXPECT_EQ(sl.at("slot0_throughput_gbps", row), 0);
  EXPECT_EQ((int)sl.at("slot0_cmis_flags", row) & 64, 64);
  EXPECT_NE(xt::slurp(d + "/r/resolved.yaml").find("action: [low-power]"), std::string::npos);
  ASSERT_EQ(heat_ramp(d, ", action: [half-rate]"), 0);
  log = xt::slurp(d + "/r/events.log");
  EXPECT_NE(log.find("at half rate (8 at half rate)"), std::string::npos);
  EXPECT_EQ(log.find("sheds a port"), std::string::npos);
  EXPECT_EQ(heat_ramp(d, ", action: [shed-port, shed-port]"), 2);
  EXPECT_EQ(heat_ramp(d, ", action: [shed-port, nap]"), 2);
  EXPECT_EQ(heat_ramp(d, ", action: []"), 2);
  EXPECT_EQ(xt::sh(BIN + " check " + d + "/t.yaml 2>&1 | grep -q 't.yaml:[0-9]*:[0-9]*: control.throttle.action'"), 0);
}

TEST(Management, I3cReactsFasterThanI2c) {
  std::string d = xt::scratch("power_mgmt");
  ASSERT_EQ(xt::sh(BIN + " run " + SRC + "/configs/mgmt-i2c.yaml -o " + d + "/i2c --quiet"), 0);
  ASSERT_EQ(xt::sh(BIN + " run " + SRC + "/configs/mgmt-i3c.yaml -o " + d + "/i3c --quiet"), 0);
  double a = xt::json_number(xt::slurp(d + "/i2c/summary.json"), "throttle_reaction_s");
  double b = xt::json_number(xt::slurp(d + "/i3c/summary.json"), "throttle_reaction_s");
  ASSERT_GT(a, 0);
  ASSERT_GT(b, 0);
  EXPECT_LT(b, a);
  // Sixteen modules of eight reads each: a cycle of 16 x 8 x 48 bit times.
  EXPECT_LT(a - b, 16 * 8 * 48 / 100e3 + 0.011);
}

// A run that starts with every device at the coolant supply temperature
// draws, at t = 0, what the kind's components draw there: the same law as
// every later step (a second, lumped law once gave 0 W for `kind: dsp`).
TEST(Kinds, TheFirstRowAtCoolantTemperatureUsesTheKindsComponents) {
  std::string d = xt::scratch("power_initial");
  std::ofstream(d + "/t.yaml")
      << "xposim: 1\nname: initial\nduration: 10 ms\nsample: 10 ms\n"
         "solver: { thermal_step: 1 ms, initial: coolant }\n"
         "cage: { rows: 1, columns: 1 }\ncoolant: { supply: 30 C, flow: 2 L/min }\n"
         "module_types:\n  m:\n    lane_rate: 224G\n    ports: 8x1.6T\n"
         "    power: { kind: dsp }\n"
         "slots: { fill: m }\ntraffic: [ { slots: all, profile: { kind: constant, load: 0.5 } } ]\n";
  ASSERT_EQ(xt::sh(BIN + " run " + d + "/t.yaml -o " + d + "/r --quiet"), 0);
  std::ifstream f(d + "/r/traces/slots.csv");
  std::string header, row0;
  while (std::getline(f, header) && header[0] == '#') {
  }
  std::getline(f, row0);
  ASSERT_EQ(header.rfind("time_s,slot0_power_w,", 0), 0u) << header;
  double p0 = std::stod(row0.substr(row0.find(',') + 1));
  module_power_cfg_t m;
  module_components_defaults(MODULE_DSP, &m);
  // 64 lanes carrying half of 12.8 Tb/s; every component at 30 C
  double expect = 0;
  for (int i = 0; i < m.n; i++) {
    const power_component_cfg_t &c = m.c[i];
    expect += c.static_w + c.per_lane_w * 64 + c.energy_per_bit_j * 6.4e12 +
              c.leak_ref_w * std::pow(2.0, (30 - c.leak_ref_c) / c.leak_doubling_k);
  }
  expect /= m.dcdc_efficiency;
  EXPECT_GT(expect, 100);
  EXPECT_NEAR(p0, expect, 1e-6 * expect) << row0;
}

TEST(Kinds, LpoDrawsLessThanDspAtTheSameTraffic) {
  std::string d = xt::scratch("power_kinds");
  ASSERT_EQ(xt::sh(BIN + " run " + SRC + "/configs/lpo-vs-dsp.yaml -o " + d + "/r --quiet"), 0);
  std::string j = xt::slurp(d + "/r/summary.json");
  size_t p8 = j.find("\"slot\": 8,");
  ASSERT_NE(p8, std::string::npos);
  double dsp = xt::json_number(j, "power_w_peak"), lpo = xt::json_number(j.substr(p8), "power_w_peak");
  (void)dsp;
  size_t p0 = j.find("\"slot\": 0,");
  double dsp0 = xt::json_number(j.substr(p0), "power_w_peak");
  EXPECT_LT(lpo, 0.5 * dsp0);
}

}  // namespace

namespace {
// The pump PID holds the loop's return temperature at its set point: after
// the traffic step the pumps speed up and the return settles within 0.1 K.
TEST(PumpPid, HoldsTheReturnTemperatureThroughAStep) {
  std::string d = xt::scratch("power_pid");
  ASSERT_EQ(xt::sh(BIN + " run " + SRC + "/configs/pump-pid.yaml -o " + d + "/r --quiet"), 0);
  std::istringstream in(xt::slurp(d + "/r/traces/coolant.csv"));
  std::string line;
  std::vector<std::string> cols;
  double flow_before = 0, flow_after = 0, worst_late = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> c;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, ',');) c.push_back(x);
    if (cols.empty()) {
      cols = c;
      continue;
    }
    size_t ir = std::find(cols.begin(), cols.end(), "loop_main_return_c") - cols.begin();
    size_t iq = std::find(cols.begin(), cols.end(), "loop_main_flow_lpm") - cols.begin();
    double t = std::stod(c[0]), ret = std::stod(c[ir]), q = std::stod(c[iq]);
    if (std::fabs(t - 9.99) < 1e-9) flow_before = q;
    if (std::fabs(t - 30) < 1e-9) flow_after = q;
    if (t >= 40) worst_late = std::max(worst_late, std::fabs(ret - 42));
  }
  EXPECT_GT(flow_after, 1.5 * flow_before);
  EXPECT_LT(worst_late, 0.1);
}
}  // namespace

namespace {
// A soft start charges the input capacitance at a constant current I to the
// bus voltage V in t = C V / I: the pass element dissipates 1/2 C V^2 =
// 1/2 V I t, the other half stays in C. A 50 W module re-inserted at 1 s
// with 10 A for 5 ms at 54 V draws 50 + 270 W during the soft start.
TEST(HotPlug, TheSoftStartHeatsThePlateByHalfOfVIt) {
  std::string d = xt::scratch("power_inrush");
  std::ofstream(d + "/t.yaml")
      << "xposim: 1\nname: inrush\nduration: 1.02 s\nsample: 1 ms\n"
         "cage: { rows: 1, columns: 1 }\n"
         "module_types:\n  m:\n    lane_rate: 224G\n    ports: 8x1.6T\n"
         "    power: { static: 50 W, energy_per_bit: 0 pJ/bit, leakage: 0 W, inrush_current: 10 A, "
         "inrush_time: 5 ms }\n"
         "slots: { fill: m }\nswitch: { feed: { voltage: 54 V } }\n"
         "traffic: [ { slots: all, profile: { kind: constant, load: 0.5 } } ]\n"
         "scenario: [ { at: 0.5 s, fault: module-pull, slot: 0 }, { at: 1 s, fault: module-insert, slot: 0 } ]\n";
  ASSERT_EQ(xt::sh(BIN + " run " + d + "/t.yaml -o " + d + "/r --quiet"), 0);
  xt::Trace sl(d + "/r/traces/slots.csv");
  EXPECT_NEAR(sl.at("slot0_power_w", 0.9), 0, 1e-9);
  for (double t : {1.002, 1.004}) EXPECT_NEAR(sl.at("slot0_power_w", t), 50 + 0.5 * 54 * 10, 1e-6) << t;
  EXPECT_NEAR(sl.at("slot0_power_w", 1.01), 50, 1e-6);
}
}  // namespace
