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

enum { KIND_OTHER = 0, KIND_ALONE, KIND_JUNCTION, KIND_CASE }; /* on the plate alone; before its case; a case */

/* Is the network a plate with chains on it (a junction on the plate, or a
 * junction, then its case, then the plate), numbered in that order? */
static void thermal__plan_chains(thermal_net_t *net) {
  int n = net->n, ok = n >= 1;
  memset(net->kind, 0, sizeof net->kind);
  for (int k = 1; k < n && ok; k++) {
    const unsigned char *nb = net->nb[k];
    if (net->n_nb[k] == 1 && nb[0] == 0) {
      net->kind[k] = KIND_ALONE;
    } else if (k + 1 < n && net->n_nb[k] == 1 && nb[0] == k + 1 && net->n_nb[k + 1] == 2 && net->nb[k + 1][0] == 0 &&
               net->nb[k + 1][1] == k) {
      net->kind[k] = KIND_JUNCTION;
      net->kind[++k] = KIND_CASE;
    } else {
      ok = 0;
    }
  }
  net->plate_chains = ok;
  if (!ok) memset(net->kind, 0, sizeof net->kind);
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
  thermal__plan_chains(net);
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

/* The step's solve for a plate with chains. Each row's cells are kept as
 * vectors: the diagonal d, the right-hand side r, the cell towards the
 * plate (to_plate: -0 before the fill-in of a cased junction), the plate
 * row's cell towards it (from_plate), and a case's cell towards its
 * junction. The operations are those thermal__solve_leaves_first does on
 * this pattern, in the same order on the same values, so the same
 * temperatures to the bit, without the n x (n+1) system and its walks;
 * -1 where it would return -1. */
static void chain_eliminate_case(const thermal_net_t *net, int k, double *d, double *r, double *to_plate,
                                 double *from_plate) {
  int j = k - 1;
  double bk0 = to_plate[k], bkj = -net->g_w_per_k[k][j], f;
  if (from_plate[k] != 0) {
    f = from_plate[k] / d[k];
    if (bk0 != 0) d[0] -= f * bk0;
    if (bkj != 0) from_plate[j] -= f * bkj;
    r[0] -= f * r[k];
  }
  double bjk = -net->g_w_per_k[j][k];
  if (bjk != 0) {
    f = bjk / d[k];
    if (bk0 != 0) to_plate[j] -= f * bk0;
    if (bkj != 0) d[j] -= f * bkj;
    r[j] -= f * r[k];
  }
}

static int thermal__solve_chains(const thermal_net_t *net, double dt, const double *p0, const double *slope,
                                 double t_cool, double t_air, double *t) {
  int n = net->n;
  if (n < 1) return -1;
  double d[THERMAL_MAX_NODES], r[THERMAL_MAX_NODES], to_plate[THERMAL_MAX_NODES], from_plate[THERMAL_MAX_NODES];
  for (int i = 0; i < n; i++) {
    double cdt = dt > 0 ? net->c_j_per_k[i] / dt : 0;
    double s = slope ? slope[i] : 0;
    d[i] = cdt + net->g_cool_w_per_k[i] + net->g_air_w_per_k[i] - s;
    r[i] =
        cdt * net->t_c[i] + p0[i] - s * net->t_c[i] + net->g_cool_w_per_k[i] * t_cool + net->g_air_w_per_k[i] * t_air;
    for (int x = 0; x < net->n_nb[i]; x++) d[i] += net->g_w_per_k[i][net->nb[i][x]];
    to_plate[i] = -net->g_w_per_k[i][0];
    from_plate[i] = -net->g_w_per_k[0][i];
  }
  for (int k = n - 1; k >= 1; k--) {
    double off = 0;
    off += fabs(to_plate[k]);
    if (net->kind[k] == KIND_CASE) off += fabs(net->g_w_per_k[k][k - 1]);
    if (!(d[k] > 0) || d[k] < 1e-9 * off) return -1;
    if (net->kind[k] == KIND_CASE) {
      chain_eliminate_case(net, k, d, r, to_plate, from_plate);
    } else if (from_plate[k] != 0) {
      double f = from_plate[k] / d[k];
      if (to_plate[k] != 0) d[0] -= f * to_plate[k];
      r[0] -= f * r[k];
    }
  }
  if (!(d[0] > 0)) return -1;
  t[0] = r[0] / d[0];
  for (int k = 1; k < n; k++) {
    double s = r[k];
    if (to_plate[k] != 0) s -= to_plate[k] * t[0];
    if (net->kind[k] == KIND_CASE && net->g_w_per_k[k][k - 1] != 0) s -= -net->g_w_per_k[k][k - 1] * t[k - 1];
    t[k] = s / d[k];
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

/* The pattern's solve, for a network of any other shape. */
static int thermal__solve_pattern(const thermal_net_t *net, double dt, const double *p0, const double *slope,
                                  double t_cool, double t_air, double *t) {
  /* only the pattern's cells are written and read; cleared so that the
   * compiler, which cannot see that, has nothing to warn of */
  double a[THERMAL_MAX_NODES][THERMAL_MAX_NODES + 1] = {{0}};
  thermal__system(net, dt, p0, slope, t_cool, t_air, a, 0);
  return thermal__solve_leaves_first(net, a, net->n, t);
}

int thermal_step(thermal_net_t *net, double dt, const double *p0, const double *slope, double t_cool, double t_air,
                 thermal_flux_t *out) {
  int n = net->n;
  if (net->plan_n != n) thermal__plan(net);
  double t[THERMAL_MAX_NODES];
  int fast = net->plate_chains ? thermal__solve_chains(net, dt, p0, slope, t_cool, t_air, t)
                               : thermal__solve_pattern(net, dt, p0, slope, t_cool, t_air, t);
  if (fast != 0) {
    /* Not diagonally dominant (a strong leakage slope): pivoted elimination. */
    double a[THERMAL_MAX_NODES][THERMAL_MAX_NODES + 1];
    thermal__system(net, dt, p0, slope, t_cool, t_air, a, 1);
    for (int i = 0; i < n; i++) t[i] = a[i][n];
    if (dense_solve(&a[0][0], THERMAL_MAX_NODES + 1, n, t)) return -1;
  }
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
