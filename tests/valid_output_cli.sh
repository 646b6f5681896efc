#!/usr/bin/env bash
# Output that stays valid: names with invalid UTF-8 still give valid JSON; a file name with
# terminal control sequences is printed with them made harmless; the runner's plausibility bounds
# hold for every option that takes the same quantity, and whatif refuses an impossible cadence.
#
# Usage: tests/valid_output_cli.sh [SHARED_DIR]; BKS_BIN names the backstride binary.
# Exit: 0 pass, 1 fail, 77 skipped (no binary).
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"
valid_json() { python3 -c 'import json,sys; json.loads(sys.stdin.buffer.read().decode("utf-8"))' <<<"$out" || bad "not valid UTF-8 JSON: $(head -c 200 <<<"$out" | od -c | head -3)"; }

expect 0 shoes add $'bad\xffshoe' --start 2026-01-01
expect 0 shoes list --json
valid_json
expect 0 log intervention $'belt \xe2\x82' --start 2026-01-01 # cut in the middle of a character
expect 0 diary --json
valid_json

mkdir -p "$tmp/f"
cp "$repo/data/example/easy-run.fit" "$tmp/f/"$'\e]0;pwned\a'"run.fit"
expect 0 import "$tmp/f" --quiet
expect 0 runs
[[ $out == *$'\e'* || $out == *$'\a'* ]] && bad "runs printed the file name's control characters"
has '?]0;pwned?run.fit'
expect 0 show 1
[[ $out == *$'\e'* ]] && bad "show printed the file name's control characters"
expect 0 runs --json
valid_json

for args in "--mass 1e6" "--mass 0.001" "--height 175" "--lean-deg 90"; do
  # shellcheck disable=SC2086
  expect 64 analyze 1 $args
done
expect 64 whatif 1 --cadence +1000%
expect 64 whatif 1 --mass 5000
expect 0 whatif 1 --cadence +5%
expect 64 profile set --mass 1e6 --height 1.7 --age 30 --sex f
exit $fail
