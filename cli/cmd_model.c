// backstride model: the lumbar load engine as a calculator for one step.
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "backstride/json.h"
#include "backstride/steps.h"
#include "json_cli.h"
#include "lumbar_cli.h"

static const char model_usage[] =
    "usage: backstride model --contact-ms MS --cadence SPM [--speed M_PER_S] [--mass KG]\n"
    "                        [--height M] [--lean-deg D] [--vo-cm CM] [--core-weak] [--disc]\n"
    "                        [--worn-shoes] [--fatigued] [--json]\n\n"
    "One running step through the lumbar load model: peak vertical ground reaction force (Morin\n"
    "et al. 2005 sine-wave method with its published treadmill correction), centre-of-mass drop,\n"
    "vertical and leg stiffness, loading rate, and the peak compression and anterior shear at\n"
    "L4/L5 with the Lumbar Load Index (relaxed standing = 1, Wilke et al. 1999) and a band.\n\n"
    "  --contact-ms MS   ground contact (stance) time in milliseconds\n"
    "  --cadence SPM     steps per minute (both feet); the step lasts 60/SPM s, and what contact\n"
    "                    does not use is flight\n"
    "  --speed M_PER_S   running speed (for leg compression and leg stiffness; optional)\n"
    "  --mass KG         body mass (default 70 kg; the outputs in body weights do not depend on "
    "it)\n"
    "  --height M        height (default 1.75 m; leg length = 0.53 x height)\n"
    "  --lean-deg D      forward trunk lean while running (default: 7.2 deg assumed, the mean of\n"
    "                    Teng & Powers 2015; the band widens when it is assumed)\n"
    "  --vo-cm CM        the watch's vertical oscillation, checked against the timing\n"
    "  --core-weak       apply the published effect of deep-core weakness (Raabe & Chaudhari "
    "2018)\n"
    "  --disc, --worn-shoes, --fatigued\n"
    "                    risk flags: explained, never multiplied (no published magnitude)\n"
    "  --json            one JSON object (peak_vgrf_bw, lumbar_peak_bw, lumbar_shear_bw,\n"
    "                    lumbar_load_index, bands, stiffness, flags ...)\n\n"
    "Numbers accept decimals. Estimates from a simple model, never a diagnosis: docs/science.md.\n"
    "exit codes: 0 ok; 64 a value is missing, not a number or impossible (such as a contact time\n"
    "as long as the step)\n";

static int cmd_model(const cli_global *g, int argc, char **argv);

const cli_cmd cli_model_cmd = {"model", cmd_model,
                               "lumbar load of one step from contact time, cadence and speed",
                               model_usage};

static int print_json(const bks_model *m, const lcli_runner *r, const char *defaults, double speed,
                      double contact, double flight, double cadence, double vo_cm,
                      const bks_step_result *s) {
  bks_buf b;
  bks_buf_init(&b);
  bks_json w;
  bks_json_init(&w, &b);
  bks_json_obj_begin(&w);
  bks_json_key(&w, "inputs");
  bks_json_obj_begin(&w);
  bks_json_kv_fixed(&w, "contact_ms", contact * 1000, 3);
  bks_json_kv_fixed(&w, "cadence_spm", cadence, 3);
  bks_json_kv_fixed(&w, "step_ms", 60000.0 / cadence, 3);
  bks_json_kv_fixed(&w, "flight_ms", flight * 1000, 3);
  bks_json_kv_fixed(&w, "speed_m_s", speed, 3);
  bks_json_kv_fixed(&w, "vertical_oscillation_cm", vo_cm, 3);
  bks_json_obj_end(&w);
  bks_json_key(&w, "runner");
  bks_json_model_runner(&w, m, defaults, r->source);
  bks_json_step_result(&w, m, s, vo_cm);
  bks_json_key(&w, "core_weakness");
  lcli_json_core(&w, m->core_weak);
  bks_json_key(&w, "flags");
  lcli_json_flags(&w, r, 0);
  bks_json_kv_str(&w, "explanation", lcli_explanation);
  bks_json_obj_end(&w);
  int ex = cli_json_print("model", &w, &b, stdout);
  bks_buf_deinit(&b);
  return ex;
}

static void print_text(const bks_model *m, const lcli_runner *r, const char *defaults, double speed,
                       double contact, double flight, double cadence, double vo_cm,
                       const bks_step_result *s) {
  printf("step: contact %.0f ms, flight %.0f ms, cadence %.1f steps/min", contact * 1000,
         flight * 1000, cadence);
  if (isfinite(speed)) printf(", %.2f m/s", speed);
  printf("\nrunner: %.1f kg, %.2f m, trunk lean %.1f deg%s\n", m->mass_kg, m->height_m, m->lean_deg,
         m->lean_assumed ? " (assumed)" : "");
  if (defaults[0]) {
    printf("  (default %s used: give --mass and --height, or store them with 'backstride profile "
           "set')\n",
           defaults);
  }
  printf("\nwhole body\n");
  printf("  peak vertical force   %.2f BW (%.0f N; sine-wave %.0f N x %.4f published correction)\n",
         s->peak_vgrf_bw, s->peak_vgrf_n, s->fmax_n, m->fmax_corr);
  printf("  loading rate          %.1f BW/s (half-sine, touchdown to peak; no impact transient)\n",
         s->loading_rate_bw_s);
  printf("  centre-of-mass drop   %.1f cm during contact\n", s->dyc_m * 100);
  printf("  vertical stiffness    %.1f kN/m\n", s->kvert_n_m / 1000);
  if (isfinite(s->kleg_n_m)) {
    printf("  leg stiffness         %.2f kN/m (leg %.3f m, compressed %.1f cm)\n",
           s->kleg_n_m / 1000, m->leg_m, s->dleg_m * 100);
  }
  printf("  vertical oscillation  %.1f cm implied by the timing", s->vo_model_m * 100);
  if (isfinite(vo_cm))
    printf(" (watch: %.1f cm, ratio %.2f)", vo_cm, vo_cm / (s->vo_model_m * 100));
  printf("\n\nlower back (L4/L5)\n");
  printf("  peak compression      %.2f BW (%.0f N), band %.2f-%.2f BW\n", s->lumbar_comp_bw,
         s->lumbar_comp_n, s->lumbar_comp_bw * fmax(0, 1 - s->u_comp),
         s->lumbar_comp_bw * (1 + s->u_comp));
  printf("  peak anterior shear   %.2f BW (%.0f N)\n", s->lumbar_shear_bw, s->lumbar_shear_n);
  printf("  Lumbar Load Index     %.2f x relaxed standing, band %.2f-%.2f\n", s->lli,
         s->lli * fmax(0, 1 - s->u_lli), s->lli * (1 + s->u_lli));
  if (!r->core_weak) printf("\n%s\n", lcli_core_text); // else it opens the flag below
  if (r->core_weak || r->disc || r->worn_shoes || r->fatigued) {
    printf("\nflags\n");
    lcli_text_flags(stdout, r, 0);
  }
  printf("\n%s\n", lcli_explanation);
}

static int cmd_model(const cli_global *g, int argc, char **argv) {
  if (g->help) return cli_help(&cli_model_cmd);
  lcli_runner r;
  lcli_runner_init(&r);
  double speed = NAN, contact_ms = NAN, cadence = NAN, vo_cm = NAN;
  static const char *const names[] = {"--speed", "--contact-ms", "--cadence", "--vo-cm"};
  double *dst[] = {&speed, &contact_ms, &cadence, &vo_cm};
  for (int i = 1; i < argc; i++) {
    int got = lcli_runner_option("model", "", argc, argv, &i, &r);
    if (got < 0) return -got;
    if (got) continue;
    for (int k = 0; k < 4 && !got; k++) {
      const char *v;
      got = lcli_option("model", names[k], argc, argv, &i, &v);
      if (got < 0) return EXIT_USAGE;
      if (got && lcli_number("model", names[k], v, dst[k])) return EXIT_USAGE;
    }
    if (!got) return cli_unknown_arg(&cli_model_cmd, NULL, argv[i]);
  }
  if (isnan(contact_ms)) return cli_usage_error("model", "--contact-ms MS is missing");
  if (isnan(cadence)) return cli_usage_error("model", "--cadence SPM is missing");
  if (!isnan(speed) && speed < 0) {
    return cli_usage_error("model", "--speed must be 0 or more m/s (got %g)", speed);
  }
  if (!isnan(vo_cm) && vo_cm <= 0) {
    return cli_usage_error("model", "--vo-cm must be a positive number of centimetres (got %g)",
                           vo_cm);
  }
  char err[256];
  double contact = contact_ms / 1000.0, flight;
  if (bks_step_from_cadence(cadence, contact, &flight, err, sizeof err) < 0) {
    return cli_usage_error("model", "%s", err);
  }
  int ex = lcli_runner_resolve(g, &r);
  if (ex) return ex;
  bks_model m;
  char defaults[32];
  ex = lcli_model_init("model", &r, &m, defaults, sizeof defaults);
  if (ex) return ex;
  if (isfinite(speed) && speed * contact / 2 > m.leg_m) {
    return cli_usage_error("model",
                           "speed x contact time / 2 = %.2f m is longer than the leg (%.2f m from "
                           "the height): a leg cannot sweep that far in one contact",
                           speed * contact / 2, m.leg_m);
  }
  bks_step_result s;
  if (bks_model_step(&m, contact, flight, speed, 0, &s) < 0 || !isfinite(s.peak_vgrf_bw)) {
    return cli_usage_error("model", "these inputs give no valid step");
  }
  if (g->json) {
    ex = print_json(&m, &r, defaults, speed, contact, flight, cadence, vo_cm, &s);
    if (ex) return ex;
  } else {
    print_text(&m, &r, defaults, speed, contact, flight, cadence, vo_cm, &s);
  }
  if (defaults[0] && g->json && !g->quiet) {
    fprintf(stderr, "backstride model: default %s used (see --help)\n", defaults);
  }
  return fflush(stdout) == 0 ? EXIT_OK : EXIT_IOERR;
}
