// Package catalog loads, checks and resolves errcat's message catalog.
//
// A catalog is a folder of go-i18n TOML message files, one per locale, named
// by its BCP 47 tag (en.toml, zh-Hant.toml). Each message is a table named by
// its numeric error code:
//
//	["2004"]
//	hash = "sha1-…"
//	other = "ユーザーが存在しません。"
//
// The source bundle (English) defines which codes exist. Every other bundle
// translates some or all of them.
//
// Loading reads and checks every bundle at once and either returns a whole
// Catalog or a *LoadError listing every problem with its file and line. A
// Catalog never changes after loading; to reload, load a new one and swap the
// pointer (see errcat serve).
//
// Resolution picks the text for one code and one caller. The caller's
// preferences (an explicit choice such as ?lang=, then an Accept-Language
// header) become an ordered chain of shipped locales, each range matched on
// its own by x/text's matcher; the first locale in the chain that has the
// code supplies the text, and the source is the last resort, so a known code
// always gets text. Chains are cached per header value, so resolving a plain
// message for a header seen before costs two map lookups and no allocation.
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
package catalog
