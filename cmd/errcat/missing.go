package main

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/errcat/errcat/catalog"
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
	fo, ok := f.folder()
	if !ok {
		return exitUsage
	}
	// The limit grows with the report, which is held until the end.
	limit := missingMemoryLimit(f.dir, fo)
	restore, set := softMemoryLimit(limit)
	defer restore()
	if !set {
		limit = 0
	}
	// The report is made a locale at a time, as the survey hands them
	// over, keeping only what it prints: a large catalog's stale gaps and
	// messages are never all held. It is written once the survey has
	// succeeded, so that a bundle that does not load leaves stdout empty.
	type locale struct {
		Locale     string `json:"locale"`
		Total      int    `json:"total"`
		Translated int    `json:"translated"`
		Missing    []int  `json:"missing"`
	}
	var (
		report bytes.Buffer
		locs   = []locale{}
		found  bool
	)
	sv, ok := f.surveyStream(fo, false, func(cov coverage.Coverage) {
		if limit > 0 {
			defer func() { debug.SetMemoryLimit(limit + 2*int64(report.Cap()+8*cap(locs))) }()
		}
		found = found || len(cov.Missing) > 0
		switch f.format {
		case "json":
			loc := locale{Locale: cov.Locale, Total: cov.Total, Translated: cov.Translated, Missing: make([]int, 0, len(cov.Missing))}
			for _, g := range cov.Missing {
				loc.Missing = append(loc.Missing, g.Code)
			}
			locs = append(locs, loc)
		case "github":
			for _, d := range missingDiagnostics(cov) {
				report.WriteString(diag.GitHub(d))
				report.WriteByte('\n')
			}
		default:
			if len(cov.Missing) == 0 {
				return
			}
			fmt.Fprintf(&report, "%s: %d of %d %s missing (%s)\n", cov.Locale, len(cov.Missing), cov.Total,
				diag.Plural(cov.Total, "message", "messages"), cov.File)
			for _, g := range cov.Missing {
				note := ""
				if setAside(g) {
					note = "  (not served: it would render wrong; errcat lint says why)"
				}
				fmt.Fprintf(&report, "  %d  %s%s\n", g.Code, g.Source.Other(), note)
			}
		}
	})
	if !ok {
		return exitUsage
	}
	if f.format == "json" {
		diag.WriteJSON(e.stdout, struct {
			Source  string   `json:"source"`
			Locales []locale `json:"locales"`
		}{sv.Source.ID, locs})
	} else {
		e.stdout.Write(report.Bytes())
	}
	if found {
		return exitProblems
	}
	return exitOK
}

// missingMemoryLimit is the soft memory limit missing starts under: what
// it holds (the source, read in full, some ten times its file's size with
// the survey's index of it; each worker's file, twice over while the next
// is read), with room to spare, so that the collector runs before the heap
// doubles past it; the report adds to it as it grows. Without a limit, at
// 20,000 codes in 30 locales, a live heap of 35 MB reached 90 to 105 MB
// of RSS; with it about 70 MB, for a few more collections of a small heap.
// A limit under the live heap costs more than it saves (the collector runs
// without end), hence the generous factors: at 100,000 codes in 50 locales
// a first try, eight times the source and nothing for the report, doubled
// the CPU time. 0 when the sizes are not known.
func missingMemoryLimit(dir string, fo *catalog.Folder) int64 {
	src, largest := bundleSizes(dir, fo)
	if src+largest == 0 {
		return 0
	}
	return 32<<20 + 10*src + 2*int64(runtime.GOMAXPROCS(0))*largest
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
