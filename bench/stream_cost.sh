#!/usr/bin/env bash
# Instructions per sample inside bks_stream_feed (DESIGN.md "Streaming core"; docs/performance.md):
# callgrind with --toggle-collect='bks_stream_feed*' on `backstride steps` over one treadmill trial
# of ../shared/data/sacral-grf-treadmill (as IMU CSV: t, ax = vertical, ay = anterior-posterior,
# az = 0, in g) and over the same trial repeated three times; the difference over the added samples
# is the per-sample cost. A second pair adds constant gyroscope columns (gx, gy, gz) to count the
# gyroscope path, and a third pair takes every fifth sample (100 Hz: the half-sine fit's per-step
# cost is spread over fewer samples). The CSVs are written to a scratch folder, never into the
# repository.
#
# Usage: bench/stream_cost.sh [BUILD_DIR (default build)] [TRIAL (default 5)] [SHARED_DIR]
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$repo/build}
trial=${2:-5}
shared=${3:-$repo/../shared}
data=$shared/data/sacral-grf-treadmill
bin=$build/backstride
[[ -x $bin ]] || { echo "no $bin (build it first)" >&2; exit 1; }
[[ -d $data ]] || { echo "no $data" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# one trial → CSV, repeated `reps` times with continuing time stamps; `gyro` adds gx, gy, gz;
# `every` keeps one sample in that many
make_csv() { # reps gyro out [every]
  awk -F, -v id="$trial" -v reps="$1" -v gyro="$2" -v every="${4:-1}" '
    FNR == 1 { file++ }
    $1 == id && file == 1 { for (i = 2; i <= NF; i++) v[i - 1] = $i; n = NF - 1 }
    $1 == id && file == 2 { for (i = 2; i <= NF; i++) a[i - 1] = $i }
    END {
      print gyro ? "t,ax,ay,az,gx,gy,gz" : "t,ax,ay,az"
      k = 0
      for (r = 0; r < reps; r++) for (i = 1; i <= n; i++) {
        if ((k++ % every) != 0) continue
        printf "%.4f,%s,%s,0", (k - 1) / 500.0, v[i], a[i]
        if (gyro) printf ",1.5,-2.0,0.5"
        printf "\n"
      }
    }' "$data/sacral_accel_vertical_g.csv" "$data/sacral_accel_ap_g.csv" >"$3"
}

count() { # csv → Ir inside bks_stream_feed
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" --toggle-collect='bks_stream_feed*' \
    "$bin" steps --imu "$1" --mass 76.8 --units g >/dev/null 2>"$tmp/vg.log"
  callgrind_annotate "$tmp/cg.out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }'
}

for variant in "0 1" "1 1" "0 5"; do
  read -r gyro every <<<"$variant"
  make_csv 1 "$gyro" "$tmp/x1.csv" "$every"
  make_csv 3 "$gyro" "$tmp/x3.csv" "$every"
  n1=$(($(wc -l <"$tmp/x1.csv") - 1))
  n3=$(($(wc -l <"$tmp/x3.csv") - 1))
  i1=$(count "$tmp/x1.csv")
  i3=$(count "$tmp/x3.csv")
  awk -v g="$gyro" -v e="$every" -v t="$trial" -v n1="$n1" -v n3="$n3" -v i1="$i1" -v i3="$i3" 'BEGIN {
    printf "trial %s%s%s: %d samples %d Ir; %d samples %d Ir; (%d - %d) / %d = %.0f instructions/sample\n",
      t, (g ? " + gyroscope" : ""), ((e > 1) ? sprintf(" at %d Hz", 500 / e) : ""), n1, i1, n3, i3, i3, i1,
      n3 - n1, (i3 - i1) / (n3 - n1) }'
done
