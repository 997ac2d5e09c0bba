/*
 * plot.h: gnuplot figures for a run directory: throughput, power, junction
 * and coolant temperatures. Each figure's script is written beside its PNG
 * and SVG in DIR/plots/ so a user can edit and re-run it.
 */
#ifndef XPOSIM_PLOT_H
#define XPOSIM_PLOT_H

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A run directory's figures, or a sweep directory's (it has results.csv):
 * each KPI against the first axis (a line per value of the second), a
 * heatmap of the hottest junction over two axes, the Pareto scatter.
 * Returns 0, 2 (not a run or sweep directory) or 3 (gnuplot failed). */
int plot_run(const char *dir, FILE *err);
int plot_sweep(const char *dir, FILE *err);

/* A sensitivity study's tornado (its sensitivity.csv): the fifteen
 * estimates that move the first KPI most, each bar from the design as it
 * is to the KPI at the low and at the high end. 0, 2 or 3 as above. */
int plot_tornado(const char *dir, FILE *err);

/* 1 if dir holds xposim's run or sweep marker; else 0 and a message on err. */
int plot_dir_is_ours(const char *dir, FILE *err);

/* s as a gnuplot single-quoted string: quotes doubled, control characters
 * (which would end the command) replaced by '?'. Every text that reaches a
 * gnuplot script from an input goes through here. */
void plot_gp_str(FILE *f, const char *s);

#ifdef __cplusplus
}
#endif
#endif
