// backstride — the library: one SQLite file holding a runner's sources, runs and samples.
//
// The only module that speaks SQL (DESIGN.md). One database file in WAL mode, foreign keys on, a
// busy timeout so that two processes can share it, the schema version in PRAGMA user_version with
// forward migrations applied in one transaction when the file is opened. A file written by a newer
// backstride is refused with a clear message rather than guessed at.
//
//     bks_store *s;
//     char err[256];
//     if (bks_store_open(path, 0, &s, err, sizeof err) < 0) die(err);
//     bks_store_add_file(s, &file, acts, nacts, &res);   // one transaction per file
//     bks_store_close(s);
//
// Crash safety: bks_store_add_file writes a whole file's activities in one transaction, so a crash
// (even SIGKILL) leaves either all of them or none. Commits do not fsync (WAL with
// synchronous=NORMAL): a power cut may lose the last few imports, never consistency; a process
// crash loses nothing that was committed.
//
// Samples are stored one BLOB per channel per run, n_samples little-endian IEEE values: float64
// ("f8") for the time axis, every channel and developer channel (bit for bit what the reader
// produced, so a stored run and its file analyse identically), float32 ("f4") for the raw IMU
// axes, which are float32 in the activity.
//
// A bks_store is not thread-safe: use one per thread (SQLite serialises the writers).
#ifndef BACKSTRIDE_STORE_H
#define BACKSTRIDE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/activity.h"
#include "backstride/diary.h"
#include "backstride/library.h"
#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

//---- Opening ----

// the schema version this program writes (PRAGMA user_version)
#define BKS_STORE_SCHEMA_VERSION 5

typedef struct bks_store bks_store;

// bks_store_open flags
enum {
  BKS_STORE_NOCREATE = 1 // fail with BKS_E_OPEN when the file does not exist (read commands)
};

/**
 * The default library path: `$XDG_DATA_HOME/backstride/backstride.db`, or
 * `$HOME/.local/share/backstride/backstride.db` when XDG_DATA_HOME is unset, empty or relative
 * (as the XDG base-directory spec says). Returns BKS_OK, BKS_E_STATE when neither variable gives
 * a path, or BKS_E_LIMIT when `n` is too small.
 */
BKS_API int bks_store_default_path(char *buf, size_t n);

/**
 * Open (and create, with its missing parent directories, mode 0700, and the file itself mode
 * 0600) the library at `path`, then bring its schema up to BKS_STORE_SCHEMA_VERSION. The path
 * ":memory:" opens a private in-memory library (for tests), gone when closed.
 * Returns BKS_OK; BKS_E_OPEN when the file or a directory cannot be created or opened (or does
 * not exist with BKS_STORE_NOCREATE); BKS_E_FORMAT when the file is not a backstride library (not
 * SQLite, or another program's database); BKS_E_UNSUPPORTED when a newer backstride wrote it;
 * BKS_E_DB for other SQLite failures. On error `err` says why and `*out` is untouched.
 * Nullable: err.
 */
BKS_API int bks_store_open(const char *path, int flags, bks_store **out, char *err, size_t err_sz);

/** Close the library. Nullable: s (then it does nothing). */
BKS_API void bks_store_close(bks_store *s);

/** What went wrong in the last failing call on `s` ("" after a success). Owned by `s`. */
BKS_API const char *bks_store_errmsg(const bks_store *s);

/** The file the library lives in (absolute when SQLite could tell). Owned by `s`. */
BKS_API const char *bks_store_path(const bks_store *s);

/**
 * The profile's time zone and units of the library at `path`, read without opening it for
 * writing or migrating it; 0 with them set ("" when not given), -1 (and "") when the file has no
 * profile or cannot be read.
 */
BKS_API int bks_store_peek_prefs(const char *path, char *tz, size_t tz_sz, char *units,
                                 size_t units_sz);

/** The schema version of the open file (BKS_STORE_SCHEMA_VERSION once opened). */
BKS_API int bks_store_schema_version(bks_store *s);

//---- Importing ----

// One source file as the importer saw it.
typedef struct bks_store_file {
  const char *path;      // where it came from: a file, or "archive.zip!inner/file.fit"
  const uint8_t *sha256; // 32 bytes: SHA-256 of the file's (inflated) bytes
  const char *format;    // "fit", "gpx", "tcx", "imu"
  uint64_t size;         // bytes (inflated)
} bks_store_file;

// What is already known about a content hash.
typedef enum bks_store_known {
  BKS_STORE_UNKNOWN = 0, // never seen
  BKS_STORE_SOURCE,      // imported before (its runs, if any, are stored)
  BKS_STORE_SKIPPED      // seen before and skipped (the reason is given)
} bks_store_known;

/**
 * Look a content hash up. Sets `*known`, and for BKS_STORE_SKIPPED copies the recorded reason into
 * `reason` (when not NULL). Skips recorded by an older importer generation count as unknown, so
 * that a better reader gets another look at them. Returns BKS_OK or BKS_E_DB. Nullable: reason.
 */
BKS_API int bks_store_lookup(bks_store *s, const uint8_t sha256[32], bks_store_known *known,
                             char *reason, size_t reason_sz);

// What bks_store_add_file did with one file.
typedef struct bks_store_add_result {
  unsigned added;      // runs inserted (including those that replaced a poorer copy)
  unsigned replaced;   // of those, runs that replaced the same run from another file
  unsigned duplicates; // runs not inserted: the same run is already stored from another file,
                       // at least as rich
  unsigned hash_dup;   // 1 when the file's content hash was already stored: nothing was done
  int64_t first_id;    // id of the first run inserted (0 when none)
} bks_store_add_result;

/**
 * Store one source file and its `nact` running activities, all in one transaction: on any error
 * nothing of the file remains. A file whose hash is already stored adds nothing (hash_dup = 1).
 * An activity that starts within ±60 s of a stored run and lasts as long (within 5 % or ±60 s) is
 * the same run arriving as another file (a FIT and a GPX of one run): the richer of the two is
 * kept (more channels, running dynamics above all; see bks_store_richness), replacing the stored
 * one inside the same transaction when the new one is richer. Returns BKS_OK, BKS_E_INVAL
 * (an activity's arrays are inconsistent), BKS_E_NOMEM or BKS_E_DB; bks_store_errmsg says why.
 * Nullable: act when nact is 0, res.
 */
BKS_API int bks_store_add_file(bks_store *s, const bks_store_file *f, const bks_activity *act,
                               size_t nact, bks_store_add_result *res);

/**
 * Record a file that holds no run (another sport, not an activity file) with the reason, so that
 * importing it again skips it without reading it. Returns BKS_OK or BKS_E_DB.
 */
BKS_API int bks_store_add_skipped(bks_store *s, const bks_store_file *f, const char *reason);

/**
 * How rich an activity is, to choose between two copies of one run: raw IMU 40, each running
 * dynamics channel (vertical oscillation, ground contact time and balance, step length, vertical
 * ratio) 8, power 3, each other channel 1, developer channels 1 each (at most 8), laps 1, FIT
 * source 2 (full-resolution session and device data).
 */
BKS_API int bks_store_richness(const bks_activity *a);

// Bump when the readers learn to read files they used to skip: skips recorded by an older
// generation are then read again on the next import instead of being skipped unread.
#define BKS_STORE_READER_GENERATION 1

//---- Reading ----

/**
 * Call `fn` for every stored run in order of start time (then id). Returns BKS_OK, what `fn`
 * returned when it stopped the walk, or BKS_E_DB.
 */
BKS_API int bks_store_runs(bks_store *s, bks_run_info_fn fn, void *ctx);

/** Number of stored runs into `*n`. Returns BKS_OK or BKS_E_DB. */
BKS_API int bks_store_count_runs(bks_store *s, int64_t *n);

/**
 * SQLite's data version of this connection: it changes whenever another connection (in this
 * process or another) commits to the library, so a cache of derived pages can tell it is stale.
 * Returns BKS_OK or BKS_E_DB.
 */
BKS_API int bks_store_data_version(bks_store *s, int64_t *v);

/** One run's summary. Returns BKS_OK, BKS_END when no run has that id, or BKS_E_DB. */
BKS_API int bks_store_run_get(bks_store *s, int64_t id, bks_run_info *out);

// bks_store_load flags
enum {
  BKS_STORE_LOAD_NO_SAMPLES = 1 // metadata, laps and developer channel names only (n stays 0)
};

/**
 * Load a run back into `a` (which must be initialised; what it held is freed): source, sport,
 * times, laps, warnings and, unless BKS_STORE_LOAD_NO_SAMPLES, every channel. Returns BKS_OK,
 * BKS_END when no run has that id, BKS_E_CORRUPT when a stored array is damaged, BKS_E_NOMEM or
 * BKS_E_DB.
 */
BKS_API int bks_store_load(bks_store *s, int64_t id, int flags, bks_activity *a);

//---- Derived results cache ----
// What the steps → model → load pipeline made of a run is cached per run under a model key (the
// model version and the runner's inputs; see bks_model_key), so that a page over years of runs
// reads rows instead of re-modelling every run. The store keeps the bytes opaque: src/load owns
// their encoding. A run replaced by a richer copy loses its cached row in the same transaction.

// One cached result.
typedef struct bks_store_summary {
  int64_t run_id;
  int modelled;     // 0: nothing to model in that run (why says why)
  const char *why;  // "" when modelled
  const void *data; // the load module's encoding
  size_t size;      // bytes of data
} bks_store_summary;

// Called once per cached row under the asked key, in run id order; the pointers live until it
// returns. A non-zero return stops the walk (and bks_store_summaries returns it).
typedef int (*bks_store_summary_fn)(const bks_store_summary *row, void *ctx);

/**
 * Walk the cached rows stored under `model_key` (rows under other keys are stale and skipped).
 * Returns BKS_OK, what `fn` returned when it stopped, or BKS_E_DB.
 */
BKS_API int bks_store_summaries(bks_store *s, const char *model_key, bks_store_summary_fn fn,
                                void *ctx);

/**
 * Store `n` results under `model_key` in one transaction, replacing any older row of those runs.
 * Rows of runs that no longer exist are dropped silently (another process may have replaced
 * them). Returns BKS_OK or BKS_E_DB (then nothing was written). A reader process that cannot
 * write (read-only file, busy writer) loses nothing but the cache: callers may ignore BKS_E_DB.
 */
BKS_API int bks_store_summaries_put(bks_store *s, const char *model_key,
                                    const bks_store_summary *rows, size_t n);

//---- Checking ----

/**
 * Check the whole file: SQLite's integrity check, foreign keys, and that every run has all of its
 * samples (a blob for the time axis and for every channel its mask names, each exactly n_samples
 * long). Returns BKS_OK (read `res` for the verdict) or BKS_E_DB.
 */
BKS_API int bks_store_check(bks_store *s, bks_check_result *res);

//---- The runner's records (include/backstride/diary.h; src/store/store_diary.c) ----
// profile, pain diary, sessions, shoes, interventions and screenings (schema version 2; the
// profile's experience and routine: version 3). Days are stored as "YYYY-MM-DD" text.

/**
 * Replace the profile, and record each field that changed (with `source`, e.g. "command line")
 * in one transaction. Returns BKS_OK or BKS_E_DB.
 */
BKS_API int bks_store_profile_set(bks_store *s, const bks_profile *p, const char *source);
/** The latest change of each profile field, oldest first (malloc'd; free it). */
BKS_API int bks_store_profile_changes(bks_store *s, bks_profile_change **out, size_t *n);
/** The profile (`p->set` is 0 when none is stored). Returns BKS_OK or BKS_E_DB. */
BKS_API int bks_store_profile_get(bks_store *s, bks_profile *p);

/** Diary entries. Returns BKS_OK or BKS_E_DB. */
BKS_API int bks_store_pain_add(bks_store *s, const bks_pain_entry *e);
BKS_API int bks_store_session_add(bks_store *s, const bks_session_entry *e);
/** Change the entry with `e->id` to `e`; BKS_END when no entry of that kind has the id. */
BKS_API int bks_store_pain_update(bks_store *s, const bks_pain_entry *e);
BKS_API int bks_store_session_update(bks_store *s, const bks_session_entry *e);
BKS_API int bks_store_intervention_update(bks_store *s, const bks_intervention *e);
/** Delete the diary entry (pain, session or intervention) with that id; BKS_END when none. */
BKS_API int bks_store_diary_delete(bks_store *s, int64_t id);
/** Rename run `id`; BKS_END when none. */
BKS_API int bks_store_run_rename(bks_store *s, int64_t id, const char *name);
/** Delete run `id` (samples, laps and derived results go with it), counting it on its source. */
BKS_API int bks_store_run_delete(bks_store *s, int64_t id);
/**
 * Forget every source one of whose runs was deleted (its remaining runs too), so the next import
 * of the file reads it again; `*sources` gets how many. One transaction.
 */
BKS_API int bks_store_forget_deleted(bks_store *s, int64_t *sources);
/** end_day < 0: still going. */
BKS_API int bks_store_intervention_add(bks_store *s, const char *name, int64_t start_day,
                                       int64_t end_day);
/** Every intervention, by start day then id, into a malloc'd array (free() it; NULL when none). */
BKS_API int bks_store_intervention_list(bks_store *s, bks_intervention **out, size_t *n);

/** All entries, oldest first, into a malloc'd array (free() it; NULL when none). */
BKS_API int bks_store_pain_list(bks_store *s, bks_pain_entry **out, size_t *n);
BKS_API int bks_store_session_list(bks_store *s, bks_session_entry **out, size_t *n);

/** Add a pair; BKS_E_INVAL when a pair of that name exists. */
BKS_API int bks_store_shoe_add(bks_store *s, const char *name, int64_t start_day);
/** Retire a pair on `day`; BKS_END when no pair in use has that name. */
BKS_API int bks_store_shoe_retire(bks_store *s, const char *name, int64_t day);
/**
 * Make the pair named `name` (any case) the one new runs wear; NULL: no default. BKS_END when no
 * pair has that name, BKS_E_INVAL when it is retired.
 */
BKS_API int bks_store_shoe_default(bks_store *s, const char *name);
/** Say which pair run `run_id` was run in. BKS_END when no pair or run has that name or id. */
BKS_API int bks_store_shoe_assign(bks_store *s, int64_t run_id, const char *name);
/** How many runs count for no pair because several pairs were in use and none was assigned. */
BKS_API int bks_store_shoe_unassigned(bks_store *s, int64_t *n);
/** Every pair with the distance of the runs since its start day (to its retirement). */
BKS_API int bks_store_shoe_list(bks_store *s, bks_shoe **out, size_t *n);

/** Store a dated screening (`flags` = BKS_FLAG_*, 0 clears). */
BKS_API int bks_store_screen_add(bks_store *s, int64_t day, unsigned flags);
/** The latest screening: `*found` 0 when none. */
BKS_API int bks_store_screen_latest(bks_store *s, int *found, int64_t *day, unsigned *flags);

/**
 * Read the profile, pain, sessions, shoes and the latest screening into `d` (which owns them:
 * bks_diary_deinit). Returns BKS_OK, or BKS_E_DB / BKS_E_NOMEM with `d` empty.
 */
BKS_API int bks_store_diary_read(bks_store *s, bks_diary *d);

#ifdef __cplusplus
}
#endif

#endif
