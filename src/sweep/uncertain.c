/* uncertain.c: a design's uncertain parameters (uncertain.h). */
#include "sweep/uncertain.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run/expect.h"
#include "topo/topo.h"
#include "util/exit.h"
#include "util/fileio.h"

/* The node at a key path ("a.b[2].c"), or NULL. */
static const ynode *node_at(const ynode *n, const char *path) {
  char seg[128];
  for (const char *p = path; *p && n;) {
    size_t len = strcspn(p, ".[");
    snprintf(seg, sizeof seg, "%.*s", (int)len, p);
    p += len;
    const ynode *next = NULL;
    if (n->kind == YN_MAP)
      for (size_t i = 0; i < ynode_pairs(n) && !next; i++)
        if (!strcmp(ynode_key(n, i)->str, seg)) next = ynode_val(n, i);
    n = next;
    while (n && *p == '[') {
      unsigned long k = strtoul(p + 1, NULL, 10);
      n = n->kind == YN_SEQ && k < n->n ? n->items[k] : NULL;
      p = strchr(p, ']');
      p = p ? p + 1 : "";
    }
    if (*p == '.') p++;
  }
  return n;
}

typedef struct {
  const ynode *file;
  uncertain_t *v;
  size_t n, cap;
} walk_t;

/* A leaf of the resolved tree: an uncertain parameter if its key has an
 * estimate, its value is a number and the file does not set it. */
static void leaf(walk_t *w, const char *path, const ynode *val) {
  const schema_key_t *k = schema_find_path(path);
  if (!k || (k->type != SK_QTY && k->type != SK_TIME && k->type != SK_INT) || val->kind != YN_SCALAR) return;
  const schema_estimate_t *e = schema_estimate(k->section, k->key);
  if (!e || node_at(w->file, path)) return;
  char *end;
  double def = strtod(val->str, &end);
  if (end == val->str || !isfinite(def)) return;
  if (w->n == w->cap) {
    w->cap = w->cap ? 2 * w->cap : 64;
    w->v = realloc(w->v, w->cap * sizeof *w->v);
    if (!w->v) abort();
  }
  uncertain_t *u = &w->v[w->n++];
  memset(u, 0, sizeof *u);
  snprintf(u->path, sizeof u->path, "%s", path);
  while (*end == ' ') end++;
  snprintf(u->unit, sizeof u->unit, "%s", end);
  u->def = def;
  u->lo = schema_estimate_value(e, def, 0);
  u->hi = schema_estimate_value(e, def, 1);
  u->whole = k->type == SK_INT;
  if (!k->unit[0] && k->type == SK_QTY && k->hi <= 1) { /* a fraction stays one */
    u->lo = fmin(u->lo, k->hi);
    u->hi = fmin(u->hi, k->hi);
  }
  if (u->whole) {
    u->lo = fmax(fmax(k->lo, 1), round(u->lo));
    u->hi = fmin(k->hi, round(u->hi));
  }
}

static void walk(walk_t *w, const ynode *n, char *path, size_t len, size_t cap) {
  if (n->kind == YN_MAP) {
    for (size_t i = 0; i < ynode_pairs(n); i++) {
      int l = snprintf(path + len, cap - len, "%s%s", len ? "." : "", ynode_key(n, i)->str);
      if (l < 0 || (size_t)l >= cap - len) continue;
      const ynode *v = ynode_val(n, i);
      if (v->kind == YN_SCALAR)
        leaf(w, path, v);
      else
        walk(w, v, path, len + (size_t)l, cap);
    }
  } else if (n->kind == YN_SEQ) {
    for (size_t i = 0; i < n->n; i++) {
      int l = snprintf(path + len, cap - len, "[%zu]", i);
      if (l > 0 && (size_t)l < cap - len) walk(w, n->items[i], path, len + (size_t)l, cap);
    }
  }
  path[len] = 0;
}

static ynode *parse_text(const char *name, const char *text, size_t len, FILE *err) {
  int line = 0, col = 0;
  char msg[512];
  ynode *t = ynode_parse(text, len, &line, &col, msg, sizeof msg);
  if (!t) fprintf(err, "%s:%d:%d: %s\n", name, line, col, msg);
  return t;
}

int uncertain_list(const char *file, ynode **tree, uncertain_t **out, size_t *n, FILE *err) {
  topo_errs_t e;
  topo_errs_init(&e, file);
  topo_t *t = topo_load(file, &e, expect_check_text);
  if (!t) topo_errs_print(&e, err);
  topo_errs_free(&e);
  if (!t) return XPO_BAD_INPUT;
  char *res = NULL, *text = NULL;
  size_t res_len = 0, len = 0;
  FILE *m = open_memstream(&res, &res_len);
  if (!m) abort();
  int bad = topo_write_resolved(t, m);
  fclose(m);
  topo_free(t);
  ynode *own = NULL;
  *tree = bad ? NULL : parse_text("(resolved)", res, res_len, err);
  if (*tree && !file_read_all(file, &text, &len, 16u << 20)) own = parse_text(file, text, len, err);
  free(res);
  free(text);
  if (!*tree || !own) {
    ynode_free(own);
    return XPO_INTERNAL;
  }
  walk_t w = {.file = own};
  char path[512] = "";
  walk(&w, *tree, path, 0, sizeof path);
  ynode_free(own);
  *out = w.v;
  *n = w.n;
  return 0;
}

void uncertain_text(const uncertain_t *u, double v, char *buf, size_t n) {
  if (u->whole)
    snprintf(buf, n, "%.0f", v);
  else
    snprintf(buf, n, "%.9g%s%s", v, u->unit[0] ? " " : "", u->unit);
}
