// backstride profile [set]: the runner's mass, height, age, sex and conditions (DESIGN.md
// contract), with experience and weekly routine (schema 4). `set` never refuses a combination: odd
// ones get a note on stderr.
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "backstride/coach.h"
#include "backstride/app.h"
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

static int cmd_profile(const cli_global *g, int argc, char **argv) {
  const char *C = "profile";
  if (argc >= 2 && strcmp(argv[1], "set") == 0) {
    const char *S = "profile set";
    bks_profile p;
    bks_profile_init(&p);
    p.set = 1;
    // the routine's options: name, field, largest sensible value (a typo guard, not a judgement)
    const routine_opt routine[] = {{"--experience-years", &p.experience_y, 80},
                                   {"--runs-per-week", &p.runs_per_week, 21},
                                   {"--weekly-km", &p.weekly_km, 500},
                                   {"--weekly-minutes", &p.weekly_minutes, 3000},
                                   {"--strength-per-week", &p.strength_per_week, 21}};
    for (int i = 2; i < argc; i++) {
      const char *v;
      int r;
      double *num = NULL;
      const char *opt = argv[i];
      if ((r = lcli_option(S, "--mass", argc, argv, &i, &v)) != 0) {
        num = &p.mass_kg;
        opt = "--mass";
      } else if ((r = lcli_option(S, "--height", argc, argv, &i, &v)) != 0) {
        num = &p.height_m;
        opt = "--height";
      } else if ((r = lcli_option(S, "--age", argc, argv, &i, &v)) != 0) {
        num = &p.age_y;
        opt = "--age";
      } else if ((r = routine_option(S, routine, sizeof routine / sizeof routine[0], argc, argv, &i,
                                     &num, &opt, &v)) != 0) {
        // the number is read below
      } else if ((r = lcli_option(S, "--sex", argc, argv, &i, &v)) != 0) {
        if (r < 0) return EXIT_USAGE;
        if (strcmp(v, "f") != 0 && strcmp(v, "m") != 0) {
          return cli_usage_error(S, "--sex must be f or m, not '%s'", v);
        }
        p.sex = v[0];
        continue;
      } else if ((r = lcli_option(S, "--condition", argc, argv, &i, &v)) != 0) {
        if (r < 0) return EXIT_USAGE;
        unsigned c = bks_condition_parse(v);
        if (!c) {
          const char *names[BKS_NCONDITIONS];
          for (int k = 0; k < BKS_NCONDITIONS; k++) names[k] = bks_condition_name(k);
          return cli_unknown_word(S, "condition", v, names, BKS_NCONDITIONS);
        }
        p.conditions |= c;
        continue;
      } else {
        return cli_unknown_arg(&cli_profile_cmd, S, argv[i]);
      }
      if (r < 0) return EXIT_USAGE;
      if (lcli_number(S, opt, v, num)) return EXIT_USAGE;
    }
    if (!(p.mass_kg == p.mass_kg) || !(p.height_m == p.height_m) || !(p.age_y == p.age_y) ||
        !p.sex) {
      return cli_usage_error(S, "needs --mass KG --height M --age Y --sex f|m");
    }
    if (p.mass_kg < 20 || p.mass_kg > 400) {
      return cli_usage_error(S, "--mass %g kg is outside 20-400 kg", p.mass_kg);
    }
    if (p.height_m > 3 && p.height_m <= 300) {
      return cli_usage_error(S, "--height is in metres (%g looks like centimetres: try %g)",
                             p.height_m, p.height_m / 100);
    }
    if (p.height_m < 0.8 || p.height_m > 2.6) {
      return cli_usage_error(S, "--height %g m is outside 0.8-2.6 m", p.height_m);
    }
    if (p.age_y < 5 || p.age_y > 120) {
      return cli_usage_error(S, "--age %g is outside 5-120 years", p.age_y);
    }
    for (size_t k = 0; k < sizeof routine / sizeof routine[0]; k++) {
      double x = *routine[k].num;
      if (x == x && (x < 0 || x > routine[k].max)) {
        return cli_usage_error(S, "%s %g is outside 0-%g", routine[k].opt, x, routine[k].max);
      }
    }
    // unusual routines are stored as given, with a note
    if (!g->quiet) routine_notes(&p);
    // never rejected: combinations only warn
    if (!g->quiet && (p.conditions & BKS_COND_PREGNANCY) && p.sex == 'm') {
      fprintf(stderr, "backstride profile: note: pregnancy with sex m stored as given\n");
    }
    if (!g->quiet && (p.conditions & BKS_COND_PREGNANCY)) {
      fprintf(stderr, "backstride profile: note: during pregnancy, exercises lying on the back or "
                      "front and deep twists are left out of the plan\n");
    }
    bks_store *s;
    int rc = cli_store_open(g, 0, &s);
    if (rc) return rc;
    if (bks_library_profile_set(s, &p) < 0) return coach_db_error(s);
    bks_library_close(s);
    if (g->json) {
      bks_buf b;
      bks_buf_init(&b);
      bks_json w;
      bks_json_init(&w, &b);
      bks_json_obj_begin(&w);
      bks_json_kv_bool(&w, "stored", 1);
      bks_json_obj_end(&w);
      int ex = cli_json_print(S, &w, &b, stdout);
      bks_buf_deinit(&b);
      return ex;
    } else if (!g->quiet) {
      fprintf(stderr, "profile stored\n");
    }
    return EXIT_OK;
  }
  if (argc > 1 && argv[1][0] != '-') {
    static const char *const subs[] = {"set"};
    return cli_unknown_word(C, "subcommand", argv[1], subs, 1);
  }
  if (argc > 1) return cli_unknown_arg(&cli_profile_cmd, NULL, argv[1]);
  bks_store *s;
  int rc = cli_store_open(g, BKS_LIBRARY_NOCREATE, &s);
  if (rc) return rc;
  bks_profile p = {0};
  if (s && bks_library_profile_get(s, &p) < 0) return coach_db_error(s);
  bks_library_close(s);
  if (!p.set) {
    if (g->json) cli_json_print_null(C, stdout);
    fprintf(stderr, "backstride profile: no profile stored (use 'backstride profile set')\n");
    return EXIT_FOUND;
  }
  double bmi = p.mass_kg / (p.height_m * p.height_m);
  if (g->json) {
    bks_buf b;
    bks_buf_init(&b);
    bks_json w;
    bks_json_init(&w, &b);
    bks_json_profile(&w, &p);
    int ex = cli_json_print(C, &w, &b, stdout);
    bks_buf_deinit(&b);
    return ex;
  } else {
    printf("mass %g kg, height %g m, age %g, sex %c, BMI %.1f\nconditions:", p.mass_kg, p.height_m,
           p.age_y, p.sex, bmi);
    int any = 0;
    for (int i = 0; i < BKS_NCONDITIONS; i++) {
      if (p.conditions & (1u << i)) {
        printf(" %s", bks_condition_name(i));
        any = 1;
      }
    }
    printf("%s\n", any ? "" : " none");
    printf("experience: ");
    opt_num(p.experience_y, " years of running\n", "not given\n");
    printf("weekly routine: ");
    opt_num(p.runs_per_week, " runs, ", "? runs, ");
    opt_num(p.weekly_minutes, " min, ", "? min, ");
    opt_num(p.weekly_km, " km, ", "? km, ");
    opt_num(p.strength_per_week, " strength/core sessions\n", "? strength/core sessions\n");
  }
  return EXIT_OK;
}

const cli_cmd cli_profile_cmd = {
    "profile", cmd_profile,
    "show or set the runner's profile (body, conditions, experience, weekly routine)",
    "usage: backstride profile [--json]\n"
    "       backstride profile set --mass KG --height M --age Y --sex f|m [--condition C]...\n"
    "                              [--experience-years Y] [--runs-per-week N] [--weekly-km KM]\n"
    "                              [--weekly-minutes MIN] [--strength-per-week N]\n\n"
    "Conditions: herniated_disc, past_back_pain, osteoporosis, pregnancy, spinal_surgery.\n"
    "Experience and the weekly routine are optional (usual runs, minutes and km a week, and\n"
    "strength, core, Pilates or yoga sessions a week). The plan uses the routine's usual run\n"
    "(weekly minutes / runs) as its length cap when the library has no run in the last 28 days,\n"
    "and the findings show it beside the diary (the diary wins where both exist).\n"
    "Any combination is accepted (unusual ones get a note on stderr); each condition removes the\n"
    "exercises it rules out from every plan. Decimals are accepted everywhere.\n"
    "Exit: 0 ok; 1 no profile stored (profile); 64 bad arguments.\n"};
