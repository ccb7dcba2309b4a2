package catalog

import (
	"errors"
	"fmt"
	"go/token"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/internal/tomlfile"
)

// FactsFile is the name of a catalog's facts file: what the catalog says
// about its codes that is the same in every language, beside the bundles
// and apart from them, so that translators never see it.
//
//	# The source bundle's locale (en.toml); English when not given.
//	source = "en"
//	# The code that answers an error outside the catalog.
//	fallback = 1000
//
//	1000 = { name = "SystemBusy", status = 503 }
//	2004 = { name = "UserNotFound", status = 404 }
//
// Each code is a key of the file (an inline table as above, or a [2004]
// table) with its Go name, an exported identifier that `errcat generate`
// makes a constant of, and its HTTP status, 400 to 599. Both may be left
// out: a code without a name gets one derived from its source text (see
// DeriveName), and one without a status answers 500. A catalog without the
// file works the same way, with English as its source and no fallback
// code.
//
// The file is not a bundle: IsBundleName is false for it, so no tool reads
// it as a locale's messages.
const FactsFile = "codes.toml"

// The answer to an error outside a catalog that designates no fallback
// code: never an empty text, never an empty locale.
const (
	UnknownText   = "An internal error occurred"
	UnknownStatus = 500
	UnknownLocale = "en"
)

// DefaultStatus is the HTTP status of a code the facts file gives none.
const DefaultStatus = 500

// A Fact is what a catalog says about one of its codes beyond its texts.
type Fact struct {
	Name    string // the Go name, "UserNotFound"
	Status  int    // the HTTP status a service answers the code with
	Derived bool   // the facts file does not name the code: Name is derived
}

// facts is a parsed facts file.
type facts struct {
	file        string // as diagnostics name it; empty when the folder has none
	source      language.Tag
	fallback    int
	hasFallback bool
	fallbackPos diag.Pos
	codes       map[int]codeFact
	order       []int        // the codes in file order, for diagnostics
	listed      map[int]bool // every code the file has an entry for, broken ones included
	text        string
}

type codeFact struct {
	name   string
	status int // 0 when not given
	pos    diag.Pos
}

// defaultFacts are the facts of a folder without a facts file.
func defaultFacts() *facts {
	return &facts{source: language.English}
}

// readFacts reads the folder's facts file, if it has one. A file with
// errors still yields facts (what could be read), so that the loader and
// the checks report every problem at once.
func readFacts(f *Folder) (*facts, []diag.Diagnostic) {
	data, err := readLimited(f.fsys, FactsFile)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return defaultFacts(), nil
		}
		file := path.Join(f.display, FactsFile)
		return defaultFacts(), []diag.Diagnostic{{File: file, Severity: diag.Error, Rule: diag.RuleRead, Message: err.Error()}}
	}
	return parseFacts(path.Join(f.display, FactsFile), data)
}

// parseFacts parses a facts file. file is the name diagnostics use.
//
// tomlfile, errcat's one lexer of TOML files, reads it as it reads bundles:
// every key and value with its position. It hands strings over decoded and
// says of any other value only what type it is; the few numbers a facts
// file has are read from the text at their position.
func parseFacts(file string, data []byte) (*facts, []diag.Diagnostic) {
	ft := defaultFacts()
	ft.file = file
	ft.text = string(data)
	entries, err := tomlfile.Parse(data)
	if err != nil {
		d := diag.Diagnostic{File: file, Severity: diag.Error, Rule: diag.RuleSyntax, Message: "TOML: " + err.Error()}
		var se *tomlfile.SyntaxError
		if errors.As(err, &se) {
			d.Line, d.Col = se.Pos.Line, se.Pos.Col
		}
		return ft, []diag.Diagnostic{d}
	}
	lines := lineStarts(ft.text)
	var diags []diag.Diagnostic
	at := func(p diag.Pos, id, rule, format string, args ...any) {
		diags = append(diags, diag.At(file, p, diag.Error, id, rule, format, args...))
	}
	ft.codes = map[int]codeFact{}
	ft.listed = map[int]bool{}
	names := map[string]int{}
	for _, e := range entries {
		switch e.ID {
		case "source":
			if !e.Simple {
				at(e.Pos, "", diag.RuleFacts, "source is %s; it must be a language tag, such as \"en\"", entryType(e))
				continue
			}
			s := e.Fields[0].Value
			tag, err := language.Parse(s)
			if err != nil || strings.Contains(s, "_") {
				at(e.Fields[0].VPos, "", diag.RuleFacts, "source %q is not a BCP 47 language tag", s)
				continue
			}
			if tag.String() != s {
				at(e.Fields[0].VPos, "", diag.RuleFacts, "source %q is not in canonical form; write %q, as its bundle %s.toml is named", s, tag.String(), tag)
				continue
			}
			ft.source = tag
		case "fallback":
			code, ok := 0, false
			if entryType(e) == "a number" {
				code, ok = codeLiteral(literal(ft.text, lines, valueAfterKey(ft.text, lines, e.Pos)))
			}
			if !ok {
				at(e.Pos, "", diag.RuleFacts, "fallback must be an error code, such as 1000 (a number without quotes)")
				continue
			}
			ft.fallback, ft.hasFallback, ft.fallbackPos = code, true, e.Pos
		default:
			code, ok := ParseCode(e.ID)
			if !ok {
				at(e.Pos, "", diag.RuleUnknownKey, "unknown key %q: a facts file has source, fallback and one entry per error code", e.ID)
				continue
			}
			ft.listed[code] = true
			if e.Simple || e.NotMessage != "" {
				at(e.Pos, e.ID, diag.RuleStructure, "the code's facts are %s; write a table, such as %s = { name = \"UserNotFound\", status = 404 }", entryType(e), e.ID)
				continue
			}
			cf := codeFact{pos: e.Pos}
			bad := false
			for _, fld := range e.Fields {
				switch fld.Key {
				case "name":
					s := fld.Value
					switch {
					case fld.Type != "":
						at(fld.VPos, e.ID, diag.RuleFacts, "name is %s; it must be a string", fld.Type)
						bad = true
					case !token.IsIdentifier(s) || !token.IsExported(s):
						at(fld.VPos, e.ID, diag.RuleFacts, "name %q is not an exported Go identifier (write it like UserNotFound)", s)
						bad = true
					default:
						if other, dup := names[s]; dup {
							at(fld.VPos, e.ID, diag.RuleFacts, "name %s is already the name of code %d", s, other)
							bad = true
						}
						names[s] = code
						cf.name = s
					}
				case "status":
					n, err := int64(0), errNotNumber
					if fld.Type == "a number" {
						n, err = strconv.ParseInt(literal(ft.text, lines, fld.VPos), 0, 64)
					}
					if err != nil || n < 400 || n > 599 {
						at(fld.VPos, e.ID, diag.RuleFacts, "status must be an HTTP error status, 400 to 599")
						bad = true
						continue
					}
					cf.status = int(n)
				default:
					at(fld.Pos, e.ID, diag.RuleUnknownKey, "unknown key %q in a code's facts (the keys are name and status)", fld.Key)
					bad = true
				}
			}
			if bad {
				continue
			}
			ft.codes[code] = cf
			ft.order = append(ft.order, code)
		}
	}
	return ft, diags
}

var errNotNumber = errors.New("not a number")

// entryType says what a top-level entry's value is: "a string", or the
// type tomlfile found instead of a message.
func entryType(e tomlfile.Entry) string {
	switch {
	case e.Simple:
		return "a string"
	case e.NotMessage != "":
		t, _, _ := strings.Cut(strings.TrimPrefix(e.NotMessage, "is "), ",")
		return t
	}
	return "a table"
}

// lineStarts returns the offset of each line of text, the first at 0.
func lineStarts(text string) []int {
	starts := []int{0}
	for i := range len(text) {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

func offset(lines []int, p diag.Pos) int {
	if p.Line < 1 || p.Line > len(lines) {
		return -1
	}
	return lines[p.Line-1] + p.Col - 1
}

// valueAfterKey returns the position of the value of the key at p: past
// the key, the equals sign and the spaces after it.
func valueAfterKey(text string, lines []int, p diag.Pos) diag.Pos {
	i := offset(lines, p)
	if i < 0 || i >= len(text) {
		return diag.Pos{}
	}
	eq := strings.IndexByte(text[i:], '=')
	if eq < 0 {
		return diag.Pos{}
	}
	j := i + eq + 1
	for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
		j++
	}
	return diag.Pos{Line: p.Line, Col: p.Col + j - i}
}

// literal returns the bare value at p, such as a number: up to the next
// space, comma, brace or comment.
func literal(text string, lines []int, p diag.Pos) string {
	i := offset(lines, p)
	if i < 0 || i >= len(text) {
		return ""
	}
	j := i
	for j < len(text) && !strings.ContainsRune(" \t\r\n,}]#", rune(text[j])) {
		j++
	}
	return text[i:j]
}

// codeLiteral reads a TOML integer literal as an error code.
func codeLiteral(lit string) (int, bool) {
	n, err := strconv.ParseInt(lit, 0, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	return ParseCode(strconv.FormatInt(n, 10))
}

// check compares the facts with the source bundle's codes: a code of the
// facts the source lacks, or a fallback it lacks, is an error; a source
// code the file does not list is a warning, since it answers 500 under a
// name that changes with its text.
func (ft *facts) check(srcFile string, codes []int) []diag.Diagnostic {
	if ft.file == "" {
		return nil
	}
	var diags []diag.Diagnostic
	for _, code := range ft.order {
		if _, ok := slices.BinarySearch(codes, code); !ok {
			id := strconv.Itoa(code)
			diags = append(diags, diag.At(ft.file, ft.codes[code].pos, diag.Error, id, diag.RuleFacts,
				"the source %s has no code %s: delete these facts, or add the code to the source", srcFile, id))
		}
	}
	if ft.hasFallback {
		if _, ok := slices.BinarySearch(codes, ft.fallback); !ok {
			diags = append(diags, diag.At(ft.file, ft.fallbackPos, diag.Error, "", diag.RuleFacts,
				"the fallback code %d is not in the source %s", ft.fallback, srcFile))
		}
	}
	for _, code := range codes {
		if !ft.listed[code] {
			diags = append(diags, diag.Diagnostic{File: ft.file, Severity: diag.Warning, ID: strconv.Itoa(code), Rule: diag.RuleFacts,
				Message: fmt.Sprintf("the code has no facts: it answers status %d under a name derived from its text", DefaultStatus)})
		}
	}
	return diags
}

// CheckFacts compares the folder's facts file with its source bundle, as
// loading does: facts for a code the source lacks, a fallback code it
// lacks, a source code without facts. The file's own problems are among
// the folder's Diagnostics.
func (f *Folder) CheckFacts(src *Bundle) []diag.Diagnostic {
	codes, _ := SourceCodes(src)
	return f.facts.check(src.File, codes)
}

// resolve gives every code of the catalog its Fact, in row order.
func (ft *facts) resolve(codes []int, src func(r int) string) []Fact {
	out := make([]Fact, len(codes))
	names := make([]string, len(codes))
	texts := make([]string, len(codes))
	for r, code := range codes {
		cf := ft.codes[code]
		out[r].Status = cmpOr(cf.status, DefaultStatus)
		names[r] = cf.name
		out[r].Derived = cf.name == ""
		texts[r] = src(r)
	}
	DeriveNames(codes, texts, names)
	for r := range out {
		out[r].Name = names[r]
	}
	return out
}

func cmpOr(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}

// DeriveNames fills in the names left empty: names[i] gets
// DeriveName(codes[i], texts[i]), or "Code" and the code when another code
// has that name already. Given names keep their place; derived ones are
// assigned in the order of codes.
func DeriveNames(codes []int, texts []string, names []string) {
	taken := map[string]bool{}
	for _, n := range names {
		if n != "" {
			taken[n] = true
		}
	}
	for i, code := range codes {
		if names[i] != "" {
			continue
		}
		n := DeriveName(code, texts[i])
		if taken[n] {
			n = "Code" + strconv.Itoa(code)
		}
		for taken[n] {
			// Only a given name can be CodeNNNN of another code.
			n += "_"
		}
		taken[n] = true
		names[i] = n
	}
}

// maxNameWords bounds a derived name, so that a long sentence still gives
// a usable identifier.
const maxNameWords = 6

// DeriveName returns the Go name of a code whose facts give none, from its
// source text: the words of the text's first clause, each capitalised, a
// leading article dropped and at most six words ("User does not exist"
// becomes UserDoesNotExist, "The system is busy, please try again later"
// SystemIsBusy). A text with letters outside ASCII or without words, as
// in a Chinese or Russian source, gives "Code" and the code (Code2004).
//
// A derived name changes when the text does: name the code in the facts
// file (errcat init does) to keep a constant stable.
func DeriveName(code int, text string) string {
	fallback := "Code" + strconv.Itoa(code)
	// Template actions are not words of the text.
	for {
		i := strings.Index(text, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(text[i:], "}}")
		if j < 0 {
			text = text[:i]
			break
		}
		text = text[:i] + " " + text[i+j+2:]
	}
	if i := strings.IndexAny(text, ",.;:!?()[]，。；：！？（）"); i >= 0 {
		text = text[:i]
	}
	var words []string
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		for _, r := range w {
			if r > unicode.MaxASCII {
				return fallback
			}
		}
		words = append(words, w)
	}
	if len(words) > 1 && slices.Contains([]string{"the", "a", "an"}, strings.ToLower(words[0])) {
		words = words[1:]
	}
	if len(words) > maxNameWords {
		words = words[:maxNameWords]
	}
	var b strings.Builder
	for _, w := range words {
		b.WriteString(strings.ToUpper(w[:1]))
		b.WriteString(w[1:])
	}
	name := b.String()
	if !token.IsIdentifier(name) || !token.IsExported(name) {
		return fallback
	}
	return name
}
