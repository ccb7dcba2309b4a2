package tomlfile

import (
	"fmt"
	"strings"
	"testing"
)

// benchBundle is a translation as errcat writes it: n entries, each a
// hash and an "other" text, a few with a placeholder or plural forms.
func benchBundle(n int) string {
	var b strings.Builder
	b.WriteString("# A translation.\n")
	for i := range n {
		fmt.Fprintf(&b, "\n[\"%d\"]\nhash = \"sha1-%040x\"\n", 10000+i, i*7919)
		if i%5 == 0 {
			fmt.Fprintf(&b, "one = \"{{.PluralCount}} [ja] collaborator phone token key (one) %d\"\n", i)
		}
		fmt.Fprintf(&b, "other = \"[ja] group parameter key resource permission code %d at most {{.Max}}\"\n", i)
	}
	return b.String()
}

// BenchmarkScan reads a bundle of 20,000 entries as a stream, as coverage's
// survey reads each translation.
func BenchmarkScan(b *testing.B) {
	src := benchBundle(20000)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		n := 0
		if !Scan(src, func(e *Entry) bool { n += len(e.Fields); return true }) {
			b.Fatal("the scanner refused the bundle")
		}
	}
}

// BenchmarkControlFree is Scan's check of a bundle for control bytes
// alone, a LF every few words. (A branch-free test of each word, LF
// excluded, was tried: no faster.)
func BenchmarkControlFree(b *testing.B) {
	src := benchBundle(20000)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if !controlFree(src) {
			b.Fatal("a control byte found")
		}
	}
}
