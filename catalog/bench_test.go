package catalog

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/errcat/errcat/locales"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// The benchmarks put errcat's resolver beside go-i18n's NewLocalizer +
// Localize on the same bundles, codes and headers, in one run:
//
//	go test -run '^$' -bench . -benchmem -count 6 ./catalog | tee new.txt
//	benchstat new.txt
//
// BENCHMARKS.md records the figures.

// goi18nBundle loads the files of fsys into a go-i18n bundle, as a service
// using go-i18n directly would.
func goi18nBundle(b *testing.B, fsys fs.FS) *i18n.Bundle {
	b.Helper()
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	names, err := fs.Glob(fsys, "*.toml")
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range names {
		if !IsBundleName(name) {
			continue // the facts file is errcat's, not a go-i18n message file
		}
		if _, err := bundle.LoadMessageFileFS(fsys, name); err != nil {
			b.Fatal(err)
		}
	}
	return bundle
}

func headers() []string {
	hs := make([]string, len(browserHeaders))
	for i, h := range browserHeaders {
		hs[i] = h.header
	}
	return hs
}

func BenchmarkResolvePlain(b *testing.B) {
	hs := headers()
	c, err := Load(locales.FS, "locales")
	if err != nil {
		b.Fatal(err)
	}
	codes := c.Codes()
	ids := make([]string, len(codes))
	for i, code := range codes {
		ids[i] = fmt.Sprint(code)
	}
	b.Run("impl=errcat", func(b *testing.B) {
		i := 0
		for b.Loop() {
			res, err := c.Localizer(hs[i%len(hs)]).Localize(codes[i%len(codes)], Params{})
			if err != nil || res.Text == "" {
				b.Fatal(res, err)
			}
			i++
		}
	})
	b.Run("impl=go-i18n", func(b *testing.B) {
		bundle := goi18nBundle(b, locales.FS)
		i := 0
		for b.Loop() {
			loc := i18n.NewLocalizer(bundle, hs[i%len(hs)])
			text, err := loc.Localize(&i18n.LocalizeConfig{MessageID: ids[i%len(ids)]})
			if err != nil || text == "" {
				b.Fatal(text, err)
			}
			i++
		}
	})
	// The floor: what resolution would cost if it were only a map lookup of
	// the header and a slice index, with nothing to parse or match.
	b.Run("impl=map-floor", func(b *testing.B) {
		chains := map[string]int{}
		for i, h := range hs {
			chains[h] = i % len(c.text)
		}
		i := 0
		for b.Loop() {
			l := chains[hs[i%len(hs)]]
			if c.text[l][i%len(codes)].m == nil {
				b.Fatal("nil")
			}
			i++
		}
	})
}

func BenchmarkResolveTemplated(b *testing.B) {
	hs := headers()
	c, err := Load(os.DirFS("../testdata/templated"), "templated")
	if err != nil {
		b.Fatal(err)
	}
	data := map[string]any{"Max": 140}
	b.Run("impl=errcat", func(b *testing.B) {
		i := 0
		for b.Loop() {
			res, err := c.Localizer(hs[i%len(hs)]).Localize(4001, Params{Data: data})
			if err != nil || !strings.Contains(res.Text, "140") {
				b.Fatal(res, err)
			}
			i++
		}
	})
	b.Run("impl=go-i18n", func(b *testing.B) {
		bundle := goi18nBundle(b, os.DirFS("../testdata/templated"))
		i := 0
		for b.Loop() {
			loc := i18n.NewLocalizer(bundle, hs[i%len(hs)])
			text, err := loc.Localize(&i18n.LocalizeConfig{MessageID: "4001", TemplateData: data})
			if !fellBack(err) || !strings.Contains(text, "140") {
				b.Fatal(text, err)
			}
			i++
		}
	})
}

func BenchmarkResolvePlural(b *testing.B) {
	hs := headers()
	c, err := Load(os.DirFS("../testdata/templated"), "templated")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("impl=errcat", func(b *testing.B) {
		i := 0
		for b.Loop() {
			if _, err := c.Localizer(hs[i%len(hs)]).Localize(4002, Params{Count: i % 30}); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("impl=go-i18n", func(b *testing.B) {
		bundle := goi18nBundle(b, os.DirFS("../testdata/templated"))
		i := 0
		for b.Loop() {
			loc := i18n.NewLocalizer(bundle, hs[i%len(hs)])
			if text, err := loc.Localize(&i18n.LocalizeConfig{MessageID: "4002", PluralCount: i % 30}); !fellBack(err) || text == "" {
				b.Fatal(err)
			}
			i++
		}
	})
}

// BenchmarkResolveUnseenHeader measures headers the cache has not seen:
// every iteration uses a different value, 16 times more values than the
// cache holds, so each is a miss, and the cost must stay flat as the stream
// goes on (the cache is bounded: it neither grows nor slows). Two streams:
// new combinations of common ranges and q-values, as real new visitors
// send; and ranges never seen before either ("en-US-x-1234" with a unique
// private part), as a client defeating the cache on purpose sends.
func BenchmarkResolveUnseenHeader(b *testing.B) {
	c, err := Load(locales.FS, "locales")
	if err != nil {
		b.Fatal(err)
	}
	bases := headers()
	const n = 1 << 16
	streams := map[string][]string{}
	for i := range n {
		base := bases[i%len(bases)]
		streams["new-combination"] = append(streams["new-combination"],
			fmt.Sprintf("%s,%s;q=0.%03d", base, bases[(i/len(bases))%len(bases)], i%997+1))
		streams["unique-ranges"] = append(streams["unique-ranges"],
			fmt.Sprintf("en-US-x-%d,%s;q=0.5", i, base))
	}
	for _, kind := range []string{"new-combination", "unique-ranges"} {
		unique := streams[kind]
		b.Run("kind="+kind+"/impl=errcat", func(b *testing.B) {
			i := 0
			for b.Loop() {
				if _, err := c.Localizer(unique[i%n]).Localize(2004, Params{}); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(c.prefs.size()), "cached-headers")
		})
		b.Run("kind="+kind+"/impl=go-i18n", func(b *testing.B) {
			bundle := goi18nBundle(b, locales.FS)
			i := 0
			for b.Loop() {
				loc := i18n.NewLocalizer(bundle, unique[i%n])
				if _, err := loc.Localize(&i18n.LocalizeConfig{MessageID: "2004"}); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkResolveParallel is the server's case: every core resolving at
// once through the shared cache.
func BenchmarkResolveParallel(b *testing.B) {
	hs := headers()
	c, err := Load(locales.FS, "locales")
	if err != nil {
		b.Fatal(err)
	}
	codes := c.Codes()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if _, err := c.Localizer(hs[i%len(hs)]).Localize(codes[i%len(codes)], Params{}); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

func BenchmarkLoadEmbedded(b *testing.B) {
	for b.Loop() {
		if _, err := Load(locales.FS, "locales"); err != nil {
			b.Fatal(err)
		}
	}
}

// fellBack accepts go-i18n's way of falling back: for a message missing
// from the matched language it returns the default language's text
// together with a *MessageNotFoundErr.
func fellBack(err error) bool {
	var nf *i18n.MessageNotFoundErr
	return err == nil || errors.As(err, &nf)
}
