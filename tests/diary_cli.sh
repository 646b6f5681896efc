#!/usr/bin/env bash
# A diary you can correct: `diary` lists pain, session and intervention entries with ids from
# one id space; `diary edit` changes only what it is given; `diary delete` removes one entry;
# `runs rename` and `runs delete` correct runs, and a deleted run's file is not imported again
# unless `import --restore-deleted` asks for it.
#
# Usage: tests/diary_cli.sh [SHARED_DIR]; BKS_BIN names the backstride binary.
# Exit: 0 pass, 1 fail, 77 skipped (no binary).
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"

expect 0 diary
has 'the diary is empty'
expect 0 log pain 3 --when after --date 2025-03-01
expect 0 log session core 20 --date 2025-03-02
expect 0 log intervention belt --start 2025-02-01
expect 0 log pain 5 --date 2025-03-03 --radiating
expect 0 diary --json
printf '%s' "$out" >"$tmp/d.json"
python3 - "$tmp/d.json" <<'PY' || bad "diary --json: $out"
import json, sys
d = json.load(open(sys.argv[1]))
assert [e["kind"] for e in d] == ["intervention", "pain", "session", "pain"], d
ids = [e["id"] for e in d]
assert len(set(ids)) == 4 and all(isinstance(i, int) and i > 0 for i in ids), ids
assert d[1]["date"] == "2025-03-01" and d[1]["level"] == 3 and d[1]["when"] == "after", d[1]
assert d[3]["radiating"] is True and d[3]["numbness"] is False, d[3]
PY
pain1=$(python3 -c 'import json,sys; print([e["id"] for e in json.load(sys.stdin) if e["kind"]=="pain"][0])' <<<"$out")
sess=$(python3 -c 'import json,sys; print([e["id"] for e in json.load(sys.stdin) if e["kind"]=="session"][0])' <<<"$out")
belt=$(python3 -c 'import json,sys; print([e["id"] for e in json.load(sys.stdin) if e["kind"]=="intervention"][0])' <<<"$out")
pain2=$(python3 -c 'import json,sys; print([e["id"] for e in json.load(sys.stdin) if e["kind"]=="pain"][1])' <<<"$out")

# edit: only what is given changes; options of another kind are refused
expect 0 diary edit "$pain1" --level 2 --json
has '"level":2,"where":"lower_back","when":"after"'
expect 0 diary edit "$pain2" --no-radiating --numbness --date 2025-03-04 --json
has '"date":"2025-03-04","level":5'
has '"radiating":false,"numbness":true'
expect 64 diary edit "$sess" --level 3
expect 64 diary edit "$pain1" --level 11
expect 64 diary edit "$pain1" --when later
expect 64 diary edit "$pain1" --date 2999-01-01
expect 0 diary edit "$sess" --minutes 35 --kind pilates --json
has '"session_kind":"pilates","minutes":35'
expect 64 diary edit "$belt" --end 2025-01-01           # before its start
expect 0 diary edit "$belt" --end 2025-03-01 --name "lumbar belt" --json
has '"name":"lumbar belt","start":"2025-02-01","end":"2025-03-01"'
expect 64 diary edit 99999 --level 1
expect 64 diary edit x --level 1

# delete: the entry goes, the others and their ids stay; an id is never reused
expect 0 diary delete "$pain2"
expect 64 diary delete "$pain2"
expect 0 log pain 1 --date 2025-03-05 --json
expect 0 diary --json
printf '%s' "$out" >"$tmp/d.json"
python3 - "$tmp/d.json" "$pain2" <<'PY' || bad "after delete: $out"
import json, sys
d = json.load(open(sys.argv[1]))
gone = int(sys.argv[2])
assert gone not in [e["id"] for e in d], d
assert len(d) == 4 and max(e["id"] for e in d) > gone, d
PY

# runs: rename, delete, and a deleted run's file stays deleted on a second import
mkdir -p "$tmp/files"
cp "$repo/data/example/easy-run.fit" "$tmp/files/"
expect 0 import "$tmp/files" --quiet
expect 0 runs --json
id=$(python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])' <<<"$out")
expect 0 runs rename "$id" "Sunday easy"
expect 0 runs --json
has '"name":"Sunday easy"'
expect 64 runs rename 99999 "nothing"
expect 0 runs delete "$id"
expect 64 runs delete "$id"
expect 0 runs --json
[[ $out == "[]" || $out == $'[\n]' ]] || bad "runs after delete: $out"
expect 0 import "$tmp/files" --quiet
expect 0 runs --json
[[ $out == "[]" || $out == $'[\n]' ]] || bad "a second import brought the deleted run back: $out"
expect 0 import --restore-deleted "$tmp/files" --quiet
expect 0 runs --json
has '"source":'
expect 0 dev check-db
exit $fail
