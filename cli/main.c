// backstride: entry point. Global options may stand before or after the subcommand; they are taken
// out of argv here so that each subcommand sees only its own arguments.
#include <stdio.h>
#include <string.h>

#include "backstride/app.h"
#include "backstride/version.h"
#include "cli.h"
#include "suggest.h"
#include "coach_cli.h"
#include "lumbar_cli.h"
#include "store_cli.h"
#include "stream_cli.h"

// in the order the help lists them: the pipeline from files to answers, then tools
extern const cli_cmd cli_make_example_cmd; // cli/cmd_make_example.c
extern const cli_cmd cli_report_cmd;       // cli/cmd_report.c
extern const cli_cmd cli_serve_cmd;        // cli/cmd_serve.c
extern const cli_cmd cli_load_cmd;         // cli/cmd_load.c

static const cli_cmd *const commands[] = {
    &cli_import_cmd,        &cli_runs_cmd,      &cli_show_cmd,     &cli_analyze_cmd,
    &cli_whatif_cmd,        &cli_load_cmd,      &cli_model_cmd,    &cli_validate_cmd,
    &cli_fit_cmd,           &cli_steps_cmd,     &cli_live_cmd,     &cli_dev_cmd,
    &cli_profile_cmd,       &cli_log_cmd,       &cli_diary_cmd,    &cli_shoes_cmd,
    &cli_screen_cmd,        &cli_exercises_cmd, &cli_findings_cmd, &cli_plan_cmd,
    &cli_interventions_cmd, &cli_report_cmd,    &cli_serve_cmd,    &cli_make_example_cmd};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const cli_cmd *find_command(const char *name) {
  for (size_t i = 0; i < NCOMMANDS; i++) {
    if (strcmp(name, commands[i]->name) == 0) return commands[i];
  }
  return NULL;
}

static void print_main_help(FILE *out) {
  fprintf(out,
          "usage: backstride [--db PATH] [--json] [--quiet] COMMAND [ARGS...]\n"
          "       backstride help [COMMAND [SUBCOMMAND]]\n\n"
          "How much does running load your lower back, which risk factors apply to you, and what\n"
          "to do about them. backstride estimates and explains; it is not a medical device.\n\n"
          "commands:\n");
  for (size_t i = 0; i < NCOMMANDS; i++) {
    fprintf(out, "  %-13s %s\n", commands[i]->name, commands[i]->summary);
  }
  fprintf(out,
          "\nglobal options (before or after the command):\n"
          "  --db PATH   the library (default $XDG_DATA_HOME/backstride/backstride.db)\n"
          "  --json      print only a JSON document on stdout; messages go to stderr. On an exit\n"
          "              code other than 0 or 1 the document is {\"error\": {\"code\": N,\n"
          "              \"message\": \"...\"}} (not after fit dump or steps output, JSON Lines)\n"
          "  --quiet     no progress or notes on stderr\n"
          "  --help      help for backstride or for a command, at any level ('backstride log pain\n"
          "              --help'); it does nothing else. 'backstride help COMMAND' is the same\n"
          "  --version   print the version\n\n"
          "exit codes: 0 ok, 1 done but something failed or was found, 64 usage error,\n"
          "65 bad input data, 66 input cannot be opened, 70 internal error, 74 I/O error\n");
}

// the command line after the global options are taken out of argv[0..n-1]
static int run(cli_global *g, int n, char **argv) {
  // `backstride help [COMMAND [SUBCOMMAND]]` is `backstride [COMMAND [SUBCOMMAND]] --help`
  if (n >= 1 && strcmp(argv[0], "help") == 0) {
    if (n > 3) return cli_usage_error("help", "give at most COMMAND and SUBCOMMAND");
    g->help = 1;
    argv++;
    n--;
  }
  // 'help help' and 'help --help': the main help
  if (g->help && n >= 1 && strcmp(argv[0], "help") == 0) n = 0;
  if (n == 0) {
    if (g->help) {
      print_main_help(stdout);
      return EXIT_OK;
    }
    print_main_help(stderr);
    return cli_usage_error(NULL, "give a COMMAND");
  }
  const cli_cmd *cmd = find_command(argv[0]);
  if (!cmd) {
    const char *names[NCOMMANDS + 1];
    for (size_t i = 0; i < NCOMMANDS; i++) names[i] = commands[i]->name;
    names[NCOMMANDS] = "help";
    const char *guess = cli_suggest(argv[0], names, NCOMMANDS + 1);
    if (guess) {
      return cli_usage_error(NULL, "unknown command '%s' (did you mean '%s'?)", argv[0], guess);
    }
    return cli_usage_error(NULL, "unknown command '%s'", argv[0]);
  }
  // --help at any level prints the command's help and does nothing else (a subcommand's help is
  // its command's: one text lists them all)
  if (g->help) return cli_help(cmd);
  // the runner's own calendar and units: the profile's time zone (else the system's) and km or mi
  bks_library_use_prefs(g->db);
  cli_command_name = cmd->name;
  return cmd->run(g, n, argv);
}

int main(int argc, char **argv) {
  cli_global g = {0};
  int version = 0, n = 0, only_args = 0, db_missing = 0;
  // take the global options out; "--" ends option processing
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (only_args) {
      argv[n++] = argv[i];
    } else if (strcmp(a, "--") == 0) {
      only_args = 1;
      argv[n++] = argv[i];
    } else if (strcmp(a, "--json") == 0) {
      g.json = 1;
    } else if (strcmp(a, "--quiet") == 0) {
      g.quiet = 1;
    } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      g.help = 1;
    } else if (strcmp(a, "--version") == 0) {
      version = 1;
    } else if (strcmp(a, "--db") == 0) {
      if (i + 1 >= argc) {
        db_missing = 1;
      } else {
        g.db = argv[++i];
      }
    } else if (strncmp(a, "--db=", 5) == 0) {
      g.db = a + 5;
    } else {
      argv[n++] = argv[i];
    }
  }
  // with --json, an exit code other than 0 or 1 leaves {"error": ...} on stdout (cli_finish)
  if (db_missing) return cli_finish(&g, cli_usage_error(NULL, "--db needs a path"));
  if (version) {
    printf("backstride %s\n", BKS_VERSION);
    return EXIT_OK;
  }
  return cli_finish(&g, run(&g, n, argv));
}
