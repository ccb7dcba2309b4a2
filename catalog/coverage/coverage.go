// Package coverage tells each locale's standing against the source: which
// codes it translates, which it lacks, which translations are stale and
// which of its messages are for codes the source no longer has. It is what
// `errcat missing`, `errcat stale` and `errcat stats` report, and what the
// status page shows.
//
// Compare works on two bundles already read; Of on a built catalog; Survey
// reads a folder one bundle at a time, so that its memory is the source and
// a bundle or two, never the whole catalog, and keeps each bundle's result
// in a cache between runs.
package coverage

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
)

// Coverage is one locale's standing against the source: which codes it
// translates, which it lacks, which translations are stale and which
// messages it has for codes the source no longer defines. It is what
// `errcat missing`, `errcat stale` and `errcat stats` report.
type Coverage struct {
	Locale string       // the bundle's tag, "ja"
	Tag    language.Tag // the same, parsed
	File   string       // the bundle, as diagnostics name it
	Source bool         // the locale is the source itself

	Total      int // codes in the source
	Translated int // codes the locale translates (catalog.IsTranslated), stale ones included

	// Missing lists the codes the locale lacks, leaves without "other"
	// text, or translates with a flaw (catalog.Flaws: the catalog serves
	// the fallback for it), ascending.
	Missing []Gap
	// Stale lists the translations made from an older source text,
	// ascending by code. They are still served: a stale translation is
	// better than none.
	Stale []Gap
	// Obsolete lists the locale's messages whose ID the source does not
	// have, in ID order. go-i18n drops them; so does resolution.
	Obsolete []Gap
}

// A Gap is one message a translator has to act on.
type Gap struct {
	ID      string
	Code    int              // the error code; 0 for an obsolete ID that is not a code
	Source  *catalog.Message // the source message; nil for an obsolete one
	Message *catalog.Message // the locale's message; nil when the locale lacks the ID

	// Previous is, for a stale translation, the source message as it was
	// when the translation was made, when a tool found it (in git, by
	// package history); nil when not known.
	Previous *catalog.Message
}

// Pos returns where the gap is in the locale's bundle: its message's table,
// or the zero Pos when the locale has no message for the code at all.
func (g Gap) Pos() catalog.Pos {
	if g.Message == nil {
		return catalog.Pos{}
	}
	return g.Message.Pos
}

// Done returns how many codes have an up-to-date translation: translated and
// not stale.
func (c *Coverage) Done() int { return c.Translated - len(c.Stale) }

// Percent returns Done as a percentage of Total, rounded down to a tenth so
// that only a complete locale shows 100.
func (c *Coverage) Percent() float64 {
	if c.Total == 0 {
		return 100
	}
	return float64(c.Done()*1000/c.Total) / 10
}

// Complete reports whether the locale has nothing to do: nothing missing,
// stale or obsolete.
func (c *Coverage) Complete() bool {
	return len(c.Missing) == 0 && len(c.Stale) == 0 && len(c.Obsolete) == 0
}

// Of returns the coverage of locale l of c, an index into c.Locales().
func Of(c *catalog.Catalog, l int) Coverage {
	b := c.Bundles()
	return Compare(b[0], c.Codes(), b[l], l == 0)
}

// New returns the coverage of a locale that has no bundle yet, to be
// written to file: every code of the source is missing.
func New(src *catalog.Bundle, codes []int, tag language.Tag, file string) Coverage {
	cov := Coverage{Locale: tag.String(), Tag: tag, File: file, Total: len(codes)}
	for _, code := range codes {
		id := strconv.Itoa(code)
		cov.Missing = append(cov.Missing, Gap{ID: id, Code: code, Source: src.Lookup(id)})
	}
	return cov
}

// Compare compares bundle b with the source src, whose servable codes are
// codes (catalog.SourceCodes): the one computation behind Of and Survey.
func Compare(src *catalog.Bundle, codes []int, b *catalog.Bundle, isSource bool) Coverage {
	cov := Coverage{Locale: b.Tag.String(), Tag: b.Tag, File: b.File, Source: isSource, Total: len(codes)}
	inSource := make(map[string]bool, len(codes))
	for _, code := range codes {
		id := strconv.Itoa(code)
		inSource[id] = true
		s := src.Lookup(id)
		m := b.Lookup(id)
		switch {
		case !catalog.IsTranslated(m, s):
			cov.Missing = append(cov.Missing, Gap{ID: id, Code: code, Source: s, Message: m})
		case isSource:
			cov.Translated++
		default:
			cov.Translated++
			if catalog.IsStale(m, s) {
				cov.Stale = append(cov.Stale, Gap{ID: m.ID, Code: code, Source: s, Message: m})
			}
		}
	}
	if !isSource {
		for _, m := range b.Messages {
			if !inSource[m.ID] {
				code, _ := catalog.ParseCode(m.ID)
				cov.Obsolete = append(cov.Obsolete, Gap{ID: m.ID, Code: code, Message: m})
			}
		}
		slices.SortFunc(cov.Obsolete, func(a, b Gap) int {
			return cmp.Or(cmp.Compare(a.Code, b.Code), cmp.Compare(a.ID, b.ID))
		})
	}
	return cov
}

// ToDo returns the gaps a translator has to fill, missing and stale
// together, ascending by code.
func (c *Coverage) ToDo() []Gap {
	a, b := c.Missing, c.Stale
	out := make([]Gap, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0].Code < b[0].Code {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// detach copies what a coverage keeps of its bundle's messages. A message's
// strings are substrings of its whole file, so keeping one would keep the
// file in memory after the survey has moved on to the next.
func detach(cov *Coverage) {
	for _, gaps := range [][]Gap{cov.Missing, cov.Stale, cov.Obsolete} {
		for i := range gaps {
			gaps[i].ID = strings.Clone(gaps[i].ID)
			if m := gaps[i].Message; m != nil {
				gaps[i].Message = m.Clone()
			}
		}
	}
}
