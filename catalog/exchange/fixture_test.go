package exchange

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"maps"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// A language the tests export to, with the plural rule a caller would pass.
type testLang struct {
	tag    string
	plural PluralRule
}

var (
	langJA = testLang{"ja", PluralRule{Forms: []string{"other"}, Header: "nplurals=1; plural=0;"}}
	langFR = testLang{"fr", PluralRule{Forms: []string{"one", "other"}, Header: "nplurals=2; plural=(n > 1);"}}
	// gettext's ru has three forms; CLDR's fourth, "other", is for
	// fractions and has no msgstr.
	langRU = testLang{"ru", PluralRule{Forms: []string{"one", "few", "many"},
		Header: "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : 2);"}}
	testLangs = []testLang{langJA, langFR, langRU}
)

// bundle reads a go-i18n TOML bundle: code -> key -> value, and the codes in
// file order.
func bundle(t testing.TB, path string) (map[string]map[string]string, []string) {
	t.Helper()
	var m map[string]map[string]string
	md, err := toml.DecodeFile(path, &m)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, k := range md.Keys() {
		if len(k) == 1 {
			order = append(order, k[0])
		}
	}
	return m, order
}

// goi18nHash is the catalog's source hash for a message with only "other"
// (go-i18n's); for plural messages the catalog also hashes the other forms.
// The catalog package owns the rule; the test needs only realistic values.
func goi18nHash(desc string, src map[string]string) string {
	h := sha1.New()
	h.Write([]byte(desc + src["other"]))
	if src["one"] != "" {
		fmt.Fprintf(h, "\x00one\x00%s", src["one"])
	}
	return "sha1-" + hex.EncodeToString(h.Sum(nil))
}

// catalogDoc builds the document errcat would export for lang: every code of
// locales/en.toml with its translation from locales/LANG.toml, then units
// that the shipped catalog lacks: placeholders, plurals, stale translations
// with and without the previous English, drafts of every state, and a
// description with every character that needs escaping.
func catalogDoc(t testing.TB, lang testLang) *Document {
	t.Helper()
	en, order := bundle(t, filepath.Join("..", "..", "locales", "en.toml"))
	tr, _ := bundle(t, filepath.Join("..", "..", "locales", lang.tag+".toml"))
	doc := &Document{SourceLang: "en", TargetLang: lang.tag, Plural: lang.plural}
	for _, code := range order {
		src := map[string]string{"other": en[code]["other"]}
		u := Unit{Code: code, Description: en[code]["description"], Source: src}
		u.SourceHash = goi18nHash(u.Description, src)
		if m := tr[code]; m["other"] != "" {
			u.Target = map[string]string{"other": m["other"]}
			if m["hash"] == u.SourceHash {
				u.State = Translated
			} else {
				u.Stale, u.PreviousHash = true, m["hash"]
			}
		}
		doc.Units = append(doc.Units, u)
	}
	// Each language's plural targets, by the categories it has.
	plural := func(ja string, fr, ru [2]string) map[string]string {
		return map[string]map[string]string{
			"ja": {"other": ja},
			"fr": {"one": fr[0], "other": fr[1]},
			"ru": {"one": ru[0], "few": ru[1], "many": ru[1] + "…"},
		}[lang.tag]
	}
	extra := []Unit{{
		Code:        "4001",
		Description: "Max is the limit, a number.",
		Source:      map[string]string{"other": "Must be at most {{.Max}} characters"},
		Target: map[string]string{"other": map[string]string{
			"ja": "{{.Max}}文字以内で入力してください。", "fr": "{{.Max}} caractères au maximum", "ru": "Не более {{.Max}} символов",
		}[lang.tag]},
		State: Reviewed,
	}, {
		Code:   "4002",
		Source: map[string]string{"one": "You have {{.PluralCount}} unread message", "other": "You have {{.PluralCount}} unread messages"},
		Target: plural("未読メッセージが{{.PluralCount}}件あります。",
			[2]string{"Vous avez {{.PluralCount}} message non lu.", "Vous avez {{.PluralCount}} messages non lus."},
			[2]string{"У вас {{.PluralCount}} непрочитанное сообщение.", "У вас {{.PluralCount}} непрочитанных сообщения."}),
		State: Final,
	}, {
		Code:        "4003",
		Description: "Name is the user's name; Count the attempts left.",
		Source:      map[string]string{"one": "{{.Name}} has {{.Count}} sign-in attempt left", "other": "{{.Name}} has {{.Count}} sign-in attempts left"},
		Target: plural("{{.Name}}さんのサインイン試行は残り{{.Count}}回です。",
			[2]string{"Il reste {{.Count}} tentative à {{.Name}}", "Il reste {{.Count}} tentatives à {{.Name}}"},
			[2]string{"У {{.Name}} осталась {{.Count}} попытка", "У {{.Name}} осталось {{.Count}} попытки"}),
		Stale:    true,
		Previous: map[string]string{"one": "{{.Name}} has {{.Count}} attempt left", "other": "{{.Name}} has {{.Count}} attempts left"},
		// The hash the translation was recorded with.
		PreviousHash: "sha1-0123456789abcdef0123456789abcdef01234567",
	}, {
		Code: "4006",
		Description: "Quotes \"like this\", a back\\slash, a\ttab,\nsecond line, ünïcödé 日本語, and a long line that the PO writer has to wrap " +
			"because it is far longer than seventy-nine columns, yes really.\n\nA paragraph after an empty line.",
		Source: map[string]string{"other": "Path \"C:\\tmp\"\tmust not contain a line break:\nsee {{.Doc}} — that is all there is to it, and the rest just fills the line"},
		Target: map[string]string{"other": "パス「C:\\tmp」\tに改行は使えません:\n{{.Doc}} を参照"},
		State:  Translated,
	}, {
		Code:   "4007",
		Source: map[string]string{"one": "{{.PluralCount}} day", "other": "{{.PluralCount}} days"},
	}, {
		Code:     "4008",
		Source:   map[string]string{"other": "Session expired"},
		Target:   map[string]string{"other": "セッション切れ"},
		Stale:    true,
		Previous: map[string]string{"other": "Session has expired"},
	}, {
		Code:   "4009",
		Source: map[string]string{"other": "{{.A}} and {{.B}}"},
		Target: map[string]string{"other": "{{.B}}、{{.A}}、{{.B}}"},
		State:  Translated,
	}, {
		Code:   "4010",
		Source: map[string]string{"other": "A draft keeps its state only where the format has it"},
		Target: map[string]string{"other": "下書き"},
		Stale:  true,
	}}
	for _, u := range extra {
		u.SourceHash = goi18nHash(u.Description, u.Source)
		doc.Units = append(doc.Units, u)
	}
	return doc
}

// poView is what a document looks like after PO: gettext has no reviewed or
// final, so those read back as translated.
func poView(doc *Document) *Document {
	out := clone(doc)
	for i := range out.Units {
		if out.Units[i].State > Translated {
			out.Units[i].State = Translated
		}
	}
	return out
}

func clone(doc *Document) *Document {
	out := *doc
	out.Plural.Forms = append([]string(nil), doc.Plural.Forms...)
	out.Units = make([]Unit, len(doc.Units))
	for i, u := range doc.Units {
		u.Source, u.Target, u.Previous = maps.Clone(u.Source), maps.Clone(u.Target), maps.Clone(u.Previous)
		out.Units[i] = u
	}
	return &out
}

// diffDocs returns a readable list of differences, or "".
func diffDocs(got, want *Document) string {
	var b strings.Builder
	if got.SourceLang != want.SourceLang || got.TargetLang != want.TargetLang {
		fmt.Fprintf(&b, "languages: got %s→%s, want %s→%s\n", got.SourceLang, got.TargetLang, want.SourceLang, want.TargetLang)
	}
	if !reflect.DeepEqual(got.Plural, want.Plural) {
		fmt.Fprintf(&b, "plural: got %+v, want %+v\n", got.Plural, want.Plural)
	}
	if len(got.Units) != len(want.Units) {
		fmt.Fprintf(&b, "got %d units, want %d\n", len(got.Units), len(want.Units))
	}
	for i := range min(len(got.Units), len(want.Units)) {
		if g, w := got.Units[i], want.Units[i]; !reflect.DeepEqual(g, w) {
			fmt.Fprintf(&b, "unit %d:\n got  %#v\n want %#v\n", i, g, w)
		}
	}
	return b.String()
}
