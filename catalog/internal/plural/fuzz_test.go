package plural

import (
	"io/fs"
	"math/big"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog/internal/plural/internal/cldr"
)

// FuzzParseOperands checks that ParseOperands never panics, stays within
// its bounds, and agrees with the exact math/big parse in internal/cldr on
// every operand, reduced as Operands keeps them; and that the rules then
// agree with the exact evaluation of CLDR's text for a few locales.
func FuzzParseOperands(f *testing.F) {
	for _, s := range []string{
		"0", "1", "-1", "1.50", "0.05", "1c6", "1.2c3", "1.0000001c6", "1e6",
		"007", "999999999999999999", "1000000000000000000",
		"123456789012345678901234567890", "0.1234567890123456789012",
		"1.", ".5", "", "-", "1c", "1c1001", "1e-3", "1 000", "١",
	} {
		f.Add(s)
	}
	d, err := cldr.Load(dirFS("testdata/cldr"))
	if err != nil {
		f.Fatal(err)
	}
	locales := []string{"en", "fr", "ru", "ar", "lv", "bs", "si", "kw", "cy", "pt-PT"}
	f.Fuzz(func(t *testing.T, s string) {
		ops, err := ParseOperands(s)
		if err != nil {
			if _, ok := err.(*NumberError); !ok {
				t.Fatalf("ParseOperands(%q) error %T, want *NumberError", s, err)
			}
			// Anything the exact parse takes within the bounds must parse.
			if x, xerr := cldr.ParseExact(s); xerr == nil && len(s) <= maxLen && x.E <= maxExponent {
				t.Fatalf("ParseOperands(%q): %v, but it is a number", s, err)
			}
			return
		}
		if len(s) > maxLen {
			t.Fatalf("ParseOperands accepted %d bytes", len(s))
		}
		x, err := cldr.ParseExact(s)
		if err != nil {
			t.Fatalf("ParseOperands(%q) = %v, but ParseExact: %v", s, ops, err)
		}
		want := Operands{i: reduce(x.I), f: reduce(x.F), t: reduce(x.T), v: uint32(x.V), w: uint32(x.W), e: uint32(x.E)}
		if ops != want {
			t.Fatalf("ParseOperands(%q) = %v, exact gives %v", s, ops, want)
		}
		for _, loc := range locales {
			r := For(language.Raw.MustParse(loc))
			if got, want := r.Cardinal(ops).String(), cldr.Classify(d.Cardinal[loc], x); got != want {
				t.Errorf("cardinal %s %q = %s, exact evaluation says %s", loc, s, got, want)
			}
			ord := d.Ordinal[loc]
			if ord == nil {
				ord = d.Ordinal["pt"] // pt-PT takes pt's ordinals
			}
			if got, want := r.Ordinal(ops).String(), cldr.Classify(ord, x); got != want {
				t.Errorf("ordinal %s %q = %s, exact evaluation says %s", loc, s, got, want)
			}
		}
	})
}

var bigPow18 = new(big.Int).SetUint64(pow18)

// reduce is the Operands reduction done with math/big.
func reduce(x *big.Int) uint64 {
	if x.Cmp(bigPow18) < 0 {
		return x.Uint64()
	}
	return new(big.Int).Mod(x, bigPow18).Uint64() + pow18
}

func TestReduceBoundary(t *testing.T) {
	for _, s := range []string{"999999999999999999", "1000000000000000000", "1000000000000000001", strings.Repeat("9", 40)} {
		x, _ := cldr.ParseExact(s)
		ops, _ := ParseOperands(s)
		if ops.i != reduce(x.I) {
			t.Errorf("%s: i = %d, want %d", s, ops.i, reduce(x.I))
		}
	}
}

func dirFS(dir string) fs.FS { return os.DirFS(dir) }
