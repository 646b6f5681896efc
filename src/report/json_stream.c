// Serialisers of the streaming core's events (include/backstride/json.h): the JSON lines of
// `backstride steps` and `backstride live --json`, with the decimals they have always had.
#include "backstride/json.h"
#include "backstride/model.h"
#include "backstride/stream.h"

int bks_json_stream_step(bks_json *w, const bks_stream_step *st, int event,
                         const bks_step_result *lumbar) {
  bks_json_obj_begin(w);
  if (event) bks_json_kv_str(w, "event", "step");
  bks_json_kv_fixed(w, "t_contact", st->t_contact, 4);
  bks_json_kv_fixed(w, "t_toeoff", st->t_toeoff, 4);
  bks_json_kv_fixed(w, "contact_s", st->contact_s, 4);
  bks_json_kv_fixed(w, "flight_s", st->flight_s, 4);
  bks_json_kv_fixed(w, "flight_mean_s", st->flight_mean_s, 4);
  bks_json_kv_fixed(w, "peak_vgrf_bw", st->peak_vgrf_bw, 3);
  bks_json_kv_fixed(w, "step_freq_hz", st->step_freq_hz, 3);
  bks_json_kv_fixed(w, "loading_rate_bw_s", st->loading_rate_bw_s, 1);
  bks_json_kv_fixed(w, "bounce_m", st->bounce_m, 4);
  bks_json_kv_fixed(w, "braking_g", st->braking_g, 3);
  bks_json_kv_str(w, "side", st->side > 0 ? "right" : st->side < 0 ? "left" : NULL);
  bks_json_kv_fixed(w, "peak_acc_g", st->peak_acc_g, 3);
  bks_json_kv_fixed(w, "peak_fit_g", st->peak_fit_g, 3);
  if (lumbar) {
    bks_json_kv_fixed(w, "lumbar_peak_bw", lumbar->lumbar_comp_bw, 3);
    bks_json_kv_fixed(w, "lumbar_shear_bw", lumbar->lumbar_shear_bw, 3);
    bks_json_kv_fixed(w, "lumbar_load_index", lumbar->lli, 3);
  }
  bks_json_key(w, "flags");
  bks_json_arr_begin(w);
  if (st->flags & BKS_STEP_SATURATED) bks_json_str(w, "saturated");
  if (st->flags & BKS_STEP_AFTER_GAP) bks_json_str(w, "after_gap");
  if (st->flags & BKS_STEP_FLIGHT_EST) bks_json_str(w, "flight_estimated");
  bks_json_arr_end(w);
  return bks_json_obj_end(w);
}

int bks_json_stream_cue(bks_json *w, const bks_stream_event *ev) {
  int on = ev->type == BKS_EV_CUE_ON;
  bks_json_obj_begin(w);
  bks_json_kv_str(w, "event", "cue");
  bks_json_kv_fixed(w, "t", ev->t, 3);
  bks_json_kv_str(w, "cue", bks_stream_cue_name(ev->cue));
  bks_json_kv_bool(w, "on", on);
  bks_json_kv_str(w, "text", bks_stream_cue_text(ev->cue, on));
  return bks_json_obj_end(w);
}
