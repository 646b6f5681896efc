// backstride — days and times as the library counts them: a day is a whole number of days since
// 1970-01-01 (UTC), a time is Unix seconds. Proleptic Gregorian calendar (Howard Hinnant's
// civil-from-days algorithms), so any int64 day has a date.
#ifndef BKS_DATE_H
#define BKS_DATE_H

#include <stdint.h>

#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The day number of year `y`, month `m` (1-12), day `d` (1-31). No range check. */
BKS_API int64_t bks_days_from_civil(int64_t y, unsigned m, unsigned d);

/** The date of day number `day`. */
BKS_API void bks_civil_from_days(int64_t day, int64_t *y, unsigned *m, unsigned *d);

/** Day number of "YYYY-MM-DD", a real calendar date from 1900 on. Returns 0, or -1 when invalid
 * (`*day` untouched). Nullable: text. */
BKS_API int bks_day_parse(const char *text, int64_t *day);

/** "YYYY-MM-DD" of a day number (years outside 0-9999 are clamped). */
BKS_API void bks_day_format(int64_t day, char buf[16]);

/** The UTC day of Unix time `t` (floor: a time before 1970 is on its own day). */
BKS_API int64_t bks_day_of(int64_t t);

/** The Monday on or before day `day` (weeks run Monday to Sunday, ISO 8601). */
BKS_API int64_t bks_day_monday(int64_t day);

/** Today's day number, UTC, from the system clock. */
BKS_API int64_t bks_day_today(void);

/** "2026-09-06T07:30:00Z" of Unix time `t`; the bare number when the system cannot convert it. */
BKS_API void bks_time_iso_utc(int64_t t, char buf[32]);

/** "1:02:03", or "52:11" under an hour; "-" when `seconds` is negative or not finite. */
BKS_API void bks_time_hms(double seconds, char buf[32]);

#ifdef __cplusplus
}
#endif

#endif
