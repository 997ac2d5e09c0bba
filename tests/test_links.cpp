// Links end to end: hot-plug timing, fast mode against reference stepping
// (identical bytes when deterministic, statistically equal otherwise, both
// against the binomial tail computed here), and the VCD read back.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <sstream>

#include "test_support.h"

namespace {

const std::string SRC = XPOSIM_SOURCE_DIR;
const std::string BIN = XPOSIM_BINARY;

std::string write_topo(const std::string &dir, const std::string &text) {
  std::ofstream f(dir + "/t.yaml");
  f << text;
  return dir + "/t.yaml";
}

int run(const std::string &file, const std::string &out, const std::string &extra = "") {
  return xt::sh(BIN + " run " + file + " -o " + out + " --quiet " + extra);
}

// One module; every lane at one SNR; links never degrade (so every codeword
// of the run is judged while carrying).
std::string one_module(const std::string &snr, const std::string &burst, const std::string &duration,
                       const std::string &scenario = "", const std::string &window = "1 us",
                       const std::string &degrade_ucw = "64", const std::string &train_ber_max = "2.4e-4") {
  return "xposim: 1\nname: links\nseed: 9\nduration: " + duration +
         "\nsample: 1 ms\nsolver: { thermal_step: 1 ms }\ncage: { rows: 1, columns: 1 }\n"
         "module_types:\n  m:\n    lane_rate: 224G\n    ports: 8x1.6T\n"
         "    line: { tx_oma: 20 dBm, snr_ceiling: 80 dB }\n"  // the optical line far above the host side
         "    lane: { snr: " +
         snr + ", temp_slope: 0 dB/K, snr_sigma: 0 dB, burst: " + burst + ", window: " + window +
         ", degrade_ucw: " + degrade_ucw + ", train_ber_max: " + train_ber_max +
         ", degrade_hold: 5 ms, retraining: 8 ms }\n"
         "slots: { fill: m }\ntraffic: [ { slots: all, profile: { kind: constant, load: 0.5 } } ]\n" +
         scenario;
}

TEST(HotPlug, LanesTrainForExactlyTheTrainingTime) {
  std::string d = xt::scratch("links_hotplug");
  ASSERT_EQ(run(SRC + "/configs/hot-plug.yaml", d + "/r"), 0);
  std::string log = xt::slurp(d + "/r/events.log");
  EXPECT_NE(log.find("\n10 link slot[5].lane[0] up -> down\n"), std::string::npos);
  EXPECT_NE(log.find("\n20 link slot[5].lane[0] down -> training\n"), std::string::npos);
  EXPECT_NE(log.find("\n22 link slot[5].lane[0] training -> up\n"), std::string::npos);
  EXPECT_NE(log.find("\n22 port-up slot[5].port[7]\n"), std::string::npos);
  std::string j = xt::slurp(d + "/r/summary.json");
  EXPECT_DOUBLE_EQ(xt::json_number(j, "link_down_s"), 8 * 12.0);
  // While pulled the module draws nothing.
  xt::Trace sl(d + "/r/traces/slots.csv");
  EXPECT_EQ(sl.at("slot5_power_w", 15), 0);
  // Re-inserted, its soft start draws the inrush current (10 A at 54 V, held at the 480 W cap).
  EXPECT_NE(log.find("\n20 inrush slot[5] 10 A for 5 ms\n"), std::string::npos);
  std::string pw = xt::slurp(d + "/r/traces/power.csv");
  EXPECT_NE(pw.find("\n20,"), std::string::npos);
}

// A lane whose SNR collapses fails every codeword: deterministic, so fast
// mode and reference stepping must write the same bytes.
TEST(FastVsReference, IdenticalOnADeterministicFlap) {
  std::string d = xt::scratch("links_det");
  std::string f = write_topo(
      d, one_module("30 dB", "0.5", "30 ms",
                    "scenario: [ { at: 10 ms, fault: snr-drop, slot: 0, lane: 3, db: 25 dB } ]\n", "1 ms", "5"));
  ASSERT_EQ(run(f, d + "/fast"), 0);
  ASSERT_EQ(run(f, d + "/ref", "--reference-step"), 0);
  for (const char *p : {"events.log", "traces/switch.csv", "traces/slots.csv", "traces/ports.csv"})
    EXPECT_TRUE(xt::slurp(d + "/fast/" + p) == xt::slurp(d + "/ref/" + p)) << p;
  std::string log = xt::slurp(d + "/fast/events.log");
  // Degraded after five failed codewords (the first ends 25.6 ns after 10 ms),
  // retraining 5 ms later, retraining fails every 8 ms.
  EXPECT_NE(log.find("\n0.010000128 link slot[0].lane[3] up -> degraded\n"), std::string::npos) << log;
  EXPECT_NE(log.find("\n0.015000128 link slot[0].lane[3] degraded -> retraining\n"), std::string::npos) << log;
  EXPECT_NE(log.find("\n0.023000128 link slot[0].lane[3] retraining failed"), std::string::npos) << log;
  std::string jf = xt::slurp(d + "/fast/summary.json"), jr = xt::slurp(d + "/ref/summary.json");
  // Every codeword from 10 ms + 25.6 ns to the flap at 15 ms + 128 ns failed.
  EXPECT_DOUBLE_EQ(xt::json_number(jf, "uncorrectable_codewords"), std::floor((15000128 - 10000000) / 25.6));
  // The summaries differ only in how much work each mode did.
  auto physics = [](const std::string &dir) {
    std::istringstream in(xt::stable_summary(dir));
    std::string line, out;
    while (std::getline(in, line))
      if (line.find("\"events\"") == std::string::npos && line.find("\"deltas\"") == std::string::npos &&
          line.find("\"mode\"") == std::string::npos)
        out += line + "\n";
    return out;
  };
  EXPECT_EQ(physics(d + "/fast"), physics(d + "/ref"));
  EXPECT_DOUBLE_EQ(xt::json_number(jf, "link_flaps"), 1);
  EXPECT_NE(jr.find("\"mode\": \"reference-step\""), std::string::npos);
}

double q_tail(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }

// Random errors at 16.5 dB (pre-FEC BER about 1e-3): the expected number of
// uncorrectable codewords and corrected symbols, from the binomial
// distribution computed here; both modes must land within 5 sigma.
TEST(FastVsReference, BothAgreeWithTheBinomialTail) {
  std::string d = xt::scratch("links_stat");
  // past KP4's training limit: trained at power-on only with the limit raised
  std::string f = write_topo(d, one_module("16.5 dB", "0", "20 ms", "", "1 us", "64", "0.5"));
  ASSERT_EQ(run(f, d + "/fast"), 0);
  ASSERT_EQ(run(f, d + "/ref", "--reference-step"), 0);
  double snr = std::pow(10, 1.65), ser = 1.5 * q_tail(std::sqrt(snr / 5)), ps = 1 - std::pow(1 - ser, 5);
  double tail = 0, mean = 0, m2 = 0;
  for (int k = 0; k <= 544; k++) {
    double lp = std::lgamma(545.0) - std::lgamma(k + 1.0) - std::lgamma(545.0 - k) + k * std::log(ps) +
                (544 - k) * std::log1p(-ps);
    double p = std::exp(lp);
    if (k > 15)
      tail += p;
    else
      mean += k * p, m2 += (double)k * k * p;
  }
  double var = m2 - mean * mean;
  const double ncw = 64 * (20e-3 / 25.6e-9);  // 64 lanes x 781250 codewords
  double ucw_exp = ncw * tail, ucw_sd = std::sqrt(ncw * tail * (1 - tail));
  double cor_exp = ncw * mean, cor_sd = std::sqrt(ncw * var);
  ASSERT_GT(ucw_exp, 1000);  // the test has power
  for (const char *mode : {"fast", "ref"}) {
    std::string j = xt::slurp(d + "/" + mode + "/summary.json");
    double ucw = xt::json_number(j, "uncorrectable_codewords"), cor = xt::json_number(j, "corrected_symbols");
    EXPECT_NEAR(ucw, ucw_exp, 5 * ucw_sd) << mode;
    EXPECT_NEAR(cor, cor_exp, 5 * cor_sd) << mode;
    EXPECT_NEAR(xt::json_number(j, "pre_fec_ber_max"), ser / 2, 1e-3 * ser);
  }
}

// The VCD, parsed back: slot 5's lane 0 and port 0 over the hot plug.
TEST(Vcd, LaneAndPortStatesReadBack) {
  std::string d = xt::scratch("links_vcd");
  ASSERT_EQ(run(SRC + "/configs/hot-plug.yaml", d + "/r", "--vcd"), 0);
  std::istringstream in(xt::slurp(d + "/r/waves.vcd"));
  std::string line, scope;
  std::map<std::string, std::string> name_of;  // id -> slotN.var
  std::map<std::string, std::vector<std::pair<unsigned long long, unsigned>>> changes;
  unsigned long long t = 0;
  bool defs = true;
  int depth = 0;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string w;
    ls >> w;
    if (defs) {
      if (w == "$scope") {
        std::string kind, name;
        ls >> kind >> name;
        scope = name;
        depth++;
      } else if (w == "$upscope") {
        depth--;
      } else if (w == "$var") {
        std::string kind, width, id, name;
        ls >> kind >> width >> id >> name;
        name_of[id] = scope + "." + name;
      } else if (w == "$enddefinitions") {
        defs = false;
        EXPECT_EQ(depth, 0);
      }
      continue;
    }
    if (w[0] == '#') {
      unsigned long long nt = std::stoull(w.substr(1));
      EXPECT_GE(nt, t);  // time never goes back
      t = nt;
    } else if (w[0] == 'b') {
      std::string id;
      ls >> id;
      changes[name_of.at(id)].push_back({t, (unsigned)std::stoul(w.substr(1), nullptr, 2)});
    } else {
      changes[name_of.at(w.substr(1))].push_back({t, (unsigned)(w[0] - '0')});
    }
  }
  EXPECT_EQ(name_of.size(), 16u * (64 + 8));
  using V = std::vector<std::pair<unsigned long long, unsigned>>;
  const unsigned long long S = 1000000000000ull;
  // up(2) at 0, down(0) at 10 s, training(1) at 20 s, up at 22 s.
  EXPECT_EQ(changes["slot5.lane0_state"], (V{{0, 2}, {10 * S, 0}, {20 * S, 1}, {22 * S, 2}}));
  EXPECT_EQ(changes["slot5.port0_up"], (V{{0, 1}, {10 * S, 0}, {22 * S, 1}}));
  EXPECT_EQ(changes["slot4.port0_up"], (V{{0, 1}}));
}

}  // namespace

namespace {
// ports.csv's snr_db is the worst lane's SNR, as the lane model has it:
// snr - snr_per_loss x (loss - loss_ref) - temp_slope x (Tj - temp_ref),
// with Tj the junction as the firmware's quantum rounds it. Worked here from
// the slot's junction in slots.csv; the SNR drop fault takes its dB off.
TEST(Snr, PortsTraceTheWorstLanesSnr) {
  std::string d = xt::scratch("links_snr");
  std::string f =
      write_topo(d,
                 "xposim: 1\nname: snr\nduration: 2 s\nsample: 100 ms\ncage: { rows: 1, columns: 1 }\n"
                 "module_types:\n  m:\n    lane_rate: 224G\n    ports: 8x1.6T\n"
                 "    line: { tx_oma: 20 dBm, snr_ceiling: 80 dB }\n"
                 "    lane: { snr: 22 dB, channel_loss: 30 dB, loss_ref: 28 dB, snr_per_loss: 0.5, temp_ref: 60 C,\n"
                 "            temp_slope: 0.05 dB/K, snr_sigma: 0 dB }\n"
                 "slots: { fill: m }\ntraffic: [ { slots: all, profile: { kind: constant, load: 0.5 } } ]\n"
                 "scenario: [ { at: 1 s, fault: snr-drop, slot: 0, lane: 9, db: 1.5 dB } ]\n");
  ASSERT_EQ(run(f, d + "/r"), 0);
  xt::Trace ports(d + "/r/traces/ports.csv"), slots(d + "/r/traces/slots.csv");
  for (double t : {0.5, 1.5}) {
    double tj = std::round(slots.at("slot0_junction_c", t) / 0.01) * 0.01;
    double expect = 22 - 0.5 * (30 - 28) - 0.05 * (tj - 60);
    EXPECT_NEAR(ports.at("slot0_port0_snr_db", t), expect, 1e-6) << t;
    // lane 9 is port 1's second lane: 1.5 dB down after the fault
    EXPECT_NEAR(ports.at("slot0_port1_snr_db", t), t < 1 ? expect : expect - 1.5, 1e-6) << t;
  }
}
}  // namespace

namespace {
// With routing from the cage, each slot's host loss is its route's, worked
// here from the geometry (not through the model's code): the ASIC at the
// middle of 4 columns at 60.8 mm, 0.1 m back, 0.03 m more for row 1, a
// 0.8 dB/in board, one 1 dB connector, 4 dB fixed. slots.csv holds it and
// the lanes' SNR follows it: snr - snr_per_loss x (loss - loss_ref).
TEST(HostChannel, EachSlotsLossFromItsRouteReachesItsLanes) {
  std::string d = xt::scratch("links_host");
  std::string f =
      write_topo(d,
                 "xposim: 1\nname: host\nduration: 1 s\nsample: 100 ms\ncage: { rows: 2, columns: 4 }\n"
                 "switch: { host: { routing: pcb, asic_depth: 0.1 m, row_length: 0.03 m, pcb_loss: 0.8 dB/in,\n"
                 "                  connector_loss: 1 dB, connectors: 1, fixed_loss: 4 dB } }\n"
                 "module_types:\n  m:\n    lane_rate: 224G\n    ports: 8x1.6T\n"
                 "    lane: { snr: 24 dB, loss_ref: 20 dB, snr_per_loss: 0.5, temp_slope: 0 dB/K, snr_sigma: 0 dB }\n"
                 "    line: { tx_oma: 20 dBm, snr_ceiling: 80 dB }\n"
                 "slots: { fill: m }\ntraffic: [ { slots: all, profile: { kind: constant, load: 0.5 } } ]\n");
  ASSERT_EQ(run(f, d + "/r"), 0);
  xt::Trace ports(d + "/r/traces/ports.csv"), slots(d + "/r/traces/slots.csv");
  const double pitch = 0.0608, per_m = 0.8 / 0.0254;
  // the FEC limit: PAM-4, KP4's 2.4e-4 = 3/4 Q(sqrt(snr / 5)), solved here
  double lo = 0, hi = 10;
  while (hi - lo > 1e-13) (0.5 * std::erfc((lo + hi) / 2 / std::sqrt(2.0)) > 3.2e-4 ? lo : hi) = (lo + hi) / 2;
  const double limit_db = 10 * std::log10(5 * lo * lo);
  for (int s = 0; s < 8; s++) {
    int row = s / 4, col = s % 4;
    double dx = std::fabs((col + 0.5) * pitch - 2 * pitch);  // the ASIC at the middle of the span
    double loss = (0.1 + dx + 0.03 * row) * per_m + 1 + 4;
    std::string n = "slot" + std::to_string(s);
    EXPECT_NEAR(slots.at(n + "_host_loss_db", 0.5), loss, 1e-6) << s;
    EXPECT_NEAR(ports.at(n + "_port0_snr_db", 0.5), 24 - 0.5 * (loss - 20), 1e-6) << s;
    EXPECT_NEAR(ports.at(n + "_port0_margin_db", 0.5), 24 - 0.5 * (loss - 20) - limit_db, 1e-6) << s;
  }
  // the far corner of the bottom row loses most
  EXPECT_GT(slots.at("slot4_host_loss_db", 0.5), slots.at("slot1_host_loss_db", 0.5) + 2.5);
}
}  // namespace

namespace {
// PAM-4 (Gray): BER = 3/4 Q(sqrt(snr / 5)); and the SNR at a BER, worked here.
double pam4_ber(double snr_db) { return 0.375 * std::erfc(std::sqrt(std::pow(10, snr_db / 10) / 5) / std::sqrt(2.0)); }
double pam4_snr_for(double ber) {
  double lo = -20, hi = 80;
  while (hi - lo > 1e-10) (pam4_ber((lo + hi) / 2) > ber ? lo : hi) = (lo + hi) / 2;
  return (lo + hi) / 2;
}
double noise_sum_db(double a, double b) { return -10 * std::log10(std::pow(10, -a / 10) + std::pow(10, -b / 10)); }

// configs/lpo-far-slots.yaml by hand: one ASIC in the middle of 8 columns
// at 60.8 mm, 0.15 m back, 8 cm more for row 1, 50 dB/m, 1 dB connector
// and 5 dB fixed. Lane SNR 20 dB at 28 dB, 0.5 dB per dB. The line: 1.5 dBm
// launched, 0.25 dB of fibre and 2.75 dB of connections leave -1.5 dBm, 2.9
// dB over the -4.4 dBm sensitivity (at 2.4e-4): 5.8 dB of SNR over the FEC
// limit, with a 30 dB ceiling. DSP: the two segments' BERs add. LPO: the
// module's 3 dB transmit path joins the host channel and the line's noise
// adds to the host's; the far slots of row 1 fall below the limit, do not
// train, and their ports carry nothing.
TEST(LinkBudget, DspClosesEverySlotLpoLosesTheFarSlotsOfTheSecondRow) {
  std::string d = xt::scratch("links_budget");
  std::string dsp = xt::slurp(SRC + "/configs/lpo-far-slots.yaml"), lpo = dsp;
  lpo.replace(lpo.find("power: { kind: dsp }"), 20, "power: { kind: lpo }");
  std::ofstream(d + "/lpo.yaml") << lpo;
  ASSERT_EQ(run(SRC + "/configs/lpo-far-slots.yaml", d + "/dsp"), 0);
  ASSERT_EQ(run(d + "/lpo.yaml", d + "/lpo"), 1);  // its expects say every slot closes
  const double limit = pam4_snr_for(2.4e-4), line = noise_sum_db(limit + 2 * (1.5 - 0.25 - 2.75 + 4.4), 30);
  xt::Trace dp(d + "/dsp/traces/ports.csv"), lp(d + "/lpo/traces/ports.csv"), ds(d + "/dsp/traces/slots.csv");
  for (int s = 0; s < 16; s++) {
    int row = s / 8, col = s % 8;
    double dx = std::fabs((col + 0.5) * 0.0608 - 4 * 0.0608), loss = (0.15 + dx + 0.08 * row) * 50 + 1 + 5;
    double host = 20 - 0.5 * (loss - 28);
    double m_dsp = pam4_snr_for(pam4_ber(host) + pam4_ber(line)) - limit;
    double m_lpo = noise_sum_db(host - 0.5 * 3, line) - limit;
    std::string n = "slot" + std::to_string(s);
    EXPECT_NEAR(ds.at(n + "_host_loss_db", 1), loss, 1e-6) << s;
    EXPECT_NEAR(ds.at(n + "_line_snr_db", 1), line, 1e-6) << s;
    EXPECT_NEAR(dp.at(n + "_port0_margin_db", 1), m_dsp, 1e-5) << s;
    EXPECT_NEAR(lp.at(n + "_port0_margin_db", 1), m_lpo, 1e-6) << s;
    EXPECT_GT(m_dsp, 2) << s;
    bool far_row1 = row == 1 && (col == 0 || col == 7);
    EXPECT_EQ(m_lpo < 0, far_row1) << s;  // the worked numbers say which slots fail
    EXPECT_EQ(dp.at(n + "_port0_up", 1), 1) << s;
    EXPECT_EQ(lp.at(n + "_port0_up", 1), far_row1 ? 0 : 1) << s;
  }
  // panel.csv carries each slot's worst margin; the margin picture shows it
  std::istringstream panel(xt::slurp(d + "/lpo/panel.csv"));
  std::string row;
  std::map<int, double> margin;
  while (std::getline(panel, row))
    if (!row.empty() && std::isdigit((unsigned char)row[0]))
      margin[std::atoi(row.c_str())] = std::strtod(row.substr(row.rfind(',') + 1).c_str(), nullptr);
  ASSERT_EQ(margin.size(), 16u);
  EXPECT_NEAR(margin[8], lp.at("slot8_port0_margin_db", 1), 1e-5);
  EXPECT_LT(margin[8], 0);
  EXPECT_GT(margin[0], 0);
  ASSERT_EQ(xt::sh(BIN + " plot " + d + "/lpo >/dev/null 2>&1"), 0);
  std::string svg = xt::slurp(d + "/lpo/plots/panel_margin.svg");
  EXPECT_NE(svg.find("-0.64 dB"), std::string::npos);
  EXPECT_NE(svg.find("SNR margin (dB)"), std::string::npos);
  // the two lost slots' 12.8 Tb/s at half load: 6.4 Tb/s less
  std::string jd = xt::slurp(d + "/dsp/summary.json"), jl = xt::slurp(d + "/lpo/summary.json");
  EXPECT_NEAR(xt::json_number(jd, "throughput_tbps_mean") - xt::json_number(jl, "throughput_tbps_mean"), 12.8, 1e-6);
}
}  // namespace
