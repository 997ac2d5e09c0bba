/*
 * report_events.c: a run's events.log as a timeline: what happened when,
 * the same event at the same time on many slots told once with its count.
 * Bounded: the first REPORT_MAX_EVENT_LINES lines, at most
 * REPORT_MAX_EVENT_GROUPS rows.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "report_internal.h"

enum { REPORT_MAX_EVENT_LINES = 200000, REPORT_MAX_EVENT_GROUPS = 120 };

typedef struct event_group {
  double t, t_end;
  char kind[32];
  char first[200]; /* the first one's details */
  long count;
} event_group_t;

/* Kinds that are bookkeeping rather than events an architect looks for. */
static int quiet_kind(const char *kind) { return !strcmp(kind, "start") || !strcmp(kind, "thermal"); }

/* The group an event joins: the same kind begun within window before it,
 * among the last few groups (a cap sheds 64 ports over a few ms, their
 * port-down lines interleaved with its own). */
static event_group_t *joins(event_group_t *g, int n, const char *kind, double t, double window) {
  for (int i = n - 1; i >= 0 && i >= n - 8; i--)
    if (!strcmp(g[i].kind, kind) && t - g[i].t <= window) return &g[i];
  return NULL;
}

static int read_groups(const char *dir, double window, event_group_t *g, int *more) {
  char path[4200], line[512];
  snprintf(path, sizeof path, "%s/events.log", dir);
  FILE *in = fopen(path, "r");
  int n = 0;
  *more = 0;
  for (long lines = 0; in && lines < REPORT_MAX_EVENT_LINES && fgets(line, sizeof line, in); lines++) {
    double t;
    char kind[32];
    int at = 0;
    if (line[0] == '#' || sscanf(line, "%lf %31s %n", &t, kind, &at) != 2 || !isfinite(t)) continue;
    line[strcspn(line, "\n")] = 0;
    event_group_t *j = joins(g, n, kind, t, window);
    if (j) {
      j->count++;
      j->t_end = t;
      continue;
    }
    if (n == REPORT_MAX_EVENT_GROUPS) {
      *more = 1;
      break;
    }
    g[n].t = g[n].t_end = t;
    snprintf(g[n].kind, sizeof g[n].kind, "%s", kind);
    snprintf(g[n].first, sizeof g[n].first, "%s", line + at);
    g[n].count = 1;
    n++;
  }
  if (in) fclose(in);
  return n;
}

/* A strip from 0 to the end of the run with a tick per event group. */
static void timeline_svg(FILE *f, const event_group_t *g, int n, double end) {
  const int w = 1200, h = 70, x0 = 40, x1 = 1180;
  if (!(end > 0)) end = 1;
  fprintf(f, "<svg class=\"timeline\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"events over time\">\n", w,
          h);
  fprintf(f, "<line x1=\"%d\" y1=\"40\" x2=\"%d\" y2=\"40\" stroke=\"#888\"/>\n", x0, x1);
  for (int i = 0; i <= 4; i++) {
    double x = x0 + (x1 - x0) * i / 4.0;
    fprintf(f, "<text x=\"%.1f\" y=\"62\" text-anchor=\"middle\">%.4g s</text>\n", x, end * i / 4.0);
  }
  double last_label = -1e9;
  for (int i = 0; i < n; i++) {
    if (quiet_kind(g[i].kind)) continue;
    double x = x0 + (x1 - x0) * fmin(1, fmax(0, g[i].t / end));
    double xe = x0 + (x1 - x0) * fmin(1, fmax(0, g[i].t_end / end));
    if (xe > x + 2) fprintf(f, "<rect x=\"%.1f\" y=\"30\" width=\"%.1f\" height=\"8\" fill=\"#f4a582\"/>\n", x, xe - x);
    fprintf(f, "<line x1=\"%.1f\" y1=\"22\" x2=\"%.1f\" y2=\"48\" stroke=\"#b2182b\" stroke-width=\"2\"><title>", x, x);
    fprintf(f, "%.6g s: ", g[i].t);
    html_esc(f, g[i].kind);
    fprintf(f, " &times;%ld</title></line>\n", g[i].count);
    if (x - last_label < 70) continue; /* labels that would overprint: the tick's tooltip names it */
    last_label = x;
    fprintf(f, "<text x=\"%.1f\" y=\"16\" text-anchor=\"middle\">", x);
    html_esc(f, g[i].kind);
    fputs("</text>\n", f);
  }
  fputs("</svg>\n", f);
}

void report_events(FILE *f, const char *dir, double end_s) {
  event_group_t *g = calloc(REPORT_MAX_EVENT_GROUPS, sizeof *g);
  if (!g) abort();
  int more, n = read_groups(dir, fmax(1e-3, end_s / 100), g, &more);
  fputs("<h2>Events</h2>\n", f);
  if (!n) {
    fputs("<p class=\"muted\">(no events.log)</p>\n", f);
    free(g);
    return;
  }
  timeline_svg(f, g, n, end_s);
  fputs("<table><tr><th>time (s)</th><th>until (s)</th><th>event</th><th>how many</th><th>the first</th></tr>\n", f);
  for (int i = 0; i < n; i++) {
    fprintf(f, "<tr><td class=\"n\">%.6g</td><td class=\"n\">", g[i].t);
    if (g[i].t_end > g[i].t) fprintf(f, "%.6g", g[i].t_end);
    fputs("</td><td>", f);
    html_esc(f, g[i].kind);
    fprintf(f, "</td><td class=\"n\">%ld</td><td>", g[i].count);
    html_esc(f, g[i].first);
    fputs("</td></tr>\n", f);
  }
  fputs("</table>\n", f);
  if (more)
    fprintf(f, "<p class=\"muted\">(the first %d groups; events.log has them all)</p>\n", REPORT_MAX_EVENT_GROUPS);
  free(g);
}
