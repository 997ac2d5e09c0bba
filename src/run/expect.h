/*
 * expect.h: the `expect:` lines of a topology: "METRIC OP QUANTITY", checked
 * after a run. METRIC is a KPI name of summary.json (max_junction_c,
 * throughput_tbps_min, ...) or an aggregate over a series:
 *   max|min|mean(switch.throughput | switch.power | coolant.return
 *                | slot[N|*].power | slot[N|*].junction | slot[N|*].outlet
 *                | asic[N|*].power | asic[N|*].junction)
 * OP is one of < <= > >= == !=; QUANTITY carries a unit of the metric's
 * dimension ("95 C", "100 Tb/s"). Compiled when the file is loaded, so a bad
 * line is a load error with its column.
 */
#ifndef XPOSIM_EXPECT_H
#define XPOSIM_EXPECT_H

#include <stddef.h>
#include <stdint.h>

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

typedef enum {
  EXM_KPI = 0,
  EXM_SWITCH_THROUGHPUT, /* b/s */
  EXM_SWITCH_POWER,      /* W */
  EXM_COOLANT_RETURN,    /* C */
  EXM_SLOT_POWER,
  EXM_SLOT_JUNCTION,
  EXM_SLOT_OUTLET,
  EXM_ASIC_POWER,
  EXM_ASIC_JUNCTION,
  EXM_COUNT_
} expect_metric_t;

typedef enum { EXA_NONE, EXA_MAX, EXA_MIN, EXA_MEAN } expect_agg_t;
typedef enum { EXO_LT, EXO_LE, EXO_GT, EXO_GE, EXO_EQ, EXO_NE } expect_op_t;

typedef struct expect {
  expect_metric_t metric;
  expect_agg_t agg;
  int kpi;   /* index into the KPI table, for EXM_KPI */
  int index; /* slot or asic index; -1 for [*] */
  expect_op_t op;
  double rhs; /* in the metric's display unit */
} expect_t;

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
  KPI_BUS_VOLTAGE_MIN_V,
  KPI_BROWNOUTS,
  KPI_THROTTLE_ACTIONS,
  KPI_POWER_CAP_ACTIONS,
  KPI_THROTTLE_REACTION_S,
  KPI_THERMAL_RUNAWAY,
  KPI_COUNT_
} kpi_id_t;
const char *kpi_name(kpi_id_t k);

/* What a run hands over for evaluation. */
typedef struct expect_data {
  double kpi[KPI_COUNT_];
  stat_acc_t throughput, power, coolant_return;
  const stat_acc_t *slot_power, *slot_junction, *slot_outlet;
  size_t nslots;
  const stat_acc_t *asic_power, *asic_junction;
  size_t nasics;
} expect_data_t;

/* Compile text. On error returns -1, the message in msg and the 0-based
 * offset of the offending part in *at. */
int expect_compile(const char *text, size_t nslots, size_t nasics, expect_t *out, char *msg, size_t msgsz, int *at);
/* The left-hand value in the metric's display unit. */
double expect_value(const expect_t *e, const expect_data_t *d);
int expect_holds(const expect_t *e, double value);
/* expect_compile's verdict alone: the loader's check of expect lines
 * (topo_expect_check_fn). */
int expect_check_text(const char *text, size_t nslots, size_t nasics, char *msg, size_t msgsz, int *at);

#ifdef __cplusplus
}
#endif
#endif
