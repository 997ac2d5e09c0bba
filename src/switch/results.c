/* results.c: a run's KPIs and series statistics (results.h). */
#include "switch/results.h"

#include <math.h>

void stat_init(stat_acc_t *s) {
  s->min = INFINITY;
  s->max = -INFINITY;
  s->sum = 0;
  s->w = 0;
  s->n = 0;
}
void stat_add_w(stat_acc_t *s, double v, double w) {
  if (v < s->min) s->min = v;
  if (v > s->max) s->max = v;
  s->sum += v * w;
  s->w += w;
  s->n++;
}
void stat_add(stat_acc_t *s, double v) { stat_add_w(s, v, 1); }
double stat_mean(const stat_acc_t *s) { return s->w > 0 ? s->sum / s->w : (s->n ? (s->min + s->max) / 2 : 0); }

typedef struct {
  const char *name;
  unit_dim dim;
  double si_per_unit; /* SI value of one display unit */
} kpi_def;

static const kpi_def KPIS[KPI_COUNT_] = {
    {"throughput_tbps_mean", DIM_RATE, 1e12},
    {"throughput_tbps_min", DIM_RATE, 1e12},
    {"throughput_tbps_max", DIM_RATE, 1e12},
    {"power_w_peak", DIM_POWER, 1},
    {"power_w_mean", DIM_POWER, 1},
    {"energy_in_j", DIM_ENERGY, 1},
    {"heat_to_coolant_j", DIM_ENERGY, 1},
    {"heat_to_air_j", DIM_ENERGY, 1},
    {"stored_heat_j", DIM_ENERGY, 1},
    {"energy_balance_error", DIM_NONE, 1},
    {"max_junction_c", DIM_TEMP, 1},
    {"max_coolant_c", DIM_TEMP, 1},
    {"link_down_s", DIM_TIME, 1},
    {"feed_current_a_peak", DIM_NONE, 1},
    {"coolant_flow_lpm", DIM_FLOW, 1e-3 / 60},
    {"uncorrectable_codewords", DIM_NONE, 1},
    {"corrected_symbols", DIM_NONE, 1},
    {"pre_fec_ber_max", DIM_NONE, 1},
    {"snr_margin_db_min", DIM_DB, 1},
    {"host_loss_db_max", DIM_DB, 1},
    {"link_flaps", DIM_NONE, 1},
    {"tbps_per_ru", DIM_RATE, 1e12},
    {"lanes_per_ru", DIM_NONE, 1},
    {"thermal_steps", DIM_NONE, 1},
    {"feed_energy_j", DIM_ENERGY, 1},
    {"components_energy_j", DIM_ENERGY, 1},
    {"asic_energy_j", DIM_ENERGY, 1},
    {"dcdc_loss_j", DIM_ENERGY, 1},
    {"vr_loss_j", DIM_ENERGY, 1},
    {"cable_loss_j", DIM_ENERGY, 1},
    {"busbar_loss_j", DIM_ENERGY, 1},
    {"psu_loss_j", DIM_ENERGY, 1},
    {"fan_energy_j", DIM_ENERGY, 1},
    {"bus_voltage_min_v", DIM_VOLTAGE, 1},
    {"brownouts", DIM_NONE, 1},
    {"throttle_actions", DIM_NONE, 1},
    {"power_cap_actions", DIM_NONE, 1},
    {"throttle_reaction_s", DIM_TIME, 1},
    {"thermal_runaway", DIM_NONE, 1},
};

const char *kpi_name(kpi_id_t k) { return k < KPI_COUNT_ ? KPIS[k].name : "?"; }
unit_dim kpi_dim(kpi_id_t k) { return KPIS[k].dim; }
double kpi_si_per_unit(kpi_id_t k) { return KPIS[k].si_per_unit; }
