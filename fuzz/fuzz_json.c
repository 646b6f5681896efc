// fuzz target: the JSON writer (src/report/json.c) driven by a program of writer calls, with
// jansson as the oracle.
//
// The input is a program: the first byte picks the mode, then each op byte names a call and
// takes its operands from the bytes after it (strings of up to 255 bytes, with control bytes and
// invalid UTF-8; doubles as raw bits, so NaN, infinities, -0 and denormals come up, plus a table
// of awkward ones; integers; nesting up to and past the limit).
// - Tidy mode (mode byte even): the harness repairs the program as it goes (a key where one is
//   due, a close of the innermost container, nothing past the depth limit, everything closed at
//   the end), so bks_json_finish must succeed and the output must parse with jansson
//   (json_loadb), every number back to the same double (-0 as 0; not finite as null), integers
//   exactly, every string back to the same bytes when it was valid UTF-8 (else to valid UTF-8 with
//   U+FFFD), members and elements in order.
// - Raw mode (mode byte odd): the calls go to the writer as they are. The harness keeps its own
//   model of what is allowed; the writer must refuse exactly the first misuse (BKS_E_STATE,
//   BKS_E_LIMIT), keep it, and finish with it; a program without misuse is checked as above.
// Keys get a unique "#n" suffix so that jansson (which keeps the last of duplicate keys) gives
// back every member, and their NUL bytes become 'x' (jansson refuses NUL in keys, JSON does not).
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "fuzz_json: %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);          \
      abort();                                                                                     \
    }                                                                                              \
  } while (0)

// what the document should hold, in document order
enum { E_OBJ, E_OBJ_END, E_ARR, E_ARR_END, E_KEY, E_STR, E_NUM, E_NULL, E_BOOL };

typedef struct event {
  int type;
  double num;      // E_NUM
  int b;           // E_BOOL
  size_t off, len; // E_KEY, E_STR: bytes in the program's text store
  int valid;       // the string was valid UTF-8
} event;

typedef struct prog {
  event *ev;
  size_t nev, capev;
  uint8_t *text; // key and string bytes
  size_t ntext, captext;
  // the harness's model of the writer
  int kind[BKS_JSON_MAX_DEPTH + 1]; // 1 object, 0 array
  int key_due[BKS_JSON_MAX_DEPTH + 1];
  int value_due[BKS_JSON_MAX_DEPTH + 1];
  unsigned depth;
  int done;
  unsigned nkeys;
} prog;

// an independent check of UTF-8 (decode and test the code point), not the writer's table
static int valid_utf8(const uint8_t *p, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint32_t c = p[i], cp;
    size_t len;
    if (c < 0x80) {
      i++;
      continue;
    }
    if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07;
    else return 0;
    if (i + len > n) return 0;
    for (size_t k = 1; k < len; k++) {
      if ((p[i + k] & 0xC0) != 0x80) return 0;
      cp = cp << 6 | (p[i + k] & 0x3F);
    }
    static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    i += len;
  }
  return 1;
}

static event *push(prog *p, int type) {
  if (p->nev == p->capev) {
    p->capev = p->capev ? 2 * p->capev : 64;
    p->ev = realloc(p->ev, p->capev * sizeof *p->ev);
    CHECK(p->ev);
  }
  event *e = &p->ev[p->nev++];
  memset(e, 0, sizeof *e);
  e->type = type;
  return e;
}

static size_t store(prog *p, const uint8_t *s, size_t n) {
  if (p->ntext + n + 1 > p->captext) {
    p->captext = 2 * (p->ntext + n + 1);
    p->text = realloc(p->text, p->captext);
    CHECK(p->text);
  }
  if (n) memcpy(p->text + p->ntext, s, n);
  size_t off = p->ntext;
  p->ntext += n;
  return off;
}

//---- the model: is a call allowed now? ----

static int can_value(const prog *p) {
  if (p->depth == 0) return !p->done;
  return p->kind[p->depth] ? p->value_due[p->depth] : 1;
}

static int can_key(const prog *p) {
  return p->depth > 0 && p->kind[p->depth] && !p->value_due[p->depth];
}

static int can_close(const prog *p, int obj) {
  return p->depth > 0 && p->kind[p->depth] == obj && !p->value_due[p->depth];
}

static void after_value(prog *p) {
  if (p->depth == 0) p->done = 1;
  else p->value_due[p->depth] = 0;
}

//---- the calls, applied to the writer and recorded ----

static int do_begin(prog *p, bks_json *w, int obj, int lines) {
  int rc = obj     ? bks_json_obj_begin(w)
           : lines ? bks_json_arr_begin_lines(w)
                   : bks_json_arr_begin(w);
  if (rc < 0) return rc;
  push(p, obj ? E_OBJ : E_ARR);
  if (p->depth > 0) p->value_due[p->depth] = 0;
  p->depth++;
  p->kind[p->depth] = obj;
  p->value_due[p->depth] = 0;
  return rc;
}

static int do_end(prog *p, bks_json *w, int obj) {
  int rc = obj ? bks_json_obj_end(w) : bks_json_arr_end(w);
  if (rc < 0) return rc;
  push(p, obj ? E_OBJ_END : E_ARR_END);
  p->depth--;
  if (p->depth == 0) p->done = 1;
  return rc;
}

static int do_key(prog *p, bks_json *w, const uint8_t *s, size_t n) {
  uint8_t k[300];
  memcpy(k, s, n);
  for (size_t i = 0; i < n; i++) {
    if (k[i] == 0) k[i] = 'x';
  }
  n += (size_t)snprintf((char *)k + n, sizeof k - n, "#%u", p->nkeys++);
  int rc = bks_json_keyn(w, (const char *)k, n);
  if (rc < 0) return rc;
  event *e = push(p, E_KEY);
  e->off = store(p, k, n);
  e->len = n;
  e->valid = valid_utf8(k, n);
  p->value_due[p->depth] = 1;
  return rc;
}

// a scalar: kind 0 string, 1 num, 2 fixed, 3 int, 4 uint, 5 bool, 6 null
typedef struct scalar {
  int kind;
  const uint8_t *s;
  size_t n;
  double x;
  int decimals;
  int64_t i;
  uint64_t u;
} scalar;

static int do_scalar(prog *p, bks_json *w, const scalar *v) {
  int rc;
  event *e;
  switch (v->kind) {
  case 0:
    if ((rc = bks_json_strn(w, (const char *)v->s, v->n)) < 0) return rc;
    e = push(p, E_STR);
    e->off = store(p, v->s, v->n);
    e->len = v->n;
    e->valid = valid_utf8(v->s, v->n);
    break;
  case 1:
    if ((rc = bks_json_num(w, v->x)) < 0) return rc;
    e = push(p, isfinite(v->x) ? E_NUM : E_NULL);
    e->num = v->x;
    break;
  case 2: {
    if ((rc = bks_json_fixed(w, v->x, v->decimals)) < 0) return rc;
    e = push(p, isfinite(v->x) ? E_NUM : E_NULL);
    char b[400];
    snprintf(b, sizeof b, "%.*f", v->decimals, v->x);
    e->num = isfinite(v->x) ? strtod(b, NULL) : 0;
    break;
  }
  case 3:
    if ((rc = bks_json_int(w, v->i)) < 0) return rc;
    e = push(p, E_NUM);
    e->num = (double)v->i; // jansson reads it as a double here (JSON_DECODE_INT_AS_REAL)
    break;
  case 4:
    if ((rc = bks_json_uint(w, v->u)) < 0) return rc;
    e = push(p, E_NUM);
    e->num = (double)v->u;
    break;
  case 5:
    if ((rc = bks_json_bool(w, v->decimals)) < 0) return rc;
    push(p, E_BOOL)->b = v->decimals != 0;
    break;
  default:
    if ((rc = bks_json_null(w)) < 0) return rc;
    push(p, E_NULL);
    break;
  }
  after_value(p);
  return rc;
}

//---- reading the program ----

typedef struct input {
  const uint8_t *p;
  size_t n;
} input;

static uint8_t take_byte(input *in) {
  if (!in->n) return 0;
  in->n--;
  return *in->p++;
}

static uint64_t take_u64(input *in) {
  uint64_t v = 0;
  for (int k = 0; k < 8; k++) v = v << 8 | take_byte(in);
  return v;
}

static const uint8_t *take_bytes(input *in, size_t *n) {
  size_t want = take_byte(in);
  if (want > in->n) want = in->n;
  const uint8_t *s = in->p;
  in->p += want;
  in->n -= want;
  *n = want;
  return s;
}

static double awkward(uint8_t k) {
  static const double v[] = {0.1,
                             5601.27,
                             1e21,
                             1e-7,
                             123456789012345678.0,
                             0.3,
                             2.5e-308,
                             4.9e-324,
                             1.7976931348623157e308,
                             9007199254740993.0,
                             100,
                             -0.0};
  switch (k % 16) {
  case 12:
    return (double)NAN;
  case 13:
    return (double)INFINITY;
  case 14:
    return -(double)INFINITY;
  case 15:
    return -(double)NAN;
  default:
    return (k & 0x10 ? -1 : 1) * v[k % 16];
  }
}

//---- the oracle ----

static size_t walk(const prog *p, size_t i, json_t *v) {
  CHECK(i < p->nev);
  const event *e = &p->ev[i++];
  switch (json_typeof(v)) {
  case JSON_OBJECT: {
    CHECK(e->type == E_OBJ);
    const char *key;
    json_t *val;
    json_object_foreach(v, key, val) {
      CHECK(i < p->nev);
      const event *k = &p->ev[i++];
      CHECK(k->type == E_KEY);
      size_t klen = strlen(key);
      if (k->valid) CHECK(klen == k->len && memcmp(key, p->text + k->off, klen) == 0);
      i = walk(p, i, val);
    }
    CHECK(i < p->nev && p->ev[i++].type == E_OBJ_END);
    return i;
  }
  case JSON_ARRAY:
    CHECK(e->type == E_ARR);
    for (size_t k = 0; k < json_array_size(v); k++) i = walk(p, i, json_array_get(v, k));
    CHECK(i < p->nev && p->ev[i++].type == E_ARR_END);
    return i;
  case JSON_STRING: {
    CHECK(e->type == E_STR);
    size_t n = json_string_length(v);
    if (e->valid) {
      CHECK(n == e->len && memcmp(json_string_value(v), p->text + e->off, n) == 0);
    } else {
      CHECK(n <= 3 * e->len); // each bad byte becomes at most one U+FFFD
    }
    return i;
  }
  case JSON_REAL:
    CHECK(e->type == E_NUM);
    CHECK(json_real_value(v) == e->num);
    return i;
  case JSON_INTEGER: // not with JSON_DECODE_INT_AS_REAL
    CHECK(0);
    return i;
  case JSON_TRUE:
  case JSON_FALSE:
    CHECK(e->type == E_BOOL && e->b == json_is_true(v));
    return i;
  case JSON_NULL:
    CHECK(e->type == E_NULL);
    return i;
  }
  CHECK(0);
  return i;
}

static void check_output(const prog *p, const bks_buf *b) {
  json_error_t err;
  json_t *doc = json_loadb((const char *)b->data, b->len,
                           JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL, &err);
  if (!doc) {
    fprintf(stderr, "fuzz_json: jansson: %s at %d: %.*s\n", err.text, err.position,
            (int)(b->len > 400 ? 400 : b->len), (const char *)b->data);
  }
  CHECK(doc);
  CHECK(walk(p, 0, doc) == p->nev);
  json_decref(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  input in = {data, size};
  int raw = take_byte(&in) & 1;
  prog p;
  memset(&p, 0, sizeof p);
  bks_buf b;
  bks_buf_init(&b);
  bks_json w;
  bks_json_init(&w, &b);
  int expect = BKS_OK; // raw mode: the first misuse
  while (in.n && (!raw || expect == BKS_OK)) {
    uint8_t op = take_byte(&in);
    scalar v = {0};
    int rc = BKS_OK, allowed = 1, lim = 0;
    switch (op % 13) {
    case 0:
    case 1: { // obj/arr begin (an array one element a line when op / 13 is odd)
      int obj = op % 13 == 0, lines = (op / 13) & 1;
      allowed = can_value(&p);
      lim = p.depth >= BKS_JSON_MAX_DEPTH;
      if (!raw) {
        if (lim) break;
        if (!allowed && p.depth == 0) goto done; // the document is complete
        if (!allowed) do_key(&p, &w, (const uint8_t *)"k", 1);
        rc = do_begin(&p, &w, obj, lines);
        CHECK(rc == BKS_OK);
      } else {
        rc = do_begin(&p, &w, obj, lines);
      }
      break;
    }
    case 2:
    case 3: { // obj/arr end
      int obj = op % 13 == 2;
      allowed = can_close(&p, obj);
      if (!raw) {
        if (p.depth == 0) break;
        if (p.value_due[p.depth]) do_scalar(&p, &w, &(scalar){.kind = 6});
        rc = do_end(&p, &w, p.kind[p.depth]);
        CHECK(rc == BKS_OK);
      } else {
        rc = do_end(&p, &w, obj);
      }
      break;
    }
    case 4: { // key
      size_t n;
      const uint8_t *s = take_bytes(&in, &n);
      allowed = can_key(&p);
      if (!raw && !allowed) break;
      rc = do_key(&p, &w, s, n);
      break;
    }
    default: // a scalar
      switch (op % 13) {
      case 5:
        v.kind = 0;
        v.s = take_bytes(&in, &v.n);
        break;
      case 6: {
        v.kind = 1;
        uint64_t bits = take_u64(&in);
        memcpy(&v.x, &bits, sizeof v.x);
        break;
      }
      case 7:
        v.kind = 1;
        v.x = awkward(take_byte(&in));
        break;
      case 8: {
        v.kind = 2;
        v.decimals = take_byte(&in) % 8;
        uint8_t k = take_byte(&in);
        // small values (the figures serialisers round) and awkward ones
        v.x = k & 0x80 ? awkward(k) : ((double)(int8_t)(k << 1) / 7.0);
        break;
      }
      case 9:
        v.kind = 3;
        v.i = (int64_t)take_u64(&in);
        break;
      case 10:
        v.kind = 4;
        v.u = take_u64(&in);
        break;
      case 11:
        v.kind = 5;
        v.decimals = take_byte(&in) & 1;
        break;
      default:
        v.kind = 6;
        break;
      }
      allowed = can_value(&p);
      if (!raw) {
        if (!allowed && p.depth == 0) goto done;
        if (!allowed) do_key(&p, &w, (const uint8_t *)"k", 1);
        rc = do_scalar(&p, &w, &v);
        CHECK(rc == BKS_OK);
      } else {
        rc = do_scalar(&p, &w, &v);
      }
      break;
    }
    if (raw) {
      // the writer refuses exactly what the model refuses, and keeps the first refusal
      if (lim && allowed) {
        CHECK(rc == BKS_E_LIMIT);
        expect = rc;
      } else if (!allowed) {
        CHECK(rc == BKS_E_STATE);
        expect = rc;
      } else {
        CHECK(rc == BKS_OK);
      }
      CHECK(bks_json_error(&w) == expect);
    }
  }
done:
  if (!raw) {
    // close what is open; an empty program writes null
    while (p.depth) {
      if (p.value_due[p.depth]) do_scalar(&p, &w, &(scalar){.kind = 6});
      CHECK(do_end(&p, &w, p.kind[p.depth]) == BKS_OK);
    }
    if (!p.done) CHECK(do_scalar(&p, &w, &(scalar){.kind = 6}) == BKS_OK);
  }
  int rc = bks_json_finish(&w);
  if (expect < 0) {
    CHECK(rc == expect);
    // calls after an error do nothing and return it
    size_t len = b.len;
    CHECK(bks_json_null(&w) == expect && bks_json_obj_begin(&w) == expect && b.len == len);
  } else if (p.depth || !p.done) {
    CHECK(rc == BKS_E_STATE);
  } else {
    CHECK(rc == BKS_OK);
    check_output(&p, &b);
  }
  bks_buf_deinit(&b);
  free(p.ev);
  free(p.text);
  return 0;
}
