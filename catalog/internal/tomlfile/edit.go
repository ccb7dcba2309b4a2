package tomlfile

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// FormKeys are the plural form keys of a message, in the CLDR order go-i18n
// writes them: an Edit's Text is indexed the same way.
var FormKeys = [...]string{"zero", "one", "two", "few", "many", "other"}

// A File is a bundle as lines of text, edited by replacing and inserting
// whole lines, so that everything an edit does not touch stays byte for
// byte.
//
// Only a bundle of the plain shape go-i18n files have qualifies: comments,
// ["code"] table headers, and key = "text" lines with a one-line string.
// Then a line holds at most one value, and changing a value is changing a
// line. Anything else (multi-line strings, inline tables, arrays, dotted
// keys, top-level "2004" = "text" entries) is refused by Open rather than
// guessed at. Lines are classified with the same lexer Parse uses.
//
// Line ends are kept line by line: a line an edit does not touch keeps its
// own end, LF or CRLF, and a line whose value changes keeps the end it had,
// so one CRLF line in an LF file (or the reverse) changes nothing else.
// New lines take the end most of the file's lines have (LF on a tie, or in
// an empty file): a stray line pasted from another editor should not
// spread its convention. A UTF-8 byte order mark is kept too.
type File struct {
	bom bool   // the file starts with a UTF-8 byte order mark, which Bytes keeps
	src string // the text after the mark
	// starts[i] is where line i begins in src, its own end included, and
	// starts[len(starts)-1] is len(src): offsets rather than a string per
	// line, so that the collector has nothing to scan in them and Bytes
	// copies the lines between two edits at once.
	starts  []int
	nl      string // the end new lines get: the one most lines have
	finalNL bool   // the file ends with a line end
	entries []entry
	// Edits are collected against the original line numbers and applied
	// together by Bytes.
	replace map[int]string
	inserts []insertion
	placed  map[int]bool // the lines before which new entries go
	removed []bool

	// indexed, sorted and byID are set on first use: merging thousands
	// of entries must not search the whole file for each one.
	indexed bool
	sorted  bool
	byID    map[string]int // only when the entries are not in code order
}

// An Unsupported error says why Open refused a file: Line (1-based) uses
// TOML that line edits cannot handle, or, when NotUTF8 is set, holds bytes
// that are not UTF-8 text.
type Unsupported struct {
	Line    int
	Why     string
	NotUTF8 bool
}

func (e *Unsupported) Error() string {
	return fmt.Sprintf("line %d: %s", e.Line, e.Why)
}

// An Edit is what to write into one entry: its hash and the text of each
// form it sets (indexed as FormKeys; empty means leave the form alone), and
// for a new entry its template delimiters.
type Edit struct {
	ID                    string
	Hash                  string
	LeftDelim, RightDelim string
	Text                  [len(FormKeys)]string
}

// index notes whether the entries are in code order, and builds byID when
// they are not: in order, an entry is found by binary search, and a bundle
// of 20,000 entries needs no map of them.
func (t *File) index() {
	if t.indexed {
		return
	}
	t.indexed, t.sorted = true, true
	for i := 1; i < len(t.entries) && t.sorted; i++ {
		t.sorted = CompareIDs(t.entries[i-1].id, t.entries[i].id) <= 0
	}
	if t.sorted {
		return
	}
	t.byID = make(map[string]int, len(t.entries))
	for i, e := range t.entries {
		if _, dup := t.byID[e.id]; !dup {
			t.byID[e.id] = i
		}
	}
}

// find returns the index of the first entry id.
func (t *File) find(id string) (int, bool) {
	t.index()
	if !t.sorted {
		i, ok := t.byID[id]
		return i, ok
	}
	// The first entry not below id: the first of several with that ID.
	i := sort.Search(len(t.entries), func(i int) bool { return CompareIDs(t.entries[i].id, id) >= 0 })
	return i, i < len(t.entries) && t.entries[i].id == id
}

// An entry is one [table] of a File.
type entry struct {
	id     string
	header int     // index of the header line
	keys   []keyAt // its keys in file order: a window into one array for the whole file
	last   int     // index of its last key line, or header
}

// keyAt is a key of an entry, lower-cased, and the index of its line. An
// entry has a handful: a slice searched in order costs less than a map
// each, of which a bundle of 20,000 entries built 20,000.
type keyAt struct {
	key  string
	line int
}

// key returns the index of the line of key k (lower case) in e.
func (e *entry) key(k string) (int, bool) {
	for _, ka := range e.keys {
		if ka.key == k {
			return ka.line, true
		}
	}
	return 0, false
}

// A textLine is one line of a File, classified.
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

// bom is the UTF-8 encoding of U+FEFF, which some editors put at the start
// of a file; TOML allows it there, and the decoder skips it.
const bom = "\xef\xbb\xbf"

// Open reads data for line edits. It returns an *Unsupported error for a
// file it cannot edit without reformatting it. A plain bundle is read by
// the lexer's stream, as Read reads it; any other file line by line.
func Open(data []byte) (*File, error) {
	s := string(data)
	if t, ok := readPlain(s); ok {
		return t, nil
	}
	return openLines(s)
}

// openLines is Open line by line, for any file: what a file the lexer's
// stream does not take needs, and what says why Open refuses one.
func openLines(s string) (*File, error) {
	t, err := split(s)
	if err != nil {
		return nil, err
	}
	if err := t.classify(); err != nil {
		return nil, err
	}
	return t, nil
}

// split reads s as lines: what Open and Read do before they read what the
// lines say.
func split(s string) (*File, error) {
	t := &File{replace: map[int]string{}}
	if strings.HasPrefix(s, bom) {
		t.bom, s = true, s[len(bom):]
	}
	if !utf8.ValidString(s) {
		line := 1 + strings.Count(s[:firstInvalid(s)], "\n")
		return nil, &Unsupported{Line: line, Why: "bytes that are not UTF-8 text", NotUTF8: true}
	}
	t.src = s
	t.finalNL = s == "" || strings.HasSuffix(s, "\n")
	crlf := 0
	// Sized once: growing it by appending copied a large bundle's
	// offsets a dozen times.
	t.starts = make([]int, 0, strings.Count(s, "\n")+2)
	for i := 0; i < len(s); {
		t.starts = append(t.starts, i)
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			break
		}
		// Only a CR before the LF is part of the line end; a lone CR
		// stays in the line, where classifyLine refuses it.
		if j > 0 && s[i+j-1] == '\r' {
			crlf++
		}
		i += j + 1
	}
	t.starts = append(t.starts, len(s))
	n := t.lines()
	t.nl = "\n"
	if crlf > n-crlf-b2i(!t.finalNL) {
		t.nl = "\r\n"
	}
	t.removed = make([]bool, n)
	return t, nil
}

// lines returns how many lines the file has.
func (t *File) lines() int { return len(t.starts) - 1 }

// line returns line i without its end, and its end: "\n", "\r\n", or ""
// for a last line without one.
func (t *File) line(i int) (text, end string) {
	text = t.src[t.starts[i]:t.starts[i+1]]
	if strings.HasSuffix(text, "\n") {
		text, end = text[:len(text)-1], "\n"
		if strings.HasSuffix(text, "\r") {
			text, end = text[:len(text)-1], "\r\n"
		}
	}
	return text, end
}

// text returns line i without its end.
func (t *File) text(i int) string {
	l, _ := t.line(i)
	return l
}

// classify reads every line with classifyLine, and the entries and keys
// from the lines, or says which line Open refuses and why.
func (t *File) classify() error {
	var keys []keyAt // every entry's keys, each entry's a window, set below
	var starts []int // starts[i] is where entry i's keys begin in keys
	var cur *entry
	for i := range t.lines() {
		tl, why := classifyLine(t.text(i))
		if why != "" {
			return &Unsupported{Line: i + 1, Why: why}
		}
		switch tl.kind {
		case headerLine:
			t.entries = append(t.entries, entry{id: tl.key, header: i, last: i})
			starts = append(starts, len(keys))
			cur = &t.entries[len(t.entries)-1]
		case keyLine:
			if cur == nil {
				return &Unsupported{Line: i + 1, Why: fmt.Sprintf("code %s is a top-level key; merge only edits [%s] tables", tl.key, Quote(tl.key))}
			}
			k := strings.ToLower(tl.key)
			for _, ka := range keys[starts[len(starts)-1]:] {
				if ka.key == k {
					return &Unsupported{Line: i + 1, Why: fmt.Sprintf("key %q appears twice in one table", tl.key)}
				}
			}
			keys = append(keys, keyAt{k, i})
			cur.last = i
		}
	}
	t.windows(keys, starts)
	return nil
}

// windows sets each entry's keys to its part of keys, which starts[i]
// begins for entry i.
func (t *File) windows(keys []keyAt, starts []int) {
	for i := range t.entries {
		end := len(keys)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		t.entries[i].keys = keys[starts[i]:end:end]
	}
}

// Read reads data for line edits as Open does, and requires it to be a
// bundle Parse reads: the error is Parse's when the file does not parse,
// or else Open's *Unsupported. Entry gives each table's entry as Parse
// gives it.
//
// A plain bundle, which the lexer's stream (Scan) reads, is read once: the
// lines of each table and its keys come from the positions of the entry
// Scan yields. Scan takes no line Open refuses (it reads the same lines
// with the same lexer, and takes less: no byte order mark, no control
// character, no escape beyond the common ones); what Open refuses beyond
// single lines, a top-level key and a key written twice in other case, is
// checked here. Any file the stream does not take, or one whose tables are
// not in strict code order (where a table written twice would need a set
// of every ID to be found), is read by Parse and Open in turn.
func Read(data []byte) (*File, error) {
	s := string(data)
	if t, ok := readPlain(s); ok {
		return t, nil
	}
	if _, err := Parse(data); err != nil {
		return nil, err
	}
	return openLines(s)
}

// readPlain is Read's single pass; ok is false when the file needs the two.
func readPlain(s string) (t *File, ok bool) {
	if strings.HasPrefix(s, bom) { // Scan leaves the mark to the full decoder
		return nil, false
	}
	t, err := split(s)
	if err != nil {
		return nil, false
	}
	// Sized once, as Parse sizes its slices, and for the same reason.
	tables := min(strings.Count(s, "[")+1, len(s)/8+1)
	keys := make([]keyAt, 0, min(strings.Count(s, "=")+1, len(s)/6+1))
	starts := make([]int, 0, tables)
	t.entries = make([]entry, 0, tables)
	ok = Scan(s, func(e *Entry) bool {
		if e.Simple {
			return false
		}
		// In strict code order no ID is written twice: TOML forbids it
		// and Parse refuses it; out of order, Parse judges the file.
		if n := len(t.entries); n > 0 && CompareIDs(t.entries[n-1].id, e.ID) >= 0 {
			return false
		}
		te := entry{id: e.ID, header: e.Pos.Line - 1, last: e.Pos.Line - 1}
		first := len(keys)
		for _, f := range e.Fields {
			k := strings.ToLower(f.Key)
			for _, ka := range keys[first:] {
				if ka.key == k {
					return false
				}
			}
			keys = append(keys, keyAt{k, f.Pos.Line - 1})
			te.last = f.Pos.Line - 1
		}
		t.entries = append(t.entries, te)
		starts = append(starts, first)
		return true
	})
	if !ok {
		return nil, false
	}
	t.windows(keys, starts)
	return t, true
}

// Entry returns the entry of table id as Parse reads it: the same ID,
// fields, values and positions. The file must be one Read accepted. ok is
// false when the file has no table id, or when its lines are not read by
// the lexer's stream, which for such a file does not happen.
//
// It reads the table's lines alone, from its header to its last key, with
// the lexer Parse uses: an edit reads the few entries it changes, not the
// whole file again.
func (t *File) Entry(id string) (e Entry, ok bool) {
	i, ok := t.find(id)
	if !ok {
		return Entry{}, false
	}
	h := t.entries[i].header
	n := 0
	ok = Scan(t.src[t.starts[h]:t.starts[t.entries[i].last+1]], func(got *Entry) bool {
		if n++; n > 1 || got.Simple {
			return false
		}
		e = *got
		e.Pos.Line += h
		e.Fields = slices.Clone(got.Fields)
		for j := range e.Fields {
			e.Fields[j].Pos.Line += h
			e.Fields[j].VPos.Line += h
		}
		return true
	})
	return e, ok && n == 1
}

// EntryID returns the ID of the file's i-th table (0-based, in file order).
func (t *File) EntryID(i int) string { return t.entries[i].id }

// EntryText returns the text of the file's i-th table, from the start of
// its header line to the end of its last key line, that line's end
// excluded: the lines in between keep theirs, comments among them too.
func (t *File) EntryText(i int) string {
	e := t.entries[i]
	return t.src[t.starts[e.header] : t.starts[e.last]+len(t.text(e.last))]
}

// firstInvalid returns the index of the first byte of s that is not part of
// valid UTF-8.
func firstInvalid(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return i
			}
		}
	}
	return len(s)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Entries returns how many [tables] the file has.
func (t *File) Entries() int { return len(t.entries) }

// classifyLine reads one line of a plain bundle with Parse's lexer. why is
// set when the line is not of the plain shape.
func classifyLine(l string) (tl textLine, why string) {
	s := lineScanner{text: l}
	s.skipSpace()
	switch {
	case s.done():
		return textLine{kind: blankLine}, ""
	case s.peek() == '#':
		return textLine{kind: commentLine}, ""
	case strings.HasPrefix(l[s.i:], "[["):
		return tl, "an array of tables"
	case s.peek() == '[':
		s.i++
		s.skipSpace()
		key, ok := s.key()
		if !ok {
			if s.peek() == '.' {
				return tl, "a dotted or malformed table name"
			}
			return tl, "a table name merge cannot read"
		}
		s.skipSpace()
		if s.peek() != ']' {
			return tl, "a dotted or malformed table name"
		}
		s.i++
		if !s.end() {
			return tl, "a dotted or malformed table name"
		}
		return textLine{kind: headerLine, key: key}, ""
	}
	key, ok := s.key()
	if !ok {
		if s.peek() == '.' {
			return tl, "a dotted key, or a key without a value"
		}
		return tl, "a key merge cannot read"
	}
	s.skipSpace()
	if s.peek() != '=' {
		return tl, "a dotted key, or a key without a value"
	}
	s.i++
	s.skipSpace()
	vstart := s.i
	if rest := l[vstart:]; strings.HasPrefix(rest, `"""`) || strings.HasPrefix(rest, "'''") {
		return tl, "a multi-line string"
	}
	if _, ok := s.str(); !ok {
		return tl, "a value that is not a one-line string"
	}
	vend := s.i
	if !s.end() {
		return tl, "text after the value"
	}
	return textLine{kind: keyLine, key: key, vstart: vstart, vend: vend}, ""
}

func (t *File) entry(id string) *entry {
	if i, ok := t.find(id); ok {
		return &t.entries[i]
	}
	return nil
}

// Has reports whether the file has a table for id.
func (t *File) Has(id string) bool { return t.entry(id) != nil }

// Apply writes ed into the file: into its entry, in place, when the file
// has one, or as a new entry at its place in code order.
func (t *File) Apply(ed *Edit) {
	if e := t.entry(ed.ID); e != nil {
		t.update(e, ed)
	} else {
		t.insert(ed)
	}
}

// update sets the forms a work file entry fills in, and its hash, in the
// bundle's entry e: in place where the entry has the key, on a new line
// beside its siblings where it does not.
func (t *File) update(e *entry, wm *Edit) {
	// The first line of a plural form, where a new hash goes: above the
	// texts, where the shipped bundles have it.
	firstForm := -1
	for _, f := range FormKeys {
		if i, ok := e.key(f); ok && (firstForm < 0 || i < firstForm) {
			firstForm = i
		}
	}
	beforeForms := e.last + 1
	if firstForm >= 0 {
		beforeForms = firstForm
	}
	if i, ok := e.key("hash"); ok {
		t.setValue(i, wm.Hash)
	} else {
		t.inserts = append(t.inserts, insertion{before: beforeForms, lines: []string{"hash = " + Quote(wm.Hash)}})
	}
	for fi, form := range FormKeys {
		text := wm.Text[fi]
		if text == "" {
			continue
		}
		if i, ok := e.key(form); ok {
			t.setValue(i, text)
			continue
		}
		// A form the entry lacks goes after the forms that come before it
		// in CLDR order, or else before the first form it has.
		at := -1
		for _, g := range FormKeys[:fi] {
			if i, ok := e.key(g); ok {
				at = max(at, i+1)
			}
		}
		if at < 0 {
			at = beforeForms
		}
		t.inserts = append(t.inserts, insertion{before: at, lines: []string{form + " = " + Quote(text)}})
	}
}

// setValue replaces the string value on line i, keeping the key as written
// and anything after the value, such as a comment.
func (t *File) setValue(i int, value string) {
	l := t.text(i)
	tl, _ := classifyLine(l)
	t.replace[i] = l[:tl.vstart] + Quote(value) + l[tl.vend:]
}

// insert adds a new entry at its place in code order.
func (t *File) insert(wm *Edit) {
	block := []string{"[" + Quote(wm.ID) + "]", "hash = " + Quote(wm.Hash)}
	if wm.LeftDelim != "" || wm.RightDelim != "" {
		block = append(block, "leftDelim = "+Quote(wm.LeftDelim), "rightDelim = "+Quote(wm.RightDelim))
	}
	for fi, f := range FormKeys {
		if wm.Text[fi] != "" {
			block = append(block, f+" = "+Quote(wm.Text[fi]))
		}
	}
	t.place(wm.ID, block)
}

// Insert adds lines, a whole entry whose table is id (its header line
// first, without line ends), at the entry's place in code order, as Apply
// does a new entry. The file must not have a table id yet; Insert does
// nothing when it has.
func (t *File) Insert(id string, lines []string) {
	if t.Has(id) {
		return
	}
	t.place(id, lines)
}

// place puts block, a new entry id, at its place in code order: before the
// comment lines directly above the first entry with a greater code, so that
// a section comment keeps introducing its section, or at the end. Blank
// lines separate it from its neighbours.
func (t *File) place(id string, block []string) {
	t.index()
	var next int
	if t.sorted {
		// The first entry with a greater code, by binary search.
		next, _ = slices.BinarySearchFunc(t.entries, id, func(e entry, id string) int {
			if CompareIDs(e.id, id) > 0 {
				return 1
			}
			return -1
		})
		if next == len(t.entries) {
			next = -1
		}
	} else {
		next = slices.IndexFunc(t.entries, func(e entry) bool { return CompareIDs(e.id, id) > 0 })
	}
	// Several new entries may go in at one place; each is separated from
	// the one before it, which is either an earlier insertion there or the
	// file's line above.
	at := t.lines()
	if next >= 0 {
		at = t.commentsAbove(t.entries[next].header)
	}
	follows := t.placed[at]
	if t.placed == nil {
		t.placed = map[int]bool{}
	}
	t.placed[at] = true
	above := at > 0 && strings.TrimSpace(t.text(at-1)) != "" && (next < 0 || !isCommentLine(t.text(at-1)))
	if next < 0 {
		if follows || above {
			block = append([]string{""}, block...)
		}
	} else {
		if !follows && above {
			block = append([]string{""}, block...)
		}
		block = append(block, "")
	}
	t.inserts = append(t.inserts, insertion{before: at, prio: 1, lines: block})
}

// commentsAbove returns the index of the first of the comment lines directly
// above line h (a table header), or h when there are none. Comments that run
// up to the top of the file are the file's header, not the entry's: the
// entry then starts at h.
func (t *File) commentsAbove(h int) int {
	i := h
	for i > 0 && isCommentLine(t.text(i-1)) {
		i--
	}
	if i == 0 {
		return h
	}
	return i
}

func isCommentLine(l string) bool { return strings.HasPrefix(strings.TrimLeft(l, " \t"), "#") }

// Remove deletes the entry id: its lines from its header to its last key,
// comments among them included, and the blank lines that separated it from
// what follows (or, for the last entry, from what precedes it). Comments
// outside those lines stay where they are, whoever wrote them: a comment
// above the header may introduce a section, and one below the last key may
// be a note a person left; neither is the entry's to take along.
func (t *File) Remove(id string) {
	i, ok := t.find(id)
	if !ok {
		return
	}
	// Lines already removed count as blank, so that removing several
	// entries gives the same text in any order.
	gone := func(j int) bool { return t.removed[j] || strings.TrimSpace(t.text(j)) == "" }
	e := t.entries[i]
	start, end := e.header, e.last+1
	for end < t.lines() && gone(end) {
		end++
	}
	if end == t.lines() {
		// Nothing follows: take the blank lines above instead, so that the
		// file does not end in them.
		for start > 0 && gone(start-1) {
			start--
		}
	}
	for j := start; j < end; j++ {
		t.removed[j] = true
	}
}

// LineAfter returns where line (1-based, of the text Open read) is in the
// text Bytes returns, once the edits so far are applied: earlier lines
// removed move it up, lines inserted before it move it down. It returns 0
// for a line removed. A tool that reports a place in a file it has just
// edited reports it here, where the reader will look.
func (t *File) LineAfter(line int) int {
	if line < 1 || line > t.lines() || t.removed[line-1] {
		return 0
	}
	n := line
	for j := 0; j < line-1; j++ {
		if t.removed[j] {
			n--
		}
	}
	for _, in := range t.inserts {
		if in.before <= line-1 {
			n += len(in.lines)
		}
	}
	return n
}

// Bytes applies the edits and returns the new text: each line the edits
// kept with its own line end, new lines with the file's usual one.
func (t *File) Bytes() []byte {
	slices.SortStableFunc(t.inserts, func(a, b insertion) int {
		return cmp.Or(cmp.Compare(a.before, b.before), cmp.Compare(a.prio, b.prio))
	})
	// The lines replaced, in order, so that the lines between two edits
	// are copied at once; and the size of the result, so that it is
	// allocated once.
	replaced := slices.Sorted(maps.Keys(t.replace))
	size := len(bom) + len(t.src)
	for _, in := range t.inserts {
		for _, l := range in.lines {
			size += len(l) + len(t.nl)
		}
	}
	for _, r := range t.replace {
		size += len(r)
	}
	out := make([]byte, 0, size)
	if t.bom {
		out = append(out, bom...)
	}
	// open is set while the last line written has no line end yet: the
	// last line of a file without a final one, which needs an end when
	// something is written after it.
	open := false
	lastEnd := 0
	write := func(l, end string) {
		if open {
			out = append(out, t.nl...)
		}
		out = append(out, l...)
		out = append(out, end...)
		open, lastEnd = end == "", len(end)
	}
	n := t.lines()
	appended := len(t.inserts) > 0 && t.inserts[len(t.inserts)-1].before == n
	ins := t.inserts
	for i := 0; i <= n; {
		for len(ins) > 0 && ins[0].before == i {
			for _, l := range ins[0].lines {
				write(l, t.nl)
			}
			ins = ins[1:]
		}
		switch {
		case i == n:
			i++
		case t.removed[i]:
			i++
		case len(replaced) > 0 && replaced[0] == i:
			_, end := t.line(i)
			write(t.replace[i], end)
			replaced = replaced[1:]
			i++
		default:
			// The lines up to the next edit, as they are: only the last
			// of them can lack an end, and only the file's last line.
			j := i + 1
			for j < n && !t.removed[j] && (len(ins) == 0 || ins[0].before > j) && (len(replaced) == 0 || replaced[0] > j) {
				j++
			}
			if open {
				out = append(out, t.nl...)
			}
			out = append(out, t.src[t.starts[i]:t.starts[j]]...)
			_, end := t.line(j - 1)
			open, lastEnd = end == "", len(end)
			i = j
		}
	}
	// A file without a final line end keeps lacking one, unless new
	// entries were appended after its last line.
	if !t.finalNL && !appended && !open {
		out = out[:len(out)-lastEnd]
	}
	return out
}
