// backstride make-example DIR: write the synthetic example history (data/example/history/) with
// the project's own run simulator and FIT writer. For developers: the bundled files are this
// command's output, and tests/unit/test_example_history.c checks that they still are.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "example.h"
#include "cli.h"
#include "json_cli.h"

static const char make_example_usage[] =
    "usage: backstride make-example DIR\n\n"
    "Write the synthetic example history, twelve weeks of made-up runs (one FIT file per run,\n"
    "named YYYY-MM-DD-KIND.fit), into DIR (created when missing; files of the same name are\n"
    "replaced). Every call writes the same bytes: data/example/history/ is this command's output,\n"
    "regenerate it with 'backstride make-example data/example/history'. No real person's data.\n\n"
    "--json  {\"dir\": DIR, \"files\": n, \"bytes\": n}\n\n"
    "exit codes: 0 ok, 64 usage, 70 out of memory, 74 DIR or a file cannot be written\n";

static int cmd_make_example(const cli_global *g, int argc, char **argv);

const cli_cmd cli_make_example_cmd = {"make-example", cmd_make_example,
                                      "write the synthetic example history (for developers)",
                                      make_example_usage};

static int write_file(const char *path, const bks_buf *b) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  size_t n = fwrite(b->data, 1, b->len, f);
  int bad = ferror(f) != 0;
  if (fclose(f) != 0) bad = 1;
  return (n != b->len || bad) ? -1 : 0;
}

static int cmd_make_example(const cli_global *g, int argc, char **argv) {
  const char *C = "make-example";
  if (g->help) return cli_help(&cli_make_example_cmd);
  const char *dir = NULL;
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] == '-' && argv[i][1] != 0)
      return cli_unknown_arg(&cli_make_example_cmd, NULL, argv[i]);
    if (dir) return cli_usage_error(C, "one DIR only ('%s' is extra)", argv[i]);
    dir = argv[i];
  }
  if (!dir || !dir[0]) return cli_usage_error(C, "needs a DIR to write into");
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
    cli_err("backstride make-example: cannot create %s: %s", dir, strerror(errno));
    return EXIT_IOERR;
  }
  bks_buf b;
  bks_buf_init(&b);
  size_t n = bks_example_history_count(), bytes = 0;
  int rc = EXIT_OK;
  for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
    bks_example_history_run run;
    bks_example_info info;
    b.len = 0;
    if (bks_example_history_describe(i, &run) < 0 ||
        bks_example_write_history_run(i, &b, &info) < 0) {
      cli_err("backstride make-example: out of memory");
      rc = EXIT_SOFTWARE;
      break;
    }
    char path[4096];
    int w = snprintf(path, sizeof path, "%s/%s", dir, run.file);
    if (w < 0 || (size_t)w >= sizeof path || write_file(path, &b) != 0) {
      cli_err("backstride make-example: cannot write %s/%s: %s", dir, run.file, strerror(errno));
      rc = EXIT_IOERR;
      break;
    }
    bytes += b.len;
    if (!g->quiet && !g->json) {
      fprintf(stderr, "%s  week %2u  %-8s %6.2f km  %5u records  %6zu bytes\n", run.file, run.week,
              run.kind, info.distance / 1000.0, info.records, b.len);
    }
  }
  bks_buf_deinit(&b);
  if (rc != EXIT_OK) return rc;
  if (g->json) {
    bks_buf out;
    bks_buf_init(&out);
    bks_json w;
    bks_json_init(&w, &out);
    bks_json_obj_begin(&w);
    bks_json_kv_str(&w, "dir", dir);
    bks_json_kv_uint(&w, "files", n);
    bks_json_kv_uint(&w, "bytes", bytes);
    bks_json_obj_end(&w);
    rc = cli_json_print("make-example", &w, &out, stdout);
    bks_buf_deinit(&out);
    return rc;
  } else {
    printf("%zu files, %zu bytes written to %s\n", n, bytes, dir);
  }
  return EXIT_OK;
}
