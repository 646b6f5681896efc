// backstride steps / live: IMU CSV samples through the streaming core (src/stream), one call of
// bks_stream_feed per sample; the lumbar model (src/model) adds the per-step lumbar load here on
// the host side.
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backstride/io.h"
#include "backstride/json.h"
#include "backstride/model.h"
#include "backstride/diary.h"
#include "backstride/stream.h"
#include "cli.h"
#include "json_cli.h"
#include "lumbar_cli.h"
#include "stream_cli.h"

static const char steps_usage[] =
    "usage: backstride steps --imu FILE [--rate HZ] [--units g|ms2] [--mass KG] [--height M]\n\n"
    "Steps from a raw lower-back (sacral) IMU recording, through the streaming core: JSON Lines on\n"
    "stdout (with or without --json), one JSON object per line per step with t_contact, t_toeoff\n"
    "(seconds from the start of the file),\n"
    "contact_s, flight_s (the flight after the contact), flight_mean_s (the mean of the flights\n"
    "before and after it, which the force estimate uses), peak_vgrf_bw (body weights; Morin et al.\n"
    "2005 sine-wave method with its published treadmill bias), step_freq_hz, loading_rate_bw_s,\n"
    "bounce_m, braking_g, side (\"left\", \"right\" or null), peak_acc_g, peak_fit_g (amplitude\n"
    "of the half sine fitted to the stance; 0 when none fitted), lumbar_peak_bw and\n"
    "lumbar_load_index (the lumbar model per step), flags. Method and its measured error:\n"
    "docs/stream.md.\n\n"
    "  --imu FILE       IMU CSV: a header line, t [s] (or --rate), ax, ay, az with gravity\n"
    "                   in any orientation, optional gx, gy, gz [deg/s]\n"
    "  --rate HZ        sample rate when the file has no t column\n"
    "  --units g|ms2    acceleration units (default: detected from the gravity magnitude)\n"
    "  --mass KG        body mass (for the lumbar load; default: the stored profile, else 70 kg)\n"
    "  --height M       height (default: the stored profile, else 1.75 m)\n\n"
    "Standing, walking and samples without a flight phase give no steps. exit codes: 0 ok; 64\n"
    "usage error; 65 the file is not a valid IMU CSV; 66 it cannot be opened. With --json, an\n"
    "error before the first step prints {\"error\": {\"code\", \"message\"}}; after it, the\n"
    "steps printed stay as they are.\n";

static const char live_usage[] =
    "usage: backstride live --imu FILE|- [--realtime] [--verbose] [--json] [--rate HZ] [--units g|ms2]\n\n"
    "Replay an IMU CSV (or standard input with -) through the streaming core and print its cues\n"
    "as they happen: \"quicker, shorter steps\" when the bounce stays high for 20 steps, a fatigue\n"
    "cue when contact time drifts up from the first 30 steps, and when each clears. At the end,\n"
    "on stderr: the steps, and left against right (contact time, peak force, symmetry index)\n"
    "over the steps whose side could be told. With a stored profile (backstride profile set),\n"
    "the per-step lumbar figures use its mass and height.\n\n"
    "  --imu FILE|-     IMU CSV (as for `backstride steps`); - reads standard input as it arrives\n"
    "                   (each sample is fed when its line is complete; without --units the\n"
    "                   first 1024 rows are read first, to detect the units)\n"
    "  --realtime       wait between samples as the time stamps say (default: as fast as possible)\n"
    "  --verbose        also print one line per step\n"
    "  --rate HZ, --units g|ms2   as for `backstride steps`\n"
    "  --json           JSON Lines (one object per line) on stdout instead of text: {\"event\":\"cue\",\n"
    "                   \"t\",\"cue\",\"on\",\"text\"}, with --verbose {\"event\":\"step\", the fields\n"
    "                   of `backstride steps`}, and last {\"event\":\"summary\",\"steps\",\"samples\",\n"
    "                   \"left\",\"right\" (each null or {\"steps\",\"contact_ms\",\"peak_vgrf_bw\"}),\n"
    "                   \"symmetry_index_pct\" (null or {\"contact\",\"peak_vgrf\"})}\n\n"
    "exit codes: 0 ok; 64 usage error; 65 not a valid IMU CSV; 66 cannot be opened; 74 read error.\n"
    "With --json, an error before the first line prints {\"error\": {\"code\", \"message\"}}; after\n"
    "it, the lines printed stay as they are.\n";

static int cmd_steps(const cli_global *g, int argc, char **argv);
static int cmd_live(const cli_global *g, int argc, char **argv);

const cli_cmd cli_steps_cmd = {"steps", cmd_steps,
                               "steps, contact and impact from a sacral IMU CSV", steps_usage};
const cli_cmd cli_live_cmd = {"live", cmd_live, "replay an IMU stream through the core, with cues",
                              live_usage};

typedef struct opts {
  const char *imu;
  bks_imu_opts io;
  double mass, height;
  int realtime, verbose;
} opts;

static int parse(const char *cmd, int argc, char **argv, opts *o, int live) {
  memset(o, 0, sizeof *o);
  o->mass = NAN;
  o->height = NAN;
  for (int i = 1; i < argc; i++) {
    const char *v = NULL;
    int r;
    if ((r = lcli_option(cmd, "--imu", argc, argv, &i, &v)) != 0) {
      if (r < 0) return EXIT_USAGE;
      o->imu = v;
    } else if ((r = lcli_option(cmd, "--rate", argc, argv, &i, &v)) != 0) {
      if (r < 0 || lcli_number(cmd, "--rate", v, &o->io.rate_hz)) return EXIT_USAGE;
      if (!(o->io.rate_hz > 0)) return cli_usage_error(cmd, "--rate must be above 0");
    } else if ((r = lcli_option(cmd, "--units", argc, argv, &i, &v)) != 0) {
      if (r < 0) return EXIT_USAGE;
      if (strcmp(v, "g") == 0) o->io.units = BKS_IMU_UNITS_G;
      else if (strcmp(v, "ms2") == 0) o->io.units = BKS_IMU_UNITS_MS2;
      else return cli_usage_error(cmd, "--units must be g or ms2, not '%s'", v);
    } else if (!live && (r = lcli_option(cmd, "--mass", argc, argv, &i, &v)) != 0) {
      if (r < 0 || lcli_number_in(cmd, "--mass", v, BKS_MASS_MIN_KG, BKS_MASS_MAX_KG, &o->mass)) {
        return EXIT_USAGE;
      }
    } else if (!live && (r = lcli_option(cmd, "--height", argc, argv, &i, &v)) != 0) {
      if (r < 0 ||
          lcli_number_in(cmd, "--height", v, BKS_HEIGHT_MIN_M, BKS_HEIGHT_MAX_M, &o->height)) {
        return EXIT_USAGE;
      }
    } else if (live && strcmp(argv[i], "--realtime") == 0) {
      o->realtime = 1;
    } else if (live && strcmp(argv[i], "--verbose") == 0) {
      o->verbose = 1;
    } else {
      return cli_unknown_arg(live ? &cli_live_cmd : &cli_steps_cmd, NULL, argv[i]);
    }
  }
  if (!o->imu) return cli_usage_error(cmd, "--imu FILE is required");
  return 0;
}

// the runner for the lumbar model: the options, else the stored profile; `steps` falls back to
// the model's defaults (and says so), `live` then runs without the lumbar model
static int resolve_runner(const cli_global *g, const char *cmd, opts *o, int live) {
  lcli_runner r;
  lcli_runner_init(&r);
  if (o->mass > 0) r.mass = o->mass;
  if (o->height > 0) r.height = o->height;
  int ex = lcli_runner_resolve(g, &r);
  if (ex) return ex;
  if (r.mass > 0) o->mass = r.mass;
  if (r.height > 0) o->height = r.height;
  if (!live && !(o->mass > 0)) {
    o->mass = 70; // bks_model's default runner, named in the note
    if (!g->quiet) {
      fprintf(stderr,
              "backstride %s: note: no --mass and no stored profile: the default 70 kg is used "
              "(give --mass, or store it with 'backstride profile set')\n",
              cmd);
    }
  }
  return 0;
}

typedef struct run_ctx {
  const char *cmd; // for messages
  const opts *o;
  bks_model model;
  int have_model;
  int steps_mode;
  int json; // live --json: events as JSON lines
  long nsteps;
  // per side (0 left, 1 right): steps told, and their summed contact time and peak force
  long side_n[2];
  double side_tc[2], side_pk[2];
  bks_buf line; // one JSON line at a time
} run_ctx;

// start a JSON line in c->line
static bks_json *line_begin(run_ctx *c, bks_json *w) {
  bks_buf_reset(&c->line);
  bks_json_init(w, &c->line);
  return w;
}

static void print_step(run_ctx *c, const bks_stream_step *st) {
  bks_json w;
  bks_step_result r;
  // the flight the peak used, so the lumbar load follows peak_vgrf_bw step by step
  int lumbar = c->have_model &&
               bks_model_step(&c->model, st->contact_s, st->flight_mean_s, NAN, 0, &r) == BKS_OK;
  bks_json_stream_step(line_begin(c, &w), st, c->json, lumbar ? &r : NULL);
  cli_json_print(c->cmd, &w, &c->line, stdout); // a write error shows in run()'s final check
}

static void handle(run_ctx *c, const bks_stream_event *ev) {
  if (ev->type == BKS_EV_STEP) {
    c->nsteps++;
    if (ev->step.side) {
      int k = ev->step.side > 0;
      c->side_n[k]++;
      c->side_tc[k] += ev->step.contact_s;
      c->side_pk[k] += ev->step.peak_vgrf_bw;
    }
    if (c->steps_mode || c->o->verbose) print_step(c, &ev->step);
  } else if (!c->steps_mode) {
    int on = ev->type == BKS_EV_CUE_ON;
    const char *text = bks_stream_cue_text(ev->cue, on);
    if (c->json) {
      bks_json w;
      bks_json_stream_cue(line_begin(c, &w), ev);
      cli_json_print(c->cmd, &w, &c->line, stdout);
    } else {
      printf("%8.2f s  %s %s: %s\n", ev->t, bks_stream_cue_name(ev->cue), on ? "on" : "off", text);
    }
  }
  fflush(stdout);
}

// Left against right, over the steps whose side could be told, as the symmetry index of Robinson,
// Herzog & Nigg 1987 (J Manipulative Physiol Ther 10:172): 100·|R − L| / ((R + L)/2), so 0 is
// symmetric whichever side is larger. Said only with at least 10 steps a side.
static double sym_index(double l, double r) { return 100.0 * fabs(r - l) / (0.5 * (r + l)); }

// mean contact time [s] and peak force [BW] of each side (0 left, 1 right); 0 when either side
// has fewer than 10 told steps
static int side_means(const run_ctx *c, double tc[2], double pk[2]) {
  if (c->side_n[0] < 10 || c->side_n[1] < 10) return 0;
  for (int k = 0; k < 2; k++) {
    tc[k] = c->side_tc[k] / (double)c->side_n[k];
    pk[k] = c->side_pk[k] / (double)c->side_n[k];
  }
  return 1;
}

// live --json's last line
static void json_summary(run_ctx *c, uint32_t samples) {
  double tc[2], pk[2];
  int told = side_means(c, tc, pk);
  bks_json w;
  line_begin(c, &w);
  bks_json_obj_begin(&w);
  bks_json_kv_str(&w, "event", "summary");
  bks_json_kv_int(&w, "steps", c->nsteps);
  bks_json_kv_uint(&w, "samples", samples);
  for (int k = 0; k < 2; k++) {
    bks_json_key(&w, k ? "right" : "left");
    if (told) {
      bks_json_obj_begin(&w);
      bks_json_kv_int(&w, "steps", c->side_n[k]);
      bks_json_kv_fixed(&w, "contact_ms", 1000 * tc[k], 1);
      bks_json_kv_fixed(&w, "peak_vgrf_bw", pk[k], 3);
      bks_json_obj_end(&w);
    } else {
      bks_json_null(&w);
    }
  }
  bks_json_key(&w, "symmetry_index_pct");
  if (told) {
    bks_json_obj_begin(&w);
    bks_json_kv_fixed(&w, "contact", sym_index(tc[0], tc[1]), 2);
    bks_json_kv_fixed(&w, "peak_vgrf", sym_index(pk[0], pk[1]), 2);
    bks_json_obj_end(&w);
  } else {
    bks_json_null(&w);
  }
  bks_json_obj_end(&w);
  cli_json_print(c->cmd, &w, &c->line, stdout);
}

static void side_summary(const char *cmd, const run_ctx *c) {
  double tc[2], pk[2];
  if (!side_means(c, tc, pk)) {
    fprintf(stderr, "backstride %s: left and right: not told (%ld and %ld steps told)\n", cmd,
            c->side_n[0], c->side_n[1]);
    return;
  }
  fprintf(stderr,
          "backstride %s: left/right (%ld/%ld steps told): contact %.0f/%.0f ms "
          "(symmetry index %.1f %%), peak force %.2f/%.2f BW (%.1f %%)\n",
          cmd, c->side_n[0], c->side_n[1], 1000 * tc[0], 1000 * tc[1], sym_index(tc[0], tc[1]),
          pk[0], pk[1], sym_index(pk[0], pk[1]));
}

static void sleep_until(double t_stream, const struct timespec *start) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  double el = (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) * 1e-9;
  double wait = t_stream - el;
  if (wait > 0.001) {
    struct timespec ts = {(time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
  }
}

// one sample through the core, paced when --realtime; events handled as they come
static void feed_one(run_ctx *c, bks_stream *s, double t, double t0, const struct timespec *start,
                     const float acc[3], const float gyr[3]) {
  if (c->o->realtime) sleep_until(t - t0, start);
  bks_stream_feed(s, t, acc[0], acc[1], acc[2], gyr[0], gyr[1], gyr[2]);
  bks_stream_event ev;
  while (bks_stream_next_event(s, &ev) == BKS_ITEM) handle(c, &ev);
}

// The core is built for 100-1000 Hz (docs/stream.md). Slower input still gives steps (its bins
// follow the sample interval), but every time in them is only as fine as that interval: say so.
static void rate_note(const char *cmd, const char *src, double hz) {
  if (hz > 0 && hz < 100) {
    fprintf(stderr,
            "backstride %s: %s: %.3g Hz is below the 100 Hz the streaming core is built "
            "for: steps are found, but contact and flight times are only as fine as the "
            "%.0f ms between samples\n",
            cmd, src, hz, 1000 / hz);
  }
}

//---- standard input, one line at a time ----
// A sensor piped into `live -` must be heard while it runs, so standard input is not read to its
// end first: each line goes through the IMU CSV reader's own line steps (bks_imu_csv_header,
// bks_imu_csv_row) as it arrives. Only the start is held back: the first STDIN_FIRST rows (10, as
// the whole-file reader needs to know the sample rate; STDIN_DETECT_ROWS when the units are to be
// told from the gravity magnitude, which needs more than a few samples of a run). The rate and
// units settled on those rows stay fixed, and every value is converted exactly as the whole-file
// reader converts it, so the steps are the same as from the file.
#define STDIN_FIRST 10
#define STDIN_DETECT_ROWS 1024
#define STDIN_LINE_MAX 4096 // the reader's own line limit

// the next line of standard input into buf: its length, 0 at the end of input, -1 for a line over
// STDIN_LINE_MAX bytes (the rest of it is not held)
static long read_line(char *buf, size_t cap) {
  if (!fgets(buf, (int)cap, stdin)) return 0;
  size_t n = strlen(buf);
  if (n > STDIN_LINE_MAX && buf[n - 1] != '\n') return -1;
  return (long)n;
}

typedef struct held {
  double *t;
  float *acc[3], *gyr[3];
  size_t n;
} held;

static void held_free(held *h) {
  free(h->t);
  for (int d = 0; d < 3; d++) free(h->acc[d]), free(h->gyr[d]);
}

static int stdin_error(const char *cmd, unsigned long line, int rc, const char *err) {
  if (line) cli_err("backstride %s: stdin: line %lu: %s", cmd, line, err);
  else cli_err("backstride %s: stdin: %s", cmd, err);
  return rc == BKS_E_NOMEM ? EXIT_SOFTWARE : rc == BKS_E_INVAL ? EXIT_USAGE : EXIT_DATAERR;
}

static int run_stdin(const char *cmd, const opts *o, run_ctx *c, bks_stream *s,
                     const struct timespec *start) {
  static char line[STDIN_LINE_MAX + 2];
  char err[200];
  unsigned long lineno = 0;
  long len;
  bks_imu_csv csv;
  int rc = BKS_MORE;
  while (rc == BKS_MORE && (len = read_line(line, sizeof line)) != 0) {
    lineno++;
    if (len < 0) return stdin_error(cmd, lineno, BKS_E_LIMIT, "longer than 4096 bytes");
    rc = bks_imu_csv_header(&csv, line, (size_t)len, &o->io, err, sizeof err);
  }
  if (rc == BKS_MORE)
    return stdin_error(cmd, 0, BKS_E_FORMAT, "no header line: the input is empty");
  if (rc < 0) return stdin_error(cmd, lineno, rc, err);

  // as the whole-file reader: given units are applied while parsing; detected ones afterwards,
  // to the float of the value as written
  int detect = o->io.units == BKS_IMU_UNITS_DETECT;
  double scale = o->io.units == BKS_IMU_UNITS_G ? 9.80665 : 1.0, to_ms2 = 1.0, base = 0;
  size_t first = detect ? STDIN_DETECT_ROWS : STDIN_FIRST, k = 0;
  held h = {0};
  h.t = malloc(first * sizeof *h.t);
  int ok = h.t != NULL;
  for (int d = 0; d < 3; d++) {
    ok &= (h.acc[d] = malloc(first * sizeof(float))) != NULL;
    ok &= (h.gyr[d] = malloc(first * sizeof(float))) != NULL;
  }
  if (!ok) {
    held_free(&h);
    return EXIT_SOFTWARE;
  }
  int ex = EXIT_OK, started = 0;
  unsigned long last_row_line = lineno;
  for (;;) {
    double t = NAN;
    float acc[3], gyr[3];
    int have = 0, eof = 1;
    if ((len = read_line(line, sizeof line)) != 0) {
      eof = 0;
      lineno++;
      if (len < 0) {
        ex = stdin_error(cmd, lineno, BKS_E_LIMIT, "longer than 4096 bytes");
        break;
      }
      rc = bks_imu_csv_row(&csv, line, (size_t)len, scale, &t, acc, gyr, err, sizeof err);
      if (rc == BKS_MORE) continue;
      if (rc < 0) {
        ex = stdin_error(cmd, lineno, rc, err);
        break;
      }
      if (!csv.has_t) t = (double)k / o->io.rate_hz;
      have = 1;
      last_row_line = lineno;
    }
    if (!started && have && h.n < first) { // hold the first rows back
      h.t[h.n] = t;
      for (int d = 0; d < 3; d++) h.acc[d][h.n] = acc[d], h.gyr[d][h.n] = gyr[d];
      h.n++;
      k++;
      if (h.n < first) continue;
      have = 0; // this row is held: start with it below
    }
    if (!started) {
      // the held rows settle the rate check and the units, then go through the core
      if (h.n < STDIN_FIRST) {
        snprintf(err, sizeof err, "only %zu data rows: at least %d are needed", h.n, STDIN_FIRST);
        ex = stdin_error(cmd, last_row_line, BKS_E_CORRUPT, err);
        break;
      }
      double rate = o->io.rate_hz;
      if (csv.has_t && (rc = bks_imu_rate_from_t(h.t, h.n, &rate, err, sizeof err)) < 0) {
        ex = stdin_error(cmd, 0, rc, err);
        break;
      }
      if (csv.has_t && o->io.rate_hz > 0 && fabs(rate - o->io.rate_hz) > 0.05 * o->io.rate_hz) {
        // the whole-file reader's warning, in the same words
        fprintf(stderr,
                "backstride %s: stdin: the given rate %g Hz disagrees with t (%.4g Hz): t "
                "is used\n",
                cmd, o->io.rate_hz, rate);
      }
      rate_note(cmd, "stdin", rate);
      if (detect && (rc = bks_imu_detect_units((const float *const *)h.acc, h.n, &to_ms2, err,
                                               sizeof err)) < 0) {
        ex = stdin_error(cmd, 0, rc, err);
        break;
      }
      base = bks_imu_time_base(h.t[0], csv.has_t);
      for (size_t i = 0; i < h.n; i++) {
        float ha[3], hg[3];
        for (int d = 0; d < 3; d++) {
          ha[d] = detect ? (float)(h.acc[d][i] * to_ms2) : h.acc[d][i];
          hg[d] = csv.gyro ? h.gyr[d][i] : NAN;
        }
        feed_one(c, s, h.t[i] - base, h.t[0] - base, start, ha, hg);
      }
      started = 1;
    }
    if (eof) break;
    if (!have) continue; // the row that completed the held ones
    for (int d = 0; d < 3; d++) {
      if (detect) acc[d] = (float)(acc[d] * to_ms2);
      if (!csv.gyro) gyr[d] = NAN;
    }
    feed_one(c, s, t - base, h.t[0] - base, start, acc, gyr);
    k++;
  }
  if (ex == EXIT_OK && ferror(stdin)) {
    cli_err("backstride %s: cannot read standard input", cmd);
    ex = EXIT_IOERR;
  }
  held_free(&h);
  return ex;
}

static int run(const char *cmd, const opts *o, int steps_mode, int json) {
  int from_stdin = strcmp(o->imu, "-") == 0;
  bks_read_result rr;
  const bks_activity *a = NULL;
  if (!from_stdin) {
    cli_file f;
    int rc = cli_file_open(o->imu, &f);
    if (rc) return rc;
    int st = bks_read_imu_csv(f.data, f.size, o->imu, &o->io, &rr);
    cli_file_close(&f);
    if (st < 0 || rr.nact == 0) {
      cli_err("backstride %s: %s: %s", cmd, o->imu, rr.err[0] ? rr.err : "not an IMU CSV");
      bks_read_result_deinit(&rr);
      return st == BKS_E_NOMEM ? EXIT_SOFTWARE : (st == BKS_E_INVAL ? EXIT_USAGE : EXIT_DATAERR);
    }
    a = &rr.act[0];
    // what the reader found odd and did about it (a --rate that t contradicts, units far from
    // gravity, time going back): the person running this should see it
    for (unsigned i = 0; i < a->nwarnings; i++)
      fprintf(stderr, "backstride %s: %s: %s\n", cmd, o->imu, a->warnings[i]);
    rate_note(cmd, o->imu, a->imu_rate_hz);
  }
  run_ctx c = {0};
  c.cmd = cmd;
  c.o = o;
  bks_buf_init(&c.line);
  c.steps_mode = steps_mode;
  c.json = json && !steps_mode; // steps prints JSON lines either way
  if (o->mass > 0) {
    lcli_runner r;
    lcli_runner_init(&r);
    r.mass = o->mass;
    if (o->height > 0) r.height = o->height;
    char defaults[64];
    if (lcli_model_init(cmd, &r, &c.model, defaults, sizeof defaults) == 0) c.have_model = 1;
  }
  static bks_stream s; // the core: one fixed-size state
  bks_stream_init(&s, NULL);
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  int rc = EXIT_OK;
  if (from_stdin) {
    rc = run_stdin(cmd, o, &c, &s, &start);
  } else {
    for (size_t i = 0; i < a->n; i++) {
      float acc[3] = {a->acc[0][i], a->acc[1][i], a->acc[2][i]};
      float gyr[3] = {a->gyr[0] ? a->gyr[0][i] : NAN, a->gyr[1] ? a->gyr[1][i] : NAN,
                      a->gyr[2] ? a->gyr[2][i] : NAN};
      feed_one(&c, &s, a->t[i], a->t[0], &start, acc, gyr);
    }
    bks_read_result_deinit(&rr);
  }
  bks_stream_event ev;
  bks_stream_finish(&s);
  while (bks_stream_next_event(&s, &ev) == BKS_ITEM) handle(&c, &ev);
  uint32_t ns, nskip, ngaps, ndrop;
  bks_stream_counts(&s, &ns, &nskip, &ngaps, &ndrop);
  if (nskip || ngaps) {
    fprintf(stderr,
            "backstride %s: %u samples skipped (time not increasing or not a number), "
            "%u gaps\n",
            cmd, nskip, ngaps);
  }
  if (!steps_mode && rc == EXIT_OK) {
    fprintf(stderr, "backstride %s: %ld steps in %u samples\n", cmd, c.nsteps, ns);
    side_summary(cmd, &c);
    if (c.json) json_summary(&c, ns);
  }
  bks_buf_deinit(&c.line);
  if (fflush(stdout) != 0 || ferror(stdout)) return EXIT_IOERR;
  return rc;
}

static int cmd_steps(const cli_global *g, int argc, char **argv) {
  if (g->help) return cli_help(&cli_steps_cmd);
  opts o;
  int rc = parse("steps", argc, argv, &o, 0);
  if (!rc) rc = resolve_runner(g, "steps", &o, 0);
  return rc ? rc : run("steps", &o, 1, g->json);
}

static int cmd_live(const cli_global *g, int argc, char **argv) {
  if (g->help) return cli_help(&cli_live_cmd);
  opts o;
  int rc = parse("live", argc, argv, &o, 1);
  if (!rc) rc = resolve_runner(g, "live", &o, 1);
  return rc ? rc : run("live", &o, 0, g->json);
}
