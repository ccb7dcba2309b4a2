package main

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/coverage"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/workfile"
	"github.com/errcat/errcat/internal/safefile"
)

const confirmAbout = `Confirm marks stale translations of one locale as current, without
retyping them: the translator has read each against today's English (errcat
stale shows it, with what changed) and it is still right. It sets the hash
each records to the hash of today's English, and changes nothing else: the
hash lines of those entries change, every other byte of the bundle stays.

Name the codes to confirm, or give --all for every stale translation of the
locale. Confirm refuses, and writes nothing, when a code is not in the
source, the locale has no translation of it, or its translation is not
stale. Its write is a compare-and-swap, as merge's is: should someone save
the bundle while confirm runs, it writes nothing and says so.`

func runConfirm(ctx context.Context, e *env, args []string) int {
	f := newCatalogFlags(e, "confirm", "[--locales DIR] --locale TAG (CODE... | --all)", confirmAbout)
	f.localeFlag("the locale `TAG` whose translations to confirm, such as ja")
	all := f.set.Bool("all", false, "confirm every stale translation of the locale")
	ops, code, ok := f.parse(args)
	if !ok {
		return code
	}
	switch {
	case len(f.locales) == 0:
		_, code, _ := f.usageError("name the locale with --locale TAG")
		return code
	case len(f.locales) > 1:
		_, code, _ := f.usageError("confirm takes one --locale at a time")
		return code
	case len(ops) == 0 && !*all:
		_, code, _ := f.usageError("name the codes to confirm, or give --all for every stale translation")
		return code
	case len(ops) > 0 && *all:
		_, code, _ := f.usageError("give the codes to confirm or --all, not both")
		return code
	}
	tags, ok := f.tags()
	if !ok {
		return exitUsage
	}
	tag := tags[0]
	fo, ok := f.folder()
	if !ok {
		return exitUsage
	}
	if tag == fo.SourceTag() {
		fmt.Fprintf(e.stderr, "errcat confirm: %s is the source language, whose texts are current by definition\n", tag)
		return exitUsage
	}
	bf, ok := fo.Find(tag)
	if !ok {
		fmt.Fprintf(e.stderr, "errcat confirm: %s has no bundle for locale %s, so nothing to confirm%s\n", f.display(), tag, noBundleHint(fo, tag))
		return exitUsage
	}
	src, ok := f.source(fo)
	if !ok {
		return exitUsage
	}
	h, ok := f.openFile(ctx, filepath.Join(f.dir, bf.Name), bf.File, "")
	if !ok {
		return exitProblems
	}
	defer h.Close()
	b, ds := catalog.ParseBundle(bf.File, tag, h.Data())
	if errs := diag.Errors(ds); b == nil || len(errs) > 0 {
		for _, d := range errs {
			fmt.Fprintln(e.stderr, d)
		}
		fmt.Fprintf(e.stderr, "errcat confirm: %s does not load; fix the errors above first (errcat lint lists every problem); nothing was changed\n", bf.File)
		return exitUsage
	}
	cov := coverage.Compare(src.bundle, src.codes, b, false)
	ids, problems := confirmIDs(ops, *all, cov, src, bf, tag.String())
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintf(e.stderr, "errcat confirm: %s\n", p)
		}
		fmt.Fprintf(e.stderr, "errcat confirm: nothing was changed\n")
		return exitUsage
	}
	if len(ids) == 0 {
		fmt.Fprintf(e.stdout, "%s: nothing stale to confirm\n", bf.File)
		return exitOK
	}
	out, err := workfile.Confirm(src.bundle, tag, workfile.File{Name: bf.File, Data: h.Data()}, ids)
	if err != nil {
		fmt.Fprintf(e.stderr, "errcat confirm: %v\n", err)
		return exitProblems
	}
	if !f.commit(ctx, safefile.Change{File: h, Data: out}) {
		return exitProblems
	}
	fmt.Fprintf(e.stdout, "%s: confirmed %d %s as current: %s\n", bf.File, len(ids),
		diag.Plural(len(ids), "translation", "translations"), strings.Join(ids, ", "))
	f.noteWorkEntries(tag.String(), ids)
	return exitOK
}

// noteWorkEntries says which of the confirmed ids the locale's work file
// still has an entry for: merge would keep asking for them. Confirm leaves
// the work file alone, since an entry may hold a draft the translator
// wants to keep.
func (f *catalogFlags) noteWorkEntries(locale string, ids []string) {
	name := workfile.Name(locale)
	data, err := os.ReadFile(filepath.Join(f.dir, name))
	if err != nil {
		return
	}
	shown := path.Join(f.display(), name)
	work, _ := catalog.ParseBundle(shown, language.Und, data)
	if work == nil {
		return
	}
	var left []string
	for _, id := range ids {
		if work.Lookup(id) != nil {
			left = append(left, id)
		}
	}
	if len(left) > 0 {
		fmt.Fprintf(f.e.stdout, "%s still has %s for %s, current now: delete %s, or merge will keep asking for %s\n", shown,
			diag.Plural(len(left), "an entry", "entries"), diag.List(left), diag.Plural(len(left), "it", "them"), diag.Plural(len(left), "it", "them"))
	}
}

// confirmIDs returns the message IDs to confirm, in code order: every stale
// one with all, else those the operands name. It returns instead what is
// wrong with each operand that names no stale translation.
func confirmIDs(ops []string, all bool, cov coverage.Coverage, src *sourceBundle, bf catalog.BundleFile, locale string) (ids, problems []string) {
	if all {
		for _, g := range cov.Stale {
			ids = append(ids, g.ID)
		}
		return ids, nil
	}
	stale := map[int]bool{}
	for _, g := range cov.Stale {
		stale[g.Code] = true
	}
	missing := map[int]bool{}
	flawed := map[int]bool{} // written, but not served (catalog.Flaws)
	for _, g := range cov.Missing {
		missing[g.Code] = true
		flawed[g.Code] = g.Message != nil && g.Message.Other() != ""
	}
	var codes []int
	for _, op := range ops {
		code, ok := catalog.ParseCode(op)
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("%q is not an error code (a decimal number without leading zeros)", op))
		case !slices.Contains(src.codes, code):
			problems = append(problems, fmt.Sprintf("code %d is not in the source %s", code, src.bundle.File))
		case flawed[code]:
			problems = append(problems, fmt.Sprintf("code %d: its translation in %s is not served, since it would render wrong (errcat lint --locale %s says why): fix it (errcat todo --locale %s) rather than confirm it", code, bf.File, locale, locale))
		case missing[code]:
			problems = append(problems, fmt.Sprintf("code %d: %s has no translation of it to confirm; translate it (errcat todo --locale %s)", code, bf.File, locale))
		case !stale[code]:
			problems = append(problems, fmt.Sprintf("code %d: its translation in %s is current already; only a stale one (errcat stale) needs confirming", code, bf.File))
		case !slices.Contains(codes, code):
			codes = append(codes, code)
		}
	}
	slices.Sort(codes)
	for _, c := range codes {
		ids = append(ids, strconv.Itoa(c))
	}
	return ids, problems
}
