// The coach: catalogue, days, pain rule, referral levels, and a property test over thousands of
// random profiles and diaries (no contraindicated exercise, red flags always refer and stop
// running, same input same plan); the coach tables of the library.
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "backstride/coach.h"
#include "backstride/store.h"
#include "harness.h"

static const int64_t TODAY = 20000; // 2024-10-04

static bks_pain_entry pain(int64_t day, double level, const char *when) {
  bks_pain_entry e;
  memset(&e, 0, sizeof e);
  e.day = day;
  e.level = level;
  snprintf(e.where, sizeof e.where, "lower_back");
  snprintf(e.when, sizeof e.when, "%s", when);
  return e;
}

static void plan_for(const bks_coach_input *in, bks_plan *p) {
  bks_finding f[BKS_COACH_MAX_FINDINGS];
  size_t nf = bks_coach_findings(in, f);
  bks_coach_plan(in, f, nf, p);
}

// every threshold has a unique name, a unit and a source, and docs/science.md names it with its
// value, so the documented number and the one the coach compares against cannot drift apart
BKS_TEST(thresholds_are_sourced_and_documented) {
  BKS_CHECK(bks_coach_threshold_at(BKS_NTHRESHOLDS) == NULL);
  char *doc = NULL;
#ifdef BKS_SOURCE_DIR
  FILE *fp = fopen(BKS_SOURCE_DIR "/docs/science.md", "rb");
  BKS_CHECK(fp != NULL);
  if (fp) {
    doc = calloc(1, 1 << 20);
    if (doc) fread(doc, 1, (1 << 20) - 1, fp);
    fclose(fp);
  }
#endif
  for (int i = 0; i < BKS_NTHRESHOLDS; i++) {
    const bks_coach_threshold *t = bks_coach_threshold_at((bks_coach_threshold_id)i);
    BKS_CHECK(t && t->name && t->unit && t->source && strlen(t->source) > 10);
    if (!t || !t->name) continue;
    BKS_CHECK(isfinite(t->value));
    for (int j = 0; j < i; j++) {
      BKS_CHECK(strcmp(bks_coach_threshold_at((bks_coach_threshold_id)j)->name, t->name) != 0);
    }
    if (doc) {
      // the row "| `name` | value |" of docs/science.md's threshold table
      char row[160];
      snprintf(row, sizeof row, "| `%s` | %g |", t->name, t->value);
      if (!strstr(doc, row)) fprintf(stderr, "docs/science.md lacks the row \"%s\"\n", row);
      BKS_CHECK(strstr(doc, row) != NULL);
    }
  }
  free(doc);
}

BKS_TEST(days_round_trip) {
  int64_t d;
  char buf[16];
  BKS_CHECK_EQ_INT(bks_date_parse("1970-01-01", &d), 0);
  BKS_CHECK_EQ_INT(d, 0);
  BKS_CHECK_EQ_INT(bks_date_parse("2024-02-29", &d), 0);
  bks_date_format(d, buf);
  BKS_CHECK_STR(buf, "2024-02-29");
  BKS_CHECK_EQ_INT(bks_date_parse("2023-02-29", &d), -1);
  BKS_CHECK_EQ_INT(bks_date_parse("2023-13-01", &d), -1);
  BKS_CHECK_EQ_INT(bks_date_parse("2023-1-01", &d), -1);
  bks_date_format(TODAY, buf);
  BKS_CHECK_STR(buf, "2024-10-04");
  for (int64_t x = -1000; x < 60000; x += 37) {
    bks_date_format(x, buf);
    if (x >= -25567) { // from 1900
      BKS_CHECK_EQ_INT(bks_date_parse(buf, &d), 0);
      BKS_CHECK_EQ_INT(d, x);
    }
  }
}

BKS_TEST(catalogue_is_complete) {
  size_t n = bks_exercise_count();
  BKS_CHECK(n >= 40);
  const char *cats[] = {"core", "pilates", "yoga", "stretch", "decompression", "cross_training"};
  for (size_t c = 0; c < sizeof cats / sizeof cats[0]; c++) {
    int found = 0;
    for (size_t i = 0; i < n; i++) found |= strcmp(bks_exercise_at(i)->category, cats[c]) == 0;
    BKS_CHECK(found);
  }
  for (size_t i = 0; i < n; i++) {
    const bks_exercise *e = bks_exercise_at(i);
    BKS_CHECK(e->id[0] && e->name[0] && e->targets[0] && e->dose[0] && e->progression[0] &&
              e->instructions[0] && e->source[0]);
    BKS_CHECK(bks_exercise_find(e->id) == e); // ids unique
    BKS_CHECK(bks_exercise_has_phase(e, "before") || bks_exercise_has_phase(e, "after") ||
              bks_exercise_has_phase(e, "rest"));
    // every contraindication word is in the vocabulary
    char buf[256];
    snprintf(buf, sizeof buf, "%s", e->contraindications);
    for (char *w = strtok(buf, ","); w; w = strtok(NULL, ",")) BKS_CHECK(bks_condition_parse(w));
    // never traction devices, belts or orthotics (NICE NG59)
    const char *banned[] = {"traction", "belt", "orthotic", "corset", "brace "};
    for (size_t b = 0; b < 5; b++) {
      BKS_CHECK(!strstr(e->name, banned[b]) && !strstr(e->instructions, banned[b]));
    }
    // a known source class
    BKS_CHECK(strstr(e->source, "ACP 2017") || strstr(e->source, "NICE NG59") ||
              strstr(e->source, "McGill") || strcmp(e->source, "no specific evidence") == 0);
  }
}

BKS_TEST(pain_rule_seven_in_72_hours_stops_running) {
  for (int back = 0; back <= 5; back++) {
    bks_pain_entry e = pain(TODAY - back, 7, "none");
    bks_coach_input in = {.today = TODAY, .pain = &e, .npain = 1};
    bks_plan p;
    plan_for(&in, &p);
    BKS_CHECK_EQ_INT(p.running_allowed, back <= 3 ? 0 : 1);
    if (back <= 3) {
      BKS_CHECK(strstr(p.why, "72 hours") != NULL);
      BKS_CHECK(p.nrest_day > 0); // gentle low-impact work is offered
      BKS_CHECK_EQ_INT(p.nbefore, 0);
    }
  }
}

BKS_TEST(pain_rule_moderate_pain_reduces_the_run) {
  bks_run_brief r = {.start_utc = (TODAY - 2) * 86400 + 3600,
                     .duration_s = 3600,
                     .distance_m = 10000,
                     .vo_cm = NAN};
  bks_coach_input in = {.today = TODAY, .runs = &r, .nruns = 1};
  bks_plan p;
  plan_for(&in, &p);
  BKS_CHECK_EQ_INT(p.running_allowed, 1);
  BKS_CHECK_NEAR(p.max_minutes, 78, 0.5); // 1.3 x 60
  bks_pain_entry e = pain(TODAY, 5, "none");
  in.pain = &e;
  in.npain = 1;
  plan_for(&in, &p);
  BKS_CHECK_EQ_INT(p.running_allowed, 1);
  BKS_CHECK_NEAR(p.max_minutes, 39, 0.5);
  e.level = 6.9;
  plan_for(&in, &p);
  BKS_CHECK_EQ_INT(p.running_allowed, 1);
  e.level = 3;
  plan_for(&in, &p);
  BKS_CHECK_NEAR(p.max_minutes, 78, 0.5);
}

BKS_TEST(pain_rule_pain_rising_during_a_run_stops_running) {
  bks_pain_entry e[2] = {pain(TODAY - 1, 2, "before"), pain(TODAY - 1, 4, "during")};
  bks_coach_input in = {.today = TODAY, .pain = e, .npain = 2};
  // no run that day: nothing for the pain to rise during
  BKS_CHECK_EQ_INT(bks_coach_pain_stop(&in, NULL, 0), 0);
  bks_run_brief run = {(TODAY - 1) * 86400 + 12 * 3600, 1800, 5000, NAN, 0};
  in.runs = &run;
  in.nruns = 1;
  BKS_CHECK_EQ_INT(bks_coach_pain_stop(&in, NULL, 0), 1);
  bks_plan p;
  plan_for(&in, &p);
  BKS_CHECK_EQ_INT(p.running_allowed, 0);
  BKS_CHECK(strstr(p.why, "rose during a run") != NULL);
  e[1].level = 2; // no rise
  BKS_CHECK_EQ_INT(bks_coach_pain_stop(&in, NULL, 0), 0);
  e[1].level = 3; // a rise after the run counts too
  snprintf(e[1].when, sizeof e[1].when, "after");
  BKS_CHECK_EQ_INT(bks_coach_pain_stop(&in, NULL, 0), 1);
  // no 'before' logged: unknown, never 0, so no rise
  snprintf(e[0].when, sizeof e[0].when, "none");
  BKS_CHECK_EQ_INT(bks_coach_pain_stop(&in, NULL, 0), 0);
  snprintf(e[0].when, sizeof e[0].when, "before");
  e[0].day = e[1].day = TODAY - 8; // too long ago
  run.start_utc -= 7 * 86400;
  BKS_CHECK_EQ_INT(bks_coach_pain_stop(&in, NULL, 0), 0);
}

BKS_TEST(referral_levels) {
  for (int i = 0; i < BKS_NFLAGS; i++) {
    bks_coach_input in = {.today = TODAY, .screened = 1, .red_flags = 1u << i};
    bks_plan p;
    plan_for(&in, &p);
    BKS_CHECK_EQ_INT(p.referral, i < 4 ? BKS_REFER_EMERGENCY : BKS_REFER_URGENT);
    BKS_CHECK_EQ_INT(p.running_allowed, 0);
    BKS_CHECK(strstr(p.referral_reason, bks_flag_name(i)) != NULL);
  }
  // cauda equina wins over other flags
  bks_coach_input in = {.today = TODAY, .red_flags = BKS_FLAG_FEVER | BKS_FLAG_BOWEL_DYSFUNCTION};
  BKS_CHECK_EQ_INT(bks_coach_referral(&in, NULL, 0), BKS_REFER_EMERGENCY);
  // radiating with numbness
  bks_pain_entry e = pain(TODAY - 3, 3, "none");
  e.radiating = e.numbness = 1;
  bks_coach_input r = {.today = TODAY, .pain = &e, .npain = 1};
  BKS_CHECK_EQ_INT(bks_coach_referral(&r, NULL, 0), BKS_REFER_ROUTINE);
  e.numbness = 0; // radiating alone is not enough
  BKS_CHECK_EQ_INT(bks_coach_referral(&r, NULL, 0), BKS_REFER_NONE);
  // worsening
  bks_pain_entry w[2] = {pain(TODAY - 9, 2, "none"), pain(TODAY - 1, 5, "none")};
  bks_coach_input wi = {.today = TODAY, .pain = w, .npain = 2};
  BKS_CHECK_EQ_INT(bks_coach_referral(&wi, NULL, 0), BKS_REFER_ROUTINE);
  // not improving over four weeks
  bks_pain_entry n[2] = {pain(TODAY - 30, 4, "none"), pain(TODAY - 2, 4, "none")};
  bks_coach_input ni = {.today = TODAY, .pain = n, .npain = 2};
  BKS_CHECK_EQ_INT(bks_coach_referral(&ni, NULL, 0), BKS_REFER_ROUTINE);
  bks_plan p;
  plan_for(&ni, &p);
  BKS_CHECK_EQ_INT(p.running_allowed, 0);
  n[1].level = 2; // improving
  BKS_CHECK_EQ_INT(bks_coach_referral(&ni, NULL, 0), BKS_REFER_NONE);
  // a cleared screening refers no one
  bks_coach_input c = {.today = TODAY, .screened = 1, .red_flags = 0};
  BKS_CHECK_EQ_INT(bks_coach_referral(&c, NULL, 0), BKS_REFER_NONE);
}

//---- Property test ----

static uint64_t rng_state;
static uint64_t rnd(void) { // xorshift64*
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 2685821657736338717ull;
}
static unsigned rint_(unsigned n) { return (unsigned)(rnd() % n); }

#define MAXE 40

typedef struct world {
  bks_pain_entry pain[MAXE];
  bks_session_entry sess[MAXE];
  bks_shoe shoes[4];
  bks_run_brief runs[MAXE];
  bks_run_metrics metrics[MAXE];
  bks_coach_input in;
} world;

// an optional routine number: missing (NaN) a third of the time, else 0..max in halves
static double maybe(unsigned max) { return rint_(3) == 0 ? NAN : rint_(2 * max + 1) / 2.0; }

static void random_world(world *w) {
  memset(w, 0, sizeof *w);
  bks_coach_input *in = &w->in;
  in->today = TODAY + (int64_t)rint_(400);
  bks_profile_init(&in->profile);
  if (rint_(5)) {
    in->profile.set = 1;
    // experience and routine: any combination, missing or present, zeros included
    in->profile.experience_y = maybe(40);
    in->profile.runs_per_week = maybe(10);
    in->profile.weekly_km = maybe(150);
    in->profile.weekly_minutes = maybe(900);
    in->profile.strength_per_week = maybe(7);
    in->profile.mass_kg = 40 + rint_(100);
    in->profile.height_m = 1.4 + rint_(60) / 100.0;
    in->profile.age_y = 15 + rint_(70);
    in->profile.sex = rint_(2) ? 'f' : 'm';
    in->profile.conditions = rint_(2) ? (unsigned)rint_(32) : 0;
  }
  if (rint_(3) == 0) {
    in->screened = 1;
    in->red_flags = rint_(2) ? (1u << rint_(BKS_NFLAGS)) : (unsigned)rint_(512);
  }
  const char *when[] = {"before", "during", "after", "none"};
  in->npain = rint_(MAXE);
  for (size_t i = 0; i < in->npain; i++) {
    w->pain[i] =
        pain(in->today - (int64_t)rint_(45), rint_(11) + (rint_(2) ? 0.5 : 0), when[rint_(4)]);
    if (w->pain[i].level > 10) w->pain[i].level = 10;
    w->pain[i].radiating = rint_(6) == 0;
    w->pain[i].numbness = rint_(6) == 0;
  }
  in->pain = w->pain;
  in->nsessions = rint_(MAXE);
  for (size_t i = 0; i < in->nsessions; i++) {
    w->sess[i].day = in->today - (int64_t)rint_(40);
    snprintf(w->sess[i].kind, sizeof w->sess[i].kind, "%s", bks_session_kinds[rint_(7)]);
    w->sess[i].minutes = 5 + rint_(60);
  }
  in->sessions = w->sess;
  in->nshoes = rint_(4);
  for (size_t i = 0; i < in->nshoes; i++) {
    snprintf(w->shoes[i].name, sizeof w->shoes[i].name, "shoe %zu", i);
    w->shoes[i].start_day = in->today - (int64_t)rint_(120);
    w->shoes[i].retired_day = rint_(3) ? -1 : in->today - 5;
    w->shoes[i].distance_m = rint_(900000);
  }
  in->shoes = w->shoes;
  in->nruns = rint_(MAXE);
  for (size_t i = 0; i < in->nruns; i++) {
    w->runs[i].start_utc = (in->today - (int64_t)rint_(90)) * 86400 + rint_(86400);
    w->runs[i].duration_s = 600 + rint_(9000);
    w->runs[i].distance_m = w->runs[i].duration_s * 3;
    w->runs[i].vo_cm = rint_(2) ? 6 + rint_(70) / 10.0 : NAN;
    // what the load engine made of it: sometimes nothing, drift of either sign
    bks_run_metrics *m = &w->metrics[i];
    bks_run_metrics_init(m);
    m->modelled = rint_(6) != 0;
    m->dynamics = rint_(3) != 0;
    m->minutes = w->runs[i].duration_s / 60;
    m->lli = 3 + rint_(200) / 100.0;
    m->peak_vgrf_bw = 2 + rint_(100) / 100.0;
    m->dose = rint_(500000);
    if (m->minutes >= 20) {
      m->drift_cadence = (rint_(200) - 100.0) / 1000;
      m->drift_contact = (rint_(200) - 100.0) / 1000;
      m->drift_lli = (rint_(200) - 100.0) / 1000;
      m->drift_speed = (rint_(200) - 100.0) / 1000;
    }
  }
  in->runs = w->runs;
  in->metrics = rint_(4) ? w->metrics : NULL; // NULL: a view that did not model the runs
}

static int flagged_id(const bks_finding *f, size_t nf, const char *id) {
  for (size_t i = 0; i < nf; i++) {
    if (strcmp(f[i].id, id) == 0) return f[i].status == BKS_FINDING_FLAG;
  }
  return 0;
}

static int finding_exists(const bks_finding *f, size_t nf, const char *id) {
  for (size_t i = 0; i < nf; i++) {
    if (strcmp(f[i].id, id) == 0) return 1;
  }
  return 0;
}

static void check_items(const bks_plan_item *it, size_t n, unsigned conds, const bks_finding *f,
                        size_t nf, const char *phase, int *bad) {
  for (size_t i = 0; i < n; i++) {
    const bks_exercise *e = bks_exercise_find(it[i].exercise);
    if (!e || (bks_exercise_contra(e) & conds) || !bks_exercise_has_phase(e, phase) ||
        !finding_exists(f, nf, it[i].answers) || !it[i].dose[0]) {
      if (*bad < 5) {
        fprintf(stderr, "bad item %s (%s) for conditions %u\n", it[i].exercise, phase, conds);
      }
      (*bad)++;
    }
  }
}

// 1 when a run of `in` started on day `d`
static int run_on_day(const bks_coach_input *in, int64_t d) {
  for (size_t i = 0; i < in->nruns; i++) {
    if (bks_date_day_local(in->runs[i].start_utc) == d) return 1;
  }
  return 0;
}

// The pain rule reads only what was logged: over random diaries and runs, a "pain rose during a
// run" stop always has a logged 'before' below a logged 'during'/'after' on a day with a run, and
// a mild (1-3/10) 'during'/'after' entry added on a day with no 'before' never stops running.
BKS_TEST(property_pain_rule_reads_only_what_was_logged) {
  rng_state = 0x7061696e72756c65ull; // "painrule"
  world *w = malloc(sizeof *w);
  BKS_CHECK(w != NULL);
  if (!w) return;
  int bad = 0, rises = 0;
  for (int k = 0; k < 5000; k++) {
    random_world(w);
    bks_coach_input *in = &w->in;
    in->red_flags = 0; // the pain rule alone
    char why[400];
    int stop = bks_coach_pain_stop(in, why, sizeof why);
    if (stop && strstr(why, "rose during a run")) {
      rises++;
      int ok = 0;
      for (size_t i = 0; i < in->npain && !ok; i++) {
        const bks_pain_entry *p = &in->pain[i];
        if (strcmp(p->when, "during") != 0 && strcmp(p->when, "after") != 0) continue;
        if (p->day < in->today - 6 || p->day > in->today || !run_on_day(in, p->day)) continue;
        for (size_t j = 0; j < in->npain; j++) {
          const bks_pain_entry *q = &in->pain[j];
          if (q->day == p->day && strcmp(q->when, "before") == 0 && q->level < p->level) ok = 1;
        }
      }
      if (!ok && bad++ < 5) fprintf(stderr, "rise without a logged before: %s\n", why);
    }
    if (stop || in->npain + 2 > MAXE) continue;
    // a logged rise on a day with a run always stops running
    if (in->nruns && rint_(4) == 0) {
      int64_t rd = bks_date_day_local(in->runs[0].start_utc);
      if (rd >= in->today - 6 && rd <= in->today) {
        size_t n0 = in->npain;
        double top = 1; // the highest 'before' of that day, the one a rise is measured from
        for (size_t j = 0; j < n0; j++) {
          if (w->pain[j].day == rd && strcmp(w->pain[j].when, "before") == 0 &&
              w->pain[j].level > top) {
            top = w->pain[j].level;
          }
        }
        if (top >= 10) continue;
        w->pain[in->npain++] = pain(rd, 1, "before");
        w->pain[in->npain++] = pain(rd, top + 1 > 10 ? 10 : top + 1, "after");
        if (!bks_coach_pain_stop(in, why, sizeof why) && bad++ < 5) {
          fprintf(stderr, "a logged rise on a run day did not stop running\n");
        }
        rises++;
        in->npain = n0;
      }
    }
    // a mild level after or during a run, on a day with no 'before' logged
    int64_t day = in->today - (int64_t)rint_(7);
    int has_before = 0;
    for (size_t j = 0; j < in->npain; j++) {
      has_before |= in->pain[j].day == day && strcmp(in->pain[j].when, "before") == 0;
    }
    if (has_before) continue;
    w->pain[in->npain++] = pain(day, 1 + rint_(3), rint_(2) ? "during" : "after");
    if (bks_coach_pain_stop(in, why, sizeof why) && bad++ < 5) {
      fprintf(stderr, "a mild level with no 'before' stopped running: %s\n", why);
    }
  }
  free(w);
  BKS_CHECK_EQ_INT(bad, 0);
  BKS_CHECK(rises > 20); // the random diaries do reach the rule
}

BKS_TEST(property_random_diaries) {
  rng_state = 0x9E3779B97F4A7C15ull;
  static world w;
  static bks_plan p1, p2;
  int bad = 0, refer = 0, stops = 0, runs = 0, seen_drift = 0, seen_shoe = 0, seen_routine_cap = 0;
  for (int iter = 0; iter < 5000; iter++) {
    random_world(&w);
    bks_finding f[BKS_COACH_MAX_FINDINGS];
    size_t nf = bks_coach_findings(&w.in, f);
    bks_coach_plan(&w.in, f, nf, &p1);
    unsigned conds = w.in.profile.set ? w.in.profile.conditions : 31u;
    check_items(p1.before, p1.nbefore, conds, f, nf, "before", &bad);
    check_items(p1.after, p1.nafter, conds, f, nf, "after", &bad);
    check_items(p1.rest_day, p1.nrest_day, conds, f, nf, "rest", &bad);
    for (size_t i = 0; i < p1.nduring; i++) {
      if (!finding_exists(f, nf, p1.during[i].answers)) bad++;
    }
    // every red flag: a referral of the right level and no running
    if (w.in.red_flags) {
      bks_referral want =
          (w.in.red_flags & BKS_FLAGS_CAUDA_EQUINA) ? BKS_REFER_EMERGENCY : BKS_REFER_URGENT;
      if (p1.referral != want || p1.running_allowed) bad++;
    }
    if (p1.referral != BKS_REFER_NONE && (p1.running_allowed || !p1.referral_reason[0])) bad++;
    // the pain rule
    for (size_t i = 0; i < w.in.npain; i++) {
      if (w.pain[i].level >= 7 && w.pain[i].day >= w.in.today - 3 && p1.running_allowed) bad++;
    }
    if (!p1.running_allowed && (!p1.why[0] || p1.nbefore || p1.nafter)) bad++;
    if (p1.running_allowed && p1.max_minutes == p1.max_minutes && p1.max_minutes < 10) bad++;
    // the cap never goes beyond 30 % over recent history, or over the routine's usual run when
    // the library has no run in the last 28 days
    double longest = 0, usual = bks_profile_routine_run_minutes(&w.in.profile);
    for (size_t i = 0; i < w.in.nruns; i++) {
      int64_t d = w.runs[i].start_utc / 86400;
      if (d > w.in.today - 28 && d <= w.in.today && w.runs[i].duration_s / 60 > longest) {
        longest = w.runs[i].duration_s / 60;
      }
    }
    double base = longest > 0 ? longest : usual;
    if (p1.running_allowed && base == base && !(p1.max_minutes <= fmax(10, 1.3 * base + 0.5)))
      bad++;
    if (p1.running_allowed && !(base == base) && p1.max_minutes == p1.max_minutes &&
        p1.max_minutes > 20) {
      bad++; // no history and no routine: no cap, or the moderate-pain 20 minutes
    }
    // every finding is complete, whatever the profile and the metrics
    for (size_t i = 0; i < nf; i++) {
      if (!f[i].evidence[0] || !f[i].threshold[0] || !f[i].source || !f[i].source[0] ||
          !f[i].confidence) {
        bad++;
      }
    }
    // a flagged run finding is answered by a during-run cue whenever running is planned
    for (int k = 0; k < 2; k++) {
      const char *id = k ? "shoe_impact" : "fatigue_drift";
      int cue = 0;
      for (size_t i = 0; i < p1.nduring; i++) cue |= strcmp(p1.during[i].answers, id) == 0;
      if (flagged_id(f, nf, id) && p1.running_allowed && !cue) bad++;
    }
    seen_drift += flagged_id(f, nf, "fatigue_drift");
    seen_shoe += flagged_id(f, nf, "shoe_impact");
    seen_routine_cap += longest == 0 && usual == usual && p1.running_allowed;
    // determinism: the same input gives the same plan, byte for byte
    bks_finding f2[BKS_COACH_MAX_FINDINGS];
    size_t nf2 = bks_coach_findings(&w.in, f2);
    bks_coach_plan(&w.in, f2, nf2, &p2);
    if (nf2 != nf || memcmp(&p1, &p2, sizeof p1) != 0) bad++;
    refer += p1.referral != BKS_REFER_NONE;
    stops += !p1.running_allowed;
    runs += p1.running_allowed;
  }
  BKS_CHECK_EQ_INT(bad, 0);
  // the generator reaches every branch
  BKS_CHECK(refer > 100 && stops > 100 && runs > 100);
  fprintf(stderr, "drift flagged %d, shoe impact flagged %d, routine caps %d\n", seen_drift,
          seen_shoe, seen_routine_cap);
  BKS_CHECK(seen_drift > 50 && seen_shoe > 5 && seen_routine_cap > 5);
}

//---- The library ----

BKS_TEST(store_round_trip) {
  bks_store *s;
  char err[256];
  BKS_CHECK_EQ_INT(bks_store_open(":memory:", 0, &s, err, sizeof err), BKS_OK);
  if (!s) return;
  BKS_CHECK_EQ_INT(bks_store_schema_version(s), BKS_STORE_SCHEMA_VERSION);
  bks_profile p, q;
  bks_profile_init(&p);
  BKS_CHECK_EQ_INT(bks_store_profile_get(s, &q), BKS_OK);
  BKS_CHECK_EQ_INT(q.set, 0);
  p.set = 1;
  p.mass_kg = 61.5;
  p.height_m = 1.68;
  p.age_y = 34;
  p.sex = 'f';
  p.conditions = BKS_COND_PREGNANCY | BKS_COND_HERNIATED_DISC;
  BKS_CHECK_EQ_INT(bks_store_profile_set(s, &p, "test"), BKS_OK);
  BKS_CHECK_EQ_INT(bks_store_profile_get(s, &q), BKS_OK);
  BKS_CHECK_EQ_INT(q.set, 1);
  BKS_CHECK_EQ_INT(q.conditions, p.conditions);
  BKS_CHECK_NEAR(q.mass_kg, 61.5, 1e-12);
  BKS_CHECK_EQ_INT(q.sex, 'f');
  BKS_CHECK(isnan(q.experience_y) && isnan(q.weekly_minutes)); // not given: NULL, read as NaN
  bks_profile_init(&p);
  p.set = 1;
  p.mass_kg = 61.5;
  p.height_m = 1.68;
  p.age_y = 34;
  p.sex = 'f';
  p.experience_y = 2.5;
  p.runs_per_week = 0; // zero is kept, not taken for "missing"
  p.weekly_km = 30;
  p.strength_per_week = 2;
  BKS_CHECK_EQ_INT(bks_store_profile_set(s, &p, "test"), BKS_OK);
  BKS_CHECK_EQ_INT(bks_store_profile_get(s, &q), BKS_OK);
  BKS_CHECK_NEAR(q.experience_y, 2.5, 1e-12);
  BKS_CHECK_NEAR(q.runs_per_week, 0, 0);
  BKS_CHECK_NEAR(q.weekly_km, 30, 1e-12);
  BKS_CHECK(isnan(q.weekly_minutes));
  BKS_CHECK_NEAR(q.strength_per_week, 2, 1e-12);

  bks_pain_entry e = pain(TODAY, 6.5, "during");
  e.radiating = 1;
  BKS_CHECK_EQ_INT(bks_store_pain_add(s, &e), BKS_OK);
  bks_pain_entry *pl;
  size_t n;
  BKS_CHECK_EQ_INT(bks_store_pain_list(s, &pl, &n), BKS_OK);
  BKS_CHECK_EQ_INT(n, 1);
  if (n == 1) {
    BKS_CHECK_EQ_INT(pl[0].day, TODAY);
    BKS_CHECK_NEAR(pl[0].level, 6.5, 1e-12);
    BKS_CHECK_STR(pl[0].when, "during");
    BKS_CHECK_EQ_INT(pl[0].radiating, 1);
  }
  free(pl);

  bks_session_entry se = {.day = TODAY, .kind = "pilates", .minutes = 30};
  BKS_CHECK_EQ_INT(bks_store_session_add(s, &se), BKS_OK);
  bks_session_entry *sl;
  BKS_CHECK_EQ_INT(bks_store_session_list(s, &sl, &n), BKS_OK);
  BKS_CHECK_EQ_INT(n, 1);
  free(sl);

  BKS_CHECK_EQ_INT(bks_store_intervention_add(s, "support belt", TODAY - 10, -1), BKS_OK);
  BKS_CHECK_EQ_INT(bks_store_intervention_add(s, "cadence +5%", TODAY - 40, TODAY - 20), BKS_OK);
  bks_intervention *iv;
  BKS_CHECK_EQ_INT(bks_store_intervention_list(s, &iv, &n), BKS_OK);
  BKS_CHECK_EQ_INT(n, 2);
  if (n == 2) { // by start day
    BKS_CHECK_STR(iv[0].name, "cadence +5%");
    BKS_CHECK_EQ_INT(iv[0].end_day, TODAY - 20);
    BKS_CHECK_STR(iv[1].name, "support belt");
    BKS_CHECK_EQ_INT(iv[1].end_day, -1);
  }
  free(iv);
  BKS_CHECK_EQ_INT(bks_store_shoe_add(s, "Clifton", TODAY - 100), BKS_OK);
  BKS_CHECK_EQ_INT(bks_store_shoe_add(s, "Clifton", TODAY - 100), BKS_E_INVAL);
  BKS_CHECK_EQ_INT(bks_store_shoe_retire(s, "nope", TODAY), BKS_END);
  BKS_CHECK_EQ_INT(bks_store_shoe_retire(s, "Clifton", TODAY), BKS_OK);
  bks_shoe *sh;
  BKS_CHECK_EQ_INT(bks_store_shoe_list(s, &sh, &n), BKS_OK);
  BKS_CHECK_EQ_INT(n, 1);
  if (n == 1) BKS_CHECK_EQ_INT(sh[0].retired_day, TODAY);
  free(sh);

  int found;
  int64_t day;
  unsigned flags;
  BKS_CHECK_EQ_INT(bks_store_screen_latest(s, &found, &day, &flags), BKS_OK);
  BKS_CHECK_EQ_INT(found, 0);
  BKS_CHECK_EQ_INT(bks_store_screen_add(s, TODAY, BKS_FLAG_FEVER | BKS_FLAG_SADDLE_ANAESTHESIA),
                   BKS_OK);
  BKS_CHECK_EQ_INT(bks_store_screen_latest(s, &found, &day, &flags), BKS_OK);
  BKS_CHECK_EQ_INT(flags, BKS_FLAG_FEVER | BKS_FLAG_SADDLE_ANAESTHESIA);
  BKS_CHECK_EQ_INT(bks_store_screen_add(s, TODAY + 1, 0), BKS_OK); // clears
  BKS_CHECK_EQ_INT(bks_store_screen_latest(s, &found, &day, &flags), BKS_OK);
  BKS_CHECK_EQ_INT(found, 1);
  BKS_CHECK_EQ_INT(flags, 0);
  bks_store_close(s);
}

BKS_TEST_MAIN(BKS_CASE(thresholds_are_sourced_and_documented), BKS_CASE(days_round_trip),
              BKS_CASE(catalogue_is_complete), BKS_CASE(pain_rule_seven_in_72_hours_stops_running),
              BKS_CASE(pain_rule_moderate_pain_reduces_the_run),
              BKS_CASE(pain_rule_pain_rising_during_a_run_stops_running), BKS_CASE(referral_levels),
              BKS_CASE(property_random_diaries),
              BKS_CASE(property_pain_rule_reads_only_what_was_logged), BKS_CASE(store_round_trip))
