// Package tmpl is the one reader of message templates: Compile walks a
// template's parse tree, decides whether it is in errcat's safe subset and
// compiles it for rendering, and what the loader (Message.Placeholders) and
// the checks learn of a template (which data fields it reads, which of its
// text is literal) comes from that one walk.
package tmpl

import "strings"

// Fields returns the data fields a template reads, such as "Max" for
// {{.Max}} or "User.Name" for {{.User.Name}}, each once and in order of
// appearance. Fields in conditions and their branches count; text that
// merely looks like an action does not. A text that does not compile (a
// syntax error, or a template outside the safe subset) has no fields here:
// the loader reports it.
func Fields(text, left, right string) []string {
	t, err := Compile(text, left, right)
	if err != nil {
		return nil
	}
	return t.Fields()
}

// Literals returns the literal text of a template, outside its actions; a
// text that does not compile is returned whole.
func Literals(text, left, right string) []string {
	left, _ = delims(left, right)
	if text == "" {
		return nil
	}
	if !strings.Contains(text, left) {
		return []string{text}
	}
	t, err := Compile(text, left, right)
	if err != nil {
		return []string{text}
	}
	return t.Literals()
}

// Literals returns the template's literal texts, in order, those of every
// branch of its conditions included.
func (t *Template) Literals() []string {
	var out []string
	var visit func([]node)
	visit = func(ns []node) {
		for _, n := range ns {
			if n.kind == textNode {
				out = append(out, n.text)
			}
			visit(n.then)
			visit(n.els)
		}
	}
	visit(t.nodes)
	return out
}
