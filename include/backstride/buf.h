// backstride — a growable byte buffer.
//
// An explicit struct the caller owns (often on the stack): writers append to it, and the caller
// reads `data`/`len` directly when done.
//
//     bks_buf b;
//     bks_buf_init(&b);
//     if (bks_buf_append(&b, "abc", 3) < 0) ...;
//     fwrite(b.data, 1, b.len, f);
//     bks_buf_deinit(&b);
#ifndef BACKSTRIDE_BUF_H
#define BACKSTRIDE_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bks_buf {
  uint8_t *data; // the bytes (NULL while nothing has been allocated)
  size_t len;    // bytes in use
  size_t cap;    // bytes allocated
} bks_buf;

/** Make `b` an empty buffer. Allocates nothing. */
void bks_buf_init(bks_buf *b);

/**
 * Make room for at least `extra` more bytes after `len`, so that appending them cannot fail.
 * Returns BKS_OK, BKS_E_LIMIT when `len + extra` does not fit in a size_t, or BKS_E_NOMEM. On
 * error `b` is unchanged.
 */
int bks_buf_reserve(bks_buf *b, size_t extra);

/**
 * Append `n` bytes from `p`. Returns BKS_OK, BKS_E_LIMIT or BKS_E_NOMEM; on error `b` is
 * unchanged. Nullable: p when n is 0.
 */
int bks_buf_append(bks_buf *b, const void *p, size_t n);

/** Forget the contents (len = 0) but keep the memory for reuse. */
void bks_buf_reset(bks_buf *b);

/** Free the memory and make `b` empty again. Nullable: b (then it does nothing). */
void bks_buf_deinit(bks_buf *b);

#ifdef __cplusplus
}
#endif

#endif
