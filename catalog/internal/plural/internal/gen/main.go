// Command gen writes package plural's rules_gen.go from CLDR's plural data.
//
// Usage, from catalog/internal/plural (go generate runs it so):
//
//	go run ./internal/gen -data testdata/cldr -o rules_gen.go
//
// The data directory holds plurals.json, ordinals.json and
// parentLocales.json from the cldr-core npm package, and a VERSION file
// naming the package version; update.sh refreshes them.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/errcat/errcat/catalog/internal/plural/internal/cldr"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "testdata/cldr", "directory with the cldr-core plural JSON files and VERSION")
	out := fs.String("o", "rules_gen.go", "Go file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	d, err := cldr.Load(os.DirFS(*data))
	if err != nil {
		return fmt.Errorf("load %s: %w", *data, err)
	}
	src, err := cldr.Generate(d)
	if err != nil {
		return fmt.Errorf("generate from %s: %w", *data, err)
	}
	return os.WriteFile(*out, src, 0o644)
}
