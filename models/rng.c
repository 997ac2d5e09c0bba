/* rng.c: xoshiro256** (Blackman & Vigna) with splitmix64 seeding. */
#include "rng.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

void rng_init(rng_t *r, uint64_t seed, const char *path) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a of the path */
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    h ^= *p;
    h *= 1099511628211ull;
  }
  uint64_t x = seed ^ (h * 0x9e3779b97f4a7c15ull);
  for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t rng_u64(rng_t *r) {
  uint64_t *s = r->s;
  uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return out;
}

double rng_uniform(rng_t *r) { return ((double)(rng_u64(r) >> 11) + 0.5) * (1.0 / 9007199254740992.0); }

double rng_exp(rng_t *r) { return -log(rng_uniform(r)); }

double rng_normal(rng_t *r) {
  double u = rng_uniform(r), v = rng_uniform(r);
  return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

uint64_t rng_poisson(rng_t *r, double mean) {
  if (!(mean > 0)) return 0;
  double u = rng_uniform(r), p = exp(-mean), c = p;
  uint64_t k = 0;
  while (u > c && k < 100000) {
    k++;
    p *= mean / (double)k;
    c += p;
    if (p < 1e-300 && (double)k > mean) break;
  }
  return k;
}
