// backstride fit stats FILE...: decode every field of every file and count the messages. Files are
// shared out to one worker per core, each with its own decoder (the library keeps no global state),
// and reported in the order given.
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backstride/fit.h"
#include "backstride/json.h"
#include "cli.h"
#include "json_cli.h"

typedef struct mesg_count {
  uint16_t num;
  uint64_t count;
} mesg_count;

typedef struct file_result {
  int ex;         // exit code when the file could not be read, else 0
  int status;     // decoder status
  char err[320];  // what went wrong, ready to print
  uint64_t bytes; // bytes read
  uint64_t total; // messages
  unsigned ncounts;
  mesg_count *counts; // by message number
} file_result;

typedef struct stats_job {
  char **files;
  unsigned nfiles;
  file_result *res;
  atomic_uint next;
} stats_job;

// per worker: a count for each of the 65,536 message numbers, and which ones were touched
typedef struct counter {
  uint64_t count[65536];
  uint16_t touched[65536];
  unsigned ntouched;
  uint64_t total;
} counter;

static void count_mesg(const bks_fit_mesg *m, void *vctx) {
  counter *c = vctx;
  if (c->count[m->num]++ == 0) c->touched[c->ntouched++] = m->num;
  c->total++;
}

static int by_num(const void *a, const void *b) {
  return (int)((const mesg_count *)a)->num - (int)((const mesg_count *)b)->num;
}

static void *worker(void *arg) {
  stats_job *job = arg;
  bks_fit_decoder *d = NULL;
  counter *c = calloc(1, sizeof *c);
  if (!c || bks_fit_decoder_new(NULL, &d) != BKS_OK) {
    free(c);
    return (void *)1;
  }
  for (;;) {
    unsigned i = atomic_fetch_add(&job->next, 1u);
    if (i >= job->nfiles) break;
    file_result *r = &job->res[i];
    bks_fit_decoder_reset(d);
    c->ntouched = 0;
    c->total = 0;
    r->ex = cli_fit_decode_file(d, job->files[i], count_mesg, c, &r->status, &r->bytes, r->err,
                                sizeof r->err);
    if (!r->ex && r->status < 0) {
      snprintf(r->err, sizeof r->err, "%s: offset %llu: %s", job->files[i],
               (unsigned long long)bks_fit_decoder_error_offset(d), bks_fit_decoder_errmsg(d));
    }
    r->total = c->total;
    r->counts = malloc((c->ntouched ? c->ntouched : 1) * sizeof *r->counts);
    for (unsigned k = 0; k < c->ntouched && r->counts; k++) {
      uint16_t num = c->touched[k];
      r->counts[r->ncounts++] = (mesg_count){num, c->count[num]};
      c->count[num] = 0;
    }
    if (r->counts) qsort(r->counts, r->ncounts, sizeof *r->counts, by_num);
  }
  bks_fit_decoder_free(d);
  free(c);
  return NULL;
}

// a message's profile name, or mesg_N
static void mesg_name(uint16_t num, char name[32]) {
  const bks_fit_mesg_def *def = bks_fit_mesg_by_num(num);
  if (def) {
    snprintf(name, 32, "%s", def->name);
  } else {
    snprintf(name, 32, "mesg_%u", num);
  }
}

static void print_counts(FILE *out, const mesg_count *counts, unsigned n) {
  for (unsigned k = 0; k < n; k++) {
    char name[32];
    mesg_name(counts[k].num, name);
    fprintf(out, "%s%s %llu", k ? ", " : "", name, (unsigned long long)counts[k].count);
  }
}

// "counts":{name:count,...}
static void json_counts(bks_json *w, const mesg_count *counts, unsigned n) {
  bks_json_key(w, "counts");
  bks_json_obj_begin(w);
  for (unsigned k = 0; k < n; k++) {
    char name[32];
    mesg_name(counts[k].num, name);
    bks_json_kv_uint(w, name, counts[k].count);
  }
  bks_json_obj_end(w);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int cli_fit_stats(const cli_global *g, int argc, char **argv) {
  long jobs = sysconf(_SC_NPROCESSORS_ONLN);
  char **files = calloc((size_t)argc, sizeof *files);
  unsigned nfiles = 0;
  if (!files) return EXIT_SOFTWARE;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc) {
      char *end;
      jobs = strtol(argv[++i], &end, 10);
      if (*end || jobs < 1 || jobs > 256) {
        free(files);
        return cli_usage_error("fit stats", "--jobs needs a whole number from 1 to 256, not '%s'",
                               argv[i]);
      }
    } else {
      files[nfiles++] = argv[i];
    }
  }
  if (nfiles == 0) {
    free(files);
    return cli_usage_error("fit stats", "give at least one FILE");
  }
  if (jobs < 1) jobs = 1;
  if ((unsigned long)jobs > nfiles) jobs = (long)nfiles;

  stats_job job = {files, nfiles, calloc(nfiles, sizeof(file_result)), 0};
  pthread_t *th = calloc((size_t)jobs, sizeof *th);
  int ex = EXIT_OK;
  if (!job.res || !th) {
    free(files), free(job.res), free(th);
    return EXIT_SOFTWARE;
  }
  double t0 = now_s();
  long started = 0;
  for (long k = 1; k < jobs; k++) {
    if (pthread_create(&th[k], NULL, worker, &job) == 0) started++;
  }
  int failed = worker(&job) != NULL; // this thread works too
  for (long k = 1; k <= started; k++) {
    void *rv;
    pthread_join(th[k], &rv);
    failed |= rv != NULL;
  }
  double dt = now_s() - t0;
  if (failed) {
    cli_err("backstride fit stats: out of memory");
    ex = EXIT_SOFTWARE;
  }

  // report in the order given; totals over every file read
  mesg_count *all = calloc(65536, sizeof *all);
  uint64_t bytes = 0, total = 0;
  unsigned nread = 0;
  bks_buf jb;
  bks_buf_init(&jb);
  bks_json w;
  bks_json_init(&w, &jb);
  if (g->json) {
    bks_json_obj_begin(&w);
    bks_json_key(&w, "files");
    bks_json_arr_begin(&w);
  }
  for (unsigned i = 0; i < nfiles && all; i++) {
    file_result *r = &job.res[i];
    if (r->err[0]) cli_err("%s", r->err);
    if (r->ex) {
      if (ex == EXIT_OK || r->ex == EXIT_NOINPUT) ex = r->ex;
      continue;
    }
    if (r->status < 0 && ex == EXIT_OK) ex = EXIT_DATAERR;
    for (unsigned k = 0; k < r->ncounts; k++) {
      all[r->counts[k].num].num = r->counts[k].num;
      all[r->counts[k].num].count += r->counts[k].count;
    }
    bytes += r->bytes;
    total += r->total;
    if (g->json) {
      bks_json_obj_begin(&w);
      bks_json_kv_str(&w, "file", files[i]);
      bks_json_kv_uint(&w, "bytes", r->bytes);
      bks_json_kv_uint(&w, "messages", r->total);
      bks_json_kv_bool(&w, "ok", r->status >= 0);
      json_counts(&w, r->counts, r->ncounts);
      bks_json_obj_end(&w);
    } else {
      printf("%s: %llu messages: ", files[i], (unsigned long long)r->total);
      print_counts(stdout, r->counts, r->ncounts);
      putchar('\n');
    }
    nread++;
  }
  // the totals, compacted to the message numbers that occurred
  unsigned nall = 0;
  for (unsigned n = 0; all && n < 65536; n++) {
    if (all[n].count) all[nall++] = all[n];
  }
  if (g->json && ex) {
    // a damaged or missing file: the --json error contract prints the error object (main)
  } else if (g->json) {
    bks_json_arr_end(&w);
    bks_json_key(&w, "total");
    bks_json_obj_begin(&w);
    bks_json_kv_uint(&w, "files", nread);
    bks_json_kv_uint(&w, "bytes", bytes);
    bks_json_kv_uint(&w, "messages", total);
    json_counts(&w, all, nall);
    bks_json_obj_end(&w);
    bks_json_obj_end(&w);
    int pex = cli_json_print("fit stats", &w, &jb, stdout);
    if (pex) ex = pex;
  } else {
    printf("total: %u files, %llu messages: ", nread, (unsigned long long)total);
    print_counts(stdout, all, nall);
    putchar('\n');
  }
  if (!g->quiet) {
    fprintf(stderr,
            "decoded %u files, %.1f MB, %llu messages in %.3f s with %ld worker(s): %.0f MB/s\n",
            nread, (double)bytes / 1e6, (unsigned long long)total, dt, jobs,
            dt > 0 ? (double)bytes / 1e6 / dt : 0.0);
  }
  for (unsigned i = 0; i < nfiles; i++) free(job.res[i].counts);
  bks_buf_deinit(&jb);
  free(all);
  free(job.res);
  free(th);
  free(files);
  return fflush(stdout) == 0 ? ex : EXIT_IOERR;
}
