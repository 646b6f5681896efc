// GPX reader: every rule on small documents written here, then every .gpx under ../shared/data.
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
// metres per degree of latitude on the reader's sphere (R = 6371008.8 m)
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

// a GPX 1.1 track of `n` points, one per second, heading north at `speed` m/s. `type` (NULL:
// none) goes in trk/type; `ext` (NULL: none) is a per-point snippet formatted with (hr, cad).
static void make_gpx(bks_buf *b, const char *type, int n, double speed, const char *ext, int hr,
                     int cad) {
  bks_buf_init(b);
  put(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<gpx version=\"1.1\" creator=\"unit test\" xmlns=\"http://www.topografix.com/GPX/1/1\"\n"
         " xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\">\n"
         "<trk><name>test run</name>\n");
  if (type) put(b, "<type>%s</type>\n", type);
  put(b, "<trkseg>\n");
  for (int i = 0; i < n; i++) {
    char ts[32];
    iso(ts, sizeof ts, T0 + i);
    put(b, "<trkpt lat=\"%.8f\" lon=\"8.5\"><ele>%d</ele><time>%s</time>",
        47.0 + i * speed / M_PER_DEG, 400 + i % 7, ts);
    // ext is a template from this file's own cases, with the arguments its comment names
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    if (ext) put(b, ext, hr, cad);
#pragma GCC diagnostic pop
    put(b, "</trkpt>\n");
  }
  put(b, "</trkseg></trk></gpx>\n");
}

static int read_str(const char *doc, bks_read_result *r) {
  return bks_read_gpx((const uint8_t *)doc, strlen(doc), "test.gpx", r);
}

static int read_buf(const bks_buf *b, bks_read_result *r) {
  return bks_read_gpx(b->data, b->len, "test.gpx", r);
}

// 1 when some warning of `a` contains `s`
static int has_warning(const bks_activity *a, const char *s) {
  for (unsigned i = 0; i < a->nwarnings && i < BKS_ACTIVITY_MAX_WARNINGS; i++) {
    if (strstr(a->warnings[i], s)) return 1;
  }
  return 0;
}

static double mean(const double *v, size_t n) {
  double s = 0;
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (!isnan(v[i])) s += v[i], k++;
  }
  return k ? s / (double)k : NAN;
}

static const char *TPX1 =
    "<extensions><gpxtpx:TrackPointExtension><gpxtpx:atemp>21.5</gpxtpx:atemp>"
    "<gpxtpx:hr>%d</gpxtpx:hr><gpxtpx:cad>%d</gpxtpx:cad>"
    "</gpxtpx:TrackPointExtension></extensions>";

//---- extensions ----

BKS_TEST(tpx_v1_hr_cad_temp) {
  bks_buf b;
  make_gpx(&b, "running", 120, 3.0, TPX1, 150, 85);
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    bks_activity *a = &r.act[0];
    BKS_CHECK_EQ_INT(a->n, 120);
    BKS_CHECK_STR(a->format, "gpx");
    BKS_CHECK_STR(a->sport_name, "running");
    BKS_CHECK_STR(a->device, "unit test");
    BKS_CHECK_STR(a->name, "test run");
    BKS_CHECK_STR(a->source_path, "test.gpx");
    BKS_CHECK_EQ_INT(a->sport, BKS_SPORT_RUNNING);
    BKS_CHECK_EQ_INT(a->sport_guessed, 0);
    BKS_CHECK_EQ_INT(a->start_utc, (int64_t)T0);
    BKS_CHECK_NEAR(a->duration_s, 119, 1e-9);
    BKS_CHECK(a->ch[BKS_CH_HEART_RATE] && a->ch[BKS_CH_HEART_RATE][10] == 150);
    // one foot → steps/min
    BKS_CHECK(a->ch[BKS_CH_CADENCE] && a->ch[BKS_CH_CADENCE][10] == 170);
    BKS_CHECK(has_warning(a, "doubled to steps/min"));
    BKS_CHECK(a->ch[BKS_CH_TEMPERATURE] && a->ch[BKS_CH_TEMPERATURE][0] == 21.5);
    BKS_CHECK(a->ch[BKS_CH_ALTITUDE] && a->ch[BKS_CH_ALTITUDE][1] == 401);
    // distance and speed derived from positions, and said so
    BKS_CHECK(a->ch[BKS_CH_DISTANCE] && a->ch[BKS_CH_SPEED]);
    BKS_CHECK_NEAR(a->distance_m, 119 * 3.0, 0.5);
    BKS_CHECK_NEAR(a->ch[BKS_CH_SPEED][60], 3.0, 0.01);
    BKS_CHECK(has_warning(a, "distance derived from positions"));
    BKS_CHECK(has_warning(a, "speed derived"));
    BKS_CHECK(a->ch[BKS_CH_POWER] == NULL); // absent, not zeros
    BKS_CHECK(isnan(a->timer_s));
  }
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
}

BKS_TEST(tpx_v2_speed_from_file) {
  // TrackPointExtension v2 (prefix ns3 here) with speed: the file's speed is used as it is
  bks_buf b;
  make_gpx(&b, "run", 60, 3.0,
           "<extensions><ns3:TrackPointExtension "
           "xmlns:ns3=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v2\">"
           "<ns3:hr>%d</ns3:hr><ns3:cad>%d</ns3:cad><ns3:speed>3.1</ns3:speed>"
           "</ns3:TrackPointExtension></extensions>",
           140, 88);
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    bks_activity *a = &r.act[0];
    BKS_CHECK(a->ch[BKS_CH_SPEED] && a->ch[BKS_CH_SPEED][5] == 3.1);
    BKS_CHECK(!has_warning(a, "speed derived"));
    BKS_CHECK(a->ch[BKS_CH_HEART_RATE][0] == 140);
    BKS_CHECK(a->ch[BKS_CH_CADENCE][0] == 176);
    BKS_CHECK_STR(a->sport_name, "run");
  }
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
}

BKS_TEST(plain_extensions_and_gpx10_speed) {
  // non-namespaced <heartrate>/<cadence> (Amazfit, Strava exports) and GPX 1.0 <speed> in the
  // point itself
  static const char doc[] =
      "<gpx version=\"1.0\" xmlns=\"http://www.topografix.com/GPX/1/0\"><trk><type>Running</type>"
      "<trkseg>"
      "<trkpt lat=\"47.0\" lon=\"8.0\"><time>2019-06-15T09:42:23Z</time><speed>2.5</speed>"
      "<extensions><heartrate>120</heartrate><cadence>80</cadence><power>250</power>"
      "</extensions></trkpt>"
      "<trkpt lat=\"47.0001\" lon=\"8.0\"><time>2019-06-15T09:42:27Z</time><speed>2.6</speed>"
      "<extensions><heartrate>121</heartrate><cadence>81</cadence><power>251</power>"
      "</extensions></trkpt>"
      "</trkseg></trk></gpx>";
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(doc, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    bks_activity *a = &r.act[0];
    BKS_CHECK_EQ_INT(a->n, 2);
    BKS_CHECK(a->ch[BKS_CH_HEART_RATE][1] == 121);
    BKS_CHECK(a->ch[BKS_CH_CADENCE][1] == 162);
    BKS_CHECK(a->ch[BKS_CH_SPEED][0] == 2.5);
    BKS_CHECK(a->ch[BKS_CH_POWER] && a->ch[BKS_CH_POWER][1] == 251);
  }
  bks_read_result_deinit(&r);
}

//---- cadence rule ----

BKS_TEST(cad_already_steps_kept) {
  bks_buf b;
  make_gpx(&b, "running", 60, 3.0, TPX1, 150, 172);
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    BKS_CHECK(r.act[0].ch[BKS_CH_CADENCE][3] == 172);
    BKS_CHECK(has_warning(&r.act[0], "already steps/min"));
  }
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
}

//---- sport ----

BKS_TEST(type_cycling_skipped) {
  bks_buf b;
  make_gpx(&b, "cycling", 60, 8.0, TPX1, 130, 90);
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 0);
  BKS_CHECK_EQ_INT(r.nskipped, 1);
  BKS_CHECK(strstr(r.skip_reason, "type 'cycling' is not running") != NULL);
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
}

BKS_TEST(type_strava_9_is_run) {
  bks_buf b;
  make_gpx(&b, "9", 30, 3.0, NULL, 0, 0);
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) BKS_CHECK_STR(r.act[0].sport_name, "9");
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
  // Strava's 1 is a ride
  make_gpx(&b, "1", 30, 3.0, NULL, 0, 0);
  BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 0);
  BKS_CHECK(strstr(r.skip_reason, "type '1'") != NULL);
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
}

BKS_TEST(no_type_running_guessed) {
  bks_buf b;
  make_gpx(&b, NULL, 300, 3.2, TPX1, 150, 86);
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    BKS_CHECK_EQ_INT(r.act[0].sport_guessed, 1);
    BKS_CHECK_EQ_INT(r.act[0].sport, BKS_SPORT_RUNNING);
    BKS_CHECK(has_warning(&r.act[0], "no sport in the file: taken as running"));
  }
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
}

BKS_TEST(no_type_not_running_skipped) {
  bks_read_result r;
  bks_buf b;
  // a ride: too fast
  make_gpx(&b, NULL, 300, 8.0, TPX1, 130, 90);
  BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 0);
  BKS_CHECK_EQ_INT(r.nskipped, 1);
  BKS_CHECK(strstr(r.skip_reason, "median moving speed of 8.00 m/s is not running") != NULL);
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
  // a walk: too slow
  make_gpx(&b, NULL, 300, 1.3, NULL, 0, 0);
  BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 0);
  BKS_CHECK(strstr(r.skip_reason, "median moving speed of 1.30") != NULL);
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
  // running speed, but a cadence nobody runs at
  make_gpx(&b, NULL, 300, 3.0, TPX1, 130, 40);
  BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 0);
  BKS_CHECK(strstr(r.skip_reason, "cadence of 40") != NULL);
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
  // too short to tell
  make_gpx(&b, NULL, 5, 3.0, NULL, 0, 0);
  BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 0);
  BKS_CHECK(strstr(r.skip_reason, "too little movement") != NULL);
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
}

//---- tracks, routes, times ----

BKS_TEST(no_times_skipped) {
  static const char trk[] =
      "<gpx version=\"1.1\"><trk><type>running</type><trkseg><trkpt lat=\"1\" lon=\"2\"/>"
      "<trkpt lat=\"1.001\" lon=\"2\"/></trkseg></trk></gpx>";
  static const char rte[] = "<gpx version=\"1.1\"><rte><rtept lat=\"1\" lon=\"2\"/>"
                            "<rtept lat=\"1.001\" lon=\"2\"/></rte></gpx>";
  static const char bad[] =
      "<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"2\"><time>1901-12-13T20:45:52Z</time></trkpt>"
      "</trkseg></trk></gpx>";
  static const char empty[] = "<gpx version=\"1.1\"><metadata><name>x</name></metadata></gpx>";
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(trk, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 0);
  BKS_CHECK_EQ_INT(r.nskipped, 1);
  BKS_CHECK_STR(r.skip_reason, "track without times");
  bks_read_result_deinit(&r);
  BKS_CHECK_EQ_INT(read_str(rte, &r), BKS_OK);
  BKS_CHECK_STR(r.skip_reason, "route without times");
  bks_read_result_deinit(&r);
  BKS_CHECK_EQ_INT(read_str(bad, &r), BKS_OK);
  BKS_CHECK(strstr(r.skip_reason, "without valid times (e.g. '1901-12-13T20:45:52Z')") != NULL);
  bks_read_result_deinit(&r);
  BKS_CHECK_EQ_INT(read_str(empty, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nskipped, 1);
  BKS_CHECK_STR(r.skip_reason, "no track or route points");
  bks_read_result_deinit(&r);
}

BKS_TEST(route_with_times_read) {
  static const char doc[] =
      "<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\"><rte><type>running</type>"
      "<rtept lat=\"47.0\" lon=\"8.0\"><time>2019-06-15T09:42:23Z</time></rtept>"
      "<rtept lat=\"47.001\" lon=\"8.0\"><time>2019-06-15T09:43:00Z</time></rtept>"
      "</rte></gpx>";
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(doc, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    BKS_CHECK_EQ_INT(r.act[0].n, 2);
    BKS_CHECK_NEAR(r.act[0].distance_m, 0.001 * M_PER_DEG, 0.01);
  }
  bks_read_result_deinit(&r);
}

BKS_TEST(tracks_and_segments_combined) {
  // two tracks, the first with two segments: one activity; no distance across the gaps
  static const char doc[] =
      "<gpx version=\"1.1\" xmlns=\"http://www.topografix.com/GPX/1/1\">"
      "<trk><type>running</type><trkseg>"
      "<trkpt lat=\"47.000\" lon=\"8\"><time>2019-06-15T09:42:23Z</time></trkpt>"
      "<trkpt lat=\"47.001\" lon=\"8\"><time>2019-06-15T09:43:00Z</time></trkpt></trkseg><trkseg>"
      "<trkpt lat=\"47.010\" lon=\"8\"><time>2019-06-15T09:50:00Z</time></trkpt>"
      "<trkpt lat=\"47.011\" lon=\"8\"><time>2019-06-15T09:50:37Z</time></trkpt></trkseg></trk>"
      "<trk><trkseg>"
      "<trkpt lat=\"47.020\" lon=\"8\"><time>2019-06-15T10:00:00Z</time></trkpt>"
      "<trkpt lat=\"47.021\" lon=\"8\"><time>2019-06-15T10:00:37Z</time></trkpt></trkseg></trk>"
      "</gpx>";
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(doc, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    bks_activity *a = &r.act[0];
    BKS_CHECK_EQ_INT(a->n, 6);
    BKS_CHECK_NEAR(a->distance_m, 3 * 0.001 * M_PER_DEG, 0.01);
    BKS_CHECK_NEAR(a->duration_s, 1094, 1e-9);
    BKS_CHECK(has_warning(a, "2 tracks with 3 segments in one activity"));
    // the untyped second track joins the typed one: not a guess
    BKS_CHECK_EQ_INT(a->sport_guessed, 0);
  }
  bks_read_result_deinit(&r);
}

BKS_TEST(time_parsing) {
  struct {
    const char *s;
    int ok;
    double t;
  } cases[] = {
      {"2019-06-15T09:42:23Z", 1, T0},
      {" 2019-06-15T09:42:23Z\n", 1, T0},
      {"2019-06-15T09:42:23.250Z", 1, T0 + 0.25},
      {"2019-06-15T09:42:23,5Z", 1, T0 + 0.5},
      {"2019-06-15T11:42:23+02:00", 1, T0},
      {"2019-06-15T04:42:23-0500", 1, T0},
      {"2019-06-15T05:12:23.125-04:30", 1, T0 + 0.125},
      {"2019-06-15T10:42:23+01", 1, T0},
      {"2019-06-15t09:42:23z", 1, T0},
      {"2019-06-15 09:42:23", 1, T0}, // no zone: UTC, as GPX and TCX require
      {"2019-06-15T09:42Z", 1, T0 - 23},
      {"2016-02-29T00:00:00Z", 1, 1456704000},
      {"2015-12-11T15:43:13.994+01:00", 1, 1449844993.994},
      {"2019-06-15T09:42:23.1234567891234Z", 1, T0 + 0.123456789},
      {"2019-02-29T00:00:00Z", 0, 0},
      {"2019-13-01T00:00:00Z", 0, 0},
      {"2019-06-15T24:00:00Z", 0, 0},
      {"2019-06-15T09:60:00Z", 0, 0},
      {"1901-12-13T20:45:52Z", 0, 0},
      {"2019-06-15", 0, 0},
      {"2019-06-15T09:42:23Zjunk", 0, 0},
      {"2019-06-15T09:42:23.Z", 0, 0},
      {"2019-06-15T09:42:23+2", 0, 0},
      {"", 0, 0},
      {"null", 0, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    double t = -1;
    int ok = bks__xt_time(cases[i].s, strlen(cases[i].s), &t);
    if (ok != cases[i].ok) fprintf(stderr, "time case %zu: %s\n", i, cases[i].s);
    BKS_CHECK_EQ_INT(ok, cases[i].ok);
    if (ok && cases[i].ok) BKS_CHECK_NEAR(t, cases[i].t, 1e-6);
  }
}

BKS_TEST(time_offsets_in_document) {
  // the same instant written three ways, and sub-second steps: times in order, exact
  static const char doc[] =
      "<gpx version=\"1.1\"><trk><type>run</type><trkseg>"
      "<trkpt lat=\"57.011456\" lon=\"9.992872\"><time>2015-12-11T15:43:13.000+01:00</time>"
      "</trkpt>"
      "<trkpt lat=\"57.01147\" lon=\"9.992874\"><time>2015-12-11T14:43:13.994Z</time></trkpt>"
      "<trkpt lat=\"57.01148\" lon=\"9.992876\"><time>2015-12-11T09:43:15.5-05:00</time></trkpt>"
      "</trkseg></trk></gpx>";
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(doc, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    bks_activity *a = &r.act[0];
    BKS_CHECK_EQ_INT(a->start_utc, 1449844993);
    BKS_CHECK_EQ_INT(a->n, 3);
    BKS_CHECK_NEAR(a->t[0], 0, 1e-9);
    BKS_CHECK_NEAR(a->t[1], 0.994, 1e-6);
    BKS_CHECK_NEAR(a->t[2], 2.5, 1e-6);
  }
  bks_read_result_deinit(&r);
}

BKS_TEST(order_duplicates_and_missing_times) {
  static const char doc[] =
      "<gpx version=\"1.1\"><trk><type>running</type><trkseg>"
      "<trkpt lat=\"47.0000\" lon=\"8\"><time>2019-06-15T09:42:25Z</time><extensions><hr>101</hr>"
      "</extensions></trkpt>"
      "<trkpt lat=\"47.0001\" lon=\"8\"><time>2019-06-15T09:42:24Z</time><extensions><hr>100</hr>"
      "</extensions></trkpt>"
      "<trkpt lat=\"47.0002\" lon=\"8\"><time>2019-06-15T09:42:26Z</time></trkpt>"
      "<trkpt lat=\"47.0003\" lon=\"8\"><time>2019-06-15T09:42:26Z</time></trkpt>"
      "<trkpt lat=\"47.0004\" lon=\"8\"></trkpt>"
      "<trkpt lat=\"47.0005\" lon=\"8\"><time>2019-06-15T09:42:28Z</time></trkpt>"
      "</trkseg></trk></gpx>";
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(doc, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    bks_activity *a = &r.act[0];
    BKS_CHECK_EQ_INT(a->n, 4);
    BKS_CHECK_EQ_INT(a->start_utc, (int64_t)T0 + 1);
    BKS_CHECK(a->t[0] == 0 && a->t[1] == 1 && a->t[2] == 2 && a->t[3] == 4);
    BKS_CHECK(a->ch[BKS_CH_HEART_RATE][0] == 100 && a->ch[BKS_CH_HEART_RATE][1] == 101);
    BKS_CHECK(isnan(a->ch[BKS_CH_HEART_RATE][2])); // not recorded: NaN in a present channel
    BKS_CHECK(has_warning(a, "1 points were out of time order"));
    BKS_CHECK(has_warning(a, "1 points repeated a timestamp"));
    BKS_CHECK(has_warning(a, "1 points without a valid time"));
  }
  bks_read_result_deinit(&r);
}

BKS_TEST(numbers) {
  struct {
    const char *s;
    int ok;
    double v;
  } cases[] = {
      {"1.5", 1, 1.5},
      {" -3e2 ", 1, -300},
      {"+.5", 1, 0.5},
      {"5.", 1, 5},
      {"41.16303957067430019378662109375", 1, 41.1630395706743},
      {"0", 1, 0},
      {"1E-3", 1, 0.001},
      {"1,5", 0, 0},
      {"null", 0, 0},
      {"", 0, 0},
      {"-", 0, 0},
      {"1e400", 0, 0},
      {"1e", 0, 0},
      {"nan", 0, 0},
      {"inf", 0, 0},
      {"12 3", 0, 0},
      {".", 0, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    double v = -1;
    int ok = bks__xt_num(cases[i].s, strlen(cases[i].s), &v);
    if (ok != cases[i].ok) fprintf(stderr, "number case %zu: %s\n", i, cases[i].s);
    BKS_CHECK_EQ_INT(ok, cases[i].ok);
    if (ok && cases[i].ok) BKS_CHECK_NEAR(v, cases[i].v, 1e-12 * fabs(cases[i].v));
  }
  // shortest round trip of ordinary values is exact
  double v;
  BKS_CHECK(bks__xt_num("0.1", 3, &v) && v == 0.1);
  BKS_CHECK(bks__xt_num("147.1999969482421875", 20, &v) && v == 147.1999969482421875);
}

//---- namespaces ----

BKS_TEST(prefixes_do_not_matter) {
  // the same track with the GPX namespace as default, as a prefix, and with no namespace
  static const char *docs[] = {
      "<gpx xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><type>running</type><trkseg>"
      "<trkpt lat=\"47\" lon=\"8\"><time>2019-06-15T09:42:23Z</time><extensions>"
      "<t:TrackPointExtension xmlns:t=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\">"
      "<t:hr>99</t:hr></t:TrackPointExtension></extensions></trkpt>"
      "<trkpt lat=\"47.001\" lon=\"8\"><time>2019-06-15T09:43:00Z</time></trkpt>"
      "</trkseg></trk></gpx>",
      "<g:gpx xmlns:g=\"http://www.topografix.com/GPX/1/1\"><g:trk><g:type>running</g:type>"
      "<g:trkseg><g:trkpt lat=\"47\" lon=\"8\"><g:time>2019-06-15T09:42:23Z</g:time>"
      "<g:extensions><TrackPointExtension "
      "xmlns=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\"><hr>99</hr>"
      "</TrackPointExtension></g:extensions></g:trkpt>"
      "<g:trkpt lat=\"47.001\" lon=\"8\"><g:time>2019-06-15T09:43:00Z</g:time></g:trkpt>"
      "</g:trkseg></g:trk></g:gpx>",
      "<gpx><trk><type>running</type><trkseg>"
      "<trkpt lat=\"47\" lon=\"8\"><time>2019-06-15T09:42:23Z</time><extensions>"
      "<TrackPointExtension><hr>99</hr></TrackPointExtension></extensions></trkpt>"
      "<trkpt lat=\"47.001\" lon=\"8\"><time>2019-06-15T09:43:00Z</time></trkpt>"
      "</trkseg></trk></gpx>",
  };
  for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
    bks_read_result r;
    BKS_CHECK_EQ_INT(read_str(docs[i], &r), BKS_OK);
    BKS_CHECK_EQ_INT(r.nact, 1);
    if (r.nact == 1) {
      BKS_CHECK_EQ_INT(r.act[0].n, 2);
      BKS_CHECK(r.act[0].ch[BKS_CH_HEART_RATE] && r.act[0].ch[BKS_CH_HEART_RATE][0] == 99);
      BKS_CHECK_NEAR(r.act[0].distance_m, 0.001 * M_PER_DEG, 0.01);
    }
    bks_read_result_deinit(&r);
  }
}

BKS_TEST(undeclared_prefix_read_by_local_names) {
  // as mapstogpx writes it: <gpxdata:cadence> without xmlns:gpxdata
  static const char doc[] =
      "<gpx xmlns=\"http://www.topografix.com/GPX/1/1\"><trk><type>9</type><trkseg>\n"
      "<trkpt lat=\"47\" lon=\"8\"><time>2019-06-15T09:42:23Z</time><extensions>"
      "<gpxdata:cadence>80</gpxdata:cadence></extensions></trkpt>\n"
      "<trkpt lat=\"47.001\" lon=\"8\"><time>2019-06-15T09:43:00Z</time><extensions>"
      "<gpxdata:cadence>82</gpxdata:cadence></extensions></trkpt>\n"
      "</trkseg></trk></gpx>";
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(doc, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    BKS_CHECK(r.act[0].ch[BKS_CH_CADENCE] && r.act[0].ch[BKS_CH_CADENCE][1] == 164);
    BKS_CHECK(has_warning(&r.act[0], "line 2, column"));
    BKS_CHECK(has_warning(&r.act[0], "unbound prefix"));
  }
  bks_read_result_deinit(&r);
}

BKS_TEST(windows_1252_encoding) {
  static const char doc[] =
      "<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n"
      "<gpx><trk><name>Caf\xe9 \x80</name><type>running</type><trkseg>"
      "<trkpt lat=\"47\" lon=\"8\"><time>2019-06-15T09:42:23Z</time></trkpt>"
      "<trkpt lat=\"47.001\" lon=\"8\"><time>2019-06-15T09:43:00Z</time></trkpt>"
      "</trkseg></trk></gpx>";
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(doc, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) BKS_CHECK_STR(r.act[0].name, "Caf\xc3\xa9 \xe2\x82\xac");
  bks_read_result_deinit(&r);
}

//---- damage and hostile input ----

BKS_TEST(malformed_xml_error_with_line) {
  static const char doc[] = "<?xml version=\"1.0\"?>\n"
                            "<gpx version=\"1.1\">\n"
                            "  <trk><trkseg>\n"
                            "    <trkpt lat=\"1\" lon=\"2\"></trkseg>\n"
                            "</gpx>\n";
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(doc, &r), BKS_E_CORRUPT);
  BKS_CHECK_EQ_INT(r.status, BKS_E_CORRUPT);
  BKS_CHECK_EQ_INT(r.nact, 0);
  BKS_CHECK_EQ_INT(r.err_line, 4);
  BKS_CHECK(strstr(r.err, "line 4, column") != NULL);
  BKS_CHECK(strstr(r.err, "mismatched tag") != NULL);
  bks_read_result_deinit(&r);
  // not XML at all, and empty
  BKS_CHECK_EQ_INT(read_str("this is not xml", &r), BKS_E_CORRUPT);
  BKS_CHECK_EQ_INT(r.err_line, 1);
  bks_read_result_deinit(&r);
  BKS_CHECK_EQ_INT(bks_read_gpx(NULL, 0, "empty.gpx", &r), BKS_E_CORRUPT);
  BKS_CHECK(r.err[0] != '\0');
  bks_read_result_deinit(&r);
  // XML, but not GPX
  BKS_CHECK_EQ_INT(read_str("<kml><Document/></kml>", &r), BKS_E_FORMAT);
  BKS_CHECK(strstr(r.err, "not <gpx>") != NULL);
  bks_read_result_deinit(&r);
}

BKS_TEST(truncated_document_keeps_points) {
  // a watch that died mid-run: cut the document inside point 200 of 300
  bks_buf b;
  make_gpx(&b, "running", 300, 3.0, TPX1, 150, 85);
  const char *cut = (const char *)b.data;
  for (int k = 0; k < 200; k++) cut = strstr(cut, "<trkpt") + 1;
  size_t len = (size_t)(cut - (const char *)b.data) + 20;
  bks_read_result r;
  BKS_CHECK_EQ_INT(bks_read_gpx(b.data, len, "cut.gpx", &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.status, BKS_OK);
  BKS_CHECK_EQ_INT(r.damaged, 1);
  BKS_CHECK_EQ_INT(r.nact, 1);
  BKS_CHECK(r.err_line > 0);
  BKS_CHECK(strstr(r.err, "line ") != NULL);
  if (r.nact == 1) {
    BKS_CHECK_EQ_INT(r.act[0].n, 199); // the point cut in half is not kept
    BKS_CHECK(has_warning(&r.act[0], "the file is damaged at line"));
    BKS_CHECK(has_warning(&r.act[0], "kept the 199 points"));
  }
  bks_read_result_deinit(&r);
  // cut before any point: an error, nothing kept
  cut = strstr((const char *)b.data, "<trkseg>");
  BKS_CHECK_EQ_INT(bks_read_gpx(b.data, (size_t)(cut - (const char *)b.data), "cut.gpx", &r),
                   BKS_E_CORRUPT);
  BKS_CHECK_EQ_INT(r.nact, 0);
  BKS_CHECK_EQ_INT(r.damaged, 0);
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
}

BKS_TEST(entities_refused) {
  static const char laughs[] =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE gpx [\n"
      " <!ENTITY lol \"lol\">\n"
      " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
      " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
      "]>\n"
      "<gpx><trk><name>&lol3;</name></trk></gpx>\n";
  static const char xxe[] = "<?xml version=\"1.0\"?>\n"
                            "<!DOCTYPE gpx [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n"
                            "<gpx><trk><name>&x;</name></trk></gpx>\n";
  static const char pe[] =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE gpx [ <!ENTITY % p SYSTEM \"http://example.com/x.dtd\"> %p; ]>\n"
      "<gpx/>\n";
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(laughs, &r), BKS_E_UNSUPPORTED);
  BKS_CHECK_EQ_INT(r.err_line, 3);
  BKS_CHECK(strstr(r.err, "entity 'lol'") != NULL);
  BKS_CHECK_EQ_INT(r.nact, 0);
  bks_read_result_deinit(&r);
  BKS_CHECK_EQ_INT(read_str(xxe, &r), BKS_E_UNSUPPORTED);
  BKS_CHECK(strstr(r.err, "external entity 'x'") != NULL);
  bks_read_result_deinit(&r);
  BKS_CHECK_EQ_INT(read_str(pe, &r), BKS_E_UNSUPPORTED);
  BKS_CHECK(strstr(r.err, "parameter") != NULL);
  bks_read_result_deinit(&r);
  // a DOCTYPE without entities is harmless
  BKS_CHECK_EQ_INT(read_str("<!DOCTYPE gpx><gpx/>", &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nskipped, 1);
  bks_read_result_deinit(&r);
}

BKS_TEST(deep_nesting_refused) {
  bks_buf b;
  bks_buf_init(&b);
  put(&b, "<gpx>");
  for (int i = 0; i < 100; i++) put(&b, "<extensions>");
  for (int i = 0; i < 100; i++) put(&b, "</extensions>");
  put(&b, "</gpx>");
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_E_LIMIT);
  BKS_CHECK(strstr(r.err, "deeper than 64") != NULL);
  BKS_CHECK_EQ_INT(r.err_line, 1);
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
}

BKS_TEST(huge_token_refused_huge_text_ignored) {
  // a 2 MiB attribute is one token: refused (expat would rescan it on every chunk)
  bks_buf b;
  bks_buf_init(&b);
  put(&b, "<gpx creator=\"");
  for (int i = 0; i < 2 * 1024; i++) {
    char k[1024];
    memset(k, 'a', sizeof k);
    bks_buf_append(&b, k, sizeof k);
  }
  put(&b, "\"/>");
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_E_LIMIT);
  BKS_CHECK(strstr(r.err, "longer than 1 MiB") != NULL);
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
  // 2 MiB of text is not one token: read (and the over-long name cut)
  bks_buf_init(&b);
  put(&b, "<gpx><trk><type>running</type><name>");
  for (int i = 0; i < 2 * 1024; i++) {
    char k[1024];
    memset(k, 'b', sizeof k);
    bks_buf_append(&b, k, sizeof k);
  }
  put(&b, "</name><trkseg>"
          "<trkpt lat=\"47\" lon=\"8\"><time>2019-06-15T09:42:23Z</time></trkpt>"
          "<trkpt lat=\"47.001\" lon=\"8\"><time>2019-06-15T09:43:00Z</time></trkpt>"
          "</trkseg></trk></gpx>");
  BKS_CHECK_EQ_INT(read_buf(&b, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
}

BKS_TEST(chunking_does_not_change_the_result) {
  bks_buf b;
  make_gpx(&b, "running", 50, 3.0, TPX1, 150, 85);
  bks_read_result whole;
  BKS_CHECK_EQ_INT(bks__read_gpx_chunked(b.data, b.len, "x", b.len, &whole), BKS_OK);
  static const size_t chunks[] = {1, 2, 7, 64, 4096};
  for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
    bks_read_result r;
    BKS_CHECK_EQ_INT(bks__read_gpx_chunked(b.data, b.len, "x", chunks[c], &r), BKS_OK);
    BKS_CHECK_EQ_INT(r.nact, whole.nact);
    if (r.nact == 1 && whole.nact == 1) {
      BKS_CHECK_EQ_INT(r.act[0].n, whole.act[0].n);
      for (int ch = 0; ch < BKS_NCHANNELS; ch++) {
        BKS_CHECK((r.act[0].ch[ch] == NULL) == (whole.act[0].ch[ch] == NULL));
        if (r.act[0].ch[ch] && whole.act[0].ch[ch]) {
          BKS_CHECK(memcmp(r.act[0].ch[ch], whole.act[0].ch[ch], r.act[0].n * sizeof(double)) == 0);
        }
      }
    }
    bks_read_result_deinit(&r);
  }
  bks_read_result_deinit(&whole);
  bks_buf_deinit(&b);
}

BKS_TEST(garbage_values_are_not_values) {
  static const char doc[] =
      "<gpx><trk><type>running</type><trkseg>"
      "<trkpt lat=\"95\" lon=\"8\"><time>2019-06-15T09:42:23Z</time><extensions><hr>0</hr>"
      "<cad>null</cad><atemp>NaN</atemp></extensions></trkpt>"
      "<trkpt lat=\"0\" lon=\"0\"><time>2019-06-15T09:42:24Z</time><extensions><hr>300</hr>"
      "</extensions></trkpt>"
      "</trkseg></trk></gpx>";
  bks_read_result r;
  BKS_CHECK_EQ_INT(read_str(doc, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    for (int c = 0; c < BKS_NCHANNELS; c++) {
      if (r.act[0].ch[c])
        fprintf(stderr, "unexpected channel %s\n", bks_channel_name((bks_channel)c));
      BKS_CHECK(r.act[0].ch[c] == NULL);
    }
  }
  bks_read_result_deinit(&r);
}

// CPU seconds to read a GPX of `n` points, written in reverse time order (so the reader sorts) and
// split into one track per 10 points typed alternately running and cycling (so it truncates)
static double read_seconds(int n) {
  bks_buf b;
  bks_buf_init(&b);
  put(&b, "<gpx>");
  for (int i = 0; i < n; i++) {
    if (i % 10 == 0)
      put(&b, "%s<trk><type>%s</type><trkseg>", i ? "</trkseg></trk>" : "",
          i % 20 ? "cycling" : "running");
    char ts[32];
    iso(ts, sizeof ts, T0 + n - i);
    put(&b,
        "<trkpt lat=\"%.6f\" lon=\"8\"><time>%s</time><extensions><hr>150</hr>"
        "</extensions></trkpt>",
        47.0 + i * 1e-5, ts);
  }
  put(&b, "</trkseg></trk></gpx>");
  clock_t c0 = clock();
  bks_read_result r;
  int rc = read_buf(&b, &r);
  double s = (double)(clock() - c0) / CLOCKS_PER_SEC;
  BKS_CHECK_EQ_INT(rc, BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) BKS_CHECK_EQ_INT(r.act[0].n, (size_t)n / 2);
  bks_read_result_deinit(&r);
  bks_buf_deinit(&b);
  return s;
}

BKS_TEST(time_grows_linearly) {
  // 8 times the points may cost at most about 8 log-factors more, never 64 times (quadratic)
  double small = read_seconds(20000), big = read_seconds(160000);
  printf("20000 points: %.3f s, 160000 points: %.3f s (ratio %.1f)\n", small, big, big / small);
  BKS_CHECK(big < 20 * small + 0.05);
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

BKS_TEST(shared_data_every_gpx) {
  const char *root = bks_test_shared_data();
  if (!root) BKS_SKIP("../shared/data is absent");
  paths ps = {0};
  walk(root, ".gpx", &ps);
  qsort(ps.v, ps.n, sizeof *ps.v, cmp_str);
  BKS_CHECK(ps.n > 0);
  size_t runs = 0, skipped = 0, errors = 0;
  printf("%-60s %-8s %s\n", "file", "outcome", "detail");
  for (size_t i = 0; i < ps.n; i++) {
    size_t n = 0;
    uint8_t *p = slurp(ps.v[i], &n);
    BKS_CHECK(p != NULL);
    if (!p) continue;
    bks_read_result r;
    int rc = bks_read_gpx(p, n, ps.v[i], &r);
    const char *name = ps.v[i] + strlen(root) + 1;
    // exactly one of: runs, skipped with a reason, an error with a line
    if (rc == BKS_OK && r.nact > 0) {
      runs++;
      const bks_activity *a = &r.act[0];
      printf("%-60s %-8s %zu act, %zu samples, %.0f s, %.0f m%s%s\n", name, "run", r.nact, a->n,
             a->duration_s, a->distance_m, a->sport_guessed ? ", guessed" : "",
             r.damaged ? ", damaged" : "");
      for (size_t k = 0; k < r.nact; k++) {
        BKS_CHECK(r.act[k].n >= 2 && r.act[k].t != NULL);
        BKS_CHECK(r.act[k].sport == BKS_SPORT_RUNNING);
        for (size_t j = 1; j < r.act[k].n; j++) BKS_CHECK(r.act[k].t[j] > r.act[k].t[j - 1]);
      }
    } else if (rc == BKS_OK && r.nskipped > 0 && r.skip_reason[0]) {
      skipped++;
      printf("%-60s %-8s %s\n", name, "skipped", r.skip_reason);
    } else if (rc < 0 && r.status == rc && r.err_line > 0 && strstr(r.err, "line ")) {
      errors++;
      printf("%-60s %-8s %s\n", name, "error", r.err);
    } else {
      fprintf(stderr, "%s: no valid outcome (rc %d, nact %zu, nskipped %u, err '%s')\n", name, rc,
              r.nact, r.nskipped, r.err);
      BKS_CHECK(0 && "outcome is one of run / skipped with reason / error with line");
    }
    bks_read_result_deinit(&r);
    free(p);
    free(ps.v[i]);
  }
  printf("%zu files: %zu with runs, %zu skipped, %zu errors\n", ps.n, runs, skipped, errors);
  free(ps.v);
}

// the same run as GPX, TCX and FIT (sports-lib 6782987395): same start, similar duration and
// distance (GPX distance comes from positions, so it may differ a little)
BKS_TEST(shared_data_same_run_gpx_tcx_fit) {
  const char *root = bks_test_shared_data();
  if (!root) BKS_SKIP("../shared/data is absent");
  static const char *const rel[3] = {"sports-lib/runs/gpx/6782987395.gpx",
                                     "sports-lib/runs/tcx/6782987395.tcx",
                                     "sports-lib/runs/fit/6782987395.fit"};
  bks_read_result r[3];
  int ok[3] = {0, 0, 0};
  for (int k = 0; k < 3; k++) {
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", root, rel[k]);
    size_t n = 0;
    uint8_t *p = slurp(path, &n);
    BKS_CHECK(p != NULL);
    if (!p) {
      bks_read_result_init(&r[k]);
      continue;
    }
    int rc = k == 0   ? bks_read_gpx(p, n, path, &r[k])
             : k == 1 ? bks_read_tcx(p, n, path, &r[k])
                      : bks_read_fit(p, n, path, &r[k]);
    BKS_CHECK_EQ_INT(rc, BKS_OK);
    BKS_CHECK_EQ_INT(r[k].nact, 1);
    ok[k] = rc == BKS_OK && r[k].nact == 1;
    if (ok[k]) {
      const bks_activity *a = &r[k].act[0];
      printf("%s: start %lld, %.0f s, %.0f m, %zu samples, mean cadence %.1f\n", rel[k],
             (long long)a->start_utc, a->duration_s, a->distance_m, a->n,
             a->ch[BKS_CH_CADENCE] ? mean(a->ch[BKS_CH_CADENCE], a->n) : NAN);
    }
    free(p);
  }
  if (ok[0] && ok[1]) {
    const bks_activity *g = &r[0].act[0], *t = &r[1].act[0];
    BKS_CHECK_EQ_INT(g->start_utc, 1560591743); // 2019-06-15T09:42:23Z
    BKS_CHECK(llabs((long long)(g->start_utc - t->start_utc)) <= 3);
    BKS_CHECK_NEAR(g->duration_s, t->duration_s, 0.02 * t->duration_s);
    BKS_CHECK_NEAR(g->distance_m, t->distance_m, 0.03 * t->distance_m);
    // both doubled the one-foot cadence to the same steps/min
    BKS_CHECK_NEAR(mean(g->ch[BKS_CH_CADENCE], g->n), mean(t->ch[BKS_CH_CADENCE], t->n), 1.0);
    BKS_CHECK_NEAR(mean(g->ch[BKS_CH_HEART_RATE], g->n), mean(t->ch[BKS_CH_HEART_RATE], t->n), 1.0);
  }
  if (ok[0] && ok[2]) {
    const bks_activity *g = &r[0].act[0], *f = &r[2].act[0];
    BKS_CHECK(llabs((long long)(g->start_utc - f->start_utc)) <= 3);
    BKS_CHECK_NEAR(g->duration_s, f->duration_s, 0.02 * f->duration_s);
    BKS_CHECK_NEAR(g->distance_m, f->distance_m, 0.03 * f->distance_m);
    BKS_CHECK_NEAR(mean(g->ch[BKS_CH_CADENCE], g->n), mean(f->ch[BKS_CH_CADENCE], f->n), 2.0);
  }
  for (int k = 0; k < 3; k++) bks_read_result_deinit(&r[k]);
}

BKS_TEST_MAIN(BKS_CASE(tpx_v1_hr_cad_temp), BKS_CASE(tpx_v2_speed_from_file),
              BKS_CASE(plain_extensions_and_gpx10_speed), BKS_CASE(cad_already_steps_kept),
              BKS_CASE(type_cycling_skipped), BKS_CASE(type_strava_9_is_run),
              BKS_CASE(no_type_running_guessed), BKS_CASE(no_type_not_running_skipped),
              BKS_CASE(no_times_skipped), BKS_CASE(route_with_times_read),
              BKS_CASE(tracks_and_segments_combined), BKS_CASE(time_parsing),
              BKS_CASE(time_offsets_in_document), BKS_CASE(order_duplicates_and_missing_times),
              BKS_CASE(numbers), BKS_CASE(prefixes_do_not_matter),
              BKS_CASE(undeclared_prefix_read_by_local_names), BKS_CASE(windows_1252_encoding),
              BKS_CASE(malformed_xml_error_with_line), BKS_CASE(truncated_document_keeps_points),
              BKS_CASE(entities_refused), BKS_CASE(deep_nesting_refused),
              BKS_CASE(huge_token_refused_huge_text_ignored),
              BKS_CASE(chunking_does_not_change_the_result),
              BKS_CASE(garbage_values_are_not_values), BKS_CASE(time_grows_linearly),
              BKS_CASE(shared_data_every_gpx), BKS_CASE(shared_data_same_run_gpx_tcx_fit))
