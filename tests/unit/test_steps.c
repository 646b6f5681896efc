// Steps: the average step of every record from the best source, its uncertainty, and what is left
// out (not running, impossible, missing).
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "backstride/model.h"
#include "backstride/steps.h"
#include "backstride/stream.h"
#include "harness.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

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

// a raw IMU activity (synthetic running at 500 Hz, m/s², a 0.22 s half-sine contact, flights of
// 80 and 160 ms in turn): one row per step from the streaming core, its contact time, Morin's tf
// (the mean of the two flights) as flight, so that the model's peak per row is the core's; a
// standing recording gives no row
static void make_imu(bks_activity *a, double seconds, int running) {
  const double rate = 500, tc = 0.22, tf[2] = {0.08, 0.16}, cyc = 2 * tc + tf[0] + tf[1];
  const double amp = (M_PI / 2) * (0.5 * (tf[0] + tf[1]) / tc + 1);
  size_t n = (size_t)(seconds * rate);
  bks_activity_init(a);
  if (bks_activity_resize(a, n) != BKS_OK || bks_activity_add_imu(a, 0) != BKS_OK) return;
  a->n = n;
  a->imu_rate_hz = rate;
  for (size_t i = 0; i < n; i++) {
    double t = (double)i / rate, ph = fmod(t, cyc);
    if (ph >= tc + tf[0]) ph -= tc + tf[0];
    double av = running ? (ph < tc ? amp * sin(M_PI * ph / tc) : 0) : 1.0 + 0.02 * sin(7 * t);
    a->t[i] = t;
    a->acc[0][i] = 0.1f * (float)sin(2 * M_PI * t / cyc); // a little forward motion
    a->acc[1][i] = 0;
    a->acc[2][i] = (float)(av * 9.80665);
  }
}

BKS_TEST(imu_rows_are_the_streaming_cores_steps) {
  bks_activity a;
  make_imu(&a, 20.0, 1);
  bks_steps s;
  bks_steps_init(&s);
  BKS_CHECK_EQ_INT(bks_steps_build(&s, &a, NULL), BKS_OK);
  bks_model m;
  bks_runner who = {70, 1.75, NAN, 0};
  BKS_CHECK_EQ_INT(bks_model_init(&m, NULL, &who, NULL, 0), BKS_OK);
  // the same samples through the core directly
  bks_stream st;
  bks_stream_init(&st, NULL);
  bks_stream_event ev;
  size_t k = 0;
  int same = 1;
  for (size_t i = 0; i <= a.n; i++) {
    if (i < a.n) {
      bks_stream_feed(&st, a.t[i], a.acc[0][i], a.acc[1][i], a.acc[2][i], NAN, NAN, NAN);
    } else {
      bks_stream_finish(&st);
    }
    while (bks_stream_next_event(&st, &ev) == BKS_ITEM) {
      if (ev.type != BKS_EV_STEP) continue;
      if (k >= s.n) {
        same = 0;
        break;
      }
      bks_step_result r;
      BKS_CHECK_EQ_INT(bks_model_step(&m, s.contact_s[k], s.flight_s[k], NAN, 0, &r), BKS_OK);
      same &= fabs(s.t[k] - ev.step.t_contact) < 1e-9 && s.count[k] == 1.0 &&
              fabs(s.contact_s[k] - ev.step.contact_s) < 1e-6 &&
              fabs(s.flight_s[k] - ev.step.flight_mean_s) < 1e-6 &&
              fabs(r.peak_vgrf_bw - ev.step.peak_vgrf_bw) < 1e-3 * ev.step.peak_vgrf_bw &&
              s.source[k] == BKS_STEP_IMU && isnan(s.dist_m[k]) && isnan(s.speed[k]);
      k++;
    }
  }
  printf("%zu rows, %zu core steps\n", s.n, k);
  BKS_CHECK(same);
  BKS_CHECK_EQ_INT(s.n, k);
  BKS_CHECK(s.n >= 50); // 20 s of 0.34 s steps
  BKS_CHECK_EQ_INT(s.n_by_source[BKS_STEP_IMU], s.n);
  BKS_CHECK_NEAR(s.uncertainty[3], bks_param_value(NULL, BKS_P_IMU_CONTACT_UNC), 0);
  bks_steps_deinit(&s);
  bks_activity_deinit(&a);

  make_imu(&a, 20.0, 0); // standing: no flight, no step
  BKS_CHECK_EQ_INT(bks_steps_build(&s, &a, NULL), BKS_OK);
  BKS_CHECK_EQ_INT(s.n, 0);
  bks_steps_deinit(&s);
  bks_activity_deinit(&a);
}

BKS_TEST_MAIN(BKS_CASE(dynamics_rows), BKS_CASE(cadence_speed_and_speed_only),
              BKS_CASE(impossible_records_are_counted), BKS_CASE(pause_counts_one_second),
              BKS_CASE(add_and_limits), BKS_CASE(empty_activity),
              BKS_CASE(imu_rows_are_the_streaming_cores_steps))
