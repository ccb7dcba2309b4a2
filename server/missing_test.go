package server

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/errcat/errcat/catalog"
)

// GET /v1/errors/{code} has no template data: a templated message answers
// with its text, the field without data rendered as nothing, by the
// catalog's one rule; never the template's source, never "<no value>". The
// list answers the same texts.
func TestMissingTemplateData(t *testing.T) {
	c, err := catalog.LoadDir("../testdata/templated")
	if err != nil {
		t.Fatal(err)
	}
	_, ts := start(t, Config{Catalog: c})
	for _, tc := range []struct{ path, want string }{
		{"/v1/errors/4001", "Must be at most  characters"},
		{"/v1/errors/4001?lang=ja", "文字以内で入力してください。"},
		{"/v1/errors/4002?lang=ru", "У вас  непрочитанного сообщения."},
		{"/v1/errors/4005", "Use  instead of {{.Param}}"},
	} {
		r := do(t, ts, "GET", tc.path)
		if r.status != 200 {
			t.Fatalf("GET %s: %d", tc.path, r.status)
		}
		if got := messageOf(r.body); got != tc.want {
			t.Errorf("GET %s: %q, want %q", tc.path, got, tc.want)
		}
	}
	r := do(t, ts, "GET", "/v1/errors?lang=ja")
	var list listBody
	if err := json.Unmarshal(r.body, &list); err != nil {
		t.Fatal(err)
	}
	for _, m := range list.Messages {
		// 4005's delimiters are << and >>: its {{.Param}} is text.
		if m.Code != 4005 && strings.Contains(m.Message, "{{.") || strings.Contains(m.Message, "<no value>") {
			t.Errorf("the list's %d: %q", m.Code, m.Message)
		}
		if m.Code == 4001 && m.Message != "文字以内で入力してください。" {
			t.Errorf("the list's 4001: %q", m.Message)
		}
	}
}
