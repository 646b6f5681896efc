// backstride steps and live (cli/cmd_stream.c): IMU samples through the streaming core.
#ifndef BKS_STREAM_CLI_H
#define BKS_STREAM_CLI_H

#include "cli.h"

extern const cli_cmd cli_steps_cmd;
extern const cli_cmd cli_live_cmd;

#endif
