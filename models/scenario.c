/* scenario.c: timeline ordering. */
#include "scenario.h"

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

void scenario_sort(scn_event_t *ev, size_t n) {
  /* Insertion sort: stable, and timelines are short. */
  for (size_t i = 1; i < n; i++) {
    scn_event_t e = ev[i];
    size_t j = i;
    while (j > 0 && ev[j - 1].at > e.at) {
      ev[j] = ev[j - 1];
      j--;
    }
    ev[j] = e;
  }
}
