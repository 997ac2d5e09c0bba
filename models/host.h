/*
 * host.h: a slot's host channel: from the ASIC's SerDes through the
 * package and its vias, a board trace or a flyover cable, and the
 * connectors, to the module. Its insertion loss at a frequency, from the
 * cage's geometry (docs/models.md "Host channels").
 *
 * Route length: the ASICs sit asic_depth behind the panel, spread evenly
 * across the populated width; a route runs straight back, then across
 * (Manhattan), plus row_length for each row away from the board. Every
 * loss is given at the reference frequency (the 224G class's Nyquist,
 * 53.125 GHz) and scales as (f / ref)^loss_exponent.
 */
#ifndef XPOSIM_HOST_H
#define XPOSIM_HOST_H

#include "cage.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { HOST_FIXED = 0, HOST_PCB = 1, HOST_FLYOVER = 2 } host_routing_t;

typedef struct host_cfg {
  int routing;                  /* host_routing_t; fixed: each module type's lane.channel_loss */
  double asic_depth_m;          /* from the panel's connectors back to the ASICs */
  double row_length_m;          /* extra route per row away from the board */
  double pcb_loss_db_per_m;     /* board trace, at ref_hz */
  double flyover_loss_db_per_m; /* twinax flyover cable, at ref_hz */
  double connector_loss_db;     /* per mated connector, at ref_hz */
  int connectors;
  double fixed_loss_db; /* package and breakout vias, at ref_hz */
  double ref_hz;
  double loss_exponent;
} host_cfg_t;

/* Route length, m, from ASIC `asic` of n_asics to the module at row, col. */
double host_route_m(const host_cfg_t *h, const cage_cfg_t *cage, int n_asics, int asic, int row, int col);
/* Insertion loss, dB, of a route of that length at f_hz. */
double host_loss_db(const host_cfg_t *h, double route_m, double f_hz);

#ifdef __cplusplus
}
#endif
#endif
