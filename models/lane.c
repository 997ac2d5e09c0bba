/* lane.c: lane rates derived from parameters; port capacity. */
#include "lane.h"

#include <math.h>

double lane_default_payload_bps(lane_class_t cls) { return cls == LANE_448G ? 400e9 : 200e9; }
const char *lane_class_name(lane_class_t cls) { return cls == LANE_448G ? "448G" : "224G"; }

void lane_defaults(lane_class_t cls, lane_cfg_t *c) {
  c->cls = cls;
  c->payload_bps = lane_default_payload_bps(cls);
  c->transcode_ratio = 257.0 / 256.0;
  c->inner_pad_bits = 5;
  /* soft decision: 802.3dj's inner code is designed for about 4.85e-3 at its
   * input, leaving KP4's 2.4e-4 [est]; the slope [est] (docs/sources.md) */
  c->fec = (fec_cfg_t){4, 544, 514, 10, 0.5, FEC_INNER_OFF, 128, 120, 4.85e-3, 2.4e-4, 3};
  c->snr_db = 20.0; /* [est]: pre-FEC BER about 6e-6 for PAM-4 */
  c->channel_loss_db = 28;
  c->loss_ref_db = 28;
  c->snr_per_loss = 0.5;
  c->temp_ref_c = 60;
  c->temp_slope_db_per_k = 0.03;
  c->snr_sigma_db = 0.3;
  c->snr_quantum_db = 0.01;
  c->skew_max_s = 100e-9;
  c->deskew_budget_s = 180e-9; /* 802.3bs: about 180 ns */
  c->frame_bytes = 1518;
  c->link = (link_cfg_t){2 * SIM_S, 5 * SIM_S, 10 * SIM_MS, 100 * SIM_MS, 5, 2.4e-4};
}

double lane_electrical_bps(const lane_cfg_t *c) {
  return c->payload_bps * c->transcode_ratio * (double)c->fec.rs_n / (double)c->fec.rs_k;
}

double lane_line_bps(const lane_cfg_t *c) {
  double e = lane_electrical_bps(c);
  if (!c->fec.inner) return e;
  double bits = (double)c->fec.rs_n * c->fec.rs_m;
  return e * (bits + c->inner_pad_bits) / bits * (double)c->fec.inner_n / (double)c->fec.inner_k;
}

double lane_baud(const lane_cfg_t *c) { return lane_line_bps(c) / log2((double)c->fec.levels); }

sim_time_t lane_codeword_ps(const lane_cfg_t *c) {
  return sim_from_s((double)c->fec.rs_n * c->fec.rs_m / lane_electrical_bps(c));
}

double lane_nyquist_hz(const lane_cfg_t *c) { return lane_baud(c) / 2; }

double lane_snr_shared(const lane_cfg_t *c, double loss_db, double tj_c) {
  return c->snr_db - c->snr_per_loss * (loss_db - c->loss_ref_db) - c->temp_slope_db_per_k * (tj_c - c->temp_ref_c);
}

double lane_snr(const lane_cfg_t *c, double loss_db, double offset_db, double tj_c) {
  return lane_snr_shared(c, loss_db, tj_c) + offset_db;
}

double port_carried_bps(double offered_bps, double capacity_bps) {
  double c = offered_bps < capacity_bps ? offered_bps : capacity_bps;
  return c > 0 ? c : 0;
}
