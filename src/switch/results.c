/* results.c: a run's KPIs and series statistics (results.h). */
#include "switch/results.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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
  const char *label, *unit, *group;
  int decimals;         /* shown after the point; < 0: that many significant digits */
  int none_if_negative; /* a negative value means "did not happen" */
} kpi_def;

static const kpi_def KPIS[KPI_COUNT_] = {
    {"throughput_tbps_mean", DIM_RATE, 1e12, "Throughput, mean", "Tb/s", "Traffic", 2, 0},
    {"throughput_tbps_min", DIM_RATE, 1e12, "Throughput, lowest sample", "Tb/s", "Traffic", 2, 0},
    {"throughput_tbps_max", DIM_RATE, 1e12, "Throughput, highest sample", "Tb/s", "Traffic", 2, 0},
    {"power_w_peak", DIM_POWER, 1, "Input power, peak", "W", "Power", 0, 0},
    {"power_w_mean", DIM_POWER, 1, "Input power, mean", "W", "Power", 0, 0},
    {"energy_in_j", DIM_ENERGY, 1, "Energy in", "J", "Energy", 1, 0},
    {"heat_to_coolant_j", DIM_ENERGY, 1, "Heat to the coolant", "J", "Energy", 1, 0},
    {"heat_to_air_j", DIM_ENERGY, 1, "Heat to the air", "J", "Energy", 1, 0},
    {"stored_heat_j", DIM_ENERGY, 1, "Heat stored in the parts", "J", "Energy", 1, 0},
    {"energy_balance_error", DIM_NONE, 1, "Energy balance error (relative)", "", "Energy", -3, 0},
    {"max_junction_c", DIM_TEMP, 1, "Hottest junction", "°C", "Thermal", 1, 0},
    {"max_coolant_c", DIM_TEMP, 1, "Hottest coolant", "°C", "Thermal", 1, 0},
    {"link_down_s", DIM_TIME, 1, "Port time down", "s", "Links", 3, 0},
    {"feed_current_a_peak", DIM_NONE, 1, "Feed current, peak", "A", "Feed", 1, 0},
    {"coolant_flow_lpm", DIM_FLOW, 1e-3 / 60, "Coolant flow", "L/min", "Thermal", 2, 0},
    {"uncorrectable_codewords", DIM_NONE, 1, "Uncorrectable codewords", "", "Links", 0, 0},
    {"corrected_symbols", DIM_NONE, 1, "Corrected RS symbols", "", "Links", -3, 0},
    {"pre_fec_ber_max", DIM_NONE, 1, "Pre-FEC BER, worst", "", "Links", -3, 0},
    {"snr_margin_db_min", DIM_DB, 1, "SNR margin to the FEC limit, worst port", "dB", "Links", 2, 0},
    {"host_loss_db_max", DIM_DB, 1, "Host channel loss, worst lane", "dB", "Links", 1, 0},
    {"link_flaps", DIM_NONE, 1, "Link flaps", "", "Links", 0, 0},
    {"tbps_per_ru", DIM_RATE, 1e12, "Throughput per rack unit", "Tb/s", "Traffic", 1, 0},
    {"lanes_per_ru", DIM_NONE, 1, "Lanes per rack unit", "", "Traffic", 0, 0},
    {"thermal_steps", DIM_NONE, 1, "Thermal steps", "", "Solver", 0, 0},
    {"feed_energy_j", DIM_ENERGY, 1, "Energy from the feed", "J", "Energy", 1, 0},
    {"components_energy_j", DIM_ENERGY, 1, "Energy into module components", "J", "Energy", 1, 0},
    {"asic_energy_j", DIM_ENERGY, 1, "Energy into the ASICs", "J", "Energy", 1, 0},
    {"dcdc_loss_j", DIM_ENERGY, 1, "DC/DC converter loss", "J", "Energy", 1, 0},
    {"vr_loss_j", DIM_ENERGY, 1, "Voltage regulator loss", "J", "Energy", 1, 0},
    {"cable_loss_j", DIM_ENERGY, 1, "Cable loss", "J", "Energy", 1, 0},
    {"busbar_loss_j", DIM_ENERGY, 1, "Busbar loss", "J", "Energy", 1, 0},
    {"psu_loss_j", DIM_ENERGY, 1, "PSU loss", "J", "Energy", 1, 0},
    {"fan_energy_j", DIM_ENERGY, 1, "Fan energy", "J", "Energy", 1, 0},
    {"bus_voltage_min_v", DIM_VOLTAGE, 1, "Bus voltage, lowest", "V", "Feed", 2, 0},
    {"brownouts", DIM_NONE, 1, "Brownouts", "", "Feed", 0, 0},
    {"throttle_actions", DIM_NONE, 1, "Throttle actions", "", "Control", 0, 0},
    {"power_cap_actions", DIM_NONE, 1, "Power-cap actions", "", "Control", 0, 0},
    {"throttle_reaction_s", DIM_TIME, 1, "Throttle reaction time", "s", "Control", 3, 1},
    {"thermal_runaway", DIM_NONE, 1, "Thermal runaway", "", "Thermal", 0, 0},
    {"max_module_junction_c", DIM_TEMP, 1, "Hottest module junction", "°C", "Thermal", 1, 0},
    {"max_asic_junction_c", DIM_TEMP, 1, "Hottest ASIC junction", "°C", "Thermal", 1, 0},
    {"module_junction_margin_k", DIM_TEMP_DIFF, 1, "Module junction, margin to its limit", "K", "Margins", 1, 0},
    {"asic_junction_margin_k", DIM_TEMP_DIFF, 1, "ASIC junction, margin to its limit", "K", "Margins", 1, 0},
    {"module_power_margin_w", DIM_POWER, 1, "Module power, margin to its cap", "W", "Margins", 1, 0},
    {"coolant_margin_k", DIM_TEMP_DIFF, 1, "Coolant outlet, margin to its limit", "K", "Margins", 1, 0},
    {"branch_flow_margin_lpm", DIM_FLOW, 1e-3 / 60, "Flow per module, margin to its limit", "L/min", "Margins", 3, 0},
    {"bus_voltage_margin_v", DIM_VOLTAGE, 1, "Module input voltage, margin to its limit", "V", "Margins", 2, 0},
    {"psu_budget_margin_w", DIM_POWER, 1, "PSU budget, margin", "W", "Margins", 0, 0},
    {"port_snr_margin_db", DIM_DB, 1, "Port SNR margin, margin to its limit", "dB", "Margins", 2, 0},
    {"psu_n1_margin_w", DIM_POWER, 1, "PSU budget with one more PSU failed, margin", "W", "Margins", 0, 0},
    {"pump_n1_margin_lpm", DIM_FLOW, 1e-3 / 60, "Flow per module with one more pump failed, margin", "L/min", "Margins",
     3, 0},
    {"binding_headroom", DIM_NONE, 1, "Headroom of the binding limit (fraction of its range)", "", "Margins", 3, 0},
    {"module_shutdowns", DIM_NONE, 1, "Modules shut down by their firmware", "", "Control", 0, 0},
    {"asic_shutdowns", DIM_NONE, 1, "ASICs shut down by their firmware", "", "Control", 0, 0},
    {"asic_throttle_actions", DIM_NONE, 1, "ASIC throttle steps", "", "Control", 0, 0},
};

const char *kpi_name(kpi_id_t k) { return k < KPI_COUNT_ ? KPIS[k].name : "?"; }
unit_dim kpi_dim(kpi_id_t k) { return KPIS[k].dim; }
double kpi_si_per_unit(kpi_id_t k) { return KPIS[k].si_per_unit; }
const char *kpi_label(kpi_id_t k) { return KPIS[k].label; }
const char *kpi_unit(kpi_id_t k) { return KPIS[k].unit; }
const char *kpi_group(kpi_id_t k) { return KPIS[k].group; }

int kpi_find(const char *name) {
  for (int k = 0; k < KPI_COUNT_; k++)
    if (!strcmp(KPIS[k].name, name)) return k;
  return -1;
}

void kpi_format(kpi_id_t k, double v, char *buf, size_t n) {
  const kpi_def *d = &KPIS[k];
  if (!isfinite(v))
    snprintf(buf, n, "none");
  else if (d->none_if_negative && v < 0)
    snprintf(buf, n, "none");
  else if (d->decimals < 0)
    snprintf(buf, n, "%.*g", -d->decimals, v);
  else
    snprintf(buf, n, "%.*f", d->decimals, v);
  if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1)) /* -0.0: a rounding's sign, not a value's */
    memmove(buf, buf + 1, strlen(buf));
}
