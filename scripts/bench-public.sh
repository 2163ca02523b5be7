#!/usr/bin/env bash
# Load on the public listener, as an incident's press release meets the
# internet: starts the demo desk with its public site on PUBLIC_ADDR, runs
# wrk against the pages and JSON that a spike hits (served from memory,
# not limited per client), then floods the self-check form with POSTs
# from one address to show the rate limiter shedding them (429) while the
# site stays up, prints a table and stops the desk.
#
#   scripts/bench-public.sh
#
# Environment (defaults in brackets):
#   PUBLIC_ADDR  the public listener [127.0.0.1:18081]
#   DESK_ADDR    the desk's own listener [127.0.0.1:18080]
#   THREADS CONNECTIONS DURATION   wrk's -t -c -d [2 100 20s]
#   LANG_PATH    the language of the pages [en]
#
# wrk (Debian package wrk) is installed when missing. Run it on a machine
# that does nothing else: the figures are only worth what the machine is.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

PUBLIC_ADDR="${PUBLIC_ADDR:-127.0.0.1:18081}"
DESK_ADDR="${DESK_ADDR:-127.0.0.1:18080}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-100}"
DURATION="${DURATION:-20s}"
LANG_PATH="${LANG_PATH:-en}"
base="http://$PUBLIC_ADDR"

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
if ! command -v wrk >/dev/null 2>&1; then
	echo "bench: installing wrk"
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk
fi
command -v curl >/dev/null 2>&1 || { echo "bench: curl is needed (apt-get install curl)" >&2; exit 1; }

echo "bench: building bin/breachdesk"
make -s build

work="$(mktemp -d)"
pid=""
stop_desk() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -INT "$pid" 2>/dev/null || true
		for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
		kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	pid=""
}
cleanup() {
	stop_desk
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "bench: starting the demo desk (desk $DESK_ADDR, public site $PUBLIC_ADDR, data in $work)"
./bin/breachdesk demo --data "$work/desk" --addr "$DESK_ADDR" --public-addr "$PUBLIC_ADDR" \
	--log-level warn </dev/null >"$work/demo.out" 2>"$work/demo.err" &
pid=$!
up=no
for _ in $(seq 1 120); do
	if curl -fsS -o /dev/null "$base/healthz" 2>/dev/null; then up=yes; break; fi
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.5
done
if [ "$up" != yes ]; then
	echo "bench: the public site never answered on $base/healthz" >&2
	cat "$work/demo.out" "$work/demo.err" >&2
	exit 1
fi

# Every target must answer 200 before it is measured: a benchmark of 404s
# measures nothing.
status_page="/$LANG_PATH/status"
summary="/api/v2/summary.json"
home="/"
for path in "$home" "$status_page" "$summary"; do
	code="$(curl -s -o /dev/null -w '%{http_code}' "$base$path")"
	if [ "$code" != 200 ]; then
		echo "bench: $base$path answers $code, not 200" >&2
		exit 1
	fi
done
etag="$(curl -s -D - -o /dev/null "$base$summary" | tr -d '\r' | awk 'tolower($1) == "etag:" { $1 = ""; sub(/^ /, ""); print }')"

# The self-check form when the demo page has it on, else the subscription
# form: both are rate-limited POSTs that queue a mail.
form="/$LANG_PATH/check"
if [ "$(curl -s -o /dev/null -w '%{http_code}' "$base$form")" != 200 ]; then
	form="/$LANG_PATH/subscribe"
fi
if [ "$(curl -s -o /dev/null -w '%{http_code}' "$base$form")" != 200 ]; then
	echo "bench: neither /$LANG_PATH/check nor /$LANG_PATH/subscribe answers 200" >&2
	exit 1
fi
# The form's hidden fields (a language, a challenge) go along with every
# POST, URL-encoded; a single-use challenge replayed is refused like any
# other shed request and counted with its status.
urlencode() {
	local s="$1" out="" c i
	for ((i = 0; i < ${#s}; i++)); do
		c="${s:i:1}"
		case "$c" in
		[A-Za-z0-9._~-]) out+="$c" ;;
		*) out+="$(printf '%%%02X' "'$c")" ;;
		esac
	done
	printf '%s' "$out"
}
hidden=""
while read -r tag; do
	[ -n "$tag" ] || continue
	n="$(sed -n 's/.*[[:space:]]name="\([^"]*\)".*/\1/p' <<<"$tag")"
	v="$(sed -n 's/.*[[:space:]]value="\([^"]*\)".*/\1/p' <<<"$tag")"
	if [ -n "$n" ]; then hidden+="&$(urlencode "$n")=$(urlencode "$v")"; fi
done < <(curl -s "$base$form" | tr '\n' ' ' | grep -o '<input[^>]*type="\{0,1\}hidden"\{0,1\}[^>]*>' || true)
body="email=bench%40example.com$hidden"

# wrk's Lua: per-status counts from every thread, printed by done().
cat >"$work/counts.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {} end
function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for k, v in pairs(c) do total[k] = (total[k] or 0) + v end
  end
  local keys = {}
  for k in pairs(total) do table.insert(keys, k) end
  table.sort(keys)
  for _, k in ipairs(keys) do io.write(string.format("STATUS %d %d\n", k, total[k])) end
end
LUA
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = "$body"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
$(cat "$work/counts.lua")
LUA
# A revalidating client (a browser, a proxy): 304s with no body.
cat >"$work/inm.lua" <<LUA
wrk.headers["If-None-Match"] = '$etag'
LUA

# run NAME PATH [LUA] [HEADER]: one wrk run, its summary kept for the table. The
# GET runs count responses with wrk's own "Non-2xx or 3xx" line (a Lua
# response() callback would slow wrk down); the POST run counts each
# status in Lua.
results="$work/results"
: >"$results"
run() {
	local name="$1" path="$2" script="${3:-}" header="${4:-}" out="$work/wrk.out"
	echo "bench: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency ${header:+-H '$header' }$base$path ($name)"
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency ${script:+-s "$script"} ${header:+-H "$header"} "$base$path" >"$out" 2>&1 || {
		cat "$out" >&2
		exit 1
	}
	awk -v name="$name" '
		$1 == "Requests/sec:" { rps = $2 }
		$1 == "50%" { p50 = $2 }
		$1 == "99%" { p99 = $2 }
		/requests in/ { total = $1 }
		/Non-2xx or 3xx responses:/ { bad = $NF }
		/Socket errors:/ { errs = $0; sub(/.*Socket errors: /, "", errs) }
		$1 == "STATUS" { codes = codes (codes == "" ? "" : " ") $2 "x" $3 }
		END {
			if (errs == "") errs = "none"
			if (codes == "") codes = sprintf("%d, non-2xx/3xx %d", total, bad)
			printf "%-34s %10s %9s %9s  %-30s %s\n", name, rps, p50, p99, codes, errs
		}' "$out" >>"$results"
}

# Browsers, proxies and most monitors ask for gzip; the site keeps every
# page compressed in memory too. wrk asks for nothing unless told.
gzip_header="Accept-Encoding: gzip"
run "home page $home (gzip)" "$home" "" "$gzip_header"
run "status page $status_page (gzip)" "$status_page" "" "$gzip_header"
run "status page $status_page (plain)" "$status_page"
run "summary.json (gzip)" "$summary" "" "$gzip_header"
run "summary.json (plain)" "$summary"
inm_code=""
[ -z "$etag" ] || inm_code="$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$base$summary")"
if [ "$inm_code" = 304 ]; then
	run "summary.json, If-None-Match (304)" "$summary" "$work/inm.lua"
else
	echo "bench: summary.json answers ${inm_code:-no ETag} to a revalidation, not 304: that run is left out" >&2
fi
run "POST flood $form (one client)" "$form" "$work/post.lua"

# The site must still serve its pages right after the flood.
after="$(curl -s -o /dev/null -w '%{http_code}' "$base$summary")"
stop_desk

echo
echo "public site benchmark: $(nproc) CPUs, wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-34s %10s %9s %9s  %-30s %s\n' "target" "req/s" "p50" "p99" "responses (status x count)" "socket errors"
cat "$results"
echo
echo "summary.json right after the flood: HTTP $after"
echo "The POST flood comes from one client address: the per-client limiter answers most with 429"
echo "(and, above the global load threshold, the forms ask for a proof-of-work)."
