package tomlfile

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// scanValues is Parse's second fast path, for files that scanBundle leaves
// to the full decoder only because they hold decimal integers and one-line
// inline tables: a catalog's facts file (1000 = { name = "SystemBusy",
// status = 503 }). BurntSushi/toml and the locator cost a few thousand
// allocations on such a file of a hundred lines, as much as loading the
// bundles; this reads it with a handful.
//
// Its entries are exactly decodeBundle's, ordered as decodeBundle orders
// them: a number is a field of Type "a number" or a top-level entry that
// is not a message, and an inline table's fields are sorted by key. Like
// scanBundle, it reports ok=false at the first thing it does not handle,
// so that the full decoder judges everything else.
func scanValues(src string) (entries []Entry, ok bool) {
	if !utf8.ValidString(src) || strings.HasPrefix(src, "\xef\xbb\xbf") {
		return nil, false
	}
	seen := map[string]bool{}
	cur := -1 // the table whose fields follow; -1 at top level
	for line := 1; len(src) > 0 || line == 1; line++ {
		var text string
		text, src = nextLine(src)
		s := lineScanner{text: text, line: line}
		s.skipSpace()
		switch {
		case s.done():
			continue
		case s.peek() == '#':
			if !s.comment() {
				return nil, false
			}
			continue
		case s.peek() == '[':
			id, pos, ok := s.header()
			if !ok || seen[id] {
				return nil, false
			}
			seen[id] = true
			entries = append(entries, Entry{ID: id, Pos: pos})
			cur = len(entries) - 1
			continue
		}
		pos := s.pos()
		key, ok := s.key()
		if !ok || !s.equals() {
			return nil, false
		}
		vpos := s.pos()
		if cur >= 0 {
			f, ok := s.scalar(key, pos, vpos)
			if !ok || !s.end() || slices.ContainsFunc(entries[cur].Fields, func(g Field) bool { return g.Key == key }) {
				return nil, false
			}
			entries[cur].Fields = append(entries[cur].Fields, f)
			continue
		}
		if seen[key] {
			return nil, false
		}
		seen[key] = true
		e := Entry{ID: key, Pos: pos}
		switch {
		case s.peek() == '{':
			if e.Fields, ok = s.inlineTable(); !ok {
				return nil, false
			}
		default:
			f, ok := s.scalar("other", pos, vpos)
			if !ok {
				return nil, false
			}
			if f.Type != "" {
				e.NotMessage = "is " + f.Type + ", not a message table or string"
			} else {
				e.Simple, e.Fields = true, []Field{f}
			}
		}
		if !s.end() {
			return nil, false
		}
		entries = append(entries, e)
	}
	for i := range entries {
		slices.SortFunc(entries[i].Fields, func(a, b Field) int {
			return cmp.Or(cmp.Compare(a.Pos.Line, b.Pos.Line), strings.Compare(a.Key, b.Key))
		})
	}
	return entries, true
}

// equals accepts the "=" after a key and the spaces around it.
func (s *lineScanner) equals() bool {
	s.skipSpace()
	if s.peek() != '=' {
		return false
	}
	s.i++
	s.skipSpace()
	return true
}

// scalar reads a one-line string or a decimal integer as the field key.
func (s *lineScanner) scalar(key string, pos, vpos Pos) (Field, bool) {
	f := Field{Key: key, Pos: pos, VPos: vpos}
	if c := s.peek(); c == '"' || c == '\'' {
		v, ok := s.str()
		f.Value = v
		return f, ok
	}
	// A decimal integer without sign or underscores, as facts files write
	// them; TOML forbids leading zeros, and 18 digits fit in an int64.
	start := s.i
	for !s.done() && '0' <= s.peek() && s.peek() <= '9' {
		s.i++
	}
	n := s.i - start
	if n == 0 || n > 18 || n > 1 && s.text[start] == '0' {
		return f, false
	}
	// "1e3", "12:30" and "1979-05-27" start with digits too.
	if !s.done() && !strings.ContainsRune(" \t,}#", rune(s.peek())) {
		return f, false
	}
	f.Type = "a number"
	return f, true
}

// inlineTable reads a one-line inline table of strings and integers.
func (s *lineScanner) inlineTable() ([]Field, bool) {
	s.i++ // {
	s.skipSpace()
	var fields []Field
	if s.peek() == '}' {
		s.i++
		return fields, true
	}
	for {
		pos := s.pos()
		key, ok := s.key()
		if !ok || !s.equals() || slices.ContainsFunc(fields, func(g Field) bool { return g.Key == key }) {
			return nil, false
		}
		f, ok := s.scalar(key, pos, s.pos())
		if !ok {
			return nil, false
		}
		fields = append(fields, f)
		s.skipSpace()
		switch s.peek() {
		case ',':
			s.i++
			s.skipSpace()
		case '}':
			s.i++
			return fields, true
		default:
			return nil, false
		}
	}
}
