// Lanes, FEC and links against closed forms computed here, independently.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "fec.h"
#include "host.h"
#include "lane.h"
#include "link.h"
#include "optics.h"
#include "rng.h"

namespace {

double q_tail(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }

// log C(n, k)
double lchoose(int n, int k) { return std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0); }

double binom_pmf(int n, int k, double p) {
  return std::exp(lchoose(n, k) + k * std::log(p) + (n - k) * std::log1p(-p));
}

double binom_tail(int n, int t, double p) {  // P(X > t), summed upward (no cancellation)
  double s = 0;
  for (int k = t + 1; k <= n; k++) s += binom_pmf(n, k, p);
  return s;
}

// A host channel's route and loss worked by hand: 8 columns at 60.8 mm,
// two ASICs; the slot at column 7, row 1 is 3.5 pitches from the panel's
// centre (212.8 mm), its ASIC (the second) sits at a quarter span right of
// it, and the route runs back 0.15 m plus 0.02 m for the second row.
TEST(HostChannel, RouteAndLossByHand) {
  cage_cfg_t cage{};
  cage.rows = 2;
  cage.cols = 8;
  cage.module_width_m = cage.col_pitch_m = 0.0608;
  host_cfg_t h{};
  h.routing = HOST_PCB;
  h.asic_depth_m = 0.15;
  h.row_length_m = 0.02;
  h.pcb_loss_db_per_m = 31.5;
  h.flyover_loss_db_per_m = 6;
  h.connector_loss_db = 1;
  h.connectors = 1;
  h.fixed_loss_db = 5;
  h.ref_hz = 53.125e9;
  h.loss_exponent = 1;
  const double span = 8 * 0.0608, x_slot = 7 * 0.0608 + 0.0304 - span / 2, x_asic = 0.25 * span;
  const double route = 0.15 + std::fabs(x_slot - x_asic) + 0.02;
  EXPECT_NEAR(host_route_m(&h, &cage, 2, 1, 1, 7), route, 1e-12);
  EXPECT_NEAR(route, 0.15 + 0.0912 + 0.02, 1e-12);  // 1.5 pitches from its ASIC
  const double at_ref = route * 31.5 + 1 + 5;
  EXPECT_NEAR(host_loss_db(&h, route, 53.125e9), at_ref, 1e-9);
  // a 448G PAM-4 lane's Nyquist is twice the 224G one: twice the loss
  EXPECT_NEAR(host_loss_db(&h, route, 106.25e9), 2 * at_ref, 1e-9);
  // conductor loss alone (sqrt f) would give sqrt(2) times
  h.loss_exponent = 0.5;
  EXPECT_NEAR(host_loss_db(&h, route, 106.25e9), std::sqrt(2.0) * at_ref, 1e-9);
  h.loss_exponent = 1;
  h.routing = HOST_FLYOVER;
  EXPECT_NEAR(host_loss_db(&h, route, 53.125e9), route * 6 + 6, 1e-9);
  // the slot in front of its ASIC, top row: the shortest route
  EXPECT_NEAR(host_route_m(&h, &cage, 2, 0, 0, 1), 0.15 + std::fabs(1 * 0.0608 + 0.0304 - span / 2 + 0.25 * span),
              1e-12);
}

// The FEC limit's SNR: for PAM-4 without the inner code, BER = SER / 2 =
// 3/4 Q(sqrt(snr / 5)); at KP4's 2.4e-4, Q(x) = 3.2e-4 solved here by
// bisection on this file's own Q. With the inner code the limit falls: the
// Hamming decoder takes errors off.
TEST(HostChannel, SnrAtTheFecLimit) {
  lane_cfg_t c{};
  lane_defaults(LANE_224G, &c);
  double lo = 0, hi = 10;
  while (hi - lo > 1e-13) (q_tail((lo + hi) / 2) > 2.4e-4 / 0.75 ? lo : hi) = (lo + hi) / 2;
  double snr_db = 10 * std::log10(5 * lo * lo);
  EXPECT_NEAR(fec_snr_for_ber(&c.fec, 2.4e-4), snr_db, 1e-6);
  EXPECT_NEAR(fec_line_ber(&c.fec, snr_db), 2.4e-4, 1e-9);
  c.fec.inner = 1;
  EXPECT_LT(fec_snr_for_ber(&c.fec, 2.4e-4), snr_db - 1);
}

// A lane's Nyquist frequency is half its symbol rate: 53.125 GHz for the
// 224G class.
TEST(HostChannel, NyquistOfTheLaneClasses) {
  lane_cfg_t c{};
  lane_defaults(LANE_224G, &c);
  EXPECT_NEAR(lane_nyquist_hz(&c), 53.125e9, 1e3);
  lane_defaults(LANE_448G, &c);
  EXPECT_NEAR(lane_nyquist_hz(&c) / 53.125e9, 2.0, 1e-9);
}

TEST(LaneRates, DerivedFromParametersFor224G) {
  lane_cfg_t c;
  lane_defaults(LANE_224G, &c);
  EXPECT_NEAR(lane_electrical_bps(&c), 212.5e9, 1);
  EXPECT_NEAR(lane_baud(&c), 106.25e9, 1);
  EXPECT_EQ(lane_codeword_ps(&c), 25600u);  // 5440 bits at 212.5 Gb/s
  c.fec.inner = 1;                          // Hamming(128,120) + 5 pad bits per codeword
  EXPECT_NEAR(lane_line_bps(&c), 226.875e9, 1);
  EXPECT_NEAR(lane_baud(&c), 113.4375e9, 1);
  EXPECT_EQ(lane_codeword_ps(&c), 25600u);  // the codeword time does not change
}

TEST(LaneRates, DerivedFromParametersFor448G) {
  lane_cfg_t c;
  lane_defaults(LANE_448G, &c);
  EXPECT_NEAR(lane_electrical_bps(&c), 425e9, 1);
  EXPECT_NEAR(lane_baud(&c), 212.5e9, 1);  // PAM-4
  EXPECT_EQ(lane_codeword_ps(&c), 12800u);
  c.fec.levels = 6;
  EXPECT_NEAR(lane_baud(&c), 425e9 / std::log2(6.0), 1);
  c.fec.levels = 8;
  EXPECT_NEAR(lane_baud(&c), 425e9 / 3, 1);
}

TEST(Fec, SymbolErrorRateOfPamM) {
  for (int M : {4, 6, 8})
    for (double snr_db : {14.0, 17.0, 20.0, 23.0}) {
      double snr = std::pow(10, snr_db / 10);
      double want = 2 * (1 - 1.0 / M) * q_tail(std::sqrt(3 * snr / (M * M - 1.0)));
      EXPECT_NEAR(fec_ser(M, snr_db) / want, 1.0, 1e-12);
      EXPECT_NEAR(fec_ber(M, snr_db), want / std::log2((double)M), 1e-12 * want);
    }
  // PAM-4 at BER 2.4e-4 (KP4's limit) needs about 17.65 dB.
  EXPECT_NEAR(fec_ber(4, 17.65), 2.4e-4, 0.1e-4);
}

// Random errors: the codeword distribution is binomial over 544 RS symbols,
// each in error with 1 - (1 - SER)^5 (five PAM-4 symbols per 10-bit symbol).
TEST(Fec, RandomErrorsGiveTheBinomialTail) {
  fec_cfg_t c{4, 544, 514, 10, 0.0, 0, 128, 120};
  for (double ber : {1e-5, 3e-5, 1e-4, 3e-4, 1e-3}) {
    double ser = 2 * ber, ps = 1 - std::pow(1 - ser, 5);
    fec_dist_t d;
    fec_codeword_dist(&c, ser, &d);
    EXPECT_EQ(d.t, 15);
    double tail = binom_tail(544, 15, ps);
    EXPECT_NEAR(d.p_fail / tail, 1.0, 1e-9) << "BER " << ber;
    for (int k = 0; k <= 15; k++) EXPECT_NEAR(d.p[k], binom_pmf(544, k, ps), 1e-12 + 1e-9 * d.p[k]);
    double mean = 0;
    for (int k = 0; k <= 15; k++) mean += k * binom_pmf(544, k, ps);
    EXPECT_NEAR(d.mean_corrected / mean, 1.0, 1e-9);
  }
}

// Bursts: the long-run SER is kept; the mean number of RS symbols hit has a
// closed form under the two-state chain: 544 * (1 - (1 - s)(1 - a)^4).
TEST(Fec, BurstChainKeepsTheSerAndHitsFewerSymbols) {
  fec_cfg_t r{4, 544, 514, 10, 0.0, 0, 128, 120}, b = r;
  b.burst = 0.6;
  const double s = 1e-4, a = s * (1 - 0.6) / (1 - s);
  fec_dist_t dr, db;
  fec_codeword_dist(&r, s, &dr);
  fec_codeword_dist(&b, s, &db);
  EXPECT_NEAR(dr.ber, db.ber, 1e-18);
  EXPECT_NEAR(db.mean_corrected / (544 * (1 - (1 - s) * std::pow(1 - a, 4))), 1.0, 1e-9);
  EXPECT_LT(db.mean_corrected, dr.mean_corrected);
  double sum = 0;
  for (int k = 0; k <= 16; k++) sum += db.p[k];
  EXPECT_NEAR(sum, 1.0, 1e-12);
}

// The dynamic programme against a direct simulation of the PAM-level chain.
TEST(Fec, BurstDistributionMatchesAMonteCarloOfTheChain) {
  fec_cfg_t b{4, 544, 514, 10, 0.6, 0, 128, 120};
  const double s = 4e-3, a = s * (1 - 0.6) / (1 - s);
  fec_dist_t d;
  fec_codeword_dist(&b, s, &d);
  rng_t r;
  rng_init(&r, 7, "test.chain");
  const int N = 20000;
  std::vector<int> hist(17, 0);
  int state = rng_uniform(&r) < s;
  for (int cw = 0; cw < N; cw++) {
    int hit = 0;
    for (int sym = 0; sym < 544; sym++) {
      int any = 0;
      for (int i = 0; i < 5; i++) {
        state = rng_uniform(&r) < (state ? 0.6 : a);
        any |= state;
      }
      hit += any;
    }
    hist[hit > 15 ? 16 : hit]++;
  }
  for (int k = 0; k <= 16; k++) {
    double sd = std::sqrt(N * d.p[k] * (1 - d.p[k]));
    EXPECT_NEAR(hist[k], N * d.p[k], 5 * sd + 2) << "k = " << k;
  }
}

// The codeword distribution with bursts, deep into the tail, against a
// dynamic programme written here over single PAM symbols (the model works on
// whole RS symbols and squares matrices).
std::vector<double> pam_level_dist(int n_rs, int t, int per_rs, double s, double b) {
  const double a = s * (1 - b) / (1 - s);
  // w[k][state][hit]: k RS symbols in error so far, chain state, current RS symbol hit yet
  std::vector<double> w(2 * 2 * (t + 2), 0.0), nw;
  auto at = [&](std::vector<double> &v, int k, int st, int hit) -> double & { return v[(k * 2 + st) * 2 + hit]; };
  at(w, 0, 0, 0) = 1 - s;
  at(w, 0, 1, 0) = s;
  for (int sym = 0; sym < n_rs; sym++) {
    for (int i = 0; i < per_rs; i++) {
      nw.assign(w.size(), 0.0);
      for (int k = 0; k <= t + 1; k++)
        for (int st = 0; st < 2; st++)
          for (int hit = 0; hit < 2; hit++) {
            double pe = st ? b : a, x = at(w, k, st, hit);
            at(nw, k, 0, hit) += x * (1 - pe);
            at(nw, k, 1, 1) += x * pe;
          }
      w.swap(nw);
    }
    nw.assign(w.size(), 0.0);  // close the RS symbol: count it if hit
    for (int k = 0; k <= t + 1; k++)
      for (int st = 0; st < 2; st++) {
        at(nw, k, st, 0) += at(w, k, st, 0);
        at(nw, std::min(k + 1, t + 1), st, 0) += at(w, k, st, 1);
      }
    w.swap(nw);
  }
  std::vector<double> p(t + 2, 0.0);
  for (int k = 0; k <= t + 1; k++) p[k] = at(w, k, 0, 0) + at(w, k, 1, 0);
  return p;
}

TEST(Fec, BurstTailMatchesAPamLevelProgramme) {
  struct Case {
    fec_cfg_t c;
    double ser;
  } cases[] = {
      {{4, 544, 514, 10, 0.6, 0, 128, 120}, 1e-3},
      {{4, 544, 514, 10, 0.6, 0, 128, 120}, 1e-5},  // p_fail ~ 1e-40: relative precision kept
      {{4, 544, 514, 10, 0.9, 0, 128, 120}, 3e-4},
      {{6, 544, 514, 10, 0.3, 0, 128, 120}, 2e-4},  // PAM-6: 4 PAM symbols per RS symbol
      {{8, 360, 330, 10, 0.5, 0, 128, 120}, 1e-3},  // another code length, PAM-8
      // t of 1, 2, 3 and the largest: the model adds a few rows of the
      // convolution at a time, and these leave one, two, three or none over
      {{4, 20, 18, 10, 0.6, 0, 128, 120}, 3e-3},
      {{4, 40, 36, 10, 0.4, 0, 128, 120}, 3e-3},
      {{4, 60, 54, 10, 0.7, 0, 128, 120}, 3e-3},
      {{4, 544, 544 - 2 * FEC_T_MAX, 10, 0.6, 0, 128, 120}, 1e-2},
  };
  for (const Case &k : cases) {
    fec_dist_t d;
    fec_codeword_dist(&k.c, k.ser, &d);
    int t = (k.c.rs_n - k.c.rs_k) / 2;
    auto want = pam_level_dist(k.c.rs_n, t, fec_pam_per_rs_symbol(&k.c), k.ser, k.c.burst);
    ASSERT_EQ(d.t, t);
    for (int j = 0; j <= t + 1; j++)
      EXPECT_NEAR(d.p[j] / want[j], 1.0, 1e-9) << "M " << k.c.levels << " SER " << k.ser << " k " << j;
    EXPECT_GT(d.p_fail, 0.0);
  }
}

TEST(Fec, InnerHammingCodeBerIsTheMiscorrectionSum) {
  for (double p : {1e-4, 1e-3, 5e-3}) {
    double want = 0;
    for (int j = 2; j <= 128; j++) want += std::min(j + 1, 128) / 128.0 * binom_pmf(128, j, p);
    EXPECT_NEAR(fec_inner_ber(128, p) / want, 1.0, 1e-9);
  }
  EXPECT_LT(fec_inner_ber(128, 1e-4), 1e-4 / 30);  // a strong gain at low BER (x53 here)
}

// The optical line and the budgets by kind, against closed forms: OMA
// arithmetic, noise powers adding on a linear path, bit errors adding
// across a retimer, and each kind taking its worse direction.
TEST(LinkBudget, LineAndDirectionsByKind) {
  line_cfg_t c;
  line_defaults(MODULE_DSP, &c);
  EXPECT_EQ(c.retiming, RETIME_FULL);
  EXPECT_NEAR(line_rx_oma_dbm(&c), 1.5 - 0.25 - 2.75, 1e-12);
  fec_cfg_t f = {4, 544, 514, 10, 0, 0, 128, 120};
  double at_sens = fec_snr_for_ber(&f, 2.4e-4);
  // 2 dB of SNR per dB of light above the sensitivity, with the ceiling's noise added
  double rx = at_sens + 2 * 2.9;
  EXPECT_NEAR(line_snr_db(&c, &f), -10 * std::log10(std::pow(10, -rx / 10) + std::pow(10, -3.0)), 1e-9);
  EXPECT_NEAR(snr_cascade_db(20, 20), 20 - 10 * std::log10(2.0), 1e-12);  // equal noises: 3 dB down
  double a = 18, b = 19,
         ber = 0.75 * q_tail(std::sqrt(std::pow(10, 1.8) / 5)) + 0.75 * q_tail(std::sqrt(std::pow(10, 1.9) / 5));
  double r = snr_retimed_db(&f, a, b);
  EXPECT_NEAR(0.75 * q_tail(std::sqrt(std::pow(10, r / 10) / 5)), ber, 1e-9 * ber);
  EXPECT_LT(r, a);
  EXPECT_EQ(snr_retimed_db(&f, a, 200), a);  // an error-free segment changes nothing
  // host 22 dB, line 21 dB, 0.5 dB of SNR per dB of loss; tx 3 dB, rx 2 dB of linear path
  double host = 22, line = 21, ret = snr_retimed_db(&f, host, line);
  double tx_lin = snr_cascade_db(22 - 1.5, 21), rx_lin = snr_cascade_db(22 - 1, 21);
  c.retiming = RETIME_FULL;
  EXPECT_EQ(line_lane_snr_db(&c, host, 0.5, line, ret), ret);
  c.retiming = RETIME_TRANSMIT;
  EXPECT_NEAR(line_lane_snr_db(&c, host, 0.5, line, ret), std::min(ret, rx_lin), 1e-12);
  c.retiming = RETIME_NONE;
  EXPECT_NEAR(line_lane_snr_db(&c, host, 0.5, line, ret), tx_lin, 1e-12);
  EXPECT_LT(tx_lin, rx_lin);
  line_defaults(MODULE_LPO, &c);
  EXPECT_EQ(c.retiming, RETIME_NONE);
  EXPECT_EQ(c.host_serdes_extra_w, 0.25);
}

// The inner code, hard and soft: the hard decoder leaves (j + 1)/n of a
// block with j >= 2 errors, so KP4's 2.4e-4 after it needs a line BER near
// 1.2e-3; the soft decoder is anchored at its design point (4.85e-3 in,
// 2.4e-4 out) and falls as the cube below it, so training (on the BER the
// RS decoder sees) passes up to a line BER of 4.85e-3.
TEST(InnerCode, SoftDecisionTrainsUpToItsDesignPoint) {
  lane_cfg_t c;
  lane_defaults(LANE_224G, &c);
  fec_cfg_t hard = c.fec, soft = c.fec;
  hard.inner = FEC_INNER_HARD;
  soft.inner = FEC_INNER_SOFT;
  EXPECT_NEAR(fec_inner_out_ber(&soft, 4.85e-3), 2.4e-4, 1e-18);
  EXPECT_NEAR(fec_inner_out_ber(&soft, 4.85e-4), 2.4e-4 * 1e-3, 1e-18);
  EXPECT_EQ(fec_inner_out_ber(&soft, 0.2), 0.2);  // never worse than its input
  // the line BER at which each leaves 2.4e-4, by bisection on the decoder alone
  auto limit = [](const fec_cfg_t *f) {
    double lo = 1e-6, hi = 0.1;
    for (int i = 0; i < 200; i++) (fec_inner_out_ber(f, std::sqrt(lo * hi)) > 2.4e-4 ? hi : lo) = std::sqrt(lo * hi);
    return lo;
  };
  EXPECT_NEAR(limit(&soft), 4.85e-3, 1e-9);
  EXPECT_NEAR(limit(&hard), 1.2e-3, 0.1e-3);  // sum_j (j+1)/128 C(128, j) p^j (1-p)^(128-j) = 2.4e-4
  // through the lane: the SNR where training passes is lower with the soft decoder
  double at_soft = fec_snr_for_ber(&soft, 2.4e-4), at_hard = fec_snr_for_ber(&hard, 2.4e-4);
  EXPECT_NEAR(fec_ber(4, at_soft), 4.85e-3, 1e-9);
  EXPECT_GT(at_hard - at_soft, 1.0);  // about 1.8 dB of coding gain on PAM-4
}

TEST(Link, DegradesAfterEnoughUncorrectablesInTheWindow) {
  link_cfg_t c{2 * SIM_S, 5 * SIM_S, 10 * SIM_MS, 100 * SIM_MS, 3, 2.4e-4};
  sim_time_t ring[LINK_MAX_UCW];
  link_t l{};
  l.ring = ring;
  link_init_up(&l);
  EXPECT_FALSE(link_on_ucw(&l, &c, 1 * SIM_MS));
  EXPECT_FALSE(link_on_ucw(&l, &c, 12 * SIM_MS));  // the first has left the window
  EXPECT_FALSE(link_on_ucw(&l, &c, 13 * SIM_MS));
  EXPECT_TRUE(link_on_ucw(&l, &c, 14 * SIM_MS));  // three within 10 ms
  EXPECT_EQ(l.st, LINK_DEGRADED);
  EXPECT_EQ(l.timer, 114 * SIM_MS);
  // Still failing when the hold is over: a flap into retraining.
  link_on_ucw(&l, &c, 110 * SIM_MS);
  link_on_ucw(&l, &c, 111 * SIM_MS);
  link_on_ucw(&l, &c, 112 * SIM_MS);
  EXPECT_TRUE(link_on_timer(&l, &c, 114 * SIM_MS, 1e-3));
  EXPECT_EQ(l.st, LINK_RETRAINING);
  EXPECT_EQ(l.flaps, 1u);
  EXPECT_EQ(l.timer, 114 * SIM_MS + 5 * SIM_S);
  // Retraining at a bad BER repeats; at a good one the link comes up.
  EXPECT_FALSE(link_on_timer(&l, &c, l.timer, 1e-3));
  EXPECT_EQ(l.st, LINK_RETRAINING);
  EXPECT_TRUE(link_on_timer(&l, &c, l.timer, 1e-5));
  EXPECT_EQ(l.st, LINK_UP);
  EXPECT_FALSE(link_carries(&l) == 0);
}

TEST(Link, RecoversWhenTheWindowClearsDuringTheHold) {
  link_cfg_t c{2 * SIM_S, 5 * SIM_S, 10 * SIM_MS, 100 * SIM_MS, 2, 2.4e-4};
  sim_time_t ring[LINK_MAX_UCW];
  link_t l{};
  l.ring = ring;
  link_init_up(&l);
  link_on_ucw(&l, &c, 0);
  link_on_ucw(&l, &c, 1);
  ASSERT_EQ(l.st, LINK_DEGRADED);
  EXPECT_TRUE(link_carries(&l));
  EXPECT_TRUE(link_on_timer(&l, &c, 100 * SIM_MS + 1, 1e-5));
  EXPECT_EQ(l.st, LINK_UP);
  EXPECT_EQ(l.flaps, 0u);
  link_set_down(&l);
  EXPECT_FALSE(link_carries(&l));
  link_start_training(&l, &c, 7 * SIM_S);
  EXPECT_EQ(l.timer, 9 * SIM_S);  // training takes exactly its duration
}

TEST(Rng, StreamsAreSeparateReproducibleAndUniform) {
  rng_t a, b, c;
  rng_init(&a, 42, "slot[0].lane[0].errors");
  rng_init(&b, 42, "slot[0].lane[0].errors");
  rng_init(&c, 42, "slot[0].lane[1].errors");
  EXPECT_EQ(rng_u64(&a), rng_u64(&b));
  EXPECT_NE(rng_u64(&a), rng_u64(&c));
  double sum = 0, sum2 = 0;
  const int N = 200000;
  for (int i = 0; i < N; i++) {
    double x = rng_exp(&a);
    sum += x;
    sum2 += x * x;
  }
  // Exp(1): mean 1, variance 1; the mean's standard error is 1/sqrt(N).
  EXPECT_NEAR(sum / N, 1.0, 5 / std::sqrt((double)N));
  EXPECT_NEAR(sum2 / N - (sum / N) * (sum / N), 1.0, 0.03);
  double ps = 0;
  for (int i = 0; i < N; i++) ps += (double)rng_poisson(&b, 3.5);
  EXPECT_NEAR(ps / N, 3.5, 5 * std::sqrt(3.5 / N));
}

}  // namespace
