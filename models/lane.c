/* lane.c: lane and port capacity (spine level). */
#include "lane.h"

double lane_default_payload_bps(lane_class_t cls) { return cls == LANE_448G ? 400e9 : 200e9; }
const char *lane_class_name(lane_class_t cls) { return cls == LANE_448G ? "448G" : "224G"; }

double port_capacity_bps(const uint8_t *lane_up, int first, int n, double payload_bps) {
  int up = 0;
  for (int i = first; i < first + n; i++) up += lane_up[i] ? 1 : 0;
  return up * payload_bps;
}

double port_carried_bps(double offered_bps, double capacity_bps) {
  double c = offered_bps < capacity_bps ? offered_bps : capacity_bps;
  return c > 0 ? c : 0;
}
