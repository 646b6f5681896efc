#!/usr/bin/env bash
# Every cue the plan gives for the run itself agrees with what-if on every run of the example
# history: "quicker, lighter steps" (the bounce cue: +5 % cadence) lowers each step's lumbar
# compression under the bound the step-rate studies support, and whatif says which bound that is
# and why; "run tall" (less trunk lean) lowers it too. A cue the model says would not lighten the
# load must not claim that it does.
#
# Usage: tests/cues_whatif.sh [SHARED_DIR]; BKS_BIN names the backstride binary.
# Exit: 0 pass, 1 fail, 77 skipped (no binary).
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"
expect 0 import "$repo/data/example" --quiet
expect 0 profile set --mass 70 --height 1.75 --age 38 --sex f --quiet
# the cues as the plan words them
expect 0 plan --json --today 2026-09-07
has 'quicker, lighter steps'
has 'run tall: lean slightly from the ankles'

expect 0 runs --json
ids=$(python3 -c 'import json,sys; print(" ".join(str(r["id"]) for r in json.load(sys.stdin)))' <<<"$out")
for id in $ids; do
  "$bin" --db "$db" whatif "$id" --cadence +5% --json >"$tmp/cad.json" 2>/dev/null || { bad "whatif $id --cadence failed"; continue; }
  "$bin" --db "$db" whatif "$id" --lean-deg 4.2 --json >"$tmp/lean.json" 2>/dev/null || { bad "whatif $id --lean-deg failed"; continue; }
  python3 - "$id" "$tmp/cad.json" "$tmp/lean.json" <<'PY' || fail=1
import json, sys
rid, cad, lean = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
def change(metrics, name):
    m = next(x for x in metrics if x["name"] == name)
    return m["after"] - m["before"]
ok = True
lit = cad.get("literature") or {}
if lit.get("supports") != "alternative" or "Schubert" not in lit.get("source", ""):
    print(f"FAIL: run {rid}: whatif does not say which bound the studies support: {lit}", file=sys.stderr); ok = False
elif not change(cad["alternative"]["metrics"], "lumbar_peak_bw") < 0:
    print(f"FAIL: run {rid}: +5 % cadence does not lighten each step under the supported bound", file=sys.stderr); ok = False
if not change(lean["metrics"], "lumbar_peak_bw") < 0:
    print(f"FAIL: run {rid}: less lean does not lower the lumbar compression", file=sys.stderr); ok = False
sys.exit(0 if ok else 1)
PY
done
exit $fail
