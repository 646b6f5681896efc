#!/usr/bin/env bash
# Import speed: `backstride import` of 1,000 realistic run files into a fresh library, end to end
# (process start, walking the folder, hashing, FIT decoding, normalising, SQLite with one
# transaction per file, the final checkpoint), against merely reading the same files (`cat` to
# /dev/null, and `backstride fit stats`, which decodes every field on every core), in one run on
# the same machine. Goal (issue 3): at most 10 s for the 1,000 files on the 2-core machines the
# project is developed on. Peak memory comes from /usr/bin/time -v.
#
# The corpus is written by `backstride dev make-corpus` with the project's FIT writer from the real
# FIT runs under ../shared/data (from the bundled example run when that is absent): each file a
# distinct run on its own day, values jittered, every file's bytes different.
#
# Usage: bench/import.sh [BUILD_DIR] [COUNT]   (defaults: build-bench, 1000)
# Environment: BKS_BIN to use an existing binary instead of building BUILD_DIR.
# Exit: 0 goal met, 1 goal missed or a step failed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build-bench}
count=${2:-1000}
shared=${BKS_SHARED_DIR:-$root/../shared}
goal_s=10

if [[ -n ${BKS_BIN:-} ]]; then
  bin=$BKS_BIN
else
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBKS_BUILD_TESTS=OFF >/dev/null
  cmake --build "$build" -j2 --target backstride >/dev/null
  bin=$build/backstride
fi
[[ -x /usr/bin/time ]] || { echo "bench/import.sh needs /usr/bin/time (Debian package time)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bks-bench-import-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
from=$shared/data
[[ -d $from ]] || { from=$root/data/example; echo "note: $shared/data is absent: corpus from $from"; }
"$bin" dev make-corpus --from "$from" --out "$tmp/corpus" --count "$count"
files=("$tmp/corpus"/*)
bytes=$(du -cb "${files[@]}" | tail -1 | cut -f1)
echo "corpus: ${#files[@]} files, $((bytes / 1000)) kB, in $tmp/corpus"
cat "${files[@]}" >/dev/null # the page cache holds them for every measurement below

# seconds and peak resident kB of a command, via /usr/bin/time
measure() { # measure OUTFILE CMD...
  local out=$1
  shift
  /usr/bin/time -f '%e %M' -o "$out" "$@" >/dev/null 2>"$tmp/stderr" ||
    { echo "failed: $*" >&2; cat "$tmp/stderr" >&2; exit 1; }
}

# reading only: best of 3
best_cat= best_stats= stats_kb=
for _ in 1 2 3; do
  measure "$tmp/t" cat "${files[@]}"
  read -r s _ <"$tmp/t"
  if [[ -z $best_cat ]] || (($(echo "$s < $best_cat" | bc))); then best_cat=$s; fi
  measure "$tmp/t" "$bin" fit stats "${files[@]}"
  read -r s kb <"$tmp/t"
  if [[ -z $best_stats ]] || (($(echo "$s < $best_stats" | bc))); then best_stats=$s stats_kb=$kb; fi
done

# the import, into a fresh library each time: best of 3, and every one must import all files
best_imp= imp_kb= worst_imp=
for i in 1 2 3; do
  db=$tmp/lib-$i.db
  measure "$tmp/t" "$bin" --db "$db" --json import "$tmp/corpus"
  "$bin" --db "$db" --json import "$tmp/corpus" >"$tmp/again" # (not timed) must add nothing
  grep -q "\"imported\":0,\"duplicates\":$count," "$tmp/again" ||
    { echo "re-import was not all duplicates: $(cat "$tmp/again")" >&2; exit 1; }
  read -r s kb <"$tmp/t"
  if [[ -z $best_imp ]] || (($(echo "$s < $best_imp" | bc))); then best_imp=$s imp_kb=$kb; fi
  if [[ -z $worst_imp ]] || (($(echo "$s > $worst_imp" | bc))); then worst_imp=$s; fi
  db_kb=$(($(stat -c %s "$db") / 1000))
  rm -f "$db" "$db-wal" "$db-shm"
done
"$bin" --db "$tmp/check.db" --quiet import "$tmp/corpus"
"$bin" --db "$tmp/check.db" dev check-db

echo
printf '%-44s %8s %10s\n' "best of 3, $count files, $((bytes / 1000000)) MB" "seconds" "peak RSS"
printf '%-44s %8s %10s\n' "cat > /dev/null" "$best_cat" "-"
printf '%-44s %8s %9sk\n' "backstride fit stats (decode, all cores)" "$best_stats" "$stats_kb"
printf '%-44s %8s %9sk\n' "backstride import (fresh library)" "$best_imp" "$imp_kb"
echo "import: worst of 3 ${worst_imp} s; library ${db_kb} kB"
echo "import / fit stats: $(echo "scale=1; $best_imp / $best_stats" | bc)x;" \
  "import / cat: $(echo "scale=0; $best_imp / ($best_cat + 0.001)" | bc)x"
echo "cores: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if (($(echo "$best_imp <= $goal_s" | bc))); then
  echo "goal (<= $goal_s s for $count files): met"
else
  echo "goal (<= $goal_s s for $count files): MISSED"
  exit 1
fi
