// Package workfile writes translators' work files and merges them back.
//
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
//
// Both jobs touch only what they need: the source bundle (which codes exist
// and their current text), the locale's bundle and its work file. Nothing
// else in the folder is read, so a broken bundle of another locale never
// stops a translator.
//
// A translator who works in a CAT tool gets the same to-do list as a PO or
// XLIFF file instead: Export turns a locale's messages into an
// exchange.Document for `errcat export`, and Import brings the translated
// file back for `errcat import` by making its translations the entries of a
// work file and merging them, so that both roads into a bundle pass the same
// checks.
package workfile

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/coverage"
	"github.com/errcat/errcat/catalog/history"
	"github.com/errcat/errcat/catalog/internal/tomlfile"
)

// Name returns the name of a locale's work file: translate.ja.toml.
func Name(locale string) string { return "translate." + locale + ".toml" }

// Locale returns the locale a work file name is for ("ja" for
// translate.ja.toml), and whether name is a work file's.
func Locale(name string) (string, bool) {
	if !catalog.IsWorkFile(name) {
		return "", false
	}
	return strings.TrimSuffix(strings.TrimPrefix(name, "translate."), ".toml"), true
}

// Write returns the text of the work file for cov, a coverage of a locale
// against the source bundle src: one entry for each code missing or stale, ascending, with the
// source text in a comment, the source's description and hash, and an empty
// text for each form to translate: "other", and for a plural message every
// form the locale's language uses. It returns nil when the locale has
// nothing to do (and for the source).
func Write(src *catalog.Bundle, cov coverage.Coverage) []byte {
	if cov.Source || len(cov.Missing)+len(cov.Stale) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString(header(src, cov.Tag, cov.File))
	for _, g := range cov.ToDo() {
		b.WriteString("\n")
		writeEntry(&b, src, cov, g)
	}
	return []byte(b.String())
}

// header returns the comment Write puts at the top of the work file of tag,
// whose bundle diagnostics name bundle.
func header(src *catalog.Bundle, tag language.Tag, bundle string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# errcat work file: %s (%s), to translate from %s.\n", englishName(tag), tag, src.File)
	fmt.Fprintf(&b, "#\n")
	fmt.Fprintf(&b, "# Fill in each empty text below; the %s text is in the comment above it.\n", englishName(src.Tag))
	fmt.Fprintf(&b, "# Leave `hash` as it is: it records which text you translated. Then run\n")
	fmt.Fprintf(&b, "#\n")
	fmt.Fprintf(&b, "#\terrcat merge --locale %s\n", tag)
	fmt.Fprintf(&b, "#\n")
	fmt.Fprintf(&b, "# to move your translations into %s. Entries you leave empty stay here.\n", bundle)
	return b.String()
}

// writeEntry writes the work file entry of gap g, one line each.
func writeEntry(b *strings.Builder, src *catalog.Bundle, cov coverage.Coverage, g coverage.Gap) {
	srcID := src.Tag.String()
	s := g.Source
	fmt.Fprintf(b, "[%s]\n", tomlfile.Quote(g.ID))
	forms := []plural.Form{plural.Other}
	if s.IsPlural() {
		forms = catalog.UsedForms(cov.Tag)
		for _, f := range catalog.Forms() {
			if s.HasForm(f) {
				tomlfile.Comment(b, srcID+" "+catalog.FormName(f), s.Text[f])
			}
		}
	} else {
		tomlfile.Comment(b, srcID, s.Other())
	}
	if p := g.Previous; p != nil {
		// What the translation was made from, and what changed since, as
		// gettext's msgmerge --previous keeps the old msgid: often the
		// change is a word, and so is the edit it needs.
		tomlfile.Comment(b, srcID+" (was)", p.Other())
		for _, c := range history.Changes(p, s) {
			label := srcID + " (diff)"
			if c.Field != "other" {
				label = srcID + " (diff, " + c.Field + ")"
			}
			if c.Diff != "" {
				tomlfile.Comment(b, label, c.Diff)
			} else {
				tomlfile.Comment(b, label, "was "+tomlfile.Quote(c.Old)+", now "+tomlfile.Quote(c.New))
			}
		}
	}
	if g.Message != nil && g.Message.Other() != "" {
		// A stale translation shows what the text said before;
		// often a small edit brings it up to date. So does one that is
		// missing although written, since it would render wrong
		// (catalog.Flaws): often the fix is a placeholder's case.
		label := " (stale)"
		if _, stale := slices.BinarySearchFunc(cov.Stale, g.Code, func(s coverage.Gap, code int) int { return cmp.Compare(s.Code, code) }); !stale {
			label = " (not served)"
		}
		tomlfile.Comment(b, cov.Locale+label, g.Message.Other())
	}
	if s.Description != "" {
		fmt.Fprintf(b, "description = %s\n", tomlfile.Quote(s.Description))
	}
	fmt.Fprintf(b, "hash = %s\n", tomlfile.Quote(s.SourceHash()))
	if s.LeftDelim != "" || s.RightDelim != "" {
		fmt.Fprintf(b, "leftDelim = %s\n", tomlfile.Quote(s.LeftDelim))
		fmt.Fprintf(b, "rightDelim = %s\n", tomlfile.Quote(s.RightDelim))
	}
	for _, f := range forms {
		fmt.Fprintf(b, "%s = \"\"\n", catalog.FormName(f))
	}
}

// NewBundle returns the text a new bundle for tag starts from: a header
// comment, as the shipped bundles have, and no messages.
func NewBundle(src *catalog.Bundle, tag language.Tag) []byte {
	srcID := src.Tag.String()
	return []byte(fmt.Sprintf(`# errcat message catalog: %s (%s), translated from %s.toml.
#
# One table per API error code. Translate `+"`other`"+`; %s.toml has the source
# text and, in `+"`description`"+`, context for the translator. Leave `+"`hash`"+` as it
# is: it identifies the source text this translation was made from, so that
# `+"`errcat stale`"+` (and go-i18n's goi18n merge) can tell when that text changes.
`, englishName(tag), tag, srcID, srcID))
}

func englishName(t language.Tag) string {
	if n := display.English.Tags().Name(t); n != "" {
		return n
	}
	return t.String()
}
