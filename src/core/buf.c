#include "backstride/alloc.h"
#include "backstride/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// first allocation; small enough not to matter, large enough to skip the tiny regrowths
#define BUF_MIN_CAP 256u

void bks_buf_init(bks_buf *b) {
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
  b->err = BKS_OK;
}

// keep the first failure: the one that explains what went wrong
static int fail(bks_buf *b, int rc) {
  if (b->err == BKS_OK) b->err = rc;
  return rc;
}

int bks_buf_reserve(bks_buf *b, size_t extra) {
  if (b->err < 0) return b->err;
  if (extra > SIZE_MAX - b->len) return fail(b, BKS_E_LIMIT);
  size_t need = b->len + extra;
  if (need <= b->cap) return BKS_OK;

  // grow geometrically so that n appends cost O(n) copies in total
  size_t cap = b->cap ? b->cap : BUF_MIN_CAP;
  while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;

  uint8_t *p = bks_realloc(b->data, cap);
  if (!p) return fail(b, BKS_E_NOMEM);
  b->data = p;
  b->cap = cap;
  return BKS_OK;
}

int bks_buf_append(bks_buf *b, const void *p, size_t n) {
  if (b->err < 0) return b->err;
  if (n == 0) return BKS_OK;
  int rc = bks_buf_reserve(b, n);
  if (rc < 0) return rc;
  memcpy(b->data + b->len, p, n);
  b->len += n;
  return BKS_OK;
}

int bks_buf_puts(bks_buf *b, const char *s) { return bks_buf_append(b, s, strlen(s)); }

int bks_buf_vprintf(bks_buf *b, const char *fmt, va_list ap) {
  if (b->err < 0) return b->err;
  // most pieces are short: format on the stack, and only a long one straight into the buffer
  char small[512];
  va_list again;
  va_copy(again, ap);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  if (n < 0) {
    va_end(again);
    return fail(b, BKS_E_INVAL);
  }
  if ((size_t)n < sizeof small) {
    va_end(again);
    return bks_buf_append(b, small, (size_t)n);
  }
  int rc = bks_buf_reserve(b, (size_t)n + 1);
  if (rc == BKS_OK) {
    vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, again);
    b->len += (size_t)n;
  }
  va_end(again);
  return rc;
}

int bks_buf_printf(bks_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = bks_buf_vprintf(b, fmt, ap);
  va_end(ap);
  return rc;
}

int bks_buf_error(const bks_buf *b) { return b->err; }

void bks_buf_reset(bks_buf *b) {
  b->len = 0;
  b->err = BKS_OK;
}

void bks_buf_deinit(bks_buf *b) {
  if (!b) return;
  free(b->data);
  bks_buf_init(b);
}

void bks_buf_fail(bks_buf *b, int rc) {
  if (rc < 0 && b->err == BKS_OK) b->err = rc;
}
