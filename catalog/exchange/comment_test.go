package exchange

import (
	"slices"
	"strings"
	"testing"
)

func TestWrapComment(t *testing.T) {
	long := strings.Repeat("word ", 20) + "end"
	tests := []struct {
		name  string
		in    string
		lines []string
		// back is what unwrapping gives, when it is not in.
		back string
	}{
		{"empty", "", nil, ""},
		{"short", "one line", []string{"one line"}, ""},
		{"line breaks stay", "a\n\nb\n", []string{"a", "", "b", ""}, ""},
		{"long line wrapped after a space", long, []string{strings.Repeat("word ", 15), strings.Repeat("word ", 5) + "end"}, ""},
		{"a word longer than the width", strings.Repeat("x", 100) + " y", []string{strings.Repeat("x", 100) + " ", "y"}, ""},
		{"runs of spaces", "a" + strings.Repeat(" ", 100) + "b", nil, ""},
		{"a space before a line break is lost", "a \nb", []string{"a ", "b"}, "a b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := wrapComment(tt.in, 76)
			if tt.lines != nil && !slices.Equal(lines, tt.lines) {
				t.Errorf("wrap: got %q, want %q", lines, tt.lines)
			}
			for _, l := range lines {
				if n := len([]rune(l)); n > 76 && strings.Contains(strings.TrimRight(l, " "), " ") {
					t.Errorf("line of %d runes could have been broken: %q", n, l)
				}
			}
			want := tt.in
			if tt.back != "" {
				want = tt.back
			}
			if got := unwrapComment(lines); got != want {
				t.Errorf("unwrap: got %q, want %q", got, want)
			}
		})
	}
	// A soft line and then an empty one: the space before the break goes,
	// so that the result wraps and unwraps to itself.
	if got := unwrapComment([]string{"soft ", "", "next"}); got != "soft\nnext" {
		t.Errorf("got %q", got)
	}
}
