package main

import (
	"context"
	"fmt"

	"github.com/errcat/errcat/catalog/coverage"
	"github.com/errcat/errcat/catalog/diag"
)

const missingAbout = `Missing lists, per locale, the codes the source bundle (en.toml) has and the
locale lacks, leaves empty, or translates with a flaw that would render
wrong (a placeholder not the source's, a blank text, a template that does
not parse), which is not served. Users of that locale get those messages in
their next language, or in English. It exits 1 when any code is missing.`

func runMissing(_ context.Context, e *env, args []string) int {
	f := newCatalogFlags(e, "missing", "[--locales DIR] [--locale TAG]... [--format text|json|github]", missingAbout, "text", "json", "github")
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
		found = found || len(cov.Missing) > 0
	}

	switch f.format {
	case "json":
		type locale struct {
			Locale     string `json:"locale"`
			Total      int    `json:"total"`
			Translated int    `json:"translated"`
			Missing    []int  `json:"missing"`
		}
		out := struct {
			Source  string   `json:"source"`
			Locales []locale `json:"locales"`
		}{Source: sv.Source.ID, Locales: []locale{}}
		for _, cov := range covs {
			loc := locale{Locale: cov.Locale, Total: cov.Total, Translated: cov.Translated, Missing: []int{}}
			for _, g := range cov.Missing {
				loc.Missing = append(loc.Missing, g.Code)
			}
			out.Locales = append(out.Locales, loc)
		}
		diag.WriteJSON(e.stdout, out)
	case "github":
		for _, cov := range covs {
			for _, d := range missingDiagnostics(cov) {
				fmt.Fprintln(e.stdout, diag.GitHub(d))
			}
		}
	default:
		for _, cov := range covs {
			if len(cov.Missing) == 0 {
				continue
			}
			fmt.Fprintf(e.stdout, "%s: %d of %d %s missing (%s)\n", cov.Locale, len(cov.Missing), cov.Total,
				diag.Plural(cov.Total, "message", "messages"), cov.File)
			for _, g := range cov.Missing {
				note := ""
				if setAside(g) {
					note = "  (not served: it would render wrong; errcat lint says why)"
				}
				fmt.Fprintf(e.stdout, "  %d  %s%s\n", g.Code, g.Source.Other(), note)
			}
		}
	}
	if found {
		return exitProblems
	}
	return exitOK
}

// missingDiagnostics describes each missing code of a locale as a finding
// in its bundle: at the empty entry when it has one, else on the file.
func missingDiagnostics(cov coverage.Coverage) []diag.Diagnostic {
	var ds []diag.Diagnostic
	for _, g := range cov.Missing {
		d := diag.Diagnostic{File: cov.File, Severity: diag.Error, ID: g.ID, Rule: "missing",
			Message: fmt.Sprintf("no %s translation of %q", cov.Locale, g.Source.Other())}
		if g.Message != nil {
			p := g.Pos()
			d.Line, d.Col = p.Line, p.Col
			d.Message = fmt.Sprintf("the %s translation of %q is empty", cov.Locale, g.Source.Other())
			if setAside(g) {
				d.Message = fmt.Sprintf("the %s translation of %q is not served: it would render wrong (errcat lint says why)", cov.Locale, g.Source.Other())
			}
		}
		ds = append(ds, d)
	}
	return ds
}

// setAside reports a missing code whose translation is there but not
// served, since it would render wrong (catalog.Flaws): coverage counts it
// missing, as the catalog serves the fallback for it. An empty text is
// the only other way to be missing with a message.
func setAside(g coverage.Gap) bool { return g.Message != nil && g.Message.Other() != "" }
