// Package tomlfile is the one reader of errcat's bundle files: every
// position a diagnostic names, and every line merge edits, comes from the
// lexer here, so that a finding is on the same line whichever path read the
// file.
//
// Parse reads a file into entries with the position of every key and value.
// go-i18n bundles use a small part of TOML, which a hand-written scanner
// reads an order of magnitude faster than a general decoder; anything
// outside it goes to BurntSushi/toml, and the positions of what it decodes
// are found by this package's locator, not guessed from the table header.
// Bundles are TOML 1.0: the locator also refuses what BurntSushi/toml, a
// TOML 1.1 decoder, reads beyond 1.0 (check10.go). Open reads a file for
// line edits (File).
package tomlfile

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/errcat/errcat/catalog/diag"
)

// Pos is a place in a bundle file: 1-based line and byte column.
type Pos = diag.Pos

// A Field is one key = value line of a message table.
type Field struct {
	Key   string
	Value string
	Pos   Pos    // of the key
	VPos  Pos    // of the value
	Type  string // "" for a string; otherwise the TOML type found instead ("a number")
}

// An Entry is one message as written in a bundle: a table ["2004"] with its
// fields, or a top-level "2004" = "text", which go-i18n also accepts.
type Entry struct {
	ID     string
	Pos    Pos
	Simple bool
	Fields []Field
	// NotMessage, when set, says why the value under this key is not a
	// message at all (a nested table, an array, a number).
	NotMessage string
}

// A SyntaxError is a TOML syntax error at a position. For the mistakes a
// translator makes (a quote inside the text, a missing closing quote or =,
// a key written twice) Msg says what to do, at the place of the fault
// rather than where the decoder gave up; otherwise it is the decoder's.
type SyntaxError struct {
	Pos Pos
	Msg string
}

func (e *SyntaxError) Error() string { return e.Msg }

// Parse reads the message entries of a go-i18n TOML message file, in
// file order and with positions.
//
// go-i18n bundles use a small part of TOML: comments, [tables] named by a
// message ID, and key = "string" lines. A hand-written scanner reads that
// part an order of magnitude faster than a general decoder and keeps the
// position of every key, which BurntSushi/toml does not expose. Anything
// outside that part (multi-line strings, inline tables, arrays, numbers,
// dotted keys, duplicate keys, invalid UTF-8, and every kind of syntax error)
// goes to BurntSushi/toml and then to the locator's TOML 1.0 checks, which
// together judge what is valid TOML 1.0: the fast path only ever accepts
// files that the full decoder reads the same way.
func Parse(data []byte) ([]Entry, error) {
	// One copy of the file; every unescaped key and value is a substring
	// of it, so a bundle of 20,000 messages costs a handful of allocations
	// rather than 60,000.
	src := string(data)
	if entries, ok := scanBundle(src); ok {
		return entries, nil
	}
	if entries, ok := scanValues(src); ok {
		return entries, nil
	}
	// The full decoder recurses into nested arrays and inline tables, and
	// takes seconds on a few kilobytes of them. A message file needs at
	// most two levels; refuse absurd nesting before decoding.
	if p, ok := tooDeep(src, maxNesting); ok {
		return nil, &SyntaxError{Pos: p, Msg: fmt.Sprintf("arrays or inline tables nested more than %d deep", maxNesting)}
	}
	return decodeBundle(data)
}

const maxNesting = 8

// tooDeep reports the position where arrays and inline tables of src nest
// deeper than limit, if they do. It skips comments and strings, whose
// brackets ("{{.Max}}") are text, and over-counts nothing: table headers
// ([x] and [[x]]) count as one or two levels.
func tooDeep(src string, limit int) (Pos, bool) {
	depth, line, lineStart := 0, 1, 0
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '\n':
			line, lineStart = line+1, i+1
		case '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			delim := string(c)
			if strings.HasPrefix(src[i:], delim+delim+delim) {
				delim += delim + delim
			}
			j := i + len(delim)
			for j < len(src) && !strings.HasPrefix(src[j:], delim) {
				if src[j] == '\\' && c == '"' {
					j++
				} else if src[j] == '\n' {
					if len(delim) == 1 {
						break // an unterminated string: the decoder reports it
					}
					line, lineStart = line+1, j+1
				}
				j++
			}
			i = j + len(delim) - 1
		case '[', '{':
			if depth++; depth > limit {
				return Pos{Line: line, Col: i - lineStart + 1}, true
			}
		case ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return Pos{}, false
}

// scanBundle is the fast path. It reports ok=false, and no entries, as soon
// as it meets anything it does not handle.
func scanBundle(src string) (entries []Entry, ok bool) {
	// The fields of all entries share one backing array; each entry's
	// fields are a window into it, set once the file is read.
	// Counting first sizes every slice once: growing them by appending
	// copied a 20,000-message bundle's entries a dozen times.
	// The counts are capped by the file's size over the fewest bytes an
	// entry and a field take, so hostile text cannot inflate them.
	tables := min(strings.Count(src, "[")+1, len(src)/8+1)
	fields := make([]Field, 0, min(strings.Count(src, "=")+1, len(src)/6+1))
	starts := make([]int, 0, tables)
	entries = make([]Entry, 0, tables)
	seen := make(map[string]struct{}, tables)
	ok = Scan(src, func(e *Entry) bool {
		// TOML forbids a table or top-level key written twice; Scan
		// leaves that check to its caller.
		if _, dup := seen[e.ID]; dup {
			return false
		}
		seen[e.ID] = struct{}{}
		entries = append(entries, Entry{ID: e.ID, Pos: e.Pos, Simple: e.Simple})
		starts = append(starts, len(fields))
		fields = append(fields, e.Fields...)
		return true
	})
	if !ok {
		return nil, false
	}
	for i := range entries {
		end := len(fields)
		if i+1 < len(entries) {
			end = starts[i+1]
		}
		entries[i].Fields = fields[starts[i]:end:end]
	}
	return entries, true
}

// Scan is Parse's fast path as a stream, for a reader that looks at each
// entry once and keeps little of it (coverage's survey of a large bundle):
// it calls yield with each entry in file order and builds no slice of them.
// The Entry and its Fields are reused for the next entry; their strings are
// substrings of src, or new, and may be kept.
//
// Scan checks everything scanBundle checks but one: that no table or
// top-level key is written twice, which would need a set of every ID. The
// caller must refuse such a file (a reader that requires ascending codes
// does so for free). Scan returns false as soon as it meets anything
// outside the fast path's part of TOML, or yield returns false; the entries
// yielded so far are then to be discarded, and the file read with Parse.
// That includes a byte TOML refuses anywhere (invalid UTF-8, a control
// character): the file is checked a chunk at a time as the lexer reaches
// it, so such a byte may come after entries were yielded.
func Scan(src string, yield func(e *Entry) bool) bool {
	if strings.HasPrefix(src, "\xef\xbb\xbf") {
		return false
	}
	var table, top Entry
	inTable := false
	fields := make([]Field, 0, 8)
	var one [1]Field
	// flush hands over the table being read, once its last field is in.
	flush := func() bool {
		if !inTable {
			return true
		}
		table.Fields = fields
		return yield(&table)
	}
	line := 0
	checked := 0 // the bytes at the start of src known to be valid
	for len(src) > 0 || line == 0 {
		if checked == 0 {
			if checked = checkChunk(src); checked < 0 {
				return false
			}
		}
		line++
		text, rest := nextLine(src)
		checked -= len(src) - len(rest)
		src = rest
		s := lineScanner{text: text, line: line, clean: true}
		s.skipSpace()
		switch {
		case s.done():
			continue
		case s.peek() == '#':
			if !s.comment() {
				return false
			}
			continue
		case s.peek() == '[':
			id, pos, ok := s.header()
			if !ok || !flush() {
				return false
			}
			table, fields, inTable = Entry{ID: id, Pos: pos}, fields[:0], true
		default:
			pos := s.pos()
			key, ok := s.key()
			if !ok {
				return false
			}
			s.skipSpace()
			if s.peek() != '=' {
				return false
			}
			s.i++
			s.skipSpace()
			vpos := s.pos()
			value, ok := s.str()
			if !ok || !s.end() {
				return false
			}
			f := Field{Key: key, Value: value, Pos: pos, VPos: vpos}
			if !inTable {
				f.Key = "other"
				one[0] = f
				top = Entry{ID: key, Pos: pos, Simple: true, Fields: one[:]}
				if !yield(&top) {
					return false
				}
				continue
			}
			for _, g := range fields {
				if g.Key == key {
					return false
				}
			}
			fields = append(fields, f)
		}
	}
	return flush()
}

// scanChunk is how much of a file Scan checks at a time (checkChunk): a
// piece that stays in the processor's cache for the lexer, which reads it
// next, where a check of the whole file first would have the lexer read
// every byte from memory again.
const scanChunk = 32 << 10

// checkChunk checks the lines of src that fill about scanChunk bytes and
// returns their length, or -1 when they are not valid UTF-8 or hold a
// control character (but tab and line ends), which would stop the lexer
// at its line: TOML allows none in keys, strings or comments. Checked
// here, eight bytes at a time, they need not be checked byte by byte in
// every string. A chunk ends after a line end, which is never within a
// character, so that the chunks are valid when the whole file is.
func checkChunk(src string) int {
	end := len(src)
	if end > scanChunk {
		end = scanChunk
		if i := strings.IndexByte(src[end:], '\n'); i >= 0 {
			end += i + 1
		} else {
			end = len(src)
		}
	}
	if !utf8.ValidString(src[:end]) || !controlFree(src[:end]) {
		return -1
	}
	return end
}

// nextLine splits the first line off src. Only a CR before a LF ends a
// line; a lone CR is an error the full decoder reports.
func nextLine(src string) (line, rest string) {
	if i := strings.IndexByte(src, '\n'); i >= 0 {
		return strings.TrimSuffix(src[:i], "\r"), src[i+1:]
	}
	return src, ""
}

// header reads a plain [table] header, the scanner at its '[': a bare or
// quoted name, not dotted, not an array of tables, and nothing after it but
// a comment. ok is false for anything else, which the decoder judges.
func (s *lineScanner) header() (id string, pos Pos, ok bool) {
	pos = s.pos()
	s.i++
	if s.peek() == '[' { // an array of tables
		return "", pos, false
	}
	s.skipSpace()
	if id, ok = s.key(); !ok {
		return "", pos, false
	}
	s.skipSpace()
	if s.peek() != ']' {
		return "", pos, false
	}
	s.i++
	return id, pos, s.end()
}

type lineScanner struct {
	text string
	i    int
	line int
	// clean is set when text is known to hold no control character
	// (controlFree), so that strings and comments need no byte-by-byte
	// check.
	clean bool
}

// controlFree reports whether src holds no control character but tab, LF,
// and CR before LF: none that TOML refuses in a key, a one-line string or
// a comment. It reads eight bytes at a time; only a word holding another
// byte below 0x20 or a DEL (a CR, in a file with CRLF line ends) is looked
// at byte by byte.
func controlFree(src string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(src); i += 8 {
		b := src[i : i+8] // one bounds check, and the compiler loads the word at once
		w := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		// First a test of the word as a whole, exact as a yes or no
		// (a borrow runs up only from a byte that is itself a hit): is
		// any byte below 0x20, or a DEL? Most words of a bundle hold
		// neither, and need nothing more.
		v := w ^ (0x7f * ones)
		if ((w-0x20*ones)&^w|(v-ones)&^v)&highs == 0 {
			continue
		}
		// Exact tests, byte by byte within the word (no borrow crosses
		// bytes): below 0x20 (of the ASCII bytes: those of UTF-8
		// sequences have their high bit set), and equal to a value.
		low := ^((w &^ highs) + (0x80-0x20)*ones) &^ w & highs
		is := func(c uint64) uint64 {
			v := w ^ (c * ones)
			return ^((v &^ highs) + (0x7f * ones) | v) & highs
		}
		if low&^(is('\n')|is('\t')) == 0 && is(0x7f) == 0 {
			continue // no control character but LF and tab
		}
		if !controlFreeBytes(src, i, i+8) { // a CR, or worse
			return false
		}
	}
	return controlFreeBytes(src, i, len(src))
}

// controlFreeBytes is controlFree for src[from:to], byte by byte; a CR
// must be followed by a LF, which may be past to.
func controlFreeBytes(src string, from, to int) bool {
	for i := from; i < to; i++ {
		switch c := src[i]; {
		case c == '\r':
			if i+1 >= len(src) || src[i+1] != '\n' {
				return false
			}
		case c == '\t' || c == '\n':
		case isControl(c):
			return false
		}
	}
	return true
}

func (s *lineScanner) done() bool { return s.i >= len(s.text) }
func (s *lineScanner) pos() Pos   { return Pos{Line: s.line, Col: s.i + 1} }

func (s *lineScanner) peek() byte {
	if s.done() {
		return 0
	}
	return s.text[s.i]
}

func (s *lineScanner) skipSpace() {
	for !s.done() && (s.text[s.i] == ' ' || s.text[s.i] == '\t') {
		s.i++
	}
}

// comment accepts a comment running to the end of the line; TOML forbids
// control characters other than tab in it.
func (s *lineScanner) comment() bool {
	for i := s.i; i < len(s.text) && !s.clean; i++ {
		if isControl(s.text[i]) {
			return false
		}
	}
	s.i = len(s.text)
	return true
}

// end accepts trailing space and an optional comment.
func (s *lineScanner) end() bool {
	s.skipSpace()
	if s.done() {
		return true
	}
	return s.peek() == '#' && s.comment()
}

// key reads a bare or quoted key. A dotted key is left to the full decoder.
func (s *lineScanner) key() (string, bool) {
	var k string
	switch c := s.peek(); {
	case c == '"' || c == '\'':
		var ok bool
		if k, ok = s.str(); !ok {
			return "", false
		}
	case isBare(c):
		start := s.i
		for !s.done() && isBare(s.text[s.i]) {
			s.i++
		}
		k = s.text[start:s.i]
	default:
		return "", false
	}
	s.skipSpace()
	if s.peek() == '.' {
		return "", false
	}
	return k, true
}

// str reads a one-line basic ("...") or literal ('...') string.
func (s *lineScanner) str() (string, bool) {
	q := s.peek()
	if q != '"' && q != '\'' {
		return "", false
	}
	rest := s.text[s.i+1:]
	if len(rest) >= 2 && rest[0] == q && rest[1] == q { // a multi-line string
		return "", false
	}
	if q == '\'' {
		j := strings.IndexByte(rest, '\'')
		if j < 0 {
			return "", false
		}
		for i := range j {
			if isControl(rest[i]) {
				return "", false
			}
		}
		s.i += j + 2
		return rest[:j], true
	}
	// A basic string without escapes is the common case: a substring.
	if s.clean {
		if j := strings.IndexByte(rest, '"'); j >= 0 && strings.IndexByte(rest[:j], '\\') < 0 {
			s.i += j + 2
			return rest[:j], true
		}
	}
	j := 0
	for j < len(rest) && rest[j] != '"' && rest[j] != '\\' {
		if isControl(rest[j]) {
			return "", false
		}
		j++
	}
	if j < len(rest) && rest[j] == '"' {
		s.i += j + 2
		return rest[:j], true
	}
	var b strings.Builder
	b.WriteString(rest[:j])
	for j < len(rest) {
		c := rest[j]
		switch {
		case c == '"':
			s.i += j + 2
			return b.String(), true
		case isControl(c):
			return "", false
		case c != '\\':
			b.WriteByte(c)
			j++
			continue
		}
		if j+1 >= len(rest) {
			return "", false
		}
		j++
		switch rest[j] {
		case 'b':
			b.WriteByte('\b')
		case 't':
			b.WriteByte('\t')
		case 'n':
			b.WriteByte('\n')
		case 'f':
			b.WriteByte('\f')
		case 'r':
			b.WriteByte('\r')
		case '"':
			b.WriteByte('"')
		case '\\':
			b.WriteByte('\\')
		case 'u', 'U':
			n := 4
			if rest[j] == 'U' {
				n = 8
			}
			if j+n >= len(rest) {
				return "", false
			}
			v, err := strconv.ParseUint(rest[j+1:j+1+n], 16, 32)
			if err != nil || !utf8.ValidRune(rune(v)) {
				return "", false
			}
			b.WriteRune(rune(v))
			j += n
		default: // other escapes are rare; the full decoder and the 1.0 checks judge them
			return "", false
		}
		j++
	}
	return "", false // unterminated
}

func isBare(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}

func isControl(c byte) bool { return c < 0x20 && c != '\t' || c == 0x7f }

// decodeBundle reads a bundle with the full TOML decoder. The decoder does
// not report where keys are, so locate finds them with this package's lexer:
// a finding has the same position whichever path read its file.
func decodeBundle(data []byte) ([]Entry, error) {
	var raw map[string]any
	src := string(data)
	if _, err := toml.Decode(src, &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, explain(src, pe.Position.Start, pe.Message)
		}
		return nil, &SyntaxError{Msg: err.Error()}
	}
	where, bad := locate(src)
	if bad != nil {
		return nil, bad
	}
	entries := make([]Entry, 0, len(raw))
	for id, v := range raw {
		at := where[keyPath{key: id}]
		if t, ok := where[keyPath{table: id, header: true}]; ok {
			at = t
		}
		e := Entry{ID: id, Pos: at.key}
		switch v := v.(type) {
		case string:
			e.Simple = true
			e.Fields = []Field{{Key: "other", Value: v, Pos: at.key, VPos: at.value}}
		case map[string]any:
			for k, fv := range v {
				kat, ok := where[keyPath{table: id, key: k}]
				if !ok {
					kat = at
				}
				f := Field{Key: k, Pos: kat.key, VPos: kat.value}
				if s, ok := fv.(string); ok {
					f.Value = s
				} else {
					f.Type = tomlType(fv)
				}
				e.Fields = append(e.Fields, f)
			}
			slices.SortFunc(e.Fields, func(a, b Field) int {
				if a.Pos.Line != b.Pos.Line {
					return a.Pos.Line - b.Pos.Line
				}
				return strings.Compare(a.Key, b.Key)
			})
		default:
			e.NotMessage = fmt.Sprintf("is %s, not a message table or string", tomlType(v))
		}
		entries = append(entries, e)
	}
	slices.SortFunc(entries, func(a, b Entry) int {
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line - b.Pos.Line
		}
		return strings.Compare(a.ID, b.ID)
	})
	return entries, nil
}

func tomlType(v any) string {
	switch v.(type) {
	case map[string]any:
		return "a table"
	case []any, []map[string]any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case int64, float64:
		return "a number"
	default:
		return "a date or time"
	}
}

// posAt converts a byte offset into a line and column. BurntSushi/toml
// reports an error found at a newline on the line after it; counting from
// the offset puts it at the end of the line where the mistake is.
func posAt(src string, off int) Pos {
	off = min(max(off, 0), len(src))
	s := src[:off]
	line := 1 + strings.Count(s, "\n")
	return Pos{Line: line, Col: off - (strings.LastIndexByte(s, '\n') + 1) + 1}
}
