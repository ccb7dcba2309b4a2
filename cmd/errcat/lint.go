package main

import (
	"context"
	"fmt"
	"runtime"
	"slices"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/lint"
)

const lintAbout = `Lint checks every bundle and prints one finding per line, sorted:

	locales/ja.toml:12:9: error: code 2004: placeholder {{.Max}} of the source is missing from the translation [placeholder-missing]

The name in brackets is the rule. Errors: syntax, file-name, duplicate-locale,
read, structure, unknown-key, duplicate-key (a key written twice in two cases,
"other" and "Other"), template, template-unsafe (a template that loops, defines,
calls a function or uses a variable: only {{.Field}} and {{if .Field}} are
allowed), code, source, empty, obsolete, placeholder-missing,
placeholder-unknown, plural-missing. Warnings: plural-unused, whitespace,
identical (a translation the same as the English; texts without letters, such
as "{{.Count}}", and locales of the source's language are skipped), file-name
for a tag not in canonical form or a bundle not read because its extension is
not lower case (it.TOML), and special-file (a FIFO, socket or device
named like a bundle, skipped).

A bundle that does not load is a finding here, not a load error. A
translation with placeholder-missing, placeholder-unknown, template,
template-unsafe or a blank text (empty) loads but is not served: its code
falls back, to the caller's next language and then the source. Lint exits 1
when a finding is at least as severe as --fail-on.`

func runLint(_ context.Context, e *env, args []string) int {
	f := newCatalogFlags(e, "lint", "[--locales DIR] [--locale TAG]... [--fail-on error|warning] [--format text|json|github]", lintAbout, "text", "json", "github")
	f.localeFlag("a locale `TAG` to check, such as ja; repeat it for several (default: every bundle)")
	failOn := f.set.String("fail-on", "error", "the least `SEVERITY` of finding that makes lint exit 1: error or warning")
	if code, ok := f.parseNoOperands(args); !ok {
		return code
	}
	threshold := diag.Error
	switch *failOn {
	case "error":
	case "warning":
		threshold = diag.Warning
	default:
		_, code, _ := f.usageError("unknown --fail-on %q (use error or warning)", *failOn)
		return code
	}

	fo, ok := f.folder()
	if !ok {
		return exitUsage
	}
	keep := func(ds []diag.Diagnostic) []diag.Diagnostic { return ds }
	if len(f.locales) > 0 {
		if keep, ok = f.lintSelection(fo); !ok {
			return exitUsage
		}
	}
	restore, _ := softMemoryLimit(lintMemoryLimit(f.dir, fo))
	defer restore()
	// Findings are written as lint.Stream hands them over, a bundle at a
	// time, so that a large catalog's are never all held; JSON is one
	// document, written at the end.
	var all []diag.Diagnostic
	errs, warns, fail := 0, 0, false
	lint.Stream(fo, func(ds []diag.Diagnostic) {
		ds = keep(ds)
		ne, nw := diag.Count(ds)
		errs, warns = errs+ne, warns+nw
		fail = fail || slices.ContainsFunc(ds, func(d diag.Diagnostic) bool { return d.Severity <= threshold })
		if f.format == "json" {
			all = append(all, ds...)
		} else {
			diag.Write(e.stdout, ds, f.format)
		}
	})
	if f.format == "json" {
		diag.Write(e.stdout, all, f.format)
	}
	if errs+warns > 0 && f.format == "text" {
		fmt.Fprintf(e.stderr, "%d %s, %d %s\n", errs, diag.Plural(errs, "error", "errors"), warns, diag.Plural(warns, "warning", "warnings"))
	}
	if fail {
		return exitProblems
	}
	return exitOK
}

// lintSelection returns a filter that keeps the findings about the locales
// --locale names, and the source's errors, without which the selected
// locales were not fully checked. It reports false, after saying why, for a
// tag that is not valid or has no bundle file.
func (f *catalogFlags) lintSelection(fo *catalog.Folder) (func([]diag.Diagnostic) []diag.Diagnostic, bool) {
	tags, ok := f.tags()
	if !ok {
		return nil, false
	}
	want := map[string]bool{}
	for _, tag := range tags {
		b, ok := fo.Find(tag)
		if !ok {
			fmt.Fprintf(f.e.stderr, "errcat lint: no bundle for locale %s in %s%s\n", tag, f.dir, noBundleHint(fo, tag))
			return nil, false
		}
		want[b.File] = true
	}
	return func(diags []diag.Diagnostic) []diag.Diagnostic {
		var out []diag.Diagnostic
		for _, d := range diags {
			if want[d.File] || d.File == fo.Source.File && d.Severity == diag.Error {
				out = append(out, d)
			}
		}
		return out
	}, true
}

// lintMemoryLimit is the soft memory limit lint runs under: what it holds
// (the source, and the bundles lint.Stream checks at once, each some eight
// times its file's size), with room to spare, so that the collector runs
// before the heap doubles past it. Without it a 100k-code catalog, whose
// live heap never passes 300 MB, peaked at 480 MB of RSS; the limit is
// soft, so a catalog that needs more gets more, at the cost of more
// collections. 0 when the sizes are not known.
func lintMemoryLimit(dir string, fo *catalog.Folder) int64 {
	src, largest := bundleSizes(dir, fo)
	if src+largest == 0 {
		return 0
	}
	inFlight := max(largest, min(lint.InFlightBudget, int64(runtime.GOMAXPROCS(0))*largest))
	return 64<<20 + 10*(src+inFlight)
}
