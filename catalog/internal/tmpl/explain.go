package tmpl

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// explain looks at a template that failed to compile for the typing slips
// a translator makes, and says what is wrong where it is, or returns "" to
// keep the parser's own message. text/template judges by its grammar: an
// action left open, {{.Max caratteri, is read to the end of the text and
// reported there, or as a call of the function caratteri when a }} comes
// later. The real fault is the {{ that is never closed, so that is what
// this reports, with its column in the text and the words that follow
// it: the diagnostic itself is at the text's place in the bundle.
//
// parsed says whether the template parsed (and was refused as unsafe):
// then {{$x}} is a variable the template set, not a slip for {{.x}}.
//
// It reads each action once, from its {{ to the }} that closes it, so its
// cost is linear in the text.
func explain(text, left, right string, parsed bool) string {
	for i := 0; i < len(text); {
		a := strings.Index(text[i:], left)
		if a < 0 {
			return ""
		}
		a += i
		body := text[a+len(left):]
		n, closed := actionEnd(body, left, right)
		inner := body[:n]
		if !closed {
			// An action closed with one brace of two: {{ .Max } caratteri.
			_, size := utf8.DecodeLastRuneInString(right)
			if one := right[:len(right)-size]; one != "" {
				if k := strings.Index(inner, one); k >= 0 {
					if name, ok := fieldLike(inner[:k]); ok {
						return fmt.Sprintf("%s%s%s closes with %s, not %s: did you mean %s.%s%s?",
							left, inner[:k], one, one, right, left, name, right)
					}
				}
			}
			return fmt.Sprintf("unclosed %s at column %d of the text (%s): close it with %s", left, column(text, a), snippet(text[a:]), right)
		}
		if name, ok := misspeltField(inner, !parsed); ok {
			return fmt.Sprintf("%s%s%s is not a placeholder: did you mean %s.%s%s?", left, inner, right, left, name, right)
		}
		if name, words, ok := fieldThenWords(inner); ok {
			// {{.Max caratteri}}: the }} meant to follow the field came
			// after the next word.
			return fmt.Sprintf("%s%s%s is not a placeholder: did you mean %s.%s%s %s?", left, inner, right, left, name, right, words)
		}
		i = a + len(left) + n + len(right)
	}
	return ""
}

// actionEnd reads the inside of an action, body being the text after its
// left delimiter, as text/template's lexer does: a comment at its start,
// quoted and raw strings and character constants hold delimiters as text.
// It returns the inside's length and whether the right delimiter closes it
// there; if not, the inside runs to the next left delimiter or the end. A
// quote that does not close on its line is taken for text, so that an
// apostrophe in an action left open ({{.Max l'utente) does not hide the
// open action.
func actionEnd(body, left, right string) (n int, closed bool) {
	i := 0
	if c := strings.TrimPrefix(body, "- "); strings.HasPrefix(c, "/*") {
		e := strings.Index(c[2:], "*/")
		if e < 0 {
			return len(body), false
		}
		i = len(body) - len(c) + 2 + e + 2
	}
	for i < len(body) {
		switch c := body[i]; {
		case strings.HasPrefix(body[i:], right):
			return i, true
		case strings.HasPrefix(body[i:], left):
			return i, false
		case c == '"' || c == '\'' || c == '`':
			j := i + 1
			for j < len(body) && body[j] != c && (c == '`' || body[j] != '\n') {
				if body[j] == '\\' && c != '`' {
					j++
				}
				j++
			}
			if j < len(body) && body[j] == c {
				i = j + 1
			} else {
				i++
			}
		default:
			i++
		}
	}
	return len(body), false
}

// column is the 1-based column, in characters, of byte offset i of text.
func column(text string, i int) int {
	return utf8.RuneCountInString(text[:i]) + 1
}

// snippet quotes the start of s, up to its line's end and at most a few
// words, to show the translator the place.
func snippet(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if n := 24; utf8.RuneCountInString(s) > n {
		cut := 0
		for range n {
			_, size := utf8.DecodeRuneInString(s[cut:])
			cut += size
		}
		s = s[:cut] + "…"
	}
	return strconv.Quote(s)
}

// fieldLike reports whether the inside of an action is one field, {{.Max}},
// or a slip for one; name is the field.
func fieldLike(s string) (name string, ok bool) {
	s = trimMarkers(s)
	if f, ok := strings.CutPrefix(s, "."); ok && isName(f) {
		return f, true
	}
	return misspeltField(s, true)
}

// misspeltField reports an action that names a field without its dot:
// {{Max}}, {{ Max }}, {{. Max}}, and with dollar {{$Max}}. A name that
// text/template defines, such as len or if, is a different mistake and is
// left alone.
func misspeltField(s string, dollar bool) (name string, ok bool) {
	s = trimMarkers(s)
	switch {
	case strings.HasPrefix(s, "$"):
		if !dollar {
			return "", false
		}
		s = s[1:]
	case strings.HasPrefix(s, ". ") || strings.HasPrefix(s, ".\t"):
		s = strings.TrimLeft(s[1:], " \t")
	case strings.HasPrefix(s, "."):
		return "", false // a field, or another mistake
	default:
		if _, builtin := builtins[s]; builtin {
			return "", false
		}
	}
	if !isName(s) {
		return "", false
	}
	return s, true
}

// fieldThenWords reports the inside of an action that is a field followed
// by words of text, .Max caratteri: no function, pipeline, string or other
// field among them, which would be a different mistake.
func fieldThenWords(s string) (name, words string, ok bool) {
	s = trimMarkers(s)
	f, rest, found := strings.Cut(s, " ")
	words = strings.TrimSpace(rest)
	if !found || words == "" || !strings.HasPrefix(f, ".") || !isName(f[1:]) {
		return "", "", false
	}
	for _, w := range strings.Fields(words) {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsLetter(r) || strings.ContainsAny(w, ".$|()\"'`") {
			return "", "", false
		}
		if _, builtin := builtins[w]; builtin {
			return "", "", false
		}
	}
	return f[1:], words, true
}

// trimMarkers drops the spaces and the trim markers ({{- and -}}) around
// the inside of an action.
func trimMarkers(s string) string {
	s = strings.TrimSpace(s)
	if t, ok := strings.CutPrefix(s, "- "); ok {
		s = t
	}
	if t, ok := strings.CutSuffix(s, " -"); ok {
		s = t
	}
	return strings.TrimSpace(s)
}

// isName reports a field path such as Max or User.Name.
func isName(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" {
			return false
		}
		for i, r := range part {
			if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) {
				return false
			}
		}
	}
	return true
}

// builtins are the names text/template gives a meaning: its functions,
// keywords and constants.
var builtins = map[string]struct{}{
	"and": {}, "call": {}, "html": {}, "index": {}, "slice": {}, "js": {}, "len": {}, "not": {}, "or": {},
	"print": {}, "printf": {}, "println": {}, "urlquery": {}, "eq": {}, "ge": {}, "gt": {}, "le": {}, "lt": {}, "ne": {},
	"if": {}, "else": {}, "end": {}, "range": {}, "with": {}, "define": {}, "template": {}, "block": {},
	"break": {}, "continue": {}, "nil": {}, "true": {}, "false": {},
}

// CaseSlip returns the field of fields that name spells in other case, such
// as Max for max, or "" if none does: template fields are case-sensitive,
// and a translator easily lowers one, which then renders as nothing. Of
// several, the first in fields is taken.
func CaseSlip(name string, fields []string) string {
	for _, f := range fields {
		if f != name && strings.EqualFold(f, name) {
			return f
		}
	}
	return ""
}
