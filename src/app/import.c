// The importer: walk the named paths, open archives, read each leaf and store it (one transaction
// per leaf). See include/backstride/import.h for what becomes of each file.
//
// Two stages, on two threads when the machine has two cores: the reader stage (walk the named
// files, map them, open .zip and .gz, hash and look up each leaf, read it with its reader) turns
// every leaf into an `event`; the store stage, on the calling thread, writes each event to the
// library in order and counts it. Only the store stage writes to the library or touches the
// result, so the outcome is the same with one thread or two; the reader stage looks hashes up
// through a second, read-only connection. The queue between them is short (QUEUE_LEN events), so
// memory stays bounded whatever the batch size. This file is the walk and the reader stage; the
// store stage is import_store.c (import_internal.h).
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700 // realpath

#include "backstride/alloc.h"
#include "backstride/store.h"
#include "backstride/import.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "backstride/io.h"
#include "backstride/sha256.h"
#include "import_internal.h"

// how much of a zip entry is inflated to tell an activity file from anything else before the rest
// is (a photo is never inflated whole); as much as bks_sniff looks at for an XML root element
#define HEAD_BYTES 65536u

void bks_import_default_cfg(bks_import_cfg *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->max_inflate = (uint64_t)512 << 20;
  cfg->max_archive_total = (uint64_t)64 << 30;
  cfg->max_depth = 8;
  cfg->max_entries = 1000000;
}

void bks_import_result_init(bks_import_result *r) { memset(r, 0, sizeof *r); }

void bks_import_result_deinit(bks_import_result *r) {
  if (!r) return;
  bks__import_free_problems(r->failed, r->nfailed);
  bks__import_free_problems(r->damaged, r->ndamaged);
  free(r->reasons);
  bks_import_result_init(r);
}

static int emit(importer *im, event *e) {
  if (!im->threaded) {
    bks__import_store_event(im, e);
    return im->fatal ? -1 : 0;
  }
  pthread_mutex_lock(&im->mu);
  while (im->count == QUEUE_LEN && !im->stop) pthread_cond_wait(&im->not_full, &im->mu);
  int stopped = im->stop;
  if (!stopped) {
    im->queue[(im->head + im->count) % QUEUE_LEN] = e;
    im->count++;
    pthread_cond_signal(&im->not_empty);
  }
  pthread_mutex_unlock(&im->mu);
  if (stopped) bks__import_event_free(e);
  return stopped ? -1 : 0;
}

// has the store stage asked the reader stage to stop?
static int stopped(importer *im) {
  if (!im->threaded) return im->fatal != 0;
  pthread_mutex_lock(&im->mu);
  int s = im->stop;
  pthread_mutex_unlock(&im->mu);
  return s;
}

// an event about `file` with the progress so far; NULL when out of memory
static event *new_event(importer *im, ev_kind kind, const char *file) {
  event *e = bks_calloc(1, sizeof *e);
  if (!e) return NULL;
  e->kind = kind;
  e->file = bks__import_dup_printf("%s", file);
  if (!e->file) {
    free(e);
    return NULL;
  }
  bks_read_result_init(&e->rr);
  uint64_t within = im->item_progress < im->item_size ? im->item_progress : im->item_size;
  e->bytes_done = im->bytes_base + within;
  return e;
}

// the reader stage cannot go on: tell the store stage (a static event when even that fails)
static int reader_fatal(importer *im, int status, const char *msg) {
  event *e = bks_calloc(1, sizeof *e);
  if (e) {
    e->kind = EV_FATAL;
    e->status = status;
    e->msg = bks__import_dup_printf("%s", msg);
    bks_read_result_init(&e->rr);
    emit(im, e);
  } else if (!im->threaded) {
    bks__import_fatal(im, status, "%s", msg);
  } else {
    pthread_mutex_lock(&im->mu);
    im->stop = 1; // the store stage sees the queue end early; bks_import_paths reports it
    pthread_mutex_unlock(&im->mu);
  }
  return -1;
}

static int emit_simple(importer *im, ev_kind kind, const char *file, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static int emit_simple(importer *im, ev_kind kind, const char *file, const char *fmt, ...) {
  event *e = new_event(im, kind, file);
  if (!e) return reader_fatal(im, BKS_E_NOMEM, "out of memory");
  if (fmt) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    e->msg = bks__import_dup_printf("%s", msg);
    if (!e->msg) {
      bks__import_event_free(e);
      return reader_fatal(im, BKS_E_NOMEM, "out of memory");
    }
  }
  return emit(im, e);
}

//---- The walk: named paths → files on disk (before the stages start) ----

static int walk_nomem(importer *im) { return bks__import_fatal(im, BKS_E_NOMEM, "out of memory"); }

static int dirset_add(importer *im, dev_t dev, ino_t ino) {
  dirset *d = &im->dirs;
  for (size_t i = 0; i < d->n; i++) {
    if (d->v[i].dev == dev && d->v[i].ino == ino) return 0;
  }
  if (d->n == d->cap) {
    size_t cap = d->cap ? 2 * d->cap : 64;
    void *p = bks_realloc(d->v, cap * sizeof *d->v);
    if (!p) return walk_nomem(im);
    d->v = p;
    d->cap = cap;
  }
  d->v[d->n].dev = dev;
  d->v[d->n].ino = ino;
  d->n++;
  return 1;
}

static int add_item(importer *im, char *path, uint64_t size) {
  if (im->nitems == im->capitems) {
    size_t cap = im->capitems ? 2 * im->capitems : 256;
    item *p = bks_realloc(im->items, cap * sizeof *p);
    if (!p) {
      free(path);
      return walk_nomem(im);
    }
    im->items = p;
    im->capitems = cap;
  }
  im->items[im->nitems].path = path;
  im->items[im->nitems].size = size;
  im->nitems++;
  im->bytes_total += size;
  return BKS_OK;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

// collect the files under `path` (a folder or a file), in name order; problems go to the store
// stage directly (no thread runs yet)
static int walk(importer *im, const char *path, int named) {
  struct stat st;
  if (stat(path, &st) != 0) {
    // a dangling symlink met in a folder is not worth a failure; a named path that is missing is
    if (named || errno != ENOENT)
      emit_simple(im, EV_FAILED, path, "cannot open: %s", strerror(errno));
    return im->fatal;
  }
  if (S_ISREG(st.st_mode)) {
    char *p = bks__import_dup_printf("%s", path);
    if (!p) return walk_nomem(im);
    return add_item(im, p, (uint64_t)st.st_size);
  }
  if (!S_ISDIR(st.st_mode)) {
    // FIFOs, sockets, devices: reading one could block forever
    if (named) emit_simple(im, EV_FAILED, path, "cannot import: not a regular file or folder");
    return im->fatal;
  }
  int fresh = dirset_add(im, st.st_dev, st.st_ino);
  if (fresh <= 0) return fresh < 0 ? fresh : BKS_OK; // already walked (a symlink loop)

  DIR *d = opendir(path);
  if (!d) {
    emit_simple(im, EV_FAILED, path, "cannot open folder: %s", strerror(errno));
    return im->fatal;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rc = BKS_OK;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    // hidden files and folders (., .., .git, .DS_Store, macOS "._x.fit" resource forks) are not
    // the runner's recordings
    if (e->d_name[0] == '.') continue;
    if (n == cap) {
      cap = cap ? 2 * cap : 64;
      char **p = bks_realloc(names, cap * sizeof *p);
      if (!p) {
        rc = walk_nomem(im);
        break;
      }
      names = p;
    }
    names[n] =
        bks__import_dup_printf("%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", e->d_name);
    if (!names[n]) {
      rc = walk_nomem(im);
      break;
    }
    n++;
  }
  closedir(d);
  if (rc == BKS_OK) qsort(names, n, sizeof *names, cmp_names);
  for (size_t i = 0; i < n; i++) {
    if (rc == BKS_OK) rc = walk(im, names[i], 0);
    free(names[i]);
  }
  free(names);
  return rc;
}

//---- Reader stage: what a leaf is ----

typedef enum kind { K_OTHER, K_ZIP, K_GZ, K_ACTIVITY } kind;

static int has_ext(const char *name, const char *ext) {
  size_t n = strlen(name), e = strlen(ext);
  return n > e && strcasecmp(name + n - e, ext) == 0;
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

// what the first bytes and the name say a leaf is
static kind classify(const char *name, const uint8_t *head, size_t n, bks_format *fmt) {
  *fmt = BKS_FORMAT_UNKNOWN;
  if ((n >= 4 && memcmp(head, "PK\x03\x04", 4) == 0) ||
      (n >= 4 && memcmp(head, "PK\x05\x06", 4) == 0) || (n == 0 && has_ext(name, ".zip"))) {
    return K_ZIP;
  }
  if (n >= 2 && head[0] == 0x1f && head[1] == 0x8b) return K_GZ;
  *fmt = bks_sniff(head, n, name);
  return *fmt == BKS_FORMAT_UNKNOWN ? K_OTHER : K_ACTIVITY;
}

// one activity file: hash, look up, read; the store stage does the rest
static int leaf(importer *im, const uint8_t *p, size_t n, const char *display, bks_format fmt) {
  event *e = new_event(im, EV_READ, display);
  if (!e) return reader_fatal(im, BKS_E_NOMEM, "out of memory");
  e->fmt = fmt;
  e->size = n;
  bks_sha256(p, n, e->sha);

  // the same bytes were met before: decided without reading them again
  bks_store_known known;
  char reason[512];
  if (bks_store_lookup(im->lookup, e->sha, &known, reason, sizeof reason) < 0) {
    bks__import_event_free(e);
    return reader_fatal(im, BKS_E_DB, bks_store_errmsg(im->lookup));
  }
  if (known == BKS_STORE_SOURCE) {
    e->kind = EV_KNOWN;
    return emit(im, e);
  }
  if (known == BKS_STORE_SKIPPED) {
    e->kind = EV_KNOWN_SKIP;
    e->msg = bks__import_dup_printf("%s", reason);
    return emit(im, e);
  }

  // bks_read_any, but with the format sniffed from the inner name: "run.fit.gz" holds "run.fit",
  // and a damaged one must still reach the FIT reader to be told what is wrong with it
  int rc;
  switch (fmt) {
  case BKS_FORMAT_FIT:
    rc = bks_read_fit(p, n, display, &e->rr);
    break;
  case BKS_FORMAT_GPX:
    rc = bks_read_gpx(p, n, display, &e->rr);
    break;
  case BKS_FORMAT_TCX:
    rc = bks_read_tcx(p, n, display, &e->rr);
    break;
  default:
    rc = bks_read_imu_csv(p, n, display, NULL, &e->rr);
    break;
  }
  if (rc >= 0 && e->rr.status < 0) rc = e->rr.status;
  for (size_t k = 0; k < e->rr.nact; k++) bks_activity_start_from_mtime(&e->rr.act[k], im->mtime);
  e->status = rc;
  e->table = rc < 0 && fmt == BKS_FORMAT_IMU_CSV && bks_sniff(p, n, NULL) == BKS_FORMAT_UNKNOWN;
  return emit(im, e);
}

static int dispatch(importer *im, const uint8_t *p, size_t n, const char *display, const char *name,
                    unsigned depth);

static int do_gz(importer *im, const uint8_t *p, size_t n, const char *display, const char *name,
                 unsigned depth) {
  uint8_t *buf = NULL;
  size_t len = 0;
  char err[256];
  int rc = bks_gunzip(p, n, im->cfg.max_inflate, &buf, &len, err, sizeof err);
  if (rc == BKS_E_NOMEM) return reader_fatal(im, rc, err);
  if (rc < 0) return emit_simple(im, EV_FAILED, display, "%s", err);
  // "run.fit.gz" holds "run.fit": sniff by the inner name, store under the .gz's own path
  char inner[512];
  snprintf(inner, sizeof inner, "%s", name);
  if (has_ext(inner, ".gz")) inner[strlen(inner) - 3] = '\0';
  rc = dispatch(im, buf, len, display, inner, depth + 1);
  free(buf);
  return rc;
}

//---- .zip ----

// read up to `want` more bytes of an open zip entry onto `*buf` (growing it); returns BKS_OK,
// or a status with `err` filled
static int zip_read_more(zip_file_t *zf, uint8_t **buf, size_t *len, size_t *cap, uint64_t want,
                         char *err, size_t errsz) {
  while (want > 0) {
    if (*len == *cap) {
      size_t ncap = *cap ? *cap * 2 : 65536;
      uint8_t *q = bks_realloc(*buf, ncap);
      if (!q) {
        snprintf(err, errsz, "out of memory");
        return BKS_E_NOMEM;
      }
      *buf = q;
      *cap = ncap;
    }
    size_t room = *cap - *len;
    if (room > want) room = (size_t)want;
    zip_int64_t got = zip_fread(zf, *buf + *len, room);
    if (got < 0) {
      snprintf(err, errsz, "cannot inflate: %s", zip_file_strerror(zf));
      return BKS_E_CORRUPT;
    }
    if (got == 0) break;
    *len += (size_t)got;
    want -= (uint64_t)got;
  }
  return BKS_OK;
}

// an entry name that is not the runner's: macOS metadata, hidden files, folders
static int ignored_entry(const char *name) {
  size_t n = strlen(name);
  if (n == 0 || name[n - 1] == '/') return 1;
  if (strncmp(name, "__MACOSX/", 9) == 0) return 1;
  for (const char *c = name; *c; c++) {
    if (*c == '.' && (c == name || c[-1] == '/')) return 1;
  }
  return 0;
}

// one entry of an open archive
static int zip_entry(importer *im, zip_t *za, zip_int64_t i, const char *display, unsigned depth,
                     uint8_t **buf, size_t *cap) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME)) {
    return emit_simple(im, EV_FAILED, display, "entry %lld: %s", (long long)i, zip_strerror(za));
  }
  if (depth == 1 && (st.valid & ZIP_STAT_COMP_SIZE)) im->item_progress += st.comp_size;
  if (ignored_entry(st.name)) return 0;
  char *edisp = bks__import_dup_printf("%s!%s", display, st.name);
  if (!edisp) return reader_fatal(im, BKS_E_NOMEM, "out of memory");
  const char *name = base_name(st.name);
  int ret;
  if ((st.valid & ZIP_STAT_SIZE) && st.size > im->cfg.max_inflate) {
    ret = emit_simple(
        im, EV_FAILED, edisp, "inflates to %llu MiB, more than the limit of %llu MiB for one file",
        (unsigned long long)(st.size >> 20), (unsigned long long)(im->cfg.max_inflate >> 20));
    free(edisp);
    return ret;
  }
  char err[256] = "";
  size_t len = 0;
  zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
  int rc = zf ? BKS_OK : BKS_E_CORRUPT;
  if (!zf) snprintf(err, sizeof err, "cannot open: %s", zip_strerror(za));
  // first the head: enough to tell a photo from a run without inflating the photo
  if (rc == BKS_OK) rc = zip_read_more(zf, buf, &len, cap, HEAD_BYTES, err, sizeof err);
  bks_format fmt = BKS_FORMAT_UNKNOWN;
  kind k = rc == BKS_OK ? classify(name, *buf, len, &fmt) : K_OTHER;
  if (rc == BKS_OK && k != K_OTHER) {
    // then the rest, never more than the limit (+1 to notice a lying size field)
    uint64_t limit = im->cfg.max_inflate + 1;
    rc = zip_read_more(zf, buf, &len, cap, limit - len, err, sizeof err);
    if (rc == BKS_OK && len > im->cfg.max_inflate) {
      snprintf(err, sizeof err, "inflates to more than %llu MiB (the limit for one file)",
               (unsigned long long)(im->cfg.max_inflate >> 20));
      rc = BKS_E_LIMIT;
    }
  }
  if (zf) zip_fclose(zf);
  im->archive_total += len;
  if (rc == BKS_E_NOMEM) {
    ret = reader_fatal(im, rc, err);
  } else if (rc < 0) {
    ret = emit_simple(im, EV_FAILED, edisp, "%s", err);
  } else if (im->archive_total > im->cfg.max_archive_total) {
    emit_simple(im, EV_FAILED, display,
                "stopped after %llu GiB inflated, the limit for one archive (a zip bomb?)",
                (unsigned long long)(im->cfg.max_archive_total >> 30));
    ret = 1; // no more entries of this archive
  } else if (k == K_OTHER) {
    ret = emit_simple(im, EV_OTHER, edisp, NULL);
  } else if (k == K_ZIP) {
    // the nested archive keeps its own buffer: `buf` is reused for the next entry
    uint8_t *inner = *buf;
    *buf = NULL;
    *cap = 0;
    ret = dispatch(im, inner, len, edisp, name, depth);
    free(inner);
  } else {
    // the entry's own time, when the archive has one, dates what it holds
    int64_t outer = im->mtime;
    if (st.valid & ZIP_STAT_MTIME) im->mtime = (int64_t)st.mtime;
    ret = dispatch(im, *buf, len, edisp, name, depth);
    im->mtime = outer;
  }
  free(edisp);
  return ret;
}

static int do_zip(importer *im, const uint8_t *p, size_t n, const char *display, unsigned depth) {
  if (depth > im->cfg.max_depth) {
    return emit_simple(im, EV_FAILED, display,
                       "archives nested more than %u deep (a zip bomb?): not opened",
                       im->cfg.max_depth);
  }
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(n ? p : (const uint8_t *)"", n, 0, &ze);
  zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
  if (!za) {
    int ret = emit_simple(im, EV_FAILED, display, "not a readable zip archive: %s",
                          zip_error_strerror(&ze));
    zip_error_fini(&ze);
    if (src) zip_source_free(src);
    return ret;
  }
  zip_error_fini(&ze);

  zip_int64_t count = zip_get_num_entries(za, 0);
  int ret = 0;
  if (count < 0 || (uint64_t)count > im->cfg.max_entries) {
    ret =
        emit_simple(im, EV_FAILED, display, "%lld entries, more than the limit of %llu: not opened",
                    (long long)count, (unsigned long long)im->cfg.max_entries);
    count = 0;
  }
  uint8_t *buf = NULL;
  size_t cap = 0;
  for (zip_int64_t i = 0; i < count && ret == 0 && !stopped(im); i++) {
    ret = zip_entry(im, za, i, display, depth, &buf, &cap);
  }
  free(buf);
  zip_discard(za);
  return ret < 0 ? ret : 0;
}

//---- Dispatch ----

// a leaf's bytes: an archive to open, or a file to read; returns 0, or -1 to stop
static int dispatch(importer *im, const uint8_t *p, size_t n, const char *display, const char *name,
                    unsigned depth) {
  bks_format fmt;
  switch (classify(name, p, n, &fmt)) {
  case K_ZIP:
    return do_zip(im, p, n, display, depth + 1);
  case K_GZ:
    if (depth >= im->cfg.max_depth) {
      return emit_simple(im, EV_FAILED, display, "compressed more than %u times over: not opened",
                         im->cfg.max_depth);
    }
    return do_gz(im, p, n, display, name, depth);
  case K_OTHER:
    return emit_simple(im, EV_OTHER, display, NULL);
  case K_ACTIVITY:
  default:
    return leaf(im, p, n, display, fmt);
  }
}

// a named file (or one found in a named folder): mapped, then dispatched
static int do_item(importer *im, const item *it) {
  int fd = open(it->path, O_RDONLY);
  if (fd < 0) return emit_simple(im, EV_FAILED, it->path, "cannot open: %s", strerror(errno));
  struct stat st;
  const uint8_t *p = (const uint8_t *)"";
  size_t n = 0;
  void *map = MAP_FAILED;
  int have_st = fstat(fd, &st) == 0;
  if (have_st && st.st_size > 0) {
    n = (size_t)st.st_size;
    map = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
      int err = errno;
      close(fd);
      return emit_simple(im, EV_FAILED, it->path, "cannot read: %s", strerror(err));
    }
    p = map;
  }
  close(fd);
  im->archive_total = 0;
  im->mtime = have_st ? (int64_t)st.st_mtime : 0; // dates an IMU CSV that holds no date
  // sniffed by its own name (an upload's temporary file keeps a known extension), shown by the
  // label when there is one
  int ret = dispatch(im, p, n, im->use_label ? im->cfg.label : it->path, base_name(it->path), 0);
  if (map != MAP_FAILED) munmap(map, n);
  return ret;
}

// the reader stage: every named file in turn
static void *read_all(void *arg) {
  importer *im = arg;
  for (size_t i = 0; i < im->nitems; i++) {
    im->item_size = im->items[i].size;
    im->item_progress = 0;
    if (do_item(im, &im->items[i]) < 0 || stopped(im)) break;
    im->bytes_base += im->items[i].size;
  }
  if (im->threaded) {
    pthread_mutex_lock(&im->mu);
    im->done = 1;
    pthread_cond_signal(&im->not_empty);
    pthread_mutex_unlock(&im->mu);
  }
  return NULL;
}

// the store stage with a reader thread: take events until the reader stage is done

// run both stages on a second thread when asked and possible; 0 when the reader stage ran here
static int run_threaded(importer *im) {
  if (im->cfg.threads == 1 || sysconf(_SC_NPROCESSORS_ONLN) < 2 || im->nitems == 0) return 0;
  // the reader stage's own connection for look-ups (a connection is not shared between threads)
  char err[256];
  if (bks_store_open(bks_store_path(im->s), BKS_STORE_NOCREATE, &im->lookup, err, sizeof err) < 0) {
    return 0;
  }
  if (pthread_mutex_init(&im->mu, NULL) != 0) goto no_thread;
  if (pthread_cond_init(&im->not_empty, NULL) != 0) goto no_cond1;
  if (pthread_cond_init(&im->not_full, NULL) != 0) goto no_cond2;
  im->threaded = 1;
  pthread_t th;
  if (pthread_create(&th, NULL, read_all, im) != 0) {
    im->threaded = 0;
    goto no_create;
  }
  bks__import_store_all(im);
  pthread_join(th, NULL);
  // events the reader stage queued after a fatal error
  while (im->count > 0) {
    bks__import_event_free(im->queue[im->head]);
    im->head = (im->head + 1) % QUEUE_LEN;
    im->count--;
  }
  if (im->stop && !im->fatal) bks__import_fatal(im, BKS_E_NOMEM, "out of memory");
  pthread_cond_destroy(&im->not_full);
  pthread_cond_destroy(&im->not_empty);
  pthread_mutex_destroy(&im->mu);
  bks_store_close(im->lookup);
  im->lookup = im->s;
  return 1;

no_create:
  pthread_cond_destroy(&im->not_full);
no_cond2:
  pthread_cond_destroy(&im->not_empty);
no_cond1:
  pthread_mutex_destroy(&im->mu);
no_thread:
  bks_store_close(im->lookup);
  im->lookup = im->s;
  return 0;
}

int bks_import_paths(bks_store *s, const char *const *paths, size_t npaths,
                     const bks_import_cfg *cfg, bks_import_result *res) {
  importer im;
  memset(&im, 0, sizeof im);
  im.s = s;
  im.lookup = s;
  im.res = res;
  if (cfg) {
    im.cfg = *cfg;
  } else {
    bks_import_default_cfg(&im.cfg);
  }
  res->fatal[0] = '\0';

  // first the walk, so that progress knows the total
  for (size_t i = 0; i < npaths && !im.fatal; i++) {
    // store absolute paths: `runs` must name the file wherever it is run from
    char *abs = realpath(paths[i], NULL);
    walk(&im, abs ? abs : paths[i], 1);
    free(abs);
  }
  im.use_label = im.cfg.label && npaths == 1 && im.nitems == 1;
  if (!im.fatal && !run_threaded(&im)) read_all(&im);
  for (size_t i = 0; i < im.nitems; i++) free(im.items[i].path);
  free(im.items);
  free(im.dirs.v);
  return im.fatal;
}
