/* fan.c: fans against the chassis, heat sinks and air (fan.h). */
#include "fan.h"

#include <math.h>

#define AIR_R_J_PER_KG_K 287.05  /* specific gas constant of dry air */
#define AIR_P_PA 101325.0        /* one standard atmosphere */
#define AIR_CP_J_PER_KG_K 1006.0 /* dry air near room temperature */

double fan_flow_m3_per_s(const fan_cfg_t *c, int working, double speed) {
  if (working <= 0 || !(speed > 0) || !(c->shutoff_pa > 0) || !(c->max_flow_m3_per_s > 0)) return 0;
  double k =
      c->chassis_flow_m3_per_s > 0 ? c->chassis_dp_pa / (c->chassis_flow_m3_per_s * c->chassis_flow_m3_per_s) : 0;
  double nq = working * c->max_flow_m3_per_s;
  return speed * sqrt(c->shutoff_pa / (k + c->shutoff_pa / (nq * nq)));
}

double fan_pressure_pa(const fan_cfg_t *c, double q) {
  double qr = c->chassis_flow_m3_per_s;
  return qr > 0 ? c->chassis_dp_pa * (q / qr) * (q / qr) : 0;
}

double fan_power_w(const fan_cfg_t *c, int working, double speed) {
  return working > 0 && speed > 0 ? working * c->power_w * speed * speed * speed : 0;
}

double sink_r_k_per_w(const sink_cfg_t *c, double v) {
  if (!(v > 0)) return INFINITY;
  return c->r_sink_k_per_w * pow(c->velocity_m_per_s / v, c->exponent);
}

double air_density_kg_per_m3(double t_c) { return AIR_P_PA / (AIR_R_J_PER_KG_K * (t_c + 273.15)); }
double air_cp_j_per_kg_k(void) { return AIR_CP_J_PER_KG_K; }
