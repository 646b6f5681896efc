// backstride store internals: the handle, shared by store.c (open, schema), store_write.c (import)
// and store_read.c (queries). Nothing outside src/store includes sqlite3.h.
#ifndef BKS_STORE_INTERNAL_H
#define BKS_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "backstride/store.h"
#include "store_hooks.h"

// every statement the import path runs, prepared once per handle
enum {
  ST_SOURCE_BY_HASH, // SELECT id FROM sources WHERE sha256=?
  ST_SKIP_BY_HASH,   // SELECT reason, generation FROM skipped WHERE sha256=?
  ST_SOURCE_INSERT,  // INSERT INTO sources
  ST_SKIP_INSERT,    // INSERT OR REPLACE INTO skipped
  ST_SKIP_DELETE,    // DELETE FROM skipped WHERE sha256=?
  ST_RUN_NEAR,       // candidate duplicates by start time
  ST_RUN_INSERT,     // INSERT INTO runs
  ST_RUN_UPDATE,     // UPDATE runs (a richer copy replaces a stored run, keeping its id)
  ST_RUN_CLEAR,      // DELETE children of a run being replaced (four statements)
  ST_RUN_CLEAR_LAPS,
  ST_RUN_CLEAR_DEV,
  ST_RUN_CLEAR_SUMMARY, // a replaced run's cached derived results
  ST_SAMPLE_INSERT,     // INSERT INTO samples
  ST_DEV_INSERT,        // INSERT INTO dev_channels
  ST_LAP_INSERT,        // INSERT INTO laps
  ST_BEGIN,             // BEGIN IMMEDIATE
  ST_COMMIT,            // COMMIT
  ST_ROLLBACK,          // ROLLBACK
  ST_COUNT
};

struct bks_store {
  sqlite3 *db;
  sqlite3_stmt *st[ST_COUNT];
  char msg[512];    // last error
  uint8_t *scratch; // blob encoding buffer
  size_t scratch_cap;
  long fault_after; // test hook: the Nth statement stepped in bks_store_add_file fails (0: off)
};

// record an error message (printf-style) and return `rc`
int bks__store_fail(bks_store *s, int rc, const char *fmt, ...) BKS_PRINTF(3, 4);

// record SQLite's message for a failed call, with what we were doing; returns BKS_E_DB
int bks__store_dberr(bks_store *s, const char *what);

#endif
