// What the lumbar load commands (model, validate, analyze, whatif) share: runner options, number
// parsing, opening RUN_ID|FILE, JSON and text output of loads, and the flags' wording.
#ifndef BKS_LUMBAR_CLI_H
#define BKS_LUMBAR_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "backstride/io.h"
#include "backstride/json.h"
#include "backstride/load.h"
#include "backstride/model.h"
#include "cli.h"

// the commands (cli/cmd_model.c, cmd_validate.c, cmd_analyze.c, cmd_whatif.c)
extern const cli_cmd cli_model_cmd;
extern const cli_cmd cli_validate_cmd;
extern const cli_cmd cli_analyze_cmd;
extern const cli_cmd cli_whatif_cmd;

// The runner and the risk flags given on the command line.
typedef struct lcli_runner {
  double mass, height, lean;      // NaN when not given
  int core_weak;                  // --core-weak: the published effect is applied
  int disc, worn_shoes, fatigued; // flags only: no published magnitude to apply
  const char *source;             // "options", "profile" or "default" (lcli_runner_resolve)
} lcli_runner;

/** Nothing given. */
void lcli_runner_init(lcli_runner *r);

/** Parse `text` as a finite decimal number ("nan", "inf" and hex are not). Returns 0 or -1. */
int lcli_parse_number(const char *text, double *out);

/**
 * Parse `text` as a finite decimal number for option `opt` of command `cmd`. Returns 0, or prints
 * "OPT needs a number (decimals allowed), not 'TEXT'" and returns EXIT_USAGE.
 */
int lcli_number(const char *cmd, const char *opt, const char *text, double *out);

/**
 * lcli_number for a number from `lo` to `hi`: outside, or not a number, prints "OPT needs a number
 * (decimals allowed) from LO to HI, not 'TEXT'" and returns EXIT_USAGE.
 */
int lcli_number_in(const char *cmd, const char *opt, const char *text, double lo, double hi,
                   double *out);

/**
 * Parse `text` as a whole number from `lo` to `hi` (digits, an optional sign; no decimals, no
 * exponent). Returns 0, or prints "OPT needs a whole number from LO to HI, not 'TEXT'" and returns
 * EXIT_USAGE.
 */
int lcli_whole(const char *cmd, const char *opt, const char *text, long long lo, long long hi,
               long long *out);

/** Parse a date "YYYY-MM-DD" given to option `opt`. Returns 0, or prints why and returns
 * EXIT_USAGE. */
int lcli_day(const char *cmd, const char *opt, const char *text, int64_t *day);

/** The same, and not in the future (a day of slack for the runner's time zone). */
int lcli_day_past(const char *cmd, const char *opt, const char *text, int64_t *day);

/**
 * If argv[*i] is `name` (or `name=VALUE`), take its value (from argv[*i + 1], advancing *i, or
 * after '='). Returns 1 with *value set, 0 when argv[*i] is another argument, or -1 after printing
 * a usage error (value missing).
 */
int lcli_option(const char *cmd, const char *name, int argc, char **argv, int *i,
                const char **value);

/**
 * Take a runner option (--mass, --height, --lean-deg and the flags --core-weak, --disc,
 * --worn-shoes, --fatigued; `prefix` is prepended to the three numeric names, e.g. "runner-")
 * at argv[*i]. Returns 1 taken, 0 not a runner option, or -EXIT_USAGE after printing why.
 */
int lcli_runner_option(const char *cmd, const char *prefix, int argc, char **argv, int *i,
                       lcli_runner *r);

/**
 * Fill the mass and height not given as options from the stored profile, when the library holds
 * one, and say where they came from (`r->source`: "options" when any was given, else "profile",
 * else "default"). Returns 0 or the exit code of a library that cannot be read.
 */
int lcli_runner_resolve(const cli_global *g, lcli_runner *r);

/** "options", "stored profile" or "defaults" for text output. */
const char *lcli_runner_source_words(const lcli_runner *r);

/**
 * Make the model for `r`, filling the defaults (mass 70 kg, height 1.75 m, lean from the table).
 * Returns 0 or EXIT_USAGE after printing why. `defaults` gets "mass and height" or the like (""
 * when none was used).
 */
int lcli_model_init(const char *cmd, const lcli_runner *r, bks_model *m, char *defaults,
                    size_t defaults_sz);

// An activity from RUN_ID (the library) or FILE.
typedef struct lcli_input {
  int64_t run_id;        // 0 for a file
  bks_read_result rr;    // the file's activities
  bks_activity stored;   // the library's run
  const bks_activity *a; // the one analysed
  size_t nact;           // running activities the source held
} lcli_input;

/**
 * Open RUN_ID (a whole positive number that is not the name of a file) or FILE. Returns 0, or an
 * exit code after printing why (64 usage, 65 bad data or no run, 66 cannot open, 70, 74).
 */
int lcli_input_open(const cli_global *g, const char *cmd, const char *arg, lcli_input *in);

/** Free what the input holds. */
void lcli_input_close(lcli_input *in);

//---- Output ----

/** What deep-core weakness does (published sizes) and whether it was applied, as a JSON object. */
void lcli_json_core(bks_json *w, int applied);

/** The flags that apply (core weakness, disc, shoes, fatigue) as a JSON array of objects. */
void lcli_json_flags(bks_json *w, const lcli_runner *r, unsigned run_flags);

/** The same flags as text lines. */
void lcli_text_flags(FILE *out, const lcli_runner *r, unsigned run_flags);

/** The one-paragraph explanation of what the numbers are (and are not). */
extern const char lcli_explanation[];

/** What core weakness does, in plain words (Raabe & Chaudhari 2018). */
extern const char lcli_core_text[];

#endif
