// Steps: the average step of every record from the best source, its uncertainty, and what is left
// out (not running, impossible, missing).
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "backstride/steps.h"
#include "harness.h"

// an activity of n records at 1 s with the given channels present (NaN-filled)
static void make_activity(bks_activity *a, size_t n, const bks_channel *chs, size_t nch) {
  bks_activity_init(a);
  if (bks_activity_resize(a, n) != BKS_OK) return;
  a->n = n;
  for (size_t i = 0; i < n; i++) a->t[i] = (double)i;
  for (size_t k = 0; k < nch; k++) bks_activity_add_channel(a, chs[k]);
}

BKS_TEST(dynamics_rows) {
  bks_channel chs[] = {BKS_CH_CADENCE, BKS_CH_GCT, BKS_CH_VERT_OSC, BKS_CH_SPEED, BKS_CH_DISTANCE};
  bks_activity a;
  make_activity(&a, 10, chs, 5);
  for (size_t i = 0; i < a.n; i++) {
    a.ch[BKS_CH_CADENCE][i] = 180;
    a.ch[BKS_CH_GCT][i] = 0.22;
    a.ch[BKS_CH_VERT_OSC][i] = 0.08;
    a.ch[BKS_CH_SPEED][i] = 3.5;
    a.ch[BKS_CH_DISTANCE][i] = 3.5 * (double)i;
  }
  bks_steps s;
  bks_steps_init(&s);
  BKS_CHECK_EQ_INT(bks_steps_build(&s, &a, NULL), BKS_OK);
  BKS_CHECK_EQ_INT(s.n, 10);
  BKS_CHECK_EQ_INT(s.n_by_source[BKS_STEP_DYNAMICS], 10);
  BKS_CHECK_EQ_INT(s.source[3], BKS_STEP_DYNAMICS);
  BKS_CHECK_NEAR(s.contact_s[3], 0.22, 1e-12);
  BKS_CHECK_NEAR(s.flight_s[3], 60.0 / 180 - 0.22, 1e-12);
  BKS_CHECK_NEAR(s.count[3], 3.0, 1e-12); // 180 steps/min over 1 s
  BKS_CHECK_NEAR(s.vo_m[3], 0.08, 0);
  BKS_CHECK(s.vo_measured[3]);
  BKS_CHECK_NEAR(s.dist_m[9], 31.5, 1e-12);
  // stance time 5 % and cadence 1 % (table assumptions), in quadrature
  BKS_CHECK_NEAR(s.uncertainty[3], hypot(0.05, 0.01), 1e-12);
  BKS_CHECK_NEAR(s.cadence_unc[3], 0.01, 1e-12);
  BKS_CHECK_STR(bks_step_source_name(s.source[3]), "dynamics");
  bks_steps_deinit(&s);
  bks_activity_deinit(&a);
}

BKS_TEST(cadence_speed_and_speed_only) {
  bks_channel chs[] = {BKS_CH_CADENCE, BKS_CH_SPEED};
  bks_activity a;
  make_activity(&a, 4, chs, 2);
  a.ch[BKS_CH_CADENCE][0] = 170, a.ch[BKS_CH_SPEED][0] = 3.0; // cadence + speed
  a.ch[BKS_CH_CADENCE][1] = NAN, a.ch[BKS_CH_SPEED][1] = 4.0; // speed only
  a.ch[BKS_CH_CADENCE][2] = 170, a.ch[BKS_CH_SPEED][2] = 1.4; // walking
  a.ch[BKS_CH_CADENCE][3] = NAN, a.ch[BKS_CH_SPEED][3] = NAN; // nothing
  bks_steps s;
  bks_steps_init(&s);
  BKS_CHECK_EQ_INT(bks_steps_build(&s, &a, NULL), BKS_OK);
  BKS_CHECK_EQ_INT(s.n, 2);
  BKS_CHECK_EQ_INT(s.source[0], BKS_STEP_CADENCE_SPEED);
  // duty factor 0.3693 of a 2-step stride
  BKS_CHECK_NEAR(s.contact_s[0], 0.3693 * 120 / 170, 1e-12);
  BKS_CHECK_NEAR(s.uncertainty[0], 0.171, 1e-12);
  BKS_CHECK(!s.vo_measured[0]);
  BKS_CHECK_NEAR(s.vo_m[0], bks_step_vo_model(NULL, s.contact_s[0], s.flight_s[0]), 1e-15);
  BKS_CHECK_EQ_INT(s.source[1], BKS_STEP_SPEED);
  // 169.6 + 3.665·(4 − 3)
  BKS_CHECK_NEAR(s.cadence_spm[1], 173.265, 1e-9);
  BKS_CHECK_NEAR(s.cadence_unc[1], 0.089, 1e-12);
  BKS_CHECK_EQ_INT(s.n_not_running, 1);
  BKS_CHECK_EQ_INT(s.n_missing, 1);
  BKS_CHECK_EQ_INT(s.n_records, 4);
  // without a distance channel, distance is speed × time
  BKS_CHECK_NEAR(s.dist_m[1], 3.0 + 4.0, 1e-12);
  bks_steps_deinit(&s);
  bks_activity_deinit(&a);
}

BKS_TEST(impossible_records_are_counted) {
  bks_channel chs[] = {BKS_CH_CADENCE, BKS_CH_GCT};
  bks_activity a;
  make_activity(&a, 3, chs, 2);
  a.ch[BKS_CH_CADENCE][0] = 150, a.ch[BKS_CH_GCT][0] = 0.45; // step 0.4 s: no flight
  a.ch[BKS_CH_CADENCE][1] = 170, a.ch[BKS_CH_GCT][1] = -0.2; // negative
  a.ch[BKS_CH_CADENCE][2] = 170, a.ch[BKS_CH_GCT][2] = 0.25; // fine
  bks_steps s;
  bks_steps_init(&s);
  BKS_CHECK_EQ_INT(bks_steps_build(&s, &a, NULL), BKS_OK);
  BKS_CHECK_EQ_INT(s.n, 1);
  BKS_CHECK_EQ_INT(s.n_impossible, 2);
  BKS_CHECK(strstr(s.first_problem, "not shorter than the step") != NULL);
  BKS_CHECK(isnan(s.speed[0]));
  bks_steps_deinit(&s);
  bks_activity_deinit(&a);
}

BKS_TEST(pause_counts_one_second) {
  bks_channel chs[] = {BKS_CH_CADENCE, BKS_CH_GCT};
  bks_activity a;
  make_activity(&a, 3, chs, 2);
  a.t[0] = 0, a.t[1] = 2, a.t[2] = 300; // 2 s interval, then a pause
  for (int i = 0; i < 3; i++) a.ch[BKS_CH_CADENCE][i] = 180, a.ch[BKS_CH_GCT][i] = 0.22;
  bks_steps s;
  bks_steps_init(&s);
  BKS_CHECK_EQ_INT(bks_steps_build(&s, &a, NULL), BKS_OK);
  BKS_CHECK_NEAR(s.count[0], 6, 1e-12); // next interval 2 s
  BKS_CHECK_NEAR(s.count[1], 6, 1e-12);
  BKS_CHECK_NEAR(s.count[2], 3, 1e-12); // after the pause: the nominal 1 s
  bks_steps_deinit(&s);
  bks_activity_deinit(&a);
}

BKS_TEST(add_and_limits) {
  bks_steps s;
  bks_steps_init(&s);
  BKS_CHECK_EQ_INT(bks_steps_reserve(&s, 2), BKS_OK);
  BKS_CHECK_EQ_INT(bks_steps_add(&s, NULL, 0, 3, 0, 180, 0.22, 3, NAN, BKS_STEP_GIVEN, 0, 0),
                   BKS_OK);
  BKS_CHECK_EQ_INT(bks_steps_add(&s, NULL, 1, 3, 0, 180, 0.40, 3, NAN, BKS_STEP_GIVEN, 0, 0),
                   BKS_E_RANGE);
  BKS_CHECK_EQ_INT(bks_steps_add(&s, NULL, 1, 3, 0, 180, 0.22, 3, 0.07, BKS_STEP_GIVEN, 0, 0),
                   BKS_OK);
  BKS_CHECK_EQ_INT(bks_steps_add(&s, NULL, 2, 3, 0, 180, 0.22, 3, NAN, BKS_STEP_GIVEN, 0, 0),
                   BKS_E_LIMIT);
  BKS_CHECK_EQ_INT(s.n, 2);
  BKS_CHECK(s.vo_measured[1] && !s.vo_measured[0]);
  // the modelled oscillation of Morin's first worked example does not depend on mass
  BKS_CHECK_NEAR(bks_step_vo_model(NULL, 0.25, 0.12), 0.08544, 0.00001);
  BKS_CHECK_STR(bks_step_source_name(99), "none");
  bks_steps_deinit(&s);
  bks_steps_deinit(NULL);
}

BKS_TEST(empty_activity) {
  bks_activity a;
  bks_activity_init(&a);
  bks_steps s;
  bks_steps_init(&s);
  BKS_CHECK_EQ_INT(bks_steps_build(&s, &a, NULL), BKS_OK);
  BKS_CHECK_EQ_INT(s.n, 0);
  BKS_CHECK_EQ_INT(bks_steps_build(&s, NULL, NULL), BKS_E_INVAL);
  bks_steps_deinit(&s);
}

BKS_TEST_MAIN(BKS_CASE(dynamics_rows), BKS_CASE(cadence_speed_and_speed_only),
              BKS_CASE(impossible_records_are_counted), BKS_CASE(pause_counts_one_second),
              BKS_CASE(add_and_limits), BKS_CASE(empty_activity))
