/*
 * schema.c: the table of topology keys (schema.h). A key's default lives
 * here, or, where models/ defines the physics' defaults (a lane), there
 * alone; its source is named in the row either way.
 */
#include "topo/schema.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cage.h"
#include "coolant.h"
#include "hydraulics.h"
#include "lane.h"
#include "power.h"
#include "topo/config.h"

/* The sections no code outside the table names. */
enum {
  SCH_ASIC_POWER = SCH_NAMED,
  SCH_ASIC_BRANCH,
  SCH_MANAGEMENT,
  SCH_MODULE_BRANCH,
  SCH_HOST,
  SCH_FANS,
  SCH_SINK,
  SCH_ASIC_SINK,
  SCH_SHUTDOWN,
  SCH_ALARMS,
  SCH_NSECTIONS
};

const schema_section_t SCHEMA_SECTIONS[SCH_NSECTIONS] = {
    [SCH_TOP] = {"(top level)", "topology", 0, "The file itself", NULL},
    [SCH_SOLVER] = {"solver", "solver", 0, "Numerical settings", NULL},
    [SCH_SWITCH] = {"switch", "switch", 0, "The switch", NULL},
    [SCH_ASIC] = {"switch.asic", "switch.asic", 0, "The switch ASIC", NULL},
    [SCH_ASIC_POWER] = {"switch.asic.power", "switch.asic.power", 1, "The ASIC's power", NULL},
    [SCH_ASIC_THERMAL] = {"switch.asic.thermal", "switch.asic.thermal", 0, "The ASIC's cold plate", NULL},
    [SCH_ASIC_BRANCH] = {"switch.asic.branch", "switch.asic.branch", 1,
                         "The ASIC's coolant branch: its rated pressure drop and flow set k = dp / flow^2", NULL},
    [SCH_HOST] = {"switch.host", "switch.host", 0,
                  "Each slot's host channel, ASIC to module: its loss from the cage's geometry (docs/models.md)", NULL},
    [SCH_LINE] = {"module_types.NAME.line", NULL, 0,
                  "A module type's optical line and the link budget its kind implies (docs/models.md)",
                  "models/optics.c"},
    [SCH_FANS] = {"switch.fans", "switch.fans", 0,
                  "The fan tray: fans in parallel against the chassis (docs/models.md \"Air cooling\")", NULL},
    [SCH_SINK] = {"module_types.NAME.heat_sink", NULL, 1,
                  "A module's heat sink, when cooling: air: its resistance against air velocity", NULL},
    [SCH_ASIC_SINK] = {"switch.asic.heat_sink", "switch.asic.heat_sink", 1, "The ASIC's heat sink, when cooling: air",
                       NULL},
    [SCH_FEED] = {"switch.feed", "switch.feed", 0, "The 40-60 V feed: PSUs, conductors, brownout", NULL},
    [SCH_CAGE] = {"cage", "cage", 0, "The cage: positions and module size", NULL},
    [SCH_COOLANT] = {"coolant", "coolant", 0,
                     "The coolant and the air; one loop's keys may sit here directly instead of in loops (the "
                     "shorthand: one loop named main serving everything)",
                     NULL},
    [SCH_CONTROL] = {"control", "control", 0, "Firmware: control period, runaway, power cap", NULL},
    [SCH_THROTTLE] = {"control.throttle", "control.throttle", 0, "Firmware: the thermal throttle", NULL},
    [SCH_LIMITS] = {"limits", "limits", 0,
                    "The limits a run's summary measures its margins to, and when a run is steady again after an "
                    "event (docs/outputs.md \"Limits and margins\")",
                    NULL},
    [SCH_MANAGEMENT] = {"control.management", "control.management", 1, "Firmware: the management bus", NULL},
    [SCH_ALARMS] = {"control.alarms", "control.alarms", 1,
                    "Firmware: CMIS-style warning and alarm flags on each module's readings, with hysteresis, and "
                    "the host's low-power policy (docs/models.md \"Alarms\")",
                    NULL},
    [SCH_SHUTDOWN] = {"control.shutdown", "control.shutdown", 1,
                      "Firmware: what protects a module or an ASIC past its throttle: an ASIC's own throttle, then "
                      "shutting it down, and the host's restart (docs/models.md \"Firmware\")",
                      NULL},
    [SCH_MODULE_TYPE] = {"module_types.NAME", NULL, 0, "A module type", "models/lane.c"},
    [SCH_PUMP] = {"control.pump", "control.pump", 1, "Firmware: the pump PID on a loop's return temperature", NULL},
    [SCH_LANE] = {"module_types.NAME.lane", NULL, 0, "A module type's lanes: SNR, FEC and link", "models/lane.c"},
    [SCH_MODULE_POWER] = {"module_types.NAME.power", NULL, 0,
                          "A module type's power: a kind's components, or one lumped component (the variants "
                          "`components` and `lumped`: give keys of one only)",
                          "models/power.c"},
    [SCH_MODULE_THERMAL] = {"module_types.NAME.thermal", NULL, 0,
                            "A module type's cold plate: its heat sources, or one lumped die", NULL},
    [SCH_LASER] = {"module_types.NAME.laser", NULL, 1,
                   "A module's lasers: the bias that holds their output as they warm (docs/models.md)", NULL},
    [SCH_MODULE_BRANCH] = {"module_types.NAME.branch", NULL, 1,
                           "A module's coolant branch (quick-disconnect pair and plate): k = dp / flow^2", NULL},
    [SCH_POWER_COMPONENT] = {"module_types.NAME.power.components.NAME", NULL, 1,
                             "One power component: a kind's own (its defaults: docs/models.md) or a new one", NULL},
    [SCH_THERMAL_SOURCE] = {"(thermal).sources[]", NULL, 1, "A heat source on a cold plate (module or ASIC)", NULL},
    [SCH_SLOT] = {"slots[]", NULL, 1, "A populated position of the cage", NULL},
    [SCH_SLOT_FILL] = {"slots (short form)", "slots", 0, "Every position of the cage holds one module type", NULL},
    [SCH_LOOP] = {"coolant.loops[]", NULL, 0,
                  "A coolant loop: a regulated flow or pumps, its manifold, what it serves (the variant `loops`: "
                  "keys a loop takes only in coolant.loops, not in the shorthand)",
                  NULL},
    [SCH_LOOP_PUMP] = {"coolant.loops[].pumps[]", NULL, 1,
                       "A pump in parallel with the loop's others: a quadratic curve through shutoff and max_flow",
                       NULL},
    [SCH_MANIFOLD] = {"coolant.loops[].manifold", NULL, 0,
                      "The loop's headers (`manifold: ideal` instead: every branch sees the same pressure)", NULL},
    [SCH_MANIFOLD_RUN] = {"coolant.loops[].manifold.segment, .feed", NULL, 1,
                          "A run of header pipe, by its pressure drop at a flow (k = dp / flow^2)", NULL},
    [SCH_TRAFFIC] = {"traffic[]", NULL, 0, "Offered load on a set of slots and ports", NULL},
    [SCH_PROFILE] = {"traffic[].profile", NULL, 1, "The offered load over time (variants: the kinds)", NULL},
    [SCH_EVENT] = {"scenario[]", NULL, 1,
                   "An event at a time: a load, a coolant supply, or a fault (variants: `load`, `supply` and the "
                   "fault's name)",
                   NULL},
};

const size_t SCHEMA_NSECTIONS = SCH_NSECTIONS;

static const schema_choice_t INITIAL[] = {{"coolant", 0}, {"steady", 1}};
static const schema_choice_t ONOFF[] = {{"false", 0}, {"true", 1}};
static const schema_choice_t INNER_CODES[] = {
    {"false", FEC_INNER_OFF}, {"true", FEC_INNER_HARD}, {"hard", FEC_INNER_HARD}, {"soft", FEC_INNER_SOFT}};
static const schema_choice_t BUSES[] = {{"i2c-100k", 0}, {"i2c-400k", 1}, {"i2c-1m", 2}, {"i3c", 3}};
static const schema_choice_t MODULATIONS[] = {{"pam4", 4}, {"pam6", 6}, {"pam8", 8}};
static const schema_choice_t ROUTINGS[] = {{"fixed", HOST_FIXED}, {"pcb", HOST_PCB}, {"flyover", HOST_FLYOVER}};
static const schema_choice_t PANELS[] = {{"19in", 0}, {"21in", 1}};
static const schema_choice_t FLUIDS[] = {{"water", FLUID_WATER}, {"pg25", FLUID_PG25}};
static const schema_choice_t LANE_RATES[] = {{"224G", LANE_224G}, {"448G", LANE_448G}};
static const schema_choice_t COOLINGS[] = {{"liquid", 0}, {"air", 1}};
static const schema_choice_t RETIMINGS[] = {
    {"full", RETIME_FULL}, {"transmit", RETIME_TRANSMIT}, {"none", RETIME_NONE}};
static const schema_choice_t MODULE_KINDS[] = {{"dsp", MODULE_DSP}, {"lro", MODULE_LRO}, {"lpo", MODULE_LPO}};
static const schema_choice_t PROFILES[] = {
    {"constant", TRAFFIC_CONSTANT}, {"step", TRAFFIC_STEP}, {"ramp", TRAFFIC_RAMP}, {"daily", TRAFFIC_DAILY}};
static const schema_choice_t LAYOUTS[] = {{"direct-return", HYD_DIRECT_RETURN}, {"reverse-return", HYD_REVERSE_RETURN}};
static const schema_choice_t FAULTS[] = {{"lane-down", SCN_LANE_DOWN},
                                         {"lane-up", SCN_LANE_UP},
                                         {"snr-drop", SCN_SNR_DROP},
                                         {"module-pull", SCN_MODULE_PULL},
                                         {"module-insert", SCN_MODULE_INSERT},
                                         {"pump-fail", SCN_PUMP_FAIL},
                                         {"pump-restore", SCN_PUMP_RESTORE},
                                         {"blocked", SCN_BLOCKED},
                                         {"leak", SCN_LEAK},
                                         {"psu-fail", SCN_PSU_FAIL},
                                         {"psu-restore", SCN_PSU_RESTORE},
                                         {"fan-fail", FAN_EVENT_FAIL},
                                         {"fan-restore", FAN_EVENT_RESTORE},
                                         {"module-reset", FW_EVENT_MODULE_RESET}};

#define T(f) offsetof(topo_t, f)
#define LN(f) offsetof(lane_cfg_t, f)
#define CG(f) offsetof(cage_cfg_t, f)
#define MP(f) offsetof(module_power_cfg_t, f)
#define TH(f) offsetof(thermal_plate_cfg_t, f)
#define MT(f) offsetof(topo_module_type_t, f)
#define LS(f) offsetof(laser_cfg_t, f)
#define OL(f) offsetof(line_cfg_t, f)
#define FN(f) offsetof(fan_cfg_t, f)
#define SN(f) offsetof(sink_cfg_t, f)
#define PC(f) offsetof(power_component_cfg_t, f)
#define TS(f) offsetof(thermal_source_cfg_t, f)
#define LP(f) offsetof(topo_loop_t, f)
#define PU(f) offsetof(topo_pump_t, f)
#define RN(f) offsetof(topo_run_t, f)
#define PR(f) offsetof(traffic_profile_t, f)
#define EV(f) offsetof(scn_event_t, f)
/* A key holding a mapping (SK_MAP), a list of mappings (SK_LIST) or named
 * mappings (SK_NAMED) of another section's keys. */
#define NEST(sec, k, ty, s, req, ex, deft, what)                                                                    \
  {                                                                                                                 \
    .section = (sec), .key = (k), .type = (ty), .sub = (s), .required = (req), .example = (ex), .def_text = (deft), \
    .source = "", .meaning = (what)                                                                                 \
  }
/* A mapping the table reads, defaults and writes whole, at base + off
 * (hand_ 1: read by hand for checks across its keys, written whole). */
#define NESTED(sec, k, s, off, hand_, what)                                                                         \
  {                                                                                                                 \
    .section = (sec), .key = (k), .type = SK_MAP, .sub = (s), .field = SF_STRUCT, .offset = (off), .hand = (hand_), \
    .source = "", .meaning = (what)                                                                                 \
  }
/* A value with a syntax of its own, read by hand. */
#define SYNTAX(sec, k, only_, req, ex, deft, src, what)                                                   \
  {                                                                                                       \
    .section = (sec), .key = (k), .type = SK_SYNTAX, .only = (only_), .required = (req), .example = (ex), \
    .def_text = (deft), .source = (src), .meaning = (what)                                                \
  }
/* The shape of a plate's heat: its sources, or one lumped die. */
#define PLATE_SHAPE_KEYS(sec, sources_def)                                                                     \
  SYNTAX(sec, "r_table", NULL, 0, "[[0.5 L/min, 0.04 K/W], [1 L/min, 0.03 K/W]]",                              \
         "none: r_plate_coolant and flow_exponent", "",                                                        \
         "plate to coolant against flow, 2 to 8 [flow, resistance] pairs (interpolated; flows increasing)"),   \
      NEST(sec, "sources", SK_LIST, SCH_THERMAL_SOURCE, 0, NULL, sources_def,                                  \
           "the heat sources sharing the plate (or c_junction and r_junction_plate: one lumped die)"),         \
      {.section = (sec),                                                                                       \
       .key = "c_junction",                                                                                    \
       .type = SK_QTY,                                                                                         \
       .dim = DIM_HEAT_CAP,                                                                                    \
       .unit = "J/K",                                                                                          \
       .lo = 0,                                                                                                \
       .hi = 1e7,                                                                                              \
       .lo_open = 1,                                                                                           \
       .hand = 1,                                                                                              \
       .def = 30,                                                                                              \
       .source = "[est]",                                                                                      \
       .meaning = "one lumped die instead of sources: its heat capacity"},                                     \
  {                                                                                                            \
    .section = (sec), .key = "r_junction_plate", .type = SK_QTY, .dim = DIM_THERMAL_R, .unit = "K/W", .lo = 0, \
    .hi = 1e4, .lo_open = 1, .hand = 1, .def = 0.05, .source = "[est]",                                        \
    .meaning = "one lumped die instead of sources: junction to plate"                                          \
  }
/* The plate's scalars, for the module's or the ASIC's section. */
#define PLATE_KEYS(sec, c, rc, ra, src)                                                                                \
  ROW(sec, "c_plate", SK_QTY, DIM_HEAT_CAP, "J/K", 0, 1e7, 1, SF_DOUBLE, TH(c_plate_j_per_k), c, src,                  \
      "heat capacity of the plate", .hand = 0),                                                                        \
      ROW(sec, "r_plate_coolant", SK_QTY, DIM_THERMAL_R, "K/W", 0, 1e4, 1, SF_DOUBLE, TH(r_plate_coolant_k_per_w), rc, \
          src, "plate to coolant at the rated flow and temperature", .hand = 0),                                       \
      ROW(sec, "r_plate_air", SK_QTY, DIM_THERMAL_R, "K/W", 0, 1e4, 1, SF_DOUBLE, TH(r_plate_air_k_per_w), ra, src,    \
          "plate to the air around it", .hand = 0),                                                                    \
      ROW(sec, "flow_exponent", SK_QTY, DIM_NONE, "", 0, 2, 0, SF_DOUBLE, TH(flow_exponent), 0.8,                      \
          "turbulent convection, h ~ Re^0.8 (Dittus-Boelter)", "r_plate_coolant scales with (rated flow / flow)^this", \
          .hand = 0)
/* A heat sink's keys, for the module's or the ASIC's section. */
#define SINK_KEYS(sec, r, rsrc, area, area_open, area_src, area_what)                                              \
  ROW(sec, "r_sink", SK_QTY, DIM_THERMAL_R, "K/W", 0, 1e4, 1, SF_DOUBLE, SN(r_sink_k_per_w), r, rsrc,              \
      "sink to air at velocity", .hand = 0),                                                                       \
      ROW(sec, "velocity", SK_QTY, DIM_VELOCITY, "m/s", 0, 100, 1, SF_DOUBLE, SN(velocity_m_per_s), 3,             \
          "a common rating point of sink data", "the air velocity r_sink is given at", .hand = 0),                 \
      ROW(sec, "exponent", SK_QTY, DIM_NONE, "", 0, 1.5, 0, SF_DOUBLE, SN(exponent), 0.6,                          \
          "[est] between laminar fin channels (0.5) and turbulent flow (0.8)", "r scales as (velocity / v)^this",  \
          .hand = 0),                                                                                              \
      ROW(sec, "flow_area", SK_QTY, DIM_AREA, "m2", 0, 10, area_open, SF_DOUBLE, SN(flow_area_m2), area, area_src, \
          area_what, .hand = 0)
#define CH_N(c) (int)(sizeof c / sizeof c[0])
/* A single value; the extras name what the positional rows leave out
 * (.required, .example, .only, .hand, .model_def, .def_text, .choices). */
#define ROW(sec, k, ty, dm, u, lo_, hi_, open_, fld, off, dflt, src, what, ...)                             \
  {                                                                                                         \
    .section = (sec), .key = (k), .type = (ty), .dim = (dm), .unit = (u), .lo = (lo_), .hi = (hi_),         \
    .lo_open = (open_), .field = (fld), .offset = (off), .def = (dflt), .source = (src), .meaning = (what), \
    __VA_ARGS__                                                                                             \
  }
#define STR_(x) #x
#define STR(x) STR_(x)          /* a limit's value, in a meaning */
#define FLOW_MAX (1000e-3 / 60) /* 1000 L/min: far above any 1RU loop */

const schema_key_t SCHEMA_KEYS[] = {
    /* top level */
    ROW(SCH_TOP, "xposim", SK_INT, DIM_NONE, "", 0, 1000000, 0, SF_NONE, 0, 1, "",
        "the schema version the file is written in; this xposim reads 1", .required = 1, .hand = 1,
        .example = "1 (the schema version)"),
    ROW(SCH_TOP, "name", SK_NAME, DIM_NONE, "", 0, 0, 0, SF_NAME, T(name), 0, "",
        "the switch's name, as outputs show it", .required = 1, .hand = 1, .example = "tor-1ru-16x-xpo224"),
    ROW(SCH_TOP, "seed", SK_INT, DIM_NONE, "", 0, 18446744073709551615.0, 0, SF_U64, T(seed), 1, "",
        "seed of every random draw (lane SNR spread, skew, errors): the same file and seed give the same bytes",
        .hand = 1),
    ROW(SCH_TOP, "duration", SK_TIME, DIM_TIME, "", 0, TOPO_MAX_DURATION_S, 1, SF_TIME, T(duration), 0, "",
        "simulated time; a whole number of thermal steps", .required = 1, .example = "10 ms"),
    ROW(SCH_TOP, "sample", SK_TIME, DIM_TIME, "", 1e-6, 3600, 0, SF_TIME, T(sample), 10e-3,
        "[choice] resolves a throttle or a flap; a whole number of thermal steps",
        "period of the samples: a trace row where a value changed (every sample with --sample fixed)", .hand = 0),
    NESTED(SCH_TOP, "solver", SCH_SOLVER, 0, 1, "numerical settings"),
    NESTED(SCH_TOP, "switch", SCH_SWITCH, 0, 1, "the ASICs and the feed"),
    NESTED(SCH_TOP, "cage", SCH_CAGE, T(cage), 1, "positions and module size"),
    NEST(SCH_TOP, "module_types", SK_NAMED, SCH_MODULE_TYPE, 1, "{ xpo-224: { lane_rate: 224G, ports: 8x1.6T } }", NULL,
         "the module types, by name (at most " STR(TOPO_MAX_TYPES) ")"),
    NEST(SCH_TOP, "slots", SK_LIST, SCH_SLOT, 1, "{ fill: xpo-224 }", NULL,
         "the populated positions (at most " STR(TOPO_MAX_SLOTS) "), or { fill: TYPE } for every position"),
    {.section = SCH_TOP,
     .key = "coolant",
     .type = SK_MAP,
     .sub = SCH_COOLANT,
     .field = SF_STRUCT,
     .hand = 1,
     .def_text = "one ideal regulated loop of PG25 at 35 C",
     .source = "",
     .meaning = "the fluid, the air and the loops"},
    NESTED(SCH_TOP, "control", SCH_CONTROL, 0, 1, "the switch firmware"),
    NESTED(SCH_TOP, "limits", SCH_LIMITS, 0, 1, "the limits margins are measured to"),
    NEST(SCH_TOP, "traffic", SK_LIST, SCH_TRAFFIC, 0, NULL, "none: no traffic", "offered load"),
    NEST(SCH_TOP, "scenario", SK_LIST, SCH_EVENT, 0, NULL, "none",
         "events at given times (at most " STR(TOPO_MAX_EVENTS) ")"),
    SYNTAX(SCH_TOP, "expect", NULL, 0, "[\"max_junction_c < 95 C\"]", "none", "",
           "what the run must show (docs/expect.md); a failed line fails the run"),
    /* switch */
    ROW(SCH_SWITCH, "asics", SK_INT, DIM_NONE, "", 0, TOPO_MAX_ASICS, 0, SF_INT, T(n_asics), 1, "a 1RU switch has one",
        "ASICs; slots are given to them in contiguous blocks unless a slot says asic:", .hand = 0),
    NESTED(SCH_SWITCH, "asic", SCH_ASIC, 0, 1, "each ASIC (all alike)"),
    NESTED(SCH_SWITCH, "feed", SCH_FEED, 0, 1, "the power feed"),
    NESTED(SCH_SWITCH, "host", SCH_HOST, 0, 0, "each slot's host channel"),
    NESTED(SCH_SWITCH, "fans", SCH_FANS, T(fans), 0, "the fan tray"),
    /* solver */
    ROW(SCH_SOLVER, "thermal_step", SK_TIME, DIM_TIME, "", 1e-6, 10, 0, SF_TIME, T(thermal_step), 1e-3,
        "[choice] well below the smallest thermal time constant (about 0.4 s)",
        "backward-Euler step of every thermal network; with a thermal_tolerance, the shortest step and the grid of "
        "the steps",
        .hand = 0),
    ROW(SCH_SOLVER, "thermal_tolerance", SK_QTY, DIM_TEMP_DIFF, "K", 0, 1, 0, SF_DOUBLE, T(thermal_tolerance_k), 1e-3,
        "[choice] a tenth of the junction quantum the lanes see",
        "the thermal step adapts so that no node's local error in a step passes this; 0 K: every step is "
        "thermal_step (the reference, also --fixed-step)",
        .hand = 0),
    ROW(SCH_SOLVER, "thermal_step_max", SK_TIME, DIM_TIME, "", 1e-6, 3600, 0, SF_TIME, T(thermal_step_max), 1,
        "[choice] a few of the slowest time constants",
        "the longest adaptive step (steps also end at every sample and input change)", .hand = 0),
    ROW(SCH_SOLVER, "ramp_step", SK_TIME, DIM_TIME, "", 1e-6, 3600, 0, SF_TIME, T(ramp_step), 1e-3,
        "[choice] as the thermal step", "a traffic ramp or daily profile is held constant over steps of this length",
        .hand = 0),
    ROW(SCH_SOLVER, "initial", SK_CHOICE, DIM_NONE, "", 0, 0, 0, SF_INT, T(initial_steady), 1,
        "steady: a run starts settled",
        "start from the steady state of the t = 0 inputs, or with every node at the coolant supply temperature",
        .choices = INITIAL, .nchoices = CH_N(INITIAL)),
    ROW(SCH_SOLVER, "temperature_quantum", SK_QTY, DIM_TEMP_DIFF, "K", 0, 10, 0, SF_DOUBLE, T(temp_quantum_k), 0.01,
        "[choice] below any sensor's resolution", "junction temperature reaches the lanes in steps of this", .hand = 0),
    ROW(SCH_SOLVER, "steady_tolerance", SK_QTY, DIM_TEMP_DIFF, "K", 0, 10, 0, SF_DOUBLE, T(steady_tolerance_k), 1e-4,
        "[choice] moves stored heat by at most C x tolerance",
        "the thermal clock stops when every node is this close to steady state and no input changed for a step; 0 K: "
        "never stop",
        .hand = 0),
    ROW(SCH_SOLVER, "max_junction", SK_QTY, DIM_TEMP, "C", 100, 1000, 0, SF_DOUBLE, T(max_junction_c), 250,
        "[choice] past SAC305 solder's melting point (217 C): no package survives",
        "a junction past this cannot happen: the run fails with the reason", .hand = 0),
    ROW(SCH_SOLVER, "energy_tolerance", SK_QTY, DIM_NONE, "", 0, 1, 1, SF_DOUBLE, T(energy_tolerance), 1e-6,
        "every config closes to about 1e-11", "a relative energy-balance error above this fails the run", .hand = 0),
    /* switch.asic */
    ROW(SCH_ASIC, "capacity", SK_QTY, DIM_RATE, "b/s", 0, 1e16, 1, SF_DOUBLE, T(asic_capacity_bps), 102.4e12,
        "one Tomahawk-6-class ASIC (docs/sources.md)", "switching capacity; ports share it in proportion to demand",
        .hand = 0),
    NESTED(SCH_ASIC, "power", SCH_ASIC_POWER, 0, 0, "its power"),
    ROW(SCH_ASIC, "vr_efficiency", SK_QTY, DIM_NONE, "", 0.5, 1, 0, SF_DOUBLE, T(asic_vr_efficiency), 0.9,
        "48 -> 1 V direct: 91.5 % peak, above 85 % (docs/sources.md)",
        "the ASIC's regulators; their loss is a conversion loss, off the liquid loop", .hand = 0),
    NESTED(SCH_ASIC, "thermal", SCH_ASIC_THERMAL, T(asic_thermal), 1, "its cold plate"),
    NESTED(SCH_ASIC, "branch", SCH_ASIC_BRANCH, 0, 0, "its coolant branch"),
    ROW(SCH_ASIC, "cooling", SK_CHOICE, DIM_NONE, "", 0, 0, 0, SF_INT, T(asic_air_cooled), 0, "",
        "liquid: a cold plate on a coolant branch; air: a heat sink in the fans' air", .choices = COOLINGS,
        .nchoices = CH_N(COOLINGS)),
    NESTED(SCH_ASIC, "heat_sink", SCH_ASIC_SINK, T(asic_sink), 0, "its heat sink, when air cooled"),
    ROW(SCH_ASIC_POWER, "static", SK_QTY, DIM_POWER, "W", 0, 1e5, 0, SF_DOUBLE, T(asic_power.static_w), 550,
        "[est] with the default energy per bit, 857 W at 102.4 Tb/s, under the < 1 kW of docs/sources.md",
        "power at no traffic", .hand = 0),
    ROW(SCH_ASIC_POWER, "energy_per_bit", SK_QTY, DIM_EPB, "J/bit", 0, 1e-9, 0, SF_DOUBLE,
        T(asic_power.energy_per_bit_j), 3e-12, "[est]", "power per bit/s switched", .hand = 0),
    /* switch.asic.thermal */
    PLATE_KEYS(SCH_ASIC_THERMAL, 400, 0.02, 2, "[est] cold plate 0.02-0.05 K/W, GPU class (docs/sources.md)"),
    PLATE_SHAPE_KEYS(SCH_ASIC_THERMAL, "one die: 60 J/K, 0.03 K/W [est]"),
    /* switch.asic.branch */
    ROW(SCH_ASIC_BRANCH, "dp", SK_QTY, DIM_PRESSURE, "Pa", 0, 1e7, 1, SF_DOUBLE, T(asic_branch_dp_pa), 15e3,
        "[est] quick-disconnect pair and plate", "pressure drop at the rated flow", .hand = 0),
    ROW(SCH_ASIC_BRANCH, "flow", SK_QTY, DIM_FLOW, "m3/s", 0, 1e-1, 1, SF_DOUBLE, T(asic_branch_flow_m3_per_s),
        1.5e-3 / 60, "[est] 1-1.5 L/min per kW (docs/sources.md)", "the rated flow (also where r_plate_coolant holds)",
        .hand = 0),
    /* switch.feed (voltage and psu_efficiency are read by hand: a range message of their own, a curve) */
    ROW(SCH_FEED, "voltage", SK_QTY, DIM_VOLTAGE, "V", 40, 60, 0, SF_DOUBLE, T(feed_v), 54, "ORv3 nominal",
        "the bus set point", .bound_why = "the XPO input range"),
    ROW(SCH_FEED, "min_voltage", SK_QTY, DIM_VOLTAGE, "V", 0, 60, 0, SF_DOUBLE, T(feed_min_v), 36,
        "[est] UVLO below the XPO input range (40-60 V), which must all run",
        "a module whose input falls below this browns out", .hand = 0),
    ROW(SCH_FEED, "restart_delay", SK_QTY, DIM_TIME, "s", 0, 10, 0, SF_DOUBLE, T(restart_delay_s), 1,
        "[est] hot-swap controller retry", "a browned-out module retries no sooner than this", .hand = 0),
    ROW(SCH_FEED, "restart_hysteresis", SK_QTY, DIM_VOLTAGE, "V", 0, 20, 0, SF_DOUBLE, T(restart_hysteresis_v), 2,
        "[est] UVLO hysteresis", "a module restarts once its input is this far above min_voltage", .hand = 0),
    ROW(SCH_FEED, "busbar", SK_QTY, DIM_RESISTANCE, "ohm", 0, 1, 0, SF_DOUBLE, T(busbar_ohm), 0.5e-3, "[est]",
        "resistance from the PSUs to the bus", .hand = 0),
    ROW(SCH_FEED, "cable", SK_QTY, DIM_RESISTANCE, "ohm", 0, 1, 0, SF_DOUBLE, T(cable_ohm), 5e-3, "[est] per module",
        "resistance from the bus to each module's connector", .hand = 0),
    ROW(SCH_FEED, "psus", SK_INT, DIM_NONE, "", 1, TOPO_MAX_PSUS, 0, SF_INT, T(psu.count), 3,
        "N+1 for the reference switch", "PSUs installed", .hand = 0),
    ROW(SCH_FEED, "psu_capacity", SK_QTY, DIM_POWER, "W", 0, 1e6, 1, SF_DOUBLE, T(psu.capacity_w), 3000,
        "ORv3 rectifier", "each PSU's rated output", .hand = 0),
    ROW(SCH_FEED, "holdup", SK_QTY, DIM_TIME, "s", 0, 10, 0, SF_DOUBLE, T(psu.holdup_s), 20e-3, "ORv3 PSU hold-up",
        "after a PSU fails, the bus holds this long before the others must carry it", .hand = 0),
    SYNTAX(SCH_FEED, "psu_efficiency", NULL, 0, "[[0.1, 0.90], [0.5, 0.96], [1.0, 0.94]]",
           "0.90, 0.94, 0.96, 0.94 at 10, 20, 50, 100 % load", "[est] a titanium-class curve",
           "each PSU's efficiency against its load fraction, 2 to 8 pairs, loads increasing (interpolated)"),
    /* cage (panel is read by hand: it moves panel_width's default) */
    ROW(SCH_CAGE, "panel", SK_CHOICE, DIM_NONE, "", 0, 0, 0, SF_NONE, 0, 1, "OCP Open Rack",
        "the rack's width: sets panel_width's default (19in: 450 mm, 21in: 533.4 mm)", .choices = PANELS, .nchoices = 2,
        .hand = 1),
    ROW(SCH_CAGE, "rows", SK_INT, DIM_NONE, "", 1, 1000000, 0, SF_INT, CG(rows), 2, "XPO: two rows in one rack unit",
        "rows of module positions", .hand = 0),
    ROW(SCH_CAGE, "columns", SK_INT, DIM_NONE, "", 1, 1000000, 0, SF_INT, CG(cols), 8, "[choice]",
        "module positions per row", .hand = 0),
    ROW(SCH_CAGE, "panel_width", SK_QTY, DIM_LENGTH, "m", 0, 10, 1, SF_DOUBLE, CG(panel_width_m), 533.4e-3,
        "21-inch OCP Open Rack opening (panel: 19in gives 450 mm)", "usable opening between the rack rails", .hand = 0),
    ROW(SCH_CAGE, "module_width", SK_QTY, DIM_LENGTH, "m", 0, 10, 1, SF_DOUBLE, CG(module_width_m), 60.8e-3,
        "XPO module (docs/sources.md)", "a module's width on the panel", .hand = 0),
    ROW(SCH_CAGE, "module_height", SK_QTY, DIM_LENGTH, "m", 0, 10, 1, SF_DOUBLE, CG(module_height_m), 21.3e-3,
        "XPO module (docs/sources.md)", "a module's height on the panel", .hand = 0),
    ROW(SCH_CAGE, "module_length", SK_QTY, DIM_LENGTH, "m", 0, 10, 1, SF_DOUBLE, CG(module_length_m), 111.8e-3,
        "XPO module (docs/sources.md)", "a module's depth", .hand = 0),
    ROW(SCH_CAGE, "column_pitch", SK_QTY, DIM_LENGTH, "m", 0, 10, 1, SF_DOUBLE, CG(col_pitch_m), -1,
        "-1: the module width", "distance between column starts", .hand = 0),
    ROW(SCH_CAGE, "row_pitch", SK_QTY, DIM_LENGTH, "m", 0, 10, 1, SF_DOUBLE, CG(row_pitch_m), -1,
        "-1: the module height", "distance between row starts", .hand = 0),
    /* coolant */
    ROW(SCH_COOLANT, "fluid", SK_CHOICE, DIM_NONE, "", 0, 0, 0, SF_INT, T(fluid), FLUID_PG25,
        "25 % propylene glycol, as cold plates loops run",
        "the coolant (its properties against temperature: docs/models.md)", .choices = FLUIDS, .nchoices = 2),
    ROW(SCH_COOLANT, "boiling", SK_QTY, DIM_TEMP, "C", -50, 300, 1, SF_DOUBLE, T(boiling_c), 0,
        "at 1 atm (docs/sources.md)",
        "a branch outlet here ends the run; raise it for a pressurised loop (above the freezing point)", .hand = 1,
        .model_def = 1, .def_text = "water 100 C, pg25 101 C"),
    ROW(SCH_COOLANT, "supply", SK_QTY, DIM_TEMP, "C", -50, 300, 1, SF_DOUBLE, T(supply_c), 35,
        "[choice] a warm-water CDU",
        "the CDU's supply, every loop's unless it gives its own (between freezing and boiling)", .hand = 1),
    ROW(SCH_COOLANT, "facility", SK_QTY, DIM_TEMP, "C", -50, 300, 1, SF_NONE, 0, 0, "",
        "facility water: supply = facility + approach, instead of supply", .hand = 1, .def_text = "none"),
    ROW(SCH_COOLANT, "approach", SK_QTY, DIM_TEMP_DIFF, "K", 0, 50, 0, SF_NONE, 0, 0, "",
        "the CDU heat exchanger's approach, with facility", .hand = 1),
    ROW(SCH_COOLANT, "air", SK_QTY, DIM_TEMP, "C", -40, 85, 0, SF_DOUBLE, T(air_c), 35, "[choice] a warm aisle",
        "air temperature around the modules", .hand = 0),
    ROW(SCH_COOLANT, "rated_at", SK_QTY, DIM_TEMP, "C", -50, 300, 1, SF_DOUBLE, T(rated_c), 35,
        "[choice] as the default supply",
        "fluid temperature at which plate resistances are rated (between freezing and boiling)", .hand = 1),
    ROW(SCH_COOLANT, "air_capacity", SK_QTY, DIM_CONDUCTANCE, "W/K", 0, 1e6, 0, SF_DOUBLE, T(air_capacity_w_per_k), 0,
        "0: the air does not warm along a column",
        "mass flow x c_p of the air through one column; the upper row sees air warmed by the lower row's heat to air",
        .hand = 0),
    NEST(SCH_COOLANT, "loops", SK_LIST, SCH_LOOP, 0, NULL, "one loop named main: the shorthand",
         "the coolant loops (at most " STR(TOPO_MAX_LOOPS) ")"),
    /* control */
    ROW(SCH_CONTROL, "period", SK_TIME, DIM_TIME, "", 1e-6, 10, 0, SF_TIME, T(control_period), 10e-3,
        "[choice] a switch firmware's control loop", "power cap, pump control and brownout checks run this often",
        .hand = 0),
    ROW(SCH_CONTROL, "runaway", SK_QTY, DIM_TEMP, "C", -50, 300, 0, SF_DOUBLE, T(runaway_c), 150,
        "[choice] well past any throttle limit", "a junction above this is reported as thermal runaway", .hand = 0),
    ROW(SCH_CONTROL, "power_cap", SK_CHOICE, DIM_NONE, "", 0, 0, 0, SF_INT, T(power_cap), 1,
        "on: the firmware keeps the demand within the PSUs' budget",
        "shed ports while the demand exceeds the working PSUs' budget", .choices = ONOFF, .nchoices = CH_N(ONOFF)),
    ROW(SCH_CONTROL, "cap_margin", SK_QTY, DIM_NONE, "", 0, 0.5, 0, SF_DOUBLE, T(cap_margin), 0.05, "[choice]",
        "budget = working PSUs x capacity x (1 - margin); ports come back below budget x (1 - margin)", .hand = 0),
    NESTED(SCH_CONTROL, "throttle", SCH_THROTTLE, 0, 1, "the thermal throttle"),
    NESTED(SCH_CONTROL, "management", SCH_MANAGEMENT, 0, 0, "the management bus"),
    NESTED(SCH_CONTROL, "shutdown", SCH_SHUTDOWN, 0, 0, "ASIC throttle, shutdown and restart"),
    NESTED(SCH_CONTROL, "alarms", SCH_ALARMS, 0, 0, "module warning and alarm flags, low-power mode"),
    NEST(SCH_CONTROL, "pump", SK_MAP, SCH_PUMP, 0, NULL, "none: pumps run at their set speed", "pump control"),
    /* control.throttle */
    ROW(SCH_THROTTLE, "limit", SK_QTY, DIM_TEMP, "C", -50, 300, 0, SF_DOUBLE, T(throttle_c), 105,
        "[choice] a module DSP's rated maximum",
        "a module whose reported hottest junction reaches it sheds a port per reading", .hand = 0),
    ROW(SCH_THROTTLE, "hysteresis", SK_QTY, DIM_TEMP_DIFF, "K", 0, 100, 0, SF_DOUBLE, T(throttle_hysteresis_k), 5,
        "[choice]", "a port comes back per reading at or below limit - hysteresis", .hand = 0),
    SYNTAX(SCH_THROTTLE, "action", NULL, 0, "[half-rate, shed-port, low-power]", "[shed-port]",
           "shed-port: what a module's own firmware does first",
           "what each reading past the limit does, in this order, undone in reverse below limit - hysteresis: "
           "half-rate runs one more port at half its lane rate (its lanes retrain), shed-port sheds one more port, "
           "low-power puts the module in low-power mode; each goes on until it is complete, then the next. "
           "half-rate alone means [half-rate, shed-port]"),
    ROW(SCH_THROTTLE, "half_rate_lane_power", SK_QTY, DIM_NONE, "", 0, 1, 0, SF_DOUBLE, T(half_rate_lane_power), 0.6,
        "[est] SerDes and driver power per lane falls less than its rate",
        "per-lane power of a lane at half rate, relative to full rate", .hand = 0),
    /* limits */
    ROW(SCH_LIMITS, "module_junction", SK_QTY, DIM_TEMP, "C", -50, 300, 0, SF_DOUBLE, T(lim_module_junction_c), 105,
        "[choice] a module DSP's rated maximum, as control.throttle.limit",
        "the hottest a module component's junction may run (the throttle is a policy below it)", .hand = 0),
    ROW(SCH_LIMITS, "asic_junction", SK_QTY, DIM_TEMP, "C", -50, 300, 0, SF_DOUBLE, T(lim_asic_junction_c), 105,
        "[choice] as a module DSP's; operating junction ranges of large dies end at 105-125 C",
        "the hottest an ASIC's junction may run", .hand = 0),
    ROW(SCH_LIMITS, "coolant", SK_QTY, DIM_TEMP, "C", -50, 300, 0, SF_DOUBLE, T(lim_coolant_c), 60,
        "[choice] a W45 supply plus the 8-12 K rise a technology cooling loop is sized for",
        "the warmest a branch outlet may run (quick disconnects, hoses, the CDU's return)", .hand = 0),
    ROW(SCH_LIMITS, "branch_flow", SK_QTY, DIM_FLOW, "m3/s", 0, 1e-1, 0, SF_DOUBLE, T(lim_branch_flow_m3s),
        0.35e-3 / 60, "the low end of XPO's 0.35-0.7 L/min per module",
        "the least flow a present, liquid-cooled module's branch may carry", .hand = 0),
    ROW(SCH_LIMITS, "snr_margin", SK_QTY, DIM_DB, "dB", -100, 100, 0, SF_DOUBLE, T(lim_snr_margin_db), 0,
        "the FEC limit itself", "the least SNR margin to the FEC limit a port may show", .hand = 0),
    ROW(SCH_LIMITS, "settle_band", SK_QTY, DIM_TEMP_DIFF, "K", 0, 100, 1, SF_DOUBLE, T(settle_band_k), 0.1,
        "[choice] below what a module's sensor resolves reliably",
        "steady after an event: the hottest junction stays within this of where it settled", .hand = 0),
    ROW(SCH_LIMITS, "settle_hold", SK_TIME, DIM_TIME, "", 1e-6, 86400, 0, SF_TIME, T(settle_hold), 5,
        "[choice] ten of the modules' shortest thermal time constants (about 0.4 s)",
        "... for at least this long before the next event or the end, else the segment is reported unsettled",
        .hand = 0),
    /* control.alarms */
    ROW(SCH_ALARMS, "temp_warning", SK_QTY, DIM_TEMP, "C", -50, 300, 0, SF_DOUBLE, T(alarm_temp_warn_c), 95,
        "[choice] 10 K below the throttle limit", "temperature high warning: the reported hottest junction", .hand = 0),
    ROW(SCH_ALARMS, "temp_alarm", SK_QTY, DIM_TEMP, "C", -50, 300, 0, SF_DOUBLE, T(alarm_temp_alarm_c), 105,
        "[choice] the throttle limit", "temperature high alarm", .hand = 0),
    ROW(SCH_ALARMS, "temp_low_warning", SK_QTY, DIM_TEMP, "C", -100, 300, 0, SF_DOUBLE, T(alarm_temp_low_warn_c), 0,
        "[choice] the bottom of the 0-70 C commercial optics case range", "temperature low warning", .hand = 0),
    ROW(SCH_ALARMS, "temp_low_alarm", SK_QTY, DIM_TEMP, "C", -100, 300, 0, SF_DOUBLE, T(alarm_temp_low_alarm_c), -5,
        "[choice] 5 K below the low warning", "temperature low alarm", .hand = 0),
    ROW(SCH_ALARMS, "temp_hysteresis", SK_QTY, DIM_TEMP_DIFF, "K", 0, 100, 0, SF_DOUBLE, T(alarm_temp_hyst_k), 2,
        "[choice]", "a temperature flag clears at or below its threshold - this", .hand = 0),
    ROW(SCH_ALARMS, "vcc_warning", SK_QTY, DIM_VOLTAGE, "V", 0, 100, 0, SF_DOUBLE, T(alarm_vcc_warn_v), 40,
        "the bottom of XPO's 40-60 V input range", "supply voltage low warning: the module's input voltage", .hand = 0),
    ROW(SCH_ALARMS, "vcc_alarm", SK_QTY, DIM_VOLTAGE, "V", 0, 100, 0, SF_DOUBLE, T(alarm_vcc_alarm_v), 38,
        "[choice] between the input range and the undervoltage lockout (switch.feed.min_voltage)",
        "supply voltage low alarm", .hand = 0),
    ROW(SCH_ALARMS, "vcc_high_warning", SK_QTY, DIM_VOLTAGE, "V", 0, 100, 0, SF_DOUBLE, T(alarm_vcc_high_warn_v), 60,
        "the top of XPO's 40-60 V input range", "supply voltage high warning", .hand = 0),
    ROW(SCH_ALARMS, "vcc_high_alarm", SK_QTY, DIM_VOLTAGE, "V", 0, 100, 0, SF_DOUBLE, T(alarm_vcc_high_alarm_v), 62,
        "[choice] 2 V past the input range", "supply voltage high alarm", .hand = 0),
    ROW(SCH_ALARMS, "vcc_hysteresis", SK_QTY, DIM_VOLTAGE, "V", 0, 100, 0, SF_DOUBLE, T(alarm_vcc_hyst_v), 0.5,
        "[choice]", "a voltage flag clears at or above its threshold + this", .hand = 0),
    ROW(SCH_ALARMS, "power_warning", SK_QTY, DIM_POWER, "W", 0, 1e4, 0, SF_DOUBLE, T(alarm_power_warn_w), 440,
        "[choice] about 90 % of XPO's 480 W", "module power high warning: its input power", .hand = 0),
    ROW(SCH_ALARMS, "power_alarm", SK_QTY, DIM_POWER, "W", 0, 1e4, 0, SF_DOUBLE, T(alarm_power_alarm_w), 480,
        "XPO's 480 W per module", "module power high alarm", .hand = 0),
    ROW(SCH_ALARMS, "power_hysteresis", SK_QTY, DIM_POWER, "W", 0, 1e4, 0, SF_DOUBLE, T(alarm_power_hyst_w), 5,
        "[choice]", "a power flag clears at or below its threshold - this", .hand = 0),
    ROW(SCH_ALARMS, "bias_warning", SK_QTY, DIM_CURRENT, "A", 0, 10, 0, SF_DOUBLE, T(alarm_bias_warn_a), 0.1,
        "[choice] two thirds of the driver's largest bias", "laser bias high warning: the module's reported bias",
        .hand = 0),
    ROW(SCH_ALARMS, "bias_alarm", SK_QTY, DIM_CURRENT, "A", 0, 10, 0, SF_DOUBLE, T(alarm_bias_alarm_a), 0.12,
        "[choice] 20 % over the warning", "laser bias high alarm", .hand = 0),
    ROW(SCH_ALARMS, "bias_hysteresis", SK_QTY, DIM_CURRENT, "A", 0, 10, 0, SF_DOUBLE, T(alarm_bias_hyst_a), 0.002,
        "[choice]", "how far the bias falls below a threshold before its flag clears", .hand = 0),
    ROW(SCH_ALARMS, "low_power", SK_CHOICE, DIM_NONE, "", 0, 0, 0, SF_INT, T(low_power_on_alarm), 0,
        "false: the host leaves the module in high-power mode",
        "true: while a module's temperature alarm is set the host holds it in low-power mode (lanes down, its "
        "static power only)",
        .choices = ONOFF, .nchoices = CH_N(ONOFF)),
    /* control.shutdown */
    ROW(SCH_SHUTDOWN, "module", SK_QTY, DIM_TEMP, "C", -50, 300, 0, SF_DOUBLE, T(shutdown_module_c), 115,
        "[choice] 10 K past the default throttle limit, a module DSP's rated maximum",
        "a module whose reported hottest junction reaches it powers down (its ports go down, it draws nothing)",
        .hand = 0),
    ROW(SCH_SHUTDOWN, "asic_throttle", SK_QTY, DIM_TEMP, "C", -50, 300, 0, SF_DOUBLE, T(asic_throttle_c), 120,
        "[choice] 5 K below the ASIC's shutdown, past its junction limit (limits.asic_junction)",
        "an ASIC whose junction reaches it caps its traffic asic_step of its capacity below what it carries, a "
        "step per asic_interval",
        .hand = 0),
    ROW(SCH_SHUTDOWN, "asic_hysteresis", SK_QTY, DIM_TEMP_DIFF, "K", 0, 100, 0, SF_DOUBLE, T(asic_throttle_hyst_k), 5,
        "[choice] as the module throttle's", "it takes a step back at or below asic_throttle - this", .hand = 0),
    ROW(SCH_SHUTDOWN, "asic_step", SK_QTY, DIM_NONE, "", 0, 1, 1, SF_DOUBLE, T(asic_throttle_step), 0.125,
        "[choice] an eighth: a port's share of an 8-port module's bandwidth",
        "the fraction of its full capacity an ASIC gives up or takes back per step", .hand = 0),
    ROW(SCH_SHUTDOWN, "asic_interval", SK_TIME, DIM_TIME, "", 1e-6, 3600, 0, SF_TIME, T(asic_throttle_interval), 2,
        "[choice] about an ASIC die's junction-to-plate time constant (30 J/K x 0.05 K/W = 1.5 s): a step is felt "
        "before the next",
        "an ASIC takes at most one throttle step per this", .hand = 0),
    ROW(SCH_SHUTDOWN, "asic_floor", SK_QTY, DIM_NONE, "", 0, 1, 0, SF_DOUBLE, T(asic_throttle_floor), 0.25, "[choice]",
        "the least fraction of its capacity a throttled ASIC keeps", .hand = 0),
    ROW(SCH_SHUTDOWN, "asic", SK_QTY, DIM_TEMP, "C", -50, 300, 0, SF_DOUBLE, T(shutdown_asic_c), 125,
        "[choice] the top of large dies' 105-125 C operating junction ranges",
        "an ASIC whose junction reaches it powers down: its ports carry nothing and it draws nothing", .hand = 0),
    ROW(SCH_SHUTDOWN, "restart_below", SK_QTY, DIM_TEMP, "C", -300, 300, 0, SF_DOUBLE, T(restart_below_c), -300,
        "[choice] the host restarts a module only when told (a module-reset event)",
        "the host restarts a shut-down module (or ASIC) once its junction has fallen below this", .hand = 0,
        .def_text = "never by itself: on a `module-reset` scenario event"),
    /* control.management */
    ROW(SCH_MANAGEMENT, "bus", SK_CHOICE, DIM_NONE, "", 0, 0, 0, SF_INT, T(mgmt_bus), 1,
        "I2C fast mode, as CMIS modules are read", "I2C standard, fast, fast-plus; I3C SDR at 12.5 MHz",
        .choices = BUSES, .nchoices = CH_N(BUSES)),
    ROW(SCH_MANAGEMENT, "sensors", SK_INT, DIM_NONE, "", 1, 256, 0, SF_INT, T(mgmt_sensors), 6,
        "[choice] temperature, voltage, power and per-lane monitors", "registers read per module per poll", .hand = 0),
    ROW(SCH_MANAGEMENT, "bytes", SK_INT, DIM_NONE, "", 1, 32, 0, SF_INT, T(mgmt_bytes), 2, "CMIS monitors are 16-bit",
        "data bytes per register read", .hand = 0),
    ROW(SCH_MANAGEMENT, "modules_per_channel", SK_INT, DIM_NONE, "", 1, TOPO_MAX_SLOTS, 0, SF_INT, T(mgmt_per_channel),
        1, "XPO: independent channels per module", "modules that share one bus, read one after another", .hand = 0),
    ROW(SCH_MANAGEMENT, "poll", SK_TIME, DIM_TIME, "", 1e-6, 10, 0, SF_TIME, T(mgmt_poll), 10e-3, "[choice]",
        "a poll cycle starts this often (or when the last ended, if longer)", .hand = 0),
    /* control.pump */
    ROW(SCH_PUMP, "loop", SK_NAME, DIM_NONE, "", 0, 0, 0, SF_NONE, 0, 0, "", "the pumped loop it controls", .hand = 1,
        .def_text = "the only loop"),
    ROW(SCH_PUMP, "return_setpoint", SK_QTY, DIM_TEMP, "C", -50, 300, 0, SF_DOUBLE, T(pid_setpoint_c), 0, "",
        "the loop's return temperature it holds", .required = 1, .example = "45 C"),
    ROW(SCH_PUMP, "kp", SK_QTY, DIM_NONE, "", 0, 100, 0, SF_DOUBLE, T(pid_kp), 0.05,
        "[choice] tuned on configs/pump-pid.yaml", "proportional gain, speed per kelvin", .hand = 0),
    ROW(SCH_PUMP, "ki", SK_QTY, DIM_NONE, "", 0, 100, 0, SF_DOUBLE, T(pid_ki), 0.02,
        "[choice] tuned on configs/pump-pid.yaml", "integral gain, speed per kelvin-second", .hand = 0),
    ROW(SCH_PUMP, "kd", SK_QTY, DIM_NONE, "", 0, 100, 0, SF_DOUBLE, T(pid_kd), 0, "no derivative term",
        "derivative gain, speed per kelvin/second", .hand = 0),
    ROW(SCH_PUMP, "min_speed", SK_QTY, DIM_NONE, "", 0, 2, 0, SF_DOUBLE, T(pid_min), 0.3,
        "[choice] a pump's lowest stable speed", "the lowest speed the PID sets, of rated", .hand = 0),
    ROW(SCH_PUMP, "max_speed", SK_QTY, DIM_NONE, "", 0, 2, 0, SF_DOUBLE, T(pid_max), 1.2,
        "[choice] a pump driven above its rating", "the highest speed the PID sets, of rated", .hand = 0),
    /* module_types.NAME */
    ROW(SCH_MODULE_TYPE, "lanes", SK_INT, DIM_NONE, "", 1, LANE_MAX_PER_MODULE, 0, SF_INT, MT(lanes), 64,
        "XPO: 64 electrical lanes", "electrical lanes per module", .hand = 0),
    ROW(SCH_MODULE_TYPE, "lane_rate", SK_CHOICE, DIM_NONE, "", 0, 0, 0, SF_INT, MT(lane.cls), 0, "",
        "the lane class; it sets the lane keys' defaults", .choices = LANE_RATES, .nchoices = 2, .required = 1,
        .hand = 1, .example = "224G"),
    ROW(SCH_MODULE_TYPE, "payload", SK_QTY, DIM_RATE, "b/s", 0, 1e13, 1, SF_DOUBLE, MT(lane.payload_bps), 0,
        "802.3dj: 200 Gb/s per 224G lane, 400 Gb/s per 448G lane", "Ethernet payload per lane", .model_def = 1),
    SYNTAX(SCH_MODULE_TYPE, "ports", NULL, 1, "8x1.6T", NULL, "",
           "the breakout: PORTSxRATE (16x800G, 4x3.2T) or a port count; the lanes split equally"),
    NESTED(SCH_MODULE_TYPE, "lane", SCH_LANE, MT(lane), 1, "its lanes"),
    NEST(SCH_MODULE_TYPE, "power", SK_MAP, SCH_MODULE_POWER, 0, NULL, NULL, "its power"),
    NESTED(SCH_MODULE_TYPE, "line", SCH_LINE, MT(line), 1, "its optical line and link budget"),
    NESTED(SCH_MODULE_TYPE, "thermal", SCH_MODULE_THERMAL, MT(thermal), 1, "its cold plate"),
    NESTED(SCH_MODULE_TYPE, "branch", SCH_MODULE_BRANCH, 0, 0, "its coolant branch"),
    NESTED(SCH_MODULE_TYPE, "laser", SCH_LASER, MT(laser), 1, "its lasers' bias against temperature"),
    ROW(SCH_MODULE_TYPE, "cooling", SK_CHOICE, DIM_NONE, "", 0, 0, 0, SF_INT, MT(air_cooled), 0, "",
        "liquid: a cold plate on a coolant branch; air: a heat sink in the fans' air (needs switch.fans)",
        .choices = COOLINGS, .nchoices = CH_N(COOLINGS)),
    NESTED(SCH_MODULE_TYPE, "heat_sink", SCH_SINK, MT(sink), 0, "its heat sink, when air cooled"),
    /* module_types.NAME.lane: defaults are the model's (models/lane.c) */
    ROW(SCH_LANE, "modulation", SK_CHOICE, DIM_NONE, "", 0, 0, 0, SF_INT, LN(fec.levels), 0, "802.3dj: PAM-4 at 224G",
        "line modulation", .choices = MODULATIONS, .nchoices = CH_N(MODULATIONS), .model_def = 1),
    ROW(SCH_LANE, "inner_code", SK_CHOICE, DIM_NONE, "", 0, 0, 0, SF_INT, LN(fec.inner), 0, "off",
        "Hamming(128,120) before the RS decoder (optics): true or hard for hard decision, soft for soft decision",
        .choices = INNER_CODES, .nchoices = CH_N(INNER_CODES), .model_def = 1),
    ROW(SCH_LANE, "soft_threshold_ber", SK_QTY, DIM_NONE, "", 0, 0.5, 1, SF_DOUBLE, LN(fec.soft_in), 0,
        "[est] 802.3dj's concatenated FEC design point, about 4.85e-3 at the inner decoder (docs/sources.md)",
        "soft decision: the input BER its design point names", .model_def = 1),
    ROW(SCH_LANE, "soft_output_ber", SK_QTY, DIM_NONE, "", 0, 0.5, 1, SF_DOUBLE, LN(fec.soft_out), 0,
        "KP4's threshold: what the RS decoder is designed to take", "soft decision: its output BER at the design point",
        .model_def = 1),
    ROW(SCH_LANE, "soft_slope", SK_QTY, DIM_NONE, "", 1, 10, 0, SF_DOUBLE, LN(fec.soft_slope), 0,
        "[est] the lightest error pattern a Chase decoder of a distance-4 code misses has weight 3",
        "soft decision: the output BER falls as the input's to this power", .model_def = 1),
    ROW(SCH_LANE, "inner_pad_bits", SK_INT, DIM_NONE, "", 0, 10000, 0, SF_INT, LN(inner_pad_bits), 0,
        "802.3dj inner code framing", "pad bits per RS codeword ahead of the inner code", .model_def = 1),
    ROW(SCH_LANE, "rs_n", SK_INT, DIM_NONE, "", 2, 1023, 0, SF_INT, LN(fec.rs_n), 0, "KP4 RS(544, 514)",
        "RS(n, k) over 10-bit symbols: codeword length", .model_def = 1),
    ROW(SCH_LANE, "rs_k", SK_INT, DIM_NONE, "", 1, 1022, 0, SF_INT, LN(fec.rs_k), 0, "KP4 RS(544, 514)",
        "RS(n, k): data symbols; t = (n - k)/2 at most 64", .model_def = 1),
    ROW(SCH_LANE, "snr", SK_QTY, DIM_DB, "dB", -20, 80, 0, SF_DOUBLE, LN(snr_db), 0,
        "[est] pre-FEC BER about 6e-6 for PAM-4", "SNR at loss_ref and temp_ref", .model_def = 1),
    ROW(SCH_LANE, "channel_loss", SK_QTY, DIM_DB, "dB", 0, 200, 0, SF_DOUBLE, LN(channel_loss_db), 0,
        "[est] the reference channel",
        "every slot's host channel loss at Nyquist, with switch.host.routing: fixed (else each slot's own from its "
        "route)",
        .model_def = 1),
    ROW(SCH_LANE, "loss_ref", SK_QTY, DIM_DB, "dB", 0, 200, 0, SF_DOUBLE, LN(loss_ref_db), 0, "[est]",
        "the loss at which snr is given", .model_def = 1),
    ROW(SCH_LANE, "snr_per_loss", SK_QTY, DIM_NONE, "", 0, 10, 0, SF_DOUBLE, LN(snr_per_loss), 0, "[est]",
        "dB of SNR lost per dB of loss above loss_ref", .model_def = 1),
    ROW(SCH_LANE, "temp_ref", SK_QTY, DIM_TEMP, "C", -50, 200, 0, SF_DOUBLE, LN(temp_ref_c), 0, "[est]",
        "the junction temperature at which snr is given", .model_def = 1),
    ROW(SCH_LANE, "temp_slope", SK_QTY, DIM_DB_PER_K, "dB/K", -10, 10, 0, SF_DOUBLE, LN(temp_slope_db_per_k), 0.03,
        "[est]", "dB of SNR lost per kelvin of junction above temp_ref", .model_def = 1),
    ROW(SCH_LANE, "snr_sigma", SK_QTY, DIM_DB, "dB", 0, 20, 0, SF_DOUBLE, LN(snr_sigma_db), 0, "[est]",
        "per-lane spread of SNR (normal), drawn from the seed", .model_def = 1),
    ROW(SCH_LANE, "snr_quantum", SK_QTY, DIM_DB, "dB", 1e-4, 1, 0, SF_DOUBLE, LN(snr_quantum_db), 0,
        "[choice] finer than any effect traced", "grid on which codeword statistics are evaluated", .model_def = 1),
    ROW(SCH_LANE, "burst", SK_QTY, DIM_NONE, "", 0, 0.999, 0, SF_DOUBLE, LN(fec.burst), 0,
        "[est] DFE error propagation", "probability an error continues into the next PAM symbol", .model_def = 1),
    ROW(SCH_LANE, "skew_max", SK_QTY, DIM_TIME, "s", 0, 1e-3, 0, SF_DOUBLE, LN(skew_max_s), 0, "[est]",
        "lane skew drawn uniform in [0, skew_max] at each training", .model_def = 1),
    ROW(SCH_LANE, "deskew_budget", SK_QTY, DIM_TIME, "s", 0, 1e-3, 0, SF_DOUBLE, LN(deskew_budget_s), 0,
        "802.3bs: about 180 ns", "a port is up only if its lanes' skew spread fits", .model_def = 1),
    ROW(SCH_LANE, "frame_bytes", SK_INT, DIM_NONE, "", 64, 16384, 0, SF_INT, LN(frame_bytes), 0,
        "a full-size Ethernet frame", "frame size lost around an uncorrectable codeword", .model_def = 1),
    ROW(SCH_LANE, "training", SK_TIME, DIM_TIME, "", 1e-6, 3600, 0, SF_TIME, LN(link.training), 0,
        "[est] PAM-4 link training", "time a lane trains before it carries", .model_def = 1),
    ROW(SCH_LANE, "retraining", SK_TIME, DIM_TIME, "", 1e-6, 3600, 0, SF_TIME, LN(link.retraining), 0, "[est]",
        "re-equalisation after a flap", .model_def = 1),
    ROW(SCH_LANE, "window", SK_TIME, DIM_TIME, "", 1e-6, 3600, 0, SF_TIME, LN(link.window), 0, "[est]",
        "uncorrectable codewords are counted over this window", .model_def = 1),
    ROW(SCH_LANE, "degrade_hold", SK_TIME, DIM_TIME, "", 1e-6, 3600, 0, SF_TIME, LN(link.degrade_hold), 0, "[est]",
        "time in degraded before recovering or retraining", .model_def = 1),
    ROW(SCH_LANE, "degrade_ucw", SK_INT, DIM_NONE, "", 1, LINK_MAX_UCW, 0, SF_INT, LN(link.degrade_ucw), 0, "[est]",
        "uncorrectable codewords in a window that degrade a link", .model_def = 1),
    ROW(SCH_LANE, "train_ber_max", SK_QTY, DIM_NONE, "", 0, 0.5, 1, SF_DOUBLE, LN(link.train_ber_max), 0,
        "KP4's pre-FEC BER threshold", "training succeeds only below this pre-FEC BER", .model_def = 1),
    /* module_types.NAME.power: defaults are the kind's (models/power.c) */
    ROW(SCH_MODULE_POWER, "kind", SK_CHOICE, DIM_NONE, "", 0, 0, 0, SF_INT, MP(kind), MODULE_DSP, "docs/models.md",
        "the module kind whose components it starts from", .choices = MODULE_KINDS, .nchoices = 3, .only = "components",
        .hand = 1),
    NEST(SCH_MODULE_POWER, "components", SK_NAMED, SCH_POWER_COMPONENT, 0, NULL, "the kind's",
         "components to change or add, by name"),
    ROW(SCH_MODULE_POWER, "static", SK_QTY, DIM_POWER, "W", 0, 480, 0, SF_DOUBLE, MP(c[0].static_w), 60, "[est]",
        "the lumped module's power at no traffic", .only = "lumped"),
    ROW(SCH_MODULE_POWER, "energy_per_bit", SK_QTY, DIM_EPB, "J/bit", 0, 1e-9, 0, SF_DOUBLE, MP(c[0].energy_per_bit_j),
        12e-12, "[est]", "the lumped module's power per bit/s", .only = "lumped"),
    ROW(SCH_MODULE_POWER, "leakage", SK_QTY, DIM_POWER, "W", 0, 480, 0, SF_DOUBLE, MP(c[0].leak_ref_w), 15, "[est]",
        "the lumped module's leakage at leakage_ref", .only = "lumped"),
    ROW(SCH_MODULE_POWER, "leakage_ref", SK_QTY, DIM_TEMP, "C", -50, 200, 0, SF_DOUBLE, MP(c[0].leak_ref_c), 60,
        "[est]", "junction temperature of the leakage figure", .only = "lumped"),
    ROW(SCH_MODULE_POWER, "leakage_doubling", SK_QTY, DIM_TEMP_DIFF, "K", 0, 1000, 1, SF_DOUBLE,
        MP(c[0].leak_doubling_k), 20, "[est]", "leakage doubles every this much junction heating", .only = "lumped"),
    ROW(SCH_MODULE_POWER, "dcdc_efficiency", SK_QTY, DIM_NONE, "", 0.5, 1, 0, SF_DOUBLE, MP(dcdc_efficiency), 0,
        "97.7 % at full load, 54 -> 12 V (docs/sources.md); 1 for the lumped shorthand",
        "the module's 54 V converter; its loss heats the plate", .model_def = 1),
    ROW(SCH_MODULE_POWER, "inrush_current", SK_QTY, DIM_CURRENT, "A", 0, 200, 0, SF_DOUBLE, MP(inrush_a), 0,
        "[est] soft start charging the input capacitors",
        "the constant current charging the input capacitance while a module powers up: its pass element heats the "
        "plate by V x current / 2",
        .model_def = 1),
    ROW(SCH_MODULE_POWER, "inrush_time", SK_QTY, DIM_TIME, "s", 0, 1, 0, SF_DOUBLE, MP(inrush_s), 0, "[est]",
        "how long the soft start lasts", .model_def = 1),
    ROW(SCH_MODULE_POWER, "max", SK_QTY, DIM_POWER, "W", 0, 480, 1, SF_DOUBLE, MP(max_w), 0,
        "XPO MSA: up to 480 W per module", "the module's input power cap; the module must fit under it at full traffic",
        .model_def = 1, .bound_why = "the XPO module limit"),
    /* module_types.NAME.thermal */
    PLATE_KEYS(SCH_MODULE_THERMAL, 120, 0.03, 5, "[est] an XPO module's cold plate"),
    PLATE_SHAPE_KEYS(SCH_MODULE_THERMAL, "dsp, laser_driver, tia, controller (docs/models.md) [est]"),
    /* module_types.NAME.branch */
    ROW(SCH_MODULE_BRANCH, "dp", SK_QTY, DIM_PRESSURE, "Pa", 0, 1e7, 1, SF_DOUBLE, MT(branch_dp_pa), 15e3,
        "[est] quick-disconnect pair 5-20 kPa (docs/sources.md) plus plate", "pressure drop at the rated flow",
        .hand = 0),
    ROW(SCH_MODULE_BRANCH, "flow", SK_QTY, DIM_FLOW, "m3/s", 0, 1e-1, 1, SF_DOUBLE, MT(branch_flow_m3_per_s),
        0.5e-3 / 60, "[est]", "the rated flow (also where r_plate_coolant holds)", .hand = 0),
    /* module_types.NAME.line: defaults are the model's (models/optics.c) */
    /* module_types.NAME.laser: I = I_th exp(dT / T0) + (I_bias - I_th) / (1 - slope_loss dT) */
    ROW(SCH_LASER, "threshold_current", SK_QTY, DIM_CURRENT, "A", 0, 1, 1, SF_DOUBLE, LS(threshold_a), 0.01,
        "[est] a DFB laser's", "threshold current at temp_ref", .hand = 0),
    ROW(SCH_LASER, "bias_current", SK_QTY, DIM_CURRENT, "A", 0, 1, 1, SF_DOUBLE, LS(bias_a), 0.04, "[est]",
        "bias at temp_ref for the rated output", .hand = 0),
    ROW(SCH_LASER, "temp_ref", SK_QTY, DIM_TEMP, "C", -50, 150, 0, SF_DOUBLE, LS(temp_ref_c), 25,
        "[choice] a datasheet's reference", "where the two currents hold", .hand = 0),
    ROW(SCH_LASER, "t0", SK_QTY, DIM_TEMP_DIFF, "K", 1, 1000, 0, SF_DOUBLE, LS(t0_k), 60,
        "[est] 60 K typical of InGaAsP/InP quantum-well lasers (docs/sources.md)",
        "the threshold's characteristic temperature: it grows e-fold per t0", .hand = 0),
    ROW(SCH_LASER, "slope_loss", SK_QTY, DIM_NONE, "", 0, 0.1, 0, SF_DOUBLE, LS(slope_loss_per_k), 0.0075,
        "[est] 0.5 to 1 % per K", "fraction of the slope efficiency lost per kelvin over temp_ref", .hand = 0),
    ROW(SCH_LASER, "max_current", SK_QTY, DIM_CURRENT, "A", 0, 10, 1, SF_DOUBLE, LS(max_a), 0.15, "[est]",
        "the driver's largest bias: past it the output falls", .hand = 0),
    ROW(SCH_LASER, "source", SK_NAME, DIM_NONE, "", 0, 0, 0, SF_NAME, LS(source), 0, "",
        "the heat source whose junction the lasers sit at; without one of that name, the hottest junction", .hand = 1,
        .def_text = "laser_driver"),
    ROW(SCH_LINE, "retiming", SK_CHOICE, DIM_NONE, "", 0, 0, 0, SF_INT, OL(retiming), 0, "the module kind",
        "which directions the module retimes: full (DSP), transmit (LRO: receive linear), none (LPO)",
        .choices = RETIMINGS, .nchoices = CH_N(RETIMINGS), .model_def = 1,
        .def_text = "power.kind's: dsp `full`, lro `transmit`, lpo `none`"),
    ROW(SCH_LINE, "reach", SK_QTY, DIM_LENGTH, "m", 0, 1e5, 0, SF_DOUBLE, OL(reach_m), 0,
        "DR: 500 m (802.3, docs/sources.md)", "fibre length of the optical line", .model_def = 1),
    ROW(SCH_LINE, "fibre_loss", SK_QTY, DIM_DB_PER_M, "dB/m", 0, 1, 0, SF_DOUBLE, OL(fibre_loss_db_per_m), 0,
        "0.5 dB/km, OS1a cabled fibre at 1310 nm (802.3, docs/sources.md)", "fibre attenuation", .model_def = 1),
    ROW(SCH_LINE, "connection_loss", SK_QTY, DIM_DB, "dB", 0, 30, 0, SF_DOUBLE, OL(connection_loss_db), 0,
        "DR's 2.75 dB connection and splice allocation (802.3, docs/sources.md)", "connectors and splices on the line",
        .model_def = 1),
    ROW(SCH_LINE, "tx_oma", SK_QTY, DIM_DBM, "dBm", -30, 20, 0, SF_DOUBLE, OL(tx_oma_dbm), 0,
        "[est] within DR's -0.8 to 4.2 dBm (docs/sources.md)", "the far transmitter's launched OMA (outer)",
        .model_def = 1),
    ROW(SCH_LINE, "sensitivity", SK_QTY, DIM_DBM, "dBm", -40, 20, 0, SF_DOUBLE, OL(sensitivity_dbm), 0,
        "DR receiver, -4.4 dBm OMA outer (docs/sources.md)", "receiver sensitivity (OMA outer) at sensitivity_ber",
        .model_def = 1),
    ROW(SCH_LINE, "sensitivity_ber", SK_QTY, DIM_NONE, "", 0, 0.5, 1, SF_DOUBLE, OL(sensitivity_ber), 0,
        "KP4's threshold, where DR's sensitivity is specified", "the BER at which sensitivity holds", .model_def = 1),
    ROW(SCH_LINE, "snr_ceiling", SK_QTY, DIM_DB, "dB", 0, 80, 0, SF_DOUBLE, OL(snr_ceiling_db), 0,
        "[est] laser RIN and eye closure", "the line's SNR however strong the received light", .model_def = 1),
    ROW(SCH_LINE, "tx_linear_loss", SK_QTY, DIM_DB, "dB", 0, 50, 0, SF_DOUBLE, OL(tx_linear_loss_db), 0,
        "[est] driver and module traces", "a linear transmit path's loss inside the module, joined to the host channel",
        .model_def = 1),
    ROW(SCH_LINE, "rx_linear_loss", SK_QTY, DIM_DB, "dB", 0, 50, 0, SF_DOUBLE, OL(rx_linear_loss_db), 0,
        "[est] TIA and module traces", "a linear receive path's loss inside the module, joined to the host channel",
        .model_def = 1),
    ROW(SCH_LINE, "host_serdes_power", SK_QTY, DIM_POWER, "W", 0, 10, 0, SF_DOUBLE, OL(host_serdes_extra_w), 0,
        "[est] a long-reach host SerDes over a short-reach one, about 1.2 pJ/bit at 212 Gb/s for LPO",
        "extra ASIC power per active lane driving this module, above driving a retimed one", .model_def = 1,
        .def_text = "power.kind's: dsp 0 W, lro 0.1 W, lpo 0.25 W"),
    /* switch.fans */
    ROW(SCH_FANS, "count", SK_INT, DIM_NONE, "", 0, TOPO_MAX_FANS, 0, SF_INT, FN(count), 0,
        "a liquid-cooled switch needs none; a 1RU air-cooled switch has 4 to 8",
        "fans in the tray, in parallel (0: no fan tray, the air around the devices is still)", .hand = 0),
    ROW(SCH_FANS, "shutoff", SK_QTY, DIM_PRESSURE, "Pa", 0, 1e5, 1, SF_DOUBLE, FN(shutoff_pa), 1000,
        "[est] a 40 x 56 mm dual-rotor server fan, about 4 inH2O", "one fan's pressure at zero flow, rated speed",
        .hand = 0),
    ROW(SCH_FANS, "max_flow", SK_QTY, DIM_FLOW, "m3/s", 0, 10, 1, SF_DOUBLE, FN(max_flow_m3_per_s), 0.012,
        "[est] the same fan, about 25 CFM free delivery (docs/sources.md)", "one fan's free delivery, rated speed",
        .hand = 0),
    ROW(SCH_FANS, "power", SK_QTY, DIM_POWER, "W", 0, 1000, 0, SF_DOUBLE, FN(power_w), 25,
        "[est] the same fan at full speed", "one fan's electrical power at rated speed (scales as speed^3)", .hand = 0),
    ROW(SCH_FANS, "speed", SK_QTY, DIM_NONE, "", 0, 2, 0, SF_DOUBLE, FN(speed), 1, "",
        "fraction of rated speed: flow scales with it, pressure with its square", .hand = 0),
    ROW(SCH_FANS, "chassis_dp", SK_QTY, DIM_PRESSURE, "Pa", 0, 1e5, 0, SF_DOUBLE, FN(chassis_dp_pa), 400,
        "[est] a dense 1RU chassis with module heat sinks", "the chassis' pressure drop at chassis_flow (dp = k Q^2)",
        .hand = 0),
    ROW(SCH_FANS, "chassis_flow", SK_QTY, DIM_FLOW, "m3/s", 0, 10, 1, SF_DOUBLE, FN(chassis_flow_m3_per_s), 0.06,
        "[est] about 130 CFM", "the flow at which chassis_dp holds", .hand = 0),
    ROW(SCH_FANS, "open_area", SK_QTY, DIM_NONE, "", 0, 1, 1, SF_DOUBLE, FN(open_area), 0.6, "[est]",
        "fraction of a module column's face (module width x height) the air passes through", .hand = 0),
    /* module_types.NAME.heat_sink, switch.asic.heat_sink */
    SINK_KEYS(SCH_SINK, 0.25, "[est] a riding sink the length of an XPO module", 0, 0, "0: the column's open face",
              "the duct area its air passes through"),
    SINK_KEYS(SCH_ASIC_SINK, 0.05, "[est] a 1RU vapour-chamber sink", 0.008, 1,
              "[est] 1RU: about 40 mm of fin height across 200 mm",
              "the duct area each ASIC's share of the air passes through"),
    /* switch.host */
    ROW(SCH_HOST, "routing", SK_CHOICE, DIM_NONE, "", 0, 0, 0, SF_INT, T(host.routing), HOST_FIXED, "",
        "fixed: every slot has its module type's lane.channel_loss; pcb or flyover: each slot's loss from its route",
        .choices = ROUTINGS, .nchoices = 3),
    ROW(SCH_HOST, "asic_depth", SK_QTY, DIM_LENGTH, "m", 0, 2, 0, SF_DOUBLE, T(host.asic_depth_m), 0.15,
        "[est] a 1RU board: the ASICs about 6 in behind the panel", "from the panel's connectors back to the ASICs",
        .hand = 0),
    ROW(SCH_HOST, "row_length", SK_QTY, DIM_LENGTH, "m", 0, 1, 0, SF_DOUBLE, T(host.row_length_m), 0.02,
        "[est] a stacked connector or riser to the second row", "extra route for each row away from the board (row 0)",
        .hand = 0),
    ROW(SCH_HOST, "pcb_loss", SK_QTY, DIM_DB_PER_M, "dB/m", 0, 1000, 0, SF_DOUBLE, T(host.pcb_loss_db_per_m), 31.5,
        "0.8 dB/in at 53 GHz, ultra-low-loss laminate for 224G (docs/sources.md)",
        "board trace loss per length at ref_frequency", .hand = 0),
    ROW(SCH_HOST, "flyover_loss", SK_QTY, DIM_DB_PER_M, "dB/m", 0, 1000, 0, SF_DOUBLE, T(host.flyover_loss_db_per_m), 6,
        "[est] twinax several times below laminate", "flyover cable loss per length at ref_frequency", .hand = 0),
    ROW(SCH_HOST, "connector_loss", SK_QTY, DIM_DB, "dB", 0, 20, 0, SF_DOUBLE, T(host.connector_loss_db), 1, "[est]",
        "each mated connector's loss at ref_frequency", .hand = 0),
    ROW(SCH_HOST, "connectors", SK_INT, DIM_NONE, "", 0, 10, 0, SF_INT, T(host.connectors), 1,
        "the module's host connector", "connectors on the route", .hand = 0),
    ROW(SCH_HOST, "fixed_loss", SK_QTY, DIM_DB, "dB", 0, 50, 0, SF_DOUBLE, T(host.fixed_loss_db), 5,
        "[est] ASIC package and breakout vias", "loss at ref_frequency that does not grow with the route", .hand = 0),
    ROW(SCH_HOST, "ref_frequency", SK_QTY, DIM_FREQ, "Hz", 0, 1e12, 1, SF_DOUBLE, T(host.ref_hz), 53.125e9,
        "the 224G class's Nyquist: 106.25 GBd PAM-4 / 2", "the frequency every loss above is given at", .hand = 0),
    ROW(SCH_HOST, "loss_exponent", SK_QTY, DIM_NONE, "", 0, 2, 0, SF_DOUBLE, T(host.loss_exponent), 1,
        "[est] dielectric loss, proportional to f, dominates low-loss laminate at these frequencies (conductor "
        "loss alone: 0.5)",
        "each loss scales as (f / ref_frequency)^this to a lane's Nyquist frequency", .hand = 0),
    /* module_types.NAME.power.components.NAME: a new component starts from these */
    ROW(SCH_POWER_COMPONENT, "static", SK_QTY, DIM_POWER, "W", 0, 480, 0, SF_DOUBLE, PC(static_w), 0,
        "a new component: none", "power at no traffic", .hand = 0),
    ROW(SCH_POWER_COMPONENT, "per_lane", SK_QTY, DIM_POWER, "W", 0, 20, 0, SF_DOUBLE, PC(per_lane_w), 0,
        "a new component: none", "power per active lane", .hand = 0),
    ROW(SCH_POWER_COMPONENT, "energy_per_bit", SK_QTY, DIM_EPB, "J/bit", 0, 1e-9, 0, SF_DOUBLE, PC(energy_per_bit_j), 0,
        "a new component: none", "power per bit/s carried", .hand = 0),
    ROW(SCH_POWER_COMPONENT, "leakage", SK_QTY, DIM_POWER, "W", 0, 480, 0, SF_DOUBLE, PC(leak_ref_w), 0,
        "a new component: none", "leakage at leakage_ref", .hand = 0),
    ROW(SCH_POWER_COMPONENT, "leakage_ref", SK_QTY, DIM_TEMP, "C", -50, 200, 0, SF_DOUBLE, PC(leak_ref_c), 60, "[est]",
        "junction temperature of the leakage figure", .hand = 0),
    ROW(SCH_POWER_COMPONENT, "leakage_doubling", SK_QTY, DIM_TEMP_DIFF, "K", 0, 1000, 1, SF_DOUBLE, PC(leak_doubling_k),
        20, "[est]", "leakage doubles every this much junction heating", .hand = 0),
    ROW(SCH_POWER_COMPONENT, "source", SK_NAME, DIM_NONE, "", 0, 0, 0, SF_NAME, PC(source), 0, "",
        "the thermal source whose junction it heats", .hand = 1, .def_text = "the component's name"),
    /* (thermal).sources[] */
    ROW(SCH_THERMAL_SOURCE, "name", SK_NAME, DIM_NONE, "", 0, 0, 0, SF_NAME, TS(name), 0, "",
        "its name (power components heat it by name)", .hand = 1, .def_text = "source"),
    ROW(SCH_THERMAL_SOURCE, "share", SK_QTY, DIM_NONE, "", 0, 1, 1, SF_DOUBLE, TS(share), 0, "",
        "its share of the device's power; the shares add up to 1", .required = 1, .example = "0.5"),
    ROW(SCH_THERMAL_SOURCE, "c_junction", SK_QTY, DIM_HEAT_CAP, "J/K", 0, 1e7, 1, SF_DOUBLE, TS(c_junction_j_per_k), 0,
        "[est] as the kind's default sources", "heat capacity of its junction", .required = 1, .example = "10 J/K"),
    ROW(SCH_THERMAL_SOURCE, "r_junction_case", SK_QTY, DIM_THERMAL_R, "K/W", 0, 1e4, 1, SF_DOUBLE,
        TS(r_junction_case_k_per_w), 0, "[est] as the kind's default sources",
        "junction to case (to the plate, without a case node)", .required = 1, .example = "0.08 K/W"),
    ROW(SCH_THERMAL_SOURCE, "c_case", SK_QTY, DIM_HEAT_CAP, "J/K", 0, 1e7, 0, SF_DOUBLE, TS(c_case_j_per_k), 0,
        "[est] as the kind's default sources", "heat capacity of its case", .hand = 0),
    ROW(SCH_THERMAL_SOURCE, "r_case_plate", SK_QTY, DIM_THERMAL_R, "K/W", 0, 1e4, 0, SF_DOUBLE,
        TS(r_case_plate_k_per_w), 0,
        "0: no case node; "
        "[est] as the kind's default sources",
        "case to plate", .hand = 0),
    /* slots[] */
    ROW(SCH_SLOT, "row", SK_INT, DIM_NONE, "", 0, TOPO_MAX_SLOTS - 1, 0, SF_NONE, 0, 0, "",
        "its row, 0 to cage.rows - 1", .required = 1, .hand = 1, .example = "0"),
    ROW(SCH_SLOT, "col", SK_INT, DIM_NONE, "", 0, TOPO_MAX_SLOTS - 1, 0, SF_NONE, 0, 0, "",
        "its column, 0 to cage.columns - 1", .required = 1, .hand = 1, .example = "0"),
    ROW(SCH_SLOT, "type", SK_NAME, DIM_NONE, "", 0, 0, 0, SF_NONE, 0, 0, "", "the module type it holds", .required = 1,
        .hand = 1, .example = "xpo-224"),
    ROW(SCH_SLOT, "asic", SK_INT, DIM_NONE, "", 0, TOPO_MAX_ASICS - 1, 0, SF_NONE, 0, -1, "",
        "the ASIC carrying its traffic, 0 to switch.asics - 1", .hand = 1, .def_text = "contiguous blocks"),
    ROW(SCH_SLOT_FILL, "fill", SK_NAME, DIM_NONE, "", 0, 0, 0, SF_NONE, 0, 0, "",
        "the module type every position holds", .required = 1, .hand = 1, .example = "xpo-224"),
    /* coolant.loops[] (and the shorthand) */
    ROW(SCH_LOOP, "name", SK_NAME, DIM_NONE, "", 0, 0, 0, SF_NAME, LP(name), 0, "", "its name", .only = "loops",
        .hand = 1, .def_text = "loop (the shorthand's: main)"),
    ROW(SCH_LOOP, "flow", SK_QTY, DIM_FLOW, "m3/s", 0, FLOW_MAX, 1, SF_DOUBLE, LP(flow_m3_per_s), 0,
        "0: the sum of the branches' ratings", "a regulated flow (instead of pumps)", .hand = 0),
    NEST(SCH_LOOP, "pump", SK_MAP, SCH_LOOP_PUMP, 0, NULL, "none", "one pump (instead of flow)"),
    NEST(SCH_LOOP, "pumps", SK_LIST, SCH_LOOP_PUMP, 0, NULL, "none", "pumps in parallel (instead of flow)"),
    NEST(SCH_LOOP, "manifold", SK_MAP, SCH_MANIFOLD, 0, NULL, "ideal", "its headers, or `ideal`"),
    ROW(SCH_LOOP, "supply_volume", SK_QTY, DIM_VOLUME, "m3", 0, 1, 0, SF_DOUBLE, LP(supply_volume_m3), 0,
        "0: no transport delay",
        "pipe volume from the CDU to the manifold: a supply change arrives after volume / flow", .hand = 0),
    ROW(SCH_LOOP, "return_volume", SK_QTY, DIM_VOLUME, "m3", 0, 1, 0, SF_DOUBLE, LP(return_volume_m3), 0,
        "0: no transport delay",
        "pipe volume from the manifold back to the CDU: the CDU (and the pump control) sees the return after volume "
        "/ flow",
        .hand = 0),
    SYNTAX(SCH_LOOP, "chains", NULL, 0, "[[0, 8], [1, 9]]", "none", "",
           "slots whose plates sit in series on one branch, first to last"),
    SYNTAX(SCH_LOOP, "slots", "loops", 0, "[0, 1, 2] or all", "all", "", "the slots it cools"),
    SYNTAX(SCH_LOOP, "asics", "loops", 0, "[0], all or none", "all", "", "the ASICs it cools"),
    ROW(SCH_LOOP, "supply", SK_QTY, DIM_TEMP, "C", -50, 300, 1, SF_DOUBLE, LP(supply_c), 0, "",
        "its CDU's supply (between freezing and boiling)", .only = "loops", .hand = 1, .def_text = "coolant.supply"),
    ROW(SCH_LOOP, "facility", SK_QTY, DIM_TEMP, "C", -50, 300, 1, SF_NONE, 0, 0, "",
        "facility water: supply = facility + approach, instead of supply", .only = "loops", .hand = 1,
        .def_text = "none"),
    ROW(SCH_LOOP, "approach", SK_QTY, DIM_TEMP_DIFF, "K", 0, 50, 0, SF_NONE, 0, 0, "",
        "the CDU heat exchanger's approach, with facility", .only = "loops", .hand = 1),
    /* coolant.loops[].pumps[] */
    ROW(SCH_LOOP_PUMP, "shutoff", SK_QTY, DIM_PRESSURE, "Pa", 0, 1e7, 1, SF_DOUBLE, PU(shutoff_pa), 0, "",
        "pressure at zero flow", .required = 1, .example = "150 kPa"),
    ROW(SCH_LOOP_PUMP, "max_flow", SK_QTY, DIM_FLOW, "m3/s", 0, FLOW_MAX, 1, SF_DOUBLE, PU(max_flow_m3_per_s), 0, "",
        "flow at zero pressure", .required = 1, .example = "40 L/min"),
    ROW(SCH_LOOP_PUMP, "speed", SK_QTY, DIM_NONE, "", 0, 2, 0, SF_DOUBLE, PU(speed), 1, "rated",
        "speed of rated (affinity laws: pressure ~ speed^2, flow ~ speed)", .hand = 0),
    /* coolant.loops[].manifold */
    ROW(SCH_MANIFOLD, "layout", SK_CHOICE, DIM_NONE, "", 0, 0, 0, SF_INT, LP(layout), HYD_REVERSE_RETURN,
        "evens out the branches",
        "where the return header leaves: the first branch's end (direct) or the last's (reverse)", .choices = LAYOUTS,
        .nchoices = 2),
    NEST(SCH_MANIFOLD, "segment", SK_MAP, SCH_MANIFOLD_RUN, 1, "{ dp: 1 kPa, flow: 8 L/min }", NULL,
         "header pipe between two neighbouring branches"),
    NEST(SCH_MANIFOLD, "feed", SK_MAP, SCH_MANIFOLD_RUN, 0, NULL, "none: no feed pipe",
         "pipe from the CDU to the headers and back"),
    ROW(SCH_MANIFOLD_RUN, "dp", SK_QTY, DIM_PRESSURE, "Pa", 0, 1e7, 1, SF_DOUBLE, RN(dp_pa), 0, "",
        "pressure drop at flow", .required = 1, .example = "1 kPa"),
    ROW(SCH_MANIFOLD_RUN, "flow", SK_QTY, DIM_FLOW, "m3/s", 0, FLOW_MAX, 1, SF_DOUBLE, RN(flow_m3_per_s), 0, "",
        "the flow of dp", .required = 1, .example = "8 L/min"),
    /* traffic[] */
    SYNTAX(SCH_TRAFFIC, "slots", NULL, 0, "[0, 1, 2] or all", "all", "", "the slots it loads"),
    SYNTAX(SCH_TRAFFIC, "ports", NULL, 0, "[0, 1] or all", "all", "", "the ports of each slot it loads"),
    NEST(SCH_TRAFFIC, "profile", SK_MAP, SCH_PROFILE, 1, "{ kind: constant, load: 0.8 }", NULL, "the load over time"),
    ROW(SCH_PROFILE, "kind", SK_CHOICE, DIM_NONE, "", 0, 0, 0, SF_INT, PR(kind), TRAFFIC_CONSTANT, "",
        "the shape (the variant)", .choices = PROFILES, .nchoices = 4, .hand = 1),
    ROW(SCH_PROFILE, "load", SK_QTY, DIM_NONE, "", 0, 1, 0, SF_DOUBLE, PR(load), 0, "", "offered load, of line rate",
        .only = "constant", .required = 1, .example = "0.8"),
    ROW(SCH_PROFILE, "from", SK_QTY, DIM_NONE, "", 0, 1, 0, SF_DOUBLE, PR(from), 0, "", "load before",
        .only = "step ramp", .required = 1, .example = "0.2"),
    ROW(SCH_PROFILE, "to", SK_QTY, DIM_NONE, "", 0, 1, 0, SF_DOUBLE, PR(to), 0, "", "load after", .only = "step ramp",
        .required = 1, .example = "0.9"),
    ROW(SCH_PROFILE, "at", SK_TIME, DIM_TIME, "", 0, TOPO_MAX_DURATION_S, 0, SF_TIME, PR(at), 0, "", "time of the step",
        .only = "step", .required = 1, .example = "10 s"),
    ROW(SCH_PROFILE, "start", SK_TIME, DIM_TIME, "", 0, TOPO_MAX_DURATION_S, 0, SF_TIME, PR(start), 0, "",
        "the ramp's start", .only = "ramp", .required = 1, .example = "10 s"),
    ROW(SCH_PROFILE, "end", SK_TIME, DIM_TIME, "", 0, TOPO_MAX_DURATION_S, 0, SF_TIME, PR(end), 0, "",
        "the ramp's end, after start", .only = "ramp", .required = 1, .example = "20 s"),
    ROW(SCH_PROFILE, "low", SK_QTY, DIM_NONE, "", 0, 1, 0, SF_DOUBLE, PR(low), 0, "",
        "the load 12 h from the peak (a cosine a day between low and high)", .only = "daily", .required = 1,
        .example = "0.3"),
    ROW(SCH_PROFILE, "high", SK_QTY, DIM_NONE, "", 0, 1, 0, SF_DOUBLE, PR(high), 0, "",
        "the load at the peak, at least low", .only = "daily", .required = 1, .example = "0.9"),
    ROW(SCH_PROFILE, "peak", SK_TIME, DIM_TIME, "", 0, 86400, 0, SF_TIME, PR(peak), 0, "",
        "the time of day of the peak (t = 0 is midnight)", .only = "daily", .required = 1, .example = "15 h"),
    /* scenario[] */
    ROW(SCH_EVENT, "at", SK_TIME, DIM_TIME, "", 0, TOPO_MAX_DURATION_S, 0, SF_TIME, EV(at), 0, "",
        "when, at most duration", .required = 1, .hand = 1, .example = "20 s"),
    ROW(SCH_EVENT, "load", SK_QTY, DIM_NONE, "", 0, 1, 0, SF_DOUBLE, EV(value), 0, "",
        "the offered load from now on (the variant load)", .only = "load", .hand = 0),
    SYNTAX(SCH_EVENT, "slots", "load", 0, "[0, 1, 2] or all", "all", "", "the slots it loads"),
    ROW(SCH_EVENT, "supply", SK_QTY, DIM_TEMP, "C", -50, 300, 1, SF_DOUBLE, EV(value), 0, "",
        "the CDU supply from now on (the variant supply; between freezing and boiling)", .only = "supply", .hand = 1),
    ROW(SCH_EVENT, "loop", SK_NAME, DIM_NONE, "", 0, 0, 0, SF_NONE, 0, 0, "", "the loop it acts on",
        .only = "supply pump-fail pump-restore leak", .hand = 1,
        .def_text = "supply: every loop's CDU; a fault: the only loop"),
    ROW(SCH_EVENT, "fault", SK_CHOICE, DIM_NONE, "", 0, 0, 0, SF_INT, EV(kind), SCN_LANE_DOWN, "",
        "the fault (the variant)", .choices = FAULTS, .nchoices = CH_N(FAULTS), .hand = 1),
    ROW(SCH_EVENT, "psu", SK_INT, DIM_NONE, "", 0, TOPO_MAX_PSUS - 1, 0, SF_INT, EV(unit), 0, "",
        "the PSU, 0 to switch.feed.psus - 1", .only = "psu-fail psu-restore", .hand = 1),
    ROW(SCH_EVENT, "pump", SK_INT, DIM_NONE, "", 0, TOPO_MAX_PUMPS - 1, 0, SF_INT, EV(unit), 0, "", "the loop's pump",
        .only = "pump-fail pump-restore", .hand = 1),
    ROW(SCH_EVENT, "column", SK_INT, DIM_NONE, "", 0, TOPO_MAX_SLOTS - 1, 0, SF_INT, EV(column), 0, "",
        "the supply-header position of the leak, 0 to cage.columns - 1", .only = "leak", .required = 1, .hand = 1,
        .example = "4"),
    ROW(SCH_EVENT, "dp", SK_QTY, DIM_PRESSURE, "Pa", 0, 1e7, 1, SF_NONE, 0, 0, "",
        "the leak's orifice: pressure drop at flow", .only = "leak", .required = 1, .hand = 1, .example = "50 kPa"),
    ROW(SCH_EVENT, "flow", SK_QTY, DIM_FLOW, "m3/s", 0, 1, 1, SF_NONE, 0, 0, "", "the leak's orifice: the flow of dp",
        .only = "leak", .required = 1, .hand = 1, .example = "2 L/min"),
    ROW(SCH_EVENT, "slot", SK_INT, DIM_NONE, "", 0, TOPO_MAX_SLOTS - 1, 0, SF_INT, EV(slot), 0, "", "the slot",
        .only = "lane-down lane-up snr-drop module-pull module-insert blocked module-reset", .required = 1, .hand = 1,
        .example = "3"),
    ROW(SCH_EVENT, "lane", SK_INT, DIM_NONE, "", 0, LANE_MAX_PER_MODULE - 1, 0, SF_INT, EV(lane), -1, "",
        "the lane of the slot", .only = "lane-down lane-up snr-drop", .hand = 1, .def_text = "every lane of the slot"),
    ROW(SCH_EVENT, "fan", SK_INT, DIM_NONE, "", 0, TOPO_MAX_FANS - 1, 0, SF_INT, EV(unit), 0, "",
        "the fan, 0 to switch.fans.count - 1", .only = "fan-fail fan-restore", .required = 1, .hand = 1,
        .example = "0"),
    ROW(SCH_EVENT, "factor", SK_QTY, DIM_NONE, "", 1, 1e9, 0, SF_DOUBLE, EV(value), 0, "",
        "the slot's branch resistance is multiplied by this", .only = "blocked", .required = 1, .example = "10"),
    ROW(SCH_EVENT, "db", SK_QTY, DIM_DB, "dB", -100, 100, 0, SF_DOUBLE, EV(value), 0, "",
        "the SNR of the lane (or every lane of the slot) falls by this", .only = "snr-drop", .required = 1,
        .example = "3 dB"),
};
const size_t SCHEMA_NKEYS = sizeof SCHEMA_KEYS / sizeof SCHEMA_KEYS[0];

_Static_assert(sizeof(mgmt_bus_t) == sizeof(int) && sizeof(lane_class_t) == sizeof(int) &&
                   sizeof(module_kind_t) == sizeof(int) && sizeof(fluid_t) == sizeof(int) &&
                   sizeof(traffic_kind_t) == sizeof(int) && sizeof(scn_kind_t) == sizeof(int),
               "an enum key is stored as an int");
_Static_assert(sizeof BUSES / sizeof BUSES[0] <= SCHEMA_MAX_CHOICES &&
                   sizeof FAULTS / sizeof FAULTS[0] <= SCHEMA_MAX_CHOICES,
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
  if (k->field == SF_DOUBLE) {
    memcpy(p, &v, sizeof v);
  } else if (k->field == SF_INT) {
    int x = (int)v;
    memcpy(p, &x, sizeof x);
  } else if (k->field == SF_TIME) {
    sim_time_t ps = sim_from_s(v);
    memcpy(p, &ps, sizeof ps);
  } else if (k->field == SF_U64) {
    uint64_t x = (uint64_t)v;
    memcpy(p, &x, sizeof x);
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
  if (k->field == SF_TIME) {
    sim_time_t ps;
    memcpy(&ps, p, sizeof ps);
    return sim_to_s(ps);
  }
  if (k->field == SF_U64) {
    uint64_t x;
    memcpy(&x, p, sizeof x);
    return (double)x;
  }
  return 0;
}

int schema_applies(const schema_key_t *k, const char *variant) {
  if (!k->only || (variant && !strcmp(variant, "*"))) return 1;
  if (!variant) return 0;
  size_t n = strlen(variant);
  for (const char *w = k->only; (w = strstr(w, variant)) != NULL; w += n)
    if ((w == k->only || w[-1] == ' ') && (w[n] == ' ' || w[n] == 0)) return 1;
  return 0;
}

static int scalar_type(schema_type_t t) { return t == SK_QTY || t == SK_TIME || t == SK_INT || t == SK_CHOICE; }

int schema_is_read(const schema_key_t *k) {
  return scalar_type(k->type) && !k->hand && (k->field == SF_DOUBLE || k->field == SF_INT || k->field == SF_TIME);
}

int schema_is_nested(const schema_key_t *k) { return k->type == SK_MAP && k->field == SF_STRUCT && !k->hand; }

int schema_is_stored(const schema_key_t *k) {
  return (scalar_type(k->type) || k->type == SK_NAME) && k->field != SF_NONE;
}

const schema_key_t *schema_key(int section, const char *key) {
  const schema_key_t *k;
  size_t n = schema_keys(section, &k);
  for (size_t i = 0; i < n; i++)
    if (!strcmp(k[i].key, key)) return &k[i];
  return NULL;
}

const schema_key_t *schema_find_path(const char *path) {
  int section = SCH_TOP, skip_name = 0;
  const schema_key_t *k = NULL;
  char seg[128];
  for (const char *p = path; *p;) {
    size_t n = strcspn(p, ".");
    snprintf(seg, sizeof seg, "%.*s", (int)n, p);
    p += n + (p[n] == '.');
    seg[strcspn(seg, "[")] = 0; /* loops[0] -> loops */
    if (skip_name) {            /* the NAME of a NAME: mapping */
      skip_name = 0;
      continue;
    }
    if (k && k->type != SK_MAP && k->type != SK_LIST && k->type != SK_NAMED) return NULL; /* past a value */
    k = schema_key(section, seg);
    if (!k && section == SCH_COOLANT) k = schema_key(SCH_LOOP, seg); /* the one-loop shorthand */
    if (!k) return NULL;
    if (k->type == SK_MAP || k->type == SK_LIST || k->type == SK_NAMED) section = k->sub;
    skip_name = k->type == SK_NAMED;
  }
  return k;
}

int schema_index(int section, const char *key) {
  const schema_key_t *k;
  size_t n = schema_keys(section, &k);
  for (size_t i = 0; i < n; i++)
    if (!strcmp(k[i].key, key)) return (int)i;
  return -1;
}

void schema_defaults_of(int section, const char *variant, void *base) {
  const schema_key_t *k;
  size_t n = schema_keys(section, &k);
  for (size_t i = 0; i < n; i++) {
    if (!schema_applies(&k[i], variant)) continue;
    if (schema_is_nested(&k[i]))
      schema_defaults(k[i].sub, (char *)base + k[i].offset);
    else if (!k[i].model_def && scalar_type(k[i].type))
      schema_set(&k[i], base, k[i].def);
  }
}

void schema_defaults(int section, void *base) { schema_defaults_of(section, NULL, base); }

const char *schema_event_name(int kind) {
  if (kind == SCN_LOAD) return "load";
  if (kind == SCN_SUPPLY) return "supply";
  for (size_t i = 0; i < sizeof FAULTS / sizeof FAULTS[0]; i++)
    if (FAULTS[i].value == kind) return FAULTS[i].name;
  return "?";
}

int schema_event_kind(const char *name) {
  for (size_t i = 0; i < sizeof FAULTS / sizeof FAULTS[0]; i++)
    if (!strcmp(FAULTS[i].name, name)) return FAULTS[i].value;
  return !strcmp(name, "load") ? SCN_LOAD : !strcmp(name, "supply") ? SCN_SUPPLY : -1;
}

const char *schema_choice_name(const schema_key_t *k, const void *base) {
  int v = (int)schema_get(k, base);
  for (int i = 0; i < k->nchoices; i++)
    if (k->choices[i].value == v) return k->choices[i].name;
  return "?";
}

/* ---- the reference ---- */

static void range_text(const schema_key_t *k, char *b, size_t n) {
  b[0] = 0;
  if (k->type == SK_CHOICE) {
    size_t used = 0;
    for (int i = 0; i < k->nchoices && used < n; i++)
      used += (size_t)snprintf(b + used, n - used, "%s`%s`", i ? ", " : "", k->choices[i].name);
  } else if (k->type == SK_INT && k->field == SF_U64) {
    snprintf(b, n, "0 to 2^64 - 1");
  } else if (k->type == SK_INT) {
    snprintf(b, n, "%.0f to %.0f", k->lo, k->hi);
  } else if (k->type == SK_QTY || k->type == SK_TIME) {
    const char *u = k->type == SK_TIME ? "s" : k->unit;
    snprintf(b, n, "%s %.6g to %.6g%s%s", k->lo_open ? "above" : "from", k->lo, k->hi, u[0] ? " " : "", u);
  } else if (k->type == SK_NAME) {
    snprintf(b, n, "a name");
  } else if (k->type == SK_SYNTAX) {
    snprintf(b, n, "such as `%s`", k->example);
  } else {
    static const char *const shape[] = {
        [SK_MAP] = "a mapping", [SK_LIST] = "a list of mappings", [SK_NAMED] = "NAME: a mapping"};
    snprintf(b, n, "%s: `%s`", shape[k->type], SCHEMA_SECTIONS[k->sub].path);
  }
}

static void default_text(const schema_key_t *k, const void *model, char *b, size_t n) {
  b[0] = 0;
  if (k->def_text) {
    snprintf(b, n, "%s", k->def_text);
    return;
  }
  if (k->required) {
    snprintf(b, n, "required");
    return;
  }
  if (!scalar_type(k->type)) return;
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

/* ---- the ranges of the estimates ----
 * Every key whose default is marked [est] has a range here: what the
 * default could be instead, as far as docs/sources.md knows. REL ranges
 * multiply the default (a model's default moves with the module kind or
 * lane class), ABS ranges add to it, in the key's unit (K for a
 * temperature). sensitivity varies each to its ends; a Monte Carlo sweep
 * draws from them. [choice] marks a setting the architect picks. */
#define REL(sec, k, lo_, hi_, why_) \
  { (sec), (k), 1, (lo_), (hi_), (why_) }
#define ABS(sec, k, lo_, hi_, why_) \
  { (sec), (k), 0, (lo_), (hi_), (why_) }
static const schema_estimate_t ESTIMATES[] = {
    REL(SCH_ASIC_POWER, "static", 0.8, 1.25, "unpublished; under 1 kW in all"),
    REL(SCH_ASIC_POWER, "energy_per_bit", 0.67, 1.5, "2-4.5 pJ/bit"),
    REL(SCH_ASIC_THERMAL, "c_plate", 0.5, 2, ""),
    REL(SCH_ASIC_THERMAL, "r_plate_coolant", 1, 2.5, "0.02-0.05 K/W, GPU class"),
    REL(SCH_ASIC_THERMAL, "r_plate_air", 0.5, 2, ""),
    REL(SCH_ASIC_THERMAL, "c_junction", 0.5, 2, ""),
    REL(SCH_ASIC_THERMAL, "r_junction_plate", 0.5, 2, ""),
    REL(SCH_ASIC_BRANCH, "dp", 0.67, 1.33, "quick disconnects 5-20 kPa with the plate"),
    REL(SCH_ASIC_BRANCH, "flow", 0.67, 1.33, "1-1.5 L/min per kW"),
    ABS(SCH_FEED, "min_voltage", -4, 3, "UVLO 32-39 V, below the 40 V the input range needs"),
    REL(SCH_FEED, "restart_delay", 0.5, 2, ""),
    REL(SCH_FEED, "restart_hysteresis", 0.5, 2, ""),
    REL(SCH_FEED, "busbar", 0.5, 2, ""),
    REL(SCH_FEED, "cable", 0.5, 2, ""),
    ABS(SCH_FEED, "psu_efficiency", -0.01, 0.01, "added to every point of the curve"),
    REL(SCH_THROTTLE, "half_rate_lane_power", 0.83, 1.33, "0.5-0.8 of full rate"),
    REL(SCH_LANE, "soft_threshold_ber", 0.8, 1.25, ""),
    REL(SCH_LANE, "soft_slope", 0.9, 1.1, ""),
    ABS(SCH_LANE, "snr", -1, 1, ""),
    ABS(SCH_LANE, "channel_loss", -2, 2, ""),
    ABS(SCH_LANE, "loss_ref", -2, 2, ""),
    REL(SCH_LANE, "snr_per_loss", 0.8, 1.25, ""),
    ABS(SCH_LANE, "temp_ref", -10, 10, ""),
    REL(SCH_LANE, "temp_slope", 0.5, 2, ""),
    REL(SCH_LANE, "snr_sigma", 0.5, 2, ""),
    REL(SCH_LANE, "burst", 0.5, 1.5, ""),
    REL(SCH_LANE, "skew_max", 0.5, 2, ""),
    REL(SCH_LANE, "training", 0.5, 2, "seconds; re-equalisation a few to 10 s"),
    REL(SCH_LANE, "retraining", 0.5, 2, ""),
    REL(SCH_LANE, "window", 0.5, 2, ""),
    REL(SCH_LANE, "degrade_hold", 0.5, 2, ""),
    REL(SCH_LANE, "degrade_ucw", 0.5, 2, ""),
    REL(SCH_MODULE_POWER, "static", 0.8, 1.25, ""),
    REL(SCH_MODULE_POWER, "energy_per_bit", 0.8, 1.25, "about 17 pJ/bit for a 1.6T OSFP, less per bit at 12.8T"),
    REL(SCH_MODULE_POWER, "leakage", 0.5, 2, ""),
    ABS(SCH_MODULE_POWER, "leakage_ref", -10, 10, ""),
    REL(SCH_MODULE_POWER, "leakage_doubling", 0.75, 1.5, "15-30 K"),
    REL(SCH_MODULE_POWER, "inrush_current", 0.5, 2, ""),
    REL(SCH_MODULE_POWER, "inrush_time", 0.5, 2, ""),
    ABS(SCH_POWER_COMPONENT, "leakage_ref", -10, 10, ""),
    REL(SCH_POWER_COMPONENT, "leakage_doubling", 0.75, 1.5, "15-30 K"),
    REL(SCH_MODULE_THERMAL, "c_plate", 0.5, 2, ""),
    REL(SCH_MODULE_THERMAL, "r_plate_coolant", 0.67, 1.67, "0.02-0.05 K/W"),
    REL(SCH_MODULE_THERMAL, "r_plate_air", 0.5, 2, ""),
    REL(SCH_MODULE_THERMAL, "c_junction", 0.5, 2, ""),
    REL(SCH_MODULE_THERMAL, "r_junction_plate", 0.5, 2, ""),
    REL(SCH_THERMAL_SOURCE, "c_junction", 0.5, 2, "each default source"),
    REL(SCH_THERMAL_SOURCE, "r_junction_case", 0.5, 2, "each default source"),
    REL(SCH_THERMAL_SOURCE, "c_case", 0.5, 2, "each default source"),
    REL(SCH_THERMAL_SOURCE, "r_case_plate", 0.5, 2, "each default source"),
    REL(SCH_LASER, "threshold_current", 0.5, 2, ""),
    REL(SCH_LASER, "bias_current", 0.75, 1.5, ""),
    REL(SCH_LASER, "t0", 0.67, 2.5, "40 to 150 K"),
    REL(SCH_LASER, "slope_loss", 0.67, 1.33, ""),
    REL(SCH_LASER, "max_current", 0.67, 1.33, ""),
    REL(SCH_MODULE_BRANCH, "dp", 0.67, 1.33, "quick disconnects 5-20 kPa with the plate"),
    REL(SCH_MODULE_BRANCH, "flow", 0.7, 1.4, "XPO's 0.35-0.7 L/min"),
    ABS(SCH_LINE, "tx_oma", -2.3, 2.7, "DR's -0.8 to 4.2 dBm"),
    ABS(SCH_LINE, "snr_ceiling", -3, 3, ""),
    ABS(SCH_LINE, "tx_linear_loss", -1, 1, ""),
    ABS(SCH_LINE, "rx_linear_loss", -1, 1, ""),
    REL(SCH_LINE, "host_serdes_power", 0.5, 2, ""),
    REL(SCH_FANS, "shutoff", 0.8, 1.25, ""),
    REL(SCH_FANS, "max_flow", 0.8, 1.25, "0.55 m3/min measured on one 40 mm contra-rotating fan"),
    REL(SCH_FANS, "power", 0.8, 1.25, ""),
    REL(SCH_FANS, "chassis_dp", 0.5, 2, ""),
    REL(SCH_FANS, "chassis_flow", 0.8, 1.25, ""),
    REL(SCH_FANS, "open_area", 0.67, 1.33, ""),
    REL(SCH_SINK, "r_sink", 0.67, 1.5, ""),
    ABS(SCH_SINK, "exponent", -0.1, 0.2, "0.5 laminar to 0.8 turbulent"),
    REL(SCH_ASIC_SINK, "r_sink", 0.67, 1.5, ""),
    ABS(SCH_ASIC_SINK, "exponent", -0.1, 0.2, "0.5 laminar to 0.8 turbulent"),
    REL(SCH_ASIC_SINK, "flow_area", 0.75, 1.25, ""),
    REL(SCH_HOST, "asic_depth", 0.67, 1.33, ""),
    REL(SCH_HOST, "row_length", 0.5, 2, ""),
    REL(SCH_HOST, "flyover_loss", 0.67, 1.5, ""),
    ABS(SCH_HOST, "connector_loss", -0.5, 1, ""),
    ABS(SCH_HOST, "fixed_loss", -2, 2, ""),
    ABS(SCH_HOST, "loss_exponent", -0.25, 0, "between conductor loss (0.5) and dielectric loss (1)"),
};
#undef REL
#undef ABS

const schema_estimate_t *schema_estimate(int section, const char *key) {
  for (size_t i = 0; i < sizeof ESTIMATES / sizeof ESTIMATES[0]; i++)
    if (ESTIMATES[i].section == section && !strcmp(ESTIMATES[i].key, key)) return &ESTIMATES[i];
  return NULL;
}

double schema_estimate_value(const schema_estimate_t *e, double def, int high) {
  double d = high ? e->hi : e->lo;
  return e->relative ? def * d : def + d;
}

static void estimate_text(const schema_key_t *k, int section, char *b, size_t n) {
  const schema_estimate_t *e = schema_estimate(section, k->key);
  b[0] = 0;
  if (!e) return;
  const char *u = k->type == SK_TIME ? "s" : !k->unit ? "" : !strcmp(k->unit, "C") ? "K" : k->unit;
  if (e->relative)
    snprintf(b, n, "; range x%.3g to x%.3g%s%s", e->lo, e->hi, e->why[0] ? ": " : "", e->why);
  else
    snprintf(b, n, "; range %+.3g to %+.3g%s%s%s%s", e->lo, e->hi, u[0] ? " " : "", u, e->why[0] ? ": " : "", e->why);
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
  if (section == SCH_LINE) {
    line_defaults(MODULE_DSP, &type->line);
    return &type->line;
  }
  if (section == SCH_MODULE_POWER) {
    module_components_defaults(MODULE_DSP, power);
    return power;
  }
  return NULL;
}

/* One section's table of the reference. */
static void write_reference_section(FILE *f, int s) {
  lane_cfg_t lane;
  module_power_cfg_t power;
  static topo_module_type_t type; /* large: not on the stack */
  const schema_key_t *k;
  size_t n = schema_keys(s, &k);
  fprintf(f, "\n### `%s`: %s\n\n", SCHEMA_SECTIONS[s].path, SCHEMA_SECTIONS[s].title);
  fputs("| key | default | range | meaning | source of the default |\n| --- | --- | --- | --- | --- |\n", f);
  for (size_t i = 0; i < n; i++) {
    char def[160] = "", range[160], est[200];
    default_text(&k[i], model_defaults(s, &lane, &power, &type), def, sizeof def);
    range_text(&k[i], range, sizeof range);
    estimate_text(&k[i], s, est, sizeof est);
    fprintf(f, "| `%s` | %s | %s | %s%s%s%s | %s%s%s%s%s |\n", k[i].key, def, range, k[i].meaning,
            k[i].only ? " (only: " : "", k[i].only ? k[i].only : "", k[i].only ? ")" : "", k[i].source,
            k[i].model_def ? " (" : "", k[i].model_def ? SCHEMA_SECTIONS[s].model : "", k[i].model_def ? ")" : "", est);
  }
}

/* A section, then the sections its rows hold, in the order a file nests them. */
static void write_reference_from(FILE *f, int s, int *done) {
  if (done[s]) return;
  done[s] = 1;
  write_reference_section(f, s);
  const schema_key_t *k;
  size_t n = schema_keys(s, &k);
  for (size_t i = 0; i < n; i++)
    if (k[i].type == SK_MAP || k[i].type == SK_LIST || k[i].type == SK_NAMED) write_reference_from(f, k[i].sub, done);
}

void schema_write_reference(FILE *f) {
  int done[SCH_NSECTIONS] = {0};
  fputs("<!-- generated by `xposim keys` from src/topo/schema.c: edit the table, not this block -->\n", f);
  for (int s = 0; s < SCH_NSECTIONS; s++) write_reference_from(f, s, done);
}
