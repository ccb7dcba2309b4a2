package catalog

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

func loadShipped(t testing.TB) *Catalog {
	t.Helper()
	c, err := LoadDir("../locales")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// matchLocales are the locales of loadMatching's catalog: the shipped set
// when the matching tests were written, fixed here so that they hold while
// the repository ships other locales.
var matchLocales = []string{"en", "de", "es", "fr", "ja", "ko", "pt-BR", "ru", "zh-Hans", "zh-Hant"}

// loadMatching loads a catalog of matchLocales, each with codes 1000, 2004
// and 2005, "2004 in ja" and so on, for the tests of which locale a
// preference gets.
func loadMatching(t testing.TB) *Catalog {
	t.Helper()
	dir := t.TempDir()
	for _, loc := range matchLocales {
		var b strings.Builder
		for _, code := range []int{1000, 2004, 2005} {
			fmt.Fprintf(&b, "[\"%d\"]\nother = \"%d in %s\"\n\n", code, code, loc)
		}
		if err := os.WriteFile(filepath.Join(dir, loc+".toml"), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func loadTemplated(t testing.TB) *Catalog {
	t.Helper()
	c, err := LoadDir("../testdata/templated")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Real browsers' default Accept-Language values for a user of each of
// matchLocales, as sent by current Chrome, Firefox, Safari and Edge.
var browserHeaders = []struct {
	browser, header, want string
}{
	{"Chrome en-US", "en-US,en;q=0.9", "en"},
	{"Safari en-GB", "en-GB,en;q=0.9", "en"},
	{"Chrome zh-CN", "zh-CN,zh;q=0.9", "zh-Hans"},
	{"Firefox zh-CN", "zh-CN,zh;q=0.8,zh-TW;q=0.7,zh-HK;q=0.5,en-US;q=0.3,en;q=0.2", "zh-Hans"},
	{"Chrome zh-TW", "zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7", "zh-Hant"},
	{"Edge zh-HK", "zh-HK,zh;q=0.9,en;q=0.8", "zh-Hant"},
	{"Safari zh-Hant-TW", "zh-TW", "zh-Hant"},
	{"Chrome ja", "ja,en-US;q=0.9,en;q=0.8", "ja"},
	{"Safari ja-JP", "ja-JP", "ja"},
	{"Chrome ko", "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "ko"},
	{"Firefox de", "de,en-US;q=0.7,en;q=0.3", "de"},
	{"Chrome de-AT", "de-AT,de;q=0.9,en;q=0.8", "de"},
	{"Chrome fr", "fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", "fr"},
	{"Firefox fr-CA", "fr-CA,fr;q=0.8,en-US;q=0.5,en;q=0.3", "fr"},
	{"Firefox es", "es-ES,es;q=0.8,en-US;q=0.5,en;q=0.3", "es"},
	{"Chrome es-419", "es-419,es;q=0.9", "es"},
	{"Chrome pt-BR", "pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7", "pt-BR"},
	{"Chrome pt-PT", "pt-PT,pt;q=0.9,en;q=0.8", "pt-BR"},
	{"Firefox ru", "ru-RU,ru;q=0.8,en-US;q=0.5,en;q=0.3", "ru"},
}

func TestResolveBrowserHeaders(t *testing.T) {
	c := loadMatching(t)
	for _, tc := range browserHeaders {
		t.Run(tc.browser, func(t *testing.T) {
			res, err := c.Localizer("", tc.header).Localize(2004, Params{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Locale != tc.want {
				t.Fatalf("Resolve(2004, %q) locale = %s, want %s", tc.header, res.Locale, tc.want)
			}
			want := c.Message(c.LocaleIndex(tc.want), 2004).Other()
			if res.Text != want || res.Fallback != FirstChoice {
				t.Fatalf("got %q (%v), want %q from the first choice", res.Text, res.Fallback, want)
			}
		})
	}
}

func TestResolveMatching(t *testing.T) {
	c := loadMatching(t)
	cases := []struct {
		name, lang, accept, want string
	}{
		{"zh-TW gets zh-Hant", "", "zh-TW", "zh-Hant"},
		{"zh-HK falls to zh-Hant", "", "zh-HK", "zh-Hant"},
		{"zh-MO falls to zh-Hant", "", "zh-MO", "zh-Hant"},
		{"zh gets zh-Hans", "", "zh", "zh-Hans"},
		{"zh-CN gets zh-Hans", "", "zh-CN", "zh-Hans"},
		{"zh-SG gets zh-Hans", "", "zh-SG", "zh-Hans"},
		{"zh-Hant-HK gets zh-Hant", "", "zh-Hant-HK", "zh-Hant"},
		{"pt gets pt-BR", "", "pt", "pt-BR"},
		{"pt-PT gets pt-BR", "", "pt-PT", "pt-BR"},
		{"es-419 gets es", "", "es-419", "es"},
		{"es-MX gets es", "", "es-MX", "es"},
		{"en-GB gets en", "", "en-GB", "en"},
		{"case does not matter", "", "ZH-tw", "zh-Hant"},
		{"extensions do not change the match", "", "ja-JP-u-ca-japanese", "ja"},
		{"a private-use part does not change the match", "", "ko-x-twain", "ko"},
		{"a private-use range is skipped", "", "x-klingon, de;q=0.5", "de"},
		{"q-values order preferences", "", "de;q=0.5, fr;q=0.9", "fr"},
		{"equal q keeps header order", "", "ko, ja", "ko"},
		{"unsupported language is skipped", "", "sw, ru;q=0.5", "ru"},
		{"nothing supported gives English", "", "it, tlh", "en"},
		{"a named language beats a cross-language guess", "", "be, de;q=0.5", "de"},
		{"a cross-language guess beats English", "", "be, it", "ru"},
		{"malformed q skips only that entry", "", "en-US;q=abc, de;q=0.5", "de"},
		{"underscore tag is skipped", "", "es-ES_tradnl, fr;q=0.5", "fr"},
		{"NaN q is malformed", "", "ja;q=NaN, ko;q=0.1", "ko"},
		{"q over 1 is malformed", "", "ja;q=2, ko;q=0.1", "ko"},
		{"negative q is malformed", "", "ja;q=-1, ko;q=0.1", "ko"},
		{"empty entries are skipped", "", ",, ,ja,", "ja"},
		{"parameters other than q are ignored", "", "ja;level=1", "ja"},
		{"q=0 excludes a language", "", "ja;q=0, ko;q=0.1", "ko"},
		{"q=0 excludes a wildcard's pick", "", "en;q=0, *", "de"},
		{"wildcard means any, English first", "", "*", "en"},
		{"wildcard after a preference", "", "fr, *;q=0.1", "fr"},
		{"empty header gives English", "", "", "en"},
		{"blank header gives English", "", "   ", "en"},
		{"lang beats the header", "ja", "fr-FR,fr;q=0.9", "ja"},
		{"lang may be a region tag", "zh-TW", "en", "zh-Hant"},
		{"unusable lang falls to the header", "xx-invalid-!!", "ko", "ko"},
		{"oversized header is treated as absent", "", "ja," + strings.Repeat("x", MaxHeader), "en"},
		{"oversized header still lets lang count", "ru", strings.Repeat("ja,", MaxHeader), "ru"},
		{"many entries: only the first ones count", "", strings.Repeat("it,", 40) + "ja", "en"},
		{"NUL bytes do not match", "", "ja\x00, ko;q=0.5", "ko"},
		{"invalid UTF-8 is skipped", "", "\xff\xfe, de;q=0.5", "de"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := c.Localizer(tc.lang, tc.accept).Localize(2004, Params{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Locale != tc.want {
				t.Fatalf("Resolve(2004, lang=%q, accept=%.60q) = %s, want %s", tc.lang, tc.accept, res.Locale, tc.want)
			}
			if res.Text != c.Message(res.Index, 2004).Other() || res.Text == "" {
				t.Fatalf("text %q does not come from %s", res.Text, res.Locale)
			}
		})
	}
}

func TestResolveFallsBackPerMessage(t *testing.T) {
	c := loadTemplated(t)
	cases := []struct {
		name         string
		code         int
		lang, accept string
		wantLocale   string
		wantText     string
		wantFallback Fallback
	}{
		{"second preference supplies a code the first lacks", 2004, "", "ja, zh;q=0.8", "zh-Hans", "用户不存在", LaterChoice},
		{"first preference has it", 4004, "", "zh-CN, ja;q=0.8", "zh-Hans", "仅有英文文本", FirstChoice},
		{"no preference has it: English", 2004, "", "ja, fr;q=0.5", "en", "User does not exist", SourceFallback},
		{"lang lacks it: the header's language", 2004, "ja", "ru", "ru", "Пользователь не найден.", LaterChoice},
		{"no preferences: English as first choice", 4004, "", "", "en", "Only the English text exists", FirstChoice},
		{"only unknown languages: English", 4004, "", "sw", "en", "Only the English text exists", FirstChoice},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := c.Localizer(tc.lang, tc.accept).Localize(tc.code, Params{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Locale != tc.wantLocale || res.Text != tc.wantText || res.Fallback != tc.wantFallback {
				t.Fatalf("got %s %q %v, want %s %q %v", res.Locale, res.Text, res.Fallback, tc.wantLocale, tc.wantText, tc.wantFallback)
			}
		})
	}
}

func TestResolveUnknownCode(t *testing.T) {
	c := loadMatching(t)
	for _, code := range []int{0, -1, 9999, 2033} {
		res, err := c.Localizer("", "ja").Localize(code, Params{})
		if !errors.Is(err, ErrUnknownCode) {
			t.Errorf("Resolve(%d) error = %v, want ErrUnknownCode", code, err)
		}
		if res != (Result{}) {
			t.Errorf("Resolve(%d) = %+v, want the zero Result", code, res)
		}
	}
}

func TestLocalizeTemplatesAndPlurals(t *testing.T) {
	c := loadTemplated(t)
	cases := []struct {
		name   string
		code   int
		accept string
		data   any
		count  any
		want   string
	}{
		{"template data", 4001, "en", map[string]any{"Max": 140}, nil, "Must be at most 140 characters"},
		{"template data in ja", 4001, "ja", map[string]any{"Max": 140}, nil, "140文字以内で入力してください。"},
		{"struct data", 4001, "en", struct{ Max int }{20}, nil, "Must be at most 20 characters"},
		{"en one", 4002, "en", nil, 1, "You have 1 unread message"},
		{"en other", 4002, "en", nil, 2, "You have 2 unread messages"},
		{"en decimal one is other", 4002, "en", nil, "1.0", "You have 1.0 unread messages"},
		{"ja has only other", 4002, "ja", nil, 1, "未読メッセージが1件あります。"},
		{"ru one", 4002, "ru", nil, 21, "У вас 21 непрочитанное сообщение."},
		{"ru few", 4002, "ru", nil, 3, "У вас 3 непрочитанных сообщения."},
		{"ru many", 4002, "ru", nil, 11, "У вас 11 непрочитанных сообщений."},
		{"ru fraction is other", 4002, "ru", nil, "1.5", "У вас 1.5 непрочитанного сообщения."},
		{"fr one covers 0 and 1", 4002, "fr", nil, 0, "Vous avez 0 message non lu."},
		{"fr millions are many, which this bundle lacks: other", 4002, "fr", nil, 1000000, "Vous avez 1000000 messages non lus."},
		{"plural form from the supplying locale", 4002, "sw, ru", nil, 5, "У вас 5 непрочитанных сообщений."},
		{"count and data", 4003, "en", map[string]any{"Name": "Ana", "Count": 1}, 1, "Ana has 1 sign-in attempt left"},
		{"count and data in ja", 4003, "ja", map[string]any{"Name": "Ana", "Count": 3}, 3, "Anaさんのサインイン試行は残り3回です。"},
		{"custom delimiters", 4005, "en", map[string]any{"Param": "x"}, nil, "Use x instead of {{.Param}}"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := c.Localizer("", tc.accept).Localize(tc.code, Params{Data: tc.data, Count: tc.count})
			if err != nil {
				t.Fatal(err)
			}
			if res.Text != tc.want {
				t.Fatalf("got %q, want %q", res.Text, tc.want)
			}
		})
	}
}

func TestLocalizeBadCountKeepsText(t *testing.T) {
	c := loadTemplated(t)
	res, err := c.Localizer("", "en").Localize(4002, Params{Data: nil, Count: "many"})
	if err == nil {
		t.Fatal("a count that is not a number gave no error")
	}
	if res.Text == "" || res.Locale != "en" {
		t.Fatalf("got %+v, want the source text to show anyway", res)
	}
}

func TestChainCacheIsBounded(t *testing.T) {
	c := loadMatching(t)
	for i := range 3 * cacheSlots {
		h := fmt.Sprintf("ja;q=0.%d, x-%d", i%9+1, i)
		if res, err := c.Localizer("", h).Localize(2004, Params{}); err != nil || res.Locale != "ja" {
			t.Fatalf("Resolve(%q) = %+v, %v", h, res, err)
		}
	}
	if n := c.prefs.size(); n > cacheSlots {
		t.Fatalf("cache holds %d values, over its bound of %d", n, cacheSlots)
	}
}

func TestResolveConcurrently(t *testing.T) {
	c := loadMatching(t)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 2000 {
				h := browserHeaders[(g+i)%len(browserHeaders)]
				res, err := c.Localizer("", h.header).Localize(c.Codes()[i%len(c.Codes())], Params{})
				if err != nil || res.Locale != h.want {
					t.Errorf("Resolve(%q) = %+v, %v", h.header, res, err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestResolvePlainAllocatesNothing is the zero-allocation promise of the
// hot path, checked exactly rather than timed.
func TestResolvePlainAllocatesNothing(t *testing.T) {
	c := loadMatching(t)
	h := browserHeaders[4].header
	c.Localizer("ja", h).Localize(2004, Params{}) // warm the cache
	allocs := testing.AllocsPerRun(1000, func() {
		if _, err := c.Localizer("ja", h).Localize(2004, Params{}); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("Resolve allocates %v times per call for a seen header, want 0", allocs)
	}
	// One value, the Localizer's own short path.
	allocs = testing.AllocsPerRun(1000, func() {
		if _, err := c.Localizer(h).Localize(2004, Params{}); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("Localizer(one value) allocates %v times per call for a seen header, want 0", allocs)
	}
}

// TestLocalizerManyValues: for any number of values the chain is each
// value's chain in turn, each locale once, then the source; and merging
// them never writes the cached chains another caller reads.
func TestLocalizerManyValues(t *testing.T) {
	c := loadMatching(t)
	values := []string{"", "x-none", browserHeaders[4].header, "de", "", browserHeaders[7].header, "fr;q=0.5, ko"}
	alone := map[string][]int{} // each value's chain, without the implied source
	for _, v := range values {
		if ch := c.prefs.chain(v); ch != nil {
			for _, l := range *ch {
				alone[v] = append(alone[v], int(l))
			}
		}
	}
	for n := range len(values) + 1 {
		prefs := values[:n]
		var want []int
		seen := map[int]bool{}
		for _, v := range prefs {
			for _, l := range alone[v] {
				if !seen[l] {
					seen[l] = true
					want = append(want, l)
				}
			}
		}
		if !seen[0] {
			want = append(want, 0)
		}
		if got := c.Localizer(prefs...).Chain(); !slices.Equal(got, want) {
			t.Errorf("Localizer(%q).Chain() = %v, want %v", prefs, got, want)
		}
	}
	for _, v := range values {
		var now []int
		if ch := c.prefs.chain(v); ch != nil {
			for _, l := range *ch {
				now = append(now, int(l))
			}
		}
		if !slices.Equal(now, alone[v]) {
			t.Errorf("after merging, the chain of %q = %v, was %v", v, now, alone[v])
		}
	}
}

// TestLocalizePluralsCLDR48 checks rendering against CLDR 48's rules with
// exact operands, on the counts issue 13 found wrong with x/text's CLDR 32
// rules and operands reduced modulo 10^7. Each translation prints the count
// in "other", as the source does: one that never did would be set aside.
func TestLocalizePluralsCLDR48(t *testing.T) {
	dir := t.TempDir()
	bundles := map[string]string{
		"en":    "one = \"{{.PluralCount}} message\"\nother = \"{{.PluralCount}} messages\"\n",
		"fr":    "one = \"fr one\"\nmany = \"fr many\"\nother = \"{{.PluralCount}} fr other\"\n",
		"es":    "one = \"es one\"\nmany = \"es many\"\nother = \"{{.PluralCount}} es other\"\n",
		"pt-BR": "one = \"pt one\"\nmany = \"pt many\"\nother = \"{{.PluralCount}} pt other\"\n",
		"ar":    "zero = \"ar zero\"\none = \"ar one\"\ntwo = \"ar two\"\nfew = \"ar few\"\nmany = \"ar many\"\nother = \"{{.PluralCount}} ar other\"\n",
	}
	for loc, body := range bundles {
		if err := os.WriteFile(filepath.Join(dir, loc+".toml"), []byte("[\"4000\"]\n"+body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		accept string
		count  any
		want   string
	}{
		{"en", 10000001, "10000001 messages"},
		{"en", "100000000000000000000001", "100000000000000000000001 messages"},
		{"en", 1, "1 message"},
		{"fr", 1000000, "fr many"},
		{"fr", 20000000, "fr many"},
		{"fr", 1, "fr one"},
		{"fr", "1.5", "fr one"},
		{"fr", 2, "2 fr other"},
		{"es", 1000000, "es many"},
		{"pt-BR", 1000000, "pt many"},
		{"pt-BR", 0, "pt one"},
		{"ar", 10000000, "10000000 ar other"},
		{"ar", 0, "ar zero"},
		{"ar", 103, "ar few"},
		{"ar", 111, "ar many"},
	}
	for _, tc := range cases {
		res, err := c.Localizer(tc.accept).Localize(4000, Params{Count: tc.count})
		if err != nil {
			t.Fatalf("%s %v: %v", tc.accept, tc.count, err)
		}
		if res.Text != tc.want {
			t.Errorf("%s, count %v: %q, want %q", tc.accept, tc.count, res.Text, tc.want)
		}
	}
}

// TestLocalizeMissingData is the one rule for missing template data at the
// Localizer: the text is always rendered, a field without data renders as
// nothing, and the error names it; never the template's source, never
// "<no value>".
func TestLocalizeMissingData(t *testing.T) {
	c := loadTemplated(t)
	cases := []struct {
		name    string
		code    int
		accept  string
		p       Params
		want    string
		missing []string
	}{
		{"nil data", 4001, "en", Params{}, "Must be at most  characters", []string{"Max"}},
		{"nil data in ja", 4001, "ja", Params{}, "文字以内で入力してください。", []string{"Max"}},
		{"partial data", 4003, "en", Params{Data: map[string]any{"Name": "Ana"}, Count: 1}, "Ana has  sign-in attempt left", []string{"Count"}},
		{"count only", 4002, "en", Params{Count: 2}, "You have 2 unread messages", nil},
		{"count with data that lacks it", 4002, "ru", Params{Data: map[string]any{"X": 1}, Count: 5}, "У вас 5 непрочитанных сообщений.", nil},
		{"no count for a plural", 4002, "en", Params{}, "You have  unread messages", []string{"PluralCount"}},
		{"a count that is not a number", 4002, "en", Params{Count: "many"}, "You have many unread messages", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := c.Localizer(tc.accept).Localize(tc.code, tc.p)
			if res.Text != tc.want {
				t.Errorf("text %q, want %q", res.Text, tc.want)
			}
			if strings.Contains(res.Text, "{{") || strings.Contains(res.Text, "<no value>") {
				t.Errorf("text %q shows the template or <no value>", res.Text)
			}
			var md *MissingDataError
			if tc.missing == nil {
				// A count that is not a number selects "other", and says so.
				if wantErr := tc.name == "a count that is not a number"; (err != nil) != wantErr {
					t.Errorf("error %v", err)
				}
				return
			}
			if !errors.As(err, &md) || strings.Join(md.Fields, ",") != strings.Join(tc.missing, ",") {
				t.Errorf("error %v, want a *MissingDataError for %v", err, tc.missing)
			}
			if !strings.HasPrefix(err.Error(), fmt.Sprintf("render code %d in %s: ", tc.code, res.Locale)) {
				t.Errorf("error %q lacks its context", err)
			}
		})
	}
}
