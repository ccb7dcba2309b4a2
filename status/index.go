package status

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/search"
	"golang.org/x/text/unicode/norm"
)

// A searchIndex holds every searchable text of one catalog snapshot, made
// once per snapshot (by its first search, or for a large catalog in the
// background once lint is done), so that a search costs a scan of bytes
// rather than a collation match per text.
//
// The search is x/text's loose collation (case, accents and width ignored),
// which compares texts by their primary collation weights and costs some
// microseconds per text. Most texts, though, are made of ASCII and of Latin
// letters whose loose equivalent is ASCII ("é" is "e", "Ｋ" is "k"). Such
// a text is indexed folded (lower case, each rune replaced by its ASCII
// equivalent), and for a query that folds too, a plain substring of the
// folded text is exactly a loose match: each of these runes is one
// collation element, the same as its fold's, and none of them forms a
// contraction with its neighbours (TestFoldAgreesWithSearch pins both
// against x/text itself). Every other text (Japanese, Cyrillic, decomposed
// accents...) is kept as it is and matched with the collation pattern, as
// before: the index makes a search cheap in proportion to how much of the
// catalog folds, and never changes what a search finds.
type searchIndex struct {
	// folded is the folded texts, each followed by a NUL, which no folded
	// query holds, so that no match spans two texts. foldEnd[k] is the
	// offset of the k-th folded text's NUL, foldCode[k] the index of its
	// code in the catalog's codes.
	folded   []byte
	foldEnd  []int32
	foldCode []int32
	// unfolded are the texts that do not fold, as they are.
	unfolded []indexedText
	codes    int
}

type indexedText struct {
	text string
	r    int32 // the code's index in the catalog's codes
}

// searchIndex returns the model's index, building it on first use.
func (m *model) searchIndex() *searchIndex {
	m.idxOnce.Do(func() { m.idx = buildIndex(view{m, nil}) })
	return m.idx
}

func buildIndex(v view) *searchIndex {
	// A first pass sizes every slice, so that building leaves no garbage
	// behind: at 20k codes × 10 locales the folded texts are some 15 MB,
	// and growing them by doubling would have the server's heap hold two
	// or three times that until the next collection.
	texts, size := 0, 0
	for r := range v.cat.Codes() {
		v.texts(r, func(_ match, text string) { texts, size = texts+1, size+len(text)+1 })
	}
	x := &searchIndex{codes: len(v.cat.Codes()), folded: make([]byte, 0, size),
		foldEnd: make([]int32, 0, texts), foldCode: make([]int32, 0, texts)}
	for r := range v.cat.Codes() {
		v.texts(r, func(_ match, text string) {
			// A fold is never longer than its text: each rune folds to one
			// byte, so the buffer never grows past the size counted.
			if b, ok := looseFold(x.folded, text, true); ok {
				x.folded = append(b, 0)
				x.foldEnd = append(x.foldEnd, int32(len(x.folded)-1))
				x.foldCode = append(x.foldCode, int32(r))
				return
			}
			// looseFold appended nothing to x.folded itself: it stays as
			// it was.
			x.unfolded = append(x.unfolded, indexedText{text, int32(r)})
		})
	}
	return x
}

// count returns, for each code, how many of its texts match q (pat is q's
// loose pattern), its code's digits included: the figures a scan of every
// text with pat gives.
func (x *searchIndex) count(v view, q string, pat *search.Pattern) []int32 {
	qf, folds := looseFold(nil, q, false)
	if !folds && !hasForeignLetter(q) {
		// A query that has no ASCII fold and no letter that rules the
		// folded texts out ("\u0301" alone, a symbol): every text is
		// matched with the pattern, as without an index.
		return scanCounts(v, q, pat)
	}
	n := make([]int32, x.codes)
	var digits []byte
	for r, code := range v.cat.Codes() {
		if digits = strconv.AppendInt(digits[:0], int64(code), 10); strings.Contains(string(digits), q) {
			n[r]++
		}
	}
	// With a letter of a script other than Latin, which has weights no
	// ASCII character has, no folded text can match: only the others are
	// read.
	for at := 0; folds; {
		i := bytes.Index(x.folded[at:], qf)
		if i < 0 {
			break
		}
		i += at
		k := sort.Search(len(x.foldEnd), func(k int) bool { return int(x.foldEnd[k]) > i })
		n[x.foldCode[k]]++
		at = int(x.foldEnd[k]) + 1
	}
	for _, t := range x.unfolded {
		if s, _ := indexString(pat, t.text); s >= 0 {
			n[t.r]++
		}
	}
	return n
}

// scanCounts is what a search finds without an index: every text of every
// code matched with the pattern, for each code the number that match.
func scanCounts(v view, q string, pat *search.Pattern) []int32 {
	n := make([]int32, len(v.cat.Codes()))
	for r := range v.cat.Codes() {
		n[r] = int32(len(v.matches(r, q, pat)))
	}
	return n
}

// looseFold appends s folded to dst: ASCII letters in lower case, other
// printable ASCII as it is, default-ignorable code points left out (the
// search takes them out of texts and queries alike), and every other rune
// replaced by its ASCII equivalent. It reports false if s holds a rune
// without one, or an ASCII control character.
//
// A text (text true) folds only if each rune's equivalent is one character:
// "æ" is "ae" to the search, yet "e" does not match within it (a match
// starts at a collation element, and "æ" is one), while it would within
// the folded "ae". A query may fold to more: its fold only has to have the
// same weights as the query.
func looseFold(dst []byte, s string, text bool) ([]byte, bool) {
	folds := runeFolds()
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c < 0x20 || c == 0x7f:
				return dst, false
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if isDefaultIgnorable(r) {
			continue
		}
		f, ok := folds[r]
		if !ok || text && len(f) > 1 {
			return dst, false
		}
		dst = append(dst, f...)
	}
	return dst, true
}

// foldRanges are the runes looseFold may fold: Latin-1's and Latin
// Extended-A and B's letters and signs, and the full-width forms of ASCII.
var foldRanges = [][2]rune{{0xA0, 0x24F}, {0xFF01, 0xFF5E}}

// runeFolds maps each rune of foldRanges that has an ASCII equivalent under
// the search's loose collation to it. Each candidate (the rune's
// compatibility decomposition without its marks, in lower case, or one of
// a few known equivalents such as "ss" for "ß") is kept only if x/text's own matcher finds the two equal,
// so the table says what the search does, not what we expect of it.
var runeFolds = sync.OnceValue(func() map[rune]string {
	// ASCII equivalents that Unicode's compatibility decomposition does
	// not give; like every fold, each is kept only if the search finds it
	// equal to its rune. (Here, not in a package variable, so that a
	// process that never searches never builds it.)
	foldGuesses := map[rune]string{
		'ß': "ss", 'ẞ': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe",
		'ø': "o", 'Ø': "o", 'đ': "d", 'Đ': "d", 'ł': "l", 'Ł': "l", 'ħ': "h", 'Ħ': "h",
	}
	m := search.New(language.Und, search.Loose)
	out := map[rune]string{}
	for _, rg := range foldRanges {
		for r := rg[0]; r <= rg[1]; r++ {
			for _, guess := range []string{asciiGuess(r), foldGuesses[r]} {
				if guess == "" {
					continue
				}
				if s := string(r); m.EqualString(s, guess) && m.EqualString(guess, s) {
					out[r] = guess
					break
				}
			}
		}
	}
	return out
})

// asciiGuess is r's compatibility decomposition, without its combining
// marks, in lower case, if that is printable ASCII; "" otherwise.
func asciiGuess(r rune) string {
	var b []byte
	for _, d := range norm.NFKD.String(string(r)) {
		switch {
		case unicode.Is(unicode.Mn, d):
		case d >= 0x20 && d < 0x7f:
			b = append(b, byte(unicode.ToLower(d)))
		default:
			return ""
		}
	}
	return string(b)
}

// foreignScripts are scripts whose letters collate apart from Latin's.
var foreignScripts = []*unicode.RangeTable{
	unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Cyrillic,
	unicode.Greek, unicode.Arabic, unicode.Hebrew, unicode.Thai, unicode.Devanagari,
}

// hasForeignLetter reports whether s holds a letter of one of foreignScripts.
func hasForeignLetter(s string) bool {
	for _, r := range s {
		if r >= 0x370 && unicode.IsLetter(r) && unicode.In(r, foreignScripts...) {
			return true
		}
	}
	return false
}
