// Package locales embeds errcat's shipped message bundles, so that a binary
// needs no file beside it. The bundles are go-i18n TOML message files, one
// per locale, named by BCP 47 tag; en.toml is the source.
package locales

import "embed"

// FS holds the bundles, at its root: FS.Open("ja.toml").
//
//go:embed *.toml
var FS embed.FS
