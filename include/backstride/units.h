// backstride — distances and paces as the runner reads them: kilometres or miles (the profile's
// `--units`). Text only: JSON and the library keep SI units. The choice is process-wide, like the
// runner's time zone (bks_date_use_tz), and set once at start (bks_library_use_prefs).
#ifndef BKS_UNITS_H
#define BKS_UNITS_H

#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Metres in one statute mile (international yard, 1959). */
#define BKS_METRES_PER_MILE 1609.344

/** Show distances in "mi" (miles) or, for anything else (NULL, "", "km"), kilometres. */
BKS_API void bks_units_use(const char *units);

/** 1 when distances are shown in miles. */
BKS_API int bks_units_miles(void);

/** "km" or "mi". */
BKS_API const char *bks_units_name(void);

/** `metres` in the runner's unit (NaN stays NaN). */
BKS_API double bks_units_dist(double metres);

/** "5:45": the time for one km or mile at `seconds` over `metres`; "-" when it cannot be told. */
BKS_API void bks_units_pace(double seconds, double metres, char buf[32]);

/** The same from a speed [m/s]. */
BKS_API void bks_units_pace_speed(double speed_m_s, char buf[32]);

#ifdef __cplusplus
}
#endif

#endif
