// Trust (issue 12): no run reports the impossible as a success, summary
// KPIs equal their traces, output directories are never foreign ones, and
// nothing from an input reaches a shell or runs inside gnuplot.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <map>

#include "test_support.h"

namespace {

const std::string SRC = XPOSIM_SOURCE_DIR;
const std::string BIN = XPOSIM_BINARY;

// The reference topology with its text edited: each (from, to) replaced once.
std::string edited(const std::string &base, const std::vector<std::pair<std::string, std::string>> &edits) {
  std::string t = xt::slurp(SRC + "/configs/" + base);
  for (const auto &e : edits) {
    size_t p = t.find(e.first);
    EXPECT_NE(p, std::string::npos) << e.first;
    if (p != std::string::npos) t.replace(p, e.first.size(), e.second);
  }
  return t;
}

double column_max(const xt::Trace &t, size_t c) {
  double m = -INFINITY;
  for (const auto &r : t.rows) m = std::fmax(m, r[c]);
  return m;
}

double column_min(const xt::Trace &t, size_t c) {
  double m = INFINITY;
  for (const auto &r : t.rows) m = std::fmin(m, r[c]);
  return m;
}

// The time mean of an interval-mean column: each row but the first covers
// the time since the row before it.
double column_time_mean(const xt::Trace &t, size_t c) {
  double sum = 0, w = 0;
  for (size_t i = 1; i < t.rows.size(); i++) {
    double dt = t.rows[i][0] - t.rows[i - 1][0];
    sum += t.rows[i][c] * dt;
    w += dt;
  }
  return sum / w;
}

// Traces print 9 significant digits; summary.json 12.
void expect_same(double kpi, double trace, const std::string &what) {
  EXPECT_NEAR(kpi, trace, 2e-8 * std::fmax(1, std::fabs(trace))) << what;
}

class EveryConfig : public ::testing::TestWithParam<std::string> {};

// Every min, max and mean KPI recomputed from the traces it summarises.
TEST_P(EveryConfig, SummaryKpisEqualTheirTraces) {
  std::string d = xt::scratch("trust_kpi_" + GetParam());
  ASSERT_LE(xt::sh(BIN + " run " + SRC + "/configs/" + GetParam() + " -o " + d + "/r --quiet"), 1);
  std::string j = xt::slurp(d + "/r/summary.json");
  xt::Trace sw(d + "/r/traces/switch.csv"), sl(d + "/r/traces/slots.csv");
  size_t thr = sw.col("throughput_tbps"), pw = sw.col("power_w");
  expect_same(xt::json_number(j, "throughput_tbps_min"), column_min(sw, thr), "throughput_tbps_min");
  expect_same(xt::json_number(j, "throughput_tbps_max"), column_max(sw, thr), "throughput_tbps_max");
  expect_same(xt::json_number(j, "throughput_tbps_mean"), column_time_mean(sw, thr), "throughput_tbps_mean");
  expect_same(xt::json_number(j, "power_w_peak"), column_max(sw, pw), "power_w_peak");
  expect_same(xt::json_number(j, "power_w_mean"), column_time_mean(sw, pw), "power_w_mean");
  expect_same(xt::json_number(j, "feed_current_a_peak"), column_max(sw, sw.col("feed_current_a")), "feed_current");
  expect_same(xt::json_number(j, "max_junction_c"), column_max(sw, sw.col("max_junction_c")), "max_junction_c");
  EXPECT_GE(column_min(sw, thr), 0);
  // the bus while it stood, the worst lane BER, the hottest outlet with flow
  xt::Trace pw_t(d + "/r/traces/power.csv"), po(d + "/r/traces/ports.csv"), co(d + "/r/traces/coolant.csv");
  double vmin = INFINITY, ber = 0, outlet = -INFINITY;
  for (const auto &r : pw_t.rows)
    if (r[pw_t.col("bus_v")] > 0) vmin = std::fmin(vmin, r[pw_t.col("bus_v")]);
  double margin = INFINITY, loss = -INFINITY;
  for (size_t c = 1; c < po.cols.size(); c++) {
    if (po.cols[c].find("pre_fec_ber") != std::string::npos) ber = std::fmax(ber, column_max(po, c));
    if (po.cols[c].find("_margin_db") != std::string::npos) margin = std::fmin(margin, column_min(po, c));
  }
  for (size_t c = 1; c < sl.cols.size(); c++)
    if (sl.cols[c].find("_host_loss_db") != std::string::npos) loss = std::fmax(loss, column_max(sl, c));
  expect_same(xt::json_number(j, "snr_margin_db_min"), margin, "snr_margin_db_min");
  expect_same(xt::json_number(j, "host_loss_db_max"), loss, "host_loss_db_max");
  for (size_t c = 1; c < co.cols.size(); c++) {
    const std::string &n = co.cols[c];
    if (n.size() < 9 || n.compare(n.size() - 9, 9, "_outlet_c") || n.rfind("loop_", 0) == 0) continue;
    size_t f = co.col(n.substr(0, n.size() - 9) + "_flow_lpm");
    for (const auto &r : co.rows)
      if (r[f] > 0) outlet = std::fmax(outlet, r[c]);
  }
  expect_same(xt::json_number(j, "bus_voltage_min_v"), vmin, "bus_voltage_min_v");
  expect_same(xt::json_number(j, "pre_fec_ber_max"), ber, "pre_fec_ber_max");
  if (std::isinf(outlet))  // no branch carried coolant (every device air cooled): no coolant temperature
    EXPECT_TRUE(std::isnan(xt::json_number(j, "max_coolant_c")));
  else
    expect_same(xt::json_number(j, "max_coolant_c"), outlet, "max_coolant_c");
  // Per slot: "power_w_peak" and "junction_c_max" of slots[s] in order.
  size_t at = j.find("\"slots\": [");
  for (size_t s = 0;; s++) {
    std::string name = "slot" + std::to_string(s);
    bool has = false;
    for (const auto &c : sl.cols) has |= c == name + "_power_w";
    if (!has) break;
    at = j.find("\"power_w_peak\": ", at);
    ASSERT_NE(at, std::string::npos);
    double peak = std::strtod(j.c_str() + at + 16, nullptr);
    at = j.find("\"junction_c_max\": ", at);
    double tj = std::strtod(j.c_str() + at + 18, nullptr);
    expect_same(peak, column_max(sl, sl.col(name + "_power_w")), name + " power_w_peak");
    expect_same(tj, column_max(sl, sl.col(name + "_junction_c")), name + " junction_c_max");
    EXPECT_GE(column_min(sl, sl.col(name + "_throughput_gbps")), 0) << name;
    at = j.find("\"snr_margin_db_min\": ", at);
    double margin = std::strtod(j.c_str() + at + 21, nullptr), worst = INFINITY;
    for (size_t c = 1; c < po.cols.size(); c++)
      if (po.cols[c].rfind(name + "_port", 0) == 0 && po.cols[c].find("_margin_db") != std::string::npos)
        worst = std::fmin(worst, column_min(po, c));
    expect_same(margin, worst, name + " snr_margin_db_min");
  }
}

INSTANTIATE_TEST_SUITE_P(AllConfigs, EveryConfig, ::testing::ValuesIn(xt::list(SRC + "/configs", ".yaml")),
                         [](const ::testing::TestParamInfo<std::string> &i) {
                           std::string n = i.param.substr(0, i.param.size() - 5);
                           for (char &c : n)
                             if (!isalnum((unsigned char)c)) c = '_';
                           return n;
                         });

// Every lane of slot 0 loses 6 dB of SNR: most codewords fail. A port never
// loses more than it carried: no negative throughput in any trace, and the
// minimum KPI is the trace's.
TEST(Physics, ThroughputIsNeverNegative) {
  std::string d = xt::scratch("trust_snr");
  std::ofstream(d + "/t.yaml") << edited("reference.yaml", {{"name: reference", "name: snr6"},
                                                            {"duration: 60 s", "duration: 2 s"},
                                                            {"{ at: 30 s, load: 0.9 }",
                                                             "{ at: 0.5 s, fault: snr-drop, slot: 0, db: 6 dB }"},
                                                            {"expect:", "expect_not:"}})
                                      .substr(0, std::string::npos);
  std::string t = xt::slurp(d + "/t.yaml");
  std::ofstream(d + "/t.yaml") << t.substr(0, t.find("expect_not:"));
  ASSERT_EQ(xt::sh(BIN + " run " + d + "/t.yaml -o " + d + "/r --quiet"), 0);
  xt::Trace sw(d + "/r/traces/switch.csv"), sl(d + "/r/traces/slots.csv"), po(d + "/r/traces/ports.csv");
  for (const xt::Trace *tr : {&sw, &sl, &po})
    for (size_t c = 1; c < tr->cols.size(); c++)
      if (tr->cols[c].find("gbps") != std::string::npos || tr->cols[c].find("tbps") != std::string::npos) {
        EXPECT_GE(column_min(*tr, c), 0) << tr->cols[c];
      }
  std::string j = xt::slurp(d + "/r/summary.json");
  expect_same(xt::json_number(j, "throughput_tbps_min"), column_min(sw, sw.col("throughput_tbps")), "min");
  EXPECT_GT(xt::json_number(j, "uncorrectable_codewords"), 1e6);
  // slot 0 carried nothing once its lanes failed every codeword
  EXPECT_LT(sl.at("slot0_throughput_gbps", 2.0), 0.05 * sl.at("slot1_throughput_gbps", 2.0));
}

// Two CDU loops; the only pump of one fails. That loop has no flow from
// then on (no stale pre-fault flows, no "did not converge"); the other
// loop is untouched.
TEST(Physics, ALoopWithoutAWorkingPumpHasNoFlow) {
  std::string d = xt::scratch("trust_pump");
  std::ofstream(d + "/t.yaml") << edited(
      "two-cdus.yaml", {{"name: two-cdus", "name: pumploss"},
                        {"{ name: modules, flow: 8 L/min, slots: all, asics: none }",
                         "{ name: modules, pump: { max_flow: 12 L/min, shutoff: 150 kPa }, slots: all, asics: none }"},
                        {"{ at: 20 s, supply: 32 C, loop: asics }", "{ at: 20 s, fault: pump-fail, loop: modules }"},
                        {"  - \"max(slot[*].junction) < 95 C\"\n", ""}});
  ASSERT_EQ(xt::sh(BIN + " run " + d + "/t.yaml -o " + d + "/r --quiet"), 0);
  xt::Trace co(d + "/r/traces/coolant.csv");
  EXPECT_GT(co.at("loop_modules_flow_lpm", 19.9), 5);
  EXPECT_EQ(co.at("loop_modules_flow_lpm", 25), 0);
  EXPECT_EQ(co.at("slot0_flow_lpm", 25), 0);
  EXPECT_NEAR(co.at("loop_asics_flow_lpm", 25), 3, 1e-9);
  EXPECT_EQ(xt::slurp(d + "/r/events.log").find("converge"), std::string::npos);
}

// A pumped loop too weak to carry the heat: the coolant would boil. The run
// fails with the reason (exit 3, summary.json status failed, an error in
// events.log), never a 1700 C return reported as fine. (The firmware's
// shutdowns, which would power the ASICs down first, are set past it
// here.) A regulated flow too small for even the idle heat is refused at
// load.
TEST(Physics, BoilingCoolantEndsTheRun) {
  std::string d = xt::scratch("trust_boil");
  std::ofstream(d + "/t.yaml") << edited("reference.yaml",
                                         {{"name: reference", "name: boil"},
                                          {"initial: steady", "initial: coolant"},
                                          {"flow: 11 L/min ", "pump: { max_flow: 0.05 L/min, shutoff: 150 kPa } "}})
                               << "control: { shutdown: { module: 300 C, asic_throttle: 300 C, asic: 300 C } }\n";
  EXPECT_EQ(xt::sh(BIN + " run " + d + "/t.yaml -o " + d + "/r --quiet 2>" + d + "/err.txt"), 3);
  std::string j = xt::slurp(d + "/r/summary.json");
  EXPECT_NE(j.find("\"status\": \"failed\""), std::string::npos) << j;
  EXPECT_NE(j.find("boiling point of pg25"), std::string::npos) << j;
  EXPECT_NE(xt::slurp(d + "/r/events.log").find(" error "), std::string::npos);
  xt::Trace co(d + "/r/traces/coolant.csv");
  for (size_t c = 1; c < co.cols.size(); c++)
    if (co.cols[c].find("outlet_c") != std::string::npos) {
      EXPECT_LT(column_max(co, c), 102) << co.cols[c];
    }
  // coolant.boiling overrides the fluid's boiling point (a pressurised loop
  // boils later; here, earlier): the reference's outlets pass 42 C after
  // its load step
  std::ofstream(d + "/p.yaml") << edited("reference.yaml", {{"fluid: pg25", "fluid: pg25\n  boiling: 42 C"}});
  EXPECT_EQ(xt::sh(BIN + " run " + d + "/p.yaml -o " + d + "/p --quiet 2>/dev/null"), 3);
  EXPECT_NE(xt::slurp(d + "/p/summary.json").find("the boiling point of pg25 (42 C)"), std::string::npos);
  EXPECT_NE(xt::slurp(d + "/p/resolved.yaml").find("boiling: 42 C"), std::string::npos);
  std::ofstream(d + "/u.yaml") << edited("reference.yaml", {{"flow: 11 L/min ", "flow: 1e-9 L/min "}});
  EXPECT_EQ(xt::sh(BIN + " check " + d + "/u.yaml 2>" + d + "/err2.txt"), 2);
  EXPECT_NE(xt::slurp(d + "/err2.txt").find("cannot carry even the idle heat"), std::string::npos);
}

// The XPO input range is 40-60 V: a 40 V feed runs without a brownout.
TEST(Physics, FortyVoltsIsInsideTheInputRange) {
  std::string d = xt::scratch("trust_40v");
  std::ofstream(d + "/t.yaml") << edited("reference.yaml", {{"feed: { voltage: 54 V }", "feed: { voltage: 40 V }"},
                                                            {"duration: 60 s", "duration: 2 s"},
                                                            {"{ at: 30 s, load: 0.9 }", "{ at: 1 s, load: 0.9 }"}});
  ASSERT_LE(xt::sh(BIN + " run " + d + "/t.yaml -o " + d + "/r --quiet"), 1);
  std::string j = xt::slurp(d + "/r/summary.json");
  EXPECT_EQ(xt::json_number(j, "brownouts"), 0);
  EXPECT_GT(xt::json_number(j, "throughput_tbps_min"), 100);
}

// A run whose traces would exceed --max-output is refused before anything
// is written, saying its estimate.
// SystemC and MPI are modules the program loads only when asked: the
// program itself needs neither library (so it starts in milliseconds),
// and the SystemC kernel still runs from its module, the same bytes.
TEST(Startup, SystemcAndMpiAreLoadedOnlyWhenUsed) {
  std::string d = xt::scratch("startup_modules");
  ASSERT_EQ(xt::sh("ldd " + BIN + " > " + d + "/ldd.txt 2>&1"), 0);
  std::string libs = xt::slurp(d + "/ldd.txt");
  EXPECT_EQ(libs.find("systemc"), std::string::npos) << libs;
  EXPECT_EQ(libs.find("libmpi"), std::string::npos) << libs;
  std::string dir = BIN.substr(0, BIN.rfind('/'));
  EXPECT_TRUE(xt::exists(dir + "/xposim-systemc.so"));
  ASSERT_EQ(xt::sh(BIN + " run " + SRC + "/configs/one-row-8.yaml -o " + d + "/s --kernel systemc --quiet"), 0);
  ASSERT_EQ(xt::sh(BIN + " run " + SRC + "/configs/one-row-8.yaml -o " + d + "/n --quiet"), 0);
  EXPECT_EQ(xt::slurp(d + "/s/traces/slots.csv"), xt::slurp(d + "/n/traces/slots.csv"));
}

TEST(Bounds, OutputBeyondTheLimitIsRefusedUpFront) {
  std::string d = xt::scratch("trust_maxout");
  EXPECT_EQ(xt::sh(BIN + " run " + SRC + "/configs/reference.yaml -o " + d + "/r --max-output 10M 2>" + d + "/e.txt"),
            2);
  EXPECT_FALSE(xt::exists(d + "/r"));
  // 6002 rows x 1056 cells (1049 columns + 7 time columns) x 16 bytes
  EXPECT_NE(xt::slurp(d + "/e.txt").find("the traces would take up to 0.106 GB (6002 rows of 1104 cells)"),
            std::string::npos)
      << xt::slurp(d + "/e.txt");
  EXPECT_EQ(xt::sh(BIN + " run " + SRC + "/configs/one-row-8.yaml -o " + d + "/s --max-output 1G --quiet"), 0);
}

// Lanes that flap every few microseconds (1 us training, 1 us hold):
// events.log keeps at most 1000 lines of a kind per simulated second and
// says how many it left out, instead of gigabytes.
TEST(Bounds, RepeatedEventsAreCountedNotListed) {
  std::string d = xt::scratch("trust_flap");
  std::string t = edited("marginal-flap.yaml", {{"name: marginal-flap", "name: flap"},
                                                {"duration: 40 s", "duration: 50 ms"},
                                                {"snr: 21 dB", "snr: 17 dB #"},
                                                {"training: 2 s", "training: 1 us"},
                                                {"retraining: 3 s", "retraining: 1 us"},
                                                {"window: 10 ms", "window: 1 us"},
                                                {"degrade_ucw: 5", "degrade_ucw: 1"},
                                                {"degrade_hold: 100 ms", "degrade_hold: 1 us"}});
  std::ofstream(d + "/t.yaml") << t.substr(0, t.find("scenario:"));
  ASSERT_LE(xt::sh(BIN + " run " + d + "/t.yaml -o " + d + "/r --quiet"), 1);
  std::string log = xt::slurp(d + "/r/events.log");
  EXPECT_LT(log.size(), 200000u);
  std::istringstream in(log);
  std::string line;
  std::map<std::string, int> per;
  while (std::getline(in, line)) {
    if (line[0] == '#') continue;
    std::istringstream ls(line);
    std::string ts, kind;
    ls >> ts >> kind;
    per[kind]++;
  }
  EXPECT_EQ(per["link"], 1000);
  size_t p = log.find(" suppressed ");
  ASSERT_NE(p, std::string::npos) << log.substr(log.size() > 2000 ? log.size() - 2000 : 0);
  EXPECT_GT(std::strtod(log.c_str() + p + 12, nullptr), 1e5);
}

}  // namespace

namespace {

// Run BIN with these arguments (no shell: names may hold any character);
// stderr to err_path. Returns the exit code.
int run_argv(const std::vector<std::string> &args, const std::string &err_path = "/dev/null",
             const std::string &cwd = "") {
  pid_t pid = fork();
  if (pid == 0) {
    if (!cwd.empty() && chdir(cwd.c_str())) _exit(126);
    FILE *e = freopen(err_path.c_str(), "w", stderr);
    (void)e;
    std::vector<char *> v;
    v.push_back(const_cast<char *>(BIN.c_str()));
    for (const auto &a : args) v.push_back(const_cast<char *>(a.c_str()));
    v.push_back(nullptr);
    execv(BIN.c_str(), v.data());
    _exit(127);
  }
  int st;
  waitpid(pid, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

// -o never deletes what xposim did not write: a directory of foreign files,
// a file, the current directory, an ancestor, a symbolic link and the
// directory holding the input are refused with exit 2 and left as they were.
TEST(OutputDirs, ForeignPlacesAreRefusedAndKept) {
  std::string d = xt::scratch("trust_outdirs");
  std::string ref = SRC + "/configs/one-row-8.yaml";
  xt::sh("mkdir -p " + d + "/thesis/sub " + d + "/in && echo text > " + d + "/thesis/ch1.tex && echo x > " + d +
         "/thesis/sub/fig && echo x > " + d + "/file.txt && ln -s thesis " + d + "/link && cp " + ref + " " + d +
         "/in/t.yaml");
  std::vector<std::vector<std::string>> refused = {
      {"run", ref, "-o", d + "/thesis"},
      {"run", ref, "-o", d + "/file.txt"},
      {"run", ref, "-o", "."},
      {"run", ref, "-o", ".."},
      {"run", ref, "-o", d},
      {"run", ref, "-o", d + "/link"},
      {"run", ref, "-o", d + "/link/"},
      {"run", d + "/in/t.yaml", "-o", d + "/in"},
      {"run", ref, "-o", ""},
      {"sweep", SRC + "/configs/sweeps/supply-x-flow.yaml", "-o", d + "/thesis"},
      {"merge", "-o", d + "/thesis", d + "/thesis"}};
  for (const auto &args : refused) {
    std::string what;
    for (const auto &a : args) what += a + " ";
    EXPECT_EQ(run_argv(args, d + "/err.txt", d + "/thesis/sub"), 2) << what;
    EXPECT_FALSE(xt::slurp(d + "/err.txt").empty()) << what;
  }
  EXPECT_EQ(xt::slurp(d + "/thesis/ch1.tex"), "text\n");
  EXPECT_TRUE(xt::exists(d + "/thesis/sub/fig"));
  EXPECT_EQ(xt::slurp(d + "/file.txt"), "x\n");
  EXPECT_TRUE(xt::exists(d + "/in/t.yaml"));
  EXPECT_EQ(xt::list(d + "/thesis", "").size(), 2u);  // nothing added either
  // plot and report add files only to a directory xposim wrote
  xt::sh("cp " + SRC + "/tests/fuzz/rundir/* " + d + "/thesis/ 2>/dev/null; echo '{\"pass\": true, \"kpi\": {}}' > " +
         d + "/thesis/summary.json");
  EXPECT_EQ(run_argv({"plot", d + "/thesis"}, d + "/err.txt"), 2);
  EXPECT_EQ(run_argv({"report", d + "/thesis"}, d + "/err.txt"), 2);
  EXPECT_NE(xt::slurp(d + "/err.txt").find("not a run or sweep directory xposim wrote"), std::string::npos);
  EXPECT_FALSE(xt::exists(d + "/thesis/plots"));
  EXPECT_FALSE(xt::exists(d + "/thesis/report.html"));
  // An empty directory, a trailing slash, and a run directory of its own are fine.
  xt::sh("mkdir -p " + d + "/empty");
  EXPECT_EQ(run_argv({"run", ref, "-o", d + "/empty", "--quiet"}), 0);
  EXPECT_EQ(run_argv({"run", ref, "-o", d + "/out/", "--quiet"}), 0);
  EXPECT_TRUE(xt::exists(d + "/out/summary.json"));
  EXPECT_TRUE(xt::exists(d + "/out/.xposim-run"));
  EXPECT_EQ(run_argv({"run", ref, "-o", d + "/out", "--quiet"}), 0);
}

// What a killed run left (DIR.partial-PID of a process that is gone, with
// xposim's marker) is cleaned by the next run into DIR; a look-alike
// without the marker is not touched.
TEST(OutputDirs, StalePartialDirectoriesAreCleaned) {
  std::string d = xt::scratch("trust_stale");
  xt::sh("mkdir -p " + d + "/r.partial-999999/traces " + d + "/r.partial-999998 && touch " + d +
         "/r.partial-999999/.xposim-run && echo mine > " + d + "/r.partial-999998/notes");
  EXPECT_EQ(run_argv({"run", SRC + "/configs/one-row-8.yaml", "-o", d + "/r", "--quiet"}), 0);
  EXPECT_FALSE(xt::exists(d + "/r.partial-999999"));
  EXPECT_EQ(xt::slurp(d + "/r.partial-999998/notes"), "mine\n");
}

// SIGINT during a re-run keeps the previous complete run where it was; the
// interrupted one is published beside it as DIR.incomplete. SIGHUP stops a
// run as SIGTERM does.
TEST(Interrupt, ARerunKeepsTheLastCompleteRun) {
  std::string d = xt::scratch("trust_rerun");
  std::string f = xt::long_run(SRC, d);
  ASSERT_EQ(run_argv({"run", SRC + "/configs/one-row-8.yaml", "-o", d + "/r", "--quiet"}), 0);
  std::string before = xt::slurp(d + "/r/summary.json");
  for (int sig : {SIGINT, SIGHUP}) {
    EXPECT_EQ(xt::stop_run_midway(BIN, f, d + "/r", sig), 3) << "signal " << sig;
    EXPECT_EQ(xt::slurp(d + "/r/summary.json"), before);
    std::string inc = xt::slurp(d + "/r.incomplete/INCOMPLETE");
    EXPECT_NE(inc.find("interrupted by signal " + std::to_string(sig)), std::string::npos) << inc;
    EXPECT_TRUE(xt::list(d, "").size() == 3u) << "r, r.incomplete and long.yaml only: no partial directory left";
  }
}

// Killing a sweep's parent stops its workers (they die with it).
TEST(Interrupt, KillingASweepStopsItsWorkers) {
  std::string d = xt::scratch("trust_sweepkill");
  std::string f = xt::long_run(SRC, d);
  std::ofstream(d + "/s.yaml") << "xposim_sweep: 1\nname: killme\nbase: " << f
                               << "\naxes:\n  - { key: coolant.supply, values: [30 C, 31 C, 32 C, 33 C] }\n";
  pid_t pid = fork();
  if (pid == 0) {
    setsid();  // its own group: only the test kills it
    execl(BIN.c_str(), BIN.c_str(), "sweep", (d + "/s.yaml").c_str(), "-o", (d + "/sw").c_str(), "-j", "2", "--quiet",
          (char *)nullptr);
    _exit(127);
  }
  bool started = false;
  for (int i = 0; i < 600 && !started; i++) {
    for (const auto &n : xt::list(d + "/sw/points", ""))
      started |= n.find(".partial-") != std::string::npos && xt::wait_for_rows(d + "/sw/points/" + n);
    if (!started) usleep(100 * 1000);
  }
  ASSERT_TRUE(started);
  kill(pid, SIGKILL);
  int st;
  waitpid(pid, &st, 0);
  bool gone = false;
  for (int i = 0; i < 300 && !gone; i++) {
    gone = xt::sh("pgrep -f '[s]weep " + d + "/s.yaml' >/dev/null") != 0;  // [s]: not pgrep's own shell
    if (!gone) usleep(100 * 1000);
  }
  EXPECT_TRUE(gone) << "workers outlived their sweep";
}

const char *const EVIL = "x';system('touch CANARY')#`touch CANARY`$(touch CANARY)\\";

// Figures from a run whose trace headers, directory name and everything
// else carry gnuplot and shell metacharacters: nothing runs (no CANARY
// file appears anywhere), and the figures still draw.
TEST(Gnuplot, NothingFromARunDirectoryRuns) {
  std::string d = xt::scratch("trust_canary");
  std::string dir = d + "/run'; $(touch CANARY) `touch CANARY` \"q\"";
  ASSERT_EQ(run_argv({"run", SRC + "/configs/one-row-8.yaml", "-o", dir, "--quiet"}), 0);
  for (const char *tr : {"/traces/slots.csv", "/traces/switch.csv", "/traces/coolant.csv"}) {
    std::string t = xt::slurp(dir + tr);
    size_t h = t.find("time_s,");
    size_t c = t.find(',', h + 7);
    t.insert(c, std::string("_") + EVIL);  // a column name of any text
    std::ofstream(dir + tr) << t;
  }
  // an event line of any text: the figures mark it, as gnuplot text
  std::ofstream(dir + "/events.log", std::ios::app) << "0.5 load " << EVIL << "\n";
  EXPECT_EQ(run_argv({"plot", dir}, d + "/err.txt", d), 0) << xt::slurp(d + "/err.txt");
  EXPECT_EQ(run_argv({"report", dir}, d + "/err.txt", d), 0) << xt::slurp(d + "/err.txt");
  EXPECT_NE(xt::slurp(dir + "/plots/power.gp").find(" from 0.5, graph 0 to 0.5, graph 1 nohead"), std::string::npos);
  EXPECT_GT(xt::slurp(dir + "/plots/slot_power.png").size(), 1000u);
  EXPECT_GT(xt::slurp(dir + "/plots/panel.png").size(), 1000u);
  EXPECT_EQ(xt::sh("find " + d + " " + SRC + "/tests -name CANARY | grep -q ."), 1);
}

// A sweep whose axis values carry the same text: its points are refused
// (names have a character set), yet their rows, the plots and the report
// are written, and nothing runs.
TEST(Gnuplot, NothingFromASweepRuns) {
  std::string d = xt::scratch("trust_canary_sweep");
  std::ofstream(d + "/s.yaml") << "xposim_sweep: 1\nname: canary\nbase: " << SRC
                               << "/configs/one-row-8.yaml\n"
                                  "set: { duration: 1 s, scenario: \"[]\", expect: \"[]\" }\n"
                                  "axes:\n  - { key: coolant.supply, values: [30 C, 40 C] }\n"
                                  "  - { key: name, values: [fine, \"x';system('touch CANARY')#\", "
                                  "\"$(touch CANARY)\"] }\n";
  EXPECT_EQ(run_argv({"sweep", d + "/s.yaml", "-o", d + "/sw", "--quiet"}, d + "/err.txt", d), 1);
  std::string res = xt::slurp(d + "/sw/results.csv");
  EXPECT_NE(res.find(",refused,"), std::string::npos) << res;
  EXPECT_EQ(run_argv({"plot", d + "/sw"}, d + "/err.txt", d), 0) << xt::slurp(d + "/err.txt");
  EXPECT_EQ(run_argv({"report", d + "/sw"}, d + "/err.txt", d), 0) << xt::slurp(d + "/err.txt");
  EXPECT_GT(xt::slurp(d + "/sw/plots/sweep_max_junction_c.png").size(), 1000u);
  EXPECT_EQ(xt::slurp(d + "/sw/report.html").find("<script>touch"), std::string::npos);
  EXPECT_EQ(xt::sh("find " + d + " -name CANARY | grep -q ."), 1);
}

// A sweep into a directory that holds a different sweep is refused: its
// points would mix with these.
TEST(OutputDirs, ASweepDoesNotMixWithAnother) {
  std::string d = xt::scratch("trust_twosweeps");
  auto spec = [&](const std::string &f, const std::string &values) {
    std::ofstream(d + "/" + f) << "xposim_sweep: 1\nname: s\nbase: " << SRC
                               << "/configs/one-row-8.yaml\nset: { duration: 1 s, scenario: \"[]\", expect: \"[]\" }\n"
                                  "axes:\n  - { key: coolant.supply, values: ["
                               << values << "] }\n";
  };
  spec("a.yaml", "30 C, 40 C");
  spec("b.yaml", "30 C, 45 C");
  ASSERT_EQ(run_argv({"sweep", d + "/a.yaml", "-o", d + "/sw", "--quiet"}), 0);
  EXPECT_EQ(run_argv({"sweep", d + "/b.yaml", "-o", d + "/sw", "--quiet"}, d + "/err.txt"), 2);
  EXPECT_NE(xt::slurp(d + "/err.txt").find("holds a different sweep"), std::string::npos);
  EXPECT_NE(xt::slurp(d + "/sw/results.csv").find(",40 C,"), std::string::npos);
  EXPECT_EQ(run_argv({"sweep", d + "/a.yaml", "-o", d + "/sw", "--quiet"}), 0);  // the same sweep resumes
}

// --junit lists this run's cases only, never an earlier run's expects.
TEST(Junit, ListsOnlyThisRun) {
  std::string d = xt::scratch("trust_junit");
  ASSERT_EQ(run_argv({"run", SRC + "/configs/reference.yaml", "-o", d + "/r", "--quiet"}), 0);
  EXPECT_EQ(
      run_argv({"run", SRC + "/configs/reference.yaml", "-o", d + "/r", "--max-output", "1k", "--junit", d + "/j.xml"}),
      2);
  std::string j = xt::slurp(d + "/j.xml");
  EXPECT_NE(j.find("tests=\"1\""), std::string::npos) << j;
  EXPECT_EQ(j.find("max_junction_c"), std::string::npos) << j;
  EXPECT_EQ(run_argv({"run", SRC + "/configs/reference.yaml", "--junit", d}, d + "/err.txt"), 2);
  EXPECT_NE(xt::slurp(d + "/err.txt").find("--junit takes a file name"), std::string::npos);
}

}  // namespace

namespace {

// A complete run to corrupt, made once per process.
std::string good_run(const std::string &d) {
  EXPECT_EQ(run_argv({"run", SRC + "/configs/one-row-8.yaml", "-o", d + "/good", "--quiet"}), 0);
  return d + "/good";
}

// Every crafted or broken summary.json of tests/bad/rundirs: diff, plot and
// report give exit 2 naming the file, never a crash or a "same"; merge
// refuses a sweep point holding it, naming the point.
TEST(RunDirectories, CorruptSummariesAreBadInput) {
  std::string d = xt::scratch("trust_rundirs");
  std::string good = good_run(d);
  std::string corpus = SRC + "/tests/bad/rundirs/";
  auto files = xt::list(corpus, ".json");
  ASSERT_GE(files.size(), 12u);
  ASSERT_EQ(run_argv({"sweep", SRC + "/configs/sweeps/supply-x-flow.yaml", "-o", d + "/sw", "--quiet"}, "/dev/null", d),
            0);
  for (const auto &f : files) {
    std::string bad = d + "/bad-" + f;
    xt::sh("rm -rf '" + bad + "' && cp -r " + good + " '" + bad + "' && cp " + corpus + f + " '" + bad +
           "/summary.json'");
    for (const auto &args : std::vector<std::vector<std::string>>{
             {"diff", good, bad}, {"diff", bad, good}, {"plot", bad}, {"report", bad}}) {
      EXPECT_EQ(run_argv(args, d + "/err.txt"), 2) << f << " " << args[0];
      EXPECT_NE(xt::slurp(d + "/err.txt").find("summary.json"), std::string::npos)
          << f << " " << args[0] << ": " << xt::slurp(d + "/err.txt");
    }
    xt::sh("cp -r " + d + "/sw '" + bad + "-sw' && cp " + corpus + f + " '" + bad + "-sw/points/000001/summary.json'");
    EXPECT_EQ(run_argv({"merge", "-o", bad + "-m", bad + "-sw"}, d + "/err.txt"), 2) << f;
    EXPECT_NE(xt::slurp(d + "/err.txt").find("point 000001"), std::string::npos) << f << xt::slurp(d + "/err.txt");
    EXPECT_FALSE(xt::exists(bad + "-m/results.csv")) << f;
  }
}

// A summary written before the status key existed (a golden file kept in a
// pipeline) still compares equal: texts and their absence are not compared,
// every number is.
TEST(RunDirectories, AnOlderSummaryStillCompares) {
  std::string d = xt::scratch("trust_older");
  std::string good = good_run(d);
  xt::sh("cp -r " + good + " " + d + "/old && grep -v '\"status\"' " + good + "/summary.json > " + d +
         "/old/summary.json");
  ASSERT_EQ(xt::slurp(d + "/old/summary.json").find("status"), std::string::npos);
  EXPECT_EQ(run_argv({"diff", good, d + "/old"}), 0);
  EXPECT_EQ(run_argv({"diff", d + "/old", good}), 0);
  xt::sh("sed -i 's/\"max_junction_c\": [0-9.]*/\"max_junction_c\": 1/' " + d + "/old/summary.json");
  EXPECT_EQ(run_argv({"diff", good, d + "/old"}), 1);
}

// Broken trace files: diff gives exit 2 naming the file and line.
TEST(RunDirectories, CorruptTracesAreBadInput) {
  std::string d = xt::scratch("trust_traces");
  std::string good = good_run(d);
  std::string corpus = SRC + "/tests/bad/rundirs/";
  for (const auto &f : xt::list(corpus, ".csv")) {
    std::string bad = d + "/bad-" + f;
    xt::sh("rm -rf '" + bad + "' && cp -r " + good + " '" + bad + "' && cp " + corpus + f + " '" + bad +
           "/traces/slots.csv'");
    EXPECT_EQ(run_argv({"diff", good, bad}, d + "/err.txt"), 2) << f;
    EXPECT_NE(xt::slurp(d + "/err.txt").find("slots.csv:"), std::string::npos) << f << xt::slurp(d + "/err.txt");
  }
}

// tests/bad/cmdlines.txt: every command line there gets its exit code and
// message, and leaves nothing behind in the scratch directory.
TEST(CommandLines, EveryBadOneGetsItsExitAndMessage) {
  std::string d = xt::scratch("trust_cmdlines");
  std::string run = good_run(d);
  std::istringstream in(xt::slurp(SRC + "/tests/bad/cmdlines.txt"));
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t a = line.find(" | "), b = line.rfind(" | ");
    ASSERT_NE(a, b) << line;
    int want = std::stoi(line.substr(0, a));
    std::string args = line.substr(a + 3, b - a - 3), frag = line.substr(b + 3);
    std::vector<std::string> argv;
    std::istringstream as(args);
    for (std::string w; as >> w;) {
      for (const auto &kv :
           std::vector<std::pair<std::string, std::string>>{{"{REF}", SRC + "/configs/one-row-8.yaml"},
                                                            {"{RUN}", run},
                                                            {"{SWEEP}", SRC + "/configs/sweeps/supply-x-flow.yaml"},
                                                            {"{D}", d}})
        for (size_t p; (p = w.find(kv.first)) != std::string::npos;) w.replace(p, kv.first.size(), kv.second);
      if (w == "''") w.clear();
      argv.push_back(w);
    }
    if (args == "(none)") argv.clear();
    EXPECT_EQ(run_argv(argv, d + "/err.txt", d), want) << line;
    EXPECT_NE(xt::slurp(d + "/err.txt").find(frag), std::string::npos) << line << "\n" << xt::slurp(d + "/err.txt");
    n++;
  }
  EXPECT_GE(n, 40);
  EXPECT_EQ(xt::list(d, "").size(), 2u);  // good/ and err.txt: nothing written by a refused command
}

// A crafted trace of 200 000 columns: plot draws the first 64 lines of each
// figure from a data file of only those columns, and says so in the title
// (gnuplot once read the whole trace for every line).
TEST(Bounds, AWideTracePlotsItsFirstLines) {
  std::string d = xt::scratch("trust_wide");
  std::string good = good_run(d);
  {
    std::ofstream t(good + "/traces/slots.csv");
    t << "# wide\ntime_s";
    for (int c = 0; c < 200000; c++) t << ",slot" << c << "_power_w";
    t << "\n";
    for (int r = 0; r < 20; r++) {
      t << r * 0.01;
      for (int c = 0; c < 200000; c++) t << ",1.5";
      t << "\n";
    }
  }
  EXPECT_EQ(run_argv({"plot", good}, d + "/err.txt"), 0) << xt::slurp(d + "/err.txt");
  EXPECT_NE(xt::slurp(good + "/plots/slot_power.gp").find("(the first 1024 lines)"), std::string::npos);
  std::string dat = xt::slurp(good + "/plots/slot_power.dat");
  dat = dat.substr(dat.find('\n') + 1);  // past the column names
  EXPECT_EQ(std::count(dat.begin(), dat.begin() + dat.find('\n'), ','), 1024);
  EXPECT_GT(xt::slurp(good + "/plots/slot_power.png").size(), 1000u);
}

}  // namespace

namespace {
// Every function of the product is at most 120 lines, from the line of its
// opening brace to its closing brace (comments, strings and character
// literals blanked before braces are counted). Tables are initialisers, not
// functions, and are not counted.
std::vector<std::pair<std::string, int>> long_functions(const std::string &path, int limit) {
  std::string s = xt::slurp(path), t;
  t.reserve(s.size());
  for (size_t i = 0; i < s.size(); i++) {  // blank comments, strings and characters, keep line breaks
    if (s.compare(i, 2, "/*") == 0) {
      size_t e = s.find("*/", i + 2);
      e = e == std::string::npos ? s.size() : e + 2;
      for (; i < e; i++) t += s[i] == '\n' ? '\n' : ' ';
      i--;
    } else if (s.compare(i, 2, "//") == 0) {
      for (; i < s.size() && s[i] != '\n'; i++) t += ' ';
      i--;
    } else if (s[i] == '#' && (i == 0 || s[i - 1] == '\n')) {  // a preprocessor line (and its continuations)
      for (; i < s.size() && !(s[i] == '\n' && s[i - 1] != '\\'); i++) t += s[i] == '\n' ? '\n' : ' ';
      i--;
    } else if (s[i] == '"' || s[i] == '\'') {
      char q = s[i];
      t += ' ';
      for (i++; i < s.size() && s[i] != q && s[i] != '\n'; i++) {
        if (s[i] == '\\') t += ' ', i++;
        t += ' ';
      }
      t += ' ';
    } else {
      t += s[i];
    }
  }
  std::vector<std::pair<std::string, int>> out;
  int depth = 0, line = 1, start = 0;
  std::string head;
  size_t mark = 0;
  for (size_t i = 0; i < t.size(); i++) {
    if (t[i] == '\n') line++;
    if (t[i] == '{') {
      if (depth++ == 0) {
        start = line;
        head = t.substr(mark, i - mark);
      }
    } else if (t[i] == '}' && depth > 0 && --depth == 0) {
      size_t paren = head.find('(');
      bool function = paren != std::string::npos && head.substr(0, paren).find('=') == std::string::npos;
      if (function && line - start + 1 > limit) out.push_back({path + ": " + head.substr(0, paren), line - start + 1});
      mark = i + 1;
    } else if (t[i] == ';' && depth == 0) {
      mark = i + 1;
    }
  }
  return out;
}

TEST(Style, NoFunctionIsLongerThan120Lines) {
  std::vector<std::string> files;
  for (const char *dir : {"/src/cli", "/src/kernel", "/src/report", "/src/run", "/src/sweep", "/src/switch",
                          "/src/topo", "/src/trace", "/src/util", "/models"}) {
    for (const auto &f : xt::list(SRC + dir, ".c")) files.push_back(SRC + dir + "/" + f);
    for (const auto &f : xt::list(SRC + dir, ".cpp")) files.push_back(SRC + dir + "/" + f);
  }
  ASSERT_GT(files.size(), 40u);
  for (const auto &f : files)
    for (const auto &[what, lines] : long_functions(f, 120)) ADD_FAILURE() << what << " is " << lines << " lines";
  // the scanner finds a long function when there is one
  std::string d = xt::scratch("style_long");
  std::ofstream o(d + "/long.c");
  o << "static int f(void) {\n";
  for (int i = 0; i < 130; i++) o << "  x(\"}\"); /* { */\n";
  o << "}\n#define T(f) offsetof(x, f)\nstatic const int table[] = {\n";  // a long table is not a function
  for (int i = 0; i < 130; i++) o << "T(a),\n";
  o << "};\n";
  o.close();
  auto found = long_functions(d + "/long.c", 120);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].second, 132);
}
}  // namespace
