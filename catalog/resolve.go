package catalog

import (
	"errors"
	"fmt"
	"hash/maphash"
	"strings"
	"sync"

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

// Resolve returns the text of code for a caller. lang is an explicit choice
// (such as a ?lang= parameter or a user's saved setting) that goes before
// accept, an Accept-Language header value; either may be empty, and both may
// list several languages with q-values. It returns an error wrapping
// ErrUnknownCode only for a code the catalog lacks: for a known code there
// is always text, down to the source language.
//
// A message with template actions is rendered with no data; use Localize to
// give it some.
func (c *Catalog) Resolve(code int, lang, accept string) (Result, error) {
	return c.Localize(code, lang, accept, nil, nil)
}

// Localize is Resolve for messages with template data and plural forms.
// data is what the template's actions read ({{.Max}}); count, when not nil,
// selects the CLDR plural form in the language that supplies the text and,
// when data is nil, is available as {{.PluralCount}}, as in go-i18n.
func (c *Catalog) Localize(code int, lang, accept string, data, count any) (Result, error) {
	r, ok := c.row[code]
	if !ok {
		return Result{}, fmt.Errorf("%w %d", ErrUnknownCode, code)
	}
	l, fb := c.pick(r, lang, accept)
	m := c.text[l][r]
	res := Result{Text: m.Other(), Locale: c.locales[l].ID, Index: l, Fallback: fb}
	if m.Plain() {
		return res, nil
	}
	form := plural.Other
	if count != nil {
		f, err := PluralForm(c.locales[l].Tag, count)
		if err != nil {
			return res, err
		}
		form = f
		if data == nil {
			data = map[string]any{"PluralCount": count}
		}
	}
	text, err := m.render(form, data)
	if err != nil {
		// The text is still the best thing to show; the error says why
		// the data did not make it in.
		return res, fmt.Errorf("render code %d in %s: %w", code, res.Locale, err)
	}
	res.Text = text
	return res, nil
}

// pick walks the caller's preferences, explicit choice first, and returns
// the first locale that has row r.
func (c *Catalog) pick(r int, lang, accept string) (int, Fallback) {
	first := true
	for _, h := range [2]string{lang, accept} {
		for _, l := range c.prefs.chain(h) {
			if c.text[l][r] != nil {
				if first {
					return int(l), FirstChoice
				}
				return int(l), LaterChoice
			}
			first = false
		}
	}
	if first {
		return 0, FirstChoice
	}
	return 0, SourceFallback
}

// Chain returns the locales, as indexes into Locales, that a preference
// value (an Accept-Language header or a ?lang= value) asks for, in order.
// Resolution tries them in this order and then the source. It is what
// `errcat resolve` prints to explain a header.
func (c *Catalog) Chain(prefs string) []int {
	var out []int
	for _, l := range c.prefs.chain(prefs) {
		out = append(out, int(l))
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
// Russian) comes after every direct match. q=0 excludes the locale its range matches; "*" stands for the
// first shipped locale (the source first) not already chosen or excluded.
func (c *Catalog) buildChain(value string) []uint16 {
	prefs := parsePreferences(value)
	if len(prefs) == 0 {
		return nil
	}
	excluded := make([]bool, len(c.locales))
	chosen := make([]bool, len(c.locales))
	for _, p := range prefs {
		if p.q == 0 && !p.wildcard {
			if _, l, conf := c.matcher.Match(p.tag); conf >= language.High {
				excluded[l] = true
			}
		}
	}
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
			_, l, conf := c.matcher.Match(p.tag)
			if conf == language.No {
				continue
			}
			if base(p.tag) == base(c.locales[l].Tag) {
				add(l)
			} else {
				guesses = append(guesses, l)
			}
		}
	}
	for _, l := range guesses {
		add(l)
	}
	return chain
}

func base(t language.Tag) language.Base {
	b, _ := t.Base()
	return b
}

// chainCache remembers the chain of each preference value seen recently, so
// that the common case (the same few browser headers over and over) costs a
// map lookup and no allocation. It is bounded: a stream of unique values,
// such as an attacker's, evicts old entries instead of growing memory.
type chainCache struct {
	c      *Catalog
	seed   maphash.Seed
	shards [cacheShards]cacheShard
}

const (
	cacheShards   = 16
	cacheShardCap = 256 // 4,096 values in all
	// maxCachedKey keeps long values out of the cache, so that it holds at
	// most about a megabyte of keys. Real headers are far shorter.
	maxCachedKey = 256
)

type cacheShard struct {
	mu sync.RWMutex
	m  map[string][]uint16
}

func newChainCache(c *Catalog) *chainCache {
	cc := &chainCache{c: c, seed: maphash.MakeSeed()}
	for i := range cc.shards {
		cc.shards[i].m = make(map[string][]uint16, cacheShardCap)
	}
	return cc
}

func (cc *chainCache) chain(value string) []uint16 {
	if value == "" {
		return nil
	}
	if len(value) > maxCachedKey {
		return cc.c.buildChain(value)
	}
	s := &cc.shards[maphash.String(cc.seed, value)%cacheShards]
	s.mu.RLock()
	chain, ok := s.m[value]
	s.mu.RUnlock()
	if ok {
		return chain
	}
	chain = cc.c.buildChain(value)
	s.mu.Lock()
	if len(s.m) >= cacheShardCap {
		// Map iteration starts at a random place, so this evicts a
		// random entry: no bookkeeping on the hit path, and no order an
		// attacker can exploit.
		for k := range s.m {
			delete(s.m, k)
			break
		}
	}
	// Clone the key: the value may be a slice of a larger request buffer.
	s.m[strings.Clone(value)] = chain
	s.mu.Unlock()
	return chain
}

// size returns how many values the cache holds; tests use it.
func (cc *chainCache) size() int {
	n := 0
	for i := range cc.shards {
		cc.shards[i].mu.RLock()
		n += len(cc.shards[i].m)
		cc.shards[i].mu.RUnlock()
	}
	return n
}
