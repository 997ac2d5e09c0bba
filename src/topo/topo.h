/*
 * topo.h: the loader: a topology file into the typed topology (config.h),
 * every default filled in. It reports all the problems of a file at once as
 * FILE:LINE:COLUMN: message. What it does not do: build or run anything.
 */
#ifndef XPOSIM_TOPO_H
#define XPOSIM_TOPO_H

#include <stddef.h>

#include "topo/config.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TOPO_SCHEMA 1

typedef struct topo_err {
  int line, col;
  char msg[320];
} topo_err_t;

typedef struct topo_errs {
  const char *file;
  topo_err_t *v;
  size_t n, cap;
} topo_errs_t;

/* Checks an expect line, which the loader keeps as text and locates but
 * does not understand (expect lines are compiled where runs are judged,
 * run/expect.h: expect_check_text). 0, or -1 with a message and the 0-based
 * offset of the offending part in *at. */
typedef int (*topo_expect_check_fn)(const char *text, size_t nslots, size_t nasics, char *msg, size_t msgsz, int *at);

/* Load and validate a topology file. Returns a topology, or NULL with the
 * problems in errs (errs->file set to path). check_expect may be NULL. */
topo_t *topo_load(const char *path, topo_errs_t *errs, topo_expect_check_fn check_expect);
/* Same, from text in memory (path used in messages only). */
topo_t *topo_load_text(const char *path, const char *text, size_t len, topo_errs_t *errs,
                       topo_expect_check_fn check_expect);
void topo_free(topo_t *t);

/* 1 if s is a valid name (TOPO_NAME_MAX); else 0 and why it is not. */
int topo_name_ok(const char *s, char *why, size_t n);
/* A control.throttle.action step's name ("half-rate"). */
const char *topo_throttle_step_name(int step);

/* The topology as a topology file (FILE *): every key, defaults filled in,
 * quantities in SI units (temperatures in C) to 17 digits, so that loading
 * it gives the same topology. 0, or -1 if a write failed. */
int topo_write_resolved(const topo_t *t, void *file);

/* Default thermal networks (docs/models.md). */
void topo_default_module_thermal(thermal_plate_cfg_t *t);
void topo_default_asic_thermal(thermal_plate_cfg_t *t);

void topo_errs_init(topo_errs_t *e, const char *file);
void topo_errs_free(topo_errs_t *e);
void topo_errs_add(topo_errs_t *e, int line, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Print as FILE:LINE:COLUMN: message, one per line, in file order. */
void topo_errs_print(const topo_errs_t *e, void *stream);

#ifdef __cplusplus
}
#endif
#endif
