#!/usr/bin/env bash
# backstride report end to end on a temporary library: import data/example, a hostile shoe name,
# a pain entry; report --out writes exactly one self-contained file with inline SVG, no network
# resource, the hostile name only escaped; the acute:chronic band and the what-if table; --json prints the path; 64 on bad arguments; 74 when
# DIR cannot be created; an empty library still gives a report.
#
# Usage: tests/report_cli.sh [SHARED_DIR]; BKS_BIN names the backstride binary.
# Exit: 0 pass, 1 fail, 77 skipped (no binary).
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"

# an empty library (none on disk yet) still gives a report
expect 0 report --out "$tmp/empty"
[[ -f $tmp/empty/index.html ]] || bad "no report for an empty library"
grep -q '<svg\|No runs yet' "$tmp/empty/index.html" || bad "empty report lacks its overview"

expect 0 import "$repo/data/example"
expect 0 shoes add '<script>alert(1)</script>' --start 2026-06-01
expect 0 log pain 6 --date 2026-08-12
expect 0 report --out "$tmp/rep/sub" --today 2026-09-07
html="$tmp/rep/sub/index.html"
[[ $out == "$(cd "$tmp/rep/sub" && pwd -P)/index.html" ]] || bad "printed path '$out', want $html"
n=$(find "$tmp/rep" -type f | wc -l)
[[ $n == 1 ]] || bad "report wrote $n files, want exactly 1"
[[ -s $html ]] || bad "no $html"
grep -q '<svg' "$html" || bad "no inline <svg>"
grep -q 'class="route"' "$html" || bad "no GPS track"
grep -q 'not a medical device' "$html" || bad "no 'not a medical device' note"
grep -q '@media print' "$html" || bad "no print CSS"
grep -q 'lumbar compression' "$html" || bad "no per-km lumbar column"
grep -q 'Findings' "$html" && grep -q 'Plan for the coming week' "$html" || bad "no findings or plan"
grep -q 'Worst pain logged' "$html" || bad "no pain chart although pain is logged"
grep -q 'class="band"' "$html" || bad "no shaded acute:chronic band"
grep -q 'Gabbett 2016' "$html" && grep -q 'a <b>guide</b>' "$html" || bad "the acute:chronic band is not labelled as a guide with its source"
grep -q 'id="whatif"' "$html" && grep -q '+5 % cadence' "$html" && grep -q 'more upright' "$html" || bad "no what-if results"
grep -q "The 30 newest of 50 runs" "$html" || bad "the 30-run cap is not stated"
secs=$(grep -c '<section class="run"' "$html")
[[ $secs == 30 ]] || bad "$secs run sections, want 30"
grep -Eiq '(src|href)[[:space:]]*=[[:space:]]*["'"'"']?(https?:)?//' "$html" && bad "a network resource in src= or href="
grep -Eiq '<script|<link|<img|<iframe|@import|url\(' "$html" && bad "script, link, img, iframe or CSS url() in the report"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$html" || bad "hostile shoe name not shown escaped"
grep -q '<script>alert' "$html" && bad "hostile shoe name appears unescaped"
grep -Eq '="[^"]*(nan|inf)[^"]*"' "$html" && bad "nan or inf in an attribute"

# --json, and the default directory in the working directory
out=$(cd "$tmp" && "$bin" --db "$db" --json report 2>"$tmp/err")
rc=$?
[[ $rc == 0 ]] || bad "report --json exited $rc"
[[ $out == '{"path":"'"$(cd "$tmp" && pwd -P)"'/backstride-report/index.html"}' ]] || bad "report --json printed $out"
if command -v python3 >/dev/null; then
  python3 -c 'import json,sys; json.loads(sys.argv[1])' "$out" || bad "not JSON: $out"
fi

# errors
expect 64 report --bogus
expect 64 report --out
touch "$tmp/afile"
expect 74 report --out "$tmp/afile/x"
expect 0 report --help
grep -q 'usage: backstride report' <<<"$out" || bad "report --help lacks usage"

exit $fail
