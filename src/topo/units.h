/*
 * units.h: quantities with units, parsed into SI (temperatures into °C, the
 * one exception, since every output column is in °C; a value given in K or °F
 * is converted). Every key of a topology names the dimension it expects; a
 * value of another dimension, or with no unit, is an error.
 * Not here: what a key means or its bounds (topo.c).
 */
#ifndef XPOSIM_UNITS_H
#define XPOSIM_UNITS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  DIM_NONE,        /* a plain number or a percentage: 0.8, 80 % */
  DIM_TIME,        /* s */
  DIM_POWER,       /* W */
  DIM_VOLTAGE,     /* V */
  DIM_ENERGY,      /* J */
  DIM_EPB,         /* J per bit: pJ, pJ/bit */
  DIM_RATE,        /* bit/s */
  DIM_TEMP,        /* °C */
  DIM_TEMP_DIFF,   /* K */
  DIM_FLOW,        /* m^3/s */
  DIM_PRESSURE,    /* Pa */
  DIM_LENGTH,      /* m */
  DIM_THERMAL_R,   /* K/W */
  DIM_HEAT_CAP,    /* J/K */
  DIM_DB,          /* dB */
  DIM_DB_PER_K,    /* dB/K */
  DIM_VOLUME,      /* m^3 */
  DIM_CONDUCTANCE, /* W/K */
  DIM_RESISTANCE,  /* ohm */
  DIM_CURRENT,     /* A */
  DIM_FREQ,        /* Hz */
  DIM_DB_PER_M,    /* dB/m: a line's loss per length */
  DIM_DBM,         /* dBm: an optical power level */
  DIM_VELOCITY,    /* m/s */
  DIM_AREA,        /* m^2 */
  DIM_COUNT_
} unit_dim;

/* What the dimension is called in messages, and an example value. */
const char *unit_dim_name(unit_dim d);
const char *unit_dim_example(unit_dim d);

/* Parse text such as "54 V", "0.5 L/min", "35 C", "12 pJ/bit", "102.4 Tb/s".
 * Returns 0 and the value in SI, or -1 with a message in msg. */
int unit_parse(const char *text, unit_dim want, double *si, char *msg, size_t msgsz);

/* A whole number written as digits only, an optional leading '-' (no
 * spaces, no '+', nothing after): 0 and *v, or -1 (not one, or beyond
 * long). */
int unit_parse_long(const char *text, long *v);
/* The same for an unsigned 64-bit number (no sign at all). */
int unit_parse_u64(const char *text, unsigned long long *v);

/* Write a value in SI back as text in the dimension's display unit. */
void unit_format(double si, unit_dim d, char *buf, size_t bufsz);

#ifdef __cplusplus
}
#endif
#endif
