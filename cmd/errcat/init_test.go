package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/locales"
)

// The seed's own table round-trips: errcat init on testdata/error-codes.md
// gives a catalog with the table's codes and texts, in its order, English
// as its source and the fallback asked for. The texts are compared with the
// table, not with the shipped en.toml, whose English may have changed since
// (TestSeedContract, at the root, is the one test that they agree). A
// two-column table cannot know names or statuses, so those are judged by
// what init promises: each code named (derived, valid and unique, or the
// catalog would not load) and answering 500.
func TestInitReproducesTheSeed(t *testing.T) {
	shippedCat, err := catalog.Load(locales.FS, "locales")
	if err != nil {
		t.Fatal(err)
	}
	fallback, _ := shippedCat.Fallback()
	dir := filepath.Join(t.TempDir(), "locales")
	code, stdout, stderr := errcat(t, "init", "--locales", dir, "--fallback", strconv.Itoa(fallback), "../../testdata/error-codes.md")
	if code != exitOK || stderr != "" {
		t.Fatalf("init: exit %d\n%s%s", code, stdout, stderr)
	}
	c, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	seed := regexp.MustCompile(`(?m)^(\d+) \| (.*) \|\s*$`).FindAllStringSubmatch(string(readOrFatal(t, "../../testdata/error-codes.md")), -1)
	if len(seed) == 0 || len(seed) != len(c.Codes()) {
		t.Fatalf("init made %d codes of the table's %d rows", len(c.Codes()), len(seed))
	}
	for i, row := range seed {
		if code := c.Codes()[i]; strconv.Itoa(code) != row[1] || c.Message(0, code).Other() != row[2] {
			t.Errorf("code %d: %q, want the table's %s %q", code, c.Message(0, code).Other(), row[1], row[2])
		}
	}
	if got, ok := c.Fallback(); !ok || got != fallback || c.Source().ID != shippedCat.Source().ID {
		t.Errorf("fallback %d (%v), source %s", got, ok, c.Source().ID)
	}
	for _, code := range c.Codes() {
		if f, _ := c.Fact(code); f.Derived || f.Status != 500 || f.Name == "" {
			t.Errorf("code %d: %+v, want a name in codes.toml and status 500", code, f)
		}
	}
	if len(c.Warnings()) != 0 {
		t.Errorf("warnings: %v", c.Warnings())
	}
}

// With names and statuses in the table, init reproduces the shipped facts
// exactly: a CSV written from the shipped catalog gives it back.
func TestInitFromCSVReproducesTheFacts(t *testing.T) {
	shippedCat, err := catalog.Load(locales.FS, "locales")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write([]string{"code", "message", "name", "status"})
	for _, code := range shippedCat.Codes() {
		f, _ := shippedCat.Fact(code)
		w.Write([]string{strconv.Itoa(code), shippedCat.Message(0, code).Other(), f.Name, strconv.Itoa(f.Status)})
	}
	w.Flush()
	table := filepath.Join(t.TempDir(), "codes.csv")
	if err := os.WriteFile(table, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	fallback, _ := shippedCat.Fallback()
	dir := filepath.Join(t.TempDir(), "locales")
	if code, stdout, stderr := errcat(t, "init", "--locales", dir, "--fallback", strconv.Itoa(fallback), table); code != exitOK {
		t.Fatalf("init: exit %d\n%s%s", code, stdout, stderr)
	}
	c, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	sameTexts(t, c, shippedCat)
	for _, code := range shippedCat.Codes() {
		want, _ := shippedCat.Fact(code)
		if got, _ := c.Fact(code); got != want {
			t.Errorf("code %d: %+v, want %+v", code, got, want)
		}
	}
	if got, _ := c.Fallback(); got != fallback {
		t.Errorf("fallback %d, want %d", got, fallback)
	}
}

func sameTexts(t *testing.T, got, want *catalog.Catalog) {
	t.Helper()
	if !slices.Equal(got.Codes(), want.Codes()) {
		t.Fatalf("codes %v\nwant %v", got.Codes(), want.Codes())
	}
	for _, code := range want.Codes() {
		if g, w := got.Message(0, code).Other(), want.Message(0, code).Other(); g != w {
			t.Errorf("code %d: %q, want %q", code, g, w)
		}
	}
}
