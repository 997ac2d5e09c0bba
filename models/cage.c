/* cage.c: panel geometry checks. */
#include "cage.h"

#include <stdio.h>

double cage_used_width_m(const cage_cfg_t *c) {
  return c->cols > 0 ? (c->cols - 1) * c->col_pitch_m + c->module_width_m : 0;
}

int cage_check(const cage_cfg_t *c, char *msg, size_t n) {
  if (c->rows > c->max_rows) {
    snprintf(msg, n, "%d rows do not fit in one rack unit (at most %d)", c->rows, c->max_rows);
    return -1;
  }
  if (c->col_pitch_m < c->module_width_m) {
    snprintf(msg, n, "column pitch %.1f mm is less than the module width %.1f mm", c->col_pitch_m * 1e3,
             c->module_width_m * 1e3);
    return -1;
  }
  if (c->row_pitch_m < c->module_height_m) {
    snprintf(msg, n, "row pitch %.1f mm is less than the module height %.1f mm", c->row_pitch_m * 1e3,
             c->module_height_m * 1e3);
    return -1;
  }
  double h = (c->rows - 1) * c->row_pitch_m + c->module_height_m;
  if (h > c->unit_height_m + 1e-12) {
    snprintf(msg, n, "%d rows need %.2f mm of height; one rack unit is %.2f mm", c->rows, h * 1e3,
             c->unit_height_m * 1e3);
    return -1;
  }
  double w = cage_used_width_m(c);
  if (w > c->panel_width_m + 1e-12) {
    snprintf(msg, n,
             "%d columns need %.1f mm of panel width; the panel opening is %.1f mm "
             "(a 21-inch OCP panel has 533.4 mm, a 19-inch EIA one 450 mm)",
             c->cols, w * 1e3, c->panel_width_m * 1e3);
    return -1;
  }
  return 0;
}

void cage_slot_xy(const cage_cfg_t *c, int row, int col, double *x, double *y) {
  *x = col * c->col_pitch_m;
  *y = row * c->row_pitch_m;
}
