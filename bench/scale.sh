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
#   ROUNDS=3 bash bench/scale.sh ...    # missing and merge 3 times each, for a range on a loaded machine
#   OLD=main bash bench/scale.sh ...    # also errcat built from a git revision, alternated with this
#                                       # one round by round, and their outputs compared byte for byte
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000x10 20000x30)
rounds=${ROUNDS:-1}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/errcat" ./cmd/errcat
go build -o "$work/synth" ./bench/synth
go build -o "$work/loadcat" ./bench/loadcat
go build -o "$work/goi18n" github.com/nicksnyder/go-i18n/v2/goi18n
bins=(errcat)
if [ -n "${OLD:-}" ]; then
	mkdir "$work/old-src"
	git archive "$OLD" | tar -x -C "$work/old-src"
	(cd "$work/old-src" && go build -o "$work/errcat-old" ./cmd/errcat)
	bins=(errcat errcat-old)
fi

# measure LABEL CMD...: wall seconds, CPU seconds and peak RSS of one command.
measure() {
	local label=$1; shift
	/usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || true
	read -r secs user sys kb < <(tail -n 1 "$work/time")
	printf '| %-30s | %8.2f s | %6.2f s | %8d MiB |\n' "$label" "$secs" "$(echo "$user + $sys" | bc)" $((kb / 1024))
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
	echo "| command | wall | CPU | peak RSS |"
	echo "|---|---:|---:|---:|"
	# ja's work file, every empty text filled in with its English (so that
	# each entry reads the fields its source reads and merges), kept
	# aside: each merge below starts from the same files.
	ERRCAT_CACHE_DIR=off "$work/errcat" todo --locales "$dir" --locale ja >/dev/null 2>&1 || true
	awk '/^# en( other)?: /{t=$0; sub(/^# en( other)?: /,"",t)} /^other = ""$/{print "other = \"訳 " t "\""; next} {print}' \
		"$dir/translate.ja.toml" >"$work/translate.ja.toml"
	rm "$dir/translate.ja.toml"
	for round in $(seq "$rounds"); do
		# Odd rounds this errcat first, even rounds the old one first.
		order=("${bins[@]}")
		if [ $((round % 2)) = 0 ] && [ ${#bins[@]} = 2 ]; then order=(errcat-old errcat); fi
		for bin in "${order[@]}"; do
			ERRCAT_CACHE_DIR=off measure "$bin missing" "$work/$bin" missing --locales "$dir"
		done
		for bin in "${order[@]}"; do
			ERRCAT_CACHE_DIR=off measure "$bin missing --locale ja" "$work/$bin" missing --locales "$dir" --locale ja
			cp "$dir/ja.toml" "$work/ja.toml.orig"
			cp "$work/translate.ja.toml" "$dir/translate.ja.toml"
			measure "$bin merge --locale ja" "$work/$bin" merge --locales "$dir" --locale ja
			cp "$dir/ja.toml" "$work/ja.toml.$bin"
			mv "$work/ja.toml.orig" "$dir/ja.toml"
			rm -f "$dir/translate.ja.toml"
		done
	done
	if [ ${#bins[@]} = 2 ]; then
		same=yes
		cmp -s "$work/ja.toml.errcat" "$work/ja.toml.errcat-old" || same="NO (merged ja.toml)"
		for fmt in text json github; do
			for bin in errcat errcat-old; do
				ERRCAT_CACHE_DIR=off "$work/$bin" missing --locales "$dir" --format "$fmt" >"$work/missing.$fmt.$bin" 2>&1 || true
			done
			cmp -s "$work/missing.$fmt.errcat" "$work/missing.$fmt.errcat-old" || same="NO (missing --format $fmt)"
		done
		echo
		echo "outputs of errcat and errcat-old ($OLD) identical: $same"
		echo
	fi
	export ERRCAT_CACHE_DIR="$work/cache-$size"
	measure "errcat missing (cache filled)" "$work/errcat" missing --locales "$dir"
	measure "errcat missing (again)" "$work/errcat" missing --locales "$dir"
	ERRCAT_CACHE_DIR=off measure "errcat lint" "$work/errcat" lint --locales "$dir"
	if [ "${GOI18N:-1}" != 0 ]; then
		mkdir -p "$work/out-$size"
		(cd "$dir" && measure "goi18n merge" "$work/goi18n" merge -sourceLanguage en -outdir "$work/out-$size" *.toml)
	fi
	rm -rf "$dir" "$work/out-$size" "$work/cache-$size"
done
