package catalog

import (
	"maps"
	"strings"
	"testing"
	"text/template"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/internal/tomlfile"
)

// The fuzz targets check invariants, not just the absence of panics. Run one
// for longer with, for example:
//
//	go test -run '^$' -fuzz FuzzResolve -fuzztime 5m ./catalog
//
// Seeds are below and in testdata/fuzz/<target>; a failing input the fuzzer
// finds is written there too, and becomes a regression test.

// FuzzResolve: for any preference values, a known code resolves to text
// from a shipped locale that has that code, and the cache stays bounded.
func FuzzResolve(f *testing.F) {
	c := loadShipped(f)
	for _, h := range browserHeaders {
		f.Add(h.header, "")
	}
	for _, s := range []string{"", "*", "ja;q=0", "en-US;q=abc, de", "es-ES_tradnl", "q=NaN", "zh-TW;q=2", ",,,;;;", "\x00", "\xff\xfe", "x-private-use", "zh-Hant-TW-u-rg-uszzzz", "ja;q=0.5;q=0.9", "*;q=0, ja;q=0.1"} {
		f.Add(s, s)
	}
	codes := c.Codes()
	f.Fuzz(func(t *testing.T, accept, lang string) {
		code := codes[len(accept)%len(codes)]
		res, err := c.Localizer(lang, accept).Localize(code, Params{})
		if err != nil {
			t.Fatalf("Resolve(%d, %q, %q): %v", code, lang, accept, err)
		}
		if res.Index < 0 || res.Index >= len(c.Locales()) || c.Locales()[res.Index].ID != res.Locale {
			t.Fatalf("locale %q (index %d) is not a shipped locale", res.Locale, res.Index)
		}
		m := c.Message(res.Index, code)
		if m == nil || res.Text != m.Other() || res.Text == "" {
			t.Fatalf("text %q is not %s's text for %d", res.Text, res.Locale, code)
		}
		for _, l := range c.Localizer(accept).Chain() {
			if l < 0 || l >= len(c.Locales()) {
				t.Fatalf("chain holds locale %d", l)
			}
		}
		if n := c.prefs.size(); n > cacheSlots {
			t.Fatalf("cache holds %d values", n)
		}
	})
}

// FuzzParseBundle: any bytes either load, or give diagnostics that name the
// file. (That the fast scanner and the decoder agree is tomlfile's FuzzParse.)
func FuzzParseBundle(f *testing.F) {
	for _, s := range []string{
		"[\"2004\"]\nother = \"User does not exist\"\n",
		"[\"1\"]\nhash = \"sha1-0\"\nother = \"x\"\n\n[\"2\"]\none = \"{{.N}} item\"\nother = \"{{.N}} items\"\n",
		"\"1\" = \"simple\"\n",
		"[\"1\"]\nothr = \"typo\"\n",
		"[\"1\"]\nother = \"{{.Unclosed\"\n",
		"[\"1\"]\nother = \"\"\"\nmulti\"\"\"\n",
		"1 = { other = \"inline\" }\n",
		"[[\"1\"]]\nother = \"x\"\n",
		"[\"1\"]\nother = \"a\\u00e9\\U0001F600\\t\"\n",
		"[a.b]\nother = \"nested\"\n",
		"x = [1, 2]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, diags := ParseBundle("locales/xx.toml", language.Japanese, data)
		for _, d := range diags {
			if d.File != "locales/xx.toml" || !strings.HasPrefix(d.String(), "locales/xx.toml") {
				t.Fatalf("diagnostic %q does not name the file", d)
			}
			if d.Message == "" || d.Rule == "" {
				t.Fatalf("diagnostic %+v says nothing", d)
			}
		}
		if b == nil && len(diag.Errors(diags)) == 0 {
			t.Fatal("no bundle and no error")
		}
		if b != nil {
			for _, m := range b.Messages {
				if b.Lookup(m.ID) != m {
					t.Fatalf("message %q is not found by its ID", m.ID)
				}
			}
		}
	})
}

// FuzzTemplate: any template text either fails to load with a diagnostic
// or renders, with any data, to at most MaxText bytes of valid text, and
// quickly: the safe subset has nothing that loops. Where every field it
// prints has a value, the text is text/template's own.
func FuzzTemplate(f *testing.F) {
	for _, s := range []string{
		"at most {{.Max}}", "{{.A}}{{.B}}", "{{ .Max }}", "{{- .Max -}}", "{{if .Max}}x{{else}}y{{end}}",
		"{{.Max | printf \"%d\"}}", "{{", "}}", "{{.}}", "{{.Max.N}}", "{{/* c */}}", "{{.PluralCount}} items",
		"{{range 2000000}}{{.Max}}{{end}}", "{{define \"a\"}}{{template \"a\"}}{{end}}{{template \"a\"}}",
		"{{if .A}}{{if .B}}{{.Max}}{{.Max}}{{.Max}}{{end}}{{end}}",
	} {
		f.Add(s, "Max", "140", int64(3))
	}
	f.Fuzz(func(t *testing.T, src, key, value string, n int64) {
		file := "[\"1\"]\nother = " + tomlfile.Quote(src) + "\n"
		b, diags := ParseBundle("locales/en.toml", language.English, []byte(file))
		if b == nil {
			return // not TOML after all: Quote keeps what it cannot write
		}
		m := b.Lookup("1")
		if m == nil {
			if len(diag.Errors(diags)) == 0 {
				t.Fatalf("%q: no message and no error", src)
			}
			return // refused at load, with its position
		}
		if _, ds := SourceCodes(b); len(ds) > 0 {
			return // a flaw, never served: SourceCodes says where
		}
		src = m.Other() // as read: Quote writes invalid UTF-8 as U+FFFD
		big := strings.Repeat(value+"é", 1+MaxText/(len(value)+2))
		datas := []any{nil, map[string]any{key: value}, map[string]any{key: n}, map[string]any{"Max": n, key: value},
			map[string]any{key: big, "Max": big, "A": big, "B": big}, struct{ Max int64 }{n}}
		for _, data := range datas {
			start := time.Now()
			got, err := m.render(0, data, n)
			// Not a measure of speed: a bound that only a template that
			// loops, recurses or runs away could break.
			if d := time.Since(start); d > 2*time.Second {
				t.Fatalf("%q took %v to render", src, d)
			}
			if len(got) > MaxText || !utf8.ValidString(got) && utf8.ValidString(src) && utf8.ValidString(value) {
				t.Fatalf("%q rendered %d bytes (valid UTF-8: %v)", src, len(got), utf8.ValidString(got))
			}
			if m.tmpl[0] == nil {
				if got != src || err != nil {
					t.Fatalf("plain text %q rendered as %q, %v", src, got, err)
				}
				continue
			}
			if err != nil {
				continue // a field without data, or a cut text: the rule of TestMissingDataRule
			}
			full, perr := template.New("").Delims("{{", "}}").Option("missingkey=default").Parse(src)
			if perr != nil {
				t.Fatalf("%q loaded but text/template rejects it: %v", src, perr)
			}
			// errcat's {{.PluralCount}} is the count whenever the data
			// has none of its own; go-i18n's only for nil data.
			tdata := map[string]any{"PluralCount": n}
			if d, ok := data.(map[string]any); ok {
				tdata = maps.Clone(d)
				if _, has := d["PluralCount"]; !has {
					tdata["PluralCount"] = n
				}
			}
			var want strings.Builder
			if _, ok := data.(map[string]any); !ok && data != nil {
				continue
			}
			if werr := full.Execute(&want, tdata); werr != nil || got != want.String() {
				t.Fatalf("%q with %v: got %q, text/template %q (%v)", src, data, got, want.String(), werr)
			}
		}
	})
}
