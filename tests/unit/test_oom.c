// Out of memory, everywhere it can happen (SQLite's fault simulation): each entry point is run
// again and again, the Nth allocation failing in run N (bks_alloc_fail_after), until a run needs
// no failure. Every run must end with BKS_OK or BKS_E_NOMEM, leave nothing half-stored in the
// library, and leak nothing (the ASan build of tools/test checks leaks). After each failing run,
// the same call without failures must give the answer it gives when nothing ever failed.
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backstride/alloc.h"
#include "backstride/buf.h"
#include "backstride/import.h"
#include "backstride/io.h"
#include "backstride/pages.h"
#include "backstride/store.h"
#include "backstride/view.h"
#include "example.h"
#include "harness.h"

#define MAX_RUNS 20000 // a loop that never stops failing is a bug too

static char dir[64];
static char db[128], fit[128];

// a scratch folder with the example run as a file
static void setup(bks_buf *run) {
  snprintf(dir, sizeof dir, "/tmp/bks-oom-XXXXXX");
  BKS_CHECK(mkdtemp(dir) != NULL);
  snprintf(db, sizeof db, "%s/lib.db", dir);
  snprintf(fit, sizeof fit, "%s/run.fit", dir);
  bks_buf_init(run);
  BKS_CHECK_EQ_INT(bks_example_write_run(run, NULL), BKS_OK);
  FILE *f = fopen(fit, "wb");
  BKS_CHECK(f != NULL);
  BKS_CHECK(fwrite(run->data, 1, run->len, f) == run->len);
  fclose(f);
}

static void remove_db(void) {
  static const char *const ext[] = {"", "-wal", "-shm"};
  for (size_t i = 0; i < 3; i++) {
    char p[160];
    snprintf(p, sizeof p, "%s%s", db, ext[i]);
    unlink(p);
  }
}

static void teardown(bks_buf *run) {
  remove_db();
  unlink(fit);
  rmdir(dir);
  bks_buf_deinit(run);
}

// reading a file: each failure is BKS_E_NOMEM, and the run that needs none reads what it always does
BKS_TEST(read_fit) {
  bks_buf run;
  setup(&run);
  bks_read_result want;
  BKS_CHECK_EQ_INT(bks_read_fit(run.data, run.len, "run.fit", &want), BKS_OK);
  long n = 0;
  for (; n < MAX_RUNS; n++) {
    bks_read_result r;
    bks_alloc_fail_after(n);
    int rc = bks_read_fit(run.data, run.len, "run.fit", &r);
    int failed = bks_alloc_failed();
    bks_alloc_fail_after(-1);
    if (!failed) {
      BKS_CHECK_EQ_INT(rc, BKS_OK);
      BKS_CHECK_EQ_INT(r.nact, want.nact);
      BKS_CHECK_EQ_INT(r.act[0].n, want.act[0].n);
      bks_read_result_deinit(&r);
      break;
    }
    BKS_CHECK_EQ_INT(rc, BKS_E_NOMEM);
    bks_read_result_deinit(&r);
  }
  BKS_CHECK(n > 0 && n < MAX_RUNS);
  printf("read_fit: %ld allocations, each failed once\n", n);
  bks_read_result_deinit(&want);
  teardown(&run);
}

// importing into a library: the file is stored whole or not at all
BKS_TEST(import) {
  bks_buf run;
  setup(&run);
  long n = 0;
  for (; n < MAX_RUNS; n++) {
    remove_db();
    bks_store *s;
    char err[256];
    BKS_CHECK_EQ_INT(bks_store_open(db, 0, &s, err, sizeof err), BKS_OK);
    bks_import_cfg cfg;
    bks_import_default_cfg(&cfg);
    cfg.threads = 1;
    bks_import_result res;
    bks_import_result_init(&res);
    const char *paths[] = {fit};
    bks_alloc_fail_after(n);
    int rc = bks_import_paths(s, paths, 1, &cfg, &res);
    int failed = bks_alloc_failed();
    bks_alloc_fail_after(-1);
    BKS_CHECK(rc == BKS_OK || rc == BKS_E_NOMEM);
    // nothing half-stored, whatever failed
    bks_check_result chk;
    BKS_CHECK_EQ_INT(bks_store_check(s, &chk), BKS_OK);
    BKS_CHECK(chk.integrity_ok && chk.foreign_keys_ok);
    BKS_CHECK_EQ_INT(chk.incomplete_runs, 0);
    BKS_CHECK(chk.runs == 0 || chk.runs == 1);
    if (!failed) {
      BKS_CHECK_EQ_INT(rc, BKS_OK);
      BKS_CHECK_EQ_INT(res.imported, 1);
      BKS_CHECK_EQ_INT(chk.runs, 1);
    }
    bks_import_result_deinit(&res);
    // the same import without failures finishes the job
    bks_import_result_init(&res);
    BKS_CHECK_EQ_INT(bks_import_paths(s, paths, 1, &cfg, &res), BKS_OK);
    BKS_CHECK_EQ_INT(res.imported + res.duplicates, 1);
    bks_import_result_deinit(&res);
    bks_store_close(s);
    if (!failed) break;
  }
  BKS_CHECK(n > 0 && n < MAX_RUNS);
  printf("import: %ld allocations, each failed once\n", n);
  teardown(&run);
}

// gathering the library for the pages and rendering them
BKS_TEST(pages) {
  bks_buf run;
  setup(&run);
  remove_db();
  bks_store *s;
  char err[256];
  BKS_CHECK_EQ_INT(bks_store_open(db, 0, &s, err, sizeof err), BKS_OK);
  bks_import_result res;
  bks_import_result_init(&res);
  const char *paths[] = {fit};
  BKS_CHECK_EQ_INT(bks_import_paths(s, paths, 1, NULL, &res), BKS_OK);
  bks_import_result_deinit(&res);
  int64_t today = 20703; // 2026-09-07, the day after the example run
  // the cache is filled once first, as it is after any first read
  bks_pages *warm = NULL;
  BKS_CHECK_EQ_INT(bks_pages_gather(s, today, &warm, err, sizeof err), BKS_OK);
  bks_buf want;
  bks_buf_init(&want);
  BKS_CHECK_EQ_INT(bks_page_report(&want, warm, s), BKS_OK);
  bks_pages_free(warm);
  long n = 0;
  for (; n < MAX_RUNS; n++) {
    bks_pages *p = NULL;
    bks_buf b;
    bks_buf_init(&b);
    bks_alloc_fail_after(n);
    int rc = bks_pages_gather(s, today, &p, err, sizeof err);
    if (rc == BKS_OK) rc = bks_page_report(&b, p, s);
    int failed = bks_alloc_failed();
    bks_alloc_fail_after(-1);
    if (!failed) {
      BKS_CHECK_EQ_INT(rc, BKS_OK);
      BKS_CHECK(b.len == want.len && memcmp(b.data, want.data, b.len) == 0);
    } else {
      BKS_CHECK(rc == BKS_E_NOMEM || rc == BKS_E_LIMIT);
    }
    bks_pages_free(p);
    bks_buf_deinit(&b);
    if (!failed) break;
  }
  BKS_CHECK(n > 0 && n < MAX_RUNS);
  printf("pages: %ld allocations, each failed once\n", n);
  bks_buf_deinit(&want);
  bks_store_close(s);
  teardown(&run);
}

BKS_TEST_MAIN(BKS_CASE(read_fit), BKS_CASE(import), BKS_CASE(pages))
