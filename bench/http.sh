#!/usr/bin/env bash
# Load test: errcat serve against a bare net/http handler that writes the same
# constant JSON with the same headers, driven by wrk with the same
# connections, duration and mixed codes and headers, in one run. The bare
# server runs twice: with errcat serve's http.Server timeouts (the fair
# floor: the same server set-up, none of errcat's work) and without them.
# Installs wrk from Debian's packages if absent.
#
#   bash bench/http.sh [duration=10s] [connections=32] [threads=1] [rounds=5]
#
# Prints requests/s and p50/p99 latency for both in each round, and errcat's
# share of the bare handler's throughput.
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
"$bin/bare" -addr 127.0.0.1:8091 2>/dev/null &
"$bin/bare" -addr 127.0.0.1:8092 -no-timeouts 2>/dev/null &
for port in 8090 8091 8092; do
	for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$port/v1/errors/2004" && break; sleep 0.1; done
done

run() {
	wrk -t"$threads" -c"$conns" -d"$duration" -s bench/mixed.lua "$1" | grep RESULT | sed "s/RESULT/$2/"
}
# Warm both up, then measure them in turn, alternating, ${rounds} times: the
# machine's speed drifts (other tenants, CPU frequency), and alternating
# puts both under the same drift. The ratio is the median of the rounds'.
wrk -t1 -c4 -d2s -s bench/mixed.lua http://127.0.0.1:8090 >/dev/null
wrk -t1 -c4 -d2s -s bench/mixed.lua http://127.0.0.1:8091 >/dev/null
ratios=() ratios_nt=()
rps() { sed 's/.*rps=\([0-9]*\).*/\1/' <<<"$1"; }
pct() { awk -v b="$1" -v e="$2" 'BEGIN { printf "%.1f", 100 * e / b }'; }
median() { printf '%s\n' "$@" | sort -n | awk '{ r[NR] = $1 } END { print r[int((NR + 1) / 2)] }'; }
for round in $(seq "$rounds"); do
	bare=$(run http://127.0.0.1:8091 "bare             ")
	bare_nt=$(run http://127.0.0.1:8092 "bare, no timeouts")
	errcat=$(run http://127.0.0.1:8090 "errcat           ")
	printf 'round %d: %s\nround %d: %s\nround %d: %s\n' "$round" "$bare" "$round" "$bare_nt" "$round" "$errcat"
	ratios+=("$(pct "$(rps "$bare")" "$(rps "$errcat")")")
	ratios_nt+=("$(pct "$(rps "$bare_nt")" "$(rps "$errcat")")")
done
echo "errcat/bare throughput by round: ${ratios[*]} (%)"
echo "errcat/bare-without-timeouts by round: ${ratios_nt[*]} (%)"
echo "median errcat/bare throughput: $(median "${ratios[@]}")% (same http.Server settings); $(median "${ratios_nt[@]}")% against a bare server without timeouts"
