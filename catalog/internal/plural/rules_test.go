package plural_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog/internal/plural"
	"github.com/errcat/errcat/catalog/internal/plural/internal/cldr"
)

// TestLargeNumbers pins the cases x/text's CLDR 32 rules and modulo-10^7
// operands get wrong, and numbers far past uint64.
func TestLargeNumbers(t *testing.T) {
	thirty := strings.Repeat("0", 30)
	tests := []struct {
		name string
		tag  string
		num  string
		want plural.Form
	}{
		{"en 10000001 is not one", "en", "10000001", plural.Other},
		{"en 1 is one", "en", "1", plural.One},
		{"en 1.0 is other", "en", "1.0", plural.Other},
		{"fr 1000000 is many", "fr", "1000000", plural.Many},
		{"fr 20000000 is many, not one", "fr", "20000000", plural.Many},
		{"fr 1c6 is many", "fr", "1c6", plural.Many},
		{"fr 1.5c6 is many", "fr", "1.5c6", plural.Many},
		{"fr 1000001 is other", "fr", "1000001", plural.Other},
		{"fr 1c3 is other", "fr", "1c3", plural.Other},
		{"fr 1.5 is one", "fr", "1.5", plural.One},
		{"es 1000000 is many", "es", "1000000", plural.Many},
		{"es 2000000.0 is other (v != 0)", "es", "2000000.0", plural.Other},
		{"pt-BR 1e6 is many", "pt-BR", "1e6", plural.Many},
		{"pt-BR 1000000 is many", "pt-BR", "1000000", plural.Many},
		{"pt-BR 0 is one", "pt-BR", "0", plural.One},
		{"ar 10000000 is other, not zero", "ar", "10000000", plural.Other},
		{"ar 10000003 is few", "ar", "10000003", plural.Few},
		{"ar 10000011 is many", "ar", "10000011", plural.Many},
		{"en 10^30+1 is other", "en", "1" + thirty[1:] + "1", plural.Other},
		{"fr 10^30 is many", "fr", "1" + thirty, plural.Many},
		{"fr 10^30+1 is other", "fr", "1" + thirty[1:] + "1", plural.Other},
		{"fr 10^30 as 1c30 is many", "fr", "1c30", plural.Many},
		{"ru 30 digits ending 21 is one", "ru", "1" + thirty[2:] + "21", plural.One},
		{"ru 30 digits ending 11 is many", "ru", "1" + thirty[2:] + "11", plural.Many},
		{"ru 30 digits ending 22 is few", "ru", "1" + thirty[2:] + "22", plural.Few},
		{"ru 30 digits ending 12 is many", "ru", "1" + thirty[2:] + "12", plural.Many},
		{"ru 30 digits and a fraction is other", "ru", "1" + thirty + ".5", plural.Other},
		{"pl 10^30+2 is few", "pl", "1" + thirty[1:] + "2", plural.Few},
		{"lv 40 digits ending 0 is zero", "lv", strings.Repeat("9", 39) + "0", plural.Zero},
		{"cy 10^25+3 is other, not few", "cy", "1" + strings.Repeat("0", 24) + "3", plural.Other},
		{"en 0.000...01 with 40 decimals is other", "en", "0." + strings.Repeat("0", 39) + "1", plural.Other},
		{"si 0.1 is one", "si", "0.1", plural.One},
		{"si 0.10000000000000000000001 (f huge) is other", "si", "0.10000000000000000000001", plural.Other},
		{"bs 1.2 is few (f % 10 = 2)", "bs", "1.2", plural.Few},
		{"bs 1.22222222222222222222222 (f huge) is few", "bs", "1.22222222222222222222222", plural.Few},
		{"bs 1.22222222222222222222212 (f huge, ends 12) is other", "bs", "1.22222222222222222222212", plural.Other},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ops, err := plural.ParseOperands(tc.num)
			if err != nil {
				t.Fatal(err)
			}
			if got := plural.Cardinal(language.MustParse(tc.tag), ops); got != tc.want {
				t.Errorf("Cardinal(%s, %s) = %v, want %v (operands %v)", tc.tag, tc.num, got, tc.want, ops)
			}
		})
	}
}

// TestAgainstExactOracle holds every locale's generated rules against the
// exact, math/big evaluation of its CLDR rules on numbers the samples do not
// cover: all integers to 1200, decimals, compact exponents, and random
// numbers of up to 60 digits with up to 30 fraction digits. This checks both
// the code generation and the reduction of long operands modulo 10^18.
func TestAgainstExactOracle(t *testing.T) {
	d := loadData(t)
	nums := oracleNumbers()
	for _, kind := range kinds {
		data := kind.rules(d)
		// Locales with the same CLDR rules need the full set only once; the
		// others are checked on a slice of it.
		seen := map[string]bool{}
		for _, loc := range slices.Sorted(keys(data)) {
			sig := fmt.Sprint(data[loc])
			set := nums
			if seen[sig] {
				set = nums[:200]
			}
			seen[sig] = true
			rules := plural.For(language.Raw.MustParse(loc))
			for _, n := range set {
				ops, err := plural.ParseOperands(n.s)
				if err != nil {
					t.Fatalf("ParseOperands(%q): %v", n.s, err)
				}
				want := cldr.Classify(data[loc], n.x)
				if got := kind.match(rules, ops).String(); got != want {
					t.Errorf("%s %s %s = %s, exact evaluation says %s", kind.name, loc, n.s, got, want)
				}
			}
		}
	}
	t.Logf("%d numbers", len(nums))
}

type oracleNumber struct {
	s string
	x cldr.Exact
}

func oracleNumbers() []oracleNumber {
	var ss []string
	for i := 0; i <= 1200; i++ {
		ss = append(ss, strconv.Itoa(i))
	}
	for i := 0; i <= 250; i++ {
		ss = append(ss, fmt.Sprintf("%d.%d", i/10, i%10), fmt.Sprintf("%d.%02d", i/100, i%100), fmt.Sprintf("%d.0", i))
	}
	for _, e := range []int{1, 2, 3, 5, 6, 7, 9, 12, 20} {
		ss = append(ss, fmt.Sprintf("1c%d", e), fmt.Sprintf("1.5c%d", e), fmt.Sprintf("2.0000001c%d", e), fmt.Sprintf("21e%d", e))
	}
	r := rand.New(rand.NewPCG(1, 2))
	digits := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + r.IntN(10))
		}
		return string(b)
	}
	for range 1500 {
		s := digits(1 + r.IntN(60))
		switch r.IntN(4) {
		case 1:
			s += "." + digits(1+r.IntN(30))
		case 2:
			s += "." + digits(1+r.IntN(5)) + strings.Repeat("0", r.IntN(20))
		case 3:
			s += fmt.Sprintf("c%d", r.IntN(25))
		}
		ss = append(ss, s)
	}
	out := make([]oracleNumber, len(ss))
	for i, s := range ss {
		x, err := cldr.ParseExact(s)
		if err != nil {
			panic(err)
		}
		out[i] = oracleNumber{s, x}
	}
	// Interleave, so that the slice the repeated locales get has a bit of
	// everything.
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}
