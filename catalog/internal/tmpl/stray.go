package tmpl

import (
	"fmt"
	"strings"
)

// StrayRight returns how many right delimiters of text close no action:
// text/template takes such a }} for text, so the template parses and its
// reader gets the braces ({{.Max}} }}, or a }} typed twice). It returns the
// byte offset of the one after the first skip of them, or -1 when there
// are no more than skip: a source may mean braces as text (a JSON body),
// and its translation may keep as many. Actions are read as explain reads
// them, once each, and nothing is allocated, so the loader can ask it of
// every message.
func StrayRight(text, left, right string, skip int) (n, at int) {
	left, right = delims(left, right)
	at = -1
	if !strings.Contains(text, right) {
		return 0, at // most texts: one scan
	}
	nextLeft := -2 // not looked for yet
	for i := 0; i < len(text); {
		if nextLeft != -1 && nextLeft < i {
			nextLeft = strings.Index(text[i:], left)
			if nextLeft >= 0 {
				nextLeft += i
			}
		}
		r := strings.Index(text[i:], right)
		if r >= 0 && (nextLeft < 0 || i+r < nextLeft) {
			if n == skip {
				at = i + r
			}
			n++
			i += r + len(right)
			continue
		}
		if nextLeft < 0 {
			break
		}
		body := text[nextLeft+len(left):]
		k, closed := actionEnd(body, left, right)
		i = nextLeft + len(left) + k
		if closed {
			i += len(right)
		}
	}
	return n, at
}

// DescribeStray says where the right delimiter at byte offset at of text
// is, and that it closes no action.
func DescribeStray(text, left, right string, at int) string {
	left, right = delims(left, right)
	return fmt.Sprintf("%s at column %d of the text (%s) closes no %s, so it would show as it is: delete it",
		right, column(text, at), snippet(text[at:]), left)
}
