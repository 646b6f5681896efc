// The lumbar load model: every equation against hand-computed values, properties over a grid of
// valid inputs, clear errors for impossible steps, the published anchors, and the measured error
// against the shared force-plate trials (the figure docs/science.md reports).
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/model.h"
#include "backstride/validate.h"
#include "backstride/steps.h"
#include "harness.h"

static bks_model model_of(double mass, double height, double lean, int weak) {
  bks_model m;
  bks_runner r = {mass, height, lean, weak};
  char err[128];
  int rc = bks_model_init(&m, NULL, &r, err, sizeof err);
  if (rc != BKS_OK) fprintf(stderr, "model_of: %s\n", err);
  return m;
}

//---- Morin et al. 2005 equations: SCIENCE.md section 1 worked examples ----

BKS_TEST(morin_worked_example_1) {
  // 70 kg, tc 0.25, tf 0.12, v 3.33, h 1.75 → 1596 N (2.32 BW), 0.0678 m, 23.6, 0.166, 9.59, 0.085
  double g = 9.81, f = bks_sm_fmax(70, g, 0.25, 0.12);
  BKS_CHECK_NEAR(f, 1596, 0.5);
  BKS_CHECK_NEAR(f / (70 * g), 2.32, 0.005);
  double dyc = bks_sm_dyc(f, 70, g, 0.25);
  BKS_CHECK_NEAR(dyc, 0.0678, 0.00005);
  BKS_CHECK_NEAR(bks_sm_kvert(f, dyc) / 1000, 23.6, 0.05);
  double dl = bks_sm_dleg(0.53 * 1.75, 3.33, 0.25, dyc);
  BKS_CHECK_NEAR(dl, 0.166, 0.0005);
  BKS_CHECK_NEAR(bks_sm_kleg(f, dl) / 1000, 9.59, 0.005);
  BKS_CHECK_NEAR(bks_sm_vo(g, 0.12, dyc), 0.085, 0.0005);
}

BKS_TEST(morin_worked_example_2) {
  // 70 kg, tc 0.22, tf 0.13, v 4.00, h 1.75 → 1716 N (2.50), 0.0609, 28.2, 0.172, 9.98, 0.082
  double g = 9.81, f = bks_sm_fmax(70, g, 0.22, 0.13);
  BKS_CHECK_NEAR(f, 1716, 0.5);
  BKS_CHECK_NEAR(f / (70 * g), 2.50, 0.005);
  double dyc = bks_sm_dyc(f, 70, g, 0.22);
  BKS_CHECK_NEAR(dyc, 0.0609, 0.00005);
  BKS_CHECK_NEAR(bks_sm_kvert(f, dyc) / 1000, 28.2, 0.05);
  double dl = bks_sm_dleg(0.53 * 1.75, 4.0, 0.22, dyc);
  BKS_CHECK_NEAR(dl, 0.172, 0.0005);
  BKS_CHECK_NEAR(bks_sm_kleg(f, dl) / 1000, 9.98, 0.005);
  BKS_CHECK_NEAR(bks_sm_vo(g, 0.13, dyc), 0.082, 0.0005);
}

BKS_TEST(morin_worked_example_3) {
  // 76 kg, tc 0.24, tf 0.10, v 3.33, h 1.78 → 1659 N (2.23), 0.0568, 29.2, 0.146, 11.4, 0.069
  double g = 9.81, f = bks_sm_fmax(76, g, 0.24, 0.10);
  BKS_CHECK_NEAR(f, 1659, 0.5);
  BKS_CHECK_NEAR(f / (76 * g), 2.23, 0.005);
  double dyc = bks_sm_dyc(f, 76, g, 0.24);
  BKS_CHECK_NEAR(dyc, 0.0568, 0.00005);
  BKS_CHECK_NEAR(bks_sm_kvert(f, dyc) / 1000, 29.2, 0.05);
  double dl = bks_sm_dleg(0.53 * 1.78, 3.33, 0.24, dyc);
  BKS_CHECK_NEAR(dl, 0.146, 0.0005);
  BKS_CHECK_NEAR(bks_sm_kleg(f, dl) / 1000, 11.4, 0.05);
  BKS_CHECK_NEAR(bks_sm_vo(g, 0.10, dyc), 0.069, 0.0005);
}

BKS_TEST(leg_cannot_reach) {
  // v·tc/2 longer than the leg: no geometric solution
  BKS_CHECK(isnan(bks_sm_dleg(0.9, 10, 0.25, 0.05)));
}

//---- The whole step, by hand (python, independent of this code) ----

BKS_TEST(model_step_by_hand) {
  bks_model m = model_of(70, 1.75, NAN, 0);
  BKS_CHECK(m.lean_assumed);
  BKS_CHECK_NEAR(m.lean_deg, 7.2, 1e-12);
  BKS_CHECK_NEAR(m.stand_comp_n, 0.536 * 70 * 9.81, 1e-9);
  bks_step_result r;
  BKS_CHECK_EQ_INT(bks_model_step(&m, 0.25, 0.12, 3.33, 0, &r), BKS_OK);
  // corrected peak: sine-wave peak / (1 − 0.0693)
  BKS_CHECK_NEAR(r.peak_vgrf_n, 1715.2954, 0.001);
  BKS_CHECK_NEAR(r.peak_vgrf_bw, 2.49788, 0.00001);
  // half-sine mean rate to the peak: F/(tc/2)
  BKS_CHECK_NEAR(r.loading_rate_bw_s, 19.98305, 0.0001);
  // L4/L5: 0.536·F·(cos 7.2° + 0.2606/0.05·sin 7.2°) and 0.536·F·sin 7.2°
  BKS_CHECK_NEAR(r.lumbar_comp_n, 1512.7335, 0.001);
  BKS_CHECK_NEAR(r.lumbar_comp_bw, 2.20290, 0.00001);
  BKS_CHECK_NEAR(r.lumbar_shear_n, 115.2312, 0.001);
  BKS_CHECK_NEAR(r.lumbar_shear_bw, 0.16780, 0.00001);
  // LLI: compression / (0.536·m·g)
  BKS_CHECK_NEAR(r.lli, 4.10989, 0.00001);
  // Palmgren–Miner weight relative to standing: exp(0.162·100/4840·(C − C_standing))
  BKS_CHECK_NEAR(r.dose, 46.1228, 0.001);
  BKS_CHECK_NEAR(bks_model_dose(&m, r.lumbar_comp_n), r.dose, 1e-9);
  BKS_CHECK_NEAR(bks_model_dose(&m, m.stand_comp_n), 1.0, 1e-12);
  // bands are positive and contain the value
  BKS_CHECK(r.u_comp > 0 && r.u_lli > 0 && r.u_shear > 0);
  BKS_CHECK(r.u_lli < r.u_comp); // the mass fraction cancels in the index
}

BKS_TEST(model_upright_and_core_weakness) {
  // upright: no extensor moment, no shear; LLI = peak force in body weights
  bks_model up = model_of(70, 1.75, 0, 0);
  bks_step_result r;
  bks_model_step(&up, 0.25, 0.12, 3.33, 0, &r);
  BKS_CHECK_NEAR(r.lumbar_comp_n, 919.39834, 0.001);
  BKS_CHECK_NEAR(r.lli, r.peak_vgrf_bw, 1e-12);
  BKS_CHECK_NEAR(r.lumbar_shear_n, 0, 1e-12);
  // complete deep-core weakness: L4/L5 compression −8 %, shear +19 % (Raabe & Chaudhari 2018)
  bks_model weak = model_of(70, 1.75, NAN, 1);
  bks_model_step(&weak, 0.25, 0.12, 3.33, 0, &r);
  BKS_CHECK_NEAR(r.lumbar_comp_n, 1391.71478, 0.001);
  BKS_CHECK_NEAR(r.lumbar_shear_n, 137.12509, 0.001);
}

BKS_TEST(model_static_flexion) {
  bks_model m = model_of(70, 1.75, NAN, 0);
  BKS_CHECK_NEAR(bks_model_static_flexion_ratio(&m, 0), 1.0, 1e-12);
  // 20°: cos 20° + 5.212·sin 20°
  BKS_CHECK_NEAR(bks_model_static_flexion_ratio(&m, 20), 0.9396926 + 5.212 * 0.3420201, 1e-6);
}

//---- Errors ----

BKS_TEST(impossible_steps_are_errors) {
  bks_model m = model_of(70, 1.75, NAN, 0);
  bks_step_result r;
  char err[256];
  double flight;
  // contact as long as the step, or longer
  BKS_CHECK_EQ_INT(bks_step_from_cadence(180, 60.0 / 180, &flight, err, sizeof err), BKS_E_RANGE);
  BKS_CHECK(strstr(err, "not shorter than the step") != NULL);
  BKS_CHECK_EQ_INT(bks_step_from_cadence(180, 0.4, &flight, err, sizeof err), BKS_E_RANGE);
  BKS_CHECK_EQ_INT(bks_step_check(0.4, -0.067, 3, err, sizeof err), BKS_E_RANGE);
  BKS_CHECK(strstr(err, "flight phase") != NULL);
  BKS_CHECK_EQ_INT(bks_model_step(&m, 0.4, -0.067, 3, 0, &r), BKS_E_RANGE);
  BKS_CHECK_EQ_INT(bks_model_step(&m, 0.25, 0, 3, 0, &r), BKS_E_RANGE);
  // negative and NaN
  BKS_CHECK_EQ_INT(bks_step_check(-0.2, 0.1, 3, err, sizeof err), BKS_E_RANGE);
  BKS_CHECK(strstr(err, "positive") != NULL);
  BKS_CHECK_EQ_INT(bks_step_check(NAN, 0.1, 3, err, sizeof err), BKS_E_RANGE);
  BKS_CHECK_EQ_INT(bks_step_check(0.2, NAN, 3, err, sizeof err), BKS_E_RANGE);
  BKS_CHECK_EQ_INT(bks_step_check(0.2, 0.1, -1, err, sizeof err), BKS_E_RANGE);
  BKS_CHECK_EQ_INT(bks_model_step(&m, NAN, 0.1, 3, 0, &r), BKS_E_RANGE);
  BKS_CHECK_EQ_INT(bks_model_step(&m, 0.2, 0.1, -3, 0, &r), BKS_E_RANGE);
  BKS_CHECK_EQ_INT(bks_model_step(&m, 0.2, INFINITY, 3, 0, &r), BKS_E_RANGE);
  BKS_CHECK_EQ_INT(bks_step_from_cadence(NAN, 0.2, &flight, err, sizeof err), BKS_E_RANGE);
  BKS_CHECK_EQ_INT(bks_step_from_cadence(-170, 0.2, &flight, err, sizeof err), BKS_E_RANGE);
  // a speed may be unknown
  BKS_CHECK_EQ_INT(bks_model_step(&m, 0.25, 0.12, NAN, 0, &r), BKS_OK);
  BKS_CHECK(isnan(r.kleg_n_m) && isfinite(r.lumbar_comp_n));
  // runners
  bks_model bad;
  bks_runner rr = {-70, 1.75, NAN, 0};
  BKS_CHECK_EQ_INT(bks_model_init(&bad, NULL, &rr, err, sizeof err), BKS_E_RANGE);
  BKS_CHECK(strstr(err, "mass") != NULL);
  rr = (bks_runner){70, NAN, NAN, 0};
  BKS_CHECK_EQ_INT(bks_model_init(&bad, NULL, &rr, err, sizeof err), BKS_E_RANGE);
  rr = (bks_runner){70, 1.75, 95, 0};
  BKS_CHECK_EQ_INT(bks_model_init(&bad, NULL, &rr, err, sizeof err), BKS_E_RANGE);
}

//---- Properties ----

BKS_TEST(grid_no_nan_no_negative) {
  // every valid combination: finite, non-negative loads and a finite band
  size_t n = 0;
  for (double mass = 40; mass <= 130; mass += 15) {
    for (double h = 1.45; h <= 2.05; h += 0.15) {
      for (double lean = -5; lean <= 30; lean += 5) {
        bks_model m = model_of(mass, h, lean, lean > 20);
        for (double cad = 130; cad <= 230; cad += 10) {
          for (double tc = 0.10; tc <= 0.40; tc += 0.02) {
            double flight;
            if (bks_step_from_cadence(cad, tc, &flight, NULL, 0) < 0) {
              BKS_CHECK(tc >= 60.0 / cad); // rejected only when impossible
              continue;
            }
            for (double v = 0; v <= 8; v += 1) {
              bks_step_result r;
              BKS_CHECK_EQ_INT(bks_model_step(&m, tc, flight, v, 0.17, &r), BKS_OK);
              n++;
              BKS_CHECK(r.peak_vgrf_n > 0 && isfinite(r.peak_vgrf_bw));
              BKS_CHECK(r.dyc_m > 0 && r.kvert_n_m > 0);
              BKS_CHECK(r.vo_model_m > r.dyc_m);
              BKS_CHECK(r.lumbar_comp_n > 0 && isfinite(r.lumbar_comp_bw));
              BKS_CHECK(isfinite(r.lumbar_shear_n));
              BKS_CHECK(lean < 0 ? r.lumbar_shear_n <= 0 : r.lumbar_shear_n >= 0);
              BKS_CHECK(r.lli > 0 && isfinite(r.u_comp) && isfinite(r.u_lli));
              BKS_CHECK(r.dose >= 0 && isfinite(r.dose));
              BKS_CHECK(r.loading_rate_bw_s > 0);
              if (v * tc / 2 < m.leg_m) {
                BKS_CHECK(r.kleg_n_m > 0 && isfinite(r.kleg_n_m));
              }
            }
          }
        }
      }
    }
  }
  BKS_CHECK(n > 10000);
}

BKS_TEST(monotonic_in_published_directions) {
  bks_model m = model_of(70, 1.75, NAN, 0);
  bks_step_result a, b;
  // a longer flight at the same contact raises the peak (Morin eq. 6)
  bks_model_step(&m, 0.25, 0.10, 3.3, 0, &a);
  bks_model_step(&m, 0.25, 0.14, 3.3, 0, &b);
  BKS_CHECK(b.peak_vgrf_bw > a.peak_vgrf_bw && b.lumbar_comp_bw > a.lumbar_comp_bw);
  // shorter contact in the same step: higher peak, stiffer (Morin sensitivity: tc dominates)
  bks_model_step(&m, 0.27, 0.10, 3.3, 0, &a);
  bks_model_step(&m, 0.23, 0.14, 3.3, 0, &b);
  BKS_CHECK(b.peak_vgrf_bw > a.peak_vgrf_bw && b.kvert_n_m > a.kvert_n_m);
  BKS_CHECK(b.kleg_n_m > a.kleg_n_m);
  // more trunk lean: more extensor force and shear (static moment balance)
  double prev_c = 0, prev_s = -1;
  for (double lean = 0; lean <= 40; lean += 2) {
    bks_model ml = model_of(70, 1.75, lean, 0);
    bks_model_step(&ml, 0.25, 0.12, 3.3, 0, &a);
    BKS_CHECK(a.lumbar_comp_n > prev_c && a.lumbar_shear_n > prev_s);
    prev_c = a.lumbar_comp_n, prev_s = a.lumbar_shear_n;
  }
  // higher step rate at the same speed and duty factor: less bounce (Heiderscheit 2011), stiffer
  // leg (Farley & Gonzalez 1996)
  const bks_model_params *p = bks_model_params_builtin();
  double prev_vo = INFINITY, prev_k = 0;
  for (double cad = 150; cad <= 200; cad += 5) {
    double tc = bks_step_contact_from_cadence(p, cad);
    bks_model_step(&m, tc, 60 / cad - tc, 3.0, 0, &a);
    BKS_CHECK(a.vo_model_m < prev_vo && a.kleg_n_m > prev_k);
    prev_vo = a.vo_model_m, prev_k = a.kleg_n_m;
  }
  // heavier: the same in body weights, more in newtons
  bks_model h = model_of(90, 1.75, NAN, 0);
  bks_model_step(&m, 0.25, 0.12, 3.3, 0, &a);
  bks_model_step(&h, 0.25, 0.12, 3.3, 0, &b);
  BKS_CHECK_NEAR(a.lumbar_comp_bw, b.lumbar_comp_bw, 1e-12);
  BKS_CHECK_NEAR(b.lumbar_comp_n / a.lumbar_comp_n, 90.0 / 70.0, 1e-12);
  BKS_CHECK(b.dose > a.dose); // the tolerance is absolute, so the same BW is a larger share
  // a wider timing uncertainty widens the band
  bks_model_step(&m, 0.25, 0.12, 3.3, 0.05, &a);
  bks_model_step(&m, 0.25, 0.12, 3.3, 0.17, &b);
  BKS_CHECK(b.u_comp > a.u_comp && b.u_lli > a.u_lli);
}

//---- Parameters and anchors ----

BKS_TEST(parameter_table_has_sources) {
  const bks_model_params *p = bks_model_params_builtin();
  for (int i = 0; i < BKS_NPARAMS; i++) {
    BKS_CHECK(p->p[i].name != NULL && p->p[i].source != NULL && p->p[i].unit != NULL);
    if (p->p[i].source) BKS_CHECK(strlen(p->p[i].source) > 10);
    BKS_CHECK(isfinite(p->p[i].value));
    for (int j = 0; j < i; j++) {
      if (p->p[i].name && p->p[j].name) BKS_CHECK(strcmp(p->p[i].name, p->p[j].name) != 0);
    }
  }
  BKS_CHECK(isnan(bks_param_value(NULL, BKS_NPARAMS)));
  bks_model_params copy;
  bks_model_params_default(&copy);
  BKS_CHECK_NEAR(bks_param_value(&copy, BKS_P_MASS_ABOVE_L4L5), 0.536, 0);
}

BKS_TEST(validate_anchors_all_pass) {
  size_t n = bks_validate_anchors(NULL, 0);
  BKS_CHECK(n >= 12);
  bks_anchor_result *rows = calloc(n, sizeof *rows);
  BKS_CHECK_EQ_INT(bks_validate_anchors(rows, n), n);
  // at least six distinct sources (first author before the first space or comma)
  char seen[64][24];
  size_t nseen = 0;
  for (size_t i = 0; i < n; i++) {
    if (!rows[i].pass) {
      fprintf(stderr, "anchor fails: %s (expected %g, model %g)\n", rows[i].anchor,
              rows[i].expected, rows[i].model);
    }
    BKS_CHECK(rows[i].pass);
    char author[24] = {0};
    size_t k = strcspn(rows[i].source, " ,");
    memcpy(author, rows[i].source, k < sizeof author - 1 ? k : sizeof author - 1);
    int dup = 0;
    for (size_t j = 0; j < nseen; j++) dup |= strcmp(seen[j], author) == 0;
    if (!dup && nseen < 64) memcpy(seen[nseen++], author, sizeof author);
  }
  BKS_CHECK(nseen >= 6);
  free(rows);
}

//---- Peak vGRF against force plates (../shared/data/sacral-grf-summary) ----

// The figures docs/science.md reports ("Peak vGRF against force plates"), in per cent.
#define REPORTED_MAPE 4.52
#define REPORTED_BIAS -3.47

BKS_TEST(sacral_grf_summary_mape) {
  const char *data = bks_test_shared_data();
  if (!data) BKS_SKIP("../shared/data is absent");
  char path[4200];
  snprintf(path, sizeof path, "%s/sacral-grf-summary/GRF_IMU_data.csv", data);
  FILE *f = fopen(path, "r");
  if (!f) BKS_SKIP("sacral-grf-summary/GRF_IMU_data.csv is absent");
  char line[1024];
  // header: Sub,IsFemale,Mass,Speed,GRFPeak,GRFImpulse,GRFtc,IMUPeak,IMUImpulse,IMUtc,IMUsf
  BKS_CHECK(fgets(line, sizeof line, f) != NULL);
  BKS_CHECK(strncmp(line, "Sub,IsFemale,Mass,Speed,GRFPeak,GRFImpulse,GRFtc", 47) == 0);
  double sum_abs = 0, sum = 0;
  int n = 0;
  while (fgets(line, sizeof line, f)) {
    double v[11];
    int k = 0;
    char *s = line;
    for (; k < 11; k++) {
      char *end;
      v[k] = strtod(s, &end);
      if (end == s) break;
      s = *end == ',' ? end + 1 : end;
    }
    if (k < 11) continue;
    // the same path as `backstride model --mass M --height 1.75 --speed V --contact-ms GRFtc
    // --cadence IMUsf·60`: contact from the force plate, cadence from the step frequency
    double mass = v[2], speed = v[3], ref = v[4], tc = v[6], cadence = v[10] * 60;
    double flight;
    BKS_CHECK_EQ_INT(bks_step_from_cadence(cadence, tc, &flight, NULL, 0), BKS_OK);
    bks_model m = model_of(mass, 1.75, NAN, 0);
    bks_step_result r;
    BKS_CHECK_EQ_INT(bks_model_step(&m, tc, flight, speed, 0, &r), BKS_OK);
    double e = (r.peak_vgrf_bw - ref) / ref * 100;
    sum_abs += fabs(e);
    sum += e;
    n++;
  }
  fclose(f);
  BKS_CHECK(n >= 40);
  if (n == 0) return;
  double mape = sum_abs / n, bias = sum / n;
  fprintf(stderr, "sacral-grf-summary: %d trials, MAPE %.3f %%, bias %+.3f %%\n", n, mape, bias);
  BKS_CHECK_NEAR(mape, REPORTED_MAPE, 0.005);
  BKS_CHECK_NEAR(bias, REPORTED_BIAS, 0.005);
}

BKS_TEST_MAIN(BKS_CASE(morin_worked_example_1), BKS_CASE(morin_worked_example_2),
              BKS_CASE(morin_worked_example_3), BKS_CASE(leg_cannot_reach),
              BKS_CASE(model_step_by_hand), BKS_CASE(model_upright_and_core_weakness),
              BKS_CASE(model_static_flexion), BKS_CASE(impossible_steps_are_errors),
              BKS_CASE(grid_no_nan_no_negative), BKS_CASE(monotonic_in_published_directions),
              BKS_CASE(parameter_table_has_sources), BKS_CASE(validate_anchors_all_pass),
              BKS_CASE(sacral_grf_summary_mape))
