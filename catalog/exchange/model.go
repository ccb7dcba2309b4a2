package exchange

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Document is one source language and one target language: what a
// translator gets in one file.
type Document struct {
	SourceLang string // BCP 47, "en"
	TargetLang string // BCP 47, "ja"; empty in a template (.pot)

	// Plural is the target language's plural rule, given by the caller
	// because gettext needs it and cannot infer it.
	Plural PluralRule

	Units []Unit
}

// A PluralRule says how the target language's CLDR plural categories map to
// gettext's numbered msgstr[n].
type PluralRule struct {
	// Forms lists the CLDR categories ("zero" "one" "two" "few" "many"
	// "other") in msgstr index order: ["other"] for ja, ["one", "other"] for
	// fr, ["one", "few", "many"] for ru with gettext's three forms.
	Forms []string

	// Header is gettext's Plural-Forms value for the same language:
	// "nplurals=2; plural=(n > 1);". Its nplurals must equal len(Forms).
	Header string
}

// A Unit is one error code: its English, its translation, and what is known
// about how current that translation is.
type Unit struct {
	Code        string // "2004"
	Description string // the translator note from the English bundle

	// Source is the English by CLDR category: "other" always, and "one" too
	// for a plural message. English has no other categories.
	Source map[string]string

	// SourceHash is the catalog's hash of Source and Description, as the
	// English stood when the file was exported. It is opaque here: the
	// catalog computes it, the codecs carry it.
	SourceHash string

	// Target is the translation by CLDR category of the target language.
	// Empty (or nil) means untranslated; an empty string is the same as a
	// missing category.
	Target map[string]string

	// State is the workflow state of a current target. It is Initial when
	// there is no target and when the target is stale.
	State State

	// Stale marks a target that is not current: it was made from other
	// English, or a translator has not yet confirmed it (gettext's fuzzy).
	Stale bool

	// Previous is the English a stale target was made from, when known,
	// keyed like Source. PreviousHash is that English's hash, when known.
	Previous     map[string]string
	PreviousHash string
}

// TargetHash returns the hash that a bundle should record beside the target:
// SourceHash for a current target, PreviousHash for a stale one (empty when
// the file does not say what English it was made from), and "" when there is
// no target.
func (u *Unit) TargetHash() string {
	switch {
	case !u.translated():
		return ""
	case u.stale():
		return u.PreviousHash
	default:
		return u.SourceHash
	}
}

// State is a target's place in the translation workflow. The XLIFF 2.0 names
// are the model; the other formats map to them (see the package doc).
type State int

// The states, in workflow order.
const (
	Initial    State = iota // untranslated, or stale
	Translated              // translated, not reviewed
	Reviewed                // checked by a reviewer
	Final                   // signed off
)

var stateNames = [...]string{"initial", "translated", "reviewed", "final"}

func (s State) String() string {
	if s >= 0 && int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "State(" + strconv.Itoa(int(s)) + ")"
}

// categories are CLDR's plural categories in CLDR order.
var categories = []string{"zero", "one", "two", "few", "many", "other"}

func isCategory(f string) bool { return slices.Contains(categories, f) }

// inCLDROrder returns the keys of the given maps that are categories, in
// CLDR order.
func inCLDROrder(ms ...map[string]string) []string {
	var out []string
	for _, c := range categories {
		for _, m := range ms {
			if m[c] != "" {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

func (u *Unit) plural() bool { return u.Source["one"] != "" }

func (u *Unit) translated() bool {
	for _, t := range u.Target {
		if t != "" {
			return true
		}
	}
	return false
}

// stale reports whether writers treat the target as stale: a target that is
// not Stale but has State Initial is a draft, and every format writes a
// draft the way it writes a stale target.
func (u *Unit) stale() bool {
	return u.translated() && (u.Stale || u.State == Initial)
}

// ErrTooLarge is wrapped by the readers' errors when the input exceeds the
// caller's limit.
var ErrTooLarge = errors.New("input exceeds the size limit")

// DefaultLimit is the input size the readers accept when the caller passes a
// limit of zero or less.
const DefaultLimit = 32 << 20

// A ParseError is a problem at one line of a PO or XLIFF file.
type ParseError struct {
	Format string // "po" or "xliff"
	Line   int    // 1-based; 0 when unknown
	Entry  string // `msgctxt "2004"`, `unit "2004"`; empty when none
	Err    error
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.Format)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Entry != "" {
		b.WriteString(e.Entry)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *ParseError) Unwrap() error { return e.Err }

// A LanguageError is CheckTarget's verdict on a file for the wrong language.
type LanguageError struct {
	Got, Want string
}

func (e *LanguageError) Error() string {
	if e.Got == "" {
		return fmt.Sprintf("the file names no target language, want %s", e.Want)
	}
	return fmt.Sprintf("the file is for %s, want %s", e.Got, e.Want)
}

// CheckTarget returns a *LanguageError unless doc is a translation into want.
// Tags compare case-insensitively, and gettext's pt_BR equals pt-BR; no other
// matching is done, so ja-JP is not ja.
func CheckTarget(doc *Document, want string) error {
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "-")) }
	if doc.TargetLang == "" || norm(doc.TargetLang) != norm(want) {
		return &LanguageError{Got: doc.TargetLang, Want: want}
	}
	return nil
}

// nplurals returns the nplurals of a Plural-Forms value, or 0.
func nplurals(header string) int {
	for part := range strings.SplitSeq(header, ";") {
		k, v, ok := strings.Cut(part, "=")
		if ok && strings.TrimSpace(k) == "nplurals" {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err == nil && n > 0 {
				return n
			}
		}
	}
	return 0
}

// defaultForms returns the categories of the gettext plural counts whose
// mapping is the same in every language; other counts need the file to say.
func defaultForms(n int) []string {
	switch n {
	case 1:
		return []string{"other"}
	case 2:
		return []string{"one", "other"}
	case 6:
		return slices.Clone(categories)
	}
	return nil
}

func (d *Document) checkPlural() error {
	for i, f := range d.Plural.Forms {
		if !isCategory(f) {
			return fmt.Errorf("plural forms: %q is not a CLDR plural category", f)
		}
		if slices.Contains(d.Plural.Forms[:i], f) {
			return fmt.Errorf("plural forms: %q appears twice", f)
		}
	}
	if len(d.Plural.Forms) > 0 && d.Plural.Header != "" {
		if n := nplurals(d.Plural.Header); n != len(d.Plural.Forms) {
			return fmt.Errorf("plural forms: %d categories %v, but the header %q has nplurals=%d",
				len(d.Plural.Forms), d.Plural.Forms, d.Plural.Header, n)
		}
	}
	if strings.ContainsAny(d.Plural.Header, "\n\r") {
		return errors.New("plural forms: the header has a line break")
	}
	return nil
}

func checkLang(what, tag string) error {
	for _, r := range tag {
		if !(r < utf8.RuneSelf && (r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r))) {
			return fmt.Errorf("%s %q is not a language tag", what, tag)
		}
	}
	return nil
}

// checkCode accepts codes that are XML name tokens without a colon, so that
// every format can use them as ids.
func checkCode(code string) error {
	if code == "" {
		return errors.New("empty code")
	}
	for _, r := range code {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_') {
			return fmt.Errorf("code %q: only letters, digits, '.', '-' and '_' are allowed", code)
		}
	}
	return nil
}

// checkUnit is the one set of rules every writer applies and every reader
// applies to what it read, so that anything read can be written back.
func (d *Document) checkUnit(u *Unit) error {
	if err := checkCode(u.Code); err != nil {
		return err
	}
	if u.Source["other"] == "" {
		return errors.New(`the English has no "other" text`)
	}
	for _, f := range slices.Sorted(maps.Keys(u.Source)) {
		if f != "one" && f != "other" {
			return fmt.Errorf("the English has no form %q: only one and other", f)
		}
	}
	for _, f := range slices.Sorted(maps.Keys(u.Target)) {
		if u.Target[f] == "" {
			continue
		}
		switch {
		case !isCategory(f):
			return fmt.Errorf("target form %q is not a CLDR plural category", f)
		case !u.plural() && f != "other":
			return fmt.Errorf("target form %q, but the English is not plural", f)
		case u.plural() && len(d.Plural.Forms) > 0 && !slices.Contains(d.Plural.Forms, f):
			return fmt.Errorf("target form %q is not in the plural forms %v", f, d.Plural.Forms)
		}
	}
	if u.stale() {
		for _, f := range slices.Sorted(maps.Keys(u.Previous)) {
			if f != "one" && f != "other" {
				return fmt.Errorf("previous English form %q: English has only one and other", f)
			}
		}
		if u.Previous != nil && u.Previous["other"] == "" {
			return errors.New(`the previous English has no "other" text`)
		}
	}
	if u.State < Initial || u.State > Final {
		return fmt.Errorf("unknown state %d", int(u.State))
	}
	for _, h := range []string{u.SourceHash, u.PreviousHash} {
		if strings.IndexFunc(h, unicode.IsSpace) >= 0 || strings.ContainsRune(h, 0) {
			return fmt.Errorf("hash %q has a space or a NUL", h)
		}
	}
	for _, s := range u.texts() {
		if strings.ContainsRune(s, 0) {
			return errors.New("text has a NUL character")
		}
		if !utf8.ValidString(s) {
			return errors.New("text is not valid UTF-8")
		}
	}
	if lines := strings.Split(u.Description, "\n"); u.SourceHash == "" && hashLine(lines[len(lines)-1]) != "" {
		return errors.New("the description's last line would read as the errcat-hash line")
	}
	return nil
}

// texts returns every string of u that a format writes.
func (u *Unit) texts() []string {
	out := []string{u.Description}
	for _, m := range []map[string]string{u.Source, u.Target, u.Previous} {
		for _, s := range m {
			out = append(out, s)
		}
	}
	return out
}

// check runs every rule on the whole document.
func (d *Document) check() error {
	if err := checkLang("source language", d.SourceLang); err != nil {
		return err
	}
	if err := checkLang("target language", d.TargetLang); err != nil {
		return err
	}
	if err := d.checkPlural(); err != nil {
		return err
	}
	seen := make(map[string]bool, len(d.Units))
	for i := range d.Units {
		u := &d.Units[i]
		if err := d.checkUnit(u); err != nil {
			return fmt.Errorf("unit %q: %w", u.Code, err)
		}
		if seen[u.Code] {
			return fmt.Errorf("unit %q: the code appears twice", u.Code)
		}
		seen[u.Code] = true
	}
	return nil
}

const hashPrefix = "errcat-hash: "
const previousHashPrefix = "errcat-previous-hash: "

// hashLine returns the hash of a line "errcat-hash: HASH", or "".
func hashLine(line string) string { return prefixedToken(line, hashPrefix) }

func prefixedToken(line, prefix string) string {
	h, ok := strings.CutPrefix(line, prefix)
	if !ok || h == "" || strings.IndexFunc(h, unicode.IsSpace) >= 0 {
		return ""
	}
	return h
}
