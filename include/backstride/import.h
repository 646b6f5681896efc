// backstride — the importer: files, folders, .gz and .zip exports → the library.
//
// Each PATH is a file, a folder (walked recursively in name order; hidden files and folders are
// left out, symlinked folders followed once, so a link loop ends), a `.gz` (Strava's `.fit.gz`,
// `.gpx.gz`, `.tcx.gz`) or a `.zip` (Garmin's "export your data", with zips inside zips). Every
// file found inside is a leaf; each leaf is sniffed, read with bks_read_any and stored with
// bks_store_add_file: one transaction per leaf, so a crash keeps whole files only.
//
// A leaf ends as exactly one of:
//   imported   at least one new run was stored;
//   duplicate  its bytes were imported before (content hash), or each of its runs is already
//              stored from another file (the richer copy is kept, see bks_store_add_file);
//   skipped    not an activity file (photos, JSON, notes... counted, not listed), or an activity
//              file without a run (another sport), with the reason; remembered by hash so that the
//              next import skips it unread;
//   failed     unreadable or damaged beyond use: the file and the reader's error, which names the
//              byte offset or line; the batch goes on.
//
// Limits (untrusted archives): a leaf may inflate to at most `max_inflate` bytes (gzip and zip
// bombs), an archive's leaves to `max_archive_total` in all, archives nest at most `max_depth`
// deep, and an archive may hold at most `max_entries` entries.
#ifndef BACKSTRIDE_IMPORT_H
#define BACKSTRIDE_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/status.h"
#include "backstride/library.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bks_store bks_store; // opaque: app.h opens it

// Where an import is, for a progress display; passed after every leaf.
typedef struct bks_import_progress {
  uint64_t leaves;      // leaves finished
  uint64_t bytes_done;  // bytes of the named files (on disk) dealt with
  uint64_t bytes_total; // bytes of all the named files (known after the folders are walked)
  unsigned imported, duplicates, skipped, failed;
  const char *current; // the leaf just finished
} bks_import_progress;

typedef void (*bks_import_progress_fn)(const bks_import_progress *p, void *ctx);

typedef struct bks_import_cfg {
  uint64_t max_inflate;       // [bytes] one leaf, inflated (default 512 MiB)
  uint64_t max_archive_total; // [bytes] all leaves of one named archive, inflated (default 64 GiB)
  unsigned max_depth;         // archives inside archives (default 8)
  uint64_t max_entries;       // entries of one archive (default 1,000,000)
  unsigned threads;           // 1: everything on the calling thread; 0 (default) or more: a
                              // second thread finds, inflates, hashes and reads the files while
                              // the calling thread stores them (store writes stay on one thread)
  bks_import_progress_fn progress; // Nullable; called on the calling thread
  void *progress_ctx;
  // Nullable (default): when exactly one path is given and it is a file, its runs and messages
  // name it by this label instead of its path (an upload saved to a temporary file is recorded
  // under the name the runner gave it). The label is never opened.
  const char *label;
} bks_import_cfg;

/** Fill `cfg` with the defaults above (no progress callback). */
BKS_API void bks_import_default_cfg(bks_import_cfg *cfg);

// A leaf that failed (or, in `damaged`, was imported from its readable part only).
typedef struct bks_import_problem {
  char *file;  // "path", or "archive.zip!inner/file.fit"
  char *error; // the reader's message: "offset 1234: bad CRC", "line 17: ..."
} bks_import_problem;

// How many skipped leaves gave one reason.
typedef struct bks_import_reason {
  char reason[160];
  unsigned count;
} bks_import_reason;

typedef struct bks_import_result {
  unsigned imported, duplicates, skipped; // leaves, by outcome
  size_t nfailed;
  bks_import_problem *failed; // in the order met
  size_t ndamaged;
  bks_import_problem *damaged; // imported, but only up to the damage
  size_t nreasons;
  bks_import_reason *reasons; // why leaves were skipped, most frequent first
  unsigned runs_added;        // runs stored (new, or replacing a poorer copy)
  unsigned runs_replaced;     // of those, replacing the same run from another file
  unsigned runs_duplicate;    // runs not stored: the same run was already there
  uint64_t leaves;            // leaves met
  uint64_t bytes_read;        // bytes read (inflated)
  char fatal[512];            // why the batch stopped, when it returns an error
} bks_import_result;

/** Make `r` empty. */
BKS_API void bks_import_result_init(bks_import_result *r);

/** Free what `r` holds and make it empty. Nullable: r. */
BKS_API void bks_import_result_deinit(bks_import_result *r);

/**
 * Import `npaths` paths into `s`. Returns BKS_OK when the batch ran to the end, whatever became
 * of each leaf (read `res`); a negative status when it had to stop: BKS_E_DB (the library itself
 * failed, e.g. a full disk: `res->fatal` says why; every file stored before stays stored) or
 * BKS_E_NOMEM. `res` must be initialised; results add up over calls. Nullable: cfg (defaults).
 */
BKS_API int bks_import_paths(bks_store *s, const char *const *paths, size_t npaths,
                             const bks_import_cfg *cfg, bks_import_result *res);

#ifdef __cplusplus
}
#endif

#endif
