/* host.c: a slot's host channel loss from the cage's geometry (host.h). */
#include "host.h"

#include <math.h>

double host_route_m(const host_cfg_t *h, const cage_cfg_t *cage, int n_asics, int asic, int row, int col) {
  double span = (cage->cols - 1) * cage->col_pitch_m + cage->module_width_m;
  double x_slot = col * cage->col_pitch_m + cage->module_width_m / 2 - span / 2;
  double x_asic = n_asics > 0 ? ((asic + 0.5) / n_asics - 0.5) * span : 0;
  return h->asic_depth_m + fabs(x_slot - x_asic) + row * h->row_length_m;
}

double host_loss_db(const host_cfg_t *h, double route_m, double f_hz) {
  double per_m = h->routing == HOST_FLYOVER ? h->flyover_loss_db_per_m : h->pcb_loss_db_per_m;
  double at_ref = route_m * per_m + h->connectors * h->connector_loss_db + h->fixed_loss_db;
  return at_ref * pow(f_hz / h->ref_hz, h->loss_exponent);
}
