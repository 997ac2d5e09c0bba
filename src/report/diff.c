/* diff.c: summaries and traces compared within tolerances. */
#include "diff.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "topo/topo.h"

static char *slurp(const char *path) {
  char *t;
  return topo_read_file(path, &t, NULL, 256u << 20) ? NULL : t;
}

static int close_enough(double a, double b, double rtol, double atol) {
  if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
  return fabs(a - b) <= atol + rtol * fmax(fabs(a), fabs(b));
}

/* Numbers of a summary.json in order, each with its key path. Lines that are
 * not about the physics are left out. */
typedef struct num {
  char key[160];
  double v;
} num_t;

static num_t *numbers(const char *json, size_t *n) {
  static const char *const skip[] = {"\"wall_time_s\"", "\"events\"", "\"deltas\"", "\"thermal_steps\""};
  num_t *v = NULL;
  size_t cap = 0;
  *n = 0;
  char ctx[8][64];
  int depth = 0, idx[8] = {0};
  const char *p = json;
  while (*p) {
    const char *eol = strchr(p, '\n');
    size_t len = eol ? (size_t)(eol - p) : strlen(p);
    char line[512];
    snprintf(line, sizeof line, "%.*s", (int)(len < 511 ? len : 511), p);
    p += len + (eol ? 1 : 0);
    char *q = line;
    while (*q == ' ') q++;
    int is_skip = 0;
    for (int i = 0; i < 4; i++) is_skip |= !strncmp(q, skip[i], strlen(skip[i]));
    char key[64] = "";
    if (*q == '"') {
      char *e = strchr(q + 1, '"');
      if (e) snprintf(key, sizeof key, "%.*s", (int)(e - q - 1), q + 1);
      q = e ? strchr(e, ':') : NULL;
      if (!q) continue;
      q++;
      while (*q == ' ') q++;
    }
    if (*q == '{' || *q == '[') {
      if (depth < 8) {
        snprintf(ctx[depth], sizeof ctx[0], "%s", key[0] ? key : "");
        idx[depth] = 0;
      }
      if (!key[0] && depth > 0 && depth < 8) snprintf(ctx[depth], sizeof ctx[0], "[%d]", idx[depth - 1]++);
      depth++;
      continue;
    }
    if (*q == '}' || *q == ']') {
      depth--;
      continue;
    }
    if (is_skip || !(isdigit((unsigned char)*q) || *q == '-' || !strncmp(q, "true", 4) || !strncmp(q, "false", 5) ||
                     !strncmp(q, "null", 4)))
      continue;
    double x = !strncmp(q, "true", 4) ? 1 : !strncmp(q, "false", 5) ? 0 : !strncmp(q, "null", 4) ? NAN : strtod(q, NULL);
    if (*n == cap) {
      cap = cap ? 2 * cap : 64;
      v = realloc(v, cap * sizeof *v);
      if (!v) abort();
    }
    char path[160] = "";
    for (int d = 1; d < depth && d < 8; d++) {
      strncat(path, ctx[d], sizeof path - strlen(path) - 1);
      strncat(path, ".", sizeof path - strlen(path) - 1);
    }
    strncat(path, key, sizeof path - strlen(path) - 1);
    snprintf(v[*n].key, sizeof v[0].key, "%s", path);
    v[(*n)++].v = x;
  }
  return v;
}

int diff_summaries(const char *pa, const char *pb, double rtol, double atol, FILE *out) {
  char *a = slurp(pa), *b = slurp(pb);
  if (!a || !b) {
    fprintf(out, "xposim: cannot read %s\n", !a ? pa : pb);
    free(a);
    free(b);
    return 2;
  }
  size_t na, nb;
  num_t *va = numbers(a, &na), *vb = numbers(b, &nb);
  int bad = 0, shown = 0;
  if (na != nb) {
    fprintf(out, "summary.json: %zu numbers against %zu\n", na, nb);
    bad = 1;
  }
  for (size_t i = 0; i < na && i < nb; i++) {
    if (strcmp(va[i].key, vb[i].key)) {
      fprintf(out, "summary.json: %s against %s\n", va[i].key, vb[i].key);
      bad = 1;
      break;
    }
    if (!close_enough(va[i].v, vb[i].v, rtol, atol)) {
      if (shown++ < 50)
        fprintf(out, "summary.json %s: %.12g against %.12g (%.3g relative)\n", va[i].key, va[i].v, vb[i].v,
                fabs(va[i].v - vb[i].v) / fmax(fabs(va[i].v), fabs(vb[i].v)));
      bad = 1;
    }
  }
  free(va);
  free(vb);
  free(a);
  free(b);
  return bad;
}

static int diff_csv(const char *name, const char *pa, const char *pb, double rtol, double atol, FILE *out) {
  char *a = slurp(pa), *b = slurp(pb);
  if (!a || !b) {
    int missing_both = !a && !b;
    if (!missing_both) fprintf(out, "%s: only in %s\n", name, a ? "the first run" : "the second run");
    free(a);
    free(b);
    return missing_both ? 0 : 1;
  }
  int bad = 0, shown = 0;
  char *sa, *sb;
  char *la = strtok_r(a, "\n", &sa), *lb = strtok_r(b, "\n", &sb);
  char **cols = NULL;
  size_t ncols = 0, row = 0;
  while (la && lb) {
    if (la[0] == '#' || lb[0] == '#') {
      if (la[0] == '#') la = strtok_r(NULL, "\n", &sa);
      if (lb[0] == '#') lb = strtok_r(NULL, "\n", &sb);
      continue;
    }
    if (!cols) {
      if (strcmp(la, lb)) {
        fprintf(out, "%s: the columns differ\n", name);
        bad = 1;
        break;
      }
      size_t cap = 16;
      cols = malloc(cap * sizeof *cols);
      if (!cols) abort();
      char *hc, *h = la, *tok;
      while ((tok = strtok_r(h, ",", &hc))) {
        h = NULL;
        if (ncols == cap) {
          cap *= 2;
          cols = realloc(cols, cap * sizeof *cols);
          if (!cols) abort();
        }
        cols[ncols++] = tok; /* points into a, which lives until the end */
      }
    } else {
      row++;
      char *ca, *cb, *ta = la, *tb = lb, *time = NULL;
      for (size_t col = 0;; col++) {
        char *xa = strtok_r(ta, ",", &ca), *xb = strtok_r(tb, ",", &cb);
        ta = tb = NULL;
        if (!xa || !xb) {
          if (xa || xb) bad = 1;
          break;
        }
        if (col == 0) time = xa;
        if (!close_enough(strtod(xa, NULL), strtod(xb, NULL), rtol, atol)) {
          if (shown++ < 20)
            fprintf(out, "%s at time_s %s, %s: %s against %s\n", name, time ? time : "?",
                    col < ncols ? cols[col] : "?", xa, xb);
          bad = 1;
        }
      }
    }
    la = strtok_r(NULL, "\n", &sa);
    lb = strtok_r(NULL, "\n", &sb);
  }
  if (!bad && (la != NULL) != (lb != NULL)) {
    fprintf(out, "%s: the runs have different numbers of rows\n", name);
    bad = 1;
  }
  (void)row;
  free(cols);
  free(a);
  free(b);
  return bad;
}

int diff_runs(const char *a, const char *b, double rtol, double atol, FILE *out) {
  char pa[4096], pb[4096];
  snprintf(pa, sizeof pa, "%s/summary.json", a);
  snprintf(pb, sizeof pb, "%s/summary.json", b);
  FILE *fa = fopen(pa, "r"), *fb = fopen(pb, "r");
  if (fa) fclose(fa);
  if (fb) fclose(fb);
  if (!fa || !fb) {
    fprintf(out, "xposim: %s is not a complete run directory\n", !fa ? a : b);
    return 2;
  }
  int bad = diff_summaries(pa, pb, rtol, atol, out);
  static const char *const traces[] = {"switch.csv", "slots.csv", "asics.csv", "ports.csv",
                                       "coolant.csv", "thermal.csv", "power.csv"};
  for (int i = 0; i < 7; i++) {
    snprintf(pa, sizeof pa, "%s/traces/%s", a, traces[i]);
    snprintf(pb, sizeof pb, "%s/traces/%s", b, traces[i]);
    bad |= diff_csv(traces[i], pa, pb, rtol, atol, out);
  }
  return bad ? 1 : 0;
}
