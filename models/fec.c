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

/* The highest count with a nonzero probability in a (0 if none). */
static int top_count(const double *a, int t) {
  int n = t + 1;
  while (n > 0 && a[n] == 0) n--;
  return n;
}

/* c += a (*) b, the convolution with counts saturating at t + 1; na, nb:
 * each side's highest nonzero count (terms beyond them are zero: the first
 * squarings and the products with one RS symbol have few); tail[j] = sum of
 * b[j..t+1]. Rows of a go four at a time: count k takes row i's term, then
 * row i + 1's, ..., as one row after another would add them, with one load
 * and store of c[k]. A row's terms past nb are products with b's zeros:
 * adding them leaves c (non-negative) as it was. */
static void conv_add(const double *restrict a, int na, const double *restrict b, int nb, const double *restrict tail,
                     int t, double *restrict c) {
  int last = na < t ? na : t, i = 0;
  for (; i + 3 <= last; i += 4) {
    const double x0 = a[i], x1 = a[i + 1], x2 = a[i + 2], x3 = a[i + 3];
    int end = i + 3 + nb < t ? i + 3 + nb : t;
    c[i] += x0 * b[0];
    c[i + 1] += x0 * b[1];
    c[i + 1] += x1 * b[0];
    c[i + 2] += x0 * b[2];
    c[i + 2] += x1 * b[1];
    c[i + 2] += x2 * b[0];
    for (int k = i + 3; k <= end; k++) {
      const double *bk = b + (k - i);
      double v = c[k];
      v += x0 * bk[0];
      v += x1 * bk[-1];
      v += x2 * bk[-2];
      v += x3 * bk[-3];
      c[k] = v;
    }
    c[t + 1] += x0 * tail[t + 1 - i];
    c[t + 1] += x1 * tail[t - i];
    c[t + 1] += x2 * tail[t - 1 - i];
    c[t + 1] += x3 * tail[t - 2 - i];
  }
  for (; i <= last; i++) {
    int top = t - i < nb ? t - i : nb;
    for (int j = 0; j <= top; j++) c[i + j] += a[i] * b[j];
    c[t + 1] += a[i] * tail[t + 1 - i];
  }
  c[t + 1] += a[t + 1] * tail[0];
}

/* c = a b. Each entry's extent and tail are taken once, not once per use;
 * only counts 0..t + 1 of c are written (the rest is never read). */
static void mat_mul(const fec_mat *a, const fec_mat *b, int t, fec_mat *c) {
  int na[2][2], nb[2][2];
  double tail[2][2][FEC_T_MAX + 3];
  for (int s = 0; s < 2; s++)
    for (int e = 0; e < 2; e++) {
      na[s][e] = top_count(a->p[s][e], t);
      nb[s][e] = top_count(b->p[s][e], t);
      double *tl = tail[s][e];
      tl[t + 2] = 0;
      for (int j = t + 1; j >= 0; j--) tl[j] = tl[j + 1] + b->p[s][e][j];
    }
  for (int s = 0; s < 2; s++)
    for (int e = 0; e < 2; e++) {
      memset(c->p[s][e], 0, (size_t)(t + 2) * sizeof(double));
      for (int mid = 0; mid < 2; mid++)
        conv_add(a->p[s][mid], na[s][mid], b->p[mid][e], nb[mid][e], tail[mid][e], t, c->p[s][e]);
    }
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
  fec_mat m, pw[2]; /* the power so far, and the next */
  memset(&m, 0, sizeof m);
  for (int s0 = 0; s0 < 2; s0++)
    for (int e = 0; e < 2; e++) {
      m.p[s0][e][0] = ok[s0][e];
      m.p[s0][e][1] = er[s0][e]; /* t + 1 >= 1 */
    }
  pw[0] = m;
  int cur = 0, hi = 0;
  while ((c->rs_n >> (hi + 1)) > 0) hi++;
  for (int bit = hi - 1; bit >= 0; bit--) {
    mat_mul(&pw[cur], &pw[cur], t, &pw[!cur]);
    cur = !cur;
    if ((c->rs_n >> bit) & 1) {
      mat_mul(&pw[cur], &m, t, &pw[!cur]);
      cur = !cur;
    }
  }
  const fec_mat *r = &pw[cur];
  double v[FEC_T_MAX + 2] = {0};
  const double start[2] = {1 - ser, ser}; /* the chain in its long-run state before the codeword */
  for (int s0 = 0; s0 < 2; s0++)
    for (int e = 0; e < 2; e++)
      for (int k = 0; k <= t + 1; k++) v[k] += start[s0] * r->p[s0][e][k];
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

/* fec_line_ber with log2 M given (a bisection takes it once, not per step). */
static double line_ber(const fec_cfg_t *c, double snr_db, double bits) {
  double ser = fec_ser(c->levels, snr_db);
  if (ser > 0.5) ser = 0.5;
  return fec_inner_out_ber(c, ser / bits);
}

double fec_line_ber(const fec_cfg_t *c, double snr_db) { return line_ber(c, snr_db, log2((double)c->levels)); }

double fec_snr_for_ber(const fec_cfg_t *c, double ber) {
  double lo = -20, hi = 80, bits = log2((double)c->levels); /* the lane model's SNR range */
  while (hi - lo > 1e-9) {
    double mid = (lo + hi) / 2;
    if (line_ber(c, mid, bits) > ber)
      lo = mid;
    else
      hi = mid;
  }
  return (lo + hi) / 2;
}
