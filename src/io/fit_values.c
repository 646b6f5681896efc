// FIT data message → values.
//
// Follows the order of Garmin's JavaScript SDK 21.217.0 (decoder.js): read the message's fields
// and developer fields, register developer data, expand sub-fields, expand components (with
// accumulation), then apply scale and offset. The rules that decide what is printed and what is
// dropped are the SDK's own; each one is named where it is applied.
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backstride/jsnum.h"
#include "fit_internal.h"

#define MESG_FIELD_DESCRIPTION 206
#define MESG_DEVELOPER_DATA_ID 207
#define FIELD_TIMESTAMP 253

static const uint8_t base_size[BKS_FIT_NBASE] = {1, 1, 1, 2, 2, 4, 4, 1, 4, 8, 1, 2, 4, 1, 8, 8, 8};

// invalid value of each base type, as the number the SDK compares a decoded value with
static const double base_invalid[BKS_FIT_NBASE] = {255.0,
                                                   127.0,
                                                   255.0,
                                                   32767.0,
                                                   65535.0,
                                                   2147483647.0,
                                                   4294967295.0,
                                                   0.0,
                                                   4294967295.0,
                                                   18446744073709551616.0,
                                                   0.0,
                                                   0.0,
                                                   0.0,
                                                   255.0,
                                                   9223372036854775807.0,
                                                   18446744073709551616.0,
                                                   0.0};

static const uint64_t base_invalid64[3] = {0x7FFFFFFFFFFFFFFFull, 0xFFFFFFFFFFFFFFFFull, 0};

void bks__fit_plan_field(bks_fit_plan *pl, unsigned global, int big) {
  unsigned bt = pl->base, bs = base_size[bt];
  const bks_fit_field *pf = pl->prof;
  pl->inv = base_invalid[bt];
  // SDK: isArray is the profile's flag, or (unknown field) more than one element
  pl->is_array = (uint8_t)(pf ? pf->array : pl->size > bs);
  pl->op = OP_GENERIC;
  pl->flags = pl->num == FIELD_TIMESTAMP ? PLAN_TIMESTAMP : 0;
  if (pl->size == bs) {
    switch (bt) {
    case BKS_FIT_ENUM:
    case BKS_FIT_UINT8:
    case BKS_FIT_UINT8Z:
    case BKS_FIT_BYTE:
      pl->op = OP_U8;
      break;
    case BKS_FIT_SINT8:
      pl->op = OP_S8;
      break;
    case BKS_FIT_UINT16:
    case BKS_FIT_UINT16Z:
      pl->op = big ? OP_U16BE : OP_U16LE;
      break;
    case BKS_FIT_SINT16:
      pl->op = big ? OP_S16BE : OP_S16LE;
      break;
    case BKS_FIT_UINT32:
    case BKS_FIT_UINT32Z:
      pl->op = big ? OP_U32BE : OP_U32LE;
      break;
    case BKS_FIT_SINT32:
      pl->op = big ? OP_S32BE : OP_S32LE;
      break;
    case BKS_FIT_FLOAT32:
      pl->op = big ? OP_F32BE : OP_F32LE;
      break;
    case BKS_FIT_FLOAT64:
      pl->op = big ? OP_F64BE : OP_F64LE;
      break;
    default:
      break; // strings and 64-bit values take the general path
    }
  }
  // SDK: scale and offset apply to fields of a numeric base type, never in the developer data
  // messages, and not when the profile gives several scales
  int special = global == MESG_FIELD_DESCRIPTION || global == MESG_DEVELOPER_DATA_ID;
  pl->scale = pf ? pf->scale : 1;
  pl->offset = pf ? pf->offset : 0;
  pl->do_scale = (uint8_t)(pf && !special && pf->kind == BKS_FIT_KIND_NUMERIC && !pf->multi_scale &&
                           (pf->scale != 1 || pf->offset != 0));
  // a single element decodes to this, with `v` pointing at it
  memset(&pl->tmpl, 0, sizeof pl->tmpl);
  pl->tmpl.field = pf;
  pl->tmpl.num = pl->num;
  pl->tmpl.kind = pf ? BKS_FIT_FV_NATIVE : BKS_FIT_FV_UNKNOWN;
  pl->tmpl.vtype = BKS_FIT_VT_F64;
  pl->tmpl.base_type = pl->base;
  pl->tmpl.is_array = pl->is_array;
  pl->tmpl.count = 1;
}

static uint32_t le32(const uint8_t *q) {
  return (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24;
}
static uint32_t be32(const uint8_t *q) {
  return (uint32_t)q[3] | (uint32_t)q[2] << 8 | (uint32_t)q[1] << 16 | (uint32_t)q[0] << 24;
}
static double f32(uint32_t u) {
  float f;
  memcpy(&f, &u, 4);
  return (double)f;
}
static double f64(uint64_t u) {
  double f;
  memcpy(&f, &u, 8);
  return f;
}

// one element for a planned single-element field
static double fast_elem(const uint8_t *q, unsigned op) {
  switch (op) {
  case OP_U8:
    return (double)q[0];
  case OP_S8:
    return (double)(int8_t)q[0];
  case OP_U16LE:
    return (double)(q[0] | (unsigned)q[1] << 8);
  case OP_U16BE:
    return (double)(q[1] | (unsigned)q[0] << 8);
  case OP_S16LE:
    return (double)(int16_t)(uint16_t)(q[0] | (unsigned)q[1] << 8);
  case OP_S16BE:
    return (double)(int16_t)(uint16_t)(q[1] | (unsigned)q[0] << 8);
  case OP_U32LE:
    return (double)le32(q);
  case OP_U32BE:
    return (double)be32(q);
  case OP_S32LE:
    return (double)(int32_t)le32(q);
  case OP_S32BE:
    return (double)(int32_t)be32(q);
  case OP_F32LE:
    return f32(le32(q));
  case OP_F32BE:
    return f32(be32(q));
  case OP_F64LE:
    return f64((uint64_t)le32(q) | (uint64_t)le32(q + 4) << 32);
  default:
    return f64((uint64_t)be32(q + 4) | (uint64_t)be32(q) << 32);
  }
}

static int is64(unsigned bt) { return bt >= BKS_FIT_SINT64 && bt <= BKS_FIT_UINT64Z; }

static uint64_t load(const uint8_t *q, unsigned size, int big) {
  uint64_t v = 0;
  if (big) {
    for (unsigned i = 0; i < size; i++) v = v << 8 | q[i];
  } else {
    for (unsigned i = size; i-- > 0;) v = v << 8 | q[i];
  }
  return v;
}

// one element of a non-64-bit base type as the SDK's DataView reads it
static double elem(const uint8_t *q, unsigned bt, int big) {
  switch (bt) {
  case BKS_FIT_SINT8:
    return (double)(int8_t)q[0];
  case BKS_FIT_SINT16:
    return (double)(int16_t)load(q, 2, big);
  case BKS_FIT_SINT32:
    return (double)(int32_t)load(q, 4, big);
  case BKS_FIT_UINT16:
  case BKS_FIT_UINT16Z:
    return (double)load(q, 2, big);
  case BKS_FIT_UINT32:
  case BKS_FIT_UINT32Z:
    return (double)load(q, 4, big);
  case BKS_FIT_FLOAT32: {
    uint32_t u = (uint32_t)load(q, 4, big);
    float f;
    memcpy(&f, &u, 4);
    return (double)f;
  }
  case BKS_FIT_FLOAT64: {
    uint64_t u = load(q, 8, big);
    double f;
    memcpy(&f, &u, 8);
    return f;
  }
  default:
    return (double)q[0];
  }
}

// JavaScript's ToInt32, which its bitwise operators apply to numbers
static int32_t to_int32(double x) {
  // fast path: the values FIT fields hold
  if (x >= 0 && x < 4294967296.0) return (int32_t)(uint32_t)x;
  if (x < 0 && x >= -2147483648.0) return (int32_t)x;
  if (!isfinite(x)) return 0;
  double m = fmod(trunc(x), 4294967296.0);
  if (m < 0) m += 4294967296.0;
  return (int32_t)(uint32_t)m;
}

static bks_fit_fval *new_fval(bks_fit_decoder *d) {
  if (d->mesg.nfields >= FIT_MAX_FVALS) return NULL;
  bks_fit_fval *f = &d->fv[d->mesg.nfields++];
  memset(f, 0, sizeof *f);
  return f;
}

static bks_fit_num *new_nums(bks_fit_decoder *d, unsigned n) {
  if (FIT_MAX_NUMS - d->nnum < n) return NULL;
  bks_fit_num *v = &d->num[d->nnum];
  d->nnum += n;
  return v;
}

// Decode a string the way the SDK does: UTF-8 with every malformed sequence (and any U+FFFD)
// dropped, split at NUL, trailing empty pieces removed, the first piece kept. Returns 0 when
// nothing is left (the SDK's null).
static int read_string(bks_fit_decoder *d, const uint8_t *q, unsigned size, bks_fit_fval *f) {
  char *out = d->str + d->nstr;
  unsigned o = 0, first_end = 0, have_first = 0, nonempty_after = 0;
  unsigned i = 0;
  while (i < size) {
    unsigned b = q[i], need = 0, lo = 0x80, hi = 0xBF;
    uint32_t cp;
    if (b < 0x80) {
      if (b == 0) {
        if (!have_first) {
          have_first = 1;
          first_end = o;
        }
      } else if (have_first) {
        nonempty_after = 1;
      }
      out[o++] = (char)b;
      i++;
      continue;
    }
    if (b >= 0xC2 && b <= 0xDF) {
      need = 1;
      cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
      need = 2;
      cp = b & 0x0F;
      if (b == 0xE0) lo = 0xA0;
      if (b == 0xED) hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      need = 3;
      cp = b & 0x07;
      if (b == 0xF0) lo = 0x90;
      if (b == 0xF4) hi = 0x8F;
    } else {
      i++; // WHATWG: an invalid lead byte is one U+FFFD, dropped
      continue;
    }
    unsigned j = 1;
    for (; j <= need && i + j < size; j++) {
      unsigned c = q[i + j];
      if (c < lo || c > hi) break;
      lo = 0x80, hi = 0xBF;
      cp = cp << 6 | (c & 0x3F);
    }
    if (j <= need) {
      i += j; // malformed: the bytes so far are one U+FFFD; the offending byte is read again
      continue;
    }
    if (cp != 0xFFFD) {
      memcpy(out + o, q + i, need + 1);
      o += need + 1;
      if (have_first) nonempty_after = 1;
    }
    i += need + 1;
  }
  unsigned len = have_first ? first_end : o;
  if (len == 0 && !nonempty_after) return 0;
  f->vtype = BKS_FIT_VT_STR;
  f->str = out;
  f->len = len;
  f->count = 1;
  d->nstr += len;
  return 1;
}

// Read `size` bytes as elements of base type `bt` into a new field value. `is_array` is what the
// profile says (or -1 when it does not know the field: then more than one element is an array).
// `legacy` keeps every element (developer fields). Returns 0 when the SDK would give null.
static int read_value(bks_fit_decoder *d, const uint8_t *q, unsigned size, unsigned bt, int big,
                      int is_array, int legacy, bks_fit_fval *f) {
  unsigned bs = base_size[bt];
  f->base_type = (uint8_t)bt;
  if (size % bs != 0) {
    d->warn[BKS_FIT_WARN_FIELD_SIZE]++;
    return 0;
  }
  if (bt == BKS_FIT_STRING) return read_string(d, q, size, f);
  unsigned count = size / bs;
  if (count == 0) return 0;
  if (is_array < 0) is_array = count > 1;
  f->is_array = (uint8_t)(legacy ? count > 1 : is_array);
  // SDK (non-legacy): a field that is not an array keeps only its first element
  unsigned keep = (legacy || is_array) ? count : 1;
  bks_fit_num *v = new_nums(d, keep);
  if (!v) return 0;
  unsigned ninvalid = 0;
  int first_invalid = 0;
  if (is64(bt)) {
    uint64_t inv = base_invalid64[bt - BKS_FIT_SINT64];
    for (unsigned i = 0; i < count; i++) {
      uint64_t u = load(q + i * bs, 8, big);
      if (u == inv) {
        ninvalid++;
        if (i == 0) first_invalid = 1;
      }
      if (i < keep) v[i].u = u;
    }
    f->vtype = bt == BKS_FIT_SINT64 ? BKS_FIT_VT_I64 : BKS_FIT_VT_U64;
  } else {
    double inv = base_invalid[bt];
    for (unsigned i = 0; i < count; i++) {
      double x = elem(q + i * bs, bt, big);
      int bad = x == inv;
      if (bad) {
        ninvalid++;
        if (i == 0) first_invalid = 1;
        // SDK: invalid elements of an array become null, except in byte arrays
        if (count > 1 && bt != BKS_FIT_BYTE) x = NAN;
      }
      if (i < keep) v[i].f = x;
    }
    f->vtype = BKS_FIT_VT_F64;
  }
  if (ninvalid == count) {
    d->nnum -= keep;
    return 0;
  }
  // a single invalid element, or a non-array whose first element is null, is null
  if (keep == 1 && first_invalid && (count == 1 || bt != BKS_FIT_BYTE)) {
    d->nnum -= keep;
    return 0;
  }
  f->v = v;
  f->count = (uint16_t)keep;
  return 1;
}

//---- Developer data ----

static int dev_id_known(const bks_fit_decoder *d, unsigned idx) {
  for (unsigned i = 0; i < d->ndev_ids; i++) {
    if (d->dev_ids[i] == idx) return 1;
  }
  return 0;
}

static void forget_dev_fields(bks_fit_decoder *d, unsigned idx) {
  unsigned o = 0;
  for (unsigned i = 0; i < d->ndev; i++) {
    if (d->dev[i].dev_index != idx) d->dev[o++] = d->dev[i];
  }
  d->ndev = o;
}

// the native field value with number `num` in the current message, or NULL
static const bks_fit_fval *find_native(const bks_fit_decoder *d, unsigned num) {
  uint32_t w = d->where[num];
  if (w >> 16 != d->serial) return NULL;
  return &d->fv[w & 0xFFFFu];
}

// the raw elements behind a numeric field value of the current message
static const double *raw_of(const bks_fit_decoder *d, const bks_fit_fval *f) {
  return d->raw + (f->v - d->num);
}

static double raw_first(const bks_fit_fval *f) {
  if (!f || f->count == 0) return NAN;
  if (f->vtype == BKS_FIT_VT_F64) return f->v[0].f;
  if (f->vtype == BKS_FIT_VT_I64) return (double)f->v[0].i;
  if (f->vtype == BKS_FIT_VT_U64) return (double)f->v[0].u;
  return NAN;
}

// a raw value as an integer in [0, max], or -1 when it is absent or outside (a field read with
// an unexpected base type can hold anything)
static long raw_int(const bks_fit_fval *f, long max) {
  double x = raw_first(f);
  if (!(x >= 0 && x <= (double)max) || x != floor(x)) return -1;
  return (long)x;
}

static void copy_str(char *dst, size_t cap, const bks_fit_fval *f) {
  dst[0] = '\0';
  if (!f || f->vtype != BKS_FIT_VT_STR) return;
  size_t n = f->len < cap - 1 ? f->len : cap - 1;
  memcpy(dst, f->str, n);
  dst[n] = '\0';
}

// SDK: developer_data_id registers its developer_data_index (and forgets that index's fields)
static void developer_data_id(bks_fit_decoder *d) {
  long idx = raw_int(find_native(d, 3), 254);
  if (idx < 0) return;
  unsigned i = (unsigned)idx;
  if (dev_id_known(d, i)) {
    forget_dev_fields(d, i);
  } else if (d->ndev_ids < FIT_MAX_DEV_IDS) {
    d->dev_ids[d->ndev_ids++] = (uint8_t)i;
  }
}

// SDK: field_description adds a developer field to a registered developer_data_index
static void field_description(bks_fit_decoder *d) {
  long idx = raw_int(find_native(d, 0), 254);
  if (idx < 0 || !dev_id_known(d, (unsigned)idx)) return;
  if (d->ndev >= BKS_FIT_MAX_DEV_DESCS) {
    d->warn[BKS_FIT_WARN_DEV_TABLE_FULL]++;
    return;
  }
  long num = raw_int(find_native(d, 1), 255);
  if (num < 0) return; // the SDK can never match a description without a field number
  bks_fit_developer *dv = &d->dev[d->ndev++];
  memset(dv, 0, sizeof *dv);
  dv->dev_index = (uint8_t)idx;
  dv->field_num = (uint8_t)num;
  long bt = raw_int(find_native(d, 2), 255);
  dv->base_type = (uint8_t)(bt < 0 ? 0 : ((unsigned long)bt & 0x1Fu));
  double scale = raw_first(find_native(d, 6)), offset = raw_first(find_native(d, 7));
  dv->has_scale = !isnan(scale) || !isnan(offset);
  dv->scale = isnan(scale) || scale == 0 ? 1 : scale;
  dv->offset = isnan(offset) ? 0 : offset;
  long nm = raw_int(find_native(d, 14), 0xFFFF), nf = raw_int(find_native(d, 15), 0xFF);
  dv->native_mesg = (uint16_t)(nm < 0 ? 0xFFFF : nm);
  dv->native_field = (uint8_t)(nf < 0 ? 0xFF : nf);
  copy_str(dv->name, sizeof dv->name, find_native(d, 3));
  copy_str(dv->units, sizeof dv->units, find_native(d, 8));
}

// SDK: the first description registered for (index, field number) wins
static const bks_fit_developer *dev_lookup(const bks_fit_decoder *d, unsigned idx, unsigned num) {
  for (unsigned i = 0; i < d->ndev; i++) {
    if (d->dev[i].dev_index == idx && d->dev[i].field_num == num) return &d->dev[i];
  }
  return NULL;
}

//---- Accumulation ----

static bks_fit_accum *accum_get(bks_fit_decoder *d, unsigned mesg, unsigned field) {
  for (unsigned i = 0; i < d->naccum; i++) {
    if (d->accum[i].mesg == mesg && d->accum[i].field == field) return &d->accum[i];
  }
  return NULL;
}

// SDK Accumulator.createAccumulatedField: start (or restart) from `value`
static bks_fit_accum *accum_set(bks_fit_decoder *d, unsigned mesg, unsigned field, double value) {
  bks_fit_accum *a = accum_get(d, mesg, field);
  if (!a) {
    if (d->naccum >= BKS_FIT_MAX_ACCUM) {
      d->warn[BKS_FIT_WARN_ACCUM_FULL]++;
      return NULL;
    }
    a = &d->accum[d->naccum++];
    a->mesg = (uint16_t)mesg;
    a->field = (uint8_t)field;
  }
  a->value = value;
  a->last = value;
  return a;
}

// SDK AccumulatedField.accumulate, with JavaScript's 32-bit bitwise arithmetic
static double accumulate(bks_fit_decoder *d, unsigned mesg, unsigned field, double value,
                         unsigned bits) {
  bks_fit_accum *a = accum_get(d, mesg, field);
  if (!a) a = accum_set(d, mesg, field, value);
  if (!a) return value;
  // JavaScript: (1 << bits) - 1, where the shift counts modulo 32
  int32_t mask = (int32_t)(((uint32_t)1 << (bits & 31u)) - 1u);
  a->value += (double)(to_int32(value - a->last) & mask);
  a->last = value;
  return a->value;
}

//---- Sub-fields and components ----

// index of the message's field value for profile field `pf` (native, or native replaced by an
// expansion), or -1. Profile names are unique within a message, so this is the SDK's lookup by name.
static int find_field(const bks_fit_decoder *d, const bks_fit_field *pf) {
  uint32_t w = d->where[pf->num];
  if (w >> 16 != d->serial) return -1;
  unsigned i = w & 0xFFFFu;
  return d->fv[i].field == pf ? (int)i : -1;
}

// SDK expandSubFields: each sub-field whose reference field holds its raw value is added after
// the fields, as another reading of its parent's raw value
static void expand_subfields(bks_fit_decoder *d, unsigned nnative, uint16_t *queue, unsigned *nq) {
  for (unsigned i = 0; i < nnative; i++) {
    if (d->fv[i].kind != BKS_FIT_FV_NATIVE || !d->fv[i].field || !d->fv[i].field->nsub) continue;
    const bks_fit_field *pf = d->fv[i].field;
    for (unsigned s = 0; s < pf->nsub; s++) {
      const bks_fit_subfield *sf = &bks_fit_subfields[pf->sub_first + s];
      for (unsigned m = 0; m < sf->nmap; m++) {
        const bks_fit_submap *map = &bks_fit_submaps[sf->map_first + m];
        const bks_fit_fval *ref = find_native(d, map->ref_field);
        // SDK compares the raw value with ===: arrays and 64-bit values never match
        if (!ref || ref->is_array || ref->vtype != BKS_FIT_VT_F64) continue;
        if (raw_of(d, ref)[0] != (double)map->value) continue;
        const bks_fit_fval *parent = &d->fv[i];
        bks_fit_fval *f = new_fval(d);
        if (!f) return;
        *f = *parent;
        f->kind = BKS_FIT_FV_SUB;
        f->sub = sf;
        if (parent->vtype == BKS_FIT_VT_F64) {
          bks_fit_num *v = new_nums(d, parent->count);
          if (!v) {
            d->mesg.nfields--;
            return;
          }
          const double *praw = raw_of(d, parent);
          double *raw = d->raw + (v - d->num);
          int scale = sf->kind == BKS_FIT_KIND_NUMERIC && !sf->multi_scale;
          for (unsigned k = 0; k < parent->count; k++) {
            raw[k] = praw[k];
            v[k].f = scale ? praw[k] / sf->scale - sf->offset : praw[k];
          }
          f->v = v;
        } else if (parent->vtype != BKS_FIT_VT_STR) {
          // 64-bit values are never scaled: share the parent's elements
          f->v = parent->v;
        }
        if (sf->ncomp && *nq < FIT_MAX_FVALS) queue[(*nq)++] = (uint16_t)(f - d->fv);
        break;
      }
    }
  }
}

// the raw elements of a value as the SDK's BitStream sees them (null → 0)
typedef struct bitsrc {
  const double *v;
  unsigned count;
  unsigned bpp; // bits per element
  unsigned pos; // bits read
} bitsrc;

static uint32_t elem_bits(const bitsrc *b, unsigned idx) {
  double x = b->v[idx];
  if (isnan(x)) return 0;
  return (uint32_t)to_int32(x);
}

// read `n` bits, least significant first, crossing element boundaries as needed
static double read_bits(bitsrc *b, unsigned n) {
  uint64_t v = 0;
  unsigned got = 0;
  while (got < n) {
    unsigned e = b->pos / b->bpp, bit = b->pos % b->bpp;
    unsigned take = b->bpp - bit < n - got ? b->bpp - bit : n - got;
    // elements wider than 32 bits carry no bits above 31 here (ToInt32)
    uint64_t word = bit < 32 ? (uint64_t)(elem_bits(b, e) >> bit) : 0;
    if (take < 64) word &= ((uint64_t)1 << take) - 1;
    v |= word << got;
    got += take;
    b->pos += take;
  }
  return (double)v;
}

// The raw value the SDK computes for an expanded value, `(value + offset) * scale`. When the
// target field itself has components its profile scale and offset are arrays, and JavaScript's
// `+` then joins the number and the array as text: 3 + [0] is "30". The SDK compares the result
// with the invalid value and expands the target's own components from it, so we do the same.
static double expanded_raw(const bks_fit_field *t, double value) {
  if (t->ncomp == 0) return (value + t->offset) * t->scale;
  if (t->multi_scale) return NAN;
  char a[BKS_JSNUM_MAX * 2];
  size_t n = bks_jsnum_format(value, a);
  bks_jsnum_format(t->offset, a + n);
  return strtod(a, NULL) * t->scale;
}

// Put expanded value `value` (raw `raw`) of target `t` into the message: it replaces a field of
// the same name or is added after the others (SDK: message[key] = mesg[key]).
static void put_expanded(bks_fit_decoder *d, const bks_fit_field *t, bks_fit_num *v, unsigned count,
                         unsigned nnull) {
  int i = find_field(d, t);
  bks_fit_fval *f = i >= 0 ? &d->fv[i] : new_fval(d);
  if (!f) return;
  memset(f, 0, sizeof *f);
  f->field = t;
  f->num = t->num;
  f->kind = BKS_FIT_FV_EXPANDED;
  f->vtype = BKS_FIT_VT_F64;
  f->base_type = t->base_type;
  f->is_array = t->array;
  f->v = v;
  f->count = (uint16_t)(nnull == count ? 0 : (t->array ? count : 1));
}

// The common case done directly: one whole-value component of a one-element field into a target
// that neither accumulates nor expands further (altitude → enhanced_altitude, speed →
// enhanced_speed). No field of the profile is the target of two sources, so the target is final
// as soon as it is computed. Returns 0 when the general path must handle the field.
static int expand_single(bks_fit_decoder *d, const bks_fit_fval *f) {
  if (f->kind != BKS_FIT_FV_NATIVE || f->vtype != BKS_FIT_VT_F64 || f->count != 1) return 0;
  const bks_fit_field *pf = f->field;
  if (pf->ncomp != 1 || pf->base_type == BKS_FIT_NO_BASE) return 0;
  const bks_fit_comp *c = &bks_fit_comps[pf->comp_first];
  const bks_fit_field *t = &bks_fit_fields[c->target_index];
  unsigned bpp = 8u * base_size[pf->base_type];
  if (c->bits != bpp || bpp > 32 || c->accumulate || t->ncomp || t->accumulated) return 0;
  double x = raw_of(d, f)[0];
  if (x == base_invalid[pf->base_type]) return 1; // SDK: only invalid values: nothing to expand
  bks_fit_num *v = new_nums(d, 1);
  if (!v) return 1;
  uint32_t bits = (uint32_t)to_int32(x);
  if (bpp < 32) bits &= (1u << bpp) - 1u;
  double value = (double)bits / c->scale - c->offset;
  double raw = (value + t->offset) * t->scale;
  v->f = raw == t->expand_invalid ? NAN : value;
  d->raw[v - d->num] = raw;
  put_expanded(d, t, v, 1, isnan(v->f) ? 1u : 0u);
  return 1;
}

// SDK expandComponents: a queue of fields whose bits expand into target fields; targets that
// have components of their own join the queue. Queue entries below FIT_MAX_FVALS are field
// values of the message; FIT_MAX_FVALS + k is expanded target k.
static void expand_components(bks_fit_decoder *d, unsigned mesg_num, uint16_t *queue, unsigned nq) {
  unsigned ntargets = 0, head = 0;
  bks_fit_target *tg = d->targets;
  while (head < nq) {
    unsigned qi = queue[head++];
    const double *src;
    unsigned count;
    const bks_fit_comp *comps;
    unsigned ncomp, bt;
    if (qi < FIT_MAX_FVALS && expand_single(d, &d->fv[qi])) continue;
    if (qi < FIT_MAX_FVALS) {
      const bks_fit_fval *f = &d->fv[qi];
      if (f->vtype != BKS_FIT_VT_F64) continue;
      src = raw_of(d, f);
      count = f->count;
      const uint16_t first = f->kind == BKS_FIT_FV_SUB ? f->sub->comp_first : f->field->comp_first;
      ncomp = f->kind == BKS_FIT_FV_SUB ? f->sub->ncomp : f->field->ncomp;
      bt = f->kind == BKS_FIT_FV_SUB ? f->sub->base_type : f->field->base_type;
      comps = &bks_fit_comps[first];
    } else {
      // SDK looks the name up in the message first: a field that is there natively expands from
      // its own raw value, otherwise from the raw values expanded into it
      const bks_fit_target *t = &tg[qi - FIT_MAX_FVALS];
      const bks_fit_field *pf = t->field;
      int ni = find_field(d, pf);
      if (ni >= 0 && d->fv[ni].kind == BKS_FIT_FV_NATIVE) {
        if (d->fv[ni].vtype != BKS_FIT_VT_F64) continue;
        src = raw_of(d, &d->fv[ni]);
        count = d->fv[ni].count;
      } else {
        src = t->raw;
        count = t->nraw;
      }
      comps = &bks_fit_comps[pf->comp_first];
      ncomp = pf->ncomp;
      bt = pf->base_type;
    }
    if (ncomp == 0 || bt == BKS_FIT_NO_BASE || count == 0) continue;
    // SDK: a value made only of invalid values is not expanded
    unsigned ninv = 0;
    for (unsigned i = 0; i < count; i++) ninv += src[i] == base_invalid[bt];
    if (ninv == count) continue;
    bitsrc bs = {src, count, 8u * base_size[bt], 0};
    for (unsigned j = 0; j < ncomp; j++) {
      const bks_fit_comp *c = &comps[j];
      if (bs.count * bs.bpp - bs.pos < c->bits) break;
      const bks_fit_field *t = &bks_fit_fields[c->target_index];
      unsigned ti = 0;
      while (ti < ntargets && tg[ti].field != t) ti++;
      if (ti == ntargets) {
        // elements of one target are contiguous: room for up to 255
        if (ntargets == 256 || !new_nums(d, 255)) break;
        tg[ti].field = t;
        tg[ti].count = 0;
        tg[ti].first = d->nnum - 255;
        tg[ti].nraw = 0;
        ntargets++;
      }
      double value = read_bits(&bs, c->bits);
      if (t->accumulated) value = accumulate(d, mesg_num, t->num, value, c->bits);
      value = value / c->scale - c->offset;
      double raw = expanded_raw(t, value);
      bks_fit_target *tt = &tg[ti];
      if (tt->count < 255) {
        d->num[tt->first + tt->count].f = raw == t->expand_invalid ? NAN : value;
        d->raw[tt->first + tt->count] = raw;
        tt->count++;
      }
      if (tt->nraw < 8) tt->raw[tt->nraw++] = raw;
      if (t->ncomp && nq < FIT_MAX_FVALS) queue[nq++] = (uint16_t)(FIT_MAX_FVALS + ti);
      if (bs.pos >= bs.count * bs.bpp) break;
    }
  }
  // SDK: expanded values replace a field of the same name, or are added after the others
  for (unsigned ti = 0; ti < ntargets; ti++) {
    const bks_fit_target *t = &tg[ti];
    bks_fit_num *v = &d->num[t->first];
    unsigned nnull = 0;
    for (unsigned i = 0; i < t->count; i++) nnull += isnan(v[i].f) != 0;
    put_expanded(d, t->field, v, t->count, nnull);
  }
}

//---- The message ----

// apply scale and offset to a value read by read_value, keeping the raw elements beside it
static void keep_raw_and_scale(bks_fit_decoder *d, bks_fit_fval *f, int do_scale, double scale,
                               double offset) {
  if (f->vtype != BKS_FIT_VT_F64) return;
  bks_fit_num *v = (bks_fit_num *)f->v;
  double *raw = d->raw + (v - d->num);
  for (unsigned i = 0; i < f->count; i++) {
    raw[i] = v[i].f;
    if (do_scale) v[i].f = v[i].f / scale - offset;
  }
}

int bks__fit_data_message(bks_fit_decoder *d, const uint8_t *p, uint64_t off) {
  unsigned h = p[0];
  unsigned lm = (h & 0x80) ? (h >> 5) & 3u : h & 0x0Fu;
  const bks_fit_local *l = &d->local[lm];
  const uint8_t *pay = p + 1;
  unsigned gnum = l->global;
  int big = l->big_endian;
  uint16_t *queue = d->queue;
  unsigned nq = 0, nf = 0;

  // a new message: entries of `where` from earlier messages carry an older serial (16 bits,
  // so the table is cleared when it wraps)
  if (++d->serial > 0xFFFFu) {
    memset(d->where, 0, sizeof d->where);
    d->serial = 1;
  }
  d->mesg.num = (uint16_t)gnum;
  d->mesg.def = l->def;
  d->mesg.offset = off;
  d->nnum = 0;
  d->nstr = 0;

  // native fields, in definition order; at most 255, so the field values always have room
  for (unsigned i = 0; i < l->nfields; i++) {
    const bks_fit_plan *pl = &l->fields[i];
    bks_fit_fval *f = &d->fv[nf];
    if (pl->op != OP_GENERIC) {
      // one element: the common case, kept short
      double x = fast_elem(pay + pl->off, pl->op);
      if (x == pl->inv) continue;
      uint32_t k = d->nnum++; // at most 255 here: the pool always has room after a message reset
      d->raw[k] = x;
      d->num[k].f = pl->do_scale ? x / pl->scale - pl->offset : x;
      *f = pl->tmpl;
      f->v = &d->num[k];
    } else {
      memset(f, 0, sizeof *f);
      f->field = pl->prof;
      f->num = pl->num;
      f->kind = pl->prof ? BKS_FIT_FV_NATIVE : BKS_FIT_FV_UNKNOWN;
      d->mesg.nfields = nf;
      if (!read_value(d, pay + pl->off, pl->size, pl->base, big, pl->prof ? pl->is_array : -1, 0,
                      f)) {
        continue;
      }
      keep_raw_and_scale(d, f, pl->do_scale, pl->scale, pl->offset);
    }
    nf++;
    if (!pl->flags) continue;
    if (pl->flags & PLAN_TIMESTAMP && f->vtype == BKS_FIT_VT_F64) {
      d->last_timestamp = (uint32_t)to_int32(d->raw[f->v - d->num]);
    }
    if (pl->flags & PLAN_TRACK) {
      d->where[pl->num] = d->serial << 16 | (nf - 1);
    }
    if (pl->flags & PLAN_COMP) queue[nq++] = (uint16_t)(nf - 1);
    if (pl->flags & PLAN_ACCUM && f->vtype == BKS_FIT_VT_F64) {
      // SDK setAccumulatedField: the field restarts its accumulator from its raw value
      const double *raw = raw_of(d, f);
      for (unsigned k = 0; k < f->count; k++) {
        accum_set(d, gnum, pl->num, isnan(raw[k]) ? 0 : raw[k]);
      }
    }
  }
  d->mesg.nfields = nf;
  unsigned nnative = nf;

  // developer fields, decoded with their description's type; scale and offset applied
  for (unsigned i = 0; i < l->ndev; i++) {
    const bks_fit_devplan *dp = &l->dev[i];
    const bks_fit_developer *dv = dev_lookup(d, dp->dev_index, dp->num);
    if (!dv) {
      d->warn[BKS_FIT_WARN_DEV_UNDEFINED]++;
      continue;
    }
    if (dv->base_type >= BKS_FIT_NBASE) continue;
    bks_fit_fval *f = new_fval(d);
    if (!f) break;
    f->dev = dv;
    f->num = dp->num;
    f->kind = BKS_FIT_FV_DEV;
    if (!read_value(d, pay + dp->off, dp->size, dv->base_type, big, -1, 1, f)) {
      d->mesg.nfields--;
      continue;
    }
    keep_raw_and_scale(d, f, dv->has_scale, dv->scale, dv->offset);
  }

  if (gnum == MESG_DEVELOPER_DATA_ID) {
    developer_data_id(d);
  } else if (gnum == MESG_FIELD_DESCRIPTION) {
    field_description(d);
  } else if (l->def) {
    if (l->has_sub) expand_subfields(d, nnative, queue, &nq);
    if (nq) expand_components(d, gnum, queue, nq);
  }

  // FIT: a compressed timestamp header carries the low 5 bits of the time since the last full
  // timestamp; the message gets a timestamp field from it
  if (h & 0x80) {
    uint32_t t = h & 0x1Fu, last = d->last_timestamp;
    uint32_t ts = (last & ~0x1Fu) + t + (t >= (last & 0x1Fu) ? 0u : 0x20u);
    d->last_timestamp = ts;
    bks_fit_fval *f = new_fval(d);
    bks_fit_num *v = new_nums(d, 1);
    if (f && v) {
      memset(f, 0, sizeof *f);
      f->field = l->def ? bks_fit_field_by_num(l->def, FIELD_TIMESTAMP) : NULL;
      f->num = FIELD_TIMESTAMP;
      f->kind = BKS_FIT_FV_TIMESTAMP;
      f->vtype = BKS_FIT_VT_F64;
      f->base_type = BKS_FIT_UINT32;
      f->count = 1;
      v->f = ts;
      d->raw[v - d->num] = ts;
      f->v = v;
    }
  }
  return BKS_ITEM;
}

//---- Convenience ----

const char *bks_fit_fval_name(const bks_fit_fval *f) {
  switch (f->kind) {
  case BKS_FIT_FV_SUB:
    return f->sub->name;
  case BKS_FIT_FV_DEV:
    return f->dev->name;
  case BKS_FIT_FV_TIMESTAMP:
    return f->field ? f->field->name : "timestamp";
  default:
    return f->field ? f->field->name : NULL;
  }
}

const char *bks_fit_fval_units(const bks_fit_fval *f) {
  switch (f->kind) {
  case BKS_FIT_FV_SUB:
    return f->sub->units;
  case BKS_FIT_FV_DEV:
    return f->dev->units;
  default:
    return f->field ? f->field->units : "";
  }
}

const bks_fit_fval *bks_fit_mesg_get(const bks_fit_mesg *m, const char *name) {
  for (unsigned i = 0; i < m->nfields; i++) {
    const char *n = bks_fit_fval_name(&m->fields[i]);
    if (n && strcmp(n, name) == 0) return &m->fields[i];
  }
  return NULL;
}

double bks_fit_fval_num(const bks_fit_fval *f) {
  if (!f || f->count == 0) return NAN;
  switch (f->vtype) {
  case BKS_FIT_VT_F64:
    return f->v[0].f;
  case BKS_FIT_VT_I64:
    return (double)f->v[0].i;
  case BKS_FIT_VT_U64:
    return (double)f->v[0].u;
  default:
    return NAN;
  }
}
