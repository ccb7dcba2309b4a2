package lint_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/lint"
)

// A placeholder that spells a source's in other case is named with it:
// template fields are case-sensitive, and {{.max}} would render as nothing.
func TestPlaceholderInOtherCaseSuggestsTheSources(t *testing.T) {
	fsys := fstest.MapFS{
		"en.toml": {Data: []byte("[\"3001\"]\nother = \"The name must be at most {{.Max}} characters\"\n")},
		"it.toml": {Data: []byte("[\"3001\"]\nother = \"Il nome deve avere al massimo {{.max}} caratteri\"\n")},
		"de.toml": {Data: []byte("[\"3001\"]\nother = \"Der Name darf höchstens {{.Anzahl}} Zeichen haben\"\n")},
	}
	f, err := catalog.OpenFolder(fsys, "locales")
	if err != nil {
		t.Fatal(err)
	}
	var it, de string
	for _, d := range lint.Folder(f) {
		if d.Rule != lint.RulePlaceholderUnknown {
			continue
		}
		switch {
		case strings.HasSuffix(d.File, "it.toml"):
			it = d.String()
		case strings.HasSuffix(d.File, "de.toml"):
			de = d.String()
		}
	}
	if want := "locales/it.toml:2:9: error: code 3001: placeholder {{.max}} is not in the source; it would show as nothing: did you mean {{.Max}}?"; it != want {
		t.Errorf("got  %s\nwant %s", it, want)
	}
	if de == "" || strings.Contains(de, "did you mean") {
		t.Errorf("a placeholder unlike any of the source's: %q, want a finding with no suggestion", de)
	}
}
