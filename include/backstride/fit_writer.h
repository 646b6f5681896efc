// backstride — a writer for FIT activity files.
//
// Messages are given as structs in SI units (the units of backstride's activity data model); the
// writer converts them to the FIT profile's fields, types, scales and offsets and appends the bytes
// to a caller-owned bks_buf. It defines each message type once, on a local message number of its
// own, and writes a new definition only when a message has a value for a field that the current
// definition lacks (the new definition is the union of both, so a channel that drops out for a
// few records is written as the FIT invalid value rather than causing a redefinition).
//
//     bks_buf b;
//     bks_fitw w;
//     bks_buf_init(&b);
//     bks_fitw_init(&w, &b);
//     bks_fitw_file_id id;
//     bks_fitw_file_id_init(&id);
//     id.type = BKS_FITW_FILE_ACTIVITY; id.manufacturer = BKS_FITW_MANUFACTURER_DEVELOPMENT; ...
//     rc = bks_fitw_write_file_id(&w, &id);
//     ... records, laps, session, activity ...
//     rc = bks_fitw_finish(&w);  // b.data[0..b.len) is now a complete FIT file
//     bks_buf_deinit(&b);
//
// Absent values: a double member that is NaN, an integer member equal to the FIT invalid value of
// its type (BKS_FITW_NO_U8, BKS_FITW_NO_U16, BKS_FITW_NO_U32; 0 for serial numbers, which FIT
// stores as uint32z). The `*_init` functions set every member absent.
//
// Ranges: a value that its FIT field cannot hold (after scale and offset, rounded to the field's
// resolution) is refused with BKS_E_RANGE and a message naming the message, the field and the
// allowed range; nothing is ever wrapped or clamped. A refused message writes nothing and the
// writer stays usable.
#ifndef BACKSTRIDE_FIT_WRITER_H
#define BACKSTRIDE_FIT_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "backstride/buf.h"
#include "backstride/status.h"

#ifdef __cplusplus
extern "C" {
#endif

//---- Absent values and FIT enum values ----

#define BKS_FITW_NO_U8 0xFFu
#define BKS_FITW_NO_U16 0xFFFFu
#define BKS_FITW_NO_U32 0xFFFFFFFFu

// values of FIT profile types the writer's callers need (numbers from the FIT profile)
enum {
  BKS_FITW_FILE_ACTIVITY = 4,                // file: activity
  BKS_FITW_MANUFACTURER_DEVELOPMENT = 255,   // manufacturer: development
  BKS_FITW_SPORT_RUNNING = 1,                // sport: running
  BKS_FITW_SUB_SPORT_GENERIC = 0,            // sub_sport: generic
  BKS_FITW_SUB_SPORT_TREADMILL = 1,          // sub_sport: treadmill
  BKS_FITW_SUB_SPORT_STREET = 2,             // sub_sport: street
  BKS_FITW_SUB_SPORT_TRAIL = 3,              // sub_sport: trail
  BKS_FITW_SUB_SPORT_TRACK = 4,              // sub_sport: track
  BKS_FITW_EVENT_TIMER = 0,                  // event: timer
  BKS_FITW_EVENT_TYPE_START = 0,             // event_type: start
  BKS_FITW_EVENT_TYPE_STOP = 1,              // event_type: stop
  BKS_FITW_EVENT_TYPE_STOP_ALL = 4,          // event_type: stop_all
  BKS_FITW_TIMER_TRIGGER_MANUAL = 0,         // timer_trigger: manual (event.data of timer events)
  BKS_FITW_LAP_TRIGGER_MANUAL = 0,           // lap_trigger: manual
  BKS_FITW_LAP_TRIGGER_TIME = 1,             // lap_trigger: time
  BKS_FITW_LAP_TRIGGER_DISTANCE = 2,         // lap_trigger: distance
  BKS_FITW_LAP_TRIGGER_SESSION_END = 7,      // lap_trigger: session_end
  BKS_FITW_SESSION_TRIGGER_ACTIVITY_END = 0, // session_trigger: activity_end
  BKS_FITW_ACTIVITY_MANUAL = 0,              // activity: manual
  BKS_FITW_DEVICE_INDEX_CREATOR = 0          // device_index: creator
};

//---- Messages ----

// file_id (global message 0). Must be the first message of a file.
typedef struct bks_fitw_file_id {
  uint8_t type;          // file type, BKS_FITW_FILE_ACTIVITY for an activity
  uint16_t manufacturer; // FIT manufacturer id
  uint16_t product;      // manufacturer's product id
  uint32_t serial_number;
  double time_created; // [s] Unix time (UTC)
} bks_fitw_file_id;

// device_info (global message 23).
typedef struct bks_fitw_device_info {
  double timestamp;      // [s] Unix time (UTC)
  uint8_t device_index;  // BKS_FITW_DEVICE_INDEX_CREATOR for the recording device
  uint8_t device_type;   // read as local_device_type / antplus_device_type per source
  uint16_t manufacturer; // FIT manufacturer id
  uint32_t serial_number;
  uint16_t product;
  double software_version; // e.g. 1.25 (two decimals)
  uint8_t hardware_version;
} bks_fitw_device_info;

// event (global message 21), e.g. timer start / stop_all.
typedef struct bks_fitw_event {
  double timestamp;   // [s] Unix time (UTC)
  uint8_t event;      // BKS_FITW_EVENT_*
  uint8_t event_type; // BKS_FITW_EVENT_TYPE_*
  uint32_t data;      // for timer events the timer_trigger (BKS_FITW_TIMER_TRIGGER_MANUAL)
  uint8_t event_group;
} bks_fitw_event;

// record (global message 20): one sample of the activity's channels.
typedef struct bks_fitw_record {
  double timestamp;            // [s] Unix time (UTC), rounded to whole seconds
  double lat;                  // [deg] WGS84 latitude → position_lat (semicircles)
  double lon;                  // [deg] WGS84 longitude → position_long (semicircles)
  double distance;             // [m] from the start (0.01 m resolution)
  double speed;                // [m/s] → enhanced_speed (0.001 m/s)
  double altitude;             // [m] → enhanced_altitude (0.2 m, from -500 m)
  double heart_rate;           // [1/min]
  double cadence_spm;          // [steps/min] both feet → cadence + fractional_cadence, which FIT
                               // keeps in strides (one foot) per minute: the writer halves it
  double power;                // [W]
  double vertical_oscillation; // [m] → vertical_oscillation (0.1 mm)
  double stance_time;          // [s] ground contact time → stance_time (0.1 ms)
  double stance_time_balance;  // [%] left foot's share of contact time (0.01 %)
  double step_length;          // [m] → step_length (0.1 mm)
  double vertical_ratio;       // [%] vertical oscillation / step length (0.01 %)
} bks_fitw_record;

// What a lap and a session both summarise.
typedef struct bks_fitw_totals {
  double timestamp;                // [s] Unix time (UTC) of the end
  double start_time;               // [s] Unix time (UTC) of the start
  double start_lat, start_lon;     // [deg]
  double total_elapsed_time;       // [s] (0.001 s)
  double total_timer_time;         // [s] timer running (0.001 s)
  double total_distance;           // [m] (0.01 m)
  double total_strides;            // strides (one foot's steps) → total_cycles
  double total_calories;           // [kcal]
  double avg_speed, max_speed;     // [m/s] → enhanced_avg_speed, enhanced_max_speed
  double avg_heart_rate;           // [1/min]
  double max_heart_rate;           // [1/min]
  double avg_cadence_spm;          // [steps/min] → avg_cadence + avg_fractional_cadence (strides)
  double max_cadence_spm;          // [steps/min] → max_cadence + max_fractional_cadence (strides)
  double avg_power, max_power;     // [W]
  double total_ascent;             // [m] (whole metres)
  double total_descent;            // [m] (whole metres)
  double avg_vertical_oscillation; // [m]
  double avg_stance_time;          // [s]
  double avg_stance_time_balance;  // [%]
  double avg_step_length;          // [m]
  double avg_vertical_ratio;       // [%]
  uint8_t sport;                   // BKS_FITW_SPORT_*
  uint8_t sub_sport;               // BKS_FITW_SUB_SPORT_*
} bks_fitw_totals;

// lap (global message 19). The writer sets message_index (laps in file order, from 0) and
// event = lap, event_type = stop.
typedef struct bks_fitw_lap {
  bks_fitw_totals t;
  double end_lat, end_lon; // [deg]
  uint8_t lap_trigger;     // BKS_FITW_LAP_TRIGGER_*
} bks_fitw_lap;

// session (global message 18). The writer sets message_index and event = session,
// event_type = stop.
typedef struct bks_fitw_session {
  bks_fitw_totals t;
  uint16_t first_lap_index; // BKS_FITW_NO_U16: the first lap written since the previous session
  uint16_t num_laps;        // BKS_FITW_NO_U16: the laps written since the previous session
  uint8_t trigger;          // BKS_FITW_SESSION_TRIGGER_*
} bks_fitw_session;

// activity (global message 34). The writer sets event = activity, event_type = stop.
typedef struct bks_fitw_activity {
  double timestamp;        // [s] Unix time (UTC)
  double total_timer_time; // [s]
  uint16_t num_sessions;   // BKS_FITW_NO_U16: the sessions written so far in this file
  uint8_t type;            // BKS_FITW_ACTIVITY_*
  double local_timestamp;  // [s] local wall-clock time counted like Unix time (UTC + offset)
} bks_fitw_activity;

/** Set every member of `m` absent (then set the ones you have). */
BKS_API void bks_fitw_file_id_init(bks_fitw_file_id *m);
/** Set every member of `m` absent. */
BKS_API void bks_fitw_device_info_init(bks_fitw_device_info *m);
/** Set every member of `m` absent. */
BKS_API void bks_fitw_event_init(bks_fitw_event *m);
/** Set every member of `m` absent. */
BKS_API void bks_fitw_record_init(bks_fitw_record *m);
/** Set every member of `m` absent. */
BKS_API void bks_fitw_lap_init(bks_fitw_lap *m);
/** Set every member of `m` absent (first_lap_index and num_laps then default as documented). */
BKS_API void bks_fitw_session_init(bks_fitw_session *m);
/** Set every member of `m` absent (num_sessions then defaults as documented). */
BKS_API void bks_fitw_activity_init(bks_fitw_activity *m);

//---- Writer ----

#define BKS_FITW_NLOCAL 7 // local message numbers used: one per message type above

// A writer. Complete so that callers can place it on the stack; members ending in `_` are
// private.
typedef struct bks_fitw {
  bks_buf *out_;                      // where the bytes go
  size_t start_;                      // offset of this file's header in out_
  uint64_t defined_[BKS_FITW_NLOCAL]; // fields of each local message's current definition
  unsigned state_;                    // where in the file we are
  unsigned nlaps_;                    // laps written
  unsigned nsessions_;                // sessions written
  unsigned session_first_lap_;        // first lap of the session being written
  char msg_[160];                     // last error's message
} bks_fitw;

/**
 * Begin a FIT file at the end of `out` (whatever `out` already holds stays in front of it, so
 * several files can be chained). Writes a placeholder 14-byte header. `out` must outlive the
 * writer's use, and nothing else may change it until bks_fitw_finish. Returns BKS_OK or
 * BKS_E_NOMEM (the writer then refuses every call with BKS_E_STATE).
 */
BKS_API int bks_fitw_init(bks_fitw *w, bks_buf *out);

// Every bks_fitw_write_* call appends one message and returns BKS_OK; BKS_E_RANGE when a value
// does not fit its field; BKS_E_INVAL when no field has a value; BKS_E_STATE when called out of
// order (before file_id, a second file_id, after finish); BKS_E_LIMIT when the file would pass
// the 4 GiB a FIT header can describe, or 65534 laps or sessions; BKS_E_NOMEM. On error nothing
// is written and bks_fitw_errmsg says why; the writer stays usable.

/** Append file_id. It must be the first message, and there is one per file. */
BKS_API int bks_fitw_write_file_id(bks_fitw *w, const bks_fitw_file_id *m);
/** Append device_info. */
BKS_API int bks_fitw_write_device_info(bks_fitw *w, const bks_fitw_device_info *m);
/** Append an event. */
BKS_API int bks_fitw_write_event(bks_fitw *w, const bks_fitw_event *m);
/** Append a record (one sample). */
BKS_API int bks_fitw_write_record(bks_fitw *w, const bks_fitw_record *m);
/** Append a lap; its message_index is the number of laps written before it in this file. */
BKS_API int bks_fitw_write_lap(bks_fitw *w, const bks_fitw_lap *m);
/** Append a session; its message_index is the number of sessions written before it. */
BKS_API int bks_fitw_write_session(bks_fitw *w, const bks_fitw_session *m);
/** Append the activity message (usually last). */
BKS_API int bks_fitw_write_activity(bks_fitw *w, const bks_fitw_activity *m);

/**
 * Complete the file: fill in the header's data size and CRC and append the file CRC. The file is
 * then the bytes of `out` from the offset it had at bks_fitw_init to its end. Returns
 * BKS_OK, BKS_E_STATE (no file_id, or already finished) or BKS_E_NOMEM.
 */
BKS_API int bks_fitw_finish(bks_fitw *w);

/** A message a person can act on, for the last error ("" when the last call succeeded). */
BKS_API const char *bks_fitw_errmsg(const bks_fitw *w);

#ifdef __cplusplus
}
#endif

#endif
