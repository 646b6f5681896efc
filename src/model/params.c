// The one parameter table of the lumbar load engine (steps, model, load). Every value carries its
// source; docs/science.md explains each one. Entries marked "assumption" are not published
// figures: they say so here, in the output's notes and in docs/science.md.
//
// Nothing in this table was fitted to the shared force-plate files.
#include <math.h>
#include <string.h>

#include "backstride/model.h"

#define P(id, nm, v, u, src) [id] = {nm, v, u, src}

static const bks_model_params builtin = {{
    // physics
    P(BKS_P_GRAVITY, "gravity", 9.81, "m/s^2",
      "9.81 m/s^2, the value behind the worked examples of Morin's equations in SCIENCE.md "
      "section 1 (standard gravity 9.80665 rounded; 0.03 % apart)"),

    // spring-mass method
    P(BKS_P_LEG_LENGTH_RATIO, "leg_length_ratio", 0.53, "1",
      "Winter 1979 leg length = 0.53 x height, as used by Morin et al. 2005 (J Appl Biomech "
      "21:167), who found a 1.94 +/- 1.51 % bias against measured leg length (R^2 0.89)"),
    P(BKS_P_FMAX_BIAS, "fmax_bias", 0.0693, "1",
      "Morin et al. 2005 Table 1 (treadmill force platform, 8 men, 3.33-6.67 m/s): the sine-wave "
      "peak force was 6.93 +/- 2.52 % below the platform's, bias = (model - platform)/platform; "
      "the corrected peak is the sine-wave peak / (1 - 0.0693)"),
    P(BKS_P_FMAX_BIAS_SD, "fmax_bias_sd", 0.0252, "1",
      "Morin et al. 2005 Table 1: SD of the peak-force bias (2.52 %)"),
    P(BKS_P_DYC_BIAS_SD, "dyc_bias_sd", 0.0110, "1",
      "Morin et al. 2005 Table 1: SD of the centre-of-mass displacement bias (1.10 %)"),

    // lumbar geometry
    P(BKS_P_MASS_ABOVE_L4L5, "mass_above_l4l5", 0.536, "1",
      "Winter (Dempster-based) Table 4.1: HAT 0.678 - pelvis (L4-L5 to greater trochanter) "
      "0.142 = 0.536; the same as head-neck 0.081 + thorax 0.216 + abdomen 0.139 + 2 arms 0.050"),
    P(BKS_P_MASS_ABOVE_UNC, "mass_above_unc", 0.064, "1",
      "half the spread between 0.491 (Zatsiorsky/de Leva, above the omphalion) and 0.56 "
      "(estimate above L5/S1), relative to 0.536: (0.56 - 0.491)/2/0.536"),
    P(BKS_P_TRUNK_LEVER, "trunk_lever", 0.2606, "m",
      "Chaffin, Andersson & Martin 1999 (Occupational Biomechanics, Table 3.9, App. B.2) as "
      "tabulated in J Electromyogr Kinesiol 2012;22:814 Table 2: L5/S1 disc to the trunk centre "
      "of mass at T8-T9, 8.91 cm / sin 20 deg = 26.06 cm (same at 40 and 60 deg)"),
    P(BKS_P_TRUNK_LEVER_UNC, "trunk_lever_unc", 0.15, "1",
      "assumption: the published lever is measured from L5/S1; L4/L5 is one motion segment "
      "(about 4 cm) higher, so the lever at L4/L5 may be up to about 15 % shorter"),
    P(BKS_P_EXTENSOR_ARM, "extensor_moment_arm", 0.05, "m",
      "lumbar extensor moment arm fixed at 5 cm in common static low-back models (Gungor 2013, "
      "Auburn dissertation, reviewing them); SCIENCE.md section 11 gives 5-6 cm [L]"),
    P(BKS_P_EXTENSOR_ARM_UNC, "extensor_moment_arm_unc", 0.10, "1",
      "half of the 5-6 cm range, relative to 5 cm"),
    P(BKS_P_LEAN_DEFAULT, "lean_default", 7.2, "deg",
      "mean of the two groups of Teng & Powers 2015 (MSSE 47:625; 40 runners at 3.4 m/s): "
      "10.8 +/- 2.2 deg and 3.6 +/- 2.8 deg of trunk flexion, equal group sizes assumed"),
    P(BKS_P_LEAN_ASSUMED_UNC, "lean_assumed_unc", 3.6, "deg",
      "half the difference between the two groups of Teng & Powers 2015 (10.8 and 3.6 deg)"),
    P(BKS_P_LEAN_MEASURED_UNC, "lean_measured_unc", 2.5, "deg",
      "mean within-group SD of Teng & Powers 2015 (2.2 and 2.8 deg)"),

    // core weakness (sizes are the published maxima for complete deep-core weakness)
    P(BKS_P_CORE_SHEAR, "core_weak_shear", 0.19, "1",
      "Raabe & Chaudhari 2018 (J Biomech, doi 10.1016/j.jbiomech.2017.11.037): peak anterior "
      "shear up to +19 % at all lumbar levels with complete deep-core weakness"),
    P(BKS_P_CORE_UPPER_COMP, "core_weak_upper_compression", 0.15, "1",
      "Raabe & Chaudhari 2018: compression up to +15 % at the upper lumbar levels"),
    P(BKS_P_CORE_LOWER_COMP, "core_weak_lower_compression", -0.08, "1",
      "Raabe & Chaudhari 2018: compression down to -8 % at the lower lumbar levels (L4/L5)"),

    // step reconstruction without a measured stance time
    P(BKS_P_DUTY_FACTOR, "duty_factor", 0.3693, "1",
      "derived from Garmin's population bands (SCIENCE.md section 8): median stance time 263 ms "
      "(middle of the 30-69th percentile band 249-277 ms) and median cadence 168.5 steps/min "
      "(middle of 164-173): 0.263 s / (2 x 60/168.5 s)"),
    P(BKS_P_DUTY_FACTOR_UNC, "duty_factor_unc", 0.171, "1",
      "derived from Garmin's bands: stance time 5th-95th percentile 218-308 ms, half-range "
      "45 ms / 263 ms"),
    P(BKS_P_CADENCE_AT_3MS, "cadence_at_3ms", 169.6, "steps/min",
      "Lieberman et al. 2015 (J Exp Biol 218:3406): preferred stride frequency 84.8 +/- 3.6 "
      "strides/min at 3.0 m/s = 169.6 steps/min"),
    P(BKS_P_CADENCE_SPEED_SLOPE, "cadence_speed_slope", 3.665, "steps/min per m/s",
      "speed coefficient of the Taylor-Haas et al. 2022 cadence regression (Gait Posture 98:266; "
      "youth runners; its leg-length term is not used)"),
    P(BKS_P_CADENCE_REG_UNC, "cadence_regression_unc", 0.089, "1",
      "derived from Garmin's bands: cadence 5th-95th percentile 153-183 steps/min, half-range "
      "15 / 168.5"),
    P(BKS_P_GCT_MEASURED_UNC, "stance_time_measured_unc", 0.05, "1",
      "assumption: no validation of watch stance time against force plates is in SCIENCE.md; "
      "5 % is stated, not measured"),
    P(BKS_P_CADENCE_MEASURED_UNC, "cadence_measured_unc", 0.01, "1",
      "assumption: a watch counts steps; 1 % covers averaging over a 1 s record"),
    P(BKS_P_RUN_MIN_SPEED, "running_min_speed", 2.0, "m/s",
      "assumption: the walk-run transition is near 2 m/s (Hreljac 1993, MSSE 25:1158; not in "
      "SCIENCE.md); records without a stance time below it are not treated as running"),

    // cumulative dose
    P(BKS_P_UCT, "ultimate_compressive_tolerance", 4840.0, "N",
      "Jager 2018 (Revised Dortmund Recommendations, EXCLI J 17:362): mean of 1192 cadaver "
      "lumbar strengths, 4.84 +/- 2.50 kN"),
    P(BKS_P_DOSE_COEF, "miner_coefficient", 0.162, "1/%UCT",
      "LiFFT fatigue curve (Gallagher et al. 2017, Appl Ergon 63:142) as implemented in pyergo: "
      "damage per cycle = exp(0.162 x %UCT) / 902416"),
    P(BKS_P_DOSE_N0, "miner_n0", 902416.0, "cycles",
      "LiFFT/pyergo: cycles to failure = 902416 x exp(-0.162 x %UCT)"),

    // training load
    P(BKS_P_ACWR_ACUTE_DAYS, "acwr_acute_days", 7.0, "days",
      "Williams et al. 2017 (BJSM, doi 10.1136/bjsports-2016-096589): EWMA, lambda = "
      "2/(N+1), N = 7"),
    P(BKS_P_ACWR_CHRONIC_DAYS, "acwr_chronic_days", 28.0, "days", "Williams et al. 2017: N = 28"),
    P(BKS_P_ACWR_SPIKE, "acwr_spike", 1.5, "1",
      "Gabbett 2016 (BJSM 50:273) 'danger zone' >= 1.5; only a soft flag, since Impellizzeri et "
      "al. 2020 (Sports Med, doi 10.1007/s40279-020-01378-6) showed ACWR has no useful predictive "
      "value"),
    P(BKS_P_ACWR_SWEET_LOW, "acwr_sweet_low", 0.8, "1", "Gabbett 2016 'sweet spot' 0.8-1.3"),
    P(BKS_P_ACWR_SWEET_HIGH, "acwr_sweet_high", 1.3, "1", "Gabbett 2016 'sweet spot' 0.8-1.3"),
    P(BKS_P_MONOTONY_HIGH, "monotony_high", 2.0, "1",
      "Foster 1998 (MSSE): weekly monotony (mean/SD of daily load) above 2.0 commonly cited as "
      "high [M]"),
    P(BKS_P_FATIGUE_CADENCE_DROP, "fatigue_cadence_drop", 0.048, "1",
      "Mizrahi et al. 2000 (Hum Mov Sci 19:139): stride rate 1.46 -> 1.39 /s (-4.8 %) with "
      "hip vertical excursion 5.1 -> 6.2 cm over 30 min above the anaerobic threshold"),

    // defaults and reference values
    P(BKS_P_DEFAULT_MASS, "default_mass", 70.0, "kg",
      "program default when no mass is given (the 70 kg volunteer of Wilke et al. 1999); outputs "
      "in body weights do not depend on it"),
    P(BKS_P_DEFAULT_HEIGHT, "default_height", 1.75, "m",
      "program default when no height is given; only leg length (and so leg stiffness) uses it"),
    P(BKS_P_WILKE_STANDING, "wilke_standing", 0.50, "MPa",
      "Wilke et al. 1999 (Spine 24:755): L4-L5 intradiscal pressure, relaxed standing = LLI 1.0"),
    P(BKS_P_WILKE_FLEXED, "wilke_flexed", 1.10, "MPa",
      "Wilke et al. 1999: standing flexed forward"),

    // steps from a raw sacral IMU (the streaming core)
    P(BKS_P_IMU_CONTACT_UNC, "imu_contact_unc", 0.059, "1",
      "measured: the streaming core's per-step contact-time error against the force plate, "
      "mean |error| / contact over the 234 matched steps of the 16 shared treadmill trials "
      "(docs/stream.md); it sets the step/contact ratio, hence the peak force"),
}};

#undef P

const bks_model_params *bks_model_params_builtin(void) { return &builtin; }

void bks_model_params_default(bks_model_params *p) { memcpy(p, &builtin, sizeof *p); }

double bks_param_value(const bks_model_params *p, bks_param_id id) {
  if ((int)id < 0 || id >= BKS_NPARAMS) return NAN;
  if (!p) p = &builtin;
  return p->p[id].value;
}
