// The findings that need the runs modelled (bks_coach_input.metrics): within-run fatigue drift and
// the per-shoe trend of measured impact. docs/science.md ("Coach") gives every threshold's source
// or says it is the product's choice.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/alloc.h"
#include "backstride/load.h"
#include "coach_internal.h"

//---- Within-run fatigue drift ----

// both findings here read modelled runs: say so in the evidence when there are none
static int no_modelled_runs(const bks_coach_input *in, bks_finding *f) {
  if (!in->nruns) {
    snprintf(f->evidence, sizeof f->evidence, "no runs in the library");
    return 1;
  }
  if (!in->metrics) {
    snprintf(f->evidence, sizeof f->evidence,
             "runs not modelled in this view: see 'backstride findings'");
    return 1;
  }
  return 0;
}

void bks__finding_fatigue_drift(const bks_coach_input *in, bks_finding *f) {
  bks__fset(f, "fatigue_drift", "within-run fatigue drift", bks__src_drift);
  const double drop = BKS_T(BKS_T_DRIFT_CADENCE), rise = BKS_T(BKS_T_DRIFT_LLI);
  const double min_runs = BKS_T(BKS_T_DRIFT_MIN_RUNS), share = BKS_T(BKS_T_DRIFT_SHARE);
  const double min_min = BKS_RUN_DRIFT_MIN_S / 60, days = BKS_T(BKS_T_RECENT_DAYS);
  snprintf(f->threshold, sizeof f->threshold,
           "last third vs first third of a run of %.0f min or more: cadence down %.1f %% or more "
           "(Mizrahi 2000) or Lumbar Load Index up %.1f %% or more (timing uncertainty); flagged "
           "when %.0f or more runs, and %s of them, drift (product choice)",
           min_min, 100 * drop, 100 * rise, min_runs, share == 1.0 / 3 ? "a third" : "a share");
  if (no_modelled_runs(in, f)) return;
  const int64_t t = in->today;
  int eligible = 0, drifting = 0;
  size_t latest = (size_t)-1;
  for (size_t i = 0; i < in->nruns; i++) {
    const bks_run_metrics *m = &in->metrics[i];
    int64_t d = bks__run_day(&in->runs[i]);
    if (d <= t - (int64_t)days || d > t || !m->modelled || !m->dynamics || !isfinite(m->drift_lli))
      continue;
    eligible++;
    if (m->drift_cadence <= -drop || m->drift_lli >= rise) drifting++;
    if (latest == (size_t)-1 || in->runs[i].start_utc > in->runs[latest].start_utc) latest = i;
  }
  if (!eligible) {
    snprintf(f->evidence, sizeof f->evidence,
             "no run of %.0f min or more with running dynamics (measured contact time) in the "
             "last %.0f days: drift cannot be measured from cadence or speed alone",
             min_min, days);
    return;
  }
  const bks_run_metrics *m = &in->metrics[latest];
  char day[16];
  bks_date_format(bks__run_day(&in->runs[latest]), day);
  char speed[48] = "speed not recorded";
  if (isfinite(m->drift_speed)) {
    snprintf(speed, sizeof speed, "speed %+.1f %%", 100 * m->drift_speed);
  }
  snprintf(f->evidence, sizeof f->evidence,
           "%d of %d runs (%.0f+ min, running dynamics, last %.0f days) drifted; the latest, %s "
           "(%.0f min), from the first to the last third: cadence %+.1f %%, contact time %+.1f %%, "
           "Lumbar Load Index %+.1f %%, %s (a change of pace moves these too)",
           drifting, eligible, min_min, days, day, m->minutes, 100 * m->drift_cadence,
           100 * m->drift_contact, 100 * m->drift_lli, speed);
  f->status = drifting >= min_runs && drifting >= share * eligible - 1e-9 ? BKS_FINDING_FLAG
                                                                          : BKS_FINDING_OK;
  f->confidence = eligible >= 3 ? "medium" : "low";
}

//---- Per-shoe impact trend ----

// two-sided 95 % Student t quantile for `df` degrees of freedom (table to 30, then the
// Cornish-Fisher expansion around 1.96, within 0.001)
static double t975(int df) {
  static const double tab[30] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                 2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                 2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                 2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (df < 1) return NAN;
  if (df <= 30) return tab[df - 1];
  double z = 1.959964, n = df;
  return z + (z * z * z + z) / (4 * n) + (5 * pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * n * n);
}

typedef struct run_ix {
  int64_t start;
  size_t i;
} run_ix;

static int cmp_run(const void *a, const void *b) {
  const run_ix *x = a, *y = b;
  if (x->start != y->start) return (x->start > y->start) - (x->start < y->start);
  return (x->i > y->i) - (x->i < y->i);
}

// least-squares slope of y on x with its 95 % interval; 0 when it cannot be fitted
static int slope_ci(const double *x, const double *y, size_t n, double *b, double *lo, double *hi) {
  if (n < 3) return 0;
  double mx = 0, my = 0;
  for (size_t i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= (double)n;
  my /= (double)n;
  double sxx = 0, sxy = 0;
  for (size_t i = 0; i < n; i++) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
  }
  if (!(sxx > 0)) return 0;
  *b = sxy / sxx;
  double ssr = 0;
  for (size_t i = 0; i < n; i++) {
    double e = y[i] - (my + *b * (x[i] - mx));
    ssr += e * e;
  }
  double se = sqrt(ssr / (double)(n - 2) / sxx), h = t975((int)n - 2) * se;
  *lo = *b - h;
  *hi = *b + h;
  return 1;
}

void bks__finding_shoe_impact(const bks_coach_input *in, bks_finding *f) {
  bks__fset(f, "shoe_impact", "measured impact per pair of shoes", bks__src_shoe_impact);
  snprintf(f->threshold, sizeof f->threshold,
           "per pair: the slope of peak vertical force against the pair's distance; a slope whose "
           "95 %% interval lies above 0 is flagged; needs %d runs with running dynamics over "
           "%.0f km (product choice)",
           (int)BKS_T(BKS_T_SHOE_MIN_RUNS), BKS_T(BKS_T_SHOE_MIN_SPAN_KM));
  if (!in->nshoes) {
    snprintf(f->evidence, sizeof f->evidence,
             "no shoes in the library: add them with 'backstride shoes add'");
    return;
  }
  if (no_modelled_runs(in, f)) return;
  run_ix *ix = bks_malloc((in->nruns ? in->nruns : 1) * sizeof *ix);
  double *x = bks_malloc((in->nruns ? in->nruns : 1) * sizeof *x);
  double *y = bks_malloc((in->nruns ? in->nruns : 1) * sizeof *y);
  if (!ix || !x || !y) {
    snprintf(f->evidence, sizeof f->evidence, "not computed (out of memory)");
    free(ix);
    free(x);
    free(y);
    return;
  }
  for (size_t i = 0; i < in->nruns; i++) ix[i] = (run_ix){in->runs[i].start_utc, i};
  qsort(ix, in->nruns, sizeof *ix, cmp_run);

  size_t len = 0, fitted = 0, rising = 0, best_n = 0;
  for (size_t k = 0; k < in->nshoes && len < sizeof f->evidence - 1; k++) {
    const bks_shoe *sh = &in->shoes[k];
    // the pair's runs in time order; x = the pair's distance before each run [km]
    double km = 0;
    size_t n = 0;
    for (size_t j = 0; j < in->nruns; j++) {
      const bks_run_brief *r = &in->runs[ix[j].i];
      if (r->shoe_id != sh->id) continue; // each run counts for one pair at most
      const bks_run_metrics *m = &in->metrics[ix[j].i];
      if (m->modelled && m->dynamics && isfinite(m->peak_vgrf_bw)) {
        x[n] = km;
        y[n] = m->peak_vgrf_bw;
        n++;
      }
      if (isfinite(r->distance_m) && r->distance_m > 0) km += r->distance_m / 1000;
    }
    if (n > best_n) best_n = n;
    double b = NAN, lo = NAN, hi = NAN;
    int w;
    if (n < (size_t)BKS_T(BKS_T_SHOE_MIN_RUNS) || x[n - 1] - x[0] < BKS_T(BKS_T_SHOE_MIN_SPAN_KM) ||
        !slope_ci(x, y, n, &b, &lo, &hi)) {
      w = snprintf(f->evidence + len, sizeof f->evidence - len,
                   "%s%s: %zu runs with running dynamics over %.0f km, too few for a trend",
                   len ? "; " : "", sh->name, n, n ? x[n - 1] - x[0] : 0.0);
    } else {
      fitted++;
      const char *trend = lo > 0 ? "rising" : hi < 0 ? "falling" : "no clear trend";
      if (lo > 0 && sh->retired_day < 0) rising++;
      w = snprintf(f->evidence + len, sizeof f->evidence - len,
                   "%s%s: peak force %+.3f BW per 100 km (95 %% interval %+.3f to %+.3f; %zu runs, "
                   "%.0f-%.0f km): %s",
                   len ? "; " : "", sh->name, 100 * b, 100 * lo, 100 * hi, n, x[0], x[n - 1],
                   trend);
    }
    if (w > 0) len += (size_t)w;
    if (len >= sizeof f->evidence) len = sizeof f->evidence - 1;
  }
  free(ix);
  free(x);
  free(y);
  if (fitted) {
    f->status = rising ? BKS_FINDING_FLAG : BKS_FINDING_OK;
    // a trend over the runner's own runs: pace, terrain and fatigue change impact too
    f->confidence = best_n >= 20 ? "medium" : "low";
  }
}
