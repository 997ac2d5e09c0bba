// Coolant networks against closed forms and an independent solution.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "coolant.h"
#include "hydraulics.h"

namespace {

const double LPM = 1e-3 / 60;

TEST(Hydraulics, EqualBranchesOnIdealHeadersSplitEqually) {
  hyd_net_t n;
  hyd_init(&n, 2);
  hyd_add(&n, hyd_link_t{HYD_SOURCE, 0, 1, 0, 0, 0, 0, 0, 8 * LPM, 0});
  double k = coolant_branch_k(15e3, 0.5 * LPM);
  std::vector<int> br;
  for (int i = 0; i < 16; i++) br.push_back(hyd_add(&n, hyd_link_t{HYD_RES, 1, 0, k, 0, 0, 0, 0, 0, 0}));
  ASSERT_EQ(hyd_solve(&n), 0);
  for (int b : br) EXPECT_NEAR(n.links[b].q / LPM, 0.5, 1e-9);
  EXPECT_NEAR(n.p[1], 15e3, 1e-3);  // the rated drop at the rated flow
  hyd_free(&n);
}

TEST(Hydraulics, PumpOperatingPointIsTheCurvesIntersection) {
  const double a = 150e3, qmax = 40 * LPM, b = a / (qmax * qmax), ksys = coolant_branch_k(60e3, 20 * LPM);
  hyd_net_t n;
  hyd_init(&n, 2);
  hyd_add(&n, hyd_link_t{HYD_PUMP, 0, 1, 0, 0, a, b, 1, 0, 0});
  int r = hyd_add(&n, hyd_link_t{HYD_RES, 1, 0, ksys, 0, 0, 0, 0, 0, 0});
  ASSERT_EQ(hyd_solve(&n), 0);
  double q = std::sqrt(a / (b + ksys));  // a - b q^2 = k q^2: the closed form
  EXPECT_NEAR(n.links[r].q / q, 1, 1e-9);
  EXPECT_NEAR(n.p[1], a - b * q * q, 1e-3);
  hyd_free(&n);
}

// Affinity laws: at speed s the shut-off head scales with s^2, so on the
// same system the flow scales with s.
TEST(Hydraulics, PumpSpeedScalesFlowByTheAffinityLaws) {
  const double a = 100e3, b = a / (30 * LPM * 30 * LPM), k = coolant_branch_k(40e3, 15 * LPM);
  double q1 = 0, q2 = 0;
  for (double s : {1.0, 0.7}) {
    hyd_net_t n;
    hyd_init(&n, 2);
    hyd_add(&n, hyd_link_t{HYD_PUMP, 0, 1, 0, 0, a, b, s, 0, 0});
    int r = hyd_add(&n, hyd_link_t{HYD_RES, 1, 0, k, 0, 0, 0, 0, 0, 0});
    ASSERT_EQ(hyd_solve(&n), 0);
    (s == 1.0 ? q1 : q2) = n.links[r].q;
    hyd_free(&n);
  }
  EXPECT_NEAR(q2 / q1, 0.7, 1e-9);
}

// N+1 identical pumps in parallel: losing one moves the operating point to
// the intersection with the N-pump curve dP = a - b (Q/N)^2.
TEST(Hydraulics, OnePumpOfThreeFails) {
  const double a = 120e3, b = a / (20 * LPM * 20 * LPM), k = coolant_branch_k(50e3, 30 * LPM);
  for (int failed = 0; failed <= 1; failed++) {
    hyd_net_t n;
    hyd_init(&n, 2);
    int p[3];
    for (int i = 0; i < 3; i++) p[i] = hyd_add(&n, hyd_link_t{HYD_PUMP, 0, 1, 0, 0, a, b, 1, 0, 0});
    n.links[p[0]].closed = failed;
    int r = hyd_add(&n, hyd_link_t{HYD_RES, 1, 0, k, 0, 0, 0, 0, 0, 0});
    ASSERT_EQ(hyd_solve(&n), 0);
    int running = 3 - failed;
    double q = std::sqrt(a / (b / (running * running) + k));
    EXPECT_NEAR(n.links[r].q / q, 1, 1e-9) << failed;
    EXPECT_DOUBLE_EQ(n.links[p[0]].q, failed ? 0.0 : n.links[p[1]].q);
    hyd_free(&n);
  }
}

// A direct-return (U) ladder of m branches, solved here by shooting: guess
// the last branch's flow x, walk back to the inlet accumulating header drops,
// bisect on x until the branch flows add up to the total. Newton on the
// network must agree, and the first branch must get the most flow.
std::vector<double> shoot_direct_return(int m, double kb, double ks, double total) {
  auto walk = [&](double x, std::vector<double> &q) {
    q.assign(m, 0);
    q[m - 1] = x;
    double dp = kb * x * x, down = x;  // flow in the segment beyond branch i
    for (int i = m - 2; i >= 0; i--) {
      dp += 2 * ks * down * down;  // supply and return segments between i and i+1
      q[i] = std::sqrt(dp / kb);
      down += q[i];
    }
    return down;  // the total this guess implies
  };
  double lo = 0, hi = total;
  std::vector<double> q;
  for (int it = 0; it < 200; it++) {
    double mid = 0.5 * (lo + hi);
    (walk(mid, q) > total ? hi : lo) = mid;
  }
  walk(0.5 * (lo + hi), q);
  return q;
}

TEST(Hydraulics, DirectReturnManifoldMatchesAShootingSolution) {
  const int m = 8;
  const double kb = coolant_branch_k(15e3, 1.0 * LPM), ks = coolant_branch_k(2e3, 8 * LPM), total = 8 * LPM;
  hyd_net_t n;
  hyd_init(&n, hyd_manifold_nodes(m));
  hyd_add(&n, hyd_link_t{HYD_SOURCE, 0, 1, 0, 0, 0, 0, 0, total, 0});
  hyd_manifold(&n, m, HYD_DIRECT_RETURN, 1.0, ks);
  int br[m];
  for (int i = 0; i < m; i++)
    br[i] = hyd_add(&n, hyd_link_t{HYD_RES, hyd_supply_tap(i), hyd_return_tap(m, i), kb, 0, 0, 0, 0, 0, 0});
  ASSERT_EQ(hyd_solve(&n), 0);
  std::vector<double> want = shoot_direct_return(m, kb, ks, total);
  for (int i = 0; i < m; i++) EXPECT_NEAR(n.links[br[i]].q / want[i], 1, 1e-6) << "branch " << i;
  EXPECT_GT(want[0], 1.1 * want[m - 1]);  // maldistribution shows
  hyd_free(&n);
}

// Reverse return (Z), solved by forward shooting: guess the first branch's
// flow x; across branch i+1 the drop is that across i, less the supply
// segment (carrying Q - c_i), plus the return segment (carrying c_i), c_i the
// flow of branches 0..i. Bisect on x until the flows add up to Q. With equal
// header segments the flow dips in the middle instead of falling from the
// inlet as in direct return.
TEST(Hydraulics, ReverseReturnManifoldMatchesAShootingSolution) {
  const int m = 8;
  const double kb = coolant_branch_k(15e3, 1.0 * LPM), ks = coolant_branch_k(2e3, 8 * LPM), total = 8 * LPM;
  auto walk = [&](double x, std::vector<double> &q) {
    q.assign(m, 0);
    q[0] = x;
    double dp = kb * x * x, c = x;
    for (int i = 0; i + 1 < m; i++) {
      dp += -ks * (total - c) * (total - c) + ks * c * c;
      q[i + 1] = dp > 0 ? std::sqrt(dp / kb) : 0;
      c += q[i + 1];
    }
    return c;
  };
  double lo = 0, hi = total;
  std::vector<double> want;
  for (int it = 0; it < 200; it++) {
    double mid = 0.5 * (lo + hi);
    (walk(mid, want) > total ? hi : lo) = mid;
  }
  walk(0.5 * (lo + hi), want);
  hyd_net_t n;
  hyd_init(&n, hyd_manifold_nodes(m));
  hyd_add(&n, hyd_link_t{HYD_SOURCE, 0, 1, 0, 0, 0, 0, 0, total, 0});
  hyd_manifold(&n, m, HYD_REVERSE_RETURN, 1.0, ks);
  int br[m];
  for (int i = 0; i < m; i++)
    br[i] = hyd_add(&n, hyd_link_t{HYD_RES, hyd_supply_tap(i), hyd_return_tap(m, i), kb, 0, 0, 0, 0, 0, 0});
  ASSERT_EQ(hyd_solve(&n), 0);
  for (int i = 0; i < m; i++) EXPECT_NEAR(n.links[br[i]].q / want[i], 1, 1e-6) << "branch " << i;
  EXPECT_LT(want[m / 2], want[0]);
  EXPECT_LT(want[m / 2], want[m - 1]);
  hyd_free(&n);
}

TEST(Hydraulics, ALeakTakesFlowFromTheBranchesDownstream) {
  const int m = 4;
  const double kb = coolant_branch_k(15e3, 1.0 * LPM), ks = coolant_branch_k(1e3, 4 * LPM);
  const double a = 80e3, b = a / (10 * LPM * 10 * LPM);
  double before[m], after[m];
  for (int leak = 0; leak <= 1; leak++) {
    hyd_net_t n;
    hyd_init(&n, hyd_manifold_nodes(m));
    hyd_add(&n, hyd_link_t{HYD_PUMP, 0, 1, 0, 0, a, b, 1, 0, 0});
    hyd_manifold(&n, m, HYD_REVERSE_RETURN, 1.0, ks);
    int br[m];
    for (int i = 0; i < m; i++)
      br[i] = hyd_add(&n, hyd_link_t{HYD_RES, hyd_supply_tap(i), hyd_return_tap(m, i), kb, 0, 0, 0, 0, 0, 0});
    if (leak) hyd_add(&n, hyd_link_t{HYD_RES, hyd_supply_tap(1), 0, coolant_branch_k(20e3, 2 * LPM), 0, 0, 0, 0, 0, 0});
    ASSERT_EQ(hyd_solve(&n), 0);
    for (int i = 0; i < m; i++) (leak ? after : before)[i] = n.links[br[i]].q;
    hyd_free(&n);
  }
  for (int i = 0; i < m; i++) EXPECT_LT(after[i], before[i]) << i;
}

}  // namespace
