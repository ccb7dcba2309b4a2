#!/usr/bin/env bash
# Load test: errcat serve against bench/bare, a net/http server with the same
# http.Server settings (timeouts, header limit) that writes one constant JSON
# envelope with the same headers, driven by wrk with the same connections,
# duration and mixed codes and headers (bench/mixed.lua), alternating the two
# round by round in one run. Installs wrk from Debian's packages if absent.
#
#   bash bench/http.sh [duration=10s] [connections=32] [threads=1] [rounds=5]
#
# Each round prints, for both, requests/s, p50/p99 latency and the server's
# CPU time per request (user + system, from /proc/PID/stat around the wrk
# run). Throughput swings with the other tenants of a shared machine; CPU per
# request much less, as both servers are measured under the same drift. The
# summary gives the medians of the rounds' ratios, errcat / bare.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10s} conns=${2:-32} threads=${3:-1} rounds=${4:-5}

if ! command -v wrk >/dev/null; then
	echo "installing wrk" >&2
	apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

bin=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$bin"' EXIT
go build -o "$bin/errcat" ./cmd/errcat
go build -o "$bin/bare" ./bench/bare

"$bin/errcat" serve --addr 127.0.0.1:8090 2>"$bin/errcat.log" &
errcat_pid=$!
"$bin/bare" -addr 127.0.0.1:8091 2>/dev/null &
bare_pid=$!
for port in 8090 8091; do
	for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$port/v1/errors/2004" && break; sleep 0.1; done
done

tck=$(getconf CLK_TCK)
# cpu PID: the process's user + system time so far, in clock ticks.
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# run URL PID LABEL: one wrk run, printed with the server's CPU per request.
run() {
	local before after out
	before=$(cpu "$2")
	out=$(wrk -t"$threads" -c"$conns" -d"$duration" -s bench/mixed.lua "$1" | grep RESULT)
	after=$(cpu "$2")
	awk -v o="$out" -v b="$before" -v a="$after" -v t="$tck" -v l="$3" 'BEGIN {
		n = o; sub(/.*requests=/, "", n); sub(/ .*/, "", n)
		sub(/RESULT/, l, o)
		printf "%s cpu_us_per_req=%.2f\n", o, (a - b) * 1e6 / t / n
	}'
}
field() { sed "s/.*$1=\([0-9.]*\).*/\1/" <<<"$2"; }
ratio() { awk -v b="$1" -v e="$2" 'BEGIN { printf "%.3f", e / b }'; }
median() { printf '%s\n' "$@" | sort -n | awk '{ r[NR] = $1 } END { print (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2 }'; }

# Warm both up, then measure them in turn, alternating, ${rounds} times: the
# machine's speed drifts (other tenants, CPU frequency), and alternating
# puts both under the same drift. Odd rounds start with bare, even ones with
# errcat, so neither always runs first.
wrk -t1 -c4 -d2s -s bench/mixed.lua http://127.0.0.1:8090 >/dev/null
wrk -t1 -c4 -d2s -s bench/mixed.lua http://127.0.0.1:8091 >/dev/null
rps=() cpus=()
for round in $(seq "$rounds"); do
	if ((round % 2)); then
		bare=$(run http://127.0.0.1:8091 "$bare_pid" "bare  ")
		errcat=$(run http://127.0.0.1:8090 "$errcat_pid" "errcat")
	else
		errcat=$(run http://127.0.0.1:8090 "$errcat_pid" "errcat")
		bare=$(run http://127.0.0.1:8091 "$bare_pid" "bare  ")
	fi
	printf 'round %d: %s\nround %d: %s\n' "$round" "$bare" "$round" "$errcat"
	rps+=("$(ratio "$(field rps "$bare")" "$(field rps "$errcat")")")
	cpus+=("$(ratio "$(field cpu_us_per_req "$bare")" "$(field cpu_us_per_req "$errcat")")")
done
echo "errcat/bare throughput by round: ${rps[*]}"
echo "errcat/bare CPU per request by round: ${cpus[*]}"
echo "median errcat/bare: throughput $(median "${rps[@]}") (goal >= 0.95), CPU per request $(median "${cpus[@]}") (goal <= 1.08)"
