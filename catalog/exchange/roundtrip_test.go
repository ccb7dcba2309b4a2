package exchange

import (
	"bytes"
	"io"
	"testing"
)

type codec struct {
	name  string
	write func(io.Writer, *Document) error
	read  func(io.Reader, int64) (*Document, error)
	// view is what a document becomes in the format.
	view func(*Document) *Document
}

var codecs = []codec{
	{"po", WritePO, ReadPO, poView},
	{"xliff2", WriteXLIFF2, ReadXLIFF, clone},
	{"xliff12", WriteXLIFF12, ReadXLIFF, clone},
}

func TestRoundTrip(t *testing.T) {
	for _, lang := range testLangs {
		doc := catalogDoc(t, lang)
		for _, c := range codecs {
			t.Run(lang.tag+"/"+c.name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := c.write(&buf, doc); err != nil {
					t.Fatal(err)
				}
				got, err := c.read(bytes.NewReader(buf.Bytes()), 0)
				if err != nil {
					t.Fatalf("%v\n%s", err, buf.Bytes())
				}
				if d := diffDocs(got, c.view(doc)); d != "" {
					t.Errorf("%s", d)
				}
				// Writing what was read gives the same bytes.
				var again bytes.Buffer
				if err := c.write(&again, got); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(again.Bytes(), buf.Bytes()) {
					t.Errorf("second write differs")
				}
			})
		}
	}
}
