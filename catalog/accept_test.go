package catalog_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/server"
)

// acceptLocales is the catalog the Accept-Language table runs against: a
// spread of languages, regions and scripts that is not the shipped set.
// Every locale has code 1000; only the source and ja have code 2000, so
// that a later choice and the source fallback show in the report.
var acceptLocales = []string{"en", "de", "fr", "ja", "ko", "pt-BR", "ru", "zh-Hans", "zh-Hant"}

func acceptCatalogDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for _, loc := range acceptLocales {
		body := fmt.Sprintf("[\"1000\"]\nother = \"1000 in %s\"\n", loc)
		if loc == "en" || loc == "ja" {
			body += fmt.Sprintf("\n[\"2000\"]\nother = \"2000 in %s\"\n", loc)
		}
		if err := os.WriteFile(filepath.Join(dir, loc+".toml"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Kinds of case in acceptCases.
const (
	kindPeer     = "peer suite" // a case from another library's published tests
	kindQZero    = "q=0 beside a named range"
	kindUnknown  = "unknown subtags"       // RFC 4647 §3.4 lookup truncation
	kindMacro    = "macrolanguage/extlang" // cmn, zh-cmn-Hans
	kindRepeated = "repeated field lines"  // RFC 9110 §5.3
)

// acceptCases are Accept-Language requests and the locale and fallback
// each must get. lines are the header's field lines as sent; nil sends no
// header. Where a case comes from a peer's suite or a reference, the
// comment says which.
var acceptCases = []struct {
	kind, name string
	lines      []string
	code       int
	want       string
	fallback   catalog.Fallback
}{
	// jshttp/negotiator test/language.js, "when Accept-Language: en;q=0.8, es".
	{kindPeer, "a higher q wins", []string{"ja;q=0.8, ko"}, 1000, "ko", catalog.FirstChoice},
	// negotiator, "when Accept-Language: *, en;q=0": "should exclude en"
	// (it returns es from [es, en]; here the wildcard takes the first
	// shipped locale that is not excluded).
	{kindPeer, "wildcard skips an excluded language", []string{"*, en;q=0"}, 1000, "de", catalog.FirstChoice},
	// negotiator, "en;q=0.9, es;q=0.8, en;q=0.7": "should use highest
	// perferred order on duplicate".
	{kindPeer, "a duplicate range keeps its highest q", []string{"ja;q=0.9, ko;q=0.8, ja;q=0.7"}, 1000, "ja", catalog.FirstChoice},
	// negotiator, "nl;q=0.5, fr, de, en, it, es, pt, no, se, fi, ro".
	{kindPeer, "an unshipped language with a low q", []string{"nl;q=0.5, fr, de"}, 1000, "fr", catalog.FirstChoice},
	// werkzeug tests/test_datastructures.py TestLanguageAccept
	// test_best_match_fallback: [("de_AT", 1), ("de", 0.9), ("en-US", 0.8)]
	// over ["de", "en"] gives "de".
	{kindPeer, "a region falls to its language", []string{"de-AT, de;q=0.9, en-US;q=0.8"}, 1000, "de", catalog.FirstChoice},
	// werkzeug, [("de_AT", 0.9), ("en-US", 1)] over ["en"] gives "en".
	{kindPeer, "the higher q's region falls to its language", []string{"de-AT;q=0.9, en-US"}, 1000, "en", catalog.FirstChoice},
	// werkzeug, [("en-GB", 1)] over ["en-US", "en"] gives "en".
	{kindPeer, "en-GB gets en", []string{"en-GB"}, 1000, "en", catalog.FirstChoice},

	// Issue 13: errcat gave English, reported as first choice. RFC 4647
	// §3.3.1: the range "pt-PT" does not match the tag pt-BR, so its q=0
	// does not touch pt-BR; negotiator's specify() agrees (no match).
	{kindQZero, "pt-PT;q=0 leaves pt-BR", []string{"pt-PT;q=0, pt-BR"}, 1000, "pt-BR", catalog.FirstChoice},
	{kindQZero, "de-AT;q=0 leaves de", []string{"de-AT;q=0, de"}, 1000, "de", catalog.FirstChoice},
	{kindQZero, "de-DE;q=0 leaves de", []string{"de-DE;q=0, de"}, 1000, "de", catalog.FirstChoice},
	{kindQZero, "the report says a later choice", []string{"pt-PT;q=0, pt-BR, ja"}, 2000, "ja", catalog.LaterChoice},
	{kindQZero, "the report says the source", []string{"pt-PT;q=0, pt-BR"}, 2000, "en", catalog.SourceFallback},
	// RFC 2616 §14.4: a tag's quality is that of the longest range that
	// matches it (negotiator sorts by the same specificity).
	{kindQZero, "a longer acceptable range beats pt;q=0", []string{"pt;q=0, pt-BR"}, 1000, "pt-BR", catalog.FirstChoice},
	{kindQZero, "zh-TW, exactly zh-Hant, beats zh;q=0", []string{"zh;q=0, zh-TW"}, 1000, "zh-Hant", catalog.FirstChoice},
	{kindQZero, "cmn-Hans-CN, exactly zh-Hans, beats zh;q=0", []string{"zh;q=0, cmn-Hans-CN"}, 1000, "zh-Hans", catalog.FirstChoice},
	{kindQZero, "a near match does not undo an exclusion", []string{"zh;q=0, zh-HK"}, 1000, "en", catalog.FirstChoice},
	{kindQZero, "pt-BR;q=0 holds against pt-PT", []string{"pt-BR;q=0, pt-PT"}, 1000, "en", catalog.FirstChoice},
	{kindQZero, "an excluded lookup match gives way to a filtering match", []string{"zh-Hans;q=0, zh"}, 1000, "zh-Hant", catalog.FirstChoice},
	{kindQZero, "a tie keeps the exclusion", []string{"ja, ja;q=0"}, 1000, "en", catalog.FirstChoice},
	{kindQZero, "q=0 on an unknown variant excludes nothing", []string{"de-foobar;q=0, de"}, 1000, "de", catalog.FirstChoice},
	{kindQZero, "q=0 on a language covers its regions", []string{"pt;q=0, pt-PT, ko;q=0.5"}, 1000, "ko", catalog.FirstChoice},

	// Issue 13: errcat dropped the range. RFC 4647 §3.4 lookup truncates
	// "de-DE-foobar" to "de-DE", which x/text matches to de.
	{kindUnknown, "an unregistered variant truncates", []string{"de-DE-foobar"}, 1000, "de", catalog.FirstChoice},
	{kindUnknown, "a truncated range keeps its place", []string{"de-DE-foobar, en"}, 1000, "de", catalog.FirstChoice},
	{kindUnknown, "truncation drops every subtag after the unknown one", []string{"de-DE-foobar-1996"}, 1000, "de", catalog.FirstChoice},
	{kindUnknown, "a range x/text cannot match truncates", []string{"ja-Latn, ko;q=0.5"}, 1000, "ja", catalog.FirstChoice},
	{kindUnknown, "a lower q range truncates too", []string{"fr-CA-foobar;q=0.5, ko;q=0.4"}, 1000, "fr", catalog.FirstChoice},
	{kindUnknown, "an unknown language truncates to nothing", []string{"xyz-DE, ko;q=0.5"}, 1000, "ko", catalog.FirstChoice},
	{kindUnknown, "an ill-formed range is skipped", []string{"de-DE-toolongsubtag, ko;q=0.5"}, 1000, "ko", catalog.FirstChoice},

	// Issue 13: x/text matches cmn to zh-Hans exactly, but errcat ranked
	// it as a cross-language guess, after English.
	{kindMacro, "cmn is Chinese", []string{"cmn"}, 1000, "zh-Hans", catalog.FirstChoice},
	{kindMacro, "cmn-Hans-CN comes before en", []string{"cmn-Hans-CN, en"}, 1000, "zh-Hans", catalog.FirstChoice},
	{kindMacro, "cmn-Hant-TW is Traditional Chinese", []string{"cmn-Hant-TW, en"}, 1000, "zh-Hant", catalog.FirstChoice},
	{kindMacro, "the extlang form zh-cmn-Hans", []string{"zh-cmn-Hans, en"}, 1000, "zh-Hans", catalog.FirstChoice},
	{kindMacro, "cmn;q=0 excludes Chinese", []string{"cmn;q=0, zh, ko;q=0.5"}, 1000, "ko", catalog.FirstChoice},

	// RFC 9110 §5.3: repeated field lines are one comma-separated list.
	{kindRepeated, "the second line counts", []string{"ja;q=0.5", "ko"}, 1000, "ko", catalog.FirstChoice},
	{kindRepeated, "q=0 on one line, the named range on another", []string{"pt-PT;q=0", "pt-BR"}, 1000, "pt-BR", catalog.FirstChoice},
	{kindRepeated, "an exclusion on a later line", []string{"de, fr;q=0.5", "de;q=0"}, 1000, "fr", catalog.FirstChoice},
	{kindRepeated, "an empty first line", []string{"", "ja"}, 1000, "ja", catalog.FirstChoice},
	{kindRepeated, "no header at all", nil, 1000, "en", catalog.FirstChoice},
}

// TestAcceptLanguage runs acceptCases through the catalog, through errcat
// serve's handler and through the library's WriteError, each over a real
// HTTP server that receives the field lines as the client sent them.
func TestAcceptLanguage(t *testing.T) {
	dir := acceptCatalogDir(t)
	c, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := errcat.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	api := httptest.NewServer(server.New(server.Config{Catalog: c}))
	defer api.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{code}", func(w http.ResponseWriter, r *http.Request) {
		code, _ := catalog.ParseCode(r.PathValue("code"))
		lib.WriteError(w, r, errcat.Code(code))
	})
	app := httptest.NewServer(mux)
	defer app.Close()

	for _, tc := range acceptCases {
		t.Run(tc.kind+"/"+tc.name, func(t *testing.T) {
			h := http.Header{}
			for _, l := range tc.lines {
				h.Add("Accept-Language", l)
			}
			res, err := c.Localizer("", catalog.AcceptLanguage(h)).Localize(tc.code, catalog.Params{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Locale != tc.want || res.Fallback != tc.fallback {
				t.Errorf("catalog: %q gives %s (%v), want %s (%v)", tc.lines, res.Locale, res.Fallback, tc.want, tc.fallback)
			}
			if want := fmt.Sprintf("%d in %s", tc.code, tc.want); res.Text != want {
				t.Errorf("catalog: text %q, want %q", res.Text, want)
			}
			for _, srv := range []struct{ name, url string }{
				{"errcat serve", api.URL + "/v1/errors/" + fmt.Sprint(tc.code)},
				{"WriteError", app.URL + "/" + fmt.Sprint(tc.code)},
			} {
				req, err := http.NewRequest(http.MethodGet, srv.url, nil)
				if err != nil {
					t.Fatal(err)
				}
				// Each value goes on its own field line.
				req.Header = h.Clone()
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if got := resp.Header.Get("Content-Language"); got != tc.want {
					t.Errorf("%s: %q gives Content-Language %s, want %s", srv.name, tc.lines, got, tc.want)
				}
			}
		})
	}
}

// TestAcceptLanguageLinesReachTheServer checks what the table relies on:
// that the client sends two values as two field lines, and what the
// combined value then is.
func TestAcceptLanguageLinesReachTheServer(t *testing.T) {
	var got []string
	var combined string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Values("Accept-Language")
		combined = catalog.AcceptLanguage(r.Header)
	}))
	defer srv.Close()
	req, err := http.NewRequest(http.MethodGet, srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Add("Accept-Language", "pt-PT;q=0")
	req.Header.Add("Accept-Language", "pt-BR, en;q=0.5")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(got) != 2 || combined != "pt-PT;q=0, pt-BR, en;q=0.5" {
		t.Fatalf("server saw lines %q, combined %q", got, combined)
	}
}

func TestAcceptLanguageBounds(t *testing.T) {
	one := http.Header{"Accept-Language": {"ja, en;q=0.5"}}
	if allocs := testing.AllocsPerRun(100, func() { catalog.AcceptLanguage(one) }); allocs != 0 {
		t.Errorf("one field line costs %v allocations, want 0", allocs)
	}
	if got := catalog.AcceptLanguage(one); got != "ja, en;q=0.5" {
		t.Errorf("one line: %q", got)
	}
	if got := catalog.AcceptLanguage(http.Header{}); got != "" {
		t.Errorf("no header: %q", got)
	}
	half := strings.Repeat("a", catalog.MaxHeader/2)
	if got := catalog.AcceptLanguage(http.Header{"Accept-Language": {half, half}}); got != "" {
		t.Errorf("two lines over MaxHeader together give %d bytes, want none", len(got))
	}
}

// TestMatchingBesideGoI18n runs go-i18n v2's Localizer on the same bundles
// and headers, to hold docs/REFERENCES.md's account of where errcat differs
// from it on purpose, and where the two agree.
func TestMatchingBesideGoI18n(t *testing.T) {
	dir := acceptCatalogDir(t)
	c, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, loc := range acceptLocales {
		if _, err := bundle.LoadMessageFile(filepath.Join(dir, loc+".toml")); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name, header  string
		code          int
		errcat, goi18 string
	}{
		{"both: pt-PT;q=0 leaves pt-BR", "pt-PT;q=0, pt-BR", 1000, "pt-BR", "pt-BR"},
		{"both: cmn-Hans-CN is zh-Hans", "cmn-Hans-CN, en", 1000, "zh-Hans", "zh-Hans"},
		// x/text's ParseAcceptLanguage, which go-i18n uses, fails on the
		// whole value for one unknown subtag; errcat truncates the range.
		{"an unknown variant costs go-i18n the header", "de-DE-foobar, fr", 1000, "de", "en"},
		// go-i18n matches once and falls back to its default language;
		// errcat goes down the caller's list, message by message.
		{"a message missing from the first choice", "ko, ja", 2000, "ja", "en"},
		// go-i18n drops q=0 ranges, so they exclude nothing.
		{"q=0 on a language another range leads to", "zh;q=0, zh-HK", 1000, "en", "zh-Hant"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := c.Localizer("", tc.header).Localize(tc.code, catalog.Params{})
			if err != nil {
				t.Fatal(err)
			}
			_, tag, err := i18n.NewLocalizer(bundle, tc.header).LocalizeWithTag(&i18n.LocalizeConfig{MessageID: fmt.Sprint(tc.code)})
			var nf *i18n.MessageNotFoundErr
			if err != nil && !errors.As(err, &nf) {
				t.Fatal(err)
			}
			if res.Locale != tc.errcat || tag.String() != tc.goi18 {
				t.Errorf("%q: errcat gives %s, go-i18n %s; want %s and %s", tc.header, res.Locale, tag, tc.errcat, tc.goi18)
			}
		})
	}
}
