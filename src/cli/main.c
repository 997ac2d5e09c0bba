/*
 * main.c: the xposim command line. Thin: it parses arguments, calls the
 * library and turns results into exit codes (0 ok, 1 an expect failed,
 * 2 bad input, 3 internal error). See docs/cli.md.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_mpi.h"
#include "kernel/sim.h"
#include "report/diff.h"
#include "report/junit.h"
#include "report/plot.h"
#include "report/report.h"
#include "report/rundir.h"
#include "run/expect.h"
#include "run/outdir.h"
#include "run/run.h"
#include "sweep/sensitivity.h"
#include "sweep/solve.h"
#include "sweep/spec.h"
#include "sweep/sweep.h"
#include "topo/schema.h"
#include "topo/topo.h"
#include "topo/units.h"
#include "trace/trace.h"

static const char USAGE[] =
    "usage: xposim check [--golden DIR [--update-golden]] [--junit FILE] FILE...\n"
    "       xposim run FILE [-o DIR] [--kernel native|systemc] [--reference-step] [--fixed-step] [--vcd]\n"
    "                  [--sample fixed|change] [--junit FILE] [--max-output SIZE] [--quiet]\n"
    "       xposim sweep SWEEP.yaml [-o DIR] [-j N] [--shard i/N] [--kernel K] [--junit FILE] [--max-output SIZE]\n"
    "                  [--quiet]\n"
    "       xposim solve FILE --vary KEY --range LO..HI [--until EXPECT]... [--tol X] [-o DIR] [--quiet]\n"
    "       xposim sensitivity FILE [--kpi NAME]... [--set KEY=VALUE]... [--top N] [-o DIR] [--quiet]\n"
    "       xposim merge -o DIR DIR...\n"
    "       xposim plot DIR\n"
    "       xposim report DIR [--against OTHER_RUN_DIR]\n"
    "       xposim diff A B [--rtol X] [--atol Y]\n"
    "       xposim keys\n"
    "       xposim --version | --help\n"
    "\n"
    "check  validate topology files; every problem as FILE:LINE:COLUMN: message\n"
    "run    simulate FILE into DIR (default runs/NAME): summary.json, traces/, events.log\n"
    "       --reference-step steps every codeword of every lane (slow: for checking the fast mode)\n"
    "       --fixed-step steps the thermal networks at solver.thermal_step throughout (the reference for the\n"
    "       adaptive step)\n"
    "       --sample fixed writes a trace row every sample; by default (change) a row where a value changes\n"
    "       and the row before it\n"
    "       --vcd also writes waves.vcd (lane and port states, for GTKWave)\n"
    "       --max-output SIZE refuses up front a run whose traces would exceed SIZE (default 8G)\n"
    "sweep  run every point of a sweep into DIR/points and write DIR/results.csv\n"
    "solve  the smallest or largest value of KEY in [LO, HI] for which the expects hold (bisection); its runs,\n"
    "       DIR/solve.csv and DIR/solve.json in DIR (default solves/NAME)\n"
    "sensitivity  each [est] default at the ends of its range, one at a time, ranked by its effect on the KPIs:\n"
    "       DIR/sensitivity.csv and DIR/plots/tornado.png (default DIR sensitivity/NAME)\n"
    "merge  gather sweep (shard) directories into one results.csv\n"
    "plot   draw a run's or a sweep's figures with gnuplot into DIR/plots (PNG, SVG, .gp)\n"
    "report one self-contained HTML page for a run or a sweep: DIR/report.html (a sweep's points get theirs\n"
    "       too, each linked from its row); with --against, run DIR\n"
    "       read against another run: DIR/report-against.html\n"
    "diff   compare two runs' summaries and traces within tolerances\n"
    "keys   print the reference of the topology keys the schema table holds (docs/topology.md)\n"
    "\n"
    "exit codes: 0 ok, 1 an expect failed, 2 bad input, 3 internal error\n";

static int usage_error(const char *msg) {
  fprintf(stderr, "xposim: %s\n%s", msg, USAGE);
  return XPO_BAD_INPUT;
}

/* A number argument: the whole text a finite number within [lo, hi]. */
static int arg_double(const char *opt, const char *text, double lo, double hi, double *out) {
  char *end;
  errno = 0;
  double v = strtod(text, &end);
  if (end == text || *end || errno || !isfinite(v) || v < lo || v > hi || isspace((unsigned char)text[0])) {
    fprintf(stderr, "xposim: %s takes a number from %g to %g, not '%.60s'\n", opt, lo, hi, text);
    return -1;
  }
  *out = v;
  return 0;
}

/* A whole-number argument within [lo, hi]. */
static int arg_long(const char *opt, const char *text, long lo, long hi, long *out) {
  long v;
  if (unit_parse_long(text, &v) || v < lo || v > hi) {
    fprintf(stderr, "xposim: %s takes a whole number from %ld to %ld, not '%.60s'\n", opt, lo, hi, text);
    return -1;
  }
  *out = v;
  return 0;
}

/* --shard i/N, exactly: two whole numbers, 1 <= i <= N <= SWEEP_MAX_POINTS. */
static int arg_shard(const char *text, int *shard, int *nshards) {
  const char *slash = strchr(text, '/');
  long i, n;
  char first[24];
  if (!slash || (size_t)(slash - text) >= sizeof first) return -1;
  memcpy(first, text, (size_t)(slash - text));
  first[slash - text] = 0;
  if (unit_parse_long(first, &i) || unit_parse_long(slash + 1, &n) || n < 1 || n > SWEEP_MAX_POINTS || i < 1 || i > n)
    return -1;
  *shard = (int)i - 1;
  *nshards = (int)n;
  return 0;
}

/* --max-output SIZE: bytes, or a number with k, M, G or T (powers of 1024). */
static int arg_size(const char *text, double *out) {
  char *end;
  errno = 0;
  double v = strtod(text, &end);
  double scale = 1;
  if (*end && !end[1]) {
    const char *units = "kMGT", *u = strchr(units, *end);
    if (u)
      scale = pow(1024, (double)(u - units + 1));
    else
      scale = 0;
    end++;
  }
  if (end == text || *end || errno || !scale || !isfinite(v) || v <= 0 || isspace((unsigned char)text[0]) ||
      v * scale > 1e18) {
    fprintf(stderr, "xposim: --max-output takes a size such as 20G (bytes, k, M, G or T), not '%.60s'\n", text);
    return -1;
  }
  *out = v * scale;
  return 0;
}

/* --junit FILE: a file name, not a directory (checked before any work). */
static int arg_junit(const char *path) {
  struct stat st;
  size_t n = strlen(path);
  if (!n || path[n - 1] == '/' || (!stat(path, &st) && S_ISDIR(st.st_mode))) {
    fprintf(stderr, "xposim: --junit takes a file name, not '%.200s'\n", path);
    return -1;
  }
  return 0;
}

static topo_t *load(const char *path) {
  topo_errs_t e;
  topo_errs_init(&e, path);
  topo_t *t = topo_load(path, &e, expect_check_text);
  if (!t) topo_errs_print(&e, stderr);
  topo_errs_free(&e);
  return t;
}

/* After a golden run, the constraint that binds, in one sentence. */
static void print_binding(const char *file, const char *summary) {
  char why[300];
  json_t *root = rundir_read_summary(summary, why, sizeof why);
  const char *sentence = root ? rundir_binding(root) : NULL;
  if (sentence) printf("%s: %s\n", file, sentence);
  json_decref(root);
}

static int cmd_check(int argc, char **argv) {
  const char *golden = NULL, *junit = NULL;
  int update = 0, nfiles = 0;
  double rtol = 1e-6, atol = 1e-9;
  char **files = calloc((size_t)argc + 1, sizeof *files);
  if (!files) return XPO_INTERNAL;
  for (int i = 0; i < argc; i++) {
    int has = i + 1 < argc, bad = 0;
    if (!strcmp(argv[i], "--update-golden"))
      update = 1;
    else if (!strcmp(argv[i], "--golden") || !strcmp(argv[i], "--junit") || !strcmp(argv[i], "--rtol") ||
             !strcmp(argv[i], "--atol")) {
      const char *opt = argv[i];
      if (!has)
        bad = 1;
      else if (!strcmp(opt, "--golden"))
        bad = !*(golden = argv[++i]);
      else if (!strcmp(opt, "--junit"))
        bad = arg_junit(junit = argv[++i]);
      else if (!strcmp(opt, "--rtol"))
        bad = arg_double(opt, argv[++i], 0, 1, &rtol);
      else
        bad = arg_double(opt, argv[++i], 0, 1e300, &atol);
      if (bad) {
        free(files);
        return usage_error(has ? "check: bad option value" : "check: an option needs a value");
      }
    } else if (argv[i][0] == '-' && argv[i][1]) {
      free(files);
      return usage_error("check: unknown option");
    } else
      files[nfiles++] = argv[i];
  }
  if (nfiles < 1 || (update && !golden)) {
    free(files);
    return usage_error(update ? "--update-golden needs --golden DIR" : "check needs at least one FILE");
  }
  junit_t ju;
  junit_open(&ju, junit, "xposim check");
  int rc = XPO_OK;
  for (int i = 0; i < nfiles; i++) {
    topo_errs_t e;
    topo_errs_init(&e, files[i]);
    topo_t *t = topo_load(files[i], &e, expect_check_text);
    if (!t) {
      topo_errs_print(&e, stderr);
      char msg[400];
      snprintf(msg, sizeof msg, "%s:%d:%d: %s", files[i], e.n ? e.v[0].line : 1, e.n ? e.v[0].col : 1,
               e.n ? e.v[0].msg : "bad input");
      junit_case(&ju, files[i], msg);
      topo_errs_free(&e);
      rc = XPO_BAD_INPUT;
      continue;
    }
    topo_errs_free(&e);
    if (!golden) {
      printf("%s: ok (%s, %zu slots)\n", files[i], t->name, t->nslots);
      junit_case(&ju, files[i], NULL);
      topo_free(t);
      continue;
    }
    /* Golden: run it, compare the summary with DIR/NAME.summary.json. */
    char tmpdir[] = "/tmp/xposim-golden-XXXXXX", out[4096], gold[4096], got[4200];
    if (!mkdtemp(tmpdir)) {
      topo_free(t);
      free(files);
      return XPO_INTERNAL;
    }
    snprintf(out, sizeof out, "%s/run", tmpdir);
    snprintf(gold, sizeof gold, "%s/%s.summary.json", golden, t->name);
    run_opts_t o = {out, SIM_NATIVE, 1, 0, 0, 0, 0, NULL};
    int r = run_topology(t, &o, stderr);
    snprintf(got, sizeof got, "%s/summary.json", out);
    if (r > 1) {
      junit_case(&ju, files[i], "the run failed");
      rc = r;
    } else if (update) {
      if (trace_mkdir_p(golden)) rc = XPO_INTERNAL;
      if (trace_copy_file(got, gold)) {
        fprintf(stderr, "xposim: cannot write %s: %s\n", gold, strerror(errno));
        rc = XPO_INTERNAL;
      } else
        printf("%s: golden summary written to %s\n", files[i], gold);
      junit_case(&ju, files[i], NULL);
    } else {
      int d = diff_summaries(gold, got, rtol, atol, stdout);
      if (d == 0) {
        printf("%s: matches %s\n", files[i], gold);
        junit_case(&ju, files[i], NULL);
      } else {
        char msg[4300];
        snprintf(msg, sizeof msg, d == 2 ? "no golden summary %s (run with --update-golden)" : "differs from %s", gold);
        fprintf(stderr, "%s: %s\n", files[i], msg);
        junit_case(&ju, files[i], msg);
        if (rc == XPO_OK) rc = d == 2 ? XPO_BAD_INPUT : XPO_EXPECT_FAILED;
      }
    }
    if (r <= 1) print_binding(files[i], got);
    trace_rm_rf(tmpdir);
    topo_free(t);
  }
  if (junit_close(&ju)) rc = XPO_INTERNAL;
  free(files);
  return rc;
}

static int mpi_rank, mpi_size = 1;

static int cmd_sweep(int argc, char **argv) {
  sweep_opts_t o = {0};
  o.jobs = 1;
  o.kernel = SIM_NATIVE;
  const char *spec = NULL;
  for (int i = 0; i < argc; i++) {
    int has = i + 1 < argc;
    long jobs;
    if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--out") || !strcmp(argv[i], "-j") || !strcmp(argv[i], "--shard") ||
        !strcmp(argv[i], "--kernel") || !strcmp(argv[i], "--junit")) {
      if (!has) return usage_error("sweep: an option needs a value");
    }
    if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--out"))
      o.out_dir = argv[++i];
    else if (!strcmp(argv[i], "-j")) {
      if (arg_long("-j", argv[++i], 1, 1024, &jobs)) return XPO_BAD_INPUT;
      o.jobs = (int)jobs;
    } else if (!strcmp(argv[i], "--shard")) {
      if (arg_shard(argv[++i], &o.shard, &o.nshards)) return usage_error("--shard takes i/N with 1 <= i <= N");
    } else if (!strcmp(argv[i], "--kernel")) {
      if (sim_kernel_parse(argv[++i], &o.kernel)) return usage_error("--kernel takes native or systemc");
    } else if (!strcmp(argv[i], "--junit")) {
      if (arg_junit(o.junit = argv[++i])) return XPO_BAD_INPUT;
    } else if (!strcmp(argv[i], "--max-output")) {
      if (!has) return usage_error("sweep: an option needs a value");
      if (arg_size(argv[++i], &o.max_output_bytes)) return XPO_BAD_INPUT;
    } else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q"))
      o.quiet = 1;
    else if (argv[i][0] == '-')
      return usage_error("sweep: unknown option");
    else if (!spec)
      spec = argv[i];
    else
      return usage_error("sweep takes one SWEEP file");
  }
  if (!spec) return usage_error("sweep needs a SWEEP file");
  if (o.jobs < 1 || o.jobs > 1024) return usage_error("-j takes 1 to 1024");
  char def[256];
  if (!o.out_dir) {
    const char *b = strrchr(spec, '/');
    snprintf(def, sizeof def, "runs/sweep-%.*s", (int)strcspn(b ? b + 1 : spec, "."), b ? b + 1 : spec);
    o.out_dir = def;
  }
  if (mpi_size <= 1) return sweep_run(spec, &o, stderr);
  /* Under mpirun: rank r of N runs its share of the (user's) shard into the
   * shared DIR; once every rank is done, rank 0 merges and writes JUnit. */
  int m = o.nshards > 1 ? o.nshards : 1, s = o.nshards > 1 ? o.shard : 0;
  if ((long long)m * mpi_size > 1000000) return usage_error("--shard N times the MPI ranks is too many shards");
  o.nshards = m * mpi_size;
  o.shard = s + m * mpi_rank; /* p % (mN) == s + m r: p % m == s and (p / m) % N == r */
  const char *junit = o.junit;
  o.junit = NULL;
  o.no_merge = 1;
  char tag[48];
  snprintf(tag, sizeof tag, "rank %d/%d: ", mpi_rank, mpi_size);
  o.tag = tag;
  int rc = cli_mpi_max(sweep_run(spec, &o, stderr));
  if (mpi_rank == 0 && (rc <= 1 || sweep_interrupted())) {
    char *dirs[1] = {(char *)o.out_dir};
    int mrc = sweep_merge(o.out_dir, dirs, 1, stderr);
    if (mrc == 0 && junit) mrc = sweep_junit_results(spec, o.out_dir, junit, stderr);
    if (mrc > rc) rc = mrc;
  }
  return cli_mpi_max(rc);
}

/* JUnit for a run: one test case per expect, from the summary this run
 * wrote (never one an earlier run left), and a failed case for a run that
 * failed. Returns the run's exit code, or 3 where JUnit could not be
 * written. */
static int run_junit(const char *junit, const char *suite, const char *out, int rc) {
  junit_t ju;
  junit_open(&ju, junit, suite);
  if (rc <= XPO_EXPECT_FAILED) {
    char sp[4200], why[600];
    snprintf(sp, sizeof sp, "%s/summary.json", out);
    json_t *sum = rundir_read_summary(sp, why, sizeof why);
    size_t i;
    const json_t *e;
    json_array_foreach(json_object_get(sum, "expect"), i, e) {
      junit_case(&ju, json_string_value(json_object_get(e, "expr")),
                 json_is_true(json_object_get(e, "pass")) ? NULL : "the expect failed");
    }
    if (!sum) junit_case(&ju, "run", why);
    json_decref(sum);
  } else
    junit_case(&ju, "run", "the run failed");
  if (junit_close(&ju)) {
    fprintf(stderr, "xposim: cannot write the JUnit file %s: %s\n", junit, strerror(errno));
    if (rc == XPO_OK) rc = XPO_INTERNAL;
  }
  return rc;
}

static int cmd_run(int argc, char **argv) {
  const char *file = NULL, *out = NULL, *junit = NULL;
  run_opts_t o = {0};
  o.kernel = SIM_NATIVE;
  int fixed_step = 0;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--out")) {
      if (++i >= argc) return usage_error("-o needs a directory");
      out = argv[i];
    } else if (!strcmp(argv[i], "--kernel")) {
      if (++i >= argc || sim_kernel_parse(argv[i], &o.kernel)) return usage_error("--kernel takes native or systemc");
    } else if (!strcmp(argv[i], "--reference-step")) {
      o.reference_step = 1;
    } else if (!strcmp(argv[i], "--sample")) {
      if (++i >= argc || (strcmp(argv[i], "fixed") && strcmp(argv[i], "change")))
        return usage_error("--sample takes fixed or change");
      o.sample_fixed = !strcmp(argv[i], "fixed");
    } else if (!strcmp(argv[i], "--fixed-step")) {
      fixed_step = 1;
    } else if (!strcmp(argv[i], "--vcd")) {
      o.vcd = 1;
    } else if (!strcmp(argv[i], "--junit")) {
      if (++i >= argc) return usage_error("--junit needs a FILE");
      if (arg_junit(junit = argv[i])) return XPO_BAD_INPUT;
    } else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
      o.quiet = 1;
    } else if (!strcmp(argv[i], "--max-output")) {
      if (++i >= argc) return usage_error("--max-output needs a SIZE");
      if (arg_size(argv[i], &o.max_output_bytes)) return XPO_BAD_INPUT;
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
  if (fixed_step) t->thermal_tolerance_k = 0; /* resolved.yaml records it */
  char def[256], why[1200], *outp = NULL;
  if (!out) {
    snprintf(def, sizeof def, "runs/%s", t->name);
    out = def;
  }
  const char *inputs[] = {file};
  if (outdir_prepare(out, OUTDIR_RUN, inputs, 1, &outp, why, sizeof why)) {
    fprintf(stderr, "xposim: run: %s\n", why);
    topo_free(t);
    return XPO_BAD_INPUT;
  }
  out = outp;
  o.out_dir = out;
  int rc = run_topology(t, &o, stderr);
  if (junit) rc = run_junit(junit, t->name, out, rc);
  free(outp);
  topo_free(t);
  return rc;
}

static int cmd_solve(int argc, char **argv) {
  solve_opts_t o = {0};
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    int takes = !strcmp(a, "--vary") || !strcmp(a, "--range") || !strcmp(a, "--until") || !strcmp(a, "--tol") ||
                !strcmp(a, "-o") || !strcmp(a, "--out");
    if (takes && i + 1 >= argc) return usage_error("solve: an option needs a value");
    if (!strcmp(a, "--vary"))
      o.key = argv[++i];
    else if (!strcmp(a, "--range"))
      o.range = argv[++i];
    else if (!strcmp(a, "--until")) {
      if (o.nuntil == SOLVE_MAX_UNTIL) return usage_error("solve: at most 16 --until lines");
      o.until[o.nuntil++] = argv[++i];
    } else if (!strcmp(a, "--tol")) {
      if (arg_double("--tol", argv[++i], 1e-300, 1e300, &o.tol)) return XPO_BAD_INPUT;
    } else if (!strcmp(a, "-o") || !strcmp(a, "--out"))
      o.out_dir = argv[++i];
    else if (!strcmp(a, "--quiet"))
      o.quiet = 1;
    else if (a[0] == '-' && a[1])
      return usage_error("solve: unknown option");
    else if (!o.file)
      o.file = a;
    else
      return usage_error("solve takes one FILE");
  }
  if (!o.file || !o.key || !o.range) return usage_error("solve needs FILE, --vary KEY and --range LO..HI");
  if (!sweep__key_path_ok(o.key)) return usage_error("solve: --vary takes a key path such as coolant.flow");
  for (size_t i = 0; i < o.nuntil; i++) {
    char msg[256];
    int at;
    if (expect_check_text(o.until[i], TOPO_MAX_SLOTS, TOPO_MAX_ASICS, msg, sizeof msg, &at)) {
      fprintf(stderr, "xposim: solve: --until '%.100s': %s\n", o.until[i], msg);
      return XPO_BAD_INPUT;
    }
  }
  topo_t *t = load(o.file);
  if (!t) return XPO_BAD_INPUT;
  char def[256];
  snprintf(def, sizeof def, "solves/%s", t->name);
  if (!o.out_dir) o.out_dir = def;
  if (!o.nuntil && !t->nexpects) {
    topo_free(t);
    return usage_error("solve: the file has no expect lines: give --until EXPECT");
  }
  topo_free(t);
  return solve_run(&o, stdout, stderr);
}

static int cmd_sensitivity(int argc, char **argv) {
  sens_opts_t o = {0};
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    int takes =
        !strcmp(a, "--kpi") || !strcmp(a, "--top") || !strcmp(a, "-o") || !strcmp(a, "--out") || !strcmp(a, "--set");
    if (takes && i + 1 >= argc) return usage_error("sensitivity: an option needs a value");
    if (!strcmp(a, "--set")) {
      const char *v = argv[++i], *eq = strchr(v, '=');
      char key[130] = "";
      if (eq && eq - v < (long)sizeof key) snprintf(key, sizeof key, "%.*s", (int)(eq - v), v);
      if (!sweep__key_path_ok(key))
        return usage_error("sensitivity: --set takes KEY=VALUE with a key path such as duration");
      if (o.nset == sizeof o.set / sizeof o.set[0]) return usage_error("sensitivity: at most 16 --set");
      o.set[o.nset++] = v;
    } else if (!strcmp(a, "--kpi")) {
      if (o.nkpi == SENS_MAX_KPIS) return usage_error("sensitivity: at most 8 --kpi");
      if (kpi_find(argv[i + 1]) < 0) {
        fprintf(stderr, "xposim: sensitivity: --kpi '%.60s' is not a KPI of summary.json (docs/outputs.md)\n",
                argv[i + 1]);
        return XPO_BAD_INPUT;
      }
      o.kpi[o.nkpi++] = argv[++i];
    } else if (!strcmp(a, "--top")) {
      long top;
      if (arg_long("--top", argv[++i], 1, 1000, &top)) return XPO_BAD_INPUT;
      o.top = (int)top;
    } else if (!strcmp(a, "-o") || !strcmp(a, "--out"))
      o.out_dir = argv[++i];
    else if (!strcmp(a, "--quiet"))
      o.quiet = 1;
    else if (a[0] == '-' && a[1])
      return usage_error("sensitivity: unknown option");
    else if (!o.file)
      o.file = a;
    else
      return usage_error("sensitivity takes one FILE");
  }
  if (!o.file) return usage_error("sensitivity needs a FILE");
  topo_t *t = load(o.file);
  if (!t) return XPO_BAD_INPUT;
  char def[256];
  snprintf(def, sizeof def, "sensitivity/%s", t->name);
  if (!o.out_dir) o.out_dir = def;
  topo_free(t);
  return sensitivity_run(&o, stdout, stderr);
}

static void on_signal(int sig) {
  run_interrupt(sig);
  sweep_interrupt();
}

int main(int argc, char **argv) {
  /* SIGINT/SIGTERM/SIGHUP: finish the current slice, flush, mark INCOMPLETE. A full
   * disk or a file-size limit must be a write error, not a kill. */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL); /* a closed terminal stops a run as SIGTERM does */
  signal(SIGXFSZ, SIG_IGN);
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
  if (!strcmp(cmd, "keys")) {
    if (argc != 2) return usage_error("keys takes no argument");
    schema_write_reference(stdout);
    return fflush(stdout) ? XPO_INTERNAL : XPO_OK;
  }
  if (!strcmp(cmd, "check")) return cmd_check(argc - 2, argv + 2);
  if (!strcmp(cmd, "solve")) return cmd_solve(argc - 2, argv + 2);
  if (!strcmp(cmd, "sensitivity")) return cmd_sensitivity(argc - 2, argv + 2);
  if (!strcmp(cmd, "run")) return cmd_run(argc - 2, argv + 2);
  if (!strcmp(cmd, "plot")) {
    if (argc != 3) return usage_error("plot takes one DIR");
    return plot_run(argv[2], stderr);
  }
  if (!strcmp(cmd, "report")) {
    if (argc == 5 && !strcmp(argv[3], "--against")) return report_write(argv[2], argv[4], stderr);
    if (argc != 3) return usage_error("report takes one DIR, or DIR --against OTHER_RUN_DIR");
    return report_write(argv[2], NULL, stderr);
  }
  if (!strcmp(cmd, "sweep")) {
    if (cli_mpi_init(&argc, &argv, &mpi_rank, &mpi_size)) return XPO_INTERNAL;
    int rc = cmd_sweep(argc - 2, argv + 2);
    cli_mpi_finalize();
    return rc;
  }
  if (!strcmp(cmd, "merge")) {
    if (argc < 5 || strcmp(argv[2], "-o")) return usage_error("merge takes -o DIR DIR...");
    char why[1200], *out = NULL;
    if (outdir_prepare(argv[3], OUTDIR_SWEEP, NULL, 0, &out, why, sizeof why)) {
      fprintf(stderr, "xposim: merge: %s\n", why);
      return XPO_BAD_INPUT;
    }
    int rc = sweep_merge(out, argv + 4, argc - 4, stderr);
    free(out);
    return rc;
  }
  if (!strcmp(cmd, "diff")) {
    double rtol = 1e-6, atol = 1e-9;
    const char *a = NULL, *b = NULL;
    for (int i = 2; i < argc; i++) {
      if (!strcmp(argv[i], "--rtol") || !strcmp(argv[i], "--atol")) {
        if (i + 1 >= argc) return usage_error("diff: an option needs a value");
        const char *opt = argv[i++];
        if (arg_double(opt, argv[i], 0, !strcmp(opt, "--rtol") ? 1 : 1e300, !strcmp(opt, "--rtol") ? &rtol : &atol))
          return XPO_BAD_INPUT;
      } else if (argv[i][0] == '-' && argv[i][1])
        return usage_error("diff: unknown option");
      else if (!a)
        a = argv[i];
      else if (!b)
        b = argv[i];
      else
        return usage_error("diff takes two directories");
    }
    if (!a || !b || !(rtol >= 0) || !(atol >= 0)) return usage_error("diff takes A B [--rtol X] [--atol Y]");
    int d = diff_runs(a, b, rtol, atol, stdout);
    if (d == 0) printf("same within rtol %g, atol %g\n", rtol, atol);
    return d;
  }
  char m[128];
  snprintf(m, sizeof m, "unknown command '%.60s'", cmd);
  return usage_error(m);
}
