package catalog

import (
	"testing"

	"github.com/errcat/errcat/locales"
)

// BenchmarkParseFacts measures reading the embedded catalog's facts file,
// part of every load.
func BenchmarkParseFacts(b *testing.B) {
	data, err := locales.FS.ReadFile(FactsFile)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := parseFacts("locales/codes.toml", data); len(diags) > 0 {
			b.Fatal(diags)
		}
	}
}
