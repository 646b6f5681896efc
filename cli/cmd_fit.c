// backstride fit dump | check | stats | summary: the FIT decoder on the command line.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backstride/date.h"
#include "backstride/fit.h"
#include "backstride/json.h"
#include "cli.h"
#include "json_cli.h"

static const char fit_usage[] =
    "usage: backstride fit dump FILE [--mesg NAME]\n"
    "       backstride fit check FILE\n"
    "       backstride fit stats [--jobs N] FILE...\n"
    "       backstride fit summary FILE\n\n"
    "dump     JSON Lines on stdout (with or without --json): one JSON object per line per data\n"
    "         message, in file order, as Garmin's FIT SDK decodes it (profile names, scaled\n"
    "         values, components and sub-fields expanded, enums as numbers, date_time as Unix\n"
    "         seconds), plus \"developer\" fields by name with units. --mesg NAME keeps one\n"
    "         message type. A damaged file: every message before the damage is printed, then\n"
    "         the error on stderr, exit 65; stdout then holds only those messages, with no\n"
    "         --json error object (one is printed only when no message was)\n"
    "check    exit 0 when FILE is valid FIT; 65 with 'FILE: offset N: reason' otherwise\n"
    "stats    decode every field of every FILE; message counts per file and in total on stdout\n"
    "         (--json for a JSON document), throughput on stderr; --jobs N workers (default:\n"
    "         one per core)\n"
    "summary  what the file holds: sport, start, duration, distance, pace, heart rate, cadence,\n"
    "         running dynamics (--json for a JSON document)\n\n"
    "With --json, stats and summary print {\"error\": {\"code\", \"message\"}} instead of their\n"
    "document when the exit code is not 0 (a damaged or missing FILE); dump is the exception\n"
    "above: its lines are already out.\n"
    "exit codes: 0 ok, 64 usage, 65 bad FIT data, 66 cannot open FILE\n";

const cli_cmd cli_fit_cmd = {"fit", cmd_fit, "decode FIT files: dump, check, stats, summary",
                             fit_usage};

void cli_fit_report_error(const char *path, const bks_fit_decoder *d) {
  cli_err("%s: offset %llu: %s", path, (unsigned long long)bks_fit_decoder_error_offset(d),
          bks_fit_decoder_errmsg(d));
}

static int open_decoder(bks_fit_decoder **d) {
  if (bks_fit_decoder_new(NULL, d) != BKS_OK) {
    cli_err("backstride: out of memory");
    return EXIT_SOFTWARE;
  }
  return 0;
}

//---- dump ----

typedef struct dump_ctx {
  FILE *out;
  const bks_fit_mesg_def *only; // --mesg
  int only_unknown;             // --mesg named nothing the profile knows
} dump_ctx;

static void print_value(FILE *out, const bks_fit_fval *f, double add) {
  if (f->count == 0) {
    fputs("null", out);
    return;
  }
  if (f->vtype == BKS_FIT_VT_STR) {
    cli_json_str(out, f->str, f->len);
    return;
  }
  int arr = f->is_array;
  if (arr) putc('[', out);
  for (unsigned i = 0; i < f->count; i++) {
    if (i) putc(',', out);
    if (f->vtype == BKS_FIT_VT_F64) {
      cli_json_num(out, f->v[i].f + add);
    } else if (f->vtype == BKS_FIT_VT_I64) {
      fprintf(out, "%lld", (long long)f->v[i].i);
    } else {
      fprintf(out, "%llu", (unsigned long long)f->v[i].u);
    }
  }
  if (arr) putc(']', out);
}

static void dump_mesg(const bks_fit_mesg *m, void *vctx) {
  dump_ctx *c = vctx;
  // the reference prints only messages the profile knows
  if (!m->def || c->only_unknown || (c->only && c->only != m->def)) return;
  FILE *out = c->out;
  if (out == stdout) cli_output_started();
  fputs("{\"mesg\":", out);
  cli_json_str(out, m->def->name, strlen(m->def->name));
  unsigned ndev = 0;
  for (unsigned i = 0; i < m->nfields; i++) {
    const bks_fit_fval *f = &m->fields[i];
    if (f->kind == BKS_FIT_FV_DEV) {
      ndev++;
      continue;
    }
    const char *name = bks_fit_fval_name(f);
    if (!name) continue; // unknown fields are left out, as the reference does
    putc(',', out);
    cli_json_str(out, name, strlen(name));
    putc(':', out);
    // date_time fields of the profile as Unix seconds (never sub-fields or arrays)
    double add = 0;
    if (f->kind != BKS_FIT_FV_SUB && f->field && f->field->kind == BKS_FIT_KIND_DATE_TIME &&
        !f->is_array) {
      add = BKS_FIT_EPOCH_UNIX;
    }
    print_value(out, f, add);
  }
  if (ndev) {
    fputs(",\"developer\":{", out);
    unsigned k = 0;
    for (unsigned i = 0; i < m->nfields; i++) {
      const bks_fit_fval *f = &m->fields[i];
      if (f->kind != BKS_FIT_FV_DEV) continue;
      if (k++) putc(',', out);
      char fallback[32];
      const char *name = f->dev->name;
      if (!name[0]) {
        snprintf(fallback, sizeof fallback, "developer_%u_%u", f->dev->dev_index, f->num);
        name = fallback;
      }
      cli_json_str(out, name, strlen(name));
      fputs(":{\"value\":", out);
      print_value(out, f, 0);
      fputs(",\"units\":", out);
      cli_json_str(out, f->dev->units, strlen(f->dev->units));
      putc('}', out);
    }
    putc('}', out);
  }
  fputs("}\n", out);
}

static int fit_dump(const cli_global *g, int argc, char **argv) {
  const char *path = NULL, *mesg = NULL;
  (void)g;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--mesg") == 0) {
      if (i + 1 >= argc) return cli_usage_error("fit dump", "--mesg needs a message NAME");
      mesg = argv[++i];
    } else if (argv[i][0] == '-' && argv[i][1]) {
      return cli_unknown_arg(&cli_fit_cmd, "fit dump", argv[i]);
    } else if (!path) {
      path = argv[i];
    } else {
      return cli_usage_error("fit dump", "one FILE only ('%s' is extra)", argv[i]);
    }
  }
  if (!path) return cli_usage_error("fit dump", "FILE is missing");
  dump_ctx c = {stdout, NULL, 0};
  if (mesg) {
    c.only = bks_fit_mesg_by_name(mesg);
    c.only_unknown = c.only == NULL;
  }
  bks_fit_decoder *d;
  int ex, rc;
  uint64_t bytes;
  if ((ex = open_decoder(&d))) return ex;
  if ((ex = cli_fit_decode_file(d, path, dump_mesg, &c, &rc, &bytes, NULL, 0))) {
    bks_fit_decoder_free(d);
    return ex;
  }
  if (rc < 0) {
    fflush(stdout);
    cli_fit_report_error(path, d);
    ex = EXIT_DATAERR;
  } else if (bks_fit_decoder_warnings(d, BKS_FIT_WARN_HEADER_CRC)) {
    fprintf(stderr, "%s: warning: the file header's CRC does not match its bytes\n", path);
  }
  if (fflush(stdout) != 0) ex = EXIT_IOERR;
  bks_fit_decoder_free(d);
  return ex;
}

//---- check ----

static int fit_check(const cli_global *g, int argc, char **argv) {
  (void)g;
  if (argc != 2 || argv[1][0] == '-') return cli_usage_error("fit check", "give one FILE");
  const char *path = argv[1];
  bks_fit_decoder *d;
  int ex, rc;
  uint64_t bytes;
  if ((ex = open_decoder(&d))) return ex;
  if ((ex = cli_fit_decode_file(d, path, NULL, NULL, &rc, &bytes, NULL, 0))) {
    bks_fit_decoder_free(d);
    return ex;
  }
  if (rc < 0) {
    cli_fit_report_error(path, d);
    ex = EXIT_DATAERR;
  } else if (bks_fit_decoder_warnings(d, BKS_FIT_WARN_HEADER_CRC)) {
    cli_err("%s: offset 12: the file header's CRC does not match its bytes", path);
    ex = EXIT_DATAERR;
  }
  bks_fit_decoder_free(d);
  return ex;
}

//---- summary ----

typedef struct summary {
  double start, duration, distance, timer;
  double sport, sub_sport;
  double hr_sum, cad_sum, vo_sum, gct_sum, speed_sum;
  unsigned n_records, n_hr, n_cad, n_vo, n_gct, n_speed, n_laps, n_sessions;
  double first_ts, last_ts, last_dist;
  double sess_distance, sess_elapsed, sess_timer, sess_start;
} summary;

static void sum_mesg(const bks_fit_mesg *m, void *vctx) {
  summary *s = vctx;
  double v;
  switch (m->num) {
  case 20: // record
    s->n_records++;
    v = bks_fit_fval_num(bks_fit_mesg_get(m, "timestamp"));
    if (!isnan(v)) {
      if (isnan(s->first_ts)) s->first_ts = v;
      s->last_ts = v;
    }
    v = bks_fit_fval_num(bks_fit_mesg_get(m, "distance"));
    if (!isnan(v)) s->last_dist = v;
    if (!isnan(v = bks_fit_fval_num(bks_fit_mesg_get(m, "heart_rate")))) s->hr_sum += v, s->n_hr++;
    // FIT running cadence counts one foot (strides per minute): steps are twice that
    double cad = bks_fit_fval_num(bks_fit_mesg_get(m, "cadence"));
    double frac = bks_fit_fval_num(bks_fit_mesg_get(m, "fractional_cadence"));
    if (!isnan(cad)) s->cad_sum += 2 * (cad + (isnan(frac) ? 0 : frac)), s->n_cad++;
    v = bks_fit_fval_num(bks_fit_mesg_get(m, "vertical_oscillation"));
    if (!isnan(v)) s->vo_sum += v, s->n_vo++;
    v = bks_fit_fval_num(bks_fit_mesg_get(m, "stance_time"));
    if (!isnan(v)) s->gct_sum += v, s->n_gct++;
    v = bks_fit_fval_num(bks_fit_mesg_get(m, "enhanced_speed"));
    if (isnan(v)) v = bks_fit_fval_num(bks_fit_mesg_get(m, "speed"));
    if (!isnan(v)) s->speed_sum += v, s->n_speed++;
    break;
  case 19: // lap
    s->n_laps++;
    break;
  case 18: // session
    s->n_sessions++;
    if (s->n_sessions == 1) {
      s->sport = bks_fit_fval_num(bks_fit_mesg_get(m, "sport"));
      s->sub_sport = bks_fit_fval_num(bks_fit_mesg_get(m, "sub_sport"));
      s->sess_start = bks_fit_fval_num(bks_fit_mesg_get(m, "start_time"));
    }
    if (!isnan(v = bks_fit_fval_num(bks_fit_mesg_get(m, "total_distance")))) s->sess_distance += v;
    if (!isnan(v = bks_fit_fval_num(bks_fit_mesg_get(m, "total_elapsed_time"))))
      s->sess_elapsed += v;
    if (!isnan(v = bks_fit_fval_num(bks_fit_mesg_get(m, "total_timer_time")))) s->sess_timer += v;
    break;
  default:
    break;
  }
}

static const char *type_name(const char *type, double v) {
  if (isnan(v)) return "unknown";
  const char *n = bks_fit_type_value_name(bks_fit_type_by_name(type), (uint32_t)v);
  return n ? n : "unknown";
}

static void iso_time(double fit_s, char *out, size_t n) {
  if (isnan(fit_s)) {
    snprintf(out, n, "unknown");
    return;
  }
  char iso[32];
  bks_date_iso_utc((int64_t)(fit_s + BKS_FIT_EPOCH_UNIX), iso);
  snprintf(out, n, "%s", iso);
}

static int fit_summary(const cli_global *g, int argc, char **argv) {
  if (argc != 2 || argv[1][0] == '-') return cli_usage_error("fit summary", "give one FILE");
  const char *path = argv[1];
  bks_fit_decoder *d;
  int ex, rc;
  uint64_t bytes;
  if ((ex = open_decoder(&d))) return ex;
  summary s;
  memset(&s, 0, sizeof s);
  s.first_ts = s.last_ts = s.last_dist = s.sport = s.sub_sport = s.sess_start = NAN;
  if ((ex = cli_fit_decode_file(d, path, sum_mesg, &s, &rc, &bytes, NULL, 0))) {
    bks_fit_decoder_free(d);
    return ex;
  }
  if (rc < 0) {
    cli_fit_report_error(path, d);
    ex = EXIT_DATAERR;
  }
  // the session is the device's own summary; the records are the fallback
  double dist = s.n_sessions ? s.sess_distance : s.last_dist;
  double timer = s.n_sessions ? s.sess_timer : s.last_ts - s.first_ts;
  double start = !isnan(s.sess_start) ? s.sess_start : s.first_ts;
  char when[32];
  iso_time(start, when, sizeof when);
  double pace = dist > 0 ? timer / (dist / 1000) : NAN; // s/km
  double hr = s.n_hr ? s.hr_sum / s.n_hr : NAN, cad = s.n_cad ? s.cad_sum / s.n_cad : NAN;
  double vo = s.n_vo ? s.vo_sum / s.n_vo : NAN, gct = s.n_gct ? s.gct_sum / s.n_gct : NAN;
  const char *sport = type_name("sport", s.sport), *sub = type_name("sub_sport", s.sub_sport);
  if (g->json && ex) {
    // a damaged file: the --json error contract prints the error object (main), not a summary
  } else if (g->json) {
    bks_buf b;
    bks_buf_init(&b);
    bks_json w;
    bks_json_init(&w, &b);
    bks_json_obj_begin(&w);
    bks_json_kv_str(&w, "file", path);
    bks_json_kv_str(&w, "sport", sport);
    bks_json_kv_str(&w, "sub_sport", sub);
    bks_json_kv_str(&w, "start_utc", when);
    bks_json_kv_num(&w, "duration_s", timer);
    bks_json_kv_num(&w, "distance_m", dist);
    bks_json_kv_num(&w, "pace_s_per_km", pace);
    bks_json_kv_num(&w, "heart_rate_bpm", hr);
    bks_json_kv_num(&w, "cadence_spm", cad);
    bks_json_kv_num(&w, "vertical_oscillation_mm", vo);
    bks_json_kv_num(&w, "contact_ms", gct);
    bks_json_kv_uint(&w, "records", s.n_records);
    bks_json_kv_uint(&w, "laps", s.n_laps);
    bks_json_kv_uint(&w, "sessions", s.n_sessions);
    bks_json_kv_bool(&w, "complete", rc >= 0);
    bks_json_obj_end(&w);
    int pex = cli_json_print("fit summary", &w, &b, stdout);
    if (pex) ex = pex;
    bks_buf_deinit(&b);
  } else {
    printf("%s\n", path);
    printf("  sport          %s (%s)\n", sport, sub);
    printf("  start          %s\n", when);
    printf("  duration       %d:%02d:%02d\n", (int)(timer / 3600), (int)fmod(timer / 60, 60),
           (int)fmod(timer, 60));
    printf("  distance       %.2f km\n", dist / 1000);
    if (!isnan(pace))
      printf("  pace           %d:%02d /km\n", (int)(pace / 60), (int)fmod(pace, 60));
    if (!isnan(hr)) printf("  heart rate     %.0f /min (mean)\n", hr);
    if (!isnan(cad)) printf("  cadence        %.0f steps/min (mean)\n", cad);
    if (!isnan(gct)) printf("  contact time   %.0f ms (mean)\n", gct);
    if (!isnan(vo)) printf("  vert. oscill.  %.1f cm (mean)\n", vo / 10);
    printf("  records        %u in %u laps, %u session(s)\n", s.n_records, s.n_laps, s.n_sessions);
  }
  bks_fit_decoder_free(d);
  return ex;
}

int cmd_fit(const cli_global *g, int argc, char **argv) {
  if (argc < 2) {
    if (g->help) return cli_help(&cli_fit_cmd);
    return cli_usage_error("fit", "give a subcommand: dump, check, stats or summary");
  }
  if (g->help) return cli_help(&cli_fit_cmd);
  const char *sub = argv[1];
  if (strcmp(sub, "dump") == 0) return fit_dump(g, argc - 1, argv + 1);
  if (strcmp(sub, "check") == 0) return fit_check(g, argc - 1, argv + 1);
  if (strcmp(sub, "stats") == 0) return cli_fit_stats(g, argc - 1, argv + 1);
  if (strcmp(sub, "summary") == 0) return fit_summary(g, argc - 1, argv + 1);
  static const char *const subs[] = {"dump", "check", "stats", "summary"};
  return cli_unknown_word("fit", "subcommand", sub, subs, 4);
}
