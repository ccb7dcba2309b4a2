package status

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"

	"golang.org/x/text/feature/plural"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/coverage"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/lint"
	"github.com/errcat/errcat/internal/envelope"
)

// A model is everything the pages show about one catalog, computed once when
// a page first asks for that catalog and shared by every request after. It
// is never changed after build returns.
type model struct {
	cat     *catalog.Catalog
	Version string
	Total   int // codes in the source
	Locales []localeRow
	Codes   []codeRow
	byCode  map[int]int // code -> index in Codes
	// rowHTML[r] is the grid's row for Codes[r] with every locale, which
	// most views of the overview show: rendered once here, it spares
	// each request a thousand cells' worth of template work.
	rowHTML []template.HTML
}

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

// build computes the model of c. Lint runs over the catalog's own bundles,
// the ones it was built from, so the findings describe exactly the snapshot
// being served and no file is read: the directory may already hold the next
// version.
func build(c *catalog.Catalog) *model {
	locs := c.Locales()
	codes := c.Codes()
	m := &model{
		cat:     c,
		Version: c.Version(),
		Total:   len(codes),
		Locales: make([]localeRow, len(locs)),
		Codes:   make([]codeRow, len(codes)),
		byCode:  make(map[int]int, len(codes)),
	}

	// Findings by bundle file, then by message ID.
	fileIndex := make(map[string]int, len(locs))
	for l, loc := range locs {
		fileIndex[loc.File] = l
	}
	diags := lint.Catalog(c)
	byCell := make([]map[string][]diag.Diagnostic, len(locs))
	for l := range byCell {
		byCell[l] = map[string][]diag.Diagnostic{}
	}
	for _, d := range diags {
		l, ok := fileIndex[d.File]
		if !ok {
			continue
		}
		row := &m.Locales[l]
		row.Findings++
		if d.Severity == diag.Warning {
			row.Warnings++
		} else {
			row.Errors++
		}
		if d.ID != "" {
			byCell[l][d.ID] = append(byCell[l][d.ID], d)
		}
	}

	for r, code := range codes {
		id := strconv.Itoa(code)
		row := codeRow{Code: code, ID: id, Source: c.Message(0, code), Cells: make([]cell, len(locs))}
		if f, ok := c.Fact(code); ok {
			row.Name, row.Status, row.NameDerived = f.Name, f.Status, f.Derived
		}
		for l, loc := range locs {
			msg := c.Message(l, code)
			cl := cell{Message: msg, Missing: msg == nil, Findings: byCell[l][id]}
			if msg != nil && l > 0 {
				cl.Stale = catalog.IsStale(msg, row.Source)
			}
			// The server answers ?lang= with a Localizer; so does this.
			res, _ := c.Localizer(loc.ID).Localize(code, catalog.Params{})
			cl.Envelope, cl.Served = string(envelope.Append(nil, res.Text, code, nil)), res.Locale
			if cl.Problem() {
				row.Problems++
			}
			row.Cells[l] = cl
		}
		m.Codes[r] = row
		m.byCode[code] = r
	}

	for l, loc := range locs {
		cov := coverage.Of(c, l)
		row := &m.Locales[l]
		row.Index, row.ID, row.Name, row.File, row.Source = l, loc.ID, loc.Name, loc.File, cov.Source
		row.Total, row.Translated, row.Percent = cov.Total, cov.Translated, cov.Percent()
		row.Missing, row.Stale, row.Obsolete = len(cov.Missing), len(cov.Stale), len(cov.Obsolete)
		for r := range m.Codes {
			if cl := &m.Codes[r].Cells[l]; !cl.Missing && !cl.Stale {
				if len(cl.Findings) > 0 {
					row.Flagged++
				} else {
					row.Clean++
				}
			}
		}
		x := 0
		for _, s := range []segment{{"clean", 0, row.Clean}, {"flagged", 0, row.Flagged}, {"stale", 0, row.Stale}, {"missing", 0, row.Missing}} {
			if s.W > 0 {
				s.X = x
				row.Bar = append(row.Bar, s)
				x += s.W
			}
		}
	}
	return m
}

// renderRows renders each code's row of the grid with the "row" template.
// The result is html/template's own output, escaped in the context the
// overview inserts it in (between rows of a table body), so it is safe to
// pass on as template.HTML.
func (m *model) renderRows(row *template.Template) error {
	m.rowHTML = make([]template.HTML, len(m.Codes))
	var buf bytes.Buffer
	for r := range m.Codes {
		data := struct {
			Row    *codeRow
			Source string
			Cells  []gridCell
		}{Row: &m.Codes[r], Source: m.Locales[0].ID}
		for l := range m.Locales {
			data.Cells = append(data.Cells, gridCell{cell: &m.Codes[r].Cells[l], Locale: &m.Locales[l]})
		}
		buf.Reset()
		if err := row.ExecuteTemplate(&buf, "row", data); err != nil {
			return err
		}
		m.rowHTML[r] = template.HTML(buf.String())
	}
	return nil
}

// locale returns the row of the locale with tag id, or nil.
func (m *model) locale(id string) *localeRow {
	for l := range m.Locales {
		if m.Locales[l].ID == id {
			return &m.Locales[l]
		}
	}
	return nil
}

// code returns the row of code, or nil when the catalog lacks it.
func (m *model) code(code int) *codeRow {
	if r, ok := m.byCode[code]; ok {
		return &m.Codes[r]
	}
	return nil
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
