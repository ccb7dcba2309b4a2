package history

import (
	"strings"
	"testing"
)

func TestWordDiff(t *testing.T) {
	cases := []struct {
		name, old, new, want string
	}{
		{"a word added", "User has been locked", "User account has been locked", "User {+account+} has been locked"},
		{"a word removed", "The system is busy now", "The system is busy", "The system is busy [-now-]"},
		{"a word replaced", "{{.PluralCount}} file is too large", "The file is too large", "[-{{.PluralCount}}-]{+The+} file is too large"},
		{"several words replaced", "Please try again later", "Retry in a minute", "[-Please try again later-]{+Retry in a minute+}"},
		{"from nothing", "", "New text", "{+New text+}"},
		{"to nothing", "Old text", "", "[-Old text-]"},
		{"the same", "Same text", "Same text", "Same text"},
		{"spacing is not a change", "Two  spaces", "Two spaces", "Two spaces"},
		{"placeholders are words", "at most {{.Max}} characters", "at most {{.Max}} letters", "at most {{.Max}} [-characters-]{+letters+}"},
		{"non-Latin text", "ユーザー は 存在しません", "ユーザー が 見つかりません", "ユーザー [-は 存在しません-]{+が 見つかりません+}"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := WordDiff(c.old, c.new)
			if !ok || got != c.want {
				t.Errorf("WordDiff(%q, %q) = %q, %v; want %q", c.old, c.new, got, ok, c.want)
			}
		})
	}
}

// TestWordDiffIsBounded: a text over MaxDiffWords gets no diff, so that a
// huge message cannot cost the product of its lengths.
func TestWordDiffIsBounded(t *testing.T) {
	long := strings.Repeat("word ", MaxDiffWords+1)
	if d, ok := WordDiff(long, "short"); ok || d != "" {
		t.Errorf("WordDiff of %d words = %q, %v; want no diff", MaxDiffWords+1, d, ok)
	}
	atCap := strings.Repeat("a ", MaxDiffWords)
	if _, ok := WordDiff(atCap, strings.Repeat("b ", MaxDiffWords)); !ok {
		t.Errorf("WordDiff of %d words: no diff, want one", MaxDiffWords)
	}
}

// FuzzWordDiff: whatever the texts, the diff's kept and removed words are
// the old text's words, and its kept and added words the new text's.
func FuzzWordDiff(f *testing.F) {
	f.Add("User has been locked", "User account has been locked")
	f.Add("a b c", "c b a")
	f.Fuzz(func(t *testing.T, old, new string) {
		if strings.ContainsAny(old+new, "[]{}+-") {
			t.Skip("marks in the text itself")
		}
		d, ok := WordDiff(old, new)
		if !ok {
			return
		}
		// Each word of the diff belongs to the old side, the new one or
		// both, by the marks around it.
		var fromOld, fromNew []string
		in := ""
		for _, tok := range strings.Fields(strings.NewReplacer("[-", " [- ", "-]", " -] ", "{+", " {+ ", "+}", " +} ").Replace(d)) {
			switch tok {
			case "[-", "{+":
				in = tok
			case "-]", "+}":
				in = ""
			default:
				if in != "{+" {
					fromOld = append(fromOld, tok)
				}
				if in != "[-" {
					fromNew = append(fromNew, tok)
				}
			}
		}
		if got, want := strings.Join(fromOld, " "), strings.Join(strings.Fields(old), " "); got != want {
			t.Errorf("old side of %q is %q, want %q", d, got, want)
		}
		if got, want := strings.Join(fromNew, " "), strings.Join(strings.Fields(new), " "); got != want {
			t.Errorf("new side of %q is %q, want %q", d, got, want)
		}
	})
}
