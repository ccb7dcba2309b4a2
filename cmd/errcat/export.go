package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/exchange"
	"github.com/errcat/errcat/catalog/workfile"
	"github.com/errcat/errcat/internal/safefile"
)

const exportAbout = `Export writes one locale's messages as a file for translators' tools (Poedit,
Weblate, Crowdin, Lokalise, OmegaT, ...): gettext PO (po), XLIFF 2.0 (xliff)
or XLIFF 1.2 (xliff12). Each code is one entry: the English, its description
as a note, the translation where the locale has one, marked fuzzy (PO) or
initial / needs-review (XLIFF) when it was made from older English. The
file records the hash of the English of each entry, so that errcat import
can tell a translation made from English that changed since.

It reads the source bundle and the locale's bundle, nothing else. A locale
without a bundle yet exports every code, untranslated. Bring the translated
file back with errcat import.`

var exportFormats = map[string]func(io.Writer, *exchange.Document) error{
	"po":      exchange.WritePO,
	"xliff":   exchange.WriteXLIFF2,
	"xliff12": exchange.WriteXLIFF12,
}

func runExport(ctx context.Context, e *env, args []string) int {
	f := newCatalogFlags(e, "export", "--locale TAG [--locales DIR] [--format po|xliff|xliff12] [--only missing|stale|all] [-o FILE]",
		exportAbout, "po", "xliff", "xliff12")
	f.localeFlag("the locale `TAG` to export, such as ja")
	only := f.set.String("only", "all", "which messages: `WHAT` is missing, stale, current or all, or several joined by commas (missing,stale is what errcat todo writes)")
	out := f.set.String("o", "", "write the file to `FILE` (default: standard output)")
	if code, ok := f.parseNoOperands(args); !ok {
		return code
	}
	sel, err := workfile.ParseSelection(*only)
	if err != nil {
		_, code, _ := f.usageError("--only: %v", err)
		return code
	}
	tags, ok := f.tags()
	if !ok {
		return exitUsage
	}
	if len(tags) != 1 {
		_, code, _ := f.usageError("name the locale to export with --locale TAG, once")
		return code
	}
	fo, ok := f.folder()
	if !ok {
		return exitUsage
	}
	// Export reads the source and the locale's bundle, as todo does, so
	// that a broken bundle of another locale does not stop it.
	src, ok := f.source(fo)
	if !ok {
		return exitUsage
	}
	tag := tags[0]
	if tag == fo.SourceTag() {
		fmt.Fprintf(e.stderr, "errcat export: %s is the source language, which has nothing to translate\n", tag)
		return exitUsage
	}
	for _, note := range newLocaleNotes(fo, tag, false) {
		fmt.Fprintln(e.stderr, note)
	}
	var b *catalog.Bundle
	if bf, found := fo.Find(tag); found {
		var ds []diag.Diagnostic
		b, ds = fo.Read(bf)
		if errs := diag.Errors(ds); b == nil || len(errs) > 0 {
			reportLoadError(e.stderr, f.name, f.dir, &catalog.LoadError{Diagnostics: errs})
			return exitUsage
		}
	}
	doc, warnings := workfile.Export(workfile.ExportInput{Source: src.bundle, Codes: src.codes, Locale: tag, Bundle: b, Only: sel})
	for _, d := range warnings {
		fmt.Fprintln(e.stderr, d)
	}
	var buf bytes.Buffer
	if err := exportFormats[f.format](&buf, doc); err != nil {
		fmt.Fprintf(e.stderr, "errcat export: %v\n", err)
		return exitProblems
	}
	if *out == "" {
		if _, err := e.stdout.Write(buf.Bytes()); err != nil {
			fmt.Fprintf(e.stderr, "errcat export: %v\n", err)
			return exitProblems
		}
		return exitOK
	}
	oh, ok := f.openFile(ctx, *out, *out, "")
	if !ok {
		return exitProblems
	}
	defer oh.Close()
	if !f.commit(ctx, safefile.Change{File: oh, Data: buf.Bytes()}) {
		return exitProblems
	}
	var missing, stale int
	for _, u := range doc.Units {
		switch {
		case len(u.Target) == 0:
			missing++
		case u.Stale:
			stale++
		}
	}
	fmt.Fprintf(e.stdout, "%s: %d %s of %s (%d missing, %d stale)\n", filepath.ToSlash(*out),
		len(doc.Units), diag.Plural(len(doc.Units), "message", "messages"), tag, missing, stale)
	return exitOK
}
