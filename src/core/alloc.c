// Allocation with fault injection (include/backstride/alloc.h). The countdown is one atomic: the
// importer allocates on two threads.
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/alloc.h"

static atomic_long countdown = -1; // allocations left before failing; < 0: never fail
static atomic_int failed;

// 1 when this allocation must fail
static int fail_now(void) {
  long left = atomic_load_explicit(&countdown, memory_order_relaxed);
  while (left >= 0) {
    if (left == 0) {
      atomic_store_explicit(&failed, 1, memory_order_relaxed);
      return 1;
    }
    if (atomic_compare_exchange_weak_explicit(&countdown, &left, left - 1, memory_order_relaxed,
                                              memory_order_relaxed)) {
      return 0;
    }
  }
  return 0;
}

void *bks_malloc(size_t n) { return fail_now() ? NULL : malloc(n); }

void *bks_calloc(size_t n, size_t size) { return fail_now() ? NULL : calloc(n, size); }

void *bks_realloc(void *p, size_t n) { return fail_now() ? NULL : realloc(p, n); }

char *bks_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = bks_malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}

void bks_alloc_fail_after(long n) {
  atomic_store_explicit(&failed, 0, memory_order_relaxed);
  atomic_store_explicit(&countdown, n, memory_order_relaxed);
}

int bks_alloc_failed(void) { return atomic_load_explicit(&failed, memory_order_relaxed); }
