package catalog

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// A work file is a translator's to-do list for one locale, written by
// `errcat todo` beside the bundles as translate.ja.toml and folded back into
// ja.toml by `errcat merge`. It is a go-i18n message file, the same shape as
// goi18n merge's translate files, so a translator's tools read it, but its
// `other` texts start empty and the English is in a comment above them:
//
//	["2004"]
//	# en: User does not exist
//	hash = "sha1-…"
//	other = ""

// WorkFileName returns the name of a locale's work file: translate.ja.toml.
func WorkFileName(locale string) string { return "translate." + locale + ".toml" }

// WorkFileLocale returns the locale a work file name is for ("ja" for
// translate.ja.toml), and whether name is a work file's.
func WorkFileLocale(name string) (string, bool) {
	if !IsWorkFile(name) {
		return "", false
	}
	return strings.TrimSuffix(strings.TrimPrefix(name, "translate."), ".toml"), true
}

// WorkFile returns the text of the work file for cov, a coverage of this
// catalog: one entry for each code missing or stale, ascending, with the
// source text in a comment, the source's description and hash, and an empty
// text for each form to translate: "other", and for a plural message every
// form the locale's language uses. It returns nil when the locale has
// nothing to do (and for the source).
func (c *Catalog) WorkFile(cov Coverage) []byte {
	if cov.Source || len(cov.Missing)+len(cov.Stale) == 0 {
		return nil
	}
	gaps := mergeGaps(cov.Missing, cov.Stale)
	src := c.Source()
	var b strings.Builder
	fmt.Fprintf(&b, "# errcat work file: %s (%s), to translate from %s.\n", englishName(cov.Tag), cov.Locale, src.File)
	fmt.Fprintf(&b, "#\n")
	fmt.Fprintf(&b, "# Fill in each empty text below; the %s text is in the comment above it.\n", englishName(src.Tag))
	fmt.Fprintf(&b, "# Leave `hash` as it is: it records which text you translated. Then run\n")
	fmt.Fprintf(&b, "#\n")
	fmt.Fprintf(&b, "#\terrcat merge --locale %s\n", cov.Locale)
	fmt.Fprintf(&b, "#\n")
	fmt.Fprintf(&b, "# to move your translations into %s. Entries you leave empty stay here.\n", cov.File)
	used := UsedForms(cov.Tag)
	for _, g := range gaps {
		s := g.Source
		fmt.Fprintf(&b, "\n[%s]\n", tomlString(g.ID))
		forms := []plural.Form{plural.Other}
		if isPlural(s) {
			forms = used
			for _, f := range Forms {
				if s.HasForm(f) {
					writeComment(&b, src.ID+" "+FormName(f), s.Text[f])
				}
			}
		} else {
			writeComment(&b, src.ID, s.Other())
		}
		if g.Message != nil && g.Message.Other() != "" {
			// A stale translation shows what the text said before;
			// often a small edit brings it up to date.
			writeComment(&b, cov.Locale+" (stale)", g.Message.Other())
		}
		if s.Description != "" {
			fmt.Fprintf(&b, "description = %s\n", tomlString(s.Description))
		}
		fmt.Fprintf(&b, "hash = %s\n", tomlString(s.SourceHash()))
		if s.LeftDelim != "" || s.RightDelim != "" {
			fmt.Fprintf(&b, "leftDelim = %s\n", tomlString(s.LeftDelim))
			fmt.Fprintf(&b, "rightDelim = %s\n", tomlString(s.RightDelim))
		}
		for _, f := range forms {
			fmt.Fprintf(&b, "%s = \"\"\n", FormName(f))
		}
	}
	return []byte(b.String())
}

// NewCoverage returns the coverage of a locale the catalog does not have
// yet, to be written to file: every code is missing. Its WorkFile starts a
// translation from nothing.
func (c *Catalog) NewCoverage(tag language.Tag, file string) Coverage {
	cov := Coverage{Locale: tag.String(), Tag: tag, File: file, Total: len(c.Codes())}
	for _, code := range c.Codes() {
		cov.Missing = append(cov.Missing, Gap{ID: strconv.Itoa(code), Code: code, Source: c.Message(0, code)})
	}
	return cov
}

// NewBundle returns the text a new bundle for tag starts from: a header
// comment, as the shipped bundles have, and no messages.
func (c *Catalog) NewBundle(tag language.Tag) []byte {
	src := c.Source()
	return []byte(fmt.Sprintf(`# errcat message catalog: %s (%s), translated from %s.toml.
#
# One table per API error code. Translate `+"`other`"+`; %s.toml has the source
# text and, in `+"`description`"+`, context for the translator. Leave `+"`hash`"+` as it
# is: it identifies the source text this translation was made from, so that
# `+"`errcat stale`"+` (and go-i18n's goi18n merge) can tell when that text changes.
`, englishName(tag), tag, src.ID, src.ID))
}

// mergeGaps merges two lists of gaps, each ascending by code, into one.
func mergeGaps(a, b []Gap) []Gap {
	out := make([]Gap, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0].Code < b[0].Code {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// writeComment writes text as a comment labelled label: "# en: text". Each
// line of a multi-line text gets its own comment line, indented under the
// first; a text with other control characters is written quoted, since a
// TOML comment cannot hold them.
func writeComment(b *strings.Builder, label, text string) {
	if strings.ContainsFunc(text, func(r rune) bool { return r != '\n' && r != '\t' && isControlRune(r) }) {
		text = strconv.Quote(text)
	}
	prefix := "# " + label + ": "
	for i, line := range strings.Split(text, "\n") {
		if i == 1 {
			prefix = "#" + strings.Repeat(" ", len(label)+3)
		}
		fmt.Fprintf(b, "%s%s\n", prefix, line)
	}
}

func isControlRune(r rune) bool { return r < 0x20 || r == 0x7f }

func englishName(t language.Tag) string {
	if n := display.English.Tags().Name(t); n != "" {
		return n
	}
	return t.String()
}

// tomlString quotes s as a one-line TOML basic string, escaping what TOML
// requires and nothing else, so that non-ASCII text stays readable.
func tomlString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if isControlRune(r) {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// WorkTranslated returns the IDs of the entries of a work file that have
// text in some form: the translations `errcat todo` must not overwrite. It
// returns an error when the file is not valid TOML, since then nobody can
// tell what it holds.
func WorkTranslated(file string, data []byte) ([]string, error) {
	b, diags := ParseBundle(file, language.Und, data)
	if b == nil {
		return nil, &LoadError{Diagnostics: diags}
	}
	var ids []string
	for _, m := range b.Messages {
		for _, f := range Forms {
			if m.Text[f] != "" {
				ids = append(ids, m.ID)
				break
			}
		}
	}
	// An entry the loader refused (say, for a misspelt key) may hold text
	// too; count it rather than risk it.
	for _, d := range diags {
		if d.ID != "" && b.Lookup(d.ID) == nil {
			ids = append(ids, d.ID)
		}
	}
	return ids, nil
}
