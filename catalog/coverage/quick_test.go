package coverage

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/internal/tomlfile"
)

// The fast path must report what Compare reports on the loaded bundles,
// gap for gap, for plain, templated, plural, stale, empty and obsolete
// entries; and a bundle it cannot vouch for must still go to the loader,
// whose errors fail the survey.
func TestQuickPathAgreesWithCompare(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
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
		entries, err := tomlfile.Parse([]byte(flawed))
		if err != nil {
			t.Fatal(err)
		}
		texts, quick := quickEntries(newSourceIndex(bs[0], codes), "locales/de.toml", entries)
		if !quick || len(texts) != 1 || texts[0].loaded == nil {
			t.Errorf("%q: the fast path did not hand the flawed translation alone to the loader", flawed)
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
		"}} is text":           true,
		"{{.Max":               false,
		"{{if .X}}y{{end}}":    false,
		"{{.Max | printf}}":    false,
		"{{- .Max}}":           false,
		"{{.}}":                false,
		"{{.a.}}":              false,
		"{{.A1}} and {{.B_2}}": true,
	} {
		if got := simpleTemplate(text); got != want {
			t.Errorf("simpleTemplate(%q) = %v, want %v", text, got, want)
		}
	}
}
