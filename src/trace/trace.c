/* trace.c: CSV, log and JSON writers; directory helpers. */
#include "trace.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/numeric.h"

/* Seconds from picoseconds without printf: every trace row starts with one. */
void trace_time_s(sim_time_t ps, char *buf, size_t n) {
  char text[40], *p = text + sizeof text;
  unsigned long long s = ps / SIM_S, frac = ps % SIM_S;
  if (frac) { /* twelve digits, the trailing zeros dropped */
    int k = 12;
    while (frac % 10 == 0) {
      frac /= 10;
      k--;
    }
    for (; k > 0; k--, frac /= 10) *--p = (char)('0' + frac % 10);
    *--p = '.';
  }
  do *--p = (char)('0' + s % 10);
  while (s /= 10);
  size_t len = (size_t)(text + sizeof text - p);
  if (!n) return;
  if (len >= n) len = n - 1;
  memcpy(buf, p, len);
  buf[len] = 0;
}

int trace_csv_open(trace_csv_t *t, const char *path, const char *const *hdr, size_t nh, const char *const *cols,
                   size_t nc) {
  memset(t, 0, sizeof *t);
  t->f = fopen(path, "w");
  if (!t->f) return -1;
  t->ncols = nc;
  for (size_t i = 0; i < nh; i++) fprintf(t->f, "# %s\n", hdr[i]);
  fputs("time_s", t->f);
  for (size_t i = 0; i < nc; i++) { /* thousands of names: no printf */
    fputc(',', t->f);
    fputs(cols[i], t->f);
  }
  fputc('\n', t->f);
  return 0;
}

static const double POW10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                               1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

void trace_csv_cell(FILE *f, const char *s) {
  if (!s[strcspn(s, ",\"\r\n")]) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

const char *trace_csv_next(const char *p, const char *end, char *out, size_t outsz) {
  size_t n = 0;
  int quoted = p < end && *p == '"';
  if (quoted) p++;
  for (; p < end; p++) {
    char c = *p;
    if (quoted && c == '"') {
      if (p + 1 < end && p[1] == '"')
        p++; /* a doubled quote: one quote */
      else {
        quoted = 0;
        continue;
      }
    } else if (!quoted && (c == ',' || c == '\n' || c == '\r'))
      break;
    if (n + 1 < outsz) out[n++] = c;
  }
  if (outsz) out[n] = 0;
  return p < end && *p == ',' ? p + 1 : NULL;
}

/* "00" to "99": digits two at a time. */
static const char DIGIT_PAIRS[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* The nine digits of m (below 10^9) as text, two at a time. */
static void nine_digits(char d[9], uint32_t m) {
  d[0] = (char)('0' + m / 100000000u);
  m %= 100000000u;
  memcpy(d + 1, DIGIT_PAIRS + 2 * (m / 1000000u), 2);
  m %= 1000000u;
  memcpy(d + 3, DIGIT_PAIRS + 2 * (m / 10000u), 2);
  m %= 10000u;
  memcpy(d + 5, DIGIT_PAIRS + 2 * (m / 100u), 2);
  memcpy(d + 7, DIGIT_PAIRS + 2 * (m % 100u), 2);
}

/* The decimal exponent estimate floor((be - 1) * log10(2)) in integers:
 * 78913 / 2^18 is log10(2) closely enough for every binary exponent a
 * double has (offset so that the shift never sees a negative number). */
static int decimal_exponent(double v) {
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  int be = (int)(bits >> 52 & 0x7ff) - 1022; /* frexp's exponent for a normal number */
  if (!(bits >> 52 & 0x7ff)) frexp(v, &be);  /* subnormal */
  return (int)((((int64_t)(be - 1) * 78913) + ((int64_t)400 << 18)) >> 18) - 400;
}

/* A number with 9 significant digits, as %.9g prints it (fixed notation for
 * exponents -4 to 8, scientific otherwise, no trailing zeros), without
 * printf's arbitrary-precision path: traces write millions of these. The
 * digits come from one multiplication by an exact power of ten, so the last
 * digit can differ from printf's in a half-way case; it is the same on
 * every run and kernel. */
int trace_fmt_g9(char *out, double v) {
  char *p = out;
  if (!isfinite(v)) return sprintf(out, v != v ? "nan" : v > 0 ? "inf" : "-inf");
  if (v == 0) { /* most trace cells: no printf (it was 12 % of a run) */
    out[0] = '0';
    out[1] = 0;
    return 1;
  }
  if (v < 0) {
    *p++ = '-';
    v = -v;
  }
  int e = decimal_exponent(v); /* corrected below when the estimate is one off */
  if (e + 1 <= 22 && e + 1 >= -22 && v >= (e + 1 >= 0 ? POW10[e + 1] : 1.0 / POW10[-(e + 1)])) e++;
  if (e < -290 || e > 290) return (int)(p - out) + sprintf(p, "%.9g", v);
  int sh = 8 - e; /* digits = round(v * 10^sh), nine of them */
  double x = sh >= 0 ? (sh <= 22 ? v * POW10[sh] : v * 1e22 * pow(10, sh - 22))
                     : (-sh <= 22 ? v / POW10[-sh] : v / 1e22 / pow(10, -sh - 22));
  /* x is positive and below 2^34: x + 0.5 is exact, so this is llround(x) */
  unsigned long long m = (unsigned long long)(x + 0.5);
  if (m >= 1000000000ull) { /* rounded up to ten digits */
    m /= 10;
    e++;
  } else if (m < 100000000ull) { /* log10 landed just below a power of ten */
    m = (unsigned long long)(x * 10 + 0.5);
    e--;
  }
  /* The digits, padded so that the layouts below copy eight or nine at a
   * time whatever they keep: what follows the kept ones is overwritten or
   * lies past the end. */
  char d[20] = "000000000";
  nine_digits(d, (uint32_t)(m % 1000000000ull));
  int nd = 9;
  while (nd > 1 && d[nd - 1] == '0') nd--;
  if (e >= 0 && e < 9) { /* the digits beyond nd are '0', as the integer part needs */
    memcpy(p, d, 9);
    p += e + 1;
    if (nd > e + 1) {
      *p++ = '.';
      memcpy(p, d + e + 1, 8);
      p += nd - e - 1;
    }
  } else if (e >= -4 && e < 0) {
    memcpy(p, "0.000", 5);
    p += 1 - e;
    memcpy(p, d, 9);
    p += nd;
  } else {
    *p++ = d[0];
    if (nd > 1) {
      *p++ = '.';
      memcpy(p, d + 1, 8);
      p += nd - 1;
    }
    *p++ = 'e'; /* as "e%c%02d" */
    *p++ = e < 0 ? '-' : '+';
    int ae = e < 0 ? -e : e;
    if (ae >= 100) *p++ = (char)('0' + ae / 100);
    memcpy(p, DIGIT_PAIRS + 2 * (ae % 100), 2);
    p += 2;
  }
  *p = 0;
  return (int)(p - out);
}

#define TRACE_MEMO_SLOTS 256 /* a power of two */
struct trace_memo {
  uint64_t bits[TRACE_MEMO_SLOTS];
  uint8_t len[TRACE_MEMO_SLOTS]; /* 0: empty */
  char text[TRACE_MEMO_SLOTS][TRACE_CELL_MAX];
};

/* v's text into cell (TRACE_CELL_MAX bytes), from the memo when it holds
 * v's bits, else formatted and kept there; returns its length. */
static uint8_t memo_text(struct trace_memo *m, double v, char *cell) {
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  size_t k = (size_t)((bits * 0x9E3779B97F4A7C15ull) >> 56) & (TRACE_MEMO_SLOTS - 1);
  if (m->len[k] && m->bits[k] == bits) {
    memcpy(cell, m->text[k], TRACE_CELL_MAX);
    return m->len[k];
  }
  uint8_t n = (uint8_t)trace_fmt_g9(cell, v);
  m->bits[k] = bits;
  m->len[k] = n;
  memcpy(m->text[k], cell, TRACE_CELL_MAX);
  return n;
}

/* A row is formatted into one buffer and written with one call: trace
 * formatting stays off the simulation's path as far as a single thread can. */
static void csv_buffers(trace_csv_t *t) {
  size_t need = 40 + t->ncols * (TRACE_CELL_MAX + 1);
  if (need > t->bufcap) {
    free(t->buf);
    t->buf = malloc(need);
    if (!t->buf) abort();
    t->bufcap = need;
  }
  if (!t->last) { /* each column's last cell: a cell equal to it bit for bit is copied, not formatted */
    t->last = calloc(t->ncols + 1, sizeof *t->last);
    t->last_text = calloc(t->ncols + 1, TRACE_CELL_MAX);
    t->last_len = calloc(t->ncols + 1, 1);
    t->new_text = calloc(t->ncols + 1, TRACE_CELL_MAX);
    t->new_len = calloc(t->ncols + 1, 1);
    t->moved = calloc(t->ncols + 1, sizeof *t->moved);
    t->memo = calloc(1, sizeof *t->memo);
    if (!t->last || !t->last_text || !t->last_len || !t->new_text || !t->new_len || !t->moved || !t->memo) abort();
  }
}

/* Write the row of every column's last text at time at. A cell is copied
 * as TRACE_CELL_MAX bytes whatever its length (one fixed-size copy, not a
 * call): the next cell overwrites the rest, and the row's buffer has room
 * for the last. */
static void csv_emit(trace_csv_t *t, sim_time_t at) {
  char *p = t->buf;
  trace_time_s(at, p, 40);
  p += strlen(p);
  for (size_t i = 0; i < t->ncols; i++) {
    *p++ = ',';
    memcpy(p, t->last_text + i * TRACE_CELL_MAX, TRACE_CELL_MAX);
    p += t->last_len[i];
  }
  *p++ = '\n';
  if (fwrite(t->buf, 1, (size_t)(p - t->buf), t->f) != (size_t)(p - t->buf)) t->failed = 1;
  t->rows_out++;
}

/* The columns whose bits differ from the row before (all of them on the
 * first row) into t->moved; returns how many. */
static size_t csv_moved(trace_csv_t *t, const double *vals) {
  size_t n = 0;
  if (t->rows_in == 0) {
    for (size_t i = 0; i < t->ncols; i++) t->moved[n++] = (uint32_t)i;
    return n;
  }
  for (size_t i = 0; i < t->ncols; i++) {
    uint64_t now, before;
    memcpy(&now, &vals[i], sizeof now);
    memcpy(&before, &t->last[i], sizeof before);
    if (now != before) t->moved[n++] = (uint32_t)i;
  }
  return n;
}

void trace_csv_row(trace_csv_t *t, sim_time_t at, const double *vals) {
  csv_buffers(t);
  int changed = !t->on_change || t->rows_in == 0;
  size_t nmoved = csv_moved(t, vals);
  t->rows_in++;
  for (size_t j = 0; j < nmoved; j++) { /* format only what changed bit for bit; does its text change? */
    size_t i = t->moved[j];
    char *cell = t->new_text + i * TRACE_CELL_MAX;
    t->new_len[i] = memo_text(t->memo, vals[i], cell);
    if (!changed && (t->new_len[i] != t->last_len[i] || memcmp(cell, t->last_text + i * TRACE_CELL_MAX, t->new_len[i])))
      changed = 1;
  }
  if (changed && t->held) csv_emit(t, t->held_at); /* the last row as it was, before the change */
  t->held = !changed;
  t->held_at = at;
  for (size_t j = 0; j < nmoved; j++) {
    size_t i = t->moved[j];
    memcpy(t->last_text + i * TRACE_CELL_MAX, t->new_text + i * TRACE_CELL_MAX, TRACE_CELL_MAX);
    t->last_len[i] = t->new_len[i];
    t->last[i] = vals[i];
  }
  if (changed) csv_emit(t, at);
}

int trace_csv_close(trace_csv_t *t) {
  if (t->f && t->held) csv_emit(t, t->held_at); /* the file ends where the run did */
  t->held = 0;
  free(t->buf);
  free(t->last);
  free(t->last_text);
  free(t->last_len);
  free(t->new_text);
  free(t->new_len);
  free(t->moved);
  free(t->memo);
  t->memo = NULL;
  t->buf = t->last_text = t->new_text = NULL;
  t->last = NULL;
  t->last_len = t->new_len = NULL;
  t->moved = NULL;
  t->bufcap = 0;
  if (!t->f) return 0;
  int bad = t->failed || ferror(t->f);
  if (fclose(t->f)) bad = 1;
  t->f = NULL;
  return bad ? -1 : 0;
}

int trace_log_open(trace_log_t *l, const char *path) {
  memset(l, 0, sizeof *l);
  l->f = fopen(path, "w");
  if (!l->f) return -1;
  fputs("# xposim events: time_s event details\n", l->f);
  return 0;
}

/* One line: how many events of kind k the limit left out of its second. */
static void trace__log_suppressed(trace_log_t *l, int k, sim_time_t at) {
  if (!l->kind[k].suppressed) return;
  char ts[40];
  trace_time_s(at, ts, sizeof ts);
  fprintf(l->f, "%s suppressed %llu more '%s' events in [%llu s, %llu s) (at most %d a simulated second are listed)\n",
          ts, (unsigned long long)l->kind[k].suppressed, l->kind[k].what, (unsigned long long)l->kind[k].window,
          (unsigned long long)l->kind[k].window + 1, TRACE_LOG_MAX_PER_S);
  l->kind[k].suppressed = 0;
}

/* 1 if this event is to be written, 0 if the limit leaves it out. */
static int trace__log_admit(trace_log_t *l, sim_time_t at, const char *what) {
  uint64_t window = at / 1000000000000ull;
  int k = 0;
  while (k < l->nkinds && strcmp(l->kind[k].what, what)) k++;
  if (k == l->nkinds) {
    if (k == TRACE_LOG_KINDS || strlen(what) >= sizeof l->kind[0].what) return 1;
    snprintf(l->kind[k].what, sizeof l->kind[k].what, "%s", what);
    l->kind[k].window = window;
    l->nkinds++;
  }
  if (window != l->kind[k].window) {
    trace__log_suppressed(l, k, at);
    l->kind[k].window = window;
    l->kind[k].count = 0;
  }
  if (l->kind[k].count++ < TRACE_LOG_MAX_PER_S) return 1;
  l->kind[k].suppressed++;
  return 0;
}

void trace_log(trace_log_t *l, sim_time_t at, const char *what, const char *fmt, ...) {
  if (!l || !l->f) return;
  if (at > l->last) l->last = at;
  if (!trace__log_admit(l, at, what)) return;
  char ts[40];
  trace_time_s(at, ts, sizeof ts);
  fprintf(l->f, "%s %s ", ts, what);
  va_list ap;
  va_start(ap, fmt);
  vfprintf(l->f, fmt, ap);
  va_end(ap);
  if (fputc('\n', l->f) == EOF) l->failed = 1;
}

int trace_log_close(trace_log_t *l) {
  if (!l->f) return 0;
  for (int k = 0; k < l->nkinds; k++) trace__log_suppressed(l, k, l->last);
  int bad = l->failed || ferror(l->f);
  if (fclose(l->f)) bad = 1;
  l->f = NULL;
  return bad ? -1 : 0;
}

/* ---- JSON ---- */

static void json__sep(json_w *j, const char *key) {
  if (!j->first[j->depth]) fputc(',', j->f);
  j->first[j->depth] = 0;
  fputc('\n', j->f);
  for (int i = 0; i < j->depth; i++) fputs("  ", j->f);
  if (key) {
    fputc('"', j->f);
    fputs(key, j->f); /* keys are ours: plain ASCII */
    fputs("\": ", j->f);
  }
}

void json_begin(json_w *j, FILE *f) {
  memset(j, 0, sizeof *j);
  j->f = f;
  fputc('{', f);
  j->depth = 1;
  j->first[1] = 1;
}

void json_obj(json_w *j, const char *key) {
  json__sep(j, key);
  fputc('{', j->f);
  j->first[++j->depth] = 1;
}

void json_arr(json_w *j, const char *key) {
  json__sep(j, key);
  fputc('[', j->f);
  j->first[++j->depth] = 1;
}

static void json__close(json_w *j, char c) {
  int empty = j->first[j->depth];
  j->depth--;
  if (!empty) {
    fputc('\n', j->f);
    for (int i = 0; i < j->depth; i++) fputs("  ", j->f);
  }
  fputc(c, j->f);
  if (j->depth == 0) fputc('\n', j->f);
}
void json_end_obj(json_w *j) { json__close(j, '}'); }
void json_end_arr(json_w *j) { json__close(j, ']'); }

void json_num(json_w *j, const char *key, double v) {
  json__sep(j, key);
  if (!isfinite(v))
    fputs("null", j->f);
  else if (v == 0)
    fputs("0", j->f);
  else {
    char whole[24];
    if (whole_number_text(whole, v, 1e12)) /* %.12g's text */
      fputs(whole, j->f);
    else
      fprintf(j->f, "%.12g", v);
  }
}

void json_u64(json_w *j, const char *key, unsigned long long v) {
  json__sep(j, key);
  fprintf(j->f, "%llu", v);
}

void json_str(json_w *j, const char *key, const char *v) {
  json__sep(j, key);
  fputc('"', j->f);
  for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
    if (*p == '"' || *p == '\\')
      fprintf(j->f, "\\%c", *p);
    else if (*p < 0x20)
      fprintf(j->f, "\\u%04x", *p);
    else
      fputc(*p, j->f);
  }
  fputc('"', j->f);
}

void json_bool(json_w *j, const char *key, int v) {
  json__sep(j, key);
  fputs(v ? "true" : "false", j->f);
}

/* ---- VCD ---- */

static void vcd__id(unsigned id, char *buf) {
  int n = 0;
  do {
    buf[n++] = (char)('!' + id % 94);
    id /= 94;
  } while (id);
  buf[n] = 0;
}

int trace_vcd_open(trace_vcd_t *v, const char *path) {
  memset(v, 0, sizeof *v);
  v->f = fopen(path, "w");
  if (!v->f) return -1;
  fputs("$version xposim 0.1.0 $end\n$timescale 1 ps $end\n", v->f);
  return 0;
}

void trace_vcd_scope(trace_vcd_t *v, const char *name) {
  if (v->f) fprintf(v->f, "$scope module %s $end\n", name);
}

void trace_vcd_upscope(trace_vcd_t *v) {
  if (v->f) fputs("$upscope $end\n", v->f);
}

unsigned trace_vcd_var(trace_vcd_t *v, int width, const char *name) {
  unsigned id = v->nvars++;
  char code[8];
  vcd__id(id, code);
  if (v->f) fprintf(v->f, "$var wire %d %s %s $end\n", width, code, name);
  return id;
}

void trace_vcd_enddefs(trace_vcd_t *v) {
  if (v->f) fputs("$enddefinitions $end\n#0\n", v->f);
}

void trace_vcd_change(trace_vcd_t *v, sim_time_t at, unsigned id, int width, unsigned value) {
  if (!v || !v->f) return;
  if (at != v->last) {
    fprintf(v->f, "#%llu\n", (unsigned long long)at);
    v->last = at;
  }
  char code[8];
  vcd__id(id, code);
  if (width == 1) {
    fprintf(v->f, "%u%s\n", value & 1, code);
  } else {
    char bits[40];
    int n = 0;
    for (int b = width - 1; b >= 0; b--) bits[n++] = (char)('0' + ((value >> b) & 1));
    bits[n] = 0;
    if (fprintf(v->f, "b%s %s\n", bits, code) < 0) v->failed = 1;
  }
}

int trace_vcd_close(trace_vcd_t *v) {
  if (!v->f) return 0;
  int bad = v->failed || ferror(v->f);
  if (fclose(v->f)) bad = 1;
  v->f = NULL;
  return bad ? -1 : 0;
}

/* ---- directories ---- */

char *trace_path_join(const char *a, const char *b) {
  size_t n = strlen(a) + strlen(b) + 2;
  char *p = malloc(n);
  if (!p) abort();
  snprintf(p, n, "%s/%s", a, b);
  return p;
}

int trace_mkdir_p(const char *path) {
  char buf[4096];
  size_t n = strlen(path);
  if (n == 0 || n >= sizeof buf) {
    errno = ENAMETOOLONG;
    return -1;
  }
  memcpy(buf, path, n + 1);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    if (mkdir(buf, 0777) && errno != EEXIST) return -1;
    *p = '/';
  }
  if (mkdir(buf, 0777) && errno != EEXIST) return -1;
  return 0;
}

int trace_rm_rf(const char *path) {
  struct stat st;
  if (lstat(path, &st)) return errno == ENOENT ? 0 : -1;
  if (!S_ISDIR(st.st_mode)) return unlink(path);
  DIR *d = opendir(path);
  if (!d) return -1;
  struct dirent *e;
  int rc = 0;
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    size_t n = strlen(path) + strlen(e->d_name) + 2;
    char *sub = malloc(n);
    if (!sub) abort();
    snprintf(sub, n, "%s/%s", path, e->d_name);
    if (trace_rm_rf(sub)) rc = -1;
    free(sub);
  }
  closedir(d);
  if (rmdir(path)) rc = -1;
  return rc;
}

int trace_copy_file(const char *from, const char *to) {
  FILE *in = fopen(from, "rb");
  if (!in) return -1;
  size_t n = strlen(to) + 32;
  char *tmp = malloc(n);
  if (!tmp) abort();
  snprintf(tmp, n, "%s.tmp-%ld", to, (long)getpid());
  FILE *out = fopen(tmp, "wb");
  int bad = !out;
  char buf[65536];
  size_t got;
  while (!bad && (got = fread(buf, 1, sizeof buf, in)) > 0) bad = fwrite(buf, 1, got, out) != got;
  bad |= ferror(in);
  fclose(in);
  if (out && fclose(out)) bad = 1;
  if (!bad && rename(tmp, to)) bad = 1;
  if (bad) unlink(tmp);
  free(tmp);
  return bad ? -1 : 0;
}
