#!/usr/bin/env node
// backstride — differential test of `backstride fit dump` against ../shared/tools/fitref (Garmin's
// JavaScript FIT SDK). No npm dependencies.
//
//   node tests/fit_parity.mjs [options] FILE...      check the named FIT files
//   node tests/fit_parity.mjs [options] --all DIR    check every *.fit / *.FIT under DIR
//
// Options:
//   --bin PATH      the backstride executable (default: <repo>/build/backstride)
//   --fitref PATH   the reference decoder (default: <repo>/../shared/tools/fitref)
//   --cache DIR     where fitref's outputs are cached, keyed by file path, size and mtime
//                   (default: the folder of --bin, fit-parity-cache/)
//   --jobs N        files checked at once (default: number of CPUs, at most 4)
//   --timeout S     seconds allowed to each decoder run (default 300)
//
// Rules, per file:
//  - both outputs are JSON Lines, one data message per line, compared message by message: same
//    `mesg`, same set of keys (our extra "developer" key is ignored), equal values: numbers within a
//    relative 1e-9 (absolute 1e-9 near zero), arrays element-wise, null only equal to null, strings
//    exactly;
//  - when fitref reported no error: the same number of messages, and our exit status is 0;
//  - when fitref reported an error ({"errors":[...]} on its stderr): we print at least as many
//    messages and the first N match; our exit status is 65 (bad input data) when the SDK diagnosed
//    the file ("FIT Runtime Error ...": bad CRC, end of stream, not a FIT file...), and 0 when the
//    error is one of the SDK's limits on valid files: compressed-timestamp headers ("not currently
//    supported"), or a JavaScript exception thrown inside the SDK or while printing (a BigInt that
//    JSON cannot serialise, "Cannot read properties of undefined" on a valid file). See sdkLimit().
// fitref runs one file at a time (its wrapper rewrites its script in the cache on every run, so
// parallel runs can read a half-written script); backstride runs --jobs files at once.
// Exit status: 0 all files pass; 1 some failed; 2 usage; 77 (CTest's skip) when fitref, npm for its
// first install, or the data folder is missing.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const SKIP = 77;
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Is fitref's error one of the SDK's limits on a valid file (then backstride matches what the SDK
// printed, decodes the rest and exits 0), rather than the SDK's diagnosis of a damaged file (exit 65)?
// The SDK reports what it finds wrong with a file as "FIT Runtime Error ..." (decoder.js, stream.js,
// bit-stream.js) or "Unsupported FIT base type"; anything else is an exception thrown by JavaScript
// inside the SDK or by JSON.stringify in fitref, e.g. "Do not know how to serialize a BigInt" or
// "Cannot read properties of undefined (reading '0')" (muktihari-fit triathlon_summary_first.fit,
// whose CRC is valid).
function sdkLimit(error) {
  if (/compressed timestamp messages are not currently supported/i.test(error)) return true;
  if (/serializ/i.test(error)) return true; // JSON serialisation of a value (BigInt)
  if (/^FIT Runtime Error\b/.test(error) || /Unsupported FIT base type/.test(error)) return false;
  return true;
}

//---- Arguments ----

function usage(msg) {
  if (msg) console.error(`fit_parity: ${msg}`);
  console.error('usage: fit_parity.mjs [--bin PATH] [--fitref PATH] [--cache DIR] [--jobs N] ' +
                '[--timeout S] (--all DIR | FILE...)');
  process.exit(2);
}

const opt = {
  bin: path.join(repo, 'build', 'backstride'),
  fitref: path.join(repo, '..', 'shared', 'tools', 'fitref'),
  cache: null,
  jobs: Math.max(1, Math.min(4, os.cpus().length)),
  timeout: 300,
  all: null,
  files: [],
};
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => (++i < argv.length ? argv[i] : usage(`${a} needs a value`));
    if (a === '--bin') opt.bin = val();
    else if (a === '--fitref') opt.fitref = val();
    else if (a === '--cache') opt.cache = val();
    else if (a === '--jobs') opt.jobs = Math.max(1, parseInt(val(), 10) || 1);
    else if (a === '--timeout') opt.timeout = Math.max(1, Number(val()) || 300);
    else if (a === '--all') opt.all = val();
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else opt.files.push(a);
  }
  if (!opt.all && opt.files.length === 0) usage('no input');
  opt.bin = path.resolve(opt.bin);
  opt.fitref = path.resolve(opt.fitref);
  opt.cache = path.resolve(opt.cache || path.join(path.dirname(opt.bin), 'fit-parity-cache'));
}

function skip(why) {
  console.log(`fit_parity: skipped: ${why}`);
  process.exit(SKIP);
}

//---- Inputs ----

function walk(dir, out) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && /\.fit$/i.test(e.name)) out.push(p); // *.fit, *.FIT; not *.fit.gz
  }
  return out;
}

let files = opt.files.map(f => path.resolve(f));
const shown = new Map(files.map((f, i) => [f, opt.files[i]])); // names as given on the command line
let base = null;
if (opt.all) {
  const dir = path.resolve(opt.all);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) skip(`no data folder at ${dir}`);
  base = dir;
  files = files.concat(walk(dir, []));
  if (files.length === 0) skip(`no .fit files under ${dir}`);
}
if (!fs.existsSync(opt.fitref)) skip(`no reference decoder at ${opt.fitref}`);
if (!fs.existsSync(opt.bin)) {
  console.error(`fit_parity: no backstride executable at ${opt.bin} (build it first)`);
  process.exit(1);
}

//---- Running the decoders ----

// run a command; resolves {status, signal, stdout, stderr, timedOut}
function run(cmd, args) {
  return new Promise(resolve => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [], err = [];
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, opt.timeout * 1000);
    child.stdout.on('data', d => out.push(d));
    child.stderr.on('data', d => err.push(d));
    child.on('error', e => {
      clearTimeout(timer);
      resolve({ status: null, signal: null, stdout: '', stderr: String(e), timedOut });
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout: Buffer.concat(out).toString('utf8'),
                stderr: Buffer.concat(err).toString('utf8'), timedOut });
    });
  });
}

// the reference decoder's script, so that a change to it invalidates the cache
const fitrefStamp = (() => {
  const parts = [];
  for (const f of [opt.fitref, path.join(path.dirname(opt.fitref), 'fitref.mjs')]) {
    try { const s = fs.statSync(f); parts.push(`${f}:${s.size}:${s.mtimeMs}`); } catch { parts.push(f); }
  }
  return parts.join('|');
})();

// one fitref process at a time (see the header)
let fitrefQueue = Promise.resolve();
function runFitref(file) {
  const p = fitrefQueue.then(() => run(opt.fitref, [file]));
  fitrefQueue = p.catch(() => {});
  return p;
}

async function fitref(file) {
  const st = fs.statSync(file);
  const key = crypto.createHash('sha256')
    .update(`${file}\0${st.size}\0${st.mtimeMs}\0${fitrefStamp}`).digest('hex').slice(0, 32);
  const cached = path.join(opt.cache, `${key}.json.gz`);
  try {
    return JSON.parse(zlib.gunzipSync(fs.readFileSync(cached)).toString('utf8'));
  } catch { /* not cached yet */ }
  const r = await runFitref(file);
  if (r.status === 0 && !r.timedOut) {
    fs.mkdirSync(opt.cache, { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, zlib.gzipSync(JSON.stringify({ status: r.status, stdout: r.stdout, stderr: r.stderr })));
    fs.renameSync(tmp, cached);
  }
  return r;
}

//---- Comparing ----

// parse JSON Lines; returns {mesgs, bad} with the first line that is not a JSON object
function parseLines(text) {
  const mesgs = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    let o;
    try { o = JSON.parse(lines[i]); } catch (e) { return { mesgs, bad: `line ${i + 1}: ${e.message}: ${clip(lines[i])}` }; }
    if (o === null || typeof o !== 'object' || Array.isArray(o)) return { mesgs, bad: `line ${i + 1} is not an object` };
    mesgs.push(o);
  }
  return { mesgs, bad: null };
}

// fitref's {"errors":[...]} line on stderr, or [] when there is none
function fitrefErrors(stderr) {
  const errors = [];
  for (const line of stderr.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    try {
      const o = JSON.parse(t);
      if (Array.isArray(o.errors)) errors.push(...o.errors.map(String));
    } catch { /* not the errors line */ }
  }
  return errors;
}

function equal(a, b) {
  if (a === null || b === null) return a === b;
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b) return true;
    const d = Math.abs(a - b);
    return d <= 1e-9 || d <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every(k => Object.hasOwn(b, k) && equal(a[k], b[k]));
  }
  return typeof a === typeof b && a === b; // strings, booleans
}

function clip(s, n = 160) {
  s = typeof s === 'string' ? s : JSON.stringify(s);
  if (s === undefined) return 'undefined';
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

// differences between our message and fitref's: [{key, ours, theirs}] (empty when they match)
function diffMesg(ours, theirs) {
  const diffs = [];
  const keys = new Set([...Object.keys(theirs), ...Object.keys(ours).filter(k => k !== 'developer')]);
  for (const k of keys) {
    const inOurs = Object.hasOwn(ours, k), inTheirs = Object.hasOwn(theirs, k);
    if (!inOurs) diffs.push({ key: k, ours: '(missing)', theirs: clip(theirs[k]) });
    else if (!inTheirs) diffs.push({ key: k, ours: clip(ours[k]), theirs: '(missing)' });
    else if (!equal(ours[k], theirs[k])) diffs.push({ key: k, ours: clip(ours[k]), theirs: clip(theirs[k]) });
  }
  // the message name first: when it differs, the rest is noise
  diffs.sort((x, y) => (x.key === 'mesg' ? -1 : y.key === 'mesg' ? 1 : 0));
  return diffs;
}

function formatDiff(i, ours, theirs, diffs) {
  const lines = [`  message ${i} (line ${i + 1}; ours: ${ours.mesg}, fitref: ${theirs.mesg}) differs:`];
  const w = Math.max(3, ...diffs.map(d => d.key.length));
  lines.push(`    ${'key'.padEnd(w)}  ours  |  fitref`);
  for (const d of diffs.slice(0, 20)) lines.push(`    ${d.key.padEnd(w)}  ${d.ours}  |  ${d.theirs}`);
  if (diffs.length > 20) lines.push(`    … and ${diffs.length - 20} more keys`);
  return lines;
}

async function check(file) {
  const [ref, ours] = await Promise.all([fitref(file), run(opt.bin, ['fit', 'dump', file])]);
  const fails = [], details = [];

  if (ref.timedOut || ref.status !== 0) {
    const why = ref.timedOut ? 'timed out' : `exit ${ref.status ?? ref.signal}`;
    return { ok: false, reason: `fitref failed (${why}): ${clip(ref.stderr.trim(), 300)}`, details };
  }
  if (ours.timedOut) return { ok: false, reason: `backstride timed out after ${opt.timeout} s`, details };
  if (ours.status === null) {
    return { ok: false, reason: `backstride died (${ours.signal || 'spawn error'}): ${clip(ours.stderr.trim(), 300)}`, details };
  }

  const theirs = parseLines(ref.stdout);
  if (theirs.bad) return { ok: false, reason: `fitref output is not JSON Lines (${theirs.bad})`, details };
  const mine = parseLines(ours.stdout);
  if (mine.bad) fails.push(`our output is not JSON Lines (${mine.bad})`);

  const errors = fitrefErrors(ref.stderr);
  const known = errors.length > 0 && errors.every(sdkLimit);
  const a = mine.mesgs, b = theirs.mesgs;

  // message by message, up to the shorter of the two
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const diffs = diffMesg(a[i], b[i]);
    if (diffs.length) {
      fails.push(`message ${i} differs`);
      details.push(...formatDiff(i, a[i], b[i], diffs));
      break;
    }
  }

  // message counts
  if (errors.length === 0 && a.length !== b.length) {
    fails.push(`${a.length} messages, fitref ${b.length}`);
    const extra = a.length > b.length ? a[b.length] : b[a.length];
    details.push(`  first unmatched message (${a.length > b.length ? 'ours' : 'fitref'}, #${n}): ${clip(JSON.stringify(extra), 300)}`);
  } else if (errors.length > 0 && a.length < b.length) {
    fails.push(`${a.length} messages, fewer than the ${b.length} fitref printed before its error`);
  }

  // exit status
  const want = errors.length === 0 || known ? 0 : 65;
  if (ours.status !== want) {
    const why = errors.length === 0 ? 'fitref decoded the file without error'
      : known ? `fitref stopped at an SDK limit on a valid file (${clip(errors[0], 120)})`
      : `the SDK diagnosed a damaged file (${clip(errors[0], 120)})`;
    fails.push(`exit status ${ours.status}, expected ${want}: ${why}`);
    const stderr = ours.stderr.trim();
    if (stderr) details.push(`  our stderr: ${clip(stderr, 300)}`);
  }

  const note = errors.length ? `; fitref error: ${clip(errors[0], 80)}` : '';
  if (fails.length) return { ok: false, reason: fails.join('; ') + note, details };
  return { ok: true, reason: `${a.length} messages${errors.length ? `, ${b.length} matched` : ''}${note}`, details };
}

//---- Main ----

// install the SDK once before running fitref in parallel, and skip when it cannot be had
{
  const r = spawnSync(opt.fitref, [files[0], '--summary'], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) {
    const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' });
    const msg = `fitref does not run (${r.error ? r.error.message : `exit ${r.status}`}): ${clip((r.stderr || '').trim(), 300)}`;
    if (npm.status !== 0) skip(`${msg}; npm is not installed`);
    console.error(`fit_parity: ${msg}`);
    process.exit(1);
  }
}

const results = new Array(files.length);
let next = 0, printed = 0, passed = 0, failed = 0;
const t0 = Date.now();

function flush() {
  while (printed < files.length && results[printed]) {
    const r = results[printed];
    const f = files[printed];
    const name = shown.get(f) || (base ? path.relative(base, f) : f);
    console.log(`${r.ok ? 'OK  ' : 'FAIL'} ${name}: ${r.reason}`);
    for (const line of r.details) console.log(line);
    printed++;
  }
}

async function worker() {
  while (next < files.length) {
    const i = next++;
    try {
      results[i] = await check(files[i]);
    } catch (e) {
      results[i] = { ok: false, reason: `internal error: ${e && e.stack || e}`, details: [] };
    }
    if (results[i].ok) passed++; else failed++;
    flush();
  }
}

await Promise.all(Array.from({ length: Math.min(opt.jobs, files.length) }, worker));
flush();
const secs = ((Date.now() - t0) / 1000).toFixed(1);
console.log(`fit_parity: ${files.length} files, ${passed} passed, ${failed} failed (${secs} s)`);
process.exit(failed ? 1 : 0);
