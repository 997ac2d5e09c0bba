/* probe.c: one run of a topology tree (probe.h). */
#include "sweep/probe.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/rundir.h"
#include "run/expect.h"
#include "run/run.h"
#include "trace/trace.h"
#include "util/exit.h"

topo_t *probe_load(const ynode *tree, const char *yaml_path, const char *published_path, const char *what, FILE *err) {
  char *text = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&text, &len);
  if (!m) abort();
  ynode_emit(tree, m);
  fputc('\n', m);
  fclose(m);
  FILE *f = fopen(yaml_path, "w");
  int bad = !f || fwrite(text, 1, len, f) != len;
  if (f && fclose(f)) bad = 1;
  topo_errs_t e;
  topo_errs_init(&e, yaml_path);
  topo_t *t = bad ? NULL : topo_load_text(yaml_path, text, len, &e, expect_check_text);
  if (bad) fprintf(err, "xposim: cannot write %s: %s\n", yaml_path, strerror(errno));
  if (!t && !bad) {
    fprintf(err, "xposim: %s is not a design xposim can run:\n", what);
    topo_errs_print(&e, err);
  }
  topo_errs_free(&e);
  free(text);
  if (t) snprintf(t->file, sizeof t->file, "%s", published_path);
  return t;
}

int probe_run(const topo_t *t, const char *dir, char **said) {
  run_opts_t ro = {.out_dir = dir, .kernel = SIM_NATIVE, .quiet = 1};
  size_t len = 0;
  FILE *msgs = open_memstream(said, &len);
  if (!msgs) abort();
  int rc = run_topology(t, &ro, msgs);
  fclose(msgs);
  return rc;
}

int probe_dir_start(const char *arg, outdir_kind_t kind, const char *input, char **final, char *tmp, size_t tmpsz,
                    FILE *err) {
  char why[1200];
  const char *inputs[] = {input};
  if (outdir_prepare(arg, kind, inputs, 1, final, why, sizeof why)) {
    fprintf(err, "xposim: %s\n", why);
    return XPO_BAD_INPUT;
  }
  outdir_clean_stale(*final);
  snprintf(tmp, tmpsz, "%s.partial-%ld", *final, (long)getpid());
  struct stat st;
  if (!lstat(tmp, &st)) { /* not ours to fill, nor to remove */
    fprintf(err, "xposim: %s already exists; it is not this study's: remove it or choose another -o\n", tmp);
    tmp[0] = 0;
    return XPO_BAD_INPUT;
  }
  char runs[4300];
  snprintf(runs, sizeof runs, "%s/runs", tmp);
  if (trace_mkdir_p(tmp) || outdir_mark(tmp, kind, "xposim study directory: xposim may replace it\n") ||
      trace_mkdir_p(runs)) {
    fprintf(err, "xposim: cannot create %s: %s\n", runs, strerror(errno));
    return XPO_INTERNAL;
  }
  return 0;
}

struct json_t *probe_summary(const char *run_dir, FILE *err) {
  char path[4400], why[400];
  snprintf(path, sizeof path, "%s/summary.json", run_dir);
  json_t *sum = rundir_read_summary(path, why, sizeof why);
  if (!sum) fprintf(err, "xposim: %s\n", why);
  return sum;
}
