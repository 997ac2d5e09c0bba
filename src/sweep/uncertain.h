/*
 * uncertain.h: the uncertain parameters of a design: every key of its
 * resolved form (every default filled in) whose default is an estimate
 * with a range in the schema table and which the file leaves at its
 * default. What the architect set is theirs; what xposim estimated is
 * what could move the answer.
 */
#ifndef XPOSIM_UNCERTAIN_H
#define XPOSIM_UNCERTAIN_H

#include <stddef.h>
#include <stdio.h>

#include "topo/schema.h"
#include "topo/ynode.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct uncertain {
  char path[192];     /* as sweeps write key paths */
  char label[256];    /* the path with the name of each named list item: "sources[1 laser_driver]" */
  double def, lo, hi; /* in unit, as resolved.yaml writes the key */
  char unit[24];
  int whole;      /* a whole number */
  char list[192]; /* a list on the path the file does not hold ("...thermal.sources"): set it whole first */
  int ncurve;     /* > 0: a curve of [x, y] pairs (psu_efficiency); the parameter is a shift of every y */
  double curve_x[8], curve_y[8];
} uncertain_t;

#define UNCERTAIN_TEXT 512 /* room for any uncertain_text */

/* The design in file, resolved: *tree (ynode_free it) and its uncertain
 * parameters (free *out). Returns 0, or an exit code with the reason on
 * err. */
int uncertain_list(const char *file, ynode **tree, uncertain_t **out, size_t *n, FILE *err);

/* The resolved tree's node at path as YAML text, to set into a file's tree
 * (u->list); NULL if there is none. free() it. */
char *uncertain_node_text(const ynode *tree, const char *path);

/* The key's value text at v ("0.03 K/W"; a curve: its pairs with every y
 * shifted by v, kept within (0, 1]), as a topology takes it. */
void uncertain_text(const uncertain_t *u, double v, char *buf, size_t n);
/* The same as people read it: a curve's shift alone ("+0.01 on every point"). */
void uncertain_shown(const uncertain_t *u, double v, char *buf, size_t n);

#ifdef __cplusplus
}
#endif
#endif
