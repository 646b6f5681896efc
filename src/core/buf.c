#include "backstride/buf.h"

#include <stdlib.h>
#include <string.h>

// first allocation; small enough not to matter, large enough to skip the tiny regrowths
#define BUF_MIN_CAP 256u

void bks_buf_init(bks_buf *b) {
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
}

int bks_buf_reserve(bks_buf *b, size_t extra) {
  if (extra > SIZE_MAX - b->len) return BKS_E_LIMIT;
  size_t need = b->len + extra;
  if (need <= b->cap) return BKS_OK;

  // grow geometrically so that n appends cost O(n) copies in total
  size_t cap = b->cap ? b->cap : BUF_MIN_CAP;
  while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;

  uint8_t *p = realloc(b->data, cap);
  if (!p) return BKS_E_NOMEM;
  b->data = p;
  b->cap = cap;
  return BKS_OK;
}

int bks_buf_append(bks_buf *b, const void *p, size_t n) {
  if (n == 0) return BKS_OK;
  int rc = bks_buf_reserve(b, n);
  if (rc < 0) return rc;
  memcpy(b->data + b->len, p, n);
  b->len += n;
  return BKS_OK;
}

void bks_buf_reset(bks_buf *b) { b->len = 0; }

void bks_buf_deinit(bks_buf *b) {
  if (!b) return;
  free(b->data);
  bks_buf_init(b);
}
