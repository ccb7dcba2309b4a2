package exchange

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// ErrDTD is wrapped by ReadXLIFF's error when the input has a DOCTYPE: XLIFF
// needs none, and entity declarations are how billion laughs and external
// entity attacks start, so none is read, expanded or fetched.
var ErrDTD = errors.New("DOCTYPE and entity declarations are not accepted")

// Bounds on XML structure. The size limit bounds the time; these bound the
// memory a small file can make the reader hold, and the stack.
const (
	maxXMLDepth    = 100
	maxXMLElements = 1 << 20
	// maxUnitNodes bounds the elements held at once: units are handed
	// over and dropped as they end, so this and not the file size bounds
	// the tree in memory.
	maxUnitNodes = 1 << 16
)

// xnode is an element with its mixed content in order.
type xnode struct {
	name  xml.Name
	attr  []xml.Attr
	kids  []xpart
	line  int
	nodes int // elements in this subtree, itself included
}

// xpart is one piece of mixed content: text or an element.
type xpart struct {
	text string
	elem *xnode
}

func (n *xnode) get(local string) string {
	for _, a := range n.attr {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

func (n *xnode) has(local string) bool {
	for _, a := range n.attr {
		if a.Name.Local == local && a.Name.Space == "" {
			return true
		}
	}
	return false
}

// elems returns the child elements in namespace ns named local, or all child
// elements when local is "".
func (n *xnode) elems(ns, local string) []*xnode {
	var out []*xnode
	for _, k := range n.kids {
		if k.elem != nil && (local == "" || k.elem.name.Space == ns && k.elem.name.Local == local) {
			out = append(out, k.elem)
		}
	}
	return out
}

func (n *xnode) first(ns, local string) *xnode {
	for _, k := range n.kids {
		if k.elem != nil && k.elem.name.Space == ns && k.elem.name.Local == local {
			return k.elem
		}
	}
	return nil
}

// text returns the character data of n, which must have no child elements.
func (n *xnode) text() (string, error) {
	var b strings.Builder
	for _, k := range n.kids {
		if k.elem != nil {
			return "", fmt.Errorf("<%s> in <%s>: want text only", k.elem.name.Local, n.name.Local)
		}
		b.WriteString(k.text)
	}
	return b.String(), nil
}

// xmlWalker reads XML safely: no DOCTYPE, bounded size, depth and element
// count, one root. It calls start for each element as it opens and end as it
// closes; when end returns drop, the element is removed from its parent so
// that a large file is never held as a whole tree.
type xmlWalker struct {
	start func(n *xnode, parents []*xnode) error
	end   func(n *xnode, parents []*xnode) (drop bool, err error)
}

func (w *xmlWalker) walk(r io.Reader, limit int64) error {
	if limit <= 0 {
		limit = DefaultLimit
	}
	dec := xml.NewDecoder(&limitReader{r: r, n: limit})
	dec.Strict = true
	var stack []*xnode
	elements := 0
	rootDone := false
	line := func() int { l, _ := dec.InputPos(); return l }
	fail := func(err error) error {
		var pe *ParseError
		if errors.As(err, &pe) {
			return err
		}
		return &ParseError{Format: "xliff", Line: line(), Err: err}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if !rootDone {
				return fail(errors.New("no root element"))
			}
			return nil
		}
		if err != nil {
			if errors.Is(err, ErrTooLarge) {
				return fail(ErrTooLarge)
			}
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return &ParseError{Format: "xliff", Line: se.Line, Err: errors.New(se.Msg)}
			}
			return fail(err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return fail(ErrDTD)
		case xml.StartElement:
			if rootDone {
				return fail(errors.New("an element after the root element"))
			}
			elements++
			if elements > maxXMLElements {
				return fail(fmt.Errorf("more than %d elements", maxXMLElements))
			}
			if len(stack) >= maxXMLDepth {
				return fail(fmt.Errorf("elements nested deeper than %d", maxXMLDepth))
			}
			n := &xnode{name: t.Name, attr: t.Copy().Attr, line: line(), nodes: 1}
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.kids = append(parent.kids, xpart{elem: n})
			}
			if w.start != nil {
				if err := w.start(n, stack); err != nil {
					return fail(err)
				}
			}
			stack = append(stack, n)
		case xml.EndElement:
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			drop := false
			if w.end != nil {
				if drop, err = w.end(n, stack); err != nil {
					return fail(err)
				}
			}
			if len(stack) == 0 {
				rootDone = true
				continue
			}
			parent := stack[len(stack)-1]
			if drop {
				parent.kids = parent.kids[:len(parent.kids)-1]
				continue
			}
			parent.nodes += n.nodes
			if parent.nodes > maxUnitNodes {
				return fail(fmt.Errorf("more than %d elements in one <%s>", maxUnitNodes, parent.name.Local))
			}
		case xml.CharData:
			if len(stack) == 0 {
				if strings.TrimSpace(string(t)) != "" {
					return fail(errors.New("text outside the root element"))
				}
				continue
			}
			// Adjacent pieces of text (split by comments) stay
			// separate; readers join them once.
			parent := stack[len(stack)-1]
			parent.kids = append(parent.kids, xpart{text: string(t)})
		}
	}
}

// xmlText escapes s for element content. Line breaks and tabs stay as they
// are; a carriage return becomes a reference, which XML does not normalize
// away.
func xmlText(b *strings.Builder, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\r':
			b.WriteString("&#xD;")
		default:
			b.WriteRune(r)
		}
	}
}

// xmlAttr escapes s for an attribute value in double quotes; whitespace
// other than a space becomes a reference, so that attribute value
// normalization leaves it alone.
func xmlAttr(b *strings.Builder, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\n':
			b.WriteString("&#xA;")
		case '\r':
			b.WriteString("&#xD;")
		case '\t':
			b.WriteString("&#x9;")
		default:
			b.WriteRune(r)
		}
	}
}

// xmlChar reports whether XML 1.0 can carry r as a character.
func xmlChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD ||
		0x20 <= r && r <= 0xD7FF || 0xE000 <= r && r <= 0xFFFD || 0x10000 <= r && r <= utf8.MaxRune
}

// checkXMLText returns an error naming the first character XML cannot carry.
func checkXMLText(what, s string) error {
	for _, r := range s {
		if !xmlChar(r) {
			return fmt.Errorf("%s: character %U cannot be written in XML", what, r)
		}
	}
	return nil
}
