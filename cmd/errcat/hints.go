package main

import (
	"fmt"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog"
)

// Hints: what the tools add to a message so that it is not a dead end, a
// "did you mean" or a word on who serves a locale today.

// tagHint is what follows "--locale "it_IT" is not a BCP 47 language tag":
// ": did you mean it-IT?", or "" when there is no good guess.
func tagHint(s string) string {
	tag, ok := catalog.GuessLocale(s)
	if !ok {
		return ""
	}
	return fmt.Sprintf(": did you mean %s?", tag)
}

// noBundleHint is what follows "no bundle for locale it-IT": a file meant
// as that bundle but not read for its name ("; locales/it_IT.toml is not
// read for its name: rename it it-IT.toml"), or another bundle that serves
// it-IT's readers ("; it-IT readers get it (locales/it.toml): did you mean
// --locale it?"), or "".
func noBundleHint(fo *catalog.Folder, tag language.Tag) string {
	if bf, ok := fo.Misnamed(tag); ok {
		return fmt.Sprintf("; %s is not read for its name: rename it %s", bf.File, fo.NewFile(tag).Name)
	}
	bf, ok := fo.ServedBy(tag)
	if !ok {
		return ""
	}
	return fmt.Sprintf("; %s readers get %s (%s): did you mean --locale %s?", tag, bf.Tag, bf.File, bf.Tag)
}

// newLocaleNotes are the notes for a translator who starts locale tag,
// which has no bundle yet: a file meant as its bundle but not read for its
// name, and another bundle that serves its readers today. Once tag has a
// bundle they get that, and the source where it has no text, no longer the
// other bundle's: the note says so, before (todo, export) and when it
// happens (merge, import: created). There are none when fo has tag's
// bundle.
func newLocaleNotes(fo *catalog.Folder, tag language.Tag, created bool) []string {
	if _, ok := fo.Find(tag); ok {
		return nil
	}
	var notes []string
	file := fo.NewFile(tag)
	if bf, ok := fo.Misnamed(tag); ok {
		if created {
			notes = append(notes, fmt.Sprintf("note: %s, beside it, is not read for its name: move what it holds into %s, then delete it", bf.File, file.File))
		} else {
			notes = append(notes, fmt.Sprintf("note: %s is not read for its name: to go on with it, rename it %s", bf.File, file.Name))
		}
	}
	bf, ok := fo.ServedBy(tag)
	if !ok {
		return notes
	}
	source := fmt.Sprintf("the source (%s)", fo.SourceTag())
	if bf.Tag == fo.SourceTag() {
		source = "the source"
	}
	readers := func(when string) string {
		return fmt.Sprintf("%s readers %s get %s, and %s where it has no text", tag, when, file.File, source)
	}
	if created {
		return append(notes, fmt.Sprintf("note: %s was served by %s (%s) until now; %s", tag, bf.Tag, bf.File, readers("now")))
	}
	shared := fmt.Sprintf("use --locale %s", bf.Tag)
	if bf.Tag == fo.SourceTag() {
		shared = fmt.Sprintf("edit %s, the source", bf.File)
	}
	return append(notes, fmt.Sprintf("note: %s is already served by %s (%s); to change %s only, go on (%s); to edit the shared text, %s",
		tag, bf.Tag, bf.File, tag, readers("then"), shared))
}
