// Topology loader: units, every malformed file in tests/bad/ with its own
// FILE:LINE:COLUMN error, all problems in one pass, no run directory on bad
// input, and every file in configs/ loading cleanly.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "run/expect.h"
#include "test_support.h"
#include "topo/schema.h"
#include "topo/topo.h"
#include "topo/units.h"
#include "topo/ynode.h"

namespace {

const std::string SRC = XPOSIM_SOURCE_DIR;

std::string errors_of(const std::string &path, topo_t **out = nullptr) {
  topo_errs_t e;
  topo_errs_init(&e, path.c_str());
  topo_t *t = topo_load(path.c_str(), &e, expect_check_text);
  char *buf = nullptr;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);
  topo_errs_print(&e, m);
  fclose(m);
  std::string s(buf, len);
  free(buf);
  topo_errs_free(&e);
  if (out)
    *out = t;
  else
    topo_free(t);
  return s;
}

TEST(Units, ParseIntoSi) {
  struct Case {
    const char *text;
    unit_dim dim;
    double si;
  } cases[] = {
      {"54 V", DIM_VOLTAGE, 54},
      {"0.5 L/min", DIM_FLOW, 0.5e-3 / 60},
      {"35 C", DIM_TEMP, 35},
      {"308.15 K", DIM_TEMP, 35},
      {"95 F", DIM_TEMP, 35},
      {"12 pJ/bit", DIM_EPB, 12e-12},
      {"102.4 Tb/s", DIM_RATE, 102.4e12},
      {"10 ms", DIM_TIME, 0.01},
      {"80 %", DIM_NONE, 0.8},
      {"0.8", DIM_NONE, 0.8},
      {"150 kPa", DIM_PRESSURE, 150e3},
      {"1.5 bar", DIM_PRESSURE, 1.5e5},
      {"60.8 mm", DIM_LENGTH, 0.0608},
      {"480W", DIM_POWER, 480},
      {"0.05 K/W", DIM_THERMAL_R, 0.05},
      {"20 J/K", DIM_HEAT_CAP, 20},
  };
  for (const auto &c : cases) {
    double v = 0;
    char msg[256] = "";
    ASSERT_EQ(unit_parse(c.text, c.dim, &v, msg, sizeof msg), 0) << c.text << ": " << msg;
    EXPECT_NEAR(v, c.si, 1e-12 * std::fabs(c.si) + 1e-12) << c.text;
  }
}

TEST(Units, RejectMissingWrongAndUnknownUnits) {
  double v;
  char msg[256];
  EXPECT_NE(unit_parse("54", DIM_VOLTAGE, &v, msg, sizeof msg), 0);
  EXPECT_NE(std::strstr(msg, "no unit"), nullptr) << msg;
  EXPECT_NE(unit_parse("54 W", DIM_VOLTAGE, &v, msg, sizeof msg), 0);
  EXPECT_NE(std::strstr(msg, "is a power"), nullptr) << msg;
  EXPECT_NE(unit_parse("54 Vx", DIM_VOLTAGE, &v, msg, sizeof msg), 0);
  EXPECT_NE(std::strstr(msg, "unknown unit"), nullptr) << msg;
  EXPECT_NE(unit_parse("inf W", DIM_POWER, &v, msg, sizeof msg), 0);
  EXPECT_NE(unit_parse("W", DIM_POWER, &v, msg, sizeof msg), 0);
  EXPECT_NE(unit_parse("5 W extra", DIM_POWER, &v, msg, sizeof msg), 0);
}

// Each file starts with "# expect-error: LINE:COL: text"; the loader must
// report exactly that place with that text.
class BadTopology : public ::testing::TestWithParam<std::string> {};

TEST_P(BadTopology, GetsItsOwnPositionedError) {
  std::string path = SRC + "/tests/bad/" + GetParam();
  std::string data = xt::slurp(path);
  const std::string tag = "# expect-error: ";
  ASSERT_EQ(data.compare(0, tag.size(), tag), 0) << "no expect-error header in " << path;
  std::string want = data.substr(tag.size(), data.find('\n') - tag.size());
  topo_t *t = nullptr;
  std::string got = errors_of(path, &t);
  EXPECT_EQ(t, nullptr);
  topo_free(t);
  EXPECT_NE(got.find(path + ":" + want), std::string::npos) << "wanted " << want << "\ngot:\n" << got;
}

std::vector<std::string> bad_files() { return xt::list(SRC + "/tests/bad", ".yaml"); }

INSTANTIATE_TEST_SUITE_P(Corpus, BadTopology, ::testing::ValuesIn(bad_files()),
                         [](const ::testing::TestParamInfo<std::string> &i) {
                           std::string n = i.param.substr(0, i.param.size() - 5);
                           for (char &c : n)
                             if (!isalnum((unsigned char)c)) c = '_';
                           return n;
                         });

// Malformed sweep files: each gets its own positioned error from `xposim sweep` and exit 2.
class BadSweep : public ::testing::TestWithParam<std::string> {};

TEST_P(BadSweep, GetsItsOwnPositionedError) {
  std::string dir = SRC + "/tests/bad/sweeps/", path = dir + GetParam();
  std::string data = xt::slurp(path);
  const std::string tag = "# expect-error: ";
  ASSERT_EQ(data.compare(0, tag.size(), tag), 0) << "no expect-error header in " << path;
  std::string want = data.substr(tag.size(), data.find('\n') - tag.size());
  std::string d = xt::scratch("badsweep_" + GetParam());
  int rc = xt::sh("cd " + dir + " && " + XPOSIM_BINARY + " sweep " + GetParam() + " -o " + d + "/out --quiet 2>" + d +
                  "/err.txt");
  EXPECT_EQ(rc, 2);
  std::string err = xt::slurp(d + "/err.txt");
  EXPECT_NE(err.find(GetParam() + ":" + want), std::string::npos) << "wanted " << want << "\ngot:\n" << err;
  EXPECT_FALSE(xt::exists(d + "/out/results.csv"));
}

std::vector<std::string> bad_sweeps() { return xt::list(SRC + "/tests/bad/sweeps", ".yaml"); }

INSTANTIATE_TEST_SUITE_P(Corpus, BadSweep, ::testing::ValuesIn(bad_sweeps()),
                         [](const ::testing::TestParamInfo<std::string> &i) {
                           std::string n = i.param.substr(0, i.param.size() - 5);
                           for (char &c : n)
                             if (!isalnum((unsigned char)c)) c = '_';
                           return n;
                         });

TEST(Loader, CorpusIsLargeEnough) { EXPECT_GE(bad_files().size() + bad_sweeps().size(), 100u); }

TEST(Loader, ReportsEveryProblemInOnePass) {
  std::string got = errors_of(SRC + "/tests/bad/many_problems.yaml");
  int lines = 0;
  for (char c : got) lines += c == '\n';
  EXPECT_GE(lines, 4) << got;
  EXPECT_NE(got.find("did you mean 'duration'"), std::string::npos);
  EXPECT_NE(got.find("99 V is out of range: it must be at least 40 V and at most 60 V (the XPO input range)"),
            std::string::npos);
  EXPECT_NE(got.find("is a pressure"), std::string::npos);
}

TEST(Loader, EveryConfigLoadsAndIsFilledIn) {
  auto files = xt::list(SRC + "/configs", ".yaml");
  ASSERT_GE(files.size(), 4u);
  for (const auto &f : files) {
    topo_t *t = nullptr;
    std::string errs = errors_of(SRC + "/configs/" + f, &t);
    ASSERT_NE(t, nullptr) << errs;
    EXPECT_GT(t->nslots, 0u) << f;
    EXPECT_GT(t->duration, 0u) << f;
    EXPECT_GE(t->feed_v, 40.0);
    EXPECT_LE(t->feed_v, 60.0);
    for (size_t i = 0; i < t->ntypes; i++) EXPECT_LE(t->types[i].power.max_w, 480.0);
    topo_free(t);
  }
}

TEST(Loader, ReferenceIsTheIssuesSwitch) {
  topo_t *t = nullptr;
  std::string errs = errors_of(SRC + "/configs/reference.yaml", &t);
  ASSERT_NE(t, nullptr) << errs;
  EXPECT_EQ(t->nslots, 16u);
  EXPECT_EQ(t->cage.rows, 2);
  EXPECT_EQ(t->cage.cols, 8);
  EXPECT_EQ(t->n_asics, 2);
  EXPECT_DOUBLE_EQ(t->asic_capacity_bps, 102.4e12);
  EXPECT_DOUBLE_EQ(t->supply_c, 35);
  EXPECT_EQ(t->fluid, FLUID_PG25);
  EXPECT_DOUBLE_EQ(t->feed_v, 54);
  EXPECT_EQ(t->duration, 60 * SIM_S);
  EXPECT_NEAR(t->types[0].branch_flow_m3_per_s * 60e3, 0.5, 1e-12);
  topo_free(t);
}

TEST(Expect, CompileAndEvaluate) {
  expect_t e;
  char msg[256];
  int at;
  ASSERT_EQ(expect_compile("max(slot[*].junction) < 95 C", 16, 2, &e, msg, sizeof msg, &at), 0) << msg;
  stat_acc_t sj[2];
  stat_init(&sj[0]);
  stat_init(&sj[1]);
  stat_add(&sj[0], 60);
  stat_add(&sj[1], 96);
  run_results_t d{};
  d.slot_junction = sj;
  d.nslots = 2;
  EXPECT_DOUBLE_EQ(expect_value(&e, &d), 96);
  EXPECT_FALSE(expect_holds(&e, 96));
  ASSERT_EQ(expect_compile("throughput_tbps_min >= 100000 Gb/s", 16, 2, &e, msg, sizeof msg, &at), 0) << msg;
  EXPECT_DOUBLE_EQ(e.rhs, 100);  // in the KPI's unit, Tb/s
  EXPECT_NE(expect_compile("max(slot[16].junction) < 95 C", 16, 2, &e, msg, sizeof msg, &at), 0);
  EXPECT_NE(expect_compile("throughput_tbps_min >= 100 C", 16, 2, &e, msg, sizeof msg, &at), 0);
  EXPECT_NE(expect_compile("max_junction_c ~ 95 C", 16, 2, &e, msg, sizeof msg, &at), 0);
  EXPECT_EQ(at, 15);
}

TEST(Cli, BadInputExitsTwoAndCreatesNoRunDirectory) {
  std::string d = xt::scratch("cli_bad");
  int rc = xt::sh(std::string(XPOSIM_BINARY) + " run " + SRC + "/tests/bad/three_rows.yaml -o " + d + "/out 2>" + d +
                  "/err.txt");
  EXPECT_EQ(rc, 2);
  EXPECT_FALSE(xt::exists(d + "/out"));
  EXPECT_EQ(xt::list(d, "").size(), 1u);  // only err.txt: no partial directory either
  std::string err = xt::slurp(d + "/err.txt");
  EXPECT_NE(err.find("three_rows.yaml:6:7: cage: 3 rows do not fit"), std::string::npos) << err;
  EXPECT_EQ(xt::sh(std::string(XPOSIM_BINARY) + " check " + SRC + "/tests/bad/empty.yaml 2>/dev/null"), 2);
  EXPECT_EQ(xt::sh(std::string(XPOSIM_BINARY) + " check " + SRC + "/configs/reference.yaml >/dev/null"), 0);
  EXPECT_EQ(xt::sh(std::string(XPOSIM_BINARY) + " run 2>/dev/null"), 2);
  EXPECT_EQ(xt::sh(std::string(XPOSIM_BINARY) + " frobnicate 2>/dev/null"), 2);
}

}  // namespace

namespace {
// docs/topology.md holds the schema table's reference as `xposim keys`
// prints it: editing the table without the page (or the page by hand)
// fails here.
// A sweep's key path finds its row: list indices dropped, the NAME of a
// NAME: mapping skipped, the one-loop shorthand under coolant; a path past
// a value or to no key finds none.
TEST(Schema, KeyPathsFindTheirRows) {
  const schema_key_t *k = schema_find_path("coolant.loops[0].pumps[1].speed");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->section, SCH_LOOP_PUMP);
  k = schema_find_path("module_types.xpo-224.power.static");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->section, SCH_MODULE_POWER);
  EXPECT_STREQ(k->unit, "W");
  k = schema_find_path("switch.host.pcb_loss");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->dim, DIM_DB_PER_M);
  k = schema_find_path("coolant.flow");  // the shorthand: a loop's key
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->section, SCH_LOOP);
  EXPECT_EQ(schema_find_path("switch.host.pcb_loss.more"), nullptr);
  EXPECT_EQ(schema_find_path("switch.nosuch"), nullptr);
  EXPECT_EQ(schema_find_path(""), nullptr);
}

// Reports show each KPI with its label, unit and precision; a throttle
// that never reacted (-1) and a KPI with no value are "none".
TEST(Kpis, LabelsUnitsAndPrecision) {
  char b[64];
  int k = kpi_find("max_junction_c");
  ASSERT_GE(k, 0);
  EXPECT_STREQ(kpi_unit((kpi_id_t)k), "°C");
  kpi_format((kpi_id_t)k, 81.4352755, b, sizeof b);
  EXPECT_STREQ(b, "81.4");
  k = kpi_find("throttle_reaction_s");
  kpi_format((kpi_id_t)k, -1, b, sizeof b);
  EXPECT_STREQ(b, "none");
  kpi_format((kpi_id_t)k, 0.0125, b, sizeof b);
  EXPECT_STREQ(b, "0.013");  // 3 decimals (0.0125 is stored a hair above)
  kpi_format(KPI_MAX_COOLANT_C, NAN, b, sizeof b);
  EXPECT_STREQ(b, "none");
  kpi_format(KPI_PRE_FEC_BER_MAX, 3.43289764e-06, b, sizeof b);
  EXPECT_STREQ(b, "3.43e-06");
  kpi_format(KPI_DCDC_LOSS_J, -1e-9, b, sizeof b);
  EXPECT_STREQ(b, "0.0");  // no sign on a value that rounds to zero
  kpi_format(KPI_DCDC_LOSS_J, -0.06, b, sizeof b);
  EXPECT_STREQ(b, "-0.1");
  EXPECT_EQ(kpi_find("nosuch"), -1);
  for (int i = 0; i < KPI_COUNT_; i++) {  // every KPI has a label and a group
    EXPECT_GT(strlen(kpi_label((kpi_id_t)i)), 3u) << kpi_name((kpi_id_t)i);
    EXPECT_GT(strlen(kpi_group((kpi_id_t)i)), 3u) << kpi_name((kpi_id_t)i);
  }
}

TEST(Schema, TheReferenceInTheDocsIsCurrent) {
  std::string d = xt::scratch("schema_ref");
  ASSERT_EQ(xt::sh(std::string(XPOSIM_BINARY) + " keys > " + d + "/keys.md"), 0);
  std::string doc = xt::slurp(std::string(XPOSIM_SOURCE_DIR) + "/docs/topology.md");
  size_t a = doc.find("<!-- keys:begin -->\n"), b = doc.find("<!-- keys:end -->");
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  a += std::string("<!-- keys:begin -->\n").size();
  EXPECT_EQ(doc.substr(a, b - a), xt::slurp(d + "/keys.md"))
      << "docs/topology.md is stale: replace its keys block with the output of `xposim keys`";
}

// `xposim check` on a file of this text: its exit code, its messages in *err.
int check_text(const std::string &name, const std::string &yaml, std::string *err) {
  std::string d = xt::scratch(name);
  std::ofstream(d + "/t.yaml") << yaml;
  int rc = xt::sh(std::string(XPOSIM_BINARY) + " check " + d + "/t.yaml 2> " + d + "/e.txt");
  *err = xt::slurp(d + "/e.txt");
  return rc;
}

// A table key is read with the table's bounds and suggested from the
// table's names.
TEST(Schema, TableKeysAreBoundedAndSuggested) {
  std::string e;
  const char *yaml =
      "xposim: 1\nname: s\nduration: 1 s\ncage: { rows: 1, columns: 1 }\n"
      "solver: { temperature_quantm: 0.1 K, max_junction: 90 C }\n"
      "module_types:\n  m:\n    lane_rate: 224G\n    ports: 8x1.6T\n"
      "    lane: { snr_sigm: 1 dB, frame_bytes: 10 }\n"
      "control: { management: { bus: i2c-401k } }\n"
      "slots: { fill: m }\n";
  EXPECT_EQ(check_text("schema_keys", yaml, &e), 2);
  EXPECT_NE(e.find("unknown key 'temperature_quantm' in solver; did you mean 'temperature_quantum'?"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("solver.max_junction = 90 C is out of range: it must be at least 100"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'snr_sigma'?"), std::string::npos) << e;
  EXPECT_NE(e.find("lane.frame_bytes = 10 is out of range: it must be from 64 to 16384"), std::string::npos) << e;
  EXPECT_NE(e.find("control.management.bus: unknown value 'i2c-401k'; did you mean 'i2c-400k'?"), std::string::npos)
      << e;
}

// Walks a written topology from the top through the table: every key must
// be a row of the section it sits in, and a mapping or a list must be a row
// that names the section of its keys.
void walk_rows(const ynode *n, int section, const std::string &path, std::vector<std::string> &bad) {
  if (n->kind == YN_SEQ) {
    for (size_t i = 0; i < n->n; i++) walk_rows(n->items[i], section, path + "[]", bad);
    return;
  }
  if (n->kind != YN_MAP) return;
  for (size_t i = 0; i < ynode_pairs(n); i++) {
    const ynode *key = ynode_key(n, i), *val = ynode_val(n, i);
    const schema_key_t *k = schema_key(section, key->str);
    std::string p = path + "." + key->str;
    if (!k) {
      bad.push_back(p);
    } else if (k->type == SK_MAP || k->type == SK_LIST) {
      walk_rows(val, k->sub, p, bad);
    } else if (k->type == SK_NAMED && val->kind == YN_MAP) {
      for (size_t j = 0; j < ynode_pairs(val); j++) walk_rows(ynode_val(val, j), k->sub, p + ".NAME", bad);
    } else if (val->kind != YN_SCALAR && k->type != SK_SYNTAX) {
      bad.push_back(p + " (not a single value)");
    }
  }
}

// The table holds every key: resolved.yaml, which writes every key the
// loader read, holds no key the table lacks, in any config.
TEST(Schema, EveryKeyOfEveryResolvedFileIsARow) {
  std::string d = xt::scratch("schema_rows");
  for (const auto &f : xt::list(SRC + "/configs", ".yaml")) {
    topo_t *t = nullptr;
    std::string errs = errors_of(SRC + "/configs/" + f, &t);
    ASSERT_NE(t, nullptr) << errs;
    FILE *out = fopen((d + "/r.yaml").c_str(), "w");
    ASSERT_NE(out, nullptr);
    ASSERT_EQ(topo_write_resolved(t, out), 0);
    fclose(out);
    topo_free(t);
    std::string text = xt::slurp(d + "/r.yaml");
    int line = 0, col = 0;
    char msg[256];
    ynode *root = ynode_parse(text.data(), text.size(), &line, &col, msg, sizeof msg);
    ASSERT_NE(root, nullptr) << msg;
    std::vector<std::string> bad;
    walk_rows(root, SCH_TOP, "", bad);
    ynode_free(root);
    EXPECT_TRUE(bad.empty()) << f << ": not in the table: " << ::testing::PrintToString(bad);
  }
}

// A key of a mapping's other variant is named as such; a misspelt key of a
// list's item is suggested from its section's rows.
TEST(Schema, VariantKeysAreNamedAndListKeysSuggested) {
  std::string e;
  const char *yaml =
      "xposim: 1\nname: s\nduration: 1 s\ncage: { rows: 1, columns: 1 }\n"
      "module_types: { m: { lane_rate: 224G, ports: 8x1.6T } }\nslots: { fill: m }\n"
      "coolant: { loops: [ { name: a, pumps: [ { shutoff: 1 bar, max_flw: 9 L/min } ] } ] "
      "}\n"
      "traffic: [ { profile: { kind: ramp, from: 0, to: 1, start: 0 s, end: 1 s, at: 1 "
      "s } } ]\n"
      "scenario: [ { at: 0 s, fault: module-pull, slot: 0, lane: 3 } ]\n";
  EXPECT_EQ(check_text("schema_variants", yaml, &e), 2);
  EXPECT_NE(e.find("unknown key 'max_flw' in coolant.loops[0].pumps[]; did you mean 'max_flow'?"), std::string::npos)
      << e;
  EXPECT_NE(e.find("key 'at' in traffic[0].profile applies only to: step"), std::string::npos) << e;
  EXPECT_NE(e.find("key 'lane' in scenario[0] applies only to: lane-down lane-up snr-drop"), std::string::npos) << e;
}
}  // namespace
