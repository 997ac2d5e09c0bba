/*
 * table.h: a whole CSV file of a run or sweep directory (a sweep's
 * results.csv) as cells, read as untrusted input: bounded in size, every
 * problem a message naming the file.
 */
#ifndef XPOSIM_TABLE_H
#define XPOSIM_TABLE_H

#include <stddef.h>

/* A whole CSV file (a sweep's results.csv) as cells; '#' lines skipped.
 * Row 0 is the header; a row with fewer cells than the header has "" for
 * the rest, one with more is cut to it. */
typedef struct table {
  char **cells; /* rows x cols */
  size_t rows, cols;
} table_t;

/* 0, or -1 with why filled (missing, larger than max_bytes, a bad line, no
 * header). */
int table_read(const char *path, size_t max_bytes, table_t *t, char *why, size_t whysz);
void table_free(table_t *t);
/* Cell (r, c), "" outside the table. */
const char *table_cell(const table_t *t, size_t r, size_t c);
/* Index of the header cell named name, or -1. */
long table_col(const table_t *t, const char *name);

#endif
