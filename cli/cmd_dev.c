// backstride dev make-corpus | check-db: tools for tests and benchmarks, not for runners.
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "backstride/fit_writer.h"
#include "backstride/io.h"
#include "backstride/json.h"
#include "json_cli.h"
#include "store_cli.h"

static const char dev_usage[] =
    "usage: backstride dev make-corpus --from DIR --out DIR [--count N] [--seed N]\n"
    "                                  [--every-days D]\n"
    "       backstride dev check-db\n\n"
    "Tools for tests and benchmarks.\n\n"
    "make-corpus  read every FIT run under --from (recursively) and write N (default 1000)\n"
    "             distinct, realistic run files to --out with backstride's FIT writer: the runs\n"
    "             are taken in turn, each moved to its own day (so no two are the same run) and\n"
    "             its values jittered deterministically by --seed (a faster or slower day, heart\n"
    "             rate, altitude), so every file's bytes differ. Same inputs, same files.\n"
    "             --every-days D spreads the runs D days apart on average (default 1; 1.4 gives\n"
    "             five runs a week, so 1,300 files are five years of running).\n"
    "check-db     check the library (--db): SQLite's integrity check, foreign keys, and that "
    "every\n"
    "             run has all of its samples (no half-written activity). Prints the counts\n"
    "             (--json: "
    "{\"integrity\":\"ok\",\"foreign_keys\":\"ok\",\"sources\":n,\"runs\":n,\n"
    "             \"skipped\":n,\"incomplete_runs\":n,\"problem\":\"...\"}).\n\n"
    "exit codes: 0 ok; 1 check-db found a problem; 64 usage; 65 no FIT run under --from;\n"
    "66 --from cannot be read; 74 a file or the library cannot be written or read\n";

static int cmd_dev(const cli_global *g, int argc, char **argv);

const cli_cmd cli_dev_cmd = {"dev", cmd_dev, "tools for tests and benchmarks (corpora, checks)",
                             dev_usage};

//---- make-corpus ----

typedef struct runs {
  bks_activity *v;
  size_t n, cap;
} runs;

// collect the FIT files under `dir`, in name order
static int collect(const char *dir, char ***files, size_t *n, size_t *cap) {
  DIR *d = opendir(dir);
  if (!d) return -1;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    size_t len = strlen(dir) + strlen(e->d_name) + 2;
    char *path = malloc(len);
    if (!path) break;
    snprintf(path, len, "%s/%s", dir, e->d_name);
    struct stat st;
    if (stat(path, &st) != 0) {
      free(path);
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      collect(path, files, n, cap);
      free(path);
      continue;
    }
    size_t pl = strlen(path);
    if (!S_ISREG(st.st_mode) || pl < 4 || strcasecmp(path + pl - 4, ".fit") != 0) {
      free(path);
      continue;
    }
    if (*n == *cap) {
      *cap = *cap ? 2 * *cap : 64;
      char **p = realloc(*files, *cap * sizeof *p);
      if (!p) {
        free(path);
        break;
      }
      *files = p;
    }
    (*files)[(*n)++] = path;
  }
  closedir(d);
  return 0;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

// splitmix64: a small deterministic generator (the corpus must be the same on every machine)
static uint64_t mix(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

// uniform in [-1, 1)
static double unit(uint64_t *s) { return (double)(mix(s) >> 11) / 4503599627370496.0 - 1.0; }

static double ch(const bks_activity *a, int c, size_t i) { return a->ch[c] ? a->ch[c][i] : NAN; }

// write the corpus file for source run `a` as file number `k` into `out`
static int write_one(const bks_activity *a, unsigned k, double every_days, uint64_t seed,
                     bks_buf *out, unsigned *dropped, char *err, size_t errsz) {
  uint64_t rs = seed ^ (0x636F72707573ull + (uint64_t)k * 0x100000001B3ull);
  // its own day (every_days >= 1 apart on average) from 2015-01-01 06:00 UTC, starting within
  // four hours of that
  double start = 1420092000.0 + 86400.0 * floor(every_days * k) + floor((unit(&rs) + 1) * 7200);
  double pace = 1 + 0.02 * unit(&rs);  // a slightly faster or slower day
  double dhr = round(4 * unit(&rs));   // a higher or lower heart rate
  double dalt = round(20 * unit(&rs)); // another course altitude
  double t0 = a->t[0];

  bks_fitw w;
  int rc = bks_fitw_init(&w, out);
  bks_fitw_file_id id;
  bks_fitw_file_id_init(&id);
  id.type = BKS_FITW_FILE_ACTIVITY;
  id.manufacturer = BKS_FITW_MANUFACTURER_DEVELOPMENT;
  id.product = 2;
  id.serial_number = 100000 + k;
  id.time_created = start;
  if (rc == BKS_OK) rc = bks_fitw_write_file_id(&w, &id);
  bks_fitw_event ev;
  bks_fitw_event_init(&ev);
  ev.timestamp = start;
  ev.event = BKS_FITW_EVENT_TIMER;
  ev.event_type = BKS_FITW_EVENT_TYPE_START;
  ev.data = BKS_FITW_TIMER_TRIGGER_MANUAL;
  ev.event_group = 0;
  if (rc == BKS_OK) rc = bks_fitw_write_event(&w, &ev);

  double last_t = start, last_dist = NAN, hr_sum = 0, cad_sum = 0;
  size_t hr_n = 0, cad_n = 0;
  for (size_t i = 0; rc == BKS_OK && i < a->n; i++) {
    if (!isfinite(a->t[i])) continue;
    bks_fitw_record r;
    bks_fitw_record_init(&r);
    r.timestamp = start + (a->t[i] - t0);
    r.lat = ch(a, BKS_CH_LAT, i);
    r.lon = ch(a, BKS_CH_LON, i);
    r.distance = ch(a, BKS_CH_DISTANCE, i) / pace;
    r.speed = ch(a, BKS_CH_SPEED, i) / pace;
    r.altitude = ch(a, BKS_CH_ALTITUDE, i) + dalt;
    r.heart_rate = ch(a, BKS_CH_HEART_RATE, i) + dhr;
    r.cadence_spm = ch(a, BKS_CH_CADENCE, i);
    r.power = ch(a, BKS_CH_POWER, i);
    r.vertical_oscillation = ch(a, BKS_CH_VERT_OSC, i);
    r.stance_time = ch(a, BKS_CH_GCT, i);
    r.stance_time_balance = ch(a, BKS_CH_GCT_BALANCE, i);
    r.step_length = ch(a, BKS_CH_STEP_LENGTH, i);
    r.vertical_ratio = ch(a, BKS_CH_VERT_RATIO, i);
    rc = bks_fitw_write_record(&w, &r);
    if (rc == BKS_E_RANGE || rc == BKS_E_INVAL) {
      // a value FIT cannot hold (a glitch in the source): leave that sample out
      (*dropped)++;
      rc = BKS_OK;
      continue;
    }
    last_t = r.timestamp;
    if (isfinite(r.distance)) last_dist = r.distance;
    if (isfinite(r.heart_rate)) hr_sum += r.heart_rate, hr_n++;
    if (isfinite(r.cadence_spm)) cad_sum += r.cadence_spm, cad_n++;
  }
  ev.timestamp = last_t;
  ev.event_type = BKS_FITW_EVENT_TYPE_STOP_ALL;
  if (rc == BKS_OK) rc = bks_fitw_write_event(&w, &ev);

  // the source's laps, moved with the run; one lap for the whole run when it had none
  double elapsed = last_t - start;
  double timer = isfinite(a->timer_s) && a->timer_s <= elapsed + 1 ? a->timer_s : elapsed;
  double dist = isfinite(a->distance_m) ? a->distance_m / pace : last_dist;
  size_t nlaps = a->nlaps ? a->nlaps : 1;
  for (size_t i = 0; rc == BKS_OK && i < nlaps; i++) {
    bks_fitw_lap l;
    bks_fitw_lap_init(&l);
    const bks_lap *src = a->nlaps ? &a->laps[i] : NULL;
    double ls = src && isfinite(src->start_s) ? src->start_s : 0;
    double le = src && isfinite(src->elapsed_s) ? src->elapsed_s : elapsed;
    l.t.start_time = start + ls;
    l.t.timestamp = start + ls + le;
    l.t.total_elapsed_time = le;
    l.t.total_timer_time = src && isfinite(src->timer_s) ? src->timer_s : le;
    l.t.total_distance = src ? src->distance_m / pace : dist;
    l.t.sport = BKS_FITW_SPORT_RUNNING;
    l.t.sub_sport = BKS_FITW_SUB_SPORT_GENERIC;
    l.lap_trigger = i + 1 == nlaps ? BKS_FITW_LAP_TRIGGER_SESSION_END : BKS_FITW_LAP_TRIGGER_MANUAL;
    rc = bks_fitw_write_lap(&w, &l);
    if (rc == BKS_E_RANGE) rc = BKS_OK; // a lap with odd totals is left out, not the run
  }

  bks_fitw_session s;
  bks_fitw_session_init(&s);
  s.t.start_time = start;
  s.t.timestamp = last_t;
  s.t.total_elapsed_time = elapsed;
  s.t.total_timer_time = timer;
  s.t.total_distance = dist;
  if (isfinite(dist) && timer > 0) s.t.avg_speed = dist / timer;
  if (hr_n) s.t.avg_heart_rate = round(hr_sum / (double)hr_n);
  if (cad_n) s.t.avg_cadence_spm = cad_sum / (double)cad_n;
  s.t.sport = BKS_FITW_SPORT_RUNNING;
  s.t.sub_sport = BKS_FITW_SUB_SPORT_GENERIC;
  s.trigger = BKS_FITW_SESSION_TRIGGER_ACTIVITY_END;
  if (rc == BKS_OK) rc = bks_fitw_write_session(&w, &s);
  bks_fitw_activity act;
  bks_fitw_activity_init(&act);
  act.timestamp = last_t;
  act.total_timer_time = timer;
  act.type = BKS_FITW_ACTIVITY_MANUAL;
  act.local_timestamp = last_t;
  if (rc == BKS_OK) rc = bks_fitw_write_activity(&w, &act);
  if (rc == BKS_OK) rc = bks_fitw_finish(&w);
  if (rc < 0) snprintf(err, errsz, "%s", bks_fitw_errmsg(&w));
  return rc;
}

static int make_corpus(int argc, char **argv) {
  const char *from = NULL, *outdir = NULL;
  long count = 1000;
  double every_days = 1;
  unsigned long long seed = 1;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    char *end = NULL;
    if (strcmp(a, "--from") == 0 && v) {
      from = v, i++;
    } else if (strcmp(a, "--out") == 0 && v) {
      outdir = v, i++;
    } else if (strcmp(a, "--count") == 0 && v) {
      count = strtol(v, &end, 10), i++;
      if (*end || count <= 0 || count > 1000000) {
        return cli_usage_error("dev make-corpus",
                               "--count needs a whole number from 1 to 1000000, not '%s'", v);
      }
    } else if (strcmp(a, "--every-days") == 0 && v) {
      every_days = strtod(v, &end), i++;
      if (*end || !(every_days >= 1 && every_days <= 365)) {
        return cli_usage_error(
            "dev make-corpus",
            "--every-days needs a number (decimals allowed) from 1 to 365, not '%s'", v);
      }
    } else if (strcmp(a, "--seed") == 0 && v) {
      seed = strtoull(v, &end, 10), i++;
      if (*end || !v[0] || v[0] == '-') {
        return cli_usage_error("dev make-corpus",
                               "--seed needs a whole number (0 or more), not '%s'", v);
      }
    } else {
      return cli_unknown_arg(&cli_dev_cmd, "dev make-corpus", a);
    }
  }
  if (!from || !outdir) return cli_usage_error("dev make-corpus", "needs --from DIR and --out DIR");

  char **files = NULL;
  size_t nfiles = 0, cap = 0;
  if (collect(from, &files, &nfiles, &cap) != 0) {
    cli_err("backstride dev: %s: cannot read: %s", from, strerror(errno));
    return EXIT_NOINPUT;
  }
  qsort(files, nfiles, sizeof *files, cmp_str);

  // every running activity of every FIT file that reads, with a time axis
  runs rs = {0};
  int ex = EXIT_OK;
  for (size_t i = 0; i < nfiles && ex == EXIT_OK; i++) {
    cli_file f;
    if (cli_file_open(files[i], &f) != 0) continue;
    bks_read_result rr;
    bks_read_result_init(&rr);
    if (bks_read_fit(f.data, f.size, files[i], &rr) >= 0) {
      for (size_t k = 0; k < rr.nact; k++) {
        bks_activity *a = &rr.act[k];
        if (a->sport != BKS_SPORT_RUNNING || a->n < 60 || !a->t) continue;
        if (rs.n == rs.cap) {
          rs.cap = rs.cap ? 2 * rs.cap : 16;
          bks_activity *p = realloc(rs.v, rs.cap * sizeof *p);
          if (!p) {
            ex = EXIT_SOFTWARE;
            break;
          }
          rs.v = p;
        }
        // take the activity over: the result forgets it
        rs.v[rs.n++] = *a;
        bks_activity_init(a);
      }
    }
    bks_read_result_deinit(&rr);
    cli_file_close(&f);
  }
  for (size_t i = 0; i < nfiles; i++) free(files[i]);
  free(files);
  if (ex == EXIT_OK && rs.n == 0) {
    cli_err("backstride dev: no FIT run (running, at least 60 samples) under %s", from);
    ex = EXIT_DATAERR;
  }
  if (ex == EXIT_OK && mkdir(outdir, 0755) != 0 && errno != EEXIST) {
    cli_err("backstride dev: %s: cannot create: %s", outdir, strerror(errno));
    ex = EXIT_IOERR;
  }

  bks_buf b;
  bks_buf_init(&b);
  unsigned dropped = 0;
  uint64_t bytes = 0;
  for (long k = 0; ex == EXIT_OK && k < count; k++) {
    const bks_activity *a = &rs.v[(size_t)k % rs.n];
    char err[256] = "", path[4096];
    bks_buf_reset(&b);
    if (write_one(a, (unsigned)k, every_days, seed, &b, &dropped, err, sizeof err) < 0) {
      cli_err("backstride dev: run %ld from %s: %s", k, a->source_path, err);
      ex = EXIT_SOFTWARE;
      break;
    }
    snprintf(path, sizeof path, "%s/run-%05ld.fit", outdir, k);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(b.data, 1, b.len, f) != b.len || fclose(f) != 0) {
      cli_err("backstride dev: %s: cannot write: %s", path, strerror(errno));
      ex = EXIT_IOERR;
      break;
    }
    bytes += b.len;
  }
  bks_buf_deinit(&b);
  if (ex == EXIT_OK) {
    fprintf(stderr, "backstride dev: wrote %ld files (%.1f MB) to %s from %zu runs", count,
            (double)bytes / 1e6, outdir, rs.n);
    if (dropped) fprintf(stderr, "; %u samples FIT cannot hold were left out", dropped);
    fputc('\n', stderr);
  }
  for (size_t i = 0; i < rs.n; i++) bks_activity_deinit(&rs.v[i]);
  free(rs.v);
  return ex;
}

//---- check-db ----

static int check_db(const cli_global *g, int argc, char **argv) {
  if (argc > 2) return cli_unknown_arg(&cli_dev_cmd, "dev check-db", argv[2]);
  bks_store *s;
  int ex = cli_store_open(g, BKS_LIBRARY_NOCREATE, &s);
  if (ex) return ex;
  if (!s) {
    cli_err("backstride dev: check-db: the library does not exist");
    return EXIT_NOINPUT;
  }
  bks_check_result r;
  int rc = bks_library_check(s, &r);
  if (rc < 0) {
    cli_err("backstride dev: check-db: %s", bks_library_errmsg(s));
    bks_library_close(s);
    return EXIT_IOERR;
  }
  bks_library_close(s);
  int ok = r.integrity_ok && r.foreign_keys_ok && r.incomplete_runs == 0;
  if (g->json) {
    bks_buf b;
    bks_buf_init(&b);
    bks_json w;
    bks_json_init(&w, &b);
    bks_json_obj_begin(&w);
    bks_json_kv_str(&w, "integrity", r.integrity_ok ? "ok" : "damaged");
    bks_json_kv_str(&w, "foreign_keys", r.foreign_keys_ok ? "ok" : "damaged");
    bks_json_kv_int(&w, "sources", r.sources);
    bks_json_kv_int(&w, "runs", r.runs);
    bks_json_kv_int(&w, "skipped", r.skipped);
    bks_json_kv_int(&w, "incomplete_runs", r.incomplete_runs);
    bks_json_kv_str(&w, "problem", r.first_problem);
    bks_json_obj_end(&w);
    ex = cli_json_print("dev", &w, &b, stdout);
    bks_buf_deinit(&b);
    if (ex) return ex;
  } else {
    printf("integrity %s, foreign keys %s, %lld sources, %lld runs, %lld skipped, %lld incomplete "
           "runs\n",
           r.integrity_ok ? "ok" : "DAMAGED", r.foreign_keys_ok ? "ok" : "DAMAGED",
           (long long)r.sources, (long long)r.runs, (long long)r.skipped,
           (long long)r.incomplete_runs);
    if (r.first_problem[0]) printf("first problem: %s\n", r.first_problem);
  }
  return ok ? EXIT_OK : EXIT_FOUND;
}

static int cmd_dev(const cli_global *g, int argc, char **argv) {
  if (g->help || argc < 2) {
    if (g->help) return cli_help(&cli_dev_cmd);
    return cli_usage_error("dev", "give a tool: make-corpus or check-db");
  }
  if (strcmp(argv[1], "make-corpus") == 0) return make_corpus(argc, argv);
  if (strcmp(argv[1], "check-db") == 0) return check_db(g, argc, argv);
  static const char *const tools[] = {"make-corpus", "check-db"};
  return cli_unknown_word("dev", "tool", argv[1], tools, 2);
}
