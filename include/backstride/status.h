// backstride — status codes shared by every module.
//
// One X-macro list produces the enum, bks_strerror() and bks_status_name(). Errors are negative
// (test with `rc < 0`); informational results are positive; BKS_OK is 0.
#ifndef BACKSTRIDE_STATUS_H
#define BACKSTRIDE_STATUS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BKS_STATUS_MAP(XX)                                                                         \
  XX(OK, 0, "success")                                                                             \
  XX(MORE, 1, "more input needed")                                                                 \
  XX(ITEM, 2, "an item is ready")                                                                  \
  XX(END, 3, "end of input")                                                                       \
  XX(E_INVAL, -1, "invalid argument")                                                              \
  XX(E_NOMEM, -2, "out of memory")                                                                 \
  XX(E_IO, -3, "input/output error")                                                               \
  XX(E_FORMAT, -4, "not this format")                                                              \
  XX(E_CORRUPT, -5, "corrupt data")                                                                \
  XX(E_CRC, -6, "checksum mismatch")                                                               \
  XX(E_UNSUPPORTED, -7, "unsupported feature")                                                     \
  XX(E_LIMIT, -8, "a size limit was exceeded")                                                     \
  XX(E_RANGE, -9, "value out of range")                                                            \
  XX(E_NUMERIC, -10, "numerical failure")                                                          \
  XX(E_DB, -11, "database error")                                                                  \
  XX(E_STATE, -12, "called in the wrong state")                                                    \
  XX(E_TRUNCATED, -13, "input ended early")                                                        \
  XX(E_OPEN, -14, "cannot open input")

// BKS_PRINTF(fmt, args): marks a printf-style function so that the compiler checks its format
// string against the arguments (`fmt` and `args` are 1-based parameter positions; `args` 0 for a
// va_list). Every printf-style helper carries it; -Wformat=2 then catches the rest.
#if defined(__GNUC__) || defined(__clang__)
#define BKS_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define BKS_PRINTF(fmt, args)
#endif

// BKS_API marks the public API. The layers are compiled with hidden visibility, so that in a
// shared build only these are exported; internal functions (bks__ prefix, private headers) and
// everything else stay inside.
#if defined(__GNUC__) || defined(__clang__)
#define BKS_API __attribute__((visibility("default")))
#else
#define BKS_API
#endif

typedef enum bks_status {
#define BKS__STATUS_ENUM(name, value, text) BKS_##name = (value),
  BKS_STATUS_MAP(BKS__STATUS_ENUM)
#undef BKS__STATUS_ENUM
} bks_status;

/** Return a short English description of status code `rc` ("unknown status" if not a code). */
BKS_API const char *bks_strerror(int rc);

/** Return the symbolic name of status code `rc` without the prefix (e.g. "E_CRC"). */
BKS_API const char *bks_status_name(int rc);

/** Write a message into a caller's `err` buffer of `err_sz` bytes (printf-style, cut to fit), as
 * the stateless functions that take `char *err, size_t err_sz` do. Nullable: err (then nothing). */
BKS_API void bks_set_err(char *err, size_t err_sz, const char *fmt, ...) BKS_PRINTF(3, 4);

#ifdef __cplusplus
}
#endif

#endif
