// Goal seeking (issue 16): `xposim solve` finds the smallest or largest
// value of one key for which the expect lines hold, against closed forms.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

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
    // each run names the file it ran as it stands after publishing, not the
    // working directory's copy
    std::string sum = xt::slurp(d + "/s/runs/" + name + "/summary.json");
    EXPECT_NE(sum.find("\"file\": \"" + d + "/s/runs/" + name + ".yaml\""), std::string::npos) << sum.substr(0, 300);
    EXPECT_EQ(xt::slurp(d + "/s/runs/" + name + "/resolved.yaml").find(".partial-"), std::string::npos);
  }
  EXPECT_TRUE(xt::exists(d + "/s/.xposim-solve"));
  std::string out = xt::slurp(d + "/out.txt");
  EXPECT_EQ(out.rfind("coolant.flow: the smallest value for which the expects hold is ", 0), 0u) << out;
}

// The least loop flow that keeps every module junction under 60 C, worked
// by hand. The module's plate-to-coolant resistance is a table, linear in
// its branch's flow q (a fifth of the loop's); with capacity rate C = rho(35
// C) q c_p(bulk mean) the plate sits P / G over the 35 C inlet, G = C (1 -
// exp(-1 / (R C))) (a uniform plate over one stream). The hottest junction
// is the laser driver's, 41.04 W (30 %) through 0.15 + 0.06 K/W over the
// plate: 35 + P / G + 8.6184 < 60.
TEST(Solve, TheLeastFlowThatKeepsJunctionsUnder60CByHand) {
  std::string d = xt::scratch("solve_junction");
  std::string text = TOPO;
  size_t at = text.find("    thermal: { r_plate_air: 10000 K/W }", text.find("module_types"));
  ASSERT_NE(at, std::string::npos);
  text.insert(text.find(" }", at), ", r_table: [[0.05 L/min, 0.08 K/W], [0.5 L/min, 0.03 K/W]]");
  std::ofstream(d + "/j.yaml") << text;
  ASSERT_EQ(xt::sh(BIN + " solve " + d + "/j.yaml --vary coolant.flow --range '0.3..2.5 L/min' --until " +
                   "'max_module_junction_c < 60 C' --tol 0.0005 --quiet -o " + d + "/s > /dev/null"),
            0);
  const double p = 136.8, over_plate = 41.04 * (0.15 + 0.06);
  auto junction = [&](double loop_lpm) {
    double q = loop_lpm / 5 / 60e3, r = 0.08 + (0.03 - 0.08) * (q * 60e3 - 0.05) / (0.5 - 0.05);
    fluid_props_t in, mean;
    fluid_props(FLUID_PG25, 35, &in);
    double out = 45;
    for (int i = 0; i < 50; i++) {
      fluid_props(FLUID_PG25, (35 + out) / 2, &mean);
      out = 35 + p / (in.rho_kg_per_m3 * q * mean.cp_j_per_kg_k);
    }
    double c = in.rho_kg_per_m3 * q * mean.cp_j_per_kg_k, g = c * (1 - std::exp(-1 / (r * c)));
    return 35 + p / g + over_plate;
  };
  double lo = 0.3, hi = 2.5;  // junction(lo) > 60 > junction(hi)
  ASSERT_GT(junction(lo), 60);
  ASSERT_LT(junction(hi), 60);
  while (hi - lo > 1e-9) ((junction((lo + hi) / 2) < 60) ? hi : lo) = (lo + hi) / 2;
  std::string j = xt::slurp(d + "/s/solve.json");
  double answer = xt::json_number(j, "answer"), fails = xt::json_number(j, "fails_at");
  EXPECT_GE(answer, hi - 1e-4) << j;
  EXPECT_LT(fails, hi + 1e-4) << j;
  EXPECT_LE(answer - fails, 0.0005);
  EXPECT_GT(hi, 0.5);  // the answer lies well inside the table, not at a clamp
  EXPECT_LT(hi / 5, 0.5);
  // the answer leads the solve's report; every run's own report is linked
  ASSERT_EQ(xt::sh(BIN + " report " + d + "/s > /dev/null"), 0);
  std::string html = xt::slurp(d + "/s/report.html");
  EXPECT_NE(html.find("The smallest value of <b>coolant.flow</b> for which every expect holds is <b>"),
            std::string::npos);
  std::string run = j.substr(j.find("\"answer_run\": \"") + 15);
  run = run.substr(0, run.find('"'));
  EXPECT_NE(html.find("<a href=\"" + run + "/report.html\">"), std::string::npos) << run;
  EXPECT_TRUE(xt::exists(d + "/s/" + run + "/report.html"));
  EXPECT_TRUE(xt::exists(d + "/s/runs/00/report.html"));
}

// The same question from a sweep file, with its set applied first: at a
// 38 C supply the least loop flow for 45 C outlets is five times P /
// (rho(38 C) c_p(41.5 C) 7 K). The file's mistakes are refused where they
// stand, as are options a solve cannot honour.
TEST(Solve, FromASweepFileWithItsSet) {
  std::string d = xt::scratch("solve_sweep");
  std::string f = topo(d);
  std::ofstream(d + "/s.yaml") << "xposim_sweep: 1\nname: least\nbase: o.yaml\nset:\n  coolant.supply: 38 C\n"
                               << "solve:\n  vary: coolant.flow\n  range: \"0.2..2.5 L/min\"\n"
                               << "  until: [\"max(slot[*].outlet) < 45 C\"]\n  tol: 0.0005\n";
  ASSERT_EQ(xt::sh(BIN + " sweep " + d + "/s.yaml -o " + d + "/out -j 2 --quiet > /dev/null"), 0);
  fluid_props_t in, mean;
  fluid_props(FLUID_PG25, 38, &in);
  fluid_props(FLUID_PG25, 41.5, &mean);
  double q_lpm = 5 * 136.8 / (in.rho_kg_per_m3 * mean.cp_j_per_kg_k * 7) * 60e3;
  std::string j = xt::slurp(d + "/out/solve.json");
  EXPECT_LT(xt::json_number(j, "fails_at"), q_lpm);
  EXPECT_GE(xt::json_number(j, "answer"), q_lpm);
  EXPECT_LE(xt::json_number(j, "answer") - xt::json_number(j, "fails_at"), 0.0005);
  EXPECT_TRUE(xt::exists(d + "/out/.xposim-solve"));
  auto bad = [&](const std::string &name, const std::string &text, const std::string &opts, const std::string &want) {
    std::ofstream(d + "/" + name) << text;
    EXPECT_EQ(xt::sh(BIN + " sweep " + d + "/" + name + " -o " + d + "/b " + opts + " > " + d + "/e.txt 2>&1"), 2)
        << name;
    EXPECT_NE(xt::slurp(d + "/e.txt").find(want), std::string::npos) << name << ": " << xt::slurp(d + "/e.txt");
    EXPECT_FALSE(xt::exists(d + "/b")) << name;
  };
  std::string head = "xposim_sweep: 1\nname: least\nbase: o.yaml\n";
  bad("a.yaml",
      head + "solve: { vary: coolant.flow, range: \"1..2 L/min\" }\naxes: [ { key: seed, values: [1, 2] } ]\n", "",
      "a.yaml:4:8: solve: a solve makes its own runs; give no axes");
  bad("r.yaml", head + "solve: { vary: coolant.flow }\n", "", "r.yaml:4:8: solve.range");
  bad("t.yaml", head + "solve: { vary: coolant.flow, range: \"1..2 L/min\", tol: -1 }\n", "", "t.yaml:4:56: solve.tol");
  bad("k.yaml",
      head + "solve: { vary: coolant.flow, range: \"1..2 L/min\", until: [\"max(slot[*].outlet) < 45 C\"], x: 1 }\n",
      "", "unknown key 'x' in solve");
  bad("s.yaml", xt::slurp(d + "/s.yaml"), "--shard 1/2", "no --shard");
}

// The shipped question (configs/sweeps/least-flow.yaml): its answer's run
// keeps module junctions under 85 C and the run just below does not, and
// each module's branch gets 0.5 of the 11 L/min the branches are rated for
// together (all rated at 15 kPa: the split goes as the ratings), by hand.
TEST(Solve, TheShippedLeastFlowQuestion) {
  std::string d = xt::scratch("solve_least_flow");
  ASSERT_EQ(xt::sh(BIN + " sweep " + SRC + "/configs/sweeps/least-flow.yaml -o " + d + "/s --quiet > /dev/null"), 0);
  std::string j = xt::slurp(d + "/s/solve.json");
  double answer = xt::json_number(j, "answer"), fails = xt::json_number(j, "fails_at");
  EXPECT_GT(answer, 1.5);
  EXPECT_LT(answer, 3.5);
  EXPECT_LE(answer - fails, 0.05);
  std::string run = j.substr(j.find("\"answer_run\": \"") + 15);
  run = run.substr(0, run.find('"'));
  std::string sum = xt::slurp(d + "/s/" + run + "/summary.json");
  EXPECT_LT(xt::json_number(sum, "max_module_junction_c"), 85);
  std::string lim = sum.substr(sum.find("\"branch_flow\""));
  EXPECT_NEAR(xt::json_number(lim, "worst"), answer * 0.5 / 11, 1e-6 * answer);
  std::istringstream csv(xt::slurp(d + "/s/solve.csv"));  // the run at fails_at: 85 C or more
  std::string line;
  int seen = 0;
  while (std::getline(csv, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("run,", 0) == 0) continue;
    std::vector<std::string> c;
    std::stringstream ls(line);
    for (std::string cell; std::getline(ls, cell, ',');) c.push_back(cell);
    if (c.size() < 6 || std::fabs(std::strtod(c[1].c_str(), nullptr) - fails) > 1e-6 * fails) continue;
    EXPECT_EQ(c[4], "0");
    EXPECT_GE(std::strtod(c[5].c_str(), nullptr), 85);
    seen++;
  }
  EXPECT_EQ(seen, 1);
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
  EXPECT_NE(xt::slurp(d + "/s/runs/000/summary.json").find("\"file\": \"" + d + "/s/runs/000.yaml\""),
            std::string::npos);
  std::istringstream in(xt::slurp(d + "/s/sensitivity.csv"));
  std::string line;
  std::map<std::string, std::vector<double>> rows;  // key -> cells from default on
  std::vector<std::string> order, what;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("rank,", 0) == 0) continue;
    std::stringstream ss(line);
    std::string cell, key;
    std::vector<double> v;
    std::getline(ss, cell, ',');
    std::getline(ss, key, ',');
    std::getline(ss, cell, ',');  // unit
    std::string last;
    while (std::getline(ss, cell, ',')) {
      v.push_back(std::strtod(cell.c_str(), nullptr));
      last = cell;
    }
    v.pop_back();  // what: the key with its list items' names
    rows[key] = v;
    order.push_back(key);
    what.push_back(last);
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
  EXPECT_NE(dat.find("1 \"" + what[0] + "\""), std::string::npos);
  EXPECT_NE(xt::slurp(d + "/out.txt").find("  1. " + what[0]), std::string::npos);
  // the kind's default heat sources vary too, named in the table: the
  // laser driver (30 %: 41.04 W through 0.15 + 0.06 K/W) runs 8.618 K over
  // the plate, the DSP (50 %: 68.4 W through 0.08 + 0.04 K/W) 8.208 K. The
  // driver's junction-to-case at x2 lifts the hottest junction by 41.04 x
  // 0.15 = 6.156 K; at x0.5 the DSP is hottest: 8.208 - 8.618 K. The DSP's
  // at x2 lifts it to 68.4 x 0.2 over the plate; at x0.5 nothing moves.
  const auto &drv = rows.at("module_types.m.thermal.sources[1].r_junction_case");
  const auto &dsp = rows.at("module_types.m.thermal.sources[0].r_junction_case");
  EXPECT_NEAR(drv[4] - tj0, 41.04 * 0.15, 1e-3);
  EXPECT_NEAR(drv[3] - tj0, 68.4 * 0.12 - 41.04 * 0.21, 1e-3);
  EXPECT_NEAR(dsp[4] - tj0, 68.4 * 0.2 - 41.04 * 0.21, 1e-3);
  EXPECT_NEAR(dsp[3] - tj0, 0, 1e-6);
  EXPECT_EQ(what[0], "module_types.m.thermal.sources[1 laser_driver].r_junction_case");
  ASSERT_EQ(xt::sh(BIN + " report " + d + "/s > /dev/null"), 0);  // the tornado and the ranking
  std::string html = xt::slurp(d + "/s/report.html");
  EXPECT_NE(html.find("<h2>The ranking</h2>"), std::string::npos);
  EXPECT_NE(html.find(what[0]), std::string::npos);
  EXPECT_NE(html.find("tornado"), std::string::npos);
  EXPECT_EQ(rows.count("module_types.m.line.host_serdes_power"), 0u);  // 0 W at any multiple: not varied
  // the PSU curve varies as a whole: every point 0.01 lower, then higher
  const auto &psu = rows.at("switch.feed.psu_efficiency");
  EXPECT_EQ(psu[0], 0);
  EXPECT_NEAR(psu[1], -0.01, 1e-12);
  EXPECT_NEAR(psu[2], 0.01, 1e-12);
  ASSERT_EQ(xt::sh("cat " + d + "/s/runs/*.yaml > " + d + "/all.yaml"), 0);
  std::string all = xt::slurp(d + "/all.yaml");
  EXPECT_NE(
      all.find(
          "\"psu_efficiency\": [[\"0.1\", \"0.89\"], [\"0.2\", \"0.93\"], [\"0.5\", \"0.95\"], [\"1\", \"0.93\"]]"),
      std::string::npos);
  // bad arguments
  EXPECT_EQ(xt::sh(BIN + " sensitivity " + f + " --kpi max_junction -o " + d + "/b 2> /dev/null"), 2);
  EXPECT_EQ(xt::sh(BIN + " sensitivity " + f + " --set duration -o " + d + "/b 2> /dev/null"), 2);
  EXPECT_EQ(xt::sh(BIN + " sensitivity " + f + " --set 'nosuch.key=1' -o " + d + "/b 2> /dev/null"), 2);
  EXPECT_FALSE(xt::exists(d + "/b"));
}

// P(S + E < T) for S uniform on [a1, b1] and E on [a2, b2], integrated
// here over S (the trapezoid CDF of a sum of two uniforms).
double uniform_sum_cdf(double a1, double b1, double a2, double b2, double t) {
  const int n = 200000;
  double sum = 0;
  for (int i = 0; i < n; i++) {
    double s = a1 + (b1 - a1) * (i + 0.5) / n;
    sum += std::fmin(1, std::fmax(0, (t - s - a2) / (b2 - a2)));
  }
  return sum / n;
}

// A Monte Carlo sweep by hand: with no leakage a module draws its static
// power (60 W, x0.8 to x1.25: uniform on 48..75 W) plus 12 pJ/bit at 6.4
// Tb/s (x0.8 to x1.25: 61.44..96 W), so "max(slot[*].power) < 140 W"
// holds with the probability of a sum of two uniforms below 140 W. Every
// sample's draw lies in its range; shards merged give the same summary.
TEST(MonteCarlo, TheProbabilityAnExpectHoldsByHand) {
  std::string d = xt::scratch("mc_hand");
  std::string f = topo(d);
  const int n = 400;
  std::ofstream(d + "/mc.yaml") << "xposim_sweep: 1\nname: mc-hand\nbase: o.yaml\n"
                                << "set:\n  expect: '[\"max(slot[*].power) < 140 W\"]'\n"
                                << "monte_carlo: { samples: " << n << ", seed: 5 }\n";
  ASSERT_EQ(xt::sh(BIN + " sweep " + d + "/mc.yaml -o " + d + "/s -j 2 --quiet 2> " + d + "/err.txt"), 1);
  std::string j = xt::slurp(d + "/s/monte_carlo.json");
  double p = uniform_sum_cdf(48, 75, 61.44, 96, 140), est = xt::json_number(j, "probability");
  EXPECT_GT(p, 0.3);
  EXPECT_LT(p, 0.7);
  EXPECT_NEAR(est, p, 3 * std::sqrt(p * (1 - p) / n)) << j;
  EXPECT_LT(xt::json_number(j, "low95"), est);
  EXPECT_GT(xt::json_number(j, "high95"), est);
  EXPECT_NE(xt::slurp(d + "/err.txt").find("monte carlo: every expect holds in"), std::string::npos);
  // each sample's draw of the module's static power within 48..75 W, spread over it
  // and the laser driver's junction-to-case (a default source's) within 0.075..0.3 K/W
  double lo = 1e9, hi = -1e9, rlo = 1e9, rhi = -1e9;
  for (int i = 0; i < n; i++) {
    char name[32];
    snprintf(name, sizeof name, "/s/points/%06d.yaml", i);
    std::string y = xt::slurp(d + name);
    size_t at = y.find("\"static\": \"", y.find("\"module_types\""));
    ASSERT_NE(at, std::string::npos) << name;
    double w = std::strtod(y.c_str() + at + 11, nullptr);
    lo = std::fmin(lo, w);
    hi = std::fmax(hi, w);
    at = y.find("\"r_junction_case\": \"", y.find("\"laser_driver\""));
    ASSERT_NE(at, std::string::npos) << name;
    double r = std::strtod(y.c_str() + at + 20, nullptr);
    rlo = std::fmin(rlo, r);
    rhi = std::fmax(rhi, r);
  }
  EXPECT_GE(lo, 48);
  EXPECT_LE(hi, 75);
  EXPECT_LT(lo, 49);
  EXPECT_GT(hi, 74);
  EXPECT_GE(rlo, 0.075);
  EXPECT_LE(rhi, 0.3);
  EXPECT_LT(rlo, 0.08);
  EXPECT_GT(rhi, 0.29);
  // two shards and a merge: the same summary
  ASSERT_EQ(xt::sh(BIN + " sweep " + d + "/mc.yaml -o " + d + "/a --shard 1/2 --quiet 2> /dev/null"), 1);
  ASSERT_EQ(xt::sh(BIN + " sweep " + d + "/mc.yaml -o " + d + "/b --shard 2/2 --quiet 2> /dev/null"), 1);
  ASSERT_EQ(xt::sh(BIN + " merge -o " + d + "/m " + d + "/a " + d + "/b 2> /dev/null"), 0);
  EXPECT_EQ(xt::slurp(d + "/m/monte_carlo.json"), j);
  // the sweep's report leads with the probabilities and the spread
  std::ofstream(d + "/few.yaml") << "xposim_sweep: 1\nname: mc-few\nbase: o.yaml\n"
                                 << "set:\n  expect: '[\"max(slot[*].power) < 140 W\"]'\n"
                                 << "monte_carlo: { samples: 3, seed: 5 }\n";
  ASSERT_LE(xt::sh(BIN + " sweep " + d + "/few.yaml -o " + d + "/few --quiet 2> /dev/null"), 1);
  ASSERT_EQ(xt::sh(BIN + " report " + d + "/few > /dev/null 2>&1"), 0);
  std::string html = xt::slurp(d + "/few/report.html");
  EXPECT_NE(html.find("<h2>Monte Carlo: how sure the answer is</h2>"), std::string::npos);
  EXPECT_NE(html.find("Hottest module junction"), std::string::npos);
  // a Monte Carlo sweep takes no axes, and needs something uncertain
  std::ofstream(d + "/bad.yaml") << "xposim_sweep: 1\nname: bad\nbase: o.yaml\nmonte_carlo: { samples: 4 }\n"
                                 << "axes: [ { key: coolant.supply, values: [30 C] } ]\n";
  EXPECT_EQ(xt::sh(BIN + " sweep " + d + "/bad.yaml -o " + d + "/x 2> /dev/null"), 2);
  std::ofstream(d + "/bad.yaml") << "xposim_sweep: 1\nname: bad\nbase: o.yaml\nmonte_carlo: { samples: 1 }\n";
  EXPECT_EQ(xt::sh(BIN + " sweep " + d + "/bad.yaml -o " + d + "/x 2> /dev/null"), 2);
  EXPECT_FALSE(xt::exists(d + "/x"));
}

}  // namespace
