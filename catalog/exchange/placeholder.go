package exchange

import "strings"

// A piece of message text: plain text, or a template action such as
// {{.Max}} that XLIFF marks as code the translator must keep.
type piece struct {
	text string
	code bool
}

// splitPlaceholders cuts s at every {{...}} action. An unclosed {{ is text.
// Only errcat's default delimiters are known; a message with its own
// delimiters travels as text.
func splitPlaceholders(s string) []piece {
	var out []piece
	for s != "" {
		i := strings.Index(s, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(s[i+2:], "}}")
		if j < 0 {
			break
		}
		end := i + 2 + j + 2
		if i > 0 {
			out = append(out, piece{text: s[:i]})
		}
		out = append(out, piece{text: s[i:end], code: true})
		s = s[end:]
	}
	if s != "" {
		out = append(out, piece{text: s})
	}
	return out
}
