package main

import (
	"fmt"

	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/workfile"
)

// reportLeft prints what a merge left in the work file workShown: each
// entry that needs the translator's hand (a conflict, a form still empty, a
// template that does not parse) on its own line, and the entries not
// translated yet as a count, or one a line with --verbose. A translator
// who merges 3 of 99 entries of a new locale wants to see the 3 and any
// problem, not 96 lines saying what they know.
func (f *catalogFlags) reportLeft(workShown string, kept []diag.Diagnostic) {
	var problems, untranslated []diag.Diagnostic
	for _, d := range kept {
		if d.Rule == workfile.RuleNotTranslated {
			untranslated = append(untranslated, d)
		} else {
			problems = append(problems, d)
		}
	}
	for _, d := range kept {
		if f.verbose || d.Rule != workfile.RuleNotTranslated {
			fmt.Fprintln(f.e.stdout, d)
		}
	}
	p, u := countIDs(problems), countIDs(untranslated)
	entries := func(n int) string { return fmt.Sprintf("%d %s", n, diag.Plural(n, "entry", "entries")) }
	lists := ""
	if !f.verbose {
		lists = fmt.Sprintf(" (--verbose lists %s)", diag.Plural(u, "it", "them"))
	}
	switch {
	case u == 0:
		fmt.Fprintf(f.e.stdout, "%s: %s left to translate\n", workShown, entries(p))
	case p == 0:
		fmt.Fprintf(f.e.stdout, "%s: %s still to translate%s\n", workShown, entries(u), lists)
	default:
		fmt.Fprintf(f.e.stdout, "%s: %s left to translate: %d to fix, %d not translated yet%s\n", workShown, entries(p+u), p, u, lists)
	}
}
