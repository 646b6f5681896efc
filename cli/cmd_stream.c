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
#include "backstride/model.h"
#include "backstride/stream.h"
#include "cli.h"
#include "lumbar_cli.h"
#include "stream_cli.h"

static const char steps_usage[] =
    "usage: backstride steps --imu FILE [--rate HZ] [--units g|ms2] --mass KG [--height M]\n\n"
    "Steps from a raw lower-back (sacral) IMU recording, through the streaming core: one JSON\n"
    "object per line per step with t_contact, t_toeoff (seconds from the start of the file),\n"
    "contact_s, flight_s, peak_vgrf_bw (body weights; Morin et al. 2005 sine-wave method with its\n"
    "published treadmill bias), step_freq_hz, loading_rate_bw_s, bounce_m, braking_g, side\n"
    "(\"left\", \"right\" or null), peak_acc_g, lumbar_peak_bw and lumbar_load_index (the lumbar\n"
    "model per step), flags. Method and its measured error: docs/stream.md.\n\n"
    "  --imu FILE       IMU CSV (DESIGN.md): header, t [s] (or --rate), ax, ay, az with gravity\n"
    "                   in any orientation, optional gx, gy, gz [deg/s]\n"
    "  --rate HZ        sample rate when the file has no t column\n"
    "  --units g|ms2    acceleration units (default: detected from the gravity magnitude)\n"
    "  --mass KG        body mass (for the lumbar load)\n"
    "  --height M       height (default 1.75 m)\n\n"
    "Standing, walking and samples without a flight phase give no steps. exit codes: 0 ok; 64\n"
    "usage error; 65 the file is not a valid IMU CSV; 66 it cannot be opened\n";

static const char live_usage[] =
    "usage: backstride live --imu FILE|- [--realtime] [--verbose] [--rate HZ] [--units g|ms2]\n\n"
    "Replay an IMU CSV (or standard input with -) through the streaming core and print its cues\n"
    "as they happen: \"quicker, shorter steps\" when the bounce stays high for 20 steps, a fatigue\n"
    "cue when contact time drifts up from the first 30 steps, and when each clears.\n\n"
    "  --imu FILE|-     IMU CSV (DESIGN.md contract); - reads standard input\n"
    "  --realtime       wait between samples as the time stamps say (default: as fast as possible)\n"
    "  --verbose        also print one line per step\n"
    "  --rate HZ, --units g|ms2   as for `backstride steps`\n\n"
    "exit codes: 0 ok; 64 usage error; 65 not a valid IMU CSV; 66 cannot be opened; 74 read error\n";

static int cmd_steps(const cli_global *g, int argc, char **argv);
static int cmd_live(const cli_global *g, int argc, char **argv);

const cli_cmd cli_steps_cmd = {"steps", cmd_steps, "steps, contact and impact from a sacral IMU CSV",
                               steps_usage};
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
      if (r < 0 || lcli_number(cmd, "--mass", v, &o->mass)) return EXIT_USAGE;
      if (!(o->mass > 0 && o->mass < 500)) return cli_usage_error(cmd, "--mass must be a body mass in kg");
    } else if (!live && (r = lcli_option(cmd, "--height", argc, argv, &i, &v)) != 0) {
      if (r < 0 || lcli_number(cmd, "--height", v, &o->height)) return EXIT_USAGE;
      if (!(o->height > 0.5 && o->height < 3)) return cli_usage_error(cmd, "--height must be in metres");
    } else if (live && strcmp(argv[i], "--realtime") == 0) {
      o->realtime = 1;
    } else if (live && strcmp(argv[i], "--verbose") == 0) {
      o->verbose = 1;
    } else {
      return cli_usage_error(cmd, "unknown argument '%s'", argv[i]);
    }
  }
  if (!o->imu) return cli_usage_error(cmd, "--imu FILE is required");
  if (!live && !(o->mass > 0)) return cli_usage_error(cmd, "--mass KG is required");
  return 0;
}

// the whole input: a file (mapped) or standard input
static int load(const char *cmd, const char *path, cli_file *f, uint8_t **owned) {
  *owned = NULL;
  if (strcmp(path, "-") != 0) return cli_file_open(path, f);
  size_t cap = 1 << 16, n = 0;
  uint8_t *buf = malloc(cap);
  if (!buf) return EXIT_SOFTWARE;
  for (;;) {
    if (n == cap) {
      uint8_t *nb = cap < ((size_t)1 << 31) ? realloc(buf, cap * 2) : NULL;
      if (!nb) {
        free(buf);
        fprintf(stderr, "backstride %s: standard input is too large\n", cmd);
        return EXIT_IOERR;
      }
      buf = nb;
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - n, stdin);
    n += got;
    if (got == 0) break;
  }
  if (ferror(stdin)) {
    free(buf);
    fprintf(stderr, "backstride %s: cannot read standard input\n", cmd);
    return EXIT_IOERR;
  }
  f->data = buf;
  f->size = n;
  f->mapped = 0;
  *owned = buf;
  return 0;
}

typedef struct run_ctx {
  const opts *o;
  bks_model model;
  int have_model;
  int steps_mode;
  long nsteps;
} run_ctx;

static void print_step(run_ctx *c, const bks_stream_step *st) {
  FILE *o = stdout;
  fprintf(o, "{\"t_contact\":%.4f,\"t_toeoff\":%.4f,\"contact_s\":%.4f,\"flight_s\":%.4f,"
             "\"peak_vgrf_bw\":%.3f,\"step_freq_hz\":%.3f,\"loading_rate_bw_s\":%.1f,"
             "\"bounce_m\":%.4f,\"braking_g\":%.3f,\"side\":%s,\"peak_acc_g\":%.3f",
          st->t_contact, st->t_toeoff, (double)st->contact_s, (double)st->flight_s,
          (double)st->peak_vgrf_bw, (double)st->step_freq_hz, (double)st->loading_rate_bw_s,
          (double)st->bounce_m, (double)st->braking_g,
          st->side > 0 ? "\"right\"" : (st->side < 0 ? "\"left\"" : "null"),
          (double)st->peak_acc_g);
  bks_step_result r;
  if (c->have_model && bks_model_step(&c->model, st->contact_s, st->flight_s, NAN, 0, &r) == BKS_OK) {
    fprintf(o, ",\"lumbar_peak_bw\":%.3f,\"lumbar_shear_bw\":%.3f,\"lumbar_load_index\":%.3f",
            r.lumbar_comp_bw, r.lumbar_shear_bw, r.lli);
  }
  fputs(",\"flags\":[", o);
  int first = 1;
  if (st->flags & BKS_STEP_SATURATED) fputs("\"saturated\"", o), first = 0;
  if (st->flags & BKS_STEP_AFTER_GAP) fputs(first ? "\"after_gap\"" : ",\"after_gap\"", o), first = 0;
  if (st->flags & BKS_STEP_FLIGHT_EST) fputs(first ? "\"flight_estimated\"" : ",\"flight_estimated\"", o);
  fputs("]}\n", o);
}

static void handle(run_ctx *c, const bks_stream_event *ev) {
  if (ev->type == BKS_EV_STEP) {
    c->nsteps++;
    if (c->steps_mode || c->o->verbose) print_step(c, &ev->step);
  } else if (!c->steps_mode) {
    int on = ev->type == BKS_EV_CUE_ON;
    printf("%8.2f s  %s %s: %s\n", ev->t, bks_stream_cue_name(ev->cue), on ? "on" : "off",
           bks_stream_cue_text(ev->cue, on));
  }
  fflush(stdout);
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

static int run(const char *cmd, const opts *o, int steps_mode) {
  cli_file f;
  uint8_t *owned;
  int rc = load(cmd, o->imu, &f, &owned);
  if (rc) return rc;
  bks_read_result rr;
  int st = bks_read_imu_csv(f.data, f.size, strcmp(o->imu, "-") ? o->imu : "stdin", &o->io, &rr);
  if (owned) free(owned);
  else cli_file_close(&f);
  if (st < 0 || rr.nact == 0) {
    fprintf(stderr, "backstride %s: %s: %s\n", cmd, o->imu, rr.err[0] ? rr.err : "not an IMU CSV");
    bks_read_result_deinit(&rr);
    return st == BKS_E_NOMEM ? EXIT_SOFTWARE : (st == BKS_E_INVAL ? EXIT_USAGE : EXIT_DATAERR);
  }
  const bks_activity *a = &rr.act[0];
  run_ctx c = {0};
  c.o = o;
  c.steps_mode = steps_mode;
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
  bks_stream_event ev;
  for (size_t i = 0; i < a->n; i++) {
    double t = a->t[i];
    if (o->realtime) sleep_until(t - a->t[0], &start);
    float gx = a->gyr[0] ? a->gyr[0][i] : NAN, gy = a->gyr[1] ? a->gyr[1][i] : NAN,
          gz = a->gyr[2] ? a->gyr[2][i] : NAN;
    bks_stream_feed(&s, t, a->acc[0][i], a->acc[1][i], a->acc[2][i], gx, gy, gz);
    while (bks_stream_next_event(&s, &ev) == BKS_ITEM) handle(&c, &ev);
  }
  bks_stream_finish(&s);
  while (bks_stream_next_event(&s, &ev) == BKS_ITEM) handle(&c, &ev);
  uint32_t ns, nskip, ngaps, ndrop;
  bks_stream_counts(&s, &ns, &nskip, &ngaps, &ndrop);
  if (nskip || ngaps) {
    fprintf(stderr, "backstride %s: %u samples skipped (time not increasing or not a number), "
                    "%u gaps\n", cmd, nskip, ngaps);
  }
  if (!steps_mode) {
    fprintf(stderr, "backstride %s: %ld steps in %u samples\n", cmd, c.nsteps, ns);
  }
  bks_read_result_deinit(&rr);
  if (fflush(stdout) != 0 || ferror(stdout)) return EXIT_IOERR;
  return EXIT_OK;
}

static int cmd_steps(const cli_global *g, int argc, char **argv) {
  if (g->help) return cli_help(&cli_steps_cmd);
  opts o;
  int rc = parse("steps", argc, argv, &o, 0);
  return rc ? rc : run("steps", &o, 1);
}

static int cmd_live(const cli_global *g, int argc, char **argv) {
  if (g->help) return cli_help(&cli_live_cmd);
  opts o;
  int rc = parse("live", argc, argv, &o, 1);
  return rc ? rc : run("live", &o, 0);
}
