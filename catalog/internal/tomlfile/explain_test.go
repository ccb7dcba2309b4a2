package tomlfile

import (
	"errors"
	"strings"
	"testing"
)

// TestSyntaxErrorsInTranslatorsWords runs the real decoder on the mistakes
// translators make and checks each is named, at the place of the fault.
func TestSyntaxErrorsInTranslatorsWords(t *testing.T) {
	tests := []struct {
		name string
		in   string
		at   Pos
		msg  string
	}{
		{"unescaped quote", "[\"2004\"]\nother = \"L'utente \"Mario\" non esiste\"\n",
			Pos{Line: 2, Col: 19}, `unescaped quote in the text: escape it as \" or use ’ (or use a '''…''' string)`},
		{"unescaped quote before the last word", "[\"2004\"]\nother = \"Premi \"OK\"\n",
			Pos{Line: 2, Col: 16}, `unescaped quote in the text`},
		{"unescaped quote after escapes", "[\"2004\"]\nother = \"a \\\"b\\\" \"c\" d\"\n",
			Pos{Line: 2, Col: 18}, `unescaped quote in the text`},
		{"apostrophe in a literal string", "[\"2004\"]\nother = 'L'utente non esiste'\n",
			Pos{Line: 2, Col: 11}, `apostrophe inside a '…' text, which ends it there: write the text between "…" instead, or use ’`},
		{"no closing quote", "[\"2004\"]\nother = \"L'utente non esiste\n\n[\"3001\"]\nother = \"x\"\n",
			Pos{Line: 2, Col: 29}, `the text has no closing quote: end it with " on the same line`},
		{"no closing quote at the end of the file", "[\"2004\"]\nother = \"x",
			Pos{Line: 2, Col: 10}, `the text has no closing quote`},
		{"closed with a typographic quote", "[\"2004\"]\nother = \"L’utente non esiste”\n",
			Pos{Line: 2, Col: 34}, `the text ends with ”, which TOML does not read as a quote: end it with a straight "`},
		{"key without =", "[\"2004\"]\nother \"L'utente non esiste\"\n",
			Pos{Line: 2, Col: 7}, `no = after the key other: write other = "…"`},
		{"key with a colon", "[\"2004\"]\nother: \"x\"\n",
			Pos{Line: 2, Col: 6}, `no = after the key other`},
		{"key alone", "[\"2004\"]\nother\n",
			Pos{Line: 2, Col: 6}, `no = after the key other`},
		{"no text after =", "[\"2004\"]\nother =\n",
			Pos{Line: 2, Col: 8}, `no text after other =: write other = "…"`},
		{"text not in quotes", "[\"2004\"]\nother = L'utente non esiste\n",
			Pos{Line: 2, Col: 9}, `the text of other is not in quotes: write other = "…"`},
		{"stray dot", "[\"2004\"]\nother = \"L'utente non esiste\".\n",
			Pos{Line: 2, Col: 30}, `stray '.' after the closing quote of other's text: delete it, or move it inside the quotes`},
		{"stray word after a space", "[\"2004\"]\nother = \"L'utente non esiste\" x\n",
			Pos{Line: 2, Col: 31}, `stray 'x' after the closing quote`},
		{"multi-line string not closed", "[\"2004\"]\nother = \"\"\"L'utente\nnon esiste\n\n[\"3001\"]\nother = \"x\"\n",
			Pos{Line: 2, Col: 9}, `the text opened with """ here is never closed: end it with """`},
		{"literal multi-line string not closed", "[\"2004\"]\nother = '''L'utente\nnon esiste\n",
			Pos{Line: 2, Col: 9}, `the text opened with ''' here is never closed: end it with '''`},
		{"typographic quotes as TOML quotes", "[\"2004\"]\nother = “L’utente non esiste”\n",
			Pos{Line: 2, Col: 9}, `“ is a typographic quote, which TOML does not read as one: put the text between straight quotes "…"`},
		{"typographic quotes in a table name", "[“2004”]\nother = \"x\"\n",
			Pos{Line: 1, Col: 2}, `“ is a typographic quote`},
		{"fullwidth quotes", "[\"2004\"]\nother = ＂ユーザー＂\n",
			Pos{Line: 2, Col: 9}, `＂ is a typographic quote`},
		{"duplicate key", "# c\n[\"2004\"]\nother = \"a\"\nother = \"b\"\n",
			Pos{Line: 4, Col: 1}, `key other is written twice in ["2004"], first at line 3:1: keep one`},
		{"duplicate key after a multi-line string", "[\"2004\"]\nother = \"\"\"\nother = \"x\"\n\"\"\"\n  other = \"b\"\n",
			Pos{Line: 5, Col: 3}, `key other is written twice in ["2004"], first at line 2:1: keep one`},
		{"duplicate table", "[\"2004\"]\nother = \"a\"\n\n  [\"2004\"]\nother = \"b\"\n",
			Pos{Line: 4, Col: 3}, `message ["2004"] is written twice, first at line 1:1: keep one`},
		{"duplicate simple message", "\"2004\" = \"a\"\n2004 = \"b\"\n",
			Pos{Line: 2, Col: 1}, `message "2004" is written twice, first at line 1:1: keep one`},
		{"table name not closed", "[\"2004\"\nother = \"x\"\n",
			Pos{Line: 1, Col: 8}, `the table name has no closing ]: end it with ]`},
		{"a backslash that is no escape", "[\"2004\"]\nother = \"C:\\temp\\dati \\o/\"\n",
			Pos{Line: 2, Col: 17}, `\d is not an escape TOML knows: write \\ for a backslash, or use a '…' string`},
		{"a backslash before u", "[\"2004\"]\nother = \"Non esiste in C:\\utenti\"\n",
			Pos{Line: 2, Col: 26}, `\u starts a character code of 4 hexadecimal digits: write \\ for a backslash, or use a '…' string`},
		// What is not a translator's slip keeps the decoder's words.
		{"a number", "[\"2004\"]\nother = 1__2\n",
			Pos{Line: 2, Col: 9}, `Invalid integer "1__2": underscores must be surrounded by digits`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse: %v, want a *SyntaxError", err)
			}
			if se.Pos != tt.at || !strings.HasPrefix(se.Msg, tt.msg) {
				t.Errorf("got %d:%d: %s\nwant %d:%d: %s…", se.Pos.Line, se.Pos.Col, se.Msg, tt.at.Line, tt.at.Col, tt.msg)
			}
		})
	}
}

// TestExplainKeepsTheDecodersWordsWhenUnsure: the decoder's message family
// alone names no mistake; the line must have the mistake's shape too.
func TestExplainKeepsTheDecodersWordsWhenUnsure(t *testing.T) {
	tests := []struct{ name, src, raw string }{
		{"top-level junk without a string", "x = 5 y\n", "expected a top-level item to end with a newline, comment, or EOF, but got 'y' instead"},
		{"unclosed string message on a line with a closed string", "other = \"x\"\n", "strings cannot contain newlines"},
		{"equals message on a line with no key", "= \"x\"\n", "expected '.' or '=', but got '\"' instead"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if e := explain(tt.src, len(tt.src)-1, tt.raw); e.Msg != tt.raw {
				t.Errorf("explained as %q; want the decoder's %q", e.Msg, tt.raw)
			}
		})
	}
	// A multi-line string whose opener cannot be found is still named,
	// at the decoder's position.
	if e := explain("x\n", 1, `unexpected EOF; expected '"""'`); e.Pos != (Pos{Line: 1, Col: 2}) || !strings.HasPrefix(e.Msg, `a text opened with """ is never closed`) {
		t.Errorf("got %v: %s", e.Pos, e.Msg)
	}
}

// FuzzExplain: the explainer reads the file at whatever offset the decoder
// gives, with whatever message; it never panics and always keeps a
// position inside the file.
func FuzzExplain(f *testing.F) {
	raws := []string{
		"expected a top-level item to end with a newline, comment, or EOF, but got 'x' instead",
		"strings cannot contain newlines",
		`unexpected EOF; expected '"'`,
		`unexpected EOF; expected "'"`,
		`unexpected EOF; expected '"""'`,
		`unexpected EOF; expected "'''"`,
		"expected '.' or '=', but got '\"' instead",
		"unexpected EOF; expected key separator '='",
		"expected value but found '“' instead",
		"unexpected EOF; expected value",
		"expected '.' or ']' to end table name, but got '\\n' instead",
		"unexpected EOF",
		"Key '2004.other' has already been defined.",
		`invalid escape in string '\q'`,
		`invalid escape in string '\`,
		`expected four hexadecimal digits after '\u', but got "x" instead`,
		`expected eight hexadecimal digits after '\U', but got "x" instead`,
		`expected two hexadecimal digits after '\x', but got "x" instead`,
	}
	f.Add("[\"2004\"]\nother = \"a \"b\" c\"\n", 20, uint8(0))
	f.Add("other = '''x\n", 13, uint8(5))
	f.Add("[\"1\"]\nother = \"a\"\nother = \"b\"\n", 19, uint8(12))
	f.Add("[\"1\"\n", 4, uint8(10))
	f.Fuzz(func(t *testing.T, src string, off int, which uint8) {
		e := explain(src, off, raws[int(which)%len(raws)])
		if e.Pos.Line < 1 || e.Pos.Line > strings.Count(src, "\n")+1 || e.Pos.Col < 1 {
			t.Fatalf("position %v outside the file", e.Pos)
		}
	})
}
