package catalog

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity says whether a Diagnostic stops a catalog from loading.
type Severity int

const (
	// Error is a problem that makes a bundle unusable or wrong: the loader
	// refuses a catalog with errors.
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

// SortDiagnostics orders diagnostics by file, position, severity and text, so
// that output is stable from run to run.
func SortDiagnostics(ds []Diagnostic) {
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

// LoadError is returned when a catalog cannot be loaded. It lists every
// error-severity diagnostic found, not just the first, so that a translator
// can fix them all in one go.
type LoadError struct {
	Diagnostics []Diagnostic
}

func (e *LoadError) Error() string {
	const most = 10
	var b strings.Builder
	for i, d := range e.Diagnostics {
		if i == most {
			fmt.Fprintf(&b, "\n(and %d more)", len(e.Diagnostics)-most)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

func errorsOf(ds []Diagnostic) []Diagnostic {
	var errs []Diagnostic
	for _, d := range ds {
		if d.Severity == Error {
			errs = append(errs, d)
		}
	}
	return errs
}
