package main

import (
	"encoding/json"
	"regexp"
	"strconv"
	"testing"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/locales"
)

// shippedText returns the text of code in the shipped bundle of locale.
// Tests that check what errcat serves expect what the bundles say, looked up
// here, rather than a copy of it: a translator may improve a text, and the
// English may change, without failing them.
func shippedText(t testing.TB, locale string, code int) string {
	t.Helper()
	c, err := catalog.Load(locales.FS, "locales")
	if err != nil {
		t.Fatal(err)
	}
	m := c.Message(c.LocaleIndex(locale), code)
	if m == nil {
		t.Fatalf("bad test: the shipped %s has no text for %d", locale, code)
	}
	return m.Other()
}

// jsonString is s as a JSON string, quotes included, as an envelope has it.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// withText returns bundle, the text of a TOML bundle, with the other of
// entry code set to text, whatever it was; ok is false when the bundle has
// no such entry.
func withText(bundle, code, text string) (out string, ok bool) {
	re := regexp.MustCompile(`(?m)^(\["` + regexp.QuoteMeta(code) + `"\]\n(?:[a-z]+ = .*\n)*?other = ).*$`)
	m := re.FindStringSubmatchIndex(bundle)
	if m == nil {
		return bundle, false
	}
	return bundle[:m[0]] + bundle[m[2]:m[3]] + strconv.Quote(text) + bundle[m[1]:], true
}
