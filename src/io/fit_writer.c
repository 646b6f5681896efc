// FIT activity writer. Field numbers, base types, scales and offsets are the FIT profile's
// (@garmin/fitsdk 21.217.0, src/profile.js); each is named where it is written. The writer does
// not read the generated profile tables, so it works in builds that leave them out.
#include "backstride/fit_writer.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "backstride/fit.h"

// FIT file header: 14 bytes, protocol 2.0, the profile version we follow (21.217)
#define HEADER_SIZE 14u
#define PROTOCOL_VERSION 0x20u
#define PROFILE_VERSION 21217u

// global message numbers
#define MESG_FILE_ID 0u
#define MESG_SESSION 18u
#define MESG_LAP 19u
#define MESG_RECORD 20u
#define MESG_EVENT 21u
#define MESG_DEVICE_INFO 23u
#define MESG_ACTIVITY 34u

// one local message number per message type
enum {
  LOCAL_FILE_ID,
  LOCAL_DEVICE_INFO,
  LOCAL_EVENT,
  LOCAL_RECORD,
  LOCAL_LAP,
  LOCAL_SESSION,
  LOCAL_ACTIVITY
};

// event values the writer sets itself (profile type `event`, `event_type`)
#define EVENT_SESSION 8u
#define EVENT_LAP 9u
#define EVENT_ACTIVITY 26u
#define EVENT_TYPE_STOP 1u

// FIT date_time values below 0x10000000 mean "seconds since the device powered on", so an
// absolute time must be at least that (1998-07-03); 0xFFFFFFFF is the invalid value
#define FIT_TIME_MIN 0x10000000u
#define FIT_TIME_MAX 0xFFFFFFFEu

enum { W_NEED_FILE_ID = 1, W_OPEN, W_DONE };

//---- Base types ----

enum { T_ENUM, T_U8, T_U16, T_U32, T_U32Z, T_S32 };

// a base type as written: id byte (with the endian bit for multi-byte types), size, the invalid
// value, and the range of valid raw values
static const struct {
  uint8_t id;
  uint8_t size;
  uint64_t invalid;
  double lo, hi;
} btypes[] = {
    [T_ENUM] = {0x00, 1, 0xFFu, 0.0, 254.0},
    [T_U8] = {0x02, 1, 0xFFu, 0.0, 254.0},
    [T_U16] = {0x84, 2, 0xFFFFu, 0.0, 65534.0},
    [T_U32] = {0x86, 4, 0xFFFFFFFFu, 0.0, 4294967294.0},
    [T_U32Z] = {0x8C, 4, 0u, 1.0, 4294967295.0},
    [T_S32] = {0x85, 4, 0x7FFFFFFFu, -2147483648.0, 2147483646.0},
};

//---- Message assembly ----

// most fields in one message (session has 34)
#define MAX_SLOTS 40

// One message being assembled. Every call of a put_* function takes the next slot whether the
// value is present or not, so a message type always has the same slots in the same order and a
// definition can be kept as a bit mask over slot indices.
typedef struct mesg {
  bks_fitw *w;
  const char *name; // message name for error text
  unsigned n;
  uint64_t present;
  uint8_t num[MAX_SLOTS];
  uint8_t type[MAX_SLOTS];
  uint64_t raw[MAX_SLOTS];
  int rc; // first error, 0 while none
} mesg;

static void set_msg(bks_fitw *w, const char *fmt, ...) BKS_PRINTF(2, 3);
static void set_msg(bks_fitw *w, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(w->msg_, sizeof w->msg_, fmt, ap);
  va_end(ap);
}

static void mesg_begin(mesg *m, bks_fitw *w, const char *name) {
  m->w = w;
  m->name = name;
  m->n = 0;
  m->present = 0;
  m->rc = 0;
}

static void slot(mesg *m, uint8_t num, int type, int present, uint64_t raw) {
  assert(m->n < MAX_SLOTS);
  m->num[m->n] = num;
  m->type[m->n] = (uint8_t)type;
  m->raw[m->n] = raw;
  if (present) m->present |= (uint64_t)1 << m->n;
  m->n++;
}

// keep only the first error of a message: it is the one the caller fixes first
static void range_error(mesg *m, const char *field, double v, double lo, double hi,
                        const char *units) {
  if (m->rc) return;
  m->rc = BKS_E_RANGE;
  set_msg(m->w, "%s.%s = %.10g is out of range [%.10g, %.10g]%s%s", m->name, field, v, lo, hi,
          *units ? " " : "", units);
}

// a number given in the caller's units: raw = round((v + offset) * scale), as the FIT profile
// defines raw = (value + offset) * scale with `scale` here already converted to the caller's units
static void put_num(mesg *m, const char *field, uint8_t num, int type, double v, double scale,
                    double offset, const char *units) {
  if (isnan(v)) {
    slot(m, num, type, 0, 0);
    return;
  }
  double x = round((v + offset) * scale);
  if (!(x >= btypes[type].lo && x <= btypes[type].hi)) {
    range_error(m, field, v, btypes[type].lo / scale - offset, btypes[type].hi / scale - offset,
                units);
    slot(m, num, type, 0, 0);
    return;
  }
  uint64_t raw = x < 0 ? (uint64_t)(int64_t)x : (uint64_t)x;
  slot(m, num, type, 1, raw);
}

// an integer given as the FIT raw value (enum, id, index): the type's invalid value is absent
static void put_int(mesg *m, uint8_t num, int type, uint64_t v) {
  slot(m, num, type, v != btypes[type].invalid, v);
}

// a date_time (or local_date_time) given as seconds counted like Unix time
static void put_time(mesg *m, const char *field, uint8_t num, double unix_s) {
  if (isnan(unix_s)) {
    slot(m, num, T_U32, 0, 0);
    return;
  }
  double x = round(unix_s) - (double)BKS_FIT_EPOCH_UNIX;
  if (!(x >= (double)FIT_TIME_MIN && x <= (double)FIT_TIME_MAX)) {
    range_error(m, field, unix_s, (double)FIT_TIME_MIN + BKS_FIT_EPOCH_UNIX,
                (double)FIT_TIME_MAX + BKS_FIT_EPOCH_UNIX, "s (Unix time)");
    slot(m, num, T_U32, 0, 0);
    return;
  }
  slot(m, num, T_U32, 1, (uint64_t)x);
}

// degrees to semicircles (2^31 semicircles = 180 degrees) in a sint32
static void put_deg(mesg *m, const char *field, uint8_t num, double deg, double limit) {
  if (isnan(deg)) {
    slot(m, num, T_S32, 0, 0);
    return;
  }
  if (!(deg >= -limit && deg <= limit)) {
    range_error(m, field, deg, -limit, limit, "deg");
    slot(m, num, T_S32, 0, 0);
    return;
  }
  double x = round(deg * (2147483648.0 / 180.0));
  // +180 degrees is the same meridian as -180, the one sint32 can hold
  if (x >= 2147483648.0) x = -2147483648.0;
  slot(m, num, T_S32, 1, (uint64_t)(int64_t)x);
}

// Running cadence: FIT keeps strides (one foot) per minute as a uint8 whole part plus a uint8
// fractional part with scale 128; the caller gives steps (both feet) per minute.
static void put_cadence(mesg *m, const char *field, uint8_t num_whole, uint8_t num_frac,
                        double spm) {
  if (isnan(spm)) {
    slot(m, num_whole, T_U8, 0, 0);
    slot(m, num_frac, T_U8, 0, 0);
    return;
  }
  double q = round(spm / 2.0 * 128.0);
  if (!(q >= 0.0 && q <= 254.0 * 128.0 + 127.0)) {
    range_error(m, field, spm, 0.0, (254.0 + 127.0 / 128.0) * 2.0, "steps/min");
    slot(m, num_whole, T_U8, 0, 0);
    slot(m, num_frac, T_U8, 0, 0);
    return;
  }
  uint64_t raw = (uint64_t)q;
  slot(m, num_whole, T_U8, 1, raw / 128u);
  slot(m, num_frac, T_U8, 1, raw % 128u);
}

static unsigned popcount64(uint64_t x) {
  unsigned n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}

static uint8_t *put_le(uint8_t *p, uint64_t v, unsigned size) {
  for (unsigned i = 0; i < size; i++) p[i] = (uint8_t)(v >> (8 * i));
  return p + size;
}

static int check_open(bks_fitw *w, const char *name, int is_file_id) {
  w->msg_[0] = '\0';
  if (w->state_ == W_DONE) {
    set_msg(w, "%s: the file is finished (or could not be begun)", name);
    return BKS_E_STATE;
  }
  if (is_file_id && w->state_ != W_NEED_FILE_ID) {
    set_msg(w, "file_id: a file has only one file_id, and it comes first");
    return BKS_E_STATE;
  }
  if (!is_file_id && w->state_ != W_OPEN) {
    set_msg(w, "%s: file_id must be the first message of a file", name);
    return BKS_E_STATE;
  }
  return BKS_OK;
}

// Append the message: a new definition when it has a value for a field its local message's
// definition lacks, then the data message. All or nothing.
static int emit(mesg *m, unsigned local, uint16_t global) {
  bks_fitw *w = m->w;
  if (m->rc) return m->rc;
  if (!m->present) {
    set_msg(w, "%s: no field has a value", m->name);
    return BKS_E_INVAL;
  }

  uint64_t def = w->defined_[local];
  int redefine = (m->present & ~def) != 0;
  if (redefine) def |= m->present;

  // bytes needed: definition (5 fixed + 3 per field + its header) and the data message
  size_t need = 1;
  if (redefine) need += 6 + 3 * (size_t)popcount64(def);
  for (unsigned i = 0; i < m->n; i++)
    if (def >> i & 1) need += btypes[m->type[i]].size;

  // the header's data size is a uint32; keep room for the 2-byte file CRC
  bks_buf *b = w->out_;
  size_t used = b->len - w->start_ - HEADER_SIZE;
  if (need > UINT32_MAX - 2u || used > (size_t)(UINT32_MAX - 2u) - need) {
    set_msg(w, "%s: the file would exceed the 4 GiB a FIT header can describe", m->name);
    return BKS_E_LIMIT;
  }
  if (bks_buf_reserve(b, need) < 0) {
    set_msg(w, "%s: out of memory", m->name);
    return BKS_E_NOMEM;
  }

  uint8_t *p = b->data + b->len;
  if (redefine) {
    // FIT definition message: header (bit 6), reserved, architecture 0 = little-endian,
    // global number, field count, then (number, size, base type) per field
    *p++ = (uint8_t)(0x40u | local);
    *p++ = 0;
    *p++ = 0;
    p = put_le(p, global, 2);
    *p++ = (uint8_t)popcount64(def);
    for (unsigned i = 0; i < m->n; i++) {
      if (!(def >> i & 1)) continue;
      *p++ = m->num[i];
      *p++ = btypes[m->type[i]].size;
      *p++ = btypes[m->type[i]].id;
    }
    w->defined_[local] = def;
  }
  // FIT data message: normal header with the local number, then the fields in definition order;
  // a defined field without a value this time gets its type's invalid value
  *p++ = (uint8_t)local;
  for (unsigned i = 0; i < m->n; i++) {
    if (!(def >> i & 1)) continue;
    uint64_t v = (m->present >> i & 1) ? m->raw[i] : btypes[m->type[i]].invalid;
    p = put_le(p, v, btypes[m->type[i]].size);
  }
  assert((size_t)(p - (b->data + b->len)) == need);
  b->len += need;
  return BKS_OK;
}

//---- Message structs ----

void bks_fitw_file_id_init(bks_fitw_file_id *m) {
  m->type = BKS_FITW_NO_U8;
  m->manufacturer = BKS_FITW_NO_U16;
  m->product = BKS_FITW_NO_U16;
  m->serial_number = 0;
  m->time_created = NAN;
}

void bks_fitw_device_info_init(bks_fitw_device_info *m) {
  m->timestamp = NAN;
  m->device_index = BKS_FITW_NO_U8;
  m->device_type = BKS_FITW_NO_U8;
  m->manufacturer = BKS_FITW_NO_U16;
  m->serial_number = 0;
  m->product = BKS_FITW_NO_U16;
  m->software_version = NAN;
  m->hardware_version = BKS_FITW_NO_U8;
}

void bks_fitw_event_init(bks_fitw_event *m) {
  m->timestamp = NAN;
  m->event = BKS_FITW_NO_U8;
  m->event_type = BKS_FITW_NO_U8;
  m->data = BKS_FITW_NO_U32;
  m->event_group = BKS_FITW_NO_U8;
}

void bks_fitw_record_init(bks_fitw_record *m) {
  m->timestamp = m->lat = m->lon = m->distance = m->speed = m->altitude = NAN;
  m->heart_rate = m->cadence_spm = m->power = NAN;
  m->vertical_oscillation = m->stance_time = m->stance_time_balance = NAN;
  m->step_length = m->vertical_ratio = NAN;
}

static void totals_init(bks_fitw_totals *t) {
  t->timestamp = t->start_time = t->start_lat = t->start_lon = NAN;
  t->total_elapsed_time = t->total_timer_time = t->total_distance = NAN;
  t->total_strides = t->total_calories = t->avg_speed = t->max_speed = NAN;
  t->avg_heart_rate = t->max_heart_rate = t->avg_cadence_spm = t->max_cadence_spm = NAN;
  t->avg_power = t->max_power = t->total_ascent = t->total_descent = NAN;
  t->avg_vertical_oscillation = t->avg_stance_time = t->avg_stance_time_balance = NAN;
  t->avg_step_length = t->avg_vertical_ratio = NAN;
  t->sport = BKS_FITW_NO_U8;
  t->sub_sport = BKS_FITW_NO_U8;
}

void bks_fitw_lap_init(bks_fitw_lap *m) {
  totals_init(&m->t);
  m->end_lat = m->end_lon = NAN;
  m->lap_trigger = BKS_FITW_NO_U8;
}

void bks_fitw_session_init(bks_fitw_session *m) {
  totals_init(&m->t);
  m->first_lap_index = BKS_FITW_NO_U16;
  m->num_laps = BKS_FITW_NO_U16;
  m->trigger = BKS_FITW_NO_U8;
}

void bks_fitw_activity_init(bks_fitw_activity *m) {
  m->timestamp = NAN;
  m->total_timer_time = NAN;
  m->num_sessions = BKS_FITW_NO_U16;
  m->type = BKS_FITW_NO_U8;
  m->local_timestamp = NAN;
}

//---- Writer ----

int bks_fitw_init(bks_fitw *w, bks_buf *out) {
  memset(w, 0, sizeof *w);
  w->out_ = out;
  w->start_ = out->len;
  w->state_ = W_NEED_FILE_ID;

  // placeholder header; bks_fitw_finish fills in the data size and the CRC
  uint8_t h[HEADER_SIZE] = {HEADER_SIZE, PROTOCOL_VERSION, 0, 0, 0, 0, 0, 0, '.', 'F', 'I', 'T'};
  put_le(h + 2, PROFILE_VERSION, 2);
  if (bks_buf_append(out, h, sizeof h) < 0) {
    set_msg(w, "out of memory");
    w->state_ = W_DONE;
    return BKS_E_NOMEM;
  }
  return BKS_OK;
}

int bks_fitw_write_file_id(bks_fitw *w, const bks_fitw_file_id *f) {
  int rc = check_open(w, "file_id", 1);
  if (rc < 0) return rc;
  mesg m;
  mesg_begin(&m, w, "file_id");
  put_int(&m, 0, T_ENUM, f->type);                  // type
  put_int(&m, 1, T_U16, f->manufacturer);           // manufacturer
  put_int(&m, 2, T_U16, f->product);                // product
  put_int(&m, 3, T_U32Z, f->serial_number);         // serial_number
  put_time(&m, "time_created", 4, f->time_created); // time_created
  rc = emit(&m, LOCAL_FILE_ID, MESG_FILE_ID);
  if (rc == BKS_OK) w->state_ = W_OPEN;
  return rc;
}

int bks_fitw_write_device_info(bks_fitw *w, const bks_fitw_device_info *d) {
  int rc = check_open(w, "device_info", 0);
  if (rc < 0) return rc;
  mesg m;
  mesg_begin(&m, w, "device_info");
  put_time(&m, "timestamp", 253, d->timestamp);                                   // timestamp
  put_int(&m, 0, T_U8, d->device_index);                                          // device_index
  put_int(&m, 1, T_U8, d->device_type);                                           // device_type
  put_int(&m, 2, T_U16, d->manufacturer);                                         // manufacturer
  put_int(&m, 3, T_U32Z, d->serial_number);                                       // serial_number
  put_int(&m, 4, T_U16, d->product);                                              // product
  put_num(&m, "software_version", 5, T_U16, d->software_version, 100.0, 0.0, ""); // scale 100
  put_int(&m, 6, T_U8, d->hardware_version); // hardware_version
  return emit(&m, LOCAL_DEVICE_INFO, MESG_DEVICE_INFO);
}

int bks_fitw_write_event(bks_fitw *w, const bks_fitw_event *e) {
  int rc = check_open(w, "event", 0);
  if (rc < 0) return rc;
  mesg m;
  mesg_begin(&m, w, "event");
  put_time(&m, "timestamp", 253, e->timestamp); // timestamp
  put_int(&m, 0, T_ENUM, e->event);             // event
  put_int(&m, 1, T_ENUM, e->event_type);        // event_type
  put_int(&m, 3, T_U32, e->data);               // data (timer_trigger etc. by event)
  put_int(&m, 4, T_U8, e->event_group);         // event_group
  return emit(&m, LOCAL_EVENT, MESG_EVENT);
}

int bks_fitw_write_record(bks_fitw *w, const bks_fitw_record *r) {
  int rc = check_open(w, "record", 0);
  if (rc < 0) return rc;
  mesg m;
  mesg_begin(&m, w, "record");
  put_time(&m, "timestamp", 253, r->timestamp);                         // timestamp
  put_deg(&m, "lat", 0, r->lat, 90.0);                                  // position_lat
  put_deg(&m, "lon", 1, r->lon, 180.0);                                 // position_long
  put_num(&m, "heart_rate", 3, T_U8, r->heart_rate, 1.0, 0.0, "1/min"); // heart_rate
  put_cadence(&m, "cadence_spm", 4, 53, r->cadence_spm);           // cadence, fractional_cadence
  put_num(&m, "distance", 5, T_U32, r->distance, 100.0, 0.0, "m"); // distance, scale 100
  put_num(&m, "power", 7, T_U16, r->power, 1.0, 0.0, "W");         // power
  // vertical_oscillation: mm, scale 10 → 10000 per metre
  put_num(&m, "vertical_oscillation", 39, T_U16, r->vertical_oscillation, 10000.0, 0.0, "m");
  // stance_time: ms, scale 10 → 10000 per second
  put_num(&m, "stance_time", 41, T_U16, r->stance_time, 10000.0, 0.0, "s");
  put_num(&m, "speed", 73, T_U32, r->speed, 1000.0, 0.0, "m/s");                // enhanced_speed
  put_num(&m, "altitude", 78, T_U32, r->altitude, 5.0, 500.0, "m");             // enhanced_altitude
  put_num(&m, "vertical_ratio", 83, T_U16, r->vertical_ratio, 100.0, 0.0, "%"); // scale 100
  put_num(&m, "stance_time_balance", 84, T_U16, r->stance_time_balance, 100.0, 0.0, "%");
  // step_length: mm, scale 10 → 10000 per metre
  put_num(&m, "step_length", 85, T_U16, r->step_length, 10000.0, 0.0, "m");
  return emit(&m, LOCAL_RECORD, MESG_RECORD);
}

// The fields lap and session share have different numbers in the two messages; `n` gives them.
typedef struct totals_nums {
  uint8_t sport, sub_sport, total_ascent, total_descent;
  uint8_t avg_speed, max_speed, avg_hr, max_hr, avg_cad, max_cad, avg_frac_cad, max_frac_cad;
  uint8_t avg_power, max_power, avg_vo, avg_st, avg_stb, avg_sl, avg_vr;
} totals_nums;

static const totals_nums lap_nums = {
    .sport = 25,
    .sub_sport = 39,
    .total_ascent = 21,
    .total_descent = 22,
    .avg_speed = 110,
    .max_speed = 111, // enhanced_avg_speed, enhanced_max_speed
    .avg_hr = 15,
    .max_hr = 16,
    .avg_cad = 17,
    .max_cad = 18,
    .avg_frac_cad = 80,
    .max_frac_cad = 81,
    .avg_power = 19,
    .max_power = 20,
    .avg_vo = 77,
    .avg_st = 79,
    .avg_stb = 119,
    .avg_sl = 120,
    .avg_vr = 118,
};

static const totals_nums session_nums = {
    .sport = 5,
    .sub_sport = 6,
    .total_ascent = 22,
    .total_descent = 23,
    .avg_speed = 124,
    .max_speed = 125, // enhanced_avg_speed, enhanced_max_speed
    .avg_hr = 16,
    .max_hr = 17,
    .avg_cad = 18,
    .max_cad = 19,
    .avg_frac_cad = 92,
    .max_frac_cad = 93,
    .avg_power = 20,
    .max_power = 21,
    .avg_vo = 89,
    .avg_st = 91,
    .avg_stb = 133,
    .avg_sl = 134,
    .avg_vr = 132,
};

// Fields 2..11 have the same numbers in lap and session: start_time 2, start_position_lat 3,
// start_position_long 4, total_elapsed_time 7, total_timer_time 8, total_distance 9,
// total_cycles 10 (read as total_strides when running), total_calories 11; the others come from
// `n`. FIT does not ask for any field order; readers see the fields in this one.
static void put_totals(mesg *m, const bks_fitw_totals *t, const totals_nums *n) {
  put_time(m, "start_time", 2, t->start_time);
  put_deg(m, "start_lat", 3, t->start_lat, 90.0);
  put_deg(m, "start_lon", 4, t->start_lon, 180.0);
  put_int(m, n->sport, T_ENUM, t->sport);
  put_int(m, n->sub_sport, T_ENUM, t->sub_sport);
  put_num(m, "total_elapsed_time", 7, T_U32, t->total_elapsed_time, 1000.0, 0.0, "s");
  put_num(m, "total_timer_time", 8, T_U32, t->total_timer_time, 1000.0, 0.0, "s");
  put_num(m, "total_distance", 9, T_U32, t->total_distance, 100.0, 0.0, "m");
  put_num(m, "total_strides", 10, T_U32, t->total_strides, 1.0, 0.0, "strides");
  put_num(m, "total_calories", 11, T_U16, t->total_calories, 1.0, 0.0, "kcal");
  put_num(m, "avg_heart_rate", n->avg_hr, T_U8, t->avg_heart_rate, 1.0, 0.0, "1/min");
  put_num(m, "max_heart_rate", n->max_hr, T_U8, t->max_heart_rate, 1.0, 0.0, "1/min");
  put_cadence(m, "avg_cadence_spm", n->avg_cad, n->avg_frac_cad, t->avg_cadence_spm);
  put_cadence(m, "max_cadence_spm", n->max_cad, n->max_frac_cad, t->max_cadence_spm);
  put_num(m, "avg_power", n->avg_power, T_U16, t->avg_power, 1.0, 0.0, "W");
  put_num(m, "max_power", n->max_power, T_U16, t->max_power, 1.0, 0.0, "W");
  put_num(m, "total_ascent", n->total_ascent, T_U16, t->total_ascent, 1.0, 0.0, "m");
  put_num(m, "total_descent", n->total_descent, T_U16, t->total_descent, 1.0, 0.0, "m");
  put_num(m, "avg_vertical_oscillation", n->avg_vo, T_U16, t->avg_vertical_oscillation, 10000.0,
          0.0, "m");
  put_num(m, "avg_stance_time", n->avg_st, T_U16, t->avg_stance_time, 10000.0, 0.0, "s");
  put_num(m, "avg_speed", n->avg_speed, T_U32, t->avg_speed, 1000.0, 0.0, "m/s");
  put_num(m, "max_speed", n->max_speed, T_U32, t->max_speed, 1000.0, 0.0, "m/s");
  put_num(m, "avg_vertical_ratio", n->avg_vr, T_U16, t->avg_vertical_ratio, 100.0, 0.0, "%");
  put_num(m, "avg_stance_time_balance", n->avg_stb, T_U16, t->avg_stance_time_balance, 100.0, 0.0,
          "%");
  put_num(m, "avg_step_length", n->avg_sl, T_U16, t->avg_step_length, 10000.0, 0.0, "m");
}

int bks_fitw_write_lap(bks_fitw *w, const bks_fitw_lap *l) {
  int rc = check_open(w, "lap", 0);
  if (rc < 0) return rc;
  if (w->nlaps_ >= 0xFFFEu) {
    set_msg(w, "lap: more than 65534 laps");
    return BKS_E_LIMIT;
  }
  mesg m;
  mesg_begin(&m, w, "lap");
  put_time(&m, "timestamp", 253, l->t.timestamp); // timestamp
  put_int(&m, 254, T_U16, w->nlaps_);             // message_index
  put_int(&m, 0, T_ENUM, EVENT_LAP);              // event
  put_int(&m, 1, T_ENUM, EVENT_TYPE_STOP);        // event_type
  put_totals(&m, &l->t, &lap_nums);
  put_deg(&m, "end_lat", 5, l->end_lat, 90.0);  // end_position_lat
  put_deg(&m, "end_lon", 6, l->end_lon, 180.0); // end_position_long
  put_int(&m, 24, T_ENUM, l->lap_trigger);      // lap_trigger
  rc = emit(&m, LOCAL_LAP, MESG_LAP);
  if (rc == BKS_OK) w->nlaps_++;
  return rc;
}

int bks_fitw_write_session(bks_fitw *w, const bks_fitw_session *s) {
  int rc = check_open(w, "session", 0);
  if (rc < 0) return rc;
  if (w->nsessions_ >= 0xFFFEu) {
    set_msg(w, "session: more than 65534 sessions");
    return BKS_E_LIMIT;
  }
  // by default a session covers the laps written since the previous one
  unsigned first =
      s->first_lap_index != BKS_FITW_NO_U16 ? s->first_lap_index : w->session_first_lap_;
  unsigned nlaps = s->num_laps != BKS_FITW_NO_U16 ? s->num_laps : w->nlaps_ - w->session_first_lap_;
  mesg m;
  mesg_begin(&m, w, "session");
  put_time(&m, "timestamp", 253, s->t.timestamp); // timestamp
  put_int(&m, 254, T_U16, w->nsessions_);         // message_index
  put_int(&m, 0, T_ENUM, EVENT_SESSION);          // event
  put_int(&m, 1, T_ENUM, EVENT_TYPE_STOP);        // event_type
  put_totals(&m, &s->t, &session_nums);
  put_int(&m, 25, T_U16, first);       // first_lap_index
  put_int(&m, 26, T_U16, nlaps);       // num_laps
  put_int(&m, 28, T_ENUM, s->trigger); // trigger
  rc = emit(&m, LOCAL_SESSION, MESG_SESSION);
  if (rc == BKS_OK) {
    w->nsessions_++;
    w->session_first_lap_ = w->nlaps_;
  }
  return rc;
}

int bks_fitw_write_activity(bks_fitw *w, const bks_fitw_activity *a) {
  int rc = check_open(w, "activity", 0);
  if (rc < 0) return rc;
  unsigned nsessions = a->num_sessions != BKS_FITW_NO_U16 ? a->num_sessions : w->nsessions_;
  mesg m;
  mesg_begin(&m, w, "activity");
  put_time(&m, "timestamp", 253, a->timestamp);                                     // timestamp
  put_num(&m, "total_timer_time", 0, T_U32, a->total_timer_time, 1000.0, 0.0, "s"); // scale 1000
  put_int(&m, 1, T_U16, nsessions);                                                 // num_sessions
  put_int(&m, 2, T_ENUM, a->type);                                                  // type
  put_int(&m, 3, T_ENUM, EVENT_ACTIVITY);                                           // event
  put_int(&m, 4, T_ENUM, EVENT_TYPE_STOP);                                          // event_type
  put_time(&m, "local_timestamp", 5, a->local_timestamp); // local_timestamp
  return emit(&m, LOCAL_ACTIVITY, MESG_ACTIVITY);
}

int bks_fitw_finish(bks_fitw *w) {
  w->msg_[0] = '\0';
  if (w->state_ == W_DONE) {
    set_msg(w, "finish: the file is already finished");
    return BKS_E_STATE;
  }
  if (w->state_ != W_OPEN) {
    set_msg(w, "finish: a FIT file needs a file_id message");
    return BKS_E_STATE;
  }
  bks_buf *b = w->out_;
  if (bks_buf_reserve(b, 2) < 0) {
    set_msg(w, "finish: out of memory");
    return BKS_E_NOMEM;
  }

  // header: data size (everything between header and file CRC), then the CRC of bytes 0..11
  uint8_t *h = b->data + w->start_;
  put_le(h + 4, (uint64_t)(b->len - w->start_ - HEADER_SIZE), 4);
  put_le(h + 12, bks_fit_crc16(0, h, 12), 2);

  // file CRC over header and data, little-endian
  uint16_t crc = bks_fit_crc16(0, h, b->len - w->start_);
  put_le(b->data + b->len, crc, 2);
  b->len += 2;
  w->state_ = W_DONE;
  return BKS_OK;
}

const char *bks_fitw_errmsg(const bks_fitw *w) { return w->msg_; }
