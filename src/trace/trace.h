/*
 * trace.h: output writers that know nothing of physics: wide CSV traces with
 * '#' header lines, the event log, a small JSON writer, and the directory
 * handling that makes a run's results appear all at once (written under a
 * temporary name, then renamed).
 */
#ifndef XPOSIM_TRACE_H
#define XPOSIM_TRACE_H

#include <stdint.h>
#include <stdio.h>

#include "kernel/sim.h"
#include "xpo_limits.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct trace_csv {
  FILE *f;
  size_t ncols; /* value columns, after time_s */
  int failed;
  char *buf; /* one row */
  size_t bufcap;
  double *last;      /* each column's last value (bits) ... */
  char *last_text;   /* ... and its text, TRACE_CELL_MAX bytes per column: most cells repeat from row to row */
  uint8_t *last_len; /* 0: none yet */
  char *new_text;    /* scratch: the cells of the row being written whose bits changed */
  uint8_t *new_len;  /* the length of each cell of new_text */
  uint32_t *moved;   /* scratch: the columns of the row being written whose bits changed */
  /* Texts of recently formatted values, by a hash of their bits: in a switch
   * of identical modules most changed cells repeat another column's value */
  struct trace_memo *memo;
  int on_change; /* write a row only where a cell's text changes (and the row before it) */
  int held;      /* rows were left out since the last written row: the last of them was at held_at */
  sim_time_t held_at;
  uint64_t rows_in, rows_out;
} trace_csv_t;

#define TRACE_CELL_MAX 24 /* the longest trace_fmt_g9 text, "-1.23456789e-100", and room */

/* Open path and write the header: '# key: value' lines, then the column row
 * "time_s,<cols...>". Returns 0 or -1 (errno set). */
int trace_csv_open(trace_csv_t *t, const char *path, const char *const *header_lines, size_t nheader,
                   const char *const *cols, size_t ncols);
/* One row at time at. With t->on_change set (after open), a row whose
 * every cell prints as in the row before is left out; before the next row
 * that differs, the last one left out is written, so that a reader holding
 * each row's values until the next row, or drawing straight lines between
 * rows, sees what the full grid shows; close writes the last one left
 * out. */
void trace_csv_row(trace_csv_t *t, sim_time_t at, const double *vals);
int trace_csv_close(trace_csv_t *t); /* 0, or -1 if any write failed */

/* A number with 9 significant digits in %.9g's layout, fast; returns the
 * length written to out (at least 32 bytes). */
int trace_fmt_g9(char *out, double v);

/* CSV cells as RFC 4180 has them: a cell holding a comma, a double quote or
 * a line break is quoted, its quotes doubled (a sweep axis value such as
 * "{ kind: constant, load: 0.3 }" is one cell). */
void trace_csv_cell(FILE *f, const char *s);
/* The cell starting at p (no further than end) into out (cut to outsz - 1
 * bytes, unquoted); returns where the next cell starts, or NULL after the
 * last one of the line. */
const char *trace_csv_next(const char *p, const char *end, char *out, size_t outsz);

/* Seconds from picoseconds, exactly, without trailing zeros ("12.5"). */
void trace_time_s(sim_time_t ps, char *buf, size_t n);

/* The event log. Repeated events are rate-limited: at most
 * TRACE_LOG_MAX_PER_S lines of one kind per simulated second; the rest are
 * counted, and one line says how many were left out (a lane flapping every
 * microsecond would otherwise write gigabytes). */
#define TRACE_LOG_KINDS 64
typedef struct trace_log {
  FILE *f;
  int failed;
  sim_time_t last;
  struct {
    char what[32];
    uint64_t window; /* the simulated second counted, as an index */
    uint64_t count, suppressed;
  } kind[TRACE_LOG_KINDS];
  int nkinds;
} trace_log_t;
int trace_log_open(trace_log_t *l, const char *path);
void trace_log(trace_log_t *l, sim_time_t at, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int trace_log_close(trace_log_t *l);

/* JSON, written as it goes: the caller keeps the structure right. */
typedef struct json_w {
  FILE *f;
  int depth;
  int first[32];
} json_w;
void json_begin(json_w *j, FILE *f);
void json_obj(json_w *j, const char *key); /* key NULL inside an array */
void json_arr(json_w *j, const char *key);
void json_end_obj(json_w *j);
void json_end_arr(json_w *j);
void json_num(json_w *j, const char *key, double v);
void json_u64(json_w *j, const char *key, unsigned long long v);
void json_str(json_w *j, const char *key, const char *v);
void json_bool(json_w *j, const char *key, int v);

/* VCD (IEEE 1364 value change dump), as SystemC's sc_trace writes it, for
 * GTKWave. Timescale 1 ps. Declare scopes and variables, end the
 * definitions, then report changes in time order. */
typedef struct trace_vcd {
  FILE *f;
  int failed;
  sim_time_t last;
  int started;
  unsigned nvars;
} trace_vcd_t;
int trace_vcd_open(trace_vcd_t *v, const char *path);
void trace_vcd_scope(trace_vcd_t *v, const char *name);
void trace_vcd_upscope(trace_vcd_t *v);
unsigned trace_vcd_var(trace_vcd_t *v, int width, const char *name);
void trace_vcd_enddefs(trace_vcd_t *v);
void trace_vcd_change(trace_vcd_t *v, sim_time_t at, unsigned id, int width, unsigned value);
int trace_vcd_close(trace_vcd_t *v);

/* Directories. */
char *trace_path_join(const char *a, const char *b); /* "a/b", malloc'd */
int trace_mkdir_p(const char *path);                 /* 0 or -1 */
int trace_rm_rf(const char *path);                   /* 0 or -1 */
/* Copy a file's bytes to another path through a temporary name (no shell). */
int trace_copy_file(const char *from, const char *to);

#ifdef __cplusplus
}
#endif
#endif
