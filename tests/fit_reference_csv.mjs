// Where Garmin's JavaScript SDK stops early on a valid FIT file (a compressed-timestamp header, or
// an exception of its own), `backstride fit dump` goes on. This test checks what we decode after
// that point against the second set of references in ../shared/data, made with other tools:
//   - muktihari-fit: X.csv beside X.fit, Garmin's FitCSVTool output (every data message);
//   - python-fitparse: X-records.csv beside X.fit (record messages; FIT timestamps, SI units).
// Messages the SDK did decode are the parity test's business (tests/fit_parity.mjs); here only the
// messages from the first one the SDK did not print onwards are checked.
//
// Usage: node tests/fit_reference_csv.mjs --bin BACKSTRIDE --fitref FITREF --data DATA_DIR
// Exit 0 all match, 1 a difference, 77 when something needed is missing.
import { spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';

const FIT_EPOCH = 631065600;
const args = process.argv.slice(2);
const opt = {};
for (let i = 0; i < args.length; i += 2) opt[args[i].replace(/^--/, '')] = args[i + 1];
if (!opt.bin || !opt.fitref || !opt.data) {
  console.error('usage: fit_reference_csv.mjs --bin BACKSTRIDE --fitref FITREF --data DATA_DIR');
  process.exit(64);
}
if (!fs.existsSync(opt.data) || !fs.existsSync(opt.fitref)) {
  console.error(`skipped: ${fs.existsSync(opt.data) ? opt.fitref : opt.data} is missing`);
  process.exit(77);
}

const jsonLines = (s) => s.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const run = (cmd, argv) => spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 30 });

// a minimal CSV reader: quoted fields with "" escapes, no newlines inside fields
function parseCsv(text) {
  return text.split(/\r?\n/).filter((l) => l.length).map((line) => {
    const out = [];
    let cur = '', q = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (q) {
        if (c === '"' && line[i + 1] === '"') cur += '"', i++;
        else if (c === '"') q = false;
        else cur += c;
      } else if (c === '"') q = true;
      else if (c === ',') out.push(cur), cur = '';
      else cur += c;
    }
    out.push(cur);
    return out;
  });
}

const near = (a, b) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

// FitCSVTool prints invalid values too (we leave them out, as the SDK does); they are the base
// type's invalid value, possibly after the field's scale and offset
const INVALID = [0x7f, 0xff, 0x7fff, 0xffff, 0x7fffffff, 0xffffffff];
const SCALES = [1, 2, 5, 10, 16, 100, 256, 1000, 1024, 10000];
function looksInvalid(text) {
  return text.split('|').every((t) => {
    if (t === '' || t === '0') return true; // empty, or 0 in a z-type
    const v = Number(t);
    return SCALES.some((s) => INVALID.some((inv) => near(v * s, inv) || near((v + 500) * s, inv)));
  });
}

function sdkCount(fit) {
  const r = run(opt.fitref, [fit, '--summary']);
  const s = JSON.parse(r.stdout);
  const n = Object.values(s.counts).reduce((a, b) => a + b, 0);
  return { n, errors: s.errors };
}

function checkFitCsv(fit, csv, from) {
  const ours = jsonLines(run(opt.bin, ['fit', 'dump', fit]).stdout);
  const rows = parseCsv(fs.readFileSync(csv, 'utf8')).filter((r) => r[0] === 'Data');
  let i = 0, checked = 0;
  const bad = [];
  for (const r of rows) {
    const mesg = r[2];
    if (mesg.startsWith('unknown')) continue;
    while (i < ours.length && ours[i].mesg !== mesg) i++;
    if (i >= ours.length) {
      bad.push(`ran out of messages at a CSV ${mesg}`);
      break;
    }
    const o = ours[i], idx = i++;
    if (idx < from) continue;
    for (let k = 3; k + 1 < r.length; k += 3) {
      const name = r[k], text = r[k + 1];
      if (!name || name === 'unknown') continue;
      if (!(name in o)) {
        if (!looksInvalid(text)) bad.push(`message ${idx} ${mesg}.${name}: absent, CSV has ${text}`);
        continue;
      }
      const want = text.split('|');
      const got = Array.isArray(o[name]) ? o[name] : [o[name]];
      if (want.length !== got.length) {
        bad.push(`message ${idx} ${mesg}.${name}: ${JSON.stringify(o[name])} vs ${text}`);
        continue;
      }
      for (let e = 0; e < want.length; e++) {
        checked++;
        const g = got[e], w = want[e];
        const ok = typeof g === 'string' ? g === w
          : g === null ? looksInvalid(w)
          : near(g, Number(w)) || near(g - FIT_EPOCH, Number(w));
        if (!ok) bad.push(`message ${idx} ${mesg}.${name}: ${JSON.stringify(g)} vs ${w}`);
      }
    }
  }
  return { checked, bad };
}

// python-fitparse: "Timestamp, Heart Rate [bpm],Speed [m/s],Distance [m],Cadence [rpm]" with FIT
// timestamps; rows are matched to our records by timestamp
function checkRecordsCsv(fit, csv, from) {
  const ours = jsonLines(run(opt.bin, ['fit', 'dump', fit]).stdout);
  const rows = parseCsv(fs.readFileSync(csv, 'utf8'));
  const head = rows.shift().map((h) => h.trim().toLowerCase().replace(/ \[.*\]$/, '').replace(/ /g, '_'));
  if (head[0] !== 'timestamp' || !/^\d+$/.test(rows[0][0])) return null; // not FIT seconds
  const byTime = new Map();
  ours.forEach((o, idx) => {
    if (o.mesg === 'record' && idx >= from && o.timestamp !== undefined) byTime.set(o.timestamp - FIT_EPOCH, o);
  });
  let checked = 0;
  const bad = [];
  for (const r of rows) {
    const t = Number(r[0]);
    const o = byTime.get(t);
    if (!o) continue; // a record the SDK decoded (before `from`)
    for (let k = 1; k < head.length; k++) {
      checked++;
      if (r[k] === 'null') {
        if (head[k] in o) bad.push(`record ${t} ${head[k]}: ${o[head[k]]} vs null`);
      } else if (!(head[k] in o) || !near(o[head[k]], Number(r[k]))) {
        bad.push(`record ${t} ${head[k]}: ${o[head[k]]} vs ${r[k]}`);
      }
    }
  }
  if (checked === 0) bad.push('no record after the SDK stopped was found in the CSV');
  return { checked, bad };
}

function* walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}

let failed = 0, files = 0;
for (const f of walk(opt.data)) {
  if (!/\.fit$/i.test(f)) continue;
  const base = f.replace(/\.fit$/i, '');
  const csv = fs.existsSync(base + '.csv') ? [base + '.csv', checkFitCsv]
    : fs.existsSync(base + '-records.csv') ? [base + '-records.csv', checkRecordsCsv] : null;
  if (!csv) continue;
  const sdk = sdkCount(f);
  if (!sdk.errors.length) continue; // the SDK read it all: the parity test covers it
  // a file the SDK rejects as damaged is not ours to decode further
  const damaged = sdk.errors.some((e) => /CRC error|end of stream|not a FIT file/.test(e));
  if (damaged) continue;
  const res = csv[1](f, csv[0], sdk.n);
  if (!res) continue;
  files++;
  const rel = path.relative(opt.data, f);
  if (res.bad.length) {
    failed++;
    console.log(`FAIL ${rel}: ${res.bad.length} differences in ${res.checked} values after message ${sdk.n}`);
    res.bad.slice(0, 10).forEach((b) => console.log('     ' + b));
  } else {
    console.log(`ok   ${rel}: ${res.checked} values after message ${sdk.n} (SDK: ${sdk.errors[0]})`);
  }
}
console.log(`${files} files checked beyond the SDK, ${failed} failed`);
if (files === 0) process.exit(77);
process.exit(failed ? 1 : 0);
