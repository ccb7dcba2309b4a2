// Package scaffold starts a catalog from a table of error codes a team
// already has, the work of `errcat init`: a Markdown table such as
//
//	Code | Description |
//	---|---|
//	1000 | The system is busy, please try again later |
//	2004 | User does not exist |
//
// or a CSV file (code,message[,name,status]), becomes the source bundle and
// the facts file (catalog.FactsFile) of a new catalog.
//
// A table's columns are found by their header: code (required); the text,
// as message, description, text or the source language's tag; and,
// optionally, name (the Go name), status (the HTTP status) and note
// (context for translators, the bundle's description). A CSV file without
// a header row has the columns code, message, name, status, note, in that
// order, as many as it has. Names a table does not give are derived from
// the text (catalog.DeriveName), and statuses it does not give are 500;
// the facts file then lists them all, so that a team can correct them in
// one place, and a name stays put when its text changes.
package scaffold

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"go/token"
	"io"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/internal/tomlfile"
)

// RuleTable is the rule of every finding about a table.
const RuleTable = "table"

// A Row is one code of a table.
type Row struct {
	Code   int
	Text   string
	Name   string // "" when the table gives none
	Status int    // 0 when the table gives none
	Note   string // context for translators; "" for none
	Pos    diag.Pos
}

// The columns a table may have.
const (
	colCode = iota
	colText
	colName
	colStatus
	colNote
	numCols
)

// headers are the names each column goes by, lower case.
var headers = [numCols][]string{
	colCode:   {"code", "error code", "id"},
	colText:   {"message", "description", "text", "english"},
	colName:   {"name", "go name", "constant"},
	colStatus: {"status", "http status", "http"},
	colNote:   {"note", "notes", "context", "translator note"},
}

// columnOf returns the column a header names, or -1.
func columnOf(header string, source language.Tag) int {
	h := strings.ToLower(strings.Join(strings.Fields(header), " "))
	if h == strings.ToLower(source.String()) {
		return colText
	}
	for c, names := range headers {
		if slices.Contains(names, h) {
			return c
		}
	}
	return -1
}

// A table is a parsed table: its rows, and diagnostics for what is wrong.
type table struct {
	file   string
	source language.Tag
	rows   []Row
	diags  []diag.Diagnostic
	byCode map[int]diag.Pos
}

func (t *table) errorf(p diag.Pos, id, format string, args ...any) {
	t.diags = append(t.diags, diag.At(t.file, p, diag.Error, id, RuleTable, format, args...))
}

// layout maps a header row's cells to columns; nil when the row is not the
// header of a table of codes (it has no code column). The positions are
// those of the cells, for errors about them.
func (t *table) layout(cells []string, pos []diag.Pos) []int {
	cols := make([]int, len(cells))
	seen := [numCols]bool{}
	ok := true
	for i, c := range cells {
		cols[i] = columnOf(c, t.source)
		if cols[i] < 0 {
			continue
		}
		if seen[cols[i]] {
			t.errorf(pos[i], "", "column %q repeats another column's meaning", c)
			ok = false
		}
		seen[cols[i]] = true
	}
	if !seen[colCode] {
		return nil
	}
	for i, c := range cells {
		if cols[i] < 0 {
			t.errorf(pos[i], "", "column %q is not one errcat init reads (code, message, name, status, note): rename or remove it, so that nothing in it is lost unseen", c)
			ok = false
		}
	}
	if !seen[colText] {
		t.errorf(pos[0], "", "the table has no message column (message, description, text or %s)", t.source)
		ok = false
	}
	if !ok {
		return []int{}
	}
	return cols
}

// row reads one data row laid out as cols.
func (t *table) row(cols []int, cells []string, pos []diag.Pos, line diag.Pos) {
	if len(cells) != len(cols) {
		t.errorf(line, "", "the row has %d cells; the header has %d", len(cells), len(cols))
		return
	}
	r := Row{Pos: line}
	ok := true
	for i, c := range cols {
		v := strings.TrimSpace(cells[i])
		switch c {
		case colCode:
			code, isCode := catalog.ParseCode(v)
			if !isCode {
				t.errorf(pos[i], "", "%q is not an error code (a decimal number without leading zeros)", v)
				ok = false
			}
			r.Code = code
		case colText:
			r.Text = v
		case colName:
			r.Name = v
		case colStatus:
			if v == "" {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 400 || n > 599 {
				t.errorf(pos[i], "", "status %q is not an HTTP error status, 400 to 599", v)
				ok = false
			}
			r.Status = n
		case colNote:
			r.Note = v
		}
	}
	if !ok {
		return
	}
	id := strconv.Itoa(r.Code)
	if first, dup := t.byCode[r.Code]; dup {
		t.errorf(line, id, "already in the table, at line %d", first.Line)
		return
	}
	if r.Text == "" {
		t.errorf(line, id, "the code has no message")
		return
	}
	if r.Name != "" && (!token.IsIdentifier(r.Name) || !token.IsExported(r.Name)) {
		t.errorf(line, id, "name %q is not an exported Go identifier (write it like UserNotFound)", r.Name)
		return
	}
	t.byCode[r.Code] = line
	t.rows = append(t.rows, r)
}

// ParseMarkdown reads every table of a Markdown document that has a code
// column, in order. file is the name diagnostics use; source the source
// language, whose tag may head the text column.
func ParseMarkdown(file string, data []byte, source language.Tag) ([]Row, []diag.Diagnostic) {
	t := &table{file: file, source: source, byCode: map[int]diag.Pos{}}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	found := false
	for i := 0; i+1 < len(lines); i++ {
		head, hpos := splitRow(lines[i], i+1)
		if head == nil || !isSeparator(lines[i+1]) {
			continue
		}
		cols := t.layout(head, hpos)
		if cols == nil {
			continue // a table, but not of codes
		}
		found = true
		i += 2
		for ; i < len(lines); i++ {
			cells, pos := splitRow(lines[i], i+1)
			if cells == nil {
				break
			}
			if len(cols) > 0 {
				t.row(cols, cells, pos, diag.Pos{Line: i + 1, Col: 1})
			}
		}
	}
	if !found {
		t.errorf(diag.Pos{}, "", "no table with a code column (a header such as \"Code | Description\", then a line of dashes)")
	}
	return t.rows, t.diags
}

// splitRow splits a Markdown table row into its cells, unescaped, with the
// position of each; nil when the line is not a table row.
func splitRow(line string, n int) ([]string, []diag.Pos) {
	trimmed := strings.TrimSpace(line)
	if !strings.Contains(trimmed, "|") {
		return nil, nil
	}
	indent := strings.Index(line, trimmed)
	var cells []string
	var pos []diag.Pos
	var cell strings.Builder
	start := 0
	s := trimmed
	if strings.HasPrefix(s, "|") {
		s, start = s[1:], 1
	}
	col := indent + start + 1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			cell.WriteByte(s[i+1])
			i++
		case c == '|':
			cells = append(cells, cell.String())
			pos = append(pos, diag.Pos{Line: n, Col: col})
			cell.Reset()
			col = indent + start + i + 2
		default:
			cell.WriteByte(c)
		}
	}
	// The text after the last pipe is a cell unless it is empty: rows may
	// or may not end with a pipe.
	if rest := cell.String(); strings.TrimSpace(rest) != "" || !strings.HasSuffix(s, "|") {
		cells = append(cells, rest)
		pos = append(pos, diag.Pos{Line: n, Col: col})
	}
	for i := range cells {
		// The position is the text's, past the spaces before it.
		pos[i].Col += len(cells[i]) - len(strings.TrimLeft(cells[i], " \t"))
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells, pos
}

func isASCIIPunct(c byte) bool {
	return c < 0x80 && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0
}

// isSeparator reports whether line is a table's delimiter row: cells of
// dashes, with colons for alignment.
func isSeparator(line string) bool {
	cells, _ := splitRow(line, 0)
	if len(cells) == 0 {
		return false
	}
	for _, c := range cells {
		c = strings.Trim(c, ":")
		if c == "" || strings.Trim(c, "-") != "" {
			return false
		}
	}
	return true
}

// ParseCSV reads a CSV table: with a header row naming its columns, or
// without one, code,message[,name,status[,note]].
func ParseCSV(file string, data []byte, source language.Tag) ([]Row, []diag.Diagnostic) {
	t := &table{file: file, source: source, byCode: map[int]diag.Pos{}}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	r.FieldsPerRecord = -1
	var cols []int // nil for a file without a header row
	header, rows := false, 0
	positional := []int{colCode, colText, colName, colStatus, colNote}
	for rec := 0; ; rec++ {
		fields, err := r.Read()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				t.errorf(diag.Pos{Line: pe.Line, Col: pe.Column}, "", "CSV: %v", pe.Err)
			} else if !errors.Is(err, io.EOF) {
				t.errorf(diag.Pos{}, "", "CSV: %v", err)
			}
			break
		}
		pos := make([]diag.Pos, len(fields))
		for i := range fields {
			line, col := r.FieldPos(i)
			pos[i] = diag.Pos{Line: line, Col: col}
		}
		if rec == 0 {
			if _, isCode := catalog.ParseCode(strings.TrimSpace(fields[0])); !isCode {
				header = true
				if cols = t.layout(fields, pos); cols == nil {
					t.errorf(pos[0], "", "the header row has no code column")
					cols = []int{}
				}
				continue
			}
		}
		rows++
		switch {
		case header && len(cols) == 0:
			// The header's problems are reported; its rows cannot be read.
		case header:
			t.row(cols, fields, pos, pos[0])
		case len(fields) < 2 || len(fields) > numCols:
			t.errorf(pos[0], "", "the row has %d fields; a file without a header row has code, message[, name, status, note]", len(fields))
		default:
			t.row(positional[:len(fields)], fields, pos, pos[0])
		}
	}
	if rows == 0 {
		t.errorf(diag.Pos{}, "", "the file has no rows")
	}
	return t.rows, t.diags
}

// A Catalog is what errcat init writes: the source bundle and the facts
// file, and how many names were derived.
type Catalog struct {
	Source  []byte // the source bundle, <source>.toml
	Facts   []byte // catalog.FactsFile
	Derived int    // codes whose name was derived from the text
}

// Build returns the files of a new catalog of rows: codes in ascending
// order, each name given or derived, each status given or 500. fallback,
// when ok, is the code that answers errors outside the catalog; from names
// the table the files came from, for their header comments. A text that
// is not a valid template is an error.
func Build(rows []Row, source language.Tag, fallback int, hasFallback bool, from string) (*Catalog, []diag.Diagnostic) {
	rows = slices.Clone(rows)
	slices.SortStableFunc(rows, func(a, b Row) int { return a.Code - b.Code })
	codes := make([]int, len(rows))
	texts := make([]string, len(rows))
	names := make([]string, len(rows))
	seen := map[string]int{}
	var diags []diag.Diagnostic
	for i, r := range rows {
		codes[i], texts[i], names[i] = r.Code, r.Text, r.Name
		if r.Name == "" {
			continue
		}
		if other, dup := seen[r.Name]; dup {
			diags = append(diags, diag.At(from, r.Pos, diag.Error, strconv.Itoa(r.Code), RuleTable, "name %s is already the name of code %d", r.Name, other))
		}
		seen[r.Name] = r.Code
	}
	if hasFallback && !slices.Contains(codes, fallback) {
		diags = append(diags, diag.Diagnostic{File: from, Severity: diag.Error, Rule: RuleTable,
			Message: fmt.Sprintf("the fallback code %d is not in the table", fallback)})
	}
	catalog.DeriveNames(codes, texts, names)

	srcFile := source.String() + ".toml"
	name := display.English.Tags().Name(source)
	var b strings.Builder
	fmt.Fprintf(&b, "# errcat message catalog: %s (%s), the source language.\n", name, source)
	fmt.Fprintf(&b, "#\n# Started by errcat init from %s.\n#\n", from)
	b.WriteString("# One table per API error code, named by the code. `other` is the text\n")
	b.WriteString("# users see; `description`, where there is one, is context for\n")
	b.WriteString("# translators and is never shown to users.\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "\n[%s]\n", tomlfile.Quote(strconv.Itoa(r.Code)))
		if r.Note != "" {
			fmt.Fprintf(&b, "description = %s\n", tomlfile.Quote(r.Note))
		}
		fmt.Fprintf(&b, "other = %s\n", tomlfile.Quote(r.Text))
	}
	src := []byte(b.String())
	// The texts become templates: one that does not parse would stop the
	// new catalog from loading.
	sb, ds := catalog.ParseBundle(srcFile, source, src)
	if sb != nil {
		_, more := catalog.SourceCodes(sb) // a template that does not compile
		ds = append(ds, more...)
	}
	if len(diag.Errors(ds)) > 0 {
		for _, d := range diag.Errors(ds) {
			i := slices.IndexFunc(rows, func(r Row) bool { return strconv.Itoa(r.Code) == d.ID })
			nd := diag.Diagnostic{File: from, Severity: diag.Error, ID: d.ID, Rule: d.Rule, Message: d.Message}
			if i >= 0 {
				nd.Line, nd.Col = rows[i].Pos.Line, rows[i].Pos.Col
			}
			diags = append(diags, nd)
		}
	}
	if len(diags) > 0 {
		return nil, diags
	}

	b.Reset()
	b.WriteString("# The facts about each error code that are the same in every language:\n")
	b.WriteString("# its Go name (errcat generate makes a constant of it) and the HTTP status\n")
	b.WriteString("# a service answers with. Translators never see this file.\n")
	fmt.Fprintf(&b, "# Started by errcat init from %s.\n#\n", from)
	b.WriteString("# Names the table did not give are derived from the text, and statuses\n")
	b.WriteString("# it did not give are 500: check them.\n\n")
	fmt.Fprintf(&b, "# The source language: %s defines which codes exist.\n", srcFile)
	fmt.Fprintf(&b, "source = %s\n\n", tomlfile.Quote(source.String()))
	b.WriteString("# The code that answers an error outside the catalog: a plain Go error,\n")
	b.WriteString("# or a code this file does not list. Without one, such errors get\n")
	fmt.Fprintf(&b, "# %q and status %d.\n", catalog.UnknownText, catalog.UnknownStatus)
	if hasFallback {
		fmt.Fprintf(&b, "fallback = %d\n\n", fallback)
	} else {
		b.WriteString("# fallback = CODE\n\n")
	}
	c := &Catalog{Source: src}
	for i, r := range rows {
		if r.Name == "" {
			c.Derived++
		}
		fmt.Fprintf(&b, "%d = { name = %s, status = %d }\n", r.Code, tomlfile.Quote(names[i]), cmpOr(r.Status, catalog.DefaultStatus))
	}
	c.Facts = []byte(b.String())
	return c, nil
}

func cmpOr(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}
