// backstride — an upload imported end to end: the file part was written by server.c to a private
// temporary file that the server named itself; here it goes through the ordinary importer and
// the result is shown. The browser's file name is shown (escaped) and never used as a path.
// The forms layer (web_internal.h): calls the reply helpers only.
#ifdef BKS_HAVE_MHD
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "backstride/import.h"
#include "backstride/report.h"
#include "backstride/status.h"
#include "web_internal.h"

static int result_page(bks_buf *b, const bks__web_form *f, const bks_import_result *res) {
  bks__web_open_page(b, "backstride: import");
  bks_html_raw(b, "<h2 id=\"import\">Import</h2>\n<p class=\"msg\" id=\"result\">");
  bks_html_escape(b, f->upload_name);
  bks_html_printf(b,
                  ": %llu bytes; imported %u, duplicates %u, skipped %u, failed %zu; "
                  "%u runs added.</p>\n",
                  (unsigned long long)f->upload_bytes, res->imported, res->duplicates, res->skipped,
                  res->nfailed, res->runs_added);
  for (size_t i = 0; i < res->nfailed; i++) {
    bks_html_raw(b, "<p class=\"err\">");
    // the reader's message, which names the upload by its label: shown escaped
    bks_html_escape(b, res->failed[i].error);
    bks_html_raw(b, "</p>\n");
  }
  for (size_t i = 0; i < res->nreasons; i++) {
    bks_html_raw(b, "<p class=\"muted\">skipped: ");
    bks_html_escape(b, res->reasons[i].reason);
    bks_html_raw(b, "</p>\n");
  }
  bks_html_raw(b, "<p><a href=\"/runs\">Runs</a> &middot; <a href=\"/import\">Import "
                  "another file</a></p>\n");
  bks_page_foot(b);
  return bks_buf_error(b);
}

void bks__post_import(bks_web *w, bks_store *s, bks__web_form *f, bks__web_reply *r) {
  if (f->upload_fd < 0 || f->upload_bytes == 0) {
    bks__web_error(r, 400, "Choose a file to import.");
    return;
  }
  // the importer reads the file by its path: finish writing first
  if (fsync(f->upload_fd) != 0 || close(f->upload_fd) != 0) {
    f->upload_fd = -1;
    bks__web_error(r, 500, "The upload could not be written to a temporary file.");
    return;
  }
  f->upload_fd = -1;
  bks_import_cfg cfg;
  bks_import_default_cfg(&cfg);
  cfg.threads = 1; // the request's own thread: the server's pool bounds the work
  cfg.max_inflate = (uint64_t)256 << 20;
  cfg.max_archive_total = (uint64_t)1 << 30;
  // recorded as "upload:" and the browser's file name, not the temporary file's path
  char label[200];
  snprintf(label, sizeof label, "upload:%s", f->upload_name[0] ? f->upload_name : "file");
  cfg.label = label;
  bks_import_result res;
  bks_import_result_init(&res);
  const char *paths[1] = {f->upload_path};
  int rc = bks_import_paths(s, paths, 1, &cfg, &res);
  if (rc < 0) {
    bks__web_log(w, rc, "import stopped: %s", res.fatal[0] ? res.fatal : bks_strerror(rc));
    bks__web_error(r, 500, "The import stopped; the server's terminal says why.");
  } else if (result_page(&r->body, f, &res) < 0) {
    bks__web_error(r, 500, "Out of memory.");
  } else {
    r->status = res.nfailed ? 422 : 200;
  }
  bks_import_result_deinit(&res);
  // the temporary file goes when the request ends (server.c), whatever happened here
}
#endif
