/* report.c: the HTML report. */
#include "report.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plot.h"
#include "topo/topo.h"
#include "trace/trace.h"

/* Files are read with topo_read_file into the caller's own variable: a
 * helper returning its local's value made GCC 12 warn of a dangling pointer
 * once inlined. */
enum { REPORT_MAX_FILE = 256u << 20 };

static void html_esc(FILE *f, const char *s, size_t n) {
  for (size_t i = 0; i < n && s[i]; i++) {
    char c = s[i];
    if (c == '<') fputs("&lt;", f);
    else if (c == '>') fputs("&gt;", f);
    else if (c == '&') fputs("&amp;", f);
    else fputc(c, f);
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
      if (topo_read_file(p, &img, &len, REPORT_MAX_FILE)) img = NULL;
      if (img) {
        fprintf(f, "<figure><img alt=\"%.*s\" src=\"data:image/png;base64,", (int)(l - 4), nm);
        base64(f, (const unsigned char *)img, len);
        fprintf(f, "\"><figcaption>%.*s</figcaption></figure>\n", (int)(l - 4), nm);
        free(img);
      }
    }
    free(list[i]);
  }
  if (n > 0) free(list);
}

/* The lines of summary.json between "key": { and its closing brace, as rows. */
static void kpi_table(FILE *f, const char *json) {
  const char *p = strstr(json, "\"kpi\": {");
  if (!p) return;
  fputs("<h2>KPIs</h2>\n<table><tr><th>KPI</th><th>value</th></tr>\n", f);
  p = strchr(p, '\n');
  while (p && *++p) {
    const char *eol = strchr(p, '\n');
    if (!eol) break;
    const char *q = p;
    while (*q == ' ') q++;
    if (*q == '}') break;
    const char *k = strchr(q, '"'), *ke = k ? strchr(k + 1, '"') : NULL, *v = ke ? ke + 3 : NULL;
    if (k && ke && v && v < eol) {
      fputs("<tr><td>", f);
      html_esc(f, k + 1, (size_t)(ke - k - 1));
      fputs("</td><td>", f);
      size_t vl = (size_t)(eol - v);
      if (vl && v[vl - 1] == ',') vl--;
      html_esc(f, v, vl);
      fputs("</td></tr>\n", f);
    }
    p = eol;
  }
  fputs("</table>\n", f);
}

static void expect_table(FILE *f, const char *json) {
  const char *p = strstr(json, "\"expect\": [");
  if (!p) return;
  fputs("<h2>Expects</h2>\n<table><tr><th>expect</th><th>value</th><th>result</th></tr>\n", f);
  for (;;) {
    const char *e = strstr(p, "\"expr\": \"");
    const char *end = strstr(p, "\n  ]");
    if (!e || (end && e > end)) break;
    e += 9;
    const char *ee = strchr(e, '"');
    const char *v = strstr(ee, "\"value\": "), *ps = strstr(ee, "\"pass\": ");
    if (!ee || !v || !ps) break;
    int pass = !strncmp(ps + 8, "true", 4);
    fputs("<tr><td><code>", f);
    html_esc(f, e, (size_t)(ee - e));
    fprintf(f, "</code></td><td>%g</td><td class=\"%s\">%s</td></tr>\n", strtod(v + 9, NULL), pass ? "pass" : "fail",
            pass ? "pass" : "FAIL");
    p = ps + 8;
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
  if (!sweep && access(sp, R_OK)) {
    fprintf(err, "xposim: %s is not a complete run or sweep directory\n", dir);
    return 2;
  }
  if (access(pp, R_OK)) {
    int rc = plot_run(dir, err);
    if (rc) return rc;
  }
  char *text = NULL;
  if (topo_read_file(sweep ? rp : sp, &text, NULL, REPORT_MAX_FILE)) text = NULL;
  if (!text) return 3;
  snprintf(out, sizeof out, "%s/report.html", dir);
  snprintf(tmp, sizeof tmp, "%s.tmp-%ld", out, (long)getpid());
  FILE *f = fopen(tmp, "w");
  if (!f) {
    fprintf(err, "xposim: cannot write %s: %s\n", tmp, strerror(errno));
    free(text);
    return 3;
  }
  const char *name = dir;
  char nm[160] = "";
  const char *q = sweep ? NULL : strstr(text, "\"name\": \"");
  if (q) {
    snprintf(nm, sizeof nm, "%.*s", (int)(strchr(q + 9, '"') - (q + 9)), q + 9);
    name = nm;
  }
  fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>xposim: ");
  html_esc(f, name, strlen(name));
  fputs("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;"
        "font-size:90%}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#eee}"
        ".pass{color:#070}.fail{color:#b00;font-weight:bold}figure{margin:1em 0}img{max-width:100%}"
        ".wide{overflow-x:auto}</style></head><body>\n",
        f);
  fprintf(f, "<h1>xposim %s: ", sweep ? "sweep" : "run");
  html_esc(f, name, strlen(name));
  fputs("</h1>\n", f);
  if (sweep) results_table(f, text);
  else {
    kpi_table(f, text);
    expect_table(f, text);
  }
  fputs("<h2>Figures</h2>\n", f);
  figures(f, dir);
  /* A self-check for browsers and tests: how many images decoded. */
  fputs("<script>window.addEventListener('load',function(){var n=0;for(var i of document.images)"
        "if(i.complete&&i.naturalWidth>0)n++;document.body.setAttribute('data-images-loaded',n);"
        "document.body.setAttribute('data-images',document.images.length);});</script>\n",
        f);
  fputs("</body></html>\n", f);
  free(text);
  if (fclose(f) || rename(tmp, out)) {
    fprintf(err, "xposim: writing %s failed\n", out);
    return 3;
  }
  return 0;
}
