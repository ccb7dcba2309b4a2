package catalog

import (
	"bytes"
	"strconv"
	"strings"
	"sync"
	"text/template"
)

// A msgTemplate is one plural form's compiled template.
//
// It is parsed exactly as go-i18n's TextParser parses it (text/template with
// the message's delimiters and "missingkey=default"), so it renders the same
// text. Most error messages use only plain fields ("at most {{.Max}}
// characters"). For those, the template is kept as a list of literal parts
// and field names, read without text/template at all: a catalog of 100,000
// messages would otherwise hold 100,000 parse trees and function maps. render
// joins the parts, and parses the real template, once, only for data it
// cannot print itself.
type msgTemplate struct {
	src, left, right string

	// parts alternates literal text and field names: parts[0] is text,
	// parts[1] a field, parts[2] text, and so on. nil when the template
	// uses more than plain fields.
	parts []string

	once sync.Once
	tmpl *template.Template
	err  error
}

func parseTemplate(src, left, right string) (*msgTemplate, error) {
	t := &msgTemplate{src: src, left: left, right: right}
	if t.parts = simpleParts(src, left, right); t.parts != nil {
		return t, nil
	}
	if _, err := t.full(); err != nil {
		return nil, err
	}
	return t, nil
}

// full returns the text/template form, parsing it on first use.
func (t *msgTemplate) full() (*template.Template, error) {
	t.once.Do(func() {
		t.tmpl, t.err = template.New("").Delims(t.left, t.right).Option("missingkey=default").Parse(t.src)
	})
	return t.tmpl, t.err
}

// simpleParts splits a template made only of text and {{.Field}} actions
// (spaces allowed inside the delimiters) into alternating text and field
// names. It returns nil for anything else, which text/template then parses:
// comments, trim markers, pipelines, functions, nested fields.
func simpleParts(src, left, right string) []string {
	parts := []string{}
	for {
		i := strings.Index(src, left)
		if i < 0 {
			return append(parts, src)
		}
		parts = append(parts, src[:i])
		act := src[i+len(left):]
		j := strings.Index(act, right)
		if j < 0 {
			return nil
		}
		// text/template separates with spaces, tabs and newlines, not every
		// Unicode space.
		name, ok := strings.CutPrefix(strings.Trim(act[:j], " \t\r\n"), ".")
		// Trim markers ("{{- .X -}}") fail here too: "-" is no identifier.
		if !ok || !isIdent(name) {
			return nil
		}
		parts = append(parts, name)
		src = act[j+len(right):]
	}
}

// isIdent reports whether s is a field name text/template reads as one
// identifier: ASCII letters, digits and underscores, not starting with a
// digit. (text/template allows Unicode letters too; those take the full
// parser, which is merely slower.)
func isIdent(s string) bool {
	if s == "" || '0' <= s[0] && s[0] <= '9' {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// render executes the template. count is the plural count; go-i18n makes it
// available as {{.PluralCount}} when the caller gives no other data, and so
// does render, without building a map for it.
func (t *msgTemplate) render(data, count any) (string, error) {
	if t.parts != nil {
		if s, ok := t.renderSimple(data, count); ok {
			return s, nil
		}
	}
	if data == nil && count != nil {
		data = map[string]any{"PluralCount": count}
	}
	tmpl, err := t.full()
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, data); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// renderSimple joins the parts, for values whose text/template rendering is
// known: strings, integers, floats and booleans, which text/template prints
// as fmt.Print does. Anything else reports ok=false.
func (t *msgTemplate) renderSimple(data, count any) (string, bool) {
	var m map[string]any
	switch d := data.(type) {
	case map[string]any:
		m = d
	case nil:
	default:
		return "", false
	}
	var b strings.Builder
	size := 0
	for i := 0; i < len(t.parts); i += 2 {
		size += len(t.parts[i]) + 8
	}
	b.Grow(size)
	var num [32]byte
	for i, p := range t.parts {
		if i%2 == 0 {
			b.WriteString(p)
			continue
		}
		var v any
		var found bool
		if m != nil {
			v, found = m[p]
		} else if p == "PluralCount" && count != nil {
			v, found = count, true
		}
		if !found {
			return "", false
		}
		switch v := v.(type) {
		case string:
			b.WriteString(v)
		case int:
			b.Write(strconv.AppendInt(num[:0], int64(v), 10))
		case int64:
			b.Write(strconv.AppendInt(num[:0], v, 10))
		case int32:
			b.Write(strconv.AppendInt(num[:0], int64(v), 10))
		case uint:
			b.Write(strconv.AppendUint(num[:0], uint64(v), 10))
		case uint64:
			b.Write(strconv.AppendUint(num[:0], v, 10))
		case float64:
			b.Write(strconv.AppendFloat(num[:0], v, 'g', -1, 64))
		case bool:
			b.Write(strconv.AppendBool(num[:0], v))
		default:
			return "", false
		}
	}
	return b.String(), true
}
