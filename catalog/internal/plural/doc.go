// Package plural picks the CLDR plural category of a number in a locale:
// whether an API error says "1 file", "2 files" or, in Russian, "5 файлов".
//
// The rules are CLDR 48's, generated from the cldr-core npm package's JSON
// (testdata/cldr, refreshed by update.sh). errcat used to take them from
// golang.org/x/text/feature/plural, whose data is CLDR 32, and to pass it
// operands modulo 10^7, as MatchPlural's documentation allows: so French,
// Spanish and Portuguese never reached Many, English 10000001 was One,
// French 20000000 One and Arabic 10000000 Zero. Here all four are right.
//
// # The model
//
// A number becomes Operands, CLDR's view of it: integer digits, visible
// fraction digits, and a compact exponent. A locale's Rules map Operands to
// a Form, one of Zero, One, Two, Few, Many and Other:
//
//	ops, err := plural.ParseOperands("1.5")
//	form := plural.Cardinal(language.French, ops) // One: "1,5 fichier"
//
// Cardinal is for counts ("3 files"), Ordinal for ranks ("3rd file").
// CardinalForms lists the forms a locale uses, which is what a catalog must
// hold a message for. For(tag) looks the locale up once and returns Rules
// to keep; Cardinal(tag, ops) looks it up on every call.
//
// # Traps
//
// The operands are the number as shown, not its value. English "1" is One
// but "1.0" is Other; NewOperands(1.0) gives "1", since a float keeps no
// trailing zeros. Format the number the way the message will print it and
// pass that string.
//
// Forms are names, not numbers. Zero is not the number 0 (English 0 is
// Other; only a few languages, such as Arabic and Latvian, have Zero), and
// One is not only 1 (Russian 21 is One, French 0 and 1.5 are One).
//
// An exponent is CLDR's compact one: "1.2c6" is 1.2 million written
// compactly ("1,2 M"), which French calls Many. "1e6" is read the same way;
// to mean the plain number, write "1000000" (also Many in French, as an
// exact million).
//
// Negative numbers take the rules of their absolute value. Input is bounded:
// a string over 1000 bytes, or an exponent over 1000, is an error, so a
// hostile value costs microseconds.
//
// # Locales
//
// A tag is matched by its language with its script and region, with its
// region, with its script, then alone; CLDR's parent locales are followed
// where they reach rules of their own, which matters for Portuguese only:
// pt and pt-BR share rules (0 is One), pt-PT has its own (0 is Other), and
// pt-AO, pt-MZ and the other places CLDR puts under pt-PT follow pt-PT.
// A script never changes the rules (sr-Latn is sr, zh-Hant is zh).
// A language CLDR has no rules for, und, and private-use tags get root's
// rules: Other for every number. Cardinal and ordinal data are separate:
// pt-PT takes pt's ordinals, and a language with cardinal rules only has
// root's ordinals.
//
// # gettext
//
// GettextHeader rewrites a locale's cardinal rules as a gettext
// Plural-Forms header, for exporting catalogs to PO files. gettext only
// asks about integers, so categories only decimals reach get no msgstr
// index: Russian has nplurals=3 (one, few, many), not 4. The forms it
// returns tell which category each msgstr[] index holds.
package plural
