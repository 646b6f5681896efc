// The derived results cache: rows of (run, model key, opaque bytes). See store.h.
#include <string.h>

#include "store_internal.h"

int bks_store_summaries(bks_store *s, const char *model_key, bks_store_summary_fn fn, void *ctx) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT run_id, modelled, why, data FROM run_summaries "
                         "WHERE model_key = ?1 ORDER BY run_id",
                         -1, &st, NULL) != SQLITE_OK) {
    return bks__store_dberr(s, "reading cached results");
  }
  sqlite3_bind_text(st, 1, model_key, -1, SQLITE_STATIC);
  int rc, out = BKS_OK;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *why = (const char *)sqlite3_column_text(st, 2);
    bks_store_summary row = {
        .run_id = sqlite3_column_int64(st, 0),
        .modelled = sqlite3_column_int(st, 1),
        .why = why ? why : "",
        .data = sqlite3_column_blob(st, 3),
        .size = (size_t)sqlite3_column_bytes(st, 3),
    };
    if ((out = fn(&row, ctx)) != 0) break;
  }
  if (out == BKS_OK && rc != SQLITE_DONE) out = bks__store_dberr(s, "reading cached results");
  sqlite3_finalize(st);
  return out;
}

int bks_store_summaries_put(bks_store *s, const char *model_key, const bks_store_summary *rows,
                            size_t n) {
  if (n == 0) return BKS_OK;
  sqlite3_stmt *st;
  if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
    return bks__store_dberr(s, "caching results");
  }
  // INSERT ... SELECT WHERE EXISTS: a run deleted or replaced meanwhile gets no row
  if (sqlite3_prepare_v2(s->db,
                         "INSERT OR REPLACE INTO run_summaries (run_id, model_key, modelled, why, "
                         "data) SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM runs "
                         "WHERE id = ?1)",
                         -1, &st, NULL) != SQLITE_OK) {
    int rc = bks__store_dberr(s, "caching results");
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
  }
  int rc = BKS_OK;
  for (size_t i = 0; i < n && rc == BKS_OK; i++) {
    sqlite3_bind_int64(st, 1, rows[i].run_id);
    sqlite3_bind_text(st, 2, model_key, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, rows[i].modelled != 0);
    sqlite3_bind_text(st, 4, rows[i].why ? rows[i].why : "", -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 5, rows[i].size ? rows[i].data : "", (int)rows[i].size, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) rc = bks__store_dberr(s, "caching results");
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  if (rc == BKS_OK && sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
    rc = bks__store_dberr(s, "caching results");
  }
  if (rc != BKS_OK) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  else s->msg[0] = 0;
  return rc;
}
