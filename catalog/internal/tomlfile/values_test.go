package tomlfile

import (
	"os"
	"reflect"
	"testing"
	"unicode/utf8"
)

// TestValuesScannerAgreesWithDecoder: on every input scanValues accepts,
// it reads exactly what decodeBundle and the locator read, positions
// included, so that a facts file's findings are on the same line and
// column whichever path read it.
func TestValuesScannerAgreesWithDecoder(t *testing.T) {
	inputs := map[string]string{
		"facts":           "source = \"en\"\nfallback = 1000\n\n1000 = { name = \"SystemBusy\", status = 503 }\n2004 = {status=404,name='UserNotFound'}\n",
		"tables":          "[1000]\nname = \"SystemBusy\"\nstatus = 503\n\n[\"2004\"]\n  status = 404 # c\n",
		"empty table":     "1 = {}\n",
		"zero":            "x = 0\n",
		"comments":        "# a\nfallback = 5 # the code\n\n# b\n",
		"strings only":    "source = 'zh-Hans'\n",
		"crlf":            "a = 1\r\nb = { c = 2 }\r\n",
		"no final line":   "a = { b = \"x\" }",
		"mixed bundle":    "[\"1\"]\nother = \"x\"\nbogus = 5\n",
		"escaped strings": "1 = { name = \"A\\u00e9\", note = \"tab\\t\" }\n",
	}
	data, err := os.ReadFile("../../../locales/codes.toml")
	if err != nil {
		t.Fatal(err)
	}
	inputs["shipped codes.toml"] = string(data)
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			fast, ok := scanValues(in)
			if !ok {
				t.Fatal("scanValues left the input to the full decoder")
			}
			full, err := decodeBundle([]byte(in))
			if err != nil {
				t.Fatal(err)
			}
			if !sameEntries(fast, full) {
				t.Fatalf("scanValues read %+v\ndecoder read    %+v", fast, full)
			}
		})
	}
}

// sameEntries compares entries whole, an empty field list equal to none.
func sameEntries(a, b []Entry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if len(x.Fields) == 0 && len(y.Fields) == 0 {
			x.Fields, y.Fields = nil, nil
		}
		if !reflect.DeepEqual(x, y) {
			return false
		}
	}
	return true
}

func TestValuesScannerDefersToDecoder(t *testing.T) {
	for name, in := range map[string]string{
		"float":               "a = 1.5\n",
		"exponent":            "a = 1e3\n",
		"underscore":          "a = 1_000\n",
		"sign":                "a = +5\n",
		"hex":                 "a = 0x1F\n",
		"leading zero":        "a = 05\n",
		"date":                "a = 1979-05-27\n",
		"boolean":             "a = true\n",
		"array":               "a = [1, 2]\n",
		"nested inline":       "a = { b = { c = 1 } }\n",
		"inline in a table":   "[a]\nb = { c = 1 }\n",
		"trailing comma":      "a = { b = 1, }\n",
		"multi-line inline":   "a = { b = 1,\n c = 2 }\n",
		"duplicate key":       "a = 1\na = 2\n",
		"duplicate in inline": "a = { b = 1, b = 2 }\n",
		"dotted key":          "a.b = 1\n",
		"garbage":             "a = 1 x\n",
	} {
		t.Run(name, func(t *testing.T) {
			if _, ok := scanValues(in); ok {
				t.Fatal("scanValues accepted input it must leave to the decoder")
			}
		})
	}
}

// FuzzScanValues: where scanValues accepts a file, the decoder must accept
// it and read the same entries, positions included.
func FuzzScanValues(f *testing.F) {
	for _, s := range []string{
		"source = \"en\"\nfallback = 1000\n1000 = { name = \"SystemBusy\", status = 503 }\n",
		"[1]\nstatus = 404\n",
		"a = {}\n",
		"a = 1.5\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !utf8.Valid(data) {
			return
		}
		fast, ok := scanValues(string(data))
		if !ok {
			return
		}
		full, err := decodeBundle(data)
		if err != nil {
			t.Fatalf("scanValues accepted what the TOML decoder rejects: %v", err)
		}
		if !sameEntries(fast, full) {
			t.Fatalf("scanValues read %+v\ndecoder read    %+v", fast, full)
		}
	})
}
