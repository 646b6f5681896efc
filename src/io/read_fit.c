// FIT file → normalised activities (DESIGN.md "Data model").
//
// One pass through the streaming decoder collects, in file order: the device (file_id, else the
// creator's device_info), sessions, laps, the sport message, and every record, converted to SI
// and staged in per-channel arrays (absent channels stay unallocated). Then the records are cut
// into legs: one per session (a multisport file keeps each running session, taking the records
// whose timestamps fall inside the session), or one for the whole file when it has no session.
// Each running leg becomes an activity; the others are counted as skipped with their reason.
//
// Units (FIT profile units → SI):
//   position_lat/long   semicircles → degrees (× 180 / 2^31)
//   altitude            m (enhanced_altitude preferred: it is the 32-bit field)
//   speed               m/s (enhanced_speed preferred)
//   grade               % → fraction
//   cadence             FIT running cadence (+ fractional_cadence) counts strides per minute, one
//                       foot; DESIGN.md's rule: × 2 → steps per minute (both feet). A device that
//                       evidently already wrote steps/min (median above 125 "strides"/min, which
//                       no runner reaches) is left as it is, with a warning.
//   vertical_oscillation, step_length   mm → m
//   stance_time         ms → s (the ground_contact_time channel)
//   stance_time_balance, vertical_ratio  % as FIT gives them
//   heart_rate 1/min, power W, temperature °C as FIT gives them
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/alloc.h"
#include "backstride/fit.h"
#include "backstride/io.h"
#include "backstride/sha256.h"

// FIT global message numbers (FIT profile, "mesg_num")
#define MESG_FILE_ID 0
#define MESG_SPORT 12
#define MESG_SESSION 18
#define MESG_LAP 19
#define MESG_RECORD 20
#define MESG_DEVICE_INFO 23

#define FILE_TYPE_ACTIVITY 4 // FIT "file" type
#define SPORT_RUNNING 1      // FIT "sport" type
#define FIELD_POWER 7        // record.power: a developer field may declare itself its native field

// FIT: date_time values below 0x10000000 are relative (seconds since the device powered on)
#define FIT_MIN_ABS_TIME 268435456.0

// a record whose time goes back by more than this (against the latest time kept) is dropped;
// smaller steps back are kept as they are (a clock adjusted by a GPS fix) and counted
#define BACKWARD_TOLERANCE_S 5.0
// gaps between records longer than this count as paused when the timer time must be estimated
#define PAUSE_GAP_S 30.0
// at most this many developer channels are kept (a crafted file could declare 65 536)
#define MAX_DEV_CHANNELS 64
// sessions in one file: a triathlon has 5, a day of intervals a few dozen; each one costs a pass
// over the records when they are not in time order, so a crafted file must not have a million
#define MAX_SESSIONS 256
// a session start this far from its first record is not trusted as the activity's start
#define START_TRUST_S 86400.0

// what the activity's cadence channel holds before the × 2 (strides/min); above this median
// the device must have written steps/min already
#define CADENCE_ALREADY_STEPS 125.0

//---- Staging: everything decoded, before it is cut into legs ----

// the record fields read, by slot
enum {
  R_TS,
  R_LAT,
  R_LON,
  R_ALT,
  R_EALT,
  R_HR,
  R_CAD,
  R_FCAD,
  R_DIST,
  R_SPEED,
  R_ESPEED,
  R_POWER,
  R_GRADE,
  R_TEMP,
  R_VOSC,
  R_STANCE,
  R_STBAL,
  R_STEPLEN,
  R_VRATIO,
  R_N
};

static const char *const record_field_names[R_N] = {
    [R_TS] = "timestamp",
    [R_LAT] = "position_lat",
    [R_LON] = "position_long",
    [R_ALT] = "altitude",
    [R_EALT] = "enhanced_altitude",
    [R_HR] = "heart_rate",
    [R_CAD] = "cadence",
    [R_FCAD] = "fractional_cadence",
    [R_DIST] = "distance",
    [R_SPEED] = "speed",
    [R_ESPEED] = "enhanced_speed",
    [R_POWER] = "power",
    [R_GRADE] = "grade",
    [R_TEMP] = "temperature",
    [R_VOSC] = "vertical_oscillation",
    [R_STANCE] = "stance_time",
    [R_STBAL] = "stance_time_balance",
    [R_STEPLEN] = "step_length",
    [R_VRATIO] = "vertical_ratio",
};

// a developer field seen in records
typedef struct stage_dev {
  uint8_t dev_index, field_num;
  uint16_t native_mesg;
  uint8_t native_field;
  char name[BKS_FIT_DEV_NAME_MAX];
  char units[BKS_FIT_DEV_UNITS_MAX];
  double *v; // `cap` values, NaN where absent
} stage_dev;

typedef struct fsession {
  double start, ts, elapsed, timer, dist; // FIT seconds / s / m; NaN when absent
  int sport, sub_sport;                   // -1 when absent
} fsession;

typedef struct flap {
  double start, ts, elapsed, timer, dist;
  int sport;
} flap;

typedef struct stage {
  // records with a timestamp
  size_t n, cap;
  double *ts;                // FIT seconds
  double *ch[BKS_NCHANNELS]; // SI, except cadence: strides/min until the leg is built
  stage_dev *dev;
  size_t ndev, devcap;
  unsigned dev_dropped;  // developer fields beyond MAX_DEV_CHANNELS
  unsigned no_ts;        // records without a timestamp (dropped)
  unsigned dup_sessions; // sessions that repeat an earlier one exactly (ignored)

  fsession *sess;
  size_t nsess, sesscap;
  flap *laps;
  size_t nlaps, lapcap;

  int file_type;             // -1 when absent
  char device[64];           // from file_id
  char creator[64];          // from device_info with device_index 0 (creator)
  int nsport;                // sport messages seen
  int sport, sub_sport;      // from the first sport message; -1 when absent
  char sport_mesg_name[128]; // its name field

  uint8_t slot_of[256]; // record field number → R_* (R_N: not read)
} stage;

static int grow_array(void **p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return BKS_OK;
  size_t c = *cap ? *cap : 16;
  while (c < need) c = c > SIZE_MAX / 2 ? need : c * 2;
  if (c > SIZE_MAX / size) return BKS_E_NOMEM;
  void *q = bks_realloc(*p, c * size);
  if (!q) return BKS_E_NOMEM;
  *p = q;
  *cap = c;
  return BKS_OK;
}

static double *nan_array(size_t n) {
  if (n == 0) n = 1;
  if (n > SIZE_MAX / sizeof(double)) return NULL;
  double *v = bks_malloc(n * sizeof *v);
  if (v) {
    for (size_t i = 0; i < n; i++) v[i] = NAN;
  }
  return v;
}

static void stage_init(stage *s) {
  memset(s, 0, sizeof *s);
  s->file_type = -1;
  s->sport = s->sub_sport = -1;
  memset(s->slot_of, R_N, sizeof s->slot_of);
  // record field numbers from the profile, by name, so no field number is written twice
  const bks_fit_mesg_def *rec = bks_fit_mesg_by_num(MESG_RECORD);
  for (int k = 0; k < R_N && rec; k++) {
    const bks_fit_field *f = bks_fit_field_by_name(rec, record_field_names[k]);
    if (f) s->slot_of[f->num] = (uint8_t)k;
  }
}

static void stage_free(stage *s) {
  free(s->ts);
  for (int c = 0; c < BKS_NCHANNELS; c++) free(s->ch[c]);
  for (size_t i = 0; i < s->ndev; i++) free(s->dev[i].v);
  free(s->dev);
  free(s->sess);
  free(s->laps);
}

// room for one more record in every staged array
static int stage_reserve(stage *s) {
  if (s->n < s->cap) return BKS_OK;
  size_t old = s->cap, cap = s->cap;
  if (grow_array((void **)&s->ts, &cap, s->n + 1, sizeof(double)) < 0) return BKS_E_NOMEM;
  for (int c = 0; c < BKS_NCHANNELS; c++) {
    size_t cc = old;
    if (s->ch[c] && grow_array((void **)&s->ch[c], &cc, cap, sizeof(double)) < 0)
      return BKS_E_NOMEM;
  }
  for (size_t i = 0; i < s->ndev; i++) {
    size_t cc = old;
    if (grow_array((void **)&s->dev[i].v, &cc, cap, sizeof(double)) < 0) return BKS_E_NOMEM;
  }
  // new slots are NaN everywhere (a channel seen later has no value in earlier records)
  for (int c = 0; c < BKS_NCHANNELS; c++) {
    if (s->ch[c]) {
      for (size_t i = old; i < cap; i++) s->ch[c][i] = NAN;
    }
  }
  for (size_t d = 0; d < s->ndev; d++) {
    for (size_t i = old; i < cap; i++) s->dev[d].v[i] = NAN;
  }
  s->cap = cap;
  return BKS_OK;
}

static int stage_set(stage *s, int c, size_t i, double v) {
  if (isnan(v)) return BKS_OK;
  if (!s->ch[c] && !(s->ch[c] = nan_array(s->cap))) return BKS_E_NOMEM;
  s->ch[c][i] = v;
  return BKS_OK;
}

//---- Reading fields ----

// a field of a message by name, ignoring developer fields (a developer may call a field "sport")
static const bks_fit_fval *get(const bks_fit_mesg *m, const char *name) {
  for (unsigned i = 0; i < m->nfields; i++) {
    const bks_fit_fval *f = &m->fields[i];
    if (f->kind == BKS_FIT_FV_DEV) continue;
    const char *n = bks_fit_fval_name(f);
    if (n && strcmp(n, name) == 0) return f;
  }
  return NULL;
}

static double num(const bks_fit_mesg *m, const char *name) {
  return bks_fit_fval_num(get(m, name));
}

static int enum_val(const bks_fit_mesg *m, const char *name) {
  double v = num(m, name);
  return isnan(v) || v < 0 || v > 65535 ? -1 : (int)v;
}

// copy a string field into `out` (NUL-terminated, truncated); 0 when absent
static int get_str(const bks_fit_mesg *m, const char *name, char *out, size_t outsz) {
  const bks_fit_fval *f = get(m, name);
  if (!f || f->vtype != BKS_FIT_VT_STR || f->len == 0) return 0;
  size_t k = f->len < outsz - 1 ? f->len : outsz - 1;
  memcpy(out, f->str, k);
  out[k] = '\0';
  return 1;
}

// name of value `v` of profile type `type`, or NULL
static const char *type_name(const char *type, int v) {
  if (v < 0) return NULL;
  const bks_fit_type *t = bks_fit_type_by_name(type);
  return t ? bks_fit_type_value_name(t, (uint32_t)v) : NULL;
}

// "garmin fenix5" from a file_id or device_info message; "" when it names no manufacturer
static void device_string(const bks_fit_mesg *m, char *out, size_t outsz) {
  out[0] = '\0';
  int manu = enum_val(m, "manufacturer");
  if (manu < 0) return;
  char manu_buf[24];
  const char *mname = type_name("manufacturer", manu);
  if (!mname) {
    snprintf(manu_buf, sizeof manu_buf, "manufacturer %d", manu);
    mname = manu_buf;
  }
  // the product: its own name when given, else the profile's name for the manufacturer's
  // product sub-field (garmin_product, favero_product...), else the number
  char prod[64] = "";
  if (!get_str(m, "product_name", prod, sizeof prod)) {
    for (unsigned i = 0; i < m->nfields && !prod[0]; i++) {
      const bks_fit_fval *f = &m->fields[i];
      if (f->kind != BKS_FIT_FV_SUB || !f->field || strcmp(f->field->name, "product") != 0)
        continue;
      double v = bks_fit_fval_num(f);
      const char *pn = isnan(v) || v < 0 ? NULL : type_name(f->sub->type_name, (int)v);
      if (pn) snprintf(prod, sizeof prod, "%s", pn);
    }
    double pv = num(m, "product");
    if (!prod[0] && !isnan(pv)) snprintf(prod, sizeof prod, "%.0f", pv);
  }
  if (prod[0]) {
    snprintf(out, outsz, "%s %s", mname, prod);
  } else {
    snprintf(out, outsz, "%s", mname);
  }
}

static int on_record(stage *s, const bks_fit_mesg *m) {
  double v[R_N];
  for (int k = 0; k < R_N; k++) v[k] = NAN;
  unsigned ndevf = 0;
  for (unsigned i = 0; i < m->nfields; i++) {
    const bks_fit_fval *f = &m->fields[i];
    if (f->kind == BKS_FIT_FV_DEV) {
      ndevf++;
      continue;
    }
    // sub-field readings repeat their parent; unknown fields have no meaning to us
    if (f->kind == BKS_FIT_FV_SUB || f->kind == BKS_FIT_FV_UNKNOWN) continue;
    unsigned slot = f->kind == BKS_FIT_FV_TIMESTAMP ? R_TS
                    : f->field                      ? s->slot_of[f->field->num]
                                                    : R_N;
    if (slot < R_N) v[slot] = bks_fit_fval_num(f);
  }
  if (isnan(v[R_TS])) {
    s->no_ts++;
    return BKS_OK;
  }
  if (stage_reserve(s) < 0) return BKS_E_NOMEM;
  size_t i = s->n;
  s->ts[i] = v[R_TS];

  double speed = !isnan(v[R_ESPEED]) ? v[R_ESPEED] : v[R_SPEED];
  double alt = !isnan(v[R_EALT]) ? v[R_EALT] : v[R_ALT];
  double cad = v[R_CAD] + (isnan(v[R_FCAD]) ? 0.0 : v[R_FCAD]); // strides/min for now
  const double semi = 180.0 / 2147483648.0;                     // semicircles → degrees
  const struct {
    int c;
    double v;
  } set[] = {
      {BKS_CH_DISTANCE, v[R_DIST]},
      {BKS_CH_SPEED, speed},
      {BKS_CH_ALTITUDE, alt},
      {BKS_CH_GRADE, v[R_GRADE] / 100.0},
      {BKS_CH_HEART_RATE, v[R_HR]},
      {BKS_CH_CADENCE, cad},
      {BKS_CH_VERT_OSC, v[R_VOSC] / 1000.0},
      {BKS_CH_GCT, v[R_STANCE] / 1000.0},
      {BKS_CH_STEP_LENGTH, v[R_STEPLEN] / 1000.0},
      {BKS_CH_VERT_RATIO, v[R_VRATIO]},
      {BKS_CH_GCT_BALANCE, v[R_STBAL]},
      {BKS_CH_POWER, v[R_POWER]},
      {BKS_CH_LAT, v[R_LAT] * semi},
      {BKS_CH_LON, v[R_LON] * semi},
      {BKS_CH_TEMPERATURE, v[R_TEMP]},
  };
  for (size_t k = 0; k < sizeof set / sizeof set[0]; k++) {
    if (stage_set(s, set[k].c, i, set[k].v) < 0) return BKS_E_NOMEM;
  }

  // developer fields, kept by their declared name
  for (unsigned j = 0; j < m->nfields && ndevf; j++) {
    const bks_fit_fval *f = &m->fields[j];
    if (f->kind != BKS_FIT_FV_DEV || !f->dev) continue;
    double x = bks_fit_fval_num(f);
    if (isnan(x)) continue; // strings, nulls
    const bks_fit_developer *dv = f->dev;
    stage_dev *sd = NULL;
    for (size_t k = 0; k < s->ndev; k++) {
      stage_dev *c = &s->dev[k];
      // the same developer field, unless a new field_description renamed it
      if (c->dev_index == dv->dev_index && c->field_num == dv->field_num &&
          strcmp(c->name, dv->name) == 0) {
        sd = c;
        break;
      }
    }
    if (!sd) {
      if (s->ndev >= MAX_DEV_CHANNELS) {
        s->dev_dropped++;
        continue;
      }
      if (grow_array((void **)&s->dev, &s->devcap, s->ndev + 1, sizeof *s->dev) < 0) {
        return BKS_E_NOMEM;
      }
      double *arr = nan_array(s->cap);
      if (!arr) return BKS_E_NOMEM;
      sd = &s->dev[s->ndev++];
      memset(sd, 0, sizeof *sd);
      sd->dev_index = dv->dev_index;
      sd->field_num = dv->field_num;
      sd->native_mesg = dv->native_mesg;
      sd->native_field = dv->native_field;
      memcpy(sd->name, dv->name, sizeof sd->name);
      memcpy(sd->units, dv->units, sizeof sd->units);
      sd->name[sizeof sd->name - 1] = sd->units[sizeof sd->units - 1] = '\0';
      sd->v = arr;
    }
    sd->v[i] = x;
  }
  s->n++;
  return BKS_OK;
}

// equal, NaN equal to NaN
static int same(double a, double b) { return a == b || (isnan(a) && isnan(b)); }

static int on_mesg(stage *s, const bks_fit_mesg *m) {
  switch (m->num) {
  case MESG_RECORD:
    return on_record(s, m);
  case MESG_SESSION: {
    if (grow_array((void **)&s->sess, &s->sesscap, s->nsess + 1, sizeof *s->sess) < 0) {
      return BKS_E_NOMEM;
    }
    fsession *x = &s->sess[s->nsess];
    x->start = num(m, "start_time");
    x->ts = num(m, "timestamp");
    x->elapsed = num(m, "total_elapsed_time");
    x->timer = num(m, "total_timer_time");
    x->dist = num(m, "total_distance");
    x->sport = enum_val(m, "sport");
    x->sub_sport = enum_val(m, "sub_sport");
    // a session repeated exactly (a file chained to a copy of itself) is one session
    for (size_t j = 0; j < s->nsess; j++) {
      const fsession *y = &s->sess[j];
      if (same(x->start, y->start) && same(x->ts, y->ts) && same(x->elapsed, y->elapsed) &&
          same(x->dist, y->dist) && x->sport == y->sport) {
        s->dup_sessions++;
        return BKS_OK;
      }
    }
    s->nsess++;
    return BKS_OK;
  }
  case MESG_LAP: {
    if (grow_array((void **)&s->laps, &s->lapcap, s->nlaps + 1, sizeof *s->laps) < 0) {
      return BKS_E_NOMEM;
    }
    flap *x = &s->laps[s->nlaps++];
    x->start = num(m, "start_time");
    x->ts = num(m, "timestamp");
    x->elapsed = num(m, "total_elapsed_time");
    x->timer = num(m, "total_timer_time");
    x->dist = num(m, "total_distance");
    x->sport = enum_val(m, "sport");
    return BKS_OK;
  }
  case MESG_FILE_ID:
    if (s->file_type < 0) s->file_type = enum_val(m, "type");
    if (!s->device[0]) device_string(m, s->device, sizeof s->device);
    return BKS_OK;
  case MESG_DEVICE_INFO:
    // device_index 0 is the creator: the watch that recorded the file
    if (!s->creator[0] && num(m, "device_index") == 0)
      device_string(m, s->creator, sizeof s->creator);
    return BKS_OK;
  case MESG_SPORT:
    if (s->nsport++ == 0) {
      s->sport = enum_val(m, "sport");
      s->sub_sport = enum_val(m, "sub_sport");
      get_str(m, "name", s->sport_mesg_name, sizeof s->sport_mesg_name);
    }
    return BKS_OK;
  default:
    return BKS_OK;
  }
}

//---- Legs ----

typedef struct leg {
  double from, to;      // records with from <= ts <= to (FIT seconds)
  const fsession *sess; // NULL when no session describes it
  int sport, sub_sport; // -1 when unknown
  int whole_file;       // the only leg: takes every record and every lap
} leg;

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

// median of the non-NaN values of `v` at the records `idx`; NaN when there are none
static double median_at(const double *v, const size_t *idx, size_t k, double *tmp) {
  if (!v) return NAN;
  size_t m = 0;
  for (size_t j = 0; j < k; j++) {
    if (!isnan(v[idx[j]])) tmp[m++] = v[idx[j]];
  }
  if (m == 0) return NAN;
  qsort(tmp, m, sizeof *tmp, cmp_double);
  return m % 2 ? tmp[m / 2] : 0.5 * (tmp[m / 2 - 1] + tmp[m / 2]);
}

static int has_values(const double *v, const size_t *idx, size_t k) {
  if (!v) return 0;
  for (size_t j = 0; j < k; j++) {
    if (!isnan(v[idx[j]])) return 1;
  }
  return 0;
}

// Does a leg with no recorded sport look like a run? Running dynamics exist only for runs;
// otherwise the median speed (and cadence in strides/min, when present) must be a runner's:
// 1.8-6.5 m/s (9:15 to 2:34 min/km), or from 1.0 m/s with a running cadence of 70-115
// strides/min (walking is below 65). Writes the evidence to `why`.
static int looks_like_running(const stage *s, const size_t *idx, size_t k, char *why, size_t whysz,
                              double *tmp) {
  static const int dyn[] = {BKS_CH_VERT_OSC, BKS_CH_GCT, BKS_CH_STEP_LENGTH, BKS_CH_VERT_RATIO};
  for (size_t j = 0; j < sizeof dyn / sizeof dyn[0]; j++) {
    if (has_values(s->ch[dyn[j]], idx, k)) {
      snprintf(why, whysz, "running dynamics (%s) are present",
               bks_channel_name((bks_channel)dyn[j]));
      return 1;
    }
  }
  double speed = median_at(s->ch[BKS_CH_SPEED], idx, k, tmp);
  if (isnan(speed) && k >= 2 && s->ch[BKS_CH_DISTANCE]) {
    // no speed channel: the mean speed from distance over time
    double d0 = NAN, d1 = NAN, t0 = NAN, t1 = NAN;
    for (size_t j = 0; j < k; j++) {
      double d = s->ch[BKS_CH_DISTANCE][idx[j]];
      if (isnan(d)) continue;
      if (isnan(d0)) d0 = d, t0 = s->ts[idx[j]];
      d1 = d, t1 = s->ts[idx[j]];
    }
    if (t1 > t0) speed = (d1 - d0) / (t1 - t0);
  }
  double cad = median_at(s->ch[BKS_CH_CADENCE], idx, k, tmp);
  if (isnan(speed)) {
    snprintf(why, whysz, "no speed or distance to judge by");
    return 0;
  }
  int run = !isnan(cad) ? speed >= 1.0 && speed <= 6.5 && cad >= 70 && cad <= 115
                        : speed >= 1.8 && speed <= 6.5;
  if (!isnan(cad)) {
    snprintf(why, whysz, "median speed %.2f m/s and cadence %.0f steps/min", speed, 2 * cad);
  } else {
    snprintf(why, whysz, "median speed %.2f m/s (no cadence)", speed);
  }
  return run;
}

// when a lap started (FIT seconds): its start_time, else its end minus its elapsed time
static double lap_start(const flap *l) { return !isnan(l->start) ? l->start : l->ts - l->elapsed; }

static int lap_in_leg(const flap *l, const leg *lg) {
  if (lg->whole_file) return 1;
  double ls = lap_start(l);
  return ls >= lg->from && ls <= lg->to;
}

// "running", "running/trail", "cycling", "77" (a number the profile does not name)
static void sport_words(int sport, int sub, char *out, size_t outsz) {
  const char *sn = type_name("sport", sport);
  const char *ssn = sub > 0 ? type_name("sub_sport", sub) : NULL;
  if (!sn) {
    snprintf(out, outsz, "%d", sport);
  } else if (ssn) {
    snprintf(out, outsz, "%s/%s", sn, ssn);
  } else {
    snprintf(out, outsz, "%s", sn);
  }
}

static void skip(bks_read_result *out, const char *fmt, ...) BKS_PRINTF(2, 3);
static void skip(bks_read_result *out, const char *fmt, ...) {
  if (out->nskipped++ != 0) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(out->skip_reason, sizeof out->skip_reason, fmt, ap);
  va_end(ap);
}

// hh:mm:ss of a duration in seconds
static void hms(double s, char *out, size_t outsz) {
  if (!(s >= 0) || s > 1e9) s = 0;
  long v = (long)s;
  snprintf(out, outsz, "%02ld:%02ld:%02ld", v / 3600, v / 60 % 60, v % 60);
}

// great-circle distance [m] (haversine on a sphere of the mean Earth radius)
static double haversine(double lat1, double lon1, double lat2, double lon2) {
  const double r = 6371008.8, rad = 3.14159265358979323846 / 180.0;
  double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
  double a = sin(dlat / 2) * sin(dlat / 2) +
             cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
  return 2 * r * asin(sqrt(a < 1 ? a : 1));
}

typedef struct decode_info {
  int status; // decoder outcome: BKS_OK or its error
  uint64_t err_offset;
  char errmsg[160];
  unsigned warn[BKS_FIT_NWARN];
} decode_info;

// Build the activity of one leg from the records `idx` (in file order, already filtered).
static int build_leg(const stage *s, const leg *lg, const size_t *idx, size_t k, size_t nback,
                     size_t nsmallback, size_t ndup, const uint8_t sha[32], const char *path,
                     const decode_info *di, int multi_leg, const char *guess_why, bks_activity *a,
                     double *tmp) {
  bks_activity_init(a);
  snprintf(a->source_path, sizeof a->source_path, "%s", path ? path : "");
  snprintf(a->format, sizeof a->format, "fit");
  memcpy(a->sha256, sha, 32);
  snprintf(a->device, sizeof a->device, "%s", s->device[0] ? s->device : s->creator);
  a->sport = BKS_SPORT_RUNNING;
  sport_words(SPORT_RUNNING, lg->sub_sport, a->sport_name, sizeof a->sport_name);
  if (guess_why) {
    a->sport_guessed = 1;
    bks_activity_warn(a, "sport not recorded: taken as running because %s", guess_why);
  }
  if (!multi_leg && s->nsport == 1 && s->sport_mesg_name[0]) {
    snprintf(a->name, sizeof a->name, "%s", s->sport_mesg_name);
  }

  // the start: the session's start_time when it is plausible, else the first record
  double first = k ? s->ts[idx[0]] : NAN;
  for (size_t j = 1; j < k; j++) first = fmin(first, s->ts[idx[j]]);
  double start = first;
  const fsession *se = lg->sess;
  if (se && !isnan(se->start) && (k == 0 || fabs(se->start - first) < START_TRUST_S)) {
    start = k ? fmin(se->start, first) : se->start;
  }
  if (isnan(start) && se && !isnan(se->ts)) start = se->ts - (isnan(se->elapsed) ? 0 : se->elapsed);
  if (isnan(start)) start = 0;
  start = floor(start);
  a->start_utc = (int64_t)start + BKS_FIT_EPOCH_UNIX;
  if (start < FIT_MIN_ABS_TIME) {
    bks_activity_warn(a, "the device clock was not set: times are relative to its power-on, so "
                         "the start date is wrong");
  }

  // samples
  if (bks_activity_resize(a, k) < 0) return BKS_E_NOMEM;
  for (size_t j = 0; j < k; j++) a->t[j] = s->ts[idx[j]] - start;
  for (int c = 0; c < BKS_NCHANNELS; c++) {
    if (!has_values(s->ch[c], idx, k)) continue;
    if (bks_activity_add_channel(a, (bks_channel)c) < 0) return BKS_E_NOMEM;
    for (size_t j = 0; j < k; j++) a->ch[c][j] = s->ch[c][idx[j]];
  }
  // cadence: strides/min → steps/min (see the top of this file)
  if (a->ch[BKS_CH_CADENCE]) {
    double med = median_at(s->ch[BKS_CH_CADENCE], idx, k, tmp);
    if (med > CADENCE_ALREADY_STEPS) {
      bks_activity_warn(a, "cadence median %.0f/min is too high for strides: kept as steps/min",
                        med);
    } else {
      for (size_t j = 0; j < k; j++) a->ch[BKS_CH_CADENCE][j] *= 2.0;
    }
  }
  // a leg of a multisport file starts its own distance at 0 (the device may count on from the
  // legs before)
  double *dist = a->ch[BKS_CH_DISTANCE];
  if (dist && multi_leg) {
    double d0 = NAN;
    for (size_t j = 0; j < k && isnan(d0); j++) d0 = dist[j];
    for (size_t j = 0; j < k; j++) dist[j] -= d0;
  }
  for (size_t d = 0; d < s->ndev; d++) {
    const stage_dev *sd = &s->dev[d];
    if (!has_values(sd->v, idx, k)) continue;
    // a field without a name gets the one `backstride fit dump` prints for it
    char name[BKS_FIT_DEV_NAME_MAX];
    if (sd->name[0]) {
      snprintf(name, sizeof name, "%s", sd->name);
    } else {
      snprintf(name, sizeof name, "developer_%u_%u", sd->dev_index, sd->field_num);
    }
    size_t at;
    if (bks_activity_add_dev_channel(a, name, sd->units, &at) < 0) return BKS_E_NOMEM;
    for (size_t j = 0; j < k; j++) a->dev[at].v[j] = sd->v[idx[j]];
    // a developer field that declares itself record.power (Stryd does) fills a missing power
    if (!a->ch[BKS_CH_POWER] && sd->native_mesg == MESG_RECORD && sd->native_field == FIELD_POWER) {
      if (bks_activity_add_channel(a, BKS_CH_POWER) < 0) return BKS_E_NOMEM;
      memcpy(a->ch[BKS_CH_POWER], a->dev[at].v, k * sizeof(double));
      bks_activity_warn(a, "power from developer field \"%s\"", name);
    }
  }

  // laps: every lap of a single-leg file, else those that start inside the leg
  size_t nlaps = 0;
  for (size_t j = 0; j < s->nlaps; j++) nlaps += lap_in_leg(&s->laps[j], lg) ? 1u : 0u;
  if (nlaps && !(a->laps = bks_malloc(nlaps * sizeof *a->laps))) return BKS_E_NOMEM;
  for (size_t j = 0; j < s->nlaps; j++) {
    const flap *l = &s->laps[j];
    if (!lap_in_leg(l, lg)) continue;
    double ls = lap_start(l);
    bks_lap *x = &a->laps[a->nlaps++];
    x->start_s = isnan(ls) ? NAN : ls - start;
    x->elapsed_s = !isnan(l->elapsed) ? l->elapsed : l->ts - ls;
    x->timer_s = l->timer;
    x->distance_m = l->dist;
  }

  // summary: the session's when it has one, else from the records (and laps)
  double tmin = NAN, tmax = NAN;
  for (size_t j = 0; j < k; j++) tmin = fmin(tmin, a->t[j]), tmax = fmax(tmax, a->t[j]);
  a->duration_s = se && !isnan(se->elapsed) ? se->elapsed : k ? tmax - tmin : NAN;
  if (se && !isnan(se->timer)) {
    a->timer_s = se->timer;
  } else if (a->nlaps) {
    double sum = 0;
    for (size_t j = 0; j < a->nlaps; j++) sum += a->laps[j].timer_s;
    a->timer_s = sum; // NaN when some lap does not say
  }
  if (isnan(a->timer_s) && k) {
    // estimate: the time between records, leaving out gaps long enough to be pauses
    double sum = 0;
    for (size_t j = 1; j < k; j++) {
      double dt = a->t[j] - a->t[j - 1];
      if (dt > 0 && dt <= PAUSE_GAP_S) sum += dt;
    }
    a->timer_s = sum;
  }
  if (se && !isnan(se->dist)) {
    a->distance_m = se->dist;
  } else if (dist) {
    double d0 = NAN, d1 = NAN;
    for (size_t j = 0; j < k; j++) {
      if (isnan(dist[j])) continue;
      if (isnan(d0)) d0 = dist[j];
      d1 = dist[j];
    }
    a->distance_m = d1 - d0;
  } else if (a->ch[BKS_CH_LAT] && a->ch[BKS_CH_LON]) {
    double sum = 0, plat = NAN, plon = NAN;
    for (size_t j = 0; j < k; j++) {
      double la = a->ch[BKS_CH_LAT][j], lo = a->ch[BKS_CH_LON][j];
      if (isnan(la) || isnan(lo)) continue;
      if (!isnan(plat)) sum += haversine(plat, plon, la, lo);
      plat = la, plon = lo;
    }
    a->distance_m = sum;
  }

  // what was odd, for the person to read
  if (di->status < 0) {
    char when[64];
    hms(k ? tmax : 0, when, sizeof when);
    bks_activity_warn(a, "file damaged at byte %llu (%s): kept %zu records up to %s",
                      (unsigned long long)di->err_offset, di->errmsg, k, when);
  }
  if (k == 0) bks_activity_warn(a, "the session has no records: summary only");
  if (nback) {
    bks_activity_warn(a, "%zu records went back in time by more than %.0f s: dropped", nback,
                      BACKWARD_TOLERANCE_S);
  }
  if (nsmallback) {
    bks_activity_warn(a, "%zu records step back in time by up to %.0f s: kept", nsmallback,
                      BACKWARD_TOLERANCE_S);
  }
  if (ndup) bks_activity_warn(a, "%zu records repeat the previous timestamp: kept", ndup);
  if (s->dup_sessions) {
    bks_activity_warn(a, "%u sessions repeat an earlier one exactly: read once", s->dup_sessions);
  }
  if (s->no_ts) bks_activity_warn(a, "%u records without a timestamp: dropped", s->no_ts);
  if (s->dev_dropped) {
    bks_activity_warn(a, "more than %d developer fields: %u values dropped", MAX_DEV_CHANNELS,
                      s->dev_dropped);
  }
  static const char *const dwarn[BKS_FIT_NWARN] = {
      [BKS_FIT_WARN_FIELD_SIZE] = "fields whose size does not fit their type: dropped",
      [BKS_FIT_WARN_DEV_UNDEFINED] = "developer fields without a description: dropped",
      [BKS_FIT_WARN_DEV_TABLE_FULL] = "developer field descriptions past the table's end: ignored",
      [BKS_FIT_WARN_ACCUM_FULL] = "accumulated fields beyond the decoder's table: not accumulated",
      [BKS_FIT_WARN_HEADER_CRC] = "file headers with a wrong CRC",
      [BKS_FIT_WARN_CRC] = "file CRC mismatches",
  };
  for (int w = 0; w < BKS_FIT_NWARN; w++) {
    if (di->warn[w] && dwarn[w]) bks_activity_warn(a, "%u %s", di->warn[w], dwarn[w]);
  }
  return BKS_OK;
}

//---- The reader ----

static int add_activity(bks_read_result *out, bks_activity **slot) {
  bks_activity *na = bks_realloc(out->act, (out->nact + 1) * sizeof *na);
  if (!na) return BKS_E_NOMEM;
  out->act = na;
  *slot = &na[out->nact];
  bks_activity_init(*slot);
  out->nact++;
  return BKS_OK;
}

static void set_error(bks_read_result *out, int rc, uint64_t off, const char *msg) {
  out->status = rc;
  out->err_offset = off;
  if (msg && msg[0]) {
    snprintf(out->err, sizeof out->err, "offset %llu: %s", (unsigned long long)off, msg);
  } else {
    snprintf(out->err, sizeof out->err, "%s", bks_strerror(rc));
  }
}

// decode every message of `p` into `s`; the decoder's outcome goes to `di`
static int decode_all(const uint8_t *p, size_t n, stage *s, decode_info *di) {
  bks_fit_decoder *d;
  int rc = bks_fit_decoder_new(NULL, &d);
  if (rc < 0) return rc;
  size_t off = 0;
  rc = BKS_MORE;
  while (off < n) {
    size_t used = 0;
    rc = bks_fit_decoder_feed(d, p + off, n - off, &used);
    off += used;
    if (rc == BKS_ITEM) {
      if (on_mesg(s, bks_fit_decoder_mesg(d)) < 0) {
        bks_fit_decoder_free(d);
        return BKS_E_NOMEM;
      }
    } else if (rc < 0) {
      break;
    } else if (used == 0) {
      break; // defensive: a decoder that takes nothing and says nothing would loop forever
    }
  }
  if (rc >= 0) rc = bks_fit_decoder_finish(d);
  di->status = rc < 0 ? rc : BKS_OK;
  if (rc < 0) {
    di->err_offset = bks_fit_decoder_error_offset(d);
    snprintf(di->errmsg, sizeof di->errmsg, "%s", bks_fit_decoder_errmsg(d));
  }
  for (int w = 0; w < BKS_FIT_NWARN; w++) di->warn[w] = bks_fit_decoder_warnings(d, w);
  bks_fit_decoder_free(d);
  return BKS_OK;
}

// the sport of a leg from the laps that start inside it (-1 when none says)
static int lap_sport(const stage *s, const leg *lg) {
  for (size_t j = 0; j < s->nlaps; j++) {
    if (s->laps[j].sport >= 0 && lap_in_leg(&s->laps[j], lg)) return s->laps[j].sport;
  }
  return -1;
}

// the first index of sorted `ts` whose value is >= x (n when none is)
static size_t first_at_or_after(const double *ts, size_t n, double x) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (ts[mid] < x) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

int bks_read_fit(const uint8_t *p, size_t n, const char *path, bks_read_result *out) {
  bks_read_result_init(out);
  stage s;
  stage_init(&s);
  decode_info di;
  memset(&di, 0, sizeof di);
  leg *legs = NULL;
  size_t *idx = NULL;
  double *tmp = NULL;
  int rc = decode_all(p ? p : (const uint8_t *)"", p ? n : 0, &s, &di);
  if (rc < 0) goto fail;

  // a file that is not an activity (settings, workout, course...) holds no run
  if (s.file_type >= 0 && s.file_type != FILE_TYPE_ACTIVITY && s.nsess == 0) {
    const char *tn = type_name("file", s.file_type);
    char buf[24];
    if (!tn) snprintf(buf, sizeof buf, "%d", s.file_type), tn = buf;
    skip(out, "FIT file type %s is not an activity", tn);
    goto done;
  }

  if (s.nsess > MAX_SESSIONS) {
    out->status = BKS_E_LIMIT;
    snprintf(out->err, sizeof out->err, "%zu sessions: more than a file of runs holds (limit %d)",
             s.nsess, MAX_SESSIONS);
    goto done_error;
  }

  // the legs: one per session, or the whole file
  size_t nlegs = 0;
  legs = bks_calloc(s.nsess + 2, sizeof *legs);
  idx = bks_malloc((s.n ? s.n : 1) * sizeof *idx);
  tmp = bks_malloc((s.n ? s.n : 1) * sizeof *tmp);
  if (!legs || !idx || !tmp) {
    rc = BKS_E_NOMEM;
    goto fail;
  }
  if (s.nsess == 0) {
    legs[0] = (leg){-INFINITY, INFINITY, NULL, s.sport, s.sub_sport, 1};
    if (legs[0].sport < 0) legs[0].sport = lap_sport(&s, &legs[0]);
    nlegs = 1;
  } else {
    double prev_end = -INFINITY;
    for (size_t j = 0; j < s.nsess; j++) {
      const fsession *se = &s.sess[j];
      leg *lg = &legs[nlegs++];
      lg->sess = se;
      lg->sport = se->sport;
      lg->sub_sport = se->sub_sport;
      lg->whole_file = s.nsess == 1;
      // the window: [start_time, start_time + total_elapsed_time], or what is known of it
      double from = se->start, to = NAN;
      if (!isnan(from) && !isnan(se->elapsed)) to = from + se->elapsed;
      if (isnan(to)) to = se->ts;
      if (isnan(from) && !isnan(se->elapsed)) from = to - se->elapsed;
      if (isnan(from)) from = prev_end;
      if (isnan(to)) to = INFINITY;
      lg->from = from, lg->to = to;
      prev_end = to;
      if (lg->sport < 0 && s.nsess == 1) lg->sport = s.sport, lg->sub_sport = s.sub_sport;
      if (lg->sport < 0) lg->sport = lap_sport(&s, lg);
    }
    // a damaged multisport file: records after the last session are a leg cut short
    if (di.status < 0 && s.nsess > 1 && isfinite(prev_end) && s.n && s.ts[s.n - 1] > prev_end) {
      leg *lg = &legs[nlegs++];
      *lg = (leg){prev_end + 1e-3, INFINITY, NULL, -1, -1, 0};
      lg->sport = lap_sport(&s, lg);
    }
  }

  // records in time order (the usual case) let each leg find its records by binary search
  int sorted = 1;
  for (size_t i = 1; i < s.n && sorted; i++) sorted = s.ts[i] >= s.ts[i - 1];

  for (size_t L = 0; L < nlegs; L++) {
    leg *lg = &legs[L];
    // the records of the leg, in file order, without those that go back in time
    size_t k = 0, nback = 0, nsmall = 0, ndup = 0, lo = 0, hi = s.n;
    if (sorted && !lg->whole_file && s.n) {
      lo = first_at_or_after(s.ts, s.n, lg->from);
      hi = lo + first_at_or_after(s.ts + lo, s.n - lo, nextafter(lg->to, INFINITY));
    }
    double latest = -INFINITY;
    for (size_t i = lo; i < hi; i++) {
      double ts = s.ts[i];
      if (!lg->whole_file && !(ts >= lg->from && ts <= lg->to)) continue;
      if (ts < latest - BACKWARD_TOLERANCE_S) {
        nback++;
        continue;
      }
      if (ts == latest) {
        ndup++;
      } else if (ts < latest) {
        nsmall++;
      }
      latest = fmax(latest, ts);
      idx[k++] = i;
    }

    char words[48];
    const char *guess = NULL;
    char why[96];
    if (lg->sport >= 0 && lg->sport != SPORT_RUNNING) {
      sport_words(lg->sport, -1, words, sizeof words);
      skip(out, "sport %s is not running", words);
      continue;
    }
    if (lg->sport < 0) {
      if (k == 0) {
        skip(out, "%s",
             lg->sess  ? "a session without sport or records"
             : s.no_ts ? "its records have no timestamps"
                       : "no records");
        continue;
      }
      if (!looks_like_running(&s, idx, k, why, sizeof why, tmp)) {
        char msg[160];
        snprintf(msg, sizeof msg, "sport not recorded and not like running (%s)", why);
        skip(out, "%s", msg);
        continue;
      }
      guess = why;
    }
    if (k == 0 && !lg->sess) {
      skip(out, "%s", s.no_ts ? "its records have no timestamps" : "no records");
      continue;
    }
    // a damaged file keeps only legs that hold records
    if (di.status < 0 && k == 0) {
      skip(out, "%s", "a running session without records in a damaged file");
      continue;
    }
    bks_activity *a;
    if (add_activity(out, &a) < 0) {
      rc = BKS_E_NOMEM;
      goto fail;
    }
    uint8_t sha[32];
    if (out->nact == 1) {
      bks_sha256(p, p ? n : 0, sha);
    } else {
      memcpy(sha, out->act[0].sha256, 32);
    }
    rc = build_leg(&s, lg, idx, k, nback, nsmall, ndup, sha, path, &di, s.nsess > 1, guess, a, tmp);
    if (rc < 0) goto fail;
  }

done:
  if (di.status < 0) {
    if (out->nact == 0) {
      // nothing that holds a run survived: the damage is the answer (the file failed, it was
      // not skipped)
      set_error(out, di.status, di.err_offset, di.errmsg);
      out->nskipped = 0;
      out->skip_reason[0] = '\0';
    } else {
      out->damaged = 1;
      out->err_offset = di.err_offset;
      snprintf(out->err, sizeof out->err, "offset %llu: %s", (unsigned long long)di.err_offset,
               di.errmsg);
    }
  } else if (out->nact == 0 && out->nskipped == 0) {
    skip(out, "%s", "no records");
  }
done_error:
  free(legs);
  free(idx);
  free(tmp);
  stage_free(&s);
  return out->status;

fail:
  free(legs);
  free(idx);
  free(tmp);
  stage_free(&s);
  bks_read_result_deinit(out);
  set_error(out, rc, 0, NULL);
  return rc;
}
