/*
 * hydraulics.h: steady flow in a coolant loop, solved on its network.
 *
 * Nodes carry pressures; node 0 is the pump suction, the reference (0 Pa).
 * Links: resistances dP = k·Q·|Q| (manifold segments, branches: quick-
 * disconnect pair + cold plate), pumps (dP = s²·a − b·Q² with speed s, the
 * affinity laws; a check valve stops reverse flow; a failed pump carries
 * nothing), and a regulated flow source (a CDU holding its flow). Node
 * pressures are found by damped Newton on the flow balance at every node;
 * the square root at zero flow is smoothed below HYD_DP_LINEAR.
 * hyd_manifold() builds the usual loop: a supply and a return header with
 * one tap per position, branches between them, fed at position 0 and
 * returned at position 0 (direct return, U) or at the last position
 * (reverse return, Z).
 */
#ifndef XPOSIM_HYDRAULICS_H
#define XPOSIM_HYDRAULICS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HYD_DP_LINEAR 1e-2 /* Pa: below this a resistance is linear */

typedef enum { HYD_RES = 0, HYD_PUMP, HYD_SOURCE } hyd_kind_t;

typedef struct hyd_link {
  hyd_kind_t kind;
  int from, to; /* flow is positive from -> to */
  double k;     /* HYD_RES: Pa/(m^3/s)^2; <= 0 or closed: no flow */
  int closed;
  double a, b;  /* HYD_PUMP: shutoff head (Pa), curve coefficient (Pa/(m^3/s)^2) */
  double speed; /* HYD_PUMP: relative speed, 1 = rated */
  double q_set; /* HYD_SOURCE: flow, m^3/s */
  double q;     /* solution: flow, m^3/s */
} hyd_link_t;

typedef struct hyd_net {
  int nnodes;
  hyd_link_t *links;
  size_t nlinks, cap;
  double *p; /* solution: node pressures, Pa (p[0] = 0) */
} hyd_net_t;

void hyd_init(hyd_net_t *n, int nnodes);
void hyd_free(hyd_net_t *n);
int hyd_add(hyd_net_t *n, hyd_link_t l); /* returns the link index */
/* Solve. 0, or -1 if Newton did not converge. */
int hyd_solve(hyd_net_t *n);

typedef enum { HYD_DIRECT_RETURN = 0, HYD_REVERSE_RETURN = 1 } hyd_layout_t;

/* Node numbers of a manifold with m tap positions. */
static inline int hyd_discharge(void) { return 1; }
static inline int hyd_supply_tap(int i) { return 2 + i; }
static inline int hyd_return_tap(int m, int i) { return 2 + m + i; }
static inline int hyd_manifold_nodes(int m) { return 2 + 2 * m; }
/* Feed (discharge -> tap 0), header segments (k_seg between neighbouring
 * taps, both headers) and the return (exit tap -> suction). Returns 0. */
int hyd_manifold(hyd_net_t *n, int m, hyd_layout_t layout, double k_feed, double k_seg);

#ifdef __cplusplus
}
#endif
#endif
