/* html.c: the pieces of xposim's HTML pages (html.h). */
#include "html.h"

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/fileio.h"

/* A page embeds figures of at most this size each (a canvas script of a
 * 20 000-row figure is a few MB). */
enum { HTML_MAX_FIGURE = 64u << 20, HTML_MAX_FIGURES = 64 };

void html_esc_n(FILE *f, const char *s, size_t n) {
  for (size_t i = 0; i < n && s[i]; i++) {
    char c = s[i];
    if (c == '<')
      fputs("&lt;", f);
    else if (c == '>')
      fputs("&gt;", f);
    else if (c == '&')
      fputs("&amp;", f);
    else if (c == '"')
      fputs("&quot;", f);
    else if (c == '\'')
      fputs("&#39;", f);
    else
      fputc(c, f);
  }
}

void html_esc(FILE *f, const char *s) { html_esc_n(f, s, (size_t)-1); }

static void base64(FILE *f, const unsigned char *p, size_t n) {
  static const char T[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
    fputc(T[v >> 18 & 63], f);
    fputc(T[v >> 12 & 63], f);
    fputc(i + 1 < n ? T[v >> 6 & 63] : '=', f);
    fputc(i + 2 < n ? T[v & 63] : '=', f);
  }
}

/* Script text inside <script>: "</" written as "<\/" (the same in a JS
 * string) so that no text can close the element. */
static void js_inline(FILE *f, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '<' && i + 1 < n && s[i + 1] == '/') {
      fputs("<\\/", f);
      i++;
    } else
      fputc(s[i], f);
  }
}

/* gnuplot's canvas library, in the order its scripts need each other. */
static const char *const CANVAS_LIB[] = {"canvasmath.js", "gnuplot_common.js", "gnuplot_dashedlines.js",
                                         "gnuplot_mouse.js"};
static int canvas_lib_inlined;

static int inline_canvas_lib(FILE *f) {
  glob_t g;
  if (glob("/usr/share/gnuplot/gnuplot/*/js/gnuplot_mouse.js", 0, NULL, &g) || !g.gl_pathc) {
    globfree(&g);
    return 0;
  }
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", g.gl_pathv[g.gl_pathc - 1]); /* the newest version's */
  globfree(&g);
  *strrchr(dir, '/') = 0;
  char *text[4] = {0};
  size_t len[4];
  int ok = 1;
  for (int i = 0; i < 4 && ok; i++) {
    char p[4200];
    snprintf(p, sizeof p, "%s/%s", dir, CANVAS_LIB[i]);
    ok = !file_read_all(p, &text[i], &len[i], 1u << 20);
  }
  for (int i = 0; i < 4 && ok; i++) {
    fprintf(f, "<script>/* gnuplot %s */\n", CANVAS_LIB[i]);
    js_inline(f, text[i], len[i]);
    fputs("\n</script>\n", f);
  }
  for (int i = 0; i < 4; i++) free(text[i]);
  if (ok) /* many plots on one page: the library redraws whichever is active */
    fputs(
        "<script>var canvas, ctx;function gnuplot_canvas(){if(gnuplot.active_plot)gnuplot.active_plot();}"
        "gnuplot.help_URL='';</script>\n",
        f);
  return ok;
}

void html_begin(FILE *f, const char *title) {
  fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>", f);
  html_esc(f, title);
  fputs(
      "</title>\n<script>var xpoErrors=[];window.addEventListener('error',function(e){xpoErrors.push(String("
      "e.message));});(function(){var ce=console.error;console.error=function(){xpoErrors.push([].join.call("
      "arguments,' '));ce.apply(console,arguments);};})();</script>\n",
      f);
  fputs(
      "<style>body{font-family:sans-serif;margin:1.5em;max-width:1280px;color:#222}"
      "table{border-collapse:collapse;font-size:90%;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 8px}"
      "td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#eee;text-align:left}"
      "th.s{cursor:pointer}th.s:after{content:' \\2195';color:#999}.pass{color:#070;font-weight:bold}"
      ".fail{color:#b00;font-weight:bold}.verdict{font-size:130%;padding:.4em .8em;border-radius:4px;"
      "display:inline-block}.verdict.pass{background:#e6f4e6}.verdict.fail{background:#fbe9e9}"
      "figure{margin:1.2em 0;border-top:1px solid #ddd;padding-top:.5em;overflow-x:auto}img{max-width:100%}"
      ".tools{font-size:85%;color:#444;margin:.3em 0}.tools button{margin-right:.3em}.wide{overflow-x:auto}"
      ".topo li{margin:.15em 0}.groups{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start}.groups "
      "table{min-width:20em}"
      "svg.timeline text{font-size:11px}.muted{color:#777}tr.binds td{font-weight:bold;background:#fff6dd}"
      "p.binding{font-size:115%}</style>\n",
      f);
  canvas_lib_inlined = inline_canvas_lib(f);
  fputs("</head><body>\n", f);
}

void html_end(FILE *f) {
  /* Counts for browsers and tests: images decoded, canvases drawn, errors;
   * and behind #selftest a right-drag zoom on the first canvas, as a
   * user's would be, with what it did. */
  fputs(
      "<script>\nwindow.addEventListener('load',function(){\n"
      "var n=0;for(var i of document.images)if(i.complete&&i.naturalWidth>0)n++;var b=document.body;\n"
      "b.setAttribute('data-images-loaded',n);b.setAttribute('data-images',document.images.length);\n"
      "var drawn=0,cs=document.querySelectorAll('canvas.fig');for(var c of cs){var d=c.getContext('2d')"
      ".getImageData(0,0,c.width,c.height).data,ink=0;for(var "
      "k=3;k<d.length;k+=4*97)if(d[k])ink++;if(ink>20)drawn++;}\n"
      "b.setAttribute('data-canvases',cs.length);b.setAttribute('data-canvases-drawn',drawn);\n"
      "if(location.hash=='#selftest'&&cs.length)xpoSelfTest(cs[0]);\n"
      "b.setAttribute('data-errors',xpoErrors.length);b.setAttribute('data-error-text',xpoErrors.join(' | '));});\n"
      "function xpoMouse(c,type,fx,fy){var r=c.getBoundingClientRect();var x=r.left+gnuplot.plot_xmin+fx*("
      "gnuplot.plot_xmax-gnuplot.plot_xmin),y=r.top+gnuplot.plot_ytop+fy*(gnuplot.plot_ybot-gnuplot.plot_ytop);\n"
      "c.dispatchEvent(new MouseEvent(type,{bubbles:true,cancelable:true,button:2,buttons:2,clientX:x,clientY:y"
      "}));}\n"
      "function xpoSelfTest(c){window.scrollTo(0,0);c.dispatchEvent(new MouseEvent('mouseover',{bubbles:true}));\n"
      "var x0=gnuplot.plot_axis_xmin,x1=gnuplot.plot_axis_xmax;xpoMouse(c,'mousedown',0.25,0.25);"
      "xpoMouse(c,'mouseup',0.5,0.75);\n"
      "var b=document.body;b.setAttribute('data-zoomed',gnuplot.zoomed?1:0);\n"
      "b.setAttribute('data-zoom-x',[x0,x1,gnuplot.zoom_axis_xmin,gnuplot.zoom_axis_xmax].join(' '));}\n"
      "function xpoToggle(btn,plot){gnuplot.toggle_plot(plot);btn.classList.toggle('off');"
      "btn.style.textDecoration=btn.classList.contains('off')?'line-through':'';}\n"
      "function xpoUnzoom(c){c.dispatchEvent(new MouseEvent('mouseover',{bubbles:true}));gnuplot.unzoom();}\n"
      "</script>\n</body></html>\n",
      f);
}

/* The legend title of each curve of a canvas script: the first text drawn
 * inside its plot_K block (the key sample), or "".  */
static int curve_titles(const char *js, const char *fig, char titles[][80], int max) {
  char mark[160];
  int n = 0;
  for (; n < max; n++) {
    snprintf(mark, sizeof mark, "gnuplot.hide_%s_plot_%d)", fig, n + 1);
    const char *p = strstr(js, mark);
    if (!p) break;
    snprintf(mark, sizeof mark, "// End %s_plot_%d ", fig, n + 1);
    const char *end = strstr(p, mark);
    const char *t = strstr(p, "\nT(");
    titles[n][0] = 0;
    if (t && (!end || t < end)) {
      const char *q = strstr(t, ",\"");
      q = q ? strstr(q + 2, ",\"") : NULL; /* T(x,y,size,"Right","text") */
      if (q && (!end || q < end)) sscanf(q + 2, "%79[^\"]", titles[n]);
    }
  }
  return n;
}

static void figure_canvas(FILE *f, const char *name, const char *js, size_t len) {
  char fig[96], titles[24][80];
  snprintf(fig, sizeof fig, "fig_%s", name);
  int w = 1200, h = 700;
  const char *cr = strstr(js, "ctx.clearRect(0,0,");
  if (cr) sscanf(cr, "ctx.clearRect(0,0,%d,%d", &w, &h);
  int n = curve_titles(js, fig, titles, 24);
  fprintf(f, "<div class=\"tools\"><button onclick=\"xpoUnzoom(document.getElementById('%s'))\">unzoom</button>", fig);
  fputs("right-drag on the plot to zoom; curves:", f);
  for (int i = 0; i < n; i++) {
    if (!titles[i][0]) continue; /* an untitled helper (a limit's anchor point) */
    fprintf(f, " <button title=\"show or hide\" onclick=\"xpoToggle(this,'%s_plot_%d')\">", fig, i + 1);
    html_esc(f, titles[i]);
    fputs("</button>", f);
  }
  fprintf(f, " &nbsp; x <span id=\"%s_x\"></span> y <span id=\"%s_y\"></span></div>\n", fig, fig);
  fprintf(f, "<canvas class=\"fig\" id=\"%s\" width=\"%d\" height=\"%d\" tabindex=\"0\"></canvas>\n<script>\n", fig, w,
          h);
  js_inline(f, js, len);
  fprintf(f, "\nwindow.addEventListener('load',function(){%s();});\n</script>\n", fig);
}

static void figure_png(FILE *f, const char *name, const char *png, size_t len) {
  fputs("<img alt=\"", f);
  html_esc(f, name);
  fputs("\" src=\"data:image/png;base64,", f);
  base64(f, (const unsigned char *)png, len);
  fputs("\">\n", f);
}

int html_figure(FILE *f, const char *plots, const char *href, const char *name) {
  char p[4400];
  char *data = NULL;
  size_t len = 0;
  int canvas = 0;
  if (canvas_lib_inlined) {
    snprintf(p, sizeof p, "%s/%s.js", plots, name);
    canvas = !file_read_all(p, &data, &len, HTML_MAX_FIGURE);
  }
  if (!canvas) {
    snprintf(p, sizeof p, "%s/%s.png", plots, name);
    if (file_read_all(p, &data, &len, HTML_MAX_FIGURE)) return 0;
  }
  fputs("<figure id=\"f-", f);
  html_esc(f, name);
  fputs("\">\n", f);
  if (canvas)
    figure_canvas(f, name, data, len);
  else
    figure_png(f, name, data, len);
  free(data);
  fputs("<figcaption><b>", f);
  html_esc(f, name);
  fputs("</b> &middot; <a href=\"", f);
  html_esc(f, href);
  fputc('/', f);
  html_esc(f, name);
  fputs(".png\">PNG</a> &middot; <a href=\"", f);
  html_esc(f, href);
  fputc('/', f);
  html_esc(f, name);
  fputs(".svg\">SVG</a> &middot; its script: ", f);
  html_esc(f, name);
  fputs(".gp</figcaption></figure>\n", f);
  return 1;
}

int html_figures(FILE *f, const char *plots, const char *href, const char *const *order, size_t norder) {
  struct dirent **list;
  int n = scandir(plots, &list, NULL, alphasort), written = 0;
  for (size_t o = 0; o < norder && written < HTML_MAX_FIGURES; o++) {
    char p[4400];
    snprintf(p, sizeof p, "%s/%s.png", plots, order[o]);
    if (!access(p, R_OK)) written += html_figure(f, plots, href, order[o]);
  }
  for (int i = 0; i < n; i++) {
    char name[256];
    snprintf(name, sizeof name, "%s", list[i]->d_name);
    size_t l = strlen(name);
    free(list[i]);
    if (l <= 4 || strcmp(name + l - 4, ".png") || written >= HTML_MAX_FIGURES) continue;
    name[l - 4] = 0;
    int listed = 0;
    for (size_t o = 0; o < norder && !listed; o++) listed = !strcmp(order[o], name);
    if (!listed) written += html_figure(f, plots, href, name);
  }
  if (n > 0) free(list);
  return written;
}

FILE *html_open(const char *out, char *tmp, size_t tmpsz, FILE *err) {
  snprintf(tmp, tmpsz, "%s.tmp-%ld", out, (long)getpid());
  FILE *f = fopen(tmp, "w");
  if (!f) fprintf(err, "xposim: cannot write %s: %s\n", tmp, strerror(errno));
  return f;
}

int html_commit(FILE *f, const char *tmp, const char *out, FILE *err) {
  if (fclose(f) || rename(tmp, out)) {
    fprintf(err, "xposim: writing %s failed: %s\n", out, strerror(errno));
    remove(tmp);
    return -1;
  }
  return 0;
}
