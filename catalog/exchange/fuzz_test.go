package exchange

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"testing"
)

func exported(tb testing.TB, write func(io.Writer, *Document) error, doc *Document) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := write(&buf, doc); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// roundTrip checks the fuzz property: whatever a reader accepts, its writer
// writes, and reading that gives the same document.
func roundTrip(t *testing.T, doc *Document, write func(io.Writer, *Document) error, read func(io.Reader, int64) (*Document, error)) {
	var buf bytes.Buffer
	if err := write(&buf, doc); err != nil {
		t.Fatalf("read, but cannot write: %v", err)
	}
	again, err := read(bytes.NewReader(buf.Bytes()), 0)
	if err != nil {
		t.Fatalf("cannot read what it wrote: %v\n%s", err, buf.Bytes())
	}
	if d := diffDocs(again, doc); d != "" {
		t.Fatalf("%s\n%s", d, buf.Bytes())
	}
}

// seedDoc is catalogDoc cut to a few codes of the catalog and all the
// made-up ones: small seeds keep the fuzzer's minimizing quick.
func seedDoc(tb testing.TB, lang testLang) *Document {
	doc := catalogDoc(tb, lang)
	var units []Unit
	for _, u := range doc.Units {
		if u.Code == "1000" || u.Code == "2007" || u.Code >= "4000" {
			units = append(units, u)
		}
	}
	doc.Units = units
	return doc
}

func checkParseError(t *testing.T, err error) {
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("%T is not a *ParseError: %v", err, err)
	}
}

func FuzzReadPO(f *testing.F) {
	for _, l := range testLangs {
		f.Add(exported(f, WritePO, seedDoc(f, l)))
	}
	f.Add([]byte("\xef\xbb\xbfmsgid \"\"\r\nmsgstr \"Language: ja\\n\"\r\n\r\n#. note\r\nmsgctxt \"1\"\r\nmsgid \"a\"\r\nmsgstr \"b\"\r\n"))
	f.Add([]byte("msgid \"\"\nmsgstr \"\"\n\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n\n" +
		"# errcat-previous-hash: sha1-1\n#. errcat-hash: sha1-2\n#, fuzzy\n#| msgid \"old\"\n#| msgid_plural \"olds\"\n" +
		"msgctxt \"2\"\nmsgid \"\"\n\"one \\\"q\\\"\\t\"\n\"x\"\nmsgid_plural \"many\\101\\x42\"\nmsgstr[0] \"\"\nmsgstr[1] \"y\"\n\n" +
		"#~ msgctxt \"9\"\n#~ msgid \"obsolete\"\n#~ msgstr \"x\"\n\n#: 3\nmsgid \"from a reference\"\nmsgstr \"\"\n"))
	f.Add([]byte("msgctxt \"2004\"\nmsgid \"unterminated\nmsgstr \"\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := ReadPO(bytes.NewReader(data), 1<<20)
		if err != nil {
			checkParseError(t, err)
			return
		}
		roundTrip(t, doc, WritePO, ReadPO)
	})
}

func FuzzReadXLIFF(f *testing.F) {
	for _, l := range testLangs {
		f.Add(exported(f, WriteXLIFF2, seedDoc(f, l)))
		f.Add(exported(f, WriteXLIFF12, seedDoc(f, l)))
	}
	// The shape of translate-toolkit's po2xliff output.
	f.Add([]byte(`<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.1" version="1.1">
  <file original="ja.po" source-language="en-US" datatype="po">
    <body>
      <trans-unit xml:space="preserve" id="1" approved="no" restype="x-gettext-domain-header"><source>Language: ja
Plural-Forms: nplurals=1; plural=0;
</source><target state="translated">Language: ja
Plural-Forms: nplurals=1; plural=0;
X-Source-Language: en
</target></trans-unit>
      <trans-unit xml:space="preserve" id="2" approved="yes"><source>User does not exist</source>
        <target state="translated">ユーザーが存在しません。</target>
        <context-group name="po-reference" purpose="location"><context context-type="sourcefile">2004</context></context-group>
        <note from="developer">errcat-hash: sha1-925947bacfdc93000463c4dcc6d6602b40d5fcec</note>
      </trans-unit>
      <group restype="x-gettext-plurals" id="3">
        <context-group name="po-entry" purpose="information"><context context-type="x-po-trancomment">errcat-previous-hash: sha1-1</context></context-group>
        <context-group name="po-reference" purpose="location"><context context-type="sourcefile">4003</context></context-group>
        <trans-unit xml:space="preserve" approved="yes" id="3[0]"><source>{{.N}} attempt</source><target state="translated">残り{{.N}}回</target></trans-unit>
        <trans-unit xml:space="preserve" id="3[1]"><source>{{.N}} attempts</source><target state="needs-translation"></target></trans-unit>
        <note from="po-translator">errcat-previous-hash: sha1-1</note>
      </group>
    </body>
  </file>
</xliff>
`))
	f.Add([]byte(`<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr"><file id="f">` +
		`<unit id="1"><originalData><data id="d">{{.X}}<cp hex="0001"/></data></originalData>` +
		`<segment id="one" state="reviewed"><source>a <pc id="p" dataRefStart="d" dataRefEnd="d">b<mrk id="m">c</mrk></pc><sm id="s"/><cp hex="FFFE"/></source><target>x<ph id="q" equiv="{{.Y}}"/></target></segment>` +
		`<segment id="other"><source>as</source></segment></unit></file></xliff>`))
	f.Add([]byte(billionLaughs))
	f.Add([]byte(externalEntity))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := ReadXLIFF(bytes.NewReader(data), 1<<20)
		if err != nil {
			checkParseError(t, err)
			return
		}
		if rootSpace(data) == nsXLIFF2 {
			roundTrip(t, doc, WriteXLIFF2, ReadXLIFF)
		} else {
			roundTrip(t, doc, WriteXLIFF12, ReadXLIFF)
		}
	})
}

// rootSpace returns the namespace of the first element.
func rootSpace(data []byte) string {
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Space
		}
	}
}
