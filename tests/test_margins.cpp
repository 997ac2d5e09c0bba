// Limits and margins (issue 16): each limit's worst is a cell of a trace,
// its margin and headroom follow docs/outputs.md, the binding limit has the
// least headroom, and hand-worked designs give the margins worked here.
#include <gtest/gtest.h>
#include <jansson.h>

#include <cmath>
#include <fstream>
#include <map>

#include "test_support.h"

namespace {

const std::string SRC = XPOSIM_SOURCE_DIR;
const std::string BIN = XPOSIM_BINARY;

struct RunDir {
  std::string dir;
  json_t *sum = nullptr;
  explicit RunDir(const std::string &d) : dir(d) {
    json_error_t e;
    sum = json_load_file((d + "/summary.json").c_str(), 0, &e);
    EXPECT_NE(sum, nullptr) << d << ": " << e.text;
  }
  ~RunDir() { json_decref(sum); }
  const json_t *limit(const std::string &name) const {
    return json_object_get(json_object_get(sum, "limits"), name.c_str());
  }
  double num(const json_t *o, const char *key) const {
    const json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
  }
  std::string str(const json_t *o, const char *key) const {
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
  }
  xt::Trace trace(const std::string &f) const { return xt::Trace(dir + "/traces/" + f); }
};

// "slot 3 dsp" -> {"slot", 3, "dsp"}
struct Where {
  std::string kind, rest;
  int index = -1;
};
Where parse_where(const std::string &w) {
  Where p;
  size_t a = w.find(' ');
  p.kind = w.substr(0, a);
  p.index = std::atoi(w.c_str() + a + 1);
  size_t b = w.find(' ', a + 1);
  p.rest = b == std::string::npos ? "" : w.substr(b + 1);
  return p;
}

// The trace cell a limit names, and whether the limit is a floor.
struct Cell {
  std::string file, column;
  bool floor;
};
Cell cell_of(const std::string &limit, const std::string &where) {
  Where w = parse_where(where);
  std::string dev = w.kind + std::to_string(w.index);
  if (limit == "module_junction" || limit == "asic_junction")
    return {"thermal.csv", dev + "_" + w.rest + "_junction_c", false};
  if (limit == "module_power") return {"slots.csv", dev + "_power_w", false};
  if (limit == "coolant") return {w.kind == "slot" ? "slots.csv" : "asics.csv", dev + "_outlet_c", false};
  if (limit == "branch_flow") return {"coolant.csv", dev + "_flow_lpm", true};
  if (limit == "bus_voltage") return {"power.csv", dev + "_input_v", true};
  if (limit == "port_snr_margin") {
    Where p = parse_where(w.rest);  // "port 5"
    return {"ports.csv", dev + "_port" + std::to_string(p.index) + "_margin_db", true};
  }
  return {"", "", limit == "pump_n1"};
}

// The headroom docs/outputs.md defines, from the topology's supplies.
double headroom_of(const std::string &limit, double worst, double lim, double margin, double supply_c, double feed_v) {
  if (limit == "branch_flow" || limit == "pump_n1") return margin / std::fmax(worst, lim);
  if (limit == "port_snr_margin") return 1 - std::pow(10, -margin / 10);
  if (limit == "bus_voltage") return margin / (feed_v - lim);
  if (limit == "module_power" || limit == "psu_budget" || limit == "psu_n1") return margin / lim;
  return margin / std::fmax(lim - supply_c, 1);
}

// The columns every cell of a limit lives in (prefix, suffix), where all
// of them count on every row (0: not followed here).
bool family(const std::string &limit, std::string *pre, std::string *suf) {
  static const std::map<std::string, std::pair<std::string, std::string>> f = {
      {"module_junction", {"slot", "_junction_c"}}, {"asic_junction", {"asic", "_junction_c"}},
      {"module_power", {"slot", "_power_w"}},       {"branch_flow", {"slot", "_flow_lpm"}},
      {"bus_voltage", {"slot", "_input_v"}},        {"port_snr_margin", {"slot", "_margin_db"}}};
  auto it = f.find(limit);
  if (it == f.end()) return false;
  *pre = it->second.first;
  *suf = it->second.second;
  return true;
}

class EveryConfigMargins : public ::testing::TestWithParam<std::string> {};

// Each limit's worst is the trace's value at the place and time it names;
// where every module stays in, it is also the worst over every row; the
// margin and headroom follow from it; the binding limit has the least
// headroom and its sentence names it.
TEST_P(EveryConfigMargins, EachLimitIsACellOfItsTrace) {
  std::string d = xt::scratch("margins_" + GetParam());
  ASSERT_LE(xt::sh(BIN + " run " + SRC + "/configs/" + GetParam() + " -o " + d + "/r --quiet"), 1);
  RunDir r(d + "/r");
  std::string cfg = xt::slurp(SRC + "/configs/" + GetParam());
  bool modules_stay = cfg.find("remove") == std::string::npos && cfg.find("insert") == std::string::npos;
  const json_t *lims = json_object_get(r.sum, "limits");
  ASSERT_GT(json_object_size(lims), 0u);
  double least = INFINITY;
  std::string least_name;
  const char *name;
  const json_t *l;
  json_object_foreach(const_cast<json_t *>(lims), name, l) {
    double worst = r.num(l, "worst"), lim = r.num(l, "limit"), at = r.num(l, "at_s");
    Cell c = cell_of(name, r.str(l, "where"));
    double margin = c.floor ? worst - lim : lim - worst;
    EXPECT_NEAR(r.num(l, "margin"), margin, 1e-9 * std::fmax(1, std::fabs(worst))) << name;
    if (!c.file.empty()) {
      xt::Trace t = r.trace(c.file);
      EXPECT_NEAR(t.at(c.column, at), worst, 2e-8 * std::fmax(1, std::fabs(worst))) << name << " " << c.column;
      std::string pre, suf;
      bool follow =
          family(name, &pre, &suf) && (modules_stay || pre != "slot");  // a pulled module's cells do not count
      for (size_t k = 1; follow && k < t.cols.size(); k++) {
        const std::string &n = t.cols[k];
        if (n.rfind(pre, 0) || n.size() < suf.size() || n.compare(n.size() - suf.size(), suf.size(), suf)) continue;
        for (const auto &row : t.rows)
          EXPECT_TRUE(c.floor ? row[k] >= worst - 1e-7 * std::fabs(worst) : row[k] <= worst + 1e-7 * std::fabs(worst))
              << name << ": " << n << " at " << row[0] << " is " << row[k] << ", past the worst " << worst;
      }
    }
    double h = r.num(l, "headroom");
    if (c.file != "thermal.csv" && std::string(name) != "coolant" && std::string(name) != "bus_voltage") {
      EXPECT_NEAR(h, headroom_of(name, worst, lim, margin, NAN, NAN), 1e-9) << name;
    }
    if (std::string(name) != "psu_n1" && std::string(name) != "pump_n1" && h < least) {
      least = h;
      least_name = name;
    }
    EXPECT_EQ(json_is_true(json_object_get(l, "binds")), r.str(json_object_get(r.sum, "binding"), "limit") == name)
        << name;
  }
  const json_t *b = json_object_get(r.sum, "binding");
  EXPECT_EQ(r.str(b, "limit"), least_name);
  EXPECT_NEAR(xt::json_number(xt::slurp(d + "/r/summary.json"), "binding_headroom"), least, 1e-12);
  EXPECT_NE(r.str(b, "sentence").find(r.str(r.limit(least_name), "where")), std::string::npos);
  // Module and ASIC maxima are max_junction_c split.
  std::string j = xt::slurp(d + "/r/summary.json");
  double mm = xt::json_number(j, "max_module_junction_c"), ma = xt::json_number(j, "max_asic_junction_c");
  EXPECT_DOUBLE_EQ(std::fmax(mm, std::isnan(ma) ? -INFINITY : ma), xt::json_number(j, "max_junction_c"));
  xt::Trace sl = r.trace("slots.csv");
  double slot_max = -INFINITY;
  for (size_t k = 1; k < sl.cols.size(); k++)
    if (sl.cols[k].find("_junction_c") != std::string::npos)
      for (const auto &row : sl.rows) slot_max = std::fmax(slot_max, row[k]);
  EXPECT_NEAR(mm, slot_max, 2e-8 * std::fabs(slot_max));
}

INSTANTIATE_TEST_SUITE_P(AllConfigs, EveryConfigMargins, ::testing::ValuesIn(xt::list(SRC + "/configs", ".yaml")),
                         [](const ::testing::TestParamInfo<std::string> &i) {
                           std::string n = i.param.substr(0, i.param.size() - 5);
                           for (char &c : n)
                             if (!isalnum((unsigned char)c)) c = '_';
                           return n;
                         });

int run_to(const std::string &topo, const std::string &out, const std::string &redirect = " --quiet") {
  return xt::sh(BIN + " run " + topo + " -o " + out + redirect);
}

// The reference switch by hand: 11 L/min shared by 16 module branches and
// 2 ASIC branches whose ratings (15 kPa at 0.5 and 1.5 L/min) add up to it
// gives each module exactly 0.5 L/min, 0.15 above the 0.35 floor (30 % it
// may still lose); three 3 kW PSUs give a 9 kW budget and 6 kW with one
// more failed; temperatures count from the 35 C supply, the bus from 54 V
// down to 36 V. The binding limit is the worst port's SNR margin, tighter
// than the flow: run and check say so in one sentence.
TEST(Margins, TheReferenceSwitchByHand) {
  std::string d = xt::scratch("margins_reference");
  ASSERT_EQ(run_to(SRC + "/configs/reference.yaml", d + "/r", " 2> " + d + "/err.txt"), 0);
  RunDir r(d + "/r");
  const json_t *flow = r.limit("branch_flow");
  EXPECT_NEAR(r.num(flow, "worst"), 0.5, 1e-9);
  EXPECT_NEAR(r.num(flow, "margin"), 0.15, 1e-9);
  EXPECT_NEAR(r.num(flow, "headroom"), 0.3, 1e-9);
  EXPECT_NEAR(r.num(r.limit("psu_budget"), "limit"), 9000, 1e-9);
  EXPECT_NEAR(r.num(r.limit("psu_n1"), "limit"), 6000, 1e-9);
  EXPECT_EQ(r.str(r.limit("psu_budget"), "where"), "3 of 3 working PSUs");
  EXPECT_EQ(r.limit("pump_n1"), nullptr);  // a regulated loop has no pumps to lose
  for (const char *t : {"module_junction", "asic_junction"}) {
    const json_t *l = r.limit(t);
    EXPECT_NEAR(r.num(l, "limit"), 105, 1e-12) << t;
    EXPECT_NEAR(r.num(l, "headroom"), r.num(l, "margin") / (105 - 35), 1e-10) << t;
  }
  const json_t *co = r.limit("coolant");
  EXPECT_NEAR(r.num(co, "headroom"), r.num(co, "margin") / (60 - 35), 1e-10);
  const json_t *bus = r.limit("bus_voltage");
  EXPECT_NEAR(r.num(bus, "headroom"), r.num(bus, "margin") / (54 - 36), 1e-10);
  // the hottest module junction is a module component's, under the ASIC's
  std::string j = xt::slurp(d + "/r/summary.json");
  EXPECT_NEAR(r.num(r.limit("module_junction"), "worst"), xt::json_number(j, "max_module_junction_c"), 1e-9);
  EXPECT_NEAR(r.num(r.limit("asic_junction"), "worst"), xt::json_number(j, "max_asic_junction_c"), 1e-9);
  EXPECT_LT(xt::json_number(j, "max_module_junction_c"), xt::json_number(j, "max_asic_junction_c"));
  const json_t *snr = r.limit("port_snr_margin");
  double m = r.num(snr, "margin");
  EXPECT_NEAR(r.num(snr, "headroom"), 1 - std::pow(10, -m / 10), 1e-10);
  EXPECT_LT(r.num(snr, "headroom"), 0.3);
  EXPECT_EQ(r.str(json_object_get(r.sum, "binding"), "limit"), "port_snr_margin");
  std::string sentence = r.str(json_object_get(r.sum, "binding"), "sentence");
  EXPECT_EQ(sentence.rfind("Port SNR margin binds first: " + r.str(snr, "where"), 0), 0u) << sentence;
  EXPECT_NE(xt::slurp(d + "/err.txt").find("reference: " + sentence), std::string::npos);
  ASSERT_EQ(xt::sh(BIN + " check --golden " + d + "/g --update-golden " + SRC + "/configs/reference.yaml > " + d +
                   "/check.txt"),
            0);
  EXPECT_NE(xt::slurp(d + "/check.txt").find("reference.yaml: " + sentence), std::string::npos);
  ASSERT_EQ(xt::sh(BIN + " report " + d + "/r > /dev/null 2>&1"), 0);
  std::string html = xt::slurp(d + "/r/report.html");
  EXPECT_NE(html.find("<h2>Limits and margins</h2>"), std::string::npos);
  EXPECT_NE(html.find("<p class=\"binding\">Port SNR margin binds first"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"binds\"><td title=\"port_snr_margin\">"), std::string::npos);
}

// Pumps by hand: two pumps (40 kPa shut-off, 9 L/min free delivery: dP = a
// - b Q^2) in parallel drive four module branches (15 kPa at 0.5 L/min)
// and one ASIC branch (15 kPa at 1.5 L/min) between ideal headers. The
// branches in parallel are one resistance k_p = 1 / (sum k_i^-1/2)^2; two
// pumps give Q = sqrt(a / (b/4 + k_p)), one gives sqrt(a / (b + k_p)); a
// module takes 0.5 / 3.5 of either.
TEST(Margins, OneMorePumpFailedByHand) {
  std::string d = xt::scratch("margins_pumps");
  std::ofstream(d + "/p.yaml")
      << "xposim: 1\nname: pumps\nduration: 1 s\nsample: 100 ms\n"
         "switch: { asics: 1, asic: { capacity: 102.4 Tb/s, branch: { dp: 15 kPa, flow: 1.5 L/min } } }\n"
         "cage: { rows: 1, columns: 4 }\n"
         "module_types:\n  m: { lane_rate: 224G, ports: 8x1.6T, branch: { dp: 15 kPa, flow: 0.5 L/min } }\n"
         "slots: { fill: m }\n"
         "coolant:\n  fluid: pg25\n  supply: 35 C\n  pumps:\n"
         "    - { shutoff: 40 kPa, max_flow: 9 L/min }\n    - { shutoff: 40 kPa, max_flow: 9 L/min }\n";
  ASSERT_EQ(run_to(d + "/p.yaml", d + "/r"), 0);
  RunDir r(d + "/r");
  const double lpm = 1e-3 / 60, a = 40e3, b = a / std::pow(9 * lpm, 2);
  const double sum = (4 * 0.5 + 1.5) * lpm / std::sqrt(15e3), kp = 1 / (sum * sum);
  double two = std::sqrt(a / (b / 4 + kp)) / lpm * 0.5 / 3.5, one = std::sqrt(a / (b + kp)) / lpm * 0.5 / 3.5;
  EXPECT_NEAR(r.num(r.limit("branch_flow"), "worst"), two, 1e-6 * two);
  const json_t *n1 = r.limit("pump_n1");
  ASSERT_NE(n1, nullptr);
  EXPECT_NEAR(r.num(n1, "worst"), one, 1e-6 * one);
  EXPECT_NEAR(r.num(n1, "margin"), one - 0.35, 1e-6);
  EXPECT_EQ(r.str(n1, "where"), "loop main, pump 0 failed: slot 0");
  EXPECT_NEAR(xt::json_number(xt::slurp(d + "/r/summary.json"), "pump_n1_margin_lpm"), one - 0.35, 1e-6);
  EXPECT_FALSE(json_is_true(json_object_get(n1, "binds")));  // a what-if never binds the run
  // the what-if leaves the run alone: the loop still carries two pumps' flow at the end
  EXPECT_NEAR(xt::Trace(d + "/r/traces/coolant.csv").at("slot3_flow_lpm", 1), two, 1e-6 * two);
}

// One PSU of three (2.2 kW each) fails from 10 s to 30 s: the budget falls
// to 4.4 kW and, with one more failed, to 2.2 kW, which the load exceeds.
TEST(Margins, OneMorePsuFailedByHand) {
  std::string d = xt::scratch("margins_psu");
  ASSERT_LE(run_to(SRC + "/configs/psu-failure.yaml", d + "/r"), 1);
  RunDir r(d + "/r");
  const json_t *b = r.limit("psu_budget"), *n1 = r.limit("psu_n1");
  EXPECT_NEAR(r.num(b, "limit"), 4400, 1e-9);
  EXPECT_EQ(r.str(b, "where"), "2 of 3 working PSUs");
  EXPECT_NEAR(r.num(n1, "limit"), 2200, 1e-9);
  EXPECT_LT(r.num(n1, "margin"), 0);
  EXPECT_GE(r.num(n1, "at_s"), 10);
  EXPECT_LT(r.num(n1, "at_s"), 30);
  xt::Trace pw = r.trace("power.csv");
  double at = r.num(n1, "at_s");
  EXPECT_NEAR(r.num(n1, "worst"), pw.at("psu_input_w", at) - pw.at("psu_loss_w", at), 1e-4);
}

// Settling, worked from switch.csv as docs/outputs.md defines it: stretches
// at 0 and at each scenario time; the reference follows the hottest
// junction whenever it leaves the 0.1 K band; settled if it then stays in
// the band 5 s before the stretch ends.
TEST(Margins, SettlingAfterEachEventFollowsTheHottestJunction) {
  std::string d = xt::scratch("margins_settle");
  ASSERT_LE(run_to(SRC + "/configs/psu-failure.yaml", d + "/r"), 1);
  RunDir r(d + "/r");
  xt::Trace sw = r.trace("switch.csv");
  size_t c = sw.col("max_junction_c");
  const double events[] = {0, 10, 30}, end = sw.rows.back()[0];
  const char *kinds[] = {"start", "psu-fail", "psu-restore"};
  const json_t *st = json_object_get(r.sum, "settling");
  ASSERT_EQ(json_array_size(st), 3u);
  for (size_t k = 0; k < 3; k++) {
    double from = events[k], to = k < 2 ? events[k + 1] : end, ref = NAN, since = from;
    for (const auto &row : sw.rows) {
      if (row[0] < from - 1e-9 || (k < 2 && row[0] >= to - 1e-9)) continue;
      if (std::isnan(ref)) ref = row[c];
      if (std::fabs(row[c] - ref) > 0.1) {
        ref = row[c];
        since = row[0];
      }
    }
    const json_t *e = json_array_get(st, k);
    EXPECT_EQ(r.str(e, "event"), kinds[k]);
    EXPECT_NEAR(r.num(e, "from_s"), from, 1e-9);
    bool settled = to - since >= 5;
    EXPECT_EQ(json_is_true(json_object_get(e, "settled")), settled) << k;
    if (settled) {
      EXPECT_NEAR(r.num(e, "settle_s"), since - from, 1e-9) << k;
    } else {
      EXPECT_TRUE(std::isnan(r.num(e, "settle_s"))) << k;
    }
  }
  // steady from the start; the ASICs (time constants of tens of seconds)
  // still cool by more than the band in the last 5 s of the failure
  EXPECT_TRUE(json_is_true(json_object_get(json_array_get(st, 0), "settled")));
  EXPECT_NEAR(r.num(json_array_get(st, 0), "settle_s"), 0, 1e-12);
  EXPECT_GT(sw.at("max_junction_c", 25) - sw.at("max_junction_c", 29.99), 0.1);
  EXPECT_FALSE(json_is_true(json_object_get(json_array_get(st, 1), "settled")));
}

// Limits are the topology's: a module junction limit of 50 C is exceeded
// by the reference, which then binds with a negative margin; a limit in
// the wrong unit or a key that is none is a located error.
TEST(Margins, LimitsComeFromTheTopology) {
  std::string d = xt::scratch("margins_topo");
  std::string t = xt::slurp(SRC + "/configs/reference.yaml");
  t.replace(t.find("duration: 60 s"), 14, "duration: 2 s");
  t.replace(t.find("scenario:\n  - { at: 30 s, load: 0.9 }"), 37, "");
  std::ofstream(d + "/low.yaml") << t << "limits: { module_junction: 50 C, settle_hold: 1 s }\n";
  ASSERT_EQ(run_to(d + "/low.yaml", d + "/r"), 0);
  RunDir r(d + "/r");
  const json_t *mj = r.limit("module_junction");
  std::string j = xt::slurp(d + "/r/summary.json");
  EXPECT_NEAR(r.num(mj, "margin"), 50 - xt::json_number(j, "max_module_junction_c"), 1e-9);
  EXPECT_NEAR(xt::json_number(j, "module_junction_margin_k"), r.num(mj, "margin"), 1e-9);
  EXPECT_LT(r.num(mj, "margin"), 0);
  EXPECT_EQ(r.str(json_object_get(r.sum, "binding"), "limit"), "module_junction");
  EXPECT_EQ(r.str(json_object_get(r.sum, "binding"), "sentence").rfind("Module junction is exceeded: slot ", 0), 0u);
  EXPECT_TRUE(json_is_true(json_object_get(json_array_get(json_object_get(r.sum, "settling"), 0), "settled")));
  for (const std::string bad : {"limits: { branch_flow: 3 C }", "limits: { junction: 90 C }", "limits: 5"}) {
    std::ofstream(d + "/bad.yaml") << t << bad << "\n";
    EXPECT_EQ(xt::sh(BIN + " check " + d + "/bad.yaml 2> " + d + "/e.txt"), 2) << bad;
    EXPECT_NE(xt::slurp(d + "/e.txt").find(d + "/bad.yaml:"), std::string::npos) << bad;
  }
}

}  // namespace
