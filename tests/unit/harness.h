// backstride — a small unit-test harness.
//
//     BKS_TEST(crc_known_value) { BKS_CHECK_EQ_INT(bks_fit_crc16(0, p, n), 0x1234); }
//     BKS_TEST_MAIN(BKS_CASE(crc_known_value), BKS_CASE(...))
//
// The executable runs every case, or only the case named by its first argument. CMake adds one
// CTest test per BKS_TEST line (`ctest -R fit.crc_known_value`). A case may call BKS_SKIP("why")
// (exit code 77, CTest's skip) when something it needs, such as ../shared/data, is absent.
#ifndef BKS_TEST_HARNESS_H
#define BKS_TEST_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct bks_test_case {
  const char *name;
  void (*fn)(void);
} bks_test_case;

static int bks_test_failures;
static int bks_test_skipped;

#define BKS_TEST(name) static void name(void)
#define BKS_CASE(name)                                                                             \
  { #name, name }

#define BKS_CHECK(cond)                                                                            \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);                     \
      bks_test_failures++;                                                                         \
    }                                                                                              \
  } while (0)

#define BKS_CHECK_EQ_INT(a, b)                                                                     \
  do {                                                                                             \
    long long bks_a_ = (long long)(a), bks_b_ = (long long)(b);                                    \
    if (bks_a_ != bks_b_) {                                                                        \
      fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n", __FILE__, __LINE__, #a, #b,        \
              bks_a_, bks_b_);                                                                     \
      bks_test_failures++;                                                                         \
    }                                                                                              \
  } while (0)

#define BKS_CHECK_NEAR(a, b, tol)                                                                  \
  do {                                                                                             \
    double bks_a_ = (double)(a), bks_b_ = (double)(b);                                             \
    if (!(fabs(bks_a_ - bks_b_) <= (tol))) {                                                       \
      fprintf(stderr, "%s:%d: %s ~= %s failed: %.17g vs %.17g (tol %g)\n", __FILE__, __LINE__, #a, \
              #b, bks_a_, bks_b_, (double)(tol));                                                  \
      bks_test_failures++;                                                                         \
    }                                                                                              \
  } while (0)

#define BKS_CHECK_STR(a, b)                                                                        \
  do {                                                                                             \
    const char *bks_a_ = (a), *bks_b_ = (b);                                                       \
    if (!bks_a_ || !bks_b_ || strcmp(bks_a_, bks_b_) != 0) {                                       \
      fprintf(stderr, "%s:%d: %s == %s failed: \"%s\" vs \"%s\"\n", __FILE__, __LINE__, #a, #b,    \
              bks_a_ ? bks_a_ : "(null)", bks_b_ ? bks_b_ : "(null)");                             \
      bks_test_failures++;                                                                         \
    }                                                                                              \
  } while (0)

// stop the current case and report it skipped (exit code 77 when it is the only case run)
#define BKS_SKIP(why)                                                                              \
  do {                                                                                             \
    fprintf(stderr, "skipped: %s\n", (why));                                                       \
    bks_test_skipped++;                                                                            \
    return;                                                                                        \
  } while (0)

#define BKS_TEST_MAIN(...)                                                                         \
  int main(int argc, char **argv) {                                                                \
    static const bks_test_case cases[] = {__VA_ARGS__};                                            \
    size_t ncases = sizeof cases / sizeof cases[0], ran = 0;                                       \
    for (size_t i = 0; i < ncases; i++) {                                                          \
      if (argc > 1 && strcmp(argv[1], cases[i].name) != 0) continue;                               \
      cases[i].fn();                                                                               \
      ran++;                                                                                       \
    }                                                                                              \
    if (ran == 0) {                                                                                \
      fprintf(stderr, "no test case named %s\n", argc > 1 ? argv[1] : "(none)");                   \
      return 2;                                                                                    \
    }                                                                                              \
    if (bks_test_failures) return 1;                                                               \
    if (bks_test_skipped && (size_t)bks_test_skipped == ran) return 77;                            \
    return 0;                                                                                      \
  }

// path to ../shared/data as seen from the source tree, or NULL when absent
static inline const char *bks_test_shared_data(void) {
  const char *env = getenv("BKS_SHARED_DATA");
  if (env && *env) return env;
#ifdef BKS_SOURCE_DIR
  static char path[4096];
  snprintf(path, sizeof path, "%s/../shared/data", BKS_SOURCE_DIR);
  FILE *f = fopen(path, "r");
  if (f) {
    fclose(f);
    return path;
  }
#endif
  return NULL;
}

#endif
