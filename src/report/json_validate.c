// A published anchor and the model's value for it (include/backstride/validate.h) as JSON.
#include "backstride/json.h"
#include "backstride/validate.h"

int bks_json_anchor(bks_json *w, const bks_anchor_result *r) {
  bks_json_obj_begin(w);
  bks_json_kv_str(w, "anchor", r->anchor);
  bks_json_kv_str(w, "source", r->source);
  bks_json_kv_num(w, "expected", r->expected);
  bks_json_kv_num(w, "model", r->model);
  bks_json_kv_num(w, "error", r->error);
  bks_json_kv_bool(w, "pass", r->pass);
  bks_json_kv_str(w, "unit", r->unit);
  bks_json_kv_str(w, "check", bks_validate_check_name((int)r->check));
  bks_json_kv_num(w, "tolerance", r->tolerance);
  bks_json_kv_bool(w, "error_is_relative", r->rel_tol);
  bks_json_kv_str(w, "note", r->note);
  return bks_json_obj_end(w);
}
