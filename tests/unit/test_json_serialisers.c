// The serialisers of src/report/json_*.c, each on a hand-made value with the exact document it
// must give (the golden outputs check them again on the example library): null for NaN, the
// vocabularies by name, the profile's zone and units, a shoe's replacement flag, a day's flags.
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "backstride/coach.h"
#include "backstride/json.h"
#include "backstride/load.h"
#include "harness.h"

static char doc[4096];

#define WRITE(call)                                                                                \
  do {                                                                                             \
    bks_buf b;                                                                                     \
    bks_buf_init(&b);                                                                              \
    bks_json w;                                                                                    \
    bks_json_init(&w, &b);                                                                         \
    call;                                                                                          \
    int ok_ = bks_json_finish(&w) == BKS_OK;                                                       \
    snprintf(doc, sizeof doc, "%.*s", ok_ ? (int)b.len : 3, ok_ ? (const char *)b.data : "ERR");   \
    bks_buf_deinit(&b);                                                                            \
  } while (0)

BKS_TEST(profile) {
  bks_profile p;
  bks_profile_init(&p);
  p.set = 1;
  p.mass_kg = 68;
  p.height_m = 1.7;
  p.age_y = 41;
  p.sex = 'f';
  p.conditions = BKS_COND_HERNIATED_DISC | BKS_COND_PAST_BACK_PAIN;
  p.runs_per_week = 3;
  WRITE(bks_json_profile(&w, &p));
  BKS_CHECK_STR(doc,
                "{\"mass_kg\":68,\"height_m\":1.7,\"age_y\":41,\"sex\":\"f\",\"bmi\":23.5,"
                "\"conditions\":[\"herniated_disc\",\"past_back_pain\"],"
                "\"experience_years\":null,\"routine\":{\"runs_per_week\":3,\"weekly_km\":null,"
                "\"weekly_minutes\":null,\"strength_per_week\":null},\"tz\":null,"
                "\"tz_source\":\"system\",\"units\":\"km\"}");
  snprintf(p.tz, sizeof p.tz, "Europe/Oslo");
  snprintf(p.units, sizeof p.units, "mi");
  bks_profile_change ch = {"mass_kg", "68", "command line", "2026-12-05T06:00:00Z"};
  WRITE(bks_json_profile_changes(&w, &p, &ch, 1));
  BKS_CHECK(strstr(doc, "\"tz\":\"Europe/Oslo\",\"tz_source\":\"profile\",\"units\":\"mi\"") !=
            NULL);
  BKS_CHECK(strstr(doc, "\"changes\":{\"mass_kg\":{\"at\":\"2026-12-05T06:00:00Z\",\"source\":"
                        "\"command line\",\"value\":\"68\"}}}") != NULL);
}

BKS_TEST(shoe) {
  bks_shoe s = {.id = 7,
                .name = "Road",
                .start_day = 20454,
                .retired_day = -1,
                .distance_m = 512345,
                .runs = 48,
                .is_default = 1};
  WRITE(bks_json_shoe(&w, &s));
  BKS_CHECK_STR(doc, "{\"id\":7,\"name\":\"Road\",\"start\":\"2026-01-01\",\"retired\":null,"
                     "\"distance_km\":512.3,\"runs\":48,\"replace\":true,\"default\":true}");
  s.retired_day = 20500;
  WRITE(bks_json_shoe(&w, &s));
  BKS_CHECK(strstr(doc, "\"retired\":\"2026-02-16\"") && strstr(doc, "\"replace\":false"));
}

BKS_TEST(day_load_flags_by_name) {
  bks_day_load d = {.load = 100,
                    .ewma_acute = 1,
                    .ewma_chronic = 2,
                    .acwr_ewma = NAN,
                    .acwr_uncoupled = NAN,
                    .monotony = NAN,
                    .strain = NAN,
                    .flags = BKS_DAY_RETURN | BKS_DAY_SHORT_HISTORY};
  WRITE(bks_json_day_load(&w, 20454, &d));
  BKS_CHECK_STR(doc, "{\"day\":\"2026-01-01\",\"load\":100,\"acwr_ewma\":null,"
                     "\"acwr_uncoupled\":null,\"monotony\":null,\"strain\":null,"
                     "\"flags\":[\"short_history\",\"return\"]}");
}

BKS_TEST(referral) {
  WRITE(bks_json_referral(&w, BKS_REFER_NONE, ""));
  BKS_CHECK_STR(doc, "null");
  WRITE(bks_json_referral(&w, BKS_REFER_URGENT, "see a doctor"));
  BKS_CHECK_STR(doc, "{\"level\":\"urgent\",\"reason\":\"see a doctor\"}");
}

BKS_TEST_MAIN(BKS_CASE(profile), BKS_CASE(shoe), BKS_CASE(day_load_flags_by_name),
              BKS_CASE(referral))
