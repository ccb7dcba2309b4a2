package plural

import (
	"sync"
	"sync/atomic"

	"golang.org/x/text/language"
)

// Rules are the plural rules of one locale, looked up once. The zero value
// is root's: Other for every number.
//
// Cardinal(tag, ops) and its siblings look the tag up on every call; a
// caller that serves one locale many times, such as a catalog snapshot,
// keeps the Rules that For returns instead.
type Rules struct {
	cardinal, ordinal uint8 // indexes into cardinalSets and ordinalSets
}

// For returns the plural rules CLDR gives the tag's locale.
//
// The lookup tries, in order, the tag's language with its script and
// region, with its region, with its script, and alone, so zh-Hant-TW gets
// zh's rules, sr-Latn sr's and pt-BR pt's, while pt-PT has rules of its own.
// A region whose CLDR parent locale has rules of its own gets those: pt-AO,
// pt-MZ and the other pt-* CLDR places under pt-PT use European Portuguese
// rules, not pt's. Variants and extensions are ignored. A language CLDR has
// no rules for, und, and a private-use tag get root's rules: Other alone.
//
// The tag's subtags are used as written (Tag.Raw): "sr" does not become
// "sr-Cyrl", and no likely region is guessed.
func For(tag language.Tag) Rules {
	// Most tags a server sees (en, fr-CA, pt-BR) are ones x/text knows by a
	// compact index; their answer is remembered there, so that a lookup
	// per call costs an array load rather than map lookups. Racing first
	// lookups store the same value, so a plain atomic store is enough.
	i, exact := language.CompactIndex(tag)
	if !exact {
		return lookup(tag)
	}
	if v := compactCache[i].Load(); v != 0 {
		return Rules{cardinal: uint8(v >> 8), ordinal: uint8(v)}
	}
	r := lookup(tag)
	compactCache[i].Store(1<<16 | uint32(r.cardinal)<<8 | uint32(r.ordinal))
	return r
}

// compactCache holds For's answer for tags with a compact index: 1<<16 |
// cardinal<<8 | ordinal, or 0 before the first lookup.
var compactCache [language.NumCompactTags]atomic.Uint32

// lookup is For without the cache.
func lookup(tag language.Tag) Rules {
	b, s, r := tag.Raw()
	var noScript language.Script
	var noRegion language.Region
	idx := index()
	if e, ok := idx[localeKey{b, s, r}]; ok {
		return e
	}
	if s != noScript && r != noRegion {
		if e, ok := idx[localeKey{b, noScript, r}]; ok {
			return e
		}
		if e, ok := idx[localeKey{b, s, noRegion}]; ok {
			return e
		}
	}
	if s != noScript || r != noRegion {
		if e, ok := idx[localeKey{b, noScript, noRegion}]; ok {
			return e
		}
	}
	return Rules{}
}

// Cardinal returns the category of a count: "1 file", "2 files".
func (r Rules) Cardinal(ops Operands) Form {
	return cardinalSets[r.cardinal].match(ops)
}

// Ordinal returns the category of a rank: "1st", "2nd", "3rd".
func (r Rules) Ordinal(ops Operands) Form {
	return ordinalSets[r.ordinal].match(ops)
}

// CardinalForms returns the cardinal categories the locale uses, in CLDR
// order: zero, one, two, few, many, other. A message in this locale needs a
// form for each. The slice is the caller's.
func (r Rules) CardinalForms() []Form {
	return append([]Form(nil), cardinalSets[r.cardinal].forms...)
}

// OrdinalForms returns the ordinal categories the locale uses, in CLDR
// order.
func (r Rules) OrdinalForms() []Form {
	return append([]Form(nil), ordinalSets[r.ordinal].forms...)
}

// Cardinal returns the cardinal category of ops in the tag's locale. It is
// For(tag).Cardinal(ops).
func Cardinal(tag language.Tag, ops Operands) Form { return For(tag).Cardinal(ops) }

// Ordinal returns the ordinal category of ops in the tag's locale. It is
// For(tag).Ordinal(ops).
func Ordinal(tag language.Tag, ops Operands) Form { return For(tag).Ordinal(ops) }

// CardinalForms returns the cardinal categories of the tag's locale, in
// CLDR order. It is For(tag).CardinalForms().
func CardinalForms(tag language.Tag) []Form { return For(tag).CardinalForms() }

// OrdinalForms returns the ordinal categories of the tag's locale, in CLDR
// order. It is For(tag).OrdinalForms().
func OrdinalForms(tag language.Tag) []Form { return For(tag).OrdinalForms() }

// A ruleSet is one generated rule set, shared by the locales that have the
// same rules.
type ruleSet struct {
	match   func(Operands) Form // by value: a pointer through a func value escapes
	forms   []Form              // in CLDR order
	gettext gettextRule         // cardinal sets only
}

// localeRules is one row of the generated localeTable.
type localeRules struct {
	id                string // CLDR locale id
	cardinal, ordinal uint8
}

type localeKey struct {
	base   language.Base
	script language.Script
	region language.Region
}

// index maps the subtags of each localeTable id to its rules. It is built
// on first use rather than at init, so that a program that links the
// package without asking about plurals pays nothing.
var index = sync.OnceValue(func() map[localeKey]Rules {
	m := make(map[localeKey]Rules, len(localeTable))
	for _, e := range localeTable {
		t, err := language.Raw.Parse(e.id)
		if err != nil {
			panic("plural: generated locale id " + e.id + ": " + err.Error())
		}
		b, s, r := t.Raw()
		m[localeKey{b, s, r}] = Rules{e.cardinal, e.ordinal}
	}
	return m
})
