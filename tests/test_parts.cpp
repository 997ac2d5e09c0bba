// Parts of the switch through their own interfaces, each on a tiny kernel
// of its own: no run directory, no CSV, no subprocess. Each check is a
// closed form worked here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "coolant.h"
#include "fec.h"
#include "run/expect.h"
extern "C" {
#include "switch/air.h"
#include "switch/columns.h"
#include "switch/fabric.h"
#include "switch/feed.h"
#include "switch/lanes.h"
#include "switch/loops.h"
#include "switch/plates.h"
#include "switch/timeline.h"
}

namespace {

const char *BASE =
    "xposim: 1\nname: parts\nduration: 1 s\nsample: 100 ms\ncage: { rows: 1, columns: 2 }\n"
    "switch: { asics: 1, asic: { capacity: 2 Tb/s },\n"
    "          feed: { voltage: 54 V, busbar: 10 mohm, cable: 0 ohm, psus: 2, psu_capacity: 3000 W,\n"
    "                  psu_efficiency: [[0, 0.95], [1, 0.95]] } }\n"
    "module_types:\n  m:\n    lane_rate: 224G\n    ports: 8x1.6T\n"
    "slots: { fill: m }\ntraffic: [ { slots: all, profile: { kind: constant, load: 0.25 } } ]\n";

// Run f inside a kernel process at time `at` (signal writes take effect in
// the update phase after a process, as in the model).
struct At {
  std::function<void()> f;
  static void run(sim_t *, void *ctx) { static_cast<At *>(ctx)->f(); }
};
void at(sim_t *sim, sim_time_t t, At *a) { sim_wake_at(sim_process(sim, "test", 0, At::run, a), t); }

// A topology, a kernel and the context every part is built on.
struct Rig {
  topo_t *t = nullptr;
  sim_t *sim = nullptr;
  switch_env_t env{};
  sim_signal_t *sig_lanes = nullptr, *sig_offered = nullptr, *sig_hyd = nullptr;
  explicit Rig(const std::string &yaml) {
    topo_errs_t e{};
    t = topo_load_text("parts.yaml", yaml.c_str(), yaml.size(), &e, expect_check_text);
    if (!t) {
      topo_errs_print(&e, stderr);
      return;
    }
    const char *why = nullptr;
    sim = sim_new(SIM_NATIVE, &why);
    env.t = t;
    env.sim = sim;
    env.ns = t->nslots;
    env.na = (size_t)t->n_asics;
    env.nl = t->nloops;
    sig_lanes = sim_signal(sim, "lanes", 0);
    sig_offered = sim_signal(sim, "offered", 0);
    sig_hyd = sim_signal(sim, "hydraulic", 0);
  }
  ~Rig() {
    sim_free(sim);
    topo_free(t);
  }
};

// The feed: the bus is the stable root of V^2 - Vs V + P R = 0, the PSUs
// deliver the load plus the busbar loss, and a load past their budget
// browns every module out (its lanes stop carrying) until it fits again.
TEST(FeedPart, BusRootLossesAndBrownout) {
  Rig r(BASE);
  ASSERT_NE(r.t, nullptr);
  lanes_t *L = lanes_new(&r.env, r.sig_lanes);
  lanes_seed(L);
  for (size_t s = 0; s < 2; s++) lanes_attach_junction(L, s, sim_signal(r.sim, "tj", 60));
  lanes_start(L);
  feed_t *F = feed_new(&r.env, L, r.sig_lanes);
  double slot_w[2] = {400, 600};
  feed_loads_t ld{slot_w, 1000, 950, 50, 500};
  feed_update(F, &ld, 0.5);
  double asic_in = 500 / 0.9;  // switch.asic.vr_efficiency's default
  double p = 1000 + asic_in, R = 0.010;
  double v = 0.5 * (54 + std::sqrt(54.0 * 54 - 4 * p * R)), i = p / v;
  EXPECT_NEAR(feed_out_w(F), p + i * i * R, 1e-9);
  feed_energy_t e = feed_energy(F);
  EXPECT_NEAR(e.feed, feed_out_w(F) / 0.95 * 0.5, 1e-6);
  EXPECT_NEAR(e.psu, (feed_out_w(F) / 0.95 - feed_out_w(F)) * 0.5, 1e-6);
  EXPECT_NEAR(e.components, 950 * 0.5, 1e-9);
  EXPECT_NEAR(e.vr, (asic_in - 500) * 0.5, 1e-9);
  EXPECT_TRUE(lanes_carrying(L, 0, 0));
  // one PSU of two fails; past the hold-up, 3000 W cannot carry 3700 W
  double big[2] = {1500, 1500};
  feed_loads_t heavy{big, 3000, 2900, 100, 500};
  ASSERT_EQ(feed_psu(F, 0, 1, 0), 1);
  EXPECT_EQ(feed_psu(F, 0, 1, 0), 0);  // already failed
  feed_update(F, &heavy, 0);
  feed_check(F, 0);
  EXPECT_EQ(feed_brownouts(F), 0);  // the hold-up carries it
  At later{[&] {                    // past the 20 ms hold-up
    feed_update(F, &heavy, 0);
    feed_check(F, sim_now(r.sim));
  }};
  at(r.sim, SIM_S / 2, &later);
  sim_run_until(r.sim, SIM_S);
  EXPECT_EQ(feed_brownouts(F), 2);
  EXPECT_FALSE(feed_module_powered(F, 0));
  EXPECT_FALSE(lanes_carrying(L, 0, 0));
  feed_free(F);
  lanes_free(L);
}

// The fabric: each port is offered load x rate; an ASIC of capacity C
// shares it in proportion to what its ports want; ports the firmware sheds
// carry nothing.
TEST(FabricPart, OfferedShareAndShedding) {
  Rig r(BASE);
  ASSERT_NE(r.t, nullptr);
  lanes_t *L = lanes_new(&r.env, r.sig_lanes);
  lanes_seed(L);
  feed_t *F = feed_new(&r.env, L, r.sig_lanes);
  fabric_t *B = fabric_new(&r.env, L, F, r.sig_offered);
  fabric_traffic_update(B, 0);
  fabric_recompute(B, 0);
  // 2 modules x 8 ports x 1.6 Tb/s x 0.25 = 6.4 Tb/s wanted; the ASIC has 2
  EXPECT_NEAR(fabric_device_bps(B, 0), 1e12, 1);
  EXPECT_NEAR(fabric_device_bps(B, 1), 1e12, 1);
  EXPECT_NEAR(fabric_device_bps(B, 2), 2e12, 1);  // the ASIC switches it all
  EXPECT_DOUBLE_EQ(fabric_active_lanes(B, 0), 64);
  // module 0 sheds 6 of 8 ports: it wants 0.8 Tb/s, module 1 3.2 Tb/s
  fabric_set_admin(B, 0, 6, 0);
  fabric_recompute(B, 0);
  EXPECT_NEAR(fabric_device_bps(B, 0), 2e12 * 0.8 / 4.0, 1);
  EXPECT_NEAR(fabric_device_bps(B, 1), 2e12 * 3.2 / 4.0, 1);
  // bits carried are the rate integrated over time
  fabric_integrate(B, SIM_S / 2);
  EXPECT_NEAR(fabric_device_bits_at(B, 0, SIM_S), 0.4e12, 1e3);
  fabric_free(B);
  feed_free(F);
  lanes_free(L);
}

// The loops: on ideal headers a regulated flow splits as k^-1/2, so a
// branch blocked to 4x its resistance takes half the flow of an open one.
TEST(LoopsPart, RegulatedSplitFollowsResistance) {
  Rig r(std::string(BASE) + "coolant: { supply: 30 C, flow: 3 L/min }\n");
  ASSERT_NE(r.t, nullptr);
  lanes_t *L = lanes_new(&r.env, r.sig_lanes);
  feed_t *F = feed_new(&r.env, L, r.sig_lanes);
  loops_t *P = loops_new(&r.env, F, r.sig_hyd);
  loops_create_signals(P);
  loops_build(P);
  At solve{[&] { loops_solve(P); }};
  at(r.sim, 0, &solve);
  sim_run_until(r.sim, SIM_MS);
  double q0 = loops_branch(P, 0)->q_m3s, q1 = loops_branch(P, 1)->q_m3s, qa = loops_branch(P, 2)->q_m3s;
  EXPECT_NEAR((q0 + q1 + qa) * 60e3, 3, 1e-12);
  EXPECT_NEAR(q0, q1, 1e-15);
  EXPECT_EQ(sim_read(r.sig_hyd), 1);  // every solve is announced
  loops_block(P, 1, 4);
  loops_solve(P);
  EXPECT_NEAR(loops_branch(P, 1)->q_m3s / loops_branch(P, 0)->q_m3s, 0.5, 1e-12);
  EXPECT_NEAR((loops_branch(P, 0)->q_m3s + loops_branch(P, 1)->q_m3s + loops_branch(P, 2)->q_m3s) * 60e3, 3, 1e-12);
  // a pulled module closes its blind-mate plug: no flow through it
  feed_module_present_set(F, 0, 0);
  loops_solve(P);
  EXPECT_EQ(loops_branch(P, 0)->q_m3s, 0);
  loops_free(P);
  feed_free(F);
  lanes_free(L);
}

// A port at half rate: its lanes at half the baud see the host channel's
// loss at half the Nyquist frequency (28 dB -> 14 dB here, loss exponent 1)
// and noise in half the bandwidth (+10 log10 2 dB), and send half as many
// codewords: port 0's uncorrectable codewords over 50 ms are 8 lanes x
// 50 ms / (2 x 25.6 ns) x P(fail) at its SNR, within 5 sigma.
TEST(LanesPart, HalfRateHalvesTheBaud) {
  std::string y = BASE;
  y.replace(y.find("    ports: 8x1.6T\n"), 18,
            "    ports: 8x1.6T\n    lane: { snr: 13.49 dB, loss_ref: 14 dB, snr_per_loss: 0.5, temp_slope: 0 dB/K,\n"
            "            snr_sigma: 0 dB, burst: 0, window: 1 us, degrade_ucw: 64, train_ber_max: 0.5 }\n"
            "    line: { tx_oma: 20 dBm, snr_ceiling: 80 dB }\n");
  Rig r(y);
  ASSERT_NE(r.t, nullptr);
  lanes_t *L = lanes_new(&r.env, r.sig_lanes);
  lanes_seed(L);
  for (size_t s = 0; s < 2; s++) lanes_attach_junction(L, s, sim_signal(r.sim, "tj", 60));
  lanes_start(L);
  for (int l = 8; l < 64; l++) lanes_set(L, 0, l, 0, 0);  // only port 0 carries
  for (int l = 0; l < 64; l++) lanes_set(L, 1, l, 0, 0);
  lanes_set_half_rate(L, 0, 0, 1, 0);
  columns_t c{};
  lanes_columns(r.t, &c, 0);
  columns_done(&c);
  const column_t &p0 = c.v[c.first[TRACE_PORTS] + (size_t)columns_find(&c, TRACE_PORTS, "slot0_port0_snr_db")];
  const column_t &p1 = c.v[c.first[TRACE_PORTS] + (size_t)columns_find(&c, TRACE_PORTS, "slot0_port1_snr_db")];
  sim_run_until(r.sim, 50 * SIM_MS);
  lanes_sample(L, 50 * SIM_MS);
  double half = 13.49 + 10 * std::log10(2.0);  // 14 dB of loss: at loss_ref
  EXPECT_NEAR(column_value(&p0, L), half, 1e-9);
  EXPECT_NEAR(column_value(&p1, L), 13.49 - 0.5 * (28 - 14), 1e-9);
  fec_cfg_t f = r.t->types[0].lane.fec;
  fec_dist_t d;
  fec_dist_from_snr(&f, std::round(half / 0.01) * 0.01, &d);  // the model's grid: snr_quantum 0.01 dB
  double n = 8 * 0.05 / (2 * 25.6e-9), mean = n * d.p_fail;
  ASSERT_GT(mean, 50);  // the test has power
  EXPECT_NEAR((double)lanes_uncorrectable(L), mean, 5 * std::sqrt(mean));
  columns_free(&c);
  lanes_free(L);
}

// The lanes: the SNR of ports.csv follows the junction signal by the lane
// model's slope; a lane taken down stops carrying and is announced on the
// lanes signal.
TEST(LanesPart, JunctionMovesSnrAndLinksAnnounceChanges) {
  Rig r(std::string(BASE).replace(std::string(BASE).find("    ports: 8x1.6T\n"), 18,
                                  "    ports: 8x1.6T\n    lane: { temp_slope: 0.1 dB/K, snr_sigma: 0 dB }\n"
                                  "    line: { tx_oma: 20 dBm, snr_ceiling: 80 dB }\n"));
  ASSERT_NE(r.t, nullptr);
  lanes_t *L = lanes_new(&r.env, r.sig_lanes);
  lanes_seed(L);
  sim_signal_t *tj0 = sim_signal(r.sim, "tj0", 60), *tj1 = sim_signal(r.sim, "tj1", 60);
  lanes_attach_junction(L, 0, tj0);
  lanes_attach_junction(L, 1, tj1);
  lanes_start(L);
  columns_t c{};
  lanes_columns(r.t, &c, 0);
  columns_done(&c);
  long snr = columns_find(&c, TRACE_PORTS, "slot0_port0_snr_db");
  ASSERT_GE(snr, 0);
  const column_t &col = c.v[c.first[TRACE_PORTS] + (size_t)snr];
  lanes_sample(L, 0);
  double at60 = column_value(&col, L);
  At hotter{[&] { sim_write(tj0, 80); }};  // 20 K hotter: 2 dB less
  at(r.sim, SIM_MS / 2, &hotter);
  sim_run_until(r.sim, SIM_MS);
  lanes_sample(L, SIM_MS);
  EXPECT_NEAR(column_value(&col, L), at60 - 2, 1e-12);
  double before = sim_read(r.sig_lanes);
  At down{[&] { lanes_set(L, 0, 3, sim_now(r.sim), 0); }};
  at(r.sim, 3 * SIM_MS / 2, &down);
  sim_run_until(r.sim, 2 * SIM_MS);
  EXPECT_FALSE(lanes_carrying(L, 0, 3));
  EXPECT_TRUE(lanes_carrying(L, 0, 4));
  EXPECT_GT(sim_read(r.sig_lanes), before);
  columns_free(&c);
  lanes_free(L);
}

}  // namespace

namespace {
// The plates: a module drawing a fixed 100 W on a lumped die settles where
// the heat balances, worked here: the plate gives P to the coolant through
// the effectiveness-NTU conductance g = m c (1 - exp(-1 / (R m c))) and a
// little to the air through r_plate_air; the junction sits P x r above the
// plate. The feed is handed exactly what the devices draw.
TEST(PlatesPart, SteadyStateIsTheHeatBalance) {
  Rig r(
      "xposim: 1\nname: plates\nduration: 1 s\ncage: { rows: 1, columns: 1 }\n"
      "coolant: { fluid: water, supply: 30 C, air: 40 C, flow: 1 L/min }\n"
      "module_types:\n  m:\n    lane_rate: 224G\n    ports: 8x1.6T\n"
      "    power: { static: 100 W, energy_per_bit: 0 J/bit, leakage: 0 W }\n"
      "    thermal: { c_junction: 10 J/K, r_junction_plate: 0.1 K/W, r_plate_air: 50 K/W,\n"
      "               r_table: [[0.01 L/min, 0.05 K/W], [10 L/min, 0.05 K/W]] }\n"
      "slots: { fill: m }\n");
  ASSERT_NE(r.t, nullptr);
  lanes_t *L = lanes_new(&r.env, r.sig_lanes);
  feed_t *F = feed_new(&r.env, L, r.sig_lanes);
  fabric_t *B = fabric_new(&r.env, L, F, r.sig_offered);
  loops_t *P = loops_new(&r.env, F, r.sig_hyd);
  air_t *A = air_new(&r.env, NULL, NULL);
  plates_t *T = plates_new(&r.env, B, F, P, A);
  loops_create_signals(P);
  loops_build(P);
  loops_solve(P);
  fabric_traffic_update(B, 0);
  lanes_seed(L);
  fabric_recompute(B, 0);
  ASSERT_EQ(plates_initial(T), 0);
  EXPECT_NEAR(plates_device_power_w(T, 0), 100, 1e-9);
  // the mass flow at the supply's density, c_p at the branch's bulk mean:
  // solved here by fixed point (the model moves the bulk by 0.01 K steps)
  fluid_props_t fp, mean;
  fluid_props(FLUID_WATER, 30, &fp);
  double bulk = 30, plate = 0;
  for (int it = 0; it < 50; it++) {
    fluid_props(FLUID_WATER, bulk, &mean);
    double mc = loops_branch(P, 0)->q_m3s * fp.rho_kg_per_m3 * mean.cp_j_per_kg_k;
    double g = mc * (1 - std::exp(-1 / (0.05 * mc))), ga = 1.0 / 50;
    plate = (100 + g * 30 + ga * 40) / (g + ga);
    bulk = 30 + g * (plate - 30) / mc / 2;
  }
  EXPECT_NEAR(loops_branch(P, 0)->bulk_c, bulk, 0.01);
  EXPECT_NEAR(plates_junction_c(T, 0), plate + 100 * 0.1, 1e-6);
  feed_loads_t ld;
  plates_loads(T, &ld);
  EXPECT_DOUBLE_EQ(ld.modules_w, plates_device_power_w(T, 0));
  EXPECT_DOUBLE_EQ(ld.asic_core_w, plates_device_power_w(T, 1));
  EXPECT_DOUBLE_EQ(ld.slot_w[0], 100);
  plates_free(T);
  air_free(A);
  loops_free(P);
  fabric_free(B);
  feed_free(F);
  lanes_free(L);
}

// The timeline hands each event of a part's kind to the handler that part
// registered, at the event's time, in time order; a second handler for a
// kind is a wiring bug.
struct Seen {
  std::vector<std::pair<sim_time_t, int>> calls;
  static void on(void *part, const scn_event_t *e, sim_time_t now) {
    static_cast<Seen *>(part)->calls.push_back({now, e->unit});
  }
};
TEST(TimelinePart, APartsEventsReachItsHandlerAtTheirTimes) {
  Rig r(BASE);
  ASSERT_NE(r.t, nullptr);
  ASSERT_EQ(r.t->nscenario, 0u);
  r.t->scenario = static_cast<scn_event_t *>(calloc(2, sizeof(scn_event_t)));
  r.t->nscenario = 2;
  r.t->scenario[0] = scn_event_t{};
  r.t->scenario[0].at = 300 * SIM_MS;
  r.t->scenario[0].kind = SCN_PART_FIRST;
  r.t->scenario[0].unit = 2;
  r.t->scenario[1] = r.t->scenario[0];
  r.t->scenario[1].at = 600 * SIM_MS;
  r.t->scenario[1].unit = 5;
  timeline_wiring_t w{};
  timeline_t *T = timeline_new(&r.env, &w);
  Seen seen;
  timeline_on(T, SCN_PART_FIRST, Seen::on, &seen);
  EXPECT_DEATH(timeline_on(T, SCN_PART_FIRST, Seen::on, &seen), "");
  timeline_start(T);
  timeline_arm(T);
  sim_run_until(r.sim, SIM_S);
  ASSERT_EQ(seen.calls.size(), 2u);
  EXPECT_EQ(seen.calls[0], std::make_pair(300 * SIM_MS, 2));
  EXPECT_EQ(seen.calls[1], std::make_pair(600 * SIM_MS, 5));
  timeline_free(T);
}

// The air: a module breathes the ambient warmed by the heat to air of the
// modules below it in its column, dT = Q / (m_dot c_p); other columns and
// the ASICs see the ambient.
TEST(AirPart, ARowBreathesTheHeatOfTheRowsBelow) {
  std::string yaml = BASE;
  yaml.replace(yaml.find("cage: { rows: 1, columns: 2 }"), 29, "cage: { rows: 2, columns: 2 }");
  yaml += "coolant: { air: 30 C, air_capacity: 4 W/K }\n";
  Rig r(yaml);
  ASSERT_NE(r.t, nullptr);
  ASSERT_EQ(r.env.ns, 4u);  // row 0: slots 0, 1; row 1: slots 2, 3
  air_t *A = air_new(&r.env, NULL, NULL);
  double q[5] = {8, 2, 100, 100, 50};  // W to air; the last is the ASIC's
  air_update(A, q);
  EXPECT_DOUBLE_EQ(air_around_c(A, 0), 30);
  EXPECT_DOUBLE_EQ(air_around_c(A, 1), 30);
  EXPECT_DOUBLE_EQ(air_around_c(A, 2), 30 + 8 / 4.0);
  EXPECT_DOUBLE_EQ(air_around_c(A, 3), 30 + 2 / 4.0);
  EXPECT_DOUBLE_EQ(air_around_c(A, 4), 30);
  // still air: each plate's own r_plate_air (module 5 K/W, ASIC 2 K/W by default)
  EXPECT_DOUBLE_EQ(air_conductance_w_per_k(A, 0), 1 / 5.0);
  EXPECT_DOUBLE_EQ(air_conductance_w_per_k(A, 4), 1 / 2.0);
  air_free(A);
}
}  // namespace

// Column names are formatted without vsnprintf for %s, %d, %zu and %%:
// the same text as vsnprintf, cut the same way, and any other conversion
// handed to vsnprintf.
static std::string name_of(size_t n, const char *fmt, ...) {
  char ours[128], theirs[128];
  va_list a, b;
  va_start(a, fmt);
  va_copy(b, a);
  columns_format_name(ours, n, fmt, a);
  vsnprintf(theirs, n, fmt, b);
  va_end(b);
  va_end(a);
  EXPECT_STREQ(ours, theirs) << fmt;
  return ours;
}

// The registry's order: by file, then by place, ties in declaration order,
// as a stable sort has it, for columns declared part by part (each part's
// in order, the parts interleaving) and for columns in no order at all.
TEST(Columns, SortIntoFileOrderKeepingDeclarationOrderOnTies) {
  for (int shuffled = 0; shuffled < 2; shuffled++) {
    columns_t c{};
    std::vector<std::pair<int, uint64_t>> want;
    unsigned x = 12345;
    auto next = [&x]() { return x = x * 1103515245u + 12345u, (x >> 8) & 0xffff; };
    for (int part = 0; part < 6; part++)
      for (size_t e = 0; e < 300; e++) {
        trace_file_t f = (trace_file_t)(shuffled ? next() % TRACE_FILES : (e + (size_t)part) % TRACE_FILES);
        uint64_t order = shuffled ? column_order(next() % 2, next() % 40, next() % 3) : column_order(0, e, part % 3);
        columns_add(&c, f, order, "", part, nullptr, want.size(), "c%zu", want.size());
        want.push_back({(int)f, order});
      }
    std::vector<size_t> ix(want.size());
    for (size_t i = 0; i < ix.size(); i++) ix[i] = i;
    std::stable_sort(ix.begin(), ix.end(), [&](size_t a, size_t b) { return want[a] < want[b]; });
    columns_done(&c);
    ASSERT_EQ(c.n, want.size());
    for (size_t i = 0; i < c.n; i++) ASSERT_EQ(c.v[i].index, ix[i]) << "place " << i << (shuffled ? " (shuffled)" : "");
    for (int f = 0; f < TRACE_FILES; f++)
      for (size_t i = 0; i < c.count[f]; i++) ASSERT_EQ(c.v[c.first[f] + i].file, (trace_file_t)f);
    columns_free(&c);
  }
}

TEST(Columns, NamesAreFormattedAsPrintfWould) {
  EXPECT_EQ(name_of(112, "slot%zu_port%d_pre_fec_ber", (size_t)15, 7), "slot15_port7_pre_fec_ber");
  EXPECT_EQ(name_of(112, "%s%zu_junction_c", "asic", (size_t)0), "asic0_junction_c");
  EXPECT_EQ(name_of(112, "loop_%s_%s", "a", "supply_c"), "loop_a_supply_c");
  EXPECT_EQ(name_of(112, "n%d_%d_100%%", -2147483647 - 1, 0), "n-2147483648_0_100%");
  EXPECT_EQ(name_of(112, "big%zu", (size_t)18446744073709551615ull), "big18446744073709551615");
  EXPECT_EQ(name_of(8, "slot%zu_power_w", (size_t)123), "slot123");  // cut at n - 1
  EXPECT_EQ(name_of(1, "slot%zu", (size_t)1), "");
  EXPECT_EQ(name_of(112, "x%.2f_%s", 1.5, "y"), "x1.50_y");  // not ours: vsnprintf's
  EXPECT_EQ(name_of(112, "loop_%s", (const char *)nullptr), "loop_(null)");
}
