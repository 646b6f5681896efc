// The importer: folders, .gz and nested .zip made here with the project's FIT writer, zlib and
// libzip; the limits against bombs; damaged files reported with an offset; idempotent re-imports;
// and the whole of ../shared/data when present.
#define _XOPEN_SOURCE 700 // nftw
#include <dirent.h>
#include <ftw.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include "backstride/buf.h"
#include "backstride/fit_writer.h"
#include "backstride/import.h"
#include "backstride/store.h"
#include "harness.h"
#include "store/store_hooks.h"

//---- making files ----

// a small FIT run: `n` one-second records from `start` (Unix seconds)
static int fit_run(bks_buf *b, double start, int n) {
  bks_fitw w;
  int rc = bks_fitw_init(&w, b);
  bks_fitw_file_id id;
  bks_fitw_file_id_init(&id);
  id.type = BKS_FITW_FILE_ACTIVITY;
  id.manufacturer = BKS_FITW_MANUFACTURER_DEVELOPMENT;
  id.product = 7;
  id.serial_number = 4242;
  id.time_created = start;
  if (rc == BKS_OK) rc = bks_fitw_write_file_id(&w, &id);
  for (int i = 0; rc == BKS_OK && i < n; i++) {
    bks_fitw_record r;
    bks_fitw_record_init(&r);
    r.timestamp = start + i;
    r.distance = 3.0 * i;
    r.speed = 3.0;
    r.heart_rate = 140 + i % 5;
    r.cadence_spm = 172;
    r.vertical_oscillation = 0.085;
    r.stance_time = 0.245;
    rc = bks_fitw_write_record(&w, &r);
  }
  bks_fitw_lap l;
  bks_fitw_lap_init(&l);
  l.t.start_time = start;
  l.t.timestamp = start + n - 1;
  l.t.total_elapsed_time = n - 1;
  l.t.total_timer_time = n - 1;
  l.t.total_distance = 3.0 * (n - 1);
  l.t.sport = BKS_FITW_SPORT_RUNNING;
  l.t.sub_sport = BKS_FITW_SUB_SPORT_GENERIC;
  if (rc == BKS_OK) rc = bks_fitw_write_lap(&w, &l);
  bks_fitw_session s;
  bks_fitw_session_init(&s);
  s.t = l.t;
  s.trigger = BKS_FITW_SESSION_TRIGGER_ACTIVITY_END;
  if (rc == BKS_OK) rc = bks_fitw_write_session(&w, &s);
  bks_fitw_activity a;
  bks_fitw_activity_init(&a);
  a.timestamp = start + n - 1;
  a.total_timer_time = n - 1;
  a.type = BKS_FITW_ACTIVITY_MANUAL;
  a.local_timestamp = start + n - 1;
  if (rc == BKS_OK) rc = bks_fitw_write_activity(&w, &a);
  if (rc == BKS_OK) rc = bks_fitw_finish(&w);
  return rc;
}

static int gzip_bytes(const uint8_t *p, size_t n, bks_buf *out) {
  z_stream z;
  memset(&z, 0, sizeof z);
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return -1;
  bks_buf_reserve(out, deflateBound(&z, (uLong)n) + 64);
  z.next_in = (Bytef *)(uintptr_t)p;
  z.avail_in = (uInt)n;
  z.next_out = out->data + out->len;
  z.avail_out = (uInt)(out->cap - out->len);
  int rc = deflate(&z, Z_FINISH);
  out->len += z.total_out;
  deflateEnd(&z);
  return rc == Z_STREAM_END ? 0 : -1;
}

static int write_file(const char *path, const void *p, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  size_t w = fwrite(p, 1, n, f);
  return fclose(f) == 0 && w == n ? 0 : -1;
}

static uint8_t *read_file(const char *path, size_t *n) {
  *n = 0;
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  rewind(f);
  uint8_t *p = malloc(len > 0 ? (size_t)len : 1);
  *n = p ? fread(p, 1, (size_t)len, f) : 0;
  fclose(f);
  return p;
}

// a zip file at `path` holding `n` (name, bytes, size) entries
typedef struct entry {
  const char *name;
  const void *data;
  size_t size;
} entry;

static int write_zip(const char *path, const entry *e, int n) {
  int err;
  zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) return -1;
  for (int i = 0; i < n; i++) {
    zip_source_t *s = zip_source_buffer(z, e[i].data, e[i].size, 0);
    if (!s || zip_file_add(z, e[i].name, s, ZIP_FL_OVERWRITE) < 0) {
      zip_source_free(s);
      zip_discard(z);
      return -1;
    }
  }
  return zip_close(z) == 0 ? 0 : -1;
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st, (void)flag, (void)ftw;
  return remove(p);
}

static void rm_tree(const char *dir) { nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS); }

static char *temp_dir(char *buf, size_t n) {
  const char *tmp = getenv("TMPDIR");
  snprintf(buf, n, "%s/bks-import-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  return mkdtemp(buf);
}

static bks_store *open_db(const char *dir) {
  char path[1024], err[512];
  snprintf(path, sizeof path, "%s/lib.db", dir);
  bks_store *s = NULL;
  if (bks_store_open(path, 0, &s, err, sizeof err) != BKS_OK) fprintf(stderr, "%s\n", err);
  return s;
}

static int has_failure(const bks_import_result *r, const char *file_part, const char *err_part) {
  for (size_t i = 0; i < r->nfailed; i++) {
    if (strstr(r->failed[i].file, file_part) && strstr(r->failed[i].error, err_part)) return 1;
  }
  return 0;
}

static void print_failures(const bks_import_result *r) {
  for (size_t i = 0; i < r->nfailed; i++) {
    fprintf(stderr, "  failed: %s: %s\n", r->failed[i].file, r->failed[i].error);
  }
}

typedef struct found {
  int n;
  char paths[16][1024];
} found;

static int collect_sources(const bks_run_info *r, void *ctx) {
  found *f = ctx;
  if (f->n < 16) snprintf(f->paths[f->n++], sizeof f->paths[0], "%s", r->source_path);
  return 0;
}

//---- cases ----

static void import_tree(const char *root, const char *dbdir, unsigned threads);

BKS_TEST(folders_gz_and_nested_zips) {
  char dir[256], p[1024];
  if (!temp_dir(dir, sizeof dir)) BKS_SKIP("no temporary folder");
  // four distinct runs on four days
  bks_buf run[4], gz[2];
  for (int i = 0; i < 4; i++) {
    bks_buf_init(&run[i]);
    BKS_CHECK_EQ_INT(fit_run(&run[i], 1700000000.0 + 86400.0 * i, 300 + 10 * i), BKS_OK);
  }
  bks_buf_init(&gz[0]);
  bks_buf_init(&gz[1]);
  BKS_CHECK_EQ_INT(gzip_bytes(run[1].data, run[1].len, &gz[0]), 0);
  BKS_CHECK_EQ_INT(gzip_bytes(run[3].data, run[3].len, &gz[1]), 0);

  // root/a: a run, a note, a hidden folder, a symlink back up (a loop)
  char root[512];
  snprintf(root, sizeof root, "%s/root", dir);
  mkdir(root, 0755);
  snprintf(p, sizeof p, "%s/a", root);
  mkdir(p, 0755);
  snprintf(p, sizeof p, "%s/a/.hidden", root);
  mkdir(p, 0755);
  snprintf(p, sizeof p, "%s/a/.hidden/other.fit", root);
  write_file(p, run[2].data, run[2].len); // never seen: hidden
  snprintf(p, sizeof p, "%s/a/run0.fit", root);
  write_file(p, run[0].data, run[0].len);
  snprintf(p, sizeof p, "%s/a/notes.txt", root);
  write_file(p, "my runs\n", 8);
  snprintf(p, sizeof p, "%s/a/loop", root);
  BKS_CHECK(symlink("..", p) == 0);
  // root/b: Strava's run1.fit.gz
  snprintf(p, sizeof p, "%s/b", root);
  mkdir(p, 0755);
  snprintf(p, sizeof p, "%s/b/run1.fit.gz", root);
  write_file(p, gz[0].data, gz[0].len);
  // root/export.zip: JSON, a photo, macOS metadata, and a zip holding run2.fit and run3.fit.gz
  char inner[512];
  snprintf(inner, sizeof inner, "%s/inner.zip", dir);
  entry in_e[] = {{"run2.fit", run[2].data, run[2].len},
                  {"sub/run3.fit.gz", gz[1].data, gz[1].len}};
  BKS_CHECK_EQ_INT(write_zip(inner, in_e, 2), 0);
  size_t ilen;
  uint8_t *ib = read_file(inner, &ilen);
  static const uint8_t jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F'};
  entry out_e[] = {{"DI_CONNECT/summary.json", "{\"a\":1}", 7},
                   {"photo.jpg", jpeg, sizeof jpeg},
                   {"__MACOSX/._run2.fit", "junk", 4},
                   {"folder/", "", 0},
                   {"UploadedFiles_Part1.zip", ib, ilen}};
  snprintf(p, sizeof p, "%s/export.zip", root);
  BKS_CHECK_EQ_INT(write_zip(p, out_e, 5), 0);
  free(ib);

  // the same outcome with the reader stage on its own thread (default) and on the caller's
  for (int threads = 0; threads <= 1; threads++) {
    char sub[600];
    snprintf(sub, sizeof sub, "%s/lib%d", dir, threads);
    mkdir(sub, 0700);
    import_tree(root, sub, (unsigned)threads);
  }
  for (int i = 0; i < 4; i++) bks_buf_deinit(&run[i]);
  bks_buf_deinit(&gz[0]);
  bks_buf_deinit(&gz[1]);
  rm_tree(dir);
}

static void import_tree(const char *root, const char *dbdir, unsigned threads) {
  bks_store *s = open_db(dbdir);
  if (!s) return;
  const char *paths[] = {root};
  bks_import_cfg cfg;
  bks_import_default_cfg(&cfg);
  cfg.threads = threads;
  bks_import_result r;
  bks_import_result_init(&r);
  BKS_CHECK_EQ_INT(bks_import_paths(s, paths, 1, &cfg, &r), BKS_OK);
  print_failures(&r);
  BKS_CHECK_EQ_INT(r.imported, 4);
  BKS_CHECK_EQ_INT(r.duplicates, 0);
  BKS_CHECK_EQ_INT(r.skipped, 3); // notes.txt, summary.json, photo.jpg (not __MACOSX, folder/)
  BKS_CHECK_EQ_INT(r.nfailed, 0);
  BKS_CHECK_EQ_INT(r.runs_added, 4);
  BKS_CHECK(r.nreasons >= 1 && strcmp(r.reasons[0].reason, "not an activity file") == 0);

  // sources name the file inside the archives
  found f = {0};
  bks_store_runs(s, collect_sources, &f);
  BKS_CHECK_EQ_INT(f.n, 4);
  int seen_nested = 0, seen_gz = 0;
  for (int i = 0; i < f.n; i++) {
    if (strstr(f.paths[i], "/export.zip!UploadedFiles_Part1.zip!sub/run3.fit.gz")) seen_nested = 1;
    if (strstr(f.paths[i], "/b/run1.fit.gz") && f.paths[i][0] == '/') seen_gz = 1;
  }
  BKS_CHECK(seen_nested);
  BKS_CHECK(seen_gz);

  // again: nothing new, every run a duplicate, the same skips
  bks_import_result r2;
  bks_import_result_init(&r2);
  BKS_CHECK_EQ_INT(bks_import_paths(s, paths, 1, &cfg, &r2), BKS_OK);
  BKS_CHECK_EQ_INT(r2.imported, 0);
  BKS_CHECK_EQ_INT(r2.duplicates, 4);
  BKS_CHECK_EQ_INT(r2.skipped, r.skipped);
  BKS_CHECK_EQ_INT(r2.nfailed, 0);
  int64_t nruns = 0;
  bks_store_count_runs(s, &nruns);
  BKS_CHECK_EQ_INT(nruns, 4);

  bks_import_result_deinit(&r);
  bks_import_result_deinit(&r2);
  bks_store_close(s);
}

BKS_TEST(bombs_and_damage_fail_with_a_reason) {
  char dir[256], p[1024];
  if (!temp_dir(dir, sizeof dir)) BKS_SKIP("no temporary folder");
  char root[512];
  snprintf(root, sizeof root, "%s/root", dir);
  mkdir(root, 0755);

  // 4 MiB of zeros as "big.fit.gz" against a 1 MiB limit
  size_t zn = (size_t)4 << 20;
  uint8_t *zeros = calloc(zn, 1);
  bks_buf bomb, run, gz;
  bks_buf_init(&bomb);
  bks_buf_init(&run);
  bks_buf_init(&gz);
  BKS_CHECK_EQ_INT(gzip_bytes(zeros, zn, &bomb), 0);
  snprintf(p, sizeof p, "%s/big.fit.gz", root);
  write_file(p, bomb.data, bomb.len);
  // a truncated .gz
  BKS_CHECK_EQ_INT(fit_run(&run, 1600000000, 200), BKS_OK);
  BKS_CHECK_EQ_INT(gzip_bytes(run.data, run.len, &gz), 0);
  snprintf(p, sizeof p, "%s/cut.fit.gz", root);
  write_file(p, gz.data, gz.len / 2);
  // a FIT cut inside its first record: the FIT reader names the offset
  snprintf(p, sizeof p, "%s/damaged.fit", root);
  write_file(p, run.data, 20);
  // zips nested three deep, against a depth limit of 2
  char z1[512], z2[512];
  snprintf(z1, sizeof z1, "%s/z1.zip", dir);
  entry e1[] = {{"x.txt", "x", 1}};
  write_zip(z1, e1, 1);
  size_t n1;
  uint8_t *b1 = read_file(z1, &n1);
  snprintf(z2, sizeof z2, "%s/z2.zip", dir);
  entry e2[] = {{"z1.zip", b1, n1}};
  write_zip(z2, e2, 1);
  size_t n2;
  uint8_t *b2 = read_file(z2, &n2);
  snprintf(p, sizeof p, "%s/deep.zip", root);
  entry e3[] = {{"z2.zip", b2, n2}};
  write_zip(p, e3, 1);
  // not a zip at all
  snprintf(p, sizeof p, "%s/fake.zip", root);
  write_file(p, "PK\x03\x04 not really", 15);

  bks_store *s = open_db(dir);
  if (!s) return;
  bks_import_cfg cfg;
  bks_import_default_cfg(&cfg);
  cfg.max_inflate = (uint64_t)1 << 20;
  cfg.max_depth = 2;
  const char *paths[] = {root, "/no/such/path"};
  bks_import_result r;
  bks_import_result_init(&r);
  BKS_CHECK_EQ_INT(bks_import_paths(s, paths, 2, &cfg, &r), BKS_OK);
  print_failures(&r);
  BKS_CHECK(has_failure(&r, "big.fit.gz", "more than 1 MiB"));
  BKS_CHECK(has_failure(&r, "cut.fit.gz", "offset"));
  BKS_CHECK(has_failure(&r, "damaged.fit", "offset"));
  BKS_CHECK(has_failure(&r, "deep.zip!z2.zip!z1.zip", "nested more than 2"));
  BKS_CHECK(has_failure(&r, "fake.zip", "not a readable zip"));
  BKS_CHECK(has_failure(&r, "/no/such/path", "cannot open"));
  BKS_CHECK_EQ_INT(r.nfailed, 6);
  BKS_CHECK_EQ_INT(r.imported, 0);

  bks_import_result_deinit(&r);
  bks_store_close(s);
  free(zeros);
  free(b1);
  free(b2);
  bks_buf_deinit(&bomb);
  bks_buf_deinit(&run);
  bks_buf_deinit(&gz);
  rm_tree(dir);
}

BKS_TEST(a_library_failure_stops_the_batch) {
  char dir[256], p[1024];
  if (!temp_dir(dir, sizeof dir)) BKS_SKIP("no temporary folder");
  char root[512];
  snprintf(root, sizeof root, "%s/root", dir);
  mkdir(root, 0755);
  for (int i = 0; i < 40; i++) {
    bks_buf b;
    bks_buf_init(&b);
    fit_run(&b, 1500000000.0 + 86400.0 * i, 120);
    snprintf(p, sizeof p, "%s/run%02d.fit", root, i);
    write_file(p, b.data, b.len);
    bks_buf_deinit(&b);
  }
  for (int threads = 0; threads <= 1; threads++) {
    char sub[600];
    snprintf(sub, sizeof sub, "%s/lib%d", dir, threads);
    mkdir(sub, 0700);
    bks_store *s = open_db(sub);
    if (!s) return;
    // the library fails part-way through the 15th file or so (a full disk, say)
    bks__store_set_fault(s, 200);
    bks_import_cfg cfg;
    bks_import_default_cfg(&cfg);
    cfg.threads = (unsigned)threads;
    const char *paths[] = {root};
    bks_import_result r;
    bks_import_result_init(&r);
    BKS_CHECK_EQ_INT(bks_import_paths(s, paths, 1, &cfg, &r), BKS_E_DB);
    BKS_CHECK(strstr(r.fatal, "injected fault") != NULL);
    BKS_CHECK(r.imported > 0 && r.imported < 40);
    bks__store_set_fault(s, 0);
    // what was stored is whole; the rest comes with the next import
    int64_t n = 0;
    bks_store_count_runs(s, &n);
    BKS_CHECK_EQ_INT(n, r.imported);
    bks_import_result r2;
    bks_import_result_init(&r2);
    BKS_CHECK_EQ_INT(bks_import_paths(s, paths, 1, &cfg, &r2), BKS_OK);
    BKS_CHECK_EQ_INT(r2.imported, 40 - r.imported);
    BKS_CHECK_EQ_INT(r2.duplicates, r.imported);
    bks_import_result_deinit(&r);
    bks_import_result_deinit(&r2);
    bks_store_close(s);
  }
  rm_tree(dir);
}

// regular, non-hidden files under a folder, as the importer walks it
static long count_files(const char *dir, long *zips) {
  long n = 0;
  char **stack = malloc(sizeof *stack * 4096);
  int top = 0;
  stack[top++] = strdup(dir);
  while (top > 0) {
    char *d = stack[--top];
    DIR *h = opendir(d);
    struct dirent *e;
    while (h && (e = readdir(h)) != NULL) {
      if (e->d_name[0] == '.') continue;
      char p[2048];
      snprintf(p, sizeof p, "%s/%s", d, e->d_name);
      struct stat st;
      if (stat(p, &st) != 0) continue;
      if (S_ISDIR(st.st_mode) && top < 4096) {
        stack[top++] = strdup(p);
      } else if (S_ISREG(st.st_mode)) {
        n++;
        size_t len = strlen(p);
        if (len > 4 && strcmp(p + len - 4, ".zip") == 0) (*zips)++;
      }
    }
    if (h) closedir(h);
    free(d);
  }
  free(stack);
  return n;
}

BKS_TEST(shared_data_imports_once) {
  const char *data = bks_test_shared_data();
  if (!data) BKS_SKIP("../shared/data is absent");
  char dir[256];
  if (!temp_dir(dir, sizeof dir)) BKS_SKIP("no temporary folder");
  bks_store *s = open_db(dir);
  if (!s) return;
  const char *paths[] = {data};
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  bks_import_result r;
  bks_import_result_init(&r);
  BKS_CHECK_EQ_INT(bks_import_paths(s, paths, 1, NULL, &r), BKS_OK);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
  fprintf(stderr,
          "shared data: %llu files: %u imported (%u runs, %u replaced by a richer copy, %u "
          "already stored), %u duplicates, %u skipped, %zu failed, %zu damaged, in %.1f s\n",
          (unsigned long long)r.leaves, r.imported, r.runs_added, r.runs_replaced, r.runs_duplicate,
          r.duplicates, r.skipped, r.nfailed, r.ndamaged, secs);
  for (size_t i = 0; i < r.nreasons; i++) {
    fprintf(stderr, "  skipped %u: %s\n", r.reasons[i].count, r.reasons[i].reason);
  }
  print_failures(&r);
  for (size_t i = 0; i < r.ndamaged; i++) {
    fprintf(stderr, "  damaged: %s: %s\n", r.damaged[i].file, r.damaged[i].error);
  }

  // every file met (a .zip holds several: then at least as many), and each ended one way
  long zips = 0, files = count_files(data, &zips);
  if (zips == 0) {
    BKS_CHECK_EQ_INT(r.leaves, files);
  } else {
    BKS_CHECK(r.leaves >= (uint64_t)(files - zips));
  }
  BKS_CHECK_EQ_INT(r.leaves, r.imported + r.duplicates + r.skipped + r.nfailed);
  BKS_CHECK(r.imported > 0);
  // a failure names the file and where in it the damage is
  for (size_t i = 0; i < r.nfailed; i++) {
    BKS_CHECK(strstr(r.failed[i].file, data) == r.failed[i].file || r.failed[i].file[0] == '/');
    BKS_CHECK(strstr(r.failed[i].error, "offset ") || strstr(r.failed[i].error, "line "));
  }
  BKS_CHECK(secs < 120);
  bks_check_result cr;
  BKS_CHECK_EQ_INT(bks_store_check(s, &cr), BKS_OK);
  BKS_CHECK(cr.integrity_ok && cr.foreign_keys_ok && cr.incomplete_runs == 0);
  BKS_CHECK_EQ_INT(cr.runs, (int64_t)(r.runs_added - r.runs_replaced));

  // the second time adds nothing
  bks_import_result r2;
  bks_import_result_init(&r2);
  BKS_CHECK_EQ_INT(bks_import_paths(s, paths, 1, NULL, &r2), BKS_OK);
  BKS_CHECK_EQ_INT(r2.imported, 0);
  BKS_CHECK_EQ_INT(r2.duplicates, r.imported + r.duplicates);
  BKS_CHECK_EQ_INT(r2.skipped, r.skipped);
  BKS_CHECK_EQ_INT(r2.nfailed, r.nfailed);
  BKS_CHECK_EQ_INT(r2.runs_added, 0);
  int64_t nruns = 0;
  bks_store_count_runs(s, &nruns);
  BKS_CHECK_EQ_INT(nruns, cr.runs);

  bks_import_result_deinit(&r);
  bks_import_result_deinit(&r2);
  bks_store_close(s);
  rm_tree(dir);
}

// a single file imported under a label (an upload) is recorded by the label, and its failure
// names the label, not the temporary path; with two paths the label is not used
BKS_TEST(a_label_names_the_one_file) {
  char dir[256], p1[1024], p2[1024];
  if (!temp_dir(dir, sizeof dir)) BKS_SKIP("no temporary folder");
  bks_buf run;
  bks_buf_init(&run);
  BKS_CHECK_EQ_INT(fit_run(&run, 1700000000.0, 300), BKS_OK);
  snprintf(p1, sizeof p1, "%s/upload-x1.fit", dir);
  BKS_CHECK_EQ_INT(write_file(p1, run.data, run.len), 0);
  snprintf(p2, sizeof p2, "%s/upload-x2.fit", dir);
  BKS_CHECK_EQ_INT(write_file(p2, run.data, 20), 0); // the header and a few bytes: fails
  bks_store *s = open_db(dir);
  BKS_CHECK(s != NULL);
  if (!s) return;
  bks_import_cfg cfg;
  bks_import_default_cfg(&cfg);
  cfg.label = "upload:Morning run.fit";
  bks_import_result res;
  bks_import_result_init(&res);
  const char *one[1] = {p1};
  BKS_CHECK_EQ_INT(bks_import_paths(s, one, 1, &cfg, &res), BKS_OK);
  BKS_CHECK_EQ_INT(res.imported, 1);
  found f = {0};
  bks_store_runs(s, collect_sources, &f);
  BKS_CHECK_EQ_INT(f.n, 1);
  if (f.n) BKS_CHECK_STR(f.paths[0], "upload:Morning run.fit");
  bks_import_result_deinit(&res);

  bks_import_result_init(&res);
  cfg.label = "upload:broken.fit";
  const char *bad[1] = {p2};
  BKS_CHECK_EQ_INT(bks_import_paths(s, bad, 1, &cfg, &res), BKS_OK);
  BKS_CHECK(has_failure(&res, "upload:broken.fit", ""));
  BKS_CHECK(!has_failure(&res, "upload-x2", ""));
  bks_import_result_deinit(&res);

  // two paths: each by its own path
  bks_import_result_init(&res);
  const char *two[2] = {p1, p2};
  BKS_CHECK_EQ_INT(bks_import_paths(s, two, 2, &cfg, &res), BKS_OK);
  BKS_CHECK(has_failure(&res, "upload-x2.fit", ""));
  bks_import_result_deinit(&res);
  bks_store_close(s);
  bks_buf_deinit(&run);
  rm_tree(dir);
}

BKS_TEST_MAIN(BKS_CASE(folders_gz_and_nested_zips), BKS_CASE(bombs_and_damage_fail_with_a_reason),
              BKS_CASE(a_label_names_the_one_file), BKS_CASE(a_library_failure_stops_the_batch),
              BKS_CASE(shared_data_imports_once))
