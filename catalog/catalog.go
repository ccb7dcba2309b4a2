package catalog

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// DefaultSource is the language the source bundle is written in.
var DefaultSource = language.English

// A Locale is one shipped language of a catalog.
type Locale struct {
	Tag        language.Tag
	ID         string // the bundle's own tag, "zh-Hant", as Content-Language reports it
	Name       string // the language's name in itself, "繁體中文"
	File       string
	Translated int // codes of the source this locale has text for
}

// A Catalog is an immutable set of bundles: every code of the source bundle,
// with the text each locale has for it. It is safe for use by any number of
// goroutines; reloading builds a new Catalog rather than changing one.
type Catalog struct {
	locales []Locale // the source first, then by tag
	bundles []*Bundle
	codes   []int // the source's codes, ascending
	rows    rowIndex
	// text[l][r] is locale l's message for codes[r], or nil when the locale
	// lacks it (or leaves it empty): resolution then falls back.
	text    [][]*Message
	matcher language.Matcher
	prefs   *chainCache
	version string
}

// LoadDir loads the bundles in dir. Diagnostics name files as dir/ja.toml.
func LoadDir(dir string) (*Catalog, error) {
	return Load(os.DirFS(dir), dir)
}

// Load loads every bundle in the top folder of fsys; display names that
// folder in diagnostics. It returns a *LoadError listing every error found
// when any bundle is invalid: a catalog is used whole or not at all.
func Load(fsys fs.FS, display string) (*Catalog, error) {
	bundles, diags := ReadBundles(fsys, display)
	c, more := New(bundles, DefaultSource)
	diags = append(diags, more...)
	if errs := errorsOf(diags); len(errs) > 0 {
		SortDiagnostics(errs)
		return nil, &LoadError{Diagnostics: errs}
	}
	return c, nil
}

// New builds a catalog from bundles read by ReadBundles. The bundle for
// source is the reference: its codes are the codes the catalog serves, and it
// is the fallback of last resort. Warnings are returned with the catalog;
// the catalog is nil when there are errors.
func New(bundles []*Bundle, source language.Tag) (*Catalog, []Diagnostic) {
	var diags []Diagnostic
	bundles = slices.Clone(bundles)
	srcIdx := slices.IndexFunc(bundles, func(b *Bundle) bool { return b.Tag == source })
	if srcIdx < 0 {
		return nil, []Diagnostic{{File: source.String() + ".toml", Severity: Error, Rule: "source",
			Message: fmt.Sprintf("no bundle for the source language %s", source)}}
	}
	// The source goes first: x/text's matcher treats its first tag as the
	// default, which is what a caller with no usable preference gets.
	src := bundles[srcIdx]
	bundles = slices.Delete(bundles, srcIdx, srcIdx+1)
	slices.SortFunc(bundles, func(a, b *Bundle) int { return compareStrings(a.Tag.String(), b.Tag.String()) })
	bundles = slices.Insert(bundles, 0, src)

	c := &Catalog{bundles: bundles}
	codes, more := sourceCodes(src)
	diags = append(diags, more...)
	c.codes = codes
	c.rows = newRowIndex(c.codes)
	ids := make([]string, len(c.codes))
	for i, code := range c.codes {
		ids[i] = strconv.Itoa(code)
	}
	tags := make([]language.Tag, len(bundles))
	c.text = make([][]*Message, len(bundles))
	for l, b := range bundles {
		tags[l] = b.Tag
		row := make([]*Message, len(c.codes))
		n := 0
		for i, id := range ids {
			if m := b.Lookup(id); m != nil && m.Other() != "" {
				row[i] = m
				n++
			}
		}
		c.text[l] = row
		c.locales = append(c.locales, Locale{
			Tag: b.Tag, ID: b.Tag.String(), Name: selfName(b.Tag), File: b.File, Translated: n,
		})
	}
	if len(errorsOf(diags)) > 0 {
		return nil, diags
	}
	c.matcher = language.NewMatcher(tags)
	c.prefs = newChainCache(c)
	c.version = c.digest()
	return c, diags
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// selfName is the language's name in itself, with the script or region
// where the catalog's tag has one ("简体中文", "português (Brasil)").
// display.Self drops a region it has no special name for; a namer in the
// tag's own language keeps it.
func selfName(t language.Tag) string {
	if n := display.Tags(t).Name(t); n != "" {
		return n
	}
	if n := display.Self.Name(t); n != "" {
		return n
	}
	return t.String()
}

// Codes returns the catalog's codes in ascending order. The slice is shared:
// do not modify it.
func (c *Catalog) Codes() []int { return c.codes }

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
	return c.text[l][r]
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
