package tmpl

import (
	"reflect"
	"testing"
)

// fieldTemplates are texts of the kinds compileFields reads, or must leave
// to the parser.
var fieldTemplates = []string{
	"", "plain", "at most {{.Max}}", "{{.Max}}", "{{ .Max }}", "{{  .User.Name  }} and {{.Max}}",
	"{{.A}}{{.B}}{{.A}}", "{{.A_1}} {{._x}}", "{{.a.b.c}}", "x {{.Max}}}", "x { y } z",
	"{{.Max}} }}", "}}", "{{", "{{.Max", "{{- .Max}}", "{{.Max -}}", "{{/* c */}}", "{{.}}",
	"{{.1}}", "{{.A.1}}", "{{.A..B}}", "{{.A.}}", "{{\t.Max}}", "{{.Max\n}}", "{{.Mäx}}",
	"{{if .A}}x{{end}}", "{{Max}}", "{{.Max | printf \"%d\"}}", "{{{.Max}}}", "{{.A}}{{.B}}{{.C}}{{.D}}{{.E}}{{.F}}{{.G}}{{.H}}{{.I}}{{.A}}",
}

// compileFields builds for a template exactly what the parser's walk builds,
// so that a message compiles alike whichever path read it.
func TestCompileFieldsIsTheParsersWalk(t *testing.T) {
	fast := 0
	for _, text := range fieldTemplates {
		if got, ok := compileFields(text); ok {
			fast++
			checkSameAsParsed(t, text, got)
		}
	}
	if fast < 10 {
		t.Fatalf("compileFields read only %d of the texts", fast)
	}
}

func checkSameAsParsed(t *testing.T, text string, got *Template) {
	t.Helper()
	want, err := compileParsed(text, "{{", "}}")
	if err != nil {
		t.Fatalf("%q: compileFields read it, the parser refuses it: %v", text, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: compileFields built %+v, the parser's walk %+v", text, got, want)
	}
}

// FuzzCompileFields: whatever text compileFields reads, the parser reads the
// same way.
func FuzzCompileFields(f *testing.F) {
	for _, s := range fieldTemplates {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, ok := compileFields(text); ok {
			checkSameAsParsed(t, text, got)
		}
	})
}
