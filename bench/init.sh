#!/usr/bin/env bash
# Package initialisation of a program that imports only errcat
# (bench/rootinit) beside an empty program (the runtime's own init), each
# exec'd RUNS times, alternating, with GODEBUG=inittrace=1: the sum of the
# "ms clock" of every package's init in one run, median and minimum over the
# runs. A binary given as $1 is measured too (say, rootinit built at an
# older commit), in the same rotation.
#
#   bash bench/init.sh [OLD_BINARY] [RUNS=31]
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:-} runs=${2:-31}
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/rootinit" ./bench/rootinit
go build -tags floor -o "$bin/empty" ./bench/rootinit
progs=("$bin/rootinit" "$bin/empty")
[ -n "$old" ] && progs+=("$old")
# inittime BINARY: one run's total init clock time in ms, and heap bytes.
inittime() { GODEBUG=inittrace=1 "$1" 2>&1 | awk '/^init /{ms += $5; b += $8} END{printf "%.3f %d\n", ms, b}'; }
for p in "${progs[@]}"; do : >"$bin/$(basename "$p").times"; done
for _ in $(seq "$runs"); do
	for p in "${progs[@]}"; do inittime "$p" >>"$bin/$(basename "$p").times"; done
done
for p in "${progs[@]}"; do
	sort -n "$bin/$(basename "$p").times" | awk -v n="$(basename "$p")" '{ t[NR] = $1; b = $2 } END {
		printf "%-10s init median %.3f ms, min %.3f ms, %d bytes allocated, %d runs\n", n, t[int((NR + 1) / 2)], t[1], b, NR }'
done
