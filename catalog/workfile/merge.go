package workfile

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unsafe"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/internal/tomlfile"
)

// Rules of the diagnostics Merge gives for work file entries it leaves in
// the work file.
const (
	// RuleNotTranslated: the entry is still empty.
	RuleNotTranslated = "not-translated"
	// RuleIncomplete: some of the entry's forms are filled in, some empty.
	RuleIncomplete = "incomplete"
	// RuleConflict: the bundle got a different, current translation of the
	// code since the work file was written.
	RuleConflict = "conflict"
	// RuleNoHash: the entry has no hash, so its translation could not be
	// recorded as current or stale.
	RuleNoHash = "no-hash"
	// RuleStale is a note about a merged entry: the source changed after
	// the work file was written, so the merged translation is stale.
	RuleStale = "stale"
)

// An Error says why Merge refused to change a bundle at all.
type Error struct {
	File   string // the file that could not be edited safely
	Reason string
}

func (e *Error) Error() string {
	return fmt.Sprintf("cannot edit %s safely: %s", e.File, e.Reason)
}

// A File is one file Merge reads: its name as diagnostics show it, and its
// bytes.
type File struct {
	Name string
	Data []byte
}

// Input is what Merge needs, and all it reads.
type Input struct {
	// Source is the source bundle: which codes exist, and the hash of
	// their current text. Only its messages of the IDs the work file
	// names are read (IDs): a bundle holding those alone will do
	// (catalog.Folder.ReadSome).
	Source *catalog.Bundle
	// Locale is the locale being merged into.
	Locale language.Tag
	// Bundle is the locale's bundle; for a locale without one, NewBundle's
	// text.
	Bundle File
	// Work is the locale's work file.
	Work File
}

// A Result is what merging one work file into its bundle produced.
type Result struct {
	// Bundle is the bundle's new text, or nil when nothing was merged.
	Bundle []byte
	// Work is the work file's new text, holding the entries that were not
	// merged and every comment outside the merged entries, or nil when
	// nothing is left in it but errcat todo's header: the work file can go.
	// Work is non-nil with Kept empty when every entry was merged but
	// comments a person wrote outside them remain.
	Work []byte
	// Merged lists the IDs merged, ascending by code.
	Merged []string
	// Kept explains each entry left in the work file, one diagnostic (or
	// more, for an entry the loader refused) per entry.
	Kept []diag.Diagnostic
	// Notes are remarks about merged entries, such as a translation that is
	// stale on arrival because the source changed meanwhile.
	Notes []diag.Diagnostic
}

// Merge folds the filled-in entries of a work file into a locale's bundle by
// editing the bundle's text, not by re-encoding it: comments, blank lines,
// key order and quoting of everything else stay as they are. c supplies the
// source, to check that each entry's code still exists.
//
// An entry whose code the bundle has is updated in place: the lines of its
// translated forms and its hash are replaced, its other lines kept. A new
// entry is inserted at its place in code order, before the comments that
// introduce the next entry. An entry with an empty form stays in the work
// file, and so does one that conflicts with a translation made meanwhile,
// and one with a flaw (catalog.Flaws: a placeholder not the source's, a
// blank text, a template that does not parse), reported at its place in
// the work file. A flawed translation already in the bundle is no
// conflict: the entry that corrects it replaces it.
//
// Merge refuses, with an *Error, a bundle or work file it cannot edit
// line by line: one using multi-line strings, inline tables, dotted keys or
// top-level "2004" = "…" entries. It checks its result by reading it back:
// every message not merged must be unchanged and every merged one must say
// what the work file said, or it refuses rather than return a bundle that
// might lose a translation.
func Merge(in Input) (*Result, error) {
	tag, bundleFile, bundle, workFile, work := in.Locale, in.Bundle.Name, in.Bundle.Data, in.Work.Name, in.Work.Data
	wb, wdiags := catalog.ParseBundle(workFile, tag, work)
	if wb == nil {
		return nil, &catalog.LoadError{Diagnostics: wdiags}
	}
	// The bundle is read with the lexer alone: merge needs the loader's
	// message only for the codes the work file has, and builds those alone
	// (catalog.ParseEntry, as the loader builds each), not every message
	// of a bundle of 20,000 with its templates compiled. It is read once,
	// as lines for the edits; the entries merge changes are read again
	// from their own lines.
	bt, err := tomlfile.Read(bundle)
	var u *tomlfile.Unsupported
	switch {
	case errors.As(err, &u):
		return nil, unsupported(bundleFile, u)
	case err != nil:
		_, bdiags := catalog.ParseBundle(bundleFile, tag, bundle)
		return nil, &catalog.LoadError{Diagnostics: bdiags}
	}
	before := make(map[string]*catalog.Message, len(wb.Messages))
	for _, wm := range wb.Messages {
		before[wm.ID] = nil
	}
	for id := range before {
		if !bt.Has(id) {
			continue
		}
		e, ok := bt.Entry(id)
		if !ok {
			return nil, &Error{File: bundleFile, Reason: fmt.Sprintf("the entry of code %s could not be read again", id)}
		}
		before[id], _ = catalog.ParseEntry(bundleFile, &e)
	}

	res := &Result{}
	keep := func(d diag.Diagnostic) { res.Kept = append(res.Kept, d) }
	refused := map[string]bool{}
	for _, d := range wdiags {
		if d.ID != "" && wb.Lookup(d.ID) == nil {
			keep(d)
			refused[d.ID] = true
		}
	}
	var merged []*catalog.Message
	for _, wm := range wb.Messages {
		at := func(rule, format string, args ...any) diag.Diagnostic {
			return diag.At(workFile, wm.Pos, diag.Warning, wm.ID, rule, format, args...)
		}
		var written, empty []plural.Form
		for _, f := range catalog.Forms() {
			if _, ok := wm.KeyPos(catalog.FormName(f)); ok {
				written = append(written, f)
				if wm.Text[f] == "" {
					empty = append(empty, f)
				}
			}
		}
		src := in.Source.Lookup(wm.ID)
		if _, isCode := catalog.ParseCode(wm.ID); !isCode || src != nil && src.Other() == "" {
			src = nil
		}
		switch {
		case src == nil:
			keep(at(diag.RuleObsolete, "the source has no code %s any more: delete this entry", wm.ID))
			continue
		case len(written) == 0 || len(empty) == len(written):
			keep(at(RuleNotTranslated, "not translated yet"))
			continue
		case len(empty) > 0:
			keep(at(RuleIncomplete, "the %s %s still empty: fill %s in, or delete %s",
				diag.List(catalog.FormNames(empty)), diag.Plural(len(empty), "form is", "forms are"),
				diag.Plural(len(empty), "it", "them"), diag.Plural(len(empty), "its line", "their lines")))
			continue
		}
		// A translation that would render wrong is never merged, whatever
		// else: the catalog would not serve it. It stays in the work file,
		// as the translator wrote it, with each flaw at its place there.
		if flaws := catalog.Flaws(wm, src); flaws != nil {
			for _, d := range flaws {
				d.Message += " (not merged)"
				keep(d)
			}
			continue
		}
		switch {
		case wm.Hash == "":
			keep(at(RuleNoHash, "the entry has no hash; put back the line `hash = %s` that errcat todo wrote", tomlfile.Quote(src.SourceHash())))
			continue
		}
		if old := before[wm.ID]; old != nil {
			if catalog.IsTranslated(old, src) && !catalog.IsStale(old, src) && !sameText(old, wm) {
				keep(at(RuleConflict, "%s got another translation of this code meanwhile (%q); keep one of them by hand",
					bundleFile, old.Other()))
				continue
			}
			if old.LeftDelim != wm.LeftDelim || old.RightDelim != wm.RightDelim {
				keep(at(RuleConflict, "the template delimiters differ from those of the message in %s; merge this entry by hand", bundleFile))
				continue
			}
		}
		if wm.Hash != src.SourceHash() {
			res.Notes = append(res.Notes, diag.At(workFile, wm.Pos, diag.Warning, wm.ID, RuleStale,
				"merged, but the source text changed after the work file was written: the translation is stale"))
		}
		merged = append(merged, wm)
	}
	slices.SortFunc(merged, func(a, b *catalog.Message) int { return tomlfile.CompareIDs(a.ID, b.ID) })

	for _, wm := range merged {
		ed := &tomlfile.Edit{ID: wm.ID, Hash: wm.Hash, LeftDelim: wm.LeftDelim, RightDelim: wm.RightDelim}
		for i, f := range catalog.Forms() {
			ed.Text[i] = wm.Text[f]
		}
		bt.Apply(ed)
		res.Merged = append(res.Merged, wm.ID)
	}
	if len(merged) > 0 {
		res.Bundle = bt.Bytes()
		if err := checkMerged(bundleFile, bt, before, res.Bundle, merged); err != nil {
			return nil, err
		}
	}

	switch {
	case len(merged) == 0:
		res.Work = work
		if len(res.Kept) == 0 && onlyHeader(work, in) {
			res.Work = nil
		}
	default:
		wt, err := open(workFile, work)
		if err != nil {
			return nil, err
		}
		for _, wm := range merged {
			wt.Remove(wm.ID)
		}
		left := wt.Bytes()
		if lt, err := tomlfile.Open(left); err != nil || lt.Entries() != len(wb.Messages)+len(refused)-len(merged) {
			return nil, &Error{File: workFile, Reason: "the work file did not read back as intended after removing the merged entries; nothing was written"}
		}
		// The entries kept are named at their lines in the work file as
		// it is left, which the translator opens next; the merged ones
		// above them are gone from it.
		for i, d := range res.Kept {
			if d.File == workFile && d.Line > 0 {
				if n := wt.LineAfter(d.Line); n > 0 {
					res.Kept[i].Line = n
				}
			}
		}
		// The work file goes once every entry is in, unless a person wrote
		// something outside the entries, which is theirs to delete.
		res.Work = left
		if len(res.Kept) == 0 && onlyHeader(left, in) {
			res.Work = nil
		}
	}
	slices.SortStableFunc(res.Kept, func(a, b diag.Diagnostic) int { return cmp.Compare(a.Line, b.Line) })
	return res, nil
}

// IDs returns the IDs of a work file's entries in file order, or nil when
// it does not parse (Merge then says why): the messages of the source that
// Merge reads.
func IDs(work []byte) []string {
	entries, err := tomlfile.Parse(work)
	if err != nil {
		return nil
	}
	ids := make([]string, len(entries))
	for i, e := range entries {
		ids[i] = e.ID
	}
	return ids
}

// sameText reports whether a bundle's message already says what a work
// file entry says, in every form the entry fills in.
func sameText(old, wm *catalog.Message) bool {
	for _, f := range catalog.Forms() {
		if wm.Text[f] != "" && wm.Text[f] != old.Text[f] {
			return false
		}
	}
	return true
}

// open reads a file for line edits, and says why merge cannot when it
// cannot.
func open(file string, data []byte) (*tomlfile.File, error) {
	t, err := tomlfile.Open(data)
	if u := (*tomlfile.Unsupported)(nil); errors.As(err, &u) {
		return nil, unsupported(file, u)
	}
	return t, err
}

// unsupported says why merge cannot edit file, which Open refused.
func unsupported(file string, u *tomlfile.Unsupported) error {
	if u.NotUTF8 {
		return &Error{File: file, Reason: fmt.Sprintf("line %d holds %s; save the file as UTF-8 and merge again", u.Line, u.Why)}
	}
	return &Error{File: file, Reason: fmt.Sprintf("it uses TOML that merge cannot edit without reformatting the file (line %d: %s); "+
		"merge by hand, or rewrite the file as [\"code\"] tables of one-line key = \"text\" entries", u.Line, u.Why)}
}

// checkMerged reads the merged bundle back and compares it with what it
// must say: every entry merge did not touch (those of orig, the bundle
// before, as Read read it) unchanged and in the same order, its lines from
// its header to its last key the same text; and each merged one, built by
// the loader (catalog.ParseEntry), with the work file's text and hash, or
// the text it had (old) for a form the work file leaves empty. Only the
// merged entries are built as messages: an entry whose lines are those it
// had reads as the message it was, the lexer reading each line alone.
func checkMerged(file string, orig *tomlfile.File, old map[string]*catalog.Message, data []byte, merged []*catalog.Message) error {
	fail := func(format string, args ...any) error {
		return &Error{File: file, Reason: "the merged bundle did not read back as intended (" + fmt.Sprintf(format, args...) +
			"); nothing was written"}
	}
	byID := make(map[string]*catalog.Message, len(merged))
	for _, m := range merged {
		byID[m.ID] = m
	}
	// A view of data, not a copy of a bundle's size: nothing writes data
	// while the check reads it, and nothing of it outlives the check (a
	// failure's reason quotes copies).
	text := unsafe.String(unsafe.SliceData(data), len(data))
	var lines lineCursor      // where the result's lines start, for an entry's text
	var found map[string]bool // the merged entries met so far
	j := 0                    // the next entry of orig to find in the result
	step := func(e *tomlfile.Entry) error {
		if e.Simple {
			return fail("code %s is a top-level key", e.ID)
		}
		wm := byID[e.ID]
		if wm == nil {
			// Every byte of the entry's lines is compared, the comments
			// among its keys too.
			last := e.Pos.Line
			if n := len(e.Fields); n > 0 {
				last = e.Fields[n-1].Pos.Line
			}
			if j >= orig.Entries() || orig.EntryID(j) != e.ID || lines.span(e.Pos.Line, last) != orig.EntryText(j) {
				return fail("code %s changed", e.ID)
			}
			j++
			return nil
		}
		// A merged entry: updated in place, or new; once.
		if found[e.ID] {
			return fail("code %s is written twice", e.ID)
		}
		found[e.ID] = true
		if j < orig.Entries() && orig.EntryID(j) == e.ID {
			j++
		}
		got, ds := catalog.ParseEntry(file, e)
		if got == nil || len(diag.Errors(ds)) > 0 {
			return fail("code %s does not load", wm.ID)
		}
		prev := old[wm.ID]
		for _, f := range catalog.Forms() {
			want := wm.Text[f]
			if want == "" && prev != nil {
				want = prev.Text[f]
			}
			if got.Text[f] != want {
				return fail("code %s: %s is %q, not %q", wm.ID, catalog.FormName(f), got.Text[f], want)
			}
		}
		if got.Hash != wm.Hash {
			return fail("code %s: hash is %q, not %q", wm.ID, got.Hash, wm.Hash)
		}
		// Merge writes the texts and the hash; an entry's other keys stay.
		if prev != nil && (got.Description != prev.Description || got.LeftDelim != prev.LeftDelim || got.RightDelim != prev.RightDelim) {
			return fail("code %s changed beyond its texts and hash", wm.ID)
		}
		return nil
	}
	// The result is read as a stream (tomlfile.Scan) where the lexer can:
	// the walk above needs one entry at a time, and finds an ID written
	// twice itself. Anything the stream cannot read is read again whole.
	//
	// The result must also be a file the next merge can edit
	// (tomlfile.Open). A stream read proves it without a second pass: the
	// stream takes no line Open refuses, and the walk refuses what Open
	// refuses beyond lines: a top-level key (above), and a key written
	// twice in other case, which the entries merge did not touch never had
	// (Open read them before) and a merged one would have as a loader
	// error (catalog.ParseEntry, above).
	var err error
	lines, found = lineCursor{text: text}, make(map[string]bool, len(merged))
	if !tomlfile.Scan(text, func(e *tomlfile.Entry) bool { err = step(e); return err == nil }) && err == nil {
		if _, err := tomlfile.Open(data); err != nil {
			return fail("it is no longer plain one-line entries")
		}
		after, perr := tomlfile.Parse(data)
		if perr != nil {
			return fail("it does not parse")
		}
		// Lines are counted after a byte order mark, as Parse counts
		// them.
		lines = lineCursor{text: strings.TrimPrefix(text, "\uFEFF")}
		found, j = make(map[string]bool, len(merged)), 0
		for i := range after {
			if err = step(&after[i]); err != nil {
				break
			}
		}
	}
	if err != nil {
		return err
	}
	if j < orig.Entries() {
		return fail("code %s is missing", orig.EntryID(j))
	}
	for _, m := range merged {
		if !found[m.ID] {
			return fail("code %s is missing", m.ID)
		}
	}
	return nil
}

// A lineCursor finds where the lines of a text start. It moves forward
// from the line it found last, so that a walk of the entries in file
// order reads the text once.
type lineCursor struct {
	text string
	line int // the 0-based line that starts at off
	off  int
}

// start returns where line n (1-based) starts, or len(text) past the end.
func (c *lineCursor) start(n int) int {
	if n-1 < c.line {
		c.line, c.off = 0, 0
	}
	for c.line < n-1 && c.off < len(c.text) {
		i := strings.IndexByte(c.text[c.off:], '\n')
		if i < 0 {
			c.off = len(c.text)
			break
		}
		c.off += i + 1
		c.line++
	}
	return c.off
}

// span returns lines from to to (1-based, inclusive) of the text, without
// the last one's line end.
func (c *lineCursor) span(from, to int) string {
	a, b := c.start(from), c.start(to)
	l := c.text[b:]
	if i := strings.IndexByte(l, '\n'); i >= 0 {
		l = strings.TrimSuffix(l[:i], "\r")
	}
	return c.text[a : b+len(l)]
}

// onlyHeader reports whether a work file holds nothing a person wrote:
// nothing but blank lines and, at its top, the header errcat todo writes
// for the locale merged into. A header that differs in any byte counts as
// a person's, so that a note written into it is never deleted.
func onlyHeader(work []byte, in Input) bool {
	s := strings.TrimPrefix(string(work), "\uFEFF")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.TrimPrefix(s, header(in.Source, in.Locale, in.Bundle.Name))
	return strings.TrimSpace(s) == ""
}
