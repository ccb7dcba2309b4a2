package catalog

import (
	"bytes"
	"os"
	"testing"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog/internal/selfnames"
)

// The generated table is what its generator writes today: after an x/text
// upgrade or a change to package selfnames, `go generate ./catalog`.
func TestSelfNamesAreCurrent(t *testing.T) {
	want, err := selfnames.File(selfnames.Entries())
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("selfnames_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("selfnames_gen.go is stale: run go generate ./catalog")
	}
}

// For every tag the table has, SelfName answers what x/text's display
// answers; a tag it lacks gets its nearest named prefix and the rest in
// parentheses, or itself.
func TestSelfNameFromTable(t *testing.T) {
	for _, e := range selfnames.Entries() {
		if got := SelfName(language.MustParse(e.Tag)); got != e.Name {
			t.Errorf("SelfName(%s) = %q, x/text says %q", e.Tag, got, e.Name)
		}
	}
	for _, tc := range []struct{ tag, want string }{
		{"it-CH", "italiano (CH)"},
		{"de-CH-1996", "Schweizer Hochdeutsch (1996)"},
		{"en-US-x-foo", "American English (x-foo)"},
		{"sc-IT", "sc-IT"},
	} {
		if got := SelfName(language.MustParse(tc.tag)); got != tc.want {
			t.Errorf("SelfName(%s) = %q, want %q", tc.tag, got, tc.want)
		}
	}
}
