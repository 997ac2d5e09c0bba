/*
 * probe.h: one run of a topology tree for the studies that drive whole
 * runs in one process (solve, sensitivity): the tree written as the run's
 * topology file, loaded and checked by the ordinary loader, run quietly
 * into its own run directory.
 */
#ifndef XPOSIM_PROBE_H
#define XPOSIM_PROBE_H

#include <stdio.h>

#include "run/outdir.h"
#include "topo/topo.h"
#include "topo/ynode.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The tree written to yaml_path and loaded; NULL with the loader's messages
 * on err, introduced by what ("coolant.flow = 2 L/min"). The run records
 * its file as published_path: where yaml_path is once the study's
 * directory is published (its summary and resolved.yaml name a file that
 * exists). */
topo_t *probe_load(const ynode *tree, const char *yaml_path, const char *published_path, const char *what, FILE *err);

/* Run t into dir (native kernel, quiet). The run's own messages (a failed
 * expect is a study's answer, not news) go to *said (the caller frees it).
 * Returns run_topology's exit code. */
int probe_run(const topo_t *t, const char *dir, char **said);

/* A study's directory: -o arg checked for kind (input: the topology file),
 * *final its path (free it), tmp the working copy "final.partial-PID",
 * created and marked, with runs/ in it. Returns 0 or an exit code. */
int probe_dir_start(const char *arg, outdir_kind_t kind, const char *input, char **final, char *tmp, size_t tmpsz,
                    FILE *err);

/* A run's summary.json: its "pass" and a KPI's value by name (NaN if the
 * run has none). NULL if it cannot be read (the reason on err). */
struct json_t;
struct json_t *probe_summary(const char *run_dir, FILE *err);

#ifdef __cplusplus
}
#endif
#endif
