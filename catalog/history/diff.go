package history

import (
	"slices"
	"strings"

	"github.com/errcat/errcat/catalog"
)

// MaxDiffWords caps the words of each side WordDiff compares: its cost
// grows as the product of the two counts, and an error message is a
// sentence or two. Longer texts get no diff; their old and new texts are
// shown whole instead.
const MaxDiffWords = 400

// WordDiff returns the changes from old to new, word by word, in git's
// --word-diff=plain form: removed words in [-…-], added ones in {+…+}, the
// rest as they are, one space between words:
//
//	User {+account+} has been locked
//
// Words are what spaces separate, so a change of spacing alone shows no
// marks. ok is false when either text has more than MaxDiffWords words.
func WordDiff(old, new string) (diff string, ok bool) {
	a, b := strings.Fields(old), strings.Fields(new)
	if len(a) > MaxDiffWords || len(b) > MaxDiffWords {
		return "", false
	}
	// lcs[i][j] is the length of the longest common subsequence of a[i:]
	// and b[j:], in one slice of (len(a)+1)*(len(b)+1) cells.
	w := len(b) + 1
	lcs := make([]int32, (len(a)+1)*w)
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			} else {
				lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
			}
		}
	}
	var out []string
	var del, ins []string
	flush := func() {
		if len(del) > 0 {
			out = append(out, "[-"+strings.Join(del, " ")+"-]")
		}
		if len(ins) > 0 {
			out = append(out, "{+"+strings.Join(ins, " ")+"+}")
		}
		// A removal and an addition side by side read as one
		// replacement: "[-file-]{+files+}", no space between.
		if len(del) > 0 && len(ins) > 0 {
			out[len(out)-2] += out[len(out)-1]
			out = out[:len(out)-1]
		}
		del, ins = nil, nil
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			flush()
			out = append(out, a[i])
			i, j = i+1, j+1
		case j < len(b) && (i == len(a) || lcs[i*w+j+1] >= lcs[(i+1)*w+j]):
			ins = append(ins, b[j])
			j++
		default:
			del = append(del, a[i])
			i++
		}
	}
	flush()
	return strings.Join(out, " "), true
}

// A Change is one part of a source message that differs between two
// versions: its description or one plural form's text.
type Change struct {
	Field string // "description", or a form's key: "one", "other"
	Old   string
	New   string
	// Diff is WordDiff(Old, New), or "" when the texts are too long for
	// one; then Old and New are to be shown instead.
	Diff string
}

// Changes lists what differs between the source message old, as a
// translation was made from it, and now: the description first, then the
// plural forms in CLDR order. These are what the hash covers, so a stale
// translation has at least one.
func Changes(old, now *catalog.Message) []Change {
	var cs []Change
	add := func(field, o, n string) {
		if o == n {
			return
		}
		c := Change{Field: field, Old: o, New: n}
		c.Diff, _ = WordDiff(o, n)
		if slices.Equal(strings.Fields(o), strings.Fields(n)) {
			// The word diff does not show spacing.
			c.Diff = "(only spacing changed)"
		}
		cs = append(cs, c)
	}
	add("description", old.Description, now.Description)
	for _, f := range catalog.Forms() {
		add(catalog.FormName(f), old.Text[f], now.Text[f])
	}
	return cs
}
