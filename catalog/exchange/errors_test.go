package exchange

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

const poHead = "msgid \"\"\nmsgstr \"\"\n\"Language: ru\\n\"\n" +
	"\"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : 2);\\n\"\n" +
	"\"X-Errcat-Plural-Categories: one few many\\n\"\n\n"

func TestReadPOErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"unterminated string", poHead + "msgctxt \"2004\"\nmsgid \"User\nmsgstr \"\"\n",
			`po:8: msgctxt "2004": unterminated string`},
		{"unknown escape", poHead + "msgctxt \"2004\"\nmsgid \"a\\qb\"\nmsgstr \"\"\n",
			`po:8: msgctxt "2004": unknown escape \q`},
		{"text after the quote", poHead + "msgctxt \"2004\"\nmsgid \"a\" b\nmsgstr \"\"\n",
			`po:8: msgctxt "2004": text after the closing quote: "b"`},
		{"msgid without msgstr", poHead + "msgctxt \"2004\"\nmsgid \"a\"\n\nmsgctxt \"2005\"\nmsgid \"b\"\nmsgstr \"\"\n",
			`po:7: msgctxt "2004": msgid without msgstr`},
		{"msgstr[n] out of order", poHead + "msgctxt \"4002\"\nmsgid \"a\"\nmsgid_plural \"b\"\nmsgstr[1] \"x\"\n",
			`po:10: msgctxt "4002": msgstr[1]: want msgstr[0]`},
		{"plain msgstr for a plural", poHead + "msgctxt \"4002\"\nmsgid \"a\"\nmsgid_plural \"b\"\nmsgstr \"x\"\n",
			`po:7: msgctxt "4002": msgid_plural with a plain msgstr; want msgstr[0]`},
		{"more msgstr than plural forms", poHead + "msgctxt \"4002\"\nmsgid \"a\"\nmsgid_plural \"b\"\nmsgstr[0] \"x\"\nmsgstr[1] \"x\"\nmsgstr[2] \"x\"\nmsgstr[3] \"x\"\n",
			`po:7: msgctxt "4002": msgstr[3], but the header has 3 plural forms`},
		{"no code", poHead + "msgid \"User does not exist\"\nmsgstr \"\"\n",
			`po:7: msgid "User does not exist": no msgctxt or #: reference names the error code`},
		{"code twice", poHead + "msgctxt \"2004\"\nmsgid \"a\"\nmsgstr \"\"\n\nmsgctxt \"2004\"\nmsgid \"b\"\nmsgstr \"\"\n",
			`po:11: msgctxt "2004": code 2004 is already at line 7`},
		{"bad code", poHead + "msgctxt \"20 04\"\nmsgid \"a\"\nmsgstr \"\"\n",
			`po:7: msgctxt "20 04": code "20 04": only letters, digits, '.', '-' and '_' are allowed`},
		{"empty English", poHead + "msgctxt \"2004\"\nmsgid \"\"\nmsgstr \"x\"\n",
			`po:7: msgctxt "2004": the English has no "other" text`},
		{"not UTF-8", poHead + "msgctxt \"2004\"\nmsgid \"\xff\"\nmsgstr \"\"\n",
			`po:8: not valid UTF-8`},
		{"escapes make invalid UTF-8", poHead + "msgctxt \"2004\"\nmsgid \"\\377\"\nmsgstr \"\"\n",
			`po:8: msgctxt "2004": string is not valid UTF-8`},
		{"plural without Plural-Forms", "msgctxt \"4002\"\nmsgid \"a\"\nmsgid_plural \"b\"\nmsgstr[0] \"\"\n",
			`po:1: msgctxt "4002": msgid_plural, but the header has no Plural-Forms`},
		{"plural forms that need naming", "msgid \"\"\nmsgstr \"Plural-Forms: nplurals=3; plural=(n%10==1 ? 0 : n%10==2 ? 1 : 2);\\n\"\n\n" +
			"msgctxt \"4002\"\nmsgid \"a\"\nmsgid_plural \"b\"\nmsgstr[0] \"\"\n",
			`po:4: msgctxt "4002": msgid_plural, but the header does not say which CLDR category each msgstr[n] is: Plural-Forms has nplurals=3 and there is no X-Errcat-Plural-Categories`},
		{"categories that disagree with nplurals", "msgid \"\"\nmsgstr \"Plural-Forms: nplurals=2; plural=(n != 1);\\nX-Errcat-Plural-Categories: other\\n\"\n",
			`po:1: msgid "": header: plural forms: 1 categories [other], but the header "nplurals=2; plural=(n != 1);" has nplurals=2`},
		{"comment inside an entry", poHead + "msgctxt \"2004\"\n#. late\nmsgid \"a\"\nmsgstr \"\"\n",
			`po:8: msgctxt "2004": comment between the keywords of an entry`},
		{"second header", poHead + "msgid \"\"\nmsgstr \"\"\n",
			`po:7: msgid "": a second header entry`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadPO(strings.NewReader(tt.in), 0)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("error\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// A PO the way tools other than WritePO leave it: CRLF and a BOM from a
// Windows editor, obsolete entries, every comment kind, strings split over
// lines and escapes, a code that only a reference names.
func TestReadPOFromOtherTools(t *testing.T) {
	in := "\xef\xbb\xbf# Translator's header comment\r\n" +
		"#, fuzzy\r\nmsgid \"\"\r\nmsgstr \"\"\r\n\"Language: fr\\n\"\r\n\"Plural-Forms: nplurals=2; plural=(n > 1);\\n\"\r\n\r\n" +
		"# a translator's remark\r\n#. Shown on sign-in.\r\n#. errcat-hash: sha1-aa\r\n#: 2000\r\n#, c-format, fuzzy\r\n" +
		"#| msgctxt \"2000\"\r\n#| msgid \"\"\r\n#| \"Old \"\r\n#| \"text\"\r\n" +
		"msgctxt \"2000\"\r\nmsgid \"\"\r\n\"Account is \"\r\n\"abnormal\\n\\\"quoted\\\"\\t\\\\\"\r\nmsgstr \"Compte \\x41\\101\"\r\n\r\n" +
		"#~ msgctxt \"1999\"\r\n#~ msgid \"gone\"\r\n#~ msgstr \"parti\"\r\n\r\n" +
		"#: 4002\r\nmsgid \"{{.N}} day\"\r\nmsgid_plural \"{{.N}} days\"\r\nmsgstr[0] \"{{.N}} jour\"\r\nmsgstr[1] \"\"\r\n"
	doc, err := ReadPO(strings.NewReader(in), 0)
	if err != nil {
		t.Fatal(err)
	}
	want := &Document{TargetLang: "fr", Plural: PluralRule{Forms: []string{"one", "other"}, Header: "nplurals=2; plural=(n > 1);"}, Units: []Unit{{
		Code: "2000", Description: "Shown on sign-in.", SourceHash: "sha1-aa",
		Source:   map[string]string{"other": "Account is abnormal\n\"quoted\"\t\\"},
		Target:   map[string]string{"other": "Compte AA"},
		Stale:    true,
		Previous: map[string]string{"other": "Old text"},
	}, {
		Code:   "4002",
		Source: map[string]string{"one": "{{.N}} day", "other": "{{.N}} days"},
		Target: map[string]string{"one": "{{.N}} jour"},
		State:  Translated,
	}}}
	if d := diffDocs(doc, want); d != "" {
		t.Error(d)
	}
}

func TestReadXLIFFErrors(t *testing.T) {
	const x2 = `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ja"><file id="f">`
	const x12 = `<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="x" datatype="po" source-language="en" target-language="ja"><body>`
	tests := []struct {
		name, in, want string
	}{
		{"not XLIFF", `<html/>`, `xliff:1: the root is <html>, want <xliff>`},
		{"unknown namespace", `<xliff xmlns="urn:example" version="2.0"/>`, `xliff:1: <xliff> in namespace "urn:example", want XLIFF 2.0 or 1.2`},
		{"wrong version", `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="1.2"/>`, `xliff:1: XLIFF 2 namespace with version "1.2"`},
		{"no srcLang", `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"><file id="f"><unit id="1"><segment><source>a</source></segment></unit></file></xliff>`,
			`xliff:1: <xliff> has no srcLang`},
		{"no source-language", `<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="x" datatype="po"><body/></file></xliff>`,
			`xliff:1: <file> has no source-language`},
		{"ph without its code", x2 + "\n<unit id=\"4001\">\n<segment><source>at most <ph id=\"1\"/></source></segment></unit></file></xliff>",
			`xliff:2: unit "4001": segment "other": source: <ph id="1"> has neither dataRef nor equiv: its code is unknown`},
		{"dataRef to nothing", x2 + "\n<unit id=\"4001\"><segment><source><ph id=\"1\" dataRef=\"d9\"/></source></segment></unit></file></xliff>",
			`xliff:2: unit "4001": segment "other": source: <ph id="1">: dataRef "d9" is not in <originalData>`},
		{"segment that is not a category", x2 + "<unit id=\"4002\"><segment id=\"s1\"><source>a</source></segment><segment id=\"s2\"><source>b</source></segment></unit></file></xliff>",
			`xliff:1: unit "4002": segment "s1": the id is not a CLDR plural category`},
		{"unknown state", x2 + "<unit id=\"1\"><segment state=\"done\"><source>a</source><target>b</target></segment></unit></file></xliff>",
			`xliff:1: unit "1": segment "other": unknown state "done"`},
		{"code twice", x2 + "<unit id=\"1\"><segment><source>a</source></segment></unit>\n<unit id=\"1\"><segment><source>b</source></segment></unit></file></xliff>",
			`xliff:2: unit "1": code 1 is already at line 1`},
		{"not well-formed", x2 + "<unit id=\"1\">\n<segment><source>a</target></segment></unit></file></xliff>",
			`xliff:2: element <source> closed by </target>`},
		{"two roots", x2 + "<unit id=\"1\"><segment><source>a</source></segment></unit></file></xliff>\n<xliff/>",
			`xliff:2: an element after the root element`},
		{"1.2 x without equiv-text", x12 + "\n<trans-unit id=\"4001\"><source>at most <x id=\"1\"/></source></trans-unit></body></file></xliff>",
			`xliff:2: unit "4001": trans-unit "4001": source: <x id="1"> has no equiv-text: its code is unknown`},
		{"1.2 plural without a header", x12 + "\n<group id=\"4002\" restype=\"x-gettext-plurals\"><trans-unit id=\"4002[0]\"><source>a</source><target>x</target></trans-unit><trans-unit id=\"4002[1]\"><source>b</source></trans-unit></group></body></file></xliff>",
			`xliff:2: unit "4002": member 0: the file does not say which plural category it is (no gettext header with X-Errcat-Plural-Categories or a known nplurals)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadXLIFF(strings.NewReader(tt.in), 0)
			got := ""
			if err != nil {
				got = err.Error()
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Errorf("%T is not a *ParseError", err)
				}
			}
			if got != tt.want {
				t.Errorf("error\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestWriteRefusesWhatItCannotCarry(t *testing.T) {
	base := func() *Document {
		return &Document{SourceLang: "en", TargetLang: "ru", Plural: langRU.plural, Units: []Unit{{
			Code:   "4002",
			Source: map[string]string{"one": "{{.N}} message", "other": "{{.N}} messages"},
			Target: map[string]string{"one": "{{.N}} сообщение"},
			State:  Translated,
		}}}
	}
	tests := []struct {
		name   string
		change func(*Document)
		want   string
	}{
		{"CLDR other for gettext's ru", func(d *Document) { d.Units[0].Target["other"] = "{{.N}} сообщения" },
			`unit "4002": target form "other" is not in the plural forms [one few many]`},
		{"no plural rule", func(d *Document) { d.Plural = PluralRule{} }, `unit "4002": a plural message needs Plural.Forms and Plural.Header`},
		{"forms that disagree with the header", func(d *Document) { d.Plural.Forms = []string{"one", "other"} },
			`plural forms: 2 categories [one other], but the header "` + langRU.plural.Header + `" has nplurals=3`},
		{"English beyond one and other", func(d *Document) { d.Units[0].Source["few"] = "x" },
			`unit "4002": the English has no form "few": only one and other`},
		{"a code with a space", func(d *Document) { d.Units[0].Code = "40 02" },
			`unit "40 02": code "40 02": only letters, digits, '.', '-' and '_' are allowed`},
		{"NUL", func(d *Document) { d.Units[0].Target["one"] = "a\x00" }, `unit "4002": text has a NUL character`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := base()
			tt.change(doc)
			err := WritePO(&bytes.Buffer{}, doc)
			if err == nil || err.Error() != "write po: "+tt.want {
				t.Errorf("error\n got %v\nwant write po: %s", err, tt.want)
			}
		})
	}
	doc := base()
	doc.Units[0].Description = "bell \a"
	if err := WriteXLIFF12(&bytes.Buffer{}, doc); err == nil || !strings.Contains(err.Error(), "character U+0007 cannot be written in XML") {
		t.Errorf("XLIFF 1.2 wrote a control character: %v", err)
	}
	// XLIFF 2.0 has <cp> for it in text, but not in a note.
	if err := WriteXLIFF2(&bytes.Buffer{}, doc); err == nil || !strings.Contains(err.Error(), "description: character U+0007") {
		t.Errorf("XLIFF 2.0 wrote a control character in a note: %v", err)
	}
}

func TestCheckTarget(t *testing.T) {
	tests := []struct {
		got, want string
		ok        bool
	}{
		{"ja", "ja", true},
		{"pt_BR", "pt-BR", true},
		{"ZH-hant", "zh-Hant", true},
		{"ja-JP", "ja", false},
		{"", "ja", false},
		{"fr", "ja", false},
	}
	for _, tt := range tests {
		err := CheckTarget(&Document{TargetLang: tt.got}, tt.want)
		if (err == nil) != tt.ok {
			t.Errorf("CheckTarget(%q, %q) = %v", tt.got, tt.want, err)
		}
		var le *LanguageError
		if err != nil && !errors.As(err, &le) {
			t.Errorf("%T is not a *LanguageError", err)
		}
	}
	if err := CheckTarget(&Document{}, "ja"); err.Error() != "the file names no target language, want ja" {
		t.Errorf("got %v", err)
	}
}

func TestTargetHash(t *testing.T) {
	current := Unit{SourceHash: "sha1-new", Target: map[string]string{"other": "x"}, State: Translated}
	stale := Unit{SourceHash: "sha1-new", PreviousHash: "sha1-old", Target: map[string]string{"other": "x"}, Stale: true}
	none := Unit{SourceHash: "sha1-new"}
	for _, tt := range []struct {
		u    Unit
		want string
	}{{current, "sha1-new"}, {stale, "sha1-old"}, {none, ""}} {
		if got := tt.u.TargetHash(); got != tt.want {
			t.Errorf("TargetHash() = %q, want %q", got, tt.want)
		}
	}
}
