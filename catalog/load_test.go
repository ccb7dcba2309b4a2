package catalog

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog/diag"
)

func TestParseBundleSyntaxErrorHasPosition(t *testing.T) {
	in := "[\"1000\"]\nother = \"ok\"\n\n[\"2004\"]\nother = \"unterminated\n"
	b, diags := ParseBundle("locales/ja.toml", language.Japanese, []byte(in))
	if b != nil || len(diags) != 1 {
		t.Fatalf("got bundle %v and %v, want one syntax error", b, diags)
	}
	d := diags[0]
	if d.Rule != "syntax" || d.Line != 5 || d.Col == 0 || !strings.HasPrefix(d.String(), "locales/ja.toml:5:") {
		t.Fatalf("got %s (rule %s), want a syntax error at line 5 with a column", d, d.Rule)
	}
}

func TestParseBundlePositions(t *testing.T) {
	in := "# header\n\n[\"1000\"]\ndescription = \"d\"\nother = \"busy\"\n\n[\"2004\"]\n  other = \"x\"\n"
	b, diags := ParseBundle("en.toml", language.English, []byte(in))
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	m := b.Lookup("2004")
	if m.Pos != (Pos{Line: 7, Col: 1}) || m.At[0] != (Pos{Line: 8, Col: 11}) {
		t.Fatalf("2004 at %v, text at %v; want 7:1 and 8:11", m.Pos, m.At[0])
	}
	if ids := []string{b.Messages[0].ID, b.Messages[1].ID}; !slices.Equal(ids, []string{"1000", "2004"}) {
		t.Fatalf("messages in order %v", ids)
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	fsys := fstest.MapFS{
		"en.toml":           {Data: []byte("[\"1000\"]\nother = \"busy\"\n[\"2004\"]\nother = \"no user\"\n")},
		"ja.toml":           {Data: []byte("[\"1000\"]\nothr = \"x\"\n")},
		"de.toml":           {Data: []byte("[\"1000\"]\nother = \"{{.X\"\n")},
		"fr.toml":           {Data: []byte("[\"1000\"\nother = \"x\"\n")},
		"not_a_tag.toml":    {Data: []byte("")},
		"pt-br.toml":        {Data: []byte("")},
		"pt-BR.toml":        {Data: []byte("")},
		"README.md":         {Data: []byte("not a bundle")},
		"translate.ja.toml": {Data: []byte("broken [[[")},
		".ja.toml.swp":      {Data: []byte("\x00")},
	}
	_, err := Load(fsys, "locales")
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("Load error = %v, want a *LoadError", err)
	}
	// de.toml's template that does not parse is no error of the file: that
	// message alone would fall back (TestFlawedTranslationFallsBack).
	var got []string
	for _, d := range le.Diagnostics {
		got = append(got, d.Rule+" "+d.File+" "+d.ID)
	}
	want := []string{
		"syntax locales/fr.toml ",
		"unknown-key locales/ja.toml 1000",
		"file-name locales/not_a_tag.toml ",
		"duplicate-locale locales/pt-br.toml ",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("diagnostics:\n%s\nwant rules and files:\n%s", err, strings.Join(want, "\n"))
	}
	if !strings.Contains(err.Error(), `locales/ja.toml:2:1: error: code 1000: unknown key "othr" in a message (did you mean "other"?)`) {
		t.Fatalf("error text lacks the misspelt key's position and hint:\n%s", err)
	}
}

func TestLoadNeedsSource(t *testing.T) {
	_, err := Load(fstest.MapFS{"ja.toml": {Data: []byte("")}}, "locales")
	if err == nil || !strings.Contains(err.Error(), "no bundle for the source language en") {
		t.Fatalf("got %v", err)
	}
}

func TestLoadRefusesHugeFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "en.toml"), []byte("[\"1\"]\nother = \"x\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, "ja.toml"))
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: huge on Stat, no disk used.
	if err := f.Truncate(MaxBundleSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = LoadDir(dir)
	if err == nil || !strings.Contains(err.Error(), "ja.toml: error: file is") {
		t.Fatalf("got %v, want the oversized file refused by name", err)
	}
}

// ReadText is ReadBytes into a string: the same text, the same refusals.
func TestReadTextReadsAsReadBytes(t *testing.T) {
	dir := t.TempDir()
	text := "[\"1\"]\nother = \"x\"\n"
	if err := os.WriteFile(filepath.Join(dir, "en.toml"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "de.toml"), []byte(strings.Repeat(text, 5000)), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, "ja.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxBundleSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	fo, err := OpenFolder(DirFS(dir), "locales")
	if err != nil {
		t.Fatal(err)
	}
	for _, bf := range append([]BundleFile{fo.Source}, fo.Translations...) {
		data, dsb := fo.ReadBytes(bf)
		got, dst := fo.ReadText(bf)
		if got != string(data) || fmt.Sprint(dst) != fmt.Sprint(dsb) {
			t.Errorf("%s: ReadText gave %d bytes and %v, ReadBytes %d and %v", bf.Name, len(got), dst, len(data), dsb)
		}
		if bf.Name == "ja.toml" && len(dst) == 0 {
			t.Errorf("ja.toml: the oversized file was read")
		}
	}
}

func TestTranslationWithEmptyTextIsMissing(t *testing.T) {
	fsys := fstest.MapFS{
		"en.toml": {Data: []byte("[\"1\"]\nother = \"one\"\n[\"2\"]\nother = \"two\"\n")},
		"ja.toml": {Data: []byte("[\"1\"]\nother = \"\"\n[\"2\"]\nother = \"二\"\n[\"3\"]\nother = \"obsolete\"\n")},
	}
	c, err := Load(fsys, "locales")
	if err != nil {
		t.Fatal(err)
	}
	ja := c.LocaleIndex("ja")
	if c.Locales()[ja].Translated != 1 || c.Message(ja, 1) != nil || c.Has(3) {
		t.Fatalf("ja translated %d, message 1 %v, has 3 %v", c.Locales()[ja].Translated, c.Message(ja, 1), c.Has(3))
	}
	if res, _ := c.Localizer("", "ja").Localize(1, Params{}); res.Locale != "en" || res.Fallback != SourceFallback {
		t.Fatalf("empty translation resolved to %+v", res)
	}
}

func TestVersionFollowsContent(t *testing.T) {
	a, _ := Load(fstest.MapFS{"en.toml": {Data: []byte("# one layout\n[\"1\"]\nother = \"x\"\n")}}, "a")
	b, _ := Load(fstest.MapFS{"en.toml": {Data: []byte("1 = \"x\"\n")}}, "b")
	c, _ := Load(fstest.MapFS{"en.toml": {Data: []byte("1 = \"y\"\n")}}, "c")
	if a.Version() != b.Version() || a.Version() == c.Version() {
		t.Fatalf("versions %s %s %s: same content must match, changed content must not", a.Version(), b.Version(), c.Version())
	}
}

func TestSourceHashMatchesGoi18n(t *testing.T) {
	// goi18n merge wrote this hash for this description and text.
	m := &Message{Description: "The system is busy", Text: [numForms]string{0: "Busy"}}
	// sha1("The system is busyBusy")
	if got, want := m.SourceHash(), "sha1-"+sha1hex("The system is busyBusy"); got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	plural := &Message{Text: [numForms]string{0: "{{.N}} items", 2: "{{.N}} item"}}
	other := &Message{Text: [numForms]string{0: "{{.N}} items", 2: "{{.N}} thing"}}
	if plural.SourceHash() == other.SourceHash() {
		t.Fatal("an edit to the one form does not change the hash")
	}
	// A message with several forms hashes each other form after "other",
	// each as NUL, its name, NUL, its text: translations record this hash,
	// so it must never change.
	if got, want := plural.SourceHash(), "sha1-"+sha1hex("{{.N}} items\x00one\x00{{.N}} item"); got != want {
		t.Fatalf("plural hash %s, want %s", got, want)
	}
	long := &Message{Description: strings.Repeat("d", 400), Text: [numForms]string{0: strings.Repeat("o", 300), 2: "x"}}
	if got, want := long.SourceHash(), "sha1-"+sha1hex(long.Description+long.Text[0]+"\x00one\x00x"); got != want {
		t.Fatalf("hash of a long message %s, want %s", got, want)
	}
}

func sha1hex(s string) string {
	h := sha1.Sum([]byte(s))
	return hex.EncodeToString(h[:])
}

func TestParseRefusesDeepNesting(t *testing.T) {
	for _, in := range []string{
		"x = " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000),
		"x = " + strings.Repeat("{a=", 5000) + "1" + strings.Repeat("}", 5000),
	} {
		_, diags := ParseBundle("locales/ja.toml", language.Japanese, []byte(in))
		if len(diags) != 1 || !strings.Contains(diags[0].String(), "locales/ja.toml:1:") || !strings.Contains(diags[0].Message, "nested more than") {
			t.Fatalf("got %v", diags)
		}
	}
}

func TestSyntaxErrorAtEndOfLineIsOnThatLine(t *testing.T) {
	in := "[\"1000\"]\nother = \"ok\"\n[\"2004\"\nother = \"x\"\n"
	_, diags := ParseBundle("ja.toml", language.Japanese, []byte(in))
	if len(diags) != 1 || diags[0].Line != 3 {
		t.Fatalf("got %v, want the unterminated header on line 3", diags)
	}
}

func TestLocaleNamesAreInTheirOwnLanguage(t *testing.T) {
	c := loadShipped(t)
	want := map[string]string{"en": "English", "ja": "日本語", "pt-BR": "português (Brasil)", "zh-Hans": "简体中文", "zh-Hant": "繁體中文", "de": "Deutsch"}
	for _, l := range c.Locales() {
		if w, ok := want[l.ID]; ok && l.Name != w {
			t.Errorf("%s is named %q, want %q", l.ID, l.Name, w)
		}
	}
}

func TestVersionCoversHashesAndObsoleteEntries(t *testing.T) {
	load := func(ja string) string {
		c, err := Load(fstest.MapFS{"en.toml": {Data: []byte("1 = \"x\"\n")}, "ja.toml": {Data: []byte(ja)}}, "v")
		if err != nil {
			t.Fatal(err)
		}
		return c.Version()
	}
	base := load("[\"1\"]\nhash = \"sha1-a\"\nother = \"y\"\n")
	if base == load("[\"1\"]\nhash = \"sha1-b\"\nother = \"y\"\n") {
		t.Error("a refreshed hash keeps the version")
	}
	if base == load("[\"1\"]\nhash = \"sha1-a\"\nother = \"y\"\n[\"2\"]\nother = \"obsolete\"\n") {
		t.Error("an obsolete entry keeps the version")
	}
}

// TestTopLevelKeysAsGoI18nReadsThem holds errcat to go-i18n v2's reader on
// top-level keys, running go-i18n itself on each file: a field name such as
// hash outside any table is rejected, and a top-level "2004" = "text"
// simple message is accepted. The one difference is deliberate: a file of
// field names alone, which go-i18n reads as one message with no ID that no
// code can name, is a mistake errcat reports.
func TestTopLevelKeysAsGoI18nReadsThem(t *testing.T) {
	cases := []struct {
		name, in       string
		goi18n, errcat bool // whether each rejects the file
	}{
		{"hash outside a table", "hash = \"sha1-0\"\n\n[\"2004\"]\nother = \"x\"\n", true, true},
		{"field names ignore case", "Other = \"x\"\n[\"2004\"]\nother = \"y\"\n", true, true},
		{"a simple message", "\"2004\" = \"User does not exist\"\n[\"1000\"]\nother = \"busy\"\n", false, false},
		{"a bare simple message", "2004 = \"User does not exist\"\n", false, false},
		{"field names alone", "hash = \"sha1-0\"\nother = \"x\"\n", false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, goErr := i18n.ParseMessageFileBytes([]byte(tc.in), "en.toml", map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal})
			if (goErr != nil) != tc.goi18n {
				t.Fatalf("go-i18n: err = %v; the case expects reject=%v", goErr, tc.goi18n)
			}
			_, diags := ParseBundle("en.toml", language.English, []byte(tc.in))
			errs := diag.Errors(diags)
			if !tc.errcat {
				if len(errs) > 0 {
					t.Fatalf("errcat rejects what go-i18n accepts: %v", errs)
				}
				return
			}
			if len(errs) == 0 || errs[0].Line != 1 || errs[0].Col != 1 || !strings.Contains(errs[0].Message, "outside any message table") {
				t.Fatalf("got %v, want an error at 1:1 naming the top-level key", errs)
			}
		})
	}
}
