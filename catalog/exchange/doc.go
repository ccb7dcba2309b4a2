// Package exchange moves errcat's messages in and out of the files that
// translators' tools speak: gettext PO, XLIFF 2.0 and XLIFF 1.2.
//
// # The model
//
// A [Document] is one source language, one target language and the target
// language's [PluralRule]. Each [Unit] is one error code: the English by CLDR
// plural category (Source: "other", and "one" for a plural message), the
// translator note (Description), the translation (Target) and what is known
// about how current it is. Writers take a Document; readers return one; the
// package imports nothing else of errcat, and the catalog fills and drains
// the model.
//
// A target is either current, with State Translated, Reviewed or Final, or
// Stale, with State Initial: made from other English, or not yet confirmed
// by a translator (gettext's fuzzy). Every format writes a target whose State
// is Initial as stale, and every reader returns a stale target with State
// Initial. An empty string is the same as a missing category.
//
// # The hash rule
//
// The catalog identifies the English a translation was made from by a hash
// of the description and the text (go-i18n's "sha1-" of description + other;
// see the catalog for plural messages). This package never computes it: the
// caller puts today's hash in SourceHash and, for a stale target, the hash
// the bundle recorded in PreviousHash, and the codecs carry both:
//
//	PO          #. errcat-hash: HASH              (the last extracted comment)
//	            # errcat-previous-hash: HASH      (a translator comment)
//	XLIFF 2.0   <mda:metaGroup category="errcat"> source-hash, previous-hash
//	XLIFF 1.2   <note from="developer">errcat-hash: HASH</note>
//	            <note from="po-translator">errcat-previous-hash: HASH</note>
//
// Extracted comments describe the English, so msgmerge takes them from the
// template (which WritePO writes too), and tools that keep extracted
// comments, as msgcat and translate-toolkit do, keep the hash; translator
// comments describe the translation, so msgmerge keeps them from the old
// file. On import, [Unit.TargetHash] is the hash to record beside the
// target: SourceHash for a current target, which differs from the catalog's
// hash exactly when the English changed after export, so the translation
// shows as stale; PreviousHash for a stale one. A stale target whose file
// lost its previous hash (msgmerge against a new template) has none: keep
// the hash the bundle has.
//
// # Plural forms
//
// English has "one" and "other": msgid and msgid_plural. The target
// language's categories come from the caller, in msgstr order, with the
// gettext header that goes with them:
//
//	PO          msgstr[n] is Plural.Forms[n]; the header field
//	            X-Errcat-Plural-Categories names them. Without it, nplurals=1
//	            is "other", 2 is "one other", 6 all six; other counts differ
//	            between languages and are refused.
//	XLIFF 2.0   one <segment id="CATEGORY"> per category, its source the
//	            English of that category or "other"; English no segment shows
//	            (ja has no "one") goes in the unit's metadata.
//	XLIFF 1.2   as translate-toolkit's po2xliff: <group
//	            restype="x-gettext-plurals"> of trans-units CODE[n], [0]
//	            showing the English "one" and the rest "other", at least two.
//
// # States
//
//	              PO             XLIFF 2.0            XLIFF 1.2
//	untranslated  msgstr ""      no <target>          no <target>
//	Translated    no flag        state="translated"   state="translated" approved="yes"
//	Reviewed      no flag        state="reviewed"     state="signed-off" approved="yes"
//	Final         no flag        state="final"        state="final" approved="yes"
//	Stale         #, fuzzy       state="initial"      state="needs-review-translation" approved="no"
//	 previous     #| msgid       metadata             <alt-trans alttranstype="previous-version">
//
// Readers take what the tools write: PO fuzzy, XLIFF 1.2 approved="no" or a
// state short of translated, XLIFF 2.0 initial with a target: all Stale.
//
// # Placeholders
//
// Template actions ({{.Max}}, {{.PluralCount}}) are code the translator must
// keep. XLIFF 2.0 writes each as <ph dataRef="d1" equiv="{{.Max}}"
// disp="{{.Max}}"/> with the action in <originalData>, a target's <ph>
// sharing the id of the same action in its source; XLIFF 1.2 writes
// <ph>{{.Max}}</ph>, which translate-toolkit keeps (it drops <x>). Reading
// puts back the exact text. PO has no markup: the text is the template.
// Messages with their own delimiters travel as plain text.
//
// # What survives
//
// Within this package, every format gives back the document it was given,
// except that PO has no reviewed or final: they read back as Translated.
// Through msgcat (any wrapping) and msgmerge --previous against a template
// from WritePO, PO keeps everything. Through po2xliff and xliff2po,
// everything but the previous English: translate-toolkit drops #| and
// alt-trans. po2xliff also drops msgctxt, so WritePO repeats the code as a
// "#:" reference, which it keeps.
//
// # Traps
//
//   - gettext and CLDR disagree for some languages: gettext's ru has three
//     forms, CLDR's fourth ("other", for fractions) has no msgstr. A target
//     in a category outside Plural.Forms is refused, not dropped.
//   - Descriptions are wrapped like format=flowed: a wrapped line ends with
//     its space, so unwrapping is exact, but a space just before a line break
//     of the description itself is lost.
//   - The target language is returned, not checked: call [CheckTarget].
//   - For languages with one form, translate-toolkit's xliff2po writes an
//     empty msgstr[1] that msgfmt refuses (as after its own po2xliff);
//     ReadPO accepts it.
//   - Readers refuse input over their limit, lines over a megabyte (PO), any
//     DOCTYPE, nesting deeper than 100 and more than 65,536 elements held at
//     once (XLIFF). Errors are [*ParseError] values: po:LINE: msgctxt
//     "2004": … and xliff:LINE: unit "2004": ….
package exchange
