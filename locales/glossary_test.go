package locales

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/language"
)

// glossaryFile is the glossary, relative to this package's folder, where
// go test runs.
const glossaryFile = "../docs/glossary.toml"

// glossaryEntry is one concept of a locale's glossary.
type glossaryEntry struct {
	Concept  string   `toml:"concept"`
	Term     string   `toml:"term"`
	Replaces []string `toml:"replaces"`
	Note     string   `toml:"note"`
}

// glossary maps a locale's tag to its entries, in the file's order.
type glossary map[string][]glossaryEntry

// textKeys are the keys of a go-i18n message whose values users see.
var textKeys = []string{"zero", "one", "two", "few", "many", "other"}

// parseGlossary decodes a glossary and checks it. The error names every
// malformed entry, because a misspelt key or tag would otherwise switch a
// check off without a word.
func parseGlossary(name string, data []byte) (glossary, error) {
	var g glossary
	md, err := toml.Decode(string(data), &g)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{name}, args...)...))
	}
	for _, k := range md.Undecoded() {
		bad("unknown key %s", k)
	}
	for _, tag := range slices.Sorted(maps.Keys(g)) {
		if t, err := language.Parse(tag); err != nil {
			bad("%s: not a language tag: %v", tag, err)
		} else if t.String() != tag {
			bad("%s: write the tag as %s, as its bundle is named", tag, t)
		}
		entries := g[tag]
		seen := map[string]bool{}
		for i, e := range entries {
			at := fmt.Sprintf("%s entry %d (%s)", tag, i+1, e.Concept)
			if strings.TrimSpace(e.Concept) == "" {
				bad("%s: no concept", at)
			} else if seen[e.Concept] {
				bad("%s: concept listed twice", at)
			}
			seen[e.Concept] = true
			if strings.TrimSpace(e.Term) == "" {
				bad("%s: no term", at)
			}
			for _, old := range e.Replaces {
				switch {
				case strings.TrimSpace(old) != old || old == "":
					bad("%s: replaced term %q is empty or has spaces around it", at, old)
				case old == e.Term:
					bad("%s: %s replaces itself", at, old)
				}
				// A retired word inside another concept's term would flag
				// every correct use of that term.
				for _, other := range entries {
					if other.Concept != e.Concept && old != "" && strings.Contains(other.Term, old) {
						bad("%s: replaced term %s is part of the term %s of %s", at, old, other.Term, other.Concept)
					}
				}
			}
		}
	}
	return g, errors.Join(errs...)
}

// checkGlossary reads, for each locale of g, the bundle <tag>.toml at the
// root of fsys, and returns one report per occurrence, in a message text, of
// a term the glossary has replaced, sorted by file and line:
//
//	locales/zh-Hant.toml:160: code 2036: uses 使用者池, replaced by 使用者集區 (glossary: user pool)
//
// An occurrence inside one of the new term is not one. A locale with no
// bundle in fsys is skipped; a bundle that cannot be read is an error.
func checkGlossary(fsys fs.FS, g glossary) ([]string, error) {
	type finding struct {
		file string
		line int
		text string
	}
	var found []finding
	for tag, entries := range g {
		name := tag + ".toml"
		data, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		file := path.Join("locales", name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", file, err)
		}
		var bundle map[string]any
		if _, err := toml.Decode(string(data), &bundle); err != nil {
			return nil, fmt.Errorf("read %s: %w", file, err)
		}
		lines := keyLines(data)
		for code, v := range bundle {
			for key, text := range messageTexts(v) {
				for _, e := range entries {
					for _, old := range e.Replaces {
						for range replacedIn(text, old, e.Term) {
							line := lines[[2]string{code, key}]
							if line == 0 {
								line = lines[[2]string{code, ""}]
							}
							found = append(found, finding{file, line, fmt.Sprintf(
								"code %s: uses %s, replaced by %s (glossary: %s)", code, old, e.Term, e.Concept)})
						}
					}
				}
			}
		}
	}
	slices.SortFunc(found, func(a, b finding) int {
		if c := strings.Compare(a.file, b.file); c != 0 {
			return c
		}
		if a.line != b.line {
			return a.line - b.line
		}
		return strings.Compare(a.text, b.text)
	})
	reports := make([]string, len(found))
	for i, f := range found {
		reports[i] = fmt.Sprintf("%s:%d: %s", f.file, f.line, f.text)
	}
	return reports, nil
}

// messageTexts returns the texts of one bundle entry by key: a table's plural
// forms and "other", or, for the short form `2004 = "text"`, the string.
func messageTexts(v any) map[string]string {
	switch v := v.(type) {
	case string:
		return map[string]string{"other": v}
	case map[string]any:
		texts := map[string]string{}
		for _, k := range textKeys {
			if s, ok := v[k].(string); ok {
				texts[k] = s
			}
		}
		return texts
	}
	return nil
}

// keyLines finds where each message text is written: the line of key k in
// table ["code"] as {code, k}, the line of the table header as {code, ""},
// and the line of a short-form `code = "text"` as {code, "other"}. It only
// places reports; the texts come from the TOML decoder.
func keyLines(data []byte) map[[2]string]int {
	lines := map[[2]string]int{}
	table := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(l, "[") && !strings.HasPrefix(l, "[["):
			end := strings.Index(l, "]")
			if end < 0 {
				continue
			}
			table = strings.Trim(strings.TrimSpace(l[1:end]), `"'`)
			lines[[2]string{table, ""}] = n
		case strings.Contains(l, "=") && !strings.HasPrefix(l, "#"):
			key := strings.Trim(strings.TrimSpace(l[:strings.Index(l, "=")]), `"'`)
			if table == "" {
				lines[[2]string{key, "other"}] = n
			} else if _, seen := lines[[2]string{table, key}]; !seen {
				lines[[2]string{table, key}] = n
			}
		}
	}
	return lines
}

// replacedIn yields the byte offset in text of each occurrence of old that
// is not part of an occurrence of term, so that retiring a word does not
// flag the term that contains it (replaced "pool", new "Benutzerpool").
func replacedIn(text, old, term string) func(func(int) bool) {
	return func(yield func(int) bool) {
		inTerm := spans(text, term)
		for _, o := range spans(text, old) {
			if !slices.ContainsFunc(inTerm, func(t [2]int) bool { return t[0] <= o[0] && o[1] <= t[1] }) {
				if !yield(o[0]) {
					return
				}
			}
		}
	}
}

// spans returns the start and end of every occurrence of sub in s,
// overlapping ones included.
func spans(s, sub string) [][2]int {
	var out [][2]int
	if sub == "" {
		return nil
	}
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], sub)
		if j < 0 {
			break
		}
		out = append(out, [2]int{i + j, i + j + len(sub)})
		_, size := utf8.DecodeRuneInString(s[i+j:])
		i += j + size
	}
	return out
}

// TestBundlesFollowGlossary checks every shipped bundle that has a glossary
// against docs/glossary.toml: no message may use a term the glossary has
// replaced.
func TestBundlesFollowGlossary(t *testing.T) {
	data, err := os.ReadFile(glossaryFile)
	if err != nil {
		t.Fatal(err)
	}
	g, err := parseGlossary("docs/glossary.toml", data)
	if err != nil {
		t.Fatal(err)
	}
	reports, err := checkGlossary(FS, g)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reports {
		t.Error(r)
	}
	for _, tag := range slices.Sorted(maps.Keys(g)) {
		if _, err := fs.Stat(FS, tag+".toml"); err != nil {
			t.Logf("docs/glossary.toml lists %s, which has no bundle: skipped", tag)
		}
	}
}

// testGlossary is a glossary for the synthetic bundles below.
const testGlossary = `
zh-Hant = [
  { concept = "user pool", term = "使用者集區", replaces = ["使用者池"] },
]
de = [
  { concept = "user pool", term = "Benutzerpool", replaces = ["pool", "Userpool"] },
]
fr = [
  { concept = "email provider", term = "fournisseur de messagerie", replaces = ["fournisseur de service e-mail"] },
]
`

func TestCheckGlossary(t *testing.T) {
	g, err := parseGlossary("test glossary", []byte(testGlossary))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{{
		name: "a replaced term is reported with its line",
		files: map[string]string{"zh-Hant.toml": `# comment
["2036"]
hash = "sha1-0"
other = "使用者不屬於此使用者池"
`},
		want: []string{"locales/zh-Hant.toml:4: code 2036: uses 使用者池, replaced by 使用者集區 (glossary: user pool)"},
	}, {
		name:  "the new term passes",
		files: map[string]string{"zh-Hant.toml": "[\"2036\"]\nother = \"使用者不屬於此使用者集區\"\n"},
	}, {
		name:  "a replaced term inside the new term passes, beside it fails",
		files: map[string]string{"de.toml": "[\"2224\"]\nother = \"Der Benutzerpool ist kein pool.\"\n"},
		want:  []string{"locales/de.toml:2: code 2224: uses pool, replaced by Benutzerpool (glossary: user pool)"},
	}, {
		name:  "each occurrence and each replaced term is reported",
		files: map[string]string{"de.toml": "[\"1\"]\nother = \"Userpool, pool, pool\"\n"},
		want: []string{
			"locales/de.toml:2: code 1: uses Userpool, replaced by Benutzerpool (glossary: user pool)",
			"locales/de.toml:2: code 1: uses pool, replaced by Benutzerpool (glossary: user pool)",
			"locales/de.toml:2: code 1: uses pool, replaced by Benutzerpool (glossary: user pool)",
			"locales/de.toml:2: code 1: uses pool, replaced by Benutzerpool (glossary: user pool)",
		},
	}, {
		name: "plural forms and the short form are message texts",
		files: map[string]string{"de.toml": `2000 = "ein pool"
["2001"]
one = "{{.Count}} pool"
other = "{{.Count}} Benutzerpools"
`},
		want: []string{
			"locales/de.toml:1: code 2000: uses pool, replaced by Benutzerpool (glossary: user pool)",
			"locales/de.toml:3: code 2001: uses pool, replaced by Benutzerpool (glossary: user pool)",
		},
	}, {
		name: "descriptions and comments are not message texts",
		files: map[string]string{"de.toml": `# the old pool
["2036"]
description = "was: pool"
other = "Benutzerpool"
`},
	}, {
		name:  "matching is case-sensitive",
		files: map[string]string{"de.toml": "[\"1\"]\nother = \"Pool\"\n"},
	}, {
		name: "texts are compared decoded, not as written",
		files: map[string]string{"fr.toml": `["2025"]
other = "Erreur du fournisseur de service e\u002Dmail."
`},
		want: []string{"locales/fr.toml:2: code 2025: uses fournisseur de service e-mail, replaced by fournisseur de messagerie (glossary: email provider)"},
	}, {
		name:  "a locale without a bundle is skipped",
		files: map[string]string{"ja.toml": "[\"1\"]\nother = \"使用者池\"\n"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, data := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(data)}
			}
			got, err := checkGlossary(fsys, g)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}

	t.Run("a bundle that does not parse is an error", func(t *testing.T) {
		_, err := checkGlossary(fstest.MapFS{"de.toml": {Data: []byte("[\"1\"\nother = \"x\"\n")}}, g)
		if err == nil || !strings.Contains(err.Error(), "locales/de.toml") {
			t.Errorf("got %v, want an error naming locales/de.toml", err)
		}
	})
}

func TestParseGlossary(t *testing.T) {
	tests := []struct {
		name string
		data string
		want string // a part of the error; "" for none
	}{
		{"a locale with no bundle is well-formed", `fy = [{ concept = "user", term = "brûker" }]`, ""},
		{"an entry needs a concept", `de = [{ term = "Benutzer" }]`, "de entry 1 (): no concept"},
		{"an entry needs a term", `de = [{ concept = "user" }]`, "de entry 1 (user): no term"},
		{"a concept once per locale", `de = [{ concept = "user", term = "Benutzer" }, { concept = "user", term = "Nutzer" }]`, "de entry 2 (user): concept listed twice"},
		{"a misspelt key", `de = [{ concept = "user", term = "Benutzer", replace = ["Nutzer"] }]`, "unknown key de.replace"},
		{"an empty replaced term", `de = [{ concept = "user", term = "Benutzer", replaces = [""] }]`, `replaced term "" is empty`},
		{"a replaced term with spaces", `de = [{ concept = "user", term = "Benutzer", replaces = [" Nutzer"] }]`, `replaced term " Nutzer" is empty or has spaces`},
		{"a term replacing itself", `de = [{ concept = "user", term = "Benutzer", replaces = ["Benutzer"] }]`, "Benutzer replaces itself"},
		{"a replaced term that another concept uses", `es = [
  { concept = "user pool", term = "pool de usuarios", replaces = ["grupo de usuarios"] },
  { concept = "user group", term = "grupo de usuarios" },
]`, "replaced term grupo de usuarios is part of the term grupo de usuarios of user group"},
		{"a tag not in canonical form", `zh-hant = [{ concept = "user pool", term = "使用者集區" }]`, "write the tag as zh-Hant"},
		{"a tag that is not one", `"not a tag!" = [{ concept = "user", term = "x" }]`, "not a language tag"},
		{"a locale that is not a list of entries", `de = "Benutzer"`, "test glossary: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseGlossary("test glossary", []byte(tt.data))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.want != "" && err == nil:
				t.Errorf("no error, want one with %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("got %v, want one with %q", err, tt.want)
			}
		})
	}
}
