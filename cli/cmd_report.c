// backstride report [--out DIR]: the library as one static, self-contained HTML file (inline CSS
// and SVG, no script, no network): overview charts, findings and plan (from the coach), shoes, and
// the newest runs with per-km tables and GPS tracks, from the page code it shares with serve.
#define _XOPEN_SOURCE 700 // realpath
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "backstride/coach.h"
#include "backstride/pages.h"
#include "json_cli.h"
#include "lumbar_cli.h"
#include "store_cli.h"

static int cmd_report(const cli_global *g, int argc, char **argv);

const cli_cmd cli_report_cmd = {
    "report", cmd_report, "write a static HTML report of the library (charts, findings, plan)",
    "usage: backstride report [--out DIR] [--today YYYY-MM-DD] [--json]\n\n"
    "Writes DIR/index.html (DIR defaults to ./backstride-report and is created): one\n"
    "self-contained file with inline SVG charts, no scripts and no network, that prints well.\n"
    "It holds weekly distance and lumbar dose, pain over the weeks (when logged), the coach's\n"
    "findings with their evidence and sources, this week's plan, the shoes, the acute:chronic\n"
    "ratio with its 0.8-1.3 band (a guide), what-if results for the newest runs, and a section\n"
    "per run (the 30 newest) with per-km pace, cadence, contact time, vertical oscillation,\n"
    "peak vertical force and lumbar compression, and the GPS track drawn without map tiles. Mass\n"
    "and height come from the stored profile ('backstride profile set'), else the model's\n"
    "defaults.\n"
    "--today sets the day the diary is read from (default: today, UTC).\n"
    "Prints the file's path (--json: {\"path\": ...}).\n"
    "Exit: 0 ok; 64 bad arguments; 65 library unreadable; 66 or 74 when the library or DIR cannot\n"
    "be opened or written.\n"};

static int make_dirs(const char *dir) {
  char path[PATH_MAX];
  size_t n = strlen(dir);
  if (n == 0 || n >= sizeof path) return -1;
  memcpy(path, dir, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (path[i] == '/' || path[i] == '\0') {
      char c = path[i];
      path[i] = '\0';
      if (mkdir(path, 0755) != 0 && errno != EEXIST) return -1;
      path[i] = c;
    }
  }
  struct stat st;
  return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

static int cmd_report(const cli_global *g, int argc, char **argv) {
  if (g->help) return cli_help(&cli_report_cmd);
  const char *out = "backstride-report";
  int64_t today = bks_date_today();
  for (int i = 1; i < argc; i++) {
    const char *v;
    int r;
    if ((r = lcli_option("report", "--out", argc, argv, &i, &v)) != 0) {
      if (r < 0) return EXIT_USAGE;
      if (!v[0]) return cli_usage_error("report", "--out needs a directory");
      out = v;
    } else if ((r = lcli_option("report", "--today", argc, argv, &i, &v)) != 0) {
      if (r < 0) return EXIT_USAGE;
      if (bks_date_parse(v, &today) < 0) {
        return cli_usage_error("report", "--today: '%s' is not a date (YYYY-MM-DD)", v);
      }
    } else {
      return cli_unknown_arg(&cli_report_cmd, NULL, argv[i]);
    }
  }

  bks_store *s = NULL;
  int ex = cli_store_open(g, BKS_LIBRARY_NOCREATE, &s);
  if (ex) return ex;

  // the pages come from the library (src/report/pages*.c), shared with `backstride serve`
  bks_pages *pg = NULL;
  bks_buf page;
  bks_buf_init(&page);
  const char *defaults = "";
  char err[256] = "";
  int rc = bks_pages_gather(s, today, &pg, err, sizeof err);
  if (rc < 0) {
    cli_err("backstride report: cannot read the library: %s",
            rc == BKS_E_NOMEM ? "out of memory" : err);
    ex = rc == BKS_E_NOMEM ? EXIT_SOFTWARE : EXIT_DATAERR;
    goto done;
  }
  defaults = bks_pages_defaults(pg);
  if (bks_page_report(&page, pg, s) < 0) {
    cli_err("backstride report: out of memory");
    ex = EXIT_SOFTWARE;
    goto done;
  }

  //---- write DIR/index.html (through a temporary file, renamed into place) ----
  if (make_dirs(out) != 0) {
    cli_err("backstride report: cannot create %s: %s", out, strerror(errno));
    ex = EXIT_IOERR;
    goto done;
  }
  size_t len = strlen(out);
  char *path = malloc(len + 32), *tmp = malloc(len + 32);
  if (!path || !tmp) {
    free(path);
    free(tmp);
    ex = EXIT_SOFTWARE;
    goto done;
  }
  snprintf(path, len + 32, "%s/index.html", out);
  snprintf(tmp, len + 32, "%s/.index.html.tmp", out);
  FILE *f = fopen(tmp, "wb");
  if (!f) {
    cli_err("backstride report: cannot write %s: %s", tmp, strerror(errno));
    ex = EXIT_IOERR;
  } else {
    int bad = fwrite(page.data, 1, page.len, f) != page.len;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
      cli_err("backstride report: cannot write %s: %s", path, strerror(errno));
      remove(tmp);
      ex = EXIT_IOERR;
    }
  }
  if (!ex) {
    char real[PATH_MAX];
    const char *shown = realpath(path, real) ? real : path;
    if (g->json) {
      ex = cli_json_print_kv_str("report", "path", shown, stdout);
    } else {
      printf("%s\n", shown);
    }
    if (fflush(stdout) != 0) ex = EXIT_IOERR;
    if (!g->quiet && defaults[0]) {
      fprintf(stderr, "backstride report: note: default %s used (no stored profile)\n", defaults);
    }
  }
  free(path);
  free(tmp);

done:
  bks_buf_deinit(&page);
  bks_pages_free(pg);
  bks_library_close(s);
  return ex;
}
