package cldr

import (
	"fmt"
	"strconv"
	"strings"
)

// Gettext is a locale's cardinal rules rewritten as a gettext Plural-Forms
// header: "nplurals=N; plural=EXPR;".
type Gettext struct {
	NPlurals   int
	Expr       string   // a C expression in n, yielding 0..NPlurals-1
	Categories []string // the category of each msgstr[] index
}

// GettextOf rewrites a cardinal rule set for gettext, which only ever asks
// about a non-negative integer n: it substitutes i = n and v = w = f = t =
// c = e = 0, and keeps the categories that CLDR gives @integer samples for,
// in CLDR order. A category only decimals reach (Russian "other") gets no
// msgstr index, since no gettext runtime could select it; the last kept
// category becomes the expression's final else.
//
// It fails when the samples and the conditions disagree about which
// categories integers reach, rather than guess.
func GettextOf(rules []Rule) (Gettext, error) {
	var g Gettext
	var conds []cexpr
	for _, r := range rules {
		c := cexpr{konst: true, val: true} // "other": whatever is left
		if r.Condition != nil {
			c = foldCondition(r.Condition)
		}
		reachable := len(r.Integer.Items) > 0
		never := c.konst && !c.val
		switch {
		case reachable && never:
			return g, fmt.Errorf("%s: @integer samples, but the condition %q holds for no integer", r.Category, r.Source)
		case !reachable && !never && r.Category != "other":
			return g, fmt.Errorf("%s: no @integer samples, but the condition %q may hold for integers (%s)", r.Category, r.Source, c.s)
		case !reachable:
			continue
		}
		if len(conds) > 0 && conds[len(conds)-1].konst {
			return g, fmt.Errorf("%s: unreachable after a condition that holds for every integer", r.Category)
		}
		g.Categories = append(g.Categories, r.Category)
		conds = append(conds, c)
	}
	g.NPlurals = len(g.Categories)
	if g.NPlurals == 0 {
		return g, fmt.Errorf("no category has @integer samples")
	}
	var b strings.Builder
	for i, c := range conds[:len(conds)-1] {
		if c.konst {
			return g, fmt.Errorf("%s: condition holds for every integer, but later categories have @integer samples", g.Categories[i])
		}
		fmt.Fprintf(&b, "(%s) ? %d : ", c.s, i)
	}
	b.WriteString(strconv.Itoa(g.NPlurals - 1))
	g.Expr = b.String()
	return g, nil
}

// A cexpr is a C boolean expression, or a constant when folding made one.
type cexpr struct {
	konst bool
	val   bool   // the constant's value, when konst
	s     string // the expression, when not konst
	prec  int    // s is a comparison (3), an && chain (2) or an || chain (1)
}

const (
	precOr   = 1
	precAnd  = 2
	precAtom = 3
)

func foldCondition(c Condition) cexpr {
	var ors []cexpr
	for _, and := range c {
		var parts []cexpr
		for _, r := range and {
			parts = append(parts, foldRelation(r))
		}
		ors = append(ors, join(parts, precAnd))
	}
	return join(ors, precOr)
}

// join combines expressions with && or ||, folding constants away. A chain
// of the other operator is parenthesized, so that no reader (and no C
// compiler's -Wparentheses) has to remember that && binds tighter.
func join(xs []cexpr, prec int) cexpr {
	and := prec == precAnd
	var ss []string
	for _, x := range xs {
		if x.konst {
			if x.val != and { // false under &&, true under ||: decides the whole
				return x
			}
			continue // the operator's identity
		}
		s := x.s
		if x.prec != precAtom && x.prec != prec {
			s = "(" + s + ")"
		}
		ss = append(ss, s)
	}
	switch len(ss) {
	case 0:
		return cexpr{konst: true, val: and}
	case 1:
		for _, x := range xs {
			if !x.konst {
				return x
			}
		}
	}
	op := " || "
	if and {
		op = " && "
	}
	return cexpr{s: strings.Join(ss, op), prec: prec}
}

// foldRelation rewrites one relation for an integer n: operands n and i
// become n, and the fraction and exponent operands become the constant 0.
func foldRelation(r Relation) cexpr {
	if r.Operand != 'n' && r.Operand != 'i' {
		match := false
		for _, rg := range r.Values {
			if rg.Lo == 0 { // 0 % m is 0, so only a range from 0 holds it
				match = true
			}
		}
		return cexpr{konst: true, val: match != r.Negated}
	}
	x := "n"
	if r.Modulus != 0 {
		x = fmt.Sprintf("n %% %d", r.Modulus)
	}
	var atoms []cexpr
	for _, rg := range r.Values {
		var a cexpr
		switch {
		case rg.Lo == rg.Hi && !r.Negated:
			a = cexpr{s: fmt.Sprintf("%s == %d", x, rg.Lo), prec: precAtom}
		case rg.Lo == rg.Hi:
			a = cexpr{s: fmt.Sprintf("%s != %d", x, rg.Lo), prec: precAtom}
		case rg.Lo == 0 && !r.Negated:
			a = cexpr{s: fmt.Sprintf("%s <= %d", x, rg.Hi), prec: precAtom}
		case rg.Lo == 0:
			a = cexpr{s: fmt.Sprintf("%s > %d", x, rg.Hi), prec: precAtom}
		case !r.Negated:
			a = cexpr{s: fmt.Sprintf("%s >= %d && %s <= %d", x, rg.Lo, x, rg.Hi), prec: precAnd}
		default:
			a = cexpr{s: fmt.Sprintf("%s < %d || %s > %d", x, rg.Lo, x, rg.Hi), prec: precOr}
		}
		atoms = append(atoms, a)
	}
	// "x = a, b" holds when x is a or b; "x != a, b" when x is neither.
	if r.Negated {
		return join(atoms, precAnd)
	}
	return join(atoms, precOr)
}
