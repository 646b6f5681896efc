// backstride — what the importer's two files share (src/app/import.c, the walk and the reader
// stage; src/app/import_store.c, the store stage). import.c calls import_store.c, never back.
#ifndef BKS_IMPORT_INTERNAL_H
#define BKS_IMPORT_INTERNAL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "backstride/import.h"
#include "backstride/io.h"
#include "backstride/status.h"
#include "backstride/store.h"

// events in flight between the two stages: enough to keep both busy, few enough that a batch of
// large files cannot pile up in memory
#define QUEUE_LEN 4

//---- Events: what the reader stage decided about one leaf ----

typedef enum ev_kind {
  EV_FAILED,     // unreadable: `msg` says why
  EV_OTHER,      // not an activity file (a photo, JSON): counted, not recorded
  EV_KNOWN_SKIP, // its hash was skipped before: `msg` is the recorded reason
  EV_KNOWN,      // its hash was imported before
  EV_READ,       // read: `rr` and `status` are the reader's; the store stage decides the rest
  EV_FATAL       // the reader stage must stop (`status`, `msg`)
} ev_kind;

typedef struct event {
  ev_kind kind;
  int status;
  char *file; // where the leaf is ("a.zip!b.fit")
  char *msg;
  bks_format fmt;
  uint8_t sha[32];
  uint64_t size;
  int table; // EV_READ of a .csv whose first line names no IMU column: a table, not a recording
  bks_read_result rr;
  uint64_t bytes_done; // progress of the named files when the event was made
} event;

//---- The importer ----

typedef struct item {
  char *path;    // as shown and stored: absolute when it could be resolved
  uint64_t size; // bytes on disk
} item;

// directories already walked, by (device, inode): a symlink back up the tree ends the walk there
typedef struct dirset {
  struct {
    dev_t dev;
    ino_t ino;
  } * v;
  size_t n, cap;
} dirset;

typedef struct importer {
  bks_store *s;      // the library (store stage only)
  bks_store *lookup; // for the reader stage's hash look-ups: `s`, or a second connection
  bks_import_cfg cfg;
  bks_import_result *res; // store stage only
  int fatal;              // store stage: negative status that stops the batch
  int use_label;          // the one named file goes by cfg.label

  // the walk (before both stages start)
  item *items;
  size_t nitems, capitems;
  dirset dirs;
  uint64_t bytes_total;

  // reader stage
  uint64_t bytes_base;    // bytes of the named files finished
  uint64_t item_size;     // the named file in progress
  uint64_t item_progress; // compressed bytes of its archive entries dealt with
  uint64_t archive_total; // bytes inflated from the named archive in progress
  int64_t mtime;          // modification time of the file (or archive entry) in progress [Unix s]

  // the queue (two threads), or NULL-threaded: events go straight to the store stage
  int threaded;
  pthread_mutex_t mu;
  pthread_cond_t not_empty, not_full;
  event *queue[QUEUE_LEN];
  unsigned head, count;
  int done; // the reader stage has finished
  int stop; // the store stage wants no more events
} importer;

//---- The store stage (import_store.c) ----

/** Free a problem list. */
void bks__import_free_problems(bks_import_problem *p, size_t n);
/** A malloc'd formatted string (NULL when out of memory). */
char *bks__import_dup_printf(const char *fmt, ...) BKS_PRINTF(1, 2);
/** Free an event. Nullable: e. */
void bks__import_event_free(event *e);
/** Stop the batch with `rc` and why (the first reason wins); returns `rc`. */
int bks__import_fatal(importer *im, int rc, const char *fmt, ...) BKS_PRINTF(3, 4);
/** Write one event to the library and count it; takes ownership of `e`. */
void bks__import_store_event(importer *im, event *e);
/** The store stage of a threaded import: take events off the queue until the reader is done. */
void bks__import_store_all(importer *im);

#endif
