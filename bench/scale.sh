#!/usr/bin/env bash
# Catalog at scale: writes synthetic catalogs of N codes x M locales with
# bench/synth (seeded, so every run writes the same files), then measures, on
# the same files, errcat's load (time, memory per message), errcat missing
# (a first run, and a second over unchanged files, from its cache), errcat
# lint, merge --locale ja beside missing --locale ja, and goi18n merge, the
# closest peer doing missing's comparison. The status page: bench/status.sh.
#
#   bash bench/scale.sh                 # 1k x 10 and 20k x 30
#   bash bench/scale.sh 100000x50       # any sizes, CODESxLOCALES
#   GOI18N=0 bash bench/scale.sh ...    # skip goi18n (at 100k x 50 it needs minutes and many GB)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000x10 20000x30)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/errcat" ./cmd/errcat
go build -o "$work/synth" ./bench/synth
go build -o "$work/loadcat" ./bench/loadcat
go build -o "$work/goi18n" github.com/nicksnyder/go-i18n/v2/goi18n

# measure LABEL CMD...: wall seconds and peak RSS of one command.
measure() {
	local label=$1; shift
	/usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || true
	read -r secs kb < <(tail -n 1 "$work/time")
	printf '| %-22s | %8.2f s | %8d MiB |\n' "$label" "$secs" $((kb / 1024))
}

for size in "${sizes[@]}"; do
	codes=${size%x*} locales=${size#*x}
	dir="$work/cat-$size"
	"$work/synth" -codes "$codes" -locales "$locales" -out "$dir"
	echo
	echo "## $codes codes x $locales locales ($(du -sh "$dir" | cut -f1) of TOML)"
	echo
	echo "load: $("$work/loadcat" "$dir")"
	echo
	echo "| command | wall | peak RSS |"
	echo "|---|---:|---:|"
	export ERRCAT_CACHE_DIR="$work/cache-$size"
	measure "errcat missing" "$work/errcat" missing --locales "$dir"
	measure "errcat missing (again)" "$work/errcat" missing --locales "$dir"
	measure "errcat lint" "$work/errcat" lint --locales "$dir"
	# merge --locale ja against its baseline, missing --locale ja (no
	# cache): todo writes ja's work file, every empty text is filled in,
	# and merge folds them into ja.toml.
	ERRCAT_CACHE_DIR=off measure "missing --locale ja" "$work/errcat" missing --locales "$dir" --locale ja
	ERRCAT_CACHE_DIR=off "$work/errcat" todo --locales "$dir" --locale ja >/dev/null || true
	sed -i -E 's/^(zero|one|two|few|many|other) = ""$/\1 = "訳 {{.PluralCount}}"/' "$dir/translate.ja.toml"
	measure "merge --locale ja" "$work/errcat" merge --locales "$dir" --locale ja
	if [ "${GOI18N:-1}" != 0 ]; then
		mkdir -p "$work/out-$size"
		(cd "$dir" && rm -f translate.*.toml && measure "goi18n merge" "$work/goi18n" merge -sourceLanguage en -outdir "$work/out-$size" *.toml)
	fi
	rm -rf "$dir" "$work/out-$size"
done
