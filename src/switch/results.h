/*
 * results.h: what a run of the switch hands over: its KPIs (the names and
 * units summary.json gives them) and the statistics of its series. The
 * switch fills it; expect lines, summary.json and sweeps read it.
 */
#ifndef XPOSIM_RESULTS_H
#define XPOSIM_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "topo/units.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Minimum, maximum and a weighted mean (weights: durations, or 1). */
typedef struct stat_acc {
  double min, max, sum, w;
  uint64_t n;
} stat_acc_t;

void stat_init(stat_acc_t *s);
void stat_add(stat_acc_t *s, double v);
void stat_add_w(stat_acc_t *s, double v, double w);
double stat_mean(const stat_acc_t *s);

/* The KPI table: names in summary.json, in order. */
typedef enum {
  KPI_THROUGHPUT_TBPS_MEAN = 0,
  KPI_THROUGHPUT_TBPS_MIN,
  KPI_THROUGHPUT_TBPS_MAX,
  KPI_POWER_W_PEAK,
  KPI_POWER_W_MEAN,
  KPI_ENERGY_IN_J,
  KPI_HEAT_TO_COOLANT_J,
  KPI_HEAT_TO_AIR_J,
  KPI_STORED_HEAT_J,
  KPI_ENERGY_BALANCE_ERROR,
  KPI_MAX_JUNCTION_C,
  KPI_MAX_COOLANT_C,
  KPI_LINK_DOWN_S,
  KPI_FEED_CURRENT_A_PEAK,
  KPI_COOLANT_FLOW_LPM,
  KPI_UNCORRECTABLE_CODEWORDS,
  KPI_CORRECTED_SYMBOLS,
  KPI_PRE_FEC_BER_MAX,
  KPI_SNR_MARGIN_DB_MIN,
  KPI_HOST_LOSS_DB_MAX,
  KPI_LINK_FLAPS,
  KPI_TBPS_PER_RU,
  KPI_LANES_PER_RU,
  KPI_THERMAL_STEPS,
  KPI_FEED_ENERGY_J,
  KPI_COMPONENTS_ENERGY_J,
  KPI_ASIC_ENERGY_J,
  KPI_DCDC_LOSS_J,
  KPI_VR_LOSS_J,
  KPI_CABLE_LOSS_J,
  KPI_BUSBAR_LOSS_J,
  KPI_PSU_LOSS_J,
  KPI_FAN_ENERGY_J,
  KPI_BUS_VOLTAGE_MIN_V,
  KPI_BROWNOUTS,
  KPI_THROTTLE_ACTIONS,
  KPI_POWER_CAP_ACTIONS,
  KPI_THROTTLE_REACTION_S,
  KPI_THERMAL_RUNAWAY,
  KPI_MAX_MODULE_JUNCTION_C,
  KPI_MAX_ASIC_JUNCTION_C,
  KPI_MODULE_JUNCTION_MARGIN_K,
  KPI_ASIC_JUNCTION_MARGIN_K,
  KPI_MODULE_POWER_MARGIN_W,
  KPI_COOLANT_MARGIN_K,
  KPI_BRANCH_FLOW_MARGIN_LPM,
  KPI_BUS_VOLTAGE_MARGIN_V,
  KPI_PSU_BUDGET_MARGIN_W,
  KPI_PORT_SNR_MARGIN_DB,
  KPI_PSU_N1_MARGIN_W,
  KPI_PUMP_N1_MARGIN_LPM,
  KPI_BINDING_HEADROOM,
  KPI_MODULE_SHUTDOWNS,
  KPI_ASIC_SHUTDOWNS,
  KPI_ASIC_THROTTLE_ACTIONS,
  KPI_COUNT_
} kpi_id_t;
const char *kpi_name(kpi_id_t k);
/* Its dimension, and the SI value of one unit of it as summary.json shows it
 * (1e12 for Tb/s). */
unit_dim kpi_dim(kpi_id_t k);
double kpi_si_per_unit(kpi_id_t k);
/* How reports show it: a label ("Hottest junction"), its unit ("°C", "" for
 * a count or a ratio) and its group ("Thermal"). */
const char *kpi_label(kpi_id_t k);
const char *kpi_unit(kpi_id_t k);
const char *kpi_group(kpi_id_t k);
/* Its id by summary.json name, or -1. */
int kpi_find(const char *name);
/* The value at the KPI's precision; "none" for a value that means nothing
 * happened (a negative throttle reaction time) or that is not a number. */
void kpi_format(kpi_id_t k, double v, char *buf, size_t n);

/* What a run hands over: its KPIs and the statistics of its series. */
typedef struct run_results {
  double kpi[KPI_COUNT_];
  stat_acc_t throughput, power, coolant_return;
  const stat_acc_t *slot_power, *slot_junction, *slot_outlet;
  const double *slot_margin_db_min; /* per slot: its worst port's SNR margin over the rows */
  size_t nslots;
  const stat_acc_t *asic_power, *asic_junction;
  size_t nasics;
  const struct margins *margins; /* limits, the binding one and settling (switch/margins.h); valid with the graph */
} run_results_t;

#ifdef __cplusplus
}
#endif
#endif
