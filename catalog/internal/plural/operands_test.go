package plural_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/errcat/errcat/catalog/internal/plural"
)

func TestParseOperands(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"0", "i=0 v=0 w=0 f=0 t=0 e=0"},
		{"1", "i=1 v=0 w=0 f=0 t=0 e=0"},
		{"-1", "i=1 v=0 w=0 f=0 t=0 e=0"},
		{"007", "i=7 v=0 w=0 f=0 t=0 e=0"},
		{"1.0", "i=1 v=1 w=0 f=0 t=0 e=0"},
		{"1.50", "i=1 v=2 w=1 f=50 t=5 e=0"},
		{"0.05", "i=0 v=2 w=2 f=5 t=5 e=0"},
		{"1.2c3", "i=1200 v=0 w=0 f=0 t=0 e=3"},
		{"1.2005c3", "i=1200 v=1 w=1 f=5 t=5 e=3"},
		{"1.0000001c6", "i=1000000 v=1 w=1 f=1 t=1 e=6"},
		{"1e6", "i=1000000 v=0 w=0 f=0 t=0 e=6"},
		{"0c3", "i=0 v=0 w=0 f=0 t=0 e=3"},
		{"999999999999999999", "i=999999999999999999 v=0 w=0 f=0 t=0 e=0"},
		{"1000000000000000000", "i=…000000000000000000 v=0 w=0 f=0 t=0 e=0"},
		{"000000000000000000001", "i=1 v=0 w=0 f=0 t=0 e=0"},
		{"1234567890123456789012345", "i=…890123456789012345 v=0 w=0 f=0 t=0 e=0"},
		{"1c18", "i=…000000000000000000 v=0 w=0 f=0 t=0 e=18"},
		{"1c17", "i=100000000000000000 v=0 w=0 f=0 t=0 e=17"},
		{"12c17", "i=…200000000000000000 v=0 w=0 f=0 t=0 e=17"},
		{"0.1234567890123456789000", "i=0 v=22 w=19 f=…567890123456789000 t=…234567890123456789 e=0"},
		{"1c1000", "i=…000000000000000000 v=0 w=0 f=0 t=0 e=1000"},
	}
	for _, tc := range tests {
		ops, err := plural.ParseOperands(tc.in)
		if err != nil {
			t.Errorf("ParseOperands(%q): %v", tc.in, err)
			continue
		}
		if got := ops.String(); got != tc.want {
			t.Errorf("ParseOperands(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestParseOperandsErrors(t *testing.T) {
	tests := []struct {
		in     string
		offset int
		reason string
	}{
		{"", 0, "expected a digit"},
		{"-", 1, "expected a digit"},
		{"+1", 0, "expected a digit"},
		{".5", 0, "expected a digit"},
		{"1.", 2, `expected a digit after "."`},
		{"1.5.", 3, `unexpected "."`},
		{"1c", 2, `expected a digit after "c"`},
		{"1e-3", 2, `expected a digit after "e"`},
		{"1c1001", 2, "exponent above 1000"},
		{"1E6", 1, `unexpected "E"`},
		{"1 000", 1, `unexpected " "`},
		{"١", 0, "expected a digit"},
		{strings.Repeat("1", 1001), 1000, "longer than 1000 bytes"},
	}
	for _, tc := range tests {
		_, err := plural.ParseOperands(tc.in)
		var ne *plural.NumberError
		if !errors.As(err, &ne) {
			t.Errorf("ParseOperands(%q) error = %v, want a *NumberError", tc.in, err)
			continue
		}
		if ne.Offset != tc.offset || ne.Reason != tc.reason {
			t.Errorf("ParseOperands(%q) = offset %d %q, want offset %d %q", tc.in, ne.Offset, ne.Reason, tc.offset, tc.reason)
		}
		if len(ne.Input) > 70 {
			t.Errorf("ParseOperands(%q...): error keeps %d bytes of input", tc.in[:10], len(ne.Input))
		}
	}
	_, err := plural.ParseOperands("1.x")
	if got, want := err.Error(), `plural: number "1.x": offset 2: expected a digit after "."`; got != want {
		t.Errorf("error text = %s, want %s", got, want)
	}
}

func TestNewOperands(t *testing.T) {
	type myInt int
	tests := []struct {
		in   any
		want string
	}{
		{0, "i=0 v=0 w=0 f=0 t=0 e=0"},
		{-5, "i=5 v=0 w=0 f=0 t=0 e=0"},
		{int8(-128), "i=128 v=0 w=0 f=0 t=0 e=0"},
		{int16(300), "i=300 v=0 w=0 f=0 t=0 e=0"},
		{int32(70000), "i=70000 v=0 w=0 f=0 t=0 e=0"},
		{int64(math.MinInt64), "i=…223372036854775808 v=0 w=0 f=0 t=0 e=0"},
		{uint(7), "i=7 v=0 w=0 f=0 t=0 e=0"},
		{uint8(255), "i=255 v=0 w=0 f=0 t=0 e=0"},
		{uint16(65535), "i=65535 v=0 w=0 f=0 t=0 e=0"},
		{uint32(1e9), "i=1000000000 v=0 w=0 f=0 t=0 e=0"},
		{uint64(math.MaxUint64), "i=…446744073709551615 v=0 w=0 f=0 t=0 e=0"},
		{uintptr(3), "i=3 v=0 w=0 f=0 t=0 e=0"},
		{"1.50", "i=1 v=2 w=1 f=50 t=5 e=0"},
		{1.5, "i=1 v=1 w=1 f=5 t=5 e=0"},
		{1.0, "i=1 v=0 w=0 f=0 t=0 e=0"}, // the trap: a float keeps no trailing zero
		{-2.25, "i=2 v=2 w=2 f=25 t=25 e=0"},
		{float32(0.1), "i=0 v=1 w=1 f=1 t=1 e=0"}, // shortest for float32, not 0.100000001490116
		{1e21, "i=…000000000000000000 v=0 w=0 f=0 t=0 e=0"},
		{math.MaxFloat64, "i=…000000000000000000 v=0 w=0 f=0 t=0 e=0"},
		{5e-324, "i=0 v=324 w=324 f=5 t=5 e=0"},
	}
	for _, tc := range tests {
		ops, err := plural.NewOperands(tc.in)
		if err != nil {
			t.Errorf("NewOperands(%T %v): %v", tc.in, tc.in, err)
			continue
		}
		if got := ops.String(); got != tc.want {
			t.Errorf("NewOperands(%T %v) = %s, want %s", tc.in, tc.in, got, tc.want)
		}
	}

	for _, bad := range []any{math.NaN(), math.Inf(1), math.Inf(-1), float32(math.Inf(1)), nil, myInt(3), []byte("1"), struct{}{}} {
		_, err := plural.NewOperands(bad)
		var ne *plural.NumberError
		if !errors.As(err, &ne) {
			t.Errorf("NewOperands(%T %v) error = %v, want a *NumberError", bad, bad, err)
		}
	}
	_, err := plural.NewOperands(myInt(3))
	if got, want := err.Error(), "plural: unsupported type plural_test.myInt"; got != want {
		t.Errorf("error text = %s, want %s", got, want)
	}
}

// TestHugeInputIsCheap pins the bound on a hostile input's cost: the longest
// accepted string and the largest exponent parse in microseconds.
func TestHugeInputIsCheap(t *testing.T) {
	long := strings.Repeat("9", 500) + "." + strings.Repeat("9", 495) + "c999"
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := plural.ParseOperands(long); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("ParseOperands of %d bytes: %v allocations, want 0", len(long), allocs)
	}
}
