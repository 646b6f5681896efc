// Published anchors compiled into the program (backstride validate): the model, with the built-in
// parameter table, against figures from the literature (SCIENCE.md; docs/science.md "Anchors").
// No file is read. Tolerances follow from how the figure was published: half a unit of its last
// printed digit for worked examples, the published SD where one is given, the sign alone where
// only a direction was published.
#include <math.h>
#include <stddef.h>

#include "backstride/load.h"
#include "backstride/model.h"
#include "backstride/validate.h"

const char *bks_validate_check_name(int check) {
  switch (check) {
  case BKS_CHECK_VALUE:
    return "value";
  case BKS_CHECK_DIRECTION:
    return "direction";
  case BKS_CHECK_RANGE:
    return "range";
  case BKS_CHECK_BELOW:
    return "below";
  case BKS_CHECK_ABOVE:
    return "above";
  default:
    return "unknown";
  }
}

typedef struct sink {
  bks_anchor_result *out;
  size_t cap, n;
} sink;

static void add(sink *k, const char *anchor, const char *source, const char *unit, int check,
                double expected, double model, double tol, int rel, const char *note) {
  bks_anchor_result r;
  r.anchor = anchor;
  r.source = source;
  r.unit = unit;
  r.check = (bks_anchor_check)check;
  r.expected = expected;
  r.model = model;
  r.tolerance = tol;
  r.rel_tol = rel;
  r.note = note;
  r.error = rel ? (model - expected) / expected : model - expected;
  switch (check) {
  case BKS_CHECK_VALUE:
    r.pass = isfinite(r.error) && fabs(r.error) <= tol;
    break;
  case BKS_CHECK_DIRECTION:
    r.pass = isfinite(model) && (model - 1.0) * (expected - 1.0) > 0;
    break;
  case BKS_CHECK_RANGE:
    r.pass = model >= expected - tol && model <= expected + tol;
    break;
  case BKS_CHECK_BELOW:
    r.pass = model < expected;
    break;
  case BKS_CHECK_ABOVE:
    r.pass = model > expected;
    break;
  default:
    r.pass = 0;
  }
  if (k->n < k->cap) k->out[k->n] = r;
  k->n++;
}

// one step at cadence `cad` with the table's duty factor (the assumption the what-if uses)
static bks_step_result step_df(const bks_model *m, double cad, double speed) {
  double step = 60.0 / cad;
  double tc = bks_param_value(m->params, BKS_P_DUTY_FACTOR) * 2.0 * step;
  bks_step_result r = {0};
  if (bks_model_step(m, tc, step - tc, speed, 0, &r) < 0) r.kleg_n_m = r.vo_model_m = NAN;
  return r;
}

static const char SRC_MORIN_EQ[] =
    "Morin et al. 2005, J Appl Biomech 21:167, eqs. 5-9; worked example in docs/science.md "
    "section 8 (Anchors)";
static const char NOTE_DIGITS[] = "tolerance: half a unit of the last digit printed";

size_t bks_validate_anchors(bks_anchor_result *out, size_t cap) {
  sink k = {out, out ? cap : 0, 0};
  const bks_model_params *p = bks_model_params_builtin();
  char err[128];
  bks_model m70, m76;
  bks_runner r70 = {70, 1.75, NAN, 0}, r76 = {76, 1.78, NAN, 0};
  bks_model_init(&m70, p, &r70, err, sizeof err);
  bks_model_init(&m76, p, &r76, err, sizeof err);

  //---- Morin's equations, worked examples ----
  bks_step_result a, b, c;
  bks_model_step(&m70, 0.25, 0.12, 3.33, 0, &a);
  bks_model_step(&m70, 0.22, 0.13, 4.00, 0, &b);
  bks_model_step(&m76, 0.24, 0.10, 3.33, 0, &c);
  add(&k, "sine-wave peak force, 70 kg, tc 0.25 s, tf 0.12 s", SRC_MORIN_EQ, "N", BKS_CHECK_VALUE,
      1596, a.fmax_n, 0.5, 0, NOTE_DIGITS);
  add(&k, "centre-of-mass drop during contact, same step", SRC_MORIN_EQ, "m", BKS_CHECK_VALUE,
      0.0678, a.dyc_m, 0.00005, 0, NOTE_DIGITS);
  add(&k, "vertical stiffness, same step", SRC_MORIN_EQ, "kN/m", BKS_CHECK_VALUE, 23.6,
      a.kvert_n_m / 1000, 0.05, 0, NOTE_DIGITS);
  add(&k, "leg compression, same step at 3.33 m/s, height 1.75 m", SRC_MORIN_EQ, "m",
      BKS_CHECK_VALUE, 0.166, a.dleg_m, 0.0005, 0, NOTE_DIGITS);
  add(&k, "leg stiffness, same step", SRC_MORIN_EQ, "kN/m", BKS_CHECK_VALUE, 9.59,
      a.kleg_n_m / 1000, 0.005, 0, NOTE_DIGITS);
  add(&k, "vertical oscillation implied by the timing (g tf^2/8 + dyc), same step", SRC_MORIN_EQ,
      "m", BKS_CHECK_VALUE, 0.085, a.vo_model_m, 0.0005, 0, NOTE_DIGITS);
  add(&k, "sine-wave peak force, 70 kg, tc 0.22 s, tf 0.13 s", SRC_MORIN_EQ, "N", BKS_CHECK_VALUE,
      1716, b.fmax_n, 0.5, 0, NOTE_DIGITS);
  add(&k, "leg stiffness, 76 kg, 1.78 m, tc 0.24 s, tf 0.10 s, 3.33 m/s", SRC_MORIN_EQ, "kN/m",
      BKS_CHECK_VALUE, 11.4, c.kleg_n_m / 1000, 0.05, 0, NOTE_DIGITS);

  //---- Morin's validation against force platforms ----
  double corr = m70.fmax_corr;
  add(&k, "corrected peak force, Morin's treadmill model mean 1.91 kN, against the platform's 2.05",
      "Morin et al. 2005 Table 1 (treadmill, 8 men, 3.33-6.67 m/s)", "kN", BKS_CHECK_VALUE, 2.05,
      1.91 * corr, 0.0252, 1, "tolerance: the SD of the published bias (2.52 %)");
  add(&k, "the same correction on Morin's overground model mean 2.06 kN, against 2.13 +/- 0.21",
      "Morin et al. 2005 Table 2 (overground, 10 elite runners, 4 m/s to maximal)", "kN",
      BKS_CHECK_VALUE, 2.13, 2.06 * corr, 0.21 / 2.13, 1,
      "tolerance: the between-runner SD of the reference; the treadmill correction over-shoots "
      "overground means (Morin's overground bias was 3.24 %)");
  bks_step_result a9;
  bks_model_step(&m70, 0.25 * 0.9, 0.12, 3.33, 0, &a9);
  add(&k, "vertical stiffness change with 10 % shorter contact (other inputs fixed)",
      "Morin et al. 2005 sensitivity analysis: about +20 %", "%", BKS_CHECK_VALUE, 20,
      (a9.kvert_n_m / a.kvert_n_m - 1) * 100, 2.5, 0,
      "tolerance: 2.5 points, the published figure being rounded to 5 %");
  add(&k, "leg stiffness change with 10 % shorter contact (other inputs fixed)",
      "Morin et al. 2005 sensitivity analysis: about +25 %", "%", BKS_CHECK_VALUE, 25,
      (a9.kleg_n_m / a.kleg_n_m - 1) * 100, 2.5, 0,
      "tolerance: 2.5 points, the published figure being rounded to 5 %");

  //---- Stride frequency (Farley & Gonzalez; Heiderscheit; Mizrahi) ----
  // preferred cadence at 2.5 m/s from the table's cadence-speed relation
  double cad25 = bks_param_value(p, BKS_P_CADENCE_AT_3MS) +
                 bks_param_value(p, BKS_P_CADENCE_SPEED_SLOPE) * (2.5 - 3.0);
  bks_step_result lo = step_df(&m70, cad25 * 0.74, 2.5), hi = step_df(&m70, cad25 * 1.36, 2.5);
  add(&k, "leg stiffness at +36 % / at -26 % of preferred stride frequency, 2.5 m/s",
      "Farley & Gonzalez 1996, J Biomech 29:181: 7.0 -> 16.3 kN/m (x2.33)", "ratio",
      BKS_CHECK_DIRECTION, 16.3 / 7.0, hi.kleg_n_m / lo.kleg_n_m, 0, 1,
      "direction only: keeping the duty factor constant (the what-if assumption) over-states the "
      "size, because runners shorten contact less than in proportion");
  double cad3 = bks_param_value(p, BKS_P_CADENCE_AT_3MS);
  bks_step_result pref = step_df(&m70, cad3, 3.0), up5 = step_df(&m70, cad3 * 1.05, 3.0),
                  up10 = step_df(&m70, cad3 * 1.10, 3.0);
  add(&k, "vertical oscillation at +5 % step rate / at preferred, same speed",
      "Heiderscheit et al. 2011, MSSE 43:296: COM vertical excursion fell as step rate rose",
      "ratio", BKS_CHECK_BELOW, 1.0, up5.vo_model_m / pref.vo_model_m, 0, 0,
      "direction only: no size was published");
  add(&k, "vertical oscillation at +10 % / at +5 % step rate, same speed",
      "Heiderscheit et al. 2011, MSSE 43:296: COM vertical excursion fell as step rate rose",
      "ratio", BKS_CHECK_BELOW, 1.0, up10.vo_model_m / up5.vo_model_m, 0, 0,
      "direction only: no size was published");
  bks_step_result fresh = step_df(&m70, 1.46 * 120, 3.0), tired = step_df(&m70, 1.39 * 120, 3.0);
  add(&k,
      "vertical excursion after 30 min hard running / at the start, stride rate 1.46 -> 1.39 /s",
      "Mizrahi et al. 2000, Hum Mov Sci 19:139: hip excursion 5.1 -> 6.2 cm (x1.22)", "ratio",
      BKS_CHECK_DIRECTION, 6.2 / 5.1, tired.vo_model_m / fresh.vo_model_m, 0, 1,
      "direction only: the stride-rate change explains about half of the published rise");

  //---- Core weakness (Raabe & Chaudhari 2018) ----
  bks_model weak;
  bks_runner rw = r70;
  rw.core_weak = 1;
  bks_model_init(&weak, p, &rw, err, sizeof err);
  bks_step_result aw;
  bks_model_step(&weak, 0.25, 0.12, 3.33, 0, &aw);
  add(&k, "L4/L5 anterior shear with complete deep-core weakness / without",
      "Raabe & Chaudhari 2018, J Biomech (doi 10.1016/j.jbiomech.2017.11.037): up to +19 %",
      "ratio", BKS_CHECK_VALUE, 1.19, aw.lumbar_shear_n / a.lumbar_shear_n, 1e-9, 0,
      "the published maximum is applied as is");
  add(&k, "L4/L5 (lower lumbar) compression with complete deep-core weakness / without",
      "Raabe & Chaudhari 2018: lower lumbar compression down to -8 % (upper lumbar up to +15 %)",
      "ratio", BKS_CHECK_VALUE, 0.92, aw.lumbar_comp_n / a.lumbar_comp_n, 1e-9, 0,
      "the published maximum is applied as is; the model's level is L4/L5, a lower level");

  //---- Disc pressure (Wilke 1999) and segment masses (Winter) ----
  // the forward flexion at which the static model reproduces Wilke's flexed/standing ratio
  double target = bks_param_value(p, BKS_P_WILKE_FLEXED) / bks_param_value(p, BKS_P_WILKE_STANDING);
  double lo_deg = 0, hi_deg = 89;
  for (int it = 0; it < 60; it++) { // bisection: the ratio rises monotonically to its peak
    double mid = (lo_deg + hi_deg) / 2;
    if (bks_model_static_flexion_ratio(&m70, mid) < target) {
      lo_deg = mid;
    } else {
      hi_deg = mid;
    }
  }
  add(&k,
      "forward flexion [deg] at which the model's standing-flexed / relaxed-standing L4/L5 load "
      "equals Wilke's pressure ratio 1.10/0.50",
      "Wilke et al. 1999, Spine 24:755; range: 10.8 deg (Teng & Powers 2015, high running lean) to "
      "about 33 deg (Dreischarf et al. 2015, where lumbar force stops rising)",
      "deg", BKS_CHECK_RANGE, (10.8 + 33.0) / 2, (lo_deg + hi_deg) / 2, (33.0 - 10.8) / 2, 0,
      "Wilke's flexion angle was not retrieved, so a plausible range is checked, not a value");
  add(&k, "relaxed standing in the model (upright, no acceleration) as Lumbar Load Index",
      "Wilke et al. 1999: relaxed standing 0.50 MPa defines LLI 1.0", "LLI", BKS_CHECK_VALUE, 1.0,
      bks_model_static_flexion_ratio(&m70, 0), 1e-12, 0, "the reference of the index");
  add(&k, "mass above L4/L5: HAT - pelvis against head-neck + thorax + abdomen + 2 arms",
      "Winter (Dempster-based) Table 4.1: 0.081 + 0.216 + 0.139 + 2 x 0.050", "1", BKS_CHECK_VALUE,
      0.081 + 0.216 + 0.139 + 2 * 0.050, bks_param_value(p, BKS_P_MASS_ABOVE_L4L5), 0.0005, 0,
      "two sums of the same table; tolerance: its third decimal");

  //---- Dose and training load ----
  double n50 = bks_param_value(p, BKS_P_DOSE_N0) * exp(-bks_param_value(p, BKS_P_DOSE_COEF) * 50);
  add(&k, "cycles to failure at 50 % of the ultimate compressive tolerance",
      "LiFFT fatigue curve (Gallagher et al. 2017) as in pyergo: 274 cycles at 50 %", "cycles",
      BKS_CHECK_VALUE, 274, n50, 0.5, 0, NOTE_DIGITS);
  enum { NDAYS = 56 };
  double days[NDAYS];
  bks_day_load dl[NDAYS];
  for (int d = 0; d < NDAYS; d++) days[d] = 100.0;
  bks_day_loads_compute(p, days, NDAYS, dl);
  add(&k, "EWMA acute:chronic ratio after 8 weeks of the same daily load",
      "Williams et al. 2017 (EWMA, lambda = 2/(N+1), N = 7 and 28); Gabbett 2016 sweet spot "
      "0.8-1.3",
      "ratio", BKS_CHECK_RANGE, 1.05, dl[NDAYS - 1].acwr_ewma, 0.25, 0,
      "steady training must sit in the published sweet spot");
  for (int d = NDAYS - 7; d < NDAYS; d++) days[d] = 200.0;
  bks_day_loads_compute(p, days, NDAYS, dl);
  add(&k, "uncoupled acute:chronic ratio after a week at twice the usual daily load",
      "Gabbett 2016 danger zone >= 1.5 (a soft flag: Impellizzeri et al. 2020)", "ratio",
      BKS_CHECK_ABOVE, bks_param_value(p, BKS_P_ACWR_SPIKE), dl[NDAYS - 1].acwr_uncoupled, 0, 0,
      "a doubling must raise the spike flag");
  return k.n;
}
