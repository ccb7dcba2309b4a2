package tomlfile

import (
	"errors"
	"strings"
	"testing"
)

// edit opens in, applies the edits, removes the entries, and returns the
// text.
func edit(t *testing.T, in string, edits []*Edit, remove ...string) string {
	t.Helper()
	f, err := Open([]byte(in))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	for _, ed := range edits {
		f.Apply(ed)
	}
	for _, id := range remove {
		f.Remove(id)
	}
	return string(f.Bytes())
}

func other(id, hash, text string) *Edit {
	ed := &Edit{ID: id, Hash: hash}
	ed.Text[len(FormKeys)-1] = text
	return ed
}

func TestLineEnds(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		edits []*Edit
		want  string
	}{{
		name: "one CRLF line in an LF file stays the only one",
		in:   "# header\n\n[\"1\"]\nhash = \"h\"\r\nother = \"a\"\n\n[\"3\"]\nother = \"c\"\n",
		// An update of the CRLF line and of an LF line, and a new entry.
		edits: []*Edit{other("1", "h2", "A"), other("2", "h", "b")},
		want:  "# header\n\n[\"1\"]\nhash = \"h2\"\r\nother = \"A\"\n\n[\"2\"]\nhash = \"h\"\nother = \"b\"\n\n[\"3\"]\nother = \"c\"\n",
	}, {
		name:  "one LF line in a CRLF file: new lines are CRLF",
		in:    "[\"1\"]\r\nother = \"a\"\n\r\n[\"3\"]\r\nother = \"c\"\r\n",
		edits: []*Edit{other("2", "h", "b")},
		want:  "[\"1\"]\r\nother = \"a\"\n\r\n[\"2\"]\r\nhash = \"h\"\r\nother = \"b\"\r\n\r\n[\"3\"]\r\nother = \"c\"\r\n",
	}, {
		name:  "a tie takes LF",
		in:    "[\"1\"]\r\nother = \"a\"\n",
		edits: []*Edit{other("2", "h", "b")},
		want:  "[\"1\"]\r\nother = \"a\"\n\n[\"2\"]\nhash = \"h\"\nother = \"b\"\n",
	}, {
		name:  "appending after a last line without an end gives it the usual one",
		in:    "[\"1\"]\r\nother = \"a\"",
		edits: []*Edit{other("2", "h", "b")},
		want:  "[\"1\"]\r\nother = \"a\"\r\n\r\n[\"2\"]\r\nhash = \"h\"\r\nother = \"b\"\r\n",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := edit(t, tt.in, tt.edits); got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestByteOrderMark(t *testing.T) {
	in := bom + "# header\n\n[\"1\"]\nother = \"a\"\n"
	got := edit(t, in, []*Edit{other("1", "h", "A"), other("2", "h", "b")})
	want := bom + "# header\n\n[\"1\"]\nhash = \"h\"\nother = \"A\"\n\n[\"2\"]\nhash = \"h\"\nother = \"b\"\n"
	if got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	// A BOM anywhere else is not one; it is refused as text after the
	// value would be, not as an encoding problem.
	if _, err := Open([]byte("[\"1\"]\nother = \"a\"\n" + bom + "\n")); err == nil {
		t.Error("Open accepted a BOM in the middle of the file")
	}
}

func TestNotUTF8(t *testing.T) {
	_, err := Open([]byte("[\"1\"]\nother = \"a\"\n# caf\xe9\n"))
	var u *Unsupported
	if !errors.As(err, &u) || !u.NotUTF8 || u.Line != 3 {
		t.Fatalf("Open: %v, want an *Unsupported for line 3 that says it is not UTF-8", err)
	}
}

// TestRemoveKeepsComments is the partial merge of a work file: the merged
// entries go, with the comments inside them, and every comment outside
// them stays, whoever wrote it.
func TestRemoveKeepsComments(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		remove []string
		want   string
	}{{
		name: "a note below the entry and the comments above the next one",
		in: "# header\n\n[\"1\"]\n# en: one\nhash = \"h\"\nother = \"a\"\n# note: check the tone with Aiko\n\n" +
			"# draft for 2: ニ\n[\"2\"]\nother = \"\"\n",
		remove: []string{"1"},
		want:   "# header\n\n# note: check the tone with Aiko\n\n# draft for 2: ニ\n[\"2\"]\nother = \"\"\n",
	}, {
		name:   "a section comment above the entry",
		in:     "# header\n\n# --- Users ---\n\n[\"1\"]\nother = \"a\"\n\n[\"2\"]\nother = \"\"\n",
		remove: []string{"1"},
		want:   "# header\n\n# --- Users ---\n\n[\"2\"]\nother = \"\"\n",
	}, {
		name:   "the last entry takes the blank lines above it",
		in:     "[\"1\"]\nother = \"\"\n\n[\"2\"]\nother = \"b\"\n",
		remove: []string{"2"},
		want:   "[\"1\"]\nother = \"\"\n",
	}, {
		name:   "several entries, in either order, give the same text",
		in:     "[\"1\"]\nother = \"\"\n\n[\"2\"]\nother = \"b\"\n\n[\"3\"]\nother = \"c\"\n",
		remove: []string{"3", "2"},
		want:   "[\"1\"]\nother = \"\"\n",
	}, {
		name:   "several entries, ascending",
		in:     "[\"1\"]\nother = \"\"\n\n[\"2\"]\nother = \"b\"\n\n[\"3\"]\nother = \"c\"\n",
		remove: []string{"2", "3"},
		want:   "[\"1\"]\nother = \"\"\n",
	}, {
		name:   "the comments inside the entry go with it",
		in:     "[\"1\"]\n# en: one\n# draft: いち?\nother = \"a\"\n\n[\"2\"]\nother = \"\"\n",
		remove: []string{"1"},
		want:   "[\"2\"]\nother = \"\"\n",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := edit(t, tt.in, nil, tt.remove...); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestInsert(t *testing.T) {
	block := func(id string) []string { return []string{"[" + Quote(id) + "]", "# en: " + id, "other = \"\""} }
	tests := []struct {
		name string
		in   string
		ids  []string
		want string
	}{{
		name: "several at the end of a file ending in a blank line",
		in:   "# header\n\n[\"1\"]\nother = \"\"\n\n",
		ids:  []string{"2", "3"},
		want: "# header\n\n[\"1\"]\nother = \"\"\n\n[\"2\"]\n# en: 2\nother = \"\"\n\n[\"3\"]\n# en: 3\nother = \"\"\n",
	}, {
		name: "several before an entry, below the file's header",
		in:   "# header\n\n[\"3\"]\nother = \"\"\n",
		ids:  []string{"1", "2"},
		want: "# header\n\n[\"1\"]\n# en: 1\nother = \"\"\n\n[\"2\"]\n# en: 2\nother = \"\"\n\n[\"3\"]\nother = \"\"\n",
	}, {
		name: "not over an entry the file has",
		in:   "[\"1\"]\n# mine\nother = \"\"\n",
		ids:  []string{"1"},
		want: "[\"1\"]\n# mine\nother = \"\"\n",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Open([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range tt.ids {
				f.Insert(id, block(id))
			}
			if got := string(f.Bytes()); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// FuzzOpenRoundTrip checks that a file Open accepts comes back from Bytes
// byte for byte when nothing is edited: line ends, a BOM, a missing final
// line end, trailing space and all.
func FuzzOpenRoundTrip(f *testing.F) {
	for _, s := range []string{
		"", "\n", "\r\n", "# c", "[\"1\"]\r\nother = \"a\"\n\n", bom + "[\"1\"]\nother = 'a'  # x\r\n",
		"# a\n\n\n[\"1\"]\n  other = \"\"\t\n# b\r\n", "[\"1\"]\nother = \"a\"\n# \r lone CR\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		fl, err := Open([]byte(in))
		if err != nil {
			return
		}
		if got := string(fl.Bytes()); got != in {
			t.Fatalf("round trip of %q gave %q", in, got)
		}
		if strings.HasPrefix(in, bom) != fl.bom {
			t.Fatalf("bom %v for %q", fl.bom, in)
		}
	})
}
