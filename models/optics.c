/* optics.c: the optical line and a module kind's link budget. */
#include "optics.h"

#include <math.h>

void line_defaults(module_kind_t kind, line_cfg_t *c) {
  c->retiming = kind == MODULE_LPO ? RETIME_NONE : kind == MODULE_LRO ? RETIME_TRANSMIT : RETIME_FULL;
  c->reach_m = 500;                /* DR: 500 m */
  c->fibre_loss_db_per_m = 0.5e-3; /* OS1a cabled fibre, 0.5 dB/km */
  c->connection_loss_db = 2.75;    /* DR's connection and splice allocation */
  c->tx_oma_dbm = 1.5;             /* [est] between the DR spec's -0.8 and 4.2 dBm */
  c->sensitivity_dbm = -4.4;       /* DR receiver sensitivity (OMA outer) */
  c->sensitivity_ber = 2.4e-4;     /* ... at KP4's threshold */
  c->snr_ceiling_db = 30;          /* [est] */
  c->tx_linear_loss_db = 3;        /* [est] */
  c->rx_linear_loss_db = 2;        /* [est] */
  c->host_serdes_extra_w = kind == MODULE_LPO ? 0.25 : kind == MODULE_LRO ? 0.1 : 0; /* [est] */
}

const char *retiming_name(int r) { return r == RETIME_NONE ? "none" : r == RETIME_TRANSMIT ? "transmit" : "full"; }

double line_rx_oma_dbm(const line_cfg_t *c) {
  return c->tx_oma_dbm - c->reach_m * c->fibre_loss_db_per_m - c->connection_loss_db;
}

double line_snr_db(const line_cfg_t *c, const fec_cfg_t *f) {
  double rx = fec_snr_for_ber(f, c->sensitivity_ber) + 2 * (line_rx_oma_dbm(c) - c->sensitivity_dbm);
  return snr_cascade_db(rx, c->snr_ceiling_db);
}

double snr_cascade_db(double a_db, double b_db) { return -10 * log10(pow(10, -a_db / 10) + pow(10, -b_db / 10)); }

double snr_retimed_db(const fec_cfg_t *f, double a_db, double b_db) {
  double ber_a = fec_line_ber(f, a_db), ber_b = fec_line_ber(f, b_db);
  if (ber_b <= 0) return a_db; /* a segment without errors (beyond double precision) changes nothing */
  if (ber_a <= 0) return b_db;
  return fec_snr_for_ber(f, ber_a + ber_b);
}

double line_lane_snr_db(const line_cfg_t *c, double host_snr_db, double snr_per_loss, double line_db,
                        double retimed_db) {
  if (c->retiming == RETIME_FULL) return retimed_db;
  double rx_linear = snr_cascade_db(host_snr_db - snr_per_loss * c->rx_linear_loss_db, line_db);
  if (c->retiming == RETIME_TRANSMIT) return retimed_db < rx_linear ? retimed_db : rx_linear;
  double tx_linear = snr_cascade_db(host_snr_db - snr_per_loss * c->tx_linear_loss_db, line_db);
  return tx_linear < rx_linear ? tx_linear : rx_linear;
}
