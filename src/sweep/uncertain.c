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

/* Whether the file gives the plate that holds source path one lumped die
 * (c_junction, r_junction_plate): its resolved source is the file's. */
static int lumped_in_file(const ynode *file, const char *path) {
  char plate[256];
  const char *s = strstr(path, ".sources[");
  if (!s) return 0;
  int n = (int)(s - path);
  snprintf(plate, sizeof plate, "%.*s.c_junction", n, path);
  if (node_at(file, plate)) return 1;
  snprintf(plate, sizeof plate, "%.*s.r_junction_plate", n, path);
  return node_at(file, plate) != NULL;
}

typedef struct {
  const ynode *file;
  char label[256]; /* the path being walked, list items with their names */
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
  snprintf(u->label, sizeof u->label, "%s", w->label);
  while (*end == ' ') end++;
  snprintf(u->unit, sizeof u->unit, "%s", end);
  u->def = def;
  u->lo = schema_estimate_value(e, def, 0);
  u->hi = schema_estimate_value(e, def, 1);
  u->whole = k->type == SK_INT;
  for (const char *b = strchr(path, '['); b; b = strchr(b + 1, '[')) { /* a list the file leaves to its default */
    snprintf(u->list, sizeof u->list, "%.*s", (int)(b - path), path);
    if (!node_at(w->file, u->list)) break;
    u->list[0] = 0;
  }
  if (k->section == SCH_THERMAL_SOURCE && lumped_in_file(w->file, path)) { /* the file's die, not a default */
    w->n--;
    return;
  }
  if (!k->unit[0] && k->type == SK_QTY && k->hi <= 1) { /* a fraction stays one */
    u->lo = fmin(u->lo, k->hi);
    u->hi = fmin(u->hi, k->hi);
  }
  if (u->whole) {
    u->lo = fmax(fmax(k->lo, 1), round(u->lo));
    u->hi = fmin(k->hi, round(u->hi));
  }
  if (u->lo == u->def && u->hi == u->def) w->n--; /* a relative range of 0: nothing to vary */
}

/* A curve of the resolved tree ([[x, y], ...], psu_efficiency) whose key
 * has an estimate and which the file leaves at its default: one uncertain
 * parameter, a shift of every y. 1 if val was taken as one. */
static int curve_leaf(walk_t *w, const char *path, const ynode *val) {
  const schema_key_t *k = schema_find_path(path);
  const schema_estimate_t *e = k && k->type == SK_SYNTAX ? schema_estimate(k->section, k->key) : NULL;
  if (!e || e->relative || val->n < 2 || val->n > 8) return 0;
  uncertain_t c = {.ncurve = (int)val->n};
  for (size_t i = 0; i < val->n; i++) {
    const ynode *p = val->items[i];
    char *end1 = NULL, *end2 = NULL;
    if (p->kind != YN_SEQ || p->n != 2 || p->items[0]->kind != YN_SCALAR || p->items[1]->kind != YN_SCALAR) return 0;
    c.curve_x[i] = strtod(p->items[0]->str, &end1);
    c.curve_y[i] = strtod(p->items[1]->str, &end2);
    if (*end1 || *end2 || end1 == p->items[0]->str || end2 == p->items[1]->str) return 0;
  }
  if (node_at(w->file, path)) return 1; /* the file's own curve */
  if (w->n == w->cap) {
    w->cap = w->cap ? 2 * w->cap : 64;
    w->v = realloc(w->v, w->cap * sizeof *w->v);
    if (!w->v) abort();
  }
  c.lo = e->lo;
  c.hi = e->hi;
  snprintf(c.path, sizeof c.path, "%s", path);
  snprintf(c.label, sizeof c.label, "%.200s (every point)", w->label);
  w->v[w->n++] = c;
  return 1;
}

/* The name of a list item, if it is a mapping with a scalar name. */
static const char *item_name(const ynode *n) {
  if (n->kind != YN_MAP) return NULL;
  for (size_t i = 0; i < ynode_pairs(n); i++)
    if (!strcmp(ynode_key(n, i)->str, "name") && ynode_val(n, i)->kind == YN_SCALAR) return ynode_val(n, i)->str;
  return NULL;
}

/* path[0, len) and w->label[0, lab) name n; both grow as the walk descends. */
static void walk(walk_t *w, const ynode *n, char *path, size_t len, size_t cap, size_t lab) {
  size_t lcap = sizeof w->label;
  if (n->kind == YN_MAP) {
    for (size_t i = 0; i < ynode_pairs(n); i++) {
      const char *key = ynode_key(n, i)->str;
      int l = snprintf(path + len, cap - len, "%s%s", len ? "." : "", key);
      int m = snprintf(w->label + lab, lcap - lab, "%s%s", lab ? "." : "", key);
      if (l < 0 || (size_t)l >= cap - len || m < 0 || (size_t)m >= lcap - lab) continue;
      const ynode *v = ynode_val(n, i);
      if (v->kind == YN_SCALAR)
        leaf(w, path, v);
      else if (v->kind != YN_SEQ || !curve_leaf(w, path, v))
        walk(w, v, path, len + (size_t)l, cap, lab + (size_t)m);
    }
  } else if (n->kind == YN_SEQ) {
    for (size_t i = 0; i < n->n; i++) {
      const char *name = item_name(n->items[i]);
      int l = snprintf(path + len, cap - len, "[%zu]", i);
      int m = snprintf(w->label + lab, lcap - lab, "[%zu%s%s]", i, name ? " " : "", name ? name : "");
      if (l > 0 && (size_t)l < cap - len && m > 0 && (size_t)m < lcap - lab)
        walk(w, n->items[i], path, len + (size_t)l, cap, lab + (size_t)m);
    }
  }
  path[len] = 0;
  w->label[lab] = 0;
}

void uncertain_shown(const uncertain_t *u, double v, char *buf, size_t n) {
  if (u->ncurve)
    snprintf(buf, n, "%+.9g on every point", v);
  else
    uncertain_text(u, v, buf, n);
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
  walk(&w, *tree, path, 0, sizeof path, 0);
  ynode_free(own);
  *out = w.v;
  *n = w.n;
  return 0;
}

char *uncertain_node_text(const ynode *tree, const char *path) {
  const ynode *n = node_at(tree, path);
  if (!n) return NULL;
  char *text = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&text, &len);
  if (!m) abort();
  ynode_emit(n, m);
  fclose(m);
  return text;
}

void uncertain_text(const uncertain_t *u, double v, char *buf, size_t n) {
  if (u->ncurve) {
    size_t used = (size_t)snprintf(buf, n, "[");
    for (int i = 0; i < u->ncurve && used < n; i++)
      used += (size_t)snprintf(buf + used, n - used, "%s[%.9g, %.9g]", i ? ", " : "", u->curve_x[i],
                               fmin(1, fmax(1e-3, u->curve_y[i] + v)));
    if (used < n) snprintf(buf + used, n - used, "]");
  } else if (u->whole)
    snprintf(buf, n, "%.0f", v);
  else
    snprintf(buf, n, "%.9g%s%s", v, u->unit[0] ? " " : "", u->unit);
}
