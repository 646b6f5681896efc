// The library file: schema and migrations, refusing files it must not touch, content-hash and
// same-run duplicates, one transaction per file (a fault injected at every statement in turn),
// and a bit-exact round trip of a run.
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backstride/activity.h"
#include "backstride/store.h"
#include "harness.h"
#include "store/store_hooks.h"

//---- helpers ----

// a fresh folder for one case's library: /tmp/bks-store-XXXXXX
static char *temp_dir(char *buf, size_t n) {
  const char *tmp = getenv("TMPDIR");
  snprintf(buf, n, "%s/bks-store-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  return mkdtemp(buf);
}

static void remove_db(const char *path) {
  char p[1200];
  unlink(path);
  snprintf(p, sizeof p, "%s-wal", path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", path);
  unlink(p);
}

static bks_store *open_db(const char *path) {
  bks_store *s = NULL;
  char err[512];
  int rc = bks_store_open(path, 0, &s, err, sizeof err);
  if (rc != BKS_OK) fprintf(stderr, "open %s: %s\n", path, err);
  return s;
}

// channels a fake activity can have
enum { GPX_LIKE = 1, FIT_DYNAMICS = 2, IMU = 4 };

// a run of `n` one-second samples starting at `start`, lasting `dur` seconds, with the channels
// of a GPX file (position, altitude, heart rate) or of a FIT file with running dynamics
static void make_run(bks_activity *a, const char *format, int64_t start, double dur, size_t n,
                     int kind) {
  bks_activity_init(a);
  snprintf(a->format, sizeof a->format, "%s", format);
  snprintf(a->source_path, sizeof a->source_path, "/runs/%lld.%s", (long long)start, format);
  snprintf(a->sport_name, sizeof a->sport_name, "running");
  snprintf(a->device, sizeof a->device, "test device");
  snprintf(a->name, sizeof a->name, "run at %lld", (long long)start);
  a->sport = BKS_SPORT_RUNNING;
  a->start_utc = start;
  a->duration_s = dur;
  a->timer_s = dur - 1;
  a->distance_m = dur * 3.1;
  if (bks_activity_resize(a, n) < 0) return;
  int chans[8], nch = 0;
  chans[nch++] = BKS_CH_LAT, chans[nch++] = BKS_CH_LON, chans[nch++] = BKS_CH_ALTITUDE;
  chans[nch++] = BKS_CH_HEART_RATE;
  if (kind & FIT_DYNAMICS) {
    chans[nch++] = BKS_CH_VERT_OSC, chans[nch++] = BKS_CH_GCT, chans[nch++] = BKS_CH_CADENCE;
    chans[nch++] = BKS_CH_DISTANCE;
  }
  for (int k = 0; k < nch; k++) bks_activity_add_channel(a, (bks_channel)chans[k]);
  if (kind & IMU) {
    bks_activity_add_imu(a, 1);
    a->imu_rate_hz = 100;
  }
  for (size_t i = 0; i < n; i++) {
    a->t[i] = (double)i * dur / (double)(n > 1 ? n - 1 : 1);
    // values no float32 could hold exactly: the round trip must keep every bit
    a->ch[BKS_CH_LAT][i] = 47.376887 + 1e-7 * (double)i + 1.0 / 3e9;
    a->ch[BKS_CH_LON][i] = 8.541694 - 1e-7 * (double)i;
    a->ch[BKS_CH_ALTITUDE][i] = 408.2 + 0.1 * sin((double)i);
    a->ch[BKS_CH_HEART_RATE][i] = i % 17 == 0 ? NAN : 140 + (double)(i % 9);
    if (kind & FIT_DYNAMICS) {
      a->ch[BKS_CH_VERT_OSC][i] = 0.0842 + 1e-5 * (double)(i % 7);
      a->ch[BKS_CH_GCT][i] = 0.2461 + 1e-4 * (double)(i % 5);
      a->ch[BKS_CH_CADENCE][i] = 171.5;
      a->ch[BKS_CH_DISTANCE][i] = 3.1 * a->t[i];
    }
    if (kind & IMU) {
      for (int k = 0; k < 3; k++) {
        a->acc[k][i] = (float)(9.81 * (k == 2) + 0.01 * (double)i);
        a->gyr[k][i] = (float)(0.5 * k);
      }
    }
  }
  if (kind & FIT_DYNAMICS) {
    size_t idx;
    bks_activity_add_dev_channel(a, "Leg Spring Stiffness", "kN/m", &idx);
    for (size_t i = 0; i < n; i++) a->dev[idx].v[i] = 10.5 + 0.001 * (double)i;
    a->laps = calloc(2, sizeof *a->laps);
    a->nlaps = 2;
    a->laps[0] = (bks_lap){0, dur / 2, dur / 2 - 1, dur * 1.55};
    a->laps[1] = (bks_lap){dur / 2, dur / 2, NAN, NAN};
  }
  bks_activity_warn(a, "test warning %d", 1);
  bks_activity_warn(a, "a second warning, with a\nnewline");
}

// a source file description with a hash made from `seed`
static bks_store_file file_of(const char *path, const char *format, uint8_t sha[32], int seed) {
  for (int i = 0; i < 32; i++) sha[i] = (uint8_t)(seed * 31 + i * 7);
  bks_store_file f = {path, sha, format, 1000};
  return f;
}

static int64_t count_runs(bks_store *s) {
  int64_t n = -1;
  bks_store_count_runs(s, &n);
  return n;
}

static void check_whole(bks_store *s) {
  bks_check_result r;
  BKS_CHECK_EQ_INT(bks_store_check(s, &r), BKS_OK);
  BKS_CHECK(r.integrity_ok);
  BKS_CHECK(r.foreign_keys_ok);
  BKS_CHECK_EQ_INT(r.incomplete_runs, 0);
  if (r.first_problem[0]) fprintf(stderr, "check: %s\n", r.first_problem);
}

// overwrite 4 big-endian bytes of the database header (offset 60: user_version, 68:
// application_id): how a file from a newer program, or another program's, looks
static void poke_header(const char *path, long off, uint32_t v) {
  int fd = open(path, O_WRONLY);
  uint8_t b[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
  BKS_CHECK(fd >= 0 && pwrite(fd, b, 4, off) == 4);
  if (fd >= 0) close(fd);
}

//---- schema ----

BKS_TEST(migrates_from_empty) {
  char dir[256], path[300];
  if (!temp_dir(dir, sizeof dir)) BKS_SKIP("no temporary folder");
  // missing parent folders are created (mode 0700), the file itself is private
  snprintf(path, sizeof path, "%s/a/b/lib.db", dir);
  bks_store *s = open_db(path);
  BKS_CHECK(s != NULL);
  if (!s) return;
  BKS_CHECK_EQ_INT(bks_store_schema_version(s), BKS_STORE_SCHEMA_VERSION);
  BKS_CHECK_EQ_INT(count_runs(s), 0);
  check_whole(s);
  bks_store_close(s);
  struct stat st;
  char sub[300];
  snprintf(sub, sizeof sub, "%s/a/b", dir);
  BKS_CHECK(stat(sub, &st) == 0 && (st.st_mode & 0777) == 0700);
  BKS_CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);

  // reopening finds the schema in place and migrates nothing
  s = open_db(path);
  BKS_CHECK(s != NULL);
  if (s) BKS_CHECK_EQ_INT(bks_store_schema_version(s), BKS_STORE_SCHEMA_VERSION);
  bks_store_close(s);

  // a file without a library: NOCREATE leaves it alone
  char missing[300], err[512];
  snprintf(missing, sizeof missing, "%s/none.db", dir);
  bks_store *m = NULL;
  BKS_CHECK_EQ_INT(bks_store_open(missing, BKS_STORE_NOCREATE, &m, err, sizeof err), BKS_E_OPEN);
  BKS_CHECK(m == NULL && access(missing, F_OK) != 0);

  remove_db(path);
  rmdir(sub);
  snprintf(sub, sizeof sub, "%s/a", dir);
  rmdir(sub);
  rmdir(dir);
}

BKS_TEST(in_memory_library) {
  bks_store *s = open_db(":memory:");
  BKS_CHECK(s != NULL);
  if (!s) return;
  BKS_CHECK_EQ_INT(bks_store_schema_version(s), BKS_STORE_SCHEMA_VERSION);
  bks_activity a;
  make_run(&a, "fit", 1700000000, 600, 60, FIT_DYNAMICS);
  uint8_t h[32];
  bks_store_file f = file_of("/m.fit", "fit", h, 3);
  BKS_CHECK_EQ_INT(bks_store_add_file(s, &f, &a, 1, NULL), BKS_OK);
  BKS_CHECK_EQ_INT(count_runs(s), 1);
  check_whole(s);
  bks_activity_deinit(&a);
  bks_store_close(s);
  BKS_CHECK(access(":memory:", F_OK) != 0); // no file of that name
}

BKS_TEST(refuses_newer_and_foreign_files) {
  char dir[256], path[300], err[512];
  if (!temp_dir(dir, sizeof dir)) BKS_SKIP("no temporary folder");
  snprintf(path, sizeof path, "%s/lib.db", dir);
  bks_store *s = open_db(path);
  bks_store_close(s); // the last connection checkpoints: the header is in the main file

  // written by a newer backstride: refused, named, and left untouched
  poke_header(path, 60, BKS_STORE_SCHEMA_VERSION + 1);
  s = NULL;
  BKS_CHECK_EQ_INT(bks_store_open(path, 0, &s, err, sizeof err), BKS_E_UNSUPPORTED);
  BKS_CHECK(s == NULL);
  BKS_CHECK(strstr(err, "newer backstride") != NULL);

  // another program's SQLite database
  poke_header(path, 60, BKS_STORE_SCHEMA_VERSION);
  poke_header(path, 68, 0x12345678);
  BKS_CHECK_EQ_INT(bks_store_open(path, 0, &s, err, sizeof err), BKS_E_FORMAT);
  BKS_CHECK(strstr(err, "not a backstride library") != NULL);
  remove_db(path);

  // not SQLite at all
  FILE *f = fopen(path, "wb");
  fputs("this is a text file, not a database; it is long enough to have a header or more..\n"
        "0123456789012345678901234567890123456789012345678901234567890123456789\n",
        f);
  fclose(f);
  BKS_CHECK_EQ_INT(bks_store_open(path, 0, &s, err, sizeof err), BKS_E_FORMAT);
  BKS_CHECK(strstr(err, "not an SQLite database") != NULL);
  remove_db(path);
  rmdir(dir);
}

BKS_TEST(default_path_follows_xdg) {
  char p[512];
  const char *old_xdg = getenv("XDG_DATA_HOME"), *old_home = getenv("HOME");
  char *keep_xdg = old_xdg ? strdup(old_xdg) : NULL,
       *keep_home = old_home ? strdup(old_home) : NULL;
  setenv("XDG_DATA_HOME", "/data/x", 1);
  BKS_CHECK_EQ_INT(bks_store_default_path(p, sizeof p), BKS_OK);
  BKS_CHECK_STR(p, "/data/x/backstride/backstride.db");
  // a relative XDG_DATA_HOME is invalid (XDG spec): the HOME fallback applies
  setenv("XDG_DATA_HOME", "rel", 1);
  setenv("HOME", "/home/r", 1);
  BKS_CHECK_EQ_INT(bks_store_default_path(p, sizeof p), BKS_OK);
  BKS_CHECK_STR(p, "/home/r/.local/share/backstride/backstride.db");
  unsetenv("XDG_DATA_HOME");
  BKS_CHECK_EQ_INT(bks_store_default_path(p, sizeof p), BKS_OK);
  BKS_CHECK_STR(p, "/home/r/.local/share/backstride/backstride.db");
  BKS_CHECK_EQ_INT(bks_store_default_path(p, 10), BKS_E_LIMIT);
  if (keep_xdg) setenv("XDG_DATA_HOME", keep_xdg, 1);
  if (keep_home) setenv("HOME", keep_home, 1);
  free(keep_xdg);
  free(keep_home);
}

//---- duplicates ----

BKS_TEST(same_bytes_twice_add_nothing) {
  char dir[256], path[300];
  if (!temp_dir(dir, sizeof dir)) BKS_SKIP("no temporary folder");
  snprintf(path, sizeof path, "%s/lib.db", dir);
  bks_store *s = open_db(path);
  if (!s) return;
  bks_activity a;
  make_run(&a, "fit", 1700000000, 3000, 600, FIT_DYNAMICS);
  uint8_t sha[32];
  bks_store_file f = file_of("/runs/a.fit", "fit", sha, 1);
  bks_store_known known;
  BKS_CHECK_EQ_INT(bks_store_lookup(s, sha, &known, NULL, 0), BKS_OK);
  BKS_CHECK_EQ_INT(known, BKS_STORE_UNKNOWN);

  bks_store_add_result r;
  BKS_CHECK_EQ_INT(bks_store_add_file(s, &f, &a, 1, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.added, 1);
  BKS_CHECK_EQ_INT(r.hash_dup, 0);
  BKS_CHECK(r.first_id > 0);
  BKS_CHECK_EQ_INT(bks_store_lookup(s, sha, &known, NULL, 0), BKS_OK);
  BKS_CHECK_EQ_INT(known, BKS_STORE_SOURCE);

  BKS_CHECK_EQ_INT(bks_store_add_file(s, &f, &a, 1, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.hash_dup, 1);
  BKS_CHECK_EQ_INT(r.added, 0);
  BKS_CHECK_EQ_INT(count_runs(s), 1);

  // a file without a run is remembered with its reason
  uint8_t sha2[32];
  bks_store_file g = file_of("/rides/b.fit", "fit", sha2, 2);
  BKS_CHECK_EQ_INT(bks_store_add_skipped(s, &g, "sport cycling is not running"), BKS_OK);
  char reason[160];
  BKS_CHECK_EQ_INT(bks_store_lookup(s, sha2, &known, reason, sizeof reason), BKS_OK);
  BKS_CHECK_EQ_INT(known, BKS_STORE_SKIPPED);
  BKS_CHECK_STR(reason, "sport cycling is not running");
  BKS_CHECK_EQ_INT(bks_store_add_skipped(s, &g, "sport cycling is not running"), BKS_OK);
  bks_check_result cr;
  bks_store_check(s, &cr);
  BKS_CHECK_EQ_INT(cr.skipped, 1);
  BKS_CHECK_EQ_INT(cr.sources, 1);

  bks_activity_deinit(&a);
  bks_store_close(s);
  remove_db(path);
  rmdir(dir);
}

BKS_TEST(fit_and_gpx_of_one_run_keep_the_richer) {
  char dir[256], path[300];
  if (!temp_dir(dir, sizeof dir)) BKS_SKIP("no temporary folder");
  snprintf(path, sizeof path, "%s/lib.db", dir);
  bks_store *s = open_db(path);
  if (!s) return;
  const int64_t t0 = 1700000000;
  bks_activity gpx, fit, gpx2, other, longrun, longrun2, shortrun, shortrun2;
  make_run(&gpx, "gpx", t0, 3600, 360, GPX_LIKE);
  make_run(&fit, "fit", t0 + 20, 3590, 720, FIT_DYNAMICS);     // same run, 20 s later, 10 s shorter
  make_run(&gpx2, "gpx", t0 - 30, 3650, 365, GPX_LIKE);        // the same run exported once more
  make_run(&other, "gpx", t0 + 3 * 3600, 3600, 360, GPX_LIKE); // later that day: another run
  make_run(&longrun, "gpx", t0 + 86400, 10000, 100, GPX_LIKE); // 5 % of 10400 s = 520 s
  make_run(&longrun2, "gpx", t0 + 86430, 10400, 100, GPX_LIKE); // 400 s longer: the same run
  make_run(&shortrun, "gpx", t0 + 172800, 1000, 100, GPX_LIKE); // 10 %, 100 s: another run
  make_run(&shortrun2, "gpx", t0 + 172810, 1100, 100, GPX_LIKE);
  BKS_CHECK(bks_store_richness(&fit) > bks_store_richness(&gpx));

  uint8_t h[8][32];
  bks_store_add_result r;
  bks_store_file f = file_of("/runs/x.gpx", "gpx", h[0], 10);
  BKS_CHECK_EQ_INT(bks_store_add_file(s, &f, &gpx, 1, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.added, 1);
  int64_t id = r.first_id;

  // the FIT arrives: the same run, richer: it replaces the GPX's copy, keeping the id
  f = file_of("/runs/x.fit", "fit", h[1], 11);
  BKS_CHECK_EQ_INT(bks_store_add_file(s, &f, &fit, 1, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.added, 1);
  BKS_CHECK_EQ_INT(r.replaced, 1);
  BKS_CHECK_EQ_INT(r.first_id, id);
  BKS_CHECK_EQ_INT(count_runs(s), 1);
  bks_run_info info;
  BKS_CHECK_EQ_INT(bks_store_run_get(s, id, &info), BKS_OK);
  BKS_CHECK_STR(info.format, "fit");
  BKS_CHECK_STR(info.source_path, "/runs/x.fit");
  BKS_CHECK_EQ_INT(info.start_utc, t0 + 20);
  BKS_CHECK_EQ_INT(info.n_samples, 720);
  BKS_CHECK(info.channels & (1u << BKS_CH_VERT_OSC));
  BKS_CHECK_EQ_INT(info.nlaps, 2);
  check_whole(s); // the GPX's samples went with it

  // the GPX again (another export, other bytes): poorer, so only reported
  f = file_of("/runs/y.gpx", "gpx", h[2], 12);
  BKS_CHECK_EQ_INT(bks_store_add_file(s, &f, &gpx2, 1, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.added, 0);
  BKS_CHECK_EQ_INT(r.duplicates, 1);
  BKS_CHECK_EQ_INT(count_runs(s), 1);
  BKS_CHECK_EQ_INT(bks_store_run_get(s, id, &info), BKS_OK);
  BKS_CHECK_STR(info.format, "fit");

  // a later run the same day is a run of its own
  f = file_of("/runs/z.gpx", "gpx", h[3], 13);
  BKS_CHECK_EQ_INT(bks_store_add_file(s, &f, &other, 1, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.added, 1);
  BKS_CHECK_EQ_INT(count_runs(s), 2);

  // duration: within 5 % of the longer (even past 60 s) is the same run; past both, another
  f = file_of("/runs/l1.gpx", "gpx", h[4], 14);
  BKS_CHECK_EQ_INT(bks_store_add_file(s, &f, &longrun, 1, &r), BKS_OK);
  f = file_of("/runs/l2.gpx", "gpx", h[5], 15);
  BKS_CHECK_EQ_INT(bks_store_add_file(s, &f, &longrun2, 1, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.duplicates, 1);
  f = file_of("/runs/s1.gpx", "gpx", h[6], 16);
  BKS_CHECK_EQ_INT(bks_store_add_file(s, &f, &shortrun, 1, &r), BKS_OK);
  f = file_of("/runs/s2.gpx", "gpx", h[7], 17);
  BKS_CHECK_EQ_INT(bks_store_add_file(s, &f, &shortrun2, 1, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.added, 1);
  BKS_CHECK_EQ_INT(count_runs(s), 5);
  check_whole(s);

  bks_activity *all[] = {&gpx, &fit, &gpx2, &other, &longrun, &longrun2, &shortrun, &shortrun2};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) bks_activity_deinit(all[i]);
  bks_store_close(s);
  remove_db(path);
  rmdir(dir);
}

BKS_TEST(fit_first_then_gpx_is_a_duplicate) {
  char dir[256], path[300];
  if (!temp_dir(dir, sizeof dir)) BKS_SKIP("no temporary folder");
  snprintf(path, sizeof path, "%s/lib.db", dir);
  bks_store *s = open_db(path);
  if (!s) return;
  bks_activity fit, gpx;
  make_run(&fit, "fit", 1600000000, 2400, 400, FIT_DYNAMICS);
  make_run(&gpx, "gpx", 1600000030, 2400, 400, GPX_LIKE);
  uint8_t h1[32], h2[32];
  bks_store_add_result r;
  bks_store_file f = file_of("/a.fit", "fit", h1, 1);
  BKS_CHECK_EQ_INT(bks_store_add_file(s, &f, &fit, 1, &r), BKS_OK);
  f = file_of("/a.gpx", "gpx", h2, 2);
  BKS_CHECK_EQ_INT(bks_store_add_file(s, &f, &gpx, 1, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.added, 0);
  BKS_CHECK_EQ_INT(r.duplicates, 1);
  BKS_CHECK_EQ_INT(count_runs(s), 1);
  // the GPX file is known now: importing it again is decided by its hash
  bks_store_known known;
  bks_store_lookup(s, h2, &known, NULL, 0);
  BKS_CHECK_EQ_INT(known, BKS_STORE_SOURCE);
  bks_activity_deinit(&fit);
  bks_activity_deinit(&gpx);
  bks_store_close(s);
  remove_db(path);
  rmdir(dir);
}

//---- one transaction per file ----

BKS_TEST(a_failure_mid_file_leaves_nothing) {
  char dir[256], path[300];
  if (!temp_dir(dir, sizeof dir)) BKS_SKIP("no temporary folder");
  snprintf(path, sizeof path, "%s/lib.db", dir);
  bks_store *s = open_db(path);
  if (!s) return;

  // a stored run that the file's first activity replaces: a failure must bring it back whole
  bks_activity old;
  make_run(&old, "gpx", 1500000000, 1800, 180, GPX_LIKE);
  uint8_t h0[32], h1[32];
  bks_store_file f0 = file_of("/old.gpx", "gpx", h0, 40);
  bks_store_add_result r;
  BKS_CHECK_EQ_INT(bks_store_add_file(s, &f0, &old, 1, &r), BKS_OK);
  int64_t old_id = r.first_id;

  // a multisport-like file: three runs, the first the same as the stored one but richer
  bks_activity legs[3];
  make_run(&legs[0], "fit", 1500000010, 1790, 300, FIT_DYNAMICS | IMU);
  make_run(&legs[1], "fit", 1500005000, 1200, 200, FIT_DYNAMICS);
  make_run(&legs[2], "fit", 1500009000, 900, 150, FIT_DYNAMICS);
  bks_store_file f1 = file_of("/multi.fit", "fit", h1, 41);

  // fail the 1st, 2nd, ... statement of the file's transaction in turn, until it gets through
  int n, succeeded = 0;
  for (n = 1; n < 500 && !succeeded; n++) {
    bks__store_set_fault(s, n);
    int rc = bks_store_add_file(s, &f1, legs, 3, &r);
    bks__store_set_fault(s, 0);
    if (rc == BKS_OK) {
      succeeded = 1;
      break;
    }
    BKS_CHECK_EQ_INT(rc, BKS_E_DB);
    BKS_CHECK(strstr(bks_store_errmsg(s), "injected fault") != NULL);
    // nothing of the file: one run, the old one, whole and as it was
    BKS_CHECK_EQ_INT(count_runs(s), 1);
    bks_store_known known;
    bks_store_lookup(s, h1, &known, NULL, 0);
    BKS_CHECK_EQ_INT(known, BKS_STORE_UNKNOWN);
    bks_run_info info;
    BKS_CHECK_EQ_INT(bks_store_run_get(s, old_id, &info), BKS_OK);
    BKS_CHECK_STR(info.format, "gpx");
    BKS_CHECK_EQ_INT(info.n_samples, 180);
    check_whole(s);
  }
  BKS_CHECK(succeeded);
  BKS_CHECK(n > 20); // every statement of the file had its turn to fail
  BKS_CHECK_EQ_INT(r.added, 3);
  BKS_CHECK_EQ_INT(r.replaced, 1);
  BKS_CHECK_EQ_INT(count_runs(s), 3);
  check_whole(s);

  // the same file once more: a hash duplicate
  BKS_CHECK_EQ_INT(bks_store_add_file(s, &f1, legs, 3, &r), BKS_OK);
  BKS_CHECK_EQ_INT(r.hash_dup, 1);

  bks_activity_deinit(&old);
  for (int i = 0; i < 3; i++) bks_activity_deinit(&legs[i]);
  bks_store_close(s);
  remove_db(path);
  rmdir(dir);
}

BKS_TEST(inconsistent_activity_is_refused_before_writing) {
  char dir[256], path[300];
  if (!temp_dir(dir, sizeof dir)) BKS_SKIP("no temporary folder");
  snprintf(path, sizeof path, "%s/lib.db", dir);
  bks_store *s = open_db(path);
  if (!s) return;
  bks_activity acts[2];
  make_run(&acts[0], "fit", 1400000000, 600, 60, FIT_DYNAMICS);
  bks_activity_init(&acts[1]);
  acts[1].n = 10; // samples without a time axis
  uint8_t h[32];
  bks_store_file f = file_of("/bad.fit", "fit", h, 5);
  BKS_CHECK_EQ_INT(bks_store_add_file(s, &f, acts, 2, NULL), BKS_E_INVAL);
  BKS_CHECK(strstr(bks_store_errmsg(s), "time axis") != NULL);
  BKS_CHECK_EQ_INT(count_runs(s), 0);
  acts[1].n = 0;
  bks_activity_deinit(&acts[0]);
  bks_store_close(s);
  remove_db(path);
  rmdir(dir);
}

//---- reading back ----

static int same_bits(const double *a, const double *b, size_t n) {
  return (a == NULL) == (b == NULL) && (!a || memcmp(a, b, n * sizeof *a) == 0);
}

BKS_TEST(a_run_comes_back_bit_for_bit) {
  char dir[256], path[300];
  if (!temp_dir(dir, sizeof dir)) BKS_SKIP("no temporary folder");
  snprintf(path, sizeof path, "%s/lib.db", dir);
  bks_store *s = open_db(path);
  if (!s) return;
  bks_activity a, b;
  make_run(&a, "fit", 1650000000, 1234.5, 777, FIT_DYNAMICS | IMU);
  uint8_t h[32];
  bks_store_file f = file_of("/some/where/run.fit", "fit", h, 9);
  bks_store_add_result r;
  BKS_CHECK_EQ_INT(bks_store_add_file(s, &f, &a, 1, &r), BKS_OK);
  bks_store_close(s);

  s = open_db(path); // from the file, not from a cache
  if (!s) return;
  bks_activity_init(&b);
  BKS_CHECK_EQ_INT(bks_store_load(s, r.first_id, 0, &b), BKS_OK);
  BKS_CHECK_EQ_INT(b.n, a.n);
  BKS_CHECK(same_bits(a.t, b.t, a.n));
  for (int c = 0; c < BKS_NCHANNELS; c++) {
    if (!same_bits(a.ch[c], b.ch[c], a.n)) {
      fprintf(stderr, "channel %s differs\n", bks_channel_name((bks_channel)c));
      BKS_CHECK(0);
    }
  }
  for (int k = 0; k < 3; k++) {
    BKS_CHECK(b.acc[k] && memcmp(a.acc[k], b.acc[k], a.n * sizeof(float)) == 0);
    BKS_CHECK(b.gyr[k] && memcmp(a.gyr[k], b.gyr[k], a.n * sizeof(float)) == 0);
  }
  BKS_CHECK_NEAR(b.imu_rate_hz, 100, 0);
  BKS_CHECK_EQ_INT(b.ndev, 1);
  if (b.ndev == 1) {
    BKS_CHECK_STR(b.dev[0].name, "Leg Spring Stiffness");
    BKS_CHECK_STR(b.dev[0].units, "kN/m");
    BKS_CHECK(same_bits(a.dev[0].v, b.dev[0].v, a.n));
  }
  BKS_CHECK_EQ_INT(b.nlaps, 2);
  if (b.nlaps == 2) {
    BKS_CHECK_NEAR(b.laps[0].timer_s, a.laps[0].timer_s, 0);
    BKS_CHECK(isnan(b.laps[1].timer_s) && isnan(b.laps[1].distance_m));
  }
  BKS_CHECK_EQ_INT(b.start_utc, a.start_utc);
  BKS_CHECK_NEAR(b.duration_s, a.duration_s, 0);
  BKS_CHECK_NEAR(b.timer_s, a.timer_s, 0);
  BKS_CHECK_NEAR(b.distance_m, a.distance_m, 0);
  BKS_CHECK_STR(b.format, "fit");
  BKS_CHECK_STR(b.source_path, "/some/where/run.fit");
  BKS_CHECK_STR(b.device, "test device");
  BKS_CHECK_STR(b.name, a.name);
  BKS_CHECK(b.sport == BKS_SPORT_RUNNING);
  BKS_CHECK(memcmp(b.sha256, h, 32) == 0);
  BKS_CHECK_EQ_INT(b.nwarnings, 2);
  BKS_CHECK_STR(b.warnings[0], "test warning 1");
  BKS_CHECK_STR(b.warnings[1], "a second warning, with a newline");

  // metadata only
  bks_activity c;
  bks_activity_init(&c);
  BKS_CHECK_EQ_INT(bks_store_load(s, r.first_id, BKS_STORE_LOAD_NO_SAMPLES, &c), BKS_OK);
  BKS_CHECK_EQ_INT(c.n, 0);
  BKS_CHECK_EQ_INT(c.nlaps, 2);
  BKS_CHECK_EQ_INT(c.ndev, 1);
  BKS_CHECK_EQ_INT(bks_store_load(s, 424242, 0, &c), BKS_END);

  bks_activity_deinit(&a);
  bks_activity_deinit(&b);
  bks_activity_deinit(&c);
  bks_store_close(s);
  remove_db(path);
  rmdir(dir);
}

static int count_cb(const bks_run_info *r, void *ctx) {
  int64_t *last = ctx;
  // oldest first
  BKS_CHECK(r->start_utc >= last[0]);
  last[0] = r->start_utc;
  last[1]++;
  return 0;
}

BKS_TEST(runs_lists_all_oldest_first) {
  char dir[256], path[300];
  if (!temp_dir(dir, sizeof dir)) BKS_SKIP("no temporary folder");
  snprintf(path, sizeof path, "%s/lib.db", dir);
  bks_store *s = open_db(path);
  if (!s) return;
  // more runs than any sensible default page: there must be no limit
  for (int i = 0; i < 150; i++) {
    bks_activity a;
    make_run(&a, "gpx", 1300000000 + (int64_t)((i * 7919) % 150) * 86400, 1800, 10, GPX_LIKE);
    uint8_t h[32];
    bks_store_file f = file_of("/r.gpx", "gpx", h, 1000 + i);
    BKS_CHECK_EQ_INT(bks_store_add_file(s, &f, &a, 1, NULL), BKS_OK);
    bks_activity_deinit(&a);
  }
  int64_t state[2] = {0, 0};
  BKS_CHECK_EQ_INT(bks_store_runs(s, count_cb, state), BKS_OK);
  BKS_CHECK_EQ_INT(state[1], 150);
  bks_store_close(s);
  remove_db(path);
  rmdir(dir);
}

BKS_TEST_MAIN(BKS_CASE(migrates_from_empty), BKS_CASE(in_memory_library),
              BKS_CASE(refuses_newer_and_foreign_files), BKS_CASE(default_path_follows_xdg),
              BKS_CASE(same_bytes_twice_add_nothing),
              BKS_CASE(fit_and_gpx_of_one_run_keep_the_richer),
              BKS_CASE(fit_first_then_gpx_is_a_duplicate),
              BKS_CASE(a_failure_mid_file_leaves_nothing),
              BKS_CASE(inconsistent_activity_is_refused_before_writing),
              BKS_CASE(a_run_comes_back_bit_for_bit), BKS_CASE(runs_lists_all_oldest_first))
