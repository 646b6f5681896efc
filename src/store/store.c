// The library file: where it lives, opening it, and its schema with forward migrations.
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backstride/alloc.h"
#include "store_internal.h"

// PRAGMA application_id of a backstride library ("BKSD"): tells our file from another program's
#define BKS_APPLICATION_ID 0x424B5344

//---- Schema ----

// Forward migrations: migrations[i] takes a file from user_version i to i + 1. They run in order,
// all in one transaction, so a file is never left between two versions. Never edit one that has
// been released: append a new one (and bump BKS_STORE_SCHEMA_VERSION).
static const char *const migrations[] = {
    // 0 -> 1: sources, runs, samples, laps, developer channels, skipped files
    "PRAGMA application_id = 1112232772;\n" // BKS_APPLICATION_ID
    // one row per source file, identified by the SHA-256 of its (inflated) bytes
    "CREATE TABLE sources (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  path TEXT NOT NULL,\n"
    "  sha256 BLOB NOT NULL UNIQUE CHECK (length(sha256) = 32),\n"
    "  format TEXT NOT NULL,\n"
    "  size INTEGER NOT NULL,\n"
    "  imported_at TEXT NOT NULL\n"
    ");\n"
    // one row per run; a file may hold several (the running legs of a multisport file)
    "CREATE TABLE runs (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  source_id INTEGER NOT NULL REFERENCES sources (id),\n"
    "  leg INTEGER NOT NULL,\n"     // position in its file
    "  sport TEXT NOT NULL,\n"      // 'running'
    "  sport_name TEXT NOT NULL,\n" // the source's own words
    "  sport_guessed INTEGER NOT NULL,\n"
    "  device TEXT NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  start_utc INTEGER NOT NULL,\n" // Unix seconds
    "  duration_s REAL NOT NULL,\n"
    "  timer_s REAL,\n"    // NULL when unknown
    "  distance_m REAL,\n" // NULL when unknown
    "  n_samples INTEGER NOT NULL,\n"
    "  channels INTEGER NOT NULL,\n" // 1 << bks_channel, plus BKS_RUN_CH_IMU_*
    "  n_dev INTEGER NOT NULL,\n"
    "  n_laps INTEGER NOT NULL,\n"
    "  richness INTEGER NOT NULL,\n" // bks_store_richness
    "  imu_rate_hz REAL,\n"
    "  warnings TEXT NOT NULL\n" // one per line
    ");\n"
    "CREATE INDEX runs_by_start ON runs (start_utc);\n"
    "CREATE INDEX runs_by_source ON runs (source_id);\n"
    // one blob per channel per run: n_samples little-endian float64 ('f8') or, for raw IMU axes,
    // float32 ('f4') values; channel is 'time', a bks_channel_name, or 'acc_x'.. 'gyr_z'
    "CREATE TABLE samples (\n"
    "  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,\n"
    "  channel TEXT NOT NULL,\n"
    "  dtype TEXT NOT NULL CHECK (dtype IN ('f4', 'f8')),\n"
    "  data BLOB NOT NULL,\n"
    "  PRIMARY KEY (run_id, channel)\n"
    ");\n"
    // developer channels (FIT developer fields) by their declared name, same encoding
    "CREATE TABLE dev_channels (\n"
    "  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,\n"
    "  idx INTEGER NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  units TEXT NOT NULL,\n"
    "  dtype TEXT NOT NULL CHECK (dtype IN ('f4', 'f8')),\n"
    "  data BLOB NOT NULL,\n"
    "  PRIMARY KEY (run_id, idx)\n"
    ");\n"
    "CREATE TABLE laps (\n"
    "  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,\n"
    "  idx INTEGER NOT NULL,\n"
    "  start_s REAL NOT NULL,\n" // seconds since the run's start_utc
    "  elapsed_s REAL,\n"
    "  timer_s REAL,\n"
    "  distance_m REAL,\n"
    "  PRIMARY KEY (run_id, idx)\n"
    ") WITHOUT ROWID;\n"
    // files that hold no run, so that importing them again is idempotent without reading them;
    // `generation` is BKS_STORE_READER_GENERATION when the skip was decided
    "CREATE TABLE skipped (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  path TEXT NOT NULL,\n"
    "  sha256 BLOB NOT NULL UNIQUE CHECK (length(sha256) = 32),\n"
    "  reason TEXT NOT NULL,\n"
    "  generation INTEGER NOT NULL,\n"
    "  skipped_at TEXT NOT NULL\n"
    ");\n",
    // 1 -> 2: the coach (include/backstride/store.h, "The runner's records"): profile, diary, shoes, screenings.
    // Days are 'YYYY-MM-DD'; flags and conditions are comma-separated vocabulary words.
    "CREATE TABLE profile (\n"
    "  id INTEGER PRIMARY KEY CHECK (id = 1),\n" // one runner per library
    "  mass_kg REAL NOT NULL,\n"
    "  height_m REAL NOT NULL,\n"
    "  age_y REAL NOT NULL,\n"
    "  sex TEXT NOT NULL CHECK (sex IN ('f', 'm')),\n"
    "  conditions TEXT NOT NULL,\n"
    "  updated_at TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE pain (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  day TEXT NOT NULL,\n"
    "  level REAL NOT NULL CHECK (level BETWEEN 0 AND 10),\n"
    "  location TEXT NOT NULL,\n"
    "  radiating INTEGER NOT NULL,\n"
    "  numbness INTEGER NOT NULL,\n"
    "  timing TEXT NOT NULL,\n" // before, during, after, none
    "  logged_at TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX pain_by_day ON pain (day);\n"
    "CREATE TABLE sessions (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  day TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL,\n"
    "  minutes REAL NOT NULL CHECK (minutes >= 0),\n"
    "  logged_at TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE shoes (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL UNIQUE,\n"
    "  start_day TEXT NOT NULL,\n"
    "  retired_day TEXT\n" // NULL while in use
    ");\n"
    "CREATE TABLE interventions (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL,\n"
    "  start_day TEXT NOT NULL,\n"
    "  end_day TEXT,\n" // NULL while going on
    "  logged_at TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE screenings (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  day TEXT NOT NULL,\n"
    "  flags TEXT NOT NULL,\n" // '' clears every earlier flag
    "  screened_at TEXT NOT NULL\n"
    ");\n",
    // 2 -> 3: derived results cache (DESIGN "Storage"). One row per run: what the steps → model →
    // load pipeline made of it, under `model_key` (model version and runner inputs, see
    // bks_model_key). A row under another key is stale and is recomputed on the next read.
    "CREATE TABLE run_summaries (\n"
    "  run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,\n"
    "  model_key TEXT NOT NULL,\n"
    "  modelled INTEGER NOT NULL,\n" // 0: the pipeline found nothing to model (why says why)
    "  why TEXT NOT NULL,\n"
    "  data BLOB NOT NULL\n" // the load module's own encoding (little-endian float64s)
    ");\n",
    // 3 -> 4: the profile's experience and weekly routine (NULL when not given)
    "ALTER TABLE profile ADD COLUMN experience_y REAL;\n"
    "ALTER TABLE profile ADD COLUMN runs_per_week REAL;\n"
    "ALTER TABLE profile ADD COLUMN weekly_km REAL;\n"
    "ALTER TABLE profile ADD COLUMN weekly_minutes REAL;\n"
    "ALTER TABLE profile ADD COLUMN strength_per_week REAL;\n",
    // 4 -> 5: one runner, one truth (the daily flow). The runner's calendar and units; when and
    // how each profile field last changed; which pair of shoes a run used (one pair at most) and
    // the default pair for new runs; the run a pain entry belongs to; how many runs of a source
    // the runner deleted (a later import of the same file does not bring them back).
    "ALTER TABLE profile ADD COLUMN tz TEXT;\n"    // IANA zone; NULL: the system's
    "ALTER TABLE profile ADD COLUMN units TEXT;\n" // 'km' or 'mi'; NULL: km
    "CREATE TABLE profile_changes (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  field TEXT NOT NULL,\n"
    "  value TEXT,\n"           // as text, NULL when cleared
    "  source TEXT NOT NULL,\n" // 'command line', 'dashboard', ...
    "  changed_at TEXT NOT NULL\n"
    ");\n"
    "ALTER TABLE runs ADD COLUMN shoe_id INTEGER REFERENCES shoes (id) ON DELETE SET NULL;\n"
    "CREATE INDEX runs_by_shoe ON runs (shoe_id);\n"
    "ALTER TABLE shoes ADD COLUMN is_default INTEGER NOT NULL DEFAULT 0;\n"
    // the pair each run counts for: the one assigned to it (by 'shoes assign', or the default
    // pair when it was imported), else the only pair in use on its day; NULL when none or when
    // several pairs were in use and none was assigned (a run is never counted twice)
    "CREATE VIEW run_shoes AS SELECT r.id AS run_id, r.shoe_id IS NOT NULL AS assigned,\n"
    "  coalesce(r.shoe_id, (SELECT CASE WHEN count(*) = 1 THEN max(sh.id) END FROM shoes sh\n"
    "    WHERE r.start_utc >= unixepoch(sh.start_day, 'utc') AND (sh.retired_day IS NULL OR\n"
    "      r.start_utc < unixepoch(sh.retired_day, '+1 day', 'utc')))) AS shoe_id\n"
    "FROM runs r;\n"
    "ALTER TABLE pain ADD COLUMN run_id INTEGER REFERENCES runs (id) ON DELETE SET NULL;\n"
    "ALTER TABLE sources ADD COLUMN runs_deleted INTEGER NOT NULL DEFAULT 0;\n"
    // one id space for every diary entry (pain, session, intervention), never reused: the
    // sessions and interventions are renumbered after the pain entries
    "CREATE TABLE diary_ids (\n"
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('pain', 'session', 'intervention'))\n"
    ");\n"
    "UPDATE sessions SET id = -id;\n"
    "UPDATE sessions SET id = -id + (SELECT coalesce(max(id), 0) FROM pain);\n"
    "UPDATE interventions SET id = -id;\n"
    "UPDATE interventions SET id = -id + (SELECT max(coalesce((SELECT max(id) FROM pain), 0),\n"
    "  coalesce((SELECT max(id) FROM sessions), 0)));\n"
    "INSERT INTO diary_ids (id, kind) SELECT id, 'pain' FROM pain UNION ALL\n"
    "  SELECT id, 'session' FROM sessions UNION ALL SELECT id, 'intervention' FROM interventions;\n",
};

_Static_assert(sizeof migrations / sizeof migrations[0] == BKS_STORE_SCHEMA_VERSION,
               "one migration per schema version");

// the import path's statements, indexed by ST_*
static const char *const statements[ST_COUNT] = {
    [ST_SOURCE_BY_HASH] = "SELECT id FROM sources WHERE sha256 = ?1",
    [ST_SKIP_BY_HASH] = "SELECT reason, generation FROM skipped WHERE sha256 = ?1",
    [ST_SOURCE_INSERT] = "INSERT INTO sources (path, sha256, format, size, imported_at) "
                         "VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
    [ST_SKIP_INSERT] = "INSERT OR REPLACE INTO skipped (path, sha256, reason, generation, "
                       "skipped_at) VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
    [ST_SKIP_DELETE] = "DELETE FROM skipped WHERE sha256 = ?1",
    [ST_RUN_NEAR] = "SELECT id, duration_s, richness FROM runs WHERE start_utc BETWEEN ?1 AND ?2 "
                    "ORDER BY abs(start_utc - ?3), id",
    [ST_RUN_INSERT] =
        "INSERT INTO runs (source_id, leg, sport, sport_name, sport_guessed, device, name, "
        "start_utc, duration_s, timer_s, distance_m, n_samples, channels, n_dev, n_laps, "
        "richness, imu_rate_hz, warnings, shoe_id) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
        // a new run wears the default pair, when one is set and in use
        "(SELECT id FROM shoes WHERE is_default = 1 AND retired_day IS NULL))",
    [ST_RUN_UPDATE] =
        "UPDATE runs SET source_id = ?1, leg = ?2, sport = ?3, sport_name = ?4, "
        "sport_guessed = ?5, device = ?6, name = ?7, start_utc = ?8, duration_s = ?9, "
        "timer_s = ?10, distance_m = ?11, n_samples = ?12, channels = ?13, n_dev = ?14, "
        "n_laps = ?15, richness = ?16, imu_rate_hz = ?17, warnings = ?18 WHERE id = ?19",
    [ST_RUN_CLEAR] = "DELETE FROM samples WHERE run_id = ?1",
    [ST_RUN_CLEAR_LAPS] = "DELETE FROM laps WHERE run_id = ?1",
    [ST_RUN_CLEAR_DEV] = "DELETE FROM dev_channels WHERE run_id = ?1",
    [ST_RUN_CLEAR_SUMMARY] = "DELETE FROM run_summaries WHERE run_id = ?1",
    [ST_SAMPLE_INSERT] =
        "INSERT INTO samples (run_id, channel, dtype, data) VALUES (?1, ?2, ?3, ?4)",
    [ST_DEV_INSERT] = "INSERT INTO dev_channels (run_id, idx, name, units, dtype, data) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_LAP_INSERT] = "INSERT INTO laps (run_id, idx, start_s, elapsed_s, timer_s, distance_m) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
};

//---- Errors ----

int bks__store_fail(bks_store *s, int rc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(s->msg, sizeof s->msg, fmt, ap);
  va_end(ap);
  return rc;
}

int bks__store_dberr(bks_store *s, const char *what) {
  return bks__store_fail(s, BKS_E_DB, "%s: %s", what, sqlite3_errmsg(s->db));
}

const char *bks_store_errmsg(const bks_store *s) { return s ? s->msg : "no library"; }

void bks__store_set_fault(bks_store *s, long n) { s->fault_after = n; }

//---- Where the library lives ----

int bks_store_default_path(char *buf, size_t n) {
  const char *xdg = getenv("XDG_DATA_HOME");
  int w;
  // the XDG spec: a relative XDG_DATA_HOME is invalid and must be ignored
  if (xdg && xdg[0] == '/') {
    w = snprintf(buf, n, "%s/backstride/backstride.db", xdg);
  } else {
    const char *home = getenv("HOME");
    if (!home || !home[0]) return BKS_E_STATE;
    w = snprintf(buf, n, "%s/.local/share/backstride/backstride.db", home);
  }
  if (w < 0 || (size_t)w >= n) return BKS_E_LIMIT;
  return BKS_OK;
}

// create the missing directories above `path`, each with mode 0700 (a runner's health data:
// nobody else on the machine needs to list it); existing ones are left as they are
static int make_parents(const char *path, char *err, size_t err_sz) {
  size_t len = strlen(path);
  char *dir = bks_malloc(len + 1);
  if (!dir) {
    bks_set_err(err, err_sz, "out of memory");
    return BKS_E_NOMEM;
  }
  memcpy(dir, path, len + 1);
  char *slash = strrchr(dir, '/');
  int rc = BKS_OK;
  if (slash && slash != dir) {
    *slash = '\0';
    for (char *p = dir + 1;; p++) {
      if (*p != '/' && *p != '\0') continue;
      char c = *p;
      *p = '\0';
      struct stat st;
      if (stat(dir, &st) != 0) {
        if (errno != ENOENT || (mkdir(dir, 0700) != 0 && errno != EEXIST)) {
          bks_set_err(err, err_sz, "cannot create the folder %s: %s", dir, strerror(errno));
          rc = BKS_E_OPEN;
          break;
        }
      } else if (!S_ISDIR(st.st_mode)) {
        bks_set_err(err, err_sz, "cannot create the library in %s: not a folder", dir);
        rc = BKS_E_OPEN;
        break;
      }
      *p = c;
      if (c == '\0') break;
    }
  }
  free(dir);
  return rc;
}

//---- Opening ----

static int exec(bks_store *s, const char *sql) {
  char *msg = NULL;
  if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    bks__store_fail(s, BKS_E_DB, "%s", msg ? msg : sqlite3_errmsg(s->db));
    sqlite3_free(msg);
    return BKS_E_DB;
  }
  return BKS_OK;
}

// one integer from a single-value query (a PRAGMA); returns the SQLite code
static int query_int(sqlite3 *db, const char *sql, int64_t *v) {
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  if (rc != SQLITE_OK) return rc;
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *v = sqlite3_column_int64(st, 0);
    rc = SQLITE_OK;
  } else if (rc == SQLITE_DONE) {
    *v = 0;
    rc = SQLITE_OK;
  }
  sqlite3_finalize(st);
  return rc;
}

const char *bks_store_path(const bks_store *s) {
  const char *p = sqlite3_db_filename(s->db, "main");
  return p ? p : "";
}

int bks_store_schema_version(bks_store *s) {
  int64_t v = -1;
  if (query_int(s->db, "PRAGMA user_version", &v) != SQLITE_OK) return -1;
  return (int)v;
}

// bring the schema from its version up to BKS_STORE_SCHEMA_VERSION in one transaction
static int migrate(bks_store *s, const char *path, char *err, size_t err_sz) {
  if (exec(s, "BEGIN IMMEDIATE") < 0) {
    bks_set_err(err, err_sz, "%s: cannot lock the library to update it: %s", path, s->msg);
    return BKS_E_DB;
  }
  // read the version again under the lock: another process may have migrated meanwhile
  int64_t v = 0;
  int rc = BKS_OK;
  if (query_int(s->db, "PRAGMA user_version", &v) != SQLITE_OK) {
    rc = bks__store_dberr(s, "reading the schema version");
  }
  for (int64_t i = v; rc == BKS_OK && i < BKS_STORE_SCHEMA_VERSION; i++) {
    rc = exec(s, migrations[i]);
    if (rc < 0) {
      bks__store_fail(s, rc, "migration %lld -> %lld failed: %.400s", (long long)i,
                      (long long)i + 1, s->msg);
    }
  }
  if (rc == BKS_OK && v < BKS_STORE_SCHEMA_VERSION) {
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", BKS_STORE_SCHEMA_VERSION);
    rc = exec(s, sql);
  }
  if (rc == BKS_OK) rc = exec(s, "COMMIT");
  if (rc < 0) {
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    bks_set_err(err, err_sz, "%s: %s", path, s->msg);
  }
  return rc;
}

// is this SQLite file someone else's? (tables but neither our application id nor a version)
static int check_identity(bks_store *s, const char *path, int64_t *version, char *err,
                          size_t err_sz) {
  int64_t app = 0, v = 0, ntables = 0;
  int rc = query_int(s->db, "PRAGMA application_id", &app);
  if (rc == SQLITE_OK) rc = query_int(s->db, "PRAGMA user_version", &v);
  if (rc == SQLITE_OK) rc = query_int(s->db, "SELECT count(*) FROM sqlite_schema", &ntables);
  if (rc == SQLITE_NOTADB) {
    bks_set_err(err, err_sz, "%s: not a backstride library (not an SQLite database)", path);
    return BKS_E_FORMAT;
  }
  if (rc != SQLITE_OK) {
    bks_set_err(err, err_sz, "%s: cannot read the library: %s", path, sqlite3_errmsg(s->db));
    return rc == SQLITE_BUSY ? BKS_E_DB : BKS_E_OPEN;
  }
  if ((app != 0 && app != BKS_APPLICATION_ID) || (app == 0 && ntables > 0)) {
    bks_set_err(err, err_sz, "%s: not a backstride library (an SQLite database of another program)",
                path);
    return BKS_E_FORMAT;
  }
  if (v > BKS_STORE_SCHEMA_VERSION) {
    bks_set_err(err, err_sz,
                "%s: this library was written by a newer backstride (schema version %lld; this "
                "program knows up to %d): upgrade backstride to open it",
                path, (long long)v, BKS_STORE_SCHEMA_VERSION);
    return BKS_E_UNSUPPORTED;
  }
  *version = v;
  return BKS_OK;
}

int bks_store_open(const char *path, int flags, bks_store **out, char *err, size_t err_sz) {
  if (!path || !path[0] || !out) {
    bks_set_err(err, err_sz, "no library path given");
    return BKS_E_INVAL;
  }
  // ":memory:" is SQLite's private in-memory database (tests of other modules): no file at all
  int memory = strcmp(path, ":memory:") == 0;
  struct stat st;
  if (memory) {
    // nothing to create
  } else if (stat(path, &st) != 0) {
    if (errno != ENOENT || (flags & BKS_STORE_NOCREATE)) {
      bks_set_err(err, err_sz, "%s: cannot open the library: %s", path, strerror(errno));
      return BKS_E_OPEN;
    }
    int rc = make_parents(path, err, err_sz);
    if (rc < 0) return rc;
    // create it ourselves so that it is private (SQLite would use 0644); the -wal and -shm files
    // SQLite makes later copy these permissions
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0 && errno != EEXIST) {
      bks_set_err(err, err_sz, "%s: cannot create the library: %s", path, strerror(errno));
      return BKS_E_OPEN;
    }
    if (fd >= 0) close(fd);
  } else if (!S_ISREG(st.st_mode)) {
    bks_set_err(err, err_sz, "%s: cannot open the library: not a regular file", path);
    return BKS_E_OPEN;
  }

  bks_store *s = bks_calloc(1, sizeof *s);
  if (!s) {
    bks_set_err(err, err_sz, "out of memory");
    return BKS_E_NOMEM;
  }
  int rc = BKS_OK;
  if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
      SQLITE_OK) {
    bks_set_err(err, err_sz, "%s: cannot open the library: %s", path,
                s->db ? sqlite3_errmsg(s->db) : "out of memory");
    rc = BKS_E_OPEN;
    goto fail;
  }
  // wait for another process's transaction rather than fail at once (a second `import` running,
  // or `serve` reading)
  sqlite3_busy_timeout(s->db, 10000);
  sqlite3_extended_result_codes(s->db, 0);

  int64_t version = 0;
  rc = check_identity(s, path, &version, err, err_sz);
  if (rc < 0) goto fail;

  // WAL: readers never block the importer and a crash cannot corrupt the file; NORMAL: commits
  // do not fsync (only checkpoints do), which is what lets an import commit a thousand files in
  // seconds while staying consistent after any crash
  if (exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
              "PRAGMA foreign_keys = ON; PRAGMA cache_size = -16384; PRAGMA wal_autocheckpoint = "
              "4096") < 0) {
    bks_set_err(err, err_sz, "%s: cannot set up the library: %s", path, s->msg);
    rc = BKS_E_DB;
    goto fail;
  }
  if (version < BKS_STORE_SCHEMA_VERSION) {
    rc = migrate(s, path, err, err_sz);
    if (rc < 0) goto fail;
  }
  for (int i = 0; i < ST_COUNT; i++) {
    if (sqlite3_prepare_v3(s->db, statements[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) !=
        SQLITE_OK) {
      bks_set_err(err, err_sz, "%s: cannot prepare a statement: %s", path, sqlite3_errmsg(s->db));
      rc = BKS_E_DB;
      goto fail;
    }
  }
  s->msg[0] = '\0';
  *out = s;
  return BKS_OK;

fail:
  bks_store_close(s);
  return rc;
}

void bks_store_close(bks_store *s) {
  if (!s) return;
  for (int i = 0; i < ST_COUNT; i++) sqlite3_finalize(s->st[i]);
  // sqlite3_close_v2 waits for nothing: every statement is finalised above
  sqlite3_close_v2(s->db);
  free(s->scratch);
  free(s);
}

int bks_store_peek_prefs(const char *path, char *tz, size_t tz_sz, char *units, size_t units_sz) {
  if (!tz_sz || !units_sz) return -1;
  tz[0] = units[0] = 0;
  sqlite3 *db = NULL;
  // read-only and without migrating: a command that only needs the runner's calendar and units
  // must not change the file, and an old or foreign file simply has none
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
    sqlite3_close(db);
    return -1;
  }
  sqlite3_stmt *st = NULL;
  int ok = sqlite3_prepare_v2(db, "SELECT tz, units FROM profile WHERE id = 1", -1, &st, NULL) ==
               SQLITE_OK &&
           sqlite3_step(st) == SQLITE_ROW;
  const char *a = ok ? (const char *)sqlite3_column_text(st, 0) : NULL;
  const char *b = ok ? (const char *)sqlite3_column_text(st, 1) : NULL;
  if (a) snprintf(tz, tz_sz, "%s", a);
  if (b) snprintf(units, units_sz, "%s", b);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return ok ? 0 : -1;
}
