package exchange

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// Descriptions travel as comment lines (PO's "#.", translate-toolkit's
// developer notes). A line break in the description starts a new comment
// line, and a long line is wrapped after a space that stays at the end of the
// comment line, as in format=flowed (RFC 3676): on reading, a line that ends
// with a space continues on the next. So wrapping is undone exactly, and the
// one thing lost is a space just before a line break: the reader drops it
// wherever it would appear, so that what it returns can be written back.

// commentWidth keeps "#. " and the text within gettext's 79 columns.
const commentWidth = 76

func wrapComment(s string, width int) []string {
	if s == "" {
		return nil
	}
	var out []string
	for line := range strings.SplitSeq(s, "\n") {
		// Greedy fill with words that keep their trailing space; a word
		// longer than the width gets a line of its own.
		start, n := 0, 0
		for line != "" && start < len(line) {
			end := strings.IndexByte(line[start:], ' ')
			if end < 0 {
				end = len(line)
			} else {
				end += start + 1
			}
			w := utf8.RuneCountInString(line[start:end])
			if n > 0 && n+w > width {
				out = append(out, line[:start])
				line, start, n = line[start:], 0, 0
				continue
			}
			start, n = end, n+w
		}
		out = append(out, line)
	}
	return out
}

func unwrapComment(lines []string) string {
	var b []byte
	for i, l := range lines {
		b = append(b, l...)
		if i < len(lines)-1 && !strings.HasSuffix(l, " ") {
			// A soft line followed by an empty one would leave a
			// space before the break, which the writer cannot write
			// back; it goes, as the package doc says.
			b = bytes.TrimRight(b, " ")
			b = append(b, '\n')
		}
	}
	return string(b)
}
