package catalog

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog/diag"
)

// Pos is a place in a bundle file: 1-based line and byte column.
type Pos = diag.Pos

// forms lists the CLDR plural forms in the order go-i18n writes them. A
// message's text for each form is indexed by plural.Form.
var forms = [numForms]plural.Form{plural.Zero, plural.One, plural.Two, plural.Few, plural.Many, plural.Other}

// Forms returns the CLDR plural forms in the order go-i18n writes them,
// which is how bundles and work files list a message's forms.
func Forms() [numForms]plural.Form { return forms }

// FormName returns the go-i18n key for a plural form ("one", "other").
func FormName(f plural.Form) string {
	switch f {
	case plural.Zero:
		return "zero"
	case plural.One:
		return "one"
	case plural.Two:
		return "two"
	case plural.Few:
		return "few"
	case plural.Many:
		return "many"
	}
	return "other"
}

// FormNames returns the go-i18n keys of forms.
func FormNames(forms []plural.Form) []string {
	names := make([]string, len(forms))
	for i, f := range forms {
		names[i] = FormName(f)
	}
	return names
}

// ParseForm is the inverse of FormName; ok is false for a key that is not a
// plural form.
func ParseForm(key string) (plural.Form, bool) {
	for _, f := range forms {
		if FormName(f) == key {
			return f, true
		}
	}
	return 0, false
}

const numForms = 6

// A Message is one code's text in one locale, as its bundle defines it.
type Message struct {
	ID          string // the message ID as written, "2004"
	Code        int    // the error code, 2004
	Description string // context for translators; set in the source bundle
	Hash        string // the hash of the source this translation was made from
	LeftDelim   string // template delimiters, when not {{ and }}
	RightDelim  string

	// Text holds the text of each plural form, indexed by plural.Form.
	// Other is always set for a message the catalog serves.
	Text [numForms]string

	File string        // the bundle it came from, as given to the loader
	Pos  Pos           // the place of its table header or key
	At   [numForms]Pos // the place of each form's text
	keys []keyPos      // every key written in the table, lower-cased

	// tmpl holds the parsed template of each form that has actions; a nil
	// entry means the form is plain text and is returned as it is.
	tmpl  [numForms]*msgTemplate
	plain bool // set by compile: see Plain

	// hash is SourceHash, fixed by SourceCodes for the source's messages
	// before the bundle is shared; empty for every other message.
	hash string
}

// Other returns the message's "other" text: for most messages, the only one.
func (m *Message) Other() string { return m.Text[plural.Other] }

// Plain reports whether the message is a single plain text: no plural forms
// and no template actions. Such a message costs nothing to render.
func (m *Message) Plain() bool { return m.plain }

// HasForm reports whether the message defines text for the plural form f.
func (m *Message) HasForm(f plural.Form) bool { return m.Text[f] != "" }

// KeyPos returns where key (such as "hash") was written in the message's
// table, and whether it was.
func (m *Message) KeyPos(key string) (Pos, bool) {
	for _, k := range m.keys {
		if k.key == key {
			return k.pos, true
		}
	}
	return Pos{}, false
}

type keyPos struct {
	key string
	pos Pos
}

// SourceHash returns the hash that identifies this message's source text, the
// value a translation records in its hash field.
//
// For a message with only "other" it is exactly what go-i18n's goi18n merge
// computes (sha1 of the description followed by the other text), so both
// tools agree on what is stale. For a message with several plural forms it
// also covers every form, in CLDR order and with a separator, because
// go-i18n's hash looks at "other" alone and misses edits to the rest.
//
// It is computed once per source message: SourceCodes fixes it for every
// message of the source bundle, and every comparison after that reads it.
func (m *Message) SourceHash() string {
	if m.hash != "" {
		return m.hash
	}
	return sourceHash(m)
}

// compile parses the templates of every form once, at load time, so that
// rendering never parses, and returns the first error, naming its form. A
// form without the left delimiter is plain text, as in go-i18n.
func (m *Message) compile() error {
	for _, f := range forms {
		if err := m.compileForm(f); err != nil {
			return fmt.Errorf("%s: template: %w", FormName(f), err)
		}
	}
	m.setPlain()
	return nil
}

// compileForm parses the template of form f, if it has one.
func (m *Message) compileForm(f plural.Form) error {
	src := m.Text[f]
	if src == "" || !strings.Contains(src, cmp.Or(m.LeftDelim, "{{")) {
		return nil
	}
	t, err := parseTemplate(src, m.LeftDelim, m.RightDelim)
	if err != nil {
		return err
	}
	m.tmpl[f] = t
	return nil
}

func (m *Message) setPlain() {
	m.plain = true
	for _, f := range forms {
		if m.tmpl[f] != nil || f != plural.Other && m.Text[f] != "" {
			m.plain = false
		}
	}
}

// render returns the text for form f with data, falling back to "other"
// when the message lacks that form: a missing plural form must not cost the
// user their message.
func (m *Message) render(f plural.Form, data, count any) (string, error) {
	if m.Text[f] == "" {
		f = plural.Other
	}
	t := m.tmpl[f]
	if t == nil {
		return m.Text[f], nil
	}
	return t.render(data, count)
}

// Placeholders returns the template fields form f reads ({{.Max}} reads
// "Max", {{.User.Name}} "User.Name"), in order of first use; nil for plain
// text.
func (m *Message) Placeholders(f plural.Form) []string {
	if m.tmpl[f] == nil {
		return nil
	}
	return m.tmpl[f].t.Fields()
}

// IsPlural reports whether the message has plural forms: text for a form
// other than "other".
func (m *Message) IsPlural() bool {
	for _, f := range forms {
		if f != plural.Other && m.HasForm(f) {
			return true
		}
	}
	return false
}

// PluralForm returns the CLDR cardinal plural form that count selects in the
// language of tag. count may be any integer type, a float, or a decimal
// string such as "1.50" (whose visible fraction digits matter in some
// languages, as CLDR defines).
func PluralForm(tag language.Tag, count any) (plural.Form, error) {
	var s string
	switch n := count.(type) {
	case int:
		s = strconv.Itoa(n)
	case int8, int16, int32, int64:
		s = fmt.Sprint(n)
	case uint, uint8, uint16, uint32, uint64, uintptr:
		s = fmt.Sprint(n)
	case float32:
		s = strconv.FormatFloat(float64(n), 'f', -1, 32)
	case float64:
		s = strconv.FormatFloat(n, 'f', -1, 64)
	case string:
		s = n
	default:
		return plural.Other, fmt.Errorf("plural count %v (%T) is not a number", count, count)
	}
	i, v, w, f, t, err := operands(s)
	if err != nil {
		return plural.Other, err
	}
	return plural.Cardinal.MatchPlural(tag, i, v, w, f, t), nil
}

// operands computes CLDR's plural operands of a decimal number string. The
// integer and fraction values are kept modulo 10,000,000, as x/text allows.
func operands(s string) (i, v, w, f, t int, err error) {
	num := strings.TrimPrefix(strings.TrimSpace(s), "-")
	intPart, frac, _ := strings.Cut(num, ".")
	if intPart == "" && frac == "" {
		return 0, 0, 0, 0, 0, fmt.Errorf("plural count %q is not a number", s)
	}
	const mod = 10_000_000
	for _, c := range []byte(intPart) {
		if c < '0' || c > '9' {
			return 0, 0, 0, 0, 0, fmt.Errorf("plural count %q is not a decimal number", s)
		}
		i = (i*10 + int(c-'0')) % mod
	}
	v = len(frac)
	trimmed := strings.TrimRight(frac, "0")
	w = len(trimmed)
	for _, c := range []byte(frac) {
		if c < '0' || c > '9' {
			return 0, 0, 0, 0, 0, fmt.Errorf("plural count %q is not a decimal number", s)
		}
		f = (f*10 + int(c-'0')) % mod
	}
	for _, c := range []byte(trimmed) {
		t = (t*10 + int(c-'0')) % mod
	}
	return i, v, w, f, t, nil
}

// UsedForms returns the plural forms the language of tag distinguishes, in
// CLDR order, as x/text's CLDR data defines them. x/text does not export the
// list, so it is read off the rules by asking which forms a spread of
// numbers selects: integers cover every integer rule CLDR has (they cycle
// within 0..199 and at the millions), and one-, two- and three-digit
// fractions cover the decimal rules.
func UsedForms(tag language.Tag) []plural.Form {
	var seen [numForms]bool
	for i := range 200 {
		seen[plural.Cardinal.MatchPlural(tag, i, 0, 0, 0, 0)] = true
		for v := 1; v <= 3; v++ {
			seen[plural.Cardinal.MatchPlural(tag, i, v, v, 1, 1)] = true
		}
		seen[plural.Cardinal.MatchPlural(tag, i, 1, 1, 5, 5)] = true
	}
	for _, n := range []int{1000, 10000, 100000, 1000000, 2000000} {
		seen[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)] = true
	}
	var used []plural.Form
	for _, f := range forms {
		if seen[f] {
			used = append(used, f)
		}
	}
	return used
}

// Clone returns a copy of m that shares no memory with the file it was read
// from, for a tool that keeps a few messages of many bundles. The copy has
// no compiled templates: it is for reporting, not rendering.
func (m *Message) Clone() *Message {
	c := &Message{
		ID: strings.Clone(m.ID), Code: m.Code, Hash: strings.Clone(m.Hash),
		Description: strings.Clone(m.Description), File: m.File, Pos: m.Pos, At: m.At,
	}
	for i, t := range m.Text {
		c.Text[i] = strings.Clone(t)
	}
	return c
}
