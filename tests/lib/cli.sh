# Sourced by the tests/*_cli.sh scripts after `set -uo pipefail`: the backstride binary (BKS_BIN,
# else build/backstride; exit 77, skipped, when it is not built), a scratch folder $tmp removed on
# exit (a script with more to clean sets its own trap), a library path $db in it, and the helpers
# below. A script ends with `exit $fail`.
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin=${BKS_BIN:-$repo/build/backstride}
if [[ ! -x $bin ]]; then
  echo "skipped: $bin not built" >&2
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db="$tmp/lib.db"
fail=0

# bad MESSAGE: report a failure and go on (the script fails at the end)
bad() { echo "FAIL: $*" >&2; fail=1; }

# expect CODE CMD...: run backstride with the scratch library, check the exit code, keep stdout in
# $out and stderr in $tmp/err
expect() {
  local want=$1
  shift
  out=$("$bin" --db "$db" "$@" 2>"$tmp/err" </dev/null)
  local rc=$?
  [[ $rc == "$want" ]] || bad "backstride $* exited $rc, want $want ($(head -c 300 "$tmp/err"))"
}

# has TEXT: the last command's output contains TEXT
has() { grep -qF -- "$1" <<<"$out" || bad "output of the last command lacks $1: $(head -c 400 <<<"$out")"; }

# lacks TEXT: the last command's output does not contain TEXT
lacks() { ! grep -qF -- "$1" <<<"$out" || bad "output of the last command has $1"; }
