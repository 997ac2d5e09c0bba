/*
 * outdir.c: the rules for where xposim may write (see outdir.h). Paths are
 * compared as absolute, normalised names; existing directories by their
 * real path, so a symbolic link cannot hide the current directory.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trace/trace.h"
#include "util/exit.h"

static const char *const MARKERS[OUTDIR_KINDS] = {OUTDIR_RUN_MARKER, OUTDIR_SWEEP_MARKER, OUTDIR_SOLVE_MARKER,
                                                  OUTDIR_SENSITIVITY_MARKER};
static const char *const KINDS[OUTDIR_KINDS] = {"run", "sweep", "solve", "sensitivity"};
static const char *marker_name(outdir_kind_t kind) { return MARKERS[kind]; }
static const char *kind_name(outdir_kind_t kind) { return KINDS[kind]; }

/* path made absolute and normalised by its text alone (".", ".." and
 * repeated slashes folded); the caller frees it. */
static char *lexical_abs(const char *path) {
  char cwd[PATH_MAX];
  const char *base = path[0] == '/' ? "" : (getcwd(cwd, sizeof cwd) ? cwd : "");
  char *all = trace_path_join(base, path);
  char *out = malloc(strlen(all) + 2);
  if (!out) abort();
  size_t n = 0;
  for (char *save = NULL, *seg = strtok_r(all, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
    if (!strcmp(seg, ".")) continue;
    if (!strcmp(seg, "..")) {
      while (n > 0 && out[n - 1] != '/') n--;
      if (n > 0) n--;
      continue;
    }
    out[n++] = '/';
    size_t l = strlen(seg);
    memcpy(out + n, seg, l);
    n += l;
  }
  if (n == 0) out[n++] = '/';
  out[n] = 0;
  free(all);
  return out;
}

/* 1 if a is b or an ancestor of b (both absolute and normalised). */
static int is_same_or_ancestor(const char *a, const char *b) {
  size_t la = strlen(a);
  if (!strcmp(a, "/")) return 1;
  return !strncmp(a, b, la) && (b[la] == 0 || b[la] == '/');
}

/* A marker's temporary name exactly: MARKER.tmp-DIGITS (outdir_mark). */
static int is_marker_tmp(const char *name) {
  for (int k = OUTDIR_RUN; k < OUTDIR_KINDS; k++) {
    const char *m = marker_name((outdir_kind_t)k);
    size_t lm = strlen(m);
    if (strncmp(name, m, lm) || strncmp(name + lm, ".tmp-", 5) || !name[lm + 5]) continue;
    const char *p = name + lm + 5;
    while (*p >= '0' && *p <= '9') p++;
    if (!*p) return 1;
  }
  return 0;
}

static int is_empty_dir(const char *path) {
  DIR *d = opendir(path);
  if (!d) return 0;
  struct dirent *e;
  int empty = 1;
  /* a marker being written (".xposim-…tmp-PID") by another process, such as
   * an MPI rank claiming the same sweep directory, counts as empty */
  while (empty && (e = readdir(d)))
    empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || is_marker_tmp(e->d_name);
  closedir(d);
  return empty;
}

int outdir_replaceable(const char *path, outdir_kind_t kind, char *why, size_t whysz) {
  struct stat st;
  if (lstat(path, &st)) {
    if (errno == ENOENT) return 1;
    snprintf(why, whysz, "%s: %s", path, strerror(errno));
    return 0;
  }
  if (S_ISLNK(st.st_mode)) {
    snprintf(why, whysz, "%s is a symbolic link; give a directory xposim may create or replace", path);
    return 0;
  }
  if (!S_ISDIR(st.st_mode)) {
    snprintf(why, whysz, "%s is a file, not a directory; xposim replaces only directories it wrote", path);
    return 0;
  }
  /* Empty first, then the marker: whoever fills the directory marks it
   * first, so a directory that is not empty now has its marker by now. */
  if (is_empty_dir(path)) return 1;
  char *m = trace_path_join(path, marker_name(kind));
  int ours = !lstat(m, &st) && S_ISREG(st.st_mode);
  free(m);
  if (ours) return 1;
  snprintf(why, whysz,
           "%s holds files xposim did not write (no %s marker); xposim replaces only its own %s directories: "
           "choose another -o",
           path, marker_name(kind), kind_name(kind));
  return 0;
}

/* The reason path may not be used because of where it is, or NULL. */
static int outdir_placed_badly(const char *path, const char *const *inputs, size_t ninputs, char *why, size_t whysz) {
  char *abs = lexical_abs(path), real[PATH_MAX], cwd[PATH_MAX];
  if (realpath(path, real)) {
    free(abs);
    abs = strdup(real);
    if (!abs) abort();
  }
  int bad = 0;
  if (realpath(".", cwd) && is_same_or_ancestor(abs, cwd)) {
    snprintf(why, whysz, "%s is the current directory or one of its ancestors; xposim never replaces it", path);
    bad = 1;
  }
  for (size_t i = 0; !bad && i < ninputs; i++) {
    char in[PATH_MAX];
    if (!realpath(inputs[i], in)) continue;
    char *slash = strrchr(in, '/');
    if (slash) *slash = 0;
    if (!in[0]) strcpy(in, "/");
    if (is_same_or_ancestor(abs, in)) {
      snprintf(why, whysz, "%s holds the input %s; xposim never replaces it", path, inputs[i]);
      bad = 1;
    }
  }
  free(abs);
  return bad;
}

int outdir_prepare(const char *arg, outdir_kind_t kind, const char *const *inputs, size_t ninputs, char **out,
                   char *why, size_t whysz) {
  *out = NULL;
  size_t n = strlen(arg);
  if (n == 0) {
    snprintf(why, whysz, "-o needs a directory name, not an empty text");
    return -1;
  }
  if (n >= PATH_MAX - 64) {
    snprintf(why, whysz, "-o: the path is longer than %d characters", PATH_MAX - 64);
    return -1;
  }
  char *p = malloc(n + 1);
  if (!p) abort();
  memcpy(p, arg, n + 1);
  while (n > 1 && p[n - 1] == '/') p[--n] = 0;
  if (outdir_placed_badly(p, inputs, ninputs, why, whysz) || !outdir_replaceable(p, kind, why, whysz)) {
    free(p);
    return -1;
  }
  *out = p;
  return 0;
}

int outdir_mark(const char *dir, outdir_kind_t kind, const char *text) {
  char *m = trace_path_join(dir, marker_name(kind));
  size_t n = strlen(m) + 32;
  char *tmp = malloc(n);
  if (!tmp) abort();
  snprintf(tmp, n, "%s.tmp-%ld", m, (long)getpid());
  FILE *f = fopen(tmp, "w");
  int bad = !f || fputs(text, f) < 0;
  if (f && fclose(f)) bad = 1;
  /* link() publishes the whole file at once and never replaces a marker. */
  if (!bad && link(tmp, m) && errno != EEXIST) bad = 1;
  unlink(tmp);
  free(tmp);
  free(m);
  return bad ? -1 : 0;
}

int outdir_is_ours(const char *dir) {
  int ours = 0;
  for (int k = OUTDIR_RUN; k < OUTDIR_KINDS && !ours; k++) {
    char *m = trace_path_join(dir, marker_name((outdir_kind_t)k));
    struct stat st;
    ours = !lstat(m, &st) && S_ISREG(st.st_mode);
    free(m);
  }
  return ours;
}

char *outdir_marker_text(const char *dir, outdir_kind_t kind) {
  char *m = trace_path_join(dir, marker_name(kind));
  FILE *f = fopen(m, "r");
  free(m);
  if (!f) return NULL;
  char *text = calloc(1, 4097);
  if (!text) abort();
  size_t got = fread(text, 1, 4096, f);
  text[got] = 0;
  fclose(f);
  return text;
}

/* The process id after "<base>.partial-" or "<base>.old-" in name, or 0. */
static long stale_pid(const char *name, const char *base) {
  size_t lb = strlen(base);
  if (strncmp(name, base, lb)) return 0;
  const char *rest = name + lb;
  if (!strncmp(rest, ".partial-", 9))
    rest += 9;
  else if (!strncmp(rest, ".old-", 5))
    rest += 5;
  else
    return 0;
  char *end;
  long pid = strtol(rest, &end, 10);
  return *end || pid <= 0 ? 0 : pid;
}

void outdir_clean_stale(const char *final) {
  char *copy = malloc(strlen(final) + 1);
  if (!copy) abort();
  strcpy(copy, final);
  char *slash = strrchr(copy, '/');
  const char *parent = slash ? (slash == copy ? "/" : copy) : ".", *base = slash ? slash + 1 : copy;
  if (slash) *slash = 0;
  DIR *d = opendir(parent);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    long pid = stale_pid(e->d_name, base);
    if (!pid || pid == (long)getpid() || !(kill((pid_t)pid, 0) && errno == ESRCH)) continue;
    char *p = trace_path_join(parent, e->d_name);
    struct stat st;
    if (!lstat(p, &st) && S_ISDIR(st.st_mode) && outdir_is_ours(p)) trace_rm_rf(p);
    free(p);
  }
  if (d) closedir(d);
  free(copy);
}

int outdir_publish(const char *tmp, const char *final, outdir_kind_t kind, FILE *err) {
  struct stat st;
  char *old = NULL, why[600];
  if (!outdir_replaceable(final, kind, why, sizeof why)) {
    fprintf(err, "xposim: %s; the results stay in %s\n", why, tmp);
    return XPO_BAD_INPUT;
  }
  if (!lstat(final, &st)) {
    size_t n = strlen(final) + 32;
    old = malloc(n);
    if (!old) abort();
    snprintf(old, n, "%s.old-%ld", final, (long)getpid());
    if (rename(final, old)) {
      fprintf(err, "xposim: cannot move the previous %s aside: %s\n", final, strerror(errno));
      free(old);
      return XPO_INTERNAL;
    }
  }
  if (rename(tmp, final)) {
    fprintf(err, "xposim: cannot rename %s to %s: %s\n", tmp, final, strerror(errno));
    if (old) (void)rename(old, final);
    free(old);
    return XPO_INTERNAL;
  }
  if (old) trace_rm_rf(old); /* it held xposim's marker, or nothing */
  free(old);
  return 0;
}
