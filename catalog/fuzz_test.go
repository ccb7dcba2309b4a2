package catalog

import (
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog/diag"
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

// FuzzRender: any template text either fails to load with a diagnostic or
// renders, with any data, to the same text as text/template itself.
func FuzzRender(f *testing.F) {
	for _, s := range []string{"at most {{.Max}}", "{{.A}}{{.B}}", "{{ .Max }}", "{{- .Max -}}", "{{if .Max}}x{{end}}", "{{.Max | printf \"%d\"}}", "{{", "}}", "{{.}}", "{{.Max.N}}", "{{/* c */}}"} {
		f.Add(s, "Max", "140", int64(3))
	}
	f.Fuzz(func(t *testing.T, src, key, value string, n int64) {
		m := &Message{ID: "1", Text: [numForms]string{0: src}}
		if err := m.compile(); err != nil {
			return // a broken template is refused at load, with its position
		}
		for _, data := range []any{nil, map[string]any{key: value}, map[string]any{key: n}, map[string]any{"Max": n, key: value}} {
			got, err := m.render(0, data, nil)
			if m.tmpl[0] == nil {
				if got != src || err != nil {
					t.Fatalf("plain text %q rendered as %q, %v", src, got, err)
				}
				continue
			}
			full, perr := m.tmpl[0].full()
			if perr != nil {
				t.Fatalf("%q loaded as a simple template but text/template rejects it: %v", src, perr)
			}
			var want strings.Builder
			werr := full.Execute(&want, data)
			if (err == nil) != (werr == nil) || err == nil && got != want.String() {
				t.Fatalf("%q with %v: got %q (%v), text/template %q (%v)", src, data, got, err, want.String(), werr)
			}
		}
	})
}
