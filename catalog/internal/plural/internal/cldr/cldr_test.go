package cldr

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

func TestParseRule(t *testing.T) {
	r, err := ParseRule("few", "v = 0 and i % 10 = 2..4 and i % 100 != 12..14 or f % 10 = 2..4 @integer 2~4, 22~24, … @decimal 0.2~0.4, 1.2c3")
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("%v | %v | %v", r.Condition, r.Integer, r.Decimal)
	want := "[[{118 0 false [{0 0}]} {105 10 false [{2 4}]} {105 100 true [{12 14}]}] [{102 10 false [{2 4}]}]] | {[{2 4} {22 24}] true} | {[{0.2 0.4} {1.2c3 1.2c3}] false}"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if r.Source != "v = 0 and i % 10 = 2..4 and i % 100 != 12..14 or f % 10 = 2..4" {
		t.Errorf("Source = %q", r.Source)
	}
}

func TestParseRuleErrors(t *testing.T) {
	tests := []struct {
		cat, text string
		offset    int
		msg       string
	}{
		{"one", "x = 1", 0, "expected an operand"},
		{"one", "n == 1", 3, "expected a number"},
		{"one", "n = 1 and", 9, "expected an operand"},
		{"one", "n in 1", 2, `expected "=" or "!="`},
		{"one", "n = 3..1", 8, "empty range 3..1"},
		{"one", "n % 0 = 1", 5, "modulus 0"},
		{"one", "n = 1 n = 2", 6, `unexpected "n = 2"`},
		{"one", "in = 1", 0, "expected an operand"},
		{"other", "n = 1", 0, `"other" must have no condition`},
		{"one", " @integer 1", 0, `"one" needs a condition`},
		{"one", "n = 1 @integer 1~", 6, `bad sample "1~"`},
		{"one", "n = 1 @integer …, 1", 6, `"…" before the end`},
		{"one", "n = 1 @float 1", 6, "expected @integer or @decimal"},
	}
	for _, tc := range tests {
		_, err := ParseRule(tc.cat, tc.text)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("ParseRule(%q) = %v, want a *SyntaxError", tc.text, err)
			continue
		}
		if se.Offset != tc.offset || !strings.Contains(se.Msg, tc.msg) {
			t.Errorf("ParseRule(%q) = offset %d %q, want offset %d %q", tc.text, se.Offset, se.Msg, tc.offset, tc.msg)
		}
	}
	if _, err := ParseRule("several", "n = 1"); err == nil {
		t.Error("ParseRule accepted category several")
	}
}

func TestSampleValues(t *testing.T) {
	tests := []struct {
		s     Sample
		limit int
		want  string
	}{
		{Sample{"5", "5"}, 10, "[5]"},
		{Sample{"2", "4"}, 10, "[2 3 4]"},
		{Sample{"0.0", "0.4"}, 10, "[0.0 0.1 0.2 0.3 0.4]"},
		{Sample{"0.98", "1.02"}, 10, "[0.98 0.99 1.00 1.01 1.02]"},
		{Sample{"0", "1000"}, 5, "[0 250 500 750 1000]"},
	}
	for _, tc := range tests {
		got, err := tc.s.Values(tc.limit)
		if err != nil || fmt.Sprint(got) != tc.want {
			t.Errorf("%v.Values(%d) = %v, %v; want %s", tc.s, tc.limit, got, err, tc.want)
		}
	}
	for _, bad := range []Sample{{"1.0", "2"}, {"1c3", "2c3"}, {"4", "2"}} {
		if _, err := bad.Values(10); err == nil {
			t.Errorf("%v.Values accepted", bad)
		}
	}
}

func TestGettextOf(t *testing.T) {
	rules := func(texts ...string) []Rule {
		var rs []Rule
		for _, x := range texts {
			cat, text, _ := strings.Cut(x, ":")
			r, err := ParseRule(cat, text)
			if err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r)
		}
		return rs
	}
	g, err := GettextOf(rules("one:i = 1 and v = 0 @integer 1", "other: @integer 0, 2~16 @decimal 0.0~1.5"))
	if err != nil || g.Expr != "(n == 1) ? 0 : 1" || fmt.Sprint(g.Categories) != "[one other]" {
		t.Errorf("en: %+v, %v", g, err)
	}
	// A category with integer samples whose condition no integer meets is
	// a contradiction in the data, and so is the reverse.
	if _, err := GettextOf(rules("one:v = 1 @integer 1", "other: @integer 0")); err == nil {
		t.Error("accepted @integer samples for a decimal-only condition")
	}
	if _, err := GettextOf(rules("one:n = 1 @decimal 1.0", "other: @integer 0")); err == nil {
		t.Error("accepted a condition integers meet without @integer samples")
	}
}

func TestLoadErrors(t *testing.T) {
	good := fstest.MapFS{
		"VERSION":            {Data: []byte("cldr-core 0.0.0\n")},
		"plurals.json":       {Data: []byte(`{"supplemental":{"version":{"_cldrVersion":"1"},"plurals-type-cardinal":{"und":{"pluralRule-count-other":" @integer 0"}}}}`)},
		"ordinals.json":      {Data: []byte(`{"supplemental":{"version":{"_cldrVersion":"1"},"plurals-type-ordinal":{"und":{"pluralRule-count-other":" @integer 0"}}}}`)},
		"parentLocales.json": {Data: []byte(`{"supplemental":{"parentLocales":{"parentLocale":{"pt-AO":"pt-PT"}}}}`)},
	}
	if _, err := Load(good); err != nil {
		t.Fatalf("Load: %v", err)
	}
	tests := []struct {
		file, data, want string
	}{
		{"VERSION", "\n", "empty first line"},
		{"plurals.json", `{"supplemental":{"version":{"_cldrVersion":"2"},"plurals-type-cardinal":{}}}`, "CLDR 2 but ordinals.json is CLDR 1"},
		{"plurals.json", `{"supplemental":{"version":{"_cldrVersion":"1"},"plurals-type-cardinal":{"en":{"pluralRule-count-one":"n = 1"}}}}`, `en: no rule for "other"`},
		{"plurals.json", `{"supplemental":{"version":{"_cldrVersion":"1"},"plurals-type-cardinal":{"en":{"count-one":"n = 1"}}}}`, `unexpected key "count-one"`},
		{"plurals.json", `{"supplemental":{"version":{"_cldrVersion":"1"},"plurals-type-cardinal":{"e n":{}}}}`, `bad locale id "e n"`},
		{"ordinals.json", `{}`, "no supplemental.version"},
		{"parentLocales.json", `{"supplemental":{}}`, "no supplemental.parentLocales.parentLocale"},
	}
	for _, tc := range tests {
		fsys := fstest.MapFS{}
		for k, v := range good {
			fsys[k] = v
		}
		fsys[tc.file] = &fstest.MapFile{Data: []byte(tc.data)}
		_, err := Load(fsys)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %s: Load error %v, want %q", tc.file, tc.data, err, tc.want)
		}
	}
}

// TestGenerateRejectsUnsafeModulus pins the check that makes reducing
// operands modulo 10^18 safe: a modulus that does not divide 10^18, or a
// constant not below it, must stop the generator.
func TestGenerateRejectsUnsafeModulus(t *testing.T) {
	for _, rule := range []string{"i % 7 = 1 @integer 1", "n = 1000000000000000000 @integer 1000000000000000000"} {
		one, err := ParseRule("one", rule)
		if err != nil {
			t.Fatal(err)
		}
		other, _ := ParseRule("other", " @integer 0")
		root := []Rule{other}
		d := &Data{
			Package:  "test",
			CLDR:     "0",
			Cardinal: map[string][]Rule{"und": root, "xx": {one, other}},
			Ordinal:  map[string][]Rule{"und": root},
		}
		if _, err := Generate(d); err == nil || !strings.Contains(err.Error(), "10^18") {
			t.Errorf("Generate with %q: %v, want an error about 10^18", rule, err)
		}
	}
}
