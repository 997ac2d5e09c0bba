/*
 * lane.h: a lane's configuration and the rates derived from it, and ports.
 *
 *   electrical rate = payload × transcode (257/256) × RS n/k (544/514)
 *   line rate       = electrical × (RS bits + pad)/(RS bits) × inner n/k   (with the inner code)
 *                   = electrical                                           (without)
 *   baud            = line rate / log2 M
 *   codeword time   = RS n × m bits / electrical rate   (the lane's cycle)
 *
 * For the 224G class: 200 × 257/256 × 544/514 = 212.5 Gb/s, 106.25 GBd
 * PAM-4, 25.6 ns per codeword; with Hamming(128,120) and 5 pad bits per
 * 5440-bit codeword, 226.875 Gb/s and 113.4375 GBd (IEEE 802.3dj, SFF-8024).
 *
 * SNR of a lane: snr - snr_per_loss × (loss - loss_ref)
 *                    - temp_slope × (Tj - temp_ref) + offset - drops.
 * A port groups consecutive lanes of a module; it is up only when all its
 * lanes carry and their skew spread fits the deskew budget.
 */
#ifndef XPOSIM_LANE_H
#define XPOSIM_LANE_H

#include <stdint.h>

#include "fec.h"
#include "kernel/sim.h"
#include "link.h"

#ifdef __cplusplus
extern "C" {
#endif

#include "xpo_limits.h"

typedef enum { LANE_224G = 0, LANE_448G = 1 } lane_class_t;

typedef struct lane_cfg {
  lane_class_t cls;
  double payload_bps;                                /* 200e9 (224G class), 400e9 (448G) */
  double transcode_ratio;                            /* 257/256 */
  int inner_pad_bits;                                /* pad bits per RS codeword ahead of the inner code */
  fec_cfg_t fec;                                     /* modulation, RS, burst, inner code */
  double snr_db;                                     /* at loss_ref and temp_ref */
  double channel_loss_db, loss_ref_db, snr_per_loss; /* dB of SNR per dB of loss */
  double temp_ref_c, temp_slope_db_per_k;
  double snr_sigma_db;    /* per-lane spread (normal) */
  double snr_quantum_db;  /* SNR is evaluated on this grid */
  double skew_max_s;      /* lane skew drawn uniform in [0, max] at each training */
  double deskew_budget_s; /* a port is up only if its lanes' skew spread fits */
  int frame_bytes;        /* frames lost around an uncorrectable codeword */
  link_cfg_t link;
} lane_cfg_t;

typedef struct port_cfg {
  int nports;         /* ports per module, e.g. 8 for 8x1.6T */
  int lanes_per_port; /* lanes / nports */
  double rate_bps;    /* nominal port rate = lanes_per_port * payload */
} port_cfg_t;

/* Defaults for a lane class (docs/models.md gives the sources). */
void lane_defaults(lane_class_t cls, lane_cfg_t *c);
double lane_default_payload_bps(lane_class_t cls);
const char *lane_class_name(lane_class_t cls);

double lane_electrical_bps(const lane_cfg_t *c);
double lane_line_bps(const lane_cfg_t *c);
double lane_baud(const lane_cfg_t *c);
sim_time_t lane_codeword_ps(const lane_cfg_t *c);
/* A lane's SNR behind a channel of loss_db (dB at its Nyquist frequency). */
double lane_snr(const lane_cfg_t *c, double loss_db, double offset_db, double tj_c);
/* lane_snr without the lane's offset, which lane_snr adds last: every lane of
 * a module shares it (lane_snr = lane_snr_shared + offset, to the bit). */
double lane_snr_shared(const lane_cfg_t *c, double loss_db, double tj_c);
/* Its Nyquist frequency, Hz: half the symbol rate. */
double lane_nyquist_hz(const lane_cfg_t *c);

/* What a port carries: min(offered, capacity), never negative. */
double port_carried_bps(double offered_bps, double capacity_bps);

#ifdef __cplusplus
}
#endif
#endif
