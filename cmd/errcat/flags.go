package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/coverage"
	"github.com/errcat/errcat/catalog/diag"
)

// catalogFlags are the flags the translator tools share: which catalog,
// which of its locales, and the output format.
type catalogFlags struct {
	e       *env
	name    string
	set     *flag.FlagSet
	dir     string
	locales stringList
	format  string
	formats []string
	verbose bool // merge --verbose: every entry left, not only the problems
}

type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

// newCatalogFlags declares the shared flags of command name. synopsis is its
// usage line after "errcat name", about says what it does, and formats lists
// the output formats it has, the default first; none means no --format.
func newCatalogFlags(e *env, name, synopsis, about string, formats ...string) *catalogFlags {
	f := &catalogFlags{e: e, name: name, formats: formats}
	f.set = flag.NewFlagSet(name, flag.ContinueOnError)
	f.set.SetOutput(e.stderr)
	f.set.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: errcat %s %s\n\n%s\n\nflags:\n", name, synopsis, strings.TrimSpace(about))
		f.set.PrintDefaults()
	}
	f.set.StringVar(&f.dir, "locales", "locales",
		"read the message bundles in `DIR`; the default is ./locales, relative to the working directory,\nso run errcat from the project's root")
	if len(formats) > 0 {
		f.set.StringVar(&f.format, "format", formats[0], "output `FORMAT`: "+strings.Join(formats, ", "))
	}
	return f
}

// localeFlag adds --locale, which selects locales by tag.
func (f *catalogFlags) localeFlag(help string) {
	f.set.Var(&f.locales, "locale", help)
}

// parse parses args, flags and operands in any order, checks --format and
// --locales, and returns the operands. ok is false when the command should
// exit with code.
func (f *catalogFlags) parse(args []string) (operands []string, code int, ok bool) {
	operands, code, ok = f.parseOperands(args)
	if !ok {
		return nil, code, false
	}
	if len(f.formats) > 0 && !slices.Contains(f.formats, f.format) {
		return f.usageError("unknown --format %q (use %s)", f.format, strings.Join(f.formats, ", "))
	}
	if msg := folderProblem(f.dir); msg != "" {
		fmt.Fprintf(f.e.stderr, "errcat %s: --locales %s: %s (run errcat from the project's root, or pass --locales DIR)\n", f.name, f.dir, msg)
		return nil, exitUsage, false
	}
	return operands, exitOK, true
}

// parseOperands parses args, flags and operands in any order, and returns
// the operands, checking nothing else.
func (f *catalogFlags) parseOperands(args []string) (operands []string, code int, ok bool) {
	for {
		if err := f.set.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, false
			}
			return nil, exitUsage, false
		}
		rest := f.set.Args()
		if len(rest) == 0 {
			break
		}
		// Parse stops at the first operand, but flags may follow it;
		// after "--" everything is an operand.
		if i := len(args) - len(rest) - 1; i >= 0 && args[i] == "--" {
			operands = append(operands, rest...)
			break
		}
		operands = append(operands, rest[0])
		args = rest[1:]
	}
	return operands, exitOK, true
}

// folderProblem says why dir cannot be a folder of bundles ("no such
// folder", "not a folder"), or returns "" when it is a folder. Checked
// before loading, it names the folder the user gave, where the loader's
// own error would say "open .".
func folderProblem(dir string) string {
	st, err := os.Stat(dir)
	switch {
	case err == nil && st.IsDir():
		return ""
	case err == nil:
		return "not a folder"
	case errors.Is(err, fs.ErrNotExist):
		return "no such folder"
	}
	return err.Error()
}

func (f *catalogFlags) usageError(format string, args ...any) ([]string, int, bool) {
	fmt.Fprintf(f.e.stderr, "errcat %s: %s\n", f.name, fmt.Sprintf(format, args...))
	fmt.Fprintf(f.e.stderr, "Run 'errcat %s -h' for usage.\n", f.name)
	return nil, exitUsage, false
}

// display is the locales folder as diagnostics name it: "locales".
func (f *catalogFlags) display() string { return filepath.ToSlash(filepath.Clean(f.dir)) }

// folder lists the bundles of --locales. On failure it prints why and
// returns false.
func (f *catalogFlags) folder() (*catalog.Folder, bool) {
	fo, err := catalog.OpenFolder(os.DirFS(f.dir), f.display())
	if err != nil {
		reportLoadError(f.e.stderr, f.name, f.dir, err)
		return nil, false
	}
	return fo, true
}

// load loads the catalog. On failure it prints why and returns false: a
// catalog that does not load is a load error (exit 2) for every command but
// lint, whose business it is.
func (f *catalogFlags) load() (*catalog.Catalog, bool) {
	fo, ok := f.folder()
	if !ok {
		return nil, false
	}
	c, err := fo.Load()
	if err != nil {
		reportLoadError(f.e.stderr, f.name, f.dir, err)
		return nil, false
	}
	return c, true
}

// reportLoadError prints why a catalog did not load, for every command:
// every problem, one a line as a compiler would print it, then what to do.
func reportLoadError(w io.Writer, cmd, dir string, err error) {
	ds := catalog.Diagnostics(err, dir)
	for _, d := range ds {
		fmt.Fprintln(w, d)
	}
	if cmd == "serve" {
		fmt.Fprintf(w, "errcat serve: the catalog in %s has %d %s; nothing is served until they are fixed (errcat lint lists every problem)\n",
			dir, len(ds), diag.Plural(len(ds), "error", "errors"))
		return
	}
	fmt.Fprintf(w, "errcat %s: the catalog in %s does not load; fix the errors above (errcat lint lists every problem)\n", cmd, dir)
}

// tags parses the --locale values, each once, in order. It prints an error
// and returns false for one that is not a BCP 47 tag.
func (f *catalogFlags) tags() ([]language.Tag, bool) {
	var out []language.Tag
	for _, s := range f.locales {
		tag, err := parseLocale(s)
		if err != nil {
			fmt.Fprintf(f.e.stderr, "errcat %s: --locale %q is not a BCP 47 language tag%s\n", f.name, s, tagHint(s))
			return nil, false
		}
		if !slices.Contains(out, tag) {
			out = append(out, tag)
		}
	}
	return out, true
}

// survey computes the coverage of the locales --locale names (every
// translation without it, and the source first when withSource) one bundle
// at a time, so that a catalog of any size fits in memory, and with the
// survey cache, so that a second run over unchanged files is quick. On
// failure it prints why and returns false.
func (f *catalogFlags) survey(withSource bool) (*coverage.Survey, bool) {
	fo, ok := f.folder()
	if !ok {
		return nil, false
	}
	var covs []coverage.Coverage
	sv, ok := f.surveyStream(fo, withSource, func(c coverage.Coverage) { covs = append(covs, c) })
	if ok {
		sv.Coverage = covs
	}
	return sv, ok
}

// surveyStream is survey of the folder fo for a report written a locale at
// a time (coverage.Stream): yield gets each locale's coverage in order, and
// the Survey returned has none. When it returns false, what yield got is
// to be discarded.
func (f *catalogFlags) surveyStream(fo *catalog.Folder, withSource bool, yield func(coverage.Coverage)) (*coverage.Survey, bool) {
	opts := coverage.Options{WithSource: withSource, CacheDir: cacheDir(f.e.getenv)}
	if abs, err := filepath.Abs(f.dir); err == nil {
		opts.CacheScope = abs
	}
	tags, ok := f.tags()
	if !ok {
		return nil, false
	}
	for _, tag := range tags {
		if tag == fo.SourceTag() {
			opts.WithSource = true
			continue
		}
		if _, ok := fo.Find(tag); !ok {
			fmt.Fprintf(f.e.stderr, "errcat %s: no bundle for locale %s in %s%s\n", f.name, tag, f.display(), noBundleHint(fo, tag))
			return nil, false
		}
		opts.Locales = append(opts.Locales, tag)
	}
	if len(tags) > 0 && opts.Locales == nil {
		opts.Locales = []language.Tag{} // only the source
	}
	sv, err := coverage.Stream(fo, opts, yield)
	if err != nil {
		reportLoadError(f.e.stderr, f.name, f.dir, err)
		return nil, false
	}
	if len(tags) == 0 {
		// A survey of every locale would leave out, without a word, a
		// file meant as a bundle but not read for its name (it.TOML):
		// its locale would look untranslated, not misnamed. The ones
		// that are errors stopped the survey above, and were printed.
		misnamed := fo.MisnamedFiles()
		for _, d := range fo.Diagnostics {
			if d.Rule == diag.RuleFileName && slices.ContainsFunc(misnamed, func(b catalog.BundleFile) bool { return b.File == d.File }) {
				fmt.Fprintln(f.e.stderr, d)
			}
		}
	}
	return sv, true
}

// cacheDir is where the translator tools keep survey results:
// $ERRCAT_CACHE_DIR, or errcat/ in the user's cache folder. It returns ""
// (no cache) when ERRCAT_CACHE_DIR is "off" or no cache folder exists.
func cacheDir(getenv func(string) string) string {
	if d := getenv("ERRCAT_CACHE_DIR"); d != "" {
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

// parseLocale reads a locale's tag as bundles are named: BCP 47, with
// hyphens. x/text also takes underscores ("pt_BR"), which the loader refuses
// in file names, so that each locale has one spelling.
func parseLocale(s string) (language.Tag, error) {
	if strings.Contains(s, "_") {
		return language.Und, fmt.Errorf("%q has an underscore", s)
	}
	return language.Parse(s)
}

// parseNoOperands parses args for a command that takes flags only.
func (f *catalogFlags) parseNoOperands(args []string) (code int, ok bool) {
	ops, code, ok := f.parse(args)
	if !ok {
		return code, false
	}
	if len(ops) > 0 {
		_, code, _ := f.usageError("unexpected argument %q", ops[0])
		return code, false
	}
	return exitOK, true
}
