package catalog

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A textFile is a bundle as lines of text, edited by replacing and inserting
// whole lines, so that everything merge does not touch stays byte for byte.
//
// Only a bundle of the plain shape go-i18n files have qualifies: comments,
// ["code"] table headers, and key = "text" lines with a one-line string.
// Then a line holds at most one value, and changing a value is changing a
// line. Anything else (multi-line strings, inline tables, arrays, dotted
// keys, top-level "2004" = "text" entries) is refused rather than guessed at.
type textFile struct {
	file    string
	lines   []string // without line ends (and without the \r of CRLF ends)
	crlf    bool
	finalNL bool // the file ends with a line end
	entries []textEntry
	// Edits are collected against the original line numbers and applied
	// together by bytes.
	replace map[int]string
	inserts []insertion
	removed []bool

	// byID and sorted are built on first use: merging thousands of
	// entries must not search the whole file for each one.
	byID   map[string]int
	sorted bool
}

// index builds byID and notes whether the entries are in code order.
func (t *textFile) index() {
	if t.byID != nil {
		return
	}
	t.byID = make(map[string]int, len(t.entries))
	t.sorted = true
	for i, e := range t.entries {
		if _, dup := t.byID[e.id]; !dup {
			t.byID[e.id] = i
		}
		if i > 0 && compareIDs(t.entries[i-1].id, e.id) > 0 {
			t.sorted = false
		}
	}
}

// A textEntry is one [table] of a textFile.
type textEntry struct {
	id     string
	header int            // index of the header line
	keys   map[string]int // lower-cased key → index of its line
	last   int            // index of its last key line, or header
}

// A textLine is one line of a textFile, classified.
type textLine struct {
	kind         lineKind
	key          string // the table name of a header; the key of a key line
	vstart, vend int    // the byte span of a key line's value, quotes included
}

type lineKind int

const (
	blankLine lineKind = iota
	commentLine
	headerLine
	keyLine
)

type insertion struct {
	before int // the index of the line the new lines go before
	prio   int // among insertions at one place: 0 inside an entry, 1 new entries
	lines  []string
}

func newTextFile(file string, data []byte) (*textFile, error) {
	refuse := func(line int, why string) error {
		r := "it uses TOML that merge cannot edit without reformatting the file"
		if line > 0 {
			r += fmt.Sprintf(" (line %d: %s)", line, why)
		}
		return &MergeError{File: file, Reason: r + "; merge by hand, or rewrite the file as [\"code\"] tables of one-line key = \"text\" entries"}
	}
	if !utf8.Valid(data) || bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		return nil, refuse(0, "")
	}
	s := string(data)
	t := &textFile{file: file, replace: map[int]string{}}
	t.crlf = strings.Contains(s, "\r\n")
	t.finalNL = s == "" || strings.HasSuffix(s, "\n")
	s = strings.TrimSuffix(s, "\n")
	if s != "" {
		t.lines = strings.Split(s, "\n")
	}
	t.removed = make([]bool, len(t.lines))
	var cur *textEntry
	for i, l := range t.lines {
		l = strings.TrimSuffix(l, "\r")
		t.lines[i] = l
		tl, why := classifyLine(l)
		if why != "" {
			return nil, refuse(i+1, why)
		}
		switch tl.kind {
		case headerLine:
			t.entries = append(t.entries, textEntry{id: tl.key, header: i, keys: map[string]int{}, last: i})
			cur = &t.entries[len(t.entries)-1]
		case keyLine:
			if cur == nil {
				return nil, refuse(i+1, fmt.Sprintf("code %s is a top-level key; merge only edits [%s] tables", tl.key, tomlString(tl.key)))
			}
			k := strings.ToLower(tl.key)
			if _, dup := cur.keys[k]; dup {
				return nil, refuse(i+1, fmt.Sprintf("key %q appears twice in one table", tl.key))
			}
			cur.keys[k] = i
			cur.last = i
		}
	}
	return t, nil
}

// classifyLine reads one line of a plain bundle. why is set when the line is
// not of the plain shape.
func classifyLine(l string) (tl textLine, why string) {
	s := strings.TrimLeft(l, " \t")
	switch {
	case s == "":
		return textLine{kind: blankLine}, ""
	case s[0] == '#':
		return textLine{kind: commentLine}, ""
	case strings.HasPrefix(s, "[["):
		return tl, "an array of tables"
	case s[0] == '[':
		rest := strings.TrimLeft(s[1:], " \t")
		key, n, ok := readKey(rest)
		if !ok {
			return tl, "a table name merge cannot read"
		}
		rest = strings.TrimLeft(rest[n:], " \t")
		if !strings.HasPrefix(rest, "]") || !lineEnd(rest[1:]) {
			return tl, "a dotted or malformed table name"
		}
		return textLine{kind: headerLine, key: key}, ""
	}
	key, n, ok := readKey(s)
	if !ok {
		return tl, "a key merge cannot read"
	}
	rest := strings.TrimLeft(s[n:], " \t")
	if !strings.HasPrefix(rest, "=") {
		return tl, "a dotted key, or a key without a value"
	}
	rest = rest[1:]
	vstart := len(l) - len(strings.TrimLeft(rest, " \t"))
	rest = l[vstart:]
	if strings.HasPrefix(rest, `"""`) || strings.HasPrefix(rest, "'''") {
		return tl, "a multi-line string"
	}
	vlen, ok := stringLen(rest)
	if !ok {
		return tl, "a value that is not a one-line string"
	}
	if !lineEnd(rest[vlen:]) {
		return tl, "text after the value"
	}
	return textLine{kind: keyLine, key: key, vstart: vstart, vend: vstart + vlen}, ""
}

// readKey reads a bare or quoted key at the start of s and returns it with
// the bytes it took.
func readKey(s string) (key string, n int, ok bool) {
	if s == "" {
		return "", 0, false
	}
	if s[0] == '"' || s[0] == '\'' {
		n, ok := stringLen(s)
		if !ok {
			return "", 0, false
		}
		key, ok := unquoteTOML(s[:n])
		return key, n, ok
	}
	for n < len(s) && isBareKey(s[n]) {
		n++
	}
	return s[:n], n, n > 0
}

func isBareKey(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}

// stringLen returns the length of the one-line TOML string at the start of
// s, quotes included.
func stringLen(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	switch s[0] {
	case '\'':
		j := strings.IndexByte(s[1:], '\'')
		return j + 2, j >= 0
	case '"':
		for j := 1; j < len(s); j++ {
			switch s[j] {
			case '\\':
				j++
			case '"':
				return j + 1, true
			}
		}
	}
	return 0, false
}

// unquoteTOML decodes a one-line TOML string, quotes included. Its escapes
// are a subset of Go's, and the file has been read as valid TOML already.
func unquoteTOML(q string) (string, bool) {
	if q[0] == '\'' {
		return q[1 : len(q)-1], true
	}
	s, err := strconv.Unquote(q)
	return s, err == nil
}

// lineEnd reports whether s holds nothing but space and a comment.
func lineEnd(s string) bool {
	s = strings.TrimLeft(s, " \t")
	return s == "" || s[0] == '#'
}

func (t *textFile) entry(id string) *textEntry {
	t.index()
	if i, ok := t.byID[id]; ok {
		return &t.entries[i]
	}
	return nil
}

// update sets the forms a work file entry fills in, and its hash, in the
// bundle's entry e: in place where the entry has the key, on a new line
// beside its siblings where it does not.
func (t *textFile) update(e *textEntry, wm *Message) {
	// The first line of a plural form, where a new hash goes: above the
	// texts, where the shipped bundles have it.
	firstForm := -1
	for _, f := range Forms {
		if i, ok := e.keys[FormName(f)]; ok && (firstForm < 0 || i < firstForm) {
			firstForm = i
		}
	}
	beforeForms := e.last + 1
	if firstForm >= 0 {
		beforeForms = firstForm
	}
	if i, ok := e.keys["hash"]; ok {
		t.setValue(i, wm.Hash)
	} else {
		t.inserts = append(t.inserts, insertion{before: beforeForms, lines: []string{"hash = " + tomlString(wm.Hash)}})
	}
	for _, form := range Forms {
		text := wm.Text[form]
		if text == "" {
			continue
		}
		if i, ok := e.keys[FormName(form)]; ok {
			t.setValue(i, text)
			continue
		}
		// A form the entry lacks goes after the forms that come before it
		// in CLDR order, or else before the first form it has.
		at := -1
		for _, g := range Forms {
			if g == form {
				break
			}
			if i, ok := e.keys[FormName(g)]; ok {
				at = max(at, i+1)
			}
		}
		if at < 0 {
			at = beforeForms
		}
		t.inserts = append(t.inserts, insertion{before: at, lines: []string{FormName(form) + " = " + tomlString(text)}})
	}
}

// setValue replaces the string value on line i, keeping the key as written
// and anything after the value, such as a comment.
func (t *textFile) setValue(i int, value string) {
	l := t.lines[i]
	tl, _ := classifyLine(l)
	t.replace[i] = l[:tl.vstart] + tomlString(value) + l[tl.vend:]
}

// insert adds a new entry at its place in code order: before the comment
// lines directly above the first entry with a greater code, so that a
// section comment keeps introducing its section, or at the end.
func (t *textFile) insert(wm *Message) {
	block := []string{"[" + tomlString(wm.ID) + "]", "hash = " + tomlString(wm.Hash)}
	if wm.LeftDelim != "" || wm.RightDelim != "" {
		block = append(block, "leftDelim = "+tomlString(wm.LeftDelim), "rightDelim = "+tomlString(wm.RightDelim))
	}
	for _, f := range Forms {
		if wm.Text[f] != "" {
			block = append(block, FormName(f)+" = "+tomlString(wm.Text[f]))
		}
	}
	t.index()
	var next int
	if t.sorted {
		// The first entry with a greater code, by binary search.
		next, _ = slices.BinarySearchFunc(t.entries, wm.ID, func(e textEntry, id string) int {
			if compareIDs(e.id, id) > 0 {
				return 1
			}
			return -1
		})
		if next == len(t.entries) {
			next = -1
		}
	} else {
		next = slices.IndexFunc(t.entries, func(e textEntry) bool { return compareIDs(e.id, wm.ID) > 0 })
	}
	if next < 0 {
		at := len(t.lines)
		if at > 0 && strings.TrimSpace(t.lines[at-1]) != "" {
			block = append([]string{""}, block...)
		}
		t.inserts = append(t.inserts, insertion{before: at, prio: 1, lines: block})
		return
	}
	at := t.commentsAbove(t.entries[next].header)
	if at > 0 && strings.TrimSpace(t.lines[at-1]) != "" && !isCommentLine(t.lines[at-1]) {
		block = append([]string{""}, block...)
	}
	t.inserts = append(t.inserts, insertion{before: at, prio: 1, lines: append(block, "")})
}

// commentsAbove returns the index of the first of the comment lines directly
// above line h (a table header), or h when there are none. Comments that run
// up to the top of the file are the file's header, not the entry's: the
// entry then starts at h.
func (t *textFile) commentsAbove(h int) int {
	i := h
	for i > 0 && isCommentLine(t.lines[i-1]) {
		i--
	}
	if i == 0 {
		return h
	}
	return i
}

func isCommentLine(l string) bool { return strings.HasPrefix(strings.TrimLeft(l, " \t"), "#") }

// remove deletes the entry id: from the comments directly above its header
// to the comments directly above the next entry's, or the end of the file.
func (t *textFile) remove(id string) {
	t.index()
	i, ok := t.byID[id]
	if !ok {
		return
	}
	start := t.commentsAbove(t.entries[i].header)
	end := len(t.lines)
	if i+1 < len(t.entries) {
		end = t.commentsAbove(t.entries[i+1].header)
	}
	for j := start; j < end; j++ {
		t.removed[j] = true
	}
}

// bytes applies the edits and returns the new text, with the file's own
// line ends.
func (t *textFile) bytes() []byte {
	slices.SortStableFunc(t.inserts, func(a, b insertion) int {
		return cmp.Or(cmp.Compare(a.before, b.before), cmp.Compare(a.prio, b.prio))
	})
	nl := "\n"
	if t.crlf {
		nl = "\r\n"
	}
	var out bytes.Buffer
	appended := len(t.inserts) > 0 && t.inserts[len(t.inserts)-1].before == len(t.lines)
	ins := t.inserts
	for i := 0; i <= len(t.lines); i++ {
		for len(ins) > 0 && ins[0].before == i {
			for _, l := range ins[0].lines {
				out.WriteString(l)
				out.WriteString(nl)
			}
			ins = ins[1:]
		}
		if i == len(t.lines) || t.removed[i] {
			continue
		}
		l := t.lines[i]
		if r, ok := t.replace[i]; ok {
			l = r
		}
		out.WriteString(l)
		out.WriteString(nl)
	}
	if !t.finalNL && !appended && out.Len() >= len(nl) {
		out.Truncate(out.Len() - len(nl))
	}
	return out.Bytes()
}
