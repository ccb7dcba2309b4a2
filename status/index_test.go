package status

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/search"

	"github.com/errcat/errcat/catalog"
)

// The folds the index relies on are the search's own: two folded runes are
// loosely equal exactly when their folds are, and a pair of them has the
// weights of its two folds, so that no two runes form a contraction and
// folding a text rune by rune is folding it whole.
func TestFoldAgreesWithSearch(t *testing.T) {
	m := search.New(language.Und, search.Loose)
	var alphabet []string
	for c := rune(0x20); c < 0x7f; c++ {
		alphabet = append(alphabet, string(c))
	}
	for r, f := range runeFolds() {
		if len(f) == 1 {
			alphabet = append(alphabet, string(r))
		}
	}
	slices.Sort(alphabet)
	if len(alphabet) < 95+100 {
		t.Fatalf("only %d runes fold: the table is not what the search does", len(alphabet))
	}
	fold := func(s string) string {
		b, ok := looseFold(nil, s, true)
		if !ok {
			t.Fatalf("%q does not fold", s)
		}
		return string(b)
	}
	for _, a := range alphabet {
		for _, b := range alphabet {
			if eq := m.EqualString(a, b); eq != (fold(a) == fold(b)) {
				t.Errorf("%q and %q: loosely equal %v, folds %q and %q", a, b, eq, fold(a), fold(b))
			}
			if !m.EqualString(a+b, fold(a)+fold(b)) {
				t.Errorf("%q%q is not loosely %q: a contraction", a, b, fold(a)+fold(b))
			}
		}
	}
	for _, tc := range []struct {
		q, fold string
	}{{"GRÖßER", "grösser"}, {"Ｍｕｎｃｈｅｎ", "munchen"}, {"ÆSIR", "aesir"}} {
		if got, ok := looseFold(nil, tc.q, false); !ok || string(got) != strings.ReplaceAll(tc.fold, "ö", "o") {
			t.Errorf("query %q folds to %q, %v", tc.q, got, ok)
		}
	}
	if _, ok := looseFold(nil, "Æsir", true); ok {
		t.Error("a text with a rune of two weights folds")
	}
}

// The index finds what matching every text with the pattern finds, code by
// code, for queries made of the catalogs' own words, in other cases and
// widths, of their parts, and of random runes.
func TestIndexCountsAsScan(t *testing.T) {
	for _, dir := range []string{"testdata/locales", "../locales"} {
		c, err := catalog.LoadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		checkIndex(t, dir, c, nil)
	}
	checkIndex(t, "mixed", mixedCatalog(t), []string{"e", "E", "é", "ae", "æ", "ss", "ß", "ｅ", "\u0301", "-", "'", "’", "ー", "トー", "3", "error 1", "ǅ", "\u00a0"})
}

func checkIndex(t *testing.T, name string, c *catalog.Catalog, extra []string) {
	v := build(c).view()
	x := v.searchIndex()
	queries := map[string]bool{}
	for _, q := range extra {
		queries[q] = true
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	for r := range c.Codes() {
		v.texts(r, func(_ match, text string) {
			for _, w := range strings.Fields(text) {
				queries[w] = true
				queries[strings.ToUpper(w)] = true
				if n := utf8.RuneCountInString(w); n > 2 {
					rs := []rune(w)
					i := rnd.IntN(n - 1)
					queries[string(rs[i:i+2])] = true
				}
			}
		})
	}
	if len(queries) > 600 {
		// A big catalog: a sample of its words, the same every run.
		keys := slices.Sorted(func(yield func(string) bool) {
			for q := range queries {
				if !yield(q) {
					return
				}
			}
		})
		queries = map[string]bool{}
		for _, q := range keys[:400:400] {
			queries[q] = true
		}
		for i := 0; i < len(keys); i += len(keys) / 200 {
			queries[keys[i]] = true
		}
	}
	matcher := search.New(language.Und, search.Loose)
	found := 0
	for q := range queries {
		q = withoutIgnorables(q)
		if q == "" {
			continue
		}
		pat := matcher.CompileString(q)
		got, want := x.count(v, q, pat), scanCounts(v, q, pat)
		if !slices.Equal(got, want) {
			for r := range got {
				if got[r] != want[r] {
					t.Errorf("%s: q=%q: code %d: the index finds %d texts, a scan %d", name, q, c.Codes()[r], got[r], want[r])
					break
				}
			}
		}
		for _, n := range want {
			found += int(n)
		}
	}
	if found == 0 {
		t.Errorf("%s: no query found anything", name)
	}
}

// mixedCatalog is a catalog whose texts mix every kind of rune the index
// treats apart: ASCII, folded Latin, Latin of two weights, decomposed
// accents, full-width forms, Japanese, default-ignorable code points and
// control characters.
func mixedCatalog(t *testing.T) *catalog.Catalog {
	pieces := []string{"error", "Error", "ERROR", "é", "e\u0301", "æ", "ß", "ss", "Straße", "Ｅｒｒｏｒ", "エラー", "トークン", "\u00ad", "\u200b",
		"don't", "don’t", "-", "–", "1", "２", " ", "\t", "ǅ", "Ø", "ø", "\u00a0", "œuvre", "ﬁle"}
	rnd := rand.New(rand.NewPCG(3, 4))
	fsys := fstest.MapFS{}
	for _, tag := range []string{"en", "de", "ja"} {
		var b strings.Builder
		for code := 1; code <= 300; code++ {
			var text strings.Builder
			for range 1 + rnd.IntN(6) {
				text.WriteString(pieces[rnd.IntN(len(pieces))])
			}
			fmt.Fprintf(&b, "[\"%d\"]\nother = %q\n", code, text.String())
		}
		fsys[tag+".toml"] = &fstest.MapFile{Data: []byte(b.String())}
	}
	c, err := catalog.Load(fsys, "mixed")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// benchCatalog is a catalog of codes codes in the locales named, the texts
// made of words as bench/synth makes them, and Japanese with ASCII words in
// ja: the mix a search meets in a real catalog.
func benchCatalog(b *testing.B, codes int, tags []string) *catalog.Catalog {
	words := strings.Fields("account application user pool verification code password email phone domain order session token request parameter template quota limit")
	rnd := rand.New(rand.NewPCG(5, 6))
	fsys := fstest.MapFS{}
	for _, tag := range tags {
		var sb strings.Builder
		for code := 10000; code < 10000+codes; code++ {
			var text []string
			for range 3 + rnd.IntN(6) {
				text = append(text, words[rnd.IntN(len(words))])
			}
			t := "[" + tag + "] The " + strings.Join(text, " ") + " failed"
			if tag == "ja" {
				t = strings.Join(text, "の") + "が失敗しました"
			}
			fmt.Fprintf(&sb, "[\"%d\"]\nother = %q\n", code, t)
		}
		fsys[tag+".toml"] = &fstest.MapFile{Data: []byte(sb.String())}
	}
	c, err := catalog.Load(fsys, "bench")
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// A search over 20k codes × 10 locales: matching every text with the
// collation pattern (impl=scan, what a search cost before the index) beside
// the index's count (impl=index), for the same queries on the same model;
// in Latin-script locales only, whose texts all fold, and with Japanese
// among them, whose texts the index matches with the pattern.
func BenchmarkSearch(b *testing.B) {
	for _, cs := range []struct {
		name string
		tags []string
	}{
		{"latin", []string{"en", "de", "es", "fr", "it", "nl", "pt-BR", "pl", "sv", "da"}},
		{"with-ja", []string{"en", "de", "es", "fr", "ja", "nl", "pt-BR", "pl", "sv", "da"}},
	} {
		c := benchCatalog(b, 20_000, cs.tags)
		v := build(c).view()
		v.searchIndex()
		matcher := search.New(language.Und, search.Loose)
		for _, q := range []string{"token", "quota limit", "TÖKEN", "失敗"} {
			pat := matcher.CompileString(q)
			b.Run("locales="+cs.name+"/q="+q+"/impl=scan", func(b *testing.B) {
				for b.Loop() {
					scanCounts(v, q, pat)
				}
			})
			b.Run("locales="+cs.name+"/q="+q+"/impl=index", func(b *testing.B) {
				for b.Loop() {
					v.searchIndex().count(v, q, pat)
				}
			})
		}
		b.Run("locales="+cs.name+"/build the index", func(b *testing.B) {
			for b.Loop() {
				buildIndex(v)
			}
		})
	}
}
