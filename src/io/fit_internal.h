// Internal state of the FIT decoder, shared by fit_decode.c (bytes) and fit_values.c (values).
#ifndef BKS_IO_FIT_INTERNAL_H
#define BKS_IO_FIT_INTERNAL_H

#include "backstride/fit.h"

// capacities of one decoded message; a definition can hold at most 255 fields of 255 bytes and
// 255 developer fields of 255 bytes, so these bound every legal message
#define FIT_MAX_PAYLOAD (255u * 255u * 2u)
#define FIT_MAX_FVALS 2048u
#define FIT_MAX_NUMS (1u << 18)
#define FIT_MAX_STR (FIT_MAX_PAYLOAD + 16u)
#define FIT_MAX_DEV_IDS 256u

enum {
  ST_FILE_START = 0, // expecting a file header's size byte
  ST_FILE_HEADER,
  ST_RECORD_HEADER,
  ST_DEF_FIXED,
  ST_DEF_FIELDS,
  ST_DEF_DEV,
  ST_DATA,
  ST_CRC
};

// a field of a definition, with what decoding it needs worked out once
// how a field's bytes become a value: a single element of a base type, or the general reader
enum {
  OP_GENERIC = 0, // strings, arrays, 64-bit types, sizes that are not one element
  OP_U8,
  OP_S8,
  OP_U16LE,
  OP_U16BE,
  OP_S16LE,
  OP_S16BE,
  OP_U32LE,
  OP_U32BE,
  OP_S32LE,
  OP_S32BE,
  OP_F32LE,
  OP_F32BE,
  OP_F64LE,
  OP_F64BE
};

// what else a planned field needs after its value is read
enum {
  PLAN_TRACK = 1,     // record where it is, for sub-fields, components and developer data
  PLAN_TIMESTAMP = 2, // field 253: the last full timestamp, for compressed headers
  PLAN_COMP = 4,      // has components to expand
  PLAN_ACCUM = 8      // accumulates
};

typedef struct bks_fit_plan {
  bks_fit_fval tmpl;         // the field value as decoded, but for its elements
  const bks_fit_field *prof; // NULL when the profile does not know the field
  double inv;                // the base type's invalid value
  double scale, offset;      // applied when `do_scale`
  uint16_t off;              // byte offset in the data message after its header byte
  uint8_t num, size, base;
  uint8_t op;       // OP_*
  uint8_t do_scale; // the profile's scale/offset apply to this field
  uint8_t is_array; // printed as an array
  uint8_t flags;    // PLAN_*
} bks_fit_plan;

typedef struct bks_fit_devplan {
  uint16_t off;
  uint8_t num, size, dev_index;
} bks_fit_devplan;

typedef struct bks_fit_local {
  uint8_t defined;
  uint8_t big_endian;
  uint8_t has_sub;   // some field has sub-fields
  uint8_t has_extra; // some field has components or accumulates, or the message is 206/207
  uint16_t global;
  const bks_fit_mesg_def *def;
  uint16_t nfields, ndev;
  uint32_t size; // bytes of a data message after its header byte
  uint16_t rawlen;
  uint8_t raw[5 + 3 * BKS_FIT_MAX_FIELDS + 3 * BKS_FIT_MAX_FIELDS]; // the definition's bytes
  bks_fit_plan fields[BKS_FIT_MAX_FIELDS];
  bks_fit_devplan dev[BKS_FIT_MAX_FIELDS];
} bks_fit_local;

// state of one accumulated field (keyed by message and field number)
typedef struct bks_fit_accum {
  uint16_t mesg;
  uint8_t field;
  double value, last;
} bks_fit_accum;

// an expanded target being built while components are expanded
typedef struct bks_fit_target {
  const bks_fit_field *field;
  uint32_t first; // first element in the number pool
  uint16_t count;
  uint16_t nraw; // raw values kept for further expansion of the target's own components
  double raw[8];
} bks_fit_target;

struct bks_fit_decoder {
  bks_fit_cfg cfg;
  int state;
  uint64_t pos;      // input offset of the first byte of the current unit
  uint64_t data_end; // input offset where the current file's records end and its CRC starts
  uint16_t crc;
  const uint8_t *span_start, *span_end; // consumed bytes of the caller's buffer not yet in `crc`
  uint8_t rec;                          // current record header byte
  unsigned unit;                        // size of the current unit
  unsigned def_nfields, def_ndev;
  unsigned files;
  int err;
  uint64_t err_off;
  char errmsg[160];
  unsigned warn[BKS_FIT_NWARN];

  uint32_t last_timestamp; // last full timestamp (FIT seconds), for compressed headers

  // developer data: registered developer_data_index values and field descriptions
  unsigned ndev_ids;
  uint8_t dev_ids[FIT_MAX_DEV_IDS];
  unsigned ndev;
  bks_fit_developer dev[BKS_FIT_MAX_DEV_DESCS];

  unsigned naccum;
  bks_fit_accum accum[BKS_FIT_MAX_ACCUM];

  bks_fit_local local[BKS_FIT_LOCAL_MESGS];

  // the message handed out, and the pools its fields point into
  bks_fit_mesg mesg;
  bks_fit_fval fv[FIT_MAX_FVALS];
  uint32_t nnum;
  bks_fit_num num[FIT_MAX_NUMS];
  double raw[FIT_MAX_NUMS]; // raw value of each element of `num` (before scale and offset)
  uint32_t serial;          // counts messages (16 bits), for `where`
  uint32_t where[256];      // serial << 16 | index of the native field value with that number
  uint32_t nstr;
  char str[FIT_MAX_STR];
  bks_fit_target targets[256];
  uint16_t queue[FIT_MAX_FVALS];

  size_t stash_len;
  uint8_t stash[1 + FIT_MAX_PAYLOAD + 16];
};

// Work out how to decode the field planned in `pl` (prof, size and base are set) of message `global`.
void bks__fit_plan_field(bks_fit_plan *pl, unsigned global, int big_endian);

// Decode the data message `p` (header byte first) found at input offset `off`. Returns BKS_ITEM
// when the message is ready for the caller, BKS_OK when it was consumed internally, or an error.
int bks__fit_data_message(bks_fit_decoder *d, const uint8_t *p, uint64_t off);

#endif
