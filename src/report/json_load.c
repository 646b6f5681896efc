// Serialisers of the load results (include/backstride/json.h): a run's load as analyze prints
// it, and one modelled step as the model command prints it. The decimals are the ones the command
// line has always printed, so the output stays byte for byte the same.
#include <math.h>
#include <string.h>

#include "backstride/date.h"
#include "backstride/json.h"
#include "backstride/load.h"
#include "backstride/model.h"
#include "backstride/steps.h"

// "key":[lo,hi]
static int band(bks_json *w, const char *key, double lo, double hi, int decimals) {
  bks_json_key(w, key);
  bks_json_arr_begin(w);
  bks_json_fixed(w, lo, decimals);
  bks_json_fixed(w, hi, decimals);
  return bks_json_arr_end(w);
}

int bks_json_load_means(bks_json *w, const bks_load_means *m) {
  bks_json_kv_fixed(w, "steps", round(m->steps), 0);
  bks_json_kv_fixed(w, "records", m->rows, 0);
  bks_json_kv_fixed(w, "duration_s", m->duration_s, 1);
  bks_json_kv_fixed(w, "distance_m", m->distance_m, 1);
  bks_json_kv_fixed(w, "speed_m_s", m->speed, 3);
  bks_json_kv_fixed(w, "cadence_spm", m->cadence_spm, 2);
  bks_json_kv_fixed(w, "contact_ms", m->contact_ms, 2);
  bks_json_kv_fixed(w, "flight_ms", m->flight_ms, 2);
  bks_json_kv_fixed(w, "vertical_oscillation_cm", m->vo_cm, 3);
  bks_json_kv_fixed(w, "vertical_oscillation_measured_cm", m->vo_measured_cm, 3);
  bks_json_kv_fixed(w, "vertical_oscillation_model_cm", m->vo_model_cm, 3);
  bks_json_kv_fixed(w, "peak_vgrf_bw", m->peak_vgrf_bw, 4);
  bks_json_kv_fixed(w, "peak_vgrf_n", m->peak_vgrf_n, 1);
  bks_json_kv_fixed(w, "loading_rate_bw_s", m->loading_rate_bw_s, 2);
  bks_json_kv_fixed(w, "kvert_kn_m", m->kvert_kn_m, 3);
  bks_json_kv_fixed(w, "kleg_kn_m", m->kleg_kn_m, 3);
  bks_json_kv_fixed(w, "lumbar_peak_bw", m->lumbar_peak_bw, 4);
  bks_json_kv_fixed(w, "lumbar_peak_n", m->lumbar_peak_n, 1);
  band(w, "lumbar_peak_band_bw", m->lumbar_peak_lo_bw, m->lumbar_peak_hi_bw, 4);
  bks_json_kv_fixed(w, "lumbar_shear_bw", m->lumbar_shear_bw, 4);
  bks_json_kv_fixed(w, "lumbar_shear_n", m->lumbar_shear_n, 1);
  band(w, "lumbar_shear_band_bw", m->lumbar_shear_lo_bw, m->lumbar_shear_hi_bw, 4);
  bks_json_kv_fixed(w, "lumbar_load_index", m->lli, 4);
  band(w, "lumbar_load_index_band", m->lli_lo, m->lli_hi, 4);
  return bks_json_kv_fixed(w, "lumbar_dose", m->dose, 1);
}

int bks_json_run_load(bks_json *w, const bks_steps *s, const bks_run_load *rl) {
  bks_json_key(w, "records");
  bks_json_obj_begin(w);
  bks_json_kv_uint(w, "total", s->n_records);
  bks_json_kv_uint(w, "modelled", s->n);
  bks_json_kv_uint(w, "not_running", s->n_not_running);
  bks_json_kv_uint(w, "impossible", s->n_impossible);
  bks_json_kv_uint(w, "missing", s->n_missing);
  bks_json_kv_str(w, "first_problem", s->first_problem);
  bks_json_obj_end(w);

  bks_json_key(w, "steps_from");
  bks_json_obj_begin(w);
  for (int k = BKS_STEP_IMU; k < BKS_STEP_NSOURCES; k++) {
    if (k == BKS_STEP_GIVEN) continue;
    bks_json_kv_fixed(w, bks_step_source_name(k), round(rl->steps_by_source[k]), 0);
  }
  bks_json_obj_end(w);

  bks_json_key(w, "summary");
  bks_json_obj_begin(w);
  bks_json_load_means(w, &rl->summary);
  bks_json_obj_end(w);

  bks_json_key(w, "per_km");
  bks_json_arr_begin(w);
  for (size_t k = 0; k < rl->nkm; k++) {
    bks_json_obj_begin(w);
    bks_json_kv_uint(w, "km", k + 1);
    bks_json_kv_bool(w, "partial", k + 1 == rl->nkm); // only the last kilometre can be cut short
    bks_json_load_means(w, &rl->per_km[k]);
    bks_json_obj_end(w);
  }
  bks_json_arr_end(w);

  bks_json_key(w, "vo_check");
  bks_json_obj_begin(w);
  bks_json_kv_fixed(w, "measured_over_model", rl->vo_ratio, 4);
  bks_json_kv_fixed(w, "band", rl->vo_ratio_band, 4);
  bks_json_obj_end(w);

  bks_json_key(w, "fatigue_check");
  bks_json_obj_begin(w);
  bks_json_kv_fixed(w, "cadence_change_pct", 100 * rl->cadence_change, 2);
  bks_json_kv_fixed(w, "vertical_oscillation_change_pct", 100 * rl->vo_change, 2);
  bks_json_kv_fixed(w, "speed_change_pct", 100 * rl->speed_change, 2);
  return bks_json_obj_end(w);
}

int bks_json_model_runner(bks_json *w, const bks_model *m, const char *defaults,
                          const char *source) {
  bks_json_obj_begin(w);
  bks_json_kv_fixed(w, "mass_kg", m->mass_kg, 2);
  bks_json_kv_fixed(w, "height_m", m->height_m, 3);
  if (source) bks_json_kv_str(w, "source", source);
  bks_json_kv_fixed(w, "lean_deg", m->lean_deg, 2);
  bks_json_kv_bool(w, "lean_assumed", m->lean_assumed);
  bks_json_kv_bool(w, "core_weak", m->core_weak);
  bks_json_key(w, "defaults_used");
  bks_json_arr_begin(w);
  if (defaults && strstr(defaults, "mass")) bks_json_str(w, "mass");
  if (defaults && strstr(defaults, "height")) bks_json_str(w, "height");
  bks_json_arr_end(w);
  return bks_json_obj_end(w);
}

int bks_json_step_result(bks_json *w, const bks_model *m, const bks_step_result *s, double vo_cm) {
  bks_json_kv_fixed(w, "peak_vgrf_bw", s->peak_vgrf_bw, 4);
  bks_json_kv_fixed(w, "peak_vgrf_n", s->peak_vgrf_n, 1);
  // the timing is taken as exact: the band is the spread of the published correction
  band(w, "peak_vgrf_band_bw", s->peak_vgrf_bw * (1 - m->u_fmax), s->peak_vgrf_bw * (1 + m->u_fmax),
       4);
  bks_json_kv_fixed(w, "sine_wave_peak_n", s->fmax_n, 1);
  bks_json_kv_fixed(w, "peak_correction_factor", m->fmax_corr, 5);
  bks_json_kv_fixed(w, "com_drop_m", s->dyc_m, 5);
  bks_json_kv_fixed(w, "kvert_kn_m", s->kvert_n_m / 1000, 3);
  bks_json_kv_fixed(w, "leg_length_m", m->leg_m, 4);
  bks_json_kv_fixed(w, "leg_compression_m", s->dleg_m, 5);
  bks_json_kv_fixed(w, "kleg_kn_m", s->kleg_n_m / 1000, 3);
  bks_json_kv_fixed(w, "loading_rate_bw_s", s->loading_rate_bw_s, 2);
  bks_json_kv_fixed(w, "vertical_oscillation_model_cm", s->vo_model_m * 100, 3);
  if (isfinite(vo_cm)) {
    bks_json_kv_fixed(w, "vertical_oscillation_ratio", vo_cm / (s->vo_model_m * 100), 4);
  }
  bks_json_kv_fixed(w, "lumbar_peak_bw", s->lumbar_comp_bw, 4);
  bks_json_kv_fixed(w, "lumbar_peak_n", s->lumbar_comp_n, 1);
  band(w, "lumbar_peak_band_bw", s->lumbar_comp_bw * fmax(0, 1 - s->u_comp),
       s->lumbar_comp_bw * (1 + s->u_comp), 4);
  bks_json_kv_fixed(w, "lumbar_shear_bw", s->lumbar_shear_bw, 4);
  bks_json_kv_fixed(w, "lumbar_shear_n", s->lumbar_shear_n, 1);
  double su = fmin(isfinite(s->u_shear) ? s->u_shear : 1.0, 1.0);
  band(w, "lumbar_shear_band_bw", s->lumbar_shear_bw * (1 - su), s->lumbar_shear_bw * (1 + su), 4);
  bks_json_kv_fixed(w, "lumbar_load_index", s->lli, 4);
  band(w, "lumbar_load_index_band", s->lli * fmax(0, 1 - s->u_lli), s->lli * (1 + s->u_lli), 4);
  bks_json_kv_fixed(w, "standing_compression_n", m->stand_comp_n, 1);
  return bks_json_kv_fixed(w, "dose_per_step", s->dose, 3);
}

int bks_json_day_load(bks_json *w, int64_t day, const bks_day_load *dl) {
  char d[16];
  bks_date_format(day, d);
  bks_json_obj_begin(w);
  bks_json_kv_str(w, "day", d);
  bks_json_kv_num(w, "load", dl->load);
  bks_json_kv_num(w, "acwr_ewma", dl->acwr_ewma);
  bks_json_kv_num(w, "acwr_uncoupled", dl->acwr_uncoupled);
  bks_json_kv_num(w, "monotony", dl->monotony);
  bks_json_kv_num(w, "strain", dl->strain);
  bks_json_key(w, "flags");
  bks_json_arr_begin(w);
  for (size_t i = 0; i < BKS_DAY_NFLAGS; i++) {
    if (dl->flags & bks_day_flag_names[i].bit) bks_json_str(w, bks_day_flag_names[i].id);
  }
  bks_json_arr_end(w);
  return bks_json_obj_end(w);
}

int bks_json_change(bks_json *w, const char *name, double before, double after) {
  bks_json_obj_begin(w);
  bks_json_kv_str(w, "name", name);
  bks_json_kv_fixed(w, "before", before, 4);
  bks_json_kv_fixed(w, "after", after, 4);
  bks_json_kv_fixed(w, "change_pct", before != 0 ? 100 * (after / before - 1) : NAN, 2);
  return bks_json_obj_end(w);
}
