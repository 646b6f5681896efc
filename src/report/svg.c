// backstride — inline SVG charts for the static report (include/backstride/report.h). Every
// coordinate goes through coord(): a value that is not finite is written as 0, never "nan".
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "backstride/report.h"

// a finite coordinate with one decimal
static void coord(bks_buf *b, double x) {
  if (!isfinite(x)) x = 0;
  if (x > 1e7) x = 1e7;
  if (x < -1e7) x = -1e7;
  bks_html_printf(b, "%.1f", x);
}

// "x,y " for polylines
static void point(bks_buf *b, double x, double y) {
  coord(b, x);
  bks_html_raw(b, ",");
  coord(b, y);
  bks_html_raw(b, " ");
}

// a tick value: whole numbers without decimals, small ones with up to two
static void tick_label(bks_buf *b, double v) {
  if (!isfinite(v)) v = 0;
  if (fabs(v - round(v)) < 1e-9) {
    bks_html_printf(b, "%.0f", v);
  } else {
    bks_html_printf(b, fabs(v) < 1 ? "%.2f" : "%.1f", v);
  }
}

// a "nice" axis top (1, 2, 2.5, 5 x 10^k) at or above `v`
static double nice_top(double v) {
  if (!(v > 0) || !isfinite(v)) return 1;
  double mag = pow(10, floor(log10(v)));
  const double steps[] = {1, 2, 2.5, 5, 10};
  for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
    if (steps[i] * mag >= v * (1 - 1e-12)) return steps[i] * mag;
  }
  return 10 * mag;
}

typedef struct frame {
  double w, h;           // whole chart
  double x0, y0, x1, y1; // plot area (y0 top, y1 bottom)
  double top;            // value at the top of the axis
  size_t n;
} frame;

static double fy(const frame *f, double v) {
  if (!isfinite(v) || v < 0) v = 0;
  if (v > f->top) v = f->top;
  return f->y1 - (f->y1 - f->y0) * v / f->top;
}

// x centre of category i
static double fx(const frame *f, size_t i) {
  return f->x0 + (f->x1 - f->x0) * ((double)i + 0.5) / (double)(f->n ? f->n : 1);
}

// opening tag, title, axes, y ticks and x labels; returns 1 (through *empty) when nothing to plot
static void open_chart(bks_buf *b, const bks_chart *c, frame *f, int *empty) {
  f->w = c->width > 0 ? c->width : 720;
  f->h = c->height > 0 ? c->height : 220;
  f->x0 = 56;
  f->x1 = f->w - (c->over ? 40 : 12); // room for the overlay's axis
  f->y0 = 28;
  f->y1 = f->h - 36;
  f->n = c->y ? c->n : 0;
  double max = 0;
  size_t nfin = 0;
  for (size_t i = 0; i < f->n; i++) {
    if (isfinite(c->y[i])) {
      nfin++;
      if (c->y[i] > max) max = c->y[i];
    }
  }
  *empty = nfin == 0;
  int band = isfinite(c->band_lo) && isfinite(c->band_hi) && c->band_hi > c->band_lo;
  // the band stays in view even when every value lies below it
  if (band && c->band_hi > max) max = c->band_hi * 1.05;
  f->top = c->y_max > 0 && isfinite(c->y_max) ? c->y_max : nice_top(max);

  bks_html_raw(b, "<svg class=\"chart\" viewBox=\"0 0 ");
  coord(b, f->w);
  bks_html_raw(b, " ");
  coord(b, f->h);
  bks_html_raw(b, "\" role=\"img\" aria-label=\"");
  bks_html_escape(b, c->title);
  bks_html_raw(b, "\"><title>");
  bks_html_escape(b, c->title);
  bks_html_raw(b, "</title>\n<text x=\"4\" y=\"16\" class=\"ct\">");
  bks_html_escape(b, c->title);
  if (c->y_label && c->y_label[0]) {
    bks_html_raw(b, " (");
    bks_html_escape(b, c->y_label);
    bks_html_raw(b, ")");
  }
  bks_html_raw(b, "</text>\n");
  // y grid and ticks: 0, 1/4 ... top
  for (int k = 0; k <= 4; k++) {
    double v = f->top * k / 4, y = fy(f, v);
    bks_html_raw(b, "<line class=\"grid\" x1=\"");
    coord(b, f->x0);
    bks_html_raw(b, "\" x2=\"");
    coord(b, f->x1);
    bks_html_raw(b, "\" y1=\"");
    coord(b, y);
    bks_html_raw(b, "\" y2=\"");
    coord(b, y);
    bks_html_raw(b, "\"/><text class=\"tick\" text-anchor=\"end\" x=\"");
    coord(b, f->x0 - 6);
    bks_html_raw(b, "\" y=\"");
    coord(b, y + 4);
    bks_html_raw(b, "\">");
    tick_label(b, v);
    bks_html_raw(b, "</text>\n");
  }
  // the shaded reference band, drawn under the data
  if (band) {
    double yt = fy(f, c->band_hi), yb = fy(f, c->band_lo);
    bks_html_raw(b, "<rect class=\"band\" fill=\"#d8efd8\" x=\"");
    coord(b, f->x0);
    bks_html_raw(b, "\" y=\"");
    coord(b, yt);
    bks_html_raw(b, "\" width=\"");
    coord(b, f->x1 - f->x0);
    bks_html_raw(b, "\" height=\"");
    coord(b, yb - yt);
    bks_html_raw(b, "\"><title>");
    bks_html_escape(b, c->band_label ? c->band_label : "reference band");
    bks_html_raw(b, "</title></rect>\n");
  }
  // axes
  bks_html_raw(b, "<path class=\"axis\" d=\"M");
  point(b, f->x0, f->y0);
  bks_html_raw(b, "L");
  point(b, f->x0, f->y1);
  bks_html_raw(b, "L");
  point(b, f->x1, f->y1);
  bks_html_raw(b, "\"/>\n");
  // x labels, thinned to about one per 70 px
  if (c->x_labels && f->n) {
    double room = (f->x1 - f->x0) / 70;
    size_t every = room >= 1 ? (size_t)ceil((double)f->n / room) : f->n;
    if (every < 1) every = 1;
    for (size_t i = 0; i < f->n; i += every) {
      bks_html_raw(b, "<text class=\"tick\" text-anchor=\"middle\" x=\"");
      coord(b, fx(f, i));
      bks_html_raw(b, "\" y=\"");
      coord(b, f->y1 + 16);
      bks_html_raw(b, "\">");
      bks_html_escape(b, c->x_labels[i]);
      bks_html_raw(b, "</text>\n");
    }
  }
  if (*empty) {
    bks_html_raw(b, "<text class=\"empty\" text-anchor=\"middle\" x=\"");
    coord(b, (f->x0 + f->x1) / 2);
    bks_html_raw(b, "\" y=\"");
    coord(b, (f->y0 + f->y1) / 2);
    bks_html_raw(b, "\">no data</text>\n");
  }
}

static void fill_attr(bks_buf *b, const char *attr, const bks_chart *c, const char *dflt) {
  bks_html_printf(b, " %s=\"", attr);
  bks_html_escape(b, c->color ? c->color : dflt);
  bks_html_raw(b, "\"");
}

// the second series over the plot: its right-hand axis (0, half, top), a legend, open dots
static void overlay(bks_buf *b, const bks_chart *c, const frame *f) {
  if (!c->over || !(c->over_max > 0) || !isfinite(c->over_max)) return;
  const char *color = c->over_color ? c->over_color : "#7a3fa0";
  frame o = *f;
  o.top = c->over_max;
  for (int k = 0; k <= 2; k++) {
    double v = o.top * k / 2;
    bks_html_raw(b, "<text class=\"tick\" text-anchor=\"start\" x=\"");
    coord(b, o.x1 + 5);
    bks_html_raw(b, "\" y=\"");
    coord(b, fy(&o, v) + 4);
    bks_html_raw(b, "\" style=\"fill:");
    bks_html_escape(b, color);
    bks_html_raw(b, "\">");
    tick_label(b, v);
    bks_html_raw(b, "</text>\n");
  }
  bks_html_raw(b, "<text class=\"tick\" text-anchor=\"end\" x=\"");
  coord(b, o.w - 4);
  bks_html_raw(b, "\" y=\"16\" style=\"fill:");
  bks_html_escape(b, color);
  bks_html_raw(b, "\">&#9675; ");
  bks_html_escape(b, c->over_label);
  bks_html_raw(b, "</text>\n<g class=\"over\" fill=\"#fff\" stroke-width=\"2\" stroke=\"");
  bks_html_escape(b, color);
  bks_html_raw(b, "\">\n");
  for (size_t i = 0; i < o.n; i++) {
    if (!isfinite(c->over[i])) continue;
    bks_html_raw(b, "<circle r=\"4\" cx=\"");
    coord(b, fx(&o, i));
    bks_html_raw(b, "\" cy=\"");
    coord(b, fy(&o, c->over[i]));
    bks_html_raw(b, "\"><title>");
    if (c->x_labels) {
      bks_html_escape(b, c->x_labels[i]);
      bks_html_raw(b, ": ");
    }
    bks_html_escape(b, c->over_label);
    bks_html_raw(b, " ");
    tick_label(b, round(c->over[i] * 10) / 10);
    bks_html_raw(b, "</title></circle>\n");
  }
  bks_html_raw(b, "</g>\n");
}

int bks_svg_bar_chart(bks_buf *b, const bks_chart *c) {
  frame f;
  int empty;
  open_chart(b, c, &f, &empty);
  if (!empty) {
    double slot = (f.x1 - f.x0) / (double)f.n, bw = slot * 0.7;
    if (bw < 1) bw = slot > 1 ? slot - 0.2 : slot;
    bks_html_raw(b, "<g class=\"bars\"");
    fill_attr(b, "fill", c, "#3b6ea5");
    bks_html_raw(b, ">\n");
    for (size_t i = 0; i < f.n; i++) {
      double v = c->y[i];
      if (!isfinite(v) || v <= 0) continue;
      double y = fy(&f, v);
      bks_html_raw(b, "<rect x=\"");
      coord(b, fx(&f, i) - bw / 2);
      bks_html_raw(b, "\" y=\"");
      coord(b, y);
      bks_html_raw(b, "\" width=\"");
      coord(b, bw);
      bks_html_raw(b, "\" height=\"");
      coord(b, f.y1 - y);
      bks_html_raw(b, "\"><title>");
      if (c->x_labels) {
        bks_html_escape(b, c->x_labels[i]);
        bks_html_raw(b, ": ");
      }
      tick_label(b, round(v * 10) / 10);
      bks_html_raw(b, "</title></rect>\n");
    }
    bks_html_raw(b, "</g>\n");
  }
  overlay(b, c, &f);
  return bks_html_raw(b, "</svg>\n");
}

int bks_svg_line_chart(bks_buf *b, const bks_chart *c) {
  frame f;
  int empty;
  open_chart(b, c, &f, &empty);
  if (!empty) {
    if (!c->dots_only) {
      // one polyline per unbroken stretch of values
      size_t i = 0;
      while (i < f.n) {
        while (i < f.n && !isfinite(c->y[i])) i++;
        if (i >= f.n) break;
        bks_html_raw(b, "<polyline class=\"line\" fill=\"none\"");
        fill_attr(b, "stroke", c, "#b5452b");
        bks_html_raw(b, " points=\"");
        for (; i < f.n && isfinite(c->y[i]); i++) point(b, fx(&f, i), fy(&f, c->y[i]));
        bks_html_raw(b, "\"/>\n");
      }
    }
    bks_html_raw(b, "<g class=\"dots\"");
    fill_attr(b, "fill", c, "#b5452b");
    bks_html_raw(b, ">\n");
    for (size_t i = 0; i < f.n; i++) {
      if (!isfinite(c->y[i])) continue;
      bks_html_raw(b, "<circle r=\"");
      bks_html_raw(b, c->dots_only ? "4" : "2.5");
      bks_html_raw(b, "\" cx=\"");
      coord(b, fx(&f, i));
      bks_html_raw(b, "\" cy=\"");
      coord(b, fy(&f, c->y[i]));
      bks_html_raw(b, "\"><title>");
      if (c->x_labels) {
        bks_html_escape(b, c->x_labels[i]);
        bks_html_raw(b, ": ");
      }
      tick_label(b, round(c->y[i] * 10) / 10);
      bks_html_raw(b, "</title></circle>\n");
    }
    bks_html_raw(b, "</g>\n");
  }
  overlay(b, c, &f);
  return bks_html_raw(b, "</svg>\n");
}

static int valid_fix(double lat, double lon) {
  return isfinite(lat) && isfinite(lon) && fabs(lat) <= 90 && fabs(lon) <= 180 &&
         !(lat == 0 && lon == 0);
}

int bks_svg_track(bks_buf *b, const double *lat, const double *lon, size_t n, int width,
                  int height) {
  double w = width > 0 ? width : 360, h = height > 0 ? height : 360, pad = 10;
  size_t nv = 0;
  double sumlat = 0;
  for (size_t i = 0; i < n && lat && lon; i++) {
    if (valid_fix(lat[i], lon[i])) {
      nv++;
      sumlat += lat[i];
    }
  }
  bks_html_raw(b, "<svg class=\"track\" viewBox=\"0 0 ");
  coord(b, w);
  bks_html_raw(b, " ");
  coord(b, h);
  bks_html_raw(b, "\" role=\"img\" aria-label=\"GPS track\"><title>GPS track</title>\n");
  if (nv < 2) {
    bks_html_raw(b, "<text class=\"empty\" text-anchor=\"middle\" x=\"");
    coord(b, w / 2);
    bks_html_raw(b, "\" y=\"");
    coord(b, h / 2);
    bks_html_raw(b, "\">no track</text>\n</svg>\n");
    return bks_buf_error(b);
  }
  // equirectangular: x = lon * cos(mean lat), y = -lat (north up)
  double k = cos(sumlat / (double)nv * 3.14159265358979323846 / 180);
  if (!(k > 0.01)) k = 0.01;
  double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
  for (size_t i = 0; i < n; i++) {
    if (!valid_fix(lat[i], lon[i])) continue;
    double x = lon[i] * k, y = -lat[i];
    if (x < xmin) xmin = x;
    if (x > xmax) xmax = x;
    if (y < ymin) ymin = y;
    if (y > ymax) ymax = y;
  }
  double sx = xmax - xmin, sy = ymax - ymin, span = sx > sy ? sx : sy;
  double scale = span > 0 ? ((w < h ? w : h) - 2 * pad) / span : 1;
  // centre the track in the box
  double ox = (w - sx * scale) / 2, oy = (h - sy * scale) / 2;
  size_t every = nv > 600 ? (nv + 599) / 600 : 1, seen = 0, last = 0;
  for (size_t i = 0; i < n; i++) {
    if (valid_fix(lat[i], lon[i])) last = i;
  }
  bks_html_raw(b, "<polyline class=\"route\" fill=\"none\" stroke=\"#3b6ea5\" points=\"");
  for (size_t i = 0; i < n; i++) {
    if (!valid_fix(lat[i], lon[i])) continue;
    if (seen++ % every != 0 && i != last) continue; // thin, but always end at the finish
    point(b, ox + (lon[i] * k - xmin) * scale, oy + (-lat[i] - ymin) * scale);
  }
  bks_html_raw(b, "\"/>\n");
  return bks_html_raw(b, "</svg>\n");
}
