// What an import did (include/backstride/import.h) as JSON.
#include "backstride/import.h"
#include "backstride/json.h"

int bks_json_import_result(bks_json *w, const bks_import_result *r) {
  bks_json_obj_begin(w);
  bks_json_kv_uint(w, "imported", r->imported);
  bks_json_kv_uint(w, "duplicates", r->duplicates);
  bks_json_kv_uint(w, "skipped", r->skipped);
  bks_json_key(w, "failed");
  bks_json_arr_begin(w);
  for (size_t i = 0; i < r->nfailed; i++) {
    bks_json_obj_begin(w);
    bks_json_kv_str(w, "file", r->failed[i].file);
    bks_json_kv_str(w, "error", r->failed[i].error);
    bks_json_obj_end(w);
  }
  bks_json_arr_end(w);
  return bks_json_obj_end(w);
}
