/*
 * schema.c: the table of topology keys (schema.h). A key's default lives
 * here, or, where models/ defines the physics' defaults (a lane), there
 * alone; its source is named in the row either way.
 */
#include "topo/schema.h"

#include <stddef.h>
#include <string.h>

#include "cage.h"
#include "lane.h"
#include "power.h"
#include "topo/topo.h"

const schema_section_t SCHEMA_SECTIONS[SCH_NSECTIONS] = {
    [SCH_TOP] = {"(top level)", "topology", 0,
                 "The file itself (xposim, name, seed, duration and the sections are read by hand)", NULL},
    [SCH_SOLVER] = {"solver", "solver", 0, "Numerical settings", NULL},
    [SCH_SWITCH] = {"switch", "switch", 0, "The switch (asic and feed below)", NULL},
    [SCH_ASIC] = {"switch.asic", "switch.asic", 0, "The switch ASIC (thermal and branch are read by hand)", NULL},
    [SCH_ASIC_POWER] = {"switch.asic.power", "switch.asic.power", 1, "The ASIC's power", NULL},
    [SCH_ASIC_THERMAL] = {"switch.asic.thermal", "switch.asic.thermal", 0,
                          "The ASIC's cold plate (r_table and sources are read by hand)", NULL},
    [SCH_ASIC_BRANCH] = {"switch.asic.branch", "switch.asic.branch", 1,
                         "The ASIC's coolant branch: its rated pressure drop and flow set k = dp / flow^2", NULL},
    [SCH_FEED] = {"switch.feed", "switch.feed", 0, "The 40-60 V feed: PSUs, conductors, brownout", NULL},
    [SCH_CAGE] = {"cage", "cage", 0, "The cage: positions and module size", NULL},
    [SCH_COOLANT] = {"coolant", "coolant", 0,
                     "The coolant's air side (fluid, boiling, supply, rated_at and the loops are read by hand: their "
                     "bounds depend on the fluid)",
                     NULL},
    [SCH_CONTROL] = {"control", "control", 0, "Firmware: control period, runaway, power cap", NULL},
    [SCH_THROTTLE] = {"control.throttle", "control.throttle", 1, "Firmware: the thermal throttle", NULL},
    [SCH_MANAGEMENT] = {"control.management", "control.management", 1, "Firmware: the management bus", NULL},
    [SCH_MODULE_TYPE] = {"module_types.NAME", NULL, 0,
                         "A module type (lane_rate, ports and the mappings below are read by hand)", "models/lane.c"},
    [SCH_PUMP] = {"control.pump", "control.pump", 1,
                  "Firmware: the pump PID on a loop's return temperature (loop and return_setpoint are read by hand)",
                  NULL},
    [SCH_LANE] = {"module_types.NAME.lane", NULL, 0, "A module type's lanes: SNR, FEC and link", "models/lane.c"},
    [SCH_MODULE_POWER] = {"module_types.NAME.power", NULL, 0,
                          "A module type's power beyond its components (kind, components, the lumped shorthand "
                          "and max are read by hand)",
                          "models/power.c"},
    [SCH_MODULE_THERMAL] = {"module_types.NAME.thermal", NULL, 0,
                            "A module type's cold plate (r_table and sources are read by hand)", NULL},
    [SCH_MODULE_BRANCH] = {"module_types.NAME.branch", NULL, 1,
                           "A module's coolant branch (quick-disconnect pair and plate): k = dp / flow^2", NULL},
};

static const schema_choice_t INITIAL[] = {{"coolant", 0}, {"steady", 1}};
static const schema_choice_t ONOFF[] = {{"false", 0}, {"true", 1}};
static const schema_choice_t ACTIONS[] = {{"shed-port", 0}, {"half-rate", 1}};
static const schema_choice_t BUSES[] = {{"i2c-100k", 0}, {"i2c-400k", 1}, {"i2c-1m", 2}, {"i3c", 3}};
static const schema_choice_t MODULATIONS[] = {{"pam4", 4}, {"pam6", 6}, {"pam8", 8}};

#define T(f) offsetof(topo_t, f)
#define LN(f) offsetof(lane_cfg_t, f)
#define CG(f) offsetof(cage_cfg_t, f)
#define MP(f) offsetof(module_power_cfg_t, f)
#define TH(f) offsetof(thermal_plate_cfg_t, f)
#define MT(f) offsetof(topo_module_type_t, f)
/* The plate's scalars, for the module's or the ASIC's section. */
#define PLATE_KEYS(sec, c, rc, ra, src)                                                                             \
  {sec,  "c_plate", SK_QTY,    DIM_HEAT_CAP,        "J/K", 0, 1e7, 1,                                               \
   NULL, 0,         SF_DOUBLE, TH(c_plate_j_per_k), 0,     c, src, "heat capacity of the plate"},                   \
      {sec,       "r_plate_coolant",                                                                                \
       SK_QTY,    DIM_THERMAL_R,                                                                                    \
       "K/W",     0,                                                                                                \
       1e4,       1,                                                                                                \
       NULL,      0,                                                                                                \
       SF_DOUBLE, TH(r_plate_coolant_k_per_w),                                                                      \
       0,         rc,                                                                                               \
       src,       "plate to coolant at the rated flow and temperature"},                                            \
      {sec,       "r_plate_air",                                                                                    \
       SK_QTY,    DIM_THERMAL_R,                                                                                    \
       "K/W",     0,                                                                                                \
       1e4,       1,                                                                                                \
       NULL,      0,                                                                                                \
       SF_DOUBLE, TH(r_plate_air_k_per_w),                                                                          \
       0,         ra,                                                                                               \
       src,       "plate to the air around it"},                                                                    \
  {                                                                                                                 \
    sec, "flow_exponent", SK_QTY, DIM_NONE, "", 0, 2, 0, NULL, 0, SF_DOUBLE, TH(flow_exponent), 0, 0.8,             \
        "turbulent convection, h ~ Re^0.8 (Dittus-Boelter)", "r_plate_coolant scales with (rated flow / flow)^this" \
  }
#define CH(c) c, (int)(sizeof c / sizeof c[0])

const schema_key_t SCHEMA_KEYS[] = {
    /* top level */
    {SCH_TOP, "sample", SK_TIME, DIM_TIME, "", 1e-6, 3600, 0, NULL, 0, SF_TIME, T(sample), 0, 10e-3,
     "[est] resolves a throttle or a flap; a whole number of thermal steps", "period of the trace rows"},
    /* switch */
    {SCH_SWITCH, "asics", SK_INT, DIM_NONE, "", 0, TOPO_MAX_ASICS, 0, NULL, 0, SF_INT, T(n_asics), 0, 1,
     "a 1RU switch has one", "ASICs; slots are given to them in contiguous blocks unless a slot says asic:"},
    /* solver */
    {SCH_SOLVER, "thermal_step", SK_TIME, DIM_TIME, "", 1e-6, 10, 0, NULL, 0, SF_TIME, T(thermal_step), 0, 1e-3,
     "[est] well below the smallest thermal time constant (about 0.4 s)",
     "backward-Euler step of every thermal network"},
    {SCH_SOLVER, "ramp_step", SK_TIME, DIM_TIME, "", 1e-6, 10, 0, NULL, 0, SF_TIME, T(ramp_step), 0, 1e-3,
     "[est] as the thermal step", "a traffic ramp is held constant over steps of this length"},
    {SCH_SOLVER, "initial", SK_CHOICE, DIM_NONE, "", 0, 0, 0, CH(INITIAL), SF_INT, T(initial_steady), 0, 1,
     "steady: a run starts settled",
     "start from the steady state of the t = 0 inputs, or with every node at the coolant supply temperature"},
    {SCH_SOLVER, "temperature_quantum", SK_QTY, DIM_TEMP_DIFF, "K", 0, 10, 0, NULL, 0, SF_DOUBLE, T(temp_quantum_k), 0,
     0.01, "[est] below any sensor's resolution", "junction temperature reaches the lanes in steps of this"},
    {SCH_SOLVER, "steady_tolerance", SK_QTY, DIM_TEMP_DIFF, "K", 0, 10, 0, NULL, 0, SF_DOUBLE, T(steady_tolerance_k), 0,
     1e-4, "[est] moves stored heat by at most C x tolerance",
     "the thermal clock stops when every node is this close to steady state and no input changed for a step; 0 K: "
     "never stop"},
    {SCH_SOLVER, "max_junction", SK_QTY, DIM_TEMP, "C", 100, 1000, 0, NULL, 0, SF_DOUBLE, T(max_junction_c), 0, 250,
     "[est] past SAC305 solder's melting point (217 C): no package survives",
     "a junction past this cannot happen: the run fails with the reason"},
    {SCH_SOLVER, "energy_tolerance", SK_QTY, DIM_NONE, "", 0, 1, 1, NULL, 0, SF_DOUBLE, T(energy_tolerance), 0, 1e-6,
     "every config closes to about 1e-11", "a relative energy-balance error above this fails the run"},
    /* switch.asic */
    {SCH_ASIC, "capacity", SK_QTY, DIM_RATE, "b/s", 0, 1e16, 1, NULL, 0, SF_DOUBLE, T(asic_capacity_bps), 0, 102.4e12,
     "one Tomahawk-6-class ASIC (docs/sources.md)", "switching capacity; ports share it in proportion to demand"},
    {SCH_ASIC, "vr_efficiency", SK_QTY, DIM_NONE, "", 0.5, 1, 0, NULL, 0, SF_DOUBLE, T(asic_vr_efficiency), 0, 0.9,
     "48 -> 1 V direct: 91.5 % peak, above 85 % (docs/sources.md)",
     "the ASIC's regulators; their loss is a conversion loss, off the liquid loop"},
    {SCH_ASIC_POWER, "static", SK_QTY, DIM_POWER, "W", 0, 1e5, 0, NULL, 0, SF_DOUBLE, T(asic_power.static_w), 0, 550,
     "[est] with the default energy per bit, 857 W at 102.4 Tb/s, under the < 1 kW of docs/sources.md",
     "power at no traffic"},
    {SCH_ASIC_POWER, "energy_per_bit", SK_QTY, DIM_EPB, "J/bit", 0, 1e-9, 0, NULL, 0, SF_DOUBLE,
     T(asic_power.energy_per_bit_j), 0, 3e-12, "[est]", "power per bit/s switched"},
    /* switch.asic.thermal */
    PLATE_KEYS(SCH_ASIC_THERMAL, 400, 0.02, 2, "[est] cold plate 0.02-0.05 K/W, GPU class (docs/sources.md)"),
    /* switch.asic.branch */
    {SCH_ASIC_BRANCH, "dp", SK_QTY, DIM_PRESSURE, "Pa", 0, 1e7, 1, NULL, 0, SF_DOUBLE, T(asic_branch_dp_pa), 0, 15e3,
     "[est] quick-disconnect pair and plate", "pressure drop at the rated flow"},
    {SCH_ASIC_BRANCH, "flow", SK_QTY, DIM_FLOW, "m3/s", 0, 1e-1, 1, NULL, 0, SF_DOUBLE, T(asic_branch_flow_m3_per_s), 0,
     1.5e-3 / 60, "[est] 1-1.5 L/min per kW (docs/sources.md)", "the rated flow (also where r_plate_coolant holds)"},
    /* switch.feed (voltage and psu_efficiency are read by hand: a range message of their own, a curve) */
    {SCH_FEED, "min_voltage", SK_QTY, DIM_VOLTAGE, "V", 0, 60, 0, NULL, 0, SF_DOUBLE, T(feed_min_v), 0, 36,
     "[est] UVLO below the XPO input range (40-60 V), which must all run",
     "a module whose input falls below this browns out"},
    {SCH_FEED, "restart_delay", SK_QTY, DIM_TIME, "s", 0, 10, 0, NULL, 0, SF_DOUBLE, T(restart_delay_s), 0, 1,
     "[est] hot-swap controller retry", "a browned-out module retries no sooner than this"},
    {SCH_FEED, "restart_hysteresis", SK_QTY, DIM_VOLTAGE, "V", 0, 20, 0, NULL, 0, SF_DOUBLE, T(restart_hysteresis_v), 0,
     2, "[est] UVLO hysteresis", "a module restarts once its input is this far above min_voltage"},
    {SCH_FEED, "busbar", SK_QTY, DIM_RESISTANCE, "ohm", 0, 1, 0, NULL, 0, SF_DOUBLE, T(busbar_ohm), 0, 0.5e-3, "[est]",
     "resistance from the PSUs to the bus"},
    {SCH_FEED, "cable", SK_QTY, DIM_RESISTANCE, "ohm", 0, 1, 0, NULL, 0, SF_DOUBLE, T(cable_ohm), 0, 5e-3,
     "[est] per module", "resistance from the bus to each module's connector"},
    {SCH_FEED, "psus", SK_INT, DIM_NONE, "", 1, TOPO_MAX_PSUS, 0, NULL, 0, SF_INT, T(psu.count), 0, 3,
     "N+1 for the reference switch", "PSUs installed"},
    {SCH_FEED, "psu_capacity", SK_QTY, DIM_POWER, "W", 0, 1e6, 1, NULL, 0, SF_DOUBLE, T(psu.capacity_w), 0, 3000,
     "ORv3 rectifier", "each PSU's rated output"},
    {SCH_FEED, "holdup", SK_QTY, DIM_TIME, "s", 0, 10, 0, NULL, 0, SF_DOUBLE, T(psu.holdup_s), 0, 20e-3,
     "ORv3 PSU hold-up", "after a PSU fails, the bus holds this long before the others must carry it"},
    /* cage (panel is read by hand: it moves panel_width's default) */
    {SCH_CAGE, "rows", SK_INT, DIM_NONE, "", 1, 1000000, 0, NULL, 0, SF_INT, CG(rows), 0, 2,
     "XPO: two rows in one rack unit", "rows of module positions"},
    {SCH_CAGE, "columns", SK_INT, DIM_NONE, "", 1, 1000000, 0, NULL, 0, SF_INT, CG(cols), 0, 8, "[est]",
     "module positions per row"},
    {SCH_CAGE, "panel_width", SK_QTY, DIM_LENGTH, "m", 0, 10, 1, NULL, 0, SF_DOUBLE, CG(panel_width_m), 0, 533.4e-3,
     "21-inch OCP Open Rack opening (panel: 19in gives 450 mm)", "usable opening between the rack rails"},
    {SCH_CAGE, "module_width", SK_QTY, DIM_LENGTH, "m", 0, 10, 1, NULL, 0, SF_DOUBLE, CG(module_width_m), 0, 60.8e-3,
     "XPO module (docs/sources.md)", "a module's width on the panel"},
    {SCH_CAGE, "module_height", SK_QTY, DIM_LENGTH, "m", 0, 10, 1, NULL, 0, SF_DOUBLE, CG(module_height_m), 0, 21.3e-3,
     "XPO module (docs/sources.md)", "a module's height on the panel"},
    {SCH_CAGE, "module_length", SK_QTY, DIM_LENGTH, "m", 0, 10, 1, NULL, 0, SF_DOUBLE, CG(module_length_m), 0, 111.8e-3,
     "XPO module (docs/sources.md)", "a module's depth"},
    {SCH_CAGE, "column_pitch", SK_QTY, DIM_LENGTH, "m", 0, 10, 1, NULL, 0, SF_DOUBLE, CG(col_pitch_m), 0, -1,
     "-1: the module width", "distance between column starts"},
    {SCH_CAGE, "row_pitch", SK_QTY, DIM_LENGTH, "m", 0, 10, 1, NULL, 0, SF_DOUBLE, CG(row_pitch_m), 0, -1,
     "-1: the module height", "distance between row starts"},
    /* coolant */
    {SCH_COOLANT, "air", SK_QTY, DIM_TEMP, "C", -40, 85, 0, NULL, 0, SF_DOUBLE, T(air_c), 0, 35, "[est] a warm aisle",
     "air temperature around the modules"},
    {SCH_COOLANT, "air_capacity", SK_QTY, DIM_CONDUCTANCE, "W/K", 0, 1e6, 0, NULL, 0, SF_DOUBLE,
     T(air_capacity_w_per_k), 0, 0, "0: the air does not warm along a column",
     "mass flow x c_p of the air through one column; the upper row sees air warmed by the lower row's heat to air"},
    /* control */
    {SCH_CONTROL, "period", SK_TIME, DIM_TIME, "", 1e-6, 10, 0, NULL, 0, SF_TIME, T(control_period), 0, 10e-3,
     "[est] a switch firmware's control loop", "power cap, pump control and brownout checks run this often"},
    {SCH_CONTROL, "runaway", SK_QTY, DIM_TEMP, "C", -50, 300, 0, NULL, 0, SF_DOUBLE, T(runaway_c), 0, 150,
     "[est] well past any throttle limit", "a junction above this is reported as thermal runaway"},
    {SCH_CONTROL, "power_cap", SK_CHOICE, DIM_NONE, "", 0, 0, 0, CH(ONOFF), SF_INT, T(power_cap), 0, 1,
     "on: the firmware keeps the demand within the PSUs' budget",
     "shed ports while the demand exceeds the working PSUs' budget"},
    {SCH_CONTROL, "cap_margin", SK_QTY, DIM_NONE, "", 0, 0.5, 0, NULL, 0, SF_DOUBLE, T(cap_margin), 0, 0.05, "[est]",
     "budget = working PSUs x capacity x (1 - margin); ports come back below budget x (1 - margin)"},
    /* control.throttle */
    {SCH_THROTTLE, "limit", SK_QTY, DIM_TEMP, "C", -50, 300, 0, NULL, 0, SF_DOUBLE, T(throttle_c), 0, 105,
     "[est] a module DSP's rated maximum",
     "a module whose reported hottest junction reaches it sheds a port per reading"},
    {SCH_THROTTLE, "hysteresis", SK_QTY, DIM_TEMP_DIFF, "K", 0, 100, 0, NULL, 0, SF_DOUBLE, T(throttle_hysteresis_k), 0,
     5, "[est]", "a port comes back per reading at or below limit - hysteresis"},
    {SCH_THROTTLE, "action", SK_CHOICE, DIM_NONE, "", 0, 0, 0, CH(ACTIONS), SF_INT, T(throttle_half_rate), 0, 0,
     "shed-port",
     "half-rate: each step runs one more port at half its lane rate (its lanes retrain), shedding only once all are at "
     "half rate"},
    {SCH_THROTTLE, "half_rate_lane_power", SK_QTY, DIM_NONE, "", 0, 1, 0, NULL, 0, SF_DOUBLE, T(half_rate_lane_power),
     0, 0.6, "[est] SerDes and driver power per lane falls less than its rate",
     "per-lane power of a lane at half rate, relative to full rate"},
    /* control.management */
    {SCH_MANAGEMENT, "bus", SK_CHOICE, DIM_NONE, "", 0, 0, 0, CH(BUSES), SF_INT, T(mgmt_bus), 0, 1,
     "I2C fast mode, as CMIS modules are read", "I2C standard, fast, fast-plus; I3C SDR at 12.5 MHz"},
    {SCH_MANAGEMENT, "sensors", SK_INT, DIM_NONE, "", 1, 256, 0, NULL, 0, SF_INT, T(mgmt_sensors), 0, 6,
     "[est] temperature, voltage, power and per-lane monitors", "registers read per module per poll"},
    {SCH_MANAGEMENT, "bytes", SK_INT, DIM_NONE, "", 1, 32, 0, NULL, 0, SF_INT, T(mgmt_bytes), 0, 2,
     "CMIS monitors are 16-bit", "data bytes per register read"},
    {SCH_MANAGEMENT, "modules_per_channel", SK_INT, DIM_NONE, "", 1, TOPO_MAX_SLOTS, 0, NULL, 0, SF_INT,
     T(mgmt_per_channel), 0, 1, "XPO: independent channels per module",
     "modules that share one bus, read one after another"},
    {SCH_MANAGEMENT, "poll", SK_TIME, DIM_TIME, "", 1e-6, 10, 0, NULL, 0, SF_TIME, T(mgmt_poll), 0, 10e-3, "[est]",
     "a poll cycle starts this often (or when the last ended, if longer)"},
    /* control.pump */
    {SCH_PUMP, "kp", SK_QTY, DIM_NONE, "", 0, 100, 0, NULL, 0, SF_DOUBLE, T(pid_kp), 0, 0.05,
     "[est] tuned on configs/pump-pid.yaml", "proportional gain, speed per kelvin"},
    {SCH_PUMP, "ki", SK_QTY, DIM_NONE, "", 0, 100, 0, NULL, 0, SF_DOUBLE, T(pid_ki), 0, 0.02,
     "[est] tuned on configs/pump-pid.yaml", "integral gain, speed per kelvin-second"},
    {SCH_PUMP, "kd", SK_QTY, DIM_NONE, "", 0, 100, 0, NULL, 0, SF_DOUBLE, T(pid_kd), 0, 0, "no derivative term",
     "derivative gain, speed per kelvin/second"},
    {SCH_PUMP, "min_speed", SK_QTY, DIM_NONE, "", 0, 2, 0, NULL, 0, SF_DOUBLE, T(pid_min), 0, 0.3,
     "[est] a pump's lowest stable speed", "the lowest speed the PID sets, of rated"},
    {SCH_PUMP, "max_speed", SK_QTY, DIM_NONE, "", 0, 2, 0, NULL, 0, SF_DOUBLE, T(pid_max), 0, 1.2,
     "[est] a pump driven above its rating", "the highest speed the PID sets, of rated"},
    /* module_types.NAME */
    {SCH_MODULE_TYPE, "lanes", SK_INT, DIM_NONE, "", 1, LANE_MAX_PER_MODULE, 0, NULL, 0, SF_INT, MT(lanes), 0, 64,
     "XPO: 64 electrical lanes", "electrical lanes per module"},
    {SCH_MODULE_TYPE, "payload", SK_QTY, DIM_RATE, "b/s", 0, 1e13, 1, NULL, 0, SF_DOUBLE, MT(lane.payload_bps), 1, 0,
     "802.3dj: 200 Gb/s per 224G lane, 400 Gb/s per 448G lane", "Ethernet payload per lane"},
    /* module_types.NAME.lane: defaults are the model's (models/lane.c) */
    {SCH_LANE, "modulation", SK_CHOICE, DIM_NONE, "", 0, 0, 0, CH(MODULATIONS), SF_INT, LN(fec.levels), 1, 0,
     "802.3dj: PAM-4 at 224G", "line modulation"},
    {SCH_LANE, "inner_code", SK_CHOICE, DIM_NONE, "", 0, 0, 0, CH(ONOFF), SF_INT, LN(fec.inner), 1, 0, "off",
     "Hamming(128,120) before the RS decoder (optics)"},
    {SCH_LANE, "inner_pad_bits", SK_INT, DIM_NONE, "", 0, 10000, 0, NULL, 0, SF_INT, LN(inner_pad_bits), 1, 0,
     "802.3dj inner code framing", "pad bits per RS codeword ahead of the inner code"},
    {SCH_LANE, "rs_n", SK_INT, DIM_NONE, "", 2, 1023, 0, NULL, 0, SF_INT, LN(fec.rs_n), 1, 0, "KP4 RS(544, 514)",
     "RS(n, k) over 10-bit symbols: codeword length"},
    {SCH_LANE, "rs_k", SK_INT, DIM_NONE, "", 1, 1022, 0, NULL, 0, SF_INT, LN(fec.rs_k), 1, 0, "KP4 RS(544, 514)",
     "RS(n, k): data symbols; t = (n - k)/2 at most 64"},
    {SCH_LANE, "snr", SK_QTY, DIM_DB, "dB", -20, 80, 0, NULL, 0, SF_DOUBLE, LN(snr_db), 1, 0,
     "[est] pre-FEC BER about 6e-6 for PAM-4", "SNR at loss_ref and temp_ref"},
    {SCH_LANE, "channel_loss", SK_QTY, DIM_DB, "dB", 0, 200, 0, NULL, 0, SF_DOUBLE, LN(channel_loss_db), 1, 0,
     "[est] the reference channel", "channel loss at Nyquist"},
    {SCH_LANE, "loss_ref", SK_QTY, DIM_DB, "dB", 0, 200, 0, NULL, 0, SF_DOUBLE, LN(loss_ref_db), 1, 0, "[est]",
     "the loss at which snr is given"},
    {SCH_LANE, "snr_per_loss", SK_QTY, DIM_NONE, "", 0, 10, 0, NULL, 0, SF_DOUBLE, LN(snr_per_loss), 1, 0, "[est]",
     "dB of SNR lost per dB of loss above loss_ref"},
    {SCH_LANE, "temp_ref", SK_QTY, DIM_TEMP, "C", -50, 200, 0, NULL, 0, SF_DOUBLE, LN(temp_ref_c), 1, 0, "[est]",
     "the junction temperature at which snr is given"},
    {SCH_LANE, "temp_slope", SK_QTY, DIM_DB_PER_K, "dB/K", -10, 10, 0, NULL, 0, SF_DOUBLE, LN(temp_slope_db_per_k), 1,
     0.03, "[est]", "dB of SNR lost per kelvin of junction above temp_ref"},
    {SCH_LANE, "snr_sigma", SK_QTY, DIM_DB, "dB", 0, 20, 0, NULL, 0, SF_DOUBLE, LN(snr_sigma_db), 1, 0, "[est]",
     "per-lane spread of SNR (normal), drawn from the seed"},
    {SCH_LANE, "snr_quantum", SK_QTY, DIM_DB, "dB", 1e-4, 1, 0, NULL, 0, SF_DOUBLE, LN(snr_quantum_db), 1, 0,
     "[est] finer than any effect traced", "grid on which codeword statistics are evaluated"},
    {SCH_LANE, "burst", SK_QTY, DIM_NONE, "", 0, 0.999, 0, NULL, 0, SF_DOUBLE, LN(fec.burst), 1, 0,
     "[est] DFE error propagation", "probability an error continues into the next PAM symbol"},
    {SCH_LANE, "skew_max", SK_QTY, DIM_TIME, "s", 0, 1e-3, 0, NULL, 0, SF_DOUBLE, LN(skew_max_s), 1, 0, "[est]",
     "lane skew drawn uniform in [0, skew_max] at each training"},
    {SCH_LANE, "deskew_budget", SK_QTY, DIM_TIME, "s", 0, 1e-3, 0, NULL, 0, SF_DOUBLE, LN(deskew_budget_s), 1, 0,
     "802.3bs: about 180 ns", "a port is up only if its lanes' skew spread fits"},
    {SCH_LANE, "frame_bytes", SK_INT, DIM_NONE, "", 64, 16384, 0, NULL, 0, SF_INT, LN(frame_bytes), 1, 0,
     "a full-size Ethernet frame", "frame size lost around an uncorrectable codeword"},
    {SCH_LANE, "training", SK_TIME, DIM_TIME, "", 1e-6, 3600, 0, NULL, 0, SF_TIME, LN(link.training), 1, 0,
     "[est] PAM-4 link training", "time a lane trains before it carries"},
    {SCH_LANE, "retraining", SK_TIME, DIM_TIME, "", 1e-6, 3600, 0, NULL, 0, SF_TIME, LN(link.retraining), 1, 0, "[est]",
     "re-equalisation after a flap"},
    {SCH_LANE, "window", SK_TIME, DIM_TIME, "", 1e-6, 3600, 0, NULL, 0, SF_TIME, LN(link.window), 1, 0, "[est]",
     "uncorrectable codewords are counted over this window"},
    {SCH_LANE, "degrade_hold", SK_TIME, DIM_TIME, "", 1e-6, 3600, 0, NULL, 0, SF_TIME, LN(link.degrade_hold), 1, 0,
     "[est]", "time in degraded before recovering or retraining"},
    {SCH_LANE, "degrade_ucw", SK_INT, DIM_NONE, "", 1, LINK_MAX_UCW, 0, NULL, 0, SF_INT, LN(link.degrade_ucw), 1, 0,
     "[est]", "uncorrectable codewords in a window that degrade a link"},
    {SCH_LANE, "train_ber_max", SK_QTY, DIM_NONE, "", 0, 0.5, 1, NULL, 0, SF_DOUBLE, LN(link.train_ber_max), 1, 0,
     "KP4's pre-FEC BER threshold", "training succeeds only below this pre-FEC BER"},
    /* module_types.NAME.power: defaults are the kind's (models/power.c) */
    {SCH_MODULE_POWER, "dcdc_efficiency", SK_QTY, DIM_NONE, "", 0.5, 1, 0, NULL, 0, SF_DOUBLE, MP(dcdc_efficiency), 1,
     0, "97.7 % at full load, 54 -> 12 V (docs/sources.md); 1 for the lumped shorthand",
     "the module's 54 V converter; its loss heats the plate"},
    {SCH_MODULE_POWER, "inrush_current", SK_QTY, DIM_CURRENT, "A", 0, 200, 0, NULL, 0, SF_DOUBLE, MP(inrush_a), 1, 0,
     "[est] soft start charging the input capacitors", "extra current while a module powers up"},
    {SCH_MODULE_POWER, "inrush_time", SK_QTY, DIM_TIME, "s", 0, 1, 0, NULL, 0, SF_DOUBLE, MP(inrush_s), 1, 0, "[est]",
     "how long the soft start lasts"},
    /* module_types.NAME.thermal */
    PLATE_KEYS(SCH_MODULE_THERMAL, 120, 0.03, 5, "[est] an XPO module's cold plate"),
    /* module_types.NAME.branch */
    {SCH_MODULE_BRANCH, "dp", SK_QTY, DIM_PRESSURE, "Pa", 0, 1e7, 1, NULL, 0, SF_DOUBLE, MT(branch_dp_pa), 0, 15e3,
     "[est] quick-disconnect pair 5-20 kPa (docs/sources.md) plus plate", "pressure drop at the rated flow"},
    {SCH_MODULE_BRANCH, "flow", SK_QTY, DIM_FLOW, "m3/s", 0, 1e-1, 1, NULL, 0, SF_DOUBLE, MT(branch_flow_m3_per_s), 0,
     0.5e-3 / 60, "[est]", "the rated flow (also where r_plate_coolant holds)"},
};
const size_t SCHEMA_NKEYS = sizeof SCHEMA_KEYS / sizeof SCHEMA_KEYS[0];

_Static_assert(sizeof(mgmt_bus_t) == sizeof(int), "an enum key is stored as an int");
_Static_assert(sizeof BUSES / sizeof BUSES[0] <= SCHEMA_MAX_CHOICES,
               "a choice key has at most SCHEMA_MAX_CHOICES names");

size_t schema_keys(int section, const schema_key_t **first) {
  size_t i = 0, n = 0;
  while (i < SCHEMA_NKEYS && SCHEMA_KEYS[i].section != section) i++;
  *first = &SCHEMA_KEYS[i];
  while (i + n < SCHEMA_NKEYS && SCHEMA_KEYS[i + n].section == section) n++;
  return n;
}

void schema_set(const schema_key_t *k, void *base, double v) {
  char *p = (char *)base + k->offset;
  if (k->field == SF_DOUBLE)
    memcpy(p, &v, sizeof v);
  else if (k->field == SF_INT) {
    int x = (int)v;
    memcpy(p, &x, sizeof x);
  } else {
    sim_time_t ps = sim_from_s(v);
    memcpy(p, &ps, sizeof ps);
  }
}

double schema_get(const schema_key_t *k, const void *base) {
  const char *p = (const char *)base + k->offset;
  if (k->field == SF_DOUBLE) {
    double v;
    memcpy(&v, p, sizeof v);
    return v;
  }
  if (k->field == SF_INT) {
    int x;
    memcpy(&x, p, sizeof x);
    return x;
  }
  sim_time_t ps;
  memcpy(&ps, p, sizeof ps);
  return sim_to_s(ps);
}

const schema_key_t *schema_key(int section, const char *key) {
  const schema_key_t *k;
  size_t n = schema_keys(section, &k);
  for (size_t i = 0; i < n; i++)
    if (!strcmp(k[i].key, key)) return &k[i];
  return NULL;
}

int schema_index(int section, const char *key) {
  const schema_key_t *k;
  size_t n = schema_keys(section, &k);
  for (size_t i = 0; i < n; i++)
    if (!strcmp(k[i].key, key)) return (int)i;
  return -1;
}

void schema_defaults(int section, void *base) {
  const schema_key_t *k;
  size_t n = schema_keys(section, &k);
  for (size_t i = 0; i < n; i++)
    if (!k[i].model_def) schema_set(&k[i], base, k[i].def);
}

const char *schema_choice_name(const schema_key_t *k, const void *base) {
  int v = (int)schema_get(k, base);
  for (int i = 0; i < k->nchoices; i++)
    if (k->choices[i].value == v) return k->choices[i].name;
  return "?";
}

/* ---- the reference ---- */

static void range_text(const schema_key_t *k, char *b, size_t n) {
  if (k->type == SK_CHOICE) {
    size_t used = 0;
    b[0] = 0;
    for (int i = 0; i < k->nchoices && used < n; i++)
      used += (size_t)snprintf(b + used, n - used, "%s`%s`", i ? ", " : "", k->choices[i].name);
  } else if (k->type == SK_INT) {
    snprintf(b, n, "%.0f to %.0f", k->lo, k->hi);
  } else {
    const char *u = k->type == SK_TIME ? "s" : k->unit;
    snprintf(b, n, "%s %.6g to %.6g%s%s", k->lo_open ? "above" : "from", k->lo, k->hi, u[0] ? " " : "", u);
  }
}

static void default_text(const schema_key_t *k, const void *model, char *b, size_t n) {
  double v = k->model_def ? schema_get(k, model) : k->def;
  if (k->type == SK_CHOICE) {
    for (int i = 0; i < k->nchoices; i++)
      if (k->choices[i].value == (int)v) snprintf(b, n, "`%s`", k->choices[i].name);
  } else if (k->type == SK_INT) {
    snprintf(b, n, "%.0f", v);
  } else {
    const char *u = k->type == SK_TIME ? "s" : k->unit;
    snprintf(b, n, "%.6g%s%s", v, u[0] ? " " : "", u);
  }
}

/* The model's defaults of a section's keys, or NULL. */
static const void *model_defaults(int section, lane_cfg_t *lane, module_power_cfg_t *power, topo_module_type_t *type) {
  if (section == SCH_MODULE_TYPE) {
    memset(type, 0, sizeof *type);
    lane_defaults(LANE_224G, &type->lane);
    return type;
  }
  if (section == SCH_LANE) {
    lane_defaults(LANE_224G, lane);
    return lane;
  }
  if (section == SCH_MODULE_POWER) {
    module_components_defaults(MODULE_DSP, power);
    return power;
  }
  return NULL;
}

void schema_write_reference(FILE *f) {
  lane_cfg_t lane;
  module_power_cfg_t power;
  static topo_module_type_t type; /* large: not on the stack */
  fputs("<!-- generated by `xposim keys` from src/topo/schema.c: edit the table, not this block -->\n", f);
  for (int s = 0; s < SCH_NSECTIONS; s++) {
    const schema_key_t *k;
    size_t n = schema_keys(s, &k);
    fprintf(f, "\n### `%s`: %s\n\n", SCHEMA_SECTIONS[s].path, SCHEMA_SECTIONS[s].title);
    fputs("| key | default | range | meaning | source of the default |\n| --- | --- | --- | --- | --- |\n", f);
    for (size_t i = 0; i < n; i++) {
      char def[64] = "", range[160];
      default_text(&k[i], model_defaults(s, &lane, &power, &type), def, sizeof def);
      range_text(&k[i], range, sizeof range);
      fprintf(f, "| `%s` | %s | %s | %s | %s%s%s%s |\n", k[i].key, def, range, k[i].meaning, k[i].source,
              k[i].model_def ? " (" : "", k[i].model_def ? SCHEMA_SECTIONS[s].model : "", k[i].model_def ? ")" : "");
    }
  }
}
