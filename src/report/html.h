/*
 * html.h: the pieces of xposim's HTML pages (report.h): escaping, the page
 * frame with its style and the gnuplot canvas library inlined (so a page
 * stands alone), and a directory's figures as zoomable canvases.
 * Internal to src/report.
 */
#ifndef XPOSIM_HTML_H
#define XPOSIM_HTML_H

#include <stdio.h>

/* s with < > & " ' escaped. */
void html_esc(FILE *f, const char *s);
void html_esc_n(FILE *f, const char *s, size_t n);

/* The page up to <body>: title, style, the error counter a browser test
 * reads (data-errors on <body>), and gnuplot's canvas scripts inlined
 * when gnuplot's js directory is found (else figures fall back to PNG). */
void html_begin(FILE *f, const char *title);
/* The closing script (the self-test behind #selftest: a scripted zoom on
 * the first figure) and </body></html>. */
void html_end(FILE *f);

/* Every figure of plots_dir in the order of `order` (names without
 * extension), then the rest by name: a canvas that zooms (right-drag) and
 * hides curves (its buttons) where NAME.js exists and the library was
 * inlined, else the PNG embedded; links to the PNG and SVG as
 * href_prefix/NAME.png. Returns the figures written. */
int html_figures(FILE *f, const char *plots_dir, const char *href_prefix, const char *const *order, size_t norder);

/* One figure, NAME of plots_dir, the same way: 1, or 0 if it has none. */
int html_figure(FILE *f, const char *plots_dir, const char *href_prefix, const char *name);

/* Open DIR/NAME.tmp-PID for writing; html_commit renames it over DIR/NAME
 * (0), or removes it and says why (-1). */
FILE *html_open(const char *out, char *tmp, size_t tmpsz, FILE *err);
int html_commit(FILE *f, const char *tmp, const char *out, FILE *err);

#endif
