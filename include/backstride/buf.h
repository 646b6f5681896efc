// backstride — a growable byte buffer.
//
// An explicit struct the caller owns (often on the stack): writers append to it, and the caller
// reads `data`/`len` directly when done.
//
// The error is sticky, as in SQLite's sqlite3_str: the first failure (out of memory, a size past
// SIZE_MAX, a bad format) is kept in `err`, every later append does nothing and returns it, and
// the writer checks once at the end. So a writer of many pieces needs no check after each one.
//
//     bks_buf b;
//     bks_buf_init(&b);
//     bks_buf_append(&b, "abc", 3);
//     bks_buf_printf(&b, " %d", n);
//     if (bks_buf_error(&b) < 0) ...;
//     fwrite(b.data, 1, b.len, f);
//     bks_buf_deinit(&b);
#ifndef BACKSTRIDE_BUF_H
#define BACKSTRIDE_BUF_H

#include <stdarg.h>
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
  int err;       // the first failure (< 0), BKS_OK while none: then appends do nothing
} bks_buf;

/** Make `b` an empty buffer without an error. Allocates nothing. */
BKS_API void bks_buf_init(bks_buf *b);

/**
 * Make room for at least `extra` more bytes after `len`, so that appending them cannot fail.
 * Returns BKS_OK, BKS_E_LIMIT when `len + extra` does not fit in a size_t, BKS_E_NOMEM, or the
 * buffer's earlier error. On error the contents are unchanged and the error is kept.
 */
BKS_API int bks_buf_reserve(bks_buf *b, size_t extra);

/**
 * Append `n` bytes from `p`. Returns BKS_OK, BKS_E_LIMIT, BKS_E_NOMEM or the buffer's earlier
 * error (then nothing is appended); on error the contents are unchanged and the error is kept.
 * Nullable: p when n is 0.
 */
BKS_API int bks_buf_append(bks_buf *b, const void *p, size_t n);

/** Append the NUL-terminated string `s` (without its NUL). Returns as bks_buf_append. */
BKS_API int bks_buf_puts(bks_buf *b, const char *s);

/**
 * Append printf-formatted text (without a NUL). Returns as bks_buf_append, or BKS_E_INVAL when
 * the format cannot be formatted (kept as the buffer's error too).
 */
BKS_API int bks_buf_printf(bks_buf *b, const char *fmt, ...) BKS_PRINTF(2, 3);
BKS_API int bks_buf_vprintf(bks_buf *b, const char *fmt, va_list ap) BKS_PRINTF(2, 0);

/** The first failure since bks_buf_init or bks_buf_reset (< 0), or BKS_OK. */
BKS_API int bks_buf_error(const bks_buf *b);

/** Make `rc` the buffer's error when it is one (< 0) and the first: for a writer whose input
 * failed half-way, so that the caller sees it where it reads the buffer's error. */
BKS_API void bks_buf_fail(bks_buf *b, int rc);

/** Forget the contents (len = 0) and the error, but keep the memory for reuse. */
BKS_API void bks_buf_reset(bks_buf *b);

/** Free the memory and make `b` empty again. Nullable: b (then it does nothing). */
BKS_API void bks_buf_deinit(bks_buf *b);

#ifdef __cplusplus
}
#endif

#endif
