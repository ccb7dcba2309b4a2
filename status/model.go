package status

import (
	"net/http"
	"slices"
	"strconv"
	"sync"

	"golang.org/x/text/feature/plural"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/lint"
	"github.com/errcat/errcat/internal/envelope"
)

// A model is what the pages show about one catalog. It is built on the
// first request that sees the catalog and shared by every request after,
// and never changes once built, except that its lint findings arrive when
// lint has run.
//
// Building it costs O(locales + messages): the locales' figures come from
// the catalog (which counts them when it is built) and a pass over the
// bundles for obsolete messages. Nothing is computed per code and locale
// up front: a page computes the cells of the codes it shows, a hundred at
// most (pageSize). The one whole-catalog computation, lint, runs once per
// catalog: at once for a small catalog, and in the background for a large
// one, whose pages meanwhile show every state but lint's, and say so. The
// search index (searchIndex) is built on the first search, or for a large
// catalog in the background once lint is done.
type model struct {
	cat     *catalog.Catalog
	Version string
	Total   int // codes in the source
	// base is the locales' rows without lint findings.
	base []localeRow

	lintOnce sync.Once
	lintDone chan struct{} // closed when lint is set
	lint     *findings

	idxOnce sync.Once
	idx     *searchIndex // see searchIndex; built on the first search

	// Unread are the catalog's warnings about files in its folder that
	// look meant as bundles but are not read for their names (it.TOML):
	// a translator's save there changes nothing served, and the page
	// says why rather than look as if the file were not there.
	Unread []diag.Diagnostic
}

// findings are lint.Catalog's findings about a model's catalog, by cell,
// and the locales' rows with them.
type findings struct {
	byCell  []map[string][]diag.Diagnostic // by locale index, then message ID
	locales []localeRow
}

// syncLintCells is the size, in codes × locales, up to which a catalog's
// lint runs before its first page is answered: a catalog of this size
// lints in well under a tenth of a second, and its pages then never show
// a pending state. A larger catalog is linted in the background.
const syncLintCells = 20_000

// A localeRow is one locale's line of the overview. Its counts are those of
// catalog.Coverage, the figures `errcat stats` prints, so that the page and
// the command never disagree.
type localeRow struct {
	Index  int
	ID     string // the bundle's tag, "zh-Hant"
	Name   string // the language's name in itself, "繁體中文"
	File   string // the bundle, as diagnostics name it
	Source bool

	Total      int
	Translated int // stale translations included, as in stats
	Missing    int
	Stale      int
	Obsolete   int
	Percent    float64 // catalog.Coverage.Percent: done, rounded down to a tenth

	// LintPending: lint has not finished with this catalog yet, so the
	// counts of findings below are not known, and Flagged codes count
	// as Clean.
	LintPending bool
	// Lint findings in this locale's bundle, obsolete messages and
	// whole-file findings included.
	Findings int
	Errors   int
	Warnings int

	// Flagged counts codes that are translated and current but have lint
	// findings; Clean those that have none. Clean+Flagged+Stale+Missing is
	// Total: the four segments of the progress bar.
	Clean   int
	Flagged int
	Bar     []segment
}

// A segment is one coloured stretch of a progress bar, in codes.
type segment struct {
	Class string // "clean", "flagged", "stale" or "missing"
	X, W  int
}

// A codeRow is one code with its state in every locale.
type codeRow struct {
	Code   int
	ID     string
	Source *catalog.Message
	// Name and Status are the catalog's facts about the code (its facts
	// file, codes.toml): the Go name `errcat generate` gives its constant
	// and the HTTP status it answers with. NameDerived says the facts file
	// does not name the code, so its name follows its text.
	Name        string
	Status      int
	NameDerived bool
	Cells       []cell // by locale index
	// Problems counts cells that are missing, stale or have findings.
	Problems int
}

// A cell is one code in one locale.
type cell struct {
	Message  *catalog.Message // nil when the locale lacks the code
	Missing  bool
	Stale    bool
	Findings []diag.Diagnostic
	// Envelope is the body GET /v1/errors/{code}?lang={locale} answers,
	// byte for byte, and Served the locale whose text it carries
	// (Content-Language): another one when this locale lacks the code.
	// Only the code's own page fills them.
	Envelope string
	Served   string
}

// Problem reports whether the cell needs a translator: missing, stale or
// with lint findings.
func (c *cell) Problem() bool { return c.Missing || c.Stale || len(c.Findings) > 0 }

// State names the cell's most urgent state, for its CSS class and label.
func (c *cell) State() string {
	switch {
	case c.Missing:
		return "missing"
	case c.Stale:
		return "stale"
	case len(c.Findings) > 0:
		return "flagged"
	}
	return "ok"
}

// build computes the model of c: the locales' figures, and lint, at once
// for a small catalog and in the background for a large one. Lint runs
// over the catalog's own bundles, the ones it was built from, so the
// findings describe exactly the snapshot being served and no file is read:
// the directory may already hold the next version.
func build(c *catalog.Catalog) *model {
	locs := c.Locales()
	m := &model{cat: c, Version: c.Version(), Total: len(c.Codes()), base: make([]localeRow, len(locs)), lintDone: make(chan struct{})}
	for _, d := range c.Warnings() {
		read := slices.ContainsFunc(locs, func(l catalog.Locale) bool { return l.File == d.File })
		if d.Rule == diag.RuleFileName && !read {
			m.Unread = append(m.Unread, d)
		}
	}
	for l, loc := range locs {
		row := &m.base[l]
		row.Index, row.ID, row.Name, row.File, row.Source = l, loc.ID, loc.Name, loc.File, l == 0
		row.Total, row.Translated, row.Stale = m.Total, loc.Translated, loc.Stale
		row.Missing = loc.Missing(m.Total)
		if m.Total == 0 {
			row.Percent = 100
		} else {
			row.Percent = float64((loc.Translated-loc.Stale)*1000/m.Total) / 10
		}
		if l > 0 {
			// As coverage.Compare counts them: a message whose ID is not
			// one of the source's servable codes.
			for _, msg := range c.Bundles()[l].Messages {
				if code, ok := catalog.ParseCode(msg.ID); !ok || !c.Has(code) {
					row.Obsolete++
				}
			}
		}
		row.LintPending = true
		row.Clean = row.Translated - row.Stale
		row.Bar = bar(row)
	}
	if len(c.Codes())*len(locs) <= syncLintCells {
		m.runLint()
	} else {
		// The search index after lint, on the same goroutine, so that
		// the two do not take both cores from the pages: the first search
		// of a large catalog then finds it built (or builds it itself, if
		// it comes first).
		go func() {
			m.runLint()
			m.searchIndex()
		}()
	}
	return m
}

func bar(row *localeRow) []segment {
	var out []segment
	x := 0
	for _, s := range []segment{{"clean", 0, row.Clean}, {"flagged", 0, row.Flagged}, {"stale", 0, row.Stale}, {"missing", 0, row.Missing}} {
		if s.W > 0 {
			s.X = x
			out = append(out, s)
			x += s.W
		}
	}
	return out
}

// runLint lints the catalog and publishes its findings.
func (m *model) runLint() {
	m.lintOnce.Do(func() {
		c := m.cat
		locs := c.Locales()
		f := &findings{byCell: make([]map[string][]diag.Diagnostic, len(locs)), locales: slices.Clone(m.base)}
		fileIndex := make(map[string]int, len(locs))
		for l, loc := range locs {
			fileIndex[loc.File] = l
			f.byCell[l] = map[string][]diag.Diagnostic{}
		}
		for _, d := range lint.Catalog(c) {
			l, ok := fileIndex[d.File]
			if !ok {
				continue
			}
			row := &f.locales[l]
			row.Findings++
			if d.Severity == diag.Warning {
				row.Warnings++
			} else {
				row.Errors++
			}
			if d.ID != "" {
				f.byCell[l][d.ID] = append(f.byCell[l][d.ID], d)
			}
		}
		for l := range f.locales {
			row := &f.locales[l]
			row.LintPending = false
			// Flagged: translated, current, and with findings.
			for id := range f.byCell[l] {
				code, ok := catalog.ParseCode(id)
				if !ok {
					continue
				}
				if msg := c.Message(l, code); msg != nil && !(l > 0 && catalog.IsStale(msg, c.Message(0, code))) {
					row.Flagged++
				}
			}
			row.Clean = row.Translated - row.Stale - row.Flagged
			row.Bar = bar(row)
		}
		m.lint = f
		close(m.lintDone)
	})
}

// A view is one request's look at a model: its lint findings as they were
// when the request began, so that a page is consistent even when lint
// finishes while it is being rendered.
type view struct {
	*model
	f *findings // nil while lint is pending
}

func (m *model) view() view {
	select {
	case <-m.lintDone:
		return view{m, m.lint}
	default:
		return view{m, nil}
	}
}

// waitLint returns a view with lint's findings, waiting for them: for a
// request that cannot be answered without (a filter on lint findings).
func (m *model) waitLint() view {
	<-m.lintDone
	return view{m, m.lint}
}

// Locales returns the locales' rows, with lint's figures when they are in.
func (v view) Locales() []localeRow {
	if v.f != nil {
		return v.f.locales
	}
	return v.base
}

// LintPending reports whether lint's findings are still to come.
func (v view) LintPending() bool { return v.f == nil }

// row returns code's row, r its index in the catalog's codes, with a cell
// for every locale.
func (v view) row(r int) *codeRow {
	c := v.cat
	code := c.Codes()[r]
	id := strconv.Itoa(code)
	row := &codeRow{Code: code, ID: id, Source: c.Message(0, code), Cells: make([]cell, len(c.Locales()))}
	if f, ok := c.Fact(code); ok {
		row.Name, row.Status, row.NameDerived = f.Name, f.Status, f.Derived
	}
	for l := range row.Cells {
		msg := c.Message(l, code)
		cl := cell{Message: msg, Missing: msg == nil}
		if msg != nil && l > 0 {
			cl.Stale = catalog.IsStale(msg, row.Source)
		}
		if v.f != nil {
			cl.Findings = v.f.byCell[l][id]
		}
		if cl.Problem() {
			row.Problems++
		}
		row.Cells[l] = cl
	}
	return row
}

// cellState is the state of code r in locale l, as the filters read it,
// without building the row.
func (v view) cellState(r, l int) cell {
	c := v.cat
	code := c.Codes()[r]
	msg := c.Message(l, code)
	cl := cell{Message: msg, Missing: msg == nil}
	if msg != nil && l > 0 {
		cl.Stale = catalog.IsStale(msg, c.Message(0, code))
	}
	if v.f != nil {
		cl.Findings = v.f.byCell[l][strconv.Itoa(code)]
	}
	return cl
}

// withEnvelopes fills each cell's envelope: the body the server answers
// with a Localizer for the cell's locale, as the API does.
func (v view) withEnvelopes(row *codeRow) {
	locs := v.cat.Locales()
	for l := range row.Cells {
		res, _ := v.cat.Localizer(locs[l].ID).Localize(row.Code, catalog.Params{})
		row.Cells[l].Envelope, row.Cells[l].Served = string(envelope.Append(nil, res.Text, row.Code, nil)), res.Locale
	}
}

// locale returns the row of the locale with tag id, or nil.
func (v view) locale(id string) *localeRow {
	locs := v.Locales()
	for l := range locs {
		if locs[l].ID == id {
			return &locs[l]
		}
	}
	return nil
}

// index returns the index of code in the catalog's codes.
func (m *model) index(code int) (int, bool) {
	return slices.BinarySearch(m.cat.Codes(), code)
}

// A form is one plural form's text, for a message with several.
type form struct {
	Name string
	Text string
}

// forms returns the plural forms a message defines, in CLDR order, or nil
// for a message with "other" alone.
func forms(msg *catalog.Message) []form {
	if msg == nil {
		return nil
	}
	var out []form
	for _, f := range catalog.Forms() {
		if msg.HasForm(f) {
			out = append(out, form{catalog.FormName(f), msg.Text[f]})
		}
	}
	if len(out) == 1 && out[0].Name == catalog.FormName(plural.Other) {
		return nil
	}
	return out
}

// statusLine is "404 Not Found".
func statusLine(code int) string {
	if code == 0 {
		return ""
	}
	return strconv.Itoa(code) + " " + http.StatusText(code)
}
