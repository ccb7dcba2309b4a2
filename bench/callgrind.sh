#!/usr/bin/env bash
# Instructions and L1 data-read misses per op of BenchmarkResolvePlain,
# errcat beside its map-floor, counted by valgrind's callgrind (with its
# cache simulation) rather than timed: the counts do not move with the
# machine's load. Each benchmark runs at N and 2N iterations; the difference
# divided by N leaves out the set-up (loading the catalog, the first
# misses of the header cache).
#
#   bash bench/callgrind.sh [N=100000]
#   IMPLS=errcat bash bench/callgrind.sh    # only errcat's row
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/catalog.test" ./catalog
# callgrind cannot follow Go's preemption signals.
export GODEBUG=asyncpreemptoff=1
# totals IMPL ITERATIONS: "Ir D1mr" of one run.
totals() {
	(cd catalog && valgrind --tool=callgrind --cache-sim=yes --callgrind-out-file="$tmp/out" \
		"$tmp/catalog.test" -test.run '^$' -test.bench "ResolvePlain/impl=$1\$" -test.benchtime "$2x" -test.cpu 1 >/dev/null 2>&1)
	callgrind_annotate --show-percs=no "$tmp/out" | awk '/PROGRAM TOTALS/ { gsub(",", ""); print $1, $5 }'
}
for impl in ${IMPLS:-errcat map-floor}; do
	read -r i1 m1 < <(totals "$impl" "$n")
	read -r i2 m2 < <(totals "$impl" $((2 * n)))
	awk -v l="$impl" -v i1="$i1" -v i2="$i2" -v m1="$m1" -v m2="$m2" -v n="$n" 'BEGIN {
		printf "%-10s %6.1f instructions/op  %6.3f L1 read misses/op\n", l, (i2 - i1) / n, (m2 - m1) / n }'
done
