// Package diag is the vocabulary errcat's loader and checks report in:
// positions in bundle files, severities, diagnostics, and the three ways
// to print them (text for people, JSON for programs, GitHub Actions
// annotations for pull requests).
//
// A Diagnostic reads like a compiler's:
//
//	locales/ja.toml:12:9: error: code 2004: placeholder {{.Max}} of the source is missing from the translation
//
// Every finding has a stable Rule name ("syntax", "placeholder-missing"),
// so that a script can filter on it without parsing the message. The
// loader's rules are the constants below; the checks of package lint add
// their own.
//
// The trap: positions are 1-based lines and byte columns, as editors and
// GitHub count them; a zero Line means the finding is about the whole file.
package diag

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Pos is a place in a bundle file: 1-based line and byte column.
type Pos struct {
	Line int `json:"line"`
	Col  int `json:"col"`
}

// Severity says whether a Diagnostic is something wrong or something to
// look at.
type Severity int

const (
	// Error is a problem that makes a bundle or a message unusable or
	// wrong. The loader refuses a catalog with errors in its files; a
	// translation that would render wrong (catalog.Flaws) is an error too,
	// but one the loader answers by serving the fallback for that message
	// alone.
	Error Severity = iota
	// Warning is something a translator should look at, but that does not
	// change what users see for the worse.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// MarshalText lets Diagnostics appear as "error" and "warning" in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// The loader's rules: what reading a folder of bundles can find.
const (
	RuleSyntax          = "syntax"           // not valid TOML
	RuleRead            = "read"             // the file or folder could not be read
	RuleFileName        = "file-name"        // a bundle's name is not a (canonical) BCP 47 tag
	RuleDuplicateLocale = "duplicate-locale" // two files for one locale
	RuleStructure       = "structure"        // a table or value of the wrong shape
	RuleUnknownKey      = "unknown-key"      // a key go-i18n does not read
	RuleTemplate        = "template"         // a template that does not parse
	RuleTemplateUnsafe  = "template-unsafe"  // a template outside the safe subset: loops, definitions, calls
	RuleDuplicateKey    = "duplicate-key"    // one key twice in a table, in two cases ("other" and "Other")
	RuleSpecialFile     = "special-file"     // a FIFO, device, socket or folder named like a bundle, skipped
	RuleInternal        = "internal"         // the loader failed unexpectedly (a bug in errcat): no catalog
	RuleCode            = "code"             // a source message ID that is not an error code
	RuleEmpty           = "empty"            // a message, or a form of it, without text
	RuleSource          = "source"           // no source bundle
	RuleObsolete        = "obsolete"         // a translation of a code the source does not have
	RuleFacts           = "facts"            // a fact of the facts file (codes.toml) that is wrong or missing

	// A translation's flaws (catalog.Flaws), with RuleTemplate,
	// RuleTemplateUnsafe and RuleEmpty (a blank text): the loader serves
	// the fallback for such a message, and the checks report it.
	RulePlaceholderUnknown = "placeholder-unknown" // a template field the source does not have: it would render as nothing
	RulePlaceholderMissing = "placeholder-missing" // a template field of the source that the translation leaves out
)

// A Diagnostic is one finding about one place in one bundle, reported in the
// style of a compiler so that editors and CI systems can jump to it.
type Diagnostic struct {
	File     string   `json:"file"`
	Line     int      `json:"line,omitempty"` // 1-based; 0 when the finding is about the whole file
	Col      int      `json:"col,omitempty"`  // 1-based, in bytes; 0 when unknown
	Severity Severity `json:"severity"`
	ID       string   `json:"code,omitempty"` // the message ID (the error code) concerned, if any
	Rule     string   `json:"rule"`           // a stable short name for the check, such as "placeholder"
	Message  string   `json:"message"`
}

// At returns a diagnostic at position p of file.
func At(file string, p Pos, sev Severity, id, rule, format string, args ...any) Diagnostic {
	return Diagnostic{File: file, Line: p.Line, Col: p.Col, Severity: sev, ID: id, Rule: rule, Message: fmt.Sprintf(format, args...)}
}

// String formats d as file:line:col: severity: code NNNN: message.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	b.WriteString(": ")
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	if d.ID != "" {
		b.WriteString("code ")
		b.WriteString(d.ID)
		b.WriteString(": ")
	}
	b.WriteString(d.Message)
	return b.String()
}

// Sort orders diagnostics by file, position, severity and text, so that
// output is stable from run to run.
func Sort(ds []Diagnostic) {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.ID, b.ID),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Errors returns the error-severity diagnostics of ds.
func Errors(ds []Diagnostic) []Diagnostic {
	var errs []Diagnostic
	for _, d := range ds {
		if d.Severity == Error {
			errs = append(errs, d)
		}
	}
	return errs
}

// Count returns how many of ds are errors and how many warnings.
func Count(ds []Diagnostic) (errors, warnings int) {
	for _, d := range ds {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// Formats lists the output formats Write knows, the default first.
var formats = []string{"text", "json", "github"}

// Formats returns the names of the formats Write knows, the default first.
func Formats() []string { return slices.Clone(formats) }

// Write prints ds in format: "text" (one String a line, with the rule in
// brackets), "json" ({"diagnostics": [...]}, indented) or "github" (GitHub
// Actions workflow commands, which show each finding on its line in a pull
// request).
func Write(w io.Writer, ds []Diagnostic, format string) error {
	switch format {
	case "json":
		return WriteJSON(w, struct {
			Diagnostics []Diagnostic `json:"diagnostics"`
		}{Diagnostics: append([]Diagnostic{}, ds...)})
	case "github":
		for _, d := range ds {
			if _, err := fmt.Fprintln(w, GitHub(d)); err != nil {
				return err
			}
		}
	case "text", "":
		for _, d := range ds {
			if _, err := fmt.Fprintf(w, "%s [%s]\n", d, d.Rule); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("unknown diagnostics format %q", format)
	}
	return nil
}

// WriteJSON writes v as indented JSON without HTML escaping: the format of
// every --format json output of errcat.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// GitHub formats d as a GitHub Actions workflow command:
//
//	::error file=locales/ja.toml,line=12,col=1::code 2004: …
func GitHub(d Diagnostic) string {
	var b strings.Builder
	b.WriteString("::")
	b.WriteString(d.Severity.String())
	b.WriteString(" file=")
	b.WriteString(escapeProperty(d.File))
	if d.Line > 0 {
		fmt.Fprintf(&b, ",line=%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ",col=%d", d.Col)
		}
	}
	b.WriteString("::")
	msg := d.Message
	if d.ID != "" {
		msg = "code " + d.ID + ": " + msg
	}
	b.WriteString(escapeData(msg))
	return b.String()
}

// escapeData and escapeProperty escape as GitHub's workflow commands
// require (actions/toolkit, command.ts).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// List joins words as an English list: "a", "a and b", "a, b and c".
func List(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// Plural returns one when n is 1, and other otherwise: for the English of
// messages that count things.
func Plural(n int, one, other string) string {
	if n == 1 {
		return one
	}
	return other
}
