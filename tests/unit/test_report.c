// src/report: HTML escaping and SVG charts (no NaN/inf in coordinates, empty data handled).
#include <math.h>
#include <string.h>

#include "backstride/buf.h"
#include "backstride/report.h"
#include "harness.h"

// the buffer as a C string (appends a NUL that len does not count)
static const char *cstr(bks_buf *b) {
  if (bks_buf_append(b, "", 1) < 0) return "";
  b->len--;
  return (const char *)b->data;
}

static int has_nan_inf(const char *s) {
  return strstr(s, "nan") || strstr(s, "NaN") || strstr(s, "inf") || strstr(s, "INF");
}

BKS_TEST(escape_hostile) {
  bks_buf b;
  bks_buf_init(&b);
  BKS_CHECK_EQ_INT(bks_html_escape(&b, "<script>&\"'x</script>"), BKS_OK);
  BKS_CHECK_STR(cstr(&b), "&lt;script&gt;&amp;&quot;&#39;x&lt;/script&gt;");
  bks_buf_reset(&b);
  BKS_CHECK_EQ_INT(bks_html_escape(&b, NULL), BKS_OK);
  BKS_CHECK_EQ_INT(bks_html_escape(&b, ""), BKS_OK);
  BKS_CHECK_EQ_INT(b.len, 0);
  BKS_CHECK_EQ_INT(bks_html_escape(&b, "a\x01"
                                       "b\tc\x7f"),
                   BKS_OK);
  BKS_CHECK_STR(cstr(&b), "ab\tc");
  bks_buf_reset(&b);
  BKS_CHECK_EQ_INT(bks_html_tag_text(&b, "td class=\"n\"", "<b>"), BKS_OK);
  BKS_CHECK_STR(cstr(&b), "<td class=\"n\">&lt;b&gt;</td>");
  bks_buf_deinit(&b);
}

BKS_TEST(printf_long) {
  bks_buf b;
  bks_buf_init(&b);
  char big[2000];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = 0;
  BKS_CHECK_EQ_INT(bks_html_printf(&b, "<%s>", big), BKS_OK);
  BKS_CHECK_EQ_INT(b.len, sizeof big + 1);
  bks_buf_deinit(&b);
}

BKS_TEST(charts_no_nan) {
  const double y[] = {1.5, NAN, INFINITY, -INFINITY, -3, 1e300, 0, 42};
  const char *const lab[] = {"a", "b", "c", "d", "e", "f", "g", "<h>"};
  bks_chart c = {.title = "T <x>", .y_label = "km", .x_labels = lab, .y = y, .n = 8};
  bks_buf b;
  bks_buf_init(&b);
  BKS_CHECK_EQ_INT(bks_svg_bar_chart(&b, &c), BKS_OK);
  BKS_CHECK_EQ_INT(bks_svg_line_chart(&b, &c), BKS_OK);
  c.dots_only = 1;
  c.y_max = 10;
  BKS_CHECK_EQ_INT(bks_svg_line_chart(&b, &c), BKS_OK);
  const char *s = cstr(&b);
  BKS_CHECK(!has_nan_inf(s));
  BKS_CHECK(strstr(s, "<svg") != NULL);
  BKS_CHECK(strstr(s, "<rect") != NULL);
  BKS_CHECK(strstr(s, "<polyline") != NULL);
  BKS_CHECK(strstr(s, "T &lt;x&gt;") != NULL);
  BKS_CHECK(strstr(s, "<x>") == NULL && strstr(s, "<h>") == NULL);
  bks_buf_deinit(&b);
}

BKS_TEST(charts_empty) {
  bks_buf b;
  bks_buf_init(&b);
  bks_chart c = {.title = "empty", .y = NULL, .n = 0};
  BKS_CHECK_EQ_INT(bks_svg_bar_chart(&b, &c), BKS_OK);
  BKS_CHECK_EQ_INT(bks_svg_line_chart(&b, &c), BKS_OK);
  const double all_nan[] = {NAN, NAN};
  bks_chart c2 = {.title = "all missing", .y = all_nan, .n = 2};
  BKS_CHECK_EQ_INT(bks_svg_bar_chart(&b, &c2), BKS_OK);
  BKS_CHECK_EQ_INT(bks_svg_line_chart(&b, &c2), BKS_OK);
  BKS_CHECK_EQ_INT(bks_svg_track(&b, NULL, NULL, 0, 0, 0), BKS_OK);
  const char *s = cstr(&b);
  BKS_CHECK(!has_nan_inf(s));
  BKS_CHECK(strstr(s, "no data") != NULL);
  BKS_CHECK(strstr(s, "no track") != NULL);
  BKS_CHECK(strstr(s, "<rect") == NULL);
  // every opened <svg> is closed
  size_t open = 0, close = 0;
  for (const char *p = s; (p = strstr(p, "<svg")) != NULL; p++) open++;
  for (const char *p = s; (p = strstr(p, "</svg>")) != NULL; p++) close++;
  BKS_CHECK_EQ_INT(open, 5);
  BKS_CHECK_EQ_INT(close, 5);
  bks_buf_deinit(&b);
}

BKS_TEST(track) {
  enum { N = 2000 };
  static double lat[N], lon[N];
  for (int i = 0; i < N; i++) {
    double a = 2 * 3.14159265358979 * i / N;
    lat[i] = 48.1 + 0.01 * sin(a);
    lon[i] = 11.5 + 0.01 * cos(a);
  }
  lat[5] = NAN;
  lon[6] = INFINITY;
  lat[7] = 0;
  lon[7] = 0;
  lat[8] = 200;
  bks_buf b;
  bks_buf_init(&b);
  BKS_CHECK_EQ_INT(bks_svg_track(&b, lat, lon, N, 300, 200), BKS_OK);
  const char *s = cstr(&b);
  BKS_CHECK(!has_nan_inf(s));
  BKS_CHECK(strstr(s, "class=\"route\"") != NULL);
  // thinned: at most about 600 points
  size_t pts = 0;
  for (const char *p = s; *p; p++) pts += *p == ',';
  BKS_CHECK(pts <= 602 && pts >= 500);
  // a single point: no track
  bks_buf_reset(&b);
  BKS_CHECK_EQ_INT(bks_svg_track(&b, lat, lon, 1, 0, 0), BKS_OK);
  BKS_CHECK(strstr(cstr(&b), "no track") != NULL);
  bks_buf_deinit(&b);
}

BKS_TEST_MAIN(BKS_CASE(escape_hostile), BKS_CASE(printf_long), BKS_CASE(charts_no_nan),
              BKS_CASE(charts_empty), BKS_CASE(track))
