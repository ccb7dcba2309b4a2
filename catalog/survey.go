package catalog

import (
	"cmp"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/language"
)

// A Survey is the coverage of some locales against the source, computed
// without building a Catalog: it reads the source, then each selected
// bundle in turn, and keeps only what each bundle lacks. Its memory is the
// source and a bundle or two, never the whole catalog, which is what lets
// `errcat missing` check a catalog of 100,000 codes in 50 languages.
type Survey struct {
	Source   Locale
	Total    int        // codes in the source
	Coverage []Coverage // one per locale surveyed, in catalog order (the source first)
}

// SurveyOptions says what Survey reads.
type SurveyOptions struct {
	// Locales lists the locales to survey; nil means every translation.
	Locales []language.Tag
	// WithSource adds the source's own coverage first.
	WithSource bool
	// CacheDir, when set, keeps each bundle's coverage between runs, keyed
	// by the size and modification time of the bundle and of the source, so
	// that a second run over unchanged files reads only the source.
	CacheDir string
	// CacheScope tells folders apart in the cache: the folder's absolute
	// path. The display name is used when it is empty.
	CacheScope string
}

// DefaultCacheDir is where the translator tools keep survey results:
// $ERRCAT_CACHE_DIR, or errcat/ in the user's cache folder. It returns ""
// (no cache) when ERRCAT_CACHE_DIR is "off" or no cache folder exists.
func DefaultCacheDir() string {
	if d := os.Getenv("ERRCAT_CACHE_DIR"); d != "" {
		if d == "off" {
			return ""
		}
		return d
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "errcat")
}

// SurveyFS surveys the bundles at the top of fsys; display names that folder
// in diagnostics. A bundle that does not load makes the
// survey fail with a *LoadError listing every problem, as Load would; a
// bundle that is not surveyed is not read, so its problems do not count.
func SurveyFS(fsys fs.FS, display string, opts SurveyOptions) (*Survey, error) {
	ents, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, &LoadError{Diagnostics: []Diagnostic{{File: display, Severity: Error, Rule: "read", Message: err.Error()}}}
	}
	all, srcName, diags := listBundles(ents, display)
	byTag := map[language.Tag]bool{}
	var files []bundleFile
	for _, f := range all {
		byTag[f.tag] = true
		if opts.Locales == nil || slices.Contains(opts.Locales, f.tag) {
			files = append(files, f)
		}
	}
	if srcName == "" {
		diags = append(diags, Diagnostic{File: path.Join(display, DefaultSource.String()+".toml"), Severity: Error, Rule: "source",
			Message: fmt.Sprintf("no bundle for the source language %s", DefaultSource)})
		return nil, loadError(diags)
	}
	for _, t := range opts.Locales {
		if _, ok := byTag[t]; !ok {
			return nil, fmt.Errorf("no bundle for locale %s in %s", t, display)
		}
	}
	// The source is read every time: the gaps refer to its messages, and
	// its size and time are part of every cache key.
	src, srcStamp, ds := readBundle(fsys, display, srcName, DefaultSource)
	diags = append(diags, ds...)
	if src == nil {
		return nil, loadError(diags)
	}
	s := &Survey{Source: Locale{Tag: DefaultSource, ID: DefaultSource.String(), Name: selfName(DefaultSource), File: src.File}}
	codes, ds := sourceCodes(src)
	diags = append(diags, ds...)
	s.Total = len(codes)
	s.Source.Translated = len(codes)
	if opts.WithSource {
		s.Coverage = append(s.Coverage, coverageOf(src, codes, src, true))
	}

	covs := make([]Coverage, len(files))
	fileDiags := make([][]Diagnostic, len(files))
	eachBundle(len(files), func(i int) {
		f := files[i]
		key := ""
		if opts.CacheDir != "" {
			key = cacheKey(fsys, cmp.Or(opts.CacheScope, display), f.name, srcStamp)
			if cov, ok := readCached(opts.CacheDir, key, src); ok {
				covs[i] = cov
				return
			}
		}
		b, _, ds := readBundle(fsys, display, f.name, f.tag)
		fileDiags[i] = ds
		if b == nil || len(errorsOf(ds)) > 0 {
			return
		}
		covs[i] = coverageOf(src, codes, b, false)
		detach(&covs[i])
		if key != "" {
			writeCached(opts.CacheDir, key, covs[i])
		}
	})
	for _, ds := range fileDiags {
		diags = append(diags, ds...)
	}
	if errs := errorsOf(diags); len(errs) > 0 {
		return nil, loadError(errs)
	}
	s.Coverage = append(s.Coverage, covs...)
	return s, nil
}

// A bundleFile is a bundle found in a locales folder, not yet read.
type bundleFile struct {
	name string
	tag  language.Tag
}

// listBundles finds the bundles among a folder's entries, ordered by tag,
// without reading them, and the source's file name. The diagnostics are
// those of the file names: not a tag, not canonical, a tag twice.
func listBundles(ents []fs.DirEntry, display string) (files []bundleFile, srcName string, diags []Diagnostic) {
	byTag := map[language.Tag]string{}
	for _, e := range ents {
		name := e.Name()
		if e.IsDir() || !IsBundleName(name) {
			continue
		}
		file := path.Join(display, name)
		tagName := strings.TrimSuffix(name, ".toml")
		tag, err := language.Parse(tagName)
		if err != nil || strings.Contains(tagName, "_") {
			diags = append(diags, Diagnostic{File: file, Severity: Error, Rule: "file-name",
				Message: fmt.Sprintf("file name %q is not a BCP 47 language tag (name bundles like ja.toml or zh-Hant.toml)", name)})
			continue
		}
		if other, dup := byTag[tag]; dup {
			diags = append(diags, Diagnostic{File: file, Severity: Error, Rule: "duplicate-locale",
				Message: fmt.Sprintf("locale %s is already defined by %s", tag, other)})
			continue
		}
		if tag.String() != tagName {
			diags = append(diags, Diagnostic{File: file, Severity: Warning, Rule: "file-name",
				Message: fmt.Sprintf("file name %q is not in canonical form; name it %s.toml", name, tag)})
		}
		byTag[tag] = file
		if tag == DefaultSource {
			srcName = name
			continue
		}
		files = append(files, bundleFile{name, tag})
	}
	slices.SortFunc(files, func(a, b bundleFile) int { return cmp.Compare(a.tag.String(), b.tag.String()) })
	return files, srcName, diags
}

// eachBundle calls work(0) … work(n-1) on as many goroutines as there are
// processors, so that each holds one bundle at a time.
func eachBundle(n int, work func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Go(func() {
			for i := range next {
				work(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

func loadError(diags []Diagnostic) error {
	errs := errorsOf(diags)
	SortDiagnostics(errs)
	return &LoadError{Diagnostics: errs}
}

// readBundle reads and parses one bundle, and returns a stamp of its size
// and modification time.
func readBundle(fsys fs.FS, display, name string, tag language.Tag) (*Bundle, string, []Diagnostic) {
	file := path.Join(display, name)
	data, err := readLimited(fsys, name)
	if err != nil {
		return nil, "", []Diagnostic{{File: file, Severity: Error, Rule: "read", Message: err.Error()}}
	}
	b, ds := ParseBundle(file, tag, data)
	return b, stamp(fsys, name), ds
}

// sourceCodes returns the source's codes, ascending, and diagnostics for
// messages that cannot be served, as New checks them.
func sourceCodes(src *Bundle) ([]int, []Diagnostic) {
	var codes []int
	var diags []Diagnostic
	for _, m := range src.Messages {
		if _, ok := ParseCode(m.ID); !ok {
			diags = append(diags, Diagnostic{File: m.File, Line: m.Pos.Line, Col: m.Pos.Col, Severity: Error, ID: m.ID, Rule: "code",
				Message: "message ID is not an error code (a decimal number without leading zeros)"})
			continue
		}
		if m.Other() == "" {
			diags = append(diags, Diagnostic{File: m.File, Line: m.Pos.Line, Col: m.Pos.Col, Severity: Error, ID: m.ID, Rule: "empty",
				Message: "the source message has no \"other\" text"})
			continue
		}
		codes = append(codes, m.Code)
	}
	slices.Sort(codes)
	return slices.Compact(codes), diags
}

// coverageOf compares bundle b with the source: the one computation behind
// Catalog.Coverage and SurveyFS.
func coverageOf(src *Bundle, codes []int, b *Bundle, isSource bool) Coverage {
	cov := Coverage{Locale: b.Tag.String(), Tag: b.Tag, File: b.File, Source: isSource, Total: len(codes)}
	inSource := make(map[string]bool, len(codes))
	for _, code := range codes {
		id := strconv.Itoa(code)
		inSource[id] = true
		s := src.Lookup(id)
		m := b.Lookup(id)
		switch {
		case m == nil || m.Other() == "":
			cov.Missing = append(cov.Missing, Gap{ID: id, Code: code, Source: s, Message: m})
		case isSource:
			cov.Translated++
		default:
			cov.Translated++
			if IsStale(m, s) {
				cov.Stale = append(cov.Stale, Gap{ID: m.ID, Code: code, Source: s, Message: m})
			}
		}
	}
	if !isSource {
		for _, m := range b.Messages {
			if !inSource[m.ID] {
				code, _ := ParseCode(m.ID)
				cov.Obsolete = append(cov.Obsolete, Gap{ID: m.ID, Code: code, Message: m})
			}
		}
		slices.SortFunc(cov.Obsolete, func(a, b Gap) int {
			return cmp.Or(cmp.Compare(a.Code, b.Code), cmp.Compare(a.ID, b.ID))
		})
	}
	return cov
}

// detach copies what a coverage keeps of its bundle's messages. A message's
// strings are substrings of its whole file, so keeping one would keep the
// file in memory after the survey has moved on to the next.
func detach(cov *Coverage) {
	for _, gaps := range [][]Gap{cov.Missing, cov.Stale, cov.Obsolete} {
		for i := range gaps {
			gaps[i].ID = strings.Clone(gaps[i].ID)
			if m := gaps[i].Message; m != nil {
				gaps[i].Message = cloneMessage(m)
			}
		}
	}
}

func cloneMessage(m *Message) *Message {
	c := &Message{
		ID: strings.Clone(m.ID), Code: m.Code, Hash: strings.Clone(m.Hash),
		Description: strings.Clone(m.Description), File: m.File, Pos: m.Pos, At: m.At,
	}
	for i, t := range m.Text {
		c.Text[i] = strings.Clone(t)
	}
	return c
}

// The survey cache holds one file per surveyed bundle, named by a hash of
// its key: the folder, the file name, the size and modification time of the
// file and of the source, and the cache format. Any change to either file
// gives a new key.
const surveyCacheFormat = "errcat-survey-1"

func stamp(fsys fs.FS, name string) string {
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%d-%d", st.Size(), st.ModTime().UnixNano())
}

func cacheKey(fsys fs.FS, scope, name, srcStamp string) string {
	st := stamp(fsys, name)
	if st == "" || srcStamp == "" {
		return ""
	}
	h := sha256.Sum256([]byte(strings.Join([]string{surveyCacheFormat, scope, name, st, srcStamp}, "\x00")))
	return hex.EncodeToString(h[:16])
}

type cachedGap struct {
	ID     string
	Code   int
	HasMsg bool
	Hash   string
	Other  string
	Pos    Pos
}

type cachedCoverage struct {
	Locale, File             string
	Total, Translated        int
	Missing, Stale, Obsolete []cachedGap
}

func readCached(dir, key string, src *Bundle) (Coverage, bool) {
	if key == "" {
		return Coverage{}, false
	}
	f, err := os.Open(filepath.Join(dir, "survey", key))
	if err != nil {
		return Coverage{}, false
	}
	defer f.Close()
	var cc cachedCoverage
	if err := gob.NewDecoder(f).Decode(&cc); err != nil {
		return Coverage{}, false
	}
	tag, err := language.Parse(cc.Locale)
	if err != nil {
		return Coverage{}, false
	}
	cov := Coverage{Locale: cc.Locale, Tag: tag, File: cc.File, Total: cc.Total, Translated: cc.Translated}
	gaps := func(cgs []cachedGap, withSource bool) []Gap {
		var out []Gap
		for _, g := range cgs {
			gap := Gap{ID: g.ID, Code: g.Code}
			if withSource {
				gap.Source = src.Lookup(g.ID)
			}
			if g.HasMsg {
				m := &Message{ID: g.ID, Code: g.Code, Hash: g.Hash, File: cc.File, Pos: g.Pos}
				m.Text[0] = g.Other
				gap.Message = m
			}
			out = append(out, gap)
		}
		return out
	}
	cov.Missing = gaps(cc.Missing, true)
	cov.Stale = gaps(cc.Stale, true)
	cov.Obsolete = gaps(cc.Obsolete, false)
	return cov, true
}

// writeCached stores a coverage; a cache that cannot be written only costs
// the next run its speed, so errors are ignored.
func writeCached(dir, key string, cov Coverage) {
	if key == "" {
		return
	}
	cc := cachedCoverage{Locale: cov.Locale, File: cov.File, Total: cov.Total, Translated: cov.Translated}
	gaps := func(gs []Gap) []cachedGap {
		var out []cachedGap
		for _, g := range gs {
			cg := cachedGap{ID: g.ID, Code: g.Code}
			if m := g.Message; m != nil {
				cg.HasMsg, cg.Hash, cg.Other, cg.Pos = true, m.Hash, m.Other(), m.Pos
			}
			out = append(out, cg)
		}
		return out
	}
	cc.Missing, cc.Stale, cc.Obsolete = gaps(cov.Missing), gaps(cov.Stale), gaps(cov.Obsolete)
	sub := filepath.Join(dir, "survey")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(sub, ".tmp-*")
	if err != nil {
		return
	}
	if err := gob.NewEncoder(tmp).Encode(cc); err != nil || tmp.Close() != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return
	}
	if os.Rename(tmp.Name(), filepath.Join(sub, key)) != nil {
		os.Remove(tmp.Name())
	}
}
