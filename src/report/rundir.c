/*
 * rundir.c: summary.json through jansson with its shape checked, and CSV
 * lines of bounded length (see rundir.h). Nothing here trusts a file: a
 * truncated, crafted or foreign file is a message, never a crash.
 */
#include "rundir.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/fileio.h"

static int shape_error(const char *path, const char *what, char *why, size_t n) {
  snprintf(why, n, "%s: not an xposim summary: %s", path, what);
  return -1;
}

static int number_or_null(const json_t *v) { return v && (json_is_number(v) || json_is_null(v)); }

static int check_expects(const char *path, const json_t *ex, char *why, size_t n) {
  if (!json_is_array(ex)) return shape_error(path, "\"expect\" is not an array", why, n);
  size_t i;
  const json_t *e;
  json_array_foreach(ex, i, e) {
    if (!json_is_object(e) || !json_is_string(json_object_get(e, "expr")) ||
        !number_or_null(json_object_get(e, "value")) || !json_is_boolean(json_object_get(e, "pass"))) {
      char what[96];
      snprintf(what, sizeof what, "expect[%zu] needs a string expr, a number value and a boolean pass", i);
      return shape_error(path, what, why, n);
    }
  }
  return 0;
}

static int check_shape(const char *path, const json_t *root, char *why, size_t n) {
  if (!json_is_object(root)) return shape_error(path, "the top level is not an object", why, n);
  if (!json_is_boolean(json_object_get(root, "pass"))) return shape_error(path, "no boolean \"pass\"", why, n);
  const json_t *st = json_object_get(root, "status");
  if (st && !json_is_string(st)) return shape_error(path, "\"status\" is not a string", why, n);
  const json_t *kpi = json_object_get(root, "kpi");
  if (!json_is_object(kpi)) return shape_error(path, "no \"kpi\" object", why, n);
  const char *k;
  const json_t *v;
  json_object_foreach((json_t *)kpi, k, v) {
    if (!number_or_null(v)) {
      char what[160];
      snprintf(what, sizeof what, "kpi \"%.80s\" is not a number", k);
      return shape_error(path, what, why, n);
    }
  }
  const json_t *ex = json_object_get(root, "expect");
  return ex ? check_expects(path, ex, why, n) : 0;
}

json_t *rundir_parse_summary(const char *path, const char *text, size_t len, char *why, size_t whysz) {
  json_error_t je;
  json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
  if (!root) {
    snprintf(why, whysz, "%s:%d:%d: corrupt JSON: %s", path, je.line, je.column, je.text);
    return NULL;
  }
  if (check_shape(path, root, why, whysz)) {
    json_decref(root);
    return NULL;
  }
  return root;
}

json_t *rundir_read_summary(const char *path, char *why, size_t whysz) {
  char *text;
  size_t len;
  errno = 0;
  if (file_read_all(path, &text, &len, RUNDIR_MAX_SUMMARY)) {
    snprintf(why, whysz, "%s: cannot read: %s", path, errno ? strerror(errno) : "a read error");
    return NULL;
  }
  if (len > RUNDIR_MAX_SUMMARY) {
    snprintf(why, whysz, "%s: larger than %u bytes: not an xposim summary", path, RUNDIR_MAX_SUMMARY);
    free(text);
    return NULL;
  }
  json_t *root = rundir_parse_summary(path, text, len, why, whysz);
  free(text);
  return root;
}

double rundir_num(const json_t *obj, const char *key) {
  const json_t *v = json_object_get(obj, key);
  return json_is_number(v) ? json_number_value(v) : NAN;
}

const char *rundir_binding(const json_t *summary) {
  const json_t *b = json_object_get(summary, "binding");
  return json_string_value(json_object_get(b, "sentence"));
}

int rundir_csv_open(rundir_csv_t *c, const char *path) {
  memset(c, 0, sizeof *c);
  c->path = path;
  c->f = fopen(path, "r");
  return c->f ? 0 : -1;
}

int rundir_csv_next(rundir_csv_t *c, char *why, size_t whysz) {
  c->len = 0;
  int ch, any = 0;
  while ((ch = getc_unlocked(c->f)) != EOF) {
    any = 1;
    if (ch == '\n') break;
    if (ch == 0) {
      snprintf(why, whysz, "%s:%ld: a NUL byte: not a text file", c->path, c->lineno + 1);
      return -1;
    }
    if (c->len + 1 >= c->cap) {
      if (c->cap >= RUNDIR_MAX_LINE) {
        snprintf(why, whysz, "%s:%ld: a line longer than %u bytes", c->path, c->lineno + 1, RUNDIR_MAX_LINE);
        return -1;
      }
      c->cap = c->cap ? 2 * c->cap : 4096;
      c->line = realloc(c->line, c->cap);
      if (!c->line) abort();
    }
    c->line[c->len++] = (char)ch;
  }
  if (ferror(c->f)) {
    snprintf(why, whysz, "%s: read error: %s", c->path, strerror(errno));
    return -1;
  }
  if (!any) return 0;
  if (c->len && c->line[c->len - 1] == '\r') c->len--;
  if (!c->line) {
    c->cap = 16;
    c->line = malloc(c->cap);
    if (!c->line) abort();
  }
  c->line[c->len] = 0;
  c->lineno++;
  return 1;
}

void rundir_csv_close(rundir_csv_t *c) {
  if (c->f) fclose(c->f);
  free(c->line);
  memset(c, 0, sizeof *c);
}
