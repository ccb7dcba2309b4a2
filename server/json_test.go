package server

import (
	"encoding/json"
	"strings"
	"testing"
)

// The locales body is valid JSON however the names are spelt.
func TestAppendLocalesIsJSON(t *testing.T) {
	b := appendLocales(nil, embedded(t))
	if !json.Valid(b) || !strings.HasSuffix(string(b), "}\n") {
		t.Errorf("not JSON: %s", b)
	}
}
