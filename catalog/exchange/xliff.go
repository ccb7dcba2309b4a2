package exchange

import (
	"errors"
	"fmt"
	"io"
	"strconv"
)

// ReadXLIFF reads XLIFF 2.0 (and 2.1) or XLIFF 1.2 (and translate-toolkit's
// 1.1), told apart by the root element's namespace, of at most limit bytes
// (DefaultLimit when limit <= 0). It refuses any DOCTYPE, so no entity is
// ever declared, expanded or fetched, and it bounds nesting and element
// counts. Errors are *ParseError values naming the line and the unit.
//
// The target language is returned, not checked: see CheckTarget.
func ReadXLIFF(r io.Reader, limit int64) (*Document, error) {
	doc := &Document{}
	var r2 *reader2
	var r12 *reader12
	w := &xmlWalker{}
	w.start = func(n *xnode, parents []*xnode) error {
		if len(parents) > 0 {
			return nil
		}
		if n.name.Local != "xliff" {
			return fmt.Errorf("the root is <%s>, want <xliff>", n.name.Local)
		}
		version := n.get("version")
		switch n.name.Space {
		case nsXLIFF2:
			if version != "2.0" && version != "2.1" {
				return fmt.Errorf("XLIFF 2 namespace with version %q", version)
			}
			doc.SourceLang, doc.TargetLang = n.get("srcLang"), n.get("trgLang")
			r2 = &reader2{doc: doc, codes: map[string]int{}}
			w.end = r2.end
		case nsXLIFF12, nsXLIFF11:
			if version != "1.2" && version != "1.1" {
				return fmt.Errorf("XLIFF 1 namespace with version %q", version)
			}
			r12 = &reader12{doc: doc, space: n.name.Space}
			w.end = r12.end
		default:
			return fmt.Errorf("<xliff> in namespace %q, want XLIFF 2.0 or 1.2", n.name.Space)
		}
		return nil
	}
	if err := w.walk(r, limit); err != nil {
		return nil, err
	}
	if r12 != nil {
		if err := r12.finish(); err != nil {
			return nil, err
		}
		if doc.SourceLang == "" {
			return nil, &ParseError{Format: "xliff", Line: 1, Err: errors.New("<file> has no source-language")}
		}
	}
	if r2 != nil {
		if doc.SourceLang == "" {
			return nil, &ParseError{Format: "xliff", Line: 1, Err: errors.New("<xliff> has no srcLang")}
		}
		if len(doc.Units) == 0 {
			return nil, &ParseError{Format: "xliff", Line: 1, Err: errors.New("no <unit>")}
		}
		for i := range doc.Units {
			if doc.TargetLang == "" && doc.Units[i].translated() {
				return nil, &ParseError{Format: "xliff", Line: r2.codes[doc.Units[i].Code], Entry: "unit " + strconv.Quote(doc.Units[i].Code),
					Err: errors.New("a <target>, but <xliff> has no trgLang")}
			}
		}
	}
	if err := checkLang("source language", doc.SourceLang); err != nil {
		return nil, &ParseError{Format: "xliff", Line: 1, Err: err}
	}
	if err := checkLang("target language", doc.TargetLang); err != nil {
		return nil, &ParseError{Format: "xliff", Line: 1, Err: err}
	}
	for i := range doc.Units {
		u := &doc.Units[i]
		if err := doc.checkUnit(u); err != nil {
			line := 0
			if r2 != nil {
				line = r2.codes[u.Code]
			} else {
				line = r12.lines[i]
			}
			return nil, &ParseError{Format: "xliff", Line: line, Entry: "unit " + strconv.Quote(u.Code), Err: err}
		}
	}
	return doc, nil
}

// finish applies the gettext header, when there is one, and maps the raw
// units.
func (r *reader12) finish() error {
	doc := r.doc
	doc.SourceLang, doc.TargetLang = r.fileSource, r.fileTarget
	if r.hasHeader {
		// The header is the PO side's truth: po2xliff writes en-US as
		// every file's source language and no target language.
		h := &Document{}
		if err := h.applyPOHeader(r.header); err != nil {
			return &ParseError{Format: "xliff", Err: fmt.Errorf("gettext header: %w", err)}
		}
		if h.SourceLang != "" {
			doc.SourceLang = h.SourceLang
		}
		if h.TargetLang != "" {
			doc.TargetLang = h.TargetLang
		}
		doc.Plural = h.Plural
	}
	seen := map[string]int{}
	for i := range r.raws {
		raw := &r.raws[i]
		entry := "unit " + strconv.Quote(raw.code)
		if first, ok := seen[raw.code]; ok {
			return &ParseError{Format: "xliff", Line: raw.line, Entry: entry, Err: fmt.Errorf("code %s is already at line %d", raw.code, first)}
		}
		seen[raw.code] = raw.line
		u, err := r.unit(raw)
		if err != nil {
			return &ParseError{Format: "xliff", Line: raw.line, Entry: entry, Err: err}
		}
		doc.Units = append(doc.Units, u)
		r.lines = append(r.lines, raw.line)
	}
	return nil
}
