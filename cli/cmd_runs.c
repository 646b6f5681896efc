// backstride runs: every run in the library, oldest first.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/units.h"
#include "json_cli.h"
#include "store_cli.h"

static const char runs_usage[] =
    "usage: backstride runs [--json]\n"
    "       backstride runs rename ID NAME\n"
    "       backstride runs delete ID\n\n"
    "List every run in the library (--db), oldest first; there is no limit. The table shows the\n"
    "id (for 'backstride show ID' and 'backstride analyze ID'), start (the runner's local time,\n"
    "with its offset from UTC), distance, elapsed and moving time, pace (over the moving time;\n"
    "over the elapsed time when the file records no moving time), the sensor channels present\n"
    "and the source file.\n\n"
    "--json  an array of objects: id, start_utc (ISO 8601, UTC, with Z), start_local (ISO 8601\n"
    "        with the offset of the runner's time zone), sport, sport_name,\n"
    "        sport_guessed, name, device, distance_m, duration_s (elapsed), timer_s and moving_s\n"
    "        (moving, null when not recorded), n_samples, channels\n"
    "        (names), laps, warnings (count), format, source (file path), shoes (the pair it\n"
    "        counts for, or null)\n\n"
    "rename  give a run your own name (shown in --json as name)\n"
    "delete  delete a run with its samples and results; its file is remembered, so importing it\n"
    "        again does not bring the run back ('backstride import --restore-deleted' does)\n\n"
    "exit codes: 0 ok (an empty or missing library lists nothing), 64 usage, 65 the library is\n"
    "not a backstride library or is from a newer version, 74 the library cannot be read\n";

static int cmd_runs(const cli_global *g, int argc, char **argv);

const cli_cmd cli_runs_cmd = {"runs", cmd_runs, "list every run in the library", runs_usage};

typedef struct list_ctx {
  bks_json *w; // --json: the array the runs go into, else NULL
  unsigned count;
} list_ctx;

static void json_run(bks_json *w, const bks_run_info *r, const char *start) {
  char local[40];
  bks_date_iso_local(r->start_utc, local);
  bks_json_obj_begin(w);
  bks_json_kv_int(w, "id", r->id);
  bks_json_kv_str(w, "start_utc", start);
  bks_json_kv_str(w, "start_local", local);
  bks_json_kv_str(w, "sport", r->sport);
  bks_json_kv_str(w, "sport_name", r->sport_name);
  bks_json_kv_bool(w, "sport_guessed", r->sport_guessed);
  bks_json_kv_str(w, "name", r->name);
  bks_json_kv_str(w, "device", r->device);
  bks_json_kv_num(w, "distance_m", r->distance_m);
  bks_json_kv_num(w, "duration_s", r->duration_s);
  bks_json_kv_num(w, "timer_s", r->timer_s);
  bks_json_kv_num(w, "moving_s", r->timer_s);
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
  if (r->shoe_name[0]) {
    bks_json_kv_str(w, "shoes", r->shoe_name);
  } else {
    bks_json_kv_null(w, "shoes");
  }
  bks_json_obj_end(w);
}

static int print_run(const bks_run_info *r, void *vctx) {
  list_ctx *c = vctx;
  char start[32];
  bks_date_iso_utc(r->start_utc, start);
  if (c->w) {
    json_run(c->w, r, start);
  } else {
    if (c->count == 0) {
      printf("%6s  %-22s  %8s  %8s  %8s  %7s  %-4s  %-8s  %s\n", "id", "start (local)",
             bks_units_name(), "elapsed", "moving", "pace", "fmt", "dynamics", "source");
    }
    char km[16] = "-", time_s[32], moving_s[32] = "-", pace[32] = "-";
    bks_date_hms(r->duration_s, time_s);
    if (isfinite(r->timer_s)) bks_date_hms(r->timer_s, moving_s);
    if (isfinite(r->distance_m)) snprintf(km, sizeof km, "%.2f", bks_units_dist(r->distance_m));
    // pace over moving time, the elapsed time when the file has none (then "moving" shows -)
    bks_units_pace(isfinite(r->timer_s) ? r->timer_s : r->duration_s, r->distance_m, pace);
    // the running dynamics the lumbar model can use
    int dyn = (r->channels & (1u << BKS_CH_VERT_OSC)) || (r->channels & (1u << BKS_CH_GCT));
    const char *dynamics = (r->channels & BKS_RUN_CH_IMU_ACC) ? "imu" : dyn ? "yes" : "-";
    const char *src = strrchr(r->source_path, '/');
    // minutes are enough in a table, with the offset: 2026-09-06 09:30 +02:00
    char local[40], shown[40], safe[1024];
    bks_date_iso_local(r->start_utc, local);
    snprintf(shown, sizeof shown, "%.10s %.5s %s", local, local + 11, local + 19);
    printf("%6lld  %-22s  %8s  %8s  %8s  %7s  %-4s  %-8s  %s\n", (long long)r->id, shown, km,
           time_s, moving_s, pace, r->format, dynamics,
           cli_term(src ? src + 1 : r->source_path, safe, sizeof safe));
  }
  c->count++;
  return 0;
}

// runs rename ID NAME | runs delete ID
static int runs_change(const cli_global *g, int argc, char **argv) {
  int rename = strcmp(argv[1], "rename") == 0;
  const char *C = rename ? "runs rename" : "runs delete";
  if (argc != (rename ? 4 : 3)) {
    return cli_usage_error(C, rename ? "give a run ID and a NAME" : "give one run ID");
  }
  char *end;
  long long id = strtoll(argv[2], &end, 10);
  if (*end || end == argv[2] || id <= 0) {
    return cli_usage_error(C, "'%s' is not a run id (a whole number; see 'backstride runs')",
                           argv[2]);
  }
  if (rename && (!argv[3][0] || strlen(argv[3]) > 127)) {
    return cli_usage_error(C, "a NAME of 1 to 127 bytes");
  }
  bks_store *s;
  int ex = cli_store_open(g, BKS_LIBRARY_NOCREATE, &s);
  if (ex) return ex;
  if (!s) return cli_usage_error(C, "no run has id %lld (the library is empty)", id);
  int rc = rename ? bks_library_run_rename(s, id, argv[3]) : bks_library_run_delete(s, id);
  if (rc == BKS_END) {
    cli_err("backstride %s: %s (see 'backstride runs')", C, bks_library_errmsg(s));
    bks_library_close(s);
    return EXIT_USAGE;
  }
  if (rc < 0) {
    cli_err("backstride %s: %s", C, bks_library_errmsg(s));
    bks_library_close(s);
    return EXIT_IOERR;
  }
  bks_library_close(s);
  if (g->json) return cli_json_print_kv_str(C, rename ? "renamed" : "deleted", argv[2], stdout);
  if (!g->quiet) {
    fprintf(stderr, "run %lld %s\n", id, rename ? "renamed" : "deleted (with its samples)");
  }
  return EXIT_OK;
}

static int cmd_runs(const cli_global *g, int argc, char **argv) {
  if (g->help) return cli_help(&cli_runs_cmd);
  if (argc > 1 && (strcmp(argv[1], "rename") == 0 || strcmp(argv[1], "delete") == 0)) {
    return runs_change(g, argc, argv);
  }
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
