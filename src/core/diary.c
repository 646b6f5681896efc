// The runner's records (include/backstride/diary.h): the vocabularies, the profile's defaults
// and what its weekly routine implies.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/diary.h"

//---- Vocabularies ----

static const char *const conditions[BKS_NCONDITIONS] = {
    "herniated_disc", "past_back_pain", "osteoporosis", "pregnancy", "spinal_surgery"};
static const char *const flags[BKS_NFLAGS] = {"saddle_anaesthesia",
                                              "bladder_dysfunction",
                                              "bowel_dysfunction",
                                              "progressive_leg_weakness",
                                              "fever",
                                              "unexplained_weight_loss",
                                              "cancer_history",
                                              "night_pain",
                                              "major_trauma"};
static const char *const questions[BKS_NFLAGS] = {
    "Numbness or tingling around the genitals, buttocks or inner thighs (the 'saddle' area)?",
    "New difficulty passing urine, or loss of bladder control?",
    "New loss of bowel control?",
    "Weakness in a leg that is getting worse, or a change in how you walk?",
    "Fever, chills or shivering together with the back pain?",
    "Weight loss you cannot explain?",
    "Have you ever had cancer?",
    "Back pain at night that does not ease whatever position you lie in?",
    "Did the pain start after a major accident, fall or blow?"};

const char *const bks_pain_locations[] = {"lower_back", "sacroiliac", "buttock", "leg",
                                          "mid_back",   "neck",       NULL};
const char *const bks_pain_timings[] = {"before", "during", "after", "none", NULL};
const char *const bks_session_kinds[] = {"strength",   "core",          "pilates",        "yoga",
                                         "stretching", "decompression", "cross_training", NULL};

const char *bks_condition_name(int i) {
  return i >= 0 && i < BKS_NCONDITIONS ? conditions[i] : NULL;
}
const char *bks_flag_name(int i) { return i >= 0 && i < BKS_NFLAGS ? flags[i] : NULL; }
const char *bks_flag_question(int i) { return i >= 0 && i < BKS_NFLAGS ? questions[i] : NULL; }

unsigned bks_condition_parse(const char *name) {
  for (int i = 0; i < BKS_NCONDITIONS; i++) {
    if (name && strcmp(name, conditions[i]) == 0) return 1u << i;
  }
  return 0;
}

unsigned bks_flag_parse(const char *name) {
  for (int i = 0; i < BKS_NFLAGS; i++) {
    if (name && strcmp(name, flags[i]) == 0) return 1u << i;
  }
  return 0;
}

int bks_word_in(const char *const *list, const char *word) {
  for (; word && *list; list++) {
    if (strcmp(*list, word) == 0) return 1;
  }
  return 0;
}

void bks_profile_init(bks_profile *p) {
  memset(p, 0, sizeof *p);
  p->mass_kg = p->height_m = p->age_y = NAN;
  p->experience_y = p->runs_per_week = p->weekly_km = p->weekly_minutes = NAN;
  p->strength_per_week = NAN;
}

const char *const bks_profile_fields[] = {"mass_kg",
                                          "height_m",
                                          "age_y",
                                          "sex",
                                          "conditions",
                                          "experience_y",
                                          "runs_per_week",
                                          "weekly_km",
                                          "weekly_minutes",
                                          "strength_per_week",
                                          "tz",
                                          "units",
                                          NULL};

static void num_text(double x, char *buf, size_t n) {
  if (x == x) {
    snprintf(buf, n, "%.10g", x);
  } else {
    buf[0] = 0;
  }
}

int bks_profile_field_text(const bks_profile *p, const char *name, char *buf, size_t n) {
  if (!n) return -1;
  buf[0] = 0;
  const double *num = NULL;
  if (strcmp(name, "mass_kg") == 0) num = &p->mass_kg;
  else if (strcmp(name, "height_m") == 0) num = &p->height_m;
  else if (strcmp(name, "age_y") == 0) num = &p->age_y;
  else if (strcmp(name, "experience_y") == 0) num = &p->experience_y;
  else if (strcmp(name, "runs_per_week") == 0) num = &p->runs_per_week;
  else if (strcmp(name, "weekly_km") == 0) num = &p->weekly_km;
  else if (strcmp(name, "weekly_minutes") == 0) num = &p->weekly_minutes;
  else if (strcmp(name, "strength_per_week") == 0) num = &p->strength_per_week;
  if (num) {
    num_text(*num, buf, n);
  } else if (strcmp(name, "sex") == 0) {
    snprintf(buf, n, "%s", p->sex == 'f' || p->sex == 'm' ? (p->sex == 'f' ? "f" : "m") : "");
  } else if (strcmp(name, "conditions") == 0) {
    size_t len = 0;
    for (int i = 0; i < BKS_NCONDITIONS; i++) {
      if (!(p->conditions & (1u << i)) || len >= n) continue;
      int w = snprintf(buf + len, n - len, "%s%s", len ? "," : "", bks_condition_name(i));
      if (w > 0) len += (size_t)w;
    }
  } else if (strcmp(name, "tz") == 0) {
    snprintf(buf, n, "%s", p->tz);
  } else if (strcmp(name, "units") == 0) {
    snprintf(buf, n, "%s", p->units);
  } else {
    return -1;
  }
  return 0;
}

const char *bks_diary_kind_name(bks_diary_kind k) {
  switch (k) {
  case BKS_DIARY_PAIN:
    return "pain";
  case BKS_DIARY_SESSION:
    return "session";
  case BKS_DIARY_INTERVENTION:
    return "intervention";
  }
  return "?";
}

double bks_profile_routine_run_minutes(const bks_profile *p) {
  if (!p->set || !(p->weekly_minutes > 0) || !(p->runs_per_week > 0)) return NAN;
  return p->weekly_minutes / p->runs_per_week;
}

void bks_diary_init(bks_diary *d) {
  memset(d, 0, sizeof *d);
  bks_profile_init(&d->profile);
}

void bks_diary_deinit(bks_diary *d) {
  if (!d) return;
  free(d->pain);
  free(d->sessions);
  free(d->shoes);
  bks_diary_init(d);
}
