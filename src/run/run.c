/*
 * run.c: a run from a loaded topology to a complete results directory.
 * Everything is written into "<dir>.partial-<pid>" first; only a run that
 * finished and wrote every file is renamed to <dir> (replacing an older run
 * there). A failed run leaves no directory under the final name.
 */
#include "run.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "run/expect.h"
#include "run/outdir.h"
#include "switch/margins.h"
#include "switch/switch.h"
#include "trace/trace.h"

#define XPOSIM_VERSION "0.1.0"

/* Set from a signal handler; read between simulation slices. */
static volatile sig_atomic_t run__stop;
static volatile sig_atomic_t run__signal;

void run_interrupt(int sig) {
  run__signal = sig;
  run__stop = 1;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* summary.json's limits: each one's worst, where and when, its margin and
 * headroom; the one that binds and its sentence; the settling after each
 * scenario event (docs/outputs.md, "Limits and margins"). */
static void write_limits(json_w *j, const topo_t *t, const run_results_t *d) {
  const margins_t *m = d->margins;
  int b = margins_binding(m);
  json_obj(j, "limits");
  for (int k = 0; k < LIM_COUNT_; k++) {
    const limit_result_t *r = margins_limit(m, (limit_id_t)k);
    if (!r->applies) continue;
    json_obj(j, limit_name((limit_id_t)k));
    json_num(j, "worst", r->worst);
    json_str(j, "unit", limit_unit((limit_id_t)k));
    json_num(j, "limit", r->limit);
    json_num(j, "margin", r->margin);
    json_str(j, "margin_unit", limit_margin_unit((limit_id_t)k));
    json_num(j, "headroom", r->headroom);
    json_str(j, "where", r->where);
    json_num(j, "at_s", r->at_s);
    json_bool(j, "binds", k == b);
    json_end_obj(j);
  }
  json_end_obj(j);
  if (b >= 0) {
    char sentence[320];
    limit_sentence((limit_id_t)b, margins_limit(m, (limit_id_t)b), sentence, sizeof sentence);
    json_obj(j, "binding");
    json_str(j, "limit", limit_name((limit_id_t)b));
    json_str(j, "sentence", sentence);
    json_end_obj(j);
  }
  const settle_result_t *st;
  size_t n = margins_settling(m, &st);
  json_arr(j, "settling");
  for (size_t i = 0; i < n; i++) {
    json_obj(j, NULL);
    json_num(j, "from_s", st[i].from_s);
    json_str(j, "event", st[i].event);
    json_bool(j, "settled", st[i].settled);
    json_num(j, "settle_s", st[i].settled ? st[i].settle_s : NAN);
    json_num(j, "band_k", t->settle_band_k);
    json_num(j, "hold_s", sim_to_s(t->settle_hold));
    json_end_obj(j);
  }
  json_end_arr(j);
}

/* summary.json. failure: why a model stopped the run, or NULL; a failed
 * run's KPIs and expect values are null (they would describe part of a
 * run), its status "failed" and the reason named. */
static int write_summary(const char *path, const topo_t *t, const sim_t *sim, graph_t *g, const char *mode, double wall,
                         const run_results_t *d, const char *failure, int *all_pass, run_outcome_t *oc) {
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  json_w j;
  json_begin(&j, f);
  json_u64(&j, "schema", 1);
  json_str(&j, "xposim_version", XPOSIM_VERSION);
  json_str(&j, "name", t->name);
  json_str(&j, "file", t->file);
  char h[32];
  snprintf(h, sizeof h, "fnv1a64:%016llx", (unsigned long long)t->input_hash);
  json_str(&j, "input_hash", h);
  json_u64(&j, "seed", (unsigned long long)t->seed);
  json_str(&j, "kernel", sim_kernel_name(sim_kernel(sim)));
  json_str(&j, "mode", mode);
  json_num(&j, "sim_time_s", sim_to_s(t->duration));
  json_num(&j, "wall_time_s", wall);
  json_u64(&j, "events", (unsigned long long)sim_activations(sim));
  json_u64(&j, "deltas", (unsigned long long)sim_deltas(sim));
  json_obj(&j, "kpi");
  for (int k = 0; k < KPI_COUNT_; k++) {
    json_num(&j, kpi_name((kpi_id_t)k), failure ? NAN : d->kpi[k]);
    oc->kpi[k] = failure ? NAN : d->kpi[k];
  }
  json_end_obj(&j);
  json_arr(&j, "slots");
  for (size_t s = 0; s < t->nslots; s++) {
    json_obj(&j, NULL);
    json_u64(&j, "slot", s);
    json_u64(&j, "row", (unsigned long long)t->slots[s].row);
    json_u64(&j, "col", (unsigned long long)t->slots[s].col);
    json_str(&j, "type", t->types[t->slots[s].type].name);
    json_u64(&j, "asic", (unsigned long long)t->slots[s].asic);
    json_num(&j, "power_w_peak", d->slot_power[s].max);
    json_num(&j, "power_w_mean", stat_mean(&d->slot_power[s]));
    json_num(&j, "junction_c_max", d->slot_junction[s].max);
    json_num(&j, "outlet_c_max", d->slot_outlet[s].max);
    json_num(&j, "flow_lpm", graph_slot_flow_lpm(g, s));
    json_num(&j, "snr_margin_db_min", failure ? NAN : d->slot_margin_db_min[s]);
    json_end_obj(&j);
  }
  json_end_arr(&j);
  json_arr(&j, "asics");
  for (size_t a = 0; a < (size_t)t->n_asics; a++) {
    json_obj(&j, NULL);
    json_u64(&j, "asic", a);
    json_num(&j, "power_w_peak", d->asic_power[a].max);
    json_num(&j, "junction_c_max", d->asic_junction[a].max);
    json_num(&j, "flow_lpm", graph_asic_flow_lpm(g, a));
    json_end_obj(&j);
  }
  json_end_arr(&j);
  json_arr(&j, "loops");
  for (size_t l = 0; l < graph_loops(g); l++) {
    const char *nm;
    double fl, hd;
    graph_loop_result(g, l, &nm, &fl, &hd);
    json_obj(&j, NULL);
    json_str(&j, "name", nm);
    json_num(&j, "flow_lpm", fl);
    json_num(&j, "head_kpa", hd);
    json_end_obj(&j);
  }
  json_end_arr(&j);
  if (!failure && d->margins) write_limits(&j, t, d);
  json_arr(&j, "expect");
  *all_pass = 1;
  for (size_t i = 0; i < t->nexpects; i++) {
    expect_t e;
    char msg[256];
    int at;
    /* Compiled at load time already; cannot fail here. */
    if (expect_compile(t->expects[i].text, t->nslots, (size_t)t->n_asics, &e, msg, sizeof msg, &at)) continue;
    double v = failure ? NAN : expect_value(&e, d);
    int pass = !failure && expect_holds(&e, v);
    if (!pass) *all_pass = 0;
    if (oc->nexp < RUN_OUTCOME_EXPECTS) oc->expect_pass[oc->nexp++] = (unsigned char)pass;
    json_obj(&j, NULL);
    json_str(&j, "expr", t->expects[i].text);
    json_num(&j, "value", v);
    json_bool(&j, "pass", pass);
    json_end_obj(&j);
  }
  json_end_arr(&j);
  if (failure) *all_pass = 0;
  json_str(&j, "status", failure ? "failed" : *all_pass ? "ok" : "expect-failed");
  if (failure) {
    json_str(&j, "failure", failure);
    json_num(&j, "failed_at_s", sim_to_s(sim_now(sim)));
  }
  json_bool(&j, "pass", *all_pass);
  json_end_obj(&j);
  oc->pass = *all_pass;
  int bad = ferror(f);
  if (fclose(f)) bad = 1;
  oc->have = !bad;
  return bad ? -1 : 0;
}

/* The front panel for `xposim plot`: every slot's rectangle in millimetres,
 * its peak junction temperature, its flow and its worst port's SNR margin. */
static int write_panel(const char *path, const topo_t *t, const run_results_t *d, graph_t *g) {
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  fprintf(f,
          "# xposim front panel: slot rectangles (mm), peak junction (C), flow (L/min), worst port's SNR margin "
          "to the FEC limit (dB)\n");
  fprintf(f, "# panel_width_mm: %.6g\n# unit_height_mm: %.6g\n", t->cage.panel_width_m * 1e3,
          t->cage.unit_height_m * 1e3);
  fprintf(f, "slot,row,col,x_mm,y_mm,w_mm,h_mm,junction_c_max,flow_lpm,margin_db_min\n");
  for (size_t s = 0; s < t->nslots; s++) {
    double x, y;
    cage_slot_xy(&t->cage, t->slots[s].row, t->slots[s].col, &x, &y);
    fprintf(f, "%zu,%d,%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g\n", s, t->slots[s].row, t->slots[s].col, x * 1e3, y * 1e3,
            t->cage.module_width_m * 1e3, t->cage.module_height_m * 1e3, d->slot_junction[s].max,
            graph_slot_flow_lpm(g, s), d->slot_margin_db_min[s]);
  }
  int bad = ferror(f);
  if (fclose(f)) bad = 1;
  return bad ? -1 : 0;
}

/* Rename tmp to final, replacing a previous run there, but only one that
 * xposim wrote (outdir.h). Returns 0, or an exit code with tmp kept. */
static int publish(const char *tmp, const char *final, FILE *err) {
  return outdir_publish(tmp, final, OUTDIR_RUN, err);
}

/* An interrupted or stopped run: traces closed, INCOMPLETE written, and the
 * directory published, beside a complete earlier run rather than over it. */
static int publish_incomplete(const char *tmp, const char *final, const topo_t *t, sim_time_t at, FILE *err) {
  char *inc = trace_path_join(tmp, "INCOMPLETE"), *prev = trace_path_join(final, "summary.json");
  FILE *f = fopen(inc, "w");
  if (f) {
    if (run__stop)
      fprintf(f, "interrupted by signal %d at t = %.6f s of %.6f s; traces hold what was simulated; no summary.json\n",
              (int)run__signal, sim_to_s(at), sim_to_s(t->duration));
    else
      fprintf(f, "stopped by a model at t = %.6f s of %.6f s (see events.log); no summary.json\n", sim_to_s(at),
              sim_to_s(t->duration));
    fclose(f);
  }
  struct stat st;
  char *dest = NULL;
  if (!lstat(prev, &st)) { /* keep the last complete run where it is */
    size_t n = strlen(final) + 16;
    dest = malloc(n);
    if (!dest) abort();
    snprintf(dest, n, "%s.incomplete", final);
  }
  const char *to = dest ? dest : final;
  int rc = publish(tmp, to, err);
  if (!rc)
    fprintf(err, "xposim: %s: %s at t = %.6g s; %s is marked INCOMPLETE%s%s\n", t->name,
            run__stop ? "interrupted" : "the run stopped early", sim_to_s(at), to,
            dest ? "; the complete run before it stays in " : "", dest ? final : "");
  free(dest);
  free(inc);
  free(prev);
  return rc;
}

/* Refuse up front a run whose traces would exceed the output limit: every
 * row of every trace at RUN_BYTES_PER_CELL a cell. */
static int output_too_large(const topo_t *t, const run_opts_t *o, size_t cols, FILE *err) {
  double limit = o->max_output_bytes > 0 ? o->max_output_bytes : RUN_MAX_OUTPUT_DEFAULT;
  double rows = floor((double)t->duration / (double)t->sample) + 2; /* t = 0 and a closing row */
  double bytes = rows * (double)(cols + 7) * RUN_BYTES_PER_CELL;    /* + each file's time column */
  if (bytes <= limit) return 0;
  fprintf(err,
          "%s:1:1: the traces would take up to %.3g GB (%.0f rows of %zu cells); the limit is %.3g GB: a longer "
          "sample period or a shorter duration lowers it, --max-output SIZE raises it\n",
          t->file, bytes / 1e9, rows, cols + 7, limit / 1e9);
  return 1;
}

/* The files of a run directory being written (under its temporary name). */
typedef struct run_files {
  char *tmp, *traces, *log_path, *vcd_path, *panel, *summary, *resolved;
  char *trace_path[TRACE_FILES];
  trace_csv_t csv[TRACE_FILES];
  trace_log_t log;
  trace_vcd_t vcd;
  columns_t cols;
} run_files_t;

static void files_init(run_files_t *f, const topo_t *t, const char *out_dir) {
  memset(f, 0, sizeof *f);
  size_t n = strlen(out_dir) + 48;
  f->tmp = malloc(n);
  if (!f->tmp) abort();
  snprintf(f->tmp, n, "%s.partial-%ld", out_dir, (long)getpid());
  f->traces = trace_path_join(f->tmp, "traces");
  f->log_path = trace_path_join(f->tmp, "events.log");
  f->vcd_path = trace_path_join(f->tmp, "waves.vcd");
  f->panel = trace_path_join(f->tmp, "panel.csv");
  f->summary = trace_path_join(f->tmp, "summary.json");
  f->resolved = trace_path_join(f->tmp, "resolved.yaml");
  for (int k = 0; k < TRACE_FILES; k++) f->trace_path[k] = trace_path_join(f->traces, columns_file(k)->file);
  graph_columns(t, &f->cols);
}

/* Close every writer; -1 if any write failed. Closing twice is harmless. */
static int files_close(run_files_t *f) {
  int bad = 0;
  for (int k = 0; k < TRACE_FILES; k++) bad |= trace_csv_close(&f->csv[k]);
  bad |= trace_vcd_close(&f->vcd);
  bad |= trace_log_close(&f->log);
  return bad ? -1 : 0;
}

static void files_free(run_files_t *f) {
  files_close(f);
  for (int k = 0; k < TRACE_FILES; k++) free(f->trace_path[k]);
  columns_free(&f->cols);
  free(f->tmp);
  free(f->traces);
  free(f->log_path);
  free(f->vcd_path);
  free(f->panel);
  free(f->summary);
  free(f->resolved);
}

/* The directory, its marker and resolved.yaml (what is simulated, written
 * first: an interrupted run keeps it too). */
static int files_create(run_files_t *f, const topo_t *t, FILE *err) {
  trace_rm_rf(f->tmp); /* only this process's own name */
  if (trace_mkdir_p(f->traces) || outdir_mark(f->tmp, OUTDIR_RUN, "xposim run directory: xposim may replace it\n")) {
    fprintf(err, "xposim: cannot create %s: %s\n", f->traces, strerror(errno));
    return -1;
  }
  FILE *rf = fopen(f->resolved, "w");
  int bad = !rf || topo_write_resolved(t, rf);
  if ((rf && fclose(rf)) || bad) {
    fprintf(err, "xposim: cannot write %s: %s\n", f->resolved, strerror(errno));
    return -1;
  }
  return 0;
}

/* Every trace the registry lists, with its '#' header, and the event log. */
static int files_open(run_files_t *f, const topo_t *t, int vcd, int every_sample, FILE *err) {
  char h_name[200], h_seed[64], h_hash[64];
  snprintf(h_name, sizeof h_name, "name: %s", t->name);
  snprintf(h_seed, sizeof h_seed, "seed: %llu", (unsigned long long)t->seed);
  snprintf(h_hash, sizeof h_hash, "input_hash: fnv1a64:%016llx", (unsigned long long)t->input_hash);
  for (int k = 0; k < TRACE_FILES; k++) {
    const trace_file_desc_t *d = columns_file(k);
    const char *rows = every_sample ? "rows: every sample"
                                    : "rows: where a value changes, and the row before it (hold each row's values "
                                      "until the next row; --sample fixed writes every sample)";
    const char *head[] = {d->title, h_name, h_seed, h_hash, d->time_note, d->units_note, rows};
    const char **names = columns_names(&f->cols, k);
    int rc = trace_csv_open(&f->csv[k], f->trace_path[k], head, 7, names, f->cols.count[k]);
    f->csv[k].on_change = !every_sample;
    free(names);
    if (rc) goto fail;
  }
  if (trace_log_open(&f->log, f->log_path) || (vcd && trace_vcd_open(&f->vcd, f->vcd_path))) goto fail;
  return 0;
fail:
  fprintf(err, "xposim: cannot write in %s: %s\n", f->tmp, strerror(errno));
  return -1;
}

/* Each expect line that failed, located in the topology file. */
static void report_expects(const topo_t *t, const run_results_t *d, FILE *err) {
  for (size_t i = 0; i < t->nexpects; i++) {
    expect_t e;
    char msg[256];
    int at;
    if (expect_compile(t->expects[i].text, t->nslots, (size_t)t->n_asics, &e, msg, sizeof msg, &at)) continue;
    double v = expect_value(&e, d);
    if (!expect_holds(&e, v))
      fprintf(err, "%s:%d:%d: expect failed: %s (value %.6g)\n", t->file, t->expects[i].line, t->expects[i].col,
              t->expects[i].text, v);
  }
}

/* After the run: traces closed, panel and summary written, the directory
 * published; the exit code. */
static int finish_run(run_files_t *f, const topo_t *t, const run_opts_t *o, sim_t *sim, graph_t *g, const char *out_dir,
                      const char *failure, double t0, FILE *err) {
  run_results_t d;
  graph_results(g, &d);
  if (files_close(f) || write_panel(f->panel, t, &d, g)) {
    fprintf(err, "xposim: writing traces in %s failed: %s\n", f->tmp, strerror(errno));
    return XPO_INTERNAL;
  }
  int pass = 1;
  run_outcome_t own, *oc = o->outcome ? o->outcome : &own;
  memset(oc, 0, sizeof *oc);
  if (write_summary(f->summary, t, sim, g, o->reference_step ? "reference-step" : "fast", now_s() - t0, &d, failure,
                    &pass, oc)) {
    oc->have = 0;
    fprintf(err, "xposim: cannot write %s: %s\n", f->summary, strerror(errno));
    return XPO_INTERNAL;
  }
  int prc = publish(f->tmp, out_dir, err);
  if (prc) return prc;
  if (failure) {
    fprintf(err, "xposim: %s: the run failed at t = %.6g s: %s (see %s/events.log)\n", t->name, sim_to_s(sim_now(sim)),
            failure, out_dir);
    return XPO_INTERNAL;
  }
  if (!o->quiet)
    fprintf(stderr, "%s: %.6g s simulated, %llu events, mean %.5g Tb/s, peak %.5g W, max junction %.4g C -> %s\n",
            t->name, sim_to_s(t->duration), (unsigned long long)sim_activations(sim), d.kpi[KPI_THROUGHPUT_TBPS_MEAN],
            d.kpi[KPI_POWER_W_PEAK], d.kpi[KPI_MAX_JUNCTION_C], out_dir);
  int b = d.margins ? margins_binding(d.margins) : -1;
  if (!o->quiet && b >= 0) {
    char sentence[320];
    limit_sentence((limit_id_t)b, margins_limit(d.margins, (limit_id_t)b), sentence, sizeof sentence);
    fprintf(stderr, "%s: %s\n", t->name, sentence);
  }
  if (!pass) report_expects(t, &d, err);
  return pass ? XPO_OK : XPO_EXPECT_FAILED;
}

/* Build and run the graph into the open files. */
static int simulate(run_files_t *f, const topo_t *t, const run_opts_t *o, sim_t *sim, const char *out_dir, double t0,
                    FILE *err, graph_t **gp) {
  graph_sinks_t sinks = {.log = &f->log, .vcd = o->vcd ? &f->vcd : NULL, .cols = &f->cols};
  for (int k = 0; k < TRACE_FILES; k++) sinks.trace[k] = &f->csv[k];
  char whyb[256];
  graph_t *g = *gp = graph_new(t, sim, &sinks, o->reference_step, whyb, sizeof whyb);
  if (!g) {
    fprintf(err, "%s:1:1: %s\n", t->file, whyb);
    return XPO_BAD_INPUT;
  }
  int stopped = graph_run(g, &run__stop);
  const char *failure = stopped && !run__stop ? (graph_failure(g) ? graph_failure(g) : "stopped by a model") : NULL;
  if (stopped && !failure) {
    files_close(f); /* what was simulated stays readable */
    publish_incomplete(f->tmp, out_dir, t, sim_now(sim), err);
    return XPO_INTERNAL; /* an interrupted run is not a result */
  }
  return finish_run(f, t, o, sim, g, out_dir, failure, t0, err);
}

int run_topology(const topo_t *t, const run_opts_t *o, FILE *err) {
  double t0 = now_s();
  const char *why = NULL;
  sim_t *sim = sim_new(o->kernel, &why);
  if (!sim) {
    fprintf(err, "xposim: cannot start the %s kernel: %s\n", sim_kernel_name(o->kernel), why);
    return XPO_INTERNAL;
  }
  char *out_dir = malloc(strlen(o->out_dir) + 1);
  if (!out_dir) abort();
  strcpy(out_dir, o->out_dir);
  for (size_t l = strlen(out_dir); l > 1 && out_dir[l - 1] == '/';) out_dir[--l] = 0; /* "out/" is "out" */
  outdir_clean_stale(out_dir);
  run_files_t f;
  files_init(&f, t, out_dir);
  graph_t *g = NULL;
  int rc = XPO_INTERNAL;
  if (output_too_large(t, o, f.cols.n, err))
    rc = XPO_BAD_INPUT;
  else if (!files_create(&f, t, err) && !files_open(&f, t, o->vcd, o->sample_fixed, err))
    rc = simulate(&f, t, o, sim, out_dir, t0, err, &g);
  if (rc == XPO_INTERNAL || (rc == XPO_BAD_INPUT && !g)) { /* ours, unless already published */
    files_close(&f);
    trace_rm_rf(f.tmp);
  }
  files_free(&f);
  graph_free(g);
  sim_free(sim);
  free(out_dir);
  return rc;
}
