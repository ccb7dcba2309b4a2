package exchange

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

const (
	nsXLIFF2 = "urn:oasis:names:tc:xliff:document:2.0"
	nsMDA    = "urn:oasis:names:tc:xliff:metadata:2.0"
)

// Metadata names errcat keeps in the XLIFF 2.0 metadata module.
const (
	mdaUnitGroup   = "errcat"
	mdaPluralGroup = "errcat-plural"
)

// WriteXLIFF2 writes doc as XLIFF 2.0: one <file>, one <unit> per code, one
// <segment> per plural category. The package doc describes the layout.
func WriteXLIFF2(w io.Writer, doc *Document) error {
	if err := checkForXML(doc); err != nil {
		return fmt.Errorf("write xliff 2.0: %w", err)
	}
	if len(doc.Units) == 0 {
		return errors.New("write xliff 2.0: a <file> needs at least one unit")
	}
	if doc.TargetLang == "" && slices.ContainsFunc(doc.Units, func(u Unit) bool { return u.translated() }) {
		return errors.New("write xliff 2.0: targets need a target language (trgLang)")
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<xliff xmlns="` + nsXLIFF2 + `" xmlns:mda="` + nsMDA + `" version="2.0" srcLang="`)
	xmlAttr(&b, doc.SourceLang)
	b.WriteString(`"`)
	if doc.TargetLang != "" {
		b.WriteString(` trgLang="`)
		xmlAttr(&b, doc.TargetLang)
		b.WriteString(`"`)
	}
	b.WriteString(">\n <file id=\"errcat\">\n")
	if len(doc.Plural.Forms) > 0 || doc.Plural.Header != "" {
		writeMeta(&b, "  ", mdaPluralGroup, [][2]string{
			{"forms", strings.Join(doc.Plural.Forms, " ")},
			{"header", doc.Plural.Header},
		})
	}
	for i := range doc.Units {
		writeUnit2(&b, doc, &doc.Units[i])
	}
	b.WriteString(" </file>\n</xliff>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// checkForXML adds to the model's rules what XML cannot carry: characters
// outside XML 1.0 in the notes and metadata, which have no <cp>.
func checkForXML(doc *Document) error {
	if err := doc.check(); err != nil {
		return err
	}
	if doc.SourceLang == "" {
		return errors.New("XLIFF needs a source language")
	}
	if err := checkXMLText("plural forms header", doc.Plural.Header); err != nil {
		return err
	}
	for i := range doc.Units {
		u := &doc.Units[i]
		for _, t := range [][2]string{{"description", u.Description}, {"source hash", u.SourceHash}, {"previous hash", u.PreviousHash}} {
			if err := checkXMLText(t[0], t[1]); err != nil {
				return fmt.Errorf("unit %q: %w", u.Code, err)
			}
		}
		for f, s := range u.Previous {
			if err := checkXMLText("previous English "+f, s); err != nil {
				return fmt.Errorf("unit %q: %w", u.Code, err)
			}
		}
	}
	return nil
}

func writeMeta(b *strings.Builder, indent, category string, kv [][2]string) {
	n := 0
	for _, p := range kv {
		if p[1] != "" {
			n++
		}
	}
	if n == 0 {
		return
	}
	fmt.Fprintf(b, "%s<mda:metadata>\n%s <mda:metaGroup category=\"%s\">\n", indent, indent, category)
	for _, p := range kv {
		if p[1] == "" {
			continue
		}
		fmt.Fprintf(b, "%s  <mda:meta type=\"%s\">", indent, p[0])
		xmlText(b, p[1])
		b.WriteString("</mda:meta>\n")
	}
	fmt.Fprintf(b, "%s </mda:metaGroup>\n%s</mda:metadata>\n", indent, indent)
}

// segmentForms returns the categories that get a segment: the target
// language's for a plural message, "other" alone for the rest.
func segmentForms(doc *Document, u *Unit) []string {
	switch {
	case !u.plural():
		return []string{"other"}
	case len(doc.Plural.Forms) > 0:
		return doc.Plural.Forms
	}
	return inCLDROrder(u.Source, u.Target)
}

func writeUnit2(b *strings.Builder, doc *Document, u *Unit) {
	forms := segmentForms(doc, u)
	stale := u.stale()
	meta := [][2]string{{"source-hash", u.SourceHash}}
	// English that no segment shows as its source: "one" for a language
	// without that category, "other" for gettext's ru.
	for _, f := range []string{"one", "other"} {
		if u.Source[f] != "" && !slices.Contains(forms, f) {
			meta = append(meta, [2]string{"source-" + f, u.Source[f]})
		}
	}
	if stale {
		meta = append(meta, [2]string{"previous-hash", u.PreviousHash},
			[2]string{"previous-one", u.Previous["one"]}, [2]string{"previous-other", u.Previous["other"]})
	}

	fmt.Fprintf(b, "  <unit id=\"%s\" canResegment=\"no\" xml:space=\"preserve\">\n", u.Code)
	writeMeta(b, "   ", mdaUnitGroup, meta)
	if u.Description != "" {
		b.WriteString("   <notes>\n    <note category=\"description\">")
		xmlText(b, u.Description)
		b.WriteString("</note>\n   </notes>\n")
	}

	iw := &inlineWriter{dataID: map[string]string{}}
	var segs strings.Builder
	for _, f := range forms {
		src := u.Source[f]
		if src == "" {
			src = u.Source["other"]
		}
		tgt := u.Target[f]
		fmt.Fprintf(&segs, "   <segment id=\"%s\"", f)
		if tgt != "" {
			state := u.State
			if stale {
				state = Initial
			}
			fmt.Fprintf(&segs, " state=\"%s\"", state)
		}
		segs.WriteString(">\n    <source>")
		srcIDs := iw.write(&segs, src, nil)
		segs.WriteString("</source>\n")
		if tgt != "" {
			segs.WriteString("    <target>")
			iw.write(&segs, tgt, srcIDs)
			segs.WriteString("</target>\n")
		}
		segs.WriteString("   </segment>\n")
	}
	if len(iw.data) > 0 {
		b.WriteString("   <originalData>\n")
		for i, code := range iw.data {
			fmt.Fprintf(b, "    <data id=\"d%d\">", i+1)
			writeTextCP(b, code)
			b.WriteString("</data>\n")
		}
		b.WriteString("   </originalData>\n")
	}
	b.WriteString(segs.String())
	b.WriteString("  </unit>\n")
}

// inlineWriter numbers a unit's placeholders. Every <ph> in the unit's
// sources has its own id; a target's <ph> takes the id of the same action in
// its segment's source, so tools see them as the same code, and an action
// the source lacks (or repeats fewer times) gets a new id. Each distinct
// action is stored once in <originalData>.
type inlineWriter struct {
	data   []string
	dataID map[string]string
	next   int
}

type phID struct {
	code, id string
}

func (iw *inlineWriter) write(b *strings.Builder, s string, src []phID) []phID {
	var ids []phID
	used := make([]bool, len(src))
	for _, p := range splitPlaceholders(s) {
		if !p.code {
			writeTextCP(b, p.text)
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
			iw.next++
			id = "ph" + strconv.Itoa(iw.next)
		}
		ref, ok := iw.dataID[p.text]
		if !ok {
			iw.data = append(iw.data, p.text)
			ref = "d" + strconv.Itoa(len(iw.data))
			iw.dataID[p.text] = ref
		}
		ids = append(ids, phID{p.text, id})
		fmt.Fprintf(b, `<ph id="%s" dataRef="%s"`, id, ref)
		// An attribute cannot hold a character XML lacks, even as a
		// reference; <data> can, with <cp>.
		if checkXMLText("", p.text) == nil {
			b.WriteString(` equiv="`)
			xmlAttr(b, p.text)
			b.WriteString(`" disp="`)
			xmlAttr(b, p.text)
			b.WriteString(`"`)
		}
		b.WriteString(`/>`)
	}
	return ids
}

// writeTextCP escapes s for XLIFF 2.0 content, where a character XML cannot
// carry becomes <cp hex="…"/>.
func writeTextCP(b *strings.Builder, s string) {
	start := 0
	for i, r := range s {
		if xmlChar(r) {
			continue
		}
		xmlText(b, s[start:i])
		fmt.Fprintf(b, `<cp hex="%04X"/>`, r)
		start = i + len(string(r))
	}
	xmlText(b, s[start:])
}

// reader2 turns XLIFF 2.0 elements into the document as they end.
type reader2 struct {
	doc   *Document
	codes map[string]int
}

func (r *reader2) end(n *xnode, parents []*xnode) (bool, error) {
	if n.name.Space == nsMDA && n.name.Local == "metadata" && len(parents) > 0 && isElem(parents[len(parents)-1], nsXLIFF2, "file") {
		meta := readMeta(n, mdaPluralGroup)
		if f := meta["forms"]; f != "" {
			r.doc.Plural.Forms = strings.Fields(f)
		}
		r.doc.Plural.Header = meta["header"]
		if err := r.doc.checkPlural(); err != nil {
			return false, &ParseError{Format: "xliff", Line: n.line, Err: err}
		}
		return true, nil
	}
	if n.name.Space != nsXLIFF2 {
		return false, nil
	}
	switch n.name.Local {
	case "unit":
		u, err := r.unit(n)
		if err != nil {
			return false, &ParseError{Format: "xliff", Line: n.line, Entry: "unit " + strconv.Quote(n.get("id")), Err: err}
		}
		if first, ok := r.codes[u.Code]; ok {
			return false, &ParseError{Format: "xliff", Line: n.line, Entry: "unit " + strconv.Quote(u.Code),
				Err: fmt.Errorf("code %s is already at line %d", u.Code, first)}
		}
		r.codes[u.Code] = n.line
		r.doc.Units = append(r.doc.Units, u)
		return true, nil
	case "group", "file":
		return true, nil
	}
	return false, nil
}

func isElem(n *xnode, ns, local string) bool { return n.name.Space == ns && n.name.Local == local }

// readMeta returns the type → text pairs of the metaGroup of a category.
func readMeta(n *xnode, category string) map[string]string {
	out := map[string]string{}
	for _, g := range n.elems(nsMDA, "metaGroup") {
		if g.get("category") != category {
			continue
		}
		for _, m := range g.elems(nsMDA, "meta") {
			if s, err := m.text(); err == nil {
				out[m.get("type")] = s
			}
		}
	}
	return out
}

func (r *reader2) unit(n *xnode) (Unit, error) {
	u := Unit{Code: n.get("id")}
	meta := map[string]string{}
	if m := n.first(nsMDA, "metadata"); m != nil {
		meta = readMeta(m, mdaUnitGroup)
	}
	u.SourceHash = meta["source-hash"]
	var notes []string
	if ns := n.first(nsXLIFF2, "notes"); ns != nil {
		for _, note := range ns.elems(nsXLIFF2, "note") {
			if note.get("category") != "description" {
				continue
			}
			s, err := note.text()
			if err != nil {
				return u, err
			}
			notes = append(notes, s)
		}
	}
	u.Description = strings.Join(notes, "\n")

	data := map[string]string{}
	if od := n.first(nsXLIFF2, "originalData"); od != nil {
		for _, d := range od.elems(nsXLIFF2, "data") {
			s, err := inline2(d, nil)
			if err != nil {
				return u, fmt.Errorf("data %q: %w", d.get("id"), err)
			}
			data[d.get("id")] = s
		}
	}

	segs := n.elems(nsXLIFF2, "segment")
	if len(segs) == 0 {
		return u, errors.New("no segment")
	}
	u.Source = map[string]string{}
	states := []State{}
	seen := map[string]bool{}
	for _, seg := range segs {
		form := seg.get("id")
		if len(segs) == 1 && !isCategory(form) {
			form = "other"
		}
		if !isCategory(form) {
			return u, fmt.Errorf("segment %q: the id is not a CLDR plural category", form)
		}
		if seen[form] {
			return u, fmt.Errorf("segment %q appears twice", form)
		}
		seen[form] = true
		src := seg.first(nsXLIFF2, "source")
		if src == nil {
			return u, fmt.Errorf("segment %q: no source", form)
		}
		s, err := inline2(src, data)
		if err != nil {
			return u, fmt.Errorf("segment %q: source: %w", form, err)
		}
		if form == "one" || form == "other" {
			u.Source[form] = s
		}
		tgt := seg.first(nsXLIFF2, "target")
		if tgt == nil {
			continue
		}
		t, err := inline2(tgt, data)
		if err != nil {
			return u, fmt.Errorf("segment %q: target: %w", form, err)
		}
		if t == "" {
			continue
		}
		if u.Target == nil {
			u.Target = map[string]string{}
		}
		u.Target[form] = t
		st, err := parseState2(seg.get("state"))
		if err != nil {
			return u, fmt.Errorf("segment %q: %w", form, err)
		}
		states = append(states, st)
	}
	for _, f := range []string{"one", "other"} {
		if s := meta["source-"+f]; s != "" && u.Source[f] == "" {
			u.Source[f] = s
		}
	}
	nonEmpty(u.Source)
	if len(states) > 0 {
		u.State = slices.Min(states)
		if u.State == Initial {
			u.Stale = true
			u.PreviousHash = meta["previous-hash"]
			u.Previous = nonEmpty(map[string]string{"one": meta["previous-one"], "other": meta["previous-other"]})
			if u.Previous["other"] == "" {
				u.Previous = nil
			}
		}
	}
	return u, nil
}

func parseState2(s string) (State, error) {
	if s == "" {
		return Initial, nil
	}
	for i, name := range stateNames {
		if s == name {
			return State(i), nil
		}
	}
	return Initial, fmt.Errorf("unknown state %q", s)
}

// inline2 returns the text of XLIFF 2.0 inline content with every code put
// back as the native text its <data> holds.
func inline2(n *xnode, data map[string]string) (string, error) {
	var b strings.Builder
	var walk func(n *xnode) error
	ref := func(e *xnode, attr string) (string, error) {
		id := e.get(attr)
		s, ok := data[id]
		if !ok {
			return "", fmt.Errorf("<%s id=%q>: %s %q is not in <originalData>", e.name.Local, e.get("id"), attr, id)
		}
		return s, nil
	}
	walk = func(n *xnode) error {
		for _, k := range n.kids {
			e := k.elem
			if e == nil {
				b.WriteString(k.text)
				continue
			}
			if e.name.Space != nsXLIFF2 {
				return fmt.Errorf("unexpected <%s> from %s", e.name.Local, e.name.Space)
			}
			switch e.name.Local {
			case "cp":
				v, err := strconv.ParseUint(e.get("hex"), 16, 32)
				if err != nil || v == 0 || v > 0x10FFFF || 0xD800 <= v && v <= 0xDFFF {
					return fmt.Errorf("<cp hex=%q>: not a character", e.get("hex"))
				}
				b.WriteRune(rune(v))
			case "ph", "sc", "ec":
				if data == nil {
					return fmt.Errorf("<%s> in <data>", e.name.Local)
				}
				if e.has("dataRef") {
					s, err := ref(e, "dataRef")
					if err != nil {
						return err
					}
					b.WriteString(s)
				} else if e.has("equiv") {
					b.WriteString(e.get("equiv"))
				} else {
					return fmt.Errorf("<%s id=%q> has neither dataRef nor equiv: its code is unknown", e.name.Local, e.get("id"))
				}
			case "pc":
				if data == nil {
					return errors.New("<pc> in <data>")
				}
				if e.has("dataRefStart") {
					s, err := ref(e, "dataRefStart")
					if err != nil {
						return err
					}
					b.WriteString(s)
				}
				if err := walk(e); err != nil {
					return err
				}
				if e.has("dataRefEnd") {
					s, err := ref(e, "dataRefEnd")
					if err != nil {
						return err
					}
					b.WriteString(s)
				}
			case "mrk":
				if err := walk(e); err != nil {
					return err
				}
			case "sm", "em":
			default:
				return fmt.Errorf("unexpected <%s>", e.name.Local)
			}
		}
		return nil
	}
	err := walk(n)
	return b.String(), err
}
