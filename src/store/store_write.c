// Importing into the library: one transaction per source file, content-hash and same-run
// duplicates, samples as one little-endian blob per channel.
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/alloc.h"
#include "store_internal.h"

//---- Sample encoding ----

// Channels are stored as float64, bit for bit what the reader produced, so that an analysis of a
// stored run and of its file agree to the last digit; raw IMU axes are float32 in the activity and
// stored as such. (Measured: float32 for the coarse channels saved 28 % of the bytes but no
// import time worth the rounding; see docs/performance.md.)

// grow the scratch buffer (blob encoding on big-endian hosts, the warnings text)
static int reserve(bks_store *s, size_t bytes) {
  if (bytes <= s->scratch_cap) return BKS_OK;
  size_t cap = s->scratch_cap ? s->scratch_cap : 65536;
  while (cap < bytes) cap *= 2;
  uint8_t *p = bks_realloc(s->scratch, cap);
  if (!p) return bks__store_fail(s, BKS_E_NOMEM, "out of memory encoding samples");
  s->scratch = p;
  s->scratch_cap = cap;
  return BKS_OK;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HOST_LE 1
#else
#define HOST_LE 0
#endif

// `n` doubles as little-endian float64; the blob points either at `v` itself (little-endian
// hosts: no copy) or at the scratch buffer
static int encode_f8(bks_store *s, const double *v, size_t n, const void **blob) {
#if HOST_LE
  (void)s;
  (void)n;
  *blob = v;
  return BKS_OK;
#else
  if (n > SIZE_MAX / 8 || reserve(s, n * 8) < 0) return BKS_E_NOMEM;
  for (size_t i = 0; i < n; i++) {
    uint64_t u;
    memcpy(&u, &v[i], 8);
    for (int k = 0; k < 8; k++) s->scratch[8 * i + (size_t)k] = (uint8_t)(u >> (8 * k));
  }
  *blob = s->scratch;
  return BKS_OK;
#endif
}

// `n` floats as little-endian float32 (little-endian hosts: the array itself, no copy)
static int encode_f4(bks_store *s, const float *vf, size_t n, const void **blob) {
#if HOST_LE
  (void)s;
  (void)n;
  *blob = vf;
  return BKS_OK;
#else
  if (n > SIZE_MAX / 4) return bks__store_fail(s, BKS_E_NOMEM, "too many samples");
  int rc = reserve(s, n * 4);
  if (rc < 0) return rc;
  uint8_t *o = s->scratch;
  for (size_t i = 0; i < n; i++) {
    uint32_t u;
    memcpy(&u, &vf[i], 4);
    for (int k = 0; k < 4; k++) o[4 * i + (size_t)k] = (uint8_t)(u >> (8 * k));
  }
  *blob = o;
  return BKS_OK;
#endif
}

//---- Richness ----

int bks_store_richness(const bks_activity *a) {
  int score = 0;
  for (int c = 0; c < BKS_NCHANNELS; c++) {
    if (!a->ch[c]) continue;
    switch (c) {
    case BKS_CH_VERT_OSC:
    case BKS_CH_GCT:
    case BKS_CH_GCT_BALANCE:
    case BKS_CH_STEP_LENGTH:
    case BKS_CH_VERT_RATIO:
      score += 8; // running dynamics: what the lumbar model feeds on
      break;
    case BKS_CH_POWER:
      score += 3;
      break;
    default:
      score += 1;
    }
  }
  if (a->acc[0] && a->acc[1] && a->acc[2]) score += 40; // raw IMU beats everything
  score += a->ndev < 8 ? (int)a->ndev : 8;
  if (a->nlaps > 0) score += 1;
  if (strcmp(a->format, "fit") == 0) score += 2;
  return score;
}

static uint32_t channel_mask(const bks_activity *a) {
  uint32_t m = 0;
  for (int c = 0; c < BKS_NCHANNELS; c++) {
    if (a->ch[c]) m |= 1u << c;
  }
  if (a->acc[0] && a->acc[1] && a->acc[2]) m |= BKS_RUN_CH_IMU_ACC;
  if (a->gyr[0] && a->gyr[1] && a->gyr[2]) m |= BKS_RUN_CH_IMU_GYR;
  return m;
}

_Static_assert(BKS_NCHANNELS <= 28, "channel bits must stay below BKS_RUN_CH_IMU_ACC");

//---- Statement helpers ----

// what step() returns for a fault injected by the test hook (SQLite's codes are all >= 0)
#define INJECTED_FAULT (-1)

// step a statement through the test fault hook; returns the SQLite code
static int step(bks_store *s, sqlite3_stmt *st) {
  if (s->fault_after > 0 && --s->fault_after == 0) return INJECTED_FAULT;
  return sqlite3_step(st);
}

// record why a step failed; returns BKS_E_DB
static int step_failed(bks_store *s, int rc, const char *what) {
  if (rc == INJECTED_FAULT) return bks__store_fail(s, BKS_E_DB, "%s: injected fault", what);
  return bks__store_dberr(s, what);
}

// run a statement that returns no rows, then reset it; BKS_OK or BKS_E_DB
static int run(bks_store *s, int which, const char *what) {
  sqlite3_stmt *st = s->st[which];
  int rc = step(s, st);
  int ok = rc == SQLITE_DONE;
  if (!ok) step_failed(s, rc, what);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return ok ? BKS_OK : BKS_E_DB;
}

static void bind_real_or_null(sqlite3_stmt *st, int i, double v) {
  if (isfinite(v)) {
    sqlite3_bind_double(st, i, v);
  } else {
    sqlite3_bind_null(st, i);
  }
}

static void bind_text(sqlite3_stmt *st, int i, const char *s, size_t cap) {
  sqlite3_bind_text(st, i, s, (int)strnlen(s, cap), SQLITE_STATIC);
}

//---- Lookups ----

int bks_store_lookup(bks_store *s, const uint8_t sha256[32], bks_store_known *known, char *reason,
                     size_t reason_sz) {
  *known = BKS_STORE_UNKNOWN;
  if (reason && reason_sz) reason[0] = '\0';
  sqlite3_stmt *st = s->st[ST_SOURCE_BY_HASH];
  sqlite3_bind_blob(st, 1, sha256, 32, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc == SQLITE_ROW) {
    *known = BKS_STORE_SOURCE;
    return BKS_OK;
  }
  if (rc != SQLITE_DONE) return bks__store_dberr(s, "looking up a file");

  st = s->st[ST_SKIP_BY_HASH];
  sqlite3_bind_blob(st, 1, sha256, 32, SQLITE_STATIC);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    // a skip decided by an older reader generation gets another look
    if (sqlite3_column_int64(st, 1) >= BKS_STORE_READER_GENERATION) {
      *known = BKS_STORE_SKIPPED;
      if (reason && reason_sz) {
        const char *r = (const char *)sqlite3_column_text(st, 0);
        snprintf(reason, reason_sz, "%s", r ? r : "");
      }
    }
    rc = SQLITE_DONE;
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) return bks__store_dberr(s, "looking up a skipped file");
  return BKS_OK;
}

int bks_store_add_skipped(bks_store *s, const bks_store_file *f, const char *reason) {
  sqlite3_stmt *st = s->st[ST_SKIP_INSERT];
  sqlite3_bind_text(st, 1, f->path, -1, SQLITE_STATIC);
  sqlite3_bind_blob(st, 2, f->sha256, 32, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, reason ? reason : "", -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 4, BKS_STORE_READER_GENERATION);
  s->msg[0] = '\0';
  return run(s, ST_SKIP_INSERT, "recording a skipped file");
}

//---- Adding a file ----

// check what the arrays promise before writing anything
static int validate(bks_store *s, const bks_activity *a, size_t leg) {
  if (a->n > 0 && !a->t) {
    return bks__store_fail(s, BKS_E_INVAL, "activity %zu: %zu samples but no time axis", leg, a->n);
  }
  if (a->n > 100000000) {
    // SQLite's default blob limit is 1e9 bytes: 100 M float64 values stay inside it (55 hours of
    // raw IMU at 500 Hz)
    return bks__store_fail(s, BKS_E_INVAL, "activity %zu: %zu samples is more than a run holds",
                           leg, a->n);
  }
  if (a->ndev > 0 && !a->dev) {
    return bks__store_fail(s, BKS_E_INVAL, "activity %zu: developer channels missing", leg);
  }
  if (a->nlaps > 0 && !a->laps)
    return bks__store_fail(s, BKS_E_INVAL, "activity %zu: laps missing", leg);
  return BKS_OK;
}

// a stored run that is the same run as `a` (start within ±60 s, duration within 5 % or ±60 s);
// *id = 0 when none
static int find_same_run(bks_store *s, const bks_activity *a, int64_t *id, int *richness) {
  *id = 0;
  // an activity without an absolute time cannot be matched by time
  if (a->start_utc == 0) return BKS_OK;
  sqlite3_stmt *st = s->st[ST_RUN_NEAR];
  sqlite3_bind_int64(st, 1, a->start_utc - 60);
  sqlite3_bind_int64(st, 2, a->start_utc + 60);
  sqlite3_bind_int64(st, 3, a->start_utc);
  int rc;
  while ((rc = step(s, st)) == SQLITE_ROW) {
    double d = sqlite3_column_double(st, 1);
    double longer = d > a->duration_s ? d : a->duration_s;
    double tol = 0.05 * longer > 60 ? 0.05 * longer : 60;
    if (fabs(d - a->duration_s) <= tol) {
      *id = sqlite3_column_int64(st, 0);
      *richness = sqlite3_column_int(st, 2);
      rc = SQLITE_DONE;
      break;
    }
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) return step_failed(s, rc, "looking for the same run");
  return BKS_OK;
}

// one array as a blob: doubles as float64 (`vd`), or floats as float32 (`vf`)
static int insert_blob(bks_store *s, int64_t run_id, const char *channel, const double *vd,
                       const float *vf, size_t n) {
  const void *blob;
  int rc = vd ? encode_f8(s, vd, n, &blob) : encode_f4(s, vf, n, &blob);
  if (rc < 0) return rc;
  sqlite3_stmt *st = s->st[ST_SAMPLE_INSERT];
  sqlite3_bind_int64(st, 1, run_id);
  sqlite3_bind_text(st, 2, channel, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, vd ? "f8" : "f4", 2, SQLITE_STATIC);
  // a zero-length blob must still be a blob, not NULL (data is NOT NULL)
  sqlite3_bind_blob64(st, 4, n ? blob : "", (sqlite3_uint64)(n * (vd ? 8u : 4u)), SQLITE_STATIC);
  return run(s, ST_SAMPLE_INSERT, "storing samples");
}

// bind the runs columns ?1..?18 shared by INSERT and UPDATE
static int bind_run(bks_store *s, sqlite3_stmt *st, int64_t source_id, size_t leg,
                    const bks_activity *a, int richness) {
  sqlite3_bind_int64(st, 1, source_id);
  sqlite3_bind_int64(st, 2, (sqlite3_int64)leg);
  sqlite3_bind_text(st, 3, a->sport == BKS_SPORT_RUNNING ? "running" : "other", -1, SQLITE_STATIC);
  bind_text(st, 4, a->sport_name, sizeof a->sport_name);
  sqlite3_bind_int(st, 5, a->sport_guessed != 0);
  bind_text(st, 6, a->device, sizeof a->device);
  bind_text(st, 7, a->name, sizeof a->name);
  sqlite3_bind_int64(st, 8, a->start_utc);
  sqlite3_bind_double(st, 9, isfinite(a->duration_s) ? a->duration_s : 0.0);
  bind_real_or_null(st, 10, a->timer_s);
  bind_real_or_null(st, 11, a->distance_m);
  sqlite3_bind_int64(st, 12, (sqlite3_int64)a->n);
  sqlite3_bind_int64(st, 13, (sqlite3_int64)channel_mask(a));
  sqlite3_bind_int64(st, 14, (sqlite3_int64)a->ndev);
  sqlite3_bind_int64(st, 15, (sqlite3_int64)a->nlaps);
  sqlite3_bind_int(st, 16, richness);
  bind_real_or_null(st, 17, (a->acc[0] && a->acc[1] && a->acc[2]) ? a->imu_rate_hz : NAN);

  // warnings, one per line (a newline inside one becomes a space)
  size_t nw = a->nwarnings < BKS_ACTIVITY_MAX_WARNINGS ? a->nwarnings : BKS_ACTIVITY_MAX_WARNINGS;
  size_t need = 1;
  for (size_t i = 0; i < nw; i++) need += strnlen(a->warnings[i], sizeof a->warnings[i]) + 1;
  int rc = reserve(s, need);
  if (rc < 0) return rc;
  char *w = (char *)s->scratch;
  size_t len = 0;
  for (size_t i = 0; i < nw; i++) {
    size_t l = strnlen(a->warnings[i], sizeof a->warnings[i]);
    if (len) w[len++] = '\n';
    for (size_t k = 0; k < l; k++) w[len++] = a->warnings[i][k] == '\n' ? ' ' : a->warnings[i][k];
  }
  // SQLITE_TRANSIENT: the scratch buffer is reused for the samples that follow
  sqlite3_bind_text(st, 18, w, (int)len, SQLITE_TRANSIENT);
  return BKS_OK;
}

// write one activity's run row (new, or over `replace_id`) and all its children
static int write_run(bks_store *s, int64_t source_id, size_t leg, const bks_activity *a,
                     int richness, int64_t replace_id, int64_t *run_id) {
  int rc;
  if (replace_id) {
    // keep the id the runner may already use; drop the poorer copy's samples and laps first
    for (int which = ST_RUN_CLEAR; which <= ST_RUN_CLEAR_SUMMARY; which++) {
      sqlite3_bind_int64(s->st[which], 1, replace_id);
      if ((rc = run(s, which, "replacing a run")) < 0) return rc;
    }
    sqlite3_stmt *st = s->st[ST_RUN_UPDATE];
    if ((rc = bind_run(s, st, source_id, leg, a, richness)) < 0) return rc;
    sqlite3_bind_int64(st, 19, replace_id);
    if ((rc = run(s, ST_RUN_UPDATE, "replacing a run")) < 0) return rc;
    *run_id = replace_id;
  } else {
    sqlite3_stmt *st = s->st[ST_RUN_INSERT];
    if ((rc = bind_run(s, st, source_id, leg, a, richness)) < 0) return rc;
    if ((rc = run(s, ST_RUN_INSERT, "storing a run")) < 0) return rc;
    *run_id = sqlite3_last_insert_rowid(s->db);
  }
  int64_t id = *run_id;

  // samples: the time axis, each channel present, raw IMU axes (all n long)
  if (a->n > 0) {
    if ((rc = insert_blob(s, id, "time", a->t, NULL, a->n)) < 0) return rc;
    for (int c = 0; c < BKS_NCHANNELS; c++) {
      if (!a->ch[c]) continue;
      rc = insert_blob(s, id, bks_channel_name((bks_channel)c), a->ch[c], NULL, a->n);
      if (rc < 0) return rc;
    }
    static const char *const acc_names[3] = {"acc_x", "acc_y", "acc_z"};
    static const char *const gyr_names[3] = {"gyr_x", "gyr_y", "gyr_z"};
    uint32_t mask = channel_mask(a);
    for (int k = 0; k < 3; k++) {
      if ((mask & BKS_RUN_CH_IMU_ACC) &&
          (rc = insert_blob(s, id, acc_names[k], NULL, a->acc[k], a->n)) < 0) {
        return rc;
      }
      if ((mask & BKS_RUN_CH_IMU_GYR) &&
          (rc = insert_blob(s, id, gyr_names[k], NULL, a->gyr[k], a->n)) < 0) {
        return rc;
      }
    }
  }

  // developer channels by name
  for (size_t i = 0; i < a->ndev; i++) {
    const bks_dev_channel *d = &a->dev[i];
    const void *blob = "";
    if (a->n && d->v && (rc = encode_f8(s, d->v, a->n, &blob)) < 0) return rc;
    size_t bytes = d->v ? a->n * 8 : 0;
    sqlite3_stmt *st = s->st[ST_DEV_INSERT];
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
    bind_text(st, 3, d->name, sizeof d->name);
    bind_text(st, 4, d->units, sizeof d->units);
    sqlite3_bind_text(st, 5, "f8", 2, SQLITE_STATIC);
    sqlite3_bind_blob64(st, 6, bytes ? blob : "", bytes, SQLITE_STATIC);
    if ((rc = run(s, ST_DEV_INSERT, "storing a developer channel")) < 0) return rc;
  }

  for (size_t i = 0; i < a->nlaps; i++) {
    const bks_lap *l = &a->laps[i];
    sqlite3_stmt *st = s->st[ST_LAP_INSERT];
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
    sqlite3_bind_double(st, 3, isfinite(l->start_s) ? l->start_s : 0.0);
    bind_real_or_null(st, 4, l->elapsed_s);
    bind_real_or_null(st, 5, l->timer_s);
    bind_real_or_null(st, 6, l->distance_m);
    if ((rc = run(s, ST_LAP_INSERT, "storing a lap")) < 0) return rc;
  }
  return BKS_OK;
}

int bks_store_add_file(bks_store *s, const bks_store_file *f, const bks_activity *act, size_t nact,
                       bks_store_add_result *res) {
  bks_store_add_result r = {0};
  s->msg[0] = '\0';
  for (size_t i = 0; i < nact; i++) {
    int rc = validate(s, &act[i], i);
    if (rc < 0) return rc;
  }

  if (run(s, ST_BEGIN, "starting a transaction") < 0) return BKS_E_DB;
  int rc = BKS_OK;

  // the same bytes were imported before: nothing to do
  bks_store_known known;
  rc = bks_store_lookup(s, f->sha256, &known, NULL, 0);
  if (rc == BKS_OK && known == BKS_STORE_SOURCE) {
    r.hash_dup = 1;
    goto commit;
  }

  int64_t source_id = 0;
  if (rc == BKS_OK) {
    sqlite3_stmt *st = s->st[ST_SOURCE_INSERT];
    sqlite3_bind_text(st, 1, f->path, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 2, f->sha256, 32, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, f->format ? f->format : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)f->size);
    rc = run(s, ST_SOURCE_INSERT, "storing the source file");
    source_id = sqlite3_last_insert_rowid(s->db);
  }
  // a file skipped by an older reader generation and now read: forget the skip
  if (rc == BKS_OK) {
    sqlite3_bind_blob(s->st[ST_SKIP_DELETE], 1, f->sha256, 32, SQLITE_STATIC);
    rc = run(s, ST_SKIP_DELETE, "forgetting an earlier skip");
  }

  for (size_t i = 0; rc == BKS_OK && i < nact; i++) {
    const bks_activity *a = &act[i];
    int richness = bks_store_richness(a), old_richness = 0;
    int64_t same = 0, id = 0;
    rc = find_same_run(s, a, &same, &old_richness);
    if (rc < 0) break;
    if (same && richness <= old_richness) {
      r.duplicates++; // the stored copy is at least as rich: keep it
      continue;
    }
    rc = write_run(s, source_id, i, a, richness, same, &id);
    if (rc < 0) break;
    r.added++;
    if (same) r.replaced++;
    if (!r.first_id) r.first_id = id;
  }

commit:
  if (rc == BKS_OK) rc = run(s, ST_COMMIT, "committing");
  if (rc < 0) {
    // nothing of this file stays; keep the first error's message
    char keep[sizeof s->msg];
    memcpy(keep, s->msg, sizeof keep);
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    memcpy(s->msg, keep, sizeof keep);
    return rc;
  }
  if (res) *res = r;
  return BKS_OK;
}
