// backstride profile [set]: the runner's mass, height, age, sex and conditions (DESIGN.md
// contract), with experience and weekly routine (schema 4). `set` never refuses a combination: odd
// ones get a note on stderr.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "backstride/coach.h"
#include "backstride/app.h"
#include "backstride/units.h"
#include "coach_cli.h"
#include "json_cli.h"
#include "lumbar_cli.h"
#include "store_cli.h"

// `x` then `unit`, or `missing` when x is NaN
static void opt_num(double x, const char *unit, const char *missing) {
  if (x == x) {
    printf("%g%s", x, unit);
  } else {
    printf("%s", missing);
  }
}

typedef struct routine_opt {
  const char *opt;
  double *num;
  double max;
} routine_opt;

// one of the routine's options at argv[*i]: 1 with *num, *opt and *v set, 0 none, -1 usage error
static int routine_option(const char *C, const routine_opt *t, size_t n, int argc, char **argv,
                          int *i, double **num, const char **opt, const char **v) {
  for (size_t k = 0; k < n; k++) {
    int r = lcli_option(C, t[k].opt, argc, argv, i, v);
    if (r != 0) {
      *num = t[k].num;
      *opt = t[k].opt;
      return r;
    }
  }
  return 0;
}

// notes on combinations that look odd; never a refusal (DESIGN.md)
static void routine_notes(const bks_profile *p) {
  const char *P = "backstride profile: note:";
  if (p->runs_per_week == 0 && (p->weekly_km > 0 || p->weekly_minutes > 0)) {
    fprintf(stderr, "%s no runs a week but a weekly distance or time: stored as given\n", P);
  }
  if (p->runs_per_week > 0 && p->weekly_km == 0 && p->weekly_minutes == 0) {
    fprintf(stderr, "%s runs a week with no distance or time: stored as given\n", P);
  }
  if (p->weekly_km > 0 && p->weekly_minutes > 0) {
    double pace = p->weekly_minutes / p->weekly_km; // min/km
    if (pace < 2.5 || pace > 12) {
      fprintf(stderr, "%s %.0f min for %.0f km is %.1f min/km: stored as given\n", P,
              p->weekly_minutes, p->weekly_km, pace);
    }
  }
  if (p->experience_y == p->experience_y && p->age_y == p->age_y &&
      p->experience_y > p->age_y - 3) {
    fprintf(stderr, "%s %g years of running at age %g: stored as given\n", P, p->experience_y,
            p->age_y);
  }
  if (p->weekly_minutes != p->weekly_minutes && p->runs_per_week > 0) {
    fprintf(stderr,
            "%s without --weekly-minutes the plan cannot use your routine as a run length\n", P);
  }
}

// a condition name, or 0 after a usage error that suggests the closest known one
static unsigned condition_arg(const char *C, const char *opt, const char *v) {
  (void)opt;
  unsigned c = bks_condition_parse(v);
  if (!c) {
    const char *names[BKS_NCONDITIONS];
    for (int k = 0; k < BKS_NCONDITIONS; k++) names[k] = bks_condition_name(k);
    cli_unknown_word(C, "condition", v, names, BKS_NCONDITIONS);
  }
  return c;
}

// f, m, female, male in any case; 0 when none of them
static char sex_arg(const char *v) {
  if (strcasecmp(v, "f") == 0 || strcasecmp(v, "female") == 0) return 'f';
  if (strcasecmp(v, "m") == 0 || strcasecmp(v, "male") == 0) return 'm';
  return 0;
}

static int profile_set(const cli_global *g, int argc, char **argv) {
  const char *C = "profile set";
  bks_profile_edit e;
  bks_profile_edit_init(&e);
  // the routine's options: name, field, largest sensible value (a typo guard, not a judgement)
  const routine_opt routine[] = {{"--experience-years", &e.experience_y, 80},
                                 {"--runs-per-week", &e.runs_per_week, 21},
                                 {"--weekly-km", &e.weekly_km, 500},
                                 {"--weekly-minutes", &e.weekly_minutes, 3000},
                                 {"--strength-per-week", &e.strength_per_week, 21}};
  int given = 0;
  for (int i = 2; i < argc; i++, given++) {
    const char *v;
    int r;
    double *num = NULL;
    const char *opt = argv[i];
    if ((r = lcli_option(C, "--mass", argc, argv, &i, &v)) != 0) {
      num = &e.mass_kg;
      opt = "--mass";
    } else if ((r = lcli_option(C, "--height", argc, argv, &i, &v)) != 0) {
      num = &e.height_m;
      opt = "--height";
    } else if ((r = lcli_option(C, "--age", argc, argv, &i, &v)) != 0) {
      num = &e.age_y;
      opt = "--age";
    } else if ((r = routine_option(C, routine, sizeof routine / sizeof routine[0], argc, argv, &i,
                                   &num, &opt, &v)) != 0) {
      if (r > 0 && strcmp(v, "none") == 0) { // no longer given
        *num = -INFINITY;
        continue;
      }
    } else if ((r = lcli_option(C, "--sex", argc, argv, &i, &v)) != 0) {
      if (r < 0) return EXIT_USAGE;
      if (!(e.sex = sex_arg(v))) {
        return cli_usage_error(C, "--sex takes f, m, female or male (any case), not '%s'", v);
      }
      continue;
    } else if ((r = lcli_option(C, "--condition", argc, argv, &i, &v)) != 0) {
      unsigned c;
      if (r < 0 || !(c = condition_arg(C, "--condition", v))) return EXIT_USAGE;
      e.add_conditions |= c;
      e.remove_conditions &= ~c;
      continue;
    } else if ((r = lcli_option(C, "--no-condition", argc, argv, &i, &v)) != 0) {
      unsigned c;
      if (r < 0 || !(c = condition_arg(C, "--no-condition", v))) return EXIT_USAGE;
      e.remove_conditions |= c;
      e.add_conditions &= ~c;
      continue;
    } else if ((r = lcli_option(C, "--conditions", argc, argv, &i, &v)) != 0) {
      // the whole list at once: "none", or names separated by commas
      if (r < 0) return EXIT_USAGE;
      e.replace_conditions = 1;
      e.add_conditions = e.remove_conditions = 0;
      if (strcmp(v, "none") == 0) continue;
      char list[256];
      snprintf(list, sizeof list, "%s", v);
      for (char *save = NULL, *w = strtok_r(list, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
        unsigned c = condition_arg(C, "--conditions", w);
        if (!c) return EXIT_USAGE;
        e.add_conditions |= c;
      }
      continue;
    } else if ((r = lcli_option(C, "--tz", argc, argv, &i, &v)) != 0) {
      if (r < 0) return EXIT_USAGE;
      e.tz = strcmp(v, "system") == 0 ? "" : v;
      continue;
    } else if ((r = lcli_option(C, "--units", argc, argv, &i, &v)) != 0) {
      if (r < 0) return EXIT_USAGE;
      if (strcmp(v, "km") != 0 && strcmp(v, "mi") != 0) {
        return cli_usage_error(C, "--units takes km or mi, not '%s'", v);
      }
      e.units = v;
      continue;
    } else {
      return cli_unknown_arg(&cli_profile_cmd, C, argv[i]);
    }
    if (r < 0) return EXIT_USAGE;
    if (lcli_number(C, opt, v, num)) return EXIT_USAGE;
  }
  if (!given) {
    return cli_usage_error(C,
                           "give at least one field to change (see 'backstride profile --help')");
  }
  if (e.mass_kg == e.mass_kg && (e.mass_kg < BKS_MASS_MIN_KG || e.mass_kg > BKS_MASS_MAX_KG)) {
    return cli_usage_error(C, "--mass %g kg is outside 20-400 kg", e.mass_kg);
  }
  if (e.height_m > 3 && e.height_m <= 300) {
    return cli_usage_error(C, "--height is in metres (%g looks like centimetres: try %g)",
                           e.height_m, e.height_m / 100);
  }
  if (e.height_m == e.height_m &&
      (e.height_m < BKS_HEIGHT_MIN_M || e.height_m > BKS_HEIGHT_MAX_M)) {
    return cli_usage_error(C, "--height %g m is outside 0.8-2.6 m", e.height_m);
  }
  if (e.age_y == e.age_y && (e.age_y < BKS_AGE_MIN_Y || e.age_y > BKS_AGE_MAX_Y)) {
    return cli_usage_error(C, "--age %g is outside 5-120 years", e.age_y);
  }
  for (size_t k = 0; k < sizeof routine / sizeof routine[0]; k++) {
    double x = *routine[k].num;
    if (x == x && x != -INFINITY && (x < 0 || x > routine[k].max)) {
      return cli_usage_error(C, "%s %g is outside 0-%g", routine[k].opt, x, routine[k].max);
    }
  }
  if (e.tz && e.tz[0] && !bks_tz_known(e.tz)) {
    return cli_usage_error(C,
                           "--tz: unknown time zone '%s' (an IANA name such as Europe/London or "
                           "America/Los_Angeles, or 'system')",
                           e.tz);
  }
  bks_store *s;
  int rc = cli_store_open(g, 0, &s);
  if (rc) return rc;
  bks_profile p;
  char err[256] = "";
  rc = bks_library_profile_update(s, &e, "command line", &p, err, sizeof err);
  if (rc == BKS_E_INVAL) {
    bks_library_close(s);
    return cli_usage_error(C, "%s", err);
  }
  if (rc < 0) return coach_db_error(s);
  bks_library_close(s);
  if (e.tz && e.tz[0]) bks_date_use_tz(e.tz);
  if (e.units) bks_units_use(e.units);
  // unusual routines and combinations are stored as given, with a note (DESIGN.md: never refused)
  if (!g->quiet) routine_notes(&p);
  if (!g->quiet && (p.conditions & BKS_COND_PREGNANCY) && p.sex == 'm') {
    fprintf(stderr, "backstride profile: note: pregnancy with sex m stored as given\n");
  }
  if (!g->quiet && (p.conditions & BKS_COND_PREGNANCY)) {
    fprintf(stderr, "backstride profile: note: during pregnancy, exercises lying on the back or "
                    "front and deep twists are left out of the plan\n");
  }
  if (g->json) {
    bks_buf b;
    bks_buf_init(&b);
    bks_json w;
    bks_json_init(&w, &b);
    bks_json_obj_begin(&w);
    bks_json_kv_bool(&w, "stored", 1);
    bks_json_key(&w, "profile");
    bks_json_profile(&w, &p);
    bks_json_obj_end(&w);
    int ex = cli_json_print("profile", &w, &b, stdout);
    bks_buf_deinit(&b);
    return ex;
  } else if (!g->quiet) {
    fprintf(stderr, "profile stored\n");
  }
  return EXIT_OK;
}

// where and when `field` last changed, as " (set YYYY-MM-DD, command line)"; "" when unknown
static const char *changed(const bks_profile_change *ch, size_t n, const char *field, char *buf,
                           size_t len) {
  buf[0] = 0;
  for (size_t i = 0; i < n; i++) {
    if (strcmp(ch[i].field, field) == 0) {
      snprintf(buf, len, "  (changed %.10s, %s)", ch[i].changed_at, ch[i].source);
    }
  }
  return buf;
}

static int cmd_profile(const cli_global *g, int argc, char **argv) {
  const char *C = "profile";
  if (argc >= 2 && strcmp(argv[1], "set") == 0) return profile_set(g, argc, argv);
  if (argc > 1 && argv[1][0] != '-') {
    static const char *const subs[] = {"set"};
    return cli_unknown_word(C, "subcommand", argv[1], subs, 1);
  }
  if (argc > 1) return cli_unknown_arg(&cli_profile_cmd, NULL, argv[1]);
  bks_store *s;
  int rc = cli_store_open(g, BKS_LIBRARY_NOCREATE, &s);
  if (rc) return rc;
  bks_profile p = {0};
  bks_profile_change *ch = NULL;
  size_t nch = 0;
  if (s && (bks_library_profile_get(s, &p) < 0 || bks_library_profile_changes(s, &ch, &nch) < 0)) {
    return coach_db_error(s);
  }
  bks_library_close(s);
  if (!p.set) {
    free(ch);
    if (g->json) cli_json_print_null(C, stdout);
    fprintf(stderr, "backstride profile: no profile stored (use 'backstride profile set')\n");
    return EXIT_FOUND;
  }
  if (g->json) {
    bks_buf b;
    bks_buf_init(&b);
    bks_json w;
    bks_json_init(&w, &b);
    bks_json_profile_changes(&w, &p, ch, nch);
    int ex = cli_json_print(C, &w, &b, stdout);
    bks_buf_deinit(&b);
    free(ch);
    return ex;
  }
  char when[96];
  printf("mass       %g kg%s\n", p.mass_kg, changed(ch, nch, "mass_kg", when, sizeof when));
  printf("height     %g m%s\n", p.height_m, changed(ch, nch, "height_m", when, sizeof when));
  printf("age        %g%s\n", p.age_y, changed(ch, nch, "age_y", when, sizeof when));
  printf("sex        %c%s\n", p.sex, changed(ch, nch, "sex", when, sizeof when));
  printf("BMI        %.1f\n", p.mass_kg / (p.height_m * p.height_m));
  printf("conditions");
  int any = 0;
  for (int i = 0; i < BKS_NCONDITIONS; i++) {
    if (p.conditions & (1u << i)) {
      printf(" %s", bks_condition_name(i));
      any = 1;
    }
  }
  printf("%s%s\n", any ? "" : " none", changed(ch, nch, "conditions", when, sizeof when));
  printf("experience ");
  opt_num(p.experience_y, " years of running", "not given");
  printf("%s\n", changed(ch, nch, "experience_y", when, sizeof when));
  printf("routine    ");
  opt_num(p.runs_per_week, " runs, ", "? runs, ");
  opt_num(p.weekly_minutes, " min, ", "? min, ");
  opt_num(p.weekly_km, " km, ", "? km, ");
  opt_num(p.strength_per_week, " strength/core sessions a week", "? strength/core sessions a week");
  printf("\n");
  printf("time zone  %s%s\n", p.tz[0] ? p.tz : "the system's (not set)",
         changed(ch, nch, "tz", when, sizeof when));
  printf("units      %s%s\n", p.units[0] ? p.units : "km (not set)",
         changed(ch, nch, "units", when, sizeof when));
  free(ch);
  return EXIT_OK;
}

const cli_cmd cli_profile_cmd = {
    "profile", cmd_profile,
    "show or set the runner's profile (body, conditions, experience, weekly routine)",
    "usage: backstride profile [--json]\n"
    "       backstride profile set [--mass KG] [--height M] [--age Y] [--sex f|m]\n"
    "                              [--condition C]... [--no-condition C]... [--conditions LIST|none]\n"
    "                              [--experience-years Y] [--runs-per-week N] [--weekly-km KM]\n"
    "                              [--weekly-minutes MIN] [--strength-per-week N]\n"
    "                              [--tz ZONE|system] [--units km|mi]\n\n"
    "'profile set' changes only the fields it is given and keeps the rest; the first one needs\n"
    "--mass, --height, --age and --sex. --sex takes f, m, female or male, in any case.\n"
    "Conditions: herniated_disc, past_back_pain, osteoporosis, pregnancy, spinal_surgery.\n"
    "--condition adds one, --no-condition removes one, --conditions sets the whole list\n"
    "(comma-separated, or 'none'). Each condition removes the exercises it rules out from every\n"
    "plan.\n"
    "--tz is the runner's time zone (an IANA name such as Europe/London), which decides where\n"
    "each day begins; 'system' uses the computer's. --units chooses kilometres or miles.\n"
    "Experience and the weekly routine are optional (usual runs, minutes and km a week, and\n"
    "strength, core, Pilates or yoga sessions a week; 'none' clears one). The plan uses the routine's usual run\n"
    "(weekly minutes / runs) as its length cap when the library has no run in the last 28 days,\n"
    "and the findings show it beside the diary (the diary wins where both exist).\n"
    "Any combination is accepted (unusual ones get a note on stderr). 'profile' shows every\n"
    "field with when and from where it last changed. Decimals are accepted everywhere.\n"
    "Exit: 0 ok; 1 no profile stored (profile); 64 bad arguments.\n"};
