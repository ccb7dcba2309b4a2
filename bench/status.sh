#!/usr/bin/env bash
# The status page at scale: writes a synthetic catalog with bench/synth,
# starts errcat serve on it, and measures, on the same server, the API's
# list GET /v1/errors (the baseline), the first GET / (which builds the
# page's model), a second GET /, and searches: the first builds the
# snapshot's search index, the next ones use it. Each line gives the wall
# time, the server's CPU time (from /proc/PID/stat, user+system, around the
# request), the bytes sent, the ratio to the baseline's wall time, and the
# server's peak and current resident memory after it (VmHWM, VmRSS).
#
#   bash bench/status.sh             # 20k codes x 10 locales
#   bash bench/status.sh 5000x10     # any size, CODESxLOCALES
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-20000x10}
codes=${size%x*} locales=${size#*x}

work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/errcat" ./cmd/errcat
go build -o "$work/synth" ./bench/synth
"$work/synth" -codes "$codes" -locales "$locales" -out "$work/cat"

"$work/errcat" serve --locales "$work/cat" --addr 127.0.0.1:0 >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 600); do
	url=$(grep -o 'url=[^ ]*' "$work/log" | head -1 | cut -d= -f2) || true
	[ -n "$url" ] && break
	sleep 0.1
done
[ -n "$url" ] || { cat "$work/log"; exit 1; }
until curl -fsS -o /dev/null "$url/readyz" 2>/dev/null; do sleep 0.1; done

tck=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
mem() { awk '/^VmHWM:/ { h = $2 } /^VmRSS:/ { r = $2 } END { printf "%d / %d MiB", h / 1024, r / 1024 }' "/proc/$pid/status"; }
base=
# get LABEL PATH [N]: a request's wall time, the median of N runs (1 by
# default: a first request can only be measured once), the server's CPU
# time per run and the size sent. On a shared machine one run's wall time
# is mostly the wait for a core; the server's CPU time is steadier.
get() {
	local label=$1 path=$2 n=${3:-1} before after out secs bytes times=()
	before=$(cpu)
	for _ in $(seq "$n"); do
		out=$(curl -fsS -o /dev/null -w '%{time_total} %{size_download}' "$url$path")
		read -r secs bytes <<<"$out"
		times+=("$secs")
	done
	after=$(cpu)
	secs=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }')
	[ -n "$base" ] || base=$secs
	printf '| %-28s | %7.3f s | %6.3f CPU-s | %10d B | %6.1f× | %s |\n' "$label" "$secs" \
		"$(echo "($after - $before) / $tck / $n" | bc -l)" "$bytes" "$(echo "$secs / $base" | bc -l)" "$(mem)"
}

echo "## status page, $codes codes x $locales locales"
echo
echo "| request | wall | server CPU | sent | × GET /v1/errors | server peak / now |"
echo "|---|---:|---:|---:|---:|---:|"
get "GET /v1/errors (baseline)" /v1/errors 5
get "GET / (first)" /
get "GET / (again)" / 5
get "GET /?q=token (first)" "/?q=token"
get "GET /?q=token (again)" "/?q=token" 5
get "GET /?q=quota+limit" "/?q=quota+limit" 5
get "GET /?q=token&page=20" "/?q=token&page=20" 5
get "GET /?q=TÖKEN&state=stale" "/?q=T%C3%96KEN&state=stale" 5
get "GET /?q=使用者" "/?q=%E4%BD%BF%E7%94%A8%E8%80%85" 5
get "GET /?page=50" "/?page=50" 5
get "GET /v1/errors (again)" /v1/errors 5
