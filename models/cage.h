/*
 * cage.h: the front panel: rows x columns of XPO slots in one rack unit,
 * their positions and whether they fit. Geometry in metres.
 */
#ifndef XPOSIM_CAGE_H
#define XPOSIM_CAGE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cage_cfg {
  int rows, cols;
  double module_width_m, module_height_m, module_length_m;
  double col_pitch_m, row_pitch_m;
  double panel_width_m; /* usable opening between the rack rails */
  double unit_height_m; /* 1RU */
  int max_rows;         /* rows allowed in one unit */
} cage_cfg_t;

/* 0 when the cage fits, else -1 with the reason. */
int cage_check(const cage_cfg_t *c, char *msg, size_t msgsz);
/* Lower-left corner of a slot on the panel, metres. */
void cage_slot_xy(const cage_cfg_t *c, int row, int col, double *x_m, double *y_m);
double cage_used_width_m(const cage_cfg_t *c);

#ifdef __cplusplus
}
#endif
#endif
