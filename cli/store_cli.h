// What the library commands (import, runs, show, dev) share: opening the library named by --db,
// dates, channel units.
#ifndef BKS_STORE_CLI_H
#define BKS_STORE_CLI_H

#include <stdint.h>

#include "backstride/date.h"
#include "backstride/app.h"
#include "cli.h"

// the commands (cli/cmd_import.c, cmd_runs.c, cmd_show.c, cmd_dev.c)
extern const cli_cmd cli_import_cmd;
extern const cli_cmd cli_runs_cmd;
extern const cli_cmd cli_show_cmd;
extern const cli_cmd cli_dev_cmd;

// Open the library of --db (or the XDG default). Returns 0, or an exit code after printing why on
// stderr: 74 when it cannot be created or opened, 65 when the file is not a backstride library or
// a newer backstride wrote it. With BKS_LIBRARY_NOCREATE and no file there, returns 0 with `*s`
// NULL (a library nobody has imported into yet is an empty one).
int cli_store_open(const cli_global *g, int flags, bks_store **s);

// SI units of a channel as stored ("m", "1/min", "steps/min"...)
const char *cli_channel_units(int channel);

#endif
