// Load over time: one run's step-weighted means, per-km rows, dose and flags; daily loads,
// acute:chronic ratios, monotony and strain against hand-computed values.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/date.h"
#include "backstride/load.h"
#include "harness.h"

static bks_model model70(void) {
  bks_model m;
  bks_runner r = {70, 1.75, NAN, 0};
  bks_model_init(&m, NULL, &r, NULL, 0);
  return m;
}

// n one-second rows at 3.5 m/s; cadence and measured oscillation from the callbacks' values
static void fill_run(bks_steps *s, size_t n, double cad0, double cad1, double vo0, double vo1) {
  bks_steps_reserve(s, n);
  for (size_t i = 0; i < n; i++) {
    double x = n > 1 ? (double)i / (double)(n - 1) : 0;
    double cad = cad0 + (cad1 - cad0) * x, vo = vo0 + (vo1 - vo0) * x;
    bks_steps_add(s, NULL, (double)i, cad / 60, 3.5 * (double)i, cad, 0.22, 3.5, vo,
                  BKS_STEP_DYNAMICS, 0.05, 0.01);
  }
}

BKS_TEST(run_means_and_dose) {
  bks_model m = model70();
  bks_steps s;
  bks_steps_init(&s);
  fill_run(&s, 1000, 180, 180, NAN, NAN); // 3.5 km, constant step
  bks_run_load r;
  BKS_CHECK_EQ_INT(bks_run_load_compute(&m, &s, &r), BKS_OK);
  bks_step_result one;
  bks_model_step(&m, 0.22, 60.0 / 180 - 0.22, 3.5, 0.05, &one);
  const bks_load_means *sm = &r.summary;
  BKS_CHECK_NEAR(sm->steps, 3000, 1e-6);
  BKS_CHECK_NEAR(sm->rows, 1000, 0);
  BKS_CHECK_NEAR(sm->duration_s, 1000, 1e-6);
  BKS_CHECK_NEAR(sm->distance_m, 3.5 * 999, 1e-6);
  BKS_CHECK_NEAR(sm->cadence_spm, 180, 1e-9);
  BKS_CHECK_NEAR(sm->contact_ms, 220, 1e-9);
  BKS_CHECK_NEAR(sm->peak_vgrf_bw, one.peak_vgrf_bw, 1e-9);
  BKS_CHECK_NEAR(sm->lumbar_peak_bw, one.lumbar_comp_bw, 1e-9);
  BKS_CHECK_NEAR(sm->lumbar_shear_bw, one.lumbar_shear_bw, 1e-9);
  BKS_CHECK_NEAR(sm->lli, one.lli, 1e-9);
  BKS_CHECK_NEAR(sm->lli_lo, one.lli * (1 - one.u_lli), 1e-9);
  BKS_CHECK_NEAR(sm->lli_hi, one.lli * (1 + one.u_lli), 1e-9);
  BKS_CHECK(sm->lumbar_peak_lo_bw < sm->lumbar_peak_bw &&
            sm->lumbar_peak_bw < sm->lumbar_peak_hi_bw);
  // the dose sums over steps
  BKS_CHECK_NEAR(sm->dose / (3000 * one.dose), 1.0, 1e-9);
  BKS_CHECK_NEAR(sm->vo_model_cm, one.vo_model_m * 100, 1e-9);
  BKS_CHECK(isnan(sm->vo_measured_cm) && isnan(r.vo_ratio));
  // kilometres: 0-1, 1-2, 2-3, 3-3.5
  BKS_CHECK_EQ_INT(r.nkm, 4);
  double steps = 0, dose = 0;
  for (size_t k = 0; k < r.nkm; k++) steps += r.per_km[k].steps, dose += r.per_km[k].dose;
  BKS_CHECK_NEAR(steps, 3000, 1e-6);
  BKS_CHECK_NEAR(dose / sm->dose, 1.0, 1e-9);
  BKS_CHECK_NEAR(r.per_km[1].lli, one.lli, 1e-9);
  BKS_CHECK_EQ_INT(r.flags & BKS_RUN_FLAG_FATIGUE, 0);
  BKS_CHECK_NEAR(r.steps_by_source[BKS_STEP_DYNAMICS], 3000, 1e-6);
  bks_run_load_deinit(&r);
  bks_steps_deinit(&s);
}

BKS_TEST(step_weighted_means) {
  bks_model m = model70();
  bks_steps s;
  bks_steps_init(&s);
  bks_steps_reserve(&s, 2);
  // one row of 1 step at 150/min, one of 3 steps at 180/min
  bks_steps_add(&s, NULL, 0, 1, 0, 150, 0.25, 3, NAN, BKS_STEP_GIVEN, 0, 0);
  bks_steps_add(&s, NULL, 1, 3, 3, 180, 0.22, 3, NAN, BKS_STEP_GIVEN, 0, 0);
  bks_run_load r;
  BKS_CHECK_EQ_INT(bks_run_load_compute(&m, &s, &r), BKS_OK);
  BKS_CHECK_NEAR(r.summary.cadence_spm, (150 + 3 * 180) / 4.0, 1e-9);
  BKS_CHECK_NEAR(r.summary.contact_ms, (250 + 3 * 220) / 4.0, 1e-9);
  bks_run_load_deinit(&r);
  // nothing to model
  s.n = 0;
  BKS_CHECK_EQ_INT(bks_run_load_compute(&m, &s, &r), BKS_E_RANGE);
  bks_run_load_deinit(&r);
  bks_steps_deinit(&s);
}

BKS_TEST(fatigue_and_oscillation_flags) {
  bks_model m = model70();
  bks_steps s;
  bks_steps_init(&s);
  // cadence −8 %, measured bounce +12 % over the run: the Mizrahi pattern
  fill_run(&s, 600, 180, 165.6, 0.07, 0.0784);
  bks_run_load r;
  BKS_CHECK_EQ_INT(bks_run_load_compute(&m, &s, &r), BKS_OK);
  BKS_CHECK(r.flags & BKS_RUN_FLAG_FATIGUE);
  BKS_CHECK(r.cadence_change < -0.048 && r.vo_change > 0);
  bks_run_load_deinit(&r);
  bks_steps_deinit(&s);
  // steady: no flag; a measured oscillation 1.5 × the model's: mismatch
  bks_steps_init(&s);
  double f = 60.0 / 180 - 0.22;
  double vo = bks_step_vo_model(NULL, 0.22, f);
  fill_run(&s, 600, 180, 180, vo * 1.5, vo * 1.5);
  BKS_CHECK_EQ_INT(bks_run_load_compute(&m, &s, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.flags & BKS_RUN_FLAG_FATIGUE, 0);
  BKS_CHECK(r.flags & BKS_RUN_FLAG_VO_MISMATCH);
  BKS_CHECK_NEAR(r.vo_ratio, 1.5, 1e-9);
  bks_run_load_deinit(&r);
  bks_steps_deinit(&s);
  bks_steps_init(&s);
  fill_run(&s, 600, 180, 180, vo, vo);
  BKS_CHECK_EQ_INT(bks_run_load_compute(&m, &s, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.flags, 0);
  bks_run_load_deinit(&r);
  bks_steps_deinit(&s);
}

BKS_TEST(daily_loads) {
  // two runs on day 0 (one late in the evening UTC), a rest day, one run on day 2
  int64_t t[] = {86400 * 100 + 3600, 86400 * 100 + 22 * 3600, 86400 * 102 + 7200};
  double load[] = {10, 5, 7};
  int64_t first;
  double *daily;
  size_t nd;
  BKS_CHECK_EQ_INT(bks_daily_loads(t, load, 3, 0, &first, &daily, &nd), BKS_OK);
  BKS_CHECK_EQ_INT(first, 100);
  BKS_CHECK_EQ_INT(nd, 3);
  BKS_CHECK_NEAR(daily[0], 15, 0);
  BKS_CHECK_NEAR(daily[1], 0, 0);
  BKS_CHECK_NEAR(daily[2], 7, 0);
  free(daily);
  // three hours east of UTC, the evening run falls on the next day
  BKS_CHECK_EQ_INT(bks_daily_loads(t, load, 3, 3 * 3600, &first, &daily, &nd), BKS_OK);
  BKS_CHECK_NEAR(daily[0], 10, 0);
  BKS_CHECK_NEAR(daily[1], 5, 0);
  free(daily);
  // in the runner's zone (UTC+14 all year), likewise
  FILE *z = fopen("/usr/share/zoneinfo/Pacific/Kiritimati", "rb");
  if (z) {
    fclose(z);
    // (the zone was UTC-10 until 1994: the same runs in 2026, day 20600)
    int64_t t26[3];
    for (int i = 0; i < 3; i++) t26[i] = t[i] + 20500 * 86400;
    bks_date_use_tz("Pacific/Kiritimati");
    BKS_CHECK_EQ_INT(bks_daily_loads(t26, load, 3, BKS_TZ_RUNNER, &first, &daily, &nd), BKS_OK);
    BKS_CHECK_EQ_INT(first, 20600);
    BKS_CHECK_NEAR(daily[0], 10, 0);
    BKS_CHECK_NEAR(daily[1], 5, 0);
    free(daily);
    bks_date_use_tz("UTC");
  }
  double bad[] = {10, -1, 7};
  BKS_CHECK_EQ_INT(bks_daily_loads(t, bad, 3, 0, &first, &daily, &nd), BKS_E_INVAL);
  BKS_CHECK_EQ_INT(bks_daily_loads(t, load, 0, 0, &first, &daily, &nd), BKS_E_INVAL);
}

// a month with no running, then a run: a return after a break, with no ratio and no spike (the
// EWMA's decayed remainder would otherwise make every isolated run a "spike")
BKS_TEST(return_after_a_break_is_not_a_spike) {
  enum { N = 90 };
  double daily[N] = {0};
  for (int i = 0; i < 40; i++) daily[i] = i % 2 ? 0 : 100;
  daily[80] = 100; // 40 days later
  bks_day_load out[N];
  bks_day_loads_compute(NULL, daily, N, out);
  BKS_CHECK(out[80].flags & BKS_DAY_RETURN);
  BKS_CHECK(!(out[80].flags & (BKS_DAY_SPIKE_EWMA | BKS_DAY_SPIKE_UNCOUPLED)));
  BKS_CHECK(isnan(out[80].acwr_ewma) && isnan(out[80].acwr_uncoupled));
  BKS_CHECK(!(out[70].flags & BKS_DAY_RETURN)); // no running that week either: nothing to say
  // steady running: never a return
  for (int i = 0; i < N; i++) daily[i] = i % 2 ? 0 : 100;
  bks_day_loads_compute(NULL, daily, N, out);
  for (int i = 0; i < N; i++) BKS_CHECK(!(out[i].flags & BKS_DAY_RETURN));
}

BKS_TEST(acwr_ewma_by_hand) {
  // λa = 2/8 = 0.25, λc = 2/29
  double d[] = {100, 0, 0};
  bks_day_load o[3];
  bks_day_loads_compute(NULL, d, 3, o);
  double lc = 2.0 / 29;
  BKS_CHECK_NEAR(o[1].ewma_acute, 75, 1e-12);
  BKS_CHECK_NEAR(o[2].ewma_acute, 56.25, 1e-12);
  BKS_CHECK_NEAR(o[2].ewma_chronic, 100 * (1 - lc) * (1 - lc), 1e-9);
  BKS_CHECK_NEAR(o[2].acwr_ewma, 56.25 / (100 * (1 - lc) * (1 - lc)), 1e-12);
  BKS_CHECK(isnan(o[2].acwr_uncoupled) && isnan(o[2].monotony));
  BKS_CHECK(o[2].flags & BKS_DAY_SHORT_HISTORY);
}

BKS_TEST(acwr_uncoupled_monotony_strain) {
  enum { N = 35 };
  double d[N];
  bks_day_load o[N];
  // four weeks of 10/20 alternating, then one week at double
  for (int i = 0; i < N; i++) d[i] = (i % 2) ? 20 : 10;
  for (int i = 28; i < N; i++) d[i] *= 2;
  bks_day_loads_compute(NULL, d, N, o);
  // day 34: acute mean of days 28-34 over chronic mean of days 7-27
  double acute = 0, chronic = 0;
  for (int i = 28; i < 35; i++) acute += d[i];
  for (int i = 7; i < 28; i++) chronic += d[i];
  BKS_CHECK_NEAR(o[34].acwr_uncoupled, (acute / 7) / (chronic / 21), 1e-12);
  BKS_CHECK(o[34].flags & BKS_DAY_SPIKE_UNCOUPLED);
  BKS_CHECK_EQ_INT(o[10].flags & BKS_DAY_SPIKE_UNCOUPLED, 0);
  // monotony of days 0-6 (10,20,10,20,10,20,10): mean 14.2857, sample SD 5.3452 → 2.6726;
  // strain = weekly load 100 × monotony
  BKS_CHECK_NEAR(o[6].monotony, 2.67261, 0.00001);
  BKS_CHECK_NEAR(o[6].strain, 267.261, 0.001);
  // flags are raised only from day 28 on
  BKS_CHECK(o[6].flags & BKS_DAY_SHORT_HISTORY);
  BKS_CHECK(o[27].flags & BKS_DAY_MONOTONY); // days 21-27: 20,10,...: monotony 2.94
  // steady load: ratios 1
  for (int i = 0; i < N; i++) d[i] = 50;
  bks_day_loads_compute(NULL, d, N, o);
  BKS_CHECK_NEAR(o[34].acwr_ewma, 1.0, 1e-12);
  BKS_CHECK_NEAR(o[34].acwr_uncoupled, 1.0, 1e-12);
  BKS_CHECK(isinf(o[34].monotony));
}

BKS_TEST_MAIN(BKS_CASE(return_after_a_break_is_not_a_spike), BKS_CASE(run_means_and_dose),
              BKS_CASE(step_weighted_means), BKS_CASE(fatigue_and_oscillation_flags),
              BKS_CASE(daily_loads), BKS_CASE(acwr_ewma_by_hand),
              BKS_CASE(acwr_uncoupled_monotony_strain))
