#!/usr/bin/env bash
# The coach commands end to end on a temporary library (DESIGN.md contracts): profile set/show,
# log pain/session/intervention, shoes add/list/retire, screen (flags, clear, no TTY), exercises,
# findings and plan --json (shape, referral levels, pain rule, determinism), exit 64 on bad input;
# and that src/coach/exercises_data.c matches data/exercises.tsv.
#
# Usage: tests/coach_cli.sh [SHARED_DIR]; BKS_BIN names the backstride binary.
# Exit: 0 pass, 1 fail, 77 skipped (no binary).
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"
json_ok() {
  if command -v python3 >/dev/null; then
    python3 -c 'import json,sys; json.loads(sys.stdin.read())' <<<"$out" || bad "not JSON: $(head -c 300 <<<"$out")"
  fi
}

# the generated catalogue is up to date
"$repo/tools/gen_exercises.sh" "$repo/data/exercises.tsv" "$tmp/ex.c" || bad "gen_exercises.sh failed"
cmp -s "$tmp/ex.c" "$repo/src/coach/exercises_data.c" || bad "src/coach/exercises_data.c is stale: run tools/gen_exercises.sh"

# exercises: no library needed, from another directory
out=$(cd "$tmp" && "$bin" --db "$tmp/none.db" exercises --json) || bad "exercises --json failed"
json_ok
n=$(grep -o '"id":' <<<"$out" | wc -l)
(( n >= 40 )) || bad "exercises: $n, want >= 40"
has '"contraindications":['
[[ ! -e $tmp/none.db ]] || bad "exercises created a library"
expect 0 exercises show bird_dog --json
has '"source":"McGill 2010"'
expect 64 exercises show no_such_thing

# plan on an empty library: works, running allowed, no referral
expect 0 plan --json --today 2025-03-10
json_ok
has '"referral":null'
has '"running":{"allowed":true,"max_minutes":null'
for k in '"before":[' '"during":[' '"after":[' '"rest_day":['; do has "$k"; done

# profile
expect 64 profile set --mass 70 --height 1.75 --age 40          # no --sex
expect 64 profile set --mass 70 --height 175 --age 40 --sex f   # centimetres
expect 64 profile set --mass 70 --height 1.75 --age 40 --sex x
expect 64 profile set --mass 70 --height 1.75 --age 40 --sex f --condition bad_knee
expect 0 profile set --mass 70.5 --height 1.75 --age 40 --sex m --condition pregnancy --condition herniated_disc
grep -q "note" "$tmp/err" || bad "profile set: no warning for pregnancy with sex m"
expect 0 profile --json
json_ok
has '"mass_kg":70.5'
has '"conditions":["herniated_disc","pregnancy"]'
has '"experience_years":null,"routine":{"runs_per_week":null'

# contraindicated exercises never planned
expect 0 plan --json --today 2025-03-10
for id in curl_up yoga_childs_pose glute_bridge dead_bug knee_to_chest prone_lying yoga_sphinx; do
  lacks "\"exercise\":\"$id\""
done
# a partial 'profile set' keeps everything it is not given: the conditions above stay
expect 0 profile set --mass 71 --sex Female
expect 0 profile --json
has '"mass_kg":71,"height_m":1.75,"age_y":40,"sex":"f"'
has '"conditions":["herniated_disc","pregnancy"]'
has '"changes":{'
expect 0 profile set --no-condition pregnancy
expect 0 profile --json
has '"conditions":["herniated_disc"]'
expect 0 profile set --condition past_back_pain --units mi --tz UTC
expect 0 profile --json
has '"conditions":["herniated_disc","past_back_pain"]'
has '"tz":"UTC","tz_source":"profile","units":"mi"'
expect 64 profile set --tz Mars/Olympus_Mons
expect 64 profile set --units furlongs
expect 64 profile set
expect 0 profile
has 'conditions herniated_disc past_back_pain  (changed '
expect 0 profile set --mass 70 --height 1.75 --age 40 --sex f --conditions none --tz system --units km
expect 0 profile --json
has '"conditions":[]'
has '"tz":null'

# experience and weekly routine: odd combinations are stored with a note, never refused
expect 64 profile set --mass 70 --height 1.75 --age 40 --sex f --runs-per-week -1
expect 64 profile set --mass 70 --height 1.75 --age 40 --sex f --weekly-km lots
expect 0 profile set --mass 70 --height 1.75 --age 40 --sex f --experience-years 39 --runs-per-week 0 --weekly-km 25.5
grep -q "note" "$tmp/err" || bad "profile set: no note for 0 runs a week with 25.5 km"
expect 0 profile set --mass 70 --height 1.75 --age 40 --sex f --experience-years 2.5 --runs-per-week 4 --weekly-km 30 --weekly-minutes 200 --strength-per-week 1
expect 0 profile --json
json_ok
has '"experience_years":2.5,"routine":{"runs_per_week":4,"weekly_km":30,"weekly_minutes":200,"strength_per_week":1}'
expect 0 profile
has 'routine    4 runs, 200 min, 30 km, 1 strength/core sessions a week'
# no runs in the library: the routine's usual run (200/4 = 50 min) sets the cap, 1.3 x 50
expect 0 plan --json --today 2025-03-10
has '"allowed":true,"max_minutes":65'
has 'routine'
# 'none' clears a field of the routine
expect 0 profile set --experience-years none --runs-per-week none --weekly-km none --weekly-minutes none --strength-per-week none
expect 0 profile --json
has '"experience_years":null,"routine":{"runs_per_week":null,"weekly_km":null,"weekly_minutes":null,"strength_per_week":null}'

# log: validation and storage
expect 64 log pain 11
expect 64 log pain -1
expect 64 log pain 5 --where knee
expect 64 log pain 5 --when later
expect 64 log pain 5 --date 2025-02-30
expect 64 log session running 30
expect 64 log session core 0
expect 64 log intervention belt
expect 64 log intervention belt --start 2025-03-05 --end 2025-03-01
expect 0 log session core 25.5 --date 2025-03-08 --json
has '"kind":"core"'
expect 0 log intervention "cadence +5%" --start 2025-03-01 --json
expect 0 log pain 3 --where lower_back --date 2025-03-09 --json
has '"level":3'

# shoes
expect 0 shoes add "Road 1" --start 2025-01-01
expect 64 shoes add "Road 1"
expect 0 shoes list --json
json_ok
has '"name":"Road 1","start":"2025-01-01","retired":null'
expect 0 shoes retire "Road 1" --date 2025-03-01
expect 64 shoes retire "Road 1"

# moderate pain halves the run; 7/10 in 72 hours stops it, and says why
expect 0 log pain 5 --date 2025-03-10
expect 0 plan --json --today 2025-03-10
has '"allowed":true,"max_minutes":20'
expect 0 log pain 7 --date 2025-03-10 --where sacroiliac
expect 0 plan --json --today 2025-03-10
json_ok
has '"allowed":false'
has '72 hours'
has '"before":[]'
expect 0 plan --json --today 2025-03-14   # four days later: the rule has lapsed
has '"allowed":true'

# pain that rose during a run: a before and a during/after level, on a day with a run
expect 0 log pain 1 --when before --date 2025-03-20
expect 0 log pain 4 --when during --date 2025-03-20
expect 0 plan --json --today 2025-03-21
lacks 'rose during a run' # no run that day: there was no run for the pain to rise during
expect 0 profile set --tz UTC --quiet
expect 0 import "$repo/data/example/easy-run.fit" --quiet # 2026-09-06T07:30Z
expect 0 log pain 3 --when after --date 2026-09-06
expect 0 plan --json --today 2026-09-07
lacks 'rose during a run' # no 'before' was logged: unknown, never 0
expect 0 log pain 1 --when before --date 2026-09-06
expect 0 plan --json --today 2026-09-07
has '"allowed":false'
has 'rose during a run'

# screening: no TTY without flags is a usage error; flags never prompt; levels; clearing
expect 64 screen
expect 64 screen --flag sore_toe
expect 0 screen --flag night_pain --json --date 2025-04-01
has '"level":"urgent"'
expect 0 plan --json --today 2025-04-02
has '"referral":{"level":"urgent"'
has '"allowed":false'
expect 0 screen --flag fever --flag bladder_dysfunction --date 2025-04-03
expect 0 plan --json --today 2025-04-04
has '"referral":{"level":"emergency"'
has '"allowed":false'
expect 0 findings --json --today 2025-04-04
json_ok
for id in weak_core posture disc shoes shoe_impact bounce overexertion fatigue_drift body_mass; do
  has "\"id\":\"$id\""
done
has 'not injury thresholds'
has 'Impellizzeri'
expect 0 screen --clear --date 2025-04-05
expect 0 plan --json --today 2025-04-06
has '"referral":null'

# routine: radiating pain with numbness
expect 0 log pain 3 --where leg --radiating --numbness --date 2025-04-06
expect 0 plan --json --today 2025-04-06
has '"referral":{"level":"routine"'
has '"allowed":false'

# deterministic
a=$("$bin" --db "$db" plan --json --today 2025-04-06 2>/dev/null)
b=$("$bin" --db "$db" plan --json --today 2025-04-06 2>/dev/null)
[[ $a == "$b" ]] || bad "plan is not deterministic"

# did it help? too few entries: refuses; enough: an effect size and an interval, the same twice
expect 0 interventions --json --today 2025-03-12
json_ok
has '"name":"cadence +5%"'
has '"verdict":"not enough data"'
has '"min_per_side":5'
has 'not an experiment'
db2="$tmp/iv.db"
for d in 01 03 05 07 09 11; do "$bin" --db "$db2" log pain 5 --date "2025-05-$d" 2>/dev/null; done
for d in 16 18 20 22 24 26; do "$bin" --db "$db2" log pain 2 --date "2025-05-$d" 2>/dev/null; done
"$bin" --db "$db2" log pain 3 --date 2025-05-28 2>/dev/null
"$bin" --db "$db2" log intervention "support belt" --start 2025-05-15 2>/dev/null
out=$("$bin" --db "$db2" interventions --json --today 2025-06-01 2>"$tmp/err") || bad "interventions --json failed"
json_ok
has '"n_before":6,"n_during":7,"days_before":6,"days_during":7,"mean_before":5.000,"mean_during":2.143'
has '"verdict":"lower"'
has '"ci95":['
a=$("$bin" --db "$db2" interventions --json --today 2025-06-01 2>/dev/null)
[[ $a == "$out" ]] || bad "interventions is not deterministic"
out=$("$bin" --db "$db2" interventions --today 2025-06-01 2>/dev/null)
has "Hedges' g"
has 'cannot show that the intervention caused'
expect 0 interventions --json --today 2025-06-01 --db "$tmp/none2.db"
has '"interventions":[]'
expect 64 interventions --today yesterday

# traceability: every author-year the coach prints (finding sources, the interventions method,
# the catalogue's evidence) is explained in docs/science.md
if command -v python3 >/dev/null; then
  {
    "$bin" --db "$db" findings --json --today 2025-04-06 2>/dev/null
    echo
    "$bin" --db "$db2" interventions --json --today 2025-06-01 2>/dev/null
    echo
    "$bin" exercises --json 2>/dev/null
    for id in $("$bin" exercises --json 2>/dev/null | grep -o '"id":"[a-z_]*"' | cut -d'"' -f4); do
      "$bin" exercises show "$id" --json 2>/dev/null
    done
  } >"$tmp/said.txt"
  python3 - "$repo/docs/science.md" "$tmp/said.txt" <<'PY' || bad "a cited source is missing from docs/science.md"
import re, sys, unicodedata
# accents dropped: the program prints ASCII ("Escamilla-Martinez"), the page has "Martínez"
science = unicodedata.normalize("NFKD", open(sys.argv[1], encoding="utf-8").read())
science = science.encode("ascii", "ignore").decode()
said = open(sys.argv[2], encoding="utf-8").read()
missing = set()
for m in re.finditer(r"([A-Z][A-Za-z\-]+)(?:[ ,&]+(?:[A-Z][a-z]+|et al\.?))* \(?(19|20)\d\d", said):
    name = m.group(1)
    if name in ("DESIGN", "GUIDANCE", "The", "A", "No"):
        continue
    if name not in science:
        missing.add(m.group(0))
if missing:
    print("not in docs/science.md:", sorted(missing))
    sys.exit(1)
PY
fi

# --help for every command
for c in profile log shoes screen exercises findings plan interventions; do
  "$bin" "$c" --help >/dev/null || bad "$c --help"
done

if ((fail)); then exit 1; fi
echo "coach CLI: all checks passed"
