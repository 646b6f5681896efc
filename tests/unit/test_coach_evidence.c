// The coach's evidence from the runner's own numbers: "did it help?" (Hedges' g with a
// hand-computed answer, a bootstrap interval that holds the true difference on synthetic data,
// refusal with too few points, determinism), within-run drift from a run's steps, the fatigue_drift
// and shoe_impact findings with the plan parts that answer them, and the weekly routine.
#include <stdint.h>

#include "backstride/coach.h"
#include "backstride/gather.h"
#include "harness.h"

static const int64_t TODAY = 20000; // 2024-10-04

//---- Did it help? ----

BKS_TEST(effect_hedges_g_known_answer) {
  const double before[5] = {1, 2, 3, 4, 5}, during[5] = {3, 4, 5, 6, 7};
  bks_effect e;
  BKS_CHECK_EQ_INT(bks_effect_compute(before, 5, during, 5, BKS_EFFECT_SEED, &e), BKS_OK);
  BKS_CHECK_EQ_INT(e.enough, 1);
  BKS_CHECK_NEAR(e.mean_before, 3, 1e-12);
  BKS_CHECK_NEAR(e.mean_during, 5, 1e-12);
  BKS_CHECK_NEAR(e.sd_before, sqrt(2.5), 1e-12);
  BKS_CHECK_NEAR(e.difference, 2, 1e-12);
  // by hand: pooled SD sqrt(2.5) = 1.58114; d = 2 / 1.58114 = 1.26491; J = 1 - 3/(4*10 - 9) =
  // 28/31 = 0.903226; g = 1.142500
  BKS_CHECK_NEAR(e.hedges_g, 1.142500, 5e-6);
  BKS_CHECK(e.ci_lo < 2 && 2 < e.ci_hi);
  // a resampled mean lies within its side's range: the interval within [3-5, 7-1]
  BKS_CHECK(e.ci_lo >= -2 && e.ci_hi <= 6);
  BKS_CHECK_STR(bks_effect_verdict(&e), e.ci_lo > 0 ? "higher" : "no clear change");
  // the sign follows "during minus before"
  bks_effect r;
  BKS_CHECK_EQ_INT(bks_effect_compute(during, 5, before, 5, BKS_EFFECT_SEED, &r), BKS_OK);
  BKS_CHECK_NEAR(r.hedges_g, -1.142500, 5e-6);
}

// normal deviates from a seeded generator (Box-Muller)
static uint64_t gstate;
static double unif(void) {
  gstate ^= gstate >> 12;
  gstate ^= gstate << 25;
  gstate ^= gstate >> 27;
  return ((double)((gstate * 2685821657736338717ull) >> 11) + 0.5) / 9007199254740992.0;
}
static double gauss(void) { return sqrt(-2 * log(unif())) * cos(6.283185307179586 * unif()); }

static uint64_t seed_of(int rep) { return BKS_EFFECT_SEED ^ (uint64_t)(unsigned)rep; }

BKS_TEST(effect_interval_holds_the_true_difference) {
  // pain 5 +- 1.5 before, 3 +- 1.5 during: the true difference is -2
  gstate = 0x1234567887654321ull;
  double b[30], d[30];
  int covered = 0, reps = 200;
  for (int rep = 0; rep < reps; rep++) {
    for (int i = 0; i < 30; i++) {
      b[i] = 5 + 1.5 * gauss();
      d[i] = 3 + 1.5 * gauss();
    }
    bks_effect e;
    BKS_CHECK_EQ_INT(bks_effect_compute(b, 30, d, 30, seed_of(rep), &e), BKS_OK);
    covered += e.ci_lo <= -2 && -2 <= e.ci_hi;
    if (rep == 0) {
      BKS_CHECK(e.ci_lo <= -2 && -2 <= e.ci_hi);
      BKS_CHECK_STR(bks_effect_verdict(&e), "lower");
      BKS_CHECK(e.hedges_g < -0.8); // a true g of -1.33
    }
  }
  // a 95 % interval: about 190 of 200; the percentile method runs a little short at n = 30
  fprintf(stderr, "bootstrap coverage: %d of %d\n", covered, reps);
  BKS_CHECK(covered >= 176 && covered <= 199);
}

BKS_TEST(effect_refuses_with_too_few_points) {
  const double x[10] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  bks_effect e;
  BKS_CHECK_EQ_INT(bks_effect_compute(x, BKS_EFFECT_MIN_N - 1, x, 10, BKS_EFFECT_SEED, &e), BKS_OK);
  BKS_CHECK_EQ_INT(e.enough, 0);
  BKS_CHECK_STR(bks_effect_verdict(&e), "not enough data");
  BKS_CHECK(isnan(e.difference) && isnan(e.hedges_g) && isnan(e.ci_lo) && isnan(e.ci_hi));
  BKS_CHECK_NEAR(e.mean_before, 2.5, 1e-12); // the counts and means are still reported
  BKS_CHECK_EQ_INT(e.n_during, 10);
  BKS_CHECK_EQ_INT(bks_effect_compute(NULL, 0, x, 10, BKS_EFFECT_SEED, &e), BKS_OK);
  BKS_CHECK_EQ_INT(e.enough, 0);
  BKS_CHECK(isnan(e.mean_before));
  BKS_CHECK_EQ_INT(bks_effect_compute(x, BKS_EFFECT_MIN_N, x + 5, BKS_EFFECT_MIN_N, 1, &e), BKS_OK);
  BKS_CHECK_EQ_INT(e.enough, 1);
  double bad[5] = {1, 2, NAN, 4, 5};
  BKS_CHECK_EQ_INT(bks_effect_compute(bad, 5, x, 5, 1, &e), BKS_E_INVAL);
}

BKS_TEST(effect_is_deterministic) {
  const double b[7] = {4, 6, 5, 7, 3, 5, 6}, d[6] = {3, 2, 4, 3, 5, 2};
  bks_effect e1, e2;
  BKS_CHECK_EQ_INT(bks_effect_compute(b, 7, d, 6, BKS_EFFECT_SEED, &e1), BKS_OK);
  BKS_CHECK_EQ_INT(bks_effect_compute(b, 7, d, 6, BKS_EFFECT_SEED, &e2), BKS_OK);
  BKS_CHECK(memcmp(&e1, &e2, sizeof e1) == 0);
  // no spread at all: the effect size is undefined, the difference and interval are exact
  const double c1[5] = {2, 2, 2, 2, 2}, c2[5] = {3, 3, 3, 3, 3};
  BKS_CHECK_EQ_INT(bks_effect_compute(c1, 5, c2, 5, BKS_EFFECT_SEED, &e1), BKS_OK);
  BKS_CHECK(isnan(e1.hedges_g));
  BKS_CHECK_NEAR(e1.ci_lo, 1, 1e-12);
  BKS_CHECK_NEAR(e1.ci_hi, 1, 1e-12);
  BKS_CHECK_STR(bks_effect_verdict(&e1), "higher");
}

//---- Within-run drift ----

// a 1 Hz run of `minutes` at 170 steps/min whose contact time goes from c0 to c1 [s] linearly
static void make_run(bks_steps *s, const bks_model *m, double minutes, double c0, double c1) {
  size_t n = (size_t)(minutes * 60);
  BKS_CHECK_EQ_INT(bks_steps_reserve(s, n), BKS_OK);
  for (size_t i = 0; i < n; i++) {
    double f = (double)i / (double)(n - 1), c = c0 + (c1 - c0) * f;
    BKS_CHECK_EQ_INT(bks_steps_add(s, m->params, (double)i, 170.0 / 60, 3.0 * (double)i, 170, c,
                                   3.0, NAN, BKS_STEP_DYNAMICS, 0.051, 0.01),
                     BKS_OK);
  }
}

BKS_TEST(run_metrics_drift_last_third_against_first) {
  bks_model m;
  bks_runner r = {70, 1.75, NAN, 0};
  BKS_CHECK_EQ_INT(bks_model_init(&m, NULL, &r, NULL, 0), BKS_OK);
  bks_steps s;
  bks_steps_init(&s);
  make_run(&s, &m, 30, 0.24, 0.27);
  bks_run_load rl;
  BKS_CHECK_EQ_INT(bks_run_load_compute(&m, &s, &rl), BKS_OK);
  bks_run_metrics x;
  bks_run_summary sum;
  memset(&sum, 0, sizeof sum);
  bks_run_summary_set_load(&sum, &rl);
  bks_gather_run_metrics(&sum, &x);
  BKS_CHECK_EQ_INT(x.modelled, 1);
  BKS_CHECK_EQ_INT(x.dynamics, 1);
  BKS_CHECK_NEAR(x.minutes, 30, 0.1);
  BKS_CHECK_NEAR(x.drift_cadence, 0, 1e-9);
  // thirds of a linear ramp: means 0.245 and 0.265 -> +8.2 %
  BKS_CHECK_NEAR(x.drift_contact, 0.265 / 0.245 - 1, 2e-3);
  BKS_CHECK(x.drift_lli < 0); // a longer contact at the same cadence: a lower peak force
  BKS_CHECK_NEAR(x.drift_speed, 0, 1e-9);
  BKS_CHECK_NEAR(x.lli, rl.summary.lli, 1e-12);
  bks_run_load_deinit(&rl);
  // a short run: no drift
  make_run(&s, &m, 10, 0.24, 0.27);
  BKS_CHECK_EQ_INT(bks_run_load_compute(&m, &s, &rl), BKS_OK);
  bks_run_summary_set_load(&sum, &rl);
  bks_gather_run_metrics(&sum, &x);
  BKS_CHECK_EQ_INT(x.modelled, 1);
  BKS_CHECK(isnan(x.drift_lli) && isnan(x.drift_cadence));
  bks_run_load_deinit(&rl);
  bks_steps_deinit(&s);
}

//---- Findings ----

static const bks_finding *finding(const bks_finding *f, size_t nf, const char *id) {
  for (size_t i = 0; i < nf; i++) {
    if (strcmp(f[i].id, id) == 0) return &f[i];
  }
  return NULL;
}

static int cue_answers(const bks_plan *p, const char *id) {
  for (size_t i = 0; i < p->nduring; i++) {
    if (strcmp(p->during[i].answers, id) == 0) return 1;
  }
  return 0;
}

BKS_TEST(fatigue_drift_finding) {
  bks_run_brief runs[4];
  bks_run_metrics met[4];
  for (int i = 0; i < 4; i++) {
    runs[i] = (bks_run_brief){(TODAY - 2 - 3 * i) * 86400 + 3600, 3600, 10000, NAN, 0};
    bks_run_metrics_init(&met[i]);
    met[i].modelled = met[i].dynamics = 1;
    met[i].minutes = 60;
    met[i].lli = 3.9;
    met[i].peak_vgrf_bw = 2.5;
    met[i].drift_cadence = -0.01;
    met[i].drift_contact = 0.01;
    met[i].drift_lli = 0.01;
    met[i].drift_speed = 0;
  }
  bks_coach_input in = {.today = TODAY, .runs = runs, .nruns = 4};
  bks_finding f[BKS_COACH_MAX_FINDINGS];
  size_t nf = bks_coach_findings(&in, f);
  BKS_CHECK_EQ_INT(nf, BKS_COACH_MAX_FINDINGS);
  const bks_finding *x = finding(f, nf, "fatigue_drift");
  BKS_CHECK(x && x->status == BKS_FINDING_UNKNOWN); // runs not modelled
  in.metrics = met;
  nf = bks_coach_findings(&in, f);
  x = finding(f, nf, "fatigue_drift");
  BKS_CHECK(x && x->status == BKS_FINDING_OK);
  BKS_CHECK(x && strstr(x->evidence, "0 of 4 runs"));
  BKS_CHECK(x && strstr(x->threshold, "Mizrahi") && x->source[0]);
  met[0].drift_cadence = -0.06; // one run: a bad day, not a pattern
  nf = bks_coach_findings(&in, f);
  BKS_CHECK(finding(f, nf, "fatigue_drift")->status == BKS_FINDING_OK);
  met[2].drift_lli = 0.06; // two of four
  nf = bks_coach_findings(&in, f);
  x = finding(f, nf, "fatigue_drift");
  BKS_CHECK(x->status == BKS_FINDING_FLAG);
  BKS_CHECK(strcmp(x->confidence, "medium") == 0);
  bks_plan p;
  bks_coach_plan(&in, f, nf, &p);
  BKS_CHECK(cue_answers(&p, "fatigue_drift"));
  // without running dynamics the drift is not measured
  for (int i = 0; i < 4; i++) met[i].dynamics = 0;
  nf = bks_coach_findings(&in, f);
  BKS_CHECK(finding(f, nf, "fatigue_drift")->status == BKS_FINDING_UNKNOWN);
}

BKS_TEST(shoe_impact_finding) {
  enum { N = 14 };
  bks_run_brief runs[N];
  bks_run_metrics met[N];
  bks_shoe shoe = {.id = 3, .name = "Road", .start_day = TODAY - 100, .retired_day = -1};
  for (int i = 0; i < N; i++) {
    runs[i] = (bks_run_brief){(TODAY - 90 + 6 * i) * 86400 + 3600, 3600, 10000, NAN, 3};
    bks_run_metrics_init(&met[i]);
    met[i].modelled = met[i].dynamics = 1;
    // +0.10 BW per 100 km of the pair's distance, with a small wobble
    met[i].peak_vgrf_bw = 2.40 + 0.001 * 10 * i + ((i % 2) ? 0.004 : -0.004);
  }
  bks_coach_input in = {
      .today = TODAY, .runs = runs, .nruns = N, .metrics = met, .shoes = &shoe, .nshoes = 1};
  bks_finding f[BKS_COACH_MAX_FINDINGS];
  size_t nf = bks_coach_findings(&in, f);
  const bks_finding *x = finding(f, nf, "shoe_impact");
  BKS_CHECK(x && x->status == BKS_FINDING_FLAG);
  BKS_CHECK(x && strstr(x->evidence, "+0.10") && strstr(x->evidence, "rising"));
  bks_plan p;
  bks_coach_plan(&in, f, nf, &p);
  BKS_CHECK(cue_answers(&p, "shoe_impact"));
  // flat: no trend
  for (int i = 0; i < N; i++) met[i].peak_vgrf_bw = 2.40 + ((i % 2) ? 0.004 : -0.004);
  nf = bks_coach_findings(&in, f);
  BKS_CHECK(finding(f, nf, "shoe_impact")->status == BKS_FINDING_OK);
  // a retired pair's rise is reported but not flagged
  for (int i = 0; i < N; i++) met[i].peak_vgrf_bw = 2.40 + 0.01 * i;
  shoe.retired_day = TODAY - 1;
  nf = bks_coach_findings(&in, f);
  BKS_CHECK(finding(f, nf, "shoe_impact")->status == BKS_FINDING_OK);
  BKS_CHECK(strstr(finding(f, nf, "shoe_impact")->evidence, "rising"));
  // too few runs: unknown
  shoe.retired_day = -1;
  in.nruns = 7;
  nf = bks_coach_findings(&in, f);
  BKS_CHECK(finding(f, nf, "shoe_impact")->status == BKS_FINDING_UNKNOWN);
  BKS_CHECK(strstr(finding(f, nf, "shoe_impact")->evidence, "too few"));
  // runs in another pair never count for this one
  in.nruns = N;
  for (int i = 0; i < N; i++) runs[i].shoe_id = 4;
  nf = bks_coach_findings(&in, f);
  BKS_CHECK(finding(f, nf, "shoe_impact")->status == BKS_FINDING_UNKNOWN);
  BKS_CHECK(strstr(finding(f, nf, "shoe_impact")->evidence, "0 runs"));
}

//---- The weekly routine ----

BKS_TEST(routine_sets_the_cap_without_runs) {
  bks_coach_input in = {.today = TODAY};
  bks_profile_init(&in.profile);
  in.profile.set = 1;
  in.profile.mass_kg = 70;
  in.profile.height_m = 1.75;
  in.profile.age_y = 40;
  in.profile.sex = 'f';
  bks_finding f[BKS_COACH_MAX_FINDINGS];
  bks_plan p;
  size_t nf = bks_coach_findings(&in, f);
  bks_coach_plan(&in, f, nf, &p);
  BKS_CHECK(isnan(p.max_minutes)); // no runs, no routine: no cap
  in.profile.runs_per_week = 4;
  in.profile.weekly_minutes = 200;
  BKS_CHECK_NEAR(bks_profile_routine_run_minutes(&in.profile), 50, 1e-12);
  nf = bks_coach_findings(&in, f);
  bks_coach_plan(&in, f, nf, &p);
  BKS_CHECK_EQ_INT(p.running_allowed, 1);
  BKS_CHECK_NEAR(p.max_minutes, 65, 1e-9); // 1.3 x 50
  BKS_CHECK(strstr(p.why, "routine"));
  BKS_CHECK(strstr(finding(f, nf, "overexertion")->evidence, "routine"));
  // the routine's usual run is the history a first long run is measured against
  bks_run_brief first = {(TODAY - 1) * 86400, 70 * 60, 12000, NAN, 0};
  in.runs = &first;
  in.nruns = 1;
  nf = bks_coach_findings(&in, f);
  BKS_CHECK(finding(f, nf, "overexertion")->status == BKS_FINDING_FLAG); // 70 > 1.3 x 50
  BKS_CHECK(strstr(finding(f, nf, "overexertion")->evidence, "usual run of 50 min"));
  first.duration_s = 60 * 60;
  nf = bks_coach_findings(&in, f);
  BKS_CHECK(finding(f, nf, "overexertion")->status == BKS_FINDING_OK);
  // a recent run wins over the routine
  bks_run_brief r = {(TODAY - 3) * 86400, 30 * 60, 6000, NAN, 0};
  in.runs = &r;
  in.nruns = 1;
  nf = bks_coach_findings(&in, f);
  bks_coach_plan(&in, f, nf, &p);
  BKS_CHECK_NEAR(p.max_minutes, 39, 1e-9);
  // strength routine with an empty diary: weak core not flagged, at low confidence
  in.profile.strength_per_week = 3;
  nf = bks_coach_findings(&in, f);
  BKS_CHECK(finding(f, nf, "weak_core")->status == BKS_FINDING_OK);
  BKS_CHECK_STR(finding(f, nf, "weak_core")->confidence, "low");
  in.profile.strength_per_week = 1;
  nf = bks_coach_findings(&in, f);
  BKS_CHECK(finding(f, nf, "weak_core")->status == BKS_FINDING_FLAG);
  // experience: the body-mass source studied novices
  in.profile.experience_y = 0.5;
  nf = bks_coach_findings(&in, f);
  BKS_CHECK_STR(finding(f, nf, "body_mass")->confidence, "medium");
  in.profile.experience_y = 6;
  nf = bks_coach_findings(&in, f);
  BKS_CHECK_STR(finding(f, nf, "body_mass")->confidence, "low");
}

BKS_TEST_MAIN(BKS_CASE(effect_hedges_g_known_answer),
              BKS_CASE(effect_interval_holds_the_true_difference),
              BKS_CASE(effect_refuses_with_too_few_points), BKS_CASE(effect_is_deterministic),
              BKS_CASE(run_metrics_drift_last_third_against_first), BKS_CASE(fatigue_drift_finding),
              BKS_CASE(shoe_impact_finding), BKS_CASE(routine_sets_the_cap_without_runs))
