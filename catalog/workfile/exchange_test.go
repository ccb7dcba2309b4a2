package workfile_test

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/exchange"
	"github.com/errcat/errcat/catalog/workfile"
)

const exSource = `["1000"]
description = "Generic retryable server error."
other = "The system is busy, please try again later"

["2004"]
other = "User does not exist"

["2005"]
other = "User has been locked"

["3001"]
description = "Max is the limit."
other = "The name must be at most {{.Max}} characters"

["4000"]
one = "{{.PluralCount}} file is too large"
other = "{{.PluralCount}} files are too large"
`

// exJA translates 1000 and 3001, has a stale 2004, and lacks 2005 and 4000.
const exJA = `# Japanese, reviewed by Aiko.

["1000"]
hash = "sha1-16f42a0b02731ce0d7d186b18a278865f67470f9"
other = "システムが混み合っています。"

["2004"]
hash = "sha1-0000000000000000000000000000000000000000"
other = "ユーザーは存在しません。"  # the old wording

# Limits
["3001"]
hash = "sha1-fc6e0d0e19f34c1b4b9fb43a1fe6d2a6a1df7c65"
other = "名前は{{.Max}}文字以内で入力してください。"
`

func exBundles(t *testing.T, source, locale string, tag language.Tag) (*catalog.Bundle, []int, *catalog.Bundle) {
	t.Helper()
	src, ds := catalog.ParseBundle("locales/en.toml", language.English, []byte(source))
	if len(diag.Errors(ds)) > 0 {
		t.Fatal(ds)
	}
	codes, _ := catalog.SourceCodes(src)
	var b *catalog.Bundle
	if locale != "" {
		b, ds = catalog.ParseBundle("locales/"+tag.String()+".toml", tag, []byte(locale))
		if len(diag.Errors(ds)) > 0 {
			t.Fatal(ds)
		}
	}
	return src, codes, b
}

// jaSource fixes 3001's hash in exJA: the source hash of its English.
func jaSource(t *testing.T) (*catalog.Bundle, []int, *catalog.Bundle, string) {
	t.Helper()
	src, codes, _ := exBundles(t, exSource, "", language.Japanese)
	ja := strings.Replace(exJA, "sha1-fc6e0d0e19f34c1b4b9fb43a1fe6d2a6a1df7c65", src.Lookup("3001").SourceHash(), 1)
	ja = strings.Replace(ja, "sha1-16f42a0b02731ce0d7d186b18a278865f67470f9", src.Lookup("1000").SourceHash(), 1)
	_, _, b := exBundles(t, exSource, ja, language.Japanese)
	return src, codes, b, ja
}

func unitCodes(doc *exchange.Document) []string {
	var out []string
	for _, u := range doc.Units {
		out = append(out, u.Code)
	}
	return out
}

func TestExportSelects(t *testing.T) {
	src, codes, ja, _ := jaSource(t)
	for _, tc := range []struct {
		only string
		want []string
	}{
		{"all", []string{"1000", "2004", "2005", "3001", "4000"}},
		{"missing", []string{"2005", "4000"}},
		{"stale", []string{"2004"}},
		{"current", []string{"1000", "3001"}},
		{"missing,stale", []string{"2004", "2005", "4000"}},
	} {
		t.Run(tc.only, func(t *testing.T) {
			sel, err := workfile.ParseSelection(tc.only)
			if err != nil {
				t.Fatal(err)
			}
			doc, ds := workfile.Export(workfile.ExportInput{Source: src, Codes: codes, Locale: language.Japanese, Bundle: ja, Only: sel})
			if len(ds) > 0 {
				t.Errorf("diagnostics: %v", ds)
			}
			if got := unitCodes(doc); !slices.Equal(got, tc.want) {
				t.Errorf("units %v, want %v", got, tc.want)
			}
		})
	}
	if _, err := workfile.ParseSelection("fuzzy"); err == nil {
		t.Error("ParseSelection(fuzzy): no error")
	}
}

func TestExportStates(t *testing.T) {
	src, codes, ja, _ := jaSource(t)
	doc, _ := workfile.Export(workfile.ExportInput{Source: src, Codes: codes, Locale: language.Japanese, Bundle: ja})
	if doc.SourceLang != "en" || doc.TargetLang != "ja" {
		t.Errorf("languages %s→%s, want en→ja", doc.SourceLang, doc.TargetLang)
	}
	byCode := map[string]exchange.Unit{}
	for _, u := range doc.Units {
		byCode[u.Code] = u
		if s := src.Lookup(u.Code); u.SourceHash != s.SourceHash() || u.Description != s.Description {
			t.Errorf("%s: hash %s description %q, want the source's %s %q", u.Code, u.SourceHash, u.Description, s.SourceHash(), s.Description)
		}
	}
	if u := byCode["1000"]; u.Stale || u.State != exchange.Translated || u.Target["other"] != "システムが混み合っています。" {
		t.Errorf("1000: %+v, want a current translation", u)
	}
	if u := byCode["2004"]; !u.Stale || u.PreviousHash != "sha1-0000000000000000000000000000000000000000" || u.Previous != nil {
		t.Errorf("2004: %+v, want stale with the bundle's hash and no previous English", u)
	}
	if u := byCode["2005"]; len(u.Target) != 0 {
		t.Errorf("2005: target %v, want none", u.Target)
	}
	if u := byCode["4000"]; !maps.Equal(u.Source, map[string]string{"one": "{{.PluralCount}} file is too large", "other": "{{.PluralCount}} files are too large"}) {
		t.Errorf("4000: source %v, want one and other", u.Source)
	}

	// A locale without a bundle exports every code, untranslated.
	doc, _ = workfile.Export(workfile.ExportInput{Source: src, Codes: codes, Locale: language.Korean})
	for _, u := range doc.Units {
		if len(u.Target) != 0 {
			t.Errorf("ko %s: target %v, want none", u.Code, u.Target)
		}
	}
	if len(doc.Units) != len(codes) {
		t.Errorf("ko: %d units, want %d", len(doc.Units), len(codes))
	}
}

// A form that no file can carry is left out with a warning that names it.
func TestExportWarnsOfFormsLeftOut(t *testing.T) {
	src, codes, ja := exBundles(t, exSource, `["2004"]
one = "ユーザー"
other = "ユーザーが存在しません。"
`, language.Japanese)
	doc, ds := workfile.Export(workfile.ExportInput{Source: src, Codes: codes, Locale: language.Japanese, Bundle: ja})
	if len(ds) != 1 || ds[0].ID != "2004" || ds[0].Rule != workfile.RuleNotExported || !strings.Contains(ds[0].Message, `"one"`) {
		t.Fatalf("diagnostics %v, want one about 2004's one", ds)
	}
	for _, u := range doc.Units {
		if u.Code == "2004" && !maps.Equal(u.Target, map[string]string{"other": "ユーザーが存在しません。"}) {
			t.Errorf("2004: target %v, want other only", u.Target)
		}
	}
}

func TestPluralRule(t *testing.T) {
	for _, tc := range []struct {
		tag      string
		forms    []string
		nplurals string
	}{
		{"ja", []string{"other"}, "nplurals=1;"},
		{"de", []string{"one", "other"}, "nplurals=2;"},
		{"fr", []string{"one", "many", "other"}, "nplurals=3;"},
		// gettext's three, then CLDR's "other" for fractions.
		{"ru", []string{"one", "few", "many", "other"}, "nplurals=4;"},
		{"cs", []string{"one", "few", "other", "many"}, "nplurals=4;"},
		{"ar", []string{"zero", "one", "two", "few", "many", "other"}, "nplurals=6;"},
	} {
		t.Run(tc.tag, func(t *testing.T) {
			r := workfile.PluralRule(language.MustParse(tc.tag))
			if !slices.Equal(r.Forms, tc.forms) || !strings.HasPrefix(r.Header, tc.nplurals+" plural=") {
				t.Errorf("got %v %q, want %v and %s", r.Forms, r.Header, tc.forms, tc.nplurals)
			}
		})
	}
}

// importCase edits the exported document as a translator's tool would, and
// says what import must make of it.
type importCase struct {
	name     string
	source   string // the source at import time; exSource when empty
	edit     func(doc *exchange.Document)
	imported []string
	hashes   map[string]string // code → hash in the bundle after import; "today" is the source's
	notes    []string          // codes imported as stale
	left     []string
	refused  []string // codes named by the refusal; nil: no refusal
}

func unit(doc *exchange.Document, code string) *exchange.Unit {
	for i := range doc.Units {
		if doc.Units[i].Code == code {
			return &doc.Units[i]
		}
	}
	panic("no unit " + code)
}

func translate(doc *exchange.Document, code, text string) {
	u := unit(doc, code)
	u.Target, u.State, u.Stale = map[string]string{"other": text}, exchange.Translated, false
}

func TestImport(t *testing.T) {
	const oldHash = "sha1-0000000000000000000000000000000000000000"
	cases := []importCase{{
		name:     "a translated missing code goes in as current",
		edit:     func(d *exchange.Document) { translate(d, "2005", "ロックされています。") },
		imported: []string{"2005"},
		hashes:   map[string]string{"2005": "today"},
	}, {
		name:     "a confirmed stale translation goes in as current",
		edit:     func(d *exchange.Document) { translate(d, "2004", "ユーザーが見つかりません。") },
		imported: []string{"2004"},
		hashes:   map[string]string{"2004": "today"},
	}, {
		name: "a stale translation edited but still fuzzy keeps the hash it was made from",
		edit: func(d *exchange.Document) {
			unit(d, "2004").Target["other"] = "ユーザーがいません。"
		},
		imported: []string{"2004"},
		hashes:   map[string]string{"2004": oldHash},
		notes:    []string{"2004"},
	}, {
		name:   "the English changed after export: the translation goes in as stale",
		source: strings.Replace(exSource, "User has been locked", "The user is locked", 1),
		edit:   func(d *exchange.Document) { translate(d, "2005", "ロックされています。") },
		// The hash the file recorded: the English as it was exported.
		imported: []string{"2005"},
		hashes:   map[string]string{"2005": "export"},
		notes:    []string{"2005"},
	}, {
		name: "a file that lost its hashes is judged by its English",
		edit: func(d *exchange.Document) {
			translate(d, "2005", "ロックされています。")
			unit(d, "2005").SourceHash = ""
		},
		imported: []string{"2005"},
		hashes:   map[string]string{"2005": "today"},
	}, {
		name: "a draft that does not say what it was made from is left out",
		edit: func(d *exchange.Document) {
			translate(d, "2005", "ロック？")
			unit(d, "2005").State = exchange.Initial
		},
		left: []string{"2005"},
	}, {
		name: "an edit of an up-to-date translation is left out, not overwritten",
		edit: func(d *exchange.Document) {
			translate(d, "1000", "混雑しています。")
			translate(d, "2005", "ロック")
		},
		imported: []string{"2005"},
		left:     []string{"1000"},
	}, {
		name:   "a message that became plural since the export is left out",
		source: strings.Replace(exSource, "other = \"User has been locked\"", "one = \"One user has been locked\"\nother = \"Users have been locked\"", 1),
		edit:   func(d *exchange.Document) { translate(d, "2005", "ロックされています。") },
		left:   []string{"2005"},
	}, {
		name: "a plural translation goes in with its forms",
		edit: func(d *exchange.Document) {
			u := unit(d, "4000")
			u.Target, u.State = map[string]string{"other": "{{.PluralCount}}個のファイルが大きすぎます。"}, exchange.Final
		},
		imported: []string{"4000"},
	}, {
		name: "a code the source does not have refuses the file",
		edit: func(d *exchange.Document) {
			translate(d, "2005", "ロック")
			d.Units = append(d.Units, exchange.Unit{Code: "9999", Source: map[string]string{"other": "Gone"},
				Target: map[string]string{"other": "消えた"}, State: exchange.Translated})
		},
		refused: []string{"9999"},
	}, {
		name: "a template that does not parse refuses the file",
		edit: func(d *exchange.Document) {
			translate(d, "2005", "ロック")
			translate(d, "3001", "名前は{{.Max文字以内")
		},
		refused: []string{"3001"},
	}, {
		name:    "a file for another language is refused",
		edit:    func(d *exchange.Document) { translate(d, "2005", "잠김"); d.TargetLang = "ko" },
		refused: []string{""},
	}, {
		name:    "a file from another source language is refused",
		edit:    func(d *exchange.Document) { translate(d, "2005", "ロック"); d.SourceLang = "de" },
		refused: []string{""},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src, codes, ja, jaText := jaSource(t)
			doc, _ := workfile.Export(workfile.ExportInput{Source: src, Codes: codes, Locale: language.Japanese, Bundle: ja})
			exported := map[string]string{}
			for _, u := range doc.Units {
				exported[u.Code] = u.SourceHash
			}
			tc.edit(doc)
			if tc.source != "" {
				src, _, _ = exBundles(t, tc.source, "", language.Japanese)
			}
			res, err := workfile.Import(workfile.ImportInput{Source: src, Locale: language.Japanese,
				Bundle: workfile.File{Name: "locales/ja.toml", Data: []byte(jaText)}, Name: "ja.po", Doc: doc})
			if tc.refused != nil {
				var ie *workfile.ImportError
				if !errors.As(err, &ie) {
					t.Fatalf("got %v, %v; want an *ImportError", res, err)
				}
				var ids []string
				for _, d := range ie.Problems {
					ids = append(ids, d.ID)
					if d.File != "ja.po" || d.Severity != diag.Error {
						t.Errorf("problem %v: want an error about ja.po", d)
					}
				}
				if !slices.Equal(ids, tc.refused) {
					t.Errorf("refused %v (%v), want %v", ids, ie, tc.refused)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(res.Imported, tc.imported) {
				t.Errorf("imported %v, want %v", res.Imported, tc.imported)
			}
			ids := func(ds []diag.Diagnostic) []string {
				var out []string
				for _, d := range ds {
					out = append(out, d.ID)
				}
				return out
			}
			if got := ids(res.Notes); !slices.Equal(got, tc.notes) {
				t.Errorf("notes %v, want stale notes for %v", res.Notes, tc.notes)
			}
			if got := ids(res.Left); !slices.Equal(got, tc.left) {
				t.Errorf("left out %v, want %v", res.Left, tc.left)
			}
			if len(tc.imported) == 0 {
				if res.Bundle != nil {
					t.Errorf("a bundle when nothing was imported:\n%s", res.Bundle)
				}
				return
			}
			after, ds := catalog.ParseBundle("locales/ja.toml", language.Japanese, res.Bundle)
			if len(diag.Errors(ds)) > 0 {
				t.Fatal(ds)
			}
			for code, want := range tc.hashes {
				switch want {
				case "today":
					want = src.Lookup(code).SourceHash()
				case "export":
					want = exported[code]
				}
				if got := after.Lookup(code).Hash; got != want {
					t.Errorf("%s: hash %s, want %s", code, got, want)
				}
			}
			if !strings.HasPrefix(string(res.Bundle), "# Japanese, reviewed by Aiko.\n") ||
				!strings.Contains(string(res.Bundle), "  # the old wording\n") && !slices.Contains(tc.imported, "2004") {
				t.Errorf("the bundle's comments were not kept:\n%s", res.Bundle)
			}
		})
	}
}

// Russian needs "other" for fractions, which gettext has no number for: a
// translation without it stays out, and the message says where it goes.
func TestImportNeedsEveryForm(t *testing.T) {
	ru := language.Russian
	src, codes, _ := exBundles(t, exSource, "", ru)
	doc, _ := workfile.Export(workfile.ExportInput{Source: src, Codes: codes, Locale: ru})
	u := unit(doc, "4000")
	u.Target = map[string]string{"one": "{{.PluralCount}} файл", "few": "{{.PluralCount}} файла", "many": "{{.PluralCount}} файлов"}
	u.State = exchange.Translated
	in := workfile.ImportInput{Source: src, Locale: ru, Bundle: workfile.File{Name: "locales/ru.toml", Data: workfile.NewBundle(src, ru)}, Name: "ru.po", Doc: doc}
	res, err := workfile.Import(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Left) != 1 || res.Left[0].ID != "4000" || !strings.Contains(res.Left[0].Message, "other: the form for numbers with a fraction") {
		t.Fatalf("left %v, want 4000 left out for its empty other", res.Left)
	}
	u.Target["other"] = "{{.PluralCount}} файла"
	res, err = workfile.Import(in)
	if err != nil || !slices.Equal(res.Imported, []string{"4000"}) {
		t.Fatalf("got %v, %v; want 4000 imported", res, err)
	}
	after, _ := catalog.ParseBundle("locales/ru.toml", ru, res.Bundle)
	if m := after.Lookup("4000"); m.Text[plural.Other] != "{{.PluralCount}} файла" || m.Text[plural.Many] != "{{.PluralCount}} файлов" {
		t.Errorf("4000: %q, want every form", m.Text)
	}
}
