package status

import (
	"html/template"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/search"
)

// The grid's state filter: which cells make a code worth a row.
var states = []struct{ Value, Label string }{
	{"", "Any state"},
	{"problems", "Any problem"},
	{"missing", "Missing"},
	{"stale", "Stale"},
	{"flagged", "Lint findings"},
}

// maxQuery bounds the search text, in bytes; a longer one is cut at a rune.
const maxQuery = 200

// maxHits bounds the search results listed; the grid still shows every code
// that matches.
const maxHits = 60

// A filter is what the overview's form asks for, read from the URL's query
// so that it works without JavaScript and can be bookmarked. Values that do
// not name a locale or state are ignored rather than refused.
type filter struct {
	Q      string
	Locale string // a locale's tag, or "" for all
	State  string // one of states' values
}

func parseFilter(m *model, q url.Values) filter {
	f := filter{Q: strings.TrimSpace(q.Get("q"))}
	if len(f.Q) > maxQuery {
		cut := maxQuery
		for cut > 0 && !utf8.RuneStart(f.Q[cut]) {
			cut--
		}
		f.Q = f.Q[:cut]
	}
	if !utf8.ValidString(f.Q) {
		f.Q = strings.ToValidUTF8(f.Q, "\uFFFD")
	}
	if loc := q.Get("locale"); m.locale(loc) != nil {
		f.Locale = loc
	}
	for _, s := range states {
		if s.Value == q.Get("state") {
			f.State = s.Value
		}
	}
	return f
}

// Active reports whether the filter hides anything.
func (f filter) Active() bool { return f.Q != "" || f.Locale != "" || f.State != "" }

func (f filter) wants(c *cell) bool {
	switch f.State {
	case "problems":
		return c.Problem()
	case "missing":
		return c.Missing
	case "stale":
		return c.Stale
	case "flagged":
		return len(c.Findings) > 0
	}
	return true
}

// An overview is the data of the page at /.
type overview struct {
	*model
	Filter  filter
	States  []struct{ Value, Label string }
	Columns []*localeRow // the grid's locale columns
	Rows    []gridRow
	Hits    []hit // search results, grouped by code
	Matched int   // codes that match the search
	More    int   // results beyond maxHits, not listed
}

// Selected returns the locale the grid is filtered to, or nil.
func (o *overview) Selected() *localeRow { return o.locale(o.Filter.Locale) }

// StateLabel names the state the grid is filtered to.
func (o *overview) StateLabel() string {
	for _, s := range states {
		if s.Value == o.Filter.State {
			return s.Label
		}
	}
	return ""
}

// Empty says why the grid has no row.
func (o *overview) Empty() string {
	if o.Filter.Q != "" {
		return "No code matches."
	}
	what := map[string]string{
		"problems": "missing, stale or flagged by lint",
		"missing":  "missing",
		"stale":    "stale",
		"flagged":  "flagged by lint",
	}[o.Filter.State]
	where := "in any locale"
	if l := o.Selected(); l != nil {
		where = "in " + l.Name + " (" + l.ID + ")"
	}
	return "Nothing to do: no code is " + what + " " + where + "."
}

type gridRow struct {
	*codeRow
	Cells []gridCell
	// HTML is the row with every locale's column, rendered with the model;
	// empty when the grid shows one locale.
	HTML template.HTML
}

type gridCell struct {
	*cell
	Locale *localeRow
}

// A hit is one code that matches the search, with each text that matched.
type hit struct {
	Code    *codeRow
	Matches []match
}

// A match is one text that contains the search text, cut around it so that
// the page can mark it.
type match struct {
	What   string // "code", "description" or a locale's tag
	Lang   string // the text's language, for the lang attribute
	Form   string // the plural form, when the message has several
	Before string
	Match  string
	After  string
}

func (m *model) overview(f filter) *overview {
	o := &overview{model: m, Filter: f, States: states}
	for l := range m.Locales {
		if f.Locale == "" || m.Locales[l].ID == f.Locale {
			o.Columns = append(o.Columns, &m.Locales[l])
		}
	}
	var pat *search.Pattern
	if f.Q != "" {
		// Root collation with case, accents and width ignored: someone
		// looking for "munchen" or "ＡＢＣ" in a page of ten languages
		// does not think in any one language's rules.
		pat = search.New(language.Und, search.Loose).CompileString(f.Q)
	}
	hits := 0
	for r := range m.Codes {
		row := &m.Codes[r]
		if pat != nil {
			h := hit{Code: row, Matches: m.matches(row, f.Q, pat)}
			if len(h.Matches) == 0 {
				continue
			}
			o.Matched++
			if hits < maxHits {
				if len(h.Matches) > maxHits-hits {
					h.Matches = h.Matches[:maxHits-hits]
				}
				o.Hits = append(o.Hits, h)
			}
			hits += len(h.Matches)
		}
		g := gridRow{codeRow: row}
		if f.Locale == "" {
			g.HTML = m.rowHTML[r]
		}
		keep := f.State == ""
		for _, loc := range o.Columns {
			c := &row.Cells[loc.Index]
			keep = keep || f.wants(c)
			g.Cells = append(g.Cells, gridCell{cell: c, Locale: loc})
		}
		if keep {
			o.Rows = append(o.Rows, g)
		}
	}
	o.More = max(0, hits-maxHits)
	return o
}

// matches returns the texts of row that contain q: its code, its
// description and each locale's text, every plural form.
func (m *model) matches(row *codeRow, q string, pat *search.Pattern) []match {
	var out []match
	if i := strings.Index(row.ID, q); i >= 0 {
		out = append(out, match{What: "code", Before: row.ID[:i], Match: q, After: row.ID[i+len(q):]})
	}
	try := func(mt match, text string) {
		if s, e := pat.IndexString(text); s >= 0 {
			mt.Before, mt.Match, mt.After = text[:s], text[s:e], text[e:]
			out = append(out, mt)
		}
	}
	if row.Source != nil && row.Source.Description != "" {
		try(match{What: "description", Lang: m.Locales[0].ID}, row.Source.Description)
	}
	for l, c := range row.Cells {
		if c.Message == nil {
			continue
		}
		fs := forms(c.Message)
		if fs == nil {
			try(match{What: m.Locales[l].ID, Lang: m.Locales[l].ID}, c.Message.Other())
			continue
		}
		for _, fm := range fs {
			try(match{What: m.Locales[l].ID, Lang: m.Locales[l].ID, Form: fm.Name}, fm.Text)
		}
	}
	return out
}

// A codePage is the data of the page at /codes/{code}.
type codePage struct {
	*model
	Row        *codeRow
	Prev, Next *codeRow
	Cards      []card
}

// A card is one locale's translation of the code.
type card struct {
	Locale *localeRow
	*cell
	Forms []form
}

func (m *model) codePage(row *codeRow) *codePage {
	p := &codePage{model: m, Row: row}
	if r := m.byCode[row.Code]; r > 0 {
		p.Prev = &m.Codes[r-1]
	}
	if r := m.byCode[row.Code]; r+1 < len(m.Codes) {
		p.Next = &m.Codes[r+1]
	}
	for l := range m.Locales {
		c := &row.Cells[l]
		p.Cards = append(p.Cards, card{Locale: &m.Locales[l], cell: c, Forms: forms(c.Message)})
	}
	return p
}
