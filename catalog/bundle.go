package catalog

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// MaxBundleSize bounds the size of one bundle file. A bundle of 100,000
// messages is about 15 MB; anything far larger is a mistake or an attack, and
// is refused before it is read into memory.
const MaxBundleSize = 32 << 20

// A Bundle is one locale's message file as read from disk.
type Bundle struct {
	Tag  language.Tag // from the file name: ja.toml holds ja
	File string       // the path diagnostics name, such as locales/ja.toml

	// Messages holds the usable messages in file order. A message whose
	// table is broken is reported in a Diagnostic and left out.
	Messages []*Message
	byID     map[string]*Message
}

// Lookup returns the bundle's message with the given ID, or nil.
func (b *Bundle) Lookup(id string) *Message { return b.byID[id] }

// IsWorkFile reports whether name is a translator's work file written by
// `errcat todo` (translate.ja.toml) rather than a bundle.
func IsWorkFile(name string) bool {
	return strings.HasPrefix(name, "translate.") && strings.HasSuffix(name, ".toml")
}

// IsBundleName reports whether a file in a locales directory is a bundle.
// Work files and the hidden or backup files editors leave beside the file
// being edited (.ja.toml.swp, ja.toml~, #ja.toml#) are not.
func IsBundleName(name string) bool {
	return strings.HasSuffix(name, ".toml") && !IsWorkFile(name) &&
		!strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "#")
}

// ReadBundles reads every bundle in the top folder of fsys. display is the
// folder's name as diagnostics should show it ("locales"). It never stops at
// the first problem: it returns each bundle it could read and a diagnostic
// for everything wrong, so that a translator sees every problem at once.
func ReadBundles(fsys fs.FS, display string) ([]*Bundle, []Diagnostic) {
	ents, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, []Diagnostic{{File: display, Severity: Error, Rule: "read", Message: err.Error()}}
	}
	files, srcName, diags := listBundles(ents, display)
	if srcName != "" {
		files = append([]bundleFile{{srcName, DefaultSource}}, files...)
	}
	// Bundles are read and parsed on every core; each result keeps its
	// place, so the outcome does not depend on scheduling.
	read := make([]*Bundle, len(files))
	found := make([][]Diagnostic, len(files))
	eachBundle(len(files), func(i int) {
		read[i], _, found[i] = readBundle(fsys, display, files[i].name, files[i].tag)
	})
	var bundles []*Bundle
	for i := range files {
		diags = append(diags, found[i]...)
		if read[i] != nil {
			bundles = append(bundles, read[i])
		}
	}
	return bundles, diags
}

func readLimited(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > MaxBundleSize {
		return nil, fmt.Errorf("file is %d bytes, over the limit of %d", st.Size(), MaxBundleSize)
	}
	// Read into a buffer of the size Stat gave, and one byte more to tell
	// a file that grew meanwhile; the limit holds whatever Stat said.
	size := 512
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		size = int(st.Size()) + 1
	}
	buf := make([]byte, 0, size)
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

// ParseBundle reads one bundle's bytes. file is the name diagnostics use. It
// returns nil only when the file is not valid TOML at all.
func ParseBundle(file string, tag language.Tag, data []byte) (*Bundle, []Diagnostic) {
	entries, err := parseBundle(data)
	if err != nil {
		d := Diagnostic{File: file, Severity: Error, Rule: "syntax", Message: "TOML: " + err.Error()}
		if se, ok := err.(*syntaxError); ok {
			d.Line, d.Col = se.pos.Line, se.pos.Col
		}
		return nil, []Diagnostic{d}
	}
	b := &Bundle{Tag: tag, File: file, byID: make(map[string]*Message, len(entries))}
	var diags []Diagnostic
	for i := range entries {
		m, ds := newMessage(file, &entries[i])
		diags = append(diags, ds...)
		if m != nil {
			b.Messages = append(b.Messages, m)
			b.byID[m.ID] = m
		}
	}
	return b, diags
}

// messageKeys are the keys go-i18n reads in a message table. It ignores the
// case of keys; so do we.
var messageKeys = []string{"id", "description", "hash", "leftdelim", "rightdelim", "zero", "one", "two", "few", "many", "other"}

// newMessage checks one entry and builds its Message. A broken entry yields
// diagnostics and a nil Message.
func newMessage(file string, e *entry) (*Message, []Diagnostic) {
	diag := func(p Pos, sev Severity, rule, format string, args ...any) Diagnostic {
		return Diagnostic{File: file, Line: p.Line, Col: p.Col, Severity: sev, ID: e.id, Rule: rule, Message: fmt.Sprintf(format, args...)}
	}
	if e.notMessage != "" {
		return nil, []Diagnostic{diag(e.pos, Error, "structure", "%s", e.notMessage)}
	}
	m := &Message{ID: e.id, File: file, Pos: e.pos, keys: make([]keyPos, 0, len(e.fields))}
	m.Code, _ = ParseCode(e.id)
	var diags []Diagnostic
	for _, f := range e.fields {
		key := strings.ToLower(f.key)
		if !slices.Contains(messageKeys, key) {
			d := diag(f.pos, Error, "unknown-key", "unknown key %q in a message", f.key)
			if near := nearest(key); near != "" {
				d.Message += fmt.Sprintf(" (did you mean %q?)", near)
			}
			diags = append(diags, d)
			continue
		}
		if f.typ != "" {
			diags = append(diags, diag(f.vpos, Error, "structure", "%s is %s; it must be a string", f.key, f.typ))
			continue
		}
		m.keys = append(m.keys, keyPos{key, f.pos})
		switch key {
		case "id":
			if f.value != e.id {
				diags = append(diags, diag(f.vpos, Error, "structure", "id %q differs from the table name %q", f.value, e.id))
			}
		case "description":
			m.Description = f.value
		case "hash":
			m.Hash = f.value
		case "leftdelim":
			m.LeftDelim = f.value
		case "rightdelim":
			m.RightDelim = f.value
		default:
			form, _ := formOf(key)
			m.Text[form] = f.value
			m.At[form] = f.vpos
		}
	}
	if err := m.compile(); err != nil {
		form, _ := formOf(strings.SplitN(err.Error(), ":", 2)[0])
		diags = append(diags, diag(m.At[form], Error, "template", "%v", err))
		return nil, diags
	}
	if len(errorsOf(diags)) > 0 {
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
func ParseCode(id string) (int, bool) {
	if id == "" || len(id) > 9 || id[0] == '0' && len(id) > 1 {
		return 0, false
	}
	n, err := strconv.Atoi(id)
	if err != nil || n < 0 || id[0] == '+' {
		return 0, false
	}
	return n, true
}

func sourceHash(m *Message) string {
	h := sha1.New()
	io.WriteString(h, m.Description)
	io.WriteString(h, m.Text[plural.Other])
	for _, f := range Forms {
		if f != plural.Other && m.Text[f] != "" {
			// Only messages with several forms get here, so messages with
			// "other" alone keep go-i18n's exact hash.
			fmt.Fprintf(h, "\x00%s\x00%s", FormName(f), m.Text[f])
		}
	}
	return "sha1-" + hex.EncodeToString(h.Sum(nil))
}
