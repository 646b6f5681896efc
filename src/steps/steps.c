// Steps: the average step of every record, from the best source the activity has.
// docs/science.md ("Steps") explains the sources, the duty factor and the uncertainties.
#include "backstride/alloc.h"
#include "backstride/steps.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/stream.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

const char *bks_step_source_name(int source) {
  switch (source) {
  case BKS_STEP_IMU:
    return "imu";
  case BKS_STEP_DYNAMICS:
    return "dynamics";
  case BKS_STEP_CADENCE_SPEED:
    return "cadence_speed";
  case BKS_STEP_SPEED:
    return "speed";
  case BKS_STEP_GIVEN:
    return "given";
  default:
    return "none";
  }
}

void bks_steps_init(bks_steps *s) { memset(s, 0, sizeof *s); }

void bks_steps_deinit(bks_steps *s) {
  if (!s) return;
  free(s->mem_);
  bks_steps_init(s);
}

// the double arrays, in the order they are laid out in the one allocation
enum { NDOUBLE = 10, NBYTE = 2 };

int bks_steps_reserve(bks_steps *s, size_t cap) {
  size_t per_row = NDOUBLE * sizeof(double) + NBYTE;
  if (cap == 0) cap = 1;
  if (cap > SIZE_MAX / per_row) return BKS_E_NOMEM;
  void *mem = bks_malloc(cap * per_row);
  if (!mem) return BKS_E_NOMEM;
  free(s->mem_);
  bks_steps_init(s);
  s->mem_ = mem;
  s->cap_ = cap;
  double *d = mem;
  double **arrays[NDOUBLE] = {&s->t,           &s->count,      &s->dist_m, &s->cadence_spm,
                              &s->contact_s,   &s->flight_s,   &s->speed,  &s->vo_m,
                              &s->uncertainty, &s->cadence_unc};
  for (int k = 0; k < NDOUBLE; k++) *arrays[k] = d + (size_t)k * cap;
  uint8_t *b = (uint8_t *)(d + (size_t)NDOUBLE * cap);
  s->vo_measured = b;
  s->source = b + cap;
  return BKS_OK;
}

//---- Relations ----

double bks_step_vo_model(const bks_model_params *p, double contact_s, double flight_s) {
  // Morin's equations per kilogram: Δyc does not depend on mass
  double g = bks_param_value(p, BKS_P_GRAVITY);
  double f = bks_sm_fmax(1.0, g, contact_s, flight_s);
  return bks_sm_vo(g, flight_s, bks_sm_dyc(f, 1.0, g, contact_s));
}

double bks_step_cadence_from_speed(const bks_model_params *p, double speed) {
  // adult level at 3.0 m/s (Lieberman 2015) with the published speed slope (Taylor-Haas 2022)
  return bks_param_value(p, BKS_P_CADENCE_AT_3MS) +
         bks_param_value(p, BKS_P_CADENCE_SPEED_SLOPE) * (speed - 3.0);
}

double bks_step_contact_from_cadence(const bks_model_params *p, double cadence_spm) {
  // duty factor = contact / stride time, and a stride is two steps
  return bks_param_value(p, BKS_P_DUTY_FACTOR) * 2.0 * 60.0 / cadence_spm;
}

int bks_step_from_cadence(double cadence_spm, double contact_s, double *flight_s, char *err,
                          size_t err_sz) {
  if (!isfinite(cadence_spm) || cadence_spm <= 0) {
    if (err && err_sz) {
      snprintf(err, err_sz, "cadence must be a positive number of steps per minute (got %g)",
               cadence_spm);
    }
    return BKS_E_RANGE;
  }
  if (!isfinite(contact_s) || contact_s <= 0) {
    if (err && err_sz) {
      snprintf(err, err_sz, "contact time must be a positive number (got %g s)", contact_s);
    }
    return BKS_E_RANGE;
  }
  double step = 60.0 / cadence_spm;
  if (contact_s >= step) {
    if (err && err_sz) {
      snprintf(err, err_sz,
               "contact time %.0f ms is not shorter than the step (%.0f ms at %.1f steps/min): "
               "there is no flight phase, so this is not running (or a value is wrong)",
               contact_s * 1000, step * 1000, cadence_spm);
    }
    return BKS_E_RANGE;
  }
  *flight_s = step - contact_s;
  return BKS_OK;
}

int bks_steps_add(bks_steps *s, const bks_model_params *p, double t, double count, double dist_m,
                  double cadence_spm, double contact_s, double speed, double vo_m, int source,
                  double uncertainty, double cadence_unc) {
  if (s->n >= s->cap_) return BKS_E_LIMIT;
  double flight;
  int rc = bks_step_from_cadence(cadence_spm, contact_s, &flight, NULL, 0);
  if (rc < 0) return rc;
  size_t i = s->n++;
  s->t[i] = t;
  s->count[i] = count;
  s->dist_m[i] = dist_m;
  s->cadence_spm[i] = cadence_spm;
  s->contact_s[i] = contact_s;
  s->flight_s[i] = flight;
  s->speed[i] = speed;
  int measured = isfinite(vo_m) && vo_m > 0;
  s->vo_m[i] = measured ? vo_m : bks_step_vo_model(p, contact_s, flight);
  s->vo_measured[i] = (uint8_t)measured;
  s->source[i] = (uint8_t)source;
  s->uncertainty[i] = uncertainty;
  s->cadence_unc[i] = cadence_unc;
  if (source >= 0 && source < BKS_STEP_NSOURCES) s->n_by_source[source]++;
  return BKS_OK;
}

//---- From an activity ----

// a channel's value, NaN when the channel is absent
static double chv(const bks_activity *a, bks_channel c, size_t i) {
  return a->ch[c] ? a->ch[c][i] : NAN;
}

// how long record i stands for: the time since the previous record (devices write what happened
// since the last record), else the time to the next; a pause gets the nominal 1 s
static double record_interval(const bks_activity *a, size_t i) {
  if (i > 0) {
    double dt = a->t[i] - a->t[i - 1];
    if (dt > 0 && dt <= BKS_STEPS_MAX_INTERVAL_S) return dt;
  }
  if (i + 1 < a->n) {
    double dt = a->t[i + 1] - a->t[i];
    if (dt > 0 && dt <= BKS_STEPS_MAX_INTERVAL_S) return dt;
  }
  return 1.0;
}

static void note_problem(bks_steps *s, const char *fmt, ...) BKS_PRINTF(2, 3);
static void note_problem(bks_steps *s, const char *fmt, ...) {
  s->n_impossible++;
  if (s->first_problem[0]) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(s->first_problem, sizeof s->first_problem, fmt, ap);
  va_end(ap);
}

// A raw sacral IMU recording: every real step, from the streaming core (docs/stream.md). Each row
// is one step; its flight is the mean of the flights either side of the contact (Morin's tf, the
// one the core's peak force uses), so the model's peak per row is the core's. The room is
// reserved (a step spans many samples).
static void imu_steps(bks_steps *s, const bks_activity *a, const bks_model_params *p) {
  const double u_tc = p->p[BKS_P_IMU_CONTACT_UNC].value;
  bks_stream st;
  bks_stream_init(&st, NULL);
  int gyro = a->gyr[0] && a->gyr[1] && a->gyr[2];
  bks_stream_event ev;
  for (size_t i = 0; i <= a->n; i++) {
    if (i < a->n) {
      bks_stream_feed(&st, a->t[i], a->acc[0][i], a->acc[1][i], a->acc[2][i],
                      gyro ? a->gyr[0][i] : NAN, gyro ? a->gyr[1][i] : NAN,
                      gyro ? a->gyr[2][i] : NAN);
    } else {
      bks_stream_finish(&st);
    }
    while (bks_stream_next_event(&st, &ev) == BKS_ITEM) {
      if (ev.type != BKS_EV_STEP) continue;
      const bks_stream_step *k = &ev.step;
      double step = (double)k->contact_s + (double)k->flight_mean_s;
      // a step the core emits has contact and flight > 0: the add cannot fail on them
      if (bks_steps_add(s, p, k->t_contact, 1.0, NAN, 60.0 / step, k->contact_s, NAN, NAN,
                        BKS_STEP_IMU, u_tc, 0.0) < 0) {
        s->n_impossible++;
      }
    }
  }
}

int bks_steps_build(bks_steps *s, const bks_activity *a, const bks_model_params *p) {
  if (!a || (a->n > 0 && !a->t)) return BKS_E_INVAL;
  if (!p) p = bks_model_params_builtin();
  int rc = bks_steps_reserve(s, a->n);
  if (rc < 0) return rc;
  s->n_records = a->n;
  // the room is reserved: nothing below allocates
  if (a->acc[0] && a->acc[1] && a->acc[2]) {
    imu_steps(s, a, p);
    return BKS_OK;
  }

  const double vmin = p->p[BKS_P_RUN_MIN_SPEED].value;
  const double u_gct = p->p[BKS_P_GCT_MEASURED_UNC].value;
  const double u_cad = p->p[BKS_P_CADENCE_MEASURED_UNC].value;
  const double u_df = p->p[BKS_P_DUTY_FACTOR_UNC].value;
  const double u_reg = p->p[BKS_P_CADENCE_REG_UNC].value;
  double dist = 0, prev_dist_ch = NAN;

  for (size_t i = 0; i < a->n; i++) {
    double dt = record_interval(a, i);
    double cad = chv(a, BKS_CH_CADENCE, i), gct = chv(a, BKS_CH_GCT, i);
    double spd = chv(a, BKS_CH_SPEED, i), vo = chv(a, BKS_CH_VERT_OSC, i);
    double dch = chv(a, BKS_CH_DISTANCE, i);

    // speed from the distance channel when the speed channel has nothing
    if (!isfinite(spd) && isfinite(dch) && isfinite(prev_dist_ch) && i > 0 &&
        a->t[i] > a->t[i - 1]) {
      spd = (dch - prev_dist_ch) / (a->t[i] - a->t[i - 1]);
    }
    // cumulative distance: the device's when it has one, else speed × time
    if (isfinite(dch)) {
      dist = dch;
    } else if (isfinite(spd) && spd > 0) {
      dist += spd * dt;
    }
    if (isfinite(dch)) prev_dist_ch = dch;

    // impossible values are reported, never modelled
    if ((isfinite(cad) && cad < 0) || (isfinite(gct) && gct < 0) || (isfinite(spd) && spd < 0)) {
      note_problem(s, "record at %.0f s: negative cadence (%g), stance time or speed (%g)", a->t[i],
                   cad, isfinite(gct) && gct < 0 ? gct : spd);
      continue;
    }
    int has_cad = isfinite(cad) && cad > 0, has_gct = isfinite(gct) && gct > 0;
    int has_spd = isfinite(spd);
    double contact, unc, cunc;
    int src;
    if (has_gct && has_cad) {
      // the device measured the step: only a known, walking speed rules it out
      if (has_spd && spd < vmin) {
        s->n_not_running++;
        continue;
      }
      src = BKS_STEP_DYNAMICS;
      contact = gct;
      unc = hypot(u_gct, u_cad);
      cunc = u_cad;
    } else if (has_cad && has_spd && spd >= vmin) {
      // the step/contact ratio is fixed by the duty factor, so only its spread counts
      src = BKS_STEP_CADENCE_SPEED;
      contact = bks_step_contact_from_cadence(p, cad);
      unc = u_df;
      cunc = u_cad;
    } else if (has_spd && spd >= vmin) {
      src = BKS_STEP_SPEED;
      cad = bks_step_cadence_from_speed(p, spd);
      contact = bks_step_contact_from_cadence(p, cad);
      unc = u_df;
      cunc = u_reg;
    } else if (has_cad || has_gct || has_spd) {
      s->n_not_running++;
      continue;
    } else {
      s->n_missing++;
      continue;
    }
    if (contact >= 60.0 / cad) {
      note_problem(s,
                   "record at %.0f s: contact time %.0f ms is not shorter than the step "
                   "(%.0f ms): no flight phase",
                   a->t[i], contact * 1000, 60000.0 / cad);
      continue;
    }
    double count = cad / 60.0 * dt;
    // cannot fail: the room is reserved and the step was checked above
    (void)bks_steps_add(s, p, a->t[i], count, dist, cad, contact, has_spd ? spd : NAN,
                        src == BKS_STEP_DYNAMICS ? vo : NAN, src, unc, cunc);
  }
  return BKS_OK;
}
