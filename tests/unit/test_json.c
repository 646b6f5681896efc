// src/report/json.c: the JSON writer's escapes, numbers, commas, misuse as a sticky error, and
// random documents read back with jansson (when it is installed: BKS_HAVE_JANSSON).
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "backstride/json.h"
#include "harness.h"

#ifdef BKS_HAVE_JANSSON
#include <jansson.h>
#endif

// the buffer's text (NUL-terminated in place of the buffer's spare byte)
static const char *text(bks_buf *b) {
  bks_buf_append(b, "", 1);
  b->len--;
  return (const char *)b->data;
}

// one value written alone: the document's text (or "ERR" when finish fails)
static char out[512];

static const char *num(double x) {
  bks_buf b;
  bks_buf_init(&b);
  bks_json w;
  bks_json_init(&w, &b);
  bks_json_num(&w, x);
  snprintf(out, sizeof out, "%s", bks_json_finish(&w) == BKS_OK ? text(&b) : "ERR");
  bks_buf_deinit(&b);
  return out;
}

static const char *fixed(double x, int decimals) {
  bks_buf b;
  bks_buf_init(&b);
  bks_json w;
  bks_json_init(&w, &b);
  bks_json_fixed(&w, x, decimals);
  snprintf(out, sizeof out, "%s", bks_json_finish(&w) == BKS_OK ? text(&b) : "ERR");
  bks_buf_deinit(&b);
  return out;
}

static const char *str(const char *s, size_t n) {
  bks_buf b;
  bks_buf_init(&b);
  bks_json w;
  bks_json_init(&w, &b);
  bks_json_strn(&w, s, n);
  snprintf(out, sizeof out, "%s", bks_json_finish(&w) == BKS_OK ? text(&b) : "ERR");
  bks_buf_deinit(&b);
  return out;
}

BKS_TEST(escapes) {
  BKS_CHECK_STR(str("plain", 5), "\"plain\"");
  BKS_CHECK_STR(str("", 0), "\"\"");
  BKS_CHECK_STR(str(NULL, 0), "\"\"");
  BKS_CHECK_STR(str("a\"b\\c/d", 7), "\"a\\\"b\\\\c/d\"");
  BKS_CHECK_STR(str("\n\r\t", 3), "\"\\n\\r\\t\"");
  // the other control bytes as \u00XX in lowercase, \b and \f included (as the CLI always did)
  BKS_CHECK_STR(str("\b\f\x01\x1b\x1f", 5), "\"\\u0008\\u000c\\u0001\\u001b\\u001f\"");
  BKS_CHECK_STR(str("a\0b", 3), "\"a\\u0000b\"");
  BKS_CHECK_STR(str("\x7f", 1), "\"\x7f\""); // DEL needs no escape
  // valid UTF-8 is copied: é, €, U+10FFFF, U+2028
  BKS_CHECK_STR(str("\xC3\xA9\xE2\x82\xAC\xF4\x8F\xBF\xBF\xE2\x80\xA8", 12),
                "\"\xC3\xA9\xE2\x82\xAC\xF4\x8F\xBF\xBF\xE2\x80\xA8\"");
}

BKS_TEST(invalid_utf8_becomes_replacement) {
#define FFFD "\xEF\xBF\xBD"
  BKS_CHECK_STR(str("a\x80z", 3), "\"a" FFFD "z\"");               // a lone continuation byte
  BKS_CHECK_STR(str("\xC0\xAF", 2), "\"" FFFD FFFD "\"");          // overlong: C0 is never valid
  BKS_CHECK_STR(str("\xE0\x80\xAF", 3), "\"" FFFD FFFD FFFD "\""); // overlong 3-byte form
  BKS_CHECK_STR(str("\xED\xA0\x80", 3), "\"" FFFD FFFD FFFD "\""); // a surrogate
  BKS_CHECK_STR(str("\xF4\x90\x80\x80", 4), "\"" FFFD FFFD FFFD FFFD "\""); // past U+10FFFF
  BKS_CHECK_STR(str("\xFF", 1), "\"" FFFD "\"");
  // a truncated sequence is one maximal subpart: one U+FFFD, then what follows
  BKS_CHECK_STR(str("\xE2\x82z", 3), "\"" FFFD "z\"");
  BKS_CHECK_STR(str("\xF0\x9F\x98", 3), "\"" FFFD "\"");
  BKS_CHECK_STR(str("\xF0\x9F\x98\"", 4), "\"" FFFD "\\\"\"");
  BKS_CHECK_STR(str("\xC3", 1), "\"" FFFD "\"");
#undef FFFD
}

BKS_TEST(numbers_shortest_round_trip) {
  BKS_CHECK_STR(num(0.1), "0.1");
  BKS_CHECK_STR(num(5601.27), "5601.27");
  BKS_CHECK_STR(num(1e21), "1e+21");
  BKS_CHECK_STR(num(1e20), "100000000000000000000");
  BKS_CHECK_STR(num(-0.0), "0"); // as JSON.stringify
  BKS_CHECK_STR(num(0.1 + 0.2), "0.30000000000000004");
  BKS_CHECK_STR(num(5e-324), "5e-324");
  BKS_CHECK_STR(num(1e-7), "1e-7");
  BKS_CHECK_STR(num(-1.5), "-1.5");
  BKS_CHECK_STR(num(42), "42");
  BKS_CHECK_STR(num((double)NAN), "null");
  BKS_CHECK_STR(num((double)INFINITY), "null");
  BKS_CHECK_STR(num(-(double)INFINITY), "null");
  // every one reads back to the same double
  const double v[] = {0.1,
                      5601.27,
                      1e21,
                      1e-7,
                      2.2250738585072014e-308,
                      4.9e-324,
                      1.7976931348623157e308,
                      123456789.123456789,
                      1.0 / 3};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) BKS_CHECK(strtod(num(v[i]), NULL) == v[i]);
}

BKS_TEST(numbers_fixed_and_integers) {
  BKS_CHECK_STR(fixed(1.23456, 2), "1.23");
  BKS_CHECK_STR(fixed(2, 3), "2.000");
  BKS_CHECK_STR(fixed(-0.0001, 2), "0.00"); // no sign on a value that rounds to zero
  BKS_CHECK_STR(fixed(-0.0, 0), "0");
  BKS_CHECK_STR(fixed(-1.5, 1), "-1.5");
  BKS_CHECK_STR(fixed((double)NAN, 2), "null");
  BKS_CHECK_EQ_INT(strlen(fixed(1e300, 2)), 304); // 301 digits and ".00": long, but it fits
  BKS_CHECK(strlen(fixed(-1.7976931348623157e308, 17)) > 300);
  BKS_CHECK_STR(fixed(1, 18), "ERR");
  BKS_CHECK_STR(fixed(1, -1), "ERR");

  bks_buf b;
  bks_buf_init(&b);
  bks_json w;
  bks_json_init(&w, &b);
  bks_json_arr_begin(&w);
  bks_json_int(&w, INT64_MIN);
  bks_json_int(&w, INT64_MAX);
  bks_json_uint(&w, UINT64_MAX);
  bks_json_int(&w, 0);
  bks_json_bool(&w, 1);
  bks_json_bool(&w, 0);
  bks_json_null(&w);
  bks_json_str(&w, NULL);
  bks_json_arr_end(&w);
  BKS_CHECK_EQ_INT(bks_json_finish(&w), BKS_OK);
  BKS_CHECK_STR(text(&b), "[-9223372036854775808,9223372036854775807,18446744073709551615,0,true,"
                          "false,null,null]");
  bks_buf_deinit(&b);
}

BKS_TEST(commas_and_nesting) {
  bks_buf b;
  bks_buf_init(&b);
  bks_json w;
  bks_json_init(&w, &b);
  bks_json_obj_begin(&w);
  bks_json_kv_str(&w, "a", "x");
  bks_json_key(&w, "b");
  bks_json_arr_begin(&w);
  bks_json_arr_begin(&w);
  bks_json_arr_end(&w);
  bks_json_obj_begin(&w);
  bks_json_obj_end(&w);
  bks_json_num(&w, 1);
  bks_json_arr_end(&w);
  bks_json_keyn(&w, "q\"\n", 3);
  bks_json_int(&w, 2);
  bks_json_kv_fixed(&w, "f", 1.5, 2);
  bks_json_kv_num(&w, "n", 0.5);
  bks_json_kv_int(&w, "i", -3);
  bks_json_kv_uint(&w, "u", 3);
  bks_json_kv_bool(&w, "t", 1);
  bks_json_kv_null(&w, "z");
  bks_json_obj_end(&w);
  BKS_CHECK_EQ_INT(bks_json_finish(&w), BKS_OK);
  BKS_CHECK_STR(text(&b), "{\"a\":\"x\",\"b\":[[],{},1],\"q\\\"\\n\":2,\"f\":1.50,\"n\":0.5,"
                          "\"i\":-3,\"u\":3,\"t\":true,\"z\":null}");
  // a second document on the same buffer: JSON lines
  bks_buf_append(&b, "\n", 1);
  bks_json_init(&w, &b);
  bks_json_arr_begin(&w);
  bks_json_arr_end(&w);
  BKS_CHECK_EQ_INT(bks_json_finish(&w), BKS_OK);
  BKS_CHECK(strstr(text(&b), "null}\n[]") != NULL);
  // an array one element a line
  bks_buf_reset(&b);
  bks_json_init(&w, &b);
  bks_json_arr_begin_lines(&w);
  bks_json_int(&w, 1);
  bks_json_arr_begin_lines(&w);
  bks_json_arr_end(&w);
  bks_json_obj_begin(&w);
  bks_json_obj_end(&w);
  bks_json_arr_end(&w);
  BKS_CHECK_EQ_INT(bks_json_finish(&w), BKS_OK);
  BKS_CHECK_STR(text(&b), "[\n1,\n[],\n{}\n]");
  bks_buf_reset(&b);
  bks_json_init(&w, &b);
  bks_json_arr_begin_lines(&w);
  BKS_CHECK_EQ_INT(bks_json_obj_end(&w), BKS_E_STATE); // closed as an array only
  bks_buf_deinit(&b);
}

// run `steps` (a tiny language: { } [ ] k=key v=value) and return finish's result; `len` gets
// the buffer's length when the first error was met (nothing is written after it)
static int script(const char *steps, size_t *len_at_error) {
  bks_buf b;
  bks_buf_init(&b);
  bks_json w;
  bks_json_init(&w, &b);
  *len_at_error = (size_t)-1;
  for (const char *c = steps; *c; c++) {
    int rc = BKS_OK;
    switch (*c) {
    case '{':
      rc = bks_json_obj_begin(&w);
      break;
    case '}':
      rc = bks_json_obj_end(&w);
      break;
    case '[':
      rc = bks_json_arr_begin(&w);
      break;
    case ']':
      rc = bks_json_arr_end(&w);
      break;
    case 'k':
      rc = bks_json_key(&w, "k");
      break;
    default:
      rc = bks_json_int(&w, 1);
      break;
    }
    if (rc < 0 && *len_at_error == (size_t)-1) *len_at_error = b.len;
  }
  int rc = bks_json_finish(&w);
  // sticky: later calls return the error and write nothing
  if (rc < 0) {
    size_t len = b.len;
    BKS_CHECK_EQ_INT(bks_json_null(&w), rc);
    BKS_CHECK_EQ_INT(bks_json_key(&w, "x"), rc);
    BKS_CHECK_EQ_INT(bks_json_arr_end(&w), rc);
    BKS_CHECK_EQ_INT(bks_json_finish(&w), rc);
    BKS_CHECK_EQ_INT(bks_json_error(&w), rc);
    BKS_CHECK_EQ_INT(b.len, len);
  }
  bks_buf_deinit(&b);
  return rc;
}

BKS_TEST(misuse_is_a_sticky_error) {
  size_t at;
  BKS_CHECK_EQ_INT(script("{kv}", &at), BKS_OK);
  BKS_CHECK_EQ_INT(script("[vv[]]", &at), BKS_OK);
  BKS_CHECK_EQ_INT(script("v", &at), BKS_OK);
  BKS_CHECK_EQ_INT(script("{v}", &at), BKS_E_STATE); // a value where a key is due
  BKS_CHECK_EQ_INT(at, 1);
  BKS_CHECK_EQ_INT(script("{kk", &at), BKS_E_STATE); // a key where a value is due
  BKS_CHECK_EQ_INT(script("[k]", &at), BKS_E_STATE); // a key in an array
  BKS_CHECK_EQ_INT(script("k", &at), BKS_E_STATE);   // a key outside any object
  BKS_CHECK_EQ_INT(script("{k}", &at), BKS_E_STATE); // an object closed before the value
  BKS_CHECK_EQ_INT(script("[}", &at), BKS_E_STATE);  // the wrong close
  BKS_CHECK_EQ_INT(script("{]", &at), BKS_E_STATE);
  BKS_CHECK_EQ_INT(script("[]]", &at), BKS_E_STATE); // unbalanced
  BKS_CHECK_EQ_INT(at, 2);
  BKS_CHECK_EQ_INT(script("vv", &at), BKS_E_STATE); // a second top-level value
  BKS_CHECK_EQ_INT(script("[", &at), BKS_E_STATE);  // incomplete: finish says so
  BKS_CHECK_EQ_INT(at, (size_t)-1);
  BKS_CHECK_EQ_INT(script("", &at), BKS_E_STATE); // nothing written
  // the first error is the one kept
  BKS_CHECK_EQ_INT(script("{v]]]", &at), BKS_E_STATE);

  // too deep: the limit is refused with BKS_E_LIMIT, one less is fine
  char deep[2 * BKS_JSON_MAX_DEPTH + 4];
  memset(deep, '[', BKS_JSON_MAX_DEPTH);
  memset(deep + BKS_JSON_MAX_DEPTH, ']', BKS_JSON_MAX_DEPTH);
  deep[2 * BKS_JSON_MAX_DEPTH] = '\0';
  BKS_CHECK_EQ_INT(script(deep, &at), BKS_OK);
  memset(deep, '[', BKS_JSON_MAX_DEPTH + 1);
  memset(deep + BKS_JSON_MAX_DEPTH + 1, ']', BKS_JSON_MAX_DEPTH + 1);
  deep[2 * BKS_JSON_MAX_DEPTH + 2] = '\0';
  BKS_CHECK_EQ_INT(script(deep, &at), BKS_E_LIMIT);
  BKS_CHECK_EQ_INT(at, BKS_JSON_MAX_DEPTH);

  // bad arguments
  bks_buf b;
  bks_buf_init(&b);
  bks_json w;
  bks_json_init(&w, &b);
  bks_json_obj_begin(&w);
  BKS_CHECK_EQ_INT(bks_json_key(&w, NULL), BKS_E_INVAL);
  BKS_CHECK_EQ_INT(bks_json_finish(&w), BKS_E_INVAL);
  bks_buf_deinit(&b);
}

BKS_TEST(buffer_error_is_the_writers) {
  bks_buf b;
  bks_buf_init(&b);
  bks_json w;
  bks_json_init(&w, &b);
  bks_json_arr_begin(&w);
  BKS_CHECK_EQ_INT(bks_buf_reserve(&b, SIZE_MAX), BKS_E_LIMIT); // the buffer fails
  BKS_CHECK_EQ_INT(bks_json_int(&w, 1), BKS_E_LIMIT);
  BKS_CHECK_EQ_INT(bks_json_arr_end(&w), BKS_E_LIMIT);
  BKS_CHECK_EQ_INT(bks_json_finish(&w), BKS_E_LIMIT);
  // a writer started on a failed buffer fails at once
  bks_json w2;
  bks_json_init(&w2, &b);
  BKS_CHECK_EQ_INT(bks_json_error(&w2), BKS_E_LIMIT);
  BKS_CHECK_EQ_INT(bks_json_null(&w2), BKS_E_LIMIT);
  bks_buf_deinit(&b);
}

//---- Property: random documents parse with jansson ----

#ifdef BKS_HAVE_JANSSON
// splitmix64: a seeded generator, the same documents on every machine
static uint64_t mix(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

// a random value at `depth`; `keys` numbers the keys so that none repeats
static void random_value(bks_json *w, uint64_t *rs, int depth, unsigned *keys) {
  uint64_t r = mix(rs);
  int kind = depth >= 10 ? (int)(r % 6) : (int)(r % 8);
  char s[64];
  size_t n = (size_t)(mix(rs) % sizeof s);
  for (size_t i = 0; i < n; i++) s[i] = (char)(mix(rs) & 0xFF); // control bytes and bad UTF-8
  switch (kind) {
  case 0: {
    uint64_t bits = mix(rs);
    double x;
    memcpy(&x, &bits, sizeof x);
    bks_json_num(w, x);
    break;
  }
  case 1:
    bks_json_fixed(w, (double)(int64_t)mix(rs) / 1e9, (int)(mix(rs) % 6));
    break;
  case 2:
    bks_json_int(w, (int64_t)mix(rs));
    break;
  case 3:
    bks_json_strn(w, s, n);
    break;
  case 4:
    bks_json_bool(w, (int)(r >> 8 & 1));
    break;
  case 5:
    bks_json_null(w);
    break;
  case 6: {
    bks_json_arr_begin(w);
    int m = (int)(mix(rs) % 5);
    for (int i = 0; i < m; i++) random_value(w, rs, depth + 1, keys);
    bks_json_arr_end(w);
    break;
  }
  default: {
    bks_json_obj_begin(w);
    int m = (int)(mix(rs) % 5);
    for (int i = 0; i < m; i++) {
      char k[96];
      size_t kn = n > 32 ? 32 : n;
      memcpy(k, s, kn);
      for (size_t j = 0; j < kn; j++) {
        if (!k[j]) k[j] = 'x'; // jansson refuses NUL in keys (JSON does not)
      }
      kn += (size_t)snprintf(k + kn, sizeof k - kn, "#%u", (*keys)++);
      bks_json_keyn(w, k, kn);
      random_value(w, rs, depth + 1, keys);
    }
    bks_json_obj_end(w);
    break;
  }
  }
}

#endif

BKS_TEST(random_documents_parse) {
#ifndef BKS_HAVE_JANSSON
  BKS_SKIP("jansson (libjansson-dev) was not found when CMake ran");
#else
  uint64_t rs = 14;
  for (int doc = 0; doc < 2000; doc++) {
    bks_buf b;
    bks_buf_init(&b);
    bks_json w;
    bks_json_init(&w, &b);
    unsigned keys = 0;
    bks_json_arr_begin(&w);
    random_value(&w, &rs, 0, &keys);
    bks_json_arr_end(&w);
    BKS_CHECK_EQ_INT(bks_json_finish(&w), BKS_OK);
    json_error_t err;
    json_t *v =
        json_loadb((const char *)b.data, b.len, JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, &err);
    if (!v) {
      fprintf(stderr, "document %d: %s: %.*s\n", doc, err.text, (int)b.len, (const char *)b.data);
    }
    BKS_CHECK(v != NULL);
    json_decref(v);
    bks_buf_deinit(&b);
  }
#endif
}

BKS_TEST(jansson_reads_numbers_back) {
#ifndef BKS_HAVE_JANSSON
  BKS_SKIP("jansson (libjansson-dev) was not found when CMake ran");
#else
  uint64_t rs = 2026;
  for (int i = 0; i < 20000; i++) {
    uint64_t bits = mix(&rs);
    double x;
    memcpy(&x, &bits, sizeof x);
    if (i % 3 == 0) x = (double)(int64_t)(bits >> 20) / 1000.0; // short decimals
    const char *t = num(x);
    json_error_t err;
    json_t *v = json_loadb(t, strlen(t), JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL, &err);
    BKS_CHECK(v != NULL);
    if (!v) continue;
    if (isfinite(x)) {
      BKS_CHECK(json_is_real(v) && json_real_value(v) == x);
    } else {
      BKS_CHECK(json_is_null(v));
    }
    json_decref(v);
  }
#endif
}

BKS_TEST_MAIN(BKS_CASE(escapes), BKS_CASE(invalid_utf8_becomes_replacement),
              BKS_CASE(numbers_shortest_round_trip), BKS_CASE(numbers_fixed_and_integers),
              BKS_CASE(commas_and_nesting), BKS_CASE(misuse_is_a_sticky_error),
              BKS_CASE(buffer_error_is_the_writers), BKS_CASE(random_documents_parse),
              BKS_CASE(jansson_reads_numbers_back))
