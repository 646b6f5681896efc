// backstride import PATH...: files, folders, .gz and .zip exports into the library.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "backstride/import.h"
#include "backstride/json.h"
#include "json_cli.h"
#include "store_cli.h"

static const char import_usage[] =
    "usage: backstride import [--restore-deleted] PATH...\n\n"
    "Import recordings into the library (--db, default $XDG_DATA_HOME/backstride/backstride.db).\n"
    "PATH may be a file (.fit, .gpx, .tcx, IMU .csv), a folder (walked recursively; hidden files\n"
    "and folders are left out), a .gz (Strava's .fit.gz, .gpx.gz, .tcx.gz) or a .zip (Garmin's\n"
    "\"export your data\", zips inside zips included).\n\n"
    "Each file is stored in one transaction: an interrupted import keeps whole files only, and\n"
    "running it again finishes the job. A file whose bytes were imported before is a duplicate;\n"
    "so is the same run arriving as another file (a FIT and a GPX of one run: start within 60 s,\n"
    "duration within 5 % or 60 s), of which the richer copy is kept. Files that hold no run\n"
    "(other sports, photos, notes) are skipped with their reason. Damaged files are reported with\n"
    "the byte offset or line of the damage, and the import goes on; a damaged file whose readable\n"
    "part holds a run is imported up to the damage, with a warning.\n\n"
    "Progress (files/s, ETA) is shown on stderr when it is a terminal, unless --quiet.\n"
    "A run deleted with 'backstride runs delete' stays deleted when its file is imported again;\n"
    "--restore-deleted forgets those deletions first, so the files' runs come back (new ids).\n\n"
    "--json  print {\"imported\":n,\"duplicates\":n,\"skipped\":n,\"failed\":[{\"file\":...,\n"
    "        \"error\":...}]} on stdout\n\n"
    "exit codes: 0 every file imported, skipped or a duplicate; 1 some files failed (listed);\n"
    "64 usage; 65 the library is not a backstride library or is from a newer version;\n"
    "70 out of memory; 74 the library cannot be opened or written\n";

static int cmd_import(const cli_global *g, int argc, char **argv);

const cli_cmd cli_import_cmd = {"import", cmd_import,
                                "import files, folders, .gz and .zip exports into the library",
                                import_usage};

//---- Progress bar ----

typedef struct bar {
  struct timespec start, last;
  int drawn;
} bar;

static double since(const struct timespec *a) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - a->tv_sec) + (double)(now.tv_nsec - a->tv_nsec) * 1e-9;
}

static void draw(const bks_import_progress *p, void *ctx) {
  bar *b = ctx;
  // a terminal redrawn more than ten times a second only costs time
  if (b->drawn && since(&b->last) < 0.1) return;
  clock_gettime(CLOCK_MONOTONIC, &b->last);
  b->drawn = 1;

  double el = since(&b->start);
  double frac = p->bytes_total ? (double)p->bytes_done / (double)p->bytes_total : 0;
  if (frac > 1) frac = 1;
  char eta[32] = "--:--";
  if (frac > 0.01 && el > 0.5) bks_date_hms(el * (1 - frac) / frac, eta);
  double rate = el > 0 ? (double)p->leaves / el : 0;

  struct winsize ws;
  int cols = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20 ? ws.ws_col : 80;
  char line[512];
  int width = 20, fill = (int)(frac * width + 0.5);
  char meter[32];
  for (int i = 0; i < width; i++) meter[i] = i < fill ? '#' : '.';
  meter[width] = '\0';
  int n = snprintf(line, sizeof line, "[%s] %3.0f%%  %llu files  %.0f files/s  ETA %s  ", meter,
                   frac * 100, (unsigned long long)p->leaves, rate, eta);
  // then as much of the current file's name as fits, from its end
  if (n > 0 && n < cols - 1 && p->current) {
    size_t room = (size_t)(cols - 1 - n), len = strlen(p->current);
    const char *tail = len > room ? p->current + (len - room) : p->current;
    snprintf(line + n, sizeof line - (size_t)n, "%s", tail);
  }
  fprintf(stderr, "\r\033[K%s", line);
  fflush(stderr);
}

//---- Output ----

static void print_human(const bks_import_result *r, double seconds) {
  printf("imported %u file%s", r->imported, r->imported == 1 ? "" : "s");
  if (r->runs_added) {
    printf(" (%u new run%s)", r->runs_added - r->runs_replaced,
           r->runs_added - r->runs_replaced == 1 ? "" : "s");
  }
  printf(", %u duplicate%s, %u skipped, %zu failed in %.1f s\n", r->duplicates,
         r->duplicates == 1 ? "" : "s", r->skipped, r->nfailed, seconds);
  if (r->runs_replaced) {
    printf("  %u stored run%s replaced by a richer copy of the same run\n", r->runs_replaced,
           r->runs_replaced == 1 ? " was" : "s were");
  }
  if (r->runs_duplicate) {
    printf("  %u run%s already stored from another file\n", r->runs_duplicate,
           r->runs_duplicate == 1 ? "" : "s");
  }
  // the commonest reasons; the long tail of one-off ones (each odd GPX has its own) in one line
  enum { SHOWN = 8 };
  unsigned rest = 0;
  for (size_t i = 0; i < r->nreasons; i++) {
    if (i < SHOWN) {
      printf("  skipped %u: %s\n", r->reasons[i].count, r->reasons[i].reason);
    } else {
      rest += r->reasons[i].count;
    }
  }
  if (rest) printf("  skipped %u: %zu other reasons\n", rest, r->nreasons - SHOWN);
}

//---- The command ----

static int cmd_import(const cli_global *g, int argc, char **argv) {
  if (g->help) return cli_help(&cli_import_cmd);
  // every argument after the command name is a PATH ("--" allows a path starting with "-")
  const char **paths = calloc((size_t)argc, sizeof *paths);
  if (!paths) {
    cli_err("backstride: out of memory");
    return EXIT_SOFTWARE;
  }
  size_t npaths = 0;
  int only_paths = 0, restore = 0;
  for (int i = 1; i < argc; i++) {
    if (!only_paths && strcmp(argv[i], "--") == 0) {
      only_paths = 1;
    } else if (!only_paths && strcmp(argv[i], "--restore-deleted") == 0) {
      restore = 1;
    } else if (!only_paths && argv[i][0] == '-' && argv[i][1] != '\0') {
      free(paths);
      return cli_unknown_arg(&cli_import_cmd, NULL, argv[i]);
    } else {
      paths[npaths++] = argv[i];
    }
  }
  if (npaths == 0) {
    free(paths);
    return cli_usage_error("import", "give at least one PATH (a file, folder, .gz or .zip)");
  }

  bks_store *s;
  int ex = cli_store_open(g, 0, &s);
  if (ex) {
    free(paths);
    return ex;
  }

  if (restore) {
    int64_t forgotten = 0;
    if (bks_library_restore_deleted(s, &forgotten) < 0) {
      cli_err("backstride import: %s", bks_library_errmsg(s));
      bks_library_close(s);
      free(paths);
      return EXIT_IOERR;
    }
    if (!g->quiet && forgotten) {
      fprintf(stderr, "backstride import: %lld file%s with deleted runs will be read again\n",
              (long long)forgotten, forgotten == 1 ? "" : "s");
    }
  }

  bks_import_cfg cfg;
  bks_import_default_cfg(&cfg);
  bar b = {0};
  clock_gettime(CLOCK_MONOTONIC, &b.start);
  if (!g->quiet && isatty(STDERR_FILENO)) {
    cfg.progress = draw;
    cfg.progress_ctx = &b;
  }

  bks_import_result r;
  bks_import_result_init(&r);
  int rc = bks_import_paths(s, paths, npaths, &cfg, &r);
  double seconds = since(&b.start);
  if (b.drawn) fputs("\r\033[K", stderr);
  bks_library_close(s);
  free(paths);

  if (rc < 0) {
    cli_err("backstride import: stopped: %s", r.fatal[0] ? r.fatal : bks_strerror(rc));
    fprintf(stderr, "backstride import: every file stored before this one is kept; run the "
                    "same import again to finish it\n");
    bks_import_result_deinit(&r);
    return rc == BKS_E_NOMEM ? EXIT_SOFTWARE : EXIT_IOERR;
  }

  // failures are errors, shown even with --quiet; in JSON mode they are in the document
  if (!g->json) {
    for (size_t i = 0; i < r.nfailed; i++) {
      char f[1024];
      fprintf(stderr, "%s: %s\n", cli_term(r.failed[i].file, f, sizeof f), r.failed[i].error);
    }
  }
  if (!g->quiet) {
    for (size_t i = 0; i < r.ndamaged; i++) {
      char f[1024];
      fprintf(stderr, "%s: imported up to the damage: %s\n",
              cli_term(r.damaged[i].file, f, sizeof f), r.damaged[i].error);
    }
  }
  ex = r.nfailed ? EXIT_FOUND : EXIT_OK;
  if (g->json) {
    bks_buf out;
    bks_buf_init(&out);
    bks_json w;
    bks_json_init(&w, &out);
    bks_json_import_result(&w, &r);
    int pex = cli_json_print("import", &w, &out, stdout);
    bks_buf_deinit(&out);
    if (pex) ex = pex;
  } else {
    print_human(&r, seconds);
  }
  bks_import_result_deinit(&r);
  return ex;
}
