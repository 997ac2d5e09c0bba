/*
 * air.h: the air part: the air around each device. The ambient
 * (coolant.air) is warmed along a column by the heat the modules below give
 * to the air: the rows sit in series on one column's air, whose mass flow
 * x c_p is coolant.air_capacity (0: the air does not warm). ASICs see the
 * ambient. Each device's plate gives heat to that air through its
 * r_plate_air. The air path, fans and heat sinks of an air-cooled switch
 * belong here.
 *
 * Owns: the air temperature at each device and the conductance from its
 * plate to that air.
 * Processes: none; plates hand it each device's heat to air after a step
 * and read the air back before the next.
 * Columns: none.
 */
#ifndef XPOSIM_AIR_H
#define XPOSIM_AIR_H

#include "switch/part.h"

typedef struct air air_t;

air_t *air_new(switch_env_t *env);
void air_free(air_t *A);
/* The air around every device from each device's heat to air (W, device
 * order, over the last thermal step). */
void air_update(air_t *A, const double *q_air_w);
double air_around_c(const air_t *A, size_t device);
double air_conductance_w_per_k(const air_t *A, size_t device); /* plate to the air around it */

#endif
