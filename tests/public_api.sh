#!/usr/bin/env bash
# The public API is what include/backstride/*.h declares, and only that is exported: every
# function and object declared there carries BKS_API (the layers compile with hidden visibility),
# and no public header declares an internal (bks__) name.
#
# Usage: tests/public_api.sh [SHARED_DIR]. Exit: 0 pass, 1 fail.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fail=0
# a declaration starts at column 0 with a type and names bks_...( or bks_...[
missing=$(grep -nE '^(extern +)?(const +)?(unsigned +|signed +|struct +|enum +)?[A-Za-z_][A-Za-z0-9_]*( +const)?[ *]+(const *\*? *)?bks_[a-z0-9_]+ *[([]' \
  "$root"/include/backstride/*.h | grep -vE ':(typedef|static|#)')
if [[ -n $missing ]]; then
  echo "FAIL: public declarations without BKS_API:" >&2
  echo "$missing" >&2
  fail=1
fi
internal=$(grep -nE '\bbks__[a-z0-9_]+ *\(' "$root"/include/backstride/*.h | grep -v '^[^:]*:[0-9]*: *//')
if [[ -n $internal ]]; then
  echo "FAIL: internal (bks__) functions in public headers:" >&2
  echo "$internal" >&2
  fail=1
fi
n=$(grep -c 'BKS_API' "$root"/include/backstride/*.h | awk -F: '{ s += $2 } END { print s }')
echo "public API: $n declarations marked BKS_API"
exit $fail
