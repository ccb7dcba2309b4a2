package envelope

import (
	"bytes"
	"encoding/json"
	"testing"
)

// envelope is errcat.Envelope, which this package cannot import.
type envelope struct {
	Message string `json:"message"`
	Code    int    `json:"code"`
	Data    any    `json:"data"`
}

// AppendString must escape as encoding/json does, so that the hand
// written bodies equal errcat.WriteError's.
func TestAppendJSONString(t *testing.T) {
	tests := []string{
		"",
		"User does not exist",
		"ユーザーが存在しません。",
		`quote " backslash \ slash /`,
		"<script>&amp;</script>",
		"tab\tnewline\nreturn\rbackspace\bformfeed\f",
		"\x00\x01\x1f\x7f",
		"line\u2028separator\u2029",
		"invalid \xff\xfe utf-8 \xe3\x81",
		"emoji 🎉 and combining é",
	}
	for b := range 256 {
		tests = append(tests, string([]byte{byte(b)}), "a"+string([]byte{byte(b)})+"z")
	}
	for _, s := range tests {
		checkJSONString(t, s)
	}
}

func checkJSONString(t *testing.T, s string) {
	t.Helper()
	want, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if got := AppendString(nil, s); !bytes.Equal(got, want) {
		t.Errorf("AppendString(%q) = %s, want %s", s, got, want)
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "a\"b", "<&>", "\u2028", "\xff", "日本語\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkJSONString(t, s) })
}

// The envelope is the struct below as encoding/json writes it, newline
// included: errcat.Envelope's fields and order.
func TestAppendEnvelope(t *testing.T) {
	for _, msg := range []string{"User does not exist", "a \"quoted\" <b>", ""} {
		var want bytes.Buffer
		json.NewEncoder(&want).Encode(envelope{Message: msg, Code: 2004})
		if got := Append(nil, msg, 2004, nil); string(got) != want.String() {
			t.Errorf("Append(%q) = %s, want %s", msg, got, want.String())
		}
		want.Reset()
		data := map[string]any{"field": "name", "max": 140}
		json.NewEncoder(&want).Encode(envelope{Message: msg, Code: 2004, Data: data})
		raw, _ := json.Marshal(data)
		if got := Append(nil, msg, 2004, raw); string(got) != want.String() {
			t.Errorf("Append(%q, data) = %s, want %s", msg, got, want.String())
		}
	}
}

// A problem is the struct below as encoding/json writes it: RFC 9457's
// members in order, the code, and data only when there is some.
func TestAppendProblem(t *testing.T) {
	type problem struct {
		Type   string `json:"type"`
		Title  string `json:"title"`
		Status int    `json:"status"`
		Detail string `json:"detail"`
		Code   int    `json:"code"`
		Data   any    `json:"data,omitempty"`
	}
	for _, data := range []any{nil, map[string]any{"field": "name"}} {
		p := Problem{Type: "urn:errcat:code:2004", Title: "Benutzer <existiert> nicht", Status: 404, Detail: "Benutzer \"x\" existiert nicht", Code: 2004}
		if data != nil {
			p.Data, _ = json.Marshal(data)
		}
		var want bytes.Buffer
		json.NewEncoder(&want).Encode(problem{p.Type, p.Title, p.Status, p.Detail, p.Code, data})
		if got := AppendProblem(nil, p); string(got) != want.String() {
			t.Errorf("AppendProblem = %s, want %s", got, want.String())
		}
	}
}
