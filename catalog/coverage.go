package catalog

import "golang.org/x/text/language"

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
	Translated int // codes the locale has text for, stale ones included

	// Missing lists the codes the locale lacks or leaves without "other"
	// text, ascending.
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
	Code    int      // the error code; 0 for an obsolete ID that is not a code
	Source  *Message // the source message; nil for an obsolete one
	Message *Message // the locale's message; nil when the locale lacks the ID
}

// Pos returns where the gap is in the locale's bundle: its message's table,
// or the zero Pos when the locale has no message for the code at all.
func (g Gap) Pos() Pos {
	if g.Message == nil {
		return Pos{}
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

// IsStale reports whether translation was made from a source text other
// than src's current one, by the hash it records.
//
// A translation without a hash has unknown provenance. go-i18n treats it as
// current (its goi18n merge ignores empty hashes, for compatibility with
// go-i18n v1 files), and so does errcat, so that both tools agree on what
// needs translating.
func IsStale(translation, src *Message) bool {
	return translation.Hash != "" && translation.Hash != src.SourceHash()
}

// Coverage returns the coverage of locale l, an index into Locales.
func (c *Catalog) Coverage(l int) Coverage {
	return coverageOf(c.bundles[0], c.codes, c.bundles[l], l == 0)
}
