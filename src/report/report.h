/*
 * report.h: one self-contained HTML page for a run or a sweep: its figures
 * embedded (PNG as base64), its summary or results table, its expects.
 * Draws the figures first if they are missing.
 */
#ifndef XPOSIM_REPORT_H
#define XPOSIM_REPORT_H

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Writes DIR/report.html. 0, 2 (not a run or sweep) or 3. */
int report_write(const char *dir, FILE *err);

#ifdef __cplusplus
}
#endif
#endif
