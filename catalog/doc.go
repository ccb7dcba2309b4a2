// Package catalog is errcat's runtime: it loads a folder of message bundles
// into an immutable Catalog and picks, for each caller, the text of an error
// code in the best language the catalog has.
//
// # Bundles
//
// A catalog is a folder of go-i18n TOML message files, one per locale,
// named by its BCP 47 tag (en.toml, zh-Hant.toml). Each message is a table
// named by its numeric error code:
//
//	["2004"]
//	hash = "sha1-…"
//	other = "ユーザーが存在しません。"
//
// The source bundle defines which codes exist; every other bundle
// translates some or all of them. Beside the bundles, a facts file
// (FactsFile, codes.toml) says what is the same in every language: which
// locale is the source (English unless it says otherwise), each code's Go
// name and HTTP status (Catalog.Fact), and the code that answers an error
// outside the catalog (Catalog.Fallback, Localizer.Unknown).
//
// OpenFolder lists a folder without reading it, so that a tool can read
// only the bundles its job needs; Load reads them all and returns a whole
// Catalog or a *LoadError listing every problem with its file, line and
// column. Diagnostics turns any load error into those lines.
//
// # What counts as translated
//
// A file that is not TOML, a broken table or a source message that cannot
// be served stops the load. A translation that would merely render wrong
// does not: a placeholder the source does not have ({{.max}} for {{.Max}},
// which would print nothing), a placeholder of the source left out, a
// blank text, a template that does not parse. Flaws names such a flaw,
// IsTranslated is true only without one, and the catalog serves the
// fallback for that message alone, listing it in Catalog.Flaws, while the
// rest of its bundle is served. The tools (lint, merge, coverage, the
// status page) ask the same two functions, so that what they count as
// translated is what users get.
//
// # Resolving
//
// Resolution is two steps: match the caller's preferences once, then
// localize any number of codes:
//
//	loc := c.Localizer(r.URL.Query().Get("lang"), r.Header.Get("Accept-Language"))
//	res, err := loc.Localize(2004, catalog.Params{})
//	// res.Text, res.Locale ("zh-Hant"), res.Fallback
//
// Each preference value is a tag or an Accept-Language list (join repeated
// header lines with AcceptLanguage); the values become one ordered chain of
// shipped locales, each range matched on its own by x/text's matcher (zh-TW
// gets zh-Hant, pt-PT gets pt-BR). A range x/text cannot parse or match is
// truncated as RFC 4647 lookup does, and a range with q=0 excludes the
// locales it names by RFC 4647 filtering (docs/REFERENCES.md lists the rules
// and their sources). A code missing from one locale falls back to the next
// preference, then to the source; so does a translation set aside for a
// flaw. A known code always
// gets text; Localize fails only for a code the catalog lacks
// (ErrUnknownCode). Chains are cached per preference value, so localizing a
// plain message for a header seen before allocates nothing.
//
// Templated messages read Params.Data ({{.Max}}); Params.Count selects the
// CLDR plural form in the language that supplies the text.
//
// # Templates
//
// A message may be a template, as in go-i18n, in a safe subset of
// text/template: fields ({{.Max}}, {{.User.Name}}), the plural count
// ({{.PluralCount}}) and conditions on a field ({{if .Admin}}…{{else}}…
// {{end}}, with else if), with comments and trim markers. Nothing loops,
// defines, calls or recurses: range, with, define, template, block,
// variables, functions (printf, len, index, …), pipelines, constants and
// {{.}} are refused when the bundle is loaded (rule template-unsafe, at
// the message's text), so a translator's file can never make a request
// run long or answer megabytes. A rendered text is at most MaxText bytes;
// a longer one is cut, with ErrTextTooLong.
//
// Values print as go-i18n prints them (as fmt.Print does, through pointers,
// with String and Error methods); {{.PluralCount}} is Params.Count unless
// the data has a PluralCount of its own.
//
// # Missing template data
//
// One rule, in every path (Localize with no data, partial data or a count
// only, the server's GET /v1/errors/{code}, which has no data, errcat
// resolve, the status page's envelopes): a field without a value (no such
// key or field, a nil value, a nil pointer on the way) renders as nothing,
// and the rest of the message as written. The user reads "at most
// characters" rather than go-i18n's "at most <no value> characters" or the
// template's own source; the caller gets the text and an error wrapping a
// *MissingDataError that names the fields, for its logs. A condition on a
// missing field is false and no error: {{if .X}} asks whether X is there.
//
// # Traps
//
//   - Report res.Locale as Content-Language, not the caller's first
//     preference: with per-message fallback they differ.
//   - A Catalog never changes. To reload, load a new one and swap a pointer
//     (package server does); a Localizer belongs to the catalog that made it.
//   - A rendering error (data the template could not use) comes with the
//     best text available: show res.Text and log the error.
//
// The translator's tools live in the subpackages coverage, lint and
// workfile; this package never imports them.
package catalog
