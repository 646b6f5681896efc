// The importer's store stage (src/app/import_internal.h): counts every leaf and writes what the
// reader stage read, one transaction per leaf, on the calling thread only. The walk and the reader
// stage are import.c.
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/alloc.h"
#include "import_internal.h"

void bks__import_free_problems(bks_import_problem *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(p[i].file);
    free(p[i].error);
  }
  free(p);
}
char *bks__import_dup_printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return NULL;
  char *p = bks_malloc((size_t)n + 1);
  if (!p) return NULL;
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}
void bks__import_event_free(event *e) {
  if (!e) return;
  free(e->file);
  free(e->msg);
  bks_read_result_deinit(&e->rr);
  free(e);
}
//---- Store stage: counting and writing ----

int bks__import_fatal(importer *im, int rc, const char *fmt, ...) {
  if (!im->fatal) {
    im->fatal = rc;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(im->res->fatal, sizeof im->res->fatal, fmt, ap);
    va_end(ap);
  }
  return rc;
}

static void add_problem(importer *im, bks_import_problem **list, size_t *n, const char *file,
                        const char *error) {
  bks_import_problem *p = bks_realloc(*list, (*n + 1) * sizeof *p);
  if (!p) {
    bks__import_fatal(im, BKS_E_NOMEM, "out of memory");
    return;
  }
  *list = p;
  p[*n].file = bks__import_dup_printf("%s", file);
  p[*n].error = bks__import_dup_printf("%s", error && error[0] ? error : "unknown error");
  if (!p[*n].file || !p[*n].error) {
    free(p[*n].file);
    free(p[*n].error);
    bks__import_fatal(im, BKS_E_NOMEM, "out of memory");
    return;
  }
  (*n)++;
}

// count a skipped leaf under its reason's class: the text before ": " or " (", so that "not an
// activity file (line 1: no ax column)" and "... (line 1: empty)" count together
static void count_skip(importer *im, const char *reason) {
  bks_import_result *r = im->res;
  r->skipped++;
  size_t len = strlen(reason);
  const char *colon = strstr(reason, ": "), *paren = strstr(reason, " (");
  if (colon && (size_t)(colon - reason) < len) len = (size_t)(colon - reason);
  if (paren && (size_t)(paren - reason) < len) len = (size_t)(paren - reason);
  if (len >= sizeof r->reasons[0].reason) len = sizeof r->reasons[0].reason - 1;
  for (size_t i = 0; i < r->nreasons; i++) {
    if (strncmp(r->reasons[i].reason, reason, len) == 0 && r->reasons[i].reason[len] == '\0') {
      r->reasons[i].count++;
      // keep the most frequent first (one step up at a time is enough: counts grow by one)
      for (size_t k = i; k > 0 && r->reasons[k].count > r->reasons[k - 1].count; k--) {
        bks_import_reason t = r->reasons[k];
        r->reasons[k] = r->reasons[k - 1];
        r->reasons[k - 1] = t;
      }
      return;
    }
  }
  bks_import_reason *p = bks_realloc(r->reasons, (r->nreasons + 1) * sizeof *p);
  if (!p) {
    bks__import_fatal(im, BKS_E_NOMEM, "out of memory");
    return;
  }
  r->reasons = p;
  memcpy(p[r->nreasons].reason, reason, len);
  p[r->nreasons].reason[len] = '\0';
  p[r->nreasons].count = 1;
  r->nreasons++;
}

static const char *format_name(bks_format f) {
  switch (f) {
  case BKS_FORMAT_FIT:
    return "fit";
  case BKS_FORMAT_GPX:
    return "gpx";
  case BKS_FORMAT_TCX:
    return "tcx";
  case BKS_FORMAT_IMU_CSV:
    return "imu";
  default:
    return "";
  }
}

// the reader's error as "offset N: ..." / "line N: ..." (readers usually say so themselves)
static void reader_error(const bks_read_result *rr, int rc, char *buf, size_t n) {
  const char *msg = rr->err[0] ? rr->err : bks_strerror(rc);
  if (rr->err_line > 0 && !strstr(msg, "line")) {
    snprintf(buf, n, "line %u: %s", rr->err_line, msg);
  } else if (rr->err_line == 0 && rr->err_offset > 0 && !strstr(msg, "offset")) {
    snprintf(buf, n, "offset %llu: %s", (unsigned long long)rr->err_offset, msg);
  } else {
    snprintf(buf, n, "%s", msg);
  }
}

static void record_skip(importer *im, const bks_store_file *f, const char *reason) {
  count_skip(im, reason);
  if (bks_store_add_skipped(im->s, f, reason) < 0) {
    bks__import_fatal(im, BKS_E_DB, "%s", bks_store_errmsg(im->s));
  }
}

// what a read leaf becomes: a skip, a failure, or runs in the library
static void store_read(importer *im, event *e) {
  bks_import_result *r = im->res;
  bks_read_result *rr = &e->rr;
  bks_store_file f = {e->file, e->sha, format_name(e->fmt), e->size};
  char msg[512], reason[512];
  int rc = e->status;
  if (rc < 0) {
    reader_error(rr, rc, msg, sizeof msg);
    if (rc == BKS_E_NOMEM) {
      bks__import_fatal(im, BKS_E_NOMEM, "out of memory reading %s", e->file);
    } else if (e->table) {
      // a .csv whose first line does not name the IMU columns is a table of something else, not
      // a damaged recording; a .fit/.gpx/.tcx (or a CSV with the IMU header) that turns out
      // unreadable is a damaged file, and fails
      snprintf(reason, sizeof reason, "not an activity file (%.400s)", msg);
      record_skip(im, &f, reason);
    } else {
      add_problem(im, &r->failed, &r->nfailed, e->file, msg);
    }
    return;
  }
  if (rr->nact == 0) {
    record_skip(im, &f, rr->skip_reason[0] ? rr->skip_reason : "no run in the file");
    return;
  }

  for (size_t i = 0; i < rr->nact; i++) memcpy(rr->act[i].sha256, e->sha, 32);
  bks_store_add_result ar;
  rc = bks_store_add_file(im->s, &f, rr->act, rr->nact, &ar);
  if (rc == BKS_E_INVAL) {
    // the reader handed over something inconsistent: this file fails, the batch goes on
    snprintf(msg, sizeof msg, "cannot store: %s", bks_store_errmsg(im->s));
    add_problem(im, &r->failed, &r->nfailed, e->file, msg);
  } else if (rc < 0) {
    bks__import_fatal(im, rc, "%s: %s", e->file, bks_store_errmsg(im->s));
  } else {
    r->runs_added += ar.added;
    r->runs_replaced += ar.replaced;
    r->runs_duplicate += ar.duplicates;
    if (!ar.hash_dup && ar.added > ar.replaced) {
      r->imported++;
      if (rr->damaged) {
        reader_error(rr, BKS_E_CORRUPT, msg, sizeof msg);
        add_problem(im, &r->damaged, &r->ndamaged, e->file, msg);
      }
    } else {
      r->duplicates++;
    }
  }
}

// the store stage's handling of one event (on the calling thread); takes ownership of `e`
void bks__import_store_event(importer *im, event *e) {
  bks_import_result *r = im->res;
  if (im->fatal) {
    bks__import_event_free(e);
    return;
  }
  if (e->kind != EV_FATAL) r->leaves++;
  switch (e->kind) {
  case EV_FAILED:
    add_problem(im, &r->failed, &r->nfailed, e->file, e->msg);
    break;
  case EV_OTHER:
    count_skip(im, "not an activity file");
    break;
  case EV_KNOWN_SKIP:
    count_skip(im, e->msg ? e->msg : "skipped before");
    break;
  case EV_KNOWN:
    r->duplicates++;
    r->bytes_read += e->size;
    break;
  case EV_READ:
    r->bytes_read += e->size;
    store_read(im, e);
    break;
  case EV_FATAL:
    bks__import_fatal(im, e->status, "%s", e->msg ? e->msg : bks_strerror(e->status));
    break;
  }
  if (im->cfg.progress && e->kind != EV_FATAL) {
    bks_import_progress p;
    memset(&p, 0, sizeof p);
    p.leaves = r->leaves;
    p.bytes_done = e->bytes_done;
    p.bytes_total = im->bytes_total;
    p.imported = r->imported;
    p.duplicates = r->duplicates;
    p.skipped = r->skipped;
    p.failed = (unsigned)r->nfailed;
    p.current = e->file;
    im->cfg.progress(&p, im->cfg.progress_ctx);
  }
  bks__import_event_free(e);
}

//---- Between the stages ----

// hand an event from the reader stage to the store stage (takes ownership); returns 0, or -1 when
// the store stage has stopped (the reader stage should stop too)
void bks__import_store_all(importer *im) {
  for (;;) {
    pthread_mutex_lock(&im->mu);
    while (im->count == 0 && !im->done && !im->stop) pthread_cond_wait(&im->not_empty, &im->mu);
    event *e = NULL;
    if (im->count > 0) {
      e = im->queue[im->head];
      im->head = (im->head + 1) % QUEUE_LEN;
      im->count--;
      pthread_cond_signal(&im->not_full);
    }
    int finished = !e && (im->done || im->stop);
    pthread_mutex_unlock(&im->mu);
    if (finished) return;
    if (!e) continue;
    bks__import_store_event(im, e);
    if (im->fatal) {
      // stop the reader stage; what it still queues is freed below
      pthread_mutex_lock(&im->mu);
      im->stop = 1;
      pthread_cond_broadcast(&im->not_full);
      pthread_mutex_unlock(&im->mu);
    }
  }
}
