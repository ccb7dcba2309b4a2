package tomlfile

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// explain turns the TOML decoder's syntax error at byte offset off of src,
// whose message is raw, into what a translator should do about it.
//
// The decoder says what its grammar expected ("expected a top-level item to
// end with a newline, comment, or EOF, but got 'M' instead"); a translator
// needs to hear what they typed ("unescaped quote in the text"). A mistake
// is named only when both agree: the decoder's message is of the family the
// mistake causes, and the source line at the error has the mistake's shape.
// Anything else keeps the decoder's own words, at its position: a wrong
// hint would be worse than a technical one.
//
// Every index into src is checked, and the work is a few passes over the
// line at the error or over the file (the lexer's, for a key written
// twice), so it costs no more than reading the file did.
func explain(src string, off int, raw string) *SyntaxError {
	off = min(max(off, 0), len(src))
	e := &SyntaxError{Pos: posAt(src, off), Msg: raw}
	start := strings.LastIndexByte(src[:off], '\n') + 1
	end := len(src)
	if i := strings.IndexByte(src[off:], '\n'); i >= 0 {
		end = off + i
	}
	text := strings.TrimSuffix(src[start:end], "\r")
	col := min(off-start, len(text)) // the error's index in text
	at := func(i int) Pos { return Pos{Line: e.Pos.Line, Col: i + 1} }
	found, _ := utf8.DecodeRuneInString(src[off:])

	switch {
	case isTypographicQuote(found) && strings.Contains(raw, strconv.QuoteRune(found)):
		e.Msg = fmt.Sprintf("%c is a typographic quote, which TOML does not read as one: put the text between straight quotes \"…\" (%c may stay inside them)", found, found)

	case strings.HasPrefix(raw, "expected a top-level item to end with"):
		key, open, ok := valueLine(text)
		if !ok {
			break
		}
		q := text[open]
		closed := closingQuote(text, open)
		if closed < 0 || closed >= col {
			break
		}
		rest := text[closed+1:]
		switch {
		case strings.IndexByte(rest, q) >= 0 && q == '"':
			// The text ended at a quote the translator meant as text;
			// the real closing quote is further on.
			e.Pos = at(closed)
			e.Msg = `unescaped quote in the text: escape it as \" or use ’ (or use a '''…''' string)`
		case strings.IndexByte(rest, q) >= 0:
			e.Pos = at(closed)
			e.Msg = `apostrophe inside a '…' text, which ends it there: write the text between "…" instead, or use ’`
		default:
			// The decoder may point at the space before the stray text.
			i := closed + 1 + len(rest) - len(strings.TrimLeft(rest, " \t"))
			if i >= len(text) {
				break
			}
			stray, _ := utf8.DecodeRuneInString(text[i:])
			e.Pos = at(i)
			e.Msg = fmt.Sprintf("stray %q after the closing quote of %s's text: delete it, or move it inside the quotes", stray, key)
		}

	case strings.HasPrefix(raw, "strings cannot contain newlines"),
		strings.HasPrefix(raw, `unexpected EOF; expected '"'`),
		strings.HasPrefix(raw, `unexpected EOF; expected "'"`):
		_, open, ok := valueLine(text)
		if !ok || closingQuote(text, open) >= 0 || isTriple(text, open) {
			break
		}
		q := text[open]
		last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(text, " \t"))
		if isTypographicQuote(last) {
			e.Msg = fmt.Sprintf("the text ends with %c, which TOML does not read as a quote: end it with a straight %c", last, q)
			break
		}
		e.Msg = fmt.Sprintf(`the text has no closing quote: end it with %c on the same line (a text of several lines goes between """ and """)`, q)

	case raw == `unexpected EOF; expected '"""'`, raw == `unexpected EOF; expected "'''"`:
		delim := `"""`
		if strings.Contains(raw, "'''") {
			delim = "'''"
		}
		e.Msg = fmt.Sprintf("a text opened with %s is never closed: end it with %s", delim, delim)
		if i := openingDelim(src, delim); i >= 0 {
			e.Pos = posAt(src, i)
			e.Msg = fmt.Sprintf("the text opened with %s here is never closed: end it with %s", delim, delim)
		}

	case strings.HasPrefix(raw, "expected '.' or '=', but got"),
		strings.HasPrefix(raw, "unexpected EOF; expected key separator '='"):
		s := lineScanner{text: text}
		s.skipSpace()
		key, ok := s.key()
		if !ok || s.i > col {
			break
		}
		e.Msg = fmt.Sprintf(`no = after the key %s: write %s = "…"`, key, key)

	case strings.HasPrefix(raw, "expected value but found"),
		strings.HasPrefix(raw, "unexpected EOF; expected value"):
		s := lineScanner{text: text}
		s.skipSpace()
		key, ok := s.key()
		if !ok || !s.equals() {
			break
		}
		if s.skipSpace(); s.done() {
			e.Msg = fmt.Sprintf(`no text after %s =: write %s = "…"`, key, key)
		} else if r, _ := utf8.DecodeRuneInString(text[s.i:]); unicode.IsLetter(r) {
			e.Pos = at(s.i)
			e.Msg = fmt.Sprintf(`the text of %s is not in quotes: write %s = "…"`, key, key)
		}

	case strings.HasPrefix(raw, "expected '.' or ']' to end table name, but got '\\n'"),
		strings.HasPrefix(raw, "unexpected EOF"):
		if t := strings.TrimSpace(text); strings.HasPrefix(t, "[") && !strings.Contains(t, "]") {
			e.Msg = "the table name has no closing ]: end it with ]"
		}

	case strings.HasPrefix(raw, `invalid escape in string '\`):
		// The decoder points at the string; the escape is in it, on this
		// line unless the string spans lines.
		esc, _ := utf8.DecodeRuneInString(raw[len(`invalid escape in string '\`):])
		if i := findEscape(text, col, esc); i >= 0 {
			e.Pos = at(i)
			e.Msg = fmt.Sprintf(`\%c is not an escape TOML knows: write \\ for a backslash, or use a '…' string`, esc)
		}

	case strings.HasPrefix(raw, "expected four hexadecimal digits after '\\u'"),
		strings.HasPrefix(raw, "expected eight hexadecimal digits after '\\U'"),
		strings.HasPrefix(raw, "expected two hexadecimal digits after '\\x'"):
		esc, n := 'u', 4
		switch {
		case strings.Contains(raw, "'\\U'"):
			esc, n = 'U', 8
		case strings.Contains(raw, "'\\x'"):
			esc, n = 'x', 2
		}
		if i := findEscape(text, col, esc); i >= 0 {
			e.Pos = at(i)
			e.Msg = fmt.Sprintf(`\%c starts a character code of %d hexadecimal digits: write \\ for a backslash, or use a '…' string`, esc, n)
		}

	case strings.HasSuffix(raw, "has already been defined."):
		explainDuplicate(e, src[:start], text)
	}
	return e
}

// explainDuplicate words a key or table written twice. prefix is the file
// before text, the line of the second one; the decoder read it without
// error, so the locator finds the first one in it.
func explainDuplicate(e *SyntaxError, prefix, text string) {
	s := lineScanner{text: text, line: e.Pos.Line}
	s.skipSpace()
	e.Pos = s.pos()
	l := &locator{src: prefix, line: 1, found: map[keyPath]located{}}
	l.root = &tnode{kind: tHeader}
	l.cur = l.root
	l.run()
	first := func(p Pos) string {
		if p.Line == 0 {
			return ""
		}
		return fmt.Sprintf(", first at line %d:%d", p.Line, p.Col)
	}
	if s.peek() == '[' {
		id, _, ok := s.header()
		if !ok {
			return
		}
		p := l.found[keyPath{table: id, header: true}].key
		if p.Line == 0 {
			p = l.found[keyPath{key: id}].key
		}
		e.Msg = fmt.Sprintf("message [%s] is written twice%s: keep one", strconv.Quote(id), first(p))
		return
	}
	key, ok := s.key()
	if !ok {
		return
	}
	if l.table == "" {
		p := l.found[keyPath{key: key}].key
		e.Msg = fmt.Sprintf("message %s is written twice%s: keep one", strconv.Quote(key), first(p))
		return
	}
	p := l.found[keyPath{table: l.table, key: key}].key
	e.Msg = fmt.Sprintf("key %s is written twice in [%s]%s: keep one", key, strings.ReplaceAll(strconv.Quote(l.table), `\x00`, `"."`), first(p))
}

// findEscape returns the index in text, from index from on, of the first
// backslash escape \r, skipping the escapes before it (\\ among them), or
// -1.
func findEscape(text string, from int, r rune) int {
	for i := max(from, 0); i+1 < len(text); i++ {
		if text[i] != '\\' {
			continue
		}
		if c, _ := utf8.DecodeRuneInString(text[i+1:]); c == r {
			return i
		}
		i++
	}
	return -1
}

// valueLine reads text as key = followed by a one-line string, and returns
// the key and the index of the string's opening quote.
func valueLine(text string) (key string, open int, ok bool) {
	s := lineScanner{text: text}
	s.skipSpace()
	if key, ok = s.key(); !ok || !s.equals() {
		return "", 0, false
	}
	s.skipSpace()
	if q := s.peek(); q != '"' && q != '\'' {
		return "", 0, false
	}
	return key, s.i, true
}

func isTriple(text string, open int) bool {
	return open+3 <= len(text) && text[open+1] == text[open] && text[open+2] == text[open]
}

// closingQuote returns the index of the quote that ends the one-line string
// opening at text[open], as TOML reads it, or -1 if it does not end on the
// line or is a multi-line string.
func closingQuote(text string, open int) int {
	if open >= len(text) || isTriple(text, open) {
		return -1
	}
	q := text[open]
	if q == '\'' {
		if j := strings.IndexByte(text[open+1:], q); j >= 0 {
			return open + 1 + j
		}
		return -1
	}
	for i := open + 1; i < len(text); i++ {
		switch text[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// openingDelim finds the triple quote that opened the multi-line string the
// decoder was still in at the end of src: the last one in the file, since
// no closing one follows it. A run of quotes longer than three opens with
// its first three. It returns -1 unless the opener is a value, after a key
// and = on its line.
func openingDelim(src, delim string) int {
	i := strings.LastIndex(src, delim)
	for i > 0 && src[i-1] == '\\' && delim[0] == '"' {
		// An escaped quote starts no string: look further back.
		i = strings.LastIndex(src[:i-1], delim)
	}
	for i > 0 && src[i-1] == delim[0] {
		i--
	}
	if i < 0 {
		return -1
	}
	lineStart := strings.LastIndexByte(src[:i], '\n') + 1
	if !strings.HasSuffix(strings.TrimRight(src[lineStart:i], " \t"), "=") {
		return -1
	}
	return i
}

// isTypographicQuote reports the quotation marks that word processors and
// keyboards type for " and ', which TOML does not take for quotes.
func isTypographicQuote(r rune) bool {
	switch r {
	case '“', '”', '„', '‟', '‘', '’', '‚', '‛', '«', '»', '‹', '›', '＂', '＇', '「', '」':
		return true
	}
	return false
}
