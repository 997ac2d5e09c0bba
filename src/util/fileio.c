/* fileio.c: whole files, bounded. */
#include "util/fileio.h"

#include <stdio.h>
#include <stdlib.h>

int file_read_all(const char *path, char **text, size_t *len, size_t max) {
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap + 1);
  if (!buf) abort();
  for (;;) {
    if (n == cap) {
      if (cap > max) break; /* past the limit: the caller sees the size and refuses */
      cap *= 2;
      char *b = realloc(buf, cap + 1);
      if (!b) abort();
      buf = b;
    }
    size_t r = fread(buf + n, 1, cap - n, f);
    n += r;
    if (r == 0) break;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    free(buf);
    return -1;
  }
  buf[n] = 0;
  *text = buf;
  if (len) *len = n;
  return 0;
}
