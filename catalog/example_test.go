package catalog_test

import (
	"fmt"
	"testing/fstest"

	"github.com/errcat/errcat/catalog"
)

// A small catalog of two codes: English, and Japanese that lacks 2005.
var exampleFS = fstest.MapFS{
	"en.toml": {Data: []byte(`["2004"]
other = "User does not exist"

["2005"]
other = "At most {{.Max}} attempts"
`)},
	"ja.toml": {Data: []byte(`["2004"]
other = "ユーザーが存在しません。"
`)},
}

// Load a folder of bundles and resolve codes for one caller: the Localizer
// matches the caller's languages once, and each code falls back on its own.
func ExampleCatalog_Localizer() {
	c, err := catalog.Load(exampleFS, "locales")
	if err != nil {
		fmt.Println(err)
		return
	}
	loc := c.Localizer("ja-JP,ja;q=0.9,en;q=0.5")
	for _, code := range []int{2004, 2005} {
		res, _ := loc.Localize(code, catalog.Params{Data: map[string]any{"Max": 5}})
		fmt.Printf("%d %s %s (%s)\n", code, res.Locale, res.Text, res.Fallback)
	}
	// Output:
	// 2004 ja ユーザーが存在しません。 (first-choice)
	// 2005 en At most 5 attempts (later-choice)
}

// A broken bundle is refused with every problem, by file, line and column.
func ExampleLoad_error() {
	broken := fstest.MapFS{
		"en.toml": exampleFS["en.toml"],
		"ja.toml": {Data: []byte("[\"2004\"]\nothr = \"ユーザーが存在しません。\"\n")},
	}
	_, err := catalog.Load(broken, "locales")
	for _, d := range catalog.Diagnostics(err, "locales") {
		fmt.Println(d)
	}
	// Output:
	// locales/ja.toml:2:1: error: code 2004: unknown key "othr" in a message (did you mean "other"?)
}
