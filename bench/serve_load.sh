#!/usr/bin/env bash
# Web load: `wrk` against `backstride serve` with five years of running in the library (issue 7:
# p99 latency <= 50 ms and no errors at 50 connections, on the overview and on a run page).
#
# The library: `backstride dev make-corpus` writes 1,300 distinct runs five days a week over five
# years (from the real FIT runs under ../shared/data, else from the bundled example), imported
# with a stored profile. serve models every run once at start and caches the results in the
# library (the derived results cache, docs/storage.md) and the rendered pages in memory (per
# library version); wrk then measures the steady state, and the script times the start and the
# first view after a write. The
# reference in the same command is the server's cheapest answer (a 404 page), so the page
# figures read as ratios against the server's own floor on this machine.
#
# Usage: bench/serve_load.sh [BUILD_DIR]   (default build-bench)
# Environment: BKS_BIN (use that binary), BKS_WRK_SECONDS (default 10), BKS_WRK_CONNECTIONS (50).
# Exit: 0 goal met, 1 goal missed or a step failed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build-bench}
shared=${BKS_SHARED_DIR:-$root/../shared}
secs=${BKS_WRK_SECONDS:-10}
conns=${BKS_WRK_CONNECTIONS:-50}
goal_ms=50

command -v wrk >/dev/null || { echo "bench/serve_load.sh needs wrk (tools/install-deps --bench)" >&2; exit 1; }
if [[ -n ${BKS_BIN:-} ]]; then
  bin=$BKS_BIN
else
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBKS_BUILD_TESTS=OFF >/dev/null
  cmake --build "$build" -j2 --target backstride >/dev/null
  bin=$build/backstride
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bks-bench-serve-XXXXXX")
pid=
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
from=$shared/data
[[ -d $from ]] || { from=$root/data/example; echo "note: $shared/data is absent: runs from $from"; }
"$bin" dev make-corpus --from "$from" --out "$tmp/corpus" --count 1300 --every-days 1.4
db=$tmp/lib.db
"$bin" --db "$db" --quiet import "$tmp/corpus"
"$bin" --db "$db" --quiet profile set --mass 70 --height 1.75 --age 38 --sex f
"$bin" --db "$db" --quiet log pain 3 --date 2019-12-01
runs=$("$bin" --db "$db" runs --json | grep -o '"id":[0-9]*' | wc -l)
last=$("$bin" --db "$db" runs --json | grep -o '"id":[0-9]*' | tail -1 | cut -d: -f2)
first_day=$("$bin" --db "$db" runs --json | grep -o '"start_utc":"[0-9-]*' | sed -n 1p | cut -d'"' -f4) # sed reads to the end: head would close the pipe, and pipefail ends the script (141)
last_day=$("$bin" --db "$db" runs --json | grep -o '"start_utc":"[0-9-]*' | tail -1 | cut -d'"' -f4)
echo "library: $runs runs from $first_day to $last_day, $(($(stat -c %s "$db") / 1000000)) MB"

port=$((20000 + RANDOM % 20000))
t0=$(date +%s.%N)
"$bin" --db "$db" serve --port "$port" >"$tmp/serve.log" 2>&1 &
pid=$!
base=http://127.0.0.1:$port
# from start to the first answer: serve models every run once (the derived results cache is empty)
# and renders the pages before it listens
for _ in $(seq 600); do curl -fsS -o /dev/null "$base/" 2>/dev/null && break; sleep 0.05; done
ready=$(echo "$(date +%s.%N) - $t0" | bc)
curl -fsS -o /dev/null "$base/run/$last"

# wrk: p99 from --latency, errors from "Non-2xx" and "Socket errors"; $1 = path
declare -A p99 rps errs
load() {
  local path=$1 out
  out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$base$path")
  echo "$out" >"$tmp/wrk-$(echo "$path" | tr / _).txt"
  p99[$path]=$(echo "$out" | awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 }
    else if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }
    printf "%.2f", v }')
  rps[$path]=$(echo "$out" | awk '/^Requests\/sec/ { print $2 }')
  errs[$path]=$(echo "$out" | awk '/Non-2xx|Socket errors/ { n++ } END { print n + 0 }')
}
ref=/no-such-page
load "$ref"
load /
load "/run/$last"

echo
printf '%-26s %10s %10s %8s %s\n' "$conns connections, ${secs} s" "p99 ms" "req/s" "errors" "p99 / reference"
for path in "$ref" / "/run/$last"; do
  ratio=$(echo "scale=1; ${p99[$path]} / ${p99[$ref]}" | bc)
  printf '%-26s %10s %10s %8s %sx\n' "$path" "${p99[$path]}" "${rps[$path]}" "${errs[$path]}" "$ratio"
done
echo "serve start to the first answer of / (every run modelled once): ${ready} s"
# a write from another process makes every rendered page stale: the next view renders again
# (the run summaries stay cached in the library)
"$bin" --db "$db" --quiet log pain 2 --date 2019-12-20
sleep 0.2
after_write=$(curl -sS -o /dev/null -w '%{time_total}' "$base/")
again=$(curl -sS -o /dev/null -w '%{time_total}' "$base/")
echo "overview right after a write to the library: ${after_write} s; the next one: ${again} s"
echo "cores: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
kill -INT "$pid"
wait "$pid" && echo "serve: clean exit on SIGINT" || { echo "serve: exit $? on SIGINT" >&2; exit 1; }
pid=

ok=1
for path in / "/run/$last"; do
  # the reference path is a 404 by design; the pages must have no error at all
  (($(echo "${p99[$path]} <= $goal_ms" | bc))) || ok=0
  ((${errs[$path]} == 0)) || ok=0
done
if ((ok)); then echo "goal (p99 <= $goal_ms ms, no errors): met"; else echo "goal (p99 <= $goal_ms ms, no errors): MISSED"; exit 1; fi
