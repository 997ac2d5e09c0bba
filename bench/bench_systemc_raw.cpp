// bench_systemc_raw.cpp: the kernel microbenchmark's workload written in
// SystemC's own fastest idiom, to compare xposim's kernels with: 1000
// SC_METHODs, each re-triggering itself with next_trigger(delay) (no
// sc_event object, no thread switch). `distinct`: each delay 1 to 2 ns
// from the actor's own generator, as bench_kernel's, so nearly every event
// has its own time point; `shared`: every delay 1 ns, so the 1000 actors
// share each time point. Prints the events per second.
//   bench_systemc_raw distinct|shared EVENTS
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <systemc>

namespace {

uint64_t g_events = 0;
bool g_shared = false;

struct actor {
  uint64_t state;
  void fire() {
    g_events++;
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    uint64_t ps = g_shared ? 1000 : 1000 + (state >> 54);
    sc_core::next_trigger(sc_core::sc_time(static_cast<double>(ps), sc_core::SC_PS));
  }
};

}  // namespace

int sc_main(int argc, char **argv) {
  if (argc < 3 || (strcmp(argv[1], "distinct") && strcmp(argv[1], "shared"))) {
    std::fprintf(stderr, "usage: bench_systemc_raw distinct|shared EVENTS\n");
    return 2;
  }
  g_shared = !strcmp(argv[1], "shared");
  uint64_t want = std::strtoull(argv[2], nullptr, 10);
  sc_core::sc_set_time_resolution(1, sc_core::SC_PS);
  enum { N = 1000 };
  static actor a[N];
  for (int i = 0; i < N; i++) {
    a[i].state = static_cast<uint64_t>(i) + 1;
    sc_core::sc_spawn_options o;
    o.spawn_method();
    sc_core::sc_spawn([i]() { a[i].fire(); }, sc_core::sc_gen_unique_name("a"), &o);
  }
  timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  while (g_events < want) sc_core::sc_start(sc_core::sc_time(100, sc_core::SC_NS));
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double sec = static_cast<double>(t1.tv_sec - t0.tv_sec) + static_cast<double>(t1.tv_nsec - t0.tv_nsec) * 1e-9;
  std::printf("%.6g\n", static_cast<double>(g_events) / sec);
  return 0;
}
