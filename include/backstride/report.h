// backstride — the static report's building blocks: a tiny HTML writer that escapes every piece of
// user text, and inline SVG charts (bar, line, GPS track) written into a bks_buf.
//
// Nothing here touches the file system or the network: the CLI (cli/cmd_report.c) assembles the
// page and writes it. Every function appends to `b` and returns the buffer's error
// (bks_buf_error): BKS_OK, or BKS_E_NOMEM / BKS_E_LIMIT once the buffer could not grow. The error
// is sticky: after it nothing more is appended (what was appended before stays), so a writer may
// call these one after another and check the last result, or bks_buf_error, once.
//
//     bks_buf b;
//     bks_buf_init(&b);
//     bks_html_tag_text(&b, "h1", user_title);      // <h1>escaped</h1>
//     bks_chart c = {.title = "Weekly distance", .y_label = "km", .x_labels = l, .y = v, .n = n};
//     bks_svg_bar_chart(&b, &c);
#ifndef BACKSTRIDE_REPORT_H
#define BACKSTRIDE_REPORT_H

#include <stddef.h>

#include "backstride/status.h"
#include "backstride/buf.h"

#ifdef __cplusplus
extern "C" {
#endif

//---- HTML ----

/**
 * Append `s` with & < > " ' replaced by entities (safe in element content and in quoted
 * attribute values). Control characters other than tab, newline and CR are dropped. Nullable: s
 * (then nothing is appended).
 */
BKS_API int bks_html_escape(bks_buf *b, const char *s);

/** Append trusted markup as is (never user text). */
BKS_API int bks_html_raw(bks_buf *b, const char *markup);

/** Append printf-formatted trusted markup (numbers, fixed words; never user text). */
BKS_API int bks_html_printf(bks_buf *b, const char *fmt, ...) BKS_PRINTF(2, 3);

/** `<tag>escaped text</tag>`; `tag` is trusted (e.g. "h2", "td", "p class=\"note\""). */
BKS_API int bks_html_tag_text(bks_buf *b, const char *tag, const char *text);

//---- SVG charts ----

typedef struct bks_chart {
  const char *title;           // shown above the plot and as the accessible name (escaped)
  const char *y_label;         // units of the y axis (escaped)
  const char *const *x_labels; // n category labels (escaped; NULL: none); thinned when crowded
  const double *y;             // n values; NaN or inf: no value there
  size_t n;
  int width, height;       // [px] of the whole chart; 0: 720 x 220
  const char *color;       // CSS colour (escaped); NULL: a default
  int dots_only;           // line chart: points without the connecting line
  double y_max;            // > 0: fixed top of the axis (e.g. 10 for pain); else from the data
  double band_lo, band_hi; // a shaded reference band between these values (drawn when
                           // band_hi > band_lo, both finite; 0, 0: none)
  const char *band_label;  // its tooltip (escaped; NULL: "reference band")
  const double *over;      // NULL, or n values drawn over the chart as open dots on their own
                           // axis at the right (e.g. pain over load); NaN: none that week
  double over_max;         // top of that axis (> 0)
  const char *over_label;  // its legend, top right (escaped)
  const char *over_color;  // CSS colour (escaped); NULL: a default
} bks_chart;

/**
 * Bars from 0 (negative values drawn as 0). With no finite value, an empty frame saying so. In
 * both kinds of chart, `over` (when given) is drawn over the plot on its own right-hand axis.
 */
BKS_API int bks_svg_bar_chart(bks_buf *b, const bks_chart *c);

/** A line (broken at missing values) with a dot per value, from 0. Empty data as above. */
BKS_API int bks_svg_line_chart(bks_buf *b, const bks_chart *c);

/**
 * A GPS track as one polyline, equirectangular projection around the mean latitude, scaled to fit
 * `width` x `height` px (0: 360 x 360) with the aspect kept. Points that are not finite or out of
 * range are skipped; long tracks are thinned to at most 600 points. Fewer than two valid points:
 * an empty frame saying so. No map tiles, no network.
 */
BKS_API int bks_svg_track(bks_buf *b, const double *lat, const double *lon, size_t n, int width,
                          int height);

#ifdef __cplusplus
}
#endif

#endif
