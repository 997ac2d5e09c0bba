/*
 * columns.h: the trace column registry and the one sampler that writes
 * every trace.
 *
 * Each part declares its columns (file, place in the file, name, unit and a
 * getter that reads the part); the registry depends on the topology only,
 * so the caller knows every file's columns before the run starts. Every
 * sample period the parts compute their interval values, then the sampler
 * fills one row per file from the getters and writes it. A new trace file is
 * one line in the file table of columns.c.
 */
#ifndef XPOSIM_COLUMNS_H
#define XPOSIM_COLUMNS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "switch/part.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  TRACE_SWITCH,
  TRACE_SLOTS,
  TRACE_ASICS,
  TRACE_PORTS,
  TRACE_COOLANT,
  TRACE_THERMAL,
  TRACE_POWER,
  TRACE_FILES
} trace_file_t;

/* A trace file: its name under traces/ and the '#' lines that explain it. */
typedef struct trace_file_desc {
  const char *file;
  const char *title;
  const char *time_note;  /* what time_s means for its values */
  const char *units_note; /* the units its column suffixes stand for */
} trace_file_desc_t;
const trace_file_desc_t *columns_file(trace_file_t f);

/* A getter reads value `index` of a part's state (part: that part's struct). */
typedef double (*column_get_fn)(const void *part, size_t index);
/* Or, for a value the part keeps as a double in one place for the whole
 * run: where it lives. The sampler reads it there, without a call. */
typedef const double *(*column_ref_fn)(const void *part, size_t index);

typedef struct column {
  trace_file_t file;
  uint64_t order; /* place in its file: columns sort by it, ties in declaration order */
  char name[112];
  const char *unit;  /* "W", "C", "Gb/s", "" for a count or a ratio */
  int part;          /* which part's state the getter reads: an index switch.c gives each part */
  column_get_fn get; /* NULL for a column read through ref */
  column_ref_fn ref;
  size_t index;
} column_t;

typedef struct columns {
  column_t *v;
  size_t n, cap;
  size_t first[TRACE_FILES], count[TRACE_FILES]; /* after columns_done */
} columns_t;

/* Place of a column: section (a block of the file), element (a loop, slot,
 * device, port), field (its place in the element). */
static inline uint64_t column_order(unsigned section, size_t element, unsigned field) {
  return ((uint64_t)section << 48) | ((uint64_t)element << 12) | field;
}

void columns_add(columns_t *c, trace_file_t file, uint64_t order, const char *unit, int part, column_get_fn get,
                 size_t index, const char *name_fmt, ...) __attribute__((format(printf, 8, 9)));
/* A column whose value the part keeps as a double at a fixed place. */
void columns_add_ref(columns_t *c, trace_file_t file, uint64_t order, const char *unit, int part, column_ref_fn ref,
                     size_t index, const char *name_fmt, ...) __attribute__((format(printf, 8, 9)));
/* printf's %s, %d, %zu and %% into out (n bytes, cut as vsnprintf cuts);
 * any other conversion is left to vsnprintf. */
void columns_format_name(char *out, size_t n, const char *fmt, va_list ap);
/* A column's value now, however it is read (part: its part's struct). */
static inline double column_value(const column_t *c, const void *part) {
  return c->ref ? *c->ref(part, c->index) : c->get(part, c->index);
}
/* Sort into file order and index the files. */
void columns_done(columns_t *c);
void columns_free(columns_t *c);
/* The names of file f's columns (a malloc'd array of pointers into c). */
const char **columns_names(const columns_t *c, trace_file_t f);
/* Index of a column within its file, or -1. */
long columns_find(const columns_t *c, trace_file_t f, const char *name);

/* The sampler: one row per file, filled from the getters. */
#define COLUMNS_MAX_PARTS 16
/* A column as the sampler reads it: its getter, its part and its index
 * side by side (the registry's columns are 160 bytes apart, names and
 * all; rows are filled every sample). */
typedef struct sampler_getter { /* a cell filled by a call */
  double *to;
  column_get_fn get;
  const void *part;
  size_t index;
} sampler_getter_t;
typedef struct sampler_read { /* a cell copied from where its part keeps it */
  double *to;
  const double *from;
} sampler_read_t;

typedef struct sampler {
  const columns_t *cols;
  const void *parts[COLUMNS_MAX_PARTS]; /* by the index each part's columns carry */
  double *row[TRACE_FILES];
  trace_csv_t *out[TRACE_FILES]; /* NULL: not written */
  /* made at the first fill: the cells read in place, and the others */
  sampler_read_t *reads;
  sampler_getter_t *getters;
  size_t nreads, ngetters;
} sampler_t;
void sampler_init(sampler_t *s, const columns_t *cols, trace_csv_t *const out[TRACE_FILES]);
void sampler_fill(sampler_t *s);
void sampler_write(sampler_t *s, sim_time_t now);
void sampler_free(sampler_t *s);

#ifdef __cplusplus
}
#endif
#endif
