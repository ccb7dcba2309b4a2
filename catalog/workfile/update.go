package workfile

import (
	"errors"
	"fmt"
	"strings"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/coverage"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/internal/tomlfile"
)

// RuleOutdated is the rule of Update's diagnostic for an entry of the work
// file written for a source text that has changed since.
const RuleOutdated = "outdated"

// An Updated is what Update made of a work file that was already there.
type Updated struct {
	// Work is the work file's new text, or nil when it lacked no entry.
	Work []byte
	// Added lists the IDs of the entries added, ascending by code.
	Added []string
	// Outdated explains each entry written for a source text that has
	// changed since; Update leaves such an entry as it is, since the
	// translator may have worked on it.
	Outdated []diag.Diagnostic
}

// Update adds to a work file that is already there the entries of cov it
// lacks, each as Write writes it, at its place in code order, and changes
// nothing else: every byte already in the file stays, so that whatever a
// translator wrote, texts, drafts in comments or edited descriptions, is
// kept. Running errcat todo again is then always safe.
//
// Update returns a *catalog.LoadError when the work file is not valid TOML,
// since then nobody can tell what it holds, and an *Error when it cannot
// add to the file without reformatting it (for instance, a translator used
// a multi-line string). It checks its result by reading it back: the
// file's old lines, in order, and its old messages must all be there.
func Update(src *catalog.Bundle, cov coverage.Coverage, work File) (*Updated, error) {
	before, diags := catalog.ParseBundle(work.Name, cov.Tag, work.Data)
	if before == nil {
		return nil, &catalog.LoadError{Diagnostics: diags}
	}
	// An entry the loader refused (say, for a misspelt key) is still the
	// translator's: the file has it, and nothing is added over it.
	has := map[string]bool{}
	for _, m := range before.Messages {
		has[m.ID] = true
	}
	for _, d := range diags {
		if d.ID != "" {
			has[d.ID] = true
		}
	}
	res := &Updated{}
	var add []coverage.Gap
	for _, g := range cov.ToDo() {
		if !has[g.ID] {
			add = append(add, g)
			continue
		}
		if m := before.Lookup(g.ID); m != nil && m.Hash != "" && m.Hash != g.Source.SourceHash() {
			res.Outdated = append(res.Outdated, diag.At(work.Name, m.Pos, diag.Warning, g.ID, RuleOutdated,
				"the %s text changed after this entry was written; it is now %q: bring the entry's comment and its hash (%s) up to date, "+
					"or delete the entry and run errcat todo again", src.Tag, g.Source.Other(), tomlfile.Quote(g.Source.SourceHash())))
		}
	}
	if len(add) == 0 {
		return res, nil
	}
	t, err := tomlfile.Open(work.Data)
	var u *tomlfile.Unsupported
	switch {
	case errors.As(err, &u) && u.NotUTF8:
		return nil, &Error{File: work.Name, Reason: fmt.Sprintf("line %d holds %s; save the file as UTF-8 and run errcat todo again", u.Line, u.Why)}
	case errors.As(err, &u):
		return nil, &Error{File: work.Name, Reason: fmt.Sprintf("todo cannot add entries to it without reformatting it (line %d: %s); "+
			"run errcat merge first, or add the entries by hand", u.Line, u.Why)}
	case err != nil:
		return nil, err
	}
	var b strings.Builder
	for _, g := range add {
		if t.Has(g.ID) {
			// The loader has no message for the table, nor a diagnostic
			// naming it; leave it to a person all the same.
			return nil, &Error{File: work.Name, Reason: fmt.Sprintf("it has a table [%s] todo cannot read; fix it, or delete it and run errcat todo again", tomlfile.Quote(g.ID))}
		}
		b.Reset()
		writeEntry(&b, src, cov, g)
		t.Insert(g.ID, strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n"))
		res.Added = append(res.Added, g.ID)
	}
	res.Work = t.Bytes()
	if why := checkUpdated(work, before, res); why != "" {
		return nil, &Error{File: work.Name, Reason: "the work file did not read back as intended after adding entries (" + why + "); nothing was written"}
	}
	return res, nil
}

// checkUpdated says how the updated work file fails to be the old one with
// entries added, or returns "".
func checkUpdated(work File, before *catalog.Bundle, res *Updated) string {
	// Every old line, in order, is among the new ones. A byte order mark
	// is the file's, not its first line's: in a file of the mark alone,
	// the first new line follows it.
	const bom = "\ufeff"
	oldText, nowText := string(work.Data), string(res.Work)
	if strings.HasPrefix(oldText, bom) {
		if !strings.HasPrefix(nowText, bom) {
			return "the byte order mark is gone"
		}
		oldText, nowText = oldText[len(bom):], nowText[len(bom):]
	}
	old, now := strings.SplitAfter(oldText, "\n"), strings.SplitAfter(nowText, "\n")
	j := 0
	for _, l := range now {
		if j < len(old) && (l == old[j] || j == len(old)-1 && strings.TrimRight(l, "\r\n") == old[j]) {
			j++
		}
	}
	if j < len(old) {
		return fmt.Sprintf("line %d is gone", j+1)
	}
	after, _ := catalog.ParseBundle(work.Name, before.Tag, res.Work)
	if after == nil {
		return "it does not parse"
	}
	if len(after.Messages) != len(before.Messages)+len(res.Added) {
		return fmt.Sprintf("%d messages instead of %d", len(after.Messages), len(before.Messages)+len(res.Added))
	}
	for _, m := range before.Messages {
		got := after.Lookup(m.ID)
		if got == nil || got.Text != m.Text || got.Hash != m.Hash || got.Description != m.Description {
			return "code " + m.ID + " changed"
		}
	}
	for _, id := range res.Added {
		if after.Lookup(id) == nil {
			return "code " + id + " is missing"
		}
	}
	return ""
}
