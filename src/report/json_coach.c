// The coach's inputs and advice (backstride/diary.h, backstride/coach.h) as JSON.
#include "backstride/coach.h"
#include "backstride/date.h"
#include "backstride/diary.h"
#include "backstride/json.h"

int bks_json_conditions(bks_json *w, unsigned mask) {
  bks_json_arr_begin(w);
  for (int i = 0; i < BKS_NCONDITIONS; i++) {
    if (mask & (1u << i)) bks_json_str(w, bks_condition_name(i));
  }
  return bks_json_arr_end(w);
}

// the profile's members, inside an object the caller opened
static void profile_members(bks_json *w, const bks_profile *p) {
  bks_json_kv_num(w, "mass_kg", p->mass_kg);
  bks_json_kv_num(w, "height_m", p->height_m);
  bks_json_kv_num(w, "age_y", p->age_y);
  bks_json_key(w, "sex");
  bks_json_strn(w, &p->sex, 1);
  bks_json_kv_fixed(w, "bmi", p->mass_kg / (p->height_m * p->height_m), 1);
  bks_json_key(w, "conditions");
  bks_json_conditions(w, p->conditions);
  bks_json_kv_num(w, "experience_years", p->experience_y);
  bks_json_key(w, "routine");
  bks_json_obj_begin(w);
  bks_json_kv_num(w, "runs_per_week", p->runs_per_week);
  bks_json_kv_num(w, "weekly_km", p->weekly_km);
  bks_json_kv_num(w, "weekly_minutes", p->weekly_minutes);
  bks_json_kv_num(w, "strength_per_week", p->strength_per_week);
  bks_json_obj_end(w);
  // the zone as stored (null: the system's), and the units in effect
  bks_json_key(w, "tz");
  if (p->tz[0]) {
    bks_json_str(w, p->tz);
  } else {
    bks_json_null(w);
  }
  bks_json_kv_str(w, "tz_source", p->tz[0] ? "profile" : "system");
  bks_json_kv_str(w, "units", p->units[0] ? p->units : "km");
}

int bks_json_profile(bks_json *w, const bks_profile *p) {
  bks_json_obj_begin(w);
  profile_members(w, p);
  return bks_json_obj_end(w);
}

int bks_json_profile_changes(bks_json *w, const bks_profile *p, const bks_profile_change *ch,
                             size_t n) {
  bks_json_obj_begin(w);
  profile_members(w, p);
  bks_json_key(w, "changes");
  bks_json_obj_begin(w);
  for (size_t i = 0; i < n; i++) {
    bks_json_key(w, ch[i].field);
    bks_json_obj_begin(w);
    bks_json_kv_str(w, "at", ch[i].changed_at);
    bks_json_kv_str(w, "source", ch[i].source);
    bks_json_kv_str(w, "value", ch[i].value);
    bks_json_obj_end(w);
  }
  bks_json_obj_end(w);
  return bks_json_obj_end(w);
}

int bks_json_shoe(bks_json *w, const bks_shoe *sh) {
  char d[16];
  bks_json_obj_begin(w);
  bks_json_kv_int(w, "id", sh->id);
  bks_json_kv_str(w, "name", sh->name);
  bks_date_format(sh->start_day, d);
  bks_json_kv_str(w, "start", d);
  if (sh->retired_day >= 0) {
    bks_date_format(sh->retired_day, d);
    bks_json_kv_str(w, "retired", d);
  } else {
    bks_json_kv_null(w, "retired");
  }
  bks_json_kv_fixed(w, "distance_km", sh->distance_m / 1000, 1);
  bks_json_kv_fixed(w, "runs", sh->runs, 0);
  // a pair in use past 500 km (Verdejo & Mills 2004)
  bks_json_kv_bool(w, "replace", sh->retired_day < 0 && sh->distance_m >= 500000);
  bks_json_kv_bool(w, "default", sh->is_default);
  return bks_json_obj_end(w);
}

int bks_json_exercise(bks_json *w, const bks_exercise *e, int full) {
  bks_json_obj_begin(w);
  bks_json_kv_str(w, "id", e->id);
  bks_json_kv_str(w, "name", e->name);
  bks_json_kv_str(w, "category", e->category);
  if (full) {
    bks_json_kv_str(w, "targets", e->targets);
    bks_json_kv_str(w, "phases", e->phases);
    bks_json_kv_str(w, "dose", e->dose);
    bks_json_kv_str(w, "progression", e->progression);
    bks_json_kv_str(w, "instructions", e->instructions);
    bks_json_kv_str(w, "source", e->source);
  }
  bks_json_key(w, "contraindications");
  bks_json_conditions(w, bks_exercise_contra(e));
  return bks_json_obj_end(w);
}

int bks_json_referral(bks_json *w, int referral, const char *reason) {
  bks_referral r = (bks_referral)referral;
  if (r == BKS_REFER_NONE) return bks_json_null(w);
  bks_json_obj_begin(w);
  bks_json_kv_str(w, "level", bks_referral_name(r));
  bks_json_kv_str(w, "reason", reason);
  return bks_json_obj_end(w);
}

int bks_json_screening(bks_json *w, int64_t day, unsigned flags, int r, const char *reason) {
  char d[16];
  bks_date_format(day, d);
  bks_json_obj_begin(w);
  bks_json_kv_str(w, "date", d);
  bks_json_key(w, "flags");
  bks_json_arr_begin(w);
  for (int k = 0; k < BKS_NFLAGS; k++) {
    if (flags & (1u << k)) bks_json_str(w, bks_flag_name(k));
  }
  bks_json_arr_end(w);
  bks_json_key(w, "referral");
  bks_json_referral(w, r, reason);
  return bks_json_obj_end(w);
}

static const char *status_name(bks_finding_status s) {
  return s == BKS_FINDING_FLAG ? "flag" : s == BKS_FINDING_OK ? "ok" : "unknown";
}

int bks_json_finding(bks_json *w, const bks_finding *f, const char *const *answered_by, size_t n) {
  bks_json_obj_begin(w);
  bks_json_kv_str(w, "id", f->id);
  bks_json_kv_str(w, "title", f->title);
  bks_json_kv_str(w, "status", status_name(f->status));
  bks_json_kv_str(w, "evidence", f->evidence);
  bks_json_kv_str(w, "threshold", f->threshold);
  bks_json_kv_str(w, "source", f->source);
  bks_json_kv_str(w, "confidence", f->confidence);
  bks_json_key(w, "answered_by");
  bks_json_arr_begin(w);
  for (size_t k = 0; k < n; k++) bks_json_str(w, answered_by[k]);
  bks_json_arr_end(w);
  return bks_json_obj_end(w);
}

static void plan_items(bks_json *w, const char *key, const bks_plan_item *it, size_t n) {
  bks_json_key(w, key);
  bks_json_arr_begin(w);
  for (size_t i = 0; i < n; i++) {
    bks_json_obj_begin(w);
    bks_json_kv_str(w, "exercise", it[i].exercise);
    bks_json_kv_str(w, "dose", it[i].dose);
    bks_json_kv_str(w, "answers", it[i].answers);
    bks_json_obj_end(w);
  }
  bks_json_arr_end(w);
}

int bks_json_plan(bks_json *w, const bks_plan *p) {
  bks_json_obj_begin(w);
  bks_json_key(w, "referral");
  bks_json_referral(w, (int)p->referral, p->referral_reason);
  bks_json_key(w, "running");
  bks_json_obj_begin(w);
  bks_json_kv_bool(w, "allowed", p->running_allowed);
  bks_json_kv_num(w, "max_minutes", p->max_minutes);
  bks_json_kv_str(w, "why", p->why);
  bks_json_obj_end(w);
  plan_items(w, "before", p->before, p->nbefore);
  bks_json_key(w, "during");
  bks_json_arr_begin(w);
  for (size_t i = 0; i < p->nduring; i++) bks_json_str(w, p->during[i].cue);
  bks_json_arr_end(w);
  plan_items(w, "after", p->after, p->nafter);
  plan_items(w, "rest_day", p->rest_day, p->nrest_day);
  return bks_json_obj_end(w);
}

int bks_json_day(bks_json *w, int64_t day) {
  char d[16];
  bks_date_format(day, d);
  return bks_json_str(w, d);
}

static void day_range(bks_json *w, const char *key, int64_t from, int64_t to) {
  bks_json_key(w, key);
  bks_json_obj_begin(w);
  bks_json_key(w, "from");
  bks_json_day(w, from);
  bks_json_key(w, "to");
  bks_json_day(w, to);
  bks_json_obj_end(w);
}

int bks_json_intervention_members(bks_json *w, const bks_intervention *it, int64_t before_from,
                                  int64_t before_to, int64_t during_from, int64_t during_to) {
  bks_json_kv_int(w, "id", it->id);
  bks_json_kv_str(w, "name", it->name);
  bks_json_key(w, "start");
  bks_json_day(w, it->start_day);
  bks_json_key(w, "end");
  if (it->end_day >= 0) {
    bks_json_day(w, it->end_day);
  } else {
    bks_json_null(w);
  }
  day_range(w, "before", before_from, before_to);
  if (during_to >= during_from) {
    day_range(w, "during", during_from, during_to);
  } else {
    bks_json_kv_null(w, "during"); // starts after the last day
  }
  return bks_json_error(w);
}

int bks_json_effect(bks_json *w, const char *measure, const char *unit, size_t days_before,
                    size_t days_during, const bks_effect *e, const char *note) {
  bks_json_obj_begin(w);
  bks_json_kv_str(w, "measure", measure);
  bks_json_kv_str(w, "unit", unit);
  bks_json_kv_uint(w, "n_before", e->n_before);
  bks_json_kv_uint(w, "n_during", e->n_during);
  bks_json_kv_uint(w, "days_before", days_before);
  bks_json_kv_uint(w, "days_during", days_during);
  bks_json_kv_fixed(w, "mean_before", e->mean_before, 3);
  bks_json_kv_fixed(w, "mean_during", e->mean_during, 3);
  bks_json_kv_fixed(w, "sd_before", e->sd_before, 3);
  bks_json_kv_fixed(w, "sd_during", e->sd_during, 3);
  bks_json_kv_fixed(w, "difference", e->difference, 3);
  bks_json_kv_fixed(w, "hedges_g", e->hedges_g, 3);
  bks_json_key(w, "ci95");
  if (e->enough) {
    bks_json_arr_begin(w);
    bks_json_fixed(w, e->ci_lo, 3);
    bks_json_fixed(w, e->ci_hi, 3);
    bks_json_arr_end(w);
  } else {
    bks_json_null(w);
  }
  bks_json_kv_str(w, "verdict", bks_effect_verdict(e));
  if (note) bks_json_kv_str(w, "note", note);
  return bks_json_obj_end(w);
}
