package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/errcat/errcat/catalog"
)

func init() {
	register(command{
		name:    "resolve",
		summary: "show the text a caller's languages get for a code",
		run:     runResolve,
	})
}

const resolveAbout = `Resolve prints the text of an error code as a caller with the given
languages gets it, the locale it came from, and the chain of locales the
languages ask for, in the order they are tried; the source comes last, as
the fallback of last resort. It is for debugging an Accept-Language header:

	errcat resolve --lang 'zh-TW,zh;q=0.9' 2004

It exits 1 for a code the catalog does not have.`

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
	n, err := strconv.Atoi(ops[0])
	if err != nil {
		_, code, _ := f.usageError("%q is not an error code", ops[0])
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
	var cnt any
	if *count != "" {
		cnt = *count
		if fields != nil {
			if _, set := fields["PluralCount"]; !set {
				fields["PluralCount"] = *count
			}
		}
	}
	c, ok := f.load()
	if !ok {
		return exitUsage
	}

	var tplData any
	if fields != nil {
		tplData = fields
	}
	res, err := c.Localize(n, *lang, *accept, tplData, cnt)
	if errors.Is(err, catalog.ErrUnknownCode) {
		fmt.Fprintf(e.stderr, "errcat resolve: %v\n", err)
		return exitProblems
	}
	chain := resolveChain(c, *lang, *accept)
	if f.format == "json" {
		writeJSON(e.stdout, struct {
			Code     int      `json:"code"`
			Text     string   `json:"text"`
			Locale   string   `json:"locale"`
			Fallback string   `json:"fallback"`
			Chain    []string `json:"chain"`
		}{n, res.Text, res.Locale, res.Fallback.String(), chain})
	} else {
		fmt.Fprintln(e.stdout, res.Text)
		fmt.Fprintf(e.stdout, "locale: %s (%s)\n", res.Locale, res.Fallback)
		fmt.Fprintf(e.stdout, "chain: %s\n", strings.Join(chain, ", "))
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "errcat resolve: %v\n", err)
		return exitProblems
	}
	return exitOK
}

// resolveChain lists the locales resolution tries for lang and then accept,
// each once, ending with the source.
func resolveChain(c *catalog.Catalog, lang, accept string) []string {
	var chain []string
	seen := map[int]bool{}
	for _, prefs := range []string{lang, accept} {
		for _, l := range c.Chain(prefs) {
			if !seen[l] {
				seen[l] = true
				chain = append(chain, c.Locales()[l].ID)
			}
		}
	}
	if !seen[0] {
		chain = append(chain, c.Source().ID)
	}
	return chain
}
