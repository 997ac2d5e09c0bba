/*
 * numeric.h: the small numerical tools the models, the loader and the kernel
 * share, written once: linear interpolation in a table and a stable sort for
 * short lists.
 */
#ifndef XPOSIM_NUMERIC_H
#define XPOSIM_NUMERIC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* y at `at` in a table of n >= 1 points, x ascending: linear between points,
 * the end value outside the table (no extrapolation). The k-th point is
 * x[k * stride], y[k * stride], so a table of rows of doubles is read in
 * place. */
double interp_linear(const double *x, const double *y, size_t stride, size_t n, double at);

/* Solve a x = b by Gaussian elimination with partial pivoting: a is n x n,
 * row-major with rows lda doubles apart; both are overwritten, b with x.
 * -1 when a pivot vanishes or x is not finite. */
int dense_solve(double *a, size_t lda, int n, double *b);

/* Sort n elements of `size` bytes, keeping the order of equal ones: insertion
 * sort, O(n^2), for the short lists it is used on (a scenario's timeline, a
 * file's errors, one delta's batch of processes). */
void sort_stable(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

#ifdef __cplusplus
}
#endif
#endif
