// Package lint checks a catalog's bundles the way a translator's reviewer
// would: placeholders that a translation drops or invents, plural forms the
// language needs or never uses, empty and blank texts, whitespace that
// differs from the source's, text left in the source language, and
// messages for codes the source no longer has.
//
// Folder checks a folder one bundle at a time against the source, so that a
// catalog of any size holds the source and a bundle or two in memory; the
// loader's own findings (syntax, file names, keys) come with it, so one run
// lists every problem. Catalog checks a catalog already built, such as the
// snapshot a server serves, without reading any file.
//
// Findings are diag.Diagnostics with a stable Rule: the loader's (diag.Rule*:
// syntax, read, file-name, duplicate-locale, structure, unknown-key,
// duplicate-key, template, template-unsafe, code, empty, source, obsolete,
// special-file, internal) and those below. template-unsafe is a template
// outside the safe subset that package catalog's doc defines (a loop, a
// definition, a function call, a variable); duplicate-key, one key written
// twice in two cases ("other" and "Other"), which go-i18n reads as one.
package lint

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/internal/parallel"
	"github.com/errcat/errcat/catalog/internal/tmpl"
)

// The checks' rules.
const (
	// RuleObsolete: a translation has a code the source does not.
	RuleObsolete = diag.RuleObsolete
	// RulePlaceholderMissing: the source uses a template field ({{.Max}})
	// that the translation leaves out.
	// One of catalog.Flaws: the catalog serves the fallback instead.
	RulePlaceholderMissing = diag.RulePlaceholderMissing
	// RulePlaceholderUnknown: the translation uses a template field that
	// the source does not; callers give no data for it, so it would render
	// as nothing.
	// One of catalog.Flaws: the catalog serves the fallback instead.
	RulePlaceholderUnknown = diag.RulePlaceholderUnknown
	// RulePluralMissing: a plural message lacks a form the locale's
	// language needs by CLDR (few and many in ru).
	RulePluralMissing = "plural-missing"
	// RulePluralUnused: a message has a form its language never selects by
	// CLDR (one in ja); the text can never be shown.
	RulePluralUnused = "plural-unused"
	// RuleEmpty: a message, or one of its forms, is empty or blank. A
	// blank text is one of catalog.Flaws: the catalog serves the fallback
	// instead.
	RuleEmpty = diag.RuleEmpty
	// RuleWhitespace: leading or trailing whitespace differs from the
	// source's.
	RuleWhitespace = "whitespace"
	// RuleIdentical: a translation is the same as the source text.
	RuleIdentical = "identical"
)

// Folder checks the bundles of f and returns every finding, the loader's
// included, sorted with diag.Sort; it never stops at the first. Findings
// that compare a translation with the source (obsolete codes, placeholders,
// whitespace, identical text) need a readable source bundle and are skipped
// without one; the source's own problems say why.
func Folder(f *catalog.Folder) []diag.Diagnostic {
	var diags []diag.Diagnostic
	Stream(f, func(ds []diag.Diagnostic) { diags = append(diags, ds...) })
	return diags
}

// Stream checks f as Folder does and hands its findings to emit as each
// bundle is done, in Folder's order: the findings emit receives, one call
// after the other, are Folder's, sorted the same. It holds the source and a
// bundle per core, never every bundle, nor every finding: a caller that
// writes them out as they come holds nothing of a bundle once it is done.
// emit is called from one goroutine at a time, with findings about one
// file or more; it must not keep the slice.
//
// Findings sort by file first, and each translation's findings are about
// its own file, so the bundles are checked in the order of their files'
// names, and the findings about other files (the folder's, the source's)
// are emitted in between, where they sort.
func Stream(f *catalog.Folder, emit func([]diag.Diagnostic)) {
	pre := slices.Clone(f.Diagnostics)
	var ref *sourceRef
	if f.Source.Name != "" {
		src, ds := f.Read(f.Source)
		pre = append(pre, ds...)
		if src != nil {
			ref = newSourceRef(src, ds)
			_, more := catalog.SourceCodes(src)
			pre = append(pre, more...)
			pre = append(pre, f.CheckFacts(src)...)
			pre = append(pre, bundle(src, ref)...)
		}
	}
	if ref == nil {
		nd := f.NoSource()
		if !slices.ContainsFunc(pre, func(d diag.Diagnostic) bool { return d.File == nd.File }) {
			nd.Message += "; translations were not compared with it"
			pre = append(pre, nd)
		}
	}
	diag.Sort(pre)

	order := make([]int, len(f.Translations))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(f.Translations[a].File, f.Translations[b].File) })
	var (
		mu    sync.Mutex
		done  = make([][]diag.Diagnostic, len(order))
		ready = make([]bool, len(order))
		next  int
	)
	// flush emits the findings of the bundles done so far in order, each
	// after the findings of pre that sort before it and with those about
	// its own file. A stable sort of pre's findings and then the bundle's
	// orders ties as Folder's one sort of everything did.
	flush := func() {
		for next < len(order) && ready[next] {
			file := f.Translations[order[next]].File
			k := 0
			for k < len(pre) && pre[k].File < file {
				k++
			}
			if k > 0 {
				emit(pre[:k])
			}
			n := k
			for n < len(pre) && pre[n].File == file {
				n++
			}
			group := append(slices.Clone(pre[k:n]), done[next]...)
			diag.Sort(group)
			if len(group) > 0 {
				emit(group)
			}
			pre, done[next] = pre[n:], nil
			next++
		}
	}
	var budget inFlight
	parallel.Each(len(order), func(p int) {
		// As f.Read, with the parse and the checks, which hold some eight
		// times the file's size, within the budget.
		file := f.Translations[order[p]]
		var ds []diag.Diagnostic
		if data, rds := f.ReadBytes(file); data == nil {
			ds = rds
		} else {
			// A panic in the checks (parallel.Each carries it to the
			// caller) must not keep the budget from the other workers.
			ds = func() []diag.Diagnostic {
				budget.acquire(len(data))
				defer budget.release(len(data))
				b, ds := catalog.ParseBundle(file.File, file.Tag, data)
				if b != nil {
					ds = append(ds, bundle(b, ref)...)
				}
				return detached(ds)
			}()
		}
		mu.Lock()
		defer mu.Unlock()
		done[p], ready[p] = ds, true
		flush()
	})
	if len(pre) > 0 {
		emit(pre)
	}
}

// Catalog checks the bundles c was built from and returns the findings,
// its load warnings included, sorted. It reads no file, so its findings
// describe exactly the catalog given, even when the folder it came from has
// changed since.
func Catalog(c *catalog.Catalog) []diag.Diagnostic {
	bundles := c.Bundles()
	diags := slices.Clone(c.Warnings())
	ref := newSourceRef(bundles[0], nil)
	for _, b := range bundles {
		diags = append(diags, bundle(b, ref)...)
	}
	diag.Sort(diags)
	return diags
}

// InFlightBudget bounds the bytes of bundle files Stream parses and checks
// at once, a bundle per core while they are smaller. A bundle takes some
// eight times its file's size while it is checked (its messages, their
// compiled templates, the lexer's entries), so two 13 MB bundles of 100k
// codes at once, beside the source, held 400 MB and twice that with the
// collector's headroom; one at a time, 200 MB. A bundle larger than the
// budget is checked alone.
const InFlightBudget = 16 << 20

// An inFlight counts the bytes of the bundles being checked.
type inFlight struct {
	mu    sync.Mutex
	cond  *sync.Cond
	bytes int
}

// acquire waits until n more bytes fit in InFlightBudget, or nothing else
// is in flight.
func (f *inFlight) acquire(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cond == nil {
		f.cond = sync.NewCond(&f.mu)
	}
	for f.bytes > 0 && f.bytes+n > InFlightBudget {
		f.cond.Wait()
	}
	f.bytes += n
}

func (f *inFlight) release(n int) {
	f.mu.Lock()
	f.bytes -= n
	f.mu.Unlock()
	f.cond.Broadcast()
}

// detached returns ds with their strings copied out of the bundle they
// describe. A message ID, and the text some messages quote, are substrings
// of the bundle's file; a finding kept once its bundle is done would keep
// the whole file alive: Folder kept every finding until the end, and at
// 100k codes × 50 locales that was every file of the catalog, 1.2 GiB.
func detached(ds []diag.Diagnostic) []diag.Diagnostic {
	for i := range ds {
		ds[i].ID, ds[i].Message = strings.Clone(ds[i].ID), strings.Clone(ds[i].Message)
	}
	return ds
}

func newSourceRef(src *catalog.Bundle, readDiags []diag.Diagnostic) *sourceRef {
	// An entry of the source that the loader refused (say, for a misspelt
	// key) still defines its code: translations of it are not obsolete.
	ref := &sourceRef{b: src, known: map[string]bool{}}
	for _, d := range readDiags {
		if d.ID != "" {
			ref.known[d.ID] = true
		}
	}
	return ref
}

type sourceRef struct {
	b     *catalog.Bundle
	known map[string]bool // IDs of source entries the loader refused
}

// bundle checks the messages of one bundle. src is nil when the source
// could not be read.
func bundle(b *catalog.Bundle, src *sourceRef) []diag.Diagnostic {
	var diags []diag.Diagnostic
	isSource := src != nil && b == src.b
	used := catalog.UsedForms(b.Tag)
	for _, m := range b.Messages {
		report := func(p catalog.Pos, sev diag.Severity, rule, format string, args ...any) {
			diags = append(diags, diag.At(b.File, p, sev, m.ID, rule, format, args...))
		}
		var s *catalog.Message // the source message, when comparing with it
		if src != nil && !isSource {
			s = src.b.Lookup(m.ID)
			if s == nil && !src.known[m.ID] {
				report(m.Pos, diag.Error, RuleObsolete, "the source %s has no code %s: delete this message, or restore the English", src.b.File, m.ID)
				continue
			}
		}

		// What would render wrong: catalog.Flaws, the loader's own
		// judgement, which is what makes the catalog serve the fallback
		// instead. A source's template that does not compile is
		// SourceCodes' finding, already in diags.
		flaws := catalog.Flaws(m, s)
		compiled := !slices.ContainsFunc(flaws, isTemplate)
		if isSource {
			flaws = slices.DeleteFunc(flaws, isTemplate)
		}
		diags = append(diags, flaws...)

		// Empty texts: not translated yet, rather than wrong. The source's
		// own missing "other" is reported by SourceCodes.
		other := m.Other()
		_, written := m.KeyPos("other")
		switch {
		case isSource && other == "":
		case !written:
			report(m.Pos, diag.Error, RuleEmpty, "the message has no \"other\" text, which every message needs")
		case other == "":
			report(m.At[plural.Other], diag.Error, RuleEmpty, "the message is empty: translate it, or delete it so that users get the fallback")
		}
		for _, f := range catalog.Forms() {
			if f == plural.Other {
				continue
			}
			if _, written := m.KeyPos(catalog.FormName(f)); written && m.Text[f] == "" {
				report(m.At[f], diag.Error, RuleEmpty, "the %q form is empty: translate it, or delete it", catalog.FormName(f))
			}
		}
		if other == "" || catalog.IsBlank(other) || !compiled {
			// Nothing to compare: an empty message, or one whose
			// template does not compile, is one finding, not a cascade
			// of missing placeholders and forms.
			continue
		}

		// Plural forms, by CLDR 48's rules (catalog.UsedForms).
		for _, f := range catalog.Forms() {
			if m.HasForm(f) && !slices.Contains(used, f) {
				p, _ := m.KeyPos(catalog.FormName(f))
				report(p, diag.Warning, RulePluralUnused, "%s never uses the plural form %q (it uses %s); this text is never shown",
					b.Tag, catalog.FormName(f), formList(used))
			}
		}
		ref := m
		if s != nil {
			ref = s
		}
		if ref.IsPlural() {
			var lack []plural.Form
			for _, f := range used {
				// An empty form that is written is reported as empty.
				if _, written := m.KeyPos(catalog.FormName(f)); !written {
					lack = append(lack, f)
				}
			}
			if len(lack) > 0 {
				report(m.Pos, diag.Error, RulePluralMissing, "plural message lacks the %s %s that %s needs",
					formList(lack), diag.Plural(len(lack), "form", "forms"), b.Tag)
			}
		}

		if s == nil {
			continue
		}
		for _, f := range catalog.Forms() {
			t := m.Text[f]
			if strings.TrimSpace(t) == "" {
				continue
			}
			st := s.Text[f]
			if st == "" {
				st = s.Other()
			}
			if lt, ls := leadingSpace(t), leadingSpace(st); lt != ls {
				report(m.At[f], diag.Warning, RuleWhitespace, "the text starts with %s", spaceDiff(lt, ls))
			}
			if tt, ts := trailingSpace(t), trailingSpace(st); tt != ts {
				report(m.At[f], diag.Warning, RuleWhitespace, "the text ends with %s", spaceDiff(tt, ts))
			}
			if t == st && !sameLanguage(b.Tag, src.b.Tag) && hasWords(t, m) {
				report(m.At[f], diag.Warning, RuleIdentical, "the text is the same as the source's %q: is it translated?", st)
			}
		}
	}
	return diags
}

// isTemplate reports a finding that a template does not compile.
func isTemplate(d diag.Diagnostic) bool {
	return d.Rule == diag.RuleTemplate || d.Rule == diag.RuleTemplateUnsafe
}

func formList(forms []plural.Form) string { return diag.List(catalog.FormNames(forms)) }

func leadingSpace(s string) string {
	return s[:len(s)-len(strings.TrimLeftFunc(s, unicode.IsSpace))]
}

func trailingSpace(s string) string {
	return s[len(strings.TrimRightFunc(s, unicode.IsSpace)):]
}

// spaceDiff describes whitespace a translation has where its source has
// other whitespace, or none.
func spaceDiff(got, src string) string {
	switch {
	case got == "":
		return fmt.Sprintf("no whitespace; the source's has %q", src)
	case src == "":
		return fmt.Sprintf("%q; the source's has none", got)
	}
	return fmt.Sprintf("%q; the source's with %q", got, src)
}

// sameLanguage reports whether two tags are variants of one language (en
// and en-GB), whose texts are often rightly the same.
func sameLanguage(a, b language.Tag) bool {
	ba, _ := a.Base()
	bb, _ := b.Base()
	return ba == bb
}

// hasWords reports whether text, outside its template actions, has a letter.
// A text of numbers, punctuation and placeholders alone ("{{.Count}}",
// "404") reads the same in every language, so identical is no sign of a
// missing translation. Names are not told apart from words: a message that
// is only a name is rare, and the finding is a warning.
func hasWords(text string, m *catalog.Message) bool {
	for _, t := range tmpl.Literals(text, m.LeftDelim, m.RightDelim) {
		if strings.IndexFunc(t, unicode.IsLetter) >= 0 {
			return true
		}
	}
	return false
}
