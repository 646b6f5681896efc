#!/usr/bin/env bash
# Crash safety of `backstride import` (DESIGN.md: one transaction per file; a crash leaves all of a
# file's activities or none).
#
# A batch of 200 distinct runs is written with backstride's own FIT writer (`dev make-corpus` from
# the bundled data/example run, so no shared data is needed). `backstride import` is started on
# it and killed with SIGKILL after a random 0-300 ms, again and again, until 30 kills have landed
# while it was running. After every kill `backstride dev check-db` must find the library whole:
# SQLite's integrity check ok, foreign keys ok, every run with all of its samples, and as many
# sources as runs (each file holds one run, stored with its source in one transaction). When an
# import finishes before its kill, its counts must be exact and a fresh library starts the next
# round, so that kills keep landing mid-import. Finally a full re-run must report exactly the
# files the killed runs had not stored as imported and the rest as duplicates, ending with 200.
#
# Usage: tests/crash_import.sh [SHARED_DIR]   (the shared folder is not needed)
# Environment: BKS_BIN (default build/backstride), BKS_CRASH_SEED (random seed, printed).
# Exit: 0 pass, 1 fail, 77 skipped (no backstride binary).
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${BKS_BIN:-$repo/build/backstride}
if [[ ! -x $bin ]]; then
  echo "skipped: $bin is not built" >&2
  exit 77
fi

nfiles=200
want_kills=30
seed=${BKS_CRASH_SEED:-$(( $(date +%s) % 32768 ))}
RANDOM=$seed
echo "crash_import: seed $seed (BKS_CRASH_SEED=$seed reproduces the sleeps)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bks-crash-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# a number from a flat JSON object: json_num KEY TEXT
json_num() { grep -o "\"$1\":[0-9]*" <<<"$2" | head -1 | cut -d: -f2; }

"$bin" dev make-corpus --from "$repo/data/example" --out "$tmp/batch" --count "$nfiles" ||
  fail "dev make-corpus could not write the batch"

# check the library after a kill; prints the number of runs
check() {
  local out ex
  # killed before it created the library: nothing was stored, which is a whole state too
  if [[ ! -e $1 ]]; then
    echo 0
    return 0
  fi
  out=$("$bin" --db "$1" --json dev check-db 2>&1)
  ex=$?
  [[ $ex -eq 0 ]] || fail "$2: check-db exit $ex: $out"
  grep -q '"integrity":"ok"' <<<"$out" || fail "$2: integrity: $out"
  grep -q '"foreign_keys":"ok"' <<<"$out" || fail "$2: foreign keys: $out"
  [[ $(json_num incomplete_runs "$out") == 0 ]] || fail "$2: half-written runs: $out"
  local runs sources
  runs=$(json_num runs "$out")
  sources=$(json_num sources "$out")
  [[ $runs == "$sources" ]] || fail "$2: $runs runs but $sources sources: $out"
  echo "$runs"
}

round=1 kills=0 attempts=0 completed=0
db=$tmp/lib-$round.db
last=0
while ((kills < want_kills)); do
  ((attempts++ < 300)) || fail "only $kills kills landed in 300 attempts"
  "$bin" --db "$db" --quiet import "$tmp/batch" >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  sleep "$(printf '0.%03d' $((RANDOM % 301)))"
  kill -KILL "$pid" 2>/dev/null
  { wait "$pid"; } 2>/dev/null # (no "Killed" job notice)
  ex=$?
  if ((ex == 137)); then
    kills=$((kills + 1))
    runs=$(check "$db" "kill $kills (round $round)") || exit 1
    ((runs >= last)) || fail "kill $kills: runs went down from $last to $runs"
    last=$runs
  elif ((ex == 0)); then
    # the import finished before the kill: exact counts, then a fresh library
    completed=$((completed + 1))
    runs=$(check "$db" "round $round completed") || exit 1
    [[ $runs == "$nfiles" ]] || fail "round $round completed with $runs runs, want $nfiles"
    rm -f "$db" "$db-wal" "$db-shm" # (about 40 MB each)
    round=$((round + 1))
    db=$tmp/lib-$round.db
    last=0
  else
    fail "import exited $ex: $(cat "$tmp/err")"
  fi
done
echo "crash_import: $kills kills landed mid-import ($completed imports finished first, $round rounds)"

# the last library: a full re-run stores exactly what the kills left out
before=$(check "$db" "before the final run") || exit 1
out=$("$bin" --db "$db" --json import "$tmp/batch") || fail "final import exit $?: $out"
want="{\"imported\":$((nfiles - before)),\"duplicates\":$before,\"skipped\":0,\"failed\":[]}"
[[ $out == "$want" ]] || fail "final import printed $out, want $want"
after=$(check "$db" "after the final run") || exit 1
[[ $after == "$nfiles" ]] || fail "final library holds $after runs, want $nfiles"
# and once more: nothing new
out=$("$bin" --db "$db" --json import "$tmp/batch") || fail "repeat import exit $?: $out"
want="{\"imported\":0,\"duplicates\":$nfiles,\"skipped\":0,\"failed\":[]}"
[[ $out == "$want" ]] || fail "repeat import printed $out, want $want"
echo "crash_import: ok ($before runs stored before the final run, $nfiles after)"
