// TCX reader: every rule on small documents written here, then every .tcx under ../shared/data.
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "backstride/buf.h"
#include "backstride/io.h"
#include "harness.h"
#include "io/xmltrack.h"

// 2019-06-15T09:42:23Z
#define T0 1560591743.0
#define M_PER_DEG (6371008.8 * 3.14159265358979323846 / 180.0)

//---- helpers ----

static void put(bks_buf *b, const char *fmt, ...) BKS_PRINTF(2, 3);
static void put(bks_buf *b, const char *fmt, ...) {
  char tmp[2048];
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (k > 0) bks_buf_append(b, tmp, (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1);
}

static void iso(char *out, size_t sz, double t) {
  time_t s = (time_t)t;
  struct tm tm;
  gmtime_r(&s, &tm);
  strftime(out, sz, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *HEAD =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\"\n"
    " xmlns:ns3=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\">\n<Activities>\n";
static const char *TAIL = "</Activities>\n</TrainingCenterDatabase>\n";

// one Activity (Sport attribute `sport`, NULL: none) of one lap with `n` trackpoints, one per
// second from `t0`, heading north at `speed` m/s; `ext` (NULL: none) is a per-point snippet
// formatted with (cad)
static void put_activity(bks_buf *b, const char *sport, double t0, int n, double speed,
                         const char *ext, int cad) {
  char ts[32];
  iso(ts, sizeof ts, t0);
  if (sport) {
    put(b, "<Activity Sport=\"%s\">\n", sport);
  } else {
    put(b, "<Activity>\n");
  }
  put(b,
      "<Id>%s</Id>\n<Lap StartTime=\"%s\"><TotalTimeSeconds>%d</TotalTimeSeconds>"
      "<DistanceMeters>%.1f</DistanceMeters><Track>\n",
      ts, ts, n, (n - 1) * speed);
  for (int i = 0; i < n; i++) {
    iso(ts, sizeof ts, t0 + i);
    put(b,
        "<Trackpoint><Time>%s</Time><Position><LatitudeDegrees>%.8f</LatitudeDegrees>"
        "<LongitudeDegrees>8.5</LongitudeDegrees></Position>"
        "<AltitudeMeters>%d</AltitudeMeters><DistanceMeters>%.2f</DistanceMeters>"
        "<HeartRateBpm><Value>%d</Value></HeartRateBpm>",
        ts, 47.0 + i * speed / M_PER_DEG, 300 + i % 5, i * speed, 140 + i % 3);
    // ext is a template from this file's own cases, with the arguments its comment names
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    if (ext) put(b, ext, cad);
#pragma GCC diagnostic pop
    put(b, "</Trackpoint>\n");
  }
  put(b, "</Track></Lap>\n<Creator><Name>Forerunner 945</Name></Creator>\n</Activity>\n");
}

static void make_tcx(bks_buf *b, const char *sport, int n, double speed, const char *ext, int cad) {
  bks_buf_init(b);
  put(b, "%s", HEAD);
  put_activity(b, sport, T0, n, speed, ext, cad);
  put(b, "%s", TAIL);
}

static int read_str(const char *doc, bks_read_result *r) {
  return bks_read_tcx((const uint8_t *)doc, strlen(doc), "test.tcx", r);
}

static int read_buf(const bks_buf *b, bks_read_result *r) {
  return bks_read_tcx(b->data, b->len, "test.tcx", r);
}

static int has_warning(const bks_activity *a, const char *s) {
  for (unsigned i = 0; i < a->nwarnings && i < BKS_ACTIVITY_MAX_WARNINGS; i++) {
    if (strstr(a->warnings[i], s)) return 1;
  }
  return 0;
}

static const char *TPX = "<Extensions><ns3:TPX><ns3:Speed>3.05</ns3:Speed>"
                         "<ns3:RunCadence>%d</ns3:RunCadence><ns3:Watts>250</ns3:Watts>"
                         "</ns3:TPX></Extensions>";

//---- what is read ----

BKS_TEST(running_activity) {
  bks_buf b;
  make_tcx(&b, "Running", 120, 3.0, TPX, 86);
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  BKS_CHECK_EQ_INT(r.nskipped, 0);
  if (r.nact == 1) {
    bks_activity *a = &r.act[0];
    BKS_CHECK_STR(a->format, "tcx");
    BKS_CHECK_STR(a->sport_name, "Running");
    BKS_CHECK_STR(a->device, "Forerunner 945");
    BKS_CHECK_EQ_INT(a->sport, BKS_SPORT_RUNNING);
    BKS_CHECK_EQ_INT(a->sport_guessed, 0);
    BKS_CHECK_EQ_INT(a->n, 120);
    BKS_CHECK_EQ_INT(a->start_utc, (int64_t)T0);
    BKS_CHECK_NEAR(a->duration_s, 119, 1e-9);
    BKS_CHECK_NEAR(a->timer_s, 120, 1e-9);
    BKS_CHECK_NEAR(a->distance_m, 119 * 3.0, 1e-6);
    BKS_CHECK(a->ch[BKS_CH_DISTANCE] && a->ch[BKS_CH_DISTANCE][10] == 30);
    BKS_CHECK(a->ch[BKS_CH_SPEED] && a->ch[BKS_CH_SPEED][10] == 3.05);
    BKS_CHECK(a->ch[BKS_CH_HEART_RATE] && a->ch[BKS_CH_HEART_RATE][1] == 141);
    BKS_CHECK(a->ch[BKS_CH_ALTITUDE] && a->ch[BKS_CH_ALTITUDE][2] == 302);
    BKS_CHECK(a->ch[BKS_CH_POWER] && a->ch[BKS_CH_POWER][0] == 250);
    BKS_CHECK(a->ch[BKS_CH_LAT] && a->ch[BKS_CH_LON] && a->ch[BKS_CH_LON][3] == 8.5);
    // RunCadence is one foot: doubled
    BKS_CHECK(a->ch[BKS_CH_CADENCE] && a->ch[BKS_CH_CADENCE][5] == 172);
    BKS_CHECK(has_warning(a, "TCX RunCadence is strides/min"));
    // the file has distance and speed: nothing derived
    BKS_CHECK(!has_warning(a, "derived"));
    BKS_CHECK_EQ_INT(a->nlaps, 1);
    if (a->nlaps == 1) {
      BKS_CHECK_NEAR(a->laps[0].start_s, 0, 1e-9);
      BKS_CHECK_NEAR(a->laps[0].timer_s, 120, 1e-9);
      BKS_CHECK_NEAR(a->laps[0].distance_m, 357, 1e-9);
      BKS_CHECK_NEAR(a->laps[0].elapsed_s, 120, 1e-9);
    }
  }
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
}

BKS_TEST(runcadence_already_doubled_kept) {
  bks_buf b;
  make_tcx(&b, "Running", 60, 3.0, TPX, 174);
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    BKS_CHECK(r.act[0].ch[BKS_CH_CADENCE][5] == 174);
    BKS_CHECK(has_warning(&r.act[0], "already steps/min"));
  }
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
}

BKS_TEST(trackpoint_cadence_in_a_run) {
  // <Cadence> is bike cadence in the schema; Polar writes running cadence there: the GPX rule
  bks_buf b;
  make_tcx(&b, "Running", 60, 3.0, "<Cadence>%d</Cadence>", 84);
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    BKS_CHECK(r.act[0].ch[BKS_CH_CADENCE][5] == 168);
    BKS_CHECK(has_warning(&r.act[0], "TCX Cadence taken as strides/min"));
  }
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
}

//---- sport ----

BKS_TEST(biking_and_other_skipped) {
  static const char *const sports[] = {"Biking", "Other"};
  for (int k = 0; k < 2; k++) {
    bks_buf b;
    make_tcx(&b, sports[k], 60, 8.0, NULL, 0);
    bks_read_result r;
    BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_OK);
    BKS_CHECK_EQ_INT(r.nact, 0);
    BKS_CHECK_EQ_INT(r.nskipped, 1);
    char want[64];
    snprintf(want, sizeof want, "sport '%s' is not running", sports[k]);
    BKS_CHECK_STR(r.skip_reason, want);
    bks_read_result_deinit(&r);
    bks_buf_deinit(&b);
  }
}

BKS_TEST(multisport_keeps_running_legs) {
  bks_buf b;
  bks_buf_init(&b);
  put(&b, "%s", HEAD);
  put_activity(&b, "Biking", T0, 60, 8.0, NULL, 0);
  put_activity(&b, "Running", T0 + 100, 90, 3.0, TPX, 85);
  put_activity(&b, "running", T0 + 300, 70, 3.5, NULL, 0);
  put(&b, "%s", TAIL);
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 2);
  BKS_CHECK_EQ_INT(r.nskipped, 1);
  BKS_CHECK_STR(r.skip_reason, "sport 'Biking' is not running");
  if (r.nact == 2) {
    BKS_CHECK_EQ_INT(r.act[0].start_utc, (int64_t)T0 + 100);
    BKS_CHECK_EQ_INT(r.act[0].n, 90);
    BKS_CHECK_EQ_INT(r.act[1].start_utc, (int64_t)T0 + 300);
    BKS_CHECK_EQ_INT(r.act[1].n, 70);
    // each leg has its own channels: the second has no cadence
    BKS_CHECK(r.act[0].ch[BKS_CH_CADENCE] != NULL);
    BKS_CHECK(r.act[1].ch[BKS_CH_CADENCE] == NULL);
    BKS_CHECK(has_warning(&r.act[1], "1 other activity in the file skipped"));
  }
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);

  // the Garmin multisport layout: Multisport/MultiSportSession/FirstSport|NextSport/Activity
  static const char doc[] =
      "<TrainingCenterDatabase "
      "xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\">"
      "<Activities><MultiSportSession><Id>2019-06-15T09:42:23Z</Id>"
      "<FirstSport><Activity Sport=\"Biking\"><Lap StartTime=\"2019-06-15T09:42:23Z\"><Track>"
      "<Trackpoint><Time>2019-06-15T09:42:23Z</Time></Trackpoint>"
      "<Trackpoint><Time>2019-06-15T09:42:24Z</Time></Trackpoint></Track></Lap></Activity>"
      "</FirstSport><NextSport><Transition/><Activity Sport=\"Running\">"
      "<Lap StartTime=\"2019-06-15T10:00:00Z\"><Track>"
      "<Trackpoint><Time>2019-06-15T10:00:00Z</Time><DistanceMeters>0</DistanceMeters>"
      "</Trackpoint>"
      "<Trackpoint><Time>2019-06-15T10:00:10Z</Time><DistanceMeters>30</DistanceMeters>"
      "</Trackpoint></Track></Lap></Activity></NextSport></MultiSportSession></Activities>"
      "</TrainingCenterDatabase>";
  BKS_CHECK_EQ_INT(read_str(doc, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  BKS_CHECK_EQ_INT(r.nskipped, 1);
  if (r.nact == 1) BKS_CHECK_NEAR(r.act[0].distance_m, 30, 1e-9);
  bks_read_result_deinit(&r);
}

BKS_TEST(no_sport_guessed) {
  bks_buf b;
  make_tcx(&b, NULL, 300, 3.0, NULL, 0);
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) BKS_CHECK_EQ_INT(r.act[0].sport_guessed, 1);
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
  make_tcx(&b, NULL, 300, 9.0, NULL, 0);
  BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 0);
  BKS_CHECK(strstr(r.skip_reason, "is not running") != NULL);
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
}

//---- no times, courses ----

BKS_TEST(no_times_and_courses_skipped) {
  static const char untimed[] =
      "<TrainingCenterDatabase><Activities><Activity Sport=\"Running\"><Lap><Track>"
      "<Trackpoint><DistanceMeters>1</DistanceMeters></Trackpoint>"
      "<Trackpoint><DistanceMeters>2</DistanceMeters></Trackpoint>"
      "</Track></Lap></Activity></Activities></TrainingCenterDatabase>";
  static const char course[] = "<TrainingCenterDatabase><Courses><Course><Name>x</Name><Track>"
                               "<Trackpoint><Time>2010-01-01T00:00:00Z</Time></Trackpoint>"
                               "<Trackpoint><Time>2010-01-01T00:00:09Z</Time></Trackpoint>"
                               "</Track></Course></Courses></TrainingCenterDatabase>";
  static const char empty[] = "<TrainingCenterDatabase><Activities/></TrainingCenterDatabase>";
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(untimed, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 0);
  BKS_CHECK_EQ_INT(r.nskipped, 1);
  BKS_CHECK_STR(r.skip_reason, "running activity without timed track points");
  bks_read_result_deinit(&r);
  BKS_CHECK_EQ_INT(read_str(course, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 0);
  BKS_CHECK(strstr(r.skip_reason, "only courses") != NULL);
  bks_read_result_deinit(&r);
  BKS_CHECK_EQ_INT(read_str(empty, &r), BKS_OK);
  BKS_CHECK_STR(r.skip_reason, "no activities");
  bks_read_result_deinit(&r);
}

//---- segments and distances ----

BKS_TEST(pause_track_is_a_segment) {
  // positions only: distance derived, not counted across the second Track of the lap (a pause),
  // but counted across the next lap's Track
  static const char doc[] =
      "<TrainingCenterDatabase><Activities><Activity Sport=\"Running\">"
      "<Lap StartTime=\"2019-06-15T09:42:23Z\"><Track>"
      "<Trackpoint><Time>2019-06-15T09:42:23Z</Time><Position><LatitudeDegrees>47.000"
      "</LatitudeDegrees><LongitudeDegrees>8</LongitudeDegrees></Position></Trackpoint>"
      "<Trackpoint><Time>2019-06-15T09:43:00Z</Time><Position><LatitudeDegrees>47.001"
      "</LatitudeDegrees><LongitudeDegrees>8</LongitudeDegrees></Position></Trackpoint>"
      "</Track><Track>"
      "<Trackpoint><Time>2019-06-15T09:50:00Z</Time><Position><LatitudeDegrees>47.010"
      "</LatitudeDegrees><LongitudeDegrees>8</LongitudeDegrees></Position></Trackpoint>"
      "</Track></Lap>"
      "<Lap StartTime=\"2019-06-15T09:50:01Z\"><Track>"
      "<Trackpoint><Time>2019-06-15T09:50:37Z</Time><Position><LatitudeDegrees>47.011"
      "</LatitudeDegrees><LongitudeDegrees>8</LongitudeDegrees></Position></Trackpoint>"
      "</Track></Lap></Activity></Activities></TrainingCenterDatabase>";
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(doc, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    bks_activity *a = &r.act[0];
    BKS_CHECK_EQ_INT(a->n, 4);
    double d = a->ch[BKS_CH_DISTANCE] ? a->ch[BKS_CH_DISTANCE][3] : NAN;
    BKS_CHECK_NEAR(d, 2 * 0.001 * M_PER_DEG, 0.01);
    BKS_CHECK(has_warning(a, "distance derived from positions"));
    BKS_CHECK_EQ_INT(a->nlaps, 2);
    // laps without TotalTimeSeconds: the timer is unknown
    BKS_CHECK(isnan(a->timer_s));
    if (a->nlaps == 2) {
      BKS_CHECK_NEAR(a->laps[0].elapsed_s, 458, 1e-9);
      BKS_CHECK_NEAR(a->laps[1].start_s, 458, 1e-9);
      BKS_CHECK_NEAR(a->laps[1].elapsed_s, 36, 1e-9);
    }
  }
  bks_read_result_deinit(&r);
}

BKS_TEST(distance_counter_carried_over) {
  // Garmin's 310XT: the first distance is the device's running total; start at 0 there
  static const char doc[] =
      "<TrainingCenterDatabase><Activities><Activity Sport=\"Running\"><Lap><Track>"
      "<Trackpoint><Time>2019-06-15T09:42:23Z</Time></Trackpoint>"
      "<Trackpoint><Time>2019-06-15T09:42:30Z</Time><DistanceMeters>42013.9</DistanceMeters>"
      "</Trackpoint>"
      "<Trackpoint><Time>2019-06-15T09:42:40Z</Time><DistanceMeters>42043.9</DistanceMeters>"
      "</Trackpoint></Track></Lap></Activity></Activities></TrainingCenterDatabase>";
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(doc, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    bks_activity *a = &r.act[0];
    BKS_CHECK(isnan(a->ch[BKS_CH_DISTANCE][0]));
    BKS_CHECK_NEAR(a->ch[BKS_CH_DISTANCE][1], 0, 1e-9);
    BKS_CHECK_NEAR(a->ch[BKS_CH_DISTANCE][2], 30, 1e-9);
    BKS_CHECK(has_warning(a, "starts at 42013.9 m"));
  }
  bks_read_result_deinit(&r);
}

//---- namespaces ----

BKS_TEST(prefixed_document) {
  static const char doc[] =
      "<t:TrainingCenterDatabase xmlns:t=\"http://www.garmin.com/xmlschemas/"
      "TrainingCenterDatabase/v2\" "
      "xmlns:x=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\">"
      "<t:Activities><t:Activity t:Sport=\"Running\"><t:Lap><t:Track>"
      "<t:Trackpoint><t:Time>2019-06-15T09:42:23Z</t:Time><t:HeartRateBpm><t:Value>150</t:Value>"
      "</t:HeartRateBpm><t:Extensions><x:TPX><x:RunCadence>80</x:RunCadence></x:TPX>"
      "</t:Extensions></t:Trackpoint>"
      "<t:Trackpoint><t:Time>2019-06-15T09:42:24Z</t:Time></t:Trackpoint>"
      "</t:Track></t:Lap></t:Activity></t:Activities></t:TrainingCenterDatabase>";
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(doc, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    BKS_CHECK(r.act[0].ch[BKS_CH_HEART_RATE][0] == 150);
    BKS_CHECK(r.act[0].ch[BKS_CH_CADENCE][0] == 160);
  }
  bks_read_result_deinit(&r);
}

//---- damage and hostile input ----

BKS_TEST(malformed_xml_error_with_line) {
  static const char doc[] = "<?xml version=\"1.0\"?>\n"
                            "<TrainingCenterDatabase>\n"
                            "<Activities>\n"
                            "<Activity Sport=\"Running\" Sport=\"Biking\">\n"
                            "</Activity></Activities></TrainingCenterDatabase>\n";
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(doc, &r), BKS_E_CORRUPT);
  BKS_CHECK_EQ_INT(r.err_line, 4);
  BKS_CHECK(strstr(r.err, "line 4, column") != NULL);
  BKS_CHECK(strstr(r.err, "duplicate attribute") != NULL);
  BKS_CHECK_EQ_INT(r.nact, 0);
  bks_read_result_deinit(&r);
  BKS_CHECK_EQ_INT(read_str("<gpx/>", &r), BKS_E_FORMAT);
  BKS_CHECK(strstr(r.err, "not <TrainingCenterDatabase>") != NULL);
  bks_read_result_deinit(&r);
}

BKS_TEST(truncated_document_keeps_runs) {
  // a run, then a second run cut inside its 50th trackpoint
  bks_buf b;
  bks_buf_init(&b);
  put(&b, "%s", HEAD);
  put_activity(&b, "Running", T0, 40, 3.0, TPX, 85);
  size_t second = b.len;
  put_activity(&b, "Running", T0 + 600, 100, 3.0, TPX, 85);
  put(&b, "%s", TAIL);
  const char *cut = (const char *)b.data + second;
  for (int k = 0; k < 50; k++) cut = strstr(cut, "<Trackpoint>") + 1;
  size_t len = (size_t)(cut - (const char *)b.data) + 30;
  bks_read_result r;
  BKS_CHECK_EQ_INT(bks_read_tcx(b.data, len, "cut.tcx", &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.damaged, 1);
  BKS_CHECK(r.err_line > 0);
  BKS_CHECK_EQ_INT(r.nact, 2);
  if (r.nact == 2) {
    BKS_CHECK_EQ_INT(r.act[0].n, 40);
    BKS_CHECK_EQ_INT(r.act[1].n, 49);
    BKS_CHECK(has_warning(&r.act[1], "kept the 49 points"));
    BKS_CHECK_EQ_INT(r.act[1].nlaps, 1);
  }
  bks_read_result_deinit(&r);
  // cut between the two activities (inside the second's Id): the first is kept
  cut = strstr((const char *)b.data + second, "<Id>") + 6;
  BKS_CHECK_EQ_INT(bks_read_tcx(b.data, (size_t)(cut - (const char *)b.data), "cut.tcx", &r),
                   BKS_OK);
  BKS_CHECK_EQ_INT(r.damaged, 1);
  BKS_CHECK_EQ_INT(r.nact, 1);
  bks_read_result_deinit(&r);
  // cut before any trackpoint: an error
  cut = strstr((const char *)b.data, "<Track>");
  BKS_CHECK_EQ_INT(bks_read_tcx(b.data, (size_t)(cut - (const char *)b.data), "cut.tcx", &r),
                   BKS_E_CORRUPT);
  BKS_CHECK_EQ_INT(r.nact, 0);
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
}

BKS_TEST(entities_refused) {
  static const char laughs[] =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE TrainingCenterDatabase [\n"
      " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
      " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
      "]>\n"
      "<TrainingCenterDatabase><Activities><Activity Sport=\"&b;\"/></Activities>"
      "</TrainingCenterDatabase>\n";
  static const char xxe[] =
      "<!DOCTYPE x [<!ENTITY e SYSTEM \"/dev/random\">]><TrainingCenterDatabase>&e;"
      "</TrainingCenterDatabase>";
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(laughs, &r), BKS_E_UNSUPPORTED);
  BKS_CHECK_EQ_INT(r.err_line, 3);
  BKS_CHECK(strstr(r.err, "entity 'a'") != NULL);
  bks_read_result_deinit(&r);
  BKS_CHECK_EQ_INT(read_str(xxe, &r), BKS_E_UNSUPPORTED);
  BKS_CHECK(strstr(r.err, "external entity 'e'") != NULL);
  bks_read_result_deinit(&r);
}

BKS_TEST(deep_nesting_refused) {
  bks_buf b;
  bks_buf_init(&b);
  put(&b, "<TrainingCenterDatabase>\n<Activities><Activity Sport=\"Running\"><Lap><Track>"
          "<Trackpoint>");
  for (int i = 0; i < 70; i++) put(&b, "<Extensions>");
  for (int i = 0; i < 70; i++) put(&b, "</Extensions>");
  put(&b, "</Trackpoint></Track></Lap></Activity></Activities></TrainingCenterDatabase>");
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_E_LIMIT);
  BKS_CHECK_EQ_INT(r.err_line, 2);
  BKS_CHECK(strstr(r.err, "deeper than 64") != NULL);
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
}

BKS_TEST(chunking_does_not_change_the_result) {
  bks_buf b;
  bks_buf_init(&b);
  put(&b, "%s", HEAD);
  put_activity(&b, "Running", T0, 30, 3.0, TPX, 85);
  put_activity(&b, "Biking", T0 + 100, 10, 8.0, NULL, 0);
  put_activity(&b, "Running", T0 + 300, 20, 3.5, NULL, 0);
  put(&b, "%s", TAIL);
  bks_read_result whole;
  BKS_CHECK_EQ_INT(bks__read_tcx_chunked(b.data, b.len, "x", b.len, &whole), BKS_OK);
  BKS_CHECK_EQ_INT(whole.nact, 2);
  static const size_t chunks[] = {1, 3, 64, 1000};
  for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
    bks_read_result r;
    BKS_CHECK_EQ_INT(bks__read_tcx_chunked(b.data, b.len, "x", chunks[c], &r), BKS_OK);
    BKS_CHECK_EQ_INT(r.nact, whole.nact);
    BKS_CHECK_EQ_INT(r.nskipped, whole.nskipped);
    for (size_t k = 0; k < r.nact && k < whole.nact; k++) {
      BKS_CHECK_EQ_INT(r.act[k].n, whole.act[k].n);
      BKS_CHECK(memcmp(r.act[k].t, whole.act[k].t, r.act[k].n * sizeof(double)) == 0);
    }
    bks_read_result_deinit(&r);
  }
  bks_read_result_deinit(&whole);
  bks_buf_deinit(&b);
}

//---- the shared data ----

typedef struct paths {
  char **v;
  size_t n, cap;
} paths;

static int ends_with_ci(const char *s, const char *suf) {
  size_t a = strlen(s), b = strlen(suf);
  return a >= b && bks__xt_eq(s + a - b, suf);
}

static void walk(const char *dir, const char *ext, paths *out) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char p[8192];
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    struct stat st;
    if (stat(p, &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      walk(p, ext, out);
    } else if (ends_with_ci(p, ext)) {
      if (out->n == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 64;
        out->v = realloc(out->v, out->cap * sizeof *out->v);
      }
      out->v[out->n++] = strdup(p);
    }
  }
  closedir(d);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static uint8_t *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  bks_buf b;
  bks_buf_init(&b);
  char tmp[65536];
  size_t k;
  while ((k = fread(tmp, 1, sizeof tmp, f)) > 0) bks_buf_append(&b, tmp, k);
  fclose(f);
  *n = b.len;
  return b.data ? b.data : calloc(1, 1);
}

// the file's outcome for the table; fails the test unless it is one of the three allowed
static void outcome(const char *name, int rc, const bks_read_result *r, size_t *counts) {
  if (rc == BKS_OK && r->nact > 0) {
    counts[0]++;
    const bks_activity *a = &r->act[0];
    printf("%-60s %-8s %zu act, %zu samples, %.0f s, %.0f m%s%s%s%s\n", name, "run", r->nact, a->n,
           a->duration_s, a->distance_m, a->sport_guessed ? ", guessed" : "",
           r->nskipped ? ", skipped: " : "", r->nskipped ? r->skip_reason : "",
           r->damaged ? ", damaged" : "");
    for (size_t k = 0; k < r->nact; k++) {
      BKS_CHECK(r->act[k].n >= 2 && r->act[k].t != NULL);
      for (size_t j = 1; j < r->act[k].n; j++) BKS_CHECK(r->act[k].t[j] > r->act[k].t[j - 1]);
    }
  } else if (rc == BKS_OK && r->nskipped > 0 && r->skip_reason[0]) {
    counts[1]++;
    printf("%-60s %-8s %s\n", name, "skipped", r->skip_reason);
  } else if (rc < 0 && r->status == rc && r->err_line > 0 && strstr(r->err, "line ")) {
    counts[2]++;
    printf("%-60s %-8s %s\n", name, "error", r->err);
  } else {
    fprintf(stderr, "%s: no valid outcome (rc %d, nact %zu, nskipped %u, err '%s')\n", name, rc,
            r->nact, r->nskipped, r->err);
    BKS_CHECK(0 && "outcome is one of run / skipped with reason / error with line");
  }
}

BKS_TEST(shared_data_every_tcx) {
  const char *root = bks_test_shared_data();
  if (!root) BKS_SKIP("../shared/data is absent");
  paths ps = {0};
  walk(root, ".tcx", &ps);
  qsort(ps.v, ps.n, sizeof *ps.v, cmp_str);
  BKS_CHECK(ps.n > 0);
  size_t counts[3] = {0, 0, 0};
  printf("%-60s %-8s %s\n", "file", "outcome", "detail");
  for (size_t i = 0; i < ps.n; i++) {
    size_t n = 0;
    uint8_t *p = slurp(ps.v[i], &n);
    BKS_CHECK(p != NULL);
    if (p) {
      bks_read_result r;
      int rc = bks_read_tcx(p, n, ps.v[i], &r);
      outcome(ps.v[i] + strlen(root) + 1, rc, &r, counts);
      bks_read_result_deinit(&r);
      free(p);
    }
    free(ps.v[i]);
  }
  printf("%zu files: %zu with runs, %zu skipped, %zu errors\n", ps.n, counts[0], counts[1],
         counts[2]);
  free(ps.v);
}

// known values from the files themselves
BKS_TEST(shared_data_known_values) {
  const char *root = bks_test_shared_data();
  if (!root) BKS_SKIP("../shared/data is absent");
  static const struct {
    const char *rel;
    size_t nact;
    unsigned nskipped;
    int64_t start; // first activity
    double distance_m, timer_s;
  } cases[] = {
      // FR945 run: two laps; timer and distance are the sums of the laps
      {"sports-lib/runs/tcx/6782987395.tcx", 1, 0, 1560591743, 14005, 4989},
      // Runalyze's multisport: bike, run, bike
      {"runalyze/tcx/Multisport.tcx", 1, 2, 0, NAN, NAN},
      // GoldenCheetah's FR305 multi-session: run, bike, run, bike
      {"goldencheetah/rides/activity_165850259_multi-session.tcx", 2, 2, 0, NAN, NAN},
      {"goldencheetah/runs/10kUNLP2014-Garmin15.tcx", 1, 0, 0, 10011, 2224},
      {"runalyze/tcx/Route-only.tcx", 0, 1, 0, NAN, NAN},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", root, cases[i].rel);
    size_t n = 0;
    uint8_t *p = slurp(path, &n);
    BKS_CHECK(p != NULL);
    if (!p) continue;
    bks_read_result r;
    BKS_CHECK_EQ_INT(bks_read_tcx(p, n, path, &r), BKS_OK);
    BKS_CHECK_EQ_INT(r.nact, cases[i].nact);
    BKS_CHECK_EQ_INT(r.nskipped, cases[i].nskipped);
    if (r.nact) {
      const bks_activity *a = &r.act[0];
      if (cases[i].start) BKS_CHECK_EQ_INT(a->start_utc, cases[i].start);
      if (!isnan(cases[i].distance_m)) BKS_CHECK_NEAR(a->distance_m, cases[i].distance_m, 1);
      if (!isnan(cases[i].timer_s)) BKS_CHECK_NEAR(a->timer_s, cases[i].timer_s, 1);
    }
    bks_read_result_deinit(&r);
    free(p);
  }
}

BKS_TEST_MAIN(BKS_CASE(running_activity), BKS_CASE(runcadence_already_doubled_kept),
              BKS_CASE(trackpoint_cadence_in_a_run), BKS_CASE(biking_and_other_skipped),
              BKS_CASE(multisport_keeps_running_legs), BKS_CASE(no_sport_guessed),
              BKS_CASE(no_times_and_courses_skipped), BKS_CASE(pause_track_is_a_segment),
              BKS_CASE(distance_counter_carried_over), BKS_CASE(prefixed_document),
              BKS_CASE(malformed_xml_error_with_line), BKS_CASE(truncated_document_keeps_runs),
              BKS_CASE(entities_refused), BKS_CASE(deep_nesting_refused),
              BKS_CASE(chunking_does_not_change_the_result), BKS_CASE(shared_data_every_tcx),
              BKS_CASE(shared_data_known_values))
