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
// The source bundle defines which codes exist. Every other bundle
// translates some or all of them. Beside the bundles, a facts file
// (FactsFile, codes.toml) says what is the same in every language: which
// locale is the source (English unless it says otherwise), each code's Go
// name and HTTP status (Catalog.Fact), and the code that answers an error
// outside the catalog (Catalog.Fallback, Localizer.Unknown).
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
package catalog
