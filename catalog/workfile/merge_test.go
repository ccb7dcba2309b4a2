package workfile

import (
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/internal/tomlfile"
)

const mergeSource = `["1000"]
other = "The system is busy"

["2004"]
other = "User does not exist"

["2005"]
other = "User has been locked"

["4000"]
one = "{{.PluralCount}} file is too large"
other = "{{.PluralCount}} files are too large"
`

func TestMerge(t *testing.T) {
	tests := []struct {
		name   string
		tag    string
		bundle string
		work   string
		want   string // the merged bundle; "" when nothing merges
		err    string // a part of the refusal, when merge refuses
	}{{
		name:   "updates in place, keeping the key's spelling and a trailing comment",
		bundle: "[\"2004\"]\nHash = \"sha1-old\"\nOther = 'old'  # checked\n",
		work:   "[\"2004\"]\nhash = \"sha1-new\"\nother = \"新しい\"\n",
		want:   "[\"2004\"]\nHash = \"sha1-new\"\nOther = \"新しい\"  # checked\n",
	}, {
		name:   "adds a hash above the text of an entry without one",
		bundle: "[\"2004\"]\ndescription = \"kept\"\nother = \"\"\n",
		work:   "[\"2004\"]\nhash = \"sha1-new\"\nother = \"new\"\n",
		want:   "[\"2004\"]\ndescription = \"kept\"\nhash = \"sha1-new\"\nother = \"new\"\n",
	}, {
		name:   "inserts before the comments that introduce the next entry",
		bundle: "[\"1000\"]\nother = \"a\"\n\n# Users\n# (section)\n[\"2005\"]\nother = \"c\"\n",
		work:   "[\"2004\"]\n# en: User does not exist\nhash = \"sha1-h\"\nother = \"b\"\n",
		want:   "[\"1000\"]\nother = \"a\"\n\n[\"2004\"]\nhash = \"sha1-h\"\nother = \"b\"\n\n# Users\n# (section)\n[\"2005\"]\nother = \"c\"\n",
	}, {
		name:   "inserts before the first entry, below the file's header",
		bundle: "# Header\n# more header\n[\"2004\"]\nother = \"b\"\n",
		work:   "[\"1000\"]\nhash = \"sha1-h\"\nother = \"a\"\n",
		want:   "# Header\n# more header\n[\"1000\"]\nhash = \"sha1-h\"\nother = \"a\"\n\n[\"2004\"]\nother = \"b\"\n",
	}, {
		name:   "appends to a file without a final line end",
		bundle: "[\"1000\"]\nother = \"a\"",
		work:   "[\"2004\"]\nhash = \"sha1-h\"\nother = \"b\"\n",
		want:   "[\"1000\"]\nother = \"a\"\n\n[\"2004\"]\nhash = \"sha1-h\"\nother = \"b\"\n",
	}, {
		name:   "keeps a missing final line end when editing in place",
		bundle: "[\"1000\"]\nother = \"\"",
		work:   "[\"1000\"]\nhash = \"sha1-h\"\nother = \"A\"\n",
		want:   "[\"1000\"]\nhash = \"sha1-h\"\nother = \"A\"",
	}, {
		name:   "keeps CRLF line ends",
		bundle: "# Header\r\n\r\n[\"1000\"]\r\nother = \"a\"\r\n",
		work:   "[\"2004\"]\nhash = \"sha1-h\"\nother = \"b\"\n",
		want:   "# Header\r\n\r\n[\"1000\"]\r\nother = \"a\"\r\n\r\n[\"2004\"]\r\nhash = \"sha1-h\"\r\nother = \"b\"\r\n",
	}, {
		name:   "inserts missing plural forms in CLDR order",
		tag:    "ru",
		bundle: "[\"4000\"]\nhash = \"sha1-old\"\none = \"1\"\nother = \"o\"\n",
		work:   "[\"4000\"]\nhash = \"sha1-h\"\nfew = \"f\"\nmany = \"m\"\n",
		want:   "[\"4000\"]\nhash = \"sha1-h\"\none = \"1\"\nfew = \"f\"\nmany = \"m\"\nother = \"o\"\n",
	}, {
		name:   "escapes what TOML needs escaped, and nothing else",
		bundle: "",
		work:   "[\"2004\"]\nhash = \"sha1-h\"\nother = \"a \\\"b\\\" \\\\ c\\td\\u0007 é\"\n",
		want:   "[\"2004\"]\nhash = \"sha1-h\"\nother = \"a \\\"b\\\" \\\\ c\\td\\u0007 é\"\n",
	}, {
		name:   "keeps an entry that got a current translation meanwhile",
		bundle: "[\"2004\"]\nother = \"someone else's\"\n",
		work:   "[\"2004\"]\nhash = \"sha1-h\"\nother = \"mine\"\n",
		want:   "",
	}, {
		name:   "refuses a top-level key",
		bundle: "\"1000\" = \"a\"\n",
		work:   "[\"2004\"]\nhash = \"sha1-h\"\nother = \"b\"\n",
		err:    "line 1: code 1000 is a top-level key",
	}, {
		name:   "refuses a multi-line string",
		bundle: "[\"1000\"]\nother = \"\"\"\na\"\"\"\n",
		work:   "[\"2004\"]\nhash = \"sha1-h\"\nother = \"b\"\n",
		err:    "line 2: a multi-line string",
	}, {
		name:   "refuses an inline table",
		bundle: "[\"1000\"]\nother = \"a\"\n[\"2005\"]\nx = { other = \"a\" }\n",
		work:   "[\"2004\"]\nhash = \"sha1-h\"\nother = \"b\"\n",
		err:    "line 4: a value that is not a one-line string",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tag := language.Japanese
			if tt.tag != "" {
				tag = language.MustParse(tt.tag)
			}
			src, diags := catalog.ParseBundle("locales/en.toml", language.English, []byte(mergeSource))
			if src == nil || len(diags) > 0 {
				t.Fatal(diags)
			}
			res, err := Merge(Input{Source: src, Locale: tag,
				Bundle: File{Name: "locales/x.toml", Data: []byte(tt.bundle)},
				Work:   File{Name: "locales/translate.x.toml", Data: []byte(tt.work)}})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Merge: error %v, want one saying %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Merge: %v", err)
			}
			if got := string(res.Bundle); got != tt.want {
				t.Errorf("bundle:\n%s\nwant:\n%s", got, tt.want)
			}
			if tt.want == "" {
				if res.Work == nil || len(res.Kept) != 1 || res.Kept[0].Rule != RuleConflict {
					t.Errorf("work file %q kept %v, want the whole file kept for a conflict", res.Work, res.Kept)
				}
				return
			}
			if res.Work != nil || len(res.Kept) > 0 {
				t.Errorf("work file kept %v", res.Kept)
			}
		})
	}
}

// merge runs Merge on bundle and work against mergeSource.
func merge(t *testing.T, bundle, work string) *Result {
	t.Helper()
	src, diags := catalog.ParseBundle("locales/en.toml", language.English, []byte(mergeSource))
	if src == nil || len(diags) > 0 {
		t.Fatal(diags)
	}
	res, err := Merge(Input{Source: src, Locale: language.Japanese,
		Bundle: File{Name: "locales/ja.toml", Data: []byte(bundle)},
		Work:   File{Name: "locales/translate.ja.toml", Data: []byte(work)}})
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	return res
}

// TestMergeKeepsWhatPeopleWrote merges work files and bundles with the
// things people put in them: comments around the entries, a line end of
// another editor, a byte order mark.
func TestMergeKeepsWhatPeopleWrote(t *testing.T) {
	const bom = "\uFEFF"
	t.Run("a partial merge keeps the comments between entries", func(t *testing.T) {
		work := "# header\n\n[\"2004\"]\n# en: User does not exist\nhash = \"sha1-h\"\nother = \"いない\"\n" +
			"# note: ユーザー or アカウント? ask Aiko\n\n# draft for 2005: ロック済み\n[\"2005\"]\n# en: User has been locked\nhash = \"sha1-h\"\nother = \"\"\n"
		res := merge(t, "", work)
		want := "# header\n\n# note: ユーザー or アカウント? ask Aiko\n\n# draft for 2005: ロック済み\n[\"2005\"]\n# en: User has been locked\nhash = \"sha1-h\"\nother = \"\"\n"
		if got := string(res.Work); got != want {
			t.Errorf("work file:\n%s\nwant:\n%s", got, want)
		}
	})
	t.Run("one CRLF line in an LF bundle changes no other line", func(t *testing.T) {
		bundle := "# header\n\n[\"1000\"]\nhash = \"sha1-a\"\r\nother = \"a\"\n\n[\"2005\"]\nhash = \"sha1-c\"\nother = \"c\"\n"
		res := merge(t, bundle, "[\"2004\"]\nhash = \"sha1-h\"\nother = \"b\"\n")
		want := "# header\n\n[\"1000\"]\nhash = \"sha1-a\"\r\nother = \"a\"\n\n[\"2004\"]\nhash = \"sha1-h\"\nother = \"b\"\n\n[\"2005\"]\nhash = \"sha1-c\"\nother = \"c\"\n"
		if got := string(res.Bundle); got != want {
			t.Errorf("bundle:\n%q\nwant:\n%q", got, want)
		}
	})
	t.Run("a bundle and a work file with a BOM", func(t *testing.T) {
		res := merge(t, bom+"[\"1000\"]\nother = \"a\"\n",
			bom+"[\"2004\"]\nhash = \"sha1-h\"\nother = \"b\"\n\n[\"2005\"]\nhash = \"sha1-h\"\nother = \"\"\n")
		if want := bom + "[\"1000\"]\nother = \"a\"\n\n[\"2004\"]\nhash = \"sha1-h\"\nother = \"b\"\n"; string(res.Bundle) != want {
			t.Errorf("bundle:\n%q\nwant:\n%q", res.Bundle, want)
		}
		if want := bom + "[\"2005\"]\nhash = \"sha1-h\"\nother = \"\"\n"; string(res.Work) != want {
			t.Errorf("work file:\n%q\nwant:\n%q", res.Work, want)
		}
	})
	t.Run("a bundle that is not UTF-8 is refused for what it is", func(t *testing.T) {
		bt, err := open("locales/ja.toml", []byte("[\"1000\"]\nother = \"a\"\n# caf\xe9\n"))
		if bt != nil || err == nil || !strings.Contains(err.Error(), "line 3 holds bytes that are not UTF-8 text; save the file as UTF-8") ||
			strings.Contains(err.Error(), "tables") {
			t.Fatalf("open: %v", err)
		}
	})
	t.Run("a work file merged whole goes when it holds nothing else", func(t *testing.T) {
		src, _ := catalog.ParseBundle("locales/en.toml", language.English, []byte(mergeSource))
		work := header(src, language.Japanese, "locales/ja.toml") + "\n[\"2004\"]\n# en: User does not exist\nhash = \"sha1-h\"\nother = \"いない\"\n"
		if res := merge(t, "", work); res.Work != nil {
			t.Errorf("work file kept:\n%s", res.Work)
		}
		// With CRLF ends, as an editor on Windows saves it, too.
		if res := merge(t, "", strings.ReplaceAll(work, "\n", "\r\n")); res.Work != nil {
			t.Errorf("work file kept:\n%s", res.Work)
		}
	})
	t.Run("a work file merged whole stays for a note a person wrote", func(t *testing.T) {
		src, _ := catalog.ParseBundle("locales/en.toml", language.English, []byte(mergeSource))
		for name, work := range map[string]string{
			"below an entry": header(src, language.Japanese, "locales/ja.toml") + "\n[\"2004\"]\nhash = \"sha1-h\"\nother = \"いない\"\n# keep: the glossary says ユーザー\n",
			"in the header":  "# Aiko's batch\n" + header(src, language.Japanese, "locales/ja.toml") + "\n[\"2004\"]\nhash = \"sha1-h\"\nother = \"いない\"\n",
		} {
			res := merge(t, "", work)
			if res.Work == nil || len(res.Kept) > 0 || len(res.Merged) != 1 {
				t.Errorf("%s: work file %q, kept %v, merged %v; want the note kept and the entry merged", name, res.Work, res.Kept, res.Merged)
			}
			if again := merge(t, "", string(res.Work)); again.Work == nil || again.Bundle != nil {
				t.Errorf("%s: merging the notes alone: work file %q, bundle %q", name, again.Work, again.Bundle)
			}
		}
	})
}

// A translation that would render wrong (catalog.Flaws) is never merged:
// each flaw is named at its line of the work file, the entry stays there
// as the translator wrote it, and the good entries beside it merge.
func TestMergeRefusesFlaws(t *testing.T) {
	work := "[\"1000\"]\nhash = \"sha1-h\"\nother = \"   \"\n\n" +
		"[\"2004\"]\nhash = \"sha1-h\"\nother = \"ユーザーがいません\"\n\n" +
		"[\"2005\"]\nhash = \"sha1-h\"\nother = \"{{.Nome}}はロックされています\"\n\n" +
		"[\"4000\"]\nhash = \"sha1-h\"\nother = \"{{.pluralCount}}個のファイル\"\n"
	res := merge(t, "", work)
	if got := strings.Join(res.Merged, ","); got != "2004" {
		t.Errorf("merged %s, want 2004 alone", got)
	}
	var kept []string
	for _, d := range res.Kept {
		kept = append(kept, d.String())
	}
	want := []string{
		"locales/translate.ja.toml:3:9: error: code 1000: the message is blank: it has only whitespace (not merged)",
		"locales/translate.ja.toml:7:9: error: code 2005: placeholder {{.Nome}} is not in the source; it would show as nothing (not merged)",
		"locales/translate.ja.toml:11:9: error: code 4000: placeholder {{.pluralCount}} is not in the source; it would show as nothing: did you mean {{.PluralCount}}? (not merged)",
		"locales/translate.ja.toml:11:9: error: code 4000: placeholder {{.PluralCount}} of the source is missing from the translation (not merged)",
	}
	if strings.Join(kept, "\n") != strings.Join(want, "\n") {
		t.Errorf("kept\n%s\nwant\n%s", strings.Join(kept, "\n"), strings.Join(want, "\n"))
	}
	// Each is named at its line in the work file merge leaves, which the
	// translator opens next, not in the one it read: 2004 is gone from it.
	lines := strings.Split(string(res.Work), "\n")
	for _, d := range res.Kept {
		if d.Line < 1 || d.Line > len(lines) || !strings.HasPrefix(lines[d.Line-1], "other = ") {
			t.Errorf("%s: the work file left has no text of code %s at that line:\n%s", d, d.ID, res.Work)
		}
	}
	for _, s := range []string{`other = "   "`, `{{.Nome}}`, `{{.pluralCount}}`} {
		if !strings.Contains(string(res.Work), s) {
			t.Errorf("the work file lost %s:\n%s", s, res.Work)
		}
	}
	if strings.Contains(string(res.Bundle), "Nome") || strings.Contains(string(res.Bundle), "   ") {
		t.Errorf("a flawed entry reached the bundle:\n%s", res.Bundle)
	}

	// A flawed translation in the bundle is no conflict: its correction
	// replaces it.
	res = merge(t, "[\"2005\"]\nother = \"{{.Nome}}はロックされています\"\n", "[\"2005\"]\nhash = \"sha1-h\"\nother = \"ロックされています\"\n")
	if len(res.Merged) != 1 || len(res.Kept) != 0 {
		t.Errorf("merged %v, kept %v; want the correction merged", res.Merged, res.Kept)
	}
}

// checkMerged is the safety net under every merge: it must refuse any
// result that is not the bundle before with exactly the merged entries
// changed, whatever went wrong in the edit.
func TestCheckMergedRefusesWhatMergeDidNotMean(t *testing.T) {
	for _, bom := range []string{"", "\uFEFF"} { // with a byte order mark, the stream leaves the file to the full reader
		checkMergedCases(t, bom)
	}
}

func checkMergedCases(t *testing.T, bom string) {
	before := bom + "# header\n[\"1000\"]\nother = \"a\"\n\n[\"2004\"]\ndescription = \"d\"\nhash = \"sha1-old\"\nother = \"b\"\n\n[\"2005\"]\nother = \"c\"\n"
	orig, err := tomlfile.Read([]byte(before))
	if err != nil {
		t.Fatal(err)
	}
	e, ok := orig.Entry("2004")
	if !ok {
		t.Fatal("no entry 2004")
	}
	old := map[string]*catalog.Message{}
	old["2004"], _ = catalog.ParseEntry("ja.toml", &e)
	work, _ := catalog.ParseBundle("translate.ja.toml", language.Japanese,
		[]byte("[\"2004\"]\nhash = \"sha1-new\"\nother = \"B\"\n[\"3000\"]\nhash = \"sha1-h\"\nother = \"N\"\n"))
	good := bom + "# header\n[\"1000\"]\nother = \"a\"\n\n[\"2004\"]\ndescription = \"d\"\nhash = \"sha1-new\"\nother = \"B\"\n\n[\"2005\"]\nother = \"c\"\n\n[\"3000\"]\nhash = \"sha1-h\"\nother = \"N\"\n"
	if err := checkMerged("ja.toml", orig, old, []byte(good), work.Messages); err != nil {
		t.Fatalf("the intended result (byte order mark %v) was refused: %v", bom != "", err)
	}
	for name, bad := range map[string]string{
		"an entry not merged changed":   strings.Replace(good, `other = "a"`, `other = "x"`, 1),
		"an entry not merged requoted":  strings.Replace(good, `other = "a"`, `other = 'a'`, 1),
		"its description changed":       strings.Replace(good, `description = "d"`, `description = "e"`, 1),
		"an entry not merged lost":      strings.Replace(good, "[\"2005\"]\nother = \"c\"\n", "", 1),
		"an entry not merged added":     good + "[\"4000\"]\nother = \"z\"\n",
		"an entry written twice":        good + "[\"1000\"]\nother = \"a\"\n",
		"entries moved":                 strings.Replace(good, "[\"1000\"]\nother = \"a\"\n", "", 1) + "[\"1000\"]\nother = \"a\"\n",
		"a top-level key":               strings.Replace(good, "# header\n", "# header\n1 = \"x\"\n", 1),
		"a merged key twice in case":    strings.Replace(good, `other = "N"`, "other = \"N\"\nOther = \"N\"", 1),
		"a merged entry written twice":  good + "[\"3000\"]\nhash = \"sha1-h\"\nother = \"N\"\n",
		"a merged text wrong":           strings.Replace(good, `other = "B"`, `other = "b"`, 1),
		"a merged hash wrong":           strings.Replace(good, `hash = "sha1-new"`, `hash = "sha1-old"`, 1),
		"a merged entry lost":           strings.Replace(good, "[\"3000\"]\nhash = \"sha1-h\"\nother = \"N\"\n", "", 1),
		"a merged entry with a bad key": strings.Replace(good, `other = "N"`, "other = \"N\"\nothr = \"N\"", 1),
		"not plain one-line entries":    good + "x = \"\"\"\nlong\"\"\"\n",
		"not TOML":                      good + "[\"5000\"\n",
	} {
		if err := checkMerged("ja.toml", orig, old, []byte(bad), work.Messages); err == nil {
			t.Errorf("%s (byte order mark %v): checkMerged accepted it", name, bom != "")
		}
	}
}
