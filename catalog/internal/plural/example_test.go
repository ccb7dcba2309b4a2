package plural_test

import (
	"fmt"

	"golang.org/x/text/language"

	"github.com/errcat/errcat/catalog/internal/plural"
)

func ExampleCardinal() {
	for _, n := range []string{"0", "1", "1.0", "2", "1000000"} {
		ops, err := plural.ParseOperands(n)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-8s en %-5v fr %v\n", n, plural.Cardinal(language.English, ops), plural.Cardinal(language.French, ops))
	}
	// Output:
	// 0        en other fr one
	// 1        en one   fr one
	// 1.0      en other fr one
	// 2        en other fr other
	// 1000000  en other fr many
}

// A catalog resolves a locale once and keeps its Rules.
func ExampleFor() {
	ru := plural.For(language.Russian)
	fmt.Println(ru.CardinalForms())
	for _, n := range []int{1, 2, 5, 11, 21, 22, 25} {
		ops, _ := plural.NewOperands(n)
		fmt.Print(n, ":", ru.Cardinal(ops), " ")
	}
	fmt.Println()
	// Output:
	// [one few many other]
	// 1:one 2:few 5:many 11:many 21:one 22:few 25:many
}

func ExampleOrdinal() {
	for _, n := range []int{1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101} {
		ops, _ := plural.NewOperands(n)
		fmt.Print(n, ":", plural.Ordinal(language.English, ops), " ")
	}
	fmt.Println()
	// Output: 1:one 2:two 3:few 4:other 11:other 12:other 13:other 21:one 22:two 23:few 101:one
}

// The operands are the number as shown, so a float loses the trailing zero
// that the string keeps.
func ExampleNewOperands() {
	f, _ := plural.NewOperands(1.0)
	s, _ := plural.NewOperands("1.0")
	fmt.Println(f, plural.Cardinal(language.English, f))
	fmt.Println(s, plural.Cardinal(language.English, s))
	// Output:
	// i=1 v=0 w=0 f=0 t=0 e=0 one
	// i=1 v=1 w=0 f=0 t=0 e=0 other
}

// CLDR's compact exponent: "1.2c6" is 1.2 million shown as "1,2 M".
func ExampleParseOperands() {
	ops, err := plural.ParseOperands("1.2c6")
	fmt.Println(ops, err, plural.Cardinal(language.French, ops))
	_, err = plural.ParseOperands("1,5")
	fmt.Println(err)
	// Output:
	// i=1200000 v=0 w=0 f=0 t=0 e=6 <nil> many
	// plural: number "1,5": offset 1: unexpected ","
}

func ExampleGettextHeader() {
	for _, tag := range []string{"en", "fr", "ru", "ja"} {
		n, expr, forms := plural.GettextHeader(language.MustParse(tag))
		fmt.Printf("%s: nplurals=%d; plural=%s; %v\n", tag, n, expr, forms)
	}
	// Output:
	// en: nplurals=2; plural=(n == 1) ? 0 : 1; [one other]
	// fr: nplurals=3; plural=(n == 0 || n == 1) ? 0 : (n != 0 && n % 1000000 == 0) ? 1 : 2; [one many other]
	// ru: nplurals=3; plural=(n % 10 == 1 && n % 100 != 11) ? 0 : (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14)) ? 1 : 2; [one few many]
	// ja: nplurals=1; plural=0; [other]
}
