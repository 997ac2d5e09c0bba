/* report.c: the HTML report. */
#include "report.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plot.h"
#include "run/run.h"
#include "rundir.h"
#include "trace/trace.h"
#include "util/fileio.h"

/* Files are read with file_read_all into the caller's own variable: a
 * helper returning its local's value made GCC 12 warn of a dangling pointer
 * once inlined. */
enum { REPORT_MAX_FILE = 256u << 20 };

static void html_esc(FILE *f, const char *s, size_t n) {
  for (size_t i = 0; i < n && s[i]; i++) {
    char c = s[i];
    if (c == '<')
      fputs("&lt;", f);
    else if (c == '>')
      fputs("&gt;", f);
    else if (c == '&')
      fputs("&amp;", f);
    else if (c == '"')
      fputs("&quot;", f);
    else if (c == '\'')
      fputs("&#39;", f);
    else
      fputc(c, f);
  }
}

static void base64(FILE *f, const unsigned char *p, size_t n) {
  static const char T[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
    fputc(T[v >> 18 & 63], f);
    fputc(T[v >> 12 & 63], f);
    fputc(i + 1 < n ? T[v >> 6 & 63] : '=', f);
    fputc(i + 2 < n ? T[v & 63] : '=', f);
  }
}

/* Every PNG of DIR/plots, in name order. */
static void figures(FILE *f, const char *dir) {
  char plots[4096];
  snprintf(plots, sizeof plots, "%s/plots", dir);
  struct dirent **list;
  int n = scandir(plots, &list, NULL, alphasort);
  for (int i = 0; i < n; i++) {
    const char *nm = list[i]->d_name;
    size_t l = strlen(nm);
    if (l > 4 && !strcmp(nm + l - 4, ".png")) {
      char p[4400];
      snprintf(p, sizeof p, "%s/%s", plots, nm);
      size_t len;
      char *img = NULL;
      if (file_read_all(p, &img, &len, REPORT_MAX_FILE)) img = NULL;
      if (img) {
        fputs("<figure><img alt=\"", f);
        html_esc(f, nm, l - 4);
        fputs("\" src=\"data:image/png;base64,", f);
        base64(f, (const unsigned char *)img, len);
        fputs("\"><figcaption>", f);
        html_esc(f, nm, l - 4);
        fputs("</figcaption></figure>\n", f);
        free(img);
      }
    }
    free(list[i]);
  }
  if (n > 0) free(list);
}

/* The KPIs of a summary, one row each. */
static void kpi_table(FILE *f, const json_t *sum) {
  fputs("<h2>KPIs</h2>\n<table><tr><th>KPI</th><th>value</th></tr>\n", f);
  const char *k;
  const json_t *v;
  json_object_foreach(json_object_get(sum, "kpi"), k, v) {
    fputs("<tr><td>", f);
    html_esc(f, k, strlen(k));
    if (json_is_number(v))
      fprintf(f, "</td><td>%.9g</td></tr>\n", json_number_value(v));
    else
      fputs("</td><td>null</td></tr>\n", f);
  }
  fputs("</table>\n", f);
}

static void expect_table(FILE *f, const json_t *sum) {
  const json_t *ex = json_object_get(sum, "expect");
  if (!json_array_size(ex)) return;
  fputs("<h2>Expects</h2>\n<table><tr><th>expect</th><th>value</th><th>result</th></tr>\n", f);
  size_t i;
  const json_t *e;
  json_array_foreach(ex, i, e) {
    const char *expr = json_string_value(json_object_get(e, "expr"));
    int pass = json_is_true(json_object_get(e, "pass"));
    fputs("<tr><td><code>", f);
    html_esc(f, expr, strlen(expr));
    fprintf(f, "</code></td><td>%g</td><td class=\"%s\">%s</td></tr>\n", rundir_num(e, "value"), pass ? "pass" : "fail",
            pass ? "pass" : "FAIL");
  }
  fputs("</table>\n", f);
}

static void results_table(FILE *f, const char *csv) {
  fputs("<h2>Results</h2>\n<div class=\"wide\"><table>\n", f);
  const char *p = csv;
  int row = 0;
  while (*p && row < 500) {
    const char *eol = strchr(p, '\n');
    size_t n = eol ? (size_t)(eol - p) : strlen(p);
    fputs("<tr>", f);
    const char *c = p;
    char v[1024];
    while (c) {
      c = trace_csv_next(c, p + n, v, sizeof v);
      fputs(row ? "<td>" : "<th>", f);
      html_esc(f, v, strlen(v));
      fputs(row ? "</td>" : "</th>", f);
    }
    fputs("</tr>\n", f);
    row++;
    p += n + (eol ? 1 : 0);
  }
  fputs("</table></div>\n", f);
}

int report_write(const char *dir, FILE *err) {
  char sp[4096], rp[4096], pp[4096], out[4096], tmp[4200];
  snprintf(sp, sizeof sp, "%s/summary.json", dir);
  snprintf(rp, sizeof rp, "%s/results.csv", dir);
  snprintf(pp, sizeof pp, "%s/plots", dir);
  int sweep = !access(rp, R_OK);
  if (!access(dir, F_OK) && !plot_dir_is_ours(dir, err)) return XPO_BAD_INPUT;
  if (!sweep && access(sp, R_OK)) {
    fprintf(err, "xposim: %s is not a complete run or sweep directory\n", dir);
    return XPO_BAD_INPUT;
  }
  if (access(pp, R_OK)) {
    int rc = plot_run(dir, err);
    if (rc) return rc;
  }
  char *text = NULL, why[600];
  json_t *sum = NULL;
  if (sweep) {
    if (file_read_all(rp, &text, NULL, REPORT_MAX_FILE)) {
      fprintf(err, "xposim: cannot read %s\n", rp);
      return XPO_BAD_INPUT;
    }
  } else if (!(sum = rundir_read_summary(sp, why, sizeof why))) {
    fprintf(err, "xposim: %s\n", why);
    return XPO_BAD_INPUT;
  }
  snprintf(out, sizeof out, "%s/report.html", dir);
  snprintf(tmp, sizeof tmp, "%s.tmp-%ld", out, (long)getpid());
  FILE *f = fopen(tmp, "w");
  if (!f) {
    fprintf(err, "xposim: cannot write %s: %s\n", tmp, strerror(errno));
    free(text);
    json_decref(sum);
    return XPO_INTERNAL;
  }
  const char *name = dir;
  const json_t *jn = sum ? json_object_get(sum, "name") : NULL;
  if (json_is_string(jn)) name = json_string_value(jn);
  fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>xposim: ");
  html_esc(f, name, strlen(name));
  fputs(
      "</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;"
      "font-size:90%}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#eee}"
      ".pass{color:#070}.fail{color:#b00;font-weight:bold}figure{margin:1em 0}img{max-width:100%}"
      ".wide{overflow-x:auto}</style></head><body>\n",
      f);
  fprintf(f, "<h1>xposim %s: ", sweep ? "sweep" : "run");
  html_esc(f, name, strlen(name));
  fputs("</h1>\n", f);
  if (sweep)
    results_table(f, text);
  else {
    kpi_table(f, sum);
    expect_table(f, sum);
  }
  fputs("<h2>Figures</h2>\n", f);
  figures(f, dir);
  /* A self-check for browsers and tests: how many images decoded. */
  fputs(
      "<script>window.addEventListener('load',function(){var n=0;for(var i of document.images)"
      "if(i.complete&&i.naturalWidth>0)n++;document.body.setAttribute('data-images-loaded',n);"
      "document.body.setAttribute('data-images',document.images.length);});</script>\n",
      f);
  fputs("</body></html>\n", f);
  free(text);
  json_decref(sum);
  if (fclose(f) || rename(tmp, out)) {
    fprintf(err, "xposim: writing %s failed\n", out);
    return XPO_INTERNAL;
  }
  return 0;
}
