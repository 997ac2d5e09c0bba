/* report_study.c: the pages of a solve's and a sensitivity study's
 * directories (report_internal.h): the answer first, then how it was
 * found, each run linked. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "html.h"
#include "report_internal.h"
#include "rundir.h"
#include "table.h"
#include "util/exit.h"
#include "xpo_limits.h"

enum { STUDY_MAX_ROWS = 1000 }; /* rows a page shows; the CSV has them all */

/* DIR/solve.json, bounded like a summary: NULL with the reason on err. */
static json_t *read_solve(const char *path, FILE *err) {
  struct stat st;
  if (stat(path, &st) || st.st_size > (off_t)RUNDIR_MAX_SUMMARY) {
    fprintf(err, "xposim: %s: missing or larger than %u bytes\n", path, RUNDIR_MAX_SUMMARY);
    return NULL;
  }
  json_error_t je;
  json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
  if (!json_is_object(j) || !json_is_string(json_object_get(j, "key")) ||
      !json_is_string(json_object_get(j, "status"))) {
    fprintf(err, "xposim: %s:%d:%d: %s\n", path, je.line, je.column, j ? "not a solve's answer" : je.text);
    json_decref(j);
    return NULL;
  }
  return j;
}

static const char *str_of(const json_t *o, const char *k) {
  const json_t *v = json_object_get(o, k);
  return json_is_string(v) ? json_string_value(v) : "";
}

/* The answer in one sentence, as `solve` printed it. */
static void solve_answer(FILE *f, const json_t *j) {
  const char *key = str_of(j, "key"), *unit = str_of(j, "unit"), *status = str_of(j, "status");
  fputs("<p class=\"verdict\">", f);
  if (!strcmp(status, "found")) {
    fputs(strcmp(str_of(j, "find"), "largest") ? "The smallest value of <b>" : "The largest value of <b>", f);
    html_esc(f, key);
    fprintf(f, "</b> for which every expect holds is <b>%.6g ", rundir_num(j, "answer"));
    html_esc(f, unit);
    fprintf(f, "</b>, within %.3g ", rundir_num(j, "within"));
    html_esc(f, unit);
    fprintf(f, ": they fail at %.6g ", rundir_num(j, "fails_at"));
    html_esc(f, unit);
    fputs(".</p>\n", f);
  } else {
    fputs("No answer: ", f);
    html_esc(f, status);
    fputs(" (solve.json says why; the runs below show each value tried).</p>\n", f);
  }
  fputs("<p>Until:</p><ul>", f);
  size_t i;
  const json_t *u;
  json_array_foreach(json_object_get(j, "until"), i, u) {
    fputs("<li><code>", f);
    html_esc(f, json_is_string(u) ? json_string_value(u) : "?");
    fputs("</code></li>", f);
  }
  fprintf(f, "</ul>\n<p class=\"muted\">%s from %.6g to %.6g, tolerance %.3g; %.0f runs.</p>\n", "range",
          rundir_num(j, "range_low"), rundir_num(j, "range_high"), rundir_num(j, "tolerance"), rundir_num(j, "runs"));
}

/* A CSV table of a study, every cell escaped; col_run: the column naming
 * runs/NN, linked to its report when it has one. */
static int study_table(FILE *f, const char *dir, const char *csv, long col_run, size_t max_rows, FILE *err) {
  char path[4200], why[600];
  snprintf(path, sizeof path, "%s/%s", dir, csv);
  table_t t;
  if (table_read(path, RUNDIR_MAX_SUMMARY, &t, why, sizeof why)) {
    fprintf(err, "xposim: %s\n", why);
    return -1;
  }
  fputs("<div class=\"wide\"><table><tr>", f);
  for (size_t c = 0; c < t.cols; c++) {
    fputs("<th>", f);
    html_esc(f, table_cell(&t, 0, c));
    fputs("</th>", f);
  }
  fputs("</tr>\n", f);
  for (size_t r = 1; r < t.rows && r <= max_rows; r++) {
    fputs("<tr>", f);
    for (size_t c = 0; c < t.cols; c++) {
      const char *cell = table_cell(&t, r, c);
      char rep[4400];
      snprintf(rep, sizeof rep, "%s/runs/%s/report.html", dir, cell);
      int link = (long)c == col_run && strspn(cell, "0123456789") == strlen(cell) && *cell && !access(rep, R_OK);
      fputs("<td>", f);
      if (link) {
        fputs("<a href=\"runs/", f);
        html_esc(f, cell);
        fputs("/report.html\">", f);
      }
      html_esc(f, cell);
      fputs(link ? "</a></td>" : "</td>", f);
    }
    fputs("</tr>\n", f);
  }
  fputs("</table></div>\n", f);
  table_free(&t);
  return 0;
}

/* What binds in the answer's run, in its summary's sentence. */
static void answer_binding(FILE *f, const char *dir, const char *run) {
  char sp[4400], why[600];
  snprintf(sp, sizeof sp, "%s/%s/summary.json", dir, run);
  json_t *sum = rundir_read_summary(sp, why, sizeof why);
  const char *b = sum ? rundir_binding(sum) : NULL;
  if (b) {
    fputs(": ", f);
    html_esc(f, b);
  }
  json_decref(sum);
}

int report_solve_page(FILE *f, const char *dir, FILE *err) {
  char path[4200];
  snprintf(path, sizeof path, "%s/solve.json", dir);
  json_t *j = read_solve(path, err);
  if (!j) return -1;
  fputs("<h1>xposim solve: ", f);
  html_esc(f, str_of(j, "key"));
  fputs("</h1>\n", f);
  solve_answer(f, j);
  const char *ans = str_of(j, "answer_run");
  if (*ans && strspn(ans, "runs/0123456789") == strlen(ans)) {
    fputs("<p>The answer's run: <a href=\"", f);
    html_esc(f, ans);
    fputs("/report.html\">", f);
    html_esc(f, ans);
    fputs("</a>", f);
    answer_binding(f, dir, ans);
    fputs("</p>\n", f);
  }
  json_decref(j);
  fputs("<h2>The runs, in the order they were made</h2>\n", f);
  return study_table(f, dir, "solve.csv", 0, STUDY_MAX_ROWS, err);
}

int report_sensitivity_page(FILE *f, const char *dir, FILE *err) {
  char path[4200];
  fputs("<h1>xposim sensitivity: ", f);
  html_esc(f, dir);
  fputs(
      "</h1>\n<p>Each estimate at the low and the high end of its range, one at a time, ranked by how far it moves "
      "the first KPI (docs/cli.md \"sensitivity\").</p>\n",
      f);
  snprintf(path, sizeof path, "%s/plots", dir);
  html_figure(f, path, "plots", "tornado");
  fputs("<h2>The ranking</h2>\n", f);
  return study_table(f, dir, "sensitivity.csv", -1, STUDY_MAX_ROWS, err);
}

int report_solve_runs(const char *dir, int (*write_one)(const char *run_dir, FILE *err), FILE *err) {
  char path[4200], why[600];
  snprintf(path, sizeof path, "%s/solve.csv", dir);
  table_t t;
  if (table_read(path, RUNDIR_MAX_SUMMARY, &t, why, sizeof why)) {
    fprintf(err, "xposim: %s\n", why);
    return XPO_BAD_INPUT;
  }
  int rc = 0;
  for (size_t r = 1; r < t.rows && r <= STUDY_MAX_ROWS && !rc; r++) {
    const char *run = table_cell(&t, r, 0);
    char rd[4400], sp[4500];
    if (!*run || strspn(run, "0123456789") != strlen(run)) continue; /* only runs/NN, never a path */
    snprintf(rd, sizeof rd, "%s/runs/%s", dir, run);
    snprintf(sp, sizeof sp, "%s/summary.json", rd);
    if (!access(sp, R_OK)) rc = write_one(rd, err);
  }
  table_free(&t);
  return rc;
}
