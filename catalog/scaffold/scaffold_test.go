package scaffold

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
)

func rowsOf(rows []Row) string {
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%d|%s|%s|%d|%s @%d:%d\n", r.Code, r.Text, r.Name, r.Status, r.Note, r.Pos.Line, r.Pos.Col)
	}
	return b.String()
}

func TestParseMarkdown(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"the seed's shape", "Code | Description |\n---|---|\n1000 | Busy |\n2004 | No user |\n",
			"1000|Busy||0| @3:1\n2004|No user||0| @4:1\n"},
		{"outer pipes, alignment, CRLF", "| Code | Message |\r\n|:----:|-------:|\r\n| 1 | a |\r\n",
			"1|a||0| @3:1\n"},
		{"escaped pipe and backslash", "Code|Text\n-|-\n7|a \\| b \\\\ c \\d\n",
			"7|a | b \\ c \\d||0| @3:1\n"},
		{"every column, any order", "Note | Status | Name | Code | Message\n---|---|---|---|---\nctx | 404 | UserNotFound | 2004 | No user\n",
			"2004|No user|UserNotFound|404|ctx @3:1\n"},
		{"the source tag heads the text", "Code | de\n---|---\n1 | Hallo\n",
			"1|Hallo||0| @3:1\n"},
		{"several tables, others skipped", "# A\nCode | Text\n---|---\n1 | a\n\nOther | x\n---|---\nq | r\n\nCode | Text\n---|---\n2 | b\n",
			"1|a||0| @4:1\n2|b||0| @12:1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tag := language.English
			if strings.Contains(tt.in, "| de") {
				tag = language.German
			}
			rows, diags := ParseMarkdown("t.md", []byte(tt.in), tag)
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			if got := rowsOf(rows); got != tt.want {
				t.Errorf("got\n%swant\n%s", got, tt.want)
			}
		})
	}
}

func TestParseCSV(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"no header", "1000,Busy\n2004,\"No user, sorry\",UserNotFound,404\n",
			"1000|Busy||0| @1:1\n2004|No user, sorry|UserNotFound|404| @2:1\n"},
		{"a header, a BOM", "\xef\xbb\xbfstatus,code,message\n503,1000,Busy\n",
			"1000|Busy||503| @2:1\n"},
		{"multi-line text", "1,\"two\nlines\"\n",
			"1|two\nlines||0| @1:1\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, diags := ParseCSV("t.csv", []byte(tt.in), language.English)
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			if got := rowsOf(rows); got != tt.want {
				t.Errorf("got\n%swant\n%s", got, tt.want)
			}
		})
	}
	for in, want := range map[string]string{
		"":                      "t.csv: error: the file has no rows",
		"code,text\n1,\"open\n": "t.csv:2:",
		"1\n":                   "t.csv:1:1: error: the row has 1 fields",
		"id,message,extra\n":    `t.csv:1:12: error: column "extra" is not one errcat init reads`,
		"1,a,lowercase\n":       `t.csv:1:1: error: code 1: name "lowercase" is not an exported Go identifier`,
	} {
		_, diags := ParseCSV("t.csv", []byte(in), language.English)
		if len(diags) == 0 || !strings.HasPrefix(diags[0].String(), want) {
			t.Errorf("%q: %v, want %s", in, diags, want)
		}
	}
}

// Build writes files that the catalog loader reads back as they were
// given, whatever the texts hold: quotes, backslashes, newlines, non-ASCII.
func TestBuildQuotes(t *testing.T) {
	rows := []Row{
		{Code: 2, Text: "say \"hi\" \\ 你好\nsecond line", Note: "tab\there"},
		{Code: 1, Text: "plain", Name: "Plain", Status: 418},
	}
	c, diags := Build(rows, language.English, 1, true, "t.md")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	src := string(c.Source)
	if !strings.Contains(src, `other = "say \"hi\" \\ 你好\nsecond line"`) || !strings.Contains(src, `description = "tab\there"`) {
		t.Errorf("bundle:\n%s", src)
	}
	b, ds := catalog.ParseBundle("en.toml", language.English, c.Source)
	if len(ds) > 0 || b.Lookup("2").Other() != rows[0].Text || b.Lookup("2").Description != rows[0].Note {
		t.Errorf("the bundle does not read back: %v", ds)
	}
	if strings.Index(src, `["1"]`) > strings.Index(src, `["2"]`) {
		t.Error("codes are not in ascending order")
	}
	facts := string(c.Facts)
	if !strings.Contains(facts, "1 = { name = \"Plain\", status = 418 }\n2 = { name = \"Code2\", status = 500 }\n") || !strings.Contains(facts, "fallback = 1\n") || c.Derived != 1 {
		t.Errorf("facts (%d derived):\n%s", c.Derived, facts)
	}
	if _, diags := Build([]Row{{Code: 1, Text: "a", Name: "X"}, {Code: 2, Text: "b", Name: "X"}}, language.English, 0, false, "t.md"); len(diags) != 1 {
		t.Errorf("a name used twice: %v", diags)
	}
}
