package catalog

import (
	"bytes"
	"slices"
	"testing"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// TestTemplatesRenderAsGoi18n renders the same messages and data through
// errcat and through go-i18n itself: both must give the same text, whether
// errcat takes its fast path or text/template.
func TestTemplatesRenderAsGoi18n(t *testing.T) {
	type tc struct {
		src   string
		data  any
		count any
	}
	cases := []tc{
		{"at most {{.Max}} characters", map[string]any{"Max": 140}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": "140"}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": 1.5}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": 1e21}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": int64(-3)}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": uint(7)}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": true}, nil},
		{"at most {{.Max}} characters", map[string]any{"Max": []int{1, 2}}, nil},
		{"at most {{.Max}} characters", map[string]any{}, nil},
		{"at most {{.Max}} characters", nil, nil},
		{"at most {{.Max}} characters", struct{ Max int }{9}, nil},
		{"{{.A}}{{.B}}", map[string]any{"A": "x", "B": "<y>"}, nil},
		{"{{.PluralCount}} items", nil, 3},
		{"{{.PluralCount}} items", map[string]any{"N": 1}, 3},
		{"{{if .Max}}max {{.Max}}{{else}}none{{end}}", map[string]any{"Max": 2}, nil},
		{"{{.Max | printf \"%03d\"}}", map[string]any{"Max": 2}, nil},
		{"{{ .Max }} spaced", map[string]any{"Max": 2}, nil},
		{"{{\t.Max\n}} tab and newline", map[string]any{"Max": 2}, nil},
		{"a {{- .Max -}} b", map[string]any{"Max": 2}, nil},
		{"{{/* a comment */}}{{.Max}}", map[string]any{"Max": 2}, nil},
		{"{{.Max}} }} {{.Max}}", map[string]any{"Max": 2}, nil},
		{"{{.Ünï}}", map[string]any{"Ünï": "u"}, nil},
		{"{{.M.N}}", map[string]any{"M": map[string]any{"N": 5}}, nil},
		{"{{.Max}}", map[string]any{"Max": nil}, nil},
		{"{{.Max}}", map[string]int{"Max": 4}, nil},
	}
	for _, c := range cases {
		m := &Message{ID: "1", Text: [numForms]string{0: c.src}}
		if err := m.compile(); err != nil {
			t.Fatal(err)
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

func TestPlaceholders(t *testing.T) {
	m := &Message{Text: [numForms]string{0: "{{.A}} {{if .B}}{{.C.D}}{{end}} {{.A}} {{.E | printf \"%d\"}}", 2: "plain"}}
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
	_, diags := ParseBundle("x/ja.toml", language.Japanese, []byte("[\"1\"]\nother = \"{{.Max\"\n"))
	if len(diags) != 1 || diags[0].Rule != "template" || diags[0].Line != 2 || !bytes.Contains([]byte(diags[0].String()), []byte("x/ja.toml:2:9: error: code 1: other: template:")) {
		t.Fatalf("got %v", diags)
	}
}
