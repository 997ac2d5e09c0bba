/*
 * ynode.c: libyaml events → ynode tree, with positions and limits.
 */
#include "ynode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct {
  yaml_parser_t p;
  int line, col;
  char *msg;
  size_t msgsz;
  size_t nodes;
  int failed;
} ybuild;

static void yb__fail(ybuild *b, const yaml_mark_t *m, const char *what) {
  if (b->failed) return;
  b->failed = 1;
  b->line = (int)m->line + 1;
  b->col = (int)m->column + 1;
  snprintf(b->msg, b->msgsz, "%s", what);
}

static ynode *yb__new(ybuild *b, ynode_kind k, const yaml_mark_t *m) {
  if (++b->nodes > YNODE_MAX_NODES) {
    yb__fail(b, m, "the file has too many YAML nodes (limit 200000)");
    return NULL;
  }
  ynode *n = calloc(1, sizeof *n);
  if (!n) abort();
  n->kind = k;
  n->line = (int)m->line + 1;
  n->col = (int)m->column + 1;
  return n;
}

static void yb__push(ynode *parent, ynode *child) {
  if ((parent->n & (parent->n - 1)) == 0) { /* grow at powers of two */
    size_t cap = parent->n ? parent->n * 2 : 4;
    ynode **it = realloc(parent->items, cap * sizeof *it);
    if (!it) abort();
    parent->items = it;
  }
  parent->items[parent->n++] = child;
}

static int yb__next(ybuild *b, yaml_event_t *ev) {
  if (!yaml_parser_parse(&b->p, ev)) {
    char m[256];
    if (b->p.context)
      snprintf(m, sizeof m, "YAML syntax error: %s %s (which started at line %d, column %d)",
               b->p.problem ? b->p.problem : "unknown", b->p.context, (int)b->p.context_mark.line + 1,
               (int)b->p.context_mark.column + 1);
    else
      snprintf(m, sizeof m, "YAML syntax error: %s", b->p.problem ? b->p.problem : "unknown");
    yb__fail(b, &b->p.problem_mark, m);
    return -1;
  }
  return 0;
}

/* Build the node whose first event is ev (consumed). */
/* Keys of a mapping in name order, ties in document order. */
static int yb__keycmp(const void *a, const void *b) {
  const ynode *x = *(ynode *const *)a, *y = *(ynode *const *)b;
  int c = strcmp(x->str, y->str);
  if (c) return c;
  return x->line != y->line ? (x->line < y->line ? -1 : 1) : (x->col > y->col) - (x->col < y->col);
}

/* A key given twice is an error at its second place, naming the first:
 * sorted, so a mapping of 100 000 keys costs n log n, not n^2. The one
 * reported is the repeat that comes first in the file. */
static void yb__duplicates(ybuild *b, const ynode *map) {
  size_t nk = map->n / 2;
  if (nk < 2) return;
  ynode **keys = malloc(nk * sizeof *keys);
  if (!keys) abort();
  for (size_t i = 0; i < nk; i++) keys[i] = map->items[2 * i];
  qsort(keys, nk, sizeof *keys, yb__keycmp);
  const ynode *first = NULL, *again = NULL;
  for (size_t i = 1; i < nk; i++) {
    if (strcmp(keys[i]->str, keys[i - 1]->str)) continue;
    size_t f = i - 1;
    while (f > 0 && !strcmp(keys[f - 1]->str, keys[i]->str)) f--;
    if (!again || keys[i]->line < again->line || (keys[i]->line == again->line && keys[i]->col < again->col)) {
      first = keys[f];
      again = keys[i];
    }
  }
  if (again) {
    char m[200];
    yaml_mark_t at = {0, (size_t)(again->line - 1), (size_t)(again->col - 1)};
    snprintf(m, sizeof m, "duplicate key '%.80s' (first at line %d)", again->str, first->line);
    yb__fail(b, &at, m);
  }
  free(keys);
}

static ynode *yb__node(ybuild *b, yaml_event_t *ev, int depth) {
  if (depth > YNODE_MAX_DEPTH) {
    yb__fail(b, &ev->start_mark, "nesting is deeper than 32 levels");
    yaml_event_delete(ev);
    return NULL;
  }
  ynode *n = NULL;
  switch (ev->type) {
    case YAML_ALIAS_EVENT:
      yb__fail(b, &ev->start_mark, "YAML aliases (*name) are not supported in topology files");
      break;
    case YAML_SCALAR_EVENT:
      if (ev->data.scalar.anchor) {
        yb__fail(b, &ev->start_mark, "YAML anchors (&name) are not supported in topology files");
        break;
      }
      n = yb__new(b, YN_SCALAR, &ev->start_mark);
      if (!n) break;
      n->str = malloc(ev->data.scalar.length + 1);
      if (!n->str) abort();
      memcpy(n->str, ev->data.scalar.value, ev->data.scalar.length);
      n->str[ev->data.scalar.length] = 0;
      if (strlen(n->str) != ev->data.scalar.length) {
        yb__fail(b, &ev->start_mark, "a value contains a NUL byte");
      }
      n->quoted = ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                  ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
      break;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
      int is_map = ev->type == YAML_MAPPING_START_EVENT;
      if ((is_map && ev->data.mapping_start.anchor) || (!is_map && ev->data.sequence_start.anchor)) {
        yb__fail(b, &ev->start_mark, "YAML anchors (&name) are not supported in topology files");
        break;
      }
      n = yb__new(b, is_map ? YN_MAP : YN_SEQ, &ev->start_mark);
      if (!n) break;
      for (;;) {
        yaml_event_t c;
        if (yb__next(b, &c)) break;
        if (c.type == YAML_SEQUENCE_END_EVENT || c.type == YAML_MAPPING_END_EVENT) {
          yaml_event_delete(&c);
          if (is_map) yb__duplicates(b, n);
          break;
        }
        yaml_mark_t at = c.start_mark;
        ynode *child = yb__node(b, &c, depth + 1);
        if (!child) break;
        if (is_map && (n->n % 2) == 0 && child->kind != YN_SCALAR) {
          yb__fail(b, &at, "a mapping key must be a plain name");
          ynode_free(child);
          break;
        }
        yb__push(n, child);
        if (b->failed) break;
      }
      break;
    }
    default:
      yb__fail(b, &ev->start_mark, "unexpected YAML event");
      break;
  }
  yaml_event_delete(ev);
  if (b->failed) {
    ynode_free(n);
    return NULL;
  }
  return n;
}

ynode *ynode_parse(const char *text, size_t len, int *line, int *col, char *msg, size_t msgsz) {
  ybuild b;
  memset(&b, 0, sizeof b);
  b.msg = msg;
  b.msgsz = msgsz;
  *line = *col = 1;
  if (len > YNODE_MAX_BYTES) {
    snprintf(msg, msgsz, "the file is %zu bytes; topology files are limited to 4 MiB", len);
    return NULL;
  }
  if (memchr(text, 0, len)) {
    const char *z = memchr(text, 0, len);
    int l = 1, c = 1;
    for (const char *p = text; p < z; p++) {
      if (*p == '\n')
        l++, c = 1;
      else
        c++;
    }
    *line = l;
    *col = c;
    snprintf(msg, msgsz, "the file contains a NUL byte: not a YAML text file");
    return NULL;
  }
  if (!yaml_parser_initialize(&b.p)) abort();
  yaml_parser_set_input_string(&b.p, (const unsigned char *)text, len);
  ynode *root = NULL;
  yaml_event_t ev;
  int docs = 0;
  while (!b.failed && !yb__next(&b, &ev)) {
    yaml_event_type_t t = ev.type;
    if (t == YAML_STREAM_END_EVENT) {
      yaml_event_delete(&ev);
      break;
    }
    if (t == YAML_DOCUMENT_START_EVENT) {
      if (++docs > 1) yb__fail(&b, &ev.start_mark, "only one YAML document per file");
      yaml_event_delete(&ev);
      continue;
    }
    if (t == YAML_STREAM_START_EVENT || t == YAML_DOCUMENT_END_EVENT) {
      yaml_event_delete(&ev);
      continue;
    }
    root = yb__node(&b, &ev, 0);
  }
  yaml_parser_delete(&b.p);
  if (b.failed) {
    ynode_free(root);
    *line = b.line;
    *col = b.col;
    return NULL;
  }
  if (!root) {
    snprintf(msg, msgsz, "the file is empty: expected a topology mapping (xposim: 1, name: ...)");
    return NULL;
  }
  return root;
}

void ynode_free(ynode *n) {
  if (!n) return;
  for (size_t i = 0; i < n->n; i++) ynode_free(n->items[i]);
  free(n->items);
  free(n->str);
  free(n);
}

ynode *ynode_get(ynode *map, const char *key) {
  if (!map || map->kind != YN_MAP) return NULL;
  for (size_t i = 0; i + 1 < map->n; i += 2)
    if (!strcmp(map->items[i]->str, key)) {
      map->items[i]->used = 1;
      return map->items[i + 1];
    }
  return NULL;
}

/* ---- editing: sweeps build each point from the base topology ---- */

static void emit_scalar(const char *s, FILE *f) {
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\')
      fprintf(f, "\\%c", *p);
    else if (*p == '\n')
      fputs("\\n", f);
    else if (*p < 0x20)
      fprintf(f, "\\x%02x", *p);
    else
      fputc(*p, f);
  }
  fputc('"', f);
}

void ynode_emit(const ynode *n, FILE *f) {
  if (!n) {
    fputs("null", f);
    return;
  }
  if (n->kind == YN_SCALAR) {
    emit_scalar(n->str, f);
    return;
  }
  int map = n->kind == YN_MAP;
  fputc(map ? '{' : '[', f);
  for (size_t i = 0; i < n->n; i++) {
    if (i) fputs(map && (i % 2) ? ": " : ", ", f);
    ynode_emit(n->items[i], f);
  }
  fputc(map ? '}' : ']', f);
}

static ynode *yn_scalar_plain(const char *s);

/* A value that starts with [ or { is YAML (a list or mapping to insert);
 * anything else is a scalar. */
static ynode *yn_scalar(const char *s) {
  if (s[0] == '[' || s[0] == '{') {
    int line, col;
    char msg[64];
    ynode *n = ynode_parse(s, strlen(s), &line, &col, msg, sizeof msg);
    if (n) return n;
  }
  return yn_scalar_plain(s);
}

static ynode *yn_scalar_plain(const char *s) {
  ynode *n = calloc(1, sizeof *n);
  if (!n) abort();
  n->kind = YN_SCALAR;
  n->line = n->col = 1;
  n->str = malloc(strlen(s) + 1);
  if (!n->str) abort();
  strcpy(n->str, s);
  return n;
}

int ynode_set(ynode *root, const char *path, const char *value, char *msg, size_t msgsz) {
  ynode *cur = root;
  const char *p = path;
  while (*p) {
    char key[128];
    size_t k = 0;
    while (*p && *p != '.' && *p != '[' && k + 1 < sizeof key) key[k++] = *p++;
    key[k] = 0;
    ynode **slot = NULL;
    if (k) {
      if (cur->kind != YN_MAP) {
        snprintf(msg, msgsz, "'%s': '%s' is not inside a mapping", path, key);
        return -1;
      }
      for (size_t i = 0; i + 1 < cur->n; i += 2)
        if (!strcmp(cur->items[i]->str, key)) slot = &cur->items[i + 1];
      if (!slot) { /* a missing key: create it (a mapping unless it is the last) */
        int last = !*p;
        yb__push(cur, yn_scalar_plain(key));
        ynode *v;
        if (last)
          v = yn_scalar(value);
        else {
          v = calloc(1, sizeof *v);
          if (!v) abort();
          v->kind = YN_MAP;
          v->line = v->col = 1;
        }
        yb__push(cur, v);
        slot = &cur->items[cur->n - 1];
        if (last) return 0;
      }
    }
    while (*p == '[') {
      char *end;
      long idx = strtol(p + 1, &end, 10);
      if (end == p + 1 || *end != ']') {
        snprintf(msg, msgsz, "'%s': expected [number]", path);
        return -1;
      }
      ynode *base = slot ? *slot : cur;
      if (base->kind != YN_SEQ || idx < 0 || (size_t)idx >= base->n) {
        snprintf(msg, msgsz, "'%s': there is no item [%ld] there", path, idx);
        return -1;
      }
      slot = &base->items[idx];
      p = end + 1;
    }
    if (*p == '.') p++;
    if (!slot) {
      snprintf(msg, msgsz, "'%s' is not a key path", path);
      return -1;
    }
    if (!*p) { /* the end of the path: replace with the value */
      ynode_free(*slot);
      *slot = yn_scalar(value);
      return 0;
    }
    cur = *slot;
  }
  snprintf(msg, msgsz, "'%s' is empty", path);
  return -1;
}
