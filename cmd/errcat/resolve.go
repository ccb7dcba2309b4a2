package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/errcat/errcat/catalog"
	"github.com/errcat/errcat/catalog/diag"
)

const resolveAbout = `Resolve prints the text of an error code as a caller with the given
languages gets it, the locale it came from, and the chain of locales the
languages ask for, in the order they are tried; the source comes last, as
the fallback of last resort. It is for debugging an Accept-Language header:

	errcat resolve --lang 'zh-TW,zh;q=0.9' 2004

A code the catalog does not have gets what a caller would get for it, by
the rule for every error outside the catalog: the text of the catalog's
fallback code (codes.toml), or without one "An internal error occurred".
It exits 1 for such a code.

A template field without --data renders as nothing, as it would for a caller
that gives no data; resolve then says which fields had none, and exits 1. It
also exits 1 for a code the catalog does not have.`

func runResolve(_ context.Context, e *env, args []string) int {
	f := newCatalogFlags(e, "resolve", "[--locales DIR] [--lang LANGS] [--accept HEADER] [--count N] [--data KEY=VALUE]... CODE", resolveAbout, "text", "json")
	lang := f.set.String("lang", "", "the caller's explicitly chosen `LANGS`, such as a ?lang= value, tried before --accept; q-values allowed")
	accept := f.set.String("accept", "", "an Accept-Language `HEADER` value, tried after --lang")
	count := f.set.String("count", "", "a number `N` that selects the plural form, also given to the template as .PluralCount")
	var data stringList
	f.set.Var(&data, "data", "a template field `KEY=VALUE`, such as Max=5; repeat it for several")
	ops, code, ok := f.parse(args)
	if !ok {
		return code
	}
	if len(ops) != 1 {
		_, code, _ := f.usageError("want one error code, such as 2004")
		return code
	}
	// The service's rule: a decimal number without a sign or leading
	// zeros, so that each code has one spelling.
	n, isCode := catalog.ParseCode(ops[0])
	if !isCode {
		_, code, _ := f.usageError("%q is not an error code (a decimal number without leading zeros, such as 2004)", ops[0])
		return code
	}
	var fields map[string]any
	for _, kv := range data {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			_, code, _ := f.usageError("--data %q is not KEY=VALUE", kv)
			return code
		}
		if fields == nil {
			fields = map[string]any{}
		}
		fields[k] = v
	}
	// The count is also {{.PluralCount}}, with --data or without: the
	// catalog's rule.
	var cnt any
	if *count != "" {
		cnt = *count
	}
	c, ok := f.load()
	if !ok {
		return exitUsage
	}

	var tplData any
	if fields != nil {
		tplData = fields
	}
	loc := c.Localizer(*lang, *accept)
	res, err := loc.Answer(n, catalog.Params{Data: tplData, Count: cnt})
	var chain []string
	for _, l := range loc.Chain() {
		chain = append(chain, c.Locales()[l].ID)
	}
	fallback := res.Fallback.String()
	var requested *int
	if res.Unknown {
		fallback, requested = "unknown-code", &n
	}
	if f.format == "json" {
		diag.WriteJSON(e.stdout, struct {
			Code      int      `json:"code"`
			Requested *int     `json:"requested,omitempty"` // the code asked for, when it is not in the catalog
			Text      string   `json:"text"`
			Locale    string   `json:"locale"`
			Fallback  string   `json:"fallback"`
			Chain     []string `json:"chain"`
		}{res.Code, requested, res.Text, res.Locale, fallback, chain})
	} else {
		fmt.Fprintln(e.stdout, res.Text)
		fmt.Fprintf(e.stdout, "locale: %s (%s)\n", res.Locale, fallback)
		fmt.Fprintf(e.stdout, "chain: %s\n", strings.Join(chain, ", "))
	}
	// A locale of the chain whose translation of the code is set aside
	// (it would render wrong) is why the answer fell back: say so.
	for _, l := range loc.Chain() {
		for _, d := range c.Flaws() {
			if d.File == c.Locales()[l].File && d.ID == strconv.Itoa(n) {
				fmt.Fprintf(e.stderr, "%s (not served: the answer falls back past locale %s)\n", d, c.Locales()[l].ID)
			}
		}
	}
	if res.Unknown {
		answered := "the built-in text, for a catalog without a fallback code"
		if fb, ok := c.Fallback(); ok {
			answered = fmt.Sprintf("the catalog's fallback code %d", fb)
		}
		fmt.Fprintf(e.stderr, "errcat resolve: %v %d: callers get %s\n", catalog.ErrUnknownCode, n, answered)
		return exitProblems
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "errcat resolve: %v\n", err)
		return exitProblems
	}
	return exitOK
}
