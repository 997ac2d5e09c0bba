/* table.c: a CSV file as cells (table.h). */
#include "table.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rundir.h"
#include "trace/trace.h"

static int table_row(table_t *t, const char *line, size_t *cap) {
  size_t want = t->rows ? t->cols : 1;
  const char *p = line, *end = line + strlen(line);
  char tok[1024];
  size_t c = 0;
  for (; p; c++) {
    p = trace_csv_next(p, end, tok, sizeof tok);
    if (t->rows == 0) want = c + 1;
    if (c >= want) continue; /* cut to the header's width */
    size_t at = t->rows * (t->rows ? t->cols : 0) + c;
    if (at >= *cap) {
      size_t nc = *cap ? 2 * *cap : 1024;
      char **v = realloc(t->cells, nc * sizeof *v);
      if (!v) return -1;
      memset(v + *cap, 0, (nc - *cap) * sizeof *v);
      t->cells = v;
      *cap = nc;
    }
    t->cells[at] = strdup(tok);
    if (!t->cells[at]) return -1;
  }
  if (t->rows == 0) t->cols = c;
  for (; c < t->cols; c++) { /* a short row: "" for the rest */
    size_t at = t->rows * t->cols + c;
    if (at >= *cap) {
      size_t nc = 2 * *cap;
      char **v = realloc(t->cells, nc * sizeof *v);
      if (!v) return -1;
      memset(v + *cap, 0, (nc - *cap) * sizeof *v);
      t->cells = v;
      *cap = nc;
    }
  }
  t->rows++;
  return 0;
}

int table_read(const char *path, size_t max_bytes, table_t *t, char *why, size_t whysz) {
  memset(t, 0, sizeof *t);
  struct stat st;
  if (stat(path, &st) || st.st_size > (off_t)max_bytes) {
    snprintf(why, whysz, "%s: %s", path, errno == ENOENT ? "missing" : "larger than a results file can be");
    return -1;
  }
  rundir_csv_t c;
  if (rundir_csv_open(&c, path)) {
    snprintf(why, whysz, "%s: %s", path, strerror(errno));
    return -1;
  }
  size_t cap = 0;
  int r;
  while ((r = rundir_csv_next(&c, why, whysz)) == 1) {
    if (c.line[0] == '#' || (!c.line[0] && t->rows)) continue;
    if (table_row(t, c.line, &cap)) {
      snprintf(why, whysz, "%s: out of memory", path);
      r = -1;
      break;
    }
  }
  rundir_csv_close(&c);
  if (r == 0 && t->rows == 0) {
    snprintf(why, whysz, "%s: empty (no header)", path);
    r = -1;
  }
  if (r < 0) table_free(t);
  return r < 0 ? -1 : 0;
}

void table_free(table_t *t) {
  for (size_t i = 0; t->cells && i < t->rows * t->cols; i++) free(t->cells[i]);
  free(t->cells);
  memset(t, 0, sizeof *t);
}

const char *table_cell(const table_t *t, size_t r, size_t c) {
  if (r >= t->rows || c >= t->cols) return "";
  const char *s = t->cells[r * t->cols + c];
  return s ? s : "";
}

long table_col(const table_t *t, const char *name) {
  for (size_t c = 0; c < t->cols; c++)
    if (!strcmp(table_cell(t, 0, c), name)) return (long)c;
  return -1;
}
