/*
 * report.h: one self-contained HTML page that tells the story of a run (the
 * verdict, the switch in a few lines, KPIs by group with units, the events
 * on a timeline, the figures as zoomable canvases) or of a sweep (points
 * passed, axes, a sortable and filterable results table linking each
 * point to its own report, written first, the sweep's figures). Draws the
 * figures first if they are missing.
 * With against: run DIR read against run AGAINST in DIR/report-against.html.
 */
#ifndef XPOSIM_REPORT_H
#define XPOSIM_REPORT_H

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Writes DIR/report.html, or with against (a run directory, else NULL)
 * DIR/report-against.html. 0, 2 (not a run or sweep) or 3. */
int report_write(const char *dir, const char *against, FILE *err);

#ifdef __cplusplus
}
#endif
#endif
