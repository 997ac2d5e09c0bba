/*
 * bench_kernel.c: kernel microbenchmark, native against SystemC in one run
 * (issue 7 grows this into bench/run). 1000 actors each re-arm a timed
 * wake-up; the figure printed is the ratio, measured side by side.
 * SystemC can run once per process, so each backend runs in a child process.
 *   bench_kernel [EVENTS [distinct|shared [native|systemc]]]
 * (with a kernel named: that one only, in this process, its events/s)
 * distinct: each delay 1 to 2 ns from the actor's own generator (nearly
 * every event its own time point); shared: every delay 1 ns (the 1000
 * actors share each time point). bench_systemc_raw runs the same in
 * SystemC's own idiom.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kernel/sim.h"

typedef struct {
  sim_proc_t *p;
  uint64_t state;
} actor;

static int shared; /* every delay 1 ns */

static void fire(sim_t *s, void *ctx) {
  actor *a = ctx;
  (void)s;
  a->state = a->state * 6364136223846793005ull + 1442695040888963407ull;
  sim_wake_after(a->p, shared ? 1000 : 1000 + (a->state >> 54)); /* 1 to 2 ns */
}

static double one(sim_kernel_t k, uint64_t events) {
  const char *why;
  sim_t *s = sim_new(k, &why);
  if (!s) {
    fprintf(stderr, "bench: %s\n", why);
    exit(3);
  }
  enum { N = 1000 };
  actor *a = calloc(N, sizeof *a);
  for (int i = 0; i < N; i++) {
    a[i].state = (uint64_t)i + 1;
    a[i].p = sim_process(s, "a", 0, fire, &a[i]);
    /* shared: all start together, as raw SystemC's methods all run at 0 */
    sim_wake_at(a[i].p, shared ? 1 : (sim_time_t)(i + 1));
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  sim_time_t t = 0;
  while (sim_activations(s) < events) sim_run_until(s, t += 100 * SIM_NS);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double sec = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
  double rate = (double)sim_activations(s) / sec;
  sim_free(s);
  free(a);
  return rate;
}

int main(int argc, char **argv) {
  uint64_t events = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000ull;
  shared = argc > 2 && !strcmp(argv[2], "shared");
  if (argc > 3) { /* one kernel, in this process: for counting its instructions */
    int k = !strcmp(argv[3], "native") ? 0 : !strcmp(argv[3], "systemc") ? 1 : -1;
    if (k < 0) {
      fprintf(stderr, "bench_kernel: the kernel is native or systemc, not '%s'\n", argv[3]);
      return 2;
    }
    printf("%.0f\n", one((sim_kernel_t)k, events));
    return 0;
  }
  double rate[2];
  for (int k = 0; k < 2; k++) {
    int fd[2];
    if (pipe(fd)) return 3;
    pid_t pid = fork();
    if (pid == 0) {
      close(fd[0]);
      double r = one((sim_kernel_t)k, events);
      if (write(fd[1], &r, sizeof r) != sizeof r) _exit(3);
      _exit(0);
    }
    close(fd[1]);
    if (read(fd[0], &rate[k], sizeof rate[k]) != sizeof rate[k]) return 3;
    close(fd[0]);
    waitpid(pid, NULL, 0);
  }
  printf("kernel microbenchmark: 1000 actors, %llu events, %s time points\n", (unsigned long long)events,
         shared ? "shared" : "distinct");
  printf("  native   %8.2f M events/s\n", rate[0] / 1e6);
  printf("  systemc  %8.2f M events/s\n", rate[1] / 1e6);
  printf("  ratio native/systemc: %.2f\n", rate[0] / rate[1]);
  return 0;
}
