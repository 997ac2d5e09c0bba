// Coolant loops and thermal networks end to end: a pump failure and a
// blocked branch in the traces, the transport delay of a supply step, and
// the stopped thermal clock against stepping every cycle.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "coolant.h"
#include "test_support.h"

using xt::Trace;

namespace {

const std::string SRC = XPOSIM_SOURCE_DIR;
const std::string BIN = XPOSIM_BINARY;

TEST(PumpFailure, TheLoopSettlesOnTheTwoPumpCurve) {
  std::string d = xt::scratch("cool_pump");
  ASSERT_EQ(xt::sh(BIN + " run " + SRC + "/configs/pump-failure.yaml -o " + d + "/r --quiet"), 0);
  Trace co(d + "/r/traces/coolant.csv"), sl(d + "/r/traces/slots.csv");
  double q0 = co.at("loop_main_flow_lpm", 9.99), q1 = co.at("loop_main_flow_lpm", 10.01);
  EXPECT_LT(q1, 0.95 * q0);  // one of three pumps gone
  EXPECT_GT(q1, 0.75 * q0);  // but N+1: the other two carry most of it
  EXPECT_LT(co.at("loop_main_head_kpa", 10.01), co.at("loop_main_head_kpa", 9.99));
  // The blocked branch loses flow; its module runs hotter; its neighbours gain.
  EXPECT_LT(co.at("slot11_flow_lpm", 30.01), 0.6 * co.at("slot11_flow_lpm", 29.99));
  EXPECT_GT(co.at("slot10_flow_lpm", 30.01), co.at("slot10_flow_lpm", 29.99));
  EXPECT_GT(sl.at("slot11_junction_c", 39.99), sl.at("slot11_junction_c", 29.99) + 0.5);
  // Every branch's pickup: P_coolant = mdot cp dT, checked from the trace
  // against the module power at steady state (t = 9.99 s, nothing moving).
  std::string j = xt::slurp(d + "/r/summary.json");
  EXPECT_LT(xt::json_number(j, "energy_balance_error"), 1e-6);
}

TEST(Transport, ASupplyStepArrivesAfterVolumeOverFlow) {
  std::string d = xt::scratch("cool_transport");
  std::ofstream(d + "/t.yaml") << "xposim: 1\nname: transport\nduration: 20 s\nsample: 10 ms\n"
                                  "cage: { rows: 1, columns: 2 }\n"
                                  "module_types: { m: { lane_rate: 224G, ports: 8x1.6T } }\n"
                                  "slots: { fill: m }\n"
                                  "coolant: { supply: 30 C, flow: 5 L/min, supply_volume: 0.5 L }\n"
                                  "traffic: [ { slots: all, profile: { kind: constant, load: 0.5 } } ]\n"
                                  "scenario: [ { at: 5 s, supply: 40 C } ]\n";
  ASSERT_EQ(xt::sh(BIN + " run " + d + "/t.yaml -o " + d + "/r --quiet"), 0);
  // 0.5 L at 5 L/min: 6 s in the pipe.
  std::string log = xt::slurp(d + "/r/events.log");
  EXPECT_NE(log.find("\n5 transport loop main: 40 C reaches the manifold in 6 s\n"), std::string::npos) << log;
  EXPECT_NE(log.find("\n11 coolant loop main: supply 40 C"), std::string::npos) << log;
  Trace co(d + "/r/traces/coolant.csv"), sw(d + "/r/traces/switch.csv");
  EXPECT_DOUBLE_EQ(sw.at("cdu_supply_c", 5.01), 40);                  // the CDU
  EXPECT_DOUBLE_EQ(co.at("loop_main_manifold_supply_c", 10.99), 30);  // the manifold, still
  // A row samples like a clocked register: the change at 11 s shows from the next row.
  EXPECT_DOUBLE_EQ(co.at("loop_main_manifold_supply_c", 11.0), 30);
  EXPECT_DOUBLE_EQ(co.at("loop_main_manifold_supply_c", 11.01), 40);
}

// The return side: 1 L of return pipe at 4 L/min delays what the CDU (and
// its pump control) sees by 15 s. A load step at 5 s warms the manifold's
// return at once and the CDU's 15 s later; every row of the CDU's return is
// the manifold's of 15 s before (to the pipe's time grid, 15 s / 1024).
TEST(Transport, TheReturnReachesTheCduAfterItsVolumeOverFlow) {
  std::string d = xt::scratch("cool_return");
  std::ofstream(d + "/t.yaml") << "xposim: 1\nname: ret\nduration: 40 s\nsample: 10 ms\n"
                                  "cage: { rows: 1, columns: 2 }\n"
                                  "module_types: { m: { lane_rate: 224G, ports: 8x1.6T } }\n"
                                  "slots: { fill: m }\n"
                                  "coolant: { supply: 30 C, flow: 4 L/min, return_volume: 1 L }\n"
                                  "traffic: [ { slots: all, profile: { kind: constant, load: 0.2 } } ]\n"
                                  "scenario: [ { at: 5 s, load: 1.0 } ]\n";
  ASSERT_EQ(xt::sh(BIN + " run " + d + "/t.yaml -o " + d + "/r --quiet"), 0);
  Trace co(d + "/r/traces/coolant.csv"), sw(d + "/r/traces/switch.csv");
  double before = co.at("loop_main_manifold_return_c", 4.99);
  EXPECT_GT(co.at("loop_main_manifold_return_c", 10), before + 0.2);  // the manifold warms at once
  EXPECT_NEAR(co.at("loop_main_return_c", 19.9), before, 1e-6);       // the CDU, 15 s later
  for (double t : {20.5, 22.0, 25.0, 30.0, 39.0})
    EXPECT_NEAR(co.at("loop_main_return_c", t), co.at("loop_main_manifold_return_c", t - 15), 2e-3) << t;
  EXPECT_DOUBLE_EQ(sw.at("return_c", 30), co.at("loop_main_return_c", 30));  // the switch's return is the CDU's
}

// Each loop has its own CDU: modules on a 30 C loop and ASICs on a 40 C one
// are, device for device, the modules of an all-30 C switch and the ASICs
// of an all-40 C one (the loops share no heat: no air coupling). A supply
// step on one loop moves that loop only.
TEST(Loops, EachLoopHasItsOwnCduSupply) {
  std::string d = xt::scratch("cool_two_cdus");
  auto topo = [&](const std::string &name, const std::string &mods, const std::string &asics,
                  const std::string &scenario) {
    std::ofstream(d + "/" + name + ".yaml")
        << "xposim: 1\nname: " << name << "\nduration: 20 s\nsample: 10 ms\n"
        << "switch: { asics: 1 }\ncage: { rows: 2, columns: 2 }\n"
           "module_types: { m: { lane_rate: 224G, ports: 8x1.6T } }\nslots: { fill: m }\n"
           "coolant:\n  supply: 35 C\n  loops:\n"
           "    - { name: mods, flow: 2 L/min, slots: all, asics: none, supply: "
        << mods << " }\n    - { name: chip, flow: 1.5 L/min, slots: [], asics: all, " << asics
        << " }\ntraffic: [ { slots: all, profile: { kind: constant, load: 0.7 } } ]\nscenario: " << scenario << "\n";
    return BIN + " run " + d + "/" + name + ".yaml -o " + d + "/" + name + " --quiet";
  };
  ASSERT_EQ(
      xt::sh(topo("split", "30 C", "facility: 36 C, approach: 4 K", "[ { at: 10 s, supply: 45 C, loop: chip } ]")), 0);
  ASSERT_EQ(xt::sh(topo("cold", "30 C", "supply: 30 C", "[]")), 0);
  ASSERT_EQ(xt::sh(topo("warm", "40 C", "supply: 40 C", "[]")), 0);
  Trace ss(d + "/split/traces/slots.csv"), sc(d + "/cold/traces/slots.csv");
  Trace as(d + "/split/traces/asics.csv"), aw(d + "/warm/traces/asics.csv");
  Trace co(d + "/split/traces/coolant.csv");
  for (double t : {0.0, 5.0, 9.99}) {
    for (const char *c : {"slot0_junction_c", "slot3_outlet_c", "slot2_power_w"})
      EXPECT_NEAR(ss.at(c, t), sc.at(c, t), 1e-9 * std::fabs(sc.at(c, t))) << c << " at " << t;
    for (const char *c : {"asic0_junction_c", "asic0_outlet_c", "asic0_power_w"})
      EXPECT_NEAR(as.at(c, t), aw.at(c, t), 1e-9 * std::fabs(aw.at(c, t))) << c << " at " << t;
  }
  EXPECT_DOUBLE_EQ(co.at("loop_mods_manifold_supply_c", 9.99), 30);
  EXPECT_DOUBLE_EQ(co.at("loop_chip_manifold_supply_c", 9.99), 40);  // facility + approach
  EXPECT_DOUBLE_EQ(co.at("loop_chip_manifold_supply_c", 10.01), 45);
  EXPECT_DOUBLE_EQ(co.at("loop_mods_manifold_supply_c", 19.99), 30);  // the step was the chip loop's alone
  double rise = as.at("asic0_junction_c", 19.99) - as.at("asic0_junction_c", 9.99);
  EXPECT_GT(rise, 1.5);  // on its way to about +5 K through the plate's heat capacity
  EXPECT_LT(rise, 5.5);
  EXPECT_NEAR(ss.at("slot0_junction_c", 19.99), ss.at("slot0_junction_c", 9.99), 1e-9);
  // switch.csv's supply: the two CDUs mixed by flow x c_p, between them.
  Trace sw(d + "/split/traces/switch.csv");
  EXPECT_GT(sw.at("cdu_supply_c", 5.0), 30);
  EXPECT_LT(sw.at("cdu_supply_c", 5.0), 40);
  EXPECT_NE(xt::slurp(d + "/split/events.log").find("loop chip: CDU supply set to 45 C"), std::string::npos);
  std::string j = xt::slurp(d + "/split/summary.json");
  EXPECT_LT(xt::json_number(j, "energy_balance_error"), 1e-3);
}

// Stopping the thermal clock when steady must not change the answer: the
// reference with the default tolerance against stepping every millisecond.
TEST(ThermalClock, SkippingWhenSteadyMatchesSteppingEveryCycle) {
  std::string d = xt::scratch("cool_skip");
  std::string text = xt::slurp(SRC + "/configs/reference.yaml");
  size_t p = text.find("initial: steady }");
  ASSERT_NE(p, std::string::npos);
  // at fixed steps, where "every cycle" is 60000 of them
  text.replace(p, 17, "initial: steady, thermal_tolerance: 0 K }");
  std::string always = text;
  always.replace(p, 41, "initial: steady, thermal_tolerance: 0 K, steady_tolerance: 0 K }");
  std::ofstream(d + "/skip.yaml") << text;
  std::ofstream(d + "/always.yaml") << always;
  ASSERT_EQ(xt::sh(BIN + " run " + d + "/skip.yaml -o " + d + "/skip --quiet"), 0);
  ASSERT_EQ(xt::sh(BIN + " run " + d + "/always.yaml -o " + d + "/always --quiet"), 0);
  std::string a = xt::slurp(d + "/skip/summary.json"), b = xt::slurp(d + "/always/summary.json");
  EXPECT_LT(xt::json_number(a, "thermal_steps"), 0.6 * xt::json_number(b, "thermal_steps"));
  EXPECT_DOUBLE_EQ(xt::json_number(b, "thermal_steps"), 60000);
  for (const char *k : {"energy_in_j", "heat_to_coolant_j", "power_w_mean", "power_w_peak"})
    EXPECT_NEAR(xt::json_number(a, k) / xt::json_number(b, k), 1, 1e-6) << k;
  EXPECT_NEAR(xt::json_number(a, "max_junction_c"), xt::json_number(b, "max_junction_c"), 1e-3);
  Trace ta(d + "/skip/traces/slots.csv"), tb(d + "/always/traces/slots.csv");
  for (double t : {10.0, 29.99, 30.5, 45.0, 60.0})
    EXPECT_NEAR(ta.at("slot3_junction_c", t), tb.at("slot3_junction_c", t), 1e-3) << t;
}

// Plates in series: one flow along a chain, resistances adding (2k against
// k: the flow splits 1 : sqrt(2)), each plate fed by the one upstream, and
// the chain's pickup is the sum of its plates' (P = mdot cp dT end to end).
TEST(SeriesChain, OneFlowAddedResistanceAndUpstreamInlets) {
  std::string d = xt::scratch("cool_chain");
  ASSERT_EQ(xt::sh(BIN + " run " + SRC + "/configs/series-chain.yaml -o " + d + "/r --quiet"), 0);
  Trace co(d + "/r/traces/coolant.csv");
  double t = 4.99;
  double q0 = co.at("slot0_flow_lpm", t), q4 = co.at("slot4_flow_lpm", t), q3 = co.at("slot3_flow_lpm", t),
         q7 = co.at("slot7_flow_lpm", t);
  EXPECT_DOUBLE_EQ(q0, q4);
  EXPECT_NEAR(q3, q7, 1e-12);
  EXPECT_NEAR(q3 / q0, std::sqrt(2.0), 1e-7);  // traces hold 9 significant digits
  EXPECT_NEAR(co.at("slot4_inlet_c", t), co.at("slot0_outlet_c", t), 1e-6);
  EXPECT_NEAR(co.at("slot0_inlet_c", t), 35, 1e-9);
  EXPECT_GT(co.at("slot4_outlet_c", t), co.at("slot0_outlet_c", t));
  // The chain's temperature rise over its flow's capacity rate is the heat both plates gave the coolant.
  EXPECT_GT(co.at("slot4_outlet_c", t) - 35, 1.8 * (co.at("slot3_outlet_c", t) - 35) / std::sqrt(2.0));
  std::string j = xt::slurp(d + "/r/summary.json");
  EXPECT_LT(xt::json_number(j, "energy_balance_error"), 1e-9);
}

// Each plate's heat against the fluid at its own bulk mean temperature:
// P = rho(supply) Q c_p((T_in + T_out) / 2) (T_out - T_in), read from the
// traces of series-chain.yaml with its plates' air path cut (all the heat
// goes to the coolant at steady state), for the chain's upstream and
// downstream plates and a plate on its own branch. c_p at the supply would
// miss the downstream plate by about 0.5 %.
TEST(SeriesChain, EachPlatesHeatAtItsBulkMeanTemperature) {
  std::string d = xt::scratch("cool_bulk");
  std::string f = xt::slurp(SRC + "/configs/series-chain.yaml");
  f.replace(f.find("    branch: { dp: 15 kPa"), 4, "    thermal: { r_plate_air: 10000 K/W }\n    ");
  f.replace(f.find("  asic: { capacity: 102.4 Tb/s }"), 32,
            "  asic: { capacity: 102.4 Tb/s, thermal: { r_plate_air: 10000 K/W } }");
  std::ofstream(d + "/t.yaml") << f;
  ASSERT_EQ(xt::sh(BIN + " run " + d + "/t.yaml -o " + d + "/r --quiet"), 0);
  Trace co(d + "/r/traces/coolant.csv"), sl(d + "/r/traces/slots.csv");
  fluid_props_t sup, mean;
  fluid_props(FLUID_PG25, 35, &sup);
  for (int s : {0, 4, 3}) {
    std::string n = "slot" + std::to_string(s);
    double t = 4.99, tin = co.at(n + "_inlet_c", t), tout = co.at(n + "_outlet_c", t);
    fluid_props(FLUID_PG25, (tin + tout) / 2, &mean);
    double q = co.at(n + "_flow_lpm", t) / 60e3, p = sl.at(n + "_power_w", t);
    EXPECT_NEAR(sup.rho_kg_per_m3 * q * mean.cp_j_per_kg_k * (tout - tin) / p, 1, 1e-4) << s;
  }
}

TEST(Density, KpisOfTheReferencePanel) {
  std::string d = xt::scratch("cool_density");
  ASSERT_EQ(xt::sh(BIN + " run " + SRC + "/configs/reference.yaml -o " + d + "/r --quiet"), 0);
  std::string j = xt::slurp(d + "/r/summary.json");
  EXPECT_DOUBLE_EQ(xt::json_number(j, "tbps_per_ru"), 204.8);  // 16 x 12.8 Tb/s in one rack unit
  EXPECT_DOUBLE_EQ(xt::json_number(j, "lanes_per_ru"), 1024);
  ASSERT_EQ(xt::sh(BIN + " plot " + d + "/r"), 0);
  EXPECT_GT(xt::slurp(d + "/r/plots/panel.png").size(), 5000u);
  std::string gp = xt::slurp(d + "/r/plots/panel.gp");
  EXPECT_NE(gp.find("set object 16 rect"), std::string::npos);  // every slot drawn
}

// initial: steady with air between the rows (manifold-u: coolant.air_capacity)
// starts where it stays: the upper row's junction at t = 0 is its junction at
// the end, and the thermal clock stops at once instead of running to settle.
TEST(InitialSteady, IncludesTheAirBetweenTheRows) {
  std::string d = xt::scratch("cool_initial_air");
  ASSERT_EQ(xt::sh(BIN + " run " + SRC + "/configs/manifold-u.yaml -o " + d + "/r --quiet"), 0);
  Trace sl(d + "/r/traces/slots.csv");
  for (int s : {0, 8, 15}) {
    std::string n = "slot" + std::to_string(s) + "_junction_c";
    EXPECT_NEAR(sl.at(n, 0), sl.rows.back()[sl.col(n)], 1e-6) << s;
  }
  EXPECT_LE(xt::json_number(xt::slurp(d + "/r/summary.json"), "thermal_steps"), 2);
}

// configs/air-cooled.yaml against closed forms: the tray's flow where 8
// (then 7) fans meet the chassis; each column's air warmed by the module
// below it, dT = P / (rho c_p Q / 8); the ASICs' air by every module's
// heat, dT = sum P / (rho c_p Q); the fans' power in the feed's books; and
// every joule of the devices leaving through the air.
TEST(AirCooling, FansChassisAndTheAirPathAgainstClosedForms) {
  std::string d = xt::scratch("cool_air");
  ASSERT_EQ(xt::sh(BIN + " run " + SRC + "/configs/air-cooled.yaml -o " + d + "/r --quiet"), 0);
  Trace sw(d + "/r/traces/switch.csv"), sl(d + "/r/traces/slots.csv"), th(d + "/r/traces/thermal.csv");
  const double cfm = 0.028316846592 / 60, rho = 101325 / (287.05 * (35 + 273.15)), cp = 1006;
  for (int n : {8, 7}) {
    double q = std::sqrt(1000 / (400 / (0.06 * 0.06) + 1000 / std::pow(n * 0.012, 2)));
    double t = n == 8 ? 5 : 15;
    EXPECT_NEAR(sw.at("air_flow_cfm", t) * cfm, q, 1e-8 * q) << n;
    EXPECT_NEAR(sw.at("chassis_dp_pa", t), 400 * std::pow(q / 0.06, 2), 1e-5) << n;
    EXPECT_EQ(sw.at("fan_power_w", t), 25.0 * n);
    EXPECT_EQ(sw.at("fans_working", t), n);
  }
  // steady at 5 s: every module's heat leaves through its sink into its column's air
  double q = sw.at("air_flow_cfm", 5) * cfm, all = 0;
  for (int s = 0; s < 16; s++) all += sl.at("slot" + std::to_string(s) + "_power_w", 5);
  for (int c = 0; c < 8; c++) {
    std::string up = "slot" + std::to_string(c), down = "slot" + std::to_string(c + 8);
    EXPECT_NEAR(th.at(up + "_air_c", 5), 35, 1e-9);
    EXPECT_NEAR(th.at(down + "_air_c", 5) - 35, sl.at(up + "_power_w", 5) / (rho * cp * q / 8), 1e-5) << c;
  }
  EXPECT_NEAR(th.at("asic0_air_c", 5) - 35, all / (rho * cp * q), 1e-4);
  EXPECT_GT(sl.at("slot8_junction_c", 5), sl.at("slot0_junction_c", 5) + 10);  // the second row breathes the first's
  EXPECT_GT(sl.at("slot8_junction_c", 19.9), sl.at("slot8_junction_c", 9.9));  // one fan fewer: hotter
  std::string j = xt::slurp(d + "/r/summary.json");
  EXPECT_NEAR(xt::json_number(j, "fan_energy_j"), 200 * 10 + 175 * 10, 1e-9);
  EXPECT_EQ(xt::json_number(j, "heat_to_coolant_j"), 0);
  EXPECT_NEAR(
      (xt::json_number(j, "heat_to_air_j") + xt::json_number(j, "stored_heat_j")) / xt::json_number(j, "energy_in_j"),
      1, 1e-9);
}

// An air-cooled design without fans, a fan the tray does not have, or an
// air-cooled slot in a series chain is refused before it runs, located.
TEST(AirCooling, AirNeedsFansAndNoChains) {
  std::string d = xt::scratch("cool_air_bad");
  std::string base = xt::slurp(SRC + "/configs/air-cooled.yaml");
  std::string nofans = base;
  nofans.replace(nofans.find("  fans: { count: 8 }\n"), 21, "");
  std::ofstream(d + "/nofans.yaml") << nofans;
  EXPECT_EQ(xt::sh(BIN + " check " + d + "/nofans.yaml 2>" + d + "/e1.txt"), 2);
  EXPECT_NE(xt::slurp(d + "/e1.txt").find("is air cooled, but switch.fans.count is 0"), std::string::npos)
      << xt::slurp(d + "/e1.txt");
  std::string badfan = base;
  badfan.replace(badfan.find("fan: 0 }"), 8, "fan: 8 }");
  std::ofstream(d + "/badfan.yaml") << badfan;
  EXPECT_EQ(xt::sh(BIN + " check " + d + "/badfan.yaml 2>" + d + "/e2.txt"), 2);
  EXPECT_NE(xt::slurp(d + "/e2.txt").find("badfan.yaml:48:"), std::string::npos) << xt::slurp(d + "/e2.txt");
  std::string chain = base;
  chain.replace(chain.find("  flow: 11 L/min\n"), 17, "  flow: 11 L/min\n  chains: [[0, 8]]\n");
  std::ofstream(d + "/chain.yaml") << chain;
  EXPECT_EQ(xt::sh(BIN + " check " + d + "/chain.yaml 2>" + d + "/e3.txt"), 2);
  EXPECT_NE(xt::slurp(d + "/e3.txt").find("slot 0 is air cooled: it has no coolant branch to chain in series"),
            std::string::npos)
      << xt::slurp(d + "/e3.txt");
}

}  // namespace
