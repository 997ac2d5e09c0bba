/*
 * outdir.h: where xposim may write a run or a sweep. A directory that
 * xposim wrote carries a marker file; xposim replaces only a directory that
 * holds its marker, or an empty one, and refuses anything else: a file, a
 * symbolic link, a directory of foreign files, the current directory or an
 * ancestor of it, or the directory that holds an input. It never deletes
 * what it did not write. It does not write results itself (run.c, sweep.c).
 */
#ifndef XPOSIM_OUTDIR_H
#define XPOSIM_OUTDIR_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OUTDIR_RUN_MARKER ".xposim-run"
#define OUTDIR_SWEEP_MARKER ".xposim-sweep"
#define OUTDIR_SOLVE_MARKER ".xposim-solve"
#define OUTDIR_SENSITIVITY_MARKER ".xposim-sensitivity"

typedef enum { OUTDIR_RUN, OUTDIR_SWEEP, OUTDIR_SOLVE, OUTDIR_SENSITIVITY, OUTDIR_KINDS } outdir_kind_t;

/* Check the output directory named by arg for a run or a sweep whose input
 * files are inputs[0..ninputs). Returns 0 and a normalised copy of the path
 * (trailing slashes removed; the caller frees it) in *out, or -1 (refused)
 * with the reason in why. */
int outdir_prepare(const char *arg, outdir_kind_t kind, const char *const *inputs, size_t ninputs, char **out,
                   char *why, size_t whysz);

/* 1 if path may be replaced by a directory of this kind: it does not exist,
 * or is an empty directory, or a directory holding the kind's marker (and
 * not a symbolic link). Otherwise 0 with the reason in why. */
int outdir_replaceable(const char *path, outdir_kind_t kind, char *why, size_t whysz);

/* Write the marker of kind into dir, holding text (a line or two saying
 * what wrote it). Atomic: a reader sees the whole text or no marker. An
 * existing marker is left as it is. Returns 0 or -1. */
int outdir_mark(const char *dir, outdir_kind_t kind, const char *text);

/* Put the finished directory tmp in place as final, replacing an earlier
 * one of the same kind (moved aside first, removed once tmp is in place).
 * Returns 0 or an exit code, with the reason on err. */
int outdir_publish(const char *tmp, const char *final, outdir_kind_t kind, FILE *err);

/* 1 if dir holds a run, sweep, solve or sensitivity marker: a directory xposim wrote,
 * where plot and report may add their files. */
int outdir_is_ours(const char *dir);

/* The text of dir's marker of kind (the caller frees it), or NULL. */
char *outdir_marker_text(const char *dir, outdir_kind_t kind);

/* Remove what an earlier run or solve into final left behind when killed:
 * final.partial-PID and final.old-PID directories whose process is gone and
 * which hold a marker of xposim's. */
void outdir_clean_stale(const char *final);

#ifdef __cplusplus
}
#endif
#endif
