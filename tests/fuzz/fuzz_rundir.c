/* libFuzzer target: the run-directory readers (rundir.c) on arbitrary bytes,
 * as a summary.json and as a trace CSV. A refused input must say why; an
 * accepted summary must have the shape the readers rely on. */
#define _GNU_SOURCE /* fmemopen */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "report/rundir.h"

static void summary(const uint8_t *data, size_t size) {
  char why[600] = "";
  json_t *root = rundir_parse_summary("fuzz/summary.json", (const char *)data, size, why, sizeof why);
  if (!root) {
    if (!why[0]) __builtin_trap();
    return;
  }
  if (!json_is_boolean(json_object_get(root, "pass")) || !json_is_object(json_object_get(root, "kpi")))
    __builtin_trap();
  (void)rundir_num(json_object_get(root, "kpi"), "max_junction_c");
  json_decref(root);
}

static void csv(const uint8_t *data, size_t size) {
  if (!size) return;
  FILE *f = fmemopen((void *)data, size, "r");
  if (!f) return;
  rundir_csv_t c;
  memset(&c, 0, sizeof c);
  c.f = f;
  c.path = "fuzz/trace.csv";
  char why[600];
  int r;
  while ((r = rundir_csv_next(&c, why, sizeof why)) == 1)
    if (strlen(c.line) != c.len) __builtin_trap(); /* a NUL byte would cut a line short */
  rundir_csv_close(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  summary(data, size);
  csv(data, size);
  return 0;
}
