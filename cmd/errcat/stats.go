package main

import (
	"context"
	"fmt"

	"github.com/errcat/errcat/catalog/diag"
)

const statsAbout = `Stats prints one row per locale, the source first: how many codes it
translates, how many are missing, how many translations are stale, how many
of its messages are for codes the source no longer has (obsolete), and the
percentage done (translated and not stale, rounded down). It exits 1 when a
translation is not complete.`

func runStats(_ context.Context, e *env, args []string) int {
	f := newCatalogFlags(e, "stats", "[--locales DIR] [--locale TAG]... [--format text|json]", statsAbout, "text", "json")
	f.localeFlag("a locale `TAG` to show, such as ja; repeat it for several (default: every locale, the source included)")
	if code, ok := f.parseNoOperands(args); !ok {
		return code
	}
	sv, ok := f.survey(true)
	if !ok {
		return exitUsage
	}
	covs := sv.Coverage
	complete := true
	for _, cov := range covs {
		complete = complete && cov.Complete()
	}

	switch f.format {
	case "json":
		type row struct {
			Locale     string  `json:"locale"`
			Translated int     `json:"translated"`
			Missing    int     `json:"missing"`
			Stale      int     `json:"stale"`
			Obsolete   int     `json:"obsolete"`
			Percent    float64 `json:"percent"`
		}
		out := struct {
			Source  string `json:"source"`
			Total   int    `json:"total"`
			Locales []row  `json:"locales"`
		}{Source: sv.Source.ID, Total: sv.Total, Locales: []row{}}
		for _, cov := range covs {
			out.Locales = append(out.Locales, row{Locale: cov.Locale, Translated: cov.Translated, Missing: len(cov.Missing),
				Stale: len(cov.Stale), Obsolete: len(cov.Obsolete), Percent: cov.Percent()})
		}
		diag.WriteJSON(e.stdout, out)
	default:
		// The locale reads left to right; the numbers line up on the right.
		names := make([]string, len(covs))
		width := len("locale")
		for i, cov := range covs {
			names[i] = cov.Locale
			if cov.Source {
				names[i] += " (source)"
			}
			width = max(width, len(names[i]))
		}
		fmt.Fprintf(e.stdout, "%-*s  translated  missing  stale  obsolete    done\n", width, "locale")
		for i, cov := range covs {
			fmt.Fprintf(e.stdout, "%-*s  %10d  %7d  %5d  %8d  %5.1f%%\n", width, names[i],
				cov.Translated, len(cov.Missing), len(cov.Stale), len(cov.Obsolete), cov.Percent())
		}
	}
	if !complete {
		return exitProblems
	}
	return exitOK
}
