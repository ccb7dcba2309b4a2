package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/coverage"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/history"
)

// previousSources finds in git the source message each stale translation
// of covs was made from (package history), and sets it as the gap's
// Previous. srcFile is the source bundle on disk, srcShown its name in
// messages. When the history is not available, or has no version with a
// translation's hash, it says so once on stderr; the stale translations
// are listed all the same. It returns the versions found, by want.
func (f *catalogFlags) previousSources(ctx context.Context, srcFile, srcShown string, srcTag language.Tag, covs []coverage.Coverage) map[history.Want]history.Previous {
	var want []history.Want
	seen := map[history.Want]bool{}
	for _, cov := range covs {
		for _, g := range f.madeFromOlder(cov) {
			w := history.Want{ID: g.ID, Hash: g.Message.Hash}
			if !seen[w] {
				seen[w] = true
				want = append(want, w)
			}
		}
	}
	if len(want) == 0 {
		return nil
	}
	what := "previous English"
	if srcTag != language.English {
		what = "previous source text (" + srcTag.String() + ")"
	}
	res, err := history.Find(ctx, srcFile, srcShown, srcTag, want, history.Options{})
	var ue *history.UnavailableError
	switch {
	case errors.As(err, &ue):
		without := "the stale translations are listed without it"
		if f.name == "todo" {
			without = "the work files show today's text alone"
		}
		fmt.Fprintf(f.e.stderr, "errcat %s: %s not available: %s; %s\n", f.name, what, ue.Reason, without)
		return nil
	case err != nil:
		fmt.Fprintf(f.e.stderr, "errcat %s: %s not available: %v\n", f.name, what, err)
		return nil
	}
	var lost []string
	for _, cov := range covs {
		for _, g := range f.madeFromOlder(cov) {
			if p, ok := res.Found[history.Want{ID: g.ID, Hash: g.Message.Hash}]; ok {
				g.Previous = p.Message
			} else if !slices.Contains(lost, g.ID) {
				lost = append(lost, g.ID)
			}
		}
	}
	if len(lost) > 0 {
		slices.SortFunc(lost, func(a, b string) int { x, _ := strconv.Atoi(a); y, _ := strconv.Atoi(b); return x - y })
		shown := lost
		if len(shown) > 10 {
			shown = append(slices.Clone(shown[:10]), fmt.Sprintf("%d more", len(lost)-10))
		}
		why := fmt.Sprintf("no version of %s in the %d %s searched has the text %s translated from",
			srcShown, res.Searched, diag.Plural(res.Searched, "commit", "commits"), diag.Plural(len(lost), "it was", "they were"))
		if res.Stopped != "" {
			why += " (the search stopped: " + res.Stopped + ")"
		} else if res.Commits == history.DefaultMaxCommits {
			why += fmt.Sprintf(" (errcat reads the last %d commits of it)", res.Commits)
		}
		fmt.Fprintf(f.e.stderr, "errcat %s: %s not available for %s %s: %s\n", f.name, what, diag.Plural(len(lost), "code", "codes"), diag.List(shown), why)
	}
	return res.Found
}

// madeFromOlder returns the gaps of cov whose translation was made from an
// older source text, to find that text for: the stale ones, and for todo
// also a missing one that is written but flawed (catalog.Flaws) and records
// another hash. The English changing is what most often flaws a
// translation (a placeholder added to it), and that translator needs the
// old English and the diff most; stale lists only what is served.
func (f *catalogFlags) madeFromOlder(cov coverage.Coverage) []*coverage.Gap {
	var out []*coverage.Gap
	for i := range cov.Stale {
		out = append(out, &cov.Stale[i])
	}
	if f.name != "todo" {
		return out
	}
	for i := range cov.Missing {
		g := &cov.Missing[i]
		if g.Message != nil && g.Message.Other() != "" && g.Message.Hash != "" && g.Source != nil && g.Message.Hash != g.Source.SourceHash() {
			out = append(out, g)
		}
	}
	return out
}

// previousNotes describes, in lines to print under a stale translation's
// finding, what its source text was and how it changed since: the text
// then, with the commit it was last in, and a word diff of each part that
// changed. It returns nil when the previous text is not known.
func previousNotes(g coverage.Gap, srcShown string, found map[history.Want]history.Previous) []string {
	p, ok := found[history.Want{ID: g.ID, Hash: g.Message.Hash}]
	if !ok {
		return nil
	}
	notes := []string{fmt.Sprintf("translated from: %q (%s at %s, %s)", p.Message.Other(), srcShown, p.Version.Short(), p.Version.Time.Format("2006-01-02"))}
	for _, c := range history.Changes(p.Message, g.Source) {
		if c.Diff != "" {
			notes = append(notes, c.Field+": "+c.Diff)
		} else {
			notes = append(notes, fmt.Sprintf("%s was: %q", c.Field, c.Old), fmt.Sprintf("%s now: %q", c.Field, c.New))
		}
	}
	return notes
}

// sourceFile returns the source bundle's path on disk and its name in
// messages, from its name as diagnostics give it.
func (f *catalogFlags) sourceFile(src catalog.Locale) (string, string) {
	return filepath.Join(f.dir, filepath.Base(filepath.FromSlash(src.File))), src.File
}
