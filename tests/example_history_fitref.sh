#!/usr/bin/env bash
# The bundled example history (data/example/history/*.fit, written by backstride's FIT writer)
# decoded by Garmin's FIT SDK (the shared tools/fitref): every file decodes without errors and
# has the messages the simulator writes (data/example/README.md). Skips when node or fitref is
# missing. Usage: bash tests/example_history_fitref.sh [SHARED_DIR]
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
shared=${1:-$repo/../shared}
fitref=$shared/tools/fitref
dir=$repo/data/example/history

if ! command -v node >/dev/null 2>&1; then
  echo "skipped: node not found" >&2
  exit 77
fi
if [[ ! -x $fitref ]]; then
  echo "skipped: $fitref not found" >&2
  exit 77
fi
shopt -s nullglob
files=("$dir"/*.fit)
if ((${#files[@]} != 49)); then
  echo "FAIL: $dir has ${#files[@]} FIT files, want 49" >&2
  exit 1
fi

fails=0
for f in "${files[@]}"; do
  summary=$("$fitref" "$f" --summary)
  if ! SUMMARY=$summary node -e '
    const s = JSON.parse(process.env.SUMMARY);
    const c = s.counts ?? {};
    const ok = Array.isArray(s.errors) && s.errors.length === 0 && c.file_id === 1 &&
      c.session === 1 && c.activity === 1 && c.event === 2 && c.record > 400 && c.lap >= 6;
    if (!ok) { console.error(JSON.stringify(s)); process.exit(1); }'; then
    echo "FAIL: $f" >&2
    fails=$((fails + 1))
  fi
done
if ((fails)); then
  echo "FAIL: $fails of ${#files[@]} files" >&2
  exit 1
fi
echo "ok: ${#files[@]} history files decode with the FIT SDK without errors"
