package tomlfile

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Quote quotes s as a one-line TOML basic string, escaping what TOML
// requires and nothing else, so that non-ASCII text stays readable.
func Quote(s string) string {
	// Most texts need no escape: quoted at once, not rune by rune. Every
	// rune escaped below is ASCII, so a byte test finds them all; text
	// that is not UTF-8 takes the loop, which writes U+FFFD for it.
	if plain(s) {
		return `"` + s + `"`
	}
	return quoteRunes(s)
}

// quoteRunes is Quote rune by rune.
func quoteRunes(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if isControlRune(r) {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// plain reports whether s is UTF-8 text that Quote copies as it is.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '"' || c == '\\' || isControlRune(rune(c)) {
			return false
		}
	}
	return utf8.ValidString(s)
}

// Comment writes text as a comment labelled label: "# en: text". Each line
// of a multi-line text gets its own comment line, indented under the first;
// a text with other control characters is written quoted, since a TOML
// comment cannot hold them.
func Comment(b *strings.Builder, label, text string) {
	if strings.ContainsFunc(text, func(r rune) bool { return r != '\n' && r != '\t' && isControlRune(r) }) {
		text = strconv.Quote(text)
	}
	prefix := "# " + label + ": "
	for i, line := range strings.Split(text, "\n") {
		if i == 1 {
			prefix = "#" + strings.Repeat(" ", len(label)+3)
		}
		fmt.Fprintf(b, "%s%s\n", prefix, line)
	}
}

func isControlRune(r rune) bool { return r < 0x20 || r == 0x7f }

// ParseCode reads a message ID as an error code: a decimal number without a
// sign or leading zeros, so that each code has exactly one spelling.
func ParseCode(id string) (int, bool) {
	if id == "" || len(id) > 9 || id[0] == '0' && len(id) > 1 {
		return 0, false
	}
	n := 0
	for i := range len(id) {
		c := id[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// CompareIDs orders message IDs as bundles are sorted: codes by number, and
// anything else after them by text.
func CompareIDs(a, b string) int {
	ca, okA := ParseCode(a)
	cb, okB := ParseCode(b)
	switch {
	case okA && okB:
		return cmp.Compare(ca, cb)
	case okA:
		return -1
	case okB:
		return 1
	}
	return strings.Compare(a, b)
}
