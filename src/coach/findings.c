// The findings: one function per risk factor, each comparing the runner's own numbers with entries
// of the threshold table (src/coach/thresholds.c) and formatting its texts from the same entries.
// The two findings that need modelled runs are in findings_runs.c.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/alloc.h"
#include "backstride/load.h"
#include "backstride/units.h"
#include "coach_internal.h"

// the recent window as a day count, and whether day `d` falls in it
static int64_t recent_days(void) { return (int64_t)BKS_T(BKS_T_RECENT_DAYS); }
static int recent(const bks_coach_input *in, int64_t d) {
  return d > in->today - recent_days() && d <= in->today;
}

// "30" for a ratio of 1.3: how far past the reference a run may go, in per cent
static double pct_over(double ratio) { return (ratio - 1) * 100; }

static int is_core_kind(const char *kind) {
  return strcmp(kind, "strength") == 0 || strcmp(kind, "core") == 0 ||
         strcmp(kind, "pilates") == 0 || strcmp(kind, "yoga") == 0;
}

// weak core: strength, core, Pilates and yoga sessions in the recent window
static void weak_core(const bks_coach_input *in, bks_finding *f) {
  bks__fset(f, "weak_core", "core strength work", bks__src_core);
  const double need = BKS_T(BKS_T_CORE_SESSIONS), days = BKS_T(BKS_T_RECENT_DAYS);
  int n = 0;
  double min = 0;
  for (size_t i = 0; i < in->nsessions; i++) {
    const bks_session_entry *s = &in->sessions[i];
    if (recent(in, s->day) && is_core_kind(s->kind)) {
      n++;
      min += s->minutes;
    }
  }
  double routine = in->profile.set ? in->profile.strength_per_week : NAN;
  int w = snprintf(f->evidence, sizeof f->evidence,
                   "%d strength, core, Pilates or yoga sessions (%.0f min) logged in the last %.0f "
                   "days",
                   n, min, days);
  if (routine == routine && w > 0 && (size_t)w < sizeof f->evidence) {
    snprintf(f->evidence + w, sizeof f->evidence - (size_t)w,
             "; your profile's routine: %.1f a week", routine);
  }
  snprintf(f->threshold, sizeof f->threshold,
           "fewer than %.0f sessions in %.0f days (%.0f a week) is flagged; the %.0f-a-week figure "
           "is the project's default, not a published threshold",
           need, days, need * 7 / days, need * 7 / days);
  f->status = n < need ? BKS_FINDING_FLAG : BKS_FINDING_OK;
  f->confidence = n == 0 ? "low" : "medium"; // nothing logged may mean nothing recorded
  // with an empty diary the routine the runner reports stands in, at low confidence: the diary,
  // when kept, wins
  if (n == 0 && routine >= BKS_T(BKS_T_CORE_ROUTINE)) f->status = BKS_FINDING_OK;
}

// posture and trunk lean: not measured by wrist or foot devices
static void posture(bks_finding *f) {
  bks__fset(f, "posture", "posture and trunk lean", bks__src_posture);
  snprintf(f->evidence, sizeof f->evidence,
           "trunk lean is not measured by your recordings: the load model assumes a typical lean, "
           "so this finding is an assumption, not a measurement");
  snprintf(f->threshold, sizeof f->threshold,
           "none applied: no published lean threshold for back pain; self-selected lean in "
           "runners is about 4-11 deg");
  f->status = BKS_FINDING_UNKNOWN;
}

// disc or back condition, from the profile
static void disc(const bks_coach_input *in, bks_finding *f) {
  bks__fset(f, "disc", "disc or back condition", bks__src_disc);
  const unsigned flexion = BKS_COND_HERNIATED_DISC | BKS_COND_SPINAL_SURGERY |
                           BKS_COND_PAST_BACK_PAIN | BKS_COND_OSTEOPOROSIS;
  if (!in->profile.set) {
    snprintf(f->evidence, sizeof f->evidence, "no profile: run 'backstride profile set'");
  } else {
    unsigned c = in->profile.conditions & flexion;
    char list[160] = "";
    size_t len = 0;
    for (int i = 0; i < BKS_NCONDITIONS; i++) {
      if (c & (1u << i)) {
        int w =
            snprintf(list + len, sizeof list - len, "%s%s", len ? ", " : "", bks_condition_name(i));
        if (w > 0) len += (size_t)w;
      }
    }
    snprintf(f->evidence, sizeof f->evidence, "profile conditions: %s", len ? list : "none");
    f->status = c ? BKS_FINDING_FLAG : BKS_FINDING_OK;
    f->confidence = "high"; // self-reported diagnosis
  }
  snprintf(f->threshold, sizeof f->threshold,
           "any of herniated_disc, spinal_surgery, past_back_pain, osteoporosis: exercises that "
           "flex the loaded spine are left out of the plan");
}

// shoes: the distance of every pair in use
static void shoes(const bks_coach_input *in, bks_finding *f) {
  bks__fset(f, "shoes", "running shoes", bks__src_shoes);
  const double limit_km = BKS_T(BKS_T_SHOE_KM);
  size_t used = 0, len = 0;
  int over = 0;
  for (size_t i = 0; i < in->nshoes; i++) {
    const bks_shoe *s = &in->shoes[i];
    if (s->retired_day >= 0) continue;
    used++;
    if (s->distance_m >= limit_km * 1000) over = 1;
    if (len < sizeof f->evidence - 1) {
      // in the runner's unit (text only: the JSON's figures are the shoes list's, in km)
      int w = snprintf(f->evidence + len, sizeof f->evidence - len, "%s%s: %.0f %s",
                       len ? "; " : "", s->name, bks_units_dist(s->distance_m), bks_units_name());
      if (w > 0) len += (size_t)w;
    }
  }
  if (!used) {
    snprintf(f->evidence, sizeof f->evidence,
             "no shoes in use: add them with 'backstride shoes add'");
  } else {
    f->status = over ? BKS_FINDING_FLAG : BKS_FINDING_OK;
  }
  char in_miles[32] = "";
  if (bks_units_miles()) {
    snprintf(in_miles, sizeof in_miles, " (%.0f mi)", bks_units_dist(limit_km * 1000));
  }
  snprintf(f->threshold, sizeof f->threshold,
           "%.0f km%s of running in a pair is flagged for replacement; shoe-wear evidence is mixed "
           "and no shoe is prescribed as treatment",
           limit_km, in_miles);
}

// bounce: measured vertical oscillation over the recent window
static void bounce(const bks_coach_input *in, bks_finding *f) {
  bks__fset(f, "bounce", "bounce (vertical oscillation)", bks__src_bounce);
  const double limit = BKS_T(BKS_T_BOUNCE_CM);
  double s = 0;
  int n = 0;
  for (size_t i = 0; i < in->nruns; i++) {
    double vo = in->runs[i].vo_cm;
    if (recent(in, bks__run_day(&in->runs[i])) && vo == vo) {
      s += vo;
      n++;
    }
  }
  if (n) {
    double vo = s / n;
    snprintf(f->evidence, sizeof f->evidence,
             "mean vertical oscillation %.1f cm over %d runs in the last %.0f days", vo, n,
             BKS_T(BKS_T_RECENT_DAYS));
    f->status = vo > limit ? BKS_FINDING_FLAG : BKS_FINDING_OK;
  } else {
    snprintf(f->evidence, sizeof f->evidence,
             "no measured vertical oscillation in the last %.0f days (needs running dynamics)",
             BKS_T(BKS_T_RECENT_DAYS));
  }
  snprintf(f->threshold, sizeof f->threshold,
           "above %.1f cm (Garmin's orange and red bands) is flagged; the bands are population "
           "percentiles, not injury thresholds",
           limit);
}

// overexertion with no run in the library: what the profile's routine says
static void overexertion_no_runs(const bks_coach_input *in, double usual, bks_finding *f) {
  if (usual == usual) {
    char km[32] = "";
    if (in->profile.weekly_km >= 0) snprintf(km, sizeof km, ", %.0f km", in->profile.weekly_km);
    snprintf(f->evidence, sizeof f->evidence,
             "no runs in the library; your profile's routine: %.1f runs and %.0f min%s a week "
             "(a usual run of %.0f min)",
             in->profile.runs_per_week, in->profile.weekly_minutes, km, usual);
  } else {
    snprintf(f->evidence, sizeof f->evidence, "no runs in the library");
  }
}

// overexertion: a time-based load spike (soft) and the last run against the longest before it
static void overexertion(const bks_coach_input *in, bks_finding *f) {
  bks__fset(f, "overexertion", "load spikes and long runs", bks__src_load);
  const int64_t t = in->today, window = recent_days();
  const double ratio = BKS_T(BKS_T_LONG_RUN_RATIO);
  snprintf(f->threshold, sizeof f->threshold,
           "acute:chronic ratio >= %.1f (a soft spike flag only: it does not predict injury), or "
           "a run more than %.0f%% longer than the longest of the previous %lld days (or than the "
           "routine's usual run when there is none)%s",
           BKS_T(BKS_T_ACWR_SPIKE), pct_over(ratio), (long long)window,
           in->profile.set && in->profile.experience_y < BKS_T(BKS_T_NOVICE_YEARS)
               ? "; you report under a year of running: the progression studies were in novices"
               : "");
  int64_t first = INT64_MAX;
  for (size_t i = 0; i < in->nruns; i++) {
    int64_t d = bks__run_day(&in->runs[i]);
    if (d <= t && d < first) first = d;
  }
  double usual = bks_profile_routine_run_minutes(&in->profile);
  if (first == INT64_MAX || t - first + 1 > 36500) {
    overexertion_no_runs(in, usual, f);
    return;
  }
  size_t n = (size_t)(t - first + 1);
  double *daily = bks_calloc(n, sizeof *daily);
  bks_day_load *dl = bks_calloc(n, sizeof *dl);
  if (!daily || !dl) {
    snprintf(f->evidence, sizeof f->evidence, "not computed (out of memory)");
    free(daily);
    free(dl);
    return;
  }
  double last = 0, longest = 0; // the last run, the longest of the window before it
  int64_t last_day = INT64_MIN, last_t = INT64_MIN;
  for (size_t i = 0; i < in->nruns; i++) {
    const bks_run_brief *r = &in->runs[i];
    int64_t d = bks__run_day(r);
    if (d < first || d > t || !(r->duration_s >= 0)) continue;
    daily[d - first] += r->duration_s / 60;
    if (r->start_utc > last_t) {
      last_t = r->start_utc;
      last = r->duration_s / 60;
      last_day = d;
    }
  }
  for (size_t i = 0; i < in->nruns; i++) {
    const bks_run_brief *r = &in->runs[i];
    int64_t d = bks__run_day(r);
    if (r->start_utc < last_t && d >= last_day - window && r->duration_s / 60 > longest) {
      longest = r->duration_s / 60;
    }
  }
  bks_day_loads_compute(NULL, daily, n, dl);
  const bks_day_load *today = &dl[n - 1];
  int spike = (today->flags & (BKS_DAY_SPIKE_EWMA | BKS_DAY_SPIKE_UNCOUPLED)) != 0;
  int short_hist = (today->flags & BKS_DAY_SHORT_HISTORY) != 0;
  double ratio_now = today->acwr_ewma;
  free(daily);
  free(dl);
  // no run in the window before the last one: the routine's usual run is the history
  int from_routine = !(longest > 0) && usual > 0;
  double ref = from_routine ? usual : longest;
  int long_run = ref > 0 && last > ratio * ref;
  char acwr[80];
  if (last_day <= t - window) { // the newest run is older than the window: nothing recent to judge
    char d[16];
    bks_date_format(last_day, d);
    snprintf(f->evidence, sizeof f->evidence,
             "no runs in the last %lld days; the newest was on %s (%.0f min): running again after "
             "a break, build up from short, easy runs",
             (long long)window, d, last);
    f->status = BKS_FINDING_UNKNOWN;
    f->confidence = "low";
    return;
  }
  if (short_hist) {
    snprintf(acwr, sizeof acwr, "fewer than %lld days of history (no ratio)", (long long)window);
  } else if (!isfinite(ratio_now)) {
    snprintf(acwr, sizeof acwr, "no running in the weeks before the last one (no ratio)");
  } else {
    snprintf(acwr, sizeof acwr, "acute:chronic running-time ratio %.2f (EWMA)", ratio_now);
  }
  if (from_routine) {
    snprintf(f->evidence, sizeof f->evidence,
             "%s; last run %.0f min, no run in the %lld days before it: against your profile's "
             "usual run of %.0f min",
             acwr, last, (long long)window, usual);
  } else {
    snprintf(f->evidence, sizeof f->evidence,
             "%s; last run %.0f min, longest in the %lld days before it %.0f min", acwr, last,
             (long long)window, longest);
  }
  f->status = (spike || long_run) ? BKS_FINDING_FLAG : BKS_FINDING_OK;
  f->confidence = short_hist ? "low" : "medium";
}

// body mass: BMI from the profile
static void body_mass(const bks_coach_input *in, bks_finding *f) {
  bks__fset(f, "body_mass", "body mass", bks__src_bmi);
  const double limit = BKS_T(BKS_T_BMI);
  if (in->profile.set && in->profile.height_m > 0) {
    double bmi = in->profile.mass_kg / (in->profile.height_m * in->profile.height_m);
    int seasoned = in->profile.experience_y >= BKS_T(BKS_T_NOVICE_YEARS);
    int pregnant = (in->profile.conditions & BKS_COND_PREGNANCY) != 0;
    snprintf(f->evidence, sizeof f->evidence, "BMI %.1f (%.1f kg, %.2f m)%s%s", bmi,
             in->profile.mass_kg, in->profile.height_m,
             pregnant ? "; pregnancy: BMI not interpreted" : "",
             seasoned ? "; you report a year or more of running, the source studied novices" : "");
    f->status = pregnant ? BKS_FINDING_UNKNOWN : bmi > limit ? BKS_FINDING_FLAG : BKS_FINDING_OK;
    // Nielsen 2014 followed novices: the evidence fits a novice (or unknown experience) better
    f->confidence = seasoned ? "low" : "medium";
  } else {
    snprintf(f->evidence, sizeof f->evidence, "no profile: run 'backstride profile set'");
  }
  snprintf(f->threshold, sizeof f->threshold,
           "BMI above %.0f: build running volume more gradually and favour low-impact "
           "cross-training",
           limit);
}

// pain: the diary's highest levels, and the pain rule
static void pain(const bks_coach_input *in, bks_finding *f) {
  bks__fset(f, "pain", "back pain", bks__src_pain);
  const int64_t t = in->today;
  const double moderate = BKS_T(BKS_T_PAIN_MODERATE), stop = BKS_T(BKS_T_PAIN_STOP);
  double m3 = bks__max_pain(in, t - (int64_t)BKS_T(BKS_T_PAIN_STOP_DAYS), t);
  double m28 = bks__max_pain(in, t - recent_days() + 1, t);
  if (m28 < 0) {
    snprintf(f->evidence, sizeof f->evidence, "no pain logged in the last %lld days",
             (long long)recent_days());
    f->status = BKS_FINDING_OK;
  } else {
    snprintf(f->evidence, sizeof f->evidence,
             "highest pain %.0f/10 in the last 72 hours, %.0f/10 in the last %lld days",
             m3 < 0 ? 0 : m3, m28, (long long)recent_days());
    f->status =
        (m3 >= moderate || bks_coach_pain_stop(in, NULL, 0)) ? BKS_FINDING_FLAG : BKS_FINDING_OK;
  }
  f->confidence = "high";
  snprintf(f->threshold, sizeof f->threshold,
           ">= %.0f/10 in 72 h or pain rising during a run stops running; %.0f-%.0f/10 %s the run "
           "length; radiating pain with numbness, worsening or unimproved pain is referred",
           stop, moderate, stop - 1, BKS_T(BKS_T_PAIN_MODERATE_CUT) == 0.5 ? "halves" : "shortens");
}

size_t bks_coach_findings(const bks_coach_input *in, bks_finding out[BKS_COACH_MAX_FINDINGS]) {
  bks_finding *f = out;
  weak_core(in, f++);
  posture(f++);
  disc(in, f++);
  shoes(in, f++);
  bks__finding_shoe_impact(in, f++);
  bounce(in, f++);
  overexertion(in, f++);
  bks__finding_fatigue_drift(in, f++);
  body_mass(in, f++);
  pain(in, f++);
  return (size_t)(f - out);
}
