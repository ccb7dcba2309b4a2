package tmpl

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/template/parse"
)

// A Template is a message template checked to be in errcat's safe subset of
// text/template, compiled for rendering without text/template:
//
//   - text, with comments ({{/* … */}}) and trim markers ({{- and -}});
//   - field references: {{.Max}}, {{.User.Name}}, spaces allowed inside the
//     delimiters; {{.PluralCount}} is the plural count;
//   - conditions on a field: {{if .Admin}}…{{else if .Guest}}…{{else}}…{{end}}.
//
// Nothing loops, defines, calls or recurses, so rendering costs at most the
// template's own size plus the values it prints, and the output is bounded
// by the caller's limit. Everything else (range, with, define, template,
// block, break, continue, variables, pipelines, functions such as printf,
// constants, {{.}}) is refused by Compile with an *UnsafeError.
type Template struct {
	nodes  []node
	fields []string // the fields it reads, found once by Compile
	size   int      // a guess at the rendered size: the literal text, and 8 bytes a field
}

type nodeKind uint8

const (
	textNode nodeKind = iota
	fieldNode
	ifNode
)

// A node is one step of a compiled template: literal text, a field to
// print, or a condition with its two branches.
type node struct {
	kind nodeKind
	text string   // textNode
	path []string // fieldNode, ifNode: the field, "User.Name" as ["User", "Name"]
	then []node   // ifNode
	els  []node   // ifNode; an "else if" is an ifNode alone in els
}

// MaxActions bounds the actions of one template. An error message needs a
// handful; a bound keeps the parser's recursion (which nested conditions
// drive, one level each) and the compiled program small whatever a bundle
// holds.
const MaxActions = 1000

// An UnsafeError reports a template that parses but is outside the safe
// subset: what it does, in a translator's words.
type UnsafeError struct {
	What string // "{{range}} loops", "calls the function printf"
}

func (e *UnsafeError) Error() string {
	return e.What + "; a message may only print fields ({{.Name}}) and test them ({{if .Name}}…{{end}})"
}

// Compile parses text with the delimiters left and right ("" for {{ and
// }}) and checks it is in the safe subset. A syntax error is returned as
// text/template reports it, without its "template: :1:" prefix, unless it
// is a slip explain recognizes (an action left open, a field without its
// dot); a template outside the subset gives an *UnsafeError.
func Compile(text, left, right string) (*Template, error) {
	left, right = delims(left, right)
	if n := strings.Count(text, left); n > MaxActions {
		return nil, &UnsafeError{What: fmt.Sprintf("has %d actions, more than the %d a message may have", n, MaxActions)}
	}
	if left == "{{" && right == "}}" {
		if t, ok := compileFields(text); ok {
			return t, nil
		}
	}
	return compileParsed(text, left, right)
}

// compileParsed is Compile by text/template's parser: a tree for the text,
// which is then walked into nodes.
func compileParsed(text, left, right string) (*Template, error) {
	tree, trees, err := parseTree(text, left, right)
	if err != nil {
		if msg := explain(text, left, right, false); msg != "" {
			return nil, errors.New(msg)
		}
		return nil, errors.New(cleanParseErr(err))
	}
	for name, t := range trees {
		if t != tree {
			return nil, &UnsafeError{What: fmt.Sprintf("defines the template %q ({{define}} or {{block}})", name)}
		}
	}
	nodes, err := compileList(tree.Root)
	if err != nil {
		// {{Max}} parses as a call of the function Max: a slip for
		// {{.Max}}, which explain names, rather than a template that
		// reaches outside the subset.
		if msg := explain(text, left, right, true); msg != "" {
			return nil, errors.New(msg)
		}
		return nil, err
	}
	t := &Template{nodes: nodes}
	t.fields = t.collectFields()
	for _, lit := range t.Literals() {
		t.size += len(lit)
	}
	t.size += 8 * len(t.fields)
	return t, nil
}

// compileFields is Compile for the template almost every message has: text
// and fields printed with the default delimiters, "at most {{.Max}}" or
// "{{ .User.Name }}", and nothing else (FieldsOnly). text/template's
// parser, a tree per text, was most of the time it took to load a large
// bundle; such a template is its text cut at its actions. It builds what
// Compile's walk of the tree builds for it, node for node (a test compares
// the two), and reports ok=false for any other text, which the parser
// reads.
func compileFields(text string) (*Template, bool) {
	n := 0
	if !FieldsOnly(text, func(string) bool { n++; return true }) {
		return nil, false
	}
	if text == "" {
		return &Template{}, true // no nodes, as the parser's walk gives none
	}
	t := &Template{nodes: make([]node, 0, 2*n+1)}
	// One array backs every field's path, so that a field costs no
	// allocation of its own.
	idents := make([]string, 0, n+strings.Count(text, "."))
	for {
		i := strings.Index(text, "{{")
		if i < 0 {
			i = len(text)
		}
		if i > 0 {
			t.nodes = append(t.nodes, node{kind: textNode, text: text[:i]})
			t.size += i
		}
		if i == len(text) {
			break
		}
		text = text[i+2:]
		j := strings.Index(text, "}}")
		field := strings.Trim(text[:j], " ")[1:] // "User.Name": FieldsOnly checked it
		text = text[j+2:]
		start := len(idents)
		for {
			k := strings.IndexByte(field, '.')
			if k < 0 {
				idents = append(idents, field)
				break
			}
			idents = append(idents, field[:k])
			field = field[k+1:]
		}
		t.nodes = append(t.nodes, node{kind: fieldNode, path: idents[start:len(idents):len(idents)]})
	}
	t.fields = t.collectFields()
	t.size += 8 * len(t.fields)
	return t, true
}

// FieldsOnly reports whether text is plain, or a template with the default
// delimiters whose every action prints a field, {{.Max}} or
// {{ .User.Name }} (spaces, not tabs, inside the braces), and calls field
// with each field's name ("User.Name") in order; it stops, false, when field
// does. Such a template always compiles, and reads exactly those fields.
// Anything else (a trim marker, a comment, a condition, a }} that closes
// no {{, which text/template prints) is false: Compile judges it.
func FieldsOnly(text string, field func(name string) bool) bool {
	if strings.IndexByte(text, '{') < 0 && strings.IndexByte(text, '}') < 0 {
		return true // plain text, as most is: two quick looks, not a search for each pair
	}
	for {
		i := strings.Index(text, "{{")
		if i < 0 {
			return !strings.Contains(text, "}}")
		}
		if strings.Contains(text[:i], "}}") {
			return false
		}
		text = text[i+2:]
		j := strings.Index(text, "}}")
		if j < 0 {
			return false
		}
		a := strings.Trim(text[:j], " ")
		if !fieldAction(a) || !field(a[1:]) {
			return false
		}
		text = text[j+2:]
	}
}

// fieldAction reports whether a is .Name or .Name.Name...: ASCII
// identifiers joined by dots, which text/template reads as one field.
func fieldAction(a string) bool {
	if a == "" || a[0] != '.' {
		return false
	}
	start := true // at the start of an identifier
	for k := 1; k < len(a); k++ {
		switch c := a[k]; {
		case c == '.':
			if start {
				return false
			}
			start = true
		case c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || !start && '0' <= c && c <= '9':
			start = false
		default:
			return false
		}
	}
	return !start
}

func delims(left, right string) (string, string) {
	if left == "" {
		left = "{{"
	}
	if right == "" {
		right = "}}"
	}
	return left, right
}

// parseTree parses text into its tree set. Functions are not checked
// against a function map: a call is refused by the checks below, with a
// better message than "function not defined".
func parseTree(text, left, right string) (*parse.Tree, map[string]*parse.Tree, error) {
	t := parse.New("message")
	t.Mode = parse.SkipFuncCheck
	trees := map[string]*parse.Tree{}
	if _, err := t.Parse(text, left, right, trees); err != nil {
		return nil, nil, err
	}
	return t, trees, nil
}

// cleanParseErr drops text/template's "template: message:1:" prefix, which
// names the anonymous template and a line within the string, not the
// bundle.
func cleanParseErr(err error) string {
	s := strings.TrimPrefix(err.Error(), "template: ")
	if rest, ok := strings.CutPrefix(s, "message:"); ok {
		if i := strings.Index(rest, ": "); i >= 0 {
			return rest[i+2:]
		}
	}
	return s
}

func compileList(l *parse.ListNode) ([]node, error) {
	if l == nil {
		return nil, nil
	}
	var out []node
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			if len(n.Text) == 0 {
				continue
			}
			if k := len(out); k > 0 && out[k-1].kind == textNode {
				// Comments between two texts leave two text nodes.
				out[k-1].text += string(n.Text)
				continue
			}
			out = append(out, node{kind: textNode, text: string(n.Text)})
		case *parse.CommentNode:
		case *parse.ActionNode:
			path, err := fieldOf(n.Pipe, "prints")
			if err != nil {
				return nil, err
			}
			out = append(out, node{kind: fieldNode, path: path})
		case *parse.IfNode:
			path, err := fieldOf(n.Pipe, "{{if}} tests")
			if err != nil {
				return nil, err
			}
			then, err := compileList(n.List)
			if err != nil {
				return nil, err
			}
			els, err := compileList(n.ElseList)
			if err != nil {
				return nil, err
			}
			out = append(out, node{kind: ifNode, path: path, then: then, els: els})
		case *parse.RangeNode:
			return nil, &UnsafeError{What: "{{range}} loops"}
		case *parse.WithNode:
			return nil, &UnsafeError{What: "{{with}} changes what fields refer to"}
		case *parse.TemplateNode:
			return nil, &UnsafeError{What: fmt.Sprintf("calls the template %q ({{template}} or {{block}})", n.Name)}
		case *parse.BreakNode, *parse.ContinueNode:
			return nil, &UnsafeError{What: "{{break}} and {{continue}} belong to loops"}
		default:
			return nil, &UnsafeError{What: fmt.Sprintf("has the action %s", n)}
		}
	}
	return out, nil
}

// fieldOf returns the field path of a pipeline that is a single field
// reference, {{.User.Name}}, or says what else it is. doing says what the
// action does with it, for the message.
func fieldOf(p *parse.PipeNode, doing string) ([]string, error) {
	if len(p.Decl) > 0 || p.IsAssign {
		return nil, &UnsafeError{What: fmt.Sprintf("sets the variable %s", p.Decl[0])}
	}
	if len(p.Cmds) != 1 {
		for _, c := range p.Cmds {
			if id, ok := c.Args[0].(*parse.IdentifierNode); ok {
				return nil, &UnsafeError{What: fmt.Sprintf("calls the function %s", id.Ident)}
			}
		}
		return nil, &UnsafeError{What: fmt.Sprintf("%s a pipeline, %s", doing, p)}
	}
	cmd := p.Cmds[0]
	if len(cmd.Args) != 1 {
		if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok {
			return nil, &UnsafeError{What: fmt.Sprintf("calls the function %s", id.Ident)}
		}
		return nil, &UnsafeError{What: fmt.Sprintf("%s %s, which is not a field", doing, cmd)}
	}
	switch a := cmd.Args[0].(type) {
	case *parse.FieldNode:
		return a.Ident, nil
	case *parse.IdentifierNode:
		return nil, &UnsafeError{What: fmt.Sprintf("calls the function %s", a.Ident)}
	case *parse.VariableNode:
		return nil, &UnsafeError{What: fmt.Sprintf("%s the variable %s; write {{.Name}} for a field", doing, a)}
	case *parse.DotNode:
		return nil, &UnsafeError{What: fmt.Sprintf("%s {{.}}, the whole data; name a field, such as {{.Name}}", doing)}
	}
	return nil, &UnsafeError{What: fmt.Sprintf("%s %s, which is not a field", doing, cmd)}
}

// Fields returns the fields the compiled template reads, each once, in
// order of first use. They are found once, by Compile, so that comparing a
// translation's fields with its source's costs no allocation; the slice is
// shared: do not modify it.
func (t *Template) Fields() []string { return t.fields }

func (t *Template) collectFields() []string {
	var names []string
	// A message reads a field or two, told apart by a look at each; a map
	// is for the rare template that reads many.
	var seen map[string]bool
	add := func(name string) {
		if seen == nil {
			if slices.Contains(names, name) {
				return
			}
			if len(names) < 8 {
				names = append(names, name)
				return
			}
			seen = make(map[string]bool, 2*len(names))
			for _, n := range names {
				seen[n] = true
			}
		}
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	var visit func([]node)
	visit = func(ns []node) {
		for _, n := range ns {
			if n.kind == textNode {
				continue
			}
			add(strings.Join(n.path, "."))
			visit(n.then)
			visit(n.els)
		}
	}
	visit(t.nodes)
	return names
}
