#!/usr/bin/env bash
# BenchmarkResolvePlain in time: errcat beside its map-floor, one process
# each, alternated round by round so that both see the same machine; each
# round's ratio, then the median of the ratios and of each side's ns/op.
# With a git revision, that revision's errcat joins the rotation and gets
# its own ratio to the floor of the same round.
#
#   bash bench/resolve.sh [ROUNDS=9] [OLD_REVISION]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-9}
old=${2:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/new.test" ./catalog
bins=(new)
if [ -n "$old" ]; then
	mkdir "$tmp/src"
	git archive "$old" | tar -x -C "$tmp/src"
	(cd "$tmp/src" && go test -c -o "$tmp/old.test" ./catalog)
	bins=(new old)
fi
# ns BIN IMPL: ns/op of one run of 5M iterations.
ns() {
	(cd catalog && "$tmp/$1.test" -test.run '^$' -test.bench "ResolvePlain/impl=$2\$" \
		-test.benchtime 5000000x -test.cpu 1) | awk '/ns\/op/ { print $3 }'
}
for r in $(seq "$rounds"); do
	floor=$(ns new map-floor)
	for b in "${bins[@]}"; do
		t=$(ns "$b" errcat)
		echo "$b $t $floor"
	done
done >"$tmp/rounds"
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for b in "${bins[@]}"; do
	awk -v b="$b" '$1 == b { printf "round %d: %s errcat %.2f ns, floor %.2f ns, ratio %.2f\n", ++n, b, $2, $3, $2 / $3 }' "$tmp/rounds"
	printf '%s: errcat median %s ns, floor median %s ns, median ratio %s\n' "$b" \
		"$(awk -v b="$b" '$1 == b { print $2 }' "$tmp/rounds" | median)" \
		"$(awk -v b="$b" '$1 == b { print $3 }' "$tmp/rounds" | median)" \
		"$(awk -v b="$b" '$1 == b { printf "%.3f\n", $2 / $3 }' "$tmp/rounds" | median)"
done
