// Referral levels and the pain rule (DESIGN.md contracts), from the screening and the pain diary.
// Every number is an entry of the threshold table (src/coach/thresholds.c).
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "coach_internal.h"

//---- Diary summaries ----

double bks__max_pain(const bks_coach_input *in, int64_t from, int64_t to) {
  double m = -1;
  for (size_t i = 0; i < in->npain; i++) {
    if (in->pain[i].day >= from && in->pain[i].day <= to && in->pain[i].level > m) {
      m = in->pain[i].level;
    }
  }
  return m;
}

double bks__mean_pain(const bks_coach_input *in, int64_t from, int64_t to) {
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
  // radiating with numbness in the recent window
  const int64_t recent = (int64_t)BKS_T(BKS_T_RECENT_DAYS);
  for (size_t i = 0; i < in->npain; i++) {
    const bks_pain_entry *p = &in->pain[i];
    if (p->day > t - recent && p->day <= t && p->level > 0 && p->radiating && p->numbness) {
      snprintf(reason, rsz,
               "routine: see a GP or physiotherapist. Pain radiating into the leg with numbness "
               "was logged on a day in the last four weeks (NICE NG59 assessment).");
      return BKS_REFER_ROUTINE;
    }
  }
  // worsening: the last 7 days' mean at least BKS_T_WORSENING_POINTS above the 7 days before
  double now7 = bks__mean_pain(in, t - 6, t), prev7 = bks__mean_pain(in, t - 13, t - 7);
  if (now7 == now7 && prev7 == prev7 && now7 > 0 && now7 >= prev7 + BKS_T(BKS_T_WORSENING_POINTS)) {
    snprintf(reason, rsz,
             "routine: see a GP or physiotherapist. Pain is worsening: mean %.1f/10 this week "
             "against %.1f/10 the week before.",
             now7, prev7);
    return BKS_REFER_ROUTINE;
  }
  // not improving over four weeks: pain logged four or more weeks ago, and this week's mean no
  // lower than it was then (ACP 2017 / NHS pathway: no improvement after about a month)
  const int64_t ago = (int64_t)BKS_T(BKS_T_UNIMPROVED_DAYS);
  double then = bks__mean_pain(in, t - ago - 6, t - ago);
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

// 1 when a run started on day `day` (the runner's day)
static int ran_on(const bks_coach_input *in, int64_t day) {
  for (size_t i = 0; i < in->nruns; i++) {
    if (bks__run_day(&in->runs[i]) == day) return 1;
  }
  return 0;
}

int bks_coach_pain_stop(const bks_coach_input *in, char *why, size_t wsz) {
  char tmp[400];
  if (!why) {
    why = tmp;
    wsz = sizeof tmp;
  }
  why[0] = 0;
  const int64_t t = in->today;
  double m = bks__max_pain(in, t - (int64_t)BKS_T(BKS_T_PAIN_STOP_DAYS), t);
  if (m >= BKS_T(BKS_T_PAIN_STOP)) {
    snprintf(why, wsz,
             "pain of %.0f/10 was logged in the last 72 hours: do not run on an injured back "
             "(stop at %.0f/10 or more); choose gentle low-impact work until it settles",
             m, BKS_T(BKS_T_PAIN_STOP));
    return 1;
  }
  // pain that rose during a run: on a day with a run, a 'during' or 'after' level above the
  // 'before' level of the same day, in the last week. Both must have been logged: a level nobody
  // logged is unknown, never 0 (DESIGN.md pain rule)
  for (size_t i = 0; i < in->npain; i++) {
    const bks_pain_entry *p = &in->pain[i];
    if (p->day < t - (int64_t)BKS_T(BKS_T_PAIN_RISE_DAYS) || p->day > t) continue;
    if (strcmp(p->when, "during") != 0 && strcmp(p->when, "after") != 0) continue;
    if (!ran_on(in, p->day)) continue;
    double before = -1;
    for (size_t j = 0; j < in->npain; j++) {
      const bks_pain_entry *q = &in->pain[j];
      if (q->day == p->day && strcmp(q->when, "before") == 0 && q->level > before) {
        before = q->level;
      }
    }
    if (before >= 0 && p->level > before) {
      char d[16];
      bks_date_format(p->day, d);
      snprintf(why, wsz,
               "pain rose during a run on %s (%.0f/10 %s the run, %.0f/10 before): pause running "
               "and choose gentle low-impact work until a run no longer raises it",
               d, p->level, p->when, before);
      return 1;
    }
  }
  return 0;
}
