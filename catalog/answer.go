package catalog

// An Answer is what a caller is told about an error: the code it is
// answered with, that code's facts and its text for the caller.
type Answer struct {
	Result
	Code int
	Fact
	// Unknown reports that the error was outside the catalog, so that
	// Code is the catalog's fallback code; or, when the catalog has none,
	// zero with UnknownText, UnknownStatus and UnknownLocale.
	Unknown bool
}

// Answer returns the answer to code for the caller. A code of the catalog
// is answered with its own text and facts; any other code by the unknown-
// error rule (see Unknown). The text and locale are never empty. The error
// is Localize's for a template that could not use p, with the best text
// available.
func (l Localizer) Answer(code int, p Params) (Answer, error) {
	if !l.c.Has(code) {
		return l.Unknown(), nil
	}
	res, err := l.Localize(code, p)
	f, _ := l.c.Fact(code)
	return Answer{Result: res, Code: code, Fact: f}, err
}

// Unknown returns the answer to an error outside the catalog, the one rule
// for the library, the service and the command line: the catalog's
// fallback code, in the caller's language; or, when the catalog designates
// none, UnknownText in English with UnknownStatus and code 0 (Result.Index
// is then -1: the text is no locale's). No detail of the error itself
// reaches the caller.
func (l Localizer) Unknown() Answer {
	if code, ok := l.c.Fallback(); ok {
		// The fallback code is plain text in every locale unless its
		// template wants data, which the caller cannot have supplied: its
		// unrendered text is still the best answer.
		res, _ := l.Localize(code, Params{})
		f, _ := l.c.Fact(code)
		return Answer{Result: res, Code: code, Fact: f, Unknown: true}
	}
	return Answer{
		Result:  Result{Text: UnknownText, Locale: UnknownLocale, Index: -1},
		Fact:    Fact{Name: "Unknown", Status: UnknownStatus},
		Unknown: true,
	}
}
