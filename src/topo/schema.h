/*
 * schema.h: the table of topology keys. Each row is one key: where it sits
 * (section and key), its type, dimension and unit, its default and the
 * source of that default, its bounds, and where it lands in the typed
 * configuration (a field of the section's struct). The loader reads these
 * keys from the table (with its "did you mean" and bounds messages), the
 * resolved.yaml writer writes them from it, and `xposim keys` prints the
 * reference of docs/topology.md from it (a test keeps that page current).
 * Every key the loader accepts is a row: a mapping or a list is a row
 * naming the section of its keys, so unknown-key messages and their "did
 * you mean" come from the table alone. Hand-written code remains for the
 * values with a syntax of their own (a breakout, a curve, an index set, a
 * reference to a name), for defaults and bounds that depend on other keys
 * (rows marked `hand`), and for checks that span several keys.
 */
#ifndef XPOSIM_SCHEMA_H
#define XPOSIM_SCHEMA_H

#include <stddef.h>
#include <stdio.h>

#include "topo/units.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  SK_QTY,    /* a quantity with its unit */
  SK_TIME,   /* a time, counted in whole picoseconds */
  SK_INT,    /* a whole number */
  SK_CHOICE, /* one of a few names */
  SK_NAME,   /* a name (topo_name_ok), or a reference to one */
  SK_MAP,    /* a mapping of section `sub`'s keys */
  SK_LIST,   /* a list of mappings of section `sub`'s keys */
  SK_NAMED,  /* a mapping of NAME: a mapping of section `sub`'s keys */
  SK_SYNTAX  /* a value with a syntax of its own (`example` shows it) */
} schema_type_t;
typedef enum {
  SF_NONE, /* lands nowhere by itself: read by hand into what it sets */
  SF_DOUBLE,
  SF_INT,
  SF_TIME,
  SF_U64,
  SF_NAME,  /* char[TOPO_NAME_MAX + 1] */
  SF_STRUCT /* SK_MAP: its section's fields are offsets from base + offset */
} schema_field_t;

#define SCHEMA_MAX_CHOICES 16 /* names of one choice key */

typedef struct schema_choice {
  const char *name;
  int value;
} schema_choice_t;

/* A section: a mapping of keys, read into one struct. */
typedef struct schema_section {
  const char *path;  /* "solver", "module_types.NAME.lane" */
  const char *where; /* as messages name it: "solver"; NULL: the caller's text */
  int flow;          /* resolved.yaml writes it on one line: { k: v, ... } */
  const char *title; /* for the reference */
  const char *model; /* where model defaults of its keys live (models/), or NULL */
} schema_section_t;

typedef struct schema_key {
  int section; /* index into SCHEMA_SECTIONS */
  const char *key;
  schema_type_t type;
  unit_dim dim;     /* SK_QTY, SK_TIME */
  const char *unit; /* as resolved.yaml writes it; "" for a plain number */
  double lo, hi;    /* bounds; SK_INT: whole numbers */
  int lo_open;      /* lo excluded */
  const schema_choice_t *choices;
  int nchoices;
  schema_field_t field;
  size_t offset;      /* in the section's struct */
  int model_def;      /* 1: the default is the model's (models/), set before the table is read */
  double def;         /* else the default: SI (s for times), the value of a choice */
  const char *source; /* where the default comes from */
  const char *meaning;
  int required;          /* a missing key is an error */
  const char *example;   /* as a missing key's message suggests it; the syntax of SK_SYNTAX */
  int sub;               /* SK_MAP, SK_LIST, SK_NAMED: the section of its keys */
  const char *only;      /* NULL, or the variants (space-separated) of its mapping that take it */
  int hand;              /* read by hand: its default or bounds depend on other keys */
  const char *def_text;  /* the default as the reference states it, where no number says it */
  const char *bound_why; /* why the bounds are what they are, where a message should say it */
} schema_key_t;

/* The sections code outside the table names. A section read, defaulted
 * and written whole by the table (a nested mapping of plain keys) needs no
 * name here: schema.c numbers it after these. */
enum {
  SCH_TOP,
  SCH_SOLVER,
  SCH_SWITCH,
  SCH_ASIC,
  SCH_ASIC_THERMAL,
  SCH_FEED,
  SCH_CAGE,
  SCH_COOLANT,
  SCH_CONTROL,
  SCH_PUMP,
  SCH_MODULE_TYPE,
  SCH_LANE,
  SCH_LINE,
  SCH_MODULE_POWER,
  SCH_MODULE_THERMAL,
  SCH_POWER_COMPONENT,
  SCH_THERMAL_SOURCE,
  SCH_SLOT,
  SCH_SLOT_FILL,
  SCH_LOOP,
  SCH_LOOP_PUMP,
  SCH_MANIFOLD,
  SCH_MANIFOLD_RUN,
  SCH_TRAFFIC,
  SCH_PROFILE,
  SCH_EVENT,
  SCH_LIMITS,
  SCH_LASER,
  SCH_THROTTLE,
  SCH_NAMED /* the first section only schema.c names */
};
extern const schema_section_t SCHEMA_SECTIONS[];
extern const size_t SCHEMA_NSECTIONS;
extern const schema_key_t SCHEMA_KEYS[];
extern const size_t SCHEMA_NKEYS;

/* The keys of a section: *first and the count, in table order. */
size_t schema_keys(int section, const schema_key_t **first);
/* Index of key within its section's keys, or -1. */
int schema_index(int section, const char *key);
/* 1 if the row applies to a mapping of the given variant (NULL: the
 * section has none, or it is not known yet: only rows for every variant;
 * "*": every row). */
int schema_applies(const schema_key_t *k, const char *variant);
/* 1 if the row is a single value read from the table (not by hand). */
int schema_is_read(const schema_key_t *k);
/* 1 if the row is a single value that lands in a field of its struct. */
int schema_is_stored(const schema_key_t *k);
/* 1 if the row is a mapping the table reads, defaults and writes whole (a
 * mapping of the sub-section's keys at base + offset, not read by hand). */
int schema_is_nested(const schema_key_t *k);
/* Set every table default of a section in base (model defaults are left):
 * the rows that apply to variant, and those of its nested mappings. */
void schema_defaults(int section, void *base);
void schema_defaults_of(int section, const char *variant, void *base);
/* The name of a choice key's value in base, or "?". */
const char *schema_choice_name(const schema_key_t *k, const void *base);
double schema_get(const schema_key_t *k, const void *base);   /* SF_TIME: in seconds */
void schema_set(const schema_key_t *k, void *base, double v); /* SF_TIME: from seconds */
/* A scenario event's name in a topology file (load, supply, a fault's
 * name: the table names every kind, a part's too), and the kind by name
 * (-1: none). */
const char *schema_event_name(int kind);
int schema_event_kind(const char *name);
/* The range of a default marked [est] (docs/sources.md): relative ranges
 * multiply the default, absolute ones add to it (in the key's unit; K for
 * a temperature). NULL for a key with no estimate. */
typedef struct schema_estimate {
  int section;
  const char *key;
  int relative;
  double lo, hi;
  const char *why; /* "" or the range as the sources state it */
} schema_estimate_t;
const schema_estimate_t *schema_estimate(int section, const char *key);
/* The estimate's low (high = 0) or high end for a default def. */
double schema_estimate_value(const schema_estimate_t *e, double def, int high);
/* The key of a section by name, or NULL. */
const schema_key_t *schema_key(int section, const char *key);
/* The row of a key path as sweeps write it ("coolant.loops[0].flow",
 * "module_types.xpo-224.power.static": list indices dropped, a name of a
 * NAME: mapping skipped), or NULL. */
const schema_key_t *schema_find_path(const char *path);
/* The reference of every key, as docs/topology.md holds it (Markdown). */
void schema_write_reference(FILE *f);

#ifdef __cplusplus
}
#endif
#endif
