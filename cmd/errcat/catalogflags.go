package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/errcat/errcat/catalog"
	"golang.org/x/text/language"
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

// parse parses args, flags and operands in any order, and returns the
// operands. ok is false when the command should exit with code.
func (f *catalogFlags) parse(args []string) (operands []string, code int, ok bool) {
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
	if len(f.formats) > 0 && !slices.Contains(f.formats, f.format) {
		return f.usageError("unknown --format %q (use %s)", f.format, strings.Join(f.formats, ", "))
	}
	if st, err := os.Stat(f.dir); err != nil || !st.IsDir() {
		msg := "no such folder"
		if err == nil {
			msg = "not a folder"
		} else if !errors.Is(err, fs.ErrNotExist) {
			msg = err.Error()
		}
		fmt.Fprintf(f.e.stderr, "errcat %s: --locales %s: %s (run errcat from the project's root, or pass --locales DIR)\n", f.name, f.dir, msg)
		return nil, exitUsage, false
	}
	return operands, exitOK, true
}

func (f *catalogFlags) usageError(format string, args ...any) ([]string, int, bool) {
	fmt.Fprintf(f.e.stderr, "errcat %s: %s\n", f.name, fmt.Sprintf(format, args...))
	fmt.Fprintf(f.e.stderr, "Run 'errcat %s -h' for usage.\n", f.name)
	return nil, exitUsage, false
}

// display is the locales folder as diagnostics name it: "locales".
func (f *catalogFlags) display() string { return filepath.ToSlash(filepath.Clean(f.dir)) }

// load loads the catalog. On failure it prints why and returns false: a
// catalog that does not load is a load error (exit 2) for every command but
// lint, whose business it is.
func (f *catalogFlags) load() (*catalog.Catalog, bool) {
	c, err := catalog.Load(os.DirFS(f.dir), f.display())
	if err != nil {
		f.loadFailed(err)
		return nil, false
	}
	return c, true
}

// loadFailed prints why the catalog did not load: every problem, one a line,
// then what to do.
func (f *catalogFlags) loadFailed(err error) {
	var le *catalog.LoadError
	if !errors.As(err, &le) {
		fmt.Fprintf(f.e.stderr, "errcat %s: %v\n", f.name, err)
		return
	}
	for _, d := range le.Diagnostics {
		fmt.Fprintln(f.e.stderr, d)
	}
	fmt.Fprintf(f.e.stderr, "errcat %s: the catalog in %s does not load; fix the errors above (errcat lint lists every problem)\n", f.name, f.dir)
}

// survey computes the coverage of the locales --locale names (every
// translation without it, and the source first when withSource) one bundle
// at a time, so that a catalog of any size fits in memory, and with the
// survey cache, so that a second run over unchanged files is quick. On
// failure it prints why and returns false.
func (f *catalogFlags) survey(withSource bool) (*catalog.Survey, bool) {
	opts := catalog.SurveyOptions{WithSource: withSource, CacheDir: catalog.DefaultCacheDir()}
	if abs, err := filepath.Abs(f.dir); err == nil {
		opts.CacheScope = abs
	}
	for _, s := range f.locales {
		tag, err := parseLocale(s)
		if err != nil {
			fmt.Fprintf(f.e.stderr, "errcat %s: --locale %q is not a BCP 47 language tag\n", f.name, s)
			return nil, false
		}
		if tag == catalog.DefaultSource {
			opts.WithSource = true
			continue
		}
		if !slices.Contains(opts.Locales, tag) {
			opts.Locales = append(opts.Locales, tag)
		}
	}
	if len(f.locales) > 0 && opts.Locales == nil {
		opts.Locales = []language.Tag{} // only the source
	}
	sv, err := catalog.SurveyFS(os.DirFS(f.dir), f.display(), opts)
	if err != nil {
		f.loadFailed(err)
		return nil, false
	}
	return sv, true
}

// selected returns the indexes into c.Locales of the locales --locale names,
// in the catalog's order, or of every locale when there is no --locale
// (without the source unless withSource). It prints an error and returns
// false for a tag that is not valid or has no bundle.
func (f *catalogFlags) selected(c *catalog.Catalog, withSource bool) ([]int, bool) {
	var out []int
	if len(f.locales) == 0 {
		for l := range c.Locales() {
			if l > 0 || withSource {
				out = append(out, l)
			}
		}
		return out, true
	}
	for _, s := range f.locales {
		tag, err := parseLocale(s)
		if err != nil {
			fmt.Fprintf(f.e.stderr, "errcat %s: --locale %q is not a BCP 47 language tag\n", f.name, s)
			return nil, false
		}
		l := slices.IndexFunc(c.Locales(), func(loc catalog.Locale) bool { return loc.Tag == tag })
		if l < 0 {
			fmt.Fprintf(f.e.stderr, "errcat %s: no bundle for locale %s in %s\n", f.name, tag, f.dir)
			return nil, false
		}
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out, true
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// githubAnnotation formats d as a GitHub Actions workflow command, which
// shows the finding on the line it concerns in a pull request:
//
//	::error file=locales/ja.toml,line=12,col=1::code 2004: …
func githubAnnotation(d catalog.Diagnostic) string {
	var b strings.Builder
	b.WriteString("::")
	b.WriteString(d.Severity.String())
	b.WriteString(" file=")
	b.WriteString(escapeProperty(d.File))
	if d.Line > 0 {
		fmt.Fprintf(&b, ",line=%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ",col=%d", d.Col)
		}
	}
	b.WriteString("::")
	msg := d.Message
	if d.ID != "" {
		msg = "code " + d.ID + ": " + msg
	}
	b.WriteString(escapeData(msg))
	return b.String()
}

// escapeData and escapeProperty escape as GitHub's workflow commands
// require (actions/toolkit, command.ts).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// writeFileAtomic replaces the file at path with data so that a reader (or
// a crash) sees either the old file or the new one, never a part: it writes
// a hidden temporary file in the same folder, syncs it, gives it mode, and
// renames it over path. The loader ignores hidden files, so a server
// watching the folder never loads the temporary one.
func writeFileAtomic(path string, data []byte, mode fs.FileMode) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Chmod(mode.Perm()); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	// Sync the folder too, so that the rename itself survives a crash.
	// Not every system can; the file is in place either way.
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// fileMode returns the permission bits of the file at path, or def when it
// does not exist.
func fileMode(path string, def fs.FileMode) fs.FileMode {
	if st, err := os.Stat(path); err == nil {
		return st.Mode().Perm()
	}
	return def
}

func plurally(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
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
