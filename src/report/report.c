/* report.c: the HTML report (report.h): which page, and writing it whole. */
#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "html.h"
#include "plot.h"
#include "report_internal.h"
#include "rundir.h"
#include "util/exit.h"

/* A complete run directory's summary, or NULL with the message on err. */
static json_t *run_summary(const char *dir, FILE *err) {
  char sp[4200], why[600];
  if (!plot_dir_is_ours(dir, err)) return NULL;
  snprintf(sp, sizeof sp, "%s/summary.json", dir);
  if (access(sp, R_OK)) {
    fprintf(err, "xposim: %s is not a complete run directory (no summary.json)\n", dir);
    return NULL;
  }
  json_t *sum = rundir_read_summary(sp, why, sizeof why);
  if (!sum) fprintf(err, "xposim: %s\n", why);
  return sum;
}

/* What kind of directory DIR is, by the file only that kind writes. */
enum { DIR_RUN, DIR_SWEEP, DIR_SOLVE, DIR_SENSITIVITY };
static int dir_kind(const char *dir) {
  static const char *const files[] = {NULL, "results.csv", "solve.json", "sensitivity.csv"};
  char p[4200];
  for (int k = DIR_SWEEP; k <= DIR_SENSITIVITY; k++) {
    snprintf(p, sizeof p, "%s/%s", dir, files[k]);
    if (!access(p, F_OK)) return k;
  }
  return DIR_RUN;
}

static int write_page(const char *dir, const char *file, const char *title, const char *a, const char *b, FILE *err) {
  char out[4200], tmp[4300];
  int kind = b ? DIR_RUN : dir_kind(dir);
  json_t *sa = NULL, *sb = NULL;
  if (kind == DIR_RUN && !(sa = run_summary(a, err))) return XPO_BAD_INPUT;
  if (b && !(sb = run_summary(b, err))) {
    json_decref(sa);
    return XPO_BAD_INPUT;
  }
  snprintf(out, sizeof out, "%s/%s", dir, file);
  FILE *f = html_open(out, tmp, sizeof tmp, err);
  int rc = f ? 0 : XPO_INTERNAL;
  if (f) {
    const json_t *jn = sa ? json_object_get(sa, "name") : NULL;
    html_begin(f, json_is_string(jn) ? json_string_value(jn) : title);
    if (b)
      rc = report_against_page(f, a, sa, b, sb, err);
    else if (kind == DIR_SWEEP)
      rc = report_sweep_page(f, dir, err) ? XPO_BAD_INPUT : 0;
    else if (kind == DIR_SOLVE)
      rc = report_solve_page(f, dir, err) ? XPO_BAD_INPUT : 0;
    else if (kind == DIR_SENSITIVITY)
      rc = report_sensitivity_page(f, dir, err) ? XPO_BAD_INPUT : 0;
    else
      report_run_page(f, dir, sa);
    html_end(f);
    if (rc) {
      fclose(f);
      remove(tmp);
    } else if (html_commit(f, tmp, out, err))
      rc = XPO_INTERNAL;
  }
  json_decref(sa);
  json_decref(sb);
  return rc;
}

/* A sweep point's or a solve run's report: a run's, drawn like any run's
 * (never a study's, so a doctored run cannot make the walk recurse). */
static int report_point(const char *point_dir, FILE *err) {
  if (dir_kind(point_dir) != DIR_RUN) {
    fprintf(err,
            "xposim: %s is a study's run but holds a results.csv, solve.json or sensitivity.csv; not a run "
            "directory\n",
            point_dir);
    return XPO_BAD_INPUT;
  }
  return report_write(point_dir, NULL, err);
}

int report_write(const char *dir, const char *against, FILE *err) {
  char pp[4200];
  if (access(dir, F_OK)) {
    fprintf(err, "xposim: %s is not a complete run or sweep directory (it does not exist)\n", dir);
    return XPO_BAD_INPUT;
  }
  if (!plot_dir_is_ours(dir, err)) return XPO_BAD_INPUT;
  snprintf(pp, sizeof pp, "%s/plots", dir);
  int kind = dir_kind(dir);
  if (!against && kind == DIR_SOLVE) { /* each run's own report first, so its row links to it */
    int rc = report_solve_runs(dir, report_point, err);
    if (rc) return rc;
  } else if (!against && access(pp, R_OK)) { /* the figures first, if never drawn */
    int rc = plot_run(dir, err);
    if (rc) return rc;
  }
  if (against) return write_page(dir, "report-against.html", "against", dir, against, err);
  snprintf(pp, sizeof pp, "%s/results.csv", dir);
  if (!access(pp, R_OK)) { /* a sweep: each point's own report first, so its row links to it */
    int rc = report_sweep_points(dir, report_point, err);
    if (rc) return rc;
  }
  return write_page(dir, "report.html", dir, dir, NULL, err);
}
