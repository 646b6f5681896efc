// src/core/buf.c: growth, reset, and the sticky error (the first failure is kept, later appends
// do nothing, reset clears it); the HTML writers stop with the buffer.
#include <stdint.h>
#include <string.h>

#include "backstride/buf.h"
#include "backstride/report.h"
#include "harness.h"

BKS_TEST(grows_and_resets) {
  bks_buf b;
  bks_buf_init(&b);
  BKS_CHECK(b.data == NULL && b.len == 0 && b.cap == 0);
  BKS_CHECK_EQ_INT(bks_buf_append(&b, NULL, 0), BKS_OK);
  uint8_t chunk[100];
  for (int i = 0; i < 100; i++) chunk[i] = (uint8_t)i;
  for (int i = 0; i < 50; i++) BKS_CHECK_EQ_INT(bks_buf_append(&b, chunk, sizeof chunk), BKS_OK);
  BKS_CHECK_EQ_INT(b.len, 5000);
  BKS_CHECK(b.cap >= b.len);
  BKS_CHECK_EQ_INT(b.data[4999], 99);
  BKS_CHECK_EQ_INT(b.data[100], 0);
  BKS_CHECK_EQ_INT(bks_buf_reserve(&b, 10000), BKS_OK);
  BKS_CHECK(b.cap >= 15000);
  // a request past SIZE_MAX is refused and leaves the buffer as it was
  size_t cap = b.cap;
  BKS_CHECK_EQ_INT(bks_buf_reserve(&b, SIZE_MAX), BKS_E_LIMIT);
  BKS_CHECK_EQ_INT(bks_buf_append(&b, chunk, SIZE_MAX), BKS_E_LIMIT);
  BKS_CHECK_EQ_INT(b.cap, cap);
  BKS_CHECK_EQ_INT(b.len, 5000);
  bks_buf_reset(&b);
  BKS_CHECK_EQ_INT(b.len, 0);
  BKS_CHECK_EQ_INT(b.cap, cap);
  bks_buf_deinit(&b);
  BKS_CHECK(b.data == NULL && b.len == 0 && b.cap == 0);
  bks_buf_deinit(NULL);
}

//---- Bytes ----

BKS_TEST(error_is_sticky) {
  bks_buf b;
  bks_buf_init(&b);
  BKS_CHECK_EQ_INT(bks_buf_error(&b), BKS_OK);
  BKS_CHECK_EQ_INT(bks_buf_puts(&b, "abc"), BKS_OK);
  BKS_CHECK_EQ_INT(bks_buf_printf(&b, " %d-%s", 42, "x"), BKS_OK);
  BKS_CHECK_EQ_INT(b.len, 8);
  BKS_CHECK(memcmp(b.data, "abc 42-x", 8) == 0);
  // the first failure is kept: later appends, small ones too, do nothing and return it
  BKS_CHECK_EQ_INT(bks_buf_reserve(&b, SIZE_MAX), BKS_E_LIMIT);
  BKS_CHECK_EQ_INT(bks_buf_error(&b), BKS_E_LIMIT);
  BKS_CHECK_EQ_INT(bks_buf_append(&b, "d", 1), BKS_E_LIMIT);
  BKS_CHECK_EQ_INT(bks_buf_puts(&b, "e"), BKS_E_LIMIT);
  BKS_CHECK_EQ_INT(bks_buf_printf(&b, "%d", 7), BKS_E_LIMIT);
  BKS_CHECK_EQ_INT(bks_buf_reserve(&b, 1), BKS_E_LIMIT);
  BKS_CHECK_EQ_INT(b.len, 8);
  // so do the writers built on it
  BKS_CHECK_EQ_INT(bks_html_escape(&b, "<x>"), BKS_E_LIMIT);
  BKS_CHECK_EQ_INT(bks_html_escape(&b, NULL), BKS_E_LIMIT);
  BKS_CHECK_EQ_INT(bks_html_tag_text(&b, "p", "y"), BKS_E_LIMIT);
  double y[2] = {1, 2};
  bks_chart c = {.title = "t", .y = y, .n = 2};
  BKS_CHECK_EQ_INT(bks_svg_bar_chart(&b, &c), BKS_E_LIMIT);
  BKS_CHECK_EQ_INT(bks_svg_track(&b, NULL, NULL, 0, 0, 0), BKS_E_LIMIT);
  BKS_CHECK_EQ_INT(b.len, 8);
  // reset forgets the contents and the error
  bks_buf_reset(&b);
  BKS_CHECK_EQ_INT(bks_buf_error(&b), BKS_OK);
  BKS_CHECK_EQ_INT(bks_buf_puts(&b, "ok"), BKS_OK);
  BKS_CHECK_EQ_INT(b.len, 2);
  bks_buf_deinit(&b);
  BKS_CHECK_EQ_INT(bks_buf_error(&b), BKS_OK);
}

BKS_TEST(printf_long) {
  // longer than the stack piece: formatted straight into the buffer
  bks_buf b;
  bks_buf_init(&b);
  bks_buf_puts(&b, "<");
  char big[2000];
  memset(big, 'z', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  BKS_CHECK_EQ_INT(bks_buf_printf(&b, "%s|%s", big, big), BKS_OK);
  BKS_CHECK_EQ_INT(b.len, 1 + 2 * (sizeof big - 1) + 1);
  BKS_CHECK_EQ_INT(b.data[0], '<');
  BKS_CHECK_EQ_INT(b.data[sizeof big], '|');
  BKS_CHECK_EQ_INT(b.data[b.len - 1], 'z');
  bks_buf_deinit(&b);
}

BKS_TEST_MAIN(BKS_CASE(grows_and_resets), BKS_CASE(error_is_sticky), BKS_CASE(printf_long))
