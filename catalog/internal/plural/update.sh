#!/bin/sh
# update.sh refreshes testdata/cldr from the newest cldr-core 48.x on npm
# and regenerates rules_gen.go. It needs npm and Go; the tests do not.
#
#	cd catalog/internal/plural && ./update.sh          # newest 48.x
#	cd catalog/internal/plural && ./update.sh 48.2.0   # a given version
set -eu
cd "$(dirname "$0")"

# npm lists matching versions in no set order, so sort them.
version=${1:-$(npm view 'cldr-core@48' version --json | tr -d '[]", ' | grep . | sort -V | tail -n 1)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "cldr-core@$version" >/dev/null && tar xzf "cldr-core-$version.tgz")
pkg=$tmp/package
for f in plurals.json ordinals.json parentLocales.json; do
	cp "$pkg/supplemental/$f" "testdata/cldr/$f"
done
cp "$pkg/LICENSE" testdata/cldr/LICENSE
printf 'cldr-core %s\n%s\n' "$version" "$(npm view "cldr-core@$version" dist.integrity)" >testdata/cldr/VERSION

go generate .
go test .
echo "testdata/cldr now holds cldr-core $version; review and commit testdata/cldr and rules_gen.go"
