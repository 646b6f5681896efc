// The coach commands (cli/cmd_coach.c): profile, log, shoes, screen, exercises, findings, plan.
#ifndef BKS_COACH_CLI_H
#define BKS_COACH_CLI_H

#include "cli.h"

extern const cli_cmd cli_profile_cmd;
extern const cli_cmd cli_log_cmd;
extern const cli_cmd cli_shoes_cmd;
extern const cli_cmd cli_screen_cmd;
extern const cli_cmd cli_exercises_cmd;
extern const cli_cmd cli_findings_cmd;
extern const cli_cmd cli_plan_cmd;

#endif
