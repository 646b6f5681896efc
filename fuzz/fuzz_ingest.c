// Fuzz target for ingesting archives and compressed files (src/app/import.c with src/io/gzip.c):
// the input is written to a file whose name comes from its first byte (.zip, .gz, .fit.gz,
// .gpx.gz, .tcx.gz, .csv.gz, .fit) and imported into one library made at start, on the calling
// thread (threads = 1) so that a run is deterministic. Aborts when an invariant breaks: the batch
// stops with a library error on bad input, the counts do not add up (every leaf met is imported,
// a duplicate, skipped or failed), a failed leaf has no name or reason, or the library fails its
// own check afterwards (a half-written activity). bks_gunzip is also run on the raw bytes: it
// returns an error or at most its limit, and the same bytes give the same result twice.
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backstride/import.h"
#include "backstride/io.h"
#include "backstride/store.h"

static char dir[64];
static bks_store *lib;
static unsigned long runs;

// the scratch library goes when the process ends
static void cleanup(void) {
  static const char *const files[] = {"lib.db", "lib.db-wal", "lib.db-shm"};
  bks_store_close(lib);
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    unlink(path);
  }
  rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  snprintf(dir, sizeof dir, "/tmp/bks-fuzz-ingest-XXXXXX");
  if (!mkdtemp(dir)) abort();
  char path[128], err[256];
  snprintf(path, sizeof path, "%s/lib.db", dir);
  if (bks_store_open(path, 0, &lib, err, sizeof err) < 0) abort();
  atexit(cleanup);
  return 0;
}

static void check_gunzip(const uint8_t *data, size_t size) {
  uint8_t *a = NULL, *b = NULL;
  size_t na = 0, nb = 0;
  char err[256];
  const uint64_t limit = 1 << 20;
  int ra = bks_gunzip(data, size, limit, &a, &na, err, sizeof err);
  int rb = bks_gunzip(data, size, limit, &b, &nb, err, sizeof err);
  if (ra != rb) abort();
  if (ra == BKS_OK && (na != nb || na > limit + 1 || (na && memcmp(a, b, na) != 0))) abort();
  free(a);
  free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!lib) LLVMFuzzerInitialize(NULL, NULL);
  if (size == 0) return 0;
  static const char *const ext[] = {".zip",    ".gz",     ".fit.gz", ".gpx.gz",
                                    ".tcx.gz", ".csv.gz", ".fit"};
  const char *e = ext[data[0] % (sizeof ext / sizeof ext[0])];
  data++, size--;
  check_gunzip(data, size);

  char path[128];
  snprintf(path, sizeof path, "%s/in%s", dir, e);
  FILE *f = fopen(path, "wb");
  if (!f) abort();
  if (size && fwrite(data, 1, size, f) != size) abort();
  fclose(f);

  bks_import_cfg cfg;
  bks_import_default_cfg(&cfg);
  cfg.threads = 1;
  cfg.max_inflate = 16u << 20; // keep a bomb cheap
  cfg.max_archive_total = 64u << 20;
  bks_import_result res;
  bks_import_result_init(&res);
  const char *paths[] = {path};
  int rc = bks_import_paths(lib, paths, 1, &cfg, &res);
  if (rc < 0 && rc != BKS_E_NOMEM) {
    fprintf(stderr, "import stopped on bad input: %s\n", res.fatal);
    abort();
  }
  if ((uint64_t)res.imported + res.duplicates + res.skipped + res.nfailed != res.leaves) {
    fprintf(stderr, "leaves %llu != %u imported + %u duplicates + %u skipped + %zu failed\n",
            (unsigned long long)res.leaves, res.imported, res.duplicates, res.skipped, res.nfailed);
    abort();
  }
  for (size_t i = 0; i < res.nfailed; i++) {
    if (!res.failed[i].file || !res.failed[i].error || !res.failed[i].error[0]) abort();
  }
  bks_import_result_deinit(&res);
  unlink(path);

  // the library stays whole: every stored run has all of its samples
  if (++runs % 64 == 0 || rc == BKS_OK) {
    bks_check_result chk;
    if (bks_store_check(lib, &chk) < 0 || !chk.integrity_ok || !chk.foreign_keys_ok ||
        chk.incomplete_runs != 0) {
      fprintf(stderr, "library check: %s\n", chk.first_problem);
      abort();
    }
  }
  return 0;
}
