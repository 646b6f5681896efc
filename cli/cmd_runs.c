// backstride runs: every run in the library, oldest first.
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json_cli.h"
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
  bks_json *w; // --json: the array the runs go into, else NULL
  unsigned count;
} list_ctx;

static void json_run(bks_json *w, const bks_run_info *r, const char *start) {
  bks_json_obj_begin(w);
  bks_json_kv_int(w, "id", r->id);
  bks_json_kv_str(w, "start_utc", start);
  bks_json_kv_str(w, "sport", r->sport);
  bks_json_kv_str(w, "sport_name", r->sport_name);
  bks_json_kv_bool(w, "sport_guessed", r->sport_guessed);
  bks_json_kv_str(w, "name", r->name);
  bks_json_kv_str(w, "device", r->device);
  bks_json_kv_num(w, "distance_m", r->distance_m);
  bks_json_kv_num(w, "duration_s", r->duration_s);
  bks_json_kv_num(w, "timer_s", r->timer_s);
  bks_json_kv_uint(w, "n_samples", r->n_samples);
  bks_json_key(w, "channels");
  bks_json_arr_begin(w);
  for (int ch = 0; ch < BKS_NCHANNELS; ch++) {
    if (r->channels & (1u << ch)) bks_json_str(w, bks_channel_name((bks_channel)ch));
  }
  if (r->channels & BKS_RUN_CH_IMU_ACC) bks_json_str(w, "imu_acc");
  if (r->channels & BKS_RUN_CH_IMU_GYR) bks_json_str(w, "imu_gyr");
  bks_json_arr_end(w);
  bks_json_kv_uint(w, "laps", r->nlaps);
  bks_json_kv_uint(w, "warnings", r->nwarnings);
  bks_json_kv_str(w, "format", r->format);
  bks_json_kv_str(w, "source", r->source_path);
  bks_json_obj_end(w);
}

static int print_run(const bks_run_info *r, void *vctx) {
  list_ctx *c = vctx;
  char start[32];
  bks_time_iso_utc(r->start_utc, start);
  if (c->w) {
    json_run(c->w, r, start);
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
  if (argc > 1) return cli_unknown_arg(&cli_runs_cmd, NULL, argv[1]);
  bks_store *s;
  int ex = cli_store_open(g, BKS_LIBRARY_NOCREATE, &s);
  if (ex) return ex;
  // --json: one array, a run a line
  bks_buf b;
  bks_buf_init(&b);
  bks_json w;
  bks_json_init(&w, &b);
  list_ctx c = {g->json ? &w : NULL, 0};
  if (c.w) bks_json_arr_begin_lines(&w);
  int rc = s ? bks_library_runs(s, print_run, &c) : BKS_OK;
  if (c.w) {
    // when reading failed, the runs so far still make a valid document
    bks_json_arr_end(&w);
    ex = cli_json_print("runs", &w, &b, stdout);
  }
  bks_buf_deinit(&b);
  if (rc < 0) {
    cli_err("backstride runs: %s", bks_library_errmsg(s));
    bks_library_close(s);
    return EXIT_IOERR;
  }
  if (!g->json && c.count == 0) {
    printf("no runs yet: import some with 'backstride import PATH'\n");
  }
  bks_library_close(s);
  return ex;
}
