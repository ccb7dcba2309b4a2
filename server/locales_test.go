package server

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/text/language"
)

// TestEveryCLDRLocaleServes reloads, through the server, a catalog of
// English and each locale of CLDR 48's plural data (und among them) and two
// private-use tags, and asks for it over HTTP. A locale x/text has no name
// for once made a reload panic and take the service down; now each loads,
// and each is served under its own tag.
func TestEveryCLDRLocaleServes(t *testing.T) {
	raw, err := os.ReadFile("../catalog/internal/plural/testdata/cldr/plurals.json")
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
		if tag != "en" {
			tags = append(tags, tag)
		}
	}
	slices.Sort(tags)
	tags = append(tags, "x-klingon", "qaa-x-test")
	if len(tags) < 200 {
		t.Fatalf("%d locales", len(tags))
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "en.toml"), "[\"2004\"]\nother = \"User does not exist\"\n")
	srv, ts := start(t, Config{})
	served := 0
	prev := ""
	for _, tag := range tags {
		if prev != "" {
			os.Remove(filepath.Join(dir, prev+".toml"))
		}
		prev = tag
		write(t, filepath.Join(dir, tag+".toml"), "[\"2004\"]\nother = \"text of "+tag+"\"\n")
		if err := srv.Reload(dir); err != nil {
			t.Errorf("%s: %v", tag, err)
			continue
		}
		id := language.MustParse(tag).String()
		r := do(t, ts, "GET", "/v1/errors/2004?lang="+tag)
		if r.status != 200 || r.header.Get("Content-Language") != id || messageOf(r.body) != "text of "+tag {
			t.Errorf("?lang=%s: %d %s %s, want its own text in %s", tag, r.status, r.header.Get("Content-Language"), r.body, id)
			continue
		}
		if r := do(t, ts, "GET", "/v1/locales"); r.status != 200 {
			t.Errorf("%s: /v1/locales %d", tag, r.status)
		}
		served++
	}
	t.Logf("%d of %d locales loaded and served", served, len(tags))
}
