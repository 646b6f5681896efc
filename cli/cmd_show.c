// backstride show RUN_ID: one run's summary, channels, laps and warnings.
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/units.h"
#include "json_cli.h"
#include "store_cli.h"

static const char show_usage[] =
    "usage: backstride show RUN_ID\n\n"
    "Show one run of the library (--db): start, distance, time, pace, device and source file;\n"
    "each channel present with its mean, minimum and maximum; the laps; and the data-quality\n"
    "warnings the reader left (what was odd in the file and what was done about it).\n"
    "RUN_ID is the id 'backstride runs' prints.\n\n"
    "--json  {id, start_utc, sport, sport_name, sport_guessed, name, device, distance_m,\n"
    "        duration_s, timer_s, n_samples, source, format, imported_at, channels: [{name, "
    "units,\n"
    "        mean, min, max, coverage}], developer: [{name, units, mean, min, max, coverage}],\n"
    "        imu_rate_hz, laps: [{index, start_s, elapsed_s, timer_s, distance_m}], warnings: "
    "[...]}\n\n"
    "exit codes: 0 ok; 64 usage (RUN_ID missing or not a whole positive number); 65 no run has\n"
    "that id (bad input data, like a file that does not hold what was asked for); 74 the\n"
    "library cannot be read\n";

static int cmd_show(const cli_global *g, int argc, char **argv);

const cli_cmd cli_show_cmd = {"show", cmd_show, "show one run: summary, channels, laps, warnings",
                              show_usage};

// mean, min, max and the share of samples that hold a value
typedef struct stats {
  double mean, min, max, coverage;
} stats;

static stats stats_of(const double *v, size_t n) {
  stats s = {NAN, NAN, NAN, 0};
  double sum = 0;
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (!isfinite(v[i])) continue;
    if (k == 0 || v[i] < s.min) s.min = v[i];
    if (k == 0 || v[i] > s.max) s.max = v[i];
    sum += v[i];
    k++;
  }
  if (k) s.mean = sum / (double)k;
  s.coverage = n ? (double)k / (double)n : 0;
  return s;
}

static void json_stats(bks_json *w, const char *name, const char *units, stats st) {
  bks_json_obj_begin(w);
  bks_json_kv_str(w, "name", name);
  bks_json_kv_str(w, "units", units);
  bks_json_kv_num(w, "mean", st.mean);
  bks_json_kv_num(w, "min", st.min);
  bks_json_kv_num(w, "max", st.max);
  bks_json_kv_num(w, "coverage", st.coverage);
  bks_json_obj_end(w);
}

static int print_json(const bks_run_info *r, const bks_activity *a) {
  char start[32];
  bks_date_iso_utc(r->start_utc, start);
  bks_buf b;
  bks_buf_init(&b);
  bks_json w;
  bks_json_init(&w, &b);
  bks_json_obj_begin(&w);
  bks_json_kv_int(&w, "id", r->id);
  bks_json_kv_str(&w, "start_utc", start);
  bks_json_kv_str(&w, "sport", r->sport);
  bks_json_kv_str(&w, "sport_name", r->sport_name);
  bks_json_kv_bool(&w, "sport_guessed", r->sport_guessed);
  bks_json_kv_str(&w, "name", r->name);
  bks_json_kv_str(&w, "device", r->device);
  bks_json_kv_num(&w, "distance_m", r->distance_m);
  bks_json_kv_num(&w, "duration_s", r->duration_s);
  bks_json_kv_num(&w, "timer_s", r->timer_s);
  bks_json_kv_uint(&w, "n_samples", a->n);
  bks_json_kv_str(&w, "source", r->source_path);
  bks_json_kv_str(&w, "format", r->format);
  bks_json_kv_str(&w, "imported_at", r->imported_at);
  bks_json_key(&w, "channels");
  bks_json_arr_begin(&w);
  for (int c = 0; c < BKS_NCHANNELS; c++) {
    if (!a->ch[c]) continue;
    json_stats(&w, bks_channel_name((bks_channel)c), cli_channel_units(c),
               stats_of(a->ch[c], a->n));
  }
  bks_json_arr_end(&w);
  bks_json_key(&w, "developer");
  bks_json_arr_begin(&w);
  for (size_t i = 0; i < a->ndev; i++) {
    json_stats(&w, a->dev[i].name, a->dev[i].units, stats_of(a->dev[i].v, a->n));
  }
  bks_json_arr_end(&w);
  bks_json_kv_num(&w, "imu_rate_hz", a->imu_rate_hz);
  bks_json_key(&w, "laps");
  bks_json_arr_begin(&w);
  for (size_t i = 0; i < a->nlaps; i++) {
    const bks_lap *l = &a->laps[i];
    bks_json_obj_begin(&w);
    bks_json_kv_uint(&w, "index", i);
    bks_json_kv_num(&w, "start_s", l->start_s);
    bks_json_kv_num(&w, "elapsed_s", l->elapsed_s);
    bks_json_kv_num(&w, "timer_s", l->timer_s);
    bks_json_kv_num(&w, "distance_m", l->distance_m);
    bks_json_obj_end(&w);
  }
  bks_json_arr_end(&w);
  bks_json_key(&w, "warnings");
  bks_json_arr_begin(&w);
  for (unsigned i = 0; i < a->nwarnings; i++) bks_json_str(&w, a->warnings[i]);
  bks_json_arr_end(&w);
  bks_json_obj_end(&w);
  int ex = cli_json_print("show", &w, &b, stdout);
  bks_buf_deinit(&b);
  return ex;
}

// how a channel reads best for a person: vertical oscillation in cm, contact time in ms...
static void human_scale(int c, double *scale, const char **units) {
  *scale = 1;
  *units = cli_channel_units(c);
  switch (c) {
  case BKS_CH_VERT_OSC:
  case BKS_CH_STEP_LENGTH:
    *scale = 100, *units = "cm";
    break;
  case BKS_CH_GCT:
    *scale = 1000, *units = "ms";
    break;
  case BKS_CH_DISTANCE:
    *scale = bks_units_dist(1), *units = bks_units_name();
    break;
  case BKS_CH_GRADE:
    *scale = 100, *units = "%";
    break;
  default:
    break;
  }
}

static void print_human(const bks_run_info *r, const bks_activity *a) {
  char start[40], dur[32], mov[32], pace[32];
  bks_date_iso_local(r->start_utc, start);
  bks_date_hms(r->duration_s, dur);
  bks_date_hms(r->timer_s, mov);
  // pace over the moving time, else the elapsed time (and the line says which)
  int has_moving = isfinite(r->timer_s) && r->timer_s > 0;
  bks_units_pace(has_moving ? r->timer_s : r->duration_s, r->distance_m, pace);
  char t1[512], t2[1024];
  printf("run %lld%s%s\n", (long long)r->id, r->name[0] ? ": " : "",
         cli_term(r->name, t1, sizeof t1));
  printf("  start      %s (local time)\n", start);
  printf("  sport      %s%s%s%s%s\n", r->sport, r->sport_name[0] ? " (" : "", r->sport_name,
         r->sport_name[0] ? ")" : "",
         !r->sport_guessed               ? ""
         : strcmp(r->format, "imu") == 0 ? ", assumed (an IMU CSV names no sport)"
                                         : ", guessed from speed and cadence");
  if (isfinite(r->distance_m)) {
    printf("  distance   %.2f %s\n", bks_units_dist(r->distance_m), bks_units_name());
  } else {
    printf("  distance   unknown\n");
  }
  printf("  time       %s elapsed, %s moving\n", dur, mov);
  printf("  pace       %s /%s (%s time)\n", pace, bks_units_name(),
         has_moving ? "moving" : "elapsed");
  if (r->device[0]) printf("  device     %s\n", cli_term(r->device, t1, sizeof t1));
  printf("  source     %s (%s, imported %s)\n", cli_term(r->source_path, t2, sizeof t2), r->format,
         r->imported_at);
  printf("  samples    %zu\n", a->n);

  // one row per channel, labels padded to the longest (developer names can be long)
  char labels[BKS_NCHANNELS + 64][128];
  double scale[BKS_NCHANNELS + 64];
  const double *vals[BKS_NCHANNELS + 64];
  int nrows = 0, width = 20;
  for (int c = 0; c < BKS_NCHANNELS; c++) {
    if (!a->ch[c]) continue;
    const char *u;
    human_scale(c, &scale[nrows], &u);
    snprintf(labels[nrows], sizeof labels[0], "%s [%s]", bks_channel_name((bks_channel)c), u);
    vals[nrows++] = a->ch[c];
  }
  for (size_t i = 0; i < a->ndev && nrows < BKS_NCHANNELS + 64; i++) {
    snprintf(labels[nrows], sizeof labels[0], "%s [%s] (developer)", a->dev[i].name,
             a->dev[i].units);
    scale[nrows] = 1;
    vals[nrows++] = a->dev[i].v;
  }
  for (int i = 0; i < nrows; i++) {
    int len = (int)strlen(labels[i]);
    if (len > width) width = len < 60 ? len : 60;
  }
  if (a->n == 0) {
    printf("\nchannels: none\n");
  } else {
    printf("\n%-*s %9s %9s %9s  %8s\n", width + 2, "channels", "mean", "min", "max", "coverage");
  }
  for (int i = 0; i < nrows; i++) {
    stats st = stats_of(vals[i], a->n);
    printf("  %-*s %9.2f %9.2f %9.2f  %7.0f%%\n", width, labels[i], st.mean * scale[i],
           st.min * scale[i], st.max * scale[i], st.coverage * 100);
  }
  if (a->acc[0]) {
    printf("  raw IMU: accelerations%s at %.0f Hz\n", a->gyr[0] ? " and angular rates" : "",
           a->imu_rate_hz);
  }

  if (a->nlaps) {
    printf("\nlaps          start    moving  %8s      pace\n", bks_units_name());
    for (size_t i = 0; i < a->nlaps; i++) {
      const bks_lap *l = &a->laps[i];
      char ls[32], lt[32], lp[32] = "-", lkm[16] = "-";
      bks_date_hms(l->start_s, ls);
      double lmov = isfinite(l->timer_s) ? l->timer_s : l->elapsed_s;
      bks_date_hms(lmov, lt);
      if (isfinite(l->distance_m)) {
        snprintf(lkm, sizeof lkm, "%.2f", bks_units_dist(l->distance_m));
        if (l->distance_m > 50 && lmov > 0) bks_date_hms(lmov / bks_units_dist(l->distance_m), lp);
      }
      printf("  %4zu  %9s  %8s  %8s  %8s\n", i + 1, ls, lt, lkm, lp);
    }
  }
  if (a->nwarnings) {
    printf("\nwarnings\n");
    for (unsigned i = 0; i < a->nwarnings; i++) printf("  - %s\n", a->warnings[i]);
  }
}

static int cmd_show(const cli_global *g, int argc, char **argv) {
  if (g->help) return cli_help(&cli_show_cmd);
  if (argc < 2) return cli_usage_error("show", "give a RUN_ID (see 'backstride runs')");
  if (argc > 2) return cli_unknown_arg(&cli_show_cmd, NULL, argv[2]);
  char *end;
  errno = 0;
  long long id = strtoll(argv[1], &end, 10);
  if (errno || end == argv[1] || *end != '\0' || id <= 0) {
    return cli_usage_error("show", "RUN_ID must be a whole positive number, not '%s'", argv[1]);
  }

  bks_store *s;
  int ex = cli_store_open(g, BKS_LIBRARY_NOCREATE, &s);
  if (ex) return ex;
  if (!s) {
    cli_err("backstride show: no run with id %lld (the library is empty)", id);
    return EXIT_DATAERR;
  }
  bks_run_info *r = malloc(sizeof *r);
  bks_activity a;
  bks_activity_init(&a);
  int rc = r ? bks_library_run_get(s, id, r) : BKS_E_NOMEM;
  if (rc == BKS_OK) rc = bks_library_load(s, id, 0, &a);
  if (rc == BKS_END) {
    cli_err("backstride show: no run with id %lld (see 'backstride runs')", id);
    ex = EXIT_DATAERR;
  } else if (rc < 0) {
    cli_err("backstride show: %s", r ? bks_library_errmsg(s) : "out of memory");
    ex = rc == BKS_E_NOMEM ? EXIT_SOFTWARE : rc == BKS_E_CORRUPT ? EXIT_DATAERR : EXIT_IOERR;
  } else if (g->json) {
    ex = print_json(r, &a);
  } else {
    print_human(r, &a);
  }
  bks_activity_deinit(&a);
  free(r);
  bks_library_close(s);
  return ex;
}
