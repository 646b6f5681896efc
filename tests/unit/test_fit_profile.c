// backstride — tests of the generated FIT profile tables and their lookups.
#include "backstride/fit_profile.h"
#include "harness.h"

// the totals of the profile of @garmin/fitsdk 21.217.0
enum {
  N_MESGS = 125,
  N_FIELDS = 1566,
  N_SUBFIELDS = 163,
  N_SUBMAPS = 232,
  N_COMPS = 120,
  N_TYPES = 215,
  N_TYPE_VALUES = 4760
};

static const bks_fit_field *field(const char *mesg, const char *name) {
  return bks_fit_field_by_name(bks_fit_mesg_by_name(mesg), name);
}

static const bks_fit_subfield *subfield(const bks_fit_field *f, const char *name) {
  if (!f) return NULL;
  for (unsigned i = 0; i < f->nsub; i++)
    if (strcmp(bks_fit_subfields[f->sub_first + i].name, name) == 0)
      return &bks_fit_subfields[f->sub_first + i];
  return NULL;
}

BKS_TEST(version_and_counts) {
  BKS_CHECK_STR(bks_fit_profile_version, "21.217.0");
  BKS_CHECK_EQ_INT(bks_fit_nmesgs, N_MESGS);
  BKS_CHECK_EQ_INT(bks_fit_nfields, N_FIELDS);
  BKS_CHECK_EQ_INT(bks_fit_ntypes, N_TYPES);
}

// the index ranges tile each table exactly, and everything is sorted as the header promises
BKS_TEST(tables_consistent) {
  unsigned next_field = 0, next_sub = 0, next_map = 0, next_comp = 0, next_value = 0;
  for (unsigned i = 0; i < bks_fit_nmesgs; i++) {
    const bks_fit_mesg_def *m = &bks_fit_mesgs[i];
    if (i) BKS_CHECK(bks_fit_mesgs[i - 1].num < m->num);
    BKS_CHECK_EQ_INT(m->field_first, next_field);
    BKS_CHECK(m->nfields > 0 || m->num == 105); // pad (105) has no fields
    next_field += m->nfields;
    for (unsigned j = 0; j < m->nfields; j++) {
      const bks_fit_field *f = &bks_fit_fields[m->field_first + j];
      if (j) BKS_CHECK(f[-1].num < f->num);
      BKS_CHECK_EQ_INT(f->comp_first, next_comp);
      next_comp += f->ncomp;
      for (unsigned c = 0; c < f->ncomp; c++)
        BKS_CHECK(bks_fit_field_by_num(m, bks_fit_comps[f->comp_first + c].target) != NULL);
      BKS_CHECK_EQ_INT(f->sub_first, next_sub);
      for (unsigned s = 0; s < f->nsub; s++) {
        const bks_fit_subfield *sf = &bks_fit_subfields[f->sub_first + s];
        BKS_CHECK_EQ_INT(sf->map_first, next_map);
        BKS_CHECK(sf->nmap > 0);
        next_map += sf->nmap;
        for (unsigned k = 0; k < sf->nmap; k++)
          BKS_CHECK(bks_fit_field_by_num(m, bks_fit_submaps[sf->map_first + k].ref_field) != NULL);
        BKS_CHECK_EQ_INT(sf->comp_first, next_comp);
        next_comp += sf->ncomp;
      }
      next_sub += f->nsub;
      if (f->multi_scale) {
        BKS_CHECK_NEAR(f->scale, 1.0, 0.0);
        BKS_CHECK_NEAR(f->offset, 0.0, 0.0);
      }
    }
  }
  BKS_CHECK_EQ_INT(next_field, N_FIELDS);
  BKS_CHECK_EQ_INT(next_sub, N_SUBFIELDS);
  BKS_CHECK_EQ_INT(next_map, N_SUBMAPS);
  BKS_CHECK_EQ_INT(next_comp, N_COMPS);
  for (unsigned i = 0; i < bks_fit_ntypes; i++) {
    const bks_fit_type *t = &bks_fit_types[i];
    if (i) BKS_CHECK(strcmp(bks_fit_types[i - 1].name, t->name) < 0);
    BKS_CHECK(t->base_type < BKS_FIT_NBASE);
    BKS_CHECK_EQ_INT(t->value_first, next_value);
    for (unsigned j = 1; j < t->nvalues; j++)
      BKS_CHECK(bks_fit_type_values[t->value_first + j - 1].value <
                bks_fit_type_values[t->value_first + j].value);
    next_value += t->nvalues;
  }
  BKS_CHECK_EQ_INT(next_value, N_TYPE_VALUES);
}

BKS_TEST(record_message) {
  const bks_fit_mesg_def *m = bks_fit_mesg_by_num(20);
  BKS_CHECK(m != NULL);
  if (!m) return;
  BKS_CHECK_STR(m->name, "record");
  BKS_CHECK_EQ_INT(m->num, 20);
  BKS_CHECK(bks_fit_mesg_by_name("record") == m);
  BKS_CHECK_STR(bks_fit_mesg_by_num(0)->name, "file_id");
  BKS_CHECK_STR(bks_fit_mesg_by_num(18)->name, "session");
  BKS_CHECK_STR(bks_fit_mesg_by_num(bks_fit_mesgs[bks_fit_nmesgs - 1].num)->name,
                bks_fit_mesgs[bks_fit_nmesgs - 1].name);

  const bks_fit_field *hr = bks_fit_field_by_num(m, 3);
  BKS_CHECK(hr != NULL && hr == bks_fit_field_by_name(m, "heart_rate"));
  BKS_CHECK_STR(hr->type_name, "uint8");
  BKS_CHECK_STR(hr->units, "bpm");
  BKS_CHECK_EQ_INT(hr->kind, BKS_FIT_KIND_NUMERIC);
  BKS_CHECK_EQ_INT(hr->base_type, BKS_FIT_UINT8);
  BKS_CHECK_NEAR(hr->expand_invalid, 255.0, 0.0);

  const bks_fit_field *alt = bks_fit_field_by_name(m, "altitude");
  BKS_CHECK(alt != NULL);
  BKS_CHECK_EQ_INT(alt->num, 2);
  BKS_CHECK_NEAR(alt->scale, 5.0, 0.0);
  BKS_CHECK_NEAR(alt->offset, 500.0, 0.0);
  BKS_CHECK_EQ_INT(alt->multi_scale, 0);
  BKS_CHECK_EQ_INT(alt->ncomp, 1);
  BKS_CHECK_EQ_INT(bks_fit_comps[alt->comp_first].target, 78); // enhanced_altitude
  BKS_CHECK_EQ_INT(bks_fit_comps[alt->comp_first].bits, 16);

  const bks_fit_field *ts = bks_fit_field_by_num(m, 253);
  BKS_CHECK_STR(ts->name, "timestamp");
  BKS_CHECK_STR(ts->type_name, "date_time");
  BKS_CHECK_EQ_INT(ts->kind, BKS_FIT_KIND_DATE_TIME);
  BKS_CHECK_EQ_INT(ts->base_type, BKS_FIT_NO_BASE);

  const bks_fit_field *dist = bks_fit_field_by_num(m, 5);
  BKS_CHECK_STR(dist->name, "distance");
  BKS_CHECK_EQ_INT(dist->accumulated, 1);
  BKS_CHECK_NEAR(dist->scale, 100.0, 0.0);
  BKS_CHECK_NEAR(dist->expand_invalid, 4294967295.0, 0.0);

  BKS_CHECK_STR(bks_fit_field_by_num(m, 17)->name, "speed_1s"); // a PROFILE_NAMES exception
  BKS_CHECK_EQ_INT(bks_fit_field_by_num(m, 17)->array, 1);
}

BKS_TEST(compressed_speed_distance) {
  const bks_fit_mesg_def *m = bks_fit_mesg_by_num(20);
  const bks_fit_field *f = bks_fit_field_by_num(m, 8);
  BKS_CHECK(f != NULL);
  if (!f) return;
  BKS_CHECK_STR(f->name, "compressed_speed_distance");
  BKS_CHECK_STR(f->type_name, "byte");
  BKS_CHECK_EQ_INT(f->base_type, BKS_FIT_BYTE);
  BKS_CHECK_EQ_INT(f->array, 1);
  BKS_CHECK_EQ_INT(f->multi_scale, 1);
  BKS_CHECK_NEAR(f->scale, 1.0, 0.0);
  BKS_CHECK_EQ_INT(f->ncomp, 2);
  const bks_fit_comp *c = &bks_fit_comps[f->comp_first];
  BKS_CHECK_EQ_INT(c[0].target, 6);
  BKS_CHECK_STR(bks_fit_field_by_num(m, c[0].target)->name, "speed");
  BKS_CHECK_EQ_INT(c[0].bits, 12);
  BKS_CHECK_NEAR(c[0].scale, 100.0, 0.0);
  BKS_CHECK_NEAR(c[0].offset, 0.0, 0.0);
  BKS_CHECK_EQ_INT(c[0].accumulate, 0);
  BKS_CHECK_EQ_INT(c[1].target, 5);
  BKS_CHECK_STR(bks_fit_field_by_num(m, c[1].target)->name, "distance");
  BKS_CHECK_EQ_INT(c[1].bits, 12);
  BKS_CHECK_NEAR(c[1].scale, 16.0, 0.0);
  BKS_CHECK_EQ_INT(c[1].accumulate, 1);
}

BKS_TEST(event_data_subfields) {
  const bks_fit_mesg_def *m = bks_fit_mesg_by_name("event");
  BKS_CHECK(m != NULL);
  if (!m) return;
  BKS_CHECK_EQ_INT(m->num, 21);
  const bks_fit_field *data = bks_fit_field_by_name(m, "data");
  BKS_CHECK(data != NULL);
  if (!data) return;
  BKS_CHECK_EQ_INT(data->num, 3);
  BKS_CHECK(data->nsub > 10);
  const bks_fit_subfield *tt = subfield(data, "timer_trigger");
  BKS_CHECK(tt != NULL);
  if (!tt) return;
  BKS_CHECK_STR(tt->type_name, "timer_trigger");
  BKS_CHECK_EQ_INT(tt->kind, BKS_FIT_KIND_ENUM);
  BKS_CHECK_EQ_INT(tt->base_type, BKS_FIT_NO_BASE);
  BKS_CHECK_EQ_INT(tt->nmap, 1);
  BKS_CHECK_EQ_INT(bks_fit_submaps[tt->map_first].ref_field, 0);
  BKS_CHECK_STR(bks_fit_field_by_num(m, 0)->name, "event");
  BKS_CHECK_EQ_INT(bks_fit_submaps[tt->map_first].value, 0);

  const bks_fit_subfield *gear = subfield(data, "gear_change_data");
  BKS_CHECK(gear != NULL);
  if (!gear) return;
  BKS_CHECK_EQ_INT(gear->multi_scale, 1);
  BKS_CHECK_EQ_INT(gear->ncomp, 4);
  BKS_CHECK_EQ_INT(gear->nmap, 2); // front_gear_change, rear_gear_change

  // data16 expands into data
  const bks_fit_field *d16 = bks_fit_field_by_name(m, "data16");
  BKS_CHECK(d16 != NULL && d16->ncomp == 1);
  if (d16) BKS_CHECK_EQ_INT(bks_fit_comps[d16->comp_first].target, 3);
}

BKS_TEST(session_avg_speed) {
  const bks_fit_mesg_def *m = bks_fit_mesg_by_num(18);
  const bks_fit_field *f = bks_fit_field_by_name(m, "avg_speed");
  BKS_CHECK(f != NULL);
  if (!f) return;
  BKS_CHECK_EQ_INT(f->num, 14);
  BKS_CHECK_NEAR(f->scale, 1000.0, 0.0);
  BKS_CHECK_NEAR(f->offset, 0.0, 0.0);
  BKS_CHECK_EQ_INT(f->multi_scale, 0);
  BKS_CHECK_STR(f->units, "m/s");
  BKS_CHECK_EQ_INT(f->ncomp, 1);
  const bks_fit_comp *c = &bks_fit_comps[f->comp_first];
  BKS_CHECK_STR(bks_fit_field_by_num(m, c->target)->name, "enhanced_avg_speed");
  BKS_CHECK_EQ_INT(c->bits, 16);
  BKS_CHECK_NEAR(c->scale, 1000.0, 0.0);
  BKS_CHECK_EQ_INT(c->accumulate, 0);
  BKS_CHECK_STR(field("session", "sport")->type_name, "sport");
  BKS_CHECK_EQ_INT(field("session", "sport")->kind, BKS_FIT_KIND_ENUM);
}

BKS_TEST(kinds) {
  BKS_CHECK_EQ_INT(field("file_id", "product_name")->kind, BKS_FIT_KIND_STRING);
  BKS_CHECK_EQ_INT(field("file_id", "product_name")->base_type, BKS_FIT_STRING);
  BKS_CHECK_EQ_INT(field("file_id", "serial_number")->base_type, BKS_FIT_UINT32Z);
  BKS_CHECK_NEAR(field("file_id", "serial_number")->expand_invalid, 0.0, 0.0);
  BKS_CHECK_EQ_INT(field("activity", "local_timestamp")->kind, BKS_FIT_KIND_LOCAL_TIME);
  BKS_CHECK_STR(field("activity", "local_timestamp")->type_name, "local_date_time");
  BKS_CHECK_EQ_INT(field("hrm_profile", "enabled")->kind, BKS_FIT_KIND_BOOL);
  BKS_CHECK_EQ_INT(field("file_id", "type")->kind, BKS_FIT_KIND_ENUM);
  BKS_CHECK_EQ_INT(field("file_id", "type")->base_type, BKS_FIT_NO_BASE);
  BKS_CHECK_EQ_INT(field("record", "position_lat")->base_type, BKS_FIT_SINT32);
  BKS_CHECK_NEAR(field("record", "position_lat")->expand_invalid, 2147483647.0, 0.0);

  // file_id.product: manufacturer-selected sub-fields
  const bks_fit_subfield *gp = subfield(field("file_id", "product"), "garmin_product");
  BKS_CHECK(gp != NULL);
  if (gp) {
    BKS_CHECK_EQ_INT(gp->nmap, 4);
    BKS_CHECK_EQ_INT(bks_fit_submaps[gp->map_first].ref_field, 1); // manufacturer
    BKS_CHECK_EQ_INT(bks_fit_submaps[gp->map_first].value, 1);     // garmin
  }
}

BKS_TEST(types) {
  const bks_fit_type *sport = bks_fit_type_by_name("sport");
  BKS_CHECK(sport != NULL);
  if (!sport) return;
  BKS_CHECK_EQ_INT(sport->base_type, BKS_FIT_ENUM);
  BKS_CHECK_STR(bks_fit_type_value_name(sport, 0), "generic");
  BKS_CHECK_STR(bks_fit_type_value_name(sport, 1), "running");
  BKS_CHECK_STR(bks_fit_type_value_name(sport, 254), "all");
  BKS_CHECK(bks_fit_type_value_name(sport, 253) == NULL);

  const bks_fit_type *mf = bks_fit_type_by_name("manufacturer");
  BKS_CHECK(mf != NULL && mf->base_type == BKS_FIT_UINT16);
  BKS_CHECK_STR(bks_fit_type_value_name(mf, 1), "garmin");

  const bks_fit_type *tt = bks_fit_type_by_name("timer_trigger");
  BKS_CHECK(tt != NULL);
  BKS_CHECK_STR(bks_fit_type_value_name(tt, 0), "manual");

  BKS_CHECK_EQ_INT(bks_fit_type_by_name("date_time")->base_type, BKS_FIT_UINT32);
  BKS_CHECK_EQ_INT(bks_fit_type_by_name("bench_press_exercise_name")->base_type, BKS_FIT_UINT16);

  // values at the top of the uint32 range
  const bks_fit_type *ant = bks_fit_type_by_name("ant_channel_id");
  BKS_CHECK(ant != NULL);
  BKS_CHECK_STR(bks_fit_type_value_name(ant, 0xF0000000u),
                "ant_extended_device_number_upper_nibble");

  BKS_CHECK(bks_fit_type_by_name(bks_fit_types[0].name) == &bks_fit_types[0]);
  BKS_CHECK(bks_fit_type_by_name(bks_fit_types[bks_fit_ntypes - 1].name) ==
            &bks_fit_types[bks_fit_ntypes - 1]);
}

BKS_TEST(absent) {
  BKS_CHECK(bks_fit_mesg_by_num(65535) == NULL);
  BKS_CHECK(bks_fit_mesg_by_num(17) == NULL);
  BKS_CHECK(bks_fit_mesg_by_name("no_such_message") == NULL);
  BKS_CHECK(bks_fit_mesg_by_name(NULL) == NULL);
  const bks_fit_mesg_def *rec = bks_fit_mesg_by_num(20);
  BKS_CHECK(bks_fit_field_by_num(rec, 200) == NULL);
  BKS_CHECK(bks_fit_field_by_num(rec, 14) == NULL);
  BKS_CHECK(bks_fit_field_by_num(NULL, 3) == NULL);
  BKS_CHECK(bks_fit_field_by_name(rec, "no_such_field") == NULL);
  BKS_CHECK(bks_fit_field_by_name(rec, "avg_speed") == NULL); // a session field, not a record one
  BKS_CHECK(bks_fit_field_by_name(NULL, "heart_rate") == NULL);
  BKS_CHECK(bks_fit_type_by_name("no_such_type") == NULL);
  BKS_CHECK(bks_fit_type_by_name("") == NULL);
  BKS_CHECK(bks_fit_type_by_name(NULL) == NULL);
  BKS_CHECK(bks_fit_type_value_name(NULL, 1) == NULL);
  BKS_CHECK(bks_fit_type_value_name(bks_fit_type_by_name("sport"), 0xFFFFFFFFu) == NULL);
}

BKS_TEST(base_size) {
  BKS_CHECK_EQ_INT(bks_fit_base_size(BKS_FIT_ENUM), 1);
  BKS_CHECK_EQ_INT(bks_fit_base_size(BKS_FIT_SINT8), 1);
  BKS_CHECK_EQ_INT(bks_fit_base_size(BKS_FIT_UINT8), 1);
  BKS_CHECK_EQ_INT(bks_fit_base_size(BKS_FIT_SINT16), 2);
  BKS_CHECK_EQ_INT(bks_fit_base_size(BKS_FIT_UINT16), 2);
  BKS_CHECK_EQ_INT(bks_fit_base_size(BKS_FIT_SINT32), 4);
  BKS_CHECK_EQ_INT(bks_fit_base_size(BKS_FIT_UINT32), 4);
  BKS_CHECK_EQ_INT(bks_fit_base_size(BKS_FIT_STRING), 1);
  BKS_CHECK_EQ_INT(bks_fit_base_size(BKS_FIT_FLOAT32), 4);
  BKS_CHECK_EQ_INT(bks_fit_base_size(BKS_FIT_FLOAT64), 8);
  BKS_CHECK_EQ_INT(bks_fit_base_size(BKS_FIT_UINT8Z), 1);
  BKS_CHECK_EQ_INT(bks_fit_base_size(BKS_FIT_UINT16Z), 2);
  BKS_CHECK_EQ_INT(bks_fit_base_size(BKS_FIT_UINT32Z), 4);
  BKS_CHECK_EQ_INT(bks_fit_base_size(BKS_FIT_BYTE), 1);
  BKS_CHECK_EQ_INT(bks_fit_base_size(BKS_FIT_SINT64), 8);
  BKS_CHECK_EQ_INT(bks_fit_base_size(BKS_FIT_UINT64), 8);
  BKS_CHECK_EQ_INT(bks_fit_base_size(BKS_FIT_UINT64Z), 8);
  BKS_CHECK_EQ_INT(bks_fit_base_size(BKS_FIT_NBASE), 1);
  BKS_CHECK_EQ_INT(bks_fit_base_size(BKS_FIT_NO_BASE), 1);
  BKS_CHECK_EQ_INT(bks_fit_base_size(0x84), 1); // the full base-type byte is not a base type number
}

BKS_TEST_MAIN(BKS_CASE(version_and_counts), BKS_CASE(tables_consistent), BKS_CASE(record_message),
              BKS_CASE(compressed_speed_distance), BKS_CASE(event_data_subfields),
              BKS_CASE(session_avg_speed), BKS_CASE(kinds), BKS_CASE(types), BKS_CASE(absent),
              BKS_CASE(base_size))
