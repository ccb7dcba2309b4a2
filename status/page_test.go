package status_test

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/errcat/errcat/catalog"
)

// synthetic returns a catalog of codes codes, 1 to codes, in locales
// locales (English, the source, among them), each translation complete.
func synthetic(t testing.TB, codes, locales int) *catalog.Catalog {
	t.Helper()
	tags := []string{"en", "de", "es", "fr", "ja", "ko", "pt-BR", "ru", "zh-Hans", "zh-Hant", "it", "nl"}[:locales]
	fsys := fstest.MapFS{}
	for _, tag := range tags {
		var b strings.Builder
		for code := 1; code <= codes; code++ {
			fmt.Fprintf(&b, "[\"%d\"]\nother = \"%s text of error %d\"\n", code, tag, code)
		}
		fsys[tag+".toml"] = &fstest.MapFile{Data: []byte(b.String())}
	}
	c, err := catalog.Load(fsys, "synthetic")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func serveCatalog(t testing.TB, c *catalog.Catalog) *httptest.Server {
	ts := httptest.NewServer(newServer(c))
	t.Cleanup(ts.Close)
	return ts
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The grid shows a hundred codes a page, with links to the neighbouring
// pages that keep the filter; the count is of every page's codes.
func TestPagination(t *testing.T) {
	ts := serveCatalog(t, synthetic(t, 250, 3))
	for _, tc := range []struct {
		query       string
		first, last int
		prev, next  string
		says        string
	}{
		{"", 1, 100, "", "./?page=2#codes", "Showing <strong>250</strong> of 250 codes. Page 1 of 3: codes 1–100."},
		{"page=2", 101, 200, "./?#codes", "./?page=3#codes", "Page 2 of 3: codes 101–200."},
		{"page=3", 201, 250, "./?page=2#codes", "", "Page 3 of 3: codes 201–250."},
		{"page=99", 201, 250, "./?page=2#codes", "", "Page 3 of 3"},
		{"page=abc", 1, 100, "", "./?page=2#codes", "Page 1 of 3"},
		{"page=-1", 1, 100, "", "./?page=2#codes", "Page 1 of 3"},
		{"locale=de&page=2", 101, 200, "./?locale=de#codes", "./?locale=de&amp;page=3#codes", "Page 2 of 3"},
		{"q=error+1&page=2", 189, 199, "./?q=error&#43;1#codes", "", "Page 2 of 2"},
	} {
		t.Run(tc.query, func(t *testing.T) {
			r := get(t, ts.URL+"/?"+tc.query)
			if r.status != http.StatusOK {
				t.Fatalf("status %d", r.status)
			}
			codes, _ := grid(r.body)
			if len(codes) == 0 || atoi(t, codes[0]) != tc.first || atoi(t, codes[len(codes)-1]) != tc.last || len(codes) > 100 {
				t.Errorf("rows %v…%v (%d), want %d to %d", codes[0], codes[len(codes)-1], len(codes), tc.first, tc.last)
			}
			for _, link := range []struct{ id, href string }{{"page-prev", tc.prev}, {"page-next", tc.next}} {
				has := strings.Contains(r.body, `id="`+link.id+`"`)
				if want := `id="` + link.id + `" rel="` + strings.TrimPrefix(link.id, "page-") + `" href="` + link.href + `"`; link.href != "" && !strings.Contains(r.body, want) {
					t.Errorf("no %s", want)
				} else if link.href == "" && has {
					t.Errorf("a %s link on the page", link.id)
				}
			}
			if !strings.Contains(r.body, tc.says) {
				t.Errorf("the page does not say %q", tc.says)
			}
		})
	}
}

// A catalog of 20,000 codes in 10 locales: the first page, any page and a
// code's page are each a few hundred kilobytes at most, not the whole
// catalog. (The time they take, beside GET /v1/errors's, is
// BenchmarkLargeCatalog's.)
func TestLargeCatalogPagesAreBounded(t *testing.T) {
	ts := serveCatalog(t, synthetic(t, 20_000, 10))
	for _, tc := range []struct{ path, first string }{
		{"/", "1"}, {"/?page=200", "19901"}, {"/?locale=ja&page=57", "5601"},
		{"/?state=missing", ""}, {"/?state=problems", ""}, {"/codes/20000", ""},
	} {
		r := get(t, ts.URL+tc.path)
		if r.status != http.StatusOK || len(r.body) > 1<<20 {
			t.Errorf("GET %s: %d, %d bytes; want 200 and under 1 MB", tc.path, r.status, len(r.body))
		}
		codes, _ := grid(r.body)
		if tc.first != "" && (len(codes) != 100 || codes[0] != tc.first) {
			t.Errorf("GET %s: %d rows from %v, want 100 from %s", tc.path, len(codes), codes[:min(1, len(codes))], tc.first)
		}
		t.Logf("GET %s: %d KB", tc.path, len(r.body)>>10)
	}
}

// Default-ignorable code points (a soft hyphen, zero-width spaces and
// joiners, a byte order mark, variation selectors, Hangul fillers) are
// folded away from the query and from the texts: they are invisible, and a
// text that holds one matches the word a translator types, and the other
// way round. x/text's collation ignores only some of them.
func TestSearchIgnoresDefaultIgnorables(t *testing.T) {
	dir := copyDir(t, os.DirFS(fixture))
	p := filepath.Join(dir, "de.toml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	const plain = `other = "Benutzer wurde gesperrt"`
	if !strings.Contains(string(b), plain) {
		t.Fatal("bad test: the fixture's de.toml has changed")
	}
	// U+180E and U+3164 are default-ignorable, and x/text's collation does
	// not ignore them.
	os.WriteFile(p, []byte(strings.Replace(string(b), plain, "other = \"Benut\u180Ezer wurde ge\u3164sperrt\"", 1)), 0o644)
	_, ts := startServer(t, dir)
	for _, tc := range []struct {
		name, q string
		codes   []string
		mark    string
	}{
		{"a soft hyphen in the query", "Us\u00ADer", []string{"2004", "2005"}, "<mark>User</mark>"},
		{"a zero-width space in the query", "Us\u200Ber", []string{"2004", "2005"}, "<mark>User</mark>"},
		{"a joiner and a BOM", "\uFEFFUs\u200Der", []string{"2004", "2005"}, "<mark>User</mark>"},
		{"a variation selector", "Use\uFE0Fr", []string{"2004", "2005"}, "<mark>User</mark>"},
		{"in a code", "20\u200B04", []string{"2004"}, "<mark>2004</mark>"},
		{"ignorables in the text", "Benutzer wurde gesperrt", []string{"2005"}, "<mark>Benut\u180Ezer wurde ge\u3164sperrt</mark>"},
		{"ignorables in both", "Benut\u200Bzer", []string{"2004", "2005"}, "<mark>Benut\u180Ezer</mark>"},
		{"a query of ignorables only is no search", "\u00AD\u200B", []string{"1000", "2004", "2005", "3001", "4000", "5000"}, "Showing <strong>6</strong> of 6 codes."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := get(t, ts.URL+"/?q="+url.QueryEscape(tc.q))
			codes, _ := grid(r.body)
			if !slices.Equal(codes, tc.codes) {
				t.Errorf("q=%q: rows %v, want %v", tc.q, codes, tc.codes)
			}
			if !strings.Contains(r.body, tc.mark) {
				t.Errorf("q=%q: the page does not show %q", tc.q, tc.mark)
			}
		})
	}
}

// BenchmarkLargeCatalog is the status page beside the API on one catalog of
// 20,000 codes in 10 locales, the model already built: the page's first
// screen costs what a page of codes costs, the order of GET /v1/errors.
func BenchmarkLargeCatalog(b *testing.B) {
	c := synthetic(b, 20_000, 10)
	srv := newServer(c)
	get := func(path string) {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 {
			b.Fatal(path, rec.Code)
		}
	}
	get("/?state=problems") // builds the model and waits for lint
	for _, path := range []string{"/v1/errors", "/", "/?page=150", "/?locale=ja&state=missing", "/codes/12345", "/?q=error+12345"} {
		b.Run("path="+path, func(b *testing.B) {
			for b.Loop() {
				get(path)
			}
		})
	}
	b.Run("first request of a new catalog", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			srv.SetCatalog(synthetic(b, 20_000, 10))
			b.StartTimer()
			get("/")
		}
	})
}

// The code page's envelopes are the API's, byte for byte, for a templated
// message too: the API has no template data, and both render the field
// as nothing, by the catalog's one rule.
func TestCodePageEnvelopeOfATemplate(t *testing.T) {
	_, ts := startServer(t, "../testdata/templated")
	r := get(t, ts.URL+"/codes/4001")
	cards := envelopeRE.FindAllStringSubmatch(r.body, -1)
	if r.status != http.StatusOK || len(cards) == 0 {
		t.Fatalf("GET /codes/4001: %d, %d cards", r.status, len(cards))
	}
	for _, m := range cards {
		loc, body := m[1], html.UnescapeString(m[4])
		api := get(t, ts.URL+"/v1/errors/4001?lang="+loc)
		if body != api.body || strings.Contains(body, "{{") || strings.Contains(body, "no value") {
			t.Errorf("%s: the page shows\n%s\nthe API answers\n%s", loc, body, api.body)
		}
	}
	if !strings.Contains(r.body, `{&#34;message&#34;:&#34;Must be at most  characters&#34;`) {
		t.Errorf("the English envelope is not the rendered text:\n%s", r.body)
	}
}
