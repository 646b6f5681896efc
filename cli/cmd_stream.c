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
    "  --imu FILE|-     IMU CSV (DESIGN.md contract); - reads standard input as it arrives\n"
    "                   (each sample is fed when its line is complete; without --units the\n"
    "                   first 1024 rows are read first, to detect the units)\n"
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

// one sample through the core, paced when --realtime; events handled as they come
static void feed_one(run_ctx *c, bks_stream *s, double t, double t0, const struct timespec *start,
                     const float acc[3], const float gyr[3]) {
  if (c->o->realtime) sleep_until(t - t0, start);
  bks_stream_feed(s, t, acc[0], acc[1], acc[2], gyr[0], gyr[1], gyr[2]);
  bks_stream_event ev;
  while (bks_stream_next_event(s, &ev) == BKS_ITEM) handle(c, &ev);
}

//---- standard input, one line at a time ----
// A sensor piped into `live -` must be heard while it runs, so standard input is not read to its
// end first. The IMU CSV reader (src/io) parses the header and the first rows together (the first
// STDIN_DETECT_ROWS rows when the units are to be detected from the gravity magnitude, which needs
// more than a few samples of a run; else STDIN_WIN), then every new line together with the
// STDIN_WIN - 1 rows before it (the reader needs 10 rows to know the sample rate), so each sample
// reaches the core as soon as its line has arrived. The units settled on the first rows stay fixed.
#define STDIN_WIN 10
#define STDIN_DETECT_ROWS 1024
#define STDIN_LINE_MAX 4096 // the reader's own line limit

static int blank_or_comment(const char *l) {
  while (*l == ' ' || *l == '\t' || *l == '\r' || *l == '\n') l++;
  return *l == 0 || *l == '#';
}

// header + rows (oldest first) as one text (malloc'd), or NULL
static char *rows_text(const char *hdr, char *const *rows, size_t nrows, size_t *len) {
  size_t n = strlen(hdr);
  for (size_t i = 0; i < nrows; i++) n += strlen(rows[i]);
  char *buf = malloc(n + 1);
  if (!buf) return NULL;
  size_t k = strlen(hdr);
  memcpy(buf, hdr, k);
  for (size_t i = 0; i < nrows; i++) {
    size_t m = strlen(rows[i]);
    memcpy(buf + k, rows[i], m);
    k += m;
  }
  buf[k] = 0;
  *len = k;
  return buf;
}

// parse header + rows; on failure print the reader's message with the input line it names
// (`rown`: each row's line number in the input) and return the exit code
static int parse_rows(const char *cmd, const char *hdr, char *const *rows,
                      const unsigned long *rown, size_t nrows, const bks_imu_opts *io,
                      bks_read_result *rr) {
  size_t len;
  char *buf = rows_text(hdr, rows, nrows, &len);
  if (!buf) return EXIT_SOFTWARE;
  int st = bks_read_imu_csv((const uint8_t *)buf, len, "stdin", io, rr);
  free(buf);
  if (st >= 0 && rr->nact > 0) return 0;
  // the reader counts lines in the text above (1: header, 2: the first row): name the input's
  // line; a problem of the whole window (its timing, its units) is named by its newest line
  unsigned long lineno = rown[nrows - 1];
  if (rr->err_line >= 2 && rr->err_line - 2 < nrows) lineno = rown[rr->err_line - 2];
  const char *msg = rr->err[0] ? rr->err : "not an IMU CSV";
  if (strncmp(msg, "line ", 5) == 0 && strchr(msg, ':')) msg = strchr(msg, ':') + 2;
  fprintf(stderr, "backstride %s: stdin: line %lu: %s\n", cmd, lineno, msg);
  bks_read_result_deinit(rr);
  return st == BKS_E_NOMEM ? EXIT_SOFTWARE : (st == BKS_E_INVAL ? EXIT_USAGE : EXIT_DATAERR);
}

static void feed_row(run_ctx *c, bks_stream *s, const struct timespec *start, const bks_activity *a,
                     size_t i, double t) {
  float acc[3] = {a->acc[0][i], a->acc[1][i], a->acc[2][i]};
  float gyr[3] = {a->gyr[0] ? a->gyr[0][i] : NAN, a->gyr[1] ? a->gyr[1][i] : NAN,
                  a->gyr[2] ? a->gyr[2][i] : NAN};
  feed_one(c, s, t, 0, start, acc, gyr);
}

// the next line of standard input as a new string ending in '\n' (one is added to a last line
// without it): 1, 0 at the end of input, -1 for a line over STDIN_LINE_MAX bytes (never held
// whole in memory), -2 out of memory
static int read_line(char **out) {
  static char buf[STDIN_LINE_MAX + 2];
  *out = NULL;
  if (!fgets(buf, sizeof buf, stdin)) return 0;
  size_t n = strlen(buf);
  if (n > STDIN_LINE_MAX) return -1;
  char *p = malloc(n + 2);
  if (!p) return -2;
  memcpy(p, buf, n);
  if (n == 0 || p[n - 1] != '\n') p[n++] = '\n';
  p[n] = 0;
  *out = p;
  return 1;
}

static int run_stdin(const char *cmd, const opts *o, run_ctx *c, bks_stream *s,
                     const struct timespec *start) {
  char *hdr = NULL, *line = NULL, **rows = NULL;
  unsigned long *rown = NULL;
  size_t nrows = 0, cap = 0;
  unsigned long lineno = 0;
  bks_imu_opts io = o->io;
  size_t need = io.units == BKS_IMU_UNITS_DETECT ? STDIN_DETECT_ROWS : STDIN_WIN;
  double t_abs = 0;
  int rc = EXIT_OK, started = 0, eof = 0;
  // header: the first line that is neither blank nor a comment
  int got;
  while ((got = read_line(&hdr)) > 0) {
    lineno++;
    if (!blank_or_comment(hdr)) break;
    free(hdr);
    hdr = NULL;
  }
  if (got < 0) {
    fprintf(stderr, "backstride %s: stdin: line %lu is over %d bytes\n", cmd, lineno + 1,
            STDIN_LINE_MAX);
    rc = got == -2 ? EXIT_SOFTWARE : EXIT_DATAERR;
    goto done;
  }
  if (!hdr) {
    fprintf(stderr, "backstride %s: stdin: a header line and at least %d rows are needed\n", cmd,
            STDIN_WIN);
    rc = EXIT_DATAERR;
    goto done;
  }
  rows = malloc(need * sizeof *rows);
  rown = malloc(need * sizeof *rown);
  if (!rows || !rown) {
    rc = EXIT_SOFTWARE;
    goto done;
  }
  cap = need;
  while (!eof) {
    got = read_line(&line);
    if (got == 0) {
      eof = 1;
      if (started || nrows < STDIN_WIN) break; // nothing left to parse
    } else {
      lineno++;
      if (got < 0) {
        fprintf(stderr, "backstride %s: stdin: line %lu is over %d bytes\n", cmd, lineno,
                STDIN_LINE_MAX);
        rc = got == -2 ? EXIT_SOFTWARE : EXIT_DATAERR;
        goto done;
      }
      if (blank_or_comment(line)) {
        free(line);
        line = NULL;
        continue;
      }
      if (started && nrows == STDIN_WIN) { // slide the window: drop the oldest row
        free(rows[0]);
        memmove(rows, rows + 1, (nrows - 1) * sizeof *rows);
        memmove(rown, rown + 1, (nrows - 1) * sizeof *rown);
        nrows--;
      }
      if (nrows == cap) { // cannot happen (need rows at most before the first parse)
        rc = EXIT_SOFTWARE;
        goto done;
      }
      rown[nrows] = lineno;
      rows[nrows++] = line;
      line = NULL;
      if (!started && nrows < need) continue;
    }
    bks_read_result rr;
    rc = parse_rows(cmd, hdr, rows, rown, nrows, &io, &rr);
    if (rc) goto done;
    const bks_activity *a = &rr.act[0];
    if (!started) {
      // the first rows: settle the units (the reader detected them unless given) and feed them
      if (io.units == BKS_IMU_UNITS_DETECT) {
        bks_imu_opts as_g = io;
        as_g.units = BKS_IMU_UNITS_G;
        bks_read_result rg;
        if (parse_rows(cmd, hdr, rows, rown, nrows, &as_g, &rg) == 0) {
          io.units = rg.act[0].acc[0][0] == a->acc[0][0] ? BKS_IMU_UNITS_G : BKS_IMU_UNITS_MS2;
          bks_read_result_deinit(&rg);
        } else {
          io.units = BKS_IMU_UNITS_MS2; // g was refused, so m/s² it is (not reached in practice)
        }
      }
      for (size_t i = 0; i < a->n; i++) feed_row(c, s, start, a, i, a->t[i]);
      t_abs = a->t[a->n - 1];
      started = 1;
      // keep only the window's worth of rows
      size_t drop = nrows - (STDIN_WIN - 1);
      for (size_t i = 0; i < drop; i++) free(rows[i]);
      memmove(rows, rows + drop, (STDIN_WIN - 1) * sizeof *rows);
      memmove(rown, rown + drop, (STDIN_WIN - 1) * sizeof *rown);
      nrows = STDIN_WIN - 1;
    } else {
      // the newest row: the previous sample's time plus the interval the window shows
      size_t i = a->n - 1;
      t_abs += a->t[i] - a->t[i - 1];
      feed_row(c, s, start, a, i, t_abs);
    }
    bks_read_result_deinit(&rr);
  }
  if (ferror(stdin)) {
    fprintf(stderr, "backstride %s: cannot read standard input\n", cmd);
    rc = EXIT_IOERR;
  } else if (!started) {
    fprintf(stderr, "backstride %s: stdin: only %zu data rows: at least %d are needed\n", cmd, nrows,
            STDIN_WIN);
    rc = EXIT_DATAERR;
  }
done:
  for (size_t i = 0; i < nrows; i++) free(rows[i]);
  free(rows);
  free(rown);
  free(line);
  free(hdr);
  return rc;
}

static int run(const char *cmd, const opts *o, int steps_mode) {
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
      fprintf(stderr, "backstride %s: %s: %s\n", cmd, o->imu, rr.err[0] ? rr.err : "not an IMU CSV");
      bks_read_result_deinit(&rr);
      return st == BKS_E_NOMEM ? EXIT_SOFTWARE : (st == BKS_E_INVAL ? EXIT_USAGE : EXIT_DATAERR);
    }
    a = &rr.act[0];
  }
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
    fprintf(stderr, "backstride %s: %u samples skipped (time not increasing or not a number), "
                    "%u gaps\n", cmd, nskip, ngaps);
  }
  if (!steps_mode && rc == EXIT_OK) {
    fprintf(stderr, "backstride %s: %ld steps in %u samples\n", cmd, c.nsteps, ns);
  }
  if (fflush(stdout) != 0 || ferror(stdout)) return EXIT_IOERR;
  return rc;
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
