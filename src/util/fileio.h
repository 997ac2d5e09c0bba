/*
 * fileio.h: reading a whole file with a bound, for every reader of the
 * program's inputs (topologies, sweep files, run directories, reports).
 */
#ifndef XPOSIM_FILEIO_H
#define XPOSIM_FILEIO_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A whole file, NUL-terminated (len without the NUL; len may be NULL);
 * reading stops soon after max bytes, so the caller sees the size and can
 * refuse. 0, or -1 with errno set. */
int file_read_all(const char *path, char **text, size_t *len, size_t max);

#ifdef __cplusplus
}
#endif
#endif
