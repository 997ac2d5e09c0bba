/*
 * junit.h: JUnit XML for CI systems: one <testsuite> with a <testcase> per
 * topology, expect or sweep point; a failure carries its message. The
 * format is the common one (testsuites/testsuite/testcase/failure) that
 * Jenkins, GitLab and GitHub reporters read; tests/junit.xsd describes it.
 */
#ifndef XPOSIM_JUNIT_H
#define XPOSIM_JUNIT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct junit {
  char *path; /* NULL: nothing is written */
  char *suite;
  struct jcase {
    char *name, *failure;
  } * cases;
  size_t n, cap;
} junit_t;

void junit_open(junit_t *j, const char *path, const char *suite);
void junit_case(junit_t *j, const char *name, const char *failure /* NULL: passed */);
int junit_close(junit_t *j); /* writes the file; 0 or -1 */

#ifdef __cplusplus
}
#endif
#endif
