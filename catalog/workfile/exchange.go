package workfile

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/coverage"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/exchange"
	cldr "github.com/errcat/errcat/catalog/internal/plural"
	"github.com/errcat/errcat/catalog/internal/tomlfile"
)

// This file is the other road in and out of a bundle: `errcat export` writes
// a locale's messages as an exchange.Document, for the PO and XLIFF files
// translators' tools (Poedit, Weblate, OmegaT, ...) speak, and `errcat
// import` brings the translated file back. Import does not write the bundle
// itself: it turns the file's translations into the entries of a work file
// and hands them to Merge, so that a translation from a tool gets exactly the
// checks, the in-place edits and the read-back a work file gets.

// Rules of the diagnostics Export and Import give.
const (
	// RuleNotExported: a form of a message that a PO or XLIFF file cannot
	// carry, left out of the export.
	RuleNotExported = "not-exported"
	// RuleNotImported: a translation of the file that import left out,
	// such as a draft or one with a plural form empty.
	RuleNotImported = "not-imported"
	// RuleLanguage: the file is for another language than the bundle.
	RuleLanguage = "language"
)

// A Selection says which of a locale's messages Export puts in the file.
type Selection uint8

// The selections; combine them with |.
const (
	Missing Selection = 1 << iota // codes the locale has no translation of
	Stale                         // translations made from an older source text
	Current                       // up-to-date translations, for context and review
	All     = Missing | Stale | Current
)

// ParseSelection reads a selection as `errcat export --only` takes it:
// "missing", "stale", "current" or "all", or several joined by commas.
func ParseSelection(s string) (Selection, error) {
	var sel Selection
	for part := range strings.SplitSeq(s, ",") {
		switch strings.TrimSpace(part) {
		case "missing":
			sel |= Missing
		case "stale":
			sel |= Stale
		case "current":
			sel |= Current
		case "all":
			sel |= All
		default:
			return 0, fmt.Errorf("%q is not one of missing, stale, current, all", part)
		}
	}
	return sel, nil
}

// PluralRule returns the plural rule a file for tag carries: gettext's
// Plural-Forms from CLDR 48 (plural.GettextHeader) and, after gettext's
// forms, every category that only decimals reach, such as Russian "other"
// (1.5 сообщения). gettext's expression never selects those, so gettext
// leaves them out; but errcat serves decimals too and its Russian messages
// need "other", so the file has a msgstr for it. msgfmt --check accepts the
// count, since the expression stays within it. The categories x/text's
// older CLDR data uses, which the catalog checks plural messages against
// (catalog.UsedForms), are included the same way.
func PluralRule(tag language.Tag) exchange.PluralRule {
	_, expr, forms := cldr.GettextHeader(tag)
	names := make([]string, 0, len(forms)+1)
	for _, f := range forms {
		names = append(names, f.String())
	}
	want := map[string]bool{}
	for _, f := range cldr.CardinalForms(tag) {
		want[f.String()] = true
	}
	for _, f := range catalog.UsedForms(tag) {
		want[catalog.FormName(f)] = true
	}
	for _, f := range catalog.Forms() {
		if name := catalog.FormName(f); want[name] && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return exchange.PluralRule{Forms: names, Header: fmt.Sprintf("nplurals=%d; plural=%s;", len(names), expr)}
}

// ExportInput is what Export reads.
type ExportInput struct {
	// Source is the source bundle, and Codes its servable codes, from
	// catalog.SourceCodes.
	Source *catalog.Bundle
	Codes  []int
	// Locale is the locale to export, and Bundle its bundle: nil for a
	// locale that has none yet, whose every code is missing.
	Locale language.Tag
	Bundle *catalog.Bundle
	// Only selects the messages; zero means All.
	Only Selection
}

// Export returns the document of one locale for a translator's file: a unit
// per selected code, ascending, with the source text, its description and
// hash, and the locale's translation where it has one, marked stale when it
// was made from another source text.
//
// The English a stale translation was made from is not in the bundles, so
// Previous stays empty; PreviousHash is the hash the bundle records, which is
// what import puts back. The diagnostics are warnings about forms a file
// cannot carry (a source form other than one and other, a translation's form
// its language does not use), which are left out.
func Export(in ExportInput) (*exchange.Document, []diag.Diagnostic) {
	only := in.Only
	if only == 0 {
		only = All
	}
	rule := PluralRule(in.Locale)
	doc := &exchange.Document{SourceLang: in.Source.Tag.String(), TargetLang: in.Locale.String(), Plural: rule}
	var cov coverage.Coverage
	if in.Bundle == nil {
		cov = coverage.New(in.Source, in.Codes, in.Locale, "")
	} else {
		cov = coverage.Compare(in.Source, in.Codes, in.Bundle, false)
	}
	missing, stale := map[string]bool{}, map[string]bool{}
	for _, g := range cov.Missing {
		missing[g.ID] = true
	}
	for _, g := range cov.Stale {
		stale[g.ID] = true
	}
	var diags []diag.Diagnostic
	for _, code := range in.Codes {
		id := strconv.Itoa(code)
		s := in.Source.Lookup(id)
		if s == nil {
			continue
		}
		var m *catalog.Message
		switch {
		case missing[id]:
			if only&Missing == 0 {
				continue
			}
		case stale[id]:
			if only&Stale == 0 {
				continue
			}
			m = in.Bundle.Lookup(id)
		default:
			if only&Current == 0 {
				continue
			}
			m = in.Bundle.Lookup(id)
		}
		u := exchange.Unit{Code: id, Description: s.Description, SourceHash: s.SourceHash(),
			Source: map[string]string{"other": s.Other()}}
		if s.HasForm(plural.One) {
			u.Source["one"] = s.Text[plural.One]
		}
		for _, f := range catalog.Forms() {
			if f != plural.One && f != plural.Other && s.HasForm(f) {
				p, _ := s.KeyPos(catalog.FormName(f))
				diags = append(diags, diag.At(in.Source.File, p, diag.Warning, id, RuleNotExported,
					"the source's %q form is not exported: PO and XLIFF carry the source's one and other only", catalog.FormName(f)))
			}
		}
		if m != nil {
			u.Target = map[string]string{}
			for _, f := range catalog.Forms() {
				name := catalog.FormName(f)
				switch {
				case !m.HasForm(f):
				case f == plural.Other || u.Source["one"] != "" && slices.Contains(rule.Forms, name):
					u.Target[name] = m.Text[f]
				default:
					p, _ := m.KeyPos(name)
					diags = append(diags, diag.At(in.Bundle.File, p, diag.Warning, id, RuleNotExported,
						"the %q form is not exported: %s", name, notCarried(u.Source["one"] != "", in.Locale, rule.Forms)))
				}
			}
			if stale[id] {
				u.Stale, u.PreviousHash = true, m.Hash
			} else {
				u.State = exchange.Translated
			}
		}
		doc.Units = append(doc.Units, u)
	}
	return doc, diags
}

func notCarried(isPlural bool, tag language.Tag, forms []string) string {
	if !isPlural {
		return "the source message is not plural"
	}
	return fmt.Sprintf("%s uses %s", tag, diag.List(forms))
}

// ImportInput is what Import reads.
type ImportInput struct {
	// Source is the source bundle, its hashes fixed by catalog.SourceCodes.
	Source *catalog.Bundle
	// Locale is the locale the file must be a translation into.
	Locale language.Tag
	// Bundle is the locale's bundle; for a locale without one, NewBundle's
	// text.
	Bundle File
	// Name is the imported file as diagnostics name it, and Doc what it
	// holds.
	Name string
	Doc  *exchange.Document
}

// An ImportResult is what importing one file produced.
type ImportResult struct {
	// Bundle is the bundle's new text, or nil when nothing changed.
	Bundle []byte
	// Imported lists the codes whose translation went in, ascending.
	Imported []string
	// Unchanged counts the file's translations the bundle already has,
	// Untranslated its units without a translation.
	Unchanged, Untranslated int
	// Notes are remarks about imported translations: which went in as
	// stale, and why.
	Notes []diag.Diagnostic
	// Left explains each translation of the file that was not imported:
	// a draft, a plural form left empty, a conflict with the bundle.
	Left []diag.Diagnostic
}

// An ImportError is Import's refusal of a whole file: nothing of it may go
// in until every problem is fixed.
type ImportError struct {
	File     string
	Problems []diag.Diagnostic
}

func (e *ImportError) Error() string {
	var b strings.Builder
	for i, d := range e.Problems {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// Import folds the translations of a translator's file into the locale's
// bundle, through Merge: each translation becomes a work file entry, so the
// bundle is edited in place, its comments and order kept, and read back
// before it is returned.
//
// The hash recorded beside each translation is Unit.TargetHash: for a
// translation the file marks current, the hash of the source text when the
// file was exported, so a translation whose source changed since is imported
// as stale, not as current. A file that lost the hash (a tool dropped the
// extracted comments) is judged by its source text: the same as today's is
// current, another is stale.
//
// Import refuses the whole file, with an *ImportError listing every problem,
// when the file is for another language or from another source language,
// has a unit for a code the source does not have, or a translation whose
// template does not parse. It leaves out, and explains in Left, a
// translation it cannot take as it is: one the file marks stale (fuzzy,
// needs review) without saying which source text it was made from, one
// with a plural form the locale needs left empty, one whose source changed
// between plural and not, and one that differs from an up-to-date
// translation in the bundle (import never overwrites one; change it in the
// bundle by hand).
func Import(in ImportInput) (*ImportResult, error) {
	doc := in.Doc
	fail := func(id, rule, format string, args ...any) diag.Diagnostic {
		return diag.Diagnostic{File: in.Name, Severity: diag.Error, ID: id, Rule: rule, Message: fmt.Sprintf(format, args...)}
	}
	srcTag := in.Source.Tag.String()
	if doc.SourceLang != "" && !sameBase(doc.SourceLang, in.Source.Tag) {
		return nil, &ImportError{File: in.Name, Problems: []diag.Diagnostic{fail("", RuleLanguage,
			"the file translates from %s, but the source of the catalog is %s (%s)", doc.SourceLang, srcTag, in.Source.File)}}
	}
	if err := exchange.CheckTarget(doc, in.Locale.String()); err != nil {
		msg := err.Error()
		if doc.TargetLang == "" {
			msg += " (PO: the Language header field; XLIFF: trgLang or target-language)"
		}
		return nil, &ImportError{File: in.Name, Problems: []diag.Diagnostic{fail("", RuleLanguage, "%s", msg)}}
	}
	before, bdiags := catalog.ParseBundle(in.Bundle.Name, in.Locale, in.Bundle.Data)
	if before == nil {
		return nil, &catalog.LoadError{Diagnostics: bdiags}
	}

	res := &ImportResult{}
	var problems []diag.Diagnostic
	leave := func(id, format string, args ...any) {
		res.Left = append(res.Left, diag.Diagnostic{File: in.Name, Severity: diag.Warning, ID: id, Rule: RuleNotImported,
			Message: "not imported: " + fmt.Sprintf(format, args...)})
	}
	// entries are the translations to merge; checked every translation of
	// a known code, whose templates must parse whether or not it goes in.
	var entries, checked []importEntry
	used := catalog.UsedForms(in.Locale)
	for i := range doc.Units {
		u := &doc.Units[i]
		s := in.Source.Lookup(u.Code)
		if _, isCode := catalog.ParseCode(u.Code); !isCode || s == nil || s.Other() == "" {
			problems = append(problems, fail(u.Code, diag.RuleObsolete,
				"the source %s has no code %s: is the file from another catalog, or from before the code was removed?", in.Source.File, u.Code))
			continue
		}
		if !translated(u) {
			res.Untranslated++
			continue
		}
		e := importEntry{src: s, hash: s.SourceHash()}
		for _, f := range catalog.Forms() {
			e.text[formIndex(f)] = u.Target[catalog.FormName(f)]
		}
		checked = append(checked, e)
		if filePlural, srcPlural := u.Source["one"] != "", s.IsPlural(); filePlural != srcPlural {
			change := "is no longer"
			if srcPlural {
				change = "became"
			}
			leave(u.Code, "the source message %s plural since the file was exported: export again and translate it anew", change)
			continue
		}
		old := before.Lookup(u.Code)
		same := old != nil && sameTexts(old, e.text)
		stale := u.Stale || u.State == exchange.Initial
		e.hash = u.TargetHash()
		switch {
		case e.hash != "":
		case !stale && sameEnglish(u, s):
			e.hash = s.SourceHash()
		case !stale:
			e.hash = hashOf(u)
		case old != nil && catalog.IsStale(old, s):
			// msgmerge against a newer template drops the hash a stale
			// translation was made from; the bundle still has it.
			e.hash = old.Hash
		case same:
			res.Unchanged++
			continue
		default:
			leave(u.Code, "the file marks it as not yet confirmed (fuzzy, needs review) and does not say which source text it was made from; confirm it in your tool and import again")
			continue
		}
		isStale := e.hash != s.SourceHash()
		if same && (isStale == catalog.IsStale(old, s)) {
			res.Unchanged++
			continue
		}
		if s.IsPlural() {
			var empty []plural.Form
			for _, f := range used {
				if e.text[formIndex(f)] == "" {
					empty = append(empty, f)
				}
			}
			if len(empty) > 0 {
				leave(u.Code, "the %s %s empty, and %s needs %s%s",
					diag.List(catalog.FormNames(empty)), diag.Plural(len(empty), "form is", "forms are"),
					in.Locale, diag.List(catalog.FormNames(used)), decimalHint(in.Locale, empty))
				continue
			}
		}
		if catalog.IsTranslated(old, s) && !catalog.IsStale(old, s) && !same {
			leave(u.Code, "%s has another up-to-date translation, %q, which import does not overwrite; if the file's is the better one, change it there by hand",
				in.Bundle.Name, old.Other())
			continue
		}
		switch {
		case !isStale:
		case stale:
			e.stale = "the file marks it as not yet confirmed (fuzzy, needs review)"
		default:
			e.stale = "the source text changed after the file was exported"
		}
		entries = append(entries, e)
	}

	// The loader's verdict on every translation, templates included,
	// before anything is merged: a template that does not parse refuses
	// the file, since a CAT tool that breaks one may have broken others.
	// Other flaws (placeholders, blank texts) are Merge's to leave out,
	// entry by entry.
	if len(checked) > 0 {
		wb, wdiags := catalog.ParseBundle(in.Name, in.Locale, importWork(in.Locale, checked))
		for _, d := range diag.Errors(wdiags) {
			problems = append(problems, fail(d.ID, d.Rule, "%s", d.Message))
		}
		if wb != nil {
			for _, m := range wb.Messages {
				for _, d := range catalog.Flaws(m, nil) {
					if d.Rule == diag.RuleTemplate || d.Rule == diag.RuleTemplateUnsafe {
						problems = append(problems, fail(d.ID, d.Rule, "%s", d.Message))
					}
				}
			}
		}
	}
	if len(problems) > 0 {
		return nil, &ImportError{File: in.Name, Problems: problems}
	}
	if len(entries) == 0 {
		return res, nil
	}
	work := importWork(in.Locale, entries)
	mres, err := Merge(Input{Source: in.Source, Locale: in.Locale, Bundle: in.Bundle, Work: File{Name: in.Name, Data: work}})
	if err != nil {
		var le *catalog.LoadError
		if errors.As(err, &le) {
			// The work file is made here; its lines are not the
			// user's, so its problems are named by code only.
			for i := range le.Diagnostics {
				if d := &le.Diagnostics[i]; d.File == in.Name {
					d.Line, d.Col = 0, 0
				}
			}
		}
		return nil, err
	}
	for _, d := range mres.Kept {
		// Merge's own checks, behind the ones above: report them by code,
		// since the work file's lines are not the user's.
		d.Line, d.Col = 0, 0
		res.Left = append(res.Left, d)
	}
	res.Bundle, res.Imported = mres.Bundle, mres.Merged
	for _, e := range entries {
		if e.stale != "" && slices.Contains(res.Imported, e.src.ID) {
			res.Notes = append(res.Notes, diag.Diagnostic{File: in.Name, Severity: diag.Warning, ID: e.src.ID, Rule: RuleStale,
				Message: "imported as stale: " + e.stale})
		}
	}
	return res, nil
}

// An importEntry is one translation Import hands to Merge as a work file
// entry.
type importEntry struct {
	src   *catalog.Message
	text  [len(tomlfile.FormKeys)]string // indexed as catalog.Forms
	hash  string
	stale string // why the translation goes in as stale, or ""
}

// importWork writes the work file of an import: the shape Write gives, each
// entry filled in.
func importWork(tag language.Tag, es []importEntry) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# errcat import into %s\n", tag)
	for _, e := range es {
		s := e.src
		fmt.Fprintf(&b, "\n[%s]\n", tomlfile.Quote(s.ID))
		fmt.Fprintf(&b, "hash = %s\n", tomlfile.Quote(e.hash))
		if s.LeftDelim != "" || s.RightDelim != "" {
			fmt.Fprintf(&b, "leftDelim = %s\n", tomlfile.Quote(s.LeftDelim))
			fmt.Fprintf(&b, "rightDelim = %s\n", tomlfile.Quote(s.RightDelim))
		}
		for i, key := range tomlfile.FormKeys {
			if e.text[i] != "" {
				fmt.Fprintf(&b, "%s = %s\n", key, tomlfile.Quote(e.text[i]))
			}
		}
	}
	return []byte(b.String())
}

// decimalHint explains, for the forms of empty that gettext has no
// number for, where they are and what they are for, since PO editors show
// them without an example.
func decimalHint(tag language.Tag, empty []plural.Form) string {
	_, _, forms := cldr.GettextHeader(tag)
	var extra []string
	for _, f := range empty {
		if !slices.ContainsFunc(forms, func(g cldr.Form) bool { return g.String() == catalog.FormName(f) }) {
			extra = append(extra, catalog.FormName(f))
		}
	}
	if len(extra) == 0 {
		return ""
	}
	return fmt.Sprintf(" (%s: the form for numbers with a fraction, such as 1.5, which gettext has no number for; in PO it is the last msgstr)",
		diag.List(extra))
}

// sameBase reports whether the file's source language is the catalog's,
// by its base language: tools write en-US where the catalog says en, and
// the hashes tell the English apart precisely anyway.
func sameBase(file string, src language.Tag) bool {
	t, err := language.Parse(strings.ReplaceAll(file, "_", "-"))
	if err != nil {
		return false
	}
	a, _ := t.Base()
	b, _ := src.Base()
	return a == b
}

// formIndex is f's index in tomlfile.FormKeys and catalog.Forms.
func formIndex(f plural.Form) int {
	return slices.Index(tomlfile.FormKeys[:], catalog.FormName(f))
}

func translated(u *exchange.Unit) bool {
	for _, t := range u.Target {
		if t != "" {
			return true
		}
	}
	return false
}

// sameTexts reports whether the bundle's message says what the file says,
// in every form the file fills in.
func sameTexts(old *catalog.Message, text [len(tomlfile.FormKeys)]string) bool {
	for i, f := range catalog.Forms() {
		if text[i] != "" && text[i] != old.Text[f] {
			return false
		}
	}
	return true
}

// sameEnglish reports whether the file's source text is the source's today.
func sameEnglish(u *exchange.Unit, s *catalog.Message) bool {
	return u.Source["other"] == s.Other() && u.Source["one"] == s.Text[plural.One]
}

// hashOf is the catalog's hash of the source text the file shows.
func hashOf(u *exchange.Unit) string {
	m := &catalog.Message{Description: u.Description}
	m.Text[plural.Other], m.Text[plural.One] = u.Source["other"], u.Source["one"]
	return m.SourceHash()
}
