// Package cldr reads CLDR's plural data, as the cldr-core npm package ships
// it, and turns it into Go source for package plural.
//
// It is the generator's core. It lives in a package rather than in the
// generator's main so that plural's tests can regenerate in-process (the
// check that rules_gen.go is current) and can use the rule parser and the
// exact evaluator here as an oracle for the generated code.
package cldr

import (
	"fmt"
	"strconv"
	"strings"
)

// Categories are the CLDR plural categories in CLDR's own order. Rules are
// evaluated in this order, and lists of categories are printed in it.
var Categories = []string{"zero", "one", "two", "few", "many", "other"}

// categoryRank returns the position of c in Categories, or -1.
func categoryRank(c string) int {
	for i, x := range Categories {
		if x == c {
			return i
		}
	}
	return -1
}

// A Rule is one category of a locale's rule set: the condition a number must
// meet, and CLDR's sample numbers for it.
type Rule struct {
	Category  string
	Source    string    // the condition as CLDR writes it, trimmed; empty for "other"
	Condition Condition // nil for "other", which holds when no other rule does
	Integer   Samples   // the @integer samples
	Decimal   Samples   // the @decimal samples
}

// A Condition is a disjunction of conjunctions: "a and b or c" is
// Condition{{a, b}, {c}}, since "and" binds tighter than "or".
type Condition [][]Relation

// A Relation compares one operand, optionally reduced modulo a number, with a
// list of values and ranges: "i % 100 != 12..14".
type Relation struct {
	Operand byte    // one of n i v w f t c e
	Modulus uint64  // 0 when the relation has no "%"
	Negated bool    // the relation is "!=" rather than "="
	Values  []Range // the right-hand list
}

// A Range is "lo..hi"; a single value has Lo == Hi.
type Range struct{ Lo, Hi uint64 }

// Samples are the numbers CLDR lists after @integer or @decimal.
type Samples struct {
	Items []Sample
	Open  bool // the list ends in "…": the category holds infinitely many more
}

// A Sample is "2~4" (From "2", To "4") or a single number (From == To), in
// CLDR's sample syntax: digits, an optional fraction, an optional "c"
// exponent.
type Sample struct{ From, To string }

// A SyntaxError locates a problem in one rule string.
type SyntaxError struct {
	Rule   string // the whole rule text
	Offset int    // byte offset in Rule
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("offset %d: %s in %q", e.Offset, e.Msg, e.Rule)
}

// ParseRule parses the text of one CLDR plural rule: a condition followed by
// its samples, such as "i = 1 and v = 0 @integer 1".
func ParseRule(category, text string) (Rule, error) {
	if categoryRank(category) < 0 {
		return Rule{}, fmt.Errorf("unknown plural category %q", category)
	}
	r := Rule{Category: category}
	cond, rest := text, ""
	if at := strings.IndexByte(text, '@'); at >= 0 {
		cond, rest = text[:at], text[at:]
	}
	r.Source = strings.TrimSpace(cond)
	if r.Source != "" {
		p := &ruleParser{text: text, end: len(cond)}
		c, err := p.condition()
		if err != nil {
			return Rule{}, err
		}
		r.Condition = c
	}
	if category == "other" && r.Condition != nil {
		return Rule{}, &SyntaxError{text, 0, `"other" must have no condition`}
	}
	if category != "other" && r.Condition == nil {
		return Rule{}, &SyntaxError{text, 0, fmt.Sprintf("%q needs a condition", category)}
	}
	offset := len(cond)
	for rest != "" {
		var kind string
		switch {
		case strings.HasPrefix(rest, "@integer"):
			kind = "@integer"
		case strings.HasPrefix(rest, "@decimal"):
			kind = "@decimal"
		default:
			return Rule{}, &SyntaxError{text, offset, "expected @integer or @decimal"}
		}
		body := rest[len(kind):]
		next := strings.IndexByte(body, '@')
		if next < 0 {
			next = len(body)
		}
		s, err := parseSamples(body[:next])
		if err != nil {
			return Rule{}, &SyntaxError{text, offset, err.Error()}
		}
		if kind == "@integer" {
			if r.Integer.Items != nil {
				return Rule{}, &SyntaxError{text, offset, "second @integer"}
			}
			r.Integer = s
		} else {
			if r.Decimal.Items != nil {
				return Rule{}, &SyntaxError{text, offset, "second @decimal"}
			}
			r.Decimal = s
		}
		offset += len(kind) + next
		rest = body[next:]
	}
	return r, nil
}

// ruleParser is a recursive-descent parser over text[pos:end], the condition
// part of a rule. The grammar is TR35's, less the long-deprecated "in",
// "within", "is" and "mod" forms that CLDR data no longer uses:
//
//	condition = and ("or" and)*
//	and       = relation ("and" relation)*
//	relation  = operand ("%" value)? ("=" | "!=") range ("," range)*
//	range     = value (".." value)?
type ruleParser struct {
	text     string
	pos, end int
}

func (p *ruleParser) errorf(format string, args ...any) error {
	return &SyntaxError{p.text, p.pos, fmt.Sprintf(format, args...)}
}

func (p *ruleParser) skipSpace() {
	for p.pos < p.end && p.text[p.pos] == ' ' {
		p.pos++
	}
}

// word reports whether the next token is the keyword w, and consumes it.
func (p *ruleParser) word(w string) bool {
	p.skipSpace()
	rest := p.text[p.pos:p.end]
	if !strings.HasPrefix(rest, w) {
		return false
	}
	if len(rest) > len(w) && isLetter(rest[len(w)]) {
		return false
	}
	p.pos += len(w)
	return true
}

// punct reports whether the next token is s, and consumes it.
func (p *ruleParser) punct(s string) bool {
	p.skipSpace()
	if strings.HasPrefix(p.text[p.pos:p.end], s) {
		p.pos += len(s)
		return true
	}
	return false
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }

func (p *ruleParser) condition() (Condition, error) {
	var c Condition
	for {
		var and []Relation
		for {
			r, err := p.relation()
			if err != nil {
				return nil, err
			}
			and = append(and, r)
			if !p.word("and") {
				break
			}
		}
		c = append(c, and)
		if !p.word("or") {
			break
		}
	}
	p.skipSpace()
	if p.pos != p.end {
		return nil, p.errorf("unexpected %q", p.text[p.pos:p.end])
	}
	return c, nil
}

func (p *ruleParser) relation() (Relation, error) {
	p.skipSpace()
	var r Relation
	if p.pos >= p.end || !strings.ContainsRune("nivwftce", rune(p.text[p.pos])) ||
		p.pos+1 < p.end && isLetter(p.text[p.pos+1]) {
		return r, p.errorf("expected an operand (n i v w f t c e)")
	}
	r.Operand = p.text[p.pos]
	p.pos++
	if p.punct("%") {
		m, err := p.value()
		if err != nil {
			return r, err
		}
		if m == 0 {
			return r, p.errorf("modulus 0")
		}
		r.Modulus = m
	}
	switch {
	case p.punct("!="):
		r.Negated = true
	case p.punct("="):
	default:
		return r, p.errorf(`expected "=" or "!="`)
	}
	for {
		lo, err := p.value()
		if err != nil {
			return r, err
		}
		hi := lo
		if p.punct("..") {
			if hi, err = p.value(); err != nil {
				return r, err
			}
			if hi < lo {
				return r, p.errorf("empty range %d..%d", lo, hi)
			}
		}
		r.Values = append(r.Values, Range{lo, hi})
		if !p.punct(",") {
			return r, nil
		}
	}
}

func (p *ruleParser) value() (uint64, error) {
	p.skipSpace()
	start := p.pos
	for p.pos < p.end && isDigit(p.text[p.pos]) {
		p.pos++
	}
	if start == p.pos {
		return 0, p.errorf("expected a number")
	}
	v, err := strconv.ParseUint(p.text[start:p.pos], 10, 64)
	if err != nil {
		p.pos = start
		return 0, p.errorf("number out of range")
	}
	return v, nil
}

// parseSamples parses the body of an @integer or @decimal list:
// "0, 2~16, 100, 1c6, …".
func parseSamples(body string) (Samples, error) {
	var s Samples
	items := strings.Split(strings.TrimSpace(body), ",")
	for i, item := range items {
		item = strings.TrimSpace(item)
		if item == "…" || item == "..." {
			if i != len(items)-1 {
				return s, fmt.Errorf("%q before the end of a sample list", item)
			}
			s.Open = true
			continue
		}
		from, to, isRange := strings.Cut(item, "~")
		if !isRange {
			to = from
		}
		for _, x := range []string{from, to} {
			if !validSample(x) {
				return s, fmt.Errorf("bad sample %q", item)
			}
		}
		s.Items = append(s.Items, Sample{from, to})
	}
	if len(s.Items) == 0 {
		return s, fmt.Errorf("empty sample list")
	}
	return s, nil
}

// validSample reports whether x is digits, an optional fraction, and an
// optional c or e exponent.
func validSample(x string) bool {
	mant, exp, hasExp := strings.Cut(x, "c")
	if !hasExp {
		mant, exp, hasExp = strings.Cut(x, "e")
	}
	if hasExp && !allDigits(exp) {
		return false
	}
	ip, fp, hasFrac := strings.Cut(mant, ".")
	return allDigits(ip) && (!hasFrac || allDigits(fp))
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
