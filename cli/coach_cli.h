// The coach commands (cli/cmd_coach.c, cmd_profile.c): profile, log, shoes, screen, exercises, findings, plan;
// interventions (cli/cmd_interventions.c).
#ifndef BKS_COACH_CLI_H
#define BKS_COACH_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "backstride/coach.h"
#include "backstride/app.h"
#include "cli.h"

extern const cli_cmd cli_profile_cmd;
extern const cli_cmd cli_log_cmd;
extern const cli_cmd cli_shoes_cmd;
extern const cli_cmd cli_screen_cmd;
extern const cli_cmd cli_exercises_cmd;
extern const cli_cmd cli_findings_cmd;
extern const cli_cmd cli_plan_cmd;
extern const cli_cmd cli_interventions_cmd;
extern const cli_cmd cli_diary_cmd; // cli/cmd_diary.c

/** Print the store's error, close it and return EXIT_IOERR (cli/cmd_coach.c). */
int coach_db_error(bks_store *s);

#endif
