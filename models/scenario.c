/* scenario.c: timeline ordering. */
#include "scenario.h"

#include "numeric.h"

const char *scenario_kind_name(scn_kind_t k) {
  switch (k) {
    case SCN_LOAD:
      return "load";
    case SCN_SUPPLY:
      return "supply";
    case SCN_LANE_DOWN:
      return "lane-down";
    case SCN_LANE_UP:
      return "lane-up";
    case SCN_SNR_DROP:
      return "snr-drop";
    case SCN_MODULE_PULL:
      return "module-pull";
    case SCN_MODULE_INSERT:
      return "module-insert";
    case SCN_PUMP_FAIL:
      return "pump-fail";
    case SCN_PUMP_RESTORE:
      return "pump-restore";
    case SCN_BLOCKED:
      return "blocked";
    case SCN_LEAK:
      return "leak";
    case SCN_PSU_FAIL:
      return "psu-fail";
    case SCN_PSU_RESTORE:
      return "psu-restore";
  }
  return "?";
}

static int scenario__by_time(const void *a, const void *b) {
  const scn_event_t *x = a, *y = b;
  return x->at > y->at ? 1 : x->at < y->at ? -1 : 0;
}

/* Stable: events at the same time keep the file's order. */
void scenario_sort(scn_event_t *ev, size_t n) { sort_stable(ev, n, sizeof *ev, scenario__by_time); }
