// The normalised activity: empty state, growth, channels, warnings; the read result.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "backstride/activity.h"
#include "backstride/io.h"
#include "harness.h"

BKS_TEST(init_is_empty) {
  bks_activity a;
  memset(&a, 0x5A, sizeof a);
  bks_activity_init(&a);
  BKS_CHECK_EQ_INT(a.n, 0);
  BKS_CHECK(a.t == NULL);
  for (int c = 0; c < BKS_NCHANNELS; c++) BKS_CHECK(a.ch[c] == NULL);
  for (int k = 0; k < 3; k++) BKS_CHECK(a.acc[k] == NULL && a.gyr[k] == NULL);
  BKS_CHECK(a.dev == NULL && a.ndev == 0 && a.laps == NULL && a.nlaps == 0);
  BKS_CHECK(isnan(a.duration_s) && isnan(a.timer_s) && isnan(a.distance_m) && isnan(a.imu_rate_hz));
  BKS_CHECK_EQ_INT(a.sport, BKS_SPORT_UNKNOWN);
  BKS_CHECK_EQ_INT(a.nwarnings, 0);
  BKS_CHECK_STR(a.device, "");
  bks_activity_deinit(&a);
  bks_activity_deinit(NULL); // harmless
}

BKS_TEST(channel_names) {
  static const char *const want[BKS_NCHANNELS] = {"distance",
                                                  "speed",
                                                  "altitude",
                                                  "grade",
                                                  "heart_rate",
                                                  "cadence",
                                                  "vertical_oscillation",
                                                  "ground_contact_time",
                                                  "step_length",
                                                  "vertical_ratio",
                                                  "gct_balance",
                                                  "power",
                                                  "latitude",
                                                  "longitude",
                                                  "temperature"};
  for (int c = 0; c < BKS_NCHANNELS; c++) BKS_CHECK_STR(bks_channel_name((bks_channel)c), want[c]);
  BKS_CHECK_STR(bks_channel_name(BKS_NCHANNELS), "unknown");
  BKS_CHECK_STR(bks_channel_name((bks_channel)-1), "unknown");
}

BKS_TEST(resize_keeps_values_and_fills_nan) {
  bks_activity a;
  bks_activity_init(&a);
  BKS_CHECK_EQ_INT(bks_activity_add_channel(&a, BKS_CH_SPEED), BKS_OK); // present with no samples
  BKS_CHECK(a.ch[BKS_CH_SPEED] != NULL);
  size_t idx = 99;
  BKS_CHECK_EQ_INT(bks_activity_add_dev_channel(&a, "Form Power", "Watts", &idx), BKS_OK);
  BKS_CHECK_EQ_INT(idx, 0);
  BKS_CHECK_EQ_INT(bks_activity_add_imu(&a, 0), BKS_OK);
  BKS_CHECK(a.acc[0] && a.acc[1] && a.acc[2] && !a.gyr[0]);
  // grow one sample at a time, as a streaming reader would
  for (size_t i = 0; i < 10000; i++) {
    BKS_CHECK_EQ_INT(bks_activity_resize(&a, i + 1), BKS_OK);
    BKS_CHECK(isnan(a.t[i]) && isnan(a.ch[BKS_CH_SPEED][i]) && isnan(a.dev[0].v[i]));
    BKS_CHECK(isnan(a.acc[2][i]));
    a.t[i] = (double)i;
    if (i % 2) a.ch[BKS_CH_SPEED][i] = 3.0;
    a.dev[0].v[i] = 50.0;
    a.acc[2][i] = 9.8f;
  }
  BKS_CHECK(a.cap_ >= a.n);
  // a channel made present later covers every sample, NaN
  BKS_CHECK_EQ_INT(bks_activity_add_channel(&a, BKS_CH_HEART_RATE), BKS_OK);
  BKS_CHECK_EQ_INT(bks_activity_add_imu(&a, 1), BKS_OK);
  BKS_CHECK(a.gyr[0] && a.gyr[1] && a.gyr[2]);
  int bad = 0;
  for (size_t i = 0; i < a.n; i++) {
    bad += a.t[i] != (double)i;
    bad += (i % 2) ? a.ch[BKS_CH_SPEED][i] != 3.0 : !isnan(a.ch[BKS_CH_SPEED][i]);
    bad += a.dev[0].v[i] != 50.0;
    bad += !isnan(a.ch[BKS_CH_HEART_RATE][i]);
    bad += !isnan(a.gyr[1][i]);
    bad += a.acc[2][i] != 9.8f;
  }
  BKS_CHECK_EQ_INT(bad, 0);
  // shrinking keeps the first samples; growing again gives NaN, not the old values
  BKS_CHECK_EQ_INT(bks_activity_resize(&a, 10), BKS_OK);
  BKS_CHECK_EQ_INT(a.n, 10);
  BKS_CHECK_EQ_INT(bks_activity_resize(&a, 20), BKS_OK);
  BKS_CHECK_NEAR(a.t[9], 9, 0);
  BKS_CHECK(isnan(a.t[15]) && isnan(a.dev[0].v[15]) && isnan(a.ch[BKS_CH_SPEED][15]));
  BKS_CHECK_STR(a.dev[0].name, "Form Power");
  BKS_CHECK_STR(a.dev[0].units, "Watts");
  BKS_CHECK_EQ_INT(bks_activity_add_channel(&a, BKS_NCHANNELS), BKS_E_INVAL);
  bks_activity_deinit(&a);
  BKS_CHECK(a.t == NULL && a.n == 0 && a.ndev == 0);
}

BKS_TEST(long_names_truncated) {
  bks_activity a;
  bks_activity_init(&a);
  char name[200];
  memset(name, 'x', sizeof name - 1);
  name[sizeof name - 1] = '\0';
  BKS_CHECK_EQ_INT(bks_activity_add_dev_channel(&a, name, NULL, NULL), BKS_OK);
  BKS_CHECK_EQ_INT(strlen(a.dev[0].name), sizeof a.dev[0].name - 1);
  BKS_CHECK_STR(a.dev[0].units, "");
  bks_activity_deinit(&a);
}

BKS_TEST(warnings_bounded) {
  bks_activity a;
  bks_activity_init(&a);
  bks_activity_warn(&a, "first %d", 1);
  BKS_CHECK_EQ_INT(a.nwarnings, 1);
  BKS_CHECK_STR(a.warnings[0], "first 1");
  for (int i = 2; i <= BKS_ACTIVITY_MAX_WARNINGS; i++) bks_activity_warn(&a, "w%d", i);
  BKS_CHECK_EQ_INT(a.nwarnings, BKS_ACTIVITY_MAX_WARNINGS);
  BKS_CHECK_STR(a.warnings[BKS_ACTIVITY_MAX_WARNINGS - 1], "w16");
  // beyond the table: never more slots, the last one counts what did not fit
  for (int i = 0; i < 5; i++) bks_activity_warn(&a, "extra %d", i);
  BKS_CHECK_EQ_INT(a.nwarnings, BKS_ACTIVITY_MAX_WARNINGS);
  BKS_CHECK_STR(a.warnings[BKS_ACTIVITY_MAX_WARNINGS - 2], "w15");
  BKS_CHECK_STR(a.warnings[BKS_ACTIVITY_MAX_WARNINGS - 1], "... and 6 more warnings");
  // a long warning is cut to its slot
  bks_activity b;
  bks_activity_init(&b);
  char big[400];
  memset(big, 'y', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  bks_activity_warn(&b, "%s", big);
  BKS_CHECK_EQ_INT(strlen(b.warnings[0]), sizeof b.warnings[0] - 1);
  bks_activity_deinit(&a);
  bks_activity_deinit(&b);
}

BKS_TEST(read_result_lifetime) {
  bks_read_result r;
  memset(&r, 0x33, sizeof r);
  bks_read_result_init(&r);
  BKS_CHECK_EQ_INT(r.nact, 0);
  BKS_CHECK(r.act == NULL);
  BKS_CHECK_EQ_INT(r.status, BKS_OK);
  BKS_CHECK_STR(r.err, "");
  bks_read_result_deinit(&r);
  bks_read_result_deinit(NULL);
}

// an IMU CSV without a date takes the file's modification time less its length, and says so;
// anything that has a date, another format or an unknown time is left alone
BKS_TEST(imu_start_from_mtime) {
  bks_activity a;
  bks_activity_init(&a);
  BKS_CHECK_EQ_INT(bks_activity_resize(&a, 2), BKS_OK);
  a.n = 2;
  a.t[0] = 0, a.t[1] = 600;
  a.duration_s = 600;
  snprintf(a.format, sizeof a.format, "imu");
  bks_activity_start_from_mtime(&a, 0); // unknown: nothing
  BKS_CHECK(a.start_utc == 0 && a.nwarnings == 0);
  bks_activity_start_from_mtime(&a, 1795651200); // 2026-11-26 00:00 UTC
  BKS_CHECK(a.start_utc == 1795651200 - 600);
  BKS_CHECK_EQ_INT(a.nwarnings, 1);
  BKS_CHECK(strstr(a.warnings[0], "2026-11-25 23:50 UTC") != NULL);
  bks_activity_start_from_mtime(&a, 1795661200); // dated now: left alone
  BKS_CHECK(a.start_utc == 1795651200 - 600 && a.nwarnings == 1);
  a.start_utc = 0;
  snprintf(a.format, sizeof a.format, "fit");
  bks_activity_start_from_mtime(&a, 1795651200);
  BKS_CHECK(a.start_utc == 0);
  bks_activity_start_from_mtime(NULL, 1795651200);
  bks_activity_deinit(&a);
}

BKS_TEST_MAIN(BKS_CASE(init_is_empty), BKS_CASE(channel_names),
              BKS_CASE(resize_keeps_values_and_fills_nan), BKS_CASE(long_names_truncated),
              BKS_CASE(warnings_bounded), BKS_CASE(read_result_lifetime),
              BKS_CASE(imu_start_from_mtime))
