// backstride whatif RUN_ID|FILE: the same run re-modelled with a changed cadence, lean or mass.
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "backstride/load.h"
#include "backstride/steps.h"
#include "backstride/whatif.h"
#include "json_cli.h"
#include "backstride/diary.h"
#include "lumbar_cli.h"

static const char whatif_usage[] =
    "usage: backstride whatif RUN_ID|FILE [--cadence CHANGE] [--lean-deg D] [--mass KG]\n"
    "                         [--core-weak] [--runner-mass KG] [--height M]\n"
    "                         [--runner-lean-deg D] [--json]\n\n"
    "Re-models a run with one or more inputs changed and shows each result before and after,\n"
    "with the change in per cent.\n\n"
    "  --cadence CHANGE     +10% or -5% (per cent), +6 or -4 (steps/min), or 180 (the new mean\n"
    "                       cadence). Same speed; the runner is assumed to keep their duty factor\n"
    "                       (contact shortens with the step), and the other bound, contact time\n"
    "                       kept, is shown too\n"
    "  --lean-deg D         a new forward trunk lean\n"
    "  --mass KG            a new body mass (timing unchanged: forces in newtons scale with it)\n"
    "  --core-weak          as if the deep core were weak (Raabe & Chaudhari 2018 sizes)\n"
    "  --runner-mass KG, --height M, --runner-lean-deg D\n"
    "                       the runner as they are (defaults 70 kg, 1.75 m, 7.2 deg assumed)\n"
    "  --json               {changes, assumptions, metrics: [{name, before, after, change_pct}],\n"
    "                       alternative}\n\n"
    "A model's answer to 'what if', not a promise: docs/science.md.\n"
    "exit codes: 0 ok; 64 usage; 65 no running step in the run; 66 FILE cannot be opened\n";

static int cmd_whatif(const cli_global *g, int argc, char **argv);

const cli_cmd cli_whatif_cmd = {
    "whatif", cmd_whatif, "re-model a run with a changed cadence, lean or mass", whatif_usage};

typedef struct metric {
  const char *name;
  double before, after;
} metric;

static size_t metrics_of(const bks_load_means *b, const bks_load_means *a, metric *m) {
  size_t n = 0;
  double bkm = b->distance_m > 0 ? b->dose / (b->distance_m / 1000) : NAN;
  double akm = a->distance_m > 0 ? a->dose / (a->distance_m / 1000) : NAN;
  m[n++] = (metric){"cadence_spm", b->cadence_spm, a->cadence_spm};
  m[n++] = (metric){"contact_ms", b->contact_ms, a->contact_ms};
  m[n++] = (metric){"vertical_oscillation_cm", b->vo_cm, a->vo_cm};
  m[n++] = (metric){"peak_vgrf_bw", b->peak_vgrf_bw, a->peak_vgrf_bw};
  m[n++] = (metric){"peak_vgrf_n", b->peak_vgrf_n, a->peak_vgrf_n};
  m[n++] = (metric){"lumbar_peak_bw", b->lumbar_peak_bw, a->lumbar_peak_bw};
  m[n++] = (metric){"lumbar_peak_n", b->lumbar_peak_n, a->lumbar_peak_n};
  m[n++] = (metric){"lumbar_shear_bw", b->lumbar_shear_bw, a->lumbar_shear_bw};
  m[n++] = (metric){"lumbar_shear_n", b->lumbar_shear_n, a->lumbar_shear_n};
  m[n++] = (metric){"lumbar_load_index", b->lli, a->lli};
  m[n++] = (metric){"steps", b->steps, a->steps};
  m[n++] = (metric){"lumbar_dose", b->dose, a->dose};
  m[n++] = (metric){"lumbar_dose_per_km", bkm, akm};
  return n;
}

static double pct(const metric *m) {
  return m->before != 0 ? 100 * (m->after / m->before - 1) : NAN;
}

// the change of metric `name` in per cent (NaN when absent)
static double pct_of(const metric *m, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++) {
    if (strcmp(m[i].name, name) == 0) return pct(&m[i]);
  }
  return NAN;
}

static void json_metrics(bks_json *w, const char *key, const metric *m, size_t n) {
  bks_json_key(w, key);
  bks_json_arr_begin(w);
  for (size_t i = 0; i < n; i++) bks_json_change(w, m[i].name, m[i].before, m[i].after);
  bks_json_arr_end(w);
}

// text rounds to what the numbers mean: steps are counted (whole), the rest is modelled (3
// significant digits); a change under 0.05 % is +0.0 % (never -0.0 %); --json has every digit
static void text_metrics(const metric *m, size_t n) {
  printf("  %-26s %12s %12s %9s\n", "", "before", "after", "change");
  for (size_t i = 0; i < n; i++) {
    char b[CLI_SIG_MAX], a[CLI_SIG_MAX];
    if (strcmp(m[i].name, "steps") == 0) {
      snprintf(b, sizeof b, "%.0f", m[i].before);
      snprintf(a, sizeof a, "%.0f", m[i].after);
    } else {
      cli_sig(b, m[i].before, 3);
      cli_sig(a, m[i].after, 3);
    }
    double c = pct(&m[i]);
    if (fabs(c) < 0.05) c = 0;
    printf("  %-26s %12s %12s %+8.1f%%\n", m[i].name, b, a, c);
  }
}

// --cadence: "+10%", "-5%", "10%" (per cent), "+6"/"-4" (steps/min), "180" (new mean)
static int parse_cadence(const char *text, double mean, double *factor) {
  char buf[64];
  size_t n = strlen(text);
  if (n == 0 || n >= sizeof buf) return cli_usage_error("whatif", "--cadence needs a value");
  memcpy(buf, text, n + 1);
  int percent = buf[n - 1] == '%';
  if (percent) buf[n - 1] = '\0';
  double v;
  if (lcli_parse_number(buf, &v) != 0) {
    return cli_usage_error(
        "whatif",
        "--cadence needs +N%%, -N%% (a change in per cent), +N, -N (steps/min) or "
        "N (the new mean, steps/min), decimals allowed; not '%s'",
        text);
  }
  if (percent) {
    *factor = 1 + v / 100;
  } else if (buf[0] == '+' || buf[0] == '-') {
    *factor = (mean + v) / mean;
  } else {
    *factor = v / mean;
  }
  // a change a runner can make at the same speed: within a third either way (step-rate studies
  // change it by 5-10 %, Heiderscheit et al. 2011); a bigger one is a typo, not a what-if
  if (!(*factor >= 0.7 && *factor <= 1.3) || !isfinite(*factor)) {
    return cli_usage_error("whatif",
                           "--cadence %s changes the cadence by %+.0f %%: give a change within "
                           "-30 %% to +30 %% (step-rate studies use 5-10 %%)",
                           text, (*factor - 1) * 100);
  }
  return 0;
}

static int cmd_whatif(const cli_global *g, int argc, char **argv) {
  if (g->help) return cli_help(&cli_whatif_cmd);
  lcli_runner base;
  lcli_runner_init(&base);
  const char *what = NULL, *cadence = NULL;
  double new_mass = NAN, new_lean = NAN;
  int new_core = 0;
  for (int i = 1; i < argc; i++) {
    const char *v;
    int got = lcli_runner_option("whatif", "runner-", argc, argv, &i, &base);
    if (got < 0) return -got;
    if (got) continue;
    if ((got = lcli_option("whatif", "--height", argc, argv, &i, &v)) != 0) {
      if (got < 0 || lcli_number_in("whatif", "--height", v, BKS_HEIGHT_MIN_M, BKS_HEIGHT_MAX_M,
                                    &base.height)) {
        return EXIT_USAGE;
      }
    } else if ((got = lcli_option("whatif", "--mass", argc, argv, &i, &v)) != 0) {
      if (got < 0 ||
          lcli_number_in("whatif", "--mass", v, BKS_MASS_MIN_KG, BKS_MASS_MAX_KG, &new_mass)) {
        return EXIT_USAGE;
      }
    } else if ((got = lcli_option("whatif", "--lean-deg", argc, argv, &i, &v)) != 0) {
      if (got < 0 || lcli_number("whatif", "--lean-deg", v, &new_lean)) return EXIT_USAGE;
    } else if ((got = lcli_option("whatif", "--cadence", argc, argv, &i, &v)) != 0) {
      if (got < 0) return EXIT_USAGE;
      cadence = v;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      return cli_unknown_arg(&cli_whatif_cmd, NULL, argv[i]);
    } else if (what) {
      return cli_usage_error("whatif", "one RUN_ID or FILE only");
    } else {
      what = argv[i];
    }
  }
  // --core-weak was taken as a runner flag: here it is the change
  new_core = base.core_weak;
  base.core_weak = 0;
  if (!what) return cli_usage_error("whatif", "give a RUN_ID (see 'backstride runs') or a FILE");
  if (!cadence && isnan(new_mass) && isnan(new_lean) && !new_core) {
    return cli_usage_error("whatif", "give at least one change: --cadence, --lean-deg, --mass or "
                                     "--core-weak");
  }
  int ex = lcli_runner_resolve(g, &base);
  if (ex) return ex;
  bks_model before;
  char defaults[32], dummy[32];
  ex = lcli_model_init("whatif", &base, &before, defaults, sizeof defaults);
  if (ex) return ex;
  lcli_runner changed = base;
  changed.mass = isnan(new_mass) ? before.mass_kg : new_mass;
  changed.height = before.height_m;
  changed.lean = isnan(new_lean) ? base.lean : new_lean;
  changed.core_weak = new_core;
  bks_model after;
  if ((ex = lcli_model_init("whatif", &changed, &after, dummy, sizeof dummy))) return ex;

  lcli_input in;
  if ((ex = lcli_input_open(g, "whatif", what, &in))) {
    lcli_input_close(&in);
    return ex;
  }
  bks_steps s0;
  bks_steps_init(&s0);
  bks_run_load r0, r1, r2;
  bks_run_load_init(&r0);
  bks_run_load_init(&r1);
  bks_run_load_init(&r2);
  double factor = 1;
  size_t dropped1 = 0, dropped2 = 0;
  int rc = bks_steps_build(&s0, in.a, before.params);
  if (rc == BKS_OK) rc = bks_run_load_compute(&before, &s0, &r0);
  if (rc == BKS_OK && cadence) {
    if ((ex = parse_cadence(cadence, r0.summary.cadence_spm, &factor))) goto done;
    rc = bks_whatif_scenario(&after, &s0, factor, 0, &r1, &dropped1);
    // the other bound: contact time kept (may fail when no flight is left)
    if (rc == BKS_OK && bks_whatif_scenario(&after, &s0, factor, 1, &r2, &dropped2) < 0) {
      r2.summary.steps = 0;
    }
  } else if (rc == BKS_OK) {
    rc = bks_whatif_scenario(&after, &s0, 1, 0, &r1, &dropped1);
  }
  if (rc == BKS_E_NOMEM) {
    cli_err("backstride whatif: out of memory");
    ex = EXIT_SOFTWARE;
    goto done;
  }
  if (rc < 0) {
    cli_err("backstride whatif: %s: no running step to model%s%s", what,
            s0.first_problem[0] ? "; " : "", s0.first_problem);
    ex = EXIT_DATAERR;
    goto done;
  }

  metric m1[16], m2[16];
  size_t n1 = metrics_of(&r0.summary, &r1.summary, m1);
  // the contact-kept bound only means something while most records keep a flight phase
  int have_alt = cadence && r2.summary.steps > 0 && dropped2 * 2 <= s0.n;
  int alt_impossible = cadence && !have_alt;
  size_t n2 = have_alt ? metrics_of(&r0.summary, &r2.summary, m2) : 0;
  const char *assume_cad =
      "cadence changed at the same speed; the runner keeps their duty factor, so contact and "
      "flight shorten with the step (peak force per step unchanged, fewer centimetres of bounce, "
      "more steps per kilometre)";
  const char *assume_alt =
      "other bound: contact time kept, flight shortened (peak force per step falls)";
  // the plain-language sentence, from the bound the literature supports
  char sentence[400] = "";
  if (cadence && have_alt) {
    double step = pct_of(m2, n2, "lumbar_peak_bw"), km = pct_of(m2, n2, "lumbar_dose_per_km");
    snprintf(sentence, sizeof sentence,
             "With %+.0f %% steps per minute at the same pace, each step's lumbar compression "
             "changes by %+.1f %% (the bound the studies support) and the dose per kilometre by "
             "%+.1f %% (more steps, each lighter).",
             (factor - 1) * 100, fabs(step) < 0.05 ? 0.0 : step, fabs(km) < 0.05 ? 0.0 : km);
  } else if (cadence) {
    snprintf(sentence, sizeof sentence,
             "A cadence change this large cannot keep the contact time: no estimate the studies "
             "support.");
  }
  const char *assume_mass = "mass changed with the same step timing: forces in newtons scale "
                            "with mass, values in body weights do not";
  const char *assume_lean = "trunk lean changed: the back-extensor force that holds the lean, "
                            "and the shear, change with it";
  if (g->json) {
    bks_buf b;
    bks_buf_init(&b);
    bks_json w;
    bks_json_init(&w, &b);
    bks_json_obj_begin(&w);
    bks_json_key(&w, "changes");
    bks_json_obj_begin(&w);
    bks_json_kv_fixed(&w, "cadence_factor", factor, 4);
    bks_json_kv_fixed(&w, "mass_kg", after.mass_kg, 2);
    bks_json_kv_fixed(&w, "lean_deg", after.lean_deg, 2);
    bks_json_kv_bool(&w, "core_weak", after.core_weak);
    bks_json_obj_end(&w);
    bks_json_key(&w, "runner");
    bks_json_model_runner(&w, &before, defaults, base.source);
    bks_json_key(&w, "assumptions");
    bks_json_arr_begin(&w);
    const char *list[] = {cadence ? assume_cad : NULL, !isnan(new_mass) ? assume_mass : NULL,
                          !isnan(new_lean) ? assume_lean : NULL, new_core ? lcli_core_text : NULL};
    for (int k = 0; k < 4; k++) {
      if (list[k]) bks_json_str(&w, list[k]);
    }
    bks_json_arr_end(&w);
    json_metrics(&w, "metrics", m1, n1);
    bks_json_key(&w, "alternative");
    if (have_alt) {
      bks_json_obj_begin(&w);
      bks_json_kv_str(&w, "assumption", assume_alt);
      bks_json_kv_uint(&w, "records_dropped", dropped2);
      json_metrics(&w, "metrics", m2, n2);
      bks_json_obj_end(&w);
    } else {
      bks_json_null(&w);
    }
    if (cadence) {
      // which bound the literature supports, and what it means in plain words
      bks_json_key(&w, "literature");
      bks_json_obj_begin(&w);
      bks_json_kv_str(&w, "supports", have_alt ? "alternative" : "neither bound is possible");
      bks_json_kv_str(&w, "evidence", bks_whatif_cadence_evidence);
      bks_json_kv_str(&w, "source", bks_whatif_cadence_source);
      bks_json_kv_str(&w, "summary", sentence);
      bks_json_obj_end(&w);
    }
    if (alt_impossible) {
      bks_json_kv_str(&w, "alternative_note",
                      "keeping the contact time is impossible at this cadence: most records "
                      "would lose their flight phase");
    }
    bks_json_kv_str(&w, "explanation", lcli_explanation);
    bks_json_obj_end(&w);
    ex = cli_json_print("whatif", &w, &b, stdout);
    bks_buf_deinit(&b);
  } else {
    printf("what if: ");
    if (cadence) printf("cadence x %.3f; ", factor);
    if (!isnan(new_mass)) printf("mass %.1f -> %.1f kg; ", before.mass_kg, after.mass_kg);
    if (!isnan(new_lean)) printf("lean %.1f -> %.1f deg; ", before.lean_deg, after.lean_deg);
    if (new_core) printf("deep-core weakness; ");
    printf("\n");
    printf("runner: %.1f kg, %.2f m (%s)\n", before.mass_kg, before.height_m,
           lcli_runner_source_words(&base));
    if (defaults[0]) {
      printf("(default runner %s used: give --runner-mass and --height, or store them with "
             "'backstride profile set')\n",
             defaults);
    }
    if (cadence) printf("\n%s\n", assume_cad);
    if (!isnan(new_mass)) printf("\n%s\n", assume_mass);
    if (!isnan(new_lean)) printf("\n%s\n", assume_lean);
    if (new_core) printf("\n%s\n", lcli_core_text);
    printf("\n");
    text_metrics(m1, n1);
    if (have_alt) {
      printf("\n%s%s\n", assume_alt, dropped2 ? " (some records lose their flight phase)" : "");
      text_metrics(m2, n2);
    } else if (alt_impossible) {
      printf("\nother bound (contact time kept): impossible at this cadence, most records would "
             "lose their flight phase\n");
    }
    if (cadence) {
      printf("\nWhat the studies support: %s (%s).\n%s\n", bks_whatif_cadence_evidence,
             bks_whatif_cadence_source, sentence);
    }
    printf("\n%s\n", lcli_explanation);
  }
  if (fflush(stdout) != 0) ex = EXIT_IOERR;
done:
  bks_run_load_deinit(&r0);
  bks_run_load_deinit(&r1);
  bks_run_load_deinit(&r2);
  bks_steps_deinit(&s0);
  lcli_input_close(&in);
  return ex;
}
