// backstride — the runner's library as the commands and pages use it. The application layer is
// the only way above it to the store: the CLI, the report and the dashboard hold the library as
// an opaque handle and call these, never the store's own functions (the build enforces it:
// docs/architecture.md). Each function does what the store function of the same name does
// (include/backstride/store.h says how, with every status); they are kept here, one place, so
// that what a runner may do to their library (and, later, which runner) is decided in app.
#ifndef BKS_APP_H
#define BKS_APP_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/status.h"
#include "backstride/activity.h"
#include "backstride/diary.h"
#include "backstride/library.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bks_store bks_store; // opaque above the app layer

// bks_library_open flags
enum {
  BKS_LIBRARY_NOCREATE = 1 // fail with BKS_E_OPEN when the file does not exist (read commands)
};
// bks_library_load flags
enum {
  BKS_LIBRARY_LOAD_NO_SAMPLES = 1 // metadata, laps and developer channel names only
};

/** Open the library at `path` (NULL: the default path); flags as BKS_LIBRARY_NOCREATE. See bks_store_open: the same statuses and messages. */
BKS_API int bks_library_open(const char *path, int flags, bks_store **out, char *err,
                             size_t err_sz);
/** Close it. Nullable: s. */
BKS_API void bks_library_close(bks_store *s);
/** The last error's text, owned by the library. */
BKS_API const char *bks_library_errmsg(const bks_store *s);
/** The default library path (XDG). */
BKS_API int bks_library_default_path(char *buf, size_t n);
/** The file the library lives in. */
BKS_API const char *bks_library_path(const bks_store *s);
/** Changes whenever another connection commits (a cache can tell it is stale). */
BKS_API int bks_library_data_version(bks_store *s, int64_t *v);
/** Call `fn` for every run, in order of start time. */
BKS_API int bks_library_runs(bks_store *s, bks_run_info_fn fn, void *ctx);
/** The number of runs. */
BKS_API int bks_library_count_runs(bks_store *s, int64_t *n);
/** One run's record; BKS_END when no run has that id. */
BKS_API int bks_library_run_get(bks_store *s, int64_t id, bks_run_info *out);
/** A run with its samples (or not: BKS_LIBRARY_LOAD_NO_SAMPLES) into `a`. */
BKS_API int bks_library_load(bks_store *s, int64_t id, int flags, bks_activity *a);
/** Check the whole file (integrity, keys, every run complete). */
BKS_API int bks_library_check(bks_store *s, bks_check_result *res);
/** The profile (`set` 0 when none is stored). */
BKS_API int bks_library_profile_get(bks_store *s, bks_profile *p);
/** Replace the whole profile (a form that shows every field); `source` says where from. */
BKS_API int bks_library_profile_set(bks_store *s, const bks_profile *p, const char *source);

/** A change to some fields of the profile: everything not given is kept (`profile set`). */
typedef struct bks_profile_edit {
  double mass_kg, height_m, age_y; // NaN: keep
  char sex;                        // 'f', 'm'; 0: keep
  unsigned add_conditions, remove_conditions;
  int replace_conditions; // 1: the conditions become add_conditions exactly (none when 0)
  // NaN: keep; -INFINITY: clear (not given any more)
  double experience_y, runs_per_week, weekly_km, weekly_minutes, strength_per_week;
  const char *tz;    // IANA zone; "" back to the system's; NULL: keep
  const char *units; // "km" or "mi"; NULL: keep
} bks_profile_edit;

/** An edit that changes nothing. */
BKS_API void bks_profile_edit_init(bks_profile_edit *e);

/**
 * Apply `e` to the stored profile and store it, recording what changed with `source`; the result
 * in `out` (nullable). A library with no profile needs mass, height, age and sex in the first
 * edit. Returns BKS_OK; BKS_E_INVAL with `err` when the edit cannot be applied (first profile
 * incomplete, an unknown time zone, units other than km and mi); BKS_E_DB.
 */
BKS_API int bks_library_profile_update(bks_store *s, const bks_profile_edit *e, const char *source,
                                       bks_profile *out, char *err, size_t err_sz);

/**
 * Count days in the time zone of the profile of the library at `path` (NULL: the default path),
 * and show distances in its units, for the rest of the process (bks_date_use_tz, bks_units_use); the
 * system's zone and kilometres when it has none. Reads the file without changing it. Call it
 * before starting threads.
 */
BKS_API void bks_library_use_prefs(const char *path);

/** 1 when `name` is a time zone this system knows (an IANA name with a zoneinfo file). */
BKS_API int bks_tz_known(const char *name);

/** The latest change of each profile field, oldest first (malloc'd; free it). */
BKS_API int bks_library_profile_changes(bks_store *s, bks_profile_change **out, size_t *n);
/** Every pain, session and intervention entry, by day then id (malloc'd; free it). */
BKS_API int bks_library_diary_entries(bks_store *s, bks_diary_entry **out, size_t *n);
/** The entry with that id; BKS_END when none. */
BKS_API int bks_library_diary_get(bks_store *s, int64_t id, bks_diary_entry *out);
/** Store a corrected entry (its kind and id unchanged); BKS_END when it is gone. */
BKS_API int bks_library_diary_update(bks_store *s, const bks_diary_entry *e);
/** Delete the entry with that id; BKS_END when none. */
BKS_API int bks_library_diary_delete(bks_store *s, int64_t id);
/** Give run `id` a name (the runner's own words); BKS_END when no run has that id. */
BKS_API int bks_library_run_rename(bks_store *s, int64_t id, const char *name);
/**
 * Delete run `id` with its samples and derived results; its file is remembered, so a later import
 * of the same file does not bring it back (bks_library_restore_deleted does). BKS_END when none.
 */
BKS_API int bks_library_run_delete(bks_store *s, int64_t id);
/** Forget the files whose runs were deleted, so that the next import reads them again. */
BKS_API int bks_library_restore_deleted(bks_store *s, int64_t *sources);
/** Diary entries. */
BKS_API int bks_library_pain_add(bks_store *s, const bks_pain_entry *e);
/** Every entry, oldest first, malloc'd (free() it). */
BKS_API int bks_library_pain_list(bks_store *s, bks_pain_entry **out, size_t *n);
/** A session. */
BKS_API int bks_library_session_add(bks_store *s, const bks_session_entry *e);
/** Every session, oldest first, malloc'd (free() it). */
BKS_API int bks_library_session_list(bks_store *s, bks_session_entry **out, size_t *n);
/** An intervention (end_day < 0: still going). */
BKS_API int bks_library_intervention_add(bks_store *s, const char *name, int64_t start_day,
                                         int64_t end_day);
/** Every intervention, malloc'd (free() it). */
BKS_API int bks_library_intervention_list(bks_store *s, bks_intervention **out, size_t *n);
/** A pair; BKS_E_INVAL when one of that name exists. */
BKS_API int bks_library_shoe_add(bks_store *s, const char *name, int64_t start_day);
/** Retire a pair; BKS_END when none in use has that name. */
BKS_API int bks_library_shoe_retire(bks_store *s, const char *name, int64_t day);
/** The pair new runs wear (NULL: none); see bks_store_shoe_default. */
BKS_API int bks_library_shoe_default(bks_store *s, const char *name);
/** The pair run `run_id` was run in; see bks_store_shoe_assign. */
BKS_API int bks_library_shoe_assign(bks_store *s, int64_t run_id, const char *name);
/** Runs that count for no pair because several were in use; see bks_store_shoe_unassigned. */
BKS_API int bks_library_shoe_unassigned(bks_store *s, int64_t *n);
/** Every pair with its distance, malloc'd (free() it). */
BKS_API int bks_library_shoe_list(bks_store *s, bks_shoe **out, size_t *n);
/** A dated screening (0 clears). */
BKS_API int bks_library_screen_add(bks_store *s, int64_t day, unsigned flags);
/** The latest screening (`*found` 0 when none). */
BKS_API int bks_library_screen_latest(bks_store *s, int *found, int64_t *day, unsigned *flags);
/** The whole diary (bks_diary_deinit frees it). */
BKS_API int bks_library_diary_read(bks_store *s, bks_diary *d);

#ifdef __cplusplus
}
#endif

#endif
