/*
 * optics.h: a module's optical line and the link budget its kind implies
 * (docs/models.md "Link budgets").
 *
 * The line: the far transmitter launches tx_oma (OMA, dBm); the fibre
 * loses reach x fibre_loss and the connections connection_loss; the
 * receiver reaches sensitivity_ber at sensitivity (OMA, dBm). A PIN/TIA
 * receiver is thermal-noise limited, so its electrical SNR moves 2 dB per
 * dB of optical power:
 *
 *   snr_line = 1 / (1 / snr_rx + 1 / snr_ceiling)        (linear powers)
 *   snr_rx   = SNR(sensitivity_ber) + 2 (OMA_rx - sensitivity)
 *
 * The budget: a retimed direction ends the host channel at the module's
 * DSP, so its two segments' bit errors add (BER_host + BER_line). A linear
 * direction has no retimer: the module's own electrical path (its linear
 * loss) joins the host channel, and the host SerDes sees the host noise and
 * the line noise together (the noise powers add). A lane carries only if
 * both directions close, so its SNR is the worse direction's.
 *   DSP (full):      both directions retimed
 *   LRO (transmit):  transmit retimed, receive linear
 *   LPO (none):      both directions linear
 */
#ifndef XPOSIM_OPTICS_H
#define XPOSIM_OPTICS_H

#include "fec.h"
#include "power.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { RETIME_FULL = 0, RETIME_TRANSMIT = 1, RETIME_NONE = 2 } retiming_t;

typedef struct line_cfg {
  int retiming;               /* retiming_t; the default follows the module kind */
  double reach_m;             /* fibre length */
  double fibre_loss_db_per_m; /* cabled single-mode fibre at 1310 nm */
  double connection_loss_db;  /* connectors and splices, the channel's allocation */
  double tx_oma_dbm;          /* launched OMA (outer) */
  double sensitivity_dbm;     /* receiver sensitivity (OMA outer) at sensitivity_ber */
  double sensitivity_ber;     /* the BER the sensitivity is specified at */
  double snr_ceiling_db;      /* the line's SNR with unlimited power: laser RIN, eye closure */
  double tx_linear_loss_db;   /* a linear transmit path's loss inside the module (driver, traces) */
  double rx_linear_loss_db;   /* a linear receive path's loss inside the module (TIA, traces) */
  double host_serdes_extra_w; /* per active lane, at the ASIC's SerDes, above driving a retimed module */
} line_cfg_t;

/* The defaults for a module kind (docs/sources.md gives each). */
void line_defaults(module_kind_t kind, line_cfg_t *c);
const char *retiming_name(int r);

/* The received OMA, dBm, and the line's SNR at the receiver, dB. */
double line_rx_oma_dbm(const line_cfg_t *c);
double line_snr_db(const line_cfg_t *c, const fec_cfg_t *f);

/* Two noise sources in one linear path: 1 / (1/a + 1/b), in dB. */
double snr_cascade_db(double a_db, double b_db);
/* Two retimed segments in series: the SNR whose BER is BER(a) + BER(b). */
double snr_retimed_db(const fec_cfg_t *f, double a_db, double b_db);

/* A lane's SNR through its budget: host_snr_db is the host channel's SNR
 * at its own loss (lane_snr); snr_per_loss converts the module's linear
 * loss into host SNR; retimed_db is snr_retimed_db(host, line), passed in
 * so callers can cache it. */
double line_lane_snr_db(const line_cfg_t *c, double host_snr_db, double snr_per_loss, double line_db,
                        double retimed_db);

#ifdef __cplusplus
}
#endif
#endif
