package catalog

import (
	"strings"

	"golang.org/x/text/language"
)

// SuggestTag returns the locale tag a mistyped locale name was most likely
// meant to be, in canonical form, or "" when it sees none. It is the one
// "did you mean" of file names and --locale values, so that both give the
// same answer: "it_IT" is it-IT (x/text takes underscores, bundles are
// named with hyphens), "active.it" is it (goi18n names its output
// active.it.toml), "it.toml" is it.
func SuggestTag(name string) string {
	name = strings.TrimSuffix(name, ".toml")
	try := func(s string) string {
		tag, err := language.Parse(strings.ReplaceAll(s, "_", "-"))
		if err != nil || tag == language.Und {
			return ""
		}
		return tag.String()
	}
	if t := try(name); t != "" && t != name {
		return t
	}
	// A dotted name (active.it, translate.it, it.bak): the one part that
	// is a tag, when just one is.
	if parts := strings.Split(name, "."); len(parts) > 1 {
		found := ""
		for _, p := range parts {
			if t := try(p); t != "" {
				if found != "" {
					return ""
				}
				found = t
			}
		}
		return found
	}
	return ""
}

// caseOfExt reports whether name ends in .toml in another case (it.TOML,
// ja.Toml), which no bundle name does: such a file is not read, and the
// folder says so rather than ignore it silently.
func caseOfExt(name string) bool {
	const ext = ".toml"
	return len(name) > len(ext) && !strings.HasSuffix(name, ext) && strings.EqualFold(name[len(name)-len(ext):], ext)
}
