// Shared command-line helpers: whole-file input and JSON output.
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backstride/jsnum.h"
#include "cli.h"

int cli_file_open(const char *path, cli_file *f) {
  memset(f, 0, sizeof *f);
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    fprintf(stderr, "%s: cannot open: %s\n", path, strerror(errno));
    return EXIT_NOINPUT;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    fprintf(stderr, "%s: cannot open: not a regular file\n", path);
    close(fd);
    return EXIT_NOINPUT;
  }
  f->size = (size_t)st.st_size;
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
    fprintf(stderr, "%s: read error\n", path);
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
