#!/usr/bin/env bash
# FIT decoding speed: `backstride fit stats` as a whole process (start-up and file reading
# included) against Garmin's JavaScript SDK decoding the same files in-process, in one run, on the
# same machine. Prints both and the ratio. Also the in-process figure of bench_fit and peak memory
# for a small and a large input (it must not grow with the input).
#
# Usage: bench/fit_speed.sh [BUILD_DIR] [TARGET_MB]   (defaults: build-bench, 60)
# Needs ../shared/data (the FIT files), node and ../shared/tools/fitref's SDK cache.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build-bench}
target_mb=${2:-60}
shared=${BKS_SHARED_DIR:-$root/../shared}
sdk=${FITREF_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/backstride-fitref}/node_modules/@garmin/fitsdk
[[ -d $shared/data ]] || { echo "no $shared/data: nothing to measure" >&2; exit 77; }
[[ -d $sdk ]] || "$shared/tools/fitref" "$root/data/example/easy-run.fit" --summary >/dev/null

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBKS_BUILD_BENCH=ON -DBKS_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j2 >/dev/null
bin=$build/backstride

# the valid FIT files (what a whole-file decoder can read to the end), repeated to TARGET_MB
mapfile -d '' all < <(find "$shared/data" -type f \( -name '*.fit' -o -name '*.FIT' \) -print0 | sort -z)
valid=()
for f in "${all[@]}"; do "$bin" fit check "$f" 2>/dev/null && valid+=("$f"); done
once=0
for f in "${valid[@]}"; do once=$((once + $(stat -c %s "$f"))); done
reps=$(( (target_mb * 1000000 + once - 1) / once ))
list=()
for ((i = 0; i < reps; i++)); do list+=("${valid[@]}"); done
echo "input: ${#valid[@]} valid FIT files ($((once / 1000)) kB) repeated $reps times: ${#list[@]} files"

# Garmin's SDK, in-process (file reading excluded from its clock)
sdk_json=$(node "$root/bench/fitsdk_speed.mjs" "$sdk" "${list[@]}")
sdk_mbs=$(sed -E 's/.*"mb_per_s":([0-9.]+).*/\1/' <<<"$sdk_json")

# backstride, the whole process, best of 3
best=
for _ in 1 2 3; do
  t0=$(date +%s.%N)
  "$bin" --quiet fit stats "${list[@]}" >/dev/null
  t1=$(date +%s.%N)
  dt=$(echo "$t1 - $t0" | bc -l)
  if [[ -z $best ]] || (( $(echo "$dt < $best" | bc -l) )); then best=$dt; fi
done
bytes=$((once * reps))
ours_mbs=$(echo "$bytes / 1000000 / $best" | bc -l)
ratio=$(echo "$ours_mbs / $sdk_mbs" | bc -l)
inproc=$("$build/bench/bench_fit" --repeat 3 "${valid[@]}")

# peak memory: one copy of the files versus all repetitions
rss() { /usr/bin/time -f %M "$bin" --quiet fit stats "$@" 2>&1 >/dev/null | tail -1; }
rss_small=$(rss "${valid[@]}")
rss_large=$(rss "${list[@]}")

printf 'Garmin JS SDK, in-process:          %8.1f MB/s  (%s)\n' "$sdk_mbs" "$sdk_json"
printf 'backstride fit stats, whole process: %7.1f MB/s  (%.3f s for %d MB)\n' "$ours_mbs" "$best" $((bytes / 1000000))
printf 'ratio:                               %7.1f x\n' "$ratio"
printf 'bench_fit, in-process, one core:     %s\n' "$inproc"
printf 'peak RSS: %s kB for %d MB of input, %s kB for %d MB\n' "$rss_small" $((once / 1000000)) "$rss_large" $((bytes / 1000000))
