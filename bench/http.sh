#!/usr/bin/env bash
# Load test: errcat serve against a bare net/http handler that writes the same
# constant JSON, driven by wrk with the same connections, duration and mixed
# codes and headers, in one run. Installs wrk from Debian's packages if absent.
#
#   bash bench/http.sh [duration=15s] [connections=32] [threads=1]
#
# Prints requests/s and p50/p99 latency for both, and errcat's share of the
# bare handler's throughput.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15s} conns=${2:-32} threads=${3:-1}

if ! command -v wrk >/dev/null; then
	echo "installing wrk" >&2
	apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

bin=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$bin"' EXIT
go build -o "$bin/errcat" ./cmd/errcat
go build -o "$bin/bare" ./bench/bare

"$bin/errcat" serve --addr 127.0.0.1:8090 2>"$bin/errcat.log" &
"$bin/bare" -addr 127.0.0.1:8091 &
for port in 8090 8091; do
	for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$port/v1/errors/2004" && break; sleep 0.1; done
done

run() {
	wrk -t"$threads" -c"$conns" -d"$duration" -s bench/mixed.lua "$1" | grep RESULT | sed "s/RESULT/$2/"
}
# Warm both up, then measure each in turn.
wrk -t1 -c4 -d2s -s bench/mixed.lua http://127.0.0.1:8090 >/dev/null
wrk -t1 -c4 -d2s -s bench/mixed.lua http://127.0.0.1:8091 >/dev/null
bare=$(run http://127.0.0.1:8091 "bare  ")
errcat=$(run http://127.0.0.1:8090 "errcat")
echo "$bare"
echo "$errcat"
b=$(sed 's/.*rps=\([0-9]*\).*/\1/' <<<"$bare")
e=$(sed 's/.*rps=\([0-9]*\).*/\1/' <<<"$errcat")
awk -v b="$b" -v e="$e" 'BEGIN { printf "errcat/bare throughput: %.1f%%\n", 100 * e / b }'
