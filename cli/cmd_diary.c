// backstride diary [edit ID … | delete ID]: every pain, session and intervention entry with its
// id, to look back on, correct and delete (DESIGN.md contract).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/json.h"
#include "coach_cli.h"
#include "json_cli.h"
#include "lumbar_cli.h"
#include "store_cli.h"

static const char diary_usage[] =
    "usage: backstride diary [--json]\n"
    "       backstride diary edit ID [options of the entry's kind]\n"
    "       backstride diary delete ID\n\n"
    "Every pain, session and intervention entry, oldest first, each with its id (one id space\n"
    "for all three kinds; ids are never reused).\n\n"
    "edit changes only what it is given:\n"
    "  pain          --level N (0-10) --where W --when before|during|after|none --date D\n"
    "                --radiating | --no-radiating, --numbness | --no-numbness\n"
    "  session       --kind K --minutes M --date D\n"
    "  intervention  --name NAME --start D --end D | --no-end\n"
    "Dates are YYYY-MM-DD, not in the future.\n\n"
    "--json  an array of {id, kind (\"pain\", \"session\" or \"intervention\"), date, and the\n"
    "        entry's fields: level, where, when, radiating, numbness | session_kind, minutes |\n"
    "        name, start, end}\n\n"
    "exit codes: 0 ok; 64 usage error or no entry with that id; 74 the library cannot be read\n"
    "or written\n";

static int cmd_diary(const cli_global *g, int argc, char **argv);

const cli_cmd cli_diary_cmd = {"diary", cmd_diary,
                               "list, correct or delete diary entries (pain, sessions, "
                               "interventions)",
                               diary_usage};

static void json_entry(bks_json *w, const bks_diary_entry *e) {
  char d[16];
  bks_json_obj_begin(w);
  bks_json_kv_int(w, "id", e->id);
  bks_json_kv_str(w, "kind", bks_diary_kind_name(e->kind));
  bks_date_format(e->day, d);
  bks_json_kv_str(w, "date", d);
  if (e->kind == BKS_DIARY_PAIN) {
    bks_json_kv_num(w, "level", e->pain.level);
    bks_json_kv_str(w, "where", e->pain.where);
    bks_json_kv_str(w, "when", e->pain.when);
    bks_json_kv_bool(w, "radiating", e->pain.radiating);
    bks_json_kv_bool(w, "numbness", e->pain.numbness);
  } else if (e->kind == BKS_DIARY_SESSION) {
    bks_json_kv_str(w, "session_kind", e->session.kind);
    bks_json_kv_num(w, "minutes", e->session.minutes);
  } else {
    bks_json_kv_str(w, "name", e->intervention.name);
    bks_json_kv_str(w, "start", d);
    if (e->intervention.end_day >= 0) {
      bks_date_format(e->intervention.end_day, d);
      bks_json_kv_str(w, "end", d);
    } else {
      bks_json_kv_null(w, "end");
    }
  }
  bks_json_obj_end(w);
}

static void text_entry(const bks_diary_entry *e) {
  char d[16], end[16] = "";
  bks_date_format(e->day, d);
  printf("%6lld  %s  %-12s  ", (long long)e->id, d, bks_diary_kind_name(e->kind));
  if (e->kind == BKS_DIARY_PAIN) {
    printf("%g/10 %s, %s%s%s\n", e->pain.level, e->pain.where, e->pain.when,
           e->pain.radiating ? ", radiating" : "", e->pain.numbness ? ", numbness" : "");
  } else if (e->kind == BKS_DIARY_SESSION) {
    printf("%s, %g min\n", e->session.kind, e->session.minutes);
  } else {
    if (e->intervention.end_day >= 0) bks_date_format(e->intervention.end_day, end);
    char nm[512];
    printf("%s (until %s)\n", cli_term(e->intervention.name, nm, sizeof nm), end[0] ? end : "now");
  }
}

// apply the options of argv[3..] to the entry `e` (of its own kind only)
static int edit_options(const char *C, int argc, char **argv, bks_diary_entry *e) {
  const bks_diary_kind k = e->kind;
  for (int i = 3; i < argc; i++) {
    const char *v, *a = argv[i];
    int r = 0;
    if (k == BKS_DIARY_PAIN && strcmp(a, "--radiating") == 0) {
      e->pain.radiating = 1;
    } else if (k == BKS_DIARY_PAIN && strcmp(a, "--no-radiating") == 0) {
      e->pain.radiating = 0;
    } else if (k == BKS_DIARY_PAIN && strcmp(a, "--numbness") == 0) {
      e->pain.numbness = 1;
    } else if (k == BKS_DIARY_PAIN && strcmp(a, "--no-numbness") == 0) {
      e->pain.numbness = 0;
    } else if (k == BKS_DIARY_INTERVENTION && strcmp(a, "--no-end") == 0) {
      e->intervention.end_day = -1;
    } else if (k == BKS_DIARY_PAIN && (r = lcli_option(C, "--level", argc, argv, &i, &v)) != 0) {
      if (r < 0 || lcli_number(C, "--level", v, &e->pain.level)) return EXIT_USAGE;
      if (e->pain.level < 0 || e->pain.level > 10) {
        return cli_usage_error(C, "--level is 0 (none) to 10 (worst imaginable), not %s", v);
      }
    } else if (k == BKS_DIARY_PAIN && (r = lcli_option(C, "--where", argc, argv, &i, &v)) != 0) {
      if (r < 0) return EXIT_USAGE;
      if (!bks_word_in(bks_pain_locations, v)) {
        return cli_usage_error(C, "--where '%s' is not a location (see 'backstride log --help')",
                               v);
      }
      snprintf(e->pain.where, sizeof e->pain.where, "%s", v);
    } else if (k == BKS_DIARY_PAIN && (r = lcli_option(C, "--when", argc, argv, &i, &v)) != 0) {
      if (r < 0) return EXIT_USAGE;
      if (!bks_word_in(bks_pain_timings, v)) {
        return cli_usage_error(C, "--when must be before, during, after or none, not '%s'", v);
      }
      snprintf(e->pain.when, sizeof e->pain.when, "%s", v);
    } else if (k == BKS_DIARY_SESSION && (r = lcli_option(C, "--kind", argc, argv, &i, &v)) != 0) {
      if (r < 0) return EXIT_USAGE;
      if (!bks_word_in(bks_session_kinds, v)) {
        return cli_usage_error(C, "--kind '%s' is not a session kind (see 'backstride log --help')",
                               v);
      }
      snprintf(e->session.kind, sizeof e->session.kind, "%s", v);
    } else if (k == BKS_DIARY_SESSION &&
               (r = lcli_option(C, "--minutes", argc, argv, &i, &v)) != 0) {
      if (r < 0 || lcli_number(C, "--minutes", v, &e->session.minutes)) return EXIT_USAGE;
      if (!(e->session.minutes > 0 && e->session.minutes <= 1440)) {
        return cli_usage_error(C, "--minutes must be above 0 and at most 1440, not %s", v);
      }
    } else if (k == BKS_DIARY_INTERVENTION &&
               (r = lcli_option(C, "--name", argc, argv, &i, &v)) != 0) {
      if (r < 0) return EXIT_USAGE;
      if (!v[0] || strlen(v) >= sizeof e->intervention.name) {
        return cli_usage_error(C, "--name needs 1 to %zu bytes", sizeof e->intervention.name - 1);
      }
      snprintf(e->intervention.name, sizeof e->intervention.name, "%s", v);
    } else if (k != BKS_DIARY_INTERVENTION &&
               (r = lcli_option(C, "--date", argc, argv, &i, &v)) != 0) {
      int64_t *day = k == BKS_DIARY_PAIN ? &e->pain.day : &e->session.day;
      if (r < 0 || lcli_day_past(C, "--date", v, day)) return EXIT_USAGE;
    } else if (k == BKS_DIARY_INTERVENTION &&
               (r = lcli_option(C, "--start", argc, argv, &i, &v)) != 0) {
      if (r < 0 || lcli_day_past(C, "--start", v, &e->intervention.start_day)) return EXIT_USAGE;
    } else if (k == BKS_DIARY_INTERVENTION &&
               (r = lcli_option(C, "--end", argc, argv, &i, &v)) != 0) {
      if (r < 0 || lcli_day(C, "--end", v, &e->intervention.end_day)) return EXIT_USAGE;
    } else {
      return cli_usage_error(C,
                             "'%s' is not an option for a %s entry (see 'backstride diary "
                             "--help')",
                             a, bks_diary_kind_name(k));
    }
  }
  e->day = k == BKS_DIARY_PAIN      ? e->pain.day
           : k == BKS_DIARY_SESSION ? e->session.day
                                    : e->intervention.start_day;
  if (k == BKS_DIARY_INTERVENTION && e->intervention.end_day >= 0 &&
      e->intervention.end_day < e->intervention.start_day) {
    return cli_usage_error(C, "the end is before the start");
  }
  return 0;
}

// the entry id in argv[2]
static int entry_id(const char *C, int argc, char **argv, int64_t *id) {
  if (argc < 3) return cli_usage_error(C, "give the entry's ID (see 'backstride diary')");
  char *end;
  long long v = strtoll(argv[2], &end, 10);
  if (*end || end == argv[2] || v <= 0) {
    return cli_usage_error(C, "'%s' is not an entry id (a whole number; see 'backstride diary')",
                           argv[2]);
  }
  *id = v;
  return 0;
}

static int diary_change(const cli_global *g, int argc, char **argv) {
  int del = strcmp(argv[1], "delete") == 0;
  const char *C = del ? "diary delete" : "diary edit";
  int64_t id = 0;
  if (entry_id(C, argc, argv, &id)) return EXIT_USAGE;
  if (del && argc > 3) return cli_usage_error(C, "unexpected argument '%s'", argv[3]);
  if (!del && argc == 3) return cli_usage_error(C, "give at least one field to change");
  bks_store *s;
  int ex = cli_store_open(g, BKS_LIBRARY_NOCREATE, &s);
  if (ex) return ex;
  if (!s)
    return cli_usage_error(C, "no diary entry has id %lld (the library is empty)", (long long)id);
  bks_diary_entry e;
  int rc = del ? bks_library_diary_delete(s, id) : bks_library_diary_get(s, id, &e);
  if (rc == BKS_OK && !del) {
    if ((ex = edit_options(C, argc, argv, &e)) != 0) {
      bks_library_close(s);
      return ex;
    }
    rc = bks_library_diary_update(s, &e);
  }
  if (rc == BKS_END) {
    bks_library_close(s);
    return cli_usage_error(C, "no diary entry has id %lld (see 'backstride diary')", (long long)id);
  }
  if (rc < 0) return coach_db_error(s);
  bks_library_close(s);
  if (g->json) {
    if (del) return cli_json_print_kv_str(C, "deleted", argv[2], stdout);
    bks_buf b;
    bks_buf_init(&b);
    bks_json w;
    bks_json_init(&w, &b);
    json_entry(&w, &e);
    int out = cli_json_print(C, &w, &b, stdout);
    bks_buf_deinit(&b);
    return out;
  }
  if (del) {
    if (!g->quiet) fprintf(stderr, "entry %lld deleted\n", (long long)id);
  } else {
    text_entry(&e);
  }
  return EXIT_OK;
}

static int cmd_diary(const cli_global *g, int argc, char **argv) {
  if (g->help) return cli_help(&cli_diary_cmd);
  if (argc > 1 && (strcmp(argv[1], "edit") == 0 || strcmp(argv[1], "delete") == 0)) {
    return diary_change(g, argc, argv);
  }
  if (argc > 1) {
    return cli_usage_error("diary", "unexpected argument '%s' (edit or delete)", argv[1]);
  }
  bks_store *s;
  int ex = cli_store_open(g, BKS_LIBRARY_NOCREATE, &s);
  if (ex) return ex;
  bks_diary_entry *e = NULL;
  size_t n = 0;
  if (s && bks_library_diary_entries(s, &e, &n) < 0) return coach_db_error(s);
  bks_library_close(s);
  if (g->json) {
    bks_buf b;
    bks_buf_init(&b);
    bks_json w;
    bks_json_init(&w, &b);
    bks_json_arr_begin_lines(&w);
    for (size_t i = 0; i < n; i++) json_entry(&w, &e[i]);
    bks_json_arr_end(&w);
    ex = cli_json_print("diary", &w, &b, stdout);
    bks_buf_deinit(&b);
  } else if (n) {
    printf("%6s  %-10s  %-12s  %s\n", "id", "date", "kind", "entry");
    for (size_t i = 0; i < n; i++) text_entry(&e[i]);
  } else {
    printf("the diary is empty: see 'backstride log --help'\n");
  }
  free(e);
  return ex;
}
