package tomlfile

import (
	"fmt"
	"strings"
)

// A keyPath names what locate found: a table header (header set), a key of
// a table, or a top-level key (table empty).
type keyPath struct {
	table  string
	key    string
	header bool
}

// located is where a key and its value start.
type located struct{ key, value Pos }

// maxLocateDepth bounds the locator's recursion into arrays and inline
// tables. Parse refuses files nested deeper than maxNesting before they get
// here; the bound only makes the locator safe on its own.
const maxLocateDepth = 64

// locate finds the position of every table header, every key of a table and
// every top-level key of src, which the full decoder has already read as
// valid TOML. It is a lexer, not a guess from the text: strings (one- and
// multi-line, basic and literal), arrays spanning lines, inline tables and
// comments are skipped as TOML defines them, so a key is found where it is,
// never at its table's header, and text inside a string is never taken for
// a key.
//
// For the decoder's nested values it records what the loader reports: a
// dotted header [a.b] or key a.b = … gives a's field b the position of the
// header or key, and a top-level inline table "2004" = {other = "…"} gives
// each of its keys its own position.
//
// locate also checks what makes src TOML 1.0 rather than the TOML 1.1 that
// the full decoder reads (see check10.go), and the rules of defining tables
// that the decoder misses; bad is the first breach, or nil.
func locate(src string) (found map[keyPath]located, bad *SyntaxError) {
	l := &locator{src: src, line: 1, found: map[keyPath]located{}}
	if strings.HasPrefix(src, bom) {
		// The mark is not text of the first line (the decoder skips it
		// too): what follows it is at column 1, and a table there is
		// found like any other.
		l.i, l.lstart = len(bom), len(bom)
	}
	l.root = &tnode{kind: tHeader}
	l.cur = l.root
	l.run()
	return l.found, l.bad
}

type locator struct {
	src             string
	i, line, lstart int
	found           map[keyPath]located

	// The tables defined so far, for the checks of check10.go: root is
	// the document, cur the table that the keys that follow go in.
	root, cur *tnode
	bad       *SyntaxError

	// table is the table the keys that follow belong to, its header's
	// parts joined by NUL; "" at top level. The syntax error explainer
	// reads it after locating a prefix of a file.
	table string
}

func (l *locator) pos() Pos { return Pos{Line: l.line, Col: l.i - l.lstart + 1} }

func (l *locator) record(p keyPath, at located) {
	if _, dup := l.found[p]; !dup {
		l.found[p] = at
	}
}

func (l *locator) done() bool { return l.i >= len(l.src) }

// space skips spaces and tabs, and with lines also newlines and comments.
func (l *locator) space(lines bool) {
	for !l.done() {
		switch c := l.src[l.i]; {
		case c == ' ' || c == '\t' || c == '\r':
			l.i++
		case lines && c == '\n':
			l.newline()
		case lines && c == '#':
			l.comment()
		default:
			return
		}
	}
}

func (l *locator) newline() {
	l.i++
	l.line, l.lstart = l.line+1, l.i
}

func (l *locator) comment() {
	if j := strings.IndexByte(l.src[l.i:], '\n'); j >= 0 {
		l.i += j
	} else {
		l.i = len(l.src)
	}
}

func (l *locator) run() {
	for {
		l.space(true)
		if l.done() {
			return
		}
		start := l.i
		if l.src[l.i] == '[' {
			at := l.pos()
			l.i++
			array := !l.done() && l.src[l.i] == '['
			if array {
				l.i++
			}
			parts := l.keyPath()
			l.space(false)
			for !l.done() && l.src[l.i] == ']' {
				l.i++
			}
			l.table = strings.Join(parts, "\x00")
			l.header(parts, array, at)
			if len(parts) > 0 {
				l.record(keyPath{table: parts[0], header: true}, located{at, at})
				if len(parts) > 1 {
					l.record(keyPath{table: parts[0], key: parts[1]}, located{at, at})
				}
			}
		} else {
			at := l.pos()
			parts := l.keyPath()
			l.space(false)
			if !l.done() && l.src[l.i] == '=' {
				l.i++
			}
			l.space(false)
			vat := l.pos()
			if len(parts) > 0 {
				if l.table == "" {
					l.record(keyPath{key: parts[0]}, located{at, vat})
					if len(parts) > 1 {
						l.record(keyPath{table: parts[0], key: parts[1]}, located{at, vat})
					}
				} else {
					l.record(keyPath{table: l.table, key: parts[0]}, located{at, vat})
				}
			}
			inline := ""
			if l.table == "" && len(parts) == 1 {
				inline = parts[0] // a top-level inline table is a message
			}
			l.value(inline, 0, l.define(l.cur, parts, at))
		}
		// Whatever the line still holds (a comment, or what this lexer
		// did not expect) ends at its newline.
		l.space(false)
		if !l.done() && l.src[l.i] == '#' {
			l.comment()
		}
		if !l.done() && l.src[l.i] != '\n' && l.i == start {
			l.i++ // always make progress
		}
		for !l.done() && l.src[l.i] != '\n' {
			l.i++
		}
	}
}

// keyPath reads a possibly dotted key: bare or quoted parts separated by
// dots, with optional space around them.
func (l *locator) keyPath() []string {
	var parts []string
	for {
		l.space(false)
		k, ok := l.key()
		if !ok {
			return parts
		}
		parts = append(parts, k)
		l.space(false)
		if l.done() || l.src[l.i] != '.' {
			return parts
		}
		l.i++
	}
}

func (l *locator) key() (string, bool) {
	if l.done() {
		return "", false
	}
	switch c := l.src[l.i]; {
	case c == '"' || c == '\'':
		if c == '"' {
			l.escapes(l.i + 1)
		}
		eol := strings.IndexByte(l.src[l.i:], '\n')
		if eol < 0 {
			eol = len(l.src) - l.i
		}
		s := lineScanner{text: l.src[l.i : l.i+eol]}
		if k, ok := s.str(); ok {
			l.i += s.i
			return k, true
		}
		// An escape the fast scanner leaves to the decoder: take the raw
		// text between the quotes, which is only used to find the key.
		end := l.i + 1
		for end < l.i+eol && l.src[end] != c {
			if l.src[end] == '\\' && c == '"' {
				end++
			}
			end++
		}
		k := l.src[min(l.i+1, end):min(end, len(l.src))]
		l.i = min(end+1, len(l.src))
		return k, true
	case isBare(c):
		start := l.i
		for !l.done() && isBare(l.src[l.i]) {
			l.i++
		}
		return l.src[start:l.i], true
	}
	return "", false
}

// value skips one value. inline names the message whose keys an inline
// table holds, when the value is a top-level inline table. n is the node the
// value defines, for the checks of check10.go (nil when there is none, after
// a breach).
func (l *locator) value(inline string, depth int, n *tnode) {
	if l.done() || depth > maxLocateDepth {
		return
	}
	switch c := l.src[l.i]; c {
	case '"', '\'':
		l.str(c)
	case '[':
		n.set(tArray)
		l.i++
		for {
			l.space(true)
			if l.done() {
				return
			}
			switch l.src[l.i] {
			case ']':
				l.i++
				return
			case ',':
				l.i++
				continue
			}
			before := l.i
			// Each element is a value of its own: an inline table in an
			// array is checked as a table with no keys yet.
			l.value("", depth+1, &tnode{kind: tValue})
			if l.i == before {
				l.i++
			}
		}
	case '{':
		// While its keys are read, an inline table takes dotted keys
		// like a table; once closed it is complete (tInline).
		n.set(tHeader)
		l.i++
		comma := false // the last thing read was a comma
		for {
			line := l.line
			l.space(true)
			if l.line != line {
				l.breach(Pos{Line: line, Col: 0}, "a newline inside an inline table is TOML 1.1; bundles are TOML 1.0, where an inline table is on one line")
			}
			if l.done() {
				return
			}
			switch l.src[l.i] {
			case '}':
				if comma {
					l.breach(l.pos(), "a trailing comma in an inline table is TOML 1.1; bundles are TOML 1.0, where none may follow the last key")
				}
				n.set(tInline)
				l.i++
				return
			case ',':
				comma = true
				l.i++
				continue
			}
			comma = false
			before := l.i
			at := l.pos()
			parts := l.keyPath()
			l.space(false)
			if !l.done() && l.src[l.i] == '=' {
				l.i++
			}
			l.space(false)
			if inline != "" && len(parts) > 0 {
				l.record(keyPath{table: inline, key: parts[0]}, located{at, l.pos()})
			}
			var kid *tnode
			if n != nil {
				kid = l.define(n, parts, at)
			}
			l.value("", depth+1, kid)
			if l.i == before {
				l.i++
			}
		}
	default:
		// A number, boolean or date: up to what ends a value. A date and
		// a time may be separated by a space (1979-05-27 07:32:00Z).
		start, at := l.i, l.pos()
		l.bare()
		if isDate(l.src[start:l.i]) && l.i+3 < len(l.src) && l.src[l.i] == ' ' && isDigit(l.src[l.i+1]) && isDigit(l.src[l.i+2]) && l.src[l.i+3] == ':' {
			l.i++
			l.bare()
		}
		l.checkBare(l.src[start:l.i], at)
	}
}

// bare skips the characters of a bare value.
func (l *locator) bare() {
	for !l.done() && !strings.ContainsRune(",]}\n# \t\r", rune(l.src[l.i])) {
		l.i++
	}
}

// breach records a breach of TOML 1.0, if it is the first.
func (l *locator) breach(at Pos, format string, args ...any) {
	if l.bad == nil {
		if at.Col == 0 { // the end of line at.Line
			at = l.endOfLine(at.Line)
		}
		l.bad = &SyntaxError{Pos: at, Msg: fmt.Sprintf(format, args...)}
	}
}

// endOfLine returns the position of the newline that ends line n, which
// the locator has passed.
func (l *locator) endOfLine(n int) Pos {
	line, start := 1, 0
	for i := 0; i < len(l.src); i++ {
		if l.src[i] == '\n' {
			if line == n {
				return Pos{Line: n, Col: i - start + 1}
			}
			line, start = line+1, i+1
		}
	}
	return Pos{Line: n, Col: len(l.src) - start + 1}
}

// str skips a string opened by quote q, one-line or multi-line.
func (l *locator) str(q byte) {
	delim := string([]byte{q})
	if strings.HasPrefix(l.src[l.i:], delim+delim+delim) {
		delim = delim + delim + delim
	}
	l.i += len(delim)
	for !l.done() {
		switch c := l.src[l.i]; {
		case c == '\\' && q == '"':
			l.escape()
			l.i += 2
			continue
		case c == '\n':
			if len(delim) == 1 {
				return
			}
			l.newline()
			continue
		case strings.HasPrefix(l.src[l.i:], delim):
			l.i += len(delim)
			// A multi-line string may end with up to two more quotes
			// of its own text ("""a"""").
			for len(delim) == 3 && !l.done() && l.src[l.i] == q {
				l.i++
			}
			return
		}
		l.i++
	}
}
