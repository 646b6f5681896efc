// One run's lumbar load: every row through the model, step-weighted means for the run and each
// kilometre, the cumulative relative dose, and the flags (fatigue pattern, oscillation mismatch).
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/alloc.h"
#include "backstride/load.h"

// running sums of one stretch; means are sums / steps
typedef struct acc {
  double w, rows, dur, dist;
  double cad, contact, flight;
  double w_speed, speed, kleg;
  double vo, w_vom, vo_meas, vo_model_meas, vo_model_all;
  double fpk_bw, fpk_n, lr, kvert;
  double comp_bw, comp_n, comp_lo, comp_hi;
  double shear_bw, shear_n, shear_lo, shear_hi;
  double lli, lli_lo, lli_hi;
  double dose;
} acc;

// add row i (standing for w steps) with its model result r
static void acc_add(acc *a, const bks_steps *s, size_t i, const bks_step_result *r, double dist) {
  double w = s->count[i];
  a->w += w;
  a->rows += 1;
  a->dur += w * 60.0 / s->cadence_spm[i];
  a->dist += dist;
  a->cad += w * s->cadence_spm[i];
  a->contact += w * s->contact_s[i];
  a->flight += w * s->flight_s[i];
  if (isfinite(s->speed[i])) {
    a->w_speed += w;
    a->speed += w * s->speed[i];
    if (isfinite(r->kleg_n_m)) a->kleg += w * r->kleg_n_m;
  }
  a->vo += w * s->vo_m[i];
  a->vo_model_all += w * r->vo_model_m;
  if (s->vo_measured[i]) {
    a->w_vom += w;
    a->vo_meas += w * s->vo_m[i];
    a->vo_model_meas += w * r->vo_model_m;
  }
  a->fpk_bw += w * r->peak_vgrf_bw;
  a->fpk_n += w * r->peak_vgrf_n;
  a->lr += w * r->loading_rate_bw_s;
  a->kvert += w * r->kvert_n_m;
  a->comp_bw += w * r->lumbar_comp_bw;
  a->comp_n += w * r->lumbar_comp_n;
  a->comp_lo += w * r->lumbar_comp_bw * fmax(0.0, 1.0 - r->u_comp);
  a->comp_hi += w * r->lumbar_comp_bw * (1.0 + r->u_comp);
  a->shear_bw += w * r->lumbar_shear_bw;
  a->shear_n += w * r->lumbar_shear_n;
  // shear may be negative (a backward lean): the band is around its magnitude
  double su = isfinite(r->u_shear) ? r->u_shear : 1.0;
  a->shear_lo += w * r->lumbar_shear_bw * (1.0 - copysign(fmin(su, 1.0), r->lumbar_shear_bw));
  a->shear_hi += w * r->lumbar_shear_bw * (1.0 + copysign(su, r->lumbar_shear_bw));
  a->lli += w * r->lli;
  a->lli_lo += w * r->lli * fmax(0.0, 1.0 - r->u_lli);
  a->lli_hi += w * r->lli * (1.0 + r->u_lli);
  a->dose += w * r->dose;
}

static double div_or_nan(double x, double w) { return w > 0 ? x / w : NAN; }

static void acc_means(const acc *a, bks_load_means *m) {
  double w = a->w;
  m->steps = w;
  m->rows = a->rows;
  m->duration_s = a->dur;
  m->distance_m = a->dist;
  m->cadence_spm = div_or_nan(a->cad, w);
  m->contact_ms = div_or_nan(a->contact, w) * 1000;
  m->flight_ms = div_or_nan(a->flight, w) * 1000;
  m->speed = div_or_nan(a->speed, a->w_speed);
  m->kleg_kn_m = div_or_nan(a->kleg, a->w_speed) / 1000;
  m->vo_cm = div_or_nan(a->vo, w) * 100;
  m->vo_measured_cm = div_or_nan(a->vo_meas, a->w_vom) * 100;
  m->vo_model_cm =
      (a->w_vom > 0 ? a->vo_model_meas / a->w_vom : div_or_nan(a->vo_model_all, w)) * 100;
  m->peak_vgrf_bw = div_or_nan(a->fpk_bw, w);
  m->peak_vgrf_n = div_or_nan(a->fpk_n, w);
  m->loading_rate_bw_s = div_or_nan(a->lr, w);
  m->kvert_kn_m = div_or_nan(a->kvert, w) / 1000;
  m->lumbar_peak_bw = div_or_nan(a->comp_bw, w);
  m->lumbar_peak_n = div_or_nan(a->comp_n, w);
  m->lumbar_peak_lo_bw = div_or_nan(a->comp_lo, w);
  m->lumbar_peak_hi_bw = div_or_nan(a->comp_hi, w);
  m->lumbar_shear_bw = div_or_nan(a->shear_bw, w);
  m->lumbar_shear_n = div_or_nan(a->shear_n, w);
  m->lumbar_shear_lo_bw = div_or_nan(a->shear_lo, w);
  m->lumbar_shear_hi_bw = div_or_nan(a->shear_hi, w);
  m->lli = div_or_nan(a->lli, w);
  m->lli_lo = div_or_nan(a->lli_lo, w);
  m->lli_hi = div_or_nan(a->lli_hi, w);
  m->dose = a->dose;
}

void bks_run_load_init(bks_run_load *r) {
  memset(r, 0, sizeof *r);
  r->cadence_change = r->vo_change = r->speed_change = NAN;
  r->vo_ratio = r->vo_ratio_band = NAN;
  r->drift_cadence = r->drift_contact = r->drift_lli = r->drift_speed = NAN;
}

void bks_run_load_deinit(bks_run_load *r) {
  if (!r) return;
  free(r->per_km);
  bks_run_load_init(r);
}

// the distance row i adds (0 for the first row or when the distance went back)
static double row_distance(const bks_steps *s, size_t i) {
  if (i == 0) return 0;
  double d = s->dist_m[i] - s->dist_m[i - 1];
  return d > 0 && isfinite(d) ? d : 0;
}

// Drift within a run: the last third of the steps against the first third. Why thirds: the
// fatigue studies compare the start with the end of a run (Mizrahi et al. 2000, 1st vs 30th
// minute); a third of the steps keeps enough rows on each side to average out pace changes on a
// watch's 1 Hz records. Step-weighted sums of one third:
typedef struct third {
  double w, cad, contact, lli, w_speed, speed;
} third;

static void third_add(third *t, const bks_steps *s, size_t i, double lli) {
  double c = s->count[i];
  t->w += c;
  t->cad += c * s->cadence_spm[i];
  t->contact += c * s->contact_s[i];
  t->lli += c * lli;
  if (isfinite(s->speed[i])) {
    t->w_speed += c;
    t->speed += c * s->speed[i];
  }
}

static double ratio(double a, double wa, double b, double wb) {
  return wa > 0 && wb > 0 && b != 0 ? (a / wa) / (b / wb) - 1.0 : NAN;
}

// fewer rows than this (about a minute of 1 Hz records) and the fatigue comparison is not made
#define FATIGUE_MIN_ROWS 50

int bks_run_load_compute(const bks_model *m, const bks_steps *s, bks_run_load *out) {
  bks_run_load_init(out);
  if (s->n == 0) return BKS_E_RANGE;

  // kilometres: sized once from the furthest distance, before the loop
  double max_d = 0;
  for (size_t i = 0; i < s->n; i++) {
    if (isfinite(s->dist_m[i]) && s->dist_m[i] > max_d) max_d = s->dist_m[i];
  }
  size_t nkm = max_d > 0 ? (size_t)(max_d / 1000.0) + 1 : 0;
  acc *km = NULL;
  if (nkm) {
    km = bks_calloc(nkm, sizeof *km);
    out->per_km = bks_calloc(nkm, sizeof *out->per_km);
    if (!km || !out->per_km) {
      free(km);
      bks_run_load_deinit(out);
      return BKS_E_NOMEM;
    }
  }

  // the step count first, so that the thirds for the drift are known in the one modelling pass
  double total_w = 0;
  for (size_t i = 0; i < s->n; i++) total_w += s->count[i];
  third th[2];
  memset(th, 0, sizeof th);
  double cum_w = 0;

  acc all = {0};
  double w_timing_unc = 0;
  for (size_t i = 0; i < s->n; i++) {
    bks_step_result r;
    double c = s->count[i];
    int part = cum_w < total_w / 3.0 ? 0 : cum_w >= total_w - total_w / 3.0 ? 1 : -1;
    cum_w += c;
    if (bks_model_step(m, s->contact_s[i], s->flight_s[i], s->speed[i], s->uncertainty[i], &r) <
        0) {
      continue; // bks_steps never holds such a row; a hand-filled one is skipped
    }
    if (part >= 0) third_add(&th[part], s, i, r.lli);
    double d = row_distance(s, i);
    acc_add(&all, s, i, &r, d);
    w_timing_unc += s->count[i] * s->uncertainty[i];
    if (km && isfinite(s->dist_m[i])) {
      size_t k = s->dist_m[i] > 0 ? (size_t)(s->dist_m[i] / 1000.0) : 0;
      if (k >= nkm) k = nkm - 1;
      acc_add(&km[k], s, i, &r, d);
    }
    if (s->source[i] < BKS_STEP_NSOURCES) out->steps_by_source[s->source[i]] += s->count[i];
  }
  if (all.w <= 0) {
    free(km);
    bks_run_load_deinit(out);
    return BKS_E_RANGE;
  }
  acc_means(&all, &out->summary);
  if (out->summary.duration_s >= BKS_RUN_DRIFT_MIN_S && s->n >= 3) {
    out->drift_cadence = ratio(th[1].cad, th[1].w, th[0].cad, th[0].w);
    out->drift_contact = ratio(th[1].contact, th[1].w, th[0].contact, th[0].w);
    out->drift_lli = ratio(th[1].lli, th[1].w, th[0].lli, th[0].w);
    out->drift_speed = ratio(th[1].speed, th[1].w_speed, th[0].speed, th[0].w_speed);
  }
  for (size_t k = 0; k < nkm; k++) acc_means(&km[k], &out->per_km[k]);
  out->nkm = nkm;
  free(km);

  // the oscillation check: measured against what the timing implies; the model's own spread is
  // twice the timing's (oscillation goes with time squared) with Morin's Δyc scatter
  const bks_model_params *p = m->params;
  const bks_load_means *sm = &out->summary;
  if (isfinite(sm->vo_measured_cm) && sm->vo_model_cm > 0) {
    out->vo_ratio = sm->vo_measured_cm / sm->vo_model_cm;
    out->vo_ratio_band = hypot(2.0 * w_timing_unc / all.w, p->p[BKS_P_DYC_BIAS_SD].value);
    if (fabs(out->vo_ratio - 1.0) > out->vo_ratio_band) out->flags |= BKS_RUN_FLAG_VO_MISMATCH;
  }
  double weak = out->steps_by_source[BKS_STEP_CADENCE_SPEED] + out->steps_by_source[BKS_STEP_SPEED];
  if (weak > 0.5 * all.w) out->flags |= BKS_RUN_FLAG_WEAK_SOURCE;

  // fatigue pattern: first fifth against last fifth of the steps (Mizrahi 2000: cadence down,
  // bounce up); a flag only, no load multiplier
  if (s->n >= FATIGUE_MIN_ROWS) {
    // sums of the first [0] and last [1] fifth: steps, cadence, measured oscillation, speed (a
    // modelled oscillation would only echo the cadence, so it is left out)
    double w[2] = {0}, cad[2] = {0}, vow[2] = {0}, vo[2] = {0}, spw[2] = {0}, sp[2] = {0};
    double cum = 0, fifth = all.w / 5.0;
    for (size_t i = 0; i < s->n; i++) {
      double c = s->count[i];
      int k = cum < fifth ? 0 : cum >= all.w - fifth ? 1 : -1;
      cum += c;
      if (k < 0) continue;
      w[k] += c;
      cad[k] += c * s->cadence_spm[i];
      if (s->vo_measured[i]) {
        vow[k] += c;
        vo[k] += c * s->vo_m[i];
      }
      if (isfinite(s->speed[i])) {
        spw[k] += c;
        sp[k] += c * s->speed[i];
      }
    }
    if (w[0] > 0 && w[1] > 0) {
      out->cadence_change = (cad[1] / w[1]) / (cad[0] / w[0]) - 1.0;
      if (vow[0] > 0 && vow[1] > 0) out->vo_change = (vo[1] / vow[1]) / (vo[0] / vow[0]) - 1.0;
      if (spw[0] > 0 && spw[1] > 0) out->speed_change = (sp[1] / spw[1]) / (sp[0] / spw[0]) - 1.0;
      if (out->cadence_change <= -p->p[BKS_P_FATIGUE_CADENCE_DROP].value && out->vo_change > 0) {
        out->flags |= BKS_RUN_FLAG_FATIGUE;
      }
    }
  }
  return BKS_OK;
}
