// Day to day: daily loads, acute:chronic ratios (EWMA and uncoupled rolling), monotony and strain.
// Soft spike flags only (Impellizzeri et al. 2020); formulas in docs/science.md.
#include <math.h>
#include <stdlib.h>

#include "backstride/alloc.h"
#include "backstride/date.h"
#include "backstride/load.h"

const bks_day_flag_name bks_day_flag_names[BKS_DAY_NFLAGS] = {
    {BKS_DAY_SPIKE_EWMA, "spike_ewma", "spike(EWMA)"},
    {BKS_DAY_SPIKE_UNCOUPLED, "spike_uncoupled", "spike(rolling)"},
    {BKS_DAY_MONOTONY, "monotony", "monotony"},
    {BKS_DAY_SHORT_HISTORY, "short_history", "short history"},
    {BKS_DAY_RETURN, "return", "return after a break"}};

// a century of days: more is a wrong timestamp, not a training history
#define MAX_DAYS 36525

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t day_in(int64_t t, int64_t tz_offset_s) {
  return tz_offset_s == BKS_TZ_RUNNER ? bks_date_day_local(t) : floor_div(t + tz_offset_s, 86400);
}

int bks_daily_loads(const int64_t *start_utc, const double *load, size_t n, int64_t tz_offset_s,
                    int64_t *first_day, double **daily, size_t *ndays) {
  if (n == 0 || !start_utc || !load) return BKS_E_INVAL;
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (size_t j = 0; j < n; j++) {
    if (!isfinite(load[j]) || load[j] < 0) return BKS_E_INVAL;
    int64_t d = day_in(start_utc[j], tz_offset_s);
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  if (hi - lo >= MAX_DAYS) return BKS_E_LIMIT;
  size_t nd = (size_t)(hi - lo + 1);
  double *v = bks_calloc(nd, sizeof *v);
  if (!v) return BKS_E_NOMEM;
  for (size_t j = 0; j < n; j++) v[day_in(start_utc[j], tz_offset_s) - lo] += load[j];
  *first_day = lo;
  *daily = v;
  *ndays = nd;
  return BKS_OK;
}

// mean of daily[from..to] (inclusive)
static double mean_of(const double *daily, size_t from, size_t to) {
  double s = 0;
  for (size_t i = from; i <= to; i++) s += daily[i];
  return s / (double)(to - from + 1);
}

void bks_day_loads_compute(const bks_model_params *p, const double *daily, size_t n,
                           bks_day_load *out) {
  if (!p) p = bks_model_params_builtin();
  double na = p->p[BKS_P_ACWR_ACUTE_DAYS].value, nc = p->p[BKS_P_ACWR_CHRONIC_DAYS].value;
  double spike = p->p[BKS_P_ACWR_SPIKE].value, mono_hi = p->p[BKS_P_MONOTONY_HIGH].value;
  size_t ka = (size_t)na, kc = (size_t)nc;
  // Williams et al. 2017: λ = 2/(N + 1)
  double la = 2.0 / (na + 1.0), lc = 2.0 / (nc + 1.0);
  double ea = 0, ec = 0;
  for (size_t t = 0; t < n; t++) {
    bks_day_load d;
    d.load = daily[t];
    ea = t == 0 ? daily[0] : la * daily[t] + (1 - la) * ea;
    ec = t == 0 ? daily[0] : lc * daily[t] + (1 - lc) * ec;
    d.ewma_acute = ea;
    d.ewma_chronic = ec;
    d.acwr_ewma = ec > 0 ? ea / ec : NAN;
    // uncoupled: the acute week is not part of the chronic weeks (Lolli et al.; Windt & Gabbett)
    d.acwr_uncoupled = NAN;
    if (t + 1 >= kc && kc > ka) {
      double chronic = mean_of(daily, t + 1 - kc, t - ka);
      if (chronic > 0) d.acwr_uncoupled = mean_of(daily, t + 1 - ka, t) / chronic;
    }
    // monotony = mean / SD over the last week (Foster 1998); strain = weekly load × monotony
    d.monotony = d.strain = NAN;
    if (t + 1 >= ka && ka > 1) {
      double mean = mean_of(daily, t + 1 - ka, t), ss = 0;
      for (size_t i = t + 1 - ka; i <= t; i++) ss += (daily[i] - mean) * (daily[i] - mean);
      double sd = sqrt(ss / (double)(ka - 1));
      if (mean > 0) {
        d.monotony = sd > 0 ? mean / sd : INFINITY;
        d.strain = mean * (double)ka * d.monotony;
      }
    }
    d.flags = 0;
    // the chronic window before the acute week held no load: a ratio against an empty window
    // (the EWMA's decayed remainder of older runs) says nothing; the runner is coming back from a
    // break, which is reported as such, never as a spike
    int empty_chronic = t + 1 >= kc && kc > ka && mean_of(daily, t + 1 - kc, t - ka) == 0;
    if (empty_chronic) {
      d.acwr_ewma = d.acwr_uncoupled = NAN;
      if (mean_of(daily, t + 1 - ka, t) > 0) d.flags |= BKS_DAY_RETURN;
    }
    if (t + 1 < kc) {
      d.flags |= BKS_DAY_SHORT_HISTORY;
    } else {
      if (d.acwr_ewma >= spike) d.flags |= BKS_DAY_SPIKE_EWMA;
      if (d.acwr_uncoupled >= spike) d.flags |= BKS_DAY_SPIKE_UNCOUPLED;
      if (d.monotony > mono_hi) d.flags |= BKS_DAY_MONOTONY;
    }
    out[t] = d;
  }
}
