// backstride command line: what every subcommand shares.
#ifndef BKS_CLI_H
#define BKS_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "backstride/status.h"

// exit codes (DESIGN.md; sysexits.h values)
enum {
  EXIT_OK = 0,
  EXIT_FOUND = 1,     // done, but something failed or was found that the output explains
  EXIT_USAGE = 64,    // usage error
  EXIT_DATAERR = 65,  // bad input data
  EXIT_NOINPUT = 66,  // input cannot be opened
  EXIT_SOFTWARE = 70, // internal error
  EXIT_IOERR = 74     // I/O error
};

// options accepted before or after any subcommand
typedef struct cli_global {
  const char *db; // --db PATH (NULL: the XDG default)
  int json;       // --json
  int quiet;      // --quiet
  int help;       // --help
} cli_global;

// a subcommand: `argv[0]` is its name; global options are already removed
typedef struct cli_cmd {
  const char *name;
  int (*run)(const cli_global *g, int argc, char **argv);
  const char *summary; // one line for the command list
  const char *usage;   // full --help text
} cli_cmd;

// print `cmd`'s help to stdout and return EXIT_OK
int cli_help(const cli_cmd *cmd);

// print "backstride NAME: message" and a pointer to --help on stderr; returns EXIT_USAGE. NAME
// may be a command and its subcommand ("log pain"); NULL or "" for backstride itself.
int cli_usage_error(const char *name, const char *fmt, ...) BKS_PRINTF(2, 3);

//---- Unknown words: "did you mean" (the distance is cli/suggest.h's) ----

// longest word a message quotes whole
#define CLI_WORD_MAX 128

// "did you mean 'X'?" into `buf` when a word of `cands` is close to `word`, else ""
void cli_hint(char *buf, size_t sz, const char *word, const char *const *cands, size_t n);

// the first `n` words (fewer at a NULL) joined by ", " into `buf` (cut at `sz`)
void cli_list(char *buf, size_t sz, const char *const *words, size_t n);

// Usage error for an argument of `cmd` it does not know: "backstride WHERE: unknown option '--x'
// (did you mean '--y'?)" for an option (close options are those the help text names, the global
// ones, and a few documented synonyms such as --weight for --mass), "unexpected argument 'x'"
// otherwise. `where` names the subcommand ("log pain"); NULL for `cmd` itself. Returns EXIT_USAGE.
int cli_unknown_arg(const cli_cmd *cmd, const char *where, const char *arg);

// Usage error for a word outside a vocabulary: "backstride NAME: unknown WHAT 'word' (did you mean
// 'x'? known: a, b, c)". Returns EXIT_USAGE.
int cli_unknown_word(const char *name, const char *what, const char *word, const char *const *words,
                     size_t n);

//---- Text from files and people, on a terminal ----

/**
 * `s` made safe to print on a terminal: control characters (C0, DEL and the C1 range U+0080-U+009F,
 * which can set a terminal's title or move the cursor) become '?'. Returns `buf` (`n` bytes, cut
 * at a character boundary).
 */
const char *cli_term(const char *s, char *buf, size_t n);

//---- Errors, and the JSON error object (DESIGN.md "Command line (contracts)") ----

// The command being run ("log", "shoes"...; "" before one is chosen), set by main: messages of
// shared helpers name it.
extern const char *cli_command_name;

// Print the message (printf-style, no newline) and a newline on stderr, and keep it as the message
// of the JSON error object. Every error that ends a command goes through here or cli_usage_error.
void cli_err(const char *fmt, ...) BKS_PRINTF(1, 2);

// Note that the command has written to stdout (a JSON document, or JSON Lines as fit dump and
// steps print them): then cli_finish adds nothing, so stdout stays what was printed.
void cli_output_started(void);

// With --json, when `ex` is neither 0 nor 1 and nothing went to stdout, print
// {"error": {"code": EX, "message": "..."}} (the last message of cli_err or cli_usage_error, one
// line) on stdout. Returns `ex`.
int cli_finish(const cli_global *g, int ex);

//---- Numbers in text output (JSON keeps full precision) ----

// room for any text cli_sig writes
#define CLI_SIG_MAX 48

// `x` rounded to `sig` significant digits as plain decimal text, never an exponent: 176369.8 ->
// "176000", 2.0434 -> "2.04", 0.15612 -> "0.156". A value that rounds to 0 at 4 decimals (a
// modelled 0 such as 3.49e-29) prints "0", never "-0"; NaN and infinities print "-". Returns buf.
const char *cli_sig(char buf[CLI_SIG_MAX], double x, int sig);

// A whole file in memory (mapped when possible). Returns 0, or an exit code after printing why.
typedef struct cli_file {
  const uint8_t *data;
  size_t size;
  int mapped;
  int64_t mtime; // last modification [Unix s]
} cli_file;
int cli_file_open(const char *path, cli_file *f);
void cli_file_close(cli_file *f);

// JSON printed piece by piece, for `fit dump` only (it must match Garmin's SDK byte for byte);
// every other command writes its JSON through the report layer's writer (backstride/json.h)
void cli_json_str(FILE *out, const char *s, size_t n);
void cli_json_num(FILE *out, double x);

// FIT decoding shared by the fit subcommands
typedef struct bks_fit_decoder bks_fit_decoder;
typedef struct bks_fit_mesg bks_fit_mesg;

// Decode the file at `path` in fixed-size chunks (memory does not grow with the file), calling
// `on_mesg` for each data message. Returns 0 with `*status` set to the decoder's final status
// (BKS_END for a complete file, else the error, whose text and offset `d` holds), or an exit
// code when the file cannot be opened or read: then the reason goes to `err` (or to stderr when
// `err` is NULL). `*bytes` gets the bytes read.
int cli_fit_decode_file(bks_fit_decoder *d, const char *path,
                        void (*on_mesg)(const bks_fit_mesg *m, void *ctx), void *ctx, int *status,
                        uint64_t *bytes, char *err, size_t errsz);

// print "FILE: offset N: reason" for the decoder's error on stderr
void cli_fit_report_error(const char *path, const bks_fit_decoder *d);

// backstride fit stats (cli/fit_stats.c)
int cli_fit_stats(const cli_global *g, int argc, char **argv);

// subcommands
int cmd_fit(const cli_global *g, int argc, char **argv);
extern const cli_cmd cli_fit_cmd;

#endif
