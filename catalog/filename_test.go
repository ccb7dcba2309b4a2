package catalog

import (
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/language"
)

func TestGuessLocale(t *testing.T) {
	for _, tt := range []struct {
		name, in, want string // want "" for no guess
	}{
		{"an underscore is a hyphen", "it_IT", "it-IT"},
		{"in a file name too", "pt_br.toml", "pt-BR"},
		{"goi18n's file name", "active.it.toml", "it"},
		{"any prefix goi18n would read past", "messages.zh_Hant.toml", "zh-Hant"},
		{"a file name where a tag was wanted", "it.toml", "it"},
		{"an extension in capitals", "it.TOML", "it"},
		{"a tag needs no guess", "it-IT", ""},
		{"a backup of a bundle is no guess", "en.bak.toml", ""},
		{"an extension is no locale", "not_a_tag", ""},
		{"nothing like a tag", "hello world", ""},
		{"the facts file", "codes.toml", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tag, ok := GuessLocale(tt.in)
			got := ""
			if ok {
				got = tag.String()
			}
			if got != tt.want {
				t.Errorf("GuessLocale(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
			}
		})
	}
}

// TestMisnamedBundles: a file meant as a bundle but not read for its name
// is a diagnostic naming the file to rename it to, and Misnamed finds it
// by the locale it was meant for.
func TestMisnamedBundles(t *testing.T) {
	en := []byte("[\"1\"]\nother = \"x\"\n")
	fsys := fstest.MapFS{"en.toml": {Data: en}, "it_IT.toml": {Data: en}, "active.ja.toml": {Data: en}, "de.TOML": {Data: en}, "fr.toml.TOML": {Data: en}, "codes.TOML": {Data: []byte("source = \"de\"\n")}}
	f, err := OpenFolder(fsys, "locales")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range f.Diagnostics {
		got = append(got, d.String())
	}
	want := []string{
		`locales/active.ja.toml: error: file name "active.ja.toml" is not a BCP 47 language tag: did you mean ja.toml? (a bundle is named by its tag alone, without "active.")`,
		`locales/codes.TOML: warning: codes.TOML is not read: the facts file is codes.toml, in lower case; name it codes.toml`,
		`locales/de.TOML: warning: de.TOML is not read: a bundle's name ends in .toml, in lower case; name it de.toml`,
		`locales/fr.toml.TOML: warning: fr.toml.TOML is not read: a bundle's name ends in .toml, in lower case; name it fr.toml.toml`,
		`locales/it_IT.toml: error: file name "it_IT.toml" is not a BCP 47 language tag: did you mean it-IT.toml?`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for tag, file := range map[string]string{"it-IT": "locales/it_IT.toml", "ja": "locales/active.ja.toml", "de": "locales/de.TOML", "it": "", "en": ""} {
		bf, ok := f.Misnamed(language.MustParse(tag))
		if bf.File != file || ok != (file != "") {
			t.Errorf("Misnamed(%s) = %q, %v; want %q", tag, bf.File, ok, file)
		}
	}
	if !IsCatalogFile("de.TOML") || IsCatalogFile(".de.TOML") || IsBundleName("de.TOML") {
		t.Errorf("de.TOML: IsCatalogFile %v (want true, so that a server reloads and warns), .de.TOML %v, IsBundleName %v",
			IsCatalogFile("de.TOML"), IsCatalogFile(".de.TOML"), IsBundleName("de.TOML"))
	}
}

// TestServedByAgreesWithTheResolver asks, for every locale of CLDR's
// plural data, which bundle serves it: ServedBy, from the folder's tags
// alone, must name the bundle a loaded catalog resolves it to, whenever
// that is in the same language, and nothing otherwise.
func TestServedByAgreesWithTheResolver(t *testing.T) {
	msg := []byte("[\"1\"]\nother = \"x\"\n")
	fsys := fstest.MapFS{}
	for _, tag := range []string{"en", "zh-Hant", "zh-Hans", "pt", "pt-PT", "ru", "sr-Latn", "de-CH", "es-419", "x-klingon"} {
		fsys[tag+".toml"] = &fstest.MapFile{Data: msg}
	}
	f, err := OpenFolder(fsys, "locales")
	if err != nil {
		t.Fatal(err)
	}
	c, err := f.Load()
	if err != nil {
		t.Fatal(err)
	}
	asked := append(cldrLocales(t), "zh-TW", "zh-HK", "pt-BR", "pt-AO", "en-GB", "es-MX", "sr", "de-AT")
	served := 0
	for _, s := range asked {
		tag, err := language.Parse(s)
		if err != nil || isPrivateUse(s) {
			continue // x/text has no tag for it, nor has a --locale value; or it is the probe
		}
		// The resolver's answer: the chain of a caller who asks for s,
		// then x-klingon, which nothing else matches, starts with
		// x-klingon when s matched no locale.
		want := ""
		chain := c.Localizer(s, "x-klingon").Chain()
		if served := c.Locales()[chain[0]]; served.ID != "x-klingon" && served.Tag != tag && sameBase(tag, served.Tag) {
			want = served.File
		}
		got := ""
		if bf, ok := f.ServedBy(tag); ok {
			got = bf.File
		}
		if got != "" {
			served++
		}
		if got != want {
			t.Errorf("ServedBy(%s) = %q, want %q (the resolver's chain %v)", s, got, want, c.Localizer(s).Chain())
		}
	}
	// zh-TW, zh-HK, pt-BR...: so that the test says something.
	if served < 8 {
		t.Errorf("%d of %d locales are served by another bundle; want the handful in the list at least", served, len(asked))
	}
	t.Logf("%d of %d locales are served by another bundle", served, len(asked))
	for s, want := range map[string]string{"zh-TW": "locales/zh-Hant.toml", "pt-BR": "locales/pt.toml", "pt-AO": "locales/pt-PT.toml", "en-GB": "locales/en.toml", "be": "", "fr": ""} {
		bf, _ := f.ServedBy(language.MustParse(s))
		if bf.File != want {
			t.Errorf("ServedBy(%s) = %q, want %q", s, bf.File, want)
		}
	}
}

func sameBase(a, b language.Tag) bool {
	x, _ := a.Base()
	y, _ := b.Base()
	return x == y
}
