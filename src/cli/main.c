/*
 * main.c: the xposim command line. Thin: it parses arguments, calls the
 * library and turns results into exit codes (0 ok, 1 an expect failed,
 * 2 bad input, 3 internal error). See docs/cli.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/sim.h"
#include "report/plot.h"
#include "run/run.h"
#include "topo/topo.h"

static const char USAGE[] =
    "usage: xposim check FILE...\n"
    "       xposim run FILE [-o DIR] [--kernel native|systemc] [--reference-step] [--vcd] [--quiet]\n"
    "       xposim plot DIR\n"
    "       xposim --version | --help\n"
    "\n"
    "check  validate topology files; every problem as FILE:LINE:COLUMN: message\n"
    "run    simulate FILE into DIR (default runs/NAME): summary.json, traces/, events.log\n"
    "       --reference-step steps every codeword of every lane (slow: for checking the fast mode)\n"
    "       --vcd also writes waves.vcd (lane and port states, for GTKWave)\n"
    "plot   draw DIR's traces with gnuplot into DIR/plots (PNG, SVG and the .gp scripts)\n"
    "\n"
    "exit codes: 0 ok, 1 an expect failed, 2 bad input, 3 internal error\n";

static int usage_error(const char *msg) {
  fprintf(stderr, "xposim: %s\n%s", msg, USAGE);
  return XPO_BAD_INPUT;
}

static topo_t *load(const char *path) {
  topo_errs_t e;
  topo_errs_init(&e, path);
  topo_t *t = topo_load(path, &e);
  if (!t) topo_errs_print(&e, stderr);
  topo_errs_free(&e);
  return t;
}

static int cmd_check(int argc, char **argv) {
  if (argc < 1) return usage_error("check needs at least one FILE");
  int rc = XPO_OK;
  for (int i = 0; i < argc; i++) {
    topo_t *t = load(argv[i]);
    if (!t) rc = XPO_BAD_INPUT;
    else printf("%s: ok (%s, %zu slots)\n", argv[i], t->name, t->nslots);
    topo_free(t);
  }
  return rc;
}

static int cmd_run(int argc, char **argv) {
  const char *file = NULL, *out = NULL;
  run_opts_t o = {0};
  o.kernel = SIM_NATIVE;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--out")) {
      if (++i >= argc) return usage_error("-o needs a directory");
      out = argv[i];
    } else if (!strcmp(argv[i], "--kernel")) {
      if (++i >= argc || sim_kernel_parse(argv[i], &o.kernel))
        return usage_error("--kernel takes native or systemc");
    } else if (!strcmp(argv[i], "--reference-step")) {
      o.reference_step = 1;
    } else if (!strcmp(argv[i], "--vcd")) {
      o.vcd = 1;
    } else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
      o.quiet = 1;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      char m[128];
      snprintf(m, sizeof m, "unknown option '%.60s'", argv[i]);
      return usage_error(m);
    } else if (!file) {
      file = argv[i];
    } else {
      return usage_error("run takes one FILE");
    }
  }
  if (!file) return usage_error("run needs a FILE");
  topo_t *t = load(file);
  if (!t) return XPO_BAD_INPUT;
  char def[256];
  if (!out) {
    snprintf(def, sizeof def, "runs/%s", t->name);
    out = def;
  }
  o.out_dir = out;
  int rc = run_topology(t, &o, stderr);
  topo_free(t);
  return rc;
}

int main(int argc, char **argv) {
  if (argc < 2) return usage_error("no command");
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
    fputs(USAGE, stdout);
    return XPO_OK;
  }
  if (!strcmp(cmd, "--version")) {
    puts("xposim 0.1.0");
    return XPO_OK;
  }
  if (!strcmp(cmd, "check")) return cmd_check(argc - 2, argv + 2);
  if (!strcmp(cmd, "run")) return cmd_run(argc - 2, argv + 2);
  if (!strcmp(cmd, "plot")) {
    if (argc != 3) return usage_error("plot takes one DIR");
    return plot_run(argv[2], stderr);
  }
  char m[128];
  snprintf(m, sizeof m, "unknown command '%.60s'", cmd);
  return usage_error(m);
}
