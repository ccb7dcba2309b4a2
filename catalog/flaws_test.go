package catalog

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/language"
)

const flawSource = `["1000"]
other = "The system is busy"

["3001"]
other = "The name must be at most {{.Max}} characters"

["4000"]
one = "{{.PluralCount}} file is too large"
other = "{{.PluralCount}} files are too large"
`

// flawsOf parses one translation of flawSource and returns the flaws of
// each of its messages, as text.
func flawsOf(t *testing.T, translation string) []string {
	t.Helper()
	src, ds := ParseBundle("locales/en.toml", language.English, []byte(flawSource))
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	SourceCodes(src)
	b, ds := ParseBundle("locales/it.toml", language.Italian, []byte(translation))
	if len(ds) > 0 {
		t.Fatalf("the file's own diagnostics %v, want none", ds)
	}
	var got []string
	for _, m := range b.Messages {
		for _, d := range Flaws(m, src.Lookup(m.ID)) {
			got = append(got, d.String()+" ["+d.Rule+"]")
		}
		if IsTranslated(m, src.Lookup(m.ID)) == (len(Flaws(m, src.Lookup(m.ID))) > 0) && m.Other() != "" {
			t.Errorf("code %s: IsTranslated disagrees with Flaws", m.ID)
		}
	}
	slices.Sort(got)
	return got
}

func TestFlaws(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"a good translation has none", "[\"3001\"]\nother = \"Al massimo {{.Max}} caratteri\"\n", nil},
		{"a plural translation may print the count in other alone",
			"[\"4000\"]\none = \"Un file è troppo grande\"\nother = \"{{.PluralCount}} file sono troppo grandi\"\n", nil},
		{"an empty text is not translated yet, not a flaw", "[\"3001\"]\nother = \"\"\n", nil},
		{"a placeholder in other case", "[\"3001\"]\nother = \"Al massimo {{.max}} caratteri\"\n", []string{
			"locales/it.toml:2:9: error: code 3001: placeholder {{.Max}} of the source is missing from the translation [placeholder-missing]",
			"locales/it.toml:2:9: error: code 3001: placeholder {{.max}} is not in the source; it would show as nothing: did you mean {{.Max}}? [placeholder-unknown]",
		}},
		{"a placeholder the source does not have", "[\"1000\"]\nother = \"Il sistema {{.Nome}} è occupato\"\n", []string{
			"locales/it.toml:2:9: error: code 1000: placeholder {{.Nome}} is not in the source; it would show as nothing [placeholder-unknown]",
		}},
		{"a source placeholder left out", "[\"3001\"]\nother = \"Il nome è troppo lungo\"\n", []string{
			"locales/it.toml:2:9: error: code 3001: placeholder {{.Max}} of the source is missing from the translation [placeholder-missing]",
		}},
		{"a blank text", "[\"1000\"]\nother = \"   \"\n", []string{
			"locales/it.toml:2:9: error: code 1000: the message is blank: it has only whitespace [empty]",
		}},
		{"a text of full-width spaces and a no-break space is blank", "[\"1000\"]\nother = \"\u3000\u00a0\u3000\"\n", []string{
			"locales/it.toml:2:9: error: code 1000: the message is blank: it has only whitespace [empty]",
		}},
		{"a text of invisible characters shows nothing, as a blank one does", "[\"1000\"]\nother = \"\u200b\"\n", []string{
			"locales/it.toml:2:9: error: code 1000: the message is blank: it has only invisible characters (U+200B) [empty]",
		}},
		{"a blank form of invisible characters and spaces", "[\"4000\"]\none = \"\u2060 \ufeff\"\nother = \"{{.PluralCount}} file\"\n", []string{
			`locales/it.toml:2:7: error: code 4000: the "one" form is blank: it has only invisible characters (U+2060, U+FEFF) and whitespace [empty]`,
		}},
		{"an invisible character beside words is no flaw", "[\"1000\"]\nother = \"Il sistema\u200b è occupato\"\n", nil},
		{"a placeholder typed with full-width braces", "[\"3001\"]\nother = \"名前は｛｛.Max｝｝文字以内\"\n", []string{
			"locales/it.toml:2:9: error: code 3001: placeholder {{.Max}} of the source is missing from the translation: ｛｛.Max｝｝ has full-width braces, which are text; write {{.Max}} [placeholder-missing]",
		}},
		{"a blank form", "[\"4000\"]\none = \" \"\nother = \"{{.PluralCount}} file\"\n", []string{
			`locales/it.toml:2:7: error: code 4000: the "one" form is blank: it has only whitespace [empty]`,
		}},
		{"a template that does not parse, and no cascade of placeholders", "[\"3001\"]\nother = \"Al massimo {{.Max caratteri\"\n", []string{
			`locales/it.toml:2:9: error: code 3001: other: template: unclosed {{ at column 12 of the text ("{{.Max caratteri"): close it with }} [template]`,
		}},
		{"a template outside the safe subset", "[\"3001\"]\nother = \"{{printf \\\"%d\\\" .Max}}\"\n", []string{
			`locales/it.toml:2:9: error: code 3001: other: template: calls the function printf; a message may only print fields ({{.Name}}) and test them ({{if .Name}}…{{end}}) [template-unsafe]`,
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := flawsOf(t, tc.text); !slices.Equal(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// The loader asks every translation at load time; a good one must cost no
// allocation, whatever its templates.
func TestFlawsOfGoodTranslationDoNotAllocate(t *testing.T) {
	src, _ := ParseBundle("locales/en.toml", language.English, []byte(flawSource))
	SourceCodes(src)
	b, _ := ParseBundle("locales/it.toml", language.Italian, []byte(
		"[\"3001\"]\nother = \"Al massimo {{.Max}} caratteri\"\n\n[\"4000\"]\none = \"Un file\"\nother = \"{{.PluralCount}} file\"\n"))
	for _, id := range []string{"3001", "4000"} {
		m, s := b.Lookup(id), src.Lookup(id)
		if n := testing.AllocsPerRun(100, func() {
			if Flaws(m, s) != nil || !IsTranslated(m, s) {
				t.Fatal("a good translation is flawed")
			}
		}); n != 0 {
			t.Errorf("code %s: %v allocations, want 0", id, n)
		}
	}
}

// A flawed translation is a diagnostic of the catalog, not an error of its
// load: that one message falls back, through the caller's next language
// and then the source, while the rest of its bundle is served.
func TestFlawedTranslationFallsBack(t *testing.T) {
	fsys := fstest.MapFS{
		"en.toml": {Data: []byte(flawSource)},
		"it.toml": {Data: []byte("[\"1000\"]\nother = \"Il sistema è occupato\"\n\n[\"3001\"]\nother = \"Al massimo {{.max}} caratteri\"\n")},
		"de.toml": {Data: []byte("[\"1000\"]\nother = \"Das System ist ausgelastet\"\n\n[\"3001\"]\nother = \"Höchstens {{.Max}} Zeichen\"\n")},
		"fr.toml": {Data: []byte("[\"1000\"]\nother = \"   \"\n")},
	}
	c, err := Load(fsys, "locales")
	if err != nil {
		t.Fatal(err)
	}
	var flaws []string
	for _, d := range c.Flaws() {
		flaws = append(flaws, d.String())
	}
	want := []string{
		"locales/fr.toml:2:9: error: code 1000: the message is blank: it has only whitespace",
		"locales/it.toml:5:9: error: code 3001: placeholder {{.Max}} of the source is missing from the translation",
		"locales/it.toml:5:9: error: code 3001: placeholder {{.max}} is not in the source; it would show as nothing: did you mean {{.Max}}?",
	}
	if !slices.Equal(flaws, want) {
		t.Fatalf("flaws\n%s\nwant\n%s", strings.Join(flaws, "\n"), strings.Join(want, "\n"))
	}
	data := Params{Data: map[string]any{"Max": 20}}
	for _, tc := range []struct {
		accept string
		code   int
		want   string
	}{
		{"it", 1000, "Il sistema è occupato"},
		{"it, de", 3001, "Höchstens 20 Zeichen"},
		{"it", 3001, "The name must be at most 20 characters"},
		{"fr, it", 1000, "Il sistema è occupato"},
	} {
		res, err := c.Localizer(tc.accept).Localize(tc.code, data)
		if err != nil || res.Text != tc.want {
			t.Errorf("%s, %d: %q, %v; want %q", tc.accept, tc.code, res.Text, err, tc.want)
		}
	}
	for _, l := range c.Locales() {
		if got, want := l.Translated, map[string]int{"en": 3, "de": 2, "it": 1, "fr": 0}[l.ID]; got != want {
			t.Errorf("%s: %d translated, want %d", l.ID, got, want)
		}
	}
}

// The source has nothing to fall back to: a template of it that does not
// parse stops the load, as a file error does.
func TestFlawedSourceDoesNotLoad(t *testing.T) {
	_, err := Load(fstest.MapFS{"en.toml": {Data: []byte("[\"3001\"]\nother = \"at most {{.Max\"\n")}}, "locales")
	if err == nil || !strings.Contains(err.Error(), "locales/en.toml:2:9: error: code 3001: other: template: unclosed {{") {
		t.Fatalf("got %v", err)
	}
}

// A }} that closes no {{ is text to text/template, so the template parses,
// and its user would read the braces: a slip ({{.Max}} }}) that a
// translation must not ship. A source may mean braces as text (a JSON
// body), and a translation may keep as many as its source has.
func TestFlawsStrayRightDelimiter(t *testing.T) {
	const source = `["3001"]
other = "The name must be at most {{.Max}} characters"

["4000"]
other = "Send {\"ids\":{}} as the body"
`
	src, ds := ParseBundle("locales/en.toml", language.English, []byte(source))
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	SourceCodes(src)
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"after a placeholder", "[\"3001\"]\nother = \"Al massimo {{.Max}} caratteri }}\"\n", []string{
			`locales/it.toml:2:9: error: code 3001: other: template: }} at column 31 of the text ("}}") closes no {{, so it would show as it is: delete it [template]`,
		}},
		{"in a text without placeholders", "[\"4000\"]\nother = \"Invia {\\\"ids\\\":{}} }} come corpo\"\n", []string{
			`locales/it.toml:2:9: error: code 4000: other: template: }} at column 18 of the text ("}} come corpo") closes no {{, so it would show as it is: delete it [template]`,
		}},
		{"as many as the source's", "[\"4000\"]\nother = \"Invia {\\\"ids\\\":{}} come corpo\"\n", nil},
		{"a good translation", "[\"3001\"]\nother = \"Al massimo {{ .Max }} caratteri\"\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, ds := ParseBundle("locales/it.toml", language.Italian, []byte(tc.text))
			if len(ds) > 0 {
				t.Fatal(ds)
			}
			var got []string
			for _, m := range b.Messages {
				s := src.Lookup(m.ID)
				for _, d := range Flaws(m, s) {
					got = append(got, d.String()+" ["+d.Rule+"]")
				}
				if IsTranslated(m, s) != (tc.want == nil) {
					t.Errorf("IsTranslated = %v", IsTranslated(m, s))
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
