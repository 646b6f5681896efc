// Fuzz target for what the dashboard reads of a request before anything else does (src/web/
// request.c): the path, the Host header and the fields of a POSTed form, with the value checks
// the form handlers use. The input is split at NUL bytes: the first part is the path, the second
// the Host header, the rest alternate field names and values, each value handed over in pieces
// whose size comes from the input's first byte (as libmicrohttpd's post processor does).
// Aborts when an invariant a handler relies on breaks: a path accepted as plain that holds "..",
// "//", a backslash or a control byte; a field kept with a value longer than its buffer or cut at
// a NUL; a number accepted outside its range or not finite.
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web/web_internal.h"

// the next NUL-terminated part of the input (the last one may end without a NUL)
static const char *next_part(const uint8_t *data, size_t size, size_t *at, size_t *len, char *buf,
                             size_t cap) {
  if (*at >= size) return NULL;
  size_t start = *at, n = 0;
  while (*at < size && data[*at] != 0) (*at)++;
  n = *at - start;
  if (*at < size) (*at)++; // the NUL
  *len = n;
  if (n >= cap) n = cap - 1;
  memcpy(buf, data + start, n);
  buf[n] = '\0';
  return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  size_t piece = 1 + data[0] % 32, at = 1, len = 0;
  static char part[4096];

  // the path
  if (!next_part(data, size, &at, &len, part, sizeof part)) return 0;
  if (bks__web_plain_path(part)) {
    if (part[0] != '/' || strlen(part) > 200 || strstr(part, "..") || strstr(part, "//") ||
        strchr(part, '\\'))
      abort();
    for (const unsigned char *c = (const unsigned char *)part; *c; c++) {
      if (*c < 0x20 || *c == 0x7f) abort();
    }
  }

  // the Host header, on a loopback server at 127.0.0.1:8765 and on one bound elsewhere
  if (!next_part(data, size, &at, &len, part, sizeof part)) return 0;
  if (!bks__web_host_ok(0, "0.0.0.0", 8765, part)) abort(); // not loopback: never refused
  if (bks__web_host_ok(1, "127.0.0.1", 8765, part) && strncasecmp(part, "127.0.0.1:", 10) != 0 &&
      strncasecmp(part, "localhost:", 10) != 0 && strncasecmp(part, "[::1]:", 6) != 0)
    abort();

  // the form: name, value, name, value...; each value in pieces
  static bks__web_form f;
  memset(&f, 0, sizeof f);
  f.upload_fd = -1;
  static char key[4096];
  while (next_part(data, size, &at, &len, key, sizeof key)) {
    size_t vlen = 0;
    const char *v = next_part(data, size, &at, &vlen, part, sizeof part);
    if (!v) break;
    size_t n = strlen(v); // a NUL ends a part here; the post processor may hand one over too
    for (size_t off = 0; off < n; off += piece) {
      size_t k = n - off < piece ? n - off : piece;
      bks__web_form_add(&f, key, v + off, off, k);
    }
    if (n == 0) bks__web_form_add(&f, key, "", 0, 0);
  }
  if (f.n > BKS__WEB_MAX_FIELDS) abort();
  for (size_t i = 0; i < f.n; i++) {
    if (f.f[i].len >= sizeof f.f[i].val || strlen(f.f[i].val) != f.f[i].len) abort();
    if (bks__form_get(&f, f.f[i].key) == NULL) abort();
    double x;
    if (bks__web_number(f.f[i].val, 0, 10, &x) == 0 && (!isfinite(x) || x < 0 || x > 10)) abort();
    if (bks__web_name_ok(f.f[i].val, 63) && (f.f[i].len == 0 || f.f[i].len > 63)) abort();
  }
  return 0;
}
