#!/usr/bin/env bash
# The runner's calendar: one run (2026-09-06T07:30Z) lands on the runner's own day in `runs`,
# `load` and the findings, for the time zone stored with 'profile set --tz' (UTC, UTC+14 and
# UTC-11: two different days), whatever the machine's TZ says; the last N days of `load` end
# today, and a window with no run says so.
#
# Usage: tests/calendar_cli.sh [SHARED_DIR]; BKS_BIN names the backstride binary.
# Exit: 0 pass, 1 fail, 77 skipped (no binary or no tzdata).
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"
[[ -e /usr/share/zoneinfo/Pacific/Kiritimati ]] || { echo "skipped: no tzdata" >&2; exit 77; }
export TZ=Europe/Berlin # the machine's zone: the profile's wins

mkdir -p "$tmp/one"
cp "$repo/data/example/easy-run.fit" "$tmp/one/"
expect 0 import "$tmp/one" --quiet
expect 0 profile set --mass 70 --height 1.75 --age 40 --sex f --quiet

# zone  local start  local day
while read -r zone start day; do
  expect 0 profile set --tz "$zone" --quiet
  expect 0 runs --json
  has "\"start_local\":\"$start\""
  expect 0 load --json --days 3 --today 2026-09-07
  printf '%s' "$out" >"$tmp/load.json"
  python3 - "$tmp/load.json" "$day" <<'PY' || bad "$zone: the run is not on $day in load: $out"
import json, sys
d = json.load(open(sys.argv[1]))
days = {x["day"]: x["load"] for x in d["days"]}
assert days.get(sys.argv[2], 0) > 0, days
assert sum(1 for v in days.values() if v > 0) == 1, days
assert d["newest_run"] == sys.argv[2], d["newest_run"]
PY
done <<'ZONES'
UTC 2026-09-06T07:30:00+00:00 2026-09-06
Pacific/Kiritimati 2026-09-06T21:30:00+14:00 2026-09-06
Pacific/Pago_Pago 2026-09-05T20:30:00-11:00 2026-09-05
America/Los_Angeles 2026-09-06T00:30:00-07:00 2026-09-06
ZONES

# the window ends today: long after the run, it says there was none, and names the newest
expect 0 profile set --tz UTC --quiet
expect 0 load --days 28 --today 2026-12-04
has 'no runs in the last 28 days (2026-11-07 to 2026-12-04); the newest run is on 2026-09-06'
expect 0 findings --today 2026-12-04 --json
has 'no runs in the last 28 days; the newest was on 2026-09-06'
lacks 'ratio 0.00'
exit $fail
