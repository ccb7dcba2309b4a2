package catalog

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/internal/parallel"
	"github.com/errcat/errcat/catalog/internal/tomlfile"
)

// MaxBundleSize bounds the size of one bundle file. A bundle of 100,000
// messages is about 15 MB; anything far larger is a mistake or an attack, and
// is refused before it is read into memory.
const MaxBundleSize = 32 << 20

// A Bundle is one locale's message file as read from disk.
type Bundle struct {
	Tag  language.Tag // from the file name: ja.toml holds ja
	File string       // the path diagnostics name, such as locales/ja.toml

	// Messages holds the messages in file order. A message whose table is
	// broken (an unknown key, a value that is not a string) is reported in
	// a Diagnostic and left out; one whose text would render wrong (see
	// Flaws) is kept, for the tools to report, and never served.
	Messages []*Message
	byID     map[string]*Message
}

// Lookup returns the bundle's message with the given ID, or nil.
func (b *Bundle) Lookup(id string) *Message { return b.byID[id] }

// openLimited opens name for reading, refusing what is not a regular file
// and what is over MaxBundleSize, and returns the size Stat gave (0 when it
// gave none).
func openLimited(fsys fs.FS, name string) (fs.File, int, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		return f, 0, nil
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, 0, fmt.Errorf("%s, not a regular file", describeMode(st.Mode().Type()))
	}
	if st.Size() > MaxBundleSize {
		f.Close()
		return nil, 0, fmt.Errorf("file is %d bytes, over the limit of %d", st.Size(), MaxBundleSize)
	}
	return f, int(st.Size()), nil
}

func readLimited(fsys fs.FS, name string) ([]byte, error) {
	return readLimitedInto(fsys, name, nil)
}

// readLimitedInto is readLimited into buf's storage when it holds the file.
func readLimitedInto(fsys fs.FS, name string, buf []byte) ([]byte, error) {
	f, size, err := openLimited(fsys, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Read into a buffer of the size Stat gave, and one byte more to tell
	// a file that grew meanwhile; the limit holds whatever Stat said.
	if buf = buf[:0]; cap(buf) < size+1 {
		buf = make([]byte, 0, max(size+1, 512))
	}
	r := io.LimitReader(f, MaxBundleSize+1)
	for {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, len(buf))
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if len(buf) > MaxBundleSize {
		return nil, fmt.Errorf("file is over the limit of %d bytes", MaxBundleSize)
	}
	return buf, nil
}

// readLimitedText is readLimited into a string: a reader whose lexer takes
// substrings of the text (coverage's fast path) needs no second copy of the
// file. The string is a view of readLimited's buffer, which nothing else
// holds and nothing writes again: copying through a strings.Builder, as
// io.Copy does, moved every byte of a large catalog once more (6 % of
// errcat missing's time at 20,000 codes x 30 locales).
func readLimitedText(fsys fs.FS, name string) (string, error) {
	data, err := readLimited(fsys, name)
	if err != nil {
		return "", err
	}
	return unsafe.String(unsafe.SliceData(data), len(data)), nil
}

// ParseBundle reads one bundle's bytes. file is the name diagnostics use. It
// returns nil only when the file is not valid TOML at all.
func ParseBundle(file string, tag language.Tag, data []byte) (*Bundle, []diag.Diagnostic) {
	entries, err := tomlfile.Parse(data)
	if err != nil {
		d := diag.Diagnostic{File: file, Severity: diag.Error, Rule: diag.RuleSyntax, Message: "TOML: " + err.Error()}
		var se *tomlfile.SyntaxError
		if errors.As(err, &se) {
			d.Line, d.Col = se.Pos.Line, se.Pos.Col
		}
		return nil, []diag.Diagnostic{d}
	}
	return buildBundle(file, tag, entries)
}

// buildBundle builds the bundle of entries, read from file.
func buildBundle(file string, tag language.Tag, entries []tomlfile.Entry) (*Bundle, []diag.Diagnostic) {
	b := &Bundle{Tag: tag, File: file, byID: make(map[string]*Message, len(entries))}
	// Each entry's message is built on its own, so a large bundle's are
	// built on every core: a tool that reads the source alone before it
	// can compare anything with it (coverage's survey) waits for it.
	// They are taken in file order, as one loop would take them.
	msgs := make([]*Message, len(entries))
	var found [][]diag.Diagnostic // by entry; nil for a bundle without findings
	var mu sync.Mutex
	parallel.Ranges(len(entries), parallelEntries, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			m, ds := newMessage(file, &entries[i])
			msgs[i] = m
			if ds != nil {
				mu.Lock()
				if found == nil {
					found = make([][]diag.Diagnostic, len(entries))
				}
				found[i] = ds
				mu.Unlock()
			}
		}
	})
	var diags []diag.Diagnostic
	b.Messages = make([]*Message, 0, len(entries))
	for i, m := range msgs {
		if found != nil {
			diags = append(diags, found[i]...)
		}
		if m != nil {
			b.Messages = append(b.Messages, m)
			b.byID[m.ID] = m
		}
	}
	return b, diags
}

// parseSome is ReadSome's single pass over text; ok is false when the file
// is to be read whole. The entries wanted are kept as Parse keeps them
// (their fields in one array) and built as ParseBundle builds them, on
// every core when they are many.
func parseSome(file string, tag language.Tag, text string, ids []string) (b *Bundle, diags []diag.Diagnostic, ok bool) {
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	var (
		entries []tomlfile.Entry
		fields  []tomlfile.Field
		starts  []int
	)
	n, last := 0, ""
	ok = tomlfile.Scan(text, func(e *tomlfile.Entry) bool {
		// Strictly ascending IDs rule out one written twice, which
		// Scan leaves to its caller.
		if n > 0 && tomlfile.CompareIDs(last, e.ID) >= 0 {
			return false
		}
		n, last = n+1, e.ID
		if want[e.ID] {
			// Scan reuses e and its fields; their strings are text's.
			entries = append(entries, tomlfile.Entry{ID: e.ID, Pos: e.Pos, Simple: e.Simple, NotMessage: e.NotMessage})
			starts = append(starts, len(fields))
			fields = append(fields, e.Fields...)
		}
		return true
	})
	if !ok {
		return nil, nil, false
	}
	for i := range entries {
		end := len(fields)
		if i+1 < len(entries) {
			end = starts[i+1]
		}
		entries[i].Fields = fields[starts[i]:end:end]
	}
	b, diags = buildBundle(file, tag, entries)
	return b, diags, true
}

// parallelEntries is the size from which a bundle's messages are built on
// every core: below it, the goroutines cost more than they save.
const parallelEntries = 4096

// ParseEntry builds the message of one entry of file exactly as ParseBundle
// does, with the same diagnostics; a broken entry yields a nil Message. It
// is for the tools under catalog/ that lex a file themselves (coverage's
// fast path) and want the loader's judgement of a few of its entries, not
// the cost of building every message: outside catalog/ no value of its
// argument's type can be made.
func ParseEntry(file string, e *tomlfile.Entry) (*Message, []diag.Diagnostic) {
	return newMessage(file, e)
}

// messageKeys are the keys go-i18n reads in a message table. It ignores the
// case of keys; so do we.
var messageKeys = []string{"id", "description", "hash", "leftdelim", "rightdelim", "zero", "one", "two", "few", "many", "other"}

// newMessage checks one entry and builds its Message. A broken entry yields
// diagnostics and a nil Message.
func newMessage(file string, e *tomlfile.Entry) (*Message, []diag.Diagnostic) {
	at := func(p Pos, rule, format string, args ...any) diag.Diagnostic {
		return diag.At(file, p, diag.Error, e.ID, rule, format, args...)
	}
	if e.NotMessage != "" {
		return nil, []diag.Diagnostic{at(e.Pos, diag.RuleStructure, "%s", e.NotMessage)}
	}
	if key := strings.ToLower(e.ID); e.Simple && (slices.Contains(messageKeys, key) || key == "translation") {
		// go-i18n reads a top-level key named like a message field as
		// part of one message that is the whole file, and rejects a file
		// that also has messages ("reserved keys [hash] mixed with
		// unreserved keys [2004]"). A file of such keys alone would be one
		// message with no ID, which no code can name.
		return nil, []diag.Diagnostic{at(e.Pos, diag.RuleStructure,
			"top-level key %q is a message field outside any message table, which go-i18n rejects; move it under its message's table, such as [\"2004\"]", e.ID)}
	}
	m := &Message{ID: e.ID, File: file, Pos: e.Pos, keys: make([]keyPos, 0, len(e.Fields))}
	m.Code, _ = ParseCode(e.ID)
	var diags []diag.Diagnostic
	// seen holds, by index in messageKeys (which has fewer than 16), the
	// 1-based index in e.Fields where that key was first written.
	var seen [16]int
	for i, f := range e.Fields {
		key := strings.ToLower(f.Key)
		k := slices.Index(messageKeys, key)
		if k < 0 {
			d := at(f.Pos, diag.RuleUnknownKey, "unknown key %q in a message", f.Key)
			if near := nearest(key); near != "" {
				d.Message += fmt.Sprintf(" (did you mean %q?)", near)
			}
			diags = append(diags, d)
			continue
		}
		// go-i18n reads keys without regard to case, so "other" and
		// "Other" are one key to it, and which text wins depends on its
		// map's order: the served text could change with no edit to the
		// message. TOML sees two keys; errcat refuses them, as a key
		// written twice.
		if j := seen[k]; j > 0 {
			first := e.Fields[j-1]
			diags = append(diags, at(f.Pos, diag.RuleDuplicateKey, "key %q repeats %q of line %d:%d: go-i18n reads keys without regard to case, so they are one key; keep one",
				f.Key, first.Key, first.Pos.Line, first.Pos.Col))
			continue
		}
		seen[k] = i + 1
		if f.Type != "" {
			diags = append(diags, at(f.VPos, diag.RuleStructure, "%s is %s; it must be a string", f.Key, f.Type))
			continue
		}
		m.keys = append(m.keys, keyPos{key, f.Pos})
		switch key {
		case "id":
			if f.Value != e.ID {
				diags = append(diags, at(f.VPos, diag.RuleStructure, "id %q differs from the table name %q", f.Value, e.ID))
			}
		case "description":
			m.Description = f.Value
		case "hash":
			m.Hash = f.Value
		case "leftdelim":
			m.LeftDelim = f.Value
		case "rightdelim":
			m.RightDelim = f.Value
		default:
			form, _ := ParseForm(key)
			m.Text[form] = f.Value
			m.At[form] = f.VPos
		}
	}
	// Each form's template is compiled on its own, so that a translator
	// sees every broken form at once, at the place of its text. A form that
	// does not compile is not an error of the file: the message is kept,
	// and Flaws reports it, so that a translation with a slip falls back
	// alone while the rest of its bundle is served.
	for _, f := range forms {
		if err := m.compileForm(f); err != nil {
			if m.bad == nil {
				m.bad = new([numForms]error)
			}
			m.bad[f] = err
		}
	}
	m.setPlain()
	if len(diag.Errors(diags)) > 0 {
		return nil, diags
	}
	return m, diags
}

// nearest suggests the message key a misspelt key was meant to be.
func nearest(key string) string {
	best, bestDist := "", 3
	for _, k := range messageKeys {
		if d := editDistance(key, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// ParseCode reads a message ID as an error code: a decimal number without a
// sign or leading zeros, so that each code has exactly one spelling.
func ParseCode(id string) (int, bool) { return tomlfile.ParseCode(id) }

func sourceHash(m *Message) string {
	// The hashed bytes are gathered in one buffer, on the stack for the
	// usual message, and the hash written into one string: SourceCodes
	// hashes every message of the source, and a hash.Hash, its sum and
	// its hex were five allocations each.
	var buf [512]byte
	b := append(buf[:0], m.Description...)
	b = append(b, m.Text[plural.Other]...)
	for _, f := range forms {
		if f != plural.Other && m.Text[f] != "" {
			// Only messages with several forms get here, so messages with
			// "other" alone keep go-i18n's exact hash.
			b = append(append(append(append(b, 0), FormName(f)...), 0), m.Text[f]...)
		}
	}
	sum := sha1.Sum(b)
	var out [len("sha1-") + 2*sha1.Size]byte
	copy(out[:], "sha1-")
	hex.Encode(out[len("sha1-"):], sum[:])
	return string(out[:])
}
