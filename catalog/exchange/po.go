package exchange

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// poWidth is the column gettext's tools wrap at.
const poWidth = 79

// WritePO writes doc as a gettext PO file; with an empty TargetLang and no
// targets it is a template (.pot) for msgmerge. The package doc describes
// the layout.
func WritePO(w io.Writer, doc *Document) error {
	if err := doc.check(); err != nil {
		return fmt.Errorf("write po: %w", err)
	}
	for i := range doc.Units {
		u := &doc.Units[i]
		if !u.plural() {
			continue
		}
		if len(doc.Plural.Forms) == 0 || doc.Plural.Header == "" {
			return fmt.Errorf("write po: unit %q: a plural message needs Plural.Forms and Plural.Header", u.Code)
		}
	}
	bw := bufio.NewWriter(w)
	writePOHeader(bw, doc)
	for i := range doc.Units {
		bw.WriteByte('\n')
		writePOEntry(bw, doc, &doc.Units[i])
	}
	return bw.Flush()
}

func poHeader(doc *Document) string {
	var b strings.Builder
	field := func(k, v string) { fmt.Fprintf(&b, "%s: %s\n", k, v) }
	field("Project-Id-Version", "errcat")
	field("Language", doc.TargetLang)
	field("MIME-Version", "1.0")
	field("Content-Type", "text/plain; charset=UTF-8")
	field("Content-Transfer-Encoding", "8bit")
	if doc.Plural.Header != "" {
		field("Plural-Forms", doc.Plural.Header)
	}
	field("X-Generator", "errcat")
	if doc.SourceLang != "" {
		field("X-Source-Language", doc.SourceLang)
	}
	if len(doc.Plural.Forms) > 0 {
		field(pluralCategoriesField, strings.Join(doc.Plural.Forms, " "))
	}
	return b.String()
}

// pluralCategoriesField names the CLDR category of each msgstr[n]: gettext's
// Plural-Forms gives only a count and a C expression.
const pluralCategoriesField = "X-Errcat-Plural-Categories"

func writePOHeader(w *bufio.Writer, doc *Document) {
	writePOString(w, "", "msgid", "")
	writePOString(w, "", "msgstr", poHeader(doc))
}

func writePOEntry(w *bufio.Writer, doc *Document, u *Unit) {
	stale := u.stale()
	if stale && u.PreviousHash != "" {
		fmt.Fprintf(w, "# %s%s\n", previousHashPrefix, u.PreviousHash)
	}
	for _, l := range descriptionLines(u.Description) {
		writeComment(w, "#.", l)
	}
	if u.SourceHash != "" {
		writeComment(w, "#.", hashPrefix+u.SourceHash)
	}
	// The reference repeats the code because translate-toolkit's po2xliff
	// drops msgctxt but keeps references.
	writeComment(w, "#:", u.Code)
	if stale {
		w.WriteString("#, fuzzy\n")
		if p := u.Previous; p != nil {
			writePOString(w, "#| ", "msgctxt", u.Code)
			if p["one"] != "" {
				writePOString(w, "#| ", "msgid", p["one"])
				writePOString(w, "#| ", "msgid_plural", p["other"])
			} else {
				writePOString(w, "#| ", "msgid", p["other"])
			}
		}
	}
	writePOString(w, "", "msgctxt", u.Code)
	if !u.plural() {
		writePOString(w, "", "msgid", u.Source["other"])
		writePOString(w, "", "msgstr", u.Target["other"])
		return
	}
	writePOString(w, "", "msgid", u.Source["one"])
	writePOString(w, "", "msgid_plural", u.Source["other"])
	for i, f := range doc.Plural.Forms {
		writePOString(w, "", fmt.Sprintf("msgstr[%d]", i), u.Target[f])
	}
}

// descriptionLines wraps a description for "#." lines. Wrapping must not
// make the last line read as the errcat-hash line (a description that
// mentions one), so such a line stays joined to the one before.
func descriptionLines(desc string) []string {
	lines := wrapComment(desc, commentWidth)
	if n := len(lines); n >= 2 && hashLine(lines[n-1]) != "" && strings.HasSuffix(lines[n-2], " ") {
		lines = append(lines[:n-2], lines[n-2]+lines[n-1])
	}
	return lines
}

func writeComment(w *bufio.Writer, mark, text string) {
	w.WriteString(mark)
	if text != "" {
		w.WriteByte(' ')
		w.WriteString(text)
	}
	w.WriteByte('\n')
}

// writePOString writes `keyword "s"` the way gettext does: on one line when
// it fits and has no inner line break, otherwise as `keyword ""` followed by
// one quoted line per line of s, long lines wrapped after a space.
func writePOString(w *bufio.Writer, prefix, keyword, s string) {
	toks := poTokens(s)
	width := 0
	inner := false
	for i, t := range toks {
		width += t.width
		if t.newline && i < len(toks)-1 {
			inner = true
		}
	}
	if !inner && len(prefix)+len(keyword)+3+width <= poWidth {
		fmt.Fprintf(w, "%s%s \"", prefix, keyword)
		for _, t := range toks {
			w.WriteString(t.esc)
		}
		w.WriteString("\"\n")
		return
	}
	fmt.Fprintf(w, "%s%s \"\"\n", prefix, keyword)
	max := poWidth - len(prefix) - 2
	for len(toks) > 0 {
		n := poLine(toks, max)
		w.WriteString(prefix)
		w.WriteByte('"')
		for _, t := range toks[:n] {
			w.WriteString(t.esc)
		}
		w.WriteString("\"\n")
		toks = toks[n:]
	}
}

// poLine returns how many tokens go on the next continuation line: up to and
// including a line break, and within max columns when a space allows.
func poLine(toks []poToken, max int) int {
	width, lastSpace := 0, 0
	for i, t := range toks {
		width += t.width
		if width > max && lastSpace > 0 {
			return lastSpace
		}
		if t.newline {
			return i + 1
		}
		if t.space {
			lastSpace = i + 1
		}
	}
	return len(toks)
}

type poToken struct {
	esc     string // the rune as it is written between the quotes
	width   int
	space   bool
	newline bool
}

func poTokens(s string) []poToken {
	toks := make([]poToken, 0, len(s))
	for _, r := range s {
		t := poToken{width: 1}
		switch r {
		case '\\':
			t.esc = `\\`
		case '"':
			t.esc = `\"`
		case '\n':
			t.esc, t.newline = `\n`, true
		case '\t':
			t.esc = `\t`
		case '\r':
			t.esc = `\r`
		case '\a':
			t.esc = `\a`
		case '\b':
			t.esc = `\b`
		case '\f':
			t.esc = `\f`
		case '\v':
			t.esc = `\v`
		case ' ':
			t.esc, t.space = " ", true
		default:
			if r < 0x20 || r == 0x7f {
				t.esc = fmt.Sprintf(`\%03o`, r)
			} else {
				t.esc = string(r)
			}
		}
		if t.esc[0] == '\\' {
			t.width = len(t.esc)
		}
		toks = append(toks, t)
	}
	return toks
}
