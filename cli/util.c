// Shared command-line helpers: help and usage errors, whole-file input and JSON output.
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backstride/buf.h"
#include "backstride/fit.h"
#include "backstride/jsnum.h"
#include "backstride/json.h"
#include "cli.h"
#include "suggest.h"

int cli_help(const cli_cmd *cmd) {
  fputs(cmd->usage, stdout);
  return EXIT_OK;
}

//---- Errors, and the JSON error object ----

static char last_error[1024]; // the last error message printed (the JSON error object's message)
static int output_started;    // something went to stdout (then no JSON error object follows)

void cli_err(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(last_error, sizeof last_error, fmt, ap);
  va_end(ap);
  fprintf(stderr, "%s\n", last_error);
}

int cli_usage_error(const char *name, const char *fmt, ...) {
  va_list ap;
  const char *sep = name && name[0] ? " " : "";
  if (!name) name = "";
  int n = snprintf(last_error, sizeof last_error, "backstride%s%s: ", sep, name);
  va_start(ap, fmt);
  if (n > 0 && (size_t)n < sizeof last_error) {
    vsnprintf(last_error + n, sizeof last_error - (size_t)n, fmt, ap);
  }
  va_end(ap);
  fprintf(stderr, "%s\n(see 'backstride%s%s --help')\n", last_error, sep, name);
  return EXIT_USAGE;
}

void cli_output_started(void) { output_started = 1; }

int cli_finish(const cli_global *g, int ex) {
  if (!g->json || ex == EXIT_OK || ex == EXIT_FOUND || output_started) return ex;
  // a message no cli_err recorded: say what the exit code means
  const char *msg = last_error;
  if (!msg[0]) {
    msg = ex == EXIT_USAGE      ? "usage error"
          : ex == EXIT_DATAERR  ? "bad input data"
          : ex == EXIT_NOINPUT  ? "input cannot be opened"
          : ex == EXIT_SOFTWARE ? "internal error"
          : ex == EXIT_IOERR    ? "I/O error"
                                : "error";
  }
  bks_buf b;
  bks_buf_init(&b);
  bks_json w;
  bks_json_init(&w, &b);
  bks_json_obj_begin(&w);
  bks_json_key(&w, "error");
  bks_json_obj_begin(&w);
  bks_json_kv_int(&w, "code", ex);
  bks_json_kv_str(&w, "message", msg);
  bks_json_obj_end(&w);
  bks_json_obj_end(&w);
  if (bks_json_finish(&w) == BKS_OK && bks_buf_append(&b, "\n", 1) == BKS_OK) {
    fwrite(b.data, 1, b.len, stdout);
  }
  bks_buf_deinit(&b);
  return ex;
}

//---- Unknown words: "did you mean" ----

void cli_hint(char *buf, size_t sz, const char *word, const char *const *cands, size_t n) {
  const char *s = cli_suggest(word, cands, n);
  if (s && strcmp(s, word) != 0) {
    snprintf(buf, sz, "did you mean '%s'?", s);
  } else if (sz) {
    buf[0] = '\0';
  }
}

void cli_list(char *buf, size_t sz, const char *const *words, size_t n) {
  size_t len = 0;
  if (sz) buf[0] = '\0';
  for (size_t i = 0; i < n && words[i]; i++) {
    int k = snprintf(buf + len, sz - len, "%s%s", i ? ", " : "", words[i]);
    if (k < 0 || (size_t)k >= sz - len) break;
    len += (size_t)k;
  }
}

// synonyms people type for an option that has another name here; suggested only when the
// command has the option meant
static const char *const option_synonyms[][2] = {
    {"--weight", "--mass"},    {"--body-weight", "--mass"}, {"--bodyweight", "--mass"},
    {"--body-mass", "--mass"}, {"--kg", "--mass"},          {"--stature", "--height"},
    {"--output", "--out"},     {"--dir", "--out"},          {"--file", "--imu"}};

enum { MAX_OPTIONS = 96 };

// the options a help text names ("--mass", "--lean-deg", ...) and the global ones
static size_t options_of(const cli_cmd *cmd, char names[][40], const char **list) {
  static const char *const global[] = {"--db", "--json", "--quiet", "--help", "--version"};
  size_t n = 0;
  for (size_t k = 0; k < sizeof global / sizeof global[0]; k++) list[n++] = global[k];
  for (const char *p = cmd ? cmd->usage : ""; (p = strstr(p, "--")) != NULL && n < MAX_OPTIONS;) {
    const char *q = p + 2;
    while ((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '-') q++;
    size_t len = (size_t)(q - p);
    if (len > 2 && len < 40) {
      char *dst = names[n];
      memcpy(dst, p, len);
      dst[len] = '\0';
      int seen = 0;
      for (size_t k = 0; k < n; k++) seen |= strcmp(list[k], dst) == 0;
      if (!seen) list[n++] = dst;
    }
    p = q;
  }
  return n;
}

int cli_unknown_arg(const cli_cmd *cmd, const char *where, const char *arg) {
  const char *name = where ? where : cmd->name;
  if (arg[0] != '-' || arg[1] == '\0') {
    return cli_usage_error(name, "unexpected argument '%s'", arg);
  }
  // --name=value: the name is what was not known
  char opt[CLI_WORD_MAX];
  snprintf(opt, sizeof opt, "%.*s", (int)strcspn(arg, "="), arg);
  static char names[MAX_OPTIONS][40];
  const char *list[MAX_OPTIONS];
  size_t n = options_of(cmd, names, list);
  const char *meant = NULL;
  for (size_t k = 0; k < sizeof option_synonyms / sizeof option_synonyms[0] && !meant; k++) {
    if (strcmp(opt, option_synonyms[k][0]) != 0) continue;
    for (size_t j = 0; j < n; j++) {
      if (strcmp(list[j], option_synonyms[k][1]) == 0) meant = list[j];
    }
  }
  if (!meant) meant = cli_suggest(opt, list, n);
  if (meant && strcmp(meant, opt) != 0) {
    return cli_usage_error(name, "unknown option '%s' (did you mean '%s'?)", arg, meant);
  }
  return cli_usage_error(name, "unknown option '%s'", arg);
}

int cli_unknown_word(const char *name, const char *what, const char *word, const char *const *words,
                     size_t n) {
  char hint[CLI_WORD_MAX + 32], list[1024];
  cli_hint(hint, sizeof hint, word, words, n);
  cli_list(list, sizeof list, words, n);
  return cli_usage_error(name, "unknown %s '%s' (%s%sknown: %s)", what, word, hint,
                         hint[0] ? " " : "", list);
}

int cli_file_open(const char *path, cli_file *f) {
  memset(f, 0, sizeof *f);
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    cli_err("%s: cannot open: %s", path, strerror(errno));
    return EXIT_NOINPUT;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    cli_err("%s: cannot open: not a regular file", path);
    close(fd);
    return EXIT_NOINPUT;
  }
  f->size = (size_t)st.st_size;
  f->mtime = (int64_t)st.st_mtime;
  if (f->size == 0) {
    close(fd);
    f->data = (const uint8_t *)"";
    return 0;
  }
  void *p = mmap(NULL, f->size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (p != MAP_FAILED) {
    close(fd);
    f->data = p;
    f->mapped = 1;
    return 0;
  }
  // not mappable (a pipe or special file system): read it instead
  uint8_t *buf = malloc(f->size);
  size_t got = 0;
  while (buf && got < f->size) {
    ssize_t r = read(fd, buf + got, f->size - got);
    if (r <= 0) break;
    got += (size_t)r;
  }
  close(fd);
  if (!buf || got != f->size) {
    free(buf);
    cli_err("%s: read error", path);
    return EXIT_IOERR;
  }
  f->data = buf;
  return 0;
}

void cli_file_close(cli_file *f) {
  if (f->mapped) {
    munmap((void *)f->data, f->size);
  } else if (f->size) {
    free((void *)f->data);
  }
  memset(f, 0, sizeof *f);
}

void cli_json_str(FILE *out, const char *s, size_t n) {
  putc('"', out);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '"':
      fputs("\\\"", out);
      break;
    case '\\':
      fputs("\\\\", out);
      break;
    case '\n':
      fputs("\\n", out);
      break;
    case '\r':
      fputs("\\r", out);
      break;
    case '\t':
      fputs("\\t", out);
      break;
    default:
      if (c < 0x20) {
        fprintf(out, "\\u%04x", c);
      } else {
        putc(c, out);
      }
    }
  }
  putc('"', out);
}

void cli_json_num(FILE *out, double x) {
  // JSON has no NaN or infinity; JavaScript's JSON.stringify prints them as null
  if (!isfinite(x)) {
    fputs("null", out);
    return;
  }
  char b[BKS_JSNUM_MAX];
  size_t n = bks_jsnum_format(x, b);
  fwrite(b, 1, n, out);
}

static void ignore_mesg(const bks_fit_mesg *m, void *ctx) {
  (void)m;
  (void)ctx;
}

int cli_fit_decode_file(bks_fit_decoder *d, const char *path,
                        void (*on_mesg)(const bks_fit_mesg *, void *), void *ctx, int *status,
                        uint64_t *bytes, char *err, size_t errsz) {
  char local[512];
  if (!err) err = local, errsz = sizeof local;
  err[0] = '\0';
  int ex = 0, fd = open(path, O_RDONLY);
  struct stat st;
  uint8_t *buf = NULL;
  int rc = BKS_MORE;
  *bytes = 0;
  if (fd < 0) {
    snprintf(err, errsz, "%s: cannot open: %s", path, strerror(errno));
    ex = EXIT_NOINPUT;
    goto done;
  }
  if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    snprintf(err, errsz, "%s: cannot open: a directory", path);
    ex = EXIT_NOINPUT;
    goto done;
  }
  // fixed chunks: memory does not grow with the file
  enum { CHUNK = 1 << 20 };
  if (!(buf = malloc(CHUNK))) {
    snprintf(err, errsz, "%s: out of memory", path);
    ex = EXIT_SOFTWARE;
    goto done;
  }
  for (;;) {
    ssize_t got = read(fd, buf, CHUNK);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      snprintf(err, errsz, "%s: read error: %s", path, strerror(errno));
      ex = EXIT_IOERR;
      goto done;
    }
    if (got == 0) break;
    *bytes += (uint64_t)got;
    rc = bks_fit_decoder_feed_all(d, buf, (size_t)got, on_mesg ? on_mesg : ignore_mesg, ctx);
    if (rc < 0) break;
  }
  *status = rc < 0 ? rc : bks_fit_decoder_finish(d);
done:
  free(buf);
  if (fd >= 0) close(fd);
  if (ex && err == local) cli_err("%s", err);
  return ex;
}

const char *cli_term(const char *s, char *buf, size_t n) {
  size_t o = 0;
  const unsigned char *p = (const unsigned char *)(s ? s : "");
  if (!n) return buf;
  while (*p && o + 1 < n) {
    unsigned char c = *p;
    if (c < 0x20 || c == 0x7f) { // C0 controls and DEL
      buf[o++] = '?';
      p++;
    } else if (c == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) { // C1 controls in UTF-8
      buf[o++] = '?';
      p += 2;
    } else {
      // a whole UTF-8 sequence or nothing: never cut a character in two
      size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
      size_t k = 1;
      while (k < len && p[k]) k++;
      if (o + k + 1 > n) break;
      memcpy(buf + o, p, k);
      o += k;
      p += k;
    }
  }
  buf[o] = 0;
  return buf;
}

const char *cli_command_name = "";
