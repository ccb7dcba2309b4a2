package catalog

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog/diag"
	"github.com/errcat/errcat/catalog/internal/tomlfile"
)

type stringer struct{ s string }

func (s stringer) String() string { return "<" + s.s + ">" }

type panicStringer struct{ p *string }

func (s panicStringer) String() string { return *s.p }

type ptrStringer struct{ s string }

func (s *ptrStringer) String() string { return "*" + s.s }

type user struct {
	Name    string
	Age     int
	Tags    []string
	Friend  *user
	private string
}

func (u user) Greeting() string { return "hi " + u.Name }

func (u user) Fails() (string, error) { return "", errors.New("no") }

// TestTemplatesRenderAsGoi18n renders the same messages and data through
// errcat and through go-i18n itself: for every template of the safe subset,
// given data for each field it prints, both give the same text. (Where
// data is missing they differ on purpose: see TestMissingDataRule.)
func TestTemplatesRenderAsGoi18n(t *testing.T) {
	type tc struct {
		src   string
		data  any
		count any
	}
	ana := &user{Name: "Ana", Age: 30, Tags: []string{"a", "b"}}
	cases := []tc{
		{"at most {{.Max}} characters", map[string]any{"Max": 140}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": "140"}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": 1.5}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": 1e21}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": 1234567.0}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": float32(0.1)}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": int64(-3)}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": int8(-3)}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": uint(7)}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": uint8(7)}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": true}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": []int{1, 2}}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": map[string]int{"a": 1}}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": stringer{"s"}}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": &ptrStringer{"p"}}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": errors.New("an error")}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": new(42)}, nil},
		{"at most {{.Max}} characters", struct{ Max int }{9}, nil},
		{"at most {{.Max}} characters", &struct{ Max int }{9}, nil},
		{"{{.A}}{{.B}}", map[string]any{"A": "x", "B": "<y>"}, nil},
		{"{{.PluralCount}} items", nil, 3},
		{"{{.PluralCount}} items", nil, "1.50"},
		{"{{.PluralCount}} items", map[string]any{"PluralCount": 3, "N": 1}, 3},
		{"{{if .Max}}max {{.Max}}{{else}}none{{end}}", map[string]any{"Max": 2}, nil},
		{"{{if .Max}}max {{.Max}}{{else}}none{{end}}", map[string]any{"Max": 0}, nil},
		{"{{if .Max}}max {{.Max}}{{else}}none{{end}}", map[string]any{"Max": ""}, nil},
		{"{{if .Max}}max {{.Max}}{{else}}none{{end}}", map[string]any{"Max": []int{}}, nil},
		{"{{if .Max}}max {{.Max}}{{else}}none{{end}}", map[string]any{"Max": struct{}{}}, nil},
		{"{{if .Max}}max {{.Max}}{{else}}none{{end}}", map[string]any{}, nil},
		{"{{if .A}}a{{else if .B}}b {{.B}}{{else}}neither{{end}}", map[string]any{"B": "yes"}, nil},
		{"{{ .Max }} spaced", map[string]any{"Max": 2}, nil},
		{"{{\t.Max\n}} tab and newline", map[string]any{"Max": 2}, nil},
		{"a {{- .Max -}} b", map[string]any{"Max": 2}, nil},
		{"{{/* a comment */}}{{.Max}}", map[string]any{"Max": 2}, nil},
		{"{{.Max}} }} {{.Max}}", map[string]any{"Max": 2}, nil},
		{"{{.Ünï}}", map[string]any{"Ünï": "u"}, nil},
		{"{{.M.N}}", map[string]any{"M": map[string]any{"N": 5}}, nil},
		{"{{.M.N}}", map[string]any{"M": map[string]string{"N": "five"}}, nil},
		{"{{.Max}}", map[string]int{"Max": 4}, nil},
		{"{{.Name}} is {{.Age}}: {{.Tags}}", ana, nil},
		{"{{.Name}} is {{.Age}}", *ana, nil},
		{"{{.Greeting}}", *ana, nil},
		{"{{.Greeting}}", ana, nil},
		{"{{.U.Name}} and {{.U.Greeting}}", map[string]any{"U": ana}, nil},
		{"{{if .Friend}}friend{{else}}alone{{end}}", ana, nil},
	}
	for _, c := range cases {
		m := &Message{ID: "1", Text: [numForms]string{0: c.src}}
		if err := m.compile(); err != nil {
			t.Fatalf("%q: %v", c.src, err)
		}
		got, err := m.render(0, c.data, c.count)
		if err != nil {
			t.Fatalf("%q with %v: %v", c.src, c.data, err)
		}
		bundle := i18n.NewBundle(language.English)
		bundle.MustAddMessages(language.English, &i18n.Message{ID: "1", Other: c.src})
		want, err := i18n.NewLocalizer(bundle, "en").Localize(&i18n.LocalizeConfig{MessageID: "1", TemplateData: c.data, PluralCount: c.count})
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%q with %#v: errcat %q, go-i18n %q", c.src, c.data, got, want)
		}
	}
}

// TestMissingDataRule is the one rule for a field without data: it renders
// as nothing, the rest of the text as written, and the error names the
// field. go-i18n prints "<no value>" (or fails) instead; no user should
// read that.
func TestMissingDataRule(t *testing.T) {
	type withPtr struct{ U *user }
	cases := []struct {
		name, src   string
		data, count any
		want        string
		missing     []string
	}{
		{"no data at all", "at most {{.Max}} characters", nil, nil, "at most  characters", []string{"Max"}},
		{"a map without the key", "at most {{.Max}} characters", map[string]any{"Min": 1}, nil, "at most  characters", []string{"Max"}},
		{"a nil value", "at most {{.Max}} characters", map[string]any{"Max": nil}, nil, "at most  characters", []string{"Max"}},
		{"a nil pointer", "at most {{.Max}} characters", map[string]any{"Max": (*int)(nil)}, nil, "at most  characters", []string{"Max"}},
		{"partial data", "{{.Min}} to {{.Max}}", map[string]any{"Min": 1}, nil, "1 to ", []string{"Max"}},
		{"each field once", "{{.A}}{{.B}}{{.A}}", nil, nil, "", []string{"A", "B"}},
		{"a nil map on the way", "{{.M.N}}!", map[string]any{"M": map[string]any(nil)}, nil, "!", []string{"M.N"}},
		{"a field of a number", "{{.M.N}}!", map[string]any{"M": 3}, nil, "!", []string{"M.N"}},
		{"a nil pointer on the way", "{{.U.Name}}!", withPtr{}, nil, "!", []string{"U.Name"}},
		{"a struct without the field", "{{.Nope}}!", user{}, nil, "!", []string{"Nope"}},
		{"an unexported field", "{{.private}}!", user{private: "p"}, nil, "!", []string{"private"}},
		{"a method that fails", "{{.Fails}}!", user{}, nil, "!", []string{"Fails"}},
		{"a func value", "{{.F}}!", map[string]any{"F": func() {}}, nil, "!", []string{"F"}},
		{"a String method that panics", "{{.S}}!", map[string]any{"S": panicStringer{}}, nil, "!", []string{"S"}},
		{"count only", "{{.PluralCount}} files", nil, 2, "2 files", nil},
		{"count with data that lacks it", "{{.Name}}: {{.PluralCount}} files", map[string]any{"Name": "Ana"}, 2, "Ana: 2 files", nil},
		{"count with a struct that lacks it", "{{.Name}}: {{.PluralCount}} files", user{Name: "Ana"}, 2, "Ana: 2 files", nil},
		{"the data's own PluralCount wins", "{{.PluralCount}} files", map[string]any{"PluralCount": "two"}, 2, "two files", nil},
		{"no count", "{{.PluralCount}} files", nil, nil, " files", []string{"PluralCount"}},
		{"a condition on a missing field is false, not an error", "{{if .Admin}}admin{{else}}user{{end}}", nil, nil, "user", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := &Message{ID: "1", Text: [numForms]string{0: tc.src}}
			if err := m.compile(); err != nil {
				t.Fatal(err)
			}
			got, err := m.render(0, tc.data, tc.count)
			if got != tc.want {
				t.Errorf("text %q, want %q", got, tc.want)
			}
			var md *MissingDataError
			switch {
			case tc.missing == nil && err != nil:
				t.Errorf("error %v, want none", err)
			case tc.missing != nil && !errors.As(err, &md):
				t.Errorf("error %v, want a *MissingDataError", err)
			case tc.missing != nil && !slices.Equal(md.Fields, tc.missing):
				t.Errorf("missing %q, want %q", md.Fields, tc.missing)
			}
		})
	}
	md := &MissingDataError{Fields: []string{"Max", "User.Name"}}
	if got := md.Error(); got != "no data for {{.Max}}, {{.User.Name}}" {
		t.Errorf("Error() = %q", got)
	}
}

// Everything outside the safe subset is a load error at the position of the
// message's text, with the rule template-unsafe and a message that says
// what the template does.
func TestUnsafeTemplatesAreRefused(t *testing.T) {
	cases := []struct{ src, says string }{
		{"{{range 2000000}}x{{end}}", "{{range}} loops"},
		{"{{range .A}}{{range .B}}{{range .C}}x{{end}}{{end}}{{end}}", "{{range}} loops"},
		{"{{if .A}}{{range .B}}x{{end}}{{end}}", "{{range}} loops"},
		{"{{with .User}}{{.Name}}{{end}}", "{{with}}"},
		{`{{define "x"}}{{template "x"}}{{end}}{{template "x"}}`, `defines the template "x"`},
		{`{{template "x"}}`, `calls the template "x"`},
		{`{{block "b" .}}{{.Max}}{{end}}`, `template "b"`},
		{`{{define "message"}}{{.X}}{{end}}`, `defines the template "message"`},
		{`{{printf "%0999999d" 1}}`, "calls the function printf"},
		{`{{.Max | printf "%03d"}}`, "calls the function printf"},
		{"{{len .Items}}", "calls the function len"},
		{"{{index .Items 0}}", "calls the function index"},
		{"{{call .F}}", "calls the function call"},
		{"{{if and .A .B}}x{{end}}", "calls the function and"},
		{"{{if not .A}}x{{end}}", "calls the function not"},
		{"{{$x := .A}}{{$x}}", "sets the variable $x"},
		{"{{$.Max}}", "the variable $.Max"},
		{"{{.}}", "{{.}}, the whole data"},
		{`{{"{{"}}`, `prints "{{", which is not a field`},
		{"{{3}}", "prints 3, which is not a field"},
		{"{{(.A).B}}", "which is not a field"},
		{"{{.A .B}}", "which is not a field"},
		{strings.Repeat("{{.A}}", 1001), "has 1001 actions, more than the 1000"},
		{strings.Repeat("{{if .A}}", 5000) + strings.Repeat("{{end}}", 5000), "has 10000 actions"},
	}
	for _, tc := range cases {
		name := tc.src
		if len(name) > 60 {
			name = name[:60]
		}
		t.Run(name, func(t *testing.T) {
			file := "[\"1\"]\ndescription = \"d\"\nother = " + tomlfile.Quote(tc.src) + "\n"
			b, diags := ParseBundle("locales/en.toml", language.English, []byte(file))
			if len(diags) != 0 {
				t.Fatalf("the file's diagnostics %v, want none: the template is the message's flaw", diags)
			}
			// A source message cannot fall back: SourceCodes refuses it.
			codes, diags := SourceCodes(b)
			if len(diags) != 1 {
				t.Fatalf("diagnostics %v, want one", diags)
			}
			d := diags[0]
			if d.Rule != diag.RuleTemplateUnsafe || d.Severity != diag.Error || d.Line != 3 || d.Col != 9 || d.ID != "1" {
				t.Errorf("got %s [%s], want an error of rule template-unsafe at 3:9, the message's text", d, d.Rule)
			}
			if !strings.Contains(d.Message, tc.says) || !strings.HasPrefix(d.Message, "other: template: ") {
				t.Errorf("message %q does not say %q", d.Message, tc.says)
			}
			if len(codes) != 0 || IsTranslated(b.Lookup("1"), nil) {
				t.Error("the refused message counts as servable")
			}
		})
	}
}

// Each broken form is reported at its own text, with its own rule.
func TestTemplateErrorsPerForm(t *testing.T) {
	file := "[\"1\"]\none = \"{{range .X}}x{{end}}\"\nother = \"{{.Max\"\n"
	b, _ := ParseBundle("x/en.toml", language.English, []byte(file))
	diags := Flaws(b.Lookup("1"), nil)
	var got []string
	for _, d := range diags {
		got = append(got, fmt.Sprintf("%d:%d %s", d.Line, d.Col, d.Rule))
	}
	if want := []string{"2:7 template-unsafe", "3:9 template"}; !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q\n%v", got, want, diags)
	}
}

func TestSafeTemplatesLoad(t *testing.T) {
	for _, src := range []string{
		"at most {{.Max}} characters",
		"{{ .User.Name }}",
		"{{if .Admin}}admin{{else if .Guest}}guest{{else}}user{{end}}",
		"{{- .A -}} {{/* note */}}",
		"{{.PluralCount}}",
	} {
		m := &Message{ID: "1", Text: [numForms]string{0: src}}
		if err := m.compile(); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}

// A template's output is bounded: a text over MaxText is cut at a
// character boundary and the error says so, while the caller still gets
// the text.
func TestRenderIsBounded(t *testing.T) {
	m := &Message{ID: "1", Text: [numForms]string{0: "{{.A}}{{.A}}{{.A}} and the end"}}
	if err := m.compile(); err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("é", 15000) // 30,000 bytes
	got, err := m.render(0, map[string]any{"A": big}, nil)
	if !errors.Is(err, ErrTextTooLong) {
		t.Fatalf("error %v, want ErrTextTooLong", err)
	}
	if len(got) > MaxText || len(got) < MaxText-utf8.UTFMax || !utf8.ValidString(got) || !strings.HasPrefix(got, big+big) {
		t.Fatalf("text of %d bytes (valid UTF-8: %v), want the first %d bytes cut at a character", len(got), utf8.ValidString(got), MaxText)
	}
	got, err = m.render(0, map[string]any{"A": "x"}, nil)
	if err != nil || got != "xxx and the end" {
		t.Fatalf("got %q, %v", got, err)
	}
}

func TestPlaceholders(t *testing.T) {
	m := &Message{Text: [numForms]string{0: "{{.A}} {{if .B}}{{.C.D}}{{end}} {{.A}} {{.E}}", 2: "plain"}}
	if err := m.compile(); err != nil {
		t.Fatal(err)
	}
	// Nested fields by their whole path, as lint reports them: one walker.
	if got := m.Placeholders(0); !slices.Equal(got, []string{"A", "B", "C.D", "E"}) {
		t.Fatalf("got %v", got)
	}
	if got := m.Placeholders(2); got != nil {
		t.Fatalf("plain text has placeholders %v", got)
	}
}

func TestTemplateSyntaxErrorIsReported(t *testing.T) {
	b, _ := ParseBundle("x/ja.toml", language.Japanese, []byte("[\"1\"]\nother = \"{{.Max\"\n"))
	diags := Flaws(b.Lookup("1"), nil)
	if len(diags) != 1 || diags[0].Rule != "template" || diags[0].Line != 2 || !strings.Contains(diags[0].String(), "x/ja.toml:2:9: error: code 1: other: template:") {
		t.Fatalf("got %v", diags)
	}
	if strings.Contains(diags[0].Message, "message:1") {
		t.Fatalf("the message names the anonymous template: %s", diags[0].Message)
	}
}

// Case variants of one key are one key to go-i18n, which keeps whichever
// its map's order gives last: errcat refuses the table, naming both.
func TestDuplicateKeysInTwoCases(t *testing.T) {
	file := "[\"1\"]\nother = \"first\"\nOther = \"second\"\n\n[\"2\"]\nhash = \"sha1-a\"\nHASH = \"sha1-b\"\nother = \"x\"\n\n[\"3\"]\nother = \"fine\"\n"
	b, diags := ParseBundle("locales/ja.toml", language.Japanese, []byte(file))
	var got []string
	for _, d := range diags {
		got = append(got, d.String()+" ["+d.Rule+"]")
	}
	want := []string{
		`locales/ja.toml:3:1: error: code 1: key "Other" repeats "other" of line 2:1: go-i18n reads keys without regard to case, so they are one key; keep one [duplicate-key]`,
		`locales/ja.toml:7:1: error: code 2: key "HASH" repeats "hash" of line 6:1: go-i18n reads keys without regard to case, so they are one key; keep one [duplicate-key]`,
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if b.Lookup("1") != nil || b.Lookup("2") != nil || b.Lookup("3") == nil {
		t.Fatal("a table with a duplicate key loaded, or a good one did not")
	}
}
