package tomlfile

import (
	"errors"
	"strings"
	"testing"
)

// TestTOML10Breaches checks that each construct TOML 1.1 added, and each
// table rule BurntSushi/toml misses, is refused in a bundle with its
// position and a message that says what to write instead.
func TestTOML10Breaches(t *testing.T) {
	cases := []struct {
		name, in  string
		line, col int
		want      string
	}{
		{"escape \\e", "[\"1\"]\nother = \"a\\eb\"\n", 2, 11, `\e is TOML 1.1`},
		{"escape \\x", "[\"1\"]\nother = \"a\\x41\"\n", 2, 11, `\x is TOML 1.1`},
		{"escape \\e in a multi-line string", "[\"1\"]\nother = \"\"\"\nab\\e\"\"\"\n", 3, 3, `\e is TOML 1.1`},
		{"escape \\x in a quoted key", "\"a\\x41\" = \"x\"\n", 1, 3, `\x is TOML 1.1`},
		{"newline in an inline table", "\"1\" = { other = \"x\",\n  one = \"y\" }\n", 1, 21, "newline inside an inline table"},
		{"trailing comma in an inline table", "\"1\" = { other = \"x\", }\n", 1, 22, "trailing comma"},
		{"local time without seconds", "[\"1\"]\nother = \"x\"\nat = 07:32\n", 3, 6, "without seconds"},
		{"date-time without seconds", "[\"1\"]\nat = 1979-05-27 07:32Z\n", 2, 6, "without seconds"},
		{"offset out of range", "[\"1\"]\nat = 1985-06-18T17:04:07+12:60\n", 2, 6, "out of range"},
		{"table made by dotted keys, then a header", "[\"1\"]\na.b = \"x\"\n[\"1\".a]\n", 3, 1, "already defined by dotted keys"},
		{"dotted keys into a header's table", "[x.y]\n[x]\ny.z = 1\n", 3, 1, "which a [table] header defines"},
		{"dotted keys into an inline table", "[\"1\"]\nt = { a = 1 }\nt.b = 2\n", 3, 1, "complete where it is written"},
		{"header into an inline table", "t = {}\n[t.u]\n", 2, 1, "complete where it is written"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.in))
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) = %v, want a *SyntaxError", tc.in, err)
			}
			if se.Pos.Line != tc.line || se.Pos.Col != tc.col || !strings.Contains(se.Msg, tc.want) {
				t.Fatalf("got %d:%d: %s\nwant %d:%d: …%s…", se.Pos.Line, se.Pos.Col, se.Msg, tc.line, tc.col, tc.want)
			}
		})
	}
}

// TestTOML10Allowed lists 1.0 input near the breaches above, which must
// still load.
func TestTOML10Allowed(t *testing.T) {
	for name, in := range map[string]string{
		"escapes of 1.0":                   "[\"1\"]\nother = \"\\b\\t\\n\\f\\r\\\"\\\\\\u001B\\U0001F600\"\n",
		"a backslash before e":             "[\"1\"]\nother = \"\\\\e\\\\x41\"\n",
		"literal strings keep \\e":         "[\"1\"]\nother = 'a\\eb'\nmore = '''\\x41'''\n",
		"inline table on one line":         "\"1\" = { other = \"x\", one = \"y\" }\n",
		"multi-line string in an inline":   "\"1\" = { other = \"\"\"\nx\"\"\" }\n",
		"array over lines, trailing comma": "a = [\n  1,\n  2,\n]\n",
		"times with seconds":               "a = 07:32:00\nb = 1979-05-27 07:32:00.5-07:00\nc = 1979-05-27T07:32:00Z\n",
		"dotted keys, then a sub-table":    "[fruit]\napple.color = \"red\"\n[fruit.apple.texture]\nsmooth = true\n",
		"dotted keys in a named table":     "[a.b.c]\n[a]\nb.d = 1\n",
		"array of tables and sub-tables":   "[[a]]\n[a.b]\nx = 1\n[[a]]\n[a.b]\nx = 2\n",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse([]byte(in)); err != nil {
				t.Fatalf("Parse(%q): %v", in, err)
			}
		})
	}
}
