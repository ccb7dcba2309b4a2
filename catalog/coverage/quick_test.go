package coverage

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/internal/tomlfile"
)

// The fast path must report what Compare reports on the loaded bundles,
// gap for gap, for plain, templated, plural, stale, empty and obsolete
// entries; and a bundle it cannot vouch for must still go to the loader,
// whose errors fail the survey.
func TestQuickPathAgreesWithCompare(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) { writeFile(t, dir, name, text) }
	write("en.toml", `
["101"]
other = "Plain one"
["102"]
description = "Max is a length."
other = "At most {{.Max}} long"
["103"]
one = "{{.PluralCount}} item left"
other = "{{.PluralCount}} items left"
["104"]
other = "Missing in the translation"
["105"]
other = "Left empty in the translation"
["106"]
other = "Stale in the translation"
`)
	write("de.toml", `
["101"]
other = "Einfach"
["102"]
other = "Höchstens {{ .Max }} lang"
["103"]
one = "{{.PluralCount}} Stück übrig"
other = "{{.PluralCount}} Stück übrig"
["105"]
other = ""
["106"]
hash = "sha1-0000000000000000000000000000000000000000"
other = "Veraltet"
["999"]
other = "Obsolet"
`)
	f, err := catalog.OpenFolder(os.DirFS(dir), "locales")
	if err != nil {
		t.Fatal(err)
	}
	sv, err := SurveyFolder(f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	bs, ds := f.ReadAll()
	if len(ds) > 0 {
		t.Fatalf("the files do not load cleanly: %v", ds)
	}
	codes, _ := catalog.SourceCodes(bs[0])
	want := Compare(bs[0], codes, bs[1], false)
	if got := summary(sv.Coverage); !reflect.DeepEqual(got, summary([]Coverage{want})) {
		t.Errorf("fast path:\n%q\nCompare:\n%q", got, summary([]Coverage{want}))
	}
	if len(sv.Coverage[0].Missing) != 2 || len(sv.Coverage[0].Stale) != 1 || len(sv.Coverage[0].Obsolete) != 1 {
		t.Errorf("coverage %+v, want 2 missing, 1 stale, 1 obsolete", sv.Coverage[0])
	}

	// A translation that would render wrong (catalog.Flaws) is not one the
	// fast path can vouch for: the loader reads that entry, and counts it
	// missing, as the catalog serves the fallback for it; the rest of the
	// bundle counts as before, by the lexer alone.
	for _, flawed := range []string{
		"[\"102\"]\nother = \"Kaputt {{.Max\"\n",
		"[\"102\"]\nother = \"Höchstens {{.max}} lang\"\n",
		"[\"102\"]\nother = \"Höchstens lang\"\n",
		"[\"102\"]\nother = \"Höchstens {{.Max}} {{.Nome}}\"\n",
		"[\"102\"]\nother = \"  \"\n",
	} {
		write("de.toml", "[\"101\"]\nother = \"Einfach\"\n"+flawed)
		if _, quick := quickCompare(newSourceIndex(bs[0], codes), catalog.BundleFile{File: "locales/de.toml"}, "[\"101\"]\nother = \"Einfach\"\n"+flawed); !quick {
			t.Errorf("%q: the whole bundle went to the loader, not the flawed entry alone", flawed)
		}
		f, _ = catalog.OpenFolder(os.DirFS(dir), "locales")
		sv, err := SurveyFolder(f, Options{})
		if err != nil {
			t.Fatalf("%q: %v", flawed, err)
		}
		if cov := sv.Coverage[0]; cov.Translated != 1 || len(cov.Missing) != 5 || cov.Missing[0].ID != "102" || cov.Missing[0].Message == nil {
			t.Errorf("%q: %d translated, missing %+v; want 101 translated, 102 missing with its message", flawed, cov.Translated, cov.Missing)
		}
	}
	// So is a misspelt key.
	write("de.toml", "[\"101\"]\nothr = \"Einfach\"\n")
	f, _ = catalog.OpenFolder(os.DirFS(dir), "locales")
	if _, err := SurveyFolder(f, Options{}); err == nil {
		t.Error("a bundle with an unknown key surveyed without an error")
	}
}

func TestSimpleTemplate(t *testing.T) {
	for text, want := range map[string]bool{
		"plain":                true,
		"a {{.Max}} b":         true,
		"{{ .User.Name }}":     true,
		"}} is text":           false, // a }} that closes no {{ may be a flaw: the loader judges
		"{{.Max}} }}":          false,
		"a }} b {{.Max}}":      false,
		"{{.Max":               false,
		"{{if .X}}y{{end}}":    false,
		"{{.Max | printf}}":    false,
		"{{- .Max}}":           false,
		"{{.}}":                false,
		"{{.a.}}":              false,
		"{{.A1}} and {{.B_2}}": true,
		"{{.A1.B}}":            true,
		"{{.a..b}}":            false,
		"{{.1a}}":              false,
		"{{. A}}":              false,
		"{{.A}}{{.A}}{{.B}}{{.C}}{{.D}}{{.E}}{{.F}}{{.G}}{{.H}}": true,
		"{{.A}}{{.B}}{{.C}}{{.D}}{{.E}}{{.F}}{{.G}}{{.H}}{{.I}}": false, // more fields than a fieldSet holds: the loader judges

	} {
		var fields fieldSet
		if got := simpleTemplate(text, &fields); got != want {
			t.Errorf("simpleTemplate(%q) = %v, want %v", text, got, want)
		}
	}
}

// The streaming comparison must give what Compare gives on the loaded
// bundle, gap for gap and position for position (missing --format github
// prints them), whether it takes the bundle (entries in code order) or
// hands it to the loader (out of order, an ID written twice, an ID that is
// not a code, a key the loader reports).
func TestQuickCompareAgreesWithLoader(t *testing.T) {
	src := `["101"]
other = "Plain one"
["102"]
other = "At most {{.Max}} long"
["103"]
one = "{{.PluralCount}} item left"
other = "{{.PluralCount}} items left"
["104"]
other = "Four"
["105"]
other = "Five"
["106"]
other = "{{.A}}{{.B}}{{.C}}{{.D}}{{.E}}{{.F}}{{.G}}{{.H}}{{.I}}"
["107"]
one = "one {{.Name}}"
other = "{{.PluralCount}} for {{.Name}}"
`
	stale := `hash = "sha1-0000000000000000000000000000000000000000"`
	for _, c := range []struct {
		name, de string
		quick    bool
	}{
		{"in order, with gaps, stale, empty and obsolete", "# comment\n[\"101\"]\nother = \"Eins\"\n\n[\"103\"]\n" + stale + "\nother = \"{{.PluralCount}} übrig\"\n[\"104\"]\nother = \"\"\n[\"200\"]\nother = \"Obsolet\"\n", true},
		{"top-level entries", "101 = \"Eins\"\n\"104\" = \"Vier\"\n[\"105\"]\nother = \"Fünf\"\n", true},
		{"obsolete before the first and between", "[\"7\"]\nother = \"x\"\n[\"101\"]\nother = \"Eins\"\n[\"1011\"]\nother = \"y\"\n[\"99999\"]\nother = \"z\"\n", true},
		{"a flawed entry among good ones", "[\"101\"]\nother = \"Eins\"\n[\"102\"]\nother = \"Höchstens {{.Nome}}\"\n[\"103\"]\nother = \"{{if .PluralCount}}x{{end}}\"\n", true},
		{"nothing at all", "", true},
		{"out of order", "[\"103\"]\nother = \"{{.PluralCount}} übrig\"\n[\"101\"]\nother = \"Eins\"\n", false},
		{"an ID that is not a code", "[\"101\"]\nother = \"Eins\"\n[\"abc\"]\nother = \"x\"\n", false},
		{"a code written as 0101", "[\"0101\"]\nother = \"Eins\"\n", false},
		{"fields over all forms together", "[\"107\"]\nother = \"{{.PluralCount}} für {{ .Name }}\"\n", true},
		{"a field of the source left out", "[\"107\"]\nother = \"{{.PluralCount}} für\"\n", true},
		{"more fields than a set holds", "[\"106\"]\nother = \"{{.A}}{{.B}}{{.C}}{{.D}}{{.E}}{{.F}}{{.G}}{{.H}}{{.I}}\"\n", true},
		{"more fields, one wrong", "[\"106\"]\nother = \"{{.A}}{{.B}}{{.C}}{{.D}}{{.E}}{{.F}}{{.G}}{{.H}}{{.J}}\"\n", true},
		{"a description", "[\"101\"]\ndescription = \"d\"\nother = \"Eins\"\n", true},
		{"a }} that closes no {{", "[\"101\"]\nother = \"Eins }}\"\n[\"102\"]\nother = \"Höchstens {{.Max}} }}\"\n", true},
		{"a capitalised key", "[\"101\"]\nOther = \"Eins\"\n", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			source, _ := catalog.ParseBundle("locales/en.toml", language.English, []byte(src))
			codes, _ := catalog.SourceCodes(source)
			bf := catalog.BundleFile{File: "locales/de.toml", Tag: language.German}
			got, quick := quickCompare(newSourceIndex(source, codes), bf, c.de)
			if quick != c.quick {
				t.Fatalf("fast path taken: %v, want %v", quick, c.quick)
			}
			b, ds := catalog.ParseBundle(bf.File, bf.Tag, []byte(c.de))
			if len(diag.Errors(ds)) > 0 {
				t.Fatal(ds)
			}
			want := Compare(source, codes, b, false)
			if !quick {
				got, _, _ = compareFile(newSourceIndex(source, codes), bf, c.de)
			}
			if g, w := gapSummary(got), gapSummary(want); !reflect.DeepEqual(g, w) {
				t.Errorf("got\n%q\nwant (Compare)\n%q", g, w)
			}
		})
	}
	// Scan leaves an ID written twice to its caller: the ascending order
	// refuses it, and the loader reports it.
	source, _ := catalog.ParseBundle("locales/en.toml", language.English, []byte(src))
	codes, _ := catalog.SourceCodes(source)
	dup := "[\"101\"]\nother = \"Eins\"\n[\"101\"]\nother = \"Zwei\"\n"
	bf := catalog.BundleFile{File: "locales/de.toml", Tag: language.German}
	if _, quick := quickCompare(newSourceIndex(source, codes), bf, dup); quick {
		t.Error("the fast path took a bundle that writes an ID twice")
	}
	if _, ds, ok := compareFile(newSourceIndex(source, codes), bf, dup); ok || len(diag.Errors(ds)) == 0 {
		t.Errorf("a bundle that writes an ID twice compared without an error: %v", ds)
	}
}

func gapSummary(c Coverage) []string {
	out := []string{fmt.Sprintf("%s %s total %d translated %d", c.Locale, c.File, c.Total, c.Translated)}
	for kind, gaps := range map[string][]Gap{"missing": c.Missing, "stale": c.Stale, "obsolete": c.Obsolete} {
		for _, g := range gaps {
			line := fmt.Sprintf("%s %s %d src=%v", kind, g.ID, g.Code, g.Source != nil && g.Source.ID == g.ID)
			if m := g.Message; m != nil {
				line += fmt.Sprintf(" msg %s@%v %q %q hash=%q desc=%q at=%v", m.ID, m.Pos, m.Text, m.File, m.Hash, m.Description, m.At)
			}
			out = append(out, line)
		}
	}
	slices.Sort(out[1:])
	return out
}

// TestFieldSetEqual compares sets of short names, which are compared as
// packed words, and long ones, compared as strings, in any order.
func TestFieldSetEqual(t *testing.T) {
	set := func(names ...string) *fieldSet {
		var s fieldSet
		for _, n := range names {
			if !s.add(n) {
				t.Fatalf("add(%q) refused", n)
			}
		}
		return &s
	}
	tests := []struct {
		a, b []string
		want bool
	}{
		{nil, nil, true},
		{[]string{"Max"}, []string{"Max"}, true},
		{[]string{"Max", "Max"}, []string{"Max"}, true},
		{[]string{"Max", "Count"}, []string{"Count", "Max"}, true},
		{[]string{"Max"}, []string{"Min"}, false},
		{[]string{"A"}, []string{"A\x00"}, false},
		{[]string{"Seven77"}, []string{"Seven78"}, false},
		{[]string{"EightBy8", "Max"}, []string{"Max", "EightBy8"}, true},
		{[]string{"PluralCount"}, []string{"PluralCounu"}, false},
		{[]string{"Fifteen_bytes15"}, []string{"Fifteen_bytes15"}, true},
		{[]string{"Fifteen_bytes15"}, []string{"Fifteen_bytes16"}, false},
		{[]string{"Sixteen_bytes_16"}, []string{"Sixteen_bytes_16"}, true},
		{[]string{"Sixteen_bytes_16"}, []string{"Sixteen_bytes_17"}, false},
		{[]string{"User.Name.First"}, []string{"User.Name.Firsu"}, false},
		{[]string{"Max"}, []string{"Max", "Count"}, false},
	}
	for _, tt := range tests {
		if got := set(tt.a...).equal(set(tt.b...)); got != tt.want {
			t.Errorf("%q equal %q = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := set(tt.b...).equal(set(tt.a...)); got != tt.want {
			t.Errorf("%q equal %q = %v, want %v", tt.b, tt.a, got, tt.want)
		}
	}
}

// TestFieldIndex holds fieldIndex's switch to tomlfile.FormKeys' order.
func TestFieldIndex(t *testing.T) {
	for i, k := range tomlfile.FormKeys {
		if got := fieldIndex(k); got != i {
			t.Errorf("fieldIndex(%q) = %d, want %d", k, got, i)
		}
	}
	for k, want := range map[string]int{"hash": hashKey, "description": descKey, "Other": -1, "id": -1, "": -1, "others": -1} {
		if got := fieldIndex(k); got != want {
			t.Errorf("fieldIndex(%q) = %d, want %d", k, got, want)
		}
	}
}

// writeFile writes a test's file, or stops the test.
func writeFile(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
