// backstride runs: every run in the library, oldest first.
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "store_cli.h"

static const char runs_usage[] =
    "usage: backstride runs\n\n"
    "List every run in the library (--db), oldest first; there is no limit. The table shows the\n"
    "id (for 'backstride show ID' and 'backstride analyze ID'), start (UTC), distance, elapsed\n"
    "time, pace, the sensor channels present and the source file.\n\n"
    "--json  an array of objects: id, start_utc (ISO 8601, UTC, with Z), sport, sport_name,\n"
    "        sport_guessed, name, device, distance_m, duration_s, timer_s, n_samples, channels\n"
    "        (names), laps, warnings (count), format, source (file path)\n\n"
    "exit codes: 0 ok (an empty or missing library lists nothing), 64 usage, 65 the library is\n"
    "not a backstride library or is from a newer version, 74 the library cannot be read\n";

static int cmd_runs(const cli_global *g, int argc, char **argv);

const cli_cmd cli_runs_cmd = {"runs", cmd_runs, "list every run in the library", runs_usage};

typedef struct list_ctx {
  int json;
  unsigned count;
} list_ctx;

static void json_text(const char *key, const char *v) {
  printf(",\"%s\":", key);
  cli_json_str(stdout, v, strlen(v));
}

static void json_num(const char *key, double v) {
  printf(",\"%s\":", key);
  cli_json_num(stdout, v);
}

static int print_run(const bks_run_info *r, void *vctx) {
  list_ctx *c = vctx;
  char start[32];
  bks_time_iso_utc(r->start_utc, start);
  if (c->json) {
    printf("%s\n{\"id\":%lld", c->count ? "," : "", (long long)r->id);
    json_text("start_utc", start);
    json_text("sport", r->sport);
    json_text("sport_name", r->sport_name);
    printf(",\"sport_guessed\":%s", r->sport_guessed ? "true" : "false");
    json_text("name", r->name);
    json_text("device", r->device);
    json_num("distance_m", r->distance_m);
    json_num("duration_s", r->duration_s);
    json_num("timer_s", r->timer_s);
    printf(",\"n_samples\":%zu,\"channels\":[", r->n_samples);
    int first = 1;
    for (int ch = 0; ch < BKS_NCHANNELS; ch++) {
      if (!(r->channels & (1u << ch))) continue;
      printf("%s\"%s\"", first ? "" : ",", bks_channel_name((bks_channel)ch));
      first = 0;
    }
    if (r->channels & BKS_RUN_CH_IMU_ACC) printf("%s\"imu_acc\"", first ? "" : ","), first = 0;
    if (r->channels & BKS_RUN_CH_IMU_GYR) printf("%s\"imu_gyr\"", first ? "" : ",");
    printf("],\"laps\":%u,\"warnings\":%u", r->nlaps, r->nwarnings);
    json_text("format", r->format);
    json_text("source", r->source_path);
    putchar('}');
  } else {
    if (c->count == 0) {
      printf("%6s  %-16s  %8s  %8s  %7s  %-4s  %-8s  %s\n", "id", "start (UTC)", "km", "time",
             "pace", "fmt", "dynamics", "source");
    }
    char km[16] = "-", time_s[32], pace[32] = "-";
    bks_time_hms(r->duration_s, time_s);
    if (isfinite(r->distance_m)) snprintf(km, sizeof km, "%.2f", r->distance_m / 1000);
    double moving = isfinite(r->timer_s) ? r->timer_s : r->duration_s;
    if (isfinite(r->distance_m) && r->distance_m > 100 && moving > 0) {
      bks_time_hms(moving / (r->distance_m / 1000), pace);
    }
    // the running dynamics the lumbar model can use
    int dyn = (r->channels & (1u << BKS_CH_VERT_OSC)) || (r->channels & (1u << BKS_CH_GCT));
    const char *dynamics = (r->channels & BKS_RUN_CH_IMU_ACC) ? "imu" : dyn ? "yes" : "-";
    const char *src = strrchr(r->source_path, '/');
    start[16] = '\0'; // minutes are enough in a table: 2026-09-06T07:30
    printf("%6lld  %-16s  %8s  %8s  %7s  %-4s  %-8s  %s\n", (long long)r->id, start, km, time_s,
           pace, r->format, dynamics, src ? src + 1 : r->source_path);
  }
  c->count++;
  return 0;
}

static int cmd_runs(const cli_global *g, int argc, char **argv) {
  if (g->help) return cli_help(&cli_runs_cmd);
  (void)argv;
  if (argc > 1) return cli_usage_error("runs", "unexpected argument '%s'", argv[1]);
  bks_store *s;
  int ex = cli_store_open(g, BKS_LIBRARY_NOCREATE, &s);
  if (ex) return ex;
  list_ctx c = {g->json, 0};
  if (g->json) fputs("[", stdout);
  int rc = s ? bks_library_runs(s, print_run, &c) : BKS_OK;
  if (rc < 0) {
    // the document so far is incomplete: end it so that stdout stays valid JSON, then fail
    if (g->json) fputs("]\n", stdout);
    fprintf(stderr, "backstride runs: %s\n", bks_library_errmsg(s));
    bks_library_close(s);
    return EXIT_IOERR;
  }
  if (g->json) {
    fputs(c.count ? "\n]\n" : "]\n", stdout);
  } else if (c.count == 0) {
    printf("no runs yet: import some with 'backstride import PATH'\n");
  }
  bks_library_close(s);
  return EXIT_OK;
}
