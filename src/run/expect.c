/* expect.c: compile and evaluate expect lines. */
#include "expect.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "topo/units.h"

typedef struct {
  const char *path;
  expect_metric_t m;
  unit_dim dim;
  double si_per_unit;
  int indexed; /* 1: slot[..], 2: asic[..] */
} metric_def;

static const metric_def METRICS[] = {
    {"switch.throughput", EXM_SWITCH_THROUGHPUT, DIM_RATE, 1e12, 0},
    {"switch.power", EXM_SWITCH_POWER, DIM_POWER, 1, 0},
    {"coolant.return", EXM_COOLANT_RETURN, DIM_TEMP, 1, 0},
    {"power", EXM_SLOT_POWER, DIM_POWER, 1, 1},
    {"junction", EXM_SLOT_JUNCTION, DIM_TEMP, 1, 1},
    {"outlet", EXM_SLOT_OUTLET, DIM_TEMP, 1, 1},
    {"power", EXM_ASIC_POWER, DIM_POWER, 1, 2},
    {"junction", EXM_ASIC_JUNCTION, DIM_TEMP, 1, 2},
};
#define NMETRICS (sizeof METRICS / sizeof METRICS[0])

static const metric_def *metric__of(expect_metric_t m) {
  for (size_t i = 0; i < NMETRICS; i++)
    if (METRICS[i].m == m) return &METRICS[i];
  return NULL;
}

static const char *skip(const char *p) {
  while (isspace((unsigned char)*p)) p++;
  return p;
}

#define FAIL(pos, ...)                 \
  do {                                 \
    snprintf(msg, msgsz, __VA_ARGS__); \
    *at = (int)((pos)-text);           \
    return -1;                         \
  } while (0)

int expect_compile(const char *text, size_t nslots, size_t nasics, expect_t *e, char *msg, size_t msgsz, int *at) {
  memset(e, 0, sizeof *e);
  e->index = -1;
  const char *p = skip(text), *start = p;
  char word[64];
  size_t n = 0;
  while ((isalnum((unsigned char)*p) || *p == '_') && n + 1 < sizeof word) word[n++] = *p++;
  word[n] = 0;
  if (!n) FAIL(p, "expected a KPI name or max(...), min(...), mean(...)");
  unit_dim dim;
  double si_per_unit;
  p = skip(p);
  if (*p == '(') {
    if (!strcmp(word, "max"))
      e->agg = EXA_MAX;
    else if (!strcmp(word, "min"))
      e->agg = EXA_MIN;
    else if (!strcmp(word, "mean"))
      e->agg = EXA_MEAN;
    else
      FAIL(start, "unknown function '%s': expected max, min or mean", word);
    p = skip(p + 1);
    const char *path = p;
    const metric_def *md = NULL;
    if (!strncmp(p, "slot[", 5) || !strncmp(p, "asic[", 5)) {
      int is_asic = p[0] == 'a';
      p += 5;
      if (*p == '*') {
        e->index = -1;
        p++;
      } else {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p || v < 0) FAIL(p, "expected a slot number or * inside [ ]");
        size_t lim = is_asic ? nasics : nslots;
        if ((size_t)v >= lim)
          FAIL(p, "%s[%ld] does not exist: the topology has %zu", is_asic ? "asic" : "slot", v, lim);
        e->index = (int)v;
        p = end;
      }
      if (*p != ']' || p[1] != '.') FAIL(p, "expected ']' then '.' and a quantity name");
      p += 2;
      char q[32];
      size_t k = 0;
      while (isalpha((unsigned char)*p) && k + 1 < sizeof q) q[k++] = *p++;
      q[k] = 0;
      for (size_t i = 0; i < NMETRICS; i++)
        if (METRICS[i].indexed == (is_asic ? 2 : 1) && !strcmp(METRICS[i].path, q)) md = &METRICS[i];
      if (!md)
        FAIL(p - k, "unknown quantity '%s' of %s: expected %s", q, is_asic ? "asic" : "slot",
             is_asic ? "power or junction" : "power, junction or outlet");
    } else {
      char q[64];
      size_t k = 0;
      while ((isalnum((unsigned char)*p) || *p == '.' || *p == '_') && k + 1 < sizeof q) q[k++] = *p++;
      q[k] = 0;
      for (size_t i = 0; i < NMETRICS; i++)
        if (!METRICS[i].indexed && !strcmp(METRICS[i].path, q)) md = &METRICS[i];
      if (!md)
        FAIL(path,
             "unknown series '%s': expected switch.throughput, switch.power, coolant.return, "
             "slot[N].power|junction|outlet or asic[N].power|junction",
             q);
    }
    e->metric = md->m;
    dim = md->dim;
    si_per_unit = md->si_per_unit;
    p = skip(p);
    if (*p != ')') FAIL(p, "expected ')'");
    p = skip(p + 1);
  } else {
    int found = -1;
    for (int i = 0; i < KPI_COUNT_; i++)
      if (!strcmp(kpi_name((kpi_id_t)i), word)) found = i;
    if (found < 0) FAIL(start, "unknown KPI '%s' (the names under \"kpi\" in summary.json)", word);
    e->metric = EXM_KPI;
    e->agg = EXA_NONE;
    e->kpi = found;
    dim = kpi_dim((kpi_id_t)found);
    si_per_unit = kpi_si_per_unit((kpi_id_t)found);
  }
  const char *opat = p;
  if (!strncmp(p, "<=", 2))
    e->op = EXO_LE, p += 2;
  else if (!strncmp(p, ">=", 2))
    e->op = EXO_GE, p += 2;
  else if (!strncmp(p, "==", 2))
    e->op = EXO_EQ, p += 2;
  else if (!strncmp(p, "!=", 2))
    e->op = EXO_NE, p += 2;
  else if (*p == '<')
    e->op = EXO_LT, p++;
  else if (*p == '>')
    e->op = EXO_GT, p++;
  else
    FAIL(opat, "expected a comparison: < <= > >= == !=");
  p = skip(p);
  double si;
  char um[200];
  if (unit_parse(p, dim, &si, um, sizeof um)) FAIL(p, "%s", um);
  if (dim == DIM_TEMP)
    e->rhs = si; /* °C already */
  else
    e->rhs = si / si_per_unit;
  return 0;
}

static double agg__stat(expect_agg_t a, const stat_acc_t *s) {
  if (a == EXA_MAX) return s->max;
  if (a == EXA_MIN) return s->min;
  return stat_mean(s);
}

double expect_value(const expect_t *e, const run_results_t *d) {
  if (e->metric == EXM_KPI) return d->kpi[e->kpi];
  const metric_def *md = metric__of(e->metric);
  double scale = md ? 1.0 / md->si_per_unit : 1.0;
  if (md && md->dim == DIM_TEMP) scale = 1.0;
  const stat_acc_t *arr = NULL;
  size_t n = 0;
  switch (e->metric) {
    case EXM_SWITCH_THROUGHPUT:
      return agg__stat(e->agg, &d->throughput) * scale;
    case EXM_SWITCH_POWER:
      return agg__stat(e->agg, &d->power);
    case EXM_COOLANT_RETURN:
      return agg__stat(e->agg, &d->coolant_return);
    case EXM_SLOT_POWER:
      arr = d->slot_power, n = d->nslots;
      break;
    case EXM_SLOT_JUNCTION:
      arr = d->slot_junction, n = d->nslots;
      break;
    case EXM_SLOT_OUTLET:
      arr = d->slot_outlet, n = d->nslots;
      break;
    case EXM_ASIC_POWER:
      arr = d->asic_power, n = d->nasics;
      break;
    case EXM_ASIC_JUNCTION:
      arr = d->asic_junction, n = d->nasics;
      break;
    default:
      return NAN;
  }
  if (e->index >= 0) return (size_t)e->index < n ? agg__stat(e->agg, &arr[e->index]) : NAN;
  /* [*]: the aggregate over every element (max of maxima, mean of means). */
  double v = e->agg == EXA_MAX ? -INFINITY : e->agg == EXA_MIN ? INFINITY : 0;
  for (size_t i = 0; i < n; i++) {
    double x = agg__stat(e->agg, &arr[i]);
    if (e->agg == EXA_MAX)
      v = x > v ? x : v;
    else if (e->agg == EXA_MIN)
      v = x < v ? x : v;
    else
      v += x / (double)n;
  }
  return v;
}

int expect_holds(const expect_t *e, double v) {
  switch (e->op) {
    case EXO_LT:
      return v < e->rhs;
    case EXO_LE:
      return v <= e->rhs;
    case EXO_GT:
      return v > e->rhs;
    case EXO_GE:
      return v >= e->rhs;
    case EXO_EQ:
      return v == e->rhs;
    default:
      return v != e->rhs;
  }
}

int expect_check_text(const char *text, size_t nslots, size_t nasics, char *msg, size_t msgsz, int *at) {
  expect_t e;
  return expect_compile(text, nslots, nasics, &e, msg, msgsz, at);
}
