package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/scaffold"
)

const initAbout = `Init starts a catalog from a table of error codes you already have: a
Markdown table (Code | Description, then a line of dashes) or, for a file
ending in .csv, CSV (code,message[,name,status]). It writes the source
bundle and the facts file (codes.toml) into DIR, which it creates, and
never overwrites either:

	errcat init --locales locales --fallback 1000 docs/error-codes.md

A table's columns are code, message (or description, text), and optionally
name, status and note (context for translators). Names the table does not
give are derived from the text and statuses are 500; check them in
codes.toml before generating constants from it. --fallback names the code
that answers errors outside the catalog.`

func runInit(_ context.Context, e *env, args []string) int {
	set := flag.NewFlagSet("init", flag.ContinueOnError)
	set.SetOutput(e.stderr)
	dir := set.String("locales", "locales", "write the new catalog into `DIR`, creating it")
	source := set.String("source", "en", "the source language's `TAG`: the table's texts are in it")
	fallback := set.Int("fallback", -1, "the `CODE` that answers errors outside the catalog (one of the table's); none by default")
	set.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: errcat init [--locales DIR] [--source TAG] [--fallback CODE] TABLE\n\n%s\n\nflags:\n", initAbout)
		set.PrintDefaults()
	}
	f := &catalogFlags{e: e, name: "init", set: set}
	ops, code, ok := f.parseOperands(args)
	if !ok {
		return code
	}
	if len(ops) != 1 {
		_, code, _ := f.usageError("want one table, a Markdown or CSV file")
		return code
	}
	tag, err := parseLocale(*source)
	if err != nil || tag.String() != *source {
		_, code, _ := f.usageError("--source %q is not a BCP 47 language tag in canonical form, such as en or zh-Hans", *source)
		return code
	}
	tablePath := ops[0]
	data, err := os.ReadFile(tablePath)
	if err != nil {
		fmt.Fprintf(e.stderr, "errcat init: %v\n", err)
		return exitUsage
	}
	from := filepath.ToSlash(tablePath)
	var rows []scaffold.Row
	var diags []diag.Diagnostic
	if strings.EqualFold(filepath.Ext(tablePath), ".csv") {
		rows, diags = scaffold.ParseCSV(from, data, tag)
	} else {
		rows, diags = scaffold.ParseMarkdown(from, data, tag)
	}
	// Build finds the rest, such as a text that is not a valid template,
	// so that one run lists every problem.
	cat, more := scaffold.Build(rows, tag, *fallback, *fallback >= 0, from)
	diags = append(diags, more...)
	if len(diags) > 0 {
		diag.Sort(diags)
		for _, d := range diags {
			fmt.Fprintln(e.stderr, d)
		}
		fmt.Fprintf(e.stderr, "errcat init: %s has %d %s; nothing was written\n", from, len(diags), diag.Plural(len(diags), "problem", "problems"))
		return exitProblems
	}

	srcPath := filepath.Join(*dir, tag.String()+".toml")
	factsPath := filepath.Join(*dir, catalog.FactsFile)
	for _, p := range []string{srcPath, factsPath} {
		if _, err := os.Stat(p); err == nil {
			fmt.Fprintf(e.stderr, "errcat init: %s exists; init starts a new catalog and never overwrites one (choose another --locales DIR)\n", p)
			return exitProblems
		}
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fmt.Fprintf(e.stderr, "errcat init: %v\n", err)
		return exitProblems
	}
	if err := createFile(srcPath, cat.Source); err != nil {
		fmt.Fprintf(e.stderr, "errcat init: %v\n", err)
		return exitProblems
	}
	if err := createFile(factsPath, cat.Facts); err != nil {
		// The bundle was made by this run and is of no use alone.
		os.Remove(srcPath)
		fmt.Fprintf(e.stderr, "errcat init: %v\n", err)
		return exitProblems
	}
	fmt.Fprintf(e.stdout, "%s: %d %s\n", filepath.ToSlash(srcPath), len(rows), diag.Plural(len(rows), "code", "codes"))
	fmt.Fprintf(e.stdout, "%s: names and statuses", filepath.ToSlash(factsPath))
	if cat.Derived > 0 {
		fmt.Fprintf(e.stdout, " (%d %s derived from the text: check them)", cat.Derived, diag.Plural(cat.Derived, "name", "names"))
	}
	fmt.Fprintln(e.stdout)
	return exitOK
}

// createFile writes a new file, failing if one exists already, even if
// another process made it since the check.
func createFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s exists; init never overwrites a file", path)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}
