#!/usr/bin/env bash
# backstride serve, its contract over plain HTTP (curl): prints its URL on 127.0.0.1 and answers
# / within 10 s; every <a href="/..."> reachable from / answers 2xx; charts are inline <svg>;
# path tricks get 400/404; an oversized body gets 413 (a body without a length 411) and a huge header is refused; a POST with
# a missing or wrong CSRF token gets 403 and stores nothing, with the right one it is stored;
# a foreign Host header gets 421 (DNS rebinding); bad --port/--bind are usage errors (64), a port in use is 74; SIGTERM stops it with exit 0 and
# its private upload folder gone; it keeps serving after every bad request; a body trickling in
# past --request-timeout has its connection closed.
#
# Usage: tests/serve_cli.sh [SHARED_DIR]; BKS_BIN names the backstride binary.
# Exit: 0 pass, 1 fail, 77 skipped (no binary, no curl, or built without web support).
set -uo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.sh"
if ! command -v curl >/dev/null; then
  echo "skipped: curl not found" >&2
  exit 77
fi
pid=
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null
  # on a failure, what the server said helps more than the status codes
  ((fail)) && [[ -s $tmp/err ]] && { echo "--- server stderr:" >&2; head -c 2000 "$tmp/err" >&2; }
  rm -rf "$tmp"
}
trap cleanup EXIT
export TMPDIR=$tmp # the server's upload folder lands here, so the test can see it go

"$bin" --db "$db" serve --port 0 >"$tmp/url" 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do
  [[ -s $tmp/url ]] && break
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 0.1
done
if grep -q 'without web support' "$tmp/err"; then
  echo "skipped: built without libmicrohttpd" >&2
  pid=
  exit 77
fi
url=$(head -1 "$tmp/url")
[[ $url =~ ^http://127\.0\.0\.1:[0-9]+/$ ]] || { bad "printed '$url', want http://127.0.0.1:PORT/"; exit 1; }
port=${url##*:}
port=${port%/}

code() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@"; }

# / within 10 s of start (the URL is printed once listening), with inline charts
[[ $(code "$url") == 200 ]] || bad "/ did not answer 200"
"$bin" --db "$db" import "$repo/data/example" >/dev/null 2>&1 || bad "import of data/example failed"
page=$(curl -s --max-time 10 "$url")
grep -q '<svg' <<<"$page" || bad "/ has no inline <svg>"
grep -q 'class="band"' <<<"$page" || bad "/ has no acute:chronic band"
grep -Eiq '<script' <<<"$page" && bad "/ has a script"

# every <a href="/..."> reachable from / answers 2xx (breadth first over our own pages)
declare -A seen=()
queue=(/)
while ((${#queue[@]})); do
  p=${queue[0]}
  queue=("${queue[@]:1}")
  [[ -n ${seen[$p]:-} ]] && continue
  seen[$p]=1
  c=$(curl -s -o "$tmp/page" -w '%{http_code}' --max-time 10 "$url${p#/}")
  [[ $c == 2* ]] || bad "GET $p answered $c"
  while read -r h; do
    [[ -z ${seen[$h]:-} ]] && queue+=("$h")
  done < <(grep -o 'href="/[^"#]*"' "$tmp/page" | sed 's/^href="//; s/"$//' | sort -u)
done
((${#seen[@]} >= 10)) || bad "only ${#seen[@]} pages reachable from /"
[[ -n ${seen[/run/1]:-} || -n ${seen[/run/50]:-} ]] || bad "no run page reachable from /"

# path tricks: 400 or 404, and nothing read from the file system
for p in '../../etc/passwd' '%2e%2e/%2e%2e/etc/passwd' '%2E%2E%2Fetc%2Fpasswd' '/etc/passwd' \
  'run/..%2f..%2fetc%2fpasswd' 'run/1%00.html' '..%5c..%5cetc%5cpasswd' 'run/-1' 'run/99999999' \
  'index.html' '.git/config'; do
  c=$(code --path-as-is "$url$p")
  [[ $c == 400 || $c == 404 ]] || bad "GET /$p answered $c, want 400 or 404"
  grep -q 'root:' <<<"$(curl -s --path-as-is --max-time 10 "$url$p")" && bad "GET /$p leaked a file"
done

# CSRF: missing and wrong token 403, nothing stored; the right one stores
tok=$(curl -s --max-time 10 "${url}log" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"$//')
[[ ${#tok} == 64 ]] || bad "no 64-hex CSRF token in the diary form"
[[ $(code -d 'level=9&date=2026-09-01' "${url}log/pain") == 403 ]] || bad "POST without a token not 403"
last=${tok: -1}
wrong=${tok%?}$([[ $last == 0 ]] && echo 1 || echo 0) # differs from the token in its last digit
[[ $(code -d "csrf=$wrong&level=9&date=2026-09-01" "${url}log/pain") == 403 ]] || bad "POST with a wrong token not 403"
[[ $(code -d "csrf=&level=9" "${url}log/pain") == 403 ]] || bad "POST with an empty token not 403"
[[ $(code -F "csrf=bad" -F "file=@$repo/data/example/easy-run.fit" "${url}import") == 403 ]] || bad "upload with a wrong token not 403"
"$bin" --db "$db" --json findings >"$tmp/f.json" 2>/dev/null
grep -q '<td class="n">9</td>' <<<"$(curl -s --max-time 10 "${url}log")" && bad "a refused POST stored pain"
[[ $(code -d "csrf=$tok&level=7.5&where=lower_back&when=after&date=2026-09-02" "${url}log/pain") == 303 ]] || bad "pain POST with the token not 303"
grep -q '<td class="n">7.5</td>' <<<"$(curl -s --max-time 10 "${url}log")" || bad "pain entry not shown after the POST"
[[ $(code -d "csrf=$tok&level=11" "${url}log/pain") == 400 ]] || bad "pain level 11 not 400"
[[ $(code -d "csrf=$tok&level=5&where=%3Cscript%3E" "${url}log/pain") == 400 ]] || bad "unknown pain location not 400"

# /diary: every entry with forms to correct and delete it (the CLI's checks; 400 changes nothing)
eid=$("$bin" --db "$db" --json diary 2>/dev/null | python3 -c 'import json,sys; print([e["id"] for e in json.load(sys.stdin) if e["kind"]=="pain" and e["level"]==7.5][0])')
grep -q "id=\"entry-$eid\"" <<<"$(curl -s --max-time 10 "${url}diary")" || bad "/diary does not list entry $eid"
[[ $(code -d "id=$eid&level=2" "${url}diary/edit") == 403 ]] || bad "diary edit without the token not 403"
[[ $(code -d "csrf=$tok&id=$eid&level=12" "${url}diary/edit") == 400 ]] || bad "diary edit to level 12 not 400"
[[ $(code -d "csrf=$tok&id=$eid&date=9999-12-31" "${url}diary/edit") == 400 ]] || bad "diary edit to 9999-12-31 not 400"
[[ $(code -d "csrf=$tok&id=999999&level=2" "${url}diary/edit") == 404 ]] || bad "diary edit of no entry not 404"
[[ $(code -d "csrf=$tok&id=$eid&level=2.5&where=buttock&when=after&date=2026-09-02" "${url}diary/edit") == 303 ]] || bad "diary edit not 303"
grep -q "\"id\":$eid,\"kind\":\"pain\",\"date\":\"2026-09-02\",\"level\":2.5,\"where\":\"buttock\"" <<<"$("$bin" --db "$db" --json diary 2>/dev/null)" || bad "the web edit is not what 'diary' lists"
[[ $(code -d "csrf=$tok&id=$eid" "${url}diary/delete") == 303 ]] || bad "diary delete not 303"
grep -q "\"id\":$eid," <<<"$("$bin" --db "$db" --json diary 2>/dev/null)" && bad "the web delete left the entry"

# the profile form: stored as `backstride profile` reads it, the routine left out stays unset
[[ $(code -d "csrf=$tok&mass=61.5&height=1.68&age=44&sex=f&weekly_minutes=150&condition=past_back_pain" "${url}profile") == 303 ]] || bad "profile POST not 303"
prof=$("$bin" --db "$db" --json profile 2>/dev/null)
grep -q '"mass_kg":61.5' <<<"$prof" && grep -q '"experience_years":null' <<<"$prof" && grep -q '"weekly_minutes":150' <<<"$prof" || bad "profile not stored as sent: $prof"
[[ $(code -d "csrf=$tok&mass=61.5&height=168&age=44&sex=f" "${url}profile") == 400 ]] || bad "height 168 (cm) not 400"

# sizes: an oversized form body and upload get 413; a huge header is refused
head -c 200000 /dev/zero | tr '\0' a >"$tmp/big-form"
[[ $(code --data-binary "@$tmp/big-form" "${url}log/pain") == 413 ]] || bad "200 kB form not 413"
head -c $((40 * 1024 * 1024)) /dev/zero >"$tmp/big.fit"
[[ $(code -F "csrf=$tok" -F "file=@$tmp/big.fit" "${url}import") == 413 ]] || bad "40 MiB upload not 413"
c=$(code -H 'Transfer-Encoding: chunked' --data-binary "@$tmp/big-form" "${url}log/pain")
[[ $c == 411 || $c == 413 ]] || bad "chunked 200 kB form answered $c, want 411 or 413"
c=$(code -H "X-Big: $(head -c 60000 /dev/zero | tr '\0' a)" "$url")
[[ $c == 4* ]] || bad "60 kB header answered $c, want 4xx"
[[ $(code -X GET --data-binary "@$tmp/big-form" "$url") == 413 ]] || bad "GET with a 200 kB body not 413"
[[ $(code -H 'Host: attacker.example' "$url") == 421 ]] || bad "a foreign Host header (DNS rebinding) not 421"
[[ $(code -H "Host: localhost:$port" "$url") == 200 ]] || bad "Host localhost:PORT not 200"
[[ $(code -X DELETE "$url") == 405 ]] || bad "DELETE not 405"
[[ $(code -H 'Content-Type: text/plain' -d "csrf=$tok" "${url}log/pain") == 415 ]] || bad "text/plain POST not 415"

# still serving after all that
[[ $(code "$url") == 200 ]] || bad "/ not 200 after the bad requests"

# usage errors and a port in use
"$bin" --db "$db" serve --port 70000 >/dev/null 2>&1; [[ $? == 64 ]] || bad "--port 70000 not 64"
"$bin" --db "$db" serve --bind localhost >/dev/null 2>&1; [[ $? == 64 ]] || bad "--bind localhost (a name) not 64"
"$bin" --db "$db" serve --bogus >/dev/null 2>&1; [[ $? == 64 ]] || bad "--bogus not 64"
timeout 10 "$bin" --db "$db" serve --port "$port" >/dev/null 2>&1; [[ $? == 74 ]] || bad "a port in use not 74"
out=$("$bin" serve --help) || bad "serve --help failed"
grep -q 'usage: backstride serve' <<<"$out" || bad "serve --help lacks usage"

# SIGTERM: exit 0, upload folder removed
ls -d "$tmp"/backstride-web-* >/dev/null 2>&1 || bad "no private upload folder while serving"
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
[[ $rc == 0 ]] || bad "SIGTERM exit $rc, want 0"
ls -d "$tmp"/backstride-web-* >/dev/null 2>&1 && bad "upload folder left after SIGTERM"
grep -Eq 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:' "$tmp/err" && bad "sanitizer report: $(head -c 400 "$tmp/err")"

# SIGINT works the same, and --bind with an explicit address; a body that trickles in past
# --request-timeout has its connection closed (the idle timeout alone would never end it)
"$bin" --db "$db" serve --port 0 --bind 127.0.0.1 --request-timeout 2 >"$tmp/url2" 2>"$tmp/err2" &
pid=$!
for _ in $(seq 100); do [[ -s $tmp/url2 ]] && break; sleep 0.1; done
url2=$(head -1 "$tmp/url2")
[[ $(code "$url2") == 200 ]] || bad "--bind 127.0.0.1 did not serve"
port2=${url2##*:}
port2=${port2%/}
trap '' PIPE # the server may close while we still write: a failed write, not the end of the test
if exec 3<>"/dev/tcp/127.0.0.1/$port2"; then
  printf 'POST /log/pain HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n' "$port2" >&3
  # a byte now, one after the 2 s bound: the server closes the connection rather than wait for
  # the other 998 (libmicrohttpd cannot answer in the middle of a body)
  printf 'a' >&3 2>/dev/null
  sleep 2.5
  printf 'a' >&3 2>/dev/null
  timeout 5 cat <&3 >/dev/null 2>&1
  [[ $? != 124 ]] || bad "a body trickling in past --request-timeout kept its connection open"
  exec 3>&-
else
  bad "cannot connect to $url2 with /dev/tcp"
fi
kill -INT "$pid"
wait "$pid"
rc=$?
pid=
[[ $rc == 0 ]] || bad "SIGINT exit $rc, want 0"
grep -q "not a loopback address" "$tmp/err2" && bad "--bind 127.0.0.1 warned of a non-loopback address"

# another address is served too, with a warning on stderr even under --quiet: no login guards it
"$bin" --db "$db" --quiet serve --port 0 --bind 0.0.0.0 >"$tmp/url3" 2>"$tmp/err3" &
pid=$!
for _ in $(seq 100); do [[ -s $tmp/url3 ]] && break; sleep 0.1; done
[[ -s $tmp/url3 ]] || bad "--bind 0.0.0.0 printed no URL: $(cat "$tmp/err3")"
grep -q "0.0.0.0 is not a loopback address: anyone who can reach it" "$tmp/err3" ||
  bad "--bind 0.0.0.0 did not warn: $(cat "$tmp/err3")"
kill -TERM "$pid"
wait "$pid"
pid=

exit $fail
