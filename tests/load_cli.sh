#!/usr/bin/env bash
# backstride load end to end on a temporary library holding the example history: one row per
# calendar day from the first run to the last, the day dose is the sum of that day's runs'
# doses (analyze), the spike week of the example (week 8, 60 % above the weeks before) is
# flagged and no day of the steady first seven weeks is; the second call reads the derived
# results cache (the same numbers); a new mass recomputes (other numbers); bad options exit 64.
#
# Usage: tests/load_cli.sh [SHARED_DIR]; BKS_BIN names the backstride binary.
# Exit: 0 pass, 1 fail, 77 skipped (no binary or no node to read the JSON).
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"
command -v node >/dev/null || { echo "skipped: node (to read the JSON) is absent" >&2; exit 77; }

# empty library: nothing to show, exit 0, valid JSON
out=$("$bin" --db "$db" load --json) || bad "load on a missing library exited $?"
[[ $out == *'"days":[]'* ]] || bad "empty library: $out"

"$bin" --db "$db" --quiet import "$repo/data/example" || bad "import failed"
"$bin" --db "$db" --quiet profile set --mass 70 --height 1.75 --age 40 --sex m || bad "profile"
"$bin" --db "$db" load --json --days 0 --tz-offset 0 --today 2026-09-06 >"$tmp/a.json" || bad "load exited $?"
"$bin" --db "$db" load --json --days 0 --tz-offset 0 --today 2026-09-06 >"$tmp/b.json" || bad "second load exited $?"
cmp -s "$tmp/a.json" "$tmp/b.json" || bad "the cached second call differs from the first"
# the easy run, analysed on its own, is the whole dose of its day (2026-09-06; analyze prints
# the dose to 0.1)
"$bin" --db "$db" --quiet analyze "$repo/data/example/easy-run.fit" --mass 70 --height 1.75 \
  --json >"$tmp/easy.json" || bad "analyze exited $?"
"$bin" --db "$db" profile set --mass 85 --height 1.75 --age 40 --sex m --quiet
"$bin" --db "$db" load --json --days 0 --tz-offset 0 --today 2026-09-06 >"$tmp/heavy.json" || bad "load (85 kg) exited $?"

node - "$tmp/a.json" "$tmp/easy.json" "$tmp/heavy.json" <<'JS' || fail=1
const fs = require('fs');
const [a, easy, heavy] = process.argv.slice(2).map(f => JSON.parse(fs.readFileSync(f, 'utf8')));
let ok = true;
const bad = (m) => { console.error('FAIL: ' + m); ok = false; };
if (a.runs !== 50 || a.modelled !== 50) bad(`runs ${a.runs}, modelled ${a.modelled}`);
const days = a.days.map(d => d.day);
if (days[0] !== '2026-06-16' || days[days.length - 1] !== '2026-09-06') bad(`days ${days[0]}..${days.at(-1)}`);
for (let i = 1; i < days.length; i++) {
  if (Date.parse(days[i]) - Date.parse(days[i - 1]) !== 86400000) bad(`gap after ${days[i - 1]}`);
}
const last = a.days.at(-1);
const want = easy.summary.lumbar_dose;
if (!(Math.abs(last.load - want) <= 0.051)) bad(`2026-09-06 load ${last.load} vs analyze ${want}`);
const flagged = a.days.filter(d => d.flags.some(f => f.startsWith('spike'))).map(d => d.day);
if (!flagged.some(d => d >= '2026-08-03' && d <= '2026-08-16')) bad(`spike week not flagged: ${flagged}`);
if (flagged.some(d => d < '2026-08-03')) bad(`steady weeks flagged: ${flagged}`);
if (!(heavy.days.at(-1).load > last.load)) bad('85 kg gives no higher dose than 70 kg');
if (a.model_key === heavy.model_key) bad('the model key ignores the mass');
process.exit(ok ? 0 : 1);
JS

for args in "--days -1" "--days x" "--tz-offset 20" "--bogus"; do
  "$bin" --db "$db" load $args >/dev/null 2>&1
  rc=$?
  [[ $rc == 64 ]] || bad "load $args exited $rc, want 64"
done
"$bin" load --help | grep -q "acute:chronic" || bad "load --help"
exit $fail
