/*
 * bench_wall: one run of a command as a whole process, timed from the fork
 * to its exit on the monotonic clock, printed in microseconds.
 *
 *   bench_wall PROGRAM [ARGS...]
 *
 * bench/run times short whole processes with it: `date` around a command
 * costs a process of its own, 1-3 ms here, as much as a 20 ms run of the
 * reference in fast mode. The command's output goes to /dev/null; the exit
 * status is the command's (2 for bad arguments or a command that could not
 * start).
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: bench_wall PROGRAM [ARGS...]\n");
    return 2;
  }
  double start = now_us();
  pid_t pid = fork();
  if (pid < 0) {
    perror("bench_wall: fork");
    return 2;
  }
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, STDOUT_FILENO);
    execvp(argv[1], argv + 1);
    perror("bench_wall: exec");
    _exit(127);
  }
  int status;
  if (waitpid(pid, &status, 0) != pid) {
    perror("bench_wall: waitpid");
    return 2;
  }
  double took = now_us() - start;
  printf("%.0f\n", took);
  if (WIFEXITED(status)) return WEXITSTATUS(status) == 127 ? 2 : WEXITSTATUS(status);
  return 2;
}
