/* libFuzzer target: the topology loader on arbitrary bytes. Any input must
 * give either a topology or positioned errors: never a crash, a hang, a
 * leak or undefined behaviour (built with ASan and UBSan). And a topology
 * it accepts, written as resolved.yaml, must load again and resolve to the
 * same text. */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/expect.h"
#include "topo/topo.h"

/* t as resolved.yaml, in memory (NULL if writing failed). */
static char *resolved(const topo_t *t, size_t *len) {
  char *buf = NULL;
  FILE *f = open_memstream(&buf, len);
  if (!f) return NULL;
  int bad = topo_write_resolved(t, f);
  if (fclose(f) || bad) {
    free(buf);
    return NULL;
  }
  return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  topo_errs_t e;
  topo_errs_init(&e, "fuzz.yaml");
  topo_t *t = topo_load_text("fuzz.yaml", (const char *)data, size, &e, expect_check_text);
  if (!t && e.n == 0) __builtin_trap(); /* a rejection must say why */
  if (t) {
    size_t n1 = 0, n2 = 0;
    char *r1 = resolved(t, &n1);
    if (!r1) __builtin_trap();
    topo_errs_t e2;
    topo_errs_init(&e2, "resolved.yaml");
    topo_t *t2 = topo_load_text("resolved.yaml", r1, n1, &e2, expect_check_text);
    if (!t2) {
      topo_errs_print(&e2, stderr);
      __builtin_trap(); /* what was accepted reads back */
    }
    char *r2 = resolved(t2, &n2);
    /* the same text but for the first line, which names the file */
    const char *a = r1 ? strchr(r1, '\n') : NULL, *b = r2 ? strchr(r2, '\n') : NULL;
    if (!a || !b || strcmp(a, b)) __builtin_trap();
    free(r2);
    topo_free(t2);
    topo_errs_free(&e2);
    free(r1);
  }
  topo_free(t);
  topo_errs_free(&e);
  return 0;
}
