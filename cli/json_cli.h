// Printing a JSON document the report layer's writer (backstride/json.h) has built.
#ifndef BKS_JSON_CLI_H
#define BKS_JSON_CLI_H

#include <stdio.h>

#include "backstride/buf.h"
#include "backstride/json.h"

/**
 * Finish the document `w` wrote into `b`, then print `b` and a newline to `out`. Returns 0, or
 * EXIT_SOFTWARE after printing "backstride CMD: ..." on stderr when the writer failed (out of
 * memory or a serialiser's mistake: then nothing is printed), or EXIT_IOERR when `out` fails.
 * `b` is left for the caller to free or reuse.
 */
int cli_json_print(const char *cmd, bks_json *w, bks_buf *b, FILE *out);

/** Print the one-member object {"KEY": VALUE} and a newline to `out`, as cli_json_print does. */
int cli_json_print_kv_str(const char *cmd, const char *key, const char *value, FILE *out);

/** Print the document null and a newline to `out` (an answer that has nothing to show). */
int cli_json_print_null(const char *cmd, FILE *out);

#endif
