package workfile

import (
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/coverage"
)

// TestUpdate adds to work files a translator has worked in: whatever they
// wrote stays, byte for byte.
func TestUpdate(t *testing.T) {
	src, diags := catalog.ParseBundle("locales/en.toml", language.English, []byte(mergeSource))
	if src == nil || len(diags) > 0 {
		t.Fatal(diags)
	}
	codes, _ := catalog.SourceCodes(src)
	ja, _ := catalog.ParseBundle("locales/ja.toml", language.Japanese, []byte("[\"1000\"]\nhash = \""+src.Lookup("1000").SourceHash()+"\"\nother = \"a\"\n"))
	cov := coverage.Compare(src, codes, ja, false)
	fresh := string(Write(src, cov)) // 2004, 2005 and 4000

	t.Run("adds the entries it lacks, between the ones it has", func(t *testing.T) {
		// The translator dropped 2005, and wrote drafts and a note.
		drafted := strings.Replace(fresh, "\n[\"2005\"]", "\n# (2005 was here)\n[\"2005\"]", 1)
		i, j := strings.Index(drafted, "[\"2005\"]"), strings.Index(drafted, "[\"4000\"]")
		drafted = drafted[:i] + drafted[j:]
		drafted = strings.Replace(drafted, "# en: User does not exist\n", "# en: User does not exist\n# 案: ユーザーが見つかりません\n", 1)
		up, err := Update(src, cov, File{Name: "locales/translate.ja.toml", Data: []byte(drafted)})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(up.Added, ",") != "2005" || len(up.Outdated) > 0 {
			t.Fatalf("added %v, outdated %v", up.Added, up.Outdated)
		}
		want := strings.Replace(fresh, "# en: User does not exist\n", "# en: User does not exist\n# 案: ユーザーが見つかりません\n", 1)
		want = strings.Replace(want, "\n[\"4000\"]", "\n# (2005 was here)\n[\"4000\"]", 1)
		if got := string(up.Work); got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("a file of a byte order mark alone gets every entry, and keeps the mark", func(t *testing.T) {
		// An editor that saves UTF-8 "with BOM" leaves one in an emptied file.
		for _, data := range []string{"\ufeff", "\ufeff\n", ""} {
			up, err := Update(src, cov, File{Name: "locales/translate.ja.toml", Data: []byte(data)})
			if err != nil {
				t.Fatalf("%q: %v", data, err)
			}
			if len(up.Added) != 3 || !strings.HasPrefix(string(up.Work), strings.TrimSuffix(data, "\n")) {
				t.Errorf("%q: added %v; work file %q", data, up.Added, up.Work)
			}
		}
	})
	t.Run("a file with every entry stays as it is", func(t *testing.T) {
		up, err := Update(src, cov, File{Name: "locales/translate.ja.toml", Data: []byte(fresh)})
		if err != nil || up.Work != nil || len(up.Added) > 0 {
			t.Fatalf("Update: %v, %q, %v", err, up.Work, up.Added)
		}
	})
	t.Run("an entry with a misspelt key is the translator's", func(t *testing.T) {
		work := strings.Replace(fresh, "[\"2004\"]\n# en: User does not exist\nhash", "[\"2004\"]\n# en: User does not exist\nohter = \"いない\"\nhash", 1)
		up, err := Update(src, cov, File{Name: "locales/translate.ja.toml", Data: []byte(work)})
		if err != nil || up.Work != nil {
			t.Fatalf("Update: %v, %q", err, up.Work)
		}
	})
	t.Run("an entry for an older English text is reported, not changed", func(t *testing.T) {
		work := strings.Replace(fresh, src.Lookup("2005").SourceHash(), "sha1-0000000000000000000000000000000000000000", 1)
		up, err := Update(src, cov, File{Name: "locales/translate.ja.toml", Data: []byte(work)})
		if err != nil || up.Work != nil || len(up.Outdated) != 1 || up.Outdated[0].ID != "2005" || up.Outdated[0].Rule != RuleOutdated {
			t.Fatalf("Update: %v, %q, %v", err, up.Work, up.Outdated)
		}
	})
	t.Run("CRLF and a BOM", func(t *testing.T) {
		i := strings.Index(fresh, "\n[\"4000\"]")
		work := "\uFEFF" + strings.ReplaceAll(fresh[:i+1], "\n", "\r\n")
		up, err := Update(src, cov, File{Name: "locales/translate.ja.toml", Data: []byte(work)})
		if err != nil {
			t.Fatal(err)
		}
		if want := "\uFEFF" + strings.ReplaceAll(fresh, "\n", "\r\n"); string(up.Work) != want {
			t.Errorf("got\n%q\nwant\n%q", up.Work, want)
		}
	})
}
