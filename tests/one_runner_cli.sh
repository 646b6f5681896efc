#!/usr/bin/env bash
# One runner everywhere: with a stored profile (68 kg, 1.72 m), every run of the example library
# gives the same dose in `analyze RUN_ID` (no options) as in `load` (the sum of its day), and
# `analyze`, `whatif`, `model` and `steps` say the runner came from the stored profile; options
# override it and say so; without a profile the defaults are named as defaults.
#
# Usage: tests/one_runner_cli.sh [SHARED_DIR]; BKS_BIN names the backstride binary.
# Exit: 0 pass, 1 fail, 77 skipped (no binary).
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"

# no profile: the defaults, named as such
expect 0 model --speed 3.3 --contact-ms 250 --cadence 170 --json
has '"mass_kg":70.00,"height_m":1.750,"source":"default"'

expect 0 import "$repo/data/example" --quiet
expect 0 profile set --mass 68 --height 1.72 --age 41 --sex f --quiet

expect 0 analyze 1
has 'runner: 68.0 kg, 1.72 m (stored profile)'
expect 0 analyze 1 --mass 80
has 'runner: 80.0 kg, 1.72 m (options)'
expect 0 whatif 1 --cadence +5% --json
has '"mass_kg":68.00,"height_m":1.720,"source":"profile"'
expect 0 model --speed 3.3 --contact-ms 250 --cadence 170 --json
has '"source":"profile"'
expect 0 model --speed 3.3 --contact-ms 250 --cadence 170 --mass 90 --height 1.8 --json
has '"mass_kg":90.00,"height_m":1.800,"source":"options"'

# every run: analyze's dose, summed per day, is load's dose of that day
expect 0 load --json --days 0 --tz-offset 0 --today 2026-09-06
printf '%s' "$out" >"$tmp/load.json"
expect 0 runs --json
ids=$(python3 -c 'import json,sys; print(" ".join(str(r["id"]) for r in json.load(sys.stdin)))' <<<"$out")
: >"$tmp/an.jsonl"
for id in $ids; do
  "$bin" --db "$db" analyze "$id" --json >>"$tmp/an.jsonl" 2>/dev/null || bad "analyze $id failed"
  echo >>"$tmp/an.jsonl"
done
python3 - "$tmp/load.json" "$tmp/an.jsonl" <<'PY' || fail=1
import json, sys, collections
load = json.load(open(sys.argv[1]))
by_day = collections.defaultdict(float)
n = 0
for line in open(sys.argv[2]):
    if not line.strip():
        continue
    a = json.loads(line)
    assert a["runner"]["source"] == "profile", a["runner"]
    assert a["runner"]["mass_kg"] == 68 and a["runner"]["height_m"] == 1.72, a["runner"]
    by_day[a["run"]["start_utc"][:10]] += a["summary"]["lumbar_dose"]
    n += 1
bad = 0
for d in load["days"]:
    want = by_day.get(d["day"], 0.0)
    # both print the dose to 0.1: a day of up to three runs may differ by their rounding
    if abs(d["load"] - want) > 0.2:
        print(f"FAIL: {d['day']}: load {d['load']} vs analyze {want:.1f}", file=sys.stderr)
        bad = 1
if n != 50:
    print(f"FAIL: analysed {n} runs, want 50", file=sys.stderr)
    bad = 1
sys.exit(bad)
PY

# steps: the stored profile's mass, no --mass needed (a made-up second of standing is enough to
# check that it runs without one; the step detector has its own tests)
python3 -c 'print("t,ax,ay,az"); [print(f"{i/100:.2f},0,0,1") for i in range(200)]' >"$tmp/still.csv"
expect 0 steps --imu "$tmp/still.csv"
grep -q "default 70 kg" "$tmp/err" && bad "steps used the default mass although a profile is stored"
rm -f "$db"
expect 0 steps --imu "$tmp/still.csv"
grep -q "default 70 kg" "$tmp/err" || bad "steps without a profile or --mass did not name the default"
exit $fail
