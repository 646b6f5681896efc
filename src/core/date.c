// Days and times (include/backstride/date.h). Howard Hinnant's algorithms
// (http://howardhinnant.github.io/date_algorithms.html): exact for every day number, no tables.
#define _DEFAULT_SOURCE // tm_gmtoff (glibc, BSD)
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backstride/date.h"

int64_t bks_date_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

void bks_date_to_civil(int64_t z, int64_t *y, unsigned *m, unsigned *d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = (unsigned)(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

void bks_date_format(int64_t day, char buf[16]) {
  int64_t y;
  unsigned m, d;
  bks_date_to_civil(day, &y, &m, &d);
  unsigned yy = y < 0 ? 0u : y > 9999 ? 9999u : (unsigned)y;
  snprintf(buf, 16, "%04u-%02u-%02u", yy % 10000u, m % 100u, d % 100u);
}

int bks_date_parse(const char *t, int64_t *day) {
  if (!t || strlen(t) != 10 || t[4] != '-' || t[7] != '-') return -1;
  for (int i = 0; i < 10; i++) {
    if (i != 4 && i != 7 && (t[i] < '0' || t[i] > '9')) return -1;
  }
  int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
  unsigned m = (unsigned)((t[5] - '0') * 10 + (t[6] - '0'));
  unsigned d = (unsigned)((t[8] - '0') * 10 + (t[9] - '0'));
  static const unsigned mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) return -1;
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) return -1;
  *day = bks_date_from_civil(y, m, d);
  return 0;
}

int64_t bks_date_day_utc(int64_t t) { return t >= 0 ? t / 86400 : -((-t + 86399) / 86400); }

int64_t bks_date_monday(int64_t day) {
  int64_t k = (day + 3) % 7; // 1970-01-01 was a Thursday
  if (k < 0) k += 7;
  return day - k;
}

int64_t bks_date_day_local(int64_t t) {
  time_t tt = (time_t)t;
  struct tm tm;
  if (!localtime_r(&tt, &tm)) return bks_date_day_utc(t);
  return bks_date_from_civil((int64_t)tm.tm_year + 1900, (unsigned)tm.tm_mon + 1,
                             (unsigned)tm.tm_mday);
}

int64_t bks_date_today(void) { return bks_date_day_local((int64_t)time(NULL)); }

int64_t bks_date_utc_offset(int64_t t) {
  time_t tt = (time_t)t;
  struct tm tm;
  return localtime_r(&tt, &tm) ? (int64_t)tm.tm_gmtoff : 0;
}

void bks_date_use_tz(const char *name) {
  if (!name || !*name) return;
  setenv("TZ", name, 1);
  tzset();
}

void bks_date_iso_local(int64_t t, char buf[40]) {
  time_t tt = (time_t)t;
  struct tm tm;
  if (!localtime_r(&tt, &tm) || strftime(buf, 40, "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
    snprintf(buf, 40, "%lld", (long long)t);
    return;
  }
  long off = tm.tm_gmtoff, a = off < 0 ? -off : off;
  size_t n = strlen(buf);
  snprintf(buf + n, 40 - n, "%c%02ld:%02ld", off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

void bks_date_iso_utc(int64_t t, char buf[32]) {
  time_t tt = (time_t)t;
  struct tm tm;
  if (!gmtime_r(&tt, &tm) || strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
    snprintf(buf, 32, "%lld", (long long)t);
  }
}

void bks_date_hms(double seconds, char buf[32]) {
  if (!isfinite(seconds) || seconds < 0) {
    snprintf(buf, 32, "-");
    return;
  }
  long s = lround(seconds);
  if (s >= 3600) {
    snprintf(buf, 32, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  } else {
    snprintf(buf, 32, "%ld:%02ld", s / 60, s % 60);
  }
}
