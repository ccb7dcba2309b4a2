package tomlfile

import (
	"bytes"
	"cmp"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// readCases are files for Read's single pass and for the ones it leaves to
// Parse and Open: every way of falling back, and the shapes a pass of its
// own could get wrong.
var readCases = []string{
	"",
	"\n",
	"# header only\n",
	"[\"1000\"]\nother = \"a\"\n",
	"# header\n\n[\"1000\"]\ndescription = \"d\"\nhash = \"sha1-x\" # note\nother = \"a\"\n\n# section\n[\"2004\"]\none = 'b'\nother = \"c {{.Max}}\"\n",
	"[\"1000\"]\r\nother = \"a\"\r\n\r\n[\"2000\"]\r\nother = \"b\"", // CRLF, no final line end
	"[\"1000\"]\nother = \"a\\\"q\\u00e9\"\n",                        // escapes
	"[\"1000\"]\n  other = \"a\"\t\n[ \"2000\" ]\nOther = \"b\"\n",   // spaces, a key in upper case
	"[\"1000\"]\n[\"2000\"]\nother = \"b\"\n",                        // a table without keys
	"[\"errors.x\"]\nother = \"a\"\n[\"1000\"]\nother = \"b\"\n",     // not in code order: Parse and Open
	"[\"1000\"]\nother = \"a\"\n[\"1000\"]\nother = \"b\"\n",         // a table twice: Parse refuses it
	"[\"2000\"]\nother = \"a\"\n[\"1000\"]\nother = \"b\"\n",         // out of order, fine for both
	"1000 = \"a\"\n", // a top-level key: Open refuses it
	"[\"1000\"]\nother = \"a\"\nOTHER = \"b\"\n",  // a key twice in other case: Open refuses it
	"[\"1000\"]\nother = \"a\"\nother = \"b\"\n",  // a key twice: Parse refuses it
	bom + "[\"1000\"]\nother = \"a\"\n",           // a byte order mark
	"[\"1000\"]\nother = \"\"\"\nlong\"\"\"\n",    // a multi-line string
	"[\"1000\"]\nother = \"a\"\n# \x01 control\n", // a control character in a comment
	"[\"1000\"]\nother = \"a\"\nx = 1\n",          // a number
	"[\"1000\"\nother = \"a\"\n",                  // not TOML
	"[\"1000\"]\nother = \"\xff\"\n",              // not UTF-8
	"[a.b]\nother = \"a\"\n",                      // a dotted table
}

// TestReadIsParseAndOpen holds Read to what Parse and Open return for the
// same file: the same lines, entries and text of each table, or the same
// error.
func TestReadIsParseAndOpen(t *testing.T) {
	for _, in := range readCases {
		checkRead(t, in)
	}
}

func FuzzRead(f *testing.F) {
	for _, in := range readCases {
		f.Add(in)
	}
	f.Fuzz(checkRead)
}

func checkRead(t *testing.T, in string) {
	t.Helper()
	ft, err := Read([]byte(in))
	wantEntries, perr := Parse([]byte(in))
	var wantFile *File
	var oerr error
	if perr == nil {
		// Line by line: Open itself takes Read's single pass when it can.
		wantFile, oerr = openLines(in)
	}
	switch {
	case perr != nil || oerr != nil:
		if want := cmp.Or(perr, oerr); !reflect.DeepEqual(err, want) {
			t.Fatalf("Read(%q): error %v, Parse and Open %v", in, err, want)
		}
		return
	case err != nil:
		t.Fatalf("Read(%q): %v; Parse and Open read it", in, err)
	}
	if !reflect.DeepEqual(sameEmpties(ft), sameEmpties(wantFile)) {
		t.Fatalf("Read(%q): file\n%+v\nOpen:\n%+v", in, ft, wantFile)
	}
	if fo, err := Open([]byte(in)); err != nil || !reflect.DeepEqual(sameEmpties(fo), sameEmpties(wantFile)) {
		t.Fatalf("Open(%q) = %+v, %v; line by line %+v", in, fo, err, wantFile)
	}
	if ft.Entries() != len(wantEntries) {
		t.Fatalf("Read(%q): %d tables, Parse %d entries", in, ft.Entries(), len(wantEntries))
	}
	lines := strings.SplitAfter(strings.TrimPrefix(in, bom), "\n")
	for i, want := range wantEntries {
		id := ft.EntryID(i)
		got, ok := ft.Entry(id)
		if id != want.ID || !ok || !reflect.DeepEqual(emptyAsNil(got.Fields), emptyAsNil(want.Fields)) ||
			got.ID != want.ID || got.Pos != want.Pos || got.Simple || want.Simple || got.NotMessage != want.NotMessage {
			t.Fatalf("Read(%q): table %d %q reads as %+v (%v), Parse %+v", in, i, id, got, ok, want)
		}
		// The table's text runs from its header line to its last key's.
		last := want.Pos.Line
		if n := len(want.Fields); n > 0 {
			last = want.Fields[n-1].Pos.Line
		}
		text := strings.Join(lines[want.Pos.Line-1:last], "")
		text = strings.TrimSuffix(strings.TrimSuffix(text, "\n"), "\r")
		if got := ft.EntryText(i); got != text {
			t.Fatalf("Read(%q): table %d's text %q, not %q", in, i, got, text)
		}
	}
	// Both edited alike say the same, and what the edits said line by
	// line (Bytes copies the lines between edits at once).
	for _, fl := range []*File{ft, wantFile} {
		fl.Apply(other("1000", "h", "A"))
		fl.Apply(other("1500", "h", "N"))
		fl.Apply(other("9000", "h", "Z"))
		fl.Remove("2000")
	}
	got, want := ft.Bytes(), wantFile.Bytes()
	if !bytes.Equal(got, want) {
		t.Fatalf("edited, Read's file gave %q, Open's %q", got, want)
	}
	if ref := linesOneByOne(wantFile); !bytes.Equal(want, ref) {
		t.Fatalf("Bytes of %q gave %q, line by line %q", in, want, ref)
	}
}

// linesOneByOne is Bytes written a line at a time, as it was before it
// copied the lines between edits at once: the reference it must agree with.
func linesOneByOne(t *File) []byte {
	ins := slices.Clone(t.inserts)
	slices.SortStableFunc(ins, func(a, b insertion) int {
		return cmp.Or(cmp.Compare(a.before, b.before), cmp.Compare(a.prio, b.prio))
	})
	var out bytes.Buffer
	if t.bom {
		out.WriteString(bom)
	}
	open, lastEnd := false, 0
	write := func(l, end string) {
		if open {
			out.WriteString(t.nl)
		}
		out.WriteString(l)
		out.WriteString(end)
		open, lastEnd = end == "", len(end)
	}
	appended := len(ins) > 0 && ins[len(ins)-1].before == t.lines()
	for i := 0; i <= t.lines(); i++ {
		for len(ins) > 0 && ins[0].before == i {
			for _, l := range ins[0].lines {
				write(l, t.nl)
			}
			ins = ins[1:]
		}
		if i == t.lines() || t.removed[i] {
			continue
		}
		l, end := t.line(i)
		if r, ok := t.replace[i]; ok {
			l = r
		}
		write(l, end)
	}
	if !t.finalNL && !appended && !open {
		out.Truncate(out.Len() - lastEnd)
	}
	return out.Bytes()
}

// emptyAsNil and sameEmpties make an empty slice and a nil one compare
// equal, which they are to every reader.
func emptyAsNil[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return s
}

func sameEmpties(t *File) File {
	c := *t
	c.entries = emptyAsNil(slices.Clone(c.entries))
	for i := range c.entries {
		c.entries[i].keys = emptyAsNil(c.entries[i].keys)
	}
	return c
}
