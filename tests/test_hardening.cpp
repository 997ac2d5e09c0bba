// Hardening: interrupted runs and sweeps, write errors, fuzz regressions,
// determinism across -j.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_support.h"

namespace {

const std::string SRC = XPOSIM_SOURCE_DIR;
const std::string BIN = XPOSIM_BINARY;

// SIGINT (or SIGTERM) mid-run: the directory is published, marked INCOMPLETE
// with the reason, traces flushed up to there, and no summary.json.
TEST(Interrupt, ARunIsMarkedIncompleteWithItsTracesFlushed) {
  for (int sig : {SIGINT, SIGTERM}) {
    std::string d = xt::scratch("hard_int" + std::to_string(sig));
    std::string f = xt::long_run(SRC, d);
    EXPECT_EQ(xt::stop_run_midway(BIN, f, d + "/r", sig), 3) << "signal " << sig;
    EXPECT_FALSE(xt::exists(d + "/r/summary.json"));
    std::string inc = xt::slurp(d + "/r/INCOMPLETE");
    EXPECT_NE(inc.find("interrupted by signal " + std::to_string(sig)), std::string::npos) << inc;
    std::string sw = xt::slurp(d + "/r/traces/switch.csv");
    EXPECT_GT(sw.size(), 2000u);
    EXPECT_EQ(sw.back(), '\n');                                   // whole rows only
    EXPECT_EQ(xt::sh(BIN + " plot " + d + "/r 2>/dev/null"), 2);  // not a complete run
  }
}

// A file-size limit (a full disk behaves the same): exit 3 with a message,
// and nothing under the final name.
TEST(WriteErrors, ADiskFullRunLeavesNothingThatLooksComplete) {
  std::string d = xt::scratch("hard_full");
  int rc = xt::sh("ulimit -f 64; " + BIN + " run " + SRC + "/configs/reference.yaml -o " + d + "/r --quiet 2>" + d +
                  "/err.txt");
  EXPECT_EQ(rc, 3);
  EXPECT_FALSE(xt::exists(d + "/r"));
  EXPECT_EQ(xt::list(d, "").size(), 1u);  // err.txt only: no partial directory left
  EXPECT_NE(xt::slurp(d + "/err.txt").find("failed"), std::string::npos) << xt::slurp(d + "/err.txt");
  EXPECT_EQ(xt::sh(BIN + " run " + SRC + "/configs/reference.yaml -o /proc/xposim-nope --quiet 2>/dev/null"), 3);
}

// Every input a fuzzer once broke is kept and must be refused cleanly.
TEST(FuzzRegressions, AreRefusedWithAPosition) {
  for (const auto &f : xt::list(SRC + "/tests/fuzz/regress", ".yaml")) {
    std::string p = SRC + "/tests/fuzz/regress/" + f;
    bool sweep = f.rfind("sweep-", 0) == 0;
    std::string cmd = BIN + (sweep ? " sweep " : " check ") + p +
                      (sweep ? " -o /tmp/xposim-fuzz-regress --quiet" : "") + " 2>/dev/null >/dev/null";
    EXPECT_EQ(xt::sh(cmd), 2) << f;
  }
}

TEST(Determinism, SweepsGiveTheSameBytesForAnyJ) {
  std::string d = xt::scratch("hard_j");
  std::ofstream(d + "/s.yaml")
      << "xposim_sweep: 1\nname: j\nbase: " << SRC
      << "/configs/marginal-flap.yaml\nset: { duration: 2 s, scenario: \"[]\", expect: \"[]\" }\n"
         "axes:\n  - { key: coolant.supply, values: [25 C, 45 C, 55 C] }\n";
  ASSERT_EQ(xt::sh(BIN + " sweep " + d + "/s.yaml -o " + d + "/j1 -j 1 --quiet"), 0);
  ASSERT_EQ(xt::sh(BIN + " sweep " + d + "/s.yaml -o " + d + "/j2 -j 2 --quiet"), 0);
  EXPECT_TRUE(xt::slurp(d + "/j1/results.csv") == xt::slurp(d + "/j2/results.csv"));
  for (const char *p : {"000000", "000002"})
    EXPECT_TRUE(xt::slurp(d + "/j1/points/" + p + "/traces/ports.csv") ==
                xt::slurp(d + "/j2/points/" + p + "/traces/ports.csv"));
}

}  // namespace
