/*
 * ynode.h: a YAML document as a small tree whose every node knows its line
 * and column, built with libyaml's event parser. The topology loader walks it;
 * nothing else in xposim sees libyaml.
 * Not supported (rejected with a position): anchors and aliases, tags,
 * several documents in one file, nesting deeper than YNODE_MAX_DEPTH.
 */
#ifndef XPOSIM_YNODE_H
#define XPOSIM_YNODE_H

#include <stddef.h>

#include "xpo_limits.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { YN_SCALAR, YN_MAP, YN_SEQ } ynode_kind;

typedef struct ynode {
  ynode_kind kind;
  int line, col;        /* 1-based */
  char *str;            /* scalar text */
  int quoted;           /* scalar was quoted */
  struct ynode **items; /* map: key, value, key, value...; seq: values */
  size_t n;             /* number of items (map: 2 * pairs) */
  int used;             /* a map key the loader consumed (for unknown-key errors) */
} ynode;

/* Parse text of len bytes. On failure returns NULL and fills line, col and
 * msg. */
ynode *ynode_parse(const char *text, size_t len, int *line, int *col, char *msg, size_t msgsz);
void ynode_free(ynode *n); /* accepts NULL */

/* Value for key in a map (marks the key used), or NULL. */
ynode *ynode_get(ynode *map, const char *key);
/* The key node of a map value at pair index i. */
static inline ynode *ynode_key(const ynode *map, size_t pair) { return map->items[2 * pair]; }
static inline ynode *ynode_val(const ynode *map, size_t pair) { return map->items[2 * pair + 1]; }
static inline size_t ynode_pairs(const ynode *map) { return map->n / 2; }

#ifdef __cplusplus
}
#endif
#endif

#ifndef XPOSIM_YNODE_EDIT_H
#define XPOSIM_YNODE_EDIT_H
#include <stdio.h>
#ifdef __cplusplus
extern "C" {
#endif
/* Write the tree as YAML (flow style, every scalar quoted). */
void ynode_emit(const ynode *n, FILE *f);
/* Set the scalar at a key path ("coolant.loops[0].pumps[1].speed") to
 * value, creating missing mapping keys. 0, or -1 with a reason in msg. */
int ynode_set(ynode *root, const char *path, const char *value, char *msg, size_t msgsz);
#ifdef __cplusplus
}
#endif
#endif
