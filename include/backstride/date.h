// backstride — days and times as the library counts them: a day is a whole number of days since
// 1970-01-01 (a calendar date: the runner's days are dates in their time zone), a time is Unix
// seconds. Proleptic Gregorian calendar (Howard Hinnant's
// civil-from-days algorithms), so any int64 day has a date.
#ifndef BKS_DATE_H
#define BKS_DATE_H

#include <stdint.h>

#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The day number of year `y`, month `m` (1-12), day `d` (1-31). No range check. */
BKS_API int64_t bks_date_from_civil(int64_t y, unsigned m, unsigned d);

/** The date of day number `day`. */
BKS_API void bks_date_to_civil(int64_t day, int64_t *y, unsigned *m, unsigned *d);

/** Day number of "YYYY-MM-DD", a real calendar date from 1900 on. Returns 0, or -1 when invalid
 * (`*day` untouched). Nullable: text. */
BKS_API int bks_date_parse(const char *text, int64_t *day);

/** "YYYY-MM-DD" of a day number (years outside 0-9999 are clamped). */
BKS_API void bks_date_format(int64_t day, char buf[16]);

/** The UTC day of Unix time `t` (floor: a time before 1970 is on its own day). */
BKS_API int64_t bks_date_day_utc(int64_t t);

/** The Monday on or before day `day` (weeks run Monday to Sunday, ISO 8601). */
BKS_API int64_t bks_date_monday(int64_t day);

/**
 * The runner's day of Unix time `t`: the date in the process's time zone (TZ, set from the
 * profile's zone by bks_date_use_tz, else the system's). DST-correct: each time gets its own offset.
 */
BKS_API int64_t bks_date_day_local(int64_t t);

/** Today's day number in the runner's time zone, from the system clock. */
BKS_API int64_t bks_date_today(void);

/** Seconds east of UTC in the runner's time zone at Unix time `t`. */
BKS_API int64_t bks_date_utc_offset(int64_t t);

/**
 * Count days in time zone `name` (an IANA name, e.g. "Europe/Oslo") from now on, for the whole
 * process. NULL or "" keeps the system's zone. Not thread-safe: call it before starting threads.
 */
BKS_API void bks_date_use_tz(const char *name);

/** "2026-09-06T09:30:00+02:00": Unix time `t` in the runner's time zone, with its offset. */
BKS_API void bks_date_iso_local(int64_t t, char buf[40]);

/** "2026-09-06T07:30:00Z" of Unix time `t`; the bare number when the system cannot convert it. */
BKS_API void bks_date_iso_utc(int64_t t, char buf[32]);

/** "1:02:03", or "52:11" under an hour; "-" when `seconds` is negative or not finite. */
BKS_API void bks_date_hms(double seconds, char buf[32]);

#ifdef __cplusplus
}
#endif

#endif
