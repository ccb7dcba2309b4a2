package plural

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// Operands are a number as CLDR's plural rules see it (TR35, "Plural Operand
// Meanings"): its integer digits i, its visible fraction digits f with
// trailing zeros and t without, their counts v and w, and the compact
// exponent e (also called c). The absolute value n is not stored: the rules
// compare n only with integers, so i together with t == 0 answers them.
//
// The rules take moduli of at most 10^6 and compare with small constants,
// so i, f and t are kept exactly below 10^18 and, above, as their value
// modulo 10^18 plus 10^18. Every rule modulus divides 10^18 and every rule
// constant is below it (the generator checks both), so the reduced value
// answers every rule exactly as the full one would, for numbers of any
// length. Reducing modulo 10^7, as x/text's MatchPlural invites its
// callers to, reads 10000001 as 1 and 20000000 as 0.
type Operands struct {
	i, f, t uint64 // reduced as above
	v, w    uint32 // fraction digit counts, at most maxLen
	e       uint32 // compact exponent, at most maxExponent
}

const (
	// pow18 is the point above which i, f and t are reduced.
	pow18 = 1_000_000_000_000_000_000

	// maxLen bounds the length of a number string ParseOperands accepts,
	// so that the cost of a hostile input is bounded.
	maxLen = 1000

	// maxExponent bounds the exponent in "1c6" or "1e6".
	maxExponent = 1000
)

// A NumberError tells why a value has no plural operands.
type NumberError struct {
	Input  string // the string, cut to 64 bytes; a float as text; empty for a value of the wrong type
	Offset int    // the byte offset of the problem in the input, or -1
	Reason string
}

func (e *NumberError) Error() string {
	if e.Offset < 0 {
		return "plural: " + e.Reason
	}
	return fmt.Sprintf("plural: number %q: offset %d: %s", e.Input, e.Offset, e.Reason)
}

func numberError(s string, offset int, reason string) *NumberError {
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	return &NumberError{Input: s, Offset: offset, Reason: reason}
}

// ParseOperands computes the operands of a decimal string exactly, however
// long. It accepts what CLDR's samples use: an optional "-" (the rules see
// the absolute value), digits, an optional "." and fraction digits, and an
// optional exponent "c" or "e" followed by digits.
//
// The string is the number as it will be shown: "1.50" has v = 2 and f = 50,
// and in English is Other where "1" is One. The exponent is CLDR's compact
// one: "1.2c3" is 1.2 thousand, with i = 1200, v = 0 and e = 3; French says
// "1 million" with Many for "1c6" and for "1000000". A scientific "1e6" is
// read the same way.
func ParseOperands(s string) (Operands, error) {
	if len(s) > maxLen {
		return Operands{}, numberError(s, maxLen, fmt.Sprintf("longer than %d bytes", maxLen))
	}
	p := 0
	if p < len(s) && s[p] == '-' {
		p++
	}
	intStart := p
	for p < len(s) && isDigit(s[p]) {
		p++
	}
	intEnd := p
	if intStart == intEnd {
		return Operands{}, numberError(s, p, "expected a digit")
	}
	fracStart, fracEnd := p, p
	if p < len(s) && s[p] == '.' {
		p++
		fracStart = p
		for p < len(s) && isDigit(s[p]) {
			p++
		}
		fracEnd = p
		if fracStart == fracEnd {
			return Operands{}, numberError(s, p, `expected a digit after "."`)
		}
	}
	var exp uint64
	if p < len(s) && (s[p] == 'c' || s[p] == 'e') {
		p++
		start := p
		for p < len(s) && isDigit(s[p]) {
			exp = exp*10 + uint64(s[p]-'0')
			if exp > maxExponent {
				return Operands{}, numberError(s, start, fmt.Sprintf("exponent above %d", maxExponent))
			}
			p++
		}
		if start == p {
			return Operands{}, numberError(s, p, fmt.Sprintf("expected a digit after %q", s[start-1:start]))
		}
	}
	if p != len(s) {
		return Operands{}, numberError(s, p, fmt.Sprintf("unexpected %q", s[p:p+1]))
	}
	return fromDigits(s[intStart:intEnd], s[fracStart:fracEnd], exp), nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// fromDigits computes the operands of intPart.fracPart times 10^exp. Like
// TR35, it moves the decimal point by the exponent first: 1.2005c3 is
// 1200.5, so i = 1200 and f = 5.
func fromDigits(intPart, fracPart string, exp uint64) Operands {
	moved := min(exp, uint64(len(fracPart)))
	var i reducer
	i.digits(intPart)
	i.digits(fracPart[:moved])
	i.zeros(exp - moved)
	frac := fracPart[moved:]
	trimmed := strings.TrimRight(frac, "0")
	var f, t reducer
	f.digits(frac)
	t.digits(trimmed)
	return Operands{
		i: i.value(),
		f: f.value(),
		t: t.value(),
		v: uint32(len(frac)),
		w: uint32(len(trimmed)),
		e: uint32(exp),
	}
}

// A reducer reads a decimal digit string into a uint64, exact below 10^18
// and reduced above (see Operands).
type reducer struct {
	acc uint64 // the value so far, modulo 10^18
	sig int    // significant digits so far, leading zeros not counted
}

func (r *reducer) digits(s string) {
	for k := 0; k < len(s); k++ {
		d := uint64(s[k] - '0')
		if r.sig > 0 || d != 0 {
			r.sig++
		}
		r.acc = (r.acc*10 + d) % pow18
	}
}

// zeros appends n zero digits.
func (r *reducer) zeros(n uint64) {
	if r.sig == 0 || n == 0 {
		return
	}
	if n >= 18 { // 10^18 divides the result: only the length is left to tell
		r.acc, r.sig = 0, r.sig+18
		return
	}
	r.sig += int(n)
	for ; n > 0; n-- {
		r.acc = r.acc * 10 % pow18
	}
}

func (r *reducer) value() uint64 {
	if r.sig > 18 {
		return r.acc + pow18
	}
	return r.acc
}

// fromUint is the fast path for integers: no fraction, no exponent.
func fromUint(u uint64) Operands {
	if u >= pow18 {
		u = u%pow18 + pow18
	}
	return Operands{i: u}
}

func fromInt(n int64) Operands {
	u := uint64(n)
	if n < 0 {
		u = -u // two's complement: right for math.MinInt64 too
	}
	return fromUint(u)
}

// NewOperands returns the operands of a Go number: any integer type, a
// float32 or float64, or a string for ParseOperands.
//
// Integers take a fast path that does not allocate. Floats are formatted
// with strconv's shortest representation ('f', -1) and parsed, so they keep
// no trailing zeros: 1.50 is "1.5" and 1.0 is "1", which English calls One.
// If the number is shown with a fixed count of decimals, format it that way
// and pass the string. NaN and infinities have no operands and return an
// error, as does any other type: in particular fmt.Stringer values are not
// taken, since big.Float's String rounds and writes a scientific exponent
// that would be read as a compact one.
func NewOperands(v any) (Operands, error) {
	switch x := v.(type) {
	case int:
		return fromInt(int64(x)), nil
	case int8:
		return fromInt(int64(x)), nil
	case int16:
		return fromInt(int64(x)), nil
	case int32:
		return fromInt(int64(x)), nil
	case int64:
		return fromInt(x), nil
	case uint:
		return fromUint(uint64(x)), nil
	case uint8:
		return fromUint(uint64(x)), nil
	case uint16:
		return fromUint(uint64(x)), nil
	case uint32:
		return fromUint(uint64(x)), nil
	case uint64:
		return fromUint(x), nil
	case uintptr:
		return fromUint(uint64(x)), nil
	case string:
		return ParseOperands(x)
	case float32:
		return fromFloat(float64(x), 32)
	case float64:
		return fromFloat(x, 64)
	}
	// reflect.TypeOf, unlike fmt's %T, does not make v escape, which keeps
	// the integer cases free of allocation.
	name := "nil"
	if t := reflect.TypeOf(v); t != nil {
		name = t.String()
	}
	return Operands{}, &NumberError{Offset: -1, Reason: "unsupported type " + name}
}

func fromFloat(x float64, bits int) (Operands, error) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return Operands{}, &NumberError{Input: strconv.FormatFloat(x, 'g', -1, bits), Offset: -1, Reason: "not a finite number"}
	}
	return ParseOperands(strconv.FormatFloat(x, 'f', -1, bits))
}

// String shows the operands for debugging, as "i=1 v=2 w=1 f=50 t=5 e=0".
// A value reduced for length shows as its last 18 digits after "…".
func (o Operands) String() string {
	return fmt.Sprintf("i=%s v=%d w=%d f=%s t=%s e=%d", showReduced(o.i), o.v, o.w, showReduced(o.f), showReduced(o.t), o.e)
}

func showReduced(x uint64) string {
	if x >= pow18 {
		return fmt.Sprintf("…%018d", x-pow18)
	}
	return strconv.FormatUint(x, 10)
}
