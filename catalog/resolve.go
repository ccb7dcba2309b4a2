package catalog

import (
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
	"sync/atomic"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// ErrUnknownCode is wrapped by the error Resolve and Localize return for a
// code the catalog does not have.
var ErrUnknownCode = errors.New("unknown error code")

// Fallback says how far down the caller's preferences a text came from.
type Fallback uint8

const (
	// FirstChoice: the caller's first usable preference had the text, or
	// the caller stated no usable preference and got the source language.
	FirstChoice Fallback = iota
	// LaterChoice: the first preference lacked the code; a later one had it.
	LaterChoice
	// SourceFallback: none of the caller's preferences had the code, so the
	// text is the source language's.
	SourceFallback
)

func (f Fallback) String() string {
	switch f {
	case LaterChoice:
		return "later-choice"
	case SourceFallback:
		return "source"
	}
	return "first-choice"
}

// A Result is the text chosen for a caller and where it came from.
type Result struct {
	Text     string
	Locale   string // the bundle's tag, as Content-Language reports it: "zh-Hant"
	Index    int    // the locale's index in Catalog.Locales
	Fallback Fallback
}

// Params are what a message's template and plural forms read.
type Params struct {
	// Data is what the template's actions read ({{.Max}}): a map or a
	// struct, as text/template takes it.
	Data any
	// Count, when not nil, selects the CLDR plural form in the language
	// that supplies the text and is available as {{.PluralCount}} unless
	// Data has a PluralCount of its own. (go-i18n gives it only when Data
	// is nil, and prints "<no value>" otherwise.) It may be any integer or
	// float type, or a decimal string such as "1.50".
	Count any
}

// A Localizer is one caller's preferences, matched once against a catalog:
// the chain of shipped locales to try, in order, for any number of codes.
// It is a small value that costs nothing to copy and allocates nothing for
// preference values seen before.
type Localizer struct {
	c *Catalog
	// first is the chain of the first preference value; rest the chain of
	// the others, merged (the second's own chain when there are two). Both
	// point at the header cache's immutable chains, so a Localizer is three
	// words: passed in registers with the code and Params, where a value
	// holding the slices themselves was spilled to the stack on each call,
	// a measurable part of a resolution that takes a few nanoseconds.
	first, rest *[]uint16
}

// chains returns l's chains in priority order, for the callers that are not
// on the hot path.
func (l Localizer) chains() [2][]uint16 {
	var all [2][]uint16
	if l.first != nil {
		all[0] = *l.first
	}
	if l.rest != nil {
		all[1] = *l.rest
	}
	return all
}

// Localizer matches the caller's preferences against the catalog. Each
// value is a language tag or a list in Accept-Language syntax (q-values
// allowed), highest priority first: typically an explicit choice (a ?lang=
// parameter or a user's saved setting), then the Accept-Language header,
// read with AcceptLanguage so that every field line counts. Empty values
// are skipped.
func (c *Catalog) Localizer(prefs ...string) Localizer {
	// One call, so that this inlines and the Localizer is built in the
	// caller's registers.
	first, rest := c.prefs.chains(prefs)
	return Localizer{c: c, first: first, rest: rest}
}

// chains returns the chain of the first value and that of the rest. One
// value seen before, the usual call, is answered here: a hash, an atomic
// load or two and a string comparison.
func (cc *chainCache) chains(prefs []string) (first, rest *[]uint16) {
	if len(prefs) != 1 {
		return cc.several(prefs)
	}
	value := prefs[0]
	if value == "" || len(value) > maxCachedKey {
		return cc.uncached(value), nil
	}
	h := maphash.Comparable(cc.seed, value)
	i := h & (cacheSlots - 1)
	if e := cc.slots[i].Load(); e != nil && e.key == value {
		return &e.chain, nil
	}
	if e := cc.slots[i^1].Load(); e != nil && e.key == value {
		return &e.chain, nil
	}
	return cc.miss(value, h), nil
}

// chain returns the chain of one preference value, nil for an empty value.
func (cc *chainCache) chain(value string) *[]uint16 {
	first, _ := cc.chains([]string{value})
	return first
}

// several is chains for none or more than one value.
func (cc *chainCache) several(prefs []string) (first, rest *[]uint16) {
	if len(prefs) == 0 {
		return nil, nil
	}
	first = cc.chain(prefs[0])
	rest = cc.chain(prefs[1])
	for _, p := range prefs[2:] {
		ch := cc.chain(p)
		if ch == nil {
			continue
		}
		// Three or more values: the rest is a merged copy, so that the
		// cache's chains are never written.
		var more []uint16
		if rest != nil {
			more = slices.Clone(*rest)
		}
		more = append(more, *ch...)
		rest = &more
	}
	return first, rest
}

// Localize returns the text of code for the caller. It returns an error
// wrapping ErrUnknownCode only for a code the catalog lacks: for a known
// code there is always text, down to the source language.
//
// The text is always rendered, never the template's source: a field the
// data has no value for renders as nothing, a count that is not a number
// selects the "other" form, and a text over MaxText is cut (see the package
// doc). Then the error, which wraps a *MissingDataError or ErrTextTooLong,
// says what the text lacks, for the caller's logs.
func (l Localizer) Localize(code int, p Params) (Result, error) {
	// The usual answer first: a plain text in the caller's first choice.
	// Every other path (a later choice, the source, rendering, an unknown
	// code) is localize's, so that this function stays small: the calls
	// and temporaries of those paths made the compiler give it a large
	// frame, spilled and zeroed on every call. The dense code table is
	// read here directly (rowIndex.get, written out): get's map branch
	// for sparse codes cost this path 13 instructions in 300.
	c := l.c
	if f := l.first; f != nil && len(*f) > 0 && uint(code) < uint(len(c.rows.dense)) {
		if r := int(c.rows.dense[code]) - 1; r >= 0 {
			loc := int((*f)[0])
			if cl := &c.text[loc][r]; cl.text != "" {
				return Result{Text: cl.text, Locale: c.locales[loc].ID, Index: loc}, nil
			}
		}
	}
	return l.localize(code, p)
}

// localize is Localize's every other path: a sparse code, a text from a
// later choice or the source, a template or plural forms, an unknown code.
//
//go:noinline
func (l Localizer) localize(code int, p Params) (Result, error) {
	c := l.c
	r, ok := c.rows.get(code)
	if !ok {
		return Result{}, unknownCode(code)
	}
	loc, fb := l.pick(r)
	cl := &c.text[loc][r]
	if cl.text != "" {
		return Result{Text: cl.text, Locale: c.locales[loc].ID, Index: loc, Fallback: fb}, nil
	}
	return c.render(code, cl.m, loc, fb, p)
}

//go:noinline
func unknownCode(code int) error {
	return fmt.Errorf("%w %d", ErrUnknownCode, code)
}

// render renders message m of code in locale loc with the caller's
// parameters: Localize's path for a text with a template or plural forms.
//
//go:noinline
func (c *Catalog) render(code int, m *Message, loc int, fb Fallback, p Params) (Result, error) {
	res := Result{Text: m.Other(), Locale: c.locales[loc].ID, Index: loc, Fallback: fb}
	form := plural.Other
	var countErr error
	if p.Count != nil {
		if form, countErr = pluralForm(c.rules[loc], p.Count); countErr != nil {
			form = plural.Other
		}
	}
	text, err := m.render(form, p.Data, p.Count)
	res.Text = text
	if err = errors.Join(countErr, err); err != nil {
		return res, fmt.Errorf("render code %d in %s: %w", code, res.Locale, err)
	}
	return res, nil
}

// pick walks the caller's chain and returns the first locale that has row
// r, or the source.
func (l Localizer) pick(r int) (int, Fallback) {
	text := l.c.text
	first := true
	for _, ch := range l.chains() {
		for _, loc := range ch {
			if text[loc][r].m != nil {
				if first {
					return int(loc), FirstChoice
				}
				return int(loc), LaterChoice
			}
			first = false
		}
	}
	if first {
		return 0, FirstChoice
	}
	return 0, SourceFallback
}

// First returns the index in Catalog.Locales of the caller's first usable
// preference, or of the source when the caller has none: the language of a
// list of every message, whose entries may each fall back on their own.
func (l Localizer) First() int {
	for _, ch := range l.chains() {
		if len(ch) > 0 {
			return int(ch[0])
		}
	}
	return 0
}

// Chain returns the locales resolution tries, as indexes into
// Catalog.Locales, each once, ending with the source: what `errcat resolve`
// prints to explain a header.
func (l Localizer) Chain() []int {
	var out []int
	seen := make([]bool, len(l.c.locales))
	for _, ch := range l.chains() {
		for _, loc := range ch {
			if !seen[loc] {
				seen[loc] = true
				out = append(out, int(loc))
			}
		}
	}
	if !seen[0] {
		out = append(out, 0)
	}
	return out
}

// buildChain turns a preference value into the catalog locales it asks for,
// in the caller's order of preference, each once.
//
// Each language range is matched on its own with x/text's matcher, so that
// every preference gets its closest shipped locale (zh-TW gets zh-Hant,
// pt-PT gets pt-BR) and a message missing from one can fall back to the next.
// A range that matches no shipped locale is skipped rather than mapped to the
// default, and a match in another language (x/text gives Belarusian readers
// Russian) comes after every direct match. "*" stands for the first shipped
// locale (the source first) not already chosen or excluded.
//
// A range with q=0 makes "not acceptable" (RFC 9110 §12.5.4) what it names:
// the locales whose tag it matches by RFC 4647 §3.3.1 basic filtering ("pt"
// names pt-BR; "pt-PT" does not, so "pt-PT;q=0, pt-BR" still gives pt-BR).
// An acceptable range that names such a locale more specifically (more
// subtags) wins over the exclusion, as the longest matching range decides a
// tag's quality in RFC 2616 §14.4 and in jshttp/negotiator: "zh;q=0, zh-TW"
// gives zh-Hant. A tie keeps the exclusion. See exclude.
func (c *Catalog) buildChain(value string) []uint16 {
	prefs := parsePreferences(value)
	if len(prefs) == 0 {
		return nil
	}
	// Both slices are small and stay in this function, so the compiler
	// can keep them on the stack.
	excluded := make([]bool, len(c.locales))
	c.exclude(prefs, excluded)
	chosen := make([]bool, len(c.locales))
	var chain []uint16
	add := func(l int) {
		if !excluded[l] && !chosen[l] {
			chosen[l] = true
			chain = append(chain, uint16(l))
		}
	}
	// x/text also matches across languages where speakers of one commonly
	// read another (sw to en, be to ru, gl to es). Such a guess must not
	// beat a language the caller named, so guesses go after every direct
	// match, in the caller's order.
	var guesses []int
	for _, p := range prefs {
		switch {
		case p.q == 0:
		case p.wildcard:
			for l := range c.locales {
				if !excluded[l] && !chosen[l] {
					add(l)
					break
				}
			}
		default:
			m := c.matchRange(p.rng)
			switch {
			case m.locale < 0:
			case excluded[m.locale]:
				// Lookup's pick is not acceptable; another locale the
				// range names by filtering may be ("zh-Hans;q=0, zh"
				// gives zh-Hant).
				if l := c.filterPick(m, excluded); l >= 0 {
					add(l)
				}
			case m.direct:
				add(m.locale)
			default:
				guesses = append(guesses, m.locale)
			}
		}
	}
	for _, l := range guesses {
		add(l)
	}
	return chain
}

// exclude sets excluded[l] for each locale l the preferences make not
// acceptable: a q=0 range names it and no acceptable range names it more
// specifically.
func (c *Catalog) exclude(prefs []preference, excluded []bool) {
	// zero[l] is the specificity of the most specific q=0 range naming l.
	var zero []uint8
	for _, p := range prefs {
		if p.q != 0 || p.wildcard {
			continue
		}
		m := c.matchRange(p.rng)
		if !m.parsed {
			// A range x/text cannot parse names no shipped locale: an
			// unknown variant ("de-foobar;q=0") must not widen to the
			// whole language, as lookup's truncation would.
			continue
		}
		filter := m.filter.String()
		for l, canon := range c.prefs.canon {
			if filterMatches(filter, canon) {
				if zero == nil {
					zero = make([]uint8, len(c.locales))
				}
				zero[l] = max(zero[l], m.filterSpec)
			}
		}
	}
	if zero == nil {
		return
	}
	for l := range excluded {
		excluded[l] = zero[l] > 0
	}
	for _, p := range prefs {
		if p.q == 0 || p.wildcard {
			continue
		}
		m := c.matchRange(p.rng)
		var filter string
		if m.parsed {
			filter = m.filter.String()
		}
		for l, canon := range c.prefs.canon {
			if !excluded[l] {
				continue
			}
			// An acceptable range names l by filtering, or by being what
			// x/text calls l exactly (zh-TW is zh-Hant, cmn-Hans-CN is
			// zh-Hans).
			if m.parsed && filterMatches(filter, canon) && m.filterSpec > zero[l] ||
				m.locale == l && m.exact && m.spec > zero[l] {
				excluded[l] = false
			}
		}
	}
}

// filterPick returns the first acceptable locale, in catalog order, that
// range m names by filtering, or -1.
func (c *Catalog) filterPick(m rangeMatch, excluded []bool) int {
	if !m.parsed {
		return -1
	}
	filter := m.filter.String()
	for l, canon := range c.prefs.canon {
		if !excluded[l] && filterMatches(filter, canon) {
			return l
		}
	}
	return -1
}

// filterMatches reports whether the language range rng matches tag by RFC
// 4647 §3.3.1 basic filtering: rng equals tag or a prefix of it that ends
// at a hyphen. Both are x/text canonical forms, so case needs no folding.
func filterMatches(rng, tag string) bool {
	return tag == rng || len(tag) > len(rng) && tag[len(rng)] == '-' && tag[:len(rng)] == rng
}

// canonical is the form in which ranges and locales are compared: x/text's
// canonicalization with macrolanguages (cmn is zh), extlang forms
// (zh-cmn-Hans is cmn-Hans, so zh-Hans), deprecated and legacy codes, and
// suppressed scripts (de-Latn is de).
const canonical = language.All

// matchRange matches one language range against the shipped locales, the
// way RFC 4647 §3.4 lookup does: when x/text cannot parse the range (a
// well-formed but unregistered subtag, as in "de-DE-foobar") or matches it
// to no shipped locale, the range is truncated subtag by subtag from the
// right and tried again, so "de-DE-foobar" gets de.
func (c *Catalog) matchRange(rng string) rangeMatch {
	if !c.privateUse && isPrivateUse(rng) {
		return rangeMatch{locale: -1}
	}
	rng = stripExtensions(rng)
	if m, ok := c.prefs.ranges.get(rng); ok {
		return m
	}
	m := rangeMatch{locale: -1}
	tag, err := language.Parse(rng)
	if err == nil {
		m.filter, _ = canonical.Canonicalize(tag)
		m.parsed, m.filterSpec = true, specificity(m.filter)
	}
	// Only a well-formed range is truncated; a parse of the whole range
	// is what every range gets, and on the common path the only one.
	truncatable := wellFormed(rng)
	for cand := rng; ; {
		if err == nil {
			if _, l, conf := c.matcher.Match(tag); conf != language.No {
				canon := m.filter
				if cand != rng {
					canon, _ = canonical.Canonicalize(tag)
				}
				m.locale = l
				m.direct = base(canon) == base(c.prefs.tags[l])
				m.exact = conf == language.Exact
				m.spec = specificity(canon)
				break
			}
		}
		if !truncatable {
			break
		}
		if cand = truncate(cand, err); cand == "" {
			break
		}
		tag, err = language.Parse(cand)
	}
	c.prefs.ranges.put(rng, m)
	return m
}

// truncate removes the last subtag of a range, and a single-letter subtag
// left before it, as RFC 4647 §3.4 lookup does. When x/text named the
// subtag it does not know, every candidate that still holds it would fail
// too, so truncate cuts it and all after it at once: the same result in
// fewer parses, which keeps a crafted range from costing one parse per
// subtag.
func truncate(rng string, err error) string {
	var ve language.ValueError
	if errors.As(err, &ve) {
		if i := subtagIndex(rng, ve.Subtag()); i >= 0 {
			rng = rng[:max(i-1, 0)]
			return trimSingleton(rng)
		}
	}
	i := strings.LastIndexByte(rng, '-')
	if i < 0 {
		return ""
	}
	return trimSingleton(rng[:i])
}

// trimSingleton removes a final single-character subtag ("de-x" is "de").
func trimSingleton(rng string) string {
	if n := len(rng); n >= 2 && rng[n-2] == '-' {
		return rng[:n-2]
	}
	return rng
}

// subtagIndex returns the offset of the first subtag of rng equal to sub,
// ignoring case, or -1.
func subtagIndex(rng, sub string) int {
	for i := 0; i < len(rng); {
		j := strings.IndexByte(rng[i:], '-')
		if j < 0 {
			j = len(rng) - i
		}
		if strings.EqualFold(rng[i:i+j], sub) {
			return i
		}
		i += j + 1
	}
	return -1
}

// wellFormed reports whether rng has the syntax of a basic language range
// (RFC 4647 §2.1): a primary subtag of 1 to 8 letters, then subtags of 1 to
// 8 letters or digits. Lookup truncates only ranges of that shape; others
// are not language ranges at all.
func wellFormed(rng string) bool {
	n, primary := 0, true // the current subtag's length; whether it is the first
	for i := range len(rng) {
		c := rng[i]
		switch {
		case c == '-':
			if n == 0 {
				return false
			}
			n, primary = 0, false
			continue
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' && !primary:
		default:
			return false
		}
		if n++; n > 8 {
			return false
		}
	}
	return n > 0
}

// specificity counts the subtags of a tag that narrow it: its language,
// script, region and variants.
func specificity(t language.Tag) uint8 {
	b, s, r := t.Raw()
	n := 0
	if b != (language.Base{}) {
		n++
	}
	if s != (language.Script{}) {
		n++
	}
	if r != (language.Region{}) {
		n++
	}
	return uint8(min(n+len(t.Variants()), 255))
}

// stripExtensions cuts a range at its first singleton subtag ("en-US-x-foo"
// and "de-DE-u-co-phonebk" become "en-US" and "de-DE"). Extensions and
// private parts do not change which shipped locale matches, and cutting
// them lets such ranges share the range cache instead of each costing a
// parse and a match.
func stripExtensions(rng string) string {
	for i := 0; i+2 < len(rng); i++ {
		if rng[i] == '-' && rng[i+2] == '-' {
			return rng[:i]
		}
	}
	return rng
}

func base(t language.Tag) language.Base {
	b, _ := t.Base()
	return b
}

// chainCache remembers the chain of each preference value seen recently, so
// that the common case (the same few browser headers over and over) costs a
// hash, an atomic load and a string comparison, without allocating or
// locking.
//
// It is a fixed table of slots, two per hash (a 2-way set-associative cache):
// a new value takes a free slot of its pair or overwrites one, so a stream of
// unique values, such as an attacker's, evicts old entries instead of growing
// memory. Entries are immutable once published, so readers need no lock.
type chainCache struct {
	c    *Catalog
	seed maphash.Seed
	// slots is an array, not a slice: an index masked to its size needs
	// no bounds check.
	slots *[cacheSlots]atomic.Pointer[cacheEntry]
	// ranges caches what each language range ("en-US", "zh;q=0.9" is
	// "zh") matches, so that a header never seen before but made of common
	// ranges, the usual miss, skips parsing and matching them again.
	ranges *rangeCache
	// tags and canon are each locale's tag in canonical form, and its
	// string, computed once: what ranges are compared with.
	tags  []language.Tag
	canon []string
}

type cacheEntry struct {
	key   string
	chain []uint16
}

const (
	cacheSlots = 4096
	// maxCachedKey keeps long values out of the cache, so that its keys
	// take at most a megabyte. Real headers are far shorter.
	maxCachedKey = 256
)

func newChainCache(c *Catalog) *chainCache {
	cc := &chainCache{
		c:      c,
		seed:   maphash.MakeSeed(),
		slots:  new([cacheSlots]atomic.Pointer[cacheEntry]),
		ranges: newRangeCache(),
		tags:   make([]language.Tag, len(c.locales)),
		canon:  make([]string, len(c.locales)),
	}
	for l, loc := range c.locales {
		cc.tags[l], _ = canonical.Canonicalize(loc.Tag)
		cc.canon[l] = cc.tags[l].String()
	}
	return cc
}

// uncached returns the chain of a value the cache does not hold: none for
// an empty value, a fresh one for a value too long to keep.
//
//go:noinline
func (cc *chainCache) uncached(value string) *[]uint16 {
	if value == "" {
		return nil
	}
	chain := cc.c.buildChain(value)
	return &chain
}

// miss builds the chain of a value with hash h and stores it in one of the
// value's two slots.
//
//go:noinline
func (cc *chainCache) miss(value string, h uint64) *[]uint16 {
	i := h & (cacheSlots - 1)
	j := i ^ 1
	// Clone the key: the value may be a slice of a larger request buffer.
	e := &cacheEntry{key: strings.Clone(value), chain: cc.c.buildChain(value)}
	switch {
	case cc.slots[i].Load() == nil:
		cc.slots[i].Store(e)
	case cc.slots[j].Load() == nil:
		cc.slots[j].Store(e)
	case h&(cacheSlots<<1) == 0:
		// Which of the pair to evict comes from a hash bit the slot
		// index does not use: cheap, and unpredictable without the seed.
		cc.slots[i].Store(e)
	default:
		cc.slots[j].Store(e)
	}
	return &e.chain
}

// size returns how many values the cache holds; tests use it.
func (cc *chainCache) size() int {
	n := 0
	for i := range cc.slots {
		if cc.slots[i].Load() != nil {
			n++
		}
	}
	return n
}

// A rangeMatch is what one language range matches in the catalog.
type rangeMatch struct {
	// locale is the shipped locale lookup finds for the range, -1 for none.
	locale int
	direct bool  // the match is in the range's own language
	exact  bool  // x/text's confidence is Exact: the range is that locale
	spec   uint8 // the specificity of the range (as truncated) that matched
	// filter is the whole range in canonical form, when x/text can parse
	// it (parsed); q=0 excludes the locales it matches by filtering.
	filter     language.Tag
	parsed     bool
	filterSpec uint8
}

// rangeCache is chainCache's table for single language ranges.
type rangeCache struct {
	seed  maphash.Seed
	slots []atomic.Pointer[rangeEntry]
}

type rangeEntry struct {
	key   string
	match rangeMatch
}

const rangeSlots = 1024

func newRangeCache() *rangeCache {
	return &rangeCache{seed: maphash.MakeSeed(), slots: make([]atomic.Pointer[rangeEntry], rangeSlots)}
}

func (rc *rangeCache) get(rng string) (rangeMatch, bool) {
	i := maphash.String(rc.seed, rng) & (rangeSlots - 1)
	if e := rc.slots[i].Load(); e != nil && e.key == rng {
		return e.match, true
	}
	return rangeMatch{}, false
}

func (rc *rangeCache) put(rng string, m rangeMatch) {
	i := maphash.String(rc.seed, rng) & (rangeSlots - 1)
	rc.slots[i].Store(&rangeEntry{key: strings.Clone(rng), match: m})
}
