package workfile_test

import (
	"bytes"
	"fmt"
	"strings"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/coverage"
	"github.com/errcat/errcat/catalog/exchange"
	"github.com/errcat/errcat/catalog/workfile"
)

// A translator's round trip for one locale: write the work file of what
// Japanese lacks, fill it in, and merge it into ja.toml, whose comments stay.
func ExampleMerge() {
	src, _ := catalog.ParseBundle("locales/en.toml", language.English, []byte(`["2004"]
other = "User does not exist"

["2005"]
other = "User has been locked"
`))
	codes, _ := catalog.SourceCodes(src)
	ja := []byte("# Japanese, reviewed by Aiko.\n\n[\"2004\"]\nother = \"ユーザーが存在しません。\"\n")
	jaBundle, _ := catalog.ParseBundle("locales/ja.toml", language.Japanese, ja)

	cov := coverage.Compare(src, codes, jaBundle, false)
	work := workfile.Write(src, cov)
	fmt.Printf("%d to translate\n", len(cov.ToDo()))

	// The translator fills in the empty text.
	filled := []byte(string(work[:len(work)-len("other = \"\"\n")]) + "other = \"ユーザーはロックされています。\"\n")

	res, err := workfile.Merge(workfile.Input{Source: src, Locale: language.Japanese,
		Bundle: workfile.File{Name: "locales/ja.toml", Data: ja},
		Work:   workfile.File{Name: "locales/translate.ja.toml", Data: filled}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("merged %v\n%s", res.Merged, res.Bundle)
	// Output:
	// 1 to translate
	// merged [2005]
	// # Japanese, reviewed by Aiko.
	//
	// ["2004"]
	// other = "ユーザーが存在しません。"
	//
	// ["2005"]
	// hash = "sha1-7324bf600d476f24d9f3771a98a085196bbbdcae"
	// other = "ユーザーはロックされています。"
}

// A translator's round trip through a CAT tool: export what Japanese lacks
// as a PO file, translate it there, and import it into ja.toml, whose
// comments stay.
func ExampleImport() {
	src, _ := catalog.ParseBundle("locales/en.toml", language.English, []byte(`["2004"]
other = "User does not exist"

["2005"]
other = "User has been locked"
`))
	codes, _ := catalog.SourceCodes(src)
	ja := []byte("# Japanese, reviewed by Aiko.\n\n[\"2004\"]\nother = \"ユーザーが存在しません。\"\n")
	jaBundle, _ := catalog.ParseBundle("locales/ja.toml", language.Japanese, ja)

	doc, _ := workfile.Export(workfile.ExportInput{Source: src, Codes: codes, Locale: language.Japanese,
		Bundle: jaBundle, Only: workfile.Missing})
	var po bytes.Buffer
	exchange.WritePO(&po, doc)

	// The translator fills in the empty msgstr in Poedit.
	filled := strings.Replace(po.String(), "msgid \"User has been locked\"\nmsgstr \"\"",
		"msgid \"User has been locked\"\nmsgstr \"ユーザーはロックされています。\"", 1)
	back, err := exchange.ReadPO(strings.NewReader(filled), 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := workfile.Import(workfile.ImportInput{Source: src, Locale: language.Japanese,
		Bundle: workfile.File{Name: "locales/ja.toml", Data: ja}, Name: "ja.po", Doc: back})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("imported %v\n%s", res.Imported, res.Bundle)
	// Output:
	// imported [2005]
	// # Japanese, reviewed by Aiko.
	//
	// ["2004"]
	// other = "ユーザーが存在しません。"
	//
	// ["2005"]
	// hash = "sha1-7324bf600d476f24d9f3771a98a085196bbbdcae"
	// other = "ユーザーはロックされています。"
}
