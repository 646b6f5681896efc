// FIT → activity: the project's own example run, files written here with the FIT writer (one rule
// each: multisport windows, no session, time going back, damage), and the real files of
// ../shared/data when present.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "example.h"
#include "backstride/fit_writer.h"
#include "backstride/io.h"
#include "backstride/sha256.h"
#include "harness.h"

//---- helpers ----

static uint8_t *load(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  uint8_t *b = NULL;
  size_t cap = 0;
  *n = 0;
  for (;;) {
    if (*n == cap) {
      cap = cap ? cap * 2 : 65536;
      uint8_t *nb = realloc(b, cap);
      if (!nb) break;
      b = nb;
    }
    size_t k = fread(b + *n, 1, cap - *n, f);
    if (k == 0) break;
    *n += k;
  }
  fclose(f);
  return b;
}

// a file of ../shared/data, or NULL (then the case skips)
static uint8_t *load_shared(const char *rel, size_t *n, char *path, size_t pathsz) {
  const char *dir = bks_test_shared_data();
  if (!dir) return NULL;
  int k = snprintf(path, pathsz, "%s/%s", dir, rel);
  if (k < 0 || (size_t)k >= pathsz) return NULL;
  return load(path, n);
}

static double mean(const double *v, size_t n) {
  double s = 0;
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (!isnan(v[i])) s += v[i], m++;
  }
  return m ? s / (double)m : NAN;
}

// every non-NaN value of a channel within [lo, hi]; at least one value
static int all_within(const double *v, size_t n, double lo, double hi) {
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (isnan(v[i])) continue;
    if (v[i] < lo || v[i] > hi) return 0;
    m++;
  }
  return m > 0;
}

static int has_warning(const bks_activity *a, const char *needle) {
  for (unsigned i = 0; i < a->nwarnings; i++) {
    if (strstr(a->warnings[i], needle)) return 1;
  }
  return 0;
}

static const bks_dev_channel *dev_named(const bks_activity *a, const char *name) {
  for (size_t i = 0; i < a->ndev; i++) {
    if (strcmp(a->dev[i].name, name) == 0) return &a->dev[i];
  }
  return NULL;
}

//---- a small FIT file builder on top of the writer ----

#define T0 1700000000.0 // Unix time of the synthetic files

typedef struct fbuild {
  bks_buf b;
  bks_fitw w;
} fbuild;

static void fb_begin(fbuild *f) {
  bks_buf_init(&f->b);
  BKS_CHECK_EQ_INT(bks_fitw_init(&f->w, &f->b), BKS_OK);
  bks_fitw_file_id id;
  bks_fitw_file_id_init(&id);
  id.type = BKS_FITW_FILE_ACTIVITY;
  id.manufacturer = BKS_FITW_MANUFACTURER_DEVELOPMENT;
  id.product = 7;
  id.time_created = T0;
  BKS_CHECK_EQ_INT(bks_fitw_write_file_id(&f->w, &id), BKS_OK);
}

// records from t0 to t1 (inclusive, Unix seconds) at 1 Hz with a given speed and cadence
static void fb_records(fbuild *f, double t0, double t1, double speed, double cad_spm,
                       double *dist) {
  for (double t = t0; t <= t1; t += 1) {
    bks_fitw_record r;
    bks_fitw_record_init(&r);
    r.timestamp = t;
    r.speed = speed;
    r.distance = *dist;
    if (!isnan(cad_spm)) r.cadence_spm = cad_spm;
    r.heart_rate = 140;
    BKS_CHECK_EQ_INT(bks_fitw_write_record(&f->w, &r), BKS_OK);
    *dist += speed;
  }
}

static void fb_session(fbuild *f, double start, double end, double dist, uint8_t sport) {
  bks_fitw_session s;
  bks_fitw_session_init(&s);
  s.t.start_time = start;
  s.t.timestamp = end;
  s.t.total_elapsed_time = end - start;
  s.t.total_timer_time = end - start;
  s.t.total_distance = dist;
  s.t.sport = sport;
  BKS_CHECK_EQ_INT(bks_fitw_write_session(&f->w, &s), BKS_OK);
}

static void fb_lap(fbuild *f, double start, double end, double dist, uint8_t sport) {
  bks_fitw_lap l;
  bks_fitw_lap_init(&l);
  l.t.start_time = start;
  l.t.timestamp = end;
  l.t.total_elapsed_time = end - start;
  l.t.total_timer_time = end - start;
  l.t.total_distance = dist;
  l.t.sport = sport;
  BKS_CHECK_EQ_INT(bks_fitw_write_lap(&f->w, &l), BKS_OK);
}

static void fb_end(fbuild *f) { BKS_CHECK_EQ_INT(bks_fitw_finish(&f->w), BKS_OK); }

//---- the example run ----

static uint8_t *example_bytes(size_t *n) {
  uint8_t *b = load(BKS_SOURCE_DIR "/data/example/easy-run.fit", n);
  if (b) return b;
  // the bundled file is the writer's output: make it when it is not there
  bks_buf buf;
  bks_buf_init(&buf);
  if (bks_example_write_run(&buf, NULL) != BKS_OK) return NULL;
  *n = buf.len;
  return buf.data;
}

BKS_TEST(example_run) {
  size_t n;
  uint8_t *p = example_bytes(&n);
  BKS_CHECK(p != NULL);
  if (!p) return;
  bks_example_info info;
  bks_buf ref;
  bks_buf_init(&ref);
  BKS_CHECK_EQ_INT(bks_example_write_run(&ref, &info), BKS_OK);
  bks_buf_deinit(&ref);

  bks_read_result r;
  BKS_CHECK_EQ_INT(bks_read_fit(p, n, "easy-run.fit", &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.status, BKS_OK);
  BKS_CHECK_EQ_INT(r.damaged, 0);
  BKS_CHECK_EQ_INT(r.nskipped, 0);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact != 1) goto out;
  const bks_activity *a = &r.act[0];
  BKS_CHECK_STR(a->format, "fit");
  BKS_CHECK_STR(a->source_path, "easy-run.fit");
  BKS_CHECK_STR(a->device, "development 1");
  BKS_CHECK_EQ_INT(a->sport, BKS_SPORT_RUNNING);
  BKS_CHECK(strncmp(a->sport_name, "running", 7) == 0);
  BKS_CHECK_EQ_INT(a->sport_guessed, 0);
  BKS_CHECK_EQ_INT(a->n, 1935);
  BKS_CHECK_EQ_INT(a->n, info.records);
  BKS_CHECK_EQ_INT(a->nlaps, 6);
  BKS_CHECK_EQ_INT(a->nlaps, info.laps);
  BKS_CHECK_EQ_INT(a->start_utc, (int64_t)info.start_time);
  BKS_CHECK_NEAR(a->distance_m, 5601.27, 0.01);
  BKS_CHECK_NEAR(a->distance_m, info.distance, 0.01);
  BKS_CHECK_NEAR(a->duration_s, info.duration, 1e-9);
  BKS_CHECK_NEAR(a->timer_s, info.duration, 1e-9);
  BKS_CHECK_EQ_INT(a->nwarnings, 0);
  // the content hash is SHA-256 of the bytes
  uint8_t h[32];
  bks_sha256(p, n, h);
  BKS_CHECK(memcmp(h, a->sha256, 32) == 0);
  // time: seconds since the start, one per second
  BKS_CHECK_NEAR(a->t[0], 0, 0);
  BKS_CHECK_NEAR(a->t[a->n - 1], 1934, 0);
  // channels in SI: cadence ×2 to steps/min, mm → m, ms → s, semicircles → degrees
  BKS_CHECK_NEAR(mean(a->ch[BKS_CH_CADENCE], a->n), info.avg_cadence_spm, 0.01);
  BKS_CHECK_NEAR(mean(a->ch[BKS_CH_CADENCE], a->n), 170, 3);
  BKS_CHECK_NEAR(mean(a->ch[BKS_CH_HEART_RATE], a->n), info.avg_heart_rate, 0.01);
  BKS_CHECK(all_within(a->ch[BKS_CH_VERT_OSC], a->n, 0.07, 0.10));
  BKS_CHECK(all_within(a->ch[BKS_CH_GCT], a->n, 0.22, 0.30));
  BKS_CHECK(all_within(a->ch[BKS_CH_STEP_LENGTH], a->n, 0.85, 1.15));
  BKS_CHECK(all_within(a->ch[BKS_CH_SPEED], a->n, 2.4, 3.3));
  BKS_CHECK(all_within(a->ch[BKS_CH_LAT], a->n, 47.36, 47.39));
  BKS_CHECK(all_within(a->ch[BKS_CH_LON], a->n, 8.53, 8.55));
  BKS_CHECK(all_within(a->ch[BKS_CH_VERT_RATIO], a->n, 6, 11));
  BKS_CHECK(all_within(a->ch[BKS_CH_GCT_BALANCE], a->n, 48, 52));
  BKS_CHECK(all_within(a->ch[BKS_CH_POWER], a->n, 100, 400));
  BKS_CHECK(all_within(a->ch[BKS_CH_ALTITUDE], a->n, 380, 440));
  BKS_CHECK_NEAR(a->ch[BKS_CH_DISTANCE][a->n - 1], 5601.27, 0.01);
  // step length = speed / cadence (the example writes it that way)
  for (size_t i = 0; i < a->n; i += 97) {
    double sl = a->ch[BKS_CH_SPEED][i] / (a->ch[BKS_CH_CADENCE][i] / 60.0);
    BKS_CHECK_NEAR(a->ch[BKS_CH_STEP_LENGTH][i], sl, 0.002);
  }
  // absent channels are absent, not zero
  BKS_CHECK(a->ch[BKS_CH_GRADE] == NULL);
  BKS_CHECK(a->ch[BKS_CH_TEMPERATURE] == NULL);
  BKS_CHECK_EQ_INT(a->ndev, 0);
  // laps: every km, back to back
  BKS_CHECK_NEAR(a->laps[0].start_s, 0, 0);
  BKS_CHECK_NEAR(a->laps[0].distance_m, 1001.47, 0.01);
  double sum = 0;
  for (size_t i = 0; i < a->nlaps; i++) {
    if (i)
      BKS_CHECK_NEAR(a->laps[i].start_s, a->laps[i - 1].start_s + a->laps[i - 1].elapsed_s, 1e-6);
    sum += a->laps[i].distance_m;
  }
  BKS_CHECK_NEAR(sum, a->distance_m, 0.1);
out:
  bks_read_result_deinit(&r);
  free(p);
}

// a file cut short keeps what was decoded before the cut, and says so
BKS_TEST(truncated_keeps_valid_part) {
  size_t n;
  uint8_t *p = example_bytes(&n);
  BKS_CHECK(p != NULL);
  if (!p) return;
  bks_read_result r;
  size_t cut = n / 2;
  BKS_CHECK_EQ_INT(bks_read_fit(p, cut, "half.fit", &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.damaged, 1);
  BKS_CHECK_EQ_INT(r.nact, 1);
  BKS_CHECK(r.err_offset > 0 && r.err_offset <= cut);
  BKS_CHECK(strstr(r.err, "offset") != NULL);
  if (r.nact == 1) {
    const bks_activity *a = &r.act[0];
    BKS_CHECK(a->n > 500 && a->n < 1935);
    BKS_CHECK(has_warning(a, "file damaged at byte"));
    BKS_CHECK(has_warning(a, "records up to"));
    // no session survived: the summary comes from the records
    BKS_CHECK_NEAR(a->duration_s, a->t[a->n - 1], 1e-9);
    BKS_CHECK(a->distance_m > 0 && a->distance_m < 5601);
    BKS_CHECK_EQ_INT(a->sport, BKS_SPORT_RUNNING);
  }
  bks_read_result_deinit(&r);

  // cut inside the header: nothing to keep, the decoder's error with its offset
  BKS_CHECK(bks_read_fit(p, 10, "tiny.fit", &r) < 0);
  BKS_CHECK(r.status < 0);
  BKS_CHECK_EQ_INT(r.nact, 0);
  BKS_CHECK(strstr(r.err, "offset") != NULL);
  bks_read_result_deinit(&r);

  // every cut is either kept (damaged) or an error, never a crash or a leak
  for (size_t k = 0; k < n; k += 257) {
    int rc = bks_read_fit(p, k, "cut.fit", &r);
    BKS_CHECK(rc < 0 ? r.nact == 0 : (r.damaged == 1 || k == n));
    BKS_CHECK(rc == r.status);
    bks_read_result_deinit(&r);
  }
  free(p);
}

// a bad file CRC: every record is there, marked damaged
BKS_TEST(crc_mismatch_is_damage) {
  size_t n;
  uint8_t *p = example_bytes(&n);
  BKS_CHECK(p != NULL);
  if (!p) return;
  p[n - 1] ^= 0x5A;
  bks_read_result r;
  BKS_CHECK_EQ_INT(bks_read_fit(p, n, "crc.fit", &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.damaged, 1);
  BKS_CHECK_EQ_INT(r.err_offset, n - 2);
  BKS_CHECK(strstr(r.err, "CRC") != NULL);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) BKS_CHECK_EQ_INT(r.act[0].n, 1935);
  bks_read_result_deinit(&r);
  free(p);
}

BKS_TEST(not_fit) {
  bks_read_result r;
  const char *txt = "this is not a FIT file at all, just text";
  BKS_CHECK_EQ_INT(bks_read_fit((const uint8_t *)txt, strlen(txt), "x.fit", &r), BKS_E_FORMAT);
  BKS_CHECK_EQ_INT(r.status, BKS_E_FORMAT);
  BKS_CHECK(strncmp(r.err, "offset ", 7) == 0); // the decoder's reason, with its offset
  BKS_CHECK_EQ_INT(r.nact, 0);
  bks_read_result_deinit(&r);
  BKS_CHECK(bks_read_fit(NULL, 0, "empty.fit", &r) < 0);
  BKS_CHECK(strstr(r.err, "empty") != NULL);
  bks_read_result_deinit(&r);
}

// multisport: each running session takes the records inside [start, start + elapsed]
BKS_TEST(multisport_windows) {
  fbuild f;
  fb_begin(&f);
  double d = 0;
  fb_records(&f, T0, T0 + 99, 3.0, 170, &d); // run 1: 100 records, 2 laps
  fb_lap(&f, T0, T0 + 49, 147, BKS_FITW_SPORT_RUNNING);
  fb_lap(&f, T0 + 49, T0 + 99, 150, BKS_FITW_SPORT_RUNNING);
  fb_session(&f, T0, T0 + 99, 297, BKS_FITW_SPORT_RUNNING);
  d = 0;
  fb_records(&f, T0 + 100, T0 + 299, 8.0, 180, &d); // bike: 200 records (cadence 90 rpm written ×2)
  fb_lap(&f, T0 + 100, T0 + 299, 1592, 2);
  fb_session(&f, T0 + 100, T0 + 299, 1592, 2 /* cycling */);
  d = 0;
  fb_records(&f, T0 + 300, T0 + 349, 2.5, 160, &d); // run 2: 50 records, 1 lap
  fb_lap(&f, T0 + 300, T0 + 349, 122.5, BKS_FITW_SPORT_RUNNING);
  fb_session(&f, T0 + 300, T0 + 349, 122.5, BKS_FITW_SPORT_RUNNING);
  fb_end(&f);
  bks_read_result r;
  BKS_CHECK_EQ_INT(bks_read_fit(f.b.data, f.b.len, "multi.fit", &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 2);
  BKS_CHECK_EQ_INT(r.nskipped, 1);
  BKS_CHECK_STR(r.skip_reason, "sport cycling is not running");
  if (r.nact == 2) {
    BKS_CHECK_EQ_INT(r.act[0].n, 100);
    BKS_CHECK_EQ_INT(r.act[1].n, 50);
    BKS_CHECK_EQ_INT(r.act[0].start_utc, (int64_t)T0);
    BKS_CHECK_EQ_INT(r.act[1].start_utc, (int64_t)T0 + 300);
    BKS_CHECK_NEAR(r.act[1].t[0], 0, 0);
    BKS_CHECK_NEAR(r.act[1].duration_s, 49, 1e-9);
    BKS_CHECK_NEAR(r.act[1].distance_m, 122.5, 1e-9);
    BKS_CHECK_NEAR(mean(r.act[1].ch[BKS_CH_CADENCE], r.act[1].n), 160, 0.5);
    BKS_CHECK_NEAR(mean(r.act[1].ch[BKS_CH_SPEED], r.act[1].n), 2.5, 1e-6);
    BKS_CHECK(memcmp(r.act[0].sha256, r.act[1].sha256, 32) == 0);
    // each leg has the laps that start inside it, timed from the leg's start
    BKS_CHECK_EQ_INT(r.act[0].nlaps, 2);
    BKS_CHECK_EQ_INT(r.act[1].nlaps, 1);
    if (r.act[0].nlaps == 2) BKS_CHECK_NEAR(r.act[0].laps[1].start_s, 49, 1e-9);
    if (r.act[1].nlaps == 1) {
      BKS_CHECK_NEAR(r.act[1].laps[0].start_s, 0, 1e-9);
      BKS_CHECK_NEAR(r.act[1].laps[0].distance_m, 122.5, 1e-9);
    }
    // the second leg's distance channel starts at 0
    BKS_CHECK_NEAR(r.act[1].ch[BKS_CH_DISTANCE][0], 0, 1e-9);
  }
  bks_read_result_deinit(&r);
  bks_buf_deinit(&f.b);
}

// no session and no sport: the sport is guessed from speed and cadence, and marked as guessed
BKS_TEST(no_session_guess) {
  fbuild f;
  fb_begin(&f);
  double d = 0;
  fb_records(&f, T0, T0 + 59, 3.2, 172, &d);
  fb_end(&f);
  bks_read_result r;
  BKS_CHECK_EQ_INT(bks_read_fit(f.b.data, f.b.len, "guess.fit", &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    const bks_activity *a = &r.act[0];
    BKS_CHECK_EQ_INT(a->sport_guessed, 1);
    BKS_CHECK(has_warning(a, "sport not recorded"));
    BKS_CHECK_EQ_INT(a->n, 60);
    BKS_CHECK_NEAR(a->duration_s, 59, 1e-9);
    BKS_CHECK_NEAR(a->timer_s, 59, 1e-9);
    BKS_CHECK_NEAR(a->distance_m, 59 * 3.2, 1e-6);
    BKS_CHECK_EQ_INT(a->nlaps, 0);
  }
  bks_read_result_deinit(&r);
  bks_buf_deinit(&f.b);

  // too fast for a runner: skipped with the evidence
  fb_begin(&f);
  d = 0;
  fb_records(&f, T0, T0 + 59, 9.0, NAN, &d);
  fb_end(&f);
  BKS_CHECK_EQ_INT(bks_read_fit(f.b.data, f.b.len, "fast.fit", &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 0);
  BKS_CHECK_EQ_INT(r.nskipped, 1);
  BKS_CHECK(strstr(r.skip_reason, "not like running") != NULL);
  BKS_CHECK(strstr(r.skip_reason, "9.00 m/s") != NULL);
  bks_read_result_deinit(&r);
  bks_buf_deinit(&f.b);
}

// records that go back in time: small steps and repeats are kept and counted, big ones dropped
BKS_TEST(time_going_back) {
  fbuild f;
  fb_begin(&f);
  static const double ts[] = {0, 1, 2, 3, 3, 4, 2, 5, 6, -100, -99, 7, 8, 9, 10};
  double d = 0;
  for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++)
    fb_records(&f, T0 + ts[i], T0 + ts[i], 3, 170, &d);
  fb_session(&f, T0, T0 + 10, d, BKS_FITW_SPORT_RUNNING);
  fb_end(&f);
  bks_read_result r;
  BKS_CHECK_EQ_INT(bks_read_fit(f.b.data, f.b.len, "back.fit", &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    const bks_activity *a = &r.act[0];
    BKS_CHECK_EQ_INT(a->n, 13); // -100 and -99 dropped
    BKS_CHECK(has_warning(a, "2 records went back in time by more than 5 s: dropped"));
    BKS_CHECK(has_warning(a, "1 records step back in time by up to 5 s: kept"));
    BKS_CHECK(has_warning(a, "1 records repeat the previous timestamp: kept"));
    // file order is kept
    BKS_CHECK_NEAR(a->t[4], 3, 0);
    BKS_CHECK_NEAR(a->t[6], 2, 0);
    BKS_CHECK_NEAR(a->t[12], 10, 0);
  }
  bks_read_result_deinit(&r);
  bks_buf_deinit(&f.b);
}

// sessions without a single record: summaries only (and no arithmetic on absent arrays)
BKS_TEST(sessions_without_records) {
  fbuild f;
  fb_begin(&f);
  fb_session(&f, T0, T0 + 600, 1800, BKS_FITW_SPORT_RUNNING);
  fb_session(&f, T0 + 700, T0 + 900, 3000, 2);
  fb_end(&f);
  bks_read_result r;
  BKS_CHECK_EQ_INT(bks_read_fit(f.b.data, f.b.len, "summary.fit", &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  BKS_CHECK_EQ_INT(r.nskipped, 1);
  if (r.nact == 1) {
    BKS_CHECK_EQ_INT(r.act[0].n, 0);
    BKS_CHECK_EQ_INT(r.act[0].start_utc, (int64_t)T0);
    BKS_CHECK_NEAR(r.act[0].duration_s, 600, 1e-9);
    BKS_CHECK_NEAR(r.act[0].distance_m, 1800, 1e-9);
    BKS_CHECK(has_warning(&r.act[0], "no records"));
  }
  bks_read_result_deinit(&r);
  bks_buf_deinit(&f.b);
}

// a file with more sessions than any run file has is refused, not read in quadratic time
BKS_TEST(too_many_sessions) {
  fbuild f;
  fb_begin(&f);
  double d = 0;
  for (int i = 0; i < 257; i++) {
    fb_records(&f, T0 + 2 * i, T0 + 2 * i, 3, 170, &d);
    fb_session(&f, T0 + 2 * i, T0 + 2 * i + 1, 3, BKS_FITW_SPORT_RUNNING);
  }
  fb_end(&f);
  bks_read_result r;
  BKS_CHECK_EQ_INT(bks_read_fit(f.b.data, f.b.len, "many.fit", &r), BKS_E_LIMIT);
  BKS_CHECK_EQ_INT(r.nact, 0);
  BKS_CHECK(strstr(r.err, "limit 256") != NULL);
  bks_read_result_deinit(&r);
  bks_buf_deinit(&f.b);
}

//---- real files (../shared/data) ----

BKS_TEST(fenix5_running_dynamics) {
  char path[4096];
  size_t n;
  uint8_t *p = load_shared("python-fitparse/garmin-fenix-5-run.fit", &n, path, sizeof path);
  if (!p) BKS_SKIP("../shared/data is not available");
  bks_read_result r;
  BKS_CHECK_EQ_INT(bks_read_fit(p, n, path, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    const bks_activity *a = &r.act[0];
    BKS_CHECK_STR(a->device, "garmin fenix5");
    BKS_CHECK_EQ_INT(a->n, 21);
    BKS_CHECK_EQ_INT(a->start_utc, 1497191649);
    // running dynamics present and in a runner's ranges (SI)
    BKS_CHECK(all_within(a->ch[BKS_CH_VERT_OSC], a->n, 0.03, 0.15));
    BKS_CHECK(all_within(a->ch[BKS_CH_GCT], a->n, 0.15, 0.7));
    BKS_CHECK(all_within(a->ch[BKS_CH_STEP_LENGTH], a->n, 0.3, 2.0));
    BKS_CHECK(all_within(a->ch[BKS_CH_VERT_RATIO], a->n, 1, 15));
    BKS_CHECK(all_within(a->ch[BKS_CH_GCT_BALANCE], a->n, 40, 60));
    BKS_CHECK(all_within(a->ch[BKS_CH_CADENCE], a->n, 0, 220));
    BKS_CHECK(all_within(a->ch[BKS_CH_TEMPERATURE], a->n, 20, 30));
  }

  // the values against the fitref-independent decode in the records CSV (ANT FIT SDK dump)
  char csvpath[4096];
  size_t cn;
  uint8_t *csv =
      load_shared("python-fitparse/garmin-fenix-5-run-records.csv", &cn, csvpath, sizeof csvpath);
  BKS_CHECK(csv != NULL);
  if (csv && r.nact == 1) {
    const bks_activity *a = &r.act[0];
    char *text = realloc(csv, cn + 1);
    BKS_CHECK(text != NULL);
    if (text) {
      csv = (uint8_t *)text;
      text[cn] = '\0';
      char *save = NULL, *line = strtok_r(text, "\n", &save); // header
      size_t row = 0;
      double sec0 = NAN;
      while ((line = strtok_r(NULL, "\n", &save)) != NULL && row < a->n) {
        // timestamp,heart_rate,cadence,speed,distance,position_lat,position_long,altitude,temp
        char day[8], mon[8], tz[8];
        int dd, hh, mi, ss, yy;
        double hr, cad, speed, dist, lat, lon, alt, temp;
        int got =
            sscanf(line, "%7s %7s %d %d:%d:%d %7s %d,%lf,%lf,%lf,%lf,%lf,%lf,%lf,%lf", day, mon,
                   &dd, &hh, &mi, &ss, tz, &yy, &hr, &cad, &speed, &dist, &lat, &lon, &alt, &temp);
        BKS_CHECK_EQ_INT(got, 16);
        if (got != 16) break;
        double sec = hh * 3600.0 + mi * 60.0 + ss;
        if (row == 0) sec0 = sec;
        BKS_CHECK_NEAR(a->t[row], sec - sec0, 0);
        BKS_CHECK_NEAR(a->ch[BKS_CH_HEART_RATE][row], hr, 0);
        // the CSV has whole strides/min; we add fractional_cadence and double
        BKS_CHECK(a->ch[BKS_CH_CADENCE][row] >= 2 * cad &&
                  a->ch[BKS_CH_CADENCE][row] < 2 * cad + 2);
        BKS_CHECK_NEAR(a->ch[BKS_CH_SPEED][row], speed, 1e-9);
        BKS_CHECK_NEAR(a->ch[BKS_CH_DISTANCE][row], dist, 1e-9);
        BKS_CHECK_NEAR(a->ch[BKS_CH_LAT][row], lat * 180.0 / 2147483648.0, 1e-9);
        BKS_CHECK_NEAR(a->ch[BKS_CH_LON][row], lon * 180.0 / 2147483648.0, 1e-9);
        BKS_CHECK_NEAR(a->ch[BKS_CH_ALTITUDE][row], alt, 1e-6);
        BKS_CHECK_NEAR(a->ch[BKS_CH_TEMPERATURE][row], temp, 0);
        row++;
      }
      BKS_CHECK_EQ_INT(row, a->n);
    }
  }
  free(csv);
  bks_read_result_deinit(&r);
  free(p);
}

BKS_TEST(multisport_keeps_running_legs) {
  char path[4096];
  size_t n;
  uint8_t *p =
      load_shared("python-fitparse/activity-large-fenxi2-multisport.fit", &n, path, sizeof path);
  if (!p) BKS_SKIP("../shared/data is not available");
  bks_read_result r;
  BKS_CHECK_EQ_INT(bks_read_fit(p, n, path, &r), BKS_OK);
  // sessions: generic, transition, running, transition, running, transition, cycling
  BKS_CHECK_EQ_INT(r.nact, 2);
  BKS_CHECK_EQ_INT(r.nskipped, 5);
  BKS_CHECK(strstr(r.skip_reason, "is not running") != NULL);
  if (r.nact == 2) {
    // each leg: its own start and the session's summary; its records inside its window
    BKS_CHECK_EQ_INT(r.act[0].start_utc, 1440844560);
    BKS_CHECK_NEAR(r.act[0].duration_s, 2294.84, 1e-6);
    BKS_CHECK_NEAR(r.act[0].distance_m, 2245.23, 1e-6);
    BKS_CHECK_EQ_INT(r.act[1].start_utc, 1440846861);
    BKS_CHECK_NEAR(r.act[1].duration_s, 6764.48, 1e-6);
    BKS_CHECK_NEAR(r.act[1].distance_m, 12740.37, 1e-6);
    for (int k = 0; k < 2; k++) {
      const bks_activity *a = &r.act[k];
      BKS_CHECK(a->n > 1000);
      BKS_CHECK(a->t[0] >= 0);
      BKS_CHECK(a->t[a->n - 1] <= a->duration_s + 1e-9);
      BKS_CHECK_EQ_INT(a->sport, BKS_SPORT_RUNNING);
      // a leg's distance starts at 0 and ends near the session's
      BKS_CHECK_NEAR(a->ch[BKS_CH_DISTANCE][0], 0, 1e-9);
      BKS_CHECK_NEAR(a->ch[BKS_CH_DISTANCE][a->n - 1], a->distance_m, 0.02 * a->distance_m);
    }
  }
  bks_read_result_deinit(&r);
  free(p);
}

BKS_TEST(cycling_is_skipped) {
  char path[4096];
  size_t n;
  uint8_t *p = load_shared("python-fitparse/garmin-edge-820-bike.fit", &n, path, sizeof path);
  if (!p) BKS_SKIP("../shared/data is not available");
  bks_read_result r;
  BKS_CHECK_EQ_INT(bks_read_fit(p, n, path, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 0);
  BKS_CHECK_EQ_INT(r.nskipped, 1);
  BKS_CHECK_STR(r.skip_reason, "sport cycling is not running");
  BKS_CHECK_STR(r.err, "");
  bks_read_result_deinit(&r);
  free(p);
}

BKS_TEST(unexpected_eof_keeps_run) {
  char path[4096];
  size_t n;
  uint8_t *p = load_shared("python-fitparse/activity-unexpected-eof.fit", &n, path, sizeof path);
  if (!p) BKS_SKIP("../shared/data is not available");
  bks_read_result r;
  BKS_CHECK_EQ_INT(bks_read_fit(p, n, path, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.damaged, 1);
  BKS_CHECK_EQ_INT(r.err_offset, 768);
  BKS_CHECK_STR(r.err, "offset 768: file ends inside a record");
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    BKS_CHECK_EQ_INT(r.act[0].n, 14);
    BKS_CHECK(has_warning(&r.act[0],
                          "file damaged at byte 768 (file ends inside a record): kept 14 "
                          "records up to 00:00:13"));
  }
  bks_read_result_deinit(&r);
  free(p);
}

BKS_TEST(developer_fields_by_name) {
  char path[4096];
  size_t n;
  uint8_t *p = load_shared("jimmykane-fit-parser/test/running-with-developer-data.fit", &n, path,
                           sizeof path);
  if (!p) BKS_SKIP("../shared/data is not available");
  bks_read_result r;
  BKS_CHECK_EQ_INT(bks_read_fit(p, n, path, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.nact, 1);
  if (r.nact == 1) {
    const bks_activity *a = &r.act[0];
    static const struct {
      const char *name, *units;
      double lo, hi;
    } want[] = {
        {"Power", "Watts", 50, 600},
        {"Form Power", "Watts", 10, 200},
        {"Leg Spring Stiffness", "kN/m", 3, 25},
        {"Ground Time", "Milliseconds", 100, 500},
        {"Vertical Oscillation", "Centimeters", 2, 20},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
      const bks_dev_channel *d = dev_named(a, want[i].name);
      BKS_CHECK(d != NULL);
      if (!d) continue;
      BKS_CHECK_STR(d->units, want[i].units);
      double m = mean(d->v, a->n);
      BKS_CHECK(m >= want[i].lo && m <= want[i].hi);
    }
    // Stryd declares its "Power" as record.power, which this file does not have natively
    BKS_CHECK(a->ch[BKS_CH_POWER] != NULL);
  }
  bks_read_result_deinit(&r);
  free(p);
}

// every FIT file of ../shared/data reads without a crash, and each outcome is consistent
BKS_TEST(all_shared_files) {
  const char *dir = bks_test_shared_data();
  if (!dir) BKS_SKIP("../shared/data is not available");
  char cmd[4200];
  snprintf(cmd, sizeof cmd, "find '%s' -iname '*.fit' | sort", dir);
  FILE *ls = popen(cmd, "r");
  BKS_CHECK(ls != NULL);
  if (!ls) return;
  char path[4096];
  unsigned files = 0, runs = 0;
  while (fgets(path, sizeof path, ls)) {
    path[strcspn(path, "\n")] = '\0';
    size_t n;
    uint8_t *p = load(path, &n);
    if (!p) continue;
    bks_read_result r;
    int rc = bks_read_fit(p, n, path, &r);
    files++;
    BKS_CHECK_EQ_INT(rc, r.status);
    if (rc < 0) {
      BKS_CHECK(r.nact == 0 && r.err[0] != '\0');
    } else {
      BKS_CHECK(r.nact > 0 || r.nskipped > 0);
      if (r.nact == 0 && r.nskipped == 0) fprintf(stderr, "%s: neither run nor skipped\n", path);
    }
    for (size_t i = 0; i < r.nact; i++) {
      const bks_activity *a = &r.act[i];
      runs++;
      BKS_CHECK_EQ_INT(a->sport, BKS_SPORT_RUNNING);
      BKS_CHECK(a->nwarnings <= BKS_ACTIVITY_MAX_WARNINGS);
      for (size_t j = 0; j < a->n; j++) {
        if (!isfinite(a->t[j])) {
          BKS_CHECK(isfinite(a->t[j]));
          break;
        }
      }
    }
    bks_read_result_deinit(&r);
    free(p);
  }
  pclose(ls);
  BKS_CHECK(files > 50);
  BKS_CHECK(runs > 20);
}

BKS_TEST_MAIN(BKS_CASE(example_run), BKS_CASE(truncated_keeps_valid_part),
              BKS_CASE(crc_mismatch_is_damage), BKS_CASE(not_fit), BKS_CASE(multisport_windows),
              BKS_CASE(no_session_guess), BKS_CASE(time_going_back),
              BKS_CASE(sessions_without_records), BKS_CASE(too_many_sessions),
              BKS_CASE(fenix5_running_dynamics), BKS_CASE(multisport_keeps_running_legs),
              BKS_CASE(cycling_is_skipped), BKS_CASE(unexpected_eof_keeps_run),
              BKS_CASE(developer_fields_by_name), BKS_CASE(all_shared_files))
