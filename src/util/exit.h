/*
 * exit.h: the exit codes every command shares (docs/cli.md).
 */
#ifndef XPOSIM_EXIT_H
#define XPOSIM_EXIT_H

enum {
  XPO_OK = 0,            /* done; every expect line held */
  XPO_EXPECT_FAILED = 1, /* done, but an expect line failed (diff: the runs differ) */
  XPO_BAD_INPUT = 2,     /* bad input or arguments, with a located message; nothing written */
  XPO_INTERNAL = 3       /* the run failed (a state that cannot happen) or a write failed */
};

#endif
