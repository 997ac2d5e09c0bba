// Goal seeking (issue 16): `xposim solve` finds the smallest or largest
// value of one key for which the expect lines hold, against closed forms.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "coolant.h"
#include "test_support.h"
#include "topo/schema.h"

namespace {

const std::string SRC = XPOSIM_SOURCE_DIR;
const std::string BIN = XPOSIM_BINARY;

// Two modules of 136.8 W (no leakage: their power does not move with
// temperature) and an ASIC share one regulated loop by their ratings (0.5,
// 0.5 and 1.5 L/min: a module takes a fifth); every plate's path to the air
// is cut, so at steady state a module's heat leaves in its coolant:
// T_out = T_in + P / (rho(T_in) q c_p((T_in + T_out) / 2)).
const char *TOPO =
    "xposim: 1\nname: outlet\nduration: 100 ms\nsample: 10 ms\nsolver: { initial: steady }\n"
    "switch: { asics: 1, asic: { capacity: 102.4 Tb/s, branch: { dp: 15 kPa, flow: 1.5 L/min },\n"
    "          thermal: { r_plate_air: 10000 K/W } } }\n"
    "cage: { rows: 1, columns: 2 }\n"
    "module_types:\n  m:\n    lane_rate: 224G\n    ports: 8x1.6T\n    power: { leakage: 0 W }\n"
    "    thermal: { r_plate_air: 10000 K/W }\n    branch: { dp: 15 kPa, flow: 0.5 L/min }\n"
    "slots: { fill: m }\n"
    "coolant: { fluid: pg25, supply: 35 C, flow: 2.5 L/min }\n"
    "traffic:\n  - { slots: all, profile: { kind: constant, load: 0.5 } }\n";

std::string topo(const std::string &d) {
  std::ofstream(d + "/o.yaml") << TOPO;
  return d + "/o.yaml";
}

double module_power_w(const std::string &run) { return xt::Trace(run + "/traces/slots.csv").at("slot0_power_w", 0); }

// The least loop flow that keeps every module outlet under 45 C: a module's
// share q = P / (rho(35 C) c_p(40 C) 10 K), the loop five times that.
TEST(Solve, TheLeastFlowThatKeepsOutletsUnder45CByHand) {
  std::string d = xt::scratch("solve_flow");
  std::string f = topo(d);
  ASSERT_EQ(xt::sh(BIN + " solve " + f + " --vary coolant.flow --range '0.2..2.5 L/min' --until 'max(slot[*].outlet) " +
                   "< 45 C' --tol 0.0005 -o " + d + "/s > " + d + "/out.txt 2> " + d + "/err.txt"),
            0);
  fluid_props_t in, mean;
  fluid_props(FLUID_PG25, 35, &in);
  fluid_props(FLUID_PG25, 40, &mean);
  double p = module_power_w(d + "/s/runs/00");
  EXPECT_NEAR(p, 136.8, 1e-9);  // 60 W + 12 pJ/bit at 6.4 Tb/s
  double q_lpm = 5 * p / (in.rho_kg_per_m3 * mean.cp_j_per_kg_k * 10) * 60e3;
  std::string j = xt::slurp(d + "/s/solve.json");
  double answer = xt::json_number(j, "answer"), fails = xt::json_number(j, "fails_at");
  EXPECT_LT(fails, q_lpm);
  EXPECT_GE(answer, q_lpm);
  EXPECT_LE(answer - fails, 0.0005);
  EXPECT_NE(j.find("\"find\": \"smallest\""), std::string::npos);
  // the runs are kept, one row each; the answer's run holds
  int runs = (int)xt::json_number(j, "runs");
  EXPECT_GE(runs, 5 + 10);  // five probes, then halvings from 0.575 to 0.0005 L/min
  std::string csv = xt::slurp(d + "/s/solve.csv");
  EXPECT_NE(csv.find("run,value,unit,status,pass,expect1_value\n"), std::string::npos);
  for (int r = 0; r < runs; r++) {
    char name[16];
    snprintf(name, sizeof name, "%02d", r);
    EXPECT_TRUE(xt::exists(d + "/s/runs/" + name + "/summary.json")) << r;
    EXPECT_TRUE(xt::exists(d + "/s/runs/" + name + ".yaml")) << r;
  }
  EXPECT_TRUE(xt::exists(d + "/s/.xposim-solve"));
  std::string out = xt::slurp(d + "/out.txt");
  EXPECT_EQ(out.rfind("coolant.flow: the smallest value for which the expects hold is ", 0), 0u) << out;
}

// The warmest supply at 0.5 L/min per module that keeps outlets under 45 C:
// 45 - T = P / (rho(T) q c_p((T + 45) / 2)), solved here by bisection.
TEST(Solve, TheWarmestSupplyIsTheLargestValueThatHolds) {
  std::string d = xt::scratch("solve_supply");
  std::string f = topo(d);
  ASSERT_EQ(xt::sh(BIN + " solve " + f + " --vary coolant.supply --range '30..44 C' --until 'max(slot[*].outlet) " +
                   "< 45 C' --tol 0.001 --quiet -o " + d + "/s > /dev/null"),
            0);
  double p = module_power_w(d + "/s/runs/00"), q = 0.5e-3 / 60;
  double lo = 30, hi = 44;
  while (hi - lo > 1e-9) {
    double t = (lo + hi) / 2;
    fluid_props_t in, mean;
    fluid_props(FLUID_PG25, t, &in);
    fluid_props(FLUID_PG25, (t + 45) / 2, &mean);
    (t + p / (in.rho_kg_per_m3 * q * mean.cp_j_per_kg_k) < 45 ? lo : hi) = t;
  }
  std::string j = xt::slurp(d + "/s/solve.json");
  EXPECT_NE(j.find("\"find\": \"largest\""), std::string::npos);
  EXPECT_LE(xt::json_number(j, "answer"), lo + 1e-9);
  EXPECT_GT(xt::json_number(j, "fails_at"), lo);
  EXPECT_LE(xt::json_number(j, "fails_at") - xt::json_number(j, "answer"), 0.001);
}

// No boundary in the range is an answer too (exit 1, said and kept); bad
// ranges, keys, expect lines and output directories are refused before any
// run, with nothing left behind.
TEST(Solve, NoBoundaryAndBadInput) {
  std::string d = xt::scratch("solve_bad");
  std::string f = topo(d);
  std::string base = BIN + " solve " + f + " --vary coolant.flow --until 'max(slot[*].outlet) < 45 C' ";
  EXPECT_EQ(xt::sh(base + "--range '2..3 L/min' -o " + d + "/all --quiet > " + d + "/out.txt"), 1);
  EXPECT_NE(xt::slurp(d + "/all/solve.json").find("\"status\": \"no-answer\""), std::string::npos);
  EXPECT_NE(xt::slurp(d + "/out.txt").find("hold at every one of 5 values"), std::string::npos);
  for (const std::string bad : {"--range '3..2 L/min'", "--range '1 C..2 L/min'", "--range 'x..2 L/min'",
                                "--range '1..2 L/min' --tol 1e-9", "--range 1"}) {
    EXPECT_EQ(xt::sh(base + bad + " -o " + d + "/b 2> " + d + "/e.txt"), 2) << bad;
    EXPECT_FALSE(xt::exists(d + "/b")) << bad;
  }
  std::string vary = BIN + " solve " + f + " --range '1..2 L/min' --until 'max(slot[*].outlet) < 45 C' -o " + d + "/v";
  EXPECT_EQ(xt::sh(vary + " --vary coolant.flw 2> " + d + "/e.txt"), 2);
  EXPECT_NE(xt::slurp(d + "/e.txt").find("flw"), std::string::npos);
  EXPECT_FALSE(xt::exists(d + "/v"));
  EXPECT_EQ(xt::sh(BIN + " solve " + f + " --vary coolant.flow --range '1..2 L/min' --until 'max(slot[*].outlet) <' " +
                   "2> /dev/null"),
            2);
  EXPECT_EQ(xt::sh(BIN + " solve " + f + " --vary coolant.flow --range '1..2 L/min' 2> " + d + "/e.txt"), 2);
  EXPECT_NE(xt::slurp(d + "/e.txt").find("no expect lines"), std::string::npos);
  xt::sh("mkdir -p " + d + "/mine && touch " + d + "/mine/keep.txt");
  EXPECT_EQ(xt::sh(base + "--range '1..2 L/min' -o " + d + "/mine 2> /dev/null"), 2);
  EXPECT_TRUE(xt::exists(d + "/mine/keep.txt"));
}

// Every default marked [est] has a range in the schema table, around the
// default (a relative range brackets x1, an absolute one brackets 0), and
// no other key has one: a [choice] is the architect's, not uncertain.
TEST(Estimates, EveryEstimateHasARangeAndOnlyThose) {
  size_t with = 0;
  for (size_t i = 0; i < SCHEMA_NKEYS; i++) {
    const schema_key_t *k = &SCHEMA_KEYS[i];
    bool est = k->source && strstr(k->source, "[est]");
    const schema_estimate_t *e = schema_estimate(k->section, k->key);
    EXPECT_EQ(est, e != nullptr) << SCHEMA_SECTIONS[k->section].path << "." << k->key;
    if (!e) continue;
    with++;
    EXPECT_LT(e->lo, e->hi) << k->key;
    if (e->relative) {
      EXPECT_GT(e->lo, 0) << k->key;
      EXPECT_LE(e->lo, 1) << k->key;
      EXPECT_GE(e->hi, 1) << k->key;
    } else {
      EXPECT_LE(e->lo, 0) << k->key;
      EXPECT_GE(e->hi, 0) << k->key;
    }
  }
  EXPECT_GT(with, 60u);
  // the reference prints each range beside its source
  std::string keys = xt::slurp(SRC + "/docs/topology.md");
  EXPECT_NE(keys.find("[est]; range x0.67 to x1.5: 2-4.5 pJ/bit"), std::string::npos);
}

// Sensitivity by hand on the outlet design: the module's power is 60 W
// static and 12 pJ/bit at 6.4 Tb/s; at the high end of their ranges
// (x1.25) the two modules draw 2 x 15 W and 2 x 19.2 W more, at the low
// end (x0.8) 2 x 12 W and 2 x 15.36 W less; with no leakage and no path
// to the air the junction's rise over the 35 C coolant grows with the
// module's power. Estimates the design does not use move nothing and rank
// below; what the file sets is not varied.
TEST(Sensitivity, ModulePowerMovesPowerAndJunctionByHand) {
  std::string d = xt::scratch("sens_hand");
  std::string f = topo(d);
  ASSERT_EQ(xt::sh(BIN + " sensitivity " + f + " --kpi max_module_junction_c --kpi power_w_peak --quiet -o " + d +
                   "/s > " + d + "/out.txt"),
            0);
  xt::Trace base(d + "/s/runs/000/traces/switch.csv"), slots(d + "/s/runs/000/traces/slots.csv");
  double p0 = base.at("power_w", 0), tj0 = slots.at("slot0_junction_c", 0);
  std::istringstream in(xt::slurp(d + "/s/sensitivity.csv"));
  std::string line;
  std::map<std::string, std::vector<double>> rows;  // key -> cells from default on
  std::vector<std::string> order;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("rank,", 0) == 0) continue;
    std::stringstream ss(line);
    std::string cell, key;
    std::vector<double> v;
    std::getline(ss, cell, ',');
    std::getline(ss, key, ',');
    std::getline(ss, cell, ',');  // unit
    while (std::getline(ss, cell, ',')) v.push_back(std::strtod(cell.c_str(), nullptr));
    rows[key] = v;
    order.push_back(key);
  }
  // cells: default, low, high, tj_low, tj_high, tj_swing, p_low, p_high, p_swing
  const auto &st = rows.at("module_types.m.power.static"), &eb = rows.at("module_types.m.power.energy_per_bit");
  EXPECT_NEAR(st[6] - p0, -24, 1e-6);
  EXPECT_NEAR(st[7] - p0, 30, 1e-6);
  EXPECT_NEAR(eb[6] - p0, -2 * 15.36, 1e-6);
  EXPECT_NEAR(eb[7] - p0, 2 * 19.2, 1e-6);
  double rise = tj0 - 35, p_mod = 136.8;
  EXPECT_NEAR(st[4] - tj0, rise * 15 / p_mod, 0.02 * rise * 15 / p_mod);
  EXPECT_NEAR(eb[4] - tj0, rise * 19.2 / p_mod, 0.02 * rise * 19.2 / p_mod);
  EXPECT_NEAR(eb[3] - tj0, -rise * 15.36 / p_mod, 0.02 * rise * 15.36 / p_mod);
  // ranked by the junction's swing: the module's power above the ASIC's, which moves nothing here
  auto rank = [&](const std::string &k) { return std::find(order.begin(), order.end(), k) - order.begin(); };
  EXPECT_LT(rank("module_types.m.power.energy_per_bit"), rank("module_types.m.power.static"));
  EXPECT_LT(rank("module_types.m.power.static"), rank("switch.asic.power.static"));
  EXPECT_NEAR(rows.at("switch.asic.power.static")[5], 0, 1e-9);
  EXPECT_EQ(rows.count("module_types.m.power.leakage"), 0u);  // the file sets it
  EXPECT_EQ(rows.count("coolant.supply"), 0u);                // a [choice]
  EXPECT_TRUE(xt::exists(d + "/s/plots/tornado.png"));
  EXPECT_TRUE(xt::exists(d + "/s/plots/tornado.svg"));
  std::string dat = xt::slurp(d + "/s/plots/tornado.dat");
  EXPECT_NE(dat.find("1 \"" + order[0] + "\""), std::string::npos);
  EXPECT_NE(xt::slurp(d + "/out.txt").find("  1. " + order[0]), std::string::npos);
  // bad arguments
  EXPECT_EQ(xt::sh(BIN + " sensitivity " + f + " --kpi max_junction -o " + d + "/b 2> /dev/null"), 2);
  EXPECT_EQ(xt::sh(BIN + " sensitivity " + f + " --set duration -o " + d + "/b 2> /dev/null"), 2);
  EXPECT_EQ(xt::sh(BIN + " sensitivity " + f + " --set 'nosuch.key=1' -o " + d + "/b 2> /dev/null"), 2);
  EXPECT_FALSE(xt::exists(d + "/b"));
}

}  // namespace
