/* hydraulics.c: nodal Newton solve of a loop's flow network. */
#include "hydraulics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/numeric.h"

void hyd_init(hyd_net_t *n, int nnodes) {
  memset(n, 0, sizeof *n);
  n->nnodes = nnodes;
  n->p = calloc((size_t)nnodes, sizeof *n->p);
  if (!n->p) abort();
}

void hyd_free(hyd_net_t *n) {
  free(n->links);
  free(n->p);
  memset(n, 0, sizeof *n);
}

int hyd_add(hyd_net_t *n, hyd_link_t l) {
  if (n->nlinks == n->cap) {
    n->cap = n->cap ? 2 * n->cap : 16;
    hyd_link_t *v = realloc(n->links, n->cap * sizeof *v);
    if (!v) abort();
    n->links = v;
  }
  if (l.kind == HYD_PUMP && l.speed == 0 && !l.closed) l.speed = 1;
  n->links[n->nlinks] = l;
  return (int)n->nlinks++;
}

/* Flow of a link at pressure difference dp = p[from] - p[to], and dq/ddp. */
static double link_flow(const hyd_link_t *l, double dp, double *dq) {
  *dq = 0;
  if (l->closed) return 0;
  switch (l->kind) {
    case HYD_RES: {
      if (!(l->k > 0)) return 0;
      double a = fabs(dp);
      if (a < HYD_DP_LINEAR) {
        double g = 1.0 / sqrt(l->k * HYD_DP_LINEAR);
        *dq = g;
        return g * dp;
      }
      double q = sqrt(a / l->k);
      *dq = 0.5 * q / a;
      return dp > 0 ? q : -q;
    }
    case HYD_PUMP: {
      /* The pump lifts pressure from 'from' (suction side) to 'to': head =
       * -dp. Q = sqrt((s^2 a - head)/b) while the head is below shutoff. */
      double shut = l->speed * l->speed * l->a, x = shut + dp; /* shut - head */
      if (x <= 0 || !(l->b > 0)) return 0;                     /* check valve */
      if (x < HYD_DP_LINEAR) {
        double g = 1.0 / sqrt(l->b * HYD_DP_LINEAR);
        *dq = g;
        return g * x;
      }
      double q = sqrt(x / l->b);
      *dq = 0.5 * q / x;
      return q;
    }
    default:
      return l->q_set;
  }
}

/* A loop with no working pump and no regulated source has nothing to drive
 * it: every flow is zero and every pressure the reference (the Newton
 * matrix would be singular there). */
static int hyd_undriven(hyd_net_t *n) {
  for (size_t i = 0; i < n->nlinks; i++) {
    const hyd_link_t *l = &n->links[i];
    if (l->closed) continue;
    if (l->kind == HYD_PUMP && l->speed > 0 && l->a > 0 && l->b > 0) return 0;
    if (l->kind == HYD_SOURCE && l->q_set != 0) return 0;
  }
  for (int i = 0; i < n->nnodes; i++) n->p[i] = 0;
  for (size_t i = 0; i < n->nlinks; i++) n->links[i].q = 0;
  return 1;
}

int hyd_solve(hyd_net_t *n) {
  int m = n->nnodes - 1; /* unknowns: p[1..] */
  if (m <= 0 || hyd_undriven(n)) return 0;
  double *J = malloc((size_t)m * (size_t)m * sizeof *J), *F = malloc((size_t)m * sizeof *F);
  double *dx = malloc((size_t)m * sizeof *dx), *p0 = malloc((size_t)n->nnodes * sizeof *p0);
  if (!J || !F || !dx || !p0) abort();
  double scale = 0; /* a flow scale for the convergence test */
  for (size_t i = 0; i < n->nlinks; i++) {
    const hyd_link_t *l = &n->links[i];
    if (l->kind == HYD_SOURCE) scale += fabs(l->q_set);
    if (l->kind == HYD_PUMP && l->b > 0) scale += sqrt(l->speed * l->speed * l->a / l->b);
  }
  if (scale <= 0) scale = 1e-6;
  int rc = -1;
  double fnorm = INFINITY;
  for (int it = 0; it < 200; it++) {
    memset(J, 0, (size_t)m * (size_t)m * sizeof *J);
    memset(F, 0, (size_t)m * sizeof *F);
    for (size_t i = 0; i < n->nlinks; i++) {
      hyd_link_t *l = &n->links[i];
      double dq, q = link_flow(l, n->p[l->from] - n->p[l->to], &dq);
      l->q = q;
      int a = l->from - 1, b = l->to - 1; /* -1: the reference node */
      if (a >= 0) F[a] -= q;
      if (b >= 0) F[b] += q;
      if (a >= 0) J[a * m + a] -= dq;
      if (b >= 0) J[b * m + b] -= dq;
      if (a >= 0 && b >= 0) {
        J[a * m + b] += dq;
        J[b * m + a] += dq;
      }
    }
    fnorm = 0;
    for (int i = 0; i < m; i++) fnorm = fmax(fnorm, fabs(F[i]));
    if (fnorm < 1e-9 * scale) {
      rc = 0;
      break;
    }
    /* Newton: J dx = -F. */
    for (int i = 0; i < m; i++) dx[i] = -F[i];
    if (dense_solve(J, (size_t)m, m, dx)) break; /* singular */
    double pmax = 0, dmax = 0;
    for (int i = m - 1; i >= 0; i--) {
      dmax = fmax(dmax, fabs(dx[i]));
      pmax = fmax(pmax, fabs(n->p[i + 1]));
    }
    /* A very low resistance (a header) makes the residual unreachable in
     * double precision: a full Newton step at roundoff level is converged. */
    if (dmax <= 1e-11 * (pmax + 1)) {
      for (int i = 0; i < m; i++) n->p[i + 1] += dx[i];
      rc = 0;
      break;
    }
    /* Damped step: halve until the residual does not grow. */
    memcpy(p0, n->p, (size_t)n->nnodes * sizeof *p0);
    double lambda = 1;
    for (int h = 0; h < 30; h++) {
      for (int i = 0; i < m; i++) n->p[i + 1] = p0[i + 1] + lambda * dx[i];
      double fn = 0;
      double *G = F; /* reuse as scratch */
      memset(G, 0, (size_t)m * sizeof *G);
      for (size_t i = 0; i < n->nlinks; i++) {
        const hyd_link_t *l = &n->links[i];
        double dq, q = link_flow(l, n->p[l->from] - n->p[l->to], &dq);
        if (l->from > 0) G[l->from - 1] -= q;
        if (l->to > 0) G[l->to - 1] += q;
      }
      for (int i = 0; i < m; i++) fn = fmax(fn, fabs(G[i]));
      if (fn <= fnorm || h == 29) break;
      lambda *= 0.5;
    }
  }
  /* Final flows at the solution. */
  for (size_t i = 0; i < n->nlinks; i++) {
    double dq;
    n->links[i].q = link_flow(&n->links[i], n->p[n->links[i].from] - n->p[n->links[i].to], &dq);
  }
  free(J);
  free(F);
  free(dx);
  free(p0);
  return rc;
}

int hyd_manifold(hyd_net_t *n, int m, hyd_layout_t layout, double k_feed, double k_seg) {
  hyd_add(n, (hyd_link_t){.kind = HYD_RES, .from = hyd_discharge(), .to = hyd_supply_tap(0), .k = k_feed});
  for (int i = 0; i + 1 < m; i++) {
    hyd_add(n, (hyd_link_t){.kind = HYD_RES, .from = hyd_supply_tap(i), .to = hyd_supply_tap(i + 1), .k = k_seg});
    /* Return header: flow runs towards the exit. */
    if (layout == HYD_DIRECT_RETURN)
      hyd_add(n,
              (hyd_link_t){.kind = HYD_RES, .from = hyd_return_tap(m, i + 1), .to = hyd_return_tap(m, i), .k = k_seg});
    else
      hyd_add(n,
              (hyd_link_t){.kind = HYD_RES, .from = hyd_return_tap(m, i), .to = hyd_return_tap(m, i + 1), .k = k_seg});
  }
  int exit = layout == HYD_DIRECT_RETURN ? 0 : m - 1;
  hyd_add(n, (hyd_link_t){.kind = HYD_RES, .from = hyd_return_tap(m, exit), .to = 0, .k = k_feed});
  return 0;
}
