package lint_test

import (
	"fmt"
	"os"
	"testing/fstest"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/lint"
)

// Check a folder the way a reviewer would, and print the findings as a
// compiler would.
func ExampleFolder() {
	fsys := fstest.MapFS{
		"en.toml": {Data: []byte("[\"3001\"]\nother = \"The name must be at most {{.Max}} characters\"\n")},
		"de.toml": {Data: []byte("[\"3001\"]\nother = \"Der Name ist zu lang \"\n")},
	}
	f, err := catalog.OpenFolder(fsys, "locales")
	if err != nil {
		fmt.Println(err)
		return
	}
	diag.Write(os.Stdout, lint.Folder(f), "text")
	// Output:
	// locales/de.toml:2:9: error: code 3001: placeholder {{.Max}} of the source is missing from the translation [placeholder-missing]
	// locales/de.toml:2:9: warning: code 3001: the text ends with " "; the source's has none [whitespace]
}
