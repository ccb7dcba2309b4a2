package catalog

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog/diag"
)

// GuessLocale returns the locale a tag or file name that is not one most
// likely means, for a "did you mean" in an error: it_IT is it-IT (POSIX
// and Java write an underscore), active.it.toml is it (goi18n names its
// files so, and go-i18n reads the tag between the last two dots), it.toml
// is it (a file name where a tag was wanted). It returns false when s needs
// no such repair or none gives a tag.
func GuessLocale(s string) (language.Tag, bool) {
	t := s
	if ext := len(t) - len(".toml"); ext > 0 && strings.EqualFold(t[ext:], ".toml") {
		t = t[:ext]
	}
	if i := strings.LastIndexByte(t, '.'); i >= 0 {
		// "en.bak" may be a backup of en or a bundle of ba (Bashkir,
		// "bak" in ISO 639-2): when the part before the dot is a tag
		// too, there is no guessing which.
		if _, err := language.Parse(strings.ReplaceAll(t[:i], "_", "-")); err == nil {
			return language.Und, false
		}
		t = t[i+1:]
	}
	t = strings.ReplaceAll(t, "_", "-")
	if t == s || t == "" {
		return language.Und, false
	}
	tag, err := language.Parse(t)
	// "not_a_tag" parses as not with an extension a-tag: a locale's name
	// has no extensions, so that is no guess.
	if err != nil || tag == language.Und || len(tag.Extensions()) > 0 {
		return language.Und, false
	}
	return tag, true
}

// fileNameProblem says what is wrong with the name of a bundle file whose
// name is not a tag, and what to name it when GuessLocale finds one.
func fileNameProblem(name string) string {
	msg := fmt.Sprintf("file name %q is not a BCP 47 language tag", name)
	tag, ok := GuessLocale(name)
	if !ok {
		return msg + " (name bundles like ja.toml or zh-Hant.toml)"
	}
	base := strings.TrimSuffix(name, ".toml")
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		// goi18n's own output is active.it.toml.
		return msg + fmt.Sprintf(": did you mean %s.toml? (a bundle is named by its tag alone, without %q)", tag, base[:i+1])
	}
	return msg + fmt.Sprintf(": did you mean %s.toml?", tag)
}

// isMiscasedBundle reports whether name would be a bundle, or the facts
// file, but for the case of its extension (it.TOML, ja.Toml, codes.TOML).
// Such a file is not read, which its translator would not expect: the
// folder warns about it.
func isMiscasedBundle(name string) bool {
	ext := len(name) - len(".toml")
	if ext <= 0 || !strings.EqualFold(name[ext:], ".toml") || strings.HasSuffix(name, ".toml") {
		return false
	}
	lower := name[:ext] + ".toml"
	return IsBundleName(lower) || lower == FactsFile
}

// miscased is the warning about a file isMiscasedBundle finds.
func miscased(display, name string) diag.Diagnostic {
	lower := name[:len(name)-len(".toml")] + ".toml"
	what := "a bundle's name ends in .toml, in lower case"
	if lower == FactsFile {
		what = "the facts file is " + FactsFile + ", in lower case"
	}
	return diag.Diagnostic{File: path.Join(display, name), Severity: diag.Warning, Rule: diag.RuleFileName,
		Message: fmt.Sprintf("%s is not read: %s; name it %s", name, what, lower)}
}

// noteMisnamed remembers a file skipped for its name, by the locale it
// was meant for, for Misnamed.
func (f *Folder) noteMisnamed(name string) {
	if tag, ok := GuessLocale(name); ok {
		f.misnamed = append(f.misnamed, BundleFile{Name: name, Tag: tag, File: path.Join(f.display, name)})
	}
}

// MisnamedFiles returns every file of the folder that Misnamed would name:
// not read for its name, though it looks meant as a bundle. A tool that
// works on every bundle names them, since it does nothing for them.
func (f *Folder) MisnamedFiles() []BundleFile { return slices.Clone(f.misnamed) }

// Misnamed returns the file of the folder that looks meant as tag's bundle
// but is not read for its name (it.TOML, active.it.toml for it; it_IT.toml
// for it-IT), for a tool to name where it would say tag has no bundle.
func (f *Folder) Misnamed(tag language.Tag) (BundleFile, bool) {
	i := slices.IndexFunc(f.misnamed, func(b BundleFile) bool { return b.Tag == tag })
	if i < 0 {
		return BundleFile{}, false
	}
	return f.misnamed[i], true
}
