// backstride — every allocation the library makes goes through these, so that a test can make the
// Nth one fail and check that each entry point then returns BKS_E_NOMEM cleanly, with nothing
// leaked and nothing stored half (SQLite's fault simulation: tests/unit/test_oom.c). The memory
// always comes from the C library: free it with free(). The streaming core allocates nothing.
#ifndef BKS_ALLOC_H
#define BKS_ALLOC_H

#include <stddef.h>

#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

BKS_API void *bks_malloc(size_t n);
BKS_API void *bks_calloc(size_t n, size_t size);
BKS_API void *bks_realloc(void *p, size_t n);
/** A copy of `s` (NULL when out of memory). */
BKS_API char *bks_strdup(const char *s);

/**
 * For tests: after `n` more allocations succeed, every later one fails (returns NULL) until the
 * next call; n < 0 turns failing off (the default). Process-wide and thread-safe; a program never
 * calls it.
 */
BKS_API void bks_alloc_fail_after(long n);

/** For tests: 1 when an allocation has failed since the last bks_alloc_fail_after. */
BKS_API int bks_alloc_failed(void);

#ifdef __cplusplus
}
#endif

#endif
