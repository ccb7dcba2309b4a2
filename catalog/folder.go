package catalog

import (
	"cmp"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/internal/parallel"
)

// A Folder is a folder of bundles, listed but not yet read: which file is
// the source, which files are translations and for which locales. It is
// what the loader and every tool start from, so that they agree on which
// files are bundles, and a tool can read only the bundles its job needs.
type Folder struct {
	fsys    fs.FS
	display string

	// Source is the source bundle's file; its Name is empty when the
	// folder has none.
	Source BundleFile
	// Translations are the other bundles, ordered by tag.
	Translations []BundleFile
	// Diagnostics are the findings about file names (not a tag, not
	// canonical, a locale twice) and the facts file's own problems.
	Diagnostics []diag.Diagnostic

	// facts are the folder's facts file (FactsFile), which names the
	// source language.
	facts *facts
	// misnamed are the files skipped for their names that GuessLocale
	// finds a locale in: it.TOML, it_IT.toml, active.it.toml.
	misnamed []BundleFile
}

// A BundleFile is one bundle of a Folder.
type BundleFile struct {
	Name string       // the file's name in the folder: "ja.toml"
	Tag  language.Tag // the locale its name gives
	File string       // the name diagnostics use: "locales/ja.toml"
}

// OpenFolder lists the bundles at the top of fsys and reads its facts file
// (FactsFile), which says which bundle is the source. display names that
// folder in diagnostics ("locales"). It fails only when the folder cannot
// be read.
func OpenFolder(fsys fs.FS, display string) (*Folder, error) {
	ents, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	f := &Folder{fsys: fsys, display: display}
	f.facts, f.Diagnostics = readFacts(f)
	source := f.facts.source
	byTag := map[language.Tag]string{}
	for _, e := range ents {
		name := e.Name()
		if !e.IsDir() && isMiscasedBundle(name) {
			f.Diagnostics = append(f.Diagnostics, miscased(display, name))
			f.noteMisnamed(name)
			continue
		}
		if e.IsDir() || !IsBundleName(name) {
			continue
		}
		file := path.Join(display, name)
		if kind := specialKind(fsys, name, e.Type()); kind != "" {
			// Opening a FIFO waits for a writer, and a device may never
			// stop giving bytes: such a file is never opened.
			if kind != "folder" {
				f.Diagnostics = append(f.Diagnostics, diag.Diagnostic{File: file, Severity: diag.Warning, Rule: diag.RuleSpecialFile,
					Message: fmt.Sprintf("%s is %s, not a regular file: skipped", name, kind)})
			}
			continue
		}
		tagName := strings.TrimSuffix(name, ".toml")
		tag, err := language.Parse(tagName)
		if err != nil || strings.Contains(tagName, "_") {
			f.Diagnostics = append(f.Diagnostics, diag.Diagnostic{File: file, Severity: diag.Error, Rule: diag.RuleFileName,
				Message: fileNameProblem(name)})
			f.noteMisnamed(name)
			continue
		}
		if other, dup := byTag[tag]; dup {
			f.Diagnostics = append(f.Diagnostics, diag.Diagnostic{File: file, Severity: diag.Error, Rule: diag.RuleDuplicateLocale,
				Message: fmt.Sprintf("locale %s is already defined by %s", tag, other)})
			continue
		}
		if tag.String() != tagName {
			f.Diagnostics = append(f.Diagnostics, diag.Diagnostic{File: file, Severity: diag.Warning, Rule: diag.RuleFileName,
				Message: fmt.Sprintf("file name %q is not in canonical form; name it %s.toml", name, tag)})
		}
		byTag[tag] = file
		bf := BundleFile{Name: name, Tag: tag, File: file}
		if tag == source {
			f.Source = bf
			continue
		}
		f.Translations = append(f.Translations, bf)
	}
	slices.SortFunc(f.Translations, func(a, b BundleFile) int { return cmp.Compare(a.Tag.String(), b.Tag.String()) })
	return f, nil
}

// specialKind says what a directory entry of type typ is when it is not a
// regular file or a link to one ("a named pipe (FIFO)", "folder"), and ""
// for a regular file. A link whose target cannot be reached counts as a
// file: reading it reports why.
func specialKind(fsys fs.FS, name string, typ fs.FileMode) string {
	if typ&fs.ModeSymlink != 0 {
		info, err := fs.Stat(fsys, name)
		if err != nil {
			return ""
		}
		typ = info.Mode().Type()
	}
	switch {
	case typ.IsRegular():
		return ""
	case typ.IsDir():
		return "folder"
	}
	return describeMode(typ)
}

// describeMode names a kind of file other than a regular file or a folder.
func describeMode(typ fs.FileMode) string {
	switch {
	case typ&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case typ&fs.ModeSocket != 0:
		return "a socket"
	case typ&fs.ModeCharDevice != 0:
		return "a character device"
	case typ&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file (" + typ.String() + ")"
}

// Display returns the folder's name as diagnostics show it.
func (f *Folder) Display() string { return f.display }

// FS returns the file system the folder reads.
func (f *Folder) FS() fs.FS { return f.fsys }

// SourceTag returns the language of the folder's source bundle: the facts
// file's source, English when it names none.
func (f *Folder) SourceTag() language.Tag { return f.facts.source }

// Find returns the bundle file of locale tag, the source included.
func (f *Folder) Find(tag language.Tag) (BundleFile, bool) {
	if tag == f.facts.source && f.Source.Name != "" {
		return f.Source, true
	}
	i := slices.IndexFunc(f.Translations, func(b BundleFile) bool { return b.Tag == tag })
	if i < 0 {
		return BundleFile{}, false
	}
	return f.Translations[i], true
}

// NewFile returns the bundle file a new locale's bundle would have.
func (f *Folder) NewFile(tag language.Tag) BundleFile {
	name := tag.String() + ".toml"
	return BundleFile{Name: name, Tag: tag, File: path.Join(f.display, name)}
}

// NoSource is the one diagnostic for a folder without a source bundle.
func (f *Folder) NoSource() diag.Diagnostic {
	src := f.facts.source
	return diag.Diagnostic{File: path.Join(f.display, src.String()+".toml"), Severity: diag.Error, Rule: diag.RuleSource,
		Message: fmt.Sprintf("no bundle for the source language %s", src)}
}

// Read reads and parses one bundle of the folder. The read is bounded in
// size (MaxBundleSize) and in time: a file system that stops answering
// costs an error after ten seconds, not a hang.
func (f *Folder) Read(b BundleFile) (*Bundle, []diag.Diagnostic) {
	data, ds := f.ReadBytes(b)
	if data == nil {
		return nil, ds
	}
	return ParseBundle(b.File, b.Tag, data)
}

// ReadSome reads the messages of bundle b whose IDs are ids, for a tool
// that needs a few messages of a large bundle (merge needs of the source
// those its work file names): the file is lexed (tomlfile.Scan) and only
// those entries are built, each by the loader as Read builds it, with its
// diagnostics. The other entries are read as TOML but not judged as
// messages. A file the lexer alone does not read, or whose tables are not
// in strictly ascending code order (where a table written twice would
// need a set of every ID to be seen), is read whole, as Read reads it: its
// bundle then holds every message.
func (f *Folder) ReadSome(b BundleFile, ids []string) (*Bundle, []diag.Diagnostic) {
	text, ds := f.ReadText(b)
	if ds != nil {
		return nil, ds
	}
	if bd, ds, ok := parseSome(b.File, b.Tag, text, ids); ok {
		return bd, ds
	}
	return ParseBundle(b.File, b.Tag, []byte(text))
}

// ReadAll reads the source and every translation on every core. It never
// stops at the first problem: it returns each bundle it could read, the
// source first when there is one, and a diagnostic for everything wrong,
// the file names' included, so that a translator sees every problem at
// once.
func (f *Folder) ReadAll() ([]*Bundle, []diag.Diagnostic) {
	files := f.Translations
	if f.Source.Name != "" {
		files = append([]BundleFile{f.Source}, files...)
	}
	read := make([]*Bundle, len(files))
	found := make([][]diag.Diagnostic, len(files))
	parallel.Each(len(files), func(i int) {
		read[i], found[i] = f.Read(files[i])
	})
	diags := slices.Clone(f.Diagnostics)
	var bundles []*Bundle
	for i := range files {
		diags = append(diags, found[i]...)
		if read[i] != nil {
			bundles = append(bundles, read[i])
		}
	}
	return bundles, diags
}

// IsWorkFile reports whether name is a translator's work file
// (translate.ja.toml, see package workfile) rather than a bundle.
func IsWorkFile(name string) bool {
	return strings.HasPrefix(name, "translate.") && strings.HasSuffix(name, ".toml")
}

// IsBundleName reports whether a file in a locales directory is a bundle.
// The facts file (codes.toml), work files, and the hidden or backup files
// editors leave beside the file being edited (.ja.toml.swp, ja.toml~,
// #ja.toml#) are not.
func IsBundleName(name string) bool {
	return strings.HasSuffix(name, ".toml") && name != FactsFile && !IsWorkFile(name) &&
		!strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "#")
}

// IsCatalogFile reports whether a file in a locales directory is part of
// the catalog: a bundle or the facts file. A change to one changes what
// the catalog serves.
//
// A bundle or facts file misnamed in case (it.TOML, codes.TOML) counts
// too: it is not read, but the folder warns about it, and a server logs
// the warning when it is saved.
func IsCatalogFile(name string) bool {
	return name == FactsFile || IsBundleName(name) || isMiscasedBundle(name)
}

// ReadBytes reads one bundle's bytes, bounded as Read is, for a tool that
// scans the file itself (coverage's fast path) and hands it to ParseBundle
// only when it needs the loader's judgement.
func (f *Folder) ReadBytes(b BundleFile) ([]byte, []diag.Diagnostic) {
	data, err := readBounded(f.fsys, b.Name)
	if err != nil {
		return nil, []diag.Diagnostic{{File: b.File, Severity: diag.Error, Rule: diag.RuleRead, Message: err.Error()}}
	}
	return data, nil
}

// ReadInto is ReadBytes into buf's storage when it holds the file, for a
// tool that reads many bundles one at a time and keeps nothing of each
// (coverage's survey): one buffer serves them all, where a new one each
// made most of a large catalog's garbage. On success data may share buf's
// storage. On failure data is nil, and buf must not be used again: a read
// that timed out may still be writing into it.
func (f *Folder) ReadInto(b BundleFile, buf []byte) (data []byte, ds []diag.Diagnostic) {
	data, err := readBoundedInto(f.fsys, b.Name, buf)
	if err != nil {
		return nil, []diag.Diagnostic{{File: b.File, Severity: diag.Error, Rule: diag.RuleRead, Message: err.Error()}}
	}
	return data, nil
}

// ReadText is ReadBytes into a string, read in place: for a tool whose
// lexer keeps substrings of the file (tomlfile.Scan, coverage's fast path),
// it saves a copy of every file.
func (f *Folder) ReadText(b BundleFile) (string, []diag.Diagnostic) {
	text, err := readBoundedText(f.fsys, b.Name)
	if err != nil {
		return "", []diag.Diagnostic{{File: b.File, Severity: diag.Error, Rule: diag.RuleRead, Message: err.Error()}}
	}
	return text, nil
}
