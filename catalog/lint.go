package catalog

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"text/template/parse"
	"unicode"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Lint rules. Each Diagnostic's Rule is one of these names, or one of the
// loader's: "syntax", "file-name", "duplicate-locale", "read", "structure",
// "unknown-key", "template", "code", "empty" and "source".
const (
	// RuleObsolete: a translation has a code the source does not.
	RuleObsolete = "obsolete"
	// RulePlaceholderMissing: the source uses a template field ({{.Max}})
	// that the translation leaves out.
	RulePlaceholderMissing = "placeholder-missing"
	// RulePlaceholderUnknown: the translation uses a template field that
	// the source does not; it would render as "<no value>".
	RulePlaceholderUnknown = "placeholder-unknown"
	// RulePluralMissing: a plural message lacks a form the locale's
	// language needs by CLDR (few and many in ru).
	RulePluralMissing = "plural-missing"
	// RulePluralUnused: a message has a form its language never selects by
	// CLDR (one in ja); the text can never be shown.
	RulePluralUnused = "plural-unused"
	// RuleEmpty: a message, or one of its forms, is empty or blank.
	RuleEmpty = "empty"
	// RuleWhitespace: leading or trailing whitespace differs from the
	// source's.
	RuleWhitespace = "whitespace"
	// RuleIdentical: a translation is the same as the source text.
	RuleIdentical = "identical"
)

// LintFS reads the bundles in the top folder of fsys, as Load does, and
// checks them the way a translator's reviewer would. display names the
// folder in diagnostics ("locales"). It returns every finding, the loader's
// included, sorted with SortDiagnostics; it never stops at the first.
//
// The source is DefaultSource. Findings that compare a translation with the
// source (obsolete codes, placeholders, whitespace, identical text) need a
// readable source bundle and are skipped without one; the source's own
// problems say why.
func LintFS(fsys fs.FS, display string) []Diagnostic {
	// The bundles are read and checked one at a time against the source,
	// so that linting a catalog of any size holds the source and a bundle
	// or two in memory, never the whole catalog.
	ents, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return []Diagnostic{{File: display, Severity: Error, Rule: "read", Message: err.Error()}}
	}
	files, srcName, diags := listBundles(ents, display)
	var ref *sourceRef
	if srcName != "" {
		src, _, ds := readBundle(fsys, display, srcName, DefaultSource)
		diags = append(diags, ds...)
		if src != nil {
			// An entry of the source that the loader refused (say, for a
			// misspelt key) still defines its code: translations of it
			// are not obsolete.
			ref = &sourceRef{b: src, known: map[string]bool{}}
			for _, d := range ds {
				if d.ID != "" {
					ref.known[d.ID] = true
				}
			}
			_, more := sourceCodes(src)
			diags = append(diags, more...)
			diags = append(diags, lintBundle(src, ref)...)
		}
	}
	if ref == nil {
		file := path.Join(display, DefaultSource.String()+".toml")
		if !slices.ContainsFunc(diags, func(d Diagnostic) bool { return d.File == file }) {
			diags = append(diags, Diagnostic{File: file, Severity: Error, Rule: "source",
				Message: fmt.Sprintf("no bundle for the source language %s; translations were not compared with it", DefaultSource)})
		}
	}
	found := make([][]Diagnostic, len(files))
	eachBundle(len(files), func(i int) {
		b, _, ds := readBundle(fsys, display, files[i].name, files[i].tag)
		if b != nil {
			ds = append(ds, lintBundle(b, ref)...)
		}
		found[i] = ds
	})
	for _, ds := range found {
		diags = append(diags, ds...)
	}
	SortDiagnostics(diags)
	return diags
}

// Lint checks bundles read by ReadBundles, whose diagnostics are readDiags,
// against the source bundle for source, and returns the findings that
// ReadBundles did not already report. display is the bundles' folder as
// diagnostics name it.
func Lint(bundles []*Bundle, readDiags []Diagnostic, source language.Tag, display string) []Diagnostic {
	var diags []Diagnostic
	i := slices.IndexFunc(bundles, func(b *Bundle) bool { return b.Tag == source })
	if i < 0 {
		file := path.Join(display, source.String()+".toml")
		if !slices.ContainsFunc(readDiags, func(d Diagnostic) bool { return d.File == file }) {
			diags = append(diags, Diagnostic{File: file, Severity: Error, Rule: "source",
				Message: fmt.Sprintf("no bundle for the source language %s; translations were not compared with it", source)})
		}
		for _, b := range bundles {
			diags = append(diags, lintBundle(b, nil)...)
		}
		return diags
	}
	src := bundles[i]
	// New reports source messages whose ID is not a code or that have no
	// "other" text.
	_, more := New(bundles, source)
	for _, d := range more {
		if d.File == src.File {
			diags = append(diags, d)
		}
	}
	// An entry of the source that the loader refused (say, for a misspelt
	// key) still defines its code: translations of it are not obsolete.
	known := map[string]bool{}
	for _, d := range readDiags {
		if d.File == src.File && d.ID != "" {
			known[d.ID] = true
		}
	}
	for _, b := range bundles {
		diags = append(diags, lintBundle(b, &sourceRef{b: src, known: known})...)
	}
	return diags
}

type sourceRef struct {
	b     *Bundle
	known map[string]bool // IDs of source entries the loader refused
}

// lintBundle checks the messages of one bundle. src is nil when the source
// could not be read.
func lintBundle(b *Bundle, src *sourceRef) []Diagnostic {
	var diags []Diagnostic
	isSource := src != nil && b == src.b
	used := UsedForms(b.Tag)
	for _, m := range b.Messages {
		diag := func(p Pos, sev Severity, rule, format string, args ...any) {
			diags = append(diags, Diagnostic{File: b.File, Line: p.Line, Col: p.Col, Severity: sev, ID: m.ID, Rule: rule,
				Message: fmt.Sprintf(format, args...)})
		}
		var s *Message // the source message, when comparing with it
		if src != nil && !isSource {
			s = src.b.Lookup(m.ID)
			if s == nil && !src.known[m.ID] {
				diag(m.Pos, Error, RuleObsolete, "the source %s has no code %s: delete this message, or restore the English", src.b.File, m.ID)
				continue
			}
		}

		// The source's own missing "other" is reported by New.
		other := m.Other()
		_, written := m.KeyPos("other")
		switch {
		case strings.TrimSpace(other) != "":
		case isSource && other == "":
		case !written:
			diag(m.Pos, Error, RuleEmpty, "the message has no \"other\" text, which every message needs")
		case other == "":
			diag(m.At[plural.Other], Error, RuleEmpty, "the message is empty: translate it, or delete it so that users get the fallback")
		default:
			diag(m.At[plural.Other], Error, RuleEmpty, "the message is blank: it has only whitespace")
		}
		for _, f := range Forms {
			if f == plural.Other {
				continue
			}
			if _, written := m.KeyPos(FormName(f)); written && strings.TrimSpace(m.Text[f]) == "" {
				diag(m.At[f], Error, RuleEmpty, "the %q form is empty: translate it, or delete it", FormName(f))
			}
		}
		if strings.TrimSpace(other) == "" {
			// Nothing to compare: an empty message is one finding, not a
			// cascade of missing placeholders and forms.
			continue
		}

		// Plural forms, by x/text's CLDR data.
		for _, f := range Forms {
			if m.HasForm(f) && !slices.Contains(used, f) {
				p, _ := m.KeyPos(FormName(f))
				diag(p, Warning, RulePluralUnused, "%s never uses the plural form %q (it uses %s); this text is never shown",
					b.Tag, FormName(f), formList(used))
			}
		}
		ref := m
		if s != nil {
			ref = s
		}
		if isPlural(ref) {
			var lack []plural.Form
			for _, f := range used {
				// An empty form that is written is reported as empty.
				if _, written := m.KeyPos(FormName(f)); !written {
					lack = append(lack, f)
				}
			}
			if len(lack) > 0 {
				diag(m.Pos, Error, RulePluralMissing, "plural message lacks the %s %s that %s needs",
					formList(lack), plurally(len(lack), "form", "forms"), b.Tag)
			}
		}

		if s == nil {
			continue
		}
		diags = append(diags, comparePlaceholders(b.File, m, s)...)
		for _, f := range Forms {
			t := m.Text[f]
			if strings.TrimSpace(t) == "" {
				continue
			}
			st := s.Text[f]
			if st == "" {
				st = s.Other()
			}
			if lt, ls := leadingSpace(t), leadingSpace(st); lt != ls {
				diag(m.At[f], Warning, RuleWhitespace, "the text starts with %s", spaceDiff(lt, ls))
			}
			if tt, ts := trailingSpace(t), trailingSpace(st); tt != ts {
				diag(m.At[f], Warning, RuleWhitespace, "the text ends with %s", spaceDiff(tt, ts))
			}
			if t == st && !sameLanguage(b.Tag, src.b.Tag) && hasWords(t, m) {
				diag(m.At[f], Warning, RuleIdentical, "the text is the same as the source's %q: is it translated?", st)
			}
		}
	}
	return diags
}

// isPlural reports whether a message has plural forms: text for a form
// other than "other".
func isPlural(m *Message) bool {
	for _, f := range Forms {
		if f != plural.Other && m.HasForm(f) {
			return true
		}
	}
	return false
}

func formList(forms []plural.Form) string {
	names := make([]string, len(forms))
	for i, f := range forms {
		names[i] = FormName(f)
	}
	switch len(names) {
	case 1:
		return names[0]
	case 2:
		return names[0] + " and " + names[1]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func plurally(n int, one, other string) string {
	if n == 1 {
		return one
	}
	return other
}

func leadingSpace(s string) string {
	return s[:len(s)-len(strings.TrimLeftFunc(s, unicode.IsSpace))]
}

func trailingSpace(s string) string {
	return s[len(strings.TrimRightFunc(s, unicode.IsSpace)):]
}

// spaceDiff describes whitespace a translation has where its source has
// other whitespace, or none.
func spaceDiff(got, src string) string {
	switch {
	case got == "":
		return fmt.Sprintf("no whitespace; the source's has %q", src)
	case src == "":
		return fmt.Sprintf("%q; the source's has none", got)
	}
	return fmt.Sprintf("%q; the source's with %q", got, src)
}

// sameLanguage reports whether two tags are variants of one language (en
// and en-GB), whose texts are often rightly the same.
func sameLanguage(a, b language.Tag) bool {
	ba, _ := a.Base()
	bb, _ := b.Base()
	return ba == bb
}

// hasWords reports whether text, outside its template actions, has a letter.
// A text of numbers, punctuation and placeholders alone ("{{.Count}}",
// "404") reads the same in every language, so identical is no sign of a
// missing translation. Names are not told apart from words: a message that
// is only a name is rare, and the finding is a warning.
func hasWords(text string, m *Message) bool {
	for _, t := range templateText(text, m.LeftDelim, m.RightDelim) {
		if strings.IndexFunc(t, unicode.IsLetter) >= 0 {
			return true
		}
	}
	return false
}

// comparePlaceholders compares the template fields of a translation with its
// source's, over all plural forms together: an English "one" may say "a
// file" where "other" says "{{.PluralCount}} files", and a language with
// "other" alone then needs the count.
func comparePlaceholders(file string, m, s *Message) []Diagnostic {
	srcFields := map[string]bool{}
	for _, f := range Forms {
		for _, name := range templateFields(s.Text[f], s.LeftDelim, s.RightDelim) {
			srcFields[name] = true
		}
	}
	var diags []Diagnostic
	have := map[string]bool{}
	reported := map[string]bool{}
	for _, f := range Forms {
		for _, name := range templateFields(m.Text[f], m.LeftDelim, m.RightDelim) {
			have[name] = true
			if !srcFields[name] && !reported[name] {
				reported[name] = true
				diags = append(diags, Diagnostic{File: file, Line: m.At[f].Line, Col: m.At[f].Col, Severity: Error, ID: m.ID,
					Rule: RulePlaceholderUnknown, Message: fmt.Sprintf("placeholder {{.%s}} is not in the source; it would show as \"<no value>\"", name)})
			}
		}
	}
	var lack []string
	for name := range srcFields {
		if !have[name] {
			lack = append(lack, name)
		}
	}
	slices.Sort(lack)
	at := m.At[plural.Other]
	if !m.HasForm(plural.Other) {
		at = m.Pos
	}
	for _, name := range lack {
		diags = append(diags, Diagnostic{File: file, Line: at.Line, Col: at.Col, Severity: Error, ID: m.ID,
			Rule: RulePlaceholderMissing, Message: fmt.Sprintf("placeholder {{.%s}} of the source is missing from the translation", name)})
	}
	return diags
}

// templateFields returns the data fields a template reads, such as "Max" for
// {{.Max}} or "User.Name" for {{.User.Name}}, each once and in order of
// appearance. It walks text/template's parse tree, so that fields in
// conditions, pipelines and nested actions count, and text that merely looks
// like an action does not. A text that does not parse has no fields here:
// the loader reports it.
func templateFields(text, left, right string) []string {
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
	walkTemplate(text, left, right, func(n parse.Node) {
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

// templateText returns the literal text of a template, outside its actions.
func templateText(text, left, right string) []string {
	var out []string
	if !walkTemplate(text, left, right, func(n parse.Node) {
		if t, ok := n.(*parse.TextNode); ok {
			out = append(out, string(t.Text))
		}
	}) {
		return []string{text}
	}
	return out
}

// walkTemplate calls visit for every node of text's parse tree, and reports
// whether text parsed.
func walkTemplate(text, left, right string, visit func(parse.Node)) bool {
	if text == "" {
		return true
	}
	if left == "" {
		left = "{{"
	}
	if !strings.Contains(text, left) {
		visit(&parse.TextNode{NodeType: parse.NodeText, Text: []byte(text)})
		return true
	}
	t := parse.New("message")
	// Functions are go-i18n's business; the tree is what matters here.
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
