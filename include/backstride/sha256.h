// backstride — SHA-256, for the content hash of imported files (Nettle underneath).
//
//     uint8_t h[32];
//     bks_sha256(bytes, n, h);
//     char hex[65];
//     bks_sha256_hex(h, hex);
#ifndef BACKSTRIDE_SHA256_H
#define BACKSTRIDE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

// streaming state; caller-allocated (room for Nettle's sha256_ctx, checked when building)
typedef struct bks_sha256_ctx {
  union {
    uint64_t align_;
    unsigned char bytes_[160];
  } impl_;
} bks_sha256_ctx;

/** Start a hash. */
BKS_API void bks_sha256_init(bks_sha256_ctx *c);

/** Hash `n` more bytes. Nullable: p when n is 0. */
BKS_API void bks_sha256_update(bks_sha256_ctx *c, const void *p, size_t n);

/** Finish: write the 32-byte digest to `out`. The context must be re-initialised to reuse it. */
BKS_API void bks_sha256_final(bks_sha256_ctx *c, uint8_t out[32]);

/** SHA-256 of `n` bytes at `p` in one call. Nullable: p when n is 0. */
BKS_API void bks_sha256(const void *p, size_t n, uint8_t out[32]);

/** Lower-case hexadecimal of a digest, NUL-terminated (65 bytes). */
BKS_API void bks_sha256_hex(const uint8_t digest[32], char out[65]);

#ifdef __cplusplus
}
#endif

#endif
