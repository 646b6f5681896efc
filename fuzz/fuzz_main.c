// backstride — replay driver for fuzz targets built without libFuzzer.
//
// Gives any `LLVMFuzzerTestOneInput` a main() (stb's fuzz_main.c), so every fuzz target also runs
// as an ordinary regression test over its crash reproducers and over real files:
//
//     replay_fit [--ext fit,FIT] [--missing-ok | --skip-missing] PATH...
//
// Each PATH is a file or a directory; directories are walked recursively in sorted order and, when
// `--ext` is given, only files whose extension is in the list are taken (files named on the command
// line are always taken). Each file is read into a buffer of exactly its size and passed to the
// target once. A crash, a sanitizer report or a non-zero return from the target fails the run.
//
// Exit codes: 0 all inputs replayed; 1 the target returned non-zero or a file could not be read;
// 64 usage; 77 (CTest's skip) with --skip-missing when a PATH does not exist. With --missing-ok a
// missing PATH counts as empty. Arguments that look like libFuzzer flags (`-runs=1`) are ignored.
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

// optional initialiser, as libFuzzer calls it (weak, so targets need not define it)
#if defined(__GNUC__) || defined(__clang__)
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
#define BKS_HAVE_FUZZ_INIT 1
#endif

typedef struct replay {
  const char *exts; // comma-separated extensions without the dot, or NULL for all files
  size_t files;     // inputs replayed
  size_t bytes;     // bytes replayed
  size_t filtered;  // files under directories skipped by --ext
  size_t failures;  // unreadable files and non-zero returns
} replay;

// 1 when `path`'s extension (after the last dot of its last component) is in the list
static int ext_matches(const char *exts, const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr(base, '.');
  if (!dot || dot == base) return 0;
  const char *ext = dot + 1;
  size_t elen = strlen(ext);
  const char *p = exts;
  while (*p) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    if (len == elen && len > 0 && memcmp(p, ext, len) == 0) return 1;
    if (!comma) break;
    p = comma + 1;
  }
  return 0;
}

// read the whole file into a buffer of exactly its size (so that ASan sees any overread)
static int replay_file(replay *r, const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "replay: cannot open %s: %s\n", path, strerror(errno));
    r->failures++;
    return -1;
  }
  size_t cap = 1 << 16, n = 0;
  uint8_t *buf = malloc(cap);
  int ok = buf != NULL;
  while (ok) {
    if (n == cap) {
      if (cap > SIZE_MAX / 2) {
        ok = 0;
        break;
      }
      uint8_t *nb = realloc(buf, cap * 2);
      if (!nb) {
        ok = 0;
        break;
      }
      buf = nb;
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) {
      if (ferror(f)) ok = 0;
      break;
    }
  }
  fclose(f);
  if (!ok) {
    fprintf(stderr, "replay: cannot read %s\n", path);
    free(buf);
    r->failures++;
    return -1;
  }
  // exact-size copy: a read one past the end is a heap overflow under ASan
  uint8_t *exact = malloc(n ? n : 1);
  if (!exact) {
    fprintf(stderr, "replay: out of memory for %s (%zu bytes)\n", path, n);
    free(buf);
    r->failures++;
    return -1;
  }
  if (n) memcpy(exact, buf, n);
  free(buf);

  fprintf(stderr, "replay: %s (%zu bytes)\n", path, n);
  int rc = LLVMFuzzerTestOneInput(exact, n);
  free(exact);
  r->files++;
  r->bytes += n;
  if (rc != 0) {
    fprintf(stderr, "replay: %s: target returned %d\n", path, rc);
    r->failures++;
  }
  return 0;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_path(replay *r, const char *path, int top);

static int replay_dir(replay *r, const char *path) {
  DIR *dir = opendir(path);
  if (!dir) {
    fprintf(stderr, "replay: cannot open directory %s: %s\n", path, strerror(errno));
    r->failures++;
    return -1;
  }
  // collect, sort, then visit: the order is the same on every machine
  char **names = NULL;
  size_t count = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(dir)) != NULL) {
    if (e->d_name[0] == '.') continue; // ".", ".." and hidden files (.gitkeep)
    if (count == cap) {
      size_t ncap = cap ? cap * 2 : 64;
      char **nn = realloc(names, ncap * sizeof *nn);
      if (!nn) break;
      names = nn;
      cap = ncap;
    }
    size_t len = strlen(path) + 1 + strlen(e->d_name) + 1;
    char *full = malloc(len);
    if (!full) break;
    snprintf(full, len, "%s/%s", path, e->d_name);
    names[count++] = full;
  }
  closedir(dir);
  if (count) qsort(names, count, sizeof *names, cmp_names);
  for (size_t i = 0; i < count; i++) {
    replay_path(r, names[i], 0);
    free(names[i]);
  }
  free(names);
  return 0;
}

static int replay_path(replay *r, const char *path, int top) {
  struct stat st;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "replay: cannot stat %s: %s\n", path, strerror(errno));
    r->failures++;
    return -1;
  }
  if (S_ISDIR(st.st_mode)) return replay_dir(r, path);
  if (!S_ISREG(st.st_mode)) return 0;
  if (!top && r->exts && !ext_matches(r->exts, path)) {
    r->filtered++;
    return 0;
  }
  return replay_file(r, path);
}

static void usage(FILE *to) {
  fprintf(to, "usage: replay [--ext a,b] [--missing-ok | --skip-missing] PATH...\n");
}

int main(int argc, char **argv) {
  replay r = {0};
  int missing_ok = 0, skip_missing = 0;
  const char **paths = calloc((size_t)argc, sizeof *paths);
  size_t npaths = 0;
  if (!paths) return 70;

#ifdef BKS_HAVE_FUZZ_INIT
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
#endif

  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--ext") == 0) {
      if (++i >= argc) {
        usage(stderr);
        free(paths);
        return 64;
      }
      r.exts = argv[i];
    } else if (strncmp(a, "--ext=", 6) == 0) {
      r.exts = a + 6;
    } else if (strcmp(a, "--missing-ok") == 0) {
      missing_ok = 1;
    } else if (strcmp(a, "--skip-missing") == 0) {
      skip_missing = 1;
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
      usage(stdout);
      free(paths);
      return 0;
    } else if (a[0] == '-' && a[1] != '-' && a[1] != '\0') {
      // a libFuzzer flag such as -runs=1: meaningless here
    } else {
      paths[npaths++] = a;
    }
  }
  if (npaths == 0) {
    usage(stderr);
    free(paths);
    return 64;
  }

  clock_t t0 = clock();
  for (size_t i = 0; i < npaths; i++) {
    struct stat st;
    if (stat(paths[i], &st) != 0) {
      if (skip_missing) {
        fprintf(stderr, "replay: %s does not exist: skipped\n", paths[i]);
        free(paths);
        return 77;
      }
      if (missing_ok) {
        fprintf(stderr, "replay: %s does not exist: nothing to replay\n", paths[i]);
        continue;
      }
    }
    replay_path(&r, paths[i], 1);
  }
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  free(paths);

  printf("replay: %zu files, %zu bytes, %zu skipped by extension, %zu failures, %.2f s CPU\n",
         r.files, r.bytes, r.filtered, r.failures, secs);
  return r.failures ? 1 : 0;
}
