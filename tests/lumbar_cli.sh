#!/usr/bin/env bash
# The lumbar load commands end to end:
#  - `backstride model` on every trial of ../shared/data/sacral-grf-summary, exactly as the
#    held-back check runs it (contact time from the force plate, cadence from the step frequency,
#    height 1.75 m, the file's mass): the mean absolute percentage error and bias of peak_vgrf_bw
#    against the force plate must be the figures docs/science.md reports (skipped without the data);
#  - `backstride validate --json` exits 0 with at least 12 anchors, all passing;
#  - `backstride model` rejects impossible input with exit 64 and accepts decimals.
#
# Usage: tests/lumbar_cli.sh [SHARED_DIR]; BKS_BIN names the backstride binary.
# Exit: 0 pass, 1 fail, 77 skipped (no binary).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${1:-$repo/../shared}
bin=${BKS_BIN:-$repo/build/backstride}
if [[ ! -x $bin ]]; then
  echo "skipped: $bin not built" >&2
  exit 77
fi
fail=0

# validate: exit 0, every row passes
out=$("$bin" validate --json) || { echo "FAIL: validate exited $?" >&2; fail=1; }
rows=$(grep -o '"pass":' <<<"$out" | wc -l)
bad=$(grep -o '"pass":false' <<<"$out" | wc -l || true)
if (( rows < 12 || bad != 0 )); then
  echo "FAIL: validate: $rows anchors, $bad failing" >&2
  fail=1
fi

# model: bad input → 64; decimals accepted
for args in "--contact-ms 400 --cadence 180" "--contact-ms -5 --cadence 180" \
            "--contact-ms abc --cadence 180" "--contact-ms 250 --cadence nan" \
            "--contact-ms 250 --cadence 170 --mass 0" "--contact-ms 250" \
            "--contact-ms 250 --cadence 170 --speed 20"; do
  set +e
  "$bin" model $args >/dev/null 2>&1
  rc=$?
  set -e
  if (( rc != 64 )); then
    echo "FAIL: model $args exited $rc, not 64" >&2
    fail=1
  fi
done
json=$("$bin" model --json --mass 70.5 --height 1.755 --speed 3.33 --contact-ms 250.0 \
       --cadence 162.1622 --lean-deg 7.2)
for key in peak_vgrf_bw lumbar_peak_bw lumbar_shear_bw lumbar_load_index; do
  grep -q "\"$key\":[0-9]" <<<"$json" || { echo "FAIL: model --json lacks $key" >&2; fail=1; }
done

# peak vGRF against the force plates, through the command line
csv=$shared/data/sacral-grf-summary/GRF_IMU_data.csv
# analyze FILE reads a gzip-compressed run like the plain one, and names a truncated one
tmpd=$(mktemp -d "${TMPDIR:-/tmp}/bks-lumbar-XXXXXX")
gzip -c "$repo/data/example/easy-run.fit" >"$tmpd/easy.fit.gz"
plain=$("$bin" --quiet analyze "$repo/data/example/easy-run.fit" --json | grep -o '"summary":{[^}]*}')
gz=$("$bin" --quiet analyze "$tmpd/easy.fit.gz" --json | grep -o '"summary":{[^}]*}')
if [[ -z $plain || $plain != "$gz" ]]; then
  echo "FAIL: analyze of the .fit.gz differs from the .fit: '$gz' vs '$plain'" >&2
  fail=1
fi
head -c 200 "$tmpd/easy.fit.gz" >"$tmpd/cut.fit.gz"
set +e
err=$("$bin" --quiet analyze "$tmpd/cut.fit.gz" 2>&1 >/dev/null)
rc=$?
set -e
if [[ $rc != 65 || $err != *"cut.fit.gz: offset"*"truncated"* ]]; then
  echo "FAIL: analyze of a truncated .gz: exit $rc, '$err'" >&2
  fail=1
fi
rm -rf "$tmpd"

if [[ -f $csv ]]; then
  # the figures docs/science.md reports (per cent); the JSON rounds to 4 decimals
  want_mape=4.52 want_bias=-3.47
  errs=$(tail -n +2 "$csv" | while IFS=, read -r sub fem mass speed grfpeak grfimp grftc imupk imuimp imutc imusf; do
    contact=$(awk -v t="$grftc" 'BEGIN { printf "%.6f", t * 1000 }')
    cadence=$(awk -v f="$imusf" 'BEGIN { printf "%.6f", f * 60 }')
    peak=$("$bin" model --json --quiet --mass "$mass" --height 1.75 --speed "$speed" \
           --contact-ms "$contact" --cadence "$cadence" | sed 's/.*"peak_vgrf_bw":\([0-9.]*\).*/\1/')
    awk -v p="$peak" -v r="$grfpeak" 'BEGIN { printf "%.6f\n", (p - r) / r * 100 }'
  done)
  read -r n mape bias < <(awk '{ n++; a += ($1 < 0 ? -$1 : $1); s += $1 }
                               END { printf "%d %.4f %.4f\n", n, a / n, s / n }' <<<"$errs")
  echo "sacral-grf-summary through 'backstride model': $n trials, MAPE $mape %, bias $bias %"
  if ! awk -v m="$mape" -v b="$bias" -v wm="$want_mape" -v wb="$want_bias" \
       'BEGIN { d1 = m - wm; d2 = b - wb; exit !(d1 < 0.01 && d1 > -0.01 && d2 < 0.01 && d2 > -0.01) }'; then
    echo "FAIL: MAPE $mape / bias $bias differ from the reported $want_mape / $want_bias" >&2
    fail=1
  fi
else
  echo "note: $csv absent: force-plate comparison skipped" >&2
fi
exit $fail
