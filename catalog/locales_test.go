package catalog

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
	"testing/fstest"

	"golang.org/x/text/language"
)

// cldrPluralsFile is CLDR 48's plural rules, as the cldr-core package
// ships them (see its VERSION), shared with the plural rules' own tests.
const cldrPluralsFile = "internal/plural/testdata/cldr/plurals.json"

// cldrLocales returns every locale CLDR's plural-rules data names (und
// among them), and two private-use tags, which CLDR cannot name: the
// locales a catalog of any team might ship.
func cldrLocales(t testing.TB) []string {
	t.Helper()
	raw, err := os.ReadFile(cldrPluralsFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Supplemental struct {
			Cardinal map[string]json.RawMessage `json:"plurals-type-cardinal"`
		} `json:"supplemental"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	var tags []string
	for tag := range doc.Supplemental.Cardinal {
		tags = append(tags, tag)
	}
	if len(tags) < 200 || !slices.Contains(tags, "und") {
		t.Fatalf("%s names %d locales, und among them: %v", cldrPluralsFile, len(tags), slices.Contains(tags, "und"))
	}
	slices.Sort(tags)
	return append(tags, "x-klingon", "qaa-x-test")
}

// TestEveryCLDRLocaleLoads loads, for every locale of CLDR's plural data and
// two private-use tags, a catalog of English and that locale, and resolves
// a plain and a plural message in it. x/text has no name for many of them
// (sc, vec, und, x-klingon): none may panic, and each is served under its
// own tag, with the tag for a name where x/text has none.
func TestEveryCLDRLocaleLoads(t *testing.T) {
	const en = "[\"1\"]\nother = \"User does not exist\"\n\n[\"2\"]\none = \"{{.PluralCount}} file\"\nother = \"{{.PluralCount}} files\"\n"
	const tr = "[\"1\"]\nother = \"translated\"\n\n[\"2\"]\nzero = \"z {{.PluralCount}}\"\none = \"o {{.PluralCount}}\"\ntwo = \"t {{.PluralCount}}\"\nfew = \"f {{.PluralCount}}\"\nmany = \"m {{.PluralCount}}\"\nother = \"x {{.PluralCount}}\"\n"
	for _, name := range cldrLocales(t) {
		if name == "en" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			c, err := Load(fstest.MapFS{"en.toml": {Data: []byte(en)}, name + ".toml": {Data: []byte(tr)}}, "locales")
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Locales()) != 2 {
				t.Fatalf("locales %v", c.Locales())
			}
			loc := c.Locales()[1]
			if want := language.MustParse(name).String(); loc.ID != want || loc.Name == "" {
				t.Fatalf("locale %q named %q, want %q with a name", loc.ID, loc.Name, want)
			}
			res, err := c.Localizer(name).Localize(1, Params{})
			if err != nil || res.Text != "translated" || res.Locale != loc.ID {
				t.Fatalf("?lang=%s: %+v, %v; want the translation from %s", name, res, err, loc.ID)
			}
			for _, n := range []any{0, 1, 2, 3, 5, 11, 100, 1000000, "1.5"} {
				if res, err := c.Localizer(name).Localize(2, Params{Count: n}); err != nil || res.Locale != loc.ID || res.Text == "" {
					t.Fatalf("count %v: %+v, %v", n, res, err)
				}
			}
		})
	}
}

func TestSelfNameNeverPanics(t *testing.T) {
	for _, tc := range []struct{ tag, want string }{
		{"ja", "日本語"},
		{"zh-Hant", "繁體中文"},
		{"sc", "sc"},
		{"vec", "vec"},
		{"und", "und"},
		{"x-klingon", "x-klingon"},
		{"qaa-x-test", "qaa-x-test"},
	} {
		if got := SelfName(language.MustParse(tc.tag)); got != tc.want {
			t.Errorf("SelfName(%s) = %q, want %q", tc.tag, got, tc.want)
		}
	}
}
