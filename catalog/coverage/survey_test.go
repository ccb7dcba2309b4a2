package coverage

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
)

func surveyDir(t *testing.T, dir, display string, opts Options) (*Survey, error) {
	t.Helper()
	f, err := catalog.OpenFolder(os.DirFS(dir), display)
	if err != nil {
		t.Fatal(err)
	}
	return SurveyFolder(f, opts)
}

// summary keeps what a Coverage reports, for comparing surveys.
func summary(covs []Coverage) []string {
	var out []string
	for _, c := range covs {
		line := c.Locale + " " + c.File + " " + strings.Repeat("+", c.Translated)
		for _, g := range c.Missing {
			line += " missing:" + g.ID
		}
		for _, g := range c.Stale {
			line += " stale:" + g.ID + "@" + g.Message.Hash + "=" + g.Message.Other() + "/" + g.Source.Other()
		}
		for _, g := range c.Obsolete {
			line += " obsolete:" + g.ID
		}
		out = append(out, line)
	}
	return out
}

func copyLocales(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	ents, err := os.ReadDir("../../locales")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".toml") {
			continue
		}
		data, err := os.ReadFile(filepath.Join("../../locales", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestSurveyMatchesCatalogCoverage: the streaming survey reports what the
// whole catalog reports, and so does a second run from its cache, and an
// edit invalidates the cache for that file.
func TestSurveyMatchesCatalogCoverage(t *testing.T) {
	dir := copyLocales(t)
	// The edits find their place by pattern, not by the shipped texts, so
	// that the test holds whatever the bundles say.
	edit := func(name, old, new string) {
		p := filepath.Join(dir, name)
		data, _ := os.ReadFile(p)
		re := regexp.MustCompile(old)
		m := re.FindSubmatchIndex(data)
		if m == nil {
			t.Fatalf("%s lacks %q", name, old)
		}
		data = slices.Concat(data[:m[0]], re.Expand(nil, []byte(new), data, m), data[m[1]:])
		os.WriteFile(p, data, 0o644)
		// Make sure the time changes even on coarse-grained file systems.
		later := time.Now().Add(time.Duration(len(new)) * time.Second)
		os.Chtimes(p, later, later)
	}
	edit("ja.toml", `(\["2004"\]\n(?:hash = .*\n)?)other = ".*"`, "${1}other = \"\"")
	edit("de.toml", `\["2005"\]\nhash = "sha1-`, "[\"2005\"]\nhash = \"sha1-0")
	edit("fr.toml", `\["2004"\]`, "[\"9999\"]\nother = \"obsolète\"\n\n[\"2004\"]")

	want := func() []string {
		c, err := catalog.LoadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var covs []Coverage
		for l := range c.Locales() {
			covs = append(covs, Of(c, l))
		}
		return summary(covs)
	}
	cache := t.TempDir()
	survey := func() []string {
		sv, err := surveyDir(t, dir, dir, Options{WithSource: true, CacheDir: cache})
		if err != nil {
			t.Fatal(err)
		}
		return summary(sv.Coverage)
	}
	if got, w := survey(), want(); !reflect.DeepEqual(got, w) {
		t.Fatalf("survey:\n%s\ncatalog:\n%s", strings.Join(got, "\n"), strings.Join(w, "\n"))
	}
	translations := len(want()) - 1
	if n, _ := os.ReadDir(filepath.Join(cache, "survey")); len(n) != translations {
		t.Fatalf("the cache holds %d files, want one per translation, %d", len(n), translations)
	}
	ja := func(lines []string) string {
		for _, l := range lines {
			if strings.HasPrefix(l, "ja ") {
				return l
			}
		}
		t.Fatalf("no ja in %q", lines)
		return ""
	}
	if got, w := survey(), want(); !reflect.DeepEqual(got, w) || !strings.Contains(ja(got), "missing:2004") {
		t.Fatalf("from the cache:\n%s\ncatalog:\n%s", strings.Join(got, "\n"), strings.Join(w, "\n"))
	}
	edit("ja.toml", `(\["2004"\]\n(?:hash = .*\n)?)other = ""`, "${1}other = \"ユーザーなし\"")
	if got, w := survey(), want(); !reflect.DeepEqual(got, w) || strings.Contains(ja(got), "missing:2004") {
		t.Fatalf("after an edit:\n%s\ncatalog:\n%s", strings.Join(got, "\n"), strings.Join(w, "\n"))
	}
}

func TestSurveySelectsAndRefuses(t *testing.T) {
	dir := copyLocales(t)
	c, err := catalog.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	sv, err := surveyDir(t, dir, "locales", Options{Locales: []language.Tag{language.Japanese}})
	if err != nil || len(sv.Coverage) != 1 || sv.Coverage[0].Locale != "ja" || sv.Total != len(c.Codes()) {
		t.Fatalf("got %+v, %v", sv, err)
	}
	if _, err := surveyDir(t, dir, "locales", Options{Locales: []language.Tag{language.Make("qaa")}}); err == nil {
		t.Fatal("surveying a locale without a bundle succeeded")
	}
	os.WriteFile(filepath.Join(dir, "ko.toml"), []byte("[\"2004\"\n"), 0o644)
	_, err = surveyDir(t, dir, "locales", Options{})
	if err == nil || !strings.Contains(err.Error(), "locales/ko.toml:1:") {
		t.Fatalf("a broken bundle gave %v", err)
	}
}

// Stream hands over the coverages SurveyFolder returns, in the same order,
// each as it is done, with the source first when asked; a bundle that
// does not load fails it as it fails SurveyFolder.
func TestStreamGivesSurveyInOrder(t *testing.T) {
	dir := copyLocales(t)
	f, err := catalog.OpenFolder(os.DirFS(dir), "locales")
	if err != nil {
		t.Fatal(err)
	}
	for _, opts := range []Options{{}, {WithSource: true}, {Locales: []language.Tag{language.Japanese, language.German}}} {
		want, err := SurveyFolder(f, opts)
		if err != nil {
			t.Fatal(err)
		}
		var got []Coverage
		sv, err := Stream(f, opts, func(c Coverage) { got = append(got, c) })
		if err != nil || sv.Coverage != nil || sv.Total != want.Total || sv.Source != want.Source {
			t.Fatalf("%+v: Stream gave %+v, %v", opts, sv, err)
		}
		if !reflect.DeepEqual(summary(got), summary(want.Coverage)) || len(got) < 2 && opts.Locales == nil {
			t.Errorf("%+v: Stream gave\n%q\nSurveyFolder\n%q", opts, summary(got), summary(want.Coverage))
		}
	}
	os.WriteFile(filepath.Join(dir, "ko.toml"), []byte("[\"2004\"\n"), 0o644)
	f, _ = catalog.OpenFolder(os.DirFS(dir), "locales")
	if _, err := Stream(f, Options{}, func(Coverage) {}); err == nil || !strings.Contains(err.Error(), "locales/ko.toml:1:") {
		t.Fatalf("a broken bundle gave %v", err)
	}
}

// TestStreamKeepsNothingOfItsBuffers surveys more bundles than there are
// workers, each read into a buffer that later bundles reuse, some by the
// lexer and some by the loader (a multi-line string), and checks, once
// the survey is over, every gap the caller kept against Compare on a
// fresh load: a gap holding a piece of a reused buffer would now read
// another bundle's bytes.
func TestStreamKeepsNothingOfItsBuffers(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) { writeFile(t, dir, name, text) }
	write("en.toml", "[\"1\"]\nother = \"One\"\n\n[\"2\"]\ndescription = \"Max is a length.\"\nother = \"At most {{.Max}}\"\n\n[\"3\"]\nother = \"Three\"\n")
	locales := []string{"de", "fr", "ja", "ko", "it", "es", "pt", "nl", "pl", "sv", "da", "fi"}
	for i, l := range locales {
		text := fmt.Sprintf("[\"1\"]\nhash = \"sha1-%040d\"\nother = \"stale %s %d\"\n\n", i, l, i)
		if i%3 == 0 { // read by the loader
			text += fmt.Sprintf("[\"2\"]\nother = \"\"\"\n%s {{.Max}} multi-line\"\"\"\n\n", l)
		} else {
			text += fmt.Sprintf("[\"2\"]\ndescription = \"%s's description\"\nother = \"\"\n\n", l)
		}
		text += fmt.Sprintf("[\"99\"]\ndescription = \"obsolete %s\"\nother = \"obsolete %s text\"\n", l, l)
		write(l+".toml", text)
	}
	f, err := catalog.OpenFolder(os.DirFS(dir), "locales")
	if err != nil {
		t.Fatal(err)
	}
	var got []Coverage
	if _, err := Stream(f, Options{}, func(c Coverage) { got = append(got, c) }); err != nil {
		t.Fatal(err)
	}
	src, _ := f.Read(f.Source)
	codes, _ := catalog.SourceCodes(src)
	if len(got) != len(locales) {
		t.Fatalf("%d coverages, want %d", len(got), len(locales))
	}
	show := func(c Coverage) string {
		var b strings.Builder
		for _, gaps := range [][]Gap{c.Missing, c.Stale, c.Obsolete} {
			for _, g := range gaps {
				fmt.Fprintf(&b, "%s %d;", g.ID, g.Code)
				if g.Message != nil {
					fmt.Fprintf(&b, " %q %q %q %v;", g.Message.ID, g.Message.Description, g.Message.Hash, g.Message.Text)
				}
			}
			b.WriteString("|")
		}
		return fmt.Sprintf("%s %d/%d %s", c.Locale, c.Translated, c.Total, b.String())
	}
	for _, c := range got {
		b, _ := f.Read(catalog.BundleFile{Name: c.Locale + ".toml", File: c.File, Tag: c.Tag})
		want := Compare(src, codes, b, false)
		if show(c) != show(want) {
			t.Errorf("after the survey, %s reads\n%s\nwant\n%s", c.Locale, show(c), show(want))
		}
	}
}
