// backstride validate: the model against published anchors compiled into the program.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/model.h"
#include "backstride/json.h"
#include "backstride/validate.h"
#include "json_cli.h"
#include "lumbar_cli.h"

static const char validate_usage[] =
    "usage: backstride validate [--json]\n\n"
    "Checks the lumbar load model, with its built-in parameter table, against figures from the\n"
    "literature compiled into the program (no file is read): Morin et al. 2005 worked examples,\n"
    "validation means and sensitivity; Farley & Gonzalez 1996 (leg stiffness and stride\n"
    "frequency); Heiderscheit et al. 2011 (step rate and bounce); Mizrahi et al. 2000 (fatigue);\n"
    "Raabe & Chaudhari 2018 (core weakness); Wilke et al. 1999 (disc pressure); Winter's segment\n"
    "masses; Williams et al. 2017 and Gabbett 2016 (acute:chronic load); the LiFFT fatigue curve.\n"
    "The error against the shared force-plate files is reported in docs/science.md, not here.\n\n"
    "  --json   an array of {anchor, source, expected, model, error, pass} (plus unit, check,\n"
    "           tolerance and note)\n\n"
    "exit codes: 0 every anchor passes; 1 at least one fails (the output says which)\n";

static int cmd_validate(const cli_global *g, int argc, char **argv);

const cli_cmd cli_validate_cmd = {"validate", cmd_validate,
                                  "check the model against published anchors", validate_usage};

static int cmd_validate(const cli_global *g, int argc, char **argv) {
  if (g->help) return cli_help(&cli_validate_cmd);
  if (argc > 1) return cli_unknown_arg(&cli_validate_cmd, NULL, argv[1]);
  size_t n = bks_validate_anchors(NULL, 0);
  bks_anchor_result *rows = calloc(n ? n : 1, sizeof *rows);
  if (!rows) {
    cli_err("backstride validate: out of memory");
    return EXIT_SOFTWARE;
  }
  bks_validate_anchors(rows, n);
  size_t failed = 0;
  for (size_t i = 0; i < n; i++) failed += !rows[i].pass;
  if (g->json) {
    bks_buf b;
    bks_buf_init(&b);
    bks_json w;
    bks_json_init(&w, &b);
    bks_json_arr_begin(&w);
    for (size_t i = 0; i < n; i++) bks_json_anchor(&w, &rows[i]);
    bks_json_arr_end(&w);
    int ex = cli_json_print("validate", &w, &b, stdout);
    bks_buf_deinit(&b);
    if (ex) {
      free(rows);
      return ex;
    }
  } else {
    for (size_t i = 0; i < n; i++) {
      const bks_anchor_result *r = &rows[i];
      printf("%s  %s\n", r->pass ? "pass" : "FAIL", r->anchor);
      printf("      expected %.6g %s, model %.6g", r->expected, r->unit, r->model);
      if (r->check == BKS_CHECK_VALUE || r->check == BKS_CHECK_DIRECTION) {
        if (r->rel_tol) {
          printf(" (error %+.2f %%", 100 * r->error);
        } else {
          printf(" (error %+.4g", r->error);
        }
        if (r->check == BKS_CHECK_VALUE) {
          printf(r->rel_tol ? ", tolerance %.2f %%)" : ", tolerance %.4g)",
                 r->rel_tol ? 100 * r->tolerance : r->tolerance);
        } else {
          printf(", direction checked)");
        }
      } else if (r->check == BKS_CHECK_RANGE) {
        printf(" (range %.4g to %.4g)", r->expected - r->tolerance, r->expected + r->tolerance);
      } else {
        printf(" (must be %s %.4g)", r->check == BKS_CHECK_BELOW ? "below" : "above", r->expected);
      }
      printf("\n      %s\n      %s\n", r->source, r->note);
    }
    printf("\n%zu of %zu anchors pass\n", n - failed, n);
  }
  free(rows);
  if (fflush(stdout) != 0) return EXIT_IOERR;
  return failed ? EXIT_FOUND : EXIT_OK;
}
