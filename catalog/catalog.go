package catalog

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/internal/parallel"
	cldr "github.com/errcat/errcat/catalog/internal/plural"
)

// A Locale is one shipped language of a catalog, with the facts about it
// that follow from the catalog and are computed once when it is built.
type Locale struct {
	Tag        language.Tag
	ID         string // the bundle's own tag, "zh-Hant", as Content-Language reports it
	Name       string // the language's name in itself, "繁體中文"
	File       string
	Translated int // codes of the source this locale translates (IsTranslated), stale ones included
	Stale      int // of those, translations made from an older source text
}

// Missing returns how many codes of a catalog of total codes the locale
// lacks.
func (l Locale) Missing(total int) int { return total - l.Translated }

// A Catalog is an immutable set of bundles: every code of the source bundle,
// with the text each locale has for it. It is safe for use by any number of
// goroutines; reloading builds a new Catalog rather than changing one.
type Catalog struct {
	locales []Locale // the source first, then by tag
	bundles []*Bundle
	codes   []int // the source's codes, ascending
	rows    rowIndex
	// text[l][r] is locale l's message for codes[r], with m nil when the
	// locale lacks it (or leaves it empty): resolution then falls back.
	text     [][]cell
	matcher  language.Matcher
	prefs    *chainCache
	rules    []cldr.Rules // each locale's plural rules, looked up once
	version  string
	warnings []diag.Diagnostic
	// flaws are the translations set aside (Flaws), each served by the
	// fallback instead.
	flaws []diag.Diagnostic

	// facts[r] is the name and status of codes[r], fixed at load time.
	facts       []Fact
	fallback    int
	hasFallback bool
	factsFile   string
	// privateUse: a locale is a private-use tag ("x-klingon"), which
	// callers can then ask for by that tag.
	privateUse bool
}

// LoadDir loads the bundles in dir, through DirFS. Diagnostics name files
// as dir/ja.toml.
func LoadDir(dir string) (*Catalog, error) {
	return Load(DirFS(dir), filepath.ToSlash(filepath.Clean(dir)))
}

// Load loads every bundle in the top folder of fsys; display names that
// folder in diagnostics ("locales"). It returns a *LoadError listing every
// error found when any file is invalid (not TOML, a broken table, a source
// message that cannot be served): such a catalog is used whole or not at
// all. A translation that would merely render wrong (Flaws) does not stop
// the load: that message is set aside and falls back, the rest of its
// bundle is served, and Catalog.Flaws lists it.
func Load(fsys fs.FS, display string) (*Catalog, error) {
	f, err := OpenFolder(fsys, display)
	if err != nil {
		return nil, &LoadError{Diagnostics: []diag.Diagnostic{{File: display, Severity: diag.Error, Rule: diag.RuleRead, Message: err.Error()}}}
	}
	return f.Load()
}

// Load reads every bundle of the folder and builds the catalog.
//
// A load can fail but never panics: a panic while loading (a bug, in errcat
// or a library it uses, that some file's content reaches) is returned as a
// *LoadError with one diagnostic of rule "internal", so that a server
// keeps serving the catalog it has.
func (f *Folder) Load() (c *Catalog, err error) {
	defer func() {
		if r := recover(); r != nil {
			if p, ok := r.(*parallel.Panic); ok {
				r = p.Value
			}
			c, err = nil, &LoadError{Diagnostics: []diag.Diagnostic{{File: f.display, Severity: diag.Error, Rule: diag.RuleInternal,
				Message: fmt.Sprintf("loading failed unexpectedly, a bug in errcat (please report it with the files): panic: %v", r)}}}
		}
	}()
	bundles, diags := f.ReadAll()
	if f.Source.Name == "" {
		diags = append(diags, f.NoSource())
	}
	if errs := diag.Errors(diags); len(errs) > 0 {
		return nil, newLoadError(errs)
	}
	c, more := build(bundles, f.facts)
	diags = append(diags, more...)
	if errs := diag.Errors(diags); len(errs) > 0 {
		return nil, newLoadError(errs)
	}
	c.warnings = diags
	diag.Sort(c.warnings)
	diag.Sort(c.flaws)
	return c, nil
}

// SourceCodes returns the codes of a source bundle, ascending, and a
// diagnostic for each of its messages that cannot be served: an ID that is
// not a code, no "other" text, or a template that does not compile (the
// source has no fallback). It also fixes each source message's
// SourceHash, once, for every comparison that follows.
func SourceCodes(src *Bundle) ([]int, []diag.Diagnostic) {
	var codes []int
	var diags []diag.Diagnostic
	var served []*Message
	for _, m := range src.Messages {
		if _, ok := ParseCode(m.ID); !ok {
			diags = append(diags, diag.At(m.File, m.Pos, diag.Error, m.ID, diag.RuleCode,
				"message ID is not an error code (a decimal number without leading zeros)"))
			continue
		}
		if m.Other() == "" {
			diags = append(diags, diag.At(m.File, m.Pos, diag.Error, m.ID, diag.RuleEmpty,
				"the source message has no \"other\" text"))
			continue
		}
		if ds := sourceFlaws(m); ds != nil {
			diags = append(diags, ds...)
			continue
		}
		served = append(served, m)
		codes = append(codes, m.Code)
	}
	// A large source's hashes are computed on every core: each message's
	// alone, before the bundle is shared.
	parallel.Ranges(len(served), parallelEntries, func(lo, hi int) {
		for _, m := range served[lo:hi] {
			m.hash = sourceHash(m)
		}
	})
	slices.Sort(codes)
	return slices.Compact(codes), diags
}

// build builds a catalog from bundles, the source first (as ReadAll returns
// them), and the folder's facts. Its diagnostics are those of the source's
// messages and of the facts compared with them; the catalog is nil when
// any is an error.
func build(bundles []*Bundle, ft *facts) (*Catalog, []diag.Diagnostic) {
	// The source goes first: x/text's matcher treats its first tag as the
	// default, which is what a caller with no usable preference gets.
	// ReadAll returns the translations ordered by tag.
	src := bundles[0]
	c := &Catalog{bundles: bundles}
	codes, diags := SourceCodes(src)
	if len(diag.Errors(diags)) > 0 {
		return nil, diags
	}
	diags = append(diags, ft.check(src.File, codes)...)
	if len(diag.Errors(diags)) > 0 {
		return nil, diags
	}
	c.codes = codes
	c.rows = newRowIndex(c.codes)
	ids := make([]string, len(c.codes))
	for i, code := range c.codes {
		ids[i] = strconv.Itoa(code)
	}
	tags := make([]language.Tag, len(bundles))
	c.text = make([][]cell, len(bundles))
	for l, b := range bundles {
		tags[l] = b.Tag
		row := make([]cell, len(c.codes))
		n, stale := 0, 0
		for i, id := range ids {
			m := b.Lookup(id)
			if m == nil {
				continue
			}
			if l == 0 {
				row[i] = newCell(m) // SourceCodes vouches for each of codes
				n++
				continue
			}
			s := c.text[0][i].m
			if ds := Flaws(m, s); ds != nil {
				// A translation that would render wrong is set aside:
				// its code falls back, the rest of the bundle serves.
				c.flaws = append(c.flaws, ds...)
				continue
			}
			// Flaws found none: an "other" text is all IsTranslated
			// still asks.
			if m.Other() != "" {
				row[i] = newCell(m)
				n++
				if IsStale(m, s) {
					stale++
				}
			}
		}
		c.text[l] = row
		c.rules = append(c.rules, cldr.For(b.Tag))
		c.privateUse = c.privateUse || isPrivateUse(b.Tag.String())
		c.locales = append(c.locales, Locale{
			Tag: b.Tag, ID: b.Tag.String(), Name: SelfName(b.Tag), File: b.File, Translated: n, Stale: stale,
		})
	}
	c.facts = ft.resolve(c.codes, func(r int) string { return c.text[0][r].m.Other() })
	c.fallback, c.hasFallback, c.factsFile = ft.fallback, ft.hasFallback, ft.file
	c.matcher = language.NewMatcher(tags)
	c.prefs = newChainCache(c)
	c.version = c.digest()
	return c, diags
}

// IsStale reports whether translation was made from a source text other
// than src's current one, by the hash it records.
//
// A translation without a hash has unknown provenance. go-i18n treats it as
// current (its goi18n merge ignores empty hashes, for compatibility with
// go-i18n v1 files), and so does errcat, so that both tools agree on what
// needs translating.
func IsStale(translation, src *Message) bool {
	return translation.Hash != "" && translation.Hash != src.SourceHash()
}

// Warnings returns the warnings found while loading the catalog, such as a
// bundle whose file name is not in canonical form.
func (c *Catalog) Warnings() []diag.Diagnostic { return c.warnings }

// Flaws returns the translations the catalog does not serve because they
// would render wrong (see the function Flaws), one error-severity
// diagnostic per flaw, sorted. Each such code falls back, for that locale
// alone, as if the translation were missing: to the caller's next
// language, then the source. The slice is shared: do not modify it.
func (c *Catalog) Flaws() []diag.Diagnostic { return c.flaws }

// SelfName is the language's name in itself, with the script or region
// where the catalog's tag has one ("简体中文", "português (Brasil)").
//
// The names are x/text's (golang.org/x/text/language/display), read from a
// table generated from it (selfnames_gen.go, `go generate`): importing
// display would cost every program that imports errcat half a millisecond
// of start-up and 200 KB of heap. The table has every tag display has a
// dictionary for, each language in its common scripts, and each region's
// main language (de-AT, pt-AO). A tag it lacks is named by its longest
// prefix in the table, with the rest of the tag in parentheses ("it-CH" is
// "italiano (CH)"); a tag with no such prefix (sc, vec, und, a private-use
// tag such as x-klingon) is named by itself.
func SelfName(t language.Tag) string {
	tag := t.String()
	for key := tag; key != ""; {
		if n, ok := lookupSelfName(key); ok {
			if key == tag {
				return n
			}
			return n + " (" + tag[len(key)+1:] + ")"
		}
		i := strings.LastIndexByte(key, '-')
		if i < 0 {
			break
		}
		key = key[:i]
	}
	return tag
}

type selfName struct{ tag, name string }

// lookupSelfName finds tag in the generated table by binary search: the
// table is a sorted array, laid out by the compiler, which costs no
// initialisation, where a map would be built at start-up.
func lookupSelfName(tag string) (string, bool) {
	i, ok := slices.BinarySearchFunc(selfNames[:], tag, func(e selfName, tag string) int { return strings.Compare(e.tag, tag) })
	if !ok {
		return "", false
	}
	return selfNames[i].name, true
}

//go:generate go run ./internal/selfnames/gen

// Codes returns the catalog's codes in ascending order. The slice is shared:
// do not modify it.
func (c *Catalog) Codes() []int { return c.codes }

// Fact returns what the catalog says about code beyond its texts: its Go
// name and HTTP status, from the facts file or, for what it leaves out,
// derived (see FactsFile). ok is false for a code the catalog lacks.
func (c *Catalog) Fact(code int) (f Fact, ok bool) {
	r, ok := c.rows.get(code)
	if !ok {
		return Fact{}, false
	}
	return c.facts[r], true
}

// Fallback returns the code that answers an error outside the catalog, and
// whether the catalog designates one (the facts file's fallback).
func (c *Catalog) Fallback() (code int, ok bool) { return c.fallback, c.hasFallback }

// FactsFile returns the facts file the catalog was loaded with, as
// diagnostics name it ("locales/codes.toml"), or "" when it had none.
func (c *Catalog) FactsFile() string { return c.factsFile }

// Has reports whether code is in the catalog.
func (c *Catalog) Has(code int) bool {
	_, ok := c.rows.get(code)
	return ok
}

// Locales returns the shipped locales, the source first. The slice is
// shared: do not modify it.
func (c *Catalog) Locales() []Locale { return c.locales }

// Source returns the source locale.
func (c *Catalog) Source() Locale { return c.locales[0] }

// Bundles returns the bundles the catalog was built from, the source first.
func (c *Catalog) Bundles() []*Bundle { return c.bundles }

// Message returns locale l's message for code, or nil when that locale lacks
// it. l indexes Locales().
func (c *Catalog) Message(l int, code int) *Message {
	r, ok := c.rows.get(code)
	if !ok || l < 0 || l >= len(c.text) {
		return nil
	}
	return c.text[l][r].m
}

// A cell is one locale's message for one code, with what a plain lookup
// reads beside the pointer: resolving a plain message then touches one
// cache line of the table instead of following the pointer to a Message of
// some 500 bytes, whose text and plain flag are on different lines.
type cell struct {
	m *Message // nil when the locale lacks the code
	// text is m's text when m is plain (Message.Plain) and the text is not
	// empty; "" otherwise, and the text is then rendered. No flag beside
	// it: 24 bytes a cell, not 32, so that more of a catalog's table stays
	// in the processor's nearest cache.
	text string
}

// newCell is m's cell: a plain message's text sits beside its pointer, so
// that plain resolution reads one cache line, not the message too.
func newCell(m *Message) cell {
	c := cell{m: m}
	if m.Plain() {
		c.text = m.Other()
	}
	return c
}

// LocaleIndex returns the index in Locales() of the locale with the given
// bundle tag ("zh-Hant"), or -1.
func (c *Catalog) LocaleIndex(id string) int {
	return slices.IndexFunc(c.locales, func(l Locale) bool { return l.ID == id })
}

// Version identifies the catalog's content: two catalogs with the same
// locales and messages (texts, descriptions, hashes, obsolete entries
// included) have the same version, whatever their files look like.
// It suits an HTTP ETag.
func (c *Catalog) Version() string { return c.version }

func (c *Catalog) digest() string {
	h := sha256.New()
	put := func(s string) {
		io.WriteString(h, s)
		h.Write([]byte{0})
	}
	// Every message of every bundle counts, not only those served: a
	// refreshed hash or a removed obsolete entry changes what the checks
	// and the status page report.
	for _, b := range c.bundles {
		put(b.Tag.String())
		for _, m := range b.Messages {
			put(m.ID)
			for _, t := range m.Text {
				put(t)
			}
			put(m.Description)
			put(m.Hash)
			put(m.LeftDelim)
			put(m.RightDelim)
		}
	}
	// The facts change responses too: a status, a name, the fallback.
	put(strconv.Itoa(c.fallback) + strconv.FormatBool(c.hasFallback))
	for _, f := range c.facts {
		put(f.Name + " " + strconv.Itoa(f.Status))
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// rowIndex maps a code to its row. Error codes are small numbers, so a dense
// table indexed by code is the usual case: one bounds check and one load on
// the hot path. Sparse or huge codes use a map.
type rowIndex struct {
	dense  []int32 // row+1 by code; 0 for none
	sparse map[int]int
}

// maxDense bounds the dense table at 4 MB.
const maxDense = 1 << 20

func newRowIndex(codes []int) rowIndex {
	if len(codes) == 0 {
		return rowIndex{}
	}
	if top := codes[len(codes)-1]; top < maxDense {
		dense := make([]int32, top+1)
		for r, code := range codes {
			dense[code] = int32(r + 1)
		}
		return rowIndex{dense: dense}
	}
	sparse := make(map[int]int, len(codes))
	for r, code := range codes {
		sparse[code] = r
	}
	return rowIndex{sparse: sparse}
}

func (x rowIndex) get(code int) (int, bool) {
	if x.sparse != nil {
		r, ok := x.sparse[code]
		return r, ok
	}
	if uint(code) < uint(len(x.dense)) {
		if r := x.dense[code]; r > 0 {
			return int(r - 1), true
		}
	}
	return 0, false
}
