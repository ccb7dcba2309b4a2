package plural

import "strconv"

// A Form is a CLDR plural category.
//
// Other is the zero value on purpose: every locale has it, it is the answer
// when no other rule holds, and a Form nobody set is then still a valid
// category to look a message up by. The rest follow in CLDR's order. The
// constants' numeric order is not CLDR's order (CLDR puts other last); use
// CardinalForms for a locale's categories in CLDR order.
type Form uint8

// The plural categories. Zero, One and Two are names, not numbers: English
// 0 is Other, and Russian 21 is One.
const (
	Other Form = iota
	Zero
	One
	Two
	Few
	Many
)

var formNames = [...]string{
	Other: "other",
	Zero:  "zero",
	One:   "one",
	Two:   "two",
	Few:   "few",
	Many:  "many",
}

// String returns CLDR's name for the category: "other", "zero", "one",
// "two", "few" or "many".
func (f Form) String() string {
	if int(f) < len(formNames) {
		return formNames[f]
	}
	return "Form(" + strconv.Itoa(int(f)) + ")"
}

// ParseForm returns the category CLDR names s, as String writes it.
func ParseForm(s string) (Form, bool) {
	for f, name := range formNames {
		if s == name {
			return Form(f), true
		}
	}
	return Other, false
}
