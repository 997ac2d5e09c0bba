/*
 * air.c: the air around the devices (air.h).
 */
#include "switch/air.h"

#include <stdlib.h>

struct air {
  switch_env_t *env;
  double *around_c;  /* per device */
  double *g_w_per_k; /* per device: plate to the air around it */
};

/* A device's plate config: a module's type's, or the ASICs'. */
static const thermal_plate_cfg_t *plate_cfg(const switch_env_t *env, size_t device) {
  const topo_t *t = env->t;
  return device < env->ns ? &t->types[t->slots[device].type].thermal : &t->asic_thermal;
}

air_t *air_new(switch_env_t *env) {
  air_t *A = calloc(1, sizeof *A);
  if (!A) abort();
  A->env = env;
  size_t nd = env->ns + env->na;
  A->around_c = calloc(nd + 1, sizeof *A->around_c);
  A->g_w_per_k = calloc(nd + 1, sizeof *A->g_w_per_k);
  if (!A->around_c || !A->g_w_per_k) abort();
  for (size_t i = 0; i < nd; i++) {
    double r = plate_cfg(env, i)->r_plate_air_k_per_w;
    A->around_c[i] = env->t->air_c;
    A->g_w_per_k[i] = r > 0 ? 1.0 / r : 0; /* still air: the plate's own figure */
  }
  return A;
}

void air_free(air_t *A) {
  if (!A) return;
  free(A->around_c);
  free(A->g_w_per_k);
  free(A);
}

void air_update(air_t *A, const double *q_air_w) {
  const topo_t *t = A->env->t;
  size_t ns = A->env->ns;
  for (size_t i = 0; i < ns + A->env->na; i++) A->around_c[i] = t->air_c;
  if (!(t->air_capacity_w_per_k > 0)) return;
  /* a module's air has taken up the heat of every module below it in its
   * column: temperature rise = heat / (mass flow x c_p) */
  for (size_t i = 0; i < ns; i++)
    for (size_t j = 0; j < ns; j++)
      if (t->slots[j].col == t->slots[i].col && t->slots[j].row < t->slots[i].row)
        A->around_c[i] += q_air_w[j] / t->air_capacity_w_per_k;
}

double air_around_c(const air_t *A, size_t device) { return A->around_c[device]; }
double air_conductance_w_per_k(const air_t *A, size_t device) { return A->g_w_per_k[device]; }
