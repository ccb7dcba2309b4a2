package coverage

import (
	"math"
	"strconv"
	"strings"

	"golang.org/x/text/feature/plural"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/internal/parallel"
	"github.com/errcat/errcat/catalog/internal/tmpl"
	"github.com/errcat/errcat/catalog/internal/tomlfile"
)

// The survey's fast path. Building a catalog.Bundle compiles every
// template, which was four fifths of `errcat missing`'s time on a large
// catalog (text/template's parser, one tree per templated form), while
// coverage needs only each entry's ID, hash and texts. So a translation is
// first read with the lexer alone, as a stream (tomlfile.Scan): when its
// entries are in ascending code order, as every errcat tool writes them,
// the comparison walks them beside the source's codes, with no slice of
// entries and no map of IDs, and keeps only the gaps. Each entry must be
// one the loader provably accepts without a finding (known lower-case keys,
// string values, no custom delimiters); one whose text might be flawed
// (catalog.Flaws) is built and judged alone by the loader's own
// catalog.ParseEntry. Anything else (entries out of order, a key the loader
// might refuse, TOML beyond the lexer's part) sends the whole bundle to
// catalog.ParseBundle and Compare, so the loader stays the one judge of what
// loads, and a bundle with a problem fails the survey exactly as before.

// sourceIndex is what every bundle's comparison needs of the source,
// computed once and shared, read-only, by the workers.
type sourceIndex struct {
	src   *catalog.Bundle
	codes []int              // ascending
	ids   []string           // ids[i] is codes[i] as the bundles write it
	msgs  []*catalog.Message // msgs[i] is the source message of codes[i]
	// The fields msgs[i] reads are sets[setOf[i]], or none when setOf[i]
	// is -1: a walk of the codes reads four bytes of each, not a set of
	// a few hundred, which most messages (plain text) do not need.
	setOf []int32
	sets  []fieldSet
	// hashes[i] is msgs[i].SourceHash(), beside the others: every
	// translation's walk reads them all, and a message's own field was a
	// cache miss each.
	hashes []string
}

func newSourceIndex(src *catalog.Bundle, codes []int) *sourceIndex {
	x := &sourceIndex{src: src, codes: codes, ids: make([]string, len(codes)),
		msgs: make([]*catalog.Message, len(codes)), setOf: make([]int32, len(codes)), hashes: make([]string, len(codes))}
	// A source in ascending code order, as errcat writes it, gives its
	// messages in the order of codes: a walk beside them finds each
	// without a lookup by ID. The message of a code is the one whose ID
	// spells it (codes holds each once, and an ID is written once).
	i := 0
	for _, m := range src.Messages {
		if code, ok := catalog.ParseCode(m.ID); ok && i < len(codes) && code == codes[i] {
			x.ids[i], x.msgs[i] = m.ID, m
			i++
		}
	}
	if i < len(codes) { // another order
		for i, code := range codes {
			x.ids[i] = strconv.Itoa(code)
			x.msgs[i] = src.Lookup(x.ids[i])
		}
	}
	// First which codes read fields (most, plain text, do not), then
	// their sets, each at its place in one array allocated at its size:
	// a set is a few hundred bytes, and reading each message's
	// placeholders twice costs less than a set for every code.
	parallel.Ranges(len(codes), 4096, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			x.setOf[i] = -1
			if placeholders(x.msgs[i]).n != 0 {
				x.setOf[i] = 0
			}
			x.hashes[i] = x.msgs[i].SourceHash()
		}
	})
	n := int32(0)
	for i, k := range x.setOf {
		if k >= 0 {
			x.setOf[i], n = n, n+1
		}
	}
	x.sets = make([]fieldSet, n)
	parallel.Ranges(len(codes), 4096, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if k := x.setOf[i]; k >= 0 {
				x.sets[k] = placeholders(x.msgs[i])
			}
		}
	})
	return x
}

// noFields is the set of a message that reads none.
var noFields fieldSet

// fieldsOf returns the fields the source message of codes[i] reads.
func (x *sourceIndex) fieldsOf(i int) *fieldSet {
	if k := x.setOf[i]; k >= 0 {
		return &x.sets[k]
	}
	return &noFields
}

// entryText is what the fast path reads of one entry, substrings of its
// file; text and at are indexed by plural.Form, as catalog.Message's.
type entryText struct {
	e    *tomlfile.Entry
	hash string
	text [len(tomlfile.FormKeys)]string
	at   [len(tomlfile.FormKeys)]catalog.Pos
	// loaded is the loader's message for an entry that might be flawed
	// (catalog.Flaws), which only the loader judges; nil for the others.
	loaded *catalog.Message
}

// compareFile is one translation's coverage: by the lexer alone when every
// entry allows it, otherwise through the loader, whose diagnostics it
// returns. ok is false when the bundle has an error and no coverage.
func compareFile(x *sourceIndex, bf catalog.BundleFile, text string) (cov Coverage, ds []diag.Diagnostic, ok bool) {
	if cov, quick := quickCompare(x, bf, text); quick {
		return cov, nil, true
	}
	b, ds := catalog.ParseBundle(bf.File, bf.Tag, []byte(text))
	if b == nil || len(diag.Errors(ds)) > 0 {
		return Coverage{}, ds, false
	}
	cov = Compare(x.src, x.codes, b, false)
	detach(&cov)
	return cov, ds, true
}

// quickCompare is Compare for a translation read by the lexer alone, entry
// by entry, or quick=false when the bundle needs the loader. Its gaps hold
// copies, never substrings of the file.
func quickCompare(x *sourceIndex, bf catalog.BundleFile, data string) (cov Coverage, quick bool) {
	cov = Coverage{Locale: bf.Tag.String(), Tag: bf.Tag, File: bf.File, Total: len(x.codes)}
	i := 0 // the next source code not yet matched
	last := -1
	missingBefore := func(code int) {
		for ; i < len(x.codes) && x.codes[i] < code; i++ {
			cov.Missing = append(cov.Missing, Gap{ID: x.ids[i], Code: x.codes[i], Source: x.msgs[i]})
		}
	}
	quick = tomlfile.Scan(data, func(e *tomlfile.Entry) bool {
		// Strictly ascending codes also rule out an ID written twice,
		// which tomlfile.Scan leaves to its caller.
		code, ok := catalog.ParseCode(e.ID)
		if !ok || code <= last {
			return false
		}
		last = code
		missingBefore(code)
		var src *catalog.Message
		var srcFields *fieldSet
		inSource := i < len(x.codes) && x.codes[i] == code
		if inSource {
			src, srcFields = x.msgs[i], x.fieldsOf(i)
		} else if src = x.src.Lookup(e.ID); src != nil {
			fs := placeholders(src)
			srcFields = &fs
		}
		t := entryText{e: e}
		if !t.read(bf.File, src, srcFields) {
			return false
		}
		switch {
		case !inSource:
			cov.Obsolete = append(cov.Obsolete, Gap{ID: strings.Clone(e.ID), Code: code, Message: t.message(bf.File)})
		case !t.usable(src):
			cov.Missing = append(cov.Missing, Gap{ID: x.ids[i], Code: code, Source: src, Message: t.message(bf.File)})
		default:
			cov.Translated++
			if t.hash != "" && t.hash != x.hashes[i] {
				cov.Stale = append(cov.Stale, Gap{ID: x.ids[i], Code: code, Source: src, Message: t.message(bf.File)})
			}
		}
		if inSource {
			i++
		}
		return true
	})
	if !quick {
		return Coverage{}, false
	}
	missingBefore(math.MaxInt)
	return cov, true
}

// read reads the entry t.e, or reports that it needs the loader: its table
// is unusual (a key the loader might refuse or warn about, a value that is
// not a string), which only a full read judges. An entry whose text might
// be one of catalog.Flaws of src (a blank text, a template beyond
// {{.Field}}, placeholders other than the source's) is built and judged
// alone, by catalog.ParseEntry: a bundle with a few flawed translations
// costs those few, not a full load.
//
// srcFields are the fields src reads (placeholders); nil when src is nil.
func (t *entryText) read(file string, src *catalog.Message, srcFields *fieldSet) bool {
	e := t.e
	if e.NotMessage != "" {
		return false
	}
	var seen uint16
	var fields fieldSet
	doubt := false
	for _, f := range e.Fields {
		if f.Type != "" {
			return false
		}
		k := fieldIndex(f.Key)
		if k < 0 || seen&(1<<k) != 0 {
			return false // unknown, mixed-case, repeated or rare keys: the loader decides
		}
		seen |= 1 << k
		switch {
		case k == hashKey:
			t.hash = f.Value
		case k < len(tomlfile.FormKeys):
			if !simpleTemplate(f.Value, &fields) || catalog.IsBlank(f.Value) {
				doubt = true
			}
			form := formOf[k]
			t.text[form], t.at[form] = f.Value, f.VPos
		}
	}
	// A translation must read exactly the fields its source reads, as
	// catalog.Flaws compares them (not at all when "other" is empty).
	if !doubt && src != nil && t.text[plural.Other] != "" && !fields.equal(srcFields) {
		doubt = true
	}
	if doubt {
		m, ds := catalog.ParseEntry(file, e)
		if m == nil || len(ds) > 0 {
			return false // not expected of these keys; the loader reports it with the rest
		}
		t.loaded = m
	}
	return true
}

const (
	hashKey = len(tomlfile.FormKeys)
	descKey = hashKey + 1
)

// formOf maps a form key's index in tomlfile.FormKeys to its plural.Form,
// as catalog.ParseForm would, without comparing strings again.
var formOf = func() (f [len(tomlfile.FormKeys)]plural.Form) {
	for i, k := range tomlfile.FormKeys {
		f[i], _ = catalog.ParseForm(k)
	}
	return f
}()

// fieldIndex returns a form key's index in tomlfile.FormKeys (go-i18n's
// order, not plural.Form's: quickEntries maps it with catalog.ParseForm),
// hashKey, descKey, or -1 for anything else. It serves to spot repeated
// keys with one bit each.
func fieldIndex(key string) int {
	// A switch, which the compiler turns into a search by length and
	// bytes, rather than a loop over FormKeys comparing each in turn:
	// "other", the key of every entry, came last. TestFieldIndex holds it
	// to FormKeys.
	switch key {
	case "other":
		return 5
	case "hash":
		return hashKey
	case "one":
		return 1
	case "few":
		return 3
	case "many":
		return 4
	case "two":
		return 2
	case "zero":
		return 0
	case "description":
		return descKey
	}
	return -1
}

// A fieldSet is the set of fields the forms of a message read, for
// comparing a translation's with its source's, as catalog.Flaws compares
// them: over all forms together. It holds a few; a message that reads
// more is left to the loader.
//
// A short name (up to fifteen bytes, as most are: Max, PluralCount) is
// also kept packed in two words, its bytes and its length, so that
// comparing two sets compares words: comparing the strings, which are in
// two files, was a twentieth of errcat missing's time.
type fieldSet struct {
	n     int
	names [8]string
	keys  [8]packedName // packed(names[i]); zero for a longer name
}

type packedName [2]uint64

// packed returns name's bytes and length in two words, or zero when it
// has more than fifteen bytes (or none). Two names of up to fifteen bytes
// are equal exactly when their words are.
func packed(name string) packedName {
	var k packedName
	if len(name) == 0 || len(name) > 15 {
		return k
	}
	k[1] = uint64(len(name)) << 56
	for i := 0; i < len(name); i++ {
		k[i/8] |= uint64(name[i]) << (8 * (i % 8))
	}
	return k
}

// has reports whether s holds the name whose packed words are k.
func (s *fieldSet) has(name string, k packedName) bool {
	for i := range s.n {
		if s.keys[i] == k && (k[1] != 0 || s.names[i] == name) {
			return true
		}
	}
	return false
}

// add adds name, and reports false when the set is full.
func (s *fieldSet) add(name string) bool {
	k := packed(name)
	if s.has(name, k) {
		return true
	}
	if s.n == len(s.names) {
		return false
	}
	s.names[s.n], s.keys[s.n] = name, k
	s.n++
	return true
}

// equal reports whether s holds exactly the names of o.
func (s *fieldSet) equal(o *fieldSet) bool {
	if s.n != o.n {
		return false
	}
	for i := range s.n {
		if !o.has(s.names[i], s.keys[i]) {
			return false
		}
	}
	return true
}

// placeholders returns the fields m reads over all its forms, as m's
// compiled templates say. When there are more than a fieldSet holds, the
// set it returns equals no other: every translation of m goes to the
// loader.
func placeholders(m *catalog.Message) fieldSet {
	var s fieldSet
	for _, f := range catalog.Forms() {
		for _, name := range m.Placeholders(f) {
			if !s.add(name) {
				return fieldSet{n: -1}
			}
		}
	}
	return s
}

// simpleTemplate reports whether text is plain or a template whose every
// action is a field, {{.Max}} or {{ .User.Name }}: a template the loader's
// compiler always accepts (tmpl.FieldsOnly, the rule it compiles by). It
// adds each field to fields, and reports false too when they do not fit.
// Anything it refuses is left to the loader.
func simpleTemplate(text string, fields *fieldSet) bool {
	return tmpl.FieldsOnly(text, fields.add)
}

// usable reports whether an entry of the fast path counts as translated of
// src, as Compare asks catalog.IsTranslated of a loaded message. An entry
// that could be flawed has its loaded message, which IsTranslated judges;
// for the others, what is left of the question is whether "other" has text.
func (t *entryText) usable(src *catalog.Message) bool {
	if t.loaded != nil {
		return catalog.IsTranslated(t.loaded, src)
	}
	return t.text[plural.Other] != ""
}

// message builds a detached catalog.Message for a gap: the loaded one's
// copy when there is one, as Compare's gaps hold the loaded messages.
func (t *entryText) message(file string) *catalog.Message {
	if t.loaded != nil {
		return t.loaded.Clone()
	}
	m := &catalog.Message{ID: strings.Clone(t.e.ID), Hash: strings.Clone(t.hash), File: file, Pos: t.e.Pos}
	m.Code, _ = catalog.ParseCode(m.ID)
	for f := range t.text {
		m.Text[f] = strings.Clone(t.text[f])
		m.At[f] = t.at[f]
	}
	for _, f := range t.e.Fields {
		if f.Key == "description" {
			m.Description = strings.Clone(f.Value)
		}
	}
	return m
}
