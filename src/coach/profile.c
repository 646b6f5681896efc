// The profile's defaults and what the weekly routine implies.
#include <math.h>
#include <string.h>

#include "backstride/coach.h"

void bks_coach_profile_init(bks_coach_profile *p) {
  memset(p, 0, sizeof *p);
  p->mass_kg = p->height_m = p->age_y = NAN;
  p->experience_y = p->runs_per_week = p->weekly_km = p->weekly_minutes = NAN;
  p->strength_per_week = NAN;
}

double bks_coach_routine_run_minutes(const bks_coach_profile *p) {
  if (!p->set || !(p->weekly_minutes > 0) || !(p->runs_per_week > 0)) return NAN;
  return p->weekly_minutes / p->runs_per_week;
}
