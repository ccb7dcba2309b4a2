package plural_test

import (
	"fmt"
	"slices"
	"testing"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog/internal/plural"
	"github.com/errcat/errcat/catalog/internal/plural/internal/cldr"
)

// sampleLimit is how many values of a sample range "a~b" are tried: all of
// them when the range is no longer, else both ends and values between.
const sampleLimit = 40

// kinds pairs each CLDR rule type with the function that answers it.
var kinds = []struct {
	name  string
	rules func(*cldr.Data) map[string][]cldr.Rule
	match func(plural.Rules, plural.Operands) plural.Form
}{
	{"cardinal", func(d *cldr.Data) map[string][]cldr.Rule { return d.Cardinal }, plural.Rules.Cardinal},
	{"ordinal", func(d *cldr.Data) map[string][]cldr.Rule { return d.Ordinal }, plural.Rules.Ordinal},
}

// TestEveryCLDRSample classifies every @integer and @decimal sample of every
// locale, cardinal and ordinal, through the public lookup by the locale's
// own tag, and checks it lands in the category CLDR lists it under. The same
// sample is also held against the exact evaluator in internal/cldr, which
// checks that oracle before other tests lean on it.
func TestEveryCLDRSample(t *testing.T) {
	d := loadData(t)
	total := 0
	for _, kind := range kinds {
		data := kind.rules(d)
		for _, loc := range slices.Sorted(keys(data)) {
			rules := plural.For(language.Raw.MustParse(loc))
			for _, r := range data[loc] {
				want, ok := plural.ParseForm(r.Category)
				if !ok {
					t.Fatalf("%s %s: category %q", kind.name, loc, r.Category)
				}
				for _, s := range [...]cldr.Samples{r.Integer, r.Decimal} {
					for _, item := range s.Items {
						values, err := item.Values(sampleLimit)
						if err != nil {
							t.Fatalf("%s %s %s: %v", kind.name, loc, r.Category, err)
						}
						for _, v := range values {
							total++
							ops, err := plural.ParseOperands(v)
							if err != nil {
								t.Errorf("%s %s: ParseOperands(%q): %v", kind.name, loc, v, err)
								continue
							}
							if got := kind.match(rules, ops); got != want {
								t.Errorf("%s %s %s = %v, CLDR sample says %v", kind.name, loc, v, got, want)
							}
							x, err := cldr.ParseExact(v)
							if err != nil {
								t.Fatalf("ParseExact(%q): %v", v, err)
							}
							if got := cldr.Classify(data[loc], x); got != r.Category {
								t.Errorf("oracle: %s %s %s = %s, CLDR sample says %s", kind.name, loc, v, got, r.Category)
							}
						}
					}
				}
			}
			// The forms the lookup reports are the categories CLDR lists.
			var forms []plural.Form
			if kind.name == "cardinal" {
				forms = rules.CardinalForms()
			} else {
				forms = rules.OrdinalForms()
			}
			var cats []string
			for _, r := range data[loc] {
				cats = append(cats, r.Category)
			}
			if fmt.Sprint(forms) != fmt.Sprint(cats) {
				t.Errorf("%s %s forms = %v, CLDR lists %v", kind.name, loc, forms, cats)
			}
		}
	}
	t.Logf("%d sample values", total)
}

func keys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
