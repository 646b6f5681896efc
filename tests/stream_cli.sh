#!/usr/bin/env bash
# `backstride steps` and `backstride live` end to end on a 6-second synthetic run (generated here:
# 200 Hz, g, flight at 0 g and a half-sine contact of 0.22 s every 0.34 s):
#  - steps: one JSON line per step, exit 0; the lumbar load per step follows its peak force;
#  - import + analyze: an IMU run in the library is modelled from the same steps, and dated by
#    its file's modification time (the file holds no date);
#  - live from standard input (-), as fast as possible and paced (--realtime: it must take about
#    the recording's 6 s of wall time, not less); standard input gives the same steps as the file
#    and is processed as it arrives (steps come out while the rest of the input is held back);
#  - live --json: JSON lines only, the summary last;
#  - the reader's warnings and a rate below 100 Hz are said on stderr, and do not stop the run;
#  - errors: missing --imu → 64, a file that cannot be opened → 66, input that is not IMU CSV → 65.
#
# Usage: tests/stream_cli.sh [SHARED_DIR] (not used); BKS_BIN names the backstride binary.
# Exit: 0 pass, 1 fail, 77 skipped (no binary).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"

# the synthetic run: vertical on z, a little forward motion on x, no gyroscope
awk 'BEGIN {
  pi = 3.14159265358979; tc = 0.22; step = 0.34; peak = pi / 2 * step / tc
  print "t,ax,ay,az"
  for (i = 0; i < 1200; i++) {
    t = i / 200.0; ph = t - step * int(t / step)
    av = ph < tc ? peak * sin(pi * ph / tc) : 0
    printf "%.4f,%.4f,0,%.4f\n", t, -0.2 * sin(2 * pi * t / step), av
  }
}' >"$tmp/run.csv"

# steps: 6 s / 0.34 s = 17.6 steps, the first contact is partial
n=$("$bin" steps --imu "$tmp/run.csv" --mass 70 | grep -c '"t_contact"' || true)
if (( n < 15 || n > 18 )); then
  echo "FAIL: steps printed $n steps (expected 15-18)" >&2
  fail=1
fi

# the lumbar load per step comes from the same force as peak_vgrf_bw: flights of 80 and 160 ms in
# turn (each contact's half sine balances the mean of its two flights) leave the ratio of the two
# the same on every step (the lumbar model is linear in the force)
awk 'BEGIN {
  pi = 3.14159265358979; tc = 0.22; cyc = 2 * tc + 0.24; peak = pi / 2 * (0.12 / tc + 1)
  print "t,ax,ay,az"
  for (i = 0; i < 1600; i++) {
    t = i / 200.0; ph = t - cyc * int(t / cyc)
    if (ph >= tc + 0.08) ph -= tc + 0.08
    printf "%.4f,0,0,%.4f\n", t, ph < tc ? peak * sin(pi * ph / tc) : 0
  }
}' >"$tmp/alt.csv"
"$bin" steps --imu "$tmp/alt.csv" --mass 70 >"$tmp/alt.jsonl"
if ! awk -F'"lumbar_peak_bw":' '{ split($2, a, ","); split($1, b, "\"peak_vgrf_bw\":"); split(b[2], p, ",")
        r = a[1] / p[1]; if (NR == 1 || r < lo) lo = r; if (NR == 1 || r > hi) hi = r; n++ }
        END { exit !(n >= 15 && hi - lo < 0.01) }' "$tmp/alt.jsonl"; then
  echo "FAIL: lumbar_peak_bw does not follow peak_vgrf_bw step by step: $(head -n 3 "$tmp/alt.jsonl")" >&2
  fail=1
fi

# an imported IMU recording is analysed step by step from the streaming core: analyze (by run id,
# from the library) models exactly the steps that `steps` prints, every one from the imu source
# the file holds no date (t starts at 0): the run is dated by the file's modification time less
# its 6 s, with a warning
nsteps=$("$bin" steps --imu "$tmp/run.csv" --mass 70 | grep -c '"t_contact"' || true)
touch -d '2026-03-01 10:00:00 UTC' "$tmp/run.csv"
"$bin" --db "$tmp/lib.db" --quiet import "$tmp/run.csv" >/dev/null ||
  { echo "FAIL: import of the IMU CSV exited $?" >&2; fail=1; }
an=$("$bin" --db "$tmp/lib.db" --json analyze 1 --mass 70 2>/dev/null) ||
  { echo "FAIL: analyze 1 exited $?" >&2; fail=1; }
grep -q '"steps_from":{"imu":'"$nsteps"',"dynamics":0,' <<<"$an" ||
  { echo "FAIL: analyze did not model the $nsteps IMU steps: $(head -c 400 <<<"$an")" >&2; fail=1; }
"$bin" --db "$tmp/lib.db" --json runs | grep -q '"start_utc":"2026-03-01T09:59:54Z"' ||
  { echo "FAIL: the undated IMU run was not dated by its file: $("$bin" --db "$tmp/lib.db" --json runs)" >&2; fail=1; }
"$bin" --db "$tmp/lib.db" show 1 | grep -q "modification time less the recording's length" ||
  { echo "FAIL: show 1 did not warn that the date is the file's" >&2; fail=1; }
# the report shows the run without inventing a distance for it
"$bin" --db "$tmp/lib.db" --quiet report --out "$tmp/report" >/dev/null &&
  grep -q "no distance recorded, 0:06" "$tmp/report/index.html" ||
  { echo "FAIL: the report did not show the IMU run as having no distance" >&2; fail=1; }

# live from standard input, as fast as possible: one line per step with --verbose
out=$("$bin" live --imu - --verbose <"$tmp/run.csv" 2>"$tmp/err") || { echo "FAIL: live - exited $?" >&2; fail=1; }
n=$(grep -c '"t_contact"' <<<"$out" || true)
if (( n < 15 || n > 18 )) || ! grep -q "steps in 1200 samples" "$tmp/err"; then
  echo "FAIL: live - printed $n steps; stderr: $(cat "$tmp/err")" >&2
  fail=1
fi
# live --json: only JSON lines on stdout, steps (with --verbose) then one summary last
"$bin" live --imu "$tmp/run.csv" --json --verbose >"$tmp/live.jsonl" 2>/dev/null ||
  { echo "FAIL: live --json exited $?" >&2; fail=1; }
n=$(grep -c '^{"event":"step","t_contact":' "$tmp/live.jsonl" || true)
if (( n < 15 || n > 18 )) ||
   ! tail -n 1 "$tmp/live.jsonl" | grep -q '^{"event":"summary","steps":'"$n"',"samples":1200,"left":null,"right":null,"symmetry_index_pct":null}$'; then
  echo "FAIL: live --json: $n steps; last line: $(tail -n 1 "$tmp/live.jsonl")" >&2
  fail=1
fi
if command -v python3 >/dev/null; then
  python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$tmp/live.jsonl" ||
    { echo "FAIL: live --json printed a line that is not JSON" >&2; fail=1; }
fi

# the run has no sideways motion: left and right cannot be told, and live says so
grep -q "left and right: not told (0 and 0 steps told)" "$tmp/err" ||
  { echo "FAIL: live - did not say left and right were not told: $(cat "$tmp/err")" >&2; fail=1; }

# standard input gives the same steps as the file, and is processed as it arrives: with the second
# half of the run held back for 3 s, the first steps are out well before that (units given: without
# them the first 1024 rows are read before anything is fed, to detect the units)
"$bin" steps --imu "$tmp/run.csv" --mass 70 >"$tmp/file.jsonl"
"$bin" steps --imu - --mass 70 <"$tmp/run.csv" >"$tmp/stdin.jsonl"
if ! cmp -s "$tmp/file.jsonl" "$tmp/stdin.jsonl"; then
  echo "FAIL: steps from standard input differ from steps from the file" >&2
  diff "$tmp/file.jsonl" "$tmp/stdin.jsonl" | head -5 >&2
  fail=1
fi
start=$(date +%s.%N)
first=$({ head -n 601 "$tmp/run.csv"; sleep 3; tail -n +602 "$tmp/run.csv"; } |
  "$bin" live --imu - --units g --verbose 2>/dev/null | {
    while IFS= read -r l; do
      if [[ $l == *t_contact* ]]; then date +%s.%N; break; fi
    done
    cat >/dev/null
  })
early=$(awk -v a="$start" -v b="${first:-1e18}" 'BEGIN { printf "%.2f", b - a }')
if ! awk -v e="$early" 'BEGIN { exit !(e < 2.5) }'; then
  echo "FAIL: live - printed its first step after $early s: standard input is not read as it arrives" >&2
  fail=1
fi

# live --realtime: paced by the time stamps (6 s of samples)
start=$(date +%s.%N)
"$bin" live --imu - --realtime <"$tmp/run.csv" >/dev/null 2>"$tmp/err" || { echo "FAIL: live --realtime exited $?" >&2; fail=1; }
wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
if ! awk -v w="$wall" 'BEGIN { exit !(w >= 5.8 && w < 15) }'; then
  echo "FAIL: live --realtime took $wall s for a 6 s recording" >&2
  fail=1
fi
if ! grep -q "steps in 1200 samples" "$tmp/err"; then
  echo "FAIL: live --realtime: $(cat "$tmp/err")" >&2
  fail=1
fi

# what the reader noticed reaches the person: a --rate that t contradicts, and input slower than
# the 100 Hz the core is built for (every 4th row of the 200 Hz run: 50 Hz), from a file and from
# standard input; neither stops the run
"$bin" steps --imu "$tmp/run.csv" --rate 100 --mass 70 >/dev/null 2>"$tmp/err" ||
  { echo "FAIL: steps --rate 100 on a 200 Hz file exited $?" >&2; fail=1; }
grep -q "the given rate 100 Hz disagrees with t (200 Hz): t is used" "$tmp/err" ||
  { echo "FAIL: steps did not print the reader's rate warning: $(cat "$tmp/err")" >&2; fail=1; }
"$bin" steps --imu - --rate 100 --mass 70 <"$tmp/run.csv" >/dev/null 2>"$tmp/err"
grep -q "stdin: the given rate 100 Hz disagrees with t (200 Hz): t is used" "$tmp/err" ||
  { echo "FAIL: steps - did not print the rate warning: $(cat "$tmp/err")" >&2; fail=1; }
awk 'NR == 1 || (NR - 2) % 4 == 0' "$tmp/run.csv" >"$tmp/run50.csv"
n=$("$bin" steps --imu "$tmp/run50.csv" --mass 70 2>"$tmp/err" | grep -c '"t_contact"' || true)
if (( n < 15 || n > 18 )) || ! grep -q "50 Hz is below the 100 Hz" "$tmp/err"; then
  echo "FAIL: steps at 50 Hz printed $n steps (expected 15-18); stderr: $(cat "$tmp/err")" >&2
  fail=1
fi
"$bin" live --imu - <"$tmp/run50.csv" >/dev/null 2>"$tmp/err" || { echo "FAIL: live - at 50 Hz exited $?" >&2; fail=1; }
grep -q "stdin: 50 Hz is below the 100 Hz" "$tmp/err" ||
  { echo "FAIL: live - at 50 Hz did not say so: $(cat "$tmp/err")" >&2; fail=1; }
"$bin" steps --imu "$tmp/run.csv" --mass 70 >/dev/null 2>"$tmp/err"
if [[ -s $tmp/err ]]; then
  echo "FAIL: steps on a clean 200 Hz file printed to stderr: $(cat "$tmp/err")" >&2
  fail=1
fi

# errors: exits CODE CMD... runs any command, without the library
exits() {
  local want=$1; shift
  set +e
  "$@" >/dev/null 2>&1 </dev/null
  local rc=$?
  set -e
  if [[ $rc != "$want" ]]; then
    echo "FAIL: '$*' exited $rc, expected $want" >&2
    fail=1
  fi
}
exits 64 "$bin" live
exits 66 "$bin" live --imu "$tmp/missing.csv"
printf 'hello\nworld\n' >"$tmp/bad.csv"
exits 65 "$bin" live --imu "$tmp/bad.csv"
exits 64 "$bin" live --imu "$tmp/run.csv" --units furlongs
head -n 5 "$tmp/run.csv" >"$tmp/short.csv"
set +e
"$bin" live --imu - <"$tmp/short.csv" >/dev/null 2>&1; rc1=$?
"$bin" live --imu - <"$tmp/bad.csv" >/dev/null 2>&1; rc2=$?
{ head -n 100 "$tmp/run.csv"; echo "1.0,abc,0,1"; } | "$bin" live --imu - >/dev/null 2>"$tmp/err"; rc3=$?
{ head -n 20 "$tmp/run.csv"; head -c 100000 /dev/zero | tr '\0' '1'; echo; } |
  "$bin" live --imu - >/dev/null 2>/dev/null; rc4=$?
set -e
if [[ $rc1 != 65 || $rc2 != 65 || $rc3 != 65 || $rc4 != 65 ]] || ! grep -q "line 101" "$tmp/err"; then
  echo "FAIL: live - on short/bad/overlong input exited $rc1/$rc2/$rc3/$rc4 (expected 65); $(cat "$tmp/err")" >&2
  fail=1
fi

exit $fail
