/* numeric.c: interpolation and a stable sort. */
#include "util/numeric.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double interp_linear(const double *x, const double *y, size_t stride, size_t n, double at) {
  if (at <= x[0]) return y[0];
  if (at >= x[(n - 1) * stride]) return y[(n - 1) * stride];
  size_t i = 0;
  while (i + 2 < n && at > x[(i + 1) * stride]) i++;
  const double x0 = x[i * stride], x1 = x[(i + 1) * stride], y0 = y[i * stride], y1 = y[(i + 1) * stride];
  double w = (at - x0) / (x1 - x0);
  return y0 + w * (y1 - y0);
}

static void swap_rows(double *a, size_t lda, int n, double *b, int r, int s) {
  for (int j = 0; j < n; j++) {
    double t = a[(size_t)r * lda + (size_t)j];
    a[(size_t)r * lda + (size_t)j] = a[(size_t)s * lda + (size_t)j];
    a[(size_t)s * lda + (size_t)j] = t;
  }
  double t = b[r];
  b[r] = b[s];
  b[s] = t;
}

int dense_solve(double *a, size_t lda, int n, double *b) {
#define A(i, j) a[(size_t)(i)*lda + (size_t)(j)]
  for (int k = 0; k < n; k++) {
    int piv = k;
    for (int i = k + 1; i < n; i++)
      if (fabs(A(i, k)) > fabs(A(piv, k))) piv = i;
    if (!(fabs(A(piv, k)) > 1e-300)) return -1;
    if (piv != k) swap_rows(a, lda, n, b, k, piv);
    for (int i = k + 1; i < n; i++) {
      double f = A(i, k) / A(k, k);
      if (f == 0) continue;
      for (int j = k; j < n; j++) A(i, j) -= f * A(k, j);
      b[i] -= f * b[k];
    }
  }
  for (int i = n - 1; i >= 0; i--) {
    double s = b[i];
    for (int j = i + 1; j < n; j++) s -= A(i, j) * b[j];
    b[i] = s / A(i, i);
    if (!isfinite(b[i])) return -1;
  }
  return 0;
#undef A
}

void sort_stable(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
  unsigned char local[256], *tmp = size <= sizeof local ? local : malloc(size);
  if (!tmp) abort();
  unsigned char *a = base;
  for (size_t i = 1; i < n; i++) {
    size_t j = i;
    while (j > 0 && cmp(a + (j - 1) * size, a + i * size) > 0) j--;
    if (j == i) continue;
    memcpy(tmp, a + i * size, size);
    memmove(a + (j + 1) * size, a + j * size, (i - j) * size);
    memcpy(a + j * size, tmp, size);
  }
  if (tmp != local) free(tmp);
}

size_t whole_number_text(char *out, double v, double below) {
  if (!(v < below && v > -below) || v == 0 || below > 1e15) return 0;
  long long w = (long long)v;
  if ((double)w != v) return 0;
  unsigned long long u = w < 0 ? 0ull - (unsigned long long)w : (unsigned long long)w;
  char digits[20], *d = digits + sizeof digits;
  do *--d = (char)('0' + u % 10);
  while (u /= 10);
  size_t n = 0;
  if (w < 0) out[n++] = '-';
  while (d < digits + sizeof digits) out[n++] = *d++;
  out[n] = 0;
  return n;
}
