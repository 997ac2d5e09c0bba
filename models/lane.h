/*
 * lane.h: lanes and ports, spine level. A lane carries its payload rate when
 * up and nothing when down; a port groups consecutive lanes of a module and
 * carries min(offered, payload of its up lanes).
 * Not here yet: signaling, FEC, BER, link training (issue 3).
 */
#ifndef XPOSIM_LANE_H
#define XPOSIM_LANE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LANE_MAX_PER_MODULE 128

typedef enum { LANE_224G = 0, LANE_448G = 1 } lane_class_t;

typedef struct lane_cfg {
  lane_class_t cls;
  double payload_bps; /* Ethernet payload per lane: 200e9 (224G class), 400e9 (448G) */
} lane_cfg_t;

typedef struct port_cfg {
  int nports;         /* ports per module, e.g. 8 for 8x1.6T */
  int lanes_per_port; /* lanes / nports */
  double rate_bps;    /* nominal port rate = lanes_per_port * payload */
} port_cfg_t;

/* Default payload of a lane class (IEEE 802.3dj 200 Gb/s per lane; 400 Gb/s
 * for the 448G class). */
double lane_default_payload_bps(lane_class_t cls);
const char *lane_class_name(lane_class_t cls);

/* Capacity of a port whose lanes are lane_up[first .. first+n-1]. */
double port_capacity_bps(const uint8_t *lane_up, int first, int n, double payload_bps);
/* What a port carries: min(offered, capacity), never negative. */
double port_carried_bps(double offered_bps, double capacity_bps);

#ifdef __cplusplus
}
#endif
#endif
