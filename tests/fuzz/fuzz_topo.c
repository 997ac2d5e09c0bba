/* libFuzzer target: the topology loader on arbitrary bytes. Any input must
 * give either a topology or positioned errors: never a crash, a hang, a
 * leak or undefined behaviour (built with ASan and UBSan). */
#include <stddef.h>
#include <stdint.h>

#include "topo/topo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  topo_errs_t e;
  topo_errs_init(&e, "fuzz.yaml");
  topo_t *t = topo_load_text("fuzz.yaml", (const char *)data, size, &e);
  if (!t && e.n == 0) __builtin_trap(); /* a rejection must say why */
  topo_free(t);
  topo_errs_free(&e);
  return 0;
}
