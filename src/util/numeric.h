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

/* v's digits into out (room for 17 bytes) when v is a whole number, not
 * zero, of magnitude below `below` (at most 1e15): what printf's %.Ng
 * writes for it when below <= 10^N. Returns the length, or 0 (nothing
 * written) for any other v: the caller prints it as before. A set-up writes
 * hundreds of such numbers (flows, powers, counts). */
size_t whole_number_text(char *out, double v, double below);

#ifdef __cplusplus
}
#endif
#endif
