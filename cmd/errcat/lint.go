package main

import (
	"context"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/errcat/errcat/catalog"
	"golang.org/x/text/language"
)

func init() {
	register(command{
		name:    "lint",
		summary: "check the bundles for mistakes, compiler style",
		run:     runLint,
	})
}

const lintAbout = `Lint checks every bundle and prints one finding per line, sorted:

	locales/ja.toml:12:9: error: code 2004: placeholder {{.Max}} of the source is missing from the translation [placeholder-missing]

The name in brackets is the rule. Errors: syntax, file-name, duplicate-locale,
read, structure, unknown-key, template, code, source, empty, obsolete,
placeholder-missing, placeholder-unknown, plural-missing. Warnings: plural-unused,
whitespace, identical (a translation the same as the English; texts without
letters, such as "{{.Count}}", and locales of the source's language are
skipped), and file-name for a tag not in canonical form.

A bundle that does not load is a finding here, not a load error. Lint exits 1
when a finding is at least as severe as --fail-on.`

func runLint(_ context.Context, e *env, args []string) int {
	f := newCatalogFlags(e, "lint", "[--locales DIR] [--locale TAG]... [--fail-on error|warning] [--format text|json|github]", lintAbout, "text", "json", "github")
	f.localeFlag("a locale `TAG` to check, such as ja; repeat it for several (default: every bundle)")
	failOn := f.set.String("fail-on", "error", "the least `SEVERITY` of finding that makes lint exit 1: error or warning")
	if code, ok := f.parseNoOperands(args); !ok {
		return code
	}
	threshold := catalog.Error
	switch *failOn {
	case "error":
	case "warning":
		threshold = catalog.Warning
	default:
		_, code, _ := f.usageError("unknown --fail-on %q (use error or warning)", *failOn)
		return code
	}

	diags := catalog.LintFS(os.DirFS(f.dir), f.display())
	if len(f.locales) > 0 {
		var ok bool
		if diags, ok = f.lintSelection(diags); !ok {
			return exitUsage
		}
	}

	switch f.format {
	case "json":
		out := struct {
			Diagnostics []catalog.Diagnostic `json:"diagnostics"`
		}{Diagnostics: append([]catalog.Diagnostic{}, diags...)}
		writeJSON(e.stdout, out)
	case "github":
		for _, d := range diags {
			fmt.Fprintln(e.stdout, githubAnnotation(d))
		}
	default:
		for _, d := range diags {
			fmt.Fprintf(e.stdout, "%s [%s]\n", d, d.Rule)
		}
	}
	var errs, warns int
	fail := false
	for _, d := range diags {
		if d.Severity == catalog.Error {
			errs++
		} else {
			warns++
		}
		fail = fail || d.Severity <= threshold
	}
	if len(diags) > 0 && f.format == "text" {
		fmt.Fprintf(e.stderr, "%d %s, %d %s\n", errs, plurally(errs, "error", "errors"), warns, plurally(warns, "warning", "warnings"))
	}
	if fail {
		return exitProblems
	}
	return exitOK
}

// lintSelection keeps the findings about the locales --locale names, and
// the source's errors, without which the selected locales were not fully
// checked. It reports false, after saying why, for a tag that is not valid or
// has no bundle file.
func (f *catalogFlags) lintSelection(diags []catalog.Diagnostic) ([]catalog.Diagnostic, bool) {
	ents, _ := os.ReadDir(f.dir)
	var files []language.Tag
	for _, ent := range ents {
		if t, ok := bundleTag(ent.Name()); ok {
			files = append(files, t)
		}
	}
	var want []language.Tag
	for _, s := range f.locales {
		tag, err := parseLocale(s)
		if err != nil {
			fmt.Fprintf(f.e.stderr, "errcat lint: --locale %q is not a BCP 47 language tag\n", s)
			return nil, false
		}
		if !slices.Contains(files, tag) {
			fmt.Fprintf(f.e.stderr, "errcat lint: no bundle for locale %s in %s\n", tag, f.dir)
			return nil, false
		}
		want = append(want, tag)
	}
	var out []catalog.Diagnostic
	for _, d := range diags {
		t, ok := bundleTag(path.Base(d.File))
		if ok && slices.Contains(want, t) || ok && t == catalog.DefaultSource && d.Severity == catalog.Error {
			out = append(out, d)
		}
	}
	return out, true
}

// bundleTag returns the locale a bundle's file name is for: ja for ja.toml.
func bundleTag(name string) (language.Tag, bool) {
	if !strings.HasSuffix(name, ".toml") || catalog.IsWorkFile(name) {
		return language.Und, false
	}
	t, err := language.Parse(strings.TrimSuffix(name, ".toml"))
	return t, err == nil
}
