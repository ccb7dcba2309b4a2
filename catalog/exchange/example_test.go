package exchange_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/errcat/errcat/catalog/exchange"
)

func ExampleWritePO() {
	doc := &exchange.Document{
		SourceLang: "en",
		TargetLang: "fr",
		Plural:     exchange.PluralRule{Forms: []string{"one", "other"}, Header: "nplurals=2; plural=(n > 1);"},
		Units: []exchange.Unit{{
			Code:       "4002",
			Source:     map[string]string{"one": "You have {{.PluralCount}} unread message", "other": "You have {{.PluralCount}} unread messages"},
			SourceHash: "sha1-2e8c8836df42297af26d5b4b53b2a664ac3527fb",
			Target:     map[string]string{"one": "Vous avez {{.PluralCount}} message non lu."},
			Stale:      true,
			Previous:   map[string]string{"one": "You have {{.PluralCount}} new message", "other": "You have {{.PluralCount}} new messages"},
		}},
	}
	if err := exchange.WritePO(os.Stdout, doc); err != nil {
		fmt.Println(err)
	}
	// Output:
	// msgid ""
	// msgstr ""
	// "Project-Id-Version: errcat\n"
	// "Language: fr\n"
	// "MIME-Version: 1.0\n"
	// "Content-Type: text/plain; charset=UTF-8\n"
	// "Content-Transfer-Encoding: 8bit\n"
	// "Plural-Forms: nplurals=2; plural=(n > 1);\n"
	// "X-Generator: errcat\n"
	// "X-Source-Language: en\n"
	// "X-Errcat-Plural-Categories: one other\n"
	//
	// #. errcat-hash: sha1-2e8c8836df42297af26d5b4b53b2a664ac3527fb
	// #: 4002
	// #, fuzzy
	// #| msgctxt "4002"
	// #| msgid "You have {{.PluralCount}} new message"
	// #| msgid_plural "You have {{.PluralCount}} new messages"
	// msgctxt "4002"
	// msgid "You have {{.PluralCount}} unread message"
	// msgid_plural "You have {{.PluralCount}} unread messages"
	// msgstr[0] "Vous avez {{.PluralCount}} message non lu."
	// msgstr[1] ""
}

// A translator's file comes back: check its language, then record each
// target with the hash TargetHash gives.
func ExampleReadPO() {
	po := `msgid ""
msgstr ""
"Language: ja\n"
"Plural-Forms: nplurals=1; plural=0;\n"

#. errcat-hash: sha1-925947bacfdc93000463c4dcc6d6602b40d5fcec
#: 2004
msgctxt "2004"
msgid "User does not exist"
msgstr "ユーザーが存在しません。"
`
	doc, err := exchange.ReadPO(strings.NewReader(po), 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := exchange.CheckTarget(doc, "ja"); err != nil {
		fmt.Println(err)
		return
	}
	for _, u := range doc.Units {
		fmt.Printf("%s %s %s %s\n", u.Code, u.State, u.TargetHash(), u.Target["other"])
	}
	// Output:
	// 2004 translated sha1-925947bacfdc93000463c4dcc6d6602b40d5fcec ユーザーが存在しません。
}

func ExampleWriteXLIFF2() {
	doc := &exchange.Document{
		SourceLang: "en",
		TargetLang: "ja",
		Units: []exchange.Unit{{
			Code:        "4001",
			Description: "Max is the limit, a number.",
			Source:      map[string]string{"other": "Must be at most {{.Max}} characters"},
			SourceHash:  "sha1-5b3ad0d1c2bb4dc1e6a8a8e3bbd8d2d7c1b6e1a0",
			Target:      map[string]string{"other": "{{.Max}}文字以内で入力してください。"},
			State:       exchange.Reviewed,
		}},
	}
	if err := exchange.WriteXLIFF2(os.Stdout, doc); err != nil {
		fmt.Println(err)
	}
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0" version="2.0" srcLang="en" trgLang="ja">
	//  <file id="errcat">
	//   <unit id="4001" canResegment="no" xml:space="preserve">
	//    <mda:metadata>
	//     <mda:metaGroup category="errcat">
	//      <mda:meta type="source-hash">sha1-5b3ad0d1c2bb4dc1e6a8a8e3bbd8d2d7c1b6e1a0</mda:meta>
	//     </mda:metaGroup>
	//    </mda:metadata>
	//    <notes>
	//     <note category="description">Max is the limit, a number.</note>
	//    </notes>
	//    <originalData>
	//     <data id="d1">{{.Max}}</data>
	//    </originalData>
	//    <segment id="other" state="reviewed">
	//     <source>Must be at most <ph id="ph1" dataRef="d1" equiv="{{.Max}}" disp="{{.Max}}"/> characters</source>
	//     <target><ph id="ph1" dataRef="d1" equiv="{{.Max}}" disp="{{.Max}}"/>文字以内で入力してください。</target>
	//    </segment>
	//   </unit>
	//  </file>
	// </xliff>
}
