package status

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"
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

// pageSize is how many codes a page of the grid shows. A page's size and
// cost are those of pageSize codes whatever the catalog's size: at 100
// codes × 10 locales, some 250 KB of HTML.
const pageSize = 100

// A filter is what the overview's form asks for, read from the URL's query
// so that it works without JavaScript and can be bookmarked. Values that do
// not name a locale or state are ignored rather than refused.
type filter struct {
	Q      string
	Locale string // a locale's tag, or "" for all
	State  string // one of states' values
	Page   int    // the grid's page, from 1
}

func parseFilter(v view, q url.Values) filter {
	f := filter{Q: strings.TrimSpace(q.Get("q")), Page: 1}
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
	if loc := q.Get("locale"); v.locale(loc) != nil {
		f.Locale = loc
	}
	for _, s := range states {
		if s.Value == q.Get("state") {
			f.State = s.Value
		}
	}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 {
		f.Page = n
	}
	return f
}

// Active reports whether the filter hides anything.
func (f filter) Active() bool { return f.Q != "" || f.Locale != "" || f.State != "" }

// needsLint reports whether the filter cannot be answered without lint's
// findings.
func (f filter) needsLint() bool { return f.State == "problems" || f.State == "flagged" }

// URL returns the overview's link for the filter at page n.
func (f filter) URL(n int) string {
	q := url.Values{}
	for k, v := range map[string]string{"q": f.Q, "locale": f.Locale, "state": f.State} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if n > 1 {
		q.Set("page", strconv.Itoa(n))
	}
	return "./?" + q.Encode() + "#codes"
}

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
	view
	Filter  filter
	States  []struct{ Value, Label string }
	Columns []*localeRow // the grid's locale columns
	Rows    []gridRow    // this page's
	Hits    []hit        // search results, grouped by code
	Matched int          // codes that match the search
	More    int          // results beyond maxHits, not listed
	Shown   int          // codes the filter keeps, on every page
	Pages   int          // pages of pageSize codes
	First   int          // the 1-based position of the page's first code among Shown
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

// Last is the 1-based position of the page's last code among Shown.
func (o *overview) Last() int { return o.First + len(o.Rows) - 1 }

// Prev and Next are the links to the neighbouring pages, "" for none.
func (o *overview) Prev() string {
	if o.Filter.Page <= 1 {
		return ""
	}
	return o.Filter.URL(o.Filter.Page - 1)
}

func (o *overview) Next() string {
	if o.Filter.Page >= o.Pages {
		return ""
	}
	return o.Filter.URL(o.Filter.Page + 1)
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
	Cells  []gridCell
	source string // the source locale's tag
}

// RowData is what the "row" template reads: the row with every locale's
// column.
func (g gridRow) RowData() rowData { return rowData{Row: g.codeRow, Source: g.source, Cells: g.Cells} }

type rowData struct {
	Row    *codeRow
	Source string
	Cells  []gridCell
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

// overview filters every code and builds the rows of the page asked for.
// The filter's pass costs a few checks per code and locale, a search one
// match per text; only the page's codes are built into rows.
func (v view) overview(f filter) *overview {
	o := &overview{view: v, Filter: f, States: states}
	locs := v.Locales()
	for l := range locs {
		if f.Locale == "" || locs[l].ID == f.Locale {
			o.Columns = append(o.Columns, &locs[l])
		}
	}
	var pat *search.Pattern
	q := withoutIgnorables(f.Q)
	if q != "" {
		// Root collation with case, accents and width ignored: someone
		// looking for "munchen" or "ＡＢＣ" in a page of ten languages
		// does not think in any one language's rules. Default-ignorable
		// code points (a soft hyphen, a zero-width space) are taken out
		// of both the query and the texts first: x/text's collation
		// ignores only some of them.
		pat = search.New(language.Und, search.Loose).CompileString(q)
	} else {
		o.Filter.Q = ""
	}
	// counts[r] is how many texts of code r match: the index answers for
	// every code at once, and only the codes listed in the results are
	// matched text by text, for the marks.
	var counts []int32
	if pat != nil {
		counts = v.searchIndex().count(v, q, pat)
	}
	hits, listed := 0, 0
	var keep []int
	for r := range v.cat.Codes() {
		if pat != nil {
			if counts[r] == 0 {
				continue
			}
			o.Matched++
			if listed < maxHits {
				ms := v.matches(r, q, pat)
				if len(ms) > maxHits-listed {
					ms = ms[:maxHits-listed]
				}
				o.Hits = append(o.Hits, hit{Code: v.row(r), Matches: ms})
				listed += len(ms)
			}
			hits += int(counts[r])
		}
		wanted := f.State == ""
		for _, loc := range o.Columns {
			if wanted {
				break
			}
			cl := v.cellState(r, loc.Index)
			wanted = f.wants(&cl)
		}
		if wanted {
			keep = append(keep, r)
		}
	}
	o.More = hits - listed
	o.Shown = len(keep)
	o.Pages = max(1, (len(keep)+pageSize-1)/pageSize)
	o.Filter.Page = min(f.Page, o.Pages)
	start := (o.Filter.Page - 1) * pageSize
	o.First = start + 1
	for _, r := range keep[start:min(start+pageSize, len(keep))] {
		row := v.row(r)
		g := gridRow{codeRow: row, source: locs[0].ID}
		for _, loc := range o.Columns {
			g.Cells = append(g.Cells, gridCell{cell: &row.Cells[loc.Index], Locale: loc})
		}
		o.Rows = append(o.Rows, g)
	}
	return o
}

// matches returns the texts of code r that contain q: its code, its
// description and each locale's text, every plural form.
func (v view) matches(r int, q string, pat *search.Pattern) []match {
	id := strconv.Itoa(v.cat.Codes()[r])
	var out []match
	if i := strings.Index(id, q); i >= 0 {
		out = append(out, match{What: "code", Before: id[:i], Match: q, After: id[i+len(q):]})
	}
	try := func(mt match, text string) {
		if s, e := indexString(pat, text); s >= 0 {
			mt.Before, mt.Match, mt.After = text[:s], text[s:e], text[e:]
			out = append(out, mt)
		}
	}
	v.texts(r, try)
	return out
}

// texts calls yield with each searchable text of code r, in the order the
// results list them: its description, then each locale's text, every
// plural form. The search index is built from the same walk, so that the
// texts it indexes are the texts a search reads.
func (v view) texts(r int, yield func(mt match, text string)) {
	c := v.cat
	code := c.Codes()[r]
	locs := c.Locales()
	if src := c.Message(0, code); src != nil && src.Description != "" {
		yield(match{What: "description", Lang: locs[0].ID}, src.Description)
	}
	for l := range locs {
		msg := c.Message(l, code)
		if msg == nil {
			continue
		}
		fs := forms(msg)
		if fs == nil {
			yield(match{What: locs[l].ID, Lang: locs[l].ID}, msg.Other())
			continue
		}
		for _, fm := range fs {
			yield(match{What: locs[l].ID, Lang: locs[l].ID, Form: fm.Name}, fm.Text)
		}
	}
}

// indexString finds pat in text with text's default-ignorable code points
// taken out, and returns the match's place in text itself.
func indexString(pat *search.Pattern, text string) (start, end int) {
	folded, at := foldIgnorables(text)
	s, e := pat.IndexString(folded)
	if s < 0 || at == nil {
		return s, e
	}
	return at[s], at[e]
}

// isDefaultIgnorable reports whether r has Unicode's Default_Ignorable_Code_Point
// property, as DerivedCoreProperties.txt derives it: Other_DI, format
// controls (Cf) and variation selectors, less white space, the interlinear
// annotation and Egyptian format controls, and prepended concatenation
// marks. Such a character is invisible: a soft hyphen (U+00AD), a zero-width
// space or joiner (U+200B to U+200D), a byte order mark (U+FEFF), a
// variation selector.
func isDefaultIgnorable(r rune) bool {
	if r < 0xAD {
		return false
	}
	if !unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) && !unicode.Is(unicode.Cf, r) && !unicode.Is(unicode.Variation_Selector, r) {
		return false
	}
	switch {
	case unicode.Is(unicode.White_Space, r),
		0xFFF9 <= r && r <= 0xFFFB,
		0x13430 <= r && r <= 0x13440,
		unicode.Is(unicode.Prepended_Concatenation_Mark, r):
		return false
	}
	return true
}

// withoutIgnorables returns s without its default-ignorable code points.
func withoutIgnorables(s string) string {
	t, _ := foldIgnorables(s)
	return t
}

// foldIgnorables returns s without its default-ignorable code points and,
// when it took any out, the offset in s of each byte of the result, and of
// its end. Every such code point is outside ASCII, so ASCII text costs one
// scan.
func foldIgnorables(s string) (string, []int) {
	i := 0
	for i < len(s) {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if isDefaultIgnorable(r) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s, nil
	}
	var b strings.Builder
	at := make([]int, 0, len(s)+1)
	for j := 0; j < len(s); {
		r, n := utf8.DecodeRuneInString(s[j:])
		if !isDefaultIgnorable(r) {
			b.WriteString(s[j : j+n])
			for k := range n {
				at = append(at, j+k)
			}
		}
		j += n
	}
	return b.String(), append(at, len(s))
}

// A codePage is the data of the page at /codes/{code}.
type codePage struct {
	view
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

func (v view) codePage(r int) *codePage {
	row := v.row(r)
	v.withEnvelopes(row)
	p := &codePage{view: v, Row: row}
	codes := v.cat.Codes()
	if r > 0 {
		p.Prev = &codeRow{Code: codes[r-1], ID: strconv.Itoa(codes[r-1])}
	}
	if r+1 < len(codes) {
		p.Next = &codeRow{Code: codes[r+1], ID: strconv.Itoa(codes[r+1])}
	}
	locs := v.Locales()
	for l := range locs {
		c := &row.Cells[l]
		p.Cards = append(p.Cards, card{Locale: &locs[l], cell: c, Forms: forms(c.Message)})
	}
	return p
}
