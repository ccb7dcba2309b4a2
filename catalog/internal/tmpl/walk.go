// Package tmpl walks the parse tree of a message template: the one place
// that knows which data fields a template reads and which of its text is
// literal, for the loader (Message.Placeholders) and the checks alike.
package tmpl

import (
	"strings"
	"text/template/parse"
)

// Fields returns the data fields a template reads, such as "Max" for
// {{.Max}} or "User.Name" for {{.User.Name}}, each once and in order of
// appearance. Fields in conditions, pipelines and nested actions count;
// text that merely looks like an action does not. A text that does not
// parse has no fields here: the loader reports it.
func Fields(text, left, right string) []string {
	var names []string
	seen := map[string]bool{}
	add := func(ident []string) {
		if len(ident) == 0 {
			return
		}
		name := strings.Join(ident, ".")
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	walk(text, left, right, func(n parse.Node) {
		switch n := n.(type) {
		case *parse.FieldNode:
			add(n.Ident)
		case *parse.VariableNode:
			// $.Max reads the data as .Max does; other variables are
			// the template's own.
			if len(n.Ident) > 1 && n.Ident[0] == "$" {
				add(n.Ident[1:])
			}
		}
	})
	return names
}

// Literals returns the literal text of a template, outside its actions; a
// text that does not parse is returned whole.
func Literals(text, left, right string) []string {
	var out []string
	if !walk(text, left, right, func(n parse.Node) {
		if t, ok := n.(*parse.TextNode); ok {
			out = append(out, string(t.Text))
		}
	}) {
		return []string{text}
	}
	return out
}

// walk calls visit for every node of text's parse tree, and reports
// whether text parsed.
func walk(text, left, right string, visit func(parse.Node)) bool {
	if text == "" {
		return true
	}
	if left == "" {
		left = "{{"
	}
	if right == "" {
		right = "}}"
	}
	if !strings.Contains(text, left) {
		visit(&parse.TextNode{NodeType: parse.NodeText, Text: []byte(text)})
		return true
	}
	t := parse.New("message")
	// Functions are the renderer's business; the tree is what matters here.
	t.Mode = parse.SkipFuncCheck
	trees := map[string]*parse.Tree{}
	if _, err := t.Parse(text, left, right, trees); err != nil {
		return false
	}
	for _, tree := range trees {
		walkNode(tree.Root, visit)
	}
	return true
}

func walkNode(n parse.Node, visit func(parse.Node)) {
	visit(n)
	switch n := n.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			walkNode(c, visit)
		}
	case *parse.ActionNode:
		walkNode(n.Pipe, visit)
	case *parse.PipeNode:
		for _, v := range n.Decl {
			walkNode(v, visit)
		}
		for _, c := range n.Cmds {
			walkNode(c, visit)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			walkNode(a, visit)
		}
	case *parse.ChainNode:
		walkNode(n.Node, visit)
	case *parse.IfNode:
		walkBranch(&n.BranchNode, visit)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, visit)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, visit)
	case *parse.TemplateNode:
		if n.Pipe != nil {
			walkNode(n.Pipe, visit)
		}
	}
}

// walkBranch walks the parts of an if, range or with action. The parser
// leaves ElseList nil when there is no else, and a nil *ListNode must not
// reach walkNode as a non-nil Node.
func walkBranch(b *parse.BranchNode, visit func(parse.Node)) {
	walkNode(b.Pipe, visit)
	walkNode(b.List, visit)
	if b.ElseList != nil {
		walkNode(b.ElseList, visit)
	}
}
