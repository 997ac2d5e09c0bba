/*
 * resolved.c: a loaded topology written back as a topology file (see
 * topo.h): every key the loader reads, defaults included, every quantity
 * in its SI unit (temperatures in C) printed to 17 significant digits, so
 * that loading it gives the same topology and the same run.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hydraulics.h"
#include "topo.h"
#include "topo/schema.h"
#include "util/numeric.h"

typedef struct {
  FILE *f;
  int depth;       /* indentation, two spaces a level */
  const topo_t *t; /* for the rows written by hand that need the whole */
} yw;

static void line(yw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line(yw *w, const char *fmt, ...) {
  fprintf(w->f, "%*s", 2 * w->depth, "");
  va_list ap;
  va_start(ap, fmt);
  vfprintf(w->f, fmt, ap);
  va_end(ap);
  fputc('\n', w->f);
}

/* Text returned by value: its array lives until the end of the full
 * expression that made it (C11 6.2.4), long enough for a printf argument,
 * with no static buffer to rotate or overrun. */
typedef struct {
  char s[32];
} num_text;
typedef struct {
  char s[40];
} time_text;
typedef struct {
  char s[4 * 128 + 3];
} quoted_text;

/* The shortest of %.15g, %.16g, %.17g that reads back as v exactly. */
static num_text num(double v) {
  num_text b;
  if (whole_number_text(b.s, v, 1e15)) return b; /* %.15g's text, read back exactly */
  for (int d = 15; d <= 17; d++) {
    snprintf(b.s, sizeof b.s, "%.*g", d, v);
    if (strtod(b.s, NULL) == v) break;
  }
  return b;
}

/* A time in the largest of s, ms, us, ns, ps that holds it whole (the
 * loader's seconds then round back to the same picoseconds). */
static time_text tstr(sim_time_t ps) {
  static const struct {
    sim_time_t per;
    const char *sym;
  } u[] = {{SIM_S, "s"}, {SIM_MS, "ms"}, {SIM_US, "us"}, {SIM_NS, "ns"}, {SIM_PS, "ps"}};
  time_text b;
  size_t i = 0;
  while (ps && ps % u[i].per) i++;
  snprintf(b.s, sizeof b.s, "%llu %s", (unsigned long long)(ps / u[i].per), u[i].sym);
  return b;
}

/* s as the inside of a YAML double-quoted scalar into o (room for 4 bytes
 * per character); returns the end. */
static char *yq_into(char *o, const char *s) {
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c < 0x20 || c == 0x7f)
      o += sprintf(o, "\\x%02x", c); /* control characters, escaped */
    else {
      if (c == '"' || c == '\\') *o++ = '\\';
      *o++ = (char)c;
    }
  }
  *o = 0;
  return o;
}

/* A name (under 128 characters) as a YAML double-quoted scalar. */
static quoted_text yq(const char *s) {
  quoted_text b;
  char tmp[128];
  snprintf(tmp, sizeof tmp, "%s", s);
  b.s[0] = '"';
  char *o = yq_into(b.s + 1, tmp);
  o[0] = '"';
  o[1] = 0;
  return b;
}

/* A table key's value as the loader reads it back: a quantity with its SI
 * unit, a time in whole units, a whole number, a choice's name, a name
 * quoted. */
static void key_text(const schema_key_t *k, const void *base, char *b, size_t n) {
  const char *p = (const char *)base + k->offset;
  if (k->type == SK_QTY) {
    snprintf(b, n, "%s%s%s", num(schema_get(k, base)).s, k->unit[0] ? " " : "", k->unit);
  } else if (k->type == SK_TIME) {
    sim_time_t ps;
    memcpy(&ps, p, sizeof ps);
    snprintf(b, n, "%s", tstr(ps).s);
  } else if (k->type == SK_INT && k->field == SF_U64) {
    uint64_t v;
    memcpy(&v, p, sizeof v);
    snprintf(b, n, "%llu", (unsigned long long)v);
  } else if (k->type == SK_INT) {
    snprintf(b, n, "%d", (int)schema_get(k, base));
  } else if (k->type == SK_NAME) {
    snprintf(b, n, "%s", yq(p).s);
  } else {
    snprintf(b, n, "%s", schema_choice_name(k, base));
  }
}

/* One table key on its line. */
static void write_key(yw *w, const schema_key_t *k, const void *base) {
  char v[sizeof(quoted_text)];
  key_text(k, base, v, sizeof v);
  line(w, "%s: %s", k->key, v);
}

static void write_hand(yw *w, const schema_key_t *k, const void *base);
static void write_nested(yw *w, const schema_key_t *k, const void *base);

/* Every key of a section that applies to variant, in table order: a value
 * on its line, a nested mapping whole, the rest by hand (write_hand). */
static void write_section_of(yw *w, int section, const char *variant, const void *base) {
  const schema_key_t *k;
  size_t n = schema_keys(section, &k);
  for (size_t i = 0; i < n; i++) {
    if (!schema_applies(&k[i], variant)) continue;
    if (schema_is_stored(&k[i]))
      write_key(w, &k[i], base);
    else if (k[i].type == SK_MAP && k[i].field == SF_STRUCT)
      write_nested(w, &k[i], (const char *)base + k[i].offset);
    else
      write_hand(w, &k[i], base);
  }
}

static void write_section(yw *w, int section, const void *base) { write_section_of(w, section, NULL, base); }

/* A section's stored keys that apply to variant on one line, { k: v, ... },
 * into b; first (may be NULL): the pairs written by hand ahead of the
 * table's. */
typedef struct {
  char s[1024];
} flow_text_t;
static flow_text_t flow_text(const char *first, int section, const char *variant, const void *base) {
  flow_text_t b;
  const schema_key_t *k;
  size_t n = schema_keys(section, &k);
  int any = first != NULL;
  size_t used = (size_t)snprintf(b.s, sizeof b.s, "{%s%s", first ? " " : "", first ? first : "");
  for (size_t i = 0; i < n && used < sizeof b.s; i++) {
    if (!schema_is_stored(&k[i]) || !schema_applies(&k[i], variant)) continue;
    char v[sizeof(quoted_text)];
    key_text(&k[i], base, v, sizeof v);
    used += (size_t)snprintf(b.s + used, sizeof b.s - used, "%s %s: %s", any ? "," : "", k[i].key, v);
    any = 1;
  }
  if (used < sizeof b.s) snprintf(b.s + used, sizeof b.s - used, " }");
  return b;
}

static void write_flow(yw *w, const char *key, const char *first, int section, const void *base) {
  line(w, "%s: %s", key, flow_text(first, section, NULL, base).s);
}

/* A nested mapping: on one line if its section says so, else a block. */
static void write_nested(yw *w, const schema_key_t *k, const void *base) {
  if (SCHEMA_SECTIONS[k->sub].flow) {
    write_flow(w, k->key, NULL, k->sub, base);
    return;
  }
  line(w, "%s:", k->key);
  w->depth++;
  write_section(w, k->sub, base);
  w->depth--;
}

/* key: [i, j, ...] of the set entries of mask[0..n). */
static void index_list(yw *w, const char *key, const uint8_t *mask, size_t n) {
  fprintf(w->f, "%*s%s: [", 2 * w->depth, "", key);
  int first = 1;
  for (size_t i = 0; i < n; i++)
    if (mask[i]) {
      fprintf(w->f, "%s%zu", first ? "" : ", ", i);
      first = 0;
    }
  fputs("]\n", w->f);
}

/* (thermal).r_table, when given. */
static void w_r_table(yw *w, const void *base) {
  const thermal_plate_cfg_t *c = base;
  if (c->ntable == 0) return;
  line(w, "r_table:");
  for (int i = 0; i < c->ntable; i++)
    line(w, "  - [%s m3/s, %s K/W]", num(c->table_flow_m3_per_s[i]).s, num(c->table_r_k_per_w[i]).s);
}

static void w_sources(yw *w, const void *base) {
  const thermal_plate_cfg_t *c = base;
  line(w, "sources:");
  for (int i = 0; i < c->nsources; i++) line(w, "  - %s", flow_text(NULL, SCH_THERMAL_SOURCE, NULL, &c->src[i]).s);
}

static void w_ports(yw *w, const void *base) {
  const topo_module_type_t *m = base;
  line(w, "ports: %dx%sG", m->ports.nports, num(m->ports.rate_bps / 1e9).s);
}

/* module_types.NAME.power: lumped, or a kind's components (the shorthand's
 * one component has no thermal source of its own, and no kind). */
static void w_module_power(yw *w, const void *base) {
  const module_power_cfg_t *mc = &((const topo_module_type_t *)base)->power;
  line(w, "power:");
  w->depth++;
  if (mc->n == 1 && !strcmp(mc->c[0].name, "module") && !mc->c[0].source[0]) {
    write_section_of(w, SCH_MODULE_POWER, "lumped", mc);
  } else {
    write_key(w, schema_key(SCH_MODULE_POWER, "kind"), mc);
    line(w, "components:");
    w->depth++;
    for (int i = 0; i < mc->n; i++)
      line(w, "%s: %s", yq(mc->c[i].name).s, flow_text(NULL, SCH_POWER_COMPONENT, NULL, &mc->c[i]).s);
    w->depth--;
    write_section(w, SCH_MODULE_POWER, mc);
  }
  w->depth--;
}

static void w_module_types(yw *w, const void *base) {
  const topo_t *t = base;
  line(w, "module_types:");
  w->depth++;
  for (size_t i = 0; i < t->ntypes; i++) {
    line(w, "%s:", yq(t->types[i].name).s);
    w->depth++;
    write_section(w, SCH_MODULE_TYPE, &t->types[i]);
    w->depth--;
  }
  w->depth--;
}

static void w_slots(yw *w, const void *base) {
  const topo_t *t = base;
  line(w, "slots:");
  for (size_t i = 0; i < t->nslots; i++)
    line(w, "  - { row: %d, col: %d, type: %s, asic: %d }", t->slots[i].row, t->slots[i].col,
         yq(t->types[t->slots[i].type].name).s, t->slots[i].asic);
  if (!t->nslots) line(w, "  []");
}

static void w_psu_curve(yw *w, const void *base) {
  const topo_t *t = base;
  line(w, "psu_efficiency:");
  for (int i = 0; i < t->psu.npoints; i++) line(w, "  - [%s, %s]", num(t->psu.load[i]).s, num(t->psu.eff[i]).s);
}

static void w_throttle_action(yw *w, const void *base) {
  const topo_t *t = base;
  char b[96] = "";
  for (int i = 0; i < t->throttle_nsteps; i++)
    snprintf(b + strlen(b), sizeof b - strlen(b), "%s%s", i ? ", " : "", topo_throttle_step_name(t->throttle_steps[i]));
  line(w, "action: [%s]", b);
}

static void w_version(yw *w, const void *base) {
  (void)base;
  line(w, "xposim: %d", TOPO_SCHEMA);
}

static void profile(FILE *f, const traffic_profile_t *p) {
  fputs(flow_text(NULL, SCH_PROFILE, schema_choice_name(schema_key(SCH_PROFILE, "kind"), p), p).s, f);
}

static void event(yw *w, const topo_t *t, const scn_event_t *e) {
  FILE *f = w->f;
  if (e->kind >= SCN_PART_FIRST) { /* a part's event: its keys are the table's */
    fprintf(f, "%*s- %s\n", 2 * w->depth, "", flow_text(NULL, SCH_EVENT, schema_event_name(e->kind), e).s);
    return;
  }
  fprintf(f, "%*s- { at: %s, ", 2 * w->depth, "", tstr(e->at).s);
  int has_loop = e->loop >= 0 && (size_t)e->loop < t->nloops;
  quoted_text loop_name = yq(has_loop ? t->loops[e->loop].name : "?");
  const char *loop = has_loop ? loop_name.s : NULL;
  switch (e->kind) {
    case SCN_LOAD:
      fprintf(f, "load: %s, slots: [", num(e->value).s);
      for (size_t s = 0, first = 1; s < t->nslots; s++)
        if (e->slots[s]) {
          fprintf(f, "%s%zu", first ? "" : ", ", s);
          first = 0;
        }
      fputs("] }\n", f);
      return;
    case SCN_SUPPLY:
      fprintf(f, "supply: %s C", num(e->value).s);
      if (loop) fprintf(f, ", loop: %s", loop);
      fputs(" }\n", f);
      return;
    case SCN_PSU_FAIL:
    case SCN_PSU_RESTORE:
      fprintf(f, "fault: %s, psu: %d }\n", schema_event_name(e->kind), e->unit);
      return;
    case SCN_PUMP_FAIL:
    case SCN_PUMP_RESTORE:
      fprintf(f, "fault: %s, loop: %s, pump: %d }\n", schema_event_name(e->kind), loop ? loop : "?", e->unit);
      return;
    case SCN_LEAK: { /* the orifice k = dp / flow^2, as dp at a power-of-two flow (exact) within the loader's range */
      double qf = 1;
      while (e->value2 * qf * qf > 1e6 && qf > 1e-30) qf /= 2;
      fprintf(f, "fault: leak, loop: %s, column: %d, dp: %s Pa, flow: %s m3/s }\n", loop ? loop : "?", e->column,
              num(e->value2 * qf * qf).s, num(qf).s);
      return;
    }
    case SCN_BLOCKED:
      fprintf(f, "fault: blocked, slot: %d, factor: %s }\n", e->slot, num(e->value).s);
      return;
    case SCN_MODULE_PULL:
    case SCN_MODULE_INSERT:
      fprintf(f, "fault: %s, slot: %d }\n", schema_event_name(e->kind), e->slot);
      return;
    case SCN_LANE_DOWN:
    case SCN_LANE_UP:
    case SCN_SNR_DROP:
      fprintf(f, "fault: %s, slot: %d", schema_event_name(e->kind), e->slot);
      if (e->lane >= 0) fprintf(f, ", lane: %d", e->lane);
      if (e->kind == SCN_SNR_DROP) fprintf(f, ", db: %s dB", num(e->value).s);
      fputs(" }\n", f);
      return;
    default:
      return;
  }
}

static void loop(yw *w, const topo_t *t, size_t l) {
  const topo_loop_t *lp = &t->loops[l];
  line(w, "- name: %s", yq(lp->name).s);
  w->depth++;
  write_key(w, schema_key(SCH_LOOP, "supply"), lp);
  if (lp->pumped) {
    line(w, "pumps:");
    for (int i = 0; i < lp->npumps; i++) line(w, "  - %s", flow_text(NULL, SCH_LOOP_PUMP, NULL, &lp->pumps[i]).s);
  } else if (lp->flow_m3_per_s > 0) {
    write_key(w, schema_key(SCH_LOOP, "flow"), lp);
  }
  if (lp->has_manifold) {
    line(w, "manifold:");
    w->depth++;
    write_section(w, SCH_MANIFOLD, lp);
    write_flow(w, "segment", NULL, SCH_MANIFOLD_RUN, &lp->segment);
    if (lp->feed.dp_pa > 0) write_flow(w, "feed", NULL, SCH_MANIFOLD_RUN, &lp->feed);
    w->depth--;
  } else {
    line(w, "manifold: ideal");
  }
  write_key(w, schema_key(SCH_LOOP, "supply_volume"), lp);
  write_key(w, schema_key(SCH_LOOP, "return_volume"), lp);
  int chains = 0;
  for (size_t s = 0; s < t->nslots; s++)
    if (t->slot_loop[s] == (int)l && t->slot_prev[s] < 0 && t->slot_next[s] >= 0) {
      if (!chains++) line(w, "chains:");
      fprintf(w->f, "%*s  - [%zu", 2 * w->depth, "", s);
      for (int k = t->slot_next[s]; k >= 0; k = t->slot_next[k]) fprintf(w->f, ", %d", k);
      fputs("]\n", w->f);
    }
  index_list(w, "slots", lp->slots, t->nslots);
  index_list(w, "asics", lp->asics, (size_t)t->n_asics);
  w->depth--;
}

/* control.pump, when a loop's pumps are controlled. */
static void w_pid(yw *w, const void *base) {
  const topo_t *t = base;
  if (t->pid_loop < 0) return;
  char first[640];
  snprintf(first, sizeof first, "loop: %s", yq(t->loops[t->pid_loop].name).s);
  write_flow(w, "pump", first, SCH_PUMP, t);
}

static void w_loops(yw *w, const void *base) {
  line(w, "loops:");
  for (size_t l = 0; l < w->t->nloops; l++) loop(w, w->t, l);
  (void)base;
}

/* traffic: each entry's slots, ports and profile. */
static void w_traffic(yw *w, const void *base) {
  const topo_t *t = base;
  line(w, "traffic:");
  for (size_t i = 0; i < t->ntraffic; i++) {
    const topo_traffic_t *g = &t->traffic[i];
    fputs("  - slots: [", w->f);
    for (size_t s = 0, first = 1; s < t->nslots; s++)
      if (g->slots[s]) {
        fprintf(w->f, "%s%zu", first ? "" : ", ", s);
        first = 0;
      }
    fputs("]\n    ports: [", w->f);
    for (int p = 0, first = 1; p < TOPO_MAX_PORTS_SELECTABLE; p++)
      if (g->ports[p / 64] >> (p % 64) & 1) {
        fprintf(w->f, "%s%d", first ? "" : ", ", p);
        first = 0;
      }
    fputs("]\n    profile: ", w->f);
    profile(w->f, &g->profile);
    fputc('\n', w->f);
  }
  if (!t->ntraffic) line(w, "  []");
}

static void w_scenario(yw *w, const void *base) {
  const topo_t *t = base;
  line(w, "scenario:");
  w->depth++;
  for (size_t i = 0; i < t->nscenario; i++) event(w, t, &t->scenario[i]);
  w->depth--;
  if (!t->nscenario) line(w, "  []");
}

static void w_expect(yw *w, const void *base) {
  const topo_t *t = base;
  line(w, "expect:");
  for (size_t i = 0; i < t->nexpects; i++) {
    char e[4 * sizeof t->expects[i].text + 1];
    yq_into(e, t->expects[i].text);
    fprintf(w->f, "  - \"%s\"\n", e);
  }
  if (!t->nexpects) line(w, "  []");
}

/* The rows with a syntax of their own, lists and named mappings: who writes
 * each (from the base of the row's section). A row not here (facility,
 * panel, a lumped die) is an input folded into the rows that are. */
static const struct {
  int section;
  const char *key;
  void (*write)(yw *w, const void *base);
} HAND[] = {
    {SCH_TOP, "xposim", w_version},
    {SCH_TOP, "module_types", w_module_types},
    {SCH_TOP, "slots", w_slots},
    {SCH_TOP, "traffic", w_traffic},
    {SCH_TOP, "scenario", w_scenario},
    {SCH_TOP, "expect", w_expect},
    {SCH_FEED, "psu_efficiency", w_psu_curve},
    {SCH_COOLANT, "loops", w_loops},
    {SCH_CONTROL, "pump", w_pid},
    {SCH_THROTTLE, "action", w_throttle_action},
    {SCH_MODULE_TYPE, "ports", w_ports},
    {SCH_MODULE_TYPE, "power", w_module_power},
    {SCH_ASIC_THERMAL, "r_table", w_r_table},
    {SCH_ASIC_THERMAL, "sources", w_sources},
    {SCH_MODULE_THERMAL, "r_table", w_r_table},
    {SCH_MODULE_THERMAL, "sources", w_sources},
};

static void write_hand(yw *w, const schema_key_t *k, const void *base) {
  for (size_t i = 0; i < sizeof HAND / sizeof HAND[0]; i++)
    if (HAND[i].section == k->section && !strcmp(HAND[i].key, k->key)) HAND[i].write(w, base);
}

int topo_write_resolved(const topo_t *t, void *file) {
  FILE *f = file;
  yw w = {f, 0, t};
  line(&w, "# xposim: the topology as simulated (%s), every default filled in, every quantity", t->file);
  line(&w, "# in its SI unit (temperatures in C). `xposim run` on this file repeats the run.");
  write_section(&w, SCH_TOP, t);
  return ferror(f) ? -1 : 0;
}
