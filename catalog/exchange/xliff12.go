package exchange

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

const (
	nsXLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
	// translate-toolkit's po2xliff still writes XLIFF 1.1, which 1.2
	// readers accept as it is.
	nsXLIFF11 = "urn:oasis:names:tc:xliff:document:1.1"
)

// headerUnitID is the id of the trans-unit that carries the PO header.
const headerUnitID = "x-gettext-domain-header"

// WriteXLIFF12 writes doc as XLIFF 1.2 in translate-toolkit's gettext
// flavour, which its xliff2po turns back into the PO WritePO writes: the PO
// header as a first trans-unit, a plural message as a group of trans-units
// indexed like msgstr[n]. The package doc describes the layout.
func WriteXLIFF12(w io.Writer, doc *Document) error {
	if err := checkForXML(doc); err != nil {
		return fmt.Errorf("write xliff 1.2: %w", err)
	}
	for i := range doc.Units {
		u := &doc.Units[i]
		if u.Code == headerUnitID {
			return fmt.Errorf("write xliff 1.2: unit %q: the code is the header's id", u.Code)
		}
		if u.plural() && u.translated() && len(doc.Plural.Forms) == 0 {
			return fmt.Errorf("write xliff 1.2: unit %q: a translated plural message needs Plural.Forms", u.Code)
		}
		for _, s := range u.texts() {
			if err := checkXMLText("text", s); err != nil {
				return fmt.Errorf("write xliff 1.2: unit %q: %w", u.Code, err)
			}
		}
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<xliff xmlns="` + nsXLIFF12 + `" version="1.2">` + "\n")
	b.WriteString(` <file original="errcat" datatype="po" source-language="`)
	xmlAttr(&b, doc.SourceLang)
	b.WriteString(`"`)
	if doc.TargetLang != "" {
		b.WriteString(` target-language="`)
		xmlAttr(&b, doc.TargetLang)
		b.WriteString(`"`)
	}
	b.WriteString(">\n  <body>\n")
	header := poHeader(doc)
	b.WriteString(`   <trans-unit id="` + headerUnitID + `" restype="x-gettext-domain-header" translate="no" approved="no" xml:space="preserve">`)
	b.WriteString("<source>")
	xmlText(&b, header)
	b.WriteString("</source><target>")
	xmlText(&b, header)
	b.WriteString("</target></trans-unit>\n")
	for i := range doc.Units {
		u := &doc.Units[i]
		if u.plural() {
			writePluralGroup12(&b, doc, u)
		} else {
			writeTransUnit12(&b, "   ", u.Code, u, u.Source["other"], u.Target["other"], true, true)
			if u.stale() {
				writePrevious12(&b, "    ", u, "one", u.Target["other"])
				writePrevious12(&b, "    ", u, "other", u.Target["other"])
			}
			writeNotes12(&b, "    ", u)
			b.WriteString("   </trans-unit>\n")
		}
	}
	b.WriteString("  </body>\n </file>\n</xliff>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// state12 maps the model's states to XLIFF 1.2's.
var state12 = map[State]string{Translated: "translated", Reviewed: "signed-off", Final: "final"}

// writeTransUnit12 writes one trans-unit. For a plural message the group
// carries the code, notes and hashes, and each member only its text.
func writeTransUnit12(b *strings.Builder, indent, id string, u *Unit, src, tgt string, own, translatable bool) {
	fmt.Fprintf(b, "%s<trans-unit id=\"%s\"", indent, id)
	if own {
		fmt.Fprintf(b, " resname=\"%s\"", id)
	}
	if !translatable {
		b.WriteString(` translate="no"`)
	}
	b.WriteString(` xml:space="preserve"`)
	if tgt != "" {
		b.WriteString(approved12(u))
	}
	b.WriteString(">\n")
	b.WriteString(indent + " <source>")
	srcIDs := writeInline12(b, src, nil)
	b.WriteString("</source>\n")
	switch {
	case tgt != "":
		state := "needs-review-translation"
		if !u.stale() {
			state = state12[u.State]
		}
		fmt.Fprintf(b, "%s <target state=\"%s\">", indent, state)
		writeInline12(b, tgt, srcIDs)
		b.WriteString("</target>\n")
	case !own:
		// translate-toolkit reads a plural member without a target
		// as the text "None".
		b.WriteString(indent + " <target/>\n")
	}
}

// approved12 is the attribute translate-toolkit takes for "not fuzzy".
func approved12(u *Unit) string {
	switch {
	case !u.translated():
		return ""
	case u.stale():
		return ` approved="no"`
	}
	return ` approved="yes"`
}

// writePrevious12 writes the English a stale translation was made from as
// XLIFF 1.2's previous version (msgmerge's #|), the form in resname.
func writePrevious12(b *strings.Builder, indent string, u *Unit, form, target string) {
	p := u.Previous[form]
	if p == "" {
		return
	}
	fmt.Fprintf(b, "%s<alt-trans alttranstype=\"previous-version\" resname=\"%s\"><source>", indent, form)
	srcIDs := writeInline12(b, p, nil)
	b.WriteString("</source><target>")
	writeInline12(b, target, srcIDs)
	b.WriteString("</target></alt-trans>\n")
}

func writeNotes12(b *strings.Builder, indent string, u *Unit) {
	stale := u.stale()
	// The reference is what translate-toolkit turns into "#: CODE".
	fmt.Fprintf(b, "%s<context-group name=\"po-reference\" purpose=\"location\"><context context-type=\"sourcefile\">%s</context></context-group>\n", indent, u.Code)
	if u.Description != "" {
		b.WriteString(indent + `<note from="developer">`)
		xmlText(b, u.Description)
		b.WriteString("</note>\n")
	}
	if u.SourceHash != "" {
		b.WriteString(indent + `<note from="developer">`)
		xmlText(b, hashPrefix+u.SourceHash)
		b.WriteString("</note>\n")
	}
	if stale && u.PreviousHash != "" {
		b.WriteString(indent + `<note from="po-translator">`)
		xmlText(b, previousHashPrefix+u.PreviousHash)
		b.WriteString("</note>\n")
	}
}

func writePluralGroup12(b *strings.Builder, doc *Document, u *Unit) {
	// translate-toolkit takes a group without approved="yes" for fuzzy,
	// and its po2xliff writes it there, though XLIFF 1.2 defines approved
	// for trans-units only; like po2xliff, a stale group has none.
	approved := ""
	if u.translated() && !u.stale() {
		approved = ` approved="yes"`
	}
	fmt.Fprintf(b, "   <group id=\"%s\" resname=\"%s\" restype=\"x-gettext-plurals\"%s>\n", u.Code, u.Code, approved)
	writeNotes12(b, "    ", u)
	forms := doc.Plural.Forms
	// Like msgid and msgid_plural: index 0 shows the English "one", the
	// others "other"; a language with one form still gets two members, the
	// second untranslatable, as po2xliff writes it.
	n := max(len(forms), 2)
	for i := range n {
		src := u.Source["other"]
		if i == 0 {
			src = u.Source["one"]
		}
		tgt := ""
		if i < len(forms) {
			tgt = u.Target[forms[i]]
		}
		writeTransUnit12(b, "    ", fmt.Sprintf("%s[%d]", u.Code, i), u, src, tgt, false, i < len(forms))
		if u.stale() && i < 2 {
			writePrevious12(b, "     ", u, []string{"one", "other"}[i], tgt)
		}
		if u.Description != "" {
			// Tools that show a member alone show the description too.
			b.WriteString("     <note from=\"developer\">")
			xmlText(b, u.Description)
			b.WriteString("</note>\n")
		}
		b.WriteString("    </trans-unit>\n")
	}
	b.WriteString("   </group>\n")
}

// writeInline12 writes text with each template action as <ph>, whose content
// is the native code; translate-toolkit keeps it, where it drops <x>. As in
// XLIFF 2.0, a target's <ph> takes the id of the same action in src.
func writeInline12(b *strings.Builder, s string, src []phID) []phID {
	var ids []phID
	used := make([]bool, len(src))
	next := len(src)
	for _, p := range splitPlaceholders(s) {
		if !p.code {
			xmlText(b, p.text)
			continue
		}
		id := ""
		for i, sp := range src {
			if !used[i] && sp.code == p.text {
				used[i], id = true, sp.id
				break
			}
		}
		if id == "" {
			next++
			id = strconv.Itoa(next)
		}
		ids = append(ids, phID{p.text, id})
		fmt.Fprintf(b, `<ph id="%s">`, id)
		xmlText(b, p.text)
		b.WriteString("</ph>")
	}
	return ids
}

// raw12 is a unit as XLIFF 1.2 has it, kept until the header says which
// plural category each index is.
type raw12 struct {
	line     int
	code     string
	plural   bool
	sources  []string
	targets  []string
	current  []bool  // per member with a target
	states   []State // per member with a target
	notes    notes12
	previous map[string]string
}

type notes12 struct {
	developer, translator []string
}

// reader12 turns XLIFF 1.2 elements into raw units as they end.
type reader12 struct {
	doc        *Document
	space      string
	header     string
	hasHeader  bool
	fileSource string
	fileTarget string
	raws       []raw12
	lines      []int // of each unit
}

var memberID = regexp.MustCompile(`\[(\d+)\]$`)

func (r *reader12) end(n *xnode, parents []*xnode) (bool, error) {
	if n.name.Space != r.ns() {
		return false, nil
	}
	parent := (*xnode)(nil)
	if len(parents) > 0 {
		parent = parents[len(parents)-1]
	}
	entry := func(err error) error {
		if err == nil {
			return nil
		}
		return &ParseError{Format: "xliff", Line: n.line, Entry: "unit " + strconv.Quote(code12(n)), Err: err}
	}
	switch n.name.Local {
	case "file":
		if r.fileSource == "" {
			r.fileSource, r.fileTarget = n.get("source-language"), n.get("target-language")
		}
		return true, nil
	case "trans-unit":
		if parent != nil && isPluralGroup(parent) {
			return false, nil
		}
		if n.get("restype") == "x-gettext-domain-header" {
			if r.hasHeader {
				return false, entry(errors.New("a second gettext header"))
			}
			r.hasHeader = true
			t := n.first(r.ns(), "target")
			if t == nil {
				t = n.first(r.ns(), "source")
			}
			if t == nil {
				return false, entry(errors.New("header without text"))
			}
			s, err := t.text()
			r.header = s
			return true, entry(err)
		}
		raw, err := r.transUnit(n)
		if err != nil {
			return false, entry(err)
		}
		r.raws = append(r.raws, raw)
		return true, nil
	case "group":
		if !isPluralGroup(n) {
			return true, nil
		}
		raw, err := r.pluralGroup(n)
		if err != nil {
			return false, entry(err)
		}
		r.raws = append(r.raws, raw)
		return true, nil
	}
	return false, nil
}

// ns is the namespace of the file being read, 1.2's or 1.1's.
func (r *reader12) ns() string { return r.space }

func isPluralGroup(n *xnode) bool { return n.get("restype") == "x-gettext-plurals" }

// code12 returns the error code of a trans-unit or plural group: the
// po-reference po2xliff keeps (its ids are counters), else resname, else id.
func code12(n *xnode) string {
	for _, g := range n.kids {
		if g.elem == nil || g.elem.name.Local != "context-group" || g.elem.get("name") != "po-reference" {
			continue
		}
		for _, c := range g.elem.kids {
			if c.elem != nil && c.elem.name.Local == "context" && c.elem.get("context-type") == "sourcefile" {
				if s, err := c.elem.text(); err == nil && s != "" {
					return s
				}
			}
		}
	}
	if s := n.get("resname"); s != "" {
		return s
	}
	return n.get("id")
}

func (r *reader12) readNotes(n *xnode) notes12 {
	var ns notes12
	for _, k := range n.kids {
		e := k.elem
		if e == nil {
			continue
		}
		switch {
		case e.name.Local == "note":
			s, err := e.text()
			if err != nil {
				continue
			}
			switch e.get("from") {
			case "developer":
				ns.developer = append(ns.developer, s)
			case "po-translator", "translator":
				ns.translator = append(ns.translator, s)
			}
		}
	}
	if len(ns.developer) == 0 && len(ns.translator) == 0 {
		// po2xliff writes each comment twice, as a note and as a
		// context; some tools keep only the context.
		for _, g := range n.elems(r.ns(), "context-group") {
			if g.get("name") != "po-entry" {
				continue
			}
			for _, c := range g.elems(r.ns(), "context") {
				s, err := c.text()
				if err != nil {
					continue
				}
				switch c.get("context-type") {
				case "x-po-autocomment":
					ns.developer = append(ns.developer, s)
				case "x-po-trancomment":
					ns.translator = append(ns.translator, s)
				}
			}
		}
	}
	return ns
}

func (r *reader12) member(raw *raw12, n *xnode, groupApproved string) error {
	src := n.first(r.ns(), "source")
	if src == nil {
		return fmt.Errorf("trans-unit %q: no source", n.get("id"))
	}
	s, err := inline12(src)
	if err != nil {
		return fmt.Errorf("trans-unit %q: source: %w", n.get("id"), err)
	}
	t := ""
	tgt := n.first(r.ns(), "target")
	if tgt != nil {
		if t, err = inline12(tgt); err != nil {
			return fmt.Errorf("trans-unit %q: target: %w", n.get("id"), err)
		}
	}
	raw.sources = append(raw.sources, s)
	raw.targets = append(raw.targets, t)
	for _, a := range n.elems(r.ns(), "alt-trans") {
		if a.get("alttranstype") != "previous-version" {
			continue
		}
		as := a.first(r.ns(), "source")
		if as == nil {
			continue
		}
		p, err := inline12(as)
		if err != nil {
			return fmt.Errorf("trans-unit %q: alt-trans: %w", n.get("id"), err)
		}
		form := a.get("resname")
		if form != "one" {
			form = "other"
		}
		if raw.previous == nil {
			raw.previous = map[string]string{}
		}
		raw.previous[form] = p
	}
	if tgt == nil {
		return nil
	}
	approved := n.get("approved")
	if !n.has("approved") {
		approved = groupApproved
	}
	state := tgt.get("state")
	// As translate-toolkit reads it, approved decides when present; else a
	// state short of translated means the target still needs work.
	current := approved == "yes" || approved == "" && slices.Contains([]string{"", "translated", "signed-off", "final"}, state)
	if t == "" {
		// An empty target counts only when it says the unit needs work:
		// po2xliff marks a fuzzy plural for a language with one form
		// on its empty second member alone.
		if !current {
			raw.current = append(raw.current, false)
		}
		return nil
	}
	raw.current = append(raw.current, current)
	st := Translated
	switch state {
	case "signed-off":
		st = Reviewed
	case "final":
		st = Final
	}
	raw.states = append(raw.states, st)
	return nil
}

func (r *reader12) transUnit(n *xnode) (raw12, error) {
	raw := raw12{line: n.line, code: code12(n), notes: r.readNotes(n)}
	return raw, r.member(&raw, n, "")
}

func (r *reader12) pluralGroup(n *xnode) (raw12, error) {
	raw := raw12{line: n.line, code: code12(n), plural: true, notes: r.readNotes(n)}
	members := n.elems(r.ns(), "trans-unit")
	if len(members) < 2 {
		return raw, fmt.Errorf("plural group with %d trans-units, want at least 2", len(members))
	}
	for i, m := range members {
		if sub := memberID.FindStringSubmatch(m.get("id")); sub != nil && sub[1] != strconv.Itoa(i) {
			return raw, fmt.Errorf("trans-unit %q is member %d of its group", m.get("id"), i)
		}
		if err := r.member(&raw, m, n.get("approved")); err != nil {
			return raw, err
		}
	}
	if len(raw.notes.developer) == 0 && len(raw.notes.translator) == 0 {
		raw.notes = r.readNotes(members[0])
	}
	return raw, nil
}

// unit maps a raw unit to the model once the plural forms are known.
func (r *reader12) unit(raw *raw12) (Unit, error) {
	u := Unit{Code: raw.code}
	// The developer notes are the PO's "#." lines, which po2xliff joins
	// into one note and WriteXLIFF12 writes as description and hash.
	if len(raw.notes.developer) > 0 {
		lines := strings.Split(strings.Join(raw.notes.developer, "\n"), "\n")
		if h := hashLine(lines[len(lines)-1]); h != "" {
			u.SourceHash = h
			lines = lines[:len(lines)-1]
		}
		u.Description = unwrapComment(lines)
	}
	if raw.plural {
		u.Source = nonEmpty(map[string]string{"one": raw.sources[0], "other": raw.sources[1]})
		forms := r.doc.Plural.Forms
		for i, t := range raw.targets {
			if t == "" {
				continue
			}
			if len(forms) == 0 {
				return u, fmt.Errorf("member %d: the file does not say which plural category it is (no gettext header with %s or a known nplurals)", i, pluralCategoriesField)
			}
			if i >= len(forms) {
				return u, fmt.Errorf("member %d has a translation, but the language has %d plural forms", i, len(forms))
			}
			if u.Target == nil {
				u.Target = map[string]string{}
			}
			u.Target[forms[i]] = t
		}
	} else {
		u.Source = nonEmpty(map[string]string{"other": raw.sources[0]})
		if raw.targets[0] != "" {
			u.Target = map[string]string{"other": raw.targets[0]}
		}
	}
	if !u.translated() {
		return u, nil
	}
	if slices.Contains(raw.current, false) {
		u.Stale = true
		for _, t := range raw.notes.translator {
			for l := range strings.SplitSeq(t, "\n") {
				if h := prefixedToken(l, previousHashPrefix); h != "" {
					u.PreviousHash = h
				}
			}
		}
		if raw.previous["other"] != "" {
			u.Previous = raw.previous
		}
		return u, nil
	}
	u.State = slices.Min(raw.states)
	return u, nil
}

// inline12 returns the text of XLIFF 1.2 inline content with native codes
// put back: the content of <ph>, <bpt>, <ept> and <it>, the equiv-text of
// <x>, <bx> and <ex>.
func inline12(n *xnode) (string, error) {
	var b strings.Builder
	var walk func(n *xnode) error
	walk = func(n *xnode) error {
		for _, k := range n.kids {
			e := k.elem
			if e == nil {
				b.WriteString(k.text)
				continue
			}
			switch e.name.Local {
			case "ph", "bpt", "ept", "it":
				s, err := e.text()
				if err != nil {
					return err
				}
				b.WriteString(s)
			case "x", "bx", "ex":
				if !e.has("equiv-text") {
					return fmt.Errorf("<%s id=%q> has no equiv-text: its code is unknown", e.name.Local, e.get("id"))
				}
				b.WriteString(e.get("equiv-text"))
			case "g", "mrk":
				if err := walk(e); err != nil {
					return err
				}
			default:
				return fmt.Errorf("unexpected <%s>", e.name.Local)
			}
		}
		return nil
	}
	err := walk(n)
	return b.String(), err
}
