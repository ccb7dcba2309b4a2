package tmpl

import (
	"strings"
	"testing"
)

func TestFields(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"plain text has none", "User does not exist", nil},
		{"one field", "at most {{.Max}} characters", []string{"Max"}},
		{"fields in order, each once", "{{.Min}}-{{.Max}} ({{.Min}})", []string{"Min", "Max"}},
		{"nested field", "{{.User.Name}}", []string{"User.Name"}},
		{"in a condition and its branches", "{{if .Admin}}{{.Name}}{{else}}{{.Guest}}{{end}}", []string{"Admin", "Name", "Guest"}},
		{"else if", "{{if .A}}{{else if .B}}{{.C}}{{end}}", []string{"A", "B", "C"}},
		{"a template outside the safe subset has none", "{{.Count | printf \"%d\"}}", nil},
		{"a loop has none", "{{range .Items}}{{$.Sep}}{{end}}", nil},
		{"text that only looks like an action", "100% {not .Max}", nil},
		{"a broken template has none", "{{.Max", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Fields(tt.text, "", "")
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("Fields(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}
