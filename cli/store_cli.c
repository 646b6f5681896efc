// Shared by the library commands: opening the library, dates and units.
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "backstride/activity.h"
#include "store_cli.h"

int cli_store_open(const cli_global *g, int flags, bks_store **s) {
  char path[4096];
  *s = NULL;
  if (g->db) {
    snprintf(path, sizeof path, "%s", g->db);
  } else if (bks_library_default_path(path, sizeof path) < 0) {
    cli_err("backstride: cannot tell where the library lives (neither XDG_DATA_HOME nor "
            "HOME is set): give --db PATH");
    return EXIT_USAGE;
  }
  struct stat st;
  if ((flags & BKS_LIBRARY_NOCREATE) && stat(path, &st) != 0 && errno == ENOENT) return 0;

  char err[768];
  int rc = bks_library_open(path, flags, s, err, sizeof err);
  if (rc == BKS_OK) return 0;
  cli_err("backstride: %s", err);
  switch (rc) {
  case BKS_E_FORMAT:
  case BKS_E_UNSUPPORTED:
    return EXIT_DATAERR;
  case BKS_E_NOMEM:
    return EXIT_SOFTWARE;
  default:
    return EXIT_IOERR;
  }
}

const char *cli_channel_units(int c) {
  switch (c) {
  case BKS_CH_DISTANCE:
  case BKS_CH_ALTITUDE:
  case BKS_CH_VERT_OSC:
  case BKS_CH_STEP_LENGTH:
    return "m";
  case BKS_CH_SPEED:
    return "m/s";
  case BKS_CH_GRADE:
    return "fraction";
  case BKS_CH_HEART_RATE:
    return "1/min";
  case BKS_CH_CADENCE:
    return "steps/min";
  case BKS_CH_GCT:
    return "s";
  case BKS_CH_VERT_RATIO:
  case BKS_CH_GCT_BALANCE:
    return "%";
  case BKS_CH_POWER:
    return "W";
  case BKS_CH_LAT:
  case BKS_CH_LON:
    return "deg";
  case BKS_CH_TEMPERATURE:
    return "degC";
  default:
    return "";
  }
}
