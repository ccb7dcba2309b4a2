package tomlfile

import (
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestScannerAgreesWithDecoder checks the fast path against BurntSushi/toml:
// on every input the scanner accepts, both must read the same messages.
func TestScannerAgreesWithDecoder(t *testing.T) {
	inputs := map[string]string{
		"table":            "[\"2004\"]\nother = \"User does not exist\"\n",
		"bare key table":   "[2004]\nother = \"x\"\n",
		"spaces":           "  [ \"2004\" ]  # c\n\tother\t=\t\"x\"  # c\n",
		"literal string":   "['2004']\nother = 'C:\\path \"quoted\"'\n",
		"escapes":          "[\"1\"]\nother = \"a\\tb\\n\\\"c\\\" \\\\ \\u00e9 \\U0001F600\"\n",
		"simple message":   "\"2004\" = \"User does not exist\"\n1000 = 'busy'\n",
		"crlf":             "[\"1\"]\r\nother = \"x\"\r\n",
		"no final newline": "[\"1\"]\nother = \"x\"",
		"unicode":          "[\"1\"]\nother = \"ユーザーが存在しません。\"\n",
		"empty":            "",
		"only comments":    "# a\n\n# b\n",
		"plural":           "[\"1\"]\none = \"{{.N}} item\"\nother = \"{{.N}} items\"\nhash = \"sha1-0\"\n",
		"key case":         "[\"1\"]\nOther = \"x\"\n",
	}
	// Lines longer than a chunk, with characters of several bytes where
	// a chunk would end.
	long := strings.Repeat("é", scanChunk)
	inputs["long lines"] = "[\"1\"]\nother = \"" + long + "\"\n[\"2\"]\nother = \"x" + long + "\"\n# " + long + "\n"
	inputs["many entries"] = benchBundle(3 * scanChunk / 100)
	for _, f := range []string{"en", "ja", "zh-Hant", "ru", "fr"} {
		data, err := os.ReadFile("../../../locales/" + f + ".toml")
		if err != nil {
			t.Fatal(err)
		}
		inputs["shipped "+f] = string(data)
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			fast, ok := scanBundle(in)
			if !ok {
				t.Fatal("the scanner passed a plain bundle to the full decoder")
			}
			full, err := decodeBundle([]byte(in))
			if err != nil {
				t.Fatal(err)
			}
			if got, want := summarize(fast), summarize(full); !reflect.DeepEqual(got, want) {
				t.Fatalf("scanner read %v\ndecoder read %v", got, want)
			}
		})
	}
}

// summarize keeps what both readers must agree on: IDs, keys and values.
func summarize(es []Entry) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, e := range es {
		fields := map[string]string{}
		for _, f := range e.Fields {
			fields[f.Key] = f.Value
		}
		out[e.ID] = fields
	}
	return out
}

// TestScannerDefersToDecoder lists input the scanner must not judge: valid
// TOML outside its subset, and invalid TOML, which the decoder reports.
func TestScannerDefersToDecoder(t *testing.T) {
	inputs := map[string]string{
		"multi-line string":  "[\"1\"]\nother = \"\"\"\nx\"\"\"\n",
		"inline table":       "1 = { other = \"x\" }\n",
		"dotted key":         "[\"1\"]\na.b = \"x\"\n",
		"number value":       "[\"1\"]\nother = 5\n",
		"array of tables":    "[[\"1\"]]\nother = \"x\"\n",
		"duplicate table":    "[\"1\"]\nother = \"x\"\n[\"1\"]\nother = \"y\"\n",
		"duplicate key":      "[\"1\"]\nother = \"x\"\nother = \"y\"\n",
		"unterminated":       "[\"1\"]\nother = \"x\n",
		"invalid utf-8":      "[\"1\"]\nother = \"\xff\"\n",
		"control in comment": "# \x01\n",
		"bom":                "\xef\xbb\xbf[\"1\"]\nother = \"x\"\n",
		"bad escape":         "[\"1\"]\nother = \"\\q\"\n",
		"garbage after":      "[\"1\"] x\n",
	}
	// Scan checks a file a chunk at a time (checkChunk): a fault far in,
	// or just at a chunk's end, counts as one at the start.
	far := benchBundle(3 * scanChunk / 100)
	for _, n := range []int{len(far), scanChunk - 1, scanChunk, 2*scanChunk + 7} {
		cut := strings.LastIndexByte(far[:n], '\n') + 1
		inputs[fmt.Sprintf("invalid utf-8 at byte %d", cut)] = far[:cut] + "[\"1\"]\nother = \"\xff\"\n"
		inputs[fmt.Sprintf("control at byte %d", cut)] = far[:cut] + "# \x01\n"
		inputs[fmt.Sprintf("lone CR at byte %d", cut)] = far[:cut] + "#\r"
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			if _, ok := scanBundle(in); ok {
				t.Fatal("the scanner accepted input it must leave to the decoder")
			}
		})
	}
}

// TestPositionsDoNotDependOnThePath is the one-lexer rule: the same key in
// the same place gets the same position whether the fast scanner read the
// file or handed it to the decoder because of something unrelated (here, a
// multi-line string in another message).
func TestPositionsDoNotDependOnThePath(t *testing.T) {
	plain := "# header\n\n[\"1000\"]\nother = \"busy\"\n\n[\"2004\"]\ndescription = \"d\"\n  othr = \"x\"\nother = \"y\"\n"
	// The same file with message 1000 written as a multi-line string of
	// the same number of lines: 2004's keys stay on the same lines.
	multi := "# header\n\n[\"1000\"]\nother = \"\"\"busy\"\"\"\n\n[\"2004\"]\ndescription = \"d\"\n  othr = \"x\"\nother = \"y\"\n"
	if _, ok := scanBundle(plain); !ok {
		t.Fatal("the plain file should take the fast path")
	}
	if _, ok := scanBundle(multi); ok {
		t.Fatal("the multi-line file should go to the decoder")
	}
	where := func(in string) map[string]Field {
		es, err := Parse([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]Field{}
		for _, e := range es {
			if e.ID == "2004" {
				out["table"] = Field{Pos: e.Pos}
				for _, f := range e.Fields {
					out[f.Key] = f
				}
			}
		}
		return out
	}
	fast, full := where(plain), where(multi)
	for _, k := range []string{"table", "description", "othr", "other"} {
		if fast[k].Pos != full[k].Pos || fast[k].VPos != full[k].VPos {
			t.Errorf("%s: fast path at %v (value %v), decoder path at %v (value %v)", k, fast[k].Pos, fast[k].VPos, full[k].Pos, full[k].VPos)
		}
	}
	if p := full["othr"].Pos; p != (Pos{Line: 8, Col: 3}) {
		t.Errorf("othr at %v, want 8:3: the decoder path must not give a key its table's position", p)
	}
}

// A UTF-8 byte order mark, which some editors write, is not part of the
// first line's text: a table on that line has its position, as it has
// without the mark, and so do its keys. Without it, tools name no line and
// confirm, which edits the hash line where the position says, refuses.
func TestPositionsAfterByteOrderMark(t *testing.T) {
	for _, body := range []string{
		"[\"1000\"]\nhash = \"h\"\nother = \"busy\"\n",
		"[\"1000\"]\r\nhash = \"h\"\r\nother = \"busy\"\r\n",
	} {
		want, err := Parse([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		got, err := Parse([]byte("\ufeff" + body))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Pos != want[0].Pos || len(got[0].Fields) != len(want[0].Fields) {
			t.Fatalf("%q: with a byte order mark %+v, without %+v", body, got, want)
		}
		for _, wf := range want[0].Fields {
			for _, gf := range got[0].Fields {
				if gf.Key == wf.Key && (gf.Pos != wf.Pos || gf.VPos != wf.VPos) {
					t.Errorf("%q: %s at %v (value %v) with a byte order mark, %v (value %v) without", body, wf.Key, gf.Pos, gf.VPos, wf.Pos, wf.VPos)
				}
			}
		}
	}
}

// TestLocateSkipsStringsAndArrays checks the locator on what only the
// decoder path reads: text that looks like a key inside strings, arrays
// over several lines, inline tables and dotted keys.
func TestLocateSkipsStringsAndArrays(t *testing.T) {
	in := "[\"1\"]\nother = \"\"\"\nfake = \"x\"\n\"\"\"\nhash = 'h' # c\n[\"2\"]\nlist = [\n  1, # one\n  2,\n]\nother = \"y\"\n\"3\" = { other = \"z\", hash = \"q\" }\n"
	got, _ := locate(in)
	want := map[keyPath]Pos{
		{table: "1", header: true}: {Line: 1, Col: 1},
		{table: "1", key: "other"}: {Line: 2, Col: 1},
		{table: "1", key: "hash"}:  {Line: 5, Col: 1},
		{table: "2", key: "list"}:  {Line: 7, Col: 1},
		{table: "2", key: "other"}: {Line: 11, Col: 1},
	}
	for k, p := range want {
		if got[k].key != p {
			t.Errorf("%+v at %v, want %v", k, got[k].key, p)
		}
	}
	if _, ok := got[keyPath{table: "1", key: "fake"}]; ok {
		t.Error("text inside a multi-line string was taken for a key")
	}
	es, err := Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if e.ID == "3" {
			for _, f := range e.Fields {
				if f.Pos.Line != 12 || f.Pos.Col == 1 {
					t.Errorf("inline table key %s at %v, want its own place on line 12", f.Key, f.Pos)
				}
			}
		}
	}
}

// FuzzParse: where the fast scanner accepts a file, the full TOML decoder
// must read the very same messages from it; and Parse never panics, on any
// bytes.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"[\"2004\"]\nother = \"User does not exist\"\n",
		"[\"1\"]\nhash = \"sha1-0\"\nother = \"x\"\n\n[\"2\"]\none = \"{{.N}} item\"\nother = \"{{.N}} items\"\n",
		"\"1\" = \"simple\"\n",
		"[\"1\"]\nother = \"\"\"\nmulti\"\"\"\n",
		"1 = { other = \"inline\" }\n",
		"[[\"1\"]]\nother = \"x\"\n",
		"[\"1\"]\nother = \"a\\u00e9\\U0001F600\\t\"\n",
		"[a.b]\nother = \"nested\"\n",
		"x = [1, 2]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		Parse(data)
		if !utf8.Valid(data) {
			return
		}
		fast, ok := scanBundle(string(data))
		if !ok {
			return
		}
		full, err := decodeBundle(data)
		if err != nil {
			t.Fatalf("the scanner accepted what the TOML decoder rejects: %v", err)
		}
		if got, want := summarize(fast), summarize(full); !reflect.DeepEqual(got, want) {
			t.Fatalf("scanner read %v\ndecoder read %v", got, want)
		}
	})
}

func TestBracketsInStringsAreNotNesting(t *testing.T) {
	// Brackets in strings and comments are text, not nesting.
	in := "[\"1\"]\nother = \"{{{{{{{{{{{{{{{{{{\"\n# [[[[[[[[[[[[[[[\n[\"2\"]\nother = '''\n[[[[[[[[[[[[\n'''\n"
	if p, deep := tooDeep(in, maxNesting); deep {
		t.Fatalf("text in strings counted as nesting at %v", p)
	}
}

// controlFree reads eight bytes at a time; it must say what a byte-by-byte
// look says, for every byte at every place in a word, CR and LF included
// across a word's end.
func TestControlFreeAgreesBytewise(t *testing.T) {
	naive := func(s string) bool {
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c == '\r':
				if i+1 >= len(s) || s[i+1] != '\n' {
					return false
				}
			case c == '\t' || c == '\n':
			case c < 0x20 || c == 0x7f:
				return false
			}
		}
		return true
	}
	base := "other = \"Höchstens\"" // ASCII and a two-byte rune
	for c := 0; c < 256; c++ {
		for at := 0; at <= len(base); at++ {
			for _, s := range []string{
				base[:at] + string(rune(c)) + base[at:], // as a rune: c ≥ 0x80 is UTF-8
				base[:at] + string([]byte{byte(c)}) + base[at:],
				base[:at] + string([]byte{byte(c)}) + "\n" + base[at:],
			} {
				if got, want := controlFree(s), naive(s); got != want {
					t.Fatalf("controlFree(%q) = %v, want %v", s, got, want)
				}
			}
		}
	}
	// Words of the bytes around each test's edges, several in one word,
	// where a borrow from one byte could hide or fake another.
	edges := []byte{0, 0x01, '\t', '\n', '\r', 0x1f, 0x20, 0x21, 0x7e, 0x7f, 0x80, 0x9f, 0xa0, 0xff, 'a'}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		b := make([]byte, 1+r.IntN(17))
		for i := range b {
			b[i] = edges[r.IntN(len(edges))]
		}
		if got, want := controlFree(string(b)), naive(string(b)); got != want {
			t.Fatalf("controlFree(%q) = %v, want %v", b, got, want)
		}
	}
}
