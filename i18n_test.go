package errcat_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/catalog"
)

// seedTable reads the product's error table (a copy of the seed under
// testdata/), code by code.
func seedTable(t *testing.T) ([]int, map[int]string) {
	t.Helper()
	f, err := os.Open("testdata/error-codes.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	row := regexp.MustCompile(`^(\d+) \| (.*) \|\s*$`)
	var codes []int
	texts := map[int]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := row.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		code, _ := strconv.Atoi(m[1])
		if _, dup := texts[code]; dup {
			t.Fatalf("seed lists code %d twice", code)
		}
		codes = append(codes, code)
		texts[code] = m[2]
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return codes, texts
}

// TestSeedContract is the one test that pins the shipped catalog's content:
// the codes of en.toml and their English texts are the seed table's
// (testdata/error-codes.md), code by code. Clients rely on them, so a text
// changes only on purpose, and then in the table too. Every other test
// derives what it expects from the files, or uses a catalog of its own
// under testdata/, so that a new locale or a changed English text fails
// nothing else.
func TestSeedContract(t *testing.T) {
	codes, texts := seedTable(t)
	if len(codes) == 0 {
		t.Fatal("the seed table has no rows: is it still Code | Description?")
	}
	c := errcat.Default().Catalog()
	if got := c.Codes(); len(got) != len(codes) {
		t.Errorf("en.toml has %d codes, the seed %d", len(got), len(codes))
	}
	for _, code := range codes {
		m := c.Message(0, code)
		if m == nil {
			t.Errorf("code %d of the seed is not in en.toml", code)
			continue
		}
		if m.Other() != texts[code] {
			t.Errorf("code %d: en.toml has %q, the seed %q", code, m.Other(), texts[code])
		}
	}
	for _, code := range c.Codes() {
		if _, ok := texts[code]; !ok {
			t.Errorf("code %d of en.toml is not in the seed", code)
		}
	}
}

// TestEveryLocaleHasEveryCode: the embedded catalog serves every bundle
// under locales/, and each has a text and a hash for every code. A hash
// that is not the English's is a stale translation, which errcat stale
// reports and the tests allow: the English may change before the
// translators catch up.
func TestEveryLocaleHasEveryCode(t *testing.T) {
	c := errcat.Default().Catalog()
	files, err := filepath.Glob("locales/*.toml")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, f := range files {
		if name := filepath.Base(f); name != catalog.FactsFile {
			want = append(want, strings.TrimSuffix(name, ".toml"))
		}
	}
	var got []string
	for _, l := range c.Locales() {
		got = append(got, l.ID)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("the embedded catalog serves %v, locales/ has %v", got, want)
	}
	for l, loc := range c.Locales() {
		for _, code := range c.Codes() {
			m := c.Message(l, code)
			if m == nil || strings.TrimSpace(m.Other()) == "" {
				t.Errorf("%s: code %d has no text", loc.File, code)
				continue
			}
			if l > 0 && m.Hash == "" {
				t.Errorf("%s: code %d has no hash of the English it was translated from", loc.File, code)
			}
		}
	}
}

func TestCodesAreGeneratedForEveryCatalogCode(t *testing.T) {
	for _, code := range errcat.Default().Catalog().Codes() {
		c := errcat.Code(code)
		if !c.Known() || strings.HasPrefix(c.String(), "Code(") || c.Status() < 400 {
			t.Errorf("code %d: name %s, status %d", code, c, c.Status())
		}
	}
	cases := map[errcat.Code]int{
		errcat.SystemBusy: 503, errcat.PermissionDenied: 403, errcat.UserNotFound: 404,
		errcat.NotLoggedIn: 401, errcat.RegistrationTooFrequent: 429, errcat.UserAlreadyExists: 409,
		errcat.InvalidEmailFormat: 400,
	}
	for c, status := range cases {
		if c.Status() != status {
			t.Errorf("%s: status %d, want %d", c, c.Status(), status)
		}
	}
	// An unknown code answers as the catalog's fallback code does.
	if errcat.Code(12345).Known() || errcat.Code(12345).String() != "Code(12345)" || errcat.Code(12345).Status() != errcat.SystemBusy.Status() {
		t.Error("an unknown code is not reported as such")
	}
}

func TestErrorWorksWithErrorsPackage(t *testing.T) {
	cause := errors.New("row not found")
	err := fmt.Errorf("get user: %w", errcat.Wrap(errcat.UserNotFound, cause))
	var e *errcat.Error
	if !errors.As(err, &e) || e.Code != errcat.UserNotFound {
		t.Fatalf("errors.As found %v", e)
	}
	if !errors.Is(err, errcat.UserNotFound) || errors.Is(err, errcat.UserLocked) {
		t.Fatal("errors.Is does not match the code")
	}
	if !errors.Is(err, cause) {
		t.Fatal("the cause is lost")
	}
	var code errcat.Code
	if !errors.As(fmt.Errorf("x: %w", errcat.UserLocked), &code) || code != errcat.UserLocked {
		t.Fatal("a bare Code is not found by errors.As")
	}
	if got := err.Error(); got != "get user: errcat 2004 UserNotFound: row not found" {
		t.Fatalf("Error() = %q", got)
	}
}

// TestWriteErrorOverHTTP runs a real server whose handler writes errors and
// checks what a real client receives.
func TestWriteErrorOverHTTP(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("id") {
		case "missing":
			errcat.WriteError(w, r, fmt.Errorf("lookup: %w", errcat.UserNotFound))
		case "data":
			errcat.WriteError(w, r, &errcat.Error{Code: errcat.IncompleteParameters, Data: map[string]any{"field": "email"}})
		case "saved":
			r = r.WithContext(errcat.WithLanguage(r.Context(), "ko"))
			errcat.WriteError(w, r, errcat.UserNotFound)
		case "internal":
			errcat.WriteError(w, r, errors.New("database password is hunter2"))
		case "unknown":
			errcat.WriteError(w, r, errcat.Code(9999))
		case "unencodable":
			errcat.WriteError(w, r, &errcat.Error{Code: errcat.UserNotFound, Data: func() {}})
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	// The texts are the catalog's, looked up by locale: the test is about
	// what WriteError sends, whatever the bundles say.
	text := func(code errcat.Code, locale string) string {
		c := errcat.Default().Catalog()
		return c.Message(c.LocaleIndex(locale), int(code)).Other()
	}
	envelope := func(code errcat.Code, locale, data string) string {
		msg, _ := json.Marshal(text(code, locale))
		return fmt.Sprintf(`{"message":%s,"code":%d,"data":%s}`, msg, code, data)
	}
	cases := []struct {
		path, accept string
		status       int
		lang, body   string
	}{
		{"/users/missing", "ja,en-US;q=0.9", 404, "ja", envelope(errcat.UserNotFound, "ja", "null")},
		{"/users/missing", "zh-TW,zh;q=0.9", 404, "zh-Hant", envelope(errcat.UserNotFound, "zh-Hant", "null")},
		{"/users/missing", "", 404, "en", envelope(errcat.UserNotFound, "en", "null")},
		{"/users/data", "de", 400, "de", envelope(errcat.IncompleteParameters, "de", `{"field":"email"}`)},
		{"/users/saved", "fr", 404, "ko", envelope(errcat.UserNotFound, "ko", "null")},
		{"/users/internal", "en", 503, "en", envelope(errcat.SystemBusy, "en", "null")},
		{"/users/unknown", "en", 503, "en", envelope(errcat.SystemBusy, "en", "null")},
		{"/users/unencodable", "en", 404, "en", envelope(errcat.UserNotFound, "en", "null")},
	}
	for _, tc := range cases {
		t.Run(tc.path+" "+tc.accept, func(t *testing.T) {
			req, _ := http.NewRequestWithContext(context.Background(), "GET", srv.URL+tc.path, nil)
			if tc.accept != "" {
				req.Header.Set("Accept-Language", tc.accept)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if got := strings.TrimSpace(string(body)); got != tc.body {
				t.Errorf("body %s\nwant %s", got, tc.body)
			}
			h := resp.Header
			if h.Get("Content-Type") != "application/json; charset=utf-8" || h.Get("Content-Language") != tc.lang || h.Get("Vary") != "Accept-Language" {
				t.Errorf("headers %v", h)
			}
			var env map[string]json.RawMessage
			if err := json.Unmarshal(body, &env); err != nil || len(env) != 3 {
				t.Errorf("body is not a three-key envelope: %v", err)
			}
		})
	}
}

func TestLoadFromDirectory(t *testing.T) {
	c, err := errcat.Load("testdata/templated")
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Catalog().Localizer("ja").Localize(4001, catalog.Params{Data: map[string]any{"Max": 8}})
	if err != nil || res.Text != "8文字以内で入力してください。" {
		t.Fatalf("got %+v, %v", res, err)
	}
	_, err = errcat.Load("testdata/does-not-exist")
	if err == nil {
		t.Fatal("loading a missing directory succeeded")
	}
	var le *catalog.LoadError
	if !errors.As(err, &le) {
		t.Fatalf("error %v is not a *catalog.LoadError", err)
	}
}

// LoadFS names files by their names in the file system it was given, not
// as if they were in locales/.
func TestLoadFSNamesFilesAsGiven(t *testing.T) {
	_, err := errcat.LoadFS(fstest.MapFS{
		"en.toml": {Data: []byte("[\"1\"]\nother = \"x\"\n")},
		"ja.toml": {Data: []byte("[\"1\"]\nothr = \"x\"\n")},
	})
	if err == nil || !strings.HasPrefix(err.Error(), "ja.toml:2:1: error:") {
		t.Fatalf("got %v, want the error at ja.toml:2:1", err)
	}
}
