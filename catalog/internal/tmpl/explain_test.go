package tmpl

import (
	"errors"
	"strings"
	"testing"
)

// TestCompileErrorsPointAtTheSlip: a translator's slips are named where
// they are, not where text/template's grammar gave up.
func TestCompileErrorsPointAtTheSlip(t *testing.T) {
	tests := []struct{ name, text, left, right, want string }{
		{"action left open at the end", "al massimo {{.Max caratteri", "", "",
			`unclosed {{ at column 12 of the text ("{{.Max caratteri"): close it with }}`},
		{"action left open before another", "al massimo {{.Max caratteri e almeno {{.Min}}", "", "",
			`unclosed {{ at column 12 of the text ("{{.Max caratteri e almen…"): close it with }}`},
		{"column in characters, not bytes", "è più di {{.Max", "", "",
			`unclosed {{ at column 10 of the text ("{{.Max"): close it with }}`},
		{"an apostrophe in the open action", "{{.Max l'utente", "", "",
			`unclosed {{ at column 1 of the text ("{{.Max l'utente"): close it with }}`},
		{"open comment", "x {{/* note", "", "",
			`unclosed {{ at column 3 of the text ("{{/* note"): close it with }}`},
		{"a word inside the action", "al massimo {{.Max caratteri}}", "", "",
			`{{.Max caratteri}} is not a placeholder: did you mean {{.Max}} caratteri?`},
		{"missing dot", "al massimo {{Max}} caratteri", "", "",
			`{{Max}} is not a placeholder: did you mean {{.Max}}?`},
		{"missing dot, with spaces", "{{ Max }}", "", "",
			`{{ Max }} is not a placeholder: did you mean {{.Max}}?`},
		{"missing dot, with trim markers", "{{- User.Name -}}", "", "",
			`{{- User.Name -}} is not a placeholder: did you mean {{.User.Name}}?`},
		{"space after the dot", "{{. Max}}", "", "",
			`{{. Max}} is not a placeholder: did you mean {{.Max}}?`},
		{"dollar for dot", "{{$Max}}", "", "",
			`{{$Max}} is not a placeholder: did you mean {{.Max}}?`},
		{"one closing brace", "al massimo {{ .Max } caratteri", "", "",
			`{{ .Max } closes with }, not }}: did you mean {{.Max}}?`},
		{"one closing brace before another action", "{{.A} e {{.B}}", "", "",
			`{{.A} closes with }, not }}: did you mean {{.A}}?`},
		{"one closing brace, no dot", "{{Max}", "", "",
			`{{Max} closes with }, not }}: did you mean {{.Max}}?`},
		{"other delimiters", "al massimo [[Max]]", "[[", "]]",
			`[[Max]] is not a placeholder: did you mean [[.Max]]?`},
		{"other delimiters left open", "al massimo <<.Max", "<<", ">>",
			`unclosed << at column 12 of the text ("<<.Max"): close it with >>`},
		{"delimiters of several bytes", "massimo 《《.Max》 caratteri", "《《", "》》",
			`《《.Max》 closes with 》, not 》》: did you mean 《《.Max》》?`},
		// Not slips of this kind: the parser's or the subset's own words.
		{"a function", "{{len .X}}", "", "", "calls the function len"},
		{"a builtin alone", "{{len}}", "", "", "calls the function len"},
		{"a variable the template sets", "{{$x := .A}}{{$x}}", "", "", "sets the variable $x"},
		{"delimiters in a string", `{{"{{"}}`, "", "", `prints "{{", which is not a field`},
		{"a field and a function", "{{.Max printf}}", "", "", "which is not a field"},
		{"two fields", "{{.A .B}}", "", "", "which is not a field"},
		{"a condition left open", "{{if .A}}x", "", "", "unexpected EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile(tt.text, tt.left, tt.right)
			if err == nil {
				t.Fatal("compiled")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got  %s\nwant %s", err, tt.want)
			}
		})
	}
}

// A slip is a syntax error, not a template outside the subset: the loader
// reports it under the template rule, not template-unsafe.
func TestSlipsAreNotUnsafe(t *testing.T) {
	_, err := Compile("{{Max}}", "", "")
	var unsafe *UnsafeError
	if err == nil || errors.As(err, &unsafe) {
		t.Fatalf("got %v, want a plain error", err)
	}
}

// TestExplainLeavesGoodTemplatesAlone: explain only ever runs on a failed
// compile, but on its own it must find nothing in a good template either.
func TestExplainLeavesGoodTemplatesAlone(t *testing.T) {
	for _, text := range []string{
		"", "plain", "{{.Max}}", "{{ .Max }}", "{{- .A -}}", "{{if .A}}x{{else}}y{{end}}",
		"{{/* a }} b {{ c */}}", `{{"}}"}}`, "{{.A}}}", "100% {not .Max}",
	} {
		if msg := explain(text, "{{", "}}", true); msg != "" {
			t.Errorf("%q: %s", text, msg)
		}
	}
}

func TestCaseSlip(t *testing.T) {
	fields := []string{"Max", "User.Name"}
	for name, want := range map[string]string{"max": "Max", "MAX": "Max", "user.name": "User.Name", "Max": "", "Min": "", "Massimo": ""} {
		if got := CaseSlip(name, fields); got != want {
			t.Errorf("CaseSlip(%q) = %q, want %q", name, got, want)
		}
	}
}

// FuzzCompileExplains: with any delimiters a bundle sets (leftDelim and
// rightDelim), reading a template for slips never panics, and finds none
// in a template that compiles.
func FuzzCompileExplains(f *testing.F) {
	for _, s := range []string{"{{.Max", "{{Max}}", "{{ .Max }", "{{.Max caratteri}}", "{{/* {{ */}}", `{{"}}"`, "{{$x}}"} {
		f.Add(s, "", "")
	}
	f.Add("[[.Max]", "[[", "]]")
	f.Add("<.Max", "<", ">")
	f.Fuzz(func(t *testing.T, text, left, right string) {
		_, err := Compile(text, left, right)
		l, r := delims(left, right)
		if msg := explain(text, l, r, true); err == nil && msg != "" {
			t.Fatalf("%q (delimiters %q %q) compiles, yet explain finds a slip: %s", text, l, r, msg)
		}
	})
}
