package tomlfile

import "testing"

// FuzzQuoteShortcut holds Quote's shortcut for text without escapes to the
// rune-by-rune loop.
func FuzzQuoteShortcut(f *testing.F) {
	for _, s := range []string{"", "plain", "日本語のテキスト {{.Max}}", `a "quote"`, `back\slash`, "tab\t", "nl\n", "\x7f",
		"\x01", "bad \xff utf-8", "\uFFFD", "\u2028", "\u0085"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Quote(s), quoteRunes(s); got != want {
			t.Fatalf("Quote(%q) = %q, rune by rune %q", s, got, want)
		}
	})
}
