// The plan for the coming week: before, during and after the run and on rest days, from the
// catalogue, the findings, the referral and the pain rule. Caps and cuts are entries of the
// threshold table (src/coach/thresholds.c).
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "coach_internal.h"

typedef struct pick {
  const char *id;
  const char *answers;
} pick;

// add the first `max` exercises of `cand` that the runner's conditions allow and that have the
// phase; the dose is the catalogue's, with `prefix` before it
static void add_items(bks_plan_item *items, size_t *n, size_t max, const pick *cand, size_t ncand,
                      unsigned conds, const char *phase, const char *prefix) {
  for (size_t i = 0; i < ncand && *n < max && *n < BKS_PLAN_MAX; i++) {
    const bks_exercise *e = bks_exercise_find(cand[i].id);
    if (!e || (bks_exercise_contra(e) & conds) || !bks_exercise_has_phase(e, phase)) continue;
    int dup = 0;
    for (size_t j = 0; j < *n; j++) dup |= strcmp(items[j].exercise, e->id) == 0;
    if (dup) continue;
    bks_plan_item *it = &items[(*n)++];
    it->exercise = e->id;
    it->answers = cand[i].answers;
    snprintf(it->dose, sizeof it->dose, "%s%s", prefix, e->dose);
  }
}

static void add_cue(bks_plan *p, const char *answers, const char *source, const char *fmt, ...)
    BKS_PRINTF(4, 5);
static void add_cue(bks_plan *p, const char *answers, const char *source, const char *fmt, ...) {
  if (p->nduring >= BKS_PLAN_MAX) return;
  bks_plan_cue *c = &p->during[p->nduring++];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->cue, sizeof c->cue, fmt, ap);
  va_end(ap);
  c->answers = answers;
  c->source = source;
}

static const bks_finding *find(const bks_finding *f, size_t nf, const char *id) {
  for (size_t i = 0; i < nf; i++) {
    if (strcmp(f[i].id, id) == 0) return &f[i];
  }
  return NULL;
}

static int flagged(const bks_finding *f, size_t nf, const char *id) {
  const bks_finding *x = find(f, nf, id);
  return x && x->status == BKS_FINDING_FLAG;
}

#define N(a) (sizeof(a) / sizeof(a)[0])

void bks_coach_plan(const bks_coach_input *in, const bks_finding *f, size_t nf, bks_plan *p) {
  memset(p, 0, sizeof *p);
  p->max_minutes = NAN;
  // without a profile the conditions are unknown: plan only exercises that no condition rules out
  const unsigned conds = in->profile.set ? in->profile.conditions : (1u << BKS_NCONDITIONS) - 1;
  const int64_t t = in->today;

  p->referral = bks_coach_referral(in, p->referral_reason, sizeof p->referral_reason);
  char pain_why[400];
  int pain_stop = bks_coach_pain_stop(in, pain_why, sizeof pain_why);

  // gentle low-impact work: for pain, a routine referral, or while waiting to be seen
  static const pick gentle[] = {{"constructive_rest", "pain"},
                                {"walking", "pain"},
                                {"yoga_cat_cow", "pain"},
                                {"side_lying_rest", "pain"},
                                {"pilates_pelvic_tilt", "pain"},
                                {"abdominal_bracing", "pain"},
                                {"swimming", "pain"},
                                {"hamstring_strap", "pain"}};

  if (p->referral == BKS_REFER_EMERGENCY || p->referral == BKS_REFER_URGENT) {
    // a referral replaces the running plan: no exercise until a clinician has seen the runner
    p->running_allowed = 0;
    p->max_minutes = 0;
    snprintf(p->why, sizeof p->why,
             "no running and no exercise plan until a clinician has assessed you: %s",
             p->referral_reason);
    return;
  }
  if (p->referral == BKS_REFER_ROUTINE) {
    p->running_allowed = 0;
    p->max_minutes = 0;
    if (snprintf(p->why, sizeof p->why,
                 "no running until a GP or physiotherapist has assessed your back (%s)%s%s",
                 p->referral_reason, pain_stop ? "; also " : "", pain_stop ? pain_why : "") < 0) {
      p->why[0] = 0;
    }
    add_items(p->rest_day, &p->nrest_day, 4, gentle, N(gentle), conds, "rest",
              "gentle, pain-free range only: ");
    return;
  }
  if (pain_stop) {
    p->running_allowed = 0;
    p->max_minutes = 0;
    snprintf(p->why, sizeof p->why, "%s", pain_why);
    add_items(p->rest_day, &p->nrest_day, 5, gentle, N(gentle), conds, "rest",
              "gentle, pain-free range only: ");
    return;
  }

  // running allowed: the cap follows recent history (no run more than BKS_T_LONG_RUN_RATIO x the
  // longest of the recent window) and is cut for moderate pain (BKS_T_PAIN_MODERATE in 72 h)
  p->running_allowed = 1;
  const int64_t window = (int64_t)BKS_T(BKS_T_RECENT_DAYS);
  const double ratio = BKS_T(BKS_T_LONG_RUN_RATIO), floor_min = BKS_T(BKS_T_RUN_MIN_MINUTES);
  const double over = (ratio - 1) * 100, moderate_at = BKS_T(BKS_T_PAIN_MODERATE);
  double longest = 0;
  for (size_t i = 0; i < in->nruns; i++) {
    int64_t d = bks__run_day(&in->runs[i]);
    if (d > t - window && d <= t && in->runs[i].duration_s / 60 > longest) {
      longest = in->runs[i].duration_s / 60;
    }
  }
  double m3 = bks__max_pain(in, t - (int64_t)BKS_T(BKS_T_PAIN_STOP_DAYS), t);
  int moderate = m3 >= moderate_at;
  char cap[160] = "";
  double usual = bks_profile_routine_run_minutes(&in->profile);
  if (longest > 0) {
    p->max_minutes = floor(ratio * longest + 0.5);
    snprintf(cap, sizeof cap,
             "runs capped at %.0f%% beyond your longest run of the last %lld days (%.0f min)", over,
             (long long)window, longest);
  } else if (usual > 0) {
    // no recent run in the library: the routine the runner reports is the recent history
    p->max_minutes = fmax(floor_min, floor(ratio * usual + 0.5));
    snprintf(cap, sizeof cap,
             "no run in the library in the last %lld days: runs capped at %.0f%% beyond the usual "
             "run of your profile's routine (%.0f min)",
             (long long)window, over, usual);
  }
  if (moderate) {
    double base =
        p->max_minutes == p->max_minutes ? p->max_minutes : BKS_T(BKS_T_RUN_DEFAULT_MINUTES);
    p->max_minutes = fmax(floor_min, floor(base * BKS_T(BKS_T_PAIN_MODERATE_CUT) + 0.5));
    snprintf(
        p->why, sizeof p->why,
        "running allowed at reduced length: pain of %.0f/10 in the last 72 hours (%.0f-%.0f/10 "
        "%s the run; stop and log it if it rises during the run)%s%s",
        m3, moderate_at, BKS_T(BKS_T_PAIN_STOP) - 1,
        BKS_T(BKS_T_PAIN_MODERATE_CUT) == 0.5 ? "halves" : "shortens", cap[0] ? "; " : "", cap);
  } else if (cap[0]) {
    snprintf(p->why, sizeof p->why,
             "running allowed: no referral, no pain at or above %.0f/10 in 72 hours; %s",
             moderate_at, cap);
  } else {
    snprintf(p->why, sizeof p->why,
             "running allowed: no referral, no pain at or above %.0f/10 in 72 hours; no runs in "
             "the library, so no cap from history",
             moderate_at);
  }

  const char *pre = moderate ? "level 1, pain-free range: " : "";
  // before the run: warm up, wake the trunk up
  static const pick before[] = {{"brisk_walk_warmup", "overexertion"},
                                {"leg_swings", "posture"},
                                {"bird_dog", "weak_core"},
                                {"side_bridge_knees", "weak_core"},
                                {"yoga_cat_cow", "disc"},
                                {"abdominal_bracing", "weak_core"}};
  add_items(p->before, &p->nbefore, 4, before, N(before), conds, "before", pre);

  // during: cues
  add_cue(p, "overexertion", bks__src_load,
          "keep an easy, conversational pace for most of the run");
  if (p->max_minutes == p->max_minutes) {
    add_cue(p, moderate ? "pain" : "overexertion", bks__src_load, "stop at %.0f minutes",
            p->max_minutes);
  }
  add_cue(p, "pain", bks__src_pain,
          "stop and walk home if back pain reaches %.0f/10 or spreads into a leg, and log it",
          BKS_T(BKS_T_PAIN_STOP));
  add_cue(p, "posture", bks__src_posture,
          "run tall: lean slightly from the ankles, not by bending at the waist");
  if (flagged(f, nf, "bounce")) {
    add_cue(p, "bounce", bks__src_bounce,
            "try quicker, lighter steps: about %.0f%% more steps per minute at the same pace", 5.0);
  } else {
    add_cue(p, "bounce", bks__src_bounce, "keep steps quick and light rather than bounding upward");
  }
  if (flagged(f, nf, "fatigue_drift")) {
    add_cue(p, "fatigue_drift", bks__src_drift,
            "in the last third of the run, check your form: keep steps quick and light, and walk "
            "for a minute when your cadence fades");
  }
  if (flagged(f, nf, "shoe_impact")) {
    add_cue(
        p, "shoe_impact", bks__src_shoe_impact,
        "your measured impact rose with a pair's distance (see findings): rotate or retire that "
        "pair; no shoe is a treatment");
  }

  // after the run: stretch back, legs, hip flexors; unload
  static const pick after[] = {
      {"hamstring_strap", "posture"},      {"hip_flexor_kneeling", "posture"},
      {"figure_four", "posture"},          {"calf_wall_stretch", "shoes"},
      {"constructive_rest", "disc"},       {"yoga_childs_pose", "disc"},
      {"quad_stretch_standing", "posture"}};
  add_items(p->after, &p->nafter, 5, after, N(after), conds, "after", pre);

  // rest days: core and strength, low-impact cross-training, unloading
  static const pick rest[] = {{"curl_up", "weak_core"},
                              {"side_bridge_knees", "weak_core"},
                              {"bird_dog", "weak_core"},
                              {"dead_bug", "weak_core"},
                              {"glute_bridge", "weak_core"},
                              {"clamshell", "weak_core"},
                              {"pilates_pelvic_tilt", "weak_core"},
                              {"calf_raise", "bounce"},
                              {"cycling", "overexertion"},
                              {"swimming", "overexertion"},
                              {"walking", "body_mass"},
                              {"constructive_rest", "disc"},
                              {"qualified_trainer", "weak_core"}};
  size_t want = flagged(f, nf, "weak_core") ? 9 : 7;
  add_items(p->rest_day, &p->nrest_day, want, rest, N(rest), conds, "rest", pre);
  // whatever the flags, one low-impact cross-training option and one unloading position
  static const pick extra[] = {
      {"elliptical", "overexertion"}, {"walking", "body_mass"}, {"side_lying_rest", "disc"}};
  add_items(p->rest_day, &p->nrest_day, p->nrest_day + 1, extra, N(extra), conds, "rest", pre);
}
