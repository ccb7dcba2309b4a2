package plural_test

import (
	"fmt"
	"testing"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog/internal/plural"
)

func mustOps(t testing.TB, s string) plural.Operands {
	t.Helper()
	ops, err := plural.ParseOperands(s)
	if err != nil {
		t.Fatal(err)
	}
	return ops
}

// TestLookup checks which CLDR rule set a tag gets, by numbers whose
// category tells the candidates apart.
func TestLookup(t *testing.T) {
	tests := []struct {
		name  string
		tag   language.Tag
		num   string
		want  plural.Form
		forms string
	}{
		{"pt-BR falls to pt: 0 is one", language.MustParse("pt-BR"), "0", plural.One, "[one many other]"},
		{"pt has 0 as one", language.MustParse("pt"), "0", plural.One, "[one many other]"},
		{"pt-PT has its own rules: 0 is other", language.MustParse("pt-PT"), "0", plural.Other, "[one many other]"},
		{"pt-PT 1.5 is other", language.MustParse("pt-PT"), "1.5", plural.Other, "[one many other]"},
		{"pt-BR 1.5 is one", language.MustParse("pt-BR"), "1.5", plural.One, "[one many other]"},
		{"pt-AO's CLDR parent is pt-PT", language.MustParse("pt-AO"), "0", plural.Other, "[one many other]"},
		{"pt-MZ's CLDR parent is pt-PT", language.MustParse("pt-MZ"), "0", plural.Other, "[one many other]"},
		{"pt-Latn-PT drops the script", language.MustParse("pt-Latn-PT"), "0", plural.Other, "[one many other]"},
		{"pt-Latn-AO drops the script, then the parent", language.MustParse("pt-Latn-AO"), "0", plural.Other, "[one many other]"},
		{"pt-US (no CLDR parent) falls to pt", language.MustParse("pt-US"), "0", plural.One, "[one many other]"},
		{"zh-Hant falls to zh", language.MustParse("zh-Hant"), "1", plural.Other, "[other]"},
		{"zh-Hant-TW falls to zh", language.MustParse("zh-Hant-TW"), "1", plural.Other, "[other]"},
		{"sr-Latn falls to sr, not CLDR's root parent", language.MustParse("sr-Latn"), "2", plural.Few, "[one few other]"},
		{"sr-Latn-ME falls to sr", language.MustParse("sr-Latn-ME"), "21", plural.One, "[one few other]"},
		{"sh, canonicalized to sr-Latn", language.MustParse("sh"), "2", plural.Few, "[one few other]"},
		{"sh as written", language.Raw.MustParse("sh"), "2", plural.Few, "[one few other]"},
		{"iw, canonicalized to he", language.MustParse("iw"), "2", plural.Two, "[one two other]"},
		{"en-US falls to en", language.AmericanEnglish, "1", plural.One, "[one other]"},
		{"en-GB-oxendict: variants are ignored", language.MustParse("en-GB-oxendict"), "1", plural.One, "[one other]"},
		{"en-u-nu-arab: extensions are ignored", language.MustParse("en-u-nu-arab"), "1", plural.One, "[one other]"},
		{"ru-Cyrl-RU falls to ru", language.MustParse("ru-Cyrl-RU"), "11", plural.Many, "[one few many other]"},
		{"kok-Latn has its own entry", language.MustParse("kok-Latn-IN"), "1", plural.One, "[one other]"},
		{"und is root", language.Und, "1", plural.Other, "[other]"},
		{"private use x-foo is root", language.MustParse("x-foo"), "1", plural.Other, "[other]"},
		{"unknown qaa is root", language.MustParse("qaa"), "1", plural.Other, "[other]"},
		{"unknown qaa-Latn-US is root", language.MustParse("qaa-Latn-US"), "1", plural.Other, "[other]"},
		{"zero Tag is root", language.Tag{}, "1", plural.Other, "[other]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := plural.Cardinal(tc.tag, mustOps(t, tc.num)); got != tc.want {
				t.Errorf("Cardinal(%v, %s) = %v, want %v", tc.tag, tc.num, got, tc.want)
			}
			if got := fmt.Sprint(plural.CardinalForms(tc.tag)); got != tc.forms {
				t.Errorf("CardinalForms(%v) = %s, want %s", tc.tag, got, tc.forms)
			}
		})
	}
}

// TestOrdinalLookup checks that cardinal and ordinal data are looked up
// apart: pt-PT has cardinal rules of its own but takes pt's ordinals, and a
// language with cardinal rules only has root's ordinals.
func TestOrdinalLookup(t *testing.T) {
	tests := []struct {
		name  string
		tag   language.Tag
		num   string
		want  plural.Form
		forms string
	}{
		{"en 1st", language.English, "1", plural.One, "[one two few other]"},
		{"en 2nd", language.English, "2", plural.Two, "[one two few other]"},
		{"en 3rd", language.English, "3", plural.Few, "[one two few other]"},
		{"en 11th", language.English, "11", plural.Other, "[one two few other]"},
		{"en 10000001st", language.English, "10000001", plural.One, "[one two few other]"},
		{"en 10000011th", language.English, "10000011", plural.Other, "[one two few other]"},
		{"en-AU falls to en: 22nd", language.MustParse("en-AU"), "22", plural.Two, "[one two few other]"},
		{"fr 1er", language.French, "1", plural.One, "[one other]"},
		{"pt-PT takes pt's ordinals", language.MustParse("pt-PT"), "1", plural.Other, "[other]"},
		{"br has no ordinal data: root", language.MustParse("br"), "1", plural.Other, "[other]"},
		{"it 8 is many (l'8°)", language.Italian, "8", plural.Many, "[many other]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := plural.Ordinal(tc.tag, mustOps(t, tc.num)); got != tc.want {
				t.Errorf("Ordinal(%v, %s) = %v, want %v", tc.tag, tc.num, got, tc.want)
			}
			if got := fmt.Sprint(plural.OrdinalForms(tc.tag)); got != tc.forms {
				t.Errorf("OrdinalForms(%v) = %s, want %s", tc.tag, got, tc.forms)
			}
		})
	}
}

// TestCanonicalTags checks that a CLDR locale id gets the same rules as
// written and as x/text canonicalizes it (mo to ro-MD, tl to fil, jw to jv,
// sh to sr-Latn, no as no), since callers hold canonical tags.
func TestCanonicalTags(t *testing.T) {
	d := loadData(t)
	for _, kind := range kinds {
		for loc := range kind.rules(d) {
			raw := plural.For(language.Raw.MustParse(loc))
			canon := plural.For(language.MustParse(loc))
			if raw != canon {
				t.Errorf("%s %s: rules as written differ from those of %v", kind.name, loc, language.MustParse(loc))
			}
		}
	}
}

func TestFormsAreTheCallers(t *testing.T) {
	f := plural.CardinalForms(language.Russian)
	f[0] = plural.Zero
	if got := plural.CardinalForms(language.Russian)[0]; got != plural.One {
		t.Errorf("CardinalForms shares its slice: first form now %v", got)
	}
}

func TestForm(t *testing.T) {
	for f := plural.Other; f <= plural.Many; f++ {
		g, ok := plural.ParseForm(f.String())
		if !ok || g != f {
			t.Errorf("ParseForm(%q) = %v, %v", f.String(), g, ok)
		}
	}
	if got := plural.Form(9).String(); got != "Form(9)" {
		t.Errorf("Form(9) = %s", got)
	}
	for _, bad := range []string{"", "One", "ONE", "others", "Form(9)"} {
		if _, ok := plural.ParseForm(bad); ok {
			t.Errorf("ParseForm(%q) ok", bad)
		}
	}
	var zero plural.Form
	if zero != plural.Other {
		t.Error("the zero Form is not Other")
	}
	var r plural.Rules
	if got := fmt.Sprint(r.CardinalForms(), r.OrdinalForms()); got != "[other] [other]" {
		t.Errorf("zero Rules forms = %s, want root's", got)
	}
}

// TestConcurrentLookups races the first lookups of tags no other test
// uses, which fill For's cache; run with -race.
func TestConcurrentLookups(t *testing.T) {
	tags := []language.Tag{language.MustParse("pt-GW"), language.MustParse("fr-SN"), language.MustParse("sr-Latn-BA"), language.MustParse("ar-MA")}
	const workers = 8
	results := make(chan []string, workers)
	for range workers {
		go func() {
			var r []string
			for _, tag := range tags {
				r = append(r, fmt.Sprint(plural.CardinalForms(tag), plural.OrdinalForms(tag)))
			}
			results <- r
		}()
	}
	want := fmt.Sprint([]string{"[one many other] [other]", "[one many other] [one other]", "[one few other] [other]", "[zero one two few many other] [other]"})
	for range workers {
		if got := fmt.Sprint(<-results); got != want {
			t.Errorf("forms = %s, want %s", got, want)
		}
	}
}
