package catalog

import (
	"errors"
	"strings"

	"github.com/errcat/errcat/catalog/internal/tmpl"
)

// MaxText bounds the text a template renders, in bytes. An error message is
// a sentence or two; a longer result is cut at a character boundary, and
// Localize returns the cut text with an error wrapping ErrTextTooLong.
const MaxText = 64 << 10

// ErrTextTooLong is wrapped by the error Localize returns when a rendered
// text was cut at MaxText.
var ErrTextTooLong = errors.New("rendered text is longer than the limit")

// A MissingDataError reports the template fields a message printed without
// a value for them (no such key or field, or a nil value): each rendered as
// nothing, and the rest of the message as written. See the package doc.
type MissingDataError struct {
	Fields []string // "Max", "User.Name", in order of first use
}

func (e *MissingDataError) Error() string {
	var b strings.Builder
	b.WriteString("no data for ")
	for i, f := range e.Fields {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("{{.")
		b.WriteString(f)
		b.WriteString("}}")
	}
	return b.String()
}

// A msgTemplate is one plural form's compiled template: the safe subset of
// text/template that package tmpl defines (fields, the plural count and
// conditions on fields), rendered without text/template.
type msgTemplate struct {
	t *tmpl.Template
}

func parseTemplate(src, left, right string) (*msgTemplate, error) {
	t, err := tmpl.Compile(src, left, right)
	if err != nil {
		return nil, err
	}
	return &msgTemplate{t: t}, nil
}

// render executes the template. count is the plural count; go-i18n makes it
// available as {{.PluralCount}} when the caller gives no other data, and
// errcat also when the data has no PluralCount of its own.
//
// The text is always the best there is: fields without data render as
// nothing, and a text over MaxText is cut. The error says which.
func (t *msgTemplate) render(data, count any) (string, error) {
	text, missing, cut := t.t.Render(data, count, MaxText)
	var err error
	if len(missing) > 0 {
		err = &MissingDataError{Fields: missing}
	}
	if cut {
		err = errors.Join(err, ErrTextTooLong)
	}
	return text, err
}
