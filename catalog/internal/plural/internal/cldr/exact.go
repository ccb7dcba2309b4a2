package cldr

import (
	"fmt"
	"math/big"
	"strings"
)

// Exact holds the plural operands of a number as exact, unbounded values.
// It is the slow, obviously correct model that tests hold the generated code
// against; nothing at run time uses it.
type Exact struct {
	N       *big.Rat // the absolute value
	I, F, T *big.Int // integer digits, fraction digits with and without trailing zeros
	V, W    int64    // count of fraction digits with and without trailing zeros
	E       int64    // the compact exponent (operands c and e)
}

// ParseExact computes the operands of s, written as CLDR writes samples:
// an optional "-", digits, an optional fraction, an optional "c" or "e"
// exponent. Following TR35, the exponent moves the decimal point before the
// other operands are taken: 1.2c3 has i = 1200, v = 0 and e = 3.
func ParseExact(s string) (Exact, error) {
	orig := s
	s = strings.TrimPrefix(s, "-")
	mant, exp := s, ""
	if i := strings.IndexAny(s, "ce"); i >= 0 {
		mant, exp = s[:i], s[i+1:]
		if !allDigits(exp) {
			return Exact{}, fmt.Errorf("bad exponent in %q", orig)
		}
	}
	ip, fp, hasFrac := strings.Cut(mant, ".")
	if !allDigits(ip) || hasFrac && !allDigits(fp) {
		return Exact{}, fmt.Errorf("bad number %q", orig)
	}
	var e int64
	if exp != "" {
		n, ok := new(big.Int).SetString(exp, 10)
		if !ok || !n.IsInt64() || n.Int64() > 2000 {
			return Exact{}, fmt.Errorf("exponent out of range in %q", orig)
		}
		e = n.Int64()
	}
	// Move the decimal point e places right.
	if e <= int64(len(fp)) {
		ip, fp = ip+fp[:e], fp[e:]
	} else {
		ip, fp = ip+fp+strings.Repeat("0", int(e)-len(fp)), ""
	}
	x := Exact{
		I: mustInt(ip),
		F: big.NewInt(0),
		T: big.NewInt(0),
		V: int64(len(fp)),
		E: e,
	}
	trimmed := strings.TrimRight(fp, "0")
	x.W = int64(len(trimmed))
	if fp != "" {
		x.F = mustInt(fp)
	}
	if trimmed != "" {
		x.T = mustInt(trimmed)
	}
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(x.V), nil)
	x.N = new(big.Rat).SetFrac(x.F, scale)
	x.N.Add(x.N, new(big.Rat).SetInt(x.I))
	return x, nil
}

func mustInt(digits string) *big.Int {
	n, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		panic("cldr: not digits: " + digits)
	}
	return n
}

// operand returns the value of the named operand as a rational.
func (x Exact) operand(op byte) *big.Rat {
	switch op {
	case 'n':
		return new(big.Rat).Set(x.N)
	case 'i':
		return new(big.Rat).SetInt(x.I)
	case 'f':
		return new(big.Rat).SetInt(x.F)
	case 't':
		return new(big.Rat).SetInt(x.T)
	case 'v':
		return new(big.Rat).SetInt64(x.V)
	case 'w':
		return new(big.Rat).SetInt64(x.W)
	case 'c', 'e':
		return new(big.Rat).SetInt64(x.E)
	}
	panic("cldr: unknown operand " + string(op))
}

// Holds reports whether x meets the relation, by TR35's definitions: the
// modulus is a remainder that keeps any fraction (4.3 % 3 = 1.3), and a
// value or range on the right matches only integers (2..4 holds for 2, 3
// and 4, not 2.5).
func (r Relation) Holds(x Exact) bool {
	v := x.operand(r.Operand)
	if r.Modulus != 0 {
		m := new(big.Rat).SetInt(new(big.Int).SetUint64(r.Modulus))
		q := new(big.Rat).Quo(v, m)
		fl := new(big.Int).Quo(q.Num(), q.Denom()) // floor, as v >= 0
		v.Sub(v, new(big.Rat).Mul(m, new(big.Rat).SetInt(fl)))
	}
	match := false
	if v.IsInt() {
		n := v.Num()
		for _, rg := range r.Values {
			lo := new(big.Int).SetUint64(rg.Lo)
			hi := new(big.Int).SetUint64(rg.Hi)
			if n.Cmp(lo) >= 0 && n.Cmp(hi) <= 0 {
				match = true
				break
			}
		}
	}
	return match != r.Negated
}

// Holds reports whether x meets the condition.
func (c Condition) Holds(x Exact) bool {
	for _, and := range c {
		all := true
		for _, r := range and {
			if !r.Holds(x) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// Classify returns the category of x under the rules of one locale: the
// first rule, in Categories order, whose condition holds, or "other".
func Classify(rules []Rule, x Exact) string {
	for _, r := range rules {
		if r.Condition != nil && r.Condition.Holds(x) {
			return r.Category
		}
	}
	return "other"
}

// Values lists the numbers a sample stands for. A range "a~b" steps by one
// unit in the last written digit; when it has more than limit values, Values
// returns the two ends and limit-2 values spread evenly between them.
func (s Sample) Values(limit int) ([]string, error) {
	if s.From == s.To {
		return []string{s.From}, nil
	}
	if strings.ContainsAny(s.From+s.To, "ce") {
		return nil, fmt.Errorf("range %s~%s with an exponent", s.From, s.To)
	}
	_, ff, _ := strings.Cut(s.From, ".")
	_, tf, _ := strings.Cut(s.To, ".")
	if len(ff) != len(tf) {
		return nil, fmt.Errorf("range %s~%s ends differ in fraction digits", s.From, s.To)
	}
	scale := len(ff)
	a := mustInt(strings.Replace(s.From, ".", "", 1))
	b := mustInt(strings.Replace(s.To, ".", "", 1))
	if a.Cmp(b) >= 0 {
		return nil, fmt.Errorf("empty range %s~%s", s.From, s.To)
	}
	count := new(big.Int).Sub(b, a)
	count.Add(count, big.NewInt(1))
	if limit < 2 {
		limit = 2
	}
	var out []string
	if count.IsInt64() && count.Int64() <= int64(limit) {
		for k := new(big.Int).Set(a); k.Cmp(b) <= 0; k.Add(k, big.NewInt(1)) {
			out = append(out, formatScaled(k, scale))
		}
		return out, nil
	}
	out = append(out, formatScaled(a, scale))
	span := new(big.Int).Sub(b, a)
	for j := 1; j < limit-1; j++ {
		k := new(big.Int).Mul(span, big.NewInt(int64(j)))
		k.Quo(k, big.NewInt(int64(limit-1)))
		k.Add(k, a)
		out = append(out, formatScaled(k, scale))
	}
	return append(out, formatScaled(b, scale)), nil
}

// formatScaled writes k / 10^scale with exactly scale fraction digits.
func formatScaled(k *big.Int, scale int) string {
	d := k.String()
	if scale == 0 {
		return d
	}
	if len(d) <= scale {
		d = strings.Repeat("0", scale-len(d)+1) + d
	}
	return d[:len(d)-scale] + "." + d[len(d)-scale:]
}
