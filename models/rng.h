/*
 * rng.h: per-entity random streams. Each stream is xoshiro256** seeded by
 * splitmix64 from the run's seed and the entity's path name
 * ("slot[3].lane[17].errors"), so adding an entity never shifts another's
 * numbers, and the same seed gives the same numbers on every kernel.
 */
#ifndef XPOSIM_RNG_H
#define XPOSIM_RNG_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rng {
  uint64_t s[4];
} rng_t;

void rng_init(rng_t *r, uint64_t seed, const char *path);
uint64_t rng_u64(rng_t *r);
double rng_uniform(rng_t *r);                /* in (0, 1): never 0, never 1 */
double rng_exp(rng_t *r);                    /* Exp(1) */
double rng_normal(rng_t *r);                 /* N(0, 1), Box-Muller */
uint64_t rng_poisson(rng_t *r, double mean); /* inversion; mean < 700 */

#ifdef __cplusplus
}
#endif
#endif
