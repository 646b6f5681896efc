#!/usr/bin/env bash
# backstride serve in a real browser (tests/browser/serve.mjs): Playwright's playwright-core,
# pinned in tests/browser/package-lock.json, driving Debian's chromium headless with no network
# beyond this machine. Installs playwright-core (npm ci, from the npm registry) into
# BUILD/browser-tests the first time; screenshots land in BUILD/browser-artefacts.
#
# Usage: tests/browser_serve.sh [SHARED_DIR]; BKS_BIN names the backstride binary; BKS_CHROMIUM
# may name the browser (default: chromium on PATH).
# Exit: 0 pass, 1 fail, 77 skipped (no binary, no chromium, no node/npm, playwright-core could
# not be installed, or built without web support).
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${BKS_BIN:-$repo/build/backstride}
skip() { echo "skipped: $*" >&2; exit 77; }
[[ -x $bin ]] || skip "$bin not built"
chrome=${BKS_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[[ -n $chrome && -x $chrome ]] || skip "chromium not found (tools/install-deps --test installs it)"
command -v node >/dev/null || skip "node not found"
command -v npm >/dev/null || skip "npm not found"
"$bin" serve --help >/dev/null 2>&1 || skip "backstride has no serve command"
# built without libmicrohttpd, serve answers 70 before it looks at --bind (64 with web support)
"$bin" --db /dev/null serve --bind not-an-address >/dev/null 2>&1
[[ $? == 70 ]] && skip "built without libmicrohttpd"

build=$(cd "$(dirname "$bin")" && pwd)
pw="$build/browser-tests"
# install playwright-core exactly as locked, once per lock file
# (installed.lock is written only after a complete install)
if ! cmp -s "$repo/tests/browser/package-lock.json" "$pw/installed.lock" ||
  [[ ! -f $pw/node_modules/playwright-core/package.json ]]; then
  rm -rf "$pw"
  mkdir -p "$pw"
  cp "$repo/tests/browser/package.json" "$repo/tests/browser/package-lock.json" "$pw/"
  if ! (cd "$pw" && npm ci --ignore-scripts --no-audit --no-fund >npm.log 2>&1); then
    tail -5 "$pw/npm.log" >&2
    skip "npm could not install playwright-core"
  fi
  cp "$repo/tests/browser/package-lock.json" "$pw/installed.lock"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TMPDIR=$tmp
db="$tmp/lib.db"
# the example history, without the single easy run that the test uploads through the browser
"$bin" --db "$db" --quiet import "$repo/data/example/history" >/dev/null || { echo "FAIL: import" >&2; exit 1; }

art="$build/browser-artefacts"
rm -rf "$art"
BKS_BIN=$bin BKS_DB=$db BKS_PW_DIR=$pw BKS_CHROMIUM=$chrome BKS_ARTEFACTS=$art \
  BKS_SOURCE_DIR=$repo timeout 300 node "$repo/tests/browser/serve.mjs"
rc=$?
echo "screenshots: $art" >&2
exit $rc
