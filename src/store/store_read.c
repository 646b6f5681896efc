// Reading the library back: run summaries, whole runs, and the consistency check.
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/alloc.h"
#include "store_internal.h"

// the columns bks_run_info is filled from, in this order (see read_info)
#define RUN_COLUMNS                                                                                \
  "r.id, r.source_id, s.path, s.format, r.sport, r.sport_name, r.sport_guessed, r.device, "        \
  "r.name, r.start_utc, r.duration_s, r.timer_s, r.distance_m, r.n_samples, r.channels, "          \
  "r.n_dev, r.n_laps, r.richness, r.imu_rate_hz, s.imported_at, r.warnings, s.sha256, "            \
  "v.shoe_id, v.assigned, sh.name "                                                                \
  "FROM runs r JOIN sources s ON s.id = r.source_id JOIN run_shoes v ON v.run_id = r.id "          \
  "LEFT JOIN shoes sh ON sh.id = v.shoe_id"

static void col_text(sqlite3_stmt *st, int i, char *dst, size_t cap) {
  const char *v = (const char *)sqlite3_column_text(st, i);
  snprintf(dst, cap, "%s", v ? v : "");
}

static double col_real(sqlite3_stmt *st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

// split the stored warnings (one per line) into the fixed array
static unsigned split_warnings(const char *w, char out[][160], unsigned max) {
  unsigned n = 0;
  while (w && *w && n < max) {
    const char *nl = strchr(w, '\n');
    size_t len = nl ? (size_t)(nl - w) : strlen(w);
    snprintf(out[n++], 160, "%.*s", (int)(len < 159 ? len : 159), w);
    w = nl ? nl + 1 : NULL;
  }
  return n;
}

static void read_info(sqlite3_stmt *st, bks_run_info *r) {
  memset(r, 0, sizeof *r);
  r->id = sqlite3_column_int64(st, 0);
  r->source_id = sqlite3_column_int64(st, 1);
  col_text(st, 2, r->source_path, sizeof r->source_path);
  col_text(st, 3, r->format, sizeof r->format);
  col_text(st, 4, r->sport, sizeof r->sport);
  col_text(st, 5, r->sport_name, sizeof r->sport_name);
  r->sport_guessed = sqlite3_column_int(st, 6);
  col_text(st, 7, r->device, sizeof r->device);
  col_text(st, 8, r->name, sizeof r->name);
  r->start_utc = sqlite3_column_int64(st, 9);
  r->duration_s = sqlite3_column_double(st, 10);
  r->timer_s = col_real(st, 11);
  r->distance_m = col_real(st, 12);
  r->n_samples = (size_t)sqlite3_column_int64(st, 13);
  r->channels = (uint32_t)sqlite3_column_int64(st, 14);
  r->ndev = (unsigned)sqlite3_column_int(st, 15);
  r->nlaps = (unsigned)sqlite3_column_int(st, 16);
  r->richness = sqlite3_column_int(st, 17);
  r->imu_rate_hz = col_real(st, 18);
  col_text(st, 19, r->imported_at, sizeof r->imported_at);
  r->nwarnings = split_warnings((const char *)sqlite3_column_text(st, 20), r->warnings,
                                BKS_ACTIVITY_MAX_WARNINGS);
  r->shoe_id = sqlite3_column_type(st, 22) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 22);
  r->shoe_assigned = sqlite3_column_int(st, 23);
  col_text(st, 24, r->shoe_name, sizeof r->shoe_name);
}

int bks_store_runs(bks_store *s, bks_run_info_fn fn, void *ctx) {
  sqlite3_stmt *st;
  s->msg[0] = '\0';
  if (sqlite3_prepare_v2(s->db, "SELECT " RUN_COLUMNS " ORDER BY r.start_utc, r.id", -1, &st,
                         NULL) != SQLITE_OK) {
    return bks__store_dberr(s, "listing runs");
  }
  // one bks_run_info reused for every row: it is large (the warnings), so not on the stack
  bks_run_info *info = bks_malloc(sizeof *info);
  if (!info) {
    sqlite3_finalize(st);
    return bks__store_fail(s, BKS_E_NOMEM, "out of memory listing runs");
  }
  int rc, ret = BKS_OK;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    read_info(st, info);
    ret = fn(info, ctx);
    if (ret != 0) break;
  }
  if (ret == 0 && rc != SQLITE_DONE) ret = bks__store_dberr(s, "listing runs");
  free(info);
  sqlite3_finalize(st);
  return ret;
}

int bks_store_count_runs(bks_store *s, int64_t *n) {
  sqlite3_stmt *st;
  *n = 0;
  if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM runs", -1, &st, NULL) != SQLITE_OK) {
    return bks__store_dberr(s, "counting runs");
  }
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? BKS_OK : bks__store_dberr(s, "counting runs");
}

int bks_store_data_version(bks_store *s, int64_t *v) {
  sqlite3_stmt *st;
  *v = 0;
  if (sqlite3_prepare_v2(s->db, "PRAGMA data_version", -1, &st, NULL) != SQLITE_OK) {
    return bks__store_dberr(s, "reading the data version");
  }
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? BKS_OK : bks__store_dberr(s, "reading the data version");
}

// run `id`'s summary; with `sha` (32 bytes) also the source's hash
static int get_info(bks_store *s, int64_t id, bks_run_info *out, uint8_t *sha) {
  sqlite3_stmt *st;
  s->msg[0] = '\0';
  if (sqlite3_prepare_v2(s->db, "SELECT " RUN_COLUMNS " WHERE r.id = ?1", -1, &st, NULL) !=
      SQLITE_OK) {
    return bks__store_dberr(s, "reading a run");
  }
  sqlite3_bind_int64(st, 1, id);
  int rc = sqlite3_step(st), ret;
  if (rc == SQLITE_ROW) {
    read_info(st, out);
    if (sha && sqlite3_column_bytes(st, 21) == 32) memcpy(sha, sqlite3_column_blob(st, 21), 32);
    ret = BKS_OK;
  } else if (rc == SQLITE_DONE) {
    ret = bks__store_fail(s, BKS_END, "no run with id %lld", (long long)id);
  } else {
    ret = bks__store_dberr(s, "reading a run");
  }
  sqlite3_finalize(st);
  return ret;
}

int bks_store_run_get(bks_store *s, int64_t id, bks_run_info *out) {
  return get_info(s, id, out, NULL);
}

//---- Loading a whole run ----

// bytes per value of a stored dtype, 0 when unknown
static size_t dtype_size(const char *dtype) {
  if (dtype && strcmp(dtype, "f8") == 0) return 8;
  if (dtype && strcmp(dtype, "f4") == 0) return 4;
  return 0;
}

// decode a stored blob of `n` values into doubles (`vd`) or floats (`vf`)
static void decode(const uint8_t *p, size_t size, size_t n, double *vd, float *vf) {
  for (size_t i = 0; i < n; i++) {
    double v;
    if (size == 8) {
      uint64_t u = 0;
      for (int k = 0; k < 8; k++) u |= (uint64_t)p[8 * i + (size_t)k] << (8 * k);
      memcpy(&v, &u, 8);
    } else {
      uint32_t u = 0;
      float f;
      for (int k = 0; k < 4; k++) u |= (uint32_t)p[4 * i + (size_t)k] << (8 * k);
      memcpy(&f, &u, 4);
      v = f;
    }
    if (vd) vd[i] = v;
    if (vf) vf[i] = (float)v;
  }
}

// check a blob's length against the run's sample count
static int check_blob(bks_store *s, int64_t id, const char *what, const char *dtype, int bytes,
                      size_t n, size_t *size) {
  *size = dtype_size(dtype);
  if (*size == 0 || bytes < 0 || (size_t)bytes != n * *size) {
    return bks__store_fail(s, BKS_E_CORRUPT,
                           "run %lld: channel %s holds %d bytes of '%s', expected %zu values",
                           (long long)id, what, bytes, dtype ? dtype : "?", n);
  }
  return BKS_OK;
}

static int load_laps(bks_store *s, int64_t id, bks_activity *a) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT start_s, elapsed_s, timer_s, distance_m FROM laps "
                         "WHERE run_id = ?1 ORDER BY idx",
                         -1, &st, NULL) != SQLITE_OK) {
    return bks__store_dberr(s, "reading laps");
  }
  sqlite3_bind_int64(st, 1, id);
  int rc, ret = BKS_OK;
  size_t cap = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (a->nlaps == cap) {
      cap = cap ? 2 * cap : 16;
      bks_lap *p = bks_realloc(a->laps, cap * sizeof *p);
      if (!p) {
        ret = bks__store_fail(s, BKS_E_NOMEM, "out of memory reading laps");
        break;
      }
      a->laps = p;
    }
    bks_lap *l = &a->laps[a->nlaps++];
    l->start_s = sqlite3_column_double(st, 0);
    l->elapsed_s = col_real(st, 1);
    l->timer_s = col_real(st, 2);
    l->distance_m = col_real(st, 3);
  }
  if (ret == BKS_OK && rc != SQLITE_DONE) ret = bks__store_dberr(s, "reading laps");
  sqlite3_finalize(st);
  return ret;
}

static int load_dev(bks_store *s, int64_t id, int samples, bks_activity *a) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT name, units, dtype, data FROM dev_channels WHERE run_id = ?1 "
                         "ORDER BY idx",
                         -1, &st, NULL) != SQLITE_OK) {
    return bks__store_dberr(s, "reading developer channels");
  }
  sqlite3_bind_int64(st, 1, id);
  int rc, ret = BKS_OK;
  while (ret == BKS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    size_t k;
    if (bks_activity_add_dev_channel(a, (const char *)sqlite3_column_text(st, 0),
                                     (const char *)sqlite3_column_text(st, 1), &k) < 0) {
      ret = bks__store_fail(s, BKS_E_NOMEM, "out of memory reading developer channels");
      break;
    }
    int bytes = sqlite3_column_bytes(st, 3);
    if (!samples || a->n == 0 || bytes == 0) continue; // names only, or a channel without values
    size_t size;
    ret = check_blob(s, id, a->dev[k].name, (const char *)sqlite3_column_text(st, 2), bytes, a->n,
                     &size);
    if (ret == BKS_OK) decode(sqlite3_column_blob(st, 3), size, a->n, a->dev[k].v, NULL);
  }
  if (ret == BKS_OK && rc != SQLITE_DONE) ret = bks__store_dberr(s, "reading developer channels");
  sqlite3_finalize(st);
  return ret;
}

static int load_samples(bks_store *s, int64_t id, bks_activity *a) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "SELECT channel, dtype, data FROM samples WHERE run_id = ?1", -1,
                         &st, NULL) != SQLITE_OK) {
    return bks__store_dberr(s, "reading samples");
  }
  sqlite3_bind_int64(st, 1, id);
  static const char *const imu[6] = {"acc_x", "acc_y", "acc_z", "gyr_x", "gyr_y", "gyr_z"};
  int rc, ret = BKS_OK;
  while (ret == BKS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(st, 0);
    if (!name) continue;
    size_t size;
    ret = check_blob(s, id, name, (const char *)sqlite3_column_text(st, 1),
                     sqlite3_column_bytes(st, 2), a->n, &size);
    if (ret < 0) break;
    const uint8_t *p = sqlite3_column_blob(st, 2);
    if (strcmp(name, "time") == 0) {
      decode(p, size, a->n, a->t, NULL);
      continue;
    }
    int done = 0;
    for (int c = 0; c < BKS_NCHANNELS && !done; c++) {
      if (strcmp(name, bks_channel_name((bks_channel)c)) != 0) continue;
      done = 1;
      if (bks_activity_add_channel(a, (bks_channel)c) < 0) {
        ret = bks__store_fail(s, BKS_E_NOMEM, "out of memory reading samples");
      } else {
        decode(p, size, a->n, a->ch[c], NULL);
      }
    }
    for (int k = 0; k < 6 && !done; k++) {
      if (strcmp(name, imu[k]) != 0) continue;
      done = 1;
      if (bks_activity_add_imu(a, k >= 3) < 0) {
        ret = bks__store_fail(s, BKS_E_NOMEM, "out of memory reading samples");
      } else {
        decode(p, size, a->n, NULL, k < 3 ? a->acc[k] : a->gyr[k - 3]);
      }
    }
    // a channel this program does not know (written by a newer one) is left out
  }
  if (ret == BKS_OK && rc != SQLITE_DONE) ret = bks__store_dberr(s, "reading samples");
  sqlite3_finalize(st);
  return ret;
}

int bks_store_load(bks_store *s, int64_t id, int flags, bks_activity *a) {
  bks_run_info *info = bks_malloc(sizeof *info);
  if (!info) return bks__store_fail(s, BKS_E_NOMEM, "out of memory reading a run");
  uint8_t sha[32] = {0};
  int rc = get_info(s, id, info, sha);
  if (rc != BKS_OK) {
    free(info);
    return rc;
  }
  bks_activity_deinit(a);
  bks_activity_init(a);
  snprintf(a->source_path, sizeof a->source_path, "%s", info->source_path);
  snprintf(a->format, sizeof a->format, "%s", info->format);
  memcpy(a->sha256, sha, 32);
  snprintf(a->device, sizeof a->device, "%s", info->device);
  a->sport = strcmp(info->sport, "running") == 0 ? BKS_SPORT_RUNNING : BKS_SPORT_OTHER;
  snprintf(a->sport_name, sizeof a->sport_name, "%s", info->sport_name);
  a->sport_guessed = info->sport_guessed;
  snprintf(a->name, sizeof a->name, "%s", info->name);
  a->start_utc = info->start_utc;
  a->duration_s = info->duration_s;
  a->timer_s = info->timer_s;
  a->distance_m = info->distance_m;
  if (info->channels & BKS_RUN_CH_IMU_ACC) a->imu_rate_hz = info->imu_rate_hz;
  a->nwarnings = info->nwarnings;
  memcpy(a->warnings, info->warnings, sizeof a->warnings);

  int samples = !(flags & BKS_STORE_LOAD_NO_SAMPLES);
  if (samples && info->n_samples > 0 && bks_activity_resize(a, info->n_samples) < 0) {
    rc = bks__store_fail(s, BKS_E_NOMEM, "out of memory reading a run");
  }
  if (rc == BKS_OK) rc = load_laps(s, id, a);
  if (rc == BKS_OK) rc = load_dev(s, id, samples, a);
  if (rc == BKS_OK && samples && a->n > 0) rc = load_samples(s, id, a);
  free(info);
  if (rc < 0) bks_activity_deinit(a);
  return rc;
}

//---- Checking ----

static int popcount32(uint32_t m) {
  int n = 0;
  for (; m; m &= m - 1) n++;
  return n;
}

int bks_store_check(bks_store *s, bks_check_result *res) {
  memset(res, 0, sizeof *res);
  s->msg[0] = '\0';
  sqlite3_stmt *st;

  // SQLite's own structural check: one row "ok", or rows naming problems
  if (sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
    return bks__store_dberr(s, "checking integrity");
  }
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    const char *v = (const char *)sqlite3_column_text(st, 0);
    res->integrity_ok = v && strcmp(v, "ok") == 0;
    if (!res->integrity_ok)
      snprintf(res->first_problem, sizeof res->first_problem, "%s", v ? v : "?");
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW) return bks__store_dberr(s, "checking integrity");

  if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK) {
    return bks__store_dberr(s, "checking foreign keys");
  }
  rc = sqlite3_step(st);
  res->foreign_keys_ok = rc == SQLITE_DONE;
  if (rc == SQLITE_ROW && !res->first_problem[0]) {
    snprintf(res->first_problem, sizeof res->first_problem, "table %s: row %lld has no parent",
             (const char *)sqlite3_column_text(st, 0), (long long)sqlite3_column_int64(st, 1));
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return bks__store_dberr(s, "checking foreign keys");

  static const char *const counts =
      "SELECT (SELECT count(*) FROM sources), (SELECT count(*) FROM runs), "
      "(SELECT count(*) FROM skipped)";
  if (sqlite3_prepare_v2(s->db, counts, -1, &st, NULL) != SQLITE_OK) {
    return bks__store_dberr(s, "counting rows");
  }
  if (sqlite3_step(st) == SQLITE_ROW) {
    res->sources = sqlite3_column_int64(st, 0);
    res->runs = sqlite3_column_int64(st, 1);
    res->skipped = sqlite3_column_int64(st, 2);
  }
  sqlite3_finalize(st);

  // every run whole: the time axis plus one blob per channel in its mask, every developer
  // channel and lap its counts promise, every array n_samples long
  static const char *const whole =
      "SELECT r.id, r.n_samples, r.channels, r.n_dev, r.n_laps, "
      " (SELECT count(*) FROM samples WHERE run_id = r.id), "
      " (SELECT count(*) FROM samples WHERE run_id = r.id AND length(data) != r.n_samples * "
      "   (CASE dtype WHEN 'f8' THEN 8 ELSE 4 END)), "
      " (SELECT count(*) FROM dev_channels WHERE run_id = r.id), "
      " (SELECT count(*) FROM dev_channels WHERE run_id = r.id AND length(data) != 0 AND "
      "   length(data) != r.n_samples * (CASE dtype WHEN 'f8' THEN 8 ELSE 4 END)), "
      " (SELECT count(*) FROM laps WHERE run_id = r.id) "
      "FROM runs r ORDER BY r.id";
  if (sqlite3_prepare_v2(s->db, whole, -1, &st, NULL) != SQLITE_OK) {
    return bks__store_dberr(s, "checking runs");
  }
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0), n = sqlite3_column_int64(st, 1);
    uint32_t mask = (uint32_t)sqlite3_column_int64(st, 2);
    int64_t ndev = sqlite3_column_int64(st, 3), nlaps = sqlite3_column_int64(st, 4);
    int64_t nsamp = sqlite3_column_int64(st, 5), badlen = sqlite3_column_int64(st, 6);
    int64_t ndev_rows = sqlite3_column_int64(st, 7), devbad = sqlite3_column_int64(st, 8);
    int64_t nlap_rows = sqlite3_column_int64(st, 9);
    int64_t want = 0;
    if (n > 0) {
      want = 1 + popcount32(mask & ((1u << BKS_NCHANNELS) - 1));
      if (mask & BKS_RUN_CH_IMU_ACC) want += 3;
      if (mask & BKS_RUN_CH_IMU_GYR) want += 3;
    }
    if (nsamp != want || badlen || ndev_rows != ndev || devbad || nlap_rows != nlaps) {
      res->incomplete_runs++;
      if (!res->first_problem[0]) {
        snprintf(res->first_problem, sizeof res->first_problem,
                 "run %lld: %lld of %lld sample arrays (%lld of the wrong length), %lld of %lld "
                 "developer channels, %lld of %lld laps",
                 (long long)id, (long long)nsamp, (long long)want, (long long)badlen,
                 (long long)ndev_rows, (long long)ndev, (long long)nlap_rows, (long long)nlaps);
      }
    }
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return bks__store_dberr(s, "checking runs");
  return BKS_OK;
}
