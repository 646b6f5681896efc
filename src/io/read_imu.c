// IMU CSV → one activity with raw accelerations (DESIGN.md "IMU CSV" contract).
//
// The first line that is neither blank nor a `#` comment names the columns (case-insensitive, a
// unit suffix such as "ax (g)" or "ax[m/s2]" is allowed): `t` in seconds (optional when a rate is
// given), `ax, ay, az` in the sensor's own axes with gravity included, optional `gx, gy, gz` in
// deg/s; other columns are ignored. Fields are separated by commas, or semicolons, tabs or spaces
// when the header uses those instead. Blank lines, `#` comments, a UTF-8 BOM and CRLF line ends are
// accepted. Anything else that is not a number is an error that names the line and the column.
//
// Accelerations are stored in m/s² (float): the units are g or m/s², given, or told apart by the
// median magnitude of the acceleration (gravity: about 1 in g, about 9.8 in m/s²). Time is kept as
// recorded, relative to the first sample; the sample rate is 1 / the median interval. Samples that
// go back in time or repeat a time are kept as recorded (the streaming core copes) and counted.
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/alloc.h"
#include "backstride/io.h"
#include "backstride/sha256.h"

#define IMU_MAX_LINE 4096      // bytes in a line, without its end
#define IMU_MAX_ROWS 50000000u // data rows (about 1.6 GB of samples with gyro)
#define IMU_MIN_ROWS 10u       // fewer cannot give a sample rate or a gravity estimate
#define IMU_MAX_SAMPLE 100001u // samples used for the medians (spread over the whole file)
#define G0 9.80665             // standard gravity [m/s²] (CGPM 1901)

// the median acceleration magnitude that identifies each unit: gravity dominates a whole
// recording even while running (1 g on average, the peaks are short)
#define G_UNITS_LO 0.5
#define G_UNITS_HI 2.5
#define MS2_UNITS_LO 5.0
#define MS2_UNITS_HI 25.0

// largest magnitudes accepted in a row: time [s] (3e13 s is a million years) and acceleration or
// angular rate (in the file's units)
#define MAX_ABS_T 3e13
#define MAX_ABS_VALUE 1e6

// plausible sample rates for a body-worn IMU; outside, `t` is most likely not in seconds
#define RATE_MIN_HZ 1.0
#define RATE_MAX_HZ 100000.0

enum { COL_T, COL_AX, COL_AY, COL_AZ, COL_GX, COL_GY, COL_GZ, NCOL };
static const char *const col_names[NCOL] = {"t", "ax", "ay", "az", "gx", "gy", "gz"};

typedef struct lines {
  const char *p, *end;
  unsigned no; // number of the line last returned (1-based)
} lines;

// The next line without its end ("\n" or "\r\n"); 0 at the end of the input.
static int next_line(lines *l, const char **s, size_t *len) {
  if (l->p >= l->end) return 0;
  const char *nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
  const char *e = nl ? nl : l->end;
  *s = l->p;
  *len = (size_t)(e - l->p);
  if (*len && (*s)[*len - 1] == '\r') (*len)--;
  l->p = nl ? nl + 1 : l->end;
  l->no++;
  return 1;
}

static int is_blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (!isspace((unsigned char)s[i])) return 0;
  }
  return 1;
}

// 1 for a comment line (first non-space byte '#')
static int is_comment(const char *s, size_t n) {
  size_t i = 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  return i < n && s[i] == '#';
}

// Split `buf` (NUL-terminated, modified) into at most `max` fields. `sep` 0 means runs of spaces
// and tabs. Fields are trimmed of spaces and one pair of double quotes. Returns the field count.
static unsigned split(char *buf, char sep, char **f, unsigned max) {
  unsigned n = 0;
  char *p = buf;
  if (!sep) {
    while (*p && n < max) {
      while (*p == ' ' || *p == '\t') p++;
      if (!*p) break;
      f[n++] = p;
      while (*p && *p != ' ' && *p != '\t') p++;
      if (*p) *p++ = '\0';
    }
  } else {
    while (n < max) {
      f[n++] = p;
      char *q = strchr(p, sep);
      if (!q) break;
      *q = '\0';
      p = q + 1;
    }
  }
  for (unsigned i = 0; i < n; i++) {
    char *s = f[i];
    while (*s == ' ' || *s == '\t') s++;
    size_t k = strlen(s);
    while (k && (s[k - 1] == ' ' || s[k - 1] == '\t')) s[--k] = '\0';
    if (k >= 2 && s[0] == '"' && s[k - 1] == '"') {
      s[k - 1] = '\0';
      s++;
    }
    f[i] = s;
  }
  return n;
}

// the column a header name stands for, or -1 ("AX (g)" and "ax[m/s2]" are ax)
static int column_of(const char *name) {
  char low[16];
  size_t k = 0;
  for (const char *s = name; *s && *s != '(' && *s != '[' && k < sizeof low - 1; s++) {
    low[k++] = (char)tolower((unsigned char)*s);
  }
  while (k && (low[k - 1] == ' ' || low[k - 1] == '\t' || low[k - 1] == '_')) k--;
  low[k] = '\0';
  for (int c = 0; c < NCOL; c++) {
    if (strcmp(low, col_names[c]) == 0) return c;
  }
  return -1;
}

// a field for an error message: at most 24 bytes, non-printable bytes as '?'
static void quote(const char *s, char *out, size_t outsz) {
  size_t k = 0;
  for (; s[k] && k < 24 && k < outsz - 4; k++) out[k] = isprint((unsigned char)s[k]) ? s[k] : '?';
  if (s[k]) out[k++] = '.', out[k++] = '.', out[k++] = '.';
  out[k] = '\0';
}

// a finite number filling the whole field
static int parse_num(const char *s, double *v) {
  if (!*s) return 0;
  char *end;
  double x = strtod(s, &end);
  if (end == s || *end || !isfinite(x)) return 0;
  *v = x;
  return 1;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, size_t n) {
  if (n == 0) return NAN;
  qsort(v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// write a message into err and return rc
BKS_PRINTF(4, 5)
static int msg(char *err, size_t errsz, int rc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (err && errsz) vsnprintf(err, errsz, fmt, ap);
  va_end(ap);
  return rc;
}

// report an error naming a line (0: no line); frees what the result holds
BKS_PRINTF(4, 5)
static int fail(bks_read_result *out, int rc, unsigned line, const char *fmt, ...) {
  bks_read_result_deinit(out);
  out->status = rc;
  out->err_line = line;
  char msg[200];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (line) {
    snprintf(out->err, sizeof out->err, "line %u: %s", line, msg);
  } else {
    snprintf(out->err, sizeof out->err, "%s", msg);
  }
  return rc;
}

//---- Line by line ----

int bks_imu_csv_header(bks_imu_csv *c, const char *s, size_t len, const bks_imu_opts *opts,
                       char *err, size_t errsz) {
  memset(c, 0, sizeof *c);
  bks_imu_opts o = {0, 0};
  if (opts) o = *opts;
  // a UTF-8 byte order mark (spreadsheets write one)
  if (len >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
      (unsigned char)s[2] == 0xBF) {
    s += 3, len -= 3;
  }
  if (len && s[len - 1] == '\n') len--;
  if (len && s[len - 1] == '\r') len--;
  if (len > IMU_MAX_LINE) return msg(err, errsz, BKS_E_LIMIT, "longer than %d bytes", IMU_MAX_LINE);
  if (is_blank(s, len) || is_comment(s, len)) return BKS_MORE;
  if (memchr(s, '\0', len)) return msg(err, errsz, BKS_E_FORMAT, "binary data, not a CSV header");
  char buf[IMU_MAX_LINE + 1];
  char *f[256];
  memcpy(buf, s, len);
  buf[len] = '\0';
  // the separator: whichever of , ; tab the header uses most, else runs of spaces
  unsigned nc = 0, ns = 0, nt = 0;
  for (size_t i = 0; i < len; i++) nc += buf[i] == ',', ns += buf[i] == ';', nt += buf[i] == '\t';
  c->sep = nc >= ns && nc >= nt && nc ? ',' : ns >= nt && ns ? ';' : nt ? '\t' : 0;
  unsigned nf = split(buf, c->sep, f, 256);
  for (int k = 0; k < NCOL; k++) c->col[k] = -1;
  for (unsigned i = 0; i < nf; i++) {
    int k = column_of(f[i]);
    if (k < 0) continue;
    if (c->col[k] >= 0)
      return msg(err, errsz, BKS_E_FORMAT, "column %s appears twice", col_names[k]);
    c->col[k] = (int)i;
  }
  if (c->col[COL_AX] < 0 && c->col[COL_AY] < 0 && c->col[COL_AZ] < 0) {
    double x;
    if (nf && parse_num(f[0], &x)) {
      return msg(err, errsz, BKS_E_FORMAT,
                 "no header line: the first line must name the columns (t, ax, ay, az[, gx, gy, "
                 "gz])");
    }
    return msg(err, errsz, BKS_E_FORMAT, "no columns ax, ay, az in the header: not an IMU CSV");
  }
  for (int k = COL_AX; k <= COL_AZ; k++) {
    if (c->col[k] < 0) {
      return msg(err, errsz, BKS_E_FORMAT, "missing column %s (need ax, ay, az)", col_names[k]);
    }
  }
  c->gyro = c->col[COL_GX] >= 0 && c->col[COL_GY] >= 0 && c->col[COL_GZ] >= 0;
  c->partial_gyro = !c->gyro && (c->col[COL_GX] >= 0 || c->col[COL_GY] >= 0 || c->col[COL_GZ] >= 0);
  c->has_t = c->col[COL_T] >= 0;
  if (!c->has_t && o.rate_hz <= 0) {
    return msg(err, errsz, BKS_E_INVAL, "no t column: give the sample rate (--rate)");
  }
  if (!c->has_t && (o.rate_hz < RATE_MIN_HZ || o.rate_hz > RATE_MAX_HZ)) {
    return msg(err, errsz, BKS_E_INVAL, "a sample rate of %g Hz is not plausible for an IMU",
               o.rate_hz);
  }
  c->last = 0;
  for (int k = 0; k < NCOL; k++) {
    if ((k < COL_GX || c->gyro) && c->col[k] > c->last) c->last = c->col[k];
  }
  return BKS_OK;
}

int bks_imu_csv_row(const bks_imu_csv *c, const char *s, size_t len, double scale, double *t,
                    float acc[3], float gyr[3], char *err, size_t errsz) {
  if (len && s[len - 1] == '\n') len--;
  if (len && s[len - 1] == '\r') len--;
  if (len > IMU_MAX_LINE) return msg(err, errsz, BKS_E_LIMIT, "longer than %d bytes", IMU_MAX_LINE);
  if (is_blank(s, len) || is_comment(s, len)) return BKS_MORE;
  if (memchr(s, '\0', len)) return msg(err, errsz, BKS_E_CORRUPT, "binary data (a NUL byte)");
  char buf[IMU_MAX_LINE + 1];
  char *f[256];
  memcpy(buf, s, len);
  buf[len] = '\0';
  unsigned got = split(buf, c->sep, f, (unsigned)c->last + 1);
  if (got < (unsigned)c->last + 1) {
    return msg(err, errsz, BKS_E_CORRUPT, "%u fields, the header needs at least %d", got,
               c->last + 1);
  }
  double v[NCOL];
  for (int k = 0; k < NCOL; k++) {
    v[k] = NAN;
    if (c->col[k] < 0 || (k >= COL_GX && !c->gyro)) continue;
    const char *fs = f[c->col[k]];
    if (!*fs && k >= COL_GX) continue; // a gyro sample may be missing
    if (!*fs) return msg(err, errsz, BKS_E_CORRUPT, "column %s is empty", col_names[k]);
    if (!parse_num(fs, &v[k])) {
      char qb[32];
      quote(fs, qb, sizeof qb);
      return msg(err, errsz, BKS_E_CORRUPT, "column %s: '%s' is not a number", col_names[k], qb);
    }
    // no body-worn sensor reads a million g or deg/s, and no clock a million years: such a number
    // is damage (and would not survive the conversion to float)
    if (fabs(v[k]) > (k == COL_T ? MAX_ABS_T : MAX_ABS_VALUE)) {
      return msg(err, errsz, BKS_E_RANGE, "column %s: %g is out of range", col_names[k], v[k]);
    }
  }
  *t = v[COL_T];
  for (int d = 0; d < 3; d++) {
    acc[d] = (float)(v[COL_AX + d] * scale);
    gyr[d] = (float)v[COL_GX + d];
  }
  return BKS_OK;
}

double bks_imu_units_factor(double median_magnitude) {
  double g = median_magnitude;
  if (g >= G_UNITS_LO && g <= G_UNITS_HI) return G0;
  if (g >= MS2_UNITS_LO && g <= MS2_UNITS_HI) return 1.0;
  return 0;
}

double bks_imu_time_base(double t0, int has_t) {
  return has_t && t0 >= 1e9 && t0 < 4e9 ? floor(t0) : t0;
}

// the medians use at most IMU_MAX_SAMPLE values spread over the recording
static size_t sample_step(size_t n) { return n / IMU_MAX_SAMPLE + 1; }

int bks_imu_rate_from_t(const double *t, size_t n, double *rate_hz, char *err, size_t errsz) {
  size_t step = sample_step(n), m = 0;
  double *tmp = bks_malloc((n / step + 1) * sizeof *tmp);
  if (!tmp) return msg(err, errsz, BKS_E_NOMEM, "out of memory");
  for (size_t i = 1; i < n; i += step) {
    double dt = t[i] - t[i - 1];
    if (dt > 0) tmp[m++] = dt;
  }
  double dt = median(tmp, m);
  free(tmp);
  if (!(dt > 0)) {
    return msg(err, errsz, BKS_E_CORRUPT, "t never increases: the sample rate cannot be known");
  }
  double hz = 1.0 / dt;
  if (hz < RATE_MIN_HZ || hz > RATE_MAX_HZ) {
    return msg(err, errsz, BKS_E_RANGE,
               "the median interval between samples is %g s (%g Hz): t must be in seconds", dt, hz);
  }
  *rate_hz = hz;
  return BKS_OK;
}

double bks_imu_median_magnitude(const float *const acc[3], size_t n) {
  size_t step = sample_step(n), m = 0;
  double *tmp = bks_malloc((n / step + 1) * sizeof *tmp);
  if (!tmp) return NAN;
  for (size_t i = 0; i < n; i += step) {
    double x = acc[0][i], y = acc[1][i], z = acc[2][i];
    tmp[m++] = sqrt(x * x + y * y + z * z);
  }
  double g = median(tmp, m);
  free(tmp);
  return g;
}

int bks_imu_detect_units(const float *const acc[3], size_t n, double *to_ms2, char *err,
                         size_t errsz) {
  double g = bks_imu_median_magnitude(acc, n);
  if (isnan(g) && n) return msg(err, errsz, BKS_E_NOMEM, "out of memory");
  *to_ms2 = bks_imu_units_factor(g);
  if (*to_ms2 == 0) {
    return msg(err, errsz, BKS_E_RANGE,
               "cannot tell the units: the median |a| is %g (about 1 means g, about 9.8 m/s²); "
               "give them (--units g or ms2)",
               g);
  }
  return BKS_OK;
}

//---- A whole file ----

int bks_read_imu_csv(const uint8_t *p, size_t n, const char *path, const bks_imu_opts *opts,
                     bks_read_result *out) {
  bks_read_result_init(out);
  bks_imu_opts o = {0, 0};
  if (opts) o = *opts;
  if (!(o.rate_hz >= 0) || !isfinite(o.rate_hz)) {
    return fail(out, BKS_E_INVAL, 0, "the sample rate must be a positive number of Hz");
  }
  if (o.units < BKS_IMU_UNITS_DETECT || o.units > BKS_IMU_UNITS_MS2) {
    return fail(out, BKS_E_INVAL, 0, "units must be 0 (detect), 1 (g) or 2 (m/s²)");
  }
  // an absent buffer is an empty one (pointer arithmetic on NULL is undefined)
  if (!p) p = (const uint8_t *)"", n = 0;

  lines L = {(const char *)p, (const char *)p + n, 0};
  const char *s;
  size_t len;
  char err[200];

  //---- the header ----
  bks_imu_csv c;
  int rc = BKS_MORE;
  while (rc == BKS_MORE && next_line(&L, &s, &len)) {
    rc = bks_imu_csv_header(&c, s, len, &o, err, sizeof err);
  }
  if (rc == BKS_MORE) return fail(out, BKS_E_FORMAT, 0, "no header line: the file is empty");
  // a bad rate is the options' fault, not a line's (but a missing t is the header's)
  if (rc < 0)
    return fail(out, rc, rc == BKS_E_INVAL && c.has_t == 0 && o.rate_hz > 0 ? 0 : L.no, "%s", err);
  unsigned header_line = L.no;
  int gyro = c.gyro, has_t = c.has_t;

  //---- room for every line that follows (an upper bound on the rows) ----
  // (the limit counts lines, blank ones too, so that nothing is allocated for an input that is
  // too large anyway)
  size_t rows_max = 1;
  for (const char *q = L.p; q < L.end; q++) {
    q = memchr(q, '\n', (size_t)(L.end - q));
    if (!q) break;
    if (++rows_max > IMU_MAX_ROWS) {
      return fail(out, BKS_E_LIMIT, 0, "more than %u lines after the header", IMU_MAX_ROWS);
    }
  }
  out->act = bks_malloc(sizeof *out->act);
  if (!out->act) return fail(out, BKS_E_NOMEM, 0, "out of memory");
  out->nact = 1;
  bks_activity *a = &out->act[0];
  bks_activity_init(a);
  if (bks_activity_resize(a, rows_max) < 0 || bks_activity_add_imu(a, gyro) < 0) {
    return fail(out, BKS_E_NOMEM, 0, "out of memory for %zu rows", rows_max);
  }
  const double scale_g = o.units == BKS_IMU_UNITS_G ? G0 : 1.0; // resolved below when detecting

  //---- the rows ----
  size_t k = 0;
  size_t nback = 0, nrep = 0;
  unsigned last_line = header_line;
  while (next_line(&L, &s, &len)) {
    double t;
    float acc[3], gyr[3];
    rc = bks_imu_csv_row(&c, s, len, scale_g, &t, acc, gyr, err, sizeof err);
    if (rc == BKS_MORE) continue;
    if (rc < 0) return fail(out, rc, L.no, "%s", err);
    if (k >= rows_max) return fail(out, BKS_E_STATE, L.no, "more rows than lines"); // cannot be
    if (!has_t) t = (double)k / o.rate_hz;
    if (k) {
      double prev = a->t[k - 1];
      if (t < prev) nback++;
      if (t == prev) nrep++;
    }
    a->t[k] = t;
    for (int d = 0; d < 3; d++) {
      a->acc[d][k] = acc[d];
      if (gyro) a->gyr[d][k] = gyr[d];
    }
    k++;
    last_line = L.no;
  }
  if (k < IMU_MIN_ROWS) {
    return fail(out, BKS_E_CORRUPT, last_line, "only %zu data rows: at least %u are needed", k,
                IMU_MIN_ROWS);
  }
  bks_activity_resize(a, k); // shrinking cannot fail

  // sample rate: from t, or the rate given
  double rate = o.rate_hz;
  if (has_t) {
    double from_t;
    rc = bks_imu_rate_from_t(a->t, k, &from_t, err, sizeof err);
    if (rc < 0) return fail(out, rc, 0, "%s", err);
    if (rate > 0 && fabs(from_t - rate) > 0.05 * rate) {
      bks_activity_warn(a, "the given rate %g Hz disagrees with t (%.4g Hz): t is used", rate,
                        from_t);
    }
    rate = from_t;
  }

  // units: the median magnitude of the acceleration is gravity
  double to_ms2 = 1.0;
  const float *const acc3[3] = {a->acc[0], a->acc[1], a->acc[2]};
  if (o.units == BKS_IMU_UNITS_DETECT) {
    rc = bks_imu_detect_units(acc3, k, &to_ms2, err, sizeof err);
    if (rc < 0) return fail(out, rc, 0, "%s", err);
  } else {
    double g = bks_imu_median_magnitude(acc3, k);
    if (isnan(g)) return fail(out, BKS_E_NOMEM, 0, "out of memory");
    if (!(g >= MS2_UNITS_LO && g <= MS2_UNITS_HI)) {
      // units given (and applied while reading): say so when gravity does not come out near 9.8
      bks_activity_warn(a,
                        "the median |a| is %.3g m/s² in the units given, far from gravity: are "
                        "the units right?",
                        g);
    }
  }
  if (to_ms2 != 1.0) {
    for (int d = 0; d < 3; d++) {
      for (size_t i = 0; i < k; i++) a->acc[d][i] = (float)(a->acc[d][i] * to_ms2);
    }
  }

  //---- time: relative to the first sample; a Unix time in t gives the start ----
  double base = bks_imu_time_base(a->t[0], has_t);
  if (has_t && a->t[0] >= 1e9 && a->t[0] < 4e9) a->start_utc = (int64_t)base;
  double tmin = INFINITY, tmax = -INFINITY;
  for (size_t i = 0; i < k; i++) {
    a->t[i] -= base;
    tmin = fmin(tmin, a->t[i]);
    tmax = fmax(tmax, a->t[i]);
  }

  //---- the rest of the activity ----
  snprintf(a->source_path, sizeof a->source_path, "%s", path ? path : "");
  snprintf(a->format, sizeof a->format, "imu");
  bks_sha256(p, n, a->sha256);
  // an IMU CSV names no sport: it is taken to be a run, the recording this contract is for, and
  // marked as assumed
  a->sport = BKS_SPORT_RUNNING;
  a->sport_guessed = 1;
  a->imu_rate_hz = rate;
  a->duration_s = tmax - tmin;
  a->timer_s = a->duration_s;
  if (nback || nrep) {
    bks_activity_warn(a,
                      "%zu samples go back in time and %zu repeat the previous time: kept as "
                      "recorded",
                      nback, nrep);
  }
  if (c.partial_gyro) bks_activity_warn(a, "gyro columns incomplete (need gx, gy, gz): ignored");
  return out->status;
}
