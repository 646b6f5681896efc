// Printing a finished JSON document (cli/json_cli.h).
#include "json_cli.h"

#include "cli.h"

int cli_json_print(const char *cmd, bks_json *w, bks_buf *b, FILE *out) {
  int rc = bks_json_finish(w);
  if (rc == BKS_OK) rc = bks_buf_append(b, "\n", 1);
  if (rc < 0) {
    // a half-written document is no use to a reader: print none
    cli_err("backstride %s: cannot write JSON: %s", cmd, bks_strerror(rc));
    return EXIT_SOFTWARE;
  }
  if (out == stdout) cli_output_started();
  if (fwrite(b->data, 1, b->len, out) != b->len) return EXIT_IOERR;
  return 0;
}

int cli_json_print_kv_str(const char *cmd, const char *key, const char *value, FILE *out) {
  bks_buf b;
  bks_buf_init(&b);
  bks_json w;
  bks_json_init(&w, &b);
  bks_json_obj_begin(&w);
  bks_json_kv_str(&w, key, value);
  bks_json_obj_end(&w);
  int ex = cli_json_print(cmd, &w, &b, out);
  bks_buf_deinit(&b);
  return ex;
}

int cli_json_print_null(const char *cmd, FILE *out) {
  bks_buf b;
  bks_buf_init(&b);
  bks_json w;
  bks_json_init(&w, &b);
  bks_json_null(&w);
  int ex = cli_json_print(cmd, &w, &b, out);
  bks_buf_deinit(&b);
  return ex;
}
