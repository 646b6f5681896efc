// Editing the profile field by field (`profile set`): what is not given is kept, conditions are
// added and removed one by one, and the store records when and from where each field changed.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/app.h"
#include "backstride/date.h"
#include "backstride/units.h"
#include "backstride/store.h"

void bks_profile_edit_init(bks_profile_edit *e) {
  memset(e, 0, sizeof *e);
  e->mass_kg = e->height_m = e->age_y = NAN;
  e->experience_y = e->runs_per_week = e->weekly_km = e->weekly_minutes = NAN;
  e->strength_per_week = NAN;
}

int bks_tz_known(const char *name) {
  if (!name || !*name || name[0] == '/' || strlen(name) > 63 || strstr(name, "..")) return 0;
  for (const char *c = name; *c; c++) {
    if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
          *c == '/' || *c == '_' || *c == '-' || *c == '+')) {
      return 0;
    }
  }
  // a compiled zone file starts with "TZif" (RFC 8536); "posixrules" and the like are not zones
  const char *dir = getenv("TZDIR");
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  char magic[4] = {0};
  size_t got = fread(magic, 1, 4, f);
  fclose(f);
  return got == 4 && memcmp(magic, "TZif", 4) == 0;
}

// NaN keeps the field, -INFINITY clears it, anything else replaces it
void bks_library_use_prefs(const char *path) {
  char def[4096], tz[64], units[8];
  if (!path) {
    if (bks_store_default_path(def, sizeof def) < 0) return;
    path = def;
  }
  if (bks_store_peek_prefs(path, tz, sizeof tz, units, sizeof units) < 0) return;
  if (tz[0] && bks_tz_known(tz)) bks_date_use_tz(tz);
  bks_units_use(units);
}

static void keep_or(double *field, double given) {
  if (given == -INFINITY) {
    *field = NAN;
  } else if (given == given) {
    *field = given;
  }
}

int bks_library_profile_update(bks_store *s, const bks_profile_edit *e, const char *source,
                               bks_profile *out, char *err, size_t err_sz) {
  bks_profile p;
  int rc = bks_store_profile_get(s, &p);
  if (rc < 0) return rc;
  if (!p.set) {
    char missing[80] = "";
    size_t len = 0;
    const struct {
      int absent;
      const char *opt;
    } need[] = {{!(e->mass_kg == e->mass_kg), "--mass"},
                {!(e->height_m == e->height_m), "--height"},
                {!(e->age_y == e->age_y), "--age"},
                {!e->sex, "--sex"}};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
      if (!need[i].absent) continue;
      int w = snprintf(missing + len, sizeof missing - len, "%s%s", len ? ", " : "", need[i].opt);
      if (w > 0 && (size_t)w < sizeof missing - len) len += (size_t)w;
    }
    if (len) {
      bks_set_err(err, err_sz,
                  "no profile is stored yet: the first 'profile set' needs --mass, --height, "
                  "--age and --sex (missing: %s)",
                  missing);
      return BKS_E_INVAL;
    }
    p.set = 1;
  }
  keep_or(&p.mass_kg, e->mass_kg);
  keep_or(&p.height_m, e->height_m);
  keep_or(&p.age_y, e->age_y);
  if (e->sex) p.sex = e->sex;
  if (e->replace_conditions) p.conditions = 0;
  p.conditions = (p.conditions | e->add_conditions) & ~e->remove_conditions;
  keep_or(&p.experience_y, e->experience_y);
  keep_or(&p.runs_per_week, e->runs_per_week);
  keep_or(&p.weekly_km, e->weekly_km);
  keep_or(&p.weekly_minutes, e->weekly_minutes);
  keep_or(&p.strength_per_week, e->strength_per_week);
  if (e->tz) {
    if (e->tz[0] && !bks_tz_known(e->tz)) {
      bks_set_err(err, err_sz,
                  "unknown time zone '%s': give an IANA name such as Europe/London or "
                  "America/Los_Angeles (see /usr/share/zoneinfo), or 'system'",
                  e->tz);
      return BKS_E_INVAL;
    }
    snprintf(p.tz, sizeof p.tz, "%s", e->tz);
  }
  if (e->units) {
    if (strcmp(e->units, "km") != 0 && strcmp(e->units, "mi") != 0) {
      bks_set_err(err, err_sz, "units must be km or mi, not '%s'", e->units);
      return BKS_E_INVAL;
    }
    snprintf(p.units, sizeof p.units, "%s", e->units);
  }
  rc = bks_store_profile_set(s, &p, source);
  if (rc == BKS_OK && out) *out = p;
  return rc;
}
