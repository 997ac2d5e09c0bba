/*
 * report_internal.h: the parts of the HTML report (report.h) that
 * report.c puts together. Internal to src/report.
 */
#ifndef XPOSIM_REPORT_INTERNAL_H
#define XPOSIM_REPORT_INTERNAL_H

#include <jansson.h>
#include <stdio.h>

/* Pass or fail first, with how many expects hold or why the run failed. */
void report_verdict(FILE *f, const json_t *sum);
/* The KPIs of a summary's "kpi" object by group, with labels and units. */
void report_kpis(FILE *f, const json_t *kpi);
/* DIR/events.log as a timeline strip and a table (end_s: the run's end). */
void report_events(FILE *f, const char *dir, double end_s);

/* The body of a run's page (summary already read and checked); returns the
 * figures embedded. */
int report_run_page(FILE *f, const char *dir, const json_t *sum);
/* The body of a sweep's page from DIR/results.csv: 0, or -1 with a
 * message on err. */
int report_sweep_page(FILE *f, const char *dir, FILE *err);
/* write_one on each finished point of the sweep in DIR (its row in
 * results.csv, its summary.json present), in row order, stopping at the
 * first that fails: 0, or that failure's exit code (2 when results.csv is
 * unreadable). */
int report_sweep_points(const char *dir, int (*write_one)(const char *point_dir, FILE *err), FILE *err);
/* The body of a solve's page from DIR/solve.json and solve.csv, and of a
 * sensitivity study's from DIR/sensitivity.csv and its tornado: 0, or -1
 * with a message on err. */
int report_solve_page(FILE *f, const char *dir, FILE *err);
int report_sensitivity_page(FILE *f, const char *dir, FILE *err);
/* write_one on each run of the solve in DIR that finished (its row in
 * solve.csv, its summary.json present): 0, or the first failure's exit
 * code (2 when solve.csv is unreadable). */
int report_solve_runs(const char *dir, int (*write_one)(const char *run_dir, FILE *err), FILE *err);
/* The body of the page comparing run a with run b: 0, or 2 with a
 * message on err (either is not a complete run). */
int report_against_page(FILE *f, const char *a, const json_t *sa, const char *b, const json_t *sb, FILE *err);

#endif
