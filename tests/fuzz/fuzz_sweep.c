/* libFuzzer target: the sweep file loader on arbitrary bytes (spec.c). */
#include <stddef.h>
#include <stdint.h>

#include "sweep/spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  topo_errs_t e;
  topo_errs_init(&e, "fuzz-sweep.yaml");
  sweep_t s;
  if (sweep__load_text("fuzz-sweep.yaml", (const char *)data, size, &s, &e) && e.n == 0) __builtin_trap();
  sweep__free(&s);
  topo_errs_free(&e);
  return 0;
}
