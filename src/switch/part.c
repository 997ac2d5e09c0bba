/* part.c: the one thing every part may call: stop the run as a failure. */
#include "switch/part.h"

#include <stdarg.h>
#include <stdio.h>

void env_fail(switch_env_t *e, const char *fmt, ...) {
  if (e->failure[0]) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->failure, sizeof e->failure, fmt, ap);
  va_end(ap);
  trace_log(e->log, sim_now(e->sim), "error", "%s", e->failure);
  e->stopped = 1;
  sim_stop(e->sim);
}
