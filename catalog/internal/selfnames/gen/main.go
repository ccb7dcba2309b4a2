// Command gen writes catalog/selfnames_gen.go, the table of languages'
// self-names, from x/text's display tables:
//
//	go generate ./catalog
//
// catalog's TestSelfNamesAreCurrent fails when the file is stale (after an
// x/text upgrade, or a change to package selfnames).
package main

import (
	"flag"
	"log"
	"os"

	"github.com/errcat/errcat/catalog/internal/selfnames"
)

func main() {
	out := flag.String("o", "selfnames_gen.go", "the file to write")
	flag.Parse()
	src, err := selfnames.File(selfnames.Entries())
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}
