// The prevention coach: catalogue access, findings, referral, pain rule and plan.
// Every threshold below names its source; docs/science.md ("Coach") explains each one.
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/alloc.h"
#include "backstride/load.h"
#include "coach_internal.h"

//---- Input ----

void bks_coach_input_set_diary(bks_coach_input *in, const bks_diary *d) {
  in->profile = d->profile;
  in->pain = d->pain;
  in->npain = d->npain;
  in->sessions = d->sessions;
  in->nsessions = d->nsessions;
  in->shoes = d->shoes;
  in->nshoes = d->nshoes;
  in->screened = d->screened;
  in->screen_day = d->screen_day;
  in->red_flags = d->red_flags;
}

//---- Catalogue ----

size_t bks_exercise_count(void) { return bks__nexercises; }

const bks_exercise *bks_exercise_at(size_t i) {
  return i < bks__nexercises ? &bks__exercises[i] : NULL;
}

const bks_exercise *bks_exercise_find(const char *id) {
  for (size_t i = 0; id && i < bks__nexercises; i++) {
    if (strcmp(bks__exercises[i].id, id) == 0) return &bks__exercises[i];
  }
  return NULL;
}

// 1 when the comma-separated `list` holds `word`
static int list_has(const char *list, const char *word) {
  size_t n = strlen(word);
  for (const char *p = list; *p;) {
    const char *e = strchr(p, ',');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len == n && strncmp(p, word, n) == 0) return 1;
    if (!e) break;
    p = e + 1;
  }
  return 0;
}

unsigned bks_exercise_contra(const bks_exercise *e) {
  unsigned m = 0;
  for (int i = 0; i < BKS_NCONDITIONS; i++) {
    if (list_has(e->contraindications, bks_condition_name(i))) m |= 1u << i;
  }
  return m;
}

int bks_exercise_has_phase(const bks_exercise *e, const char *phase) {
  return list_has(e->phases, phase);
}

//---- Diary summaries ----

// highest pain level logged on days [from, to] (-1 when none)
static double max_pain(const bks_coach_input *in, int64_t from, int64_t to) {
  double m = -1;
  for (size_t i = 0; i < in->npain; i++) {
    if (in->pain[i].day >= from && in->pain[i].day <= to && in->pain[i].level > m) {
      m = in->pain[i].level;
    }
  }
  return m;
}

// mean pain level over entries on days [from, to]; NaN when none
static double mean_pain(const bks_coach_input *in, int64_t from, int64_t to) {
  double s = 0;
  int n = 0;
  for (size_t i = 0; i < in->npain; i++) {
    if (in->pain[i].day >= from && in->pain[i].day <= to) {
      s += in->pain[i].level;
      n++;
    }
  }
  return n ? s / n : NAN;
}

//---- Referral (DESIGN.md levels) ----

const char *bks_referral_name(bks_referral r) {
  switch (r) {
  case BKS_REFER_ROUTINE:
    return "routine";
  case BKS_REFER_URGENT:
    return "urgent";
  case BKS_REFER_EMERGENCY:
    return "emergency";
  default:
    return NULL;
  }
}

static void flag_list(unsigned mask, char *buf, size_t n) {
  size_t len = 0;
  buf[0] = 0;
  for (int i = 0; i < BKS_NFLAGS && len < n; i++) {
    if (mask & (1u << i)) {
      int w = snprintf(buf + len, n - len, "%s%s", len ? ", " : "", bks_flag_name(i));
      if (w < 0) break;
      len += (size_t)w;
    }
  }
}

bks_referral bks_coach_referral(const bks_coach_input *in, char *reason, size_t rsz) {
  char tmp[320], list[200];
  if (!reason) {
    reason = tmp;
    rsz = sizeof tmp;
  }
  reason[0] = 0;
  unsigned rf = in->red_flags;
  if (rf & BKS_FLAGS_CAUDA_EQUINA) {
    flag_list(rf & BKS_FLAGS_CAUDA_EQUINA, list, sizeof list);
    snprintf(reason, rsz,
             "emergency: seek care now (A&E / emergency department). Screening answered yes to %s: "
             "possible cauda equina syndrome (NHS red-flag pathway, NICE).",
             list);
    return BKS_REFER_EMERGENCY;
  }
  if (rf) {
    flag_list(rf, list, sizeof list);
    snprintf(reason, rsz,
             "urgent: see a doctor within days, not weeks. Screening answered yes to %s: a red "
             "flag for a cause of back pain that needs checking (NHS red-flag pathway, NICE).",
             list);
    return BKS_REFER_URGENT;
  }
  const int64_t t = in->today;
  // radiating with numbness in the last 28 days
  for (size_t i = 0; i < in->npain; i++) {
    const bks_pain_entry *p = &in->pain[i];
    if (p->day > t - 28 && p->day <= t && p->level > 0 && p->radiating && p->numbness) {
      snprintf(reason, rsz,
               "routine: see a GP or physiotherapist. Pain radiating into the leg with numbness "
               "was logged on a day in the last four weeks (NICE NG59 assessment).");
      return BKS_REFER_ROUTINE;
    }
  }
  // worsening: the last 7 days' mean at least 2 points above the 7 days before
  double now7 = mean_pain(in, t - 6, t), prev7 = mean_pain(in, t - 13, t - 7);
  if (now7 == now7 && prev7 == prev7 && now7 > 0 && now7 >= prev7 + 2) {
    snprintf(reason, rsz,
             "routine: see a GP or physiotherapist. Pain is worsening: mean %.1f/10 this week "
             "against %.1f/10 the week before.",
             now7, prev7);
    return BKS_REFER_ROUTINE;
  }
  // not improving over four weeks: pain logged four or more weeks ago, and this week's mean no
  // lower than it was then (ACP 2017 / NHS pathway: no improvement after about a month)
  double then = mean_pain(in, t - 34, t - 28);
  if (now7 == now7 && then == then && now7 > 0 && then > 0 && now7 >= then) {
    snprintf(reason, rsz,
             "routine: see a GP or physiotherapist. Pain has not improved over four weeks: mean "
             "%.1f/10 this week against %.1f/10 four weeks ago.",
             now7, then);
    return BKS_REFER_ROUTINE;
  }
  return BKS_REFER_NONE;
}

//---- Pain rule (DESIGN.md) ----

int bks_coach_pain_stop(const bks_coach_input *in, char *why, size_t wsz) {
  char tmp[400];
  if (!why) {
    why = tmp;
    wsz = sizeof tmp;
  }
  why[0] = 0;
  const int64_t t = in->today;
  double m = max_pain(in, t - 3, t);
  if (m >= 7) {
    snprintf(why, wsz,
             "pain of %.0f/10 was logged in the last 72 hours: do not run on an injured back "
             "(stop at 7/10 or more); choose gentle low-impact work until it settles",
             m);
    return 1;
  }
  // pain that rose during a run: on one day, a 'during' or 'after' level above the 'before' level
  // (0 when none was logged before the run), in the last 7 days
  for (size_t i = 0; i < in->npain; i++) {
    const bks_pain_entry *p = &in->pain[i];
    if (p->day < t - 6 || p->day > t) continue;
    if (strcmp(p->when, "during") != 0 && strcmp(p->when, "after") != 0) continue;
    double before = 0;
    for (size_t j = 0; j < in->npain; j++) {
      const bks_pain_entry *q = &in->pain[j];
      if (q->day == p->day && strcmp(q->when, "before") == 0 && q->level > before) {
        before = q->level;
      }
    }
    if (p->level > before) {
      char d[16];
      bks_day_format(p->day, d);
      snprintf(why, wsz,
               "pain rose during a run on %s (%.0f/10 %s the run, %.0f/10 before): pause running "
               "and choose gentle low-impact work until a run no longer raises it",
               d, p->level, p->when, before);
      return 1;
    }
  }
  return 0;
}

//---- Findings ----

static const char SRC_CORE[] = "ACP 2017 (exercise first line); Raabe & Chaudhari 2018 (deep-core "
                               "weakness: lumbar shear up to +19%)";
static const char SRC_POSTURE[] = "Teng & Powers 2015 (self-selected trunk flexion 3.6-10.8 deg)";
static const char SRC_DISC[] = "Wilke 1999 (disc pressure 0.5 MPa upright, 1.1 MPa flexed); "
                               "guideline consensus: avoid repeated or loaded lumbar flexion";
static const char SRC_SHOES[] = "Verdejo & Mills 2004 (heel pressure +100% after 500 km); "
                                "Escamilla-Martinez 2020 (lifespan 300-1000 km); evidence mixed";
static const char SRC_BOUNCE[] = "Garmin running-dynamics colour bands (population percentiles); "
                                 "Heiderscheit 2011 (step rate +5-10% lowers COM excursion)";
static const char SRC_LOAD[] =
    "Gabbett 2016 (ACWR >= 1.5); Impellizzeri 2020 (ACWR has no useful "
    "predictive value: soft flag only); Nielsen 2014 (> 30% progression)";
static const char SRC_BMI[] = "Nielsen 2014 IJSPT (BMI > 30, novices: higher injury risk)";
static const char SRC_PAIN[] = "DESIGN.md pain rule; GUIDANCE (never run on an injured back); "
                               "ACP 2017 / NICE NG59 (stay active with exercise)";

size_t bks_coach_findings(const bks_coach_input *in, bks_finding out[BKS_COACH_MAX_FINDINGS]) {
  const int64_t t = in->today;
  bks_finding *f = out;

  // 1. weak core: strength, core, Pilates, yoga sessions in the last 28 days
  bks__fset(f, "weak_core", "core strength work", SRC_CORE);
  {
    int n = 0;
    double min = 0;
    for (size_t i = 0; i < in->nsessions; i++) {
      const bks_session_entry *s = &in->sessions[i];
      if (s->day > t - 28 && s->day <= t &&
          (strcmp(s->kind, "strength") == 0 || strcmp(s->kind, "core") == 0 ||
           strcmp(s->kind, "pilates") == 0 || strcmp(s->kind, "yoga") == 0)) {
        n++;
        min += s->minutes;
      }
    }
    double routine = in->profile.set ? in->profile.strength_per_week : NAN;
    int w = snprintf(f->evidence, sizeof f->evidence,
                     "%d strength, core, Pilates or yoga sessions (%.0f min) logged in the last 28 "
                     "days",
                     n, min);
    if (routine == routine && w > 0 && (size_t)w < sizeof f->evidence) {
      snprintf(f->evidence + w, sizeof f->evidence - (size_t)w,
               "; your profile's routine: %.1f a week", routine);
    }
    snprintf(f->threshold, sizeof f->threshold,
             "fewer than 8 sessions in 28 days (2 a week) is flagged; the 2-a-week figure is the "
             "project's default, not a published threshold");
    f->status = n < 8 ? BKS_FINDING_FLAG : BKS_FINDING_OK;
    f->confidence = n == 0 ? "low" : "medium"; // nothing logged may mean nothing recorded
    // with an empty diary the routine the runner reports stands in, at low confidence: the
    // diary, when kept, wins
    if (n == 0 && routine >= 2) f->status = BKS_FINDING_OK;
  }
  f++;

  // 2. posture / trunk lean: not measured by wrist or foot devices
  bks__fset(f, "posture", "posture and trunk lean", SRC_POSTURE);
  snprintf(f->evidence, sizeof f->evidence,
           "trunk lean is not measured by your recordings: the load model assumes a typical lean, "
           "so this finding is an assumption, not a measurement");
  snprintf(f->threshold, sizeof f->threshold,
           "none applied: no published lean threshold for back pain; self-selected lean in "
           "runners is about 4-11 deg");
  f->status = BKS_FINDING_UNKNOWN;
  f++;

  // 3. disc condition (profile)
  bks__fset(f, "disc", "disc or back condition", SRC_DISC);
  if (!in->profile.set) {
    snprintf(f->evidence, sizeof f->evidence, "no profile: run 'backstride profile set'");
  } else {
    unsigned c = in->profile.conditions & (BKS_COND_HERNIATED_DISC | BKS_COND_SPINAL_SURGERY |
                                           BKS_COND_PAST_BACK_PAIN | BKS_COND_OSTEOPOROSIS);
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
  f++;

  // 4. shoes
  bks__fset(f, "shoes", "running shoes", SRC_SHOES);
  {
    size_t used = 0, len = 0;
    int over = 0;
    for (size_t i = 0; i < in->nshoes; i++) {
      const bks_shoe *s = &in->shoes[i];
      if (s->retired_day >= 0) continue;
      used++;
      if (s->distance_m >= 500000) over = 1;
      if (len < sizeof f->evidence - 1) {
        int w = snprintf(f->evidence + len, sizeof f->evidence - len, "%s%s: %.0f km",
                         len ? "; " : "", s->name, s->distance_m / 1000);
        if (w > 0) len += (size_t)w;
      }
    }
    if (!used) {
      snprintf(f->evidence, sizeof f->evidence,
               "no shoes in use: add them with 'backstride shoes add'");
    } else {
      f->status = over ? BKS_FINDING_FLAG : BKS_FINDING_OK;
    }
    snprintf(f->threshold, sizeof f->threshold,
             "500 km of running in a pair is flagged for replacement; shoe-wear evidence is mixed "
             "and no shoe is prescribed as treatment");
  }
  f++;

  // 4b. measured impact per pair against its distance
  bks__finding_shoe_impact(in, f);
  f++;

  // 5. bounce: measured vertical oscillation over the last 28 days
  bks__fset(f, "bounce", "bounce (vertical oscillation)", SRC_BOUNCE);
  {
    double s = 0;
    int n = 0;
    for (size_t i = 0; i < in->nruns; i++) {
      int64_t d = bks__run_day(&in->runs[i]);
      double vo = in->runs[i].vo_cm;
      if (d > t - 28 && d <= t && vo == vo) {
        s += vo;
        n++;
      }
    }
    if (n) {
      double vo = s / n;
      snprintf(f->evidence, sizeof f->evidence,
               "mean vertical oscillation %.1f cm over %d runs in the last 28 days", vo, n);
      f->status = vo > 9.7 ? BKS_FINDING_FLAG : BKS_FINDING_OK;
    } else {
      snprintf(f->evidence, sizeof f->evidence,
               "no measured vertical oscillation in the last 28 days (needs running dynamics)");
    }
    snprintf(f->threshold, sizeof f->threshold,
             "above 9.7 cm (Garmin's orange and red bands) is flagged; the bands are population "
             "percentiles, not injury thresholds");
  }
  f++;

  // 6. overexertion: time-based load spike (soft) and long runs beyond recent history
  bks__fset(f, "overexertion", "load spikes and long runs", SRC_LOAD);
  {
    int64_t first = INT64_MAX;
    for (size_t i = 0; i < in->nruns; i++) {
      int64_t d = bks__run_day(&in->runs[i]);
      if (d <= t && d < first) first = d;
    }
    double usual = bks_profile_routine_run_minutes(&in->profile);
    if (first == INT64_MAX || t - first + 1 > 36500) {
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
    } else {
      size_t n = (size_t)(t - first + 1);
      double *daily = bks_calloc(n, sizeof *daily);
      bks_day_load *dl = bks_calloc(n, sizeof *dl);
      double last = 0, longest = 0; // the last run, the longest of the 28 days before it
      int64_t last_day = INT64_MIN, last_t = INT64_MIN;
      if (daily && dl) {
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
          if (r->start_utc < last_t && d >= last_day - 28 && r->duration_s / 60 > longest) {
            longest = r->duration_s / 60;
          }
        }
        bks_day_loads_compute(NULL, daily, n, dl);
        const bks_day_load *today = &dl[n - 1];
        int spike = (today->flags & (BKS_DAY_SPIKE_EWMA | BKS_DAY_SPIKE_UNCOUPLED)) != 0;
        int short_hist = (today->flags & BKS_DAY_SHORT_HISTORY) != 0;
        // no run in the 28 days before the last one: the routine's usual run is the history
        int from_routine = !(longest > 0) && usual > 0;
        double ref = from_routine ? usual : longest;
        int long_run = ref > 0 && last > 1.3 * ref;
        char acwr[80];
        if (short_hist) {
          snprintf(acwr, sizeof acwr, "fewer than 28 days of history (no ratio)");
        } else {
          snprintf(acwr, sizeof acwr, "acute:chronic running-time ratio %.2f (EWMA)",
                   today->acwr_ewma);
        }
        if (from_routine) {
          snprintf(f->evidence, sizeof f->evidence,
                   "%s; last run %.0f min, no run in the 28 days before it: against your "
                   "profile's usual run of %.0f min",
                   acwr, last, usual);
        } else {
          snprintf(f->evidence, sizeof f->evidence,
                   "%s; last run %.0f min, longest in the 28 days before it %.0f min", acwr, last,
                   longest);
        }
        f->status = (spike || long_run) ? BKS_FINDING_FLAG : BKS_FINDING_OK;
        f->confidence = short_hist ? "low" : "medium";
      } else {
        snprintf(f->evidence, sizeof f->evidence, "not computed (out of memory)");
      }
      free(daily);
      free(dl);
    }
    snprintf(f->threshold, sizeof f->threshold,
             "acute:chronic ratio >= 1.5 (a soft spike flag only: it does not predict injury), or "
             "a run more than 30%% longer than the longest of the previous 28 days (or than the "
             "routine's usual run when there is none)%s",
             in->profile.set && in->profile.experience_y < 1
                 ? "; you report under a year of running: the progression studies were in novices"
                 : "");
  }
  f++;

  // 6b. within-run fatigue drift
  bks__finding_fatigue_drift(in, f);
  f++;

  // 7. body mass
  bks__fset(f, "body_mass", "body mass", SRC_BMI);
  if (in->profile.set && in->profile.height_m > 0) {
    double bmi = in->profile.mass_kg / (in->profile.height_m * in->profile.height_m);
    double xp = in->profile.experience_y;
    snprintf(f->evidence, sizeof f->evidence, "BMI %.1f (%.1f kg, %.2f m)%s%s", bmi,
             in->profile.mass_kg, in->profile.height_m,
             (in->profile.conditions & BKS_COND_PREGNANCY) ? "; pregnancy: BMI not interpreted"
                                                           : "",
             xp >= 1 ? "; you report a year or more of running, the source studied novices" : "");
    f->status = (in->profile.conditions & BKS_COND_PREGNANCY) ? BKS_FINDING_UNKNOWN
                : bmi > 30                                    ? BKS_FINDING_FLAG
                                                              : BKS_FINDING_OK;
    // Nielsen 2014 followed novices: the evidence fits a novice (or unknown experience) better
    f->confidence = xp >= 1 ? "low" : "medium";
  } else {
    snprintf(f->evidence, sizeof f->evidence, "no profile: run 'backstride profile set'");
  }
  snprintf(
      f->threshold, sizeof f->threshold,
      "BMI above 30: build running volume more gradually and favour low-impact cross-training");
  f++;

  // 8. pain
  bks__fset(f, "pain", "back pain", SRC_PAIN);
  {
    double m3 = max_pain(in, t - 3, t), m28 = max_pain(in, t - 27, t);
    if (m28 < 0) {
      snprintf(f->evidence, sizeof f->evidence, "no pain logged in the last 28 days");
      f->status = BKS_FINDING_OK;
    } else {
      snprintf(f->evidence, sizeof f->evidence,
               "highest pain %.0f/10 in the last 72 hours, %.0f/10 in the last 28 days",
               m3 < 0 ? 0 : m3, m28);
      f->status = (m3 >= 4 || bks_coach_pain_stop(in, NULL, 0)) ? BKS_FINDING_FLAG : BKS_FINDING_OK;
    }
    f->confidence = "high";
    snprintf(f->threshold, sizeof f->threshold,
             ">= 7/10 in 72 h or pain rising during a run stops running; 4-6/10 halves the run "
             "length; radiating pain with numbness, worsening or unimproved pain is referred");
  }
  f++;
  return (size_t)(f - out);
}

//---- Plan ----

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

  // running allowed: the cap follows recent history (no run more than 30 % beyond the longest of
  // the last 28 days; Nielsen 2014) and is halved for moderate pain (4-6/10 in 72 h)
  p->running_allowed = 1;
  double longest = 0;
  for (size_t i = 0; i < in->nruns; i++) {
    int64_t d = bks__run_day(&in->runs[i]);
    if (d > t - 28 && d <= t && in->runs[i].duration_s / 60 > longest) {
      longest = in->runs[i].duration_s / 60;
    }
  }
  double m3 = max_pain(in, t - 3, t);
  int moderate = m3 >= 4;
  char cap[160] = "";
  double usual = bks_profile_routine_run_minutes(&in->profile);
  if (longest > 0) {
    p->max_minutes = floor(1.3 * longest + 0.5);
    snprintf(cap, sizeof cap,
             "runs capped at 30%% beyond your longest run of the last 28 days "
             "(%.0f min)",
             longest);
  } else if (usual > 0) {
    // no recent run in the library: the routine the runner reports is the recent history
    p->max_minutes = fmax(10, floor(1.3 * usual + 0.5));
    snprintf(cap, sizeof cap,
             "no run in the library in the last 28 days: runs capped at 30%% "
             "beyond the usual run of your profile's routine (%.0f min)",
             usual);
  }
  if (moderate) {
    double base = p->max_minutes == p->max_minutes ? p->max_minutes : 40;
    p->max_minutes = fmax(10, floor(base / 2 + 0.5));
    snprintf(p->why, sizeof p->why,
             "running allowed at reduced length: pain of %.0f/10 in the last 72 hours (4-6/10 "
             "halves the run; stop and log it if it rises during the run)%s%s",
             m3, cap[0] ? "; " : "", cap);
  } else if (cap[0]) {
    snprintf(p->why, sizeof p->why,
             "running allowed: no referral, no pain at or above 4/10 in "
             "72 hours; %s",
             cap);
  } else {
    snprintf(p->why, sizeof p->why,
             "running allowed: no referral, no pain at or above 4/10 in "
             "72 hours; no runs in the library, so no cap from history");
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
  add_cue(p, "overexertion", SRC_LOAD, "keep an easy, conversational pace for most of the run");
  if (p->max_minutes == p->max_minutes) {
    add_cue(p, moderate ? "pain" : "overexertion", SRC_LOAD, "stop at %.0f minutes",
            p->max_minutes);
  }
  add_cue(p, "pain", SRC_PAIN,
          "stop and walk home if back pain reaches %.0f/10 or spreads into a leg, and log it", 7.0);
  add_cue(p, "posture", SRC_POSTURE,
          "run tall: lean slightly from the ankles, not by bending at the waist");
  if (flagged(f, nf, "bounce")) {
    add_cue(p, "bounce", SRC_BOUNCE,
            "try quicker, lighter steps: about %.0f%% more steps per minute at the same pace", 5.0);
  } else {
    add_cue(p, "bounce", SRC_BOUNCE, "keep steps quick and light rather than bounding upward");
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
