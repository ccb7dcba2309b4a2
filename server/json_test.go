package server

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/errcat/errcat"
)

// appendJSONString must escape as encoding/json does, so that the hand
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
	c := embedded(t)
	for _, code := range c.Codes() {
		for l := range c.Locales() {
			if m := c.Message(l, code); m != nil {
				tests = append(tests, m.Other())
			}
		}
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
	if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
		t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "a\"b", "<&>", "\u2028", "\xff", "日本語\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkJSONString(t, s) })
}

// The envelope is errcat.Envelope as encoding/json writes it, newline
// included.
func TestAppendEnvelope(t *testing.T) {
	for _, msg := range []string{"User does not exist", "a \"quoted\" <b>", ""} {
		var want bytes.Buffer
		json.NewEncoder(&want).Encode(errcat.Envelope{Message: msg, Code: errcat.UserNotFound})
		if got := appendEnvelope(nil, msg, 2004); string(got) != want.String() {
			t.Errorf("appendEnvelope(%q) = %s, want %s", msg, got, want.String())
		}
	}
}

// The locales body is valid JSON however the names are spelt.
func TestAppendLocalesIsJSON(t *testing.T) {
	b := appendLocales(nil, embedded(t))
	if !json.Valid(b) || !strings.HasSuffix(string(b), "}\n") {
		t.Errorf("not JSON: %s", b)
	}
}
