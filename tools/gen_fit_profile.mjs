#!/usr/bin/env node
// backstride — generate the FIT profile as C tables (src/io/fit_profile_data.c).
//
// Usage: node tools/gen_fit_profile.mjs [PATH/TO/fitsdk/src/profile.js] > src/io/fit_profile_data.c
//
// Reads src/profile.js (and its sibling src/fit.js, for the base-type tables) of Garmin's JavaScript
// FIT SDK, @garmin/fitsdk 21.217.0, and writes the tables that include/backstride/fit_profile.h
// declares. The field semantics follow how the SDK's own decoder (src/decoder.js) uses the profile,
// and names are converted with the same camelCase-to-snake_case rule as the reference decoder
// (../shared/tools/fitref.mjs). The output is deterministic. Notes go to stderr.
//
// The profile is published by Garmin under the Flexible and Interoperable Data Transfer (FIT)
// Protocol License; the generated tables remain under it.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { pathToFileURL } from 'url';

const WANT_VERSION = '21.217.0';

//---- Input ----

const cacheDir = process.env.FITREF_CACHE || path.join(os.homedir(), '.cache', 'backstride-fitref');
const profilePath = path.resolve(
  process.argv[2] || path.join(cacheDir, 'node_modules', '@garmin', 'fitsdk', 'src', 'profile.js'));
const fitPath = path.join(path.dirname(profilePath), 'fit.js');

if (!fs.existsSync(profilePath) || !fs.existsSync(fitPath)) {
  process.stderr.write(
    `gen_fit_profile: ${fs.existsSync(profilePath) ? fitPath : profilePath} not found.\n` +
    `Install Garmin's FIT JavaScript SDK into a cache directory, for example:\n` +
    `    mkdir -p ~/.cache/backstride-fitref && cd ~/.cache/backstride-fitref && ` +
    `npm install @garmin/fitsdk@${WANT_VERSION}\n` +
    `then run this script again (or set FITREF_CACHE to that directory, or pass the path of\n` +
    `node_modules/@garmin/fitsdk/src/profile.js as the first argument).\n`);
  process.exit(1);
}

const Profile = (await import(pathToFileURL(profilePath).href)).default;
const FIT = (await import(pathToFileURL(fitPath).href)).default;

const die = msg => {
  process.stderr.write(`gen_fit_profile: error: ${msg}\n`);
  process.exit(1);
};
const note = msg => process.stderr.write(`gen_fit_profile: ${msg}\n`);

const v = Profile.version || {};
const version = `${v.major}.${v.minor}.${v.patch}`;
if (version !== WANT_VERSION) die(`profile version is ${version}, expected ${WANT_VERSION}`);

//---- Names: exactly the rule of ../shared/tools/fitref.mjs ----

// The SDK names fields in camelCase; these are the profile names that a plain camelCase-to-snake_case
// rule would get wrong (checked against the profile of Garmin's Python SDK).
const PROFILE_NAMES = {
  speed1s: 'speed_1s', map3SampleMean: 'map_3_sample_mean', distance16: 'distance_16', cycles16: 'cycles_16',
  activeTime16: 'active_time_16', timestampMin8: 'timestamp_min_8', timestamp16: 'timestamp_16',
  eventTimestamp12: 'event_timestamp_12', timestamp32k: 'timestamp_32k', lastNight5MinHigh: 'last_night_5_min_high',
  average7DayDeviation: 'average_7_day_deviation',
};
const snake = s => PROFILE_NAMES[s] ||
  s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();

//---- Base types (from the SDK's fit.js, checked against our header) ----

const BASE_NAMES = ['ENUM', 'SINT8', 'UINT8', 'SINT16', 'UINT16', 'SINT32', 'UINT32', 'STRING', 'FLOAT32',
  'FLOAT64', 'UINT8Z', 'UINT16Z', 'UINT32Z', 'BYTE', 'SINT64', 'UINT64', 'UINT64Z'];
BASE_NAMES.forEach((n, i) => {
  if (FIT.BaseType[n] !== i) die(`fit.js BaseType.${n} is ${FIT.BaseType[n]}, expected ${i}`);
});
const NO_BASE = 0xff;
const baseConst = bt => (bt === NO_BASE ? 'BKS_FIT_NO_BASE' : `BKS_FIT_${BASE_NAMES[bt]}`);

// base type of a field type, as the SDK's decoder sees it ("enum" → uint8), or NO_BASE
const fieldBase = type => (Object.hasOwn(FIT.FieldTypeToBaseType, type) ? FIT.FieldTypeToBaseType[type] : NO_BASE);

// the kind of a field type
const KIND = { NUMERIC: 'BKS_FIT_KIND_NUMERIC', ENUM: 'BKS_FIT_KIND_ENUM', STRING: 'BKS_FIT_KIND_STRING',
  DATE_TIME: 'BKS_FIT_KIND_DATE_TIME', LOCAL_TIME: 'BKS_FIT_KIND_LOCAL_TIME', BOOL: 'BKS_FIT_KIND_BOOL' };
const kindOf = type => {
  if (type === 'string') return KIND.STRING;
  if (type === 'dateTime') return KIND.DATE_TIME;
  if (type === 'localDateTime') return KIND.LOCAL_TIME;
  if (type === 'bool') return KIND.BOOL;
  if (FIT.NumericFieldTypesSet.has(type)) return KIND.NUMERIC;
  return KIND.ENUM;
};

// The value that marks an expanded (component) value invalid in the SDK's decoder
const expandInvalid = type => {
  const bt = fieldBase(type);
  return bt === NO_BASE ? 0xff : FIT.BaseTypeDefinitions[bt].invalid;
};

// base type number of a profile `baseType` string ("enum" → ENUM here: this is the type's own base type)
const baseTypeOfName = name => {
  const i = BASE_NAMES.indexOf(String(name).toUpperCase());
  if (i < 0) die(`unknown baseType "${name}"`);
  return i;
};

//---- C literals ----

const cstr = s => {
  let out = '"';
  for (const b of Buffer.from(String(s), 'utf8')) {
    if (b === 0x22) out += '\\"';
    else if (b === 0x5c) out += '\\\\';
    else if (b === 0x3f) out += '\\?'; // never a trigraph
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += '\\' + b.toString(8).padStart(3, '0');
  }
  return out + '"';
};

// a double literal that reads back as exactly `x`
const cdbl = x => {
  if (typeof x !== 'number' || !Number.isFinite(x)) die(`not a finite number: ${x}`);
  if (Number.isInteger(x)) return (Object.is(x, -0) ? '-' : '') + BigInt(x).toString() + '.0';
  const s = String(x);
  return /[.eE]/.test(s) ? s : s + '.0';
};

const cu32 = x => {
  if (!Number.isInteger(x) || x < 0 || x > 0xffffffff) die(`not a uint32: ${x}`);
  return `${x}u`;
};

const checkU8 = (x, what) => {
  if (!Number.isInteger(x) || x < 0 || x > 255) die(`${what}: ${x} is not a uint8`);
  return x;
};

//---- Scale, offset, units ----

// { multi, value } of a profile scale or offset
const scalar = (x, dflt, what) => {
  if (x === undefined || x === null) return { multi: false, value: dflt };
  if (Array.isArray(x)) {
    if (x.length === 0) die(`${what}: empty array`);
    if (x.length > 1) return { multi: true, value: dflt };
    x = x[0];
  }
  if (typeof x !== 'number') die(`${what}: not a number: ${JSON.stringify(x)}`);
  return { multi: false, value: x };
};

const unitsOf = u => {
  if (Array.isArray(u)) return u.length === 1 ? String(u[0]) : '';
  return u == null ? '' : String(u);
};

//---- Build the tables ----

const mesgs = [];
const fields = [];
const subfields = [];
const submaps = [];
const comps = [];

// components of field or sub-field `x` of message `m` → comps; returns [first, n]
const addComps = (m, x, what, fieldFirst, fieldNums) => {
  const first = comps.length;
  const n = x.components?.length ?? 0;
  if (n === 0) return [first, 0];
  if (!Array.isArray(x.bits) || x.bits.length !== n) die(`${what}: ${n} components but bits ${JSON.stringify(x.bits)}`);
  if (!Array.isArray(x.scale) || x.scale.length !== n || !Array.isArray(x.offset) || x.offset.length !== n)
    die(`${what}: ${n} components but scale ${JSON.stringify(x.scale)} offset ${JSON.stringify(x.offset)}`);
  if (fieldBase(x.type) === NO_BASE) note(`${what}: components on a field of type ${x.type} (the SDK never expands them)`);
  for (let j = 0; j < n; j++) {
    const target = m.fields[x.components[j]];
    if (!target) die(`${what}: component target field ${x.components[j]} not in message`);
    comps.push({
      target: checkU8(Number(x.components[j]), `${what} component target`),
      targetIndex: fieldFirst + fieldNums.indexOf(Number(x.components[j])),
      bits: checkU8(x.bits[j], `${what} component bits`),
      accumulate: target.isAccumulated ? 1 : 0,
      scale: x.scale[j],
      offset: x.offset[j],
      what: `${snake(m.name)}.${snake(x.name)} -> ${snake(target.name)}`,
    });
  }
  return [first, n];
};

const mesgNums = Object.keys(Profile.messages).map(Number).sort((a, b) => a - b);
const mesgNames = new Set();
for (const num of mesgNums) {
  const m = Profile.messages[num];
  if (m.num !== num) die(`message key ${num} has num ${m.num}`);
  if (num > 0xffff) die(`message number ${num} > 65535`);
  const mname = snake(m.name);
  if (mesgNames.has(mname)) die(`duplicate message name ${mname}`);
  mesgNames.add(mname);

  const fieldNums = Object.keys(m.fields).map(Number).sort((a, b) => a - b);
  const byName = new Map();
  for (const fn of fieldNums) {
    const f = m.fields[fn];
    if (f.num !== fn) die(`${mname}: field key ${fn} has num ${f.num}`);
    if (byName.has(f.name)) die(`${mname}: duplicate field name ${f.name}`);
    byName.set(f.name, f);
  }
  const snakeNames = new Set();
  const first = fields.length;
  for (const fn of fieldNums) {
    const f = m.fields[fn];
    const fname = snake(f.name);
    const what = `${mname}.${fname}`;
    if (snakeNames.has(fname)) die(`${mname}: duplicate snake_case field name ${fname}`);
    snakeNames.add(fname);
    const sc = scalar(f.scale, 1, `${what} scale`);
    const of = scalar(f.offset, 0, `${what} offset`);
    const [compFirst, ncomp] = addComps(m, f, what, first, fieldNums);

    const subFirst = subfields.length;
    for (const s of f.subFields ?? []) {
      const swhat = `${what}/${snake(s.name)}`;
      const ssc = scalar(s.scale, 1, `${swhat} scale`);
      const sof = scalar(s.offset, 0, `${swhat} offset`);
      const mapFirst = submaps.length;
      for (const mp of s.map ?? []) {
        const ref = byName.get(mp.name);
        if (!ref) die(`${swhat}: map refers to field "${mp.name}", not in message ${mname}`);
        submaps.push({ ref: checkU8(ref.num, `${swhat} map ref`), value: mp.value, what: `${snake(mp.name)} == ${mp.value}` });
        cu32(mp.value);
      }
      if (submaps.length === mapFirst) die(`${swhat}: no map entries`);
      const [scFirst, nsc] = addComps(m, s, swhat, first, fieldNums);
      subfields.push({
        name: snake(s.name), type: snake(s.type), units: unitsOf(s.units), kind: kindOf(s.type),
        base: fieldBase(s.type), multi: ssc.multi || sof.multi, scale: ssc.value, offset: sof.value,
        mapFirst, nmap: submaps.length - mapFirst, compFirst: scFirst, ncomp: nsc, what: swhat,
      });
    }

    fields.push({
      name: fname, type: snake(f.type), units: unitsOf(f.units), num: checkU8(fn, `${what} number`),
      kind: kindOf(f.type), base: fieldBase(f.type), array: f.array ? 1 : 0, accumulated: f.isAccumulated ? 1 : 0,
      multi: sc.multi || of.multi, scale: sc.value, offset: of.value, invalid: expandInvalid(f.type),
      compFirst, ncomp, subFirst, nsub: subfields.length - subFirst,
    });
  }
  mesgs.push({ name: mname, num, first, n: fields.length - first });
}

//---- Types ----

// A type's base type: profile.js does not give it, so take the `baseType` of the fields and sub-fields
// whose type it is (the most common one; the profile has no conflicts).
const typeBaseCounts = new Map();
for (const m of Object.values(Profile.messages)) {
  for (const f of Object.values(m.fields)) {
    for (const x of [f, ...(f.subFields ?? [])]) {
      if (!typeBaseCounts.has(x.type)) typeBaseCounts.set(x.type, new Map());
      const c = typeBaseCounts.get(x.type);
      const bt = baseTypeOfName(x.baseType);
      c.set(bt, (c.get(bt) || 0) + 1);
    }
  }
}
// Types that no field of profile.js uses: their base types from Garmin's Profile.xlsx (the FIT SDK's
// type definitions). Anything else not used by a field defaults to enum, with a note.
const UNUSED_TYPE_BASE = {
  checksum: 'uint8', weight: 'uint16', timeIntoDay: 'uint32', supportedExdScreenLayouts: 'uint32z',
  timeZone: 'enum', autolapTrigger: 'enum', autoscroll: 'enum', powerPhaseType: 'enum',
  bikeLightNetworkConfigType: 'enum', turnType: 'enum', bikeLightBeamAngleMode: 'enum',
};
const unusedBase = t => {
  if (Object.hasOwn(UNUSED_TYPE_BASE, t)) return baseTypeOfName(UNUSED_TYPE_BASE[t]);
  if (/^(languageBits|sportBits)\d+$/.test(t)) return baseTypeOfName('uint8z');
  if (/ExerciseName$/.test(t)) return baseTypeOfName('uint16');
  note(`type ${t} is used by no field and has no known base type: enum`);
  return baseTypeOfName('enum');
};

const types = [];
const typeValues = [];
const typeNames = Object.keys(Profile.types).map(t => ({ t, name: snake(t) }))
  .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
const seenTypeNames = new Set();
let nunused = 0;
for (const { t, name } of typeNames) {
  if (seenTypeNames.has(name)) die(`duplicate type name ${name}`);
  seenTypeNames.add(name);
  let base;
  const counts = typeBaseCounts.get(t);
  if (counts) {
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    if (sorted.length > 1) note(`type ${t}: fields disagree on its base type (${JSON.stringify(sorted)}), using ${BASE_NAMES[sorted[0][0]]}`);
    base = sorted[0][0];
  } else {
    base = unusedBase(t);
    nunused++;
  }
  const vals = [];
  for (const [k, vname] of Object.entries(Profile.types[t])) {
    if (!/^\d+$/.test(k) || Number(k) > 0xffffffff) {
      note(`type ${t}: skipping key ${JSON.stringify(k)} (not a uint32)`);
      continue;
    }
    if (typeof vname !== 'string') {
      note(`type ${t}: skipping value ${k} (name is not a string)`);
      continue;
    }
    vals.push({ value: Number(k), name: snake(vname) });
  }
  vals.sort((a, b) => a.value - b.value);
  types.push({ name, base, first: typeValues.length, n: vals.length });
  typeValues.push(...vals);
}
note(`${nunused} types are used by no field; their base types come from the generator's table`);

for (const [what, n] of [['fields', fields.length], ['subfields', subfields.length], ['submaps', submaps.length],
  ['comps', comps.length], ['type values', typeValues.length]]) {
  if (n > 0xffff) die(`too many ${what} for uint16 indices: ${n}`);
}

//---- Output ----

const out = [];
const w = s => out.push(s);

w(`// backstride — the FIT profile as C tables. GENERATED FILE, DO NOT EDIT.`);
w(`//`);
w(`// Generated by tools/gen_fit_profile.mjs from src/profile.js of @garmin/fitsdk ${version}`);
w(`// (Garmin's FIT SDK profile). Regenerate with:`);
w(`//     node tools/gen_fit_profile.mjs > src/io/fit_profile_data.c`);
w(`//`);
w(`// The FIT profile is published by Garmin International, Inc. under the Flexible and Interoperable`);
w(`// Data Transfer (FIT) Protocol License; these tables are derived from it and remain under that`);
w(`// license. See docs/fit-profile.md.`);
w(`//`);
w(`// ${mesgs.length} messages, ${fields.length} fields, ${subfields.length} sub-fields, ${submaps.length} sub-field maps,`);
w(`// ${comps.length} components, ${types.length} types, ${typeValues.length} type values.`);
w(``);
w(`#include "backstride/fit_profile.h"`);
w(``);
w(`const char bks_fit_profile_version[] = ${cstr(version)};`);
w(``);

w(`// {name, num, field_first, nfields}`);
w(`const bks_fit_mesg_def bks_fit_mesgs[] = {`);
for (const m of mesgs) w(`  {${cstr(m.name)}, ${m.num}, ${m.first}, ${m.n}},`);
w(`};`);
w(`const unsigned bks_fit_nmesgs = ${mesgs.length}u;`);
w(``);

w(`// {name, type_name, units, num, kind, base_type, array, accumulated, multi_scale, scale, offset,`);
w(`//  expand_invalid, comp_first, ncomp, sub_first, nsub}`);
w(`const bks_fit_field bks_fit_fields[] = {`);
for (const m of mesgs) {
  w(`  // ${m.num} ${m.name}`);
  for (let i = m.first; i < m.first + m.n; i++) {
    const f = fields[i];
    w(`  {${cstr(f.name)}, ${cstr(f.type)}, ${cstr(f.units)}, ${f.num}, ${f.kind}, ${baseConst(f.base)}, ` +
      `${f.array}, ${f.accumulated}, ${f.multi ? 1 : 0}, ${cdbl(f.scale)}, ${cdbl(f.offset)}, ${cdbl(f.invalid)}, ` +
      `${f.compFirst}, ${f.ncomp}, ${f.subFirst}, ${f.nsub}}, // ${i}`);
  }
}
w(`};`);
w(`const unsigned bks_fit_nfields = ${fields.length}u;`);
w(``);

w(`// {name, type_name, units, kind, base_type, multi_scale, scale, offset, map_first, nmap, comp_first,`);
w(`//  ncomp}`);
w(`const bks_fit_subfield bks_fit_subfields[] = {`);
subfields.forEach((s, i) => {
  w(`  {${cstr(s.name)}, ${cstr(s.type)}, ${cstr(s.units)}, ${s.kind}, ${baseConst(s.base)}, ${s.multi ? 1 : 0}, ` +
    `${cdbl(s.scale)}, ${cdbl(s.offset)}, ${s.mapFirst}, ${s.nmap}, ${s.compFirst}, ${s.ncomp}}, // ${i} ${s.what}`);
});
if (!subfields.length) w(`  {"", "", "", 0, 0, 0, 0.0, 0.0, 0, 0, 0, 0}, // (none)`);
w(`};`);
w(``);

w(`// {ref_field, value}`);
w(`const bks_fit_submap bks_fit_submaps[] = {`);
submaps.forEach((mp, i) => w(`  {${mp.ref}, ${cu32(mp.value)}}, // ${i} ${mp.what}`));
if (!submaps.length) w(`  {0, 0u}, // (none)`);
w(`};`);
w(``);

w(`// {target, bits, accumulate, target_index, scale, offset}`);
w(`const bks_fit_comp bks_fit_comps[] = {`);
comps.forEach((c, i) => w(`  {${c.target}, ${c.bits}, ${c.accumulate}, ${c.targetIndex}, ${cdbl(c.scale)}, ${cdbl(c.offset)}}, // ${i} ${c.what}`));
if (!comps.length) w(`  {0, 0, 0, 0, 1.0, 0.0}, // (none)`);
w(`};`);
w(``);

w(`// {name, base_type, value_first, nvalues}; sorted by name`);
w(`const bks_fit_type bks_fit_types[] = {`);
for (const t of types) w(`  {${cstr(t.name)}, ${baseConst(t.base)}, ${t.first}, ${t.n}},`);
w(`};`);
w(`const unsigned bks_fit_ntypes = ${types.length}u;`);
w(``);

w(`// {value, name}; each type's values sorted by value`);
w(`const bks_fit_type_value bks_fit_type_values[] = {`);
for (const t of types) {
  if (!t.n) continue;
  w(`  // ${t.name}`);
  for (let i = t.first; i < t.first + t.n; i++) w(`  {${cu32(typeValues[i].value)}, ${cstr(typeValues[i].name)}},`);
}
if (!typeValues.length) w(`  {0u, ""}, // (none)`);
w(`};`);

process.stdout.write(out.join('\n') + '\n');
note(`${mesgs.length} messages, ${fields.length} fields, ${subfields.length} sub-fields, ${submaps.length} maps, ` +
  `${comps.length} components, ${types.length} types, ${typeValues.length} type values`);
