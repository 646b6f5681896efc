// The streaming JSON writer (include/backstride/json.h): commas, nesting checks, RFC 8259
// strings with invalid UTF-8 replaced, and numbers as JavaScript prints them.
#include "backstride/json.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "backstride/jsnum.h"

// bits of bks_json.level[]
enum {
  LV_OBJ = 1,  // an object (else an array)
  LV_HAS = 2,  // it has a member (the next one needs a comma)
  LV_KEY = 4,  // a key was written: its value is due
  LV_LINES = 8 // an array with one element per line
};

void bks_json_init(bks_json *w, bks_buf *out) {
  memset(w, 0, sizeof *w);
  w->out = out;
  w->err = bks_buf_error(out);
}

int bks_json_error(const bks_json *w) { return w->err; }

// keep the first failure: the one that explains what went wrong
static int fail(bks_json *w, int rc) {
  if (w->err == BKS_OK) w->err = rc;
  return w->err;
}

// the buffer's error after an append, kept as the writer's
static int check_out(bks_json *w) {
  int rc = bks_buf_error(w->out);
  return rc < 0 ? fail(w, rc) : BKS_OK;
}

static void put(bks_json *w, const char *s, size_t n) { bks_buf_append(w->out, s, n); }

// Before any value: is one allowed here? Writes the comma an array needs.
static int value_pre(bks_json *w) {
  if (w->err < 0) return w->err;
  if (w->depth == 0) return w->done ? fail(w, BKS_E_STATE) : BKS_OK;
  uint8_t *lv = &w->level[w->depth - 1];
  if (*lv & LV_OBJ) {
    if (!(*lv & LV_KEY)) return fail(w, BKS_E_STATE); // a key is due
    *lv &= (uint8_t)~LV_KEY;
    return BKS_OK;
  }
  if (*lv & LV_LINES) {
    put(w, *lv & LV_HAS ? ",\n" : "\n", *lv & LV_HAS ? 2 : 1);
  } else if (*lv & LV_HAS) {
    put(w, ",", 1);
  }
  *lv |= LV_HAS;
  return BKS_OK;
}

// after a complete value
static int value_post(bks_json *w) {
  if (w->depth == 0) w->done = 1;
  return check_out(w);
}

static int scalar(bks_json *w, const char *text, size_t n) {
  int rc = value_pre(w);
  if (rc < 0) return rc;
  put(w, text, n);
  return value_post(w);
}

//---- Strings ----

// The length of the well-formed UTF-8 sequence at p[0..n) (Unicode Table 3-7), or 0 when it is
// ill-formed: then *bad gets the length of its maximal subpart (at least 1), which becomes one
// U+FFFD.
static size_t utf8_seq(const uint8_t *p, size_t n, size_t *bad) {
  uint8_t c = p[0];
  size_t len;
  uint8_t lo = 0x80, hi = 0xBF; // the range of the second byte
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0; // no overlong forms
    if (c == 0xED) hi = 0x9F; // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90; // no overlong forms
    if (c == 0xF4) hi = 0x8F; // nothing past U+10FFFF
  } else {
    *bad = 1; // a continuation byte, C0, C1 or F5..FF
    return 0;
  }
  for (size_t k = 1; k < len; k++) {
    uint8_t b = k < n ? p[k] : 0;
    uint8_t l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
    if (k >= n || b < l || b > h) {
      *bad = k;
      return 0;
    }
  }
  return len;
}

static void escape(bks_buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  const uint8_t *p = (const uint8_t *)s;
  size_t run = 0; // bytes from p[i - run] copied as they are, still to append
  size_t i = 0;
  while (i < n) {
    uint8_t c = p[i];
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      run++, i++;
      continue;
    }
    size_t bad = 0, len = c >= 0x80 ? utf8_seq(p + i, n - i, &bad) : 0;
    if (len) {
      run += len, i += len;
      continue;
    }
    bks_buf_append(b, p + i - run, run);
    run = 0;
    if (bad) {
      bks_buf_append(b, "\xEF\xBF\xBD", 3); // U+FFFD
      i += bad;
      continue;
    }
    char e[6] = {'\\', 0, 0, 0, 0, 0};
    size_t en = 2;
    switch (c) {
    case '"':
      e[1] = '"';
      break;
    case '\\':
      e[1] = '\\';
      break;
    case '\n':
      e[1] = 'n';
      break;
    case '\r':
      e[1] = 'r';
      break;
    case '\t':
      e[1] = 't';
      break;
    default: // the other control bytes, \b and \f too (as the command line always wrote them)
      memcpy(e + 1, "u00", 3);
      e[4] = hex[c >> 4];
      e[5] = hex[c & 15];
      en = 6;
    }
    bks_buf_append(b, e, en);
    i++;
  }
  bks_buf_append(b, p + n - run, run);
}

static void quoted(bks_json *w, const char *s, size_t n) {
  put(w, "\"", 1);
  escape(w->out, s, n);
  put(w, "\"", 1);
}

int bks_json_keyn(bks_json *w, const char *key, size_t n) {
  if (w->err < 0) return w->err;
  if (!key && n) return fail(w, BKS_E_INVAL);
  if (w->depth == 0) return fail(w, BKS_E_STATE);
  uint8_t *lv = &w->level[w->depth - 1];
  if (!(*lv & LV_OBJ) || (*lv & LV_KEY)) return fail(w, BKS_E_STATE);
  if (*lv & LV_HAS) put(w, ",", 1);
  *lv |= LV_HAS | LV_KEY;
  quoted(w, key ? key : "", n);
  put(w, ":", 1);
  return check_out(w);
}

int bks_json_key(bks_json *w, const char *key) {
  if (!key) return w->err < 0 ? w->err : fail(w, BKS_E_INVAL);
  return bks_json_keyn(w, key, strlen(key));
}

int bks_json_strn(bks_json *w, const char *s, size_t n) {
  if (w->err < 0) return w->err;
  if (!s && n) return fail(w, BKS_E_INVAL);
  int rc = value_pre(w);
  if (rc < 0) return rc;
  quoted(w, s ? s : "", n);
  return value_post(w);
}

int bks_json_str(bks_json *w, const char *s) {
  if (!s) return bks_json_null(w);
  return bks_json_strn(w, s, strlen(s));
}

//---- Containers ----

static int begin(bks_json *w, uint8_t kind, char open) {
  int rc = value_pre(w);
  if (rc < 0) return rc;
  if (w->depth >= BKS_JSON_MAX_DEPTH) return fail(w, BKS_E_LIMIT);
  w->level[w->depth++] = kind;
  put(w, &open, 1);
  return check_out(w);
}

static int end(bks_json *w, uint8_t kind, char close) {
  if (w->err < 0) return w->err;
  if (w->depth == 0) return fail(w, BKS_E_STATE);
  uint8_t lv = w->level[w->depth - 1];
  // the innermost container must be this kind, and an object must not wait for a value
  if ((lv & LV_OBJ) != (kind & LV_OBJ) || (lv & LV_KEY)) return fail(w, BKS_E_STATE);
  w->depth--;
  if ((lv & LV_LINES) && (lv & LV_HAS)) put(w, "\n", 1);
  put(w, &close, 1);
  return value_post(w);
}

int bks_json_obj_begin(bks_json *w) { return begin(w, LV_OBJ, '{'); }
int bks_json_obj_end(bks_json *w) { return end(w, LV_OBJ, '}'); }
int bks_json_arr_begin(bks_json *w) { return begin(w, 0, '['); }
int bks_json_arr_end(bks_json *w) { return end(w, 0, ']'); }
int bks_json_arr_begin_lines(bks_json *w) { return begin(w, LV_LINES, '['); }

int bks_json_finish(bks_json *w) {
  if (w->err < 0) return w->err;
  if (check_out(w) < 0) return w->err;
  if (w->depth || !w->done) return fail(w, BKS_E_STATE);
  return BKS_OK;
}

//---- Numbers and the rest ----

int bks_json_num(bks_json *w, double x) {
  if (!isfinite(x)) return bks_json_null(w);
  char b[BKS_JSNUM_MAX];
  size_t n = bks_jsnum_format(x, b);
  return scalar(w, b, n);
}

int bks_json_fixed(bks_json *w, double x, int decimals) {
  if (w->err < 0) return w->err;
  if (decimals < 0 || decimals > BKS_JSON_MAX_DECIMALS) return fail(w, BKS_E_INVAL);
  if (!isfinite(x)) return bks_json_null(w);
  // room for DBL_MAX's 309 digits, a sign, a point and the decimals
  char b[352];
  int n = snprintf(b, sizeof b, "%.*f", decimals, x);
  if (n < 0 || (size_t)n >= sizeof b) return fail(w, BKS_E_INVAL);
  // a value that rounds to zero reads as 0, not -0
  const char *p = b;
  if (b[0] == '-' && strspn(b + 1, "0.") == (size_t)n - 1) p++, n--;
  return scalar(w, p, (size_t)n);
}

int bks_json_int(bks_json *w, int64_t x) {
  char b[24];
  int n = snprintf(b, sizeof b, "%" PRId64, x);
  return scalar(w, b, (size_t)n);
}

int bks_json_uint(bks_json *w, uint64_t x) {
  char b[24];
  int n = snprintf(b, sizeof b, "%" PRIu64, x);
  return scalar(w, b, (size_t)n);
}

int bks_json_bool(bks_json *w, int b) { return b ? scalar(w, "true", 4) : scalar(w, "false", 5); }

int bks_json_null(bks_json *w) { return scalar(w, "null", 4); }

//---- key and value ----

int bks_json_kv_str(bks_json *w, const char *key, const char *s) {
  bks_json_key(w, key);
  return bks_json_str(w, s);
}

int bks_json_kv_num(bks_json *w, const char *key, double x) {
  bks_json_key(w, key);
  return bks_json_num(w, x);
}

int bks_json_kv_fixed(bks_json *w, const char *key, double x, int decimals) {
  bks_json_key(w, key);
  return bks_json_fixed(w, x, decimals);
}

int bks_json_kv_int(bks_json *w, const char *key, int64_t x) {
  bks_json_key(w, key);
  return bks_json_int(w, x);
}

int bks_json_kv_uint(bks_json *w, const char *key, uint64_t x) {
  bks_json_key(w, key);
  return bks_json_uint(w, x);
}

int bks_json_kv_bool(bks_json *w, const char *key, int b) {
  bks_json_key(w, key);
  return bks_json_bool(w, b);
}

int bks_json_kv_null(bks_json *w, const char *key) {
  bks_json_key(w, key);
  return bks_json_null(w);
}
