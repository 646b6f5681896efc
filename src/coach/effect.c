// "Did it help?": before against during an intervention, as an effect size with a percentile
// bootstrap interval. docs/science.md ("Did it help?") gives the sources and the minimum.
//
// Hedges' g: the difference in means over the pooled SD, times the small-sample correction
// J = 1 - 3 / (4 (n1 + n2) - 9) (Hedges 1981). The interval: resample each side with replacement,
// take the difference of the resampled means, and keep the 2.5th and 97.5th percentiles of
// BKS_EFFECT_RESAMPLES such differences (Efron & Tibshirani 1993, percentile method). The PRNG is
// seeded by the caller, so the same input always gives the same interval.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/alloc.h"
#include "backstride/coach.h"

// xorshift64* (Vigna 2016): small, fast and good enough to draw resampling indices
static uint64_t next(uint64_t *s) {
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return *s * 2685821657736338717ull;
}

// an index in [0, n) without modulo bias worth mentioning (n is small against 2^64)
static size_t draw(uint64_t *s, size_t n) { return (size_t)((next(s) >> 11) % n); }

static void mean_sd(const double *x, size_t n, double *mean, double *sd) {
  *mean = *sd = NAN;
  if (!n) return;
  double s = 0;
  for (size_t i = 0; i < n; i++) s += x[i];
  double m = s / (double)n, ss = 0;
  for (size_t i = 0; i < n; i++) ss += (x[i] - m) * (x[i] - m);
  *mean = m;
  if (n > 1) *sd = sqrt(ss / (double)(n - 1));
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double resample_mean(const double *x, size_t n, uint64_t *s) {
  double sum = 0;
  for (size_t i = 0; i < n; i++) sum += x[draw(s, n)];
  return sum / (double)n;
}

int bks_effect_compute(const double *before, size_t nb, const double *during, size_t nd,
                       uint64_t seed, bks_effect *out) {
  for (size_t i = 0; i < nb; i++) {
    if (!isfinite(before[i])) return BKS_E_INVAL;
  }
  for (size_t i = 0; i < nd; i++) {
    if (!isfinite(during[i])) return BKS_E_INVAL;
  }
  bks_effect e;
  memset(&e, 0, sizeof e);
  e.n_before = nb;
  e.n_during = nd;
  mean_sd(before, nb, &e.mean_before, &e.sd_before);
  mean_sd(during, nd, &e.mean_during, &e.sd_during);
  e.difference = e.hedges_g = e.ci_lo = e.ci_hi = NAN;
  e.enough = nb >= BKS_EFFECT_MIN_N && nd >= BKS_EFFECT_MIN_N;
  if (!e.enough) {
    *out = e;
    return BKS_OK;
  }
  e.difference = e.mean_during - e.mean_before;
  // pooled SD over both sides; with no spread at all the effect size is undefined (NaN), the
  // difference and its interval still stand
  double n1 = (double)nb, n2 = (double)nd;
  double sp = sqrt(((n1 - 1) * e.sd_before * e.sd_before + (n2 - 1) * e.sd_during * e.sd_during) /
                   (n1 + n2 - 2));
  double j = 1.0 - 3.0 / (4.0 * (n1 + n2) - 9.0);
  e.hedges_g = sp > 0 ? j * e.difference / sp : NAN;

  double *d = bks_malloc(BKS_EFFECT_RESAMPLES * sizeof *d);
  if (!d) return BKS_E_NOMEM;
  uint64_t s = seed ? seed : BKS_EFFECT_SEED; // xorshift must not start at 0
  for (size_t k = 0; k < BKS_EFFECT_RESAMPLES; k++) {
    d[k] = resample_mean(during, nd, &s) - resample_mean(before, nb, &s);
  }
  qsort(d, BKS_EFFECT_RESAMPLES, sizeof *d, cmp_double);
  // percentile interval: the values at ranks 2.5 % and 97.5 % of the sorted resamples
  size_t lo = (size_t)floor(0.025 * BKS_EFFECT_RESAMPLES);
  size_t hi = (size_t)ceil(0.975 * BKS_EFFECT_RESAMPLES) - 1;
  e.ci_lo = d[lo];
  e.ci_hi = d[hi];
  free(d);
  *out = e;
  return BKS_OK;
}

const char *bks_effect_verdict(const bks_effect *e) {
  if (!e->enough) return "not enough data";
  if (e->ci_hi < 0) return "lower";
  if (e->ci_lo > 0) return "higher";
  return "no clear change";
}
