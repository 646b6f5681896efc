// What the GPX and TCX readers share: a hardened expat harness, a point accumulator, and the
// step from points to a normalised activity (see xmltrack.h for the parts).
//
// Security of the XML parse (untrusted files from any app):
//   - no DTD processing: parameter entities and the external subset are never read
//     (XML_PARAM_ENTITY_PARSING_NEVER), no external entity handler is installed, and any entity
//     declaration stops the parse (billion laughs, XXE) with BKS_E_UNSUPPORTED;
//   - a default handler is installed, which also turns off expansion of internal entities;
//   - depth (64), kept text per element (4 KiB), interpreted attribute length (256 B), input size
//     (512 MiB) and points per file (2 M) are bounded;
//   - the buffer goes to expat in 64 KiB chunks. Expat 2.5 rescans a token that spans chunks from
//     its start on every chunk, so one huge token would cost quadratic time; a token (piece of
//     markup) longer than 1 MiB is therefore refused, which keeps the whole parse linear.
#include "backstride/alloc.h"
#include "xmltrack.h"

#include <expat.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/date.h"
#include "backstride/sha256.h"

// expanded names are "uri<SEP>local"; U+0001 cannot appear in an XML 1.0 name or URI
#define NS_SEP '\x01'

//---- Expat harness ----

static void set_error(bks__xt *x, int rc, unsigned line, unsigned col, const char *what) {
  if (x->rc < 0) return;
  x->rc = rc;
  x->line = line;
  x->col = col;
  if (line) {
    snprintf(x->msg, sizeof x->msg, "line %u, column %u: %s", line, col, what);
  } else {
    snprintf(x->msg, sizeof x->msg, "%s", what);
  }
}

void bks__xt_fail(bks__xt *x, int rc, const char *fmt, ...) {
  if (x->rc < 0) return;
  char what[160];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  XML_Parser p = x->parser_;
  unsigned line = p ? (unsigned)XML_GetCurrentLineNumber(p) : 0;
  unsigned col = p ? (unsigned)XML_GetCurrentColumnNumber(p) + 1 : 0;
  set_error(x, rc, line, col, what);
  if (p) XML_StopParser(p, XML_FALSE);
}

static const char *local_name(const bks__xt *x, const char *name) {
  const char *s = strrchr(name, x->ns ? NS_SEP : ':');
  return s ? s + 1 : name;
}

const char *bks__xt_attr(const bks__xt *x, const char **atts, const char *local) {
  for (size_t i = 0; atts && atts[i] && atts[i + 1]; i += 2) {
    if (strcmp(local_name(x, atts[i]), local) != 0) continue;
    return strlen(atts[i + 1]) <= BKS__XT_MAX_ATTR ? atts[i + 1] : NULL;
  }
  return NULL;
}

int bks__xt_up(const bks__xt *x, unsigned k) { return k < x->depth ? x->ids[x->depth - k] : -1; }

int bks__xt_eq(const char *s, const char *lit) {
  for (; *s && *lit; s++, lit++) {
    char a = *s, b = *lit;
    if (a >= 'A' && a <= 'Z') a = (char)(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = (char)(b - 'A' + 'a');
    if (a != b) return 0;
  }
  return *s == *lit;
}

// remember how far the parse has got: the token limit measures from here
static void mark(bks__xt *x) {
  XML_Parser p = x->parser_;
  XML_Index i = XML_GetCurrentByteIndex(p);
  int c = XML_GetCurrentByteCount(p);
  if (i >= 0) x->mark_ = (uint64_t)i + (uint64_t)(c > 0 ? c : 0);
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts) {
  bks__xt *x = ud;
  if (x->rc < 0) return;
  mark(x);
  if (x->depth >= BKS__XT_MAX_DEPTH) {
    bks__xt_fail(x, BKS_E_LIMIT, "elements are nested deeper than %d levels", BKS__XT_MAX_DEPTH);
    return;
  }
  x->ntext_ = 0;
  x->text_full = 0;
  int id = x->on_start(x, local_name(x, name), atts);
  if (x->rc < 0) return;
  x->ids[++x->depth] = id;
}

static void XMLCALL on_end(void *ud, const XML_Char *name) {
  (void)name;
  bks__xt *x = ud;
  // after a failure expat may still report the end of an empty element: ignore it
  if (x->rc < 0 || x->depth == 0) return;
  mark(x);
  x->text_[x->ntext_] = '\0';
  x->on_end(x, x->ids[x->depth], x->text_, x->ntext_);
  x->depth--;
  x->ntext_ = 0;
  x->text_full = 0;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len) {
  bks__xt *x = ud;
  if (x->rc < 0 || len <= 0) return;
  mark(x);
  size_t n = (size_t)len, room = BKS__XT_MAX_TEXT - x->ntext_;
  if (n > room) {
    n = room;
    x->text_full = 1;
  }
  memcpy(x->text_ + x->ntext_, s, n);
  x->ntext_ += n;
}

// comments, processing instructions, the XML declaration, the DOCTYPE...: nothing to do but
// note the progress (installing it also stops expat from expanding internal entities)
static void XMLCALL on_default(void *ud, const XML_Char *s, int len) {
  (void)s, (void)len;
  bks__xt *x = ud;
  if (x->rc < 0) return;
  mark(x);
}

static void XMLCALL on_entity_decl(void *ud, const XML_Char *name, int is_param,
                                   const XML_Char *value, int value_len, const XML_Char *base,
                                   const XML_Char *sysid, const XML_Char *pubid,
                                   const XML_Char *notation) {
  (void)value, (void)value_len, (void)base, (void)pubid, (void)notation;
  bks__xt *x = ud;
  bks__xt_fail(x, BKS_E_UNSUPPORTED,
               "the DTD declares %s%s entity '%.40s'; entity declarations are refused "
               "(no DTD processing)",
               is_param ? "a parameter" : "an", sysid ? " external" : "", name);
}

// Windows-1252, which some Windows exporters declare; expat knows UTF-8/16, ISO-8859-1 and ASCII
static int XMLCALL on_unknown_encoding(void *data, const XML_Char *name, XML_Encoding *info) {
  (void)data;
  if (!bks__xt_eq(name, "windows-1252") && !bks__xt_eq(name, "cp1252")) return XML_STATUS_ERROR;
  static const int hi[32] = {0x20AC, -1,     0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                             0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, -1,     0x017D, -1,
                             -1,     0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                             0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, -1,     0x017E, 0x0178};
  for (int i = 0; i < 256; i++) info->map[i] = i;
  for (int i = 0; i < 32; i++) info->map[0x80 + i] = hi[i];
  info->data = NULL;
  info->convert = NULL;
  info->release = NULL;
  return XML_STATUS_OK;
}

// one parse of the whole buffer; *unbound is set when it failed on an undeclared prefix
static int parse_once(bks__xt *x, const uint8_t *p, size_t n, size_t chunk, int ns, int *unbound) {
  x->depth = 0;
  x->ntext_ = 0;
  x->text_full = 0;
  x->mark_ = 0;
  x->rc = BKS_OK;
  x->line = x->col = 0;
  x->msg[0] = '\0';
  x->ns = ns;
  XML_Parser ps = ns ? XML_ParserCreateNS(NULL, NS_SEP) : XML_ParserCreate(NULL);
  if (!ps) {
    set_error(x, BKS_E_NOMEM, 0, 0, "out of memory");
    return x->rc;
  }
  x->parser_ = ps;
  XML_SetUserData(ps, x);
  XML_SetElementHandler(ps, on_start, on_end);
  XML_SetCharacterDataHandler(ps, on_text);
  XML_SetDefaultHandler(ps, on_default);
  XML_SetEntityDeclHandler(ps, on_entity_decl);
  XML_SetParamEntityParsing(ps, XML_PARAM_ENTITY_PARSING_NEVER);
  XML_SetUnknownEncodingHandler(ps, on_unknown_encoding, NULL);

  size_t off = 0;
  for (;;) {
    size_t len = n - off < chunk ? n - off : chunk;
    int final = off + len == n;
    if (XML_Parse(ps, (const char *)p + off, (int)len, final) != XML_STATUS_OK) {
      if (x->rc >= 0) {
        // the parser's own complaint (a handler's failure is already recorded)
        enum XML_Error e = XML_GetErrorCode(ps);
        unsigned line = (unsigned)XML_GetCurrentLineNumber(ps);
        unsigned col = (unsigned)XML_GetCurrentColumnNumber(ps) + 1;
        if (e == XML_ERROR_UNBOUND_PREFIX && ns) *unbound = 1;
        const char *what = XML_ErrorString(e);
        set_error(x, e == XML_ERROR_NO_MEMORY ? BKS_E_NOMEM : BKS_E_CORRUPT, line, col,
                  what ? what : "malformed XML");
      }
      break;
    }
    off += len;
    if (final) break;
    if ((uint64_t)off > x->mark_ + BKS__XT_MAX_TOKEN) {
      unsigned line = (unsigned)XML_GetCurrentLineNumber(ps);
      unsigned col = (unsigned)XML_GetCurrentColumnNumber(ps) + 1;
      set_error(x, BKS_E_LIMIT, line, col,
                "a single piece of markup is longer than 1 MiB (limit for untrusted files)");
      break;
    }
  }
  XML_ParserFree(ps);
  x->parser_ = NULL;
  return x->rc;
}

int bks__xt_parse(bks__xt *x, const uint8_t *p, size_t n, size_t chunk) {
  x->parser_ = NULL;
  x->rc = BKS_OK;
  x->ns = 1;
  if (!p) n = 0;
  if (!p) p = (const uint8_t *)"";
  if (n > BKS__XT_MAX_INPUT) {
    set_error(x, BKS_E_LIMIT, 0, 0, "the file is larger than 512 MiB (limit for XML files)");
    return x->rc;
  }
  if (chunk == 0) chunk = BKS__XT_CHUNK;
  if (chunk > (size_t)INT_MAX / 2) chunk = (size_t)INT_MAX / 2;
  int unbound = 0;
  int rc = parse_once(x, p, n, chunk, 1, &unbound);
  if (unbound) {
    // Some exporters write prefixed names such as <gpxdata:cadence> without declaring the
    // prefix. The local names still say what each element is, so read the whole document again
    // without namespace processing, matching on the text after the colon.
    if (x->on_reset) x->on_reset(x);
    int u2 = 0;
    rc = parse_once(x, p, n, chunk, 0, &u2);
  }
  return rc;
}

//---- Values ----

static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

// exact powers of ten (every one up to 1e22 is a double without rounding)
static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

int bks__xt_num(const char *s, size_t n, double *out) {
  size_t i = 0;
  while (i < n && is_ws(s[i])) i++;
  while (n > i && is_ws(s[n - 1])) n--;
  if (i == n) return 0;
  int neg = 0;
  if (s[i] == '+' || s[i] == '-') neg = s[i++] == '-';
  // up to 19 significant digits in a uint64; the rest only move the exponent
  uint64_t mant = 0;
  int nsig = 0, any = 0;
  long exp10 = 0;
  for (; i < n && is_digit(s[i]); i++) {
    any = 1;
    if (nsig < 19) {
      mant = mant * 10 + (uint64_t)(s[i] - '0');
      if (mant) nsig++;
    } else {
      exp10++;
    }
  }
  if (i < n && s[i] == '.') {
    for (i++; i < n && is_digit(s[i]); i++) {
      any = 1;
      if (nsig < 19) {
        mant = mant * 10 + (uint64_t)(s[i] - '0');
        if (mant) nsig++;
        exp10--;
      }
    }
  }
  if (!any) return 0;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    int eneg = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    if (i == n || !is_digit(s[i])) return 0;
    long e = 0;
    for (; i < n && is_digit(s[i]); i++) {
      if (e < 100000) e = e * 10 + (s[i] - '0');
    }
    exp10 += eneg ? -e : e;
  }
  if (i != n) return 0;
  double v;
  if (mant == 0) {
    v = 0.0;
  } else if (exp10 >= -22 && exp10 <= 22) {
    // one rounding when mant < 2^53 (Clinger's fast path), two at most otherwise
    v = (double)mant;
    v = exp10 >= 0 ? v * pow10_exact[exp10] : v / pow10_exact[-exp10];
  } else if (exp10 < -400) {
    v = 0.0;
  } else if (exp10 > 400) {
    return 0;
  } else {
    v = (double)mant * pow(10.0, (double)exp10);
  }
  if (!isfinite(v)) return 0;
  *out = neg ? -v : v;
  return 1;
}

// exactly `count` digits at s[*i]
static int take_digits(const char *s, size_t n, size_t *i, int count, int *val) {
  int v = 0;
  for (int k = 0; k < count; k++) {
    if (*i >= n || !is_digit(s[*i])) return 0;
    v = v * 10 + (s[(*i)++] - '0');
  }
  *val = v;
  return 1;
}

static int days_in_month(int y, int m) {
  static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : dm[m - 1];
}

int bks__xt_time(const char *s, size_t n, double *out) {
  size_t i = 0;
  while (i < n && is_ws(s[i])) i++;
  while (n > i && is_ws(s[n - 1])) n--;
  int Y, M, D, h, mi, sec = 0;
  if (!take_digits(s, n, &i, 4, &Y) || i >= n || s[i++] != '-') return 0;
  if (!take_digits(s, n, &i, 2, &M) || i >= n || s[i++] != '-') return 0;
  if (!take_digits(s, n, &i, 2, &D) || i >= n) return 0;
  if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return 0;
  i++;
  if (!take_digits(s, n, &i, 2, &h) || i >= n || s[i++] != ':') return 0;
  if (!take_digits(s, n, &i, 2, &mi)) return 0;
  double frac = 0;
  if (i < n && s[i] == ':') {
    i++;
    if (!take_digits(s, n, &i, 2, &sec)) return 0;
    if (i < n && (s[i] == '.' || s[i] == ',')) {
      i++;
      if (i >= n || !is_digit(s[i])) return 0;
      // nanoseconds are plenty; further digits are read and ignored
      double scale = 0.1;
      for (int k = 0; i < n && is_digit(s[i]); i++, k++) {
        if (k < 9) frac += (s[i] - '0') * scale;
        scale *= 0.1;
      }
    }
  }
  int tz = 0; // zone offset [s] east of UTC
  if (i < n) {
    if (s[i] == 'Z' || s[i] == 'z') {
      i++;
    } else if (s[i] == '+' || s[i] == '-') {
      int sign = s[i++] == '-' ? -1 : 1, th, tm = 0;
      if (!take_digits(s, n, &i, 2, &th)) return 0;
      if (i < n && s[i] == ':') i++;
      if (i < n && !take_digits(s, n, &i, 2, &tm)) return 0;
      if (th > 23 || tm > 59) return 0;
      tz = sign * (th * 3600 + tm * 60);
    }
  }
  if (i != n) return 0;
  if (Y < 1980 || Y > 2199 || M < 1 || M > 12 || D < 1 || D > days_in_month(Y, M)) return 0;
  if (h > 23 || mi > 59 || sec > 60) return 0;
  int64_t days = bks_date_from_civil(Y, (unsigned)M, (unsigned)D);
  double t = (double)(days * 86400 + h * 3600 + mi * 60 + sec - tz) + frac;
  *out = t;
  return 1;
}

//---- Point accumulator ----

void bks__xt_pts_init(bks__xt_pts *t) {
  memset(t, 0, sizeof *t);
  t->next_seg = 1;
}

void bks__xt_pts_deinit(bks__xt_pts *t) {
  if (!t) return;
  free(t->time);
  free(t->seg);
  for (int k = 0; k < BKS__XV_COUNT; k++) free(t->v[k]);
  free(t->laps);
  bks__xt_pts_init(t);
}

void bks__xt_pts_clear(bks__xt_pts *t) {
  size_t total = t->total;
  bks__xt_pts_deinit(t);
  t->total = total;
}

void bks__xt_point_begin(bks__xt_pts *t) {
  t->open = 1;
  t->cur_time = NAN;
  for (int k = 0; k < BKS__XV_COUNT; k++) t->cur[k] = NAN;
}

// plausible ranges; anything outside is a sentinel or garbage and counts as not recorded
static int plausible(bks__xv k, double v) {
  switch (k) {
  case BKS__XV_LAT:
    return v >= -90 && v <= 90;
  case BKS__XV_LON:
    return v >= -180 && v <= 180;
  case BKS__XV_ELE:
    return v >= -1000 && v <= 9000;
  case BKS__XV_DIST:
    return v >= 0 && v <= 1e7;
  case BKS__XV_SPEED:
    return v >= 0 && v <= 100;
  case BKS__XV_HR:
    return v > 0 && v <= 255; // 0 is "no contact", not a heart rate
  case BKS__XV_CAD:
  case BKS__XV_RUNCAD:
    return v >= 0 && v <= 255;
  case BKS__XV_TEMP:
    return v >= -80 && v <= 80;
  case BKS__XV_POWER:
    return v >= 0 && v <= 5000;
  default:
    return 0;
  }
}

void bks__xt_point_set(bks__xt_pts *t, bks__xv k, double v) {
  if (!t->open || (unsigned)k >= BKS__XV_COUNT || !isnan(t->cur[k])) return;
  if (isfinite(v) && plausible(k, v)) t->cur[k] = v;
}

void bks__xt_point_abort(bks__xt_pts *t) { t->open = 0; }

void bks__xt_segment(bks__xt_pts *t) { t->next_seg = 1; }

static int grow_pts(bks__xt_pts *t) {
  if (t->n < t->cap) return BKS_OK;
  size_t cap = t->cap ? t->cap * 2 : 1024;
  // a failure part-way leaves some arrays larger; cap only changes once all succeeded
  double *tm = bks_realloc(t->time, cap * sizeof *tm);
  if (!tm) return BKS_E_NOMEM;
  t->time = tm;
  uint8_t *sg = bks_realloc(t->seg, cap);
  if (!sg) return BKS_E_NOMEM;
  t->seg = sg;
  for (int k = 0; k < BKS__XV_COUNT; k++) {
    if (!t->v[k]) continue;
    double *v = bks_realloc(t->v[k], cap * sizeof *v);
    if (!v) return BKS_E_NOMEM;
    t->v[k] = v;
  }
  t->cap = cap;
  return BKS_OK;
}

int bks__xt_point_end(bks__xt_pts *t) {
  if (!t->open) return BKS_OK;
  t->open = 0;
  if (t->total >= BKS__XT_MAX_POINTS) return BKS_E_LIMIT;
  t->total++;
  int rc = grow_pts(t);
  if (rc < 0) return rc;
  size_t i = t->n;
  for (int k = 0; k < BKS__XV_COUNT; k++) {
    if (!isnan(t->cur[k]) && !t->v[k]) {
      // the first value of a channel: the points before it did not have it
      t->v[k] = bks_malloc(t->cap * sizeof(double));
      if (!t->v[k]) return BKS_E_NOMEM;
      for (size_t j = 0; j < i; j++) t->v[k][j] = NAN;
    }
    if (t->v[k]) t->v[k][i] = t->cur[k];
  }
  t->time[i] = t->cur_time;
  t->seg[i] = (uint8_t)(t->next_seg || i == 0);
  t->next_seg = 0;
  t->n = i + 1;
  return BKS_OK;
}

int bks__xt_lap_add(bks__xt_pts *t, double start, double timer_s, double dist_m) {
  if (t->nlaps == t->caplaps) {
    size_t cap = t->caplaps ? t->caplaps * 2 : 8;
    bks__xt_lap *l = bks_realloc(t->laps, cap * sizeof *l);
    if (!l) return BKS_E_NOMEM;
    t->laps = l;
    t->caplaps = cap;
  }
  t->laps[t->nlaps++] = (bks__xt_lap){start, timer_s, dist_m};
  return BKS_OK;
}

//---- Finishing ----

// Tunables of the step from points to an activity. Each says why it has its value.

// a step between two fixes faster than this (plus JUMP_SLACK_M) is a GPS jump, not running: its
// distance is not counted (12.5 m/s is a sprinter's top speed; 15 leaves room for GPS jitter)
#define JUMP_MPS 15.0
#define JUMP_SLACK_M 10.0
// derived speed: distance change over a window of ±2.5 s (5 samples at 1 Hz), which smooths
// GPS jitter without blurring intervals; sparse files fall back to the neighbours up to 60 s away
#define SPEED_HALF_WINDOW_S 2.5
#define SPEED_MAX_GAP_S 60.0
// integrating speed into distance: a gap longer than this inside a segment is a pause
#define INTEGRATE_MAX_GAP_S 60.0
// moving: at least walking pace; pairs of points further apart than this in time say little
#define MOVING_MPS 0.5
#define PAIR_MAX_GAP_S 60.0
// a file distance that drops by more than this between points is a counter reset, not noise
#define DIST_DROP_NOISE_M 0.5
// untyped GPX looks like running when (FIT reader: 1.8-6.5 m/s, cadence 70-115 strides/min):
//   median moving speed in [1.8, 6.5] m/s (walking is below 1.8, 6.5 m/s is 2:34 min/km),
//   95th percentile moving speed at most 9 m/s (bikes and cars exceed it; runners only sprint
//   there briefly), at least 60 s of moving, and, when the file has cadence, a median cadence of
//   65-115 (strides or revolutions/min) or 130-230 (steps/min). The speeds are the ±2.5 s window
//   speeds (moving: at least 0.5 m/s); on ../shared/data the runs reach a 95th percentile of at
//   most 5.7 m/s and the rides and drives 10.6 m/s and more.
#define GUESS_MIN_MPS 1.8
#define GUESS_MAX_MPS 6.5
#define GUESS_P95_MAX_MPS 9.0
#define GUESS_MIN_MOVING_S 60.0
#define GUESS_MIN_PAIRS 10
// DESIGN.md cadence rule: GPX cad (and TCX Cadence/RunCadence) is one foot unless the values are
// above 120 for most of the run
#define CAD_STEPS_ABOVE 120.0

typedef struct tpoint {
  double t;
  size_t i;
} tpoint;

static int cmp_tpoint(const void *a, const void *b) {
  const tpoint *x = a, *y = b;
  if (x->t < y->t) return -1;
  if (x->t > y->t) return 1;
  return x->i < y->i ? -1 : x->i > y->i; // stable: file order among equal times
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

// q-quantile of v[0..k), all finite, sorting v in place (NaN when k is 0)
static double quantile_sort(double *v, size_t k, double q) {
  if (k == 0) return NAN;
  qsort(v, k, sizeof *v, cmp_double);
  size_t at = (size_t)(q * (double)(k - 1) + 0.5);
  return v[at < k ? at : k - 1];
}

// q-quantile of the finite values of v[0..m) (NaN when none); tmp holds m doubles
static double quantile(const double *v, size_t m, double q, double *tmp) {
  size_t k = 0;
  for (size_t i = 0; i < m; i++) {
    if (isfinite(v[i])) tmp[k++] = v[i];
  }
  return quantile_sort(tmp, k, q);
}

// the channel k of the points `ord` (m of them), or NULL when absent or never valid
static double *gather(const bks__xt_pts *t, bks__xv k, const size_t *ord, size_t m, int *nomem) {
  const double *v = t->v[k];
  if (!v) return NULL;
  size_t valid = 0;
  for (size_t j = 0; j < m; j++) {
    if (!isnan(v[ord[j]])) valid++;
  }
  if (!valid) return NULL;
  double *out = bks_malloc(m * sizeof *out);
  if (!out) {
    *nomem = 1;
    return NULL;
  }
  for (size_t j = 0; j < m; j++) out[j] = v[ord[j]];
  return out;
}

// great-circle distance [m] on a sphere of the mean Earth radius (IUGG R1)
static double haversine(double lat1, double lon1, double lat2, double lon2) {
  const double r = 6371008.8, rad = 3.14159265358979323846 / 180.0;
  double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
  double s1 = sin(dlat / 2), s2 = sin(dlon / 2);
  double h = s1 * s1 + cos(lat1 * rad) * cos(lat2 * rad) * s2 * s2;
  if (h > 1) h = 1;
  return 2 * r * asin(sqrt(h));
}

// cumulative distance from positions, not counted across segments or GPS jumps
static void distance_from_positions(const double *t, const double *lat, const double *lon,
                                    const uint32_t *sid, size_t m, double *dist, size_t *jumps) {
  double cum = 0;
  size_t prev = SIZE_MAX;
  *jumps = 0;
  for (size_t i = 0; i < m; i++) {
    if (isnan(lat[i])) {
      dist[i] = NAN;
      continue;
    }
    if (prev != SIZE_MAX && sid[prev] == sid[i]) {
      double dd = haversine(lat[prev], lon[prev], lat[i], lon[i]);
      if (dd > JUMP_MPS * (t[i] - t[prev]) + JUMP_SLACK_M) {
        (*jumps)++;
      } else {
        cum += dd;
      }
    }
    dist[i] = cum;
    prev = i;
  }
}

// cumulative distance from speed (trapezoids), not across segments or pauses
static void distance_from_speed(const double *t, const double *speed, const uint32_t *sid, size_t m,
                                double *dist) {
  double cum = 0;
  size_t prev = SIZE_MAX;
  for (size_t i = 0; i < m; i++) {
    if (isnan(speed[i])) {
      dist[i] = NAN;
      continue;
    }
    if (prev != SIZE_MAX && sid[prev] == sid[i] && t[i] - t[prev] <= INTEGRATE_MAX_GAP_S) {
      cum += 0.5 * (speed[i] + speed[prev]) * (t[i] - t[prev]);
    }
    dist[i] = cum;
    prev = i;
  }
}

// speed from cumulative distance over a ±SPEED_HALF_WINDOW_S window inside each segment, over
// the points that have a distance (two pointers: linear); `work` holds m size_t
static void speed_from_distance(const double *t, const double *dist, const uint32_t *sid, size_t m,
                                double *speed, size_t *work) {
  size_t k = 0;
  for (size_t i = 0; i < m; i++) {
    speed[i] = NAN;
    if (!isnan(dist[i])) work[k++] = i;
  }
  size_t j0 = 0, j1 = 0;
  for (size_t q = 0; q < k; q++) {
    size_t i = work[q];
    while (j0 < q && (sid[work[j0]] != sid[i] || t[i] - t[work[j0]] > SPEED_HALF_WINDOW_S)) j0++;
    if (j1 < q) j1 = q;
    while (j1 + 1 < k && sid[work[j1 + 1]] == sid[i] &&
           t[work[j1 + 1]] - t[i] <= SPEED_HALF_WINDOW_S) {
      j1++;
    }
    size_t a = j0, b = j1;
    if (a == b) {
      // an isolated sample (sparse file): its neighbours in the segment, when close enough
      if (q > 0 && sid[work[q - 1]] == sid[i] && t[i] - t[work[q - 1]] <= SPEED_MAX_GAP_S)
        a = q - 1;
      if (q + 1 < k && sid[work[q + 1]] == sid[i] && t[work[q + 1]] - t[i] <= SPEED_MAX_GAP_S) {
        b = q + 1;
      }
    }
    double dt = t[work[b]] - t[work[a]];
    if (a < b && dt > 0) {
      double v = (dist[work[b]] - dist[work[a]]) / dt;
      speed[i] = v > 0 ? v : 0;
    }
  }
}

// moving speeds between consecutive points with a distance, in one segment and close in time:
// what the sport guess and the speed unit check look at. Fills v (m doubles) and returns how
// many; *moving_s gets the time spent moving.
static size_t pair_speeds(const double *t, const double *dist, const uint32_t *sid, size_t m,
                          double *v, double *moving_s) {
  size_t k = 0, prev = SIZE_MAX;
  *moving_s = 0;
  for (size_t i = 0; i < m; i++) {
    if (isnan(dist[i])) continue;
    if (prev != SIZE_MAX && sid[prev] == sid[i]) {
      double dt = t[i] - t[prev];
      if (dt > 0 && dt <= PAIR_MAX_GAP_S) {
        double s = (dist[i] - dist[prev]) / dt;
        if (s >= MOVING_MPS) {
          v[k++] = s;
          *moving_s += dt;
        }
      }
    }
    prev = i;
  }
  return k;
}

void bks__xt_skip(bks_read_result *out, const char *fmt, ...) {
  if (out->nskipped++ == 0) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->skip_reason, sizeof out->skip_reason, fmt, ap);
    va_end(ap);
  }
}

// the cadence rule (DESIGN.md): strides (one foot) per minute → steps per minute, unless the
// values are already above 120 for most of the run. `always_one_foot` names sources that are one
// foot by definition (TCX RunCadence); the same check still catches devices that double it.
static void apply_cadence(bks_activity *a, double *cad, size_t m, const char *label,
                          int always_one_foot, double *tmp) {
  size_t moving = 0, high = 0;
  for (size_t i = 0; i < m; i++) {
    if (cad[i] > 0) {
      moving++;
      high += cad[i] > CAD_STEPS_ABOVE;
    }
  }
  double med = quantile(cad, m, 0.5, tmp);
  if (moving && high * 2 > moving) {
    bks_activity_warn(a,
                      "%s is above %.0f for most of the run (median %.0f): already steps/min, "
                      "kept as it is",
                      label, CAD_STEPS_ABOVE, med);
    return;
  }
  for (size_t i = 0; i < m; i++) cad[i] *= 2.0;
  bks_activity_warn(a, "%s %s strides/min (one foot, median %.0f): doubled to steps/min", label,
                    always_one_foot ? "is" : "taken as", med);
}

int bks__xt_finish(bks__xt_pts *t, const bks__xt_info *info, bks_read_result *out,
                   bks_activity **added) {
  *added = NULL;
  int rc = BKS_OK, nomem = 0;
  size_t n = t->n, m = 0, notime = 0, nunordered = 0, ndup = 0;
  tpoint *tp = NULL;
  size_t *ord = NULL, *work = NULL;
  uint32_t *sid = NULL;
  double *tt = NULL, *tmp = NULL, *ch[BKS__XV_COUNT] = {0};
  double *dist = NULL, *speed = NULL, *pairs = NULL;
  bks_activity a;
  bks_activity_init(&a);

  // 1. the points with a time, in time order (a stable sort only when the file is out of order),
  // without repeated timestamps
  tp = bks_malloc((n ? n : 1) * sizeof *tp);
  if (!tp) goto oom;
  for (size_t i = 0; i < n; i++) {
    if (isnan(t->time[i])) {
      notime++;
      continue;
    }
    if (m && t->time[i] < tp[m - 1].t) nunordered++;
    tp[m++] = (tpoint){t->time[i], i};
  }
  if (nunordered) qsort(tp, m, sizeof *tp, cmp_tpoint);
  size_t k = 0;
  for (size_t j = 0; j < m; j++) {
    if (k && tp[j].t == tp[k - 1].t) {
      ndup++;
      continue;
    }
    tp[k++] = tp[j];
  }
  m = k;
  if (m < 2) {
    if (m == 0) {
      bks__xt_skip(out, "%s", info->untimed ? info->untimed : "no timed points");
    } else {
      bks__xt_skip(out, "only one timed point");
    }
    goto done;
  }

  ord = bks_malloc(m * sizeof *ord);
  work = bks_malloc(m * sizeof *work);
  sid = bks_malloc(m * sizeof *sid);
  tt = bks_malloc(m * sizeof *tt);
  tmp = bks_malloc(m * sizeof *tmp);
  if (!ord || !work || !sid || !tt || !tmp) goto oom;
  double start = floor(tp[0].t);
  for (size_t j = 0; j < m; j++) {
    ord[j] = tp[j].i;
    tt[j] = tp[j].t - start;
    // segment ids: a new one wherever the file started a segment (track, trkseg, TCX Track)
    sid[j] = j == 0 ? 0 : sid[j - 1] + (t->seg[ord[j]] ? 1u : 0u);
  }
  for (int c = 0; c < BKS__XV_COUNT; c++) {
    ch[c] = gather(t, (bks__xv)c, ord, m, &nomem);
    if (nomem) goto oom;
  }

  // 2. positions: both coordinates or neither; (0, 0) is a receiver without a fix
  size_t npos = 0;
  if (ch[BKS__XV_LAT] && ch[BKS__XV_LON]) {
    double *la = ch[BKS__XV_LAT], *lo = ch[BKS__XV_LON];
    for (size_t j = 0; j < m; j++) {
      if (isnan(la[j]) || isnan(lo[j]) || (la[j] == 0 && lo[j] == 0)) {
        la[j] = lo[j] = NAN;
      } else {
        npos++;
      }
    }
  }
  if (!npos) {
    free(ch[BKS__XV_LAT]);
    free(ch[BKS__XV_LON]);
    ch[BKS__XV_LAT] = ch[BKS__XV_LON] = NULL;
  }

  // 3. distance: the file's own, else from positions, else from speed
  char dist_note[160] = "";
  dist = ch[BKS__XV_DIST];
  ch[BKS__XV_DIST] = NULL;
  if (dist) {
    size_t drops = 0, valid = 0, first = SIZE_MAX;
    double last = NAN;
    for (size_t j = 0; j < m; j++) {
      if (isnan(dist[j])) continue;
      valid++;
      if (first == SIZE_MAX) first = j;
      if (!isnan(last) && dist[j] < last - DIST_DROP_NOISE_M) drops++;
      last = dist[j];
    }
    if (drops * 100 > valid) {
      // a counter that keeps resetting is no cumulative distance
      snprintf(dist_note, sizeof dist_note, "the file's distance goes back %zu times: not used",
               drops);
      free(dist);
      dist = NULL;
    } else if (dist[first] > JUMP_MPS * (tt[first] - tt[0]) + 100.0) {
      // a device counter carried over from earlier (seen in Garmin TCX): start at 0
      double d0 = dist[first];
      for (size_t j = 0; j < m; j++) dist[j] -= d0;
      snprintf(dist_note, sizeof dist_note,
               "the file's distance starts at %.1f m: counted from 0 there", d0);
    }
  }
  const char *dist_from = NULL;
  size_t jumps = 0;
  if (!dist && (npos >= 2 || ch[BKS__XV_SPEED])) {
    dist = bks_malloc(m * sizeof *dist);
    if (!dist) goto oom;
    if (npos >= 2) {
      distance_from_positions(tt, ch[BKS__XV_LAT], ch[BKS__XV_LON], sid, m, dist, &jumps);
      dist_from = "positions";
    } else {
      distance_from_speed(tt, ch[BKS__XV_SPEED], sid, m, dist);
      dist_from = "speed";
    }
  }

  // 4. speed: the file's own (checked against the positions), else from the distance
  double moving_s = 0;
  char speed_note[160] = "";
  speed = ch[BKS__XV_SPEED];
  ch[BKS__XV_SPEED] = NULL;
  pairs = bks_malloc(m * sizeof *pairs);
  if (!pairs) goto oom;
  size_t np = dist ? pair_speeds(tt, dist, sid, m, pairs, &moving_s) : 0;
  if (speed && dist_from && strcmp(dist_from, "positions") == 0 && np >= 30) {
    // some apps write km/h where GPX means m/s; compare with what the positions say
    size_t q = 0;
    for (size_t j = 0; j < m; j++) {
      if (speed[j] >= MOVING_MPS) tmp[q++] = speed[j];
    }
    double fmed = q >= 30 ? quantile_sort(tmp, q, 0.5) : NAN;
    double pmed = quantile(pairs, np, 0.5, tmp);
    double r = fmed / pmed;
    if (r >= 3.0 && r <= 4.3) {
      for (size_t j = 0; j < m; j++) speed[j] /= 3.6;
      snprintf(speed_note, sizeof speed_note,
               "the file's speed is %.1f times what the positions give: read as km/h", r);
    } else if (r < 0.5 || r > 2.0) {
      free(speed);
      speed = NULL;
      snprintf(speed_note, sizeof speed_note,
               "the file's speed (median %.2f) disagrees with the positions (%.2f m/s): not used",
               fmed, pmed);
    }
  }
  int speed_derived = 0;
  if (!speed && dist) {
    speed = bks_malloc(m * sizeof *speed);
    if (!speed) goto oom;
    speed_from_distance(tt, dist, sid, m, speed, work);
    speed_derived = 1;
  }

  // 5. the sport, when the file does not say
  double *cadsrc = ch[BKS__XV_RUNCAD] ? ch[BKS__XV_RUNCAD] : ch[BKS__XV_CAD];
  char guess_note[160] = "";
  if (info->guess) {
    // speeds over the ±2.5 s window: raw 1 s steps carry GPS jitter that looks like sprinting
    double med = NAN, p95 = NAN, cmed = NAN;
    size_t nmov = 0, ncad = 0;
    if (dist) {
      double *w = speed;
      if (!speed_derived) {
        w = bks_malloc(m * sizeof *w);
        if (!w) goto oom;
        speed_from_distance(tt, dist, sid, m, w, work);
      }
      for (size_t j = 0; j < m; j++) {
        if (w[j] >= MOVING_MPS) tmp[nmov++] = w[j];
      }
      if (w != speed) free(w);
    }
    if (nmov) {
      med = quantile_sort(tmp, nmov, 0.5);
      p95 = quantile_sort(tmp, nmov, 0.95);
    }
    if (cadsrc) {
      for (size_t j = 0; j < m; j++) {
        if (cadsrc[j] > 0) tmp[ncad++] = cadsrc[j];
      }
      if (ncad >= GUESS_MIN_PAIRS) cmed = quantile_sort(tmp, ncad, 0.5);
    }
    const char *why = NULL;
    char buf[120];
    if (!dist) {
      why = "no positions, distance or speed to tell whether it is a run";
    } else if (np < GUESS_MIN_PAIRS || nmov < GUESS_MIN_PAIRS || moving_s < GUESS_MIN_MOVING_S) {
      why = "too little movement to tell whether it is a run";
    } else if (med < GUESS_MIN_MPS || med > GUESS_MAX_MPS) {
      snprintf(buf, sizeof buf, "a median moving speed of %.2f m/s is not running (%.1f-%.1f)", med,
               GUESS_MIN_MPS, GUESS_MAX_MPS);
      why = buf;
    } else if (p95 > GUESS_P95_MAX_MPS) {
      snprintf(buf, sizeof buf, "%.1f m/s (95th percentile of moving speed) is faster than running",
               p95);
      why = buf;
    } else if (!isnan(cmed) && !((cmed >= 65 && cmed <= 115) || (cmed >= 130 && cmed <= 230))) {
      snprintf(buf, sizeof buf, "a median cadence of %.0f/min is not running", cmed);
      why = buf;
    }
    if (why) {
      bks__xt_skip(out, "no sport in the file, and %s", why);
      goto done;
    }
    if (isnan(cmed)) {
      snprintf(guess_note, sizeof guess_note,
               "no sport in the file: taken as running from its median moving speed %.2f m/s "
               "(95th percentile %.2f)",
               med, p95);
    } else {
      snprintf(guess_note, sizeof guess_note,
               "no sport in the file: taken as running from its median moving speed %.2f m/s "
               "(95th percentile %.2f) and cadence %.0f",
               med, p95, cmed);
    }
  }

  // 6. the activity
  snprintf(a.source_path, sizeof a.source_path, "%s", info->path ? info->path : "");
  snprintf(a.format, sizeof a.format, "%s", info->format);
  snprintf(a.device, sizeof a.device, "%s", info->device ? info->device : "");
  snprintf(a.name, sizeof a.name, "%s", info->name ? info->name : "");
  snprintf(a.sport_name, sizeof a.sport_name, "%s", info->sport_name ? info->sport_name : "");
  memcpy(a.sha256, info->sha256, sizeof a.sha256);
  a.sport = BKS_SPORT_RUNNING;
  a.sport_guessed = info->guess ? 1 : 0;
  a.start_utc = (int64_t)start;
  if (bks_activity_resize(&a, m) < 0) goto oom;
  memcpy(a.t, tt, m * sizeof *tt);

  if (guess_note[0]) bks_activity_warn(&a, "%s", guess_note);
  if (info->note && info->note[0]) bks_activity_warn(&a, "%s", info->note);
  if (notime) bks_activity_warn(&a, "%zu points without a valid time were left out", notime);
  if (nunordered) {
    bks_activity_warn(&a, "%zu points were out of time order: sorted by time", nunordered);
  }
  if (ndup) bks_activity_warn(&a, "%zu points repeated a timestamp: the first kept", ndup);
  if (info->nsegments > 1) {
    bks_activity_warn(&a,
                      "%u %s with %u segments in one activity: the gaps between segments are "
                      "time gaps (no distance counted across them)",
                      info->ntracks, info->ntracks == 1 ? "track" : "tracks", info->nsegments);
  }

  // channels as they are
  static const struct {
    bks__xv from;
    bks_channel to;
  } direct[] = {{BKS__XV_LAT, BKS_CH_LAT},          {BKS__XV_LON, BKS_CH_LON},
                {BKS__XV_ELE, BKS_CH_ALTITUDE},     {BKS__XV_HR, BKS_CH_HEART_RATE},
                {BKS__XV_TEMP, BKS_CH_TEMPERATURE}, {BKS__XV_POWER, BKS_CH_POWER}};
  for (size_t d = 0; d < sizeof direct / sizeof direct[0]; d++) {
    const double *v = ch[direct[d].from];
    if (!v) continue;
    if (bks_activity_add_channel(&a, direct[d].to) < 0) goto oom;
    memcpy(a.ch[direct[d].to], v, m * sizeof *v);
  }
  if (dist) {
    if (bks_activity_add_channel(&a, BKS_CH_DISTANCE) < 0) goto oom;
    memcpy(a.ch[BKS_CH_DISTANCE], dist, m * sizeof *dist);
  }
  if (dist_note[0]) bks_activity_warn(&a, "%s", dist_note);
  if (dist_from && strcmp(dist_from, "positions") == 0) {
    if (jumps) {
      bks_activity_warn(&a,
                        "distance derived from positions (haversine, not across segment gaps); "
                        "%zu GPS jumps faster than %.0f m/s not counted",
                        jumps, JUMP_MPS);
    } else {
      bks_activity_warn(&a, "distance derived from positions (haversine, not across segment gaps)");
    }
  } else if (dist_from) {
    bks_activity_warn(&a, "distance derived by integrating speed (no positions in the file)");
  }
  if (speed) {
    if (bks_activity_add_channel(&a, BKS_CH_SPEED) < 0) goto oom;
    memcpy(a.ch[BKS_CH_SPEED], speed, m * sizeof *speed);
  }
  if (speed_note[0]) bks_activity_warn(&a, "%s", speed_note);
  if (speed_derived) {
    bks_activity_warn(&a, "speed derived from distance over +-%.1f s", SPEED_HALF_WINDOW_S);
  }
  if (cadsrc) {
    if (bks_activity_add_channel(&a, BKS_CH_CADENCE) < 0) goto oom;
    memcpy(a.ch[BKS_CH_CADENCE], cadsrc, m * sizeof *cadsrc);
    int runcad = cadsrc == ch[BKS__XV_RUNCAD];
    apply_cadence(&a, a.ch[BKS_CH_CADENCE], m, runcad ? "TCX RunCadence" : info->cad_label, runcad,
                  tmp);
  }

  // laps (TCX): elapsed time runs to the next lap's start, the last one to the end
  if (t->nlaps) {
    a.laps = bks_calloc(t->nlaps, sizeof *a.laps);
    if (!a.laps) goto oom;
    a.nlaps = t->nlaps;
    double end = tt[m - 1] + start;
    int timer_known = 1, dist_known = 1;
    double timer_sum = 0, dist_sum = 0;
    for (size_t j = 0; j < t->nlaps; j++) {
      const bks__xt_lap *l = &t->laps[j];
      bks_lap *o = &a.laps[j];
      o->start_s = l->start - start;
      o->timer_s = l->timer_s;
      o->distance_m = l->dist_m;
      double next = j + 1 < t->nlaps ? t->laps[j + 1].start : NAN;
      if (isnan(next)) next = fmax(end, l->start + (isnan(l->timer_s) ? 0 : l->timer_s));
      o->elapsed_s = next - l->start;
      if (isnan(l->timer_s)) timer_known = 0;
      if (isnan(l->dist_m)) dist_known = 0;
      timer_sum += isnan(l->timer_s) ? 0 : l->timer_s;
      dist_sum += isnan(l->dist_m) ? 0 : l->dist_m;
    }
    if (timer_known) a.timer_s = timer_sum;
    if (dist_known && dist_sum > 0) a.distance_m = dist_sum;
  }

  // summary
  a.duration_s = tt[m - 1] - tt[0];
  if (isnan(a.distance_m) && dist) {
    for (size_t j = m; j-- > 0;) {
      if (!isnan(dist[j])) {
        a.distance_m = dist[j];
        break;
      }
    }
  }

  // 7. into the result
  bks_activity *arr = bks_realloc(out->act, (out->nact + 1) * sizeof *arr);
  if (!arr) goto oom;
  out->act = arr;
  arr[out->nact] = a;
  *added = &arr[out->nact];
  out->nact++;
  bks_activity_init(&a); // moved: nothing left to free
  goto done;

oom:
  rc = BKS_E_NOMEM;
done:
  bks_activity_deinit(&a);
  free(tp);
  free(ord);
  free(work);
  free(sid);
  free(tt);
  free(tmp);
  free(dist);
  free(speed);
  free(pairs);
  for (int c = 0; c < BKS__XV_COUNT; c++) free(ch[c]);
  bks__xt_pts_clear(t);
  return rc;
}
