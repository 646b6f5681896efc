// The one threshold table of the coach (findings, referral, pain rule, plan). Every value carries
// its source; entries marked "product choice" are not published figures and say why they were
// chosen. docs/science.md ("Coach") names every entry. None was fitted to the shared files.
#include "coach_internal.h"

#define T(id, nm, v, u, src) [id] = {nm, v, u, src}

const bks_coach_threshold bks__thresholds[BKS_NTHRESHOLDS] = {
    T(BKS_T_RECENT_DAYS, "recent_days", 28, "d",
      "product choice: four weeks, the chronic window of the acute:chronic ratio (Gabbett 2016) "
      "and the 'about a month' of the NHS back-pain pathway"),

    T(BKS_T_CORE_SESSIONS, "core_sessions", 8, "sessions",
      "product choice: 2 strength, core, Pilates or yoga sessions a week over the recent window; "
      "exercise is first line (ACP 2017), no published dose threshold"),
    T(BKS_T_CORE_ROUTINE, "core_routine_per_week", 2, "per week",
      "product choice: the same 2-a-week default, taken from the profile's routine when the diary "
      "is empty"),

    T(BKS_T_SHOE_KM, "shoe_km", 500, "km",
      "Verdejo & Mills 2004 (heel pressure +100 % after 500 km); Escamilla-Martinez 2020 "
      "(lifespan 300-1000 km); evidence mixed"),
    T(BKS_T_SHOE_MIN_RUNS, "shoe_trend_min_runs", 8, "runs",
      "product choice: fewer points give a 95 % interval too wide to read"),
    T(BKS_T_SHOE_MIN_SPAN_KM, "shoe_trend_min_span_km", 50, "km",
      "product choice: a trend over a shorter distance cannot be told from day-to-day spread"),

    T(BKS_T_BOUNCE_CM, "bounce_cm", 9.7, "cm",
      "Garmin running-dynamics colour bands: orange and red above 9.7 cm (population "
      "percentiles, not injury thresholds)"),

    T(BKS_T_ACWR_SPIKE, "acwr_spike", 1.5, "1",
      "Gabbett 2016 (ACWR >= 1.5); Impellizzeri 2020 (no useful predictive value: soft flag "
      "only)"),
    T(BKS_T_LONG_RUN_RATIO, "long_run_ratio", 1.3, "1",
      "Nielsen 2014 (> 30 % progression over two weeks, distance-related injuries)"),
    T(BKS_T_NOVICE_YEARS, "novice_years", 1, "y",
      "Buist 2008 and Nielsen 2014 followed novices (under a year of running)"),

    T(BKS_T_BMI, "bmi", 30, "kg/m^2",
      "Nielsen 2014 IJSPT 9:338 (novices with BMI > 30: higher cumulative injury risk)"),

    T(BKS_T_DRIFT_CADENCE, "drift_cadence_drop", 0.048, "1",
      "Mizrahi 2000: stride rate 1.46 -> 1.39 /s over 30 min of hard running (-4.8 %)"),
    T(BKS_T_DRIFT_LLI, "drift_lli_rise", 0.051, "1",
      "product choice: the timing uncertainty of measured running dynamics (docs/science.md "
      "section 1, 5.1 %), below which a change cannot be told from noise"),
    T(BKS_T_DRIFT_MIN_RUNS, "drift_min_runs", 2, "runs",
      "product choice: one drifting run can be a bad day"),
    T(BKS_T_DRIFT_SHARE, "drift_share", 1.0 / 3, "1",
      "product choice: the drifting runs must be at least a third of the eligible runs"),

    T(BKS_T_PAIN_STOP, "pain_stop", 7, "/10",
      "product rule: no running on an injured back (docs/science.md, Coach: rules as "
      "implemented)"),
    T(BKS_T_PAIN_STOP_DAYS, "pain_stop_days", 3, "d",
      "product rule: the last 72 hours, at day resolution the days today-3..today (the safe "
      "side; docs/science.md, Coach: rules as implemented)"),
    T(BKS_T_PAIN_RISE_DAYS, "pain_rise_days", 6, "d",
      "product choice: a rise during a run counts for a week (the days today-6..today)"),
    T(BKS_T_PAIN_MODERATE, "pain_moderate", 4, "/10",
      "product choice: 4-6/10 shortens the run; ACP 2017 / NICE NG59 (stay active)"),
    T(BKS_T_PAIN_MODERATE_CUT, "pain_moderate_cut", 0.5, "1",
      "product choice: moderate pain halves the run cap"),
    T(BKS_T_RUN_MIN_MINUTES, "run_min_minutes", 10, "min",
      "product choice: a shortened run is never below 10 minutes"),
    T(BKS_T_RUN_DEFAULT_MINUTES, "run_default_minutes", 40, "min",
      "product choice: the cap that moderate pain halves when there is no run history"),

    T(BKS_T_WORSENING_POINTS, "worsening_points", 2, "/10",
      "product choice: this week's mean pain 2 points above last week's is 'worsening'"),
    T(BKS_T_UNIMPROVED_DAYS, "unimproved_days", 28, "d",
      "ACP 2017; NHS back-pain pathway: no improvement after about a month"),
};

// The sources of each finding as a whole, printed with it and with the plan's cues that answer it.
const char bks__src_core[] = "ACP 2017 (exercise first line); Raabe & Chaudhari 2018 (deep-core "
                             "weakness: lumbar shear up to +19%)";
const char bks__src_posture[] = "Teng & Powers 2015 (self-selected trunk flexion 3.6-10.8 deg)";
const char bks__src_disc[] = "Wilke 1999 (disc pressure 0.5 MPa upright, 1.1 MPa flexed); "
                             "guideline consensus: avoid repeated or loaded lumbar flexion";
const char bks__src_shoes[] = "Verdejo & Mills 2004 (heel pressure +100% after 500 km); "
                              "Escamilla-Martinez 2020 (lifespan 300-1000 km); evidence mixed";
const char bks__src_bounce[] = "Garmin running-dynamics colour bands (population percentiles); "
                               "Heiderscheit 2011 (step rate +5-10% lowers COM excursion)";
const char bks__src_load[] = "Gabbett 2016 (ACWR >= 1.5); Impellizzeri 2020 (ACWR has no useful "
                             "predictive value: soft flag only); Nielsen 2014 (> 30% progression)";
const char bks__src_bmi[] = "Nielsen 2014 IJSPT (BMI > 30, novices: higher injury risk)";
const char bks__src_pain[] = "product rule: no running on an injured back (docs/science.md, Coach: "
                             "rules as implemented); ACP 2017 / NICE NG59 (stay active with "
                             "exercise)";
const char bks__src_drift[] =
    "Mizrahi 2000 (30 min of hard running: stride rate -4.8 %, hip excursion +22 %, tibial impact "
    "up); Derrick 2002 (impact up at exhaustion); docs/science.md s1 (5.1 % timing uncertainty)";
const char bks__src_shoe_impact[] =
    "Verdejo & Mills 2004 (heel pressure +100 % after 500 km); Kong 2009 (stance time rose after "
    "200 mi); 2013 case report (no consistent rise): evidence mixed; least-squares slope with a "
    "t interval";

const bks_coach_threshold *bks_coach_threshold_at(bks_coach_threshold_id id) {
  return (unsigned)id < BKS_NTHRESHOLDS ? &bks__thresholds[id] : NULL;
}
