package main

import (
	"context"
	"fmt"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog/coverage"
	"github.com/errcat/errcat/catalog/diag"
)

const staleAbout = `Stale lists the translations made from an English text that has changed
since: the hash a translation records is not the hash of the source message
now. Users still see a stale translation; a translator should check it. It
exits 1 when any translation is stale, and never changes a file.

The hash is go-i18n's (goi18n merge computes the same value), so both tools
agree on what is stale; for a plural message errcat's hash covers every form,
where go-i18n's covers "other" alone. A translation without a hash is taken
as current, as go-i18n does.`

func runStale(_ context.Context, e *env, args []string) int {
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

	switch f.format {
	case "json":
		type entry struct {
			Code        int    `json:"code"`
			Line        int    `json:"line"`
			Hash        string `json:"hash"`
			SourceHash  string `json:"source_hash"`
			Source      string `json:"source"`
			Translation string `json:"translation"`
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
				loc.Stale = append(loc.Stale, entry{Code: g.Code, Line: g.Pos().Line, Hash: g.Message.Hash,
					SourceHash: g.Source.SourceHash(), Source: g.Source.Other(), Translation: g.Message.Other()})
			}
			out.Locales = append(out.Locales, loc)
		}
		diag.WriteJSON(e.stdout, out)
	case "github":
		for _, cov := range covs {
			for _, d := range staleDiagnostics(cov, sv.Source.Tag) {
				fmt.Fprintln(e.stdout, diag.GitHub(d))
			}
		}
	default:
		for _, cov := range covs {
			for _, d := range staleDiagnostics(cov, sv.Source.Tag) {
				fmt.Fprintln(e.stdout, d)
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
