package exchange

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
)

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE xliff [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ja">
 <file id="f"><unit id="2004"><segment><source>&lol9;</source></segment></unit></file>
</xliff>
`

const externalEntity = `<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
 <file source-language="en" target-language="ja" datatype="plaintext" original="x"><body>
  <trans-unit id="2004"><source>&xxe;</source></trans-unit>
 </body></file>
</xliff>
`

// repeatReader yields head, then body n times, then tail, without holding
// the whole input in memory.
func repeatReader(head, body, tail string, n int) io.Reader {
	return io.MultiReader(strings.NewReader(head), &repeater{s: body, n: n}, strings.NewReader(tail))
}

type repeater struct {
	s   string
	n   int
	off int
}

func (r *repeater) Read(p []byte) (int, error) {
	total := 0
	for len(p) > 0 && r.n > 0 {
		c := copy(p, r.s[r.off:])
		p, total, r.off = p[c:], total+c, r.off+c
		if r.off == len(r.s) {
			r.off, r.n = 0, r.n-1
		}
	}
	if total == 0 && r.n == 0 {
		return 0, io.EOF
	}
	return total, nil
}

func TestHostileInputIsRefused(t *testing.T) {
	const limit = 16 << 20
	xliffHead := `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en"><file id="f">`
	tests := []struct {
		name string
		read func(io.Reader, int64) (*Document, error)
		in   func() io.Reader
		// want is the whole error; is, when set, must match errors.Is.
		want string
		is   error
	}{{
		name: "billion laughs",
		read: ReadXLIFF,
		in:   func() io.Reader { return strings.NewReader(billionLaughs) },
		want: "xliff:13: DOCTYPE and entity declarations are not accepted",
		is:   ErrDTD,
	}, {
		name: "external entity",
		read: ReadXLIFF,
		in:   func() io.Reader { return strings.NewReader(externalEntity) },
		want: "xliff:2: DOCTYPE and entity declarations are not accepted",
		is:   ErrDTD,
	}, {
		name: "an entity nobody declared",
		read: ReadXLIFF,
		in: func() io.Reader {
			return strings.NewReader(xliffHead + `<unit id="1"><segment><source>&xxe;</source></segment></unit></file></xliff>`)
		},
		want: "xliff:1: invalid character entity &xxe;",
	}, {
		name: "XLIFF over the limit",
		read: ReadXLIFF,
		in: func() io.Reader {
			return repeatReader(xliffHead+`<unit id="u"><segment><source>`, "padding padding padding\n", `</source></segment></unit></file></xliff>`, limit/20)
		},
		want: "xliff:699046: input exceeds the size limit",
		is:   ErrTooLarge,
	}, {
		name: "PO over the limit",
		read: ReadPO,
		in: func() io.Reader {
			return repeatReader("", "# padding padding padding padding padding padding\n", "", limit/40)
		},
		want: "po:335545: input exceeds the size limit",
		is:   ErrTooLarge,
	}, {
		name: "100k-deep nesting",
		read: ReadXLIFF,
		in: func() io.Reader {
			return repeatReader(xliffHead, "<group id=\"g\">", "", 100_000)
		},
		want: "xliff:1: elements nested deeper than 100",
	}, {
		name: "a million elements in one unit",
		read: ReadXLIFF,
		in: func() io.Reader {
			return repeatReader(xliffHead+`<unit id="1"><segment><source>`, "<mrk id=\"m\"/>", "", 1_000_000)
		},
		want: "xliff:1: more than 65536 elements in one <source>",
	}, {
		name: "a declared encoding other than UTF-8",
		read: ReadXLIFF,
		in: func() io.Reader {
			return strings.NewReader(`<?xml version="1.0" encoding="ISO-8859-1"?>` + xliffHead + `</file></xliff>`)
		},
		want: `xliff:1: xml: encoding "ISO-8859-1" declared but Decoder.CharsetReader is nil`,
	}, {
		name: "PO with an unterminated string",
		read: ReadPO,
		in: func() io.Reader {
			return strings.NewReader("msgctxt \"2004\"\nmsgid \"User does not exist\nmsgstr \"\"\n")
		},
		want: `po:2: msgctxt "2004": unterminated string`,
	}, {
		name: "PO with 10 MB on one line",
		read: ReadPO,
		in: func() io.Reader {
			return repeatReader("msgctxt \"2004\"\nmsgid \"", "0123456789", "\"\nmsgstr \"\"\n", 1_000_000)
		},
		want: "po:2: line longer than 1048576 bytes",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			doc, err := tt.read(tt.in(), limit)
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			if err == nil {
				t.Fatalf("read %d units, want an error", len(doc.Units))
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %s\nwant %s", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(%v, %v) is false", err, tt.is)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Errorf("%T is not a *ParseError", err)
			}
			// Both bounds are linear in the limit, with room for the
			// race detector and a busy machine: encoding/xml grows its
			// text buffer by doubling, so a text the size of the limit
			// costs a few times the limit. Expanding entities or keeping
			// a tree of a million elements would be far beyond them.
			if elapsed > 30*time.Second {
				t.Errorf("took %v", elapsed)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8*limit {
				t.Errorf("allocated %d MB", alloc>>20)
			}
		})
	}
}

// The limit is exact: a file of limit bytes reads, one byte more does not.
func TestLimitIsExact(t *testing.T) {
	var buf bytes.Buffer
	if err := WritePO(&buf, catalogDoc(t, langJA)); err != nil {
		t.Fatal(err)
	}
	n := int64(buf.Len())
	if _, err := ReadPO(bytes.NewReader(buf.Bytes()), n); err != nil {
		t.Errorf("limit = size: %v", err)
	}
	if _, err := ReadPO(bytes.NewReader(buf.Bytes()), n-1); !errors.Is(err, ErrTooLarge) {
		t.Errorf("limit = size-1: got %v, want ErrTooLarge", err)
	}
	buf.Reset()
	if err := WriteXLIFF2(&buf, catalogDoc(t, langJA)); err != nil {
		t.Fatal(err)
	}
	n = int64(buf.Len())
	if _, err := ReadXLIFF(bytes.NewReader(buf.Bytes()), n); err != nil {
		t.Errorf("limit = size: %v", err)
	}
	if _, err := ReadXLIFF(bytes.NewReader(buf.Bytes()), n-1); !errors.Is(err, ErrTooLarge) {
		t.Errorf("limit = size-1: got %v, want ErrTooLarge", err)
	}
}
