// Shared pieces of the lumbar load commands: runner options, RUN_ID|FILE, output and wording.
#include "lumbar_cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "backstride/import.h"
#include "backstride/app.h"
#include "store_cli.h"

void lcli_runner_init(lcli_runner *r) {
  memset(r, 0, sizeof *r);
  r->mass = r->height = r->lean = NAN;
  r->source = "default";
}

int lcli_runner_resolve(const cli_global *g, lcli_runner *r) {
  int given = r->mass == r->mass || r->height == r->height;
  r->source = given ? "options" : "default";
  if (r->mass == r->mass && r->height == r->height) return 0;
  bks_store *s;
  int ex = cli_store_open(g, BKS_LIBRARY_NOCREATE, &s);
  if (ex) return ex;
  bks_profile p;
  if (s && bks_library_profile_get(s, &p) == BKS_OK && p.set) {
    if (!(r->mass == r->mass) && p.mass_kg > 0) r->mass = p.mass_kg;
    if (!(r->height == r->height) && p.height_m > 0) r->height = p.height_m;
    if (!given) r->source = "profile";
  }
  bks_library_close(s);
  return 0;
}

const char *lcli_runner_source_words(const lcli_runner *r) {
  if (strcmp(r->source, "profile") == 0) return "stored profile";
  if (strcmp(r->source, "options") == 0) return "options";
  return "defaults";
}

int lcli_parse_number(const char *text, double *out) {
  char *end;
  errno = 0;
  double v = strtod(text, &end);
  // strtod also reads "nan", "inf" and hex: only plain decimals are numbers here
  int plain = 1;
  for (const char *c = text; *c; c++) {
    if (!strchr("0123456789.+-eE", *c)) plain = 0;
  }
  if (!plain || end == text || *end != '\0' || errno == ERANGE || !isfinite(v)) return -1;
  *out = v;
  return 0;
}

int lcli_number(const char *cmd, const char *opt, const char *text, double *out) {
  if (lcli_parse_number(text, out) < 0) {
    return cli_usage_error(cmd, "%s needs a number (decimals allowed), not '%s'", opt, text);
  }
  return 0;
}

int lcli_number_in(const char *cmd, const char *opt, const char *text, double lo, double hi,
                   double *out) {
  double v = NAN;
  if (lcli_parse_number(text, &v) < 0 || !(v >= lo && v <= hi)) {
    return cli_usage_error(cmd, "%s needs a number (decimals allowed) from %g to %g, not '%s'", opt,
                           lo, hi, text);
  }
  *out = v;
  return 0;
}

int lcli_whole(const char *cmd, const char *opt, const char *text, long long lo, long long hi,
               long long *out) {
  char *end;
  errno = 0;
  long long v = strtoll(text, &end, 10);
  int plain = text[0] != '\0';
  for (const char *c = text; *c; c++) {
    if (!strchr("0123456789", *c) && !(c == text && (*c == '+' || *c == '-'))) plain = 0;
  }
  if (!plain || end == text || *end != '\0' || errno == ERANGE || v < lo || v > hi) {
    return cli_usage_error(cmd, "%s needs a whole number from %lld to %lld, not '%s'", opt, lo, hi,
                           text);
  }
  *out = v;
  return 0;
}

int lcli_day(const char *cmd, const char *opt, const char *text, int64_t *day) {
  if (bks_date_parse(text, day) < 0) {
    return cli_usage_error(cmd, "%s needs a date YYYY-MM-DD, not '%s'", opt, text);
  }
  return 0;
}

int lcli_day_past(const char *cmd, const char *opt, const char *text, int64_t *day) {
  if (lcli_day(cmd, opt, text, day)) return EXIT_USAGE;
  if (*day > bks_date_today() + 1) return cli_usage_error(cmd, "%s is in the future", opt);
  return 0;
}

int lcli_option(const char *cmd, const char *name, int argc, char **argv, int *i,
                const char **value) {
  const char *a = argv[*i];
  size_t n = strlen(name);
  if (strncmp(a, name, n) != 0) return 0;
  if (a[n] == '=') {
    *value = a + n + 1;
    return 1;
  }
  if (a[n] != '\0') return 0;
  if (*i + 1 >= argc) {
    cli_usage_error(cmd, "%s needs a value", name);
    return -1;
  }
  *value = argv[++*i];
  return 1;
}

int lcli_runner_option(const char *cmd, const char *prefix, int argc, char **argv, int *i,
                       lcli_runner *r) {
  static const char *const names[] = {"mass", "height", "lean-deg"};
  double *dst[] = {&r->mass, &r->height, &r->lean};
  for (int k = 0; k < 3; k++) {
    char opt[64];
    snprintf(opt, sizeof opt, "--%s%s", prefix, names[k]);
    const char *v;
    int got = lcli_option(cmd, opt, argc, argv, i, &v);
    if (got < 0) return -EXIT_USAGE;
    if (got == 0) continue;
    // the same bounds as 'profile set' (include/backstride/diary.h); a lean within what runners
    // show and a little more (Teng & Powers 2015: 3.6-10.8 deg; backward lean allowed)
    static const double lo[] = {BKS_MASS_MIN_KG, BKS_HEIGHT_MIN_M, -20};
    static const double hi[] = {BKS_MASS_MAX_KG, BKS_HEIGHT_MAX_M, 45};
    if (lcli_number_in(cmd, opt, v, lo[k], hi[k], dst[k])) return -EXIT_USAGE;
    return 1;
  }
  const char *a = argv[*i];
  if (strcmp(a, "--core-weak") == 0) {
    r->core_weak = 1;
  } else if (strcmp(a, "--disc") == 0) {
    r->disc = 1;
  } else if (strcmp(a, "--worn-shoes") == 0) {
    r->worn_shoes = 1;
  } else if (strcmp(a, "--fatigued") == 0) {
    r->fatigued = 1;
  } else {
    return 0;
  }
  return 1;
}

int lcli_model_init(const char *cmd, const lcli_runner *r, bks_model *m, char *defaults,
                    size_t defaults_sz) {
  bks_runner br = {r->mass, r->height, r->lean, r->core_weak};
  char err[160];
  if (bks_model_init_defaults(m, &br, defaults, defaults_sz, err, sizeof err) < 0) {
    return cli_usage_error(cmd, "%s", err);
  }
  return 0;
}

//---- RUN_ID | FILE ----

static int is_run_id(const char *s, long long *id) {
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || end == s || *end != '\0' || v <= 0 || s[0] == '+' || s[0] == '-') return 0;
  *id = v;
  return 1;
}

int lcli_input_open(const cli_global *g, const char *cmd, const char *arg, lcli_input *in) {
  memset(in, 0, sizeof *in);
  bks_read_result_init(&in->rr);
  bks_activity_init(&in->stored);
  long long id;
  struct stat st;
  if (is_run_id(arg, &id) && stat(arg, &st) != 0) {
    // a run of the library
    bks_store *s;
    int ex = cli_store_open(g, BKS_LIBRARY_NOCREATE, &s);
    if (ex) return ex;
    if (!s) {
      cli_err("backstride %s: no run with id %lld (the library is empty; 'backstride "
              "import' fills it, or give a FILE)",
              cmd, id);
      return EXIT_DATAERR;
    }
    int rc = bks_library_load(s, id, 0, &in->stored);
    if (rc == BKS_END) {
      cli_err("backstride %s: no run with id %lld (see 'backstride runs')", cmd, id);
      ex = EXIT_DATAERR;
    } else if (rc < 0) {
      cli_err("backstride %s: %s", cmd, bks_library_errmsg(s));
      ex = rc == BKS_E_NOMEM ? EXIT_SOFTWARE : rc == BKS_E_CORRUPT ? EXIT_DATAERR : EXIT_IOERR;
    }
    bks_library_close(s);
    if (ex) return ex;
    in->run_id = id;
    in->a = &in->stored;
    in->nact = 1;
    return 0;
  }
  cli_file f;
  int ex = cli_file_open(arg, &f);
  if (ex) return ex;
  // "run.fit.gz" (how Strava exports store runs): read what it inflates to
  const uint8_t *data = f.data;
  size_t size = f.size;
  uint8_t *inflated = NULL;
  if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
    char err[256];
    bks_import_cfg cfg;
    bks_import_default_cfg(&cfg);
    int grc = bks_gunzip(data, size, cfg.max_inflate, &inflated, &size, err, sizeof err);
    if (grc < 0) {
      cli_file_close(&f);
      cli_err("%s: %s", arg, err);
      return grc == BKS_E_NOMEM ? EXIT_SOFTWARE : EXIT_DATAERR;
    }
    data = inflated;
  }
  int rc = bks_read_any(data, size, arg, &in->rr);
  free(inflated);
  for (size_t k = 0; k < in->rr.nact; k++) bks_activity_start_from_mtime(&in->rr.act[k], f.mtime);
  cli_file_close(&f);
  if (rc < 0 || in->rr.status < 0) {
    cli_err("%s: %s", arg, in->rr.err[0] ? in->rr.err : bks_strerror(rc));
    return rc == BKS_E_NOMEM ? EXIT_SOFTWARE : EXIT_DATAERR;
  }
  if (in->rr.nact == 0) {
    cli_err("%s: no run in this file%s%s", arg, in->rr.skip_reason[0] ? ": " : "",
            in->rr.skip_reason);
    return EXIT_DATAERR;
  }
  if (in->rr.damaged && !g->quiet) {
    fprintf(stderr, "%s: warning: damaged file, the readable part is analysed (%s)\n", arg,
            in->rr.err);
  }
  in->a = &in->rr.act[0];
  in->nact = in->rr.nact;
  return 0;
}

void lcli_input_close(lcli_input *in) {
  bks_read_result_deinit(&in->rr);
  bks_activity_deinit(&in->stored);
  in->a = NULL;
}

//---- Output ----

const char lcli_explanation[] =
    "These are model estimates, not measurements and never a diagnosis. The peak vertical force "
    "comes from the step's timing (Morin et al. 2005 sine-wave spring-mass method, corrected by "
    "its published treadmill bias); the L4/L5 load is the mass above that level (53.6 % of body "
    "mass, Winter) times its vertical acceleration, plus the back-extensor force that holds the "
    "trunk's forward lean. The Lumbar Load Index compares the peak compression with relaxed "
    "standing (1.0, Wilke et al. 1999). The band shows how far the inputs' uncertainty moves the "
    "result. The dose is a relative Palmgren-Miner index for comparing runs, not a prediction "
    "of injury.";

const char lcli_core_text[] =
    "Deep-core weakness (Raabe & Chaudhari 2018, simulation of complete weakness): anterior shear "
    "rises by up to 19 % at every lumbar level; compression rises by up to 15 % at the upper "
    "lumbar levels and falls by up to 8 % at the lower ones. A weak deep core shifts the load "
    "toward shear and the upper lumbar spine rather than simply adding load.";

typedef struct flag_text {
  const char *id, *text, *source;
} flag_text;

static const flag_text FLAG_CORE = {
    "core_weakness",
    " Applied here at L4/L5 (a lower lumbar level): compression -8 %, anterior shear +19 %.",
    "Raabe & Chaudhari 2018, J Biomech, doi 10.1016/j.jbiomech.2017.11.037"};
static const flag_text FLAG_DISC = {
    "disc_condition",
    "A damaged or herniated disc is a risk flag only: no published source gives how much it "
    "changes running load, so nothing is multiplied. Disc pressure more than doubles from upright "
    "to bent-forward standing (0.50 to 1.10 MPa), so avoid repeated loaded forward bending.",
    "Wilke et al. 1999, Spine 24:755; guideline consensus"};
static const flag_text FLAG_SHOES = {
    "worn_shoes",
    "Worn shoes are a risk flag only: machine-worn shoes keep 60-75 % of their shock absorption, "
    "but studies of runners disagree on whether loading rises, and highly cushioned shoes did not "
    "lower impact. Nothing is multiplied.",
    "Cook et al. 1985; Kong et al. 2009; Kulmala et al. 2018"};
static const flag_text FLAG_FATIGUE = {
    "fatigue",
    "Fatigue is a risk flag only: impact at the shin rose with fatigue (6.9 to 11.1 g; 6.1 to "
    "7.4 g) while the published changes in attenuation disagree, so no magnitude is applied to "
    "the lumbar load.",
    "Mizrahi et al. 2000; Derrick et al. 2002"};
static const flag_text FLAG_RUN_FATIGUE = {
    "fatigue_pattern",
    "From the first to the last fifth of the run the cadence fell and the measured vertical "
    "oscillation rose, the pattern fatigue studies report (or simply a slower pace). A flag only.",
    "Mizrahi et al. 2000, Hum Mov Sci 19:139"};
static const flag_text FLAG_VO = {
    "vertical_oscillation_mismatch",
    "The watch's vertical oscillation differs from what its contact time and cadence imply by "
    "more than the model's band: the sensor's position, or one of the timings, is off.",
    "Morin et al. 2005 (spring-mass timing); docs/science.md section 4 (Vertical oscillation "
    "check)"};
static const flag_text FLAG_WEAK = {
    "weak_source",
    "Most steps were rebuilt without a measured contact time (from cadence or speed with a "
    "population duty factor): the peak force and lumbar load carry a wide band.",
    "Garmin population bands (docs/science.md section 1, Steps: the duty factor)"};

static void json_flag(bks_json *w, const flag_text *f, const char *prefix) {
  char text[1024];
  snprintf(text, sizeof text, "%s%s", prefix ? prefix : "", f->text);
  bks_json_obj_begin(w);
  bks_json_kv_str(w, "id", f->id);
  bks_json_kv_str(w, "text", text);
  bks_json_kv_str(w, "source", f->source);
  bks_json_obj_end(w);
}

void lcli_json_core(bks_json *w, int applied) {
  const bks_model_params *p = bks_model_params_builtin();
  bks_json_obj_begin(w);
  bks_json_kv_bool(w, "applied", applied);
  bks_json_kv_fixed(w, "shear_change_pct", 100 * p->p[BKS_P_CORE_SHEAR].value, 0);
  bks_json_kv_fixed(w, "upper_lumbar_compression_change_pct",
                    100 * p->p[BKS_P_CORE_UPPER_COMP].value, 0);
  bks_json_kv_fixed(w, "lower_lumbar_compression_change_pct",
                    100 * p->p[BKS_P_CORE_LOWER_COMP].value, 0);
  bks_json_kv_str(w, "text", lcli_core_text);
  bks_json_kv_str(w, "source", FLAG_CORE.source);
  bks_json_obj_end(w);
}

void lcli_json_flags(bks_json *w, const lcli_runner *r, unsigned run_flags) {
  bks_json_arr_begin(w);
  if (r->core_weak) json_flag(w, &FLAG_CORE, lcli_core_text);
  if (r->disc) json_flag(w, &FLAG_DISC, NULL);
  if (r->worn_shoes) json_flag(w, &FLAG_SHOES, NULL);
  if (r->fatigued) json_flag(w, &FLAG_FATIGUE, NULL);
  if (run_flags & BKS_RUN_FLAG_FATIGUE) json_flag(w, &FLAG_RUN_FATIGUE, NULL);
  if (run_flags & BKS_RUN_FLAG_VO_MISMATCH) json_flag(w, &FLAG_VO, NULL);
  if (run_flags & BKS_RUN_FLAG_WEAK_SOURCE) json_flag(w, &FLAG_WEAK, NULL);
  bks_json_arr_end(w);
}

static void text_flag(FILE *out, const flag_text *f, const char *prefix) {
  fprintf(out, "  - %s%s (%s)\n", prefix ? prefix : "", f->text, f->source);
}

void lcli_text_flags(FILE *out, const lcli_runner *r, unsigned run_flags) {
  if (r->core_weak) text_flag(out, &FLAG_CORE, lcli_core_text);
  if (r->disc) text_flag(out, &FLAG_DISC, NULL);
  if (r->worn_shoes) text_flag(out, &FLAG_SHOES, NULL);
  if (r->fatigued) text_flag(out, &FLAG_FATIGUE, NULL);
  if (run_flags & BKS_RUN_FLAG_FATIGUE) text_flag(out, &FLAG_RUN_FATIGUE, NULL);
  if (run_flags & BKS_RUN_FLAG_VO_MISMATCH) text_flag(out, &FLAG_VO, NULL);
  if (run_flags & BKS_RUN_FLAG_WEAK_SOURCE) text_flag(out, &FLAG_WEAK, NULL);
}
