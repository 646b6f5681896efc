// backstride log | shoes | screen | exercises | findings | plan: the prevention coach (DESIGN.md
// "Coach" and the command contracts; profile is cli/cmd_profile.c, interventions
// cli/cmd_interventions.c). The library holds the profile and diary (backstride/store.h);
// the advice comes from src/coach (backstride/coach.h).
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backstride/coach.h"
#include "backstride/gather.h"
#include "backstride/app.h"
#include "coach_cli.h"
#include "backstride/units.h"
#include "json_cli.h"
#include "lumbar_cli.h"
#include "store_cli.h"

//---- Shared ----

static size_t count_words(const char *const *list) {
  size_t n = 0;
  while (list[n]) n++;
  return n;
}

// open the library; with NOCREATE and no file, *s is NULL (an empty library)
static int open_store(const cli_global *g, int flags, bks_store **s) {
  return cli_store_open(g, flags, s);
}

int coach_db_error(bks_store *s) {
  cli_err("backstride%s%s: %s", cli_command_name[0] ? " " : "", cli_command_name,
          bks_library_errmsg(s));
  bks_library_close(s);
  return EXIT_IOERR;
}

//---- log ----

static int log_pain(const cli_global *g, int argc, char **argv) {
  const char *C = "log pain";
  bks_pain_entry e = {0};
  snprintf(e.where, sizeof e.where, "lower_back");
  snprintf(e.when, sizeof e.when, "none");
  e.day = bks_date_today();
  int have_level = 0;
  for (int i = 2; i < argc; i++) {
    const char *v;
    int r;
    if (strcmp(argv[i], "--radiating") == 0) {
      e.radiating = 1;
    } else if (strcmp(argv[i], "--numbness") == 0) {
      e.numbness = 1;
    } else if ((r = lcli_option(C, "--where", argc, argv, &i, &v)) != 0) {
      if (r < 0) return EXIT_USAGE;
      if (!bks_word_in(bks_pain_locations, v)) {
        return cli_unknown_word(C, "--where location", v, bks_pain_locations,
                                count_words(bks_pain_locations));
      }
      snprintf(e.where, sizeof e.where, "%s", v);
    } else if ((r = lcli_option(C, "--when", argc, argv, &i, &v)) != 0) {
      if (r < 0) return EXIT_USAGE;
      if (!bks_word_in(bks_pain_timings, v)) {
        return cli_usage_error(C, "--when must be before, during, after or none, not '%s'", v);
      }
      snprintf(e.when, sizeof e.when, "%s", v);
    } else if ((r = lcli_option(C, "--date", argc, argv, &i, &v)) != 0) {
      if (r < 0 || lcli_day_past(C, "--date", v, &e.day)) {
        return EXIT_USAGE;
      }
    } else if (!have_level && argv[i][0] != '-') {
      // 0 (none) to 10 (worst imaginable)
      if (lcli_number_in(C, "LEVEL", argv[i], 0, 10, &e.level)) return EXIT_USAGE;
      have_level = 1;
    } else {
      return cli_unknown_arg(&cli_log_cmd, C, argv[i]);
    }
  }
  if (!have_level) return cli_usage_error(C, "needs a LEVEL from 0 to 10");
  if (e.level == 0 && (e.radiating || e.numbness) && !g->quiet) {
    fprintf(stderr, "backstride log: note: level 0 with --radiating/--numbness stored as given\n");
  }
  bks_store *s;
  int rc = open_store(g, 0, &s);
  if (rc) return rc;
  if (bks_library_pain_add(s, &e) < 0) return coach_db_error(s);
  bks_library_close(s);
  char d[16];
  bks_date_format(e.day, d);
  if (g->json) {
    bks_buf b;
    bks_buf_init(&b);
    bks_json w;
    bks_json_init(&w, &b);
    bks_json_obj_begin(&w);
    bks_json_kv_str(&w, "logged", "pain");
    bks_json_kv_str(&w, "date", d);
    bks_json_kv_num(&w, "level", e.level);
    bks_json_obj_end(&w);
    int ex = cli_json_print(C, &w, &b, stdout);
    bks_buf_deinit(&b);
    if (ex) return ex;
  } else if (!g->quiet) {
    fprintf(stderr, "pain %g/10 (%s, %s) logged for %s\n", e.level, e.where, e.when, d);
  }
  if (e.level >= 7 && !g->quiet) {
    fprintf(stderr, "pain of 7/10 or more: no running for now; see 'backstride plan'\n");
  }
  return EXIT_OK;
}

static int log_session(const cli_global *g, int argc, char **argv) {
  const char *C = "log session";
  bks_session_entry e = {0};
  e.day = bks_date_today();
  int npos = 0;
  for (int i = 2; i < argc; i++) {
    const char *v;
    int r;
    if ((r = lcli_option(C, "--date", argc, argv, &i, &v)) != 0) {
      if (r < 0 || lcli_day_past(C, "--date", v, &e.day)) {
        return EXIT_USAGE;
      }
    } else if (npos == 0 && argv[i][0] != '-') {
      if (!bks_word_in(bks_session_kinds, argv[i])) {
        return cli_unknown_word(C, "session KIND", argv[i], bks_session_kinds,
                                count_words(bks_session_kinds));
      }
      snprintf(e.kind, sizeof e.kind, "%s", argv[i]);
      npos++;
    } else if (npos == 1 && argv[i][0] != '-') {
      if (lcli_number_in(C, "MINUTES", argv[i], 0, 1440, &e.minutes)) return EXIT_USAGE;
      if (e.minutes <= 0) {
        return cli_usage_error(C,
                               "MINUTES needs a number (decimals allowed) above 0 and at most "
                               "1440, not '%s'",
                               argv[i]);
      }
      npos++;
    } else {
      return cli_unknown_arg(&cli_log_cmd, C, argv[i]);
    }
  }
  if (npos < 2) return cli_usage_error(C, "needs KIND and MINUTES");
  bks_store *s;
  int rc = open_store(g, 0, &s);
  if (rc) return rc;
  if (bks_library_session_add(s, &e) < 0) return coach_db_error(s);
  bks_library_close(s);
  char d[16];
  bks_date_format(e.day, d);
  if (g->json) {
    bks_buf b;
    bks_buf_init(&b);
    bks_json w;
    bks_json_init(&w, &b);
    bks_json_obj_begin(&w);
    bks_json_kv_str(&w, "logged", "session");
    bks_json_kv_str(&w, "date", d);
    bks_json_kv_str(&w, "kind", e.kind);
    bks_json_kv_num(&w, "minutes", e.minutes);
    bks_json_obj_end(&w);
    int ex = cli_json_print(C, &w, &b, stdout);
    bks_buf_deinit(&b);
    return ex;
  } else if (!g->quiet) {
    fprintf(stderr, "%s session of %g min logged for %s\n", e.kind, e.minutes, d);
  }
  return EXIT_OK;
}

static int log_intervention(const cli_global *g, int argc, char **argv) {
  const char *C = "log intervention";
  const char *name = NULL;
  int64_t start = -1, end = -1;
  for (int i = 2; i < argc; i++) {
    const char *v;
    int r;
    if ((r = lcli_option(C, "--start", argc, argv, &i, &v)) != 0) {
      if (r < 0 || lcli_day(C, "--start", v, &start)) return EXIT_USAGE;
    } else if ((r = lcli_option(C, "--end", argc, argv, &i, &v)) != 0) {
      if (r < 0 || lcli_day(C, "--end", v, &end)) return EXIT_USAGE;
    } else if (!name && argv[i][0] != '-') {
      name = argv[i];
    } else {
      if (name && argv[i][0] != '-') {
        return cli_usage_error(C,
                               "unexpected argument '%s' (a NAME with spaces goes in quotes: "
                               "\"%s %s\")",
                               argv[i], name, argv[i]);
      }
      return cli_unknown_arg(&cli_log_cmd, C, argv[i]);
    }
  }
  if (!name || !name[0]) return cli_usage_error(C, "needs a NAME");
  if (strlen(name) > 200) return cli_usage_error(C, "NAME is longer than 200 characters");
  if (start < 0) return cli_usage_error(C, "needs --start YYYY-MM-DD");
  if (end >= 0 && end < start) return cli_usage_error(C, "--end is before --start");
  bks_store *s;
  int rc = open_store(g, 0, &s);
  if (rc) return rc;
  if (bks_library_intervention_add(s, name, start, end) < 0) return coach_db_error(s);
  bks_library_close(s);
  if (g->json) {
    bks_buf b;
    bks_buf_init(&b);
    bks_json w;
    bks_json_init(&w, &b);
    bks_json_obj_begin(&w);
    bks_json_kv_str(&w, "logged", "intervention");
    bks_json_kv_str(&w, "name", name);
    bks_json_obj_end(&w);
    int ex = cli_json_print(C, &w, &b, stdout);
    bks_buf_deinit(&b);
    return ex;
  } else if (!g->quiet) {
    fprintf(stderr, "intervention '%s' logged\n", name);
  }
  return EXIT_OK;
}

static int cmd_log(const cli_global *g, int argc, char **argv) {
  if (argc < 2) return cli_usage_error("log", "say what to log: pain, session or intervention");
  if (strcmp(argv[1], "pain") == 0) return log_pain(g, argc, argv);
  if (strcmp(argv[1], "session") == 0) return log_session(g, argc, argv);
  if (strcmp(argv[1], "intervention") == 0) return log_intervention(g, argc, argv);
  static const char *const what[] = {"pain", "session", "intervention"};
  return cli_unknown_word("log", "entry", argv[1], what, 3);
}

const cli_cmd cli_log_cmd = {
    "log", cmd_log, "log pain, a strength/core/... session, or an intervention to follow",
    "usage: backstride log pain LEVEL [--where W] [--radiating] [--numbness]\n"
    "                          [--when before|during|after|none] [--date YYYY-MM-DD]\n"
    "       backstride log session KIND MINUTES [--date YYYY-MM-DD]\n"
    "       backstride log intervention NAME --start YYYY-MM-DD [--end YYYY-MM-DD]\n\n"
    "LEVEL: 0 (none) to 10 (worst imaginable). W: lower_back (default), sacroiliac, buttock, leg,\n"
    "mid_back, neck. KIND: strength, core, pilates, yoga, stretching, decompression,\n"
    "cross_training. An intervention is anything you want to follow (a belt, new shoes, a cadence\n"
    "change); logging one is not a recommendation. 'backstride interventions' compares pain and\n"
    "lumbar load before and during each one. The date defaults to today (UTC).\n"
    "Exit: 0 stored; 64 bad arguments.\n"};

//---- shoes ----

// shoes default PAIR | --none: the pair new runs wear
static int shoes_default(const cli_global *g, int argc, char **argv) {
  const char *C = "shoes default";
  if (argc != 3) return cli_usage_error(C, "give one pair's NAME, or --none");
  const char *name = strcmp(argv[2], "--none") == 0 ? NULL : argv[2];
  bks_store *s;
  int rc = open_store(g, 0, &s);
  if (rc) return rc;
  rc = bks_library_shoe_default(s, name);
  if (rc == BKS_E_INVAL || rc == BKS_END) {
    cli_err("backstride %s: %s", C, bks_library_errmsg(s));
    bks_library_close(s);
    return EXIT_USAGE;
  }
  if (rc < 0) return coach_db_error(s);
  bks_library_close(s);
  if (g->json) {
    if (!name) return cli_json_print_null(C, stdout);
    return cli_json_print_kv_str(C, "default", name, stdout);
  }
  if (!g->quiet) {
    if (name) fprintf(stderr, "new runs will count for '%s'\n", name);
    else fprintf(stderr, "no default pair: new runs count for the only pair in use that day\n");
  }
  return EXIT_OK;
}

// shoes assign RUN... PAIR: which pair the runs were run in
static int shoes_assign(const cli_global *g, int argc, char **argv) {
  const char *C = "shoes assign";
  if (argc < 4) return cli_usage_error(C, "give one or more RUN ids, then the pair's NAME");
  const char *name = argv[argc - 1];
  int64_t ids[256];
  int n = 0;
  for (int i = 2; i < argc - 1; i++) {
    char *end;
    long long id = strtoll(argv[i], &end, 10);
    if (*end || id <= 0 || end == argv[i]) {
      return cli_usage_error(C, "'%s' is not a run id (a whole number; see 'backstride runs')",
                             argv[i]);
    }
    if (n == (int)(sizeof ids / sizeof ids[0])) {
      return cli_usage_error(C, "at most %d runs at a time", n);
    }
    ids[n++] = id;
  }
  bks_store *s;
  int rc = open_store(g, BKS_LIBRARY_NOCREATE, &s);
  if (rc) return rc;
  if (!s) return cli_usage_error(C, "the library holds no runs yet");
  for (int i = 0; i < n; i++) {
    rc = bks_library_shoe_assign(s, ids[i], name);
    if (rc == BKS_END) {
      cli_err("backstride %s: %s", C, bks_library_errmsg(s));
      bks_library_close(s);
      return EXIT_USAGE;
    }
    if (rc < 0) return coach_db_error(s);
  }
  bks_library_close(s);
  if (g->json) return cli_json_print_kv_str(C, "assigned", name, stdout);
  if (!g->quiet) fprintf(stderr, "%d run%s now count for '%s'\n", n, n == 1 ? "" : "s", name);
  return EXIT_OK;
}

// "no pair in use is named 'X'" and the closest name of a pair in use
static int no_such_pair(bks_store *s, const char *C, const char *name) {
  bks_shoe *sh = NULL;
  size_t n = 0;
  const char **names = NULL;
  char hint[CLI_WORD_MAX + 32] = "";
  if (bks_library_shoe_list(s, &sh, &n) == BKS_OK && n && (names = calloc(n, sizeof *names))) {
    for (size_t i = 0; i < n; i++) names[i] = sh[i].retired_day < 0 ? sh[i].name : NULL;
    cli_hint(hint, sizeof hint, name, names, n);
  }
  int ex = cli_usage_error(C, "no pair in use is named '%s'%s%s%s (see 'backstride shoes list')",
                           name, hint[0] ? " (" : "", hint, hint[0] ? ")" : "");
  free(names);
  free(sh);
  return ex;
}

static int cmd_shoes(const cli_global *g, int argc, char **argv) {
  const char *verb = argc >= 2 ? argv[1] : "list";
  if (strcmp(verb, "default") == 0) return shoes_default(g, argc, argv);
  if (strcmp(verb, "assign") == 0) return shoes_assign(g, argc, argv);
  if (strcmp(verb, "add") == 0 || strcmp(verb, "retire") == 0) {
    const char *C = verb[0] == 'a' ? "shoes add" : "shoes retire";
    const char *name = NULL;
    int64_t day = bks_date_today();
    for (int i = 2; i < argc; i++) {
      const char *v;
      int r;
      const char *opt = verb[0] == 'a' ? "--start" : "--date";
      if ((r = lcli_option(C, opt, argc, argv, &i, &v)) != 0) {
        if (r < 0 || lcli_day(C, opt, v, &day)) return EXIT_USAGE;
      } else if (!name && argv[i][0] != '-') {
        name = argv[i];
      } else if (name && argv[i][0] != '-') {
        return cli_usage_error(C,
                               "unexpected argument '%s' (a NAME with spaces goes in quotes: "
                               "\"%s %s\")",
                               argv[i], name, argv[i]);
      } else {
        return cli_unknown_arg(&cli_shoes_cmd, C, argv[i]);
      }
    }
    if (!name || !name[0]) return cli_usage_error(C, "needs a NAME");
    if (strlen(name) > 63) {
      return cli_usage_error(C, "NAME is longer than 63 bytes (%zu; a letter such as é takes two)",
                             strlen(name));
    }
    bks_store *s;
    int rc = open_store(g, 0, &s);
    if (rc) return rc;
    rc =
        verb[0] == 'a' ? bks_library_shoe_add(s, name, day) : bks_library_shoe_retire(s, name, day);
    if (rc == BKS_END) {
      int ex = no_such_pair(s, C, name);
      bks_library_close(s);
      return ex;
    }
    if (rc == BKS_E_INVAL) {
      cli_usage_error(C, "%s", bks_library_errmsg(s));
      bks_library_close(s);
      return EXIT_USAGE;
    }
    if (rc < 0) return coach_db_error(s);
    bks_library_close(s);
    if (g->json) {
      return cli_json_print_kv_str(C, verb[0] == 'a' ? "added" : "retired", name, stdout);
    } else if (!g->quiet) {
      fprintf(stderr, "shoes '%s' %s\n", name, verb[0] == 'a' ? "added" : "retired");
    }
    return EXIT_OK;
  }
  const char *C = "shoes";
  if (strcmp(verb, "list") != 0) {
    // people say "remove" or "delete" for what retire does (a retired pair keeps its distance)
    if (strcmp(verb, "remove") == 0 || strcmp(verb, "delete") == 0) {
      return cli_usage_error(C,
                             "unknown subcommand '%s' (did you mean 'retire'? a retired pair "
                             "keeps its distance)",
                             verb);
    }
    static const char *const verbs[] = {"add", "list", "retire", "default", "assign"};
    return cli_unknown_word(C, "subcommand", verb, verbs, 5);
  }
  if (argc > 2) return cli_unknown_arg(&cli_shoes_cmd, "shoes list", argv[2]);
  bks_store *s;
  int rc = open_store(g, BKS_LIBRARY_NOCREATE, &s);
  if (rc) return rc;
  bks_shoe *sh = NULL;
  size_t n = 0;
  int64_t unassigned = 0;
  if (s &&
      (bks_library_shoe_list(s, &sh, &n) < 0 || bks_library_shoe_unassigned(s, &unassigned) < 0)) {
    return coach_db_error(s);
  }
  bks_library_close(s);
  if (g->json) {
    bks_buf b;
    bks_buf_init(&b);
    bks_json w;
    bks_json_init(&w, &b);
    bks_json_arr_begin(&w);
    for (size_t i = 0; i < n; i++) bks_json_shoe(&w, &sh[i]);
    bks_json_arr_end(&w);
    free(sh);
    int ex = cli_json_print(C, &w, &b, stdout);
    bks_buf_deinit(&b);
    return ex;
  }
  for (size_t i = 0; i < n; i++) {
    char d0[16];
    bks_date_format(sh[i].start_day, d0);
    int worn = sh[i].retired_day < 0 && sh[i].distance_m >= 500000;
    char nm[256];
    printf("%-24s since %s  %7.1f %s  %4.0f runs  %s%s\n", cli_term(sh[i].name, nm, sizeof nm), d0,
           bks_units_dist(sh[i].distance_m), bks_units_name(), sh[i].runs,
           sh[i].retired_day >= 0 ? "retired"
           : worn                 ? "in use: past 500 km, consider replacing (evidence mixed)"
                                  : "in use",
           sh[i].is_default ? " (default for new runs)" : "");
  }
  if (unassigned) {
    printf("%lld run%s count for no pair: several pairs were in use on %s day and none was "
           "assigned (backstride shoes assign RUN... NAME)\n",
           (long long)unassigned, unassigned == 1 ? "" : "s", unassigned == 1 ? "its" : "their");
  }
  if (n == 0 && !g->quiet) {
    fprintf(stderr, "no shoes yet (backstride shoes add NAME)\n");
  }
  free(sh);
  return EXIT_OK;
}

const cli_cmd cli_shoes_cmd = {
    "shoes", cmd_shoes, "add, list or retire running shoes (distance comes from the runs)",
    "usage: backstride shoes add NAME [--start YYYY-MM-DD]\n"
    "       backstride shoes list [--json]\n"
    "       backstride shoes retire NAME [--date YYYY-MM-DD]\n"
    "       backstride shoes default NAME | --none\n"
    "       backstride shoes assign RUN... NAME\n\n"
    "Each run counts for one pair at most: the pair assigned to it ('shoes assign', or the\n"
    "default pair when the run was imported), else the only pair in use on its day (from its\n"
    "start day until it is retired); when several pairs were in use and none was assigned, the\n"
    "run counts for none until you assign it. A pair's distance is the sum of its runs. Names\n"
    "match in any case. Past 500 km a pair is flagged (Verdejo & Mills 2004; the evidence on\n"
    "wear is mixed).\n"
    "Exit: 0 ok; 64 bad arguments, a duplicate name, no such pair or run.\n"};

//---- screen ----

static int cmd_screen(const cli_global *g, int argc, char **argv) {
  const char *C = "screen";
  unsigned flags = 0;
  int given = 0, clear = 0;
  int64_t day = bks_date_today();
  for (int i = 1; i < argc; i++) {
    const char *v;
    int r;
    if (strcmp(argv[i], "--clear") == 0) {
      clear = 1;
    } else if ((r = lcli_option(C, "--flag", argc, argv, &i, &v)) != 0) {
      if (r < 0) return EXIT_USAGE;
      unsigned f = bks_flag_parse(v);
      if (!f) {
        const char *names[BKS_NFLAGS];
        for (int k = 0; k < BKS_NFLAGS; k++) names[k] = bks_flag_name(k);
        return cli_unknown_word(C, "flag", v, names, BKS_NFLAGS);
      }
      flags |= f;
      given = 1;
    } else if ((r = lcli_option(C, "--date", argc, argv, &i, &v)) != 0) {
      if (r < 0 || lcli_day(C, "--date", v, &day)) return EXIT_USAGE;
    } else {
      return cli_unknown_arg(&cli_screen_cmd, NULL, argv[i]);
    }
  }
  if (clear && given) return cli_usage_error(C, "--clear cannot be combined with --flag");
  if (!given && !clear) {
    if (!isatty(STDIN_FILENO)) {
      return cli_usage_error(C, "not a terminal: give the answers as --flag F... (or --clear "
                                "when none applies)");
    }
    FILE *q = g->json ? stderr : stdout;
    fprintf(q, "Red-flag screening: answer y or n. These questions look for rare but serious "
               "causes of back pain.\n");
    for (int k = 0; k < BKS_NFLAGS; k++) {
      for (;;) {
        char line[64];
        fprintf(q, "%s [y/n] ", bks_flag_question(k));
        fflush(q);
        if (!fgets(line, sizeof line, stdin)) return cli_usage_error(C, "screening interrupted");
        if (line[0] == 'y' || line[0] == 'Y') {
          flags |= 1u << k;
          break;
        }
        if (line[0] == 'n' || line[0] == 'N') break;
      }
    }
  }
  bks_store *s;
  int rc = open_store(g, 0, &s);
  if (rc) return rc;
  if (bks_library_screen_add(s, day, flags) < 0) return coach_db_error(s);
  bks_library_close(s);
  bks_coach_input in = {.today = day, .screened = 1, .screen_day = day, .red_flags = flags};
  char d[16];
  bks_date_format(day, d);
  if (g->json) {
    char reason[320];
    bks_referral r = bks_coach_referral(&in, reason, sizeof reason);
    bks_buf b;
    bks_buf_init(&b);
    bks_json w;
    bks_json_init(&w, &b);
    bks_json_screening(&w, day, flags, (int)r, reason);
    int ex = cli_json_print("screen", &w, &b, stdout);
    bks_buf_deinit(&b);
    return ex;
  } else {
    char reason[320];
    bks_referral r = bks_coach_referral(&in, reason, sizeof reason);
    if (r == BKS_REFER_NONE) {
      printf("screening stored for %s: no red flags%s\n", d,
             clear || !given ? " (earlier flags cleared)" : "");
    } else {
      printf("screening stored for %s\n%s\nNo running until you have been seen.\n", d, reason);
    }
  }
  return EXIT_OK;
}

const cli_cmd cli_screen_cmd = {
    "screen", cmd_screen, "red-flag screening (stored, dated, honoured by every later plan)",
    "usage: backstride screen [--flag F]... [--date YYYY-MM-DD]\n"
    "       backstride screen --clear\n\n"
    "Without --flag or --clear it asks the questions on a terminal (and refuses when stdin is not\n"
    "a terminal). With any --flag it never prompts. A screening with no flags (or --clear) clears\n"
    "the earlier ones. Flags:\n"
    "  cauda equina (referral 'emergency'): saddle_anaesthesia, bladder_dysfunction,\n"
    "    bowel_dysfunction, progressive_leg_weakness\n"
    "  other red flags (referral 'urgent'): fever, unexplained_weight_loss, cancer_history,\n"
    "    night_pain, major_trauma\n"
    "Source: NHS red-flag pathway following NICE (docs/science.md, Coach).\n"
    "Exit: 0 stored; 64 bad arguments or no terminal without flags.\n"};

//---- exercises ----

static int cmd_exercises(const cli_global *g, int argc, char **argv) {
  const char *C = "exercises";
  if (argc >= 2 && strcmp(argv[1], "show") == 0) {
    if (argc < 3) return cli_usage_error("exercises show", "needs an ID");
    if (argc > 3) return cli_unknown_arg(&cli_exercises_cmd, "exercises show", argv[3]);
    const bks_exercise *e = bks_exercise_find(argv[2]);
    if (!e) {
      char hint[CLI_WORD_MAX + 32];
      size_t n = bks_exercise_count();
      const char **ids = calloc(n ? n : 1, sizeof *ids);
      for (size_t i = 0; ids && i < n; i++) ids[i] = bks_exercise_at(i)->id;
      cli_hint(hint, sizeof hint, argv[2], ids, ids ? n : 0);
      free(ids);
      return cli_usage_error("exercises show", "no exercise '%s' (%s%ssee 'backstride exercises')",
                             argv[2], hint, hint[0] ? " " : "");
    }
    if (g->json) {
      bks_buf b;
      bks_buf_init(&b);
      bks_json w;
      bks_json_init(&w, &b);
      bks_json_exercise(&w, e, 1);
      int ex = cli_json_print(C, &w, &b, stdout);
      bks_buf_deinit(&b);
      return ex;
    } else {
      printf("%s (%s)\ncategory: %s\ntargets: %s\nwhen: %s\ndose: %s\nprogression: %s\n%s\n"
             "not for: %s\nevidence: %s\n",
             e->name, e->id, e->category, e->targets, e->phases, e->dose, e->progression,
             e->instructions, e->contraindications[0] ? e->contraindications : "-", e->source);
    }
    return EXIT_OK;
  }
  if (argc > 1 && argv[1][0] != '-') {
    static const char *const subs[] = {"show"};
    return cli_unknown_word(C, "subcommand", argv[1], subs, 1);
  }
  if (argc > 1) return cli_unknown_arg(&cli_exercises_cmd, NULL, argv[1]);
  size_t n = bks_exercise_count();
  if (g->json) {
    bks_buf b;
    bks_buf_init(&b);
    bks_json w;
    bks_json_init(&w, &b);
    bks_json_arr_begin(&w);
    for (size_t i = 0; i < n; i++) bks_json_exercise(&w, bks_exercise_at(i), 0);
    bks_json_arr_end(&w);
    int ex = cli_json_print(C, &w, &b, stdout);
    bks_buf_deinit(&b);
    return ex;
  }
  for (size_t i = 0; i < n; i++) {
    const bks_exercise *e = bks_exercise_at(i);
    printf("%-22s %-15s %-38s %s\n", e->id, e->category, e->name,
           e->contraindications[0] ? e->contraindications : "");
  }
  return EXIT_OK;
}

const cli_cmd cli_exercises_cmd = {
    "exercises", cmd_exercises, "the exercise catalogue (compiled in; works without a library)",
    "usage: backstride exercises [--json]\n"
    "       backstride exercises show ID [--json]\n\n"
    "Lists id, category, name and contraindications (conditions it is not planned for);\n"
    "'show' prints the dose, progression, instructions and evidence source of one exercise.\n"
    "Exit: 0 ok; 64 bad arguments or unknown ID.\n"};

//---- findings and plan: reading everything the coach needs ----

typedef struct coach_data {
  bks_gathered_coach g;
  bks_coach_input in; // g.in, with --today
} coach_data;

static void coach_data_free(coach_data *d) { bks_gathered_coach_deinit(&d->g); }

static int coach_load(const cli_global *g, const char *cmd, int argc, char **argv, coach_data *d) {
  memset(d, 0, sizeof *d);
  d->in.today = bks_date_today();
  for (int i = 1; i < argc; i++) {
    const char *v;
    int r;
    if ((r = lcli_option(cmd, "--today", argc, argv, &i, &v)) != 0) {
      if (r < 0 || lcli_day(cmd, "--today", v, &d->in.today)) return EXIT_USAGE;
    } else {
      return cli_unknown_arg(strcmp(cmd, "plan") == 0 ? &cli_plan_cmd : &cli_findings_cmd, NULL,
                             argv[i]);
    }
  }
  bks_store *s;
  int rc = open_store(g, BKS_LIBRARY_NOCREATE, &s);
  if (rc) return rc;
  int64_t today = d->in.today;
  rc = bks_gather_coach(s, today, &d->g);
  if (rc < 0) {
    if (rc == BKS_E_NOMEM) {
      bks_library_close(s);
      cli_err("backstride %s: out of memory reading the runs", cmd);
      return EXIT_SOFTWARE;
    }
    return coach_db_error(s);
  }
  if (s) bks_library_close(s);
  d->in = d->g.in;
  return 0;
}

static const char *status_name(bks_finding_status s) {
  return s == BKS_FINDING_FLAG ? "flag" : s == BKS_FINDING_OK ? "ok" : "unknown";
}

// the plan parts that answer finding `id`, as "after: hamstring_strap" strings
static size_t answered_by(const bks_plan *p, const char *id, char out[][64], size_t max) {
  size_t n = 0;
  const struct {
    const char *part;
    const bks_plan_item *it;
    size_t n;
  } parts[] = {{"before", p->before, p->nbefore},
               {"after", p->after, p->nafter},
               {"rest_day", p->rest_day, p->nrest_day}};
  for (size_t k = 0; k < 3; k++) {
    for (size_t i = 0; i < parts[k].n && n < max; i++) {
      if (strcmp(parts[k].it[i].answers, id) == 0) {
        snprintf(out[n++], 64, "%s: %s", parts[k].part, parts[k].it[i].exercise);
      }
    }
  }
  for (size_t i = 0; i < p->nduring && n < max; i++) {
    if (strcmp(p->during[i].answers, id) == 0) snprintf(out[n++], 64, "during: cue %zu", i + 1);
  }
  return n;
}

static int cmd_findings(const cli_global *g, int argc, char **argv) {
  coach_data d;
  int rc = coach_load(g, "findings", argc, argv, &d);
  if (rc) return rc;
  bks_finding f[BKS_COACH_MAX_FINDINGS];
  size_t nf = bks_coach_findings(&d.in, f);
  bks_plan *p = malloc(sizeof *p);
  if (!p) {
    coach_data_free(&d);
    return EXIT_SOFTWARE;
  }
  bks_coach_plan(&d.in, f, nf, p);
  bks_buf b;
  bks_buf_init(&b);
  bks_json w;
  bks_json_init(&w, &b);
  if (g->json) bks_json_arr_begin(&w);
  for (size_t i = 0; i < nf; i++) {
    char ans[24][64];
    size_t na = answered_by(p, f[i].id, ans, 24);
    if (g->json) {
      const char *a[24];
      for (size_t k = 0; k < na; k++) a[k] = ans[k];
      bks_json_finding(&w, &f[i], a, na);
    } else {
      printf("[%s] %s (%s, confidence %s)\n  evidence: %s\n  threshold: %s\n  source: %s\n",
             status_name(f[i].status), f[i].title, f[i].id, f[i].confidence, f[i].evidence,
             f[i].threshold, f[i].source);
      if (na) {
        printf("  answered by:");
        for (size_t k = 0; k < na; k++) printf("%s %s", k ? "," : "", ans[k]);
        printf("\n");
      } else if (p->referral != BKS_REFER_NONE || !p->running_allowed) {
        printf("  answered by: see 'backstride plan' (referral or pain rule first)\n");
      }
    }
  }
  int ex = EXIT_OK;
  if (g->json) {
    bks_json_arr_end(&w);
    ex = cli_json_print("findings", &w, &b, stdout);
  }
  bks_buf_deinit(&b);
  free(p);
  coach_data_free(&d);
  return ex;
}

const cli_cmd cli_findings_cmd = {
    "findings", cmd_findings, "risk findings with your evidence, thresholds and sources",
    "usage: backstride findings [--json] [--today YYYY-MM-DD]\n\n"
    "One finding per risk factor: weak_core, posture, disc, shoes, shoe_impact (measured peak\n"
    "force against each pair's distance), bounce, overexertion, fatigue_drift (the last third of\n"
    "a run against its first third), body_mass, pain. Each has a status (flag, ok, unknown), the\n"
    "evidence from your library, the threshold and its source, a confidence, and the plan parts\n"
    "that answer it. Runs are modelled with your profile's mass and height. --today sets the\n"
    "day the diary is read from (default: today, UTC). Garmin's colour bands are population\n"
    "percentiles, not injury thresholds; the acute:chronic ratio is a soft flag only.\n"
    "Exit: 0 ok; 64 bad arguments; 65 or 74 when the library cannot be read.\n"};

static int cmd_plan(const cli_global *g, int argc, char **argv) {
  coach_data d;
  int rc = coach_load(g, "plan", argc, argv, &d);
  if (rc) return rc;
  bks_finding f[BKS_COACH_MAX_FINDINGS];
  size_t nf = bks_coach_findings(&d.in, f);
  bks_plan *p = malloc(sizeof *p);
  if (!p) {
    coach_data_free(&d);
    return EXIT_SOFTWARE;
  }
  bks_coach_plan(&d.in, f, nf, p);
  if (!d.in.profile.set && !g->quiet) {
    fprintf(stderr, "backstride plan: note: no profile, so only exercises that no condition rules "
                    "out are planned (backstride profile set ...)\n");
  }
  if (g->json) {
    bks_buf b;
    bks_buf_init(&b);
    bks_json w;
    bks_json_init(&w, &b);
    bks_json_plan(&w, p);
    int ex = cli_json_print("plan", &w, &b, stdout);
    bks_buf_deinit(&b);
    free(p);
    coach_data_free(&d);
    return ex;
  } else {
    if (p->referral != BKS_REFER_NONE) {
      printf("REFERRAL (%s): %s\n\n", bks_referral_name(p->referral), p->referral_reason);
    }
    printf("running: %s", p->running_allowed ? "yes" : "no");
    if (p->running_allowed && isfinite(p->max_minutes))
      printf(", at most %.0f minutes", p->max_minutes);
    printf("\n  why: %s\n", p->why);
    const struct {
      const char *title;
      const bks_plan_item *it;
      size_t n;
    } parts[] = {{"before the run", p->before, p->nbefore},
                 {"after the run", p->after, p->nafter},
                 {"rest days", p->rest_day, p->nrest_day}};
    for (size_t k = 0; k < 3; k++) {
      if (!parts[k].n) continue;
      printf("\n%s:\n", parts[k].title);
      for (size_t i = 0; i < parts[k].n; i++) {
        const bks_exercise *e = bks_exercise_find(parts[k].it[i].exercise);
        printf("  - %s (%s): %s  [answers: %s; evidence: %s]\n", e ? e->name : "?",
               parts[k].it[i].exercise, parts[k].it[i].dose, parts[k].it[i].answers,
               e ? e->source : "?");
      }
      if (k == 0 && p->nduring) {
        printf("\nduring the run:\n");
        for (size_t i = 0; i < p->nduring; i++) {
          printf("  - %s  [answers: %s]\n", p->during[i].cue, p->during[i].answers);
        }
      }
    }
    printf("\n'backstride exercises show ID' explains each exercise. backstride estimates and "
           "explains; it is not a medical device.\n");
  }
  free(p);
  coach_data_free(&d);
  return EXIT_OK;
}

const cli_cmd cli_plan_cmd = {
    "plan", cmd_plan, "this week's plan: before, during and after the run, rest days",
    "usage: backstride plan [--json] [--today YYYY-MM-DD]\n\n"
    "Red flags from the latest screening refer you (emergency or urgent) and replace the plan;\n"
    "persistent, worsening, or radiating pain with numbness gives a routine referral. Pain of\n"
    "7/10 or more in the last 72 hours, or pain that rose during a run, stops running (gentle\n"
    "low-impact work instead); 4-6/10 halves the run. Exercises your conditions rule out are never\n"
    "planned. --json: {\"referral\", \"running\": {\"allowed\", \"max_minutes\", \"why\"}, \"before\",\n"
    "\"during\", \"after\", \"rest_day\"}; each item is {\"exercise\", \"dose\", \"answers\"}.\n"
    "Exit: 0 ok; 64 bad arguments; 65 or 74 when the library cannot be read.\n"};
