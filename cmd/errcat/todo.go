package main

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/coverage"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/workfile"
	"github.com/errcat/errcat/internal/safefile"
)

const todoAbout = `Todo writes, beside the bundles, a work file translate.<locale>.toml for each
locale with codes missing or stale: every such code with its English text in
a comment, the description and hash of the English message, and an empty
"other" (and, for a plural message, every plural form the language uses) to
fill in. Fill it in, then run errcat merge. For a locale that has no bundle
yet, the work file holds every code, and merge creates the bundle.

When the work file is there already, todo adds the entries it lacks, each at
its place in code order, and leaves everything else in it as it is: texts
filled in, drafts in comments, notes. An entry written for an English text
that has changed since is reported, not rewritten.

For a stale translation, and for one not served (a placeholder missing,
say) that was made from an older English text, the work file also shows,
when the folder is in git, the English the translation was made from and a
word diff to today's ([-removed-]{+added+}), found as errcat stale finds them. Todo refuses, and says
why, a work file it cannot add to without reformatting it, and one that is
not valid TOML. Without --locale, it names a file meant as a bundle that
is not read for its name (it_IT.toml, active.it.toml, it.TOML), which gets
no work file. Its writes are a compare-and-swap, as merge's are. It exits
1 when it refused, or reported an entry or such a file.`

func runTodo(ctx context.Context, e *env, args []string) int {
	f := newCatalogFlags(e, "todo", "[--locales DIR] [--locale TAG]...", todoAbout)
	f.localeFlag("a locale `TAG` to write the work file of, such as ja; repeat it for several (default: every translation)")
	if code, ok := f.parseNoOperands(args); !ok {
		return code
	}
	fo, ok := f.folder()
	if !ok {
		return exitUsage
	}
	tags, ok := f.tags()
	if !ok {
		return exitUsage
	}
	// Todo reads the source and the bundles of the locales it writes work
	// files for, nothing else: a broken bundle of another locale is not
	// this translator's problem.
	src, ok := f.source(fo)
	if !ok {
		return exitUsage
	}
	files := fo.Translations
	if len(tags) > 0 {
		files = nil
		for _, tag := range tags {
			b, ok := fo.Find(tag)
			if !ok {
				b = fo.NewFile(tag)
				for _, note := range newLocaleNotes(fo, tag, false) {
					fmt.Fprintln(e.stdout, note)
				}
			}
			files = append(files, b)
		}
	}
	exit := exitOK
	if len(tags) == 0 {
		// Every bundle gets its work file; a file meant as one but not
		// read for its name gets none, and saying nothing would look
		// like a locale with nothing to do.
		misnamed := fo.MisnamedFiles()
		for _, d := range fo.Diagnostics {
			if d.Rule == diag.RuleFileName && slices.ContainsFunc(misnamed, func(b catalog.BundleFile) bool { return b.File == d.File }) {
				fmt.Fprintf(e.stderr, "%s (errcat todo writes no work file for it)\n", d)
				exit = exitProblems
			}
		}
	}
	var covs []coverage.Coverage
	for _, bf := range files {
		cov, ok := f.coverageOf(fo, src, bf)
		if !ok {
			exit = max(exit, exitUsage)
			continue
		}
		covs = append(covs, cov)
	}
	// One search of the history for every locale's stale translations,
	// so that the work files show the English each was made from.
	f.previousSources(ctx, filepath.Join(f.dir, fo.Source.Name), src.bundle.File, fo.SourceTag(), covs)
	for _, cov := range covs {
		if ctx.Err() != nil {
			fmt.Fprintf(e.stderr, "errcat todo: interrupted\n")
			return max(exit, exitProblems)
		}
		if code := f.writeTodo(ctx, src.bundle, cov); code != exitOK {
			exit = max(exit, code)
		}
	}
	return exit
}

// A sourceBundle is the source bundle with its servable codes.
type sourceBundle struct {
	bundle *catalog.Bundle
	codes  []int
}

// source reads the folder's source bundle. On failure it prints why and
// returns false.
func (f *catalogFlags) source(fo *catalog.Folder) (*sourceBundle, bool) {
	return f.readSource(fo, fo.Read)
}

// sourceOf is source for a command that needs the source's messages of ids
// alone (catalog.Folder.ReadSome): only those are judged, and only those
// codes are in its bundle.
func (f *catalogFlags) sourceOf(fo *catalog.Folder, ids []string) (*sourceBundle, bool) {
	return f.readSource(fo, func(bf catalog.BundleFile) (*catalog.Bundle, []diag.Diagnostic) { return fo.ReadSome(bf, ids) })
}

func (f *catalogFlags) readSource(fo *catalog.Folder, read func(catalog.BundleFile) (*catalog.Bundle, []diag.Diagnostic)) (*sourceBundle, bool) {
	if fo.Source.Name == "" {
		reportLoadError(f.e.stderr, f.name, f.dir, &catalog.LoadError{Diagnostics: []diag.Diagnostic{fo.NoSource()}})
		return nil, false
	}
	b, ds := read(fo.Source)
	var codes []int
	if b != nil {
		var more []diag.Diagnostic
		codes, more = catalog.SourceCodes(b)
		ds = append(ds, more...)
	}
	if errs := diag.Errors(ds); len(errs) > 0 {
		reportLoadError(f.e.stderr, f.name, f.dir, &catalog.LoadError{Diagnostics: errs})
		return nil, false
	}
	return &sourceBundle{b, codes}, true
}

// coverageOf reads the bundle bf and compares it with the source; a bundle
// file that does not exist is a new locale, all of it to do. On failure it
// prints why and returns false.
func (f *catalogFlags) coverageOf(fo *catalog.Folder, src *sourceBundle, bf catalog.BundleFile) (coverage.Coverage, bool) {
	if bf.Tag == fo.SourceTag() {
		fmt.Fprintf(f.e.stderr, "errcat %s: %s is the source language, which has nothing to translate\n", f.name, bf.Tag)
		return coverage.Coverage{}, false
	}
	if _, ok := fo.Find(bf.Tag); !ok {
		return coverage.New(src.bundle, src.codes, bf.Tag, bf.File), true
	}
	b, ds := fo.Read(bf)
	if errs := diag.Errors(ds); b == nil || len(errs) > 0 {
		reportLoadError(f.e.stderr, f.name, f.dir, &catalog.LoadError{Diagnostics: errs})
		return coverage.Coverage{}, false
	}
	return coverage.Compare(src.bundle, src.codes, b, false), true
}

// writeTodo writes the work file of one locale, or adds to the one there
// the entries it lacks.
func (f *catalogFlags) writeTodo(ctx context.Context, src *catalog.Bundle, cov coverage.Coverage) int {
	e := f.e
	name := workfile.Name(cov.Locale)
	shown := path.Join(f.display(), name)
	data := workfile.Write(src, cov)
	if data == nil {
		fmt.Fprintf(e.stdout, "%s: nothing to translate\n", cov.Locale)
		return exitOK
	}
	wf, ok := f.openFile(ctx, filepath.Join(f.dir, name), shown, filepath.Join(f.dir, path.Base(cov.File)))
	if !ok {
		return exitProblems
	}
	defer wf.Close()
	summary := fmt.Sprintf("%s: %d to translate (%d missing, %d stale)", shown,
		len(cov.Missing)+len(cov.Stale), len(cov.Missing), len(cov.Stale))
	if !wf.Exists() {
		if !f.commit(ctx, safefile.Change{File: wf, Data: data}) {
			return exitProblems
		}
		fmt.Fprintln(e.stdout, summary)
		return exitOK
	}
	up, err := workfile.Update(src, cov, workfile.File{Name: shown, Data: wf.Data()})
	var le *catalog.LoadError
	switch {
	case errors.As(err, &le):
		for _, d := range le.Diagnostics {
			fmt.Fprintln(e.stderr, d)
		}
		fmt.Fprintf(e.stderr, "errcat todo: %s is not valid TOML, so it may hold translations; fix it and run errcat merge, or delete it to start over\n", shown)
		return exitProblems
	case err != nil:
		fmt.Fprintf(e.stderr, "errcat todo: %v\n", err)
		return exitProblems
	}
	if up.Work != nil {
		if !f.commit(ctx, safefile.Change{File: wf, Data: up.Work}) {
			return exitProblems
		}
		summary += fmt.Sprintf("; added the %d %s the work file lacked (%s), and kept everything in it",
			len(up.Added), diag.Plural(len(up.Added), "entry", "entries"), strings.Join(up.Added, ", "))
	} else {
		summary += "; the work file has them all, and stays as it is"
	}
	fmt.Fprintln(e.stdout, summary)
	for _, d := range up.Outdated {
		fmt.Fprintln(e.stdout, d)
	}
	if len(up.Outdated) > 0 {
		return exitProblems
	}
	return exitOK
}
