#!/usr/bin/env bash
# Kilometres or miles: with 'profile set --units mi' every distance and pace a person reads is in
# miles (runs, show, shoes, the report), with 'km' in kilometres; JSON stays SI either way.
#
# Usage: tests/units_cli.sh [SHARED_DIR]; BKS_BIN names the backstride binary.
# Exit: 0 pass, 1 fail, 77 skipped (no binary).
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"
export TZ=UTC
mkdir -p "$tmp/one"
cp "$repo/data/example/easy-run.fit" "$tmp/one/" # 5.60 km in 32:14 = 3.48 mi
expect 0 import "$tmp/one" --quiet
expect 0 profile set --mass 70 --height 1.75 --age 40 --sex f --quiet
expect 0 shoes add Road --start 2026-01-01 --quiet

expect 0 runs --json
printf '%s' "$out" >"$tmp/km.json"
expect 0 runs
has '     km   elapsed'
has '5.60'
expect 0 profile set --units mi --quiet
expect 0 runs
has '     mi   elapsed'
has '3.48'
lacks '5.60'
expect 0 runs --json
cmp -s <(printf '%s' "$out") "$tmp/km.json" || bad "runs --json changed with the units: JSON stays SI"
expect 0 show 1
has 'distance   3.48 mi'
has '/mi (moving time)'
expect 0 shoes list
has '3.5 mi'
expect 0 findings --today 2026-09-07
has 'Road: 3 mi'
has '500 km (311 mi) of running in a pair'
expect 0 report --out "$tmp/report" --quiet
grep -q '3.48 mi in' "$tmp/report/index.html" || bad "the report's run page is not in miles"
expect 0 profile set --units km --quiet
expect 0 show 1
has 'distance   5.60 km'
exit $fail
