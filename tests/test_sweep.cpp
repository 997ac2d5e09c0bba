// Sweeps, merge, resume, diff, golden checks, JUnit, sweep plots and the
// HTML report (loaded in headless Chromium).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "test_support.h"

namespace {

const std::string SRC = XPOSIM_SOURCE_DIR;
const std::string BIN = XPOSIM_BINARY;

std::string small_sweep(const std::string &dir) {
  std::ofstream(dir + "/s.yaml") << "xposim_sweep: 1\nname: small\nbase: " << SRC
                                 << "/configs/one-row-8.yaml\n"
                                    "set: { duration: 1 s, sample: 100 ms, scenario: \"[]\", expect: \"[]\" }\n"
                                    "axes:\n  - { key: coolant.supply, values: [30 C, 40 C] }\n"
                                    "  - { key: \"traffic[0].profile\", values: [\"{ kind: constant, load: 0.3 }\","
                                    " \"{ kind: constant, load: 0.9 }\"] }\n"
                                    "pareto: [ max throughput_tbps_mean, min max_junction_c ]\n";
  return dir + "/s.yaml";
}

TEST(Sweep, PointsEqualTheIndividualRuns) {
  std::string d = xt::scratch("sweep_eq");
  ASSERT_EQ(xt::sh(BIN + " sweep " + small_sweep(d) + " -o " + d + "/sw -j 2 --quiet"), 0);
  std::string res = xt::slurp(d + "/sw/results.csv");
  int rows = 0;
  for (char c : res) rows += c == '\n';
  EXPECT_EQ(rows, 1 + 4);
  for (int p = 0; p < 4; p++) {
    char n[16];
    snprintf(n, sizeof n, "%06d", p);
    std::string pt = d + "/sw/points/" + n;
    ASSERT_EQ(xt::sh(BIN + " run " + pt + ".yaml -o " + d + "/alone" + n + " --quiet"), 0);
    EXPECT_EQ(xt::stable_summary(pt), xt::stable_summary(d + "/alone" + n)) << p;
    EXPECT_TRUE(xt::slurp(pt + "/traces/slots.csv") == xt::slurp(d + "/alone" + std::string(n) + "/traces/slots.csv"));
  }
  // Every point has its own seed; the same sweep gives the same seeds.
  EXPECT_NE(res.find(",30 C,"), std::string::npos);
}

TEST(Sweep, ShardsMergeToTheWholeAndRerunsResume) {
  std::string d = xt::scratch("sweep_shard");
  std::string s = small_sweep(d);
  ASSERT_EQ(xt::sh(BIN + " sweep " + s + " -o " + d + "/whole --quiet"), 0);
  ASSERT_EQ(xt::sh(BIN + " sweep " + s + " -o " + d + "/a --shard 1/2 --quiet"), 0);
  ASSERT_EQ(xt::sh(BIN + " sweep " + s + " -o " + d + "/b --shard 2/2 --quiet"), 0);
  ASSERT_EQ(xt::sh(BIN + " merge -o " + d + "/m " + d + "/a " + d + "/b"), 0);
  std::string whole = xt::slurp(d + "/whole/results.csv");
  ASSERT_FALSE(whole.empty());
  EXPECT_TRUE(xt::slurp(d + "/m/results.csv") == whole);
  // Overlapping directories: each point once; one incomplete in the first
  // directory is taken from the next.
  ASSERT_EQ(xt::sh("rm " + d + "/a/points/000000/summary.json"), 0);
  ASSERT_EQ(xt::sh(BIN + " merge -o " + d + "/m2 " + d + "/a " + d + "/b " + d + "/whole"), 0);
  EXPECT_TRUE(xt::slurp(d + "/m2/results.csv") == whole) << xt::slurp(d + "/m2/results.csv");
  // Each row file carries its run's results line; merged from the
  // summaries instead (row files without it, as older sweeps wrote), the
  // results are the same bytes.
  EXPECT_NE(xt::slurp(d + "/b/points/000001.csv").find("\nresults,"), std::string::npos);
  ASSERT_EQ(xt::sh("sed -i '/^results,/d' " + d + "/a/points/*.csv " + d + "/b/points/*.csv"), 0);
  ASSERT_EQ(xt::sh(BIN + " merge -o " + d + "/m3 " + d + "/b " + d + "/whole"), 0);
  EXPECT_TRUE(xt::slurp(d + "/m3/results.csv") == whole) << xt::slurp(d + "/m3/results.csv");
  // An interrupted sweep: a point lost; the re-run runs only that one.
  ASSERT_EQ(xt::sh("rm -rf " + d + "/whole/points/000002 " + d + "/whole/results.csv"), 0);
  ASSERT_EQ(xt::sh(BIN + " sweep " + s + " -o " + d + "/whole 2>" + d + "/log.txt"), 0);
  std::string log = xt::slurp(d + "/log.txt");
  EXPECT_NE(log.find("point 000000: skipped: done"), std::string::npos) << log;
  EXPECT_NE(log.find("point 000002: ok"), std::string::npos) << log;
  EXPECT_TRUE(xt::slurp(d + "/whole/results.csv") == whole);
}

// A row file's results line is trusted as written: its last KPI set to 777
// shows in the merge. One that is not as the worker writes it (cut,
// garbled, too many expects, another summary's hash, a cell more, bytes
// after) is not: the merge reads the point's summary and the results are
// the sweep's own.
TEST(Sweep, AResultsLineNotAsWrittenFallsBackToTheSummary) {
  std::string d = xt::scratch("sweep_results_line");
  ASSERT_EQ(xt::sh(BIN + " sweep " + small_sweep(d) + " -o " + d + "/sw --quiet"), 0);
  std::string whole = xt::slurp(d + "/sw/results.csv"), row = xt::slurp(d + "/sw/points/000001.csv");
  ASSERT_NE(row.find("\nresults,"), std::string::npos);
  const std::string poison = "/^results,/s/,[^,]*$/,777/";
  const char *edits[] = {
      "",                                                                     // none: the poisoned line is taken
      ";s/^results,.*/results,/",                                             // cut
      ";s/^results,\\([0-9a-f]*\\),[01],/results,\\1,x,/",                    // garbled pass
      ";s/^results,\\([0-9a-f]*\\),\\([01]\\),[0-9]*,/results,\\1,\\2,65,/",  // 65 expects
      ";s/^results,[0-9a-f]*,/results,0123456789abcdef,/",                    // another summary's hash
      ";s/^results,.*/&,1/",                                                  // a cell more
      ";s/^results,.*/&x/",                                                   // bytes after
  };
  int k = 0;
  for (const char *e : edits) {
    std::string c = d + "/c" + std::to_string(k++);
    ASSERT_EQ(xt::sh("rm -rf " + c + " && cp -r " + d + "/sw " + c + " && sed -i '" + poison + e + "' " + c +
                     "/points/000001.csv"),
              0);
    std::string edited = xt::slurp(c + "/points/000001.csv");
    ASSERT_NE(edited, row) << e;
    ASSERT_EQ(xt::sh(BIN + " merge -o " + c + "-m " + c), 0) << e;
    std::string merged = xt::slurp(c + "-m/results.csv");
    if (!*e)
      EXPECT_NE(merged.find(",777"), std::string::npos) << merged;
    else
      EXPECT_TRUE(merged == whole) << e << "\n" << edited;
  }
}

// Axis values with commas (YAML flow mappings) are quoted cells: every row
// of results.csv has as many cells as the header, read as RFC 4180 reads.
TEST(Sweep, ResultsAreWellFormedCsv) {
  std::string d = xt::scratch("sweep_csv");
  ASSERT_EQ(xt::sh(BIN + " sweep " + small_sweep(d) + " -o " + d + "/sw --quiet"), 0);
  std::istringstream in(xt::slurp(d + "/sw/results.csv"));
  std::string line;
  std::vector<std::vector<std::string>> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> cells(1);
    bool q = false;
    for (size_t i = 0; i < line.size(); i++) {
      char c = line[i];
      if (q && c == '"' && i + 1 < line.size() && line[i + 1] == '"')
        cells.back() += '"', i++;
      else if (c == '"')
        q = !q;
      else if (c == ',' && !q)
        cells.emplace_back();
      else
        cells.back() += c;
    }
    rows.push_back(cells);
  }
  ASSERT_EQ(rows.size(), 5u);
  for (const auto &r : rows) EXPECT_EQ(r.size(), rows[0].size());
  EXPECT_EQ(rows[0][2], "traffic[0].profile");
  EXPECT_EQ(rows[2][2], "{ kind: constant, load: 0.9 }");
  EXPECT_EQ(rows[0][4], "status");
  EXPECT_EQ(rows[2][4], "ok");
  EXPECT_EQ(rows[0][5], "pass");
  EXPECT_EQ(rows[2][5], "1");
  EXPECT_EQ(rows[0].back(), "message");
}

// Built with MPI (CMake found it): mpirun spreads the points over the ranks
// and the result is the single process's, bytes and JUnit alike; --shard
// splits further.
TEST(Sweep, MpiRanksShareThePointsAndMergeToTheWhole) {
#ifndef XPOSIM_TEST_MPI
#ifdef XPOSIM_TEST_REQUIRE_ALL
  FAIL() << "built without MPI although the tests require it (scripts/setup test installs libopenmpi-dev)";
#endif
  GTEST_SKIP() << "built without MPI (scripts/setup test installs libopenmpi-dev)";
#else
  std::string d = xt::scratch("sweep_mpi");
  std::string s = small_sweep(d);
  std::string mpirun =
      "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 "
      "timeout 120 mpirun -np 2 ";
  ASSERT_EQ(xt::sh(BIN + " sweep " + s + " -o " + d + "/one --quiet --junit " + d + "/one.xml"), 0);
  ASSERT_EQ(xt::sh(mpirun + BIN + " sweep " + s + " -o " + d + "/mpi --junit " + d + "/mpi.xml 2>" + d + "/log.txt"), 0)
      << xt::slurp(d + "/log.txt");
  std::string log = xt::slurp(d + "/log.txt");
  EXPECT_NE(log.find("rank 0/2: point 000000: ok"), std::string::npos) << log;
  EXPECT_NE(log.find("rank 1/2: point 000001: ok"), std::string::npos) << log;
  EXPECT_EQ(log.find("rank 0/2: point 000001"), std::string::npos) << log;
  std::string whole = xt::slurp(d + "/one/results.csv");
  ASSERT_FALSE(whole.empty());
  EXPECT_TRUE(xt::slurp(d + "/mpi/results.csv") == whole);
  EXPECT_TRUE(xt::slurp(d + "/mpi.xml") == xt::slurp(d + "/one.xml"));
  // --shard 2/2 on two ranks: points 1 and 3, one each; merged with shard 1/2
  // run alone, the whole again.
  ASSERT_EQ(xt::sh(mpirun + BIN + " sweep " + s + " -o " + d + "/b --shard 2/2 2>" + d + "/log2.txt"), 0);
  std::string log2 = xt::slurp(d + "/log2.txt");
  EXPECT_NE(log2.find("rank 0/2: point 000001: ok"), std::string::npos) << log2;
  EXPECT_NE(log2.find("rank 1/2: point 000003: ok"), std::string::npos) << log2;
  ASSERT_EQ(xt::sh(BIN + " sweep " + s + " -o " + d + "/a --shard 1/2 --quiet"), 0);
  ASSERT_EQ(xt::sh(BIN + " merge -o " + d + "/m " + d + "/a " + d + "/b"), 0);
  EXPECT_TRUE(xt::slurp(d + "/m/results.csv") == whole);
#endif
}

// A point the loader refuses does not stop the sweep: every point gets a
// row with its status and message (naming the axis values), the others
// run, and the sweep exits 1. A bad sweep file is still bad input (2).
TEST(Sweep, RefusedPointsGetARowAndTheSweepFinishes) {
  std::string d = xt::scratch("sweep_bad");
  std::ofstream(d + "/s.yaml") << "xposim_sweep: 1\nname: bad\nbase: " << SRC
                               << "/configs/one-row-8.yaml\nset: { duration: 1 s, scenario: \"[]\", expect: \"[]\" }\n"
                                  "axes:\n  - { key: switch.feed.voltage, values: [48 V, 70 V, 50 V] }\n";
  EXPECT_EQ(xt::sh(BIN + " sweep " + d + "/s.yaml -o " + d + "/sw --quiet 2>" + d + "/err.txt"), 1);
  EXPECT_NE(xt::slurp(d + "/err.txt").find("switch.feed.voltage = 70 V"), std::string::npos)
      << xt::slurp(d + "/err.txt");
  EXPECT_TRUE(xt::exists(d + "/sw/points/000000/summary.json"));
  EXPECT_TRUE(xt::exists(d + "/sw/points/000002/summary.json"));
  EXPECT_FALSE(xt::exists(d + "/sw/points/000001/summary.json"));
  std::string res = xt::slurp(d + "/sw/results.csv");
  std::istringstream in(res);
  std::string header, r0, r1, r2;
  std::getline(in, header);
  std::getline(in, r0);
  std::getline(in, r1);
  std::getline(in, r2);
  EXPECT_EQ(header.rfind("point,switch.feed.voltage,seed,status,pass,pareto,", 0), 0u) << header;
  EXPECT_NE(r0.find(",ok,"), std::string::npos) << r0;
  EXPECT_EQ(r1.rfind("1,70 V,", 0), 0u) << r1;
  EXPECT_NE(r1.find(",refused,0,0,"), std::string::npos) << r1;
  EXPECT_NE(r1.find("switch.feed.voltage = 70 V: "), std::string::npos) << r1;
  EXPECT_EQ(r1.find("points/"), std::string::npos) << r1;  // the axis values name the point, not its file
  EXPECT_NE(r2.find(",ok,"), std::string::npos) << r2;
  std::ofstream(d + "/t.yaml") << "xposim_sweep: 1\nname: t\nbase: x.yaml\naxis: []\n";
  EXPECT_EQ(xt::sh(BIN + " sweep " + d + "/t.yaml -o " + d + "/t --quiet 2>/dev/null"), 2);
}

// results.csv's pass is the point's summary.json pass, never the first
// expect's: a point whose second expect fails has pass 0.
TEST(Sweep, PassColumnEqualsTheSummary) {
  std::string d = xt::scratch("sweep_pass");
  std::ofstream(d + "/s.yaml") << "xposim_sweep: 1\nname: p\nbase: " << SRC
                               << "/configs/one-row-8.yaml\nset: { duration: 1 s, scenario: \"[]\", expect: "
                                  "\"[ 'max_junction_c < 200 C', 'max_junction_c < 1 C' ]\" }\n"
                                  "axes:\n  - { key: coolant.supply, values: [30 C] }\n";
  EXPECT_EQ(xt::sh(BIN + " sweep " + d + "/s.yaml -o " + d + "/sw --quiet 2>/dev/null"), 1);
  std::string sum = xt::slurp(d + "/sw/points/000000/summary.json");
  ASSERT_NE(sum.find("\"pass\": false\n}"), std::string::npos) << sum;
  std::string res = xt::slurp(d + "/sw/results.csv");
  EXPECT_NE(res.find("\n0,30 C,"), std::string::npos) << res;
  EXPECT_NE(res.find(",expect-failed,0,"), std::string::npos) << res;
}

TEST(Diff, CatchesOnePercentAndPassesAHundredthOfOne) {
  std::string d = xt::scratch("diff");
  ASSERT_EQ(xt::sh(BIN + " run " + SRC + "/configs/one-row-8.yaml -o " + d + "/a --quiet"), 0);
  for (const char *k : {"b", "c"}) ASSERT_EQ(xt::sh(std::string("cp -r ") + d + "/a " + d + "/" + k), 0);
  // Scale power_w_mean by 1.01 in b and by 1.0001 in c.
  auto scale = [&](const std::string &dir, double f) {
    std::string j = xt::slurp(dir + "/summary.json");
    size_t p = j.find("\"power_w_mean\": ") + 16;
    size_t e = j.find(',', p);
    double v = std::stod(j.substr(p, e - p)) * f;
    char buf[64];
    snprintf(buf, sizeof buf, "%.12g", v);
    j.replace(p, e - p, buf);
    std::ofstream(dir + "/summary.json") << j;
  };
  scale(d + "/b", 1.01);
  scale(d + "/c", 1.0001);
  EXPECT_EQ(xt::sh(BIN + " diff " + d + "/a " + d + "/a >/dev/null"), 0);
  EXPECT_EQ(xt::sh(BIN + " diff " + d + "/a " + d + "/b --rtol 0.001 >" + d + "/out.txt"), 1);
  EXPECT_NE(xt::slurp(d + "/out.txt").find("power_w_mean"), std::string::npos);
  EXPECT_EQ(xt::sh(BIN + " diff " + d + "/a " + d + "/c --rtol 0.001 >/dev/null"), 0);
  EXPECT_EQ(xt::sh(BIN + " diff " + d + "/a " + d + "/nope >/dev/null"), 2);
  // A trace cell changed by 1 % is caught too, with its column named. (The
  // trace is written on change: the second run's rows hold the same values
  // whether it was written on change or on every sample.)
  ASSERT_EQ(xt::sh(BIN + " run " + SRC + "/configs/one-row-8.yaml -o " + d + "/f --quiet --sample fixed"), 0);
  EXPECT_EQ(xt::sh(BIN + " diff " + d + "/a " + d + "/f >/dev/null"), 0);
  std::string tr = xt::slurp(d + "/a/traces/switch.csv");
  size_t row = tr.find("\n0,");  // the t = 0 row, then the one after it
  ASSERT_NE(row, std::string::npos);
  row = tr.find('\n', row + 1);
  ASSERT_NE(row, std::string::npos);
  std::string at = tr.substr(row + 1, tr.find(',', row + 1) - row - 1);
  size_t c1 = tr.find(',', row + 1), c2 = tr.find(',', c1 + 1);
  double v = std::stod(tr.substr(c1 + 1, c2 - c1 - 1)) * 1.01;
  tr.replace(c1 + 1, c2 - c1 - 1, std::to_string(v));
  std::ofstream(d + "/c/traces/switch.csv") << tr;
  EXPECT_EQ(xt::sh(BIN + " diff " + d + "/a " + d + "/c --rtol 0.001 >" + d + "/out2.txt"), 1);
  EXPECT_NE(xt::slurp(d + "/out2.txt").find("switch.csv at time_s " + at + ", throughput_tbps"), std::string::npos)
      << xt::slurp(d + "/out2.txt");
}

TEST(Golden, UpdateThenCheckThenCatchAChange) {
  std::string d = xt::scratch("golden");
  std::string f = SRC + "/configs/one-row-8.yaml";
  ASSERT_EQ(xt::sh(BIN + " check --golden " + d + "/g --update-golden " + f + " >/dev/null"), 0);
  ASSERT_TRUE(xt::exists(d + "/g/one-row-8.summary.json"));
  EXPECT_EQ(xt::sh(BIN + " check --golden " + d + "/g --junit " + d + "/j.xml " + f + " >/dev/null"), 0);
  std::string g = xt::slurp(d + "/g/one-row-8.summary.json");
  size_t p = g.find("\"max_junction_c\": ") + 18;
  g.replace(p, 2, "99");
  std::ofstream(d + "/g/one-row-8.summary.json") << g;
  EXPECT_EQ(xt::sh(BIN + " check --golden " + d + "/g --junit " + d + "/j2.xml " + f + " >/dev/null 2>&1"), 1);
  EXPECT_NE(xt::slurp(d + "/j2.xml").find("<failure"), std::string::npos);
}

// JUnit from check, run and sweep validates against tests/junit.xsd.
TEST(Junit, ValidatesAgainstItsSchema) {
#ifdef XPOSIM_TEST_REQUIRE_ALL
  ASSERT_EQ(xt::sh("command -v xmllint >/dev/null"), 0) << "xmllint missing: scripts/setup test installs it";
#endif
  if (xt::sh("command -v xmllint >/dev/null")) GTEST_SKIP() << "xmllint missing: scripts/setup test installs it";
  std::string d = xt::scratch("junit");
  std::string xsd = SRC + "/tests/junit.xsd";
  ASSERT_EQ(xt::sh(BIN + " check --junit " + d + "/check.xml " + SRC + "/configs/reference.yaml " + SRC +
                   "/tests/bad/three_rows.yaml >/dev/null 2>&1"),
            2);
  ASSERT_EQ(xt::sh(BIN + " run " + SRC + "/configs/one-row-8.yaml -o " + d + "/r --quiet --junit " + d + "/run.xml"),
            0);
  ASSERT_EQ(xt::sh(BIN + " sweep " + small_sweep(d) + " -o " + d + "/sw --quiet --junit " + d + "/sweep.xml"), 0);
  for (const char *x : {"check.xml", "run.xml", "sweep.xml"})
    EXPECT_EQ(xt::sh("xmllint --noout --schema " + xsd + " " + d + "/" + x + " 2>/dev/null"), 0) << x;
  std::string c = xt::slurp(d + "/check.xml");
  EXPECT_NE(c.find("tests=\"2\" failures=\"1\""), std::string::npos) << c;
  EXPECT_NE(c.find("three_rows.yaml:6:7: cage: 3 rows"), std::string::npos);
  EXPECT_NE(xt::slurp(d + "/run.xml").find("name=\"link_down_s &gt; 5 s\""), std::string::npos);
}

// Loads a page in headless Chromium (behind #selftest: a scripted
// right-drag zoom on its first figure) and returns the <body> tag of the
// DOM it ends with: the page's own counts of images, canvases, errors.
std::string chromium_body(const std::string &d, const std::string &page, const std::string &tag) {
  char *abs = realpath(page.c_str(), nullptr);
  if (!abs) return "";
  std::string url = std::string("file://") + abs + "#selftest";
  free(abs);
  std::string cmd =
      "timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync "
      "--window-size=1400,1000 --user-data-dir=" +
      d + "/profile-" + tag + " --dump-dom '" + url + "' >" + d + "/dom-" + tag + ".html 2>/dev/null";
  if (xt::sh(cmd)) return "";
  std::string dom = xt::slurp(d + "/dom-" + tag + ".html");
  size_t a = dom.find("<body"), b = dom.find('>', a);
  return a == std::string::npos ? "" : dom.substr(a, b - a);
}

long attr(const std::string &body, const std::string &name) {
  size_t a = body.find(" " + name + "=\"");
  return a == std::string::npos ? -1 : std::stol(body.substr(a + name.size() + 3));
}

// A sweep's page: how many points pass, its axes, a results table that
// sorts and filters with the axes first and KPI headings with units, each
// point linked; a run's page: the verdict first, the switch in a few lines,
// KPIs with units (a throttle that never happened is "none"), the events on
// a timeline, the figures as canvases. Both load in Chromium without a
// script error, every canvas draws, and a right-drag zooms the first figure
// to the quarter of its time axis it covered.
TEST(Report, PagesTellTheStoryAndZoomInChromium) {
  std::string d = xt::scratch("report");
  ASSERT_EQ(xt::sh(BIN + " sweep " + small_sweep(d) + " -o " + d + "/sw --quiet"), 0);
  ASSERT_EQ(xt::sh(BIN + " plot " + d + "/sw 2>/dev/null"), 0);
  for (const char *f :
       {"sweep_throughput_tbps_mean", "sweep_max_junction_c", "sweep_heatmap_max_junction_c", "sweep_pareto"})
    for (const char *ext : {".png", ".svg", ".gp", ".js"})
      EXPECT_GT(xt::slurp(d + "/sw/plots/" + f + ext).size(), 200u) << f << ext;
  ASSERT_EQ(xt::sh(BIN + " report " + d + "/sw"), 0);
  std::string sw = xt::slurp(d + "/sw/report.html");
  EXPECT_NE(sw.find("4 of 4 points pass"), std::string::npos);
  EXPECT_NE(sw.find("<input id=\"filter\""), std::string::npos);
  EXPECT_NE(sw.find("onclick=\"xpoSort(1)\""), std::string::npos);
  EXPECT_NE(sw.find("Hottest junction (°C)</th>"), std::string::npos);
  EXPECT_NE(sw.find("<a href=\"points/000003/report.html\""), std::string::npos);  // each point has its own
  for (const char *p : {"000000", "000003"}) {
    std::string pr = xt::slurp(d + "/sw/points/" + p + "/report.html");
    EXPECT_NE(pr.find("class=\"verdict"), std::string::npos) << p;
    EXPECT_NE(pr.find("<canvas class=\"fig\" id=\"fig_throughput\""), std::string::npos) << p;
  }
  {  // a doctored point that looks like a sweep is refused, not walked
    std::ofstream(d + "/sw/points/000002/results.csv") << "point,seed,status,pass\n0,1,ok,1\n";
    ASSERT_EQ(xt::sh(BIN + " report " + d + "/sw 2>" + d + "/err.txt"), 2);
    std::string e = xt::slurp(d + "/err.txt");
    EXPECT_NE(e.find("points/000002 is a study's run but holds a results.csv"), std::string::npos) << e;
    std::remove((d + "/sw/points/000002/results.csv").c_str());
  }
  EXPECT_LT(sw.find(">coolant.supply</th>"), sw.find(">Throughput, mean (Tb/s)</th>"));  // the axes first
  ASSERT_EQ(xt::sh(BIN + " run " + SRC + "/configs/one-row-8.yaml -o " + d + "/r --quiet"), 0);
  ASSERT_EQ(xt::sh(BIN + " report " + d + "/r 2>/dev/null"), 0);  // draws the plots first
  std::string html = xt::slurp(d + "/r/report.html");
  EXPECT_LT(html.find("class=\"verdict"), html.find("<h2>The switch</h2>"));
  EXPECT_NE(html.find("<b>8 modules</b> of type"), std::string::npos);
  EXPECT_NE(html.find("Throttle reaction time</td><td class=\"n\">none</td>"), std::string::npos);
  EXPECT_NE(html.find("Hottest junction</td><td class=\"n\">"), std::string::npos);
  EXPECT_NE(html.find("<td>°C</td>"), std::string::npos);
  EXPECT_NE(html.find("link_down_s &gt; 5 s"), std::string::npos);
  EXPECT_NE(html.find("<svg class=\"timeline\""), std::string::npos);
  EXPECT_NE(html.find("<canvas class=\"fig\" id=\"fig_throughput\""), std::string::npos);
#ifdef XPOSIM_TEST_REQUIRE_ALL
  ASSERT_EQ(xt::sh("command -v chromium >/dev/null"), 0) << "chromium missing: scripts/setup test installs it";
#endif
  if (xt::sh("command -v chromium >/dev/null")) GTEST_SKIP() << "chromium missing: scripts/setup test installs it";
  for (const char *dir : {"sw", "r"}) {
    std::string body = chromium_body(d, d + "/" + dir + "/report.html", dir);
    ASSERT_NE(body.find("data-errors="), std::string::npos) << dir << ": the page did not finish loading";
    EXPECT_EQ(attr(body, "data-errors"), 0) << body;
    EXPECT_GE(attr(body, "data-canvases"), std::string(dir) == "r" ? 12 : 4) << body;
    EXPECT_EQ(attr(body, "data-canvases-drawn"), attr(body, "data-canvases")) << body;
    EXPECT_EQ(attr(body, "data-images-loaded"), attr(body, "data-images")) << body;
    EXPECT_EQ(attr(body, "data-zoomed"), 1) << body;
  }
  // the zoom: the first figure is throughput over the run's 2 s; the drag
  // covered a quarter to a half of the plot's width
  std::string body = chromium_body(d, d + "/r/report.html", "r2");
  size_t z = body.find("data-zoom-x=\"");
  ASSERT_NE(z, std::string::npos);
  double x0, x1, z0, z1;
  ASSERT_EQ(std::sscanf(body.c_str() + z + 13, "%lf %lf %lf %lf", &x0, &x1, &z0, &z1), 4);
  EXPECT_NEAR(z0, x0 + (x1 - x0) / 4, (x1 - x0) / 200);
  EXPECT_NEAR(z1, x0 + (x1 - x0) / 2, (x1 - x0) / 200);
}

// Run A read against run B: every KPI side by side, the switch's series of
// both overlaid; B must be a complete run.
TEST(Report, AgainstAnotherRun) {
  std::string d = xt::scratch("report_against");
  ASSERT_EQ(xt::sh(BIN + " run " + SRC + "/configs/one-row-8.yaml -o " + d + "/a --quiet"), 0);
  ASSERT_EQ(xt::sh(BIN + " run " + SRC + "/configs/reference.yaml -o " + d + "/b --quiet"), 0);
  ASSERT_EQ(xt::sh(BIN + " report " + d + "/a --against " + d + "/b"), 0);
  std::string h = xt::slurp(d + "/a/report-against.html");
  EXPECT_NE(h.find("<th>A &minus; B</th>"), std::string::npos);
  EXPECT_NE(h.find("Hottest junction</td>"), std::string::npos);
  for (const char *f : {"against_throughput_tbps", "against_power_w", "against_max_junction_c"}) {
    EXPECT_GT(xt::slurp(d + "/a/plots/" + f + ".svg").size(), 1000u) << f;
    EXPECT_NE(h.find(std::string("id=\"fig_") + f + "\""), std::string::npos) << f;
  }
  std::string dat = xt::slurp(d + "/a/plots/against_power_w.dat");
  EXPECT_NE(dat.find("\n\n\n"), std::string::npos);  // A's block, then B's
  EXPECT_EQ(xt::sh(BIN + " report " + d + "/a --against " + d + "/nosuch 2>/dev/null"), 2);
  EXPECT_EQ(xt::sh(BIN + " report " + d + "/a --against 2>/dev/null"), 2);
}

}  // namespace
