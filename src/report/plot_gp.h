/*
 * plot_gp.h: what every figure's script needs: text from inputs escaped as
 * gnuplot strings, the outputs each figure writes (PNG, SVG, and a canvas
 * script the HTML report embeds so that it can be zoomed and its curves
 * toggled), and gnuplot run on a script with its output captured.
 * Internal to src/report.
 */
#ifndef XPOSIM_PLOT_GP_H
#define XPOSIM_PLOT_GP_H

#include <stdio.h>

/* "set WHAT '<text>'" with the formatted text escaped as a gnuplot string. */
void gp_set(FILE *f, const char *what, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* After a figure's PNG: the same plot again as NAME.svg and as NAME.js, a
 * canvas function fig_NAME() for the report (the plot must allow replot). */
void gp_outputs(FILE *f, const char *name, int w, int h);
/* Only the canvas terminal and output, for a script that plots each
 * output itself. */
void gp_canvas(FILE *f, const char *name, int w, int h);

/* Run gnuplot on script from inside dir, its output captured in
 * dir/NAME.log (removed when empty); a failure names the figure and
 * gnuplot's line on err. 0 or -1. */
int run_gnuplot(const char *dir, const char *script, FILE *err);

#endif
