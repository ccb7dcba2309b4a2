package catalog

import (
	"bytes"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"
)

// A msgTemplate is one plural form's compiled template.
//
// It is parsed exactly as go-i18n's TextParser parses it (text/template with
// the message's delimiters and "missingkey=default"), so it renders the same
// text. Most error messages use only plain fields ("at most {{.Max}}
// characters"); for those, compile also keeps the template as a list of
// literal parts and field names, and render joins them without going
// through text/template's reflection, falling back to it for anything else.
type msgTemplate struct {
	tmpl *template.Template
	// parts alternates literal text and field names: parts[0] is text,
	// parts[1] a field, parts[2] text, and so on. nil when the template
	// uses more than plain fields.
	parts []string
}

func parseTemplate(src, left, right string) (*msgTemplate, error) {
	t, err := template.New("").Delims(left, right).Option("missingkey=default").Parse(src)
	if err != nil {
		return nil, err
	}
	return &msgTemplate{tmpl: t, parts: simpleParts(t)}, nil
}

// simpleParts returns the template as alternating text and field names when
// it consists only of text and {{.Field}} actions.
func simpleParts(t *template.Template) []string {
	if t.Tree == nil || t.Tree.Root == nil {
		return nil
	}
	parts := []string{""}
	for _, n := range t.Tree.Root.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			parts[len(parts)-1] += string(n.Text)
		case *parse.ActionNode:
			if len(n.Pipe.Decl) > 0 || len(n.Pipe.Cmds) != 1 || len(n.Pipe.Cmds[0].Args) != 1 {
				return nil
			}
			f, ok := n.Pipe.Cmds[0].Args[0].(*parse.FieldNode)
			if !ok || len(f.Ident) != 1 {
				return nil
			}
			parts = append(parts, f.Ident[0], "")
		default:
			return nil
		}
	}
	return parts
}

// fields returns the names of the fields the template reads ({{.Max}} reads
// Max), in order of first use, wherever they appear in the template.
func (t *msgTemplate) fields() []string {
	var names []string
	var walk func(parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n == nil {
				return
			}
			for _, c := range n.Nodes {
				walk(c)
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			if n == nil {
				return
			}
			for _, c := range n.Cmds {
				walk(c)
			}
		case *parse.CommandNode:
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.FieldNode:
			if len(n.Ident) > 0 && !containsString(names, n.Ident[0]) {
				names = append(names, n.Ident[0])
			}
		case *parse.ChainNode:
			walk(n.Node)
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.TemplateNode:
			walk(n.Pipe)
		}
	}
	if t.tmpl.Tree != nil {
		walk(t.tmpl.Tree.Root)
	}
	return names
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
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
	var buf bytes.Buffer
	if err := t.tmpl.Execute(&buf, data); err != nil {
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
