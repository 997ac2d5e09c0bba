/*
 * plot_internal.h: figures of a run drawn outside plot.c. Internal to
 * src/report.
 */
#ifndef XPOSIM_PLOT_INTERNAL_H
#define XPOSIM_PLOT_INTERNAL_H

#include <stdio.h>

/* Columns of ports.csv read at most (64 slots x 16 ports x 5 columns). */
#define PLOT_PORTS_MAX_COLS 8192

/* The per-port pictures port_margin and port_ber into plots (nothing for a
 * run without ports.csv): 0 or -1 (gnuplot failed, said on err). */
int plot_ports(const char *dir, const char *plots, FILE *err);

/* The coolant network of resolved topology t as plots/coolant_schematic
 * (nothing without t or without a loop): 0 or -1. */
struct topo;
int plot_schematic(const char *dir, const char *plots, const struct topo *t, FILE *err);

#endif
