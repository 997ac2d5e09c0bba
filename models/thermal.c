/* thermal.c: backward-Euler solve of a small RC network (dense, pivoted). */
#include "thermal.h"

#include <math.h>
#include <string.h>

#include "util/numeric.h"

void thermal_link(thermal_net_t *net, int a, int b, double r) {
  double g = r > 0 ? 1.0 / r : 0;
  net->g_w_per_k[a][b] += g;
  net->g_w_per_k[b][a] += g;
  net->plan_n = 0; /* the pattern again on the next step */
}

/* The pattern of the step's system: g's nonzeros, then the fill-in that
 * eliminating from the last node to the first creates. */
static void thermal__plan(thermal_net_t *net) {
  int n = net->n;
  unsigned char on[THERMAL_MAX_NODES][THERMAL_MAX_NODES];
  memset(on, 0, sizeof on);
  for (int i = 0; i < n; i++) {
    net->n_nb[i] = 0;
    for (int j = 0; j < n; j++)
      if (j != i && net->g_w_per_k[i][j] != 0) {
        on[i][j] = 1;
        net->nb[i][net->n_nb[i]++] = (unsigned char)j;
      }
  }
  for (int k = n - 1; k >= 1; k--) {
    net->n_low[k] = 0;
    for (int j = 0; j < k; j++)
      if (on[k][j]) net->low[k][net->n_low[k]++] = (unsigned char)j;
    for (int x = 0; x < net->n_low[k]; x++)
      for (int y = 0; y < net->n_low[k]; y++)
        if (x != y) on[net->low[k][x]][net->low[k][y]] = 1;
  }
  for (int i = 0; i < n; i++) {
    net->n_pat[i] = 0;
    for (int j = 0; j < n; j++)
      if (on[i][j]) net->pat[i][net->n_pat[i]++] = (unsigned char)j;
  }
  net->plan_n = n;
}

/* Elimination from the last node to the first, without pivoting, over the
 * plan's pattern only: the cells the dense loop would find nonzero, in its
 * order, so the same operations in the same order. Node 0 (the plate)
 * joins every chain, so eliminating the chains first creates little
 * fill-in. Valid while every pivot stays dominant, which the M-matrices of
 * backward-Euler RC networks are; returns -1 otherwise. The system b is
 * n x (n+1) with the right-hand side in column n; it is modified (the
 * caller builds it again for the pivoted fallback). */
static int thermal__solve_leaves_first(const thermal_net_t *net, double b[THERMAL_MAX_NODES][THERMAL_MAX_NODES + 1],
                                       int n, double *t) {
  for (int k = n - 1; k >= 1; k--) {
    const unsigned char *low = net->low[k];
    int nl = net->n_low[k];
    double off = 0;
    for (int x = 0; x < nl; x++) off += fabs(b[k][low[x]]);
    if (!(b[k][k] > 0) || b[k][k] < 1e-9 * off) return -1;
    for (int y = 0; y < nl; y++) {
      int i = low[y];
      if (b[i][k] == 0) continue;
      double f = b[i][k] / b[k][k];
      for (int x = 0; x < nl; x++)
        if (b[k][low[x]] != 0) b[i][low[x]] -= f * b[k][low[x]];
      b[i][n] -= f * b[k][n];
      b[i][k] = 0;
    }
  }
  if (!(b[0][0] > 0)) return -1;
  t[0] = b[0][n] / b[0][0];
  for (int k = 1; k < n; k++) {
    double s = b[k][n];
    for (int x = 0; x < net->n_low[k]; x++)
      if (b[k][net->low[k][x]] != 0) s -= b[k][net->low[k][x]] * t[net->low[k][x]];
    t[k] = s / b[k][k];
    if (!isfinite(t[k])) return -1;
  }
  return 0;
}

/* The step's system into a over the plan's pattern (-0 where the fill-in
 * has no link, as the dense form has), the diagonal and the right-hand
 * side; dense (every cell of rows 0 .. n-1, columns 0 .. n) for the
 * pivoted fallback. */
static void thermal__system(const thermal_net_t *net, double dt, const double *p0, const double *slope, double t_cool,
                            double t_air, double a[THERMAL_MAX_NODES][THERMAL_MAX_NODES + 1], int dense) {
  int n = net->n;
  for (int i = 0; i < n; i++) {
    double cdt = dt > 0 ? net->c_j_per_k[i] / dt : 0;
    double s = slope ? slope[i] : 0;
    double diag = cdt + net->g_cool_w_per_k[i] + net->g_air_w_per_k[i] - s;
    double rhs =
        cdt * net->t_c[i] + p0[i] - s * net->t_c[i] + net->g_cool_w_per_k[i] * t_cool + net->g_air_w_per_k[i] * t_air;
    for (int x = 0; x < net->n_nb[i]; x++) diag += net->g_w_per_k[i][net->nb[i][x]];
    if (dense)
      for (int j = 0; j < n; j++) a[i][j] = -net->g_w_per_k[i][j];
    else
      for (int x = 0; x < net->n_pat[i]; x++) a[i][net->pat[i][x]] = -net->g_w_per_k[i][net->pat[i][x]];
    a[i][i] = diag;
    a[i][n] = rhs;
  }
}

int thermal_step(thermal_net_t *net, double dt, const double *p0, const double *slope, double t_cool, double t_air,
                 thermal_flux_t *out) {
  int n = net->n;
  if (net->plan_n != n) thermal__plan(net);
  double a[THERMAL_MAX_NODES][THERMAL_MAX_NODES + 1];
  thermal__system(net, dt, p0, slope, t_cool, t_air, a, 0);
  double t[THERMAL_MAX_NODES];
  if (thermal__solve_leaves_first(net, a, n, t) == 0) goto solved;
  /* Not diagonally dominant (a strong leakage slope): pivoted elimination. */
  thermal__system(net, dt, p0, slope, t_cool, t_air, a, 1);
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
