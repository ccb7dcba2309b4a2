package catalog

import (
	"errors"
	"fmt"
	"strings"

	"github.com/errcat/errcat/catalog/diag"
)

// LoadError is returned when a catalog cannot be loaded. It lists every
// error-severity diagnostic found, not just the first, so that a translator
// can fix them all in one go.
type LoadError struct {
	Diagnostics []diag.Diagnostic
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

// newLoadError returns a *LoadError with the errors of diags, sorted.
func newLoadError(diags []diag.Diagnostic) *LoadError {
	errs := diag.Errors(diags)
	diag.Sort(errs)
	return &LoadError{Diagnostics: errs}
}

// Diagnostics returns the diagnostics of a *LoadError in err's chain, or,
// for any other error, one diagnostic about display that carries err's
// text: the one way to turn a failed load into lines a translator can act
// on.
func Diagnostics(err error, display string) []diag.Diagnostic {
	var le *LoadError
	if errors.As(err, &le) {
		return le.Diagnostics
	}
	return []diag.Diagnostic{{File: display, Severity: diag.Error, Rule: diag.RuleRead, Message: err.Error()}}
}
