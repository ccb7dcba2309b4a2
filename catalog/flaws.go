package catalog

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/feature/plural"

	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/internal/tmpl"
)

// What counts as translated is decided here, once, for every part of
// errcat: the loader serves a translation only when IsTranslated holds,
// and lint, merge, coverage (missing, stats, todo) and the status page ask
// the same question of the same function. A translation that would render
// wrong is worse than none: its user gets "<no value>", a sentence without
// its number, or spaces, where the fallback would have given them a
// correct message in their next language.

// Flaws returns what would make translation m render wrong, each an
// error-severity diagnostic at its place in m's file, or nil:
//
//   - a form whose template does not compile (rule template) or is outside
//     the safe subset (template-unsafe);
//   - a form whose text is blank, only whitespace or invisible characters
//     (IsBlank; rule empty);
//   - a placeholder that the source src does not have, which callers give
//     no data for, so it would render as nothing (placeholder-unknown);
//   - a placeholder of src that m leaves out (placeholder-missing);
//   - a }} that closes no {{, beyond those src has as text (rule
//     template): text/template prints it as it is.
//
// Placeholders are compared over all plural forms together: an English
// "one" may say "a file" where "other" says "{{.PluralCount}} files", and
// a language with "other" alone then needs the count. They are not
// compared when a form does not compile or "other" is empty or blank: that
// is one finding, or none, not a cascade.
//
// src is the source message m translates; nil, or m itself, for a source
// message, which is checked on its own (templates and blank texts). An
// empty text is not a flaw: it is a translation not made yet, and renders
// as nothing only for a form, which falls back to "other".
//
// For a good translation it returns nil without allocating: the loader
// asks it of every message at load time.
func Flaws(m, src *Message) []diag.Diagnostic {
	if flawless(m, src) {
		return nil
	}
	return describeFlaws(m, src)
}

// IsTranslated reports whether m is a usable translation of src: it has an
// "other" text and no Flaws. A nil m is not. For a good translation it
// does not allocate.
func IsTranslated(m, src *Message) bool {
	return m != nil && m.Other() != "" && flawless(m, src)
}

// IsBlank reports whether text is there but shows nothing: it has only
// whitespace (unicode.IsSpace, so U+3000 and the no-break space too) or
// invisible format characters (unicode.Cf: U+200B ZERO WIDTH SPACE, U+2060,
// U+FEFF, the soft hyphen), which a paste from a word processor or a web
// page can leave behind where a translation should be. Its user would get
// an empty message, so a blank text is one of Flaws; lint and coverage ask
// this function, so that all three agree. An empty text is not blank: it
// is a translation not made yet.
func IsBlank(text string) bool {
	if text == "" {
		return false
	}
	for _, r := range text {
		if !unicode.IsSpace(r) && !unicode.Is(unicode.Cf, r) {
			return false
		}
	}
	return true
}

// blankness says what blank text holds, for its diagnostic: whitespace, or
// which invisible characters, since a translator cannot see them.
func blankness(text string) string {
	const most = 5
	var invisible []string
	space, more := false, false
	for _, r := range text {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		u := fmt.Sprintf("U+%04X", r)
		switch {
		case slices.Contains(invisible, u):
		case len(invisible) < most:
			invisible = append(invisible, u)
		default:
			more = true
		}
	}
	if len(invisible) == 0 {
		return "it has only whitespace"
	}
	if more {
		invisible = append(invisible, "…")
	}
	s := "it has only invisible characters (" + strings.Join(invisible, ", ") + ")"
	if space {
		s += " and whitespace"
	}
	return s
}

// flawless is Flaws without the words: it reads only what the loader
// computed (each form's compile error and fields), so it never allocates.
func flawless(m, src *Message) bool {
	if m.bad != nil {
		return false
	}
	for _, f := range forms {
		if IsBlank(m.Text[f]) {
			return false
		}
	}
	if src == nil || src == m || m.Other() == "" {
		return true
	}
	for _, f := range forms {
		for _, name := range m.Placeholders(f) {
			if !reads(src, name) {
				return false
			}
		}
		for _, name := range src.Placeholders(f) {
			if !reads(m, name) {
				return false
			}
		}
	}
	limit := strayLimit(src)
	for _, f := range forms {
		if n, _ := tmpl.StrayRight(m.Text[f], m.LeftDelim, m.RightDelim, limit); n > limit {
			return false
		}
	}
	return true
}

// strayLimit returns how many right delimiters that close no action (a
// }} as text) a translation of src may have: as many as src's form with
// the most. text/template prints such a }} as it is, so beyond those of
// the source it is a slip ({{.Max}} }}) its reader would see.
func strayLimit(src *Message) int {
	limit := 0
	for _, f := range forms {
		n, _ := tmpl.StrayRight(src.Text[f], src.LeftDelim, src.RightDelim, 0)
		limit = max(limit, n)
	}
	return limit
}

// reads reports whether any form of m reads the field name.
func reads(m *Message, name string) bool {
	for _, f := range forms {
		if slices.Contains(m.Placeholders(f), name) {
			return true
		}
	}
	return false
}

// describeFlaws is Flaws for a message flawless has found wanting.
func describeFlaws(m, src *Message) []diag.Diagnostic {
	var diags []diag.Diagnostic
	at := func(p Pos, rule, format string, args ...any) {
		diags = append(diags, diag.At(m.File, p, diag.Error, m.ID, rule, format, args...))
	}
	compiled := true
	for _, f := range forms {
		if m.bad == nil {
			break
		}
		if err := m.bad[f]; err != nil {
			compiled = false
			rule := diag.RuleTemplate
			var unsafe *tmpl.UnsafeError
			if errors.As(err, &unsafe) {
				rule = diag.RuleTemplateUnsafe
			}
			at(m.At[f], rule, "%s: template: %v", FormName(f), err)
		}
	}
	if IsBlank(m.Other()) {
		at(m.At[plural.Other], diag.RuleEmpty, "the message is blank: %s", blankness(m.Other()))
	}
	for _, f := range forms {
		if f != plural.Other && IsBlank(m.Text[f]) {
			at(m.At[f], diag.RuleEmpty, "the %q form is blank: %s", FormName(f), blankness(m.Text[f]))
		}
	}
	if src == nil || src == m || !compiled || m.Other() == "" || IsBlank(m.Other()) {
		return diags
	}
	limit := strayLimit(src)
	for _, f := range forms {
		if n, off := tmpl.StrayRight(m.Text[f], m.LeftDelim, m.RightDelim, limit); n > limit {
			at(m.At[f], diag.RuleTemplate, "%s: template: %s", FormName(f), tmpl.DescribeStray(m.Text[f], m.LeftDelim, m.RightDelim, off))
		}
	}
	return append(diags, placeholderFlaws(m, src)...)
}

// placeholderFlaws compares the template fields of translation m with its
// source's, over all plural forms together.
func placeholderFlaws(m, src *Message) []diag.Diagnostic {
	var srcFields []string
	for _, f := range forms {
		for _, name := range src.Placeholders(f) {
			if !slices.Contains(srcFields, name) {
				srcFields = append(srcFields, name)
			}
		}
	}
	slices.Sort(srcFields)
	var diags []diag.Diagnostic
	var reported []string
	for _, f := range forms {
		for _, name := range m.Placeholders(f) {
			if slices.Contains(srcFields, name) || slices.Contains(reported, name) {
				continue
			}
			reported = append(reported, name)
			d := diag.At(m.File, m.At[f], diag.Error, m.ID, diag.RulePlaceholderUnknown,
				"placeholder {{.%s}} is not in the source; it would show as nothing", name)
			if near := tmpl.CaseSlip(name, srcFields); near != "" {
				d.Message += fmt.Sprintf(": did you mean {{.%s}}?", near)
			}
			diags = append(diags, d)
		}
	}
	at := m.At[plural.Other]
	if !m.HasForm(plural.Other) {
		at = m.Pos
	}
	for _, name := range srcFields {
		if !reads(m, name) {
			d := diag.At(m.File, at, diag.Error, m.ID, diag.RulePlaceholderMissing,
				"placeholder {{.%s}} of the source is missing from the translation", name)
			if wide := fullWidth(m, name); wide != "" {
				// A CJK input method types ｛ for {: the placeholder is
				// there to the eye, and text to the template.
				d.Message += fmt.Sprintf(": %s has full-width braces, which are text; write {{.%s}}", wide, name)
			}
			diags = append(diags, d)
		}
	}
	return diags
}

// fullWidth returns the spelling of placeholder name with full-width braces
// (｛｛.Max｝｝, or one brace of each kind) that a form of m has, or "".
func fullWidth(m *Message, name string) string {
	for _, f := range forms {
		t := m.Text[f]
		if !strings.ContainsAny(t, "｛｝") {
			continue
		}
		for _, l := range []string{"｛｛", "{{", "｛{", "{｛"} {
			for _, r := range []string{"｝｝", "}}", "｝}", "}｝"} {
				for _, sp := range []string{"", " "} {
					w := l + sp + "." + name + sp + r
					if w != "{{"+sp+"."+name+sp+"}}" && strings.Contains(t, w) {
						return w
					}
				}
			}
		}
	}
	return ""
}

// sourceFlaws returns the flaws of source messages that stop them from
// being served: a template that does not compile. There is nothing to fall
// back to from the source, so SourceCodes reports them as the catalog's
// errors.
func sourceFlaws(m *Message) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range Flaws(m, nil) {
		if d.Rule == diag.RuleTemplate || d.Rule == diag.RuleTemplateUnsafe {
			out = append(out, d)
		}
	}
	return out
}
