package tomlfile

import (
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"testing"

	tomltest "github.com/toml-lang/toml-test/v2"
)

// TestTOML10Conformance runs toml-test's TOML 1.0.0 cases (the list
// tests/files-toml-1.0.0 of github.com/toml-lang/toml-test/v2, pinned in
// go.mod) through Parse: every invalid file must be rejected with a
// *SyntaxError, and no valid file may be. A valid file need not be a message
// file, so what the loader makes of its entries is not this test's business.
//
// "Whichever path reads it": each case also goes through both of Parse's
// paths on their own. The fast scanner must accept no invalid file, and
// must read a valid file it accepts as the full decoder does; the full
// decoder's path (BurntSushi/toml, then the locator's TOML 1.0 checks) must
// reject every invalid file and accept every valid one.
func TestTOML10Conformance(t *testing.T) {
	cases := tomltest.TestCases()
	list, err := fs.ReadFile(cases, "files-toml-1.0.0")
	if err != nil {
		t.Fatal(err)
	}
	var valid, invalid, validOK, invalidOK int
	for _, name := range strings.Fields(string(list)) {
		if !strings.HasSuffix(name, ".toml") {
			continue
		}
		data, err := fs.ReadFile(cases, name)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case strings.HasPrefix(name, "invalid/"):
			invalid++
			_, err := Parse(data)
			var se *SyntaxError
			switch {
			case err == nil:
				t.Errorf("%s: accepted, want a syntax error:\n%s", name, data)
				continue
			case !errors.As(err, &se):
				t.Errorf("%s: %v, want a *SyntaxError", name, err)
				continue
			}
			if _, ok := scanBundle(string(data)); ok {
				t.Errorf("%s: the fast scanner accepted it", name)
				continue
			}
			if _, err := decodeBundle(data); err == nil {
				t.Errorf("%s: the full decoder's path accepted it", name)
				continue
			}
			invalidOK++
		case strings.HasPrefix(name, "valid/"):
			valid++
			if _, err := Parse(data); err != nil {
				t.Errorf("%s: %v, want it accepted:\n%s", name, err, data)
				continue
			}
			full, err := decodeBundle(data)
			if err != nil {
				t.Errorf("%s: the full decoder's path: %v", name, err)
				continue
			}
			if fast, ok := scanBundle(string(data)); ok && !reflect.DeepEqual(summarize(fast), summarize(full)) {
				t.Errorf("%s: the fast scanner read %v, the decoder %v", name, summarize(fast), summarize(full))
				continue
			}
			validOK++
		}
	}
	t.Logf("toml-test 1.0.0: %d invalid rejected of %d; %d valid accepted of %d", invalidOK, invalid, validOK, valid)
	if invalid == 0 || valid == 0 {
		t.Fatalf("found %d invalid and %d valid cases: the list changed shape", invalid, valid)
	}
}

// TestTOML11AdditionsRejected runs the valid cases that toml-test keeps out
// of its 1.0 list because only TOML 1.1 allows them (its version.go): the
// constructs BurntSushi/toml reads and a 1.0 bundle must not contain.
func TestTOML11AdditionsRejected(t *testing.T) {
	cases := tomltest.TestCases()
	for _, name := range []string{
		"valid/string/escape-esc.toml",
		"valid/string/hex-escape.toml",
		"valid/datetime/no-seconds.toml",
		"valid/inline-table/newline.toml",
		"valid/inline-table/newline-comment.toml",
	} {
		data, err := fs.ReadFile(cases, name)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Parse(data)
		var se *SyntaxError
		if !errors.As(err, &se) || !strings.Contains(se.Msg, "TOML 1.1") {
			t.Errorf("%s: got %v, want a syntax error naming TOML 1.1:\n%s", name, err, data)
		}
	}
}
