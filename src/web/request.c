// backstride — the request's own text, checked before anything reads it: the path, the Host
// header, the fields of a POSTed form and the values in them. Pure functions (no libmicrohttpd,
// no library), so fuzz/fuzz_http.c drives them with any bytes.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web_internal.h"

// a path is plain when it is absolute, short, and has no "..", backslash, control byte or
// doubled slash: anything else is a trick (the routes are a fixed list anyway)
int bks__web_plain_path(const char *p) {
  if (p[0] != '/' || strlen(p) > 200) return 0;
  if (strstr(p, "..") || strstr(p, "//") || strchr(p, '\\')) return 0;
  for (const unsigned char *c = (const unsigned char *)p; *c; c++) {
    if (*c < 0x20 || *c == 0x7f) return 0;
  }
  return 1;
}

// On a loopback address, the Host header must name this machine: a web page whose own name was
// made to resolve to 127.0.0.1 (DNS rebinding) could otherwise read these pages, CSRF token
// included. Bound elsewhere on purpose (--bind), the machine's names are not known here.
int bks__web_host_ok(int loopback, const char *bind, unsigned port, const char *host) {
  if (!loopback || !host) return 1; // HTTP/1.0 may send none; 1.1 without one is refused
  char want[96];                    // room for bind (64) and ":65535"
  static const char *const names[] = {"127.0.0.1", "localhost", "[::1]"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    snprintf(want, sizeof want, "%s:%u", names[i], port);
    if (strcasecmp(host, want) == 0) return 1;
  }
  // any other 127.x.y.z the runner bound to, by its number
  snprintf(want, sizeof want, "%.64s:%u", bind, port);
  return strcasecmp(host, want) == 0;
}

void bks__web_form_add(bks__web_form *f, const char *key, const char *data, uint64_t off,
                       size_t size) {
  // a continuation of the last field (the post processor hands a long value over in pieces),
  // or a new one
  bks__web_field *fl = NULL;
  if (off > 0 && f->n && strcmp(f->f[f->n - 1].key, key) == 0) {
    fl = &f->f[f->n - 1];
  } else {
    if (f->n == BKS__WEB_MAX_FIELDS || strlen(key) >= sizeof fl->key) {
      f->overflow = 1;
      return;
    }
    fl = &f->f[f->n++];
    snprintf(fl->key, sizeof fl->key, "%s", key);
    fl->len = 0;
    fl->val[0] = '\0';
  }
  if (fl->len + size >= sizeof fl->val) {
    f->overflow = 1;
    return;
  }
  memcpy(fl->val + fl->len, data, size);
  fl->len += size;
  fl->val[fl->len] = '\0';
  // a NUL inside a value would cut it short unseen: refuse the form
  if (memchr(data, '\0', size)) f->overflow = 1;
}

const char *bks__form_get(const bks__web_form *f, const char *key) {
  for (size_t i = 0; i < f->n; i++) {
    if (strcmp(f->f[i].key, key) == 0) return f->f[i].val;
  }
  return NULL;
}

// a number within [lo, hi]; plain decimals only (no "nan", "inf" or hex)
int bks__web_number(const char *v, double lo, double hi, double *out) {
  if (!v || !*v || strspn(v, "0123456789.+-eE") != strlen(v)) return -1;
  char *end;
  double x = strtod(v, &end);
  if (*end || !isfinite(x) || x < lo || x > hi) return -1;
  *out = x;
  return 0;
}

// free text the runner names things with: 1..max bytes, no control characters
int bks__web_name_ok(const char *v, size_t max) {
  if (!v || !*v || strlen(v) > max) return 0;
  for (const unsigned char *c = (const unsigned char *)v; *c; c++) {
    if (*c < 0x20 || *c == 0x7f) return 0;
  }
  return 1;
}
