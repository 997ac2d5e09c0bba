/* plot_gp.c: writing gnuplot scripts safely and running gnuplot (plot_gp.h). */
#include "plot_gp.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plot.h"

void plot_gp_str(FILE *f, const char *s) {
  fputc('\'', f);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '\'')
      fputs("''", f);
    else if (c < 0x20 || c == 0x7f)
      fputc('?', f); /* a line break would end the command */
    else
      fputc(c, f);
  }
  fputc('\'', f);
}

/* "set WHAT '<text>'" with the formatted text escaped as a gnuplot string. */
void gp_set(FILE *f, const char *what, const char *fmt, ...) {
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  fprintf(f, "set %s ", what);
  plot_gp_str(f, text);
  fputc('\n', f);
}

/* What gnuplot said about a failed script: its own "SCRIPT" line N: lines,
 * and the lines before them (gnuplot echoes the offending command and a
 * caret), at most a few. */
static void gnuplot_error(const char *log_path, const char *script, FILE *err) {
  char figure[64];
  snprintf(figure, sizeof figure, "%s", script);
  char *dot = strrchr(figure, '.');
  if (dot) *dot = 0;
  FILE *in = fopen(log_path, "r");
  char line[512], where[600] = "", said[2048] = "";
  size_t used = 0;
  for (int n = 0; in && fgets(line, sizeof line, in) && n < 12; n++) {
    line[strcspn(line, "\n")] = 0;
    int at = 0;
    char *q = strstr(line, "\" line ");
    if (q && sscanf(q, "\" line %d:", &at) == 1 && !where[0]) {
      const char *msg = strchr(q + 7, ':') + 1;
      while (*msg == ' ') msg++;
      snprintf(where, sizeof where, " at %s line %d: %s", script, at, msg);
    } else if (line[0] && used + strlen(line) + 4 < sizeof said) {
      used += (size_t)snprintf(said + used, sizeof said - used, "  %s\n", line);
    }
  }
  if (in) fclose(in);
  fprintf(err, "xposim: figure '%s': gnuplot failed%s\n%s(gnuplot's output: %s)\n", figure, where, said, log_path);
}

/* Run gnuplot on script from inside dir, so the script's relative paths
 * stay inside it; what gnuplot prints goes to dir/NAME.log (removed when
 * empty), never to the terminal. A failure names the figure and gnuplot's
 * line. */
int run_gnuplot(const char *dir, const char *script, FILE *err) {
  char log_path[4096];
  const char *dot = strrchr(script, '.');
  int base = dot ? (int)(dot - script) : (int)strlen(script);
  snprintf(log_path, sizeof log_path, "%s/%.*s.log", dir, base, script);
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0 || chdir(dir)) _exit(126);
    char *const args[] = {"gnuplot", (char *)script, NULL};
    execvp("gnuplot", args);
    _exit(127);
  }
  int st;
  if (waitpid(pid, &st, 0) < 0) return -1;
  if (WIFEXITED(st) && WEXITSTATUS(st) == 127) {
    fprintf(err, "xposim: gnuplot failed on %s (is gnuplot installed? scripts/setup installs it)\n", script);
    return -1;
  }
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
    gnuplot_error(log_path, script, err);
    return -1;
  }
  struct stat sb;
  if (stat(log_path, &sb) == 0 && sb.st_size == 0) remove(log_path);
  return 0;
}

void gp_outputs(FILE *f, const char *name, int w, int h) {
  fprintf(f, "set terminal svg size %d,%d dynamic\nset termoption noenhanced\nset output '%s.svg'\nreplot\n", w, h,
          name);
  gp_canvas(f, name, w, h);
  fprintf(f, "replot\nunset output\n");
}

void gp_canvas(FILE *f, const char *name, int w, int h) {
  fprintf(f, "set terminal canvas name 'fig_%s' mousing size %d,%d fsize 10\nset termoption noenhanced\n", name, w, h);
  fprintf(f, "set output '%s.js'\n", name);
}
