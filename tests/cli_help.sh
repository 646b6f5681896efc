#!/usr/bin/env bash
# The command line that helps (issue 15, point 9): `backstride help [COMMAND [SUBCOMMAND]]` prints
# what `--help` prints; `--help` answers at every level, exits 0 and does nothing else (no library
# is created).
#
# Usage: tests/cli_help.sh [SHARED_DIR]; BKS_BIN names the backstride binary.
# Exit: 0 pass, 1 fail, 77 skipped (no binary).
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"

#---- help and --help ----

expect 0 --help
main_help=$out
has "usage: backstride"
expect 0 help
[[ $out == "$main_help" ]] || bad "'help' differs from '--help'"
commands=$(sed -n '/^commands:/,/^$/p' <<<"$main_help" | awk 'NF && !/^commands:/ {print $1}')
[[ -n $commands ]] || bad "no command list in --help"
for c in $commands; do
  expect 0 "$c" --help
  [[ -n $out ]] || bad "$c --help printed nothing"
  want=$out
  expect 0 help "$c"
  [[ $out == "$want" ]] || bad "'help $c' differs from '$c --help'"
done
# subcommands, including ones whose arguments are missing
for args in "log pain" "log session" "log intervention" "shoes add" "shoes retire" "shoes list" \
  "profile set" "fit dump" "fit check" "fit stats" "fit summary" "exercises show" \
  "dev make-corpus" "dev check-db"; do
  # shellcheck disable=SC2086
  expect 0 $args --help
  has "usage: backstride ${args%% *}"
  want=$out
  # shellcheck disable=SC2086
  expect 0 help $args
  [[ $out == "$want" ]] || bad "'help $args' differs from '$args --help'"
done
# --help wins over everything else on the line, and does nothing else
expect 0 log pain 5 --help
expect 0 profile set --mass 70 --help
expect 0 --json fit dump --help
has "JSON Lines"
expect 0 steps --help
has "JSON Lines"
expect 0 live --help
has "JSON Lines"
[[ ! -e $db ]] || bad "--help created the library"
expect 0 help help
[[ $out == "$main_help" ]] || bad "'help help' differs from '--help'"
expect 64 help bogus
grep -q "unknown command 'bogus'" "$tmp/err" || bad "help bogus: $(cat "$tmp/err")"
expect 64 help log pain extra

# citations name files of this repository or published sources, never the shared design notes
for c in "" $commands; do
  # shellcheck disable=SC2086
  "$bin" $c --help | grep -nE 'DESIGN\.md|SCIENCE\.md|GUIDANCE' && bad "'$c --help' cites a file users do not have"
done
"$bin" validate | grep -nE 'DESIGN\.md|SCIENCE\.md|GUIDANCE' && bad "validate cites a file users do not have"

#---- did you mean ----

# suggest CODE WANT ARGS...: backstride ARGS exits CODE and stderr says WANT
suggest() {
  local code=$1 want=$2
  shift 2
  expect "$code" "$@"
  grep -qF -- "$want" "$tmp/err" || bad "backstride $*: stderr lacks \"$want\": $(cat "$tmp/err")"
}
suggest 64 "did you mean 'analyze'?" analyse
suggest 64 "did you mean 'import'?" imprt
suggest 64 "did you mean 'analyze'?" help analyse
suggest 64 "did you mean '--mass'?" model --weight 70
suggest 64 "did you mean '--mass'?" profile set --weight=70
suggest 64 "did you mean '--lean-deg'?" model --lean-dge 3
suggest 64 "did you mean '--where'?" log pain 5 --wehre leg
suggest 64 "did you mean 'herniated_disc'?" profile set --condition herniated
suggest 64 "did you mean 'pregnancy'?" profile set --condition Pregnacy
suggest 64 "did you mean 'night_pain'?" screen --flag nigt_pain
suggest 64 "did you mean 'bird_dog'?" exercises show bird_dgo
suggest 64 "did you mean 'dump'?" fit dmup x.fit
suggest 64 "did you mean 'retire'?" shoes remove 'Trail shoes'
suggest 64 "unknown option '--zzz'" load --zzz
grep -q "did you mean" "$tmp/err" && bad "load --zzz: a suggestion for nothing close: $(cat "$tmp/err")"

#---- errors name the subcommand and the argument ----

suggest 64 "backstride log pain: needs a LEVEL" log pain
suggest 64 "backstride shoes retire: unexpected argument 'shoes' (a NAME with spaces goes in quotes: \"Trail shoes\")" \
  shoes retire Trail shoes
expect 0 shoes add 'Trail shoes'
suggest 64 "backstride shoes retire: no pair in use is named 'Trail shoe' (did you mean 'Trail shoes'?)" \
  shoes retire 'Trail shoe'
expect 0 shoes retire 'Trail shoes'
suggest 64 "backstride profile set: no profile is stored yet: the first" profile set --mass 70

#---- numbers say what is accepted ----

suggest 64 "--days needs a whole number from 0 to 36500, not 'x'" load --days x
suggest 64 "--days needs a whole number from 0 to 36500, not '2.5'" load --days 2.5
suggest 64 "--tz-offset needs a number (decimals allowed) from -14 to 14, not '15'" load --tz-offset 15
suggest 64 "LEVEL needs a number (decimals allowed) from 0 to 10, not 'x'" log pain x
suggest 64 "--port needs a whole number from 0 to 65535, not '1.5'" serve --port 1.5
suggest 64 "--mass needs a number (decimals allowed) from 20 to 400, not 'heavy'" model --mass heavy

#---- --json: the error object on any exit code but 0 and 1 ----

# json_error CODE ARGS...: backstride --json ARGS exits CODE with exactly one JSON document on
# stdout, {"error": {"code": CODE, "message": M}}, M the first line of stderr
check_error='
import json, sys
code, err = int(sys.argv[1]), open(sys.argv[2]).read().splitlines()
d = json.load(sys.stdin)
assert list(d) == ["error"] and sorted(d["error"]) == ["code", "message"], d
assert d["error"]["code"] == code, d
assert d["error"]["message"] == err[0], (d, err)
'
json_error() {
  local code=$1
  shift
  expect "$code" --json "$@"
  python3 -c "$check_error" "$code" "$tmp/err" <<<"$out" ||
    bad "backstride --json $*: stdout is not the error object: $out"
  [[ $(wc -l <<<"$out") == 1 ]] || bad "backstride --json $*: the error object is not one line"
}
if command -v python3 >/dev/null; then
  json_error 64 bogus
  json_error 64 analyse
  json_error 64 load --days x
  json_error 64 model --weight 70
  json_error 64 log pain 11
  json_error 64 --db
  json_error 66 analyze "$tmp/missing.fit"
  json_error 66 fit check "$tmp/missing.fit"
  printf 'not a run\n' >"$tmp/notes.txt"
  json_error 65 analyze "$tmp/notes.txt"
  json_error 65 show 12345
  # exit 1 is not an error: the document stays the command's own
  expect 1 --json profile
  [[ $out == null ]] || bad "profile --json with no profile: $out"
  # fit dump on a damaged file: every message recovered (JSON Lines), then 65 and no error object
  fit=$(ls "$repo"/data/example/*.fit | head -n 1)
  head -c 3000 "$fit" >"$tmp/cut.fit"
  expect 65 --json fit dump "$tmp/cut.fit"
  [[ $(grep -c '^{"mesg":' <<<"$out") == $(wc -l <<<"$out") ]] || bad "fit dump (damaged): $out"
  grep -q '"error"' <<<"$out" && bad "fit dump (damaged) added an error object"
  # fit summary and fit stats are one document each: on a damaged file, the error object
  json_error 65 fit summary "$tmp/cut.fit"
  json_error 65 fit stats "$fit" "$tmp/cut.fit"
else
  echo "note: python3 is absent: the --json error checks are skipped" >&2
fi

#---- global options ----

out=$("$bin" --db 2>"$tmp/err")
[[ $? == 64 ]] || bad "--db without a path: want 64"
grep -qx "backstride: --db needs a path" "$tmp/err" || bad "--db without a path: $(cat "$tmp/err")"
grep -qF "(see 'backstride --help')" "$tmp/err" || bad "--db hint: $(cat "$tmp/err")"

if ((fail)); then exit 1; fi
echo "cli help: all checks passed"
