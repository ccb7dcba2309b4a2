#!/usr/bin/env bash
# Soak test: errcat serve under wrk for a long run, its resident memory
# sampled after a warm-up, every few seconds, and at the end.
#
#   bash bench/soak.sh [mixed|unique] [duration=60s] [connections=64] [threads=1]
#
#   mixed   bench/mixed.lua: the catalog's codes with real browsers' headers,
#           in rotation.
#   unique  bench/unique.lua: a never-seen Accept-Language value on every
#           request, defeating the resolver's caches.
#
# Prints throughput, p50 and p99 latency, errors, and the server's RSS at the
# start and end of the run. Exits 1 if there was any error (a connection,
# read or write error, a timeout or a status other than 2xx/3xx) or if RSS
# grew by 10 MiB or more. Installs wrk from Debian's packages if absent.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-mixed} duration=${2:-60s} conns=${3:-64} threads=${4:-1}
case $mode in
mixed | unique) ;;
*) echo "usage: bash bench/soak.sh [mixed|unique] [duration] [connections] [threads]" >&2; exit 2 ;;
esac
max_growth_kib=$((10 * 1024))

if ! command -v wrk >/dev/null; then
	echo "installing wrk" >&2
	apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

work=$(mktemp -d)
pid=
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	if [ -n "${sampler:-}" ]; then kill "$sampler" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/errcat" ./cmd/errcat
"$work/errcat" serve --addr 127.0.0.1:0 2>"$work/serve.log" &
pid=$!
addr=
for _ in $(seq 100); do
	addr=$(sed -n 's/.*msg=listening addr=\([0-9.:]*\).*/\1/p' "$work/serve.log")
	[ -n "$addr" ] && break
	sleep 0.1
done
if [ -z "$addr" ]; then
	echo "errcat serve did not start:" >&2; cat "$work/serve.log" >&2; exit 1
fi
url=http://$addr

# VmRSS of the server, in KiB.
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"; }

echo "errcat serve (pid $pid) on $url; mode $mode, $duration at $conns connections, $threads wrk thread(s)"
# Warm up: the heap, the caches and the runtime reach their working size.
wrk -t"$threads" -c"$conns" -d10s -s "bench/$mode.lua" "$url" >/dev/null
start_kib=$(rss)
(while sleep 5; do rss; done) >"$work/rss" 2>/dev/null &
sampler=$!
out=$(wrk -t"$threads" -c"$conns" -d"$duration" -s "bench/$mode.lua" "$url")
end_kib=$(rss)
kill "$sampler" 2>/dev/null || true
sampler=

result=$(grep '^RESULT' <<<"$out")
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$result"; }
rps=$(field rps) p50=$(field p50_us) p99=$(field p99_us) requests=$(field requests) errors=$(field errors)
growth_kib=$((end_kib - start_kib))
peak_kib=$(sort -n "$work/rss" | tail -1)
peak_kib=${peak_kib:-$end_kib}

printf 'mode:        %s (%s, %d connections)\n' "$mode" "$duration" "$conns"
printf 'requests:    %d\n' "$requests"
printf 'throughput:  %d requests/s\n' "$rps"
printf 'latency:     p50 %d µs, p99 %d µs\n' "$p50" "$p99"
printf 'errors:      %d\n' "$errors"
mib() { awk -v k="$1" 'BEGIN { printf "%+.1f", k / 1024 }'; }
printf 'RSS:         start %s MiB, end %s MiB, growth %s MiB (highest 5 s sample %s MiB)\n' \
	"$(mib "$start_kib" | tr -d +)" "$(mib "$end_kib" | tr -d +)" "$(mib "$growth_kib")" "$(mib "$peak_kib" | tr -d +)"
echo "$result"

status=0
if ! kill -0 "$pid" 2>/dev/null; then
	echo "FAIL: the server died during the run" >&2; status=1
fi
if [ "$errors" -gt 0 ]; then
	echo "FAIL: $errors errors" >&2; status=1
fi
if [ "$growth_kib" -ge "$max_growth_kib" ]; then
	echo "FAIL: RSS grew by $growth_kib KiB, the limit is $max_growth_kib KiB" >&2; status=1
fi
[ $status -eq 0 ] && echo "PASS"
exit $status
