#!/usr/bin/env bash
# backstride fit stats on many files at once: the workers (one per --jobs) must give, per file and
# in total, exactly the counts that one worker gives, in the order the files were named, and a
# damaged file among them is reported without losing the others. The ThreadSanitizer build of
# tools/test runs this script to check the workers share nothing unguarded.
#
# Usage: tests/fit_stats_cli.sh [SHARED_DIR]; BKS_BIN names the backstride binary.
# Exit: 0 pass, 1 fail, 77 skipped (no binary).
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"

files=("$repo/data/example/easy-run.fit" "$repo"/data/example/history/*.fit "$repo"/tests/data/fit/*.fit)
# a truncated copy of a real file, in the middle of the list
head -c 5000 "$repo/data/example/easy-run.fit" >"$tmp/truncated.fit"
files=("${files[@]:0:10}" "$tmp/truncated.fit" "${files[@]:10}")

"$bin" fit stats --jobs 1 "${files[@]}" >"$tmp/one.txt" 2>/dev/null
rc1=$?
"$bin" fit stats --jobs 4 "${files[@]}" >"$tmp/four.txt" 2>"$tmp/four.err"
rc4=$?
[[ $rc1 == "$rc4" ]] || bad "exit codes differ: --jobs 1 gave $rc1, --jobs 4 gave $rc4"
[[ $rc1 == 65 ]] || bad "a truncated file among them: exit $rc1, want 65"
cmp -s "$tmp/one.txt" "$tmp/four.txt" || bad "--jobs 4 differs from --jobs 1: $(diff "$tmp/one.txt" "$tmp/four.txt" | head -5)"
# every file has its line, the truncated one with the messages before the damage
n=$(grep -c ': [0-9]* messages' "$tmp/four.txt")
((n == ${#files[@]})) || bad "$n files counted, want ${#files[@]}"
grep -Eq 'truncated.fit: [1-9][0-9]* messages' "$tmp/four.txt" ||
  bad "the truncated file's messages before the damage are not counted"
grep -q 'truncated.fit: offset' "$tmp/four.err" ||
  bad "the truncated file is not named on stderr"
exit $fail
