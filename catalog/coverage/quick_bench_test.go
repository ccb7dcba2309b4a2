package coverage

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
)

// benchCatalog writes a source of n codes, as bench/synth mixes them (plain
// 70 %, a field 20 %, plural 10 %), and a translation of every code with
// its source's hash, a twentieth of them stale.
func benchCatalog(b *testing.B, n int) (*sourceIndex, string) {
	var src strings.Builder
	for i := range n {
		code := 10000 + i
		switch i % 10 {
		case 0:
			fmt.Fprintf(&src, "[\"%d\"]\none = \"{{.PluralCount}} token phone collaborator is left\"\nother = \"{{.PluralCount}} token phone collaborator are left %d\"\n\n", code, i)
		case 1, 2:
			fmt.Fprintf(&src, "[\"%d\"]\ndescription = \"Max is a number of characters.\"\nother = \"The application request phone %d must be at most {{.Max}} long\"\n\n", code, i)
		default:
			fmt.Fprintf(&src, "[\"%d\"]\nother = \"The verification quota secret %d failed\"\n\n", code, i)
		}
	}
	sb, ds := catalog.ParseBundle("en.toml", language.English, []byte(src.String()))
	if sb == nil || len(ds) > 0 {
		b.Fatal(ds)
	}
	codes, _ := catalog.SourceCodes(sb)
	x := newSourceIndex(sb, codes)
	var tr strings.Builder
	for i, m := range sb.Messages {
		hash := m.SourceHash()
		if i%20 == 7 {
			hash = "sha1-0000000000000000000000000000000000000000"
		}
		fmt.Fprintf(&tr, "[%q]\nhash = %q\n", m.ID, hash)
		for _, f := range catalog.Forms() {
			if t := m.Text[f]; t != "" {
				fmt.Fprintf(&tr, "%s = %q\n", catalog.FormName(f), "[ja] "+t)
			}
		}
		tr.WriteString("\n")
	}
	return x, tr.String()
}

// BenchmarkQuickCompare is the survey's comparison of one translation of
// 20,000 codes with its source, by the lexer alone: errcat missing does
// it once a locale.
func BenchmarkQuickCompare(b *testing.B) {
	x, text := benchCatalog(b, 20000)
	bf := catalog.BundleFile{Name: "ja.toml", File: "ja.toml", Tag: language.Japanese}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if cov, quick := quickCompare(x, bf, text); !quick || cov.Translated != 20000 {
			b.Fatalf("quick %v, %d translated", quick, cov.Translated)
		}
	}
}
