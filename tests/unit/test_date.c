// Days and times (src/core/date.c): known dates, round trips over four centuries of days on both
// sides of 1970, leap-year rules, refusals of text that is not a real date, and gmtime agreement.
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "backstride/date.h"
#include "harness.h"

BKS_TEST(known_dates) {
  BKS_CHECK_EQ_INT(bks_date_from_civil(1970, 1, 1), 0);
  BKS_CHECK_EQ_INT(bks_date_from_civil(2000, 3, 1), 11017);
  BKS_CHECK_EQ_INT(bks_date_from_civil(1969, 12, 31), -1);
  int64_t d = 0;
  BKS_CHECK_EQ_INT(bks_date_parse("2026-09-06", &d), 0);
  BKS_CHECK_EQ_INT(d, 20702);
  char buf[16];
  bks_date_format(20702, buf);
  BKS_CHECK_STR(buf, "2026-09-06");
}

// every day from 1800 to 2200 turns into its date and back, and the dates follow each other
BKS_TEST(round_trip_every_day) {
  int64_t from = bks_date_from_civil(1800, 1, 1), to = bks_date_from_civil(2200, 1, 1);
  int64_t py = 0;
  unsigned pm = 0, pd = 0;
  for (int64_t z = from; z < to; z++) {
    int64_t y;
    unsigned m, d;
    bks_date_to_civil(z, &y, &m, &d);
    BKS_CHECK(m >= 1 && m <= 12 && d >= 1 && d <= 31);
    BKS_CHECK_EQ_INT(bks_date_from_civil(y, m, d), z);
    if (z > from) BKS_CHECK(d == pd + 1 || (d == 1 && (m == pm + 1 || (m == 1 && y == py + 1))));
    py = y, pm = m, pd = d;
    if (y >= 1900 && y <= 9999) {
      char buf[16];
      int64_t back = -12345;
      bks_date_format(z, buf);
      BKS_CHECK_EQ_INT(bks_date_parse(buf, &back), 0);
      BKS_CHECK_EQ_INT(back, z);
    }
  }
}

BKS_TEST(leap_years) {
  int64_t d;
  BKS_CHECK_EQ_INT(bks_date_parse("2024-02-29", &d), 0);
  BKS_CHECK_EQ_INT(bks_date_parse("2000-02-29", &d), 0);
  BKS_CHECK_EQ_INT(bks_date_parse("1900-02-29", &d), -1);
  BKS_CHECK_EQ_INT(bks_date_parse("2026-02-29", &d), -1);
  BKS_CHECK_EQ_INT(bks_date_from_civil(2024, 3, 1) - bks_date_from_civil(2024, 2, 28), 2);
  BKS_CHECK_EQ_INT(bks_date_from_civil(2100, 3, 1) - bks_date_from_civil(2100, 2, 28), 1);
}

BKS_TEST(refuses_what_is_not_a_date) {
  static const char *const bad[] = {"",           "2026-9-06",  "2026-09-6",  "2026/09/06",
                                    "2026-13-01", "2026-00-10", "2026-04-31", "2026-09-06Z",
                                    "1899-12-31", "20260906",   "2026-09-0a", " 2026-09-06"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    int64_t d = 777;
    BKS_CHECK_EQ_INT(bks_date_parse(bad[i], &d), -1);
    BKS_CHECK_EQ_INT(d, 777); // untouched
  }
  int64_t d = 777;
  BKS_CHECK_EQ_INT(bks_date_parse(NULL, &d), -1);
}

// the ISO text agrees with the C library's gmtime, and the day of a time is its day number
BKS_TEST(iso_utc_agrees_with_gmtime) {
  static const int64_t times[] = {0, 1, 86399, 86400, 951782400, 1788679800, 4102444799};
  for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
    char mine[32], want[32];
    bks_date_iso_utc(times[i], mine);
    time_t t = (time_t)times[i];
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
    BKS_CHECK_STR(mine, want);
    char day[16];
    bks_date_format(times[i] / 86400, day);
    BKS_CHECK(strncmp(mine, day, 10) == 0);
  }
  int64_t today = bks_date_today();
  BKS_CHECK(today > bks_date_from_civil(2020, 1, 1));
}

BKS_TEST(hms) {
  char b[32];
  bks_date_hms(0, b);
  BKS_CHECK_STR(b, "0:00");
  bks_date_hms(3131.4, b);
  BKS_CHECK_STR(b, "52:11");
  bks_date_hms(3723, b);
  BKS_CHECK_STR(b, "1:02:03");
  bks_date_hms(-1, b);
  BKS_CHECK_STR(b, "-");
  bks_date_hms(0.0 / 0.0, b);
  BKS_CHECK_STR(b, "-");
}

// the day of Unix time `t` in zone `tz` as "YYYY-MM-DD"
static void local_day(const char *tz, int64_t t, char out[16]) {
  bks_date_use_tz(tz);
  bks_date_format(bks_date_day_local(t), out);
}

static int64_t utc(int y, unsigned m, unsigned d, int hh, int mm) {
  return bks_date_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60;
}

// the runner's calendar: the same instant is on different days in different zones, around
// midnight and across a change to summer time (the zones come with the system's tzdata)
BKS_TEST(runner_days_in_three_zones) {
  FILE *f = fopen("/usr/share/zoneinfo/Pacific/Kiritimati", "rb");
  if (!f) BKS_SKIP("no tzdata (/usr/share/zoneinfo)");
  fclose(f);
  char d[16], iso[40];
  // 21:44Z on 2026-12-04 is already 2026-12-05 at UTC+14
  local_day("UTC", utc(2026, 12, 4, 21, 44), d);
  BKS_CHECK_STR(d, "2026-12-04");
  local_day("Pacific/Kiritimati", utc(2026, 12, 4, 21, 44), d);
  BKS_CHECK_STR(d, "2026-12-05");
  local_day("Pacific/Kiritimati", utc(2026, 12, 4, 9, 59), d);
  BKS_CHECK_STR(d, "2026-12-04");
  local_day("Pacific/Kiritimati", utc(2026, 12, 4, 10, 0), d);
  BKS_CHECK_STR(d, "2026-12-05");
  bks_date_iso_local(utc(2026, 12, 4, 21, 44), iso);
  BKS_CHECK_STR(iso, "2026-12-05T11:44:00+14:00");
  // Los Angeles: midnight is 08:00Z in winter (PST) and 07:00Z in summer (PDT); summer time
  // began at 02:00 on 2026-03-08
  local_day("America/Los_Angeles", utc(2026, 3, 8, 7, 59), d);
  BKS_CHECK_STR(d, "2026-03-07");
  local_day("America/Los_Angeles", utc(2026, 3, 8, 8, 0), d);
  BKS_CHECK_STR(d, "2026-03-08");
  local_day("America/Los_Angeles", utc(2026, 3, 9, 6, 59), d);
  BKS_CHECK_STR(d, "2026-03-08");
  local_day("America/Los_Angeles", utc(2026, 3, 9, 7, 0), d);
  BKS_CHECK_STR(d, "2026-03-09");
  bks_date_iso_local(utc(2026, 3, 8, 7, 59), iso);
  BKS_CHECK_STR(iso, "2026-03-07T23:59:00-08:00");
  bks_date_iso_local(utc(2026, 3, 9, 7, 0), iso);
  BKS_CHECK_STR(iso, "2026-03-09T00:00:00-07:00");
  BKS_CHECK_EQ_INT(bks_date_utc_offset(utc(2026, 3, 9, 7, 0)), -7 * 3600);
  // a zone with a half-hour offset
  bks_date_use_tz("Asia/Kolkata");
  bks_date_iso_local(utc(2026, 1, 1, 18, 29), iso);
  BKS_CHECK_STR(iso, "2026-01-01T23:59:00+05:30");
  bks_date_use_tz("UTC");
}

BKS_TEST_MAIN(BKS_CASE(runner_days_in_three_zones), BKS_CASE(known_dates),
              BKS_CASE(round_trip_every_day), BKS_CASE(leap_years),
              BKS_CASE(refuses_what_is_not_a_date), BKS_CASE(iso_utc_agrees_with_gmtime),
              BKS_CASE(hms))
