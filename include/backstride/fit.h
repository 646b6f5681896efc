// backstride — streaming FIT decoder.
//
// Feed bytes in any chunking; the decoder yields fully decoded data messages (scale and offset
// applied, sub-fields and components expanded, accumulated fields rolled over, developer fields
// decoded from their field_description). It follows the decoding rules of Garmin's FIT SDK
// (@garmin/fitsdk 21.217.0) field for field, and goes on where that SDK stops on valid input
// (compressed-timestamp record headers, 64-bit values). The decode loop never allocates: the
// decoder is created once with room for the largest message FIT allows.
//
//     bks_fit_decoder *d;
//     bks_fit_decoder_new(NULL, &d);
//     while ((n = read_some(buf)) > 0) {
//       const uint8_t *p = buf;
//       while (n > 0) {
//         size_t used;
//         int rc = bks_fit_decoder_feed(d, p, n, &used);
//         p += used, n -= used;
//         if (rc == BKS_ITEM) handle(bks_fit_decoder_mesg(d));
//         else if (rc < 0) { report(bks_fit_decoder_errmsg(d)); goto out; }
//       }
//     }
//     rc = bks_fit_decoder_finish(d);  // BKS_END, or an error for a file that ended early
//     bks_fit_decoder_free(d);
#ifndef BACKSTRIDE_FIT_H
#define BACKSTRIDE_FIT_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/fit_profile.h"
#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

//---- Limits ----

#define BKS_FIT_LOCAL_MESGS 16    // local message numbers 0..15
#define BKS_FIT_MAX_FIELDS 255    // fields per definition (the format's own limit)
#define BKS_FIT_MAX_DEV_DESCS 256 // developer field descriptions held at once
#define BKS_FIT_DEV_NAME_MAX 64   // bytes kept of a developer field's name (with NUL)
#define BKS_FIT_DEV_UNITS_MAX 32  // bytes kept of a developer field's units (with NUL)
#define BKS_FIT_MAX_ACCUM 64      // accumulated fields tracked at once

//---- Decoded values ----

// what a decoded field is
enum {
  BKS_FIT_FV_NATIVE = 0, // a field of the message, known to the profile
  BKS_FIT_FV_SUB,        // a sub-field reading of a native field (printed beside its parent)
  BKS_FIT_FV_EXPANDED,   // a component expanded into a target field
  BKS_FIT_FV_TIMESTAMP,  // the timestamp of a compressed-timestamp record header
  BKS_FIT_FV_DEV,        // a developer field
  BKS_FIT_FV_UNKNOWN     // a field the profile does not know (raw value kept)
};

// how to read the elements of a decoded field's value
enum {
  BKS_FIT_VT_F64 = 0, // `f` (NaN marks an invalid element, printed as null)
  BKS_FIT_VT_I64,     // `i` (raw, never scaled; the base type's invalid value marks null)
  BKS_FIT_VT_U64,     // `u` (likewise)
  BKS_FIT_VT_STR      // a UTF-8 string: `str`, `len` bytes, not NUL-terminated
};

typedef union bks_fit_num {
  double f;
  int64_t i;
  uint64_t u;
} bks_fit_num;

typedef struct bks_fit_developer bks_fit_developer;

// One decoded field of a message. `kind` says which member of each union is set.
typedef struct bks_fit_fval {
  const bks_fit_field *field; // profile field (NATIVE, EXPANDED, TIMESTAMP; parent of SUB)
  union {
    const bks_fit_subfield *sub;  // the sub-field (SUB only)
    const bks_fit_developer *dev; // developer field description (DEV only)
  };
  union {
    const bks_fit_num *v; // elements (VT_F64/I64/U64)
    const char *str;      // VT_STR
  };
  uint32_t len;      // VT_STR
  uint16_t count;    // number of elements (0 only for a null value)
  uint8_t num;       // field definition number
  uint8_t kind;      // BKS_FIT_FV_*
  uint8_t vtype;     // BKS_FIT_VT_*
  uint8_t base_type; // base type the value was read with
  uint8_t is_array;  // print as an array even when count is 1
} bks_fit_fval;

// A developer field, as its field_description declared it.
struct bks_fit_developer {
  uint8_t dev_index;                 // developer_data_index
  uint8_t field_num;                 // field_definition_number
  uint8_t base_type;                 // fit_base_type_id & 0x1F
  uint8_t has_scale;                 // scale/offset were given
  double scale;                      // 1 when not given
  double offset;                     // 0 when not given
  uint16_t native_mesg;              // 0xFFFF when not given
  uint8_t native_field;              // 0xFF when not given
  char name[BKS_FIT_DEV_NAME_MAX];   // field_name ("" when missing)
  char units[BKS_FIT_DEV_UNITS_MAX]; // units ("" when missing)
};

// One decoded data message. Valid until the next call on the decoder that produced it.
typedef struct bks_fit_mesg {
  uint16_t num;                // global message number
  const bks_fit_mesg_def *def; // profile message, NULL when the profile does not know it
  uint64_t offset;             // byte offset of the record header from the start of the input
  unsigned nfields;
  const bks_fit_fval *fields; // in the order the reference decoder builds them
} bks_fit_mesg;

//---- Decoder ----

typedef struct bks_fit_decoder bks_fit_decoder;

typedef struct bks_fit_cfg {
  // stop with BKS_E_CRC when a file's CRC does not match (1, the default), or only count a
  // warning and go on (0)
  int check_crc;
  // go on after the first compressed-timestamp header (1, the default); 0 stops there with
  // BKS_E_UNSUPPORTED as Garmin's JavaScript SDK does
  int compressed_timestamps;
} bks_fit_cfg;

/** Fill `cfg` with the defaults. */
BKS_API void bks_fit_default_cfg(bks_fit_cfg *cfg);

/** Create a decoder. Returns BKS_OK or BKS_E_NOMEM. Nullable: cfg (defaults). */
BKS_API int bks_fit_decoder_new(const bks_fit_cfg *cfg, bks_fit_decoder **out);

/** Free a decoder. Nullable: d (then it does nothing). */
BKS_API void bks_fit_decoder_free(bks_fit_decoder *d);

/** Forget everything decoded so far and start a new input. */
BKS_API void bks_fit_decoder_reset(bks_fit_decoder *d);

/**
 * Feed `n` bytes. Sets `*consumed` to the number of bytes used. Returns BKS_ITEM when a data
 * message is ready (read it with bks_fit_decoder_mesg, then call again with the rest of the input),
 * BKS_MORE when all `n` bytes were used and more may follow, or a negative status (sticky until
 * reset) with a message from bks_fit_decoder_errmsg. Bytes that follow a complete FIT file start a
 * chained file.
 */
BKS_API int bks_fit_decoder_feed(bks_fit_decoder *d, const uint8_t *buf, size_t n,
                                 size_t *consumed);

/** Called with each data message by bks_fit_decoder_feed_all; `m` is valid during the call. */
typedef void (*bks_fit_mesg_cb)(const bks_fit_mesg *m, void *ctx);

/**
 * Feed `n` bytes and hand every data message in them to `on_mesg`. Returns BKS_MORE when all the
 * bytes were used, or a negative status (sticky) as bks_fit_decoder_feed does. The faster way to
 * decode a buffer: the decoder does not return between messages.
 */
BKS_API int bks_fit_decoder_feed_all(bks_fit_decoder *d, const uint8_t *buf, size_t n,
                                     bks_fit_mesg_cb on_mesg, void *ctx);

/**
 * Tell the decoder the input has ended. Returns BKS_END when it ended after a complete file,
 * BKS_E_TRUNCATED (or the sticky error) otherwise.
 */
BKS_API int bks_fit_decoder_finish(bks_fit_decoder *d);

/** The message made ready by the last BKS_ITEM. */
BKS_API const bks_fit_mesg *bks_fit_decoder_mesg(const bks_fit_decoder *d);

/** A message a person can act on, for the last error ("" when none). Owned by the decoder. */
BKS_API const char *bks_fit_decoder_errmsg(const bks_fit_decoder *d);

/** Byte offset of the last error from the start of the input. */
BKS_API uint64_t bks_fit_decoder_error_offset(const bks_fit_decoder *d);

/** Number of complete FIT files (header through CRC) decoded so far. */
BKS_API unsigned bks_fit_decoder_files(const bks_fit_decoder *d);

// anomalies that are counted, not fatal
enum {
  BKS_FIT_WARN_FIELD_SIZE = 0, // a field's size is not a multiple of its base type: value dropped
  BKS_FIT_WARN_DEV_UNDEFINED,  // a developer field without a field_description: skipped
  BKS_FIT_WARN_DEV_TABLE_FULL, // too many field_descriptions: later ones ignored
  BKS_FIT_WARN_ACCUM_FULL,     // too many accumulated fields: later ones not accumulated
  BKS_FIT_WARN_HEADER_CRC,     // a 14-byte header's CRC does not match
  BKS_FIT_WARN_CRC,            // a file CRC did not match (only with check_crc = 0)
  BKS_FIT_NWARN
};

/** How many times warning `w` (BKS_FIT_WARN_*) occurred. */
BKS_API unsigned bks_fit_decoder_warnings(const bks_fit_decoder *d, int w);

//---- Convenience ----

/** Look up a decoded field by profile name (also sub-field names). Returns NULL when absent. */
BKS_API const bks_fit_fval *bks_fit_mesg_get(const bks_fit_mesg *m, const char *name);

/** Name of a decoded field: profile, sub-field or developer name; NULL for unknown fields. */
BKS_API const char *bks_fit_fval_name(const bks_fit_fval *f);

/** Units of a decoded field ("" when none). */
BKS_API const char *bks_fit_fval_units(const bks_fit_fval *f);

/**
 * First element of a numeric field as a double; NaN when null, a string, or absent.
 * Nullable: f.
 */
BKS_API double bks_fit_fval_num(const bks_fit_fval *f);

/** FIT CRC-16 of `n` bytes, continuing from `crc` (start with 0). */
BKS_API uint16_t bks_fit_crc16(uint16_t crc, const uint8_t *buf, size_t n);

// seconds between the Unix epoch and the FIT epoch (1989-12-31T00:00:00Z)
#define BKS_FIT_EPOCH_UNIX 631065600

#ifdef __cplusplus
}
#endif

#endif
