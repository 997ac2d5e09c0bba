/* junit.c: JUnit XML writer. */
#include "junit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *dup_or_null(const char *s) {
  if (!s) return NULL;
  char *d = malloc(strlen(s) + 1);
  if (!d) abort();
  strcpy(d, s);
  return d;
}

void junit_open(junit_t *j, const char *path, const char *suite) {
  memset(j, 0, sizeof *j);
  j->path = dup_or_null(path);
  j->suite = dup_or_null(suite ? suite : "xposim");
}

void junit_case(junit_t *j, const char *name, const char *failure) {
  if (!j->path) return;
  if (j->n == j->cap) {
    j->cap = j->cap ? 2 * j->cap : 16;
    j->cases = realloc(j->cases, j->cap * sizeof *j->cases);
    if (!j->cases) abort();
  }
  j->cases[j->n].name = dup_or_null(name);
  j->cases[j->n++].failure = dup_or_null(failure);
}

static void esc(FILE *f, const char *s) {
  for (; *s; s++) {
    switch (*s) {
      case '<':
        fputs("&lt;", f);
        break;
      case '>':
        fputs("&gt;", f);
        break;
      case '&':
        fputs("&amp;", f);
        break;
      case '"':
        fputs("&quot;", f);
        break;
      default:
        if ((unsigned char)*s >= 0x20 || *s == '\n' || *s == '\t') fputc(*s, f);
    }
  }
}

int junit_close(junit_t *j) {
  int rc = 0;
  if (j->path) {
    size_t fails = 0;
    for (size_t i = 0; i < j->n; i++) fails += j->cases[i].failure != NULL;
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", j->path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f)
      rc = -1;
    else {
      fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites tests=\"%zu\" failures=\"%zu\">\n", j->n,
              fails);
      fprintf(f, "  <testsuite name=\"");
      esc(f, j->suite);
      fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n", j->n, fails);
      for (size_t i = 0; i < j->n; i++) {
        fprintf(f, "    <testcase classname=\"");
        esc(f, j->suite);
        fprintf(f, "\" name=\"");
        esc(f, j->cases[i].name);
        if (!j->cases[i].failure) {
          fprintf(f, "\"/>\n");
          continue;
        }
        fprintf(f, "\">\n      <failure message=\"");
        esc(f, j->cases[i].failure);
        fprintf(f, "\">");
        esc(f, j->cases[i].failure);
        fprintf(f, "</failure>\n    </testcase>\n");
      }
      fprintf(f, "  </testsuite>\n</testsuites>\n");
      if (fclose(f) || rename(tmp, j->path)) rc = -1;
    }
  }
  for (size_t i = 0; i < j->n; i++) {
    free(j->cases[i].name);
    free(j->cases[i].failure);
  }
  free(j->cases);
  free(j->path);
  free(j->suite);
  memset(j, 0, sizeof *j);
  return rc;
}
