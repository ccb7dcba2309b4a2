package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog/coverage"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/history"
)

const staleAbout = `Stale lists the translations made from an English text that has changed
since: the hash a translation records is not the hash of the source message
now. Users still see a stale translation; a translator should check it. It
exits 1 when any translation is stale, and never changes a file.

The hash is go-i18n's (goi18n merge computes the same value), so both tools
agree on what is stale; for a plural message errcat's hash covers every form,
where go-i18n's covers "other" alone. A translation without a hash is taken
as current, as go-i18n does.

When the folder is in git, stale also shows, under each stale translation,
the English it was made from (found in the history of the source bundle:
the version whose text hashes to the translation's hash) and a word diff
to today's, [-removed-]{+added+}, as gettext's msgmerge --previous keeps the
old text. It reads at most the last 200 commits of the source file, and
says once on stderr when the previous English is not available. Once a
translation is checked and still right, errcat confirm marks it current.`

func runStale(ctx context.Context, e *env, args []string) int {
	f := newCatalogFlags(e, "stale", "[--locales DIR] [--locale TAG]... [--format text|json|github]", staleAbout, "text", "json", "github")
	f.localeFlag("a locale `TAG` to check, such as ja; repeat it for several (default: every translation)")
	if code, ok := f.parseNoOperands(args); !ok {
		return code
	}
	sv, ok := f.survey(false)
	if !ok {
		return exitUsage
	}
	covs := sv.Coverage
	found := false
	for _, cov := range covs {
		found = found || len(cov.Stale) > 0
	}
	srcFile, srcShown := f.sourceFile(sv.Source)
	prev := f.previousSources(ctx, srcFile, srcShown, sv.Source.Tag, covs)

	switch f.format {
	case "json":
		type change struct {
			Field string `json:"field"`
			Old   string `json:"old"`
			New   string `json:"new"`
			Diff  string `json:"diff,omitempty"`
		}
		type previous struct {
			Commit      string   `json:"commit"`
			Date        string   `json:"date"`
			Source      string   `json:"source"`
			Description string   `json:"description,omitempty"`
			Changes     []change `json:"changes"`
		}
		type entry struct {
			Code        int       `json:"code"`
			Line        int       `json:"line"`
			Hash        string    `json:"hash"`
			SourceHash  string    `json:"source_hash"`
			Source      string    `json:"source"`
			Translation string    `json:"translation"`
			Previous    *previous `json:"previous,omitempty"`
		}
		type locale struct {
			Locale string  `json:"locale"`
			File   string  `json:"file"`
			Stale  []entry `json:"stale"`
		}
		out := struct {
			Source  string   `json:"source"`
			Locales []locale `json:"locales"`
		}{Source: sv.Source.ID, Locales: []locale{}}
		for _, cov := range covs {
			loc := locale{Locale: cov.Locale, File: cov.File, Stale: []entry{}}
			for _, g := range cov.Stale {
				en := entry{Code: g.Code, Line: g.Pos().Line, Hash: g.Message.Hash,
					SourceHash: g.Source.SourceHash(), Source: g.Source.Other(), Translation: g.Message.Other()}
				if p, ok := prev[history.Want{ID: g.ID, Hash: g.Message.Hash}]; ok {
					en.Previous = &previous{Commit: p.Version.Commit, Date: p.Version.Time.Format(time.RFC3339),
						Source: p.Message.Other(), Description: p.Message.Description, Changes: []change{}}
					for _, c := range history.Changes(p.Message, g.Source) {
						en.Previous.Changes = append(en.Previous.Changes, change(c))
					}
				}
				loc.Stale = append(loc.Stale, en)
			}
			out.Locales = append(out.Locales, loc)
		}
		diag.WriteJSON(e.stdout, out)
	case "github":
		// An annotation is one command; its message may have lines.
		for _, cov := range covs {
			for i, d := range staleDiagnostics(cov, sv.Source.Tag) {
				if notes := previousNotes(cov.Stale[i], srcShown, prev); notes != nil {
					d.Message += "\n" + strings.Join(notes, "\n")
				}
				fmt.Fprintln(e.stdout, diag.GitHub(d))
			}
		}
	default:
		// The previous text goes under each finding, indented, as a
		// compiler prints the notes of an error.
		for _, cov := range covs {
			for i, d := range staleDiagnostics(cov, sv.Source.Tag) {
				fmt.Fprintln(e.stdout, d)
				for _, n := range previousNotes(cov.Stale[i], srcShown, prev) {
					fmt.Fprintln(e.stdout, "\t"+n)
				}
			}
		}
	}
	if found {
		return exitProblems
	}
	return exitOK
}

// staleDiagnostics describes each stale translation of a locale as a
// finding at its entry. A stale translation still serves users, so it is a
// warning, not an error.
func staleDiagnostics(cov coverage.Coverage, source language.Tag) []diag.Diagnostic {
	// "The English" where it is; a catalog written in another language
	// names its source.
	changed := "the English changed"
	if source != language.English {
		changed = "the source text (" + source.String() + ") changed"
	}
	var ds []diag.Diagnostic
	for _, g := range cov.Stale {
		p := g.Pos()
		ds = append(ds, diag.Diagnostic{File: cov.File, Line: p.Line, Col: p.Col, Severity: diag.Warning, ID: g.ID, Rule: "stale",
			Message: fmt.Sprintf("%s after this was translated; it now reads %q", changed, g.Source.Other())})
	}
	return ds
}
