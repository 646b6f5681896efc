// The normalised activity: lifetime, growth of the per-sample arrays, warnings.
//
// Every per-sample array of an activity has the same capacity (`cap_`), so growing is one
// realloc per present array and a channel made present late is allocated at that capacity too.
#include "backstride/alloc.h"
#include "backstride/activity.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backstride/status.h"

// first capacity: small activities should not pay for many regrowths
#define MIN_CAP 64u

static const char *const channel_names[BKS_NCHANNELS] = {
    [BKS_CH_DISTANCE] = "distance",
    [BKS_CH_SPEED] = "speed",
    [BKS_CH_ALTITUDE] = "altitude",
    [BKS_CH_GRADE] = "grade",
    [BKS_CH_HEART_RATE] = "heart_rate",
    [BKS_CH_CADENCE] = "cadence",
    [BKS_CH_VERT_OSC] = "vertical_oscillation",
    [BKS_CH_GCT] = "ground_contact_time",
    [BKS_CH_STEP_LENGTH] = "step_length",
    [BKS_CH_VERT_RATIO] = "vertical_ratio",
    [BKS_CH_GCT_BALANCE] = "gct_balance",
    [BKS_CH_POWER] = "power",
    [BKS_CH_LAT] = "latitude",
    [BKS_CH_LON] = "longitude",
    [BKS_CH_TEMPERATURE] = "temperature",
};

const char *bks_channel_name(bks_channel c) {
  if ((unsigned)c >= BKS_NCHANNELS) return "unknown";
  return channel_names[c];
}

void bks_activity_init(bks_activity *a) {
  memset(a, 0, sizeof *a);
  a->sport = BKS_SPORT_UNKNOWN;
  a->duration_s = NAN;
  a->timer_s = NAN;
  a->distance_m = NAN;
  a->imu_rate_hz = NAN;
}

void bks_activity_deinit(bks_activity *a) {
  if (!a) return;
  free(a->t);
  for (int c = 0; c < BKS_NCHANNELS; c++) free(a->ch[c]);
  for (size_t i = 0; i < a->ndev; i++) free(a->dev[i].v);
  free(a->dev);
  for (int k = 0; k < 3; k++) {
    free(a->acc[k]);
    free(a->gyr[k]);
  }
  free(a->laps);
  bks_activity_init(a);
}

// the capacity actually behind the arrays: a caller that filled the arrays itself may have left
// cap_ at 0 with n samples allocated
static size_t have_cap(const bks_activity *a) { return a->cap_ > a->n ? a->cap_ : a->n; }

static void fill_nan_d(double *v, size_t from, size_t to) {
  for (size_t i = from; i < to; i++) v[i] = NAN;
}

static void fill_nan_f(float *v, size_t from, size_t to) {
  for (size_t i = from; i < to; i++) v[i] = NAN;
}

// realloc `*pp` to `cap` elements of `size` bytes; on failure *pp is kept
static int grow(void **pp, size_t cap, size_t size) {
  if (cap > SIZE_MAX / size) return BKS_E_NOMEM;
  void *q = bks_realloc(*pp, cap * size);
  if (!q) return BKS_E_NOMEM;
  *pp = q;
  return BKS_OK;
}

int bks_activity_resize(bks_activity *a, size_t n) {
  size_t cap = have_cap(a);
  if (n > cap || !a->t) {
    // geometric growth: n single-sample resizes cost O(n) copies in total; the first allocation
    // is exact, so a reader that knows its size up front (IMU CSV) does not pay twice
    size_t want = cap ? cap : n > MIN_CAP ? n : MIN_CAP;
    while (want < n) want = want > SIZE_MAX / 2 ? n : want * 2;
    if (want > SIZE_MAX / sizeof(double)) return BKS_E_NOMEM;
    // grow every present array; a failure part-way leaves the grown ones larger, which is
    // harmless because `n` and `cap_` only change once all of them succeeded
    if (grow((void **)&a->t, want, sizeof(double)) < 0) return BKS_E_NOMEM;
    for (int c = 0; c < BKS_NCHANNELS; c++) {
      if (a->ch[c] && grow((void **)&a->ch[c], want, sizeof(double)) < 0) return BKS_E_NOMEM;
    }
    for (size_t i = 0; i < a->ndev; i++) {
      if (a->dev[i].v && grow((void **)&a->dev[i].v, want, sizeof(double)) < 0) return BKS_E_NOMEM;
    }
    for (int k = 0; k < 3; k++) {
      if (a->acc[k] && grow((void **)&a->acc[k], want, sizeof(float)) < 0) return BKS_E_NOMEM;
      if (a->gyr[k] && grow((void **)&a->gyr[k], want, sizeof(float)) < 0) return BKS_E_NOMEM;
    }
    a->cap_ = want;
  }
  // new samples are NaN in every present array (t included: the caller sets it)
  if (n > a->n) {
    fill_nan_d(a->t, a->n, n);
    for (int c = 0; c < BKS_NCHANNELS; c++) {
      if (a->ch[c]) fill_nan_d(a->ch[c], a->n, n);
    }
    for (size_t i = 0; i < a->ndev; i++) {
      if (a->dev[i].v) fill_nan_d(a->dev[i].v, a->n, n);
    }
    for (int k = 0; k < 3; k++) {
      if (a->acc[k]) fill_nan_f(a->acc[k], a->n, n);
      if (a->gyr[k]) fill_nan_f(a->gyr[k], a->n, n);
    }
  }
  a->n = n;
  return BKS_OK;
}

// a NaN-filled double array of the activity's capacity (at least one element, so that a present
// channel is never NULL, even with no samples)
static double *new_channel(const bks_activity *a) {
  size_t cap = have_cap(a);
  if (cap == 0) cap = 1;
  if (cap > SIZE_MAX / sizeof(double)) return NULL;
  double *v = bks_malloc(cap * sizeof *v);
  if (v) fill_nan_d(v, 0, cap);
  return v;
}

int bks_activity_add_channel(bks_activity *a, bks_channel c) {
  if ((unsigned)c >= BKS_NCHANNELS) return BKS_E_INVAL;
  if (a->ch[c]) return BKS_OK;
  a->ch[c] = new_channel(a);
  return a->ch[c] ? BKS_OK : BKS_E_NOMEM;
}

int bks_activity_add_dev_channel(bks_activity *a, const char *name, const char *units,
                                 size_t *index) {
  if (a->ndev >= SIZE_MAX / sizeof(bks_dev_channel) - 1) return BKS_E_NOMEM;
  double *v = new_channel(a);
  if (!v) return BKS_E_NOMEM;
  bks_dev_channel *d = bks_realloc(a->dev, (a->ndev + 1) * sizeof *d);
  if (!d) {
    free(v);
    return BKS_E_NOMEM;
  }
  a->dev = d;
  bks_dev_channel *ch = &d[a->ndev];
  memset(ch, 0, sizeof *ch);
  snprintf(ch->name, sizeof ch->name, "%s", name ? name : "");
  snprintf(ch->units, sizeof ch->units, "%s", units ? units : "");
  ch->v = v;
  if (index) *index = a->ndev;
  a->ndev++;
  return BKS_OK;
}

static float *new_imu(const bks_activity *a) {
  size_t cap = have_cap(a);
  if (cap == 0) cap = 1;
  if (cap > SIZE_MAX / sizeof(float)) return NULL;
  float *v = bks_malloc(cap * sizeof *v);
  if (v) fill_nan_f(v, 0, cap);
  return v;
}

int bks_activity_add_imu(bks_activity *a, int with_gyro) {
  for (int k = 0; k < 3; k++) {
    if (!a->acc[k] && !(a->acc[k] = new_imu(a))) return BKS_E_NOMEM;
    if (with_gyro && !a->gyr[k] && !(a->gyr[k] = new_imu(a))) return BKS_E_NOMEM;
  }
  return BKS_OK;
}

void bks_activity_warn(bks_activity *a, const char *fmt, ...) {
  enum { MAX = BKS_ACTIVITY_MAX_WARNINGS };
  // the first MAX - 1 warnings get a slot each; the last slot holds the MAX-th warning, or,
  // once more arrive, how many did not fit (a person reading 16 lines learns the rest exist)
  if (a->nwarnings < MAX) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->warnings[a->nwarnings], sizeof a->warnings[0], fmt, ap);
    va_end(ap);
    if (a->nwarnings == MAX - 1) a->nwarn_more_ = 1;
    a->nwarnings++;
    return;
  }
  a->nwarn_more_++;
  snprintf(a->warnings[MAX - 1], sizeof a->warnings[0], "... and %u more warnings", a->nwarn_more_);
}

void bks_activity_start_from_mtime(bks_activity *a, int64_t mtime_utc) {
  if (!a || mtime_utc <= 0 || a->start_utc != 0 || a->n == 0 || strcmp(a->format, "imu") != 0) {
    return;
  }
  double len = isfinite(a->duration_s) && a->duration_s > 0 ? a->duration_s : 0;
  a->start_utc = mtime_utc - (int64_t)llround(len);
  time_t t = (time_t)a->start_utc;
  struct tm tm;
  char when[32] = "?";
  if (gmtime_r(&t, &tm)) strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
  bks_activity_warn(a,
                    "no date in the file (t is not Unix time): the start, %s UTC, is the "
                    "file's modification time less the recording's length",
                    when);
}

double bks_activity_positive_mean(const bks_activity *a, bks_channel c) {
  const double *v = a->ch[c];
  double sum = 0;
  size_t n = 0;
  for (size_t i = 0; v && i < a->n; i++) {
    if (isfinite(v[i]) && v[i] > 0) {
      sum += v[i];
      n++;
    }
  }
  return n ? sum / (double)n : NAN;
}
