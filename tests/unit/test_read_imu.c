// IMU CSV reader (DESIGN.md contract) on tiny files written here.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/io.h"
#include "harness.h"

#define G0 9.80665

// `rows` samples at `rate` Hz of gravity along z (plus a little motion), in g or m/s²; the
// header and the line end are given
static char *make_csv(const char *header, const char *eol, int rows, double rate, double unit,
                      int with_t, int with_gyro) {
  size_t cap = 256 + (size_t)rows * 128;
  char *s = malloc(cap);
  size_t n = (size_t)snprintf(s, cap, "%s%s", header, eol);
  for (int i = 0; i < rows; i++) {
    double t = i / rate;
    double ax = 0.1 * sin(t * 6), ay = 0.05 * cos(t * 6), az = 1.0 + 0.2 * sin(t * 12);
    if (with_t) n += (size_t)snprintf(s + n, cap - n, "%.4f,", t);
    n += (size_t)snprintf(s + n, cap - n, "%.5f,%.5f,%.5f", ax * unit, ay * unit, az * unit);
    if (with_gyro) n += (size_t)snprintf(s + n, cap - n, ",%.2f,%.2f,%.2f", 10.0, -20.0, 30.0);
    n += (size_t)snprintf(s + n, cap - n, "%s", eol);
  }
  return s;
}

static int read_str(const char *csv, const bks_imu_opts *o, bks_read_result *r) {
  return bks_read_imu_csv((const uint8_t *)csv, strlen(csv), "test.csv", o, r);
}

static int has_warning(const bks_activity *a, const char *needle) {
  for (unsigned i = 0; i < a->nwarnings; i++) {
    if (strstr(a->warnings[i], needle)) return 1;
  }
  return 0;
}

BKS_TEST(units_g_detected) {
  char *csv = make_csv("t,ax,ay,az", "\n", 200, 100, 1.0, 1, 0);
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(csv, NULL, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    const bks_activity *a = &r.act[0];
    BKS_CHECK_STR(a->format, "imu");
    BKS_CHECK_EQ_INT(a->n, 200);
    BKS_CHECK_NEAR(a->imu_rate_hz, 100, 1e-6);
    BKS_CHECK_NEAR(a->acc[2][0], 1.0 * G0, 1e-4); // stored in m/s²
    BKS_CHECK_NEAR(a->acc[0][0], 0.0, 1e-6);
    BKS_CHECK(a->gyr[0] == NULL);
    BKS_CHECK_NEAR(a->t[0], 0, 0);
    BKS_CHECK_NEAR(a->t[199], 1.99, 1e-9);
    BKS_CHECK_NEAR(a->duration_s, 1.99, 1e-9);
    BKS_CHECK_EQ_INT(a->sport, BKS_SPORT_RUNNING);
    BKS_CHECK_EQ_INT(a->nwarnings, 0);
    for (int c = 0; c < BKS_NCHANNELS; c++) BKS_CHECK(a->ch[c] == NULL);
  }
  bks_read_result_deinit(&r);
  free(csv);
}

BKS_TEST(units_ms2_detected) {
  char *csv = make_csv("t,ax,ay,az,gx,gy,gz", "\n", 200, 50, G0, 1, 1);
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(csv, NULL, &r), BKS_OK);
  if (r.nact == 1) {
    const bks_activity *a = &r.act[0];
    BKS_CHECK_NEAR(a->acc[2][0], G0, 1e-4); // not scaled again
    BKS_CHECK_NEAR(a->imu_rate_hz, 50, 1e-6);
    BKS_CHECK(a->gyr[0] && a->gyr[1] && a->gyr[2]);
    if (a->gyr[2]) BKS_CHECK_NEAR(a->gyr[2][10], 30.0, 1e-6); // deg/s as given
  }
  bks_read_result_deinit(&r);
  free(csv);
}

// units given: applied as given (and a warning when gravity does not come out near 9.8)
BKS_TEST(units_given) {
  char *csv = make_csv("t,ax,ay,az", "\n", 100, 100, 1.0, 1, 0);
  bks_imu_opts o = {0, 1};
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(csv, &o, &r), BKS_OK);
  if (r.nact == 1) BKS_CHECK_NEAR(r.act[0].acc[2][0], G0, 1e-4);
  bks_read_result_deinit(&r);
  o.units = 2; // claims m/s² for data in g
  BKS_CHECK_EQ_INT(read_str(csv, &o, &r), BKS_OK);
  if (r.nact == 1) {
    BKS_CHECK_NEAR(r.act[0].acc[2][0], 1.0, 1e-4);
    BKS_CHECK(has_warning(&r.act[0], "are the units right?"));
  }
  bks_read_result_deinit(&r);
  free(csv);

  // neither ~1 nor ~9.8 (raw counts): an error that asks for the units
  csv = make_csv("t,ax,ay,az", "\n", 100, 100, 256.0, 1, 0);
  BKS_CHECK_EQ_INT(read_str(csv, NULL, &r), BKS_E_RANGE);
  BKS_CHECK(strstr(r.err, "--units") != NULL);
  bks_read_result_deinit(&r);
  free(csv);
}

BKS_TEST(missing_column_names_line) {
  bks_read_result r;
  const char *csv = "# exported by a logger\n\nt,ax,ay\n0,0,0\n";
  BKS_CHECK_EQ_INT(read_str(csv, NULL, &r), BKS_E_FORMAT);
  BKS_CHECK_EQ_INT(r.err_line, 3);
  BKS_CHECK_STR(r.err, "line 3: missing column az (need ax, ay, az)");
  bks_read_result_deinit(&r);

  // a CSV that is not an IMU CSV at all
  BKS_CHECK_EQ_INT(read_str("timestamp,heart_rate\n1,2\n", NULL, &r), BKS_E_FORMAT);
  BKS_CHECK(strstr(r.err, "not an IMU CSV") != NULL);
  bks_read_result_deinit(&r);

  // numbers where the header should be
  BKS_CHECK_EQ_INT(read_str("0.01,0,0,1\n0.02,0,0,1\n", NULL, &r), BKS_E_FORMAT);
  BKS_CHECK_EQ_INT(r.err_line, 1);
  BKS_CHECK(strstr(r.err, "no header line") != NULL);
  bks_read_result_deinit(&r);

  BKS_CHECK_EQ_INT(read_str("", NULL, &r), BKS_E_FORMAT);
  bks_read_result_deinit(&r);
  BKS_CHECK_EQ_INT(read_str("t,ax,ax,az\n", NULL, &r), BKS_E_FORMAT);
  BKS_CHECK(strstr(r.err, "appears twice") != NULL);
  bks_read_result_deinit(&r);
}

BKS_TEST(rate_from_t) {
  // 200 Hz with jitter and a dropped sample: the median interval gives the rate
  char csv[16384];
  size_t n = (size_t)snprintf(csv, sizeof csv, "T,AX,AY,AZ,temperature\n");
  for (int i = 0; i < 300; i++) {
    if (i == 100) continue;
    double t = 12.5 + i * 0.005 + (i % 3 == 0 ? 0.0002 : 0.0);
    n += (size_t)snprintf(csv + n, sizeof csv - n, "%.4f,0.01,-0.02,0.99,21.5\n", t);
  }
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(csv, NULL, &r), BKS_OK);
  if (r.nact == 1) {
    const bks_activity *a = &r.act[0];
    BKS_CHECK_EQ_INT(a->n, 299);
    BKS_CHECK_NEAR(a->imu_rate_hz, 200, 2);
    BKS_CHECK_NEAR(a->t[0], 0, 1e-12); // relative to the first sample
    BKS_CHECK_EQ_INT(a->start_utc, 0); // t is not a Unix time: no absolute start
  }
  bks_read_result_deinit(&r);
}

BKS_TEST(unix_time_in_t) {
  char csv[4096];
  size_t n = (size_t)snprintf(csv, sizeof csv, "t,ax,ay,az\n");
  for (int i = 0; i < 20; i++) {
    n += (size_t)snprintf(csv + n, sizeof csv - n, "%.2f,0,0,1\n", 1700000000.25 + i * 0.01);
  }
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(csv, NULL, &r), BKS_OK);
  if (r.nact == 1) {
    BKS_CHECK_EQ_INT(r.act[0].start_utc, 1700000000);
    BKS_CHECK_NEAR(r.act[0].t[0], 0.25, 1e-6);
    BKS_CHECK_NEAR(r.act[0].imu_rate_hz, 100, 0.01);
  }
  bks_read_result_deinit(&r);
}

BKS_TEST(rate_option_without_t) {
  char *csv = make_csv("ax,ay,az", "\n", 500, 100, 1.0, 0, 0);
  bks_read_result r;
  // no t and no rate: an error that says what to give
  BKS_CHECK_EQ_INT(read_str(csv, NULL, &r), BKS_E_INVAL);
  BKS_CHECK(strstr(r.err, "--rate") != NULL);
  bks_read_result_deinit(&r);
  bks_imu_opts o = {250, 0};
  BKS_CHECK_EQ_INT(read_str(csv, &o, &r), BKS_OK);
  if (r.nact == 1) {
    const bks_activity *a = &r.act[0];
    BKS_CHECK_EQ_INT(a->n, 500);
    BKS_CHECK_NEAR(a->imu_rate_hz, 250, 0);
    BKS_CHECK_NEAR(a->t[250], 1.0, 1e-12);
    BKS_CHECK_NEAR(a->duration_s, 499 / 250.0, 1e-12);
  }
  bks_read_result_deinit(&r);
  free(csv);

  // t wins over a rate that disagrees, with a warning
  csv = make_csv("t,ax,ay,az", "\n", 100, 100, 1.0, 1, 0);
  BKS_CHECK_EQ_INT(read_str(csv, &o, &r), BKS_OK);
  if (r.nact == 1) {
    BKS_CHECK_NEAR(r.act[0].imu_rate_hz, 100, 1e-6);
    BKS_CHECK(has_warning(&r.act[0], "disagrees with t"));
  }
  bks_read_result_deinit(&r);
  free(csv);
}

BKS_TEST(crlf_bom_blank_lines) {
  char *body = make_csv("t;ax;ay;az", "\r\n", 50, 100, 1.0, 0, 0);
  // rebuild with ';' separators, a BOM, blank lines and no final newline
  char csv[8192];
  size_t n =
      (size_t)snprintf(csv, sizeof csv, "\xEF\xBB\xBF\r\n  T ; ax (g) ; \"ay\" ; az[g]\r\n\r\n");
  for (int i = 0; i < 50; i++) {
    n += (size_t)snprintf(csv + n, sizeof csv - n, "%d.%02d ; 0.0 ; \"0.1\" ; 1.0\r\n%s", i / 100,
                          i % 100, i == 20 ? "\r\n   \r\n" : "");
  }
  csv[n - 2] = '\0'; // no line end after the last row
  free(body);
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(csv, NULL, &r), BKS_OK);
  BKS_CHECK_STR(r.err, "");
  if (r.nact == 1) {
    BKS_CHECK_EQ_INT(r.act[0].n, 50);
    BKS_CHECK_NEAR(r.act[0].acc[1][0], 0.1 * G0, 1e-5);
    BKS_CHECK_NEAR(r.act[0].imu_rate_hz, 100, 1e-6);
  }
  bks_read_result_deinit(&r);

  // tab-separated and space-separated
  const char *tabs = "t\tax\tay\taz\n";
  char csv2[4096];
  n = (size_t)snprintf(csv2, sizeof csv2, "%s", tabs);
  for (int i = 0; i < 12; i++)
    n += (size_t)snprintf(csv2 + n, sizeof csv2 - n, "%d\t0\t0\t9.81\n", i);
  BKS_CHECK_EQ_INT(read_str(csv2, NULL, &r), BKS_OK);
  if (r.nact == 1) BKS_CHECK_NEAR(r.act[0].imu_rate_hz, 1, 1e-9);
  bks_read_result_deinit(&r);
  n = (size_t)snprintf(csv2, sizeof csv2, "t   ax  ay  az\n");
  for (int i = 0; i < 12; i++)
    n += (size_t)snprintf(csv2 + n, sizeof csv2 - n, " %d  0  0 9.81 \n", i);
  BKS_CHECK_EQ_INT(read_str(csv2, NULL, &r), BKS_OK);
  bks_read_result_deinit(&r);
}

BKS_TEST(garbage_lines) {
  char *csv = make_csv("t,ax,ay,az", "\n", 30, 100, 1.0, 1, 0);
  // line 17 (the 16th data row): az is not a number
  char *lines[64];
  int nl = 0;
  for (char *s = strtok(csv, "\n"); s && nl < 64; s = strtok(NULL, "\n")) lines[nl++] = s;
  char buf[8192];
  size_t n = 0;
  for (int i = 0; i < nl; i++) {
    n += (size_t)snprintf(buf + n, sizeof buf - n, "%s\n", i == 16 ? "0.15,0.1,0.2,abc" : lines[i]);
  }
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(buf, NULL, &r), BKS_E_CORRUPT);
  BKS_CHECK_EQ_INT(r.err_line, 17);
  BKS_CHECK_STR(r.err, "line 17: column az: 'abc' is not a number");
  BKS_CHECK_EQ_INT(r.nact, 0);
  bks_read_result_deinit(&r);

  // a short row, an empty value, a non-finite value, binary junk, an overlong line
  static const struct {
    const char *row;
    const char *want;
  } bad[] = {
      {"0.15,0.1", "line 17: 2 fields, the header needs at least 4"},
      {"0.15,,0.2,1", "line 17: column ax is empty"},
      {"0.15,0.1,inf,1", "line 17: column ay: 'inf' is not a number"},
      {"0.15,0.1,nan,1", "line 17: column ay: 'nan' is not a number"},
      {"0.15,1e999,0,1", "line 17: column ax: '1e999' is not a number"},
      {"0.15,2e6,0,1", "line 17: column ax: 2e+06 is out of range"},
      {"\x01\x02\xff,0,0,1", "line 17: column t: '?\?\?' is not a number"},
  };
  for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
    n = 0;
    for (int i = 0; i < nl; i++)
      n += (size_t)snprintf(buf + n, sizeof buf - n, "%s\n", i == 16 ? bad[b].row : lines[i]);
    BKS_CHECK(read_str(buf, NULL, &r) < 0);
    BKS_CHECK_STR(r.err, bad[b].want);
    bks_read_result_deinit(&r);
  }
  free(csv);

  // a line longer than the limit
  size_t big = 5000;
  char *longline = malloc(big + 64);
  n = (size_t)snprintf(longline, big + 64, "t,ax,ay,az\n");
  memset(longline + n, '1', big);
  longline[n + big] = '\0';
  BKS_CHECK_EQ_INT(read_str(longline, NULL, &r), BKS_E_LIMIT);
  BKS_CHECK_STR(r.err, "line 2: longer than 4096 bytes");
  bks_read_result_deinit(&r);
  free(longline);
}

BKS_TEST(too_few_rows) {
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str("t,ax,ay,az\n0,0,0,1\n0.01,0,0,1\n", NULL, &r), BKS_E_CORRUPT);
  BKS_CHECK(strstr(r.err, "only 2 data rows") != NULL);
  BKS_CHECK_EQ_INT(r.err_line, 3);
  bks_read_result_deinit(&r);
  BKS_CHECK_EQ_INT(read_str("t,ax,ay,az\n", NULL, &r), BKS_E_CORRUPT);
  bks_read_result_deinit(&r);
}

// time that goes back or repeats: kept as recorded, counted in a warning
BKS_TEST(time_back_and_repeats) {
  static const double ts[] = {0, 0.01, 0.02, 0.02, 0.03, 0.01, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09};
  char csv[2048];
  size_t n = (size_t)snprintf(csv, sizeof csv, "t,ax,ay,az\n");
  for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
    n += (size_t)snprintf(csv + n, sizeof csv - n, "%.2f,0,0,1\n", ts[i]);
  }
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(csv, NULL, &r), BKS_OK);
  if (r.nact == 1) {
    const bks_activity *a = &r.act[0];
    BKS_CHECK_EQ_INT(a->n, 12);
    BKS_CHECK_NEAR(a->t[5], 0.01, 1e-12);
    BKS_CHECK(has_warning(a, "1 samples go back in time and 1 repeat the previous time"));
    BKS_CHECK_NEAR(a->imu_rate_hz, 100, 1e-6);
  }
  bks_read_result_deinit(&r);

  // t that never increases
  BKS_CHECK_EQ_INT(read_str("t,ax,ay,az\n1,0,0,1\n1,0,0,1\n1,0,0,1\n1,0,0,1\n1,0,0,1\n1,0,0,1\n"
                            "1,0,0,1\n1,0,0,1\n1,0,0,1\n1,0,0,1\n",
                            NULL, &r),
                   BKS_E_CORRUPT);
  BKS_CHECK(strstr(r.err, "never increases") != NULL);
  bks_read_result_deinit(&r);

  // t in milliseconds: the rate gives it away
  n = (size_t)snprintf(csv, sizeof csv, "t,ax,ay,az\n");
  for (int i = 0; i < 12; i++) n += (size_t)snprintf(csv + n, sizeof csv - n, "%d,0,0,1\n", i * 10);
  BKS_CHECK_EQ_INT(read_str(csv, NULL, &r), BKS_E_RANGE);
  BKS_CHECK(strstr(r.err, "t must be in seconds") != NULL);
  bks_read_result_deinit(&r);
}

BKS_TEST(bad_options) {
  bks_read_result r;
  bks_imu_opts o = {-5, 0};
  BKS_CHECK_EQ_INT(read_str("t,ax,ay,az\n", &o, &r), BKS_E_INVAL);
  bks_read_result_deinit(&r);
  o = (bks_imu_opts){0, 7};
  BKS_CHECK_EQ_INT(read_str("t,ax,ay,az\n", &o, &r), BKS_E_INVAL);
  bks_read_result_deinit(&r);
  BKS_CHECK_EQ_INT(bks_read_imu_csv(NULL, 0, NULL, NULL, &r), BKS_E_FORMAT);
  bks_read_result_deinit(&r);
}

BKS_TEST_MAIN(BKS_CASE(units_g_detected), BKS_CASE(units_ms2_detected), BKS_CASE(units_given),
              BKS_CASE(missing_column_names_line), BKS_CASE(rate_from_t), BKS_CASE(unix_time_in_t),
              BKS_CASE(rate_option_without_t), BKS_CASE(crlf_bom_blank_lines),
              BKS_CASE(garbage_lines), BKS_CASE(too_few_rows), BKS_CASE(time_back_and_repeats),
              BKS_CASE(bad_options))
