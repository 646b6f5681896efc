// SHA-256 against the FIPS 180-4 example vectors (NIST "Cryptographic Standards and Guidelines:
// Examples with Intermediate Values", SHA256.pdf and SHA2_Additional) and the chunking invariance
// of the streaming interface.
#include <stdint.h>
#include <string.h>

#include "backstride/sha256.h"
#include "harness.h"

static void check_hex(const void *p, size_t n, const char *want) {
  uint8_t h[32];
  char hex[65];
  bks_sha256(p, n, h);
  bks_sha256_hex(h, hex);
  BKS_CHECK_STR(hex, want);
}

BKS_TEST(abc) {
  check_hex("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BKS_TEST(empty) {
  check_hex(NULL, 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

BKS_TEST(two_blocks_448_bits) {
  const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  BKS_CHECK_EQ_INT(strlen(m), 56); // 448 bits: the padding needs a second block
  check_hex(m, strlen(m), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

BKS_TEST(million_a) {
  static uint8_t buf[1000000];
  memset(buf, 'a', sizeof buf);
  check_hex(buf, sizeof buf, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // the same bytes fed in awkward pieces give the same digest
  bks_sha256_ctx c;
  bks_sha256_init(&c);
  size_t off = 0, step = 1;
  while (off < sizeof buf) {
    size_t k = sizeof buf - off < step ? sizeof buf - off : step;
    bks_sha256_update(&c, buf + off, k);
    off += k;
    step = step * 7 % 131 + 1;
  }
  uint8_t h[32];
  char hex[65];
  bks_sha256_final(&c, h);
  bks_sha256_hex(h, hex);
  BKS_CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// lengths around the padding boundary (55, 56, 63, 64, 65 bytes) against digests from sha256sum
BKS_TEST(padding_boundaries) {
  uint8_t buf[65];
  memset(buf, 'x', sizeof buf);
  static const struct {
    size_t n;
    const char *hex;
  } want[] = {
      {55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072"},
      {56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e"},
      {63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2"},
      {64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c"},
      {65, "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9"},
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) check_hex(buf, want[i].n, want[i].hex);
}

BKS_TEST_MAIN(BKS_CASE(abc), BKS_CASE(empty), BKS_CASE(two_blocks_448_bits), BKS_CASE(million_a),
              BKS_CASE(padding_boundaries))
