/* thermal.c: backward-Euler solve of a small RC network (dense, pivoted). */
#include "thermal.h"

#include <math.h>
#include <string.h>

#include "util/numeric.h"

void thermal_link(thermal_net_t *net, int a, int b, double r) {
  double g = r > 0 ? 1.0 / r : 0;
  net->g_w_per_k[a][b] += g;
  net->g_w_per_k[b][a] += g;
}

/* Elimination from the last node to the first, without pivoting, skipping
 * zeros. Node 0 (the plate) joins every chain, so eliminating the chains
 * first creates no fill-in: the cost is linear in the chains for the
 * networks built here. Valid while every pivot stays dominant, which the
 * M-matrices of backward-Euler RC networks are; returns -1 otherwise. The
 * system a is n x (n+1) with the right-hand side in column n; it is modified. */
static int thermal__solve_leaves_first(double a[THERMAL_MAX_NODES][THERMAL_MAX_NODES + 1], int n, double *t) {
  double b[THERMAL_MAX_NODES][THERMAL_MAX_NODES + 1];
  memcpy(b, a, sizeof b);
  for (int k = n - 1; k >= 1; k--) {
    double off = 0;
    for (int j = 0; j < k; j++) off += fabs(b[k][j]);
    if (!(b[k][k] > 0) || b[k][k] < 1e-9 * off) return -1;
    for (int i = 0; i < k; i++) {
      if (b[i][k] == 0) continue;
      double f = b[i][k] / b[k][k];
      for (int j = 0; j < k; j++)
        if (b[k][j] != 0) b[i][j] -= f * b[k][j];
      b[i][n] -= f * b[k][n];
      b[i][k] = 0;
    }
  }
  if (!(b[0][0] > 0)) return -1;
  t[0] = b[0][n] / b[0][0];
  for (int k = 1; k < n; k++) {
    double s = b[k][n];
    for (int j = 0; j < k; j++)
      if (b[k][j] != 0) s -= b[k][j] * t[j];
    t[k] = s / b[k][k];
    if (!isfinite(t[k])) return -1;
  }
  return 0;
}

int thermal_step(thermal_net_t *net, double dt, const double *p0, const double *slope, double t_cool, double t_air,
                 thermal_flux_t *out) {
  int n = net->n;
  double a[THERMAL_MAX_NODES][THERMAL_MAX_NODES + 1];
  memset(a, 0, sizeof a);
  for (int i = 0; i < n; i++) {
    double cdt = dt > 0 ? net->c_j_per_k[i] / dt : 0;
    double s = slope ? slope[i] : 0;
    double diag = cdt + net->g_cool_w_per_k[i] + net->g_air_w_per_k[i] - s;
    double rhs =
        cdt * net->t_c[i] + p0[i] - s * net->t_c[i] + net->g_cool_w_per_k[i] * t_cool + net->g_air_w_per_k[i] * t_air;
    for (int j = 0; j < n; j++) {
      if (j == i) continue;
      diag += net->g_w_per_k[i][j];
      a[i][j] = -net->g_w_per_k[i][j];
    }
    a[i][i] = diag;
    a[i][n] = rhs;
  }
  double t[THERMAL_MAX_NODES];
  if (thermal__solve_leaves_first(a, n, t) == 0) goto solved;
  /* Not diagonally dominant (a strong leakage slope): pivoted elimination. */
  for (int i = 0; i < n; i++) t[i] = a[i][n];
  if (dense_solve(&a[0][0], THERMAL_MAX_NODES + 1, n, t)) return -1;
solved:;
  double qc = 0, qa = 0;
  for (int i = 0; i < n; i++) {
    double s = slope ? slope[i] : 0;
    if (out) out->p_applied_w[i] = p0[i] + s * (t[i] - net->t_c[i]);
    qc += net->g_cool_w_per_k[i] * (t[i] - t_cool);
    qa += net->g_air_w_per_k[i] * (t[i] - t_air);
  }
  memcpy(net->t_c, t, (size_t)n * sizeof t[0]);
  if (out) {
    out->q_cool_w = qc;
    out->q_air_w = qa;
  }
  return 0;
}

double thermal_stored_j(const thermal_net_t *net, const double *t_ref) {
  double e = 0;
  for (int i = 0; i < net->n; i++) e += net->c_j_per_k[i] * (net->t_c[i] - t_ref[i]);
  return e;
}

void thermal_plate_init(thermal_net_t *net, const thermal_plate_cfg_t *c, double t0, int *junction) {
  memset(net, 0, sizeof *net);
  int n = 1;
  net->c_j_per_k[THERMAL_PLATE] = c->c_plate_j_per_k;
  net->g_air_w_per_k[THERMAL_PLATE] = c->r_plate_air_k_per_w > 0 ? 1.0 / c->r_plate_air_k_per_w : 0;
  for (int i = 0; i < c->nsources && n + 2 <= THERMAL_MAX_NODES; i++) {
    const thermal_source_cfg_t *s = &c->src[i];
    int j = n++;
    net->c_j_per_k[j] = s->c_junction_j_per_k;
    if (s->r_case_plate_k_per_w > 0) {
      int k = n++;
      net->c_j_per_k[k] = s->c_case_j_per_k;
      thermal_link(net, j, k, s->r_junction_case_k_per_w);
      thermal_link(net, k, THERMAL_PLATE, s->r_case_plate_k_per_w);
    } else {
      thermal_link(net, j, THERMAL_PLATE, s->r_junction_case_k_per_w);
    }
    junction[i] = j;
  }
  net->n = n;
  for (int i = 0; i < n; i++) net->t_c[i] = t0;
}
