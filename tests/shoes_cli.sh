#!/usr/bin/env bash
# Shoes per run on the example history: each run counts for one pair at most. With two pairs in
# use over the same weeks the shared runs count for neither (and `shoes list` says so) until they
# are assigned; the distances of all pairs never add up to more than the runs' distance; names
# match in any case; the default pair is worn by runs imported after it was chosen.
#
# Usage: tests/shoes_cli.sh [SHARED_DIR]; BKS_BIN names the backstride binary.
# Exit: 0 pass, 1 fail, 77 skipped (no binary).
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"

km() { # the distance of pair $1 in `shoes list --json`
  python3 -c 'import json,sys; print(next(p["distance_km"] for p in json.load(sys.stdin) if p["name"]==sys.argv[1]))' "$1" <<<"$out"
}
runs_of() {
  python3 -c 'import json,sys; print(int(next(p["runs"] for p in json.load(sys.stdin) if p["name"]==sys.argv[1])))' "$1" <<<"$out"
}

# the history except the last run (easy-run.fit, 2026-09-06), which comes later
mkdir -p "$tmp/hist" "$tmp/later"
cp "$repo"/data/example/history/*.fit "$tmp/hist/"
cp "$repo"/data/example/easy-run.fit "$tmp/later/"
expect 0 import "$tmp/hist" --quiet
expect 0 runs --json
total=$(python3 -c 'import json,sys; print(sum(r["distance_m"] or 0 for r in json.load(sys.stdin))/1000)' <<<"$out")

# one pair: it carries every run
expect 0 shoes add "Daily trainers" --start 2026-03-01
expect 0 shoes list --json
python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); sys.exit(abs(a-b)>0.2)" "$(km "Daily trainers")" "$total" ||
  bad "one pair in use should carry every run: $(km "Daily trainers") km of $total"

# a second pair from 2026-08-24: the runs since then count for neither, never for both
expect 0 shoes add "new trainers" --start 2026-08-24
expect 64 shoes add "NEW TRAINERS" # names match in any case
expect 0 shoes list --json
sum=$(python3 -c 'import json,sys; print(sum(p["distance_km"] for p in json.load(sys.stdin)))' <<<"$out")
python3 -c "import sys; sys.exit(float(sys.argv[1]) > float(sys.argv[2]) + 0.2)" "$sum" "$total" ||
  bad "pairs add up to $sum km, more than the $total km run"
[[ $(runs_of "new trainers") == 0 ]] || bad "runs shared by two pairs counted for the new pair"
expect 0 shoes list
has 'count for no pair'

# assign them: the runs since 2026-08-24 (ids from runs --json) to the new pair, in any case
expect 0 runs --json
ids=$(python3 -c 'import json,sys; print(" ".join(str(r["id"]) for r in json.load(sys.stdin) if r["start_utc"] >= "2026-08-24"))' <<<"$out")
n=$(wc -w <<<"$ids")
(( n >= 5 )) || bad "expected several runs since 2026-08-24, got '$ids'"
# shellcheck disable=SC2086
expect 0 shoes assign $ids "New Trainers"
expect 0 shoes list --json
[[ $(runs_of "new trainers") == "$n" ]] || bad "new trainers: $(runs_of "new trainers") runs, want $n"
sum=$(python3 -c 'import json,sys; print(sum(p["distance_km"] for p in json.load(sys.stdin)))' <<<"$out")
python3 -c "import sys; sys.exit(abs(float(sys.argv[1]) - float(sys.argv[2])) > 0.2)" "$sum" "$total" ||
  bad "after assigning, the pairs should add up to the $total km run, not $sum"
expect 0 shoes list
lacks "count for no pair"

# the default pair is worn by runs imported later
expect 0 shoes default "NEW trainers"
expect 0 shoes list --json
has '"default":true'
expect 0 import "$tmp/later" --quiet
expect 0 shoes list --json
[[ $(runs_of "new trainers") == $((n + 1)) ]] || bad "the run imported after 'shoes default' does not wear the default pair"
expect 64 shoes default "Racing flats"
grep -q "no pair is named 'Racing flats'" "$tmp/err" || bad "shoes default of an unknown pair: $(cat "$tmp/err")"
expect 0 shoes list --json
has '"default":true' # an unknown name leaves the default as it was
expect 64 shoes assign 1 "Racing flats"
grep -q "no pair is named 'Racing flats'" "$tmp/err" || bad "shoes assign to an unknown pair: $(cat "$tmp/err")"
expect 64 shoes assign 99999 "new trainers"
expect 64 shoes assign x "new trainers"
expect 0 shoes default --none
expect 0 shoes list --json
lacks '"default":true'

# a retired pair is not the default
expect 0 shoes retire "Daily trainers" --date 2026-09-01
expect 64 shoes default "daily trainers"

exit $fail
