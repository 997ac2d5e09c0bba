/*
 * laser.h: the bias current a module's lasers draw to hold their optical
 * output as they warm. An automatic power control loop keeps the output
 * constant, so the bias is the threshold current plus what the slope
 * efficiency needs above it:
 *   I(T) = I_th(T_ref) exp((T - T_ref) / T0) + (I_op - I_th)(T_ref) / (1 - s (T - T_ref))
 * with T0 the threshold's characteristic temperature and s the slope
 * efficiency's loss per kelvin (docs/models.md, docs/sources.md). Past the
 * temperature where the slope efficiency is gone, or past the driver's
 * largest current, the bias stays at that largest current: the output
 * falls instead.
 */
#ifndef XPOSIM_LASER_H
#define XPOSIM_LASER_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct laser_cfg {
  double threshold_a;      /* threshold current at temp_ref */
  double bias_a;           /* bias at temp_ref: threshold plus what the output needs */
  double temp_ref_c;       /* where both were measured */
  double t0_k;             /* the threshold's characteristic temperature */
  double slope_loss_per_k; /* fraction of slope efficiency lost per kelvin */
  double max_a;            /* the driver's largest current */
  char source[64];         /* the heat source they sit at (TOPO_NAME_MAX + 1) */
} laser_cfg_t;

/* The bias at laser temperature t_c, in A. */
double laser_bias_a(const laser_cfg_t *c, double t_c);

#ifdef __cplusplus
}
#endif
#endif
