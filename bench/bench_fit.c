// In-process FIT decoding speed: every file read into memory first, then decoded (every field to
// values) `--repeat` times on one core. Prints MB/s and ns per message.
// Usage: bench_fit [--repeat N] FILE...
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backstride/fit.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct tally {
  unsigned long long msgs;
  double fields;
};

static void count(const bks_fit_mesg *m, void *ctx) {
  struct tally *t = ctx;
  t->msgs++;
  t->fields += m->nfields;
}

static void ignore(const bks_fit_mesg *m, void *ctx) {
  (void)m;
  (void)ctx;
}

int main(int argc, char **argv) {
  int repeat = 5, first = 1;
  if (argc > 2 && strcmp(argv[1], "--repeat") == 0) {
    repeat = atoi(argv[2]);
    first = 3;
  }
  int nfiles = argc - first;
  if (nfiles <= 0) {
    fprintf(stderr, "usage: bench_fit [--repeat N] FILE...\n");
    return 64;
  }
  uint8_t **data = calloc((size_t)nfiles, sizeof *data);
  size_t *size = calloc((size_t)nfiles, sizeof *size), total = 0;
  for (int i = 0; i < nfiles; i++) {
    FILE *f = fopen(argv[first + i], "rb");
    if (!f) {
      perror(argv[first + i]);
      return 66;
    }
    fseek(f, 0, SEEK_END);
    size[i] = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    data[i] = malloc(size[i] ? size[i] : 1);
    if (fread(data[i], 1, size[i], f) != size[i]) return 74;
    fclose(f);
    total += size[i];
  }
  bks_fit_decoder *d;
  if (bks_fit_decoder_new(NULL, &d) != BKS_OK) return 70;
  struct tally tally = {0, 0};
  double best = 1e30;
  for (int r = 0; r < repeat; r++) {
    double t0 = now_s();
    for (int i = 0; i < nfiles; i++) {
      bks_fit_decoder_reset(d);
      bks_fit_decoder_feed_all(d, data[i], size[i], r == 0 ? count : ignore, &tally);
    }
    double dt = now_s() - t0;
    if (dt < best) best = dt;
  }
  printf("{\"files\":%d,\"bytes\":%zu,\"messages\":%llu,\"fields\":%.0f,\"best_s\":%.6f,"
         "\"mb_per_s\":%.1f,\"ns_per_message\":%.1f}\n",
         nfiles, total, tally.msgs, tally.fields, best, (double)total / 1e6 / best,
         best * 1e9 / (double)tally.msgs);
  bks_fit_decoder_free(d);
  for (int i = 0; i < nfiles; i++) free(data[i]);
  free(data);
  free(size);
  return 0;
}
