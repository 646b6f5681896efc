#!/usr/bin/env bash
# The bundled example run (data/example/easy-run.fit, written by backstride's FIT writer) decoded
# by Garmin's own SDK through ../shared/tools/fitref: no errors, the expected message counts, and
# the session totals the simulator wrote.
#
# Usage: tests/fit_writer_fitref.sh [SHARED_DIR]   (default: ../shared beside the repo)
# Exit: 0 pass, 1 fail, 77 skipped (node or fitref missing).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${1:-$repo/../shared}
fitref=$shared/tools/fitref
file=$repo/data/example/easy-run.fit

if ! command -v node >/dev/null 2>&1; then
  echo "skipped: node not found" >&2
  exit 77
fi
if [[ ! -x $fitref ]]; then
  echo "skipped: $fitref not found" >&2
  exit 77
fi
if [[ ! -f $file ]]; then
  echo "FAIL: $file is missing" >&2
  exit 1
fi

summary=$("$fitref" "$file" --summary)
session=$("$fitref" "$file" --mesg session)

# what bks_example_write_run writes (see data/example/README.md)
SUMMARY=$summary SESSION=$session node - <<'JS'
const s = JSON.parse(process.env.SUMMARY);
const want = {file_id: 1, device_info: 1, event: 2, record: 1935, lap: 6, session: 1, activity: 1};
const fails = [];
if (!Array.isArray(s.errors) || s.errors.length) fails.push(`errors: ${JSON.stringify(s.errors)}`);
for (const [k, n] of Object.entries(want))
  if (s.counts?.[k] !== n) fails.push(`${k}: ${s.counts?.[k]} messages, want ${n}`);
for (const k of Object.keys(s.counts ?? {}))
  if (!(k in want)) fails.push(`unexpected message ${k}`);

const lines = process.env.SESSION.trim().split('\n');
if (lines.length !== 1) fails.push(`session lines: ${lines.length}`);
const m = JSON.parse(lines[0]);
const near = (k, v, tol) => {
  if (!(Math.abs(m[k] - v) <= tol)) fails.push(`session.${k} = ${m[k]}, want ${v} ± ${tol}`);
};
near('start_time', 1788679800, 0); // 2026-09-06T07:30:00Z
near('total_distance', 5601.27, 0.005);
near('total_timer_time', 1934, 0.0005);
near('total_elapsed_time', 1934, 0.0005);
near('sport', 1, 0);
near('num_laps', 6, 0);
const spm = 2 * (m.avg_cadence + m.avg_fractional_cadence);
if (!(spm >= 168 && spm <= 172)) fails.push(`mean cadence ${spm} steps/min`);

if (fails.length) {
  for (const f of fails) console.error(`FAIL: ${f}`);
  process.exit(1);
}
console.log('fit_writer_fitref: 1 passed, 0 failed');
JS
