// Kilometres or miles for text (include/backstride/units.h).
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "backstride/date.h"
#include "backstride/units.h"

static int miles; // set once at start, before any thread

void bks_units_use(const char *units) { miles = units && strcmp(units, "mi") == 0; }

int bks_units_miles(void) { return miles; }

const char *bks_units_name(void) { return miles ? "mi" : "km"; }

double bks_units_dist(double metres) { return metres / (miles ? BKS_METRES_PER_MILE : 1000.0); }

void bks_units_pace(double seconds, double metres, char buf[32]) {
  double d = bks_units_dist(metres);
  // under 100 m a pace is noise
  if (!(metres > 100) || !(seconds > 0) || !isfinite(d)) {
    snprintf(buf, 32, "-");
    return;
  }
  bks_date_hms(seconds / d, buf);
}

void bks_units_pace_speed(double speed_m_s, char buf[32]) {
  if (!(speed_m_s > 0) || !isfinite(speed_m_s)) {
    snprintf(buf, 32, "-");
    return;
  }
  bks_date_hms((miles ? BKS_METRES_PER_MILE : 1000.0) / speed_m_s, buf);
}
