// The report's pages (src/report/pages*.c) and their charts: the acute:chronic band and the pain
// overlay are drawn with finite coordinates; user text (a shoe name, a chart label) only ever
// appears escaped; an empty library renders every piece; a missing run is BKS_END.
#include <math.h>
#include <string.h>

#include "backstride/store.h"
#include "backstride/pages.h"
#include "backstride/report.h"
#include "harness.h"

static const char *hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>";

// NUL-terminated copy of the buffer's text (the buffer keeps its bytes)
static const char *text(bks_buf *b) {
  BKS_CHECK(bks_buf_append(b, "", 1) == BKS_OK);
  b->len--;
  return (const char *)b->data;
}

BKS_TEST(band_and_overlay_are_drawn) {
  double y[4] = {0.7, 1.1, NAN, 1.6}, pain[4] = {NAN, 3, 8, NAN};
  const char *labels[4] = {"w1", "w2", "w3", hostile};
  bks_chart c = {.title = "ratio",
                 .x_labels = labels,
                 .y = y,
                 .n = 4,
                 .band_lo = 0.8,
                 .band_hi = 1.3,
                 .band_label = hostile,
                 .over = pain,
                 .over_max = 10,
                 .over_label = hostile};
  bks_buf b;
  bks_buf_init(&b);
  BKS_CHECK_EQ_INT(bks_svg_line_chart(&b, &c), BKS_OK);
  const char *s = text(&b);
  BKS_CHECK(strstr(s, "class=\"band\"") != NULL);
  BKS_CHECK(strstr(s, "class=\"over\"") != NULL);
  BKS_CHECK(strstr(s, "<script") == NULL && strstr(s, "<img") == NULL);
  BKS_CHECK(strstr(s, "&lt;script&gt;") != NULL);
  BKS_CHECK(strstr(s, "nan") == NULL && strstr(s, "inf") == NULL);
  // two pain dots (weeks 2 and 3), drawn as open circles of radius 4
  size_t n = 0;
  for (const char *p = strstr(s, "class=\"over\""); p && (p = strstr(p, "<circle r=\"4\"")); p++)
    n++;
  BKS_CHECK_EQ_INT((int)n, 2);
  bks_buf_deinit(&b);
}

BKS_TEST(empty_library_renders_every_piece) {
  bks_pages *p = NULL;
  char err[256];
  BKS_CHECK_EQ_INT(bks_pages_gather(NULL, 20700, &p, err, sizeof err), BKS_OK);
  BKS_CHECK_EQ_INT((int)bks_pages_nruns(p), 0);
  BKS_CHECK(bks_pages_newest_run(p) == 0);
  bks_buf b;
  bks_buf_init(&b);
  BKS_CHECK_EQ_INT(bks_page_report(&b, p, NULL), BKS_OK);
  const char *s = text(&b);
  BKS_CHECK(strstr(s, "No runs yet") != NULL);
  BKS_CHECK(strstr(s, "id=\"whatif\"") != NULL);
  BKS_CHECK(strstr(s, "<script") == NULL);
  bks_buf_reset(&b);
  BKS_CHECK_EQ_INT(bks_page_run(&b, p, NULL, 1), BKS_END);
  size_t k;
  BKS_CHECK_EQ_INT(bks_pages_run_index(p, 1, &k), BKS_END);
  bks_buf_deinit(&b);
  bks_pages_free(p);
}

BKS_TEST(hostile_shoe_name_is_escaped) {
  bks_store *s = NULL;
  char err[256];
  BKS_CHECK_EQ_INT(bks_store_open(":memory:", 0, &s, err, sizeof err), BKS_OK);
  BKS_CHECK_EQ_INT(bks_store_shoe_add(s, hostile, 20600), BKS_OK);
  bks_pages *p = NULL;
  BKS_CHECK_EQ_INT(bks_pages_gather(s, 20700, &p, err, sizeof err), BKS_OK);
  bks_buf b;
  bks_buf_init(&b);
  BKS_CHECK_EQ_INT(bks_page_shoes(&b, p), BKS_OK);
  BKS_CHECK_EQ_INT(bks_page_report(&b, p, s), BKS_OK);
  const char *t = text(&b);
  BKS_CHECK(strstr(t, "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"));
  BKS_CHECK(strstr(t, "<script") == NULL && strstr(t, "<img") == NULL);
  bks_buf_deinit(&b);
  bks_pages_free(p);
  bks_store_close(s);
}

BKS_TEST_MAIN(BKS_CASE(band_and_overlay_are_drawn), BKS_CASE(empty_library_renders_every_piece),
              BKS_CASE(hostile_shoe_name_is_escaped))
