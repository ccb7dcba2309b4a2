package catalog

import (
	"cmp"
	"fmt"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog/diag"
	cldr "github.com/errcat/errcat/catalog/internal/plural"
)

// Pos is a place in a bundle file: 1-based line and byte column.
type Pos = diag.Pos

// forms lists the CLDR plural forms in the order go-i18n writes them. A
// message's text for each form is indexed by plural.Form.
var forms = [numForms]plural.Form{plural.Zero, plural.One, plural.Two, plural.Few, plural.Many, plural.Other}

// Forms returns the CLDR plural forms in the order go-i18n writes them,
// which is how bundles and work files list a message's forms.
//
// A form is named by x/text's plural.Form, which catalog's API has always
// used and callers already hold; only its constants are used. Which form a
// count selects, and which forms a language has, come from CLDR 48's rules
// in catalog/internal/plural (PluralForm, UsedForms), never from x/text's
// CLDR 32 data, as TestNoOtherPluralRules pins.
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
	// bad holds, for each form whose template does not compile, why: the
	// message is kept, for the tools to show, and Flaws reports it, so
	// that the catalog serves the fallback for it, never its text. It is
	// nil for the usual message, whose templates all compile, so that a
	// catalog of good messages pays one pointer each for it.
	bad *[numForms]error

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
// text and for a template that does not compile. The slice is shared: do
// not modify it.
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
//
// The rules are CLDR 48's, from catalog/internal/plural (the data go-i18n
// v2.7 and current tools use), with operands computed exactly for a count
// of any size. The result is an x/text plural.Form only as a name for the
// form: x/text's own rules (its MatchPlural) are CLDR 32's and are not
// used anywhere in errcat.
func PluralForm(tag language.Tag, count any) (plural.Form, error) {
	return pluralForm(cldr.For(tag), count)
}

func pluralForm(rules cldr.Rules, count any) (plural.Form, error) {
	ops, err := cldr.NewOperands(count)
	if err != nil {
		return plural.Other, fmt.Errorf("plural count %v is not a number: %w", count, err)
	}
	return xForm(rules.Cardinal(ops)), nil
}

// xForm names a CLDR form as the x/text plural.Form catalog's API uses.
func xForm(f cldr.Form) plural.Form {
	switch f {
	case cldr.Zero:
		return plural.Zero
	case cldr.One:
		return plural.One
	case cldr.Two:
		return plural.Two
	case cldr.Few:
		return plural.Few
	case cldr.Many:
		return plural.Many
	}
	return plural.Other
}

// UsedForms returns the plural forms the language of tag distinguishes, in
// CLDR order: the forms a message in that language needs, by CLDR 48's
// cardinal rules (see PluralForm). lint, todo and merge ask translators for
// exactly these, as goi18n merge does.
func UsedForms(tag language.Tag) []plural.Form {
	cf := cldr.CardinalForms(tag)
	used := make([]plural.Form, len(cf))
	for i, f := range cf {
		used[i] = xForm(f)
	}
	return used
}

// Clone returns a copy of m that shares no memory with the file it was read
// from, for a tool that keeps a few messages of many bundles. The copy has
// no compiled templates: it is for reporting, not rendering.
func (m *Message) Clone() *Message {
	c := &Message{
		ID: strings.Clone(m.ID), Code: m.Code, Hash: strings.Clone(m.Hash),
		Description: strings.Clone(m.Description), File: m.File, Pos: m.Pos, At: m.At, bad: m.bad,
	}
	for i, t := range m.Text {
		c.Text[i] = strings.Clone(t)
	}
	return c
}
