/*
 * rundir.h: reading what a run or sweep directory holds, as untrusted
 * input. summary.json is parsed with jansson and its shape checked; trace
 * and results CSV files are read a line at a time with a bounded line
 * length. Every problem is a message naming the file and, where known, the
 * line and column. It writes nothing and knows nothing of physics.
 */
#ifndef XPOSIM_RUNDIR_H
#define XPOSIM_RUNDIR_H

#include <jansson.h>
#include <stdio.h>

#include "xpo_limits.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Parse summary.json text (path names it in messages) and check its
 * shape: an object with a boolean "pass", an object "kpi" of numbers (or
 * null), and where present an array "expect" of objects with a string
 * "expr", a number or null "value" and a boolean "pass", and a string
 * "status". Returns the root (json_decref it), or NULL with why filled
 * ("PATH:LINE:COL: what"). */
json_t *rundir_parse_summary(const char *path, const char *text, size_t len, char *why, size_t whysz);
/* The same from the file at path. */
json_t *rundir_read_summary(const char *path, char *why, size_t whysz);

/* A number member of obj (NaN for null or missing). */
double rundir_num(const json_t *obj, const char *key);
/* The sentence naming the limit that binds first (summary.json
 * "binding"), or NULL if the run has none. */
const char *rundir_binding(const json_t *summary);

/* A CSV file read a line at a time. */
typedef struct rundir_csv {
  FILE *f;
  const char *path;
  char *line;
  size_t cap, len;
  long lineno;
} rundir_csv_t;

int rundir_csv_open(rundir_csv_t *c, const char *path); /* 0 or -1 (errno) */
/* The next line without its line break into c->line: 1, 0 at the end, or
 * -1 with why filled (a read error, a NUL byte, a line over
 * RUNDIR_MAX_LINE). */
int rundir_csv_next(rundir_csv_t *c, char *why, size_t whysz);
void rundir_csv_close(rundir_csv_t *c);

#ifdef __cplusplus
}
#endif
#endif
