package catalog

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog/diag"
)

const factsSource = "[\"5001\"]\nother = \"Order not found\"\n\n[\"5002\"]\nother = \"The order was already paid\"\n"

// Each mistake in a facts file is an error at its line and column, and the
// catalog does not load.
func TestFactsErrorsHavePositions(t *testing.T) {
	tests := []struct {
		name, facts string
		want        string // the diagnostic, as printed
	}{
		{"syntax", "5001 = { name = \"OrderNotFound\"\n",
			"locales/codes.toml:1:"},
		{"unknown top-level key", "source = \"en\"\nfalback = 5001\n",
			`locales/codes.toml:2:1: error: unknown key "falback": a facts file has source, fallback and one entry per error code`},
		{"source not a tag", "source = \"english!\"\n",
			`locales/codes.toml:1:10: error: source "english!" is not a BCP 47 language tag`},
		{"source not canonical", "source = \"EN\"\n",
			`locales/codes.toml:1:10: error: source "EN" is not in canonical form; write "en"`},
		{"fallback a string", "fallback = \"5001\"\n",
			"locales/codes.toml:1:1: error: fallback must be an error code, such as 1000 (a number without quotes)"},
		{"fallback not in the source", "fallback = 9000\n",
			"locales/codes.toml:1:1: error: the fallback code 9000 is not in the source locales/en.toml"},
		{"name not exported", "5001 = { name = \"orderNotFound\" }\n",
			`locales/codes.toml:1:17: error: code 5001: name "orderNotFound" is not an exported Go identifier`},
		{"name used twice", "5001 = { name = \"Order\" }\n5002 = { name = \"Order\" }\n",
			"locales/codes.toml:2:17: error: code 5002: name Order is already the name of code 5001"},
		{"status not an error status", "5001 = { name = \"OrderNotFound\", status = 200 }\n",
			"locales/codes.toml:1:43: error: code 5001: status must be an HTTP error status, 400 to 599"},
		{"status a string", "[5001]\nstatus = \"404\"\n",
			"locales/codes.toml:2:10: error: code 5001: status must be an HTTP error status, 400 to 599"},
		{"misspelt key", "5001 = { name = \"OrderNotFound\", stauts = 404 }\n",
			`locales/codes.toml:1:34: error: code 5001: unknown key "stauts" in a code's facts (the keys are name and status)`},
		{"not a table", "5001 = \"OrderNotFound\"\n",
			"locales/codes.toml:1:1: error: code 5001: the code's facts are a string"},
		{"code not in the source", "5001 = { name = \"OrderNotFound\" }\n\n7000 = { name = \"Gone\", status = 410 }\n",
			"locales/codes.toml:3:1: error: code 7000: the source locales/en.toml has no code 7000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"en.toml": {Data: []byte(factsSource)}, FactsFile: {Data: []byte(tt.facts)}}
			_, err := Load(fsys, "locales")
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Load: %v, want a *LoadError", err)
			}
			if !slices.ContainsFunc(le.Diagnostics, func(d diag.Diagnostic) bool { return strings.HasPrefix(d.String(), tt.want) }) {
				t.Fatalf("diagnostics:\n%s\nwant one starting %q", err, tt.want)
			}
		})
	}
}

func TestFactsOfACatalog(t *testing.T) {
	facts := "source = \"en\"\nfallback = 5002\n\n5001 = { name = \"OrderNotFound\", status = 404 }\n"
	fsys := fstest.MapFS{"en.toml": {Data: []byte(factsSource)}, FactsFile: {Data: []byte(facts)}}
	f, err := OpenFolder(fsys, "locales")
	if err != nil {
		t.Fatal(err)
	}
	if f.Source.Name != "en.toml" || len(f.Translations) != 0 || len(f.Diagnostics) != 0 {
		t.Fatalf("the folder has source %q, translations %v, diagnostics %v: the facts file is not a bundle", f.Source.Name, f.Translations, f.Diagnostics)
	}
	c, err := f.Load()
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := c.Fact(5001); !ok || got != (Fact{Name: "OrderNotFound", Status: 404}) {
		t.Errorf("5001: %+v", got)
	}
	// 5002 has no facts: a derived name, status 500, and a warning.
	if got, ok := c.Fact(5002); !ok || got != (Fact{Name: "OrderWasAlreadyPaid", Status: 500, Derived: true}) {
		t.Errorf("5002: %+v", got)
	}
	if w := c.Warnings(); len(w) != 1 || w[0].ID != "5002" || w[0].Rule != diag.RuleFacts {
		t.Errorf("warnings %v, want one about 5002's facts", w)
	}
	if code, ok := c.Fallback(); !ok || code != 5002 {
		t.Errorf("fallback %d %v", code, ok)
	}
	if _, ok := c.Fact(9999); ok {
		t.Error("a fact for a code the catalog lacks")
	}
	// The facts are part of the catalog's version: a status changes
	// responses.
	fsys[FactsFile] = &fstest.MapFile{Data: []byte(strings.Replace(facts, "404", "410", 1))}
	c2, err := Load(fsys, "locales")
	if err != nil {
		t.Fatal(err)
	}
	if c2.Version() == c.Version() {
		t.Error("a changed status keeps the catalog's version")
	}
}

// A catalog without a facts file loads with English as its source, derived
// names, status 500 and no fallback code: the unknown-error rule's built-in
// text answers what it lacks.
func TestCatalogWithoutFacts(t *testing.T) {
	c, err := Load(fstest.MapFS{"en.toml": {Data: []byte(factsSource)}}, "locales")
	if err != nil {
		t.Fatal(err)
	}
	if f, _ := c.Fact(5001); f != (Fact{Name: "OrderNotFound", Status: DefaultStatus, Derived: true}) {
		t.Errorf("5001: %+v", f)
	}
	if _, ok := c.Fallback(); ok || c.FactsFile() != "" || len(c.Warnings()) != 0 {
		t.Error("a catalog without a facts file has a fallback, a facts file or warnings")
	}
	a := c.Localizer("ja").Unknown()
	if a.Text != UnknownText || a.Locale != UnknownLocale || a.Status != UnknownStatus || a.Code != 0 || !a.Unknown {
		t.Errorf("unknown answer %+v", a)
	}
	a, err = c.Localizer("ja").Answer(5001, Params{})
	if err != nil || a.Unknown || a.Text != "Order not found" || a.Status != 500 || a.Name != "OrderNotFound" {
		t.Errorf("answer for 5001: %+v, %v", a, err)
	}
}

// A catalog whose source is German: the facts file names it, the German
// bundle defines the codes, English is a translation like any other, and a
// code missing from the caller's languages falls back to German.
func TestNonEnglishSource(t *testing.T) {
	fsys := fstest.MapFS{
		FactsFile: {Data: []byte("source = \"de\"\nfallback = 1\n\n1 = { name = \"Intern\", status = 500 }\n2 = { name = \"BestellungFehlt\", status = 404 }\n")},
		"de.toml": {Data: []byte("[\"1\"]\nother = \"Ein interner Fehler ist aufgetreten.\"\n\n[\"2\"]\nother = \"Die Bestellung gibt es nicht.\"\n\n[\"3\"]\nother = \"Größe überschritten\"\n")},
		"en.toml": {Data: []byte("[\"2\"]\nother = \"The order does not exist.\"\n")},
	}
	f, err := OpenFolder(fsys, "locales")
	if err != nil {
		t.Fatal(err)
	}
	if f.SourceTag() != language.German || f.Source.Name != "de.toml" || len(f.Translations) != 1 || f.Translations[0].Name != "en.toml" {
		t.Fatalf("source %v in %q, translations %v", f.SourceTag(), f.Source.Name, f.Translations)
	}
	c, err := f.Load()
	if err != nil {
		t.Fatal(err)
	}
	if c.Source().ID != "de" || !slices.Equal(c.Codes(), []int{1, 2, 3}) {
		t.Fatalf("source %s, codes %v", c.Source().ID, c.Codes())
	}
	for _, tt := range []struct {
		accept string
		code   int
		text   string
	}{
		{"en", 2, "The order does not exist."},
		{"en", 1, "Ein interner Fehler ist aufgetreten."},
		{"fr", 2, "Die Bestellung gibt es nicht."},
	} {
		res, err := c.Localizer(tt.accept).Localize(tt.code, Params{})
		if err != nil || res.Text != tt.text {
			t.Errorf("%s %d: %q, %v; want %q", tt.accept, tt.code, res.Text, err, tt.text)
		}
	}
	if a := c.Localizer("en").Unknown(); a.Code != 1 || a.Text != "Ein interner Fehler ist aufgetreten." || a.Locale != "de" {
		t.Errorf("unknown: %+v", a)
	}
	// 3 has no facts; its German text has letters outside ASCII.
	if fact, _ := c.Fact(3); fact.Name != "Code3" {
		t.Errorf("3 is named %s, want Code3", fact.Name)
	}
	// Without the facts file, English is the source again: the same
	// bundles make another catalog.
	delete(fsys, FactsFile)
	c, err = Load(fsys, "locales")
	if err != nil {
		t.Fatal(err)
	}
	if c.Source().ID != "en" || !slices.Equal(c.Codes(), []int{2}) {
		t.Errorf("without the facts file: source %s, codes %v", c.Source().ID, c.Codes())
	}
}

func TestDeriveName(t *testing.T) {
	tests := []struct {
		code int
		text string
		want string
	}{
		{2004, "User does not exist", "UserDoesNotExist"},
		{1000, "The system is busy, please try again later", "SystemIsBusy"},
		{2010, "The ID of the application that needs to provide the operation", "IDOfTheApplicationThatNeeds"},
		{2001, "Verification code verification failed(Verification code error)", "VerificationCodeVerificationFailed"},
		{3001, "The name must be at most {{.Max}} characters", "NameMustBeAtMostCharacters"},
		{2004, "用户不存在", "Code2004"},
		{2005, "Größe überschritten", "Code2005"},
		{4000, "404 page", "Code4000"},
		{4001, "", "Code4001"},
		{4002, "...", "Code4002"},
		{4003, "A", "A"},
	}
	for _, tt := range tests {
		if got := DeriveName(tt.code, tt.text); got != tt.want {
			t.Errorf("DeriveName(%d, %q) = %s, want %s", tt.code, tt.text, got, tt.want)
		}
	}
	names := []string{"", "UserDoesNotExist", "", ""}
	DeriveNames([]int{1, 2, 3, 4}, []string{"User does not exist", "x", "User does not exist", "Code4"}, names)
	if want := []string{"Code1", "UserDoesNotExist", "Code3", "Code4"}; !slices.Equal(names, want) {
		t.Errorf("DeriveNames: %v, want %v", names, want)
	}
}
