// backstride analyze RUN_ID|FILE: one run through steps → model → dose, with per-km rows.
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "backstride/json.h"
#include "backstride/load.h"
#include "backstride/steps.h"
#include "json_cli.h"
#include "lumbar_cli.h"
#include "store_cli.h"

static const char analyze_usage[] =
    "usage: backstride analyze RUN_ID|FILE [--mass KG] [--height M] [--lean-deg D] [--core-weak]\n"
    "                          [--disc] [--worn-shoes] [--fatigued] [--json]\n\n"
    "How hard a run was on the lower back. Every record's average step is rebuilt from the best\n"
    "source the run has (the watch's contact time and cadence; else cadence, else speed, with a\n"
    "wider band), then modelled: peak vertical force, L4/L5 compression and anterior shear, the\n"
    "Lumbar Load Index (relaxed standing = 1) and a cumulative relative dose, for the run and\n"
    "each kilometre.\n\n"
    "RUN_ID is an id from 'backstride runs' (the library of --db); FILE is a FIT, GPX, TCX file\n"
    "read directly (the first run it holds), also gzip-compressed (run.fit.gz, as in Strava\n"
    "exports).\n\n"
    "  --mass KG, --height M   the runner (defaults 70 kg and 1.75 m, and the output says so)\n"
    "  --lean-deg D            forward trunk lean while running (default 7.2 deg, assumed)\n"
    "  --core-weak             apply the published effect of deep-core weakness\n"
    "  --disc, --worn-shoes, --fatigued   risk flags, explained, never multiplied\n"
    "  --json                  {summary: {steps, cadence_spm, contact_ms, "
    "vertical_oscillation_cm,\n"
    "                          peak_vgrf_bw, lumbar_peak_bw, lumbar_shear_bw, lumbar_load_index,\n"
    "                          lumbar_dose, ...}, per_km: [{km, ...}], ...}\n\n"
    "Estimates from a simple model, never a diagnosis: docs/science.md.\n"
    "exit codes: 0 ok; 64 usage; 65 no run, or no running step in it; 66 FILE cannot be opened\n";

static int cmd_analyze(const cli_global *g, int argc, char **argv);

const cli_cmd cli_analyze_cmd = {"analyze", cmd_analyze,
                                 "lumbar load of one run (RUN_ID or FILE), per kilometre",
                                 analyze_usage};

static void json_source(bks_json *w, const lcli_input *in) {
  const bks_activity *a = in->a;
  char when[32];
  bks_date_iso_utc(a->start_utc, when);
  bks_json_obj_begin(w);
  bks_json_key(w, "run_id");
  if (in->run_id) {
    bks_json_int(w, in->run_id);
  } else {
    bks_json_null(w);
  }
  bks_json_kv_str(w, "source", a->source_path);
  bks_json_kv_str(w, "format", a->format);
  bks_json_kv_str(w, "sport", a->sport_name);
  bks_json_kv_str(w, "start_utc", when);
  bks_json_kv_str(w, "device", a->device);
  bks_json_kv_uint(w, "runs_in_source", in->nact);
  bks_json_obj_end(w);
}

static int print_json(const lcli_input *in, const bks_model *m, const lcli_runner *r,
                      const char *defaults, const bks_steps *s, const bks_run_load *rl) {
  bks_buf b;
  bks_buf_init(&b);
  bks_json w;
  bks_json_init(&w, &b);
  bks_json_obj_begin(&w);
  bks_json_key(&w, "run");
  json_source(&w, in);
  bks_json_key(&w, "runner");
  bks_json_model_runner(&w, m, defaults, r->source);
  bks_json_run_load(&w, s, rl);
  bks_json_key(&w, "core_weakness");
  lcli_json_core(&w, m->core_weak);
  bks_json_key(&w, "flags");
  lcli_json_flags(&w, r, rl->flags);
  bks_json_kv_str(&w, "explanation", lcli_explanation);
  bks_json_obj_end(&w);
  int ex = cli_json_print("analyze", &w, &b, stdout);
  bks_buf_deinit(&b);
  return ex;
}

static void print_text(const lcli_input *in, const bks_model *m, const lcli_runner *r,
                       const char *defaults, const bks_steps *s, const bks_run_load *rl) {
  const bks_activity *a = in->a;
  const bks_load_means *sm = &rl->summary;
  char when[32], dur[32];
  bks_date_iso_utc(a->start_utc, when);
  bks_date_hms(sm->duration_s, dur);
  if (in->run_id) printf("run %lld  ", (long long)in->run_id);
  printf("%s  %s\n", when, a->source_path);
  printf("runner: %.1f kg, %.2f m (%s), trunk lean %.1f deg%s\n", m->mass_kg, m->height_m,
         lcli_runner_source_words(r), m->lean_deg, m->lean_assumed ? " (assumed)" : "");
  if (defaults[0]) {
    printf("  (default %s used: give --mass and --height, or store them with 'backstride profile "
           "set')\n",
           defaults);
  }
  if (sm->distance_m > 0) {
    printf("steps: %.0f over %s and %.2f km, rebuilt from", sm->steps, dur, sm->distance_m / 1000);
  } else { // a raw IMU recording has no distance
    printf("steps: %.0f over %s (no distance recorded), rebuilt from", sm->steps, dur);
  }
  for (int k = BKS_STEP_IMU; k < BKS_STEP_NSOURCES; k++) {
    if (rl->steps_by_source[k] > 0) {
      printf(" %s %.0f %%", bks_step_source_name(k), 100 * rl->steps_by_source[k] / sm->steps);
    }
  }
  printf("\n");
  if (s->n_impossible) {
    printf("  %zu records with impossible values were left out; the first: %s\n", s->n_impossible,
           s->first_problem);
  }
  printf("\nmeans per step\n");
  printf(
      "  cadence %.1f steps/min, contact %.0f ms, flight %.0f ms, vertical oscillation %.1f cm\n",
      sm->cadence_spm, sm->contact_ms, sm->flight_ms, sm->vo_cm);
  printf("  peak vertical force  %.2f BW   lumbar compression %.2f BW (%.0f N, band %.2f-%.2f)\n",
         sm->peak_vgrf_bw, sm->lumbar_peak_bw, sm->lumbar_peak_n, sm->lumbar_peak_lo_bw,
         sm->lumbar_peak_hi_bw);
  printf("  anterior shear       %.2f BW   Lumbar Load Index %.2f (band %.2f-%.2f)\n",
         sm->lumbar_shear_bw, sm->lli, sm->lli_lo, sm->lli_hi);
  char sig[CLI_SIG_MAX];
  printf("  lumbar dose (relative, whole run) %s\n", cli_sig(sig, sm->dose, 3));
  if (rl->nkm) {
    printf("\n  km   steps  cadence  contact  VO cm  vGRF BW  L4/L5 BW  shear BW   LLI     dose\n");
    for (size_t k = 0; k < rl->nkm; k++) {
      const bks_load_means *km = &rl->per_km[k];
      printf("  %-3zu %6.0f  %7.1f  %7.0f  %5.1f  %7.2f  %8.2f  %8.3f  %5.2f  %7s%s\n", k + 1,
             km->steps, km->cadence_spm, km->contact_ms, km->vo_cm, km->peak_vgrf_bw,
             km->lumbar_peak_bw, km->lumbar_shear_bw, km->lli, cli_sig(sig, km->dose, 3),
             k + 1 == rl->nkm ? "  (partial)" : "");
    }
  }
  if (!r->core_weak) printf("\n%s\n", lcli_core_text); // else it opens the flag below
  if (r->core_weak || r->disc || r->worn_shoes || r->fatigued || rl->flags) {
    printf("\nflags\n");
    lcli_text_flags(stdout, r, rl->flags);
  }
  printf("\n%s\n", lcli_explanation);
}

static int cmd_analyze(const cli_global *g, int argc, char **argv) {
  if (g->help) return cli_help(&cli_analyze_cmd);
  lcli_runner r;
  lcli_runner_init(&r);
  const char *what = NULL;
  for (int i = 1; i < argc; i++) {
    int got = lcli_runner_option("analyze", "", argc, argv, &i, &r);
    if (got < 0) return -got;
    if (got) continue;
    if (argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "-") != 0) {
      return cli_unknown_arg(&cli_analyze_cmd, NULL, argv[i]);
    }
    if (what) return cli_usage_error("analyze", "one RUN_ID or FILE only");
    what = argv[i];
  }
  if (!what) return cli_usage_error("analyze", "give a RUN_ID (see 'backstride runs') or a FILE");
  int ex = lcli_runner_resolve(g, &r);
  if (ex) return ex;
  bks_model m;
  char defaults[32];
  ex = lcli_model_init("analyze", &r, &m, defaults, sizeof defaults);
  if (ex) return ex;

  lcli_input in;
  ex = lcli_input_open(g, "analyze", what, &in);
  if (ex) {
    lcli_input_close(&in);
    return ex;
  }
  bks_steps s;
  bks_steps_init(&s);
  bks_run_load rl;
  bks_run_load_init(&rl);
  int rc = bks_steps_build(&s, in.a, m.params);
  if (rc == BKS_OK) rc = bks_run_load_compute(&m, &s, &rl);
  if (rc == BKS_E_NOMEM) {
    cli_err("backstride analyze: out of memory");
    ex = EXIT_SOFTWARE;
  } else if (rc < 0) {
    cli_err("backstride analyze: %s: no running step to model (%zu records: %zu not running, "
            "%zu impossible, %zu without cadence, contact time or speed)%s%s",
            what, s.n_records, s.n_not_running, s.n_impossible, s.n_missing,
            s.first_problem[0] ? "; " : "", s.first_problem);
    ex = EXIT_DATAERR;
  } else {
    if (g->json) {
      ex = print_json(&in, &m, &r, defaults, &s, &rl);
      if (defaults[0] && !g->quiet) {
        fprintf(stderr, "backstride analyze: default %s used (see --help)\n", defaults);
      }
    } else {
      print_text(&in, &m, &r, defaults, &s, &rl);
    }
    if (in.nact > 1 && !g->quiet) {
      fprintf(stderr, "backstride analyze: %s holds %zu runs; the first was analysed\n", what,
              in.nact);
    }
    if (fflush(stdout) != 0) ex = EXIT_IOERR;
  }
  bks_run_load_deinit(&rl);
  bks_steps_deinit(&s);
  lcli_input_close(&in);
  return ex;
}
