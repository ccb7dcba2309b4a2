package catalog

import "golang.org/x/text/language"

// ServedBy returns the bundle that serves readers who ask for tag, when the
// folder has no bundle of tag's own but has one in tag's language: zh-TW is
// served by zh-Hant, pt-BR by pt, en-GB by en (the source too counts). A
// tool says so before a translator starts a new locale that would take
// those readers from it, or names a locale that has no bundle.
//
// It matches as the catalog's resolver does, with the same matcher over
// the folder's tags, so it needs none of the bundles read. A match in
// another language (x/text gives Belarusian readers Russian) is no answer:
// starting be is not changing ru.
func (f *Folder) ServedBy(tag language.Tag) (BundleFile, bool) {
	if _, ok := f.Find(tag); ok {
		return BundleFile{}, false
	}
	var files []BundleFile
	if f.Source.Name != "" {
		files = append(files, f.Source)
	}
	files = append(files, f.Translations...)
	if len(files) == 0 {
		return BundleFile{}, false
	}
	// A catalog of tags alone: matchRange reads no message.
	c := &Catalog{locales: make([]Locale, len(files))}
	tags := make([]language.Tag, len(files))
	for i, b := range files {
		tags[i] = b.Tag
		c.locales[i] = Locale{Tag: b.Tag, ID: b.Tag.String(), File: b.File}
		c.privateUse = c.privateUse || isPrivateUse(b.Tag.String())
	}
	c.matcher = language.NewMatcher(tags)
	c.prefs = newChainCache(c)
	m := c.matchRange(tag.String())
	if m.locale < 0 || !m.direct {
		return BundleFile{}, false
	}
	return files[m.locale], true
}
