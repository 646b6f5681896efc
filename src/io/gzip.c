// gzip streams (RFC 1952) inflated whole with zlib, for .gz files and .gz entries of exports:
// bytes in, bytes out; the importer (src/app/import.c) decides what they are.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "backstride/alloc.h"
#include "backstride/io.h"

int bks_gunzip(const uint8_t *p, size_t n, uint64_t limit, uint8_t **out, size_t *outlen, char *err,
               size_t errsz) {
  z_stream z;
  memset(&z, 0, sizeof z);
  if (inflateInit2(&z, 15 + 16) != Z_OK) {
    snprintf(err, errsz, "gzip: cannot start zlib");
    return BKS_E_NOMEM;
  }
  // the gzip trailer holds the size mod 2^32: a good first guess, never trusted as a limit
  size_t cap = 65536;
  if (n >= 18) {
    uint32_t isize = (uint32_t)p[n - 4] | (uint32_t)p[n - 3] << 8 | (uint32_t)p[n - 2] << 16 |
                     (uint32_t)p[n - 1] << 24;
    if (isize > cap && isize <= limit) cap = isize;
  }
  uint8_t *buf = bks_malloc(cap);
  size_t len = 0, in_off = 0;
  int rc = buf ? BKS_OK : BKS_E_NOMEM;
  if (!buf) snprintf(err, errsz, "out of memory");
  while (rc == BKS_OK) {
    if (len == cap) {
      if (cap > limit) {
        snprintf(err, errsz, "inflates to more than %llu MiB (the limit for one file)",
                 (unsigned long long)(limit >> 20));
        rc = BKS_E_LIMIT;
        break;
      }
      size_t ncap = cap * 2 > limit + 1 ? (size_t)limit + 1 : cap * 2;
      uint8_t *q = bks_realloc(buf, ncap);
      if (!q) {
        snprintf(err, errsz, "out of memory");
        rc = BKS_E_NOMEM;
        break;
      }
      buf = q;
      cap = ncap;
    }
    // zlib counts in uInt: feed and fill at most 1 GiB per call
    size_t in_left = n - in_off, out_left = cap - len;
    z.next_in = (Bytef *)(uintptr_t)(p + in_off);
    z.avail_in = (uInt)(in_left < (1u << 30) ? in_left : (1u << 30));
    z.next_out = buf + len;
    z.avail_out = (uInt)(out_left < (1u << 30) ? out_left : (1u << 30));
    uInt before_in = z.avail_in, before_out = z.avail_out;
    int zr = inflate(&z, Z_NO_FLUSH);
    in_off += before_in - z.avail_in;
    len += before_out - z.avail_out;
    if (zr == Z_STREAM_END) {
      // another gzip member may follow (concatenated .gz); anything else after the end is ignored
      if (n - in_off >= 2 && p[in_off] == 0x1f && p[in_off + 1] == 0x8b) {
        inflateReset(&z);
        continue;
      }
      break;
    }
    if (zr == Z_BUF_ERROR) {
      // no progress possible although there is room for output: the input ran out
      snprintf(err, errsz, "offset %zu: gzip data ends early (truncated file)", in_off);
      rc = BKS_E_TRUNCATED;
    } else if (zr != Z_OK) {
      snprintf(err, errsz, "offset %zu: gzip data damaged (%s)", in_off,
               z.msg ? z.msg : "inflate failed");
      rc = zr == Z_MEM_ERROR ? BKS_E_NOMEM : BKS_E_CORRUPT;
    }
  }
  if (rc == BKS_OK && len > limit) {
    snprintf(err, errsz, "inflates to more than %llu MiB (the limit for one file)",
             (unsigned long long)(limit >> 20));
    rc = BKS_E_LIMIT;
  }
  inflateEnd(&z);
  if (rc < 0) {
    free(buf);
    return rc;
  }
  *out = buf;
  *outlen = len;
  return BKS_OK;
}
