// SHA-256 through Nettle (Debian nettle-dev): a content hash is what a well-kept crypto library
// is for.
#include "backstride/sha256.h"

#include <nettle/sha2.h>

_Static_assert(sizeof(struct sha256_ctx) <= sizeof(((bks_sha256_ctx *)0)->impl_.bytes_),
               "bks_sha256_ctx is too small for Nettle's sha256_ctx");

static struct sha256_ctx *impl(bks_sha256_ctx *c) { return (struct sha256_ctx *)(void *)&c->impl_; }

void bks_sha256_init(bks_sha256_ctx *c) { sha256_init(impl(c)); }

void bks_sha256_update(bks_sha256_ctx *c, const void *p, size_t n) {
  if (n) sha256_update(impl(c), n, p);
}

void bks_sha256_final(bks_sha256_ctx *c, uint8_t out[32]) {
  sha256_digest(impl(c), SHA256_DIGEST_SIZE, out);
}

void bks_sha256(const void *p, size_t n, uint8_t out[32]) {
  bks_sha256_ctx c;
  bks_sha256_init(&c);
  bks_sha256_update(&c, p, n);
  bks_sha256_final(&c, out);
}

void bks_sha256_hex(const uint8_t digest[32], char out[65]) {
  static const char hex[] = "0123456789abcdef";
  for (int i = 0; i < 32; i++) {
    out[2 * i] = hex[digest[i] >> 4];
    out[2 * i + 1] = hex[digest[i] & 15];
  }
  out[64] = '\0';
}
