/*
 * units.c: the unit table and the quantity parser. One table drives parsing,
 * messages and the docs' unit list (docs/topology.md copies it).
 */
#include "units.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *sym;
  unit_dim dim;
  double scale, offset; /* si = value * scale + offset */
} unit_def;

static const unit_def UNITS[] = {
    {"%", DIM_NONE, 0.01, 0},
    {"ps", DIM_TIME, 1e-12, 0},
    {"ns", DIM_TIME, 1e-9, 0},
    {"us", DIM_TIME, 1e-6, 0},
    {"ms", DIM_TIME, 1e-3, 0},
    {"s", DIM_TIME, 1, 0},
    {"min", DIM_TIME, 60, 0},
    {"h", DIM_TIME, 3600, 0},
    {"mW", DIM_POWER, 1e-3, 0},
    {"W", DIM_POWER, 1, 0},
    {"kW", DIM_POWER, 1e3, 0},
    {"mV", DIM_VOLTAGE, 1e-3, 0},
    {"V", DIM_VOLTAGE, 1, 0},
    {"kV", DIM_VOLTAGE, 1e3, 0},
    {"pJ", DIM_ENERGY, 1e-12, 0},
    {"nJ", DIM_ENERGY, 1e-9, 0},
    {"mJ", DIM_ENERGY, 1e-3, 0},
    {"J", DIM_ENERGY, 1, 0},
    {"kJ", DIM_ENERGY, 1e3, 0},
    {"MJ", DIM_ENERGY, 1e6, 0},
    {"Wh", DIM_ENERGY, 3600, 0},
    {"kWh", DIM_ENERGY, 3.6e6, 0},
    {"fJ/bit", DIM_EPB, 1e-15, 0},
    {"pJ/bit", DIM_EPB, 1e-12, 0},
    {"pJ/b", DIM_EPB, 1e-12, 0},
    {"nJ/bit", DIM_EPB, 1e-9, 0},
    {"J/bit", DIM_EPB, 1, 0},
    {"b/s", DIM_RATE, 1, 0},
    {"kb/s", DIM_RATE, 1e3, 0},
    {"Mb/s", DIM_RATE, 1e6, 0},
    {"Gb/s", DIM_RATE, 1e9, 0},
    {"Tb/s", DIM_RATE, 1e12, 0},
    {"Pb/s", DIM_RATE, 1e15, 0},
    {"bps", DIM_RATE, 1, 0},
    {"Gbps", DIM_RATE, 1e9, 0},
    {"Tbps", DIM_RATE, 1e12, 0},
    {"C", DIM_TEMP, 1, 0},
    {"°C", DIM_TEMP, 1, 0},
    {"degC", DIM_TEMP, 1, 0},
    {"K", DIM_TEMP, 1, -273.15},
    {"F", DIM_TEMP, 5.0 / 9.0, -32.0 * 5.0 / 9.0},
    {"°F", DIM_TEMP, 5.0 / 9.0, -32.0 * 5.0 / 9.0},
    {"K", DIM_TEMP_DIFF, 1, 0},
    {"C", DIM_TEMP_DIFF, 1, 0},
    {"°C", DIM_TEMP_DIFF, 1, 0},
    {"mL/min", DIM_FLOW, 1e-6 / 60, 0},
    {"L/min", DIM_FLOW, 1e-3 / 60, 0},
    {"lpm", DIM_FLOW, 1e-3 / 60, 0},
    {"L/s", DIM_FLOW, 1e-3, 0},
    {"L/h", DIM_FLOW, 1e-3 / 3600, 0},
    {"m3/s", DIM_FLOW, 1, 0},
    {"m3/h", DIM_FLOW, 1.0 / 3600, 0},
    {"gpm", DIM_FLOW, 3.785411784e-3 / 60, 0}, /* US gallon */
    {"CFM", DIM_FLOW, 0.028316846592 / 60, 0}, /* cubic feet per minute: fans */
    {"Pa", DIM_PRESSURE, 1, 0},
    {"kPa", DIM_PRESSURE, 1e3, 0},
    {"inH2O", DIM_PRESSURE, 249.0889, 0}, /* inch of water at 4 C: fans */
    {"MPa", DIM_PRESSURE, 1e6, 0},
    {"mbar", DIM_PRESSURE, 100, 0},
    {"bar", DIM_PRESSURE, 1e5, 0},
    {"psi", DIM_PRESSURE, 6894.757293168, 0},
    {"um", DIM_LENGTH, 1e-6, 0},
    {"mm", DIM_LENGTH, 1e-3, 0},
    {"cm", DIM_LENGTH, 1e-2, 0},
    {"m", DIM_LENGTH, 1, 0},
    {"in", DIM_LENGTH, 0.0254, 0},
    {"K/W", DIM_THERMAL_R, 1, 0},
    {"C/W", DIM_THERMAL_R, 1, 0},
    {"mK/W", DIM_THERMAL_R, 1e-3, 0},
    {"J/K", DIM_HEAT_CAP, 1, 0},
    {"kJ/K", DIM_HEAT_CAP, 1e3, 0},
    {"J/C", DIM_HEAT_CAP, 1, 0},
    {"dB", DIM_DB, 1, 0},
    {"dB/K", DIM_DB_PER_K, 1, 0},
    {"dB/C", DIM_DB_PER_K, 1, 0},
    {"mL", DIM_VOLUME, 1e-6, 0},
    {"L", DIM_VOLUME, 1e-3, 0},
    {"m3", DIM_VOLUME, 1, 0},
    {"W/K", DIM_CONDUCTANCE, 1, 0},
    {"W/C", DIM_CONDUCTANCE, 1, 0},
    {"mA", DIM_CURRENT, 1e-3, 0},
    {"A", DIM_CURRENT, 1, 0},
    {"uohm", DIM_RESISTANCE, 1e-6, 0},
    {"mohm", DIM_RESISTANCE, 1e-3, 0},
    {"ohm", DIM_RESISTANCE, 1, 0},
    {"Hz", DIM_FREQ, 1, 0},
    {"kHz", DIM_FREQ, 1e3, 0},
    {"MHz", DIM_FREQ, 1e6, 0},
    {"GHz", DIM_FREQ, 1e9, 0},
    {"dB/m", DIM_DB_PER_M, 1, 0},
    {"dB/cm", DIM_DB_PER_M, 100, 0},
    {"dB/mm", DIM_DB_PER_M, 1000, 0},
    {"dB/in", DIM_DB_PER_M, 1 / 0.0254, 0},
    {"dB/km", DIM_DB_PER_M, 1e-3, 0},
    {"dBm", DIM_DBM, 1, 0},
    {"m/s", DIM_VELOCITY, 1, 0},
    {"ft/min", DIM_VELOCITY, 0.00508, 0},
    {"LFM", DIM_VELOCITY, 0.00508, 0},
    {"mm2", DIM_AREA, 1e-6, 0},
    {"cm2", DIM_AREA, 1e-4, 0},
    {"m2", DIM_AREA, 1, 0},
};
#define NUNITS (sizeof UNITS / sizeof UNITS[0])

static const char *DIM_NAMES[DIM_COUNT_] = {"plain number",
                                            "time",
                                            "power",
                                            "voltage",
                                            "energy",
                                            "energy per bit",
                                            "bit rate",
                                            "temperature",
                                            "temperature difference",
                                            "volumetric flow",
                                            "pressure",
                                            "length",
                                            "thermal resistance",
                                            "heat capacity",
                                            "level in decibels",
                                            "decibels per kelvin",
                                            "volume",
                                            "thermal conductance",
                                            "electrical resistance",
                                            "current",
                                            "frequency",
                                            "loss per length",
                                            "optical power level",
                                            "velocity",
                                            "area"};
static const char *DIM_EXAMPLES[DIM_COUNT_] = {
    "0.8 or 80 %", "10 ms",   "480 W",      "54 V",      "12 J",     "12 pJ/bit", "102.4 Tb/s", "35 C",  "10 K",
    "0.5 L/min",   "150 kPa", "60.8 mm",    "0.05 K/W",  "20 J/K",   "20 dB",     "0.03 dB/K",  "0.5 L", "3 W/K",
    "1 mohm",      "10 A",    "53.125 GHz", "0.8 dB/in", "-4.4 dBm", "3 m/s",     "80 cm2"};
static const char *DIM_DISPLAY[DIM_COUNT_] = {"",  "s",     "W",    "V",  "J",   "pJ/bit", "Gb/s", "C",
                                              "K", "L/min", "kPa",  "mm", "K/W", "J/K",    "dB",   "dB/K",
                                              "L", "W/K",   "mohm", "A",  "GHz", "dB/m",   "dBm"};

const char *unit_dim_name(unit_dim d) { return d < DIM_COUNT_ ? DIM_NAMES[d] : "?"; }
const char *unit_dim_example(unit_dim d) { return d < DIM_COUNT_ ? DIM_EXAMPLES[d] : "?"; }

static void unit__list(unit_dim d, char *buf, size_t n) {
  size_t len = 0;
  buf[0] = 0;
  for (size_t i = 0; i < NUNITS && len + 12 < n; i++) {
    if (UNITS[i].dim != d) continue;
    len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? ", " : "", UNITS[i].sym);
  }
}

int unit_parse(const char *text, unit_dim want, double *si, char *msg, size_t msgsz) {
  while (isspace((unsigned char)*text)) text++;
  char *end = NULL;
  double v = strtod(text, &end);
  if (end == text) {
    snprintf(msg, msgsz, "expected a %s such as '%s', got '%s'", unit_dim_name(want), unit_dim_example(want), text);
    return -1;
  }
  if (!isfinite(v)) {
    snprintf(msg, msgsz, "'%s' is not a finite number", text);
    return -1;
  }
  while (isspace((unsigned char)*end)) end++;
  char sym[32];
  size_t k = 0;
  while (end[k] && !isspace((unsigned char)end[k]) && k + 1 < sizeof sym) {
    sym[k] = end[k];
    k++;
  }
  sym[k] = 0;
  const char *rest = end + k;
  while (isspace((unsigned char)*rest)) rest++;
  if (*rest || end[k]) {
    snprintf(msg, msgsz, "unexpected text after the quantity in '%s'", text);
    return -1;
  }
  if (!sym[0]) {
    if (want == DIM_NONE) {
      *si = v;
      return 0;
    }
    snprintf(msg, msgsz, "'%s' has no unit: expected a %s such as '%s'", text, unit_dim_name(want),
             unit_dim_example(want));
    return -1;
  }
  for (size_t i = 0; i < NUNITS; i++)
    if (UNITS[i].dim == want && !strcmp(UNITS[i].sym, sym)) {
      *si = v * UNITS[i].scale + UNITS[i].offset;
      return 0;
    }
  for (size_t i = 0; i < NUNITS; i++)
    if (!strcmp(UNITS[i].sym, sym)) {
      snprintf(msg, msgsz, "'%s' is a %s, expected a %s such as '%s'", text, unit_dim_name(UNITS[i].dim),
               unit_dim_name(want), unit_dim_example(want));
      return -1;
    }
  char list[256];
  unit__list(want, list, sizeof list);
  if (want == DIM_NONE)
    snprintf(msg, msgsz, "unknown unit '%s': expected a plain number or %%", sym);
  else
    snprintf(msg, msgsz, "unknown unit '%s' for a %s: expected one of %s", sym, unit_dim_name(want), list);
  return -1;
}

void unit_format(double si, unit_dim d, char *buf, size_t bufsz) {
  const char *disp = d < DIM_COUNT_ ? DIM_DISPLAY[d] : "";
  for (size_t i = 0; i < NUNITS; i++)
    if (UNITS[i].dim == d && !strcmp(UNITS[i].sym, disp)) {
      snprintf(buf, bufsz, "%.10g %s", (si - UNITS[i].offset) / UNITS[i].scale, disp);
      return;
    }
  snprintf(buf, bufsz, "%.10g", si);
}

int unit_parse_long(const char *text, long *v) {
  const char *d = text[0] == '-' ? text + 1 : text;
  if (!isdigit((unsigned char)d[0])) return -1;
  char *end;
  errno = 0;
  *v = strtol(text, &end, 10);
  return *end || errno ? -1 : 0;
}

int unit_parse_u64(const char *text, unsigned long long *v) {
  if (!isdigit((unsigned char)text[0])) return -1;
  char *end;
  errno = 0;
  *v = strtoull(text, &end, 10);
  return *end || errno ? -1 : 0;
}
