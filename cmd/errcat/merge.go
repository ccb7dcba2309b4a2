package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/workfile"
	"github.com/errcat/errcat/internal/safefile"
	"golang.org/x/text/language"
)

const mergeAbout = `Merge folds the translations of each work file translate.<locale>.toml
(written by errcat todo) into the locale's bundle. It edits the bundle's text
in place: comments, blank lines and the order of entries survive, an updated
entry keeps its other lines, and a new entry goes in at its place in code
order. Entries still empty, or only partly filled in, stay in the work file;
the work file is deleted once every entry is in.

Merge reads its result back before writing it, and writes it atomically. It
refuses, and says why, a bundle it cannot edit line by line (for instance
one using multi-line strings). Every write is a compare-and-swap: should
someone save the bundle or the work file while merge runs, merge writes
nothing and says so, rather than overwrite their work; run it again. A
symlinked bundle is written through to its target; a read-only one is
refused. Comments in the work file outside the merged entries stay, and a
work file that holds nothing else is kept for them.

Merge prints what it merged, each entry it left that needs a fix (a
conflict, a form still empty, a template that does not parse), and a count
of the entries not translated yet; --verbose lists those too. It exits 1
when an entry stayed behind or a file was refused.`

func runMerge(ctx context.Context, e *env, args []string) int {
	f := newCatalogFlags(e, "merge", "[--locales DIR] [--locale TAG]... [--verbose]", mergeAbout)
	f.localeFlag("a locale `TAG` whose work file to merge, such as ja; repeat it for several (default: every work file)")
	f.set.BoolVar(&f.verbose, "verbose", false, "list every entry left in the work file, the ones not translated yet too, not only their count")
	if code, ok := f.parseNoOperands(args); !ok {
		return code
	}
	want, ok := f.tags()
	if !ok {
		return exitUsage
	}
	fo, ok := f.folder()
	if !ok {
		return exitUsage
	}
	restore, _ := softMemoryLimit(mergeMemoryLimit(f.dir, fo))
	defer restore()
	ents, err := os.ReadDir(f.dir)
	if err != nil {
		fmt.Fprintf(e.stderr, "errcat merge: %v\n", err)
		return exitUsage
	}
	// Merge reads, for each work file, its locale's bundle and of the
	// source the messages the work file names: nothing else, so that
	// neither a broken bundle of another locale nor a broken source
	// message of another code can stop this translator, and a work file
	// of a few entries costs a few messages built, not every message of
	// a large source (catalog.Folder.ReadSome).
	exit := exitOK
	n := 0
	for _, ent := range ents {
		if ctx.Err() != nil {
			fmt.Fprintf(e.stderr, "errcat merge: interrupted\n")
			return exitProblems
		}
		id, ok := workfile.Locale(ent.Name())
		if !ok || ent.IsDir() {
			continue
		}
		shown := path.Join(f.display(), ent.Name())
		tag, err := parseLocale(id)
		if len(want) > 0 && (err != nil || !slices.Contains(want, tag)) {
			continue
		}
		n++
		if err != nil {
			fmt.Fprintf(e.stderr, "errcat merge: %s: %q is not a BCP 47 language tag%s\n", shown, id, tagHint(id))
			exit = exitProblems
			continue
		}
		if tag == fo.SourceTag() {
			fmt.Fprintf(e.stderr, "errcat merge: %s is for the source language, which has nothing to translate; delete it\n", shown)
			exit = exitProblems
			continue
		}
		switch f.mergeOne(ctx, fo, tag, ent.Name()) {
		case mergeFailed:
			exit = exitProblems
		case mergeNoSource:
			return exitUsage
		}
	}
	if n == 0 {
		fmt.Fprintf(e.stdout, "no work files to merge in %s\n", f.dir)
	}
	return exit
}

// What mergeOne did: merged every entry, not (an entry stays, or a file
// could not be read or written), or stopped at a source that does not
// load, which stops the command.
const (
	mergeDone = iota
	mergeFailed
	mergeNoSource
)

// mergeOne merges one work file into the bundle of tag, creating the bundle
// for a new locale, and says whether every entry made it in.
func (f *catalogFlags) mergeOne(ctx context.Context, fo *catalog.Folder, tag language.Tag, workName string) int {
	e := f.e
	bf, ok := fo.Find(tag)
	if !ok {
		bf = fo.NewFile(tag)
	}
	workShown := path.Join(f.display(), workName)
	// The bundle is locked before the work file, by every command that
	// takes both, so that two never wait for each other.
	bundle, ok := f.openFile(ctx, filepath.Join(f.dir, bf.Name), bf.File, filepath.Join(f.dir, fo.Source.Name))
	if !ok {
		return mergeFailed
	}
	defer bundle.Close()
	work, ok := f.openFile(ctx, filepath.Join(f.dir, workName), workShown, "")
	if !ok {
		return mergeFailed
	}
	defer work.Close()
	if !work.Exists() {
		fmt.Fprintf(e.stderr, "errcat merge: %s: it was deleted while merge ran\n", workShown)
		return mergeFailed
	}
	// The source is read once the work file is locked: the messages it
	// holds are those of the work file as Merge reads it.
	sb, ok := f.sourceOf(fo, workfile.IDs(work.Data()))
	if !ok {
		return mergeNoSource
	}
	src := sb.bundle
	bundleData := bundle.Data()
	if !bundle.Exists() {
		bundleData = workfile.NewBundle(src, tag)
	}
	res, err := workfile.Merge(workfile.Input{Source: src, Locale: tag,
		Bundle: workfile.File{Name: bf.File, Data: bundleData},
		Work:   workfile.File{Name: workShown, Data: work.Data()}})
	if err != nil {
		var le *catalog.LoadError
		if errors.As(err, &le) {
			for _, d := range le.Diagnostics {
				fmt.Fprintln(e.stderr, d)
			}
			fmt.Fprintf(e.stderr, "errcat merge: %s: fix the errors above and merge again; nothing was changed\n", workShown)
		} else {
			fmt.Fprintf(e.stderr, "errcat merge: %v\n", err)
		}
		return mergeFailed
	}
	// Both files are checked before either is written; the bundle is
	// written first, so that a crash between the two leaves the work
	// file's entries where they were, never lost.
	var changes []safefile.Change
	if res.Bundle != nil {
		changes = append(changes, safefile.Change{File: bundle, Data: res.Bundle})
	}
	if res.Work == nil {
		changes = append(changes, safefile.Change{File: work, Remove: true})
	} else if !bytes.Equal(res.Work, work.Data()) {
		changes = append(changes, safefile.Change{File: work, Data: res.Work})
	}
	if len(changes) > 0 && !f.commit(ctx, changes...) {
		return mergeFailed
	}
	if res.Bundle != nil {
		fmt.Fprintf(e.stdout, "%s: merged %d %s from %s: %s\n", bf.File, len(res.Merged),
			diag.Plural(len(res.Merged), "translation", "translations"), workShown, strings.Join(res.Merged, ", "))
		// fo was listed before the bundle was written: the notes are for
		// a bundle this merge created.
		for _, note := range newLocaleNotes(fo, tag, true) {
			fmt.Fprintln(e.stdout, note)
		}
	}
	for _, d := range res.Notes {
		fmt.Fprintln(e.stdout, d)
	}
	switch {
	case res.Work == nil:
		fmt.Fprintf(e.stdout, "%s: every entry merged; removed it\n", workShown)
		return mergeDone
	case len(res.Kept) == 0:
		fmt.Fprintf(e.stdout, "%s: every entry merged; it still holds lines someone wrote outside the entries, so it stays: delete it once they are of no more use\n", workShown)
		return mergeDone
	}
	f.reportLeft(workShown, res.Kept)
	return mergeFailed
}

// mergeMemoryLimit is the soft memory limit merge runs under, as
// missing's: what it holds (the source, read in full, some eight times its
// file's size; the bundle being merged about eight times over: its bytes,
// the lines merge edits, its entries for the read-back, the result), with
// room to spare, so that the collector runs before the heap doubles past
// it. At 20,000 codes a live heap of 45 MB reached 86 to 92 MB of RSS
// without it. The limit is soft: a merge that needs more gets more. 0 when
// the sizes are not known.
func mergeMemoryLimit(dir string, fo *catalog.Folder) int64 {
	src, largest := bundleSizes(dir, fo)
	if src+largest == 0 {
		return 0
	}
	return 32<<20 + 8*src + 8*largest
}

func countIDs(ds []diag.Diagnostic) int {
	seen := map[string]bool{}
	for _, d := range ds {
		seen[d.ID] = true
	}
	return len(seen)
}
