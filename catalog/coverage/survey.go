package coverage

import (
	"cmp"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/internal/parallel"
)

// A Survey is the coverage of some locales against the source, computed
// without building a Catalog: it reads the source, then each selected
// bundle in turn, and keeps only what each bundle lacks. Its memory is the
// source and a bundle or two, never the whole catalog, which is what lets
// `errcat missing` check a catalog of 100,000 codes in 50 languages.
type Survey struct {
	Source   catalog.Locale
	Total    int        // codes in the source
	Coverage []Coverage // one per locale surveyed, in catalog order (the source first)
}

// Options says what Survey reads.
type Options struct {
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

// SurveyFolder surveys the bundles of f. A bundle that does not load makes
// the survey fail with a *catalog.LoadError listing every problem, as
// loading would; a bundle that is not surveyed is not read, so its problems
// do not count.
func SurveyFolder(f *catalog.Folder, opts Options) (*Survey, error) {
	var covs []Coverage
	s, err := Stream(f, opts, func(c Coverage) { covs = append(covs, c) })
	if err != nil {
		return nil, err
	}
	s.Coverage = covs
	return s, nil
}

// Stream is SurveyFolder for a report written a locale at a time: it hands
// each locale's coverage to yield in the order of Survey.Coverage, as soon
// as it and those before it are done, and keeps none of them, so that a
// report over a large catalog holds only what it keeps of each (missing
// keeps no stale gap, nor any message). The Survey it returns has no
// Coverage. yield is called by one goroutine at a time. When Stream
// returns an error (a bundle did not load; it still reads every bundle, to
// name every problem), what yield was given is to be discarded, as
// SurveyFolder's caller gets nothing.
func Stream(f *catalog.Folder, opts Options, yield func(Coverage)) (*Survey, error) {
	diags := slices.Clone(f.Diagnostics)
	var files []catalog.BundleFile
	for _, b := range f.Translations {
		if opts.Locales == nil || slices.Contains(opts.Locales, b.Tag) {
			files = append(files, b)
		}
	}
	if f.Source.Name == "" {
		return nil, loadError(append(diags, f.NoSource()))
	}
	for _, t := range opts.Locales {
		if _, ok := f.Find(t); !ok {
			return nil, fmt.Errorf("no bundle for locale %s in %s", t, f.Display())
		}
	}
	// The source is read every time: the gaps refer to its messages, and
	// its size and time are part of every cache key.
	src, ds := f.Read(f.Source)
	diags = append(diags, ds...)
	if src == nil {
		return nil, loadError(diags)
	}
	srcStamp := stamp(f.FS(), f.Source.Name)
	tag := f.SourceTag()
	s := &Survey{Source: catalog.Locale{Tag: tag, ID: tag.String(), Name: catalog.SelfName(tag), File: src.File}}
	codes, ds := catalog.SourceCodes(src)
	diags = append(diags, ds...)
	s.Total = len(codes)
	s.Source.Translated = len(codes)
	failed := len(diag.Errors(diags)) > 0
	if opts.WithSource && !failed {
		yield(Compare(src, codes, src, true))
	}

	x := newSourceIndex(src, codes)
	var (
		mu    sync.Mutex
		covs  = make([]Coverage, len(files))
		ready = make([]bool, len(files))
		next  int
	)
	fileDiags := make([][]diag.Diagnostic, len(files))
	// Each worker reads its files into a buffer it reuses (taken from
	// and put back into bufs): compareFile keeps nothing of a file's
	// text (the fast path's gaps hold copies, the loader's path reads a
	// copy), so a survey of 30 bundles of 2.6 MB allocates a few, not
	// 80 MB the collector must keep up with.
	bufs := make(chan []byte, runtime.GOMAXPROCS(0))
	parallel.Each(len(files), func(i int) {
		bf := files[i]
		var cov Coverage
		var ds []diag.Diagnostic
		ok := false
		key := ""
		if opts.CacheDir != "" {
			key = cacheKey(f.FS(), cmp.Or(opts.CacheScope, f.Display()), bf.Name, srcStamp)
			cov, ok = readCached(opts.CacheDir, key, bf.File, src)
		}
		if !ok {
			var buf []byte
			select {
			case buf = <-bufs:
			default:
			}
			data, rds := f.ReadInto(bf, buf)
			ds = rds
			if rds == nil {
				cov, ds, ok = compareFile(x, bf, unsafe.String(unsafe.SliceData(data), len(data)))
				select {
				case bufs <- data:
				default:
				}
			}
			if ok && key != "" {
				writeCached(opts.CacheDir, key, cov)
			}
		}
		mu.Lock()
		defer mu.Unlock()
		fileDiags[i] = ds
		failed = failed || !ok
		covs[i], ready[i] = cov, true
		// Hand over, in order, what is done; after a failure, nothing:
		// the caller discards it all.
		for ; next < len(files) && ready[next]; next++ {
			if !failed {
				yield(covs[next])
			}
			covs[next] = Coverage{}
		}
	})
	for _, ds := range fileDiags {
		diags = append(diags, ds...)
	}
	if errs := diag.Errors(diags); len(errs) > 0 {
		return nil, loadError(errs)
	}
	return s, nil
}

func loadError(diags []diag.Diagnostic) error {
	errs := diag.Errors(diags)
	diag.Sort(errs)
	return &catalog.LoadError{Diagnostics: errs}
}

// The survey cache holds one file per surveyed bundle, named by a hash of
// its key: the folder, the file name, the size and modification time of the
// file and of the source, and the cache format. Any change to either file
// gives a new key.
const surveyCacheFormat = "errcat-survey-2" // 2: flawed translations count as missing

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
	Pos    catalog.Pos
}

type cachedCoverage struct {
	Locale                   string
	Total, Translated        int
	Missing, Stale, Obsolete []cachedGap
}

// readCached returns the coverage stored under key. The file name is the one
// this run shows (file), not the stored one: the same folder surveyed from
// another working directory has the same key but another display name.
func readCached(dir, key, file string, src *catalog.Bundle) (Coverage, bool) {
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
	cov := Coverage{Locale: cc.Locale, Tag: tag, File: file, Total: cc.Total, Translated: cc.Translated}
	gaps := func(cgs []cachedGap, withSource bool) []Gap {
		var out []Gap
		for _, g := range cgs {
			gap := Gap{ID: g.ID, Code: g.Code}
			if withSource {
				gap.Source = src.Lookup(g.ID)
			}
			if g.HasMsg {
				gap.Message = &catalog.Message{ID: g.ID, Code: g.Code, Hash: g.Hash, File: file, Pos: g.Pos}
				gap.Message.Text[0] = g.Other
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
	cc := cachedCoverage{Locale: cov.Locale, Total: cov.Total, Translated: cov.Translated}
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
