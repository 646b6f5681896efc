// The coach's inputs and advice (backstride/diary.h, backstride/coach.h) as JSON.
#include "backstride/coach.h"
#include "backstride/diary.h"
#include "backstride/json.h"

int bks_json_conditions(bks_json *w, unsigned mask) {
  bks_json_arr_begin(w);
  for (int i = 0; i < BKS_NCONDITIONS; i++) {
    if (mask & (1u << i)) bks_json_str(w, bks_condition_name(i));
  }
  return bks_json_arr_end(w);
}

int bks_json_profile(bks_json *w, const bks_profile *p) {
  bks_json_obj_begin(w);
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
  return bks_json_obj_end(w);
}
