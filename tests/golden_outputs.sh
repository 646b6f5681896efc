#!/usr/bin/env bash
# Every command's output on the bundled example library, text and JSON, the report and the
# dashboard's pages, against tests/golden/example/ (made by tools/update-golden): a change of
# output shows here, and is either a fix (regenerate the goldens in the commit that makes it, and
# say so) or a bug. `fit dump` is left out: the parity tests compare it with Garmin's SDK. The
# served pages read the diary as of the day they run; the example's last run and entry are of
# 2026-09, so every window ending today holds none of them and the pages do not change with it.
#
# Usage: tests/golden_outputs.sh [SHARED_DIR]; BKS_BIN names the backstride binary.
# Exit: 0 pass, 1 fail, 77 skipped (no binary, or no curl for the dashboard's pages).
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${BKS_BIN:-$root/build/backstride}
[[ -x $bin ]] || { echo "skipped: $bin not built" >&2; exit 77; }
command -v curl >/dev/null || { echo "skipped: curl (for the dashboard's pages) is absent" >&2; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$root/tools/capture-outputs" "$tmp/out" "$bin" >/dev/null || { echo "FAIL: capture-outputs failed" >&2; exit 1; }
rm -f "$tmp/out"/fit-dump.*
if ! diff -r "$root/tests/golden/example" "$tmp/out" >"$tmp/diff"; then
  echo "FAIL: outputs differ from tests/golden/example (tools/update-golden regenerates them):" >&2
  head -n 60 "$tmp/diff" >&2
  exit 1
fi
echo "golden: $(ls "$root/tests/golden/example" | wc -l) files identical"
