package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/exchange"
	"github.com/errcat/errcat/catalog/workfile"
	"github.com/errcat/errcat/internal/safefile"
)

const importAbout = `Import folds the translations of a PO or XLIFF (2.0 or 1.2) file, as
errcat export wrote it and a translator's tool filled it in, into the
locale's bundle. It goes the way errcat merge goes: the bundle is edited in
place (comments, blank lines and the order of entries survive), read back
before it is written, and written atomically.

A translation made from English that changed after the export goes in as
stale, as does one the file marks fuzzy or needs-review. Import leaves out,
and says why, a draft that does not say which English it was made from, a
plural message with a form left empty, and a translation that differs from
an up-to-date one in the bundle: it never overwrites one.

It refuses the whole file, and writes nothing, when the file is for another
language, names a code the source does not have, has a template that does
not parse, or is not a well-formed PO or XLIFF file of at most 32 MiB
(XLIFF with a DOCTYPE is refused: no entity is ever expanded or fetched).
The locale is the file's target language; --locale makes sure of it, and
starts a bundle for a locale that has none. It exits 1 when the file was
refused or a translation was left out.`

// importLimit is the largest file import reads.
const importLimit = exchange.DefaultLimit

func runImport(ctx context.Context, e *env, args []string) int {
	f := newCatalogFlags(e, "import", "[--locales DIR] [--locale TAG] FILE", importAbout)
	f.localeFlag("the locale `TAG` the file must be a translation into, such as ja (default: the file's target language)")
	ops, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(ops) != 1 {
		_, code, _ := f.usageError("name one file to import")
		return code
	}
	tags, ok := f.tags()
	if !ok {
		return exitUsage
	}
	if len(tags) > 1 {
		_, code, _ := f.usageError("one --locale only: a file is one locale's")
		return code
	}
	path := ops[0]
	shown := filepath.ToSlash(path)
	refuse := func(format string, args ...any) int {
		fmt.Fprintf(e.stderr, "errcat import: %s: %s; nothing was changed\n", shown, fmt.Sprintf(format, args...))
		return exitProblems
	}
	doc, err := readExchangeFile(path, importLimit)
	if err != nil {
		var pe *exchange.ParseError
		if errors.As(err, &pe) {
			d := diag.Diagnostic{File: shown, Line: pe.Line, Severity: diag.Error, Rule: diag.RuleSyntax, Message: pe.Err.Error()}
			if pe.Entry != "" {
				d.Message = pe.Entry + ": " + d.Message
			}
			fmt.Fprintln(e.stderr, d)
			return refuse("the file is not one import can read")
		}
		var pathErr *fs.PathError
		if errors.As(err, &pathErr) {
			err = pathErr.Err // the message names the file already
		}
		return refuse("%v", err)
	}

	fo, ok := f.folder()
	if !ok {
		return exitUsage
	}
	var tag language.Tag
	if len(tags) == 1 {
		tag = tags[0]
	} else {
		if doc.TargetLang == "" {
			return refuse("the file names no target language; pass --locale TAG")
		}
		tag, err = parseLocale(strings.ReplaceAll(doc.TargetLang, "_", "-"))
		if err != nil {
			return refuse("its target language %q is not a BCP 47 language tag", doc.TargetLang)
		}
	}
	if tag == fo.SourceTag() {
		return refuse("%s is the source language, which has nothing to translate", tag)
	}
	bf, found := fo.Find(tag)
	if !found {
		if len(tags) == 0 {
			if by, ok := fo.ServedBy(tag); ok {
				// The file is for tag, so --locale of the bundle that
				// serves it would be refused: the choice is to start tag.
				return refuse("%s has no bundle for %s, whose readers get %s (%s) today; to start %s, import with --locale %s",
					f.display(), tag, by.Tag, by.File, tag, tag)
			}
			return refuse("%s has no bundle for %s; to start one, import with --locale %s", f.display(), tag, tag)
		}
		bf = fo.NewFile(tag)
	}
	// Import reads the source and the locale's bundle, nothing else, as
	// merge does.
	src, ok := f.source(fo)
	if !ok {
		return exitUsage
	}
	// The bundle is read and written as merge does: locked, and replaced
	// only if nobody saved it meanwhile.
	bundlePath := filepath.Join(f.dir, bf.Name)
	bh, ok := f.openFile(ctx, bundlePath, bf.File, filepath.Join(f.dir, fo.Source.Name))
	if !ok {
		return exitProblems
	}
	defer bh.Close()
	bundle := bh.Data()
	if !bh.Exists() {
		bundle = workfile.NewBundle(src.bundle, tag)
	}

	res, err := workfile.Import(workfile.ImportInput{Source: src.bundle, Locale: tag,
		Bundle: workfile.File{Name: bf.File, Data: bundle}, Name: shown, Doc: doc})
	if err != nil {
		var ie *workfile.ImportError
		var le *catalog.LoadError
		switch {
		case errors.As(err, &ie):
			for _, d := range ie.Problems {
				fmt.Fprintln(e.stderr, d)
			}
			return refuse("fix the errors above and import again")
		case errors.As(err, &le):
			for _, d := range le.Diagnostics {
				fmt.Fprintln(e.stderr, d)
			}
			return refuse("fix the errors above and import again")
		}
		return refuse("%v", err)
	}
	if res.Bundle != nil {
		if !f.commit(ctx, safefile.Change{File: bh, Data: res.Bundle}) {
			return exitProblems
		}
		fmt.Fprintf(e.stdout, "%s: imported %d %s from %s: %s\n", bf.File, len(res.Imported),
			diag.Plural(len(res.Imported), "translation", "translations"), shown, strings.Join(res.Imported, ", "))
		if !found {
			for _, note := range newLocaleNotes(fo, tag, true) {
				fmt.Fprintln(e.stdout, note)
			}
		}
	} else {
		fmt.Fprintf(e.stdout, "%s: nothing new to import from %s\n", bf.File, shown)
	}
	for _, d := range res.Notes {
		fmt.Fprintln(e.stdout, d)
	}
	for _, d := range res.Left {
		fmt.Fprintln(e.stdout, d)
	}
	fmt.Fprintf(e.stdout, "%s: %d imported, %d unchanged, %d untranslated, %d left out\n", shown,
		len(res.Imported), res.Unchanged, res.Untranslated, leftOut(res.Left))
	if len(res.Left) > 0 {
		return exitProblems
	}
	return exitOK
}

// readExchangeFile reads a PO or XLIFF file of at most limit bytes, told
// apart by their first character: XLIFF is XML and starts with '<'. A file
// over the limit is refused before it is read, when its size says so, and
// the readers stop at the limit for anything else (a pipe, a device).
func readExchangeFile(path string, limit int64) (*exchange.Document, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, errors.New("is a folder, not a file")
	}
	if st.Mode().IsRegular() && st.Size() > limit {
		return nil, fmt.Errorf("the file is %d bytes, and import reads at most %d (%w)", st.Size(), limit, exchange.ErrTooLarge)
	}
	r := bufio.NewReader(fh)
	head, _ := r.Peek(512)
	bom := []byte("\xef\xbb\xbf")
	isXML := bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(head, bom), " \t\r\n"), []byte("<"))
	// Windows tools start XML with a byte order mark, which the XLIFF
	// reader would take for text before the root element.
	if bytes.HasPrefix(head, bom) {
		r.Discard(len(bom))
	}
	if isXML {
		return exchange.ReadXLIFF(r, limit)
	}
	return exchange.ReadPO(r, limit)
}

// leftOut counts the translations import left out: one for each code,
// however many of its problems are listed (two placeholders of one text
// are one translation not imported), and one for each problem of no code.
func leftOut(left []diag.Diagnostic) int {
	n := 0
	seen := map[string]bool{}
	for _, d := range left {
		if d.ID == "" || !seen[d.ID] {
			n++
		}
		if d.ID != "" {
			seen[d.ID] = true
		}
	}
	return n
}
