/* fec.c: SER/BER of PAM-M and the exact RS symbol-error distribution. */
#include "fec.h"

#include <math.h>
#include <string.h>

double fec_q(double x) { return 0.5 * erfc(x / 1.4142135623730951); }

double fec_ser(int M, double snr_db) {
  double snr = pow(10.0, snr_db / 10.0);
  return 2.0 * (1.0 - 1.0 / M) * fec_q(sqrt(3.0 * snr / ((double)M * M - 1.0)));
}

double fec_ber(int M, double snr_db) { return fec_ser(M, snr_db) / log2((double)M); }

double fec_inner_ber(int n, double p) {
  if (p <= 0) return 0;
  /* sum_{j>=2} min(j+1, n)/n * C(n,j) p^j (1-p)^(n-j), terms built by ratio */
  double term = pow(1 - p, n), sum = 0; /* j = 0 */
  for (int j = 1; j <= n; j++) {
    term *= (double)(n - j + 1) / j * p / (1 - p);
    if (j >= 2) sum += (j + 1 < n ? j + 1 : n) * term / n;
    if (term < 1e-300 && j > n * p + 10) break;
  }
  return sum;
}

double fec_inner_out_ber(const fec_cfg_t *c, double p) {
  if (c->inner == FEC_INNER_SOFT) {
    if (p <= 0 || !(c->soft_in > 0)) return p > 0 ? p : 0;
    double out = c->soft_out * pow(p / c->soft_in, c->soft_slope);
    return out < p ? out : p;
  }
  return c->inner ? fec_inner_ber(c->inner_n, p) : p;
}

int fec_pam_per_rs_symbol(const fec_cfg_t *c) {
  double bits = log2((double)c->levels);
  return (int)ceil(c->rs_m / bits - 1e-9);
}

/* Over one RS symbol of n PAM symbols, from chain state s: probability of no
 * error ending in state s' (ok) and of at least one error ending in s' (er). */
static void rs_symbol(double a, double b, int n, double ok[2][2], double er[2][2]) {
  for (int s = 0; s < 2; s++) {
    double cur[2][2] = {{0, 0}, {0, 0}}; /* [any error][state] */
    cur[0][s] = 1;
    for (int i = 0; i < n; i++) {
      double nx[2][2] = {{0, 0}, {0, 0}};
      for (int f = 0; f < 2; f++)
        for (int st = 0; st < 2; st++) {
          double w = cur[f][st];
          if (w == 0) continue;
          double pe = st ? b : a;
          nx[f][0] += w * (1 - pe);
          nx[1][1] += w * pe;
        }
      memcpy(cur, nx, sizeof cur);
    }
    for (int e = 0; e < 2; e++) {
      ok[s][e] = cur[0][e];
      er[s][e] = cur[1][e];
    }
  }
}

/* 2 x 2 matrices of count distributions, counts saturating at t + 1. */
typedef struct {
  double p[2][2][FEC_T_MAX + 2];
} fec_mat;

/* c += a (*) b, the convolution with counts saturating at t + 1. Only the
 * terms up to each side's highest nonzero count are visited: the first
 * squarings and the products with one RS symbol have few. */
static void conv_add(const double *restrict a, const double *restrict b, int t, double *restrict c) {
  int na = t + 1, nb = t + 1;
  while (na > 0 && a[na] == 0) na--;
  while (nb > 0 && b[nb] == 0) nb--;
  double tail[FEC_T_MAX + 3]; /* tail[j] = sum of b[j..t+1] */
  tail[t + 2] = 0;
  for (int j = t + 1; j >= 0; j--) tail[j] = tail[j + 1] + b[j];
  for (int i = 0; i <= t && i <= na; i++) {
    if (a[i] == 0) continue;
    int top = t - i < nb ? t - i : nb;
    for (int j = 0; j <= top; j++) c[i + j] += a[i] * b[j];
    c[t + 1] += a[i] * tail[t + 1 - i];
  }
  c[t + 1] += a[t + 1] * tail[0];
}

static void mat_mul(const fec_mat *a, const fec_mat *b, int t, fec_mat *c) {
  memset(c, 0, sizeof *c);
  for (int s = 0; s < 2; s++)
    for (int e = 0; e < 2; e++)
      for (int mid = 0; mid < 2; mid++) conv_add(a->p[s][mid], b->p[mid][e], t, c->p[s][e]);
}

void fec_codeword_dist(const fec_cfg_t *c, double ser, fec_dist_t *o) {
  memset(o, 0, sizeof *o);
  int t = (c->rs_n - c->rs_k) / 2;
  if (t > FEC_T_MAX) t = FEC_T_MAX;
  o->t = t;
  double bits = log2((double)c->levels);
  double burst = c->burst;
  if (ser > 0.5) ser = 0.5;
  if (ser < 0) ser = 0;
  o->ber = ser / bits;
  if (c->inner) {
    /* The inner decoder sees random bit errors; what it leaves is random. */
    double pb = fec_inner_out_ber(c, o->ber);
    o->ber = pb;
    ser = pb * bits;
    burst = 0;
  }
  if (burst < ser) burst = ser; /* b below the SER would mean errors repel */
  if (burst > 0.999) burst = 0.999;
  double a = ser < 1 ? ser * (1 - burst) / (1 - ser) : 1;
  int np = fec_pam_per_rs_symbol(c);
  double ok[2][2], er[2][2];
  rs_symbol(a, burst, np, ok, er);
  /* One RS symbol as a 2 x 2 matrix (chain state before -> after) of
   * count polynomials: degree 0 clean, degree 1 in error. A codeword is that
   * matrix to the power rs_n, counts saturating at t + 1 ("more than t"),
   * by repeated squaring: ~10 products instead of rs_n steps. Every term is
   * a sum of products of probabilities (no subtraction), so the tail keeps
   * its relative precision however small it is. */
  fec_mat m, r;
  memset(&m, 0, sizeof m);
  for (int s0 = 0; s0 < 2; s0++)
    for (int e = 0; e < 2; e++) {
      m.p[s0][e][0] = ok[s0][e];
      m.p[s0][e][1] = er[s0][e]; /* t + 1 >= 1 */
    }
  r = m;
  int hi = 0;
  while ((c->rs_n >> (hi + 1)) > 0) hi++;
  for (int bit = hi - 1; bit >= 0; bit--) {
    fec_mat sq;
    mat_mul(&r, &r, t, &sq);
    r = sq;
    if ((c->rs_n >> bit) & 1) {
      mat_mul(&r, &m, t, &sq);
      r = sq;
    }
  }
  double v[FEC_T_MAX + 2] = {0};
  const double start[2] = {1 - ser, ser}; /* the chain in its long-run state before the codeword */
  for (int s0 = 0; s0 < 2; s0++)
    for (int e = 0; e < 2; e++)
      for (int k = 0; k <= t + 1; k++) v[k] += start[s0] * r.p[s0][e][k];
  double m1 = 0, m2 = 0;
  for (int k = 0; k <= t + 1; k++) {
    o->p[k] = v[k];
    if (k <= t) {
      m1 += k * o->p[k];
      m2 += (double)k * k * o->p[k];
    }
  }
  o->p_fail = o->p[t + 1];
  o->mean_corrected = m1;
  o->var_corrected = m2 - m1 * m1 > 0 ? m2 - m1 * m1 : 0;
}

void fec_dist_from_snr(const fec_cfg_t *c, double snr_db, fec_dist_t *o) {
  fec_codeword_dist(c, fec_ser(c->levels, snr_db), o);
}

double fec_line_ber(const fec_cfg_t *c, double snr_db) {
  double ser = fec_ser(c->levels, snr_db);
  if (ser > 0.5) ser = 0.5;
  double ber = ser / log2((double)c->levels);
  return fec_inner_out_ber(c, ber);
}

double fec_snr_for_ber(const fec_cfg_t *c, double ber) {
  double lo = -20, hi = 80; /* the lane model's SNR range */
  while (hi - lo > 1e-9) {
    double mid = (lo + hi) / 2;
    if (fec_line_ber(c, mid) > ber)
      lo = mid;
    else
      hi = mid;
  }
  return (lo + hi) / 2;
}
