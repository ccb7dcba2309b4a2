package plural

import "golang.org/x/text/language"

// gettextRule is a cardinal rule set rewritten as gettext's Plural-Forms.
type gettextRule struct {
	nplurals int
	expr     string
	forms    []Form
}

// Gettext returns the locale's cardinal rules as the two values of a
// gettext Plural-Forms header, written "nplurals=%d; plural=%s;", and the
// category of each msgstr[] index: forms[k] is the category msgstr[k]
// holds.
//
// gettext asks only about a non-negative integer n, so the expression is
// CLDR's cardinal rules for i = n and no fraction. A category that only
// decimals reach, such as Russian or Polish other and Czech many, gets no
// index: gettext could never select it, and msgfmt --check would demand it
// in every message of the file. So Russian has nplurals=3 with forms one,
// few, many, as in GNU gettext's own table; English has nplurals=2 and
// "(n == 1) ? 0 : 1". The CLDR 48 data gives some languages more forms than
// older gettext tables did: French, Spanish, Italian and Portuguese have
// Many for exact millions.
func (r Rules) Gettext() (nplurals int, expr string, forms []Form) {
	g := cardinalSets[r.cardinal].gettext
	return g.nplurals, g.expr, append([]Form(nil), g.forms...)
}

// GettextHeader returns the gettext Plural-Forms of the tag's locale. It is
// For(tag).Gettext().
func GettextHeader(tag language.Tag) (nplurals int, expr string, forms []Form) {
	return For(tag).Gettext()
}
