// Kernel: ordering, tie-breaking, cycle skipping, signals, and the same
// trace of activations on both backends.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "kernel/sim.h"

namespace {

struct Log {
  sim_t *sim;
  std::vector<std::string> lines;
  void add(const std::string &who) { lines.push_back(std::to_string(sim_now(sim)) + " " + who); }
};

struct Actor {
  Log *log;
  std::string name;
  sim_proc_t *p = nullptr;
  std::vector<sim_time_t> plan;  // times to wake next, consumed in order
  size_t k = 0;
};

void actor_fn(sim_t *, void *ctx) {
  auto *a = static_cast<Actor *>(ctx);
  a->log->add(a->name);
  if (a->k < a->plan.size()) sim_wake_at(a->p, a->plan[a->k++]);
}

class Kernel : public ::testing::TestWithParam<sim_kernel_t> {
 protected:
  void SetUp() override {
    const char *why = nullptr;
    sim = sim_new(GetParam(), &why);
    ASSERT_NE(sim, nullptr) << why;
    log.sim = sim;
  }
  void TearDown() override { sim_free(sim); }
  sim_t *sim = nullptr;
  Log log;
};

TEST_P(Kernel, TiesBreakByPriorityThenRequestOrder) {
  Actor a{&log, "a"}, b{&log, "b"}, c{&log, "c"};
  a.p = sim_process(sim, "a", 0, actor_fn, &a);
  b.p = sim_process(sim, "b", 0, actor_fn, &b);
  c.p = sim_process(sim, "c", -1, actor_fn, &c);
  sim_wake_at(b.p, 100);  // requested before a: runs before a at the same time
  sim_wake_at(a.p, 100);
  sim_wake_at(c.p, 100);  // lower priority value: runs first
  ASSERT_EQ(sim_run_until(sim, 1000), 0);
  std::vector<std::string> want{"100 c", "100 b", "100 a"};
  EXPECT_EQ(log.lines, want);
  EXPECT_EQ(sim_now(sim), 1000u);
  EXPECT_EQ(sim_activations(sim), 3u);
}

TEST_P(Kernel, EarlierWakeReplacesLaterAndLaterIsIgnored) {
  Actor a{&log, "a"};
  a.p = sim_process(sim, "a", 0, actor_fn, &a);
  sim_wake_at(a.p, 500);
  sim_wake_at(a.p, 200);  // replaces 500
  sim_wake_at(a.p, 900);  // ignored: 200 stands
  sim_time_t w = 0;
  ASSERT_TRUE(sim_pending(a.p, &w));
  EXPECT_EQ(w, 200u);
  sim_run_until(sim, 10000);
  std::vector<std::string> want{"200 a"};
  EXPECT_EQ(log.lines, want);
  EXPECT_FALSE(sim_pending(a.p, nullptr));
}

TEST_P(Kernel, RunUntilIncludesTheEndTimeAndResumes) {
  Actor a{&log, "a"};
  a.p = sim_process(sim, "a", 0, actor_fn, &a);
  a.plan = {2000, 3000};
  sim_wake_at(a.p, 1000);
  sim_run_until(sim, 2000);
  EXPECT_EQ(log.lines.size(), 2u);  // 1000 and 2000 (end time is included)
  EXPECT_EQ(sim_now(sim), 2000u);
  sim_run_until(sim, 5000);
  std::vector<std::string> want{"1000 a", "2000 a", "3000 a"};
  EXPECT_EQ(log.lines, want);
}

TEST_P(Kernel, CyclesNobodyAskedForAreSkipped) {
  // A 1 ps domain over 1 s has 10^12 cycles; three wake-ups cost three activations.
  sim_domain_t *d = sim_domain(sim, "fast", 1);
  Actor a{&log, "a"};
  a.p = sim_process(sim, "a", 0, actor_fn, &a);
  a.plan = {sim_time_t(500000000000ull), SIM_S};
  sim_wake_cycle(a.p, d, 7);
  sim_run_until(sim, SIM_S);
  EXPECT_EQ(sim_activations(sim), 3u);
  EXPECT_EQ(sim_cycle_after(d, 7), 8u);
  sim_domain_t *ms = sim_domain(sim, "ms", SIM_MS);
  EXPECT_EQ(sim_cycle_after(ms, SIM_MS - 1), 1u);
  EXPECT_EQ(sim_cycle_after(ms, SIM_MS), 2u);
}

struct Writer {
  sim_signal_t *sig;
  std::vector<double> values;
  size_t k = 0;
  sim_proc_t *p;
};
void writer_fn(sim_t *, void *ctx) {
  auto *w = static_cast<Writer *>(ctx);
  sim_write(w->sig, w->values[w->k++]);
  if (w->k < w->values.size()) sim_wake_after(w->p, 10);
}
struct Reader {
  Log *log;
  sim_signal_t *sig;
};
void reader_fn(sim_t *, void *ctx) {
  auto *r = static_cast<Reader *>(ctx);
  r->log->add("saw " + std::to_string((int)sim_read(r->sig)));
}

TEST_P(Kernel, SignalsWakeSubscribersOnlyOnChangeInTheNextDelta) {
  Writer w{sim_signal(sim, "s", 0.0), {1, 1, 2, 2, 2, 3}};
  w.p = sim_process(sim, "w", 0, writer_fn, &w);
  Reader r{&log, w.sig};
  sim_proc_t *rp = sim_process(sim, "r", 0, reader_fn, &r);
  sim_subscribe(w.sig, rp);
  sim_wake_at(w.p, 0);
  sim_run_until(sim, 1000);
  std::vector<std::string> want{"0 saw 1", "20 saw 2", "50 saw 3"};
  EXPECT_EQ(log.lines, want);
  // Each write is one delta; each change adds the reader's delta.
  EXPECT_EQ(sim_activations(sim), 6u + 3u);
}

struct Chain {
  Log *log;
  sim_proc_t *self, *next;
  std::string name;
};
void chain_fn(sim_t *s, void *ctx) {
  auto *c = static_cast<Chain *>(ctx);
  c->log->add(c->name);
  if (c->next) sim_wake_at(c->next, sim_now(s));
}

TEST_P(Kernel, ZeroDelayWakeRunsInTheNextDeltaAtTheSameTime) {
  Chain c3{&log, nullptr, nullptr, "c3"}, c2{&log, nullptr, nullptr, "c2"}, c1{&log, nullptr, nullptr, "c1"};
  c3.self = sim_process(sim, "c3", 0, chain_fn, &c3);
  c2.self = sim_process(sim, "c2", 0, chain_fn, &c2);
  c1.self = sim_process(sim, "c1", 0, chain_fn, &c1);
  c1.next = c2.self;
  c2.next = c3.self;
  sim_wake_at(c1.self, 40);
  uint64_t d0 = sim_deltas(sim);
  sim_run_until(sim, 100);
  std::vector<std::string> want{"40 c1", "40 c2", "40 c3"};
  EXPECT_EQ(log.lines, want);
  EXPECT_EQ(sim_deltas(sim) - d0, 3u);
}

TEST_P(Kernel, CancelRemovesAPendingWake) {
  Actor a{&log, "a"}, b{&log, "b"};
  a.p = sim_process(sim, "a", 0, actor_fn, &a);
  b.p = sim_process(sim, "b", 0, actor_fn, &b);
  sim_wake_at(a.p, 10);
  sim_wake_at(b.p, 20);
  sim_cancel(a.p);
  sim_run_until(sim, 100);
  std::vector<std::string> want{"20 b"};
  EXPECT_EQ(log.lines, want);
}

// Many actors with pseudo-random periods: the exact activation trace must be
// the same on both backends (checked against a trace built the native way).
struct Many {
  Log *log;
  sim_proc_t *p;
  uint64_t state;
  int id;
};
void many_fn(sim_t *s, void *ctx) {
  auto *m = static_cast<Many *>(ctx);
  m->log->add(std::to_string(m->id));
  m->state = m->state * 6364136223846793005ull + 1442695040888963407ull;
  sim_wake_after(m->p, 1 + (m->state >> 60));  // 1..16 ps: many ties
  (void)s;
}
std::vector<std::string> many_trace(sim_t *sim, Log &log) {
  std::vector<Many> ms(50);
  for (int i = 0; i < 50; i++) {
    ms[i] = Many{&log, nullptr, (uint64_t)i * 7919u, i};
    ms[i].p = sim_process(sim, ("m" + std::to_string(i)).c_str(), i % 3, many_fn, &ms[i]);
    sim_wake_at(ms[i].p, (sim_time_t)(i % 5));
  }
  sim_run_until(sim, 400);
  return log.lines;
}

TEST_P(Kernel, ManyActorsGiveTheReferenceTrace) {
  auto got = many_trace(sim, log);
  // Reference: an independent simulation of the rule in sim.h.
  struct St {
    sim_time_t when;
    uint64_t seq, state;
    int id, prio;
  };
  std::vector<St> st(50);
  uint64_t seq = 0;
  for (int i = 0; i < 50; i++) st[i] = St{(sim_time_t)(i % 5), ++seq, (uint64_t)i * 7919u, i, i % 3};
  std::vector<std::string> want;
  for (;;) {
    int best = -1;
    for (int i = 0; i < 50; i++) {
      if (best < 0) {
        best = i;
        continue;
      }
      const St &a = st[i], &b = st[best];
      if (a.when < b.when || (a.when == b.when && (a.prio < b.prio || (a.prio == b.prio && a.seq < b.seq)))) best = i;
    }
    if (st[best].when > 400) break;
    St &m = st[best];
    want.push_back(std::to_string(m.when) + " " + std::to_string(m.id));
    m.state = m.state * 6364136223846793005ull + 1442695040888963407ull;
    m.when += 1 + (m.state >> 60);
    m.seq = ++seq;
  }
  ASSERT_GT(want.size(), 1000u);
  EXPECT_EQ(got, want);
}

// Wake-ups from 1 ps to ~2^50 ps ahead (every level of the native timing
// wheel), cancels and earlier re-arms of other processes, and run_until ends
// that fall between pending wake-ups, against an independent simulation of
// the rule in sim.h that keeps explicit batches.
uint64_t lcg(uint64_t &x) {
  x = x * 6364136223846793005ull + 1442695040888963407ull;
  return x >> 11;
}
sim_time_t wide_delay(uint64_t &x) {
  uint64_t r = lcg(x);
  return 1 + (r >> (3 + r % 50));  // log-uniform-ish from 1 ps to 2^50 ps
}
struct Wide {
  Log *log;
  std::vector<Wide> *all;
  sim_proc_t *p;
  uint64_t state;
  int id;
};
void wide_fn(sim_t *s, void *ctx) {
  auto *w = static_cast<Wide *>(ctx);
  w->log->add(std::to_string(w->id));
  uint64_t r = lcg(w->state);
  Wide &other = (*w->all)[r % w->all->size()];
  if (r % 8 != 0) sim_wake_after(w->p, wide_delay(w->state));
  if (r % 7 == 0) sim_cancel(other.p);
  if (r % 4 == 1) sim_wake_after(other.p, wide_delay(w->state));
  (void)s;
}

TEST_P(Kernel, WideDelaysCancelsAndRearmsGiveTheReferenceTrace) {
  const int n = 40;
  const int prio[3] = {0, -1, 2};
  std::vector<Wide> ws(n);
  for (int i = 0; i < n; i++) {
    ws[i] = Wide{&log, &ws, nullptr, (uint64_t)i * 104729u + 1, i};
    ws[i].p = sim_process(sim, ("w" + std::to_string(i)).c_str(), prio[i % 3], wide_fn, &ws[i]);
  }
  // The reference: per process (armed, when, seq) and the rule of sim.h.
  struct St {
    bool armed = false;
    sim_time_t when = 0;
    uint64_t seq = 0, state = 0;
  };
  std::vector<St> st(n);
  for (int i = 0; i < n; i++) st[i].state = (uint64_t)i * 104729u + 1;
  uint64_t seq = 0;
  sim_time_t now = 0;
  auto ref_wake = [&](int i, sim_time_t t) {
    if (st[i].armed && st[i].when <= t) return;
    st[i] = St{true, t, ++seq, st[i].state};
  };
  std::vector<std::string> want;
  auto ref_run = [&](sim_time_t t_end) {
    for (;;) {
      sim_time_t t = UINT64_MAX;
      for (auto &x : st)
        if (x.armed && x.when < t) t = x.when;
      if (t == UINT64_MAX || t > t_end) break;
      now = t;
      std::vector<int> batch;
      for (int i = 0; i < n; i++)
        if (st[i].armed && st[i].when == t) batch.push_back(i);
      std::sort(batch.begin(), batch.end(), [&](int a, int b) {
        return prio[a % 3] != prio[b % 3] ? prio[a % 3] < prio[b % 3] : st[a].seq < st[b].seq;
      });
      for (int i : batch) st[i].armed = false;
      for (int i : batch) {
        want.push_back(std::to_string(now) + " " + std::to_string(i));
        uint64_t r = lcg(st[i].state);
        int o = (int)(r % n);
        if (r % 8 != 0) ref_wake(i, now + wide_delay(st[i].state));
        if (r % 7 == 0) st[o].armed = false;
        if (r % 4 == 1) ref_wake(o, now + wide_delay(st[i].state));
      }
    }
    now = t_end;
  };
  uint64_t outer = 99;
  for (int i = 0; i < n; i++) {
    sim_time_t t = wide_delay(outer);
    sim_wake_at(ws[i].p, t);
    ref_wake(i, t);
  }
  for (int chunk = 0; chunk < 300; chunk++) {
    sim_time_t t_end = now + wide_delay(outer);
    ASSERT_EQ(sim_run_until(sim, t_end), 0);
    ref_run(t_end);
    ASSERT_EQ(sim_now(sim), now);
    int i = (int)(lcg(outer) % n);  // from outside, between runs
    sim_time_t t = now + wide_delay(outer);
    sim_wake_at(ws[i].p, t);
    ref_wake(i, t);
  }
  ASSERT_GT(want.size(), 2000u);
  EXPECT_EQ(log.lines, want);
}

INSTANTIATE_TEST_SUITE_P(Backends, Kernel, ::testing::Values(SIM_NATIVE, SIM_SYSTEMC),
                         [](const ::testing::TestParamInfo<sim_kernel_t> &i) {
                           return std::string(sim_kernel_name(i.param));
                         });

TEST(KernelNames, ParseAndName) {
  sim_kernel_t k;
  EXPECT_EQ(sim_kernel_parse("systemc", &k), 0);
  EXPECT_EQ(k, SIM_SYSTEMC);
  EXPECT_EQ(sim_kernel_parse("native", &k), 0);
  EXPECT_EQ(k, SIM_NATIVE);
  EXPECT_NE(sim_kernel_parse("gem5", &k), 0);
}

}  // namespace
