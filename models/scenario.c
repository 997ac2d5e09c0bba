/* scenario.c: timeline ordering (an event's name is the schema table's:
 * src/topo/schema.c). */
#include "scenario.h"

#include "util/numeric.h"

static int scenario__by_time(const void *a, const void *b) {
  const scn_event_t *x = a, *y = b;
  return x->at > y->at ? 1 : x->at < y->at ? -1 : 0;
}

/* Stable: events at the same time keep the file's order. */
void scenario_sort(scn_event_t *ev, size_t n) { sort_stable(ev, n, sizeof *ev, scenario__by_time); }
